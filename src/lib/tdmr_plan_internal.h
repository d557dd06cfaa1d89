/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the TDMR/PAMT planner: what its phases share.  tdmr_plan.h stays
 * the API; nothing outside src/lib/tdmr_plan*.c includes this.
 *
 *   tdmr_plan.c          input, the driver (tdmr_plan_build()): policy levels,
 *                        PAMT room, failure reasons
 *   tdmr_plan_search.c   PAMT sizes, the layout search with the TDMR count free,
 *                        the fewest-TDMR passes, and the trace of the chosen layout
 *   tdmr_plan_bounded.c  the count-limited search (band DP, Lagrangian bounds)
 *   tdmr_plan_chunks.c   homes, PAMT chunks, placement (tdmr_plan_place_pamts())
 *   tdmr_plan_run.c      where chunks go (one walk for every host), the idle-host
 *                        model phase 1 checks room with, and tdmr_plan_run()
 *   tdmr_plan_validate.c the TDH.SYS.CONFIG rules (tdmr_plan_validate())
 *   tdmr_plan_info.c     the tdmr_info encoding (tdmr_plan_to_tdmr_info())
 */
#ifndef TDX_LIB_TDMR_PLAN_INTERNAL_H
#define TDX_LIB_TDMR_PLAN_INTERNAL_H

#include "tdmr_plan.h"
#include "tdx_strbuf.h"

#define PLAN_INF_COST	(~0ULL)
#define PLAN_INF_CNT	0xffffU
#define BACK_CARRY	0x8000U		/* state reached by skipping a memory-free gap */
#define BACK_HIN	0x4000U		/* the TDMR started in the "homed" state */
#define BACK_IDX	0x3fffU
#define BACK_NONE	0xffffU
#define BAND_NONE	0xffffffffU

/* Address bits of one PAMT entry's page, by level: 12, 21, 30. */
extern const unsigned int tdmr_pamt_shift[TDX_PS_NR];

/* plan->why as a string builder over why_buf; tdx_strbuf_finish() before returning. */
static inline void why_begin(struct tdmr_plan *p, struct tdx_strbuf *sb)
{
	tdx_strbuf_init(sb, p->why_buf, sizeof(p->why_buf));
	p->why = p->why_buf;
}

static inline u32 plan_max_tdmrs(const struct tdmr_plan *p)
{
	return p->lim.max_tdmrs < TDMR_PLAN_MAX_TDMRS ? p->lim.max_tdmrs : TDMR_PLAN_MAX_TDMRS;
}

static inline u32 plan_max_rsvd(const struct tdmr_plan *p)
{
	return p->lim.max_rsvd_per_tdmr < TDMR_PLAN_MAX_RSVD ?
		p->lim.max_rsvd_per_tdmr : TDMR_PLAN_MAX_RSVD;
}

/* No memory in [cand[a], cand[b]) (a < b). */
static inline bool cand_gap_free(const struct tdmr_plan_work *w, u32 a, u32 b)
{
	return (s32)w->first_rng[a] > w->last_rng[b];
}

/*
 * What every TDMR ending at boundary cand[j] shares.  Both searches walk
 * these TDMRs in their inner loops, hence the inline helpers below.
 */
struct step_end {
	u32 j;
	s32 last;		/* last range starting below cand[j] */
	u32 gl;			/* its group */
	u32 dl;			/* and that group's demand */
	u32 holes_top;		/* holes between ranges 0..last, plus one above last */
	u32 sum_gl;		/* demand of the groups below gl */
	u32 max_rsvd;
	u32 ncap_top;		/* groups up to gl asking for room, if any does, else 0 */
	bool sout;		/* a group straddles cand[j] */
};

/* Which homed states a TDMR fits in: bit 2 * hin + hout. */
#define FIT(hin, hout)	(1U << (2 * (hin) + (hout)))

static inline void step_end_init(const struct tdmr_plan *p, u32 j, struct step_end *e)
{
	const struct tdmr_plan_work *w = &p->work;

	memset(e, 0, sizeof(*e));
	e->j = j;
	e->last = w->last_rng[j];
	e->max_rsvd = plan_max_rsvd(p);
	e->sout = w->straddler[j] >= 0;
	if (e->last < 0)
		return;		/* no memory below: no TDMR ends here */
	e->gl = w->rng_grp[e->last];
	e->dl = w->grp_demand[e->gl];
	e->holes_top = w->gap_before[e->last] + (p->mem[e->last].end < w->cand[j]);
	e->sum_gl = w->grp_demand_sum[e->gl];
	e->ncap_top = w->room_on ? w->grp_ncap[e->gl + 1] : 0;
}

/* step_fit(): no start at or below this one fits. */
#define STEP_STOP	0x100U

/*
 * The homed states TDMR [cand[k], cand[e->j]) fits in: bit 2 * hin + hout,
 * 0 if none or if no memory lies in it, or STEP_STOP once holes plus the
 * groups that must be homed inside exceed the limit: that only grows as the
 * start moves down (and as the end moves up).
 */
