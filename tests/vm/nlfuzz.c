// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a structure-aware fuzzer for the "tdxhost" generic-netlink family,
 * run in the test VM (tests/vm/cases/fuzz_netlink.sh).
 *
 *   nlfuzz [--seed S] [--ops N] [--user-pct P] [--resets N] [--no-reset]
 *
 * Raw NETLINK_GENERIC sockets, no libnl: the point is to send what a library
 * would never build.  Each op sends one message (sometimes a batch) built
 * from the family's spec (include/uapi/linux/tdxhost.yaml): known and unknown
 * commands, random flags, attributes of the right and wrong types and sizes,
 * nested garbage, unknown ids, truncated attributes and messages; then a
 * NOOP|ACK "sentinel" on the same socket, so the op ends when the kernel
 * answered the sentinel (and any dump the op started is complete): no
 * timeouts, and every message received is matched to what was sent.  Every
 * reply is checked against the spec (attribute types and sizes, which
 * attributes each command may answer with, addresses and owners never shown
 * to an unprivileged caller, the enum values), every error against a set of
 * errnos the family can give.  Other ops: valid requests with their replies
 * checked, dumps abandoned after the first part (socket closed, or left
 * unread), concurrent ENABLEs from threads and processes after a reset of
 * the software TDX module (debugfs), a multicast listener whose events are
 * checked too.  A share of the ops runs in a child that setuid()s to
 * nobody: ENABLE must give EPERM there and no address may leak.
 *
 * The single-threaded op sequence depends only on the seed (printed first):
 * a failing seed replays with --seed.  Summary: ops, replies, errno
 * histogram.  Exit 0 when nothing impossible happened, 1 otherwise, 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#define FUZZ_NAME	"nlfuzz"
#define FUZZ_WHO	"root"	/* the first process */
#include "fuzz_common.h"
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/tdxhost.h>

#define RESET_PATH	"/sys/kernel/debug/tdxhost/reset"
#define BUF_SIZE	(128 * 1024)
#define MAX_ERRNO	160

/* ---- results (fuzz_common.h has the PRNG, n_ops, n_bad and bad()) */

static unsigned long errno_hist[MAX_ERRNO + 1], n_msgs, n_dumps, n_intr, n_events, n_enables;


static void count_errno(int e)
{
	pthread_mutex_lock(&stat_lock);
	errno_hist[e >= 0 && e < MAX_ERRNO ? e : MAX_ERRNO]++;
	pthread_mutex_unlock(&stat_lock);
}

/*
 * What the family (and the netlink core in front of it) may answer: policy
 * and header checks EINVAL/ERANGE/E2BIG, unknown command EOPNOTSUPP, ENABLE
 * without CAP_SYS_ADMIN EPERM, no such field/TD ENOENT, not enabled yet
 * ENODATA/ENODEV, reply too big EMSGSIZE, a second dump EBUSY, enable
 * failures (EIO, EBUSY, ENOMEM, EINTR, EAGAIN), a dump on a full socket
 * ENOBUFS.
 */
static bool errno_allowed(int e)
{
	switch (e) {
	case 0: case EINVAL: case ERANGE: case E2BIG: case EOPNOTSUPP: case EPERM:
	case ENOENT: case ENODATA: case ENODEV: case EMSGSIZE: case EBUSY: case EIO:
	case ENOMEM: case EINTR: case EAGAIN: case ENOBUFS: case EACCES: case EFAULT:
		return true;
	}
	return false;
}

/* ---- the spec: attribute sets of tdxhost.yaml */

enum at { T_NONE, T_UNUSED, T_PAD, T_U32, T_S32, T_U64, T_STR, T_FLAG, T_BIN, T_NEST };
enum set { S_TOP, S_FAIL, S_TDMR, S_TD, S_RSVD, S_PAMT, S_NODE, S_CMR, S_FIELD, S_STAT, S_NR };

struct aspec {
	uint8_t type;
	uint8_t nest;		/* T_NEST: the set */
	bool multi;		/* may repeat */
	bool secret;		/* CAP_SYS_ADMIN only */
	uint16_t len;		/* T_BIN: exact length */
};

#define U32 { .type = T_U32 }
#define S32 { .type = T_S32 }
#define U64 { .type = T_U64 }
#define STR { .type = T_STR }
#define FLG { .type = T_FLAG }
#define PAD { .type = T_PAD }
#define UNU { .type = T_UNUSED }

static const struct aspec top_set[TDXHOST_A_MAX + 1] = {
	[TDXHOST_A_UNSPEC] = UNU, [TDXHOST_A_PAD] = PAD,
	[TDXHOST_A_GENERATION] = U32, [TDXHOST_A_STATE] = U32, [TDXHOST_A_STATE_NAME] = STR,
	[TDXHOST_A_BACKEND] = STR, [TDXHOST_A_REASON] = STR, [TDXHOST_A_ADDRS_HIDDEN] = FLG,
	[TDXHOST_A_FAILURE] = { .type = T_NEST, .nest = S_FAIL },
	[TDXHOST_A_STEP] = U32, [TDXHOST_A_STEP_NAME] = STR,
	[TDXHOST_A_TDMR_INIT_DONE] = U64, [TDXHOST_A_TDMR_INIT_TOTAL] = U64,
	[TDXHOST_A_MODULE_MAJOR] = U32, [TDXHOST_A_MODULE_MINOR] = U32,
	[TDXHOST_A_MODULE_UPDATE] = U32, [TDXHOST_A_MODULE_INTERNAL] = U32,
	[TDXHOST_A_MODULE_BUILD_DATE] = U32, [TDXHOST_A_MODULE_BUILD_NUM] = U32,
	[TDXHOST_A_FEATURES0] = U64, [TDXHOST_A_MAX_TDMRS] = U32,
	[TDXHOST_A_MAX_RSVD_PER_TDMR] = U32, [TDXHOST_A_NR_CMRS] = U32,
	[TDXHOST_A_NR_MKTME_KEYIDS] = U32, [TDXHOST_A_NR_TDX_KEYIDS] = U32,
	[TDXHOST_A_TDX_KEYID_FIRST] = U32, [TDXHOST_A_GLOBAL_KEYID] = U32,
	[TDXHOST_A_HKIDS_IN_USE] = U32, [TDXHOST_A_TDX_MEMORY] = U64,
	[TDXHOST_A_NR_TDX_RANGES] = U32, [TDXHOST_A_NR_TDMRS] = U32,
	[TDXHOST_A_TDMR_COVERED] = U64, [TDXHOST_A_PAMT_TOTAL] = U64,
	[TDXHOST_A_PAMT_4K] = U64, [TDXHOST_A_PAMT_2M] = U64, [TDXHOST_A_PAMT_1G] = U64,
	[TDXHOST_A_PAMT_PPM] = U32, [TDXHOST_A_ENABLE_NS] = U64,
	[TDXHOST_A_ENABLE_SEAMCALLS] = U64,
	[TDXHOST_A_TDMR] = { .type = T_NEST, .nest = S_TDMR, .multi = true },
	[TDXHOST_A_NODE] = { .type = T_NEST, .nest = S_NODE, .multi = true },
	[TDXHOST_A_CMR] = { .type = T_NEST, .nest = S_CMR },
	[TDXHOST_A_FIELD] = { .type = T_NEST, .nest = S_FIELD, .multi = true },
	[TDXHOST_A_STAT] = { .type = T_NEST, .nest = S_STAT },
	[TDXHOST_A_MD_ID] = U64, [TDXHOST_A_MD_NAME] = STR, [TDXHOST_A_STATS_ALL] = FLG,
	[TDXHOST_A_EVENT_TYPE] = U32, [TDXHOST_A_PERCENT] = U32, [TDXHOST_A_TDS] = U32,
	[TDXHOST_A_KEYIDS_FREE] = U32, [TDXHOST_A_TD_PAGES] = U64,
	[TDXHOST_A_LEAKED_PAGES] = U64,
	[TDXHOST_A_TD] = { .type = T_NEST, .nest = S_TD },
	[TDXHOST_A_TD_ID] = U32,
};

