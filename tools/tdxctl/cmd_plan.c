// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl plan: the TDMR/PAMT layout the module would choose for a memory
 * map (/proc/iomem, dmesg e820 and NUMA lines), offline.  Same planner as
 * the module (src/lib/tdmr_plan.c); the CMRs are taken to be the memory
 * ranges, and the PAMT chunks are placed the way a host could: at the top
 * of their node's memory inside the planner's window.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tdxctl.h"
#include "args.h"
#include "output.h"
#include "tdmr_plan.h"
#include "memmap_parse.h"

#define PLAN_MAX_INPUT	(16 << 20)

static char *read_all(FILE *f, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);

	while (buf) {
		size_t r = fread(buf + n, 1, cap - n, f);

		n += r;
		if (r == 0)
			break;
		if (n == cap) {
			if (cap >= PLAN_MAX_INPUT) {
				free(buf);
				return NULL;
			}
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	*len = n;
	return buf;
}

/* CMRs: the ranges, adjacent ones merged; one spanning CMR if too many. */
static unsigned int make_cmrs(const struct tdx_mem_range *mem, unsigned int nr,
			      struct tdx_cmr_range *cmrs)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr; i++) {
		if (n && cmrs[n - 1].base + cmrs[n - 1].size == mem[i].start) {
			cmrs[n - 1].size += mem[i].end - mem[i].start;
			continue;
		}
		if (n == TDX_MAX_CMRS) {
			cmrs[0].base = mem[0].start;
			cmrs[0].size = mem[nr - 1].end - mem[0].start;
			return 1;
		}
		cmrs[n].base = mem[i].start;
		cmrs[n].size = mem[i].end - mem[i].start;
		n++;
	}
	return n;
}

/* Place each chunk at the top of free node memory, inside its window if possible. */
static int place_chunks(struct tdmr_plan *plan, const struct tdx_mem_range *mem, unsigned int nr,
			uint64_t *top)
{
	unsigned int c, r, pass;

	for (r = 0; r < nr; r++)
		top[r] = mem[r].end;
	for (c = 0; c < plan->nr_chunks; c++) {
		struct tdmr_plan_chunk *ch = &plan->chunks[c];

		/* 0: in the window on its node; 1: anywhere on its node; 2: anywhere. */
		for (pass = 0; pass < 3 && !ch->base; pass++) {
			for (r = nr; r-- > 0 && !ch->base;) {
				uint64_t lo = mem[r].start, hi = top[r];

				if (pass < 2 && mem[r].nid != ch->nid)
					continue;
				if (pass == 0) {
					if (hi > ch->win_end)
						hi = ch->win_end;
					if (lo < ch->win_start)
						lo = ch->win_start;
				}
				hi &= ~0xfffULL;
				if (hi < lo || hi - lo < ch->size)
					continue;
				ch->base = hi - ch->size;
				if (hi == top[r])
					top[r] = ch->base;
			}
		}
		if (!ch->base)
			return -ENOMEM;
	}
	return 0;
}

