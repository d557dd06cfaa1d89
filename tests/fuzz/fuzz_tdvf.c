// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: tdvf_parse() on any bytes, then, for what it accepts,
 * the invariants it promises and an MRTD walk over the result (bounded, so
 * that a lying but valid memory size cannot stall the run).  ASan sees every
 * byte either touches.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mrtd.h"
#include "tdvf.h"

#define WALK_MAX_PAGES	16

static int touch(void *ctx, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint8_t *acc = ctx;

	for (size_t i = 0; i < len; i++)
		*acc ^= p[i];
	return 0;
}

static void check(const struct tdvf_image *t, size_t size)
{
	uint64_t pages = 0;

	if (t->nr_sections < 2 || t->nr_sections > TDVF_MAX_SECTIONS)
		abort();
	if ((uint64_t)t->desc_offset + 16 + 32ull * t->nr_sections > size)
		abort();
	for (uint32_t i = 0; i < t->nr_sections; i++) {
		const struct tdvf_section *s = &t->sections[i];

		if ((uint64_t)s->data_offset + s->raw_size > size || s->raw_size > s->mem_size)
			abort();
		if (!s->mem_size || s->mem_size % TDVF_PAGE_SIZE || s->gpa % TDVF_PAGE_SIZE)
			abort();
		if (s->gpa + s->mem_size > TDVF_GPA_LIMIT || s->type >= TDVF_SECTION_TYPE_NR)
			abort();
		for (uint32_t j = 0; j < i; j++) {
			const struct tdvf_section *o = &t->sections[j];

			if (s->gpa < o->gpa + o->mem_size && o->gpa < s->gpa + s->mem_size)
				abort();
		}
		pages += s->mem_size / TDVF_PAGE_SIZE;
	}
	if (pages != t->total_pages)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tdvf_image t;
	struct tdvf_error err;
	uint8_t *img, acc = 0;
	struct mrtd_hash h = { touch, &acc };
	int ret;

	/* an exact-size copy, so that ASan catches a read one byte past the end */
	img = malloc(size ? size : 1);
	if (!img)
		return 0;
	memcpy(img, data, size);
	ret = tdvf_parse(img, size, &t, &err);
	if (ret) {
		if (ret != -EINVAL || err.code == TDVF_OK || !err.msg[0] ||
		    memchr(err.msg, '\0', sizeof(err.msg)) == NULL)
			abort();
	} else {
		check(&t, size);
		if (t.total_pages <= WALK_MAX_PAGES) {
			ret = mrtd_replay(&t, img, size, size & 1, &h, NULL, NULL, NULL);
			if (ret && ret != -ENODATA)
				abort();
		}
	}
	free(img);
	return 0;
}
