// SPDX-License-Identifier: GPL-2.0
/*
 * The TD-lifecycle SEAMCALL leaves, one wrapper each (registers as in the
 * TDX module's ABI and upstream's tdh_*() in arch/x86/virt/vmx/tdx/tdx.c),
 * all through the one SEAMCALL entry (retry, counters, trace).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/mm.h>
#include <linux/ratelimit.h>
#include <asm/cacheflush.h>
#include <asm/set_memory.h>

#include "keyid.h"
#include "seamcall.h"
#include "tdh.h"
#include "tdx_td_host.h"

/* A user can make TD leaves fail (bad attributes, ...): keep dmesg readable. */
static DEFINE_RATELIMIT_STATE(tdh_report_rs, 5 * HZ, 10);

static u64 tdh_call(u64 fn, struct tdx_args *args)
{
	struct tdx_args in = *args;
	u64 status = tdxhost_seamcall(fn, args);

	if ((status & TDX_STATUS_ERROR) && __ratelimit(&tdh_report_rs))
		tdxhost_seamcall_report(fn, status, &in);
	return status;
}

static u64 pa(struct page *page)
{
	return page_to_phys(page);
}

/* No dirty line of this page may be written back over what the module writes. */
static void tdh_clflush(struct page *page)
{
	clflush_cache_range(page_address(page), PAGE_SIZE);
}

u64 tdh_mng_create(struct page *tdr, u16 hkid)
{
	struct tdx_args args = { .rcx = pa(tdr), .rdx = hkid };

	tdh_clflush(tdr);
	return tdh_call(TDH_MNG_CREATE, &args);
}

u64 tdh_mng_key_config(struct page *tdr)
{
	struct tdx_args args = { .rcx = pa(tdr) };

	return tdh_call(TDH_MNG_KEY_CONFIG, &args);
}

u64 tdh_mng_addcx(struct page *tdr, struct page *tdcs)
{
	struct tdx_args args = { .rcx = pa(tdcs), .rdx = pa(tdr) };

	tdh_clflush(tdcs);
	return tdh_call(TDH_MNG_ADDCX, &args);
}

u64 tdh_mng_init(struct page *tdr, u64 td_params_pa, u64 *cpuid_err)
{
	struct tdx_args args = { .rcx = pa(tdr), .rdx = td_params_pa };
	u64 status = tdh_call(TDH_MNG_INIT, &args);

	*cpuid_err = args.rcx;
	return status;
}

u64 tdh_mng_rd(struct page *tdr, u64 field_id, u64 *value)
{
	struct tdx_args args = { .rcx = pa(tdr), .rdx = field_id };
	u64 status = tdh_call(TDH_MNG_RD, &args);

	*value = args.r8;
	return status;
}

u64 tdh_vp_create(struct page *tdr, struct page *tdvpr)
{
	struct tdx_args args = { .rcx = pa(tdvpr), .rdx = pa(tdr) };

	tdh_clflush(tdvpr);
	return tdh_call(TDH_VP_CREATE, &args);
}

u64 tdh_vp_addcx(struct page *tdvpr, struct page *tdcx)
{
	struct tdx_args args = { .rcx = pa(tdcx), .rdx = pa(tdvpr) };

	tdh_clflush(tdcx);
	return tdh_call(TDH_VP_ADDCX, &args);
}

u64 tdh_vp_init(struct page *tdvpr, u64 initial_rcx, u32 x2apic_id, bool v1)
{
	struct tdx_args args = { .rcx = pa(tdvpr), .rdx = initial_rcx, .r8 = x2apic_id };
	u64 fn = TDH_VP_INIT | ((v1 ? 1ULL : 0) << TDX_LEAF_VERSION_SHIFT);

	if (!v1)
		args.r8 = 0;
	return tdh_call(fn, &args);
}

u64 tdh_mem_sept_add(struct page *tdr, u64 gpa, int level, struct page *sept)
{
	struct tdx_args args = { .rcx = gpa | level, .rdx = pa(tdr), .r8 = pa(sept) };

	tdh_clflush(sept);
	return tdh_call(TDH_MEM_SEPT_ADD, &args);
}

u64 tdh_mem_page_add(struct page *tdr, u64 gpa, struct page *target, struct page *source)
{
	struct tdx_args args = {
		.rcx = gpa, .rdx = pa(tdr), .r8 = pa(target), .r9 = pa(source),
	};

	tdh_clflush(target);
	return tdh_call(TDH_MEM_PAGE_ADD, &args);
}

u64 tdh_mr_extend(struct page *tdr, u64 gpa)
{
	struct tdx_args args = { .rcx = gpa, .rdx = pa(tdr) };

	return tdh_call(TDH_MR_EXTEND, &args);
}

u64 tdh_mr_finalize(struct page *tdr)
{
	struct tdx_args args = { .rcx = pa(tdr) };

	return tdh_call(TDH_MR_FINALIZE, &args);
}

u64 tdh_vp_flush(struct page *tdvpr)
{
	struct tdx_args args = { .rcx = pa(tdvpr) };
	struct tdx_args in = args;
	u64 status = tdxhost_seamcall(TDH_VP_FLUSH, &args);

	/* Not associated with this CPU (any more): nothing to flush. */
	if ((status & TDX_STATUS_CODE_MASK) == TDX_VCPU_NOT_ASSOCIATED)
		return status;
	if ((status & TDX_STATUS_ERROR) && __ratelimit(&tdh_report_rs))
		tdxhost_seamcall_report(TDH_VP_FLUSH, status, &in);
	return status;
}

u64 tdh_mng_vpflushdone(struct page *tdr)
{
	struct tdx_args args = { .rcx = pa(tdr) };

	return tdh_call(TDH_MNG_VPFLUSHDONE, &args);
}

u64 tdh_phymem_cache_wb(bool resume)
{
	struct tdx_args args = { .rcx = resume ? 1 : 0 };
	struct tdx_args in = args;
	u64 status = tdxhost_seamcall(TDH_PHYMEM_CACHE_WB, &args);

	/* Interrupted: the caller resumes it; not a failure. */
	if ((status & TDX_STATUS_CODE_MASK) == TDX_INTERRUPTED_RESUMABLE)
		return status;
	if ((status & TDX_STATUS_ERROR) && __ratelimit(&tdh_report_rs))
		tdxhost_seamcall_report(TDH_PHYMEM_CACHE_WB, status, &in);
	return status;
}

u64 tdh_mng_key_freeid(struct page *tdr)
{
	struct tdx_args args = { .rcx = pa(tdr) };

	return tdh_call(TDH_MNG_KEY_FREEID, &args);
}

u64 tdh_phymem_page_reclaim(struct page *page)
{
	struct tdx_args args = { .rcx = pa(page) };

	return tdh_call(TDH_PHYMEM_PAGE_RECLAIM, &args);
}

u64 tdh_phymem_page_wbinvd(struct page *page, u32 keyid)
{
	struct tdx_args args = { .rcx = tdxhost_keyid_pa(pa(page), keyid) };

	return tdh_call(TDH_PHYMEM_PAGE_WBINVD, &args);
}

int tdh_errno(u64 status)
{
	return tdx_td_status_to_errno(status);
}
