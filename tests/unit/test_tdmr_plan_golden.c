// SPDX-License-Identifier: GPL-2.0
/*
 * The planner's answers, pinned: many generated layouts (the sweeps' small
 * ones, NUMA machines, and large server and island maps of up to 1024
 * ranges, as in `make bench`) under many limits, planned by
 * tdmr_plan_build() (with and without a chunk size limit) and
 * tdmr_plan_run() (on an idle host and on one with busy memory, which
 * drives the re-plan loop).  Every output byte a caller can see (return
 * code, stage, TDMRs with their reserved areas and PAMTs, chunks, the
 * reason) goes into one FNV-1a digest per family, compared with the
 * digests the planner of commit 3f2c20d gave.
 *
 * This is the check that a change meant to make the planner faster does
 * not change a single plan.  A change meant to change plans updates the
 * digests: TDXHOST_PLAN_GOLDEN_PRINT=1 prints them (one line per family).
 * TDXHOST_PLAN_GOLDEN_CASES=N runs N times the cases and only prints the
 * digests: compare two builds' output to check a change over more layouts.
 */
#include "plan_fixture.h"
#include "plan_gen.h"
#include "../bench/bench_layout.h"

#define BIGR TDMR_PLAN_MAX_MEM

static struct tdx_mem_range big[BIGR];
static struct tdx_cmr_range big_cmr;
static uint64_t digest;

static void mix(const void *data, size_t len)
{
	const unsigned char *b = data;

	for (size_t k = 0; k < len; k++) {
		digest ^= b[k];
		digest *= 0x100000001b3ULL;
	}
}

static void mix_u64(uint64_t v)
{
	mix(&v, sizeof(v));
}

/* Everything tdmr_plan_build() / tdmr_plan_run() tell a caller. */
static void mix_plan(int rc, int run)
{
	mix_u64((uint64_t)(int64_t)rc);
	mix_u64(run ? (uint64_t)plan->fail_stage : 0);
	mix_u64(plan->nr_tdmrs);
	mix_u64(plan->nr_chunks);
	mix_u64(plan->pamt_total);
	mix_u64(plan->covered);
	mix_u64(plan->nr_runs);
	mix_u64(plan->chunk_runs);
	mix_u64(plan->nr_remote);
	mix_u64(plan->placed);
	for (unsigned int t = 0; t < plan->nr_tdmrs && t < TDMR_PLAN_MAX_TDMRS; t++) {
		const struct tdmr_plan_tdmr *td = &plan->tdmrs[t];

		mix_u64(td->base);
		mix_u64(td->size);
		for (int l = 0; l < TDX_PS_NR; l++) {
			mix_u64(td->pamt_base[l]);
			mix_u64(td->pamt_size[l]);
			mix_u64(td->pamt_off[l]);
			mix_u64(td->pamt_chunk[l]);
		}
		mix_u64((uint64_t)(int64_t)td->nid);
		mix_u64((uint64_t)(int64_t)td->pamt_nid);
		mix_u64(td->pamt_remote);
		mix_u64(td->nr_holes);
		mix_u64(td->rsvd_budget);
		mix_u64(td->nr_rsvd);
		for (unsigned int k = 0; k < td->nr_rsvd && k < TDMR_PLAN_MAX_RSVD; k++) {
			mix_u64(td->rsvd[k].start);
			mix_u64(td->rsvd[k].size);
		}
	}
	for (unsigned int c = 0; c < plan->nr_chunks && c < TDMR_PLAN_MAX_CHUNKS; c++) {
		const struct tdmr_plan_chunk *ch = &plan->chunks[c];

		mix_u64(ch->size);
		mix_u64((uint64_t)(int64_t)ch->nid);
		mix_u64(ch->home);
		mix_u64(ch->win_start);
		mix_u64(ch->win_end);
		mix_u64(ch->base);
	}
	if (rc && plan->why)
		mix(plan->why, strlen(plan->why) + 1);
}

/* What the cases exercised (printed with the digests). */
static struct {
	int build_ok, split_ok, run_ok, busy_ok, replans, shared, remote, stage[4];
} seen;

static void count_event(void *ctx, enum tdmr_plan_event ev, u64 a, u64 b)
{
	(void)ctx;
	(void)a;
	(void)b;
	seen.replans += ev == TDMR_PLAN_EV_REPLAN;
}

