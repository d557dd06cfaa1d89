// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl's client of the "tdxhost" generic-netlink family (libnl-genl-3).
 *
 * Extended acks are on, so the kernel's own words about a refused request
 * are printed.  Dumps are collected whole before the caller sees them: if
 * the module's state changed meanwhile (NLM_F_DUMP_INTR) the dump is run
 * again, so the output is always from one generation.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/tdxhost.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "tdxctl.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define DUMP_TRIES	5

struct tdxctl_nl {
	struct nl_sock *sk;
	int family;
	/* Per call */
	bool done;
	bool dump;
	bool intr;
	int err;			/* positive errno from the kernel */
	char extack[256];
	int miss_type;			/* NLMSGERR_ATTR_MISS_TYPE or -1 */
	struct nlmsghdr **msgs;		/* a dump's messages, copied */
	size_t nr_msgs, cap_msgs;
	tdxctl_nl_msg_fn fn;
	void *arg;
	int fn_ret;
};

static bool module_loaded(void)
{
	return access("/sys/module/tdxhost", F_OK) == 0;
}

static struct tdxctl_nl *tdxctl_nl_connect(int *exit_code)
{
	struct tdxctl_nl *nl = calloc(1, sizeof(*nl));
	int one = 1;

	if (!nl)
		abort();
	nl->sk = nl_socket_alloc();
	if (!nl->sk || genl_connect(nl->sk)) {
		fprintf(stderr, "tdxctl: cannot open a generic netlink socket\n");
		*exit_code = TDXCTL_EXIT_FAILED;
		goto fail;
	}
	/* Best effort: old kernels simply give no extack text. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Replies up to 32 KiB (GET_PAMT, one metadata field). */
	nl_socket_set_msg_buf_size(nl->sk, 65536);
	nl_socket_enable_msg_peek(nl->sk);
	nl_socket_disable_auto_ack(nl->sk);

	nl->family = genl_ctrl_resolve(nl->sk, TDXHOST_GENL_NAME);
	if (nl->family < 0) {
		if (module_loaded())
			fprintf(stderr, "tdxctl: tdxhost is loaded but has no netlink family \"%s\" (a different version?)\n",
				TDXHOST_GENL_NAME);
		else
			fprintf(stderr, "tdxctl: the tdxhost module is not loaded (try: modprobe tdxhost)\n");
		*exit_code = TDXCTL_EXIT_UNAVAILABLE;
		goto fail;
	}
	return nl;
fail:
	if (nl->sk)
		nl_socket_free(nl->sk);
	free(nl);
	return NULL;
}

struct tdxctl_nl *tdxctl_nl_open(int *exit_code)
{
	return tdxctl_nl_connect(exit_code);
}

void tdxctl_nl_close(struct tdxctl_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

int tdxctl_nl_errno(const struct tdxctl_nl *nl)
{
	return nl->err;
}

bool tdxctl_nl_dump_interrupted(const struct tdxctl_nl *nl)
{
	return nl->intr;
}

int tdxctl_nl_nested(struct nlattr **tb, int max, struct nlattr *nest)
{
	memset(tb, 0, sizeof(*tb) * (max + 1));
	if (!nest)
		return -1;
	return nla_parse_nested(tb, max, nest, NULL);
}

uint64_t tdxctl_u64(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

uint32_t tdxctl_u32(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

int32_t tdxctl_s32(struct nlattr *a)
{
	return a ? (int32_t)nla_get_u32(a) : 0;
}

const char *tdxctl_str(struct nlattr *a)
{
	return a ? nla_get_string(a) : NULL;
}

/* The TLVs after an error or a NLMSG_DONE status: the extack. */
static void parse_ext_ack(struct tdxctl_nl *nl, const struct nlmsghdr *nlh, size_t skip)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t len = nlh->nlmsg_len - NLMSG_HDRLEN;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= skip)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)NLMSG_DATA(nlh) + skip),
		      (int)(len - skip), NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(nl->extack, sizeof(nl->extack), "%s", nla_get_string(tb[NLMSGERR_ATTR_MSG]));
#ifdef NLMSGERR_ATTR_MISS_TYPE
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		nl->miss_type = (int)nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
#endif
}

