// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the TDMR/PAMT planner (src/lib/tdmr_plan*.c): chosen layouts,
 * failure reasons, phase 2 and validation, a sweep of generated layouts with
 * hosts that place chunks their own way, and large layouts against the
 * planner's own bounds.  The exact oracle and its sweeps are in
 * test_tdmr_plan_oracle.c; what both share is in plan_fixture.h
 * and plan_gen.h (the layout generator).
 */
#include "plan_fixture.h"
#include "plan_oracle.h"
#include "plan_gen.h"

/* ---- tests */

static void test_pamt_formula(void **state)
{
	struct tdmr_plan_limits lim = limits(64, 16);

	(void)state;
	assert_int_equal(tdmr_pamt_size(GB, TDX_PS_4K, 16), 4 * MB);
	assert_int_equal(tdmr_pamt_size(GB, TDX_PS_2M, 16), 8 * KB);
	assert_int_equal(tdmr_pamt_size(GB, TDX_PS_1G, 16), 4 * KB);
	assert_int_equal(tdmr_pamt_total(GB, &lim), 4 * MB + 8 * KB + 4 * KB);
	/* 1G level stays one page up to 256 GiB, then grows. */
	assert_int_equal(tdmr_pamt_size(256 * GB, TDX_PS_1G, 16), 4 * KB);
	assert_int_equal(tdmr_pamt_size(257 * GB, TDX_PS_1G, 16), 8 * KB);
	assert_int_equal(tdmr_pamt_size(3 * GB, TDX_PS_4K, 16), 12 * MB);
	assert_int_equal(tdmr_pamt_size(GB, TDX_PS_2M, 8), 4 * KB);
	assert_int_equal(tdmr_pamt_size(GB, TDX_PS_NR, 16), 0);
}

static void test_qemu_layout(void **state)
{
	struct layout L = {
		.mem = { { 0, 0xa0000, 0 }, { MB, 2 * GB, 0 }, { 4 * GB, 10 * GB, 0 } },
		.n = 3,
		.cmrs = { { 0, 0xa0000 }, { MB, 2 * GB - MB }, { 4 * GB, 6 * GB } },
		.nr_cmrs = 3,
	};
	static union {
		struct tdmr_info info;
		char raw[TDMR_INFO_ALIGNMENT];
	} buf;
	const char *why;

	(void)state;
	assert_int_equal(build(&L, 64, 16, 0), 0);
	assert_int_equal(plan->nr_tdmrs, 2);
	assert_int_equal(plan->tdmrs[0].base, 0);
	assert_int_equal(plan->tdmrs[0].size, 2 * GB);
	assert_int_equal(plan->tdmrs[1].base, 4 * GB);
	assert_int_equal(plan->tdmrs[1].size, 6 * GB);
	assert_int_equal(plan->tdmrs[0].nr_holes, 1);	/* 640K..1M */
	assert_int_equal(plan->pamt_total, ref_pamt(2 * GB) + ref_pamt(6 * GB));
	/* One node: one chunk, homed where the longest piece of memory is. */
	assert_int_equal(plan->nr_chunks, 1);
	assert_int_equal(plan->chunks[0].home, 1);
	assert_int_equal(plan->chunks[0].size, ref_pamt(2 * GB) + ref_pamt(6 * GB));
	check_phase1(&L, 64, 16);

	plan->chunks[0].base = 10 * GB - plan->chunks[0].size;
	assert_int_equal(tdmr_plan_place_pamts(plan), 0);
	assert_int_equal(tdmr_plan_validate(plan, L.cmrs, L.nr_cmrs, &why), 0);
	assert_int_equal(plan->tdmrs[1].nr_rsvd, 1);
	assert_int_equal(plan->tdmrs[1].rsvd[0].start, plan->chunks[0].base);

	memset(&buf, 0xcc, sizeof(buf));
	tdmr_plan_to_tdmr_info(plan, 0, &buf.info, 16);
	assert_int_equal(buf.info.base, 0);
	assert_int_equal(buf.info.size, 2 * GB);
	assert_int_equal(buf.info.pamt_4k_size, 8 * MB);
	assert_int_equal(buf.info.pamt_2m_size, 16 * KB);
	assert_int_equal(buf.info.pamt_1g_size, 4 * KB);
	assert_int_equal(buf.info.pamt_4k_base, plan->chunks[0].base);
	assert_int_equal(buf.info.reserved_areas[0].offset, 0xa0000);
	assert_int_equal(buf.info.reserved_areas[0].size, MB - 0xa0000);
	assert_int_equal(buf.info.reserved_areas[1].size, 0);
	assert_int_equal(buf.info.reserved_areas[15].size, 0);
	tdmr_plan_to_tdmr_info(plan, 1, &buf.info, 16);
	assert_int_equal(buf.info.reserved_areas[0].offset, plan->chunks[0].base - 4 * GB);

	/* The DP agrees with the oracle. */
	assert_int_equal(plan->pamt_total, oracle(&L, 64, 16).room);
}

/* What upstream does: one TDMR per region (regions sharing a GiB share it). */
static int upstream_fails(const struct layout *L, uint32_t T, uint32_t R)
{
	uint64_t base[256], end[256], hv[256][2];
	unsigned int nt = 0;

	for (unsigned int k = 0; k < L->n; k++) {
		uint64_t s = L->mem[k].start & ~(GB - 1), e = (L->mem[k].end + GB - 1) & ~(GB - 1);

		if (nt && s < end[nt - 1])
			s = end[nt - 1];
		if (s >= e)
			continue;
		base[nt] = s;
		end[nt++] = e;
	}
	if (nt > T)
		return 1;
	for (unsigned int t = 0; t < nt; t++)
		if (ref_holes(L, base[t], end[t], hv) + 1 > R)	/* + its PAMT */
			return 1;
	return 0;
}

