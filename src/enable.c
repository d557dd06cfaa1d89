// SPDX-License-Identifier: GPL-2.0
/*
 * The enable flow: take the TDX module from "loaded by the BIOS" to "ready
 * for TDs", on demand, once, serialized, and never leave it half-done.
 *
 * The order and policy follow upstream (arch/x86/virt/vmx/tdx/tdx.c):
 * SYS.INIT, LP.INIT on every CPU, global metadata and its checks, TDX memory
 * = all System RAM, TDMRs and PAMTs, SYS.CONFIG with the global KeyID,
 * WBINVD then KEY.CONFIG one package at a time, TDMR.INIT.  Differences: the
 * planner finds a layout where upstream gives up, TDMRs are initialised in
 * parallel, and every failure is recorded (step, leaf, status, message) for
 * tdxctl.
 *
 * CPU hotplug is held off from the all-CPUs-online check through TDMR.INIT,
 * as upstream requires of tdx_enable()'s callers: a CPU going offline after
 * LP.INIT could leave its package without a key, one coming online would
 * race SYS.CONFIG for the module's lock.
 *
 * The flow is a table of steps, each with its undo: a failure undoes the
 * steps done so far, last first, as upstream's unwind labels do; a reset
 * undoes them all.  A step that fails cleans up after itself.
 *
 * What readers see is published through state.c; the flow owns that memory
 * (the last enable's context) until a reset.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <asm/io.h>

#include "enable.h"
#include "keyid.h"
#include "lp.h"
#include "memory.h"
#include "pm.h"
#include "seamcall.h"
#include "state.h"
#include "sysinfo.h"
#include "uapi_names.h"
#include "tdmr_init.h"
#include "tdmr_plan.h"
#include "tdx_status.h"

static DEFINE_MUTEX(enable_mutex);	/* one enable (or reset) at a time */

/* ---- the flow */

struct enable_ctx {
	struct tdxhost_failure fail;
	enum tdxhost_step step;		/* the step running */
	unsigned int nr_done;		/* rows of enable_steps[] done and not undone */
	struct tdx_sysinfo *si;
	struct tdx_mem_range *mem;
	unsigned int nr_mem;
	struct tdmr_plan *plan;
	struct tdx_cmr_range cmrs[TDX_MAX_CMRS];
	unsigned int nr_cmrs;
	struct tdxhost_keyids keyids;
	u64 tdmr_init_ns;
	bool tdmr_init_parallel;
	u64 enable_ns;
	u64 enable_seamcalls;
	struct tdxhost_lp_fault lp_fault;	/* first failing LP.INIT */
	int hibernation;	/* tdxhost_hibernation_possible(), before cpus_read_lock() */
};

static struct enable_ctx *last;		/* the last enable's: owns what readers are shown */

/* Announce @s to readers and record it as where a failure happens. */
static void enter_step(struct enable_ctx *c, enum tdxhost_step s)
{
	c->step = s;
	tdxhost_set_step(s);
}

static __printf(5, 6) int fail(struct enable_ctx *c, u64 leaf, u64 status, int err,
			       const char *fmt, ...)
{
	va_list ap;

	c->fail.step = c->step;
	c->fail.leaf = leaf;
	c->fail.status = status;
	c->fail.err = err;
	va_start(ap, fmt);
	vsnprintf(c->fail.msg, sizeof(c->fail.msg), fmt, ap);
	va_end(ap);
	return err;
}

/* A failed SEAMCALL: its status decoded into the record. */
static int fail_seamcall(struct enable_ctx *c, u64 leaf, u64 status, int err)
{
	char text[128];

	tdx_status_format(text, sizeof(text), status, leaf);
	return fail(c, leaf, status, err ? err : -EIO, "%s: %s", tdx_leaf_name(leaf), text);
}

static int seamcall_step(struct enable_ctx *c, u64 leaf, struct tdx_args *args)
{
	u64 status;
	int err = tdxhost_seamcall_err(leaf, args, &status);

	return err ? fail_seamcall(c, leaf, status, err) : 0;
}

