// SPDX-License-Identifier: GPL-2.0
/*
 * The "emu" SEAMCALL backend: the software TDX module (src/lib/emu/)
 * bound to this machine.  Its LPs and packages are the real CPUs and
 * packages, its CMRs are the System RAM ranges minus configurable holes (to
 * model memory that is not convertible, such as CXL or NVDIMM), and the PAMT
 * it writes is the memory the host handed over.
 *
 * Knobs live in debugfs (tdxhost/emu/), netdevsim style, so a test can
 * change limits, inject faults, run, check and reset without reloading.
 * Knob changes take effect at the next reset (tdxhost/reset), but for
 * cache_wb_interrupt and the machine's knobs (emu_cpu.c), which act at once.
 *
 * The TD measurement is SHA-384 from the kernel's crypto API, its state
 * exported into the TDCS page the core keeps it in.  A host write into
 * memory the module owns (PAMT, TD pages) is a violation: logged once per
 * power-on as "violation: ..." (so "tdxhost: emu: violation" in dmesg),
 * shown in tdxhost/emu/state; tdxhost/emu/verify checks every owned page.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": emu: " fmt

#include <crypto/hash.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/topology.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "seamcall.h"
#include "emu/emu_cpu.h"
#include "emu/emu_host_access.h"
#include "emu/tdx_emu.h"
#include "tdx_status.h"

#define EMU_MAX_RAM	64	/* System RAM ranges tracked */
#define EMU_MAX_HOLES	16	/* non-convertible holes */
#define EMU_NO_LP	U16_MAX	/* a CPU the module does not know: SEAMCALL #UD */

struct emu_range {
	u64 start;
	u64 end;	/* exclusive */
};

static struct {
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
} emu_glue;

/* ---- platform ops for the core */

static bool emu_is_ram(u64 pa, u64 len)
{
	unsigned int i;

	if (!len || pa + len < pa)
		return false;
	for (i = 0; i < emu_glue.nr_ram; i++) {
		if (pa >= emu_glue.ram[i].start && pa + len <= emu_glue.ram[i].end)
			return true;
	}
	return false;
}

static void *emu_map(void *ctx, u64 pa, u64 len)
{
	/* System RAM is in the direct map on x86_64. */
	if (!emu_is_ram(pa, len))
		return NULL;
	return phys_to_virt(pa);
}

static void emu_unmap(void *ctx, void *va, u64 len)
{
}

static void emu_lock(void *ctx)
	__acquires(&emu_glue.lock)
{
	unsigned long flags;

	spin_lock_irqsave(&emu_glue.lock, flags);
	emu_glue.lock_flags = flags;
}

static void emu_unlock(void *ctx)
	__releases(&emu_glue.lock)
{
	spin_unlock_irqrestore(&emu_glue.lock, emu_glue.lock_flags);
}

static u64 emu_random(void *ctx)
{
	return get_random_u64();
}

/* SHA-384 over the state the core keeps in the TDCS: import, hash, export. */
static int emu_hash_init(void *ctx, void *state)
{
	SHASH_DESC_ON_STACK(desc, emu_glue.sha384);
	int err;

	desc->tfm = emu_glue.sha384;
	err = crypto_shash_init(desc);
	if (!err)
		err = crypto_shash_export(desc, state);
	shash_desc_zero(desc);
	return err;
}

static int emu_hash_update(void *ctx, void *state, const void *data, u64 len)
{
	SHASH_DESC_ON_STACK(desc, emu_glue.sha384);
	int err;

	desc->tfm = emu_glue.sha384;
	err = crypto_shash_import(desc, state);
	if (!err)
		err = crypto_shash_update(desc, data, len);
	if (!err)
		err = crypto_shash_export(desc, state);
	shash_desc_zero(desc);
	return err;
}

static int emu_hash_final(void *ctx, void *state, u8 *digest)
{
	SHASH_DESC_ON_STACK(desc, emu_glue.sha384);
	int err;

	desc->tfm = emu_glue.sha384;
	err = crypto_shash_import(desc, state);
	if (!err)
		err = crypto_shash_final(desc, digest);
	shash_desc_zero(desc);
	return err;
}

