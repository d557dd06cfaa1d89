// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of PAMT entry lookup and TDH.PHYMEM.PAGE.RDMD in the software
 * TDX module (src/lib/emu/pamt.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_suite.h"

static void test_rdmd_errors(void **state)
{
	struct emu_fx *fx = ready(state);
	const u64 range_rcx = OP(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
	struct tdx_args a;

	assert_int_equal(emu_fx_tdmr_init_all(fx, 0, EMU_FX_TDMR0_BASE), 256);
	assert_int_equal(rdmd(fx, 0x1800, &a), OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX));
	assert_int_equal(rdmd(fx, 0x1000 | BIT_ULL(46), NULL),
			 OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX));
	assert_int_equal(rdmd(fx, 2 * SZ_1G, &a), range_rcx);		/* between TDMRs */
	assert_int_equal(a.rcx, 0);
	assert_int_equal(rdmd(fx, 8 * SZ_1G, NULL), range_rcx);		/* above all TDMRs */
	assert_int_equal(rdmd(fx, EMU_FX_TDMR1_BASE, NULL), range_rcx);	/* not initialised */

	/* a 4K entry locked exclusively (a TD leaf holding it) */
	pamt4k(fx, 0, 0x5000)->lock = TDX_EMU_PAMT_LOCK_EXCLUSIVE;
	assert_int_equal(rdmd(fx, 0x5000, NULL), OP(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX));
}

static void test_rdmd_walk_levels(void **state)
{
	struct emu_fx *fx = ready(state);
	struct tdx_pamt_entry *e;
	struct tdx_args a;
	u64 entry_pa;

	assert_int_equal(emu_fx_tdmr_init_all(fx, 0, EMU_FX_TDMR1_BASE), 256);

	assert_int_equal(tdx_emu_pamt_entry_pa(fx->emu, EMU_FX_TDMR1_BASE + SZ_2M + 0x5000,
					       TDX_PS_2M, &entry_pa), 0);
	assert_int_equal(entry_pa, emu_fx_pamt_pa(1, TDX_PS_2M) + 16);
	assert_int_equal(tdx_emu_pamt_entry_pa(fx->emu, EMU_FX_TDMR0_BASE, TDX_PS_4K, &entry_pa),
			 -ENOENT);

	/* a 2M private page */
	e = emu_fx_va(fx, emu_fx_pamt_pa(1, TDX_PS_2M) + 16);
	e->page_type = PT_REG;
	e->owner = 0x123456ULL;
	e->bepoch = 0x77 | (0xABULL << 32);
	assert_int_equal(rdmd(fx, EMU_FX_TDMR1_BASE + SZ_2M + 0x5000, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_REG);
	assert_int_equal(a.rdx, 0x123456000ULL);
	assert_int_equal(a.r8, TDX_PS_2M);
	assert_int_equal(a.r9, 0x77 | (0xABULL << 32));

	/* a 4K TDR page: owner reported, no bepoch */
	e = pamt4k(fx, 1, 0x3000);
	e->page_type = PT_TDR;
	e->owner = 0x100003ULL;
	e->bepoch = 5;
	assert_int_equal(rdmd(fx, EMU_FX_TDMR1_BASE + 0x3000, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_TDR);
	assert_int_equal(a.rdx, 0x100003000ULL);
	assert_int_equal(a.r8, TDX_PS_4K);
	assert_int_equal(a.r9, 0);

	/* a 1G leaf wins over everything below it */
	e = emu_fx_va(fx, emu_fx_pamt_pa(1, TDX_PS_1G));
	e->page_type = PT_REG;
	assert_int_equal(rdmd(fx, EMU_FX_TDMR1_BASE + 0x3000, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_REG);
	assert_int_equal(a.r8, TDX_PS_1G);
}

/*
 * The module's pamt_entry_t (pamt_manager.h): qword 0 is the lock (bits
 * 15:0), the page type (23:16) and the owner PA >> 12 (63:24); qword 1 the
 * bepoch.  RDMD reads it back in that layout.
 */
static void test_rdmd_module_layout(void **state)
{
	struct emu_fx *fx = ready(state);
	u64 raw[2] = { (u64)PT_TDR << 16 | 0xABCDEULL << 24, 9 };
	const struct tdx_pamt_entry *e = (const void *)raw;
	struct tdx_args a;
	u64 *q;

	assert_int_equal(sizeof(struct tdx_pamt_entry), 16);
	assert_int_equal(e->lock, 0);
	assert_int_equal(e->page_type, PT_TDR);
	assert_int_equal(tdx_emu_pamt_owner(e), 0xABCDE000ULL);
	assert_int_equal(tdx_emu_pamt_bepoch(e), 9);

	assert_int_equal(emu_fx_tdmr_init_all(fx, 0, EMU_FX_TDMR1_BASE), 256);
	q = (u64 *)pamt4k(fx, 1, 0x7000);
	q[0] = (u64)PT_REG << 16 | 0x123456789AULL << 24;	/* a 40-bit owner */
	q[1] = 0x8000000500000003ULL;	/* mig_flag, export_count 5, mig_epoch 3 */
	assert_int_equal(rdmd(fx, EMU_FX_TDMR1_BASE + 0x7000, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_REG);
	assert_int_equal(a.rdx, 0x123456789A000ULL);
	assert_int_equal(a.r8, TDX_PS_4K);
	assert_int_equal(a.r9, 0x8000000500000003ULL);
	/* the lock is bits 15:0: exclusive (bit 0) makes RDMD busy */
	q[0] |= TDX_EMU_PAMT_LOCK_EXCLUSIVE;
	assert_int_equal(rdmd(fx, EMU_FX_TDMR1_BASE + 0x7000, NULL),
			 OP(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, emu_suite_setup, emu_suite_teardown)
		T(test_rdmd_errors),
		T(test_rdmd_walk_levels),
		T(test_rdmd_module_layout),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
