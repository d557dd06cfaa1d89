// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: host-initialisation leaves.  See tdx_emu.h.
 *
 * Each leaf follows the order of checks of Intel's tdx_1.5 source
 * (src/vmm_dispatcher/tdx_vmm_dispatcher.c and api_calls/tdh_sys_*.c), so a
 * host sees the same status for the same mistake.  The code is our own.
 */
#include "tdx_emu.h"

#define EMU_U64_MAX		(~0ULL)
#define EMU_HKID_RESERVED	(~0xFFFFULL)	/* CONFIG R8 bits 63:16 must be 0 */

/* Metadata field id layout (TDX module md_field_id_t). */
#define MD_CODE_MASK		0x0000000000FFFFFFULL
#define MD_RSVD0_MASK		0x00000000FF000000ULL
#define MD_SIZE_SHIFT		32
#define MD_LAST_ELEM_SHIFT	34
#define MD_LAST_ELEM_MASK	(0xFULL << MD_LAST_ELEM_SHIFT)
#define MD_LAST_FIELD_SHIFT	38
#define MD_LAST_FIELD_MASK	(0x1FFULL << MD_LAST_FIELD_SHIFT)
#define MD_RSVD1_MASK		(0x7ULL << 47)
#define MD_WRITE_MASK_VALID	BIT_ULL(51)
#define MD_CONTEXT_MASK		(0x7ULL << 52)
#define MD_RSVD2_MASK		BIT_ULL(55)
#define MD_CLASS_SHIFT		56
#define MD_RSVD3_MASK		BIT_ULL(62)

#define MD_LIST_BYTES		4096	/* TDH.SYS.RDALL output page */

/* ---- small helpers */

static void emu_lock(struct tdx_emu *emu)
{
	if (emu->ops.lock)
		emu->ops.lock(emu->ops.ctx);
}

static void emu_unlock(struct tdx_emu *emu)
{
	if (emu->ops.unlock)
		emu->ops.unlock(emu->ops.ctx);
}

static void *emu_map(struct tdx_emu *emu, u64 pa, u64 len)
{
	return emu->ops.map(emu->ops.ctx, pa, len);
}

static void emu_unmap(struct tdx_emu *emu, void *va, u64 len)
{
	if (emu->ops.unmap)
		emu->ops.unmap(emu->ops.ctx, va, len);
}

static u64 emu_operand(u64 status, u64 operand_id)
{
	return status + operand_id;
}

/* The module's api_error_with_multiple_info(): byte-wide indexes in the detail. */
static u64 emu_info(u64 status, u8 i0, u8 i1, u8 i2)
{
	return status + i0 + ((u64)i1 << 8) + ((u64)i2 << 16);
}

static bool emu_range_ok(u64 base, u64 size)
{
	return base <= EMU_U64_MAX - size;
}

/* Same formula as the module's is_overlap(), zero sizes included. */
static bool emu_overlap(u64 b1, u64 s1, u64 b2, u64 s2)
{
	return !(b1 >= b2 + s2 || b2 >= b1 + s1);
}

static unsigned int emu_hkid_shift(const struct tdx_emu_config *c)
{
	return c->max_pa - c->keyid_bits;
}

static u32 emu_hkid_of(const struct tdx_emu_config *c, u64 pa)
{
	return (u32)((pa >> emu_hkid_shift(c)) & ((1ULL << c->keyid_bits) - 1));
}

static bool emu_pa_below_max(const struct tdx_emu_config *c, u64 pa)
{
	return pa < BIT_ULL(c->max_pa);
}

/* An address the module would use itself: below MAX_PA and without HKID bits. */
static bool emu_pa_plain(const struct tdx_emu_config *c, u64 pa)
{
	return emu_pa_below_max(c, pa) && emu_hkid_of(c, pa) == 0;
}

/* Strip the KeyID bits before handing an address to ops->map. */
static u64 emu_pa_strip(const struct tdx_emu_config *c, u64 pa)
{
	return pa & (BIT_ULL(emu_hkid_shift(c)) - 1);
}

/* The module's shared_hpa_check_with_pwr_2_alignment() (no SEAMRR here). */
static bool emu_shared_hpa_ok(const struct tdx_emu_config *c, u64 pa, u64 align)
{
	if (!IS_ALIGNED(pa, align) || !emu_pa_below_max(c, pa))
		return false;
	return emu_hkid_of(c, pa) < c->nr_mktme_keyids + 1;
}

static bool emu_private_hkid(const struct tdx_emu_config *c, u64 hkid)
{
	return hkid >= (u64)c->nr_mktme_keyids + 1 &&
	       hkid <= (u64)c->nr_mktme_keyids + c->nr_tdx_keyids;
}

static bool emu_version_at_least(const struct tdx_emu_config *c, u16 major, u16 minor,
				 u16 update)
{
	if (c->major != major)
		return c->major > major;
	if (c->minor != minor)
		return c->minor > minor;
	return c->update >= update;
}

/* TDH.SYS.RD/RDALL appeared with 1.5 */
static bool emu_has_sys_rd(const struct tdx_emu_config *c)
{
	return emu_version_at_least(c, 1, 5, 0);
}

/* ---- configuration */

void tdx_emu_default_config(struct tdx_emu_config *cfg)
{
	/* The module's configurable CPUID bits (tdx_1.5 cpuid_configurable[]), abridged. */
	static const struct tdx_emu_cpuid_config def_cpuid[] = {
		{ 0x00000001ULL | (0xffffffffULL << 32), { 0x00ff00000fff3fffULL, 0 } },
		{ 0x00000004ULL, { 0xfffff000ffffc3ffULL, 0xfffffffbffffffffULL } },
		{ 0x00000004ULL | (1ULL << 32), { 0xfffff000ffffc3ffULL, 0xfffffffbffffffffULL } },
		{ 0x00000004ULL | (2ULL << 32), { 0xfffff000ffffc3ffULL, 0xfffffffbffffffffULL } },
		{ 0x00000004ULL | (3ULL << 32), { 0xfffff000ffffc3ffULL, 0x00000007ffffffffULL } },
		{ 0x00000007ULL, { 0x0000000000000000ULL, 0x0000000000000000ULL } },
		{ 0x00000007ULL | (1ULL << 32), { 0, 0 } },
		{ 0x0000000aULL | (0xffffffffULL << 32),
		  { 0xffffffffffffffffULL, 0xffffffffffffffffULL } },
		{ 0x0000001cULL | (0xffffffffULL << 32), { 0x00000000ffffffffULL, 0 } },
		{ 0x80000008ULL | (0xffffffffULL << 32), { 0x0000000000ff0000ULL, 0 } },
		{ 0x00000007ULL | (2ULL << 32), { 0, 0 } },
		{ 0x00000023ULL, { 0, 0 } },
	};
	unsigned int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->major = 1;
	cfg->minor = 5;
	cfg->update = 6;
	cfg->internal = 0;
	cfg->build_date = 20240229;
	cfg->build_num = 698;
	cfg->vendor_id = 0x8086;
	cfg->features0 = TDX_FEATURES0_NO_RBP_MOD | TDX_FEATURES0_TD_PRESERVING;
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
	/* DEBUG, SEPT_VE_DISABLE, MIGRATABLE, PKS, PERFMON may be set; nothing must */
	cfg->attrs_fixed0 = 0x1ULL | BIT_ULL(28) | BIT_ULL(29) | BIT_ULL(30) | BIT_ULL(63);
	cfg->attrs_fixed1 = 0;
	cfg->xfam_fixed0 = 0x0006DBE7ULL;
	cfg->xfam_fixed1 = 0x00000003ULL;
	cfg->max_vcpus_per_td = 576;
	cfg->nr_cpuid_config = ARRAY_SIZE(def_cpuid);
	for (i = 0; i < ARRAY_SIZE(def_cpuid); i++)
		cfg->cpuid_config[i] = def_cpuid[i];
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
	if (cfg->max_pa < 36 || cfg->max_pa > 52 || cfg->keyid_bits > 15 ||
	    cfg->max_pa - cfg->keyid_bits < 32)
		return -EINVAL;
	/* The partition must fit the KeyID space (KeyID 0 is the TME key). */
	if ((u64)cfg->nr_mktme_keyids + cfg->nr_tdx_keyids > (1ULL << cfg->keyid_bits) - 1)
		return -EINVAL;
	return 0;
}

