// SPDX-License-Identifier: GPL-2.0
/*
 * TDMR/PAMT planner: input, the phase 1 driver and its failure reasons.
 * See tdmr_plan.h for the model and tdmr_plan_internal.h for the files.
 */
#include "tdmr_plan_internal.h"

#define PLAN_MAX_ROUNDS	16

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
		td->pamt_nid = td->nid;
		td->pamt_remote = false;
		p->covered += td->size;
	}
}

/* nbig, grp_short and grp_ncap for the rooms asked for (tdmr_plan_fit_room()). */
static void plan_room_update(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 k, g;
	bool big;

	w->room_on = false;
	w->nbig[0] = 0;
	for (k = 0; k < p->nr_mem; k++) {
		g = w->rng_grp[k];
		big = piece_len(p, k, 0, ~0ULL) >= w->grp_cap[g];
		w->nbig[k + 1] = w->nbig[k] + big;
		w->room_on |= w->grp_cap[g] != 0;
	}
	w->grp_short[0] = 0;
	w->grp_ncap[0] = 0;
	for (g = 0; g < w->nr_grp; g++) {
		w->grp_short[g + 1] = w->grp_short[g] +
				      (w->nbig[w->grp_last[g] + 1] == w->nbig[w->grp_first[g]]);
		w->grp_ncap[g + 1] = w->grp_ncap[g] + (w->grp_cap[g] != 0);
	}
}

/* Is any range at least len long? */
static bool plan_longer(const struct tdmr_plan *p, u64 len)
{
	u32 k;

	for (k = 0; k < p->nr_mem; k++)
		if (piece_len(p, k, 0, ~0ULL) >= len)
			return true;
	return false;
}

/*
 * Plan with one policy level (groups: node runs >> shift), the PAMT at most
 * target bytes (0: any).  0, or -ENOSPC with why; work.cap_short is set
 * when room for a chunk is what is missing, *over_target when plans exist
 * but cost more than target, *bound when room for a chunk shaped the plan.
 *
 * Two things are raised until the plan settles: a group's slot demand when
 * it needs more chunks than slots (a chunk size limit), and the room its
 * home must have (a free piece as long as its chunk) when the chunk does not
 * fit its window.  A plan that does not fit costs at least what it costs,
 * so with one chunk for everything the room only grows and stays below the
 * PAMT of the best plan that fits: the first plan that fits is the best.
 */
