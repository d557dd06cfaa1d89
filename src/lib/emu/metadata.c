// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: the global metadata table and the two leaves that
 * read it, TDH.SYS.RD (one element) and TDH.SYS.RDALL (a list page in the
 * module's md_dump_list() format).
 *
 * Table order, field ids and checks follow Intel's tdx_1.5 source
 * (api_calls/tdh_sys_rd.c, tdh_sys_rdall.c and md_dump_list()), so a host
 * sees the same values, next ids and statuses.  The engine takes its table
 * as a parameter: TDH.MNG.RD (td_mng.c) runs it on the TD table.
 */
#include "emu_internal.h"

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

/* ---- the engine: any table */

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

bool emu_md_is_null(u64 id)
{
	return (id | MD_CONTEXT_MASK) == MD_FIELD_ID_NA;
}

static bool md_present(const struct emu_md_table *t, const void *ctx, int idx)
{
	return !t->present || t->present(ctx, &t->f[idx]);
}

/* Present and readable: what the next-id walks stop at. */
static bool md_visible(const struct emu_md_table *t, const void *ctx, int idx)
{
	return md_present(t, ctx, idx) && (!t->readable || t->readable(ctx, &t->f[idx]));
}

static u32 md_nr_elems_total(const struct emu_md_field *f)
{
	return (u32)f->nr_fields * f->nr_elems;
}

/* Next visible table entry after @idx (-1: start), or -1 at the end. */
static int md_next_entry(const struct emu_md_table *t, const void *ctx, int idx)
{
	for (idx++; idx < t->nr; idx++)
		if (md_visible(t, ctx, idx))
			return idx;
	return -1;
}

/* The entry holding element @id (class + field code; size and context ignored), or -1. */
static int md_find(const struct emu_md_table *t, const void *ctx, u64 id, u32 *elem)
{
	int idx;

	for (idx = 0; idx < t->nr; idx++) {
		u32 first = md_code(t->f[idx].id);

		if (!md_present(t, ctx, idx) || md_class(id) != md_class(t->f[idx].id))
			continue;
		if (md_code(id) >= first && md_code(id) < first + md_nr_elems_total(&t->f[idx])) {
			*elem = md_code(id) - first;
			return idx;
		}
	}
	return -1;
}

static u64 md_elem_mask(const struct emu_md_field *f)
{
	u32 sz = md_size_code(f->id);

	return sz == 3 ? EMU_U64_MAX : (1ULL << (8U << sz)) - 1;
}

static u64 md_val(const struct emu_md_table *t, const void *ctx, int idx, u32 elem)
{
	return t->value(ctx, &t->f[idx], elem) & md_elem_mask(&t->f[idx]);
}

u64 emu_md_first_id(const struct emu_md_table *t, const void *ctx)
{
	int idx = md_next_entry(t, ctx, -1);

	return idx < 0 ? MD_FIELD_ID_NA : t->f[idx].id;
}

u64 emu_md_read(const struct emu_md_table *t, const void *ctx, u64 id, u64 *value, u64 *next)
{
	u32 elem;
	int idx;

	/* a single element id: reserved and sequence bits clear; size, context ignored */
	if (id & (MD_RSVD0_MASK | MD_RSVD1_MASK | MD_RSVD2_MASK | MD_RSVD3_MASK |
		  MD_LAST_ELEM_MASK | MD_LAST_FIELD_MASK))
		return TDX_METADATA_FIELD_ID_INCORRECT;

	idx = md_find(t, ctx, id, &elem);
	if (idx < 0)
		return TDX_METADATA_FIELD_ID_INCORRECT;
	if (t->readable && !t->readable(ctx, &t->f[idx]))
		return TDX_METADATA_FIELD_NOT_READABLE;

	*value = md_val(t, ctx, idx, elem);
	if (elem + 1 < md_nr_elems_total(&t->f[idx])) {
		*next = md_with_code(id, md_code(id) + 1);
	} else {
		idx = md_next_entry(t, ctx, idx);
		*next = idx < 0 ? MD_FIELD_ID_NA : t->f[idx].id;
	}
	return TDX_SUCCESS;
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

#define MDF_SINCE_1_5_05	0x1	/* field absent before module 1.5.05 */

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
	MD_K(0x9800000100000101ULL, 0x1000),	/* TDCS_SIZE_PER_L2_VM */
	MD_CFG(0x9800000100000200ULL, tdvps_base_size),
	MD_K(0x9800000100000201ULL, 0x3000),	/* TDVPS_SIZE_PER_L2_VM */
	MD_CFG(0x1900000300000000ULL, attrs_fixed0),
	MD_CFG(0x1900000300000001ULL, attrs_fixed1),
	MD_CFG(0x1900000300000002ULL, xfam_fixed0),
	MD_CFG(0x1900000300000003ULL, xfam_fixed1),
	MD_CFG(0x9900000100000004ULL, nr_cpuid_config),
	MD_K(0x9900000300000006ULL, 0x7),	/* CONFIG_FLAGS_FIXED0 */
	MD_K(0x9900000300000007ULL, 0),		/* CONFIG_FLAGS_FIXED1 */
	MD_CFG_F(0x9900000100000008ULL, max_vcpus_per_td, MDF_SINCE_1_5_05),
	MD_SRC(0x9900000300000400ULL, TDX_EMU_MAX_CPUID_CONFIG, 1, MDS_CPUID_LEAVES),
	MD_SRC(0x9900000300000500ULL, TDX_EMU_MAX_CPUID_CONFIG, 2, MDS_CPUID_VALUES),
	MD_K(0x9900000300000600ULL, 0x1180010),	/* IA32_ARCH_CAPABILITIES config mask */
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
	MD_K(0xA000000000000020ULL, 4),		/* NUM_IMMUTABLE_STATE_PAGES */
	MD_K(0xA000000000000021ULL, 2),		/* NUM_TD_STATE_PAGES */
	MD_K(0xA000000000000022ULL, 5),		/* NUM_VP_STATE_PAGES */
	MD_K(0xA100000100000000ULL, 1),		/* MAX_SERV_TDS */
	MD_K(0xA100000300000001ULL, 0x000007FF00000001ULL),	/* SERVTD_ATTR_FIXED0 */
	MD_K(0xA100000300000002ULL, 0),		/* SERVTD_ATTR_FIXED1 */
	MD_K(0xA200000100000000ULL, 0x807f),	/* GUEST_L2_GPA_ATTR_MASK */
	MD_K(0xA200000300000001ULL, 0x1),	/* VM_CTLS_FIXED0 */
	MD_K(0xA200000300000002ULL, 0),		/* VM_CTLS_FIXED1 */
	MD_K(0xA200000300000003ULL, 0x3),	/* L2_CTLS_FIXED0 */
	MD_K(0xA200000300000004ULL, 0),		/* L2_CTLS_FIXED1 */
	MD_K(0xA200000300000005ULL, 0x7),	/* L2_DEBUG_CTLS_FIXED0 */
	MD_K(0xA200000300000006ULL, 0),		/* L2_DEBUG_CTLS_FIXED1 */
};

static bool md_sys_present(const void *ctx, const struct emu_md_field *f)
{
	const struct tdx_emu *emu = ctx;

	if (f->flags & MDF_SINCE_1_5_05)
		return emu_version_at_least(&emu->active, 1, 5, 5);
	return true;
}

static u64 md_cfg_scalar(const struct tdx_emu_config *c, const struct emu_md_field *f)
{
	const u8 *p = (const u8 *)c + f->off;
	u64 v64;
	u32 v32;
	u16 v16;

	switch (f->width) {
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

/* Value of element @elem (counted across fields) of a global field. */
static u64 md_sys_value(const void *ctx, const struct emu_md_field *f, u32 elem)
{
	const struct tdx_emu *emu = ctx;
	const struct tdx_emu_config *c = &emu->active;
	u32 field = elem / f->nr_elems, sub = elem % f->nr_elems;

	switch (f->src) {
	case MDS_CFG:
		return md_cfg_scalar(c, f);
	case MDS_NUM_PKGS:
		return emu->nr_pkgs;
	case MDS_PKG_FMS:
		return field < emu->nr_pkgs ? c->pkg_fms : 0;
	case MDS_NUM_CMRS:
		return c->num_cmrs_is_max ? TDX_MAX_CMRS : c->nr_cmrs;
	case MDS_CMR_BASE:
		return field < c->nr_cmrs ? c->cmrs[field].base : 0;
	case MDS_CMR_SIZE:
		return field < c->nr_cmrs ? c->cmrs[field].size : 0;
	case MDS_CPUID_LEAVES:
		/* unused slots read all-ones, like the module */
		return field < c->nr_cpuid_config ? c->cpuid_config[field].leaf : EMU_U64_MAX;
	case MDS_CPUID_VALUES:
		return field < c->nr_cpuid_config ? c->cpuid_config[field].value[sub] : 0;
	default:
		return f->konst;
	}
}

static const struct emu_md_table emu_md_sys = {
	.f = emu_md_table,
	.nr = ARRAY_SIZE(emu_md_table),
	.present = md_sys_present,
	.value = md_sys_value,
};

/* ---- TDH.SYS.RD / TDH.SYS.RDALL */

static bool emu_lp_init_done(struct tdx_emu *emu, unsigned int lp)
{
	bool done;

	emu_lock(emu);
	done = emu->lp_init[lp];
	emu_unlock(emu);
	return done;
}

u64 emu_sys_rd(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	u64 id = args->rdx & ~MD_CONTEXT_MASK;	/* context is implicitly "system" */
	u64 value = 0, next = MD_FIELD_ID_NA, status;

	args->rdx = MD_FIELD_ID_NA;
	args->r8 = 0;
	if (!emu_lp_init_done(emu, lp))
		return TDX_SYS_LP_INIT_NOT_DONE;

	if (emu_md_is_null(id)) {
		args->rdx = emu_md_first_id(&emu_md_sys, emu);
		return TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
	}
	status = emu_md_read(&emu_md_sys, emu, id, &value, &next);
	if (status == TDX_SUCCESS) {
		args->r8 = value;
		args->rdx = next;
	}
	return status;
}

/* Where a metadata walk stands: table entry and field code of the next field. */
struct emu_md_cursor {
	int idx;	/* -1: context finished */
	u32 code;
};

static void md_next_field(const struct emu_md_table *t, const void *ctx,
			  struct emu_md_cursor *cur)
{
	const struct emu_md_field *f = &t->f[cur->idx];
	u32 field = (cur->code - md_code(f->id)) / f->nr_elems;

	if (field + 1 < f->nr_fields) {
		cur->code += f->nr_elems;
		return;
	}
	cur->idx = md_next_entry(t, ctx, cur->idx);
	if (cur->idx >= 0)
		cur->code = md_code(t->f[cur->idx].id);
}

/*
 * One sequence of the module's md_dump_list(): consecutive fields of one
 * class with the same element count and size, behind one header id.
 * Returns the u64 slots used (header + elements); *full: stopped for space.
 */
static u32 md_dump_sequence(const struct emu_md_table *t, const void *ctx,
			    struct emu_md_cursor *cur, u64 *out, u32 room, bool *full)
{
	int first = cur->idx;
	u32 nr_elems = t->f[first].nr_elems;
	u64 hdr = md_with_code(t->f[first].id, cur->code);
	u32 used = 1, nr_fields = 0, e;

	*full = true;
	while (room - used >= t->f[cur->idx].nr_elems) {
		int prev = cur->idx;
		u32 prev_code = cur->code;
		u32 base = md_code(t->f[prev].id);

		for (e = 0; e < nr_elems; e++)
			out[used + e] = md_val(t, ctx, prev, prev_code - base + e);
		used += nr_elems;
		nr_fields++;

		md_next_field(t, ctx, cur);
		if (cur->idx < 0 || md_class(t->f[cur->idx].id) != md_class(t->f[prev].id) ||
		    cur->code != prev_code + nr_elems || t->f[cur->idx].nr_elems != nr_elems ||
		    md_size_code(t->f[cur->idx].id) != md_size_code(t->f[prev].id)) {
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
static u64 emu_md_dump(const struct emu_md_table *t, const void *ctx, u64 id, u64 *list,
		       u64 *next)
{
	struct emu_md_cursor cur;
	u32 room = MD_LIST_BYTES / 8 - 1, pos = 1, nr_seq = 0;
	bool full = false;
	u32 elem;

	*next = MD_FIELD_ID_NA;
	if (emu_md_is_null(id)) {
		cur.idx = md_next_entry(t, ctx, -1);
		cur.code = md_code(t->f[cur.idx].id);
	} else {
		cur.idx = md_find(t, ctx, id, &elem);
		if (cur.idx < 0 || elem % t->f[cur.idx].nr_elems ||
		    md_size_code(id) != md_size_code(t->f[cur.idx].id))
			return TDX_METADATA_FIELD_ID_INCORRECT;
		cur.code = md_code(id);
	}

	while (room >= 1 + (u32)t->f[cur.idx].nr_elems) {
		u32 used = md_dump_sequence(t, ctx, &cur, &list[pos], room, &full);

		nr_seq++;
		pos += used;
		room -= used;
		if (full || cur.idx < 0)
			break;
	}
	list[0] = (u64)(pos * 8) | ((u64)nr_seq << 16);

	if (cur.idx < 0)
		return TDX_SUCCESS;
	*next = md_with_code(t->f[cur.idx].id, cur.code);
	return TDX_METADATA_LIST_OVERFLOW;
}

u64 emu_sys_rdall(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
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
	status = emu_md_dump(&emu_md_sys, emu, start, list, &args->r8);
	emu_unmap(emu, list, MD_LIST_BYTES);
	return status;
}
