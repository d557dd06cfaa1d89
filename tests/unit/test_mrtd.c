// SPDX-License-Identifier: GPL-2.0
/* Tests of the MRTD transcript: order of operations, hashed blocks, check values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>

#include "mrtd.h"
#include "tdvf.h"
#include "tdvf_fixture.h"

#define DEBIAN_OVMF "/usr/share/ovmf/OVMF.fd"

/* TDX-FACTS.md "TD measurement": nothing added (SHA-384 of nothing) */
static const char mrtd_empty[] =
	"38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b";
/* TDX-TD-FACTS.md section 5: one zero page at GPA 0, PAGE.ADD + 16 MR.EXTEND */
static const char mrtd_zero_page[] =
	"236f0efa607ff8843f1855d7ef80dc3dda8fb455787a186b8787212951eab0096e3193bb26f817c2b63c21f5e10f9938";

/*
 * Debian 12 ovmf 2022.11-6+deb12u2 OVMF.fd, by an independent Python
 * (hashlib) replay of the same rules; checked only for that exact file.
 */
static const char debian_ovmf_sha256[] =
	"7b456907dd0786d415999e801a1ac4637b8ed4d7cf5378cfc6edbe5e574dd773";
static const char debian_ovmf_mrtd[] =
	"4c7206f0f483c524f12c366c711e9049030a8d47c471ee5aa9c4999a08de4057fb887fed0744d5631a212967fb231c47";
static const char debian_ovmf_mrtd_two_pass[] =
	"acccbcc870a381adab0d3919d90a7f268ac3b0364771f202ed4bb4e892d045b33db3b32e6924cba830a724eed443f7e1";

/* ---- SHA-384 through the update callback */

static int sha_update(void *ctx, const void *buf, size_t len)
{
	return EVP_DigestUpdate(ctx, buf, len) == 1 ? 0 : -EIO;
}

static EVP_MD_CTX *sha_start(struct mrtd_hash *h)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	assert_non_null(c);
	assert_int_equal(EVP_DigestInit_ex(c, EVP_sha384(), NULL), 1);
	h->update = sha_update;
	h->ctx = c;
	return c;
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void sha_finish(EVP_MD_CTX *c, char out[2 * MRTD_DIGEST_SIZE + 1])
{
	uint8_t d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	assert_int_equal(EVP_DigestFinal_ex(c, d, &n), 1);
	assert_int_equal(n, MRTD_DIGEST_SIZE);
	EVP_MD_CTX_free(c);
	hex(d, n, out);
}

/* MRTD of @t over @img (two_pass as asked), as 96 hex digits. */
static int measure(const struct tdvf_image *t, const uint8_t *img, size_t size, bool two_pass,
		   char out[2 * MRTD_DIGEST_SIZE + 1])
{
	struct mrtd_hash h;
	EVP_MD_CTX *c = sha_start(&h);
	int ret = mrtd_replay(t, img, size, two_pass, &h, NULL, NULL, NULL);

	sha_finish(c, out);
	return ret;
}

/* ---- recording the transcript */

#define LOG_MAX 4096

struct op_log {
	unsigned int n;
	struct mrtd_op op[LOG_MAX];
	int stop_at;		/* return 7 at this op (-1: never) */
};

static struct op_log oplog;

static int record(void *ctx, const struct mrtd_op *op)
{
	struct op_log *l = ctx;

	if ((int)l->n == l->stop_at)
		return 7;
	assert_true(l->n < LOG_MAX);
	l->op[l->n++] = *op;
	return 0;
}

static int walk(const struct tdvf_image *t, const uint8_t *img, size_t size, bool two_pass)
{
	memset(&oplog, 0, sizeof(oplog));
	oplog.stop_at = -1;
	return mrtd_walk(t, img, size, two_pass, record, &oplog, NULL);
}

static void expect_op(unsigned int k, enum mrtd_op_kind kind, uint64_t gpa, uint32_t section)
{
	assert_true(k < oplog.n);
	assert_int_equal(oplog.op[k].kind, kind);
	assert_int_equal(oplog.op[k].gpa, gpa);
	assert_int_equal(oplog.op[k].section, section);
}

static void expect_extends(unsigned int k, uint64_t page, uint32_t section)
{
	for (unsigned int c = 0; c < 16; c++)
		expect_op(k + c, MRTD_OP_MR_EXTEND, page + 256 * c, section);
}

