// SPDX-License-Identifier: GPL-2.0
/*
 * The global-metadata field table, the generic reader (against a fake
 * TDH.SYS.RD), the "can tdxhost use this module" check and the iterator of
 * src/lib/tdx_metadata.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tdx_types.h"
#include "tdx_defs.h"
#include "tdx_status.h"
#include "tdx_metadata.h"

/* ------------------------------------------------------------ fake module */

struct fake_module {
	u16 major, minor, update;
	u64 features0;
	u16 nr_cmrs;		/* NUM_CMRS as reported */
	u16 nr_cpuid;		/* NUM_CPUID_CONFIG as reported */
	u64 missing[8];		/* ids that give METADATA_FIELD_ID_INCORRECT */
	unsigned int nr_missing;
	u64 fail_id;		/* this id returns fail_status */
	u64 fail_status;
	unsigned int calls;
	unsigned int bad_reads;	/* ids the module does not have */
};

#define FAKE_ATTRS_FIXED0	0x00000000F01FFFF1ULL
#define FAKE_ATTRS_FIXED1	0x0000000000000000ULL
#define FAKE_XFAM_FIXED0	0x00000000000602FFULL
#define FAKE_XFAM_FIXED1	0x0000000000000003ULL

static void fake_init(struct fake_module *m)
{
	memset(m, 0, sizeof(*m));
	m->major = 1;
	m->minor = 5;
	m->update = 6;
	m->features0 = TDX_FEATURES0_NO_RBP_MOD | TDX_FEATURES0_TD_PRESERVING;
	m->nr_cmrs = 3;
	m->nr_cpuid = 5;
	m->fail_id = ~0ULL;
}

static u64 fake_cmr_base(unsigned int i)
{
	return (u64)i * 4 * SZ_1G + (i ? 0 : SZ_1G);
}

static u64 fake_cmr_size(unsigned int i)
{
	return (u64)(i + 1) * SZ_1G - SZ_4K * i;
}

static u64 fake_cpuid_leaf(unsigned int i)
{
	return (u64)i | ((u64)(i & 1) << 32);
}

static u64 fake_cpuid_value(unsigned int i, unsigned int j)
{
	return 0x1000100010001ULL * (i + 1) + ((u64)j << 63);
}

static u64 fake_rd(void *ctx, u64 id, u64 *value)
{
	struct fake_module *m = ctx;
	unsigned int i;

	m->calls++;
	*value = 0;
	for (i = 0; i < m->nr_missing; i++)
		if (m->missing[i] == id)
			return TDX_METADATA_FIELD_ID_INCORRECT;
	if (id == m->fail_id)
		return m->fail_status;

	switch (id) {
	case MD_FIELD_ID_MINOR_VERSION:		*value = m->minor; break;
	case MD_FIELD_ID_MAJOR_VERSION:		*value = m->major; break;
	case MD_FIELD_ID_UPDATE_VERSION:	*value = m->update; break;
	case MD_FIELD_ID_INTERNAL_VERSION:	*value = 2; break;
	case MD_FIELD_ID_BUILD_DATE:		*value = 20240315; break;
	case MD_FIELD_ID_BUILD_NUM:		*value = 777; break;
	case MD_FIELD_ID_VENDOR_ID:		*value = 0x8086; break;
	case MD_FIELD_ID_TDX_FEATURES0:		*value = m->features0; break;
	case MD_FIELD_ID_NUM_CMRS:		*value = m->nr_cmrs; break;
	case MD_FIELD_ID_MAX_TDMRS:		*value = 64; break;
	case MD_FIELD_ID_MAX_RESERVED_PER_TDMR:	*value = 16; break;
	case MD_FIELD_ID_PAMT_4K_ENTRY_SIZE:	*value = 16; break;
	case MD_FIELD_ID_PAMT_2M_ENTRY_SIZE:	*value = 16; break;
	case MD_FIELD_ID_PAMT_1G_ENTRY_SIZE:	*value = 16; break;
	case MD_FIELD_ID_TDR_BASE_SIZE:		*value = 4096; break;
	case MD_FIELD_ID_TDCS_BASE_SIZE:	*value = 6 * 4096; break;
	case MD_FIELD_ID_TDVPS_BASE_SIZE:	*value = 6 * 4096; break;
	case MD_FIELD_ID_ATTRS_FIXED0:		*value = FAKE_ATTRS_FIXED0; break;
	case MD_FIELD_ID_ATTRS_FIXED1:		*value = FAKE_ATTRS_FIXED1; break;
	case MD_FIELD_ID_XFAM_FIXED0:		*value = FAKE_XFAM_FIXED0; break;
	case MD_FIELD_ID_XFAM_FIXED1:		*value = FAKE_XFAM_FIXED1; break;
	case MD_FIELD_ID_NUM_CPUID_CONFIG:	*value = m->nr_cpuid; break;
	case MD_FIELD_ID_MAX_VCPUS_PER_TD:	*value = 576; break;
	default:
		goto arrays;
	}
	return TDX_SUCCESS;
arrays:
	if (id >= MD_FIELD_ID_CMR_BASE0 && id < MD_FIELD_ID_CMR_BASE0 + m->nr_cmrs) {
		*value = fake_cmr_base((unsigned int)(id - MD_FIELD_ID_CMR_BASE0));
		return TDX_SUCCESS;
	}
	if (id >= MD_FIELD_ID_CMR_SIZE0 && id < MD_FIELD_ID_CMR_SIZE0 + m->nr_cmrs) {
		*value = fake_cmr_size((unsigned int)(id - MD_FIELD_ID_CMR_SIZE0));
		return TDX_SUCCESS;
	}
	if (id >= MD_FIELD_ID_CPUID_CONFIG_LEAVES0 &&
	    id < MD_FIELD_ID_CPUID_CONFIG_LEAVES0 + m->nr_cpuid) {
		*value = fake_cpuid_leaf((unsigned int)(id - MD_FIELD_ID_CPUID_CONFIG_LEAVES0));
		return TDX_SUCCESS;
	}
	if (id >= MD_FIELD_ID_CPUID_CONFIG_VALUES0 &&
	    id < MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 2ULL * m->nr_cpuid) {
		unsigned int k = (unsigned int)(id - MD_FIELD_ID_CPUID_CONFIG_VALUES0);

		*value = fake_cpuid_value(k / 2, k % 2);
		return TDX_SUCCESS;
	}
	m->bad_reads++;
	return TDX_METADATA_FIELD_ID_INCORRECT;
}

