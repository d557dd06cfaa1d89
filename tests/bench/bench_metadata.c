// SPDX-License-Identifier: GPL-2.0
/*
 * Global metadata read: TDH.SYS.RD field by field vs TDH.SYS.RDALL a page at
 * a time, against the software TDX module core in userspace (the same code
 * the module's emu backend runs).  SEAMCALLs per full read and wall time
 * (median of many runs).  Figures only, no pass/fail; on hardware each
 * SEAMCALL also pays the SEAM transition, which the call count stands for.
 *
 * Build (from the top of the tree):
 *   gcc -std=gnu11 -O2 -Wall -Wextra -Wno-unused-parameter -Isrc/lib -Itests/unit \
 *       -o build/bench/bench_metadata tests/bench/bench_metadata.c tests/unit/emu_fixture.c \
 *       src/lib/emu/[a-z]*.c src/lib/tdx_metadata.c src/lib/tdx_status.c \
 *       src/lib/tdx_status_tables.c src/lib/tdx_strbuf.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu_fixture.h"
#include "tdx_metadata.h"
#include "bench.h"

#define MAX_RUNS	20001

static struct tdx_sysinfo si_rd, si_rdall;
static double t_rd[MAX_RUNS], t_rdall[MAX_RUNS];

static u64 bench_rd(void *ctx, u64 field_id, u64 *value)
{
	struct tdx_args a;
	u64 st = emu_fx_call(ctx, 0, TDH_SYS_RD, 0, field_id, 0, &a);

	*value = a.r8;
	return st;
}

static u64 bench_rdall(void *ctx, void *page, u64 start, u64 *next)
{
	struct tdx_args a;
	u64 st;

	(void)page;	/* the emu writes it at EMU_FX_RDALL_PA, which is @page */
	st = emu_fx_call(ctx, 0, TDH_SYS_RDALL, 0, EMU_FX_RDALL_PA, start, &a);
	*next = a.r8;
	return st;
}



static void row(const char *name, const struct tdx_emu_config *cfg)
{
	struct emu_fx fx;
	void *page;
	unsigned int runs = 0, calls_rd = 0, calls_rdall = 0;
	double start, m_rd, m_rdall;

	if (emu_fx_setup_cfg(&fx, cfg, 2, 2) || emu_fx_to_lp_done(&fx)) {
		printf("%-28s emu setup failed\n", name);
		return;
	}
	page = emu_fx_va(&fx, EMU_FX_RDALL_PA);

	/* Interleaved, so both see the same machine state. */
	start = bench_now_us();
	while (runs < MAX_RUNS && (runs < 101 || bench_now_us() - start < 400000)) {
		double t0 = bench_now_us();

		if (tdx_sysinfo_read(&si_rd, bench_rd, &fx, NULL, NULL, &calls_rd))
			break;
		t_rd[runs] = bench_now_us() - t0;
		t0 = bench_now_us();
		if (tdx_sysinfo_read_rdall(&si_rdall, bench_rdall, &fx, page, NULL, NULL,
					   &calls_rdall))
			break;
		t_rdall[runs] = bench_now_us() - t0;
		runs++;
	}
	if (!runs || memcmp(&si_rd, &si_rdall, sizeof(si_rd))) {
		printf("%-28s read failed or RD and RDALL disagree\n", name);
		emu_fx_teardown(&fx);
		return;
	}
	m_rd = bench_median(t_rd, runs);
	m_rdall = bench_median(t_rdall, runs);
	printf("%-28s %9u %9u %7.1fx %9.2f %9.2f %7.1fx %6u\n", name, calls_rd, calls_rdall,
	       (double)calls_rd / calls_rdall, m_rd, m_rdall, m_rd / m_rdall, runs);
	emu_fx_teardown(&fx);
}

int main(void)
{
	struct tdx_emu_config cfg;
	unsigned int i;

	printf("Full global-metadata read (%zu-byte struct tdx_sysinfo) against the emu core:\n"
	       "SEAMCALLs per read and median wall time in us\n", sizeof(struct tdx_sysinfo));
	printf("%-28s %9s %9s %8s %9s %9s %8s %6s\n", "module", "RD calls", "RDALL", "ratio",
	       "RD us", "RDALL us", "ratio", "runs");

	emu_fx_default_config(&cfg);
	row("1.5.06 default", &cfg);

	cfg.update = 1;
	row("1.5.01 (no MAX_VCPUS)", &cfg);

	emu_fx_default_config(&cfg);
	cfg.num_cmrs_is_max = false;
	row("1.5.06, NUM_CMRS = 2", &cfg);

	emu_fx_default_config(&cfg);
	cfg.nr_cpuid_config = TDX_EMU_MAX_CPUID_CONFIG;
	for (i = 0; i < TDX_EMU_MAX_CPUID_CONFIG; i++) {
		cfg.cpuid_config[i].leaf = 0x80000000ULL + i;
		cfg.cpuid_config[i].value[0] = ~0ULL;
		cfg.cpuid_config[i].value[1] = ~0ULL;
	}
	row("1.5.06, 32 CPUID configs", &cfg);
	return 0;
}
