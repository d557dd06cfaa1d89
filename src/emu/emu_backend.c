// SPDX-License-Identifier: GPL-2.0
/*
 * The "emu" SEAMCALL backend: the software TDX module (src/lib/emu/)
 * bound to this machine.  Its LPs and packages are the real CPUs and
 * packages, its CMRs are the System RAM ranges minus configurable holes (to
 * model memory that is not convertible, such as CXL or NVDIMM), and the PAMT
 * it writes is the memory the host handed over.
 *
 * Knobs live in debugfs (tdxhost/emu/), netdevsim style, so a test can
 * change limits, inject faults, run, check and reset without reloading.
 * Knob changes take effect at the next reset (tdxhost/reset), but for
 * cache_wb_interrupt and the machine's knobs (emu_cpu.c), which act at once.
 *
 * The TD measurement is SHA-384 from the kernel's crypto API, its state
 * exported into the TDCS page the core keeps it in.  A host write into
 * memory the module owns (PAMT, TD pages) is a violation: logged once per
 * power-on as "violation: ..." (so "tdxhost: emu: violation" in dmesg),
 * shown in tdxhost/emu/state; tdxhost/emu/verify checks every owned page.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": emu: " fmt

#include <crypto/hash.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/topology.h>
#include <linux/vmalloc.h>

#include "seamcall.h"
#include "emu/emu_cpu.h"
#include "emu/emu_glue.h"
#include "emu/emu_host_access.h"
#include "emu/tdx_emu.h"
#include "tdx_status.h"

#define EMU_NO_LP	U16_MAX	/* a CPU the module does not know: SEAMCALL #UD */

struct emu_glue emu_glue;

/* ---- platform ops for the core */

static bool emu_is_ram(u64 pa, u64 len)
{
	unsigned int i;

	if (!len || pa + len < pa)
		return false;
	for (i = 0; i < emu_glue.nr_ram; i++) {
		if (pa >= emu_glue.ram[i].start && pa + len <= emu_glue.ram[i].end)
			return true;
	}
	return false;
}

static void *emu_map(void *ctx, u64 pa, u64 len)
{
	/* System RAM is in the direct map on x86_64. */
	if (!emu_is_ram(pa, len))
		return NULL;
	return phys_to_virt(pa);
}

static void emu_unmap(void *ctx, void *va, u64 len)
{
}

static void emu_lock(void *ctx)
	__acquires(&emu_glue.lock)
{
	unsigned long flags;

	spin_lock_irqsave(&emu_glue.lock, flags);
	emu_glue.lock_flags = flags;
}

static void emu_unlock(void *ctx)
	__releases(&emu_glue.lock)
{
	spin_unlock_irqrestore(&emu_glue.lock, emu_glue.lock_flags);
}

static u64 emu_random(void *ctx)
{
	return get_random_u64();
}

/* SHA-384 over the state the core keeps in the TDCS: import, hash, export. */
static int emu_hash_init(void *ctx, void *state)
{
	SHASH_DESC_ON_STACK(desc, emu_glue.sha384);
	int err;

	desc->tfm = emu_glue.sha384;
	err = crypto_shash_init(desc);
	if (!err)
		err = crypto_shash_export(desc, state);
	shash_desc_zero(desc);
	return err;
}

static int emu_hash_update(void *ctx, void *state, const void *data, u64 len)
{
	SHASH_DESC_ON_STACK(desc, emu_glue.sha384);
	int err;

	desc->tfm = emu_glue.sha384;
	err = crypto_shash_import(desc, state);
	if (!err)
		err = crypto_shash_update(desc, data, len);
	if (!err)
		err = crypto_shash_export(desc, state);
	shash_desc_zero(desc);
	return err;
}

static int emu_hash_final(void *ctx, void *state, u8 *digest)
{
	SHASH_DESC_ON_STACK(desc, emu_glue.sha384);
	int err;

	desc->tfm = emu_glue.sha384;
	err = crypto_shash_import(desc, state);
	if (!err)
		err = crypto_shash_final(desc, digest);
	shash_desc_zero(desc);
	return err;
}

