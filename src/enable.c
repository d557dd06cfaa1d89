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
 * Readers never wait behind a running enable: they take pub_lock, which the
 * enable thread holds only to publish or to copy a few fields.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/suspend.h>
#include <linux/topology.h>
#include <linux/workqueue.h>
#include <asm/io.h>
#include <asm/smp.h>

#include "enable.h"
#include "keyid.h"
#include "memory.h"
#include "seamcall.h"
#include "sysinfo.h"
#include "tdmr_plan.h"
#include "tdx_status.h"

static bool tdmr_init_parallel = true;
module_param(tdmr_init_parallel, bool, 0644);
MODULE_PARM_DESC(tdmr_init_parallel,
		 "Initialize different TDMRs concurrently on different CPUs (default: Y)");

#define KEY_CONFIG_RETRIES	1000

static DEFINE_MUTEX(enable_mutex);	/* one enable (or reset) at a time */
static DEFINE_SPINLOCK(pub_lock);	/* what readers see */
static BLOCKING_NOTIFIER_HEAD(event_chain);

/* Everything below is written under pub_lock (and enable_mutex). */
static struct {
	u32 generation;
	enum tdxhost_state state;
	const char *backend;
	char reason[TDXHOST_MSG_LEN];
	struct tdxhost_failure failure;
	enum tdxhost_step step;
	u64 tdmr_init_total;
	struct tdx_sysinfo *sysinfo;	/* published once read */
	struct tdxhost_keyids keyids;
	struct tdx_mem_range *mem;	/* published with the plan */
	unsigned int nr_mem;
	u64 tdx_memory;
	struct tdmr_plan *plan;		/* published when initialized */
	u64 enable_ns;
	u64 enable_seamcalls;
	u64 tdmr_init_ns;
} host;

static atomic64_t tdmr_init_done;	/* bytes, updated by the init workers */
static int cpuhp_state = -1;		/* LP.INIT on CPUs that come online */

static const char * const state_names[] = {
	[TDXHOST_STATE_UNAVAILABLE] = "unavailable",
	[TDXHOST_STATE_UNINITIALIZED] = "uninitialized",
	[TDXHOST_STATE_INITIALIZING] = "initializing",
	[TDXHOST_STATE_INITIALIZED] = "initialized",
	[TDXHOST_STATE_FAILED] = "failed",
};

static const char * const step_names[] = {
	[TDXHOST_STEP_NONE] = "none",
	[TDXHOST_STEP_PRECHECK] = "precheck",
	[TDXHOST_STEP_SYS_INIT] = "sys-init",
	[TDXHOST_STEP_LP_INIT] = "lp-init",
	[TDXHOST_STEP_SYSINFO] = "sysinfo",
	[TDXHOST_STEP_MODULE_CHECK] = "module-check",
	[TDXHOST_STEP_KEYIDS] = "keyids",
	[TDXHOST_STEP_MEMORY] = "memory",
	[TDXHOST_STEP_PLAN] = "plan",
	[TDXHOST_STEP_PAMT_ALLOC] = "pamt-alloc",
	[TDXHOST_STEP_CONFIG] = "config",
	[TDXHOST_STEP_KEY_CONFIG] = "key-config",
	[TDXHOST_STEP_TDMR_INIT] = "tdmr-init",
};

const char *tdxhost_state_name(enum tdxhost_state s)
{
	return s < ARRAY_SIZE(state_names) ? state_names[s] : "?";
}

const char *tdxhost_step_name(enum tdxhost_step s)
{
	return s < ARRAY_SIZE(step_names) ? step_names[s] : "?";
}

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

static void set_state(enum tdxhost_state s)
{
	spin_lock(&pub_lock);
	host.state = s;
	host.generation++;
	spin_unlock(&pub_lock);
	emit(TDXHOST_EV_STATE, 0);
}

static void set_step(enum tdxhost_step s)
{
	spin_lock(&pub_lock);
	host.step = s;
	spin_unlock(&pub_lock);
	emit(TDXHOST_EV_PROGRESS, 0);
}

/* ---- readers */

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
		out->nid = t->nid;
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

/* ---- the flow */

