/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "tdxhost" generic-netlink family: status, enable, PAMT, TDMR/CMR/
 * metadata/statistics dumps and the "events" multicast group.
 */
#ifndef TDXHOST_NETLINK_H
#define TDXHOST_NETLINK_H

/* Register the family and the event notifier; after tdxhost_enable_init(). */
int tdxhost_netlink_init(void);
/* Unregister both; first thing at module exit. */
void tdxhost_netlink_exit(void);

/* For the handlers in other files (netlink_md.c, netlink_td.c). */
struct genl_info;
struct netlink_callback;
struct sk_buff;
/*
 * A dump's cb->seq for @generation of what it walks: never 0 (0 means
 * "not set" to genl_dump_check_consistent()).
 */
unsigned long tdxhost_nl_dump_seq(u32 generation);
/* A dump message header for @cmd, NLM_F_MULTI. */
void *tdxhost_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd);
/*
 * End a dump message that holds what it should: marked NLM_F_DUMP_INTR
 * when cb->seq moved since the last one.  Only here, once the message
 * stays: the check records cb->seq, and a message cancelled after it
 * (the batch was full) would take the mark with it.
 */
void tdxhost_nl_dump_end(struct sk_buff *skb, struct netlink_callback *cb, void *hdr);
/* A reply header for @cmd. */
void *tdxhost_nl_reply_hdr(struct sk_buff *msg, struct genl_info *info, u8 cmd);

#endif /* TDXHOST_NETLINK_H */
