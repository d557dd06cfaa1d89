// SPDX-License-Identifier: GPL-2.0
/*
 * TDMR/PAMT planner: where the PAMT chunks go, and the loop the module and
 * `tdxctl plan` share (tdmr_plan_run()).
 *
 * Every host walks the same candidate addresses for a chunk, so an offline
 * plan of an idle host predicts what the module does: memory ranges from
 * the highest (low memory is more precious), the chunk's window on its node
 * first, then its window on any node, then its node anywhere, then anywhere;
 * in each range from the top, 2 MiB aligned for chunks of 2 MiB or more (4K
 * steps where the range is too short for an aligned one).  Outside the
 * window a chunk may cost a TDMR a reserved area phase 1 did not keep;
 * phase 2 then refuses and the loop re-plans with smaller chunks.
 */
#include "tdmr_plan_internal.h"

enum { WALK_WINDOW_NODE, WALK_WINDOW, WALK_NODE, WALK_ANY, WALK_NR };

static u64 align_down(u64 x, u64 a)
{
	return x & ~(a - 1);
}

/* The first free candidate for chunk c in one pass of the walk, or 0. */
static u64 walk_pass(const struct tdmr_plan *p, const struct tdmr_plan_chunk *ch, int pass,
		     int (*take)(void *ctx, u64 pa, u64 size), void *ctx)
{
	u64 size = ch->size, align = size >= SZ_2M ? SZ_2M : SZ_4K;
	u32 r;

	for (r = p->nr_mem; r-- > 0;) {
		const struct tdx_mem_range *m = &p->mem[r];
		bool window = pass == WALK_WINDOW_NODE || pass == WALK_WINDOW;
		u64 lo = window ? ch->win_start : 0, hi = window ? ch->win_end : ~0ULL;
		u64 pos, step;

		if ((pass == WALK_WINDOW_NODE || pass == WALK_NODE) && m->nid != ch->nid)
			continue;
		if (piece_len(p, r, lo, hi) < size)
			continue;
		lo = m->start > lo ? m->start : lo;
		lo = lo > SZ_4K ? lo : SZ_4K;
		hi = m->end < hi ? m->end : hi;
		pos = align_down(hi - size, align);
		step = align;
		if (pos < lo) {
			pos = hi - size;
			step = SZ_4K;
		}
		for (;;) {
			if (!take(ctx, pos, size))
				return pos;
			if (pos < lo + step)
				break;
			pos -= step;
		}
	}
	return 0;
}

static u64 walk_chunk(const struct tdmr_plan *p, const struct tdmr_plan_chunk *ch, int passes,
		      int (*take)(void *ctx, u64 pa, u64 size), void *ctx)
{
	u64 pa = 0;
	int pass;

	for (pass = 0; pass < passes && !pa; pass++)
		pa = walk_pass(p, ch, pass, take, ctx);
	return pa;
}

int tdmr_plan_idle_take(void *ctx, u64 pa, u64 size)
{
	const struct tdmr_plan *p = ctx;
	u32 c;

	for (c = 0; c < p->nr_chunks; c++) {
		const struct tdmr_plan_chunk *ch = &p->chunks[c];

		if (ch->base && ch->base < pa + size && pa < ch->base + ch->size)
			return -EBUSY;
	}
	return 0;
}

void tdmr_plan_idle_release(void *ctx, u64 pa, u64 size)
{
	/* The chunks' bases are the idle host's record: nothing else to do. */
	(void)ctx;
	(void)pa;
	(void)size;
}

/*
 * Phase 1's room check: do the chunks fit on an idle host?  The policies'
 * chunks must fit their windows.  Split chunks (a chunk size limit) may go
 * anywhere the walk puts them, if phase 2 then fits the reserved areas, as
 * the host's re-plan loop would take them.  0, or -ENOSPC with why and
 * work.cap_short set to the chunk that has no room.
 */