static struct tdx_emu_ops emu_core_ops = {
	.map = emu_map,
	.unmap = emu_unmap,
	.lock = emu_lock,
	.unlock = emu_unlock,
	.random = emu_random,
};

/* The first violation since power-on, once: the VM harness fails a test on it. */
void emu_check_violations(void)
{
	struct tdx_emu_status st;

	if (likely(!READ_ONCE(emu_glue.emu->violations)) ||
	    atomic_xchg(&emu_glue.violation_logged, 1))
		return;
	tdx_emu_get_status(emu_glue.emu, &st);
	if (st.violation_kind == TDX_EMU_VIOL_UNFLUSHED)
		pr_err("violation: PAMT page 0x%llx given back to the kernel with lines the module wrote through the global KeyID not flushed (no WBINVD first) (%llu so far)\n",
		       st.violation_pa, st.violations);
	else if (st.violation_kind == TDX_EMU_VIOL_KEYID0)
		pr_err("violation: TDH.SYS.KEY.CONFIG with KeyID-0 lines of the PAMT (0x%llx...) not flushed since TDH.SYS.CONFIG (no WBINVD first) (%llu so far)\n",
		       st.violation_pa, st.violations);
	else
		pr_err("violation: the host wrote into TDX module memory: %s page 0x%llx (%llu so far)\n",
		       tdx_emu_own_kind_name(st.violation_kind), st.violation_pa,
		       st.violations);
}

/* ---- the backend */

static u64 emu_seamcall(u64 fn, struct tdx_args *args)
{
	u64 status;

	/* KVM between CR4.VMXE and VMXON: the instruction #UDs, the module sees nothing */
	if (emu_cpu_vmx_window())
		return TDX_SEAMCALL_UD;
	read_lock(&emu_glue.call_lock);
	status = tdx_emu_seamcall(emu_glue.emu, emu_glue.cpu_lp[smp_processor_id()], fn, args);
	read_unlock(&emu_glue.call_lock);
	emu_check_violations();
	return status;
}

static int emu_keyid_partition(u32 *nr_mktme, u32 *nr_tdx)
{
	*nr_mktme = emu_glue.emu->active.nr_mktme_keyids;
	*nr_tdx = emu_glue.emu->active.nr_tdx_keyids;
	return 0;
}

/* As the kernel computes it on MKTME hardware: the KeyID bits top the PA. */
static u32 emu_keyid_shift(void)
{
	return emu_glue.emu->active.max_pa - emu_glue.emu->active.keyid_bits;
}

/* WBINVD in the VM too; recorded for the emu's order checks (cache.c) and for kexec's log. */
static void emu_flush_caches(void)
{
	tdx_emu_cache_flush(emu_glue.emu);
	emu_cpu_flush_caches(emu_glue.emu);
}

static void emu_shutdown(void)
{
	emu_cpu_shutdown(emu_glue.emu);
}

/* The CPU the module reports in PKG_FMS: a Sapphire Rapids by default. */
static u32 emu_cpu_fms(void)
{
	return emu_glue.emu->active.pkg_fms;
}

static void emu_memory_reclaim(u64 pa, u64 size)
{
	tdx_emu_host_reclaim(emu_glue.emu, pa, size);
	emu_check_violations();
}

const struct tdxhost_backend_ops tdxhost_emu_ops = {
	.name = "emu",
	.caps = TDXHOST_BACKEND_RESETTABLE,
	.seamcall = emu_seamcall,
	.keyid_partition = emu_keyid_partition,
	.keyid_shift = emu_keyid_shift,
	.prepare = emu_cpu_prepare,
	.ud_vmxe_set = emu_cpu_ud_vmxe_set,
	.flush_caches = emu_flush_caches,
	.cpu_fms = emu_cpu_fms,
	.shutdown = emu_shutdown,
	.memory_reclaim = emu_memory_reclaim,
};

/* ---- CMRs: System RAM minus holes */

