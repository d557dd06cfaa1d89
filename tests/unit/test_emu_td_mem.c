// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the software TDX module's memory and measurement leaves:
 * TDH.MEM.SEPT.ADD (versions 0 and 1), MEM.PAGE.ADD, MR.EXTEND and
 * MR.FINALIZE, with the SEPT entry details they return in RCX/RDX.
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
#define BUSY(id)	OP(TDX_OPERAND_BUSY, TDX_OPERAND_ID_##id)
#define PMI(id)		OP(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_ID_##id)
#define RSVD_PA		(EMU_FX_PAMT_PA + 0x800000)
#define ARCH_FREE	0x8000000000000000ULL	/* a FREE entry: SVE only */
#define ARCH_NL		0x7ULL			/* a non-leaf entry: RWX only */
#define ARCH_LEAF	0x80000000000000f7ULL	/* RWX, WB, IPAT, PS, SVE */
#define DETAIL(level, state)	((u64)(level) | ((u64)(state) << 8))

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

/* SEPT.ADD with all registers given; outputs in *a. */
static u64 sept_add(struct tdfx *t, unsigned int v, u64 rcx, u64 rdx, u64 r8, u64 r9,
		    struct tdx_args *a)
{
	memset(a, 0, sizeof(*a));
	a->rcx = rcx;
	a->rdx = rdx;
	a->r8 = r8;
	a->r9 = r9;
	a->r10 = TDFX_NULL_PA;
	a->r11 = TDFX_NULL_PA;
	return tdfx_sc(t, 0, TDFX_RAX_V(TDH_MEM_SEPT_ADD, v), a);
}

static u64 page_add(struct tdfx *t, struct tdfx_td *td, u64 gpa, u64 target, u64 source,
		    struct tdx_args *a)
{
	memset(a, 0, sizeof(*a));
	a->rcx = gpa;
	a->rdx = td->tdr;
	a->r8 = target;
	a->r9 = source;
	return tdfx_sc(t, 0, TDH_MEM_PAGE_ADD, a);
}

static u64 *sept_root(struct tdfx *t, struct tdfx_td *td)
{
	return tdfx_va(t, td->tdcs[EMU_TDCS_SEPT_ROOT]);
}

/* ---- TDH.MEM.SEPT.ADD */

static void test_sept_add_input_checks(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	struct tdx_args a;
	u64 pa = tdfx_page(t);

	/* version 2: nothing touched but RCX/RDX, cleared on entry */
	assert_int_equal(sept_add(t, 2, 3, 0, pa, 0, &a), INV(RAX));
	assert_int_equal(a.r8, pa);
	assert_int_equal(a.rcx, 0);
	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	/* RDX bits 11:1, 63:52; v1 reports the pages back (bit 63 cleared) */
	assert_int_equal(sept_add(t, 1, 3, td.tdr | 2, pa | BIT_ULL(63), TDFX_NULL_PA, &a),
			 INV(RDX));
	assert_int_equal(a.r8, pa);
	assert_int_equal(a.r9, TDFX_NULL_PA);
	assert_int_equal(sept_add(t, 0, 3, td.tdr | BIT_ULL(52), pa, 0, &a), INV(RDX));
	assert_int_equal(sept_add(t, 0, 3, td.tdcs[0], pa, 0, &a), PMI(RDX));
	assert_int_equal(sept_add(t, 0, 3, td.tdr, pa, 0, &a), TDX_TD_KEYS_NOT_CONFIGURED);
	assert_int_equal(tdfx_keys(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, &td, 6), TDX_SUCCESS);
	assert_int_equal(sept_add(t, 0, 3, td.tdr, pa, 0, &a), TDX_OP_STATE_INCORRECT);
	tdfx_params(t);
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	/* page info: reserved bits, level 0 or above the EPT's, misaligned GPA */
	assert_int_equal(sept_add(t, 0, 3 | 0x8, td.tdr, pa, 0, &a), INV(RCX));
	assert_int_equal(sept_add(t, 0, 0, td.tdr, pa, 0, &a), INV(RCX));
	assert_int_equal(sept_add(t, 0, 4, td.tdr, pa, 0, &a), INV(RCX));
	assert_int_equal(sept_add(t, 0, 0x1000 | 1, td.tdr, pa, 0, &a), INV(RCX));
	assert_int_equal(sept_add(t, 0, BIT_ULL(52) | 1, td.tdr, pa, 0, &a), INV(RCX));
	/* GPA: the shared bit (47 without GPAW), bits 51:48 */
	assert_int_equal(sept_add(t, 0, BIT_ULL(47) | 1, td.tdr, pa, 0, &a), INV(RCX));
	assert_int_equal(sept_add(t, 0, BIT_ULL(48) | 1, td.tdr, pa, 0, &a), INV(RCX));
	/* v0 needs a page */
	assert_int_equal(sept_add(t, 0, 3, td.tdr, TDFX_NULL_PA, 0, &a), INV(R8));
	assert_int_equal(tdfx_pt(t, pa), PT_NDA);
}

