// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl metrics: the module's state, memory, PAMT, KeyIDs and SEAMCALL
 * counters in the Prometheus text exposition format (version 0.0.4), for
 * node_exporter's textfile collector.  Everything is read first (GET_STATUS,
 * GET_PAMT, the GET_STATS dump) and printed afterwards, so each metric
 * family is one block with its # HELP and # TYPE lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "nl.h"

#define METRICS_MAX_NODES	64
#define METRICS_MAX_LEAVES	256

struct metrics_leaf {
	uint32_t leaf;
	char name[48];
	uint64_t calls, errors, time_ns;
};

struct metrics {
	bool up;
	uint32_t state;
	char backend[16];
	char module_version[32];	/* empty until the metadata was read */
	uint64_t tdx_memory, tdmr_covered, pamt_total, pamt_level[3];
	uint32_t nr_ranges, nr_tdmrs;
	bool keyids_known;
	uint32_t nr_mktme, nr_tdx, hkids_in_use, keyids_free;
	uint32_t tds_by_state[TDXHOST_TD_DEAD + 1];	/* from the TD dump */
	uint64_t td_pages, leaked_pages;
	uint64_t enable_ns, enable_seamcalls;
	unsigned int nr_nodes;
	struct {
		int32_t id;
		uint64_t memory, pamt;
	} nodes[METRICS_MAX_NODES];
	unsigned int nr_leaves;
	struct metrics_leaf leaves[METRICS_MAX_LEAVES];
};

static const char *const state_names[] = {
	[TDXHOST_STATE_UNAVAILABLE] = "unavailable",
	[TDXHOST_STATE_UNINITIALIZED] = "uninitialized",
	[TDXHOST_STATE_INITIALIZING] = "initializing",
	[TDXHOST_STATE_INITIALIZED] = "initialized",
	[TDXHOST_STATE_FAILED] = "failed",
};

/* ---- reading */

static int status_msg(struct nlattr **tb, void *arg)
{
	struct metrics *m = arg;

	m->state = tdxctl_u32(tb[TDXHOST_A_STATE]);
	snprintf(m->backend, sizeof(m->backend), "%s", tdxctl_str(tb[TDXHOST_A_BACKEND]) ?: "");
	if (tb[TDXHOST_A_MODULE_MAJOR])
		snprintf(m->module_version, sizeof(m->module_version), "%u.%u.%02u",
			 tdxctl_u32(tb[TDXHOST_A_MODULE_MAJOR]), tdxctl_u32(tb[TDXHOST_A_MODULE_MINOR]),
			 tdxctl_u32(tb[TDXHOST_A_MODULE_UPDATE]));
	m->tdx_memory = tdxctl_u64(tb[TDXHOST_A_TDX_MEMORY]);
	m->nr_ranges = tdxctl_u32(tb[TDXHOST_A_NR_TDX_RANGES]);
	m->nr_tdmrs = tdxctl_u32(tb[TDXHOST_A_NR_TDMRS]);
	m->tdmr_covered = tdxctl_u64(tb[TDXHOST_A_TDMR_COVERED]);
	m->pamt_total = tdxctl_u64(tb[TDXHOST_A_PAMT_TOTAL]);
	m->pamt_level[0] = tdxctl_u64(tb[TDXHOST_A_PAMT_4K]);
	m->pamt_level[1] = tdxctl_u64(tb[TDXHOST_A_PAMT_2M]);
	m->pamt_level[2] = tdxctl_u64(tb[TDXHOST_A_PAMT_1G]);
	/* The split is known from MSR 0x87; the TD ones once the global KeyID is chosen. */
	m->keyids_known = tb[TDXHOST_A_TDX_KEYID_FIRST] != NULL;
	m->nr_mktme = tdxctl_u32(tb[TDXHOST_A_NR_MKTME_KEYIDS]);
	m->nr_tdx = tdxctl_u32(tb[TDXHOST_A_NR_TDX_KEYIDS]);
	m->hkids_in_use = tdxctl_u32(tb[TDXHOST_A_HKIDS_IN_USE]);
	m->keyids_free = tdxctl_u32(tb[TDXHOST_A_KEYIDS_FREE]);
	m->td_pages = tdxctl_u64(tb[TDXHOST_A_TD_PAGES]);
	m->leaked_pages = tdxctl_u64(tb[TDXHOST_A_LEAKED_PAGES]);
	m->enable_ns = tdxctl_u64(tb[TDXHOST_A_ENABLE_NS]);
	m->enable_seamcalls = tdxctl_u64(tb[TDXHOST_A_ENABLE_SEAMCALLS]);
	return 0;
}

