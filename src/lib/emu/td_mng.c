// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: TD management leaves.  TDH.MNG.CREATE (a TDR for
 * a free KeyID), TDH.MNG.KEY.CONFIG (the KeyID on each package),
 * TDH.MNG.ADDCX (TDCS pages), TDH.MNG.INIT (TD_PARAMS, td_params.c) and
 * TDH.MNG.RD (the TD metadata table, on the engine of metadata.c).
 *
 * Checks, statuses and operand ids in the order of Intel's 1.5.05 source
 * (api_calls/tdh_mng_create.c, tdh_mng_key_config.c, tdh_mng_add_cx.c,
 * tdh_mng_init.c, tdh_mng_rd_wr.c).
 */
#include "td_internal.h"

u64 emu_mng_create(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	u64 tdr_pa = args->rcx, hkid = args->rdx, status;
	struct emu_tdr *r;
	struct emu_obj o;
	unsigned int i;

	if ((hkid >> 16) || !emu_hkid_private(&emu->active, hkid))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	status = emu_chk(emu, tdr_pa, TDX_OPERAND_ID_RCX, EMU_LK_EXCL, EMU_PT(PT_NDA), &o);
	if (status)
		return status;
	if (!emu_kot_trylock(emu, true)) {
		emu_obj_put(emu, &o);
		return emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_KOT);
	}
	emu_lock(emu);
	status = emu->kot[hkid].state == TDX_EMU_KOT_FREE ? TDX_SUCCESS : TDX_HKID_NOT_FREE;
	emu_unlock(emu);
	if (status)
		goto out;
	if (!emu_obj_map(emu, &o)) {
		status = emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		goto out;
	}
	/* zeroed with the global KeyID before the TD_UUID is drawn */
	memset(o.pg.va, 0, SZ_4K);
	r = o.pg.va;
	r->hkid = (u16)hkid;
	r->lifecycle = EMU_TD_HKID_ASSIGNED;

	emu_wbegin(emu);
	for (i = 0; i < ARRAY_SIZE(r->td_uuid); i++)
		r->td_uuid[i] = emu->ops.random ? emu->ops.random(emu->ops.ctx) :
				emu_mix64(emu->secret[1] ^ tdr_pa ^ i);
	emu->kot[hkid].state = TDX_EMU_KOT_ASSIGNED;
	/* a TDR's owner is 0, not itself: RECLAIM of a TDR reports RDX = 0 */
	emu_obj_set_pamt(emu, &o, PT_TDR, 0);
	emu_own_add(emu, &o.pg, PT_TDR);
	emu_wend(emu);
out:
	emu_kot_unlock(emu, true);
	emu_obj_put(emu, &o);
	return status;
}

u64 emu_mng_key_config(struct tdx_emu *emu, unsigned int lp, u32 version,
		       struct tdx_args *args)
{
	u32 bit = emu_lp_pkg_bit(emu, lp);
	struct emu_td td;
	u64 status;

	status = emu_td_get(emu, args->rcx, TDX_OPERAND_ID_RCX, EMU_LK_EXCL, &td);
	if (status)
		return status;
	if (td.r->fatal)
		status = TDX_TD_FATAL;
	else if (td.r->lifecycle != EMU_TD_HKID_ASSIGNED)
		status = TDX_LIFECYCLE_STATE_INCORRECT;
	else if (td.r->pkg_config_bitmap & bit)
		status = TDX_KEY_CONFIGURED;
	if (status == TDX_SUCCESS) {
		/* PCONFIG of the TD's key never fails here (fault injection can) */
		emu_wbegin(emu);
		emu_wtouch(emu, &td.tdr.pg);
		td.r->pkg_config_bitmap |= bit;
		if (td.r->pkg_config_bitmap == emu->pkg_configured)
			td.r->lifecycle = EMU_TD_KEYS_CONFIGURED;
		emu_wend(emu);
	}
	emu_td_put(emu, &td);
	return status;
}

