// SPDX-License-Identifier: GPL-2.0
/*
 * The TD object: its lifetime (kref, the global list, counters), its
 * pages, and the lifecycle commands CREATED -> INITIALIZED -> FINALIZED
 * (DEAD once a failed step left module state the host cannot undo).
 * Semantics follow KVM's TDX support: the same leaves in the same order,
 * the x2APIC id of a vCPU is its index, HKIDs are only returned after the
 * module let go of them.  Memory regions are in td_mem.c, the teardown in
 * td_teardown.c, where leaves run (packages, CPUs) in td_cpu.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/tsc.h>

#include "keyid.h"
#include "memory.h"
#include "state.h"
#include "td.h"
#include "tdh.h"

unsigned int tdxhost_max_td_pages = 262144;
module_param_named(max_td_pages, tdxhost_max_td_pages, uint, 0644);
MODULE_PARM_DESC(max_td_pages,
		 "Pages (4 KiB) one TD may hold: control structures, SEPT and initial memory (default 262144 = 1 GiB; read when a TD is created)");

/* A TDX module's TDCS and TDVPS are at most 9 and 15 pages (1.5); allow some growth. */
#define TD_MAX_TDCS_PAGES	16
#define TD_MAX_TDVPS_PAGES	32

DEFINE_MUTEX(tdxhost_kot_mutex);

static DEFINE_MUTEX(td_list_mutex);	/* the list; held across a debugfs reset */
static LIST_HEAD(td_list);
static u32 td_last_id;
static u32 td_list_gen;			/* bumped when a TD joins or leaves the list */
static atomic_t td_count;		/* TDs not fully torn down */
static atomic64_t td_pages_held;	/* pages TDs hold now */
static atomic64_t td_pages_leaked;	/* pages the module kept, since load */

u32 tdxhost_td_count(void)
{
	return atomic_read(&td_count);
}

u64 tdxhost_td_pages(void)
{
	return atomic64_read(&td_pages_held);
}

u64 tdxhost_td_leaked_pages(void)
{
	return atomic64_read(&td_pages_leaked);
}

static u64 td_reset_page(struct page *page)
{
	if (!page)
		return 0;
	tdxhost_mem_reset(page_to_phys(page), PAGE_SIZE);
	return 1;
}

u64 tdxhost_td_reset_all_pages(void)
{
	struct tdxhost_td *td;
	struct page *page;
	unsigned long idx;
	unsigned int i, j;
	u64 n = 0;

	mutex_lock(&td_list_mutex);
	list_for_each_entry(td, &td_list, node) {
		xa_for_each(&td->priv, idx, page)
			n += td_reset_page(page);
		xa_for_each(&td->sept, idx, page)
			n += td_reset_page(page);
		for (i = 0; td->vcpus && i < td->nr_vcpus; i++) {
			struct tdxhost_vcpu *v = td->vcpus[i];

			for (j = 0; v && j < v->nr_tdcx_added; j++)
				n += td_reset_page(v->tdcx[j]);
			if (v)
				n += td_reset_page(v->tdvpr);
		}
		for (i = 0; td->tdcs && i < td->nr_tdcs_added; i++)
			n += td_reset_page(td->tdcs[i]);
		if (td->tdr_added)
			n += td_reset_page(td->tdr);
	}
	mutex_unlock(&td_list_mutex);
	return n;
}

int tdxhost_td_block_begin(void)
{
	mutex_lock(&td_list_mutex);
	if (atomic_read(&td_count)) {
		mutex_unlock(&td_list_mutex);
		return -EBUSY;
	}
	return 0;
}

void tdxhost_td_block_end(void)
{
	mutex_unlock(&td_list_mutex);
}

void tdxhost_td_list_del(struct tdxhost_td *td)
{
	mutex_lock(&td_list_mutex);
	if (!list_empty(&td->node)) {
		list_del_init(&td->node);
		td_list_gen++;
	}
	mutex_unlock(&td_list_mutex);
}

void tdxhost_td_gone(void)
{
	atomic_dec(&td_count);
}

