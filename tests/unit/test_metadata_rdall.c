// SPDX-License-Identifier: GPL-2.0
/*
 * tdx_sysinfo_read_rdall() (src/lib/tdx_metadata.c) against the software
 * TDX module core (src/lib/emu/): same result as the TDH.SYS.RD walk,
 * far fewer calls, fallback on a module without TDH.SYS.RDALL, and a list
 * parser that rejects every malformed page without reading past it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_fixture.h"
#include "tdx_metadata.h"

#define SEQ_LAST_ELEM_SHIFT	34
#define SEQ_LAST_FIELD_SHIFT	38
#define SEQ_SHAPE		((0xFULL << 34) | (0x1FFULL << 38) | BIT_ULL(50))

/* ------------------------------------------------------------ plumbing */

struct rdall_ctx;
/* Rewrite what the emu answered; returns the status to give the reader. */
typedef u64 (*rdall_mutate_fn)(struct rdall_ctx *c, u64 *list, u64 status, u64 start, u64 *next);

struct rdall_ctx {
	struct emu_fx *fx;
	unsigned int calls;
	unsigned int chunk;	/* != 0: hand out at most this many sequences per call */
	rdall_mutate_fn mutate;
	u64 arg;		/* for the mutator */
	u64 arg2;
};

static u64 emu_rd(void *ctx, u64 field_id, u64 *value)
{
	struct tdx_args a;
	u64 st = emu_fx_call(ctx, 0, TDH_SYS_RD, 0, field_id, 0, &a);

	*value = a.r8;
	return st;
}

/* Bytes of sequence @s of @list (header included); @list must be well formed. */
static unsigned int seq_bytes(const u64 *list, unsigned int s)
{
	unsigned int pos = 1, i, n = 0;

	for (i = 0; i <= s; i++) {
		u64 h = list[pos];

		n = 1 + (unsigned int)((((h >> 34) & 0xf) + 1) * (((h >> 38) & 0x1ff) + 1));
		if (i < s)
			pos += n;
	}
	return n * 8;
}

static unsigned int seq_pos(const u64 *list, unsigned int s)
{
	unsigned int pos = 1, i;

	for (i = 0; i < s; i++)
		pos += seq_bytes(list, i) / 8;
	return pos;
}

/* Index of the sequence holding element @id, or -1. */
static int seq_find(const u64 *list, u64 id, unsigned int *elem)
{
	unsigned int nr = (u16)(list[0] >> 16), s;

	for (s = 0; s < nr; s++) {
		u64 h = list[seq_pos(list, s)];
		/* a list chains fields by class and code: NON_ARCH is the first field's */
		u64 first = h & ~(SEQ_SHAPE | BIT_ULL(63));
		u64 total = (((h >> 34) & 0xf) + 1) * (((h >> 38) & 0x1ff) + 1);

		id &= ~BIT_ULL(63);
		if (id >= first && id - first < total) {
			if (elem)
				*elem = (unsigned int)(id - first);
			return (int)s;
		}
	}
	return -1;
}

/* Cut sequence @s out of @list. */
static void seq_drop(u64 *list, unsigned int s)
{
	unsigned int pos = seq_pos(list, s), n = seq_bytes(list, s) / 8;
	unsigned int end = (u16)list[0] / 8;

	memmove(&list[pos], &list[pos + n], (end - pos - n) * 8);
	list[0] -= n * 8;
	list[0] -= 1ULL << 16;
}

