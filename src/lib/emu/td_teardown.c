// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: tearing a TD down, in the only order the module
 * lets it happen.  TDH.MNG.VPFLUSHDONE (no vCPU still associated: the TD is
 * BLOCKED, its KeyID FLUSHED), TDH.PHYMEM.CACHE.WB on each package
 * (interruptible and resumable), TDH.MNG.KEY.FREEID (every package written
 * back: the KeyID is FREE again, the TD in TEARDOWN), then
 * TDH.PHYMEM.PAGE.RECLAIM of each page, the TDR last, and
 * TDH.PHYMEM.PAGE.WBINVD.
 *
 * Checks, statuses and operand ids in the order of Intel's 1.5.05 source
 * (api_calls/tdh_mng_vpflushdone.c, tdh_phymem_cache_wb.c,
 * tdh_mng_key_freeid.c, tdh_phymem_page_reclaim.c,
 * tdh_phymem_page_wbinvd.c).
 */
#include "td_internal.h"

u64 emu_mng_vpflushdone(struct tdx_emu *emu, unsigned int lp, u32 version,
			struct tdx_args *args)
{
	struct emu_td td;
	u64 status;

	status = emu_td_get(emu, args->rcx, TDX_OPERAND_ID_RCX, EMU_LK_EXCL, &td);
	if (status)
		return status;
	if (!emu_kot_trylock(emu, true)) {
		emu_td_put(emu, &td);
		return emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_KOT);
	}
	/* no fatal check: a broken TD must still be torn down */
	if (td.r->lifecycle != EMU_TD_HKID_ASSIGNED &&
	    td.r->lifecycle != EMU_TD_KEYS_CONFIGURED) {
		status = TDX_LIFECYCLE_STATE_INCORRECT;
	} else if (td.r->num_tdcx >= EMU_TDCS_MIN_PAGES) {
		const struct emu_tdcs *t = emu_td_tdcs(emu, &td, EMU_TDCS_MNG);

		if (t && t->op_state != EMU_OP_UNINIT && t->num_assoc_vcpus)
			status = TDX_FLUSHVP_NOT_DONE;
	}
	if (status == TDX_SUCCESS) {
		emu_wbegin(emu);
		emu_wtouch(emu, &td.tdr.pg);
		/* every package that has keys must write back this KeyID's lines */
		emu->kot[td.r->hkid].wbinvd_bitmap = emu->pkg_configured;
		emu->kot[td.r->hkid].state = TDX_EMU_KOT_FLUSHED;
		td.r->lifecycle = EMU_TD_BLOCKED;
		emu_wend(emu);
	}
	emu_kot_unlock(emu, true);
	emu_td_put(emu, &td);
	return status;
}

/* Lock held: does a pending interrupt stop this CACHE.WB call? */
static bool emu_wb_interrupted(struct tdx_emu *emu)
{
	if (emu->wb_intr_count) {
		emu->wb_intr_count--;
		return true;
	}
	return emu->wb_intr_every && emu->wb_calls % emu->wb_intr_every == 0;
}

/*
 * Runs under ops->lock from start to end (it maps nothing), so its WBT
 * entry and the KOT are only ever busy for a test holding them (or, for
 * the KOT, while a CREATE, VPFLUSHDONE or FREEID holds it).
 */
u64 emu_phymem_cache_wb(struct tdx_emu *emu, unsigned int lp, u32 version,
			struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u32 first = c->nr_mktme_keyids + 1, last = c->nr_mktme_keyids + c->nr_tdx_keyids;
	unsigned int pkg = emu_lp_pkg(emu, lp);
	struct tdx_emu_wbt *w = &emu->wbt[pkg];
	u64 cmd = args->rcx, status = TDX_SUCCESS;
	u32 h, point;
	bool any = false;

	if (cmd > 1)
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	emu_lock(emu);
	emu->wb_calls++;
	if (w->held) {
		status = emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_WBCACHE);
		goto out;
	}
	if (emu->kot_held || emu->kot_excl) {
		status = emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_KOT);
		goto out;
	}
	if (cmd == 0) {
		/* a new start forgets an interrupted one */
		w->intr_point = 0;
		for (h = first; h <= last; h++)
			if (emu->kot[h].state == TDX_EMU_KOT_FLUSHED)
				any = true;
		if (!any) {
			status = TDX_NO_HKID_READY_TO_WBCACHE;
			goto out;
		}
		memset(w->hkid_flushed, 0, sizeof(w->hkid_flushed));
		for (h = first; h <= last; h++)
			if (emu->kot[h].state == TDX_EMU_KOT_FLUSHED)
				w->hkid_flushed[h / 8] |= 1U << (h % 8);
	} else if (!w->intr_point) {
		status = TDX_WBCACHE_RESUME_ERROR;
		goto out;
	}
	/* one WBNOINVDP sub-block at a time; an interrupt stops before the last */
	for (point = w->intr_point + 1; point < TDX_EMU_WB_BLOCKS; point++) {
		if (emu_wb_interrupted(emu)) {
			w->intr_point = point;
			status = TDX_INTERRUPTED_RESUMABLE;
			goto out;
		}
	}
	w->intr_point = 0;
	for (h = first; h <= last; h++)
		if (w->hkid_flushed[h / 8] & (1U << (h % 8)))
			emu->kot[h].wbinvd_bitmap &= ~emu_lp_pkg_bit(emu, lp);
