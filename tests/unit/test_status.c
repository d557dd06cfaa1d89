// SPDX-License-Identifier: GPL-2.0
/*
 * Leaf names, status decoding, hints, the dmesg-line parser and the errno
 * mapping of src/lib/tdx_status.c.
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

/* Every status code of TDX-FACTS.md, by name and value. */
static const struct {
	const char *name;
	u64 value;
} facts_codes[] = {
	{ "TDX_SUCCESS", 0x0000000000000000ULL },
	{ "TDX_INTERRUPTED_RESUMABLE", 0x8000000300000000ULL },
	{ "TDX_OPERAND_INVALID", 0xC000010000000000ULL },
	{ "TDX_OPERAND_ADDR_RANGE_ERROR", 0xC000010100000000ULL },
	{ "TDX_OPERAND_BUSY", 0x8000020000000000ULL },
	{ "TDX_PREVIOUS_TLB_EPOCH_BUSY", 0x8000020100000000ULL },
	{ "TDX_SYS_BUSY", 0x8000020200000000ULL },
	{ "TDX_RND_NO_ENTROPY", 0x8000020300000000ULL },
	{ "TDX_PAGE_METADATA_INCORRECT", 0xC000030000000000ULL },
	{ "TDX_SYS_INIT_NOT_PENDING", 0xC000050000000000ULL },
	{ "TDX_SYS_LP_INIT_NOT_DONE", 0xC000050200000000ULL },
	{ "TDX_SYS_LP_INIT_DONE", 0xC000050300000000ULL },
	{ "TDX_SYS_NOT_READY", 0xC000050500000000ULL },
	{ "TDX_SYS_SHUTDOWN", 0xC000050600000000ULL },
	{ "TDX_SYS_KEY_CONFIG_NOT_PENDING", 0xC000050700000000ULL },
	{ "TDX_SYS_STATE_INCORRECT", 0xC000050800000000ULL },
	{ "TDX_SYS_LP_INIT_NOT_PENDING", 0xC000050B00000000ULL },
	{ "TDX_SYS_CONFIG_NOT_PENDING", 0xC000050C00000000ULL },
	{ "TDX_NO_VCPUS", 0xC000060900000000ULL },
	{ "TDX_VCPU_NOT_ASSOCIATED", 0x8000070200000000ULL },
	{ "TDX_KEY_GENERATION_FAILED", 0x8000080000000000ULL },
	{ "TDX_KEY_STATE_INCORRECT", 0xC000081100000000ULL },
	{ "TDX_KEY_CONFIGURED", 0x0000081500000000ULL },
	{ "TDX_NO_HKID_READY_TO_WBCACHE", 0x0000082100000000ULL },
	{ "TDX_FLUSHVP_NOT_DONE", 0x8000082400000000ULL },
	{ "TDX_INVALID_TDMR", 0xC0000A0000000000ULL },
	{ "TDX_NON_ORDERED_TDMR", 0xC0000A0100000000ULL },
	{ "TDX_TDMR_OUTSIDE_CMRS", 0xC0000A0200000000ULL },
	{ "TDX_TDMR_ALREADY_INITIALIZED", 0x00000A0300000000ULL },
	{ "TDX_INVALID_PAMT", 0xC0000A1000000000ULL },
	{ "TDX_PAMT_OUTSIDE_CMRS", 0xC0000A1100000000ULL },
	{ "TDX_PAMT_OVERLAP", 0xC0000A1200000000ULL },
	{ "TDX_INVALID_RESERVED_IN_TDMR", 0xC0000A2000000000ULL },
	{ "TDX_NON_ORDERED_RESERVED_IN_TDMR", 0xC0000A2100000000ULL },
	{ "TDX_EPT_WALK_FAILED", 0xC0000B0000000000ULL },
	{ "TDX_EPT_ENTRY_STATE_INCORRECT", 0xC0000B0D00000000ULL },
	{ "TDX_METADATA_FIELD_ID_INCORRECT", 0xC0000C0000000000ULL },
	{ "TDX_METADATA_FIELD_NOT_READABLE", 0xC0000C0200000000ULL },
	{ "TDX_SW_ERROR", 0x8000FF0000000000ULL },
	{ "TDX_SEAMCALL_VMFAILINVALID", 0x8000FF00FFFF0000ULL },
	{ "TDX_SEAMCALL_GP", 0x8000FF000000000DULL },
	{ "TDX_SEAMCALL_UD", 0x8000FF0000000006ULL },
};

