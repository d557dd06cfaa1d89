// SPDX-License-Identifier: GPL-2.0
/*
 * The published state: one structure the enable flow writes and readers copy
 * from under pub_lock, the event chain that announces its changes, and the
 * names of states and steps.  Nothing here issues a SEAMCALL or waits: a
 * reader never stands behind a running enable.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/nodemask.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "keyid.h"
#include "state.h"
#include "td.h"
#include "tdmr_plan.h"

static DEFINE_SPINLOCK(pub_lock);	/* what readers see */
static BLOCKING_NOTIFIER_HEAD(event_chain);

/* Written under pub_lock by the enable flow only (it holds its mutex). */
static struct {
	u32 generation;
	enum tdxhost_state state;
	const char *backend;
	char reason[TDXHOST_MSG_LEN];
	struct tdxhost_failure failure;
	enum tdxhost_step step;
	u64 tdmr_init_total;
	const struct tdx_sysinfo *sysinfo;	/* published once read */
	struct tdxhost_keyids keyids;
	const struct tdx_mem_range *mem;	/* published with the plan */
	unsigned int nr_mem;
	u64 tdx_memory;
	const struct tdmr_plan *plan;		/* published when initialized */
	u64 enable_ns;
	u64 enable_seamcalls;
} host;

static atomic64_t tdmr_init_done;	/* bytes, updated by the init workers */

/* ---- events */

int tdxhost_event_register(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&event_chain, nb);
}

void tdxhost_event_unregister(struct notifier_block *nb)
{
	blocking_notifier_chain_unregister(&event_chain, nb);
}

static void emit(enum tdxhost_event_type type, u32 percent)
{
	struct tdxhost_event ev = {
		.type = type,
		.state = READ_ONCE(host.state),
		.step = READ_ONCE(host.step),
		.percent = percent,
		.failure = &host.failure,
	};

	blocking_notifier_call_chain(&event_chain, type, &ev);
}

void tdxhost_emit_td(enum tdxhost_event_type type, u32 td_id)
{
	struct tdxhost_event ev = {
		.type = type,
		.state = READ_ONCE(host.state),
		.step = READ_ONCE(host.step),
		.td_id = td_id,
	};

	blocking_notifier_call_chain(&event_chain, type, &ev);
}

void tdxhost_emit_progress(u32 percent)
{
	emit(TDXHOST_EV_PROGRESS, percent);
}

void tdxhost_emit_failure(void)
{
	emit(TDXHOST_EV_FAILURE, 0);
}

/* ---- writers */

void tdxhost_state_init(const char *backend, const char *unavailable_reason)
{
	host.backend = backend;
	if (unavailable_reason) {
		host.state = TDXHOST_STATE_UNAVAILABLE;
		strscpy(host.reason, unavailable_reason, sizeof(host.reason));
	} else {
		host.state = TDXHOST_STATE_UNINITIALIZED;
	}
}

void tdxhost_set_state(enum tdxhost_state s)
{
	spin_lock(&pub_lock);
	host.state = s;
	host.generation++;
	spin_unlock(&pub_lock);
	emit(TDXHOST_EV_STATE, 0);
}

void tdxhost_set_step(enum tdxhost_step s)
{
	spin_lock(&pub_lock);
	host.step = s;
	spin_unlock(&pub_lock);
	emit(TDXHOST_EV_PROGRESS, 0);
}

void tdxhost_publish_sysinfo(const struct tdx_sysinfo *si)
{
	spin_lock(&pub_lock);
	host.sysinfo = si;
	host.generation++;
	spin_unlock(&pub_lock);
}

void tdxhost_publish_keyids(const struct tdxhost_keyids *k)
{
	spin_lock(&pub_lock);
	host.keyids = *k;
	spin_unlock(&pub_lock);
}

void tdxhost_publish_result(const struct tdx_mem_range *mem, unsigned int nr_mem,
			    const struct tdmr_plan *plan)
{
	unsigned int i;
	u64 bytes = 0;

	for (i = 0; i < nr_mem; i++)
		bytes += mem[i].end - mem[i].start;
	spin_lock(&pub_lock);
	host.mem = mem;
	host.nr_mem = nr_mem;
	host.tdx_memory = bytes;
	host.plan = plan;
	host.step = TDXHOST_STEP_NONE;
	spin_unlock(&pub_lock);
}