int tdxhost_td_snapshot(u32 after_id, struct tdxhost_td_snapshot *out, u32 *generation)
{
	struct tdxhost_td *td, *best = NULL;
	int err = -ENOENT;

	mutex_lock(&td_list_mutex);
	*generation = td_list_gen;
	list_for_each_entry(td, &td_list, node)
		if (td->id > after_id && (!best || td->id < best->id))
			best = td;
	if (best) {
		memset(out, 0, sizeof(*out));
		out->id = best->id;
		out->state = READ_ONCE(best->state);
		out->hkid = best->hkid;
		out->nr_vcpus = READ_ONCE(best->nr_vcpus_ready);
		out->pages_control = READ_ONCE(best->pages_control);
		out->pages_sept = READ_ONCE(best->pages_sept);
		out->pages_private = READ_ONCE(best->pages_private);
		out->pages_measured = READ_ONCE(best->pages_measured);
		/* pairs with the release in td_read_mrtd(): mrtd is complete */
		out->mrtd_valid = smp_load_acquire(&best->mrtd_valid);
		if (out->mrtd_valid)
			memcpy(out->mrtd, best->mrtd, sizeof(out->mrtd));
		out->owner_pid = best->owner_pid;
		memcpy(out->owner_comm, best->owner_comm, sizeof(out->owner_comm));
		err = 0;
	}
	mutex_unlock(&td_list_mutex);
	return err;
}

/* ---- pages */

static u64 *td_kind_counter(struct tdxhost_td *td, enum tdxhost_td_page_kind kind)
{
	switch (kind) {
	case TD_PAGE_SEPT:
		return &td->pages_sept;
	case TD_PAGE_PRIVATE:
		return &td->pages_private;
	default:
		return &td->pages_control;
	}
}

/* Test hook (debugfs td_alloc_fail): the Nth TD page allocation from now fails. */
u32 tdxhost_td_alloc_fail;

static bool td_alloc_fault(void)
{
	u32 n = READ_ONCE(tdxhost_td_alloc_fail);

	if (!n)
		return false;
	WRITE_ONCE(tdxhost_td_alloc_fail, n - 1);
	return n == 1;
}

struct page *tdxhost_td_page_alloc(struct tdxhost_td *td, enum tdxhost_td_page_kind kind)
{
	u64 *n = td_kind_counter(td, kind);
	struct page *page;

	if (td->nr_pages >= td->page_limit || td_alloc_fault())
		return NULL;
	/* Charged to the memory cgroup of the process building the TD. */
	page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!page)
		return NULL;
	td->nr_pages++;
	WRITE_ONCE(*n, *n + 1);
	atomic64_inc(&td_pages_held);
	return page;
}

static void td_page_forget(struct tdxhost_td *td, enum tdxhost_td_page_kind kind)
{
	u64 *n = td_kind_counter(td, kind);

	td->nr_pages--;
	WRITE_ONCE(*n, *n - 1);
	atomic64_dec(&td_pages_held);
}

void tdxhost_td_page_free(struct tdxhost_td *td, struct page *page,
			  enum tdxhost_td_page_kind kind)
{
	td_page_forget(td, kind);
	__free_page(page);
}

void tdxhost_td_page_leak(struct tdxhost_td *td, struct page *page,
			  enum tdxhost_td_page_kind kind)
{
	td_page_forget(td, kind);
	td->pages_leaked++;
	atomic64_inc(&td_pages_leaked);
}

/* ---- lifetime */

static void td_release(struct kref *ref)
{
	tdxhost_td_teardown(container_of(ref, struct tdxhost_td, ref));
}

void tdxhost_td_put(struct tdxhost_td *td)
{
	kref_put(&td->ref, td_release);
}

/* ---- CREATE */

static u64 key_config_fn(void *arg)
{
	struct tdxhost_td *td = arg;

	return tdh_mng_key_config(td->tdr);
}