/* Every leaf of TDX-FACTS.md. */
static const struct {
	const char *name;
	u64 leaf;
} facts_leaves[] = {
	{ "TDH.VP.ENTER", 0 }, { "TDH.MNG.ADDCX", 1 }, { "TDH.MEM.PAGE.ADD", 2 },
	{ "TDH.MEM.SEPT.ADD", 3 }, { "TDH.VP.ADDCX", 4 }, { "TDH.MEM.PAGE.AUG", 6 },
	{ "TDH.MEM.RANGE.BLOCK", 7 }, { "TDH.MNG.KEY.CONFIG", 8 }, { "TDH.MNG.CREATE", 9 },
	{ "TDH.VP.CREATE", 10 }, { "TDH.MNG.RD", 11 }, { "TDH.MR.EXTEND", 16 },
	{ "TDH.MR.FINALIZE", 17 }, { "TDH.VP.FLUSH", 18 }, { "TDH.MNG.VPFLUSHDONE", 19 },
	{ "TDH.MNG.KEY.FREEID", 20 }, { "TDH.MNG.INIT", 21 }, { "TDH.VP.INIT", 22 },
	{ "TDH.PHYMEM.PAGE.RDMD", 24 }, { "TDH.VP.RD", 26 }, { "TDH.PHYMEM.PAGE.RECLAIM", 28 },
	{ "TDH.MEM.PAGE.REMOVE", 29 }, { "TDH.SYS.KEY.CONFIG", 31 }, { "TDH.SYS.INFO", 32 },
	{ "TDH.SYS.INIT", 33 }, { "TDH.SYS.RD", 34 }, { "TDH.SYS.LP.INIT", 35 },
	{ "TDH.SYS.TDMR.INIT", 36 }, { "TDH.SYS.RDALL", 37 }, { "TDH.MEM.TRACK", 38 },
	{ "TDH.PHYMEM.CACHE.WB", 40 }, { "TDH.PHYMEM.PAGE.WBINVD", 41 }, { "TDH.VP.WR", 43 },
	{ "TDH.SYS.LP.SHUTDOWN", 44 }, { "TDH.SYS.CONFIG", 45 }, { "TDH.SYS.SHUTDOWN", 52 },
	{ "TDH.SYS.UPDATE", 53 }, { "TDH.PHYMEM.PAMT.ADD", 58 }, { "TDH.PHYMEM.PAMT.REMOVE", 59 },
	{ "SEAMLDR.INFO", 0x8000000000000000ULL }, { "SEAMLDR.INSTALL", 0x8000000000000001ULL },
};

static void test_facts_codes_in_table(void **state)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(facts_codes); i++) {
		struct tdx_status_decoded d;
		u64 code = 0xdead;

		assert_int_equal(tdx_status_decode(facts_codes[i].value, TDX_LEAF_NONE, &d), 0);
		assert_non_null(d.name);
		assert_string_equal(d.name, facts_codes[i].name);
		assert_true(d.code == facts_codes[i].value);
		assert_int_equal(tdx_status_lookup(facts_codes[i].name, &code), 0);
		assert_true(code == facts_codes[i].value);
	}
	/* The tdx_defs.h constants agree with the facts file. */
	assert_true(TDX_SYS_NOT_READY == 0xC000050500000000ULL);
	assert_true(TDX_PAMT_OVERLAP == 0xC0000A1200000000ULL);
	assert_true(TDX_SEAMCALL_VMFAILINVALID == 0x8000FF00FFFF0000ULL);
	/* Codes added from the module source. */
	assert_true(TDX_INCORRECT_CPUID_VALUE == 0xC000090000000000ULL);
	assert_true(TDX_NON_RECOVERABLE_TD == 0x6000000200000000ULL);
}

static void test_table_consistent(void **state)
{
	unsigned int nr, i, j;
	const struct tdx_status_info *t = tdx_status_table(&nr);

	assert_true(nr >= ARRAY_SIZE(facts_codes));
	for (i = 0; i < nr; i++) {
		struct tdx_status_decoded d;

		assert_non_null(t[i].name);
		assert_memory_equal(t[i].name, "TDX_", 4);
		assert_non_null(t[i].hint);
		assert_true(strlen(t[i].hint) > 5);
		/* Module codes carry no detail bits; class 0xFF ones are exact. */
		if (TDX_STATUS_CLASS(t[i].code) != 0xFF)
			assert_true((t[i].code & TDX_STATUS_DETAIL_MASK) == 0);
		for (j = i + 1; j < nr; j++) {
			assert_true(t[i].code != t[j].code);
			assert_string_not_equal(t[i].name, t[j].name);
		}
		assert_ptr_equal(tdx_status_find(t[i].code), &t[i]);

		assert_int_equal(tdx_status_decode(t[i].code, TDX_LEAF_NONE, &d), 0);
		assert_int_equal(d.class_, (t[i].code >> 40) & 0xff);
		assert_int_equal(d.error, !!(t[i].code >> 63));
		assert_int_equal(d.non_recoverable, !!((t[i].code >> 62) & 1));
		assert_non_null(d.hint);
		assert_true(d.hint[0] != '\0');
	}
}

