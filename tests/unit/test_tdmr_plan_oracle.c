// SPDX-License-Identifier: GPL-2.0
/*
 * The planner against the exact oracle (plan_oracle.h): thousands of
 * generated layouts, 1 to 32 NUMA nodes, holes of 4 KiB to 1 GiB
 * granularity, limits from 64 TDMRs / 16 reserved areas down to 2 / 2 (and
 * 1 / 1), plus the layouts of the failure classes that started this.
 *
 * For each layout and limits the oracle gives the least PAMT with one chunk
 * for everything (room) and a lower bound for any plan (slots):
 *   - slots INF (no plan needs fewer reserved areas): the planner refuses,
 *     with a reason, in phase 1 and in tdmr_plan_run();
 *   - room finite: the planner plans, within 0.01% of it, and the pipeline
 *     on an idle host places the PAMT, passes tdmr_plan_validate(), the
 *     independent checker and the software TDX module's TDH.SYS.CONFIG;
 *   - room INF but slots finite ("room-bound": no free range holds the one
 *     chunk): beyond the exact model.  A plan the planner finds there (node
 *     chunks, or split chunks in tdmr_plan_run()) must still be valid.
 *
 * TDXHOST_PLAN_ORACLE_CASES multiplies the number of cases (default 1).
 */
#include "plan_fixture.h"
#include "plan_oracle.h"
#include "plan_gen.h"

static int case_scale = 1;

/* Align down to g (a power of two). */
static uint64_t align_dn(uint64_t x, uint64_t g)
{
	return x & ~(g - 1);
}

/* A hole granularity: 4K, 64K, 2M, 64M or 1G. */
static uint64_t pick_gran(void)
{
	static const uint64_t g[] = { 4 * KB, 64 * KB, 2 * MB, 64 * MB, GB };

	return g[rnd() % 5];
}

static void add_mem(struct layout *L, uint64_t start, uint64_t end, int nid)
{
	struct tdx_mem_range *last = L->n ? &L->mem[L->n - 1] : NULL;

	if (end <= start)
		return;
	if (last && last->end == start && last->nid == nid) {
		last->end = end;
		return;
	}
	assert_true(L->n < MAXR);
	L->mem[L->n].start = start;
	L->mem[L->n].end = end;
	L->mem[L->n].nid = nid;
	L->n++;
}

/* CMRs: exactly the memory, or one covering it all. */
static void set_cmrs(struct layout *L)
{
	L->nr_cmrs = 0;
	if (rnd() % 2 || L->n > TDX_MAX_CMRS) {
		L->cmrs[0].base = 0;
		L->cmrs[0].size = L->mem[L->n - 1].end;
		L->nr_cmrs = 1;
		return;
	}
	for (unsigned int k = 0; k < L->n; k++) {
		L->cmrs[k].base = L->mem[k].start;
		L->cmrs[k].size = L->mem[k].end - L->mem[k].start;
	}
	L->nr_cmrs = L->n;
}

/*
 * A NUMA machine: nodes 1..32, each a few GiB (the span stays within about
 * 160 GiB), holes punched at one granularity, node boundaries anywhere on
 * it, nodes touching or apart; node 0 often starts with firmware holes below
 * 2 or 3 GiB and a gap up to 4 GiB.  contiguous: nodes touch, no holes but
 * the low ones (the "one chunk per node costs too many areas" class).
 */