static struct tdx_emu_ops emu_core_ops = {
	.map = emu_map,
	.unmap = emu_unmap,
	.lock = emu_lock,
	.unlock = emu_unlock,
	.random = emu_random,
};

/* The first violation since power-on, once: the VM harness fails a test on it. */
static void emu_check_violations(void)
{
	struct tdx_emu_status st;

	if (likely(!READ_ONCE(emu_glue.emu->violations)) ||
	    atomic_xchg(&emu_glue.violation_logged, 1))
		return;
	tdx_emu_get_status(emu_glue.emu, &st);
	if (st.violation_kind == TDX_EMU_VIOL_UNFLUSHED)
		pr_err("violation: PAMT page 0x%llx given back to the kernel with lines the module wrote through the global KeyID not flushed (no WBINVD first) (%llu so far)\n",
		       st.violation_pa, st.violations);
	else if (st.violation_kind == TDX_EMU_VIOL_KEYID0)
		pr_err("violation: TDH.SYS.KEY.CONFIG with KeyID-0 lines of the PAMT (0x%llx...) not flushed since TDH.SYS.CONFIG (no WBINVD first) (%llu so far)\n",
		       st.violation_pa, st.violations);
	else
		pr_err("violation: the host wrote into TDX module memory: %s page 0x%llx (%llu so far)\n",
		       tdx_emu_own_kind_name(st.violation_kind), st.violation_pa,
		       st.violations);
}

/* ---- the backend */

static u64 emu_seamcall(u64 fn, struct tdx_args *args)
{
	u64 status;

	/* KVM between CR4.VMXE and VMXON: the instruction #UDs, the module sees nothing */
	if (emu_cpu_vmx_window())
		return TDX_SEAMCALL_UD;
	read_lock(&emu_glue.call_lock);
	status = tdx_emu_seamcall(emu_glue.emu, emu_glue.cpu_lp[smp_processor_id()], fn, args);
	read_unlock(&emu_glue.call_lock);
	emu_check_violations();
	return status;
}

static int emu_keyid_partition(u32 *nr_mktme, u32 *nr_tdx)
{
	*nr_mktme = emu_glue.emu->active.nr_mktme_keyids;
	*nr_tdx = emu_glue.emu->active.nr_tdx_keyids;
	return 0;
}

/* As the kernel computes it on MKTME hardware: the KeyID bits top the PA. */
static u32 emu_keyid_shift(void)
{
	return emu_glue.emu->active.max_pa - emu_glue.emu->active.keyid_bits;
}

/* WBINVD in the VM too; recorded for the emu's order checks (cache.c) and for kexec's log. */
static void emu_flush_caches(void)
{
	tdx_emu_cache_flush(emu_glue.emu);
	emu_cpu_flush_caches(emu_glue.emu);
}

static void emu_shutdown(void)
{
	emu_cpu_shutdown(emu_glue.emu);
}

/* The CPU the module reports in PKG_FMS: a Sapphire Rapids by default. */
static u32 emu_cpu_fms(void)
{
	return emu_glue.emu->active.pkg_fms;
}

static void emu_memory_reclaim(u64 pa, u64 size)
{
	tdx_emu_host_reclaim(emu_glue.emu, pa, size);
	emu_check_violations();
}

const struct tdxhost_backend_ops tdxhost_emu_ops = {
	.name = "emu",
	.caps = TDXHOST_BACKEND_RESETTABLE,
	.seamcall = emu_seamcall,
	.keyid_partition = emu_keyid_partition,
	.keyid_shift = emu_keyid_shift,
	.prepare = emu_cpu_prepare,
	.ud_vmxe_set = emu_cpu_ud_vmxe_set,
	.flush_caches = emu_flush_caches,
	.cpu_fms = emu_cpu_fms,
	.shutdown = emu_shutdown,
	.memory_reclaim = emu_memory_reclaim,
};

/* ---- CMRs: System RAM minus holes */

