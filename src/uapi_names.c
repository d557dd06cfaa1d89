// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	include/uapi/linux/tdxhost.yaml */
/* by scripts/netlink-gen.sh with the kernel's ynl-gen-c.py */

#include <linux/kernel.h>

#include "uapi_names.h"

static const char * const tdxhost_state_strmap[] = {
	[TDXHOST_STATE_UNAVAILABLE] = "unavailable",
	[TDXHOST_STATE_UNINITIALIZED] = "uninitialized",
	[TDXHOST_STATE_INITIALIZING] = "initializing",
	[TDXHOST_STATE_INITIALIZED] = "initialized",
	[TDXHOST_STATE_FAILED] = "failed",
};

const char *tdxhost_state_str(enum tdxhost_state value)
{
	if (value >= ARRAY_SIZE(tdxhost_state_strmap) || !tdxhost_state_strmap[value])
		return "?";
	return tdxhost_state_strmap[value];
}

static const char * const tdxhost_step_strmap[] = {
	[TDXHOST_STEP_NONE] = "none",
	[TDXHOST_STEP_PRECHECK] = "precheck",
	[TDXHOST_STEP_SYS_INIT] = "sys-init",
	[TDXHOST_STEP_LP_INIT] = "lp-init",
	[TDXHOST_STEP_SYSINFO] = "sysinfo",
	[TDXHOST_STEP_MODULE_CHECK] = "module-check",
	[TDXHOST_STEP_KEYIDS] = "keyids",
	[TDXHOST_STEP_MEMORY] = "memory",
	[TDXHOST_STEP_PLAN] = "plan",
	[TDXHOST_STEP_PAMT_ALLOC] = "pamt-alloc",
	[TDXHOST_STEP_CONFIG] = "config",
	[TDXHOST_STEP_KEY_CONFIG] = "key-config",
	[TDXHOST_STEP_TDMR_INIT] = "tdmr-init",
};

const char *tdxhost_step_str(enum tdxhost_step value)
{
	if (value >= ARRAY_SIZE(tdxhost_step_strmap) || !tdxhost_step_strmap[value])
		return "?";
	return tdxhost_step_strmap[value];
}