static u64 emu_rdall(void *ctx, void *page, u64 start, u64 *next)
{
	struct rdall_ctx *c = ctx;
	u64 *list = page, st;
	struct tdx_args a;

	assert_ptr_equal(page, emu_fx_va(c->fx, EMU_FX_RDALL_PA));
	c->calls++;
	st = emu_fx_call(c->fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA, start, &a);
	*next = a.r8;
	if ((st == TDX_SUCCESS || st == TDX_METADATA_LIST_OVERFLOW) && c->chunk &&
	    (u16)(list[0] >> 16) > c->chunk) {
		/* Keep the first sequences only; the next call starts at the one after. */
		unsigned int pos = seq_pos(list, c->chunk);

		*next = list[pos] & ~SEQ_SHAPE;
		list[0] = (u64)(pos * 8) | ((u64)c->chunk << 16);
		st = TDX_METADATA_LIST_OVERFLOW;
	}
	if (c->mutate)
		st = c->mutate(c, list, st, start, next);
	return st;
}

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

	assert_int_equal(fx->live_maps, 0);
	emu_fx_teardown(fx);
	free(fx);
	return 0;
}

/* Apply @cfg (reset), then SYS.INIT and LP.INIT: where the host reads metadata. */
static struct emu_fx *module_as(void **state, const struct tdx_emu_config *cfg)
{
	struct emu_fx *fx = *state;

	if (cfg)
		fx->emu->config = *cfg;
	tdx_emu_reset(fx->emu);
	assert_int_equal(memcmp(&fx->emu->active, &fx->emu->config, sizeof(*cfg)), 0);
	assert_int_equal(emu_fx_to_lp_done(fx), 0);
	return fx;
}

static void *rdall_page(struct emu_fx *fx)
{
	return emu_fx_va(fx, EMU_FX_RDALL_PA);
}

/* Field by field, through the iterator, then the raw struct. */
static void assert_same_sysinfo(const struct tdx_sysinfo *a, const struct tdx_sysinfo *b)
{
	struct tdx_md_iter ia = TDX_MD_ITER_INIT, ib = TDX_MD_ITER_INIT;
	struct tdx_md_value va, vb;

	while (tdx_md_iter_next(a, &ia, &va)) {
		assert_true(tdx_md_iter_next(b, &ib, &vb));
		assert_ptr_equal(va.field, vb.field);
		assert_int_equal(va.id, vb.id);
		assert_int_equal(va.present, vb.present);
		assert_int_equal(va.value, vb.value);
	}
	assert_false(tdx_md_iter_next(b, &ib, &vb));
	assert_int_equal(a->present, b->present);
	assert_int_equal(memcmp(a, b, sizeof(*a)), 0);
}

/* Read with both leaves; check they agree; return the RDALL call count. */
static unsigned int read_both(struct emu_fx *fx, struct rdall_ctx *c, unsigned int *rd_calls)
{
	static struct tdx_sysinfo by_rd, by_rdall;
	unsigned int nrd = 0, nall = 0;
	u64 ff = 1, fs = 1;
	u64 before = tdx_emu_leaf_calls(fx->emu, TDH_SYS_RDALL);

	assert_int_equal(tdx_sysinfo_read(&by_rd, emu_rd, fx, NULL, NULL, &nrd), 0);
	memset(&by_rdall, 0x5A, sizeof(by_rdall));
	assert_int_equal(tdx_sysinfo_read_rdall(&by_rdall, emu_rdall, c, rdall_page(fx),
						&ff, &fs, &nall), 0);
	assert_int_equal(ff, 0);
	assert_int_equal(fs, 0);
	assert_int_equal(nall, c->calls);
	assert_int_equal(nall, tdx_emu_leaf_calls(fx->emu, TDH_SYS_RDALL) - before);
	assert_same_sysinfo(&by_rd, &by_rdall);
	assert_int_equal(tdx_sysinfo_check(&by_rdall, NULL), 0);
	if (rd_calls)
		*rd_calls = nrd;
	return nall;
}

/* ------------------------------------------------------------- results */

static void test_table_fits_seen_bitmap(void **state)
{
	unsigned int nr, i, slots = 0;
	const struct tdx_md_field *t = tdx_md_fields(&nr);

	(void)state;
	for (i = 0; i < nr; i++)
		slots += t[i].max_elems;
	assert_true(slots <= TDX_MD_RDALL_SLOTS);
	assert_int_equal(TDX_MD_RDALL_SLOTS % 64, 0);
}

