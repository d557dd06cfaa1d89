// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl tdmrs: every TDMR with its reserved areas and where its PAMTs are,
 * and whether they lost node-local PAMT (chunks shared by nodes).
 */
#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "memview.h"
#include "nl.h"
#include "output.h"

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
		json_bool("pamt_node_local", !t[TDXHOST_A_TDMR_PAMT_REMOTE]);
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
	printf("%s, PAMT %s on node %d%s, %u reserved areas\n",
	       tdxctl_size(a, sizeof(a), tdxctl_u64(t[TDXHOST_A_TDMR_SIZE])),
	       tdxctl_size(b, sizeof(b), tdxctl_u64(t[TDXHOST_A_TDMR_PAMT_TOTAL])),
	       tdxctl_s32(t[TDXHOST_A_TDMR_NID]),
	       t[TDXHOST_A_TDMR_PAMT_REMOTE] ? " (not node-local)" : "",
	       tdxctl_u32(t[TDXHOST_A_TDMR_NR_RSVD]));
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

static int cmd_tdmrs(struct tdxctl_opts *o, int argc, char **argv)
{
	struct dump_arg da = { .o = o, .array = "tdmrs" };
	int ret = tdxctl_args_none("tdmrs", "usage: tdxctl tdmrs\n", o, argc, argv);

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

const struct tdxctl_cmd tdxctl_cmd_tdmrs = {
	.name = "tdmrs",
	.summary = "the TDMRs with reserved areas and PAMT placement",
	.run = cmd_tdmrs,
};
