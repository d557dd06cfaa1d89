// SPDX-License-Identifier: GPL-2.0
/*
 * Sleep and TDX: the TDX module, its memory and its keys do not survive S3
 * or hibernation; the platform resets TDX there, and the module is gone
 * until the next boot even when it was never initialized.  Like upstream,
 * enable is refused while hibernation is possible.  Upstream disables ACPI
 * S3 at boot whenever the BIOS enabled TDX; a module cannot, so it vetoes
 * suspend and hibernation whenever a TDX module is there (any state but
 * unavailable), not only once it is initialized.  At the veto the target
 * state is not known yet, so suspend-to-idle is refused too.  To suspend,
 * unload tdxhost: TDX is then unusable until a reboot.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/notifier.h>
#include <linux/string.h>
#include <linux/suspend.h>

#include "pm.h"
#include "state.h"
#include "uapi_names.h"

/*
 * hibernation_available() is not exported; its answer is what
 * /sys/power/disk shows.  1: possible, 0: not, or a negative errno when
 * the file cannot be read (an allocation failing in filp_open(), say):
 * the caller must not take that for an answer.
 */
int tdxhost_hibernation_possible(void)
{
	char buf[64] = "";
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	if (!IS_ENABLED(CONFIG_HIBERNATION))
		return 0;
	f = filp_open("/sys/power/disk", O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n < 0)
		return n;
	return n == 0 || !strstr(buf, "[disabled]");
}

static int pm_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	enum tdxhost_state s = tdxhost_get_state();
	const char *what = action == PM_SUSPEND_PREPARE ? "suspend" : "hibernation";

	if (action != PM_SUSPEND_PREPARE && action != PM_HIBERNATION_PREPARE)
		return NOTIFY_DONE;
	if (s == TDXHOST_STATE_UNAVAILABLE)
		return NOTIFY_DONE;
	if (s == TDXHOST_STATE_INITIALIZED || s == TDXHOST_STATE_INITIALIZING)
		pr_warn("refusing %s: TDX is %s and would be lost (TDX memory and keys do not survive it)\n",
			what, tdxhost_state_str(s));
	else
		pr_warn("refusing %s: the TDX module would be lost until reboot, even uninitialized (unload tdxhost to allow it)\n",
			what);
	return notifier_from_errno(-EBUSY);
}

static struct notifier_block pm_nb = {
	.notifier_call = pm_notify,
};

int tdxhost_pm_init(void)
{
	return register_pm_notifier(&pm_nb);
}

void tdxhost_pm_exit(void)
{
	unregister_pm_notifier(&pm_nb);
}