int tdmr_plan_room(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	bool split = p->opts.max_chunk_size;
	struct tdx_strbuf sb;
	u32 c, k;
	int ret = 0;

	w->cap_short = 0;
	for (c = 0; c < p->nr_chunks; c++)
		p->chunks[c].base = 0;
	for (c = 0; c < p->nr_chunks && !ret; c++) {
		struct tdmr_plan_chunk *ch = &p->chunks[c];

		ch->base = walk_chunk(p, ch, split ? WALK_NR : WALK_NODE, tdmr_plan_idle_take, p);
		if (ch->base)
			continue;
		w->cap_short = ch->size;
		w->cap_short_chunk = c;
		why_begin(p, &sb);
		tdx_strbuf_puts(&sb, "no free range of ");
		tdx_strbuf_dec(&sb, ch->size >> 10);
		tdx_strbuf_puts(&sb, " KiB for a PAMT chunk in TDMR ");
		tdx_strbuf_dec(&sb, ch->home);
		tdx_strbuf_finish(&sb);
		ret = -ENOSPC;
	}
	if (!ret && split) {
		/* Smaller chunks would only need more reserved areas: not a room problem. */
		ret = tdmr_plan_place_pamts(p);
		/* Back to phase 1's output: holes only, no PAMT addresses. */
		p->placed = false;
		for (k = 0; k < p->nr_tdmrs; k++) {
			for (c = 0; c < TDX_PS_NR; c++)
				p->tdmrs[k].pamt_base[c] = 0;
			tdmr_fill_holes(p, &p->tdmrs[k]);
		}
	}
	/* Planned PAMT nodes: where the idle host put each chunk. */
	for (k = 0; k < p->nr_chunks; k++) {
		struct tdmr_plan_chunk *ch = &p->chunks[k];

		if (ch->base)
			ch->nid = p->mem[tdmr_plan_range_at(p, ch->base)].nid;
	}
	if (!ret)
		tdmr_plan_set_pamt_nids(p, false);
	for (c = 0; c < p->nr_chunks; c++)
		p->chunks[c].base = 0;
	return ret;
}

void tdmr_plan_release(struct tdmr_plan *plan, const struct tdmr_plan_host *host)
{
	u32 c;

	for (c = 0; c < plan->nr_chunks; c++) {
		struct tdmr_plan_chunk *ch = &plan->chunks[c];

		if (!ch->base)
			continue;
		host->release(host->ctx, ch->base, ch->size);
		ch->base = 0;
	}
	plan->placed = false;
}

static void run_event(const struct tdmr_plan_host *host, enum tdmr_plan_event ev, u64 a, u64 b)
{
	if (host->event)
		host->event(host->ctx, ev, a, b);
}

/* Take every chunk: 0, or -ENOMEM with nothing held. */
static int run_alloc(struct tdmr_plan *plan, const struct tdmr_plan_host *host)
{
	u32 c;

	for (c = 0; c < plan->nr_chunks; c++)
		plan->chunks[c].base = 0;
	for (c = 0; c < plan->nr_chunks; c++) {
		struct tdmr_plan_chunk *ch = &plan->chunks[c];

		if (!host->chunk || !host->chunk(host->ctx, plan, c))
			ch->base = walk_chunk(plan, ch, WALK_NR, host->take, host->ctx);
		if (!ch->base) {
			tdmr_plan_release(plan, host);
			return -ENOMEM;
		}
	}
	return 0;
}

/* The longest free range on an idle host: the first chunk limit when a chunk had no room. */
static u64 run_longest(const struct tdmr_plan *plan)
{
	u64 len, best = 0;
	u32 k;

	for (k = 0; k < plan->nr_mem; k++) {
		len = piece_len(plan, k, 0, ~0ULL);
		best = len > best ? len : best;
	}
	return best & ~(SZ_4K - 1);
}

/*
 * Can phase 1 find any plan with PAMT chunks of at most limit bytes?  false
 * only when none can, by counting reserved areas: every hole between
 * ranges costs one unless a TDMR boundary takes it (both its ends 1 GiB
 * aligned, one gap per boundary), memory not starting or ending on 1 GiB
 * costs one at that end, and every chunk (at least least_pamt / limit of
 * them) costs one; all within max_tdmrs * max_rsvd.  Then the loop's
 * smaller chunks would only fail the same way: stop at the first reason.
 */
static bool run_split_may_fit(const struct tdmr_plan *plan, u64 limit)
{
	u64 slots = (u64)plan_max_tdmrs(plan) * plan_max_rsvd(plan);
	u64 need = (tdmr_plan_least_pamt(plan) + limit - 1) / limit;
	u32 k, free_gaps = 0;

	need += !IS_ALIGNED(plan->mem[0].start, SZ_1G);
	need += !IS_ALIGNED(plan->mem[plan->nr_mem - 1].end, SZ_1G);
	for (k = 1; k < plan->nr_mem; k++) {
		u64 e = plan->mem[k - 1].end, s = plan->mem[k].start;

		if (e == s)
			continue;
		need++;
		free_gaps += IS_ALIGNED(e, SZ_1G) && IS_ALIGNED(s, SZ_1G);
	}
	if (free_gaps > plan_max_tdmrs(plan) - 1)
		free_gaps = plan_max_tdmrs(plan) - 1;
	return need - free_gaps <= slots;
}