static void test_hints_for_every_error_code(void **state)
{
	unsigned int nr, i;
	const struct tdx_status_info *t = tdx_status_table(&nr);
	char buf[512];

	for (i = 0; i < nr; i++) {
		u64 leaf;

		for (leaf = 0; leaf < 64; leaf++) {
			int n = tdx_status_format(buf, sizeof(buf), t[i].code, leaf);

			assert_true(n > 0 && (size_t)n < sizeof(buf));
			assert_int_equal(strlen(buf), n);
			assert_memory_equal(buf, t[i].name, strlen(t[i].name));
			/* "NAME...: hint" with a non-empty hint */
			assert_non_null(strstr(buf, ": "));
			assert_true(strlen(strstr(buf, ": ")) > 4);
		}
	}
}

static void test_operand_decoding(void **state)
{
	static const struct {
		u32 id;
		const char *name;
	} ops[] = {
		{ 0, "RAX" }, { 1, "RCX" }, { 2, "RDX" }, { 8, "R8" }, { 9, "R9" },
		{ 10, "R10" }, { 11, "R11" }, { 0x80, "TDR" }, { 0x82, "TDVPR" },
		{ 0x92, "SEPT_TREE" }, { 0xA9, "TD_EPOCH" }, { 0xB8, "SYS" }, { 0xB9, "TDMR" },
	};
	struct tdx_status_decoded d;
	char buf[256];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		assert_int_equal(tdx_status_decode(TDX_OPERAND_INVALID + ops[i].id, TDH_MNG_CREATE,
						   &d), 0);
		assert_string_equal(d.name, "TDX_OPERAND_INVALID");
		assert_int_equal(d.operand_id, ops[i].id);
		assert_non_null(d.operand);
		assert_string_equal(d.operand, ops[i].name);
		assert_string_equal(tdx_operand_name(ops[i].id), ops[i].name);
	}

	tdx_status_format(buf, sizeof(buf), TDX_OPERAND_INVALID + TDX_OPERAND_ID_RCX, TDH_SYS_INIT);
	assert_memory_equal(buf, "TDX_OPERAND_INVALID (operand RCX): ", 35);

	/* Where the operand is optional, 0 means "none", not RAX. */
	tdx_status_decode(TDX_OPERAND_BUSY, TDH_MNG_CREATE, &d);
	assert_null(d.operand);
	tdx_status_format(buf, sizeof(buf), TDX_OPERAND_BUSY, TDH_MNG_CREATE);
	assert_null(strstr(buf, "(operand"));
	tdx_status_decode(TDX_OPERAND_BUSY + TDX_OPERAND_ID_TDR, TDH_MNG_CREATE, &d);
	assert_string_equal(d.operand, "TDR");

	/* Unknown operand id: no name, raw value shown. */
	tdx_status_decode(TDX_OPERAND_INVALID + 0x77, TDX_LEAF_NONE, &d);
	assert_null(d.operand);
	tdx_status_format(buf, sizeof(buf), TDX_OPERAND_INVALID + 0x77, TDX_LEAF_NONE);
	assert_non_null(strstr(buf, "(operand 0x77)"));
	assert_null(tdx_operand_name(0x77));

	/* MSR / CPUID details */
	tdx_status_format(buf, sizeof(buf), TDX_INCORRECT_MSR_VALUE + 0x982, TDH_SYS_INIT);
	assert_non_null(strstr(buf, "(MSR 0x982)"));
	tdx_status_format(buf, sizeof(buf), TDX_CPUID_LEAF_NOT_SUPPORTED + 0x1f, TDH_SYS_INIT);
	assert_non_null(strstr(buf, "(CPUID leaf 0x1f)"));
	tdx_status_format(buf, sizeof(buf), TDX_SMRR_OVERLAPS_CMR + 1 + (3 << 8), TDH_SYS_INIT);
	assert_non_null(strstr(buf, "(SMRR index 1, CMR 3)"));
}