static int td_msg(struct nlattr **tb, void *arg)
{
	struct nlattr *t[TDXHOST_A_TDINFO_MAX + 1];
	struct metrics *m = arg;
	uint32_t state;

	if (!tb[TDXHOST_A_TD])
		return 0;
	tdxctl_nl_nested(t, TDXHOST_A_TDINFO_MAX, tb[TDXHOST_A_TD]);
	state = tdxctl_u32(t[TDXHOST_A_TDINFO_STATE]);
	if (state <= TDXHOST_TD_DEAD)
		m->tds_by_state[state]++;
	return 0;
}

static int pamt_msg(struct nlattr **tb, void *arg)
{
	struct metrics *m = arg;
	struct nlattr *pos, *attrs;
	int len, rem;

	attrs = tdxctl_nl_msg_attrs(&len);
	nla_for_each_attr(pos, attrs, len, rem) {
		struct nlattr *n[TDXHOST_A_NODE_MAX + 1];

		if (nla_type(pos) != TDXHOST_A_NODE || m->nr_nodes == METRICS_MAX_NODES)
			continue;
		tdxctl_nl_nested(n, TDXHOST_A_NODE_MAX, pos);
		m->nodes[m->nr_nodes].id = tdxctl_s32(n[TDXHOST_A_NODE_ID]);
		m->nodes[m->nr_nodes].memory = tdxctl_u64(n[TDXHOST_A_NODE_MEMORY]);
		m->nodes[m->nr_nodes].pamt = tdxctl_u64(n[TDXHOST_A_NODE_PAMT]);
		m->nr_nodes++;
	}
	return 0;
}

static int stat_msg(struct nlattr **tb, void *arg)
{
	struct metrics *m = arg;
	struct nlattr *s[TDXHOST_A_STAT_MAX + 1];
	struct metrics_leaf *l;

	if (!tb[TDXHOST_A_STAT] || m->nr_leaves == METRICS_MAX_LEAVES)
		return 0;
	tdxctl_nl_nested(s, TDXHOST_A_STAT_MAX, tb[TDXHOST_A_STAT]);
	l = &m->leaves[m->nr_leaves++];
	l->leaf = tdxctl_u32(s[TDXHOST_A_STAT_LEAF]);
	/* Unnamed leaves get their number, so every series has a leaf label. */
	if (s[TDXHOST_A_STAT_LEAF_NAME])
		snprintf(l->name, sizeof(l->name), "%s", tdxctl_str(s[TDXHOST_A_STAT_LEAF_NAME]));
	else
		snprintf(l->name, sizeof(l->name), "%u", l->leaf);
	l->calls = tdxctl_u64(s[TDXHOST_A_STAT_CALLS]);
	l->errors = tdxctl_u64(s[TDXHOST_A_STAT_ERRORS]);
	l->time_ns = tdxctl_u64(s[TDXHOST_A_STAT_TIME_NS]);
	return 0;
}

static int metrics_read(struct metrics *m)
{
	const struct tdxctl_nl_attr all[2] = { { .type = TDXHOST_A_STATS_ALL, .kind = 'f' } };
	struct tdxctl_nl *nl;
	int ret;

	nl = tdxctl_nl_open(&ret);
	if (!nl)
		return ret;
	ret = tdxctl_nl_call(nl, TDXHOST_CMD_GET_STATUS, false, NULL, status_msg, m, "status");
	if (!ret)
		ret = tdxctl_nl_call(nl, TDXHOST_CMD_GET_PAMT, false, NULL, pamt_msg, m, "pamt");
	/* Every leaf, called or not: a counter's series exists before it first counts. */
	if (!ret)
		ret = tdxctl_nl_call(nl, TDXHOST_CMD_GET_STATS, true, all, stat_msg, m, "stats");
	if (!ret)
		ret = tdxctl_nl_call(nl, TDXHOST_CMD_GET_TDS, true, NULL, td_msg, m, "td list");
	tdxctl_nl_close(nl);
	m->up = !ret;
	return ret;
}

