/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * tdxhost userspace ABI: the "tdxhost" generic-netlink family and the
 * /dev/tdxhost ioctls.  Shared by tdxhost.ko, tdxctl and the tests.
 * The family is described in tdxhost.yaml next to this file.
 */
#ifndef _UAPI_LINUX_TDXHOST_H
#define _UAPI_LINUX_TDXHOST_H

#define TDXHOST_GENL_NAME	"tdxhost"
#define TDXHOST_GENL_VERSION	1

/* State of TDX on this host (TDXHOST_A_STATE). */
enum tdxhost_state {
	TDXHOST_STATE_UNAVAILABLE,	/* no TDX module to talk to; see TDXHOST_A_REASON */
	TDXHOST_STATE_UNINITIALIZED,	/* TDX present, not enabled yet */
	TDXHOST_STATE_INITIALIZING,	/* an enable is running */
	TDXHOST_STATE_INITIALIZED,	/* the TDX module is ready for TDs */
	TDXHOST_STATE_FAILED,		/* enable failed; see the failure record */
};

/* Steps of the enable flow, as recorded in a failure (TDXHOST_A_FAIL_STEP). */
enum tdxhost_step {
	TDXHOST_STEP_NONE,
	TDXHOST_STEP_PRECHECK,		/* hibernation, CPUs, backend */
	TDXHOST_STEP_SYS_INIT,		/* TDH.SYS.INIT */
	TDXHOST_STEP_LP_INIT,		/* TDH.SYS.LP.INIT on every online CPU */
	TDXHOST_STEP_SYSINFO,		/* global metadata (TDH.SYS.RD) */
	TDXHOST_STEP_MODULE_CHECK,	/* version/features acceptable */
	TDXHOST_STEP_KEYIDS,		/* TDX KeyID range */
	TDXHOST_STEP_MEMORY,		/* TDX memory list within the CMRs */
	TDXHOST_STEP_PLAN,		/* TDMR/PAMT plan */
	TDXHOST_STEP_PAMT_ALLOC,	/* PAMT allocation */
	TDXHOST_STEP_CONFIG,		/* TDH.SYS.CONFIG */
	TDXHOST_STEP_KEY_CONFIG,	/* WBINVD + TDH.SYS.KEY.CONFIG per package */
	TDXHOST_STEP_TDMR_INIT,		/* TDH.SYS.TDMR.INIT */
	__TDXHOST_STEP_MAX,
};

/*
 * Generic netlink.  Commands (TDXHOST_CMD_*) and their attributes; every
 * command has a policy and unknown attributes are refused.  Physical
 * addresses (the *_BASE and *_OFFSET attributes, CMR_BASE metadata values)
 * go to CAP_SYS_ADMIN callers only; others get TDXHOST_A_ADDRS_HIDDEN.
 */
#define TDXHOST_GENL_MCGRP_EVENTS	"events"

enum tdxhost_cmd {
	TDXHOST_CMD_UNSPEC,
	TDXHOST_CMD_GET_STATUS,		/* do: the status attributes; anyone */
	TDXHOST_CMD_ENABLE,		/* do, CAP_SYS_ADMIN: run enable; reply as GET_STATUS */
	TDXHOST_CMD_GET_PAMT,		/* do: PAMT totals, TDXHOST_A_TDMR and _NODE nests */
	TDXHOST_CMD_GET_TDMRS,		/* dump: one TDXHOST_A_TDMR nest per message */
	TDXHOST_CMD_GET_CMRS,		/* dump: one TDXHOST_A_CMR nest per message */
	TDXHOST_CMD_GET_METADATA,	/* dump: one TDXHOST_A_FIELD nest per element; */
					/* do: one field by TDXHOST_A_MD_ID or _MD_NAME */
	TDXHOST_CMD_GET_STATS,		/* dump: one TDXHOST_A_STAT nest per leaf */
	TDXHOST_CMD_EVENT,		/* notification on the "events" group */
	__TDXHOST_CMD_MAX,
};
#define TDXHOST_CMD_MAX		(__TDXHOST_CMD_MAX - 1)

