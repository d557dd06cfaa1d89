/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine around the software TDX module: what a real CPU or platform
 * does to a SEAMCALL before the module sees it, as knobs a test can arm.
 */
#ifndef TDXHOST_EMU_CPU_H
#define TDXHOST_EMU_CPU_H

#include <linux/types.h>

struct dentry;

/* The knobs, in tdxhost/emu/. */
void emu_cpu_debugfs_init(struct dentry *dir);
struct tdx_emu;
/* WBINVD on every CPU, logged with what the PAMT held. */
void emu_cpu_flush_caches(struct tdx_emu *emu);
/* Before kexec or reboot: log what the PAMT holds now, and since the last flush. */
void emu_cpu_shutdown(struct tdx_emu *emu);
/* Disarm them all (a reset). */
void emu_cpu_reset(void);
/* Before a SEAMCALL, in the caller's context: the armed stall sleeps here. */
void emu_cpu_prepare(u64 fn);
/* Preemption off, at the SEAMCALL: does it #UD in a VMX-off window? */
bool emu_cpu_vmx_window(void);
/* Right after it, on the same CPU: was its #UD such a window (CR4.VMXE set)? */
bool emu_cpu_ud_vmxe_set(void);

#endif /* TDXHOST_EMU_CPU_H */
