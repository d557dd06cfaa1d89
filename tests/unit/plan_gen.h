/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The random layouts both planner suites sweep (test_tdmr_plan.c's hosts,
 * test_tdmr_plan_oracle.c's oracle): one generator, so both see the same
 * shapes for a seed.
 */
#ifndef TDX_TEST_PLAN_GEN_H
#define TDX_TEST_PLAN_GEN_H

#include "plan_fixture.h"

static inline uint64_t pick_size(int scale)
{
	switch (scale) {
	case 0: return rnd_range(1, 16) * 4 * KB;
	case 1: return rnd_range(1, 64) * MB;
	case 2: return rnd_range(64, 1024) * MB;
	default: return rnd_range(1, 5) * GB + rnd_range(0, 255) * MB;
	}
}

/*
 * mode 0: mixed; 1: many small holes below 4 GiB; 2: memory above 4 TiB;
 * 3: 1 GiB aligned islands (the "more regions than TDMRs" shape); 4: many
 * small ranges.
 */
static inline void gen_layout(struct layout *L, int mode)
{
	uint64_t pos;
	int nid = 0, nodes = (int)rnd_range(1, 3);
	unsigned int n = (unsigned int)(mode == 1 ? rnd_range(6, 14) :
					mode == 4 ? rnd_range(16, 40) : rnd_range(1, 9));

	L->n = 0;
	pos = rnd_range(0, 3) * 256 * MB + (rnd() % 2 ? MB : 0);
	if (mode == 3)
		pos = rnd_range(0, 2) * GB;
	for (unsigned int k = 0; k < n; k++) {
		uint64_t size;

		if (mode == 1)
			size = pick_size((int)rnd_range(0, 2)) / 4;
		else if (mode == 4)
			size = pick_size((int)rnd_range(0, 2));
		else if (mode == 3)
			size = rnd_range(1, 2) * GB;
		else
			size = pick_size((int)rnd_range(0, 3));
		size = (size + 4095) & ~4095ULL;
		if (mode == 2 && k == n / 2 && pos < 4096 * GB)
			pos = 4096 * GB + rnd_range(0, 3) * GB + rnd_range(0, 255) * 4 * MB;
		if (mode == 1 && pos + size > 4 * GB)
			break;
		L->mem[L->n].start = pos;
		L->mem[L->n].end = pos + size;
		L->mem[L->n].nid = nid;
		L->n++;
		pos += size;
		/* Node boundary: often touching and not 1 GiB aligned. */
		if (nid + 1 < nodes && rnd() % 3 == 0) {
			nid++;
			if (rnd() % 2 && mode != 3)
				continue;
		} else if (rnd() % 13 == 0 && nodes > 1) {
			nid = (int)rnd_range(0, nodes - 1);	/* interleaved nodes */
		}
		if (mode == 1)
			pos += rnd_range(1, 64) * 64 * KB;
		else if (mode == 4)
			pos += pick_size((int)rnd_range(0, 2));
		else if (mode == 3)
			pos += rnd_range(1, 3) * GB;
		else
			pos += pick_size((int)rnd_range(0, 3));
	}
	if (!L->n) {
		L->mem[0].start = 16 * MB;
		L->mem[0].end = 32 * MB;
		L->mem[0].nid = 0;
		L->n = 1;
	}
	/* CMRs: exactly the memory (holes not convertible), or one big one. */
	L->nr_cmrs = 0;
	if (rnd() % 2 || L->n > TDX_MAX_CMRS) {
		L->cmrs[0].base = 0;
		L->cmrs[0].size = L->mem[L->n - 1].end;
		L->nr_cmrs = 1;
	} else {
		for (unsigned int k = 0; k < L->n; k++) {
			L->cmrs[L->nr_cmrs].base = L->mem[k].start;
			L->cmrs[L->nr_cmrs].size = L->mem[k].end - L->mem[k].start;
			L->nr_cmrs++;
		}
	}
}

#endif /* TDX_TEST_PLAN_GEN_H */
