// SPDX-License-Identifier: GPL-2.0
/* Tests of the TDVF metadata parser: crafted images, each error class, Debian's OVMF. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tdvf.h"
#include "tdvf_fixture.h"

#define DEBIAN_OVMF		"/usr/share/ovmf/OVMF.fd"
#define DEBIAN_OVMF_CODE	"/usr/share/OVMF/OVMF_CODE.fd"
#define DEBIAN_OVMF_CODE_4M	"/usr/share/OVMF/OVMF_CODE_4M.fd"

static struct tdvf_image out;
static struct tdvf_error err;

static int parse(void)
{
	memset(&err, 0x5a, sizeof(err));
	return tdvf_parse(fx_img, fx_size, &out, &err);
}

/* parse() fails with @code about @section/@field, and the text says @text. */
static void expect_fail(enum tdvf_err code, int section, const char *field, const char *text)
{
	int ret = parse();

	if (ret != -EINVAL || err.code != code)
		print_error("got %d code %d: %s\n", ret, err.code, err.msg);
	assert_int_equal(ret, -EINVAL);
	assert_int_equal(err.code, code);
	assert_int_equal(err.section, section);
	if (field) {
		assert_non_null(err.field);
		assert_string_equal(err.field, field);
		assert_non_null(strstr(err.msg, field));
	} else {
		assert_null(err.field);
	}
	if (section >= 0) {
		char want[32];

		snprintf(want, sizeof(want), "section %d (", section);
		assert_non_null(strstr(err.msg, want));
	}
	if (text && !strstr(err.msg, text))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, text);
	assert_true(strlen(err.msg) < sizeof(err.msg));
	assert_null(strchr(err.msg, '\n'));
}

static void expect_section(unsigned int i, const struct fx_sec *s)
{
	assert_true(i < out.nr_sections);
	assert_int_equal(out.sections[i].data_offset, s->off);
	assert_int_equal(out.sections[i].raw_size, s->raw);
	assert_int_equal(out.sections[i].gpa, s->gpa);
	assert_int_equal(out.sections[i].mem_size, s->size);
	assert_int_equal(out.sections[i].type, s->type);
	assert_int_equal(out.sections[i].attributes, s->attr);
}

static void test_ovmf_shape(void **state)
{
	(void)state;
	fx_build_ovmf();
	assert_int_equal(parse(), 0);
	assert_int_equal(err.code, TDVF_OK);
	assert_int_equal(err.section, -1);
	assert_int_equal(out.locator, TDVF_LOC_OVMF_TABLE);
	assert_int_equal(out.desc_offset, FX_DESC);
	assert_int_equal(out.nr_sections, 5);
	for (unsigned int i = 0; i < 5; i++)
		expect_section(i, &fx_ovmf[i]);
	assert_int_equal(out.total_pages, 3 + 1 + 16 + 2 + 6);
	assert_true(tdvf_section_measured(&out.sections[0]));
	assert_false(tdvf_section_measured(&out.sections[1]));
	assert_true(tdvf_section_added(&out.sections[3]));
	/* NULL error pointer is fine */
	assert_int_equal(tdvf_parse(fx_img, fx_size, &out, NULL), 0);
}

