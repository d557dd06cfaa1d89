// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: its state, configuration and fault injection,
 * and the dispatcher every SEAMCALL enters by.  See tdx_emu.h.
 *
 * Each leaf follows the order of checks of Intel's tdx_1.5 source
 * (src/vmm_dispatcher/tdx_vmm_dispatcher.c and api_calls/tdh_sys_*.c), so a
 * host sees the same status for the same mistake.  The code is our own.
 */
#include "emu_internal.h"

/* ---- configuration */

void tdx_emu_default_config(struct tdx_emu_config *cfg)
{
	/*
	 * TDX 1.5.05's cpuid_configurable[], in its order: what metadata_sys.c
	 * reports, config_direct | (allow_direct & native CPUID), on a CPU
	 * that has every allow_direct bit.  EAX | EBX << 32, ECX | EDX << 32.
	 */
#define EMU_SUB_NA	(0xffffffffULL << 32)
#define EMU_LEAF_1F(sub) \
	{ 0x1fULL | ((u64)(sub) << 32), { 0x0000ffff0000001fULL, 0x000000000000ffffULL } }
	static const struct tdx_emu_cpuid_config def_cpuid[] = {
		{ 0x00000001ULL | EMU_SUB_NA, { 0x00ff00000fff3fffULL, 0xb844000031044d88ULL } },
		{ 0x00000004ULL, { 0xfffff000ffffc3ffULL, 0xfffffffbffffffffULL } },
		{ 0x00000004ULL | (1ULL << 32), { 0xfffff000ffffc3ffULL, 0xfffffffbffffffffULL } },
		{ 0x00000004ULL | (2ULL << 32), { 0xfffff000ffffc3ffULL, 0xfffffffbffffffffULL } },
		{ 0x00000004ULL | (3ULL << 32), { 0xfffff000ffffc3ffULL, 0x00000007ffffffffULL } },
		{ 0x00000007ULL, { 0xdc2b9b1800000000ULL, 0x0005411c02417f65ULL } },
		{ 0x00000007ULL | (1ULL << 32), { 0x0000000004001d30ULL, 0x0000043000000000ULL } },
		{ 0x0000000aULL | EMU_SUB_NA, { 0, 0 } },
		{ 0x0000001cULL | EMU_SUB_NA, { 0x00000000000000ffULL, 0 } },
		{ 0x80000008ULL | EMU_SUB_NA, { 0x0000020000000000ULL, 0 } },
		{ 0x00000007ULL | (2ULL << 32), { 0, 0x0000002800000000ULL } },
		{ 0x00000023ULL, { 0x000000000000000fULL, 0 } },
		EMU_LEAF_1F(0), EMU_LEAF_1F(1), EMU_LEAF_1F(2),
		EMU_LEAF_1F(3), EMU_LEAF_1F(4), EMU_LEAF_1F(5),
	};
#undef EMU_LEAF_1F
#undef EMU_SUB_NA
	unsigned int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->major = 1;
	cfg->minor = 5;
	cfg->update = 5;
	cfg->internal = 0;
	cfg->build_date = 20240129;
	cfg->build_num = 698;
	cfg->vendor_id = 0x8086;
	/*
	 * 1.5.05's: TD_MIGRATION..CPUID_VIRT_GUEST_CTRL (0-5), TD_PARTITIONING,
	 * TD_ENTRY_ENHANCEMENTS, HOST_PRIORITY_LOCKS, CONFIG_IA32_ARCH_CAP
	 * (7, 9-11), PENDING_EPT_VIOLATION_V2, FMS_CONFIG, NO_RBP_MOD,
	 * L2_TLB_INVD_OPT, TOPOLOGY_ENUM (16-20); no LOCAL_ATTESTATION (8)
	 * without SEAMVERIFYREPORT.
	 */
	cfg->features0 = 0x00000000001f0ebfULL;
	cfg->max_tdmrs = 64;
	cfg->max_rsvd_per_tdmr = 16;
	for (i = 0; i < TDX_PS_NR; i++)
		cfg->pamt_entry_size[i] = TDX_PAMT_ENTRY_SIZE;
	cfg->nr_cmrs = 0;
	cfg->num_cmrs_is_max = true;
	cfg->nr_mktme_keyids = 31;
	cfg->nr_tdx_keyids = 32;
	cfg->max_pa = 52;
	cfg->keyid_bits = 6;
	cfg->pkg_fms = 0x000806f8;	/* Sapphire Rapids */
	cfg->tdr_base_size = 4096;
	cfg->tdcs_base_size = 6 * 4096;
	cfg->tdvps_base_size = 6 * 4096;
	/* DEBUG, SEPT_VE_DISABLE, MIGRATABLE, PKS, PERFMON may be set (LASS: no such CPU) */
	cfg->attrs_fixed0 = 0x1ULL | BIT_ULL(28) | BIT_ULL(29) | BIT_ULL(30) | BIT_ULL(63);
	cfg->attrs_fixed1 = 0;
	cfg->xfam_fixed0 = 0x0006DBE7ULL;
	cfg->xfam_fixed1 = 0x00000003ULL;
	cfg->max_vcpus_per_td = 576;
	cfg->nr_cpuid_config = ARRAY_SIZE(def_cpuid);
	for (i = 0; i < ARRAY_SIZE(def_cpuid); i++)
		cfg->cpuid_config[i] = def_cpuid[i];
	cfg->ept_5level = true;
	cfg->tsx_ctrl = true;
	cfg->tdmr_init_entries = TDX_EMU_PAMT_INIT_ENTRIES;
}