u64 emu_mng_addcx(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 page_pa = args->rcx, status;
	struct emu_td td;
	struct emu_obj o;
	u32 idx;

	status = emu_td_get(emu, args->rdx, TDX_OPERAND_ID_RDX, EMU_LK_EXCL, &td);
	if (status)
		return status;
	if (td.r->fatal)
		status = TDX_TD_FATAL;
	else if (td.r->lifecycle != EMU_TD_KEYS_CONFIGURED)
		status = TDX_TD_KEYS_NOT_CONFIGURED;
	else if (td.r->num_tdcx >= EMU_TDCS_MAX_PAGES)
		status = TDX_TDCX_NUM_INCORRECT;
	if (status)
		goto out_td;
	status = emu_chk(emu, page_pa, TDX_OPERAND_ID_RCX, EMU_LK_EXCL, EMU_PT(PT_NDA), &o);
	if (status)
		goto out_td;
	if (!emu_obj_map(emu, &o)) {
		status = emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		goto out;
	}
	idx = td.r->num_tdcx;
	/* MSR bitmaps: all exits; the SEPT root: every entry FREE (0 here) */
	memset(o.pg.va, idx == EMU_TDCS_MSR_BITMAPS ? 0xff : 0, SZ_4K);
	/* pages past the minimum (L2 SEPT roots) only before TDH.MNG.INIT */
	if (idx + 1 > EMU_TDCS_MIN_PAGES) {
		const struct emu_tdcs *tdcs = emu_td_tdcs(emu, &td, EMU_TDCS_MNG);

		if (!tdcs || tdcs->op_state != EMU_OP_UNINIT) {
			status = TDX_OP_STATE_INCORRECT;
			goto out;
		}
	}
	emu_wbegin(emu);
	emu_wtouch(emu, &td.tdr.pg);
	td.r->tdcx_pa[idx] = emu_pa_hkid(c, page_pa, td.r->hkid);
	td.r->num_tdcx++;
	td.r->chldcnt++;
	emu_obj_set_pamt(emu, &o, PT_TDCX, td.tdr.pa);
	emu_own_add(emu, &o.pg, PT_TDCX);
	emu_wend(emu);
out:
	emu_obj_put(emu, &o);
out_td:
	emu_td_put(emu, &td);
	return status;
}

u64 emu_mng_init(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 tdr_pa = args->rcx, params_pa = args->rdx, status;
	const struct emu_td_params *p;
	struct emu_td td;

	args->rcx = 0;
	/* IA32_MISC_ENABLE.LIMIT_CPUID_MAXVAL is not modelled: always clear */
	status = emu_td_get(emu, tdr_pa, TDX_OPERAND_ID_RCX, EMU_LK_EXCL, &td);
	if (status)
		return status;
	status = emu_td_state(emu, &td, EMU_OPS(EMU_OP_UNINIT));
	if (status)
		goto out;
	if (!emu_shared_hpa_ok(c, params_pa, sizeof(*p))) {
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
		goto out;
	}
	p = emu_map(emu, emu_pa_strip(c, params_pa), sizeof(*p));
	if (!p) {
		emu_lock(emu);
		emu->map_failures++;
		emu_unlock(emu);
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
		goto out;
	}
	emu_wbegin(emu);
	emu_wtouch(emu, &td.cs[EMU_TDCS_MNG]);
	td.tdcs->num_vcpus = 0;
	td.tdcs->num_assoc_vcpus = 0;
	td.tdcs->td_epoch = 1;
	td.tdcs->hp_lock_timeout = 0;
	/* what passed stays written; op_state stays UNINIT, so INIT can be retried */
	status = emu_td_params_check(emu, &td, p, args);
	emu_wend(emu);
	emu_unmap(emu, (void *)p, sizeof(*p));
	if (status)
		goto out;

	emu_mr_init(emu, &td);
	emu_wbegin(emu);
	emu_wtouch(emu, &td.cs[EMU_TDCS_MNG]);
	td.tdcs->op_state = EMU_OP_INITIALIZED;
	emu_wend(emu);
out:
	emu_td_put(emu, &td);
	return status;
}

/* ---- TDH.MNG.RD: the TD metadata table (1.5.05 tdr_tdcs_fields_lookup.c order) */

enum { MDT_TDR, MDT_TDCS, MDT_X2APIC, MDT_NR };

#define MDTF_NEVER	0x1	/* no host read mask */
#define MDTF_DEBUG	0x2	/* host-readable in debug TDs only */

struct emu_md_td_ctx {
	const void *page[MDT_NR];
	bool debug;
};

/* one element's width: the member's size over its element count */
#define MDT(id, nf, ne, pg, type, member, fl)					\
	{ id, 0, nf, ne, pg, fl, sizeof(((type *)0)->member) / ((nf) * (ne)),	\
	  offsetof(type, member) }
#define MDT_R(id, member)	MDT(id, 1, 1, MDT_TDR, struct emu_tdr, member, 0)
#define MDT_C(id, member)	MDT(id, 1, 1, MDT_TDCS, struct emu_tdcs, member, 0)

