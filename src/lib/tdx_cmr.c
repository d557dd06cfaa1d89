// SPDX-License-Identifier: GPL-2.0
/* The CMR coverage test of the pure-C library (see tdx_cmr.h). */
#include "tdx_types.h"
#include "tdx_cmr.h"

bool tdx_cmrs_cover(const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs, u64 start, u64 end)
{
	u64 run_start = 0, run_end = 0;
	unsigned int i;

	for (i = 0; i < nr_cmrs; i++) {
		u64 cs = cmrs[i].base, ce = cmrs[i].base + cmrs[i].size;

		if (!cmrs[i].size)
			continue;
		/* Starts where the previous one ends: one run with it. */
		if (cs == run_end)
			cs = run_start;
		if (start >= cs && end <= ce)
			return true;
		run_start = cs;
		run_end = ce;
	}
	return false;
}
