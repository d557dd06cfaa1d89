// SPDX-License-Identifier: GPL-2.0
/*
 * The machine around the software TDX module (see emu_cpu.h).
 *
 * stall: "LEAF MS" makes the next call of LEAF sleep MS milliseconds before
 * it is issued, in the caller's context, so a test can act (hotplug a CPU,
 * say) while an enable is known to be at that step.  Reading it shows the
 * armed stall and whether a caller is sleeping in it now.
 *
 * vmx_window: "N" makes the next N SEAMCALLs #UD before they reach the
 * module, as on a CPU where KVM has set CR4.VMXE but not yet done VMXON
 * (or has done VMXOFF but not yet cleared CR4.VMXE).  Reading it shows how
 * many are left.
 *
 * Cache flushes and the last call before kexec are logged (on the console
 * too, at KERN_NOTICE) with what the PAMT held then, so a test can read
 * from the log of a kernel that is gone that the flush came first and the
 * PAMT was reset after it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": emu: " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/io.h>
#include <asm/smp.h>

#include "emu_cpu.h"
#include "emu/tdx_emu.h"
#include "tdx_status.h"

#define EMU_STALL_MAX_MS	60000

static atomic_t vmx_window;
/* This CPU's last SEAMCALL was a vmx_window #UD. */
static DEFINE_PER_CPU(bool, ud_vmxe);

static DEFINE_SPINLOCK(stall_lock);
static struct {
	u64 leaf;
	unsigned int ms;	/* 0: disarmed */
	bool sleeping;
} stall;

void emu_cpu_prepare(u64 fn)
{
	unsigned int ms = 0;

	/*
	 * The SEAMCALL wrapper may sleep (the #UD retry, the stall below), so a
	 * caller in atomic context is a host bug.  might_sleep() reports it on
	 * a DEBUG_ATOMIC_SLEEP kernel only; Debian's count preemption too
	 * (PREEMPT_DYNAMIC), so the emu reports it on those.
	 */
	if (IS_ENABLED(CONFIG_PREEMPT_COUNT))
		WARN_ONCE(preempt_count() || irqs_disabled(),
			  "%s issued in atomic context (preempt_count 0x%x, irqs %s): the SEAMCALL wrapper may sleep\n",
			  tdx_leaf_name(fn & TDX_LEAF_MASK), preempt_count(),
			  irqs_disabled() ? "off" : "on");
	spin_lock(&stall_lock);
	if (stall.ms && stall.leaf == (fn & TDX_LEAF_MASK)) {
		ms = stall.ms;
		stall.ms = 0;
		stall.sleeping = true;
	}
	spin_unlock(&stall_lock);
	if (!ms)
		return;
	pr_info("stall: %s sleeps %u ms before it is issued\n", tdx_leaf_name(fn & TDX_LEAF_MASK),
		ms);
	msleep(ms);
	spin_lock(&stall_lock);
	stall.sleeping = false;
	spin_unlock(&stall_lock);
}

static int stall_show(struct seq_file *m, void *v)
{
	spin_lock(&stall_lock);
	if (stall.sleeping)
		seq_puts(m, "sleeping\n");
	else if (stall.ms)
		seq_printf(m, "%s %u armed\n", tdx_leaf_name(stall.leaf), stall.ms);
	else
		seq_puts(m, "none\n");
	spin_unlock(&stall_lock);
	return 0;
}

static int stall_open(struct inode *inode, struct file *f)
{
	return single_open(f, stall_show, inode->i_private);
}

static ssize_t stall_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[64], leaf_s[40];
	unsigned int ms;
	u64 leaf;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%39s %u", leaf_s, &ms) != 2 || ms > EMU_STALL_MAX_MS ||
	    tdx_leaf_lookup(leaf_s, &leaf) || leaf >= TDX_NR_LEAVES)
		return -EINVAL;
	spin_lock(&stall_lock);
	stall.leaf = leaf;
	stall.ms = ms;
	spin_unlock(&stall_lock);
	return len;
}

static const struct file_operations stall_fops = {
	.owner = THIS_MODULE,
	.open = stall_open,
	.read = seq_read,
	.write = stall_write,
	.llseek = seq_lseek,
	.release = single_release,
};

bool emu_cpu_vmx_window(void)
{
	bool in = atomic_dec_if_positive(&vmx_window) >= 0;

	this_cpu_write(ud_vmxe, in);
	return in;
}

bool emu_cpu_ud_vmxe_set(void)
{
	return this_cpu_read(ud_vmxe);
}

static int vmx_window_get(void *data, u64 *val)
{
	*val = atomic_read(&vmx_window);
	return 0;
}

static int vmx_window_set(void *data, u64 val)
{
	if (val > INT_MAX)
		return -EINVAL;
	atomic_set(&vmx_window, val);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(vmx_window_fops, vmx_window_get, vmx_window_set, "%llu\n");

/* PAMT pages holding any nonzero byte (entries), over every TDMR the module took. */
static void pamt_pages(struct tdx_emu *emu, u64 *used, u64 *total)
{
	struct tdx_emu_status st;
	struct tdx_emu_tdmr t;
	unsigned int i, ps;
	u64 off;

	*used = 0;
	*total = 0;
	tdx_emu_get_status(emu, &st);
	for (i = 0; i < st.nr_tdmrs && !tdx_emu_get_tdmr(emu, i, &t); i++) {
		for (ps = 0; ps < TDX_PS_NR; ps++) {
			for (off = 0; off < t.pamt_size[ps]; off += PAGE_SIZE) {
				(*total)++;
				if (memchr_inv(phys_to_virt(t.pamt_base[ps] + off), 0, PAGE_SIZE))
					(*used)++;
			}
		}
	}
}

static s64 flushed_used = -1;	/* PAMT pages in use at the last flush; -1: none */

void emu_cpu_flush_caches(struct tdx_emu *emu)
{
	u64 used, total;

	wbinvd_on_all_cpus();	/* the VM's CPUs have caches too */
	pamt_pages(emu, &used, &total);
	WRITE_ONCE(flushed_used, used);
	pr_notice("WBINVD on every CPU (PAMT: %llu of %llu pages hold entries)\n", used, total);
}

void emu_cpu_shutdown(struct tdx_emu *emu)
{
	s64 flushed = READ_ONCE(flushed_used);
	u64 used, total;

	pamt_pages(emu, &used, &total);
	pr_notice("before the jump: PAMT: %llu of %llu pages hold entries: %s\n", used, total,
		  flushed < 0 ? "no WBINVD since power-on" :
		  used ? "not reset" :
		  flushed ? "reset after the WBINVD" :
		  "reset before the WBINVD (global-KeyID lines could be written back over it)");
}

void emu_cpu_reset(void)
{
	WRITE_ONCE(flushed_used, -1);
	atomic_set(&vmx_window, 0);
	spin_lock(&stall_lock);
	stall.ms = 0;
	spin_unlock(&stall_lock);
}

void emu_cpu_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("stall", 0600, dir, NULL, &stall_fops);
	debugfs_create_file_unsafe("vmx_window", 0600, dir, NULL, &vmx_window_fops);
}