/* A limit of 1..@max, as the module would report it. */
static bool parse_limit(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v;

	if (!tdxctl_parse_range(s, 0, 1, max, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

static void plan_json(const struct tdmr_plan *plan, uint64_t mem_bytes, unsigned int nr_mem,
		      int err, bool placed)
{
	static const char *const lvl[] = { "4k", "2m", "1g" };
	uint64_t level[TDX_PS_NR] = { 0 };
	unsigned int i, j;

	json_obj_begin(NULL);
	json_obj_begin("memory");
	json_u64("ranges", nr_mem);
	json_u64("bytes", mem_bytes);
	json_obj_end();
	json_obj_begin("limits");
	json_u64("max_tdmrs", plan->lim.max_tdmrs);
	json_u64("max_reserved_per_tdmr", plan->lim.max_rsvd_per_tdmr);
	json_obj_end();
	json_bool("ok", !err);
	json_str("why", err ? plan->why : NULL);
	json_bool("pamt_placed", placed);
	json_arr_begin("tdmrs");
	for (i = 0; !err && i < plan->nr_tdmrs; i++) {
		const struct tdmr_plan_tdmr *t = &plan->tdmrs[i];
		uint64_t sum = 0;

		json_obj_begin(NULL);
		json_u64("index", i);
		json_u64("base", t->base);
		json_u64("size", t->size);
		json_s64("nid", t->nid);
		json_arr_begin("reserved");
		for (j = 0; j < t->nr_rsvd; j++) {
			json_obj_begin(NULL);
			json_u64("base", t->rsvd[j].start);
			json_u64("size", t->rsvd[j].size);
			json_obj_end();
		}
		json_arr_end();
		json_arr_begin("pamt");
		for (j = 0; j < TDX_PS_NR; j++) {
			json_obj_begin(NULL);
			json_str("level", lvl[j]);
			if (placed)
				json_u64("base", t->pamt_base[j]);
			else
				json_null("base");
			json_u64("size", t->pamt_size[j]);
			json_obj_end();
			sum += t->pamt_size[j];
			level[j] += t->pamt_size[j];
		}
		json_arr_end();
		json_u64("pamt_bytes", sum);
		json_obj_end();
	}
	json_arr_end();
	json_obj_begin("pamt");
	json_u64("total_bytes", err ? 0 : plan->pamt_total);
	json_u64("4k_bytes", level[0]);
	json_u64("2m_bytes", level[1]);
	json_u64("1g_bytes", level[2]);
	json_u64("ppm", err || !mem_bytes ? 0 : plan->pamt_total * 1000000 / mem_bytes);
	json_obj_end();
	json_obj_end();
	json_done();
}

static void plan_human(const struct tdmr_plan *plan, uint64_t mem_bytes, unsigned int nr_mem,
		       bool placed)
{
	uint64_t level[TDX_PS_NR] = { 0 };
	struct tdxctl_table *t;
	char a[32], b[32], c[32], d[32], e[32], f[32], g[32], h[32], n[16], r[16];
	unsigned int i, j;

	printf("memory: %u ranges, %s; limits: %u TDMRs, %u reserved areas per TDMR\n", nr_mem,
	       tdxctl_size(a, sizeof(a), mem_bytes), plan->lim.max_tdmrs,
	       plan->lim.max_rsvd_per_tdmr);
	printf("%u TDMRs covering %s\n", plan->nr_tdmrs, tdxctl_size(a, sizeof(a), plan->covered));
	t = tdxctl_table_new(9);
	tdxctl_table_row(t, "TDMR", "base", "size", "node", "reserved", "PAMT 4K", "PAMT 2M",
			 "PAMT 1G", "total");
	for (i = 0; i < plan->nr_tdmrs; i++) {
		const struct tdmr_plan_tdmr *td = &plan->tdmrs[i];
		uint64_t sum = 0;

		for (j = 0; j < TDX_PS_NR; j++) {
			sum += td->pamt_size[j];
			level[j] += td->pamt_size[j];
		}
		snprintf(n, sizeof(n), "%u", i);
		snprintf(a, sizeof(a), "0x%llx", (unsigned long long)td->base);
		snprintf(c, sizeof(c), "%d", td->nid);
		snprintf(r, sizeof(r), "%u", td->nr_rsvd);
		tdxctl_table_row(t, n, a, tdxctl_size(b, sizeof(b), td->size), c, r,
				 tdxctl_size(d, sizeof(d), td->pamt_size[0]),
				 tdxctl_size(e, sizeof(e), td->pamt_size[1]),
				 tdxctl_size(f, sizeof(f), td->pamt_size[2]),
				 tdxctl_size(g, sizeof(g), sum));
	}
	tdxctl_table_print(t, stdout, "  ");
	tdxctl_table_free(t);

	printf("reserved areas%s\n", placed ? " (holes and PAMTs)" : " (holes)");
	t = tdxctl_table_new(3);
	tdxctl_table_row(t, "TDMR", "base", "size");
	for (i = 0; i < plan->nr_tdmrs; i++)
		for (j = 0; j < plan->tdmrs[i].nr_rsvd; j++) {
			snprintf(n, sizeof(n), "%u", i);
			snprintf(a, sizeof(a), "0x%llx",
				 (unsigned long long)plan->tdmrs[i].rsvd[j].start);
			tdxctl_table_row(t, n, a,
					 tdxctl_size(b, sizeof(b), plan->tdmrs[i].rsvd[j].size));
		}
	tdxctl_table_print(t, stdout, "  ");
	tdxctl_table_free(t);

	if (placed) {
		printf("PAMT placement\n");
		t = tdxctl_table_new(4);
		tdxctl_table_row(t, "TDMR", "level", "base", "size");
		for (i = 0; i < plan->nr_tdmrs; i++)
			for (j = 0; j < TDX_PS_NR; j++) {
				snprintf(n, sizeof(n), "%u", i);
				snprintf(a, sizeof(a), "0x%llx",
					 (unsigned long long)plan->tdmrs[i].pamt_base[j]);
				tdxctl_table_row(t, n, j == 0 ? "4K" : j == 1 ? "2M" : "1G", a,
						 tdxctl_size(b, sizeof(b),
							     plan->tdmrs[i].pamt_size[j]));
			}
		tdxctl_table_print(t, stdout, "  ");
		tdxctl_table_free(t);
	}
	printf("PAMT total %s (%s of memory): 4K %s, 2M %s, 1G %s\n",
	       tdxctl_size(a, sizeof(a), plan->pamt_total),
	       tdxctl_ppm(h, sizeof(h), mem_bytes ? plan->pamt_total * 1000000 / mem_bytes : 0),
	       tdxctl_size(b, sizeof(b), level[0]), tdxctl_size(c, sizeof(c), level[1]),
	       tdxctl_size(d, sizeof(d), level[2]));
}

static int cmd_plan(struct tdxctl_opts *o, int argc, char **argv)
{
	static const char usage[] =
		"usage: tdxctl plan [--max-tdmrs N] [--max-rsvd N] [FILE|-]\n"
		"  FILE: /proc/iomem, or dmesg with e820/NUMA lines (default: standard input)\n";
	static const struct option longopts[] = {
		{ "max-tdmrs", required_argument, NULL, 't' },
		{ "max-rsvd", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdmr_plan_limits lim = { .max_tdmrs = 64, .max_rsvd_per_tdmr = 16,
					.pamt_entry_size = { 16, 16, 16 } };
	struct tdmr_plan_opts popts = { 0 };
	struct tdx_cmr_range cmrs[TDX_MAX_CMRS];
	struct tdx_mem_range *mem = NULL;
	struct tdmr_plan *plan = NULL;
	unsigned int nr_mem = 0, nr_cmrs, i;
	uint64_t *top = NULL, mem_bytes = 0;
	const char *why = NULL;
	bool placed = false;
	char *text = NULL;
	size_t len = 0;
	struct tdxctl_args a;
	FILE *f = stdin;
	int c, err, ret = TDXCTL_EXIT_FAILED;

	tdxctl_args_init(&a, "plan", usage, o, argc, argv, "t:r:", longopts);
	while ((c = tdxctl_args_next(&a)) != -1) {
		switch (c) {
		case 't':
			if (!parse_limit(optarg, TDMR_PLAN_MAX_TDMRS, &lim.max_tdmrs)) {
				fprintf(stderr, "tdxctl plan: --max-tdmrs wants 1..%u, not '%s'\n",
					TDMR_PLAN_MAX_TDMRS, optarg);
				return TDXCTL_EXIT_USAGE;
			}
			break;
		case 'r':
			if (!parse_limit(optarg, TDMR_PLAN_MAX_RSVD, &lim.max_rsvd_per_tdmr)) {
				fprintf(stderr, "tdxctl plan: --max-rsvd wants 1..%u, not '%s'\n",
					TDMR_PLAN_MAX_RSVD, optarg);
				return TDXCTL_EXIT_USAGE;
			}
			break;
		default:
			return TDXCTL_EXIT_USAGE;
		}
	}
	if (!tdxctl_args_max(&a, 1))
		return TDXCTL_EXIT_USAGE;
	if (a.nargs && strcmp(a.args[0], "-")) {
		f = fopen(a.args[0], "r");
		if (!f) {
			fprintf(stderr, "tdxctl plan: %s: %s\n", a.args[0], strerror(errno));
			return TDXCTL_EXIT_USAGE;
		}
	}
	text = read_all(f, &len);
	if (f != stdin)
		fclose(f);
	mem = calloc(TDMR_PLAN_MAX_MEM, sizeof(*mem));
	top = calloc(TDMR_PLAN_MAX_MEM, sizeof(*top));
	plan = calloc(1, sizeof(*plan));
	if (!text || !mem || !top || !plan) {
		fprintf(stderr, "tdxctl plan: out of memory (or input over %u MiB)\n",
			PLAN_MAX_INPUT >> 20);
		goto out;
	}
	err = memmap_parse(text, len, mem, TDMR_PLAN_MAX_MEM, &nr_mem, &why);
	if (err) {
		fprintf(stderr, "tdxctl plan: cannot read the memory map: %s\n",
			why ? why : strerror(-err));
		ret = TDXCTL_EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < nr_mem; i++)
		mem_bytes += mem[i].end - mem[i].start;
	nr_cmrs = make_cmrs(mem, nr_mem, cmrs);
	err = tdmr_plan_build(plan, mem, nr_mem, cmrs, nr_cmrs, &lim, &popts);
	if (!err && !place_chunks(plan, mem, nr_mem, top))
		placed = !tdmr_plan_place_pamts(plan);
	if (o->json) {
		plan_json(plan, mem_bytes, nr_mem, err, placed);
	} else if (err) {
		printf("no TDMR layout: %s\n", plan->why ? plan->why : strerror(-err));
	} else {
		plan_human(plan, mem_bytes, nr_mem, placed);
		if (!placed)
			printf("(PAMT placement failed: %s; sizes are from phase 1)\n",
			       plan->why ? plan->why : "no room for the PAMT chunks");
	}
	ret = err ? TDXCTL_EXIT_FAILED : TDXCTL_EXIT_OK;
out:
	free(plan);
	free(top);
	free(mem);
	free(text);
	return ret;
}

const struct tdxctl_cmd tdxctl_cmd_plan = {
	.name = "plan",
	.summary = "plan TDMRs and PAMT for a memory map (offline)",
	.run = cmd_plan,
};