static int emu_add_ram(struct resource *res, void *arg)
{
	u64 start = ALIGN(res->start, PAGE_SIZE);
	u64 end = ALIGN_DOWN(res->end + 1, PAGE_SIZE);

	if (start >= end)
		return 0;
	if (emu_glue.nr_ram && emu_glue.ram[emu_glue.nr_ram - 1].end == start) {
		emu_glue.ram[emu_glue.nr_ram - 1].end = end;
		return 0;
	}
	if (emu_glue.nr_ram == EMU_MAX_RAM)
		return -ENOSPC;
	emu_glue.ram[emu_glue.nr_ram].start = start;
	emu_glue.ram[emu_glue.nr_ram].end = end;
	emu_glue.nr_ram++;
	return 0;
}

static int emu_scan_ram(void)
{
	emu_glue.nr_ram = 0;
	return walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				   0, -1, NULL, emu_add_ram);
}

/* Append [start, end) to the config's CMRs; false when they are full. */
static bool emu_cmr_add(struct tdx_emu_config *cfg, u64 start, u64 end)
{
	if (start >= end)
		return true;
	if (cfg->nr_cmrs == TDX_MAX_CMRS)
		return false;
	cfg->cmrs[cfg->nr_cmrs].base = start;
	cfg->cmrs[cfg->nr_cmrs].size = end - start;
	cfg->nr_cmrs++;
	return true;
}

/* Rebuild the configured CMRs from System RAM, cutting out the holes. */
static int emu_build_cmrs(struct tdx_emu_config *cfg)
{
	unsigned int i, h;

	cfg->nr_cmrs = 0;
	for (i = 0; i < emu_glue.nr_ram; i++) {
		u64 pos = emu_glue.ram[i].start, end = emu_glue.ram[i].end;

		/* holes are kept sorted and non-overlapping */
		for (h = 0; h < emu_glue.nr_holes && pos < end; h++) {
			const struct emu_range *hole = &emu_glue.holes[h];

			if (hole->end <= pos || hole->start >= end)
				continue;
			if (!emu_cmr_add(cfg, pos, hole->start))
				return -ENOSPC;
			pos = hole->end;
		}
		if (pos < end && !emu_cmr_add(cfg, pos, end))
			return -ENOSPC;
	}
	return 0;
}

/* ---- debugfs */

static void emu_reset_locked(void)
{
	int err = emu_build_cmrs(&emu_glue.emu->config);

	if (err)
		pr_warn("too many CMRs after cutting holes; CMR list truncated\n");
	/* No SEAMCALL may be in flight while the module "powers on" again. */
	write_lock_irq(&emu_glue.call_lock);
	tdx_emu_reset(emu_glue.emu);
	emu_cpu_reset();
	atomic_set(&emu_glue.violation_logged, 0);
	write_unlock_irq(&emu_glue.call_lock);
	pr_info("reset to power-on state (version %u.%u.%u, %u CMRs)\n",
		emu_glue.emu->active.major, emu_glue.emu->active.minor,
		emu_glue.emu->active.update, emu_glue.emu->active.nr_cmrs);
}

/* The host resets its own state first (tdxhost/reset in debugfs), then this. */
void tdxhost_emu_reset(void)
{
	mutex_lock(&emu_glue.knob_mutex);
	emu_reset_locked();
	mutex_unlock(&emu_glue.knob_mutex);
}

