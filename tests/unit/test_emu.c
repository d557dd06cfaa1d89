// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the software TDX module (src/lib/emu/), driven only
 * through tdx_emu_seamcall() as a host would, against sparse fake memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_fixture.h"

#define OP(status, id)	((status) + (id))
#define RAX_V(leaf, v)	((u64)(leaf) | ((u64)(v) << 16))

/* Every test gets a fresh 2 packages x 2 LPs module with the fixture's memory. */
static int setup(void **state)
{
	struct emu_fx *fx = calloc(1, sizeof(*fx));

	if (!fx || emu_fx_setup(fx, 2, 2))
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
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

static enum tdx_emu_state emu_state(struct emu_fx *fx)
{
	struct tdx_emu_status st;

	tdx_emu_get_status(fx->emu, &st);
	return st.state;
}

static u64 sys_rd(struct emu_fx *fx, unsigned int lp, u64 id, u64 *value, u64 *next)
{
	struct tdx_args a;
	u64 st = emu_fx_call(fx, lp, TDH_SYS_RD, 0, id, 0, &a);

	if (value)
		*value = a.r8;
	if (next)
		*next = a.rdx;
	return st;
}

static u64 rd_value(struct emu_fx *fx, u64 id)
{
	u64 v = 0;

	assert_int_equal(sys_rd(fx, 0, id, &v, NULL), TDX_SUCCESS);
	return v;
}

static u64 tdmr_init(struct emu_fx *fx, unsigned int lp, u64 base, u64 *next)
{
	struct tdx_args a;
	u64 st = emu_fx_call(fx, lp, TDH_SYS_TDMR_INIT, base, 0, 0, &a);

	if (next)
		*next = a.rdx;
	return st;
}

static u64 rdmd(struct emu_fx *fx, u64 pa, struct tdx_args *out)
{
	return emu_fx_call(fx, 0, TDH_PHYMEM_PAGE_RDMD, pa, 0, 0, out);
}

static struct tdx_pamt_entry *pamt4k(struct emu_fx *fx, unsigned int tdmr, u64 off)
{
	return emu_fx_va(fx, emu_fx_pamt_pa(tdmr, TDX_PS_4K) + (off >> 12) * 16);
}

/* ---- init, topology, config */

static void test_default_config_and_init_errors(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_emu_config cfg;
	struct tdx_emu *emu = calloc(1, sizeof(*emu));
	u32 pkgs[TDX_EMU_MAX_PACKAGES + 1];
	unsigned int i;

	tdx_emu_default_config(&cfg);
	assert_int_equal(cfg.major, 1);
	assert_int_equal(cfg.minor, 5);
	assert_true(cfg.features0 & TDX_FEATURES0_NO_RBP_MOD);
	assert_int_equal(cfg.max_tdmrs, 64);
	assert_int_equal(cfg.max_rsvd_per_tdmr, 16);
	assert_int_equal(cfg.pamt_entry_size[TDX_PS_1G], 16);
	assert_int_equal(tdx_emu_config_check(&cfg), 0);

	for (i = 0; i <= TDX_EMU_MAX_PACKAGES; i++)
		pkgs[i] = i * 7;
	assert_int_equal(tdx_emu_init(emu, &cfg, 0, pkgs, &fx->ops), -EINVAL);
	assert_int_equal(tdx_emu_init(emu, &cfg, TDX_EMU_MAX_LPS + 1, pkgs, &fx->ops), -EINVAL);
	assert_int_equal(tdx_emu_init(emu, &cfg, TDX_EMU_MAX_PACKAGES + 1, pkgs, &fx->ops),
			 -EINVAL);
	assert_int_equal(tdx_emu_init(emu, &cfg, TDX_EMU_MAX_PACKAGES, pkgs, &fx->ops), 0);
	assert_int_equal(emu->nr_pkgs, TDX_EMU_MAX_PACKAGES);

	cfg.max_rsvd_per_tdmr = 0;
	assert_int_equal(tdx_emu_init(emu, &cfg, 1, pkgs, &fx->ops), -EINVAL);
	tdx_emu_default_config(&cfg);
	cfg.max_tdmrs = 65;
	assert_int_equal(tdx_emu_config_check(&cfg), -EINVAL);
	tdx_emu_default_config(&cfg);
	cfg.nr_tdx_keyids = 64;		/* 31 + 64 KeyIDs do not fit 6 bits */
	assert_int_equal(tdx_emu_config_check(&cfg), -EINVAL);
	free(emu);
}

static void test_unknown_lp_is_ud(void **state)
{
	struct emu_fx *fx = *state;

	assert_int_equal(emu_fx_call(fx, 4, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SEAMCALL_UD);
	assert_int_equal(emu_state(fx), TDX_EMU_SYSINIT_PENDING);
}

/* ---- the full host flow */

static void test_happy_path_two_packages(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_emu_status st;
	struct tdx_emu_tdmr t;
	struct tdx_args a;
	long calls;

	assert_int_equal(emu_state(fx), TDX_EMU_SYSINIT_PENDING);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_state(fx), TDX_EMU_SYSINIT_DONE);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 3, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_config(fx, emu_fx_build_tdmrs(fx)), TDX_SUCCESS);
	assert_int_equal(emu_state(fx), TDX_EMU_SYSCONFIG_DONE);

	/* one LP per package; package ids are 0 and 3 */
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_state(fx), TDX_EMU_SYSCONFIG_DONE);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_state(fx), TDX_EMU_SYS_READY);

	tdx_emu_get_status(fx->emu, &st);
	assert_int_equal(st.nr_lps, 4);
	assert_int_equal(st.nr_lps_initialized, 4);
	assert_int_equal(st.nr_packages, 2);
	assert_int_equal(st.nr_packages_configured, 2);
	assert_int_equal(st.nr_tdmrs, 2);
	assert_int_equal(st.global_hkid, 32);
	assert_string_equal(tdx_emu_state_name(st.state), "SYS_READY");

	assert_int_equal(tdx_emu_get_tdmr(fx->emu, 1, &t), 0);
	assert_int_equal(t.base, EMU_FX_TDMR1_BASE);
	assert_int_equal(t.size, SZ_1G);
	assert_int_equal(t.pamt_base[TDX_PS_4K], emu_fx_pamt_pa(1, TDX_PS_4K));
	assert_int_equal(t.pamt_size[TDX_PS_1G], EMU_FX_PAMT1G_SIZE);
	assert_int_equal(t.rsvd[0].offset, EMU_FX_RSVD1_OFF);
	assert_int_equal(t.rsvd[1].size, 0);
	assert_int_equal(t.next_init, EMU_FX_TDMR1_BASE);
	assert_int_equal(tdx_emu_get_tdmr(fx->emu, 2, &t), -ENOENT);

	/* both TDMRs, from different LPs; 1 GiB = 256 chunks of 4 MiB */
	calls = emu_fx_tdmr_init_all(fx, 0, EMU_FX_TDMR0_BASE);
	assert_int_equal(calls, 256);
	calls = emu_fx_tdmr_init_all(fx, 3, EMU_FX_TDMR1_BASE);
	assert_int_equal(calls, 256);
	tdx_emu_get_status(fx->emu, &st);
	assert_int_equal(st.nr_tdmrs_initialized, 2);
	assert_int_equal(st.map_failures, 0);

	/* sample pages: plain memory, reserved (PAMT) memory, TDMR1's hole */
	assert_int_equal(rdmd(fx, 0x1000, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_NDA);
	assert_int_equal(a.rdx, 0);
	assert_int_equal(a.r8, TDX_PS_4K);
	assert_int_equal(a.r9, 0);
	assert_int_equal(rdmd(fx, EMU_FX_PAMT_PA + 0x5000, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_RSVD);
	assert_int_equal(rdmd(fx, EMU_FX_TDMR1_BASE + EMU_FX_RSVD1_OFF + 0x1ff000, &a),
			 TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_RSVD);
	assert_int_equal(rdmd(fx, EMU_FX_TDMR1_BASE + EMU_FX_RSVD1_OFF + 0x200000, &a),
			 TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_NDA);
	assert_int_equal(rdmd(fx, EMU_FX_TDMR1_BASE + SZ_1G - SZ_4K, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_NDA);

	/* deprecated no-op */
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_LP_SHUTDOWN, 0, 0, 0, NULL), TDX_SUCCESS);

	assert_int_equal(tdx_emu_leaf_calls(fx->emu, TDH_SYS_LP_INIT), 4);
	assert_int_equal(tdx_emu_leaf_calls(fx->emu, TDH_SYS_TDMR_INIT), 2 * 257);
	assert_int_equal(tdx_emu_leaf_calls(fx->emu, TDH_PHYMEM_PAGE_RDMD), 5);
}

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