static unsigned int nr_scalars(void)
{
	unsigned int nr, i, n = 0;
	const struct tdx_md_field *t = tdx_md_fields(&nr);

	for (i = 0; i < nr; i++)
		n += t[i].count_field < 0;
	return n;
}

static int read_good(struct tdx_sysinfo *si, struct fake_module *m)
{
	u64 ff = 1, fs = 1;
	unsigned int calls = 0;
	int ret = tdx_sysinfo_read(si, fake_rd, m, &ff, &fs, &calls);

	assert_int_equal(calls, m->calls);
	if (!ret) {
		assert_true(ff == 0);
		assert_true(fs == 0);
	}
	return ret;
}

/* ------------------------------------------------------------------ table */

static void test_table_sane(void **state)
{
	unsigned int nr, i, j;
	const struct tdx_md_field *t = tdx_md_fields(&nr);

	assert_int_equal(nr, TDX_MD_NR_FIELDS);
	assert_true(nr <= 64);
	for (i = 0; i < nr; i++) {
		const struct tdx_md_field *f = &t[i];
		u64 last = f->id + f->max_elems - 1;

		assert_non_null(f->name);
		/* Element size agrees with the id's bits 33:32. */
		assert_int_equal(f->elem_bits, 8 << ((f->id >> 32) & 3));
		assert_int_equal(f->elem_bits, MD_FIELD_ELEM_BITS(f->id));
		/* The destination holds an element and lies inside the struct. */
		assert_true(f->dest_size * 8 >= f->elem_bits);
		assert_true(f->offset + (size_t)f->dest_size * f->max_elems <=
			    sizeof(struct tdx_sysinfo));
		assert_true(f->offset + (size_t)f->dest_size * f->max_elems <=
			    offsetof(struct tdx_sysinfo, present));
		assert_true(f->max_elems >= 1);
		if (f->count_field >= 0) {
			/* The count is a scalar read before the array. */
			assert_true((unsigned int)f->count_field < i);
			assert_true(t[f->count_field].count_field < 0);
			assert_true(f->per_count >= 1);
			/* Array ids do not run into the next 256-id block. */
			assert_true((last & ~0xffULL) == (f->id & ~0xffULL) ||
				    f->max_elems > 0x80);
		} else {
			assert_int_equal(f->max_elems, 1);
		}
		for (j = 0; j < nr; j++) {
			u64 other_last = t[j].id + t[j].max_elems - 1;

			if (i == j)
				continue;
			/* ids and element ranges never overlap; names unique */
			assert_true(last < t[j].id || f->id > other_last);
			assert_string_not_equal(f->name, t[j].name);
		}
		assert_ptr_equal(tdx_md_field_by_id(f->id), f);
		assert_ptr_equal(tdx_md_field_by_id(last), f);
		assert_ptr_equal(tdx_md_field_by_name(f->name), f);
	}
	/* Spot checks against TDX-FACTS.md */
	assert_true(t[TDX_MD_MAJOR_VERSION].id == 0x0800000100000004ULL);
	assert_true(t[TDX_MD_CMR_SIZE].id == 0x9000000300000100ULL);
	assert_int_equal(t[TDX_MD_CMR_BASE].max_elems, 32);
	assert_true(t[TDX_MD_CPUID_CONFIG_VALUES].id == 0x9900000300000500ULL);
	assert_int_equal(t[TDX_MD_CPUID_CONFIG_VALUES].per_count, 2);
	assert_int_equal(t[TDX_MD_CPUID_CONFIG_VALUES].max_elems, 2 * TDX_MAX_CPUID_CONFIG);
	assert_int_equal(t[TDX_MD_BUILD_DATE].elem_bits, 32);
	assert_true(t[TDX_MD_MAJOR_VERSION].required);
	assert_false(t[TDX_MD_BUILD_NUM].required);
}

