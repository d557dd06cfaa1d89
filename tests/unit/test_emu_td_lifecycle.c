// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the software TDX module's TD leaves, end to end: a TD built,
 * measured, finalized and torn down as a host does it, with every PAMT
 * entry and KeyID checked on the way; the MRTD against known values and an
 * independent libcrypto computation; the encryption model; host-scribble
 * detection.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <openssl/evp.h>

#include "emu_td_fixture.h"

#define OP(status, id)	TDFX_OP(status, id)

static int setup(void **state)
{
	struct tdfx *t = calloc(1, sizeof(*t));

	if (!t || tdfx_setup(t))
		return -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tdfx *t = *state;

	assert_false(t->fx.map_under_lock);
	assert_false(t->fx.lock_recursion);
	assert_int_equal(t->fx.lock_depth, 0);
	assert_int_equal(t->fx.live_maps, 0);
	tdfx_teardown(t);
	free(t);
	return 0;
}

static void hex48(const char *hex, u8 *out)
{
	unsigned int i, v;

	for (i = 0; i < 48; i++) {
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (u8)v;
	}
}

/* SHA-384 of the blocks the module hashes, computed here with EVP, apart from the emu. */
struct ref_mr {
	EVP_MD_CTX *ctx;
};

static void ref_init(struct ref_mr *r)
{
	r->ctx = EVP_MD_CTX_new();
	assert_non_null(r->ctx);
	assert_int_equal(EVP_DigestInit_ex(r->ctx, EVP_sha384(), NULL), 1);
}

static void ref_block(struct ref_mr *r, const char *name, u64 gpa, const void *data, size_t len)
{
	u8 block[128] = { 0 };
	unsigned int i;

	memcpy(block, name, strlen(name));
	for (i = 0; i < 8; i++)
		block[16 + i] = (u8)(gpa >> (8 * i));
	assert_int_equal(EVP_DigestUpdate(r->ctx, block, sizeof(block)), 1);
	if (data)
		assert_int_equal(EVP_DigestUpdate(r->ctx, data, len), 1);
}

static void ref_page(struct ref_mr *r, u64 gpa, const u8 *data, bool measure)
{
	unsigned int off;

	ref_block(r, "MEM.PAGE.ADD", gpa, NULL, 0);
	for (off = 0; measure && off < SZ_4K; off += 256)
		ref_block(r, "MR.EXTEND", gpa + off, data + off, 256);
}

static void ref_final(struct ref_mr *r, u8 *out)
{
	unsigned int len = 0;

	assert_int_equal(EVP_DigestFinal_ex(r->ctx, out, &len), 1);
	assert_int_equal(len, 48);
	EVP_MD_CTX_free(r->ctx);
}

/* ---- the whole life of a TD */

static void assert_pamt(struct tdfx *t, u64 pa, u8 pt, u64 owner)
{
	assert_int_equal(tdfx_pt(t, pa), pt);
	assert_int_equal(tdfx_owner(t, pa), owner);
}