/* TDXHOST_A_EVENT_TYPE */
enum tdxhost_event_kind {
	TDXHOST_EVENT_STATE,		/* TDXHOST_A_STATE changed */
	TDXHOST_EVENT_PROGRESS,		/* TDXHOST_A_STEP started; TDXHOST_A_PERCENT of TDMR init */
	TDXHOST_EVENT_FAILURE,		/* enable failed: TDXHOST_A_FAILURE */
};

/* Top-level attributes. */
enum tdxhost_attr {
	TDXHOST_A_UNSPEC,
	TDXHOST_A_PAD,
	TDXHOST_A_GENERATION,		/* u32: bumped at every state transition */
	TDXHOST_A_STATE,		/* u32: enum tdxhost_state */
	TDXHOST_A_STATE_NAME,		/* string */
	TDXHOST_A_BACKEND,		/* string: "hw", "emu" or "none" */
	TDXHOST_A_REASON,		/* string: why TDX is unavailable */
	TDXHOST_A_ADDRS_HIDDEN,		/* flag: caller lacks CAP_SYS_ADMIN */
	TDXHOST_A_FAILURE,		/* nest: TDXHOST_A_FAIL_* (state FAILED, failure event) */
	TDXHOST_A_STEP,			/* u32: enum tdxhost_step running now */
	TDXHOST_A_STEP_NAME,		/* string */
	TDXHOST_A_TDMR_INIT_DONE,	/* u64: bytes of TDMR initialized */
	TDXHOST_A_TDMR_INIT_TOTAL,	/* u64 */
	TDXHOST_A_MODULE_MAJOR,		/* u32: module version (once sysinfo was read) */
	TDXHOST_A_MODULE_MINOR,		/* u32 */
	TDXHOST_A_MODULE_UPDATE,	/* u32 */
	TDXHOST_A_MODULE_INTERNAL,	/* u32 */
	TDXHOST_A_MODULE_BUILD_DATE,	/* u32: yyyymmdd */
	TDXHOST_A_MODULE_BUILD_NUM,	/* u32 */
	TDXHOST_A_FEATURES0,		/* u64: TDX_FEATURES0 */
	TDXHOST_A_MAX_TDMRS,		/* u32 */
	TDXHOST_A_MAX_RSVD_PER_TDMR,	/* u32 */
	TDXHOST_A_NR_CMRS,		/* u32 */
	TDXHOST_A_NR_MKTME_KEYIDS,	/* u32: MSR 0x87 partition */
	TDXHOST_A_NR_TDX_KEYIDS,	/* u32 */
	TDXHOST_A_TDX_KEYID_FIRST,	/* u32: first TDX KeyID (when there are any) */
	TDXHOST_A_GLOBAL_KEYID,		/* u32: 0 until chosen */
	TDXHOST_A_HKIDS_IN_USE,		/* u32 */
	TDXHOST_A_TDX_MEMORY,		/* u64: bytes of TDX memory */
	TDXHOST_A_NR_TDX_RANGES,	/* u32 */
	TDXHOST_A_NR_TDMRS,		/* u32 */
	TDXHOST_A_TDMR_COVERED,		/* u64: bytes covered by TDMRs */
	TDXHOST_A_PAMT_TOTAL,		/* u64: bytes of PAMT */
	TDXHOST_A_PAMT_4K,		/* u64: bytes of PAMT, 4K level */
	TDXHOST_A_PAMT_2M,		/* u64 */
	TDXHOST_A_PAMT_1G,		/* u64 */
	TDXHOST_A_PAMT_PPM,		/* u32: PAMT per million bytes of TDX memory */
	TDXHOST_A_ENABLE_NS,		/* u64: duration of the last enable */
	TDXHOST_A_ENABLE_SEAMCALLS,	/* u64: SEAMCALLs it took */
	TDXHOST_A_TDMR,			/* nest: TDXHOST_A_TDMR_* (GET_TDMRS, GET_PAMT) */
	TDXHOST_A_NODE,			/* nest: TDXHOST_A_NODE_* (GET_PAMT) */
	TDXHOST_A_CMR,			/* nest: TDXHOST_A_CMR_* (GET_CMRS) */
	TDXHOST_A_FIELD,		/* nest: TDXHOST_A_FIELD_* (GET_METADATA) */
	TDXHOST_A_STAT,			/* nest: TDXHOST_A_STAT_* (GET_STATS) */
	TDXHOST_A_MD_ID,		/* u64, request: GET_METADATA do by field id */
	TDXHOST_A_MD_NAME,		/* string, request: GET_METADATA do by name */
	TDXHOST_A_STATS_ALL,		/* flag, request: GET_STATS also leaves never called */
	TDXHOST_A_EVENT_TYPE,		/* u32: enum tdxhost_event_kind */
	TDXHOST_A_PERCENT,		/* u32: TDMR init progress 0..100 */
	__TDXHOST_A_MAX,
};
#define TDXHOST_A_MAX		(__TDXHOST_A_MAX - 1)