/* ---- global metadata table (TDH.SYS.RD / RDALL), tdx_1.5 order */

enum emu_md_src {
	MDS_CONST = 0,		/* konst */
	MDS_CFG,		/* a scalar of the active config */
	MDS_NUM_PKGS,
	MDS_PKG_FMS,
	MDS_NUM_CMRS,
	MDS_CMR_BASE,
	MDS_CMR_SIZE,
	MDS_CPUID_LEAVES,
	MDS_CPUID_VALUES,
};

#define MDF_SINCE_1_5_06	0x1	/* field absent before module 1.5.06 */

struct emu_md_field {
	u64 id;		/* id of the first element of the first field */
	u64 konst;	/* value of MDS_CONST fields */
	u16 nr_fields;
	u8 nr_elems;
	u8 src;
	u8 flags;
	u8 cfg_width;	/* MDS_CFG: bytes of the config member */
	u16 cfg_off;	/* MDS_CFG: its offset in struct tdx_emu_config */
};

#define MD_K(id, val)		{ id, val, 1, 1, MDS_CONST, 0, 0, 0 }
#define MD_SRC(id, n, e, src)	{ id, 0, n, e, src, 0, 0, 0 }
#define MD_CFG_F(id, m, fl)	{ id, 0, 1, 1, MDS_CFG, fl, \
				  sizeof(((struct tdx_emu_config *)0)->m), \
				  offsetof(struct tdx_emu_config, m) }
#define MD_CFG(id, m)		MD_CFG_F(id, m, 0)

static const struct emu_md_field emu_md_table[] = {
	MD_SRC(0x0000000200000000ULL, 1, 1, MDS_NUM_PKGS),
	MD_SRC(0x0000000200000001ULL, 8, 1, MDS_PKG_FMS),
	MD_CFG(0x0800000200000000ULL, vendor_id),
	MD_CFG(0x8800000200000001ULL, build_date),
	MD_CFG(0x8800000100000002ULL, build_num),
	MD_CFG(0x0800000100000003ULL, minor),
	MD_CFG(0x0800000100000004ULL, major),
	MD_CFG(0x0800000100000005ULL, update),
	MD_CFG(0x0800000100000006ULL, internal),
	MD_K(0x8900000100000000ULL, 0),		/* MODULE_HV */
	MD_K(0x8900000100000001ULL, 0),		/* MIN_UPDATE_HV */
	MD_K(0x8900000000000002ULL, 0),		/* NO_DOWNGRADE */
	MD_K(0x8900000100000003ULL, 0),		/* NUM_HANDOFF_PAGES */
	MD_K(0x8900000000000004ULL, 0),		/* HANDOFF_DATA_VALID */
	MD_K(0x8900000100000005ULL, 0),		/* HANDOFF_DATA_HV */
	MD_K(0x8900000200000006ULL, 0),		/* HANDOFF_DATA_SIZE */
	MD_K(0x0A00000200000000ULL, 0),		/* SYS_ATTRIBUTES (SYS.INIT RCX, always 0) */
	MD_K(0x0A00000000000001ULL, 1),		/* NUM_TDX_FEATURES */
	MD_CFG(0x0A00000300000008ULL, features0),
	MD_SRC(0x9000000100000000ULL, 1, 1, MDS_NUM_CMRS),
	MD_SRC(0x9000000300000080ULL, TDX_MAX_CMRS, 1, MDS_CMR_BASE),
	MD_SRC(0x9000000300000100ULL, TDX_MAX_CMRS, 1, MDS_CMR_SIZE),
	MD_CFG(0x9100000100000008ULL, max_tdmrs),
	MD_CFG(0x9100000100000009ULL, max_rsvd_per_tdmr),
	MD_CFG(0x9100000100000010ULL, pamt_entry_size[TDX_PS_4K]),
	MD_CFG(0x9100000100000011ULL, pamt_entry_size[TDX_PS_2M]),
	MD_CFG(0x9100000100000012ULL, pamt_entry_size[TDX_PS_1G]),
	MD_CFG(0x9800000100000000ULL, tdr_base_size),
	MD_CFG(0x9800000100000100ULL, tdcs_base_size),
	MD_K(0x9800000100000101ULL, 0x2000),	/* TDCS_SIZE_PER_L2_VM */
	MD_CFG(0x9800000100000200ULL, tdvps_base_size),
	MD_K(0x9800000100000201ULL, 0x3000),	/* TDVPS_SIZE_PER_L2_VM */
	MD_CFG(0x1900000300000000ULL, attrs_fixed0),
	MD_CFG(0x1900000300000001ULL, attrs_fixed1),
	MD_CFG(0x1900000300000002ULL, xfam_fixed0),
	MD_CFG(0x1900000300000003ULL, xfam_fixed1),
	MD_CFG(0x9900000100000004ULL, nr_cpuid_config),
	MD_K(0x9900000300000006ULL, 0x7),	/* CONFIG_FLAGS_FIXED0 */
	MD_K(0x9900000300000007ULL, 0),		/* CONFIG_FLAGS_FIXED1 */
	MD_CFG_F(0x9900000100000008ULL, max_vcpus_per_td, MDF_SINCE_1_5_06),
	MD_SRC(0x9900000300000400ULL, TDX_EMU_MAX_CPUID_CONFIG, 1, MDS_CPUID_LEAVES),
	MD_SRC(0x9900000300000500ULL, TDX_EMU_MAX_CPUID_CONFIG, 2, MDS_CPUID_VALUES),
	MD_K(0x9900000300000600ULL, 0),		/* IA32_ARCH_CAPABILITIES config mask */
	MD_K(0x9900000100000800ULL, 0),		/* NUM_ALLOWED_FMS */
	MD_K(0x9900000100000801ULL, 0),		/* NUM_DISALLOWED_FMS */
	{ 0x9900000300000810ULL, 0, 64, 1, MDS_CONST, 0, 0, 0 },	/* ALLOWED_FMS */
	{ 0x9900000300000850ULL, 0, 64, 1, MDS_CONST, 0, 0, 0 },	/* DISALLOWED_FMS */
	MD_K(0xA000000300000000ULL, 0),		/* MIG_ATTRIBUTES */
	MD_K(0x2000000100000001ULL, 0),		/* MIN_EXPORT_VERSION */
	MD_K(0x2000000100000002ULL, 0),		/* MAX_EXPORT_VERSION */
	MD_K(0x2000000100000003ULL, 0),		/* MIN_IMPORT_VERSION */
	MD_K(0x2000000100000004ULL, 0),		/* MAX_IMPORT_VERSION */
	MD_K(0xA000000100000010ULL, 512),	/* MAX_MIGS */
	MD_K(0xA000000000000020ULL, 1),		/* NUM_IMMUTABLE_STATE_PAGES */
	MD_K(0xA000000000000021ULL, 1),		/* NUM_TD_STATE_PAGES */
	MD_K(0xA000000000000022ULL, 2),		/* NUM_VP_STATE_PAGES */
	MD_K(0xA100000100000000ULL, 1),		/* MAX_SERV_TDS */
	MD_K(0xA100000300000001ULL, 0),		/* SERVTD_ATTR_FIXED0 */
	MD_K(0xA100000300000002ULL, 0),		/* SERVTD_ATTR_FIXED1 */
	MD_K(0xA200000100000000ULL, 0x1f),	/* GUEST_L2_GPA_ATTR_MASK */
	MD_K(0xA200000300000001ULL, 0x3),	/* VM_CTLS_FIXED0 */
	MD_K(0xA200000300000002ULL, 0),		/* VM_CTLS_FIXED1 */
	MD_K(0xA200000300000003ULL, 0x3),	/* L2_CTLS_FIXED0 */
	MD_K(0xA200000300000004ULL, 0),		/* L2_CTLS_FIXED1 */
	MD_K(0xA200000300000005ULL, 0x1),	/* L2_DEBUG_CTLS_FIXED0 */
	MD_K(0xA200000300000006ULL, 0),		/* L2_DEBUG_CTLS_FIXED1 */
};