int tdmr_plan_run(struct tdmr_plan *plan, const struct tdx_mem_range *mem, unsigned int nr_mem,
		  const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs,
		  const struct tdmr_plan_limits *lim, const struct tdmr_plan_host *host)
{
	struct tdmr_plan_opts opts = { .max_chunk_size = 0 };
	char first_why[sizeof(plan->why_buf)];
	u64 largest, floor, limit;
	const char *why = NULL;
	struct tdx_strbuf sb;
	u32 i, ps, rounds = 0;
	int err;

	plan->fail_stage = TDMR_PLAN_STAGE_NONE;
	for (;; rounds++) {
		run_event(host, TDMR_PLAN_EV_PLAN, 0, 0);
		err = tdmr_plan_build(plan, mem, nr_mem, cmrs, nr_cmrs, lim, &opts);
		if (err && plan->work.cap_short && rounds < 16) {
			/*
			 * No room for the policies' chunks even on an idle host:
			 * split the PAMT into chunks no longer than the longest
			 * free range, then half that.  The first reason stays.
			 */
			if (!why) {
				tdx_strbuf_init(&sb, first_why, sizeof(first_why));
				tdx_strbuf_puts(&sb, plan->why);
				tdx_strbuf_finish(&sb);
				why = first_why;
			}
			limit = opts.max_chunk_size ? ALIGN(opts.max_chunk_size / 2, SZ_4K) :
						      run_longest(plan);
			if (limit >= SZ_4K && limit != opts.max_chunk_size &&
			    run_split_may_fit(plan, limit)) {
				run_event(host, TDMR_PLAN_EV_REPLAN, plan->work.cap_short, limit);
				opts.max_chunk_size = limit;
				continue;
			}
		}
		if (err) {
			plan->fail_stage = TDMR_PLAN_STAGE_PLAN;
			if (why) {
				why_begin(plan, &sb);
				tdx_strbuf_puts(&sb, why);
				tdx_strbuf_finish(&sb);
			}
			return err;
		}
		run_event(host, TDMR_PLAN_EV_ALLOC, 0, 0);
		err = run_alloc(plan, host);
		if (!err) {
			err = tdmr_plan_place_pamts(plan);
			if (!err)
				break;
			/* Placed where phase 1 kept no slot: smaller chunks fit windows better. */
			tdmr_plan_release(plan, host);
		}
		largest = 0;
		floor = SZ_4K;
		for (i = 0; i < plan->nr_chunks; i++)
			largest = plan->chunks[i].size > largest ? plan->chunks[i].size : largest;
		for (i = 0; i < plan->nr_tdmrs; i++)
			for (ps = 0; ps < TDX_PS_NR; ps++)
				if (plan->tdmrs[i].pamt_size[ps] > floor)
					floor = plan->tdmrs[i].pamt_size[ps];
		if (largest <= floor || rounds >= 64) {
			plan->fail_stage = TDMR_PLAN_STAGE_ALLOC;
			if (err == -ENOSPC)
				return err;	/* phase 2's why says which TDMR */
			why_begin(plan, &sb);
			tdx_strbuf_puts(&sb, "cannot allocate ");
			tdx_strbuf_dec(&sb, plan->pamt_total >> 10);
			tdx_strbuf_puts(&sb, " KiB of PAMT, even in chunks of ");
			tdx_strbuf_dec(&sb, largest >> 10);
			tdx_strbuf_puts(&sb, " KiB");
			tdx_strbuf_finish(&sb);
			return -ENOMEM;
		}
		opts.max_chunk_size = ALIGN(largest / 2, SZ_4K);
		if (opts.max_chunk_size < floor)
			opts.max_chunk_size = floor;
		run_event(host, TDMR_PLAN_EV_REPLAN, largest, opts.max_chunk_size);
	}
	err = tdmr_plan_validate(plan, cmrs, nr_cmrs, &why);
	if (err) {
		tdmr_plan_release(plan, host);
		plan->fail_stage = TDMR_PLAN_STAGE_CHECK;
		why_begin(plan, &sb);
		tdx_strbuf_puts(&sb, "internal: plan fails its own check: ");
		tdx_strbuf_puts(&sb, why);
		tdx_strbuf_finish(&sb);
		return err;
	}
	plan->why = NULL;
	return 0;
}