static void add_range(struct layout *L, uint64_t start, uint64_t end, int nid)
{
	L->mem[L->n].start = start;
	L->mem[L->n].end = end;
	L->mem[L->n].nid = nid;
	L->n++;
}

static void test_beats_upstream_holes(void **state)
{
	struct layout L = { .n = 0 };

	(void)state;
	/*
	 * [1G, 2G): 17 pieces with 16 holes; [2G, 4G): 64 MiB pieces with
	 * 16 MiB holes; then plenty of memory.  Upstream's TDMR for the first
	 * GiB has 16 holes and no room for its own PAMT; we home the node's
	 * PAMT chunk in the big TDMR instead.
	 */
	for (int k = 0; k < 17; k++)
		add_range(&L, GB + k * 60 * MB, k == 16 ? 2 * GB : GB + k * 60 * MB + 48 * MB, 0);
	for (uint64_t pos = 2 * GB; pos + 64 * MB <= 4 * GB - 16 * MB && L.n < MAXR - 1; pos += 80 * MB)
		add_range(&L, pos, pos + 64 * MB, 0);
	add_range(&L, 4 * GB, 16 * GB, 0);
	L.cmrs[0].base = 0;
	L.cmrs[0].size = 16 * GB;
	L.nr_cmrs = 1;

	assert_true(upstream_fails(&L, 64, 16));
	assert_int_equal(build(&L, 64, 16, 0), 0);
	check_phase1(&L, 64, 16);
	assert_int_equal(plan->tdmrs[0].base, GB);
	assert_int_equal(plan->tdmrs[0].size, GB);
	assert_int_equal(plan->tdmrs[0].nr_holes, 16);
	assert_int_equal(plan->tdmrs[0].rsvd_budget, 0);
	assert_int_equal(plan->pamt_total, oracle(&L, 64, 16).room);
	place_and_check(&L, 16, 0);
	place_and_check(&L, 16, 1);
}

static void test_beats_upstream_tdmrs(void **state)
{
	struct layout L = { .n = 0 };

	(void)state;
	/* Ten 1 GiB islands with 1 GiB gaps; the module allows 4 TDMRs. */
	for (int k = 0; k < 10; k++) {
		L.mem[k].start = (2 * k + 1) * GB;
		L.mem[k].end = (2 * k + 2) * GB;
		L.mem[k].nid = k / 5;
	}
	L.n = 10;
	L.cmrs[0].base = 0;
	L.cmrs[0].size = 21 * GB;
	L.nr_cmrs = 1;

	assert_true(upstream_fails(&L, 4, 16));
	assert_int_equal(build(&L, 4, 16, 0), 0);
	assert_true(plan->nr_tdmrs <= 4);
	check_phase1(&L, 4, 16);
	assert_int_equal(plan->pamt_total, oracle(&L, 4, 16).room);
	/* Merging the 9 gaps into 4 TDMRs costs covering 6 gaps: 16 GiB in all. */
	assert_int_equal(plan->covered, 16 * GB);
	place_and_check(&L, 16, 0);
}

static void test_infeasible_reasons(void **state)
{
	struct layout L = { .n = 0 };

	(void)state;
	/*
	 * Three aligned islands on three nodes, one reserved area: a merged
	 * TDMR has a hole and no room for a node's PAMT, so node-local chunks
	 * need 3 TDMRs.  One chunk for all three, in a TDMR of its own, fits 2.
	 */
	for (int k = 0; k < 3; k++) {
		L.mem[k].start = 2 * k * GB;
		L.mem[k].end = (2 * k + 1) * GB;
		L.mem[k].nid = k;
	}
	L.n = 3;
	L.cmrs[0].size = 8 * GB;
	L.nr_cmrs = 1;
	assert_int_equal(build(&L, 3, 1, 0), 0);
	assert_int_equal(plan->nr_tdmrs, 3);
	assert_int_equal(plan->chunk_runs, 1);
	assert_int_equal(plan->nr_remote, 0);
	assert_int_equal(build(&L, 2, 1, 0), 0);
	assert_int_equal(plan->nr_tdmrs, 2);
	assert_int_equal(plan->nr_chunks, 1);
	assert_true(plan->chunk_runs >= 3);
	assert_int_equal(plan->chunks[0].home, 1);	/* the hole-free TDMR */
	assert_int_equal(plan->nr_remote, 1);		/* [0, 3G) of nodes 0 and 1 */
	assert_true(plan->tdmrs[0].pamt_remote);
	assert_false(plan->tdmrs[1].pamt_remote);
	assert_int_equal(plan->pamt_total, oracle(&L, 2, 1).room);
	check_phase1(&L, 2, 1);
	/* One TDMR: two holes and the PAMT. */
	assert_int_equal(build(&L, 1, 1, 0), -ENOSPC);
	assert_non_null(plan->why);
	assert_string_equal(plan->why, "needs 2 TDMRs, module allows 1");
	assert_int_equal(oracle(&L, 1, 1).slots, INF_COST);
	assert_int_equal(build(&L, 1, 3, 0), 0);
	/* One node: the PAMT lives in the last island, the others merge. */
	for (int k = 0; k < 3; k++)
		L.mem[k].nid = 0;
	assert_int_equal(build(&L, 2, 1, 0), 0);
	assert_int_equal(plan->nr_tdmrs, 2);
	check_phase1(&L, 2, 1);
	/* Four islands, 2 TDMRs, 1 area: every layout has two merged islands per TDMR. */
	L.mem[3].start = 6 * GB;
	L.mem[3].end = 7 * GB;
	L.mem[3].nid = 0;
	L.n = 4;
	assert_int_equal(build(&L, 2, 1, 0), -ENOSPC);
	assert_string_equal(plan->why, "needs 3 TDMRs, module allows 2");
	L.n = 3;

	/* Twenty holes inside one GiB with 16 reserved areas. */
	L.n = 0;
	for (int k = 0; k < 21; k++) {
		L.mem[k].start = GB + k * 32 * MB;
		L.mem[k].end = L.mem[k].start + 16 * MB;
		L.mem[k].nid = 0;
		L.n++;
	}
	assert_int_equal(build(&L, 64, 16, 0), -ENOSPC);
	assert_non_null(strstr(plan->why, "reserved areas"));

	/* Bad input. */
	L.n = 2;
	L.mem[1].start = L.mem[0].start;
	assert_int_equal(build(&L, 64, 16, 0), -EINVAL);
	assert_non_null(plan->why);
	L.mem[1].start = L.mem[0].end + 123;
	assert_int_equal(build(&L, 64, 16, 0), -EINVAL);
	assert_int_equal(tdmr_plan_build(plan, L.mem, 0, NULL, 0, &(struct tdmr_plan_limits){
		.max_tdmrs = 64, .max_rsvd_per_tdmr = 16, .pamt_entry_size = { 16, 16, 16 } }, NULL),
		-EINVAL);
}

