// SPDX-License-Identifier: GPL-2.0
/*
 * What the test_emu_*.c suites share: a fresh module per test, the ops
 * contract checked after each, and short callers of the common leaves.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_suite.h"

/* Every test gets a fresh 2 packages x 2 LPs module with the fixture's memory. */
int emu_suite_setup(void **state)
{
	struct emu_fx *fx = calloc(1, sizeof(*fx));

	if (!fx || emu_fx_setup(fx, 2, 2))
		return -1;
	*state = fx;
	return 0;
}

int emu_suite_teardown(void **state)
{
	struct emu_fx *fx = *state;

	/* the ops contract held during the whole test */
	assert_false(fx->map_under_lock);
	assert_false(fx->lock_recursion);
	assert_int_equal(fx->lock_depth, 0);
	assert_int_equal(fx->live_maps, 0);
	emu_fx_teardown(fx);
	free(fx);
	return 0;
}

enum tdx_emu_state emu_state(struct emu_fx *fx)
{
	struct tdx_emu_status st;

	tdx_emu_get_status(fx->emu, &st);
	return st.state;
}

u64 sys_rd(struct emu_fx *fx, unsigned int lp, u64 id, u64 *value, u64 *next)
{
	struct tdx_args a;
	u64 st = emu_fx_call(fx, lp, TDH_SYS_RD, 0, id, 0, &a);

	if (value)
		*value = a.r8;
	if (next)
		*next = a.rdx;
	return st;
}

u64 rd_value(struct emu_fx *fx, u64 id)
{
	u64 v = 0;

	assert_int_equal(sys_rd(fx, 0, id, &v, NULL), TDX_SUCCESS);
	return v;
}

u64 tdmr_init(struct emu_fx *fx, unsigned int lp, u64 base, u64 *next)
{
	struct tdx_args a;
	u64 st = emu_fx_call(fx, lp, TDH_SYS_TDMR_INIT, base, 0, 0, &a);

	if (next)
		*next = a.rdx;
	return st;
}

u64 rdmd(struct emu_fx *fx, u64 pa, struct tdx_args *out)
{
	return emu_fx_call(fx, 0, TDH_PHYMEM_PAGE_RDMD, pa, 0, 0, out);
}

struct tdx_pamt_entry *pamt4k(struct emu_fx *fx, unsigned int tdmr, u64 off)
{
	return emu_fx_va(fx, emu_fx_pamt_pa(tdmr, TDX_PS_4K) + (off >> 12) * 16);
}

struct emu_fx *lp_done(void **state)
{
	struct emu_fx *fx = *state;

	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	return fx;
}

struct emu_fx *ready(void **state)
{
	struct emu_fx *fx = *state;

	assert_int_equal(emu_fx_to_ready(fx), TDX_SUCCESS);
	return fx;
}
