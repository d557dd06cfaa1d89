// SPDX-License-Identifier: GPL-2.0
/*
 * TDMR/PAMT planner: a placed plan checked against every TDH.SYS.CONFIG
 * rule, the way the TDX module checks it (check_and_set_tdmrs()).
 */
#include "tdmr_plan_internal.h"

/* Does [s, e) touch a part of TDMR td that is not reserved? */
static bool overlaps_available(const struct tdmr_plan_tdmr *td, u64 s, u64 e)
{
	u64 pos = td->base, end = td->base + td->size;
	u32 k;

	/* Outside the TDMR: the common case, checked for every PAMT and TDMR. */
	if (s >= end || e <= pos)
		return false;
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
		u64 need = (td->size >> tdmr_pamt_shift[ps]) * plan->lim.pamt_entry_size[ps];

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

/* The PAMT of TDMR idx / 3 at level idx % 3. */
static void pamt_of(const struct tdmr_plan *plan, u32 idx, u64 *b, u64 *e)
{
	const struct tdmr_plan_tdmr *td = &plan->tdmrs[idx / TDX_PS_NR];

	*b = td->pamt_base[idx % TDX_PS_NR];
	*e = *b + td->pamt_size[idx % TDX_PS_NR];
}

static bool pamt_below(const struct tdmr_plan *plan, u32 x, u32 y)
{
	u64 bx, by, e;

	pamt_of(plan, x, &bx, &e);
	pamt_of(plan, y, &by, &e);
	return bx < by;
}

/*
 * Does any PAMT overlap another?  Sorted by base (a heap sort of their
 * indices: PAMTs often come in descending order, insertion sort's worst
 * case), each must start at or above the furthest end before it.  The same
 * answer as comparing every pair, in O(n log n).
 */
static bool pamts_overlap(const struct tdmr_plan *plan)
{
	u8 idx[TDMR_PLAN_MAX_TDMRS * TDX_PS_NR];
	u32 n = plan->nr_tdmrs * TDX_PS_NR, k, root, child, start, end;
	u64 b, e, reach = 0;
	u8 tmp;

	for (k = 0; k < n; k++)
		idx[k] = (u8)k;
	for (start = n / 2, end = n; end > 1;) {
		if (start) {
			root = --start;
		} else {
			tmp = idx[--end];
			idx[end] = idx[0];
			idx[0] = tmp;
			root = 0;
		}
		while ((child = 2 * root + 1) < end) {
			if (child + 1 < end && pamt_below(plan, idx[child], idx[child + 1]))
				child++;
			if (!pamt_below(plan, idx[root], idx[child]))
				break;
			tmp = idx[root];
			idx[root] = idx[child];
			idx[child] = tmp;
			root = child;
		}
	}
	for (k = 0; k < n; k++) {
		pamt_of(plan, idx[k], &b, &e);
		if (k && b < reach)
			return true;
		reach = e > reach ? e : reach;
	}
	return false;
}

/* Index of the first TDMR that ends above addr (TDMRs sorted, checked before). */
static u32 first_tdmr_above(const struct tdmr_plan *plan, u64 addr)
{
	u32 lo = 0, hi = plan->nr_tdmrs;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (plan->tdmrs[mid].base + plan->tdmrs[mid].size > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
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
	/*
	 * PAMTs overlap neither each other nor any TDMR's available memory.
	 * With no two PAMTs overlapping (the valid case, checked first), a
	 * PAMT can only fail against the TDMRs it touches; else every pair is
	 * checked in order, so the first failure says what it always said.
	 */
	if (!pamts_overlap(plan)) {
		for (t = 0; t < plan->nr_tdmrs; t++) {
			for (ps = 0; ps < TDX_PS_NR; ps++) {
				u64 b = plan->tdmrs[t].pamt_base[ps];
				u64 e = b + plan->tdmrs[t].pamt_size[ps];

				for (u = first_tdmr_above(plan, b);
				     u < plan->nr_tdmrs && plan->tdmrs[u].base < e; u++) {
					if (overlaps_available(&plan->tdmrs[u], b, e)) {
						*why = "PAMT overlaps non-reserved TDMR memory";
						return -EINVAL;
					}
				}
			}
		}
		return 0;
	}
	for (t = 0; t < plan->nr_tdmrs; t++) {
		for (ps = 0; ps < TDX_PS_NR; ps++) {
			u64 b = plan->tdmrs[t].pamt_base[ps], e = b + plan->tdmrs[t].pamt_size[ps];

			for (u = 0; u < plan->nr_tdmrs; u++) {
				if (overlaps_available(&plan->tdmrs[u], b, e)) {
					*why = "PAMT overlaps non-reserved TDMR memory";
					return -EINVAL;
				}
				/* Each pair once: the PAMTs after this one. */
				for (qs = u == t ? ps + 1 : 0; u >= t && qs < TDX_PS_NR; qs++) {
					u64 ob = plan->tdmrs[u].pamt_base[qs];
					u64 oe = ob + plan->tdmrs[u].pamt_size[qs];

					if (b < oe && ob < e) {
						*why = "PAMTs overlap";
						return -EINVAL;
					}
				}
			}
		}
	}
	return 0;
}