void tdxhost_publish_failure(const struct tdxhost_failure *f)
{
	spin_lock(&pub_lock);
	host.failure = *f;
	spin_unlock(&pub_lock);
}

void tdxhost_clear_failure(void)
{
	spin_lock(&pub_lock);
	memset(&host.failure, 0, sizeof(host.failure));
	spin_unlock(&pub_lock);
}

void tdxhost_publish_cost(u64 enable_ns, u64 enable_seamcalls)
{
	spin_lock(&pub_lock);
	host.enable_ns = enable_ns;
	host.enable_seamcalls = enable_seamcalls;
	spin_unlock(&pub_lock);
}

void tdxhost_unpublish(void)
{
	spin_lock(&pub_lock);
	host.plan = NULL;
	host.mem = NULL;
	host.sysinfo = NULL;
	host.nr_mem = 0;
	host.tdx_memory = 0;
	host.tdmr_init_total = 0;
	memset(&host.keyids, 0, sizeof(host.keyids));
	memset(&host.failure, 0, sizeof(host.failure));
	host.step = TDXHOST_STEP_NONE;
	spin_unlock(&pub_lock);
	atomic64_set(&tdmr_init_done, 0);
}

void tdxhost_tdmr_init_begin(u64 total)
{
	spin_lock(&pub_lock);
	host.tdmr_init_total = total;
	spin_unlock(&pub_lock);
	atomic64_set(&tdmr_init_done, 0);
}

void tdxhost_tdmr_init_add(u64 bytes)
{
	atomic64_add(bytes, &tdmr_init_done);
}

u32 tdxhost_tdmr_init_percent(void)
{
	return div64_u64(atomic64_read(&tdmr_init_done) * 100,
			 max_t(u64, READ_ONCE(host.tdmr_init_total), 1));
}

/* ---- readers */

enum tdxhost_state tdxhost_get_state(void)
{
	return READ_ONCE(host.state);
}

void tdxhost_get_status(struct tdxhost_status *st)
{
	const struct tdx_sysinfo *si;
	const struct tdmr_plan *plan;
	unsigned int i, ps;

	memset(st, 0, sizeof(*st));
	spin_lock(&pub_lock);
	st->generation = host.generation;
	st->state = host.state;
	st->backend = host.backend;
	strscpy(st->reason, host.reason, sizeof(st->reason));
	st->failure = host.failure;
	st->step = host.step;
	st->tdmr_init_total = host.tdmr_init_total;
	si = host.sysinfo;
	if (si) {
		st->have_sysinfo = true;
		st->major = si->major_version;
		st->minor = si->minor_version;
		st->update = si->update_version;
		st->internal = si->internal_version;
		st->build_date = si->build_date;
		st->build_num = si->build_num;
		st->features0 = si->features0;
		st->max_tdmrs = si->max_tdmrs;
		st->max_rsvd_per_tdmr = si->max_reserved_per_tdmr;
		for (i = 0; i < si->nr_cmrs && i < TDX_MAX_CMRS; i++)
			st->nr_cmrs += si->cmr_size[i] != 0;
	}
	st->nr_mktme_keyids = host.keyids.nr_mktme;
	st->nr_tdx_keyids = host.keyids.nr_tdx;
	st->global_keyid = host.keyids.global;
	st->tdx_memory = host.tdx_memory;
	st->nr_tdx_ranges = host.nr_mem;
	plan = host.plan;
	if (plan) {
		st->nr_tdmrs = plan->nr_tdmrs;
		st->tdmr_covered = plan->covered;
		st->pamt_total = plan->pamt_total;
		for (i = 0; i < plan->nr_tdmrs; i++)
			for (ps = 0; ps < TDX_PS_NR; ps++)
				st->pamt_level[ps] += plan->tdmrs[i].pamt_size[ps];
	}
	st->enable_ns = host.enable_ns;
	st->enable_seamcalls = host.enable_seamcalls;
	spin_unlock(&pub_lock);
	st->tdmr_init_done = atomic64_read(&tdmr_init_done);
	st->hkids_in_use = tdxhost_hkids_in_use();
	st->hkids_free = tdxhost_hkids_total() - min(st->hkids_in_use, tdxhost_hkids_total());
	st->tds = tdxhost_td_count();
	st->td_pages = tdxhost_td_pages();
	st->leaked_pages = tdxhost_td_leaked_pages();
}

