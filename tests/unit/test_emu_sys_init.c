// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of TDH.SYS.INIT, TDH.SYS.LP.INIT and TDH.SYS.LP.SHUTDOWN in the
 * software TDX module (src/lib/emu/sys_init.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_suite.h"

static void test_lp_shutdown_any_time(void **state)
{
	struct emu_fx *fx = *state;

	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_SHUTDOWN, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_state(fx), TDX_EMU_SYSINIT_PENDING);
}

/* ---- state machine errors */

static void test_sys_init_errors(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_args a;

	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 1, 0, 0, NULL),
			 OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX));
	assert_int_equal(emu_state(fx), TDX_EMU_SYSINIT_PENDING);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	/* SYS.INIT clears its output registers even when it fails */
	memset(&a, 0x5a, sizeof(a));
	a.rcx = 0;
	assert_int_equal(emu_fx_sc(fx, 1, TDH_SYS_INIT, &a), TDX_SYS_INIT_NOT_PENDING);
	assert_int_equal(a.rdx, 0);
	assert_int_equal(a.r10, 0);
}

static void test_lp_init_errors(void **state)
{
	struct emu_fx *fx = *state;

	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL),
			 TDX_SYS_LP_INIT_NOT_PENDING);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_LP_INIT, 0, 0, 0, NULL),
			 TDX_SYS_LP_INIT_DONE);
	assert_int_equal(emu_fx_to_configured(fx), TDX_SYS_INIT_NOT_PENDING);
	/* ^ SYS.INIT again fails; finish the LPs by hand and configure */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 3, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_config(fx, emu_fx_build_tdmrs(fx)), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL),
			 TDX_SYS_LP_INIT_NOT_PENDING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, emu_suite_setup, emu_suite_teardown)
		T(test_lp_shutdown_any_time),
		T(test_sys_init_errors),
		T(test_lp_init_errors),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
