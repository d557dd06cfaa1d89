// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl pamt, tdmrs and cmrs: where the TDX memory and its PAMT are.
 * Addresses are shown only to CAP_SYS_ADMIN callers (the module leaves
 * them out otherwise); sizes and counts to everybody.
 */
#include <string.h>
#include <unistd.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"

static const char *const level_name[] = { "4k", "2m", "1g" };

static const char *level_of(uint32_t lvl)
{
	return lvl < 3 ? level_name[lvl] : "?";
}

static char *addr_or_dash(char *buf, size_t len, struct nlattr *a)
{
	if (!a)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)nla_get_u64(a));
	return buf;
}

static void json_addr(const char *key, struct nlattr *a)
{
	if (a)
		json_u64(key, nla_get_u64(a));
	else
		json_null(key);
}

/* Iterate the repeated nests of type @type inside @nest. */
#define for_each_nested(pos, nest, type, rem)				\
	nla_for_each_nested(pos, nest, rem)				\
		if (nla_type(pos) == (type))

/* ---- pamt */

struct pamt_arg {
	const struct tdxctl_opts *o;
	uint32_t state;
};

static void pamt_tdmr_json(struct nlattr *nest)
{
	struct nlattr *t[TDXHOST_A_TDMR_MAX + 1], *p[TDXHOST_A_PAMT_MAX + 1], *pos;
	int rem;

	tdxctl_nl_nested(t, TDXHOST_A_TDMR_MAX, nest);
	json_obj_begin(NULL);
	json_u64("index", tdxctl_u32(t[TDXHOST_A_TDMR_INDEX]));
	json_addr("base", t[TDXHOST_A_TDMR_BASE]);
	json_u64("size", tdxctl_u64(t[TDXHOST_A_TDMR_SIZE]));
	json_s64("nid", tdxctl_s32(t[TDXHOST_A_TDMR_NID]));
	json_arr_begin("pamt");
	for_each_nested(pos, nest, TDXHOST_A_TDMR_PAMT, rem) {
		tdxctl_nl_nested(p, TDXHOST_A_PAMT_MAX, pos);
		json_obj_begin(NULL);
		json_str("level", level_of(tdxctl_u32(p[TDXHOST_A_PAMT_LEVEL])));
		json_addr("base", p[TDXHOST_A_PAMT_BASE]);
		json_u64("size", tdxctl_u64(p[TDXHOST_A_PAMT_SIZE]));
		json_obj_end();
	}
	json_arr_end();
	json_u64("pamt_bytes", tdxctl_u64(t[TDXHOST_A_TDMR_PAMT_TOTAL]));
	json_obj_end();
}

/* PAMT sizes of one TDMR nest, by level. */
static void pamt_levels(struct nlattr *nest, uint64_t size[3], struct nlattr *base[3])
{
	struct nlattr *p[TDXHOST_A_PAMT_MAX + 1], *pos;
	int rem;

	memset(size, 0, 3 * sizeof(size[0]));
	memset(base, 0, 3 * sizeof(base[0]));
	for_each_nested(pos, nest, TDXHOST_A_TDMR_PAMT, rem) {
		uint32_t lvl;

		tdxctl_nl_nested(p, TDXHOST_A_PAMT_MAX, pos);
		lvl = tdxctl_u32(p[TDXHOST_A_PAMT_LEVEL]);
		if (lvl < 3) {
			size[lvl] = tdxctl_u64(p[TDXHOST_A_PAMT_SIZE]);
			base[lvl] = p[TDXHOST_A_PAMT_BASE];
		}
	}
}