#define EMU_MD_NR	((int)ARRAY_SIZE(emu_md_table))

static u32 md_code(u64 id)
{
	return (u32)(id & MD_CODE_MASK);
}

static u32 md_class(u64 id)
{
	return (u32)((id >> MD_CLASS_SHIFT) & 0x3f);
}

static u32 md_size_code(u64 id)
{
	return (u32)((id >> MD_SIZE_SHIFT) & 0x3);
}

static u64 md_with_code(u64 id, u32 code)
{
	return (id & ~MD_CODE_MASK) | code;
}

static bool md_is_null(u64 id)
{
	return (id | MD_CONTEXT_MASK) == MD_FIELD_ID_NA;
}

static bool md_present(const struct tdx_emu_config *c, int idx)
{
	if (emu_md_table[idx].flags & MDF_SINCE_1_5_06)
		return emu_version_at_least(c, 1, 5, 6);
	return true;
}

static u32 md_nr_elems_total(int idx)
{
	return (u32)emu_md_table[idx].nr_fields * emu_md_table[idx].nr_elems;
}

/* Next present table entry after @idx (-1: start), or -1 at the end. */
static int md_next_entry(const struct tdx_emu_config *c, int idx)
{
	for (idx++; idx < EMU_MD_NR; idx++)
		if (md_present(c, idx))
			return idx;
	return -1;
}

/* The entry holding element @id (class + field code; size and context ignored), or -1. */
static int md_find(const struct tdx_emu_config *c, u64 id, u32 *elem)
{
	int idx;

	for (idx = 0; idx < EMU_MD_NR; idx++) {
		u32 first = md_code(emu_md_table[idx].id);

		if (!md_present(c, idx) || md_class(id) != md_class(emu_md_table[idx].id))
			continue;
		if (md_code(id) >= first && md_code(id) < first + md_nr_elems_total(idx)) {
			*elem = md_code(id) - first;
			return idx;
		}
	}
	return -1;
}

static u64 md_elem_mask(int idx)
{
	u32 sz = md_size_code(emu_md_table[idx].id);

	return sz == 3 ? EMU_U64_MAX : (1ULL << (8U << sz)) - 1;
}

static u64 md_cfg_scalar(const struct tdx_emu_config *c, const struct emu_md_field *f)
{
	const u8 *p = (const u8 *)c + f->cfg_off;
	u64 v64;
	u32 v32;
	u16 v16;

	switch (f->cfg_width) {
	case 8:
		memcpy(&v64, p, sizeof(v64));
		return v64;
	case 4:
		memcpy(&v32, p, sizeof(v32));
		return v32;
	case 2:
		memcpy(&v16, p, sizeof(v16));
		return v16;
	default:
		return *p;
	}
}

/* Value of element @elem (counted across fields) of table entry @idx. */
static u64 md_value(const struct tdx_emu *emu, int idx, u32 elem)
{
	const struct tdx_emu_config *c = &emu->active;
	const struct emu_md_field *f = &emu_md_table[idx];
	u32 field = elem / f->nr_elems, sub = elem % f->nr_elems;
	u64 v;

	switch (f->src) {
	case MDS_CFG:
		v = md_cfg_scalar(c, f);
		break;
	case MDS_NUM_PKGS:
		v = emu->nr_pkgs;
		break;
	case MDS_PKG_FMS:
		v = field < emu->nr_pkgs ? c->pkg_fms : 0;
		break;
	case MDS_NUM_CMRS:
		v = c->num_cmrs_is_max ? TDX_MAX_CMRS : c->nr_cmrs;
		break;
	case MDS_CMR_BASE:
		v = field < c->nr_cmrs ? c->cmrs[field].base : 0;
		break;
	case MDS_CMR_SIZE:
		v = field < c->nr_cmrs ? c->cmrs[field].size : 0;
		break;
	case MDS_CPUID_LEAVES:
		/* unused slots read all-ones, like the module */
		v = field < c->nr_cpuid_config ? c->cpuid_config[field].leaf : EMU_U64_MAX;
		break;
	case MDS_CPUID_VALUES:
		v = field < c->nr_cpuid_config ? c->cpuid_config[field].value[sub] : 0;
		break;
	default:
		v = f->konst;
		break;
	}
	return v & md_elem_mask(idx);
}

/* ---- TDH.SYS.RD / TDH.SYS.RDALL */

static bool emu_lp_init_done(struct tdx_emu *emu, unsigned int lp)
{
	bool done;

	emu_lock(emu);
	done = emu->lp_init[lp];
	emu_unlock(emu);
	return done;
}