static void test_config_not_pending(void **state)
{
	struct emu_fx *fx = *state;

	emu_fx_build_tdmrs(fx);
	assert_int_equal(emu_fx_config(fx, 2), TDX_SYS_CONFIG_NOT_PENDING);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	/* LP 3 missing */
	assert_int_equal(emu_fx_config(fx, 2), TDX_SYS_CONFIG_NOT_PENDING);
	assert_int_equal(emu_fx_call(fx, 3, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_config(fx, 2), TDX_SUCCESS);
	assert_int_equal(emu_fx_config(fx, 2), TDX_SYS_CONFIG_NOT_PENDING);
}

static void test_key_config_rules(void **state)
{
	struct emu_fx *fx = *state;

	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL),
			 TDX_SYS_KEY_CONFIG_NOT_PENDING);
	assert_int_equal(emu_fx_config(fx, emu_fx_build_tdmrs(fx)), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 3, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	/* the other LP of the same package: not an error, bit 63 clear */
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL),
			 TDX_KEY_CONFIGURED);
	assert_false(TDX_KEY_CONFIGURED & TDX_STATUS_ERROR);
	assert_int_equal(emu_state(fx), TDX_EMU_SYSCONFIG_DONE);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_state(fx), TDX_EMU_SYS_READY);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL),
			 TDX_SYS_KEY_CONFIG_NOT_PENDING);
}

static void test_sys_not_ready_and_unknown_leaves(void **state)
{
	struct emu_fx *fx = *state;

	/* before SYS_READY: leaves outside the sys set, known or not */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_TDMR_INIT, 0, 0, 0, NULL), TDX_SYS_NOT_READY);
	assert_int_equal(rdmd(fx, 0, NULL), TDX_SYS_NOT_READY);
	assert_int_equal(emu_fx_call(fx, 0, TDH_MEM_PAGE_AUG, 0, 0, 0, NULL), TDX_SYS_NOT_READY);
	assert_int_equal(emu_fx_call(fx, 0, 99, 0, 0, 0, NULL), TDX_SYS_NOT_READY);
	/* sys leaves the core does not implement: unknown to it */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INFO, 0, 0, 0, NULL),
			 OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX));

	assert_int_equal(emu_fx_to_configured(fx), TDX_SUCCESS);
	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, NULL), TDX_SYS_NOT_READY);
	assert_int_equal(emu_fx_to_ready(fx) & TDX_STATUS_ERROR, TDX_STATUS_ERROR);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);

	assert_int_equal(emu_fx_call(fx, 0, TDH_MEM_PAGE_AUG, 0, 0, 0, NULL),
			 OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX));
	assert_int_equal(emu_fx_call(fx, 0, 99, 0, 0, 0, NULL),
			 OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX));
	assert_int_equal(tdx_emu_leaf_calls(fx->emu, 99), 2);
	assert_int_equal(emu_fx_call(fx, 0, 0x1234, 0, 0, 0, NULL),
			 OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX));
	/* leaf numbers >= TDX_NR_LEAVES share one counter */
	assert_int_equal(tdx_emu_leaf_calls(fx->emu, 0x1234), 3);
	assert_int_equal(tdx_emu_leaf_calls(fx->emu, TDH_MEM_PAGE_AUG), 2);
}

static u64 ext_leaf_answer(void *ctx, struct tdx_emu *emu, unsigned int lp, u64 rax,
			   struct tdx_args *args)
{
	(void)ctx;
	(void)emu;
	args->rdx = lp;
	return rax == TDH_MEM_PAGE_AUG ? 0x1234 : TDX_SUCCESS;
}

static void test_ext_leaf_hook(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_args a;

	fx->emu->ops.ext_leaf = ext_leaf_answer;
	assert_int_equal(emu_fx_call(fx, 0, TDH_MEM_PAGE_AUG, 0, 0, 0, NULL), TDX_SYS_NOT_READY);
	assert_int_equal(emu_fx_to_ready(fx), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 3, TDH_MEM_PAGE_AUG, 0, 0, 0, &a), 0x1234);
	assert_int_equal(a.rdx, 3);
}

