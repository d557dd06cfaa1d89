// SPDX-License-Identifier: GPL-2.0
/*
 * Global metadata: one pass over the field table (src/lib/tdx_metadata.c)
 * with TDH.SYS.RD through the one SEAMCALL entry, then the policy checks
 * upstream applies (module >= 1.5, NO_RBP_MOD).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>

#include "enable.h"
#include "seamcall.h"
#include "sysinfo.h"
#include "tdx_status.h"

static u64 sysinfo_rd(void *ctx, u64 field_id, u64 *value)
{
	struct tdx_args args = { .rdx = field_id };
	u64 status = tdxhost_seamcall(TDH_SYS_RD, &args);

	*value = args.r8;
	return status;
}

int tdxhost_sysinfo_read(struct tdx_sysinfo *si, struct tdxhost_failure *fail,
			 unsigned int *nr_calls)
{
	u64 field = 0, status = 0;
	int err;

	err = tdx_sysinfo_read(si, sysinfo_rd, NULL, &field, &status, nr_calls);
	if (err) {
		const struct tdx_md_field *f = tdx_md_field_by_id(field);
		char text[128];

		fail->leaf = TDH_SYS_RD;
		fail->status = status;
		if (status & TDX_STATUS_ERROR) {
			struct tdx_args in = { .rdx = field };

			tdxhost_seamcall_report(TDH_SYS_RD, status, &in);
		}
		tdx_status_format(text, sizeof(text), status, TDH_SYS_RD);
		snprintf(fail->msg, sizeof(fail->msg), "reading %s (0x%llx): %s",
			 f ? f->name : "metadata", field, text);
		return err;
	}

	err = tdx_sysinfo_check_msg(si, fail->msg, sizeof(fail->msg));
	if (err)
		fail->leaf = TDX_LEAF_NONE;
	return err;
}