static void gen_numa(struct layout *L, int contiguous)
{
	static const unsigned int node_choice[] = { 1, 2, 3, 4, 6, 8, 12, 16, 24, 32 };
	unsigned int nodes = node_choice[rnd() % ARRAY_SIZE(node_choice)];
	uint64_t g = pick_gran(), pos = MB, per = 160 * GB / nodes;

	L->n = 0;
	if (per > 24 * GB)
		per = 24 * GB;
	if (rnd() % 2) {
		uint64_t low_end = (2 + rnd() % 2) * GB, s = pos;
		unsigned int holes = (unsigned int)rnd_range(0, 3);

		for (unsigned int h = 0; h < holes; h++) {
			uint64_t at = align_dn(rnd_range(s, low_end - 1), g > MB ? MB : g);
			uint64_t len = (g > 64 * MB ? 64 * MB : g) * rnd_range(1, 4);

			if (at <= s || at + len >= low_end)
				continue;
			add_mem(L, s, at, 0);
			s = at + len;
		}
		add_mem(L, s, low_end, 0);
		pos = 4 * GB;
	}
	for (unsigned int node = 0; node < nodes; node++) {
		uint64_t len = rnd_range(GB / 2, per) , end, s = pos;
		unsigned int holes = contiguous ? 0 : (unsigned int)rnd_range(0, 3);

		len = align_dn(len, g) ? align_dn(len, g) : g;
		end = pos + len;
		for (unsigned int h = 0; h < holes; h++) {
			uint64_t at = align_dn(rnd_range(s, end - 1), g), hl = g * rnd_range(1, 4);

			if (at <= s || at + hl >= end)
				continue;
			add_mem(L, s, at, (int)node);
			s = at + hl;
		}
		add_mem(L, s, end, (int)node);
		pos = end;
		if (!contiguous && rnd() % 3 == 0)
			pos += g * rnd_range(1, 8);
	}
	set_cmrs(L);
}

/* The old sweep's layouts (pick_size / gen_layout modes 0..4). */
static void gen_mode(struct layout *L, int mode)
{
	gen_layout(L, mode);
}

static void gen_numa_holes(struct layout *L, int unused)
{
	(void)unused;
	gen_numa(L, 0);
}

static void gen_numa_contiguous(struct layout *L, int unused)
{
	(void)unused;
	gen_numa(L, 1);
}

struct sweep_counts {
	int cases, feasible, infeasible, room_bound, room_planned, relaxed, remote, emu;
};

static struct sweep_counts total;

static void check_run_valid(const struct layout *L, uint32_t T, uint32_t R)
{
	const char *why;

	assert_true(plan->placed);
	assert_true(plan->nr_tdmrs <= T);
	assert_int_equal(tdmr_plan_validate(plan, L->cmrs, L->nr_cmrs, &why), 0);
	assert_int_equal(check_phase2(L, R, 1), 0);
}

/* One layout, one pair of limits, every claim of the file's comment. */
static void judge(const struct layout *L, uint32_t T, uint32_t R, uint64_t seed, int c,
		  struct sweep_counts *n)
{
	struct oracle_result want = oracle(L, T, R);
	int rc = build(L, T, R, 0), rc_run;
	uint64_t pamt;

	n->cases++;
	if (want.slots == INF_COST) {
		if (rc != -ENOSPC || !plan->why)
			fail_msg("seed %llu case %d: planner %d, oracle: no plan (T %u R %u n %u)",
				 (unsigned long long)seed, c, rc, T, R, L->n);
		rc_run = run_idle(L, T, R);
		assert_int_not_equal(rc_run, 0);
		assert_int_equal(plan->fail_stage, TDMR_PLAN_STAGE_PLAN);
		assert_non_null(plan->why);
		n->infeasible++;
		return;
	}
	if (want.room == INF_COST) {
		/* Beyond the exact model: valid if planned at all. */
		n->room_bound++;
		if (rc) {
			assert_int_equal(rc, -ENOSPC);
			assert_non_null(plan->why);
		} else {
			check_phase1(L, T, R);
			assert_true(plan->pamt_total >= want.slots);
		}
		if (!run_idle(L, T, R)) {
			check_run_valid(L, T, R);
			assert_true(plan->pamt_total >= want.slots);
			n->room_planned++;
		} else {
			assert_non_null(plan->why);
		}
		return;
	}
	if (rc)
		fail_msg("seed %llu case %d: planner %d (%s), oracle %llu (T %u R %u n %u)",
			 (unsigned long long)seed, c, rc, plan->why, (unsigned long long)want.room,
			 T, R, L->n);
	check_phase1(L, T, R);
	pamt = plan->pamt_total;
	if (pamt < want.slots || pamt * 10000 > want.room * 10001)
		fail_msg("seed %llu case %d: PAMT %llu, oracle %llu (bound %llu; T %u R %u n %u)",
			 (unsigned long long)seed, c, (unsigned long long)pamt,
			 (unsigned long long)want.room, (unsigned long long)want.slots, T, R, L->n);
	n->feasible++;
	n->relaxed += plan->chunk_runs > 1;
	rc_run = run_idle(L, T, R);
	if (rc_run)
		fail_msg("seed %llu case %d: tdmr_plan_run %d: %s", (unsigned long long)seed, c,
			 rc_run, plan->why);
	check_run_valid(L, T, R);
	assert_int_equal(plan->pamt_total, pamt);
	n->remote += plan->nr_remote;
	if (L->nr_cmrs <= TDX_MAX_CMRS && n->feasible % 3 == 0) {
		emu_accepts(L, T, R);
		n->emu++;
	}
}

