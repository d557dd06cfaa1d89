// SPDX-License-Identifier: GPL-2.0
/*
 * TDX memory.  Like upstream, all System RAM present at enable time becomes
 * TDX memory; TDX cannot convert memory added later, so a memory notifier
 * refuses to online anything outside that list once it is taken.  The
 * snapshot cannot take the hotplug lock (get_online_mems() is not exported),
 * so the guard is raised to "frozen" before the snapshot instead.
 *
 * PAMTs come from alloc_contig_range() over ranges the planner picks
 * (alloc_contig_pages() is not exported): tdmr_plan_run() walks the
 * candidates, the same walk `tdxctl plan` simulates, and asks us to take
 * each one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/ioport.h>
#include <linux/memory.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <asm/io.h>
#include <asm/special_insns.h>
#include <asm/cpufeature.h>

#include "compat.h"
#include "memory.h"
#include "seamcall.h"
#include "tdx_cmr.h"

#define TDX_MEM_FLOOR	SZ_1M	/* upstream leaves the first 1 MiB out */

struct snapshot_ctx {
	struct tdx_mem_range *out;
	unsigned int max;
	unsigned int nr;
	int err;
};

static int snapshot_add(struct snapshot_ctx *c, u64 start, u64 end, int nid)
{
	struct tdx_mem_range *last = c->nr ? &c->out[c->nr - 1] : NULL;

	if (last && last->end == start && last->nid == nid) {
		last->end = end;
		return 0;
	}
	if (c->nr == c->max)
		return -E2BIG;
	c->out[c->nr].start = start;
	c->out[c->nr].end = end;
	c->out[c->nr].nid = nid;
	c->nr++;
	return 0;
}

static int snapshot_ram(struct resource *res, void *arg)
{
	struct snapshot_ctx *c = arg;
	u64 start = ALIGN(max_t(u64, res->start, TDX_MEM_FLOOR), PAGE_SIZE);
	u64 end = ALIGN_DOWN(res->end + 1, PAGE_SIZE);
	u64 pos, step = PAGES_PER_SECTION << PAGE_SHIFT;

	/*
	 * A memory section belongs to one node, so node boundaries can only
	 * fall on section boundaries: look at one page per section.
	 */
	for (pos = start; pos < end;) {
		u64 next = min_t(u64, ALIGN(pos + 1, step), end);
		int nid = pfn_to_nid(PHYS_PFN(pos));
		int err = snapshot_add(c, pos, next, nid);

		if (err)
			return err;
		pos = next;
	}
	return 0;
}

int tdxhost_memory_snapshot(struct tdx_mem_range *out, unsigned int max, unsigned int *nr)
{
	struct snapshot_ctx c = { .out = out, .max = max };
	int err;

	err = walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				  0, -1, &c, snapshot_ram);
	*nr = c.nr;
	if (err == -E2BIG)
		pr_err("more than %u System RAM ranges\n", max);
	return err > 0 ? 0 : err;
}

int tdxhost_memory_check_cmrs(const struct tdx_mem_range *mem, unsigned int nr,
			      const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs,
			      char *msg, size_t len)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		/* A range may span adjacent CMRs: TDH.SYS.CONFIG takes that. */
		if (tdx_cmrs_cover(cmrs, nr_cmrs, mem[i].start, mem[i].end))
			continue;
		snprintf(msg, len,
			 "memory [0x%llx-0x%llx] (node %d) is not convertible (not covered by the CMRs): hot-added, CXL or NVDIMM memory cannot be TDX memory",
			 mem[i].start, mem[i].end - 1, mem[i].nid);
		return -EINVAL;
	}
	return 0;
}

/* ---- PAMT allocation */

/*
 * What alloc_contig_pages() checks before it tries a range: every page
 * online, in one zone, not reserved, not a huge page.  A range that fails
 * this cannot be had, and alloc_contig_range() would first spend its time
 * migrating the rest of it (seconds per try under TCG).
 */
static bool range_may_be_taken(unsigned long pfn, unsigned long nr)
{
	struct page *first = pfn_to_online_page(pfn);
	unsigned long i;

	if (!first)
		return false;
	for (i = 0; i < nr; i++) {
		struct page *page = pfn_to_online_page(pfn + i);

		if (!page || page_zone(page) != page_zone(first) || PageReserved(page) ||
		    PageHuge(page))
			return false;
	}
	return true;
}

/* Try to take [pfn, pfn + nr): 0 or -EBUSY. */
static int try_take(unsigned long pfn, unsigned long nr)
{
	if (!range_may_be_taken(pfn, nr))
		return -EBUSY;
	return tdxhost_alloc_contig_range(pfn, pfn + nr, GFP_KERNEL | __GFP_NOWARN);
}