static int err_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct tdxctl_nl *nl = arg;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t skip = sizeof(*e);

	nl->err = -e->error;
	nl->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		skip += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	parse_ext_ack(nl, nlh, skip);
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct tdxctl_nl *nl = arg;

	nl->done = true;
	return NL_STOP;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct tdxctl_nl *nl = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	nl->done = true;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		nl->intr = true;
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		int e;

		memcpy(&e, NLMSG_DATA(nlh), sizeof(e));
		if (e < 0) {
			nl->err = -e;
			parse_ext_ack(nl, nlh, sizeof(int));
		}
	}
	return NL_STOP;
}

static int intr_cb(struct nl_msg *msg, void *arg)
{
	struct tdxctl_nl *nl = arg;

	nl->intr = true;
	return NL_OK;
}

/* The message being delivered, for tdxctl_nl_msg_attrs(). */
static struct nlmsghdr *cur_msg;

struct nlattr *tdxctl_nl_msg_attrs(int *len)
{
	*len = cur_msg ? genlmsg_attrlen(nlmsg_data(cur_msg), 0) : 0;
	return cur_msg ? genlmsg_attrdata(nlmsg_data(cur_msg), 0) : NULL;
}

static int deliver(struct tdxctl_nl *nl, struct nlmsghdr *nlh)
{
	struct nlattr *tb[TDXHOST_A_MAX + 1];
	int ret;

	if (genlmsg_parse(nlh, 0, tb, TDXHOST_A_MAX, NULL))
		return 0;	/* a newer module's message: skip what cannot be parsed */
	cur_msg = nlh;
	ret = nl->fn ? nl->fn(tb, nl->arg) : 0;
	cur_msg = NULL;
	return ret;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct tdxctl_nl *nl = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlmsghdr *copy;

	if (!nl->dump) {
		if (!nl->fn_ret)
			nl->fn_ret = deliver(nl, nlh);
		return NL_OK;
	}
	if (nl->nr_msgs == nl->cap_msgs) {
		nl->cap_msgs = nl->cap_msgs ? 2 * nl->cap_msgs : 64;
		nl->msgs = realloc(nl->msgs, nl->cap_msgs * sizeof(*nl->msgs));
		if (!nl->msgs)
			abort();
	}
	copy = malloc(nlh->nlmsg_len);
	if (!copy)
		abort();
	memcpy(copy, nlh, nlh->nlmsg_len);
	nl->msgs[nl->nr_msgs++] = copy;
	return NL_OK;
}

static void drop_msgs(struct tdxctl_nl *nl)
{
	size_t i;

	for (i = 0; i < nl->nr_msgs; i++)
		free(nl->msgs[i]);
	free(nl->msgs);
	nl->msgs = NULL;
	nl->nr_msgs = nl->cap_msgs = 0;
}

/* One request/response exchange; 0 or -1 (local failure). */
static int exchange(struct tdxctl_nl *nl, uint8_t cmd, const struct tdxctl_nl_attr *attrs)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret = -1;

	if (!msg || !cb)
		goto out;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 nl->dump ? NLM_F_DUMP : NLM_F_ACK, cmd, TDXHOST_GENL_VERSION))
		goto out;
	for (; attrs && attrs->type; attrs++) {
		int r = attrs->kind == 'u' ? nla_put_u64(msg, attrs->type, attrs->u) :
			attrs->kind == '4' ? nla_put_u32(msg, attrs->type, (uint32_t)attrs->u) :
			attrs->kind == 's' ? nla_put_string(msg, attrs->type, attrs->s) :
			nla_put_flag(msg, attrs->type);
		if (r)
			goto out;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, nl);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, nl);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, nl);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, intr_cb, nl);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, nl);

	nl->done = nl->intr = false;
	nl->err = 0;
	nl->extack[0] = '\0';
	nl->miss_type = -1;
	if (nl_send_auto(nl->sk, msg) < 0) {
		nl->err = errno ? errno : EIO;
		ret = 0;
		goto out;
	}
	while (!nl->done) {
		int r = nl_recvmsgs(nl->sk, cb);

		if (r < 0 && !nl->done) {
			fprintf(stderr, "tdxctl: netlink: %s\n", nl_geterror(r));
			goto out;
		}
	}
	ret = 0;
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return ret;
}