static const struct emu_md_field emu_md_td_fields[] = {
	MDT_R(0x8010000000000001ULL, fatal),
	MDT_R(0x8010000200000002ULL, num_tdcx),
	MDT_R(0x8010000300000004ULL, chldcnt),
	MDT_R(0x8010000200000005ULL, lifecycle),
	MDT(0x8010000300000010ULL, EMU_TDCS_MAX_PAGES, 1, MDT_TDR, struct emu_tdr, tdcx_pa, 0),
	MDT(0x8010000300000020ULL, 1, 4, MDT_TDR, struct emu_tdr, td_uuid, 0),
	MDT_R(0x8110000100000001ULL, hkid),
	MDT_R(0x8110000300000002ULL, pkg_config_bitmap),
	MDT_R(0x8210000100000000ULL, handoff_version),
	MDT_R(0x8210000300000001ULL, seamdb_index),
	MDT(0x8210000300000002ULL, 1, 4, MDT_TDR, struct emu_tdr, seamdb_nonce, MDTF_NEVER),
	MDT_C(0x9010000200000001ULL, num_vcpus),
	MDT_C(0x9010000200000002ULL, num_assoc_vcpus),
	MDT_C(0x9010000200000004ULL, op_state),
	MDT_C(0x9010000100000005ULL, num_l2_vms),
	MDT_C(0x1110000300000000ULL, attributes),
	MDT_C(0x1110000300000001ULL, xfam),
	MDT_C(0x1110000200000002ULL, max_vcpus),
	MDT_C(0x1110000000000003ULL, gpaw),
	MDT_C(0x1110000300000004ULL, eptp),
	MDT_C(0x111000030000000AULL, tsc_offset),
	MDT_C(0x111000030000000BULL, tsc_multiplier),
	MDT_C(0x111000010000000CULL, tsc_frequency),
	MDT_C(0x9110000300000011ULL, hp_lock_timeout),
	MDT_C(0x9110000300000016ULL, config_flags),
	MDT_C(0x9110000000000019ULL, topology_enum_configured),
	MDT_C(0x9210000300000000ULL, td_epoch),
	MDT(0x1310000300000000ULL, 1, 6, MDT_TDCS, struct emu_tdcs, mrtd, 0),
	MDT(0x1310000300000010ULL, 1, 6, MDT_TDCS, struct emu_tdcs, mrconfigid, 0),
	MDT(0x1310000300000018ULL, 1, 6, MDT_TDCS, struct emu_tdcs, mrowner, 0),
	MDT(0x1310000300000020ULL, 1, 6, MDT_TDCS, struct emu_tdcs, mrownerconfig, 0),
	MDT(0x1310000300000040ULL, 4, 6, MDT_TDCS, struct emu_tdcs, rtmr, MDTF_DEBUG),
	MDT(0x9910000300000000ULL, 1, 6, MDT_TDCS, struct emu_tdcs, servtd_hash, 0),
	{ 0x9C10000200000000ULL, 0, EMU_MAX_VCPUS_PER_TD, 1, MDT_X2APIC, 0, 4, 0 },
};

static bool md_td_readable(const void *ctx, const struct emu_md_field *f)
{
	const struct emu_md_td_ctx *t = ctx;

	if (f->flags & MDTF_NEVER)
		return false;
	return !(f->flags & MDTF_DEBUG) || t->debug;
}

static u64 md_td_value(const void *ctx, const struct emu_md_field *f, u32 elem)
{
	const struct emu_md_td_ctx *t = ctx;
	const u8 *p = (const u8 *)t->page[f->src] + f->off + (u64)elem * f->width;
	u64 v = 0;

	memcpy(&v, p, f->width);	/* little endian, like the module's */
	return v;
}

static const struct emu_md_table emu_md_td = {
	.f = emu_md_td_fields,
	.nr = ARRAY_SIZE(emu_md_td_fields),
	.readable = md_td_readable,
	.value = md_td_value,
};

u64 emu_mng_rd(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	u64 id = args->rdx, value = 0, next = MD_FIELD_ID_NA, status;
	struct emu_md_td_ctx ctx;
	struct emu_td td;

	args->r8 = 0;
	if (version > 0)
		args->rdx = MD_FIELD_ID_NA;
	if (version > 1)
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	status = emu_td_get(emu, args->rcx, TDX_OPERAND_ID_RCX, EMU_LK_SHARED, &td);
	if (status)
		return status;
	status = emu_td_state(emu, &td, EMU_OPS_ALL_BUT_UNINIT);
	if (status)
		goto out;
	ctx.page[MDT_TDR] = td.r;
	ctx.page[MDT_TDCS] = td.tdcs;
	ctx.page[MDT_X2APIC] = emu_td_tdcs(emu, &td, EMU_TDCS_X2APIC);
	ctx.debug = td.tdcs->attributes & EMU_ATTR_DEBUG;
	if (!ctx.page[MDT_X2APIC]) {
		status = TDX_TDCS_NOT_ALLOCATED;
		goto out;
	}
	id = (id & ~EMU_MD_CONTEXT_MASK) | EMU_MD_CONTEXT_TD;
	if (version > 0 && emu_md_is_null(id)) {
		args->rdx = emu_md_first_id(&emu_md_td, &ctx);
		status = TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
		goto out;
	}
	status = emu_md_read(&emu_md_td, &ctx, id, &value, &next);
	if (status == TDX_SUCCESS) {
		args->r8 = value;
		if (version > 0)
			args->rdx = next;
	}
out:
	emu_td_put(emu, &td);
	return status;
}