static void test_rax_reserved_and_version(void **state)
{
	struct emu_fx *fx = *state;
	const u64 inval_rax = OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);

	assert_int_equal(emu_fx_call(fx, 0, RAX_V(TDH_SYS_INIT, 1), 0, 0, 0, NULL), inval_rax);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT | (1ULL << 24), 0, 0, 0, NULL),
			 inval_rax);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT | (1ULL << 40), 0, 0, 0, NULL),
			 inval_rax);
	assert_int_equal(emu_state(fx), TDX_EMU_SYSINIT_PENDING);
	/* leaves that do have versions pass the version check (then: not ready) */
	assert_int_equal(emu_fx_call(fx, 0, RAX_V(TDH_MNG_RD, 1), 0, 0, 0, NULL),
			 TDX_SYS_NOT_READY);
	assert_int_equal(emu_fx_call(fx, 0, RAX_V(TDH_MEM_SEPT_ADD, 1), 0, 0, 0, NULL),
			 TDX_SYS_NOT_READY);
	assert_int_equal(emu_fx_call(fx, 0, RAX_V(TDH_SYS_INIT, 0), 0, 0, 0, NULL), TDX_SUCCESS);
}

/* ---- global lock */

static void test_sys_busy_when_global_lock_held(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_emu_status st;

	tdx_emu_hold_global_lock(fx->emu, true);
	tdx_emu_get_status(fx->emu, &st);
	assert_true(st.global_lock_held);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SYS_BUSY);
	tdx_emu_hold_global_lock(fx->emu, false);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SUCCESS);

	tdx_emu_hold_global_lock(fx->emu, true);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SYS_BUSY);
	tdx_emu_hold_global_lock(fx->emu, false);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 3, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	emu_fx_build_tdmrs(fx);

	tdx_emu_hold_global_lock(fx->emu, true);
	assert_int_equal(emu_fx_config(fx, 2), TDX_SYS_BUSY);
	/* RD does not take the global lock */
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MAX_TDMRS), 64);
	tdx_emu_hold_global_lock(fx->emu, false);
	assert_int_equal(emu_fx_config(fx, 2), TDX_SUCCESS);

	tdx_emu_hold_global_lock(fx->emu, true);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SYS_BUSY);
	tdx_emu_hold_global_lock(fx->emu, false);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
}

/* While CONFIG reads TDMR_INFO (ops->lock dropped), other LPs see the global lock taken. */
static void hook_during_config(struct emu_fx *fx, u64 pa, u64 len)
{
	u64 *seen = fx->hook_data;

	(void)pa;
	(void)len;
	if (seen[0])
		return;
	seen[0] = emu_fx_call(fx, 1, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL);
	seen[1] = emu_fx_call(fx, 2, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, 2, 32, NULL);
	seen[2] = sys_rd(fx, 3, MD_FIELD_ID_MAX_TDMRS, &seen[3], NULL);
}

static void test_sys_busy_concurrent_config(void **state)
{
	struct emu_fx *fx = *state;
	u64 seen[4] = { 0 };

	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	emu_fx_build_tdmrs(fx);
	fx->hook_data = seen;
	fx->map_hook = hook_during_config;
	assert_int_equal(emu_fx_config(fx, 2), TDX_SUCCESS);
	fx->map_hook = NULL;
	assert_int_equal(seen[0], TDX_SYS_BUSY);
	assert_int_equal(seen[1], TDX_SYS_BUSY);
	assert_int_equal(seen[2], TDX_SUCCESS);
	assert_int_equal(seen[3], 64);
	assert_int_equal(emu_state(fx), TDX_EMU_SYSCONFIG_DONE);
}

/* ---- TDH.SYS.CONFIG operand checks */

static void test_config_operands(void **state)
{
	struct emu_fx *fx = *state;
	const u64 inval_rcx = OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	const u64 inval_rdx = OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	const u64 inval_r8 = OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
	u64 *array;

	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	emu_fx_build_tdmrs(fx);
	array = emu_fx_va(fx, EMU_FX_ARRAY_PA);

	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA + 8, 2, 32, NULL),
			 inval_rcx);
	/* a private KeyID in the array address: not a shared HPA (HKID bits 51:46) */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA | (32ULL << 46), 2,
				     32, NULL), inval_rcx);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA | BIT_ULL(52), 2,
				     32, NULL), inval_rcx);
	/* not RAM */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, 0x7000000, 2, 32, NULL), inval_rcx);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, 0, 32, NULL),
			 inval_rdx);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, 65, 32, NULL),
			 inval_rdx);
	/* MKTME KeyID, beyond the TDX range, reserved bits (dynamic PAMT bit on 1.5) */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, 2, 31, NULL),
			 inval_r8);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, 2, 0, NULL),
			 inval_r8);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, 2, 64, NULL),
			 inval_r8);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, 2,
				     32 | BIT_ULL(16), NULL), inval_r8);
	/* a TDMR_INFO address that is not 512-aligned, or not RAM */
	array[1] = emu_fx_info_pa(fx, 1) + 64;
	assert_int_equal(emu_fx_config(fx, 2), inval_rcx);
	array[1] = 0x7000000;
	assert_int_equal(emu_fx_config(fx, 2), inval_rcx);
	assert_int_equal(emu_state(fx), TDX_EMU_SYSINIT_DONE);

	/* the last TDX KeyID is a valid global KeyID too; one TDMR is enough */
	emu_fx_build_tdmrs(fx);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, 1, 63, NULL),
			 TDX_SUCCESS);
	assert_int_equal(fx->emu->global_hkid, 63);
}

static void test_config_max_tdmrs_knob(void **state)
{
	struct emu_fx *fx = *state;

	fx->emu->config.max_tdmrs = 1;
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MAX_TDMRS), 1);
	emu_fx_build_tdmrs(fx);
	assert_int_equal(emu_fx_config(fx, 2), OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX));
	assert_int_equal(emu_fx_config(fx, 1), TDX_SUCCESS);
}

/* ---- TDH.SYS.CONFIG: TDMR checks, indexed status codes */

static struct emu_fx *lp_done(void **state)
{
	struct emu_fx *fx = *state;

	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	return fx;
}