/* The TDX module's sizes for this TD; -EIO when they make no sense. */
static int td_sizes(struct tdxhost_td *td, const struct tdx_sysinfo *si)
{
	td->tdcs_pages = si->tdcs_base_size / PAGE_SIZE;
	td->tdvps_pages = si->tdvps_base_size / PAGE_SIZE;
	td->vp_init_v1 = si->features0 & TDX_FEATURES0_TOPOLOGY_ENUM;
	if (!td->tdcs_pages || td->tdcs_pages > TD_MAX_TDCS_PAGES ||
	    !td->tdvps_pages || td->tdvps_pages > TD_MAX_TDVPS_PAGES) {
		pr_err("TDX module reports TDCS %u and TDVPS %u bytes: not usable\n",
		       si->tdcs_base_size, si->tdvps_base_size);
		return -EIO;
	}
	return 0;
}

/* Everything that can fail before a SEAMCALL: sizes, HKID, every page. */
static int td_create_prepare(struct tdxhost_td *td, const struct tdx_sysinfo *si)
{
	unsigned int i;
	int err;

	err = td_sizes(td, si);
	if (err)
		return err;
	if (1 + td->tdcs_pages > td->page_limit)
		return -ENOMEM;
	td->tdcs = kcalloc(td->tdcs_pages, sizeof(*td->tdcs), GFP_KERNEL_ACCOUNT);
	if (!td->tdcs)
		return -ENOMEM;
	td->hkid = tdxhost_hkid_alloc();
	if (td->hkid < 0)
		return td->hkid;	/* -ENOSPC: every TD KeyID is in use */
	td->tdr = tdxhost_td_page_alloc(td, TD_PAGE_CONTROL);
	if (!td->tdr)
		return -ENOMEM;
	for (i = 0; i < td->tdcs_pages; i++) {
		td->tdcs[i] = tdxhost_td_page_alloc(td, TD_PAGE_CONTROL);
		if (!td->tdcs[i])
			return -ENOMEM;
	}
	return 0;
}

static int td_create_module(struct tdxhost_td *td, u64 *hw_error)
{
	struct tdxhost_pkg_call kc = { .fn = key_config_fn, .arg = td };
	unsigned int i;
	u64 st;
	int err;

	/* TDH.MNG.CREATE takes the module's KeyID table lock, as teardown does. */
	mutex_lock(&tdxhost_kot_mutex);
	st = tdh_mng_create(td->tdr, td->hkid);
	mutex_unlock(&tdxhost_kot_mutex);
	if (st & TDX_STATUS_ERROR) {
		*hw_error = st;
		return tdh_errno(st);
	}
	td->tdr_added = true;
	td->hkid_assigned = true;

	/* The TD's key goes into every package's memory controller. */
	cpus_read_lock();
	err = tdxhost_td_on_each_package(&kc);
	cpus_read_unlock();
	if (err) {
		*hw_error = kc.status;
		return kc.status ? tdh_errno(kc.status) : err;
	}

	for (i = 0; i < td->tdcs_pages; i++) {
		st = tdh_mng_addcx(td->tdr, td->tdcs[i]);
		if (st & TDX_STATUS_ERROR) {
			*hw_error = st;
			return tdh_errno(st);
		}
		td->nr_tdcs_added++;
	}
	return 0;
}

int tdxhost_td_create(struct tdxhost_td **out, u32 *tdx_state, u64 *hw_error)
{
	struct tdxhost_status *st;
	struct tdx_sysinfo *si;
	struct tdxhost_td *td;
	u32 gen;
	int err;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	si = kvmalloc(sizeof(*si), GFP_KERNEL);
	td = kzalloc(sizeof(*td), GFP_KERNEL_ACCOUNT);
	if (!st || !si || !td) {
		err = -ENOMEM;
		goto free;
	}
	kref_init(&td->ref);
	mutex_init(&td->lock);
	mutex_init(&td->tdr_lock);
	INIT_LIST_HEAD(&td->node);
	xa_init(&td->sept);
	xa_init(&td->priv);
	td->hkid = -1;
	td->state = TDXHOST_TD_CREATED;
	td->page_limit = READ_ONCE(tdxhost_max_td_pages);
	td->owner_pid = current->tgid;
	get_task_comm(td->owner_comm, current);

	/* TDX stays initialized while a TD exists: a reset waits for the list lock. */
	mutex_lock(&td_list_mutex);
	tdxhost_get_status(st);
	*tdx_state = st->state;
	if (st->state != TDXHOST_STATE_INITIALIZED || tdxhost_get_sysinfo(si, &gen)) {
		mutex_unlock(&td_list_mutex);
		err = -ENODEV;		/* never enabled as a side effect */
		goto free;
	}
	td->id = ++td_last_id;
	list_add_tail(&td->node, &td_list);
	td_list_gen++;
	atomic_inc(&td_count);
	mutex_unlock(&td_list_mutex);

	err = td_create_prepare(td, si);
	if (!err)
		err = td_create_module(td, hw_error);
	kvfree(si);
	kfree(st);
	if (err) {
		tdxhost_td_teardown(td);	/* the same path as close() */
		return err;
	}
	td->announced = true;
	tdxhost_emit_td(TDXHOST_EV_TD_CREATED, td->id);
	*out = td;
	return 0;
free:
	kfree(td);
	kvfree(si);
	kfree(st);
	return err;
}