static void test_tdmr_decoding(void **state)
{
	struct tdx_status_decoded d;
	char buf[256];

	tdx_status_decode(TDX_TDMR_OUTSIDE_CMRS + 3, TDH_SYS_CONFIG, &d);
	assert_string_equal(d.name, "TDX_TDMR_OUTSIDE_CMRS");
	assert_int_equal(d.detail_kind, TDX_DETAIL_TDMR);
	assert_int_equal(d.tdmr, 3);
	assert_int_equal(d.pamt_page_size, -1);
	assert_int_equal(d.index2, -1);
	assert_int_equal(d.class_, 0x0A);
	assert_string_equal(d.class_name, "TDMR/PAMT configuration");
	tdx_status_format(buf, sizeof(buf), TDX_TDMR_OUTSIDE_CMRS + 3, TDH_SYS_CONFIG);
	assert_memory_equal(buf, "TDX_TDMR_OUTSIDE_CMRS (TDMR 3): TDMR not covered by CMRs: ",
			    strlen("TDX_TDMR_OUTSIDE_CMRS (TDMR 3): TDMR not covered by CMRs: "));

	tdx_status_decode(TDX_INVALID_TDMR + 63, TDH_SYS_CONFIG, &d);
	assert_int_equal(d.tdmr, 63);
	tdx_status_decode(TDX_NON_ORDERED_TDMR + 1, TDH_SYS_CONFIG, &d);
	assert_int_equal(d.tdmr, 1);

	tdx_status_decode(TDX_INVALID_PAMT + 5 + (TDX_PS_2M << 8), TDH_SYS_CONFIG, &d);
	assert_string_equal(d.name, "TDX_INVALID_PAMT");
	assert_int_equal(d.tdmr, 5);
	assert_int_equal(d.pamt_page_size, TDX_PS_2M);
	tdx_status_format(buf, sizeof(buf), TDX_INVALID_PAMT + 5 + (TDX_PS_2M << 8),
			  TDH_SYS_CONFIG);
	assert_non_null(strstr(buf, "(TDMR 5 PAMT_2M)"));

	tdx_status_decode(TDX_PAMT_OUTSIDE_CMRS + 7 + (TDX_PS_1G << 8), TDH_SYS_CONFIG, &d);
	assert_int_equal(d.tdmr, 7);
	assert_int_equal(d.pamt_page_size, TDX_PS_1G);
	tdx_status_format(buf, sizeof(buf), TDX_PAMT_OUTSIDE_CMRS + 7 + (TDX_PS_1G << 8), 0);
	assert_non_null(strstr(buf, "PAMT_1G"));

	tdx_status_decode(TDX_PAMT_OVERLAP + 2 + (TDX_PS_4K << 8) + (9 << 16), TDH_SYS_CONFIG, &d);
	assert_int_equal(d.tdmr, 2);
	assert_int_equal(d.pamt_page_size, TDX_PS_4K);
	assert_int_equal(d.index2, 9);
	tdx_status_format(buf, sizeof(buf), TDX_PAMT_OVERLAP + 2 + (9 << 16), TDH_SYS_CONFIG);
	assert_non_null(strstr(buf, "(TDMR 2 PAMT_4K, overlaps TDMR 9)"));

	tdx_status_decode(TDX_INVALID_RESERVED_IN_TDMR + 4 + (15 << 8), TDH_SYS_CONFIG, &d);
	assert_int_equal(d.tdmr, 4);
	assert_int_equal(d.index2, 15);
	assert_int_equal(d.pamt_page_size, -1);
	tdx_status_format(buf, sizeof(buf), TDX_NON_ORDERED_RESERVED_IN_TDMR + 4 + (15 << 8), 45);
	assert_non_null(strstr(buf, "TDX_NON_ORDERED_RESERVED_IN_TDMR (TDMR 4, reserved area 15)"));

	/* A page-size byte the module never writes still decodes. */
	tdx_status_format(buf, sizeof(buf), TDX_INVALID_PAMT + (7 << 8), TDH_SYS_CONFIG);
	assert_non_null(strstr(buf, "PAMT_size 7"));
}

