// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper: pretends to be a kernel with its own TDX host support by
 * exporting tdx_enable(), the symbol upstream's TDX host code gives KVM.
 * tdxhost must refuse to load while it is present.
 */
#include <linux/module.h>

int tdx_enable(void);
int tdx_enable(void)
{
	return -ENODEV;
}
EXPORT_SYMBOL_GPL(tdx_enable);

MODULE_DESCRIPTION("tdxhost test helper: fake in-kernel TDX host support");
MODULE_LICENSE("GPL");
