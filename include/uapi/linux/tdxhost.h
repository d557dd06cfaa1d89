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

#endif /* _UAPI_LINUX_TDXHOST_H */
