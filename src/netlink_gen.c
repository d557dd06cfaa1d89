// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	include/uapi/linux/tdxhost.yaml */
/* by scripts/netlink-gen.sh with the kernel's ynl-gen-c.py */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink_gen.h"

#include <linux/tdxhost_netlink.h>

static const char * const tdxhost_step_fail_msgs[] = {
	[TDXHOST_STEP_NONE] = "TDX enable failed",
	[TDXHOST_STEP_PRECHECK] = "TDX enable failed at step precheck",
	[TDXHOST_STEP_SYS_INIT] = "TDX enable failed at step sys-init (TDH.SYS.INIT)",
	[TDXHOST_STEP_LP_INIT] = "TDX enable failed at step lp-init (TDH.SYS.LP.INIT)",
	[TDXHOST_STEP_SYSINFO] = "TDX enable failed at step sysinfo (TDH.SYS.RD)",
	[TDXHOST_STEP_MODULE_CHECK] = "TDX enable failed at step module-check",
	[TDXHOST_STEP_KEYIDS] = "TDX enable failed at step keyids",
	[TDXHOST_STEP_MEMORY] = "TDX enable failed at step memory",
	[TDXHOST_STEP_PLAN] = "TDX enable failed at step plan (TDMR/PAMT)",
	[TDXHOST_STEP_PAMT_ALLOC] = "TDX enable failed at step pamt-alloc",
	[TDXHOST_STEP_CONFIG] = "TDX enable failed at step config (TDH.SYS.CONFIG)",
	[TDXHOST_STEP_KEY_CONFIG] = "TDX enable failed at step key-config (TDH.SYS.KEY.CONFIG)",
	[TDXHOST_STEP_TDMR_INIT] = "TDX enable failed at step tdmr-init (TDH.SYS.TDMR.INIT)",
};

const char *tdxhost_step_fail_msg(enum tdxhost_step value)
{
	if (value >= ARRAY_SIZE(tdxhost_step_fail_msgs) || !tdxhost_step_fail_msgs[value])
		return "TDX enable failed";
	return tdxhost_step_fail_msgs[value];
}

/* TDXHOST_CMD_GET_METADATA - do */
static const struct nla_policy tdxhost_get_metadata_nl_policy[TDXHOST_A_MD_NAME + 1] = {
	[TDXHOST_A_MD_ID] = { .type = NLA_U64, },
	[TDXHOST_A_MD_NAME] = { .type = NLA_NUL_STRING, .len = TDXHOST_MD_NAME_MAX, },
};

/* TDXHOST_CMD_GET_STATS - dump */
static const struct nla_policy tdxhost_get_stats_nl_policy[TDXHOST_A_STATS_ALL + 1] = {
	[TDXHOST_A_STATS_ALL] = { .type = NLA_FLAG, },
};

/* TDXHOST_CMD_GET_TDS - do */
static const struct nla_policy tdxhost_get_tds_nl_policy[TDXHOST_A_TD_ID + 1] = {
	[TDXHOST_A_TD_ID] = { .type = NLA_U32, },
};

/* Ops table for tdxhost */
const struct genl_ops tdxhost_nl_ops[8] = {
	{
		.cmd	= TDXHOST_CMD_GET_STATUS,
		.doit	= tdxhost_nl_get_status_doit,
	},
	{
		.cmd	= TDXHOST_CMD_ENABLE,
		.doit	= tdxhost_nl_enable_doit,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= TDXHOST_CMD_GET_PAMT,
		.doit	= tdxhost_nl_get_pamt_doit,
	},
	{
		.cmd	= TDXHOST_CMD_GET_TDMRS,
		.dumpit	= tdxhost_nl_get_tdmrs_dumpit,
	},
	{
		.cmd	= TDXHOST_CMD_GET_CMRS,
		.dumpit	= tdxhost_nl_get_cmrs_dumpit,
	},
	{
		.cmd		= TDXHOST_CMD_GET_METADATA,
		.doit		= tdxhost_nl_get_metadata_doit,
		.dumpit		= tdxhost_nl_get_metadata_dumpit,
		.policy		= tdxhost_get_metadata_nl_policy,
		.maxattr	= TDXHOST_A_MD_NAME,
	},
	{
		.cmd		= TDXHOST_CMD_GET_STATS,
		.dumpit		= tdxhost_nl_get_stats_dumpit,
		.policy		= tdxhost_get_stats_nl_policy,
		.maxattr	= TDXHOST_A_STATS_ALL,
	},
	{
		.cmd		= TDXHOST_CMD_GET_TDS,
		.doit		= tdxhost_nl_get_tds_doit,
		.dumpit		= tdxhost_nl_get_tds_dumpit,
		.policy		= tdxhost_get_tds_nl_policy,
		.maxattr	= TDXHOST_A_TD_ID,
	},
};

const struct genl_multicast_group tdxhost_nl_mcgrps[1] = {
	[TDXHOST_NLGRP_EVENTS] = { "events", },
};
