// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl td list / td show ID: the TDs that exist on this host, from the
 * GET_TDS dump (or do, by id) of the tdxhost netlink family.  Who owns a
 * TD (pid, command) is sent to CAP_SYS_ADMIN callers only.
 */
#include <stdio.h>
#include <string.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "memview.h"
#include "nl.h"
#include "output.h"
#include "td_list.h"

#define MRTD_LEN	48

struct td_row {
	uint32_t id, state, vcpus, keyid;
	bool has_keyid, has_owner, has_mrtd;
	const char *state_name, *comm;
	uint32_t pid;
	uint64_t control, sept, priv, measured;
	char mrtd[2 * MRTD_LEN + 1];
};

static void td_parse(struct nlattr *nest, struct td_row *r)
{
	struct nlattr *t[TDXHOST_A_TDINFO_MAX + 1];
	const unsigned char *m;
	int i;

	memset(r, 0, sizeof(*r));
	tdxctl_nl_nested(t, TDXHOST_A_TDINFO_MAX, nest);
	r->id = tdxctl_u32(t[TDXHOST_A_TDINFO_ID]);
	r->state = tdxctl_u32(t[TDXHOST_A_TDINFO_STATE]);
	r->state_name = tdxctl_str(t[TDXHOST_A_TDINFO_STATE_NAME]) ?: "?";
	r->has_keyid = t[TDXHOST_A_TDINFO_KEYID] != NULL;
	r->keyid = tdxctl_u32(t[TDXHOST_A_TDINFO_KEYID]);
	r->vcpus = tdxctl_u32(t[TDXHOST_A_TDINFO_VCPUS]);
	r->control = tdxctl_u64(t[TDXHOST_A_TDINFO_PAGES_CONTROL]);
	r->sept = tdxctl_u64(t[TDXHOST_A_TDINFO_PAGES_SEPT]);
	r->priv = tdxctl_u64(t[TDXHOST_A_TDINFO_PAGES_PRIVATE]);
	r->measured = tdxctl_u64(t[TDXHOST_A_TDINFO_PAGES_MEASURED]);
	if (t[TDXHOST_A_TDINFO_MRTD] && nla_len(t[TDXHOST_A_TDINFO_MRTD]) == MRTD_LEN) {
		r->has_mrtd = true;
		m = nla_data(t[TDXHOST_A_TDINFO_MRTD]);
		for (i = 0; i < MRTD_LEN; i++)
			sprintf(r->mrtd + 2 * i, "%02x", m[i]);
	}
	r->has_owner = t[TDXHOST_A_TDINFO_OWNER_PID] != NULL;
	r->pid = tdxctl_u32(t[TDXHOST_A_TDINFO_OWNER_PID]);
	r->comm = tdxctl_str(t[TDXHOST_A_TDINFO_OWNER_COMM]);
}

static void td_json(const struct td_row *r)
{
	json_obj_begin(NULL);
	json_u64("id", r->id);
	json_str("state", r->state_name);
	if (r->has_keyid)
		json_u64("keyid", r->keyid);
	else
		json_null("keyid");
	json_u64("vcpus", r->vcpus);
	json_obj_begin("pages");
	json_u64("control", r->control);
	json_u64("sept", r->sept);
	json_u64("private", r->priv);
	json_u64("measured", r->measured);
	json_u64("total", r->control + r->sept + r->priv);
	json_obj_end();
	json_str("mrtd", r->has_mrtd ? r->mrtd : NULL);
	if (r->has_owner) {
		json_obj_begin("owner");
		json_u64("pid", r->pid);
		json_str("comm", r->comm);
		json_obj_end();
	} else {
		json_null("owner");
	}
	json_obj_end();
}

static void owner_text(const struct td_row *r, char *buf, size_t len)
{
	if (r->has_owner)
		snprintf(buf, len, "%u (%s)", r->pid, r->comm ?: "?");
	else
		snprintf(buf, len, "-");
}

