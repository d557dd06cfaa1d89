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

#endif /* TDXHOST_NETLINK_H */
