// SPDX-License-Identifier: GPL-2.0
/*
 * TDMR/PAMT planner.  See tdmr_plan.h for the model; the short version:
 *
 * A plan is a list of 1 GiB aligned TDMRs covering every TDX memory byte.
 * A TDMR [a, b) costs PAMT memory that depends only on b - a, and needs one
 * reserved area per memory hole inside it plus one slot per PAMT chunk homed
 * in it.  Every node run ("group") is homed in exactly one TDMR that holds
 * some of its memory.
 *
 * The search is a shortest-path DP over candidate boundaries (range starts
 * and ends rounded to 1 GiB, and the first and last 1 GiB boundary inside
 * each range).  State: boundary index j and whether the group straddling
 * that boundary is already homed (h).  A value means "all memory below
 * cand[j] is covered by TDMRs that end at or before cand[j]"; moving to
 * j + 1 without a TDMR is allowed when no memory lies in between.  Each
 * TDMR may hold at most max_rsvd holes, so only a short window of starts is
 * tried for each end.  With the TDMR count free, one pass finds the cheapest
 * plan (fewest TDMRs among the cheapest); it stops walking starts once a
 * lower bound (PAMT per GiB times the GiB that must be covered) shows no
 * earlier start can tie.  Only if that plan needs more TDMRs than the module
 * allows are the fewest TDMRs per prefix computed and the count added as a
 * DP dimension, pruned to a narrow band by the fewest TDMRs a prefix needs
 * and a lower bound for the rest; entries a smaller count matches are dropped.
 * Every pruning step only discards what cannot win or tie, so the plan is the
 * one the exhaustive search picks.
 *
 * The count-limited pass is the costly one, so it gets bounds first: the
 * TDMRs are cached, a few Lagrangian passes (a price per TDMR instead of a
 * limit) give a lower bound on the PAMT of the rest of a plan from every
 * state plus a plan within the limit, and band entries and TDMRs that
 * cannot be part of a plan within an upper bound are skipped.  The upper
 * bound starts just above the Lagrangian lower bound and is raised to the
 * known plan's PAMT only if no plan is found below it.  The fewest-TDMR
 * passes walk sliding windows of starts with a deque of window minima, so
 * they stop as soon as no start left can do better.
 */
#include "tdmr_plan.h"
#include "tdx_strbuf.h"

#define PLAN_INF_COST	(~0ULL)
#define PLAN_INF_CNT	0xffffU
#define BACK_CARRY	0x8000U		/* state reached by skipping a memory-free gap */
#define BACK_HIN	0x4000U		/* the TDMR started in the "homed" state */
#define BACK_IDX	0x3fffU
#define BACK_NONE	0xffffU
#define BAND_NONE	0xffffffffU
#define PLAN_MAX_ROUNDS	6
#define PLAN_MAX_HULL_STEPS	16
#define PAIR_FIT_BITS	4		/* cached pair: start << 4 | homed states */
#define PAIR_FIT_MASK	0xfU
#define LAG_CNT_BITS	12		/* TDMR count in relaxed values (< 4096 boundaries) */
#define LAG_CNT_MASK	0xfffU

static const unsigned int pamt_shift[TDX_PS_NR] = { 12, 21, 30 };
static const char * const pamt_level_name[TDX_PS_NR] = { "4K", "2M", "1G" };

/* ---- why strings: plan->why over why_buf; tdx_strbuf_finish() before returning */

static void why_begin(struct tdmr_plan *p, struct tdx_strbuf *sb)
{
	tdx_strbuf_init(sb, p->why_buf, sizeof(p->why_buf));
	p->why = p->why_buf;
}

static void why_kib(struct tdx_strbuf *sb, u64 bytes)
{
	tdx_strbuf_dec(sb, bytes >> 10);
	tdx_strbuf_puts(sb, " KiB");
}

/* ---- PAMT sizes */

u64 tdmr_pamt_size(u64 tdmr_size, enum tdx_page_size ps, u16 entry_size)
{
	if ((unsigned int)ps >= TDX_PS_NR)
		return 0;
	return ALIGN((tdmr_size >> pamt_shift[ps]) * entry_size, SZ_4K);
}

u64 tdmr_pamt_total(u64 tdmr_size, const struct tdmr_plan_limits *lim)
{
	u64 sum = 0;
	int ps;

	for (ps = 0; ps < TDX_PS_NR; ps++)
		sum += tdmr_pamt_size(tdmr_size, ps, lim->pamt_entry_size[ps]);
	return sum;
}

/* ---- small helpers */

static u32 plan_max_tdmrs(const struct tdmr_plan *p)
{
	return p->lim.max_tdmrs < TDMR_PLAN_MAX_TDMRS ? p->lim.max_tdmrs : TDMR_PLAN_MAX_TDMRS;
}

static u32 plan_max_rsvd(const struct tdmr_plan *p)
{
	return p->lim.max_rsvd_per_tdmr < TDMR_PLAN_MAX_RSVD ?
		p->lim.max_rsvd_per_tdmr : TDMR_PLAN_MAX_RSVD;
}

