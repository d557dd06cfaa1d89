// SPDX-License-Identifier: GPL-2.0
/* tdxctl pamt: PAMT memory in total, per level, per TDMR and per NUMA node. */
#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "memview.h"
#include "nl.h"
#include "output.h"

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

static int cmd_pamt(struct tdxctl_opts *o, int argc, char **argv)
{
	struct pamt_arg pa = { .o = o };
	struct tdxctl_nl *nl;
	int ret = tdxctl_args_none("pamt", "usage: tdxctl pamt\n", o, argc, argv);

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

const struct tdxctl_cmd tdxctl_cmd_pamt = {
	.name = "pamt",
	.summary = "PAMT memory: per TDMR, level and NUMA node",
	.run = cmd_pamt,
};
