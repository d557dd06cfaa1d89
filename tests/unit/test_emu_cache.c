// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the software TDX module's cache rules (src/lib/emu/cache.c):
 * a flush between SYS.CONFIG and KEY.CONFIG, and before the host takes back
 * PAMT memory the module wrote through the global KeyID.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_suite.h"

static struct tdx_emu_status status(struct emu_fx *fx)
{
	struct tdx_emu_status st;

	tdx_emu_get_status(fx->emu, &st);
	return st;
}

/* Upstream's order: flush, KEY.CONFIG, TDMR.INIT, (failure) flush, reset, free. */
static void test_cache_flushes_in_order(void **state)
{
	struct emu_fx *fx = ready(state);
	u64 pamt = emu_fx_pamt_pa(0, TDX_PS_4K);

	assert_int_equal(status(fx).violations, 0);
	assert_int_equal(status(fx).cache_flushes, 1);
	assert_false(status(fx).global_dirty);
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, NULL), TDX_SUCCESS);
	assert_true(status(fx).global_dirty);
	/* memory that is no PAMT may go back at any time */
	assert_false(tdx_emu_host_reclaim(fx->emu, EMU_FX_MISC_PA, SZ_4K));
	tdx_emu_cache_flush(fx->emu);
	assert_false(status(fx).global_dirty);
	assert_false(tdx_emu_host_reclaim(fx->emu, pamt, EMU_FX_PAMT_PER_TDMR));
	assert_int_equal(status(fx).violations, 0);
	assert_int_equal(status(fx).cache_flushes, 2);
}

/* The bug of issue 13: PAMT reset and freed after a failed TDMR.INIT, no WBINVD. */
static void test_reclaim_unflushed_pamt(void **state)
{
	struct emu_fx *fx = ready(state);
	struct tdx_emu_status st;

	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR1_BASE, NULL), TDX_SUCCESS);
	/* a range starting below the PAMTs: the first PAMT page in it is named */
	assert_true(tdx_emu_host_reclaim(fx->emu, EMU_FX_PAMT_PA - SZ_4K, 4 * SZ_4K));
	st = status(fx);
	assert_int_equal(st.violations, 1);
	assert_int_equal(st.violation_kind, TDX_EMU_VIOL_UNFLUSHED);
	assert_int_equal(st.violation_pa, EMU_FX_PAMT_PA);
	assert_string_equal(tdx_emu_own_kind_name(st.violation_kind),
			    "PAMT (unflushed global-KeyID lines)");
	/* a power-on forgets it all */
	tdx_emu_reset(fx->emu);
	st = status(fx);
	assert_int_equal(st.violations, 0);
	assert_false(st.global_dirty);
	assert_int_equal(st.cache_flushes, 0);
}

static void test_key_config_without_flush(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_emu_status st;

	assert_int_equal(emu_fx_to_configured(fx), TDX_SUCCESS);
	assert_true(status(fx).keyid0_dirty);
	/* the first KEY.CONFIG that programs a key is the violation, once */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL),
			 TDX_KEY_CONFIGURED);
	st = status(fx);
	assert_int_equal(st.violations, 1);
	assert_int_equal(st.violation_kind, TDX_EMU_VIOL_KEYID0);
	assert_int_equal(st.violation_pa, emu_fx_pamt_pa(0, TDX_PS_4K));
	tdx_emu_cache_flush(fx->emu);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(status(fx).violations, 1);
	assert_int_equal(emu_state(fx), TDX_EMU_SYS_READY);
}

/* Before SYS.CONFIG there is no PAMT, so nothing to flush for. */
static void test_no_pamt_no_rule(void **state)
{
	struct emu_fx *fx = *state;

	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	assert_false(status(fx).keyid0_dirty);
	assert_false(tdx_emu_host_reclaim(fx->emu, emu_fx_pamt_pa(0, TDX_PS_4K), SZ_4K));
	assert_false(tdx_emu_host_reclaim(fx->emu, 0, 0));
	assert_int_equal(status(fx).violations, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, emu_suite_setup, emu_suite_teardown)
		T(test_cache_flushes_in_order),
		T(test_reclaim_unflushed_pamt),
		T(test_key_config_without_flush),
		T(test_no_pamt_no_rule),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
