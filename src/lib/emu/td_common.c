// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: what every TD leaf does first.  Find a page's
 * PAMT entry and try-lock it (the module's check_and_lock_explicit_4k_
 * private_hpa(), pamt_walk() and lock_and_map_implicit_tdr()), map the TDR
 * and check the TD's state (check_state_map_tdcs_and_lock()), in the order
 * of Intel's 1.5.05 helpers.c and pamt_manager.c.
 *
 * PAMT entry locks live in the entry's lock field, as in the module: bit 0
 * exclusive, bits 15:2 the count of shared holders.  They are taken and
 * dropped under ops->lock, so they are atomic against other leaves; the
 * pages are mapped before that, never with the lock held.
 */
#include "td_internal.h"

#define EMU_PAMT_LK_EXCL	TDX_EMU_PAMT_LOCK_EXCLUSIVE
#define EMU_PAMT_LK_SHARED1	0x4	/* one shared holder */
#define EMU_PAMT_LK_COUNT	0xfffc

bool emu_page_map(struct tdx_emu *emu, struct emu_page *p, u64 pa)
{
	p->pa = pa;
	p->va = emu_map(emu, pa, SZ_4K);
	if (!p->va) {
		emu_lock(emu);
		emu->map_failures++;
		emu_unlock(emu);
		return false;
	}
	/* "verified at each leaf that uses the page" */
	emu_own_verify(emu, p);
	return true;
}

void emu_page_unmap(struct tdx_emu *emu, struct emu_page *p)
{
	if (p->va)
		emu_unmap(emu, p->va, SZ_4K);
	p->va = NULL;
}

/* Lock held. */
static bool emu_pamt_trylock(struct tdx_pamt_entry *e, int lock)
{
	if (lock == EMU_LK_SHARED) {
		if ((e->lock & EMU_PAMT_LK_EXCL) ||
		    (e->lock & EMU_PAMT_LK_COUNT) == EMU_PAMT_LK_COUNT)
			return false;
		e->lock += EMU_PAMT_LK_SHARED1;
	} else if (lock == EMU_LK_EXCL) {
		if (e->lock & (EMU_PAMT_LK_EXCL | EMU_PAMT_LK_COUNT))
			return false;
		e->lock |= EMU_PAMT_LK_EXCL;
	}
	return true;
}

static void emu_pamt_unlock(struct tdx_pamt_entry *e, int lock)
{
	if (lock == EMU_LK_SHARED && (e->lock & EMU_PAMT_LK_COUNT))
		e->lock -= EMU_PAMT_LK_SHARED1;
	else if (lock == EMU_LK_EXCL)
		e->lock &= ~EMU_PAMT_LK_EXCL;
}

/* Map the PAMT page holding the @ps entry of @pa; RANGE when there is none. */
static u64 emu_pamt_map(struct tdx_emu *emu, u64 pa, int ps, u32 opid, struct emu_obj *o)
{
	u64 epa;

	if (tdx_emu_pamt_entry_pa(emu, pa, (enum tdx_page_size)ps, &epa) ||
	    !emu_page_map(emu, &o->pamt, epa & ~(SZ_4K - 1)))
		return emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, opid);
	o->e = (struct tdx_pamt_entry *)((u8 *)o->pamt.va + (epa & (SZ_4K - 1)));
	return TDX_SUCCESS;
}

/*
 * pamt_walk(): 1G entry, 2M entry, 4K entry; a PT_REG entry above 4K is a
 * large leaf.  The parents are taken shared only for the walk (nothing in
 * this emu takes them exclusively but a host that scribbles the lock bits).
 */
u64 emu_pamt_walk(struct tdx_emu *emu, u64 pa, u32 opid, int lock, struct emu_obj *o)
{
	int ps;

	memset(o, 0, sizeof(*o));
	o->pa = pa;
	for (ps = TDX_PS_1G; ps >= TDX_PS_4K; ps--) {
		bool leaf, busy;
		u64 status = emu_pamt_map(emu, pa, ps, opid, o);

		if (status)
			return status;
		emu_lock(emu);
		leaf = ps == TDX_PS_4K || o->e->page_type == PT_REG;
		if (leaf)
			busy = !emu_pamt_trylock(o->e, lock);
		else
			busy = o->e->lock & EMU_PAMT_LK_EXCL;
		o->pt = o->e->page_type;
		o->owner = tdx_emu_pamt_owner(o->e);
		emu_unlock(emu);
		if (busy) {
			emu_page_unmap(emu, &o->pamt);
			return emu_operand(TDX_OPERAND_BUSY, opid);
		}
		if (leaf) {
			o->held = (u8)lock;
			o->level = (u8)ps;
			return TDX_SUCCESS;
		}
		emu_page_unmap(emu, &o->pamt);
	}
	return TDX_SUCCESS;	/* not reached: the 4K entry is always a leaf */
}

u64 emu_chk(struct tdx_emu *emu, u64 pa, u32 opid, int lock, u32 pts, struct emu_obj *o)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 status;

	memset(o, 0, sizeof(*o));
	if (!IS_ALIGNED(pa, SZ_4K) || emu_hkid_of(c, pa) || !emu_pa_below_max(c, pa))
		return emu_operand(TDX_OPERAND_INVALID, opid);
	status = emu_pamt_walk(emu, pa, opid, lock, o);
	if (status)
		return status;
	if (o->level != TDX_PS_4K || !(EMU_PT(o->pt) & pts)) {
		emu_obj_put(emu, o);
		return emu_operand(TDX_PAGE_METADATA_INCORRECT, opid);
	}
	return TDX_SUCCESS;
}