/* Every section type and attribute the parser accepts, in one image. */
static void test_every_type_and_attribute(void **state)
{
	static const struct fx_sec s[] = {
		{ 0x1000, 0x3000, 0xffffd000, 0x3000, TDVF_SECTION_BFV, TDVF_ATTR_MR_EXTEND },
		{ 0, 0x1000, 0xffffc000, 0x1000, TDVF_SECTION_BFV, 0 },
		{ 0, 0x1000, 0xffffa000, 0x2000, TDVF_SECTION_CFV, 0 },
		{ 0x2000, 0x800, 0xffff9000, 0x1000, TDVF_SECTION_CFV, TDVF_ATTR_MR_EXTEND },
		{ 0, 0, 0x809000, 0x2000, TDVF_SECTION_TD_HOB, 0 },
		{ 0, 0, 0x800000, 0x6000, TDVF_SECTION_TEMP_MEM, 0 },
		{ 0, 0, 0x900000, 0x1000, TDVF_SECTION_TEMP_MEM, TDVF_ATTR_PAGE_AUG },
		{ 0, 0, 0x1000000, 0x100000, TDVF_SECTION_PERM_MEM, TDVF_ATTR_PAGE_AUG },
		{ 0, 0, 0x2000000, 0x2000, TDVF_SECTION_PERM_MEM, 0 },
		{ 0x1000, 0x1000, 0x3000000, 0x4000, TDVF_SECTION_PAYLOAD, TDVF_ATTR_MR_EXTEND },
		{ 0, 0, 0x4000000, 0x1000, TDVF_SECTION_PAYLOAD, 0 },
		{ 0, 0, 0x5000000, 0x1000, TDVF_SECTION_PAYLOAD, TDVF_ATTR_PAGE_AUG },
		{ 0, 0, 0x6000000, 0x1000, TDVF_SECTION_PAYLOAD_PARAM, 0 },
		{ 0x3000, 0x100, 0x7000000, 0x1000, TDVF_SECTION_PAYLOAD_PARAM, 0 },
		{ 0, 0, 0x8000000, 0x1000, TDVF_SECTION_PAYLOAD_PARAM, TDVF_ATTR_PAGE_AUG },
	};
	unsigned int n = sizeof(s) / sizeof(s[0]);

	(void)state;
	fx_build(s, n);
	assert_int_equal(parse(), 0);
	assert_int_equal(out.nr_sections, n);
	for (unsigned int i = 0; i < n; i++)
		expect_section(i, &s[i]);
	assert_false(tdvf_section_added(&out.sections[7]));
	assert_false(tdvf_section_measured(&out.sections[7]));
	assert_true(tdvf_section_measured(&out.sections[9]));
	for (unsigned int t = 0; t < TDVF_SECTION_TYPE_NR; t++)
		assert_string_not_equal(tdvf_type_name(t), "?");
	assert_string_equal(tdvf_type_name(2), "TD_HOB");
	assert_string_equal(tdvf_type_name(7), "?");
}

static void test_tdshim_pointer(void **state)
{
	(void)state;
	fx_build_ovmf();
	memset(fx_img + FX_SIZE - 128, 0, 128);	/* no OVMF table */
	fx_le32(FX_SIZE - 32, FX_DESC);
	assert_int_equal(parse(), 0);
	assert_int_equal(out.locator, TDVF_LOC_TDSHIM);
	assert_int_equal(out.desc_offset, FX_DESC);
	assert_int_equal(out.nr_sections, 5);

	/* a pointer without the metadata GUID before it is not believed */
	fx_img[FX_DESC - 1] ^= 1;
	expect_fail(TDVF_ERR_FOOTER_GUID, -1, NULL, "td-shim");
	fx_img[FX_DESC - 1] ^= 1;
	fx_le32(FX_SIZE - 32, FX_SIZE - 8);
	expect_fail(TDVF_ERR_FOOTER_GUID, -1, NULL, NULL);
	fx_le32(FX_SIZE - 32, 0xffffffff);
	expect_fail(TDVF_ERR_FOOTER_GUID, -1, NULL, NULL);
}

static void test_truncated(void **state)
{
	(void)state;
	fx_build_ovmf();
	for (fx_size = 0; fx_size < 50; fx_size++)
		expect_fail(TDVF_ERR_TRUNCATED, -1, NULL, "too small");
	assert_int_equal(tdvf_parse(NULL, 100, &out, &err), -EINVAL);
	assert_int_equal(err.code, TDVF_ERR_TRUNCATED);
	/* a truncated file loses its footer */
	fx_size = FX_SIZE - 0x100;
	expect_fail(TDVF_ERR_FOOTER_GUID, -1, NULL, "96b582de-1fb2-45f7-baea-a366c55a082d");
}

static void test_bad_footer_guid(void **state)
{
	(void)state;
	fx_build_ovmf();
	fx_img[FX_SIZE - 48] ^= 0x80;
	expect_fail(TDVF_ERR_FOOTER_GUID, -1, NULL, "48 bytes before the end");
	fx_build_ovmf();
	fx_img[FX_SIZE - 33] ^= 0x01;
	expect_fail(TDVF_ERR_FOOTER_GUID, -1, NULL, NULL);
}

