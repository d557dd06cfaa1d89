// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of TDH.SYS.TDMR.INIT in the software TDX module
 * (src/lib/emu/tdmr_init.c): PAMT entries written, progress, operands, and
 * TDMRs initialised in parallel.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_suite.h"

static void test_tdmr_init_progress(void **state)
{
	struct emu_fx *fx = ready(state);
	struct tdx_pamt_entry *e, *pamt_2m, *pamt_1g;
	struct tdx_emu_tdmr t;
	u64 next = 1;
	unsigned int i;

	memset(emu_fx_va(fx, EMU_FX_PAMT_PA), 0xAA, EMU_FX_PAMT_WIN_SIZE);
	pamt_2m = emu_fx_va(fx, emu_fx_pamt_pa(0, TDX_PS_2M));
	pamt_1g = emu_fx_va(fx, emu_fx_pamt_pa(0, TDX_PS_1G));

	assert_int_equal(tdmr_init(fx, 1, EMU_FX_TDMR0_BASE, &next), TDX_SUCCESS);
	/* rounded down to 1 GiB: nothing of the TDMR is usable yet */
	assert_int_equal(next, EMU_FX_TDMR0_BASE);
	assert_int_equal(tdx_emu_get_tdmr(fx->emu, 0, &t), 0);
	assert_int_equal(t.next_init, EMU_FX_TDMR0_BASE + TDX_EMU_TDMR_INIT_BYTES);
	e = pamt4k(fx, 0, 0);
	for (i = 0; i < TDX_EMU_PAMT_INIT_ENTRIES; i++) {
		assert_int_equal(e[i].page_type, PT_NDA);
		assert_int_equal(e[i].lock, 0);
		assert_int_equal(e[i].owner, 0);
		assert_int_equal(e[i].bepoch, 0);
	}
	assert_int_equal(e[TDX_EMU_PAMT_INIT_ENTRIES].page_type, 0xAA);	/* next chunk untouched */
	assert_int_equal(pamt_2m[0].page_type, PT_NDA);
	assert_int_equal(pamt_2m[1].owner, 0);
	assert_int_equal(pamt_2m[1].bepoch, 0);
	assert_int_equal(pamt_2m[2].page_type, 0xAA);
	assert_int_equal(pamt_1g[0].page_type, 0xAA);
	assert_int_equal(rdmd(fx, 0x1000, NULL),
			 OP(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX));

	for (i = 1; i < 255; i++) {
		assert_int_equal(tdmr_init(fx, i % 4, EMU_FX_TDMR0_BASE, &next), TDX_SUCCESS);
		assert_int_equal(next, EMU_FX_TDMR0_BASE);
	}
	assert_int_equal(pamt_1g[0].page_type, 0xAA);
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, &next), TDX_SUCCESS);
	assert_int_equal(next, EMU_FX_TDMR0_BASE + SZ_1G);
	assert_int_equal(pamt_1g[0].page_type, PT_NDA);
	assert_int_equal(pamt_1g[0].owner, 0);
	assert_int_equal(pamt_1g[0].bepoch, 0);
	assert_int_equal(pamt_2m[511].page_type, PT_NDA);

	/* reserved area (where the PAMTs are) marked PT_RSVD, its edges not */
	assert_int_equal(pamt4k(fx, 0, EMU_FX_RSVD0_OFF - SZ_4K)->page_type, PT_NDA);
	assert_int_equal(pamt4k(fx, 0, EMU_FX_RSVD0_OFF)->page_type, PT_RSVD);
	assert_int_equal(pamt4k(fx, 0, EMU_FX_RSVD0_OFF + EMU_FX_RSVD0_SIZE - SZ_4K)->page_type,
			 PT_RSVD);
	assert_int_equal(pamt4k(fx, 0, EMU_FX_RSVD0_OFF + EMU_FX_RSVD0_SIZE)->page_type, PT_NDA);
	assert_int_equal(pamt4k(fx, 0, SZ_1G - SZ_4K)->page_type, PT_NDA);

	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, &next), TDX_TDMR_ALREADY_INITIALIZED);
	assert_false(TDX_TDMR_ALREADY_INITIALIZED & TDX_STATUS_ERROR);
	assert_int_equal(next, 0);
	assert_int_equal(rdmd(fx, 0x1000, NULL), TDX_SUCCESS);
	/* TDMR1 untouched */
	assert_int_equal(pamt4k(fx, 1, 0)->page_type, 0xAA);
}