static int step_precheck(struct enable_ctx *c)
{
	int hib = c->hibernation;

	if (hib < 0)
		return fail(c, TDX_LEAF_NONE, 0, hib,
			    "cannot tell whether hibernation is possible: /sys/power/disk: %pe",
			    ERR_PTR(hib));
	if (hib)
		return fail(c, TDX_LEAF_NONE, 0, -EOPNOTSUPP,
			    "hibernation is possible and would destroy TDX: boot with 'nohibernate' to use TDX");
	if (num_online_cpus() != num_present_cpus())
		return fail(c, TDX_LEAF_NONE, 0, -EBUSY,
			    "all CPUs must be online to initialize TDX (%u of %u online)",
			    num_online_cpus(), num_present_cpus());
	return 0;
}

static int step_sys_init(struct enable_ctx *c)
{
	struct tdx_args args = {};

	return seamcall_step(c, TDH_SYS_INIT, &args);
}

static int step_lp_init(struct enable_ctx *c)
{
	int err = tdxhost_lp_init();

	if (err && c->lp_fault.status)
		return fail(c, TDH_SYS_LP_INIT, c->lp_fault.status, err,
			    "TDH.SYS.LP.INIT failed on CPU %d", c->lp_fault.cpu);
	if (err)
		return fail(c, TDX_LEAF_NONE, 0, err, "cannot register the CPU hotplug callback");
	return 0;
}

static void undo_lp_init(struct enable_ctx *c)
{
	tdxhost_lp_exit();
}

static int step_sysinfo(struct enable_ctx *c)
{
	unsigned int calls = 0, i;
	int err;

	err = tdxhost_sysinfo_read(c->si, &c->fail, &calls);
	if (err) {
		/* No SEAMCALL failed: the module answered, we refuse it. */
		c->fail.step = c->fail.leaf == TDX_LEAF_NONE ?
			       TDXHOST_STEP_MODULE_CHECK : c->step;
		c->fail.err = err;
		return err;
	}
	for (i = 0; i < c->si->nr_cmrs && i < TDX_MAX_CMRS; i++) {
		if (!c->si->cmr_size[i])
			continue;
		c->cmrs[c->nr_cmrs].base = c->si->cmr_base[i];
		c->cmrs[c->nr_cmrs].size = c->si->cmr_size[i];
		c->nr_cmrs++;
	}
	tdxhost_publish_sysinfo(c->si);
	return 0;
}

static int step_keyids(struct enable_ctx *c)
{
	const char *why = NULL;
	int err = tdxhost_keyid_init(&c->keyids, &why);

	if (err)
		return fail(c, TDX_LEAF_NONE, 0, err, "%s", why);
	tdxhost_publish_keyids(&c->keyids);
	return 0;
}

static int step_memory(struct enable_ctx *c)
{
	char msg[TDXHOST_MSG_LEN];
	int err;

	tdxhost_memory_guard(TDXHOST_MEM_FROZEN, NULL, 0);
	err = tdxhost_memory_snapshot(c->mem, TDMR_PLAN_MAX_MEM, &c->nr_mem);
	if (err) {
		fail(c, TDX_LEAF_NONE, 0, err, "cannot list System RAM (%d)", err);
		goto out_open;
	}
	err = tdxhost_memory_check_cmrs(c->mem, c->nr_mem, c->cmrs, c->nr_cmrs, msg, sizeof(msg));
	if (err) {
		fail(c, TDX_LEAF_NONE, 0, err, "%s", msg);
		goto out_open;
	}
	tdxhost_memory_guard(TDXHOST_MEM_TDX_ONLY, c->mem, c->nr_mem);
	return 0;
out_open:
	tdxhost_memory_guard(TDXHOST_MEM_OPEN, NULL, 0);
	return err;
}

static void undo_memory(struct enable_ctx *c)
{
	tdxhost_memory_guard(TDXHOST_MEM_OPEN, NULL, 0);
}