/* ---- commands */

/* -EIO on a dead TD, -EINVAL in any state but @want. */
static int td_check_state(struct tdxhost_td *td, enum tdxhost_td_state want)
{
	if (td->state == TDXHOST_TD_DEAD)
		return -EIO;
	return td->state == want ? 0 : -EINVAL;
}

static void td_set_state(struct tdxhost_td *td, enum tdxhost_td_state s)
{
	WRITE_ONCE(td->state, s);
}

static int td_init_locked(struct tdxhost_td *td, struct tdxhost_td_init *arg,
			  const struct tdx_td_cpuid *cpuid)
{
	struct tdx_td_init_req req = {
		.attributes = arg->attributes,
		.xfam = arg->xfam,
		.max_vcpus = arg->max_vcpus,
		.tsc_khz = arg->tsc_khz ?: rounddown(tsc_khz, TDX_TSC_UNIT_KHZ),
		.cpuid = cpuid,
		.nr_cpuid = arg->nr_cpuid,
	};
	struct tdxhost_vcpu **vcpus = NULL;
	struct tdx_td_params *params;
	struct tdx_sysinfo *si;
	struct page *page;
	const char *why;
	u64 st, cpuid_err;
	u32 gen;
	int err;

	err = td_check_state(td, TDXHOST_TD_CREATED);
	if (err)
		return err;
	memcpy(req.mr_config_id, arg->mr_config_id, sizeof(req.mr_config_id));
	memcpy(req.mr_owner, arg->mr_owner, sizeof(req.mr_owner));
	memcpy(req.mr_owner_config, arg->mr_owner_config, sizeof(req.mr_owner_config));

	si = kvmalloc(sizeof(*si), GFP_KERNEL);
	/* A page is 1024-aligned and shared (no KeyID bits), as TDH.MNG.INIT wants. */
	page = alloc_page(GFP_KERNEL);
	if (!si || !page) {
		err = -ENOMEM;
		goto out;
	}
	err = tdxhost_get_sysinfo(si, &gen) ? -ENODEV : 0;
	if (err)
		goto out;
	params = page_address(page);
	err = tdx_td_params_build(si, &req, params, &why);
	if (err) {
		pr_debug("TD %u: TDH.MNG.INIT not tried: %s\n", td->id, why);
		goto out;
	}
	vcpus = kvcalloc(params->max_vcpus, sizeof(*vcpus), GFP_KERNEL_ACCOUNT);
	if (!vcpus) {
		err = -ENOMEM;
		goto out;
	}
	st = tdh_mng_init(td->tdr, page_to_phys(page), &cpuid_err);
	if (st & TDX_STATUS_ERROR) {
		/* The module's op state stays UNINITIALIZED: INIT may be tried again. */
		arg->hw_error = st;
		err = tdh_errno(st);
		goto out;
	}
	td->vcpus = vcpus;
	vcpus = NULL;
	td->attributes = params->attributes;
	td->xfam = params->xfam;
	td->max_vcpus = params->max_vcpus;
	td->tsc_khz = params->tsc_frequency * TDX_TSC_UNIT_KHZ;
	td_set_state(td, TDXHOST_TD_INITIALIZED);
out:
	kvfree(vcpus);
	if (page)
		__free_page(page);
	kvfree(si);
	return err;
}