struct enable_ctx {
	struct tdxhost_failure fail;
	struct tdx_sysinfo *si;
	struct tdx_mem_range *mem;
	unsigned int nr_mem;
	struct tdmr_plan *plan;
	struct tdx_cmr_range cmrs[TDX_MAX_CMRS];
	unsigned int nr_cmrs;
	struct tdxhost_keyids keyids;
	bool configured;		/* SYS.CONFIG succeeded: PAMTs are the module's */
	u64 lp_init_status;		/* first failing LP.INIT */
	int lp_init_cpu;
};

static struct enable_ctx *cur_ctx;	/* for the CPU hotplug callbacks */

static __printf(5, 6) int fail(struct enable_ctx *c, u64 leaf, u64 status, int err,
			       const char *fmt, ...)
{
	va_list ap;

	c->fail.step = host.step;
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

/*
 * Upstream refuses TDX while hibernation is possible (the TDX module and its
 * keys do not survive it).  hibernation_available() is not exported; its
 * answer is what /sys/power/disk shows.
 */
static bool hibernation_possible(void)
{
	char buf[64] = "";
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	if (!IS_ENABLED(CONFIG_HIBERNATION))
		return false;
	f = filp_open("/sys/power/disk", O_RDONLY, 0);
	if (IS_ERR(f))
		return true;	/* cannot tell: assume the worst */
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	return n <= 0 || !strstr(buf, "[disabled]");
}

static int step_precheck(struct enable_ctx *c)
{
	if (hibernation_possible())
		return fail(c, TDX_LEAF_NONE, 0, -EOPNOTSUPP,
			    "hibernation is possible and would destroy TDX: boot with 'nohibernate' to use TDX");
	if (num_online_cpus() != num_present_cpus())
		return fail(c, TDX_LEAF_NONE, 0, -EBUSY,
			    "all CPUs must be online to initialize TDX (%u of %u online)",
			    num_online_cpus(), num_present_cpus());
	return 0;
}

/* CPUs that did TDH.SYS.LP.INIT: the module remembers them across offline/online. */
static struct cpumask lp_done;

static int lp_online(unsigned int cpu)
{
	struct tdx_args args = {};
	u64 status;

	if (cpumask_test_cpu(cpu, &lp_done))
		return 0;
	status = tdxhost_seamcall(TDH_SYS_LP_INIT, &args);
	if (status == TDX_SUCCESS || (status & TDX_STATUS_CODE_MASK) == TDX_SYS_LP_INIT_DONE) {
		cpumask_set_cpu(cpu, &lp_done);
		return 0;
	}
	/*
	 * After TDH.SYS.CONFIG the module takes no new LPs.  The CPU is still
	 * fine for everything but TDX, so let it come online.
	 */
	if ((status & TDX_STATUS_CODE_MASK) == TDX_SYS_LP_INIT_NOT_PENDING && !cur_ctx) {
		pr_warn("CPU %u came online after TDX initialization: it cannot run TDX code\n",
			cpu);
		return 0;
	}
	tdxhost_seamcall_report(TDH_SYS_LP_INIT, status, &args);
	if (cur_ctx && !cur_ctx->lp_init_status) {
		cur_ctx->lp_init_status = status;
		cur_ctx->lp_init_cpu = cpu;
	}
	return tdx_status_to_errno(status) ?: -EIO;
}

/* TDH.SYS.KEY.CONFIG runs on one CPU of each package: keep one online. */
static int lp_offline(unsigned int cpu)
{
	int pkg = topology_physical_package_id(cpu);
	unsigned int other;

	if (READ_ONCE(host.state) != TDXHOST_STATE_INITIALIZED)
		return 0;
	for_each_online_cpu(other) {
		if (other != cpu && topology_physical_package_id(other) == pkg)
			return 0;
	}
	pr_warn("refusing to offline CPU %u: it is the last online CPU of package %d and TDX is initialized\n",
		cpu, pkg);
	return -EBUSY;
}

static int step_lp_init(struct enable_ctx *c)
{
	int ret;

	/* Registering runs lp_online() on every online CPU, and later on new ones. */
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "tdxhost:lp-init", lp_online, lp_offline);
	if (ret < 0) {
		if (c->lp_init_status)
			return fail(c, TDH_SYS_LP_INIT, c->lp_init_status, ret,
				    "TDH.SYS.LP.INIT failed on CPU %d", c->lp_init_cpu);
		return fail(c, TDX_LEAF_NONE, 0, ret, "cannot register the CPU hotplug callback");
	}
	cpuhp_state = ret;
	return 0;
}

