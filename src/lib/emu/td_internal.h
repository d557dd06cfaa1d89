/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TD side of the software TDX module: where it keeps a TD's state (in
 * the pages the host handed over, as the module does) and the helpers the
 * TD leaf files share.  The layouts are the emu's own; the module's field
 * *values* (lifecycle, op-state, counters) and their meaning are kept.
 *
 *   TDR page        struct emu_tdr                   (the "global KeyID" page)
 *   TDCS page 0     struct emu_tdcs                  (management, execution
 *                                                     controls, measurement)
 *   TDCS page 1     u32 x2apic_ids[576]
 *   TDCS page 2     MSR bitmaps, all ones
 *   TDCS page 3     SEPT root: 512 struct-less u64 entries (EMU_SEPTE_*)
 *   TDCS page 4, 5  zero page, MIGSC links: zero;  6..8: L2 SEPT roots, zero
 *   TDVPR page      struct emu_tdvpr                 (TDVPS page 0)
 *   TDCX of a vCPU  zero (7, 10, 13: all ones, the L2 MSR bitmaps)
 *   SEPT page       512 u64 entries: state in 63:56, HPA in 51:12
 *   private page    the data XORed with a keystream of (secret, HKID, PA)
 */
#ifndef TDX_LIB_EMU_TD_INTERNAL_H
#define TDX_LIB_EMU_TD_INTERNAL_H

#include "emu_internal.h"

#define EMU_NULL_PA			EMU_U64_MAX

#define EMU_TDCS_MIN_PAGES		6U
#define EMU_TDCS_MAX_PAGES		9
#define EMU_TDVPS_MIN_PAGES		6U
#define EMU_TDVPS_MAX_PAGES		15
#define EMU_TDVPS_PER_L2		3U
#define EMU_MAX_L2_VMS			3
#define EMU_MAX_VCPUS_PER_TD		576	/* x2apic_ids[] entries */

/* TDCS page indexes */
#define EMU_TDCS_MNG			0
#define EMU_TDCS_X2APIC			1
#define EMU_TDCS_MSR_BITMAPS		2
#define EMU_TDCS_SEPT_ROOT		3

/* TDR lifecycle state */
#define EMU_TD_HKID_ASSIGNED		0
#define EMU_TD_KEYS_CONFIGURED		1
#define EMU_TD_BLOCKED			2
#define EMU_TD_TEARDOWN			3

/* TDCS op-state, and the sets of them a leaf accepts */
#define EMU_OP_UNINIT			0
#define EMU_OP_INITIALIZED		1
#define EMU_OP_RUNNABLE			2
#define EMU_OP_STATE_IMPORT		7
#define EMU_OPS(s)			(1U << (s))
#define EMU_OPS_ALL_BUT_UNINIT		0x7feU	/* 1..10 */
#define EMU_OPS_SEPT_ADD		(EMU_OPS(1) | EMU_OPS(2) | EMU_OPS(3) | EMU_OPS(6) | \
					 EMU_OPS(7) | EMU_OPS(8) | EMU_OPS(9))
#define EMU_OPS_VP_CREATE		(EMU_OPS(EMU_OP_INITIALIZED) | EMU_OPS(EMU_OP_STATE_IMPORT))

/* vCPU state in the TDVPR */
#define EMU_VCPU_UNINIT			0
#define EMU_VCPU_READY			2
#define EMU_NO_LP			0xffffffffU	/* assoc_lpid of a vCPU on no LP */

/* SEPT entry (own format): arch state code in 63:56, HPA in 51:12 */
#define EMU_SEPTE_STATE_SHIFT		56
#define EMU_SEPTE_HPA_MASK		0x000FFFFFFFFFF000ULL
#define EMU_SEPT_FREE			0x00
#define EMU_SEPT_MAPPED			0x04
#define EMU_SEPT_NL_MAPPED		0x84
#define EMU_SEPT_ENTRIES		512

/* TD attributes and config flags the checks look at */
#define EMU_ATTR_DEBUG			BIT_ULL(0)
#define EMU_ATTR_MIGRATABLE		BIT_ULL(29)
#define EMU_ATTR_PERFMON		BIT_ULL(63)
#define EMU_CONFIG_GPAW			BIT_ULL(0)

/* The TDR page. */
struct emu_tdr {
	/* TD management */
	u8 fatal;
	u8 rsvd0[3];
	u32 num_tdcx;
	u64 chldcnt;
	u32 lifecycle;
	u32 rsvd1;
	u64 tdcx_pa[EMU_TDCS_MAX_PAGES];	/* PA | HKID, as the module keeps them */
	u64 td_uuid[4];
	/* key management */
	u16 hkid;
	u16 rsvd2[3];
	u64 pkg_config_bitmap;			/* dense package indexes done */
	/* TD preserving */
	u16 handoff_version;
	u16 rsvd3[3];
	u64 seamdb_index;
	u64 seamdb_nonce[4];
};

