// SPDX-License-Identifier: GPL-2.0
/*
 * TDX KeyIDs.  MSR 0x87 (IA32_MKTME_KEYID_PARTITIONING) splits the KeyID
 * space: MKTME KeyIDs 1..n, then the TDX ("private") KeyIDs.  The first TDX
 * KeyID is the module's global KeyID (TDH.SYS.CONFIG); the rest are handed
 * to TDs as HKIDs.  KEY.CONFIG gives the global KeyID its key on every
 * package, retrying what the module calls transient (upstream retries
 * neither: a PCONFIG entropy or key-table-busy failure is fatal there).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/cpu.h>
#include <linux/idr.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/topology.h>
#include <asm/processor.h>
#include <asm/smp.h>

#include "keyid.h"
#include "seamcall.h"

#define KEY_CONFIG_RETRIES	1000	/* SYS_BUSY: another package's KEY.CONFIG runs */
#define KEY_CONFIG_PCONFIG_TRIES 10	/* PCONFIG without entropy or with the KET busy */

static DEFINE_IDA(hkid_ida);
static u32 hkid_first = 1, hkid_last;	/* inclusive; first > last: none */
static atomic_t hkids_used;
static u32 global_keyid, keyid_shift;

int tdxhost_keyid_init(struct tdxhost_keyids *k, const char **why)
{
	const struct tdxhost_backend_ops *ops = tdxhost_seamcall_backend();
	int err;

	if (!ops || !ops->keyid_partition) {
		*why = "no TDX backend";
		return -ENODEV;
	}
	err = ops->keyid_partition(&k->nr_mktme, &k->nr_tdx);
	if (err) {
		*why = "cannot read the KeyID partitioning (MSR 0x87)";
		return err;
	}
	/* One KeyID for the module itself and at least one for a TD. */
	if (k->nr_tdx < 2) {
		*why = "fewer than 2 TDX KeyIDs: TDX unusable (BIOS: enable TDX and give it KeyIDs)";
		return -ENODEV;
	}
	k->global = k->nr_mktme + 1;
	hkid_first = k->global + 1;
	hkid_last = k->global + k->nr_tdx - 1;
	global_keyid = k->global;
	keyid_shift = ops->keyid_shift ? ops->keyid_shift() : boot_cpu_data.x86_phys_bits;
	return 0;
}

struct key_config_arg {
	u64 status;
};

/*
 * PCONFIG failed: no entropy (KEY_GENERATION_FAILED) or the key table busy
 * (OPERAND_BUSY, operand KET).  The module clears the package's bit and
 * asks the VMM to retry (tdx_1.5 tdh_sys_key_config.c, helpers.c).
 */
static bool key_config_transient(u64 st)
{
	u64 code = st & TDX_STATUS_CODE_MASK;

	return code == TDX_KEY_GENERATION_FAILED || code == TDX_OPERAND_BUSY;
}

static int key_config_on_cpu(void *data)
{
	struct key_config_arg *a = data;
	int busy = KEY_CONFIG_RETRIES, pconfig = KEY_CONFIG_PCONFIG_TRIES;
	struct tdx_args args;
	u64 st;

	for (;;) {
		memset(&args, 0, sizeof(args));
		st = tdxhost_seamcall(TDH_SYS_KEY_CONFIG, &args);
		/* Another package holds the module's global lock: wait our turn. */
		if ((st & TDX_STATUS_CODE_MASK) == TDX_SYS_BUSY && --busy) {
			cond_resched();
			continue;
		}
		if (key_config_transient(st) && --pconfig) {
			usleep_range(100, 200);
			continue;
		}
		break;
	}
	if (key_config_transient(st))
		pr_err("TDH.SYS.KEY.CONFIG: PCONFIG failed %d times on CPU %d (package %d)\n",
		       KEY_CONFIG_PCONFIG_TRIES, raw_smp_processor_id(),
		       topology_physical_package_id(raw_smp_processor_id()));
	if ((st & TDX_STATUS_CODE_MASK) == TDX_KEY_CONFIGURED)
		st = TDX_SUCCESS;
	a->status = st;
	return 0;
}

int tdxhost_key_config(u64 *status, int *pkg)
{
	struct key_config_arg a;
	unsigned int cpu, other;
	bool first;
	int err;

	/*
	 * The kernel's KeyID-0 lines of the PAMT must not be written back over
	 * what the module writes through the global KeyID from now on.
	 */
	tdxhost_cache_flush();

	/* The enable flow holds CPU hotplug off: no package loses its last CPU meanwhile. */
	for_each_online_cpu(cpu) {
		*pkg = topology_physical_package_id(cpu);

		/* the first online CPU of each package, one package at a time */
		first = true;
		for_each_online_cpu(other) {
			if (other >= cpu)
				break;
			if (topology_physical_package_id(other) == *pkg) {
				first = false;
				break;
			}
		}
		if (!first)
			continue;
		a.status = 0;
		err = smp_call_on_cpu(cpu, key_config_on_cpu, &a, false);
		if (err) {
			pr_err("cannot run TDH.SYS.KEY.CONFIG on CPU %u (package %d): %d\n",
			       cpu, *pkg, err);
			*status = 0;
			return err;
		}
		if (a.status != TDX_SUCCESS) {
			struct tdx_args in = {};

			tdxhost_seamcall_report(TDH_SYS_KEY_CONFIG, a.status, &in);
			*status = a.status;
			return -EIO;
		}
	}
	return 0;
}

u64 tdxhost_keyid_pa(u64 pa, u32 keyid)
{
	return pa | ((u64)keyid << keyid_shift);
}

u32 tdxhost_global_keyid(void)
{
	return global_keyid;
}

u32 tdxhost_hkids_total(void)
{
	return hkid_first > hkid_last ? 0 : hkid_last - hkid_first + 1;
}

int tdxhost_hkid_alloc(void)
{
	int id;

	if (hkid_first > hkid_last)
		return -ENOSPC;
	id = ida_alloc_range(&hkid_ida, hkid_first, hkid_last, GFP_KERNEL);
	if (id >= 0)
		atomic_inc(&hkids_used);
	return id;
}

void tdxhost_hkid_free(int hkid)
{
	ida_free(&hkid_ida, hkid);
	atomic_dec(&hkids_used);
}

u32 tdxhost_hkids_in_use(void)
{
	return atomic_read(&hkids_used);
}

void tdxhost_keyid_exit(void)
{
	ida_destroy(&hkid_ida);
}
