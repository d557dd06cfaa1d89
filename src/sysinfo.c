// SPDX-License-Identifier: GPL-2.0
/*
 * Global metadata: the field table (src/lib/tdx_metadata.c) filled through
 * the one SEAMCALL entry, then the policy checks upstream applies (module
 * >= 1.5, NO_RBP_MOD).  TDH.SYS.RDALL first (a page of fields per call,
 * one call for a 1.5 module), TDH.SYS.RD field by field (about a hundred
 * calls) where the module lacks it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kernel.h>

#include "failure.h"
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

static u64 sysinfo_rdall(void *ctx, void *page, u64 start_field_id, u64 *next_field_id)
{
	struct tdx_args args = { .rdx = virt_to_phys(page), .r8 = start_field_id };
	u64 status = tdxhost_seamcall(TDH_SYS_RDALL, &args);

	*next_field_id = args.r8;
	return status;
}

/* Fill @fail for TDH.SYS.RD of @field failing with @status (0: a count check). */
static void sysinfo_rd_fail(struct tdxhost_failure *fail, u64 field, u64 status)
{
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
}

/*
 * Fill @fail for TDH.SYS.RDALL: a call failing with @status, or (@status 0)
 * a list we refuse; @field is that call's start id or the field at fault.
 */
static void sysinfo_rdall_fail(struct tdxhost_failure *fail, int err, u64 field, u64 status,
			       void *page)
{
	const struct tdx_md_field *f = tdx_md_field_by_id(field);
	char text[104];		/* fits fail->msg after "... list from 0x<16 digits>: " */

	fail->leaf = TDH_SYS_RDALL;
	fail->status = status;
	if (status) {
		struct tdx_args in = { .rdx = virt_to_phys(page), .r8 = field };

		if (status & TDX_STATUS_ERROR)
			tdxhost_seamcall_report(TDH_SYS_RDALL, status, &in);
		tdx_status_format(text, sizeof(text), status, TDH_SYS_RDALL);
		if (field == MD_FIELD_ID_NA)
			snprintf(fail->msg, sizeof(fail->msg), "reading the metadata list: %s",
				 text);
		else
			snprintf(fail->msg, sizeof(fail->msg),
				 "reading the metadata list from 0x%llx: %s", field, text);
	} else if (err == -EIO) {
		snprintf(fail->msg, sizeof(fail->msg),
			 "TDH.SYS.RDALL from 0x%llx: malformed metadata list", field);
	} else {
		snprintf(fail->msg, sizeof(fail->msg), "reading %s (0x%llx): %s",
			 f ? f->name : "metadata", field,
			 err == -ENODEV ? "required field not in the TDX module's list" :
					  "count beyond what tdxhost holds");
	}
}

/*
 * -EOPNOTSUPP: the module has no TDH.SYS.RDALL (or there was no page for
 * it); nothing reported, the caller reads field by field instead.
 */
static int sysinfo_read_rdall(struct tdx_sysinfo *si, struct tdxhost_failure *fail,
			      unsigned int *nr_calls)
{
	unsigned long page = get_zeroed_page(GFP_KERNEL);
	u64 field = 0, status = 0;
	int err;

	*nr_calls = 0;
	if (!page)
		return -EOPNOTSUPP;
	err = tdx_sysinfo_read_rdall(si, sysinfo_rdall, NULL, (void *)page, &field, &status,
				     nr_calls);
	if (err && err != -EOPNOTSUPP)
		sysinfo_rdall_fail(fail, err, field, status, (void *)page);
	free_page(page);
	return err;
}

int tdxhost_sysinfo_read(struct tdx_sysinfo *si, struct tdxhost_failure *fail,
			 unsigned int *nr_calls)
{
	unsigned int rdall_calls = 0, rd_calls = 0;
	u64 field = 0, status = 0;
	int err;

	err = sysinfo_read_rdall(si, fail, &rdall_calls);
	if (err != -EOPNOTSUPP) {
		pr_debug("global metadata: TDH.SYS.RDALL, %u SEAMCALLs\n", rdall_calls);
	} else {
		err = tdx_sysinfo_read(si, sysinfo_rd, NULL, &field, &status, &rd_calls);
		pr_debug("global metadata: TDH.SYS.RD, %u SEAMCALLs (+%u TDH.SYS.RDALL)\n",
			 rd_calls, rdall_calls);
		if (err)
			sysinfo_rd_fail(fail, field, status);
	}
	if (nr_calls)
		*nr_calls = rdall_calls + rd_calls;
	if (err)
		return err;

	err = tdx_sysinfo_check_msg(si, fail->msg, sizeof(fail->msg));
	if (err)
		fail->leaf = TDX_LEAF_NONE;
	return err;
}
