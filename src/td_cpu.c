// SPDX-License-Identifier: GPL-2.0
/*
 * Where TD leaves run.  TDH.MNG.KEY.CONFIG and TDH.PHYMEM.CACHE.WB act on
 * the package they run on, so they run once on each package.  TDH.VP.INIT
 * associates a vCPU with the CPU that ran it; TDH.VP.FLUSH must run there,
 * at teardown and, as KVM does, before that CPU goes offline, so that
 * TDH.MNG.VPFLUSHDONE never finds a vCPU associated with a CPU that is gone.
 *
 * Associations change only under cpus_read_lock() (VP.INIT, teardown), and
 * the offline callback runs under the hotplug lock, so the callback always
 * sees every associated vCPU of that CPU.  VP.FLUSH takes the TD's TDR
 * shared and the build leaves take it exclusively: td->tdr_lock keeps an
 * offline from meeting a build in the module (TDX_OPERAND_BUSY either way).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/mutex.h>
#include <linux/smp.h>
#include <linux/topology.h>

#include "tdh.h"
#include "td.h"

static DEFINE_MUTEX(assoc_mutex);	/* the list, between concurrent TDs */
static LIST_HEAD(assoc_list);		/* vCPUs with cpu >= 0 */
static int td_cpuhp_state = -1;

/* ---- one CPU per package */

struct pkg_work {
	struct tdxhost_pkg_call *c;
	u64 status;
};

static int pkg_work_fn(void *arg)
{
	struct pkg_work *w = arg;

	w->status = w->c->fn(w->c->arg);
	return 0;
}

static bool pkg_has_online_cpu(int pkg)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (topology_physical_package_id(cpu) == pkg)
			return true;
	return false;
}

/* The first online CPU of its package? */
static bool pkg_first_online(unsigned int cpu)
{
	int pkg = topology_physical_package_id(cpu);
	unsigned int other;

	for_each_online_cpu(other) {
		if (other >= cpu)
			break;
		if (topology_physical_package_id(other) == pkg)
			return false;
	}
	return true;
}

int tdxhost_td_on_each_package(struct tdxhost_pkg_call *c)
{
	struct pkg_work w = { .c = c };
	unsigned int cpu;
	int err;

	c->status = 0;
	c->pkg = -1;
	for_each_present_cpu(cpu) {
		if (!pkg_has_online_cpu(topology_physical_package_id(cpu))) {
			c->pkg = topology_physical_package_id(cpu);
			pr_warn_ratelimited("package %d has no online CPU: TDs need one on every package\n",
					    c->pkg);
			return -EIO;
		}
	}
	for_each_online_cpu(cpu) {
		if (!pkg_first_online(cpu))
			continue;
		w.status = 0;
		err = smp_call_on_cpu(cpu, pkg_work_fn, &w, false);
		if (!err && (w.status & TDX_STATUS_ERROR))
			err = -EIO;
		if (err) {
			c->status = w.status;
			c->pkg = topology_physical_package_id(cpu);
			return err;
		}
	}
	return 0;
}

/* ---- vCPU association */

void tdxhost_vcpu_associate(struct tdxhost_vcpu *v, int cpu)
{
	mutex_lock(&assoc_mutex);
	v->cpu = cpu;
	list_add_tail(&v->assoc, &assoc_list);
	mutex_unlock(&assoc_mutex);
}

static void vcpu_forget(struct tdxhost_vcpu *v)
{
	mutex_lock(&assoc_mutex);
	list_del_init(&v->assoc);
	v->cpu = -1;
	mutex_unlock(&assoc_mutex);
}

struct flush_work {
	struct tdxhost_vcpu *v;
	u64 status;
};

static int vcpu_flush_fn(void *arg)
{
	struct flush_work *w = arg;

	w->status = tdh_vp_flush(w->v->tdvpr);
	return 0;
}

u64 tdxhost_vcpu_flush(struct tdxhost_vcpu *v)
{
	struct flush_work w = { .v = v, .status = TDX_SW_ERROR };

	if (v->cpu < 0)
		return TDX_SUCCESS;
	/* Process context on that CPU (a kworker bound to it), not an IPI. */
	smp_call_on_cpu(v->cpu, vcpu_flush_fn, &w, false);
	vcpu_forget(v);
	return w.status;
}

/* The CPU going offline: flush its vCPUs here, on it. */
static int td_cpu_offline(unsigned int cpu)
{
	struct tdxhost_vcpu *v, *n;
	int err = 0;
	u64 st;

	mutex_lock(&assoc_mutex);
	list_for_each_entry_safe(v, n, &assoc_list, assoc) {
		if (v->cpu != cpu)
			continue;
		/* not while a build leaf of that TD holds its TDR */
		mutex_lock(&v->td->tdr_lock);
		st = tdh_vp_flush(v->tdvpr);
		mutex_unlock(&v->td->tdr_lock);
		if ((st & TDX_STATUS_ERROR) &&
		    (st & TDX_STATUS_CODE_MASK) != TDX_VCPU_NOT_ASSOCIATED) {
			/* Keep the CPU, so that teardown can flush it there. */
			pr_warn("refusing to offline CPU %u: TDH.VP.FLUSH of TD %u vCPU %u failed 0x%llx\n",
				cpu, v->td->id, v->index, st);
			err = -EBUSY;
			continue;
		}
		list_del_init(&v->assoc);
		v->cpu = -1;
	}
	mutex_unlock(&assoc_mutex);
	return err;
}

int tdxhost_td_cpu_init(void)
{
	int ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "tdxhost:td-vcpu-flush",
					    NULL, td_cpu_offline);

	if (ret < 0)
		return ret;
	td_cpuhp_state = ret;
	return 0;
}

void tdxhost_td_cpu_exit(void)
{
	if (td_cpuhp_state >= 0)
		cpuhp_remove_state_nocalls(td_cpuhp_state);
	td_cpuhp_state = -1;
}
