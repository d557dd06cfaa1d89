// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: the secure EPT and private memory.  The SEPT
 * walk from the root in TDCS page 3, TDH.MEM.SEPT.ADD (a SEPT page under a
 * FREE entry, versions 0 and 1) and TDH.MEM.PAGE.ADD (a private page,
 * copied from the host, stored scrambled and measured).
 *
 * Checks, statuses, operand ids and the SEPT entry details in RCX/RDX in
 * the order of Intel's 1.5.05 source (api_calls/tdh_mem_sept_add.c,
 * tdh_mem_page_add.c, sept_manager.c).  Not modelled: L2 SEPT trees (a
 * version-1 SEPT.ADD with an L2 page gets TDX_OPERAND_INVALID for it) and
 * the SEPT tree lock, which these leaves only take shared.
 */
#include "td_internal.h"

#define EMU_SEPT_ARCH_RWX	0x7ULL
#define EMU_SEPT_ARCH_LEAF	(EMU_SEPT_ARCH_RWX | (6ULL << 3) | BIT_ULL(6) | BIT_ULL(7))
#define EMU_SEPT_ARCH_SVE	BIT_ULL(63)
#define EMU_PAGE_INFO_RSVD	(0xff8ULL | (0xfffULL << 52))	/* RCX 11:3, 63:52 */

static unsigned int emu_septe_state(u64 e)
{
	return (unsigned int)(e >> EMU_SEPTE_STATE_SHIFT);
}

static unsigned int emu_sept_index(u64 gpa, unsigned int level)
{
	return (unsigned int)((gpa >> (12 + 9 * level)) & (EMU_SEPT_ENTRIES - 1));
}

void emu_sept_details(u64 entry, unsigned int level, struct tdx_args *args)
{
	unsigned int state = emu_septe_state(entry);

	if (state == EMU_SEPT_FREE)
		args->rcx = EMU_SEPT_ARCH_SVE;
	else if (state == EMU_SEPT_NL_MAPPED)
		args->rcx = EMU_SEPT_ARCH_RWX;		/* the non-leaf mask keeps RWX only */
	else
		args->rcx = (entry & EMU_SEPTE_HPA_MASK) | EMU_SEPT_ARCH_LEAF | EMU_SEPT_ARCH_SVE;
	args->rdx = level | (state << 8);
}

bool emu_sept_walk(struct tdx_emu *emu, struct emu_td *td, u64 gpa, unsigned int level,
		   struct emu_sept_walk *w)
{
	unsigned int l = emu_sept_top(td->tdcs);
	struct emu_page *page;
	u64 *tbl;

	memset(w, 0, sizeof(*w));
	if (!emu_td_tdcs(emu, td, EMU_TDCS_SEPT_ROOT))
		return false;
	page = &td->cs[EMU_TDCS_SEPT_ROOT];
	for (;;) {
		tbl = page->va;
		w->entry = &tbl[emu_sept_index(gpa, l)];
		w->page = page;
		w->level = l;
		if (l == level || emu_septe_state(*w->entry) != EMU_SEPT_NL_MAPPED)
			return true;
		page = &w->pg[--l];
		if (!emu_page_map(emu, page, *w->entry & EMU_SEPTE_HPA_MASK))
			return false;
	}
}

void emu_sept_walk_put(struct tdx_emu *emu, struct emu_sept_walk *w)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(w->pg); i++)
		emu_page_unmap(emu, &w->pg[i]);
}

/* verify_page_info_input() and check_gpa_validity() of RCX */
static bool emu_page_info_ok(const struct emu_tdcs *t, u64 rcx, unsigned int min_level,
			     unsigned int max_level)
{
	unsigned int level = rcx & 0x7;
	u64 gpa = rcx & ~0xfffULL;

	if (rcx & EMU_PAGE_INFO_RSVD)
		return false;
	if (level < min_level || level > max_level)
		return false;
	if (gpa & ((1ULL << (12 + 9 * level)) - 1))
		return false;
	return emu_gpa_ok(t, gpa);
}

