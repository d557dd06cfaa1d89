// SPDX-License-Identifier: GPL-2.0
/*
 * Planner timing: how long tdmr_plan_build() (phase 1) and tdmr_plan_run()
 * (what enable and `tdxctl plan` run: phase 1, placement on an idle host,
 * phase 2, re-plans, validation) take for layouts of 16 to 1024 memory
 * ranges, and for layouts where PAMT chunks must serve several nodes.
 * Figures only, no pass/fail: per row the median and the minimum of many
 * calls, timed in rounds that take turns across the rows (see main()).
 *
 * Build (from the top of the tree):
 *   gcc -std=gnu11 -O2 -Wall -Wextra -Isrc/lib -o tests/bench/bench_plan \
 *       tests/bench/bench_plan.c src/lib/tdmr_plan*.c src/lib/tdx_cmr.c src/lib/tdx_strbuf.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tdmr_plan.h"
#include "bench.h"
#include "bench_layout.h"

#define MB (1ULL << 20)
#define GB (1ULL << 30)

static struct tdx_mem_range mem[TDMR_PLAN_MAX_MEM];
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * Layouts where node-local PAMT chunks do not fit tight limits: kind 2, 32
 * nodes of 3 GiB touching mid-GiB; kind 3, a 2-socket 8-node AMD server
 * with 1 TiB (firmware holes below 2.6 GiB, the HyperTransport hole).
 */
static unsigned int gen_numa(int kind)
{
	unsigned int k = 0;

	if (kind == 2) {
		for (k = 0; k < 32; k++) {
			mem[k].start = k * 3 * GB + (k ? 0 : MB) + 512 * MB * (k & 1);
			mem[k].end = (k + 1) * 3 * GB + 512 * MB * ((k + 1) & 1);
			mem[k].nid = (int)k;
		}
		return k;
	}
	mem[k++] = (struct tdx_mem_range){ MB, 0x76000000ULL, 0 };
	mem[k++] = (struct tdx_mem_range){ 0x76400000ULL, 0x9c000000ULL, 0 };
	mem[k++] = (struct tdx_mem_range){ 0x9c800000ULL, 0xa8000000ULL, 0 };
	mem[k++] = (struct tdx_mem_range){ 4 * GB, 130 * GB, 0 };
	for (int node = 1; node < 7; node++)
		mem[k++] = (struct tdx_mem_range){ (130 + (node - 1) * 128) * GB,
						   (130 + node * 128) * GB, node };
	mem[k++] = (struct tdx_mem_range){ 898 * GB, 1012 * GB, 7 };
	mem[k++] = (struct tdx_mem_range){ 1024 * GB, 1038 * GB, 7 };
	return k;
}

/* Upstream's count: one TDMR per region, regions in one GiB share it. */
static unsigned int upstream_tdmrs(unsigned int n)
{
	uint64_t last_end = 0;
	unsigned int t = 0;

	for (unsigned int k = 0; k < n; k++) {
		uint64_t s = mem[k].start & ~(GB - 1), e = (mem[k].end + GB - 1) & ~(GB - 1);

		if (s < last_end)
			s = last_end;
		if (s < e) {
			t++;
			last_end = e;
		}
	}
	return t;
}


static const char *const kind_name[] = { "server", "islands", "32 nodes", "AMD 8N" };

/*
 * The rows: kind 0 server, 1 islands (n ranges); 2, 3: gen_numa().  All
 * layouts are made first, then timed in rounds that visit every row in
 * turn, so a burst of load elsewhere on the machine hits every row alike
 * rather than one row's whole measurement.
 */
#define ROUNDS		7
#define ROUND_US	40000.0		/* per row, mode and round */
#define MAX_SAMPLES	(ROUNDS * 300)

struct row {
	unsigned int n;
	int kind;
	u32 max_tdmrs, max_rsvd;
	/* filled by main() */
	unsigned int nr;
	struct tdx_mem_range *mem;
	unsigned int nr_t[2];
	double *t[2];		/* [0] tdmr_plan_run(), [1] tdmr_plan_build() */
};

static struct row rows[] = {
	{ .n = 16, .kind = 0, .max_tdmrs = 64, .max_rsvd = 16 }, { .n = 64, .kind = 0, .max_tdmrs = 64, .max_rsvd = 16 }, { .n = 256, .kind = 0, .max_tdmrs = 64, .max_rsvd = 16 }, { .n = 1024, .kind = 0, .max_tdmrs = 64, .max_rsvd = 16 },
	/* 1024 ranges have >= 1023 holes: more than 64 TDMRs x 16 areas can hold. */
	{ .n = 1024, .kind = 0, .max_tdmrs = 64, .max_rsvd = 64 },
	{ .n = 16, .kind = 1, .max_tdmrs = 64, .max_rsvd = 16 }, { .n = 64, .kind = 1, .max_tdmrs = 64, .max_rsvd = 16 }, { .n = 256, .kind = 1, .max_tdmrs = 64, .max_rsvd = 16 }, { .n = 1024, .kind = 1, .max_tdmrs = 64, .max_rsvd = 16 },
	{ .n = 256, .kind = 1, .max_tdmrs = 32, .max_rsvd = 16 },
	/* Node-local chunks do not fit: chunks serve several nodes ("chunk": node runs per chunk). */
	{ .n = 0, .kind = 2, .max_tdmrs = 64, .max_rsvd = 16 }, { .n = 0, .kind = 2, .max_tdmrs = 4, .max_rsvd = 4 }, { .n = 0, .kind = 2, .max_tdmrs = 1, .max_rsvd = 2 }, { .n = 0, .kind = 3, .max_tdmrs = 8, .max_rsvd = 4 }, { .n = 0, .kind = 3, .max_tdmrs = 2, .max_rsvd = 4 },
};

