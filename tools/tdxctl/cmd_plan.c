// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl plan: the TDMR/PAMT layout the module would choose for a memory
 * map (/proc/iomem, dmesg e820 and NUMA lines), offline.  It runs what the
 * module runs (tdmr_plan_run(): phase 1, PAMT allocation, phase 2, re-plans
 * with smaller chunks, tdmr_plan_validate()), with the memory map as an
 * idle host: every range free, the chunks taken where the module's walk
 * would try first, the CMRs taken to be the memory ranges (host_plan_cmrs(),
 * as tdxctl check does).  "ok" only for a plan that is placed and valid;
 * anything else is a near miss (tdmr_plan_near_miss() says which kind).
 *
 * On this idle host a plan phase 1 accepts is always placed and valid:
 * phase 1's room check walks the same candidates on the same free memory
 * that the allocation then takes (and with split chunks runs phase 2 on
 * them), and the CMRs are the memory.  So the "NOT valid" near miss (stage
 * pamt-alloc or check) is printed only for hosts where memory is busy or
 * CMRs miss memory, i.e. the module's; test_tdmr_plan.c drives
 * tdmr_plan_run() there and checks what this prints from.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tdxctl.h"
#include "args.h"
#include "hostplan.h"
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

/* A limit of 1..@max, as the module would report it. */
static bool parse_limit(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v;

	if (!tdxctl_parse_range(s, 0, 1, max, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

static const char *const lvl_name[TDX_PS_NR] = { "4k", "2m", "1g" };

static void json_tdmrs(const struct tdmr_plan *plan)
{
	unsigned int i, j;

	json_arr_begin("tdmrs");
	for (i = 0; i < plan->nr_tdmrs; i++) {
		const struct tdmr_plan_tdmr *t = &plan->tdmrs[i];
		uint64_t sum = 0;

		json_obj_begin(NULL);
		json_u64("index", i);
		json_u64("base", t->base);
		json_u64("size", t->size);
		json_s64("nid", t->pamt_nid);
		json_s64("memory_nid", t->nid);
		json_bool("pamt_node_local", !t->pamt_remote);
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
			json_str("level", lvl_name[j]);
			if (plan->placed)
				json_u64("base", t->pamt_base[j]);
			else
				json_null("base");
			json_u64("size", t->pamt_size[j]);
			json_obj_end();
			sum += t->pamt_size[j];
		}
		json_arr_end();
		json_u64("pamt_bytes", sum);
		json_obj_end();
	}
	json_arr_end();
}

static void json_pamt(const struct tdmr_plan *plan, uint64_t mem_bytes)
{
	uint64_t level[TDX_PS_NR] = { 0 };
	unsigned int i, j;

	for (i = 0; i < plan->nr_tdmrs; i++)
		for (j = 0; j < TDX_PS_NR; j++)
			level[j] += plan->tdmrs[i].pamt_size[j];
	json_obj_begin("pamt");
	json_u64("total_bytes", plan->pamt_total);
	json_u64("4k_bytes", level[0]);
	json_u64("2m_bytes", level[1]);
	json_u64("1g_bytes", level[2]);
	json_u64("ppm", mem_bytes ? plan->pamt_total * 1000000 / mem_bytes : 0);
	json_u64("chunks", plan->nr_chunks);
	json_u64("node_runs", plan->nr_runs);
	json_u64("node_runs_per_chunk", plan->chunk_runs);
	json_arr_begin("not_node_local");
	for (i = 0; i < plan->nr_tdmrs; i++)
		if (plan->tdmrs[i].pamt_remote)
			json_u64(NULL, i);
	json_arr_end();
	json_obj_end();
}

/*
 * ok: a plan placed and valid.  Otherwise the near miss, if any: the plan
 * the run ended with, or the plan with the TDMRs it says it needs.
 */
static void plan_json(const struct tdmr_plan *plan, const struct tdmr_plan_limits *lim,
		      const char *why, int failed_at, uint64_t mem_bytes, unsigned int nr_mem,
		      bool ok)
{
	static const struct tdmr_plan empty;
	static const char *const stage[] = { NULL, "plan", "pamt-alloc", "check" };

	json_obj_begin(NULL);
	json_obj_begin("memory");
	json_u64("ranges", nr_mem);
	json_u64("bytes", mem_bytes);
	json_obj_end();
	json_obj_begin("limits");
	json_u64("max_tdmrs", lim->max_tdmrs);
	json_u64("max_reserved_per_tdmr", lim->max_rsvd_per_tdmr);
	json_obj_end();
	json_bool("ok", ok);
	json_str("why", ok ? NULL : why);
	json_str("failed_at", ok ? NULL : stage[failed_at]);
	json_bool("pamt_placed", ok && plan->placed);
	json_tdmrs(ok ? plan : &empty);
	json_pamt(ok ? plan : &empty, mem_bytes);
	if (!ok && tdmr_plan_near_miss(plan) != TDMR_PLAN_NEAR_MISS_NONE) {
		json_obj_begin("near_miss");
		json_u64("max_tdmrs", plan->lim.max_tdmrs);
		json_bool("valid", tdmr_plan_near_miss(plan) == TDMR_PLAN_NEAR_MISS_LIMITS);
		json_bool("pamt_placed", plan->placed);
		json_tdmrs(plan);
		json_pamt(plan, mem_bytes);
		json_obj_end();
	} else {
		json_null("near_miss");
	}
	json_obj_end();
	json_done();
}

/* Which TDMRs lost node-local PAMT, and why, in one line. */
static void human_locality(const struct tdmr_plan *plan)
{
	unsigned int i, n = 0;

	if (plan->chunk_runs <= 1 || !plan->nr_remote) {
		printf("PAMT node-local: every TDMR's PAMT is on the node of most of its memory\n");
		return;
	}
	printf("PAMT not node-local for TDMR");
	for (i = 0; i < plan->nr_tdmrs; i++)
		if (plan->tdmrs[i].pamt_remote)
			printf("%s %u", n++ ? "," : (plan->nr_remote > 1 ? "s" : ""), i);
	if (plan->chunk_runs >= plan->nr_runs)
		printf(": one PAMT chunk for all %u node runs", plan->nr_runs);
	else
		printf(": PAMT chunks serve up to %u adjacent node runs", plan->chunk_runs);
	printf(" (one per node does not fit the limits or costs more PAMT)\n");
}

static void plan_human(const struct tdmr_plan *plan, uint64_t mem_bytes, const char *indent)
{
	uint64_t level[TDX_PS_NR] = { 0 };
	struct tdxctl_table *t;
	char a[32], b[32], c[32], d[32], e[32], f[32], g[32], h[32], n[16], r[16], pn[24];
	unsigned int i, j;

	printf("%s%u TDMRs covering %s\n", indent, plan->nr_tdmrs,
	       tdxctl_size(a, sizeof(a), plan->covered));
	t = tdxctl_table_new(10);
	tdxctl_table_row(t, "TDMR", "base", "size", "node", "reserved", "PAMT 4K", "PAMT 2M",
			 "PAMT 1G", "total", "PAMT node");
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
		snprintf(pn, sizeof(pn), td->pamt_remote ? "%d (remote)" : "%d", td->pamt_nid);
		tdxctl_table_row(t, n, a, tdxctl_size(b, sizeof(b), td->size), c, r,
				 tdxctl_size(d, sizeof(d), td->pamt_size[0]),
				 tdxctl_size(e, sizeof(e), td->pamt_size[1]),
				 tdxctl_size(f, sizeof(f), td->pamt_size[2]),
				 tdxctl_size(g, sizeof(g), sum), pn);
	}
	tdxctl_table_print(t, stdout, "  ");
	tdxctl_table_free(t);

	printf("%sreserved areas%s\n", indent, plan->placed ? " (holes and PAMTs)" : " (holes)");
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

	if (plan->placed) {
		printf("%sPAMT placement\n", indent);
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
	printf("%sPAMT total %s (%s of memory): 4K %s, 2M %s, 1G %s; %u chunk%s\n", indent,
	       tdxctl_size(a, sizeof(a), plan->pamt_total),
	       tdxctl_ppm(h, sizeof(h), mem_bytes ? plan->pamt_total * 1000000 / mem_bytes : 0),
	       tdxctl_size(b, sizeof(b), level[0]), tdxctl_size(c, sizeof(c), level[1]),
	       tdxctl_size(d, sizeof(d), level[2]), plan->nr_chunks,
	       plan->nr_chunks == 1 ? "" : "s");
	printf("%s", indent);
	human_locality(plan);
}

/*
 * After a refusal: the plan itself if the run got that far, else, when the
 * reason is "needs N TDMRs" (N within what the module can allow), the plan
 * with N TDMRs.  Leaves plan->nr_tdmrs 0 when there is none.
 */
static void near_miss(struct tdmr_plan *plan, const struct tdx_mem_range *mem, unsigned int nr_mem,
		      const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs,
		      const struct tdmr_plan_limits *lim, const struct tdmr_plan_host *host)
{
	struct tdmr_plan_limits more = *lim;
	unsigned int need;

	if (plan->nr_tdmrs || !plan->why || sscanf(plan->why, "needs %u TDMRs", &need) != 1 ||
	    need > TDMR_PLAN_MAX_TDMRS)
		return;
	more.max_tdmrs = need;
	if (tdmr_plan_run(plan, mem, nr_mem, cmrs, nr_cmrs, &more, host))
		plan->nr_tdmrs = 0;
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
	struct tdmr_plan_host host = {
		.take = tdmr_plan_idle_take,
		.release = tdmr_plan_idle_release,
	};
	struct tdx_cmr_range cmrs[TDX_MAX_CMRS];
	struct tdx_mem_range *mem = NULL;
	struct tdmr_plan *plan = NULL;
	unsigned int nr_mem = 0, nr_cmrs, i;
	uint64_t mem_bytes = 0;
	char *text = NULL, size[32], why_buf[sizeof(plan->why_buf)];
	const char *why = NULL;
	size_t len = 0;
	struct tdxctl_args a;
	FILE *f = stdin;
	int c, err, failed_at, ret = TDXCTL_EXIT_FAILED;

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
	plan = calloc(1, sizeof(*plan));
	if (!text || !mem || !plan) {
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
	nr_cmrs = host_plan_cmrs(mem, nr_mem, cmrs);
	host.ctx = plan;
	err = tdmr_plan_run(plan, mem, nr_mem, cmrs, nr_cmrs, &lim, &host);
	snprintf(why_buf, sizeof(why_buf), "%s", err ? plan->why ? plan->why : strerror(-err) : "");
	failed_at = plan->fail_stage;
	if (err)
		near_miss(plan, mem, nr_mem, cmrs, nr_cmrs, &lim, &host);
	if (o->json) {
		plan_json(plan, &lim, why_buf, failed_at, mem_bytes, nr_mem, !err);
	} else {
		printf("memory: %u ranges, %s; limits: %u TDMRs, %u reserved areas per TDMR\n",
		       nr_mem, tdxctl_size(size, sizeof(size), mem_bytes), lim.max_tdmrs,
		       lim.max_rsvd_per_tdmr);
		if (!err) {
			plan_human(plan, mem_bytes, "");
		} else {
			printf("no valid plan: %s\n", why_buf);
			if (tdmr_plan_near_miss(plan) == TDMR_PLAN_NEAR_MISS_LIMITS)
				printf("near miss (NOT within the limits: it takes %u TDMRs):\n",
				       plan->lim.max_tdmrs);
			else if (tdmr_plan_near_miss(plan) == TDMR_PLAN_NEAR_MISS_INVALID)
				printf("near miss (NOT valid: %s):\n", why_buf);
			if (tdmr_plan_near_miss(plan) != TDMR_PLAN_NEAR_MISS_NONE)
				plan_human(plan, mem_bytes, "  ");
		}
	}
	ret = err ? TDXCTL_EXIT_FAILED : TDXCTL_EXIT_OK;
out:
	free(plan);
	free(mem);
	free(text);
	return ret;
}

const struct tdxctl_cmd tdxctl_cmd_plan = {
	.name = "plan",
	.summary = "plan TDMRs and PAMT for a memory map (offline)",
	.run = cmd_plan,
};