static void test_leaf_specific_hints(void **state)
{
	struct tdx_status_decoded rd, other;
	char buf[256];

	tdx_status_decode(TDX_SYS_NOT_READY, TDH_SYS_RD, &rd);
	tdx_status_decode(TDX_SYS_NOT_READY, TDH_MNG_CREATE, &other);
	assert_non_null(strstr(rd.hint, "TDX module 1.0 or not initialized"));
	assert_non_null(strstr(rd.hint, "update the BIOS/TDX module"));
	assert_string_not_equal(rd.hint, other.hint);
	assert_string_equal(rd.leaf_name, "TDH.SYS.RD");

	/* Version bits in RAX do not change the leaf. */
	tdx_status_decode(TDX_SYS_NOT_READY, TDH_SYS_RD | (1 << 16), &other);
	assert_string_equal(rd.hint, other.hint);

	tdx_status_decode(TDX_SEAMCALL_VMFAILINVALID, TDH_SYS_INIT, &rd);
	assert_string_equal(rd.hint, "TDX module not loaded (SEAM): enable TDX in the BIOS");
	assert_true(rd.sw);
	assert_int_equal(rd.detail, 0);
	tdx_status_decode(TDX_SEAMCALL_VMFAILINVALID, SEAMLDR_INFO, &rd);
	assert_non_null(strstr(rd.hint, "P-SEAMLDR"));

	tdx_status_decode(TDX_SEAMCALL_UD, TDH_SYS_INIT, &rd);
	assert_string_equal(rd.hint, "CPU not in VMX operation or SEAMCALL unsupported");
	tdx_status_decode(TDX_SEAMCALL_GP, TDH_SYS_INIT, &rd);
	assert_non_null(strstr(rd.hint, "BIOS"));

	/* Unknown host-path code: generic SW error, detail kept. */
	assert_int_equal(tdx_status_decode(TDX_SW_ERROR | 0x1234, TDH_SYS_INIT, &rd), 0);
	assert_string_equal(rd.name, "TDX_SW_ERROR");
	assert_int_equal(rd.detail, 0x1234);
	tdx_status_format(buf, sizeof(buf), TDX_SW_ERROR | 0x1234, TDH_SYS_INIT);
	assert_non_null(strstr(buf, "detail 0x1234"));
}

static void test_unknown_and_flag_bits(void **state)
{
	struct tdx_status_decoded d;
	char buf[256];

	assert_int_equal(tdx_status_decode(0xC0007F0100000000ULL, TDH_SYS_RD, &d), -ENOENT);
	assert_null(d.name);
	assert_int_equal(d.class_, 0x7F);
	assert_true(d.error);
	assert_true(d.non_recoverable);
	assert_non_null(d.hint);
	assert_string_equal(d.class_name, "unknown class");
	tdx_status_format(buf, sizeof(buf), 0xC0007F0100000000ULL, TDH_SYS_RD);
	assert_memory_equal(buf, "UNKNOWN (class 0x7f unknown class, error, non-recoverable): ",
			    strlen("UNKNOWN (class 0x7f unknown class, error, non-recoverable): "));

	/* Unknown code in a known class takes that class's hint. */
	tdx_status_decode(0xC000057700000000ULL, TDX_LEAF_NONE, &d);
	assert_null(d.name);
	assert_string_equal(d.class_name, "module state");

	/* Fatal bit on a known code. */
	assert_int_equal(tdx_status_decode(TDX_OPERAND_INVALID | TDX_STATUS_FATAL | 1, 0, &d), 0);
	assert_string_equal(d.name, "TDX_OPERAND_INVALID");
	assert_true(d.fatal);
	assert_string_equal(d.operand, "RCX");
	tdx_status_format(buf, sizeof(buf), TDX_OPERAND_INVALID | TDX_STATUS_FATAL | 1, 0);
	assert_non_null(strstr(buf, "[fatal]"));

	/* NON_RECOVERABLE_TD has the fatal bit in its own code. */
	tdx_status_decode(TDX_NON_RECOVERABLE_TD, 0, &d);
	assert_string_equal(d.name, "TDX_NON_RECOVERABLE_TD");
	tdx_status_format(buf, sizeof(buf), TDX_NON_RECOVERABLE_TD, 0);
	assert_null(strstr(buf, "[fatal]"));

	/* Non-error statuses */
	tdx_status_decode(TDX_KEY_CONFIGURED, TDH_SYS_KEY_CONFIG, &d);
	assert_false(d.error);
	assert_string_equal(d.name, "TDX_KEY_CONFIGURED");
	tdx_status_decode(TDX_SUCCESS, TDH_SYS_INIT, &d);
	assert_string_equal(d.name, "TDX_SUCCESS");
	assert_false(d.error);
}

/* xorshift64*: reproducible "random" u64s. */
static u64 rnd_state = 0x9E3779B97F4A7C15ULL;

