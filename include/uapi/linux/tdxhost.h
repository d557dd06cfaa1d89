/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * tdxhost userspace ABI, shared by tdxhost.ko, tdxctl and the tests.  The
 * "tdxhost" generic-netlink family's commands, attributes and enums are
 * generated from tdxhost.yaml into tdxhost_netlink.h (edit the spec, then
 * `make netlink-gen`); the /dev/tdxhost ioctls belong here.
 */
#ifndef _UAPI_LINUX_TDXHOST_H
#define _UAPI_LINUX_TDXHOST_H

#include <linux/tdxhost_netlink.h>

#endif /* _UAPI_LINUX_TDXHOST_H */