static void test_lookup(void **state)
{
	const struct tdx_md_field *f;

	f = tdx_md_field_by_id(MD_FIELD_ID_CMR_BASE0 + 7);
	assert_non_null(f);
	assert_string_equal(f->name, "CMR_BASE");
	f = tdx_md_field_by_id(MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 2 * 3 + 1);
	assert_string_equal(f->name, "CPUID_CONFIG_VALUES");
	assert_null(tdx_md_field_by_id(MD_FIELD_ID_CMR_BASE0 + TDX_MAX_CMRS));
	assert_null(tdx_md_field_by_id(0));
	assert_null(tdx_md_field_by_id(~0ULL));
	/* CONFIG_FLAGS_FIXED0 exists in the module but is not read by the host. */
	assert_null(tdx_md_field_by_id(0x9900000300000006ULL));

	assert_string_equal(tdx_md_field_by_name("major_version")->name, "MAJOR_VERSION");
	assert_true(tdx_md_field_by_name("TDX_FEATURES0")->id == MD_FIELD_ID_TDX_FEATURES0);
	assert_null(tdx_md_field_by_name("MAJOR"));
	assert_null(tdx_md_field_by_name("MAJOR_VERSIONS"));
	assert_null(tdx_md_field_by_name(""));
	assert_null(tdx_md_field_by_name(NULL));
}

/* ----------------------------------------------------------------- reader */

static void test_read_fills_every_member(void **state)
{
	struct tdx_sysinfo si;
	struct fake_module m;
	unsigned int i, nr;

	fake_init(&m);
	memset(&si, 0xa5, sizeof(si));
	assert_int_equal(read_good(&si, &m), 0);
	assert_int_equal(m.bad_reads, 0);
	assert_int_equal(m.calls, nr_scalars() + 2 * m.nr_cmrs + 3 * m.nr_cpuid);

	tdx_md_fields(&nr);
	assert_true(si.present == (nr == 64 ? ~0ULL : (1ULL << nr) - 1));

	assert_int_equal(si.major_version, 1);
	assert_int_equal(si.minor_version, 5);
	assert_int_equal(si.update_version, 6);
	assert_int_equal(si.internal_version, 2);
	assert_int_equal(si.build_date, 20240315);
	assert_int_equal(si.build_num, 777);
	assert_int_equal(si.vendor_id, 0x8086);
	assert_true(si.features0 == m.features0);
	assert_int_equal(si.nr_cmrs, 3);
	for (i = 0; i < TDX_MAX_CMRS; i++) {
		assert_true(si.cmr_base[i] == (i < 3 ? fake_cmr_base(i) : 0));
		assert_true(si.cmr_size[i] == (i < 3 ? fake_cmr_size(i) : 0));
	}
	assert_int_equal(si.max_tdmrs, 64);
	assert_int_equal(si.max_reserved_per_tdmr, 16);
	assert_int_equal(si.pamt_4k_entry_size, 16);
	assert_int_equal(si.pamt_2m_entry_size, 16);
	assert_int_equal(si.pamt_1g_entry_size, 16);
	assert_int_equal(si.tdr_base_size, 4096);
	assert_int_equal(si.tdcs_base_size, 6 * 4096);
	assert_int_equal(si.tdvps_base_size, 6 * 4096);
	assert_true(si.attrs_fixed0 == FAKE_ATTRS_FIXED0);
	assert_true(si.attrs_fixed1 == FAKE_ATTRS_FIXED1);
	assert_true(si.xfam_fixed0 == FAKE_XFAM_FIXED0);
	assert_true(si.xfam_fixed1 == FAKE_XFAM_FIXED1);
	assert_int_equal(si.nr_cpuid_config, 5);
	assert_int_equal(si.max_vcpus_per_td, 576);
	for (i = 0; i < TDX_MAX_CPUID_CONFIG; i++) {
		assert_true(si.cpuid_config_leaves[i] == (i < 5 ? fake_cpuid_leaf(i) : 0));
		assert_true(si.cpuid_config_values[i][0] == (i < 5 ? fake_cpuid_value(i, 0) : 0));
		assert_true(si.cpuid_config_values[i][1] == (i < 5 ? fake_cpuid_value(i, 1) : 0));
	}
	assert_int_equal(tdx_sysinfo_check(&si, NULL), 0);
}