static void test_table_lies(void **state)
{
	(void)state;
	/* table length larger than the image */
	fx_build_ovmf();
	fx_le16(FX_SIZE - 50, 0xffff);
	expect_fail(TDVF_ERR_TABLE, -1, "OVMF table length", "does not fit");

	/* table length smaller than its own footer */
	fx_build_ovmf();
	fx_le16(FX_SIZE - 50, 17);
	expect_fail(TDVF_ERR_TABLE, -1, "OVMF table length", NULL);

	/* empty table: no TDX entry */
	fx_build_ovmf();
	fx_le16(FX_SIZE - 50, 18);
	expect_fail(TDVF_ERR_NO_TDX_ENTRY, -1, NULL, "e47a6535");

	/* too short for one entry: nothing walked */
	fx_build_ovmf();
	fx_le16(FX_SIZE - 50, 18 + 10);
	expect_fail(TDVF_ERR_NO_TDX_ENTRY, -1, NULL, NULL);
	/* shorter than the TDX entry in it */
	fx_build_ovmf();
	fx_le16(FX_SIZE - 50, 18 + 20);
	expect_fail(TDVF_ERR_TABLE, -1, "OVMF table entry length", NULL);

	/* entry length 0 would loop forever; longer than the table is a lie */
	fx_build_ovmf();
	fx_le16(FX_SIZE - 50 - 18, 0);
	expect_fail(TDVF_ERR_TABLE, -1, "OVMF table entry length", "not within 18..");
	fx_build_ovmf();
	fx_le16(FX_SIZE - 50 - 18, 45);
	expect_fail(TDVF_ERR_TABLE, -1, "OVMF table entry length", NULL);
	/* the SEV entry (second one walked) lies */
	fx_build_ovmf();
	memcpy(fx_img + FX_SIZE - 50 - 16, fx_guid_sev, 16);	/* TDX entry becomes SEV */
	fx_le16(FX_SIZE - 50 - 22 - 18, 23);
	expect_fail(TDVF_ERR_TABLE, -1, "OVMF table entry length", NULL);

	/* TDX entry too short for its u32 */
	fx_build_ovmf();
	fx_le16(FX_SIZE - 50 - 18, 20);
	fx_le16(FX_SIZE - 50, 18 + 20);
	expect_fail(TDVF_ERR_TABLE, -1, "TDX metadata offset entry", "4 bytes");

	/* no TDX entry at all: a plain OVMF */
	fx_build_ovmf();
	fx_img[FX_SIZE - 50 - 1] ^= 0xff;
	expect_fail(TDVF_ERR_NO_TDX_ENTRY, -1, NULL, "not a TDX firmware");
}

static void test_descriptor_offset(void **state)
{
	static const uint32_t bad[] = { 0, 1, 15, FX_SIZE - 15, FX_SIZE, FX_SIZE + 1, 0x80000000,
					0xffffffff };

	(void)state;
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fx_build_ovmf();
		fx_le32(FX_SIZE - 50 - 22, bad[i]);
		expect_fail(TDVF_ERR_DESC_OFFSET, -1, "TDX metadata offset", "from the image end");
	}
	/* in range, but nothing there */
	fx_build_ovmf();
	fx_le32(FX_SIZE - 50 - 22, FX_SIZE - 0x100);
	expect_fail(TDVF_ERR_METADATA_GUID, -1, NULL, "e9eaf9f3");
	/* at the very start: GUID at 0 */
	fx_build_ovmf();
	fx_le32(FX_SIZE - 50 - 22, FX_SIZE - 16);
	expect_fail(TDVF_ERR_METADATA_GUID, -1, NULL, NULL);
}

