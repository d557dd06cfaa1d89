/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the planner suites share (test_tdmr_plan*.c): layouts, a PRNG, an
 * independent checker of phase 1 and phase 2, a host that places chunks on
 * its own, and TDH.SYS.CONFIG of the software TDX module as a second judge.
 */
#ifndef TDX_TEST_PLAN_FIXTURE_H
#define TDX_TEST_PLAN_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tdmr_plan.h"
#include "emu_fixture.h"

#define GB (1ULL << 30)
#define MB (1ULL << 20)
#define KB (1ULL << 10)
#define MAXR 160
#define INF_COST (~0ULL)

static struct tdmr_plan *plan;

/* ---- deterministic PRNG */

static uint64_t rng_state;

static inline uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static inline uint64_t rnd_range(uint64_t lo, uint64_t hi)	/* inclusive */
{
	return lo + rnd() % (hi - lo + 1);
}

static inline struct tdmr_plan_limits limits(uint32_t t, uint32_t r)
{
	struct tdmr_plan_limits lim = {
		.max_tdmrs = t,
		.max_rsvd_per_tdmr = r,
		.pamt_entry_size = { 16, 16, 16 },
	};
	return lim;
}

/* ---- independent reference pieces */

static inline uint64_t ref_pamt(uint64_t size)
{
	uint64_t sum = 0;
	int sh[3] = { 12, 21, 30 };

	for (int l = 0; l < 3; l++)
		sum += ((size >> sh[l]) * 16 + 4095) / 4096 * 4096;
	return sum;
}

struct layout {
	struct tdx_mem_range mem[MAXR];
	unsigned int n;
	struct tdx_cmr_range cmrs[TDX_MAX_CMRS];
	unsigned int nr_cmrs;
};

static inline int ref_has_memory(const struct layout *L, uint64_t a, uint64_t b)
{
	for (unsigned int k = 0; k < L->n; k++)
		if (L->mem[k].start < b && L->mem[k].end > a)
			return 1;
	return 0;
}

/* ---- independent checker */

/* Exact non-memory runs inside [a, b). */
static inline unsigned int ref_holes(const struct layout *L, uint64_t a, uint64_t b, uint64_t (*out)[2])
{
	unsigned int n = 0;
	uint64_t pos = a;

	for (unsigned int k = 0; k < L->n; k++) {
		if (L->mem[k].end <= a || L->mem[k].start >= b)
			continue;
		if (L->mem[k].start > pos) {
			out[n][0] = pos;
			out[n++][1] = L->mem[k].start;
		}
		pos = L->mem[k].end;
	}
	if (pos < b) {
		out[n][0] = pos;
		out[n++][1] = b;
	}
	return n;
}

static inline int cmp_pair(const void *x, const void *y)
{
	const uint64_t *a = x, *b = y;

	return a[0] < b[0] ? -1 : a[0] > b[0];
}

/* Sort and merge touching intervals in place; returns the new count. */
static inline unsigned int merge_intervals(uint64_t (*iv)[2], unsigned int n)
{
	unsigned int o = 0;

	qsort(iv, n, sizeof(iv[0]), cmp_pair);
	for (unsigned int k = 0; k < n; k++) {
		if (o && iv[k][0] <= iv[o - 1][1]) {
			if (iv[k][1] > iv[o - 1][1])
				iv[o - 1][1] = iv[k][1];
		} else {
			iv[o][0] = iv[k][0];
			iv[o][1] = iv[k][1];
			o++;
		}
	}
	return o;
}