static struct tdvf_image one(uint64_t gpa, uint64_t size, uint32_t raw, uint32_t type,
			     uint32_t attr)
{
	struct tdvf_image t;

	memset(&t, 0, sizeof(t));
	t.nr_sections = 1;
	t.sections[0] = (struct tdvf_section){ .data_offset = 0, .raw_size = raw, .gpa = gpa,
					       .mem_size = size, .type = type, .attributes = attr };
	return t;
}

/* ---- tests */

static void test_blocks(void **state)
{
	uint8_t b[MRTD_BLOCK_SIZE], want[MRTD_BLOCK_SIZE];

	(void)state;
	memset(want, 0, sizeof(want));
	memcpy(want, "MEM.PAGE.ADD", 12);
	memcpy(want + 16, "\x00\xf0\xe2\xff\x00\x00\x00\x00", 8);
	memset(b, 0xaa, sizeof(b));
	mrtd_page_add_block(b, 0xffe2f000);
	assert_memory_equal(b, want, sizeof(b));

	memset(want, 0, sizeof(want));
	memcpy(want, "MR.EXTEND", 9);
	memcpy(want + 16, "\x00\x01\x02\x03\x04\x05\x06\x07", 8);
	memset(b, 0xaa, sizeof(b));
	mrtd_extend_block(b, 0x0706050403020100ull);
	assert_memory_equal(b, want, sizeof(b));
}

static void test_empty_td(void **state)
{
	struct tdvf_image t;
	struct mrtd_hash h;
	char out[2 * MRTD_DIGEST_SIZE + 1];
	EVP_MD_CTX *c = sha_start(&h);

	(void)state;
	/* only PAGE_AUG memory: the VMM hashes nothing */
	t = one(0x1000000, 0x10000, 0, TDVF_SECTION_PERM_MEM, TDVF_ATTR_PAGE_AUG);
	assert_int_equal(mrtd_replay(&t, NULL, 0, false, &h, NULL, NULL, NULL), 0);
	sha_finish(c, out);
	assert_string_equal(out, mrtd_empty);
}

static void test_zero_page(void **state)
{
	static const uint8_t zero[4096];
	struct tdvf_image t = one(0, 0x1000, 0x1000, TDVF_SECTION_BFV, TDVF_ATTR_MR_EXTEND);
	char out[2 * MRTD_DIGEST_SIZE + 1];
	u64 adds, ext;

	(void)state;
	assert_int_equal(measure(&t, zero, sizeof(zero), false, out), 0);
	assert_string_equal(out, mrtd_zero_page);
	/* one page: two passes are the same order */
	assert_int_equal(measure(&t, zero, sizeof(zero), true, out), 0);
	assert_string_equal(out, mrtd_zero_page);
	/* a zero tail is zero: no raw bytes past 0x10, same measurement */
	t.sections[0].raw_size = 0x10;
	assert_int_equal(measure(&t, zero, sizeof(zero), false, out), 0);
	assert_string_equal(out, mrtd_zero_page);
	mrtd_count(&t, &adds, &ext);
	assert_int_equal(adds, 1);
	assert_int_equal(ext, 16);
}

/* Default: page by page, ADD then its 16 EXTENDs; two_pass: ADDs, then EXTENDs. */
static void test_order(void **state)
{
	static uint8_t img[0x3000];
	struct tdvf_image t;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.nr_sections = 3;
	t.sections[0] = (struct tdvf_section){ 0x1000, 0x2000, 0xffffe000, 0x2000,
					       TDVF_SECTION_BFV, TDVF_ATTR_MR_EXTEND };
	t.sections[1] = (struct tdvf_section){ 0, 0, 0x800000, 0x2000, TDVF_SECTION_TEMP_MEM, 0 };
	t.sections[2] = (struct tdvf_section){ 0, 0x1000, 0xffffd000, 0x1000, TDVF_SECTION_CFV, 0 };

	assert_int_equal(walk(&t, img, sizeof(img), false), 0);
	assert_int_equal(oplog.n, 2 * 17 + 2 + 1);
	expect_op(0, MRTD_OP_PAGE_ADD, 0xffffe000, 0);
	expect_extends(1, 0xffffe000, 0);
	expect_op(17, MRTD_OP_PAGE_ADD, 0xfffff000, 0);
	expect_extends(18, 0xfffff000, 0);
	expect_op(34, MRTD_OP_PAGE_ADD, 0x800000, 1);
	expect_op(35, MRTD_OP_PAGE_ADD, 0x801000, 1);
	expect_op(36, MRTD_OP_PAGE_ADD, 0xffffd000, 2);
	/* data pointers: image bytes of the section, none for temp memory */
	assert_ptr_equal(oplog.op[0].data, img + 0x1000);
	assert_int_equal(oplog.op[0].data_len, 4096);
	assert_ptr_equal(oplog.op[2].data, img + 0x1100);
	assert_int_equal(oplog.op[2].data_len, 256);
	assert_ptr_equal(oplog.op[33].data, img + 0x2f00);
	assert_null(oplog.op[34].data);
	assert_int_equal(oplog.op[34].data_len, 0);
	assert_ptr_equal(oplog.op[36].data, img);

	assert_int_equal(walk(&t, img, sizeof(img), true), 0);
	assert_int_equal(oplog.n, 2 * 17 + 2 + 1);
	expect_op(0, MRTD_OP_PAGE_ADD, 0xffffe000, 0);
	expect_op(1, MRTD_OP_PAGE_ADD, 0xfffff000, 0);
	expect_extends(2, 0xffffe000, 0);
	expect_extends(18, 0xfffff000, 0);
	expect_op(34, MRTD_OP_PAGE_ADD, 0x800000, 1);
	expect_op(36, MRTD_OP_PAGE_ADD, 0xffffd000, 2);
}

