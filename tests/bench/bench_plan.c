// SPDX-License-Identifier: GPL-2.0
/*
 * Planner timing: how long tdmr_plan_build() (phase 1) and tdmr_plan_run()
 * (what enable and `tdxctl plan` run: phase 1, placement on an idle host,
 * phase 2, re-plans, validation) take for layouts of 16 to 1024 memory
 * ranges, and for layouts where PAMT chunks must serve several nodes.
 * Figures only, no pass/fail.
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

#define MB (1ULL << 20)
#define GB (1ULL << 30)

static struct tdx_mem_range mem[TDMR_PLAN_MAX_MEM];
static double worst, worst_run;	/* the slowest row's medians */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * A server-like map: nodes of 64 GiB each (boundaries not on 1 GiB), each
 * cut into pieces by small firmware holes; node 0 starts at 1 MiB with the
 * usual 2..4 GiB PCI hole.  islands != 0: instead, 1 GiB pieces 1..3 GiB
 * apart, so there are more memory islands than TDMRs.
 */
static unsigned int gen(unsigned int n, int islands)
{
	unsigned int nodes = n >= 128 ? 8 : n >= 32 ? 4 : n >= 8 ? 2 : 1;
	unsigned int per_node = n / nodes, k = 0;
	uint64_t pos = MB;

	for (unsigned int node = 0; node < nodes; node++) {
		uint64_t node_end = (node + 1) * 64 * GB + 256 * MB;

		for (unsigned int i = 0; i < per_node && k < n; i++) {
			uint64_t len, hole;

			if (islands) {
				len = GB;
				hole = (1 + rnd() % 3) * GB;
			} else {
				len = (node_end - pos) / (per_node - i);
				hole = (2 + rnd() % 6) * MB;
				len = len > hole + 4 * MB ? (len - hole) & ~(2 * MB - 1) : 4 * MB;
			}
			if (!node && pos < 2 * GB && pos + len > 2 * GB) {
				len = 2 * GB - pos;	/* PCI hole below 4 GiB */
				hole = 2 * GB;
			}
			mem[k].start = pos;
			mem[k].end = pos + len;
			mem[k].nid = (int)node;
			k++;
			pos += len + (i + 1 < per_node ? hole : 0);
		}
		if (!islands)
			pos = pos > node_end ? pos : node_end;	/* next node touches */
	}
	return k;
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

/* kind 0 server, 1 islands (n ranges); 2, 3: gen_numa(). */
static void row(struct tdmr_plan *plan, unsigned int n, int kind, uint32_t max_tdmrs,
		uint32_t max_rsvd)
{
	struct tdmr_plan_limits lim = { max_tdmrs, max_rsvd, { 16, 16, 16 } };
	struct tdx_cmr_range cmr = { 0, 0 };
	static double t[2001];
	unsigned int runs = 0, nr = kind < 2 ? gen(n, kind) : gen_numa(kind);
	struct tdmr_plan_host host = {
		.take = tdmr_plan_idle_take, .release = tdmr_plan_idle_release, .ctx = plan,
	};
	char chunk[16];
	double start = bench_now_us(), build_us;
	int rc = 0;

	cmr.size = mem[nr - 1].end;
	printf("%6u  %-8s %5u/%-3u %8u ", nr, kind_name[kind], max_tdmrs, max_rsvd,
	       upstream_tdmrs(nr));
	while (runs < 2001 && (runs < 21 || bench_now_us() - start < 300000)) {
		double t0 = bench_now_us();

		tdmr_plan_run(plan, mem, nr, &cmr, 1, &lim, &host);
		t[runs++] = bench_now_us() - t0;
	}
	bench_median(t, runs);
	if (t[runs / 2] > worst_run)
		worst_run = t[runs / 2];
	printf("%8.1f  ", t[runs / 2]);
	/* Last: the row shows phase 1's result (and why), not the run's. */
	start = bench_now_us();
	runs = 0;
	while (runs < 2001 && (runs < 21 || bench_now_us() - start < 300000)) {
		double t0 = bench_now_us();

		rc = tdmr_plan_build(plan, mem, nr, &cmr, 1, &lim, NULL);
		t[runs++] = bench_now_us() - t0;
	}
	bench_median(t, runs);
	build_us = t[runs / 2];
	if (build_us > worst)
		worst = build_us;
	snprintf(chunk, sizeof(chunk), "%u/%u", plan->chunk_runs, plan->nr_runs);
	if (rc)
		printf("%6s %9.1f %10s %6s  %s\n", "ENOSPC", build_us, "-", "-", plan->why);
	else
		printf("%6u %9.1f %10llu %6s\n", plan->nr_tdmrs, build_us,
		       (unsigned long long)(plan->pamt_total >> 10), chunk);
}

int main(void)
{
	struct tdmr_plan *plan = calloc(1, sizeof(*plan));
	static const unsigned int sizes[] = { 16, 64, 256, 1024 };

	if (!plan)
		return 1;
	printf("median of up to 2001 runs, us: run = tdmr_plan_run() on an idle host, plan =\n"
	       "tdmr_plan_build() (phase 1); struct tdmr_plan is %zu KiB\n", sizeof(*plan) >> 10);
	printf("%6s  %-8s %9s %8s %8s  %6s %9s %10s %6s\n", "ranges", "layout", "limits",
	       "upstream", "us/run", "TDMRs", "us/plan", "PAMT KiB", "chunk");
	for (unsigned int i = 0; i < 4; i++)
		row(plan, sizes[i], 0, 64, 16);
	/* 1024 ranges have >= 1023 holes: more than 64 TDMRs x 16 areas can hold. */
	row(plan, 1024, 0, 64, 64);
	for (unsigned int i = 0; i < 4; i++)
		row(plan, sizes[i], 1, 64, 16);
	row(plan, 256, 1, 32, 16);
	/* Node-local chunks do not fit: chunks serve several nodes ("chunk": node runs per chunk). */
	row(plan, 0, 2, 64, 16);
	row(plan, 0, 2, 4, 4);
	row(plan, 0, 2, 1, 2);
	row(plan, 0, 3, 8, 4);
	row(plan, 0, 3, 2, 4);
	printf("worst median: %.1f us (phase 1), %.1f us (run)\n", worst, worst_run);
	free(plan);
	return 0;
}