/* tdmr_plan_run() says where it is: the step a failure is recorded at, and re-plans. */
static void plan_event(void *ctx, enum tdmr_plan_event ev, u64 a, u64 b)
{
	struct enable_ctx *c = ctx;

	switch (ev) {
	case TDMR_PLAN_EV_PLAN:
		enter_step(c, TDXHOST_STEP_PLAN);
		break;
	case TDMR_PLAN_EV_ALLOC:
		enter_step(c, TDXHOST_STEP_PAMT_ALLOC);
		break;
	case TDMR_PLAN_EV_REPLAN:
		pr_info("PAMT: no contiguous %llu KiB, re-planning with chunks of at most %llu KiB\n",
			a >> 10, b >> 10);
		break;
	}
}

/*
 * Plan, allocate and place the PAMTs, re-planning with smaller chunks while
 * memory is too fragmented for them, and check the result: tdmr_plan_run(),
 * the loop `tdxctl plan` runs offline, so its plan is the one made here.
 */
static int step_plan(struct enable_ctx *c)
{
	const struct tdx_sysinfo *si = c->si;
	struct tdmr_plan_limits lim = {
		.max_tdmrs = min_t(u32, si->max_tdmrs, TDX_MAX_TDMRS_ARCH),
		.max_rsvd_per_tdmr = si->max_reserved_per_tdmr,
		.pamt_entry_size = { si->pamt_4k_entry_size, si->pamt_2m_entry_size,
				     si->pamt_1g_entry_size },
	};
	struct tdmr_plan_host host = { .event = plan_event, .ctx = c };
	const char *why;
	int err;

	tdxhost_pamt_host(&host);
	err = tdmr_plan_run(c->plan, c->mem, c->nr_mem, c->cmrs, c->nr_cmrs, &lim, &host);
	if (!err) {
		if (c->plan->nr_remote)
			pr_info("PAMT: %u of %u TDMRs have their PAMT on another node (chunks serve up to %u node runs)\n",
				c->plan->nr_remote, c->plan->nr_tdmrs, c->plan->chunk_runs);
		return 0;
	}
	why = c->plan->why ? c->plan->why : "?";
	if (c->plan->fail_stage == TDMR_PLAN_STAGE_PLAN)
		return fail(c, TDX_LEAF_NONE, 0, err, "no TDMR layout fits: %s", why);
	return fail(c, TDX_LEAF_NONE, 0, err, "%s (%d)", why, err);
}

static void undo_plan(struct enable_ctx *c)
{
	tdxhost_pamt_free(c->plan);
}

static int step_config(struct enable_ctx *c)
{
	const struct tdx_sysinfo *si = c->si;
	unsigned int max_rsvd = si->max_reserved_per_tdmr;
	size_t entry = ALIGN(sizeof(struct tdmr_info) +
			     max_rsvd * sizeof(struct tdmr_reserved_area), TDMR_INFO_ALIGNMENT);
	size_t total = entry * c->plan->nr_tdmrs;
	struct tdx_args args = {};
	u64 *pa_array;
	void *infos;
	unsigned int i;
	int err;

	/* Both arrays must be 512-byte aligned: page allocations are. */
	infos = alloc_pages_exact(total, GFP_KERNEL | __GFP_ZERO);
	pa_array = (u64 *)get_zeroed_page(GFP_KERNEL);
	if (!infos || !pa_array) {
		err = fail(c, TDX_LEAF_NONE, 0, -ENOMEM, "out of memory for TDMR_INFO");
		goto out;
	}
	for (i = 0; i < c->plan->nr_tdmrs; i++) {
		struct tdmr_info *info = infos + i * entry;

		tdmr_plan_to_tdmr_info(c->plan, i, info, max_rsvd);
		pa_array[i] = virt_to_phys(info);
	}
	args.rcx = virt_to_phys(pa_array);
	args.rdx = c->plan->nr_tdmrs;
	args.r8 = c->keyids.global;
	err = seamcall_step(c, TDH_SYS_CONFIG, &args);
out:
	if (infos)
		free_pages_exact(infos, total);
	free_page((unsigned long)pa_array);
	return err;
}

