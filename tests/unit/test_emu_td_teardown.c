// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the software TDX module's teardown leaves: TDH.MNG.VPFLUSHDONE,
 * PHYMEM.CACHE.WB (interrupted and resumed), MNG.KEY.FREEID,
 * PHYMEM.PAGE.RECLAIM and PHYMEM.PAGE.WBINVD, and every way of doing the
 * teardown out of order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_td_fixture.h"
#include "emu/td_internal.h"

#define OP(status, id)	TDFX_OP(status, id)
#define INV(id)		OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_##id)
#define RANGE(id)	OP(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_##id)
#define BUSY(id)	OP(TDX_OPERAND_BUSY, TDX_OPERAND_ID_##id)
#define PMI(id)		OP(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_ID_##id)
#define RSVD_PA		(EMU_FX_PAMT_PA + 0x800000)

static int setup(void **state)
{
	struct tdfx *t = calloc(1, sizeof(*t));

	if (!t || tdfx_setup(t))
		return -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tdfx *t = *state;

	assert_false(t->fx.map_under_lock);
	assert_int_equal(t->fx.lock_depth, 0);
	assert_int_equal(t->fx.live_maps, 0);
	tdfx_teardown(t);
	free(t);
	return 0;
}

static struct emu_tdr *tdr_of(struct tdfx *t, struct tdfx_td *td)
{
	return tdfx_va(t, td->tdr);
}

static u64 wb(struct tdfx *t, unsigned int lp, u64 cmd)
{
	return tdfx_call(t, lp, TDH_PHYMEM_CACHE_WB, cmd, 0, 0, NULL);
}

static u64 vpflushdone(struct tdfx *t, struct tdfx_td *td)
{
	return tdfx_call(t, 0, TDH_MNG_VPFLUSHDONE, td->tdr, 0, 0, NULL);
}

static u64 freeid(struct tdfx *t, struct tdfx_td *td)
{
	return tdfx_call(t, 0, TDH_MNG_KEY_FREEID, td->tdr, 0, 0, NULL);
}

