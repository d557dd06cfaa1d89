// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module's knobs, in debugfs under tdxhost/emu/: its
 * version, features and limits, the CMR holes, fault injection (inject),
 * the global lock, the state and the CMRs it reports, an ownership check of
 * every page (verify), the cache write-back interrupt, and the machine's
 * and host-access knobs (emu_cpu.c, emu_host_access.c).  Config knobs take
 * effect at the next reset (tdxhost/reset); writers hold knob_mutex.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": emu: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "emu/emu_cpu.h"
#include "emu/emu_glue.h"
#include "emu/emu_host_access.h"
#include "emu/tdx_emu.h"
#include "tdx_status.h"

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

void emu_debugfs_init(struct dentry *parent)
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