static void test_descriptor_header(void **state)
{
	(void)state;
	fx_build_ovmf();
	fx_img[FX_DESC - 16] ^= 1;
	expect_fail(TDVF_ERR_METADATA_GUID, -1, NULL, "before the descriptor");

	fx_build_ovmf();
	memcpy(fx_img + FX_DESC, "TDVG", 4);
	expect_fail(TDVF_ERR_SIGNATURE, -1, "Signature", "is not \"TDVF\"");

	fx_build_ovmf();
	fx_le32(FX_DESC + 8, 2);
	expect_fail(TDVF_ERR_VERSION, -1, "Version", "is not 1");
	fx_le32(FX_DESC + 8, 0);
	expect_fail(TDVF_ERR_VERSION, -1, "Version", NULL);

	fx_build_ovmf();
	fx_le32(FX_DESC + 4, 16 + 32 * 5 + 1);
	expect_fail(TDVF_ERR_LENGTH, -1, "Length", "16 + 32 * 5");
	fx_le32(FX_DESC + 4, 16 + 32 * 4);
	expect_fail(TDVF_ERR_LENGTH, -1, "Length", NULL);
	fx_le32(FX_DESC + 4, 0xffffffff);
	expect_fail(TDVF_ERR_LENGTH, -1, "Length", NULL);

	/* consistent, but the sections would run past the end of the image */
	fx_build_ovmf();
	fx_le32(FX_DESC + 4, 16 + 32 * 32);
	fx_le32(FX_DESC + 12, 32);
	memcpy(fx_img + FX_SIZE - 0x300 - 16, fx_guid_meta, 16);
	memcpy(fx_img + FX_SIZE - 0x300, fx_img + FX_DESC, 16);
	fx_le32(FX_SIZE - 50 - 22, 0x300);
	expect_fail(TDVF_ERR_LENGTH, -1, "Length", "runs past the image end");
}

static void test_section_count(void **state)
{
	struct fx_sec s[TDVF_MAX_SECTIONS + 1];

	(void)state;
	fx_build_ovmf();
	fx_le32(FX_DESC + 12, 33);
	fx_le32(FX_DESC + 4, 16 + 32 * 33);
	expect_fail(TDVF_ERR_COUNT, -1, "NumberOfSectionEntries", "not within 2..32");
	fx_le32(FX_DESC + 12, 0xffffffff);
	expect_fail(TDVF_ERR_COUNT, -1, "NumberOfSectionEntries", NULL);
	fx_le32(FX_DESC + 12, 1);
	fx_le32(FX_DESC + 4, 16 + 32);
	expect_fail(TDVF_ERR_COUNT, -1, "NumberOfSectionEntries", NULL);
	fx_le32(FX_DESC + 12, 0);
	fx_le32(FX_DESC + 4, 16);
	expect_fail(TDVF_ERR_COUNT, -1, "NumberOfSectionEntries", NULL);

	/* exactly the maximum is fine */
	s[0] = fx_ovmf[0];
	s[1] = fx_ovmf[3];
	for (unsigned int i = 2; i < TDVF_MAX_SECTIONS; i++)
		s[i] = (struct fx_sec){ 0, 0, 0x1000000 + 0x1000 * i, 0x1000, TDVF_SECTION_TEMP_MEM, 0 };
	fx_build(s, TDVF_MAX_SECTIONS);
	assert_int_equal(parse(), 0);
	assert_int_equal(out.nr_sections, TDVF_MAX_SECTIONS);
	/* one more is not */
	s[TDVF_MAX_SECTIONS] = (struct fx_sec){ 0, 0, 0x2000000, 0x1000, TDVF_SECTION_TEMP_MEM, 0 };
	fx_build(s, TDVF_MAX_SECTIONS + 1);
	expect_fail(TDVF_ERR_COUNT, -1, "NumberOfSectionEntries", NULL);
}

/* Build the OVMF shape with section @i changed by @set, expect the failure. */
static void sec_fail(unsigned int i, void (*set)(struct fx_sec *), enum tdvf_err code,
		     const char *field, const char *text)
{
	struct fx_sec s[5];

	memcpy(s, fx_ovmf, sizeof(s));
	set(&s[i]);
	fx_build(s, 5);
	expect_fail(code, (int)i, field, text);
}

static void set_type7(struct fx_sec *s) { s->type = 7; }
static void set_type_big(struct fx_sec *s) { s->type = 0x80000000; }
static void set_attr4(struct fx_sec *s) { s->attr |= 4; }
static void set_attr_top(struct fx_sec *s) { s->attr |= 0x80000000; }
static void set_gpa_odd(struct fx_sec *s) { s->gpa += 0x800; }
static void set_size_odd(struct fx_sec *s) { s->size += 0x10; }
static void set_size_zero(struct fx_sec *s) { s->size = 0; }
static void set_off_odd(struct fx_sec *s) { s->off += 0x200; }
static void set_data_past_end(struct fx_sec *s)
{
	s->off = FX_SIZE - 0x1000;
	s->raw = 0x2000;
	s->size = 0x2000;
}

