/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The large layouts of `make bench` (bench_plan.c), also pinned by the
 * planner's golden test (tests/unit/test_tdmr_plan_golden.c): one
 * generator, so the test covers the shapes the bench times.
 */
#ifndef TDX_BENCH_LAYOUT_H
#define TDX_BENCH_LAYOUT_H

#include <stdint.h>

#include "tdmr_plan.h"

#define BL_MB (1ULL << 20)
#define BL_GB (1ULL << 30)

/*
 * A server-like map: nodes of 64 GiB each (boundaries not on 1 GiB), each
 * cut into pieces by small firmware holes; node 0 starts at 1 MiB with the
 * usual 2..4 GiB PCI hole.  islands != 0: instead, 1 GiB pieces 1..3 GiB
 * apart, so there are more memory islands than TDMRs.  n ranges into mem;
 * rnd is the caller's generator.
 */
static inline unsigned int bench_layout(struct tdx_mem_range *mem, unsigned int n, int islands,
					uint64_t (*rnd)(void))
{
	unsigned int nodes = n >= 128 ? 8 : n >= 32 ? 4 : n >= 8 ? 2 : 1;
	unsigned int per_node = n / nodes, k = 0;
	uint64_t pos = BL_MB;

	for (unsigned int node = 0; node < nodes; node++) {
		uint64_t node_end = (node + 1) * 64 * BL_GB + 256 * BL_MB;

		for (unsigned int i = 0; i < per_node && k < n; i++) {
			uint64_t len, hole;

			if (islands) {
				len = BL_GB;
				hole = (1 + rnd() % 3) * BL_GB;
			} else {
				len = (node_end - pos) / (per_node - i);
				hole = (2 + rnd() % 6) * BL_MB;
				len = len > hole + 4 * BL_MB ? (len - hole) & ~(2 * BL_MB - 1) : 4 * BL_MB;
			}
			if (!node && pos < 2 * BL_GB && pos + len > 2 * BL_GB) {
				len = 2 * BL_GB - pos;	/* PCI hole below 4 GiB */
				hole = 2 * BL_GB;
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

#endif
