/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TD object: what one TD is on the host side (its pages, its HKID, its
 * state), its lifecycle commands and its teardown.  The chardev above owns
 * one reference per TD file; the leaf wrappers (tdh.h) below are the only
 * way to the TDX module.
 *
 * Locking: td->lock serializes one TD's commands; the global TD list has
 * its own mutex, held only to add or remove; the counters are atomics, so
 * status readers never wait behind a TD build.  cpus_read_lock() is taken
 * inside td->lock, never the other way round.
 */
#ifndef TDXHOST_TD_H
#define TDXHOST_TD_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <linux/tdxhost.h>

#include "tdx_td_host.h"

struct page;

enum tdxhost_td_page_kind {
	TD_PAGE_CONTROL,		/* TDR, TDCS, TDVPR, TDCX */
	TD_PAGE_SEPT,
	TD_PAGE_PRIVATE,
};

struct tdxhost_vcpu {
	struct tdxhost_td *td;
	unsigned int index;		/* its x2APIC id */
	struct page *tdvpr;
	struct page **tdcx;		/* td->tdvps_pages - 1 */
	unsigned int nr_tdcx_added;	/* the first n are the module's */
	int cpu;			/* associated CPU, -1: none */
	struct list_head assoc;		/* on the association list while cpu >= 0 */
	bool initialized;		/* TDH.VP.INIT succeeded */
};

struct tdxhost_td {
	struct kref ref;
	struct mutex lock;		/* one command at a time */
	/*
	 * Held across each SEAMCALL that takes the TDR exclusively while a
	 * vCPU may be associated (TDH.MEM.PAGE.ADD, TDH.MR.EXTEND,
	 * TDH.MR.FINALIZE) and across TDH.VP.FLUSH from the CPU-offline
	 * callback, which takes it shared: else the one that comes second
	 * fails with TDX_OPERAND_BUSY (a refused offline, a dead TD).
	 */
	struct mutex tdr_lock;
	struct list_head node;		/* the global TD list */
	u32 id;
	enum tdxhost_td_state state;	/* written under lock, read with READ_ONCE */
	int hkid;			/* -1: none */
	bool hkid_assigned;		/* TDH.MNG.CREATE succeeded: the module holds it */
	u32 page_limit;			/* max_td_pages when created */

	struct page *tdr;
	bool tdr_added;
	unsigned int tdcs_pages, tdvps_pages;
	struct page **tdcs;
	unsigned int nr_tdcs_added;

	struct tdxhost_vcpu **vcpus;	/* max_vcpus slots after INIT */
	unsigned int nr_vcpus;		/* slots used (a failed build may leave one half-made) */
	unsigned int nr_vcpus_ready;	/* TDH.VP.INIT done */
	bool vp_init_v1;

	struct xarray sept;		/* tdx_td_sept_key() -> SEPT page the module holds */
	struct xarray priv;		/* GFN -> private page the module holds */

	/* Pages by kind (READ_ONCE by readers); nr_pages counts every one held. */
	u64 nr_pages;
	u64 pages_control, pages_sept, pages_private, pages_measured;
	u64 pages_leaked;

	u64 attributes, xfam;
	u32 max_vcpus, tsc_khz;
	u8 mrtd[TDX_TD_MRTD_SIZE];
	bool mrtd_valid;

	pid_t owner_pid;
	char owner_comm[TASK_COMM_LEN];
	bool announced;			/* the td-created event went out */
};

/* The module parameter, pages one TD may hold. */
extern unsigned int tdxhost_max_td_pages;
/* Test hook (debugfs td_alloc_fail): the Nth TD page allocation from now fails; 0 off. */
extern u32 tdxhost_td_alloc_fail;
/* Held around the leaves that take the module's KeyID table lock (KOT). */
extern struct mutex tdxhost_kot_mutex;

/*
 * Create a TD: -ENODEV with *tdx_state when TDX is not initialized, -ENOSPC
 * with no free HKID, -ENOMEM, or the errno of a failed SEAMCALL with its
 * status in *hw_error; a failure leaves nothing behind.
 */
int tdxhost_td_create(struct tdxhost_td **out, u32 *tdx_state, u64 *hw_error);
void tdxhost_td_put(struct tdxhost_td *td);

