// SPDX-License-Identifier: GPL-2.0
/*
 * LP.INIT on every CPU, through a CPU hotplug callback: registering it runs
 * TDH.SYS.LP.INIT on every online CPU, and it keeps running on each CPU that
 * comes online.  Its offline side keeps one CPU per package online while TDX
 * is initialized (KEY.CONFIG is per package).
 *
 * Both entry points run with the CPU hotplug lock held by the caller (the
 * enable flow holds it from LP.INIT through TDMR.INIT), hence the
 * _cpuslocked calls: taking it again would deadlock behind a waiting
 * hotplug writer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/topology.h>

#include "lp.h"
#include "seamcall.h"
#include "state.h"
#include "tdx_status.h"

static int cpuhp_state = -1;
/* CPUs that did TDH.SYS.LP.INIT: the module remembers them across offline/online. */
static struct cpumask lp_done;
static struct tdxhost_lp_fault *fault;	/* set while an enable runs */

void tdxhost_lp_set_fault(struct tdxhost_lp_fault *f)
{
	WRITE_ONCE(fault, f);
}

static int lp_online(unsigned int cpu)
{
	struct tdxhost_lp_fault *f = READ_ONCE(fault);
	struct tdx_args args = {};
	u64 status;

	if (cpumask_test_cpu(cpu, &lp_done))
		return 0;
	status = tdxhost_seamcall(TDH_SYS_LP_INIT, &args);
	if (status == TDX_SUCCESS || (status & TDX_STATUS_CODE_MASK) == TDX_SYS_LP_INIT_DONE) {
		cpumask_set_cpu(cpu, &lp_done);
		return 0;
	}
	/*
	 * After TDH.SYS.CONFIG the module takes no new LPs.  The CPU is still
	 * fine for everything but TDX, so let it come online.
	 */
	if ((status & TDX_STATUS_CODE_MASK) == TDX_SYS_LP_INIT_NOT_PENDING && !f) {
		pr_warn("CPU %u came online after TDX initialization: it cannot run TDX code\n",
			cpu);
		return 0;
	}
	tdxhost_seamcall_report(TDH_SYS_LP_INIT, status, &args);
	if (f && !f->status) {
		f->status = status;
		f->cpu = cpu;
	}
	return tdx_status_to_errno(status) ?: -EIO;
}

/* TDH.SYS.KEY.CONFIG runs on one CPU of each package: keep one online. */
static int lp_offline(unsigned int cpu)
{
	int pkg = topology_physical_package_id(cpu);
	unsigned int other;

	if (tdxhost_get_state() != TDXHOST_STATE_INITIALIZED)
		return 0;
	for_each_online_cpu(other) {
		if (other != cpu && topology_physical_package_id(other) == pkg)
			return 0;
	}
	pr_warn("refusing to offline CPU %u: it is the last online CPU of package %d and TDX is initialized\n",
		cpu, pkg);
	return -EBUSY;
}

int tdxhost_lp_init(void)
{
	int ret;

	ret = cpuhp_setup_state_cpuslocked(CPUHP_AP_ONLINE_DYN, "tdxhost:lp-init", lp_online,
					   lp_offline);
	if (ret < 0) {
		cpumask_clear(&lp_done);
		return ret;
	}
	cpuhp_state = ret;
	return 0;
}

void tdxhost_lp_exit(void)
{
	if (cpuhp_state >= 0) {
		cpuhp_remove_state_nocalls_cpuslocked(cpuhp_state);
		cpuhp_state = -1;
	}
	cpumask_clear(&lp_done);
}