int tdx_emu_config_check(const struct tdx_emu_config *cfg)
{
	unsigned int i;

	if (cfg->max_tdmrs < 1 || cfg->max_tdmrs > TDX_EMU_MAX_TDMRS)
		return -EINVAL;
	if (cfg->max_rsvd_per_tdmr < 1 || cfg->max_rsvd_per_tdmr > TDX_EMU_MAX_RSVD_PER_TDMR)
		return -EINVAL;
	for (i = 0; i < TDX_PS_NR; i++)
		if (cfg->pamt_entry_size[i] == 0)
			return -EINVAL;
	if (cfg->nr_cmrs > TDX_MAX_CMRS || cfg->nr_cpuid_config > TDX_EMU_MAX_CPUID_CONFIG)
		return -EINVAL;
	for (i = 0; i < cfg->nr_cmrs; i++)
		if (!emu_range_ok(cfg->cmrs[i].base, cfg->cmrs[i].size))
			return -EINVAL;
	if (cfg->tdmr_init_entries < TDX_EMU_PAMT_INIT_MIN ||
	    cfg->tdmr_init_entries > TDX_EMU_PAMT_INIT_MAX ||
	    (cfg->tdmr_init_entries & (cfg->tdmr_init_entries - 1)))
		return -EINVAL;
	if (cfg->max_pa < 36 || cfg->max_pa > 52 || cfg->keyid_bits > 15 ||
	    cfg->max_pa - cfg->keyid_bits < 32)
		return -EINVAL;
	/* The partition must fit the KeyID space (KeyID 0 is the TME key) and the KOT. */
	if ((u64)cfg->nr_mktme_keyids + cfg->nr_tdx_keyids > (1ULL << cfg->keyid_bits) - 1 ||
	    (u64)cfg->nr_mktme_keyids + cfg->nr_tdx_keyids >= TDX_EMU_MAX_HKIDS)
		return -EINVAL;
	return 0;
}

/* ---- dispatcher */

/*
 * The leaves this module knows, one row each: what the dispatcher checks
 * before it runs the leaf (tdx_1.5 tdx_vmm_dispatcher.c, in that order) and
 * the handler.  A new leaf is a row here and a handler in the file of its
 * concern; a row without a handler is a leaf the core leaves to
 * ops->ext_leaf (it still gets the dispatcher's checks).
 */
