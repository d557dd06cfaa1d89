/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one SEAMCALL entry of tdxhost.ko.  Every leaf the module issues goes
 * through tdxhost_seamcall(), whichever backend (hw instruction or the
 * software TDX module) is behind it.
 */
#ifndef TDXHOST_SEAMCALL_H
#define TDXHOST_SEAMCALL_H

#include <linux/bits.h>
#include <linux/types.h>

#include "tdx_args.h"
#include "tdx_defs.h"

struct dentry;

/*
 * What a backend can do (ops->caps), so callers ask instead of comparing
 * backend pointers.
 */
#define TDXHOST_BACKEND_RESETTABLE	BIT(0)	/* its TDX module resets without a reboot */

/* A SEAMCALL backend.  ->seamcall runs on the current CPU with preemption off. */
struct tdxhost_backend_ops {
	const char *name;
	unsigned int caps;		/* TDXHOST_BACKEND_* */
	u64 (*seamcall)(u64 fn, struct tdx_args *args);
	/* MSR 0x87 partition: MKTME KeyIDs, then TDX KeyIDs. */
	int (*keyid_partition)(u32 *nr_mktme, u32 *nr_tdx);
	/* The lowest physical-address bit of a KeyID (PA | KeyID << shift). */
	u32 (*keyid_shift)(void);
	/* Optional: before each call, in the caller's context (may sleep: the emu's stall). */
	void (*prepare)(u64 fn);
	/*
	 * Optional, right after a TDX_SEAMCALL_UD on the CPU that took it: was
	 * CR4.VMXE set?  Then the #UD may be KVM between setting CR4.VMXE and
	 * VMXON (or between VMXOFF and clearing it), and the call is retried.
	 */
	bool (*ud_vmxe_set)(void);
	/* Write back and invalidate every CPU's caches (WBINVD; the emu records it); may sleep. */
	void (*flush_caches)(void);
	/* Optional: CPUID(1).EAX of the CPUs (the emu models its own; default: boot_cpu_data). */
	u32 (*cpu_fms)(void);
	/* Optional: the last call before kexec or reboot (the emu logs what it saw). */
	void (*shutdown)(void);
	/* Optional: the host takes [pa, pa+size) back from the module (PAMT reset, freed). */
	void (*memory_reclaim)(u64 pa, u64 size);
};

/* Per-leaf statistics, reported over netlink. */
struct tdxhost_leaf_stats {
	u64 calls;
	u64 errors;
	u64 last_error;
	u64 time_ns;
};

void tdxhost_seamcall_set_backend(const struct tdxhost_backend_ops *ops);
const struct tdxhost_backend_ops *tdxhost_seamcall_backend(void);

/* Has the current backend every capability in @caps?  False without a backend. */
static inline bool tdxhost_seamcall_has_caps(unsigned int caps)
{
	const struct tdxhost_backend_ops *ops = tdxhost_seamcall_backend();

	return ops && (ops->caps & caps) == caps;
}

/*
 * Caches are not coherent across KeyIDs: flush before the module uses the
 * PAMT through the global KeyID (KEY.CONFIG) and before PAMT memory it
 * wrote goes back to the kernel.  Through the backend, so the emu sees it.
 */
static inline void tdxhost_cache_flush(void)
{
	const struct tdxhost_backend_ops *ops = tdxhost_seamcall_backend();

	if (ops && ops->flush_caches)
		ops->flush_caches();
}

/* Memory the module had (PAMT) is about to be reset or freed. */
static inline void tdxhost_memory_reclaim(u64 pa, u64 size)
{
	const struct tdxhost_backend_ops *ops = tdxhost_seamcall_backend();

	if (ops && ops->memory_reclaim)
		ops->memory_reclaim(pa, size);
}

/*
 * Raw status: retries TDX_RND_NO_ENTROPY, counts and traces; never prints.
 * From process context only (callers may sleep; so may the retries).
 */
u64 tdxhost_seamcall(u64 fn, struct tdx_args *args);
/* As above; on error prints one record and returns the errno (upstream mapping). */
int tdxhost_seamcall_err(u64 fn, struct tdx_args *args, u64 *status);
/* No SEAMCALL is issued from its return on (none is in flight); the backend it was. */
const struct tdxhost_backend_ops *tdxhost_seamcall_stop(void);
/* Print the one dmesg record for a failed SEAMCALL. */
void tdxhost_seamcall_report(u64 fn, u64 status, const struct tdx_args *in);

void tdxhost_seamcall_stats(unsigned int leaf, struct tdxhost_leaf_stats *out);
u64 tdxhost_seamcall_total_calls(void);
void tdxhost_seamcall_reset_stats(void);

/* Backends */
int tdxhost_hw_detect(char *why, size_t len);
int tdxhost_hw_init(void);
void tdxhost_hw_exit(void);
extern const struct tdxhost_backend_ops tdxhost_hw_ops;

/*
 * The emu backend (src/emu/): in the module unless it was built with
 * TDXHOST_EMU=n (Kbuild).  Callers test tdxhost_have_emu() first, a
 * constant, so that without the emu nothing refers to what follows.
 */
#ifdef TDXHOST_EMU
static inline bool tdxhost_have_emu(void) { return true; }
#else
static inline bool tdxhost_have_emu(void) { return false; }
#endif
int tdxhost_emu_init(struct dentry *debugfs_root);
/* Power the software TDX module back on, applying its debugfs knobs. */
void tdxhost_emu_reset(void);
void tdxhost_emu_exit(void);
extern const struct tdxhost_backend_ops tdxhost_emu_ops;

#endif /* TDXHOST_SEAMCALL_H */