static const char *cmd_what(uint8_t cmd)
{
	switch (cmd) {
	case TDXHOST_CMD_ENABLE:
		return "enabling TDX";
	default:
		return "this request";
	}
}

/* Print a failed call and pick the exit code. */
static int report_error(struct tdxctl_nl *nl, uint8_t cmd, const char *what)
{
	int e = nl->err;

	/*
	 * genetlink's admin-perm check: EPERM without an extack.  An EACCES
	 * from the enable flow (a SEAMCALL #UD, as upstream maps it) comes with
	 * its step in the extack and is a failure, not a permission problem.
	 */
	if ((e == EPERM || e == EACCES) && !nl->extack[0]) {
		fprintf(stderr, "tdxctl: %s: permission denied: %s needs CAP_SYS_ADMIN (run as root)\n",
			what, cmd_what(cmd));
		return TDXCTL_EXIT_PERM;
	}
	fprintf(stderr, "tdxctl: %s: %s", what, strerror(e));
	if (nl->extack[0])
		fprintf(stderr, ": %s", nl->extack);
	fputc('\n', stderr);
	if (e == ENODEV)
		return TDXCTL_EXIT_UNAVAILABLE;
	return TDXCTL_EXIT_FAILED;
}

int tdxctl_nl_call(struct tdxctl_nl *nl, uint8_t cmd, bool dump, const struct tdxctl_nl_attr *attrs,
		   tdxctl_nl_msg_fn fn, void *arg, const char *what)
{
	int tries = dump ? DUMP_TRIES : 1;
	size_t i;

	nl->dump = dump;
	nl->fn = fn;
	nl->arg = arg;
	nl->fn_ret = 0;
	while (tries--) {
		drop_msgs(nl);
		if (exchange(nl, cmd, attrs))
			return TDXCTL_EXIT_FAILED;
		if (nl->err) {
			drop_msgs(nl);
			return report_error(nl, cmd, what);
		}
		if (!dump || !nl->intr)
			break;
	}
	if (dump && nl->intr)
		fprintf(stderr, "tdxctl: %s: the module's state kept changing during the dump; output may be inconsistent\n",
			what);
	for (i = 0; dump && i < nl->nr_msgs && !nl->fn_ret; i++)
		nl->fn_ret = deliver(nl, nl->msgs[i]);
	drop_msgs(nl);
	return nl->fn_ret;
}

/* ---- events */

struct tdxctl_nl *tdxctl_nl_open_events(int *exit_code)
{
	struct tdxctl_nl *nl = tdxctl_nl_connect(exit_code);
	int grp;

	if (!nl)
		return NULL;
	grp = genl_ctrl_resolve_grp(nl->sk, TDXHOST_GENL_NAME, TDXHOST_GENL_MCGRP_EVENTS);
	if (grp < 0 || nl_socket_add_membership(nl->sk, grp)) {
		fprintf(stderr, "tdxctl: cannot join the tdxhost \"%s\" multicast group\n",
			TDXHOST_GENL_MCGRP_EVENTS);
		*exit_code = TDXCTL_EXIT_FAILED;
		tdxctl_nl_close(nl);
		return NULL;
	}
	nl_socket_disable_seq_check(nl->sk);
	nl_socket_set_nonblocking(nl->sk);
	return nl;
}

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct tdxctl_nl *nl = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);

	if (gh->cmd != TDXHOST_CMD_EVENT || nl->fn_ret)
		return NL_OK;
	nl->fn_ret = deliver(nl, nlh);
	return nl->fn_ret ? NL_STOP : NL_OK;
}

int tdxctl_nl_poll_events(struct tdxctl_nl *nl, int timeout_ms, tdxctl_nl_msg_fn fn, void *arg)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(nl->sk), .events = POLLIN };
	struct nl_cb *cb;
	int r;

	r = poll(&pfd, 1, timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : -errno;
	if (!r)
		return 0;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl->fn = fn;
	nl->arg = arg;
	nl->fn_ret = 0;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, event_cb, nl);
	r = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	if (r < 0 && r != -NLE_AGAIN)
		return -EIO;
	return nl->fn_ret;
}