static int call(struct tdmr_plan *plan, const struct row *r, int build)
{
	struct tdmr_plan_limits lim = { r->max_tdmrs, r->max_rsvd, { 16, 16, 16 } };
	struct tdx_cmr_range cmr = { 0, r->mem[r->nr - 1].end };
	struct tdmr_plan_host host = {
		.take = tdmr_plan_idle_take, .release = tdmr_plan_idle_release, .ctx = plan,
	};

	if (build)
		return tdmr_plan_build(plan, r->mem, r->nr, &cmr, 1, &lim, NULL);
	return tdmr_plan_run(plan, r->mem, r->nr, &cmr, 1, &lim, &host);
}

/* One round of one row and mode: at least 3 calls, else ROUND_US of them. */
static void time_round(struct tdmr_plan *plan, struct row *r, int build)
{
	double start = bench_now_us();
	unsigned int k = 0;

	while (r->nr_t[build] < MAX_SAMPLES && (k < 3 || bench_now_us() - start < ROUND_US)) {
		double t0 = bench_now_us();

		call(plan, r, build);
		r->t[build][r->nr_t[build]++] = bench_now_us() - t0;
		k++;
	}
}

static double load1(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double l = -1;

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

int main(void)
{
	struct tdmr_plan *plan = calloc(1, sizeof(*plan));
	unsigned int nrows = sizeof(rows) / sizeof(rows[0]), i, round;
	double worst[2][2] = { { 0 } }, load0 = load1();	/* [run, build][median, min] */
	char chunk[16];

	if (!plan)
		return 1;
	for (i = 0; i < nrows; i++) {
		struct row *r = &rows[i];

		r->nr = r->kind < 2 ? bench_layout(mem, r->n, r->kind, rnd) : gen_numa(r->kind);
		r->mem = malloc(r->nr * sizeof(mem[0]));
		r->t[0] = malloc(MAX_SAMPLES * sizeof(double));
		r->t[1] = malloc(MAX_SAMPLES * sizeof(double));
		if (!r->mem || !r->t[0] || !r->t[1])
			return 1;
		memcpy(r->mem, mem, r->nr * sizeof(mem[0]));
	}
	for (round = 0; round < ROUNDS; round++)
		for (i = 0; i < nrows; i++) {
			time_round(plan, &rows[i], 0);
			time_round(plan, &rows[i], 1);
		}
	printf("us per call, median and minimum over %d rounds that take turns across the rows\n"
	       "(load average %.2f before, %.2f after; a loaded machine raises the median, the\n"
	       "minimum less): run = tdmr_plan_run() on an idle host, plan = tdmr_plan_build()\n"
	       "(phase 1); struct tdmr_plan is %zu KiB\n",
	       ROUNDS, load0, load1(), sizeof(*plan) >> 10);
	printf("%6s  %-8s %9s %8s %8s %7s  %6s %8s %7s %10s %6s\n", "ranges", "layout", "limits",
	       "upstream", "us/run", "min", "TDMRs", "us/plan", "min", "PAMT KiB", "chunk");
	for (i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		double med[2], lo[2];
		int rc, m;

		for (m = 0; m < 2; m++) {
			med[m] = bench_median(r->t[m], r->nr_t[m]);
			lo[m] = r->t[m][0];	/* sorted by bench_median() */
			worst[m][0] = med[m] > worst[m][0] ? med[m] : worst[m][0];
			worst[m][1] = lo[m] > worst[m][1] ? lo[m] : worst[m][1];
		}
		memcpy(mem, r->mem, r->nr * sizeof(mem[0]));
		printf("%6u  %-8s %5u/%-3u %8u %8.1f %7.1f  ", r->nr, kind_name[r->kind],
		       r->max_tdmrs, r->max_rsvd, upstream_tdmrs(r->nr), med[0], lo[0]);
		/* The row shows phase 1's result (and why), not the run's. */
		rc = call(plan, r, 1);
		snprintf(chunk, sizeof(chunk), "%u/%u", plan->chunk_runs, plan->nr_runs);
		if (rc)
			printf("%6s %8.1f %7.1f %10s %6s  %s\n", "ENOSPC", med[1], lo[1], "-", "-",
			       plan->why);
		else
			printf("%6u %8.1f %7.1f %10llu %6s\n", plan->nr_tdmrs, med[1], lo[1],
			       (unsigned long long)(plan->pamt_total >> 10), chunk);
	}
	printf("worst row: median %.1f us, minimum %.1f us (run); median %.1f us, minimum %.1f us (phase 1)\n",
	       worst[0][0], worst[0][1], worst[1][0], worst[1][1]);
	for (i = 0; i < nrows; i++) {
		free(rows[i].mem);
		free(rows[i].t[0]);
		free(rows[i].t[1]);
	}
	free(plan);
	return 0;
}
