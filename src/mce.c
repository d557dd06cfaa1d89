// SPDX-License-Identifier: GPL-2.0
/*
 * Machine checks on TDX private memory.  A poisoned TDX private page is
 * normally the kernel touching memory it gave to the TDX module (or a TD),
 * so, like upstream, add that hint to the report.  The kernel's own MCE
 * decode chain calls us in process context for each logged record.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/notifier.h>
#include <asm/mce.h>

#include "mce.h"
#include "seamcall.h"
#include "state.h"

/* Memory the TDX module owns: a PAMT, or a page RDMD says is not free. */
static bool pa_is_tdx_private(u64 pa)
{
	struct tdx_args args = { .rcx = pa };
	int in_pamt = tdxhost_pa_in_pamt(pa);
	u64 status;

	if (in_pamt < 0)
		return false;	/* not initialized: nothing is private yet */
	/* RDMD reports PAMT pages as reserved: they are the module's all the same. */
	if (in_pamt)
		return true;
	status = tdxhost_seamcall(TDH_PHYMEM_PAGE_RDMD, &args);
	return status == TDX_SUCCESS && args.rcx != PT_NDA && args.rcx != PT_RSVD;
}

static int tdxhost_mce_notify(struct notifier_block *nb, unsigned long val, void *data)
{
	struct mce *m = data;
	u64 pa;

	if (!m || !(m->status & MCI_STATUS_ADDRV))
		return NOTIFY_DONE;
	pa = m->addr & PAGE_MASK;
	if (pa_is_tdx_private(pa))
		pr_err("machine check at physical address 0x%llx (CPU %u, bank %u, status 0x%llx): TDX private memory error. Possible kernel bug.\n",
		       m->addr, m->extcpu, m->bank, m->status);
	return NOTIFY_DONE;
}

static struct notifier_block mce_nb = {
	.notifier_call = tdxhost_mce_notify,
	.priority = MCE_PRIO_EDAC,	/* next to the other decoders */
};

void tdxhost_mce_init(void)
{
	mce_register_decode_chain(&mce_nb);
}

void tdxhost_mce_exit(void)
{
	mce_unregister_decode_chain(&mce_nb);
}