static void test_chunk_limit(void **state)
{
	struct layout L = {
		.mem = { { MB, 2 * GB, 0 }, { 4 * GB, 20 * GB, 0 }, { 21 * GB, 36 * GB, 1 } },
		.n = 3,
		.cmrs = { { 0, 36 * GB } },
		.nr_cmrs = 1,
	};

	(void)state;
	assert_int_equal(build(&L, 64, 16, 0), 0);
	assert_int_equal(plan->nr_chunks, 2);	/* one per node */
	check_phase1(&L, 64, 16);
	place_and_check(&L, 16, 2);

	/* 66 MiB: node 0's 8 MiB and 64 MiB PAMTs no longer share a chunk. */
	assert_int_equal(build(&L, 64, 16, 66 * MB), 0);
	assert_int_equal(plan->nr_chunks, 3);
	for (unsigned int c = 0; c < plan->nr_chunks; c++)
		assert_true(plan->chunks[c].size <= 66 * MB);
	assert_int_equal(plan->chunks[0].home, plan->chunks[1].home);
	assert_true(plan->tdmrs[plan->chunks[0].home].rsvd_budget >= 2);
	check_phase1(&L, 64, 16);
	place_and_check(&L, 16, 0);
	place_and_check(&L, 16, 2);

	/* A single 4K-level PAMT bigger than the limit: clear refusal. */
	assert_int_equal(build(&L, 64, 16, 4 * MB), -ENOSPC);
	assert_string_equal(plan->why,
			    "TDMR 0 needs a 8192 KiB contiguous 4K PAMT, over max_chunk_size 4096 KiB");
}

static void test_place_errors(void **state)
{
	struct layout L = {
		.mem = { { MB, 2 * GB, 0 }, { 4 * GB, 8 * GB, 0 } },
		.n = 2,
		.cmrs = { { 0, 8 * GB } },
		.nr_cmrs = 1,
	};

	(void)state;
	assert_int_equal(build(&L, 64, 16, 64 * MB), 0);
	assert_int_equal(tdmr_plan_place_pamts(plan), -EINVAL);		/* not allocated */
	assert_true(plan->nr_chunks >= 1);
	for (unsigned int c = 0; c < plan->nr_chunks; c++)
		plan->chunks[c].base = 5 * GB + c * 64 * MB + 1;
	assert_int_equal(tdmr_plan_place_pamts(plan), -EINVAL);		/* unaligned */
	for (unsigned int c = 0; c < plan->nr_chunks; c++)
		plan->chunks[c].base = 9 * GB;
	assert_int_equal(tdmr_plan_place_pamts(plan), -EINVAL);		/* outside CMRs */
	if (plan->nr_chunks > 1) {
		for (unsigned int c = 0; c < plan->nr_chunks; c++)
			plan->chunks[c].base = 5 * GB;
		assert_int_equal(tdmr_plan_place_pamts(plan), -EINVAL);	/* overlap */
	}
	/* R = 1: TDMR 0 has its hole, so the chunk must live in hole-free TDMR 1. */
	assert_int_equal(build(&L, 64, 1, 0), 0);
	assert_int_equal(plan->nr_chunks, 1);
	assert_int_equal(plan->chunks[0].home, 1);
	plan->chunks[0].base = 6 * GB;
	assert_int_equal(tdmr_plan_place_pamts(plan), 0);
	/* Placed in TDMR 0 instead, away from its hole: two areas, one allowed. */
	plan->chunks[0].base = GB;
	assert_int_equal(tdmr_plan_place_pamts(plan), -ENOSPC);
	assert_non_null(strstr(plan->why, "reserved areas"));
	/* Right after the hole it merges with it: fits. */
	plan->chunks[0].base = MB;
	assert_int_equal(tdmr_plan_place_pamts(plan), 0);
	assert_int_equal(plan->tdmrs[0].nr_rsvd, 1);
	assert_int_equal(plan->tdmrs[0].rsvd[0].size, MB + plan->chunks[0].size);
}

