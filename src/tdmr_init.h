/* SPDX-License-Identifier: GPL-2.0 */
/* TDH.SYS.TDMR.INIT over every TDMR of the plan: the last step of enable. */
#ifndef TDXHOST_TDMR_INIT_H
#define TDXHOST_TDMR_INIT_H

#include <linux/types.h>

struct tdmr_plan;

struct tdxhost_tdmr_init_result {
	u64 status;		/* a failing TDH.SYS.TDMR.INIT status, 0 if none */
	unsigned int tdmr;	/* the lowest-numbered TDMR that failed */
	u64 base;		/* and its base */
	u64 ns;			/* wall time */
	bool parallel;		/* TDMRs were initialized concurrently */
};

/*
 * Initialize every TDMR of @plan to its end, publishing progress.  0;
 * -EIO with @r->status set when a call failed (each failure is reported in
 * dmesg); -ENOMEM.
 */
int tdxhost_tdmr_init(const struct tdmr_plan *plan, struct tdxhost_tdmr_init_result *r);

#endif /* TDXHOST_TDMR_INIT_H */