static void test_full_lifecycle(void **state)
{
	struct tdfx *t = *state;
	static u8 page[SZ_4K];
	struct tdx_emu_status st;
	struct tdx_args a;
	struct tdfx_td td;
	unsigned int i, v;
	u8 mrtd[48];

	for (i = 0; i < SZ_4K; i++)
		page[i] = (u8)(i * 7 + 1);
	/* CREATE: a TDR owned by nobody, the KeyID ASSIGNED */
	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_pamt(t, td.tdr, PT_TDR, 0);
	assert_int_equal(tdx_emu_kot_state(t->fx.emu, TDFX_HKID), TDX_EMU_KOT_ASSIGNED);
	/* the key on every package */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_KEY_CONFIG, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 1, TDH_MNG_KEY_CONFIG, td.tdr, 0, 0, NULL),
			 TDX_KEY_CONFIGURED);	/* same package */
	assert_int_equal(tdfx_call(t, 3, TDH_MNG_KEY_CONFIG, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, &td, 6), TDX_SUCCESS);
	for (i = 0; i < 6; i++)
		assert_pamt(t, td.tdcs[i], PT_TDCX, td.tdr);
	tdfx_params(t);
	assert_int_equal(tdfx_init(t, &td, &a), TDX_SUCCESS);
	assert_int_equal(a.rcx, 0);
	/* two vCPUs on two LPs */
	assert_int_equal(tdfx_vcpu(t, &td, 1, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_vcpu(t, &td, 1, 1), TDX_SUCCESS);
	for (v = 0; v < 2; v++) {
		assert_pamt(t, td.vp[v], PT_TDVPR, td.tdr);
		for (i = 0; i < 5; i++)
			assert_pamt(t, td.vpcx[v][i], PT_TDCX, td.tdr);
	}
	/* memory: two measured pages and one not, in two 2M regions */
	assert_int_equal(tdfx_map_gpa(t, &td, 0x0), TDX_SUCCESS);
	assert_int_equal(tdfx_map_gpa(t, &td, 0x200000), TDX_SUCCESS);
	assert_int_equal(td.nr_sept, 4);	/* 3 + the second level-1 table */
	assert_int_equal(tdfx_add_page(t, &td, 0x0, page, true), TDX_SUCCESS);
	assert_int_equal(tdfx_add_page(t, &td, 0x1000, page, false), TDX_SUCCESS);
	assert_int_equal(tdfx_add_page(t, &td, 0x200000, page, true), TDX_SUCCESS);
	for (i = 0; i < td.nr_sept; i++)
		assert_pamt(t, td.sept[i], PT_EPT, td.tdr);
	for (i = 0; i < td.nr_priv; i++)
		assert_pamt(t, td.priv[i], PT_REG, td.tdr);
	/* chldcnt: 6 TDCS + 2 x 6 vCPU pages + 4 SEPT + 3 private */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_RD, td.tdr, 0x8010000300000004ULL, 0, &a),
			 TDX_SUCCESS);
	assert_int_equal(a.r8, 6 + 12 + 4 + 3);

	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_mrtd(t, &td, mrtd), TDX_SUCCESS);
	{
		struct ref_mr r;
		u8 want[48];

		ref_init(&r);
		ref_page(&r, 0x0, page, true);
		ref_page(&r, 0x1000, page, false);
		ref_page(&r, 0x200000, page, true);
		ref_final(&r, want);
		assert_memory_equal(mrtd, want, 48);
	}

	/* teardown in order: every page NDA, the KeyID FREE */
	assert_int_equal(tdfx_destroy(t, &td, 1), TDX_SUCCESS);
	assert_int_equal(tdx_emu_kot_state(t->fx.emu, TDFX_HKID), TDX_EMU_KOT_FREE);
	assert_int_equal(tdfx_pt(t, td.tdr), PT_NDA);
	for (i = 0; i < td.nr_tdcs; i++)
		assert_int_equal(tdfx_pt(t, td.tdcs[i]), PT_NDA);
	for (i = 0; i < td.nr_sept; i++)
		assert_int_equal(tdfx_pt(t, td.sept[i]), PT_NDA);
	for (i = 0; i < td.nr_priv; i++)
		assert_int_equal(tdfx_pt(t, td.priv[i]), PT_NDA);
	for (v = 0; v < td.nr_vp; v++) {
		assert_int_equal(tdfx_pt(t, td.vp[v]), PT_NDA);
		for (i = 0; i < td.nr_vpcx[v]; i++)
			assert_int_equal(tdfx_pt(t, td.vpcx[v][i]), PT_NDA);
	}
	st = tdfx_status(t);
	assert_int_equal(st.violations, 0);
	assert_int_equal(st.hash_failures, 0);
	/* only the PAMT pages are still the module's */
	assert_int_equal(st.owned_pages, 256 * 4 + 2 + 1);	/* 4K, 2M, 1G PAMT of TDMR0 */
	/* and the KeyID can be used again */
	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
}

/* ---- MRTD */