static void test_validate_catches(void **state)
{
	struct layout L = {
		.mem = { { MB, 2 * GB, 0 }, { 4 * GB, 8 * GB, 0 } },
		.n = 2,
		.cmrs = { { 0, 8 * GB } },
		.nr_cmrs = 1,
	};
	static struct tdmr_plan good;
	const char *why;

	(void)state;
	assert_int_equal(build(&L, 64, 16, 0), 0);
	plan->chunks[0].base = 4 * GB;
	assert_int_equal(tdmr_plan_place_pamts(plan), 0);
	assert_int_equal(tdmr_plan_validate(plan, L.cmrs, 1, &why), 0);
	good = *plan;

	plan->tdmrs[1].base = GB;		/* overlaps TDMR 0 */
	assert_int_equal(tdmr_plan_validate(plan, L.cmrs, 1, &why), -EINVAL);
	assert_non_null(why);
	*plan = good;
	plan->tdmrs[1].size = 3 * GB + 4096;
	assert_int_equal(tdmr_plan_validate(plan, L.cmrs, 1, &why), -EINVAL);
	*plan = good;
	plan->tdmrs[0].rsvd[0].start += 1;
	assert_int_equal(tdmr_plan_validate(plan, L.cmrs, 1, &why), -EINVAL);
	*plan = good;
	plan->tdmrs[1].nr_rsvd = 0;		/* PAMT now in usable memory */
	assert_int_equal(tdmr_plan_validate(plan, L.cmrs, 1, &why), -EINVAL);
	assert_string_equal(why, "PAMT overlaps non-reserved TDMR memory");
	*plan = good;
	plan->tdmrs[0].pamt_size[TDX_PS_4K] -= 4096;
	assert_int_equal(tdmr_plan_validate(plan, L.cmrs, 1, &why), -EINVAL);
	*plan = good;
	plan->tdmrs[0].pamt_base[TDX_PS_2M] = plan->tdmrs[1].pamt_base[TDX_PS_4K];
	assert_int_equal(tdmr_plan_validate(plan, L.cmrs, 1, &why), -EINVAL);
	assert_string_equal(why, "PAMTs overlap");
	*plan = good;				/* a later PAMT on an earlier one, one TDMR */
	plan->tdmrs[1].pamt_base[TDX_PS_1G] = plan->tdmrs[1].pamt_base[TDX_PS_4K] + 4096;
	assert_int_equal(tdmr_plan_validate(plan, L.cmrs, 1, &why), -EINVAL);
	assert_string_equal(why, "PAMTs overlap");
	*plan = good;
	plan->tdmrs[0].nr_rsvd = 0;		/* hole 0..1M not convertible */
	{
		struct tdx_cmr_range cm[2] = { { MB, 2 * GB - MB }, { 4 * GB, 4 * GB } };

		assert_int_equal(tdmr_plan_validate(plan, cm, 2, &why), -EINVAL);
		assert_string_equal(why, "non-reserved TDMR memory outside the CMRs");
		*plan = good;
		assert_int_equal(tdmr_plan_validate(plan, cm, 2, &why), 0);
		cm[1].size = GB;		/* PAMT at 4G+ still inside; shrink further */
		cm[1].base = 6 * GB;
		assert_int_equal(tdmr_plan_validate(plan, cm, 2, &why), -EINVAL);
	}
	*plan = good;
	plan->nr_tdmrs = 2;
	plan->lim.max_tdmrs = 1;
	assert_int_equal(tdmr_plan_validate(plan, L.cmrs, 1, &why), -EINVAL);
}