static u64 rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 0x2545F4914F6CDD1DULL;
}

static void test_fuzz_never_crashes(void **state)
{
	unsigned int nr, i;
	const struct tdx_status_info *t = tdx_status_table(&nr);
	char buf[80];

	for (i = 0; i < 300000; i++) {
		u64 r = rnd(), status, leaf;
		struct tdx_status_decoded d;
		size_t len = (size_t)(rnd() % 64);
		int n, e;

		/* Mix raw noise with table codes plus noisy detail bits. */
		switch (i % 4) {
		case 0:
			status = r;
			break;
		case 1:
			status = t[r % nr].code | (rnd() & TDX_STATUS_DETAIL_MASK);
			break;
		case 2:
			status = t[r % nr].code | (rnd() & 0xFFFF);
			break;
		default:
			status = (r & 0xF000FFFF00000000ULL) | (rnd() & 0xFFFFFF);
			break;
		}
		leaf = (i & 8) ? rnd() : rnd() % 100;

		tdx_status_decode(status, leaf, &d);
		assert_non_null(d.hint);
		assert_non_null(d.class_name);
		assert_int_equal(d.class_, (status >> 40) & 0xff);
		assert_true(d.tdmr >= -1 && d.tdmr < 256);

		memset(buf, 'X', sizeof(buf));
		n = tdx_status_format(buf, len, status, leaf);
		assert_true(n > 0);
		if (len) {
			size_t got = strlen(buf);

			assert_true(got < len);
			assert_true(got == ((size_t)n < len ? (size_t)n : len - 1));
		}
		assert_true(buf[len] == 'X' || len == 0);
		assert_true(buf[sizeof(buf) - 1] == 'X');

		e = tdx_status_to_errno(status);
		assert_true(e == 0 || e == -EIO || e == -ENODEV || e == -EOPNOTSUPP ||
			    e == -EACCES);
		if (status >> 63)
			assert_int_not_equal(e, 0);
		else
			assert_int_equal(e, 0);
	}
	/* NULL buffer with zero length only counts. */
	assert_true(tdx_status_format(NULL, 0, TDX_SYS_NOT_READY, TDH_SYS_RD) > 20);
}

static void test_format_truncation(void **state)
{
	char full[256], small[16];
	int n = tdx_status_format(full, sizeof(full), TDX_SYS_BUSY, TDH_SYS_CONFIG);
	int m = tdx_status_format(small, sizeof(small), TDX_SYS_BUSY, TDH_SYS_CONFIG);

	assert_int_equal(n, m);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, full, sizeof(small) - 1);
	assert_int_equal(tdx_status_format(small, 1, TDX_SYS_BUSY, 0), n);
	assert_string_equal(small, "");
}

static void test_leaf_names(void **state)
{
	unsigned int i;
	u64 leaf;

	for (i = 0; i < ARRAY_SIZE(facts_leaves); i++) {
		const char *n = tdx_leaf_name(facts_leaves[i].leaf);

		assert_non_null(n);
		assert_string_equal(n, facts_leaves[i].name);
		assert_int_equal(tdx_leaf_lookup(facts_leaves[i].name, &leaf), 0);
		assert_true(leaf == facts_leaves[i].leaf);
	}
	/* Round trip over the whole 16-bit space, with and without a version. */
	for (leaf = 0; leaf <= 0xffff; leaf++) {
		const char *n = tdx_leaf_name(leaf);

		if (!n) {
			assert_null(tdx_leaf_name(leaf | (2 << 16)));
			continue;
		}
		assert_int_equal(tdx_leaf_from_name(n), (int)leaf);
		assert_string_equal(tdx_leaf_name(leaf | (1 << 16)), n);
		assert_string_equal(tdx_leaf_name(leaf | (0xffULL << 16)), n);
	}
	/* Reserved RAX bits: not a leaf. */
	assert_null(tdx_leaf_name(TDH_SYS_INIT | (1ULL << 24)));
	assert_null(tdx_leaf_name(TDH_SYS_INIT | (1ULL << 40)));
	assert_null(tdx_leaf_name(0x8000000000000002ULL));
	assert_null(tdx_leaf_name(TDX_LEAF_NONE));
	assert_null(tdx_leaf_name(0xffff));

	assert_int_equal(tdx_leaf_from_name("TDH.SYS.INIT"), 33);
	assert_int_equal(tdx_leaf_from_name("tdh.sys.init"), 33);
	assert_int_equal(tdx_leaf_from_name("TDH_SYS_INIT"), 33);
	assert_int_equal(tdx_leaf_from_name("tdh_sys_rd"), 34);
	assert_int_equal(tdx_leaf_from_name("SYS.TDMR.INIT"), 36);
	assert_int_equal(tdx_leaf_from_name("TDH.SYS.RDALL"), 37);
	assert_int_equal(tdx_leaf_from_name("TDH.SYS.RD."), -EINVAL);
	assert_int_equal(tdx_leaf_from_name("TDH.SYS"), -EINVAL);
	assert_int_equal(tdx_leaf_from_name(""), -EINVAL);
	assert_int_equal(tdx_leaf_from_name(NULL), -EINVAL);
	assert_int_equal(tdx_leaf_from_name("seamldr_info"), -ERANGE);

	assert_int_equal(tdx_leaf_lookup("seamldr.install", &leaf), 0);
	assert_true(leaf == SEAMLDR_INSTALL);
	assert_int_equal(tdx_leaf_lookup("34", &leaf), 0);
	assert_true(leaf == 34);
	assert_int_equal(tdx_leaf_lookup("0x21", &leaf), 0);
	assert_true(leaf == 33);
	assert_int_equal(tdx_leaf_lookup("0x", &leaf), -EINVAL);
	assert_int_equal(tdx_leaf_lookup("34x", &leaf), -EINVAL);
	assert_int_equal(tdx_leaf_lookup("99999999999999999999999", &leaf), -EINVAL);
	assert_int_equal(tdx_leaf_lookup("TDH.NOPE", &leaf), -EINVAL);
}

