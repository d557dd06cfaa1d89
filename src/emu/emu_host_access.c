// SPDX-License-Identifier: GPL-2.0
/*
 * tdxhost/emu/host_access: a host bug on purpose, so the tests can prove
 * that the software TDX module notices a host touching memory it owns.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": emu: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "emu/emu_host_access.h"
#include "emu/tdx_emu.h"

/*
 * A host bug on purpose, for tests: "write KIND" flips a quadword in the
 * lowest owned page of KIND (PAMT, TDR, TDCX, TDVPR, SEPT, private) through
 * the direct map, as a stray host write would; "read KIND" copies its first
 * 16 bytes, shown on the next read of this file ("PA HEX").  The emu must
 * notice the write; what it shows of a private page must be ciphertext.
 */
static struct {
	struct mutex lock;
	u64 pa;
	u8 data[16];
	bool valid;
	struct tdx_emu *emu;
} host_access = { .lock = __MUTEX_INITIALIZER(host_access.lock) };

static int host_access_show(struct seq_file *m, void *v)
{
	mutex_lock(&host_access.lock);
	if (host_access.valid)
		seq_printf(m, "0x%llx %16phN\n", host_access.pa, host_access.data);
	mutex_unlock(&host_access.lock);
	return 0;
}

static int host_access_open(struct inode *inode, struct file *f)
{
	return single_open(f, host_access_show, inode->i_private);
}

static ssize_t host_access_write(struct file *f, const char __user *ubuf, size_t len,
				     loff_t *pos)
{
	char buf[32], *kind;
	bool write;
	u64 pa, *va;
	int k, err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	kind = strim(buf);
	if (!strncmp(kind, "write ", 6))
		write = true;
	else if (!strncmp(kind, "read ", 5))
		write = false;
	else
		return -EINVAL;
	k = tdx_emu_own_kind_parse(strim(kind + (write ? 6 : 5)));
	if (k < 0)
		return k;
	err = tdx_emu_own_first(host_access.emu, k, &pa);
	if (err)
		return err;
	/* a page the module owns came from the kernel: System RAM, direct-mapped */
	if (!pfn_valid(PHYS_PFN(pa)) || !page_is_ram(PHYS_PFN(pa)))
		return -EIO;
	va = phys_to_virt(pa);
	mutex_lock(&host_access.lock);
	if (write) {
		WRITE_ONCE(va[1], ~READ_ONCE(va[1]));	/* not the PAMT lock bits of va[0] */
	} else {
		memcpy(host_access.data, va, sizeof(host_access.data));
		host_access.pa = pa;
		host_access.valid = true;
	}
	mutex_unlock(&host_access.lock);
	pr_info("host_access: %s %s page 0x%llx on purpose\n", write ? "wrote into" : "read",
		tdx_emu_own_kind_name(k), pa);
	return len;
}

static const struct file_operations host_access_fops = {
	.owner = THIS_MODULE,
	.open = host_access_open,
	.read = seq_read,
	.write = host_access_write,
	.llseek = seq_lseek,
	.release = single_release,
};

void emu_host_access_debugfs_init(struct dentry *dir, struct tdx_emu *emu)
{
	host_access.emu = emu;
	debugfs_create_file("host_access", 0600, dir, NULL, &host_access_fops);
}