static void test_sept_add_walk_and_state(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	struct tdx_args a;
	u64 p3 = tdfx_page(t), p2 = tdfx_page(t), p1 = tdfx_page(t), more = tdfx_page(t);

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	/* level 1 before levels 3 and 2: the walk stops at the FREE level-3 entry */
	assert_int_equal(sept_add(t, 0, 0x200000 | 1, td.tdr, p1, 0, &a),
			 OP(TDX_EPT_WALK_FAILED, TDX_OPERAND_ID_RCX));
	assert_int_equal(a.rcx, ARCH_FREE);
	assert_int_equal(a.rdx, DETAIL(3, 0));
	assert_int_equal(sept_add(t, 0, 3, td.tdr, p3, 0, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, 0);
	assert_int_equal(a.rdx, 0);
	assert_int_equal(sept_root(t, &td)[0] >> 56, EMU_SEPT_NL_MAPPED);
	assert_int_equal(sept_root(t, &td)[0] & EMU_SEPTE_HPA_MASK, p3);
	assert_int_equal(tdfx_pt(t, p3), PT_EPT);
	assert_int_equal(tdfx_owner(t, p3), td.tdr);
	assert_int_equal(sept_add(t, 0, 0x200000 | 1, td.tdr, p1, 0, &a),
			 OP(TDX_EPT_WALK_FAILED, TDX_OPERAND_ID_RCX));
	assert_int_equal(a.rdx, DETAIL(2, 0));
	assert_int_equal(sept_add(t, 0, 2, td.tdr, p2, 0, &a), TDX_SUCCESS);
	assert_int_equal(sept_add(t, 0, 0x200000 | 1, td.tdr, p1, 0, &a), TDX_SUCCESS);
	assert_int_equal(tdr_of(t, &td)->chldcnt, 6 + 3);
	/* the entry exists: without ALLOW_EXISTING an error with its details */
	assert_int_equal(sept_add(t, 0, 2, td.tdr, more, 0, &a),
			 OP(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_ID_RCX));
	assert_int_equal(a.rcx, ARCH_NL);
	assert_int_equal(a.rdx, DETAIL(2, EMU_SEPT_NL_MAPPED));
	/* with it: success, the page unused (v0 leaves R8, v1 flags it) */
	assert_int_equal(sept_add(t, 0, 2, td.tdr | 1, more, 0, &a), TDX_SUCCESS);
	assert_int_equal(a.r8, more);
	assert_int_equal(sept_add(t, 1, 2, td.tdr | 1, more, TDFX_NULL_PA, &a), TDX_SUCCESS);
	assert_int_equal(a.r8, more | BIT_ULL(63));
	assert_int_equal(tdfx_pt(t, more), PT_NDA);
	/* v1 without a page: fine on an existing table, not on a FREE entry */
	assert_int_equal(sept_add(t, 1, 2, td.tdr, TDFX_NULL_PA, TDFX_NULL_PA, &a), TDX_SUCCESS);
	assert_int_equal(a.r8, TDFX_NULL_PA);
	assert_int_equal(sept_add(t, 1, 0x400000 | 1, td.tdr, TDFX_NULL_PA, TDFX_NULL_PA, &a),
			 OP(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_ID_RCX));
	assert_int_equal(a.rcx, ARCH_FREE);
	assert_int_equal(a.rdx, DETAIL(1, 0));
	/* v1 L2 pages: this TD has no L2 VM */
	assert_int_equal(sept_add(t, 1, 0x400000 | 1, td.tdr, more, 0, &a), INV(R9));
	assert_int_equal(a.r8, more);
	assert_int_equal(tdr_of(t, &td)->chldcnt, 6 + 3);
	/* v1 adding: R8 comes back NULL_PA */
	assert_int_equal(sept_add(t, 1, 0x400000 | 1, td.tdr, more, TDFX_NULL_PA, &a),
			 TDX_SUCCESS);
	assert_int_equal(a.r8, TDFX_NULL_PA);
	assert_int_equal(tdfx_status(t).violations, 0);
}

static void test_sept_add_page_checks(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	struct tdx_args a;
	u64 pa = tdfx_page(t);

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(sept_add(t, 0, 3, td.tdr, RSVD_PA, 0, &a), PMI(R8));
	assert_int_equal(sept_add(t, 0, 3, td.tdr, td.tdcs[2], 0, &a), PMI(R8));
	assert_int_equal(sept_add(t, 0, 3, td.tdr, pa + 0x80, 0, &a), INV(R8));
	tdfx_pamt(t, pa)->lock = 0x4;
	assert_int_equal(sept_add(t, 0, 3, td.tdr, pa, 0, &a), BUSY(R8));
	tdfx_pamt(t, pa)->lock = 0;
	/* bit 63 of a page is not part of it */
	assert_int_equal(sept_add(t, 0, 3, td.tdr, pa | BIT_ULL(63), 0, &a), TDX_SUCCESS);
	assert_int_equal(tdfx_pt(t, pa), PT_EPT);
	/* after FINALIZE SEPT.ADD still works (RUNNABLE is allowed) */
	assert_int_equal(tdfx_vcpu(t, &td, 0, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_map_gpa(t, &td, 0x40000000), TDX_SUCCESS);
}

static void test_sept_add_5level(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_params *p;
	struct tdfx_td td;
	struct tdx_args a;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_keys(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, &td, 6), TDX_SUCCESS);
	p = tdfx_params(t);
	p->eptp_controls = 0x26;
	p->config_flags = 1;		/* GPAW: shared bit 51 */
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	assert_int_equal(sept_add(t, 0, BIT_ULL(51) | 4, td.tdr, tdfx_page(t), 0, &a), INV(RCX));
	/* bit 47 is a private GPA bit now; a 4K page needs four tables */
	assert_int_equal(sept_add(t, 0, 3, td.tdr, tdfx_page(t), 0, &a),
			 OP(TDX_EPT_WALK_FAILED, TDX_OPERAND_ID_RCX));
	assert_int_equal(a.rdx, DETAIL(4, 0));
	assert_int_equal(sept_add(t, 0, BIT_ULL(48) | 4, td.tdr, tdfx_page(t), 0, &a),
			 TDX_SUCCESS);
	assert_int_equal(sept_root(t, &td)[1] >> 56, EMU_SEPT_NL_MAPPED);
}

/* ---- TDH.MEM.PAGE.ADD */

static void test_page_add_checks(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	struct tdx_args a;
	u64 pa = tdfx_page(t), hpa;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(page_add(t, &td, 0, pa, TDFX_SRC_PA, &a), TDX_TD_KEYS_NOT_CONFIGURED);
	assert_int_equal(a.rcx, 0);
	assert_int_equal(tdfx_keys(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, &td, 6), TDX_SUCCESS);
	assert_int_equal(page_add(t, &td, 0, pa, TDFX_SRC_PA, &a), TDX_OP_STATE_INCORRECT);
	tdfx_params(t);
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	/* a level, reserved bits, a shared GPA */
	assert_int_equal(page_add(t, &td, 1, pa, TDFX_SRC_PA, &a), INV(RCX));
	assert_int_equal(page_add(t, &td, 0x10, pa, TDFX_SRC_PA, &a), INV(RCX));
	assert_int_equal(page_add(t, &td, BIT_ULL(47), pa, TDFX_SRC_PA, &a), INV(RCX));
	/* no SEPT yet: the walk stops at level 3 */
	assert_int_equal(page_add(t, &td, 0, pa, TDFX_SRC_PA, &a),
			 OP(TDX_EPT_WALK_FAILED, TDX_OPERAND_ID_RCX));
	assert_int_equal(a.rcx, ARCH_FREE);
	assert_int_equal(a.rdx, DETAIL(3, 0));
	assert_int_equal(tdfx_map_gpa(t, &td, 0), TDX_SUCCESS);
	/* the source: aligned and shared; the target: a free page */
	assert_int_equal(page_add(t, &td, 0, pa, TDFX_SRC_PA + 8, &a), INV(R9));
	assert_int_equal(page_add(t, &td, 0, pa, TDFX_SRC_PA | (32ULL << 46), &a), INV(R9));
	assert_int_equal(page_add(t, &td, 0, pa, 0x100000, &a), INV(R9));	/* unmappable */
	assert_int_equal(page_add(t, &td, 0, RSVD_PA, TDFX_SRC_PA, &a), PMI(R8));
	assert_int_equal(page_add(t, &td, 0, td.sept[0], TDFX_SRC_PA, &a), PMI(R8));
	/* the source check comes first */
	assert_int_equal(page_add(t, &td, 0, RSVD_PA, TDFX_SRC_PA + 8, &a), INV(R9));
	/* the TDR is taken exclusively: a shared holder makes it busy */
	tdfx_pamt(t, td.tdr)->lock = 0x4;
	assert_int_equal(page_add(t, &td, 0, pa, TDFX_SRC_PA, &a), BUSY(RDX));
	tdfx_pamt(t, td.tdr)->lock = 0;
	assert_int_equal(page_add(t, &td, 0, pa, TDFX_SRC_PA | (5ULL << 46), &a), TDX_SUCCESS);
	assert_int_equal(tdfx_pt(t, pa), PT_REG);
	assert_int_equal(tdfx_owner(t, pa), td.tdr);
	hpa = pa;
	/* the same GPA again: the MAPPED entry in the details */
	assert_int_equal(page_add(t, &td, 0, tdfx_page(t), TDFX_SRC_PA, &a),
			 OP(TDX_EPT_ENTRY_STATE_INCORRECT, TDX_OPERAND_ID_RCX));
	assert_int_equal(a.rcx, hpa | ARCH_LEAF);
	assert_int_equal(a.rdx, DETAIL(0, EMU_SEPT_MAPPED));
	assert_int_equal(tdr_of(t, &td)->chldcnt, 6 + 3 + 1);
	/* after FINALIZE, no more */
	assert_int_equal(tdfx_vcpu(t, &td, 0, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(page_add(t, &td, 0x1000, tdfx_page(t), TDFX_SRC_PA, &a),
			 TDX_OP_STATE_INCORRECT);
	assert_int_equal(tdfx_status(t).violations, 0);
}

/* ---- TDH.MR.EXTEND, TDH.MR.FINALIZE */

static void test_mr_extend_checks(void **state)
{
	struct tdfx *t = *state;
	static const u8 zero[SZ_4K];
	struct tdfx_td td;
	struct tdx_args a;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_keys(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, &td, 6), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, 0, td.tdr, 0, NULL),
			 TDX_OP_STATE_INCORRECT);
	tdfx_params(t);
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, 0, td.tdcs[0], 0, NULL), PMI(RDX));
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, 0x80, td.tdr, 0, NULL), INV(RCX));
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, BIT_ULL(47), td.tdr, 0, NULL), INV(RCX));
	/* nothing mapped: not present, the FREE entry where the walk stopped */
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, 0x100, td.tdr, 0, &a),
			 OP(TDX_EPT_ENTRY_NOT_PRESENT, TDX_OPERAND_ID_RCX));
	assert_int_equal(a.rcx, ARCH_FREE);
	assert_int_equal(a.rdx, DETAIL(3, 0));
	assert_int_equal(tdfx_map_gpa(t, &td, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, 0x1100, td.tdr, 0, &a),
			 OP(TDX_EPT_ENTRY_NOT_PRESENT, TDX_OPERAND_ID_RCX));
	assert_int_equal(a.rdx, DETAIL(0, 0));
	assert_int_equal(tdfx_add_page(t, &td, 0x1000, zero, false), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, 0x1100, td.tdr, 0, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, 0);
	tdfx_pamt(t, td.tdr)->lock = 0x4;
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, 0x1100, td.tdr, 0, NULL), BUSY(RDX));
	tdfx_pamt(t, td.tdr)->lock = 0;
	/* a failing hash is counted, not a status */
	t->hash_fail = true;
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, 0x1200, td.tdr, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_status(t).hash_failures, 1);
}