static void test_mrtd_empty_td(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	u8 mrtd[48], want[48];

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	/* before FINALIZE it reads 0 */
	assert_int_equal(tdfx_mrtd(t, &td, mrtd), TDX_SUCCESS);
	memset(want, 0, sizeof(want));
	assert_memory_equal(mrtd, want, 48);
	assert_int_equal(tdfx_vcpu(t, &td, 0, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_mrtd(t, &td, mrtd), TDX_SUCCESS);
	hex48("38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
	      "274edebfe76f65fbd51ad2f14898b95b", want);
	assert_memory_equal(mrtd, want, 48);
}

static void test_mrtd_one_zero_page(void **state)
{
	struct tdfx *t = *state;
	static const u8 zero[SZ_4K];
	struct tdfx_td td;
	u8 mrtd[48], want[48];

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_vcpu(t, &td, 0, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_map_gpa(t, &td, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_add_page(t, &td, 0, zero, true), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_mrtd(t, &td, mrtd), TDX_SUCCESS);
	hex48("236f0efa607ff8843f1855d7ef80dc3dda8fb455787a186b8787212951eab009"
	      "6e3193bb26f817c2b63c21f5e10f9938", want);
	assert_memory_equal(mrtd, want, 48);
}

/* Known inputs: pages of different content at odd GPAs, some measured, in call order. */
static void test_mrtd_known_inputs(void **state)
{
	struct tdfx *t = *state;
	static const u64 gpas[] = { 0xfffff000, 0x7ff000, 0x100000000ULL, 0x1000 };
	static u8 page[ARRAY_SIZE(gpas)][SZ_4K];
	struct tdfx_td td;
	struct ref_mr r;
	u8 mrtd[48], want[48];
	unsigned int i, j;

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_vcpu(t, &td, 0, 0), TDX_SUCCESS);
	ref_init(&r);
	for (i = 0; i < ARRAY_SIZE(gpas); i++) {
		for (j = 0; j < SZ_4K; j++)
			page[i][j] = (u8)(j ^ (i * 37) ^ (j >> 8));
		assert_int_equal(tdfx_map_gpa(t, &td, gpas[i]), TDX_SUCCESS);
		assert_int_equal(tdfx_add_page(t, &td, gpas[i], page[i], i != 2), TDX_SUCCESS);
		ref_page(&r, gpas[i], page[i], i != 2);
	}
	/* one more chunk extended twice: the module does not mind */
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, gpas[0] + 0x300, td.tdr, 0, NULL),
			 TDX_SUCCESS);
	ref_block(&r, "MR.EXTEND", gpas[0] + 0x300, page[0] + 0x300, 256);
	ref_final(&r, want);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_mrtd(t, &td, mrtd), TDX_SUCCESS);
	assert_memory_equal(mrtd, want, 48);
}

/* ---- encryption model and scribbles */