static const struct aspec fail_set[TDXHOST_A_FAIL_MAX + 1] = {
	[TDXHOST_A_FAIL_UNSPEC] = UNU, [TDXHOST_A_FAIL_PAD] = PAD,
	[TDXHOST_A_FAIL_STEP] = U32, [TDXHOST_A_FAIL_STEP_NAME] = STR,
	[TDXHOST_A_FAIL_LEAF] = U64, [TDXHOST_A_FAIL_LEAF_NAME] = STR,
	[TDXHOST_A_FAIL_STATUS] = U64, [TDXHOST_A_FAIL_STATUS_NAME] = STR,
	[TDXHOST_A_FAIL_ERRNO] = U32, [TDXHOST_A_FAIL_MSG] = STR, [TDXHOST_A_FAIL_HINT] = STR,
};

static const struct aspec tdmr_set[TDXHOST_A_TDMR_MAX + 1] = {
	[TDXHOST_A_TDMR_UNSPEC] = UNU, [TDXHOST_A_TDMR_PAD] = PAD,
	[TDXHOST_A_TDMR_INDEX] = U32, [TDXHOST_A_TDMR_BASE] = { .type = T_U64, .secret = true },
	[TDXHOST_A_TDMR_SIZE] = U64, [TDXHOST_A_TDMR_NID] = S32, [TDXHOST_A_TDMR_NR_RSVD] = U32,
	[TDXHOST_A_TDMR_RSVD] = { .type = T_NEST, .nest = S_RSVD, .multi = true },
	[TDXHOST_A_TDMR_PAMT] = { .type = T_NEST, .nest = S_PAMT, .multi = true },
	[TDXHOST_A_TDMR_PAMT_TOTAL] = U64, [TDXHOST_A_TDMR_PAMT_REMOTE] = FLG,
};

static const struct aspec td_set[TDXHOST_A_TDINFO_MAX + 1] = {
	[TDXHOST_A_TDINFO_UNSPEC] = UNU, [TDXHOST_A_TDINFO_PAD] = PAD,
	[TDXHOST_A_TDINFO_ID] = U32, [TDXHOST_A_TDINFO_STATE] = U32,
	[TDXHOST_A_TDINFO_STATE_NAME] = STR, [TDXHOST_A_TDINFO_KEYID] = U32,
	[TDXHOST_A_TDINFO_VCPUS] = U32, [TDXHOST_A_TDINFO_PAGES_CONTROL] = U64,
	[TDXHOST_A_TDINFO_PAGES_SEPT] = U64, [TDXHOST_A_TDINFO_PAGES_PRIVATE] = U64,
	[TDXHOST_A_TDINFO_PAGES_MEASURED] = U64,
	[TDXHOST_A_TDINFO_MRTD] = { .type = T_BIN, .len = 48 },
	[TDXHOST_A_TDINFO_OWNER_PID] = { .type = T_U32, .secret = true },
	[TDXHOST_A_TDINFO_OWNER_COMM] = { .type = T_STR, .secret = true },
};

static const struct aspec rsvd_set[TDXHOST_A_RSVD_MAX + 1] = {
	[TDXHOST_A_RSVD_UNSPEC] = UNU, [TDXHOST_A_RSVD_PAD] = PAD,
	[TDXHOST_A_RSVD_OFFSET] = { .type = T_U64, .secret = true }, [TDXHOST_A_RSVD_SIZE] = U64,
};

static const struct aspec pamt_set[TDXHOST_A_PAMT_MAX + 1] = {
	[TDXHOST_A_PAMT_UNSPEC] = UNU, [TDXHOST_A_PAMT_PAD] = PAD, [TDXHOST_A_PAMT_LEVEL] = U32,
	[TDXHOST_A_PAMT_BASE] = { .type = T_U64, .secret = true }, [TDXHOST_A_PAMT_SIZE] = U64,
};

static const struct aspec node_set[TDXHOST_A_NODE_MAX + 1] = {
	[TDXHOST_A_NODE_UNSPEC] = UNU, [TDXHOST_A_NODE_PAD] = PAD, [TDXHOST_A_NODE_ID] = S32,
	[TDXHOST_A_NODE_PAMT] = U64, [TDXHOST_A_NODE_MEMORY] = U64, [TDXHOST_A_NODE_PPM] = U32,
};

static const struct aspec cmr_set[TDXHOST_A_CMR_MAX + 1] = {
	[TDXHOST_A_CMR_UNSPEC] = UNU, [TDXHOST_A_CMR_PAD] = PAD, [TDXHOST_A_CMR_INDEX] = U32,
	[TDXHOST_A_CMR_BASE] = { .type = T_U64, .secret = true }, [TDXHOST_A_CMR_SIZE] = U64,
};

static const struct aspec field_set[TDXHOST_A_FIELD_MAX + 1] = {
	[TDXHOST_A_FIELD_UNSPEC] = UNU, [TDXHOST_A_FIELD_PAD] = PAD,
	[TDXHOST_A_FIELD_ID] = U64, [TDXHOST_A_FIELD_NAME] = STR, [TDXHOST_A_FIELD_INDEX] = U32,
	[TDXHOST_A_FIELD_BITS] = U32, [TDXHOST_A_FIELD_VALUE] = U64,
	[TDXHOST_A_FIELD_ABSENT] = FLG, [TDXHOST_A_FIELD_HIDDEN] = FLG,
};

static const struct aspec stat_set[TDXHOST_A_STAT_MAX + 1] = {
	[TDXHOST_A_STAT_UNSPEC] = UNU, [TDXHOST_A_STAT_PAD] = PAD, [TDXHOST_A_STAT_LEAF] = U32,
	[TDXHOST_A_STAT_LEAF_NAME] = STR, [TDXHOST_A_STAT_CALLS] = U64,
	[TDXHOST_A_STAT_ERRORS] = U64, [TDXHOST_A_STAT_LAST_ERROR] = U64,
	[TDXHOST_A_STAT_LAST_ERROR_NAME] = STR, [TDXHOST_A_STAT_TIME_NS] = U64,
};

static const struct {
	const struct aspec *a;
	unsigned int max;
	const char *name;
} sets[S_NR] = {
	[S_TOP] = { top_set, TDXHOST_A_MAX, "tdxhost" },
	[S_FAIL] = { fail_set, TDXHOST_A_FAIL_MAX, "failure" },
	[S_TDMR] = { tdmr_set, TDXHOST_A_TDMR_MAX, "tdmr" },
	[S_TD] = { td_set, TDXHOST_A_TDINFO_MAX, "td" },
	[S_RSVD] = { rsvd_set, TDXHOST_A_RSVD_MAX, "rsvd" },
	[S_PAMT] = { pamt_set, TDXHOST_A_PAMT_MAX, "pamt" },
	[S_NODE] = { node_set, TDXHOST_A_NODE_MAX, "node" },
	[S_CMR] = { cmr_set, TDXHOST_A_CMR_MAX, "cmr" },
	[S_FIELD] = { field_set, TDXHOST_A_FIELD_MAX, "field" },
	[S_STAT] = { stat_set, TDXHOST_A_STAT_MAX, "stat" },
};

#define B(x) (1ULL << (x))
/* The reply attributes of each command (operations: of the spec). */
#define STATUS_ATTRS (((B(TDXHOST_A_ENABLE_SEAMCALLS + 1) - 1) & ~3ULL) | \
		      B(TDXHOST_A_TDS) | B(TDXHOST_A_KEYIDS_FREE) | B(TDXHOST_A_TD_PAGES) | \
		      B(TDXHOST_A_LEAKED_PAGES) | B(TDXHOST_A_PAD))
