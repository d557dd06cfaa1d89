// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the global metadata of the software TDX module
 * (src/lib/emu/metadata.c): TDH.SYS.RD values and next ids, bad ids, module
 * versions, and TDH.SYS.RDALL lists checked against TDH.SYS.RD.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_suite.h"

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
	assert_int_equal(rd_value(fx, MD_FIELD_ID_UPDATE_VERSION), 5);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_INTERNAL_VERSION), 0);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_BUILD_DATE), 20240129);
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
	assert_int_equal(rd_value(fx, MD_FIELD_ID_NUM_CPUID_CONFIG), 18);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MAX_VCPUS_PER_TD), 576);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_LEAVES0), 0xFFFFFFFF00000001ULL);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_LEAVES0 + 2), 0x100000004ULL);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_LEAVES0 + 18), ~0ULL);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 2 * 1 + 1),
			 fx->cfg.cpuid_config[1].value[1]);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 2 * 20), 0);
	assert_int_equal(rd_value(fx, 0x0000000200000000ULL), 2);		/* NUM_PKGS */
	assert_int_equal(rd_value(fx, 0x0000000200000002ULL), 0x806f8);	/* PKG_FMS[1] */
	assert_int_equal(rd_value(fx, 0x0000000200000003ULL), 0);		/* PKG_FMS[2] */
	/* size and context bits of the id are ignored; the value keeps its own size */
	assert_int_equal(rd_value(fx, 0x0810000300000000ULL), 0x8086);
}

/*
 * The defaults are what the 1.5.05 module reports (metadata_sys.c,
 * cpuid_configurations.c, global_sys_fields_lookup.c of TDX 1.5.05), on a
 * Sapphire Rapids without LASS whose CPUID has every bit the module lets
 * through directly (VALUES = config_direct | allow_direct & native).
 */
