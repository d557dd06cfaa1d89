// SPDX-License-Identifier: GPL-2.0
/*
 * The one SEAMCALL entry point: backend dispatch, bounded retry on
 * TDX_RND_NO_ENTROPY, per-leaf statistics, a tracepoint per call, and the
 * single dmesg record for a failure (leaf and status by name, registers).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include "seamcall.h"
#include "tdx_status.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/* Upstream retries entropy exhaustion (PCONFIG/RDSEED inside the module) this often. */
#define SEAMCALL_RND_RETRIES	10

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

static u64 seamcall_once(const struct tdxhost_backend_ops *ops, u64 fn, struct tdx_args *args)
{
	u64 leaf = fn & TDX_LEAF_MASK;
	u64 t0, dt, status;

	t0 = ktime_get_ns();
	preempt_disable();
	status = ops->seamcall(fn, args);
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
	int retry = SEAMCALL_RND_RETRIES;
	u64 status;

	might_sleep();
	if (!ops)
		return TDX_SEAMCALL_VMFAILINVALID;	/* no TDX module at all */
	if (ops->prepare)
		ops->prepare(fn);

	do {
		status = seamcall_once(ops, fn, args);
		if ((status & TDX_STATUS_CODE_MASK) != TDX_RND_NO_ENTROPY)
			break;
		/* The inputs may have been clobbered: retry with the originals. */
		*args = in;
	} while (--retry);

	return status;
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
