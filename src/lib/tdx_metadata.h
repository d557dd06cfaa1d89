/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TDX module's global metadata as the host reads it (TDH.SYS.RD):
 * one table names every field, its id, element size and where its value
 * goes in struct tdx_sysinfo, so one loop reads them all, the same code
 * reports them (netlink "every field with id, name, value, or absent")
 * and tdxctl can look fields up by name or id.
 */
#ifndef TDX_LIB_METADATA_H
#define TDX_LIB_METADATA_H

#include "tdx_types.h"
#include "tdx_defs.h"

/*
 * CPUID_CONFIG entries kept.  Upstream keeps 128; modules report a few
 * dozen (KVM has seen 37), so 32 would be too few.
 */
#define TDX_MAX_CPUID_CONFIG	128

/* Field ids: bits 33:32 element size, 61:56 class, 63 non-architectural. */
#define MD_FIELD_ELEM_BITS(id)	(8U << MD_FIELD_ELEM_SIZE(id))

/* One index per table row (array fields are one row each). */
enum tdx_md_field_index {
	TDX_MD_MINOR_VERSION,
	TDX_MD_MAJOR_VERSION,
	TDX_MD_UPDATE_VERSION,
	TDX_MD_INTERNAL_VERSION,
	TDX_MD_BUILD_DATE,
	TDX_MD_BUILD_NUM,
	TDX_MD_VENDOR_ID,
	TDX_MD_TDX_FEATURES0,
	TDX_MD_NUM_CMRS,
	TDX_MD_CMR_BASE,
	TDX_MD_CMR_SIZE,
	TDX_MD_MAX_TDMRS,
	TDX_MD_MAX_RESERVED_PER_TDMR,
	TDX_MD_PAMT_4K_ENTRY_SIZE,
	TDX_MD_PAMT_2M_ENTRY_SIZE,
	TDX_MD_PAMT_1G_ENTRY_SIZE,
	TDX_MD_TDR_BASE_SIZE,
	TDX_MD_TDCS_BASE_SIZE,
	TDX_MD_TDVPS_BASE_SIZE,
	TDX_MD_ATTRS_FIXED0,
	TDX_MD_ATTRS_FIXED1,
	TDX_MD_XFAM_FIXED0,
	TDX_MD_XFAM_FIXED1,
	TDX_MD_NUM_CPUID_CONFIG,
	TDX_MD_MAX_VCPUS_PER_TD,
	TDX_MD_CPUID_CONFIG_LEAVES,
	TDX_MD_CPUID_CONFIG_VALUES,
	TDX_MD_NR_FIELDS,
};

/* Everything the host knows about the TDX module; read once, then read-only. */
struct tdx_sysinfo {
	u16 major_version;
	u16 minor_version;
	u16 update_version;
	u16 internal_version;
	u32 build_date;			/* yyyymmdd */
	u16 build_num;
	u32 vendor_id;			/* 0x8086 */
	u64 features0;			/* TDX_FEATURES0_* */

	u16 nr_cmrs;
	u64 cmr_base[TDX_MAX_CMRS];
	u64 cmr_size[TDX_MAX_CMRS];

	u16 max_tdmrs;
	u16 max_reserved_per_tdmr;
	u16 pamt_4k_entry_size;
	u16 pamt_2m_entry_size;
	u16 pamt_1g_entry_size;

	u16 tdr_base_size;
	u16 tdcs_base_size;
	u16 tdvps_base_size;
	u64 attrs_fixed0;
	u64 attrs_fixed1;
	u64 xfam_fixed0;
	u64 xfam_fixed1;
	u16 nr_cpuid_config;
	u16 max_vcpus_per_td;
	u64 cpuid_config_leaves[TDX_MAX_CPUID_CONFIG];
	u64 cpuid_config_values[TDX_MAX_CPUID_CONFIG][2];

	/* Bit TDX_MD_* set: the field was read (absent optional fields are clear). */
	u64 present;
};

/* The element count of an array field comes from another (scalar) field. */
struct tdx_md_field {
	u64 id;			/* the id of element 0 */
	const char *name;	/* "MAJOR_VERSION" */
	u8 elem_bits;		/* 8, 16, 32 or 64; agrees with id bits 33:32 */
	bool required;		/* absence fails the read */
	u16 offset;		/* offsetof(struct tdx_sysinfo, member) */
	u8 dest_size;		/* bytes of one destination element */
	u16 max_elems;		/* destination capacity: 1 for scalars */
	s8 count_field;		/* TDX_MD_* giving the count, -1 for scalars */
	u8 per_count;		/* ids per counted item (2 for CPUID values) */
};

/* Returns the TDX status of one TDH.SYS.RD of @field_id; value from R8. */
typedef u64 (*tdx_md_read_fn)(void *ctx, u64 field_id, u64 *value);

/* The table, indexed by enum tdx_md_field_index. */
const struct tdx_md_field *tdx_md_fields(unsigned int *nr);
/* Field holding @id (element ids of array fields included); NULL if none. */
const struct tdx_md_field *tdx_md_field_by_id(u64 id);
/* "MAJOR_VERSION", case-insensitive; NULL if none. */
const struct tdx_md_field *tdx_md_field_by_name(const char *name);
/* Elements this field has in @si (1 for a scalar, 0 if absent). */
unsigned int tdx_md_field_count(const struct tdx_sysinfo *si, const struct tdx_md_field *f);
bool tdx_sysinfo_has(const struct tdx_sysinfo *si, enum tdx_md_field_index idx);