static const uint64_t reply_attrs[TDXHOST_CMD_MAX + 1][2] = {	/* [do, dump] */
	[TDXHOST_CMD_GET_STATUS] = { STATUS_ATTRS, 0 },
	[TDXHOST_CMD_ENABLE] = { STATUS_ATTRS, 0 },
	[TDXHOST_CMD_GET_PAMT] = { B(TDXHOST_A_GENERATION) | B(TDXHOST_A_STATE) |
		B(TDXHOST_A_STATE_NAME) | B(TDXHOST_A_ADDRS_HIDDEN) | B(TDXHOST_A_TDX_MEMORY) |
		B(TDXHOST_A_NR_TDX_RANGES) | B(TDXHOST_A_NR_TDMRS) | B(TDXHOST_A_TDMR_COVERED) |
		B(TDXHOST_A_PAMT_TOTAL) | B(TDXHOST_A_PAMT_4K) | B(TDXHOST_A_PAMT_2M) |
		B(TDXHOST_A_PAMT_1G) | B(TDXHOST_A_PAMT_PPM) | B(TDXHOST_A_TDMR) |
		B(TDXHOST_A_NODE) | B(TDXHOST_A_PAD), 0 },
	[TDXHOST_CMD_GET_TDMRS] = { 0, B(TDXHOST_A_ADDRS_HIDDEN) | B(TDXHOST_A_TDMR) },
	[TDXHOST_CMD_GET_CMRS] = { 0, B(TDXHOST_A_ADDRS_HIDDEN) | B(TDXHOST_A_CMR) },
	[TDXHOST_CMD_GET_METADATA] = { B(TDXHOST_A_GENERATION) | B(TDXHOST_A_FIELD),
		B(TDXHOST_A_FIELD) },
	[TDXHOST_CMD_GET_STATS] = { 0, B(TDXHOST_A_STAT) },
	[TDXHOST_CMD_GET_TDS] = { B(TDXHOST_A_ADDRS_HIDDEN) | B(TDXHOST_A_TD),
		B(TDXHOST_A_ADDRS_HIDDEN) | B(TDXHOST_A_TD) },
	[TDXHOST_CMD_EVENT] = { B(TDXHOST_A_EVENT_TYPE) | B(TDXHOST_A_STATE) |
		B(TDXHOST_A_STATE_NAME) | B(TDXHOST_A_STEP) | B(TDXHOST_A_STEP_NAME) |
		B(TDXHOST_A_PERCENT) | B(TDXHOST_A_FAILURE) | B(TDXHOST_A_TD_ID), 0 },
};
/* Replies that say whether addresses were hidden: they must, exactly for non-admins. */
static const bool says_hidden[TDXHOST_CMD_MAX + 1] = {
	[TDXHOST_CMD_GET_STATUS] = true, [TDXHOST_CMD_ENABLE] = true,
	[TDXHOST_CMD_GET_PAMT] = true, [TDXHOST_CMD_GET_TDMRS] = true,
	[TDXHOST_CMD_GET_CMRS] = true, [TDXHOST_CMD_GET_TDS] = true,
};

static const char *const state_names[] = {
	"unavailable", "uninitialized", "initializing", "initialized", "failed",
};
static const char *const td_state_names[] = { "created", "initialized", "finalized", "dead" };

/* ---- reply checking */

struct seen {
	uint64_t top;			/* top-level attribute ids present */
	uint32_t state, td_state;
	bool have_state, have_td_state;
	const char *state_name, *td_state_name;
};

static void check_attrs(const uint8_t *p, size_t len, enum set s, bool admin, int depth,
			struct seen *sn, const char *ctx);

static void check_attr(const struct nlattr *a, enum set s, bool admin, int depth,
		       struct seen *sn, uint64_t *dup, const char *ctx)
{
	unsigned int id = a->nla_type & NLA_TYPE_MASK;
	const uint8_t *d = (const uint8_t *)a + NLA_HDRLEN;
	size_t l = a->nla_len - NLA_HDRLEN;
	const struct aspec *sp;

	if (id > sets[s].max || sets[s].a[id].type == T_NONE || sets[s].a[id].type == T_UNUSED) {
		bad("%s: attribute %u not in set %s", ctx, id, sets[s].name);
		return;
	}
	sp = &sets[s].a[id];
	if (sp->secret && !admin)
		bad("%s: %s attribute %u (CAP_SYS_ADMIN only) sent to an unprivileged caller",
		    ctx, sets[s].name, id);
	if (!sp->multi && sp->type != T_PAD && id < 64) {
		if (*dup & B(id))
			bad("%s: %s attribute %u twice", ctx, sets[s].name, id);
		*dup |= B(id);
	}
	switch (sp->type) {
	case T_U32:
	case T_S32:
		if (l != 4)
			bad("%s: %s attribute %u: %zu bytes, want 4", ctx, sets[s].name, id, l);
		break;
	case T_U64:
		if (l != 8)
			bad("%s: %s attribute %u: %zu bytes, want 8", ctx, sets[s].name, id, l);
		break;
	case T_FLAG:
		if (l)
			bad("%s: flag %u of %s has %zu bytes", ctx, id, sets[s].name, l);
		break;
	case T_STR:
		if (!l || d[l - 1] || strlen((const char *)d) != l - 1)
			bad("%s: string %u of %s not one NUL-terminated string", ctx, id,
			    sets[s].name);
		break;
	case T_BIN:
		if (sp->len && l != sp->len)
			bad("%s: binary %u of %s: %zu bytes, want %u", ctx, id, sets[s].name, l,
			    sp->len);
		break;
	case T_NEST:
		if (depth > 4) {
			bad("%s: nested too deep", ctx);
			return;
		}
		check_attrs(d, l, sp->nest, admin, depth + 1, sn, ctx);
		break;
	}
	if (l != 4 || !sn)
		goto strs;
	if (s == S_TOP && id == TDXHOST_A_STATE) {
		memcpy(&sn->state, d, 4);
		sn->have_state = true;
		if (sn->state > TDXHOST_STATE_FAILED)
			bad("%s: state %u", ctx, sn->state);
	}
	if ((s == S_TOP && id == TDXHOST_A_STEP) || (s == S_FAIL && id == TDXHOST_A_FAIL_STEP)) {
		uint32_t v;

		memcpy(&v, d, 4);
		if (v > TDXHOST_STEP_MAX)
			bad("%s: step %u", ctx, v);
	}
	if (s == S_TOP && (id == TDXHOST_A_EVENT_TYPE || id == TDXHOST_A_PERCENT)) {
		uint32_t v;

		memcpy(&v, d, 4);
		if (v > (id == TDXHOST_A_PERCENT ? 100 : TDXHOST_EVENT_TD_DESTROYED))
			bad("%s: attribute %u value %u", ctx, id, v);
	}
	if (s == S_TD && id == TDXHOST_A_TDINFO_STATE) {
		memcpy(&sn->td_state, d, 4);
		sn->have_td_state = true;
		if (sn->td_state > 3)
			bad("%s: TD state %u", ctx, sn->td_state);
	}
strs:
	if (sn && sp->type == T_STR && l && !d[l - 1]) {
		if (s == S_TOP && id == TDXHOST_A_STATE_NAME)
			sn->state_name = (const char *)d;
		if (s == S_TD && id == TDXHOST_A_TDINFO_STATE_NAME)
			sn->td_state_name = (const char *)d;
	}
}

static void check_attrs(const uint8_t *p, size_t len, enum set s, bool admin, int depth,
			struct seen *sn, const char *ctx)
{
	uint64_t dup = 0;
	const struct nlattr *a;
	bool field_cmr_base = false, field_value = false;

