// SPDX-License-Identifier: GPL-2.0
/*
 * TDMR/PAMT planner, phase 1: the layout search.  See tdmr_plan.h for the
 * model; the short version:
 *
 * A plan is a list of 1 GiB aligned TDMRs covering every TDX memory byte.
 * A TDMR [a, b) costs PAMT memory that depends only on b - a, and needs one
 * reserved area per memory hole inside it plus one slot per PAMT chunk homed
 * in it.  Every group (adjacent node runs sharing PAMT chunks: one node
 * run, several, or all of them; tdmr_plan.c picks the level) is homed in
 * exactly one TDMR that holds some of its memory, and where it asks for
 * room, one that holds a piece of it that long (step_room()).
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
 * The fewest-TDMR passes walk sliding windows of starts with a deque of
 * window minima, so they stop as soon as no start left can do better.
 *
 * This file: PAMT sizes, the candidate boundaries, the pass with the TDMR
 * count free, the fewest-TDMR passes and the trace of the chosen layout.
 * The count-limited pass is tdmr_plan_bounded.c.
 */
#include "tdmr_plan_internal.h"

const unsigned int tdmr_pamt_shift[TDX_PS_NR] = { 12, 21, 30 };

/* ---- PAMT sizes */

u64 tdmr_pamt_size(u64 tdmr_size, enum tdx_page_size ps, u16 entry_size)
{
	if ((unsigned int)ps >= TDX_PS_NR)
		return 0;
	return ALIGN((tdmr_size >> tdmr_pamt_shift[ps]) * entry_size, SZ_4K);
}

u64 tdmr_pamt_total(u64 tdmr_size, const struct tdmr_plan_limits *lim)
{
	u64 sum = 0;
	int ps;

	for (ps = 0; ps < TDX_PS_NR; ps++)
		sum += tdmr_pamt_size(tdmr_size, ps, lim->pamt_entry_size[ps]);
	return sum;
}

/*
 * PAMT pages of TDMRs of 0.. GiB, as far as TDMRs that long occur (up to
 * TDMR_PLAN_COST_GIB): both searches look a TDMR's cost up here.
 */
static void plan_cost_table(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u64 span = (w->cand[w->nr_cand - 1] - w->cand[0]) >> 30;
	u32 g;

	w->nr_cost_gib = span < TDMR_PLAN_COST_GIB ? (u32)span + 1 : TDMR_PLAN_COST_GIB;
	for (g = 0; g < w->nr_cost_gib; g++)
		w->cost_gib[g] = (u32)(tdmr_pamt_total((u64)g << 30, &p->lim) >> 12);
}

/* Node runs, hole prefix counts, candidate boundaries and the cost table. */
void tdmr_plan_prepare(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 n = p->nr_mem, k, m = 0, j, r = 0;

	for (k = 0; k < n; k++) {
		if (k && p->mem[k].nid != p->mem[k - 1].nid)
			r++;
		w->run_of[k] = r;
		w->gap_before[k] = k ? w->gap_before[k - 1] +
				       (p->mem[k - 1].end < p->mem[k].start) : 0;
	}
	w->nr_runs = r + 1;

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
		if (first < n)
			w->holes_below[j] = w->gap_before[first] - (c < p->mem[first].start);
	}
	plan_cost_table(p);
}

/*
 * The groups of a policy level: node runs shift bits at a time, so a group
 * is 1 << shift adjacent node runs sharing PAMT chunks (one group for
 * everything once shift covers them all).
 */
void tdmr_plan_set_groups(struct tdmr_plan *p, u32 shift)
{
	struct tdmr_plan_work *w = &p->work;
	u32 n = p->nr_mem, k, j, g;

	w->grp_shift = shift;
	for (k = 0; k < n; k++) {
		g = shift < 16 ? (u32)w->run_of[k] >> shift : 0;
		if (!k || g != w->rng_grp[k - 1])
			w->grp_first[g] = k;
		w->grp_last[g] = k;
		w->rng_grp[k] = g;
	}
	w->nr_grp = w->rng_grp[n - 1] + 1;
	for (j = 0; j < w->nr_cand; j++) {
		u32 first = w->first_rng[j];
		s32 last = w->last_rng[j];

		w->first_grp[j] = first < n ? w->rng_grp[first] : 0;
		w->straddler[j] = -1;
		if (last >= 0 && first < n &&
		    (first == (u32)last || w->rng_grp[first] == w->rng_grp[last]))
			w->straddler[j] = w->rng_grp[last];
	}
}