/*
 * Read every field through @rd.  An optional field the module does not
 * know (METADATA_FIELD_ID_INCORRECT or _NOT_READABLE) is left absent.
 * Returns 0; -ENODEV when a required field is missing; -EINVAL when a
 * count exceeds what struct tdx_sysinfo holds (*failed_status 0); for any
 * other failing status tdx_status_to_errno() of it.  On failure the field
 * id and status are stored in *failed_field / *failed_status.  *nr_calls
 * counts the TDH.SYS.RD calls made.  Any out pointer may be NULL.
 */
int tdx_sysinfo_read(struct tdx_sysinfo *si, tdx_md_read_fn rd, void *ctx,
		     u64 *failed_field, u64 *failed_status, unsigned int *nr_calls);

/*
 * Is this a module tdxhost can use?  0, or -EOPNOTSUPP (older than 1.5,
 * no NO_RBP_MOD) / -EINVAL (nonsense values) with *why set to a static
 * one-line reason (may be NULL).
 */
int tdx_sysinfo_check(const struct tdx_sysinfo *si, const char **why);
/* Same verdict; the reason with the module's version, e.g. "TDX module 1.4.0 is older ...". */
int tdx_sysinfo_check_msg(const struct tdx_sysinfo *si, char *buf, size_t len);

/* "1.5.06" (update two digits, as upstream prints it); returns snprintf-style length. */
int tdx_sysinfo_version_str(const struct tdx_sysinfo *si, char *buf, size_t len);

/*
 * Walk every field element for reports.  Start with it zeroed
 * (TDX_MD_ITER_INIT); each call fills @val and returns true, false at the
 * end.  An absent field yields one entry with present == false; an array
 * field yields one entry per element.
 */
struct tdx_md_iter {
	unsigned int field;
	unsigned int elem;
};

#define TDX_MD_ITER_INIT	{ 0, 0 }

struct tdx_md_value {
	const struct tdx_md_field *field;
	u64 id;			/* this element's field id */
	unsigned int index;	/* element index (0 for scalars) */
	bool present;
	u64 value;		/* 0 if absent */
};

bool tdx_md_iter_next(const struct tdx_sysinfo *si, struct tdx_md_iter *it,
		      struct tdx_md_value *val);

/*
 * Store one element by field id (array elements included) and mark the
 * field present; the value is cut to the element size.  -ENOENT for an id
 * not in the table, -ERANGE past the destination's capacity.
 */
int tdx_sysinfo_set(struct tdx_sysinfo *si, u64 field_id, u64 value);
/* Read one element by field id; -ENOENT if unknown or absent, -ERANGE past the count. */
int tdx_sysinfo_get(const struct tdx_sysinfo *si, u64 field_id, u64 *value);

/*
 * TDH.SYS.RDALL: one SEAMCALL dumps as many whole fields as fit in a 4 KiB
 * page, in the module's md_dump_list() format:
 *   u64 list header: bits 15:0 bytes used (header included), 31:16 number
 *                    of sequences, 63:32 reserved;
 *   each sequence:   a u64 header (a field id whose bits 37:34 are the
 *                    elements per field - 1 and 46:38 the fields - 1, bit 50
 *                    the element id stride - 1), then one u64 per element.
 * R8 in is the first field id (MD_FIELD_ID_NA: from the start), R8 out the
 * next one; SUCCESS ends the walk, METADATA_LIST_OVERFLOW asks for more.
 */
#define TDX_MD_LIST_BYTES	4096
#define TDX_MD_LIST_SIZE(hdr)	((u16)(hdr))
#define TDX_MD_LIST_NR_SEQ(hdr)	((u16)((hdr) >> 16))
#define MD_SEQ_LAST_ELEM(hdr)	(((hdr) >> 34) & 0xf)
#define MD_SEQ_LAST_FIELD(hdr)	(((hdr) >> 38) & 0x1ff)
#define MD_SEQ_INC_SIZE		BIT_ULL(50)
/* Destination elements of the whole table (sum of max_elems) must fit this. */
#define TDX_MD_RDALL_SLOTS	512
/* Every RDALL call writes at least one field: 64 calls is a module gone wrong. */
#define TDX_MD_RDALL_MAX_CALLS	64

/*
 * One TDH.SYS.RDALL into @page (the callee passes its physical address in
 * RDX) starting at @start_field_id (R8); stores R8 out in *next_field_id.
 * Returns the status (RAX).
 */
typedef u64 (*tdx_md_rdall_fn)(void *ctx, void *page, u64 start_field_id, u64 *next_field_id);

/*
 * Read every field with TDH.SYS.RDALL into @si, @page being the caller's
 * 4 KiB (TDX_MD_LIST_BYTES) buffer.  The same required/optional/absent
 * rules and count checks as tdx_sysinfo_read(), and the same result.
 * Returns 0; -EOPNOTSUPP when the module has no TDH.SYS.RDALL (the first
 * call got OPERAND_INVALID(RAX) or, from a pre-1.5 module, SYS_NOT_READY:
 * use tdx_sysinfo_read() instead); -EIO for a malformed list or a module
 * that never ends it (*failed_field: the start id of that call); -ENODEV
 * when a required field is not in the list (*failed_field: its id),
 * -EINVAL when a count exceeds what struct tdx_sysinfo holds (the count's
 * id); for a failing SEAMCALL tdx_status_to_errno() of its status, with
 * *failed_field the call's start id and *failed_status the status (0 for
 * the list's own faults).  *nr_calls counts the TDH.SYS.RDALL calls made.
 * Any out pointer may be NULL.
 */
int tdx_sysinfo_read_rdall(struct tdx_sysinfo *si, tdx_md_rdall_fn rdall, void *ctx, void *page,
			   u64 *failed_field, u64 *failed_status, unsigned int *nr_calls);

#endif /* TDX_LIB_METADATA_H */