	while (len >= NLA_HDRLEN) {
		a = (const struct nlattr *)p;
		if (a->nla_len < NLA_HDRLEN || a->nla_len > len) {
			bad("%s: attribute length %u with %zu left", ctx, a->nla_len, len);
			return;
		}
		if (s == S_TOP && depth == 0 && sn)
			sn->top |= B(a->nla_type & NLA_TYPE_MASK & 63);
		if (s == S_FIELD) {
			unsigned int id = a->nla_type & NLA_TYPE_MASK;

			if (id == TDXHOST_A_FIELD_NAME &&
			    !strncmp((const char *)a + NLA_HDRLEN, "CMR_BASE",
				     a->nla_len - NLA_HDRLEN))
				field_cmr_base = true;
			if (id == TDXHOST_A_FIELD_VALUE)
				field_value = true;
		}
		check_attr(a, s, admin, depth, sn, &dup, ctx);
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			return;
		len -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
	if (len)
		bad("%s: %zu bytes after the last attribute", ctx, len);
	if (field_cmr_base && field_value && !admin)
		bad("%s: CMR_BASE value sent to an unprivileged caller", ctx);
}

/* One tdxhost message: a reply to @cmd (a dump's part when @dump), or an event. */
static void check_genl(const struct nlmsghdr *h, uint8_t cmd, bool dump, bool admin)
{
	const struct genlmsghdr *g = NLMSG_DATA(h);
	struct seen sn = { 0 };
	uint64_t allowed;
	char ctx[48];

	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		bad("tdxhost message of %u bytes", h->nlmsg_len);
		return;
	}
	snprintf(ctx, sizeof(ctx), "cmd %u%s reply", cmd, dump ? " dump" : "");
	if (g->cmd != cmd)
		bad("%s: genl cmd %u", ctx, g->cmd);
	if (g->version != TDXHOST_GENL_VERSION)
		bad("%s: genl version %u", ctx, g->version);
	if (cmd > TDXHOST_CMD_MAX) {
		bad("%s: a reply to an unknown command", ctx);
		return;
	}
	if (dump != !!(h->nlmsg_flags & NLM_F_MULTI))
		bad("%s: NLM_F_MULTI %s", ctx, dump ? "missing" : "on a do reply");
	check_attrs((const uint8_t *)g + GENL_HDRLEN, h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
		    S_TOP, admin, 0, &sn, ctx);
	allowed = reply_attrs[cmd][dump];
	if (!allowed)
		bad("%s: this command has no %s", ctx, dump ? "dump" : "do");
	else if (sn.top & ~allowed)
		bad("%s: attributes 0x%" PRIx64 " not in its reply", ctx, sn.top & ~allowed);
	if (says_hidden[cmd] && allowed &&
	    !!(sn.top & B(TDXHOST_A_ADDRS_HIDDEN)) != !admin)
		bad("%s: addrs-hidden %s for %s caller", ctx,
		    sn.top & B(TDXHOST_A_ADDRS_HIDDEN) ? "set" : "missing",
		    admin ? "a CAP_SYS_ADMIN" : "an unprivileged");
	if ((cmd == TDXHOST_CMD_GET_STATUS || cmd == TDXHOST_CMD_ENABLE) && !sn.have_state)
		bad("%s: no state", ctx);
	if (sn.have_state && sn.state <= TDXHOST_STATE_FAILED && sn.state_name &&
	    strcmp(sn.state_name, state_names[sn.state]))
		bad("%s: state %u named %s", ctx, sn.state, sn.state_name);
	if (sn.have_td_state && sn.td_state <= 3 && sn.td_state_name &&
	    strcmp(sn.td_state_name, td_state_names[sn.td_state]))
		bad("%s: TD state %u named %s", ctx, sn.td_state, sn.td_state_name);
	if (cmd == TDXHOST_CMD_ENABLE && sn.have_state && sn.state != TDXHOST_STATE_INITIALIZED)
		bad("%s: ENABLE succeeded in state %u", ctx, sn.state);
}

/* ---- sockets */

static uint16_t family_id;
static uint32_t mcgrp_id;

static int nl_socket(bool ext_ack, bool cap_ack)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 30 };
	int fd, one = 1, rcvbuf = 1 << 20;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0) {
		perror("nlfuzz: socket");
		exit(1);
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("nlfuzz: bind");
		exit(1);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (ext_ack)
		setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (cap_ack)
		setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return fd;
}

static int nl_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	return sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? errno : 0;
}

/* Look the family up (this also loads the module, if it is not). */
static int resolve_family(void)
{
	static uint8_t buf[8192];
	struct {
		struct nlmsghdr h;
		struct genlmsghdr g;
		struct nlattr a;
		char name[8];
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = GENL_ID_CTRL,
		       .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1 },
		.g = { .cmd = CTRL_CMD_GETFAMILY, .version = 1 },
		.a = { .nla_len = NLA_HDRLEN + sizeof(TDXHOST_GENL_NAME),
		       .nla_type = CTRL_ATTR_FAMILY_NAME },
		.name = TDXHOST_GENL_NAME,
	};
	int fd = nl_socket(false, false);
	struct nlmsghdr *h;
	struct nlattr *a, *g, *ga;
	ssize_t n;
	int left, gl, gal;

	if (nl_send(fd, &req, sizeof(req)) || (n = recv(fd, buf, sizeof(buf), 0)) <= 0) {
		fprintf(stderr, "nlfuzz: family lookup failed\n");
		return -1;
	}
	close(fd);
	h = (struct nlmsghdr *)buf;
	if (h->nlmsg_type != GENL_ID_CTRL) {
		fprintf(stderr, "nlfuzz: family %s not found\n", TDXHOST_GENL_NAME);
		return -1;
	}
	a = (struct nlattr *)((uint8_t *)NLMSG_DATA(h) + GENL_HDRLEN);
	left = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	for (; left >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= left;
	     left -= NLA_ALIGN(a->nla_len), a = (void *)((uint8_t *)a + NLA_ALIGN(a->nla_len))) {
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			memcpy(&family_id, (uint8_t *)a + NLA_HDRLEN, 2);
		if ((a->nla_type & NLA_TYPE_MASK) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		g = (struct nlattr *)((uint8_t *)a + NLA_HDRLEN);
		for (gl = a->nla_len - NLA_HDRLEN; gl >= NLA_HDRLEN && g->nla_len >= NLA_HDRLEN;
		     gl -= NLA_ALIGN(g->nla_len), g = (void *)((uint8_t *)g + NLA_ALIGN(g->nla_len))) {
			ga = (struct nlattr *)((uint8_t *)g + NLA_HDRLEN);
			for (gal = g->nla_len - NLA_HDRLEN; gal >= NLA_HDRLEN && ga->nla_len >= NLA_HDRLEN;
			     gal -= NLA_ALIGN(ga->nla_len),
			     ga = (void *)((uint8_t *)ga + NLA_ALIGN(ga->nla_len)))
				if (ga->nla_type == CTRL_ATTR_MCAST_GRP_ID)
					memcpy(&mcgrp_id, (uint8_t *)ga + NLA_HDRLEN, 4);
		}
	}
	return family_id ? 0 : -1;
}

/* ---- one exchange: what was sent, what came back */

struct req {
	uint32_t seq;
	uint8_t cmd;
	uint16_t type, flags;
	bool ours;		/* a well-formed header to the tdxhost family */
};

struct xchg {
	struct req r[4];
	int nr;
	bool admin;
	int first_err;		/* first error of r[0], -1 none */
	unsigned int parts;	/* tdxhost messages received */
	uint8_t last_part[4096];	/* r[0]'s last reply (a copy, for callers' checks) */
	size_t last_len;
};

