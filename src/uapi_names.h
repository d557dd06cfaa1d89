/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly, auto-generated from: */
/*	include/uapi/linux/tdxhost.yaml */
/* by scripts/netlink-gen.sh with the kernel's ynl-gen-c.py */

#ifndef _TDXHOST_UAPI_NAMES_H
#define _TDXHOST_UAPI_NAMES_H

#include <linux/tdxhost_netlink.h>

/* Entry names of the enums; "?" for a value outside them */
const char *tdxhost_state_str(enum tdxhost_state value);
const char *tdxhost_step_str(enum tdxhost_step value);

#endif /* _TDXHOST_UAPI_NAMES_H */
