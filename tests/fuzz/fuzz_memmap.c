// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: memmap_parse() (the text behind `tdxctl plan`) on any
 * bytes, into an output array of exactly the capacity it is given (so ASan
 * sees a write past it), once with room to spare and once with little.
 * What it accepts must keep its promises: sorted, disjoint, 4K-aligned
 * ranges above 1 MiB, touching ranges of one node merged; the same answer
 * whatever the capacity, once it fits; and its own output, written back as
 * /proc/iomem lines, parses to itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memmap_parse.h"

#define BIG	512

static void check_ok(const struct tdx_mem_range *r, unsigned int nr, unsigned int max,
		     const char *why)
{
	if (why || !nr || nr > max)
		abort();
	for (unsigned int k = 0; k < nr; k++) {
		if (r[k].start < 0x100000 || r[k].start >= r[k].end || r[k].nid < 0 ||
		    (r[k].start | r[k].end) & 4095)
			abort();
		if (k && (r[k].start < r[k - 1].end ||
			  (r[k].start == r[k - 1].end && r[k].nid == r[k - 1].nid)))
			abort();
	}
}

/* Field by field: the structs have padding nobody writes. */
static int same(const struct tdx_mem_range *a, const struct tdx_mem_range *b, unsigned int nr)
{
	for (unsigned int k = 0; k < nr; k++)
		if (a[k].start != b[k].start || a[k].end != b[k].end || a[k].nid != b[k].nid)
			return 0;
	return 1;
}

static void check_err(int ret, const char *why)
{
	if ((ret != -EINVAL && ret != -ENOSPC) || !why || !why[0])
		abort();
}

/* Every range as an iomem line: only meaningful when all are node 0. */
static void check_roundtrip(const struct tdx_mem_range *r, unsigned int nr)
{
	static struct tdx_mem_range again[BIG];
	static char text[BIG * 48];
	unsigned int n2;
	const char *why;
	size_t len = 0;

	for (unsigned int k = 0; k < nr; k++) {
		if (r[k].nid)
			return;
		len += snprintf(text + len, sizeof(text) - len, "%llx-%llx : System RAM\n",
				(unsigned long long)r[k].start, (unsigned long long)r[k].end - 1);
	}
	if (memmap_parse(text, len, again, BIG, &n2, &why) || n2 != nr || !same(again, r, nr))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int max_small = 1 + size % 8, nr, nr_small;
	struct tdx_mem_range *big, *small;
	const char *why, *why_small;
	char *text;
	int ret, ret_small;

	/* exact-size copies, so that ASan catches a read or write one past the end */
	text = malloc(size ? size : 1);
	big = malloc(BIG * sizeof(*big));
	small = malloc(max_small * sizeof(*small));
	if (!text || !big || !small)
		abort();
	memcpy(text, data, size);

	ret = memmap_parse(text, size, big, BIG, &nr, &why);
	if (ret)
		check_err(ret, why);
	else
		check_ok(big, nr, BIG, why);

	ret_small = memmap_parse(text, size, small, max_small, &nr_small, &why_small);
	if (ret_small) {
		check_err(ret_small, why_small);
		/* Only running out of room may differ from the big run. */
		if (ret_small != -ENOSPC && ret_small != ret)
			abort();
	} else {
		check_ok(small, nr_small, max_small, why_small);
		if (ret || nr != nr_small || !same(big, small, nr))
			abort();
	}
	if (!ret)
		check_roundtrip(big, nr);

	free(small);
	free(big);
	free(text);
	return 0;
}