/* TDCS page 0. */
struct emu_tdcs {
	/* management */
	u32 num_vcpus;				/* VP.INITs that got past MAX_VCPUS */
	u32 num_assoc_vcpus;
	u32 op_state;
	u16 num_l2_vms;
	u16 rsvd0;
	/* execution controls */
	u64 attributes;
	u64 xfam;
	u32 max_vcpus;
	u8 gpaw;
	u8 topology_enum_configured;
	u16 tsc_frequency;
	u64 eptp;
	u64 config_flags;
	u64 tsc_offset;
	u64 tsc_multiplier;
	u64 hp_lock_timeout;
	u64 arch_cap_config;
	u8 msr_config_ctls;
	u8 rsvd1[7];
	/* TLB epoch tracking */
	u64 td_epoch;
	/* measurement */
	u64 mrtd[6];
	u64 mrconfigid[6];
	u64 mrowner[6];
	u64 mrownerconfig[6];
	u64 rtmr[4][6];
	u64 servtd_hash[6];
	/* CPUID values as configured, slot i of TD_PARAMS: EAX EBX ECX EDX */
	u32 cpuid[TDX_EMU_MAX_CPUID_CONFIG][4];
	/* the SHA-384 context of the running MRTD, owned by ops->hash_* */
	u64 hash_state[TDX_EMU_HASH_STATE_MAX / 8];
};

/* TDVPS page 0, the TDVPR. */
struct emu_tdvpr {
	u32 state;				/* EMU_VCPU_* */
	u32 num_tdvps_pages;
	u64 tdvps_pa[EMU_TDVPS_MAX_PAGES];	/* [0]: this page; PA | HKID */
	u64 tdr_pa;
	u32 assoc_lpid;				/* EMU_NO_LP: not associated */
	u32 vcpu_index;
	u32 x2apic_id;
	u32 rsvd0;
	/* the guest registers VP.INIT sets */
	u64 guest_rcx, guest_r8, guest_rbx, guest_rdx, guest_rsi;
};

/* TD_PARAMS, 1024 bytes, 1024-aligned (the module's td_params_t). */
struct emu_td_params {
	u64 attributes;
	u64 xfam;
	u16 max_vcpus;
	u8 num_l2_vms;
	u8 msr_config_ctls;
	u32 reserved0;
	u64 eptp_controls;
	u64 config_flags;
	u16 tsc_frequency;
	u8 reserved1[38];
	u64 mrconfigid[6];
	u64 mrowner[6];
	u64 mrownerconfig[6];
	u64 arch_cap_config;
	u8 reserved2[24];
	u32 cpuid[(1024 - 256) / 16][4];	/* NUM_CPUID_CONFIG used; the rest reserved */
};