static void pamt_human(struct nlattr **tb, struct nlattr *msg_attrs, int msg_len)
{
	struct tdxctl_table *t;
	struct nlattr *pos;
	char a[32], b[32], c[32], d[32], e[32], f[32], g[32];
	int rem;

	printf("PAMT %s, %s of %s TDX memory\n",
	       tdxctl_size(a, sizeof(a), tdxctl_u64(tb[TDXHOST_A_PAMT_TOTAL])),
	       tdxctl_ppm(b, sizeof(b), tdxctl_u32(tb[TDXHOST_A_PAMT_PPM])),
	       tdxctl_size(c, sizeof(c), tdxctl_u64(tb[TDXHOST_A_TDX_MEMORY])));
	t = tdxctl_table_new(2);
	tdxctl_table_row(t, "level", "PAMT");
	tdxctl_table_row(t, "4K", tdxctl_size(a, sizeof(a), tdxctl_u64(tb[TDXHOST_A_PAMT_4K])));
	tdxctl_table_row(t, "2M", tdxctl_size(a, sizeof(a), tdxctl_u64(tb[TDXHOST_A_PAMT_2M])));
	tdxctl_table_row(t, "1G", tdxctl_size(a, sizeof(a), tdxctl_u64(tb[TDXHOST_A_PAMT_1G])));
	tdxctl_table_print(t, stdout, "  ");
	tdxctl_table_free(t);

	printf("per TDMR (%u TDMRs covering %s)\n", tdxctl_u32(tb[TDXHOST_A_NR_TDMRS]),
	       tdxctl_size(a, sizeof(a), tdxctl_u64(tb[TDXHOST_A_TDMR_COVERED])));
	t = tdxctl_table_new(7);
	tdxctl_table_row(t, "TDMR", "size", "node", "PAMT 4K", "PAMT 2M", "PAMT 1G", "total");
	nla_for_each_attr(pos, msg_attrs, msg_len, rem) {
		struct nlattr *tt[TDXHOST_A_TDMR_MAX + 1], *base[3];
		uint64_t size[3];

		if (nla_type(pos) != TDXHOST_A_TDMR)
			continue;
		tdxctl_nl_nested(tt, TDXHOST_A_TDMR_MAX, pos);
		pamt_levels(pos, size, base);
		snprintf(a, sizeof(a), "%u", tdxctl_u32(tt[TDXHOST_A_TDMR_INDEX]));
		snprintf(c, sizeof(c), "%d", tdxctl_s32(tt[TDXHOST_A_TDMR_NID]));
		tdxctl_table_row(t, a, tdxctl_size(b, sizeof(b), tdxctl_u64(tt[TDXHOST_A_TDMR_SIZE])),
				 c, tdxctl_size(d, sizeof(d), size[0]),
				 tdxctl_size(e, sizeof(e), size[1]), tdxctl_size(f, sizeof(f), size[2]),
				 tdxctl_size(g, sizeof(g), tdxctl_u64(tt[TDXHOST_A_TDMR_PAMT_TOTAL])));
	}
	tdxctl_table_print(t, stdout, "  ");
	tdxctl_table_free(t);

	printf("per NUMA node\n");
	t = tdxctl_table_new(4);
	tdxctl_table_row(t, "node", "TDX memory", "PAMT", "share");
	nla_for_each_attr(pos, msg_attrs, msg_len, rem) {
		struct nlattr *n[TDXHOST_A_NODE_MAX + 1];

		if (nla_type(pos) != TDXHOST_A_NODE)
			continue;
		tdxctl_nl_nested(n, TDXHOST_A_NODE_MAX, pos);
		snprintf(a, sizeof(a), "%d", tdxctl_s32(n[TDXHOST_A_NODE_ID]));
		tdxctl_table_row(t, a, tdxctl_size(b, sizeof(b), tdxctl_u64(n[TDXHOST_A_NODE_MEMORY])),
				 tdxctl_size(c, sizeof(c), tdxctl_u64(n[TDXHOST_A_NODE_PAMT])),
				 tdxctl_ppm(d, sizeof(d), tdxctl_u32(n[TDXHOST_A_NODE_PPM])));
	}
	tdxctl_table_print(t, stdout, "  ");
	tdxctl_table_free(t);
}

