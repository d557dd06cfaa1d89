/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Convertible memory regions (CMRs) and the one test "is this range
 * convertible memory", used by the planner and by the module's check of the
 * System RAM snapshot (src/memory.c).
 *
 * The answer is the TDX module's: TDH.SYS.CONFIG (is_area_in_cmr() in Intel's
 * tdh_sys_config.c) walks the CMR list in order, skips empty entries, and
 * lets a CMR that starts where the previous one ends extend it.  So a range
 * spanning adjacent CMRs is convertible, a range across a gap is not.
 *
 * The software TDX module (the emu) keeps its own copy of this check on
 * purpose: it plays the module, which checks independently of the host.
 */
#ifndef TDX_LIB_CMR_H
#define TDX_LIB_CMR_H

#include "tdx_types.h"

/* One convertible memory region as the module reports it. */
struct tdx_cmr_range {
	u64 base;
	u64 size;
};

/* Is [start, end) inside the CMRs, adjacent ones merged as the module does? */
bool tdx_cmrs_cover(const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs, u64 start, u64 end);

#endif /* TDX_LIB_CMR_H */