static void test_optional_fields_absent(void **state)
{
	static const u64 optional[] = {
		MD_FIELD_ID_INTERNAL_VERSION, MD_FIELD_ID_BUILD_DATE, MD_FIELD_ID_BUILD_NUM,
		MD_FIELD_ID_VENDOR_ID, MD_FIELD_ID_MAX_VCPUS_PER_TD,
	};
	struct tdx_md_iter it = TDX_MD_ITER_INIT;
	struct tdx_md_value v;
	struct tdx_sysinfo si;
	struct fake_module m;
	unsigned int i, absent = 0;
	const char *why = "x";

	fake_init(&m);
	memcpy(m.missing, optional, sizeof(optional));
	m.nr_missing = ARRAY_SIZE(optional);
	assert_int_equal(read_good(&si, &m), 0);
	assert_false(tdx_sysinfo_has(&si, TDX_MD_INTERNAL_VERSION));
	assert_false(tdx_sysinfo_has(&si, TDX_MD_BUILD_DATE));
	assert_false(tdx_sysinfo_has(&si, TDX_MD_BUILD_NUM));
	assert_false(tdx_sysinfo_has(&si, TDX_MD_VENDOR_ID));
	assert_false(tdx_sysinfo_has(&si, TDX_MD_MAX_VCPUS_PER_TD));
	assert_true(tdx_sysinfo_has(&si, TDX_MD_MAJOR_VERSION));
	assert_true(tdx_sysinfo_has(&si, TDX_MD_CPUID_CONFIG_VALUES));
	assert_int_equal(si.build_date, 0);
	assert_int_equal(si.max_vcpus_per_td, 0);
	assert_int_equal(si.nr_cmrs, 3);
	/* A module without them is still usable. */
	assert_int_equal(tdx_sysinfo_check(&si, &why), 0);
	assert_null(why);

	while (tdx_md_iter_next(&si, &it, &v)) {
		if (v.present)
			continue;
		absent++;
		assert_int_equal(v.index, 0);
		assert_true(v.value == 0);
		for (i = 0; i < ARRAY_SIZE(optional); i++)
			if (optional[i] == v.id)
				break;
		assert_true(i < ARRAY_SIZE(optional));
	}
	assert_int_equal(absent, ARRAY_SIZE(optional));

	/* FIELD_NOT_READABLE on an optional field: absent too. */
	fake_init(&m);
	m.fail_id = MD_FIELD_ID_BUILD_NUM;
	m.fail_status = TDX_METADATA_FIELD_NOT_READABLE;
	assert_int_equal(read_good(&si, &m), 0);
	assert_false(tdx_sysinfo_has(&si, TDX_MD_BUILD_NUM));
}

static void test_required_field_missing(void **state)
{
	unsigned int nr, i;
	const struct tdx_md_field *t = tdx_md_fields(&nr);

	for (i = 0; i < nr; i++) {
		struct tdx_sysinfo si;
		struct fake_module m;
		u64 ff = 0, fs = 0;
		unsigned int calls = 0;
		int ret;

		fake_init(&m);
		/* Second element of arrays, the field itself for scalars */
		m.missing[0] = t[i].id + (t[i].count_field >= 0);
		m.nr_missing = 1;
		ret = tdx_sysinfo_read(&si, fake_rd, &m, &ff, &fs, &calls);
		if (!t[i].required) {
			assert_int_equal(ret, 0);
			assert_false(tdx_sysinfo_has(&si, i));
			continue;
		}
		assert_int_equal(ret, -ENODEV);
		assert_true(ff == m.missing[0]);
		assert_true(fs == TDX_METADATA_FIELD_ID_INCORRECT);
		/* It stopped right there. */
		assert_int_equal(calls, m.calls);
		assert_false(tdx_sysinfo_has(&si, i));
		if (i + 1 < nr)
			assert_false(tdx_sysinfo_has(&si, i + 1));
	}
}