/* The property sweep: one seed per call so failures name their seed. */
static void sweep(uint64_t seed, int cases, int mode)
{
	static const uint32_t Ts[] = { 1, 2, 3, 4, 6, 64 };
	static const uint32_t Rs[] = { 1, 2, 3, 4, 6, 16 };
	struct layout L;
	int feasible = 0, infeasible = 0, placed_any = 0, refused = 0, limited_ok = 0, bounded = 0;

	rng_state = seed;
	placed_ok = 0;
	emu_ok = 0;
	for (int c = 0; c < cases; c++) {
		uint32_t T = Ts[rnd() % 6], R = Rs[rnd() % 6];
		struct oracle_result want;
		int rc;

		gen_layout(&L, mode);
		rc = build(&L, T, R, 0);
		want = oracle(&L, T, R);
		if (want.room == INF_COST && want.slots != INF_COST)
			continue;	/* room-bound: test_tdmr_plan_oracle.c */
		if ((rc == 0) != (want.room != INF_COST))
			fail_msg("seed %llu case %d: planner %d, oracle %llu (T %u R %u n %u)",
				 (unsigned long long)seed, c, rc, (unsigned long long)want.room,
				 T, R, L.n);
		if (rc) {
			assert_int_equal(rc, -ENOSPC);
			assert_non_null(plan->why);
			infeasible++;
			continue;
		}
		feasible++;
		/* Did this case need the TDMR count as a DP dimension? */
		bounded += plan->work.count[plan->work.nr_cand - 1][0] > T;
		if (plan->pamt_total * 10000 > want.room * 10001)
			fail_msg("seed %llu case %d: PAMT %llu, oracle %llu (T %u R %u n %u)",
				 (unsigned long long)seed, c, (unsigned long long)plan->pamt_total,
				 (unsigned long long)want.room, T, R, L.n);
		check_phase1(&L, T, R);
		for (int how = 0; how < 3; how++) {
			int before = placed_ok;

			for (unsigned int k = 0; k < plan->nr_chunks; k++)
				plan->chunks[k].base = 0;
			place_and_check(&L, R, how);
			if (placed_ok > before && how == 2 && L.nr_cmrs <= TDX_MAX_CMRS)
				emu_accepts(&L, T, R);
		}
		/* A host ignoring the windows: phase 2 may refuse, but only rightly. */
		for (unsigned int k = 0; k < plan->nr_chunks; k++)
			plan->chunks[k].base = 0;
		if (host_place(&L, 2, 1)) {
			const char *why;
			int over = check_phase2(&L, R, 0);

			rc = tdmr_plan_place_pamts(plan);
			if (rc) {
				assert_int_equal(rc, -ENOSPC);
				assert_true(over);
				refused++;
			} else {
				assert_false(over);
				assert_int_equal(tdmr_plan_validate(plan, L.cmrs, L.nr_cmrs, &why), 0);
				check_phase2(&L, R, 1);
				placed_any++;
			}
		}
		/* Scarce contiguous memory: several chunks per node. */
		rc = build(&L, T, R, rnd_range(1, 64) * 4 * MB);
		if (rc) {
			assert_int_equal(rc, -ENOSPC);
			assert_non_null(plan->why);
		} else {
			limited_ok++;
			check_phase1(&L, T, R);
			assert_true(plan->pamt_total >= want.slots);
			place_and_check(&L, R, 2);
		}
	}
	print_message("# seed %llu mode %d: %d feasible, %d infeasible, %d placements in windows, "
		      "anywhere: %d ok %d refused, small chunks: %d ok, TDMR-bound: %d, emu CONFIG ok: %d\n",
		      (unsigned long long)seed, mode, feasible, infeasible, placed_ok, placed_any,
		      refused, limited_ok, bounded, emu_ok);
	/* The generator must exercise both outcomes. */
	assert_true(feasible > cases / 10);
	assert_true(infeasible > 0 || mode == 3);
	assert_true(placed_ok > feasible);
	assert_true(limited_ok > 0);
	assert_true(emu_ok > feasible / 2);
	assert_true(bounded > 0 || mode == 1 || mode == 4);
}

static void test_sweep_mixed(void **state)
{
	(void)state;
	sweep(0x1234567ULL, 1500, 0);
	sweep(0xdeadbeefULL, 1500, 0);
}

static void test_sweep_small_holes_below_4g(void **state)
{
	(void)state;
	sweep(0x4242ULL, 1000, 1);
}

static void test_sweep_above_4t(void **state)
{
	(void)state;
	sweep(0x77ULL, 1000, 2);
}

static void test_sweep_islands(void **state)
{
	(void)state;
	sweep(0x99ULL, 1000, 3);
}

static void test_sweep_many_ranges(void **state)
{
	(void)state;
	sweep(0x5eedULL, 500, 4);
}

/*
 * Large layouts (256..1024 ranges) where TDMRs run short: the bounded pass,
 * the fewest-TDMR pass and their pruning must agree with each other.
 * Allowing fewer TDMRs never makes a plan cheaper; a plan never uses more
 * TDMRs than allowed; "needs N TDMRs" is exact: N fits, N - 1 does not.
 */
static struct tdx_mem_range big_mem[TDMR_PLAN_MAX_MEM];

static unsigned int gen_big(int kind)
{
	unsigned int n = (unsigned int)rnd_range(256, TDMR_PLAN_MAX_MEM), k;
	uint64_t pos = rnd_range(0, 3) * GB + MB;
	int nid = 0;

	for (k = 0; k < n; k++) {
		uint64_t len, hole;

		if (kind == 0) {		/* islands, TDMRs scarce */
			len = rnd_range(1, 4) * GB / 2;
			hole = rnd_range(1, 6) * GB / 2;
		} else if (kind == 1) {		/* small firmware holes */
			len = rnd_range(64, 2048) * MB;
			hole = rnd_range(1, 8) * 2 * MB;
		} else {			/* a mix, off 1 GiB boundaries */
			len = rnd_range(1, 3000) * MB;
			hole = rnd_range(1, 2000) * MB;
		}
		if (rnd() % 64 == 0)
			nid++;
		big_mem[k].start = pos;
		big_mem[k].end = pos + len;
		big_mem[k].nid = nid;
		pos += len + hole;
	}
	return n;
}

static int build_big(unsigned int n, uint32_t T, uint32_t R)
{
	struct tdmr_plan_limits lim = limits(T, R);
	struct tdx_cmr_range cmr = { 0, big_mem[n - 1].end };

	return tdmr_plan_build(plan, big_mem, n, &cmr, 1, &lim, NULL);
}

