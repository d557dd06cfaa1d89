// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl check: plan this host's TDMRs and PAMT before TDX is enabled.
 * The module takes all System RAM at or above 1 MiB (/proc/iomem's top
 * level, which needs root to show addresses) with each range's node; the
 * nodes come from sysfs memory blocks, written as "NUMA: Node N [mem a-b]"
 * lines that memmap_parse() understands.  The whole loop enable runs
 * (tdmr_plan_run()) plans it, as `tdxctl plan` does: where the PAMT chunks
 * land can change the TDMRs (a re-plan with smaller chunks) or refuse.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostplan.h"
#include "memmap_parse.h"

#define IOMEM		"/proc/iomem"
#define NODE_DIR	"/sys/devices/system/node"
#define BLOCK_SIZE	"/sys/devices/system/memory/block_size_bytes"
#define TEXT_MAX	(4u << 20)

/* @path under TDXCTL_SYSROOT (see hostplan.h). */
static const char *host_path(char *buf, size_t len, const char *path)
{
	const char *root = getenv("TDXCTL_SYSROOT");

	if (!root || !*root)
		return path;
	snprintf(buf, len, "%s%s", root, path);
	return buf;
}

struct text {
	char *buf;
	size_t len, cap;
};

static bool text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 65536;
		char *b;

		while (cap < t->len + n + 1)
			cap *= 2;
		if (cap > TEXT_MAX)
			return false;
		b = realloc(t->buf, cap);
		if (!b)
			return false;
		t->buf = b;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
	return true;
}

static bool read_file(struct text *t, const char *path)
{
	char chunk[8192];
	FILE *f = fopen(path, "r");
	size_t n;
	bool ok = true;

	if (!f)
		return false;
	while (ok && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ok = text_add(t, chunk, n);
	fclose(f);
	return ok;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* One node's memory blocks as NUMA lines: how many blocks, -1 if out of room. */
static int node_lines(struct text *t, unsigned int nid, uint64_t block)
{
	char path[64], full[PATH_MAX], line[96];
	uint64_t *ids = NULL, id;
	size_t n = 0, cap = 0, i, j;
	struct dirent *e;
	bool ok = true;
	DIR *d;

	snprintf(path, sizeof(path), NODE_DIR "/node%u", nid);
	d = opendir(host_path(full, sizeof(full), path));
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char *end;

		if (strncmp(e->d_name, "memory", 6))
			continue;
		id = strtoull(e->d_name + 6, &end, 10);
		if (end == e->d_name + 6 || *end)
			continue;	/* memory_failure, ... */
		if (n == cap) {
			uint64_t *m = realloc(ids, (cap = cap ? 2 * cap : 256) * sizeof(*ids));

			if (!m) {
				ok = false;
				break;
			}
			ids = m;
		}
		ids[n++] = id;
	}
	closedir(d);
	qsort(ids, n, sizeof(*ids), cmp_u64);
	for (i = 0; ok && i < n; i = j) {
		for (j = i + 1; j < n && ids[j] == ids[j - 1] + 1; j++)
			;
		snprintf(line, sizeof(line), "NUMA: Node %u [mem 0x%llx-0x%llx]\n", nid,
			 (unsigned long long)(ids[i] * block),
			 (unsigned long long)(ids[j - 1] * block + block - 1));
		ok = text_add(t, line, strlen(line));
	}
	free(ids);
	return ok ? (int)n : -1;
}

/* NUMA lines for every node with memory blocks; how many nodes have some. */
static unsigned int numa_lines(struct text *t)
{
	struct text bs = { 0 };
	unsigned long long block = 0;
	unsigned int nodes = 0, nid;
	char full[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int n;

	if (read_file(&bs, host_path(full, sizeof(full), BLOCK_SIZE)))
		block = strtoull(bs.buf, NULL, 16);
	free(bs.buf);
	d = opendir(host_path(full, sizeof(full), NODE_DIR));
	if (!block || !d) {
		if (d)
			closedir(d);
		return 0;	/* no NUMA information: all node 0, as memmap_parse() says */
	}
	while ((e = readdir(d))) {
		char *end;

		if (strncmp(e->d_name, "node", 4))
			continue;
		nid = (unsigned int)strtoul(e->d_name + 4, &end, 10);
		if (end == e->d_name + 4 || *end)
			continue;
		n = node_lines(t, nid, block);
		if (n < 0)
			break;
		nodes += n > 0;
	}
	closedir(d);
	return nodes;
}

/* Adjacent ranges merge: TDH.SYS.CONFIG lets a CMR extend the one before it. */
unsigned int host_plan_cmrs(const struct tdx_mem_range *mem, unsigned int nr,
			    struct tdx_cmr_range cmrs[TDX_MAX_CMRS])
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

void host_plan_run(struct host_plan *hp, const struct tdmr_plan_limits *lim)
{
	static const struct tdmr_plan_limits defaults = {
		.max_tdmrs = 64, .max_rsvd_per_tdmr = 16, .pamt_entry_size = { 16, 16, 16 },
	};
	struct tdx_mem_range *mem = calloc(TDMR_PLAN_MAX_MEM, sizeof(*mem));
	struct tdmr_plan *plan = calloc(1, sizeof(*plan));
	struct tdmr_plan_host host = {
		.take = tdmr_plan_idle_take,
		.release = tdmr_plan_idle_release,
		.ctx = plan,
	};
	struct tdx_cmr_range cmrs[TDX_MAX_CMRS];
	char full[PATH_MAX];
	struct text t = { 0 };
	const char *why = NULL;
	unsigned int i, j, nr_cmrs;
	int err;

	memset(hp, 0, sizeof(*hp));
	hp->limits_known = lim != NULL;
	hp->lim = lim ? *lim : defaults;
	hp->result = HOST_PLAN_NO_MAP;
	if (!mem || !plan) {
		snprintf(hp->why, sizeof(hp->why), "out of memory");
		goto out;
	}
	if (!read_file(&t, host_path(full, sizeof(full), IOMEM))) {
		snprintf(hp->why, sizeof(hp->why), "cannot read " IOMEM ": %s", strerror(errno));
		goto out;
	}
	hp->nr_nodes = numa_lines(&t);
	err = memmap_parse(t.buf, t.len, mem, TDMR_PLAN_MAX_MEM, &hp->nr_ranges, &why);
	if (err) {
		snprintf(hp->why, sizeof(hp->why), IOMEM ": %s", why ? why : strerror(-err));
		goto out;
	}
	if (!hp->nr_nodes)
		hp->nr_nodes = 1;
	for (i = 0; i < hp->nr_ranges; i++)
		hp->memory_bytes += mem[i].end - mem[i].start;

	nr_cmrs = host_plan_cmrs(mem, hp->nr_ranges, cmrs);
	err = tdmr_plan_run(plan, mem, hp->nr_ranges, cmrs, nr_cmrs, &hp->lim, &host);
	if (err) {
		hp->result = HOST_PLAN_NO_LAYOUT;
		snprintf(hp->why, sizeof(hp->why), "%s", plan->why ? plan->why : strerror(-err));
		goto out;
	}
	hp->result = HOST_PLAN_OK;
	hp->nr_tdmrs = plan->nr_tdmrs;
	hp->covered = plan->covered;
	hp->pamt_total = plan->pamt_total;
	for (i = 0; i < plan->nr_tdmrs; i++)
		for (j = 0; j < TDX_PS_NR; j++)
			hp->pamt_level[j] += plan->tdmrs[i].pamt_size[j];
out:
	free(t.buf);
	free(plan);
	free(mem);
}