struct emu_leaf {
	u16 leaf;
	const char *name;
	u8 max_version;		/* highest version (RAX 23:16) let through */
	bool early;		/* runs before SYS_READY */
	u32 since;		/* EMU_VERSION() of the first module that has it; 0: all */
	emu_leaf_fn run;
	u32 versioned_since;	/* before this module version max_version is 0; 0: always */
};

#define EMU_VERSION(major, minor, update)	((u32)(major) << 24 | (u32)(minor) << 16 | (update))
#define EMU_V1_5				EMU_VERSION(1, 5, 0)	/* TDH.SYS.RD, RDALL */
#define EMU_V1_5_05				EMU_VERSION(1, 5, 5)	/* TDH.VP.INIT v1 */
/* Only a few leaves have versions: the dispatcher lets any through, the leaf checks its own. */
#define EMU_ANY_VERSION				0xff

/* A row whose versions do not depend on the module version. */
#define EMU_LEAF(leaf, name, max_version, early, since, run) \
	{ leaf, name, max_version, early, since, run, 0 }

static const struct emu_leaf emu_leaves[] = {
	/* leaf, name, max_version, early, since, run */
	EMU_LEAF(TDH_MNG_ADDCX, "TDH.MNG.ADDCX", 0, false, 0, emu_mng_addcx),
	EMU_LEAF(TDH_MEM_PAGE_ADD, "TDH.MEM.PAGE.ADD", 0, false, 0, emu_mem_page_add),
	EMU_LEAF(TDH_MEM_SEPT_ADD, "TDH.MEM.SEPT.ADD", EMU_ANY_VERSION, false, 0, emu_mem_sept_add),
	EMU_LEAF(TDH_VP_ADDCX, "TDH.VP.ADDCX", 0, false, 0, emu_vp_addcx),
	EMU_LEAF(TDH_MNG_KEY_CONFIG, "TDH.MNG.KEY.CONFIG", 0, false, 0, emu_mng_key_config),
	EMU_LEAF(TDH_MNG_CREATE, "TDH.MNG.CREATE", 0, false, 0, emu_mng_create),
	EMU_LEAF(TDH_VP_CREATE, "TDH.VP.CREATE", 0, false, 0, emu_vp_create),
	EMU_LEAF(TDH_MNG_RD, "TDH.MNG.RD", EMU_ANY_VERSION, false, 0, emu_mng_rd),
	EMU_LEAF(TDH_MR_EXTEND, "TDH.MR.EXTEND", 0, false, 0, emu_mr_extend_leaf),
	EMU_LEAF(TDH_MR_FINALIZE, "TDH.MR.FINALIZE", 0, false, 0, emu_mr_finalize),
	EMU_LEAF(TDH_VP_FLUSH, "TDH.VP.FLUSH", 0, false, 0, emu_vp_flush),
	EMU_LEAF(TDH_MNG_VPFLUSHDONE, "TDH.MNG.VPFLUSHDONE", 0, false, 0, emu_mng_vpflushdone),
	EMU_LEAF(TDH_MNG_KEY_FREEID, "TDH.MNG.KEY.FREEID", 0, false, 0, emu_mng_key_freeid),
	EMU_LEAF(TDH_MNG_INIT, "TDH.MNG.INIT", 0, false, 0, emu_mng_init),
	/* the dispatcher lets versions of VP.INIT through from 1.5.05 on */
	{ TDH_VP_INIT, "TDH.VP.INIT", EMU_ANY_VERSION, false, 0, emu_vp_init, EMU_V1_5_05 },
	EMU_LEAF(TDH_MEM_PAGE_PROMOTE, "TDH.MEM.PAGE.PROMOTE", EMU_ANY_VERSION, false, 0, NULL),
	EMU_LEAF(TDH_PHYMEM_PAGE_RDMD, "TDH.PHYMEM.PAGE.RDMD", 0, false, 0, emu_phymem_page_rdmd),
	EMU_LEAF(TDH_VP_RD, "TDH.VP.RD", EMU_ANY_VERSION, false, 0, NULL),
	EMU_LEAF(TDH_PHYMEM_PAGE_RECLAIM, "TDH.PHYMEM.PAGE.RECLAIM", 0, false, 0, emu_phymem_page_reclaim),
	EMU_LEAF(TDH_MEM_SEPT_REMOVE, "TDH.MEM.SEPT.REMOVE", EMU_ANY_VERSION, false, 0, NULL),
	EMU_LEAF(TDH_SYS_KEY_CONFIG, "TDH.SYS.KEY.CONFIG", 0, true, 0, emu_sys_key_config),
	EMU_LEAF(TDH_SYS_INFO, "TDH.SYS.INFO", 0, true, 0, NULL),
	EMU_LEAF(TDH_SYS_INIT, "TDH.SYS.INIT", 0, true, 0, emu_sys_init),
	EMU_LEAF(TDH_SYS_RD, "TDH.SYS.RD", 0, true, EMU_V1_5, emu_sys_rd),
	EMU_LEAF(TDH_SYS_LP_INIT, "TDH.SYS.LP.INIT", 0, true, 0, emu_sys_lp_init),
	EMU_LEAF(TDH_SYS_TDMR_INIT, "TDH.SYS.TDMR.INIT", 0, false, 0, emu_sys_tdmr_init),
	EMU_LEAF(TDH_SYS_RDALL, "TDH.SYS.RDALL", 0, true, EMU_V1_5, emu_sys_rdall),
	EMU_LEAF(TDH_PHYMEM_CACHE_WB, "TDH.PHYMEM.CACHE.WB", 0, false, 0, emu_phymem_cache_wb),
	EMU_LEAF(TDH_PHYMEM_PAGE_WBINVD, "TDH.PHYMEM.PAGE.WBINVD", 0, false, 0, emu_phymem_page_wbinvd),
	EMU_LEAF(TDH_SYS_LP_SHUTDOWN, "TDH.SYS.LP.SHUTDOWN", 0, true, 0, emu_sys_lp_shutdown),
	EMU_LEAF(TDH_SYS_CONFIG, "TDH.SYS.CONFIG", 0, true, 0, emu_sys_config),
	EMU_LEAF(TDH_SYS_UPDATE, "TDH.SYS.UPDATE", 0, true, 0, NULL),
};