static u64 emu_sys_rd(struct tdx_emu *emu, unsigned int lp, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 id = args->rdx & ~MD_CONTEXT_MASK;	/* context is implicitly "system" */
	u32 elem;
	int idx;

	args->rdx = MD_FIELD_ID_NA;
	args->r8 = 0;
	if (!emu_lp_init_done(emu, lp))
		return TDX_SYS_LP_INIT_NOT_DONE;

	if (md_is_null(id)) {
		idx = md_next_entry(c, -1);
		args->rdx = emu_md_table[idx].id;
		return TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
	}
	/* a single element id: reserved and sequence bits clear; size, context ignored */
	if (id & (MD_RSVD0_MASK | MD_RSVD1_MASK | MD_RSVD2_MASK | MD_RSVD3_MASK |
		  MD_LAST_ELEM_MASK | MD_LAST_FIELD_MASK))
		return TDX_METADATA_FIELD_ID_INCORRECT;

	idx = md_find(c, id, &elem);
	if (idx < 0)
		return TDX_METADATA_FIELD_ID_INCORRECT;

	args->r8 = md_value(emu, idx, elem);
	if (elem + 1 < md_nr_elems_total(idx)) {
		args->rdx = md_with_code(id, md_code(id) + 1);
	} else {
		idx = md_next_entry(c, idx);
		args->rdx = idx < 0 ? MD_FIELD_ID_NA : emu_md_table[idx].id;
	}
	return TDX_SUCCESS;
}

/* Where a metadata walk stands: table entry and field code of the next field. */
struct emu_md_cursor {
	int idx;	/* -1: context finished */
	u32 code;
};

static void md_next_field(const struct tdx_emu_config *c, struct emu_md_cursor *cur)
{
	const struct emu_md_field *f = &emu_md_table[cur->idx];
	u32 field = (cur->code - md_code(f->id)) / f->nr_elems;

	if (field + 1 < f->nr_fields) {
		cur->code += f->nr_elems;
		return;
	}
	cur->idx = md_next_entry(c, cur->idx);
	if (cur->idx >= 0)
		cur->code = md_code(emu_md_table[cur->idx].id);
}

/*
 * One sequence of the module's md_dump_list(): consecutive fields of one
 * class with the same element count and size, behind one header id.
 * Returns the u64 slots used (header + elements); *full: stopped for space.
 */
static u32 md_dump_sequence(const struct tdx_emu *emu, struct emu_md_cursor *cur, u64 *out,
			    u32 room, bool *full)
{
	const struct tdx_emu_config *c = &emu->active;
	int first = cur->idx;
	u32 nr_elems = emu_md_table[first].nr_elems;
	u64 hdr = md_with_code(emu_md_table[first].id, cur->code);
	u32 used = 1, nr_fields = 0, e;

	*full = true;
	while (room - used >= emu_md_table[cur->idx].nr_elems) {
		int prev = cur->idx;
		u32 prev_code = cur->code;
		u32 base = md_code(emu_md_table[prev].id);

		for (e = 0; e < nr_elems; e++)
			out[used + e] = md_value(emu, prev, prev_code - base + e);
		used += nr_elems;
		nr_fields++;

		md_next_field(c, cur);
		if (cur->idx < 0 || md_class(emu_md_table[cur->idx].id) !=
				    md_class(emu_md_table[prev].id) ||
		    cur->code != prev_code + nr_elems ||
		    emu_md_table[cur->idx].nr_elems != nr_elems ||
		    md_size_code(emu_md_table[cur->idx].id) !=
		    md_size_code(emu_md_table[prev].id)) {
			*full = false;
			break;
		}
	}
	hdr &= ~(MD_CONTEXT_MASK | MD_RSVD0_MASK | MD_RSVD1_MASK | MD_RSVD2_MASK |
		 MD_RSVD3_MASK | MD_WRITE_MASK_VALID | MD_LAST_ELEM_MASK | MD_LAST_FIELD_MASK);
	hdr |= (u64)(nr_elems - 1) << MD_LAST_ELEM_SHIFT;
	hdr |= (u64)(nr_fields - 1) << MD_LAST_FIELD_SHIFT;
	out[0] = hdr;
	return used;
}

/* The list format of md_dump_list(): u16 size, u16 sequences, u32 0, then sequences. */
static u64 emu_md_dump(const struct tdx_emu *emu, u64 id, u64 *list, u64 *next)
{
	const struct tdx_emu_config *c = &emu->active;
	struct emu_md_cursor cur;
	u32 room = MD_LIST_BYTES / 8 - 1, pos = 1, nr_seq = 0;
	bool full = false;
	u32 elem;

	*next = MD_FIELD_ID_NA;
	if (md_is_null(id)) {
		cur.idx = md_next_entry(c, -1);
		cur.code = md_code(emu_md_table[cur.idx].id);
	} else {
		cur.idx = md_find(c, id, &elem);
		if (cur.idx < 0 || elem % emu_md_table[cur.idx].nr_elems ||
		    md_size_code(id) != md_size_code(emu_md_table[cur.idx].id))
			return TDX_METADATA_FIELD_ID_INCORRECT;
		cur.code = md_code(id);
	}

	while (room >= 1 + (u32)emu_md_table[cur.idx].nr_elems) {
		u32 used = md_dump_sequence(emu, &cur, &list[pos], room, &full);

		nr_seq++;
		pos += used;
		room -= used;
		if (full || cur.idx < 0)
			break;
	}
	list[0] = (u64)(pos * 8) | ((u64)nr_seq << 16);

	if (cur.idx < 0)
		return TDX_SUCCESS;
	*next = md_with_code(emu_md_table[cur.idx].id, cur.code);
	return TDX_METADATA_LIST_OVERFLOW;
}

static u64 emu_sys_rdall(struct tdx_emu *emu, unsigned int lp, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 list_pa = args->rdx, start = args->r8 & ~MD_CONTEXT_MASK, status;
	u64 *list;

	args->r8 = MD_FIELD_ID_NA;
	if (!emu_lp_init_done(emu, lp))
		return TDX_SYS_LP_INIT_NOT_DONE;
	if (!emu_shared_hpa_ok(c, list_pa, SZ_4K))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);

	list = emu_map(emu, emu_pa_strip(c, list_pa), MD_LIST_BYTES);
	if (!list) {
		emu_lock(emu);
		emu->map_failures++;
		emu_unlock(emu);
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	}
	status = emu_md_dump(emu, start, list, &args->r8);
	emu_unmap(emu, list, MD_LIST_BYTES);
	return status;
}

/* ---- TDH.SYS.INIT, TDH.SYS.LP.INIT, TDH.SYS.KEY.CONFIG */

static bool emu_global_lock_taken(const struct tdx_emu *emu)
{
	return emu->global_lock_held || emu->global_lock_busy;
}

