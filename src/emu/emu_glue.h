/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emu backend's state on this machine (emu_backend.c): the software TDX
 * module instance, its locks, the System RAM and the holes its CMRs are cut
 * from.  Shared with the debugfs knobs (emu_debugfs.c), which read and
 * change it under knob_mutex.
 */
#ifndef TDXHOST_EMU_GLUE_H
#define TDXHOST_EMU_GLUE_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct crypto_shash;
struct dentry;
struct tdx_emu;

#define EMU_MAX_RAM	64	/* System RAM ranges tracked */
#define EMU_MAX_HOLES	16	/* non-convertible holes */

struct emu_range {
	u64 start;
	u64 end;	/* exclusive */
};

struct emu_glue {
	struct tdx_emu *emu;
	u16 *cpu_lp;		/* LP number of each CPU id (nr_cpu_ids of them) */
	spinlock_t lock;	/* the core's state lock; taken from IPIs too */
	rwlock_t call_lock;	/* SEAMCALLs (readers) vs reset (writer) */
	unsigned long lock_flags;
	struct mutex knob_mutex;	/* debugfs writers */
	struct emu_range ram[EMU_MAX_RAM];
	unsigned int nr_ram;
	struct emu_range holes[EMU_MAX_HOLES];
	unsigned int nr_holes;
	struct dentry *dir;
	struct crypto_shash *sha384;	/* NULL: no measurement, MRTD reads 0 */
	atomic_t violation_logged;	/* since the last power-on */
};

extern struct emu_glue emu_glue;

/* Log the first violation since power-on (the VM harness fails a test on it). */
void emu_check_violations(void);
/* Power the module on again with the knobs' config; knob_mutex held. */
void emu_reset_locked(void);
/* The knobs, in tdxhost/emu/ under parent. */
void emu_debugfs_init(struct dentry *parent);

#endif /* TDXHOST_EMU_GLUE_H */
