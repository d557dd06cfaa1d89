// SPDX-License-Identifier: GPL-2.0
/* tdxctl metadata: the TDX module's global metadata, field by field. */
#include <stdio.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "nl.h"
#include "output.h"
#include "tdx_metadata.h"

struct metadata_arg {
	const struct tdxctl_opts *o;
	unsigned int count;
	struct tdxctl_table *table;
};

static void field_one(struct metadata_arg *ia, struct nlattr *nest)
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

static int cmd_metadata(struct tdxctl_opts *o, int argc, char **argv)
{
	static const char usage[] = "usage: tdxctl metadata [FIELD-NAME|FIELD-ID]\n";
	struct tdxctl_nl_attr req[2] = { { 0 } };
	struct metadata_arg ia = { .o = o };
	struct tdxctl_args a;
	struct tdxctl_nl *nl;
	int ret;

	tdxctl_args_init(&a, "metadata", usage, o, argc, argv, NULL, NULL);
	if (tdxctl_args_next(&a) != -1 || !tdxctl_args_max(&a, 1))
		return TDXCTL_EXIT_USAGE;
	if (a.nargs) {
		const char *arg = a.args[0];

		if (tdxctl_parse_u64(arg, 0, &req[0].u)) {
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

const struct tdxctl_cmd tdxctl_cmd_metadata = {
	.name = "metadata",
	.summary = "the TDX module's global metadata, field by field",
	.run = cmd_metadata,
};
