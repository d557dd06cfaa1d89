/* SPDX-License-Identifier: GPL-2.0 */
/* Global metadata of the TDX module, read once into one read-only structure. */
#ifndef TDXHOST_SYSINFO_H
#define TDXHOST_SYSINFO_H

#include "tdx_metadata.h"

struct tdxhost_failure;

/*
 * Read every field of the metadata table, with TDH.SYS.RDALL where the module
 * has it, else field by field with TDH.SYS.RD (this CPU must have
 * done TDH.SYS.LP.INIT) and check the module is one we can use.  On failure
 * fills @fail (leaf, status, message) and returns -errno.
 */
int tdxhost_sysinfo_read(struct tdx_sysinfo *si, struct tdxhost_failure *fail,
			 unsigned int *nr_calls);

#endif /* TDXHOST_SYSINFO_H */