static int step_sysinfo(struct enable_ctx *c)
{
	unsigned int calls = 0, i;
	int err;

	err = tdxhost_sysinfo_read(c->si, &c->fail, &calls);
	if (err) {
		/* No SEAMCALL failed: the module answered, we refuse it. */
		c->fail.step = c->fail.leaf == TDX_LEAF_NONE ?
			       TDXHOST_STEP_MODULE_CHECK : host.step;
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
	spin_lock(&pub_lock);
	host.sysinfo = c->si;
	host.generation++;
	spin_unlock(&pub_lock);
	c->si = NULL;	/* owned by host now */
	return 0;
}

static int step_keyids(struct enable_ctx *c)
{
	const char *why = NULL;
	int err = tdxhost_keyid_init(&c->keyids, &why);

	if (err)
		return fail(c, TDX_LEAF_NONE, 0, err, "%s", why);
	spin_lock(&pub_lock);
	host.keyids = c->keyids;
	spin_unlock(&pub_lock);
	return 0;
}

static int step_memory(struct enable_ctx *c)
{
	char msg[TDXHOST_MSG_LEN];
	int err;

	tdxhost_memory_guard(TDXHOST_MEM_FROZEN, NULL, 0);
	err = tdxhost_memory_snapshot(c->mem, TDMR_PLAN_MAX_MEM, &c->nr_mem);
	if (err)
		return fail(c, TDX_LEAF_NONE, 0, err, "cannot list System RAM (%d)", err);
	err = tdxhost_memory_check_cmrs(c->mem, c->nr_mem, c->cmrs, c->nr_cmrs, msg, sizeof(msg));
	if (err)
		return fail(c, TDX_LEAF_NONE, 0, err, "%s", msg);
	tdxhost_memory_guard(TDXHOST_MEM_TDX_ONLY, c->mem, c->nr_mem);
	return 0;
}

static int plan_once(struct enable_ctx *c, u64 max_chunk)
{
	const struct tdx_sysinfo *si = host.sysinfo;
	struct tdmr_plan_limits lim = {
		.max_tdmrs = min_t(u32, si->max_tdmrs, TDX_MAX_TDMRS_ARCH),
		.max_rsvd_per_tdmr = si->max_reserved_per_tdmr,
		.pamt_entry_size = { si->pamt_4k_entry_size, si->pamt_2m_entry_size,
				     si->pamt_1g_entry_size },
	};
	struct tdmr_plan_opts opts = { .max_chunk_size = max_chunk };
	int err;

	err = tdmr_plan_build(c->plan, c->mem, c->nr_mem, c->cmrs, c->nr_cmrs, &lim, &opts);
	if (err)
		return fail(c, TDX_LEAF_NONE, 0, err, "no TDMR layout fits: %s",
			    c->plan->why ? c->plan->why : "?");
	return 0;
}

/*
 * Allocate and place the PAMTs.  When memory is too fragmented for a chunk,
 * re-plan with smaller chunks, down to one PAMT level per chunk (a level's
 * PAMT must be contiguous).
 */
static int step_pamt(struct enable_ctx *c)
{
	u64 max_chunk = 0, largest, floor;
	unsigned int i, ps;
	const char *why;
	int err;

	for (;;) {
		set_step(TDXHOST_STEP_PLAN);
		err = plan_once(c, max_chunk);
		if (err)
			return err;
		set_step(TDXHOST_STEP_PAMT_ALLOC);
		err = tdxhost_pamt_alloc(c->plan);
		if (!err) {
			err = tdmr_plan_place_pamts(c->plan);
			if (!err)
				break;
			tdxhost_pamt_free(c->plan, false);
		}
		largest = 0;
		floor = PAGE_SIZE;
		for (i = 0; i < c->plan->nr_chunks; i++)
			largest = max(largest, c->plan->chunks[i].size);
		for (i = 0; i < c->plan->nr_tdmrs; i++)
			for (ps = 0; ps < TDX_PS_NR; ps++)
				floor = max(floor, c->plan->tdmrs[i].pamt_size[ps]);
		if (largest <= floor)
			return fail(c, TDX_LEAF_NONE, 0, err ?: -ENOMEM,
				    "cannot allocate %llu KiB of PAMT, even in chunks of %llu KiB (%d)",
				    c->plan->pamt_total >> 10, largest >> 10, err);
		max_chunk = max(floor, ALIGN(largest / 2, PAGE_SIZE));
		pr_info("PAMT: no contiguous %llu KiB, re-planning with chunks of at most %llu KiB\n",
			largest >> 10, max_chunk >> 10);
	}
	err = tdmr_plan_validate(c->plan, c->cmrs, c->nr_cmrs, &why);
	if (err) {
		tdxhost_pamt_free(c->plan, false);
		return fail(c, TDX_LEAF_NONE, 0, err,
			    "internal: plan fails its own check: %s", why);
	}
	return 0;
}

static int step_config(struct enable_ctx *c)
{
	const struct tdx_sysinfo *si = host.sysinfo;
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
	if (!err)
		c->configured = true;
out:
	if (infos)
		free_pages_exact(infos, total);
	free_page((unsigned long)pa_array);
	return err;
}

struct key_config_arg {
	u64 status;
};

static int key_config_on_cpu(void *data)
{
	struct key_config_arg *a = data;
	int tries = KEY_CONFIG_RETRIES;
	struct tdx_args args;
	u64 st;

	do {
		memset(&args, 0, sizeof(args));
		st = tdxhost_seamcall(TDH_SYS_KEY_CONFIG, &args);
		/* Another package holds the module's global lock: wait our turn. */
		if ((st & TDX_STATUS_CODE_MASK) != TDX_SYS_BUSY)
			break;
		cond_resched();
	} while (--tries);
	if ((st & TDX_STATUS_CODE_MASK) == TDX_KEY_CONFIGURED)
		st = TDX_SUCCESS;
	a->status = st;
	return 0;
}

static int step_key_config(struct enable_ctx *c)
{
	struct key_config_arg a;
	unsigned int cpu, other;
	bool first;

	/* No dirty cache line of any KeyID may be written back over the module's. */
	wbinvd_on_all_cpus();

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		int pkg = topology_physical_package_id(cpu);

		/* the first online CPU of each package, one package at a time */
		first = true;
		for_each_online_cpu(other) {
			if (other >= cpu)
				break;
			if (topology_physical_package_id(other) == pkg) {
				first = false;
				break;
			}
		}
		if (!first)
			continue;
		a.status = 0;
		smp_call_on_cpu(cpu, key_config_on_cpu, &a, false);
		if (a.status != TDX_SUCCESS) {
			struct tdx_args in = {};

			cpus_read_unlock();
			tdxhost_seamcall_report(TDH_SYS_KEY_CONFIG, a.status, &in);
			fail_seamcall(c, TDH_SYS_KEY_CONFIG, a.status,
				      tdx_status_to_errno(a.status));
			snprintf(c->fail.msg + strlen(c->fail.msg),
				 sizeof(c->fail.msg) - strlen(c->fail.msg), " (package %d)", pkg);
			return c->fail.err;
		}
	}
	cpus_read_unlock();
	return 0;
}

