// SPDX-License-Identifier: GPL-2.0
/*
 * TDMR initialization, the long part of enable: TDH.SYS.TDMR.INIT covers an
 * implementation-defined number of PAMT entries per call (1024 in 1.5), so a
 * TDMR takes many calls, until the module says it is done: RDX (the next
 * address to initialise, rounded down to 1 GiB) at the TDMR's end, or
 * TDMR_ALREADY_INITIALIZED.  The module allows different TDMRs
 * concurrently, so by default each TDMR gets its own worker.  Progress goes
 * to readers as it is made (an estimate within the 1 GiB the module
 * reports); the first failure stops the rest.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "seamcall.h"
#include "state.h"
#include "tdmr_init.h"
#include "tdmr_plan.h"

static bool tdmr_init_parallel = true;
module_param(tdmr_init_parallel, bool, 0644);
MODULE_PARM_DESC(tdmr_init_parallel,
		 "Initialize different TDMRs concurrently on different CPUs (default: Y)");

struct tdmr_init_work {
	struct work_struct work;
	u64 base;
	u64 size;
	u64 status;		/* first error */
	atomic_t *pending;
	struct completion *done;
	bool *abort;
};

/*
 * Progress estimate: 4 MiB a call (1.5's 1024 entries), kept within the
 * 1 GiB block the module says it is in, so a slower module only makes the
 * bar stall, never run ahead.
 */
static u64 tdmr_init_estimate(u64 est, u64 next, u64 end)
{
	u64 hi = min_t(u64, next + SZ_1G, end);

	return min_t(u64, max_t(u64, est + SZ_4M, next), hi);
}

static void tdmr_init_one(struct tdmr_init_work *w)
{
	u64 next = w->base, est = w->base, end = w->base + w->size, st, e;
	struct tdx_args args;

	while (next < end && !READ_ONCE(*w->abort)) {
		memset(&args, 0, sizeof(args));
		args.rcx = w->base;
		st = tdxhost_seamcall(TDH_SYS_TDMR_INIT, &args);
		if ((st & TDX_STATUS_CODE_MASK) == TDX_TDMR_ALREADY_INITIALIZED) {
			next = end;
			break;
		}
		if ((st & TDX_STATUS_CODE_MASK) == TDX_OPERAND_BUSY) {
			cond_resched();
			continue;
		}
		if (st != TDX_SUCCESS) {
			struct tdx_args in = { .rcx = w->base };

			tdxhost_seamcall_report(TDH_SYS_TDMR_INIT, st, &in);
			w->status = st;
			WRITE_ONCE(*w->abort, true);
			return;
		}
		/* the module's word, never our count: done when RDX reaches the end */
		next = max(next, args.rdx);
		e = next >= end ? end : tdmr_init_estimate(est, next, end);
		tdxhost_tdmr_init_add(e - est);
		est = e;
		cond_resched();
	}
	if (next >= end && est < end)
		tdxhost_tdmr_init_add(end - est);
}

static void tdmr_init_workfn(struct work_struct *work)
{
	struct tdmr_init_work *w = container_of(work, struct tdmr_init_work, work);

	tdmr_init_one(w);
	if (atomic_dec_and_test(w->pending))
		complete(w->done);
}

int tdxhost_tdmr_init(const struct tdmr_plan *plan, struct tdxhost_tdmr_init_result *r)
{
	unsigned int i, n = plan->nr_tdmrs, cpu = cpumask_first(cpu_online_mask);
	DECLARE_COMPLETION_ONSTACK(done);
	u64 t0;
	struct tdmr_init_work *works;
	atomic_t pending;
	bool abort = false;
	u32 last_pct = 0;
	int err = 0;

	memset(r, 0, sizeof(*r));
	r->parallel = tdmr_init_parallel;
	works = kcalloc(n, sizeof(*works), GFP_KERNEL);
	if (!works)
		return -ENOMEM;
	tdxhost_tdmr_init_begin(plan->covered);
	atomic_set(&pending, n);
	for (i = 0; i < n; i++) {
		works[i].base = plan->tdmrs[i].base;
		works[i].size = plan->tdmrs[i].size;
		works[i].pending = &pending;
		works[i].done = &done;
		works[i].abort = &abort;
		INIT_WORK(&works[i].work, tdmr_init_workfn);
	}

	t0 = ktime_get_ns();
	if (r->parallel) {
		/* One work per TDMR, each bound to its own CPU while there are CPUs to go round. */
		/* cpus_read_lock() is held by the enable flow: the CPUs stay */
		for (i = 0; i < n; i++) {
			queue_work_on(cpu, system_long_wq, &works[i].work);
			cpu = cpumask_next(cpu, cpu_online_mask);
			if (cpu >= nr_cpu_ids)
				cpu = cpumask_first(cpu_online_mask);
		}
		while (!wait_for_completion_timeout(&done, HZ / 10)) {
			u32 pct = tdxhost_tdmr_init_percent();

			if (pct != last_pct) {
				last_pct = pct;
				tdxhost_emit_progress(pct);
			}
		}
	} else {
		for (i = 0; i < n && !abort; i++) {
			tdmr_init_one(&works[i]);
			tdxhost_emit_progress(tdxhost_tdmr_init_percent());
		}
	}
	r->ns = ktime_get_ns() - t0;
	for (i = 0; i < n; i++) {
		if (works[i].status) {
			r->status = works[i].status;
			r->tdmr = i;
			r->base = works[i].base;
			err = -EIO;
			break;
		}
	}
	if (!err)
		tdxhost_emit_progress(100);
	kfree(works);
	return err;
}
