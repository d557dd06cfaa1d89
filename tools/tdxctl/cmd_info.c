// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl metadata and stats: the TDX module's global metadata, field by
 * field, and the SEAMCALL statistics per leaf.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "tdx_metadata.h"

struct info_arg {
	const struct tdxctl_opts *o;
	unsigned int count;
	struct tdxctl_table *table;
};

static void field_one(struct info_arg *ia, struct nlattr *nest)
{
	struct nlattr *f[TDXHOST_A_FIELD_MAX + 1];
	char id[24], idx[16], bits[8], val[40];
	uint64_t v;

	tdxctl_nl_nested(f, TDXHOST_A_FIELD_MAX, nest);
	v = tdxctl_u64(f[TDXHOST_A_FIELD_VALUE]);
	ia->count++;
	if (ia->o->json) {
		json_obj_begin(NULL);
		json_hex("id", tdxctl_u64(f[TDXHOST_A_FIELD_ID]));
		json_str("name", tdxctl_str(f[TDXHOST_A_FIELD_NAME]));
		json_u64("index", tdxctl_u32(f[TDXHOST_A_FIELD_INDEX]));
		json_u64("bits", tdxctl_u32(f[TDXHOST_A_FIELD_BITS]));
		json_bool("present", !f[TDXHOST_A_FIELD_ABSENT]);
		json_bool("hidden", f[TDXHOST_A_FIELD_HIDDEN] != NULL);
		if (f[TDXHOST_A_FIELD_VALUE]) {
			json_u64("value", v);
			json_hex("value_hex", v);
		} else {
			json_null("value");
			json_null("value_hex");
		}
		json_obj_end();
		return;
	}
	if (!ia->table) {
		ia->table = tdxctl_table_new(5);
		tdxctl_table_row(ia->table, "field id", "name", "index", "bits", "value");
	}
	snprintf(id, sizeof(id), "0x%016llx", (unsigned long long)tdxctl_u64(f[TDXHOST_A_FIELD_ID]));
	snprintf(idx, sizeof(idx), "%u", tdxctl_u32(f[TDXHOST_A_FIELD_INDEX]));
	snprintf(bits, sizeof(bits), "%u", tdxctl_u32(f[TDXHOST_A_FIELD_BITS]));
	if (f[TDXHOST_A_FIELD_ABSENT])
		snprintf(val, sizeof(val), "absent");
	else if (f[TDXHOST_A_FIELD_HIDDEN])
		snprintf(val, sizeof(val), "hidden");
	else if (tdxctl_u32(f[TDXHOST_A_FIELD_BITS]) <= 32)
		snprintf(val, sizeof(val), "%llu", (unsigned long long)v);
	else
		snprintf(val, sizeof(val), "0x%llx", (unsigned long long)v);
	tdxctl_table_row(ia->table, id, tdxctl_str(f[TDXHOST_A_FIELD_NAME]), idx, bits, val);
}

static int field_msg(struct nlattr **tb, void *arg)
{
	struct nlattr *pos, *attrs;
	int len, rem;

	/* A do reply has one TDXHOST_A_FIELD per element; a dump message one. */
	attrs = tdxctl_nl_msg_attrs(&len);
	nla_for_each_attr(pos, attrs, len, rem)
		if (nla_type(pos) == TDXHOST_A_FIELD)
			field_one(arg, pos);
	return 0;
}

int cmd_metadata(const struct tdxctl_opts *o, int argc, char **argv)
{
	static const char usage[] = "usage: tdxctl metadata [FIELD-NAME|FIELD-ID]\n";
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdxctl_nl_attr req[2] = { { 0 } };
	struct info_arg ia = { .o = o };
	struct tdxctl_nl *nl;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return TDXCTL_EXIT_OK;
		}
		fputs(usage, stderr);
		return TDXCTL_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		fputs(usage, stderr);
		return TDXCTL_EXIT_USAGE;
	}
	if (optind < argc) {
		const char *arg = argv[optind];
		char *end;

		errno = 0;
		req[0].u = strtoull(arg, &end, 0);
		if (!errno && !*end && end != arg) {
			req[0].type = TDXHOST_A_MD_ID;
			req[0].kind = 'u';
		} else {
			if (!tdx_md_field_by_name(arg)) {
				fprintf(stderr, "tdxctl metadata: no field named '%s'\n", arg);
				return TDXCTL_EXIT_USAGE;
			}
			req[0].type = TDXHOST_A_MD_NAME;
			req[0].kind = 's';
			req[0].s = arg;
		}
	}
	nl = tdxctl_nl_open(&ret);
	if (!nl)
		return ret;
	if (o->json) {
		json_obj_begin(NULL);
		json_arr_begin("fields");
	}
	ret = tdxctl_nl_call(nl, TDXHOST_CMD_GET_METADATA, !req[0].type, req, field_msg, &ia,
			     "metadata");
	tdxctl_nl_close(nl);
	if (o->json) {
		json_arr_end();
		json_obj_end();
		json_done();
	}
	if (ia.table) {
		tdxctl_table_print(ia.table, stdout, "");
		tdxctl_table_free(ia.table);
	}
	return ret;
}

/* ---- stats */

static int stat_msg(struct nlattr **tb, void *arg)
{
	struct info_arg *ia = arg;
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

int cmd_stats(const struct tdxctl_opts *o, int argc, char **argv)
{
	static const char usage[] = "usage: tdxctl stats [--all]\n";
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdxctl_nl_attr req[2] = { { 0 } };
	struct info_arg ia = { .o = o };
	struct tdxctl_nl *nl;
	int c, ret;

	while ((c = getopt_long(argc, argv, "ah", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			req[0].type = TDXHOST_A_STATS_ALL;
			req[0].kind = 'f';
			break;
		case 'h':
			fputs(usage, stdout);
			return TDXCTL_EXIT_OK;
		default:
			fputs(usage, stderr);
			return TDXCTL_EXIT_USAGE;
		}
	}
	if (tdxctl_extra_args("stats", argc, argv, usage))
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