static int emu_add_ram(struct resource *res, void *arg)
{
	u64 start = ALIGN(res->start, PAGE_SIZE);
	u64 end = ALIGN_DOWN(res->end + 1, PAGE_SIZE);

	if (start >= end)
		return 0;
	if (emu_glue.nr_ram && emu_glue.ram[emu_glue.nr_ram - 1].end == start) {
		emu_glue.ram[emu_glue.nr_ram - 1].end = end;
		return 0;
	}
	if (emu_glue.nr_ram == EMU_MAX_RAM)
		return -ENOSPC;
	emu_glue.ram[emu_glue.nr_ram].start = start;
	emu_glue.ram[emu_glue.nr_ram].end = end;
	emu_glue.nr_ram++;
	return 0;
}

static int emu_scan_ram(void)
{
	emu_glue.nr_ram = 0;
	return walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				   0, -1, NULL, emu_add_ram);
}

/* Append [start, end) to the config's CMRs; false when they are full. */
static bool emu_cmr_add(struct tdx_emu_config *cfg, u64 start, u64 end)
{
	if (start >= end)
		return true;
	if (cfg->nr_cmrs == TDX_MAX_CMRS)
		return false;
	cfg->cmrs[cfg->nr_cmrs].base = start;
	cfg->cmrs[cfg->nr_cmrs].size = end - start;
	cfg->nr_cmrs++;
	return true;
}

/* Rebuild the configured CMRs from System RAM, cutting out the holes. */
static int emu_build_cmrs(struct tdx_emu_config *cfg)
{
	unsigned int i, h;

	cfg->nr_cmrs = 0;
	for (i = 0; i < emu_glue.nr_ram; i++) {
		u64 pos = emu_glue.ram[i].start, end = emu_glue.ram[i].end;

		/* holes are kept sorted and non-overlapping */
		for (h = 0; h < emu_glue.nr_holes && pos < end; h++) {
			const struct emu_range *hole = &emu_glue.holes[h];

			if (hole->end <= pos || hole->start >= end)
				continue;
			if (!emu_cmr_add(cfg, pos, hole->start))
				return -ENOSPC;
			pos = hole->end;
		}
		if (pos < end && !emu_cmr_add(cfg, pos, end))
			return -ENOSPC;
	}
	return 0;
}

/* ---- reset (tdxhost/reset; the knobs in emu_debugfs.c) */

void emu_reset_locked(void)
{
	int err = emu_build_cmrs(&emu_glue.emu->config);

	if (err)
		pr_warn("too many CMRs after cutting holes; CMR list truncated\n");
	/* No SEAMCALL may be in flight while the module "powers on" again. */
	write_lock_irq(&emu_glue.call_lock);
	tdx_emu_reset(emu_glue.emu);
	emu_cpu_reset();
	atomic_set(&emu_glue.violation_logged, 0);
	write_unlock_irq(&emu_glue.call_lock);
	pr_info("reset to power-on state (version %u.%u.%u, %u CMRs)\n",
		emu_glue.emu->active.major, emu_glue.emu->active.minor,
		emu_glue.emu->active.update, emu_glue.emu->active.nr_cmrs);
}

/* The host resets its own state first (tdxhost/reset in debugfs), then this. */
void tdxhost_emu_reset(void)
{
	mutex_lock(&emu_glue.knob_mutex);
	emu_reset_locked();
	mutex_unlock(&emu_glue.knob_mutex);
}


/* SHA-384 for the measurement; without it the emu runs, but MRTD reads 0. */
static void emu_hash_setup(void)
{
	struct crypto_shash *tfm = crypto_alloc_shash("sha384", 0, 0);

	if (IS_ERR(tfm)) {
		pr_warn("no sha384 in the crypto API (%ld): TD measurements read 0\n",
			PTR_ERR(tfm));
		return;
	}
	if (crypto_shash_statesize(tfm) > TDX_EMU_HASH_STATE_MAX) {
		pr_warn("sha384 state of %u bytes does not fit the TDCS: TD measurements read 0\n",
			crypto_shash_statesize(tfm));
		crypto_free_shash(tfm);
		return;
	}
	emu_glue.sha384 = tfm;
	emu_core_ops.hash_init = emu_hash_init;
	emu_core_ops.hash_update = emu_hash_update;
	emu_core_ops.hash_final = emu_hash_final;
}