/* Longest TDXHOST_A_MD_NAME accepted, without the NUL. */
#define TDXHOST_MD_NAME_MAX	63

/* TDXHOST_A_FAILURE: the failure record of the last enable. */
enum tdxhost_fail_attr {
	TDXHOST_A_FAIL_UNSPEC,
	TDXHOST_A_FAIL_PAD,
	TDXHOST_A_FAIL_STEP,		/* u32: enum tdxhost_step */
	TDXHOST_A_FAIL_STEP_NAME,	/* string */
	TDXHOST_A_FAIL_LEAF,		/* u64: SEAMCALL leaf; absent when none failed */
	TDXHOST_A_FAIL_LEAF_NAME,	/* string */
	TDXHOST_A_FAIL_STATUS,		/* u64: TDX status */
	TDXHOST_A_FAIL_STATUS_NAME,	/* string */
	TDXHOST_A_FAIL_ERRNO,		/* u32: positive errno */
	TDXHOST_A_FAIL_MSG,		/* string: what failed */
	TDXHOST_A_FAIL_HINT,		/* string: what to do about the status */
	__TDXHOST_A_FAIL_MAX,
};
#define TDXHOST_A_FAIL_MAX	(__TDXHOST_A_FAIL_MAX - 1)

/* TDXHOST_A_TDMR: one TDMR. */
enum tdxhost_tdmr_attr {
	TDXHOST_A_TDMR_UNSPEC,
	TDXHOST_A_TDMR_PAD,
	TDXHOST_A_TDMR_INDEX,		/* u32 */
	TDXHOST_A_TDMR_BASE,		/* u64, CAP_SYS_ADMIN only */
	TDXHOST_A_TDMR_SIZE,		/* u64 */
	TDXHOST_A_TDMR_NID,		/* s32: node holding its PAMT */
	TDXHOST_A_TDMR_NR_RSVD,		/* u32 */
	TDXHOST_A_TDMR_RSVD,		/* nest, repeated: TDXHOST_A_RSVD_* (GET_TDMRS) */
	TDXHOST_A_TDMR_PAMT,		/* nest, repeated: TDXHOST_A_PAMT_* per level */
	TDXHOST_A_TDMR_PAMT_TOTAL,	/* u64 */
	__TDXHOST_A_TDMR_MAX,
};
#define TDXHOST_A_TDMR_MAX	(__TDXHOST_A_TDMR_MAX - 1)

/* TDXHOST_A_TDMR_RSVD: one reserved area of a TDMR. */
enum tdxhost_rsvd_attr {
	TDXHOST_A_RSVD_UNSPEC,
	TDXHOST_A_RSVD_PAD,
	TDXHOST_A_RSVD_OFFSET,		/* u64 from the TDMR base, CAP_SYS_ADMIN only */
	TDXHOST_A_RSVD_SIZE,		/* u64 */
	__TDXHOST_A_RSVD_MAX,
};
#define TDXHOST_A_RSVD_MAX	(__TDXHOST_A_RSVD_MAX - 1)