static void test_config_invalid_tdmr(void **state)
{
	struct emu_fx *fx = lp_done(state);

	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 1)->base += SZ_2M;
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_TDMR + 1);

	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 0)->size = 0;
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_TDMR + 0);

	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 0)->size = SZ_1G + SZ_4K;
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_TDMR + 0);

	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 1)->base = 0xFFFFFFFFC0000000ULL;
	emu_fx_tdmr_info(fx, 1)->size = 2 * SZ_1G;
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_TDMR + 1);

	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 1)->base = BIT_ULL(52);
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_TDMR + 1);

	/* KeyID bits in a TDMR address */
	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 1)->base |= BIT_ULL(46);
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_TDMR + 1);

	/* failures leave CONFIG pending: a good retry works */
	assert_int_equal(emu_state(fx), TDX_EMU_SYSINIT_DONE);
	emu_fx_build_tdmrs(fx);
	assert_int_equal(emu_fx_config(fx, 2), TDX_SUCCESS);
}

static void test_config_non_ordered_tdmr(void **state)
{
	struct emu_fx *fx = lp_done(state);
	u64 *array = emu_fx_va(fx, EMU_FX_ARRAY_PA);
	u64 tmp;

	emu_fx_build_tdmrs(fx);
	tmp = array[0];
	array[0] = array[1];
	array[1] = tmp;
	assert_int_equal(emu_fx_config(fx, 2), TDX_NON_ORDERED_TDMR + 1);

	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 1)->base = EMU_FX_TDMR0_BASE;	/* same base: overlap */
	assert_int_equal(emu_fx_config(fx, 2), TDX_NON_ORDERED_TDMR + 1);
}

static void test_config_reserved_areas(void **state)
{
	struct emu_fx *fx = lp_done(state);
	struct tdmr_info *t;

	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 0)->reserved_areas[0].offset += 0x800;
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_RESERVED_IN_TDMR + 0);

	emu_fx_build_tdmrs(fx);
	t = emu_fx_tdmr_info(fx, 1);
	t->reserved_areas[1].offset = SZ_1G - SZ_4K;
	t->reserved_areas[1].size = 2 * SZ_4K;		/* beyond the TDMR's end */
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_RESERVED_IN_TDMR + 1 + (1 << 8));

	emu_fx_build_tdmrs(fx);
	t = emu_fx_tdmr_info(fx, 1);
	t->reserved_areas[0].offset = 0xFFFFFFFFFFFFF000ULL;
	t->reserved_areas[0].size = 0x2000;		/* offset + size overflows */
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_RESERVED_IN_TDMR + 1);

	emu_fx_build_tdmrs(fx);
	t = emu_fx_tdmr_info(fx, 1);
	t->reserved_areas[1].offset = 0x100000;		/* below area 0 */
	t->reserved_areas[1].size = SZ_4K;
	assert_int_equal(emu_fx_config(fx, 2), TDX_NON_ORDERED_RESERVED_IN_TDMR + 1 + (1 << 8));

	emu_fx_build_tdmrs(fx);
	t = emu_fx_tdmr_info(fx, 1);
	t->reserved_areas[1].offset = EMU_FX_RSVD1_OFF + 0x100000;	/* inside area 0 */
	t->reserved_areas[1].size = SZ_4K;
	assert_int_equal(emu_fx_config(fx, 2), TDX_NON_ORDERED_RESERVED_IN_TDMR + 1 + (1 << 8));

	emu_fx_build_tdmrs(fx);
	t = emu_fx_tdmr_info(fx, 0);
	t->reserved_areas[1] = t->reserved_areas[0];	/* a null entry before a real one */
	t->reserved_areas[0].offset = 0;
	t->reserved_areas[0].size = 0;
	assert_int_equal(emu_fx_config(fx, 2), TDX_NON_ORDERED_RESERVED_IN_TDMR + 0);

	/* all 16 entries are read: a stray last one counts */
	emu_fx_build_tdmrs(fx);
	t = emu_fx_tdmr_info(fx, 1);
	t->reserved_areas[15].offset = 0x30000000;
	t->reserved_areas[15].size = SZ_4K;
	assert_int_equal(emu_fx_config(fx, 2), TDX_NON_ORDERED_RESERVED_IN_TDMR + 1 + (14 << 8));
}

static void test_config_reserved_knob(void **state)
{
	struct emu_fx *fx = *state;
	struct tdmr_info *t;

	fx->emu->config.max_rsvd_per_tdmr = 2;
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MAX_RESERVED_PER_TDMR), 2);
	emu_fx_build_tdmrs(fx);
	t = emu_fx_tdmr_info(fx, 1);
	t->reserved_areas[2].offset = 0x30000000;	/* beyond what a 2-entry module reads */
	t->reserved_areas[2].size = 0x123;
	assert_int_equal(emu_fx_config(fx, 2), TDX_SUCCESS);
}

/* Every reserved slot used: the memory after the last area is still checked. */
static void test_config_full_reserved_list_tail(void **state)
{
	struct emu_fx *fx = *state;
	struct tdmr_info *t;

	fx->emu->config.max_rsvd_per_tdmr = 2;
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	emu_fx_build_tdmrs(fx);
	t = emu_fx_tdmr_info(fx, 1);
	t->reserved_areas[1].offset = 0x30000000;
	t->reserved_areas[1].size = SZ_4K;
	emu_fx_tdmr_info(fx, 0)->pamt_2m_base = EMU_FX_TDMR1_BASE + 0x38000000;
	assert_int_equal(emu_fx_config(fx, 2),
			 TDX_PAMT_OVERLAP + 0 + (TDX_PS_2M << 8) + (1 << 16));

	/* and must be convertible */
	fx->emu->config.cmrs[1].size = 0x30001000;
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	emu_fx_build_tdmrs(fx);
	t = emu_fx_tdmr_info(fx, 1);
	t->reserved_areas[1].offset = 0x30000000;
	t->reserved_areas[1].size = SZ_4K;
	assert_int_equal(emu_fx_config(fx, 2), TDX_TDMR_OUTSIDE_CMRS + 1);
	t->reserved_areas[1].size = SZ_1G - 0x30000000;	/* reserve the rest: fine */
	assert_int_equal(emu_fx_config(fx, 2), TDX_SUCCESS);
}

static void test_config_invalid_pamt(void **state)
{
	struct emu_fx *fx = lp_done(state);
	struct tdmr_info *t;

	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 1)->pamt_4k_size -= SZ_4K;		/* too small */
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_PAMT + 1 + (TDX_PS_4K << 8));

	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 0)->pamt_2m_base += 0x800;		/* not 4K aligned */
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_PAMT + 0 + (TDX_PS_2M << 8));

	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 1)->pamt_1g_size = 0;
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_PAMT + 1 + (TDX_PS_1G << 8));

	/* the 1G PAMT is checked first */
	emu_fx_build_tdmrs(fx);
	t = emu_fx_tdmr_info(fx, 0);
	t->pamt_4k_size = 0;
	t->pamt_1g_base |= BIT_ULL(47);				/* KeyID bits */
	assert_int_equal(emu_fx_config(fx, 2), TDX_INVALID_PAMT + 0 + (TDX_PS_1G << 8));
}