static const struct emu_leaf *emu_leaf_find(u32 leaf)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(emu_leaves); i++)
		if (emu_leaves[i].leaf == leaf)
			return &emu_leaves[i];
	return NULL;
}

static bool emu_at_least(const struct tdx_emu_config *c, u32 v)
{
	return emu_version_at_least(c, v >> 24, (v >> 16) & 0xff, v & 0xffff);
}

/* Does the active module version have this leaf at all? */
static bool emu_leaf_present(const struct tdx_emu_config *c, const struct emu_leaf *l)
{
	return emu_at_least(c, l->since);
}

/* The highest version the dispatcher lets through for this module version. */
static u32 emu_leaf_max_version(const struct tdx_emu_config *c, const struct emu_leaf *l)
{
	if (!l)
		return 0;
	return emu_at_least(c, l->versioned_since) ? l->max_version : 0;
}

/* Count the call and run fault injection: true with *status when a slot fires. */
static bool emu_account(struct tdx_emu *emu, u32 leaf, u64 *status)
{
	bool fired = false;
	unsigned int i;

	emu_lock(emu);
	if (leaf < TDX_NR_LEAVES)
		emu->leaf_calls[leaf]++;
	else
		emu->other_calls++;
	for (i = 0; i < TDX_EMU_MAX_INJECT; i++) {
		struct tdx_emu_inject_slot *s = &emu->inject[i];

		if (!s->armed || (s->leaf >= 0 && (u32)s->leaf != leaf))
			continue;
		if (s->remaining > 1) {
			s->remaining--;
			continue;
		}
		s->remaining = 0;
		if (!s->repeat)
			s->armed = false;
		if (!fired) {
			*status = s->status;
			fired = true;
		}
	}
	if (fired) {
		emu->nr_injected++;
		emu->nr_injected_total++;
	}
	emu_unlock(emu);
	return fired;
}

