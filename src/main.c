// SPDX-License-Identifier: GPL-2.0
/*
 * tdxhost: Intel TDX host support for kernels built without it.
 *
 * Module entry: parameters, backend selection and refusing to run next to a
 * kernel that has its own TDX host support.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "chardev.h"
#include "enable.h"
#include "mce.h"
#include "netlink.h"
#include "pm.h"
#include "reboot.h"
#include "seamcall.h"
#include "td.h"
#include "tdx_status.h"
#include "tdxhost.h"

static char *backend = "auto";
module_param(backend, charp, 0444);
MODULE_PARM_DESC(backend,
		 "SEAMCALL backend: auto (hw when TDX is present), hw (the SEAMCALL instruction), emu (software TDX module, INSECURE, for testing)");

static bool enable;
module_param(enable, bool, 0444);
MODULE_PARM_DESC(enable, "Initialize the TDX module at load time instead of on demand (default: N)");

static enum tdxhost_backend tdxhost_backend;
static char unavailable_reason[128];
static struct dentry *debugfs_root;

const char *tdxhost_unavailable_reason(void)
{
	return tdxhost_backend == TDXHOST_BACKEND_NONE ? unavailable_reason : NULL;
}

const char *tdxhost_backend_name(enum tdxhost_backend b)
{
	switch (b) {
	case TDXHOST_BACKEND_HW:
		return "hw";
	case TDXHOST_BACKEND_EMU:
		return "emu";
	default:
		return "none";
	}
}

/*
 * A kernel with CONFIG_INTEL_TDX_HOST owns the TDX module (it runs
 * TDH.SYS.INIT itself and hands TDX to KVM): two owners would corrupt each
 * other's state, so refuse.  Debian's 6.1 and 6.12 do not set it.
 */
static bool kernel_has_tdx_host(void)
{
	void *sym;

	if (IS_ENABLED(CONFIG_INTEL_TDX_HOST))
		return true;
	/* Catch a kernel whose config we were not built against. */
	sym = __symbol_get("tdx_enable");
	if (sym) {
		__symbol_put("tdx_enable");
		return true;
	}
	return false;
}

static void set_unavailable(const char *why)
{
	tdxhost_backend = TDXHOST_BACKEND_NONE;
	tdxhost_seamcall_set_backend(NULL);
	strscpy(unavailable_reason, why, sizeof(unavailable_reason));
	pr_info("TDX unavailable: %s\n", why);
}

/*
 * Is a TDX module answering?  TDH.SYS.RD of the major version is harmless in
 * any module state; only the software codes (#UD, #GP, VMfailInvalid) mean
 * there is no SEAM to talk to.  Any module status, even an error, proves one.
 */
static void probe_tdx_module(void)
{
	struct tdx_args args = { .rdx = MD_FIELD_ID_MAJOR_VERSION };
	struct tdx_args in = args;
	char why[128];
	u64 status;

	status = tdxhost_seamcall(TDH_SYS_RD, &args);
	if ((status & TDX_STATUS_CODE_MASK) != TDX_SW_ERROR) {
		/* Its expected "not initialized yet" is no error worth counting. */
		tdxhost_seamcall_reset_stats();
		return;
	}

	tdxhost_seamcall_report(TDH_SYS_RD, status, &in);
	tdx_status_format(why, sizeof(why), status, TDH_SYS_RD);
	set_unavailable(why);
}

