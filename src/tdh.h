/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One small wrapper per TD-lifecycle SEAMCALL leaf: the only code that fills
 * struct tdx_args for them.  Each returns the raw TDX status (RAX); a failure
 * is printed once (rate limited).  Pages go in as struct page; every page
 * handed to the TDX module has its cache lines flushed first (as upstream).
 */
#ifndef TDXHOST_TDH_H
#define TDXHOST_TDH_H

#include <linux/types.h>

struct page;

u64 tdh_mng_create(struct page *tdr, u16 hkid);
u64 tdh_mng_key_config(struct page *tdr);
u64 tdh_mng_addcx(struct page *tdr, struct page *tdcs);
/* @cpuid_err: on a CPUID error, the leaf | subleaf << 32 the module refused. */
u64 tdh_mng_init(struct page *tdr, u64 td_params_pa, u64 *cpuid_err);
u64 tdh_mng_rd(struct page *tdr, u64 field_id, u64 *value);
u64 tdh_vp_create(struct page *tdr, struct page *tdvpr);
u64 tdh_vp_addcx(struct page *tdvpr, struct page *tdcx);
/* v1 passes @x2apic_id (module 1.5.05 on); v0 lets the TD enumerate topology. */
u64 tdh_vp_init(struct page *tdvpr, u64 initial_rcx, u32 x2apic_id, bool v1);
/* Link @sept as the table under the level-@level entry of @gpa. */
u64 tdh_mem_sept_add(struct page *tdr, u64 gpa, int level, struct page *sept);
u64 tdh_mem_page_add(struct page *tdr, u64 gpa, struct page *target, struct page *source);
u64 tdh_mr_extend(struct page *tdr, u64 gpa);
u64 tdh_mr_finalize(struct page *tdr);
/* On the CPU the vCPU is associated with; TDX_VCPU_NOT_ASSOCIATED is not reported. */
u64 tdh_vp_flush(struct page *tdvpr);
u64 tdh_mng_vpflushdone(struct page *tdr);
u64 tdh_phymem_cache_wb(bool resume);
u64 tdh_mng_key_freeid(struct page *tdr);
u64 tdh_phymem_page_reclaim(struct page *page);
/* Flush @page's cache lines tagged with @keyid. */
u64 tdh_phymem_page_wbinvd(struct page *page, u32 keyid);

/* The errno of a TD ioctl for @status (tdx_td_status_to_errno()). */
int tdh_errno(u64 status);

#endif /* TDXHOST_TDH_H */