/*
 * Room for group g's chunk among its ranges r0..r1 inside [lo, hi): a piece
 * at least grp_cap[g] long.  Only r0 and r1 can be cut; nbig counts the
 * ranges at least their own group's grp_cap long.
 */
static bool grp_room(const struct tdmr_plan *p, u32 g, u32 r0, u32 r1, u64 lo, u64 hi)
{
	const struct tdmr_plan_work *w = &p->work;
	u64 cap = w->grp_cap[g];

	if (!cap || piece_len(p, r0, lo, hi) >= cap || piece_len(p, r1, lo, hi) >= cap)
		return true;
	return r0 + 1 < r1 && w->nbig[r1] > w->nbig[r0 + 1];
}

/*
 * step_fit() where homes need room: a group may be homed in TDMR
 * [cand[k], cand[e->j]) only if it has a piece there as long as its chunk.
 * The groups wholly inside are homed here, so all of them need it.
 */
u32 tdmr_plan_fit_room(const struct tdmr_plan *p, const struct step_end *e, u32 k, u32 need)
{
	const struct tdmr_plan_work *w = &p->work;
	u64 lo = w->cand[k], hi = w->cand[e->j];
	u32 gf = w->first_grp[k], df = w->grp_demand[gf], first = w->first_rng[k];
	u32 last = (u32)e->last, d0, d1, fits = 0;
	bool sin = w->straddler[k] >= 0, here, room_f, room_l, top;

	if (gf == e->gl) {
		here = need + df <= e->max_rsvd && grp_room(p, gf, first, last, lo, hi);
		if (e->sout ? need <= e->max_rsvd : here)
			fits |= FIT(0, 0);
		if (e->sout && here)
			fits |= FIT(0, 1);
		if (sin)
			fits |= e->sout ? FIT(1, 1) : FIT(1, 0);
		return fits;
	}
	if (w->grp_short[e->gl] != w->grp_short[gf + 1])
		return 0;	/* a group inside has no room here */
	room_f = grp_room(p, gf, first, w->grp_last[gf], lo, hi);
	room_l = grp_room(p, e->gl, w->grp_first[e->gl], last, lo, hi);
	d0 = need + (e->sout ? 0 : e->dl);	/* top group homed here or above */
	d1 = need + e->dl;
	top = e->sout || room_l;		/* the top group, if homed here */
	if (d0 + df <= e->max_rsvd && room_f && top)
		fits |= FIT(0, 0);
	if (e->sout && d1 + df <= e->max_rsvd && room_f && room_l)
		fits |= FIT(0, 1);
	if (sin && d0 <= e->max_rsvd && top)
		fits |= FIT(1, 0);
	if (sin && e->sout && d1 <= e->max_rsvd && room_l)
		fits |= FIT(1, 1);
	return fits;
}

void tdmr_plan_set_demand_sums(struct tdmr_plan_work *w)
{
	u32 g;

	w->grp_demand_sum[0] = 0;
	for (g = 0; g < w->nr_grp; g++)
		w->grp_demand_sum[g + 1] = w->grp_demand_sum[g] + w->grp_demand[g];
}

/* Holes inside [cand[i], cand[j]) given the first and last range in it. */
static u32 span_holes(const struct tdmr_plan *p, u32 i, u32 j, u32 first, u32 last)
{
	const struct tdmr_plan_work *w = &p->work;

	return (w->cand[i] < p->mem[first].start) + (w->gap_before[last] - w->gap_before[first]) +
	       (p->mem[last].end < w->cand[j]);
}

/* PAMT bytes per GiB of TDMR, before the 4K rounding of each level. */
static u64 plan_pamt_per_gib(const struct tdmr_plan *p)
{
	u64 sum = 0;
	int ps;

	for (ps = 0; ps < TDX_PS_NR; ps++)
		sum += (SZ_1G >> tdmr_pamt_shift[ps]) * p->lim.pamt_entry_size[ps];
	return sum;
}

/*
 * For every candidate, the 1 GiB pages holding memory below it.  TDMRs are
 * 1 GiB aligned and disjoint, so covering that memory takes at least this
 * many GiB of TDMR, and PAMT per GiB times it bounds the prefix cost.
 */
void tdmr_plan_pages_below(struct tdmr_plan *p)
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
 * Least PAMT any plan can have: the 1 GiB pages holding memory must be
 * covered, and a TDMR has at least one page of 1G-level PAMT.
 */
