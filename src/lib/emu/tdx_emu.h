/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The software TDX module ("emu" backend), host-initialisation part.
 *
 * A model of what a host can observe of Intel's TDX module (tdx_1.5) through
 * SEAMCALL: the global state machine, every input check of the host-init
 * leaves in the module's own order, the status codes with their operand and
 * index details, real PAMT entries written into the memory the host handed
 * over, and the global metadata table read by TDH.SYS.RD / TDH.SYS.RDALL.
 * Nothing here is secure: there is no SEAM range, no key programming.
 *
 * This header is what its users (src/emu/, the unit tests) see.  Inside
 * src/lib/emu/: core.c (dispatch, state, fault injection) and one file per
 * concern: sys_init.c, config.c (SYS.CONFIG, KEY.CONFIG), tdmr_init.c,
 * pamt.c (PAMT entries, RDMD) and metadata.c (RD, RDALL).
 *
 * Leaves:  TDH.SYS.INIT 33, TDH.SYS.LP.INIT 35, TDH.SYS.RD 34, TDH.SYS.RDALL 37,
 *          TDH.SYS.CONFIG 45, TDH.SYS.KEY.CONFIG 31, TDH.SYS.TDMR.INIT 36,
 *          TDH.SYS.LP.SHUTDOWN 44 (no-op), TDH.PHYMEM.PAGE.RDMD 24.
 * Before SYS_READY every other leaf gets TDX_SYS_NOT_READY, except the sys
 * leaves the module allows early (INFO, UPDATE), which like any leaf the core
 * does not implement go to ops->ext_leaf, or get TDX_OPERAND_INVALID(RAX).
 * Which leaf is which is one table, emu_leaves[] in core.c.
 *
 * Version differences (config major/minor/update):
 *  - before 1.5 (e.g. 1.0) TDH.SYS.RD and TDH.SYS.RDALL do not exist: they get
 *    TDX_SYS_NOT_READY before SYS_READY (what 1.0 users see) and
 *    TDX_OPERAND_INVALID(RAX) after;
 *  - MAX_VCPUS_PER_TD (0x9900000100000008) exists from 1.5.06 on (it is not
 *    in the tdx_1.5 1.5.01 source); the CPUID_CONFIG fields exist in all 1.5.
 *
 * Locking and memory: the core calls ops->lock/unlock around every access to
 * its mutable state and never calls ops->map/unmap with that lock held, so
 * the lock may be a spinlock and map() may sleep.  TDH.SYS.TDMR.INIT writes
 * its PAMT chunk with the lock dropped, so different TDMRs really are
 * initialised in parallel (the same TDMR concurrently: TDX_OPERAND_BUSY).
 * The active configuration and topology only change in tdx_emu_init() and
 * tdx_emu_reset(): the caller must not run those while a SEAMCALL is in
 * flight (the core reads the active config without the lock).
 */
#ifndef TDX_LIB_EMU_H
#define TDX_LIB_EMU_H

#include "tdx_types.h"
#include "tdx_defs.h"
#include "tdx_args.h"

#define TDX_EMU_MAX_LPS			256
#define TDX_EMU_MAX_PACKAGES		16
#define TDX_EMU_MAX_TDMRS		TDX_MAX_TDMRS_ARCH	/* 64 */
#define TDX_EMU_MAX_RSVD_PER_TDMR	32	/* cap of the max_rsvd_per_tdmr knob */
#define TDX_EMU_MAX_CPUID_CONFIG	32	/* CPUID_CONFIG_LEAVES has 32 fields */
#define TDX_EMU_MAX_INJECT		8	/* armed fault injections at a time */
#define TDX_EMU_PAMT_INIT_ENTRIES	1024	/* 4K PAMT entries per TDMR.INIT */
#define TDX_EMU_TDMR_INIT_BYTES		(TDX_EMU_PAMT_INIT_ENTRIES * SZ_4K)	/* 4 MiB */

struct tdx_emu;

struct tdx_emu_ops {
	/* Map [pa, pa+len) of host physical memory for CPU access; NULL when not mappable RAM. */
	void *(*map)(void *ctx, u64 pa, u64 len);
	void (*unmap)(void *ctx, void *va, u64 len);
	/*
	 * Protect the emu's own state; the core calls these around every
	 * state access.  May be NULL.
	 */
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);
	/*
	 * Optional: leaves the core does not implement (TD lifecycle), called
	 * after the dispatcher's checks and without ops->lock held.  NULL:
	 * TDX_OPERAND_INVALID(RAX), like the module for an unknown leaf.
	 */
	u64 (*ext_leaf)(void *ctx, struct tdx_emu *emu, unsigned int lp, u64 rax,
			struct tdx_args *args);
	void *ctx;
};

