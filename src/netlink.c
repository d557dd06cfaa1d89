// SPDX-License-Identifier: GPL-2.0
/*
 * The handlers of the "tdxhost" generic-netlink family: status, enable,
 * PAMT usage, dumps of TDMRs, CMRs and SEAMCALL statistics (global
 * metadata: netlink_md.c; the TD list: netlink_td.c), and the "events"
 * multicast group
 * fed by the state notifier (enable flow, TDs created and destroyed).
 * include/uapi/linux/tdxhost.yaml is the family; its op table, policies and
 * the names it sends are generated (netlink_gen.c, uapi_names.c).
 *
 * Everything is read through the enable API's copy functions, so no handler
 * waits behind a running enable (parallel_ops: no genl_mutex either).
 * Physical addresses go to CAP_SYS_ADMIN callers only; everybody else gets
 * sizes and counts, TDXHOST_A_ADDRS_HIDDEN, and failure texts with long hex
 * numbers masked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "compat.h"
#include "enable.h"
#include "netlink.h"
#include "netlink_gen.h"
#include "seamcall.h"
#include "state.h"
#include "tdx_metadata.h"
#include "tdx_status.h"
#include "uapi_names.h"

/* A GET_PAMT reply: totals, up to 64 TDMRs and the nodes. */
#define NL_PAMT_MSG_SIZE	32768

static struct genl_family tdxhost_genl_family;

static bool nl_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * Copy a failure text for an unprivileged reader: a "0x" number of five or
 * more digits may be an address, so it becomes "0x?".  Short ones (TDMR
 * indexes, leaf numbers) stay.
 */
static void nl_mask_addrs(char *dst, size_t len, const char *src)
{
	size_t o = 0;

	while (*src && o + 1 < len) {
		if (src[0] == '0' && (src[1] == 'x' || src[1] == 'X')) {
			size_t n = 0;

			while (nl_is_hex(src[2 + n]))
				n++;
			if (n >= 5) {
				if (o + 3 >= len)
					break;
				memcpy(dst + o, "0x?", 3);
				o += 3;
				src += 2 + n;
				continue;
			}
		}
		dst[o++] = *src++;
	}
	dst[o] = '\0';
}

unsigned long tdxhost_nl_dump_seq(u32 generation)
{
	return ((unsigned long)generation << 1) | 1;
}

void *tdxhost_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &tdxhost_genl_family, NLM_F_MULTI, cmd);
}

void tdxhost_nl_dump_end(struct sk_buff *skb, struct netlink_callback *cb, void *hdr)
{
	genl_dump_check_consistent(cb, hdr);
	genlmsg_end(skb, hdr);
}

void *tdxhost_nl_reply_hdr(struct sk_buff *msg, struct genl_info *info, u8 cmd)
{
	return genlmsg_put_reply(msg, info, &tdxhost_genl_family, 0, cmd);
}

static int nl_put_failure(struct sk_buff *skb, const struct tdxhost_failure *f, bool admin)
{
	struct tdx_status_decoded d;
	char masked[TDXHOST_MSG_LEN];
	const char *name;
	struct nlattr *nest;

	nest = nla_nest_start(skb, TDXHOST_A_FAILURE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, TDXHOST_A_FAIL_STEP, f->step) ||
	    nla_put_string(skb, TDXHOST_A_FAIL_STEP_NAME, tdxhost_step_str(f->step)) ||
	    nla_put_u32(skb, TDXHOST_A_FAIL_ERRNO, f->err < 0 ? -f->err : f->err))
		goto cancel;
	if (f->leaf != TDX_LEAF_NONE) {
		if (nla_put_u64_64bit(skb, TDXHOST_A_FAIL_LEAF, f->leaf, TDXHOST_A_FAIL_PAD))
			goto cancel;
		name = tdx_leaf_name(f->leaf);
		if (name && nla_put_string(skb, TDXHOST_A_FAIL_LEAF_NAME, name))
			goto cancel;
	}
	if (f->status) {
		tdx_status_decode(f->status, f->leaf, &d);
		if (nla_put_u64_64bit(skb, TDXHOST_A_FAIL_STATUS, f->status, TDXHOST_A_FAIL_PAD) ||
		    (d.name && nla_put_string(skb, TDXHOST_A_FAIL_STATUS_NAME, d.name)) ||
		    nla_put_string(skb, TDXHOST_A_FAIL_HINT, d.hint))
			goto cancel;
	}
	if (f->msg[0]) {
		if (admin)
			strscpy(masked, f->msg, sizeof(masked));
		else
			nl_mask_addrs(masked, sizeof(masked), f->msg);
		if (nla_put_string(skb, TDXHOST_A_FAIL_MSG, masked))
			goto cancel;
	}
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static u32 nl_ppm(u64 part, u64 whole)
{
	if (!whole)
		return 0;
	return (u32)div64_u64(part * 1000000ULL, whole);
}

