// SPDX-License-Identifier: GPL-2.0
/*
 * GET_METADATA of the "tdxhost" generic-netlink family: the TDX module's
 * global metadata as the enable read it, every element (dump) or one field
 * by name or id (do).  CMR base addresses are physical addresses: for
 * CAP_SYS_ADMIN callers only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "netlink.h"
#include "netlink_gen.h"
#include "state.h"
#include "tdx_metadata.h"

/* A GET_METADATA do reply: up to 256 elements of one field. */
#define NL_FIELD_MSG_SIZE	32768

static int nl_put_field(struct sk_buff *skb, const struct tdx_md_value *v, bool hidden)
{
	struct nlattr *nest = nla_nest_start(skb, TDXHOST_A_FIELD);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, TDXHOST_A_FIELD_ID, v->id, TDXHOST_A_FIELD_PAD) ||
	    nla_put_string(skb, TDXHOST_A_FIELD_NAME, v->field->name) ||
	    nla_put_u32(skb, TDXHOST_A_FIELD_INDEX, v->index) ||
	    nla_put_u32(skb, TDXHOST_A_FIELD_BITS, v->field->elem_bits) ||
	    (!v->present && nla_put_flag(skb, TDXHOST_A_FIELD_ABSENT)) ||
	    (v->present && hidden && nla_put_flag(skb, TDXHOST_A_FIELD_HIDDEN)) ||
	    (v->present && !hidden &&
	     nla_put_u64_64bit(skb, TDXHOST_A_FIELD_VALUE, v->value, TDXHOST_A_FIELD_PAD))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* CMR base addresses are physical addresses. */
static bool nl_field_hidden(const struct tdx_md_value *v, bool admin)
{
	unsigned int nr;

	return !admin && v->field == &tdx_md_fields(&nr)[TDX_MD_CMR_BASE];
}

int tdxhost_nl_get_metadata_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	bool admin = netlink_capable(cb->skb, CAP_SYS_ADMIN);
	struct tdx_md_iter it = { cb->args[0], cb->args[1] };
	struct tdx_md_iter before;
	struct tdx_md_value val;
	struct tdx_sysinfo *si;
	void *hdr;
	u32 gen;
	int err;

	si = kmalloc(sizeof(*si), GFP_KERNEL);
	if (!si)
		return -ENOMEM;
	err = tdxhost_get_sysinfo(si, &gen);
	if (err) {
		if (err == -ENODATA)
			NL_SET_ERR_MSG(cb->extack,
				       "global metadata not read yet: TDX is not enabled");
		kfree(si);
		return err;
	}
	cb->seq = tdxhost_nl_dump_seq(gen);
	for (;;) {
		before = it;
		if (!tdx_md_iter_next(si, &it, &val))
			break;
		hdr = tdxhost_nl_dump_hdr(skb, cb, TDXHOST_CMD_GET_METADATA);
		if (!hdr) {
			it = before;
			break;
		}
		if (nl_put_field(skb, &val, nl_field_hidden(&val, admin))) {
			genlmsg_cancel(skb, hdr);
			it = before;
			break;
		}
		tdxhost_nl_dump_end(skb, cb, hdr);
	}
	cb->args[0] = it.field;
	cb->args[1] = it.elem;
	kfree(si);
	return skb->len;
}

/* GET_METADATA do: one field (all its elements) by name, or one element by id. */
int tdxhost_nl_get_metadata_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool admin = netlink_capable(skb, CAP_SYS_ADMIN);
	struct nlattr *id_attr = info->attrs[TDXHOST_A_MD_ID];
	struct nlattr *name_attr = info->attrs[TDXHOST_A_MD_NAME];
	struct tdx_md_iter it = TDX_MD_ITER_INIT;
	const struct tdx_md_field *f;
	struct tdx_md_value val;
	struct tdx_sysinfo *si;
	struct sk_buff *msg;
	u64 id = 0;
	void *hdr;
	u32 gen;
	int err;

	if (!id_attr && !name_attr) {
		NL_SET_ERR_MSG(info->extack, "give the field: TDXHOST_A_MD_ID or TDXHOST_A_MD_NAME");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, TDXHOST_A_MD_NAME);
		return -EINVAL;
	}
	if (id_attr && name_attr) {
		NL_SET_ERR_MSG_ATTR(info->extack, name_attr,
				    "TDXHOST_A_MD_ID and TDXHOST_A_MD_NAME together");
		return -EINVAL;
	}
	if (id_attr) {
		id = nla_get_u64(id_attr);
		f = tdx_md_field_by_id(id);
	} else {
		f = tdx_md_field_by_name(nla_data(name_attr));
	}
	if (!f) {
		NL_SET_ERR_MSG_ATTR(info->extack, id_attr ? id_attr : name_attr,
				    "no such global metadata field");
		return -ENOENT;
	}

	si = kmalloc(sizeof(*si), GFP_KERNEL);
	msg = genlmsg_new(NL_FIELD_MSG_SIZE, GFP_KERNEL);
	err = -ENOMEM;
	if (!si || !msg)
		goto out_free;
	err = tdxhost_get_sysinfo(si, &gen);
	if (err) {
		if (err == -ENODATA)
			NL_SET_ERR_MSG(info->extack,
				       "global metadata not read yet: TDX is not enabled");
		goto out_free;
	}
	hdr = tdxhost_nl_reply_hdr(msg, info, TDXHOST_CMD_GET_METADATA);
	err = -EMSGSIZE;
	if (!hdr || nla_put_u32(msg, TDXHOST_A_GENERATION, gen))
		goto out_free;
	while (tdx_md_iter_next(si, &it, &val)) {
		if (val.field != f || (id_attr && val.present && val.id != id))
			continue;
		if (nl_put_field(msg, &val, nl_field_hidden(&val, admin)))
			goto out_free;
	}
	genlmsg_end(msg, hdr);
	kfree(si);
	return genlmsg_reply(msg, info);

out_free:
	nlmsg_free(msg);
	kfree(si);
	return err;
}