/* Checks an NLMSG_ERROR or NLMSG_DONE's extack TLVs: a message must be one string. */
static void check_ext_ack(const uint8_t *p, size_t len)
{
	const struct nlattr *a;

	while (len >= NLA_HDRLEN) {
		a = (const struct nlattr *)p;
		if (a->nla_len < NLA_HDRLEN || a->nla_len > len) {
			bad("extack TLV length %u with %zu left", a->nla_len, len);
			return;
		}
		if (a->nla_type == NLMSGERR_ATTR_MSG) {
			const char *s = (const char *)p + NLA_HDRLEN;
			size_t l = a->nla_len - NLA_HDRLEN;

			if (!l || s[l - 1] || strlen(s) != l - 1)
				bad("extack message not a NUL-terminated string");
		}
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
}

/* An NLMSG_ERROR: the errno (positive), its checks done. */
static int check_error(const struct nlmsghdr *h, const struct req *r)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off;
	int err;

	if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(*e)) {
		bad("NLMSG_ERROR of %u bytes", h->nlmsg_len);
		return 0;
	}
	err = -e->error;
	if (e->error > 0 || !errno_allowed(err))
		bad("request type %u cmd %u flags 0x%x: error %d", r->type, r->cmd, r->flags,
		    e->error);
	if (!err && r->ours && !(r->flags & NLM_F_ACK) && r->cmd != TDXHOST_CMD_UNSPEC)
		bad("an ACK nobody asked for (cmd %u flags 0x%x)", r->cmd, r->flags);
	if (e->msg.nlmsg_seq != r->seq)
		bad("NLMSG_ERROR echoes seq %u for %u", e->msg.nlmsg_seq, r->seq);
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = NLMSG_HDRLEN + sizeof(*e);
		if (!(h->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
		if (off <= h->nlmsg_len)
			check_ext_ack((const uint8_t *)h + off, h->nlmsg_len - off);
	}
	return err;
}

/* per thread: the concurrent ENABLEs collect on their own sockets */
static __thread uint8_t rxbuf[BUF_SIZE];

/*
 * Read until the sentinel (seq @sentinel) was answered and no dump of the
 * exchange is open.  -1 when the socket failed us (a timeout: impossible).
 */