static void test_large_layouts_tdmr_limit(void **state)
{
	static const uint32_t tdmr_limits[] = { 64, 48, 40, 32, 28, 24, 20, 16, 12, 8, 4, 2, 1 };
	unsigned int layouts = 0, bounded = 0, exact_needs = 0, room_needs = 0;

	(void)state;
	rng_state = 0xb16b00b5ULL;
	for (int round = 0; round < 12; round++) {
		int kind = round % 3;
		unsigned int n = gen_big(kind);
		uint32_t R = (uint32_t)rnd_range(kind == 1 ? 24 : 8, kind == 1 ? 48 : 24);
		uint64_t prev_pamt = 0;
		uint32_t prev_tdmrs = ~0U;

		layouts++;
		for (unsigned int a = 0; a < ARRAY_SIZE(tdmr_limits); a++) {
			uint32_t T = tdmr_limits[a], need = 0;
			int rc = build_big(n, T, R);

			if (!rc) {
				uint64_t sum = 0;

				assert_true(plan->nr_tdmrs <= T);
				for (unsigned int t = 0; t < plan->nr_tdmrs; t++)
					sum += tdmr_pamt_total(plan->tdmrs[t].size, &plan->lim);
				assert_int_equal(sum, plan->pamt_total);
				assert_true(plan->pamt_total * 10001 >= prev_pamt * 10000);
				if (prev_tdmrs != ~0U && prev_tdmrs <= T) {
					/* The larger limit's plan fits this one: same optimum. */
					assert_int_equal(plan->pamt_total, prev_pamt);
					assert_int_equal(plan->nr_tdmrs, prev_tdmrs);
				} else if (prev_tdmrs != ~0U) {
					bounded++;
				}
				prev_pamt = plan->pamt_total;
				prev_tdmrs = plan->nr_tdmrs;
				continue;
			}
			assert_int_equal(rc, -ENOSPC);
			assert_non_null(plan->why);
			if (sscanf(plan->why, "needs %u TDMRs", &need) != 1)
				continue;
			/*
			 * Exact: N TDMRs fit the limits, N - 1 do not; every
			 * smaller limit fails too.  At N the PAMT may still
			 * find no free range (half-GiB islands): then that is
			 * the reason.
			 */
			assert_true(need > T);
			if (need > TDMR_PLAN_MAX_TDMRS)
				break;
			if (build_big(n, need, R)) {
				assert_non_null(strstr(plan->why, "free range"));
				room_needs++;
			} else {
				assert_int_equal(plan->nr_tdmrs, need);
				/* Less PAMT with fewer TDMRs only within the tolerance. */
				assert_true(plan->pamt_total * 10001 >= prev_pamt * 10000);
			}
			assert_int_equal(build_big(n, need - 1, R), -ENOSPC);
			assert_non_null(strstr(plan->why, "needs "));
			exact_needs++;
			break;
		}
	}
	printf("# %u large layouts, %u TDMR-bound plans, %u exact TDMR needs (%u short of room)\n",
	       layouts, bounded, exact_needs, room_needs);
	assert_true(bounded > 0);
	assert_true(exact_needs > 0);
}

/*
 * Many 1 GiB islands and scarce TDMRs: the TDMR-count-limited search with
 * its Lagrangian bounds.  The expected plans are those of the planner
 * before the bounds were added (an exhaustive banded DP), fingerprinted by
 * TDMR base, size and reserved-area count.
 */
static struct tdx_mem_range isl_mem[TDMR_PLAN_MAX_MEM];

static unsigned int gen_islands(unsigned int n, unsigned int per_node, uint64_t max_len)
{
	uint64_t pos = MB;

	for (unsigned int k = 0; k < n; k++) {
		uint64_t len = rnd_range(1, max_len) * GB;

		isl_mem[k].start = pos;
		isl_mem[k].end = pos + len;
		isl_mem[k].nid = (int)(k / per_node);
		pos += len + rnd_range(1, 3) * GB;
	}
	return n;
}

static uint64_t plan_fingerprint(const struct tdmr_plan *p)
{
	uint64_t h = 1469598103934665603ULL;

	for (unsigned int t = 0; t < p->nr_tdmrs; t++) {
		uint64_t v[3] = { p->tdmrs[t].base, p->tdmrs[t].size, p->tdmrs[t].nr_rsvd };

		for (int i = 0; i < 3; i++) {
			h ^= v[i];
			h *= 1099511628211ULL;
		}
	}
	return h;
}

static void test_islands_tdmr_limit_exact(void **state)
{
	static const struct {
		unsigned int n, per_node;
		uint64_t max_len;
		uint32_t T, R;
		int rc;
		uint32_t nr_tdmrs;
		uint64_t pamt_total, fingerprint;
		const char *why;
		uint64_t max_chunk;
	} c[] = {
		{ 256, 32, 1, 64, 16, 0, 64, 0x9e932000ULL, 0x98d5fb3297973dd1ULL, NULL, 0 },
		{ 256, 32, 1, 32, 16, 0, 32, 0xb19aa000ULL, 0xff448c7d2791c091ULL, NULL, 0 },
		{ 256, 32, 2, 48, 12, 0, 48, 0xcae84000ULL, 0xa7ab8aacce341801ULL, NULL, 0 },
		{ 400, 50, 1, 40, 16, 0, 40, 0x1170dc000ULL, 0x2de9655c18bcab5bULL, NULL, 0 },
		{ 1024, 128, 1, 64, 16, -ENOSPC, 0, 0, 0x14650fb0739d0383ULL,
		  "needs 65 TDMRs, module allows 64", 0 },
		/*
		 * One node, islands of 1-3 GiB: its 4.8 GiB PAMT has no room in
		 * one chunk; tdmr_plan_run() re-plans with chunks of at most the
		 * longest free range, which gives this plan.
		 */
		{ 300, 300, 3, 20, 64, 0, 20, 0x125d3e000ULL, 0xc33be09a173137c3ULL, NULL, 3 * GB },
	};

	(void)state;
	rng_state = 0x15a1a4d5ULL;
	for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
		unsigned int n = gen_islands(c[i].n, c[i].per_node, c[i].max_len);
		struct tdmr_plan_limits lim = limits(c[i].T, c[i].R);
		struct tdx_cmr_range cmr = { 0, isl_mem[n - 1].end };
		struct tdmr_plan_opts opts = { .max_chunk_size = c[i].max_chunk };
		struct tdmr_plan_host host = {
			.take = tdmr_plan_idle_take,
			.release = tdmr_plan_idle_release,
			.ctx = plan,
		};
		int rc;

		if (c[i].max_chunk) {
			assert_int_equal(tdmr_plan_build(plan, isl_mem, n, &cmr, 1, &lim, NULL),
					 -ENOSPC);
			assert_non_null(strstr(plan->why, "free range"));
			assert_int_equal(tdmr_plan_run(plan, isl_mem, n, &cmr, 1, &lim, &host), 0);
			assert_int_equal(plan->nr_tdmrs, c[i].nr_tdmrs);
			assert_int_equal(plan->pamt_total, c[i].pamt_total);
		}
		rc = tdmr_plan_build(plan, isl_mem, n, &cmr, 1, &lim, &opts);

		assert_int_equal(rc, c[i].rc);
		assert_int_equal(plan->nr_tdmrs, c[i].nr_tdmrs);
		assert_int_equal(plan->pamt_total, c[i].pamt_total);
		assert_int_equal(plan_fingerprint(plan), c[i].fingerprint);
		if (c[i].why)	/* then why node-local chunks do not help either */
			assert_memory_equal(plan->why, c[i].why, strlen(c[i].why));
		else
			assert_null(plan->why);
	}
}