static void test_default_same_as_rd(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	struct rdall_ctx c = { .fx = fx };
	unsigned int rd_calls = 0;

	/* The whole global context fits one page. */
	assert_int_equal(read_both(fx, &c, &rd_calls), 1);
	/* RD: one call per element (32 CMRs, 6 CPUID configs x 3, scalars). */
	assert_true(rd_calls > 90);
}

static void test_versions_same_as_rd(void **state)
{
	static const u16 versions[][3] = {
		{ 1, 5, 0 }, { 1, 5, 1 }, { 1, 5, 5 }, { 1, 5, 6 }, { 1, 5, 20 }, { 2, 0, 0 },
	};
	struct emu_fx *fx = *state;
	struct tdx_emu_config cfg = fx->cfg;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(versions); i++) {
		struct rdall_ctx c = { .fx = fx };
		struct tdx_sysinfo si;
		bool old = versions[i][0] == 1 && versions[i][2] < 5;

		cfg.major = versions[i][0];
		cfg.minor = versions[i][1];
		cfg.update = versions[i][2];
		module_as(state, &cfg);
		assert_int_equal(read_both(fx, &c, NULL), 1);
		assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx),
							NULL, NULL, NULL), 0);
		/* MAX_VCPUS_PER_TD is optional and absent before 1.5.05 */
		assert_int_equal(tdx_sysinfo_has(&si, TDX_MD_MAX_VCPUS_PER_TD), !old);
		assert_int_equal(si.update_version, versions[i][2]);
	}
}

static void test_configs_same_as_rd(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_emu_config cfg = fx->cfg;
	struct rdall_ctx c = { .fx = fx };
	struct tdx_sysinfo si;
	unsigned int i;

	/* NUM_CMRS = the real count, no CPUID configs */
	cfg.num_cmrs_is_max = false;
	cfg.nr_cpuid_config = 0;
	module_as(state, &cfg);
	assert_int_equal(read_both(fx, &c, NULL), 1);

	/* every CPUID config slot used, 32 CMRs */
	cfg.num_cmrs_is_max = true;
	cfg.nr_cmrs = TDX_MAX_CMRS;
	for (i = 0; i < TDX_MAX_CMRS; i++) {
		cfg.cmrs[i].base = (u64)i * SZ_1G * 2;
		cfg.cmrs[i].size = SZ_1G;
	}
	cfg.nr_cpuid_config = TDX_EMU_MAX_CPUID_CONFIG;
	for (i = 0; i < TDX_EMU_MAX_CPUID_CONFIG; i++) {
		cfg.cpuid_config[i].leaf = 0x80000000ULL + i;
		cfg.cpuid_config[i].value[0] = 0x1111111111111111ULL * (i % 15 + 1);
		cfg.cpuid_config[i].value[1] = ~0ULL - i;
	}
	module_as(state, &cfg);
	c.calls = 0;
	assert_int_equal(read_both(fx, &c, NULL), 1);
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), NULL, NULL,
						NULL), 0);
	assert_int_equal(si.nr_cpuid_config, 32);
	assert_int_equal(si.cpuid_config_values[31][1], ~0ULL - 31);
	assert_int_equal(si.cmr_base[31], 62ULL * SZ_1G);
}

/* The module's list split over several calls (as a bigger module would need). */
static void test_split_over_calls(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	u64 *list = rdall_page(fx);
	unsigned int nr_seq, chunk;
	struct tdx_args a;

	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA, MD_FIELD_ID_NA,
				     &a), TDX_SUCCESS);
	nr_seq = (u16)(list[0] >> 16);
	assert_true(nr_seq > 10);
	for (chunk = 1; chunk <= nr_seq; chunk += chunk < 4 ? 1 : 7) {
		struct rdall_ctx c = { .fx = fx, .chunk = chunk };

		assert_int_equal(read_both(fx, &c, NULL), (nr_seq + chunk - 1) / chunk);
	}
}

/* ------------------------------------------------------------ fallback */