static int collect(int fd, struct xchg *x, uint32_t sentinel)
{
	bool got_sentinel = false, open_dump[4] = { false };
	struct nlmsghdr *h;
	ssize_t n;
	int i, left;

	x->first_err = -1;
	for (;;) {
		bool any_open = false;

		for (i = 0; i < x->nr; i++)
			any_open |= open_dump[i];
		if (got_sentinel && !any_open)
			return 0;
		n = recv(fd, rxbuf, sizeof(rxbuf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOBUFS) {
			/* overrun: messages were lost; not the kernel's fault, count it */
			count_errno(ENOBUFS);
			return -1;
		}
		if (n <= 0) {
			bad("no answer from the kernel (%s) for type %u cmd %u flags 0x%x",
			    n < 0 ? strerror(errno) : "EOF", x->r[0].type, x->r[0].cmd,
			    x->r[0].flags);
			return -1;
		}
		for (h = (struct nlmsghdr *)rxbuf, left = n; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			struct req *r = NULL;

			n_msgs++;
			if (h->nlmsg_seq == sentinel) {
				if (h->nlmsg_type != NLMSG_ERROR ||
				    ((struct nlmsgerr *)NLMSG_DATA(h))->error)
					bad("sentinel NOOP answered with type %u", h->nlmsg_type);
				got_sentinel = true;
				continue;
			}
			for (i = 0; i < x->nr; i++)
				if (x->r[i].seq == h->nlmsg_seq)
					r = &x->r[i];
			if (!r) {
				bad("message type %u with seq %u nobody sent", h->nlmsg_type,
				    h->nlmsg_seq);
				continue;
			}
			i = r - x->r;
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				n_intr++;
			if (h->nlmsg_type == NLMSG_ERROR) {
				int e = check_error(h, r);

				count_errno(e);
				if (i == 0 && x->first_err < 0)
					x->first_err = e;
				open_dump[i] = false;
			} else if (h->nlmsg_type == NLMSG_DONE) {
				int e = 0;

				if (h->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
					memcpy(&e, NLMSG_DATA(h), sizeof(e));
				if (e > 0 || !errno_allowed(-e))
					bad("NLMSG_DONE with %d", e);
				count_errno(-e);
				if (i == 0 && x->first_err < 0)
					x->first_err = -e;
				if (!open_dump[i] && !(r->flags & NLM_F_DUMP))
					bad("NLMSG_DONE for a request without NLM_F_DUMP");
				open_dump[i] = false;
				n_dumps++;
			} else if (h->nlmsg_type == family_id && r->type == family_id) {
				bool dump = h->nlmsg_flags & NLM_F_MULTI;

				if (dump)
					open_dump[i] = true;
				check_genl(h, r->cmd, dump, x->admin);
				if (i == 0) {
					x->parts++;
					x->last_len = h->nlmsg_len < sizeof(x->last_part) ?
						      h->nlmsg_len : sizeof(x->last_part);
					memcpy(x->last_part, h, x->last_len);
				}
			} else if (h->nlmsg_type == r->type && !r->ours) {
				/* the controller's answer to a fuzzed request: not ours to judge */
				if (h->nlmsg_flags & NLM_F_MULTI)
					open_dump[i] = true;
			} else {
				bad("message type %u to a request of type %u", h->nlmsg_type,
				    r->type);
			}
		}
	}
}

static void put_sentinel(uint8_t *b, uint32_t seq)
{
	struct nlmsghdr *h = (struct nlmsghdr *)b;

	h->nlmsg_len = NLMSG_HDRLEN;
	h->nlmsg_type = NLMSG_NOOP;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = seq;
	h->nlmsg_pid = 0;
}

static uint32_t next_seq = 100;
#define NEXT_SEQ() __atomic_fetch_add(&next_seq, 1, __ATOMIC_RELAXED)

/* Send @len bytes (@nr requests described in x->r), then the sentinel; collect. */
static int exchange(int fd, const void *buf, size_t len, struct xchg *x)
{
	uint8_t s[NLMSG_HDRLEN];
	uint32_t sentinel = NEXT_SEQ();
	int err;

	err = nl_send(fd, buf, len);
	if (err && err != EINVAL && err != ENOBUFS && err != EMSGSIZE)
		bad("sendto: %s", strerror(err));
	put_sentinel(s, sentinel);
	if (nl_send(fd, s, sizeof(s))) {
		bad("sentinel sendto: %s", strerror(errno));
		return -1;
	}
	return collect(fd, x, sentinel);
}

/* ---- message building */

struct msg {
	uint8_t b[8192];
	size_t len;
};

static void *put(struct msg *m, const void *d, size_t l)
{
	void *p = m->b + m->len;

	if (m->len + NLA_ALIGN(l) > sizeof(m->b))
		return NULL;
	memset(p, 0, NLA_ALIGN(l));
	if (d)
		memcpy(p, d, l);
	m->len += NLA_ALIGN(l);
	return p;
}

static void put_attr(struct msg *m, uint16_t type, const void *d, size_t l)
{
	struct nlattr a = { .nla_len = NLA_HDRLEN + l, .nla_type = type };

	if (m->len + NLA_HDRLEN + NLA_ALIGN(l) > sizeof(m->b))
		return;
	put(m, &a, sizeof(a));
	put(m, d, l);
}

static void rand_bytes(struct rng *r, uint8_t *p, size_t n)
{
	while (n--)
		*p++ = rnd(r);
}

static const char *const md_names[] = {
	"MAJOR_VERSION", "MINOR_VERSION", "CMR_BASE", "CMR_SIZE", "NUM_CPUID_CONFIG",
	"CPUID_CONFIG_LEAVES", "ATTRS_FIXED0", "XFAM_FIXED1", "TDCS_BASE_SIZE", "NO_SUCH",
	"", "MAJOR_VERSIONX", "major_version",
};

/* A random attribute, aimed at what @cmd's policy looks at most of the time. */
static void fuzz_attr(struct rng *r, struct msg *m, uint8_t cmd, int depth)
{
	static const uint16_t known[] = {
		TDXHOST_A_MD_ID, TDXHOST_A_MD_NAME, TDXHOST_A_STATS_ALL, TDXHOST_A_TD_ID,
	};
	uint8_t d[128];
	uint16_t type;
	size_t l, start;
	uint64_t v = rnd(r);
	struct nlattr *a;

	(void)cmd;
	switch (rn(r, 6)) {
	case 0: case 1: case 2:
		type = known[rn(r, 4)];
		break;
	case 3:
		type = rn(r, TDXHOST_A_MAX + 1);
		break;
	case 4:
		type = TDXHOST_A_MAX + 1 + rn(r, 8);
		break;
	default:
		type = rnd(r);
		break;
	}
	if (pct(r, 10))
		type |= NLA_F_NESTED;
	if (pct(r, 5))
		type |= NLA_F_NET_BYTEORDER;
	switch (rn(r, 10)) {
	case 0: /* right size for the known ids */
	case 1:
		switch (type & NLA_TYPE_MASK) {
		case TDXHOST_A_MD_ID:
			if (pct(r, 50))
				v = 0x9100000100000000ULL | rn(r, 64);	/* a plausible field id */
			put_attr(m, type, &v, 8);
			return;
		case TDXHOST_A_TD_ID:
			v = rn(r, 4) ? rn(r, 8) : v;
			put_attr(m, type, &v, 4);
			return;
		case TDXHOST_A_STATS_ALL:
			put_attr(m, type, NULL, 0);
			return;
		case TDXHOST_A_MD_NAME: {
			const char *s = md_names[rn(r, sizeof(md_names) / sizeof(md_names[0]))];

			put_attr(m, type, s, strlen(s) + 1);
			return;
		}
		}
		/* fall through */
	case 2: /* a random size */
		l = rn(r, 4) ? rn(r, 17) : rn(r, sizeof(d));
		rand_bytes(r, d, l);
		put_attr(m, type, d, l);
		return;
	case 3: /* a string: no NUL, too long, embedded NUL */
		l = rn(r, 3) ? 64 + rn(r, 3) : rn(r, 100);
		memset(d, 'A' + rn(r, 26), l);
		if (l && pct(r, 50))
			d[rn(r, l)] = 0;
		put_attr(m, type, d, l);
		return;
	case 4: /* u32 / u64 / u8 / u16 with the known id */
		l = (size_t[]){ 1, 2, 4, 8, 3, 12 }[rn(r, 6)];
		put_attr(m, (type & ~NLA_TYPE_MASK) | known[rn(r, 4)], &v, l);
		return;
	case 5: /* nested garbage */
	case 6:
		if (depth > 3)
			break;
		start = m->len;
		a = put(m, NULL, NLA_HDRLEN);
		if (!a)
			return;
		for (int i = rn(r, 4); i >= 0; i--)
			fuzz_attr(r, m, cmd, depth + 1);
		a = (struct nlattr *)(m->b + start);
		a->nla_type = type | (pct(r, 70) ? NLA_F_NESTED : 0);
		a->nla_len = m->len - start;
		return;
	case 7: { /* a length field that lies */
		struct nlattr h = { .nla_type = type };

		h.nla_len = (uint16_t[]){ 0, 1, 3, 4, 5, 0xffff, 200 }[rn(r, 7)];
		put(m, &h, sizeof(h));
		put(m, &v, 8);
		return;
	}
	default:
		break;
	}
	put_attr(m, type, &v, (size_t[]){ 0, 4, 8 }[rn(r, 3)]);
}

/*
 * One random request into @m; its description in @q.  @last: the last of a
 * batch, the only one that may be truncated (the kernel would read the rest
 * of a shortened message as further messages of its own making).
 * @no_enable: ENABLE is left out (TDX stays as a reset left it).
 */
static void fuzz_msg(struct rng *r, struct msg *m, struct req *q, bool last, bool no_enable)
{
	struct nlmsghdr *h;
	struct genlmsghdr *g;
	size_t start = m->len;
	int nattr, i;

	h = put(m, NULL, NLMSG_HDRLEN);
	g = put(m, NULL, GENL_HDRLEN);
	if (!h || !g)
		return;
	switch (rn(r, 20)) {
	case 0:
		h->nlmsg_type = GENL_ID_CTRL;
		break;
	case 1:
		h->nlmsg_type = rn(r, NLMSG_MIN_TYPE);	/* NOOP, ERROR, DONE, OVERRUN, ... */
		break;
	case 2:
		/* above GENL_MAX_ID: no family (other families are not ours to fuzz) */
		h->nlmsg_type = 0x1000 | rnd(r);
		break;
	default:
		h->nlmsg_type = family_id;
	}
	h->nlmsg_flags = NLM_F_REQUEST;
	if (pct(r, 40))
		h->nlmsg_flags |= NLM_F_ACK;
	if (pct(r, 35))
		h->nlmsg_flags |= NLM_F_DUMP;
	if (pct(r, 10))
		h->nlmsg_flags |= NLM_F_ECHO;
	if (pct(r, 5))
		h->nlmsg_flags &= ~NLM_F_REQUEST;
	if (pct(r, 5))
		h->nlmsg_flags |= rnd(r);
	h->nlmsg_seq = NEXT_SEQ();
	h->nlmsg_pid = pct(r, 3) ? rnd(r) : 0;
	/* mostly the family's commands, including UNSPEC and EVENT, sometimes anything */
	g->cmd = pct(r, 85) ? rn(r, TDXHOST_CMD_MAX + 3) : rnd(r);
	/* ENABLE only now and then: an enable that succeeds is cheap, a failing one is not */
	if (g->cmd == TDXHOST_CMD_ENABLE && (pct(r, 70) || no_enable))
		g->cmd = TDXHOST_CMD_GET_STATUS;
	g->version = pct(r, 90) ? TDXHOST_GENL_VERSION : rnd(r);
	g->reserved = pct(r, 92) ? 0 : rnd(r);
	nattr = rn(r, 4) ? rn(r, 3) : rn(r, 12);
	for (i = 0; i < nattr; i++)
		fuzz_attr(r, m, g->cmd, 0);
	h = (struct nlmsghdr *)(m->b + start);
	h->nlmsg_len = m->len - start;
	q->seq = h->nlmsg_seq;
	q->cmd = g->cmd;
	q->type = h->nlmsg_type;
	q->flags = h->nlmsg_flags;
	q->ours = h->nlmsg_type == family_id;
	/*
	 * Truncations: the message cut (its length field now says more than
	 * was sent), cut with the length field saying so (attributes cut
	 * short, or less than a header), a length beyond the end.
	 */
	switch (last ? rn(r, 25) : 25) {
	case 0:	/* at least a byte: a zero-length send is refused (and logged) */
		m->len = start + 1 + rn(r, m->len - start - 1);
		break;
	case 1:
		h->nlmsg_len = 1 + rn(r, h->nlmsg_len);
		m->len = start + h->nlmsg_len;
		break;
	case 2:
		h->nlmsg_len += 1 + rn(r, 64);
		break;
	}
}

/* ---- op kinds */

struct ctx {
	struct rng r;
	int fd;			/* the main socket */
	bool admin;
	bool reset_ok;		/* root with the emu's debugfs reset */
	bool racy;		/* another process changes the state under us */
	unsigned int resets;	/* reset / concurrent-enable rounds */
	unsigned long no_enable_until;	/* op index: no ENABLE before it (after a reset) */
	unsigned long op;
};

static void op_fuzz(struct ctx *c)
{
	struct msg m = { .len = 0 };
	struct xchg x = { .admin = c->admin };
	int n = pct(&c->r, 10) ? 2 + rn(&c->r, 3) : 1;

	for (x.nr = 0; x.nr < n; x.nr++)
		fuzz_msg(&c->r, &m, &x.r[x.nr], x.nr == n - 1, c->op < c->no_enable_until);
	if (exchange(c->fd, m.b, m.len, &x) < 0) {
		close(c->fd);		/* lost sync: start over on a fresh socket */
		c->fd = nl_socket(true, pct(&c->r, 30));
	}
}

/* A well-formed request of @cmd (@flags: NLM_F_DUMP or 0), optional attribute. */
static int valid_req(struct ctx *c, uint8_t cmd, uint16_t flags, uint16_t atype,
		     const void *ad, size_t al, struct xchg *x)
{
	struct msg m = { .len = 0 };
	struct nlmsghdr *h = put(&m, NULL, NLMSG_HDRLEN);
	struct genlmsghdr *g = put(&m, NULL, GENL_HDRLEN);

	h->nlmsg_type = family_id;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	h->nlmsg_seq = NEXT_SEQ();
	g->cmd = cmd;
	g->version = TDXHOST_GENL_VERSION;
	if (atype)
		put_attr(&m, atype, ad, al);
	h->nlmsg_len = m.len;
	memset(x, 0, sizeof(*x));
	x->admin = c->admin;
	x->nr = 1;
	x->r[0] = (struct req){ .seq = h->nlmsg_seq, .cmd = cmd, .type = family_id,
				.flags = h->nlmsg_flags, .ours = true };
	return exchange(c->fd, m.b, m.len, x);
}

/* The state from a GET_STATUS reply, -1 if none. */
static int reply_state(const struct xchg *x)
{
	const struct nlmsghdr *h = (const void *)x->last_part;
	const uint8_t *p = (const uint8_t *)NLMSG_DATA(h) + GENL_HDRLEN;
	size_t len;

	if (!x->parts || x->last_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -1;
	len = x->last_len - NLMSG_HDRLEN - GENL_HDRLEN;
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const void *)p;
		uint32_t v;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			break;
		if (a->nla_type == TDXHOST_A_STATE && a->nla_len == NLA_HDRLEN + 4) {
			memcpy(&v, p + NLA_HDRLEN, 4);
			return v;
		}
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
	return -1;
}

static int get_state(struct ctx *c)
{
	struct xchg x;

	if (valid_req(c, TDXHOST_CMD_GET_STATUS, 0, 0, NULL, 0, &x) < 0)
		return -1;
	if (x.first_err > 0 || x.parts != 1)
		bad("GET_STATUS: error %d, %u replies", x.first_err, x.parts);
	return reply_state(&x);
}

/* Valid requests whose answers are known. */
static void op_valid(struct ctx *c)
{
	static const uint8_t dumps[] = {
		TDXHOST_CMD_GET_TDMRS, TDXHOST_CMD_GET_CMRS, TDXHOST_CMD_GET_METADATA,
		TDXHOST_CMD_GET_STATS, TDXHOST_CMD_GET_TDS,
	};
	int state = get_state(c), k = rn(&c->r, 6);
	struct xchg x;
	uint32_t id;
	bool up = state == TDXHOST_STATE_INITIALIZED && !c->racy;

	switch (k) {
	case 0: { /* a dump, read to the end: DONE, and parts once enabled */
		uint8_t cmd = dumps[rn(&c->r, sizeof(dumps))];

		if (valid_req(c, cmd, NLM_F_DUMP, 0, NULL, 0, &x) < 0)
			return;
		if (up && cmd != TDXHOST_CMD_GET_TDS && (x.first_err > 0 || !x.parts))
			bad("dump of cmd %u once enabled: error %d, %u parts", cmd, x.first_err,
			    x.parts);
		break;
	}
	case 1: /* no such TD */
		id = 1000000 + rn(&c->r, 1000);
		if (valid_req(c, TDXHOST_CMD_GET_TDS, 0, TDXHOST_A_TD_ID, &id, 4, &x) < 0)
			return;
		if (x.first_err != ENOENT)
			bad("GET_TDS of TD %u: error %d, want ENOENT", id, x.first_err);
		break;
	case 2: /* a metadata field by name */
		if (valid_req(c, TDXHOST_CMD_GET_METADATA, 0, TDXHOST_A_MD_NAME,
			      "MAJOR_VERSION", 14, &x) < 0)
			return;
		if (up && (x.first_err > 0 || x.parts != 1))
			bad("GET_METADATA MAJOR_VERSION: error %d", x.first_err);
		break;
	case 3: /* GET_METADATA do without a field: EINVAL */
		if (valid_req(c, TDXHOST_CMD_GET_METADATA, NLM_F_ACK, 0, NULL, 0, &x) < 0)
			return;
		if (x.first_err != EINVAL)
			bad("GET_METADATA without a field: error %d, want EINVAL", x.first_err);
		break;
	case 4: /* ENABLE: EPERM unprivileged; as root, succeeds once it did */
		if (!c->admin || (up && c->op >= c->no_enable_until)) {
			if (valid_req(c, TDXHOST_CMD_ENABLE, 0, 0, NULL, 0, &x) < 0)
				return;
			if (!c->admin && x.first_err != EPERM)
				bad("unprivileged ENABLE: error %d, want EPERM", x.first_err);
			if (c->admin && (x.first_err > 0 || x.parts != 1))
				bad("ENABLE when initialized: error %d", x.first_err);
		}
		break;
	default: /* GET_PAMT with an attribute it has no policy for: refused */
		id = 1;
		if (valid_req(c, TDXHOST_CMD_GET_PAMT, 0, TDXHOST_A_TD_ID, &id, 4, &x) < 0)
			return;
		if (x.first_err != EINVAL)
			bad("GET_PAMT with an attribute: error %d, want EINVAL", x.first_err);
		break;
	}
}

/* A dump abandoned: the socket closed after the first part, or at once, or left unread. */
static void op_dump_abandon(struct ctx *c)
{
	static const uint8_t dumps[] = {
		TDXHOST_CMD_GET_METADATA, TDXHOST_CMD_GET_STATS, TDXHOST_CMD_GET_TDMRS,
	};
	struct {
		struct nlmsghdr h;
		struct genlmsghdr g;
		struct nlattr a;
	} q = {
		.h = { .nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN, .nlmsg_type = family_id,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = NEXT_SEQ() },
		.g = { .version = TDXHOST_GENL_VERSION },
		.a = { .nla_len = NLA_HDRLEN, .nla_type = TDXHOST_A_STATS_ALL },
	};
	int fd = nl_socket(pct(&c->r, 50), false), how = rn(&c->r, 3), rcvbuf = 4096;

	q.g.cmd = dumps[rn(&c->r, sizeof(dumps))];
	if (q.g.cmd == TDXHOST_CMD_GET_STATS)
		q.h.nlmsg_len += NLA_HDRLEN;
	if (how == 2)	/* a small buffer: the dump waits for the reader */
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	nl_send(fd, &q, q.h.nlmsg_len);
	if (how == 1)
		recv(fd, rxbuf, 4096, MSG_DONTWAIT);
	close(fd);
	n_dumps++;
}

/* ---- concurrent enables */

static void *enable_thread(void *arg)
{
	struct ctx *c = arg;
	struct xchg x;
	struct ctx t = *c;

	t.fd = nl_socket(true, false);
	valid_req(&t, TDXHOST_CMD_ENABLE, 0, 0, NULL, 0, &x);
	if (x.first_err > 0 || x.parts != 1)
		bad("concurrent ENABLE: error %d, %u replies", x.first_err, x.parts);
	close(t.fd);
	return NULL;
}

static bool reset_tdx(void)
{
	int fd = open(RESET_PATH, O_WRONLY | O_CLOEXEC);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, "1\n", 2) == 2;
	close(fd);
	return ok;
}

/*
 * Reset the emu, then ENABLE from 3 threads and 2 processes at once (with
 * a fuzzing child still running): every one of them gets the initialized
 * status, never an error.  The state is initialized again afterwards.
 */
static void op_enable_race(struct ctx *c)
{
	pthread_t t[3];
	pid_t p[2];
	int i, st;

	n_enables++;
	if (!reset_tdx()) {
		bad("debugfs reset: %s", strerror(errno));
		return;
	}
	for (i = 0; i < 2; i++) {
		p[i] = fork();
		if (p[i] == 0) {
			n_bad = 0;
			enable_thread(c);
			_exit(n_bad ? 1 : 0);
		}
	}
	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, enable_thread, c);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 2; i++)
		if (p[i] > 0 && (waitpid(p[i], &st, 0) != p[i] || !WIFEXITED(st) ||
				 WEXITSTATUS(st)))
			bad("an ENABLE process failed");
	if (get_state(c) != TDXHOST_STATE_INITIALIZED)
		bad("not initialized after the concurrent ENABLEs");
}

