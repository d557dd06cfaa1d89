// SPDX-License-Identifier: GPL-2.0
/*
 * kexec after TDX was enabled.  Debian's kernels lack upstream's kexec
 * handling for TDX, so a reboot notifier does it: kernel_kexec() runs the
 * reboot notifiers through kernel_restart_prepare() before the jump (as do
 * reboot, halt and power-off).  With TDX initialized it
 *  1. flushes every CPU's caches (through the backend): no dirty line of a
 *     TDX KeyID may be written back over memory the next kernel uses;
 *  2. on CPUs with the partial-write erratum, resets the PAMTs and TD
 *     private memory with MOVDIR64B, or the next kernel's first partial
 *     write or read there could machine-check;
 * having first stopped SEAMCALLs (no module write may follow the flush;
 * the module's metadata is gone after the reset anyway).
 *
 * A crash kernel (kdump) runs no notifier: on erratum CPUs it is not safe
 * after TDX was enabled (upstream refuses to load any kexec or kdump image
 * on those CPUs, machine_kexec_prepare(), for that reason).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/notifier.h>
#include <linux/reboot.h>
#include <asm/cpu.h>
#include <asm/processor.h>
#include <asm/smp.h>

#include "enable.h"
#include "memory.h"
#include "reboot.h"
#include "seamcall.h"
#include "td.h"

/* Intel family 6 models (6.1's intel-family.h predates x86_vfm) */
#define TDXHOST_MODEL_SAPPHIRERAPIDS_X	0x8f
#define TDXHOST_MODEL_EMERALDRAPIDS_X	0xcf

bool tdxhost_cpu_has_pw_mce_erratum(void)
{
	const struct tdxhost_backend_ops *ops = tdxhost_seamcall_backend();
	unsigned int family = boot_cpu_data.x86, model = boot_cpu_data.x86_model;

	if (ops && ops->cpu_fms) {	/* the emu models an Intel CPU of its own */
		u32 fms = ops->cpu_fms();

		family = x86_family(fms);
		model = x86_model(fms);
	} else if (boot_cpu_data.x86_vendor != X86_VENDOR_INTEL) {
		return false;
	}
	return family == 6 && (model == TDXHOST_MODEL_SAPPHIRERAPIDS_X ||
			       model == TDXHOST_MODEL_EMERALDRAPIDS_X);
}

void tdxhost_reset_td_private_memory(void)
{
	u64 pages = tdxhost_td_reset_all_pages();

	if (pages)
		pr_info("reset %llu TD pages before the jump\n", pages);
}

static void quiesce(struct tdmr_plan *plan, void *arg)
{
	const struct tdxhost_backend_ops *ops;
	bool erratum;

	if (!plan || !tdxhost_seamcall_backend())
		return;
	erratum = tdxhost_cpu_has_pw_mce_erratum();
	pr_info("%s with TDX initialized: flushing caches%s\n", (const char *)arg,
		erratum ? ", then resetting PAMTs and TD private memory (partial-write erratum)" :
			  "");
	/* first: no module write may land in the PAMT after the flush */
	ops = tdxhost_seamcall_stop();
	if (!ops)
		return;
	if (ops->flush_caches)
		ops->flush_caches();
	else
		wbinvd_on_all_cpus();
	if (erratum) {
		tdxhost_pamt_reset(plan);
		tdxhost_reset_td_private_memory();
	}
	if (ops->shutdown)
		ops->shutdown();
}

static int reboot_notify(struct notifier_block *nb, unsigned long code, void *cmd)
{
	if (code != SYS_RESTART && code != SYS_HALT && code != SYS_POWER_OFF)
		return NOTIFY_DONE;
	tdxhost_enable_shutdown(quiesce, cmd && !strcmp(cmd, "kexec reboot") ? "kexec" :
				code == SYS_RESTART ? "reboot" : "shutdown");
	return NOTIFY_DONE;
}

static struct notifier_block reboot_nb = {
	.notifier_call = reboot_notify,
};

int tdxhost_reboot_init(void)
{
	return register_reboot_notifier(&reboot_nb);
}

void tdxhost_reboot_exit(void)
{
	unregister_reboot_notifier(&reboot_nb);
}