u64 emu_mem_sept_add(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	u64 rcx = args->rcx, rdx = args->rdx, status;
	u64 page[4] = { args->r8, args->r9, args->r10, args->r11 };
	struct emu_sept_walk w;
	unsigned int level, i;
	struct emu_obj o;
	struct emu_td td;
	u64 gpa, entry;

	args->rcx = 0;
	args->rdx = 0;
	if (version > 1)
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	for (i = 0; i < ARRAY_SIZE(page); i++)
		if (page[i] != EMU_NULL_PA)
			page[i] &= ~BIT_ULL(63);
	memset(&o, 0, sizeof(o));
	memset(&td, 0, sizeof(td));
	memset(&w, 0, sizeof(w));
	level = rcx & 0x7;
	gpa = rcx & ~0xfffULL;

	if (rdx & (0xffeULL | (0xfffULL << 52))) {	/* bit 0 is ALLOW_EXISTING */
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
		goto exit;
	}
	status = emu_td_get(emu, rdx & ~0xfffULL, TDX_OPERAND_ID_RDX, EMU_LK_SHARED, &td);
	if (status)
		goto exit;
	status = emu_td_state(emu, &td, EMU_OPS_SEPT_ADD);
	if (status)
		goto out;
	if (!emu_page_info_ok(td.tdcs, rcx, 1, emu_sept_top(td.tdcs))) {
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		goto out;
	}
	if (!emu_sept_walk(emu, &td, gpa, level, &w)) {
		status = emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		goto out;
	}
	entry = *w.entry;
	if (w.level != level) {
		emu_sept_details(entry, w.level, args);
		status = emu_operand(TDX_EPT_WALK_FAILED, TDX_OPERAND_ID_RCX);
		goto out;
	}
	if (emu_septe_state(entry) != EMU_SEPT_FREE &&
	    emu_septe_state(entry) != EMU_SEPT_NL_MAPPED)
		goto esi;

	if (page[0] == EMU_NULL_PA) {
		if (!version) {
			status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
			goto out;
		}
		if (emu_septe_state(entry) != EMU_SEPT_NL_MAPPED)
			goto esi;
	} else if (emu_septe_state(entry) == EMU_SEPT_FREE) {
		status = emu_chk(emu, page[0], TDX_OPERAND_ID_R8, EMU_LK_EXCL,
				 EMU_PT(PT_NDA), &o);
		if (status)
			goto out;
	} else if (rdx & 1) {
		page[0] |= BIT_ULL(63);		/* the page was not used */
	} else {
		goto esi;
	}
	for (i = 1; version && i < ARRAY_SIZE(page); i++)
		if (page[i] != EMU_NULL_PA) {
			status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8 + i);
			goto out;
		}

	if (!(page[0] & BIT_ULL(63))) {
		if (!emu_obj_map(emu, &o)) {
			status = emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_R8);
			goto out;
		}
		memset(o.pg.va, 0, SZ_4K);		/* 512 FREE entries */
		emu_wbegin(emu);
		if (*w.entry != entry) {
			/* another SEPT.ADD got here first: the entry lock was taken */
			emu_wend(emu);
			emu_sept_details(entry, level, args);
			status = emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
			goto out;
		}
		emu_wtouch(emu, w.page);
		*w.entry = ((u64)EMU_SEPT_NL_MAPPED << EMU_SEPTE_STATE_SHIFT) | page[0];
		emu_wtouch(emu, &td.tdr.pg);
		td.r->chldcnt++;
		emu_obj_set_pamt(emu, &o, PT_EPT, td.tdr.pa);
		emu_own_add(emu, &o.pg, PT_EPT);
		emu_wend(emu);
		page[0] = EMU_NULL_PA;
	}
	goto out;
esi:
	emu_sept_details(entry, level, args);
	status = emu_operand(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_ID_RCX);
out:
	emu_obj_put(emu, &o);
	emu_sept_walk_put(emu, &w);
	emu_td_put(emu, &td);
exit:
	if (version) {
		args->r8 = page[0];
		args->r9 = page[1];
		args->r10 = page[2];
		args->r11 = page[3];
	}
	return status;
}

u64 emu_mem_page_add(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 rcx = args->rcx, tdr_pa = args->rdx, target = args->r8, source = args->r9;
	u64 gpa = rcx & ~0xfffULL, status, entry;
	struct emu_sept_walk w;
	struct emu_obj o;
	struct emu_td td;
	void *src;

	args->rcx = 0;
	args->rdx = 0;
	memset(&o, 0, sizeof(o));
	memset(&w, 0, sizeof(w));
	/* the TDR exclusively: it stands for the SEPT tree, no other lock */
	status = emu_td_get(emu, tdr_pa, TDX_OPERAND_ID_RDX, EMU_LK_EXCL, &td);
	if (status)
		return status;
	status = emu_td_state(emu, &td, EMU_OPS(EMU_OP_INITIALIZED));
	if (status)
		goto out;
	if (!emu_page_info_ok(td.tdcs, rcx, 0, 0)) {
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		goto out;
	}
	if (!emu_sept_walk(emu, &td, gpa, 0, &w)) {
		status = emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		goto out;
	}
	entry = *w.entry;
	if (w.level != 0) {
		emu_sept_details(entry, w.level, args);
		status = emu_operand(TDX_EPT_WALK_FAILED, TDX_OPERAND_ID_RCX);
		goto out;
	}
	if (emu_septe_state(entry) != EMU_SEPT_FREE) {
		emu_sept_details(entry, 0, args);
		status = emu_operand(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_ID_RCX);
		goto out;
	}
	if (!emu_shared_hpa_ok(c, source, SZ_4K)) {
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R9);
		goto out;
	}
	status = emu_chk(emu, target, TDX_OPERAND_ID_R8, EMU_LK_EXCL, EMU_PT(PT_NDA), &o);
	if (status)
		goto out;
	src = emu_map(emu, emu_pa_strip(c, source), SZ_4K);
	if (!src || !emu_obj_map(emu, &o)) {
		emu_lock(emu);
		emu->map_failures += !src;
		emu_unlock(emu);
		if (src)
			emu_unmap(emu, src, SZ_4K);
		status = emu_operand(TDX_OPERAND_INVALID,
				     src ? TDX_OPERAND_ID_R8 : TDX_OPERAND_ID_R9);
		goto out;
	}
	/* the copy goes in under the TD's KeyID: the host reads back garbage */
	memcpy(o.pg.va, src, SZ_4K);
	emu_unmap(emu, src, SZ_4K);
	emu_scramble(emu, td.r->hkid, target, 0, o.pg.va, SZ_4K);
	/* the measurement covers the GPA, not the data (that is MR.EXTEND's) */
	emu_mr_extend(emu, &td, "MEM.PAGE.ADD", gpa, NULL, 0);

	emu_wbegin(emu);
	emu_wtouch(emu, w.page);
	*w.entry = ((u64)EMU_SEPT_MAPPED << EMU_SEPTE_STATE_SHIFT) | target;
	emu_wtouch(emu, &td.tdr.pg);
	td.r->chldcnt++;
	emu_obj_set_pamt(emu, &o, PT_REG, td.tdr.pa);
	emu_own_add(emu, &o.pg, PT_REG);
	emu_wend(emu);
out:
	emu_obj_put(emu, &o);
	emu_sept_walk_put(emu, &w);
	emu_td_put(emu, &td);
	return status;
}