static unsigned int ev_plan, ev_replan;

static void count_event(void *ctx, enum tdmr_plan_event ev, u64 a, u64 b)
{
	(void)ctx;
	(void)a;
	(void)b;
	ev_plan += ev == TDMR_PLAN_EV_PLAN;
	ev_replan += ev == TDMR_PLAN_EV_REPLAN;
}

/*
 * tdmr_plan_run() re-plans with split chunks only when counting reserved
 * areas leaves room for them: 1024 islands at 64/16 have about as many
 * holes as 64 TDMRs hold, so 1 GiB chunks cannot fit too and the first
 * reason stands after one pass; 300 islands at 20/64 re-plan and fit.
 */
static void test_run_split_hopeless(void **state)
{
	static const struct {
		unsigned int n, per_node;
		uint64_t max_len;
		uint32_t T, R;
		int rc;
		unsigned int plans, replans;
		const char *why;
	} c[] = {
		{ 1024, 128, 1, 64, 16, -ENOSPC, 1, 0,
		  "needs 65 TDMRs, module allows 64; with fewer PAMT chunks, the PAMT (at least" },
		{ 300, 300, 3, 20, 64, 0, 2, 1, NULL },
	};
	struct tdmr_plan_host host = {
		.take = tdmr_plan_idle_take,
		.release = tdmr_plan_idle_release,
		.event = count_event,
		.ctx = plan,
	};

	(void)state;
	rng_state = 0x15a1a4d5ULL;
	for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
		unsigned int n = gen_islands(c[i].n, c[i].per_node, c[i].max_len);
		struct tdmr_plan_limits lim = limits(c[i].T, c[i].R);
		struct tdx_cmr_range cmr = { 0, isl_mem[n - 1].end };

		ev_plan = ev_replan = 0;
		assert_int_equal(tdmr_plan_run(plan, isl_mem, n, &cmr, 1, &lim, &host), c[i].rc);
		assert_int_equal(ev_plan, c[i].plans);
		assert_int_equal(ev_replan, c[i].replans);
		if (c[i].why) {
			assert_int_equal(plan->fail_stage, TDMR_PLAN_STAGE_PLAN);
			assert_memory_equal(plan->why, c[i].why, strlen(c[i].why));	/* first pass's */
		}
	}
}

/*
 * The "NOT valid" near miss: tdmr_plan_run() failing after phase 1 (the
 * PAMT not allocated and placed, or the placed plan refused by validation).
 * tdxctl plan's idle host never gets there (see cmd_plan.c), the module's
 * can: memory busy, or CMRs that miss memory.  What tdxctl plan prints as
 * that near miss comes from what the run leaves: the return code, stage
 * and reason (why), and phase 1's TDMRs (tdmr_plan_near_miss() INVALID),
 * not placed, nothing left taken.
 */
struct nm_host {
	int mode;		/* 0: all memory busy; 1: busy in every chunk's window; 2: idle */
	int taken;		/* take() successes not given back */
};

static int nm_take(void *ctx, u64 pa, u64 size)
{
	struct nm_host *h = ctx;

	if (!h->mode)
		return -EBUSY;
	for (unsigned int c = 0; c < plan->nr_chunks && h->mode == 1; c++)
		if (pa < plan->chunks[c].win_end && pa + size > plan->chunks[c].win_start)
			return -EBUSY;
	if (tdmr_plan_idle_take(plan, pa, size))
		return -EBUSY;
	h->taken++;
	return 0;
}

static void nm_release(void *ctx, u64 pa, u64 size)
{
	struct nm_host *h = ctx;

	(void)pa;
	(void)size;
	h->taken--;
}

static const struct layout idle_map = {
	.mem = { { MB, 2 * GB, 0 }, { 4 * GB, 10 * GB, 0 } },
	.n = 2,
	.cmrs = { { MB, 2 * GB - MB }, { 4 * GB, 6 * GB } },
	.nr_cmrs = 2,
};