static int nl_put_pamt_totals(struct sk_buff *skb, const struct tdxhost_status *st)
{
	if (nla_put_u64_64bit(skb, TDXHOST_A_TDX_MEMORY, st->tdx_memory, TDXHOST_A_PAD) ||
	    nla_put_u32(skb, TDXHOST_A_NR_TDX_RANGES, st->nr_tdx_ranges) ||
	    nla_put_u32(skb, TDXHOST_A_NR_TDMRS, st->nr_tdmrs) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_TDMR_COVERED, st->tdmr_covered, TDXHOST_A_PAD) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_PAMT_TOTAL, st->pamt_total, TDXHOST_A_PAD) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_PAMT_4K, st->pamt_level[TDX_PS_4K], TDXHOST_A_PAD) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_PAMT_2M, st->pamt_level[TDX_PS_2M], TDXHOST_A_PAD) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_PAMT_1G, st->pamt_level[TDX_PS_1G], TDXHOST_A_PAD) ||
	    nla_put_u32(skb, TDXHOST_A_PAMT_PPM, nl_ppm(st->pamt_total, st->tdx_memory)))
		return -EMSGSIZE;
	return 0;
}

static int nl_put_status(struct sk_buff *skb, const struct tdxhost_status *st, bool admin)
{
	if (nla_put_u32(skb, TDXHOST_A_GENERATION, st->generation) ||
	    nla_put_u32(skb, TDXHOST_A_STATE, st->state) ||
	    nla_put_string(skb, TDXHOST_A_STATE_NAME, tdxhost_state_str(st->state)) ||
	    nla_put_string(skb, TDXHOST_A_BACKEND, st->backend ? st->backend : "none"))
		return -EMSGSIZE;
	if (!admin && nla_put_flag(skb, TDXHOST_A_ADDRS_HIDDEN))
		return -EMSGSIZE;
	if (st->reason[0] && nla_put_string(skb, TDXHOST_A_REASON, st->reason))
		return -EMSGSIZE;
	if (st->state == TDXHOST_STATE_FAILED && nl_put_failure(skb, &st->failure, admin))
		return -EMSGSIZE;
	if (st->state == TDXHOST_STATE_INITIALIZING &&
	    (nla_put_u32(skb, TDXHOST_A_STEP, st->step) ||
	     nla_put_string(skb, TDXHOST_A_STEP_NAME, tdxhost_step_str(st->step)) ||
	     nla_put_u64_64bit(skb, TDXHOST_A_TDMR_INIT_DONE, st->tdmr_init_done, TDXHOST_A_PAD) ||
	     nla_put_u64_64bit(skb, TDXHOST_A_TDMR_INIT_TOTAL, st->tdmr_init_total,
			       TDXHOST_A_PAD)))
		return -EMSGSIZE;
	if (st->have_sysinfo &&
	    (nla_put_u32(skb, TDXHOST_A_MODULE_MAJOR, st->major) ||
	     nla_put_u32(skb, TDXHOST_A_MODULE_MINOR, st->minor) ||
	     nla_put_u32(skb, TDXHOST_A_MODULE_UPDATE, st->update) ||
	     nla_put_u32(skb, TDXHOST_A_MODULE_INTERNAL, st->internal) ||
	     nla_put_u32(skb, TDXHOST_A_MODULE_BUILD_DATE, st->build_date) ||
	     nla_put_u32(skb, TDXHOST_A_MODULE_BUILD_NUM, st->build_num) ||
	     nla_put_u64_64bit(skb, TDXHOST_A_FEATURES0, st->features0, TDXHOST_A_PAD) ||
	     nla_put_u32(skb, TDXHOST_A_MAX_TDMRS, st->max_tdmrs) ||
	     nla_put_u32(skb, TDXHOST_A_MAX_RSVD_PER_TDMR, st->max_rsvd_per_tdmr) ||
	     nla_put_u32(skb, TDXHOST_A_NR_CMRS, st->nr_cmrs)))
		return -EMSGSIZE;
	if (nla_put_u32(skb, TDXHOST_A_NR_MKTME_KEYIDS, st->nr_mktme_keyids) ||
	    nla_put_u32(skb, TDXHOST_A_NR_TDX_KEYIDS, st->nr_tdx_keyids) ||
	    (st->nr_tdx_keyids &&
	     nla_put_u32(skb, TDXHOST_A_TDX_KEYID_FIRST, st->nr_mktme_keyids + 1)) ||
	    nla_put_u32(skb, TDXHOST_A_GLOBAL_KEYID, st->global_keyid) ||
	    nla_put_u32(skb, TDXHOST_A_HKIDS_IN_USE, st->hkids_in_use) ||
	    nl_put_pamt_totals(skb, st) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_ENABLE_NS, st->enable_ns, TDXHOST_A_PAD) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_ENABLE_SEAMCALLS, st->enable_seamcalls, TDXHOST_A_PAD))
		return -EMSGSIZE;
	if (nla_put_u32(skb, TDXHOST_A_TDS, st->tds) ||
	    nla_put_u32(skb, TDXHOST_A_KEYIDS_FREE, st->hkids_free) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_TD_PAGES, st->td_pages, TDXHOST_A_PAD) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_LEAKED_PAGES, st->leaked_pages, TDXHOST_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/* A status reply, allocated before what it reports is done. */