int tdxhost_td_init_vm(struct tdxhost_td *td, struct tdxhost_td_init *arg,
		       const struct tdx_td_cpuid *cpuid)
{
	int err;

	if (mutex_lock_killable(&td->lock))
		return -EINTR;
	err = td_init_locked(td, arg, cpuid);
	mutex_unlock(&td->lock);
	return err;
}

/* A vCPU whose pages the module never got. */
static void td_vcpu_free_unadded(struct tdxhost_td *td, struct tdxhost_vcpu *v)
{
	unsigned int i;

	for (i = 0; v->tdcx && i < td->tdvps_pages - 1; i++)
		if (v->tdcx[i])
			tdxhost_td_page_free(td, v->tdcx[i], TD_PAGE_CONTROL);
	if (v->tdvpr)
		tdxhost_td_page_free(td, v->tdvpr, TD_PAGE_CONTROL);
	kfree(v->tdcx);
	kfree(v);
}

static struct tdxhost_vcpu *td_vcpu_alloc(struct tdxhost_td *td)
{
	struct tdxhost_vcpu *v;
	unsigned int i;

	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		return NULL;
	v->td = td;
	v->index = td->nr_vcpus;
	v->cpu = -1;
	INIT_LIST_HEAD(&v->assoc);
	v->tdcx = kcalloc(td->tdvps_pages - 1, sizeof(*v->tdcx), GFP_KERNEL_ACCOUNT);
	v->tdvpr = tdxhost_td_page_alloc(td, TD_PAGE_CONTROL);
	if (!v->tdcx || !v->tdvpr)
		goto fail;
	for (i = 0; i < td->tdvps_pages - 1; i++) {
		v->tdcx[i] = tdxhost_td_page_alloc(td, TD_PAGE_CONTROL);
		if (!v->tdcx[i])
			goto fail;
	}
	return v;
fail:
	td_vcpu_free_unadded(td, v);
	return NULL;
}

static int td_vcpu_locked(struct tdxhost_td *td, struct tdxhost_td_vcpu *arg)
{
	struct tdxhost_vcpu *v;
	unsigned int i;
	int cpu, err;
	u64 st;

	err = td_check_state(td, TDXHOST_TD_INITIALIZED);
	if (err)
		return err;
	if (td->nr_vcpus >= td->max_vcpus)
		return -EINVAL;
	if (td->nr_pages + td->tdvps_pages > td->page_limit)
		return -ENOMEM;
	v = td_vcpu_alloc(td);
	if (!v)
		return -ENOMEM;

	st = tdh_vp_create(td->tdr, v->tdvpr);
	if (st & TDX_STATUS_ERROR) {
		td_vcpu_free_unadded(td, v);
		arg->hw_error = st;
		return tdh_errno(st);
	}
	/* From here on the TDVPR is the module's: only teardown gives it back. */
	td->vcpus[td->nr_vcpus++] = v;

	for (i = 0; i < td->tdvps_pages - 1; i++) {
		st = tdh_vp_addcx(v->tdvpr, v->tdcx[i]);
		if (st & TDX_STATUS_ERROR)
			goto dead;
		v->nr_tdcx_added++;
	}

	/*
	 * VP.INIT associates the vCPU with this CPU: it must not go away
	 * unnoticed, and the task must stay on it until the association is
	 * recorded.  Pinned, not preempt-off: the SEAMCALL wrapper may sleep.
	 */
	cpus_read_lock();
	migrate_disable();
	cpu = smp_processor_id();
	st = tdh_vp_init(v->tdvpr, arg->initial_rcx, v->index, td->vp_init_v1);
	migrate_enable();
	if (!(st & TDX_STATUS_ERROR))
		tdxhost_vcpu_associate(v, cpu);
	cpus_read_unlock();
	if (st & TDX_STATUS_ERROR)
		goto dead;

	v->initialized = true;
	WRITE_ONCE(td->nr_vcpus_ready, td->nr_vcpus_ready + 1);
	arg->vcpu_index = v->index;
	arg->cpu = cpu;
	return 0;
dead:
	/* A half-built vCPU cannot be taken back before teardown. */
	td_set_state(td, TDXHOST_TD_DEAD);
	arg->hw_error = st;
	return tdh_errno(st);
}