/* A TD with a vCPU on LP 1 and one private page. */
static void full_td(struct tdfx *t, struct tdfx_td *td, u16 hkid)
{
	static const u8 zero[SZ_4K];

	assert_int_equal(tdfx_build(t, td, hkid), TDX_SUCCESS);
	assert_int_equal(tdfx_vcpu(t, td, 1, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_map_gpa(t, td, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_add_page(t, td, 0, zero, true), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td->tdr, 0, 0, NULL), TDX_SUCCESS);
}

/* ---- TDH.MNG.VPFLUSHDONE */

static void test_vpflushdone(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;

	assert_int_equal(tdfx_call(t, 0, TDH_MNG_VPFLUSHDONE, tdfx_page(t), 0, 0, NULL), PMI(RCX));
	full_td(t, &td, TDFX_HKID);
	tdx_emu_hold_lock(t->fx.emu, TDX_EMU_LOCK_KOT, 0, true);
	assert_int_equal(vpflushdone(t, &td), BUSY(KOT));
	tdx_emu_hold_lock(t->fx.emu, TDX_EMU_LOCK_KOT, 0, false);
	/* a vCPU still on LP 1 */
	assert_int_equal(vpflushdone(t, &td), TDX_FLUSHVP_NOT_DONE);
	assert_int_equal(tdfx_call(t, 1, TDH_VP_FLUSH, td.vp[0], 0, 0, NULL), TDX_SUCCESS);
	/* no fatal check here */
	tdr_of(t, &td)->fatal = 1;
	assert_int_equal(vpflushdone(t, &td), TDX_SUCCESS);
	assert_int_equal(tdr_of(t, &td)->lifecycle, EMU_TD_BLOCKED);
	assert_int_equal(tdx_emu_kot_state(t->fx.emu, TDFX_HKID), TDX_EMU_KOT_FLUSHED);
	assert_int_equal(t->fx.emu->kot[TDFX_HKID].wbinvd_bitmap, 0x9);	/* both packages: ids 0, 3 */
	assert_int_equal(vpflushdone(t, &td), TDX_LIFECYCLE_STATE_INCORRECT);
}

/* A TD that never got its keys, or its TDCS, can be flushed at once. */
static void test_vpflushdone_early_states(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td, td2;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(vpflushdone(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_create(t, &td2, TDFX_HKID + 1), TDX_SUCCESS);
	assert_int_equal(tdfx_keys(t, &td2), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, &td2, 6), TDX_SUCCESS);
	assert_int_equal(vpflushdone(t, &td2), TDX_SUCCESS);
	/* and torn down: both KeyIDs in one CACHE.WB per package */
	assert_int_equal(wb(t, 0, 0), TDX_SUCCESS);
	assert_int_equal(wb(t, 2, 0), TDX_SUCCESS);
	assert_int_equal(freeid(t, &td), TDX_SUCCESS);
	assert_int_equal(freeid(t, &td2), TDX_SUCCESS);
	assert_int_equal(tdfx_reclaim_all(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_reclaim_all(t, &td2), TDX_SUCCESS);
	assert_int_equal(tdfx_status(t).hkids[TDX_EMU_KOT_FREE], 31);
}

/* ---- TDH.PHYMEM.CACHE.WB */

static void test_cache_wb_checks(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;

	assert_int_equal(wb(t, 0, 2), INV(RCX));
	/* nothing FLUSHED: not an error */
	assert_int_equal(wb(t, 0, 0), TDX_NO_HKID_READY_TO_WBCACHE);
	assert_false(TDX_NO_HKID_READY_TO_WBCACHE & TDX_STATUS_ERROR);
	assert_int_equal(wb(t, 0, 1), TDX_WBCACHE_RESUME_ERROR);
	tdx_emu_hold_lock(t->fx.emu, TDX_EMU_LOCK_WBT, 0, true);
	assert_int_equal(wb(t, 1, 0), BUSY(WBCACHE));
	assert_int_equal(wb(t, 2, 0), TDX_NO_HKID_READY_TO_WBCACHE);	/* the other package */
	tdx_emu_hold_lock(t->fx.emu, TDX_EMU_LOCK_WBT, 0, false);
	tdx_emu_hold_lock(t->fx.emu, TDX_EMU_LOCK_KOT, 0, true);
	assert_int_equal(wb(t, 0, 0), BUSY(KOT));
	tdx_emu_hold_lock(t->fx.emu, TDX_EMU_LOCK_KOT, 0, false);
	/* one package done: its bit only */
	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(vpflushdone(t, &td), TDX_SUCCESS);
	assert_int_equal(wb(t, 3, 0), TDX_SUCCESS);
	assert_int_equal(t->fx.emu->kot[TDFX_HKID].wbinvd_bitmap, 0x1);
	assert_int_equal(freeid(t, &td), TDX_WBCACHE_NOT_COMPLETE);
	assert_int_equal(wb(t, 1, 0), TDX_SUCCESS);
	assert_int_equal(t->fx.emu->kot[TDFX_HKID].wbinvd_bitmap, 0);
	assert_int_equal(freeid(t, &td), TDX_SUCCESS);
}

static void test_cache_wb_interrupted(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td, td2;
	unsigned int n;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(vpflushdone(t, &td), TDX_SUCCESS);
	/* every call interrupted: one sub-block each, the last one always completes */
	tdx_emu_set_cache_wb_interrupts(t->fx.emu, 1, 0);
	assert_int_equal(wb(t, 0, 0), TDX_INTERRUPTED_RESUMABLE);
	for (n = 1; wb(t, 0, 1) == TDX_INTERRUPTED_RESUMABLE; n++)
		assert_true(n < TDX_EMU_WB_BLOCKS);
	assert_int_equal(n, TDX_EMU_WB_BLOCKS - 1);
	assert_int_equal(t->fx.emu->kot[TDFX_HKID].wbinvd_bitmap, 0x8);	/* package id 3 */
	assert_int_equal(wb(t, 0, 1), TDX_WBCACHE_RESUME_ERROR);	/* done: nothing to resume */
	/* a count of interruptions, then none */
	tdx_emu_set_cache_wb_interrupts(t->fx.emu, 0, 2);
	assert_int_equal(wb(t, 2, 0), TDX_INTERRUPTED_RESUMABLE);
	/* a new start forgets the interrupted one, and snapshots anew */
	assert_int_equal(tdfx_create(t, &td2, TDFX_HKID + 1), TDX_SUCCESS);
	assert_int_equal(vpflushdone(t, &td2), TDX_SUCCESS);
	assert_int_equal(wb(t, 2, 0), TDX_INTERRUPTED_RESUMABLE);
	assert_int_equal(wb(t, 2, 1), TDX_SUCCESS);
	assert_int_equal(t->fx.emu->kot[TDFX_HKID].wbinvd_bitmap, 0);
	assert_int_equal(t->fx.emu->kot[TDFX_HKID + 1].wbinvd_bitmap, 0x1);
	/* every 3rd call */
	tdx_emu_set_cache_wb_interrupts(t->fx.emu, 3, 0);
	t->fx.emu->wb_calls = 0;
	assert_int_equal(wb(t, 0, 0), TDX_SUCCESS);
	assert_int_equal(wb(t, 0, 0), TDX_SUCCESS);
	assert_int_equal(wb(t, 0, 0), TDX_INTERRUPTED_RESUMABLE);
	assert_int_equal(wb(t, 0, 1), TDX_SUCCESS);
}

/* HKIDs FLUSHED after a run started are not in that run's snapshot. */
static void test_cache_wb_snapshot(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td, td2;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_create(t, &td2, TDFX_HKID + 1), TDX_SUCCESS);
	assert_int_equal(vpflushdone(t, &td), TDX_SUCCESS);
	tdx_emu_set_cache_wb_interrupts(t->fx.emu, 0, 1);
	assert_int_equal(wb(t, 0, 0), TDX_INTERRUPTED_RESUMABLE);
	assert_int_equal(vpflushdone(t, &td2), TDX_SUCCESS);
	assert_int_equal(wb(t, 0, 1), TDX_SUCCESS);
	assert_int_equal(t->fx.emu->kot[TDFX_HKID].wbinvd_bitmap, 0x8);
	assert_int_equal(t->fx.emu->kot[TDFX_HKID + 1].wbinvd_bitmap, 0x9);
}

/* ---- TDH.MNG.KEY.FREEID */

static void test_freeid(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td, again;

	full_td(t, &td, TDFX_HKID);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_KEY_FREEID, td.tdcs[0], 0, 0, NULL), PMI(RCX));
	assert_int_equal(freeid(t, &td), TDX_LIFECYCLE_STATE_INCORRECT);
	assert_int_equal(tdfx_call(t, 1, TDH_VP_FLUSH, td.vp[0], 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(vpflushdone(t, &td), TDX_SUCCESS);
	assert_int_equal(freeid(t, &td), TDX_WBCACHE_NOT_COMPLETE);
	assert_int_equal(wb(t, 0, 0), TDX_SUCCESS);
	assert_int_equal(wb(t, 2, 0), TDX_SUCCESS);
	tdx_emu_hold_lock(t->fx.emu, TDX_EMU_LOCK_KOT, 0, true);
	assert_int_equal(freeid(t, &td), BUSY(KOT));
	tdx_emu_hold_lock(t->fx.emu, TDX_EMU_LOCK_KOT, 0, false);
	/* the KeyID not reusable before FREEID, reusable after */
	assert_int_equal(tdfx_create(t, &again, TDFX_HKID), TDX_HKID_NOT_FREE);
	assert_int_equal(freeid(t, &td), TDX_SUCCESS);
	assert_int_equal(tdr_of(t, &td)->lifecycle, EMU_TD_TEARDOWN);
	assert_int_equal(tdx_emu_kot_state(t->fx.emu, TDFX_HKID), TDX_EMU_KOT_FREE);
	assert_int_equal(freeid(t, &td), TDX_LIFECYCLE_STATE_INCORRECT);
	assert_int_equal(tdfx_create(t, &again, TDFX_HKID), TDX_SUCCESS);
}

/* ---- TDH.PHYMEM.PAGE.RECLAIM, TDH.PHYMEM.PAGE.WBINVD */

static void test_reclaim_checks(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	struct tdx_args a;
	u64 pa = tdfx_page(t);

	assert_int_equal(tdfx_reclaim(t, pa + 0x10, &a), INV(RCX));
	assert_int_equal(tdfx_reclaim(t, pa | (33ULL << 46), &a), INV(RCX));
	assert_int_equal(tdfx_reclaim(t, 1ULL << 52, &a), INV(RCX));
	assert_int_equal(tdfx_reclaim(t, 2 * SZ_1G, &a), RANGE(RCX));
	/* nothing to reclaim: NDA, RSVD, with the outputs still 0 */
	a.rcx = 1;
	assert_int_equal(tdfx_reclaim(t, pa, &a), PMI(RCX));
	assert_int_equal(a.rcx, 0);
	assert_int_equal(a.rdx, 0);
	assert_int_equal(tdfx_reclaim(t, RSVD_PA, &a), PMI(RCX));
	full_td(t, &td, TDFX_HKID);
	tdfx_pamt(t, td.tdcs[1])->lock = 0x4;
	assert_int_equal(tdfx_reclaim(t, td.tdcs[1], &a), BUSY(RCX));
	tdfx_pamt(t, td.tdcs[1])->lock = 0;
	/* too early: LSI, with the page's type, owner and size already out */
	assert_int_equal(tdfx_reclaim(t, td.tdcs[1], &a), TDX_LIFECYCLE_STATE_INCORRECT);
	assert_int_equal(a.rcx, PT_TDCX);
	assert_int_equal(a.rdx, td.tdr);
	assert_int_equal(a.r8, 0);
	assert_int_equal(tdfx_reclaim(t, td.tdr, &a), TDX_LIFECYCLE_STATE_INCORRECT);
	assert_int_equal(a.rcx, PT_TDR);
	assert_int_equal(a.rdx, 0);
	/* the owning TD busy */
	assert_int_equal(tdfx_flush(t, &td, 1), TDX_SUCCESS);
	assert_int_equal(freeid(t, &td), TDX_SUCCESS);
	tdfx_pamt(t, td.tdr)->lock = TDX_EMU_PAMT_LOCK_EXCLUSIVE;
	assert_int_equal(tdfx_reclaim(t, td.priv[0], &a), BUSY(TDR));
	tdfx_pamt(t, td.tdr)->lock = 0;
	/* the TDR while it has children */
	assert_int_equal(tdfx_reclaim(t, td.tdr, &a), TDX_TD_ASSOCIATED_PAGES_EXIST);
	assert_int_equal(a.rcx, PT_TDR);
	/* a page back: NDA, owner kept, one child less */
	assert_int_equal(tdfx_reclaim(t, td.priv[0], &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_REG);
	assert_int_equal(a.rdx, td.tdr);
	assert_int_equal(tdfx_pt(t, td.priv[0]), PT_NDA);
	assert_int_equal(tdfx_owner(t, td.priv[0]), td.tdr);
	assert_int_equal(tdr_of(t, &td)->chldcnt, 6 + 6 + 3 + 1 - 1);
	assert_int_equal(tdfx_reclaim(t, td.priv[0], &a), PMI(RCX));
	td.nr_priv = 0;
	assert_int_equal(tdfx_reclaim_all(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_status(t).violations, 0);
}

static void test_reclaim_large_leaf(void **state)
{
	struct tdfx *t = *state;
	struct tdx_pamt_entry *e = tdfx_va(t, emu_fx_pamt_pa(0, TDX_PS_2M) + 16);
	struct tdx_args a;

	/* a 2M private page (PAMT written behind the module's back, for the test) */
	e->page_type = PT_REG;
	e->owner = TDFX_PRIV_PA >> 12;
	assert_int_equal(tdfx_reclaim(t, SZ_2M + 0x3000, &a), INV(RCX));
	assert_int_equal(a.rcx, PT_REG);
	assert_int_equal(a.rdx, TDFX_PRIV_PA);
	assert_int_equal(a.r8, TDX_PS_2M);
	/* and chk() of a page inside it: not a 4K page */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, SZ_2M + 0x3000, TDFX_HKID, 0, NULL),
			 PMI(RCX));
	assert_true(tdfx_status(t).violations >= 1);
}

static void test_wbinvd(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_PHYMEM_PAGE_WBINVD, td.tdr | (32ULL << 46), 0, 0,
				   NULL), PMI(RCX));
	assert_int_equal(tdfx_call(t, 0, TDH_PHYMEM_PAGE_WBINVD, td.tdr + 0x40, 0, 0, NULL),
			 INV(RCX));
	assert_int_equal(tdfx_call(t, 0, TDH_PHYMEM_PAGE_WBINVD, 2 * SZ_1G, 0, 0, NULL),
			 RANGE(RCX));
	/* any KeyID on a page the module gave back */
	assert_int_equal(tdfx_call(t, 0, TDH_PHYMEM_PAGE_WBINVD, tdfx_page(t) | (63ULL << 46), 0,
				   0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_PHYMEM_PAGE_WBINVD, tdfx_page(t) | (3ULL << 46), 0,
				   0, NULL), TDX_SUCCESS);
}