static u64 emu_sys_init(struct tdx_emu *emu, struct tdx_args *args)
{
	u64 attributes = args->rcx, status;

	args->rcx = 0;
	args->rdx = 0;
	args->r8 = 0;
	args->r9 = 0;
	args->r10 = 0;

	emu_lock(emu);
	if (emu_global_lock_taken(emu))
		status = TDX_SYS_BUSY;
	else if (attributes != 0)	/* every SYS_ATTRIBUTES bit is reserved */
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	else if (emu->state != TDX_EMU_SYSINIT_PENDING)
		status = TDX_SYS_INIT_NOT_PENDING;
	else {
		emu->state = TDX_EMU_SYSINIT_DONE;
		status = TDX_SUCCESS;
	}
	emu_unlock(emu);
	return status;
}

static u64 emu_sys_lp_init(struct tdx_emu *emu, unsigned int lp, struct tdx_args *args)
{
	u64 status;

	args->rcx = 0;
	args->rdx = 0;
	args->r8 = 0;

	emu_lock(emu);
	/* LP.INIT takes the global lock shared: an exclusive holder makes it busy */
	if (emu_global_lock_taken(emu))
		status = TDX_SYS_BUSY;
	else if (emu->state != TDX_EMU_SYSINIT_DONE)
		status = TDX_SYS_LP_INIT_NOT_PENDING;
	else if (emu->lp_init[lp])
		status = TDX_SYS_LP_INIT_DONE;
	else {
		emu->lp_init[lp] = true;
		emu->nr_lps_init++;
		status = TDX_SUCCESS;
	}
	emu_unlock(emu);
	return status;
}

static u64 emu_sys_key_config(struct tdx_emu *emu, unsigned int lp)
{
	u32 pkg_bit = 1U << emu->lp_pkg[lp];
	u64 status;

	emu_lock(emu);
	if (emu_global_lock_taken(emu))
		status = TDX_SYS_BUSY;
	else if (emu->state != TDX_EMU_SYSCONFIG_DONE)
		status = TDX_SYS_KEY_CONFIG_NOT_PENDING;
	else if (emu->pkg_configured & pkg_bit)
		status = TDX_KEY_CONFIGURED;
	else {
		emu->pkg_configured |= pkg_bit;
		if (++emu->nr_pkgs_configured == emu->nr_pkgs)
			emu->state = TDX_EMU_SYS_READY;
		status = TDX_SUCCESS;
	}
	emu_unlock(emu);
	return status;
}

/* ---- TDH.SYS.CONFIG */

static bool emu_area_in_cmr(const struct tdx_emu_config *c, u64 start, u64 end)
{
	u64 last_start = 0, last_end = 0;
	unsigned int i;

	for (i = 0; i < c->nr_cmrs; i++) {
		u64 cmr_start = c->cmrs[i].base, cmr_end = c->cmrs[i].base + c->cmrs[i].size;

		if (!c->cmrs[i].size)
			continue;
		/* a CMR that starts where the previous one ended extends it */
		if (cmr_start == last_end)
			cmr_start = last_start;
		if (start >= cmr_start && end <= cmr_end)
			return true;
		last_start = cmr_start;
		last_end = cmr_end;
	}
	return false;
}

/*
 * Walk the non-reserved ("available") parts of TDMR @t the way the module
 * does, calling @hit on each: true stops the walk and is returned.  With
 * @cmr_check the test is "not inside a CMR", else "overlaps [pb, pb+ps)".
 */
static bool emu_walk_available(const struct tdx_emu_config *c, const struct tdx_emu_tdmr *t,
			       bool cmr_check, u64 pb, u64 ps)
{
	u64 avail = t->base, end = t->base + t->size, avail_end;
	bool valid = false;
	unsigned int j;

	for (j = 0; j < c->max_rsvd_per_tdmr; j++) {
		u64 rs = t->base + t->rsvd[j].offset;
		u64 re = rs + t->rsvd[j].size;

		valid = t->rsvd[j].size != 0;
		if (avail == end)
			break;
		if (valid && avail == rs) {
			avail = re;
			continue;
		}
		avail_end = valid ? rs : end;
		if (cmr_check ? !emu_area_in_cmr(c, avail, avail_end) :
				emu_overlap(pb, ps, avail, avail_end - avail))
			return true;
		if (!valid)
			break;
		avail = re;
	}
	if (valid && end > avail) {
		if (cmr_check ? !emu_area_in_cmr(c, avail, end) :
				emu_overlap(pb, ps, avail, end - avail))
			return true;
	}
	return false;
}

static u64 emu_check_tdmr_range(const struct tdx_emu_config *c, const struct tdx_emu_tdmr *t,
				unsigned int i)
{
	if (!IS_ALIGNED(t->base, SZ_1G) || !IS_ALIGNED(t->size, SZ_1G) || t->size == 0)
		return emu_info(TDX_INVALID_TDMR, i, 0, 0);
	if (!emu_pa_plain(c, t->base) || !emu_pa_plain(c, t->base + t->size - 1))
		return emu_info(TDX_INVALID_TDMR, i, 0, 0);
	return TDX_SUCCESS;
}

static u64 emu_check_reserved(const struct tdx_emu_config *c, const struct tdx_emu_tdmr *t,
			      unsigned int i)
{
	unsigned int j, nr = c->max_rsvd_per_tdmr;

	for (j = 0; j < nr; j++) {
		u64 off = t->rsvd[j].offset, size = t->rsvd[j].size, start;

		if (size == 0) {
			/* a null entry may only be followed by null entries */
			if (j + 1 < nr && t->rsvd[j + 1].size != 0)
				return emu_info(TDX_NON_ORDERED_RESERVED_IN_TDMR, i, j, 0);
			continue;
		}
		if (!emu_range_ok(off, size))
			return emu_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
		if (j > 0 && (off < t->rsvd[j - 1].offset ||
			      off < t->rsvd[j - 1].offset + t->rsvd[j - 1].size))
			return emu_info(TDX_NON_ORDERED_RESERVED_IN_TDMR, i, j, 0);
		if (!IS_ALIGNED(off, SZ_4K) || !IS_ALIGNED(size, SZ_4K))
			return emu_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
		if (!emu_range_ok(t->base, off))
			return emu_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
		start = t->base + off;
		if (!emu_range_ok(start, size) || start + size > t->base + t->size)
			return emu_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
	}
	return TDX_SUCCESS;
}

/* Page-size order the module checks the PAMTs in for each kind of test. */
static const u8 emu_ps_1g_first[TDX_PS_NR] = { TDX_PS_1G, TDX_PS_2M, TDX_PS_4K };
static const u8 emu_ps_4k_first[TDX_PS_NR] = { TDX_PS_4K, TDX_PS_2M, TDX_PS_1G };
static const u8 emu_ps_shift[TDX_PS_NR] = { 12, 21, 30 };

