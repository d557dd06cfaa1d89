// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/tdxhost and the TD file descriptors: the ioctl ABI of
 * include/uapi/linux/tdxhost.h.  One function per command: copy the struct
 * in (size, flags, reserved and hw_error checks), call the TD object
 * (td.c), copy the struct out, also when the command failed (hw_error,
 * progress, tdx_state).  Nothing here talks to the TDX module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/build_bug.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "chardev.h"
#include "keyid.h"
#include "state.h"
#include "td.h"

static_assert(sizeof(struct tdxhost_caps) == TDXHOST_CAPS_SIZE_VER0);
static_assert(sizeof(struct tdxhost_create_td) == TDXHOST_CREATE_TD_SIZE_VER0);
static_assert(sizeof(struct tdxhost_td_init) == TDXHOST_TD_INIT_SIZE_VER0);
static_assert(sizeof(struct tdxhost_td_vcpu) == TDXHOST_TD_VCPU_SIZE_VER0);
static_assert(sizeof(struct tdxhost_td_mem_region) == TDXHOST_TD_MEM_REGION_SIZE_VER0);
static_assert(sizeof(struct tdxhost_td_finalize) == TDXHOST_TD_FINALIZE_SIZE_VER0);
static_assert(sizeof(struct tdxhost_td_info) == TDXHOST_TD_INFO_SIZE_VER0);
/* TD_INIT's CPUID entries go to the TD object as they are. */
static_assert(sizeof(struct tdxhost_cpuid_entry) == sizeof(struct tdx_td_cpuid));
static_assert(TDXHOST_CPUID_NO_SUBLEAF == TDX_CPUID_NO_SUBLEAF);

/*
 * copy_struct_from_user() semantics: @ver0 <= size <= a page, bytes beyond
 * what the kernel knows zero (-E2BIG).  *usize: the size to copy back.
 */
