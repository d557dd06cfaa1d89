// SPDX-License-Identifier: GPL-2.0
/*
 * TDMR/PAMT planner: homes, PAMT chunks and their placement.  Phase 1 ends
 * here (which TDMR keeps a reserved-area slot for each node run's chunks,
 * which chunk holds each TDMR's PAMTs); phase 2, tdmr_plan_place_pamts(),
 * carves the PAMTs out of the chunks the host allocated.
 */
#include "tdmr_plan_internal.h"

static const char * const pamt_level_name[TDX_PS_NR] = { "4K", "2M", "1G" };

static void why_kib(struct tdx_strbuf *sb, u64 bytes)
{
	tdx_strbuf_dec(sb, bytes >> 10);
	tdx_strbuf_puts(sb, " KiB");
}

/* Index of the first range that ends above addr (nr_mem if none). */
static u32 first_range_above(const struct tdmr_plan *p, u64 addr)
{
	u32 lo = 0, hi = p->nr_mem;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (p->mem[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Which groups the DP homed in each chosen TDMR; sets grp_home and budgets. */
void tdmr_plan_assign_homes(struct tdmr_plan *p, u32 nr)
{
	struct tdmr_plan_work *w = &p->work;
	u32 t, g;

	for (t = 0; t < nr; t++) {
		u32 i = w->sel_start[t], j = w->sel_end[t];
		u32 gf = w->rng_grp[w->first_rng[i]], gl = w->rng_grp[w->last_rng[j]];
		bool sin = w->straddler[i] >= 0, sout = w->straddler[j] >= 0;
		bool hin = w->sel_hin[t], hout = w->sel_hout[t];

		p->tdmrs[t].rsvd_budget = 0;
		for (g = gf; g <= gl; g++) {
			bool home;

			if (g == gf && sin && hin)
				home = false;
			else if (g == gl && sout)
				home = hout;
			else
				home = true;
			if (home) {
				w->grp_home[g] = t;
				p->tdmrs[t].rsvd_budget += w->grp_demand[g];
			}
		}
	}
}

/* Emit the holes of [base, end) into tdmr->rsvd (sorted); returns how many. */
u32 tdmr_fill_holes(const struct tdmr_plan *p, struct tdmr_plan_tdmr *td)
{
	u64 end = td->base + td->size, pos = td->base;
	u32 k = first_range_above(p, td->base), n = 0;

	for (; pos < end; k++) {
		u64 next = (k < p->nr_mem && p->mem[k].start < end) ? p->mem[k].start : end;

		if (next > pos) {
			if (n < TDMR_PLAN_MAX_RSVD) {
				td->rsvd[n].start = pos;
				td->rsvd[n].size = next - pos;
			}
			n++;
		}
		if (k >= p->nr_mem || p->mem[k].start >= end)
			break;
		pos = p->mem[k].end;
	}
	td->nr_rsvd = n < TDMR_PLAN_MAX_RSVD ? n : TDMR_PLAN_MAX_RSVD;
	return n;
}

/*
 * A home may move to another TDMR holding the group's memory when that one
 * has room: prefer the TDMR where the group's longest range piece is longest,
 * so the chunk is easiest to allocate.
 */
void tdmr_plan_rehome(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 max_rsvd = plan_max_rsvd(p), g;

	for (g = 0; g < w->nr_grp; g++) {
		u32 home = w->grp_home[g], best_t = home, d = w->grp_demand[g], k, t = 0, u;
		u64 best_run = 0, home_run = 0;

		for (k = w->grp_first[g]; k <= w->grp_last[g]; k++) {
			const struct tdx_mem_range *r = &p->mem[k];

			while (t < p->nr_tdmrs && p->tdmrs[t].base + p->tdmrs[t].size <= r->start)
				t++;
			for (u = t; u < p->nr_tdmrs && p->tdmrs[u].base < r->end; u++) {
				const struct tdmr_plan_tdmr *td = &p->tdmrs[u];
				u64 s = r->start > td->base ? r->start : td->base;
				u64 e = r->end < td->base + td->size ? r->end : td->base + td->size;

				if (u == home) {
					if (e - s > home_run)
						home_run = e - s;
				} else if (td->nr_holes + td->rsvd_budget + d <= max_rsvd &&
					   e - s > best_run) {
					best_run = e - s;
					best_t = u;
				}
			}
		}
		if (best_t != home && best_run > home_run) {
			p->tdmrs[home].rsvd_budget -= d;
			p->tdmrs[best_t].rsvd_budget += d;
			w->grp_home[g] = best_t;
		}
	}
}

/*
 * Of the consecutive ranges inside TDMR td with one value of key[] (groups
 * or node runs), the ones holding most memory (ties: the lower ones): the
 * index of one of those ranges.
 */
static u32 tdmr_majority(const struct tdmr_plan *p, const struct tdmr_plan_tdmr *td,
			 const u16 *key)
{
	u64 end = td->base + td->size, best = 0, sum = 0;
	u32 k, first = first_range_above(p, td->base), cur = first, pick = first;

	for (k = first; ; k++) {
		bool done = k >= p->nr_mem || p->mem[k].start >= end;

		if (done || key[k] != key[cur]) {
			if (sum > best) {
				best = sum;
				pick = cur;
			}
			if (done)
				return pick;
			cur = k;
			sum = 0;
		}
		sum += (p->mem[k].end < end ? p->mem[k].end : end) -
		       (p->mem[k].start > td->base ? p->mem[k].start : td->base);
	}
}

/* The group owning most memory inside each TDMR, and the node run doing so: its node. */
static void plan_tdmr_owners(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u32 t;

	for (t = 0; t < p->nr_tdmrs; t++) {
		struct tdmr_plan_tdmr *td = &p->tdmrs[t];

		w->tdmr_owner[t] = w->rng_grp[tdmr_majority(p, td, w->rng_grp)];
		td->nid = p->mem[tdmr_majority(p, td, w->run_of)].nid;
	}
}

/* The node of group g's longest piece of memory inside TDMR t: where its chunk goes. */
static int plan_chunk_nid(const struct tdmr_plan *p, u32 g, u32 t)
{
	const struct tdmr_plan_work *w = &p->work;
	const struct tdmr_plan_tdmr *td = &p->tdmrs[t];
	int nid = p->mem[w->grp_first[g]].nid;
	u64 best = 0, len;
	u32 k;

	for (k = w->grp_first[g]; k <= w->grp_last[g]; k++) {
		len = piece_len(p, k, td->base, td->base + td->size);
		if (len > best) {
			best = len;
			nid = p->mem[k].nid;
		}
	}
	return nid;
}

/* Index of the range holding addr (the one below it if none does). */
u32 tdmr_plan_range_at(const struct tdmr_plan *p, u64 addr)
{
	u32 k = first_range_above(p, addr);

	return k < p->nr_mem && p->mem[k].start <= addr ? k : (k ? k - 1 : 0);
}

/*
 * Which node holds each TDMR's PAMT: its chunks' nodes, as planned, or once
 * placed, the nodes of the memory they were placed in.
 */
void tdmr_plan_set_pamt_nids(struct tdmr_plan *p, bool placed)
{
	u32 t, c;
	int ps;

	/* Placed: a chunk is on the node it was placed on, wherever it was meant to go. */
	for (c = 0; placed && c < p->nr_chunks; c++)
		p->chunks[c].nid = p->mem[tdmr_plan_range_at(p, p->chunks[c].base)].nid;
	p->nr_remote = 0;
	for (t = 0; t < p->nr_tdmrs; t++) {
		struct tdmr_plan_tdmr *td = &p->tdmrs[t];

		td->pamt_remote = false;
		for (ps = TDX_PS_NR; ps-- > 0;) {
			int nid = p->chunks[td->pamt_chunk[ps]].nid;

			td->pamt_nid = nid;	/* the 4K level's, the largest, last */
			td->pamt_remote |= nid != td->nid;
		}
		p->nr_remote += td->pamt_remote;
	}
}

/*
 * Put each TDMR's PAMTs in a chunk of the group owning most of its memory;
 * a group's chunks are all homed in its home TDMR.  Returns 0, -EAGAIN when
 * a group needs more chunks than slots (caller raises demand and re-plans),
 * or -ENOSPC.
 */
int tdmr_plan_pack_chunks(struct tdmr_plan *p)
{
	struct tdmr_plan_work *w = &p->work;
	u64 cap = p->opts.max_chunk_size;
	struct tdx_strbuf sb;
	u32 t, g, k, again = 0;
	int ps;

	plan_tdmr_owners(p);
	p->nr_chunks = 0;
	for (g = 0; g < w->nr_grp; g++) {
		const struct tdmr_plan_tdmr *home = &p->tdmrs[w->grp_home[g]];
		u64 gs = p->mem[w->grp_first[g]].start, ge = p->mem[w->grp_last[g]].end;
		u32 first_chunk = p->nr_chunks;
		u64 fill = 0;
		bool open = false;

		for (t = 0; t < p->nr_tdmrs; t++) {
			struct tdmr_plan_tdmr *td = &p->tdmrs[t];

			if (w->tdmr_owner[t] != g)
				continue;
			for (ps = 0; ps < TDX_PS_NR; ps++) {
				u64 sz = td->pamt_size[ps];

				if (cap && sz > cap) {
					why_begin(p, &sb);
					tdx_strbuf_puts(&sb, "TDMR ");
					tdx_strbuf_dec(&sb, t);
					tdx_strbuf_puts(&sb, " needs a ");
					why_kib(&sb, sz);
					tdx_strbuf_puts(&sb, " contiguous ");
					tdx_strbuf_puts(&sb, pamt_level_name[ps]);
					tdx_strbuf_puts(&sb, " PAMT, over max_chunk_size ");
					why_kib(&sb, cap);
					tdx_strbuf_finish(&sb);
					return -ENOSPC;
				}
				if (!open || (cap && fill + sz > cap)) {
					if (p->nr_chunks >= TDMR_PLAN_MAX_CHUNKS) {
						p->why = "too many PAMT chunks";
						return -ENOSPC;
					}
					p->nr_chunks++;
					fill = 0;
					open = true;
				}
				td->pamt_chunk[ps] = p->nr_chunks - 1;
				td->pamt_off[ps] = fill;
				fill += sz;
				p->chunks[p->nr_chunks - 1].size = fill;
			}
		}
		if (p->nr_chunks - first_chunk > w->grp_demand[g]) {
			w->grp_demand[g] = p->nr_chunks - first_chunk;
			again = 1;
		}
		for (k = first_chunk; k < p->nr_chunks; k++) {
			struct tdmr_plan_chunk *c = &p->chunks[k];

			w->chunk_grp[k] = g;
			c->nid = plan_chunk_nid(p, g, w->grp_home[g]);
			c->home = w->grp_home[g];
			c->win_start = gs > home->base ? gs : home->base;
			c->win_end = ge < home->base + home->size ? ge : home->base + home->size;
			c->base = 0;
		}
	}
	return again ? -EAGAIN : 0;
}

/* ---- phase 2 */

/* Insert [start, end) into the sorted reserved list, merging touching areas. */
static int tdmr_add_rsvd(struct tdmr_plan_tdmr *td, u64 start, u64 end, u32 *count)
{
	u32 n = td->nr_rsvd, pos = 0, last;

	while (pos < n && td->rsvd[pos].start + td->rsvd[pos].size < start)
		pos++;
	/* Absorb every area that overlaps or touches [start, end). */
	last = pos;
	while (last < n && td->rsvd[last].start <= end) {
		if (td->rsvd[last].start < start)
			start = td->rsvd[last].start;
		if (td->rsvd[last].start + td->rsvd[last].size > end)
			end = td->rsvd[last].start + td->rsvd[last].size;
		last++;
	}
	if (last == pos) {
		if (n >= TDMR_PLAN_MAX_RSVD) {
			(*count)++;
			return -ENOSPC;
		}
		memmove(&td->rsvd[pos + 1], &td->rsvd[pos], (n - pos) * sizeof(td->rsvd[0]));
		td->nr_rsvd = n + 1;
	} else if (last > pos + 1) {
		memmove(&td->rsvd[pos + 1], &td->rsvd[last], (n - last) * sizeof(td->rsvd[0]));
		td->nr_rsvd = n - (last - pos - 1);
	}
	td->rsvd[pos].start = start;
	td->rsvd[pos].size = end - start;
	*count = td->nr_rsvd;
	return 0;
}

int tdmr_plan_place_pamts(struct tdmr_plan *plan)
{
	struct tdmr_plan_work *w = &plan->work;
	u32 max_rsvd = plan_max_rsvd(plan), c, t, a;
	struct tdx_strbuf sb;
	int ps;

	plan->placed = false;
	why_begin(plan, &sb);
	for (c = 0; c < plan->nr_chunks; c++) {
		const struct tdmr_plan_chunk *ch = &plan->chunks[c];
		u32 pos = c;

		if (!ch->base || !IS_ALIGNED(ch->base, SZ_4K) || ch->base + ch->size < ch->base) {
			tdx_strbuf_puts(&sb, "PAMT chunk ");
			tdx_strbuf_dec(&sb, c);
			tdx_strbuf_puts(&sb, " not allocated or not 4K aligned");
			tdx_strbuf_finish(&sb);
			return -EINVAL;
		}
		if (plan->nr_cmrs &&
		    !tdx_cmrs_cover(plan->cmrs, plan->nr_cmrs, ch->base, ch->base + ch->size)) {
			tdx_strbuf_puts(&sb, "PAMT chunk at ");
			tdx_strbuf_hex(&sb, ch->base, 0);
			tdx_strbuf_puts(&sb, " is outside the CMRs");
			tdx_strbuf_finish(&sb);
			return -EINVAL;
		}
		while (pos && plan->chunks[w->chunk_order[pos - 1]].base > ch->base) {
			w->chunk_order[pos] = w->chunk_order[pos - 1];
			pos--;
		}
		w->chunk_order[pos] = c;
	}
	for (a = 1; a < plan->nr_chunks; a++) {
		const struct tdmr_plan_chunk *lo = &plan->chunks[w->chunk_order[a - 1]];

		if (lo->base + lo->size > plan->chunks[w->chunk_order[a]].base) {
			tdx_strbuf_puts(&sb, "PAMT chunks overlap at ");
			tdx_strbuf_hex(&sb, plan->chunks[w->chunk_order[a]].base, 0);
			tdx_strbuf_finish(&sb);
			return -EINVAL;
		}
	}

	for (t = 0; t < plan->nr_tdmrs; t++) {
		struct tdmr_plan_tdmr *td = &plan->tdmrs[t];
		u64 end = td->base + td->size;
		u32 count = tdmr_fill_holes(plan, td);

		for (ps = 0; ps < TDX_PS_NR; ps++)
			td->pamt_base[ps] = plan->chunks[td->pamt_chunk[ps]].base +
					    td->pamt_off[ps];
		for (a = 0; a < plan->nr_chunks && count <= max_rsvd; a++) {
			const struct tdmr_plan_chunk *ch = &plan->chunks[w->chunk_order[a]];
			u64 s = ch->base > td->base ? ch->base : td->base;
			u64 e = ch->base + ch->size < end ? ch->base + ch->size : end;

			if (s >= e)
				continue;
			if (tdmr_add_rsvd(td, s, e, &count))
				break;
		}
		if (count > max_rsvd) {
			tdx_strbuf_puts(&sb, "TDMR ");
			tdx_strbuf_dec(&sb, t);
			tdx_strbuf_puts(&sb, " at ");
			tdx_strbuf_hex(&sb, td->base, 0);
			tdx_strbuf_puts(&sb, " would need more than ");
			tdx_strbuf_dec(&sb, max_rsvd);
			tdx_strbuf_puts(&sb, " reserved areas with the PAMTs placed there");
			tdx_strbuf_finish(&sb);
			return -ENOSPC;
		}
	}
	tdmr_plan_set_pamt_nids(plan, true);
	plan->placed = true;
	plan->why = NULL;
	return 0;
}