static u64 emu_check_pamt_addresses(const struct tdx_emu_config *c, const struct tdx_emu_tdmr *t,
				    unsigned int i)
{
	unsigned int k;

	for (k = 0; k < TDX_PS_NR; k++) {
		u8 ps = emu_ps_1g_first[k];
		u64 b = t->pamt_base[ps], s = t->pamt_size[ps];
		u64 need = (t->size >> emu_ps_shift[ps]) * c->pamt_entry_size[ps];

		if (!emu_range_ok(b, s) || !IS_ALIGNED(b, SZ_4K) || !IS_ALIGNED(s, SZ_4K) ||
		    !emu_pa_plain(c, b) || !emu_pa_plain(c, b + s - 1) || s < need)
			return emu_info(TDX_INVALID_PAMT, i, ps, 0);
	}
	return TDX_SUCCESS;
}

static bool emu_pamt_hits_any(const struct tdx_emu_tdmr *other, u64 b, u64 s)
{
	unsigned int ps;

	for (ps = 0; ps < TDX_PS_NR; ps++)
		if (emu_overlap(b, s, other->pamt_base[ps], other->pamt_size[ps]))
			return true;
	return false;
}

static u64 emu_check_pamt_overlap(const struct tdx_emu *emu, unsigned int i)
{
	const struct tdx_emu_tdmr *t = &emu->tdmr[i];
	unsigned int j, k;

	for (j = 0; j < i; j++)
		for (k = 0; k < TDX_PS_NR; k++) {
			u8 ps = emu_ps_4k_first[k];

			if (emu_pamt_hits_any(&emu->tdmr[j], t->pamt_base[ps], t->pamt_size[ps]))
				return emu_info(TDX_PAMT_OVERLAP, i, ps, j);
		}
	if (emu_overlap(t->pamt_base[TDX_PS_4K], t->pamt_size[TDX_PS_4K],
			t->pamt_base[TDX_PS_2M], t->pamt_size[TDX_PS_2M]) ||
	    emu_overlap(t->pamt_base[TDX_PS_4K], t->pamt_size[TDX_PS_4K],
			t->pamt_base[TDX_PS_1G], t->pamt_size[TDX_PS_1G]))
		return emu_info(TDX_PAMT_OVERLAP, i, TDX_PS_4K, i);
	if (emu_overlap(t->pamt_base[TDX_PS_2M], t->pamt_size[TDX_PS_2M],
			t->pamt_base[TDX_PS_1G], t->pamt_size[TDX_PS_1G]))
		return emu_info(TDX_PAMT_OVERLAP, i, TDX_PS_2M, i);
	return TDX_SUCCESS;
}

/* PAMTs may sit in reserved areas of any TDMR, never in available memory. */
static u64 emu_check_pamt_vs_available(const struct tdx_emu *emu, unsigned int i)
{
	const struct tdx_emu_config *c = &emu->active;
	const struct tdx_emu_tdmr *t = &emu->tdmr[i];
	unsigned int j, k;

	for (j = 0; j <= i; j++) {
		const struct tdx_emu_tdmr *o = &emu->tdmr[j];

		for (k = 0; k < TDX_PS_NR; k++) {
			u8 ps = emu_ps_4k_first[k];

			if (emu_walk_available(c, o, false, t->pamt_base[ps], t->pamt_size[ps]))
				return emu_info(TDX_PAMT_OVERLAP, i, ps, j);
		}
		if (j == i)
			break;
		for (k = 0; k < TDX_PS_NR; k++) {
			u8 ps = emu_ps_4k_first[k];

			if (emu_walk_available(c, t, false, o->pamt_base[ps], o->pamt_size[ps]))
				return emu_info(TDX_PAMT_OVERLAP, j, ps, i);
		}
	}
	return TDX_SUCCESS;
}

static u64 emu_check_pamt_in_cmr(const struct tdx_emu_config *c, const struct tdx_emu_tdmr *t,
				 unsigned int i)
{
	unsigned int k;

	for (k = 0; k < TDX_PS_NR; k++) {
		u8 ps = emu_ps_1g_first[k];

		if (!emu_area_in_cmr(c, t->pamt_base[ps], t->pamt_base[ps] + t->pamt_size[ps]))
			return emu_info(TDX_PAMT_OUTSIDE_CMRS, i, ps, 0);
	}
	return TDX_SUCCESS;
}

/* check_and_set_tdmrs() of the module, for TDMR @i (0..i-1 already accepted). */
static u64 emu_check_tdmr(const struct tdx_emu *emu, unsigned int i)
{
	const struct tdx_emu_config *c = &emu->active;
	const struct tdx_emu_tdmr *t = &emu->tdmr[i];
	u64 status;

	if (!emu_range_ok(t->base, t->size))
		return emu_info(TDX_INVALID_TDMR, i, 0, 0);
	if (i > 0 && (t->base < emu->tdmr[i - 1].base ||
		      t->base < emu->tdmr[i - 1].base + emu->tdmr[i - 1].size))
		return emu_info(TDX_NON_ORDERED_TDMR, i, 0, 0);

	status = emu_check_tdmr_range(c, t, i);
	if (status == TDX_SUCCESS)
		status = emu_check_reserved(c, t, i);
	if (status == TDX_SUCCESS)
		status = emu_check_pamt_addresses(c, t, i);
	if (status == TDX_SUCCESS)
		status = emu_check_pamt_overlap(emu, i);
	if (status == TDX_SUCCESS)
		status = emu_check_pamt_vs_available(emu, i);
	if (status == TDX_SUCCESS)
		status = emu_check_pamt_in_cmr(c, t, i);
	if (status == TDX_SUCCESS && emu_walk_available(c, t, true, 0, 0))
		status = emu_info(TDX_TDMR_OUTSIDE_CMRS, i, 0, 0);
	return status;
}

/* Copy TDMR_INFO at @pa into emu->tdmr[i] (only the reserved entries the module reads). */
static bool emu_read_tdmr_info(struct tdx_emu *emu, u64 pa, unsigned int i)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 len = sizeof(struct tdmr_info) +
		  (u64)c->max_rsvd_per_tdmr * sizeof(struct tdmr_reserved_area);
	struct tdx_emu_tdmr *t = &emu->tdmr[i];
	const struct tdmr_info *info;
	unsigned int j;

	info = emu_map(emu, emu_pa_strip(c, pa), len);
	if (!info)
		return false;
	memset(t, 0, sizeof(*t));
	t->base = info->base;
	t->size = info->size;
	t->pamt_base[TDX_PS_1G] = info->pamt_1g_base;
	t->pamt_size[TDX_PS_1G] = info->pamt_1g_size;
	t->pamt_base[TDX_PS_2M] = info->pamt_2m_base;
	t->pamt_size[TDX_PS_2M] = info->pamt_2m_size;
	t->pamt_base[TDX_PS_4K] = info->pamt_4k_base;
	t->pamt_size[TDX_PS_4K] = info->pamt_4k_size;
	for (j = 0; j < c->max_rsvd_per_tdmr; j++)
		t->rsvd[j] = info->reserved_areas[j];
	t->next_init = t->base;
	emu_unmap(emu, (void *)info, len);
	return true;
}