static void test_config_pamt_overlap(void **state)
{
	struct emu_fx *fx = lp_done(state);
	struct tdmr_info *t0, *t1;

	/* with another TDMR's PAMT */
	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 1)->pamt_4k_base = emu_fx_pamt_pa(0, TDX_PS_2M);
	assert_int_equal(emu_fx_config(fx, 2), TDX_PAMT_OVERLAP + 1 + (TDX_PS_4K << 8));

	/* inside one TDMR: 2M PAMT on the 1G PAMT */
	emu_fx_build_tdmrs(fx);
	t1 = emu_fx_tdmr_info(fx, 1);
	t1->pamt_1g_base = t1->pamt_2m_base;
	assert_int_equal(emu_fx_config(fx, 2),
			 TDX_PAMT_OVERLAP + 1 + (TDX_PS_2M << 8) + (1 << 16));

	/* in available (non-reserved) memory of its own TDMR */
	emu_fx_build_tdmrs(fx);
	emu_fx_tdmr_info(fx, 0)->pamt_1g_base = 0x100000;
	assert_int_equal(emu_fx_config(fx, 2), TDX_PAMT_OVERLAP + 0 + (TDX_PS_1G << 8));

	/* TDMR0's PAMT in TDMR1's available memory: found when TDMR1 is checked */
	emu_fx_build_tdmrs(fx);
	t0 = emu_fx_tdmr_info(fx, 0);
	t0->pamt_2m_base = EMU_FX_TDMR1_BASE + 0x1000;
	assert_int_equal(emu_fx_config(fx, 2),
			 TDX_PAMT_OVERLAP + 0 + (TDX_PS_2M << 8) + (1 << 16));

	/* ... but TDMR1's reserved area is a fine place */
	emu_fx_build_tdmrs(fx);
	t0 = emu_fx_tdmr_info(fx, 0);
	t0->pamt_2m_base = EMU_FX_TDMR1_BASE + EMU_FX_RSVD1_OFF;
	assert_int_equal(emu_fx_config(fx, 2), TDX_SUCCESS);
}

static void test_config_pamt_outside_cmrs(void **state)
{
	struct emu_fx *fx = lp_done(state);

	emu_fx_build_tdmrs(fx);
	/* 2 GiB: in no TDMR and no CMR */
	emu_fx_tdmr_info(fx, 0)->pamt_1g_base = EMU_FX_CMR0_SIZE;
	assert_int_equal(emu_fx_config(fx, 2), TDX_PAMT_OUTSIDE_CMRS + 0 + (TDX_PS_1G << 8));
}

static u64 config_with_cmrs(void **state, const struct tdx_emu_cmr *cmrs, unsigned int nr)
{
	struct emu_fx *fx = *state;
	unsigned int i;

	fx->emu->config.nr_cmrs = nr;
	for (i = 0; i < nr; i++)
		fx->emu->config.cmrs[i] = cmrs[i];
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	return emu_fx_config(fx, emu_fx_build_tdmrs(fx));
}

static void test_config_tdmr_outside_cmrs(void **state)
{
	const u64 hole = EMU_FX_TDMR1_BASE + EMU_FX_RSVD1_OFF;
	const struct tdx_emu_cmr short_cmr1[] = {
		{ EMU_FX_CMR0_BASE, EMU_FX_CMR0_SIZE },
		{ EMU_FX_CMR1_BASE, EMU_FX_RSVD1_OFF + 2 * EMU_FX_RSVD1_SIZE },
	};
	const struct tdx_emu_cmr hole_in_rsvd[] = {
		{ EMU_FX_CMR0_BASE, EMU_FX_CMR0_SIZE },
		{ EMU_FX_CMR1_BASE, EMU_FX_RSVD1_OFF },
		{ hole + EMU_FX_RSVD1_SIZE, SZ_1G - EMU_FX_RSVD1_OFF - EMU_FX_RSVD1_SIZE },
	};
	const struct tdx_emu_cmr hole_in_avail[] = {
		{ EMU_FX_CMR0_BASE, EMU_FX_CMR0_SIZE },
		{ EMU_FX_CMR1_BASE, EMU_FX_RSVD1_OFF + EMU_FX_RSVD1_SIZE },
		{ hole + 2 * EMU_FX_RSVD1_SIZE, SZ_1G - EMU_FX_RSVD1_OFF - 2 * EMU_FX_RSVD1_SIZE },
	};
	const struct tdx_emu_cmr adjacent[] = {
		{ EMU_FX_CMR0_BASE, EMU_FX_CMR0_SIZE },
		{ EMU_FX_CMR1_BASE, SZ_1G / 4 },
		{ EMU_FX_CMR1_BASE + SZ_1G / 4, 3 * (SZ_1G / 4) },
	};

	assert_int_equal(config_with_cmrs(state, short_cmr1, 2), TDX_TDMR_OUTSIDE_CMRS + 1);
	/* a non-convertible hole is fine when a reserved area covers it */
	assert_int_equal(config_with_cmrs(state, hole_in_rsvd, 3), TDX_SUCCESS);
	assert_int_equal(config_with_cmrs(state, hole_in_avail, 3), TDX_TDMR_OUTSIDE_CMRS + 1);
	/* CMRs that touch act as one */
	assert_int_equal(config_with_cmrs(state, adjacent, 3), TDX_SUCCESS);
}

/* ---- TDH.SYS.TDMR.INIT */

static struct emu_fx *ready(void **state)
{
	struct emu_fx *fx = *state;

	assert_int_equal(emu_fx_to_ready(fx), TDX_SUCCESS);
	return fx;
}

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
		assert_int_equal(e[i].owner_bepoch, 0);
	}
	assert_int_equal(e[TDX_EMU_PAMT_INIT_ENTRIES].page_type, 0xAA);	/* next chunk untouched */
	assert_int_equal(pamt_2m[0].page_type, PT_NDA);
	assert_int_equal(pamt_2m[1].owner_bepoch, 0);
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
	assert_int_equal(pamt_1g[0].owner_bepoch, 0);
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

