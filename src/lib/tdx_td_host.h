/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host side of the TD lifecycle decides without a kernel: the
 * TD_PARAMS layout TDH.MNG.INIT reads and how it is built from a request
 * and the module's global metadata, the private GPA rules of the TDs this
 * host builds (4-level EPT), and the one TDX status -> errno table of the
 * TD ioctls.  Shared by tdxhost.ko and the unit tests.
 */
#ifndef TDX_LIB_TD_HOST_H
#define TDX_LIB_TD_HOST_H

#include "tdx_types.h"
#include "tdx_defs.h"
#include "tdx_metadata.h"

/* ---- TD_PARAMS (1024 bytes, 1024-aligned, in shared memory) */
#define TDX_TD_PARAMS_SIZE		1024
#define TDX_TD_PARAMS_MAX_CPUID		48	/* (1024 - 256) / 16 */

struct tdx_cpuid_value {
	u32 eax, ebx, ecx, edx;
};

struct tdx_td_params {
	u64 attributes;			/* 0 */
	u64 xfam;			/* 8 */
	u16 max_vcpus;			/* 16 */
	u8 num_l2_vms;			/* 18 */
	u8 msr_config_ctls;		/* 19 */
	u32 reserved0;			/* 20 */
	u64 eptp_controls;		/* 24 */
	u64 config_flags;		/* 32 */
	u16 tsc_frequency;		/* 40: units of 25 MHz */
	u8 reserved1[38];		/* 42 */
	u64 mr_config_id[6];		/* 80 */
	u64 mr_owner[6];		/* 128 */
	u64 mr_owner_config[6];		/* 176 */
	u64 ia32_arch_cap_config;	/* 224 */
	u8 reserved2[24];		/* 232 */
	/* slot i: the module's CPUID_CONFIG_LEAVES[i] */
	struct tdx_cpuid_value cpuid[TDX_TD_PARAMS_MAX_CPUID];	/* 256 */
};

_Static_assert(sizeof(struct tdx_td_params) == TDX_TD_PARAMS_SIZE, "TD_PARAMS is 1024 bytes");
_Static_assert(offsetof(struct tdx_td_params, tsc_frequency) == 40, "TD_PARAMS layout");
_Static_assert(offsetof(struct tdx_td_params, mr_config_id) == 80, "TD_PARAMS layout");
_Static_assert(offsetof(struct tdx_td_params, ia32_arch_cap_config) == 224, "TD_PARAMS layout");
_Static_assert(offsetof(struct tdx_td_params, cpuid) == 256, "TD_PARAMS layout");

/* EPTP_CONTROLS: write-back memory type, 4-level EPT (page-walk length - 1 = 3). */
#define TDX_EPTP_MT_WB			6ULL
#define TDX_EPTP_PWL_4			(3ULL << 3)
/* CONFIG_FLAGS */
#define TDX_CONFIG_FLAGS_GPAW		BIT_ULL(0)
#define TDX_CONFIG_FLAGS_NO_RBP_MOD	BIT_ULL(2)

#define TDX_TSC_UNIT_KHZ		25000	/* TSC_FREQUENCY is in 25 MHz units */
#define TDX_TSC_UNITS_MIN		4	/* 100 MHz */
#define TDX_TSC_UNITS_MAX		400	/* 10 GHz */

/* Subleaf of a CPUID_CONFIG leaf that has none. */
#define TDX_CPUID_NO_SUBLEAF		0xffffffffU

/* One CPUID value the caller wants the TD to see. */
struct tdx_td_cpuid {
	u32 leaf, subleaf;
	u32 eax, ebx, ecx, edx;
};

/* What TDH.MNG.INIT is asked for; tsc_khz already resolved (0 is not allowed). */
struct tdx_td_init_req {
	u64 attributes;
	u64 xfam;
	u32 max_vcpus;
	u32 tsc_khz;
	u64 mr_config_id[6];
	u64 mr_owner[6];
	u64 mr_owner_config[6];
	const struct tdx_td_cpuid *cpuid;
	u32 nr_cpuid;
};

/* vCPUs a TD may have: MAX_VCPUS_PER_TD, or TD_PARAMS' u16 where the module lacks it. */
u32 tdx_td_max_vcpus(const struct tdx_sysinfo *si);

/*
 * Fill @p (zeroed here) from @req: attributes and XFAM within the fixed-0
 * bits (their fixed-1 bits ORed in), 1..tdx_td_max_vcpus() vCPUs, a TSC in
 * whole 25 MHz units within the module's range, each CPUID value in the slot
 * of its leaf in the module's CPUID_CONFIG list (every leaf known, none
 * twice), 4-level EPT with write-back, NO_RBP_MOD.  0, or -EINVAL with *why
 * naming the field.  The module checks the rest (XFAM combinations, CPUID
 * bits) and answers TDX_OPERAND_INVALID naming the operand.
 */
int tdx_td_params_build(const struct tdx_sysinfo *si, const struct tdx_td_init_req *req,
			struct tdx_td_params *p, const char **why);

/* ---- private GPAs: 4-level EPT without GPAW, so bit 47 is the shared bit */
#define TDX_TD_GPA_SHARED_BIT		47
#define TDX_TD_GPA_PRIVATE_END		BIT_ULL(TDX_TD_GPA_SHARED_BIT)
/* SEPT levels TDH.MEM.SEPT.ADD fills for a 4K page: 3, 2, 1 (the root is in the TDCS). */
#define TDX_TD_SEPT_TOP_LEVEL		3
/* Bytes one entry of SEPT level @l maps: 4K << 9l. */
#define TDX_TD_SEPT_ENTRY_SIZE(l)	((u64)SZ_4K << (9 * (l)))

/*
 * [gpa, gpa + nr_pages * 4K) is a valid private range: 4K aligned, at least
 * one page, no wrap, below the shared bit.  0 or -EINVAL.
 */
int tdx_td_gpa_range_check(u64 gpa, u64 nr_pages);

/* ---- TDX_MNG_RD field ids of the TD's measurement (6 x 8 bytes, little-endian) */
#define MD_FIELD_ID_TD_MRTD		0x1310000300000000ULL
#define TDX_TD_MRTD_SIZE		48

/*
 * The errno a TD ioctl returns for a SEAMCALL status, the same on every
 * backend: 0 for success-class statuses; -EINVAL for an input the module
 * refused (TDX_OPERAND_INVALID naming anything but RAX) and the TD's own
 * configuration errors (NO_VCPUS, CPUID values); -EEXIST for a GPA already
 * mapped; -EBUSY for contention; -EAGAIN for entropy; -EIO for the rest,
 * including TDX_OPERAND_INVALID(RAX): the module does not have the leaf.
 */
int tdx_td_status_to_errno(u64 status);

#endif /* TDX_LIB_TD_HOST_H */
