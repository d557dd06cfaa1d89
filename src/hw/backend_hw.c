// SPDX-License-Identifier: GPL-2.0
/*
 * The "hw" backend: the real SEAMCALL instruction, and the checks that say
 * whether this machine has TDX at all.
 *
 * SEAMCALL only works in VMX root operation.  Where VMX is already on (KVM
 * holds it) the instruction is simply issued.  Otherwise each call is
 * bracketed by VMXON/VMXOFF on a per-CPU VMXON region, with interrupts off
 * so that KVM, which switches VMX from IPIs, never sees a half state.
 * Where the CPU has no VMX the instruction is still issued: its #UD is the
 * truthful answer, and is returned as TDX_SEAMCALL_UD.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/smp.h>
#include <linux/stddef.h>
#include <linux/topology.h>
#include <asm/asm.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/perf_event.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/tlbflush.h>

#include "seamcall.h"

/* In seamcall_hw.S */
u64 tdxhost_seamcall_insn(u64 fn, struct tdx_args *args);

/* seamcall_hw.S addresses struct tdx_args by these offsets. */
static_assert(offsetof(struct tdx_args, rcx) == 0);
static_assert(offsetof(struct tdx_args, rdx) == 8);
static_assert(offsetof(struct tdx_args, r8) == 16);
static_assert(offsetof(struct tdx_args, r9) == 24);
static_assert(offsetof(struct tdx_args, r10) == 32);
static_assert(offsetof(struct tdx_args, r11) == 40);
static_assert(offsetof(struct tdx_args, r12) == 48);
static_assert(offsetof(struct tdx_args, r13) == 56);
static_assert(offsetof(struct tdx_args, r14) == 64);
static_assert(offsetof(struct tdx_args, r15) == 72);
static_assert(offsetof(struct tdx_args, rbx) == 80);
static_assert(offsetof(struct tdx_args, rdi) == 88);
static_assert(offsetof(struct tdx_args, rsi) == 96);

/* IA32_SEAMRR_PHYS_MASK: the BIOS set up and enabled the SEAM range. */
#define SEAMRR_PHYS_MASK_ENABLED	BIT_ULL(11)

/* IA32_VMX_BASIC fields (6.1's asm/vmx.h lacks some of them) */
#define HW_VMX_BASIC_REVISION_MASK	0x7fffffffULL
#define HW_VMX_BASIC_REGION_SIZE(basic)	(((basic) >> 32) & 0x1fff)
#define HW_VMX_BASIC_32BIT_PA		BIT_ULL(48)

/* Returned by hw_vmxon()/hw_vmxoff() for VMfail (the others are trap numbers). */
#define HW_VMX_FAILED			(-1)

/* A VMXON region per CPU, with the revision id already written. */
static DEFINE_PER_CPU(void *, hw_vmxon_region);
/* The regions exist and IA32_FEATURE_CONTROL allows VMXON. */
static bool hw_vmxon_usable;

static int hw_keyid_partition(u32 *nr_mktme, u32 *nr_tdx)
{
	u64 val;

	if (rdmsrl_safe(MSR_IA32_MKTME_KEYID_PARTITIONING, &val))
		return -ENODEV;
	*nr_mktme = lower_32_bits(val);
	*nr_tdx = upper_32_bits(val);
	return 0;
}

int tdxhost_hw_detect(char *why, size_t len)
{
	u32 nr_mktme, nr_tdx;
	u64 seamrr_mask;

	if (boot_cpu_data.x86_vendor != X86_VENDOR_INTEL) {
		snprintf(why, len, "not an Intel CPU");
		return -ENODEV;
	}
	/* SEAM is not virtualized: no hypervisor gives its guests SEAMCALL. */
	if (boot_cpu_has(X86_FEATURE_HYPERVISOR)) {
		snprintf(why, len, "running as a virtual machine (TDX host support needs bare metal)");
		return -ENODEV;
	}
	/* The kernel clears the flag too when the BIOS locked VMX off. */
	if (!boot_cpu_has(X86_FEATURE_VMX)) {
		snprintf(why, len, "CPU lacks VMX, or the BIOS disabled it (BIOS: enable VT-x)");
		return -ENODEV;
	}
	if (hw_keyid_partition(&nr_mktme, &nr_tdx)) {
		snprintf(why, len,
			 "no MKTME/TDX KeyID partitioning MSR (CPU without TDX, or BIOS: enable TME-MT)");
		return -ENODEV;
	}
	/* One KeyID is the module's global key; TDs need at least one more. */
	if (nr_tdx < 2) {
		snprintf(why, len,
			 "TDX KeyIDs: %u, at least 2 needed (BIOS: enable TDX and set the KeyID split)",
			 nr_tdx);
		return -ENODEV;
	}
	if (rdmsrl_safe(MSR_IA32_SEAMRR_PHYS_MASK, &seamrr_mask)) {
		snprintf(why, len, "no SEAMRR MSR (CPU without TDX)");
		return -ENODEV;
	}
	if (!(seamrr_mask & SEAMRR_PHYS_MASK_ENABLED)) {
		snprintf(why, len, "SEAMRR not enabled (BIOS: enable TDX)");
		return -ENODEV;
	}
	if (len)
		why[0] = '\0';
	return 0;
}

/* Returns 0, a trap number (#UD 6, #GP 13) or HW_VMX_FAILED. */
static int hw_vmxon(u64 region_pa)
{
	int ret = 0;

	asm volatile("1: vmxon %[pa]\n\t"
		     "ja 2f\n\t"	/* CF=0 and ZF=0: VMsucceed */
		     "movl %[failed], %%eax\n"
		     "2:\n"
		     _ASM_EXTABLE_FAULT(1b, 2b)
		     : "+a" (ret)
		     : [pa] "m" (region_pa), [failed] "i" (HW_VMX_FAILED)
		     : "cc", "memory");
	return ret;
}

