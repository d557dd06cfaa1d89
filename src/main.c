// SPDX-License-Identifier: GPL-2.0
/*
 * tdxhost: Intel TDX host support for kernels built without it.
 *
 * Module entry: parameters, backend selection and refusing to run next to a
 * kernel that has its own TDX host support.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "tdxhost.h"

static char *backend = "auto";
module_param(backend, charp, 0444);
MODULE_PARM_DESC(backend,
		 "SEAMCALL backend: auto (hw when TDX is present), hw (the SEAMCALL instruction), emu (software TDX module, INSECURE, for testing)");

static bool enable;
module_param(enable, bool, 0444);
MODULE_PARM_DESC(enable, "Initialize the TDX module at load time instead of on demand (default: N)");

static enum tdxhost_backend tdxhost_backend;

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

static int __init tdxhost_init(void)
{
	if (kernel_has_tdx_host()) {
		pr_err("this kernel has its own TDX host support (CONFIG_INTEL_TDX_HOST): use it, tdxhost will not load\n");
		return -EBUSY;
	}

	if (!strcmp(backend, "emu")) {
		tdxhost_backend = TDXHOST_BACKEND_EMU;
	} else if (!strcmp(backend, "hw") || !strcmp(backend, "auto")) {
		tdxhost_backend = TDXHOST_BACKEND_NONE;
	} else {
		pr_err("unknown backend '%s' (use auto, hw or emu)\n", backend);
		return -EINVAL;
	}

	pr_info("version %s loaded, backend %s%s\n", TDXHOST_VERSION,
		tdxhost_backend_name(tdxhost_backend),
		tdxhost_backend == TDXHOST_BACKEND_EMU ?
		" (software TDX module: INSECURE, for testing only)" : "");
	return 0;
}

static void __exit tdxhost_exit(void)
{
	pr_info("unloaded\n");
}

module_init(tdxhost_init);
module_exit(tdxhost_exit);

MODULE_DESCRIPTION("Intel TDX host support: TDX module initialization, status and TD lifecycle");
MODULE_AUTHOR("tdxhost developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(TDXHOST_VERSION);