static void test_parse_lines(void **state)
{
	static const struct {
		const char *line;
		u64 leaf, status;
	} good[] = {
		/* TDX-FACTS.md's real reports */
		{ "SEAMCALL 0x22 failed 0xc000050500000000", 34, 0xc000050500000000ULL },
		{ "[    3.1] virt/tdx: SEAMCALL 0x21 failed 0xc000090000000000", 33,
		  0xc000090000000000ULL },
		/* upstream tdx.c, hex leaf */
		{ "[ 12.345678] virt/tdx: SEAMCALL (0x0000000000000022) failed: 0xc000050500000000",
		  34, 0xc000050500000000ULL },
		/* later upstream, decimal leaf */
		{ "virt/tdx: SEAMCALL (34) failed: 0xc000050500000000", 34, 0xc000050500000000ULL },
		/* %lld of a P-SEAMLDR leaf */
		{ "SEAMCALL (-9223372036854775808) failed: 0x8000ff00ffff0000", SEAMLDR_INFO,
		  0x8000ff00ffff0000ULL },
		/* KVM */
		{ "kvm_intel: SEAMCALL TDH_MNG_CREATE failed: 0x8000020000000080", 9,
		  0x8000020000000080ULL },
		/* ours */
		{ "tdxhost: SEAMCALL TDH.SYS.RD (34) failed: 0xc000050500000000 TDX_SYS_NOT_READY: x",
		  34, 0xc000050500000000ULL },
		{ "seamcall tdh.sys.config failed: 0xC0000A0200000003", 45, 0xc0000a0200000003ULL },
		{ "SEAMCALL leaf 36 failed: c0000a0300000000", 36, 0xc0000a0300000000ULL },
		/* no leaf in the line */
		{ "SEAMCALL failed: 0x8000ff0000000006", TDX_LEAF_NONE, 0x8000ff0000000006ULL },
		/* first SEAMCALL is chatter, the second parses */
		{ "SEAMCALL retry; SEAMCALL (0x21) failed: 0x0", 33, 0 },
	};
	static const char *const bad[] = {
		"", "SEAMCALL", "SEAMCALL 0x22 failed", "SEAMCALL 0x22 failed: ",
		"failed 0xc000050500000000", "SEAMCALL 0x22 failed 0xZZ",
		"SEAMCALL (0x22) failed: 0x1c000050500000000", "random garbage\n\t",
		"SEAMCAL 0x22 failed 0x1", "\xff\xfe\x01SEAMCALL\x80" "failed\x7f",
	};
	unsigned int i;
	u64 leaf, status;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		leaf = status = 0x5a5a;
		assert_int_equal(tdx_parse_seamcall_line(good[i].line, &leaf, &status), 0);
		assert_true(leaf == good[i].leaf);
		assert_true(status == good[i].status);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(tdx_parse_seamcall_line(bad[i], &leaf, &status), -EINVAL);
	assert_int_equal(tdx_parse_seamcall_line(NULL, &leaf, &status), -EINVAL);
}