static void test_fallback_1_0_module(void **state)
{
	struct emu_fx *fx = *state;
	struct tdx_emu_config cfg = fx->cfg;
	struct rdall_ctx c = { .fx = fx };
	struct tdx_sysinfo si;
	unsigned int calls = 0;
	u64 ff = 1, fs = 0;

	cfg.minor = 0;
	cfg.update = 0;
	module_as(state, &cfg);
	/* before SYS_READY a 1.0 module answers every unknown leaf "not ready" */
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						&calls), -EOPNOTSUPP);
	assert_int_equal(calls, 1);
	assert_int_equal(fs, TDX_SYS_NOT_READY);
	assert_int_equal(ff, MD_FIELD_ID_NA);
	/* the caller falls back to TDH.SYS.RD, which reports what a 1.0 module says */
	assert_int_equal(tdx_sysinfo_read(&si, emu_rd, fx, NULL, &fs, NULL), -EIO);
	assert_int_equal(fs, TDX_SYS_NOT_READY);

	/* after SYS_READY the leaf is simply unknown: OPERAND_INVALID(RAX) */
	emu_fx_build_tdmrs(fx);
	assert_int_equal(emu_fx_config(fx, 2), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(emu_fx_call(fx, 2, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						&calls), -EOPNOTSUPP);
	assert_int_equal(calls, 1);
	assert_int_equal(fs, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX);
}

static void test_fallback_on_leaf_rejected(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	struct rdall_ctx c = { .fx = fx };
	struct tdx_sysinfo si;
	unsigned int calls = 0;
	u64 ff = 0, fs = 0;

	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_RDALL, 1,
					TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX, false), 0);
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						&calls), -EOPNOTSUPP);
	assert_int_equal(calls, 1);
	assert_int_equal(tdx_sysinfo_read(&si, emu_rd, fx, NULL, NULL, NULL), 0);

	/* a bad page address is a real error, not "no such leaf" */
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_RDALL, 1,
					TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX, false), 0);
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						&calls), -EIO);
	assert_int_equal(fs, TDX_OPERAND_INVALID | TDX_OPERAND_ID_RDX);

	/* other failures pass through tdx_status_to_errno() */
	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_RDALL, 1, TDX_SEAMCALL_UD, false), 0);
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						&calls), -EACCES);
	assert_int_equal(fs, TDX_SEAMCALL_UD);
}

/* "not ready" or "no such leaf" after a first good call is a failure, not a fallback. */
static void test_no_fallback_mid_walk(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	struct rdall_ctx c = { .fx = fx, .chunk = 3 };
	struct tdx_sysinfo si;
	unsigned int calls = 0;
	u64 ff = 0, fs = 0;
	u64 *list = rdall_page(fx);

	assert_int_equal(tdx_emu_inject(fx->emu, TDH_SYS_RDALL, 2, TDX_SYS_NOT_READY, false), 0);
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						&calls), -EIO);
	assert_int_equal(calls, 2);
	assert_int_equal(fs, TDX_SYS_NOT_READY);
	/* the failing call's start: the 4th sequence of the full list */
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA, MD_FIELD_ID_NA,
				     NULL), TDX_SUCCESS);
	assert_int_equal(ff, list[seq_pos(list, 3)] & ~SEQ_SHAPE);
}

/* ------------------------------------------------ what the list leaves out */

static u64 mut_drop_field(struct rdall_ctx *c, u64 *list, u64 st, u64 start, u64 *next)
{
	int s = seq_find(list, c->arg, NULL);

	if (s >= 0)
		seq_drop(list, (unsigned int)s);
	return st;
}