/* ---- TDMR init, one worker per TDMR */

struct tdmr_init_work {
	struct work_struct work;
	u64 base;
	u64 size;
	u64 status;		/* first error */
	atomic_t *pending;
	struct completion *done;
	bool *abort;
};

static void tdmr_init_one(struct tdmr_init_work *w)
{
	u64 next = w->base, end = w->base + w->size, st;
	struct tdx_args args;

	while (next < end && !READ_ONCE(*w->abort)) {
		memset(&args, 0, sizeof(args));
		args.rcx = w->base;
		st = tdxhost_seamcall(TDH_SYS_TDMR_INIT, &args);
		if ((st & TDX_STATUS_CODE_MASK) == TDX_TDMR_ALREADY_INITIALIZED)
			break;
		if ((st & TDX_STATUS_CODE_MASK) == TDX_OPERAND_BUSY) {
			cond_resched();
			continue;
		}
		if (st != TDX_SUCCESS) {
			struct tdx_args in = { .rcx = w->base };

			tdxhost_seamcall_report(TDH_SYS_TDMR_INIT, st, &in);
			w->status = st;
			WRITE_ONCE(*w->abort, true);
			break;
		}
		/* Each call covers 1024 4K PAMT entries: 4 MiB of the TDMR. */
		atomic64_add(min_t(u64, SZ_4M, end - next), &tdmr_init_done);
		next = max(next + SZ_4M, args.rdx);
		cond_resched();
	}
}

static void tdmr_init_workfn(struct work_struct *work)
{
	struct tdmr_init_work *w = container_of(work, struct tdmr_init_work, work);

	tdmr_init_one(w);
	if (atomic_dec_and_test(w->pending))
		complete(w->done);
}