static void test_own_format_round_trips(void **state)
{
	static const char own_line[] =
		"SEAMCALL TDH.SYS.RD (34) failed: 0xc000050500000000 TDX_SYS_NOT_READY: TDX module 1.0";
	unsigned int nr, i, j;
	const struct tdx_status_info *t = tdx_status_table(&nr);
	static const u64 leaves[] = {
		TDH_SYS_INIT, TDH_SYS_RD, TDH_SYS_CONFIG, TDH_SYS_TDMR_INIT, 1000, SEAMLDR_INSTALL,
	};
	char buf[512];

	for (i = 0; i < nr; i++) {
		for (j = 0; j < ARRAY_SIZE(leaves); j++) {
			u64 status = t[i].code | (i & 3), leaf, got;

			if (TDX_STATUS_CLASS(t[i].code) == 0xFF)
				status = t[i].code;
			tdx_seamcall_format(buf, sizeof(buf), leaves[j], status);
			assert_int_equal(tdx_parse_seamcall_line(buf, &leaf, &got), 0);
			assert_true(leaf == leaves[j]);
			assert_true(got == status);
		}
	}
	tdx_seamcall_format(buf, sizeof(buf), TDH_SYS_RD, TDX_SYS_NOT_READY);
	assert_memory_equal(buf, own_line, strlen(own_line));
}

static void test_errno_mapping(void **state)
{
	assert_int_equal(tdx_status_to_errno(TDX_SUCCESS), 0);
	assert_int_equal(tdx_status_to_errno(TDX_SEAMCALL_VMFAILINVALID), -ENODEV);
	assert_int_equal(tdx_status_to_errno(TDX_SEAMCALL_GP), -EOPNOTSUPP);
	assert_int_equal(tdx_status_to_errno(TDX_SEAMCALL_UD), -EACCES);
	assert_int_equal(tdx_status_to_errno(TDX_SW_ERROR), -EIO);
	assert_int_equal(tdx_status_to_errno(TDX_SYS_NOT_READY), -EIO);
	assert_int_equal(tdx_status_to_errno(TDX_OPERAND_BUSY + 0x80), -EIO);
	assert_int_equal(tdx_status_to_errno(TDX_RND_NO_ENTROPY), -EIO);
	/* Bit 63 clear: not an error. */
	assert_int_equal(tdx_status_to_errno(TDX_KEY_CONFIGURED), 0);
	assert_int_equal(tdx_status_to_errno(TDX_TDMR_ALREADY_INITIALIZED), 0);
	assert_int_equal(tdx_status_to_errno(TDX_NON_RECOVERABLE_TD), 0);
	assert_int_equal(tdx_status_to_errno(0x7fffffffffffffffULL), 0);
	assert_int_equal(tdx_status_to_errno(~0ULL), -EIO);
}

static void test_status_lookup_and_classes(void **state)
{
	u64 code;

	assert_int_equal(tdx_status_lookup("sys_not_ready", &code), 0);
	assert_true(code == TDX_SYS_NOT_READY);
	assert_int_equal(tdx_status_lookup("TDX_PAMT_OVERLAP", &code), 0);
	assert_true(code == TDX_PAMT_OVERLAP);
	assert_int_equal(tdx_status_lookup("TDX_NOPE", &code), -EINVAL);
	assert_int_equal(tdx_status_lookup(NULL, &code), -EINVAL);
	assert_string_equal(tdx_status_class_name(0x05), "module state");
	assert_string_equal(tdx_status_class_name(0xFF), "host SEAMCALL path");
	assert_string_equal(tdx_status_class_name(0x42), "unknown class");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facts_codes_in_table),
		cmocka_unit_test(test_table_consistent),
		cmocka_unit_test(test_hints_for_every_error_code),
		cmocka_unit_test(test_operand_decoding),
		cmocka_unit_test(test_tdmr_decoding),
		cmocka_unit_test(test_leaf_specific_hints),
		cmocka_unit_test(test_unknown_and_flag_bits),
		cmocka_unit_test(test_fuzz_never_crashes),
		cmocka_unit_test(test_format_truncation),
		cmocka_unit_test(test_leaf_names),
		cmocka_unit_test(test_parse_lines),
		cmocka_unit_test(test_own_format_round_trips),
		cmocka_unit_test(test_errno_mapping),
		cmocka_unit_test(test_status_lookup_and_classes),
	};

	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
