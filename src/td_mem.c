// SPDX-License-Identifier: GPL-2.0
/*
 * A TD's initial memory (INIT_MEM_REGION): per 4K page the missing Secure-EPT
 * tables (TDH.MEM.SEPT.ADD at levels 3, 2, 1 of a 4-level EPT; the root is
 * in the TDCS), TDH.MEM.PAGE.ADD of a copy of the user's page, and with
 * MEASURE 16 x TDH.MR.EXTEND (256 bytes each); with EXTEND_ONLY only the
 * MR.EXTENDs, over pages added before.  Every check that can be made
 * without the module is made before the first SEAMCALL; the host tracks
 * which SEPT tables and private pages exist (xarrays).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include "tdh.h"
#include "td.h"

#define MR_EXTEND_CHUNK		256
/* On td->priv: the page was extended into MRTD (pages_measured counts it once). */
#define TD_PRIV_MEASURED	XA_MARK_0

/* The SEPT table linked under the level-@level entry that maps @gpa. */
static unsigned long sept_key(u64 gpa, int level)
{
	return (unsigned long)(gpa / TDX_TD_SEPT_ENTRY_SIZE(level)) << 2 | level;
}

/* SEPT tables [gpa, end) still needs. */
static u64 sept_missing(struct tdxhost_td *td, u64 gpa, u64 end)
{
	u64 n = 0, a, size;
	int level;

	for (level = TDX_TD_SEPT_TOP_LEVEL; level >= 1; level--) {
		size = TDX_TD_SEPT_ENTRY_SIZE(level);
		for (a = round_down(gpa, size); a < end; a += size)
			n += !xa_load(&td->sept, sept_key(a, level));
	}
	return n;
}

static int sept_ensure(struct tdxhost_td *td, u64 gpa, u64 *hw_error)
{
	struct page *page;
	unsigned long key;
	int level, err;
	u64 st;

	for (level = TDX_TD_SEPT_TOP_LEVEL; level >= 1; level--) {
		key = sept_key(gpa, level);
		if (xa_load(&td->sept, key))
			continue;
		/* Room in the xarray first: a page the module took must never go untracked. */
		err = xa_reserve(&td->sept, key, GFP_KERNEL_ACCOUNT);
		if (err)
			return err;
		page = tdxhost_td_page_alloc(td, TD_PAGE_SEPT);
		if (!page) {
			xa_release(&td->sept, key);
			return -ENOMEM;
		}
		st = tdh_mem_sept_add(td->tdr, round_down(gpa, TDX_TD_SEPT_ENTRY_SIZE(level)),
				      level, page);
		if (st & TDX_STATUS_ERROR) {
			xa_release(&td->sept, key);
			tdxhost_td_page_free(td, page, TD_PAGE_SEPT);
			*hw_error = st;
			return tdh_errno(st);
		}
		xa_store(&td->sept, key, page, 0);
	}
	return 0;
}

static int page_add(struct tdxhost_td *td, u64 gpa, struct page *source, u64 *hw_error)
{
	unsigned long gfn = gpa >> PAGE_SHIFT;
	struct page *page;
	int err;
	u64 st;

	err = xa_reserve(&td->priv, gfn, GFP_KERNEL_ACCOUNT);
	if (err)
		return err;
	page = tdxhost_td_page_alloc(td, TD_PAGE_PRIVATE);
	if (!page) {
		xa_release(&td->priv, gfn);
		return -ENOMEM;
	}
	mutex_lock(&td->tdr_lock);
	st = tdh_mem_page_add(td->tdr, gpa, page, source);
	mutex_unlock(&td->tdr_lock);
	if (st & TDX_STATUS_ERROR) {
		xa_release(&td->priv, gfn);
		tdxhost_td_page_free(td, page, TD_PAGE_PRIVATE);
		*hw_error = st;
		return tdh_errno(st);
	}
	xa_store(&td->priv, gfn, page, 0);
	return 0;
}

