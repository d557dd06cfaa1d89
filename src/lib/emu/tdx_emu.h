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
 * pamt.c (PAMT entries, RDMD), metadata.c (RD, RDALL; the engine MNG.RD
 * shares), and for TDs (layouts in td_internal.h): td_common.c (page checks
 * and locks), keys.c (key ownership table), owned.c (checksums of the memory
 * the module owns, the encryption model), cache.c (the cache flushes the
 * host owes), td_mng.c, td_params.c, td_vcpu.c,
 * td_mem.c, td_measure.c and td_teardown.c.
 *
 * Leaves:  TDH.SYS.INIT 33, TDH.SYS.LP.INIT 35, TDH.SYS.RD 34, TDH.SYS.RDALL 37,
 *          TDH.SYS.CONFIG 45, TDH.SYS.KEY.CONFIG 31, TDH.SYS.TDMR.INIT 36,
 *          TDH.SYS.LP.SHUTDOWN 44 (no-op), TDH.PHYMEM.PAGE.RDMD 24;
 *          TD: TDH.MNG.CREATE 9, MNG.KEY.CONFIG 8, MNG.ADDCX 1, MNG.INIT 21,
 *          MNG.RD 11, VP.CREATE 10, VP.ADDCX 4, VP.INIT 22, MEM.SEPT.ADD 3,
 *          MEM.PAGE.ADD 2, MR.EXTEND 16, MR.FINALIZE 17, VP.FLUSH 18,
 *          MNG.VPFLUSHDONE 19, PHYMEM.CACHE.WB 40, MNG.KEY.FREEID 20,
 *          PHYMEM.PAGE.RECLAIM 28, PHYMEM.PAGE.WBINVD 41 (checks, statuses
 *          and order of Intel's 1.5.05 source).
 * Before SYS_READY every other leaf gets TDX_SYS_NOT_READY, except the sys
 * leaves the module allows early (INFO, UPDATE), which like any leaf the core
 * does not implement go to ops->ext_leaf, or get TDX_OPERAND_INVALID(RAX).
 * Which leaf is which is one table, emu_leaves[] in core.c.
 *
 * Version differences (config major/minor/update):
 *  - before 1.5 (e.g. 1.0) TDH.SYS.RD and TDH.SYS.RDALL do not exist: they get
 *    TDX_SYS_NOT_READY before SYS_READY (what 1.0 users see) and
 *    TDX_OPERAND_INVALID(RAX) after;
 *  - MAX_VCPUS_PER_TD (0x9900000100000008) exists from 1.5.05 on (it is not
 *    in the tdx_1.5 1.5.01 source); the CPUID_CONFIG fields exist in all 1.5;
 *  - from 1.5.05 on TDH.VP.INIT has version 1 (x2APIC id in R8; before, the
 *    dispatcher refuses it with TDX_OPERAND_INVALID(RAX), ahead of
 *    TDX_SYS_NOT_READY) and TD_PARAMS.MAX_VCPUS is bounded by max_vcpus_per_td.
 *
 * Locking and memory: the core calls ops->lock/unlock around every access to
 * its mutable state and never calls ops->map/unmap with that lock held, so
 * the lock may be a spinlock and map() may sleep.  TDH.SYS.TDMR.INIT writes
 * its PAMT chunk with the lock dropped, so different TDMRs really are
 * initialised in parallel (the same TDMR concurrently: TDX_OPERAND_BUSY).
 * The TD leaves keep the module's try-locks (PAMT entry locks in the PAMT
 * itself, the KOT lock, one CACHE.WB lock per package): concurrent leaves on
 * the same object get TDX_OPERAND_BUSY as on hardware, others run in
 * parallel.  A TD's state lives in the pages the host handed over (TDR,
 * TDCS, TDVPR, SEPT); the emu writes them under ops->lock, which is also
 * what keeps their checksums (owned.c) consistent.
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
#define TDX_EMU_MAX_PACKAGES		8	/* the module's MAX_PKGS: package ids 0..7 */
#define TDX_EMU_MAX_TDMRS		TDX_MAX_TDMRS_ARCH	/* 64 */
#define TDX_EMU_MAX_RSVD_PER_TDMR	32	/* cap of the max_rsvd_per_tdmr knob */
#define TDX_EMU_MAX_CPUID_CONFIG	32	/* CPUID_CONFIG_LEAVES has 32 fields */
#define TDX_EMU_MAX_INJECT		8	/* armed fault injections at a time */
#define TDX_EMU_PAMT_INIT_ENTRIES	1024	/* 4K PAMT entries per TDMR.INIT: the default */
#define TDX_EMU_TDMR_INIT_BYTES		(TDX_EMU_PAMT_INIT_ENTRIES * SZ_4K)	/* 4 MiB */
#define TDX_EMU_PAMT_INIT_MIN		256	/* the knob's range: a page of entries .. */
#define TDX_EMU_PAMT_INIT_MAX		262144	/* .. a whole 1 GiB block */
#define TDX_EMU_MAX_HKIDS		2048	/* the module's MAX_HKIDS: KOT entries */
#define TDX_EMU_HASH_STATE_MAX		256	/* bytes of SHA-384 state kept in the TDCS */
#define TDX_EMU_OWN_MAX			65536	/* module-owned pages with a checksum */
#define TDX_EMU_OWN_SLOTS		(2 * TDX_EMU_OWN_MAX)	/* hash table, half full at most */
#define TDX_EMU_WB_BLOCKS		4	/* TDH.PHYMEM.CACHE.WB sub-blocks */

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
	/*
	 * Optional: a random value, for the per-power-on secret (checksum key,
	 * encryption keystream) and TD_UUIDs.  NULL: fixed values.  Called
	 * with ops->lock held.
	 */
	u64 (*random)(void *ctx);
	/*
	 * Optional SHA-384 for the TD measurement (MRTD), over an opaque state
	 * of at most TDX_EMU_HASH_STATE_MAX bytes that the emu keeps in the
	 * TDCS page, as the module keeps its hash context.  Called without
	 * ops->lock; 0 or a negative errno.  NULL: MRTD reads 0.
	 */
	int (*hash_init)(void *ctx, void *state);
	int (*hash_update)(void *ctx, void *state, const void *data, u64 len);
	int (*hash_final)(void *ctx, void *state, u8 *digest);	/* 48 bytes */
	void *ctx;
};