struct tdx_emu_cmr {
	u64 base;
	u64 size;
};

struct tdx_emu_cpuid_config {
	u64 leaf;	/* bits 31:0 leaf, 63:32 subleaf (0xffffffff: none) */
	u64 value[2];	/* EAX | EBX << 32, ECX | EDX << 32: configurable bits */
};

/* Knobs: set before or after tdx_emu_init(); tdx_emu_reset() applies them. */
struct tdx_emu_config {
	u16 major, minor, update, internal;
	u32 build_date;
	u16 build_num;
	u32 vendor_id;
	u64 features0;			/* default has NO_RBP_MOD */
	u16 max_tdmrs;			/* 1..64; CONFIG's RDX limit; default 64 */
	u16 max_rsvd_per_tdmr;		/* 1..32; entries read per TDMR_INFO; default 16 */
	u16 pamt_entry_size[TDX_PS_NR];	/* reported and used by CONFIG's size check; 16 */
	u32 nr_cmrs;
	struct tdx_emu_cmr cmrs[TDX_MAX_CMRS];	/* only the first nr_cmrs count */
	/*
	 * true (default): NUM_CMRS reads 32 and the unused CMR_BASE/SIZE read 0,
	 * as the tdx_1.5 source does; false: NUM_CMRS reads nr_cmrs.
	 */
	bool num_cmrs_is_max;
	/* The MSR 0x87 partition; TDX KeyIDs follow the MKTME ones. */
	u32 nr_mktme_keyids, nr_tdx_keyids;
	u8 max_pa;			/* physical address width, 36..52; default 52 */
	u8 keyid_bits;			/* HKID bits at the top of max_pa, 0..15; default 6 */
	u32 pkg_fms;			/* CPUID(1).EAX reported in PKG_FMS per package */
	u16 tdr_base_size, tdcs_base_size, tdvps_base_size;
	u64 attrs_fixed0, attrs_fixed1, xfam_fixed0, xfam_fixed1;
	u16 max_vcpus_per_td;		/* readable from 1.5.06 */
	u16 nr_cpuid_config;		/* <= TDX_EMU_MAX_CPUID_CONFIG */
	struct tdx_emu_cpuid_config cpuid_config[TDX_EMU_MAX_CPUID_CONFIG];
};

enum tdx_emu_state {
	TDX_EMU_SYSINIT_PENDING = 0,	/* power-on */
	TDX_EMU_SYSINIT_DONE,		/* TDH.SYS.INIT done; LP.INIT and CONFIG pending */
	TDX_EMU_SYSCONFIG_DONE,		/* TDH.SYS.CONFIG done; KEY.CONFIG pending */
	TDX_EMU_SYS_READY,		/* every package key-configured */
	TDX_EMU_NR_STATES,
};

/* A TDMR accepted by TDH.SYS.CONFIG, as the module keeps it. */
struct tdx_emu_tdmr {
	u64 base;
	u64 size;
	u64 pamt_base[TDX_PS_NR];	/* indexed by enum tdx_page_size */
	u64 pamt_size[TDX_PS_NR];
	struct tdmr_reserved_area rsvd[TDX_EMU_MAX_RSVD_PER_TDMR];
	u64 next_init;			/* next TDMR address TDMR.INIT initialises */
	bool busy;			/* a TDMR.INIT is writing its PAMT */
};

struct tdx_emu_inject_slot {
	int leaf;		/* < 0: any leaf */
	u32 remaining;		/* matching calls until it fires; 0 once firing (repeat) */
	u64 status;
	bool repeat;
	bool armed;
};

struct tdx_emu_status {
	enum tdx_emu_state state;
	unsigned int nr_lps;
	unsigned int nr_lps_initialized;
	unsigned int nr_packages;
	unsigned int nr_packages_configured;
	unsigned int nr_tdmrs;
	unsigned int nr_tdmrs_initialized;	/* TDMR.INIT done to the end */
	u16 global_hkid;			/* valid from SYSCONFIG_DONE */
	bool global_lock_held;			/* by tdx_emu_hold_global_lock() */
	u64 nr_injected;			/* calls answered by fault injection */
	u64 map_failures;			/* ops->map returned NULL where memory was due */
};

/*
 * Caller-allocated (about 45 KiB, mostly TDMR copies); holds no pointers to
 * caller memory but ops.ctx.
 */
struct tdx_emu {
	struct tdx_emu_config config;	/* pending knobs: applied by tdx_emu_reset() */
	struct tdx_emu_config active;	/* what the module "is" now */
	struct tdx_emu_ops ops;

	unsigned int nr_lps;
	unsigned int nr_pkgs;
	u8 lp_pkg[TDX_EMU_MAX_LPS];	/* dense package index of each LP */
	u32 pkg_id[TDX_EMU_MAX_PACKAGES];
	bool lp_init[TDX_EMU_MAX_LPS];

