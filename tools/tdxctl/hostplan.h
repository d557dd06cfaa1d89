/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdxctl check: what enabling TDX will cost on this host (hostplan.c).  The
 * planner (src/lib/tdmr_plan.h) runs on this host's own memory map, as the
 * module will: System RAM from /proc/iomem (src/lib/memmap_parse.h), NUMA
 * nodes from sysfs, and the module's limits when it has read them.  It runs
 * tdmr_plan_run() on an idle host, as `tdxctl plan` does (host_plan_cmrs()).
 *
 * TDXCTL_SYSROOT, if set, is prepended to the /proc and /sys paths read
 * (the offline tests plan made-up hosts with it).
 */
#ifndef TDXCTL_HOSTPLAN_H
#define TDXCTL_HOSTPLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "tdmr_plan.h"

enum host_plan_result {
	HOST_PLAN_OK,		/* a layout: the numbers below */
	HOST_PLAN_NO_LAYOUT,	/* the planner found none under the limits (why) */
	HOST_PLAN_NO_MAP,	/* the memory map could not be read (why) */
};

struct host_plan {
	enum host_plan_result result;
	char why[192];
	/* The limits used: the module's if known, else the defaults. */
	bool limits_known;
	struct tdmr_plan_limits lim;
	/* TDX memory as the module will take it */
	unsigned int nr_ranges;
	unsigned int nr_nodes;
	uint64_t memory_bytes;
	/* HOST_PLAN_OK */
	uint32_t nr_tdmrs;
	uint64_t covered;
	uint64_t pamt_total;
	uint64_t pamt_level[TDX_PS_NR];
};

/*
 * Plan for this host.  @lim is the module's limits, or NULL when it has not
 * read them yet (then 64 TDMRs, 16 reserved areas, 16-byte PAMT entries).
 */
void host_plan_run(struct host_plan *hp, const struct tdmr_plan_limits *lim);

/*
 * The CMRs an offline plan assumes (check and plan): the memory ranges,
 * adjacent ones merged; one spanning CMR if there are too many.  How many.
 */
unsigned int host_plan_cmrs(const struct tdx_mem_range *mem, unsigned int nr,
			    struct tdx_cmr_range cmrs[TDX_MAX_CMRS]);

#endif /* TDXCTL_HOSTPLAN_H */