void tdxhost_get_failure(struct tdxhost_failure *out)
{
	spin_lock(&pub_lock);
	*out = host.failure;
	if (host.state == TDXHOST_STATE_UNAVAILABLE) {
		out->err = -ENODEV;
		snprintf(out->msg, sizeof(out->msg), "TDX unavailable: %.140s", host.reason);
	}
	spin_unlock(&pub_lock);
}

int tdxhost_get_tdmr(unsigned int idx, struct tdxhost_tdmr *out, u32 *generation)
{
	const struct tdmr_plan_tdmr *t;
	int err = -ENOENT;
	unsigned int i;

	memset(out, 0, sizeof(*out));
	spin_lock(&pub_lock);
	*generation = host.generation;
	if (host.plan && idx < host.plan->nr_tdmrs) {
		t = &host.plan->tdmrs[idx];
		out->base = t->base;
		out->size = t->size;
		out->nid = t->pamt_nid;
		out->pamt_remote = t->pamt_remote;
		for (i = 0; i < TDX_PS_NR; i++) {
			out->pamt_base[i] = t->pamt_base[i];
			out->pamt_size[i] = t->pamt_size[i];
		}
		out->nr_rsvd = min_t(u32, t->nr_rsvd, TDXHOST_MAX_RSVD);
		for (i = 0; i < out->nr_rsvd; i++) {
			out->rsvd[i].offset = t->rsvd[i].start - t->base;
			out->rsvd[i].size = t->rsvd[i].size;
		}
		err = 0;
	}
	spin_unlock(&pub_lock);
	return err;
}

int tdxhost_get_cmr(unsigned int idx, u64 *base, u64 *size, u32 *generation)
{
	const struct tdx_sysinfo *si;
	int err = -ENOENT;
	unsigned int i;

	spin_lock(&pub_lock);
	*generation = host.generation;
	si = host.sysinfo;
	/* Modules report NUM_CMRS entries, the unused ones empty: skip those. */
	for (i = 0; si && i < si->nr_cmrs && i < TDX_MAX_CMRS; i++) {
		if (!si->cmr_size[i])
			continue;
		if (idx-- == 0) {
			*base = si->cmr_base[i];
			*size = si->cmr_size[i];
			err = 0;
			break;
		}
	}
	spin_unlock(&pub_lock);
	return err;
}

int tdxhost_get_pamt_node(unsigned int idx, struct tdxhost_pamt_node *out, u32 *generation)
{
	const struct tdmr_plan *plan;
	int nid, err = -ENOENT;
	unsigned int i;

	memset(out, 0, sizeof(*out));
	spin_lock(&pub_lock);
	*generation = host.generation;
	plan = host.plan;
	if (!plan)
		goto out;
	/* The idx-th node (in node order) that has TDX memory. */
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		u64 mem = 0;

		for (i = 0; i < host.nr_mem; i++)
			if (host.mem[i].nid == nid)
				mem += host.mem[i].end - host.mem[i].start;
		if (!mem || idx-- != 0)
			continue;
		out->nid = nid;
		out->tdx_memory = mem;
		for (i = 0; i < plan->nr_chunks; i++)
			if (plan->chunks[i].nid == nid)
				out->pamt_bytes += plan->chunks[i].size;
		err = 0;
		break;
	}
out:
	spin_unlock(&pub_lock);
	return err;
}

int tdxhost_get_sysinfo(struct tdx_sysinfo *out, u32 *generation)
{
	int err = -ENODATA;

	spin_lock(&pub_lock);
	*generation = host.generation;
	if (host.sysinfo) {
		*out = *host.sysinfo;
		err = 0;
	}
	spin_unlock(&pub_lock);
	return err;
}

int tdxhost_pa_in_pamt(u64 pa)
{
	int ret = -ENODATA;
	unsigned int i;

	spin_lock(&pub_lock);
	if (host.state == TDXHOST_STATE_INITIALIZED && host.plan) {
		ret = 0;
		for (i = 0; i < host.plan->nr_chunks; i++) {
			const struct tdmr_plan_chunk *c = &host.plan->chunks[i];

			if (pa >= c->base && pa < c->base + c->size)
				ret = 1;
		}
	}
	spin_unlock(&pub_lock);
	return ret;
}