static int hw_vmxoff(void)
{
	int ret = 0;

	asm volatile("1: vmxoff\n\t"
		     "ja 2f\n\t"
		     "movl %[failed], %%eax\n"
		     "2:\n"
		     _ASM_EXTABLE_FAULT(1b, 2b)
		     : "+a" (ret)
		     : [failed] "i" (HW_VMX_FAILED)
		     : "cc", "memory");
	return ret;
}

/* Enter VMX root operation on this CPU; interrupts are off. */
static int hw_vmx_enter(void)
{
	int ret;

	/* Intel PT must be stopped in VMX operation on CPUs that cannot trace it. */
	intel_pt_handle_vmx(1);
	cr4_set_bits_irqsoff(X86_CR4_VMXE);
	ret = hw_vmxon(__pa(this_cpu_read(hw_vmxon_region)));
	if (ret) {
		cr4_clear_bits_irqsoff(X86_CR4_VMXE);
		intel_pt_handle_vmx(0);
	}
	return ret;
}

static int hw_vmx_leave(void)
{
	int ret = hw_vmxoff();

	/* Clearing CR4.VMXE while still in VMX operation would #GP. */
	if (ret)
		return ret;
	cr4_clear_bits_irqsoff(X86_CR4_VMXE);
	intel_pt_handle_vmx(0);
	return 0;
}

static u64 hw_seamcall(u64 fn, struct tdx_args *args)
{
	int vmxon_err = 0, vmxoff_err = 0;
	unsigned long flags;
	u64 status;

	local_irq_save(flags);
	if ((cr4_read_shadow() & X86_CR4_VMXE) || !READ_ONCE(hw_vmxon_usable) ||
	    !this_cpu_has(X86_FEATURE_VMX)) {
		/* VMX already on (KVM), or no way to turn it on: issue it as is. */
		status = tdxhost_seamcall_insn(fn, args);
	} else {
		vmxon_err = hw_vmx_enter();
		if (!vmxon_err) {
			status = tdxhost_seamcall_insn(fn, args);
			vmxoff_err = hw_vmx_leave();
		} else if (vmxon_err == HW_VMX_FAILED) {
			status = TDX_SEAMCALL_VMFAILINVALID;
		} else {
			status = TDX_SW_ERROR | (u64)vmxon_err;
		}
	}
	local_irq_restore(flags);

	if (vmxon_err)
		pr_err_ratelimited("VMXON failed on CPU %d (%s): SEAMCALL not issued\n",
				   raw_smp_processor_id(),
				   vmxon_err == HW_VMX_FAILED ? "VMfail" : "trap");
	if (vmxoff_err)
		pr_err_ratelimited("VMXOFF failed on CPU %d: it stays in VMX operation\n",
				   raw_smp_processor_id());
	return status;
}

static void hw_free_regions(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		void *region = per_cpu(hw_vmxon_region, cpu);

		if (region)
			free_page((unsigned long)region);
		per_cpu(hw_vmxon_region, cpu) = NULL;
	}
}

int tdxhost_hw_init(void)
{
	gfp_t gfp = GFP_KERNEL | __GFP_ZERO;
	u64 feat_ctl, basic;
	int cpu;

	/* Without VMX, SEAMCALL is issued bare and #UDs: nothing to prepare. */
	if (!boot_cpu_has(X86_FEATURE_VMX))
		return 0;

	if (rdmsrl_safe(MSR_IA32_FEAT_CTL, &feat_ctl) || !(feat_ctl & FEAT_CTL_LOCKED) ||
	    !(feat_ctl & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)) {
		pr_warn("IA32_FEATURE_CONTROL does not allow VMXON: SEAMCALL works only while KVM holds VMX\n");
		return 0;
	}
	if (rdmsrl_safe(MSR_IA32_VMX_BASIC, &basic) ||
	    HW_VMX_BASIC_REGION_SIZE(basic) > PAGE_SIZE) {
		pr_warn("unusable IA32_VMX_BASIC: SEAMCALL works only while KVM holds VMX\n");
		return 0;
	}
	if (basic & HW_VMX_BASIC_32BIT_PA)
		gfp |= __GFP_DMA32;

	for_each_possible_cpu(cpu) {
		struct page *page = alloc_pages_node(cpu_to_node(cpu), gfp, 0);
		u32 *region;

		if (!page) {
			hw_free_regions();
			return -ENOMEM;
		}
		region = page_address(page);
		/* Bit 31 stays clear: a VMXON region is never a shadow VMCS. */
		*region = basic & HW_VMX_BASIC_REVISION_MASK;
		per_cpu(hw_vmxon_region, cpu) = region;
	}
	WRITE_ONCE(hw_vmxon_usable, true);
	return 0;
}

void tdxhost_hw_exit(void)
{
	/* The caller has stopped issuing SEAMCALLs: no CPU is inside VMXON. */
	WRITE_ONCE(hw_vmxon_usable, false);
	hw_free_regions();
}

static void hw_cache_flush(void)
{
	wbinvd_on_all_cpus();
}

const struct tdxhost_backend_ops tdxhost_hw_ops = {
	.name = "hw",
	.seamcall = hw_seamcall,
	.keyid_partition = hw_keyid_partition,
	.cache_flush = hw_cache_flush,
};