u64 tdx_emu_seamcall(struct tdx_emu *emu, unsigned int lp, u64 rax, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u32 leaf = (u32)(rax & TDX_LEAF_MASK);
	u32 version = (u32)((rax >> TDX_LEAF_VERSION_SHIFT) & 0xff);
	const struct emu_leaf *l = emu_leaf_find(leaf);
	u64 status = TDX_SUCCESS;
	bool ready, present;

	/* an LP the module does not know is not in SEAM-capable VMX root mode */
	if (lp >= emu->nr_lps)
		return TDX_SEAMCALL_UD;
	if (emu_account(emu, leaf, &status))
		return status;

	/* RAX 63:24 are reserved; a version only where the leaf's row allows one */
	if ((rax >> 24) != 0 || version > emu_leaf_max_version(c, l))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);

	/* a leaf newer than the active module version is unknown to it */
	present = l && emu_leaf_present(c, l);
	emu_lock(emu);
	ready = emu->state == TDX_EMU_SYS_READY;
	emu_unlock(emu);
	if (!ready && !(present && l->early))
		return TDX_SYS_NOT_READY;

	if (l && !present)
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	if (l && l->run)
		return l->run(emu, lp, version, args);
	/* not the core's (the TD lifecycle): the glue's, if it has any */
	if (emu->ops.ext_leaf)
		return emu->ops.ext_leaf(emu->ops.ctx, emu, lp, rax, args);
	return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
}

/* ---- lifecycle, injection, introspection */

static void emu_power_on(struct tdx_emu *emu)
{
	emu->state = TDX_EMU_SYSINIT_PENDING;
	memset(emu->lp_init, 0, sizeof(emu->lp_init));
	emu->nr_lps_init = 0;
	emu->pkg_configured = 0;
	emu->nr_pkgs_configured = 0;
	emu->global_lock_held = false;
	emu->global_lock_busy = false;
	emu->global_lock_shared = 0;
	emu->global_hkid = 0;
	emu->nr_tdmrs = 0;
	emu->generation++;
	memset(emu->inject, 0, sizeof(emu->inject));
	emu->nr_injected = 0;
	emu->map_failures = 0;
	memset(emu->leaf_calls, 0, sizeof(emu->leaf_calls));
	emu->other_calls = 0;
	memset(emu->tdmr, 0, sizeof(emu->tdmr));
	emu_kot_reset(emu);
	emu_own_reset(emu);
	emu_cache_reset(emu);
}

int tdx_emu_init(struct tdx_emu *emu, const struct tdx_emu_config *cfg, unsigned int nr_lps,
		 const u32 *lp_package, const struct tdx_emu_ops *ops)
{
	unsigned int lp, p;

	if (!cfg || !ops || !ops->map || !lp_package || nr_lps == 0 ||
	    nr_lps > TDX_EMU_MAX_LPS || tdx_emu_config_check(cfg))
		return -EINVAL;

	memset(emu, 0, sizeof(*emu));
	for (lp = 0; lp < nr_lps; lp++) {
		for (p = 0; p < emu->nr_pkgs; p++)
			if (emu->pkg_id[p] == lp_package[lp])
				break;
		if (p == emu->nr_pkgs) {
			if (emu->nr_pkgs == TDX_EMU_MAX_PACKAGES)
				return -EINVAL;
			emu->pkg_id[emu->nr_pkgs++] = lp_package[lp];
		}
		emu->lp_pkg[lp] = lp_package[lp];
	}
	emu->nr_lps = nr_lps;
	emu->config = *cfg;
	emu->active = *cfg;
	emu->ops = *ops;
	emu_power_on(emu);
	return 0;
}

void tdx_emu_reset(struct tdx_emu *emu)
{
	emu_lock(emu);
	if (!tdx_emu_config_check(&emu->config))
		emu->active = emu->config;
	emu_power_on(emu);
	emu_unlock(emu);
}

