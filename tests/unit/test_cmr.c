// SPDX-License-Identifier: GPL-2.0
/*
 * The CMR coverage test (src/lib/tdx_cmr.c) and what it means for a plan.
 *
 * TDH.SYS.CONFIG (is_area_in_cmr() in the TDX module's tdh_sys_config.c)
 * lets a CMR that starts where the previous one ends extend it: a range over
 * adjacent CMRs is convertible, one over a gap is not.  The host used to
 * have a second, stricter answer ("inside one CMR") for its System RAM check;
 * these tests pin the module's answer down for everyone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tdx_cmr.h"
#include "tdmr_plan.h"

#define GB (1ULL << 30)
#define MB (1ULL << 20)

static struct tdmr_plan *plan;

/* Inside one CMR: the check src/memory.c had, for contrast. */
static bool in_one_cmr(const struct tdx_cmr_range *cmrs, unsigned int nr, u64 start, u64 end)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (start >= cmrs[i].base && end <= cmrs[i].base + cmrs[i].size)
			return true;
	return false;
}

static void test_adjacent_cmrs_merge(void **state)
{
	const struct tdx_cmr_range cmrs[] = { { 0, 4 * GB }, { 4 * GB, 4 * GB } };

	(void)state;
	/* Across the boundary: one run to the module, no single CMR holds it. */
	assert_true(tdx_cmrs_cover(cmrs, 2, 3 * GB, 5 * GB));
	assert_false(in_one_cmr(cmrs, 2, 3 * GB, 5 * GB));
	assert_true(tdx_cmrs_cover(cmrs, 2, MB, 8 * GB));
	/* Inside either one, and exactly their edges. */
	assert_true(tdx_cmrs_cover(cmrs, 2, 0, 4 * GB));
	assert_true(tdx_cmrs_cover(cmrs, 2, 4 * GB, 8 * GB));
	/* Past the end of the run. */
	assert_false(tdx_cmrs_cover(cmrs, 2, 7 * GB, 8 * GB + 4096));
}

static void test_gap_between_cmrs(void **state)
{
	const struct tdx_cmr_range cmrs[] = { { 0, 4 * GB }, { 4 * GB + 2 * MB, 4 * GB } };

	(void)state;
	assert_false(tdx_cmrs_cover(cmrs, 2, 3 * GB, 5 * GB));
	assert_false(tdx_cmrs_cover(cmrs, 2, 4 * GB, 4 * GB + 2 * MB));
	assert_false(tdx_cmrs_cover(cmrs, 2, 4 * GB - 4096, 4 * GB + 4096));
	/* Up to the gap and from its end are fine. */
	assert_true(tdx_cmrs_cover(cmrs, 2, 3 * GB, 4 * GB));
	assert_true(tdx_cmrs_cover(cmrs, 2, 4 * GB + 2 * MB, 5 * GB));
}

static void test_chains_and_empty_entries(void **state)
{
	/* Three in a row with an empty entry between: still one run. */
	const struct tdx_cmr_range chain[] = {
		{ MB, GB - MB }, { GB, GB }, { 0, 0 }, { 2 * GB, 2 * GB },
	};
	/* The module merges in list order only (the list is sorted by spec). */
	const struct tdx_cmr_range unsorted[] = { { 0, 4 * GB }, { 8 * GB, GB }, { 4 * GB, 4 * GB } };

	(void)state;
	assert_true(tdx_cmrs_cover(chain, 4, MB, 4 * GB));
	assert_false(tdx_cmrs_cover(chain, 4, 0, 4 * GB));
	assert_false(tdx_cmrs_cover(chain, 0, MB, 2 * MB));
	assert_false(tdx_cmrs_cover(NULL, 0, MB, 2 * MB));
	assert_false(tdx_cmrs_cover(unsorted, 3, 3 * GB, 5 * GB));
	assert_true(tdx_cmrs_cover(unsorted, 3, 4 * GB, 8 * GB));
}

static struct tdmr_plan_limits limits(void)
{
	struct tdmr_plan_limits lim = {
		.max_tdmrs = 64,
		.max_rsvd_per_tdmr = 16,
		.pamt_entry_size = { 16, 16, 16 },
	};
	return lim;
}

/* Plan [1M, 8G) with the PAMT chunk placed across 4G, then check it against cmrs. */
static int plan_across_4g(const struct tdx_cmr_range *cmrs, unsigned int nr, const char **why)
{
	const struct tdx_mem_range mem[] = { { MB, 8 * GB, 0 } };
	const struct tdx_cmr_range all[] = { { 0, 8 * GB } };
	struct tdmr_plan_limits lim = limits();
	int ret;

	assert_int_equal(tdmr_plan_build(plan, mem, 1, all, 1, &lim, NULL), 0);
	assert_int_equal(plan->nr_chunks, 1);
	plan->chunks[0].base = 4 * GB - MB;
	assert_int_equal(tdmr_plan_place_pamts(plan), 0);
	ret = tdmr_plan_validate(plan, cmrs, nr, why);
	return ret;
}

static void test_plan_over_adjacent_cmrs(void **state)
{
	const struct tdx_cmr_range cmrs[] = { { 0, 4 * GB }, { 4 * GB, 4 * GB } };
	const struct tdx_mem_range mem[] = { { MB, 8 * GB, 0 } };
	struct tdmr_plan_limits lim = limits();
	const char *why;

	(void)state;
	/* TDMR memory and the PAMT chunk both span the two CMRs: valid. */
	assert_int_equal(plan_across_4g(cmrs, 2, &why), 0);
	assert_null(why);
	/* The planner itself takes the split CMRs and the chunk across them. */
	assert_int_equal(tdmr_plan_build(plan, mem, 1, cmrs, 2, &lim, NULL), 0);
	plan->chunks[0].base = 4 * GB - MB;
	assert_int_equal(tdmr_plan_place_pamts(plan), 0);
}

static void test_plan_over_cmr_gap(void **state)
{
	const struct tdx_cmr_range cmrs[] = { { 0, 4 * GB }, { 4 * GB + 2 * MB, 4 * GB - 2 * MB } };
	const struct tdx_mem_range mem[] = { { MB, 8 * GB, 0 } };
	struct tdmr_plan_limits lim = limits();
	const char *why;

	(void)state;
	/* The PAMT sits on the gap: rejected before the TDMR memory is looked at. */
	assert_int_equal(plan_across_4g(cmrs, 2, &why), -EINVAL);
	assert_string_equal(why, "PAMT outside the CMRs");
	/* With the PAMT clear of the gap, the memory in it is still refused. */
	plan->chunks[0].base = 2 * GB;
	assert_int_equal(tdmr_plan_place_pamts(plan), 0);
	assert_int_equal(tdmr_plan_validate(plan, cmrs, 2, &why), -EINVAL);
	assert_string_equal(why, "non-reserved TDMR memory outside the CMRs");
	/* And the planner refuses a chunk placed on the gap. */
	assert_int_equal(tdmr_plan_build(plan, mem, 1, cmrs, 2, &lim, NULL), 0);
	plan->chunks[0].base = 4 * GB - MB;
	assert_int_equal(tdmr_plan_place_pamts(plan), -EINVAL);
	assert_non_null(strstr(plan->why, "is outside the CMRs"));
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
		cmocka_unit_test(test_adjacent_cmrs_merge),
		cmocka_unit_test(test_gap_between_cmrs),
		cmocka_unit_test(test_chains_and_empty_entries),
		cmocka_unit_test(test_plan_over_adjacent_cmrs),
		cmocka_unit_test(test_plan_over_cmr_gap),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