bool emu_obj_map(struct tdx_emu *emu, struct emu_obj *o)
{
	return o->pg.va || emu_page_map(emu, &o->pg, o->pa);
}

void emu_obj_put(struct tdx_emu *emu, struct emu_obj *o)
{
	if (o->held) {
		emu_lock(emu);
		emu_pamt_unlock(o->e, o->held);
		emu_unlock(emu);
		o->held = EMU_LK_NONE;
	}
	emu_page_unmap(emu, &o->pamt);
	emu_page_unmap(emu, &o->pg);
}

void emu_obj_set_pamt(struct tdx_emu *emu, struct emu_obj *o, u8 pt, u64 owner_pa)
{
	emu_wtouch(emu, &o->pamt);
	tdx_emu_pamt_set(o->e, pt, owner_pa);
	o->pt = pt;
	o->owner = owner_pa;
}

u64 emu_td_get(struct tdx_emu *emu, u64 pa, u32 opid, int lock, struct emu_td *td)
{
	u64 status;

	memset(td, 0, sizeof(*td));
	status = emu_chk(emu, pa, opid, lock, EMU_PT(PT_TDR), &td->tdr);
	if (status)
		return status;
	if (!emu_obj_map(emu, &td->tdr)) {
		emu_obj_put(emu, &td->tdr);
		return emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, opid);
	}
	td->r = td->tdr.pg.va;
	return TDX_SUCCESS;
}

/* The TDR's own 4K PAMT entry, locked directly: no walk, no type check. */
u64 emu_lock_implicit_tdr(struct tdx_emu *emu, u64 tdr_pa, int lock, struct emu_td *td)
{
	const u64 busy = emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_TDR);
	struct emu_obj *o = &td->tdr;
	bool ok;

	memset(td, 0, sizeof(*td));
	o->pa = tdr_pa;
	if (emu_pamt_map(emu, tdr_pa, TDX_PS_4K, TDX_OPERAND_ID_TDR, o))
		return busy;
	emu_lock(emu);
	ok = emu_pamt_trylock(o->e, lock);
	o->pt = o->e->page_type;
	emu_unlock(emu);
	if (!ok) {
		emu_page_unmap(emu, &o->pamt);
		return busy;
	}
	o->held = (u8)lock;
	if (!emu_obj_map(emu, o)) {
		emu_obj_put(emu, o);
		return busy;
	}
	td->r = o->pg.va;
	return TDX_SUCCESS;
}

void *emu_td_tdcs(struct tdx_emu *emu, struct emu_td *td, unsigned int idx)
{
	const struct tdx_emu_config *c = &emu->active;

	if (idx >= td->r->num_tdcx || idx >= EMU_TDCS_MAX_PAGES)
		return NULL;
	if (!td->cs[idx].va &&
	    !emu_page_map(emu, &td->cs[idx], emu_pa_strip(c, td->r->tdcx_pa[idx])))
		return NULL;
	return td->cs[idx].va;
}

/*
 * check_state_map_tdcs_and_lock().  The op-state lock is not kept: the
 * leaves here take it shared or not at all (only migration leaves take it
 * exclusively), so BUSY|OP_STATE cannot happen and is not modelled.
 */
u64 emu_td_state(struct tdx_emu *emu, struct emu_td *td, u32 allowed_ops)
{
	if (td->r->fatal)
		return TDX_TD_FATAL;
	if (td->r->lifecycle != EMU_TD_KEYS_CONFIGURED)
		return TDX_TD_KEYS_NOT_CONFIGURED;
	if (td->r->num_tdcx < EMU_TDCS_MIN_PAGES)
		return TDX_TDCS_NOT_ALLOCATED;
	td->tdcs = emu_td_tdcs(emu, td, EMU_TDCS_MNG);
	if (!td->tdcs)
		return TDX_TDCS_NOT_ALLOCATED;	/* unmappable TDCS: counted in map_failures */
	if (td->tdcs->op_state >= 32 || !(EMU_OPS(td->tdcs->op_state) & allowed_ops))
		return TDX_OP_STATE_INCORRECT;
	return TDX_SUCCESS;
}

void emu_td_put(struct tdx_emu *emu, struct emu_td *td)
{
	unsigned int i;

	for (i = 0; i < EMU_TDCS_MAX_PAGES; i++)
		emu_page_unmap(emu, &td->cs[i]);
	emu_obj_put(emu, &td->tdr);
	td->r = NULL;
	td->tdcs = NULL;
}

u64 emu_pa_hkid(const struct tdx_emu_config *c, u64 pa, u16 hkid)
{
	return pa | ((u64)hkid << emu_hkid_shift(c));
}

bool emu_gpa_ok(const struct emu_tdcs *tdcs, u64 gpa)
{
	unsigned int shared = tdcs->gpaw ? 51 : 47;

	if (gpa & BIT_ULL(shared))
		return false;
	if (gpa >> 52)
		return false;
	return tdcs->gpaw || !(gpa >> 48);
}

unsigned int emu_sept_top(const struct emu_tdcs *tdcs)
{
	return (unsigned int)((tdcs->eptp >> 3) & 0x7);
}