/* The TDMR part of CONFIG; runs with ops->lock dropped but the global lock taken. */
static u64 emu_config_tdmrs(struct tdx_emu *emu, u64 array_pa, unsigned int nr)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 status = TDX_SUCCESS;
	const u64 *pas;
	unsigned int i;

	pas = emu_map(emu, emu_pa_strip(c, array_pa), (u64)nr * sizeof(u64));
	if (!pas)
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	for (i = 0; i < nr && status == TDX_SUCCESS; i++) {
		u64 pa = pas[i];

		if (!emu_shared_hpa_ok(c, pa, TDMR_INFO_ALIGNMENT) ||
		    !emu_read_tdmr_info(emu, pa, i))
			status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		else
			status = emu_check_tdmr(emu, i);
	}
	emu_unmap(emu, (void *)pas, (u64)nr * sizeof(u64));
	return status;
}

static u64 emu_sys_config(struct tdx_emu *emu, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 array_pa = args->rcx, nr = args->rdx, hkid = args->r8, status, generation;

	emu_lock(emu);
	if (emu_global_lock_taken(emu))
		status = TDX_SYS_BUSY;
	else if (emu->state != TDX_EMU_SYSINIT_DONE || emu->nr_lps_init < emu->nr_lps)
		status = TDX_SYS_CONFIG_NOT_PENDING;
	else if (!emu_shared_hpa_ok(c, array_pa, TDMR_INFO_PA_ARRAY_ALIGNMENT))
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	else if (nr > c->max_tdmrs || nr < 1)
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	else if ((hkid & EMU_HKID_RESERVED) || !emu_private_hkid(c, hkid))
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
	else
		status = TDX_SUCCESS;
	if (status != TDX_SUCCESS) {
		emu_unlock(emu);
		return status;
	}
	emu->global_lock_busy = true;
	generation = emu->generation;
	emu_unlock(emu);

	status = emu_config_tdmrs(emu, array_pa, (unsigned int)nr);

	emu_lock(emu);
	if (emu->generation == generation) {
		emu->global_lock_busy = false;
		if (status == TDX_SUCCESS) {
			emu->nr_tdmrs = (unsigned int)nr;
			emu->global_hkid = (u16)hkid;
			emu->pkg_configured = 0;
			emu->nr_pkgs_configured = 0;
			emu->state = TDX_EMU_SYSCONFIG_DONE;
		}
	} else {
		status = TDX_SYS_NOT_READY;	/* reset under our feet */
	}
	emu_unlock(emu);
	return status;
}

/* ---- TDH.SYS.TDMR.INIT */

static bool emu_page_reserved(const struct tdx_emu_tdmr *t, unsigned int nr_rsvd, u64 off)
{
	unsigned int j;

	for (j = 0; j < nr_rsvd && t->rsvd[j].size; j++)
		if (off >= t->rsvd[j].offset && off < t->rsvd[j].offset + t->rsvd[j].size)
			return true;
	return false;
}

/* Zero @nr PAMT entries at @pa (PT_NDA); false if not mappable. */
static bool emu_pamt_clear(struct tdx_emu *emu, u64 pa, unsigned int nr)
{
	void *va = emu_map(emu, pa, (u64)nr * sizeof(struct tdx_pamt_entry));

	if (!va)
		return false;
	memset(va, 0, (size_t)nr * sizeof(struct tdx_pamt_entry));
	emu_unmap(emu, va, (u64)nr * sizeof(struct tdx_pamt_entry));
	return true;
}

/*
 * Initialise the PAMT for [base+off, base+off+4M): 1024 4K entries (PT_RSVD
 * in reserved areas, else PT_NDA), the two 2M entries above them and, when
 * this chunk completes a 1 GiB block, its 1G entry.  Returns map failures.
 */
static unsigned int emu_pamt_init_chunk(struct tdx_emu *emu, const struct tdx_emu_tdmr *t,
					u64 off)
{
	const unsigned int per_page = SZ_4K / sizeof(struct tdx_pamt_entry);
	unsigned int nr_rsvd = emu->active.max_rsvd_per_tdmr, page, k, failures = 0;
	u64 pa4k = t->pamt_base[TDX_PS_4K] + (off >> 12) * sizeof(struct tdx_pamt_entry);

	for (page = 0; page < TDX_EMU_PAMT_INIT_ENTRIES / per_page; page++) {
		struct tdx_pamt_entry *e = emu_map(emu, pa4k + (u64)page * SZ_4K, SZ_4K);

		if (!e) {
			failures++;
			continue;
		}
		for (k = 0; k < per_page; k++) {
			u64 page_off = off + (((u64)page * per_page + k) << 12);

			memset(&e[k], 0, sizeof(e[k]));
			if (emu_page_reserved(t, nr_rsvd, page_off))
				e[k].page_type = PT_RSVD;
		}
		emu_unmap(emu, e, SZ_4K);
	}
	if (!emu_pamt_clear(emu, t->pamt_base[TDX_PS_2M] +
			    (off >> 21) * sizeof(struct tdx_pamt_entry),
			    TDX_EMU_TDMR_INIT_BYTES / SZ_2M))
		failures++;
	if (IS_ALIGNED(off + TDX_EMU_TDMR_INIT_BYTES, SZ_1G) &&
	    !emu_pamt_clear(emu, t->pamt_base[TDX_PS_1G] +
			    (off >> 30) * sizeof(struct tdx_pamt_entry), 1))
		failures++;
	return failures;
}

static u64 emu_sys_tdmr_init(struct tdx_emu *emu, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 base = args->rcx, generation, off;
	struct tdx_emu_tdmr *t = NULL;
	unsigned int i, failures;
	u64 status;

	args->rdx = 0;
	if (!IS_ALIGNED(base, SZ_1G) || !emu_pa_plain(c, base))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);

	emu_lock(emu);
	for (i = 0; i < emu->nr_tdmrs; i++)
		if (emu->tdmr[i].base == base)
			t = &emu->tdmr[i];
	if (!t)
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	else if (t->busy)
		status = emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
	else if (t->next_init >= t->base + t->size)
		status = TDX_TDMR_ALREADY_INITIALIZED;
	else
		status = TDX_SUCCESS;
	if (status != TDX_SUCCESS) {
		emu_unlock(emu);
		return status;
	}
	t->busy = true;
	off = t->next_init - t->base;
	generation = emu->generation;
	emu_unlock(emu);

	/* the long part, without the lock: other TDMRs proceed meanwhile */
	failures = emu_pamt_init_chunk(emu, t, off);

	emu_lock(emu);
	emu->map_failures += failures;
	if (emu->generation == generation) {
		t->next_init += TDX_EMU_TDMR_INIT_BYTES;
		t->busy = false;
		/* rounded down: a half-done 1 GiB block is not usable yet */
		args->rdx = t->next_init & ~(SZ_1G - 1);
	} else {
		status = TDX_SYS_NOT_READY;
	}
	emu_unlock(emu);
	return status;
}