/* A host with some memory busy: every 1 GiB page whose hash says so. */
static uint64_t busy_salt;

static int busy_take(void *ctx, u64 pa, u64 size)
{
	for (uint64_t g = pa >> 30; g <= (pa + size - 1) >> 30; g++) {
		uint64_t h = (g ^ busy_salt) * 0x9e3779b97f4a7c15ULL;

		if ((h >> 60) < 5)	/* 5 pages in 16 */
			return -EBUSY;
	}
	return tdmr_plan_idle_take(ctx, pa, size);
}

/* L: a small layout to check the plans of with plan_fixture.h's checkers, or NULL. */
static void plan_all(const struct tdx_mem_range *mem, unsigned int n,
		     const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs,
		     uint32_t T, uint32_t R, const uint16_t es[3], const struct layout *L)
{
	struct tdmr_plan_limits lim = { T, R, { es[0], es[1], es[2] } };
	struct tdmr_plan_opts opts = { 0 };
	struct tdmr_plan_host idle = {
		.take = tdmr_plan_idle_take, .release = tdmr_plan_idle_release,
		.event = count_event, .ctx = plan,
	};
	struct tdmr_plan_host busy = idle;
	int rc;

	rc = tdmr_plan_build(plan, mem, n, cmrs, nr_cmrs, &lim, NULL);
	mix_plan(rc, 0);
	seen.build_ok += !rc;
	seen.shared += !rc && plan->chunk_runs > 1;
	if (L && !rc && es[0] == 16 && es[1] == 16 && es[2] == 16)
		check_phase1(L, T, R);
	if (!rc && plan->pamt_total > 4 * SZ_4K) {
		/* Chunks of about a third of the PAMT: the split-chunk paths. */
		opts.max_chunk_size = ALIGN(plan->pamt_total / 3, SZ_4K);
		rc = tdmr_plan_build(plan, mem, n, cmrs, nr_cmrs, &lim, &opts);
		mix_plan(rc, 0);
		seen.split_ok += !rc;
	}
	rc = tdmr_plan_run(plan, mem, n, cmrs, nr_cmrs, &lim, &idle);
	mix_plan(rc, 1);
	seen.run_ok += !rc;
	seen.remote += !rc && plan->nr_remote;
	if (L && !rc)
		assert_int_equal(check_phase2(L, R, 1), 0);
	busy.take = busy_take;
	busy_salt = rnd();
	rc = tdmr_plan_run(plan, mem, n, cmrs, nr_cmrs, &lim, &busy);
	mix_plan(rc, 1);
	seen.busy_ok += !rc;
	seen.stage[plan->fail_stage & 3]++;
}

static const uint32_t Ts[] = { 64, 48, 32, 16, 8, 6, 4, 3, 2, 1 };
static const uint32_t Rs[] = { 64, 16, 12, 8, 6, 4, 3, 2, 1 };

static void pick_limits(uint32_t *T, uint32_t *R, uint16_t es[3])
{
	*T = Ts[rnd() % ARRAY_SIZE(Ts)];
	*R = Rs[rnd() % ARRAY_SIZE(Rs)];
	es[0] = es[1] = es[2] = 16;
	if (rnd() % 8 == 0) {
		es[0] = (uint16_t)(8 << (rnd() % 3));
		es[1] = (uint16_t)(8 << (rnd() % 3));
		es[2] = (uint16_t)(8 << (rnd() % 3));
	}
}

/* Small layouts: plan_gen.h's modes 0..4. */
static void family_small(int cases)
{
	static struct layout L;
	uint16_t es[3];
	uint32_t T, R;

	for (int c = 0; c < cases; c++) {
		gen_layout(&L, c % 5);
		pick_limits(&T, &R, es);
		plan_all(L.mem, L.n, L.cmrs, L.nr_cmrs, T, R, es, &L);
	}
}

/*
 * NUMA machines: 1..32 nodes of 1..24 GiB, holes at one granularity (4K to
 * 1 GiB), nodes touching (often mid-GiB) or apart, low-memory holes.
 */
