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
/* Disarm them all (a reset). */
void emu_cpu_reset(void);
/* Before a SEAMCALL, in the caller's context: the armed stall sleeps here. */
void emu_cpu_prepare(u64 fn);

#endif /* TDXHOST_EMU_CPU_H */