/* splitmix64's finalizer: a bijective mix (checksums, key stream, TD_UUID). */
static inline u64 emu_mix64(u64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* ---- pages the leaves use (td_common.c, owned.c) */

/* A mapped 4K page; checked against its checksum when mapped if owned. */
struct emu_page {
	u64 pa;		/* plain PA, no KeyID bits */
	void *va;	/* NULL: not mapped */
};

/* A page found and locked through its PAMT entry, as chk() leaves it. */
struct emu_obj {
	u64 pa;
	struct emu_page pamt;		/* the PAMT page holding the entry */
	struct tdx_pamt_entry *e;
	struct emu_page pg;		/* the page itself, by emu_obj_map() */
	u8 held;			/* EMU_LK_* held on *e */
	u8 level;			/* enum tdx_page_size of the leaf entry */
	u8 pt;				/* page type when locked */
	u64 owner;			/* owner PA when locked */
};

#define EMU_LK_NONE		0
#define EMU_LK_SHARED		1
#define EMU_LK_EXCL		2

#define EMU_PT(pt)		(1U << (pt))

/* A TD as a leaf sees it: its TDR locked, TDCS pages mapped on demand. */
struct emu_td {
	struct emu_obj tdr;
	struct emu_tdr *r;
	struct emu_page cs[EMU_TDCS_MAX_PAGES];
	struct emu_tdcs *tdcs;		/* cs[0].va once emu_td_state() passed TCNA */
};

bool emu_page_map(struct tdx_emu *emu, struct emu_page *p, u64 pa);
void emu_page_unmap(struct tdx_emu *emu, struct emu_page *p);

/* check_and_lock_explicit_4k_private_hpa(): @pts a set of EMU_PT(). */
u64 emu_chk(struct tdx_emu *emu, u64 pa, u32 opid, int lock, u32 pts, struct emu_obj *o);
/* Lock @pa's PAMT entry at the leaf level the walk reaches (RECLAIM). */
u64 emu_pamt_walk(struct tdx_emu *emu, u64 pa, u32 opid, int lock, struct emu_obj *o);
/* lock_and_map_implicit_tdr(): the TDR @pa owns; BUSY|TDR when locked. */
u64 emu_lock_implicit_tdr(struct tdx_emu *emu, u64 tdr_pa, int lock, struct emu_td *td);
bool emu_obj_map(struct tdx_emu *emu, struct emu_obj *o);
void emu_obj_put(struct tdx_emu *emu, struct emu_obj *o);
/* In a write section: the PAMT entry becomes @pt owned by @owner_pa. */
void emu_obj_set_pamt(struct tdx_emu *emu, struct emu_obj *o, u8 pt, u64 owner_pa);

/* The explicit TDR in @pa (chk with PT_TDR), mapped. */
u64 emu_td_get(struct tdx_emu *emu, u64 pa, u32 opid, int lock, struct emu_td *td);
/* check_state_map_tdcs_and_lock() without the op-state lock (see td_common.c). */
u64 emu_td_state(struct tdx_emu *emu, struct emu_td *td, u32 allowed_ops);
void *emu_td_tdcs(struct tdx_emu *emu, struct emu_td *td, unsigned int idx);
void emu_td_put(struct tdx_emu *emu, struct emu_td *td);

/* PA | HKID as the module writes them into TDR/TDVPR page lists. */
u64 emu_pa_hkid(const struct tdx_emu_config *c, u64 pa, u16 hkid);
/* check_gpa_validity(): private, below the TD's GPA width. */
bool emu_gpa_ok(const struct emu_tdcs *tdcs, u64 gpa);
/* The TD's SEPT levels: 3 for 4-level EPT, 4 for 5-level. */
unsigned int emu_sept_top(const struct emu_tdcs *tdcs);

/* ---- owned pages, write sections (owned.c) */

/*
 * A write section: ops->lock held, no mapping.  emu_wtouch() checks a
 * page before the first write to it; emu_wend() stores the checksums of
 * every touched page and drops the lock.
 */
void emu_wbegin(struct tdx_emu *emu);
void emu_wtouch(struct tdx_emu *emu, struct emu_page *p);
void emu_wend(struct tdx_emu *emu);
/* In a write section: @p becomes owned (kind PT_* or TDX_EMU_OWN_PAMT) / not. */
void emu_own_add(struct tdx_emu *emu, const struct emu_page *p, u8 kind);
void emu_own_del(struct tdx_emu *emu, u64 pa);
/* Check @p now: with ops->lock held / taking it. */
void emu_own_check(struct tdx_emu *emu, const struct emu_page *p);
void emu_own_verify(struct tdx_emu *emu, const struct emu_page *p);
/* TDMR.INIT's PAMT pages: owned from now on unless a reset intervened. */
void emu_own_track(struct tdx_emu *emu, const struct emu_page *p, u8 kind, u64 generation);
/* The encryption model: XOR @len bytes at @va (page @pa, offset @off) with the key stream. */
void emu_scramble(const struct tdx_emu *emu, u16 hkid, u64 pa, u32 off, void *va, u32 len);
/* Power-on: a new secret, no owned pages. */
void emu_own_reset(struct tdx_emu *emu);

/* ---- keys (keys.c) */

bool emu_kot_trylock(struct tdx_emu *emu, bool excl);
void emu_kot_unlock(struct tdx_emu *emu, bool excl);
/*
 * The package id of @lp, its bit in the TDR and KOT bitmaps: the raw id,
 * below 8 once the LP passed LP.INIT (the modulo only keeps indexes in bounds).
 */
static inline unsigned int emu_lp_pkg(const struct tdx_emu *emu, unsigned int lp)
{
	return emu->lp_pkg[lp] % TDX_EMU_MAX_PACKAGES;
}

static inline u32 emu_lp_pkg_bit(const struct tdx_emu *emu, unsigned int lp)
{
	return 1U << emu_lp_pkg(emu, lp);
}

/* ---- measurement (td_measure.c) */

/* MNG.INIT: a fresh hash context in the TDCS. */
void emu_mr_init(struct tdx_emu *emu, struct emu_td *td);
/* One 128-byte block of @name and @gpa, then @data (NULL: none). */
void emu_mr_extend(struct tdx_emu *emu, struct emu_td *td, const char *name, u64 gpa,
		   const void *data, u32 len);

/* ---- SEPT walk (td_mem.c) */

struct emu_sept_walk {
	struct emu_page pg[5];	/* the SEPT pages walked, by level (root: TDCS page) */
	u64 *entry;		/* the entry where the walk stopped */
	struct emu_page *page;	/* ... and its page */
	unsigned int level;	/* ... and its level */
};

/* Walk towards @level; stops early at a non-NL_MAPPED entry.  false: map failure. */
bool emu_sept_walk(struct tdx_emu *emu, struct emu_td *td, u64 gpa, unsigned int level,
		   struct emu_sept_walk *w);
void emu_sept_walk_put(struct tdx_emu *emu, struct emu_sept_walk *w);
/* set_arch_septe_details_in_vmm_regs(): RCX, RDX for an entry. */
void emu_sept_details(u64 entry, unsigned int level, struct tdx_args *args);

/* ---- TD_PARAMS (td_params.c) */

/* MNG.INIT's checks of @p in the module's order, filling @tdcs as they pass. */
u64 emu_td_params_check(struct tdx_emu *emu, struct emu_td *td, const struct emu_td_params *p,
			struct tdx_args *args);

#endif /* TDX_LIB_EMU_TD_INTERNAL_H */