static unsigned int gen_numa_big(void)
{
	static const unsigned int node_choice[] = { 1, 2, 3, 4, 6, 8, 12, 16, 24, 32 };
	static const uint64_t grans[] = { 4 * KB, 64 * KB, 2 * MB, 64 * MB, GB };
	unsigned int nodes = node_choice[rnd() % ARRAY_SIZE(node_choice)], n = 0;
	uint64_t g = grans[rnd() % ARRAY_SIZE(grans)], pos = MB;
	int per_holes = (int)rnd_range(0, 6);

	if (rnd() % 2) {
		big[n++] = (struct tdx_mem_range){ MB, 0x76000000ULL, 0 };
		big[n++] = (struct tdx_mem_range){ 0x76400000ULL, (2 + rnd() % 2) * GB, 0 };
		pos = 4 * GB;
	}
	for (unsigned int node = 0; node < nodes && n < BIGR - 8; node++) {
		uint64_t len = rnd_range(1, 24) * GB + rnd_range(0, 1023) * MB, end, s = pos;
		int holes = (int)rnd_range(0, per_holes);

		len &= ~(g - 1);
		if (!len)
			len = g;
		end = pos + len;
		for (int h = 0; h < holes; h++) {
			uint64_t at = (s + (end - s) / 2) & ~(g - 1), hl = g * rnd_range(1, 4);

			if (at <= s || at + hl >= end)
				break;
			big[n++] = (struct tdx_mem_range){ s, at, (int)node };
			s = at + hl;
		}
		big[n++] = (struct tdx_mem_range){ s, end, (int)node };
		pos = end;
		if (rnd() % 3 == 0)
			pos += g * rnd_range(1, 8);
	}
	return n;
}

static void family_numa(int cases)
{
	uint16_t es[3];
	uint32_t T, R;

	for (int c = 0; c < cases; c++) {
		unsigned int n = gen_numa_big();

		pick_limits(&T, &R, es);
		big_cmr.base = 0;
		big_cmr.size = big[n - 1].end;
		plan_all(big, n, &big_cmr, 1, T, R, es, NULL);
	}
}

static void family_bench(int cases)
{
	static const unsigned int sizes[] = { 16, 48, 64, 128, 200, 256, 512, 1024 };
	uint16_t es[3] = { 16, 16, 16 };

	for (int c = 0; c < cases; c++) {
		unsigned int n = bench_layout(big, sizes[rnd() % ARRAY_SIZE(sizes)], (int)(rnd() % 2), rnd);
		uint32_t T = Ts[rnd() % 7], R = Rs[rnd() % 6];

		big_cmr.base = 0;
		big_cmr.size = big[n - 1].end;
		plan_all(big, n, &big_cmr, 1, T, R, es, NULL);
	}
}

struct family {
	const char *name;
	void (*run)(int cases);
	int cases;
	uint64_t seed;
	uint64_t want;
};

static struct family families[] = {
	{ "small", family_small, 4000, 0x5eed0001ULL, 0x40a2cb961f00c95dULL },
	{ "numa", family_numa, 3000, 0x5eed0002ULL, 0xf760bbc5184e8102ULL },
	{ "bench", family_bench, 200, 0x5eed0003ULL, 0x9df4417e6f2e183fULL },
};