struct nl_status_reply {
	struct tdxhost_status *st;
	struct sk_buff *msg;
};

static void nl_status_reply_free(struct nl_status_reply *r)
{
	nlmsg_free(r->msg);
	kfree(r->st);
}

static int nl_status_reply_alloc(struct nl_status_reply *r)
{
	r->st = kzalloc(sizeof(*r->st), GFP_KERNEL);
	r->msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!r->st || !r->msg) {
		nl_status_reply_free(r);
		return -ENOMEM;
	}
	return 0;
}

/* Fill @r with the status now and send it to @info; @cmd is the request's command. */
static int nl_status_reply_send(struct nl_status_reply *r, struct sk_buff *skb,
				struct genl_info *info, u8 cmd)
{
	bool admin = netlink_capable(skb, CAP_SYS_ADMIN);
	void *hdr;

	tdxhost_get_status(r->st);
	hdr = genlmsg_put_reply(r->msg, info, &tdxhost_genl_family, 0, cmd);
	if (!hdr || nl_put_status(r->msg, r->st, admin)) {
		NL_SET_ERR_MSG(info->extack, "status does not fit a message");
		nl_status_reply_free(r);
		return -EMSGSIZE;
	}
	genlmsg_end(r->msg, hdr);
	kfree(r->st);
	return genlmsg_reply(r->msg, info);
}

/* Reply to @info with the status; @cmd is the request's command. */
static int nl_reply_status(struct sk_buff *skb, struct genl_info *info, u8 cmd)
{
	struct nl_status_reply r;
	int err = nl_status_reply_alloc(&r);

	return err ?: nl_status_reply_send(&r, skb, info, cmd);
}

