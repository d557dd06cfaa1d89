/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * tdxhost userspace ABI, shared by tdxhost.ko, tdxctl and the tests.  The
 * "tdxhost" generic-netlink family's commands, attributes and enums are
 * generated from tdxhost.yaml into tdxhost_netlink.h (edit the spec, then
 * `make netlink-gen`); the /dev/tdxhost ioctls belong here.
 */
#ifndef _UAPI_LINUX_TDXHOST_H
#define _UAPI_LINUX_TDXHOST_H

#include <linux/tdxhost_netlink.h>


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
 *
 * EXTEND_ONLY: only the 16 x TDH.MR.EXTEND per page, over pages an earlier
 * call added (a VMM that adds a region first and measures it afterwards,
 * as QEMU did before KVM's per-page MEASURE).  source_addr must be 0 and
 * MEASURE clear (-EINVAL); a page in the range not added yet: -ENOENT
 * before any SEAMCALL.  pages_measured counts the pages extended.
 */
#define TDXHOST_MEM_MEASURE		(1u << 0)
#define TDXHOST_MEM_EXTEND_ONLY		(1u << 1)
struct tdxhost_td_mem_region {
	__u32 size;
	__u32 flags;			/* TDXHOST_MEM_MEASURE or _EXTEND_ONLY */
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