/* Two measured pages: the orders hash differently; each matches a hand-made transcript. */
static void test_two_pass_differs(void **state)
{
	static uint8_t img[0x2000];
	struct tdvf_image t = one(0x100000, 0x2000, 0x2000, TDVF_SECTION_BFV, TDVF_ATTR_MR_EXTEND);
	char a[2 * MRTD_DIGEST_SIZE + 1], b[2 * MRTD_DIGEST_SIZE + 1], want[2 * MRTD_DIGEST_SIZE + 1];
	uint8_t blk[MRTD_BLOCK_SIZE];
	struct mrtd_hash h;
	EVP_MD_CTX *c;

	(void)state;
	for (size_t i = 0; i < sizeof(img); i++)
		img[i] = (uint8_t)(i * 131 + 7);
	assert_int_equal(measure(&t, img, sizeof(img), false, a), 0);
	assert_int_equal(measure(&t, img, sizeof(img), true, b), 0);
	assert_string_not_equal(a, b);

	/* two_pass by hand */
	c = sha_start(&h);
	for (int p = 0; p < 2; p++) {
		mrtd_page_add_block(blk, 0x100000 + 0x1000 * p);
		h.update(c, blk, sizeof(blk));
	}
	for (int p = 0; p < 2; p++) {
		for (int k = 0; k < 16; k++) {
			mrtd_extend_block(blk, 0x100000 + 0x1000 * p + 256 * k);
			h.update(c, blk, sizeof(blk));
			h.update(c, img + 0x1000 * p + 256 * k, 256);
		}
	}
	sha_finish(c, want);
	assert_string_equal(b, want);
}

/* PAGE_AUG sections are neither added nor hashed; TD_HOB/TEMP_MEM never extended. */
static void test_section_kinds(void **state)
{
	static uint8_t img[0x1000];
	struct tdvf_image t, u;
	char a[2 * MRTD_DIGEST_SIZE + 1], b[2 * MRTD_DIGEST_SIZE + 1];
	u64 adds, ext;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.nr_sections = 3;
	t.sections[0] = (struct tdvf_section){ 0, 0x1000, 0xfffff000, 0x1000,
					       TDVF_SECTION_BFV, TDVF_ATTR_MR_EXTEND };
	t.sections[1] = (struct tdvf_section){ 0, 0, 0x809000, 0x2000, TDVF_SECTION_TD_HOB, 0 };
	t.sections[2] = (struct tdvf_section){ 0, 0, 0x800000, 0x1000, TDVF_SECTION_TEMP_MEM, 0 };
	u = t;
	u.nr_sections = 4;
	u.sections[3] = (struct tdvf_section){ 0, 0, 0x1000000, 0x100000, TDVF_SECTION_PERM_MEM,
					       TDVF_ATTR_PAGE_AUG };

	assert_int_equal(walk(&u, img, sizeof(img), false), 0);
	assert_int_equal(oplog.n, 17 + 2 + 1);
	for (unsigned int k = 17; k < oplog.n; k++)
		assert_int_equal(oplog.op[k].kind, MRTD_OP_PAGE_ADD);
	assert_int_equal(measure(&t, img, sizeof(img), false, a), 0);
	assert_int_equal(measure(&u, img, sizeof(img), false, b), 0);
	assert_string_equal(a, b);
	mrtd_count(&u, &adds, &ext);
	assert_int_equal(adds, 4);
	assert_int_equal(ext, 16);
}