static void set_data_huge_off(struct fx_sec *s) { s->off = 0xfffff000; }
static void set_raw_over_size(struct fx_sec *s) { s->raw = (uint32_t)s->size + 1; }
static void set_gpa_wrap(struct fx_sec *s) { s->gpa = 0xfffffffffffff000ull; }
static void set_gpa_limit(struct fx_sec *s) { s->gpa = (1ull << 51) - 0x1000; }
static void set_size_huge(struct fx_sec *s) { s->size = 0xfffffffffffff000ull; }
static void set_raw_zero(struct fx_sec *s) { s->raw = 0; s->off = 0; }
static void set_raw_some(struct fx_sec *s) { s->raw = 0x10; }
static void set_off_no_raw(struct fx_sec *s) { s->off = 0x1000; }
static void set_extend(struct fx_sec *s) { s->attr = TDVF_ATTR_MR_EXTEND; }
static void set_aug(struct fx_sec *s) { s->attr = TDVF_ATTR_PAGE_AUG; }
static void set_aug_extend(struct fx_sec *s) { s->attr = TDVF_ATTR_PAGE_AUG | TDVF_ATTR_MR_EXTEND; }
static void set_to_hob(struct fx_sec *s) { s->type = TDVF_SECTION_TD_HOB; }
static void set_to_temp(struct fx_sec *s) { s->type = TDVF_SECTION_TEMP_MEM; }
static void set_overlap_bfv(struct fx_sec *s) { s->gpa = 0xffffe000; }
static void set_overlap_hob_end(struct fx_sec *s) { s->gpa = 0x80a000; s->size = 0x1000; }
static void set_overlap_cover(struct fx_sec *s) { s->gpa = 0x700000; s->size = 0x200000; }

static void test_section_fields(void **state)
{
	(void)state;
	sec_fail(2, set_type7, TDVF_ERR_TYPE, "Type", "0x7 is unknown");
	sec_fail(0, set_type_big, TDVF_ERR_TYPE, "Type", NULL);
	sec_fail(1, set_attr4, TDVF_ERR_ATTR, "Attributes", "unknown bits");
	sec_fail(0, set_attr_top, TDVF_ERR_ATTR, "Attributes", "0x80000001");
	sec_fail(3, set_gpa_odd, TDVF_ERR_ALIGN, "MemoryAddress", "0x809800 is not 4K aligned");
	sec_fail(4, set_size_odd, TDVF_ERR_ALIGN, "MemoryDataSize", "not 4K aligned");
	sec_fail(2, set_size_zero, TDVF_ERR_SIZE, "MemoryDataSize", "empty");
	sec_fail(0, set_off_odd, TDVF_ERR_ALIGN, "DataOffset", "0x1200 is not 4K aligned");
	sec_fail(1, set_data_past_end, TDVF_ERR_RANGE, "DataOffset", "runs past the image end");
	sec_fail(1, set_data_huge_off, TDVF_ERR_RANGE, "DataOffset", NULL);
	sec_fail(1, set_raw_over_size, TDVF_ERR_SIZE, "RawDataSize", "larger than MemoryDataSize");
	sec_fail(2, set_gpa_wrap, TDVF_ERR_RANGE, "MemoryAddress", "2^51");
	sec_fail(4, set_gpa_limit, TDVF_ERR_RANGE, "MemoryAddress", NULL);
	sec_fail(3, set_size_huge, TDVF_ERR_RANGE, "MemoryAddress", NULL);
}