/* ---- the teardown order, and every way to get it wrong */

static void test_teardown_out_of_order(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	struct tdx_emu_status st;
	unsigned int i;

	full_td(t, &td, TDFX_HKID);
	/* early RECLAIM of any page: LIFECYCLE_STATE_INCORRECT */
	assert_int_equal(tdfx_reclaim(t, td.priv[0], NULL), TDX_LIFECYCLE_STATE_INCORRECT);
	assert_int_equal(tdfx_reclaim(t, td.sept[0], NULL), TDX_LIFECYCLE_STATE_INCORRECT);
	assert_int_equal(tdfx_reclaim(t, td.vp[0], NULL), TDX_LIFECYCLE_STATE_INCORRECT);
	/* early FREEID: the TD is not BLOCKED yet */
	assert_int_equal(freeid(t, &td), TDX_LIFECYCLE_STATE_INCORRECT);
	/* early VPFLUSHDONE: a vCPU is still associated */
	assert_int_equal(vpflushdone(t, &td), TDX_FLUSHVP_NOT_DONE);
	/* VP.FLUSH on the wrong LP */
	assert_int_equal(tdfx_call(t, 0, TDH_VP_FLUSH, td.vp[0], 0, 0, NULL),
			 TDX_VCPU_NOT_ASSOCIATED);
	assert_int_equal(tdfx_call(t, 1, TDH_VP_FLUSH, td.vp[0], 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(vpflushdone(t, &td), TDX_SUCCESS);
	/* early FREEID: caches not written back on every package */
	assert_int_equal(freeid(t, &td), TDX_WBCACHE_NOT_COMPLETE);
	assert_int_equal(wb(t, 0, 0), TDX_SUCCESS);
	assert_int_equal(freeid(t, &td), TDX_WBCACHE_NOT_COMPLETE);
	assert_int_equal(tdfx_reclaim(t, td.priv[0], NULL), TDX_LIFECYCLE_STATE_INCORRECT);
	assert_int_equal(wb(t, 2, 0), TDX_SUCCESS);
	assert_int_equal(freeid(t, &td), TDX_SUCCESS);
	/* early TDR RECLAIM: pages still associated */
	assert_int_equal(tdfx_reclaim(t, td.tdr, NULL), TDX_TD_ASSOCIATED_PAGES_EXIST);
	/* and WBINVD of a page still the module's */
	assert_int_equal(tdfx_call(t, 0, TDH_PHYMEM_PAGE_WBINVD, td.tdr, 0, 0, NULL), PMI(RCX));
	assert_int_equal(tdfx_reclaim_all(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_pt(t, td.tdr), PT_NDA);
	for (i = 0; i < td.nr_tdcs; i++)
		assert_int_equal(tdfx_pt(t, td.tdcs[i]), PT_NDA);
	st = tdfx_status(t);
	assert_int_equal(st.hkids[TDX_EMU_KOT_FREE], 31);
	assert_int_equal(st.violations, 0);
	assert_int_equal(st.owned_pages, 256 * 4 + 2 + 1);
}

/* Many TDs, all KeyIDs: exhausted, then all back after teardown. */
static void test_all_keyids(void **state)
{
	struct tdfx *t = *state;
	static struct tdfx_td td[31];
	struct tdfx_td extra;
	unsigned int i;

	for (i = 0; i < 31; i++) {
		assert_int_equal(tdfx_create(t, &td[i], 33 + i), TDX_SUCCESS);
		assert_int_equal(tdfx_keys(t, &td[i]), TDX_SUCCESS);
		assert_int_equal(tdfx_addcx(t, &td[i], 6), TDX_SUCCESS);
	}
	assert_int_equal(tdfx_status(t).hkids[TDX_EMU_KOT_FREE], 0);
	for (i = 0; i < 31; i++)
		assert_int_equal(tdfx_create(t, &extra, 33 + i), TDX_HKID_NOT_FREE);
	/* all flushed, one CACHE.WB per package for all of them */
	for (i = 0; i < 31; i++)
		assert_int_equal(vpflushdone(t, &td[i]), TDX_SUCCESS);
	assert_int_equal(wb(t, 1, 0), TDX_SUCCESS);
	assert_int_equal(wb(t, 3, 0), TDX_SUCCESS);
	for (i = 0; i < 31; i++) {
		assert_int_equal(freeid(t, &td[i]), TDX_SUCCESS);
		assert_int_equal(tdfx_reclaim_all(t, &td[i]), TDX_SUCCESS);
	}
	assert_int_equal(tdfx_status(t).hkids[TDX_EMU_KOT_FREE], 31);
	assert_int_equal(tdfx_status(t).hkids[TDX_EMU_KOT_RESERVED], 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_vpflushdone),
		T(test_vpflushdone_early_states),
		T(test_cache_wb_checks),
		T(test_cache_wb_interrupted),
		T(test_cache_wb_snapshot),
		T(test_freeid),
		T(test_reclaim_checks),
		T(test_reclaim_large_leaf),
		T(test_wbinvd),
		T(test_teardown_out_of_order),
		T(test_all_keyids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