static int emu_state_show(struct seq_file *m, void *v)
{
	u64 census[TDX_EMU_PT_NR + 1];
	struct tdx_emu_status st;
	struct tdx_emu_tdmr t;
	unsigned int i;

	tdx_emu_get_status(emu_glue.emu, &st);
	seq_printf(m, "state: %s\n", tdx_emu_state_name(st.state));
	seq_printf(m, "lps: %u initialized of %u\n", st.nr_lps_initialized, st.nr_lps);
	seq_printf(m, "packages: %u configured of %u\n", st.nr_packages_configured, st.nr_packages);
	seq_printf(m, "tdmrs: %u initialized of %u\n", st.nr_tdmrs_initialized, st.nr_tdmrs);
	seq_printf(m, "global_hkid: %u\n", st.global_hkid);
	seq_printf(m, "global_lock_held: %d\n", st.global_lock_held);
	seq_printf(m, "injected: %llu (%llu since load)\n", st.nr_injected, st.nr_injected_total);
	seq_printf(m, "map_failures: %llu\n", st.map_failures);
	seq_printf(m, "keyids: %u free %u assigned %u flushed %u reserved\n",
		   st.hkids[TDX_EMU_KOT_FREE], st.hkids[TDX_EMU_KOT_ASSIGNED],
		   st.hkids[TDX_EMU_KOT_FLUSHED], st.hkids[TDX_EMU_KOT_RESERVED]);
	seq_printf(m, "owned_pages: %llu checked, %llu unchecked (table full)\n",
		   st.owned_pages, st.owned_untracked);
	seq_printf(m, "violations: %llu\n", st.violations);
	if (st.violations)
		seq_printf(m, "first_violation: %s 0x%llx\n",
			   tdx_emu_own_kind_name(st.violation_kind), st.violation_pa);
	seq_printf(m, "hash_failures: %llu\n", st.hash_failures);
	seq_printf(m, "cache_flushes: %llu\n", st.cache_flushes);
	seq_printf(m, "unflushed: global %d keyid0 %d\n", st.global_dirty, st.keyid0_dirty);
	if (!tdx_emu_pamt_census(emu_glue.emu, census)) {
		static const u8 named[] = { PT_NDA, PT_RSVD, PT_REG, PT_TDR, PT_TDCX, PT_TDVPR,
					    PT_EPT };
		u64 other = 0;

		for (i = 0; i <= TDX_EMU_PT_NR; i++)
			other += census[i];
		for (i = 0; i < ARRAY_SIZE(named); i++)
			other -= census[named[i]];
		seq_printf(m, "pamt_4k: %llu NDA %llu RSVD %llu REG %llu TDR %llu TDCX %llu TDVPR %llu EPT %llu other\n",
			   census[PT_NDA], census[PT_RSVD], census[PT_REG], census[PT_TDR],
			   census[PT_TDCX], census[PT_TDVPR], census[PT_EPT], other);
	}
	for (i = 0; i < st.nr_tdmrs; i++) {
		if (tdx_emu_get_tdmr(emu_glue.emu, i, &t))
			break;
		seq_printf(m, "tdmr %u: base 0x%llx size 0x%llx pamt4k 0x%llx+0x%llx pamt2m 0x%llx+0x%llx pamt1g 0x%llx+0x%llx next_init 0x%llx\n",
			   i, t.base, t.size, t.pamt_base[TDX_PS_4K], t.pamt_size[TDX_PS_4K],
			   t.pamt_base[TDX_PS_2M], t.pamt_size[TDX_PS_2M],
			   t.pamt_base[TDX_PS_1G], t.pamt_size[TDX_PS_1G], t.next_init);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_state);

static int emu_cmrs_show(struct seq_file *m, void *v)
{
	const struct tdx_emu_config *cfg = &emu_glue.emu->active;
	unsigned int i;

	for (i = 0; i < cfg->nr_cmrs; i++)
		seq_printf(m, "0x%llx 0x%llx\n", cfg->cmrs[i].base, cfg->cmrs[i].size);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_cmrs);

static int emu_holes_show(struct seq_file *m, void *v)
{
	unsigned int i;

	mutex_lock(&emu_glue.knob_mutex);
	for (i = 0; i < emu_glue.nr_holes; i++)
		seq_printf(m, "0x%llx 0x%llx\n", emu_glue.holes[i].start,
			   emu_glue.holes[i].end - emu_glue.holes[i].start);
	mutex_unlock(&emu_glue.knob_mutex);
	return 0;
}

static int emu_holes_open(struct inode *inode, struct file *f)
{
	return single_open(f, emu_holes_show, inode->i_private);
}

/* Read a short user buffer as a NUL-terminated string. */
static char *emu_read_user(const char __user *ubuf, size_t len)
{
	if (len > 512)
		return ERR_PTR(-E2BIG);
	return memdup_user_nul(ubuf, len);
}

/*
 * "BASE SIZE" adds a non-convertible hole (4K aligned); "clear" removes all.
 * Applied to the CMRs at the next reset.
 */
static ssize_t emu_holes_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	struct emu_range hole;
	u64 base, size;
	unsigned int i;
	ssize_t ret = len;
	char *buf;

	buf = emu_read_user(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	mutex_lock(&emu_glue.knob_mutex);
	if (sysfs_streq(buf, "clear")) {
		emu_glue.nr_holes = 0;
		goto out;
	}
	if (sscanf(buf, "%llx %llx", &base, &size) != 2 || !size ||
	    !IS_ALIGNED(base, PAGE_SIZE) || !IS_ALIGNED(size, PAGE_SIZE) || base + size < base) {
		ret = -EINVAL;
		goto out;
	}
	hole.start = base;
	hole.end = base + size;
	for (i = 0; i < emu_glue.nr_holes; i++) {
		if (hole.start < emu_glue.holes[i].end && emu_glue.holes[i].start < hole.end) {
			ret = -EEXIST;
			goto out;
		}
	}
	if (emu_glue.nr_holes == EMU_MAX_HOLES) {
		ret = -ENOSPC;
		goto out;
	}
	/* keep sorted */
	for (i = emu_glue.nr_holes; i > 0 && emu_glue.holes[i - 1].start > hole.start; i--)
		emu_glue.holes[i] = emu_glue.holes[i - 1];
	emu_glue.holes[i] = hole;
	emu_glue.nr_holes++;
out:
	mutex_unlock(&emu_glue.knob_mutex);
	kfree(buf);
	return ret;
}

static const struct file_operations emu_holes_fops = {
	.owner = THIS_MODULE,
	.open = emu_holes_open,
	.read = seq_read,
	.write = emu_holes_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int emu_inject_show(struct seq_file *m, void *v)
{
	const struct tdx_emu_inject_slot *s;
	unsigned int i;

	for (i = 0; i < TDX_EMU_MAX_INJECT; i++) {
		s = &emu_glue.emu->inject[i];
		if (!s->armed)
			continue;
		seq_printf(m, "%d %u 0x%016llx %s\n", s->leaf, s->remaining, s->status,
			   s->repeat ? "repeat" : "once");
	}
	return 0;
}

static int emu_inject_open(struct inode *inode, struct file *f)
{
	return single_open(f, emu_inject_show, inode->i_private);
}

/*
 * "LEAF NTH STATUS [repeat]": the NTH call (1 = the next) of LEAF returns
 * STATUS.  LEAF is a number, a name (TDH.SYS.CONFIG) or "any"; STATUS a
 * number or a name (TDX_SYS_BUSY).  "clear" disarms everything.
 */
static ssize_t emu_inject_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	char leaf_s[40], status_s[48], mode_s[16] = "";
	unsigned int nth;
	u64 status, leaf;
	int lf, n, err;
	char *buf;

	buf = emu_read_user(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (sysfs_streq(buf, "clear")) {
		tdx_emu_inject_clear(emu_glue.emu);
		kfree(buf);
		return len;
	}
	n = sscanf(buf, "%39s %u %47s %15s", leaf_s, &nth, status_s, mode_s);
	kfree(buf);
	if (n < 3)
		return -EINVAL;
	if (!strcmp(leaf_s, "any")) {
		lf = -1;
	} else {
		if (tdx_leaf_lookup(leaf_s, &leaf) || leaf >= TDX_NR_LEAVES)
			return -EINVAL;
		lf = leaf;
	}
	if (kstrtou64(status_s, 0, &status) && tdx_status_lookup(status_s, &status))
		return -EINVAL;
	if (n == 4 && strcmp(mode_s, "repeat") && strcmp(mode_s, "once"))
		return -EINVAL;
	err = tdx_emu_inject(emu_glue.emu, lf, nth, status, !strcmp(mode_s, "repeat"));
	return err ? err : len;
}

static const struct file_operations emu_inject_fops = {
	.owner = THIS_MODULE,
	.open = emu_inject_open,
	.read = seq_read,
	.write = emu_inject_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static ssize_t emu_global_lock_write(struct file *f, const char __user *ubuf, size_t len,
				     loff_t *pos)
{
	bool hold;
	int err = kstrtobool_from_user(ubuf, len, &hold);

	if (err)
		return err;
	tdx_emu_hold_global_lock(emu_glue.emu, hold);
	return len;
}

static const struct file_operations emu_global_lock_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = emu_global_lock_write,
	.llseek = noop_llseek,
};

/* Any write: check every page the module owns against its checksum now. */
static ssize_t emu_verify_write(struct file *f, const char __user *ubuf, size_t len,
				loff_t *pos)
{
	u64 found = tdx_emu_verify_all(emu_glue.emu);

	emu_check_violations();
	pr_info("verify: %llu new violation(s)\n", found);
	return len;
}

static const struct file_operations emu_verify_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = emu_verify_write,
	.llseek = noop_llseek,
};

static int emu_cache_wb_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%u %u\n", READ_ONCE(emu_glue.emu->wb_intr_every),
		   READ_ONCE(emu_glue.emu->wb_intr_count));
	return 0;
}