/* ---- TDH.PHYMEM.PAGE.RDMD */

/* pamt_get_block(): covering TDMR whose 1 GiB block of @pa is initialised. Lock held. */
static const struct tdx_emu_tdmr *emu_covering_tdmr(const struct tdx_emu *emu, u64 pa)
{
	const struct tdx_emu_tdmr *t = NULL;
	unsigned int i;

	for (i = 0; i < emu->nr_tdmrs && emu->tdmr[i].base <= pa; i++)
		t = &emu->tdmr[i];
	if (!t || pa >= t->base + t->size || pa >= (t->next_init & ~(SZ_1G - 1)))
		return NULL;
	return t;
}

int tdx_emu_pamt_entry_pa(struct tdx_emu *emu, u64 pa, enum tdx_page_size ps, u64 *entry_pa)
{
	const struct tdx_emu_tdmr *t;
	int ret = -ENOENT;

	if ((unsigned int)ps >= TDX_PS_NR)
		return -EINVAL;
	emu_lock(emu);
	t = emu_covering_tdmr(emu, pa);
	if (t) {
		*entry_pa = t->pamt_base[ps] +
			    ((pa - t->base) >> emu_ps_shift[ps]) * sizeof(struct tdx_pamt_entry);
		ret = 0;
	}
	emu_unlock(emu);
	return ret;
}

static bool emu_read_pamt(struct tdx_emu *emu, u64 pa, struct tdx_pamt_entry *out)
{
	void *va = emu_map(emu, pa, sizeof(*out));

	if (!va)
		return false;
	memcpy(out, va, sizeof(*out));
	emu_unmap(emu, va, sizeof(*out));
	return true;
}

static u64 emu_phymem_page_rdmd(struct tdx_emu *emu, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	struct tdx_pamt_entry e;
	u64 pa = args->rcx, entry_pa;
	int ps;

	args->rcx = 0;
	args->rdx = 0;
	args->r8 = 0;
	args->r9 = 0;
	args->r10 = 0;
	args->r11 = 0;
	if (!IS_ALIGNED(pa, SZ_4K) || !emu_pa_plain(c, pa))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);

	/* walk 1G -> 2M -> 4K; a PT_REG entry above 4K is a large leaf */
	for (ps = TDX_PS_1G; ps >= TDX_PS_4K; ps--) {
		if (tdx_emu_pamt_entry_pa(emu, pa, (enum tdx_page_size)ps, &entry_pa))
			return emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		if (!emu_read_pamt(emu, entry_pa, &e)) {
			emu_lock(emu);
			emu->map_failures++;
			emu_unlock(emu);
			return emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		}
		if (e.lock & TDX_EMU_PAMT_LOCK_EXCLUSIVE)
			return emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
		if (e.page_type == PT_REG || ps == TDX_PS_4K)
			break;
	}
	args->rcx = e.page_type;
	args->rdx = tdx_emu_pamt_owner(&e);
	args->r8 = (u64)ps;
	if (e.page_type == PT_REG || e.page_type == PT_EPT)
		args->r9 = tdx_emu_pamt_bepoch(&e);
	return TDX_SUCCESS;
}

/* ---- dispatcher */

static bool emu_leaf_has_versions(u32 leaf)
{
	switch (leaf) {
	case TDH_MEM_PAGE_PROMOTE:
	case TDH_MEM_SEPT_ADD:
	case TDH_MEM_SEPT_REMOVE:
	case TDH_MNG_RD:
	case TDH_VP_RD:
		return true;
	default:
		return false;
	}
}

/* Leaves the module runs before SYS_READY. */
static bool emu_leaf_allowed_early(const struct tdx_emu_config *c, u32 leaf)
{
	switch (leaf) {
	case TDH_SYS_RD:
	case TDH_SYS_RDALL:
		return emu_has_sys_rd(c);
	case TDH_SYS_INFO:
	case TDH_SYS_INIT:
	case TDH_SYS_LP_INIT:
	case TDH_SYS_CONFIG:
	case TDH_SYS_KEY_CONFIG:
	case TDH_SYS_LP_SHUTDOWN:
	case TDH_SYS_UPDATE:
		return true;
	default:
		return false;
	}
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
	if (fired)
		emu->nr_injected++;
	emu_unlock(emu);
	return fired;
}

u64 tdx_emu_seamcall(struct tdx_emu *emu, unsigned int lp, u64 rax, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u32 leaf = (u32)(rax & TDX_LEAF_MASK);
	u32 version = (u32)((rax >> TDX_LEAF_VERSION_SHIFT) & 0xff);
	u64 status = TDX_SUCCESS;
	bool ready;

	/* an LP the module does not know is not in SEAM-capable VMX root mode */
	if (lp >= emu->nr_lps)
		return TDX_SEAMCALL_UD;
	if (emu_account(emu, leaf, &status))
		return status;

	if ((rax >> 24) != 0 || (version && !emu_leaf_has_versions(leaf)))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);

	emu_lock(emu);
	ready = emu->state == TDX_EMU_SYS_READY;
	emu_unlock(emu);
	if (!ready && !emu_leaf_allowed_early(c, leaf))
		return TDX_SYS_NOT_READY;

	switch (leaf) {
	case TDH_SYS_INIT:
		return emu_sys_init(emu, args);
	case TDH_SYS_LP_INIT:
		return emu_sys_lp_init(emu, lp, args);
	case TDH_SYS_RD:
		if (!emu_has_sys_rd(c))
			break;
		return emu_sys_rd(emu, lp, args);
	case TDH_SYS_RDALL:
		if (!emu_has_sys_rd(c))
			break;
		return emu_sys_rdall(emu, lp, args);
	case TDH_SYS_CONFIG:
		return emu_sys_config(emu, args);
	case TDH_SYS_KEY_CONFIG:
		return emu_sys_key_config(emu, lp);
	case TDH_SYS_TDMR_INIT:
		return emu_sys_tdmr_init(emu, args);
	case TDH_SYS_LP_SHUTDOWN:
		return TDX_SUCCESS;	/* deprecated; kept for old VMMs */
	case TDH_PHYMEM_PAGE_RDMD:
		return emu_phymem_page_rdmd(emu, args);
	default:
		if (emu->ops.ext_leaf)
			return emu->ops.ext_leaf(emu->ops.ctx, emu, lp, rax, args);
		break;
	}
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
	emu->global_hkid = 0;
	emu->nr_tdmrs = 0;
	emu->generation++;
	memset(emu->inject, 0, sizeof(emu->inject));
	emu->nr_injected = 0;
	emu->map_failures = 0;
	memset(emu->leaf_calls, 0, sizeof(emu->leaf_calls));
	emu->other_calls = 0;
	memset(emu->tdmr, 0, sizeof(emu->tdmr));
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
		emu->lp_pkg[lp] = (u8)p;
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
	st->map_failures = emu->map_failures;
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
