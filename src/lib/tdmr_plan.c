// SPDX-License-Identifier: GPL-2.0
/*
 * TDMR/PAMT planner: input, the phase 1 driver and its failure reasons.
 * See tdmr_plan.h for the model and tdmr_plan_internal.h for the files.
 */
#include "tdmr_plan_internal.h"

#define PLAN_MAX_ROUNDS	6

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
	tdmr_plan_prepare(plan);
	tdmr_plan_pages_below(plan);
	for (g = 0; g < w->nr_grp; g++)
		w->grp_demand[g] = 1;

	for (round = 0; round < PLAN_MAX_ROUNDS; round++) {
		tdmr_plan_set_demand_sums(w);
		tdmr_plan_forward(plan);
		t_bounded = 0;
		/* count > max_tdmrs also covers "no plan at all" (PLAN_INF_CNT). */
		if (w->count[w->nr_cand - 1][0] > plan_max_tdmrs(plan)) {
			tdmr_plan_min_counts(plan);
			if (w->min_count[w->nr_cand - 1][0] == PLAN_INF_CNT ||
			    w->min_count[w->nr_cand - 1][0] > plan_max_tdmrs(plan)) {
				plan_explain(plan);
				return -ENOSPC;
			}
			tdmr_plan_suffix_count(plan);
			if (tdmr_plan_band_layout(plan)) {
				plan->why = "memory layout too complex for the planner's work area";
				return -ENOSPC;
			}
			t_bounded = tdmr_plan_bounded_tries(plan);
			if (!t_bounded) {
				plan_explain(plan);
				return -ENOSPC;
			}
		}
		nr = tdmr_plan_trace(plan, t_bounded);
		plan_fill_tdmrs(plan, nr);
		tdmr_plan_assign_homes(plan, nr);
		tdmr_plan_rehome(plan);
		ret = tdmr_plan_pack_chunks(plan);
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
