/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exact oracle of the planner suites: the least PAMT over every TDMR
 * layout, written independently of src/lib (no candidate pruning, no bounds,
 * holes and pieces recomputed by brute force), on every 1 GiB boundary of a
 * GiB page that holds memory.
 *
 * The model is the planner's (tdmr_plan.h): TDMRs cover all memory, at most
 * T of them; every hole inside a TDMR is a reserved area; the PAMT is one
 * chunk, one more reserved area in the TDMR that holds it.  So every TDMR has
 * at most R holes and one, the home, at most R - 1.  Two answers:
 *
 *   slots: the least PAMT of such a layout.  No plan of any policy needs
 *          fewer reserved areas (some chunk must hold the PAMT), so no valid
 *          plan costs less, and none exists when this is INF.
 *   room:  the same, and the home also holds a free memory piece (one range
 *          inside the home TDMR, page 0 excluded) as long as the whole PAMT:
 *          the least PAMT with one chunk for everything, exactly.
 *
 * With the home fixed, the rest of a plan is a cheapest prefix below it and
 * a cheapest suffix above it with at most T - 1 TDMRs between them, whatever
 * the room; if that total exceeds the room, every plan with that home does.
 * So both answers are a minimum over homes of prefix + home + suffix.
 */
#ifndef TDX_TEST_PLAN_ORACLE_H
#define TDX_TEST_PLAN_ORACLE_H

#include "plan_fixture.h"

#define ORACLE_MAXE	1280
#define ORACLE_MAXT	64

struct oracle_result {
	uint64_t slots;
	uint64_t room;
};

static uint64_t oracle_e[ORACLE_MAXE];
static uint64_t oracle_f[ORACLE_MAXT + 1][ORACLE_MAXE];	/* prefix, exactly t TDMRs */
static uint64_t oracle_g[ORACLE_MAXT + 1][ORACLE_MAXE];	/* suffix */

/*
 * Per boundary x, over the memory merged into maximal intervals: how many
 * start below x, how many end at or below x, and whether x and x - 1 are
 * memory.  Then [a, b) holds n = starts(b) - ends(a) intervals and n - 1
 * holes between them, plus one before if a is not memory and one after if
 * b - 1 is not.
 */
static unsigned int oracle_starts[ORACLE_MAXE], oracle_ends[ORACLE_MAXE];
static unsigned char oracle_in[ORACLE_MAXE], oracle_in_below[ORACLE_MAXE];

static void oracle_index(const struct layout *L, unsigned int ne)
{
	uint64_t iv[MAXR][2];
	unsigned int n = 0;

	for (unsigned int k = 0; k < L->n; k++) {
		if (n && L->mem[k].start <= iv[n - 1][1]) {
			iv[n - 1][1] = L->mem[k].end;
			continue;
		}
		iv[n][0] = L->mem[k].start;
		iv[n++][1] = L->mem[k].end;
	}
	for (unsigned int p = 0; p < ne; p++) {
		uint64_t x = oracle_e[p];

		oracle_starts[p] = oracle_ends[p] = 0;
		oracle_in[p] = oracle_in_below[p] = 0;
		for (unsigned int i = 0; i < n; i++) {
			oracle_starts[p] += iv[i][0] < x;
			oracle_ends[p] += iv[i][1] <= x;
			oracle_in[p] |= iv[i][0] <= x && x < iv[i][1];
			oracle_in_below[p] |= iv[i][0] < x && x <= iv[i][1];
		}
	}
}

/* Memory intervals inside [E[a], E[b]). */
static unsigned int oracle_nmem(unsigned int a, unsigned int b)
{
	return oracle_starts[b] - oracle_ends[a];
}

static unsigned int oracle_holes(unsigned int a, unsigned int b)
{
	unsigned int n = oracle_nmem(a, b);

	return n ? n - 1 + !oracle_in[a] + !oracle_in_below[b] : 1;
}

/* Longest piece of one range inside [a, b), page 0 left out. */
static uint64_t oracle_room(const struct layout *L, uint64_t a, uint64_t b)
{
	uint64_t best = 0;

	for (unsigned int k = 0; k < L->n; k++) {
		uint64_t s = L->mem[k].start > a ? L->mem[k].start : a;
		uint64_t e = L->mem[k].end < b ? L->mem[k].end : b;

		if (s < 4096)
			s = 4096;
		if (e > s && e - s > best)
			best = e - s;
	}
	return best;
}

static void oracle_min(uint64_t *x, uint64_t v)
{
	if (v < *x)
		*x = v;
}

