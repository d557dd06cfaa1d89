/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The failure record: what an enable step says when it fails.  Its own header
 * because the steps' helpers (sysinfo.c) fill it without knowing the flow.
 */
#ifndef TDXHOST_FAILURE_H
#define TDXHOST_FAILURE_H

#include <linux/types.h>
#include <linux/tdxhost.h>

#define TDXHOST_MSG_LEN		160

struct tdxhost_failure {
	enum tdxhost_step step;
	u64 leaf;		/* TDX_LEAF_NONE when no SEAMCALL failed */
	u64 status;
	int err;		/* -errno */
	char msg[TDXHOST_MSG_LEN];	/* what failed and the hint */
};

#endif /* TDXHOST_FAILURE_H */
