// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: vCPU leaves.  TDH.VP.CREATE (the TDVPR),
 * TDH.VP.ADDCX (its TDCX pages), TDH.VP.INIT (version 1: the x2APIC id in
 * R8; it associates the vCPU with the calling LP) and TDH.VP.FLUSH (only
 * on that LP).
 *
 * Checks, statuses and operand ids in the order of Intel's 1.5.05 source
 * (api_calls/tdh_vp_create.c, tdh_vp_addcx.c, tdh_vp_init.c,
 * tdh_vp_flush.c).  As there, VP.INIT does not give back the num_vcpus it
 * took when the x2APIC id is a duplicate.
 */
#include "td_internal.h"

/* Lock held: one more page owned by the TD, of type @pt. */
static void emu_td_adopt(struct tdx_emu *emu, struct emu_td *td, struct emu_obj *o, u8 pt)
{
	emu_wtouch(emu, &td->tdr.pg);
	td->r->chldcnt++;
	emu_obj_set_pamt(emu, o, pt, td->tdr.pa);
	emu_own_add(emu, &o->pg, pt);
}

u64 emu_vp_create(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 tdvpr_pa = args->rcx, status;
	struct emu_tdvpr *v;
	struct emu_td td;
	struct emu_obj o;

	status = emu_td_get(emu, args->rdx, TDX_OPERAND_ID_RDX, EMU_LK_SHARED, &td);
	if (status)
		return status;
	status = emu_td_state(emu, &td, EMU_OPS_VP_CREATE);
	if (status)
		goto out_td;
	status = emu_chk(emu, tdvpr_pa, TDX_OPERAND_ID_RCX, EMU_LK_EXCL, EMU_PT(PT_NDA), &o);
	if (status)
		goto out_td;
	if (!emu_obj_map(emu, &o)) {
		status = emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		goto out;
	}
	memset(o.pg.va, 0, SZ_4K);
	v = o.pg.va;
	v->state = EMU_VCPU_UNINIT;
	v->num_tdvps_pages = 1;
	v->assoc_lpid = EMU_NO_LP;
	v->tdvps_pa[0] = emu_pa_hkid(c, tdvpr_pa, td.r->hkid);
	v->tdr_pa = td.tdr.pa;

	emu_wbegin(emu);
	emu_td_adopt(emu, &td, &o, PT_TDVPR);
	emu_wend(emu);
out:
	emu_obj_put(emu, &o);
out_td:
	emu_td_put(emu, &td);
	return status;
}

/* The TDVPR in @pa (chk, PT_TDVPR), mapped, and its TD (the implicit TDR). */
static u64 emu_vp_get(struct tdx_emu *emu, u64 pa, u32 opid, int tdr_lock, struct emu_obj *vp,
		      struct emu_td *td)
{
	u64 status = emu_chk(emu, pa, opid, EMU_LK_EXCL, EMU_PT(PT_TDVPR), vp);

	memset(td, 0, sizeof(*td));
	if (status)
		return status;
	if (!emu_obj_map(emu, vp)) {
		emu_obj_put(emu, vp);
		return emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, opid);
	}
	status = emu_lock_implicit_tdr(emu, vp->owner, tdr_lock, td);
	if (status)
		emu_obj_put(emu, vp);
	return status;
}

static void emu_vp_put(struct tdx_emu *emu, struct emu_obj *vp, struct emu_td *td)
{
	emu_td_put(emu, td);
	emu_obj_put(emu, vp);
}

u64 emu_vp_addcx(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 page_pa = args->rcx, status;
	struct emu_obj vp, o;
	struct emu_tdvpr *v;
	struct emu_td td;
	u32 n;

	status = emu_vp_get(emu, args->rdx, TDX_OPERAND_ID_RDX, EMU_LK_SHARED, &vp, &td);
	if (status)
		return status;
	v = vp.pg.va;
	status = emu_td_state(emu, &td, EMU_OPS_VP_CREATE);
	if (status)
		goto out_vp;
	if (v->state != EMU_VCPU_UNINIT) {
		status = TDX_VCPU_STATE_INCORRECT;
		goto out_vp;
	}
	if (v->num_tdvps_pages >= EMU_TDVPS_MAX_PAGES) {
		status = TDX_TDCX_NUM_INCORRECT;
		goto out_vp;
	}
	status = emu_chk(emu, page_pa, TDX_OPERAND_ID_RCX, EMU_LK_EXCL, EMU_PT(PT_NDA), &o);
	if (status)
		goto out_vp;
	if (!emu_obj_map(emu, &o)) {
		status = emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		goto out;
	}
	n = v->num_tdvps_pages;
	/* the L2 MSR bitmaps start with every MSR exiting */
	memset(o.pg.va, n == 7 || n == 10 || n == 13 ? 0xff : 0, SZ_4K);

	emu_wbegin(emu);
	emu_wtouch(emu, &vp.pg);
	v->tdvps_pa[n] = emu_pa_hkid(c, page_pa, td.r->hkid);
	v->num_tdvps_pages++;
	emu_td_adopt(emu, &td, &o, PT_TDCX);
	emu_wend(emu);
out:
	emu_obj_put(emu, &o);
out_vp:
	emu_vp_put(emu, &vp, &td);
	return status;
}

