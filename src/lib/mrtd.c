// SPDX-License-Identifier: GPL-2.0
/*
 * MRTD transcript of a TDVF image (see mrtd.h): the VMM's order of
 * operations and the blocks the TDX module hashes for them.
 */
#include "mrtd.h"

static void put_le64(u8 *p, u64 v)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		p[i] = (u8)(v >> (8 * i));
}

static void make_block(u8 block[MRTD_BLOCK_SIZE], const char *tag, size_t tag_len, u64 gpa)
{
	memset(block, 0, MRTD_BLOCK_SIZE);
	memcpy(block, tag, tag_len);
	put_le64(block + 16, gpa);
}

void mrtd_page_add_block(u8 block[MRTD_BLOCK_SIZE], u64 gpa)
{
	make_block(block, "MEM.PAGE.ADD", 12, gpa);
}

void mrtd_extend_block(u8 block[MRTD_BLOCK_SIZE], u64 gpa)
{
	make_block(block, "MR.EXTEND", 9, gpa);
}

int mrtd_hash_op(const struct mrtd_hash *h, const struct mrtd_op *op)
{
	u8 block[MRTD_BLOCK_SIZE];
	u8 chunk[MRTD_CHUNK_SIZE];
	u32 len;
	int ret;

	if (op->kind == MRTD_OP_PAGE_ADD) {
		mrtd_page_add_block(block, op->gpa);
		return h->update(h->ctx, block, sizeof(block));
	}
	mrtd_extend_block(block, op->gpa);
	ret = h->update(h->ctx, block, sizeof(block));
	if (ret)
		return ret;
	memset(chunk, 0, sizeof(chunk));
	len = op->data_len < MRTD_CHUNK_SIZE ? op->data_len : MRTD_CHUNK_SIZE;
	if (op->data)
		memcpy(chunk, op->data, len);
	return h->update(h->ctx, chunk, sizeof(chunk));
}

/* Fill @op with the image bytes of [off, off + len) of section @s. */
static void op_data(struct mrtd_op *op, const struct tdvf_section *s, const u8 *img,
		    u64 off, u64 len)
{
	u64 raw = s->raw_size;

	if (off >= raw) {
		op->data = NULL;
		op->data_len = 0;
		return;
	}
	op->data = img + s->data_offset + off;
	op->data_len = (u32)(raw - off < len ? raw - off : len);
}

static int emit_add(const struct tdvf_section *s, u32 i, const u8 *img, u64 page,
		    mrtd_op_fn fn, void *ctx)
{
	struct mrtd_op op = { .kind = MRTD_OP_PAGE_ADD, .section = i };
	u64 off = page * TDVF_PAGE_SIZE;

	op.gpa = s->gpa + off;
	op_data(&op, s, img, off, TDVF_PAGE_SIZE);
	return fn(ctx, &op);
}

static int emit_extends(const struct tdvf_section *s, u32 i, const u8 *img, u64 page,
			mrtd_op_fn fn, void *ctx)
{
	struct mrtd_op op = { .kind = MRTD_OP_MR_EXTEND, .section = i };
	unsigned int c;
	int ret;

	for (c = 0; c < MRTD_CHUNKS_PER_PAGE; c++) {
		u64 off = page * TDVF_PAGE_SIZE + (u64)c * MRTD_CHUNK_SIZE;

		op.gpa = s->gpa + off;
		op_data(&op, s, img, off, MRTD_CHUNK_SIZE);
		ret = fn(ctx, &op);
		if (ret)
			return ret;
	}
	return 0;
}

static int walk_section(const struct tdvf_section *s, u32 i, const u8 *img, bool two_pass,
			mrtd_op_fn fn, void *ctx)
{
	u64 p, pages = s->mem_size / TDVF_PAGE_SIZE;
	bool measured = tdvf_section_measured(s);
	int ret;

	for (p = 0; p < pages; p++) {
		ret = emit_add(s, i, img, p, fn, ctx);
		if (!ret && measured && !two_pass)
			ret = emit_extends(s, i, img, p, fn, ctx);
		if (ret)
			return ret;
	}
	if (!measured || !two_pass)
		return 0;
	for (p = 0; p < pages; p++) {
		ret = emit_extends(s, i, img, p, fn, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

int mrtd_walk(const struct tdvf_image *t, const u8 *img, size_t size, bool two_pass,
		     mrtd_op_fn fn, void *ctx, u32 *bad_section)
{
	u32 i;
	int ret;

	if (t->nr_sections > TDVF_MAX_SECTIONS)
		return -EINVAL;
	/* Check everything first, so that a transcript is never half done. */
	for (i = 0; i < t->nr_sections; i++) {
		const struct tdvf_section *s = &t->sections[i];

		if (s->raw_size > s->mem_size || s->data_offset > size ||
		    s->raw_size > size - s->data_offset || (s->raw_size && !img))
			return -EINVAL;
		if (tdvf_section_measured(s) && !s->raw_size) {
			if (bad_section)
				*bad_section = i;
			return -ENODATA;
		}
	}
	for (i = 0; i < t->nr_sections; i++) {
		const struct tdvf_section *s = &t->sections[i];

		if (!tdvf_section_added(s))
			continue;
		ret = walk_section(s, i, img, two_pass, fn, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

struct replay_ctx {
	const struct mrtd_hash *h;
	mrtd_op_fn observe;
	void *observe_ctx;
};

static int replay_op(void *ctx, const struct mrtd_op *op)
{
	struct replay_ctx *r = ctx;
	int ret;

	if (r->observe) {
		ret = r->observe(r->observe_ctx, op);
		if (ret)
			return ret;
	}
	return mrtd_hash_op(r->h, op);
}

int mrtd_replay(const struct tdvf_image *t, const u8 *img, size_t size, bool two_pass,
		const struct mrtd_hash *h, mrtd_op_fn observe, void *observe_ctx,
		u32 *bad_section)
{
	struct replay_ctx r = { .h = h, .observe = observe, .observe_ctx = observe_ctx };

	return mrtd_walk(t, img, size, two_pass, replay_op, &r, bad_section);
}

void mrtd_count(const struct tdvf_image *t, u64 *page_adds, u64 *extends)
{
	u64 adds = 0, ext = 0;
	u32 i;

	for (i = 0; i < t->nr_sections && i < TDVF_MAX_SECTIONS; i++) {
		const struct tdvf_section *s = &t->sections[i];
		u64 pages = s->mem_size / TDVF_PAGE_SIZE;

		if (!tdvf_section_added(s))
			continue;
		adds += pages;
		if (tdvf_section_measured(s))
			ext += pages * MRTD_CHUNKS_PER_PAGE;
	}
	*page_adds = adds;
	*extends = ext;
}
