/* SPDX-License-Identifier: GPL-2.0 */
/* TDX memory: the System RAM snapshot, PAMT allocation, the hotplug guard. */
#ifndef TDXHOST_MEMORY_H
#define TDXHOST_MEMORY_H

#include <linux/types.h>

#include "tdmr_plan.h"

struct tdx_sysinfo;

/* System RAM at and above 1 MiB, split at NUMA node boundaries. */
int tdxhost_memory_snapshot(struct tdx_mem_range *out, unsigned int max, unsigned int *nr);
/* Every range convertible (tdx_cmrs_cover())?  Else -EINVAL and a message naming the range. */
int tdxhost_memory_check_cmrs(const struct tdx_mem_range *mem, unsigned int nr,
			      const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs,
			      char *msg, size_t len);

/*
 * The host side of tdmr_plan_run(): take a contiguous range of free System
 * RAM for a PAMT chunk, give it back, and the pamt_alloc_fail hook.  Sets
 * take, release and chunk; the caller sets event and ctx.
 */
void tdxhost_pamt_host(struct tdmr_plan_host *host);
/* Clear the chunks the TDX module wrote, before they are freed. */
void tdxhost_pamt_reset(struct tdmr_plan *plan);
void tdxhost_pamt_free(struct tdmr_plan *plan);
/* Clear memory the TDX module used (MOVDIR64B where the CPU has it) before reuse. */
void tdxhost_mem_reset(u64 pa, u64 size);
/* Test hook (debugfs pamt_alloc_fail): fail this many chunk allocations. */
extern u32 tdxhost_pamt_alloc_fail;

/* The hotplug guard: refuse onlining memory outside the snapshot. */
enum tdxhost_mem_guard {
	TDXHOST_MEM_OPEN,	/* no TDX: anything goes */
	TDXHOST_MEM_FROZEN,	/* enable running before the snapshot: refuse all */
	TDXHOST_MEM_TDX_ONLY,	/* only memory in the TDX memory list */
};
void tdxhost_memory_guard(enum tdxhost_mem_guard g, const struct tdx_mem_range *mem,
			  unsigned int nr);
int tdxhost_memory_init(void);
void tdxhost_memory_exit(void);

#endif /* TDXHOST_MEMORY_H */