struct tdx_emu_cmr {
	u64 base;
	u64 size;
};

struct tdx_emu_cpuid_config {
	u64 leaf;	/* bits 31:0 leaf, 63:32 subleaf (0xffffffff: none) */
	u64 value[2];	/* EAX | EBX << 32, ECX | EDX << 32: as CPUID_CONFIG_VALUES reads */
};

/* Knobs: set before or after tdx_emu_init(); tdx_emu_reset() applies them. */
struct tdx_emu_config {
	u16 major, minor, update, internal;
	u32 build_date;
	u16 build_num;
	u32 vendor_id;
	u64 features0;			/* default 1.5.05's, NO_RBP_MOD among them */
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
	u16 max_vcpus_per_td;		/* readable from 1.5.05 */
	u16 nr_cpuid_config;		/* <= TDX_EMU_MAX_CPUID_CONFIG */
	struct tdx_emu_cpuid_config cpuid_config[TDX_EMU_MAX_CPUID_CONFIG];
	bool ept_5level;		/* TD_PARAMS may ask for 5-level EPT; default true */
	bool tsx_ctrl;			/* IA32_ARCH_CAPABILITIES.TSX_CTRL; default true */
	/*
	 * 4K PAMT entries one TDMR.INIT initialises: "implementation defined"
	 * (1.5's source: 1024, the default); a power of 2 in
	 * TDX_EMU_PAMT_INIT_MIN..MAX.
	 */
	u32 tdmr_init_entries;
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

/* Key ownership table entry (the module's kot_entry_t). */
enum tdx_emu_kot_state {
	TDX_EMU_KOT_FREE = 0,
	TDX_EMU_KOT_ASSIGNED = 1,
	TDX_EMU_KOT_FLUSHED = 2,
	TDX_EMU_KOT_RESERVED = 3,	/* the global KeyID, from SYS.CONFIG on */
	TDX_EMU_KOT_NR_STATES,
};

struct tdx_emu_kot_entry {
	u32 wbinvd_bitmap;	/* packages still to TDH.PHYMEM.CACHE.WB */
	u8 state;		/* enum tdx_emu_kot_state */
};

/* One CACHE.WB session per package (the module's WBT entry). */
struct tdx_emu_wbt {
	u32 intr_point;		/* next sub-block of an interrupted run; 0: none */
	bool held;		/* held by tdx_emu_hold_lock() */
	u8 hkid_flushed[TDX_EMU_MAX_HKIDS / 8];	/* snapshot taken at start */
};

/* One page whose checksum the emu keeps (owned.c); key 0: empty slot. */
struct tdx_emu_own_slot {
	u64 key;	/* (PA >> 12) + 1, kind << 56 */
	u64 sum;
};

/* What an owned page is, for the violation report: PT_* or this. */
#define TDX_EMU_OWN_PAMT	0x10
/* Violations of the cache rules (cache.c), not writes into owned pages */
#define TDX_EMU_VIOL_UNFLUSHED	0x11	/* PAMT handed back with global-KeyID lines unflushed */
#define TDX_EMU_VIOL_KEYID0	0x12	/* KEY.CONFIG with KeyID-0 lines of the PAMT unflushed */

/* Locks a test can hold "from another LP" (tdx_emu_hold_lock()). */
enum tdx_emu_lock_id {
	TDX_EMU_LOCK_KOT,	/* the key ownership table's */
	TDX_EMU_LOCK_WBT,	/* a package's CACHE.WB entry */
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
	u64 nr_injected_total;			/* the same, across resets */
	u64 map_failures;			/* ops->map returned NULL where memory was due */
	u32 hkids[TDX_EMU_KOT_NR_STATES];	/* TDX KeyIDs per KOT state (global included) */
	u64 owned_pages;			/* pages with a checksum */
	u64 owned_untracked;			/* owned pages not checked: table full */
	u64 violations;				/* host mistakes (writes, missing flushes) */
	u64 violation_pa;			/* the first one: its page */
	u8 violation_kind;			/* PT_*, TDX_EMU_OWN_PAMT or _VIOL_* */
	u64 hash_failures;			/* ops->hash_* returned an error */
	u64 cache_flushes;			/* tdx_emu_cache_flush() calls */
	bool global_dirty;			/* global-KeyID lines unflushed (cache.c) */
	bool keyid0_dirty;			/* KeyID-0 lines of the PAMT unflushed */
};

/*
 * Caller-allocated (about 2.1 MiB: the checksum table, TDMR copies, the KOT);
 * holds no pointers to caller memory but ops.ctx.
 */
struct tdx_emu {
	struct tdx_emu_config config;	/* pending knobs: applied by tdx_emu_reset() */
	struct tdx_emu_config active;	/* what the module "is" now */
	struct tdx_emu_ops ops;