static void check_phase1(const struct layout *L, uint32_t T, uint32_t R)
{
	static uint64_t hv[512][2];
	uint64_t total = 0;

	assert_true(plan->nr_tdmrs >= 1 && plan->nr_tdmrs <= T);
	for (unsigned int t = 0; t < plan->nr_tdmrs; t++) {
		const struct tdmr_plan_tdmr *td = &plan->tdmrs[t];

		assert_true(td->size > 0 && td->base % GB == 0 && td->size % GB == 0);
		if (t)
			assert_true(td->base >= plan->tdmrs[t - 1].base + plan->tdmrs[t - 1].size);
		/* Reserved areas are exactly the holes. */
		unsigned int nh = ref_holes(L, td->base, td->base + td->size, hv);

		assert_int_equal(nh, td->nr_holes);
		assert_int_equal(nh, td->nr_rsvd);
		for (unsigned int k = 0; k < nh; k++) {
			assert_int_equal(hv[k][0], td->rsvd[k].start);
			assert_int_equal(hv[k][1] - hv[k][0], td->rsvd[k].size);
		}
		assert_true(td->nr_holes + td->rsvd_budget <= R);
		for (int l = 0; l < 3; l++) {
			int sh[3] = { 12, 21, 30 };

			assert_int_equal(td->pamt_size[l], ((td->size >> sh[l]) * 16 + 4095) / 4096 * 4096);
			assert_true(td->pamt_chunk[l] < plan->nr_chunks);
			assert_true(td->pamt_off[l] + td->pamt_size[l] <=
				    plan->chunks[td->pamt_chunk[l]].size);
		}
		total += ref_pamt(td->size);
	}
	assert_int_equal(total, plan->pamt_total);
	/* Every memory byte is covered. */
	for (unsigned int k = 0; k < L->n; k++) {
		uint64_t pos = L->mem[k].start;

		for (unsigned int t = 0; t < plan->nr_tdmrs; t++) {
			const struct tdmr_plan_tdmr *td = &plan->tdmrs[t];

			if (td->base <= pos && pos < td->base + td->size)
				pos = td->base + td->size;
		}
		assert_true(pos >= L->mem[k].end);
	}
	/* Each chunk homed in a TDMR that budgets for it, window inside that TDMR. */
	unsigned int homed[TDMR_PLAN_MAX_TDMRS] = { 0 };

	for (unsigned int c = 0; c < plan->nr_chunks; c++) {
		const struct tdmr_plan_chunk *ch = &plan->chunks[c];
		const struct tdmr_plan_tdmr *td = &plan->tdmrs[ch->home];

		assert_true(ch->home < plan->nr_tdmrs);
		assert_true(ch->size > 0 && ch->size % 4096 == 0);
		assert_true(ch->win_start >= td->base && ch->win_end <= td->base + td->size);
		assert_true(ch->win_start < ch->win_end);
		homed[ch->home]++;
	}
	for (unsigned int t = 0; t < plan->nr_tdmrs; t++)
		assert_true(homed[t] <= plan->tdmrs[t].rsvd_budget);
}

/* Reserved areas after phase 2: (holes U chunks) inside each TDMR, merged. */
static int check_phase2(const struct layout *L, uint32_t R, int expect_ok)
{
	static uint64_t iv[512][2];
	int over = 0;

	for (unsigned int t = 0; t < plan->nr_tdmrs; t++) {
		const struct tdmr_plan_tdmr *td = &plan->tdmrs[t];
		uint64_t e = td->base + td->size;
		unsigned int n = ref_holes(L, td->base, e, iv);

		for (unsigned int c = 0; c < plan->nr_chunks; c++) {
			uint64_t s = plan->chunks[c].base, ce = s + plan->chunks[c].size;

			if (s < td->base)
				s = td->base;
			if (ce > e)
				ce = e;
			if (s < ce) {
				iv[n][0] = s;
				iv[n++][1] = ce;
			}
		}
		n = merge_intervals(iv, n);
		if (n > R) {
			over = 1;
			continue;
		}
		if (!expect_ok)
			continue;
		assert_int_equal(n, td->nr_rsvd);
		for (unsigned int k = 0; k < n; k++) {
			assert_int_equal(iv[k][0], td->rsvd[k].start);
			assert_int_equal(iv[k][1] - iv[k][0], td->rsvd[k].size);
		}
		for (int l = 0; l < 3; l++) {
			const struct tdmr_plan_chunk *ch = &plan->chunks[td->pamt_chunk[l]];

			assert_true(td->pamt_base[l] >= ch->base);
			assert_true(td->pamt_base[l] + td->pamt_size[l] <= ch->base + ch->size);
		}
	}
	return over;
}

/*
 * Host allocation: put each chunk in node memory inside [lo, hi) (its window,
 * or the whole node), avoiding the chunks placed before.  how: 0 start,
 * 1 end, 2 random.  Returns 0 if some chunk found no room.
 */