/* Length of range r inside [lo, hi), page 0 left out (a chunk base of 0 means unset). */
static inline u64 piece_len(const struct tdmr_plan *p, u32 r, u64 lo, u64 hi)
{
	u64 s = p->mem[r].start, e = p->mem[r].end;

	if (s < lo)
		s = lo;
	if (s < SZ_4K)
		s = SZ_4K;
	if (e > hi)
		e = hi;
	return e > s ? e - s : 0;
}

/* step_fit() once some home needs room for its chunk (tdmr_plan_search.c). */
u32 tdmr_plan_fit_room(const struct tdmr_plan *p, const struct step_end *e, u32 k, u32 need);

static inline u32 step_fit(const struct tdmr_plan *p, const struct step_end *e, u32 k)
{
	const struct tdmr_plan_work *w = &p->work;
	u32 gf, df, need, d0, d1, fits = 0;
	bool sin;

	if ((s32)w->first_rng[k] > e->last)
		return 0;
	gf = w->first_grp[k];
	need = e->holes_top - w->holes_below[k];
	if (e->gl > gf + 1)
		need += e->sum_gl - w->grp_demand_sum[gf + 1];
	if (need > e->max_rsvd)
		return STEP_STOP;
	/*
	 * Room matters only for a TDMR holding a group that asks for it; for
	 * the others tdmr_plan_fit_room() gives what the lines below give.
	 */
	if (e->ncap_top != w->grp_ncap[gf])
		return tdmr_plan_fit_room(p, e, k, need);
	df = w->grp_demand[gf];
	sin = w->straddler[k] >= 0;
	if (gf == e->gl) {
		/* One group: homed here unless homed below or above. */
		if (need + (e->sout ? 0 : df) <= e->max_rsvd)
			fits |= FIT(0, 0);
		if (e->sout && need + df <= e->max_rsvd)
			fits |= FIT(0, 1);
		if (sin)	/* homed below stays homed above */
			fits |= e->sout ? FIT(1, 1) : FIT(1, 0);
	} else {
		d0 = need + (e->sout ? 0 : e->dl);	/* top group homed here or above */
		d1 = need + e->dl;
		if (d0 + df <= e->max_rsvd)
			fits |= FIT(0, 0);
		if (e->sout && d1 + df <= e->max_rsvd)
			fits |= FIT(0, 1);
		if (sin && d0 <= e->max_rsvd)
			fits |= FIT(1, 0);
		if (sin && e->sout && d1 <= e->max_rsvd)
			fits |= FIT(1, 1);
	}
	return fits;
}

/*
 * Walk the TDMRs that end at cand[e->j], latest start first; *i must start
 * at j.  Returns the homed states the next fitting TDMR [cand[*i], cand[j])
 * fits in, or 0 once no lower start can fit.  Starts with no memory up to
 * cand[j] are skipped, never worth a TDMR.
 */
static inline u32 step_next(const struct tdmr_plan *p, const struct step_end *e, u32 *i)
{
	while (*i > 0) {
		u32 fits = step_fit(p, e, --*i);

		if (fits == STEP_STOP)
			break;
		if (fits)
			return fits;
		/* Fits in no homed state, but a lower start may: keep walking. */
	}
	*i = 0;
	return 0;
}

/* Band entry of (j, h) with exactly t TDMRs, or -1. */
static inline s32 band_idx(const struct tdmr_plan *p, u32 j, int h, u32 t)
{
	const struct tdmr_plan_work *w = &p->work;

	if (w->band_off[j][h] == BAND_NONE || t < w->band_lo[j][h] || t > w->band_hi[j][h])
		return -1;
	return (s32)(w->band_off[j][h] + t - w->band_lo[j][h]);
}

/* tdmr_plan_search.c */
void tdmr_plan_prepare(struct tdmr_plan *p);
void tdmr_plan_set_groups(struct tdmr_plan *p, u32 shift);
void tdmr_plan_set_demand_sums(struct tdmr_plan_work *w);
void tdmr_plan_pages_below(struct tdmr_plan *p);
u64 tdmr_plan_least_pamt(const struct tdmr_plan *p);
void tdmr_plan_forward(struct tdmr_plan *p);
void tdmr_plan_min_counts(struct tdmr_plan *p);
void tdmr_plan_suffix_count(struct tdmr_plan *p);
u32 tdmr_plan_trace(struct tdmr_plan *p, u32 t_bounded);

/* tdmr_plan_bounded.c */
int tdmr_plan_band_layout(struct tdmr_plan *p);
u32 tdmr_plan_bounded_tries(struct tdmr_plan *p, u64 target);

/* tdmr_plan_chunks.c */
u32 tdmr_fill_holes(const struct tdmr_plan *p, struct tdmr_plan_tdmr *td);
void tdmr_plan_assign_homes(struct tdmr_plan *p, u32 nr);
void tdmr_plan_rehome(struct tdmr_plan *p);
int tdmr_plan_pack_chunks(struct tdmr_plan *p);
u32 tdmr_plan_range_at(const struct tdmr_plan *p, u64 addr);
void tdmr_plan_set_pamt_nids(struct tdmr_plan *p, bool placed);

/* tdmr_plan_run.c */
int tdmr_plan_room(struct tdmr_plan *p);

#endif /* TDX_LIB_TDMR_PLAN_INTERNAL_H */