	unsigned int nr_lps;
	unsigned int nr_pkgs;
	u32 lp_pkg[TDX_EMU_MAX_LPS];	/* raw package id of each LP: its bit in the bitmaps */
	u32 pkg_id[TDX_EMU_MAX_PACKAGES];	/* the distinct ones */
	bool lp_init[TDX_EMU_MAX_LPS];

	enum tdx_emu_state state;
	unsigned int nr_lps_init;
	u32 pkg_configured;		/* bitmap of package ids */
	unsigned int nr_pkgs_configured;
	bool global_lock_held;		/* the host holds the module's global lock */
	bool global_lock_busy;		/* a leaf holds it exclusively (INIT, CONFIG, KEY.CONFIG) */
	u32 global_lock_shared;		/* LP.INITs holding it shared */
	u16 global_hkid;
	unsigned int nr_tdmrs;
	u64 generation;			/* bumped by reset: in-flight calls drop their result */

	struct tdx_emu_inject_slot inject[TDX_EMU_MAX_INJECT];
	u64 nr_injected;
	u64 nr_injected_total;		/* not cleared by reset: the test harness's figure */
	u64 map_failures;
	u64 leaf_calls[TDX_NR_LEAVES];
	u64 other_calls;		/* leaf numbers >= TDX_NR_LEAVES */

	struct tdx_emu_tdmr tdmr[TDX_EMU_MAX_TDMRS];

	/* TDs: keys, CACHE.WB, the per-power-on secret */
	struct tdx_emu_kot_entry kot[TDX_EMU_MAX_HKIDS];
	bool kot_held;			/* by tdx_emu_hold_lock() */
	bool kot_excl;			/* a leaf holds the KOT lock exclusively */
	u32 kot_shared;			/* leaves holding it shared */
	struct tdx_emu_wbt wbt[TDX_EMU_MAX_PACKAGES];
	u32 wb_intr_every;		/* every Nth CACHE.WB call is interrupted; 0: never */
	u32 wb_intr_count;		/* so are the next N calls */
	u64 wb_calls;
	u64 secret[3];			/* checksum key, keystream key */
	u64 hash_failures;