static void test_mr_finalize(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	unsigned int idx = 0;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr + 4, 0, 0, NULL), INV(RCX));
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL),
			 TDX_TD_KEYS_NOT_CONFIGURED);
	assert_int_equal(tdfx_keys(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, &td, 6), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL),
			 TDX_OP_STATE_INCORRECT);
	tdfx_params(t);
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_NO_VCPUS);
	/* a vCPU created but not initialised does not count */
	assert_int_equal(tdfx_vp_create(t, &td, &idx), TDX_SUCCESS);
	assert_int_equal(tdfx_vp_addcx(t, &td, idx, 5), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_NO_VCPUS);
	assert_int_equal(tdfx_call(t, 0, TDFX_RAX_V(TDH_VP_INIT, 1), td.vp[idx], 0, 0, NULL),
			 TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(((struct emu_tdcs *)tdfx_va(t, td.tdcs[0]))->op_state, EMU_OP_RUNNABLE);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL),
			 TDX_OP_STATE_INCORRECT);
}

/* 1.5.05: a VP.INIT that lost its slot to a duplicate x2APIC id still counts. */
static void test_mr_finalize_counts_failed_vp_init(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	unsigned int a = 0, b = 0;

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_vp_create(t, &td, &a), TDX_SUCCESS);
	assert_int_equal(tdfx_vp_addcx(t, &td, a, 5), TDX_SUCCESS);
	assert_int_equal(tdfx_vp_create(t, &td, &b), TDX_SUCCESS);
	assert_int_equal(tdfx_vp_addcx(t, &td, b, 5), TDX_SUCCESS);
	/* x2APIC ids are compared with earlier slots only: slot 0 is empty, 0 == 0 */
	assert_int_equal(tdfx_call(t, 0, TDFX_RAX_V(TDH_VP_INIT, 1), td.vp[a], 0, 4, NULL),
			 TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDFX_RAX_V(TDH_VP_INIT, 1), td.vp[b], 0, 4, NULL),
			 OP(TDX_X2APIC_ID_NOT_UNIQUE, 4));
	assert_int_equal(((struct emu_tdcs *)tdfx_va(t, td.tdcs[0]))->num_vcpus, 2);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sept_add_input_checks),
		T(test_sept_add_walk_and_state),
		T(test_sept_add_page_checks),
		T(test_sept_add_5level),
		T(test_page_add_checks),
		T(test_mr_extend_checks),
		T(test_mr_finalize),
		T(test_mr_finalize_counts_failed_vp_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