/* Commands; each takes td->lock (killable: -EINTR). */
int tdxhost_td_init_vm(struct tdxhost_td *td, struct tdxhost_td_init *arg,
		       const struct tdx_td_cpuid *cpuid);
int tdxhost_td_create_vcpu(struct tdxhost_td *td, struct tdxhost_td_vcpu *arg);
int tdxhost_td_init_mem(struct tdxhost_td *td, struct tdxhost_td_mem_region *arg);
int tdxhost_td_finalize(struct tdxhost_td *td, u64 *hw_error);
int tdxhost_td_info(struct tdxhost_td *td, struct tdxhost_td_info *info);

/* td_mem.c: INIT_MEM_REGION, td->lock held, state and vCPU checked. */
int tdxhost_td_mem_add(struct tdxhost_td *td, struct tdxhost_td_mem_region *arg);

/*
 * Page accounting, with td->lock held or the TD not shared yet.  alloc:
 * zeroed, charged to the caller's memory cgroup, NULL at the TD's limit.
 */
struct page *tdxhost_td_page_alloc(struct tdxhost_td *td, enum tdxhost_td_page_kind kind);
/* A page the TDX module never had, or gave back: to the kernel. */
void tdxhost_td_page_free(struct tdxhost_td *td, struct page *page,
			  enum tdxhost_td_page_kind kind);
/* A page the TDX module kept: never reused, counted. */
void tdxhost_td_page_leak(struct tdxhost_td *td, struct page *page,
			  enum tdxhost_td_page_kind kind);

/* td_teardown.c: the full teardown order, for close() and a failed create; frees the TD. */
void tdxhost_td_teardown(struct tdxhost_td *td);

/* td_cpu.c: where TD leaves run. */
struct tdxhost_pkg_call {
	u64 (*fn)(void *arg);		/* runs on a CPU of the package, may sleep */
	void *arg;
	u64 status;			/* first failing status */
	int pkg;			/* its package */
};
/*
 * Run @c->fn on one online CPU of each package, stopping at the first error
 * status; the caller holds cpus_read_lock().  -EIO when a package has no
 * online CPU or a call failed (status in @c).
 */
int tdxhost_td_on_each_package(struct tdxhost_pkg_call *c);
/* Remember that @v is associated with @cpu (cpus_read_lock() held). */
void tdxhost_vcpu_associate(struct tdxhost_vcpu *v, int cpu);
/* TDH.VP.FLUSH @v on its CPU if associated, and forget it (cpus_read_lock() held). */
u64 tdxhost_vcpu_flush(struct tdxhost_vcpu *v);
int tdxhost_td_cpu_init(void);
void tdxhost_td_cpu_exit(void);

/*
 * Before kexec on a partial-write-erratum CPU, SEAMCALLs stopped: reset
 * (MOVDIR64B) every page the TDs of the list have given the module; the
 * number of pages.  The TDs stay as they are: nothing runs after.
 */
u64 tdxhost_td_reset_all_pages(void);

/* Global view, for status readers (netlink, debugfs). */
u32 tdxhost_td_count(void);
u64 tdxhost_td_pages(void);
u64 tdxhost_td_leaked_pages(void);

struct tdxhost_td_snapshot {
	u32 id;
	enum tdxhost_td_state state;
	int hkid;
	u32 nr_vcpus;
	u64 pages_control, pages_sept, pages_private, pages_measured;
	bool mrtd_valid;
	u8 mrtd[TDX_TD_MRTD_SIZE];
	pid_t owner_pid;
	char owner_comm[TASK_COMM_LEN];
};
/*
 * The TD with the smallest id above @after_id: 0, or -ENOENT.  Either way
 * @generation is the list's, which changes whenever a TD joins or leaves
 * it: a walk of several calls is one view of the list only if it stayed.
 */
int tdxhost_td_snapshot(u32 after_id, struct tdxhost_td_snapshot *out, u32 *generation);

/*
 * debugfs reset of the software TDX module: block TD creation and check
 * none exists (-EBUSY); end() lets creation go on.
 */
int tdxhost_td_block_begin(void);
void tdxhost_td_block_end(void);

/* Teardown: off the list first (readers no longer see it), gone when done. */
void tdxhost_td_list_del(struct tdxhost_td *td);
void tdxhost_td_gone(void);

#endif /* TDXHOST_TD_H */