static int step_tdmr_init(struct enable_ctx *c)
{
	unsigned int i, n = c->plan->nr_tdmrs, cpu = cpumask_first(cpu_online_mask);
	DECLARE_COMPLETION_ONSTACK(done);
	u64 t0;
	struct tdmr_init_work *works;
	atomic_t pending;
	bool abort = false;
	u32 last_pct = 0;
	int err = 0;

	works = kcalloc(n, sizeof(*works), GFP_KERNEL);
	if (!works)
		return fail(c, TDX_LEAF_NONE, 0, -ENOMEM, "out of memory");
	spin_lock(&pub_lock);
	host.tdmr_init_total = c->plan->covered;
	spin_unlock(&pub_lock);
	atomic64_set(&tdmr_init_done, 0);
	atomic_set(&pending, n);
	for (i = 0; i < n; i++) {
		works[i].base = c->plan->tdmrs[i].base;
		works[i].size = c->plan->tdmrs[i].size;
		works[i].pending = &pending;
		works[i].done = &done;
		works[i].abort = &abort;
		INIT_WORK(&works[i].work, tdmr_init_workfn);
	}

	t0 = ktime_get_ns();
	if (tdmr_init_parallel) {
		/*
		 * The module allows different TDMRs concurrently: one work per
		 * TDMR, each bound to its own CPU while there are CPUs to go round.
		 */
		cpus_read_lock();
		for (i = 0; i < n; i++) {
			queue_work_on(cpu, system_long_wq, &works[i].work);
			cpu = cpumask_next(cpu, cpu_online_mask);
			if (cpu >= nr_cpu_ids)
				cpu = cpumask_first(cpu_online_mask);
		}
		cpus_read_unlock();
		while (!wait_for_completion_timeout(&done, HZ / 10)) {
			u32 pct = div64_u64(atomic64_read(&tdmr_init_done) * 100,
					    max_t(u64, host.tdmr_init_total, 1));
			if (pct != last_pct) {
				last_pct = pct;
				emit(TDXHOST_EV_PROGRESS, pct);
			}
		}
	} else {
		for (i = 0; i < n && !abort; i++) {
			tdmr_init_one(&works[i]);
			emit(TDXHOST_EV_PROGRESS,
			     div64_u64(atomic64_read(&tdmr_init_done) * 100,
				       max_t(u64, host.tdmr_init_total, 1)));
		}
	}
	host.tdmr_init_ns = ktime_get_ns() - t0;
	for (i = 0; i < n; i++) {
		if (works[i].status) {
			err = fail_seamcall(c, TDH_SYS_TDMR_INIT, works[i].status,
					    tdx_status_to_errno(works[i].status));
			snprintf(c->fail.msg + strlen(c->fail.msg),
				 sizeof(c->fail.msg) - strlen(c->fail.msg),
				 " (TDMR %u at 0x%llx)", i, works[i].base);
			break;
		}
	}
	if (!err)
		emit(TDXHOST_EV_PROGRESS, 100);
	kfree(works);
	return err;
}

