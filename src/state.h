/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What readers see of the host's TDX state, and the events that announce
 * its changes.
 *
 * Readers (netlink, debugfs) never wait behind a running enable: they take
 * only a spinlock for the short copy of published fields.  What is published
 * (sysinfo, memory list, plan) changes only at state transitions, each of
 * which bumps the generation so multi-message dumps can detect a change.
 * The enable flow is the only writer (under its mutex).
 */
#ifndef TDXHOST_STATE_H
#define TDXHOST_STATE_H

#include <linux/notifier.h>
#include <linux/types.h>
#include <linux/tdxhost.h>

#include "failure.h"
#include "tdx_defs.h"
#include "tdx_metadata.h"

#define TDXHOST_MAX_RSVD	64	/* reserved areas reported per TDMR */

struct tdmr_plan;
struct tdx_mem_range;
struct tdxhost_keyids;

/* A consistent copy of the host's TDX state (tdxhost_get_status()). */
struct tdxhost_status {
	u32 generation;
	enum tdxhost_state state;
	const char *backend;		/* "hw", "emu" or "none" (static string) */
	char reason[TDXHOST_MSG_LEN];	/* why unavailable */
	struct tdxhost_failure failure;	/* valid in FAILED */
	enum tdxhost_step step;		/* current step while INITIALIZING */
	u64 tdmr_init_done;		/* bytes of TDMR initialised so far */
	u64 tdmr_init_total;
	bool have_sysinfo;		/* the fields below from sysinfo are valid */
	u16 major, minor, update, internal;
	u32 build_date;
	u16 build_num;
	u64 features0;
	u16 max_tdmrs, max_rsvd_per_tdmr;
	u32 nr_cmrs;
	u32 nr_mktme_keyids, nr_tdx_keyids;
	u32 global_keyid;		/* 0 until chosen */
	u32 hkids_in_use;
	u32 hkids_free;			/* TDX KeyIDs free for new TDs */
	u32 tds;			/* TDs not yet torn down */
	u64 td_pages;			/* pages they hold */
	u64 leaked_pages;		/* pages the module kept: never reused */
	u64 tdx_memory;			/* bytes of TDX memory */
	u32 nr_tdx_ranges;
	u32 nr_tdmrs;
	u64 tdmr_covered;		/* bytes covered by TDMRs */
	u64 pamt_total;			/* bytes of PAMT */
	u64 pamt_level[TDX_PS_NR];	/* bytes of PAMT per page-size level */
	u64 enable_ns;			/* duration of the last enable */
	u64 enable_seamcalls;		/* SEAMCALLs it took */
};

/* One TDMR as planned and configured (tdxhost_get_tdmr()). */
struct tdxhost_tdmr {
	u64 base;
	u64 size;
	int nid;			/* node holding its PAMT */
	bool pamt_remote;		/* not the node of most of its memory */
	u64 pamt_base[TDX_PS_NR];
	u64 pamt_size[TDX_PS_NR];
	u32 nr_rsvd;
	struct tdmr_reserved_area rsvd[TDXHOST_MAX_RSVD];
};

/* PAMT bytes that live on NUMA node nid (tdxhost_get_pamt_node()). */
struct tdxhost_pamt_node {
	int nid;
	u64 pamt_bytes;
	u64 tdx_memory;		/* TDX memory of that node */
};

/* Events for the multicast group (see tdxhost_event_register()). */
enum tdxhost_event_type {
	TDXHOST_EV_STATE,	/* state changed */
	TDXHOST_EV_PROGRESS,	/* step started, or TDMR init progress */
	TDXHOST_EV_FAILURE,	/* enable failed: the failure record */
	TDXHOST_EV_TD_CREATED,	/* a TD was created: td_id */
	TDXHOST_EV_TD_DESTROYED, /* a TD was torn down: td_id */
};

struct tdxhost_event {
	enum tdxhost_event_type type;
	enum tdxhost_state state;
	enum tdxhost_step step;
	u32 percent;		/* TDMR init progress 0..100 */
	const struct tdxhost_failure *failure;	/* TDXHOST_EV_FAILURE only */
	u32 td_id;		/* TDXHOST_EV_TD_* only */
};

/* ---- readers */

/*
 * Called in process context (may sleep): from the enabling thread with the
 * enable mutex held, and for TD events from the TD's creator or its last
 * close().  A notifier must not call tdxhost_enable() or a TD command.
 */
int tdxhost_event_register(struct notifier_block *nb);
void tdxhost_event_unregister(struct notifier_block *nb);

enum tdxhost_state tdxhost_get_state(void);
void tdxhost_get_status(struct tdxhost_status *st);
/* The failure record; when unavailable, one that says why. */
void tdxhost_get_failure(struct tdxhost_failure *out);
/* Copy TDMR/CMR/node idx; -ENOENT past the end.  *generation for dumps. */
int tdxhost_get_tdmr(unsigned int idx, struct tdxhost_tdmr *out, u32 *generation);
int tdxhost_get_cmr(unsigned int idx, u64 *base, u64 *size, u32 *generation);
int tdxhost_get_pamt_node(unsigned int idx, struct tdxhost_pamt_node *out, u32 *generation);
/* Copy of the global metadata; -ENODATA before it was read. */
int tdxhost_get_sysinfo(struct tdx_sysinfo *out, u32 *generation);
/* Is @pa in a PAMT chunk: 1 or 0; -ENODATA unless initialized. */
int tdxhost_pa_in_pamt(u64 pa);

/* ---- writers: the enable flow only, under its mutex */

void tdxhost_state_init(const char *backend, const char *unavailable_reason);
/* New state: bumps the generation and sends TDXHOST_EV_STATE. */
void tdxhost_set_state(enum tdxhost_state s);
/* New step: sends TDXHOST_EV_PROGRESS. */
void tdxhost_set_step(enum tdxhost_step s);
void tdxhost_emit_progress(u32 percent);
void tdxhost_emit_failure(void);
/* The TD code: TDXHOST_EV_TD_CREATED or _DESTROYED for TD @td_id. */
void tdxhost_emit_td(enum tdxhost_event_type type, u32 td_id);

/* The memory behind these pointers stays the caller's; readers copy from it. */
void tdxhost_publish_sysinfo(const struct tdx_sysinfo *si);
void tdxhost_publish_keyids(const struct tdxhost_keyids *k);
/* Initialized: the TDX memory list and the plan; the flow is at no step. */
void tdxhost_publish_result(const struct tdx_mem_range *mem, unsigned int nr_mem,
			    const struct tdmr_plan *plan);
void tdxhost_publish_failure(const struct tdxhost_failure *f);
void tdxhost_clear_failure(void);
/* Duration and SEAMCALLs of the last enable. */
void tdxhost_publish_cost(u64 enable_ns, u64 enable_seamcalls);
/* Readers stop seeing everything published (reset); the caller may then free it. */
void tdxhost_unpublish(void);

/* TDMR.INIT progress: the bytes to do, then each piece done (any CPU). */
void tdxhost_tdmr_init_begin(u64 total);
void tdxhost_tdmr_init_add(u64 bytes);
u32 tdxhost_tdmr_init_percent(void);

#endif /* TDXHOST_STATE_H */