/* TDXHOST_A_TDMR_PAMT: one PAMT level of a TDMR. */
enum tdxhost_pamt_attr {
	TDXHOST_A_PAMT_UNSPEC,
	TDXHOST_A_PAMT_PAD,
	TDXHOST_A_PAMT_LEVEL,		/* u32: 0 4K, 1 2M, 2 1G */
	TDXHOST_A_PAMT_BASE,		/* u64, CAP_SYS_ADMIN only */
	TDXHOST_A_PAMT_SIZE,		/* u64 */
	__TDXHOST_A_PAMT_MAX,
};
#define TDXHOST_A_PAMT_MAX	(__TDXHOST_A_PAMT_MAX - 1)

/* TDXHOST_A_NODE: PAMT of one NUMA node. */
enum tdxhost_node_attr {
	TDXHOST_A_NODE_UNSPEC,
	TDXHOST_A_NODE_PAD,
	TDXHOST_A_NODE_ID,		/* s32 */
	TDXHOST_A_NODE_PAMT,		/* u64: bytes of PAMT on the node */
	TDXHOST_A_NODE_MEMORY,		/* u64: TDX memory of the node */
	TDXHOST_A_NODE_PPM,		/* u32: PAMT per million bytes of that memory */
	__TDXHOST_A_NODE_MAX,
};
#define TDXHOST_A_NODE_MAX	(__TDXHOST_A_NODE_MAX - 1)

/* TDXHOST_A_CMR: one convertible memory region. */
enum tdxhost_cmr_attr {
	TDXHOST_A_CMR_UNSPEC,
	TDXHOST_A_CMR_PAD,
	TDXHOST_A_CMR_INDEX,		/* u32 */
	TDXHOST_A_CMR_BASE,		/* u64, CAP_SYS_ADMIN only */
	TDXHOST_A_CMR_SIZE,		/* u64 */
	__TDXHOST_A_CMR_MAX,
};
#define TDXHOST_A_CMR_MAX	(__TDXHOST_A_CMR_MAX - 1)

/* TDXHOST_A_FIELD: one element of a global metadata field. */
enum tdxhost_field_attr {
	TDXHOST_A_FIELD_UNSPEC,
	TDXHOST_A_FIELD_PAD,
	TDXHOST_A_FIELD_ID,		/* u64: this element's field id */
	TDXHOST_A_FIELD_NAME,		/* string: "MAJOR_VERSION" */
	TDXHOST_A_FIELD_INDEX,		/* u32: element index (0 for scalars) */
	TDXHOST_A_FIELD_BITS,		/* u32: element size in bits */
	TDXHOST_A_FIELD_VALUE,		/* u64: absent with _ABSENT or _HIDDEN */
	TDXHOST_A_FIELD_ABSENT,		/* flag: the module does not have the field */
	TDXHOST_A_FIELD_HIDDEN,		/* flag: an address, CAP_SYS_ADMIN only */
	__TDXHOST_A_FIELD_MAX,
};
#define TDXHOST_A_FIELD_MAX	(__TDXHOST_A_FIELD_MAX - 1)

/* TDXHOST_A_STAT: SEAMCALL statistics of one leaf. */
enum tdxhost_stat_attr {
	TDXHOST_A_STAT_UNSPEC,
	TDXHOST_A_STAT_PAD,
	TDXHOST_A_STAT_LEAF,		/* u32: leaf number */
	TDXHOST_A_STAT_LEAF_NAME,	/* string; absent for unnamed leaves */
	TDXHOST_A_STAT_CALLS,		/* u64 */
	TDXHOST_A_STAT_ERRORS,		/* u64 */
	TDXHOST_A_STAT_LAST_ERROR,	/* u64: last error status (0 if none) */
	TDXHOST_A_STAT_LAST_ERROR_NAME,	/* string */
	TDXHOST_A_STAT_TIME_NS,		/* u64: total time in the SEAMCALLs */
	__TDXHOST_A_STAT_MAX,
};
#define TDXHOST_A_STAT_MAX	(__TDXHOST_A_STAT_MAX - 1)


