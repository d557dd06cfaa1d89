// SPDX-License-Identifier: GPL-2.0
/*
 * GET_TDS of the "tdxhost" generic-netlink family: the TDs that exist, one
 * per message (dump) or one by id (do), from the TD list's snapshots, so a
 * reader never waits behind a TD build.  Who owns a TD (pid, command) is
 * for CAP_SYS_ADMIN callers only, like physical addresses elsewhere.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "netlink.h"
#include "netlink_gen.h"
#include "td.h"

static const char *const td_state_names[] = {
	[TDXHOST_TD_CREATED] = "created",
	[TDXHOST_TD_INITIALIZED] = "initialized",
	[TDXHOST_TD_FINALIZED] = "finalized",
	[TDXHOST_TD_DEAD] = "dead",
};

static const char *nl_td_state_str(enum tdxhost_td_state s)
{
	if ((unsigned int)s < ARRAY_SIZE(td_state_names) && td_state_names[s])
		return td_state_names[s];
	return "unknown";
}

static int nl_put_td(struct sk_buff *skb, const struct tdxhost_td_snapshot *s, bool admin)
{
	struct nlattr *nest;

	if (!admin && nla_put_flag(skb, TDXHOST_A_ADDRS_HIDDEN))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, TDXHOST_A_TD);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, TDXHOST_A_TDINFO_ID, s->id) ||
	    nla_put_u32(skb, TDXHOST_A_TDINFO_STATE, s->state) ||
	    nla_put_string(skb, TDXHOST_A_TDINFO_STATE_NAME, nl_td_state_str(s->state)) ||
	    (s->hkid >= 0 && nla_put_u32(skb, TDXHOST_A_TDINFO_KEYID, s->hkid)) ||
	    nla_put_u32(skb, TDXHOST_A_TDINFO_VCPUS, s->nr_vcpus) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_TDINFO_PAGES_CONTROL, s->pages_control,
			      TDXHOST_A_TDINFO_PAD) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_TDINFO_PAGES_SEPT, s->pages_sept,
			      TDXHOST_A_TDINFO_PAD) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_TDINFO_PAGES_PRIVATE, s->pages_private,
			      TDXHOST_A_TDINFO_PAD) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_TDINFO_PAGES_MEASURED, s->pages_measured,
			      TDXHOST_A_TDINFO_PAD) ||
	    (s->mrtd_valid &&
	     nla_put(skb, TDXHOST_A_TDINFO_MRTD, sizeof(s->mrtd), s->mrtd)) ||
	    (admin &&
	     (nla_put_u32(skb, TDXHOST_A_TDINFO_OWNER_PID, s->owner_pid) ||
	      nla_put_string(skb, TDXHOST_A_TDINFO_OWNER_COMM, s->owner_comm)))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int tdxhost_nl_get_tds_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool admin = netlink_capable(skb, CAP_SYS_ADMIN);
	struct tdxhost_td_snapshot *s;
	struct sk_buff *msg;
	void *hdr;
	u32 id, gen;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, TDXHOST_A_TD_ID))
		return -EINVAL;
	id = nla_get_u32(info->attrs[TDXHOST_A_TD_ID]);
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	/* The smallest id above id - 1 is @id itself when it exists. */
	err = id ? tdxhost_td_snapshot(id - 1, s, &gen) : -ENOENT;
	if (!err && s->id != id)
		err = -ENOENT;
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[TDXHOST_A_TD_ID], "no such TD");
		goto out;
	}
	err = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = tdxhost_nl_reply_hdr(msg, info, TDXHOST_CMD_GET_TDS);
	if (!hdr || nl_put_td(msg, s, admin)) {
		nlmsg_free(msg);
		err = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
out:
	kfree(s);
	return err;
}

int tdxhost_nl_get_tds_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	bool admin = netlink_capable(cb->skb, CAP_SYS_ADMIN);
	struct tdxhost_td_snapshot *s;
	u32 after = cb->args[0];	/* the last id sent */
	void *hdr;
	u32 gen;
	int err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	/*
	 * One TD per lock hold, so the list may change between two: a TD
	 * closed after it was sent and another created after that would
	 * both be listed.  The list's generation marks such a dump
	 * NLM_F_DUMP_INTR (also on NLMSG_DONE: cb->seq is set at the end
	 * too), and tdxctl runs it again.
	 */
	for (;;) {
		err = tdxhost_td_snapshot(after, s, &gen);
		cb->seq = tdxhost_nl_dump_seq(gen);
		if (err)
			break;
		hdr = tdxhost_nl_dump_hdr(skb, cb, TDXHOST_CMD_GET_TDS);
		if (!hdr)
			break;
		if (nl_put_td(skb, s, admin)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		tdxhost_nl_dump_end(skb, cb, hdr);
		after = s->id;
	}
	cb->args[0] = after;
	kfree(s);
	return skb->len;
}