static void oracle_sweep(const char *name, uint64_t seed, int cases,
			 void (*gen)(struct layout *, int), int arg)
{
	static const uint32_t Ts[] = { 64, 32, 16, 8, 6, 4, 3, 2, 2, 1 };
	static const uint32_t Rs[] = { 16, 12, 8, 6, 4, 3, 2, 2, 1 };
	static struct layout L;
	struct sweep_counts n = { 0 };

	rng_state = seed;
	for (int c = 0; c < cases * case_scale; c++) {
		uint32_t T = Ts[rnd() % ARRAY_SIZE(Ts)], R = Rs[rnd() % ARRAY_SIZE(Rs)];

		gen(&L, arg);
		judge(&L, T, R, seed, c, &n);
	}
	print_message("# %s: %d cases: %d feasible (%d with shared chunks, %d TDMRs with remote PAMT, %d through the emu), %d infeasible, %d room-bound (%d planned)\n",
		      name, n.cases, n.feasible, n.relaxed, n.remote, n.emu, n.infeasible,
		      n.room_bound, n.room_planned);
	total.cases += n.cases;
	total.feasible += n.feasible;
	total.infeasible += n.infeasible;
	total.room_bound += n.room_bound;
	total.room_planned += n.room_planned;
	total.relaxed += n.relaxed;
	total.remote += n.remote;
	total.emu += n.emu;
	/* The generator must exercise every outcome it is there for. */
	assert_true(n.feasible > cases * case_scale / 10);
}

static void test_oracle_old_families(void **state)
{
	(void)state;
	oracle_sweep("mixed", 0x1234567ULL, 600, gen_mode, 0);
	oracle_sweep("small holes below 4G", 0x4242ULL, 400, gen_mode, 1);
	oracle_sweep("above 4T", 0x77ULL, 400, gen_mode, 2);
	oracle_sweep("1G islands", 0x99ULL, 400, gen_mode, 3);
	oracle_sweep("many small ranges", 0x5eedULL, 300, gen_mode, 4);
}

static void test_oracle_numa(void **state)
{
	(void)state;
	oracle_sweep("NUMA 1-32 nodes, holes 4K-1G", 0xa11ce5ULL, 1500, gen_numa_holes, 0);
	oracle_sweep("NUMA 1-32 nodes, contiguous", 0xb0bULL, 700, gen_numa_contiguous, 0);
}

/*
 * A 2-socket AMD server with 8 NUMA nodes (NPS4) and 1 TiB: firmware holes
 * below 2.6 GiB, the PCI gap to 4 GiB, 128 GiB nodes, the HyperTransport
 * hole below 1 TiB (memory above it goes to the last node).  At 8 TDMRs and
 * 4 reserved areas (where `tdxctl plan` once said ok for a TDMR with 5) the
 * low memory gets a TDMR of its own with 4 holes, its PAMT homed with node
 * 0's above 4 GiB.  At 2 TDMRs one chunk for all nodes is the only way.
 */
static void amd_1t(struct layout *L)
{
	L->n = 0;
	add_mem(L, MB, 0x76000000ULL, 0);
	add_mem(L, 0x76400000ULL, 0x9c000000ULL, 0);
	add_mem(L, 0x9c800000ULL, 0xa8000000ULL, 0);
	add_mem(L, 4 * GB, 130 * GB, 0);
	for (int node = 1; node < 7; node++)
		add_mem(L, (130 + (node - 1) * 128) * GB, (130 + node * 128) * GB, node);
	add_mem(L, 898 * GB, 1012 * GB, 7);
	add_mem(L, 1024 * GB, 1038 * GB, 7);
	L->cmrs[0].base = 0;
	L->cmrs[0].size = 1038 * GB;
	L->nr_cmrs = 1;
}

