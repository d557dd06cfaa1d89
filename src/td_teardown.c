// SPDX-License-Identifier: GPL-2.0
/*
 * Tearing a TD down, in the order KVM uses (TDX-TD-FACTS.md section 6), for
 * close() and for a create that failed half-way alike:
 *   TDH.VP.FLUSH of each vCPU on the CPU it is associated with,
 *   TDH.MNG.VPFLUSHDONE, TDH.PHYMEM.CACHE.WB on each package (resumed when
 *   interrupted), TDH.MNG.KEY.FREEID, the HKID back to the pool,
 *   TDH.PHYMEM.PAGE.RECLAIM of every page (private, SEPT, TDCX then TDVPR
 *   per vCPU, TDCS, the TDR last), TDH.PHYMEM.PAGE.WBINVD of the TDR with
 *   the global KeyID (the module wrote it with that key), then free.
 * Pages the module never had are simply freed.  A page the module does not
 * give back is never freed: it is leaked on purpose and counted; when the
 * HKID cannot be freed, it stays taken and every page the module has leaks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "keyid.h"
#include "memory.h"
#include "state.h"
#include "tdh.h"
#include "td.h"
#include "tdx_status.h"

/* KVM bounds the resumes of an interrupted TDH.PHYMEM.CACHE.WB the same way. */
#define CACHE_WB_RESUMES	10000

struct teardown {
	struct tdxhost_td *td;
	bool reclaim;		/* false: the module keeps its pages (HKID not freed) */
	u64 leak_status;	/* first RECLAIM/WBINVD failure */
	u64 leak_leaf;
};

static u64 cache_wb_fn(void *arg)
{
	int resumes = CACHE_WB_RESUMES;
	u64 st = tdh_phymem_cache_wb(false);

	while ((st & TDX_STATUS_CODE_MASK) == TDX_INTERRUPTED_RESUMABLE && --resumes) {
		cond_resched();
		st = tdh_phymem_cache_wb(true);
	}
	/* TDX_NO_HKID_READY_TO_WBCACHE (nothing to write back) is success class. */
	return st;
}

static const char *td_leaf_failed(u64 leaf, u64 st, char *buf, size_t len)
{
	tdx_seamcall_format(buf, len, leaf, st);
	return buf;
}

/* Flush vCPUs, write the HKID's cache lines back, free it.  false: it stays taken. */
static bool td_release_hkid(struct tdxhost_td *td)
{
	struct tdxhost_pkg_call wb = { .fn = cache_wb_fn };
	unsigned int i;
	char text[160];
	u64 st, leaf;
	int err;

	cpus_read_lock();
	for (i = 0; i < td->nr_vcpus; i++) {
		st = tdxhost_vcpu_flush(td->vcpus[i]);
		if ((st & TDX_STATUS_ERROR) &&
		    (st & TDX_STATUS_CODE_MASK) != TDX_VCPU_NOT_ASSOCIATED)
			pr_err("TD %u: vCPU %u: TDH.VP.FLUSH failed 0x%llx\n", td->id, i, st);
	}
	mutex_lock(&tdxhost_kot_mutex);
	leaf = TDH_MNG_VPFLUSHDONE;
	st = tdh_mng_vpflushdone(td->tdr);
	if (!(st & TDX_STATUS_ERROR)) {
		leaf = TDH_PHYMEM_CACHE_WB;
		err = tdxhost_td_on_each_package(&wb);
		st = err ? (wb.status ?: TDX_SW_ERROR) : TDX_SUCCESS;
	}
	if (!(st & TDX_STATUS_ERROR)) {
		leaf = TDH_MNG_KEY_FREEID;
		st = tdh_mng_key_freeid(td->tdr);
	}
	mutex_unlock(&tdxhost_kot_mutex);
	cpus_read_unlock();

	if (st & TDX_STATUS_ERROR) {
		pr_err("TD %u: KeyID %d stays with the TDX module, its pages are leaked: %s\n",
		       td->id, td->hkid, td_leaf_failed(leaf, st, text, sizeof(text)));
		return false;
	}
	tdxhost_hkid_free(td->hkid);
	td->hkid = -1;
	td->hkid_assigned = false;
	return true;
}

/* One page the module had: RECLAIM, clear, free; or leak it. */
static void td_reclaim(struct teardown *t, struct page *page, enum tdxhost_td_page_kind kind)
{
	u64 st = TDX_SUCCESS;

	if (t->reclaim)
		st = tdh_phymem_page_reclaim(page);
	if (!t->reclaim || (st & TDX_STATUS_ERROR)) {
		if (t->reclaim && !t->leak_status) {
			t->leak_status = st;
			t->leak_leaf = TDH_PHYMEM_PAGE_RECLAIM;
		}
		tdxhost_td_page_leak(t->td, page, kind);
		return;
	}
	tdxhost_mem_reset(page_to_phys(page), PAGE_SIZE);
	tdxhost_td_page_free(t->td, page, kind);
}

