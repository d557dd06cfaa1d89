// SPDX-License-Identifier: GPL-2.0
/* tdxctl stats: the SEAMCALL statistics per leaf. */
#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "nl.h"
#include "output.h"

struct stats_arg {
	const struct tdxctl_opts *o;
	unsigned int count;
	struct tdxctl_table *table;
};

static int stat_msg(struct nlattr **tb, void *arg)
{
	struct stats_arg *ia = arg;
	struct nlattr *s[TDXHOST_A_STAT_MAX + 1];
	char leaf[12], calls[24], errs[24], last[64], tm[32], avg[32];
	uint64_t n, ns, le;

	if (!tb[TDXHOST_A_STAT])
		return 0;
	tdxctl_nl_nested(s, TDXHOST_A_STAT_MAX, tb[TDXHOST_A_STAT]);
	n = tdxctl_u64(s[TDXHOST_A_STAT_CALLS]);
	ns = tdxctl_u64(s[TDXHOST_A_STAT_TIME_NS]);
	le = tdxctl_u64(s[TDXHOST_A_STAT_LAST_ERROR]);
	ia->count++;
	if (ia->o->json) {
		json_obj_begin(NULL);
		json_u64("leaf", tdxctl_u32(s[TDXHOST_A_STAT_LEAF]));
		json_str("name", tdxctl_str(s[TDXHOST_A_STAT_LEAF_NAME]));
		json_u64("calls", n);
		json_u64("errors", tdxctl_u64(s[TDXHOST_A_STAT_ERRORS]));
		if (le)
			json_hex("last_error", le);
		else
			json_null("last_error");
		json_str("last_error_name", tdxctl_str(s[TDXHOST_A_STAT_LAST_ERROR_NAME]));
		json_u64("time_ns", ns);
		json_obj_end();
		return 0;
	}
	if (!ia->table) {
		ia->table = tdxctl_table_new(7);
		tdxctl_table_row(ia->table, "leaf", "name", "calls", "errors", "time us", "avg ns",
				 "last error");
	}
	snprintf(leaf, sizeof(leaf), "%u", tdxctl_u32(s[TDXHOST_A_STAT_LEAF]));
	snprintf(calls, sizeof(calls), "%llu", (unsigned long long)n);
	snprintf(errs, sizeof(errs), "%llu", (unsigned long long)tdxctl_u64(s[TDXHOST_A_STAT_ERRORS]));
	snprintf(tm, sizeof(tm), "%llu", (unsigned long long)(ns / 1000));
	snprintf(avg, sizeof(avg), "%llu", (unsigned long long)(n ? ns / n : 0));
	if (le)
		snprintf(last, sizeof(last), "0x%016llx %s", (unsigned long long)le,
			 tdxctl_str(s[TDXHOST_A_STAT_LAST_ERROR_NAME]) ?: "");
	else
		snprintf(last, sizeof(last), "-");
	tdxctl_table_row(ia->table, leaf, tdxctl_str(s[TDXHOST_A_STAT_LEAF_NAME]) ?: "?", calls,
			 errs, tm, avg, last);
	return 0;
}

static int cmd_stats(struct tdxctl_opts *o, int argc, char **argv)
{
	static const char usage[] = "usage: tdxctl stats [--all]\n";
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdxctl_nl_attr req[2] = { { 0 } };
	struct stats_arg ia = { .o = o };
	struct tdxctl_args a;
	struct tdxctl_nl *nl;
	int c, ret;

	tdxctl_args_init(&a, "stats", usage, o, argc, argv, "a", longopts);
	while ((c = tdxctl_args_next(&a)) != -1) {
		switch (c) {
		case 'a':
			req[0].type = TDXHOST_A_STATS_ALL;
			req[0].kind = 'f';
			break;
		default:
			return TDXCTL_EXIT_USAGE;
		}
	}
	if (!tdxctl_args_max(&a, 0))
		return TDXCTL_EXIT_USAGE;
	nl = tdxctl_nl_open(&ret);
	if (!nl)
		return ret;
	if (o->json) {
		json_obj_begin(NULL);
		json_arr_begin("leaves");
	}
	ret = tdxctl_nl_call(nl, TDXHOST_CMD_GET_STATS, true, req, stat_msg, &ia, "stats");
	tdxctl_nl_close(nl);
	if (o->json) {
		json_arr_end();
		json_obj_end();
		json_done();
	} else if (ia.table) {
		tdxctl_table_print(ia.table, stdout, "");
		tdxctl_table_free(ia.table);
	} else if (!ret) {
		printf("no SEAMCALLs made yet\n");
	}
	return ret;
}

const struct tdxctl_cmd tdxctl_cmd_stats = {
	.name = "stats",
	.summary = "SEAMCALL statistics per leaf",
	.run = cmd_stats,
};
