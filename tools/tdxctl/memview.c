// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl: helpers of the memory views (pamt, tdmrs, cmrs).  Addresses are
 * shown only to CAP_SYS_ADMIN callers (the module leaves them out
 * otherwise); sizes and counts to everybody.
 */
#include <string.h>
#include <unistd.h>

#include <linux/tdxhost.h>

#include "memview.h"
#include "output.h"

const char *const level_name[3] = { "4k", "2m", "1g" };

const char *level_of(uint32_t lvl)
{
	return lvl < 3 ? level_name[lvl] : "?";
}

char *addr_or_dash(char *buf, size_t len, struct nlattr *a)
{
	if (!a)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)nla_get_u64(a));
	return buf;
}

void json_addr(const char *key, struct nlattr *a)
{
	if (a)
		json_u64(key, nla_get_u64(a));
	else
		json_null(key);
}

void pamt_levels(struct nlattr *nest, uint64_t size[3], struct nlattr *base[3])
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

void dump_start(struct dump_arg *da, bool hidden)
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

void dump_finish(struct dump_arg *da)
{
	dump_start(da, geteuid() != 0);
	if (da->o->json) {
		json_arr_end();
		json_obj_end();
		json_done();
	}
}

int run_dump(const struct tdxctl_opts *o, const char *name, uint8_t cmd,
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
