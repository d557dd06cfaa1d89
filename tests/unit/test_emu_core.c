// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the software TDX module's core (src/lib/emu/core.c):
 * configuration and topology, the whole host flow, the dispatcher's leaf
 * table (SYS_READY, unknown leaves, versions), the global lock, fault
 * injection and reset.  Driven only through tdx_emu_seamcall() as a host
 * would, against sparse fake memory (emu_fixture.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_suite.h"

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

/*
 * At most 8 packages (tdx_global_data.h MAX_PKGS), and the package id is
 * the raw one (x2APIC id >> package shift), used as is for the package
 * bitmaps: LP.INIT on an LP whose id is 8 or more fails TDX_INVALID_PKG_ID
 * with the id (tdh_sys_lp_init.c), so such a platform never gets to CONFIG.
 */
static void test_packages_raw_ids_below_8(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_emu *emu = calloc(1, sizeof(*emu));
	u32 pkgs[] = { 0, 0, 9, 9 }, many[9] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct tdx_args a = { 0 };

	assert_int_equal(TDX_EMU_MAX_PACKAGES, 8);
	assert_int_equal(tdx_emu_init(emu, &fx->cfg, 9, many, &fx->ops), -EINVAL);
	assert_int_equal(tdx_emu_init(emu, &fx->cfg, 8, many, &fx->ops), 0);

	assert_int_equal(tdx_emu_init(emu, &fx->cfg, 4, pkgs, &fx->ops), 0);
	assert_int_equal(tdx_emu_seamcall(emu, 0, TDH_SYS_INIT, &a), TDX_SUCCESS);
	assert_int_equal(tdx_emu_seamcall(emu, 0, TDH_SYS_LP_INIT, &a), TDX_SUCCESS);
	assert_int_equal(tdx_emu_seamcall(emu, 1, TDH_SYS_LP_INIT, &a), TDX_SUCCESS);
	assert_int_equal(tdx_emu_seamcall(emu, 2, TDH_SYS_LP_INIT, &a), TDX_INVALID_PKG_ID + 9);
	assert_int_equal(tdx_emu_seamcall(emu, 2, TDH_SYS_LP_INIT, &a), TDX_INVALID_PKG_ID + 9);
	a.rcx = EMU_FX_ARRAY_PA;
	a.rdx = 1;
	a.r8 = 32;
	assert_int_equal(tdx_emu_seamcall(emu, 0, TDH_SYS_CONFIG, &a), TDX_SYS_CONFIG_NOT_PENDING);
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

/* ---- the dispatcher: SYS_READY, unknown leaves, versions */

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

/*
 * Which leaves take a version is the module version's (tdx_vmm_dispatcher.c):
 * VP.INIT version 1 (x2APIC id in R8) is in 1.5.05, not in 1.5.01, whose
 * dispatcher refuses it before it looks at the module state.  Past the
 * dispatcher the TD leaves check their operands: RCX 0 is no TDVPR.
 */
static void test_version_gate_follows_module_version(void **state)
{
	struct emu_fx *fx = *state;
	const u64 inval_rax = OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RAX);
	u64 past_dispatcher;

	fx->emu->config.update = 5;
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_call(fx, 0, RAX_V(TDH_VP_INIT, 1), 0, 0, 0, NULL),
			 TDX_SYS_NOT_READY);
	assert_int_equal(emu_fx_call(fx, 0, RAX_V(99, 1), 0, 0, 0, NULL), inval_rax);
	assert_int_equal(emu_fx_to_ready(fx), TDX_SUCCESS);
	past_dispatcher = emu_fx_call(fx, 0, TDH_VP_INIT, 0, 0, 0, NULL);
	assert_int_not_equal(past_dispatcher, inval_rax);
	assert_int_equal(emu_fx_call(fx, 2, RAX_V(TDH_VP_INIT, 1), 0, 0, 0, NULL),
			 past_dispatcher);

	fx->emu->config.update = 1;
	tdx_emu_reset(fx->emu);
	assert_int_equal(emu_fx_call(fx, 0, RAX_V(TDH_VP_INIT, 1), 0, 0, 0, NULL), inval_rax);
	assert_int_equal(emu_fx_call(fx, 0, TDH_VP_INIT, 0, 0, 0, NULL), TDX_SYS_NOT_READY);
	assert_int_equal(emu_fx_to_ready(fx), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 0, RAX_V(TDH_VP_INIT, 1), 0, 0, 0, NULL), inval_rax);
	assert_int_equal(emu_fx_call(fx, 0, TDH_VP_INIT, 0, 0, 0, NULL), past_dispatcher);
	/* the leaves versioned in every 1.5 still pass the dispatcher */
	assert_int_not_equal(emu_fx_call(fx, 0, RAX_V(TDH_MEM_SEPT_ADD, 1), 0, 0, 0, NULL),
			     inval_rax);
	assert_int_not_equal(emu_fx_call(fx, 0, RAX_V(TDH_MNG_RD, 1), 0, 0, 0, NULL), inval_rax);
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