out:
	emu_unlock(emu);
	return status;
}

u64 emu_mng_key_freeid(struct tdx_emu *emu, unsigned int lp, u32 version,
		       struct tdx_args *args)
{
	struct emu_td td;
	u64 status;

	status = emu_td_get(emu, args->rcx, TDX_OPERAND_ID_RCX, EMU_LK_EXCL, &td);
	if (status)
		return status;
	if (td.r->lifecycle != EMU_TD_BLOCKED) {
		status = TDX_LIFECYCLE_STATE_INCORRECT;
		goto out;
	}
	if (!emu_kot_trylock(emu, true)) {
		status = emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_KOT);
		goto out;
	}
	emu_wbegin(emu);
	if (emu->kot[td.r->hkid].wbinvd_bitmap) {
		status = TDX_WBCACHE_NOT_COMPLETE;
	} else {
		emu_wtouch(emu, &td.tdr.pg);
		emu->kot[td.r->hkid].state = TDX_EMU_KOT_FREE;
		td.r->lifecycle = EMU_TD_TEARDOWN;
	}
	emu_wend(emu);
	emu_kot_unlock(emu, true);
out:
	emu_td_put(emu, &td);
	return status;
}

u64 emu_phymem_page_reclaim(struct tdx_emu *emu, unsigned int lp, u32 version,
			    struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 pa = args->rcx, status, nr;
	struct emu_td td;
	struct emu_obj o;

	args->rcx = 0;
	args->rdx = 0;
	args->r8 = 0;
	args->r9 = 0;
	args->r10 = 0;
	args->r11 = 0;
	memset(&td, 0, sizeof(td));
	if (!IS_ALIGNED(pa, SZ_4K) || !emu_pa_plain(c, pa))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	status = emu_pamt_walk(emu, pa, TDX_OPERAND_ID_RCX, EMU_LK_EXCL, &o);
	if (status)
		return status;
	if (o.pt == PT_NDA || o.pt == PT_RSVD) {
		status = emu_operand(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_ID_RCX);
		goto out;
	}
	/* from here on the outputs stand, whatever the status */
	args->rcx = o.pt;
	args->rdx = o.owner;
	args->r8 = o.level;
	if (!IS_ALIGNED(pa, 1ULL << emu_ps_shift(o.level))) {
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		goto out;
	}
	nr = 1ULL << (9 * o.level);
	if (o.pt != PT_TDR) {
		status = emu_lock_implicit_tdr(emu, o.owner, EMU_LK_SHARED, &td);
		if (status)
			goto out;
		if (td.r->lifecycle != EMU_TD_TEARDOWN) {
			status = TDX_LIFECYCLE_STATE_INCORRECT;
			goto out;
		}
	} else {
		const struct emu_tdr *r;

		if (!emu_obj_map(emu, &o)) {
			status = emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
			goto out;
		}
		r = o.pg.va;
		if (r->lifecycle != EMU_TD_TEARDOWN)
			status = TDX_LIFECYCLE_STATE_INCORRECT;
		else if (r->chldcnt)
			status = TDX_TD_ASSOCIATED_PAGES_EXIST;
		if (status)
			goto out;
	}
	emu_wbegin(emu);
	if (td.r) {
		emu_wtouch(emu, &td.tdr.pg);
		td.r->chldcnt -= nr;
	}
	emu_wtouch(emu, &o.pamt);
	/* only the type: owner and bepoch stay, the page is not scrubbed */
	tdx_emu_pamt_set_type(o.e, PT_NDA);
	emu_own_del(emu, pa);
	emu_wend(emu);
out:
	if (td.r)
		emu_td_put(emu, &td);
	emu_obj_put(emu, &o);
	return status;
}

u64 emu_phymem_page_wbinvd(struct tdx_emu *emu, unsigned int lp, u32 version,
			   struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 hkid_bits = ((1ULL << c->keyid_bits) - 1) << emu_hkid_shift(c);
	struct emu_obj o;
	u64 status;

	/* any KeyID: the lines of that key are flushed, nothing more to model */
	status = emu_chk(emu, args->rcx & ~hkid_bits, TDX_OPERAND_ID_RCX, EMU_LK_SHARED,
			 EMU_PT(PT_NDA), &o);
	if (status == TDX_SUCCESS)
		emu_obj_put(emu, &o);
	return status;
}