/* ====================================================================== */
/*
 * /dev/tdxhost ioctls
 *
 * /dev/tdxhost is a misc device (root 0600 by default; the packaged udev
 * rule gives it to group kvm, 0660) with two ioctls: TDXHOST_GET_CAPS and
 * TDXHOST_CREATE_TD.  CREATE_TD returns a new file descriptor (anon inode
 * "tdxhost-td", O_CLOEXEC) that owns one TD; the TDXHOST_TD_* ioctls go to
 * it.  Closing the last reference to it tears the TD down (every page the
 * TDX module gives back returns to the kernel; one it does not is leaked on
 * purpose and counted).  An open TD descriptor keeps tdxhost.ko loaded.
 *
 * Every argument struct begins with { __u32 size; __u32 flags; }:
 *  - size: sizeof the struct as userspace knows it.  Any size from the first
 *    published one (TDXHOST_*_SIZE_VER0) up to a page is accepted; bytes
 *    beyond what the kernel knows must be zero (-E2BIG otherwise,
 *    copy_struct_from_user() semantics); smaller: -EINVAL.  The kernel
 *    writes back only the bytes both sides know.
 *  - flags: only the documented bits; anything else -EINVAL.
 *  - reserved fields must be zero on input (-EINVAL) and are zero on output.
 * The ioctl numbers carry no size (_IO): the size field is the version.
 * Structs whose ioctl runs SEAMCALLs carry __u64 hw_error: 0 on input
 * (-EINVAL otherwise); on return the raw TDX status of the SEAMCALL that
 * failed, 0 when none did.
 *
 * Errnos (the same on hardware and on the software TDX module):
 *  EINVAL  bad struct, flags, reserved field or value; an input the TDX
 *          module refused (TDX_OPERAND_INVALID, hw_error names the operand;
 *          TDX_NO_VCPUS; CPUID values); a command in the wrong TD state
 *  E2BIG   a caller array too small (nr_cpuid set to what is needed), or a
 *          struct tail the kernel does not know is not zero
 *  EFAULT  an unreadable or unwritable user pointer or source page
 *  ENODEV  TDX is not initialized (tdx_state says what it is); nothing here
 *          ever enables it
 *  ENOSPC  no free TD KeyID (HKID) left
 *  EEXIST  a GPA already added
 *  EBUSY   the TDX module was busy (TDX_OPERAND_BUSY, TDX_SYS_BUSY)
 *  EAGAIN  the TDX module ran out of entropy (TDX_RND_NO_ENTROPY)
 *  ENOMEM  a page allocation failed, or the TD would exceed max_td_pages
 *  EINTR   a signal arrived; INIT_MEM_REGION says how far it got
 *  EIO     any other SEAMCALL failure (hw_error has the status), including
 *          TDX_OPERAND_INVALID(RAX): the TDX module lacks the leaf; and any
 *          command on a TD in state TDXHOST_TD_DEAD but GET_INFO
 */
#include <linux/ioctl.h>
#include <linux/types.h>

#define TDXHOST_IOC_MAGIC		0xAF	/* 0x40-0x5F; 0x00-0x1F is fsl_hypervisor */

/* One configurable CPUID leaf (GET_CAPS) or one CPUID value (TD_INIT). */
struct tdxhost_cpuid_entry {
	__u32 leaf;
	__u32 subleaf;			/* TDXHOST_CPUID_NO_SUBLEAF when the leaf has none */
	__u32 eax, ebx, ecx, edx;	/* caps: the module's CPUID_CONFIG value; init: the value */
};
#define TDXHOST_CPUID_NO_SUBLEAF	0xffffffffu

/*
 * /dev/tdxhost: what TDs this host can run.  Any TDX state once the TDX
 * module's metadata was read (by enabling); else -ENODEV with tdx_state.
 * nr_cpuid smaller than the module's list: -E2BIG with nr_cpuid set and
 * every other field filled.
 */