static struct oracle_result oracle(const struct layout *L, uint32_t T, uint32_t R)
{
	struct oracle_result res = { INF_COST, INF_COST };
	unsigned int ne = 0, touched = 0;

	/* Boundaries: both ends of every GiB page that holds memory, sorted. */
	for (unsigned int k = 0; k < L->n; k++) {
		for (uint64_t s = L->mem[k].start / GB; s <= (L->mem[k].end - 1) / GB; s++) {
			for (int c = 0; c < 2; c++) {
				uint64_t x = (s + c) * GB;
				unsigned int q = ne;

				while (q && oracle_e[q - 1] > x)
					q--;
				if (q && oracle_e[q - 1] == x)
					continue;
				assert_true(ne < ORACLE_MAXE);
				memmove(&oracle_e[q + 1], &oracle_e[q], (ne - q) * sizeof(oracle_e[0]));
				oracle_e[q] = x;
				ne++;
			}
		}
	}
	oracle_index(L, ne);
	for (unsigned int p = 0; p + 1 < ne; p++)
		touched += oracle_nmem(p, p + 1) != 0;
	if (T > touched)
		T = touched;	/* every TDMR needs memory of its own */
	if (T > ORACLE_MAXT)
		T = ORACLE_MAXT;

	for (unsigned int t = 0; t <= T; t++)
		for (unsigned int p = 0; p < ne; p++)
			oracle_f[t][p] = oracle_g[t][p] = INF_COST;
	oracle_f[0][0] = 0;
	oracle_g[0][ne - 1] = 0;
	/* Prefixes: TDMRs [E[p], E[q]) with memory and at most R holes, or skip a gap. */
	for (unsigned int p = 0; p < ne; p++) {
		int gap = p + 1 < ne && !oracle_nmem(p, p + 1);

		for (unsigned int t = 0; t <= T && gap; t++)
			oracle_min(&oracle_f[t][p + 1], oracle_f[t][p]);
		for (unsigned int q = p + 1; q < ne; q++) {
			uint64_t c = ref_pamt(oracle_e[q] - oracle_e[p]);

			if (oracle_holes(p, q) > R)
				break;		/* holes only grow with q */
			if (!oracle_nmem(p, q))
				continue;
			for (unsigned int t = 0; t < T; t++)
				if (oracle_f[t][p] != INF_COST)
					oracle_min(&oracle_f[t + 1][q], oracle_f[t][p] + c);
		}
	}
	/* Suffixes, the same walked down. */
	for (unsigned int q = ne; q-- > 0;) {
		int gap = q && !oracle_nmem(q - 1, q);

		for (unsigned int t = 0; t <= T && gap; t++)
			oracle_min(&oracle_g[t][q - 1], oracle_g[t][q]);
		for (unsigned int p = q; p-- > 0;) {
			uint64_t c = ref_pamt(oracle_e[q] - oracle_e[p]);

			if (oracle_holes(p, q) > R)
				break;
			if (!oracle_nmem(p, q))
				continue;
			for (unsigned int t = 0; t < T; t++)
				if (oracle_g[t][q] != INF_COST)
					oracle_min(&oracle_g[t + 1][p], oracle_g[t][q] + c);
		}
	}
	/* At most t TDMRs. */
	for (unsigned int t = 1; t <= T; t++)
		for (unsigned int p = 0; p < ne; p++) {
			oracle_min(&oracle_f[t][p], oracle_f[t - 1][p]);
			oracle_min(&oracle_g[t][p], oracle_g[t - 1][p]);
		}
	/* Every home: at most R - 1 holes, memory inside. */
	for (unsigned int a = 0; a < ne && R; a++) {
		for (unsigned int b = a + 1; b < ne; b++) {
			uint64_t rest = INF_COST, total;

			if (oracle_holes(a, b) > R - 1)
				break;
			if (!oracle_nmem(a, b))
				continue;
			for (unsigned int t1 = 0; t1 < T; t1++)
				if (oracle_f[t1][a] != INF_COST && oracle_g[T - 1 - t1][b] != INF_COST)
					oracle_min(&rest, oracle_f[t1][a] + oracle_g[T - 1 - t1][b]);
			if (rest == INF_COST)
				continue;
			total = rest + ref_pamt(oracle_e[b] - oracle_e[a]);
			oracle_min(&res.slots, total);
			if (total < res.room && total <= oracle_room(L, oracle_e[a], oracle_e[b]))
				res.room = total;
		}
	}
	return res;
}

#endif /* TDX_TEST_PLAN_ORACLE_H */