/* Lock held: is @id the x2APIC id of a vCPU initialised before slot @idx? */
static bool emu_x2apic_taken(const u32 *ids, u32 idx, u32 id)
{
	u32 j;

	for (j = 0; j < idx; j++)
		if (ids[j] == id)
			return true;
	return false;
}

u64 emu_vp_init(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 guest_rcx = args->rdx, x2apic = args->r8, status;
	struct emu_obj vp;
	struct emu_tdvpr *v;
	struct emu_tdcs *t;
	struct emu_td td;
	u32 *ids = NULL;
	u32 idx;

	if (version > 1)
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	/* version 1 takes the TD exclusively: the x2APIC ids are checked and set at once */
	status = emu_vp_get(emu, args->rcx, TDX_OPERAND_ID_RCX,
			    version ? EMU_LK_EXCL : EMU_LK_SHARED, &vp, &td);
	if (status)
		return status;
	v = vp.pg.va;
	status = emu_td_state(emu, &td, EMU_OPS(EMU_OP_INITIALIZED));
	if (status)
		goto out;
	t = td.tdcs;
	if (v->num_tdvps_pages < EMU_TDVPS_MIN_PAGES + EMU_TDVPS_PER_L2 * t->num_l2_vms) {
		status = TDX_TDCX_NUM_INCORRECT;
		goto out;
	}
	if (v->state != EMU_VCPU_UNINIT) {
		status = TDX_VCPU_STATE_INCORRECT;
		goto out;
	}
	if (version) {
		ids = emu_td_tdcs(emu, &td, EMU_TDCS_X2APIC);
		if (!ids) {
			status = TDX_TDCS_NOT_ALLOCATED;
			goto out;
		}
	}

	emu_wbegin(emu);
	emu_wtouch(emu, &td.cs[EMU_TDCS_MNG]);
	idx = t->num_vcpus++;
	if (idx >= t->max_vcpus) {
		t->num_vcpus--;
		status = TDX_MAX_VCPUS_EXCEEDED;
	} else if (!version) {
		t->topology_enum_configured = 0;
	} else if (x2apic > 0xffffffffULL) {
		t->num_vcpus--;
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
	} else if (emu_x2apic_taken(ids, idx, (u32)x2apic)) {
		/* 1.5.05 keeps the slot: num_vcpus stays incremented */
		status = emu_operand(TDX_X2APIC_ID_NOT_UNIQUE, (u32)x2apic);
	} else {
		emu_wtouch(emu, &td.cs[EMU_TDCS_X2APIC]);
		ids[idx] = (u32)x2apic;
	}
	if (status == TDX_SUCCESS) {
		/* IA32_TSC_ADJUST is not modelled: it never changed since SYS.INIT */
		emu_wtouch(emu, &vp.pg);
		v->guest_rcx = guest_rcx;
		v->guest_r8 = guest_rcx;
		v->guest_rbx = t->gpaw ? 52 : 48;
		v->guest_rdx = c->pkg_fms;
		v->guest_rsi = idx;
		v->vcpu_index = idx;
		v->x2apic_id = version ? (u32)x2apic : 0;
		v->state = EMU_VCPU_READY;
		v->assoc_lpid = lp;
		t->num_assoc_vcpus++;
	}
	emu_wend(emu);
out:
	emu_vp_put(emu, &vp, &td);
	return status;
}

u64 emu_vp_flush(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	struct emu_tdcs *t;
	struct emu_tdvpr *v;
	struct emu_obj vp;
	struct emu_td td;
	u64 status;

	status = emu_vp_get(emu, args->rcx, TDX_OPERAND_ID_RCX, EMU_LK_SHARED, &vp, &td);
	if (status)
		return status;
	v = vp.pg.va;
	/* no fatal and no op-state check: a broken TD can still be flushed */
	if (td.r->lifecycle != EMU_TD_KEYS_CONFIGURED) {
		status = TDX_TD_KEYS_NOT_CONFIGURED;
		goto out;
	}
	t = emu_td_tdcs(emu, &td, EMU_TDCS_MNG);
	if (!t) {
		status = TDX_TDCS_NOT_ALLOCATED;
		goto out;
	}
	if (v->num_tdvps_pages < EMU_TDVPS_MIN_PAGES + EMU_TDVPS_PER_L2 * t->num_l2_vms) {
		status = TDX_TDCX_NUM_INCORRECT;
		goto out;
	}
	if (v->assoc_lpid != lp) {
		status = TDX_VCPU_NOT_ASSOCIATED;
		goto out;
	}
	/* the VMCS and the TD's TLB entries are flushed: nothing cached here */
	emu_wbegin(emu);
	emu_wtouch(emu, &vp.pg);
	emu_wtouch(emu, &td.cs[EMU_TDCS_MNG]);
	v->assoc_lpid = EMU_NO_LP;
	t->num_assoc_vcpus--;
	emu_wend(emu);
out:
	emu_vp_put(emu, &vp, &td);
	return status;
}
