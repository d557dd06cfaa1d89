// SPDX-License-Identifier: GPL-2.0
/*
 * TDMR/PAMT planner, phase 1: the count-limited search, run only when the
 * cheapest layout (tdmr_plan_search.c) needs more TDMRs than the module
 * allows.  The TDMR count joins the DP state, kept to a band of counts.
 *
 * It is the costly pass, so it gets bounds first: the TDMRs are cached, a
 * few Lagrangian passes (a price per TDMR instead of a limit) give a lower
 * bound on the PAMT of the rest of a plan from every state plus a plan
 * within the limit, and band entries and TDMRs that cannot be part of a plan
 * within an upper bound are skipped.  The upper bound starts just above the
 * Lagrangian lower bound and is raised to the known plan's PAMT only if no
 * plan is found below it.
 */
#include "tdmr_plan_internal.h"

#define PLAN_MAX_HULL_STEPS	16
#define PAIR_FIT_BITS	4		/* cached pair: start << 4 | homed states */
#define PAIR_FIT_MASK	0xfU
#define LAG_CNT_BITS	12		/* TDMR count in relaxed values (< 4096 boundaries) */
#define LAG_CNT_MASK	0xfffU
#define LAG_UNREACHED	(1ULL << 62)	/* above every relaxed value */

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

int tdmr_plan_band_layout(struct tdmr_plan *p)
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
 *
 * Left out: TDMRs that start in a memory-free gap, [cand[i], cand[j]) with
 * no memory in [cand[i], cand[i + 1]), unless their PAMT pages saturate.
 * The TDMR from cand[i + 1] fits in every homed state that one fits in (the
 * same ranges and groups, no more holes), costs strictly less (a GiB less
 * of 4K-level PAMT), and (i + 1, h) holds every count (i, h) holds at no
 * higher value (the gap is carried), or the count is one no plan within
 * the limits, or no cheapest one, passes through there.  So whatever the
 * left-out TDMR would write is beaten where it matters, and never ties
 * the cheapest plan or any prefix of it: the plan and its trace are the
 * ones the full walk finds.  The starts left out need no step_fit(): a
 * start that stops the walk (STEP_STOP) stops it at the next start too.
 */
static bool plan_cache_pairs(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 j, n = 0, m = w->nr_cand;

	w->nr_pairs = 0;
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
			if (w->gap_above[i] && pair_cost(p, w->cand[j] - w->cand[i]) < ~0U - 1)
				continue;
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
	u64 *lag = &w->lag[0][0], v, from[4];
	int h;

	/*
	 * Values carry the TDMR count in their low bits (fewest wins ties).
	 * Unshifted they stay below 2^47: scale <= 4096, and lambda and any
	 * plan's pages are below 2^34 (a TDMR's pages saturate at 2^32).
	 * Unreached states hold LAG_UNREACHED, which a TDMR added to stays
	 * above (no INF tests in the loop); they read INF at the end.
	 */
	for (j = 0; j < 2 * m; j++)
		lag[j] = LAG_UNREACHED;
	w->lag[m - 1][0] = 0;
	for (j = m - 1; j > 0; j--) {
		u64 base0 = w->lag[j][0], base1 = w->lag[j][1], cj = w->cand[j];

		if (w->gap_above[j - 1]) {
			for (h = 0; h < 2; h++)
				if (w->lag[j][h] < w->lag[j - 1][h])
					w->lag[j - 1][h] = w->lag[j][h];
			continue;
		}
		if (base0 >= LAG_UNREACHED && base1 >= LAG_UNREACHED)
			continue;
		/*
		 * The least end state a TDMR may lead to, by the two bits of
		 * its homed states for one start state: hout 0, 1 or either.
		 */
		from[0] = LAG_UNREACHED;
		from[1] = base0;
		from[2] = base1;
		from[3] = base0 < base1 ? base0 : base1;
		for (n = w->pair_off[j]; n < w->pair_off[j + 1]; n++) {
			u32 pair = w->pair[n], i = pair >> PAIR_FIT_BITS;
			u64 c, v0, v1, l0, l1;

			if (w->gap_above[i])
				continue;
			c = scale * pair_cost(p, cj - w->cand[i]) + lambda;
			c = (c << LAG_CNT_BITS) + 1;
			v0 = from[pair & 3] + c;		/* FIT(0, 0), FIT(0, 1) */
			v1 = from[(pair >> 2) & 3] + c;	/* FIT(1, 0), FIT(1, 1) */
			l0 = w->lag[i][0];
			l1 = w->lag[i][1];
			w->lag[i][0] = v0 < l0 ? v0 : l0;
			w->lag[i][1] = v1 < l1 ? v1 : l1;
		}
	}
	for (j = 0; j < 2 * m; j++)
		lag[j] = lag[j] >= LAG_UNREACHED ? PLAN_INF_COST : lag[j];
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
 * cached: plan_cache_pairs() has just cached them.
 */
static void plan_bounds(struct tdmr_plan *p, bool cached)
{
	struct tdmr_plan_work *w = &p->work;
	u32 m = w->nr_cand, t_max = plan_max_tdmrs(p), k_a, k_b, k, round;
	u64 c_a, c_b, v, lambda, big, scale = 1;

	if (!cached && !plan_cache_pairs(p))
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
 * plan, which is never below the best.  target (PAMT pages, 0: none): only
 * a plan within it is wanted, so the known plan's bound is capped there
 * (and nothing is tried when no plan can be).
 */
u32 tdmr_plan_bounded_tries(struct tdmr_plan *p, u64 target)
{
	static const u8 gap_shift[] = { 8, 4, 0 };
	struct tdmr_plan_work *w = &p->work;
	u64 gap, scale = w->bound_scale, lambda = w->bound_lambda, v;
	u32 t = 0, s, b, cnt;
	bool cached = false;

	/*
	 * A target and the multipliers of an earlier pass (another policy
	 * level): any multipliers bound the PAMT from below, so one relaxed
	 * pass often shows that nothing reaches the target.
	 */
	if (target && scale && plan_cache_pairs(p)) {
		cached = true;
		v = plan_lagrange(p, scale, lambda, &cnt);
		v = v > lambda * plan_max_tdmrs(p) ? v - lambda * plan_max_tdmrs(p) : 0;
		if (v > scale * target)
			return 0;
	}
	plan_bounds(p, cached);
	if (!w->nr_pairs) {
		t = plan_bounded(p);
		b = t ? (u32)band_idx(p, w->nr_cand - 1, 0, t) : 0;
		return t && target && w->band_val[b] > target ? 0 : t;
	}
	if (target && target < w->bound_lower)
		return 0;
	if (target && target < w->bound_feasible)
		w->bound_feasible = target;
	gap = w->bound_feasible - w->bound_lower;
	for (s = 0; s < ARRAY_SIZE(gap_shift); s++) {
		if (s && tdmr_plan_band_layout(p))
			return 0;	/* laid out before: not expected */
		w->bound_upper = w->bound_lower + (gap >> gap_shift[s]);
		t = plan_bounded(p);
		if (t)
			break;
	}
	return t;
}