/*
 * A leaf holds the global lock for its whole run, not just for one section:
 * another LP calling in meanwhile (here: each time the emu drops ops->lock)
 * finds it taken.  SYS.INIT and KEY.CONFIG take it exclusively, LP.INIT
 * shared (tdh_sys_init.c, tdh_sys_key_config.c, tdh_sys_lp_init.c).
 */
struct lock_probe {
	unsigned int lp;
	u64 rax;
	unsigned int busy, other;
	u64 first_other, last_other;	/* what the probe got when it was not busy */
};

static void lock_probe_hook(struct emu_fx *fx, u64 pa, u64 len)
{
	struct lock_probe *p = fx->hook_data;
	u64 st = emu_fx_call(fx, p->lp, p->rax, 0, 0, 0, NULL);

	(void)pa;
	(void)len;
	if (st == TDX_SYS_BUSY) {
		p->busy++;
	} else {
		if (!p->other++)
			p->first_other = st;
		p->last_other = st;
	}
}

static void probed_call(struct emu_fx *fx, struct lock_probe *p, unsigned int lp, u64 rax,
			u64 expect)
{
	fx->hook_data = p;
	fx->unlock_hook = lock_probe_hook;
	assert_int_equal(emu_fx_call(fx, lp, rax, 0, 0, 0, NULL), expect);
	fx->unlock_hook = NULL;
	assert_true(p->other > 0);	/* the probe also ran outside the leaf */
}

static void test_global_lock_whole_run(void **state)
{
	struct emu_fx *fx = *state;
	struct lock_probe p;

	/* SYS.INIT, exclusive: a shared LP.INIT on another LP is busy while it runs */
	p = (struct lock_probe){ .lp = 1, .rax = TDH_SYS_LP_INIT };
	probed_call(fx, &p, 0, TDH_SYS_INIT, TDX_SUCCESS);
	assert_true(p.busy > 0);
	assert_int_equal(p.last_other, TDX_SUCCESS);	/* after it: LP 1 initialised */

	/* LP.INIT, shared: other LP.INITs run alongside, an exclusive SYS.INIT is busy */
	p = (struct lock_probe){ .lp = 2, .rax = TDH_SYS_LP_INIT };
	probed_call(fx, &p, 0, TDH_SYS_LP_INIT, TDX_SUCCESS);
	assert_int_equal(p.busy, 0);
	assert_int_equal(p.last_other, TDX_SYS_LP_INIT_DONE);
	p = (struct lock_probe){ .lp = 0, .rax = TDH_SYS_INIT };
	probed_call(fx, &p, 3, TDH_SYS_LP_INIT, TDX_SUCCESS);
	assert_true(p.busy > 0);
	assert_int_equal(p.last_other, TDX_SYS_INIT_NOT_PENDING);

	emu_fx_build_tdmrs(fx);
	assert_int_equal(emu_fx_config(fx, 2), TDX_SUCCESS);

	/* KEY.CONFIG, exclusive: LP.INIT is busy meanwhile ... */
	p = (struct lock_probe){ .lp = 2, .rax = TDH_SYS_LP_INIT };
	probed_call(fx, &p, 0, TDH_SYS_KEY_CONFIG, TDX_SUCCESS);
	assert_true(p.busy > 0);
	assert_int_equal(p.last_other, TDX_SYS_LP_INIT_NOT_PENDING);
	/* ... and so is a second KEY.CONFIG (package 0's, already configured) */
	p = (struct lock_probe){ .lp = 1, .rax = TDH_SYS_KEY_CONFIG };
	probed_call(fx, &p, 2, TDH_SYS_KEY_CONFIG, TDX_SUCCESS);
	assert_true(p.busy > 0);
	assert_int_equal(p.first_other, TDX_KEY_CONFIGURED);
	assert_int_equal(p.last_other, TDX_SYS_KEY_CONFIG_NOT_PENDING);	/* ready by then */
	assert_int_equal(emu_state(fx), TDX_EMU_SYS_READY);
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
#define T(fn) cmocka_unit_test_setup_teardown(fn, emu_suite_setup, emu_suite_teardown)
		T(test_default_config_and_init_errors),
		T(test_packages_raw_ids_below_8),
		T(test_unknown_lp_is_ud),
		T(test_happy_path_two_packages),
		T(test_sys_not_ready_and_unknown_leaves),
		T(test_ext_leaf_hook),
		T(test_rax_reserved_and_version),
		T(test_version_gate_follows_module_version),
		T(test_sys_busy_when_global_lock_held),
		T(test_global_lock_whole_run),
		T(test_inject_nth),
		T(test_inject_repeat_any_leaf_and_clear),
		T(test_inject_limits),
		T(test_reset),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