static void test_errors(void **state)
{
	static uint8_t img[0x2000];
	struct tdvf_image t = one(0x100000, 0x2000, 0x2000, TDVF_SECTION_BFV, TDVF_ATTR_MR_EXTEND);
	uint32_t bad = 99;

	(void)state;
	/* the callback's error stops the walk and is returned */
	memset(&oplog, 0, sizeof(oplog));
	oplog.stop_at = 5;
	assert_int_equal(mrtd_walk(&t, img, sizeof(img), false, record, &oplog, NULL), 7);
	assert_int_equal(oplog.n, 5);
	/* data outside the image given */
	assert_int_equal(walk(&t, img, 0x1000, false), -EINVAL);
	assert_int_equal(oplog.n, 0);
	t.sections[0].raw_size = 0x3000;
	assert_int_equal(walk(&t, img, sizeof(img), false), -EINVAL);
	/* a measured payload the VMM loads: nothing to predict, nothing done */
	t = one(0x100000, 0x2000, 0, TDVF_SECTION_PAYLOAD, TDVF_ATTR_MR_EXTEND);
	memset(&oplog, 0, sizeof(oplog));
	oplog.stop_at = -1;
	assert_int_equal(mrtd_walk(&t, img, sizeof(img), false, record, &oplog, &bad),
			 -ENODATA);
	assert_int_equal(bad, 0);
	assert_int_equal(oplog.n, 0);
}

/* The observer sees every operation in order, before it is hashed. */
static int count_ops(void *ctx, const struct mrtd_op *op)
{
	(*(unsigned int *)ctx)++;
	return 0;
}

/* Parsed crafted image end to end: the sum of its parts. */
static void test_parsed_image(void **state)
{
	struct tdvf_image t;
	struct tdvf_error err;
	struct mrtd_hash h;
	EVP_MD_CTX *c;
	unsigned int seen = 0;
	char out[2 * MRTD_DIGEST_SIZE + 1];
	u64 adds, ext;

	(void)state;
	fx_build_ovmf();
	assert_int_equal(tdvf_parse(fx_img, fx_size, &t, &err), 0);
	mrtd_count(&t, &adds, &ext);
	assert_int_equal(adds, t.total_pages);
	assert_int_equal(ext, 3 * 16);
	c = sha_start(&h);
	assert_int_equal(mrtd_replay(&t, fx_img, fx_size, false, &h, count_ops, &seen, NULL), 0);
	sha_finish(c, out);
	assert_int_equal(seen, adds + ext);
	assert_int_equal(strlen(out), 96);
}

static void test_debian_ovmf(void **state)
{
	size_t size;
	uint8_t *img = fx_read_file(DEBIAN_OVMF, &size);
	uint8_t sum[32];
	char sum_hex[65], a[2 * MRTD_DIGEST_SIZE + 1], b[2 * MRTD_DIGEST_SIZE + 1];
	struct tdvf_image t;
	struct tdvf_error err;
	u64 adds, ext;

	(void)state;
	if (!img)
		skip();
	if (tdvf_parse(img, size, &t, &err))
		fail_msg("%s: %s", DEBIAN_OVMF, err.msg);
	assert_int_equal(measure(&t, img, size, false, a), 0);
	assert_int_equal(measure(&t, img, size, true, b), 0);
	assert_string_not_equal(a, b);
	mrtd_count(&t, &adds, &ext);
	assert_int_equal(adds, (0x1e0000 + 0x20000 + 0x10000 + 0x2000 + 0x2000 + 0x6000) / 4096);
	assert_int_equal(ext, 0x1e0000 / 256);
	assert_int_equal(EVP_Digest(img, size, sum, NULL, EVP_sha256(), NULL), 1);
	free(img);
	hex(sum, sizeof(sum), sum_hex);
	if (strcmp(sum_hex, debian_ovmf_sha256)) {
		print_message("# %s is not the 2022.11-6+deb12u2 one: MRTD %s not compared\n",
			      DEBIAN_OVMF, a);
		return;
	}
	assert_string_equal(a, debian_ovmf_mrtd);
	assert_string_equal(b, debian_ovmf_mrtd_two_pass);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_empty_td),
		cmocka_unit_test(test_zero_page),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_two_pass_differs),
		cmocka_unit_test(test_section_kinds),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_parsed_image),
		cmocka_unit_test(test_debian_ovmf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
