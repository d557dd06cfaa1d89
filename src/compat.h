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
#include <net/genetlink.h>
#include <asm/special_insns.h>

/*
 * alloc_contig_range(): 6.1 exports it directly; 6.9+ (memory allocation
 * profiling) exports alloc_contig_range_noprof() behind a macro.  The
 * migratetype argument became ACR flags in 6.13.
 */
static inline int tdxhost_alloc_contig_range(unsigned long start, unsigned long end, gfp_t gfp)
{
	return alloc_contig_range(start, end, MIGRATE_MOVABLE, gfp);
}

/* MOVDIR64B's destination lost its __iomem in 6.2 (movdir64b_io() took that role). */
static inline void tdxhost_movdir64b(void *dst, const void *src)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
	movdir64b((void __iomem __force *)dst, src);
#else
	movdir64b(dst, src);
#endif
}

/* A dump's parsed request attributes: genl_info_dump() replaced genl_dumpit_info() in 6.2. */
static inline struct nlattr *const *tdxhost_genl_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->attrs;
#else
	return genl_info_dump(cb)->attrs;
#endif
}

#endif /* TDXHOST_COMPAT_H */