static void test_read_errors(void **state)
{
	static const struct {
		u64 status;
		int err;
	} cases[] = {
		{ TDX_SYS_NOT_READY, -EIO },			/* 1.0 module */
		{ TDX_SYS_LP_INIT_NOT_DONE, -EIO },
		{ TDX_SEAMCALL_VMFAILINVALID, -ENODEV },
		{ TDX_SEAMCALL_GP, -EOPNOTSUPP },
		{ TDX_SEAMCALL_UD, -EACCES },
		{ TDX_OPERAND_INVALID, -EIO },
		{ TDX_METADATA_FIELD_SKIP, -EIO },		/* odd non-error status */
		{ TDX_METADATA_FIELD_NOT_READABLE, -ENODEV },	/* required field */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct tdx_sysinfo si;
		struct fake_module m;
		u64 ff = 0, fs = 0;
		unsigned int calls = 0;

		fake_init(&m);
		m.fail_id = MD_FIELD_ID_MINOR_VERSION;	/* the first read */
		m.fail_status = cases[i].status;
		assert_int_equal(tdx_sysinfo_read(&si, fake_rd, &m, &ff, &fs, &calls),
				 cases[i].err);
		assert_true(ff == MD_FIELD_ID_MINOR_VERSION);
		assert_true(fs == cases[i].status);
		assert_int_equal(calls, 1);
		assert_true(si.present == 0);
	}

	/* Failing in the middle of an array */
	{
		struct tdx_sysinfo si;
		struct fake_module m;
		u64 ff = 0, fs = 0;

		fake_init(&m);
		m.fail_id = MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 3;
		m.fail_status = TDX_SYS_BUSY;
		assert_int_equal(tdx_sysinfo_read(&si, fake_rd, &m, &ff, &fs, NULL), -EIO);
		assert_true(ff == m.fail_id);
		assert_true(fs == TDX_SYS_BUSY);
		assert_true(tdx_sysinfo_has(&si, TDX_MD_CPUID_CONFIG_LEAVES));
		assert_false(tdx_sysinfo_has(&si, TDX_MD_CPUID_CONFIG_VALUES));
	}
	assert_int_equal(tdx_sysinfo_read(NULL, fake_rd, NULL, NULL, NULL, NULL), -EINVAL);
}

static void test_counts_beyond_capacity(void **state)
{
	struct tdx_sysinfo si;
	struct fake_module m;
	u64 ff = 0, fs = 1;

	fake_init(&m);
	m.nr_cmrs = TDX_MAX_CMRS + 1;
	assert_int_equal(tdx_sysinfo_read(&si, fake_rd, &m, &ff, &fs, NULL), -EINVAL);
	assert_true(ff == MD_FIELD_ID_NUM_CMRS);
	assert_true(fs == 0);
	assert_int_equal(m.bad_reads, 0);

	fake_init(&m);
	m.nr_cmrs = TDX_MAX_CMRS;
	assert_int_equal(tdx_sysinfo_read(&si, fake_rd, &m, NULL, NULL, NULL), 0);
	assert_true(si.cmr_base[TDX_MAX_CMRS - 1] == fake_cmr_base(TDX_MAX_CMRS - 1));

	fake_init(&m);
	m.nr_cpuid = TDX_MAX_CPUID_CONFIG + 1;
	assert_int_equal(tdx_sysinfo_read(&si, fake_rd, &m, &ff, &fs, NULL), -EINVAL);
	assert_true(ff == MD_FIELD_ID_NUM_CPUID_CONFIG);

	/* 37 CPUID configs (seen in the wild) fit. */
	fake_init(&m);
	m.nr_cpuid = 37;
	assert_int_equal(tdx_sysinfo_read(&si, fake_rd, &m, NULL, NULL, NULL), 0);
	assert_true(si.cpuid_config_values[36][1] == fake_cpuid_value(36, 1));

	/* Zero CMRs read fine (empty arrays); the check refuses them. */
	fake_init(&m);
	m.nr_cmrs = 0;
	assert_int_equal(tdx_sysinfo_read(&si, fake_rd, &m, NULL, NULL, NULL), 0);
	assert_true(tdx_sysinfo_has(&si, TDX_MD_CMR_BASE));
	assert_int_equal(tdx_sysinfo_check(&si, NULL), -EINVAL);
}

