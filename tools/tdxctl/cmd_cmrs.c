// SPDX-License-Identifier: GPL-2.0
/* tdxctl cmrs: the convertible memory regions the TDX module reports. */
#include <string.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "memview.h"
#include "nl.h"
#include "output.h"

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

static int cmd_cmrs(struct tdxctl_opts *o, int argc, char **argv)
{
	struct dump_arg da = { .o = o, .array = "cmrs" };
	int ret = tdxctl_args_none("cmrs", "usage: tdxctl cmrs\n", o, argc, argv);

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

const struct tdxctl_cmd tdxctl_cmd_cmrs = {
	.name = "cmrs",
	.summary = "the convertible memory regions",
	.run = cmd_cmrs,
};