/* A reset without an enable after it: the ops that follow see TDX uninitialized. */
static void op_reset(struct ctx *c)
{
	if (c->reset_ok && !reset_tdx())
		bad("debugfs reset: %s", strerror(errno));
}

/* ---- the events group */

static int ev_fd = -1;

static void drain_events(bool admin)
{
	struct nlmsghdr *h;
	ssize_t n;
	int left;

	if (ev_fd < 0)
		return;
	while ((n = recv(ev_fd, rxbuf, sizeof(rxbuf), MSG_DONTWAIT)) > 0)
		for (h = (struct nlmsghdr *)rxbuf, left = n; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			n_events++;
			if (h->nlmsg_type != family_id) {
				bad("event of type %u", h->nlmsg_type);
				continue;
			}
			if (h->nlmsg_flags & NLM_F_MULTI)
				bad("event with NLM_F_MULTI");
			else
				check_genl(h, TDXHOST_CMD_EVENT, false, admin);
		}
	/* ENOBUFS: the group outran the reader, which is allowed */
}

static void open_events(void)
{
	int g = mcgrp_id;

	ev_fd = nl_socket(false, false);
	if (setsockopt(ev_fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g))) {
		bad("NETLINK_ADD_MEMBERSHIP %u: %s", g, strerror(errno));
		close(ev_fd);
		ev_fd = -1;
	}
}