static void test_golden(void **state)
{
	const char *k = getenv("TDXHOST_PLAN_GOLDEN_CASES");
	int print = getenv("TDXHOST_PLAN_GOLDEN_PRINT") != NULL, bad = 0;
	int scale = k && atoi(k) > 0 ? atoi(k) : 1;

	(void)state;
	for (unsigned int f = 0; f < ARRAY_SIZE(families); f++) {
		struct family *fam = &families[f];

		rng_state = fam->seed;
		digest = 0xcbf29ce484222325ULL;
		memset(&seen, 0, sizeof(seen));
		fam->run(fam->cases * scale);
		if (print)
			print_message("# golden %s: %d cases, digest 0x%016llx; planned: %d, %d with shared chunks, %d split; run: %d idle (%d remote PAMT), %d busy, %d re-plans; busy fails in stage plan %d, alloc %d, check %d\n",
				      fam->name, fam->cases * scale, (unsigned long long)digest,
				      seen.build_ok, seen.shared, seen.split_ok, seen.run_ok,
				      seen.remote, seen.busy_ok, seen.replans, seen.stage[1],
				      seen.stage[2], seen.stage[3]);
		if (scale == 1 && digest != fam->want) {
			print_message("# golden %s: digest 0x%016llx, want 0x%016llx\n", fam->name,
				      (unsigned long long)digest, (unsigned long long)fam->want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * tdmr_plan_validate()'s PAMT checks (a sorted sweep, then only the TDMRs
 * each PAMT touches) against the pairwise loop they replaced, on placed
 * plans with one PAMT moved: into another PAMT, into TDMR memory, or
 * nowhere in particular.  The same answer and the same reason.
 */
static const char *ref_pamt_check(void)
{
	for (unsigned int t = 0; t < plan->nr_tdmrs; t++) {
		for (int ps = 0; ps < TDX_PS_NR; ps++) {
			uint64_t b = plan->tdmrs[t].pamt_base[ps], e = b + plan->tdmrs[t].pamt_size[ps];

			for (unsigned int u = 0; u < plan->nr_tdmrs; u++) {
				const struct tdmr_plan_tdmr *td = &plan->tdmrs[u];
				uint64_t pos = td->base, end = td->base + td->size;

				for (unsigned int k = 0; k <= td->nr_rsvd; k++) {
					uint64_t avail_end = k < td->nr_rsvd ? td->rsvd[k].start : end;

					if (avail_end > pos && b < avail_end && e > pos)
						return "PAMT overlaps non-reserved TDMR memory";
					if (k < td->nr_rsvd)
						pos = td->rsvd[k].start + td->rsvd[k].size;
				}
				for (int qs = u == t ? ps + 1 : 0; u >= t && qs < TDX_PS_NR; qs++) {
					uint64_t ob = plan->tdmrs[u].pamt_base[qs];
					uint64_t oe = ob + plan->tdmrs[u].pamt_size[qs];

					if (b < oe && ob < e)
						return "PAMTs overlap";
				}
			}
		}
	}
	return NULL;
}

static void test_validate_pamt_checks(void **state)
{
	static struct layout L;
	struct tdx_cmr_range all = { 0, 1ULL << 52 };
	int moved = 0, refused = 0, overlap = 0;

	(void)state;
	rng_state = 0x5eed0004ULL;
	for (int c = 0; c < 3000; c++) {
		uint32_t T = Ts[rnd() % ARRAY_SIZE(Ts)], R = Rs[rnd() % ARRAY_SIZE(Rs)];
		const char *why, *want;
		unsigned int t, u;
		int ps, qs, rc;

		gen_layout(&L, c % 5);
		if (run_idle(&L, T, R))
			continue;
		assert_int_equal(tdmr_plan_validate(plan, &all, 1, &why), 0);
		assert_null(ref_pamt_check());
		t = (unsigned int)(rnd() % plan->nr_tdmrs);
		u = (unsigned int)(rnd() % plan->nr_tdmrs);
		ps = (int)(rnd() % TDX_PS_NR);
		qs = (int)(rnd() % TDX_PS_NR);
		switch (rnd() % 3) {
		case 0:
			plan->tdmrs[t].pamt_base[ps] = plan->tdmrs[u].pamt_base[qs] +
						       rnd_range(0, 4) * SZ_4K;
			break;
		case 1:
			plan->tdmrs[t].pamt_base[ps] = plan->tdmrs[u].base +
						       rnd_range(0, plan->tdmrs[u].size >> 12) * SZ_4K;
			break;
		default:
			plan->tdmrs[t].pamt_base[ps] = rnd_range(1, 1ULL << 28) * SZ_4K;
			break;
		}
		if (!plan->tdmrs[t].pamt_base[ps])
			plan->tdmrs[t].pamt_base[ps] = SZ_4K;	/* 0 is "unset", checked before */
		moved++;
		want = ref_pamt_check();
		rc = tdmr_plan_validate(plan, &all, 1, &why);
		assert_int_equal(rc, want ? -EINVAL : 0);
		if (want)
			assert_string_equal(why, want);
		refused += !!want;
		overlap += want && !strcmp(want, "PAMTs overlap");
	}
	print_message("# validate: %d plans with a PAMT moved, %d refused (%d for two PAMTs overlapping)\n",
		      moved, refused, overlap);
	assert_true(refused > moved / 4 && refused < moved && overlap > 0);
}

static int setup(void **state)
{
	(void)state;
	plan = calloc(1, sizeof(*plan));
	return plan ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(plan);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_validate_pamt_checks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