/* Undo whatever the failed or reset flow left behind. */
static void teardown(struct enable_ctx *c, struct tdmr_plan *plan, bool configured)
{
	if (cpuhp_state >= 0) {
		cpuhp_remove_state_nocalls(cpuhp_state);
		cpuhp_state = -1;
	}
	/* A failed module is not retried and a reset one forgets its LPs. */
	cpumask_clear(&lp_done);
	if (plan)
		tdxhost_pamt_free(plan, configured);
	tdxhost_memory_guard(TDXHOST_MEM_OPEN, NULL, 0);
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

static int step_sys_init(struct enable_ctx *c)
{
	struct tdx_args args = {};

	return seamcall_step(c, TDH_SYS_INIT, &args);
}

/* The flow, in upstream's order. */
static const struct {
	enum tdxhost_step step;
	int (*run)(struct enable_ctx *c);
} enable_steps[] = {
	{ TDXHOST_STEP_PRECHECK, step_precheck },
	{ TDXHOST_STEP_SYS_INIT, step_sys_init },
	{ TDXHOST_STEP_LP_INIT, step_lp_init },
	{ TDXHOST_STEP_SYSINFO, step_sysinfo },
	{ TDXHOST_STEP_KEYIDS, step_keyids },
	{ TDXHOST_STEP_MEMORY, step_memory },
	{ TDXHOST_STEP_NONE, step_pamt },
	{ TDXHOST_STEP_CONFIG, step_config },
	{ TDXHOST_STEP_KEY_CONFIG, step_key_config },
	{ TDXHOST_STEP_TDMR_INIT, step_tdmr_init },
};

static int do_enable(void)
{
	struct enable_ctx *c;
	u64 t0 = ktime_get_ns(), calls0 = tdxhost_seamcall_total_calls();
	unsigned int i;
	int err = 0;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (c) {
		c->si = kvzalloc(sizeof(*c->si), GFP_KERNEL);
		c->mem = kvcalloc(TDMR_PLAN_MAX_MEM, sizeof(*c->mem), GFP_KERNEL);
		c->plan = kvzalloc(sizeof(*c->plan), GFP_KERNEL);
	}
	if (!c || !c->si || !c->mem || !c->plan) {
		free_ctx(c);
		return -ENOMEM;
	}
	cur_ctx = c;
	memset(&host.failure, 0, sizeof(host.failure));
	set_state(TDXHOST_STATE_INITIALIZING);

	for (i = 0; i < ARRAY_SIZE(enable_steps) && !err; i++) {
		/* step_pamt() announces its own two steps (plan, allocation) */
		if (enable_steps[i].step != TDXHOST_STEP_NONE)
			set_step(enable_steps[i].step);
		err = enable_steps[i].run(c);
	}
	cur_ctx = NULL;

	if (err) {
		if (!c->fail.err)
			fail(c, TDX_LEAF_NONE, 0, err, "failed (%d)", err);
		teardown(c, c->plan, c->configured);
		spin_lock(&pub_lock);
		host.failure = c->fail;
		host.enable_ns = ktime_get_ns() - t0;
		host.enable_seamcalls = tdxhost_seamcall_total_calls() - calls0;
		spin_unlock(&pub_lock);
		pr_err("TDX initialization failed at step %s: %s\n",
		       tdxhost_step_name(c->fail.step), c->fail.msg);
		set_state(TDXHOST_STATE_FAILED);
		emit(TDXHOST_EV_FAILURE, 0);
		free_ctx(c);
		return err;
	}

	spin_lock(&pub_lock);
	host.mem = c->mem;
	host.nr_mem = c->nr_mem;
	host.tdx_memory = 0;
	for (i = 0; i < c->nr_mem; i++)
		host.tdx_memory += c->mem[i].end - c->mem[i].start;
	host.plan = c->plan;
	host.step = TDXHOST_STEP_NONE;
	host.enable_ns = ktime_get_ns() - t0;
	host.enable_seamcalls = tdxhost_seamcall_total_calls() - calls0;
	spin_unlock(&pub_lock);
	c->mem = NULL;
	c->plan = NULL;
	free_ctx(c);

	pr_info("TDX module %u.%u.%02u initialized: %u TDMRs, PAMT %llu KiB (%llu.%02llu%% of %llu MiB TDX memory), %llu SEAMCALLs, %llu ms (TDMR init %llu ms, %s)\n",
		host.sysinfo->major_version, host.sysinfo->minor_version,
		host.sysinfo->update_version, host.plan->nr_tdmrs, host.plan->pamt_total >> 10,
		div64_u64(host.plan->pamt_total * 100, host.tdx_memory),
		div64_u64(host.plan->pamt_total * 10000, host.tdx_memory) % 100,
		host.tdx_memory >> 20, host.enable_seamcalls,
		div64_u64(host.enable_ns, NSEC_PER_MSEC),
		div64_u64(host.tdmr_init_ns, NSEC_PER_MSEC),
		tdmr_init_parallel ? "parallel" : "sequential");
	set_state(TDXHOST_STATE_INITIALIZED);
	return 0;
}

int tdxhost_enable(struct tdxhost_failure *failure)
{
	int err;

	mutex_lock(&enable_mutex);
	switch (READ_ONCE(host.state)) {
	case TDXHOST_STATE_INITIALIZED:
		err = 0;
		break;
	case TDXHOST_STATE_UNAVAILABLE:
		err = -ENODEV;
		break;
	case TDXHOST_STATE_FAILED:
		/* Like upstream: the module's state is unknown, no second try. */
		err = host.failure.err ?: -EIO;
		break;
	default:
		err = do_enable();
		break;
	}
	if (failure) {
		spin_lock(&pub_lock);
		*failure = host.failure;
		if (host.state == TDXHOST_STATE_UNAVAILABLE) {
			failure->err = -ENODEV;
			snprintf(failure->msg, sizeof(failure->msg), "TDX unavailable: %.140s",
				 host.reason);
		}
		spin_unlock(&pub_lock);
	}
	mutex_unlock(&enable_mutex);
	return err;
}

/*
 * Back to "uninitialized" (software TDX module only: real hardware cannot
 * be reset short of a reboot).  Refused while TDs hold KeyIDs.
 */
int tdxhost_enable_reset(void)
{
	struct tdmr_plan *plan;
	struct tdx_mem_range *mem;
	struct tdx_sysinfo *si;

	mutex_lock(&enable_mutex);
	if (tdxhost_hkids_in_use()) {
		mutex_unlock(&enable_mutex);
		return -EBUSY;
	}
	spin_lock(&pub_lock);
	plan = host.plan;
	mem = host.mem;
	si = host.sysinfo;
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
	teardown(NULL, plan, plan != NULL);
	kvfree(plan);
	kvfree(mem);
	kvfree(si);
	if (host.state != TDXHOST_STATE_UNAVAILABLE)
		set_state(TDXHOST_STATE_UNINITIALIZED);
	mutex_unlock(&enable_mutex);
	return 0;
}

bool tdxhost_pa_is_tdx_private(u64 pa)
{
	struct tdx_args args = { .rcx = pa };
	bool in_pamt = false, ready;
	unsigned int i;
	u64 status;

	spin_lock(&pub_lock);
	ready = host.state == TDXHOST_STATE_INITIALIZED && host.plan;
	for (i = 0; ready && i < host.plan->nr_chunks; i++) {
		const struct tdmr_plan_chunk *c = &host.plan->chunks[i];

		if (pa >= c->base && pa < c->base + c->size)
			in_pamt = true;
	}
	spin_unlock(&pub_lock);
	if (!ready)
		return false;
	/* RDMD reports PAMT pages as reserved: they are the module's all the same. */
	if (in_pamt)
		return true;
	status = tdxhost_seamcall(TDH_PHYMEM_PAGE_RDMD, &args);
	return status == TDX_SUCCESS && args.rcx != PT_NDA && args.rcx != PT_RSVD;
}

/* ---- sleep: TDX does not survive S3 or hibernation */

static int pm_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	enum tdxhost_state s = READ_ONCE(host.state);

	if (action != PM_SUSPEND_PREPARE && action != PM_HIBERNATION_PREPARE)
		return NOTIFY_DONE;
	if (s != TDXHOST_STATE_INITIALIZED && s != TDXHOST_STATE_INITIALIZING)
		return NOTIFY_DONE;
	pr_warn("refusing %s: TDX is %s and would be lost (TDX memory and keys do not survive it)\n",
		action == PM_SUSPEND_PREPARE ? "suspend" : "hibernation", tdxhost_state_name(s));
	return notifier_from_errno(-EBUSY);
}