static int list_msg(struct nlattr **tb, void *arg)
{
	struct dump_arg *da = arg;
	char id[16], vcpus[16], keyid[16], pages[32], owner[48];
	struct td_row r;

	if (!tb[TDXHOST_A_TD])
		return 0;
	dump_start(da, tb[TDXHOST_A_ADDRS_HIDDEN] != NULL);
	da->count++;
	td_parse(tb[TDXHOST_A_TD], &r);
	if (da->o->json) {
		td_json(&r);
		return 0;
	}
	snprintf(id, sizeof(id), "%u", r.id);
	snprintf(keyid, sizeof(keyid), r.has_keyid ? "%u" : "-", r.keyid);
	snprintf(vcpus, sizeof(vcpus), "%u", r.vcpus);
	snprintf(pages, sizeof(pages), "%llu", (unsigned long long)(r.control + r.sept + r.priv));
	owner_text(&r, owner, sizeof(owner));
	tdxctl_table_row(da->table, id, r.state_name, keyid, vcpus, pages, owner);
	return 0;
}

static int td_list(struct tdxctl_opts *o, int argc, char **argv)
{
	struct dump_arg da = { .o = o, .array = "tds" };
	int ret = tdxctl_args_none("td list", "usage: tdxctl td list\n", o, argc, argv);

	if (ret)
		return ret;
	if (!o->json) {
		da.table = tdxctl_table_new(6);
		tdxctl_table_row(da.table, "ID", "STATE", "KEYID", "VCPUS", "PAGES", "OWNER");
	}
	ret = run_dump(o, "td list", TDXHOST_CMD_GET_TDS, list_msg, &da);
	if (!ret) {
		dump_finish(&da);
		if (!o->json) {
			if (da.count)
				tdxctl_table_print(da.table, stdout, "");
			else
				printf("no TDs\n");
		}
	}
	if (da.table)
		tdxctl_table_free(da.table);
	return ret;
}

static int show_msg(struct nlattr **tb, void *arg)
{
	const struct tdxctl_opts *o = arg;
	char buf[160];
	struct td_row r;

	if (!tb[TDXHOST_A_TD])
		return 0;
	td_parse(tb[TDXHOST_A_TD], &r);
	if (o->json) {
		td_json(&r);
		json_done();
		return 0;
	}
	owner_text(&r, buf, sizeof(buf));
	printf("%-8s%u\n", "TD", r.id);
	printf("%-8s%s\n", "state", r.state_name);
	if (r.has_keyid)
		printf("%-8s%u\n", "KeyID", r.keyid);
	else
		printf("%-8s-\n", "KeyID");
	printf("%-8s%u\n", "vCPUs", r.vcpus);
	printf("%-8s%llu control, %llu SEPT, %llu private (%llu measured)\n", "pages",
	       (unsigned long long)r.control, (unsigned long long)r.sept,
	       (unsigned long long)r.priv, (unsigned long long)r.measured);
	printf("%-8s%s\n", "MRTD", r.has_mrtd ? r.mrtd : "- (known once finalized)");
	printf("%-8s%s\n", "owner", r.has_owner ? buf : "- (needs CAP_SYS_ADMIN)");
	return 0;
}

static int td_show(struct tdxctl_opts *o, int argc, char **argv)
{
	static const char usage[] = "usage: tdxctl td show ID\n";
	struct tdxctl_nl_attr attrs[] = {
		{ .type = TDXHOST_A_TD_ID, .kind = '4' },
		{ 0 },
	};
	struct tdxctl_args a;
	struct tdxctl_nl *nl;
	uint64_t id;
	int ret;

	tdxctl_args_init(&a, "td show", usage, o, argc, argv, NULL, NULL);
	while (tdxctl_args_next(&a) != -1)
		return TDXCTL_EXIT_USAGE;
	if (!tdxctl_args_max(&a, 1))
		return TDXCTL_EXIT_USAGE;
	if (!a.nargs || !tdxctl_parse_range(a.args[0], 10, 1, UINT32_MAX, &id)) {
		fprintf(stderr, "tdxctl td show: %s\n%s",
			a.nargs ? "ID wants a TD id (1..4294967295)" : "no ID", usage);
		return TDXCTL_EXIT_USAGE;
	}
	attrs[0].u = id;
	nl = tdxctl_nl_open(&ret);
	if (!nl)
		return ret;
	ret = tdxctl_nl_call(nl, TDXHOST_CMD_GET_TDS, false, attrs, show_msg, o, "td show");
	tdxctl_nl_close(nl);
	return ret;
}

const struct td_subcmd td_subcmd_list = {
	"list", "the TDs on this host (id, state, KeyID, vCPUs, pages, owner)", td_list,
};
const struct td_subcmd td_subcmd_show = {
	"show", "one TD: its pages by kind and its MRTD once finalized", td_show,
};
