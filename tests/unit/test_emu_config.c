// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of TDH.SYS.CONFIG and TDH.SYS.KEY.CONFIG in the software TDX
 * module (src/lib/emu/config.c): state, operands, and every TDMR, reserved
 * area and PAMT check with its indexed status code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_suite.h"

/* ---- state machine */

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

/*
 * PCONFIG failures as the module reports them (injected): entropy and a
 * busy key table (operand KET).  The module clears the package's bit, so
 * the package stays unconfigured and a retry on it succeeds.
 */
static void test_key_config_pconfig_failures(void **state)
{
	struct emu_fx *fx = *state;
	const u64 ket_busy = OP(TDX_OPERAND_BUSY, TDX_OPERAND_ID_KET);
	struct tdx_emu_status st;

	assert_int_equal(emu_fx_to_configured(fx), TDX_SUCCESS);
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_KEY_CONFIG, 1,
					TDX_KEY_GENERATION_FAILED, false), 0);
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_KEY_CONFIG, 2, ket_busy, false), 0);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL),
			 TDX_KEY_GENERATION_FAILED);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), ket_busy);
	tdx_emu_get_status(fx->emu, &st);
	assert_int_equal(st.nr_packages_configured, 0);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_state(fx), TDX_EMU_SYS_READY);
}

/* ---- global lock */

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

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, emu_suite_setup, emu_suite_teardown)
		T(test_config_not_pending),
		T(test_key_config_rules),
		T(test_key_config_pconfig_failures),
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
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
