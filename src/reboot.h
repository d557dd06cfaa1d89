/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Before kexec (and any reboot): leave no TDX state the next kernel can
 * trip over.
 */
#ifndef TDXHOST_REBOOT_H
#define TDXHOST_REBOOT_H

#include <linux/types.h>

int tdxhost_reboot_init(void);
void tdxhost_reboot_exit(void);

/*
 * The CPU has the partial-write machine-check erratum (upstream's
 * X86_BUG_TDX_PW_MCE: Sapphire Rapids and Emerald Rapids): a partial write
 * to TDX private memory poisons it and a later read machine-checks.
 */
bool tdxhost_cpu_has_pw_mce_erratum(void);

/*
 * TD private memory: reset with MOVDIR64B before kexec on erratum CPUs
 * (every page a TD has given the module: td.c), once SEAMCALLs are stopped.
 */
void tdxhost_reset_td_private_memory(void);

#endif /* TDXHOST_REBOOT_H */