static int arg_in(void *k, size_t ksize, size_t ver0, void __user *u, u32 *usize)
{
	u32 size;
	int err;

	if (get_user(size, (u32 __user *)u))
		return -EFAULT;
	if (size < ver0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	err = copy_struct_from_user(k, ksize, u, size);
	if (err)
		return err;
	*usize = min_t(u32, size, ksize);
	return 0;
}

static int arg_out(void __user *u, const void *k, u32 usize, int err)
{
	if (copy_to_user(u, k, usize))
		return -EFAULT;
	return err;
}

static bool nonzero(const void *p, size_t len)
{
	return memchr_inv(p, 0, len) != NULL;
}

/* ---- /dev/tdxhost */

static void caps_cpuid_entry(const struct tdx_sysinfo *si, unsigned int i,
			     struct tdxhost_cpuid_entry *e)
{
	e->leaf = (u32)si->cpuid_config_leaves[i];
	e->subleaf = (u32)(si->cpuid_config_leaves[i] >> 32);
	e->eax = (u32)si->cpuid_config_values[i][0];
	e->ebx = (u32)(si->cpuid_config_values[i][0] >> 32);
	e->ecx = (u32)si->cpuid_config_values[i][1];
	e->edx = (u32)(si->cpuid_config_values[i][1] >> 32);
}

static int caps_fill(struct tdxhost_caps *c)
{
	struct tdxhost_cpuid_entry __user *ue = u64_to_user_ptr(c->cpuid_ptr);
	struct tdxhost_cpuid_entry e;
	struct tdxhost_status *st;
	struct tdx_sysinfo *si;
	u32 room = c->nr_cpuid, gen;
	unsigned int i;
	int err = 0;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	si = kvmalloc(sizeof(*si), GFP_KERNEL);
	if (!st || !si) {
		err = -ENOMEM;
		goto out;
	}
	tdxhost_get_status(st);
	c->tdx_state = st->state;
	c->nr_cpuid = 0;
	if (tdxhost_get_sysinfo(si, &gen)) {
		err = -ENODEV;		/* the metadata is read by enabling */
		goto out;
	}
	c->attributes_supported = si->attrs_fixed0;
	c->attributes_fixed1 = si->attrs_fixed1;
	c->xfam_supported = si->xfam_fixed0;
	c->xfam_fixed1 = si->xfam_fixed1;
	c->max_vcpus = tdx_td_max_vcpus(si);
	c->tdcs_pages = si->tdcs_base_size / PAGE_SIZE;
	c->tdvps_pages = si->tdvps_base_size / PAGE_SIZE;
	c->keyids_total = tdxhost_hkids_total();
	c->keyids_free = c->keyids_total - min(tdxhost_hkids_in_use(), c->keyids_total);
	c->max_td_pages = READ_ONCE(tdxhost_max_td_pages);
	c->shared_gpa_bit = TDX_TD_GPA_SHARED_BIT;
	c->nr_cpuid = si->nr_cpuid_config;
	if (room < si->nr_cpuid_config) {
		err = -E2BIG;
		goto out;
	}
	for (i = 0; i < si->nr_cpuid_config; i++) {
		caps_cpuid_entry(si, i, &e);
		if (copy_to_user(&ue[i], &e, sizeof(e))) {
			err = -EFAULT;
			break;
		}
	}
out:
	kvfree(si);
	kfree(st);
	return err;
}

static long dev_get_caps(void __user *u)
{
	struct tdxhost_caps c;
	u32 usize;
	int err;

	err = arg_in(&c, sizeof(c), TDXHOST_CAPS_SIZE_VER0, u, &usize);
	if (err)
		return err;
	if (c.flags || c.reserved0 || nonzero(c.reserved, sizeof(c.reserved)))
		return -EINVAL;
	err = caps_fill(&c);
	return arg_out(u, &c, usize, err);
}

static const struct file_operations td_fops;

static long dev_create_td(void __user *u)
{
	struct tdxhost_create_td c;
	struct tdxhost_td *td;
	struct file *file;
	u32 usize;
	int err, fd;

	err = arg_in(&c, sizeof(c), TDXHOST_CREATE_TD_SIZE_VER0, u, &usize);
	if (err)
		return err;
	if (c.flags || c.hw_error || nonzero(c.reserved, sizeof(c.reserved)))
		return -EINVAL;
	c.td_id = 0;
	err = tdxhost_td_create(&td, &c.tdx_state, &c.hw_error);
	if (err)
		return arg_out(u, &c, usize, err);
	c.td_id = td->id;

	/* The fd is installed only once the caller has the struct: nothing to undo after. */
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		tdxhost_td_put(td);
		return fd;
	}
	file = anon_inode_getfile("tdxhost-td", &td_fops, td, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		tdxhost_td_put(td);
		return PTR_ERR(file);
	}
	if (copy_to_user(u, &c, usize)) {
		put_unused_fd(fd);
		fput(file);		/* release() tears the TD down */
		return -EFAULT;
	}
	fd_install(fd, file);
	return fd;
}

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *u = (void __user *)arg;

	switch (cmd) {
	case TDXHOST_GET_CAPS:
		return dev_get_caps(u);
	case TDXHOST_CREATE_TD:
		return dev_create_td(u);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice tdxhost_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "tdxhost",	/* packaging/60-tdxhost.rules: KERNEL=="tdxhost" */
	.fops = &dev_fops,
	.mode = 0600,
};

/* ---- the TD fd */

static long td_cmd_init(struct tdxhost_td *td, void __user *u)
{
	struct tdx_td_cpuid *cpuid = NULL;
	struct tdxhost_td_init a;
	u32 usize;
	int err;

	err = arg_in(&a, sizeof(a), TDXHOST_TD_INIT_SIZE_VER0, u, &usize);
	if (err)
		return err;
	if (a.flags || a.hw_error || a.reserved0 || nonzero(a.reserved, sizeof(a.reserved)))
		return -EINVAL;
	if (a.nr_cpuid > TDX_TD_PARAMS_MAX_CPUID)
		return -E2BIG;
	if (a.nr_cpuid) {
		cpuid = vmemdup_user(u64_to_user_ptr(a.cpuid_ptr), a.nr_cpuid * sizeof(*cpuid));
		if (IS_ERR(cpuid))
			return PTR_ERR(cpuid);
	}
	err = tdxhost_td_init_vm(td, &a, cpuid);
	kvfree(cpuid);
	return arg_out(u, &a, usize, err);
}