/* Keep only the first arg2 fields of the sequence holding c->arg. */
static u64 mut_truncate_seq(struct rdall_ctx *c, u64 *list, u64 st, u64 start, u64 *next)
{
	int s = seq_find(list, c->arg, NULL);
	unsigned int pos, n, keep, end;
	u64 h;

	if (s < 0)
		return st;
	pos = seq_pos(list, (unsigned int)s);
	h = list[pos];
	n = seq_bytes(list, (unsigned int)s) / 8 - 1;
	keep = (unsigned int)c->arg2 * (unsigned int)(((h >> 34) & 0xf) + 1);
	end = (u16)list[0] / 8;
	memmove(&list[pos + 1 + keep], &list[pos + 1 + n], (end - pos - 1 - n) * 8);
	list[0] -= (u64)(n - keep) * 8;
	list[pos] = (h & ~(0x1FFULL << 38)) | ((c->arg2 - 1) << 38);
	return st;
}

static void test_required_missing(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	struct rdall_ctx c = { .fx = fx, .mutate = mut_drop_field, .arg = MD_FIELD_ID_MAX_TDMRS };
	struct tdx_sysinfo si;
	u64 ff = 0, fs = 1;

	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						NULL), -ENODEV);
	assert_int_equal(ff, MD_FIELD_ID_MAX_TDMRS);
	assert_int_equal(fs, 0);

	/* a required array cut short: blame its first missing element */
	c.mutate = mut_truncate_seq;
	c.arg = MD_FIELD_ID_CPUID_CONFIG_LEAVES0;
	c.arg2 = 3;
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						NULL), -ENODEV);
	assert_int_equal(ff, MD_FIELD_ID_CPUID_CONFIG_LEAVES0 + 3);

	/* ... but elements beyond NUM_CPUID_CONFIG may go */
	c.arg2 = fx->emu->active.nr_cpuid_config;
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						NULL), 0);
	assert_int_equal(tdx_md_field_count(&si, &tdx_md_fields(NULL)[TDX_MD_CPUID_CONFIG_LEAVES]),
			 fx->emu->active.nr_cpuid_config);
}

static void test_optional_missing(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	/* VENDOR_ID and BUILD_DATE share a sequence: keep the first field only */
	struct rdall_ctx c = { .fx = fx, .mutate = mut_truncate_seq, .arg = MD_FIELD_ID_VENDOR_ID,
			       .arg2 = 1 };
	struct tdx_sysinfo si;
	u64 ff = 1, fs = 1;

	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						NULL), 0);
	assert_int_equal(ff, 0);
	assert_int_equal(fs, 0);
	assert_false(tdx_sysinfo_has(&si, TDX_MD_BUILD_DATE));
	assert_int_equal(si.build_date, 0);
	assert_true(tdx_sysinfo_has(&si, TDX_MD_BUILD_NUM));
	assert_int_equal(si.build_num, fx->emu->active.build_num);
	assert_int_equal(si.vendor_id, 0x8086);

	/* without the whole sequence VENDOR_ID goes too; both are optional */
	c.mutate = mut_drop_field;
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						NULL), 0);
	assert_false(tdx_sysinfo_has(&si, TDX_MD_BUILD_DATE));
	assert_false(tdx_sysinfo_has(&si, TDX_MD_VENDOR_ID));
	assert_true(tdx_sysinfo_has(&si, TDX_MD_MAJOR_VERSION));
}

static u64 mut_set_value(struct rdall_ctx *c, u64 *list, u64 st, u64 start, u64 *next)
{
	unsigned int e = 0;
	int s = seq_find(list, c->arg, &e);

	if (s >= 0)
		list[seq_pos(list, (unsigned int)s) + 1 + e] = c->arg2;
	return st;
}

static void test_count_beyond_capacity(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	struct rdall_ctx c = { .fx = fx, .mutate = mut_set_value,
			       .arg = MD_FIELD_ID_NUM_CPUID_CONFIG, .arg2 = TDX_MAX_CPUID_CONFIG + 1 };
	struct tdx_sysinfo si;
	u64 ff = 0, fs = 1;

	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						NULL), -EINVAL);
	assert_int_equal(ff, MD_FIELD_ID_NUM_CPUID_CONFIG);
	assert_int_equal(fs, 0);

	/* a count above what the list holds: the first element not listed is missing */
	c.arg2 = TDX_EMU_MAX_CPUID_CONFIG + 1;
	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff, &fs,
						NULL), -ENODEV);
	assert_int_equal(ff, MD_FIELD_ID_CPUID_CONFIG_LEAVES0 + TDX_EMU_MAX_CPUID_CONFIG);
}