static void test_tdmr_init_operands(void **state)
{
	struct emu_fx *fx = ready(state);
	const u64 inval_rcx = OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	u64 next = 1;

	assert_int_equal(tdmr_init(fx, 0, 2 * SZ_1G, &next), inval_rcx);	/* no such TDMR */
	assert_int_equal(next, 0);
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR1_BASE + SZ_4K, NULL), inval_rcx);
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR1_BASE | BIT_ULL(50), NULL), inval_rcx);
	assert_int_equal(tdmr_init(fx, 0, BIT_ULL(52), NULL), inval_rcx);
}

struct tdmr_race {
	u64 same, other, other_next;
	bool done;
};

/* Runs while TDMR0's chunk is being written with the lock dropped. */
static void hook_tdmr_race(struct emu_fx *fx, u64 pa, u64 len)
{
	struct tdmr_race *r = fx->hook_data;

	(void)len;
	if (r->done || pa != emu_fx_pamt_pa(0, TDX_PS_4K))
		return;
	r->done = true;
	r->same = tdmr_init(fx, 1, EMU_FX_TDMR0_BASE, NULL);
	r->other = tdmr_init(fx, 2, EMU_FX_TDMR1_BASE, &r->other_next);
}

static void test_tdmr_init_busy_and_parallel(void **state)
{
	struct emu_fx *fx = ready(state);
	struct tdmr_race r = { 0 };
	struct tdx_emu_tdmr t;

	fx->hook_data = &r;
	fx->map_hook = hook_tdmr_race;
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, NULL), TDX_SUCCESS);
	fx->map_hook = NULL;
	assert_true(r.done);
	assert_int_equal(r.same, OP(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX));
	assert_int_equal(r.other, TDX_SUCCESS);
	assert_int_equal(r.other_next, EMU_FX_TDMR1_BASE);
	assert_int_equal(tdx_emu_get_tdmr(fx->emu, 0, &t), 0);
	assert_int_equal(t.next_init, EMU_FX_TDMR0_BASE + TDX_EMU_TDMR_INIT_BYTES);
	assert_false(t.busy);
	assert_int_equal(tdx_emu_get_tdmr(fx->emu, 1, &t), 0);
	assert_int_equal(t.next_init, EMU_FX_TDMR1_BASE + TDX_EMU_TDMR_INIT_BYTES);
}

static void hook_reset(struct emu_fx *fx, u64 pa, u64 len)
{
	(void)pa;
	(void)len;
	if (!fx->hook_data) {
		fx->hook_data = fx;
		tdx_emu_reset(fx->emu);
	}
}

static void test_reset_during_tdmr_init(void **state)
{
	struct emu_fx *fx = ready(state);

	fx->map_hook = hook_reset;
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, NULL), TDX_SYS_NOT_READY);
	fx->map_hook = NULL;
	assert_int_equal(emu_state(fx), TDX_EMU_SYSINIT_PENDING);
	assert_int_equal(emu_fx_to_ready(fx), TDX_SUCCESS);
	assert_int_equal(emu_fx_tdmr_init_all(fx, 0, EMU_FX_TDMR0_BASE), 256);
}

/*
 * The entries-per-call knob: a module doing 256 entries (1 MiB) a call needs
 * 1024 calls for a 1 GiB TDMR, RDX stays at the base until the last one,
 * which returns SUCCESS with RDX at the end; only a further call says
 * ALREADY_INITIALIZED.  So a host counting 4 MiB a call stops a quarter in.
 */