/* ---- the exposition format */

/* A label value: backslash, double quote and newline escaped. */
static void label_value(const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			printf("\\%c", *v);
		else if (*v == '\n')
			printf("\\n");
		else
			putchar(*v);
	}
}

static void family(const char *name, const char *type, const char *help)
{
	printf("# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void sample(const char *name, uint64_t v)
{
	printf("%s %llu\n", name, (unsigned long long)v);
}

static void sample1(const char *name, const char *label, const char *value, uint64_t v)
{
	printf("%s{%s=\"", name, label);
	label_value(value);
	printf("\"} %llu\n", (unsigned long long)v);
}

static void seconds(const char *name, const char *label, const char *value, uint64_t ns)
{
	if (label) {
		printf("%s{%s=\"", name, label);
		label_value(value);
		printf("\"} ");
	} else {
		printf("%s ", name);
	}
	printf("%llu.%09llu\n", (unsigned long long)(ns / 1000000000),
	       (unsigned long long)(ns % 1000000000));
}

static void metrics_info(const struct metrics *m)
{
	family("tdxhost_up", "gauge",
	       "Whether tdxctl could read the tdxhost module (1) or not (0).");
	sample("tdxhost_up", m->up);
	family("tdxhost_info", "gauge",
	       "Versions of tdxctl and the TDX module (empty until enabled), the backend; always 1.");
	printf("tdxhost_info{tdxctl_version=\"");
	label_value(TDXHOST_VERSION);
	printf("\",backend=\"");
	label_value(m->backend);
	printf("\",tdx_module_version=\"");
	label_value(m->module_version);
	printf("\"} 1\n");
}

static void metrics_state(const struct metrics *m)
{
	unsigned int s;

	family("tdxhost_state", "gauge",
	       "TDX state on this host: 1 for the current state, 0 for the others.");
	for (s = 0; s < sizeof(state_names) / sizeof(state_names[0]); s++)
		sample1("tdxhost_state", "state", state_names[s], m->state == s);
}

static void metrics_memory(const struct metrics *m)
{
	static const char *const level[3] = { "4k", "2m", "1g" };
	char node[16];
	unsigned int i;

	family("tdxhost_tdx_memory_bytes", "gauge",
	       "Bytes of TDX memory (System RAM given to the TDX module).");
	sample("tdxhost_tdx_memory_bytes", m->tdx_memory);
	family("tdxhost_tdx_memory_ranges", "gauge", "Ranges in the TDX memory list.");
	sample("tdxhost_tdx_memory_ranges", m->nr_ranges);
	family("tdxhost_tdmrs", "gauge", "TDMRs configured.");
	sample("tdxhost_tdmrs", m->nr_tdmrs);
	family("tdxhost_tdmr_covered_bytes", "gauge", "Bytes of address space the TDMRs cover.");
	sample("tdxhost_tdmr_covered_bytes", m->tdmr_covered);
	family("tdxhost_pamt_bytes", "gauge", "Bytes of PAMT memory, per page-size level.");
	for (i = 0; i < 3; i++)
		sample1("tdxhost_pamt_bytes", "level", level[i], m->pamt_level[i]);
	if (!m->nr_nodes)
		return;
	family("tdxhost_node_pamt_bytes", "gauge", "Bytes of PAMT memory, per NUMA node.");
	for (i = 0; i < m->nr_nodes; i++) {
		snprintf(node, sizeof(node), "%d", m->nodes[i].id);
		sample1("tdxhost_node_pamt_bytes", "node", node, m->nodes[i].pamt);
	}
	family("tdxhost_node_tdx_memory_bytes", "gauge", "Bytes of TDX memory, per NUMA node.");
	for (i = 0; i < m->nr_nodes; i++) {
		snprintf(node, sizeof(node), "%d", m->nodes[i].id);
		sample1("tdxhost_node_tdx_memory_bytes", "node", node, m->nodes[i].memory);
	}
}

static void metrics_keyids(const struct metrics *m)
{
	family("tdxhost_keyids", "gauge", "KeyIDs of the BIOS split (MSR 0x87), per kind.");
	sample1("tdxhost_keyids", "kind", "mktme", m->nr_mktme);
	sample1("tdxhost_keyids", "kind", "tdx", m->nr_tdx);
	if (!m->keyids_known)
		return;
	family("tdxhost_td_keyids", "gauge",
	       "TD KeyIDs (HKIDs: the TDX KeyIDs but the global one), in use and free.");
	sample1("tdxhost_td_keyids", "state", "in_use", m->hkids_in_use);
	sample1("tdxhost_td_keyids", "state", "free", m->keyids_free);
}

static const char *const td_state_names[] = {
	[TDXHOST_TD_CREATED] = "created",
	[TDXHOST_TD_INITIALIZED] = "initialized",
	[TDXHOST_TD_FINALIZED] = "finalized",
	[TDXHOST_TD_DEAD] = "dead",
};

static void metrics_tds(const struct metrics *m)
{
	unsigned int s;

	family("tdxhost_tds", "gauge", "TDs on this host, per state.");
	for (s = 0; s <= TDXHOST_TD_DEAD; s++)
		sample1("tdxhost_tds", "state", td_state_names[s], m->tds_by_state[s]);
	family("tdxhost_td_pages", "gauge", "Pages the TDs hold (control, SEPT, private).");
	sample("tdxhost_td_pages", m->td_pages);
	family("tdxhost_leaked_pages", "gauge",
	       "Pages the TDX module did not give back: never reused until reboot.");
	sample("tdxhost_leaked_pages", m->leaked_pages);
}

static void metrics_seamcalls(const struct metrics *m)
{
	unsigned int i;

	if (!m->nr_leaves)
		return;
	family("tdxhost_seamcalls_total", "counter", "SEAMCALLs made, per leaf.");
	for (i = 0; i < m->nr_leaves; i++)
		sample1("tdxhost_seamcalls_total", "leaf", m->leaves[i].name, m->leaves[i].calls);
	family("tdxhost_seamcall_errors_total", "counter",
	       "SEAMCALLs that returned an error status, per leaf.");
	for (i = 0; i < m->nr_leaves; i++)
		sample1("tdxhost_seamcall_errors_total", "leaf", m->leaves[i].name,
			m->leaves[i].errors);
	family("tdxhost_seamcall_seconds_total", "counter", "Time spent in SEAMCALLs, per leaf.");
	for (i = 0; i < m->nr_leaves; i++)
		seconds("tdxhost_seamcall_seconds_total", "leaf", m->leaves[i].name,
			m->leaves[i].time_ns);
}

static void metrics_enable(const struct metrics *m)
{
	family("tdxhost_last_enable_duration_seconds", "gauge",
	       "Wall time of the last TDX enable (0: none yet).");
	seconds("tdxhost_last_enable_duration_seconds", NULL, NULL, m->enable_ns);
	family("tdxhost_last_enable_seamcalls", "gauge", "SEAMCALLs the last TDX enable made.");
	sample("tdxhost_last_enable_seamcalls", m->enable_seamcalls);
}

static int cmd_metrics(struct tdxctl_opts *o, int argc, char **argv)
{
	struct metrics *m;
	int ret = tdxctl_args_none("metrics", "usage: tdxctl metrics\n", o, argc, argv);

	if (ret)
		return ret;
	if (o->json) {
		fprintf(stderr, "tdxctl metrics: the output is the Prometheus text format; "
			"'tdxctl --json status' and 'stats' have JSON\n");
		return TDXCTL_EXIT_USAGE;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return TDXCTL_EXIT_FAILED;
	/* Without the module only tdxhost_up 0 and the info: still a valid file. */
	metrics_read(m);
	metrics_info(m);
	if (m->up) {
		metrics_state(m);
		metrics_memory(m);
		metrics_keyids(m);
		metrics_tds(m);
		metrics_seamcalls(m);
		metrics_enable(m);
	}
	free(m);
	return fflush(stdout) ? TDXCTL_EXIT_FAILED : TDXCTL_EXIT_OK;
}

const struct tdxctl_cmd tdxctl_cmd_metrics = {
	.name = "metrics",
	.summary = "state, memory, PAMT, KeyIDs, SEAMCALLs for Prometheus (textfile)",
	.run = cmd_metrics,
};
