/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TDH.SYS.LP.INIT on every CPU: on the online ones at enable, then on each
 * CPU that comes online, through a CPU hotplug callback kept while TDX is up.
 */
#ifndef TDXHOST_LP_H
#define TDXHOST_LP_H

#include <linux/types.h>

/* The first LP.INIT failure seen while an enable runs. */
struct tdxhost_lp_fault {
	u64 status;		/* 0: none */
	int cpu;
};

/*
 * While an enable runs (@f non-NULL) an LP.INIT failure is recorded in *@f
 * and keeps its CPU offline; otherwise a CPU that the configured module no
 * longer takes still comes online, without TDX.
 */
void tdxhost_lp_set_fault(struct tdxhost_lp_fault *f);

/*
 * LP.INIT on every online CPU and on those coming online; -errno having
 * undone it.  Both with cpus_read_lock() held.
 */
int tdxhost_lp_init(void);
/* Drop the callback and forget the LPs (a failed module is not retried, a reset one forgot). */
void tdxhost_lp_exit(void);

#endif /* TDXHOST_LP_H */
