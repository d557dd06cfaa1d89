// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the TD lifecycle in src/lib/tdx_td_host.c: TD_PARAMS
 * layout and building, the private GPA rules, the status -> errno table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "tdx_td_host.h"

/* A 1.5-like module: 3 configurable leaves, one of them with subleaves. */
static void sysinfo_15(struct tdx_sysinfo *si)
{
	memset(si, 0, sizeof(*si));
	si->attrs_fixed0 = 0x8000000070000001ULL;
	si->attrs_fixed1 = 0;
	si->xfam_fixed0 = 0x6DBE7;
	si->xfam_fixed1 = 0x3;
	si->max_vcpus_per_td = 576;
	si->present |= BIT_ULL(TDX_MD_MAX_VCPUS_PER_TD);
	si->nr_cpuid_config = 3;
	si->cpuid_config_leaves[0] = 0x1ULL | (0xffffffffULL << 32);
	si->cpuid_config_leaves[1] = 0x7ULL;			/* 7/0 */
	si->cpuid_config_leaves[2] = 0x7ULL | (1ULL << 32);	/* 7/1 */
}

static void req_ok(struct tdx_td_init_req *r)
{
	memset(r, 0, sizeof(*r));
	r->xfam = 3;
	r->max_vcpus = 4;
	r->tsc_khz = 2500000;
}

static void test_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct tdx_td_params), 1024);
	assert_int_equal(offsetof(struct tdx_td_params, max_vcpus), 16);
	assert_int_equal(offsetof(struct tdx_td_params, eptp_controls), 24);
	assert_int_equal(offsetof(struct tdx_td_params, config_flags), 32);
	assert_int_equal(offsetof(struct tdx_td_params, mr_owner), 128);
	assert_int_equal(offsetof(struct tdx_td_params, mr_owner_config), 176);
	assert_int_equal(offsetof(struct tdx_td_params, cpuid[1]), 272);
}

static void test_build(void **state)
{
	static struct tdx_td_params p;
	struct tdx_td_cpuid c[2] = {
		{ 0x7, 1, 0x11, 0x22, 0x33, 0x44 },
		{ 0x1, 0xffffffff, 0, 0, 0, 0x55 },
	};
	struct tdx_sysinfo si;
	struct tdx_td_init_req r;
	const char *why;

	(void)state;
	sysinfo_15(&si);
	si.attrs_fixed1 = BIT_ULL(30);
	req_ok(&r);
	r.attributes = BIT_ULL(28);
	r.mr_owner[5] = 0xabc;
	r.cpuid = c;
	r.nr_cpuid = 2;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), 0);
	assert_int_equal(p.attributes, BIT_ULL(28) | BIT_ULL(30));	/* fixed-1 ORed in */
	assert_int_equal(p.xfam, 3);
	assert_int_equal(p.max_vcpus, 4);
	assert_int_equal(p.tsc_frequency, 100);
	assert_int_equal(p.eptp_controls, 0x1e);	/* WB, 4-level */
	assert_int_equal(p.config_flags, TDX_CONFIG_FLAGS_NO_RBP_MOD);
	assert_int_equal(p.mr_owner[5], 0xabc);
	/* values in the module's list order: 7/1 is slot 2, leaf 1 slot 0, 7/0 untouched */
	assert_int_equal(p.cpuid[2].eax, 0x11);
	assert_int_equal(p.cpuid[2].edx, 0x44);
	assert_int_equal(p.cpuid[0].edx, 0x55);
	assert_int_equal(p.cpuid[1].eax, 0);
	assert_int_equal(p.num_l2_vms, 0);
}

static void test_refused(void **state)
{
	static struct tdx_td_params p;
	struct tdx_td_cpuid c[2] = { { 0x7, 0, 0, 0, 0, 0 }, { 0x7, 0, 0, 0, 0, 0 } };
	struct tdx_sysinfo si;
	struct tdx_td_init_req r;
	const char *why;

	(void)state;
	sysinfo_15(&si);
	req_ok(&r);
	r.attributes = BIT_ULL(1);
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
	assert_non_null(why);
	req_ok(&r);
	r.xfam = 3 | BIT_ULL(3);
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
	req_ok(&r);
	r.max_vcpus = 0;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
	r.max_vcpus = 577;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
	r.max_vcpus = 576;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), 0);
	/* TSC: whole 25 MHz units, 4..400 */
	r.tsc_khz = 2512500;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
	r.tsc_khz = 75000;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
	r.tsc_khz = 100000;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), 0);
	r.tsc_khz = 10000000;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), 0);
	r.tsc_khz = 10025000;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
	/* CPUID: twice, unknown leaf, unknown subleaf */
	req_ok(&r);
	r.cpuid = c;
	r.nr_cpuid = 2;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
	c[1].leaf = 0x40000000;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
	c[1].leaf = 7;
	c[1].subleaf = 2;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
	c[1].subleaf = 1;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), 0);
	/* leaf 1 has no subleaf: subleaf 0 is not it */
	c[1].leaf = 1;
	c[1].subleaf = 0;
	assert_int_equal(tdx_td_params_build(&si, &r, &p, &why), -EINVAL);
}