/*
 * The module may have written the PAMTs through the global KeyID since
 * SYS.CONFIG: flush those lines first (upstream's err_reset_pamts), so none
 * is written back over the pages once the kernel reuses them, then clear
 * them before they are freed.
 */
static void undo_config(struct enable_ctx *c)
{
	tdxhost_cache_flush();
	tdxhost_pamt_reset(c->plan);
}

static int step_key_config(struct enable_ctx *c)
{
	u64 status;
	int pkg, err;

	err = tdxhost_key_config(&status, &pkg);
	if (!err)
		return 0;
	if (!status)	/* never issued: its CPU could not be reached */
		return fail(c, TDH_SYS_KEY_CONFIG, 0, err,
			    "TDH.SYS.KEY.CONFIG could not run on package %d (%d)", pkg, err);
	fail_seamcall(c, TDH_SYS_KEY_CONFIG, status, tdx_status_to_errno(status));
	snprintf(c->fail.msg + strlen(c->fail.msg),
		 sizeof(c->fail.msg) - strlen(c->fail.msg), " (package %d)", pkg);
	return c->fail.err;
}

static int step_tdmr_init(struct enable_ctx *c)
{
	struct tdxhost_tdmr_init_result r;
	int err = tdxhost_tdmr_init(c->plan, &r);

	c->tdmr_init_ns = r.ns;
	c->tdmr_init_parallel = r.parallel;
	if (err == -ENOMEM)
		return fail(c, TDX_LEAF_NONE, 0, err, "out of memory");
	if (err) {
		err = fail_seamcall(c, TDH_SYS_TDMR_INIT, r.status, tdx_status_to_errno(r.status));
		snprintf(c->fail.msg + strlen(c->fail.msg),
			 sizeof(c->fail.msg) - strlen(c->fail.msg),
			 " (TDMR %u at 0x%llx)", r.tdmr, r.base);
	}
	return err;
}

/*
 * The flow, in upstream's order.  Each row's undo reverses what its run left
 * behind; rows without one leave nothing a later failure must take back
 * (the module's own state goes only with its reset; metadata and KeyIDs stay
 * shown to readers of a failure until a reset unpublishes them).
 */
static const struct enable_step {
	enum tdxhost_step step;
	int (*run)(struct enable_ctx *c);
	void (*undo)(struct enable_ctx *c);
} enable_steps[] = {
	{ TDXHOST_STEP_PRECHECK,	step_precheck,		NULL },
	{ TDXHOST_STEP_SYS_INIT,	step_sys_init,		NULL },
	{ TDXHOST_STEP_LP_INIT,		step_lp_init,		undo_lp_init },
	{ TDXHOST_STEP_SYSINFO,		step_sysinfo,		NULL },
	{ TDXHOST_STEP_KEYIDS,		step_keyids,		NULL },
	{ TDXHOST_STEP_MEMORY,		step_memory,		undo_memory },
	/* and TDXHOST_STEP_PAMT_ALLOC: one loop, tdmr_plan_run() */
	{ TDXHOST_STEP_PLAN,		step_plan,		undo_plan },
	{ TDXHOST_STEP_CONFIG,		step_config,		undo_config },
	{ TDXHOST_STEP_KEY_CONFIG,	step_key_config,	NULL },
	{ TDXHOST_STEP_TDMR_INIT,	step_tdmr_init,		NULL },
};

/* Undo the rows done, last first: upstream's err_reset_pamts -> err_free_pamts -> ... */
static void unwind(struct enable_ctx *c)
{
	while (c->nr_done) {
		const struct enable_step *s = &enable_steps[--c->nr_done];

		if (s->undo)
			s->undo(c);
	}
}