static int plan_level(struct tdmr_plan *p, u32 shift, u64 target, bool *over_target,
		      bool *bound)
{
	struct tdmr_plan_work *w = &p->work;
	u32 g, nr, t_bounded, round;
	struct tdx_strbuf sb;
	u64 need = 0;
	int ret = 0;

	*over_target = false;
	*bound = false;
	tdmr_plan_set_groups(p, shift);
	for (g = 0; g < w->nr_grp; g++) {
		w->grp_demand[g] = 1;
		w->grp_cap[g] = 0;
	}
	plan_room_update(p);
	/* One chunk for everything, longer than any range whatever the layout? */
	need = tdmr_plan_least_pamt(p);
	if (w->nr_grp == 1 && !p->opts.max_chunk_size && !plan_longer(p, need)) {
		w->cap_short = need;
		*bound = true;
		why_begin(p, &sb);
		tdx_strbuf_puts(&sb, "the PAMT (at least ");
		tdx_strbuf_dec(&sb, need >> 10);
		tdx_strbuf_puts(&sb, " KiB) is longer than any free range");
		tdx_strbuf_finish(&sb);
		return -ENOSPC;
	}

	for (round = 0; round < PLAN_MAX_ROUNDS; round++) {
		w->cap_short = 0;
		tdmr_plan_set_demand_sums(w);
		tdmr_plan_forward(p);
		t_bounded = 0;
		/* count > max_tdmrs also covers "no plan at all" (PLAN_INF_CNT). */
		if (w->count[w->nr_cand - 1][0] > plan_max_tdmrs(p)) {
			tdmr_plan_min_counts(p);
			if (w->min_count[w->nr_cand - 1][0] == PLAN_INF_CNT ||
			    w->min_count[w->nr_cand - 1][0] > plan_max_tdmrs(p)) {
				ret = -ENOSPC;
				break;
			}
			tdmr_plan_suffix_count(p);
			if (tdmr_plan_band_layout(p)) {
				p->why = "memory layout too complex for the planner's work area";
				return -ENOSPC;
			}
			t_bounded = tdmr_plan_bounded_tries(p, target >> 12);
			if (!t_bounded) {
				*over_target = target != 0;
				ret = -ENOSPC;
				break;
			}
		} else if (target && w->cost[w->nr_cand - 1][0] > target) {
			*over_target = true;
			p->why = "no plan within the PAMT target";
			return -ENOSPC;
		}
		nr = tdmr_plan_trace(p, t_bounded);
		plan_fill_tdmrs(p, nr);
		tdmr_plan_assign_homes(p, nr);
		tdmr_plan_rehome(p);
		ret = tdmr_plan_pack_chunks(p);
		if (ret == -EAGAIN)
			continue;	/* demand raised */
		if (ret)
			return ret;
		ret = tdmr_plan_room(p);
		if (ret != -ENOSPC || !w->cap_short)
			break;
		/* No room in the home: ask for a piece as long as the chunk. */
		g = w->chunk_grp[w->cap_short_chunk];
		need = w->grp_cap[g] < w->cap_short ? w->cap_short : w->grp_cap[g] + SZ_4K;
		w->grp_cap[g] = need;
		*bound = true;
		if (!plan_longer(p, need))
			break;
		plan_room_update(p);
	}
	if (ret == -EAGAIN || (ret && round == PLAN_MAX_ROUNDS)) {
		p->why = "PAMT chunks do not settle; raise max_chunk_size";
		return -ENOSPC;
	}
	if (ret && !w->cap_short && !*over_target) {
		if (*bound) {
			/* It fit the limits until homes needed room for their chunks. */
			w->cap_short = need;
			why_begin(p, &sb);
			tdx_strbuf_puts(&sb, "no layout within the limits has a free range of ");
			tdx_strbuf_dec(&sb, need >> 10);
			tdx_strbuf_puts(&sb, " KiB for a PAMT chunk in a TDMR with a reserved area to spare");
			tdx_strbuf_finish(&sb);
		} else {
			plan_explain(p);
		}
	}
	if (ret)
		return ret;
	p->chunk_runs = shift < 16 ? 1U << shift : p->nr_runs;
	return 0;
}

static void plan_keep(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;

	w->keep_nr_tdmrs = p->nr_tdmrs;
	w->keep_nr_chunks = p->nr_chunks;
	w->keep_chunk_runs = p->chunk_runs;
	w->keep_pamt_total = p->pamt_total;
	w->keep_covered = p->covered;
	memcpy(w->keep_tdmrs, p->tdmrs, p->nr_tdmrs * sizeof(p->tdmrs[0]));
	memcpy(w->keep_chunks, p->chunks, p->nr_chunks * sizeof(p->chunks[0]));
}

static void plan_restore(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;

	p->nr_tdmrs = w->keep_nr_tdmrs;
	p->nr_chunks = w->keep_nr_chunks;
	p->chunk_runs = w->keep_chunk_runs;
	p->pamt_total = w->keep_pamt_total;
	p->covered = w->keep_covered;
	memcpy(p->tdmrs, w->keep_tdmrs, p->nr_tdmrs * sizeof(p->tdmrs[0]));
	memcpy(p->chunks, w->keep_chunks, p->nr_chunks * sizeof(p->chunks[0]));
	tdmr_plan_set_pamt_nids(p, false);
}

/* PAMT within 0.01% of the least counts as the least: node-local PAMT is worth that. */
static u64 plan_tolerance(u64 pamt)
{
	return (pamt / 10001) & ~(SZ_4K - 1);
}