	/* checksums of the pages the module owns (owned.c) */
	u64 violations;
	u64 violation_pa;
	u8 violation_kind;
	u32 own_count;
	u64 own_untracked;
	void *wdirty[12];		/* pages written in the open write section */
	/* the cache model (cache.c) */
	bool global_dirty;
	bool keyid0_dirty;
	u64 cache_flushes;
	unsigned int nr_wdirty;
	struct tdx_emu_own_slot own[TDX_EMU_OWN_SLOTS];
};

/*
 * Fill @cfg with what TDX module 1.5.05 reports on a Sapphire Rapids (no
 * CMRs: the caller adds them).  The version knobs change only what the core
 * gates on the version; the other defaults stay 1.5.05's.
 */
void tdx_emu_default_config(struct tdx_emu_config *cfg);
/* 0 when @cfg is usable, -EINVAL otherwise. */
int tdx_emu_config_check(const struct tdx_emu_config *cfg);
/*
 * Power-on: @nr_lps logical processors (LP i is what tdx_emu_seamcall() calls
 * @lp), @lp_package[i] the raw package id of LP i (at most
 * TDX_EMU_MAX_PACKAGES distinct; an id of 8 or more fails LP.INIT with
 * TDX_INVALID_PKG_ID, as in the module).  0 or -EINVAL.
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
/* Hold a TD lock as another LP would (@pkg: TDX_EMU_LOCK_WBT's package id). */
void tdx_emu_hold_lock(struct tdx_emu *emu, enum tdx_emu_lock_id lock, unsigned int pkg,
		       bool hold);
/*
 * TDH.PHYMEM.CACHE.WB interruptions ("a pending interrupt"): every @every-th
 * call (0: none) and the next @count calls stop after one sub-block with
 * TDX_INTERRUPTED_RESUMABLE; the last sub-block always completes.
 */
void tdx_emu_set_cache_wb_interrupts(struct tdx_emu *emu, u32 every, u32 count);

/*
 * Check every owned page against its checksum now: the number of new
 * violations.  Like a leaf, reports each through tdx_emu_get_status().
 */
u64 tdx_emu_verify_all(struct tdx_emu *emu);
/* "PAMT", "TDR", "TDCX", "TDVPR", "SEPT", "private" for an owned page's kind. */
const char *tdx_emu_own_kind_name(u8 kind);
/* The kind of that name, -EINVAL for none. */
int tdx_emu_own_kind_parse(const char *name);
/* The lowest-addressed owned page of @kind in *pa: 0, or -ENOENT (a test's target). */
int tdx_emu_own_first(struct tdx_emu *emu, u8 kind, u64 *pa);

/*
 * The host flushed every cache (WBINVD on all CPUs).  The emu only records
 * it: see cache.c for the rules it checks.
 */
void tdx_emu_cache_flush(struct tdx_emu *emu);
/*
 * The host takes [pa, pa+size) back (resets or frees PAMT memory): true,
 * and a violation, when it overlaps a configured PAMT while lines the module
 * wrote through the global KeyID are not flushed yet.
 */
bool tdx_emu_host_reclaim(struct tdx_emu *emu, u64 pa, u64 size);
/* KOT state of @hkid (enum tdx_emu_kot_state), -EINVAL beyond the table. */
int tdx_emu_kot_state(struct tdx_emu *emu, u32 hkid);

/* Introspection (read-only, takes ops->lock). */
const char *tdx_emu_state_name(enum tdx_emu_state state);
void tdx_emu_get_status(struct tdx_emu *emu, struct tdx_emu_status *st);
/* Copy TDMR @idx accepted by CONFIG (with its init progress): 0 or -ENOENT. */
int tdx_emu_get_tdmr(struct tdx_emu *emu, unsigned int idx, struct tdx_emu_tdmr *out);
/*
 * Every initialized 4K-level PAMT entry by page type: counts[PT_*] for the
 * types below TDX_EMU_PT_NR, anything else in counts[TDX_EMU_PT_NR].  All
 * TDs gone, only PT_NDA and PT_RSVD remain.  0, or -EIO if a PAMT page
 * could not be mapped.
 */
#define TDX_EMU_PT_NR	16
int tdx_emu_pamt_census(struct tdx_emu *emu, u64 counts[TDX_EMU_PT_NR + 1]);
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
	return (u64)e->owner << 12;
}

static inline u64 tdx_emu_pamt_bepoch(const struct tdx_pamt_entry *e)
{
	return e->bepoch;
}

/* The page type alone (RECLAIM: owner and bepoch stay as they were). */
static inline void tdx_emu_pamt_set_type(struct tdx_pamt_entry *e, u8 page_type)
{
	e->page_type = page_type;
}

/* Write page type and owner PA (bepoch 0), as the TD leaves convert a page. */
static inline void tdx_emu_pamt_set(struct tdx_pamt_entry *e, u8 page_type, u64 owner_pa)
{
	e->page_type = page_type;
	e->owner = (owner_pa >> 12) & TDX_EMU_PAMT_OWNER_MASK;
	e->bepoch = 0;
}

#endif /* TDX_LIB_EMU_H */
