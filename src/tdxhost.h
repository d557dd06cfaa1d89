/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal declarations shared by the kernel-side files of tdxhost.ko.
 */
#ifndef TDXHOST_H
#define TDXHOST_H

#include <linux/types.h>

/* Which SEAMCALL backend the module runs on. */
enum tdxhost_backend {
	TDXHOST_BACKEND_NONE,	/* TDX unavailable: reporting only */
	TDXHOST_BACKEND_HW,	/* the SEAMCALL instruction */
	TDXHOST_BACKEND_EMU,	/* the software TDX module (testing only) */
};

const char *tdxhost_backend_name(enum tdxhost_backend b);
/* Why TDX is unavailable (NULL when a backend is active). */
const char *tdxhost_unavailable_reason(void);

struct dentry;
void tdxhost_debugfs_init(struct dentry *root);

#endif /* TDXHOST_H */