/*
 * The policy levels: node-local chunks (shift 0) unless chunks serving more
 * node runs reach less PAMT.  One chunk for everything (shift top) needs
 * the fewest reserved areas, so its plan has the least PAMT of any level
 * (unless room for that one chunk shaped it, which the search does not
 * chase further).  The strictest level within plan_tolerance() of it is
 * then found by bisection: PAMT only falls as groups merge (a merged group
 * keeps one of their homes and frees the others' slots).  With split chunks
 * (a chunk size limit) only node-local and one group are compared.
 */
static int plan_levels(struct tdmr_plan *p)
{
	char strict_why[sizeof(p->why_buf)];
	u64 strict = 0, target;
	u32 top = 0, lo, hi, mid;
	struct tdx_strbuf sb;
	bool over, bound;
	int ret;

	while (top < 16 && ((p->work.nr_runs - 1) >> top))
		top++;
	if (!top)
		return plan_level(p, 0, 0, &over, &bound);
	if (!plan_level(p, 0, 0, &over, &bound)) {
		strict = p->pamt_total;
		/* Within the tolerance of what any plan must cost: nothing can beat it. */
		if (strict <= tdmr_plan_least_pamt(p) + plan_tolerance(strict))
			return 0;
		plan_keep(p);
	} else {
		tdx_strbuf_init(&sb, strict_why, sizeof(strict_why));
		tdx_strbuf_puts(&sb, p->why);
		tdx_strbuf_finish(&sb);
	}
	/* Anything cheaper, by more than the tolerance, with one chunk for everything? */
	target = strict ? strict - plan_tolerance(strict) - SZ_4K : 0;
	ret = plan_level(p, top, target, &over, &bound);
	if (ret && strict) {
		plan_restore(p);
		return 0;
	}
	if (ret && p->work.cap_short) {
		/* Node-local chunks do not fit the limits; one chunk has no room. */
		char room_why[sizeof(p->why_buf)];

		tdx_strbuf_init(&sb, room_why, sizeof(room_why));
		tdx_strbuf_puts(&sb, p->why);
		tdx_strbuf_finish(&sb);
		why_begin(p, &sb);
		tdx_strbuf_puts(&sb, strict_why);
		tdx_strbuf_puts(&sb, "; with fewer PAMT chunks, ");
		tdx_strbuf_puts(&sb, room_why);
		tdx_strbuf_finish(&sb);
	}
	if (ret || p->opts.max_chunk_size)
		return ret;
	plan_keep(p);
	target = p->pamt_total + plan_tolerance(p->pamt_total);
	for (lo = 1, hi = top; lo < hi;) {
		mid = lo + (hi - lo) / 2;
		if (!plan_level(p, mid, target, &over, &bound)) {
			hi = mid;
			plan_keep(p);
		} else {
			lo = mid + 1;
		}
	}
	plan_restore(p);
	return 0;
}

int tdmr_plan_build(struct tdmr_plan *plan, const struct tdx_mem_range *mem, unsigned int nr_mem,
		    const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs,
		    const struct tdmr_plan_limits *lim, const struct tdmr_plan_opts *opts)
{
	int ret;

	plan->nr_tdmrs = 0;
	plan->nr_chunks = 0;
	plan->pamt_total = 0;
	plan->covered = 0;
	plan->nr_runs = 0;
	plan->chunk_runs = 0;
	plan->nr_remote = 0;
	plan->placed = false;
	plan->why = NULL;
	memset(&plan->opts, 0, sizeof(plan->opts));
	ret = plan_take_input(plan, mem, nr_mem, cmrs, nr_cmrs, lim, opts);
	if (ret)
		return ret;
	tdmr_plan_prepare(plan);
	tdmr_plan_pages_below(plan);
	plan->nr_runs = plan->work.nr_runs;
	plan->work.bound_scale = 0;	/* no multipliers from an earlier pass yet */
	ret = plan_levels(plan);
	if (ret) {
		plan->nr_tdmrs = 0;
		plan->nr_chunks = 0;
		plan->pamt_total = 0;
		plan->covered = 0;
		return ret;
	}
	plan->why = NULL;
	return 0;
}