static void pamt_json(struct nlattr **tb, struct nlattr *msg_attrs, int msg_len)
{
	struct nlattr *pos;
	int rem;

	json_obj_begin(NULL);
	json_str("state", tdxctl_str(tb[TDXHOST_A_STATE_NAME]));
	json_bool("addresses_hidden", tb[TDXHOST_A_ADDRS_HIDDEN] != NULL);
	json_u64("tdx_memory_bytes", tdxctl_u64(tb[TDXHOST_A_TDX_MEMORY]));
	json_u64("total_bytes", tdxctl_u64(tb[TDXHOST_A_PAMT_TOTAL]));
	json_u64("ppm", tdxctl_u32(tb[TDXHOST_A_PAMT_PPM]));
	json_obj_begin("levels");
	json_u64("4k", tdxctl_u64(tb[TDXHOST_A_PAMT_4K]));
	json_u64("2m", tdxctl_u64(tb[TDXHOST_A_PAMT_2M]));
	json_u64("1g", tdxctl_u64(tb[TDXHOST_A_PAMT_1G]));
	json_obj_end();
	json_u64("nr_tdmrs", tdxctl_u32(tb[TDXHOST_A_NR_TDMRS]));
	json_u64("tdmr_covered_bytes", tdxctl_u64(tb[TDXHOST_A_TDMR_COVERED]));
	json_arr_begin("tdmrs");
	nla_for_each_attr(pos, msg_attrs, msg_len, rem)
		if (nla_type(pos) == TDXHOST_A_TDMR)
			pamt_tdmr_json(pos);
	json_arr_end();
	json_arr_begin("nodes");
	nla_for_each_attr(pos, msg_attrs, msg_len, rem) {
		struct nlattr *n[TDXHOST_A_NODE_MAX + 1];

		if (nla_type(pos) != TDXHOST_A_NODE)
			continue;
		tdxctl_nl_nested(n, TDXHOST_A_NODE_MAX, pos);
		json_obj_begin(NULL);
		json_s64("node", tdxctl_s32(n[TDXHOST_A_NODE_ID]));
		json_u64("tdx_memory_bytes", tdxctl_u64(n[TDXHOST_A_NODE_MEMORY]));
		json_u64("pamt_bytes", tdxctl_u64(n[TDXHOST_A_NODE_PAMT]));
		json_u64("ppm", tdxctl_u32(n[TDXHOST_A_NODE_PPM]));
		json_obj_end();
	}
	json_arr_end();
	json_obj_end();
	json_done();
}

static int pamt_msg(struct nlattr **tb, void *arg)
{
	struct pamt_arg *pa = arg;
	struct nlattr *attrs;
	int len;

	pa->state = tdxctl_u32(tb[TDXHOST_A_STATE]);
	/* tb[] keeps one TDXHOST_A_TDMR/_NODE: walk the repeated ones. */
	attrs = tdxctl_nl_msg_attrs(&len);
	if (pa->o->json) {
		pamt_json(tb, attrs, len);
		return 0;
	}
	if (pa->state != TDXHOST_STATE_INITIALIZED) {
		printf("no PAMT: TDX is %s (run 'tdxctl enable')\n",
		       tdxctl_str(tb[TDXHOST_A_STATE_NAME]) ?: "?");
		return 0;
	}
	pamt_human(tb, attrs, len);
	return 0;
}

int cmd_pamt(const struct tdxctl_opts *o, int argc, char **argv)
{
	struct pamt_arg pa = { .o = o };
	struct tdxctl_nl *nl;
	int ret = tdxctl_no_args("pamt", argc, argv, "");

	if (ret)
		return ret;
	nl = tdxctl_nl_open(&ret);
	if (!nl)
		return ret;
	ret = tdxctl_nl_call(nl, TDXHOST_CMD_GET_PAMT, false, NULL, pamt_msg, &pa, "pamt");
	tdxctl_nl_close(nl);
	if (ret)
		return ret;
	return pa.state == TDXHOST_STATE_INITIALIZED ? TDXCTL_EXIT_OK : TDXCTL_EXIT_FAILED;
}

/* ---- dumps: tdmrs, cmrs */

struct dump_arg {
	const struct tdxctl_opts *o;
	const char *array;	/* JSON array name */
	bool started;
	bool hidden;
	unsigned int count;
	struct tdxctl_table *table;
};

static void dump_start(struct dump_arg *da, bool hidden)
{
	if (da->started)
		return;
	da->started = true;
	da->hidden = hidden;
	if (da->o->json) {
		json_obj_begin(NULL);
		json_bool("addresses_hidden", hidden);
		json_arr_begin(da->array);
	}
}

static void dump_finish(struct dump_arg *da)
{
	dump_start(da, geteuid() != 0);
	if (da->o->json) {
		json_arr_end();
		json_obj_end();
		json_done();
	}
}