static int select_backend(void)
{
	char why[128];
	int err;

	if (!strcmp(backend, "emu")) {
		if (!tdxhost_have_emu()) {
			pr_err("backend=emu: this build of tdxhost has no software TDX module (built with TDXHOST_EMU=n)\n");
			return -EINVAL;
		}
		err = tdxhost_emu_init(debugfs_root);
		if (err)
			return err;
		tdxhost_backend = TDXHOST_BACKEND_EMU;
		tdxhost_seamcall_set_backend(&tdxhost_emu_ops);
		return 0;
	}
	if (strcmp(backend, "hw") && strcmp(backend, "auto")) {
		pr_err("unknown backend '%s' (use auto, hw or emu)\n", backend);
		return -EINVAL;
	}

	if (tdxhost_hw_detect(why, sizeof(why))) {
		if (!strcmp(backend, "auto")) {
			set_unavailable(why);
			return 0;
		}
		/* Forced: say what detection found, then let SEAMCALL answer. */
		pr_warn("backend=hw forced although detection says: %s\n", why);
	}
	err = tdxhost_hw_init();
	if (err)
		return err;
	tdxhost_backend = TDXHOST_BACKEND_HW;
	tdxhost_seamcall_set_backend(&tdxhost_hw_ops);
	return 0;
}

static void release_backend(void)
{
	enum tdxhost_backend b = tdxhost_backend;

	tdxhost_seamcall_set_backend(NULL);
	if (tdxhost_have_emu() && b == TDXHOST_BACKEND_EMU)
		tdxhost_emu_exit();
	if (b == TDXHOST_BACKEND_HW || !strcmp(backend, "hw"))
		tdxhost_hw_exit();
}

static int __init tdxhost_init(void)
{
	int err;

	if (kernel_has_tdx_host()) {
		pr_err("this kernel has its own TDX host support (CONFIG_INTEL_TDX_HOST): use it, tdxhost will not load\n");
		return -EBUSY;
	}

	debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	err = select_backend();
	if (err)
		goto fail;

	pr_info("version %s loaded, backend %s%s\n", TDXHOST_VERSION,
		tdxhost_backend_name(tdxhost_backend),
		tdxhost_backend == TDXHOST_BACKEND_EMU ?
		" (software TDX module: INSECURE, for testing only)" : "");

	if (tdxhost_backend != TDXHOST_BACKEND_NONE)
		probe_tdx_module();
	if (tdxhost_backend == TDXHOST_BACKEND_NONE && strcmp(backend, "hw"))
		tdxhost_hw_exit();

	err = tdxhost_enable_init(tdxhost_backend_name(tdxhost_backend),
				  tdxhost_unavailable_reason());
	if (err)
		goto fail_backend;
	err = tdxhost_pm_init();
	if (err)
		goto fail_enable;
	tdxhost_mce_init();
	err = tdxhost_reboot_init();
	if (err)
		goto fail_mce;
	tdxhost_debugfs_init(debugfs_root);
	err = tdxhost_netlink_init();
	if (err)
		goto fail_reboot;
	err = tdxhost_td_cpu_init();
	if (err)
		goto fail_netlink;
	/* Last: TDs can be asked for once everything below is up. */
	err = tdxhost_chardev_init();
	if (err)
		goto fail_td;

	if (enable && tdxhost_backend != TDXHOST_BACKEND_NONE)
		tdxhost_enable(NULL);	/* failure is recorded and reported, not fatal */
	return 0;
fail_td:
	tdxhost_td_cpu_exit();
fail_netlink:
	tdxhost_netlink_exit();
fail_reboot:
	tdxhost_reboot_exit();
fail_mce:
	tdxhost_mce_exit();
	tdxhost_pm_exit();
fail_enable:
	tdxhost_enable_exit();
fail_backend:
	release_backend();
fail:
	debugfs_remove_recursive(debugfs_root);
	return err;
}

static void __exit tdxhost_exit(void)
{
	/* No TD is left: each open TD fd holds a module reference. */
	tdxhost_chardev_exit();
	tdxhost_td_cpu_exit();
	tdxhost_netlink_exit();
	tdxhost_reboot_exit();
	tdxhost_mce_exit();
	tdxhost_pm_exit();
	tdxhost_enable_exit();
	release_backend();
	debugfs_remove_recursive(debugfs_root);
	pr_info("unloaded\n");
}

module_init(tdxhost_init);
module_exit(tdxhost_exit);

MODULE_DESCRIPTION("Intel TDX host support: TDX module initialization, status and TD lifecycle");
MODULE_AUTHOR("tdxhost developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(TDXHOST_VERSION);