/* ----------------------------------------------------- malformed lists */

enum corruption {
	BAD_SIZE_BIG, BAD_SIZE_ODD, BAD_SIZE_ZERO, BAD_SIZE_SHORT, BAD_SIZE_LONG,
	BAD_NR_SEQ_MORE, BAD_SEQ_PAST_END, BAD_ELEM_SIZE, BAD_VALUE_WIDE, BAD_CONTEXT,
	BAD_WRITE_MASK, BAD_RESERVED, BAD_DUPLICATE, BAD_CODE_WRAP, BAD_NOTHING_WRITTEN,
	BAD_NO_PROGRESS, BAD_NO_NEXT, BAD_ODD_STATUS, BAD_NR,
};

static u64 mut_corrupt(struct rdall_ctx *c, u64 *list, u64 st, u64 start, u64 *next)
{
	unsigned int size = (u16)list[0];
	unsigned int s = (unsigned int)seq_find(list, MD_FIELD_ID_NUM_CMRS, NULL);
	unsigned int pos = seq_pos(list, s);

	switch (c->arg) {
	case BAD_SIZE_BIG:
		list[0] = (list[0] & ~0xffffULL) | (TDX_MD_LIST_BYTES + 8);
		break;
	case BAD_SIZE_ODD:
		list[0] -= 4;
		break;
	case BAD_SIZE_ZERO:
		list[0] &= ~0xffffULL;
		break;
	case BAD_SIZE_SHORT:	/* the last sequence runs past the stated size */
		list[0] -= 8;
		break;
	case BAD_SIZE_LONG:	/* bytes no sequence accounts for */
		list[0] += 8;
		break;
	case BAD_NR_SEQ_MORE:
		list[0] += 1ULL << 16;
		break;
	case BAD_SEQ_PAST_END:	/* one huge sequence */
		list[0] = (list[0] & ~0xffff0000ULL) | (1ULL << 16);
		list[1] |= 0x1FFULL << 38 | 0xFULL << 34;
		break;
	case BAD_ELEM_SIZE:	/* NUM_CMRS said to be 32 bits wide */
		list[pos] = (list[pos] & ~(3ULL << 32)) | (2ULL << 32);
		break;
	case BAD_VALUE_WIDE:	/* a 16-bit NUM_CMRS of 0x10002 */
		list[pos + 1] = 0x10002;
		break;
	case BAD_CONTEXT:
		list[pos] |= 1ULL << 52;
		break;
	case BAD_WRITE_MASK:
		list[pos] |= BIT_ULL(51);
		break;
	case BAD_RESERVED:
		list[pos] |= BIT_ULL(62);
		break;
	case BAD_DUPLICATE:	/* the NUM_CMRS sequence twice */
		memcpy(&list[size / 8], &list[pos], seq_bytes(list, s));
		list[0] += seq_bytes(list, s) + (1ULL << 16);
		break;
	case BAD_CODE_WRAP:	/* field codes past 0xFFFFFF */
		list[pos] |= 0xFFFFF0ULL;
		list[pos] |= 0x1FULL << 38;
		break;
	case BAD_NOTHING_WRITTEN:
		list[0] = 0;
		break;
	case BAD_NO_PROGRESS:
		*next = start;
		return TDX_METADATA_LIST_OVERFLOW;
	case BAD_NO_NEXT:
		*next = MD_FIELD_ID_NA;
		return TDX_METADATA_LIST_OVERFLOW;
	case BAD_ODD_STATUS:	/* a status without the error bit that is not SUCCESS */
		return TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
	}
	return st;
}