/* ---- life cycle */

/*
 * The LPs the BIOS enabled: every present CPU, online or not, numbered
 * densely (the module's LP count is the number of LPs, not the highest CPU
 * id + 1, and a hole would be an LP that never does LP.INIT).  Each LP's
 * package is the raw package id, as the module takes it from the x2APIC id.
 */
static int emu_topology(unsigned int *nr_lps, u32 **pkg)
{
	unsigned int cpu, lp = 0;

	cpus_read_lock();
	*nr_lps = num_present_cpus();
	if (*nr_lps > TDX_EMU_MAX_LPS) {
		cpus_read_unlock();
		pr_err("%u CPUs: the software TDX module models at most %u\n", *nr_lps,
		       TDX_EMU_MAX_LPS);
		return -E2BIG;
	}
	emu_glue.cpu_lp = kcalloc(nr_cpu_ids, sizeof(*emu_glue.cpu_lp), GFP_KERNEL);
	*pkg = kcalloc(*nr_lps, sizeof(**pkg), GFP_KERNEL);
	if (!emu_glue.cpu_lp || !*pkg) {
		cpus_read_unlock();
		return -ENOMEM;
	}
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		emu_glue.cpu_lp[cpu] = EMU_NO_LP;
	for_each_present_cpu(cpu) {
		emu_glue.cpu_lp[cpu] = lp;
		(*pkg)[lp++] = topology_physical_package_id(cpu);
	}
	cpus_read_unlock();
	return 0;
}

int tdxhost_emu_init(struct dentry *debugfs_root)
{
	struct tdx_emu_config *cfg = NULL;
	unsigned int nr_lps;
	u32 *pkg = NULL;
	int err;

	spin_lock_init(&emu_glue.lock);
	rwlock_init(&emu_glue.call_lock);
	mutex_init(&emu_glue.knob_mutex);

	err = emu_topology(&nr_lps, &pkg);
	if (err)
		goto fail;

	err = emu_scan_ram();
	if (err) {
		pr_err("cannot read System RAM ranges: %d\n", err);
		goto fail;
	}

	/* 2 MiB, mostly the checksum table: no need for contiguous memory */
	emu_glue.emu = vzalloc(sizeof(*emu_glue.emu));
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!emu_glue.emu || !cfg) {
		err = -ENOMEM;
		goto fail;
	}

	tdx_emu_default_config(cfg);
	emu_hash_setup();
	err = emu_build_cmrs(cfg);
	if (err) {
		pr_err("more System RAM ranges than the %u CMRs a TDX module reports\n",
		       TDX_MAX_CMRS);
		goto fail;
	}
	err = tdx_emu_init(emu_glue.emu, cfg, nr_lps, pkg, &emu_core_ops);
	if (err) {
		pr_err("cannot start the software TDX module (at most %u packages): %d\n",
		       TDX_EMU_MAX_PACKAGES, err);
		goto fail;
	}
	kfree(cfg);
	kfree(pkg);
	emu_debugfs_init(debugfs_root);
	pr_warn("software TDX module active: INSECURE, for testing only (%u LPs, %u packages, %u CMRs)\n",
		nr_lps, emu_glue.emu->nr_pkgs, emu_glue.emu->active.nr_cmrs);
	return 0;
fail:
	kfree(cfg);
	kfree(pkg);
	vfree(emu_glue.emu);
	emu_glue.emu = NULL;
	if (emu_glue.sha384)
		crypto_free_shash(emu_glue.sha384);
	emu_glue.sha384 = NULL;
	kfree(emu_glue.cpu_lp);
	emu_glue.cpu_lp = NULL;
	return err;
}

void tdxhost_emu_exit(void)
{
	debugfs_remove_recursive(emu_glue.dir);
	vfree(emu_glue.emu);
	emu_glue.emu = NULL;
	if (emu_glue.sha384)
		crypto_free_shash(emu_glue.sha384);
	emu_glue.sha384 = NULL;
	kfree(emu_glue.cpu_lp);
	emu_glue.cpu_lp = NULL;
}
