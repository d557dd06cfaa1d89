// SPDX-License-Identifier: GPL-2.0
/*
 * The one SEAMCALL entry point: backend dispatch, bounded retries on
 * TDX_RND_NO_ENTROPY and on a #UD taken with CR4.VMXE set, per-leaf
 * statistics, a tracepoint per call, and the single dmesg record for a
 * failure (leaf and status by name, registers).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

#include "seamcall.h"
#include "tdx_status.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/* Upstream retries entropy exhaustion (PCONFIG/RDSEED inside the module) this often. */
#define SEAMCALL_RND_RETRIES	10
/*
 * CR4.VMXE does not say "in VMX operation": KVM sets it before VMXON and
 * clears it after VMXOFF, from a per-CPU context that can be preempted
 * (the CPU hotplug thread when a CPU comes online).  A #UD in that window
 * is retried, sleeping 1, 2, 4, 8, 16 ms (up to twice that) in between.
 */
#define SEAMCALL_UD_RETRIES	5
#define SEAMCALL_UD_SLEEP_US	1000

struct leaf_counters {
	atomic64_t calls;
	atomic64_t errors;
	atomic64_t last_error;
	atomic64_t time_ns;
};

static struct leaf_counters counters[TDX_NR_LEAVES];
static atomic64_t other_calls;	/* leaves outside the table (P-SEAMLDR) */
static const struct tdxhost_backend_ops *backend;

void tdxhost_seamcall_set_backend(const struct tdxhost_backend_ops *ops)
{
	WRITE_ONCE(backend, ops);
}

const struct tdxhost_backend_ops *tdxhost_seamcall_backend(void)
{
	return READ_ONCE(backend);
}

/* *@vmx_window: a #UD taken with CR4.VMXE set (see ->ud_vmxe_set). */
static u64 seamcall_once(const struct tdxhost_backend_ops *ops, u64 fn, struct tdx_args *args,
			 bool *vmx_window)
{
	u64 leaf = fn & TDX_LEAF_MASK;
	u64 t0, dt, status;

	t0 = ktime_get_ns();
	preempt_disable();
	/* stopped meanwhile (tdxhost_seamcall_stop()): issue nothing */
	if (unlikely(READ_ONCE(backend) != ops))
		status = TDX_SEAMCALL_VMFAILINVALID;
	else
		status = ops->seamcall(fn, args);
	*vmx_window = status == TDX_SEAMCALL_UD && ops->ud_vmxe_set && ops->ud_vmxe_set();
	preempt_enable();
	dt = ktime_get_ns() - t0;

	trace_tdxhost_seamcall(fn, status, dt);
	if (leaf < TDX_NR_LEAVES && !(fn >> 63)) {
		struct leaf_counters *c = &counters[leaf];

		atomic64_inc(&c->calls);
		atomic64_add(dt, &c->time_ns);
		if (status & TDX_STATUS_ERROR) {
			atomic64_inc(&c->errors);
			atomic64_set(&c->last_error, status);
		}
	} else {
		atomic64_inc(&other_calls);
	}
	return status;
}

u64 tdxhost_seamcall(u64 fn, struct tdx_args *args)
{
	const struct tdxhost_backend_ops *ops = READ_ONCE(backend);
	struct tdx_args in = *args;
	int retry = SEAMCALL_RND_RETRIES, ud_retry = 0;
	bool vmx_window;
	u64 status;

	might_sleep();
	if (!ops)
		return TDX_SEAMCALL_VMFAILINVALID;	/* no TDX module at all */
	if (ops->prepare)
		ops->prepare(fn);

	for (;;) {
		status = seamcall_once(ops, fn, args, &vmx_window);
		if (vmx_window && ud_retry < SEAMCALL_UD_RETRIES) {
			/* Sleep: KVM's per-CPU thread may be what holds the window open. */
			usleep_range(SEAMCALL_UD_SLEEP_US << ud_retry,
				     2 * SEAMCALL_UD_SLEEP_US << ud_retry);
			ud_retry++;
		} else if ((status & TDX_STATUS_CODE_MASK) != TDX_RND_NO_ENTROPY || !--retry) {
			break;
		}
		/* The inputs may have been clobbered: retry with the originals. */
		*args = in;
	}
	if (ud_retry)
		pr_info_ratelimited("%s: #UD with CR4.VMXE set (KVM turning VMX on or off?): %s after %d retries\n",
				    tdx_leaf_name(fn & TDX_LEAF_MASK),
				    status == TDX_SEAMCALL_UD ? "still #UD" : "issued", ud_retry);
	return status;
}

const struct tdxhost_backend_ops *tdxhost_seamcall_stop(void)
{
	const struct tdxhost_backend_ops *ops = xchg(&backend, NULL);

	/* a call is issued with preemption off: wait for those in flight */
	synchronize_rcu();
	return ops;
}

void tdxhost_seamcall_report(u64 fn, u64 status, const struct tdx_args *in)
{
	char text[192];

	tdx_seamcall_format(text, sizeof(text), fn & TDX_LEAF_MASK, status);
	pr_err("%s; RCX 0x%llx RDX 0x%llx R8 0x%llx R9 0x%llx R10 0x%llx R11 0x%llx\n",
	       text, in->rcx, in->rdx, in->r8, in->r9, in->r10, in->r11);
}

int tdxhost_seamcall_err(u64 fn, struct tdx_args *args, u64 *status)
{
	struct tdx_args in = *args;
	u64 st = tdxhost_seamcall(fn, args);
	int err = tdx_status_to_errno(st);

	if (status)
		*status = st;
	if (err)
		tdxhost_seamcall_report(fn, st, &in);
	return err;
}

void tdxhost_seamcall_stats(unsigned int leaf, struct tdxhost_leaf_stats *out)
{
	const struct leaf_counters *c;

	memset(out, 0, sizeof(*out));
	if (leaf >= TDX_NR_LEAVES)
		return;
	c = &counters[leaf];
	out->calls = atomic64_read(&c->calls);
	out->errors = atomic64_read(&c->errors);
	out->last_error = atomic64_read(&c->last_error);
	out->time_ns = atomic64_read(&c->time_ns);
}

u64 tdxhost_seamcall_total_calls(void)
{
	u64 sum = atomic64_read(&other_calls);
	unsigned int i;

	for (i = 0; i < TDX_NR_LEAVES; i++)
		sum += atomic64_read(&counters[i].calls);
	return sum;
}

void tdxhost_seamcall_reset_stats(void)
{
	unsigned int i;

	for (i = 0; i < TDX_NR_LEAVES; i++) {
		atomic64_set(&counters[i].calls, 0);
		atomic64_set(&counters[i].errors, 0);
		atomic64_set(&counters[i].last_error, 0);
		atomic64_set(&counters[i].time_ns, 0);
	}
	atomic64_set(&other_calls, 0);
}
