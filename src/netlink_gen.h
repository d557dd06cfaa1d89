/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly, auto-generated from: */
/*	include/uapi/linux/tdxhost.yaml */
/* by scripts/netlink-gen.sh with the kernel's ynl-gen-c.py */

#ifndef _LINUX_TDXHOST_GEN_H
#define _LINUX_TDXHOST_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <linux/tdxhost_netlink.h>

/* Ops table for tdxhost */
extern const struct genl_ops tdxhost_nl_ops[8];

int tdxhost_nl_get_status_doit(struct sk_buff *skb, struct genl_info *info);
int tdxhost_nl_enable_doit(struct sk_buff *skb, struct genl_info *info);
int tdxhost_nl_get_pamt_doit(struct sk_buff *skb, struct genl_info *info);
int tdxhost_nl_get_tdmrs_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int tdxhost_nl_get_cmrs_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int tdxhost_nl_get_metadata_doit(struct sk_buff *skb, struct genl_info *info);
int tdxhost_nl_get_metadata_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb);
int tdxhost_nl_get_stats_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int tdxhost_nl_get_tds_doit(struct sk_buff *skb, struct genl_info *info);
int tdxhost_nl_get_tds_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

enum {
	TDXHOST_NLGRP_EVENTS,
};

extern const struct genl_multicast_group tdxhost_nl_mcgrps[1];

/* ENABLE's extack text for a failure at that step */
const char *tdxhost_step_fail_msg(enum tdxhost_step value);

#endif /* _LINUX_TDXHOST_GEN_H */