/* ---- TDH.PHYMEM.PAGE.RDMD */

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
	e->owner_bepoch = 0x123456ULL | (0xABULL << 40);
	e->bepoch_lo = 0x77;
	assert_int_equal(rdmd(fx, EMU_FX_TDMR1_BASE + SZ_2M + 0x5000, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, PT_REG);
	assert_int_equal(a.rdx, 0x123456000ULL);
	assert_int_equal(a.r8, TDX_PS_2M);
	assert_int_equal(a.r9, 0x77 | (0xABULL << 32));

	/* a 4K TDR page: owner reported, no bepoch */
	e = pamt4k(fx, 1, 0x3000);
	e->page_type = PT_TDR;
	e->owner_bepoch = 0x100003ULL;
	e->bepoch_lo = 5;
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

/* ---- TDH.SYS.RD */

static void test_rd_lp_init_not_done(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_args a;
	u64 next = 0;

	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_VENDOR_ID, NULL, &next),
			 TDX_SYS_LP_INIT_NOT_DONE);
	assert_int_equal(next, MD_FIELD_ID_NA);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_VENDOR_ID, NULL, NULL), TDX_SUCCESS);
	assert_int_equal(sys_rd(fx, 1, MD_FIELD_ID_VENDOR_ID, NULL, NULL),
			 TDX_SYS_LP_INIT_NOT_DONE);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA, 0, &a),
			 TDX_SYS_LP_INIT_NOT_DONE);
	assert_int_equal(a.r8, MD_FIELD_ID_NA);
}

static void test_rd_values(void **state)
{
	struct emu_fx *fx = lp_done(state);

	assert_int_equal(rd_value(fx, MD_FIELD_ID_VENDOR_ID), 0x8086);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MAJOR_VERSION), 1);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MINOR_VERSION), 5);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_UPDATE_VERSION), 6);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_INTERNAL_VERSION), 0);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_BUILD_DATE), 20240229);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_BUILD_NUM), 698);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_TDX_FEATURES0), fx->cfg.features0);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_NUM_CMRS), 32);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CMR_BASE0 + 1), EMU_FX_CMR1_BASE);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CMR_SIZE0 + 1), EMU_FX_CMR1_SIZE);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CMR_SIZE0 + 2), 0);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CMR_BASE0 + 31), 0);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MAX_TDMRS), 64);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MAX_RESERVED_PER_TDMR), 16);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_PAMT_4K_ENTRY_SIZE), 16);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_PAMT_2M_ENTRY_SIZE), 16);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_PAMT_1G_ENTRY_SIZE), 16);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_TDR_BASE_SIZE), 4096);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_TDCS_BASE_SIZE), 6 * 4096);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_TDVPS_BASE_SIZE), 6 * 4096);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_ATTRS_FIXED0), fx->cfg.attrs_fixed0);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_ATTRS_FIXED1), 0);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_XFAM_FIXED0), 0x6DBE7);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_XFAM_FIXED1), 3);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_NUM_CPUID_CONFIG), 12);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MAX_VCPUS_PER_TD), 576);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_LEAVES0), 0xFFFFFFFF00000001ULL);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_LEAVES0 + 2), 0x100000004ULL);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_LEAVES0 + 12), ~0ULL);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 2 * 1 + 1),
			 fx->cfg.cpuid_config[1].value[1]);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 2 * 20), 0);
	assert_int_equal(rd_value(fx, 0x0000000200000000ULL), 2);		/* NUM_PKGS */
	assert_int_equal(rd_value(fx, 0x0000000200000002ULL), 0x806f8);	/* PKG_FMS[1] */
	assert_int_equal(rd_value(fx, 0x0000000200000003ULL), 0);		/* PKG_FMS[2] */
	/* size and context bits of the id are ignored; the value keeps its own size */
	assert_int_equal(rd_value(fx, 0x0810000300000000ULL), 0x8086);
}

static void test_rd_next_ids(void **state)
{
	struct emu_fx *fx = lp_done(state);
	u64 next, v;

	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_VENDOR_ID, NULL, &next), TDX_SUCCESS);
	assert_int_equal(next, MD_FIELD_ID_BUILD_DATE);
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_CMR_BASE0, NULL, &next), TDX_SUCCESS);
	assert_int_equal(next, MD_FIELD_ID_CMR_BASE0 + 1);
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_CMR_BASE0 + 31, NULL, &next), TDX_SUCCESS);
	assert_int_equal(next, MD_FIELD_ID_CMR_SIZE0);
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_NUM_CPUID_CONFIG, NULL, &next), TDX_SUCCESS);
	assert_int_equal(next, 0x9900000300000006ULL);
	assert_int_equal(sys_rd(fx, 0, 0xA200000300000006ULL, NULL, &next), TDX_SUCCESS);
	assert_int_equal(next, MD_FIELD_ID_NA);

	/* -1 asks for the first id */
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_NA, &v, &next),
			 TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
	assert_false(TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT & TDX_STATUS_ERROR);
	assert_int_equal(next, 0x0000000200000000ULL);
	assert_int_equal(v, 0);
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_NA & ~(7ULL << 52), NULL, &next),
			 TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
}

static void test_rd_bad_ids(void **state)
{
	struct emu_fx *fx = lp_done(state);
	u64 next = 0, v = 1;

	assert_int_equal(sys_rd(fx, 0, 0x0800000200000099ULL, &v, &next),
			 TDX_METADATA_FIELD_ID_INCORRECT);
	assert_int_equal(next, MD_FIELD_ID_NA);
	assert_int_equal(v, 0);
	assert_int_equal(sys_rd(fx, 0, 0x3F00000100000000ULL, NULL, NULL),
			 TDX_METADATA_FIELD_ID_INCORRECT);		/* unknown class */
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_VENDOR_ID | BIT_ULL(24), NULL, NULL),
			 TDX_METADATA_FIELD_ID_INCORRECT);		/* reserved */
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_VENDOR_ID | BIT_ULL(62), NULL, NULL),
			 TDX_METADATA_FIELD_ID_INCORRECT);
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_CMR_BASE0 | (1ULL << 34), NULL, NULL),
			 TDX_METADATA_FIELD_ID_INCORRECT);		/* a sequence id */
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_CMR_BASE0 + 32 + 0x100 * 2, NULL, NULL),
			 TDX_METADATA_FIELD_ID_INCORRECT);
}