/* ---- the run */

/*
 * Root with the emu: 2 x resets evenly spaced events, alternately a reset
 * (then no ENABLE for a stretch, so the uninitialized paths get fuzzed)
 * and a concurrent-enable round.  Enabling costs far more than a request.
 */
static void run_ops(struct ctx *c, unsigned long ops)
{
	unsigned long i, every = c->reset_ok && c->resets ? ops / (2 * c->resets + 1) : 0;
	unsigned int k;

	c->fd = nl_socket(true, false);
	for (i = 0; i < ops; i++) {
		n_ops = c->op = i;
		if (every && i && i % every == 0 && i / every <= 2 * c->resets) {
			if ((i / every) % 2) {
				op_reset(c);
				c->no_enable_until = i + every / 2;
			} else {
				op_enable_race(c);
			}
		}
		k = rn(&c->r, 1000);
		if (k < 900)
			op_fuzz(c);
		else if (k < 960)
			op_valid(c);
		else if (k < 990)
			op_dump_abandon(c);
		else if (k < 995) {
			/* a fresh main socket, now and then with NETLINK_CAP_ACK */
			close(c->fd);
			c->fd = nl_socket(pct(&c->r, 80), pct(&c->r, 30));
		} else {
			drain_events(c->admin);
		}
		if (i % 256 == 0)
			drain_events(c->admin);
	}
	n_ops = ops;
	drain_events(c->admin);
	close(c->fd);
}

static void summary(unsigned long ops)
{
	static const struct {
		int e;
		const char *n;
	} names[] = {
		{ 0, "0" }, { EINVAL, "EINVAL" }, { ERANGE, "ERANGE" }, { E2BIG, "E2BIG" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
		{ ENODATA, "ENODATA" }, { ENODEV, "ENODEV" }, { EMSGSIZE, "EMSGSIZE" },
		{ EBUSY, "EBUSY" }, { EIO, "EIO" }, { ENOMEM, "ENOMEM" }, { EINTR, "EINTR" },
		{ EAGAIN, "EAGAIN" }, { ENOBUFS, "ENOBUFS" }, { EACCES, "EACCES" },
		{ EFAULT, "EFAULT" },
	};
	size_t i;
	int e;

	printf("nlfuzz(%s): ops %lu messages %lu dumps %lu dump_intr %lu events %lu enable_races %lu impossible %lu\n",
	       who, ops, n_msgs, n_dumps, n_intr, n_events, n_enables, n_bad);
	printf("nlfuzz(%s): errno", who);
	for (e = 0; e <= MAX_ERRNO; e++) {
		const char *n = NULL;

		if (!errno_hist[e])
			continue;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (names[i].e == e)
				n = names[i].n;
		if (e == MAX_ERRNO)
			n = "other";
		if (n)
			printf(" %s:%lu", n, errno_hist[e]);
		else
			printf(" %d:%lu", e, errno_hist[e]);
	}
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	unsigned long ops = 100000, uops;
	unsigned int user_pct = 20, resets = 3;
	struct ctx c = { 0 };
	bool reset = true;
	pid_t child = -1;
	int i, st;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--ops") && i + 1 < argc)
			ops = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--user-pct") && i + 1 < argc)
			user_pct = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--resets") && i + 1 < argc)
			resets = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--no-reset"))
			reset = false;
		else {
			fprintf(stderr, "usage: nlfuzz [--seed S] [--ops N] [--user-pct P] [--resets N] [--no-reset]\n");
			return 2;
		}
	}
	printf("nlfuzz: seed %" PRIu64 " ops %lu\n", seed, ops);
	fflush(stdout);
	signal(SIGPIPE, SIG_IGN);
	if (resolve_family())
		return 1;
	uops = user_pct > 100 ? ops : ops * user_pct / 100;
	if (uops && geteuid() == 0) {
		/* The unprivileged share: its own process and seed, a socket of its own. */
		child = fork();
		if (child == 0) {
			who = "nobody";
			if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
				perror("nlfuzz: setuid");
				_exit(1);
			}
			c.r.s = seed ^ 0x6e6f626f6479ULL;
			c.racy = true;
			open_events();
			run_ops(&c, uops);
			summary(uops);
			_exit(n_bad ? 1 : 0);
		}
		ops -= uops;
	}
	c.r.s = seed;
	c.admin = geteuid() == 0;
	c.reset_ok = c.admin && reset && access(RESET_PATH, W_OK) == 0;
	c.resets = resets;
	open_events();
	run_ops(&c, ops);
	/* leave TDX as a test expects it: initialized, if we ever reset it */
	if (c.reset_ok) {
		struct xchg x;

		c.fd = nl_socket(true, false);
		valid_req(&c, TDXHOST_CMD_ENABLE, 0, 0, NULL, 0, &x);
		if (x.first_err > 0)
			bad("final ENABLE: error %d", x.first_err);
		close(c.fd);
	}
	summary(ops);
	if (child > 0 && (waitpid(child, &st, 0) != child || !WIFEXITED(st) || WEXITSTATUS(st))) {
		fprintf(stderr, "nlfuzz: the unprivileged part failed\n");
		return 1;
	}
	return n_bad ? 1 : 0;
}
