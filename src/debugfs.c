// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs tdxhost/: test and diagnosis hooks that are not ABI.
 *   reset  (emu only) host state and the software TDX module back to power-on;
 *          refused (-EBUSY) while a TD exists
 *   td     TDs, the pages they hold, pages leaked since load, HKIDs in use
 *   td_alloc_fail  the Nth TD page allocation from now fails (fault injection)
 *   rdmd   write a physical address, read its PAMT entry back through a real
 *          TDH.PHYMEM.PAGE.RDMD: "status type owner size bepoch"
 *   pamt_alloc_fail  fail this many PAMT chunk allocations (fault injection)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "enable.h"
#include "keyid.h"
#include "memory.h"
#include "seamcall.h"
#include "td.h"
#include "tdxhost.h"

static DEFINE_MUTEX(rdmd_mutex);
static char rdmd_result[128];

static ssize_t reset_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	int err;

	if (!tdxhost_seamcall_has_caps(TDXHOST_BACKEND_RESETTABLE))
		return -EOPNOTSUPP;	/* a real TDX module resets only with the machine */
	/* No TD may be created while the module is reset under it. */
	err = tdxhost_td_block_begin();
	if (err)
		return err;
	err = tdxhost_enable_reset();
	if (!err)
		tdxhost_emu_reset();
	tdxhost_td_block_end();
	return err ?: len;
}

static const struct file_operations reset_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = reset_write,
	.llseek = noop_llseek,
};

static int td_show(struct seq_file *m, void *v)
{
	seq_printf(m, "tds %u\npages %llu\nleaked %llu\nhkids_in_use %u\n",
		   tdxhost_td_count(), tdxhost_td_pages(), tdxhost_td_leaked_pages(),
		   tdxhost_hkids_in_use());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(td);

static ssize_t rdmd_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	struct tdx_args args = {};
	u64 pa, status;
	int err;

	err = kstrtou64_from_user(ubuf, len, 0, &pa);
	if (err)
		return err;
	args.rcx = pa;
	status = tdxhost_seamcall(TDH_PHYMEM_PAGE_RDMD, &args);
	mutex_lock(&rdmd_mutex);
	snprintf(rdmd_result, sizeof(rdmd_result), "0x%016llx %llu 0x%llx %llu %llu\n",
		 status, args.rcx, args.rdx, args.r8, args.r9);
	mutex_unlock(&rdmd_mutex);
	return len;
}

static ssize_t rdmd_read(struct file *f, char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[sizeof(rdmd_result)];

	mutex_lock(&rdmd_mutex);
	strscpy(buf, rdmd_result, sizeof(buf));
	mutex_unlock(&rdmd_mutex);
	return simple_read_from_buffer(ubuf, len, pos, buf, strlen(buf));
}

static const struct file_operations rdmd_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = rdmd_read,
	.write = rdmd_write,
	.llseek = default_llseek,
};

void tdxhost_debugfs_init(struct dentry *root)
{
	debugfs_create_file("reset", 0200, root, NULL, &reset_fops);
	debugfs_create_file("rdmd", 0600, root, NULL, &rdmd_fops);
	debugfs_create_file("td", 0400, root, NULL, &td_fops);
	debugfs_create_u32("td_alloc_fail", 0600, root, &tdxhost_td_alloc_fail);
	debugfs_create_u32("pamt_alloc_fail", 0600, root, &tdxhost_pamt_alloc_fail);
}