static void test_malformed_lists(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	struct rdall_ctx c = { .fx = fx, .mutate = mut_corrupt };
	struct tdx_sysinfo si;
	unsigned int bad, calls;
	u64 ff, fs;

	for (bad = 0; bad < BAD_NR; bad++) {
		c.arg = bad;
		ff = 0;
		fs = 1;
		calls = 0;
		assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), &ff,
							&fs, &calls), -EIO);
		assert_int_equal(calls, 1);
		assert_int_equal(ff, MD_FIELD_ID_NA);
		assert_int_equal(fs, bad == BAD_ODD_STATUS ? TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT : 0);
	}
}

/* A module that always has more: the reader gives up after TDX_MD_RDALL_MAX_CALLS. */
static u64 mut_endless(struct rdall_ctx *c, u64 *list, u64 st, u64 start, u64 *next)
{
	/* an empty list, and a new place to go on from each time */
	list[0] = 8;
	*next = MD_FIELD_ID_MAJOR_VERSION + (c->calls & 1);
	return TDX_METADATA_LIST_OVERFLOW;
}

static void test_endless_module(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	struct rdall_ctx c = { .fx = fx, .mutate = mut_endless };
	struct tdx_sysinfo si;
	unsigned int calls = 0;

	assert_int_equal(tdx_sysinfo_read_rdall(&si, emu_rdall, &c, rdall_page(fx), NULL, NULL,
						&calls), -EIO);
	assert_int_equal(calls, TDX_MD_RDALL_MAX_CALLS);
}

/* A module that hands out one fixed page. */
struct fixed_ctx {
	u64 page[512];
	unsigned int calls;
};

static u64 fixed_rdall(void *ctx, void *page, u64 start, u64 *next)
{
	struct fixed_ctx *f = ctx;

	f->calls++;
	memcpy(page, f->page, sizeof(f->page));
	*next = MD_FIELD_ID_NA;
	return TDX_SUCCESS;
}

/* Fields tdxhost does not know, and an element stride of 2, are skipped. */
static void test_unknown_fields_and_stride(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	struct rdall_ctx c = { .fx = fx };
	static struct tdx_sysinfo want, si;
	static struct fixed_ctx f;
	u64 *list = f.page, ff = 0;
	unsigned int size;

	assert_int_equal(tdx_sysinfo_read_rdall(&want, emu_rdall, &c, rdall_page(fx), NULL, NULL,
						NULL), 0);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA, MD_FIELD_ID_NA,
				     NULL), TDX_SUCCESS);
	memcpy(list, rdall_page(fx), 4096);
	size = (u16)list[0];
	assert_true(size + 32 <= 4096);
	/* in front: an unknown class, 3 fields of 2 elements, element stride 2 */
	memmove(&list[8], &list[1], size - 8);
	list[1] = 0x3F00000300000010ULL | BIT_ULL(50) | (1ULL << 34) | (2ULL << 38);
	list[2] = 1;
	list[3] = 2;
	list[4] = 3;
	list[5] = 4;
	list[6] = 5;
	list[7] = 6;
	list[0] += 56 + (1ULL << 16);
	assert_int_equal(tdx_sysinfo_read_rdall(&si, fixed_rdall, &f, rdall_page(fx), NULL, NULL,
						NULL), 0);
	assert_int_equal(f.calls, 1);
	assert_same_sysinfo(&want, &si);

	/* a stride-2 header over CMR_BASE: only the even elements are listed */
	memcpy(list, rdall_page(fx), 4096);
	{
		unsigned int s = (unsigned int)seq_find(list, MD_FIELD_ID_CMR_BASE0, NULL);

		list[seq_pos(list, s)] |= BIT_ULL(50);
	}
	assert_int_equal(tdx_sysinfo_read_rdall(&si, fixed_rdall, &f, rdall_page(fx), &ff, NULL,
						NULL), -ENODEV);
	assert_int_equal(ff, MD_FIELD_ID_CMR_BASE0 + 1);
}

/* ---------------------------------------------------------------- fuzz */

static u64 fuzz_rng = 0x243F6A8885A308D3ULL;