static int emu_cache_wb_open(struct inode *inode, struct file *f)
{
	return single_open(f, emu_cache_wb_show, inode->i_private);
}

/*
 * "EVERY [COUNT]": every EVERY-th TDH.PHYMEM.CACHE.WB (0: none) and the
 * next COUNT ones are interrupted (TDX_INTERRUPTED_RESUMABLE); at once.
 */
static ssize_t emu_cache_wb_write(struct file *f, const char __user *ubuf, size_t len,
				  loff_t *pos)
{
	unsigned int every, count = 0;
	char *buf;
	int n;

	buf = emu_read_user(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	n = sscanf(buf, "%u %u", &every, &count);
	kfree(buf);
	if (n < 1)
		return -EINVAL;
	tdx_emu_set_cache_wb_interrupts(emu_glue.emu, every, count);
	return len;
}

static const struct file_operations emu_cache_wb_fops = {
	.owner = THIS_MODULE,
	.open = emu_cache_wb_open,
	.read = seq_read,
	.write = emu_cache_wb_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static void emu_debugfs_init(struct dentry *parent)
{
	struct tdx_emu_config *cfg = &emu_glue.emu->config;
	struct dentry *d = debugfs_create_dir("emu", parent);

	emu_glue.dir = d;
	debugfs_create_u16("version_major", 0600, d, &cfg->major);
	debugfs_create_u16("version_minor", 0600, d, &cfg->minor);
	debugfs_create_u16("version_update", 0600, d, &cfg->update);
	debugfs_create_u16("version_internal", 0600, d, &cfg->internal);
	debugfs_create_x64("features0", 0600, d, &cfg->features0);
	debugfs_create_u16("max_tdmrs", 0600, d, &cfg->max_tdmrs);
	debugfs_create_u16("max_reserved_per_tdmr", 0600, d, &cfg->max_rsvd_per_tdmr);
	debugfs_create_u32("nr_mktme_keyids", 0600, d, &cfg->nr_mktme_keyids);
	debugfs_create_u32("nr_tdx_keyids", 0600, d, &cfg->nr_tdx_keyids);
	debugfs_create_u32("tdmr_init_entries", 0600, d, &cfg->tdmr_init_entries);
	debugfs_create_file("cmr_holes", 0600, d, NULL, &emu_holes_fops);
	debugfs_create_file("cmrs", 0400, d, NULL, &emu_cmrs_fops);
	debugfs_create_file("inject", 0600, d, NULL, &emu_inject_fops);
	debugfs_create_file("global_lock", 0200, d, NULL, &emu_global_lock_fops);
	debugfs_create_file("state", 0400, d, NULL, &emu_state_fops);
	debugfs_create_file("verify", 0200, d, NULL, &emu_verify_fops);
	emu_host_access_debugfs_init(d, emu_glue.emu);
	debugfs_create_file("cache_wb_interrupt", 0600, d, NULL, &emu_cache_wb_fops);
	emu_cpu_debugfs_init(d);
}

/* SHA-384 for the measurement; without it the emu runs, but MRTD reads 0. */
static void emu_hash_setup(void)
{
	struct crypto_shash *tfm = crypto_alloc_shash("sha384", 0, 0);

	if (IS_ERR(tfm)) {
		pr_warn("no sha384 in the crypto API (%ld): TD measurements read 0\n",
			PTR_ERR(tfm));
		return;
	}
	if (crypto_shash_statesize(tfm) > TDX_EMU_HASH_STATE_MAX) {
		pr_warn("sha384 state of %u bytes does not fit the TDCS: TD measurements read 0\n",
			crypto_shash_statesize(tfm));
		crypto_free_shash(tfm);
		return;
	}
	emu_glue.sha384 = tfm;
	emu_core_ops.hash_init = emu_hash_init;
	emu_core_ops.hash_update = emu_hash_update;
	emu_core_ops.hash_final = emu_hash_final;
}

/* ---- life cycle */

/*
 * The LPs the BIOS enabled: every present CPU, online or not, numbered
 * densely (the module's LP count is the number of LPs, not the highest CPU
 * id + 1, and a hole would be an LP that never does LP.INIT).  Each LP's
 * package is the raw package id, as the module takes it from the x2APIC id.
 */
static int emu_topology(unsigned int *nr_lps, u32 **pkg)
{
	unsigned int cpu, lp = 0;

	cpus_read_lock();
	*nr_lps = num_present_cpus();
	if (*nr_lps > TDX_EMU_MAX_LPS) {
		cpus_read_unlock();
		pr_err("%u CPUs: the software TDX module models at most %u\n", *nr_lps,
		       TDX_EMU_MAX_LPS);
		return -E2BIG;
	}
	emu_glue.cpu_lp = kcalloc(nr_cpu_ids, sizeof(*emu_glue.cpu_lp), GFP_KERNEL);
	*pkg = kcalloc(*nr_lps, sizeof(**pkg), GFP_KERNEL);
	if (!emu_glue.cpu_lp || !*pkg) {
		cpus_read_unlock();
		return -ENOMEM;
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		emu_glue.cpu_lp[cpu] = EMU_NO_LP;
	for_each_present_cpu(cpu) {
		emu_glue.cpu_lp[cpu] = lp;
		(*pkg)[lp++] = topology_physical_package_id(cpu);
	}
	cpus_read_unlock();
	return 0;
}

int tdxhost_emu_init(struct dentry *debugfs_root)
{
	struct tdx_emu_config *cfg = NULL;
	unsigned int nr_lps;
	u32 *pkg = NULL;
	int err;

	spin_lock_init(&emu_glue.lock);
	rwlock_init(&emu_glue.call_lock);
	mutex_init(&emu_glue.knob_mutex);

	err = emu_topology(&nr_lps, &pkg);
	if (err)
		goto fail;

	err = emu_scan_ram();
	if (err) {
		pr_err("cannot read System RAM ranges: %d\n", err);
		goto fail;
	}

	/* 2 MiB, mostly the checksum table: no need for contiguous memory */
	emu_glue.emu = vzalloc(sizeof(*emu_glue.emu));
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!emu_glue.emu || !cfg) {
		err = -ENOMEM;
		goto fail;
	}

	tdx_emu_default_config(cfg);
	emu_hash_setup();
	err = emu_build_cmrs(cfg);
	if (err) {
		pr_err("more System RAM ranges than the %u CMRs a TDX module reports\n",
		       TDX_MAX_CMRS);
		goto fail;
	}
	err = tdx_emu_init(emu_glue.emu, cfg, nr_lps, pkg, &emu_core_ops);
	if (err) {
		pr_err("cannot start the software TDX module (at most %u packages): %d\n",
		       TDX_EMU_MAX_PACKAGES, err);
		goto fail;
	}
	kfree(cfg);
	kfree(pkg);
	emu_debugfs_init(debugfs_root);
	pr_warn("software TDX module active: INSECURE, for testing only (%u LPs, %u packages, %u CMRs)\n",
		nr_lps, emu_glue.emu->nr_pkgs, emu_glue.emu->active.nr_cmrs);
	return 0;
fail:
	kfree(cfg);
	kfree(pkg);
	vfree(emu_glue.emu);
	emu_glue.emu = NULL;
	if (emu_glue.sha384)
		crypto_free_shash(emu_glue.sha384);
	emu_glue.sha384 = NULL;
	kfree(emu_glue.cpu_lp);
	emu_glue.cpu_lp = NULL;
	return err;
}

void tdxhost_emu_exit(void)
{
	debugfs_remove_recursive(emu_glue.dir);
	vfree(emu_glue.emu);
	emu_glue.emu = NULL;
	if (emu_glue.sha384)
		crypto_free_shash(emu_glue.sha384);
	emu_glue.sha384 = NULL;
	kfree(emu_glue.cpu_lp);
	emu_glue.cpu_lp = NULL;
}