/* Index of the first range that ends above addr (nr_mem if none). */
static u32 first_range_above(const struct tdmr_plan *p, u64 addr)
{
	u32 lo = 0, hi = p->nr_mem;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (p->mem[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ---- input */

static int plan_take_input(struct tdmr_plan *p, const struct tdx_mem_range *mem,
			   unsigned int nr_mem,
			   const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs,
			   const struct tdmr_plan_limits *lim, const struct tdmr_plan_opts *opts)
{
	struct tdx_strbuf sb;
	unsigned int i;
	int ps;

	p->lim = *lim;
	if (opts)
		p->opts = *opts;
	if (!lim->max_tdmrs) {
		p->why = "the module allows no TDMRs";
		return -EINVAL;
	}
	for (ps = 0; ps < TDX_PS_NR; ps++) {
		if (!lim->pamt_entry_size[ps]) {
			p->why = "PAMT entry size is zero";
			return -EINVAL;
		}
	}
	if (!nr_mem || !mem) {
		p->why = "no TDX memory";
		return -EINVAL;
	}
	if (nr_mem > TDMR_PLAN_MAX_MEM) {
		p->why = "too many memory ranges for the planner";
		return -EINVAL;
	}
	if (nr_cmrs > TDX_MAX_CMRS) {
		p->why = "too many CMRs";
		return -EINVAL;
	}
	for (i = 0; i < nr_cmrs; i++)
		p->cmrs[i] = cmrs[i];
	p->nr_cmrs = nr_cmrs;

	p->nr_mem = 0;
	for (i = 0; i < nr_mem; i++) {
		const struct tdx_mem_range *r = &mem[i];
		struct tdx_mem_range *last = p->nr_mem ? &p->mem[p->nr_mem - 1] : NULL;

		if (r->start >= r->end || !IS_ALIGNED(r->start, SZ_4K) ||
		    !IS_ALIGNED(r->end, SZ_4K) || r->nid < 0 || r->end > (1ULL << 52)) {
			why_begin(p, &sb);
			tdx_strbuf_puts(&sb, "bad memory range at ");
			tdx_strbuf_hex(&sb, r->start, 0);
			tdx_strbuf_finish(&sb);
			return -EINVAL;
		}
		if (last && r->start < last->end) {
			why_begin(p, &sb);
			tdx_strbuf_puts(&sb, "memory ranges unsorted or overlapping at ");
			tdx_strbuf_hex(&sb, r->start, 0);
			tdx_strbuf_finish(&sb);
			return -EINVAL;
		}
		/* Touching ranges of one node are one range to TDX. */
		if (last && r->start == last->end && r->nid == last->nid) {
			last->end = r->end;
			continue;
		}
		p->mem[p->nr_mem++] = *r;
	}
	return 0;
}

/* Node runs, hole prefix counts and candidate boundaries. */
static void plan_prepare(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 n = p->nr_mem, k, m = 0, j, g = 0;

	for (k = 0; k < n; k++) {
		if (k && p->mem[k].nid != p->mem[k - 1].nid)
			g++;
		if (!k || p->mem[k].nid != p->mem[k - 1].nid)
			w->grp_first[g] = k;
		w->grp_last[g] = k;
		w->rng_grp[k] = g;
		w->gap_before[k] = k ? w->gap_before[k - 1] +
				       (p->mem[k - 1].end < p->mem[k].start) : 0;
	}
	w->nr_grp = g + 1;

	for (k = 0; k < n; k++) {
		u64 s = p->mem[k].start, e = p->mem[k].end;
		u64 lo = (s & ~(SZ_1G - 1)) + SZ_1G;	/* first boundary inside */
		u64 hi = ALIGN(e, SZ_1G) - SZ_1G;	/* last boundary inside */
		u64 vals[4];
		u32 nv = 0, v;

		vals[nv++] = s & ~(SZ_1G - 1);
		if (lo < e)
			vals[nv++] = lo;
		if (hi > s && hi != lo)
			vals[nv++] = hi;
		vals[nv++] = ALIGN(e, SZ_1G);
		for (v = 0; v < nv; v++) {
			u64 x = vals[v];
			u32 pos = m;

			/* Nearly sorted already: insertion sort, dropping duplicates. */
			while (pos && w->cand[pos - 1] > x)
				pos--;
			if (pos && w->cand[pos - 1] == x)
				continue;
			memmove(&w->cand[pos + 1], &w->cand[pos], (m - pos) * sizeof(w->cand[0]));
			w->cand[pos] = x;
			m++;
		}
	}
	w->nr_cand = m;

	for (j = 0, k = 0; j < m; j++) {
		u64 c = w->cand[j];
		s32 last;
		u32 first;

		while (k < n && p->mem[k].start < c)
			k++;
		last = (s32)k - 1;
		first = (last >= 0 && p->mem[last].end > c) ? (u32)last : (u32)(last + 1);
		w->first_rng[j] = first;
		w->last_rng[j] = last;
		w->holes_below[j] = 0;
		w->first_grp[j] = 0;
		if (first < n) {
			w->holes_below[j] = w->gap_before[first] - (c < p->mem[first].start);
			w->first_grp[j] = w->rng_grp[first];
		}
		w->straddler[j] = -1;
		if (last >= 0 && first < n &&
		    (first == (u32)last || w->rng_grp[first] == w->rng_grp[last]))
			w->straddler[j] = w->rng_grp[last];
	}
}

static void plan_set_demand_sums(struct tdmr_plan_work *w)
{
	u32 g;

	w->grp_demand_sum[0] = 0;
	for (g = 0; g < w->nr_grp; g++)
		w->grp_demand_sum[g + 1] = w->grp_demand_sum[g] + w->grp_demand[g];
}

/* No memory in [cand[a], cand[b]) (a < b). */
static bool cand_gap_free(const struct tdmr_plan_work *w, u32 a, u32 b)
{
	return (s32)w->first_rng[a] > w->last_rng[b];
}

/* Holes inside [cand[i], cand[j]) given the first and last range in it. */
static u32 span_holes(const struct tdmr_plan *p, u32 i, u32 j, u32 first, u32 last)
{
	const struct tdmr_plan_work *w = &p->work;

	return (w->cand[i] < p->mem[first].start) + (w->gap_before[last] - w->gap_before[first]) +
	       (p->mem[last].end < w->cand[j]);
}

/* What every TDMR ending at boundary cand[j] shares. */
struct step_end {
	u32 j;
	s32 last;		/* last range starting below cand[j] */
	u32 gl;			/* its group */
	u32 dl;			/* and that group's demand */
	u32 holes_top;		/* holes between ranges 0..last, plus one above last */
	u32 sum_gl;		/* demand of the groups below gl */
	u32 max_rsvd;
	bool sout;		/* a group straddles cand[j] */
};

/* Which homed states a TDMR fits in: bit 2 * hin + hout. */
#define FIT(hin, hout)	(1U << (2 * (hin) + (hout)))

static void step_end_init(const struct tdmr_plan *p, u32 j, struct step_end *e)
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
}

/* step_fit(): no start at or below this one fits. */
#define STEP_STOP	0x100U

/*
 * The homed states TDMR [cand[k], cand[e->j]) fits in: bit 2 * hin + hout,
 * 0 if none or if no memory lies in it, or STEP_STOP once holes plus the
 * groups that must be homed inside exceed the limit: that only grows as the
 * start moves down (and as the end moves up).
 */
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
static u32 step_next(const struct tdmr_plan *p, const struct step_end *e, u32 *i)
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

/* PAMT bytes per GiB of TDMR, before the 4K rounding of each level. */
static u64 plan_pamt_per_gib(const struct tdmr_plan *p)
{
	u64 sum = 0;
	int ps;

	for (ps = 0; ps < TDX_PS_NR; ps++)
		sum += (SZ_1G >> pamt_shift[ps]) * p->lim.pamt_entry_size[ps];
	return sum;
}

/*
 * For every candidate, the 1 GiB pages holding memory below it.  TDMRs are
 * 1 GiB aligned and disjoint, so covering that memory takes at least this
 * many GiB of TDMR, and PAMT per GiB times it bounds the prefix cost.
 */
static void plan_pages_below(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 j, k = 0, done = 0;
	u64 counted_end = 0;	/* pages below this are counted in done */

	for (j = 0; j < w->nr_cand; j++) {
		u64 c = w->cand[j], lo, hi;
		u32 part = 0;

		for (; k < p->nr_mem && p->mem[k].end <= c; k++) {
			lo = p->mem[k].start & ~(SZ_1G - 1);
			hi = ALIGN(p->mem[k].end, SZ_1G);
			if (lo < counted_end)
				lo = counted_end;
			if (hi > lo) {
				done += (u32)((hi - lo) >> 30);
				counted_end = hi;
			}
		}
		if (k < p->nr_mem && p->mem[k].start < c) {
			lo = p->mem[k].start & ~(SZ_1G - 1);
			if (lo < counted_end)
				lo = counted_end;
			if (c > lo)
				part = (u32)((c - lo) >> 30);
		}
		w->pages_below[j] = done + part;
	}
}

/*
 * Least PAMT any plan using a TDMR [cand[i'], cand[j]) with i' <= i can
 * cost: the memory below cand[i] and the span [cand[i], cand[j]) are
 * disjoint, and PAMT is at least linear in size.
 */
static u64 step_cost_bound(const struct tdmr_plan_work *w, u64 per_gib, u32 i, u32 j)
{
	return per_gib * (w->pages_below[i] + ((w->cand[j] - w->cand[i]) >> 30));
}

/* Lower bound on the TDMRs needed for the memory above each boundary. */
/* Does [cand[j], cand[k]) hold memory and more holes than a TDMR may have? */
static bool span_too_big(const struct tdmr_plan *p, u32 j, u32 k)
{
	const struct tdmr_plan_work *w = &p->work;
	u32 first = w->first_rng[j], gf, gl, need;
	s32 last = w->last_rng[k];

	if ((s32)first > last)
		return false;
	gf = w->rng_grp[first];
	gl = w->rng_grp[last];
	need = span_holes(p, j, k, first, last);
	if (gl > gf + 1)
		need += w->grp_demand_sum[gl] - w->grp_demand_sum[gf + 1];
	return need > plan_max_rsvd(p);
}

/*
 * The ends that fit a TDMR starting at cand[j] form a window (j, hi] whose
 * high end only moves down with j; ends are walked highest first, and a
 * deque of the window's minima stops the walk once no end left can do
 * better (as in plan_min_counts()).
 */
static void plan_suffix_count(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 m = w->nr_cand, j, k, hi = m - 1, head = 0, tail = 0, q, bound;

	w->suffix_count[m - 1] = 0;
	w->dq[tail++] = m - 1;
	for (j = m - 1; j-- > 0; ) {
		u32 best = cand_gap_free(w, j, j + 1) ? w->suffix_count[j + 1] : PLAN_INF_CNT;

		while (hi > j && span_too_big(p, j, hi))
			hi--;
		while (head < tail && w->dq[head] > hi)
			head++;
		for (k = hi, q = head; k > j; k--) {
			while (q < tail && w->dq[q] > k)
				q++;
			/* Fewest TDMRs after any end <= k; INF + 1 if none. */
			bound = (q < tail ? w->suffix_count[w->dq[q]] : PLAN_INF_CNT) + 1;
			if (best <= bound)
				break;
			if ((s32)w->first_rng[j] > w->last_rng[k])
				continue;
			if (w->suffix_count[k] != PLAN_INF_CNT &&
			    (u32)w->suffix_count[k] + 1 < best)
				best = w->suffix_count[k] + 1;
		}
		w->suffix_count[j] = best;
		while (tail > head && w->suffix_count[w->dq[tail - 1]] >= best)
			tail--;
		w->dq[tail++] = j;
	}
}

static bool lex_better(u64 cost, u32 cnt, u64 best_cost, u32 best_cnt)
{
	return cost < best_cost || (cost == best_cost && cnt < best_cnt);
}

/*
 * One forward pass with the TDMR count free: the cheapest plan for every
 * prefix (fewest TDMRs among the cheapest).  Starts are walked latest
 * first; the walk stops once the cost bound shows that no earlier start can
 * even tie the best found, so the result is the same as walking them all.
 */
static void plan_forward(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u64 per_gib = plan_pamt_per_gib(p);
	u32 j, m = w->nr_cand;
	int h, hin;

	for (j = 0; j < m; j++) {
		struct step_end e;
		u32 i = j, fits;
		u64 step_cost;

		for (h = 0; h < 2; h++) {
			w->cost[j][h] = PLAN_INF_COST;
			w->count[j][h] = PLAN_INF_CNT;
			w->back[j][h] = BACK_NONE;
		}
		if (!j) {
			w->cost[0][0] = 0;
			w->count[0][0] = 0;
			continue;
		}
		step_end_init(p, j, &e);
		while ((fits = step_next(p, &e, &i))) {
			u64 bound = step_cost_bound(w, per_gib, i, j);

			/* (j, 1) exists only where a group straddles cand[j]. */
			if (bound > w->cost[j][0] && (!e.sout || bound > w->cost[j][1]))
				break;
			step_cost = tdmr_pamt_total(w->cand[j] - w->cand[i], &p->lim);
			for (hin = 0; hin < 2; hin++) {
				u64 prev = w->cost[i][hin];
				u32 cnt = w->count[i][hin] + 1;

				if (prev == PLAN_INF_COST)
					continue;
				for (h = 0; h < 2; h++) {
					if (!(fits & FIT(hin, h)) ||
					    !lex_better(prev + step_cost, cnt,
							w->cost[j][h], w->count[j][h]))
						continue;
					w->cost[j][h] = prev + step_cost;
					w->count[j][h] = cnt;
					w->back[j][h] = i | (hin ? BACK_HIN : 0);
				}
			}
		}
		if (!cand_gap_free(w, j - 1, j))
			continue;
		for (h = 0; h < 2; h++) {
			if (w->cost[j - 1][h] != PLAN_INF_COST &&
			    lex_better(w->cost[j - 1][h], w->count[j - 1][h],
				       w->cost[j][h], w->count[j][h])) {
				w->cost[j][h] = w->cost[j - 1][h];
				w->count[j][h] = w->count[j - 1][h];
				w->back[j][h] = BACK_CARRY;
			}
		}
	}
}

/* Fewest TDMRs to reach boundary j in either homed state. */
static u32 min_count_any(const struct tdmr_plan_work *w, u32 j)
{
	return w->min_count[j][0] < w->min_count[j][1] ? w->min_count[j][0] : w->min_count[j][1];
}

/*
 * The fewest TDMRs any plan for each prefix needs.  Only wanted when the
 * cheapest plan has too many TDMRs (or none exists): to explain, or to
 * bound the band of counts the bounded pass keeps.
 *
 * The starts that fit a TDMR ending at cand[j] form a window [lo, j) whose
 * low end only moves up with j.  Starts are walked lowest first (the fewest
 * TDMRs usually sit there), and a deque of the window's suffix minima gives
 * the fewest TDMRs any start not yet walked has, so the walk stops once
 * none can do better.  A minimum does not depend on the walk order.
 */
static void plan_min_counts(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 j, m = w->nr_cand, lo = 0, head = 0, tail = 0;
	int h, hin;

	for (j = 0; j < m; j++) {
		struct step_end e;
		u32 i, q, fits, bound, v;

		w->min_count[j][0] = PLAN_INF_CNT;
		w->min_count[j][1] = PLAN_INF_CNT;
		if (!j) {
			w->min_count[0][0] = 0;
			w->dq[tail++] = 0;
			continue;
		}
		step_end_init(p, j, &e);
		while (lo < j && step_fit(p, &e, lo) == STEP_STOP)
			lo++;
		while (head < tail && w->dq[head] < lo)
			head++;
		for (i = lo, q = head; i < j; i++) {
			while (q < tail && w->dq[q] < i)
				q++;
			/* Fewest TDMRs through any start >= i; INF + 1 if none. */
			bound = (q < tail ? min_count_any(w, w->dq[q]) : PLAN_INF_CNT) + 1;
			if (w->min_count[j][0] <= bound && (!e.sout || w->min_count[j][1] <= bound))
				break;
			fits = step_fit(p, &e, i);
			if (fits == STEP_STOP || !fits)
				continue;
			for (hin = 0; hin < 2; hin++) {
				u32 fewest = w->min_count[i][hin] + 1;

				if (w->min_count[i][hin] == PLAN_INF_CNT)
					continue;
				for (h = 0; h < 2; h++)
					if ((fits & FIT(hin, h)) && fewest < w->min_count[j][h])
						w->min_count[j][h] = fewest;
			}
		}
		if (cand_gap_free(w, j - 1, j)) {
			for (h = 0; h < 2; h++)
				if (w->min_count[j - 1][h] < w->min_count[j][h])
					w->min_count[j][h] = w->min_count[j - 1][h];
		}
		v = min_count_any(w, j);
		while (tail > head && min_count_any(w, w->dq[tail - 1]) >= v)
			tail--;
		w->dq[tail++] = j;
	}
}

/*
 * Useful TDMR counts at (j, h): at least the fewest possible, at most the
 * count of the cheapest prefix (more TDMRs cannot be cheaper) and at most
 * what leaves room for the memory above.  Returns false if none.
 */
static bool band_range(const struct tdmr_plan *p, u32 j, int h, u32 *lo, u32 *hi)
{
	const struct tdmr_plan_work *w = &p->work;
	u32 t_max = plan_max_tdmrs(p);

	*lo = w->min_count[j][h];
	*hi = w->count[j][h];
	if (*lo == PLAN_INF_CNT || *hi == PLAN_INF_CNT || w->suffix_count[j] == PLAN_INF_CNT ||
	    w->suffix_count[j] > t_max)
		return false;
	if (*hi > t_max - w->suffix_count[j])
		*hi = t_max - w->suffix_count[j];
	return *lo <= *hi;
}

static int plan_band_layout(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 j, off = 0, lo, hi, k;
	int h;

	for (j = 0; j < w->nr_cand; j++) {
		for (h = 0; h < 2; h++) {
			w->band_off[j][h] = BAND_NONE;
			if (!band_range(p, j, h, &lo, &hi))
				continue;
			if (off + (hi - lo + 1) > TDMR_PLAN_BAND_CAP)
				return -ENOSPC;
			w->band_off[j][h] = off;
			w->band_lo[j][h] = lo;
			w->band_hi[j][h] = hi;
			w->band_live[j][h] = hi - lo + 1;
			w->band_first[j][h] = 0;
			w->band_wlo[j][h] = 0xffff;
			w->band_whi[j][h] = 0;
			for (k = off; k <= off + hi - lo; k++) {
				w->band_val[k] = ~0U;
				w->band_back[k] = BACK_NONE;
			}
			off += hi - lo + 1;
		}
	}
	w->band_used = off;
	return 0;
}

/* Band entry of (j, h) with exactly t TDMRs, or -1. */
static s32 band_idx(const struct tdmr_plan *p, u32 j, int h, u32 t)
{
	const struct tdmr_plan_work *w = &p->work;

	if (w->band_off[j][h] == BAND_NONE || t < w->band_lo[j][h] || t > w->band_hi[j][h])
		return -1;
	return (s32)(w->band_off[j][h] + t - w->band_lo[j][h]);
}

/*
 * Once (j, h) is final, drop the entries a plan with fewer TDMRs matches or
 * beats: whatever follows such an entry, the same TDMRs after the better one
 * do at least as well with fewer TDMRs, so the cheapest plan (fewest TDMRs
 * among the cheapest) never passes through it, nor do the entries it would
 * feed.  What is left is relaxed from; the rest reads as unreachable.
 *
 * With bounds (plan_bounds()), also drop entries whose pages plus the least
 * the rest can cost with the TDMRs left exceed bound_upper, and note in
 * lag_pre the least scale * pages + lambda * TDMRs of what is left.  Only
 * entries in no plan within bound_upper are dropped, and the bound for the
 * rest is consistent (it never falls by more than a TDMR costs), so the
 * entries of such plans keep their values and back-pointers: a pass that
 * finds a plan finds the plan (and the trace) the unbounded pass finds.
 */
static void band_settle(struct tdmr_plan *p, u32 j)
{
	struct tdmr_plan_work *w = &p->work;
	u32 best, k, n, first, live, t_max = plan_max_tdmrs(p);
	u64 upper = w->bound_scale * w->bound_upper, pre;
	int h;

	w->lag_pre[j][0] = PLAN_INF_COST;
	w->lag_pre[j][1] = PLAN_INF_COST;
	for (h = 0; h < 2; h++) {
		u32 *val;
		u64 lag = w->lag[j][h], pre = PLAN_INF_COST, v;

		if (w->band_off[j][h] == BAND_NONE)
			continue;
		val = &w->band_val[w->band_off[j][h]];
		n = w->band_hi[j][h] - w->band_lo[j][h] + 1;
		best = ~0U;
		first = n;
		live = 0;
		/* Entries never written hold ~0U and stay so. */
		for (k = w->band_wlo[j][h]; k <= w->band_whi[j][h] && k < n; k++) {
			u64 rest, left;

			if (val[k] >= best) {
				val[k] = ~0U;
				continue;
			}
			best = val[k];
			if (w->nr_pairs) {
				/* Cheapest finish with the TDMRs left, at least. */
				left = w->bound_lambda * (t_max - (w->band_lo[j][h] + k));
				rest = lag > left ? lag - left : 0;	/* INF stays above */
				if (rest > upper || w->bound_scale * val[k] + rest > upper) {
					val[k] = ~0U;
					continue;
				}
			}
			if (w->nr_pairs) {
				v = w->bound_scale * val[k] +
				    w->bound_lambda * (w->band_lo[j][h] + k);
				if (v < pre)
					pre = v;
			}
			if (first == n)
				first = k;
			live = k + 1;
		}
		w->band_first[j][h] = first;
		w->band_live[j][h] = live;
		w->lag_pre[j][h] = pre;
	}
	pre = w->lag_pre[j][0] < w->lag_pre[j][1] ? w->lag_pre[j][0] : w->lag_pre[j][1];
	w->lag_pre_min[j] = pre < (1ULL << 62) ? pre : 1ULL << 62;
}

/* PAMT totals are whole pages: the band stores pages to halve its size. */
static u32 cost_pages(u64 bytes)
{
	u64 pages = bytes >> 12;

	return pages >= ~0U ? ~0U - 1 : (u32)pages;
}

/* cost_pages(tdmr_pamt_total(size)), without the calls. */
static u32 plan_cost_pages(const struct tdmr_plan *p, u64 size)
{
	const u16 *es = p->lim.pamt_entry_size;
	u64 pages = (((size >> 12) * es[TDX_PS_4K] + SZ_4K - 1) >> 12) +
		    (((size >> 21) * es[TDX_PS_2M] + SZ_4K - 1) >> 12) +
		    (((size >> 30) * es[TDX_PS_1G] + SZ_4K - 1) >> 12);

	return pages >= ~0U ? ~0U - 1 : (u32)pages;
}

/* Entries lo..hi (from band_lo) of (j, h) may get written. */
static void band_written(struct tdmr_plan_work *w, u32 j, int h, u32 lo, u32 hi)
{
	if (lo < w->band_wlo[j][h])
		w->band_wlo[j][h] = lo;
	if (hi > w->band_whi[j][h])
		w->band_whi[j][h] = hi;
}

/* PAMT pages of a TDMR of size bytes (a 1 GiB multiple), from a table when short. */
static u32 pair_cost(const struct tdmr_plan *p, u64 size)
{
	const struct tdmr_plan_work *w = &p->work;
	u64 gib = size >> 30;

	return gib < w->nr_cost_gib ? w->cost_gib[gib] : plan_cost_pages(p, size);
}

/* Relax TDMR [cand[i], cand[j]) into (j, hout) for every count both bands allow. */
static void band_relax(struct tdmr_plan *p, u32 j, u32 i, u32 fits, u32 c)
{
	struct tdmr_plan_work *w = &p->work;
	u32 ilo, ihi, jlo, jhi, t, t_end;
	int hin, hout;

	for (hout = 0; hout < 2; hout++) {
		if (w->band_off[j][hout] == BAND_NONE)
			continue;
		jlo = w->band_lo[j][hout];
		jhi = w->band_hi[j][hout];
		for (hin = 0; hin < 2; hin++) {
			u32 *src, *dst;
			u16 *back;

			if (!(fits & FIT(hin, hout)) || w->band_off[i][hin] == BAND_NONE ||
			    w->band_live[i][hin] <= w->band_first[i][hin])
				continue;
			ilo = w->band_lo[i][hin];
			ihi = ilo + w->band_live[i][hin] - 1;
			src = &w->band_val[w->band_off[i][hin]] - ilo;	/* indexed by t */
			dst = &w->band_val[w->band_off[j][hout]] - jlo;
			back = &w->band_back[w->band_off[j][hout]] - jlo;
			ilo += w->band_first[i][hin];
			t_end = jhi < ihi + 1 ? jhi : ihi + 1;
			t = jlo > ilo + 1 ? jlo : ilo + 1;
			if (t > t_end)
				continue;
			band_written(w, j, hout, t - jlo, t_end - jlo);
			for (; t <= t_end; t++) {
				u64 v = src[t - 1];

				/* Unreachable (~0U) never beats dst[t] <= ~0U. */
				if (v + c >= dst[t])
					continue;
				dst[t] = (u32)(v + c);	/* below dst[t]: fits */
				back[t] = i | (hin ? BACK_HIN : 0);
			}
		}
	}
}

/*
 * Every TDMR the bounded pass may use, in the order it walks them, with its
 * PAMT pages.  Returns false (and leaves nr_pairs 0) if they do not fit.
 */
static bool plan_cache_pairs(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 j, n = 0, m = w->nr_cand;
	u64 span;

	w->nr_pairs = 0;
	w->nr_cost_gib = 0;
	w->pair_off[0] = 0;
	for (j = 0; j + 1 < m; j++)
		w->gap_above[j] = cand_gap_free(w, j, j + 1);
	w->gap_above[m - 1] = 0;
	for (j = 1; j < m; j++) {
		struct step_end e;
		u32 i = j, fits;

		w->pair_off[j] = n;
		step_end_init(p, j, &e);
		while (i-- > 0) {
			fits = step_fit(p, &e, i);
			if (fits == STEP_STOP)
				break;
			if (!fits)
				continue;
			if (n >= TDMR_PLAN_PAIR_CAP)
				return false;
			w->pair[n] = (u16)(i << PAIR_FIT_BITS | fits);
			n++;
		}
	}
	w->pair_off[m] = n;
	/* Costs by size, as far as TDMRs that short occur. */
	span = (w->cand[m - 1] - w->cand[0]) >> 30;
	w->nr_cost_gib = span < TDMR_PLAN_COST_GIB ? (u32)span + 1 : TDMR_PLAN_COST_GIB;
	for (j = 0; j < w->nr_cost_gib; j++)
		w->cost_gib[j] = plan_cost_pages(p, (u64)j << 30);
	return true;
}

/*
 * Lagrangian relaxation of the TDMR limit: for every state, the least
 * "scale * PAMT pages + lambda per TDMR" of the rest of a plan, over the
 * same TDMRs the bounded pass uses.  Whatever the lambda, lag[j][h] -
 * lambda * r bounds scale times the PAMT pages of any rest with at most r
 * TDMRs from below.  Returns the value at the start; *cnt gets the TDMRs of
 * a plan that has it.  A TDMR that starts or ends in a memory-free gap
 * between boundaries is skipped: the one starting (ending) at the gap's far
 * (near) side fits wherever it does, costs no more, and the gap is carried.
 */
static u64 plan_lagrange(struct tdmr_plan *p, u64 scale, u64 lambda, u32 *cnt)
{
	struct tdmr_plan_work *w = &p->work;
	u32 m = w->nr_cand, j, n;
	u64 *lag = &w->lag[0][0], v;
	int h;

	/*
	 * Values carry the TDMR count in their low bits (fewest wins ties).
	 * Unshifted they stay below 2^47: scale <= 4096, and lambda and any
	 * plan's pages are below 2^34 (a TDMR's pages saturate at 2^32).
	 */
	for (j = 0; j < 2 * m; j++)
		lag[j] = PLAN_INF_COST;
	w->lag[m - 1][0] = 0;
	for (j = m - 1; j > 0; j--) {
		u64 base0 = w->lag[j][0], base1 = w->lag[j][1];

		if (w->gap_above[j - 1]) {
			for (h = 0; h < 2; h++)
				if (w->lag[j][h] < w->lag[j - 1][h])
					w->lag[j - 1][h] = w->lag[j][h];
			continue;
		}
		if (base0 == PLAN_INF_COST && base1 == PLAN_INF_COST)
			continue;
		for (n = w->pair_off[j]; n < w->pair_off[j + 1]; n++) {
			u32 pair = w->pair[n], i = pair >> PAIR_FIT_BITS;
			u64 c;

			if (w->gap_above[i])
				continue;
			c = scale * pair_cost(p, w->cand[j] - w->cand[i]) + lambda;
			c = (c << LAG_CNT_BITS) + 1;
			if (base0 != PLAN_INF_COST) {
				v = base0 + c;
				if ((pair & FIT(0, 0)) && v < w->lag[i][0])
					w->lag[i][0] = v;
				if ((pair & FIT(1, 0)) && v < w->lag[i][1])
					w->lag[i][1] = v;
			}
			if (base1 != PLAN_INF_COST) {
				v = base1 + c;
				if ((pair & FIT(0, 1)) && v < w->lag[i][0])
					w->lag[i][0] = v;
				if ((pair & FIT(1, 1)) && v < w->lag[i][1])
					w->lag[i][1] = v;
			}
		}
	}
	v = w->lag[0][0];
	*cnt = v == PLAN_INF_COST ? PLAN_INF_CNT : (u32)(v & LAG_CNT_MASK);
	for (j = 0; j < 2 * m; j++)
		if (lag[j] != PLAN_INF_COST)
			lag[j] >>= LAG_CNT_BITS;
	return w->lag[0][0];
}

/*
 * Bounds that let the bounded pass drop band entries early: per-state lower
 * bounds for the rest of a plan (plan_lagrange() at the lambda where the
 * relaxed plans cross the TDMR limit, found by walking the lower hull of
 * (TDMRs, PAMT) from the cheapest plan), the PAMT of a plan within the limit
 * (bound_feasible) and the least PAMT any such plan can have (bound_lower).
 * Leaves nr_pairs 0 (no bounds) if the TDMRs do not fit the cache.
 */
static void plan_bounds(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 m = w->nr_cand, t_max = plan_max_tdmrs(p), k_a, k_b, k, round;
	u64 c_a, c_b, v, lambda, big, scale = 1;

	if (!plan_cache_pairs(p))
		return;
	/*
	 * A: the cheapest plan, over the limit.  B: a plan within it, from a
	 * guess of the slope (as if the fewest TDMRs cost the most any plan
	 * can) or twice that, else from a lambda that no cost difference
	 * outweighs (every plan costs less than big): the fewest TDMRs.
	 */
	k_a = w->count[m - 1][0];
	c_a = w->cost[m - 1][0] >> 12;
	big = plan_cost_pages(p, w->cand[m - 1] - w->cand[0]) + 4ULL * m;
	k = w->min_count[m - 1][0];
	if (k_a <= k || c_a >= big) {
		w->nr_pairs = 0;
		return;
	}
	lambda = (big - c_a) / (k_a - k);
	for (round = 0; ; round++) {
		v = plan_lagrange(p, scale, lambda, &k_b);
		if (v == PLAN_INF_COST || lambda == big || k_b <= t_max)
			break;
		if (k_b < k_a) {
			k_a = k_b;
			c_a = v - lambda * k_b;
		}
		lambda = round ? big : 2 * lambda;
	}
	if (v == PLAN_INF_COST || k_b > t_max || k_a <= k_b) {
		w->nr_pairs = 0;
		return;
	}
	c_b = v - lambda * k_b;
	/* Exact slope of A-B: weigh pages by k_a - k_b and TDMRs by c_b - c_a. */
	for (round = 0; round < PLAN_MAX_HULL_STEPS; round++) {
		scale = k_a - k_b;
		lambda = c_b > c_a ? c_b - c_a : 0;
		v = plan_lagrange(p, scale, lambda, &k);
		/* Nothing below the line through A and B: it is the hull at the limit. */
		if (v >= scale * c_a + lambda * k_a || k_a <= k_b + 1)
			break;
		if (k > t_max) {
			k_a = k;
			c_a = (v - lambda * k) / scale;
		} else {
			k_b = k;
			c_b = (v - lambda * k) / scale;
		}
	}
	w->bound_scale = scale;
	w->bound_lambda = lambda;
	w->bound_feasible = c_b;
	/* Least PAMT pages any plan within the limit can have. */
	v = w->lag[0][0] > lambda * t_max ? w->lag[0][0] - lambda * t_max : 0;
	w->bound_lower = (v + scale - 1) / scale;
	if (w->bound_lower > c_b)
		w->bound_lower = c_b;
	w->nr_pairs = w->pair_off[m];
}

/*
 * The homed states in which cached TDMR n (ending at cand[j]) can be part of
 * a plan within the upper bound: the live entries at its start (lag_pre),
 * the TDMR and the bound for the rest after it must stay within it.  Every
 * value a dropped TDMR would have relaxed is one band_settle() drops anyway.
 */
static u32 pair_useful(const struct tdmr_plan_work *w, u32 j, u32 n, u32 cost, u64 limit,
			      u64 room)
{
	u32 i = w->pair[n] >> PAIR_FIT_BITS, fits = w->pair[n] & PAIR_FIT_MASK, useful = 0;
	u64 c = w->bound_scale * cost + w->bound_lambda;
	int hin, hout;

	/* Most TDMRs fail even against the best homed states at both ends. */
	if (w->lag_pre_min[i] + c > room)
		return 0;

	for (hin = 0; hin < 2; hin++) {
		u64 pre = w->lag_pre[i][hin];

		if (pre == PLAN_INF_COST || pre + c > limit)
			continue;
		for (hout = 0; hout < 2; hout++) {
			u64 rest = w->lag[j][hout];

			if ((fits & FIT(hin, hout)) && rest != PLAN_INF_COST &&
			    rest <= limit - pre - c)
				useful |= FIT(hin, hout);
		}
	}
	return useful;
}

/*
 * Cheapest plan with at most max_tdmrs TDMRs: the same DP with the TDMR
 * count in the state, kept to the band of counts that can matter.  Each
 * candidate TDMR is evaluated once.  Returns the best count, 0 if none.
 */
static u32 plan_bounded(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 m = w->nr_cand, j, t, lo, hi, best = ~0U, best_t = 0, n;
	u64 limit = w->bound_scale * w->bound_upper + w->bound_lambda * plan_max_tdmrs(p);
	int h;

	if (w->band_off[0][0] != BAND_NONE && !w->band_lo[0][0]) {
		w->band_val[w->band_off[0][0]] = 0;
		band_written(w, 0, 0, 0, 0);
	}
	band_settle(p, 0);
	for (j = 1; j < m; j++) {
		struct step_end e;
		u32 i = j, fits;

		if (w->band_off[j][0] == BAND_NONE && w->band_off[j][1] == BAND_NONE) {
			band_settle(p, j);	/* nothing to settle: marks it empty */
			continue;
		}
		if (w->nr_pairs) {
			u64 rest_min = w->lag[j][0] < w->lag[j][1] ? w->lag[j][0] : w->lag[j][1];
			/* What the prefix and the TDMR may cost at most. */
			u64 room = rest_min <= limit ? limit - rest_min : 0;
			u32 cost;

			for (n = w->pair_off[j]; n < w->pair_off[j + 1] && rest_min <= limit; n++) {
				i = w->pair[n] >> PAIR_FIT_BITS;
				cost = pair_cost(p, w->cand[j] - w->cand[i]);
				fits = pair_useful(w, j, n, cost, limit, room);
				if (fits)
					band_relax(p, j, i, fits, cost);
			}
		} else {
			step_end_init(p, j, &e);
			while ((fits = step_next(p, &e, &i)))
				band_relax(p, j, i, fits,
					   cost_pages(tdmr_pamt_total(w->cand[j] - w->cand[i],
								      &p->lim)));
		}
		for (h = 0; h < 2 && cand_gap_free(w, j - 1, j); h++) {
			u32 *src, *dst;
			u16 *back;

			if (w->band_off[j][h] == BAND_NONE || w->band_off[j - 1][h] == BAND_NONE)
				continue;
			/* Only the live entries of (j - 1, h) are below ~0U. */
			lo = w->band_lo[j - 1][h] + w->band_first[j - 1][h];
			hi = w->band_lo[j - 1][h] + w->band_live[j - 1][h];	/* exclusive */
			if (lo < w->band_lo[j][h])
				lo = w->band_lo[j][h];
			if (hi > w->band_hi[j][h] + 1U)
				hi = w->band_hi[j][h] + 1U;
			if (lo >= hi)
				continue;
			src = &w->band_val[w->band_off[j - 1][h]] - w->band_lo[j - 1][h];
			dst = &w->band_val[w->band_off[j][h]] - w->band_lo[j][h];
			back = &w->band_back[w->band_off[j][h]] - w->band_lo[j][h];
			band_written(w, j, h, lo - w->band_lo[j][h], hi - 1 - w->band_lo[j][h]);
			for (t = lo; t < hi; t++) {
				if (src[t] < dst[t]) {
					dst[t] = src[t];
					back[t] = BACK_CARRY;
				}
			}
		}
		band_settle(p, j);
	}
	if (!band_range(p, m - 1, 0, &lo, &hi))
		return 0;
	for (t = lo; t <= hi; t++) {
		s32 b = band_idx(p, m - 1, 0, t);

		if (t && w->band_val[b] < best) {
			best = w->band_val[b];
			best_t = t;
		}
	}
	return best_t;
}

/*
 * The bounded pass, first with tight upper bounds between the Lagrangian
 * lower bound and the PAMT of a known plan: a pass whose bound is below the
 * best plan finds nothing, and one that finds a plan found the same plan
 * (and back-pointers) as with no bound at all.  The last try uses the known
 * plan, which is never below the best.
 */
static u32 plan_bounded_tries(struct tdmr_plan *p)
{
	static const u8 gap_shift[] = { 8, 4, 0 };
	struct tdmr_plan_work *w = &p->work;
	u32 t = 0, s;
	u64 gap;

	plan_bounds(p);
	if (!w->nr_pairs)
		return plan_bounded(p);
	gap = w->bound_feasible - w->bound_lower;
	for (s = 0; s < ARRAY_SIZE(gap_shift); s++) {
		if (s && plan_band_layout(p))
			return 0;	/* laid out before: not expected */
		w->bound_upper = w->bound_lower + (gap >> gap_shift[s]);
		t = plan_bounded(p);
		if (t)
			break;
	}
	return t;
}

/* Record the chosen TDMRs (candidate pairs) walking back-pointers; returns count. */
static u32 plan_trace(struct tdmr_plan *p, u32 t_bounded)
{
	struct tdmr_plan_work *w = &p->work;
	u32 j = w->nr_cand - 1, t = t_bounded, n = 0, a;
	int h = 0;

	for (;;) {
		u16 e;

		if (t_bounded) {
			s32 b;

			if (!t)
				break;
			b = band_idx(p, j, h, t);
			e = b >= 0 ? w->band_back[b] : BACK_NONE;
		} else {
			e = w->back[j][h];
		}
		if (e == BACK_NONE || n >= TDMR_PLAN_MAX_TDMRS)
			break;
		if (e & BACK_CARRY) {
			j--;
			continue;
		}
		w->sel_start[n] = e & BACK_IDX;
		w->sel_end[n] = j;
		w->sel_hin[n] = !!(e & BACK_HIN);
		w->sel_hout[n] = h;
		n++;
		j = e & BACK_IDX;
		h = !!(e & BACK_HIN);
		t--;
	}
	/* Collected last to first. */
	for (a = 0; a < n / 2; a++) {
		u32 b = n - 1 - a;
		u16 s = w->sel_start[a], e = w->sel_end[a];
		u8 hi = w->sel_hin[a], ho = w->sel_hout[a];

		w->sel_start[a] = w->sel_start[b];
		w->sel_end[a] = w->sel_end[b];
		w->sel_hin[a] = w->sel_hin[b];
		w->sel_hout[a] = w->sel_hout[b];
		w->sel_start[b] = s;
		w->sel_end[b] = e;
		w->sel_hin[b] = hi;
		w->sel_hout[b] = ho;
	}
	return n;
}

/* Which groups the DP homed in each chosen TDMR; sets grp_home and budgets. */
static void plan_assign_homes(struct tdmr_plan *p, u32 nr)
{
	struct tdmr_plan_work *w = &p->work;
	u32 t, g;

	for (t = 0; t < nr; t++) {
		u32 i = w->sel_start[t], j = w->sel_end[t];
		u32 gf = w->rng_grp[w->first_rng[i]], gl = w->rng_grp[w->last_rng[j]];
		bool sin = w->straddler[i] >= 0, sout = w->straddler[j] >= 0;
		bool hin = w->sel_hin[t], hout = w->sel_hout[t];

		p->tdmrs[t].rsvd_budget = 0;
		for (g = gf; g <= gl; g++) {
			bool home;

			if (g == gf && sin && hin)
				home = false;
			else if (g == gl && sout)
				home = hout;
			else
				home = true;
			if (home) {
				w->grp_home[g] = t;
				p->tdmrs[t].rsvd_budget += w->grp_demand[g];
			}
		}
	}
}

/* Emit the holes of [base, end) into tdmr->rsvd (sorted); returns how many. */
static u32 tdmr_fill_holes(const struct tdmr_plan *p, struct tdmr_plan_tdmr *td)
{
	u64 end = td->base + td->size, pos = td->base;
	u32 k = first_range_above(p, td->base), n = 0;

	for (; pos < end; k++) {
		u64 next = (k < p->nr_mem && p->mem[k].start < end) ? p->mem[k].start : end;

		if (next > pos) {
			if (n < TDMR_PLAN_MAX_RSVD) {
				td->rsvd[n].start = pos;
				td->rsvd[n].size = next - pos;
			}
			n++;
		}
		if (k >= p->nr_mem || p->mem[k].start >= end)
			break;
		pos = p->mem[k].end;
	}
	td->nr_rsvd = n < TDMR_PLAN_MAX_RSVD ? n : TDMR_PLAN_MAX_RSVD;
	return n;
}

/*
 * A home may move to another TDMR holding the group's memory when that one
 * has room: prefer the TDMR where the group's longest range piece is longest,
 * so the chunk is easiest to allocate.
 */
static void plan_rehome(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 max_rsvd = plan_max_rsvd(p), g;

	for (g = 0; g < w->nr_grp; g++) {
		u32 home = w->grp_home[g], best_t = home, d = w->grp_demand[g], k, t = 0, u;
		u64 best_run = 0, home_run = 0;

		for (k = w->grp_first[g]; k <= w->grp_last[g]; k++) {
			const struct tdx_mem_range *r = &p->mem[k];

			while (t < p->nr_tdmrs && p->tdmrs[t].base + p->tdmrs[t].size <= r->start)
				t++;
			for (u = t; u < p->nr_tdmrs && p->tdmrs[u].base < r->end; u++) {
				const struct tdmr_plan_tdmr *td = &p->tdmrs[u];
				u64 s = r->start > td->base ? r->start : td->base;
				u64 e = r->end < td->base + td->size ? r->end : td->base + td->size;

				if (u == home) {
					if (e - s > home_run)
						home_run = e - s;
				} else if (td->nr_holes + td->rsvd_budget + d <= max_rsvd &&
					   e - s > best_run) {
					best_run = e - s;
					best_t = u;
				}
			}
		}
		if (best_t != home && best_run > home_run) {
			p->tdmrs[home].rsvd_budget -= d;
			p->tdmrs[best_t].rsvd_budget += d;
			w->grp_home[g] = best_t;
		}
	}
}

/* The group owning most memory inside each TDMR (ties: the lower group). */
static void plan_tdmr_owners(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 t, k;

	for (t = 0; t < p->nr_tdmrs; t++) {
		const struct tdmr_plan_tdmr *td = &p->tdmrs[t];
		u64 end = td->base + td->size, best = 0, sum = 0;
		u32 cur = PLAN_INF_CNT;

		w->tdmr_owner[t] = 0;
		for (k = first_range_above(p, td->base); ; k++) {
			bool done = k >= p->nr_mem || p->mem[k].start >= end;

			if (done || w->rng_grp[k] != cur) {
				if (cur != PLAN_INF_CNT && sum > best) {
					best = sum;
					w->tdmr_owner[t] = cur;
				}
				if (done)
					break;
				cur = w->rng_grp[k];
				sum = 0;
			}
			sum += (p->mem[k].end < end ? p->mem[k].end : end) -
			       (p->mem[k].start > td->base ? p->mem[k].start : td->base);
		}
	}
}

/*
 * Put each TDMR's PAMTs in a chunk of the group owning most of its memory;
 * a group's chunks are all homed in its home TDMR.  Returns 0, -EAGAIN when
 * a group needs more chunks than slots (caller raises demand and re-plans),
 * or -ENOSPC.
 */
static int plan_pack_chunks(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u64 cap = p->opts.max_chunk_size;
	struct tdx_strbuf sb;
	u32 t, g, k, again = 0;
	int ps;

	plan_tdmr_owners(p);
	p->nr_chunks = 0;
	for (g = 0; g < w->nr_grp; g++) {
		const struct tdmr_plan_tdmr *home = &p->tdmrs[w->grp_home[g]];
		u64 gs = p->mem[w->grp_first[g]].start, ge = p->mem[w->grp_last[g]].end;
		u32 first_chunk = p->nr_chunks;
		u64 fill = 0;
		bool open = false;

		for (t = 0; t < p->nr_tdmrs; t++) {
			struct tdmr_plan_tdmr *td = &p->tdmrs[t];

			if (w->tdmr_owner[t] != g)
				continue;
			td->nid = p->mem[w->grp_first[g]].nid;
			for (ps = 0; ps < TDX_PS_NR; ps++) {
				u64 sz = td->pamt_size[ps];

				if (cap && sz > cap) {
					why_begin(p, &sb);
					tdx_strbuf_puts(&sb, "TDMR ");
					tdx_strbuf_dec(&sb, t);
					tdx_strbuf_puts(&sb, " needs a ");
					why_kib(&sb, sz);
					tdx_strbuf_puts(&sb, " contiguous ");
					tdx_strbuf_puts(&sb, pamt_level_name[ps]);
					tdx_strbuf_puts(&sb, " PAMT, over max_chunk_size ");
					why_kib(&sb, cap);
					tdx_strbuf_finish(&sb);
					return -ENOSPC;
				}
				if (!open || (cap && fill + sz > cap)) {
					if (p->nr_chunks >= TDMR_PLAN_MAX_CHUNKS) {
						p->why = "too many PAMT chunks";
						return -ENOSPC;
					}
					p->nr_chunks++;
					fill = 0;
					open = true;
				}
				td->pamt_chunk[ps] = p->nr_chunks - 1;
				td->pamt_off[ps] = fill;
				fill += sz;
				p->chunks[p->nr_chunks - 1].size = fill;
			}
		}
		if (p->nr_chunks - first_chunk > w->grp_demand[g]) {
			w->grp_demand[g] = p->nr_chunks - first_chunk;
			again = 1;
		}
		for (k = first_chunk; k < p->nr_chunks; k++) {
			struct tdmr_plan_chunk *c = &p->chunks[k];

			c->nid = p->mem[w->grp_first[g]].nid;
			c->home = w->grp_home[g];
			c->win_start = gs > home->base ? gs : home->base;
			c->win_end = ge < home->base + home->size ? ge : home->base + home->size;
			c->base = 0;
		}
	}
	return again ? -EAGAIN : 0;
}

/* Explain why no plan fits, from the fewest-TDMR pass. */
static void plan_explain(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 m = w->nr_cand, need = w->min_count[m - 1][0], j;
	struct tdx_strbuf sb;

	why_begin(p, &sb);
	if (need != PLAN_INF_CNT && need <= plan_max_tdmrs(p)) {
		tdx_strbuf_puts(&sb, "no plan found within the limits");	/* not expected */
	} else if (need != PLAN_INF_CNT) {
		tdx_strbuf_puts(&sb, "needs ");
		tdx_strbuf_dec(&sb, need);
		tdx_strbuf_puts(&sb, " TDMRs, module allows ");
		tdx_strbuf_dec(&sb, p->lim.max_tdmrs);
	} else {
		/* The first boundary no plan can reach has too many holes just below it. */
		for (j = 1; j < m; j++)
			if (w->min_count[j][0] == PLAN_INF_CNT &&
			    w->min_count[j][1] == PLAN_INF_CNT)
				break;
		tdx_strbuf_puts(&sb, "memory below ");
		tdx_strbuf_hex(&sb, j < m ? w->cand[j] : 0, 0);
		tdx_strbuf_puts(&sb, " needs more than ");
		tdx_strbuf_dec(&sb, p->lim.max_rsvd_per_tdmr);
		tdx_strbuf_puts(&sb, " reserved areas in one TDMR (holes + PAMT)");
	}
	tdx_strbuf_finish(&sb);
}

static void plan_fill_tdmrs(struct tdmr_plan *p, u32 nr)
{
	struct tdmr_plan_work *w = &p->work;
	u32 t;
	int ps;

	p->nr_tdmrs = nr;
	p->pamt_total = 0;
	p->covered = 0;
	for (t = 0; t < nr; t++) {
		struct tdmr_plan_tdmr *td = &p->tdmrs[t];

		td->base = w->cand[w->sel_start[t]];
		td->size = w->cand[w->sel_end[t]] - td->base;
		for (ps = 0; ps < TDX_PS_NR; ps++) {
			td->pamt_size[ps] = tdmr_pamt_size(td->size, ps,
							   p->lim.pamt_entry_size[ps]);
			td->pamt_base[ps] = 0;
			td->pamt_off[ps] = 0;
			td->pamt_chunk[ps] = 0;
			p->pamt_total += td->pamt_size[ps];
		}
		td->nr_holes = tdmr_fill_holes(p, td);
		td->nid = p->mem[w->first_rng[w->sel_start[t]]].nid;
		p->covered += td->size;
	}
}

int tdmr_plan_build(struct tdmr_plan *plan, const struct tdx_mem_range *mem, unsigned int nr_mem,
		    const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs,
		    const struct tdmr_plan_limits *lim, const struct tdmr_plan_opts *opts)
{
	struct tdmr_plan_work *w = &plan->work;
	u32 g, nr, t_bounded, round;
	int ret;

	plan->nr_tdmrs = 0;
	plan->nr_chunks = 0;
	plan->pamt_total = 0;
	plan->covered = 0;
	plan->why = NULL;
	memset(&plan->opts, 0, sizeof(plan->opts));
	ret = plan_take_input(plan, mem, nr_mem, cmrs, nr_cmrs, lim, opts);
	if (ret)
		return ret;
	plan_prepare(plan);
	plan_pages_below(plan);
	for (g = 0; g < w->nr_grp; g++)
		w->grp_demand[g] = 1;

	for (round = 0; round < PLAN_MAX_ROUNDS; round++) {
		plan_set_demand_sums(w);
		plan_forward(plan);
		t_bounded = 0;
		/* count > max_tdmrs also covers "no plan at all" (PLAN_INF_CNT). */
		if (w->count[w->nr_cand - 1][0] > plan_max_tdmrs(plan)) {
			plan_min_counts(plan);
			if (w->min_count[w->nr_cand - 1][0] == PLAN_INF_CNT ||
			    w->min_count[w->nr_cand - 1][0] > plan_max_tdmrs(plan)) {
				plan_explain(plan);
				return -ENOSPC;
			}
			plan_suffix_count(plan);
			if (plan_band_layout(plan)) {
				plan->why = "memory layout too complex for the planner's work area";
				return -ENOSPC;
			}
			t_bounded = plan_bounded_tries(plan);
			if (!t_bounded) {
				plan_explain(plan);
				return -ENOSPC;
			}
		}
		nr = plan_trace(plan, t_bounded);
		plan_fill_tdmrs(plan, nr);
		plan_assign_homes(plan, nr);
		plan_rehome(plan);
		ret = plan_pack_chunks(plan);
		if (ret != -EAGAIN)
			break;
	}
	if (ret == -EAGAIN) {
		plan->why = "PAMT chunk count does not settle; raise max_chunk_size";
		ret = -ENOSPC;
	}
	if (ret) {
		plan->nr_tdmrs = 0;
		plan->nr_chunks = 0;
		return ret;
	}
	plan->why = NULL;
	return 0;
}

/* ---- phase 2 */

/* Insert [start, end) into the sorted reserved list, merging touching areas. */
static int tdmr_add_rsvd(struct tdmr_plan_tdmr *td, u64 start, u64 end, u32 *count)
{
	u32 n = td->nr_rsvd, pos = 0, last;

	while (pos < n && td->rsvd[pos].start + td->rsvd[pos].size < start)
		pos++;
	/* Absorb every area that overlaps or touches [start, end). */
	last = pos;
	while (last < n && td->rsvd[last].start <= end) {
		if (td->rsvd[last].start < start)
			start = td->rsvd[last].start;
		if (td->rsvd[last].start + td->rsvd[last].size > end)
			end = td->rsvd[last].start + td->rsvd[last].size;
		last++;
	}
	if (last == pos) {
		if (n >= TDMR_PLAN_MAX_RSVD) {
			(*count)++;
			return -ENOSPC;
		}
		memmove(&td->rsvd[pos + 1], &td->rsvd[pos], (n - pos) * sizeof(td->rsvd[0]));
		td->nr_rsvd = n + 1;
	} else if (last > pos + 1) {
		memmove(&td->rsvd[pos + 1], &td->rsvd[last], (n - last) * sizeof(td->rsvd[0]));
		td->nr_rsvd = n - (last - pos - 1);
	}
	td->rsvd[pos].start = start;
	td->rsvd[pos].size = end - start;
	*count = td->nr_rsvd;
	return 0;
}

int tdmr_plan_place_pamts(struct tdmr_plan *plan)
{
	struct tdmr_plan_work *w = &plan->work;
	u32 max_rsvd = plan_max_rsvd(plan), c, t, a;
	struct tdx_strbuf sb;
	int ps;

	why_begin(plan, &sb);
	for (c = 0; c < plan->nr_chunks; c++) {
		const struct tdmr_plan_chunk *ch = &plan->chunks[c];
		u32 pos = c;

		if (!ch->base || !IS_ALIGNED(ch->base, SZ_4K) || ch->base + ch->size < ch->base) {
			tdx_strbuf_puts(&sb, "PAMT chunk ");
			tdx_strbuf_dec(&sb, c);
			tdx_strbuf_puts(&sb, " not allocated or not 4K aligned");
			tdx_strbuf_finish(&sb);
			return -EINVAL;
		}
		if (plan->nr_cmrs &&
		    !tdx_cmrs_cover(plan->cmrs, plan->nr_cmrs, ch->base, ch->base + ch->size)) {
			tdx_strbuf_puts(&sb, "PAMT chunk at ");
			tdx_strbuf_hex(&sb, ch->base, 0);
			tdx_strbuf_puts(&sb, " is outside the CMRs");
			tdx_strbuf_finish(&sb);
			return -EINVAL;
		}
		while (pos && plan->chunks[w->chunk_order[pos - 1]].base > ch->base) {
			w->chunk_order[pos] = w->chunk_order[pos - 1];
			pos--;
		}
		w->chunk_order[pos] = c;
	}
	for (a = 1; a < plan->nr_chunks; a++) {
		const struct tdmr_plan_chunk *lo = &plan->chunks[w->chunk_order[a - 1]];

		if (lo->base + lo->size > plan->chunks[w->chunk_order[a]].base) {
			tdx_strbuf_puts(&sb, "PAMT chunks overlap at ");
			tdx_strbuf_hex(&sb, plan->chunks[w->chunk_order[a]].base, 0);
			tdx_strbuf_finish(&sb);
			return -EINVAL;
		}
	}

	for (t = 0; t < plan->nr_tdmrs; t++) {
		struct tdmr_plan_tdmr *td = &plan->tdmrs[t];
		u64 end = td->base + td->size;
		u32 count = tdmr_fill_holes(plan, td);

		for (ps = 0; ps < TDX_PS_NR; ps++)
			td->pamt_base[ps] = plan->chunks[td->pamt_chunk[ps]].base +
					    td->pamt_off[ps];
		for (a = 0; a < plan->nr_chunks && count <= max_rsvd; a++) {
			const struct tdmr_plan_chunk *ch = &plan->chunks[w->chunk_order[a]];
			u64 s = ch->base > td->base ? ch->base : td->base;
			u64 e = ch->base + ch->size < end ? ch->base + ch->size : end;

			if (s >= e)
				continue;
			if (tdmr_add_rsvd(td, s, e, &count))
				break;
		}
		if (count > max_rsvd) {
			tdx_strbuf_puts(&sb, "TDMR ");
			tdx_strbuf_dec(&sb, t);
			tdx_strbuf_puts(&sb, " at ");
			tdx_strbuf_hex(&sb, td->base, 0);
			tdx_strbuf_puts(&sb, " would need more than ");
			tdx_strbuf_dec(&sb, max_rsvd);
			tdx_strbuf_puts(&sb, " reserved areas with the PAMTs placed there");
			tdx_strbuf_finish(&sb);
			return -ENOSPC;
		}
	}
	plan->why = NULL;
	return 0;
}

void tdmr_plan_to_tdmr_info(const struct tdmr_plan *plan, unsigned int i,
			    struct tdmr_info *info, unsigned int max_rsvd)
{
	const struct tdmr_plan_tdmr *td = &plan->tdmrs[i];
	unsigned int k;

	info->base = td->base;
	info->size = td->size;
	info->pamt_4k_base = td->pamt_base[TDX_PS_4K];
	info->pamt_4k_size = td->pamt_size[TDX_PS_4K];
	info->pamt_2m_base = td->pamt_base[TDX_PS_2M];
	info->pamt_2m_size = td->pamt_size[TDX_PS_2M];
	info->pamt_1g_base = td->pamt_base[TDX_PS_1G];
	info->pamt_1g_size = td->pamt_size[TDX_PS_1G];
	for (k = 0; k < max_rsvd; k++) {
		if (k < td->nr_rsvd) {
			info->reserved_areas[k].offset = td->rsvd[k].start - td->base;
			info->reserved_areas[k].size = td->rsvd[k].size;
		} else {
			info->reserved_areas[k].offset = 0;
			info->reserved_areas[k].size = 0;
		}
	}
}

/* ---- validation: the TDH.SYS.CONFIG rules */

/* Does [s, e) touch a part of TDMR td that is not reserved? */
static bool overlaps_available(const struct tdmr_plan_tdmr *td, u64 s, u64 e)
{
	u64 pos = td->base, end = td->base + td->size;
	u32 k;

	for (k = 0; k <= td->nr_rsvd; k++) {
		u64 avail_end = k < td->nr_rsvd ? td->rsvd[k].start : end;

		if (avail_end > pos && s < avail_end && e > pos)
			return true;
		if (k < td->nr_rsvd)
			pos = td->rsvd[k].start + td->rsvd[k].size;
	}
	return false;
}

static int validate_tdmr(const struct tdmr_plan *plan, u32 t, const struct tdx_cmr_range *cmrs,
			 unsigned int nr_cmrs, const char **why)
{
	const struct tdmr_plan_tdmr *td = &plan->tdmrs[t];
	u64 end = td->base + td->size, pos;
	u32 k;
	int ps;

	if (!td->size || !IS_ALIGNED(td->base, SZ_1G) || !IS_ALIGNED(td->size, SZ_1G) ||
	    end < td->base) {
		*why = "TDMR base or size not 1 GiB aligned, or zero";
		return -EINVAL;
	}
	if (t && td->base < plan->tdmrs[t - 1].base + plan->tdmrs[t - 1].size) {
		*why = "TDMRs unsorted or overlapping";
		return -EINVAL;
	}
	if (td->nr_rsvd > plan->lim.max_rsvd_per_tdmr || td->nr_rsvd > TDMR_PLAN_MAX_RSVD) {
		*why = "too many reserved areas in a TDMR";
		return -EINVAL;
	}
	for (k = 0; k < td->nr_rsvd; k++) {
		const struct tdmr_plan_area *r = &td->rsvd[k];

		if (!r->size || !IS_ALIGNED(r->start, SZ_4K) || !IS_ALIGNED(r->size, SZ_4K) ||
		    r->start < td->base || r->start + r->size > end) {
			*why = "reserved area empty, unaligned or outside its TDMR";
			return -EINVAL;
		}
		if (k && r->start < td->rsvd[k - 1].start + td->rsvd[k - 1].size) {
			*why = "reserved areas unsorted or overlapping";
			return -EINVAL;
		}
	}
	for (ps = 0; ps < TDX_PS_NR; ps++) {
		u64 b = td->pamt_base[ps], sz = td->pamt_size[ps];
		u64 need = (td->size >> pamt_shift[ps]) * plan->lim.pamt_entry_size[ps];

		if (!IS_ALIGNED(b, SZ_4K) || !IS_ALIGNED(sz, SZ_4K) || sz < need ||
		    b + sz < b || !b) {
			*why = "PAMT unaligned, unset or too small";
			return -EINVAL;
		}
		if (!tdx_cmrs_cover(cmrs, nr_cmrs, b, b + sz)) {
			*why = "PAMT outside the CMRs";
			return -EINVAL;
		}
	}
	/* Non-reserved parts must be convertible memory. */
	pos = td->base;
	for (k = 0; k <= td->nr_rsvd; k++) {
		u64 avail_end = k < td->nr_rsvd ? td->rsvd[k].start : end;

		if (avail_end > pos && !tdx_cmrs_cover(cmrs, nr_cmrs, pos, avail_end)) {
			*why = "non-reserved TDMR memory outside the CMRs";
			return -EINVAL;
		}
		if (k < td->nr_rsvd)
			pos = td->rsvd[k].start + td->rsvd[k].size;
	}
	return 0;
}

int tdmr_plan_validate(const struct tdmr_plan *plan, const struct tdx_cmr_range *cmrs,
		       unsigned int nr_cmrs, const char **why)
{
	u32 t, u;
	int ps, qs, ret;

	*why = NULL;
	if (!plan->nr_tdmrs || plan->nr_tdmrs > plan->lim.max_tdmrs ||
	    plan->nr_tdmrs > TDMR_PLAN_MAX_TDMRS) {
		*why = "no TDMRs or more than the module allows";
		return -EINVAL;
	}
	for (t = 0; t < plan->nr_tdmrs; t++) {
		ret = validate_tdmr(plan, t, cmrs, nr_cmrs, why);
		if (ret)
			return ret;
	}
	/* PAMTs overlap neither each other nor any TDMR's available memory. */
	for (t = 0; t < plan->nr_tdmrs; t++) {
		for (ps = 0; ps < TDX_PS_NR; ps++) {
			u64 b = plan->tdmrs[t].pamt_base[ps], e = b + plan->tdmrs[t].pamt_size[ps];

			for (u = 0; u < plan->nr_tdmrs; u++) {
				if (overlaps_available(&plan->tdmrs[u], b, e)) {
					*why = "PAMT overlaps non-reserved TDMR memory";
					return -EINVAL;
				}
				for (qs = 0; qs < TDX_PS_NR; qs++) {
					u64 ob = plan->tdmrs[u].pamt_base[qs];
					u64 oe = ob + plan->tdmrs[u].pamt_size[qs];

					if ((u != t || qs != ps) && b < oe && ob < e) {
						*why = "PAMTs overlap";
						return -EINVAL;
					}
				}
			}
		}
	}
	return 0;
}
