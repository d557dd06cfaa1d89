/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEAMCALL leaf names and completion-status decoding, shared by tdxhost.ko
 * (error prints, netlink) and tdxctl (`tdxctl decode`).
 *
 * A status is RAX after SEAMCALL: bit 63 error, 62 non-recoverable,
 * 61 fatal, 47:40 class, 39:32 code, 31:0 detail (an operand id, or for
 * the TDMR/PAMT codes the TDMR index, PAMT page size and a second index).
 * Class 0xFF is never produced by the module: the host's SEAMCALL path uses
 * it for VMfailInvalid, #GP and #UD.
 */
#ifndef TDX_LIB_STATUS_H
#define TDX_LIB_STATUS_H

#include "tdx_types.h"
#include "tdx_defs.h"

/* "No leaf known" for the decoders and the dmesg-line parser. */
#define TDX_LEAF_NONE		(~0ULL)

/* What the detail bits (31:0) of a status carry. */
enum tdx_status_detail {
	TDX_DETAIL_NONE = 0,	/* nothing; shown raw if non-zero */
	TDX_DETAIL_OPERAND,	/* operand id, 0 means RAX */
	TDX_DETAIL_OPERAND_OPT,	/* operand id when non-zero */
	TDX_DETAIL_TDMR,	/* bits 7:0 TDMR index */
	TDX_DETAIL_TDMR_PAMT,	/* + bits 15:8 PAMT page size (0 4K, 1 2M, 2 1G) */
	TDX_DETAIL_PAMT_OVERLAP, /* + bits 23:16 the other TDMR */
	TDX_DETAIL_TDMR_RSVD,	/* + bits 15:8 reserved-area index */
	TDX_DETAIL_CPUID_LEAF,	/* detail is a CPUID leaf */
	TDX_DETAIL_MSR,		/* detail is an MSR address */
	TDX_DETAIL_SMRR,	/* bits 7:0 SMRR index */
	TDX_DETAIL_SMRR_CMR,	/* + bits 15:8 CMR index */
};

/* One row of the status table. */
struct tdx_status_info {
	u64 code;		/* status with the detail bits clear */
	const char *name;	/* "TDX_SYS_NOT_READY" */
	const char *hint;	/* one line a sysadmin can act on */
	enum tdx_status_detail detail;
};

/* A status taken apart; filled by tdx_status_decode() for any u64. */
struct tdx_status_decoded {
	u64 status;		/* as given */
	u64 code;		/* table code (or status & CODE_MASK if unknown) */
	u64 leaf;		/* as given, or TDX_LEAF_NONE */
	const char *name;	/* NULL if the code is unknown */
	const char *leaf_name;	/* NULL if the leaf is unknown */
	const char *hint;	/* never NULL */
	const char *class_name;	/* never NULL ("unknown class") */
	u8 class_;		/* bits 47:40 */
	bool error;		/* bit 63 */
	bool non_recoverable;	/* bit 62 */
	bool fatal;		/* bit 61 */
	bool sw;		/* class 0xFF: made by the host, not the module */
	enum tdx_status_detail detail_kind;
	u32 detail;		/* bits 31:0 */
	/* TDX_DETAIL_OPERAND*: */
	u32 operand_id;
	const char *operand;	/* "RCX", "TDR", ...; NULL if none/unknown */
	/* TDMR/PAMT/SMRR codes; -1 where not applicable */
	int tdmr;		/* TDMR index i */
	int pamt_page_size;	/* enum tdx_page_size, or -1 */
	int index2;		/* PAMT_OVERLAP: other TDMR j; reserved area j; CMR */
};

/* "TDH.SYS.INIT" for RAX bits 15:0 (bits 23:16 version allowed); NULL if unknown. */
const char *tdx_leaf_name(u64 leaf);
/*
 * Name -> leaf number (0..0xffff), case-insensitive, '.' or '_', with or
 * without the "TDH." prefix.  -EINVAL if unknown; -ERANGE for the P-SEAMLDR
 * leaves, which do not fit an int (use tdx_leaf_lookup()).
 */
int tdx_leaf_from_name(const char *name);
/* Name or number ("34", "0x22") -> full RAX leaf value; 0 or -EINVAL. */
int tdx_leaf_lookup(const char *text, u64 *leaf);

/* Table row for a status (detail bits ignored); NULL if unknown. */
const struct tdx_status_info *tdx_status_find(u64 status);
/* "TDX_SYS_NOT_READY" (or without "TDX_", any case) -> code; 0 or -EINVAL. */
int tdx_status_lookup(const char *name, u64 *code);
/* The whole table, for tests and `tdxctl decode --list`. */
const struct tdx_status_info *tdx_status_table(unsigned int *nr);
/* "TDMR/PAMT configuration" for class 0x0A etc.; never NULL. */
const char *tdx_status_class_name(u8 class_);
/* Operand id -> "RCX", "TDR", ...; NULL if unknown. */
const char *tdx_operand_name(u32 operand_id);

/*
 * Decode any u64; @leaf (or TDX_LEAF_NONE) picks leaf-specific hints.
 * Returns 0 if the code is in the table, -ENOENT if not (out still filled).
 */
int tdx_status_decode(u64 status, u64 leaf, struct tdx_status_decoded *out);

/*
 * One line of text, e.g.
 * "TDX_TDMR_OUTSIDE_CMRS (TDMR 3): <hint>".  Always NUL-terminates when
 * @len > 0; returns the length the full text needs (like snprintf).
 */
int tdx_status_format(char *buf, size_t len, u64 status, u64 leaf);

/*
 * The line tdxhost prints for a failed SEAMCALL, which
 * tdx_parse_seamcall_line() reads back:
 * "SEAMCALL TDH.SYS.RD (34) failed: 0xc000050500000000 TDX_SYS_NOT_READY: <hint>"
 */
int tdx_seamcall_format(char *buf, size_t len, u64 leaf, u64 status);

/*
 * Find leaf and status in a pasted log line.  Understands
 *   "SEAMCALL 0x22 failed 0xc000050500000000"
 *   "SEAMCALL (0x0000000000000022) failed: 0x..."  (upstream; hex leaf)
 *   "SEAMCALL (34) failed: 0x..."                  (later upstream; decimal)
 *   "SEAMCALL TDH_MNG_CREATE failed: 0x..."        (KVM)
 *   "tdxhost: SEAMCALL TDH.SYS.RD (34) failed: 0x... TDX_SYS_NOT_READY ..."
 * *leaf is TDX_LEAF_NONE when the line names no leaf.  -EINVAL if there is
 * no "SEAMCALL ... failed <status>".
 */
int tdx_parse_seamcall_line(const char *line, u64 *leaf, u64 *status);

/*
 * errno for a status, as upstream's SEAMCALL layer: success and non-error
 * statuses 0, VMFAILINVALID -ENODEV, #GP -EOPNOTSUPP, #UD -EACCES, other
 * errors -EIO.
 */
int tdx_status_to_errno(u64 status);

#endif /* TDX_LIB_STATUS_H */