/* Walk the whole table with RD from -1; returns the element count. */
static unsigned int rd_walk(struct emu_fx *fx)
{
	unsigned int n = 0;
	u64 id, next;

	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_NA, NULL, &id),
			 TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
	while (id != MD_FIELD_ID_NA) {
		assert_int_equal(sys_rd(fx, 0, id, NULL, &next), TDX_SUCCESS);
		assert_true(next != id);
		id = next;
		n++;
		assert_true(n < 1000);
	}
	return n;
}

static void test_rd_versions(void **state)
{
	struct emu_fx *fx = *state;
	unsigned int n156, n151;
	u64 next;

	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	n156 = rd_walk(fx);

	fx->emu->config.update = 1;		/* 1.5.01: no MAX_VCPUS_PER_TD */
	fx->emu->config.num_cmrs_is_max = false;
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_MAX_VCPUS_PER_TD, NULL, NULL),
			 TDX_METADATA_FIELD_ID_INCORRECT);
	assert_int_equal(sys_rd(fx, 0, 0x9900000300000007ULL, NULL, &next), TDX_SUCCESS);
	assert_int_equal(next, MD_FIELD_ID_CPUID_CONFIG_LEAVES0);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_NUM_CMRS), 2);
	n151 = rd_walk(fx);
	assert_int_equal(n151 + 1, n156);

	/* 1.0: no TDH.SYS.RD at all; before SYS_READY that reads as SYS_NOT_READY */
	fx->emu->config.minor = 0;
	fx->emu->config.update = 0;
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_MAJOR_VERSION, NULL, NULL), TDX_SYS_NOT_READY);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA, MD_FIELD_ID_NA,
				     NULL), TDX_SYS_NOT_READY);
	assert_int_equal(emu_fx_to_ready(fx) & TDX_STATUS_ERROR, TDX_STATUS_ERROR);
	emu_fx_build_tdmrs(fx);
	assert_int_equal(emu_fx_config(fx, 2), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_MAJOR_VERSION, NULL, NULL),
			 OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX));
}

/* ---- TDH.SYS.RDALL */

/* Check a list against TDH.SYS.RD; returns the element count. */
static unsigned int check_md_list(struct emu_fx *fx, const u64 *list)
{
	u16 size = (u16)list[0], nr_seq = (u16)(list[0] >> 16);
	unsigned int pos = 1, s, f, e, n = 0;

	assert_int_equal(list[0] >> 32, 0);
	for (s = 0; s < nr_seq; s++) {
		u64 hdr = list[pos++];
		unsigned int nr_elems = ((hdr >> 34) & 0xf) + 1;
		unsigned int nr_fields = ((hdr >> 38) & 0x1ff) + 1;
		u64 base = hdr & ~((0xfULL << 34) | (0x1ffULL << 38));

		assert_int_equal(hdr & (7ULL << 52), 0);		/* context SYS */
		assert_int_equal(hdr & BIT_ULL(51), 0);			/* no write mask */
		for (f = 0; f < nr_fields; f++)
			for (e = 0; e < nr_elems; e++) {
				u64 id = base + f * nr_elems + e;

				assert_int_equal(list[pos++], rd_value(fx, id));
				n++;
			}
	}
	assert_int_equal(size, pos * 8);
	return n;
}

static void test_rdall(void **state)
{
	struct emu_fx *fx = lp_done(state);
	u64 *list = emu_fx_va(fx, EMU_FX_RDALL_PA);
	struct tdx_args a;
	unsigned int n;

	memset(list, 0xEE, 4096);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA, MD_FIELD_ID_NA,
				     &a), TDX_SUCCESS);
	assert_int_equal(a.r8, MD_FIELD_ID_NA);
	n = check_md_list(fx, list);
	assert_int_equal(n, rd_walk(fx));
	/* NUM_PKGS and the 8 PKG_FMS fields form the first sequence */
	assert_int_equal(list[1], 0x0000000200000000ULL | (8ULL << 38));
	assert_int_equal(list[2], 2);

	/* from the middle: CMR_SIZE[0] onwards */
	memset(list, 0xEE, 4096);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_LP_INIT, 0, 0, 0, NULL),
			 TDX_SYS_LP_INIT_DONE);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA,
				     MD_FIELD_ID_CMR_SIZE0, &a), TDX_SUCCESS);
	assert_int_equal(list[1] & ~(0x1ffULL << 38), MD_FIELD_ID_CMR_SIZE0);
	assert_int_equal((list[1] >> 38) & 0x1ff, 31);
	assert_true(check_md_list(fx, list) < n);
}

static void test_rdall_errors(void **state)
{
	struct emu_fx *fx = lp_done(state);
	const u64 inval_rdx = OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	u64 *list = emu_fx_va(fx, EMU_FX_RDALL_PA);
	struct tdx_args a;

	memset(list, 0xEE, 4096);
	/* the second element of a CPUID_CONFIG_VALUES field is not a field start */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA,
				     MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 1, &a),
			 TDX_METADATA_FIELD_ID_INCORRECT);
	assert_int_equal(a.r8, MD_FIELD_ID_NA);
	assert_int_equal(list[0], 0xEEEEEEEEEEEEEEEEULL);	/* nothing written */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA,
				     MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 2, NULL), TDX_SUCCESS);
	/* for a list the element size must match */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA,
				     0x0800000300000000ULL, NULL), TDX_METADATA_FIELD_ID_INCORRECT);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA,
				     0x0800000200000099ULL, NULL), TDX_METADATA_FIELD_ID_INCORRECT);

	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA + 8,
				     MD_FIELD_ID_NA, &a), inval_rdx);
	assert_int_equal(a.r8, MD_FIELD_ID_NA);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA | (40ULL << 46),
				     MD_FIELD_ID_NA, NULL), inval_rdx);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, 0x7000000, MD_FIELD_ID_NA, NULL),
			 inval_rdx);
	/* an MKTME (shared) KeyID in the address is fine */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA | (5ULL << 46),
				     MD_FIELD_ID_NA, NULL), TDX_SUCCESS);
}

/* ---- fault injection */