static int measure(struct tdxhost_td *td, u64 gpa, u64 *hw_error)
{
	unsigned int off;
	u64 st;

	for (off = 0; off < PAGE_SIZE; off += MR_EXTEND_CHUNK) {
		mutex_lock(&td->tdr_lock);
		st = tdh_mr_extend(td->tdr, gpa + off);
		mutex_unlock(&td->tdr_lock);
		if (st & TDX_STATUS_ERROR) {
			/* Added but not measured: MRTD can no longer be what the caller expects. */
			WRITE_ONCE(td->state, TDXHOST_TD_DEAD);
			*hw_error = st;
			return tdh_errno(st);
		}
	}
	/* EXTEND_ONLY again over a measured page: MRTD changes, the count does not */
	if (!xa_get_mark(&td->priv, gpa >> PAGE_SHIFT, TD_PRIV_MEASURED)) {
		xa_set_mark(&td->priv, gpa >> PAGE_SHIFT, TD_PRIV_MEASURED);
		WRITE_ONCE(td->pages_measured, td->pages_measured + 1);
	}
	return 0;
}

/* Before any SEAMCALL: the range, what is there already, the page limit. */
static int mem_check(struct tdxhost_td *td, const struct tdxhost_td_mem_region *arg)
{
	u64 end, first, need;
	unsigned long idx;

	if (!PAGE_ALIGNED(arg->source_addr) || arg->nr_pages > td->page_limit ||
	    tdx_td_gpa_range_check(arg->gpa, arg->nr_pages))
		return -EINVAL;
	if (arg->source_addr + arg->nr_pages * PAGE_SIZE < arg->source_addr)
		return -EINVAL;
	end = arg->gpa + arg->nr_pages * PAGE_SIZE;
	first = arg->gpa >> PAGE_SHIFT;
	idx = first;
	if (xa_find(&td->priv, &idx, (end >> PAGE_SHIFT) - 1, XA_PRESENT))
		return -EEXIST;
	need = arg->nr_pages + sept_missing(td, arg->gpa, end);
	if (td->nr_pages + need > td->page_limit)
		return -ENOMEM;
	return 0;
}

/* EXTEND_ONLY: every page of the range was added, checked before any SEAMCALL. */
static int mem_extend_only(struct tdxhost_td *td, struct tdxhost_td_mem_region *arg)
{
	unsigned long gfn;
	int err = 0;
	u64 n;

	if (arg->nr_pages > td->page_limit || tdx_td_gpa_range_check(arg->gpa, arg->nr_pages))
		return -EINVAL;
	for (n = 0, gfn = arg->gpa >> PAGE_SHIFT; n < arg->nr_pages; n++, gfn++)
		if (!xa_load(&td->priv, gfn))
			return -ENOENT;
	while (arg->nr_pages) {
		if (signal_pending(current)) {
			err = -EINTR;
			break;
		}
		err = measure(td, arg->gpa, &arg->hw_error);
		if (err)
			break;
		arg->gpa += PAGE_SIZE;
		arg->nr_pages--;
		cond_resched();
	}
	return err;
}

int tdxhost_td_mem_add(struct tdxhost_td *td, struct tdxhost_td_mem_region *arg)
{
	bool do_measure = arg->flags & TDXHOST_MEM_MEASURE;
	struct page *bounce;
	int err;

	if (arg->flags & TDXHOST_MEM_EXTEND_ONLY)
		return mem_extend_only(td, arg);
	err = mem_check(td, arg);
	if (err)
		return err;
	/* The module copies from shared memory: a kernel page, never the user's. */
	bounce = alloc_page(GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

	while (arg->nr_pages) {
		if (signal_pending(current)) {
			err = -EINTR;
			break;
		}
		err = sept_ensure(td, arg->gpa, &arg->hw_error);
		if (err)
			break;
		if (copy_from_user(page_address(bounce), u64_to_user_ptr(arg->source_addr),
				   PAGE_SIZE)) {
			err = -EFAULT;
			break;
		}
		err = page_add(td, arg->gpa, bounce, &arg->hw_error);
		if (err)
			break;
		if (do_measure) {
			err = measure(td, arg->gpa, &arg->hw_error);
			if (err)
				break;
		}
		arg->gpa += PAGE_SIZE;
		arg->source_addr += PAGE_SIZE;
		arg->nr_pages--;
		cond_resched();
	}
	__free_page(bounce);
	return err;
}