static void test_type_rules(void **state)
{
	(void)state;
	sec_fail(0, set_raw_zero, TDVF_ERR_RULE, "RawDataSize", "copied from the image");
	sec_fail(1, set_raw_zero, TDVF_ERR_RULE, "RawDataSize", NULL);
	sec_fail(3, set_raw_some, TDVF_ERR_RULE, "RawDataSize", "no data in the image");
	sec_fail(2, set_off_no_raw, TDVF_ERR_RULE, "DataOffset", "without raw data");
	sec_fail(3, set_extend, TDVF_ERR_RULE, "Attributes", "never measured");
	sec_fail(4, set_extend, TDVF_ERR_RULE, "Attributes", NULL);
	sec_fail(0, set_aug_extend, TDVF_ERR_RULE, "Attributes", NULL);
	sec_fail(2, set_aug_extend, TDVF_ERR_RULE, "Attributes", NULL);
	sec_fail(1, set_aug, TDVF_ERR_RULE, "Attributes", "raw data");
	sec_fail(3, set_aug, TDVF_ERR_RULE, "Attributes", "added before the TD runs");
}

static void set_hob_raw(struct fx_sec *s) { s->raw = 0x1000; s->off = 0x1000; }

static void test_type_rules_data(void **state)
{
	(void)state;
	/* raw data on a TD_HOB: the offset is fine, the type forbids it */
	sec_fail(3, set_hob_raw, TDVF_ERR_RULE, "RawDataSize", "no data in the image");
	sec_fail(2, set_hob_raw, TDVF_ERR_RULE, "RawDataSize", NULL);
}

static void test_overlap(void **state)
{
	(void)state;
	sec_fail(1, set_overlap_bfv, TDVF_ERR_OVERLAP, "MemoryAddress", "overlaps section 0 (BFV)");
	sec_fail(4, set_overlap_hob_end, TDVF_ERR_OVERLAP, "MemoryAddress", "overlaps section 3");
	sec_fail(4, set_overlap_cover, TDVF_ERR_OVERLAP, "MemoryAddress", "overlaps section 2");
	/* identical ranges */
	{
		struct fx_sec s[5];

		memcpy(s, fx_ovmf, sizeof(s));
		s[4].gpa = s[2].gpa;
		s[4].size = s[2].size;
		fx_build(s, 5);
		expect_fail(TDVF_ERR_OVERLAP, 4, "MemoryAddress", "[0x810000, 0x820000)");
	}
}

static void test_layout(void **state)
{
	struct fx_sec s[5];

	(void)state;
	memcpy(s, fx_ovmf, sizeof(s));
	set_to_hob(&s[4]);
	fx_build(s, 5);
	expect_fail(TDVF_ERR_LAYOUT, -1, NULL, "more than one TD_HOB");
	memcpy(s, fx_ovmf, sizeof(s));
	set_to_temp(&s[3]);
	fx_build(s, 5);
	expect_fail(TDVF_ERR_LAYOUT, -1, NULL, "no TD_HOB");
	memcpy(s, fx_ovmf, sizeof(s));
	s[0].type = TDVF_SECTION_CFV;
	s[0].attr = 0;
	fx_build(s, 5);
	expect_fail(TDVF_ERR_LAYOUT, -1, NULL, "no BFV");
	/* PERM_MEM stands in for the TD_HOB (td-shim) */
	memcpy(s, fx_ovmf, sizeof(s));
	s[3].type = TDVF_SECTION_PERM_MEM;
	fx_build(s, 5);
	assert_int_equal(parse(), 0);
}

/* Any prefix, suffix or bit flip of a good image: an answer, never a crash. */
static void test_mangled(void **state)
{
	static uint8_t good[FX_SIZE];
	uint32_t rnd = 12345;
	int ok = 0;

	(void)state;
	fx_build_ovmf();
	memcpy(good, fx_img, FX_SIZE);
	for (size_t len = 0; len <= FX_SIZE; len += 1 + len / 64) {
		assert_true(tdvf_parse(good, len, &out, &err) == 0 || err.code != TDVF_OK);
		assert_true(tdvf_parse(good + FX_SIZE - len, len, &out, &err) == 0 ||
			    err.code != TDVF_OK);
	}
	for (int iter = 0; iter < 20000; iter++) {
		unsigned int flips = 1 + iter % 4;

		memcpy(fx_img, good, FX_SIZE);
		fx_size = FX_SIZE;
		while (flips--) {
			rnd = rnd * 1103515245 + 12345;
			/* mostly in the metadata and footer, where it matters */
			size_t at = (rnd >> 8) % 0x900 + FX_SIZE - 0x900;

			fx_img[at] ^= (uint8_t)(1 << ((rnd >> 4) & 7));
		}
		if (parse() == 0) {
			ok++;
			assert_int_equal(err.code, TDVF_OK);
			for (unsigned int i = 0; i < out.nr_sections; i++) {
				const struct tdvf_section *s = &out.sections[i];

				assert_true((uint64_t)s->data_offset + s->raw_size <= FX_SIZE);
				assert_true(s->raw_size <= s->mem_size);
			}
		} else {
			assert_int_not_equal(err.code, TDVF_OK);
			assert_true(strlen(err.msg) > 10);
		}
	}
	assert_true(ok > 0);	/* flips in data bytes leave it valid */
}