static void test_tdmr_init_entries_per_call(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_pamt_entry *pamt_2m, *pamt_1g;
	struct tdx_emu_status st;
	struct tdx_emu_tdmr t;
	u64 next = 1;
	unsigned int i;

	fx->emu->config.tdmr_init_entries = 256;
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_to_ready(fx), TDX_SUCCESS);
	memset(emu_fx_va(fx, EMU_FX_PAMT_PA), 0xAA, EMU_FX_PAMT_WIN_SIZE);
	pamt_2m = emu_fx_va(fx, emu_fx_pamt_pa(0, TDX_PS_2M));
	pamt_1g = emu_fx_va(fx, emu_fx_pamt_pa(0, TDX_PS_1G));

	/* 1 MiB: one page of 4K entries, and the 2M entry of the block it starts */
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, &next), TDX_SUCCESS);
	assert_int_equal(next, EMU_FX_TDMR0_BASE);
	assert_int_equal(tdx_emu_get_tdmr(fx->emu, 0, &t), 0);
	assert_int_equal(t.next_init, EMU_FX_TDMR0_BASE + 256 * SZ_4K);
	assert_int_equal(pamt4k(fx, 0, 255 * SZ_4K)->page_type, PT_NDA);
	assert_int_equal(pamt4k(fx, 0, 256 * SZ_4K)->page_type, 0xAA);
	assert_int_equal(pamt_2m[0].page_type, PT_NDA);
	assert_int_equal(pamt_2m[1].page_type, 0xAA);
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, &next), TDX_SUCCESS);
	assert_int_equal(pamt_2m[1].page_type, 0xAA);	/* [1M, 2M) starts no 2M block */
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, &next), TDX_SUCCESS);
	assert_int_equal(pamt_2m[1].page_type, PT_NDA);

	/* what the old host loop did: 256 calls of "4 MiB" cover a quarter */
	for (i = 3; i < 256; i++)
		assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, &next), TDX_SUCCESS);
	tdx_emu_get_status(fx->emu, &st);
	assert_int_equal(st.nr_tdmrs_initialized, 0);
	assert_int_equal(next, EMU_FX_TDMR0_BASE);

	for (; i < 1023; i++)
		assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, &next), TDX_SUCCESS);
	assert_int_equal(pamt_1g[0].page_type, 0xAA);
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, &next), TDX_SUCCESS);
	assert_int_equal(next, EMU_FX_TDMR0_BASE + EMU_FX_TDMR_SIZE);
	assert_int_equal(pamt_1g[0].page_type, PT_NDA);
	assert_int_equal(pamt4k(fx, 0, SZ_1G - SZ_4K)->page_type, PT_NDA);
	assert_int_equal(pamt_2m[511].page_type, PT_NDA);
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, &next), TDX_TDMR_ALREADY_INITIALIZED);
	tdx_emu_get_status(fx->emu, &st);
	assert_int_equal(st.nr_tdmrs_initialized, 1);

	/* 1024 (the default) again: 256 calls */
	assert_int_equal(emu_fx_tdmr_init_all(fx, 1, EMU_FX_TDMR1_BASE), 1024);
	fx->emu->config.tdmr_init_entries = 1024;
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_to_ready(fx), TDX_SUCCESS);
	assert_int_equal(emu_fx_tdmr_init_all(fx, 0, EMU_FX_TDMR0_BASE), 256);
}

static void test_tdmr_init_entries_knob_checked(void **state)
{
	struct emu_fx *fx = *state;
	static const u32 bad[] = { 0, 128, 255, 384, 1000, 524288 };
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fx->emu->config.tdmr_init_entries = bad[i];
		assert_int_equal(tdx_emu_config_check(&fx->emu->config), -EINVAL);
	}
	fx->emu->config.tdmr_init_entries = 262144;
	assert_int_equal(tdx_emu_config_check(&fx->emu->config), 0);
	/* a bad value is not applied: the active one stays */
	fx->emu->config.tdmr_init_entries = 100;
	tdx_emu_reset(fx->emu);
	assert_int_equal(fx->emu->active.tdmr_init_entries, TDX_EMU_PAMT_INIT_ENTRIES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, emu_suite_setup, emu_suite_teardown)
		T(test_tdmr_init_progress),
		T(test_tdmr_init_operands),
		T(test_tdmr_init_busy_and_parallel),
		T(test_reset_during_tdmr_init),
		T(test_tdmr_init_entries_per_call),
		T(test_tdmr_init_entries_knob_checked),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