struct tdxhost_caps {
	__u32 size;
	__u32 flags;			/* 0 */
	__u64 attributes_supported;	/* bits a TD may set (ATTRS_FIXED0) */
	__u64 attributes_fixed1;	/* bits every TD has */
	__u64 xfam_supported;		/* XFAM_FIXED0 */
	__u64 xfam_fixed1;
	__u32 max_vcpus;		/* per TD */
	__u32 tdcs_pages;		/* TDCS pages per TD (TDCS_BASE_SIZE / 4K) */
	__u32 tdvps_pages;		/* pages per vCPU: TDVPR + TDCX (TDVPS_BASE_SIZE / 4K) */
	__u32 keyids_total;		/* TD KeyIDs (the TDX KeyIDs but the global one) */
	__u32 keyids_free;
	__u32 max_td_pages;		/* module parameter: pages one TD may hold */
	__u32 nr_cpuid;			/* in: room at cpuid_ptr; out: the module's count */
	__u32 tdx_state;		/* out: enum tdxhost_state */
	__u64 cpuid_ptr;		/* user pointer to nr_cpuid struct tdxhost_cpuid_entry */
	__u32 shared_gpa_bit;		/* GPA bit that marks shared memory (47) */
	__u32 reserved0;
	__u64 reserved[7];
};
#define TDXHOST_CAPS_SIZE_VER0		144

/*
 * /dev/tdxhost: create a TD: an HKID, the TDR, TDH.MNG.CREATE, TDH.MNG.KEY.CONFIG
 * on every package, TDH.MNG.ADDCX of each TDCS page.  Returns the TD fd.
 */
struct tdxhost_create_td {
	__u32 size;
	__u32 flags;			/* 0 */
	__u32 td_id;			/* out: the TD's id (netlink, tdxctl td) */
	__u32 tdx_state;		/* out: enum tdxhost_state (why, on ENODEV) */
	__u64 hw_error;
	__u64 reserved[6];
};
#define TDXHOST_CREATE_TD_SIZE_VER0	72

/*
 * TD fd, state CREATED: TDH.MNG.INIT with TD_PARAMS built from this: the
 * fixed-1 attributes and XFAM bits are ORed in; 4-level EPT (private GPAs
 * below bit 47).  A failure leaves the TD CREATED: INIT may be retried.
 */
struct tdxhost_td_init {
	__u32 size;
	__u32 flags;			/* 0 */
	__u64 attributes;		/* within caps.attributes_supported */
	__u64 xfam;			/* within caps.xfam_supported */
	__u32 max_vcpus;		/* 1..caps.max_vcpus */
	__u32 tsc_khz;			/* 0: the host's, rounded down to 25 MHz; */
					/* else a multiple of 25000 in 100000..10000000 */
	__u64 mr_config_id[6];
	__u64 mr_owner[6];
	__u64 mr_owner_config[6];
	__u32 nr_cpuid;			/* entries at cpuid_ptr (<= 48, else -E2BIG), each */
					/* a leaf of caps' list, once */
	__u32 reserved0;
	__u64 cpuid_ptr;		/* leaves not given are 0 (leaf 1 EAX 0: native F/M/S) */
	__u64 hw_error;
	__u64 reserved[8];
};
#define TDXHOST_TD_INIT_SIZE_VER0	264

/*
 * TD fd, state INITIALIZED: TDH.VP.CREATE, TDH.VP.ADDCX (tdvps_pages - 1),
 * TDH.VP.INIT with x2APIC id = vcpu_index (as KVM).  The vCPU is associated
 * with the CPU that ran VP.INIT; tdxhost flushes it there before that CPU
 * goes offline and at teardown.
 */
struct tdxhost_td_vcpu {
	__u32 size;
	__u32 flags;			/* 0 */
	__u32 vcpu_index;		/* out: 0, 1, ... (its x2APIC id) */
	__u32 cpu;			/* out: the CPU it is associated with */
	__u64 initial_rcx;		/* guest RCX at reset (TDVF: the TD HOB GPA) */
	__u64 hw_error;
	__u64 reserved[6];
};
#define TDXHOST_TD_VCPU_SIZE_VER0	80