/* tdmr_plan_host.take: one candidate of the planner's walk; it tries many, so yield. */
static int pamt_take(void *ctx, u64 pa, u64 size)
{
	cond_resched();
	return try_take(PHYS_PFN(pa), size >> PAGE_SHIFT);
}

static void pamt_release(void *ctx, u64 pa, u64 size)
{
	free_contig_range(PHYS_PFN(pa), size >> PAGE_SHIFT);
}

u32 tdxhost_pamt_alloc_fail;

/* Fault injection (debugfs): act as if no contiguous range were free for this chunk. */
static int pamt_chunk(void *ctx, const struct tdmr_plan *plan, unsigned int c)
{
	u32 left = READ_ONCE(tdxhost_pamt_alloc_fail);

	if (!left)
		return 0;
	WRITE_ONCE(tdxhost_pamt_alloc_fail, left - 1);
	return -ENOMEM;
}

void tdxhost_pamt_host(struct tdmr_plan_host *host)
{
	host->take = pamt_take;
	host->release = pamt_release;
	host->chunk = pamt_chunk;
}

/*
 * Clear memory the TDX module has used.  On CPUs with the partial-write
 * machine-check erratum upstream must use MOVDIR64B so no poisoned line is
 * left behind; it is correct on every CPU that has it, so use it when present.
 */
void tdxhost_mem_reset(u64 pa, u64 size)
{
	u8 *va = phys_to_virt(pa);
	static const u8 zero[64] __aligned(64);
	u64 off;

	if (!boot_cpu_has(X86_FEATURE_MOVDIR64B)) {
		memset(va, 0, size);
		return;
	}
	for (off = 0; off < size; off += 64) {
		tdxhost_movdir64b(va + off, zero);
		if (!(off & (SZ_1M - 1)))
			cond_resched();
	}
	/* MOVDIR64B is weakly ordered: fence before the pages are reused. */
	mb();
}

void tdxhost_pamt_reset(struct tdmr_plan *plan)
{
	unsigned int i;

	for (i = 0; i < plan->nr_chunks; i++) {
		if (!plan->chunks[i].base)
			continue;
		tdxhost_memory_reclaim(plan->chunks[i].base, plan->chunks[i].size);
		tdxhost_mem_reset(plan->chunks[i].base, plan->chunks[i].size);
	}
}

void tdxhost_pamt_free(struct tdmr_plan *plan)
{
	unsigned int i;

	for (i = 0; i < plan->nr_chunks; i++) {
		struct tdmr_plan_chunk *c = &plan->chunks[i];

		if (!c->base)
			continue;
		tdxhost_memory_reclaim(c->base, c->size);
		free_contig_range(PHYS_PFN(c->base), c->size >> PAGE_SHIFT);
		c->base = 0;
	}
}

/* ---- hotplug guard */

static DEFINE_SPINLOCK(guard_lock);
static enum tdxhost_mem_guard guard;
static struct tdx_mem_range *guard_mem;
static unsigned int guard_nr;

void tdxhost_memory_guard(enum tdxhost_mem_guard g, const struct tdx_mem_range *mem,
			  unsigned int nr)
{
	spin_lock(&guard_lock);
	guard = g;
	guard_mem = (struct tdx_mem_range *)mem;
	guard_nr = nr;
	spin_unlock(&guard_lock);
}

static bool guard_allows(u64 start, u64 end)
{
	unsigned int i;

	if (guard == TDXHOST_MEM_OPEN)
		return true;
	if (guard == TDXHOST_MEM_FROZEN)
		return false;
	for (i = 0; i < guard_nr; i++) {
		if (start >= guard_mem[i].start && end <= guard_mem[i].end)
			return true;
	}
	return false;
}

static int tdxhost_mem_notify(struct notifier_block *nb, unsigned long action, void *v)
{
	struct memory_notify *mn = v;
	u64 start = PFN_PHYS(mn->start_pfn);
	u64 end = PFN_PHYS(mn->start_pfn + mn->nr_pages);
	bool ok;

	if (action != MEM_GOING_ONLINE)
		return NOTIFY_OK;
	spin_lock(&guard_lock);
	ok = guard_allows(start, end);
	spin_unlock(&guard_lock);
	if (ok)
		return NOTIFY_OK;
	pr_err("refusing to online memory [0x%llx-0x%llx]: it is not TDX memory (TDX is %s; TDX cannot use memory added after initialization)\n",
	       start, end - 1, guard == TDXHOST_MEM_FROZEN ? "initializing" : "initialized");
	return NOTIFY_BAD;
}

static struct notifier_block memory_nb = {
	.notifier_call = tdxhost_mem_notify,
};

int tdxhost_memory_init(void)
{
	return register_memory_notifier(&memory_nb);
}

void tdxhost_memory_exit(void)
{
	unregister_memory_notifier(&memory_nb);
}