static int tdmr_msg(struct nlattr **tb, void *arg)
{
	struct dump_arg *da = arg;
	struct nlattr *nest = tb[TDXHOST_A_TDMR];
	struct nlattr *t[TDXHOST_A_TDMR_MAX + 1], *r[TDXHOST_A_RSVD_MAX + 1], *pos, *base[3];
	struct tdxctl_table *tab;
	char a[32], b[32], c[32];
	uint64_t size[3], tbase;
	unsigned int lvl;
	int rem;

	if (!nest)
		return 0;
	dump_start(da, tb[TDXHOST_A_ADDRS_HIDDEN] != NULL);
	da->count++;
	tdxctl_nl_nested(t, TDXHOST_A_TDMR_MAX, nest);
	if (da->o->json) {
		json_obj_begin(NULL);
		json_u64("index", tdxctl_u32(t[TDXHOST_A_TDMR_INDEX]));
		json_addr("base", t[TDXHOST_A_TDMR_BASE]);
		json_u64("size", tdxctl_u64(t[TDXHOST_A_TDMR_SIZE]));
		json_s64("nid", tdxctl_s32(t[TDXHOST_A_TDMR_NID]));
		json_u64("nr_reserved", tdxctl_u32(t[TDXHOST_A_TDMR_NR_RSVD]));
		json_arr_begin("reserved");
		for_each_nested(pos, nest, TDXHOST_A_TDMR_RSVD, rem) {
			tdxctl_nl_nested(r, TDXHOST_A_RSVD_MAX, pos);
			json_obj_begin(NULL);
			json_addr("offset", r[TDXHOST_A_RSVD_OFFSET]);
			json_u64("size", tdxctl_u64(r[TDXHOST_A_RSVD_SIZE]));
			json_obj_end();
		}
		json_arr_end();
		pamt_levels(nest, size, base);
		json_arr_begin("pamt");
		for (lvl = 0; lvl < 3; lvl++) {
			json_obj_begin(NULL);
			json_str("level", level_name[lvl]);
			json_addr("base", base[lvl]);
			json_u64("size", size[lvl]);
			json_obj_end();
		}
		json_arr_end();
		json_u64("pamt_bytes", tdxctl_u64(t[TDXHOST_A_TDMR_PAMT_TOTAL]));
		json_obj_end();
		return 0;
	}

	tbase = tdxctl_u64(t[TDXHOST_A_TDMR_BASE]);
	printf("TDMR %u: ", tdxctl_u32(t[TDXHOST_A_TDMR_INDEX]));
	if (t[TDXHOST_A_TDMR_BASE])
		printf("0x%llx-0x%llx, ", (unsigned long long)tbase,
		       (unsigned long long)(tbase + tdxctl_u64(t[TDXHOST_A_TDMR_SIZE])));
	printf("%s, PAMT %s on node %d, %u reserved areas\n",
	       tdxctl_size(a, sizeof(a), tdxctl_u64(t[TDXHOST_A_TDMR_SIZE])),
	       tdxctl_size(b, sizeof(b), tdxctl_u64(t[TDXHOST_A_TDMR_PAMT_TOTAL])),
	       tdxctl_s32(t[TDXHOST_A_TDMR_NID]), tdxctl_u32(t[TDXHOST_A_TDMR_NR_RSVD]));
	tab = tdxctl_table_new(3);
	tdxctl_table_row(tab, "area", "address", "size");
	pamt_levels(nest, size, base);
	for (lvl = 0; lvl < 3; lvl++) {
		snprintf(c, sizeof(c), "PAMT %s", lvl == 0 ? "4K" : lvl == 1 ? "2M" : "1G");
		tdxctl_table_row(tab, c, addr_or_dash(a, sizeof(a), base[lvl]),
				 tdxctl_size(b, sizeof(b), size[lvl]));
	}
	for_each_nested(pos, nest, TDXHOST_A_TDMR_RSVD, rem) {
		tdxctl_nl_nested(r, TDXHOST_A_RSVD_MAX, pos);
		if (r[TDXHOST_A_RSVD_OFFSET])
			snprintf(a, sizeof(a), "0x%llx", (unsigned long long)
				 (tbase + nla_get_u64(r[TDXHOST_A_RSVD_OFFSET])));
		else
			snprintf(a, sizeof(a), "-");
		tdxctl_table_row(tab, "reserved", a,
				 tdxctl_size(b, sizeof(b), tdxctl_u64(r[TDXHOST_A_RSVD_SIZE])));
	}
	tdxctl_table_print(tab, stdout, "  ");
	tdxctl_table_free(tab);
	return 0;
}