int tdxhost_td_create_vcpu(struct tdxhost_td *td, struct tdxhost_td_vcpu *arg)
{
	int err;

	if (mutex_lock_killable(&td->lock))
		return -EINTR;
	err = td_vcpu_locked(td, arg);
	mutex_unlock(&td->lock);
	return err;
}

int tdxhost_td_init_mem(struct tdxhost_td *td, struct tdxhost_td_mem_region *arg)
{
	int err;

	if (mutex_lock_killable(&td->lock))
		return -EINTR;
	err = td_check_state(td, TDXHOST_TD_INITIALIZED);
	/* As KVM: the initial memory goes in once a vCPU exists. */
	if (!err && !td->nr_vcpus_ready)
		err = -EINVAL;
	if (!err)
		err = tdxhost_td_mem_add(td, arg);
	mutex_unlock(&td->lock);
	return err;
}

static int td_read_mrtd(struct tdxhost_td *td, u64 *hw_error);

int tdxhost_td_finalize(struct tdxhost_td *td, u64 *hw_error)
{
	u64 st, rd_error = 0;
	int err;

	if (mutex_lock_killable(&td->lock))
		return -EINTR;
	err = td_check_state(td, TDXHOST_TD_INITIALIZED);
	if (!err) {
		mutex_lock(&td->tdr_lock);
		st = tdh_mr_finalize(td->tdr);
		mutex_unlock(&td->tdr_lock);
		if (st & TDX_STATUS_ERROR) {
			*hw_error = st;		/* TDX_NO_VCPUS: -EINVAL */
			err = tdh_errno(st);
		} else {
			td_set_state(td, TDXHOST_TD_FINALIZED);
			/* for netlink's TD dump; GET_INFO tries again if this fails */
			td_read_mrtd(td, &rd_error);
		}
	}
	mutex_unlock(&td->lock);
	return err;
}

/* MRTD, read back from the module once (it is fixed from FINALIZE on). */
static int td_read_mrtd(struct tdxhost_td *td, u64 *hw_error)
{
	u8 mrtd[TDX_TD_MRTD_SIZE];
	unsigned int i;
	__le64 le;
	u64 st, v;

	for (i = 0; i < TDX_TD_MRTD_SIZE / 8; i++) {
		st = tdh_mng_rd(td->tdr, MD_FIELD_ID_TD_MRTD + i, &v);
		if (st & TDX_STATUS_ERROR) {
			*hw_error = st;
			return tdh_errno(st);
		}
		le = cpu_to_le64(v);	/* element i is bytes 8i..8i+7 */
		memcpy(&mrtd[8 * i], &le, sizeof(le));
	}
	memcpy(td->mrtd, mrtd, sizeof(mrtd));
	smp_store_release(&td->mrtd_valid, true);	/* after mrtd: lockless readers */
	return 0;
}

int tdxhost_td_info(struct tdxhost_td *td, struct tdxhost_td_info *info)
{
	int err = 0;

	if (mutex_lock_killable(&td->lock))
		return -EINTR;
	if (td->state == TDXHOST_TD_FINALIZED && !td->mrtd_valid)
		err = td_read_mrtd(td, &info->hw_error);
	info->td_id = td->id;
	info->state = td->state;
	info->keyid = td->hkid;
	info->nr_vcpus = td->nr_vcpus_ready;
	info->max_vcpus = td->max_vcpus;
	info->tsc_khz = td->tsc_khz;
	info->attributes = td->attributes;
	info->xfam = td->xfam;
	info->pages_control = td->pages_control;
	info->pages_sept = td->pages_sept;
	info->pages_private = td->pages_private;
	info->pages_measured = td->pages_measured;
	if (td->mrtd_valid)
		memcpy(info->mrtd, td->mrtd, sizeof(info->mrtd));
	mutex_unlock(&td->lock);
	return err;
}