/*
 * TD fd, state INITIALIZED with at least one vCPU: per page, TDH.MEM.SEPT.ADD
 * of the missing SEPT levels, TDH.MEM.PAGE.ADD of a copy of the source page,
 * with MEASURE 16 x TDH.MR.EXTEND.  Checked before any SEAMCALL: alignment,
 * private and inside the GPA width, not added yet (-EEXIST), 1..max_td_pages
 * pages, room under max_td_pages (-ENOMEM).  On return source_addr, gpa and
 * nr_pages describe what is left (nr_pages 0: all added), also on error.
 */
#define TDXHOST_MEM_MEASURE		(1u << 0)
struct tdxhost_td_mem_region {
	__u32 size;
	__u32 flags;			/* TDXHOST_MEM_MEASURE */
	__u64 source_addr;		/* user address, page aligned */
	__u64 gpa;			/* private GPA, page aligned */
	__u64 nr_pages;
	__u64 hw_error;
	__u64 reserved[6];
};
#define TDXHOST_TD_MEM_REGION_SIZE_VER0	88

/* TD fd, state INITIALIZED: TDH.MR.FINALIZE (no vCPU: -EINVAL, TDX_NO_VCPUS). */
struct tdxhost_td_finalize {
	__u32 size;
	__u32 flags;			/* 0 */
	__u64 hw_error;
	__u64 reserved[6];
};
#define TDXHOST_TD_FINALIZE_SIZE_VER0	64

enum tdxhost_td_state {
	TDXHOST_TD_CREATED,		/* KeyID configured, TDCS added: needs INIT */
	TDXHOST_TD_INITIALIZED,		/* TDH.MNG.INIT done: vCPUs and memory */
	TDXHOST_TD_FINALIZED,		/* TDH.MR.FINALIZE done: MRTD fixed */
	TDXHOST_TD_DEAD,		/* a failed step left it unusable: GET_INFO, close() */
};

/* TD fd, any state: what the TD is.  mrtd: TDH.MNG.RD once finalized, else 0. */
struct tdxhost_td_info {
	__u32 size;
	__u32 flags;			/* 0 */
	__u32 td_id;
	__u32 state;			/* enum tdxhost_td_state */
	__u32 keyid;			/* the TD's HKID */
	__u32 nr_vcpus;			/* vCPUs initialized */
	__u32 max_vcpus;		/* 0 before INIT */
	__u32 tsc_khz;			/* 0 before INIT */
	__u64 attributes;		/* as given to TDH.MNG.INIT */
	__u64 xfam;
	__u64 pages_control;		/* TDR + TDCS + TDVPR + TDCX */
	__u64 pages_sept;
	__u64 pages_private;		/* added with INIT_MEM_REGION */
	__u64 pages_measured;		/* of those, extended into MRTD */
	__u8  mrtd[48];
	__u64 hw_error;
	__u64 reserved[8];
};
#define TDXHOST_TD_INFO_SIZE_VER0	200

/* The argument of each is the struct of the same name. */
#define TDXHOST_GET_CAPS		_IO(TDXHOST_IOC_MAGIC, 0x40)	/* tdxhost_caps */
#define TDXHOST_CREATE_TD		_IO(TDXHOST_IOC_MAGIC, 0x41)	/* tdxhost_create_td */
#define TDXHOST_TD_INIT			_IO(TDXHOST_IOC_MAGIC, 0x48)	/* tdxhost_td_init */
#define TDXHOST_TD_CREATE_VCPU		_IO(TDXHOST_IOC_MAGIC, 0x49)	/* tdxhost_td_vcpu */
#define TDXHOST_TD_INIT_MEM_REGION	_IO(TDXHOST_IOC_MAGIC, 0x4a)	/* tdxhost_td_mem_region */
#define TDXHOST_TD_FINALIZE		_IO(TDXHOST_IOC_MAGIC, 0x4b)	/* tdxhost_td_finalize */
#define TDXHOST_TD_GET_INFO		_IO(TDXHOST_IOC_MAGIC, 0x4c)	/* tdxhost_td_info */

#endif /* _UAPI_LINUX_TDXHOST_H */