u64 tdmr_plan_least_pamt(const struct tdmr_plan *p)
{
	return plan_pamt_per_gib(p) * p->work.pages_below[p->work.nr_cand - 1] + SZ_4K;
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
 * Lower bound on the TDMRs needed for the memory above each boundary.
 *
 * The ends that fit a TDMR starting at cand[j] form a window (j, hi] whose
 * high end only moves down with j; ends are walked highest first, and a
 * deque of the window's minima stops the walk once no end left can do
 * better (as in tdmr_plan_min_counts()).
 */
void tdmr_plan_suffix_count(struct tdmr_plan *p)
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

/* tdmr_pamt_total() of a TDMR of size bytes (a 1 GiB multiple). */
static u64 step_pamt(const struct tdmr_plan *p, u64 size)
{
	const struct tdmr_plan_work *w = &p->work;
	u64 gib = size >> 30;

	return gib < w->nr_cost_gib ? (u64)w->cost_gib[gib] << 12 : tdmr_pamt_total(size, &p->lim);
}

/*
 * Prefix values as one number: PAMT bytes (whole pages) with the TDMR
 * count (below TDMR_PLAN_MAX_CAND, 4096) in the low 12 bits, so that one
 * compare orders by cost, then by fewest TDMRs.
 */
#define KEY_CNT_MASK	0xfffULL

static u64 prefix_key(const struct tdmr_plan_work *w, u32 i, int h)
{
	return w->cost[i][h] == PLAN_INF_COST ? PLAN_INF_COST : w->cost[i][h] | w->count[i][h];
}

static void set_prefix(struct tdmr_plan_work *w, u32 j, int h, u64 key, u16 back)
{
	w->cost[j][h] = key == PLAN_INF_COST ? PLAN_INF_COST : key & ~KEY_CNT_MASK;
	w->count[j][h] = key == PLAN_INF_COST ? PLAN_INF_CNT : (u16)(key & KEY_CNT_MASK);
	w->back[j][h] = back;
}

/*
 * One forward pass with the TDMR count free: the cheapest plan for every
 * prefix (fewest TDMRs among the cheapest; among equals, the latest start,
 * then hin 0).  Starts are walked latest first; the walk stops once the
 * cost bound shows that no earlier start can even tie the best found, so
 * the result is the same as walking them all.
 */
void tdmr_plan_forward(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u64 per_gib = plan_pamt_per_gib(p);
	u32 j, m = w->nr_cand;
	int h;

	set_prefix(w, 0, 0, 0, BACK_NONE);
	set_prefix(w, 0, 1, PLAN_INF_COST, BACK_NONE);
	for (j = 1; j < m; j++) {
		u64 best0 = PLAN_INF_COST, best1 = PLAN_INF_COST;
		u16 back0 = BACK_NONE, back1 = BACK_NONE;
		struct step_end e;
		u32 i = j, fits;

		step_end_init(p, j, &e);
		while ((fits = step_next(p, &e, &i))) {
			u64 bound = step_cost_bound(w, per_gib, i, j), step, k0, k1;

			/* (j, 1) exists only where a group straddles cand[j]. */
			if (bound > (best0 & ~KEY_CNT_MASK) &&
			    (!e.sout || bound > (best1 & ~KEY_CNT_MASK)))
				break;
			step = step_pamt(p, w->cand[j] - w->cand[i]) + 1;	/* one TDMR more */
			k0 = prefix_key(w, i, 0);
			k1 = prefix_key(w, i, 1);
			if (k0 != PLAN_INF_COST) {
				k0 += step;
				if ((fits & FIT(0, 0)) && k0 < best0) {
					best0 = k0;
					back0 = i;
				}
				if ((fits & FIT(0, 1)) && k0 < best1) {
					best1 = k0;
					back1 = i;
				}
			}
			if (k1 != PLAN_INF_COST) {
				k1 += step;
				if ((fits & FIT(1, 0)) && k1 < best0) {
					best0 = k1;
					back0 = i | BACK_HIN;
				}
				if ((fits & FIT(1, 1)) && k1 < best1) {
					best1 = k1;
					back1 = i | BACK_HIN;
				}
			}
		}
		if (cand_gap_free(w, j - 1, j)) {
			for (h = 0; h < 2; h++) {
				u64 k = prefix_key(w, j - 1, h), *best = h ? &best1 : &best0;

				if (k < *best) {
					*best = k;
					if (h)
						back1 = BACK_CARRY;
					else
						back0 = BACK_CARRY;
				}
			}
		}
		set_prefix(w, j, 0, best0, back0);
		set_prefix(w, j, 1, best1, back1);
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
void tdmr_plan_min_counts(struct tdmr_plan *p)
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

/* Record the chosen TDMRs (candidate pairs) walking back-pointers; returns count. */
u32 tdmr_plan_trace(struct tdmr_plan *p, u32 t_bounded)
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