static void td_free_priv(struct teardown *t)
{
	struct tdxhost_td *td = t->td;
	struct page *page;
	unsigned long idx;

	xa_for_each(&td->priv, idx, page) {
		td_reclaim(t, page, TD_PAGE_PRIVATE);
		cond_resched();
	}
	xa_destroy(&td->priv);
}

/* Lower levels first, as the tables were built the other way round. */
static void td_free_sept(struct teardown *t)
{
	struct tdxhost_td *td = t->td;
	struct page *page;
	unsigned long idx;
	int level;

	for (level = 1; level <= TDX_TD_SEPT_TOP_LEVEL; level++) {
		xa_for_each(&td->sept, idx, page)
			if ((idx & 3) == level)
				td_reclaim(t, page, TD_PAGE_SEPT);
	}
	xa_destroy(&td->sept);
}

static void td_free_vcpus(struct teardown *t)
{
	struct tdxhost_td *td = t->td;
	struct tdxhost_vcpu *v;
	unsigned int i, j;

	for (i = 0; i < td->nr_vcpus; i++) {
		v = td->vcpus[i];
		for (j = 0; j < td->tdvps_pages - 1; j++) {
			if (j < v->nr_tdcx_added)
				td_reclaim(t, v->tdcx[j], TD_PAGE_CONTROL);
			else
				tdxhost_td_page_free(td, v->tdcx[j], TD_PAGE_CONTROL);
		}
		td_reclaim(t, v->tdvpr, TD_PAGE_CONTROL);	/* VP.CREATE took it */
		kfree(v->tdcx);
		kfree(v);
	}
	kvfree(td->vcpus);
}

static void td_free_tdcs(struct teardown *t)
{
	struct tdxhost_td *td = t->td;
	unsigned int i;

	for (i = 0; td->tdcs && i < td->tdcs_pages; i++) {
		if (!td->tdcs[i])
			break;		/* allocation stopped here */
		if (i < td->nr_tdcs_added)
			td_reclaim(t, td->tdcs[i], TD_PAGE_CONTROL);
		else
			tdxhost_td_page_free(td, td->tdcs[i], TD_PAGE_CONTROL);
	}
	kfree(td->tdcs);
}

/* Last: the module refuses while any child page is left (TD_ASSOCIATED_PAGES_EXIST). */
static void td_free_tdr(struct teardown *t)
{
	struct tdxhost_td *td = t->td;
	u64 st;

	if (!td->tdr)
		return;
	if (!td->tdr_added) {
		tdxhost_td_page_free(td, td->tdr, TD_PAGE_CONTROL);
		return;
	}
	if (t->reclaim) {
		st = tdh_phymem_page_reclaim(td->tdr);
		if (!(st & TDX_STATUS_ERROR)) {
			st = tdh_phymem_page_wbinvd(td->tdr, tdxhost_global_keyid());
			if ((st & TDX_STATUS_ERROR) && !t->leak_status) {
				t->leak_status = st;
				t->leak_leaf = TDH_PHYMEM_PAGE_WBINVD;
			}
		} else if (!t->leak_status) {
			t->leak_status = st;
			t->leak_leaf = TDH_PHYMEM_PAGE_RECLAIM;
		}
		if (!(st & TDX_STATUS_ERROR)) {
			tdxhost_mem_reset(page_to_phys(td->tdr), PAGE_SIZE);
			tdxhost_td_page_free(td, td->tdr, TD_PAGE_CONTROL);
			return;
		}
	}
	tdxhost_td_page_leak(td, td->tdr, TD_PAGE_CONTROL);
}

void tdxhost_td_teardown(struct tdxhost_td *td)
{
	struct teardown t = { .td = td, .reclaim = true };
	char text[160];
	bool announced;
	u32 id;

	tdxhost_td_list_del(td);
	if (td->hkid_assigned)
		t.reclaim = td_release_hkid(td);
	else if (td->hkid >= 0)
		tdxhost_hkid_free(td->hkid);	/* the module never had it */

	td_free_priv(&t);
	td_free_sept(&t);
	td_free_vcpus(&t);
	td_free_tdcs(&t);
	td_free_tdr(&t);

	if (td->pages_leaked)
		pr_err("TD %u: %llu pages leaked on purpose (the TDX module did not give them back)%s%s\n",
		       td->id, td->pages_leaked, t.leak_status ? ": " : "",
		       t.leak_status ? td_leaf_failed(t.leak_leaf, t.leak_status, text,
						      sizeof(text)) : "");
	WARN_ON_ONCE(td->nr_pages);
	mutex_destroy(&td->lock);
	id = td->id;
	announced = td->announced;
	kfree(td);
	tdxhost_td_gone();
	if (announced)
		tdxhost_emit_td(TDXHOST_EV_TD_DESTROYED, id);
}