	enum tdx_emu_state state;
	unsigned int nr_lps_init;
	u32 pkg_configured;		/* bitmap of dense package indexes */
	unsigned int nr_pkgs_configured;
	bool global_lock_held;		/* the host holds the module's global lock */
	bool global_lock_busy;		/* a CONFIG is running with ops->lock dropped */
	u16 global_hkid;
	unsigned int nr_tdmrs;
	u64 generation;			/* bumped by reset: in-flight calls drop their result */

	struct tdx_emu_inject_slot inject[TDX_EMU_MAX_INJECT];
	u64 nr_injected;
	u64 map_failures;
	u64 leaf_calls[TDX_NR_LEAVES];
	u64 other_calls;		/* leaf numbers >= TDX_NR_LEAVES */

	struct tdx_emu_tdmr tdmr[TDX_EMU_MAX_TDMRS];
};

/* Fill @cfg with a plausible TDX module 1.5.06 (no CMRs: the caller adds them). */
void tdx_emu_default_config(struct tdx_emu_config *cfg);
/* 0 when @cfg is usable, -EINVAL otherwise. */
int tdx_emu_config_check(const struct tdx_emu_config *cfg);
/*
 * Power-on: @nr_lps logical processors, @lp_package[i] the package id of LP i
 * (any u32, at most TDX_EMU_MAX_PACKAGES distinct).  0 or -EINVAL.
 */
int tdx_emu_init(struct tdx_emu *emu, const struct tdx_emu_config *cfg, unsigned int nr_lps,
		 const u32 *lp_package, const struct tdx_emu_ops *ops);
/*
 * Back to power-on (SYSINIT_PENDING): applies emu->config if it passes
 * tdx_emu_config_check() (else keeps the active one), keeps the topology,
 * clears fault injection, the host-held global lock and the counters.
 */
void tdx_emu_reset(struct tdx_emu *emu);
/* One SEAMCALL from logical processor @lp; @rax = leaf | version << 16. Returns RAX. */
u64 tdx_emu_seamcall(struct tdx_emu *emu, unsigned int lp, u64 rax, struct tdx_args *args);

/*
 * Fault injection: the @nth (1-based, counted from now) call of @leaf returns
 * @status without doing anything; @repeat: that call and every later one.
 * @leaf < 0 means any leaf.  0, -EINVAL or -ENOSPC (all slots armed).
 * When several slots fire on one call the lowest slot's status wins.
 */
int tdx_emu_inject(struct tdx_emu *emu, int leaf, u32 nth, u64 status, bool repeat);
void tdx_emu_inject_clear(struct tdx_emu *emu);
/* Take (true) or drop the module's global lock as if another LP held it: SYS_BUSY. */
void tdx_emu_hold_global_lock(struct tdx_emu *emu, bool hold);

/* Introspection (read-only, takes ops->lock). */
const char *tdx_emu_state_name(enum tdx_emu_state state);
void tdx_emu_get_status(struct tdx_emu *emu, struct tdx_emu_status *st);
/* Copy TDMR @idx accepted by CONFIG (with its init progress): 0 or -ENOENT. */
int tdx_emu_get_tdmr(struct tdx_emu *emu, unsigned int idx, struct tdx_emu_tdmr *out);
/* SEAMCALLs seen for @leaf since init/reset (leaf >= TDX_NR_LEAVES: all such together). */
u64 tdx_emu_leaf_calls(struct tdx_emu *emu, unsigned int leaf);

/*
 * PA of the PAMT entry describing @pa at level @ps, for TD-lifecycle
 * emulation built on this core: 0, or -ENOENT when @pa is not in a TDMR
 * whose 1 GiB block is initialised (the module's OPERAND_ADDR_RANGE_ERROR).
 */
int tdx_emu_pamt_entry_pa(struct tdx_emu *emu, u64 pa, enum tdx_page_size ps, u64 *entry_pa);

/* PAMT entry field helpers (layout: struct tdx_pamt_entry in tdx_defs.h). */
#define TDX_EMU_PAMT_OWNER_MASK		((1ULL << 40) - 1)
/* Entry locked exclusively: readers get OPERAND_BUSY. */
#define TDX_EMU_PAMT_LOCK_EXCLUSIVE	0x1

static inline u64 tdx_emu_pamt_owner(const struct tdx_pamt_entry *e)
{
	return (e->owner_bepoch & TDX_EMU_PAMT_OWNER_MASK) << 12;
}

static inline u64 tdx_emu_pamt_bepoch(const struct tdx_pamt_entry *e)
{
	return (u64)e->bepoch_lo | ((e->owner_bepoch >> 40) << 32);
}

#endif /* TDX_LIB_EMU_H */