static void free_ctx(struct enable_ctx *c)
{
	if (!c)
		return;
	kvfree(c->plan);
	kvfree(c->mem);
	kvfree(c->si);
	kfree(c);
}

static struct enable_ctx *alloc_ctx(void)
{
	struct enable_ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (c) {
		c->si = kvzalloc(sizeof(*c->si), GFP_KERNEL);
		c->mem = kvcalloc(TDMR_PLAN_MAX_MEM, sizeof(*c->mem), GFP_KERNEL);
		c->plan = kvzalloc(sizeof(*c->plan), GFP_KERNEL);
	}
	if (!c || !c->si || !c->mem || !c->plan) {
		free_ctx(c);
		return NULL;
	}
	return c;
}

static u64 tdx_memory_bytes(const struct enable_ctx *c)
{
	unsigned int i;
	u64 bytes = 0;

	for (i = 0; i < c->nr_mem; i++)
		bytes += c->mem[i].end - c->mem[i].start;
	return bytes;
}

static int enable_failed(struct enable_ctx *c, int err)
{
	if (!c->fail.err)
		fail(c, TDX_LEAF_NONE, 0, err, "failed (%d)", err);
	/* Readers keep the metadata (tdxctl shows it); nothing else was shown. */
	kvfree(c->plan);
	kvfree(c->mem);
	c->plan = NULL;
	c->mem = NULL;
	tdxhost_publish_failure(&c->fail);
	tdxhost_publish_cost(c->enable_ns, c->enable_seamcalls);
	pr_err("TDX initialization failed at step %s: %s\n",
	       tdxhost_step_str(c->fail.step), c->fail.msg);
	tdxhost_set_state(TDXHOST_STATE_FAILED);
	tdxhost_emit_failure();
	return err;
}

static void enable_done(struct enable_ctx *c)
{
	u64 tdx_memory = tdx_memory_bytes(c);

	tdxhost_publish_result(c->mem, c->nr_mem, c->plan);
	tdxhost_publish_cost(c->enable_ns, c->enable_seamcalls);
	pr_info("TDX module %u.%u.%02u initialized: %u TDMRs, PAMT %llu KiB (%llu.%02llu%% of %llu MiB TDX memory), %llu SEAMCALLs, %llu ms (TDMR init %llu ms, %s)\n",
		c->si->major_version, c->si->minor_version,
		c->si->update_version, c->plan->nr_tdmrs, c->plan->pamt_total >> 10,
		div64_u64(c->plan->pamt_total * 100, tdx_memory),
		div64_u64(c->plan->pamt_total * 10000, tdx_memory) % 100,
		tdx_memory >> 20, c->enable_seamcalls,
		div64_u64(c->enable_ns, NSEC_PER_MSEC),
		div64_u64(c->tdmr_init_ns, NSEC_PER_MSEC),
		c->tdmr_init_parallel ? "parallel" : "sequential");
	tdxhost_set_state(TDXHOST_STATE_INITIALIZED);
}

static int do_enable(void)
{
	u64 t0 = ktime_get_ns(), calls0 = tdxhost_seamcall_total_calls();
	struct enable_ctx *c = alloc_ctx();
	unsigned int i;
	int err = 0;

	if (!c)
		return -ENOMEM;
	tdxhost_lp_set_fault(&c->lp_fault);
	tdxhost_clear_failure();
	tdxhost_set_state(TDXHOST_STATE_INITIALIZING);

	/*
	 * Read outside the hotplug lock: reading sysfs takes a seq_file's
	 * lock, which tracing (ring buffer resize) orders after it (lockdep).
	 */
	c->hibernation = tdxhost_hibernation_possible();
	cpus_read_lock();
	for (i = 0; i < ARRAY_SIZE(enable_steps) && !err; i++) {
		enter_step(c, enable_steps[i].step);
		err = enable_steps[i].run(c);
		if (!err)
			c->nr_done = i + 1;
	}
	/* Undone with hotplug still held off: no CPU comes online half-way. */
	if (err)
		unwind(c);
	cpus_read_unlock();
	tdxhost_lp_set_fault(NULL);
	c->enable_ns = ktime_get_ns() - t0;
	c->enable_seamcalls = tdxhost_seamcall_total_calls() - calls0;

	last = c;	/* owns what readers are shown, until a reset */
	if (err)
		return enable_failed(c, err);
	enable_done(c);
	return 0;
}