static void test_private_page_reads_back_scrambled(void **state)
{
	struct tdfx *t = *state;
	static u8 page[SZ_4K];
	struct tdfx_td td, td2;
	unsigned int i, same = 0;
	u8 *priv, *priv2;

	for (i = 0; i < SZ_4K; i++)
		page[i] = (u8)i;
	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_map_gpa(t, &td, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_add_page(t, &td, 0, page, false), TDX_SUCCESS);
	priv = tdfx_va(t, td.priv[0]);
	assert_memory_not_equal(priv, page, SZ_4K);
	for (i = 0; i < SZ_4K; i++)
		same += priv[i] == page[i];
	assert_true(same < 64);		/* garbage, not a near copy */
	/* the same data in another TD (another KeyID) reads back differently again */
	assert_int_equal(tdfx_build(t, &td2, TDFX_HKID + 1), TDX_SUCCESS);
	assert_int_equal(tdfx_map_gpa(t, &td2, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_add_page(t, &td2, 0, page, false), TDX_SUCCESS);
	priv2 = tdfx_va(t, td2.priv[0]);
	assert_memory_not_equal(priv, priv2, SZ_4K);
	assert_int_equal(tdfx_status(t).violations, 0);
}

static void test_scribble_private_page(void **state)
{
	struct tdfx *t = *state;
	static const u8 zero[SZ_4K];
	struct tdx_emu_status st;
	struct tdfx_td td;
	u8 *priv;

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_map_gpa(t, &td, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_add_page(t, &td, 0, zero, false), TDX_SUCCESS);
	assert_int_equal(tdx_emu_verify_all(t->fx.emu), 0);
	priv = tdfx_va(t, td.priv[0]);
	priv[100] ^= 1;
	/* the next leaf that uses the page notices */
	assert_int_equal(tdfx_call(t, 0, TDH_MR_EXTEND, 0, td.tdr, 0, NULL), TDX_SUCCESS);
	st = tdfx_status(t);
	assert_int_equal(st.violations, 1);
	assert_int_equal(st.violation_pa, td.priv[0]);
	assert_int_equal(st.violation_kind, PT_REG);
	assert_string_equal(tdx_emu_own_kind_name(st.violation_kind), "private");
	/* counted once: the sum is taken again */
	assert_int_equal(tdx_emu_verify_all(t->fx.emu), 0);
	assert_int_equal(tdfx_status(t).violations, 1);
}

static void test_scribble_control_pages_and_pamt(void **state)
{
	struct tdfx *t = *state;
	struct tdx_emu_status st;
	struct tdfx_td td;
	u8 *p;

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_vcpu(t, &td, 0, 0), TDX_SUCCESS);
	/* TDR, a TDCS page, the TDVPR, a vCPU TDCX: each found by verify_all */
	p = tdfx_va(t, td.tdr);
	p[SZ_4K - 1] ^= 0x80;
	assert_int_equal(tdx_emu_verify_all(t->fx.emu), 1);
	st = tdfx_status(t);
	assert_int_equal(st.violation_pa, td.tdr);
	assert_int_equal(st.violation_kind, PT_TDR);
	p = tdfx_va(t, td.tdcs[4]);
	p[0] = 1;
	p = tdfx_va(t, td.vp[0]);
	p[2048] = 1;
	p = tdfx_va(t, td.vpcx[0][3]);
	p[8] = 1;
	assert_int_equal(tdx_emu_verify_all(t->fx.emu), 3);
	st = tdfx_status(t);
	assert_int_equal(st.violations, 4);
	assert_int_equal(st.violation_pa, td.tdr);	/* the first one is kept */

	/* the PAMT: a page type written by the host, found by the next leaf reading it */
	tdfx_pamt(t, 0x5000)->page_type = PT_REG;
	assert_int_equal(tdfx_call(t, 0, TDH_PHYMEM_PAGE_RDMD, 0x5000, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_status(t).violations, 5);
	/* but not the lock bits: the module's own try-locks live there */
	tdfx_pamt(t, 0x6000)->lock = 0x4;
	assert_int_equal(tdx_emu_verify_all(t->fx.emu), 0);
	tdfx_pamt(t, 0x6000)->lock = 0;
	/* a scribble on a page the TD's next leaf uses is caught by that leaf */
	p = tdfx_va(t, td.tdcs[0]);
	p[SZ_4K - 8] = 0x55;
	assert_int_equal(tdfx_vcpu(t, &td, 0, 1), TDX_SUCCESS);
	st = tdfx_status(t);
	assert_int_equal(st.violations, 6);
}

static void test_owned_table_full(void **state)
{
	struct tdfx *t = *state;
	struct tdx_emu *emu = t->fx.emu;
	struct tdx_emu_status st;
	struct tdfx_td td;

	/* pretend the table is full: new pages go unchecked, counted */
	emu->own_count = TDX_EMU_OWN_MAX;
	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	st = tdfx_status(t);
	assert_int_equal(st.owned_untracked, 7);	/* TDR + 6 TDCS */
	emu->own_count = 256 * 4 + 2 + 1;
	assert_int_equal(tdx_emu_verify_all(emu), 0);
}

/* The debugfs host_access knob's target: the lowest owned page of a kind. */
static void test_owned_first_of_kind(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	u64 pa = 0;

	assert_int_equal(tdx_emu_own_kind_parse("TDR"), PT_TDR);
	assert_int_equal(tdx_emu_own_kind_parse("PAMT"), TDX_EMU_OWN_PAMT);
	assert_int_equal(tdx_emu_own_kind_parse("private"), PT_REG);
	assert_int_equal(tdx_emu_own_kind_parse("tdr"), -EINVAL);
	assert_int_equal(tdx_emu_own_kind_parse(""), -EINVAL);
	assert_int_equal(tdx_emu_own_first(t->fx.emu, PT_TDR, &pa), -ENOENT);
	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdx_emu_own_first(t->fx.emu, PT_TDR, &pa), 0);
	assert_int_equal(pa, td.tdr);
	assert_int_equal(tdx_emu_own_first(t->fx.emu, PT_REG, &pa), -ENOENT);
	assert_int_equal(tdfx_map_gpa(t, &td, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_add_page(t, &td, 0, tdfx_va(t, td.tdr), false), TDX_SUCCESS);
	assert_int_equal(tdx_emu_own_first(t->fx.emu, PT_REG, &pa), 0);
	assert_int_equal(pa, td.priv[0]);
	assert_int_equal(tdx_emu_own_first(t->fx.emu, TDX_EMU_OWN_PAMT, &pa), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_full_lifecycle),
		T(test_mrtd_empty_td),
		T(test_mrtd_one_zero_page),
		T(test_mrtd_known_inputs),
		T(test_private_page_reads_back_scrambled),
		T(test_scribble_private_page),
		T(test_scribble_control_pages_and_pamt),
		T(test_owned_table_full),
		T(test_owned_first_of_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
