/* SPDX-License-Identifier: GPL-2.0 */
/* TDX KeyIDs: the global KeyID and the allocator of TD private KeyIDs (HKIDs). */
#ifndef TDXHOST_KEYID_H
#define TDXHOST_KEYID_H

#include <linux/types.h>

struct tdxhost_keyids {
	u32 nr_mktme;		/* MKTME KeyIDs (below the TDX range) */
	u32 nr_tdx;		/* TDX KeyIDs */
	u32 global;		/* the first TDX KeyID: the module's own */
};

/* Read the partition from the backend; -ENODEV with *why when TDX is unusable. */
int tdxhost_keyid_init(struct tdxhost_keyids *k, const char **why);
/*
 * Program the global KeyID on every package: WBINVD, then TDH.SYS.KEY.CONFIG
 * on the first online CPU of each package, one package at a time, with
 * cpus_read_lock() held.  0, or -EIO with the failing status and its
 * package (reported in dmesg), or the -errno of a CPU not reached (*status 0).
 */
int tdxhost_key_config(u64 *status, int *pkg);
/* TD HKIDs: the TDX KeyIDs after the global one.  alloc: -ENOSPC when all are in use. */
int tdxhost_hkid_alloc(void);
void tdxhost_hkid_free(int hkid);
u32 tdxhost_hkids_in_use(void);
u32 tdxhost_hkids_total(void);
/* The module's own KeyID (0 before TDX was enabled). */
u32 tdxhost_global_keyid(void);
/* @pa with @keyid in the KeyID bits, as TDH.PHYMEM.PAGE.WBINVD wants it. */
u64 tdxhost_keyid_pa(u64 pa, u32 keyid);
void tdxhost_keyid_exit(void);

#endif /* TDXHOST_KEYID_H */