static long td_cmd_vcpu(struct tdxhost_td *td, void __user *u)
{
	struct tdxhost_td_vcpu a;
	u32 usize;
	int err;

	err = arg_in(&a, sizeof(a), TDXHOST_TD_VCPU_SIZE_VER0, u, &usize);
	if (err)
		return err;
	if (a.flags || a.hw_error || nonzero(a.reserved, sizeof(a.reserved)))
		return -EINVAL;
	a.vcpu_index = 0;
	a.cpu = 0;
	err = tdxhost_td_create_vcpu(td, &a);
	return arg_out(u, &a, usize, err);
}

static long td_cmd_mem(struct tdxhost_td *td, void __user *u)
{
	struct tdxhost_td_mem_region a;
	u32 usize;
	int err;

	err = arg_in(&a, sizeof(a), TDXHOST_TD_MEM_REGION_SIZE_VER0, u, &usize);
	if (err)
		return err;
	if ((a.flags & ~(TDXHOST_MEM_MEASURE | TDXHOST_MEM_EXTEND_ONLY)) || a.hw_error ||
	    nonzero(a.reserved, sizeof(a.reserved)))
		return -EINVAL;
	if ((a.flags & TDXHOST_MEM_EXTEND_ONLY) &&
	    ((a.flags & TDXHOST_MEM_MEASURE) || a.source_addr))
		return -EINVAL;
	err = tdxhost_td_init_mem(td, &a);
	return arg_out(u, &a, usize, err);
}

static long td_cmd_finalize(struct tdxhost_td *td, void __user *u)
{
	struct tdxhost_td_finalize a;
	u32 usize;
	int err;

	err = arg_in(&a, sizeof(a), TDXHOST_TD_FINALIZE_SIZE_VER0, u, &usize);
	if (err)
		return err;
	if (a.flags || a.hw_error || nonzero(a.reserved, sizeof(a.reserved)))
		return -EINVAL;
	err = tdxhost_td_finalize(td, &a.hw_error);
	return arg_out(u, &a, usize, err);
}

static long td_cmd_info(struct tdxhost_td *td, void __user *u)
{
	struct tdxhost_td_info a;
	u32 usize, size;
	int err;

	err = arg_in(&a, sizeof(a), TDXHOST_TD_INFO_SIZE_VER0, u, &usize);
	if (err)
		return err;
	if (a.flags || a.hw_error || nonzero(a.reserved, sizeof(a.reserved)))
		return -EINVAL;
	/* Every field but size is output; the rest was checked to be zero. */
	size = a.size;
	memset(&a, 0, sizeof(a));
	a.size = size;
	err = tdxhost_td_info(td, &a);
	return arg_out(u, &a, usize, err);
}

static long td_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct tdxhost_td *td = f->private_data;
	void __user *u = (void __user *)arg;

	switch (cmd) {
	case TDXHOST_TD_INIT:
		return td_cmd_init(td, u);
	case TDXHOST_TD_CREATE_VCPU:
		return td_cmd_vcpu(td, u);
	case TDXHOST_TD_INIT_MEM_REGION:
		return td_cmd_mem(td, u);
	case TDXHOST_TD_FINALIZE:
		return td_cmd_finalize(td, u);
	case TDXHOST_TD_GET_INFO:
		return td_cmd_info(td, u);
	default:
		return -ENOTTY;
	}
}

static int td_release(struct inode *inode, struct file *f)
{
	tdxhost_td_put(f->private_data);
	return 0;
}

/* .owner: an open TD fd keeps the module loaded (rmmod says it is in use). */
static const struct file_operations td_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = td_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = td_release,
	.llseek = noop_llseek,
};

int tdxhost_chardev_init(void)
{
	int err = misc_register(&tdxhost_misc);

	if (err)
		pr_err("cannot register /dev/tdxhost: %d\n", err);
	return err;
}

void tdxhost_chardev_exit(void)
{
	misc_deregister(&tdxhost_misc);
}