int tdxhost_nl_get_status_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nl_reply_status(skb, info, TDXHOST_CMD_GET_STATUS);
}

int tdxhost_nl_enable_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct tdxhost_failure *fail;
	struct nl_status_reply r;
	int err;

	/*
	 * Everything the answer needs first: an enable that succeeded must
	 * not be answered with ENOMEM.
	 */
	fail = kzalloc(sizeof(*fail), GFP_KERNEL);
	if (!fail || nl_status_reply_alloc(&r)) {
		kfree(fail);
		return -ENOMEM;
	}
	err = tdxhost_enable(fail);
	if (err) {
		/*
		 * The whole record is in GET_STATUS (and the failure event).
		 * NL_SET_ERR_MSG() takes literals only; these are static too.
		 */
		if (info->extack)
			info->extack->_msg = tdxhost_step_fail_msg(fail->step);
		kfree(fail);
		nl_status_reply_free(&r);
		return err;
	}
	kfree(fail);
	return nl_status_reply_send(&r, skb, info, TDXHOST_CMD_ENABLE);
}

static int nl_put_pamt_levels(struct sk_buff *skb, const struct tdxhost_tdmr *t, bool admin)
{
	struct nlattr *nest;
	unsigned int lvl;

	for (lvl = 0; lvl < TDX_PS_NR; lvl++) {
		nest = nla_nest_start(skb, TDXHOST_A_TDMR_PAMT);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_u32(skb, TDXHOST_A_PAMT_LEVEL, lvl) ||
		    (admin && nla_put_u64_64bit(skb, TDXHOST_A_PAMT_BASE, t->pamt_base[lvl],
						TDXHOST_A_PAMT_PAD)) ||
		    nla_put_u64_64bit(skb, TDXHOST_A_PAMT_SIZE, t->pamt_size[lvl],
				      TDXHOST_A_PAMT_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int nl_put_rsvd(struct sk_buff *skb, const struct tdxhost_tdmr *t, bool admin)
{
	unsigned int i, nr = min_t(u32, t->nr_rsvd, TDXHOST_MAX_RSVD);
	struct nlattr *nest;

	for (i = 0; i < nr; i++) {
		nest = nla_nest_start(skb, TDXHOST_A_TDMR_RSVD);
		if (!nest)
			return -EMSGSIZE;
		if ((admin && nla_put_u64_64bit(skb, TDXHOST_A_RSVD_OFFSET, t->rsvd[i].offset,
						TDXHOST_A_RSVD_PAD)) ||
		    nla_put_u64_64bit(skb, TDXHOST_A_RSVD_SIZE, t->rsvd[i].size,
				      TDXHOST_A_RSVD_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* One TDXHOST_A_TDMR nest; reserved areas only in the TDMR dump. */
static int nl_put_tdmr(struct sk_buff *skb, const struct tdxhost_tdmr *t, unsigned int idx,
		       bool admin, bool with_rsvd)
{
	u64 pamt = 0;
	struct nlattr *nest;
	unsigned int lvl;

	for (lvl = 0; lvl < TDX_PS_NR; lvl++)
		pamt += t->pamt_size[lvl];
	nest = nla_nest_start(skb, TDXHOST_A_TDMR);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, TDXHOST_A_TDMR_INDEX, idx) ||
	    (admin && nla_put_u64_64bit(skb, TDXHOST_A_TDMR_BASE, t->base, TDXHOST_A_TDMR_PAD)) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_TDMR_SIZE, t->size, TDXHOST_A_TDMR_PAD) ||
	    nla_put_s32(skb, TDXHOST_A_TDMR_NID, t->nid) ||
	    (t->pamt_remote && nla_put_flag(skb, TDXHOST_A_TDMR_PAMT_REMOTE)) ||
	    nla_put_u32(skb, TDXHOST_A_TDMR_NR_RSVD, t->nr_rsvd) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_TDMR_PAMT_TOTAL, pamt, TDXHOST_A_TDMR_PAD) ||
	    nl_put_pamt_levels(skb, t, admin) ||
	    (with_rsvd && nl_put_rsvd(skb, t, admin))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int nl_put_node(struct sk_buff *skb, const struct tdxhost_pamt_node *n)
{
	struct nlattr *nest = nla_nest_start(skb, TDXHOST_A_NODE);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_s32(skb, TDXHOST_A_NODE_ID, n->nid) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_NODE_PAMT, n->pamt_bytes, TDXHOST_A_NODE_PAD) ||
	    nla_put_u64_64bit(skb, TDXHOST_A_NODE_MEMORY, n->tdx_memory, TDXHOST_A_NODE_PAD) ||
	    nla_put_u32(skb, TDXHOST_A_NODE_PPM, nl_ppm(n->pamt_bytes, n->tdx_memory))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int tdxhost_nl_get_pamt_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool admin = netlink_capable(skb, CAP_SYS_ADMIN);
	struct tdxhost_pamt_node node;
	struct tdxhost_status *st;
	struct tdxhost_tdmr *t;
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;
	u32 gen;
	int err = -ENOMEM;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	msg = genlmsg_new(NL_PAMT_MSG_SIZE, GFP_KERNEL);
	if (!st || !t || !msg)
		goto err_free;
	tdxhost_get_status(st);
	hdr = genlmsg_put_reply(msg, info, &tdxhost_genl_family, 0, TDXHOST_CMD_GET_PAMT);
	err = -EMSGSIZE;
	if (!hdr ||
	    nla_put_u32(msg, TDXHOST_A_GENERATION, st->generation) ||
	    nla_put_u32(msg, TDXHOST_A_STATE, st->state) ||
	    nla_put_string(msg, TDXHOST_A_STATE_NAME, tdxhost_state_str(st->state)) ||
	    (!admin && nla_put_flag(msg, TDXHOST_A_ADDRS_HIDDEN)) ||
	    nl_put_pamt_totals(msg, st))
		goto err_size;
	for (i = 0; tdxhost_get_tdmr(i, t, &gen) == 0; i++)
		if (nl_put_tdmr(msg, t, i, admin, false))
			goto err_size;
	for (i = 0; tdxhost_get_pamt_node(i, &node, &gen) == 0; i++)
		if (nl_put_node(msg, &node))
			goto err_size;
	genlmsg_end(msg, hdr);
	kfree(t);
	kfree(st);
	return genlmsg_reply(msg, info);

err_size:
	NL_SET_ERR_MSG(info->extack, "PAMT report does not fit a message");
err_free:
	nlmsg_free(msg);
	kfree(t);
	kfree(st);
	return err;
}

int tdxhost_nl_get_tdmrs_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	bool admin = netlink_capable(cb->skb, CAP_SYS_ADMIN);
	unsigned int idx = cb->args[0];
	struct tdxhost_tdmr *t;
	int err = 0;
	void *hdr;
	u32 gen;

	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	for (;; idx++) {
		gen = cb->seq >> 1;
		err = tdxhost_get_tdmr(idx, t, &gen);
		/* Also for the end, so NLMSG_DONE carries a change. */
		cb->seq = tdxhost_nl_dump_seq(gen);
		if (err)
			break;
		hdr = tdxhost_nl_dump_hdr(skb, cb, TDXHOST_CMD_GET_TDMRS);
		if (!hdr)
			break;
		if ((!admin && nla_put_flag(skb, TDXHOST_A_ADDRS_HIDDEN)) ||
		    nl_put_tdmr(skb, t, idx, admin, true)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		tdxhost_nl_dump_end(skb, cb, hdr);
	}
	cb->args[0] = idx;
	kfree(t);
	if (err && err != -ENOENT)
		return err;
	return skb->len;
}

int tdxhost_nl_get_cmrs_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	bool admin = netlink_capable(cb->skb, CAP_SYS_ADMIN);
	unsigned int idx = cb->args[0];
	struct nlattr *nest;
	u64 base, size;
	int err = 0;
	void *hdr;
	u32 gen;

	for (;; idx++) {
		gen = cb->seq >> 1;
		err = tdxhost_get_cmr(idx, &base, &size, &gen);
		cb->seq = tdxhost_nl_dump_seq(gen);
		if (err)
			break;
		hdr = tdxhost_nl_dump_hdr(skb, cb, TDXHOST_CMD_GET_CMRS);
		if (!hdr)
			break;
		if (!admin && nla_put_flag(skb, TDXHOST_A_ADDRS_HIDDEN))
			goto full;
		nest = nla_nest_start(skb, TDXHOST_A_CMR);
		if (!nest ||
		    nla_put_u32(skb, TDXHOST_A_CMR_INDEX, idx) ||
		    (admin &&
		     nla_put_u64_64bit(skb, TDXHOST_A_CMR_BASE, base, TDXHOST_A_CMR_PAD)) ||
		    nla_put_u64_64bit(skb, TDXHOST_A_CMR_SIZE, size, TDXHOST_A_CMR_PAD))
			goto full;
		nla_nest_end(skb, nest);
		tdxhost_nl_dump_end(skb, cb, hdr);
	}
	cb->args[0] = idx;
	if (err == -ENODATA && !idx) {
		NL_SET_ERR_MSG(cb->extack, "CMRs not known yet: TDX is not enabled");
		return err;
	}
	if (err && err != -ENOENT)
		return err;
	return skb->len;
full:
	genlmsg_cancel(skb, hdr);
	cb->args[0] = idx;
	return skb->len;
}

int tdxhost_nl_get_stats_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	bool all = nla_get_flag(tdxhost_genl_dump_attrs(cb)[TDXHOST_A_STATS_ALL]);
	unsigned int leaf = cb->args[0];
	struct tdxhost_leaf_stats s;
	struct nlattr *nest;
	const char *name;
	void *hdr;

	for (; leaf < TDX_NR_LEAVES; leaf++) {
		tdxhost_seamcall_stats(leaf, &s);
		if (!s.calls && !all)
			continue;
		hdr = tdxhost_nl_dump_hdr(skb, cb, TDXHOST_CMD_GET_STATS);
		if (!hdr)
			break;
		nest = nla_nest_start(skb, TDXHOST_A_STAT);
		name = tdx_leaf_name(leaf);
		if (!nest ||
		    nla_put_u32(skb, TDXHOST_A_STAT_LEAF, leaf) ||
		    (name && nla_put_string(skb, TDXHOST_A_STAT_LEAF_NAME, name)) ||
		    nla_put_u64_64bit(skb, TDXHOST_A_STAT_CALLS, s.calls, TDXHOST_A_STAT_PAD) ||
		    nla_put_u64_64bit(skb, TDXHOST_A_STAT_ERRORS, s.errors, TDXHOST_A_STAT_PAD) ||
		    nla_put_u64_64bit(skb, TDXHOST_A_STAT_LAST_ERROR, s.last_error,
				      TDXHOST_A_STAT_PAD) ||
		    nla_put_u64_64bit(skb, TDXHOST_A_STAT_TIME_NS, s.time_ns, TDXHOST_A_STAT_PAD)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		if (s.last_error) {
			const struct tdx_status_info *si = tdx_status_find(s.last_error);

			if (si && nla_put_string(skb, TDXHOST_A_STAT_LAST_ERROR_NAME, si->name)) {
				genlmsg_cancel(skb, hdr);
				break;
			}
		}
		nla_nest_end(skb, nest);
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = leaf;
	return skb->len;
}

static struct genl_family tdxhost_genl_family __ro_after_init = {
	.name = TDXHOST_GENL_NAME,
	.version = TDXHOST_GENL_VERSION,
	.maxattr = TDXHOST_A_MAX,
	/* Readers must not queue behind an enable holding genl_mutex. */
	.parallel_ops = true,
	.module = THIS_MODULE,
	/* genl_ops, not split ops: 6.1 has only these. */
	.ops = tdxhost_nl_ops,
	.n_ops = ARRAY_SIZE(tdxhost_nl_ops),
	/*
	 * Strict header and attribute checks for every command; one without
	 * a policy refuses every attribute.
	 */
	.resv_start_op = TDXHOST_CMD_GET_STATUS,
	.mcgrps = tdxhost_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(tdxhost_nl_mcgrps),
};

static u32 nl_event_kind(enum tdxhost_event_type type)
{
	switch (type) {
	case TDXHOST_EV_PROGRESS:
		return TDXHOST_EVENT_PROGRESS;
	case TDXHOST_EV_FAILURE:
		return TDXHOST_EVENT_FAILURE;
	case TDXHOST_EV_TD_CREATED:
		return TDXHOST_EVENT_TD_CREATED;
	case TDXHOST_EV_TD_DESTROYED:
		return TDXHOST_EVENT_TD_DESTROYED;
	default:
		return TDXHOST_EVENT_STATE;
	}
}

/* The group is open to everyone, so failure texts are always masked. */
static int nl_event(struct notifier_block *nb, unsigned long action, void *data)
{
	const struct tdxhost_event *ev = data;
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&tdxhost_genl_family, &init_net, TDXHOST_NLGRP_EVENTS))
		return NOTIFY_DONE;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NOTIFY_DONE;
	hdr = genlmsg_put(msg, 0, 0, &tdxhost_genl_family, 0, TDXHOST_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(msg, TDXHOST_A_EVENT_TYPE, nl_event_kind(ev->type)) ||
	    nla_put_u32(msg, TDXHOST_A_STATE, ev->state) ||
	    nla_put_string(msg, TDXHOST_A_STATE_NAME, tdxhost_state_str(ev->state)) ||
	    nla_put_u32(msg, TDXHOST_A_STEP, ev->step) ||
	    nla_put_string(msg, TDXHOST_A_STEP_NAME, tdxhost_step_str(ev->step)) ||
	    (ev->type == TDXHOST_EV_PROGRESS &&
	     nla_put_u32(msg, TDXHOST_A_PERCENT, min_t(u32, ev->percent, 100))) ||
	    (ev->type == TDXHOST_EV_FAILURE && ev->failure &&
	     nl_put_failure(msg, ev->failure, false)) ||
	    ((ev->type == TDXHOST_EV_TD_CREATED || ev->type == TDXHOST_EV_TD_DESTROYED) &&
	     nla_put_u32(msg, TDXHOST_A_TD_ID, ev->td_id))) {
		nlmsg_free(msg);
		return NOTIFY_DONE;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&tdxhost_genl_family, msg, 0, TDXHOST_NLGRP_EVENTS, GFP_KERNEL);
	return NOTIFY_OK;
}

static struct notifier_block nl_event_nb = {
	.notifier_call = nl_event,
};

int tdxhost_netlink_init(void)
{
	int err;

	err = genl_register_family(&tdxhost_genl_family);
	if (err) {
		pr_err("cannot register generic netlink family %s: %d\n", TDXHOST_GENL_NAME, err);
		return err;
	}
	err = tdxhost_event_register(&nl_event_nb);
	if (err) {
		genl_unregister_family(&tdxhost_genl_family);
		return err;
	}
	return 0;
}

void tdxhost_netlink_exit(void)
{
	tdxhost_event_unregister(&nl_event_nb);
	genl_unregister_family(&tdxhost_genl_family);
}

/* `genl-ctrl-list` and any family lookup load the module. */
MODULE_ALIAS_GENL_FAMILY(TDXHOST_GENL_NAME);