int tdx_emu_inject(struct tdx_emu *emu, int leaf, u32 nth, u64 status, bool repeat)
{
	unsigned int i;
	int ret = -ENOSPC;

	if (nth == 0 || leaf > (int)TDX_LEAF_MASK)
		return -EINVAL;
	emu_lock(emu);
	for (i = 0; i < TDX_EMU_MAX_INJECT; i++) {
		struct tdx_emu_inject_slot *s = &emu->inject[i];

		if (s->armed)
			continue;
		s->leaf = leaf < 0 ? -1 : leaf;
		s->remaining = nth;
		s->status = status;
		s->repeat = repeat;
		s->armed = true;
		ret = 0;
		break;
	}
	emu_unlock(emu);
	return ret;
}

void tdx_emu_inject_clear(struct tdx_emu *emu)
{
	emu_lock(emu);
	memset(emu->inject, 0, sizeof(emu->inject));
	emu_unlock(emu);
}

void tdx_emu_hold_global_lock(struct tdx_emu *emu, bool hold)
{
	emu_lock(emu);
	emu->global_lock_held = hold;
	emu_unlock(emu);
}

const char *tdx_emu_state_name(enum tdx_emu_state state)
{
	switch (state) {
	case TDX_EMU_SYSINIT_PENDING:	return "SYSINIT_PENDING";
	case TDX_EMU_SYSINIT_DONE:	return "SYSINIT_DONE";
	case TDX_EMU_SYSCONFIG_DONE:	return "SYSCONFIG_DONE";
	case TDX_EMU_SYS_READY:		return "SYS_READY";
	default:			return "UNKNOWN";
	}
}

void tdx_emu_get_status(struct tdx_emu *emu, struct tdx_emu_status *st)
{
	unsigned int i;

	memset(st, 0, sizeof(*st));
	emu_lock(emu);
	st->state = emu->state;
	st->nr_lps = emu->nr_lps;
	st->nr_lps_initialized = emu->nr_lps_init;
	st->nr_packages = emu->nr_pkgs;
	st->nr_packages_configured = emu->nr_pkgs_configured;
	st->nr_tdmrs = emu->nr_tdmrs;
	for (i = 0; i < emu->nr_tdmrs; i++)
		if (emu->tdmr[i].next_init >= emu->tdmr[i].base + emu->tdmr[i].size)
			st->nr_tdmrs_initialized++;
	st->global_hkid = emu->state >= TDX_EMU_SYSCONFIG_DONE ? emu->global_hkid : 0;
	st->global_lock_held = emu->global_lock_held;
	st->nr_injected = emu->nr_injected;
	st->nr_injected_total = emu->nr_injected_total;
	st->map_failures = emu->map_failures;
	/* the TDX KeyIDs (the global one among them), as the KOT holds them */
	for (i = emu->active.nr_mktme_keyids + 1;
	     i <= emu->active.nr_mktme_keyids + emu->active.nr_tdx_keyids; i++)
		if (emu->kot[i].state < TDX_EMU_KOT_NR_STATES)
			st->hkids[emu->kot[i].state]++;
	st->owned_pages = emu->own_count;
	st->owned_untracked = emu->own_untracked;
	st->violations = emu->violations;
	st->violation_pa = emu->violation_pa;
	st->violation_kind = emu->violation_kind;
	st->hash_failures = emu->hash_failures;
	st->cache_flushes = emu->cache_flushes;
	st->global_dirty = emu->global_dirty;
	st->keyid0_dirty = emu->keyid0_dirty;
	emu_unlock(emu);
}

int tdx_emu_get_tdmr(struct tdx_emu *emu, unsigned int idx, struct tdx_emu_tdmr *out)
{
	int ret = -ENOENT;

	emu_lock(emu);
	if (idx < emu->nr_tdmrs) {
		*out = emu->tdmr[idx];
		ret = 0;
	}
	emu_unlock(emu);
	return ret;
}

u64 tdx_emu_leaf_calls(struct tdx_emu *emu, unsigned int leaf)
{
	u64 n;

	emu_lock(emu);
	n = leaf < TDX_NR_LEAVES ? emu->leaf_calls[leaf] : emu->other_calls;
	emu_unlock(emu);
	return n;
}