static inline int host_place(const struct layout *L, int how, int anywhere)
{
	for (unsigned int c = 0; c < plan->nr_chunks; c++) {
		struct tdmr_plan_chunk *ch = &plan->chunks[c];
		uint64_t lo = anywhere ? 0 : ch->win_start, hi = anywhere ? ~0ULL : ch->win_end;
		uint64_t free_iv[256][2];
		unsigned int nf = 0;

		for (unsigned int k = 0; k < L->n; k++) {
			uint64_t s = L->mem[k].start > lo ? L->mem[k].start : lo;
			uint64_t e = L->mem[k].end < hi ? L->mem[k].end : hi;

			if (s < 4096)
				s = 4096;	/* the kernel never hands out page 0 */
			if (L->mem[k].nid != ch->nid || s >= e)
				continue;
			/* Cut out the chunks already placed. */
			for (;;) {
				uint64_t cut_s = e, cut_e = e;

				for (unsigned int d = 0; d < c; d++) {
					uint64_t ds = plan->chunks[d].base, de = ds + plan->chunks[d].size;

					if (ds < e && de > s && ds < cut_s) {
						cut_s = ds < s ? s : ds;
						cut_e = de;
					}
				}
				if (cut_s > s && nf < 256) {
					free_iv[nf][0] = s;
					free_iv[nf++][1] = cut_s;
				}
				if (cut_s >= e || cut_e >= e)
					break;
				s = cut_e;
			}
		}
		int fit[256], nfit = 0;

		for (unsigned int f = 0; f < nf; f++)
			if (free_iv[f][1] - free_iv[f][0] >= ch->size)
				fit[nfit++] = f;
		if (!nfit)
			return 0;
		if (how == 0) {
			ch->base = free_iv[fit[0]][0];
		} else if (how == 1) {
			ch->base = free_iv[fit[nfit - 1]][1] - ch->size;
		} else {
			int f = fit[rnd() % nfit];
			uint64_t room = (free_iv[f][1] - free_iv[f][0] - ch->size) / 4096;

			ch->base = free_iv[f][0] + rnd_range(0, room) * 4096;
		}
	}
	return 1;
}

static inline int build(const struct layout *L, uint32_t T, uint32_t R, uint64_t max_chunk)
{
	struct tdmr_plan_limits lim = limits(T, R);
	struct tdmr_plan_opts opts = { .max_chunk_size = max_chunk };

	return tdmr_plan_build(plan, L->mem, L->n, L->cmrs, L->nr_cmrs, &lim, &opts);
}

static int placed_ok, emu_ok;

/* Hand the placed plan to the software TDX module's TDH.SYS.CONFIG. */
static inline void emu_accepts(const struct layout *L, uint32_t T, uint32_t R)
{
	static struct emu_fx fx;
	struct tdx_emu_config cfg;
	u64 *array;
	u64 st;

	tdx_emu_default_config(&cfg);
	cfg.max_tdmrs = T < 64 ? T : 64;
	cfg.max_rsvd_per_tdmr = R;
	cfg.nr_cmrs = L->nr_cmrs;
	for (unsigned int k = 0; k < L->nr_cmrs; k++) {
		cfg.cmrs[k].base = L->cmrs[k].base;
		cfg.cmrs[k].size = L->cmrs[k].size;
	}
	assert_int_equal(emu_fx_setup_cfg(&fx, &cfg, 1, 2), 0);
	assert_int_equal(emu_fx_to_lp_done(&fx), TDX_SUCCESS);
	array = emu_fx_va(&fx, EMU_FX_ARRAY_PA);
	for (unsigned int t = 0; t < plan->nr_tdmrs; t++) {
		tdmr_plan_to_tdmr_info(plan, t, emu_fx_tdmr_info(&fx, t), R);
		array[t] = emu_fx_info_pa(&fx, t);
	}
	st = emu_fx_config(&fx, plan->nr_tdmrs);
	if (st != TDX_SUCCESS)
		fail_msg("emu TDH.SYS.CONFIG: 0x%016llx", (unsigned long long)st);
	emu_ok++;
	emu_fx_teardown(&fx);
}

static inline void place_and_check(const struct layout *L, uint32_t R, int how)
{
	const char *why = NULL;

	if (!host_place(L, how, 0))
		return;		/* the host would re-plan with smaller chunks */
	placed_ok++;
	if (tdmr_plan_place_pamts(plan))
		fail_msg("phase 2: %s", plan->why);
	assert_int_equal(tdmr_plan_validate(plan, L->cmrs, L->nr_cmrs, &why), 0);
	assert_null(why);
	check_phase2(L, R, 1);
}


/* The pipeline the module and tdxctl run, on an idle host. */
static inline int run_idle(const struct layout *L, uint32_t T, uint32_t R)
{
	struct tdmr_plan_limits lim = limits(T, R);
	struct tdmr_plan_host host = {
		.take = tdmr_plan_idle_take,
		.release = tdmr_plan_idle_release,
		.ctx = plan,
	};

	return tdmr_plan_run(plan, L->mem, L->n, L->cmrs, L->nr_cmrs, &lim, &host);
}

#endif /* TDX_TEST_PLAN_FIXTURE_H */
