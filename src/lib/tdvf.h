/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TDVF metadata: where a TD firmware image (OVMF built with TDX, td-shim)
 * says its pieces go in TD memory, and which of them the VMM measures.
 *
 * Locating it (OVMF, QEMU's pc_sysfw_ovmf.c): the last 48 bytes of the image
 * end with the GUIDed-table footer GUID; before it a u16 table length (which
 * counts the footer's u16 and GUID), before that the entries, each
 * [data][u16 entry length][GUID], walked from the end.  The entry with the
 * TDX metadata offset GUID holds a u32: the distance from the image end to
 * the descriptor.  td-shim images have no table: a u32 32 bytes before the
 * end is the descriptor's offset from the image start.  Either way the
 * metadata GUID sits in the 16 bytes before the descriptor.
 *
 * Descriptor: "TDVF", u32 Length (16 + 32 n), u32 Version (1), u32 n, then
 * n sections of DataOffset u32, RawDataSize u32, MemoryAddress u64,
 * MemoryDataSize u64, Type u32, Attributes u32 (all little endian).
 */
#ifndef TDX_LIB_TDVF_H
#define TDX_LIB_TDVF_H

#include "tdx_types.h"

#define TDVF_MAX_SECTIONS	32
#define TDVF_PAGE_SIZE		4096ULL
/* Largest private GPA + 1 a TD can have (GPAW 52: bit 51 is the shared bit) */
#define TDVF_GPA_LIMIT		(1ULL << 51)

enum tdvf_section_type {
	TDVF_SECTION_BFV = 0,		/* boot firmware volume: code */
	TDVF_SECTION_CFV = 1,		/* configuration (variable store) */
	TDVF_SECTION_TD_HOB = 2,	/* the VMM writes the HOB list here */
	TDVF_SECTION_TEMP_MEM = 3,	/* stacks, heap, page tables, mailbox */
	TDVF_SECTION_PERM_MEM = 4,	/* td-shim: TD-owned memory */
	TDVF_SECTION_PAYLOAD = 5,	/* td-shim: kernel image */
	TDVF_SECTION_PAYLOAD_PARAM = 6,	/* td-shim: kernel parameters */
	TDVF_SECTION_TYPE_NR
};

#define TDVF_ATTR_MR_EXTEND	0x1U	/* the VMM extends MRTD with the pages */
#define TDVF_ATTR_PAGE_AUG	0x2U	/* td-shim: TDH.MEM.PAGE.AUG later, not ADD */
#define TDVF_ATTR_KNOWN		(TDVF_ATTR_MR_EXTEND | TDVF_ATTR_PAGE_AUG)

struct tdvf_section {
	u32 data_offset;	/* DataOffset: image offset of the raw data */
	u32 raw_size;		/* RawDataSize: bytes of it (0: no data) */
	u64 gpa;		/* MemoryAddress */
	u64 mem_size;		/* MemoryDataSize; past raw_size the pages are zero */
	u32 type;		/* enum tdvf_section_type */
	u32 attributes;		/* TDVF_ATTR_* */
};

enum tdvf_locator {
	TDVF_LOC_OVMF_TABLE,	/* OVMF GUIDed table footer */
	TDVF_LOC_TDSHIM,	/* td-shim metadata pointer */
};

struct tdvf_image {
	enum tdvf_locator locator;
	u32 desc_offset;	/* descriptor offset from the image start */
	u32 nr_sections;
	u64 total_pages;	/* 4K pages over all sections, PAGE_AUG ones too */
	struct tdvf_section sections[TDVF_MAX_SECTIONS];
};

enum tdvf_err {
	TDVF_OK = 0,
	TDVF_ERR_TRUNCATED,	/* too small to hold a footer */
	TDVF_ERR_FOOTER_GUID,	/* neither an OVMF footer nor a td-shim pointer */
	TDVF_ERR_TABLE,		/* GUIDed table or one of its entries lies */
	TDVF_ERR_NO_TDX_ENTRY,	/* OVMF table without the TDX metadata offset */
	TDVF_ERR_DESC_OFFSET,	/* descriptor offset outside the image */
	TDVF_ERR_METADATA_GUID,	/* no metadata GUID before the descriptor */
	TDVF_ERR_SIGNATURE,
	TDVF_ERR_VERSION,
	TDVF_ERR_COUNT,		/* section count out of bounds */
	TDVF_ERR_LENGTH,	/* Length != 16 + 32 n, or past the image end */
	TDVF_ERR_TYPE,		/* unknown section type */
	TDVF_ERR_ATTR,		/* unknown attribute bits */
	TDVF_ERR_ALIGN,		/* a field that must be 4K aligned is not */
	TDVF_ERR_RANGE,		/* data past the image end, GPA past the limit */
	TDVF_ERR_SIZE,		/* zero memory size, raw size > memory size */
	TDVF_ERR_RULE,		/* a field that this section type forbids */
	TDVF_ERR_OVERLAP,	/* two sections share GPAs */
	TDVF_ERR_LAYOUT,	/* sections missing or repeated (BFV, TD_HOB) */
};

#define TDVF_ERR_MSG_LEN	192

struct tdvf_error {
	enum tdvf_err code;
	int section;		/* index of the offending section, or -1 */
	const char *field;	/* the descriptor/section field named, or NULL */
	char msg[TDVF_ERR_MSG_LEN];	/* one line, no newline */
};

/*
 * Parse and check the metadata of the image @img of @size bytes.  Returns 0
 * with @out filled, or -EINVAL with @err (may be NULL) saying why.  Reads
 * nothing outside @img whatever the image says.
 */
int tdvf_parse(const u8 *img, size_t size, struct tdvf_image *out, struct tdvf_error *err);

/* "BFV", "CFV", "TD_HOB", "TEMP_MEM", "PERM_MEM", "PAYLOAD", "PAYLOAD_PARAM", or "?" */
const char *tdvf_type_name(u32 type);

/* The VMM adds the section with TDH.MEM.PAGE.ADD (PAGE_AUG ones it does not). */
static inline bool tdvf_section_added(const struct tdvf_section *s)
{
	return !(s->attributes & TDVF_ATTR_PAGE_AUG);
}

/* ... and extends MRTD with its contents. */
static inline bool tdvf_section_measured(const struct tdvf_section *s)
{
	return tdvf_section_added(s) && (s->attributes & TDVF_ATTR_MR_EXTEND);
}

#endif /* TDX_LIB_TDVF_H */
