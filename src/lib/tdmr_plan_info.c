// SPDX-License-Identifier: GPL-2.0
/* TDMR/PAMT planner: one planned TDMR as TDH.SYS.CONFIG's tdmr_info. */
#include "tdmr_plan_internal.h"

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