/* ----------------------------------------------------------------- checks */

static void good_sysinfo(struct tdx_sysinfo *si)
{
	struct fake_module m;

	fake_init(&m);
	assert_int_equal(tdx_sysinfo_read(si, fake_rd, &m, NULL, NULL, NULL), 0);
}

static void test_check_old_modules(void **state)
{
	static const struct {
		u16 major, minor;
		const char *msg;
	} old[] = {
		{ 1, 0, "TDX module 1.0.06 is older than 1.5: update the TDX module (BIOS/firmware)" },
		{ 1, 4, "TDX module 1.4.06 is older than 1.5: update the TDX module (BIOS/firmware)" },
		{ 0, 9, "TDX module 0.9.06 is older than 1.5: update the TDX module (BIOS/firmware)" },
	};
	struct tdx_sysinfo si;
	const char *why;
	char msg[256];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(old); i++) {
		good_sysinfo(&si);
		si.major_version = old[i].major;
		si.minor_version = old[i].minor;
		assert_int_equal(tdx_sysinfo_check(&si, &why), -EOPNOTSUPP);
		assert_string_equal(why,
			"TDX module is older than 1.5: update the TDX module (BIOS/firmware)");
		assert_int_equal(tdx_sysinfo_check_msg(&si, msg, sizeof(msg)), -EOPNOTSUPP);
		assert_string_equal(msg, old[i].msg);
	}

	good_sysinfo(&si);
	si.features0 &= ~TDX_FEATURES0_NO_RBP_MOD;
	assert_int_equal(tdx_sysinfo_check(&si, &why), -EOPNOTSUPP);
	assert_non_null(strstr(why, "NO_RBP_MOD"));
	assert_non_null(strstr(why, "update to a TDX module release with NO_RBP_MOD"));
	tdx_sysinfo_check_msg(&si, msg, sizeof(msg));
	assert_memory_equal(msg, "TDX module 1.5.06 lacks NO_RBP_MOD", 34);

	/* An old module without NO_RBP_MOD is reported as old. */
	si.minor_version = 4;
	tdx_sysinfo_check(&si, &why);
	assert_non_null(strstr(why, "older than 1.5"));

	/* 1.5 and 2.0 with NO_RBP_MOD are fine. */
	good_sysinfo(&si);
	why = "x";
	assert_int_equal(tdx_sysinfo_check(&si, &why), 0);
	assert_null(why);
	assert_int_equal(tdx_sysinfo_check_msg(&si, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
	si.major_version = 2;
	si.minor_version = 0;
	assert_int_equal(tdx_sysinfo_check(&si, NULL), 0);

	/* Version fields never read */
	memset(&si, 0, sizeof(si));
	assert_int_equal(tdx_sysinfo_check(&si, &why), -EINVAL);
	assert_non_null(strstr(why, "not read"));
	assert_int_equal(tdx_sysinfo_check(NULL, &why), -EINVAL);
}

static void test_check_nonsense(void **state)
{
	struct tdx_sysinfo si;
	const char *why;

	good_sysinfo(&si);
	si.max_tdmrs = 0;
	assert_int_equal(tdx_sysinfo_check(&si, &why), -EINVAL);
	assert_non_null(strstr(why, "MAX_TDMRS 0"));

	good_sysinfo(&si);
	si.pamt_2m_entry_size = 0;
	assert_int_equal(tdx_sysinfo_check(&si, &why), -EINVAL);
	assert_non_null(strstr(why, "PAMT entry size"));

	good_sysinfo(&si);
	si.nr_cmrs = 33;	/* bypassing the reader: must not read past cmr_base[] */
	assert_int_equal(tdx_sysinfo_check(&si, &why), -EINVAL);
	assert_non_null(strstr(why, "more than 32 CMRs"));
	si.nr_cmrs = 0xffff;
	assert_int_equal(tdx_sysinfo_check(&si, &why), -EINVAL);

	good_sysinfo(&si);
	si.nr_cmrs = 0;
	assert_int_equal(tdx_sysinfo_check(&si, &why), -EINVAL);
	assert_non_null(strstr(why, "no CMRs"));

	good_sysinfo(&si);
	si.cmr_base[1] = ~0ULL & ~0xfffULL;
	assert_int_equal(tdx_sysinfo_check(&si, &why), -EINVAL);
	assert_non_null(strstr(why, "CMR"));

	good_sysinfo(&si);
	si.cmr_size[2] |= 0x10;
	assert_int_equal(tdx_sysinfo_check(&si, NULL), -EINVAL);

	good_sysinfo(&si);
	si.tdcs_base_size = 100;
	assert_int_equal(tdx_sysinfo_check(&si, &why), -EINVAL);
	assert_non_null(strstr(why, "TDCS"));

	good_sysinfo(&si);
	si.nr_cpuid_config = TDX_MAX_CPUID_CONFIG + 1;
	assert_int_equal(tdx_sysinfo_check(&si, NULL), -EINVAL);
}

static void test_version_str(void **state)
{
	struct tdx_sysinfo si;
	char buf[32];

	good_sysinfo(&si);
	assert_int_equal(tdx_sysinfo_version_str(&si, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "1.5.06");
	si.update_version = 12;
	tdx_sysinfo_version_str(&si, buf, sizeof(buf));
	assert_string_equal(buf, "1.5.12");
	assert_int_equal(tdx_sysinfo_version_str(&si, buf, 3), 6);
	assert_string_equal(buf, "1.");
}

/* --------------------------------------------------------- iterate, set/get */

static void test_iterator(void **state)
{
	struct tdx_md_iter it = TDX_MD_ITER_INIT;
	struct tdx_md_value v;
	struct tdx_sysinfo si;
	unsigned int n = 0;
	u64 prev_id = 0;
	const struct tdx_md_field *prev = NULL;

	good_sysinfo(&si);
	while (tdx_md_iter_next(&si, &it, &v)) {
		u64 got = 0;

		assert_true(v.present);
		assert_ptr_equal(tdx_md_field_by_id(v.id), v.field);
		assert_true(v.id == v.field->id + v.index);
		assert_int_equal(tdx_sysinfo_get(&si, v.id, &got), 0);
		assert_true(got == v.value);
		if (v.field == prev)
			assert_true(v.id == prev_id + 1);
		prev = v.field;
		prev_id = v.id;
		n++;
	}
	assert_int_equal(n, nr_scalars() + 2 * 3 + 3 * 5);
	/* Exhausted iterators stay exhausted. */
	assert_false(tdx_md_iter_next(&si, &it, &v));

	/* A few exact values through the iterator */
	it = (struct tdx_md_iter)TDX_MD_ITER_INIT;
	while (tdx_md_iter_next(&si, &it, &v)) {
		if (v.id == MD_FIELD_ID_CMR_SIZE0 + 2)
			assert_true(v.value == fake_cmr_size(2));
		if (v.id == MD_FIELD_ID_MAJOR_VERSION)
			assert_true(v.value == 1);
		if (v.id == MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 9)
			assert_true(v.value == fake_cpuid_value(4, 1));
	}

	/* Nothing read: every field once, absent. */
	memset(&si, 0, sizeof(si));
	it = (struct tdx_md_iter)TDX_MD_ITER_INIT;
	n = 0;
	while (tdx_md_iter_next(&si, &it, &v)) {
		assert_false(v.present);
		n++;
	}
	assert_int_equal(n, TDX_MD_NR_FIELDS);
}

static void test_set_get(void **state)
{
	struct tdx_sysinfo si;
	u64 v = 0;

	memset(&si, 0, sizeof(si));
	assert_int_equal(tdx_sysinfo_get(&si, MD_FIELD_ID_MAJOR_VERSION, &v), -ENOENT);
	/* Values are cut to the element size (16 bits here). */
	assert_int_equal(tdx_sysinfo_set(&si, MD_FIELD_ID_MAJOR_VERSION, 0x12345), 0);
	assert_int_equal(si.major_version, 0x2345);
	assert_true(tdx_sysinfo_has(&si, TDX_MD_MAJOR_VERSION));
	assert_int_equal(tdx_sysinfo_get(&si, MD_FIELD_ID_MAJOR_VERSION, &v), 0);
	assert_true(v == 0x2345);

	assert_int_equal(tdx_sysinfo_set(&si, MD_FIELD_ID_BUILD_DATE, 0xffffffff12345678ULL), 0);
	assert_int_equal(si.build_date, 0x12345678);

	assert_int_equal(tdx_sysinfo_set(&si, MD_FIELD_ID_CMR_BASE0 + 4, SZ_1G), 0);
	assert_true(si.cmr_base[4] == SZ_1G);
	/* Present, but NUM_CMRS says nothing: beyond the count. */
	assert_int_equal(tdx_sysinfo_get(&si, MD_FIELD_ID_CMR_BASE0 + 4, &v), -ERANGE);
	assert_int_equal(tdx_sysinfo_set(&si, MD_FIELD_ID_NUM_CMRS, 5), 0);
	assert_int_equal(tdx_sysinfo_get(&si, MD_FIELD_ID_CMR_BASE0 + 4, &v), 0);
	assert_true(v == SZ_1G);

	assert_int_equal(tdx_sysinfo_set(&si, MD_FIELD_ID_CPUID_CONFIG_VALUES0 + 5, 77), 0);
	assert_true(si.cpuid_config_values[2][1] == 77);

	assert_int_equal(tdx_sysinfo_set(&si, MD_FIELD_ID_CMR_BASE0 + TDX_MAX_CMRS, 1), -ENOENT);
	assert_int_equal(tdx_sysinfo_set(&si, 0x1234, 1), -ENOENT);
	assert_int_equal(tdx_sysinfo_get(&si, 0x1234, &v), -ENOENT);
}

/* --------------------------------------------------------------------- fuzz */

static u64 rnd_state = 0xD1B54A32D192ED03ULL;

static u64 rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 0x2545F4914F6CDD1DULL;
}

static void test_fuzz(void **state)
{
	unsigned int nr, round;
	const struct tdx_md_field *t = tdx_md_fields(&nr);
	static struct tdx_sysinfo si;
	char msg[64];

	for (round = 0; round < 20000; round++) {
		struct tdx_md_iter it = TDX_MD_ITER_INIT;
		struct tdx_md_value v;
		struct fake_module m;
		unsigned int calls = 0, i;
		u64 ff, fs;
		int ret;

		fake_init(&m);
		m.major = (u16)rnd();
		m.minor = (u16)(rnd() % 8);
		m.features0 = rnd();
		m.nr_cmrs = (u16)(rnd() % 40);
		m.nr_cpuid = (u16)(rnd() % 150);
		if (rnd() & 1) {
			const struct tdx_md_field *f = &t[rnd() % nr];

			m.fail_id = f->id + rnd() % 4;
			m.fail_status = (rnd() & 1) ? rnd() : TDX_METADATA_FIELD_ID_INCORRECT;
		}
		for (i = 0; i < 3; i++)
			if (rnd() & 1)
				m.missing[m.nr_missing++] = t[rnd() % nr].id;

		ret = tdx_sysinfo_read(&si, fake_rd, &m, &ff, &fs, &calls);
		assert_int_equal(calls, m.calls);
		assert_int_equal(m.bad_reads, 0);
		if (!ret) {
			for (i = 0; i < nr; i++)
				if (t[i].required)
					assert_true(tdx_sysinfo_has(&si, i));
			assert_true(si.nr_cmrs <= TDX_MAX_CMRS);
		} else {
			assert_true(ret == -EINVAL || ret == -ENODEV || ret == -EIO ||
				    ret == -EOPNOTSUPP || ret == -EACCES);
		}
		ret = tdx_sysinfo_check_msg(&si, msg, sizeof(msg));
		assert_true(ret == 0 || ret == -EINVAL || ret == -EOPNOTSUPP);
		assert_true(strlen(msg) < sizeof(msg));
		while (tdx_md_iter_next(&si, &it, &v))
			assert_non_null(v.field);

		/* Garbage in every byte, as from an uninitialized struct */
		if (round % 16 == 0) {
			u64 *w = (u64 *)&si;

			for (i = 0; i < sizeof(si) / sizeof(u64); i++)
				w[i] = rnd();
			tdx_sysinfo_check(&si, NULL);
			it = (struct tdx_md_iter)TDX_MD_ITER_INIT;
			while (tdx_md_iter_next(&si, &it, &v))
				assert_true(v.index < v.field->max_elems);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sane),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_read_fills_every_member),
		cmocka_unit_test(test_optional_fields_absent),
		cmocka_unit_test(test_required_field_missing),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_counts_beyond_capacity),
		cmocka_unit_test(test_check_old_modules),
		cmocka_unit_test(test_check_nonsense),
		cmocka_unit_test(test_version_str),
		cmocka_unit_test(test_iterator),
		cmocka_unit_test(test_set_get),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests_name("metadata", tests, NULL, NULL);
}
