/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences, in one place.  Debian backports fixes into
 * its kernels, so prefer probing a feature over comparing version numbers
 * where the two can disagree.
 */
#ifndef TDXHOST_COMPAT_H
#define TDXHOST_COMPAT_H

#include <linux/gfp.h>
#include <linux/version.h>

/*
 * alloc_contig_range(): 6.1 exports it directly; 6.9+ (memory allocation
 * profiling) exports alloc_contig_range_noprof() behind a macro.  The
 * migratetype argument became ACR flags in 6.13.
 */
static inline int tdxhost_alloc_contig_range(unsigned long start, unsigned long end, gfp_t gfp)
{
	return alloc_contig_range(start, end, MIGRATE_MOVABLE, gfp);
}

#endif /* TDXHOST_COMPAT_H */