int tdxhost_enable(struct tdxhost_failure *failure)
{
	struct tdxhost_failure prev;
	int err;

	mutex_lock(&enable_mutex);
	switch (tdxhost_get_state()) {
	case TDXHOST_STATE_INITIALIZED:
		err = 0;
		break;
	case TDXHOST_STATE_UNAVAILABLE:
		err = -ENODEV;
		break;
	case TDXHOST_STATE_FAILED:
		/* Like upstream: the module's state is unknown, no second try. */
		tdxhost_get_failure(&prev);
		err = prev.err ?: -EIO;
		break;
	default:
		err = do_enable();
		break;
	}
	if (failure)
		tdxhost_get_failure(failure);
	mutex_unlock(&enable_mutex);
	return err;
}

/*
 * Back to "uninitialized": readers stop seeing the last enable, then its
 * rows still done are undone.  With @keep_pamts the module keeps its PAMTs
 * (it cannot be reset): they are never given back to the kernel.  Refused
 * while TDs hold KeyIDs, unless @exiting (module unload frees the rest).
 */
static int reset_locked(bool keep_pamts, bool exiting)
{
	if (tdxhost_hkids_in_use() && !exiting)
		return -EBUSY;
	tdxhost_unpublish();	/* first: what readers were shown is freed below */
	if (last) {
		if (keep_pamts && last->plan) {
			pr_warn("leaking %llu KiB of PAMT: the TDX module stays initialized until reboot\n",
				last->plan->pamt_total >> 10);
			/* so the PAMT rows' undo has nothing to give back */
			last->plan->nr_chunks = 0;
		}
		cpus_read_lock();	/* the undo rows expect it, as in the flow */
		unwind(last);
		cpus_read_unlock();
		free_ctx(last);
		last = NULL;
	}
	if (tdxhost_get_state() != TDXHOST_STATE_UNAVAILABLE)
		tdxhost_set_state(TDXHOST_STATE_UNINITIALIZED);
	return 0;
}

/*
 * Back to "uninitialized" (software TDX module only: real hardware cannot
 * be reset short of a reboot).  Refused while TDs hold KeyIDs.
 */
int tdxhost_enable_reset(void)
{
	int err;

	mutex_lock(&enable_mutex);
	err = reset_locked(false, false);
	mutex_unlock(&enable_mutex);
	return err;
}

void tdxhost_enable_shutdown(void (*fn)(struct tdmr_plan *plan, void *arg), void *arg)
{
	mutex_lock(&enable_mutex);
	fn(tdxhost_get_state() == TDXHOST_STATE_INITIALIZED && last ? last->plan : NULL, arg);
	mutex_unlock(&enable_mutex);
}

int tdxhost_enable_init(const char *backend, const char *unavailable_reason)
{
	tdxhost_state_init(backend, unavailable_reason);
	return tdxhost_memory_init();
}

void tdxhost_enable_exit(void)
{
	bool keep;

	mutex_lock(&enable_mutex);
	/*
	 * A module that cannot be reset keeps its PAMTs until reboot; so does
	 * one that still holds a KeyID (a TD's TDH.MNG.KEY.FREEID failed: the
	 * module may still use that TD's pages).  The rest is freed.
	 */
	keep = tdxhost_get_state() == TDXHOST_STATE_INITIALIZED &&
	       (!tdxhost_seamcall_has_caps(TDXHOST_BACKEND_RESETTABLE) || tdxhost_hkids_in_use());
	reset_locked(keep, true);
	mutex_unlock(&enable_mutex);
	tdxhost_memory_exit();
	tdxhost_keyid_exit();
}
