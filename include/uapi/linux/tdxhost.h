/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * tdxhost userspace ABI: the "tdxhost" generic-netlink family and the
 * /dev/tdxhost ioctls.  Shared by tdxhost.ko, tdxctl and the tests.
 */
#ifndef _UAPI_LINUX_TDXHOST_H
#define _UAPI_LINUX_TDXHOST_H

#define TDXHOST_GENL_NAME	"tdxhost"
#define TDXHOST_GENL_VERSION	1

#endif /* _UAPI_LINUX_TDXHOST_H */