static void test_rd_defaults_1_5_05(void **state)
{
	static const u64 leaves[18] = {
		0xFFFFFFFF00000001ULL, 0x0000000000000004ULL, 0x0000000100000004ULL,
		0x0000000200000004ULL, 0x0000000300000004ULL, 0x0000000000000007ULL,
		0x0000000100000007ULL, 0xFFFFFFFF0000000AULL, 0xFFFFFFFF0000001CULL,
		0xFFFFFFFF80000008ULL, 0x0000000200000007ULL, 0x0000000000000023ULL,
		0x000000000000001FULL, 0x000000010000001FULL, 0x000000020000001FULL,
		0x000000030000001FULL, 0x000000040000001FULL, 0x000000050000001FULL,
	};
	/* EAX | EBX << 32, ECX | EDX << 32 */
	static const u64 values[18][2] = {
		{ 0x00FF00000FFF3FFFULL, 0xB844000031044D88ULL },	/* 1 */
		{ 0xFFFFF000FFFFC3FFULL, 0xFFFFFFFBFFFFFFFFULL },	/* 4/0..2 */
		{ 0xFFFFF000FFFFC3FFULL, 0xFFFFFFFBFFFFFFFFULL },
		{ 0xFFFFF000FFFFC3FFULL, 0xFFFFFFFBFFFFFFFFULL },
		{ 0xFFFFF000FFFFC3FFULL, 0x00000007FFFFFFFFULL },	/* 4/3 */
		{ 0xDC2B9B1800000000ULL, 0x0005411C02417F65ULL },	/* 7/0 */
		{ 0x0000000004001D30ULL, 0x0000043000000000ULL },	/* 7/1 */
		{ 0, 0 },						/* 0xA */
		{ 0x00000000000000FFULL, 0 },				/* 0x1C */
		{ 0x0000020000000000ULL, 0 },				/* 0x80000008 */
		{ 0, 0x0000002800000000ULL },				/* 7/2 */
		{ 0x000000000000000FULL, 0 },				/* 0x23 */
		{ 0x0000FFFF0000001FULL, 0x000000000000FFFFULL },	/* 0x1F/0..5 */
		{ 0x0000FFFF0000001FULL, 0x000000000000FFFFULL },
		{ 0x0000FFFF0000001FULL, 0x000000000000FFFFULL },
		{ 0x0000FFFF0000001FULL, 0x000000000000FFFFULL },
		{ 0x0000FFFF0000001FULL, 0x000000000000FFFFULL },
		{ 0x0000FFFF0000001FULL, 0x000000000000FFFFULL },
	};
	struct emu_fx *fx = lp_done(state);
	unsigned int i;

	assert_int_equal(rd_value(fx, MD_FIELD_ID_UPDATE_VERSION), 5);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_BUILD_DATE), 20240129);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_BUILD_NUM), 698);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_TDX_FEATURES0), 0x1F0EBF);
	assert_int_equal(rd_value(fx, 0x9800000100000101ULL), 0x1000);	/* TDCS_SIZE_PER_L2_VM */
	assert_int_equal(rd_value(fx, 0x9800000100000201ULL), 0x3000);	/* TDVPS_SIZE_PER_L2_VM */
	assert_int_equal(rd_value(fx, MD_FIELD_ID_ATTRS_FIXED0), 0x8000000070000001ULL);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_MAX_VCPUS_PER_TD), 576);
	assert_int_equal(rd_value(fx, MD_FIELD_ID_NUM_CPUID_CONFIG), 18);
	for (i = 0; i < 32; i++) {
		assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_LEAVES0 + i),
				 i < 18 ? leaves[i] : ~0ULL);
		assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 2 * i),
				 i < 18 ? values[i][0] : 0);
		assert_int_equal(rd_value(fx, MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 2 * i + 1),
				 i < 18 ? values[i][1] : 0);
	}
	assert_int_equal(rd_value(fx, 0x9900000300000006ULL), 7);	/* CONFIG_FLAGS_FIXED0 */
	assert_int_equal(rd_value(fx, 0x9900000300000600ULL), 0x1180010);	/* ARCH_CAP mask */
	assert_int_equal(rd_value(fx, 0xA000000100000010ULL), 512);	/* MAX_MIGS */
	assert_int_equal(rd_value(fx, 0xA000000000000020ULL), 4);	/* NUM_IMMUTABLE_STATE_PAGES */
	assert_int_equal(rd_value(fx, 0xA000000000000021ULL), 2);	/* NUM_TD_STATE_PAGES */
	assert_int_equal(rd_value(fx, 0xA000000000000022ULL), 5);	/* NUM_VP_STATE_PAGES */
	assert_int_equal(rd_value(fx, 0xA100000100000000ULL), 1);	/* MAX_SERV_TDS */
	assert_int_equal(rd_value(fx, 0xA100000300000001ULL), 0x000007FF00000001ULL);
	assert_int_equal(rd_value(fx, 0xA100000300000002ULL), 0);	/* SERVTD_ATTR_FIXED1 */
	assert_int_equal(rd_value(fx, 0xA200000100000000ULL), 0x807F);	/* GUEST_L2_GPA_ATTR_MASK */
	assert_int_equal(rd_value(fx, 0xA200000300000001ULL), 0x1);	/* VM_CTLS_FIXED0 */
	assert_int_equal(rd_value(fx, 0xA200000300000002ULL), 0);
	assert_int_equal(rd_value(fx, 0xA200000300000003ULL), 0x3);	/* L2_CTLS_FIXED0 */
	assert_int_equal(rd_value(fx, 0xA200000300000004ULL), 0);
	assert_int_equal(rd_value(fx, 0xA200000300000005ULL), 0x7);	/* L2_DEBUG_CTLS_FIXED0 */
	assert_int_equal(rd_value(fx, 0xA200000300000006ULL), 0);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, emu_suite_setup, emu_suite_teardown)
		T(test_rd_lp_init_not_done),
		T(test_rd_values),
		T(test_rd_defaults_1_5_05),
		T(test_rd_next_ids),
		T(test_rd_bad_ids),
		T(test_rd_versions),
		T(test_rdall),
		T(test_rdall_errors),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