static u64 fuzz_rnd(void)
{
	fuzz_rng ^= fuzz_rng << 13;
	fuzz_rng ^= fuzz_rng >> 7;
	fuzz_rng ^= fuzz_rng << 17;
	return fuzz_rng;
}

struct fuzz_ctx {
	const u64 *valid;	/* a good list to mutate */
	unsigned int mode;
	unsigned int calls;
};

static u64 fuzz_rdall(void *ctx, void *page, u64 start, u64 *next)
{
	struct fuzz_ctx *f = ctx;
	u64 *list = page;
	unsigned int i, n;

	f->calls++;
	switch (f->mode) {
	case 0:		/* noise */
		for (i = 0; i < 512; i++)
			list[i] = fuzz_rnd();
		break;
	case 1:		/* noise behind a plausible header */
		for (i = 0; i < 512; i++)
			list[i] = fuzz_rnd() & (fuzz_rnd() | 0xFFFF00FF0FFFFFFFULL);
		list[0] = (fuzz_rnd() % 4200) | ((fuzz_rnd() % 80) << 16);
		break;
	default:	/* a good list with a few bits flipped */
		memcpy(list, f->valid, 4096);
		n = 1 + (unsigned int)(fuzz_rnd() % 4);
		for (i = 0; i < n; i++) {
			unsigned int w = (unsigned int)(fuzz_rnd() % ((u16)f->valid[0] / 8 + 1));

			list[w % 512] ^= BIT_ULL(fuzz_rnd() % 64);
		}
		break;
	}
	*next = fuzz_rnd() % 4 ? start + 1 : fuzz_rnd();
	return fuzz_rnd() % 3 ? TDX_SUCCESS : TDX_METADATA_LIST_OVERFLOW;
}

static void test_fuzz_parser(void **state)
{
	struct emu_fx *fx = module_as(state, NULL);
	static struct tdx_sysinfo si;
	u64 *valid = malloc(4096);
	/* exactly one page on the heap: any read past it is an ASan report */
	u64 *page = malloc(4096);
	struct fuzz_ctx f;
	unsigned int i, ok = 0, eio = 0;

	assert_non_null(valid);
	assert_non_null(page);
	assert_int_equal(emu_fx_call(fx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA, MD_FIELD_ID_NA,
				     NULL), TDX_SUCCESS);
	memcpy(valid, rdall_page(fx), 4096);
	for (i = 0; i < 30000; i++) {
		unsigned int calls = 0;
		int ret;

		f.valid = valid;
		f.mode = i % 3;
		f.calls = 0;
		ret = tdx_sysinfo_read_rdall(&si, fuzz_rdall, &f, page, NULL, NULL, &calls);
		assert_true(ret == 0 || ret == -EIO || ret == -ENODEV || ret == -EINVAL);
		assert_true(calls >= 1 && calls <= TDX_MD_RDALL_MAX_CALLS);
		assert_int_equal(calls, f.calls);
		ok += ret == 0;
		eio += ret == -EIO;
		if (!ret)	/* whatever got in, the counts are within bounds */
			assert_true(si.nr_cpuid_config <= TDX_MAX_CPUID_CONFIG &&
				    si.nr_cmrs <= TDX_MAX_CMRS);
	}
	/* the mutations reach both the accept and the reject paths */
	assert_true(ok > 100);
	assert_true(eio > 1000);
	free(page);
	free(valid);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_fits_seen_bitmap),
		T(test_default_same_as_rd),
		T(test_versions_same_as_rd),
		T(test_configs_same_as_rd),
		T(test_split_over_calls),
		T(test_fallback_1_0_module),
		T(test_fallback_on_leaf_rejected),
		T(test_no_fallback_mid_walk),
		T(test_required_missing),
		T(test_optional_missing),
		T(test_count_beyond_capacity),
		T(test_malformed_lists),
		T(test_endless_module),
		T(test_unknown_fields_and_stride),
		T(test_fuzz_parser),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