static void test_max_vcpus(void **state)
{
	struct tdx_sysinfo si;

	(void)state;
	sysinfo_15(&si);
	assert_int_equal(tdx_td_max_vcpus(&si), 576);
	si.present = 0;		/* 1.5.01: no MAX_VCPUS_PER_TD */
	assert_int_equal(tdx_td_max_vcpus(&si), 0xffff);
}

static void test_gpa(void **state)
{
	(void)state;
	assert_int_equal(tdx_td_gpa_range_check(0, 1), 0);
	assert_int_equal(tdx_td_gpa_range_check(0x800, 1), -EINVAL);
	assert_int_equal(tdx_td_gpa_range_check(0x1000, 0), -EINVAL);
	assert_int_equal(tdx_td_gpa_range_check(BIT_ULL(47) - 0x1000, 1), 0);
	assert_int_equal(tdx_td_gpa_range_check(BIT_ULL(47) - 0x1000, 2), -EINVAL);
	assert_int_equal(tdx_td_gpa_range_check(BIT_ULL(47), 1), -EINVAL);
	assert_int_equal(tdx_td_gpa_range_check(BIT_ULL(48), 1), -EINVAL);
	assert_int_equal(tdx_td_gpa_range_check(0, ~0ULL), -EINVAL);
	assert_int_equal(tdx_td_gpa_range_check(0, BIT_ULL(35)), 0);
	assert_int_equal(TDX_TD_SEPT_ENTRY_SIZE(1), SZ_2M);
	assert_int_equal(TDX_TD_SEPT_ENTRY_SIZE(2), SZ_1G);
	assert_int_equal(TDX_TD_SEPT_ENTRY_SIZE(3), BIT_ULL(39));
}

static void test_errno(void **state)
{
	(void)state;
	assert_int_equal(tdx_td_status_to_errno(TDX_SUCCESS), 0);
	assert_int_equal(tdx_td_status_to_errno(TDX_KEY_CONFIGURED), 0);
	assert_int_equal(tdx_td_status_to_errno(TDX_NO_HKID_READY_TO_WBCACHE), 0);
	/* the module lacks the leaf (or version): not the caller's input */
	assert_int_equal(tdx_td_status_to_errno(TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX), -EIO);
	assert_int_equal(tdx_td_status_to_errno(TDX_OPERAND_INVALID | TDX_OPERAND_ID_RCX), -EINVAL);
	assert_int_equal(tdx_td_status_to_errno(TDX_OPERAND_INVALID | TDX_OPERAND_ID_ATTRIBUTES),
			 -EINVAL);
	assert_int_equal(tdx_td_status_to_errno(TDX_OPERAND_BUSY | TDX_OPERAND_ID_RDX), -EBUSY);
	assert_int_equal(tdx_td_status_to_errno(TDX_OPERAND_BUSY_HOST_PRIORITY), -EBUSY);
	assert_int_equal(tdx_td_status_to_errno(TDX_SYS_BUSY), -EBUSY);
	assert_int_equal(tdx_td_status_to_errno(TDX_RND_NO_ENTROPY), -EAGAIN);
	assert_int_equal(tdx_td_status_to_errno(TDX_KEY_GENERATION_FAILED), -EAGAIN);
	assert_int_equal(tdx_td_status_to_errno(TDX_NO_VCPUS), -EINVAL);
	assert_int_equal(tdx_td_status_to_errno(TDX_MAX_VCPUS_EXCEEDED), -EINVAL);
	assert_int_equal(tdx_td_status_to_errno(TDX_X2APIC_ID_NOT_UNIQUE | 5), -EINVAL);
	assert_int_equal(tdx_td_status_to_errno(TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED), -EINVAL);
	assert_int_equal(tdx_td_status_to_errno(TDX_EPT_ENTRY_STATE_INCORRECT | 1), -EEXIST);
	assert_int_equal(tdx_td_status_to_errno(TDX_HKID_NOT_FREE), -EBUSY);
	assert_int_equal(tdx_td_status_to_errno(TDX_TD_FATAL), -EIO);
	assert_int_equal(tdx_td_status_to_errno(TDX_OP_STATE_INCORRECT), -EIO);
	assert_int_equal(tdx_td_status_to_errno(TDX_OPERAND_ADDR_RANGE_ERROR | 1), -EIO);
	assert_int_equal(tdx_td_status_to_errno(TDX_SEAMCALL_UD), -EIO);
	assert_int_equal(tdx_td_status_to_errno(TDX_SEAMCALL_VMFAILINVALID), -EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_max_vcpus),
		cmocka_unit_test(test_gpa),
		cmocka_unit_test(test_errno),
	};

	return cmocka_run_group_tests_name("td_host", tests, NULL, NULL);
}