static void test_inject_nth(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_emu_status st;

	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_INIT, 1, TDX_RND_NO_ENTROPY, false), 0);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_RND_NO_ENTROPY);
	assert_int_equal(emu_state(fx), TDX_EMU_SYSINIT_PENDING);	/* did nothing */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SUCCESS);

	/* the 3rd LP.INIT from now */
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_LP_INIT, 3, TDX_SYS_BUSY, false), 0);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RD, 0, MD_FIELD_ID_MAX_TDMRS, 0, NULL),
			 TDX_SUCCESS);				/* other leaves do not count */
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SYS_BUSY);
	assert_int_equal(emu_fx_call(fx, 3, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_config(fx, emu_fx_build_tdmrs(fx)), TDX_SUCCESS);

	/* PCONFIG entropy: the host retries KEY.CONFIG */
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_KEY_CONFIG, 1, TDX_RND_NO_ENTROPY,
					false), 0);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL),
			 TDX_RND_NO_ENTROPY);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_KEY_CONFIG, 1, TDX_KEY_GENERATION_FAILED,
					false), 0);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL),
			 TDX_KEY_GENERATION_FAILED);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_state(fx), TDX_EMU_SYS_READY);

	tdx_emu_get_status(fx->emu, &st);
	assert_int_equal(st.nr_injected, 4);
	/* injected calls are still counted as calls */
	assert_int_equal(tdx_emu_leaf_calls(fx->emu, TDH_SYS_INIT), 2);
	assert_int_equal(tdx_emu_leaf_calls(fx->emu, TDH_SYS_KEY_CONFIG), 4);
}

static void test_inject_repeat_any_leaf_and_clear(void **state)
{
	struct emu_fx *fx = *state;

	assert_int_equal(tdx_emu_inject(fx->emu, -1, 2, 0xC0DE000000000000ULL, true), 0);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL),
			 0xC0DE000000000000ULL);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL),
			 0xC0DE000000000000ULL);
	assert_int_equal(emu_fx_call(fx, 1, 99, 0, 0, 0, NULL), 0xC0DE000000000000ULL);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_SHUTDOWN, 0, 0, 0, NULL),
			 0xC0DE000000000000ULL);
	tdx_emu_inject_clear(fx->emu);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);

	/* a repeating injection on one leaf leaves the others alone */
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_LP_INIT, 1, TDX_SYS_BUSY, true), 0);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SYS_BUSY);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SYS_BUSY);
	assert_int_equal(sys_rd(fx, 0, MD_FIELD_ID_MAX_TDMRS, NULL, NULL), TDX_SUCCESS);
	tdx_emu_inject_clear(fx->emu);
	assert_int_equal(emu_fx_call(fx, 1, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
}

static void test_inject_limits(void **state)
{
	struct emu_fx *fx = *state;
	unsigned int i;

	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_INIT, 0, 1, false), -EINVAL);
	assert_int_equal(tdx_emu_inject(fx->emu, 0x10000, 1, 1, false), -EINVAL);
	for (i = 0; i < TDX_EMU_MAX_INJECT; i++)
		assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_INIT, i + 1, 100 + i, false), 0);
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_INIT, 1, 1, false), -ENOSPC);
	/* each slot fires on its own call */
	for (i = 0; i < TDX_EMU_MAX_INJECT; i++)
		assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), 100 + i);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL), TDX_SUCCESS);

	/* two slots due on the same call: the lower slot wins, both are used up */
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_LP_INIT, 1, 7, false), 0);
	assert_int_equal(tdx_emu_inject(fx->emu, -1, 1, 8, false), 0);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL), 7);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_LP_INIT, 0, 0, 0, NULL), TDX_SUCCESS);
}

/* ---- reset */

static void test_reset(void **state)
{
	struct emu_fx *fx = ready(state);
	struct tdx_emu_status st;

	assert_int_equal(tdmr_init(fx, 0, EMU_FX_TDMR0_BASE, NULL), TDX_SUCCESS);
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_INIT, 1, TDX_RND_NO_ENTROPY, true), 0);
	tdx_emu_hold_global_lock(fx->emu, true);
	fx->emu->config.max_tdmrs = 8;
	tdx_emu_reset(fx->emu);

	tdx_emu_get_status(fx->emu, &st);
	assert_int_equal(st.state, TDX_EMU_SYSINIT_PENDING);
	assert_int_equal(st.nr_lps, 4);
	assert_int_equal(st.nr_packages, 2);
	assert_int_equal(st.nr_lps_initialized, 0);
	assert_int_equal(st.nr_packages_configured, 0);
	assert_int_equal(st.nr_tdmrs, 0);
	assert_false(st.global_lock_held);
	assert_int_equal(st.nr_injected, 0);
	assert_int_equal(tdx_emu_leaf_calls(fx->emu, TDH_SYS_TDMR_INIT), 0);

	/* injection cleared, new knob active, whole flow again */
	assert_int_equal(emu_fx_to_ready(fx), TDX_SUCCESS);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MAX_TDMRS), 8);
	assert_int_equal(emu_fx_tdmr_init_all(fx, 0, EMU_FX_TDMR0_BASE), 256);

	/* an invalid pending config is not applied */
	fx->emu->config.max_rsvd_per_tdmr = 0;
	tdx_emu_reset(fx->emu);
	assert_int_equal(fx->emu->active.max_rsvd_per_tdmr, 16);
	assert_int_equal(emu_fx_to_ready(fx), TDX_SUCCESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_default_config_and_init_errors),
		T(test_unknown_lp_is_ud),
		T(test_happy_path_two_packages),
		T(test_lp_shutdown_any_time),
		T(test_sys_init_errors),
		T(test_lp_init_errors),
		T(test_config_not_pending),
		T(test_key_config_rules),
		T(test_sys_not_ready_and_unknown_leaves),
		T(test_ext_leaf_hook),
		T(test_rax_reserved_and_version),
		T(test_sys_busy_when_global_lock_held),
		T(test_sys_busy_concurrent_config),
		T(test_config_operands),
		T(test_config_max_tdmrs_knob),
		T(test_config_invalid_tdmr),
		T(test_config_non_ordered_tdmr),
		T(test_config_reserved_areas),
		T(test_config_reserved_knob),
		T(test_config_full_reserved_list_tail),
		T(test_config_invalid_pamt),
		T(test_config_pamt_overlap),
		T(test_config_pamt_outside_cmrs),
		T(test_config_tdmr_outside_cmrs),
		T(test_tdmr_init_progress),
		T(test_tdmr_init_operands),
		T(test_tdmr_init_busy_and_parallel),
		T(test_reset_during_tdmr_init),
		T(test_rdmd_errors),
		T(test_rdmd_walk_levels),
		T(test_rd_lp_init_not_done),
		T(test_rd_values),
		T(test_rd_next_ids),
		T(test_rd_bad_ids),
		T(test_rd_versions),
		T(test_rdall),
		T(test_rdall_errors),
		T(test_inject_nth),
		T(test_inject_repeat_any_leaf_and_clear),
		T(test_inject_limits),
		T(test_reset),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