static void test_failure_class_amd_8_nodes(void **state)
{
	static struct layout L;
	struct sweep_counts n = { 0 };

	(void)state;
	amd_1t(&L);
	judge(&L, 8, 4, 0, 0, &n);
	assert_int_equal(n.feasible, 1);
	assert_int_equal(run_idle(&L, 8, 4), 0);
	assert_int_equal(plan->chunk_runs, 1);
	assert_int_equal(plan->nr_remote, 0);
	for (unsigned int t = 0; t < plan->nr_tdmrs; t++)
		assert_true(plan->tdmrs[t].nr_rsvd <= 4);
	/* 2 TDMRs, 4 areas: [0, 2G) with 2 holes and the one chunk, the rest with 3. */
	assert_int_equal(run_idle(&L, 2, 4), 0);
	assert_int_equal(plan->nr_tdmrs, 2);
	assert_int_equal(plan->nr_chunks, 1);
	assert_int_equal(plan->chunk_runs, 8);
	assert_true(plan->nr_remote > 0);
	for (unsigned int t = 0; t < plan->nr_tdmrs; t++)
		assert_true(plan->tdmrs[t].nr_rsvd <= 4);
	/* Every limit from 10/6 down to 1/1 against the oracle. */
	for (uint32_t T = 1; T <= 10; T++)
		for (uint32_t R = 1; R <= 6; R++)
			judge(&L, T, R, T, (int)R, &n);
	print_message("# AMD 2S/8N 1 TiB: %d cases: %d feasible (%d with shared chunks), %d infeasible, %d room-bound\n",
		      n.cases, n.feasible, n.relaxed, n.infeasible, n.room_bound);
	assert_true(n.relaxed > 0);
}

/*
 * Many nodes, contiguous memory, scarce TDMRs: one chunk per node needs a
 * reserved area per node, far more than a TDMR has; the module needs none
 * of that ("needs N TDMRs, module allows M" was the old answer).
 */
static void test_failure_class_32_nodes(void **state)
{
	static struct layout L;
	struct sweep_counts n = { 0 };

	(void)state;
	L.n = 0;
	for (int node = 0; node < 32; node++)
		add_mem(&L, (uint64_t)node * 3 * GB + (node ? 0 : MB) + 512 * MB * (node & 1),
			(uint64_t)(node + 1) * 3 * GB + 512 * MB * ((node + 1) & 1), node);
	L.cmrs[0].base = 0;
	L.cmrs[0].size = 96 * GB + 512 * MB;
	L.nr_cmrs = 1;
	/* One TDMR for everything, two reserved areas: the hole below 1 MiB and the PAMT. */
	assert_int_equal(build(&L, 1, 2, 0), 0);
	assert_int_equal(plan->nr_tdmrs, 1);
	assert_int_equal(plan->chunk_runs, 32);
	assert_int_equal(plan->nr_chunks, 1);
	assert_int_equal(run_idle(&L, 1, 2), 0);
	assert_int_equal(plan->tdmrs[0].nr_rsvd, 2);
	assert_int_equal(build(&L, 1, 1, 0), -ENOSPC);
	assert_non_null(plan->why);
	for (uint32_t T = 1; T <= 12; T++)
		for (uint32_t R = 1; R <= 8; R++)
			judge(&L, T, R, T, (int)R, &n);
	print_message("# 32 contiguous nodes: %d cases: %d feasible (%d with shared chunks), %d infeasible\n",
		      n.cases, n.feasible, n.relaxed, n.infeasible);
	assert_true(n.relaxed > 0);
}

static void test_oracle_totals(void **state)
{
	(void)state;
	print_message("# oracle total: %d layouts and limits: %d feasible (%d with shared chunks, %d remote-PAMT TDMRs), %d infeasible, %d room-bound (%d planned anyway)\n",
		      total.cases, total.feasible, total.relaxed, total.remote, total.infeasible,
		      total.room_bound, total.room_planned);
	assert_true(total.infeasible > 0);
	assert_true(total.relaxed > 0);
}

static int setup(void **state)
{
	const char *k = getenv("TDXHOST_PLAN_ORACLE_CASES");

	(void)state;
	if (k && atoi(k) > 0)
		case_scale = atoi(k);
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
		cmocka_unit_test(test_failure_class_amd_8_nodes),
		cmocka_unit_test(test_failure_class_32_nodes),
		cmocka_unit_test(test_oracle_old_families),
		cmocka_unit_test(test_oracle_numa),
		cmocka_unit_test(test_oracle_totals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
