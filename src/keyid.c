// SPDX-License-Identifier: GPL-2.0
/*
 * TDX KeyIDs.  MSR 0x87 (IA32_MKTME_KEYID_PARTITIONING) splits the KeyID
 * space: MKTME KeyIDs 1..n, then the TDX ("private") KeyIDs.  The first TDX
 * KeyID is the module's global KeyID (TDH.SYS.CONFIG); the rest are handed
 * to TDs as HKIDs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/idr.h>
#include <asm/processor.h>

#include "keyid.h"
#include "seamcall.h"

static DEFINE_IDA(hkid_ida);
static u32 hkid_first = 1, hkid_last;	/* inclusive; first > last: none */
static atomic_t hkids_used;
static u32 global_keyid, keyid_shift;

int tdxhost_keyid_init(struct tdxhost_keyids *k, const char **why)
{
	const struct tdxhost_backend_ops *ops = tdxhost_seamcall_backend();
	int err;

	if (!ops || !ops->keyid_partition) {
		*why = "no TDX backend";
		return -ENODEV;
	}
	err = ops->keyid_partition(&k->nr_mktme, &k->nr_tdx);
	if (err) {
		*why = "cannot read the KeyID partitioning (MSR 0x87)";
		return err;
	}
	/* One KeyID for the module itself and at least one for a TD. */
	if (k->nr_tdx < 2) {
		*why = "fewer than 2 TDX KeyIDs: TDX unusable (BIOS: enable TDX and give it KeyIDs)";
		return -ENODEV;
	}
	k->global = k->nr_mktme + 1;
	hkid_first = k->global + 1;
	hkid_last = k->global + k->nr_tdx - 1;
	global_keyid = k->global;
	keyid_shift = ops->keyid_shift ? ops->keyid_shift() : boot_cpu_data.x86_phys_bits;
	return 0;
}

u64 tdxhost_keyid_pa(u64 pa, u32 keyid)
{
	return pa | ((u64)keyid << keyid_shift);
}

u32 tdxhost_global_keyid(void)
{
	return global_keyid;
}

u32 tdxhost_hkids_total(void)
{
	return hkid_first > hkid_last ? 0 : hkid_last - hkid_first + 1;
}

int tdxhost_hkid_alloc(void)
{
	int id;

	if (hkid_first > hkid_last)
		return -ENOSPC;
	id = ida_alloc_range(&hkid_ida, hkid_first, hkid_last, GFP_KERNEL);
	if (id >= 0)
		atomic_inc(&hkids_used);
	return id;
}

void tdxhost_hkid_free(int hkid)
{
	ida_free(&hkid_ida, hkid);
	atomic_dec(&hkids_used);
}

u32 tdxhost_hkids_in_use(void)
{
	return atomic_read(&hkids_used);
}

void tdxhost_keyid_exit(void)
{
	ida_destroy(&hkid_ida);
}