static void test_run_near_miss_not_valid(void **state)
{
	static const struct {
		struct tdx_mem_range mem[3];
		unsigned int n;
		struct tdx_cmr_range cmr;	/* size 0: the memory's span */
		uint32_t T, R;
		int mode, rc, stage;
		const char *why;
	} c[] = {
		/* Every page busy: nothing to allocate, even split down to single levels. */
		{ { { MB, 3 * GB, 0 }, { 4 * GB, 8 * GB, 0 } }, 2, { 0, 0 }, 64, 16, 0,
		  -ENOMEM, TDMR_PLAN_STAGE_ALLOC, "cannot allocate " },
		/*
		 * Busy where the plan keeps slots: the chunks land in TDMRs whose
		 * reserved areas are all holes, and phase 2 refuses them.
		 */
		{ { { 0x10100000, 0x11d800000, 0 }, { 0x121200000, 0x121206000, 0 },
		    { 0x121406000, 0x262606000, 0 } }, 3, { 0, 0 }, 4, 3, 1,
		  -ENOSPC, TDMR_PLAN_STAGE_ALLOC, "TDMR 0 at 0x0 would need more than 3 reserved areas" },
		/* CMRs that miss the memory below 1 GiB: placed, then refused by validation. */
		{ { { MB, GB - MB, 0 }, { GB, 4 * GB, 0 } }, 2, { GB, 3 * GB }, 64, 16, 2,
		  -EINVAL, TDMR_PLAN_STAGE_CHECK,
		  "internal: plan fails its own check: non-reserved TDMR memory outside the CMRs" },
	};

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
		struct tdmr_plan_limits lim = limits(c[i].T, c[i].R);
		struct tdx_cmr_range cmr = c[i].cmr;
		struct nm_host h = { .mode = c[i].mode };
		struct tdmr_plan_host host = { .take = nm_take, .release = nm_release, .ctx = &h };
		struct tdmr_plan_tdmr first[TDMR_PLAN_MAX_TDMRS];
		unsigned int nr_first;

		if (!cmr.size)
			cmr.size = c[i].mem[c[i].n - 1].end;
		/* Phase 1's plan, the one the run starts from. */
		assert_int_equal(tdmr_plan_build(plan, c[i].mem, c[i].n, &cmr, 1, &lim, NULL), 0);
		nr_first = plan->nr_tdmrs;
		memcpy(first, plan->tdmrs, nr_first * sizeof(first[0]));

		assert_int_equal(tdmr_plan_run(plan, c[i].mem, c[i].n, &cmr, 1, &lim, &host),
				 c[i].rc);
		assert_int_equal(plan->fail_stage, c[i].stage);
		assert_non_null(plan->why);
		assert_memory_equal(plan->why, c[i].why, strlen(c[i].why));
		assert_int_equal(h.taken, 0);
		assert_false(plan->placed);
		for (unsigned int k = 0; k < plan->nr_chunks; k++)
			assert_int_equal(plan->chunks[k].base, 0);
		/* tdxctl plan: "near miss (NOT valid: <why>)", JSON near_miss.valid false. */
		assert_int_equal(tdmr_plan_near_miss(plan), TDMR_PLAN_NEAR_MISS_INVALID);
		assert_true(plan->nr_tdmrs >= 1 && plan->nr_tdmrs <= c[i].T);
		if (c[i].stage == TDMR_PLAN_STAGE_CHECK) {
			/* Nothing re-planned: the near miss is phase 1's plan itself. */
			assert_int_equal(plan->nr_tdmrs, nr_first);
			for (unsigned int t = 0; t < nr_first; t++) {
				assert_int_equal(plan->tdmrs[t].base, first[t].base);
				assert_int_equal(plan->tdmrs[t].size, first[t].size);
			}
		}
		for (unsigned int t = 0; t < plan->nr_tdmrs; t++)
			for (int l = 0; l < TDX_PS_NR; l++)
				assert_int_equal(plan->tdmrs[t].pamt_size[l],
						 ((plan->tdmrs[t].size >> (12 + 9 * l)) * 16 + 4095) /
						 4096 * 4096);
	}
	/* The other kinds: a valid plan (shown for other limits), and none. */
	assert_int_equal(run_idle(&idle_map, 64, 16), 0);
	assert_int_equal(tdmr_plan_near_miss(plan), TDMR_PLAN_NEAR_MISS_LIMITS);
	plan->nr_tdmrs = 0;
	assert_int_equal(tdmr_plan_near_miss(plan), TDMR_PLAN_NEAR_MISS_NONE);
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
		cmocka_unit_test(test_pamt_formula),
		cmocka_unit_test(test_qemu_layout),
		cmocka_unit_test(test_beats_upstream_holes),
		cmocka_unit_test(test_beats_upstream_tdmrs),
		cmocka_unit_test(test_infeasible_reasons),
		cmocka_unit_test(test_chunk_limit),
		cmocka_unit_test(test_place_errors),
		cmocka_unit_test(test_validate_catches),
		cmocka_unit_test(test_sweep_mixed),
		cmocka_unit_test(test_sweep_small_holes_below_4g),
		cmocka_unit_test(test_sweep_above_4t),
		cmocka_unit_test(test_sweep_islands),
		cmocka_unit_test(test_sweep_many_ranges),
		cmocka_unit_test(test_large_layouts_tdmr_limit),
		cmocka_unit_test(test_islands_tdmr_limit_exact),
		cmocka_unit_test(test_run_split_hopeless),
		cmocka_unit_test(test_run_near_miss_not_valid),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