static int run_dump(const struct tdxctl_opts *o, const char *name, uint8_t cmd,
		    tdxctl_nl_msg_fn fn, struct dump_arg *da)
{
	struct tdxctl_nl *nl;
	int ret;

	nl = tdxctl_nl_open(&ret);
	if (!nl)
		return ret;
	ret = tdxctl_nl_call(nl, cmd, true, NULL, fn, da, name);
	tdxctl_nl_close(nl);
	return ret;
}

int cmd_tdmrs(const struct tdxctl_opts *o, int argc, char **argv)
{
	struct dump_arg da = { .o = o, .array = "tdmrs" };
	int ret = tdxctl_no_args("tdmrs", argc, argv, "");

	if (ret)
		return ret;
	ret = run_dump(o, "tdmrs", TDXHOST_CMD_GET_TDMRS, tdmr_msg, &da);
	if (ret)
		return ret;
	dump_finish(&da);
	if (!da.count && !o->json) {
		printf("no TDMRs: TDX is not initialized (run 'tdxctl enable')\n");
		return TDXCTL_EXIT_FAILED;
	}
	return TDXCTL_EXIT_OK;
}

static int cmr_msg(struct nlattr **tb, void *arg)
{
	struct dump_arg *da = arg;
	struct nlattr *c[TDXHOST_A_CMR_MAX + 1];
	char a[32], b[32], s[32], i[16];
	uint64_t base, size;

	if (!tb[TDXHOST_A_CMR])
		return 0;
	dump_start(da, tb[TDXHOST_A_ADDRS_HIDDEN] != NULL);
	da->count++;
	tdxctl_nl_nested(c, TDXHOST_A_CMR_MAX, tb[TDXHOST_A_CMR]);
	base = tdxctl_u64(c[TDXHOST_A_CMR_BASE]);
	size = tdxctl_u64(c[TDXHOST_A_CMR_SIZE]);
	if (da->o->json) {
		json_obj_begin(NULL);
		json_u64("index", tdxctl_u32(c[TDXHOST_A_CMR_INDEX]));
		json_addr("base", c[TDXHOST_A_CMR_BASE]);
		json_u64("size", size);
		json_obj_end();
		return 0;
	}
	if (!da->table) {
		da->table = tdxctl_table_new(4);
		tdxctl_table_row(da->table, "CMR", "base", "end", "size");
	}
	snprintf(i, sizeof(i), "%u", tdxctl_u32(c[TDXHOST_A_CMR_INDEX]));
	if (c[TDXHOST_A_CMR_BASE]) {
		snprintf(a, sizeof(a), "0x%llx", (unsigned long long)base);
		snprintf(b, sizeof(b), "0x%llx", (unsigned long long)(base + size));
	} else {
		strcpy(a, "-");
		strcpy(b, "-");
	}
	tdxctl_table_row(da->table, i, a, b, tdxctl_size(s, sizeof(s), size));
	return 0;
}

int cmd_cmrs(const struct tdxctl_opts *o, int argc, char **argv)
{
	struct dump_arg da = { .o = o, .array = "cmrs" };
	int ret = tdxctl_no_args("cmrs", argc, argv, "");

	if (ret)
		return ret;
	ret = run_dump(o, "cmrs", TDXHOST_CMD_GET_CMRS, cmr_msg, &da);
	if (ret)
		return ret;
	dump_finish(&da);
	if (da.table) {
		tdxctl_table_print(da.table, stdout, "");
		tdxctl_table_free(da.table);
	} else if (!o->json) {
		printf("no CMRs reported\n");
	}
	if (!o->json && da.hidden)
		printf("(addresses hidden: needs CAP_SYS_ADMIN)\n");
	return TDXCTL_EXIT_OK;
}