static struct notifier_block pm_nb = {
	.notifier_call = pm_notify,
};

int tdxhost_enable_init(const char *backend, const char *unavailable_reason)
{
	int err;

	host.backend = backend;
	if (unavailable_reason) {
		host.state = TDXHOST_STATE_UNAVAILABLE;
		strscpy(host.reason, unavailable_reason, sizeof(host.reason));
	} else {
		host.state = TDXHOST_STATE_UNINITIALIZED;
	}
	err = tdxhost_memory_init();
	if (err)
		return err;
	err = register_pm_notifier(&pm_nb);
	if (err) {
		tdxhost_memory_exit();
		return err;
	}
	return 0;
}

void tdxhost_enable_exit(void)
{
	unregister_pm_notifier(&pm_nb);
	mutex_lock(&enable_mutex);
	/* The TDX module keeps the PAMTs until reset: never give them back to the kernel. */
	if (host.state == TDXHOST_STATE_INITIALIZED &&
	    !tdxhost_seamcall_has_caps(TDXHOST_BACKEND_RESETTABLE)) {
		pr_warn("leaking %llu KiB of PAMT: the TDX module stays initialized until reboot\n",
			host.plan->pamt_total >> 10);
		host.plan->nr_chunks = 0;
	}
	mutex_unlock(&enable_mutex);
	tdxhost_enable_reset();
	tdxhost_memory_exit();
	tdxhost_keyid_exit();
}