static void test_debian_ovmf(void **state)
{
	size_t size;
	uint8_t *img = fx_read_file(DEBIAN_OVMF, &size);
	unsigned int nr[TDVF_SECTION_TYPE_NR] = { 0 };
	const struct tdvf_section *s;

	(void)state;
	if (!img)
		skip();
	if (tdvf_parse(img, size, &out, &err))
		fail_msg("%s: %s", DEBIAN_OVMF, err.msg);
	free(img);
	assert_int_equal(size, 2 << 20);
	assert_int_equal(out.locator, TDVF_LOC_OVMF_TABLE);
	assert_int_equal(out.nr_sections, 6);
	for (unsigned int i = 0; i < out.nr_sections; i++)
		nr[out.sections[i].type]++;
	/* TDX-TD-FACTS.md: BFV @0xFFE20000 (extended), CFV @0xFFE00000, TD_HOB, 3 TEMP */
	assert_int_equal(nr[TDVF_SECTION_BFV], 1);
	assert_int_equal(nr[TDVF_SECTION_CFV], 1);
	assert_int_equal(nr[TDVF_SECTION_TD_HOB], 1);
	assert_int_equal(nr[TDVF_SECTION_TEMP_MEM], 3);
	s = &out.sections[0];
	assert_int_equal(s->type, TDVF_SECTION_BFV);
	assert_int_equal(s->gpa, 0xffe20000);
	assert_int_equal(s->gpa + s->mem_size, 0x100000000ull);
	assert_int_equal(s->attributes, TDVF_ATTR_MR_EXTEND);
	assert_int_equal((uint64_t)s->data_offset + s->raw_size, size);
	s = &out.sections[1];
	assert_int_equal(s->type, TDVF_SECTION_CFV);
	assert_int_equal(s->gpa, 0xffe00000);
	assert_int_equal(s->attributes, 0);
	assert_int_equal(s->data_offset, 0);
	for (unsigned int i = 2; i < out.nr_sections; i++) {
		assert_int_equal(out.sections[i].raw_size, 0);
		assert_int_equal(out.sections[i].attributes, 0);
	}
}

/* The split images of the same package: metadata that does not fit, and none. */
static void test_debian_ovmf_code(void **state)
{
	size_t size;
	uint8_t *img = fx_read_file(DEBIAN_OVMF_CODE, &size);

	(void)state;
	if (!img)
		skip();
	assert_int_equal(tdvf_parse(img, size, &out, &err), -EINVAL);
	free(img);
	assert_int_equal(err.code, TDVF_ERR_RANGE);
	assert_int_equal(err.section, 0);
	assert_string_equal(err.field, "DataOffset");

	img = fx_read_file(DEBIAN_OVMF_CODE_4M, &size);
	if (!img)
		skip();
	assert_int_equal(tdvf_parse(img, size, &out, &err), -EINVAL);
	free(img);
	assert_int_equal(err.code, TDVF_ERR_NO_TDX_ENTRY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ovmf_shape),
		cmocka_unit_test(test_every_type_and_attribute),
		cmocka_unit_test(test_tdshim_pointer),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_footer_guid),
		cmocka_unit_test(test_table_lies),
		cmocka_unit_test(test_descriptor_offset),
		cmocka_unit_test(test_descriptor_header),
		cmocka_unit_test(test_section_count),
		cmocka_unit_test(test_section_fields),
		cmocka_unit_test(test_type_rules),
		cmocka_unit_test(test_type_rules_data),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_mangled),
		cmocka_unit_test(test_debian_ovmf),
		cmocka_unit_test(test_debian_ovmf_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
