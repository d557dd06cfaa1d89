// SPDX-License-Identifier: GPL-2.0
/*
 * TDVF metadata parser (layout in tdvf.h).
 *
 * An image is untrusted input: every offset is checked against the image
 * size, in 64-bit arithmetic, before anything is read there.  The section
 * rules are QEMU's (hw/i386/tdvf.c: raw size <= memory size, GPA and memory
 * size 4K aligned, BFV/CFV carry data, TD_HOB/TEMP_MEM do not), KVM's
 * (KVM_TDX_INIT_MEM_REGION: a non-empty, page-aligned source and GPA range)
 * and td-shim's for the types QEMU does not know, plus what a measurement
 * needs to be predictable: no overlapping GPAs, nothing extended that has
 * no contents in the image.
 */
#include "tdvf.h"
#include "tdx_strbuf.h"

#define OVMF_FOOTER_OFF		48	/* footer GUID starts 48 bytes before the end */
#define OVMF_ENTRY_TAIL		18	/* u16 length + GUID that end each entry */
#define TDSHIM_PTR_OFF		32	/* td-shim metadata pointer, from the end */
#define TDVF_GUID_LEN		16
#define TDVF_DESC_LEN		16
#define TDVF_SECTION_LEN	32
#define TDVF_SIGNATURE		0x46564454	/* "TDVF" read as LE u32 */
#define TDVF_VERSION		1
#define TDVF_MIN_SECTIONS	2		/* QEMU: a BFV and a TD_HOB at least */

/* GUIDs as stored (the first three fields little endian) */
static const u8 guid_ovmf_footer[TDVF_GUID_LEN] = {	/* 96b582de-1fb2-45f7-baea-a366c55a082d */
	0xde, 0x82, 0xb5, 0x96, 0xb2, 0x1f, 0xf7, 0x45,
	0xba, 0xea, 0xa3, 0x66, 0xc5, 0x5a, 0x08, 0x2d,
};

static const u8 guid_tdx_offset[TDVF_GUID_LEN] = {	/* e47a6535-984a-4798-865e-4685a7bf8ec2 */
	0x35, 0x65, 0x7a, 0xe4, 0x4a, 0x98, 0x98, 0x47,
	0x86, 0x5e, 0x46, 0x85, 0xa7, 0xbf, 0x8e, 0xc2,
};

static const u8 guid_tdvf_metadata[TDVF_GUID_LEN] = {	/* e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae */
	0xf3, 0xf9, 0xea, 0xe9, 0x8e, 0x16, 0xd5, 0x44,
	0xa8, 0xeb, 0x7f, 0x4d, 0x87, 0x38, 0xf6, 0xae,
};

static const char * const tdvf_type_names[TDVF_SECTION_TYPE_NR] = {
	"BFV", "CFV", "TD_HOB", "TEMP_MEM", "PERM_MEM", "PAYLOAD", "PAYLOAD_PARAM",
};

const char *tdvf_type_name(u32 type)
{
	return type < TDVF_SECTION_TYPE_NR ? tdvf_type_names[type] : "?";
}

static u16 get_le16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 get_le64(const u8 *p)
{
	return (u64)get_le32(p) | (u64)get_le32(p + 4) << 32;
}

/* ---- error text: "section 2 (TEMP_MEM): MemoryAddress 0x1001 is not 4K aligned" */

/*
 * Start the message for @code; with @section >= 0 it opens with the section
 * and its type, with @field the field name follows.  The caller appends the
 * rest and returns err_end().
 */
static struct tdx_strbuf *err_begin(struct tdvf_error *err, struct tdx_strbuf *sb,
				    enum tdvf_err code, int section, u32 type, const char *field)
{
	err->code = code;
	err->section = section;
	err->field = field;
	tdx_strbuf_init(sb, err->msg, sizeof(err->msg));
	if (section >= 0) {
		tdx_strbuf_puts(sb, "section ");
		tdx_strbuf_dec(sb, (u64)section);
		tdx_strbuf_puts(sb, " (");
		tdx_strbuf_puts(sb, tdvf_type_name(type));
		tdx_strbuf_puts(sb, "): ");
	}
	if (field) {
		tdx_strbuf_puts(sb, field);
		tdx_strbuf_putc(sb, ' ');
	}
	return sb;
}

static int err_end(struct tdx_strbuf *sb)
{
	tdx_strbuf_finish(sb);
	return -EINVAL;
}

static int err_text(struct tdvf_error *err, enum tdvf_err code, const char *field,
		    const char *text)
{
	struct tdx_strbuf sb;

	tdx_strbuf_puts(err_begin(err, &sb, code, -1, 0, field), text);
	return err_end(&sb);
}

/* ---- locating the descriptor */

/* Walk the OVMF GUIDed table (the footer is already matched). */
static int find_ovmf_desc(const u8 *img, u64 size, u64 *desc, struct tdvf_error *err)
{
	u64 end = size - OVMF_FOOTER_OFF - 2;	/* the table ends at its length field */
	u64 table_len = get_le16(img + end);
	u64 left, v;
	struct tdx_strbuf sb;

	if (table_len < OVMF_ENTRY_TAIL || table_len - OVMF_ENTRY_TAIL > end) {
		err_begin(err, &sb, TDVF_ERR_TABLE, -1, 0, "OVMF table length");
		tdx_strbuf_dec(&sb, table_len);
		tdx_strbuf_puts(&sb, " does not fit the ");
		tdx_strbuf_dec(&sb, size);
		tdx_strbuf_puts(&sb, "-byte image (it counts its own 18-byte footer)");
		return err_end(&sb);
	}
	left = table_len - OVMF_ENTRY_TAIL;
	while (left >= OVMF_ENTRY_TAIL) {
		u64 len = get_le16(img + end - OVMF_ENTRY_TAIL);
		const u8 *guid = img + end - TDVF_GUID_LEN;

		if (len < OVMF_ENTRY_TAIL || len > left) {
			err_begin(err, &sb, TDVF_ERR_TABLE, -1, 0, "OVMF table entry length");
			tdx_strbuf_dec(&sb, len);
			tdx_strbuf_puts(&sb, " at image offset ");
			tdx_strbuf_hex(&sb, end - OVMF_ENTRY_TAIL, 1);
			tdx_strbuf_puts(&sb, " is not within 18..");
			tdx_strbuf_dec(&sb, left);
			tdx_strbuf_puts(&sb, " (the table bytes left)");
			return err_end(&sb);
		}
		if (!memcmp(guid, guid_tdx_offset, TDVF_GUID_LEN)) {
			if (len - OVMF_ENTRY_TAIL < 4)
				return err_text(err, TDVF_ERR_TABLE, "TDX metadata offset entry",
						"holds fewer than the 4 bytes of its u32");
			v = get_le32(img + end - len);
			/* metadata GUID and descriptor header inside the image */
			if (v < TDVF_DESC_LEN || v > size - TDVF_GUID_LEN) {
				err_begin(err, &sb, TDVF_ERR_DESC_OFFSET, -1, 0,
					  "TDX metadata offset");
				tdx_strbuf_hex(&sb, v, 1);
				tdx_strbuf_puts(&sb, " (from the image end) is outside 0x10..");
				tdx_strbuf_hex(&sb, size - TDVF_GUID_LEN, 1);
				return err_end(&sb);
			}
			*desc = size - v;
			return 0;
		}
		end -= len;
		left -= len;
	}
	return err_text(err, TDVF_ERR_NO_TDX_ENTRY, NULL,
			"OVMF table has no TDX metadata offset entry (GUID e47a6535-984a-4798-865e-4685a7bf8ec2): not a TDX firmware");
}

/* td-shim: a u32 offset from the image start, trusted only if the GUID agrees. */
static bool find_tdshim_desc(const u8 *img, u64 size, u64 *desc)
{
	u64 v = get_le32(img + size - TDSHIM_PTR_OFF);

	if (v < TDVF_GUID_LEN || v > size - TDVF_DESC_LEN)
		return false;
	if (memcmp(img + v - TDVF_GUID_LEN, guid_tdvf_metadata, TDVF_GUID_LEN))
		return false;
	*desc = v;
	return true;
}

/* ---- descriptor and sections */

static int check_descriptor(const u8 *img, u64 size, u64 desc, u32 *nr,
			    struct tdvf_error *err)
{
	const u8 *d = img + desc;
	u64 len = get_le32(d + 4), n = get_le32(d + 12), ver = get_le32(d + 8);
	struct tdx_strbuf sb;

	if (memcmp(d - TDVF_GUID_LEN, guid_tdvf_metadata, TDVF_GUID_LEN)) {
		err_begin(err, &sb, TDVF_ERR_METADATA_GUID, -1, 0, NULL);
		tdx_strbuf_puts(&sb, "no TDVF metadata GUID (e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae) before the descriptor at ");
		tdx_strbuf_hex(&sb, desc, 1);
		return err_end(&sb);
	}
	if (get_le32(d) != TDVF_SIGNATURE) {
		err_begin(err, &sb, TDVF_ERR_SIGNATURE, -1, 0, "Signature");
		tdx_strbuf_hex(&sb, get_le32(d), 8);
		tdx_strbuf_puts(&sb, " at ");
		tdx_strbuf_hex(&sb, desc, 1);
		tdx_strbuf_puts(&sb, " is not \"TDVF\"");
		return err_end(&sb);
	}
	if (ver != TDVF_VERSION) {
		err_begin(err, &sb, TDVF_ERR_VERSION, -1, 0, "Version");
		tdx_strbuf_dec(&sb, ver);
		tdx_strbuf_puts(&sb, " is not 1 (the only one defined)");
		return err_end(&sb);
	}
	if (n < TDVF_MIN_SECTIONS || n > TDVF_MAX_SECTIONS) {
		err_begin(err, &sb, TDVF_ERR_COUNT, -1, 0, "NumberOfSectionEntries");
		tdx_strbuf_dec(&sb, n);
		tdx_strbuf_puts(&sb, " is not within 2..");
		tdx_strbuf_dec(&sb, TDVF_MAX_SECTIONS);
		return err_end(&sb);
	}
	if (len != TDVF_DESC_LEN + TDVF_SECTION_LEN * n) {
		err_begin(err, &sb, TDVF_ERR_LENGTH, -1, 0, "Length");
		tdx_strbuf_dec(&sb, len);
		tdx_strbuf_puts(&sb, " is not 16 + 32 * ");
		tdx_strbuf_dec(&sb, n);
		tdx_strbuf_puts(&sb, " sections = ");
		tdx_strbuf_dec(&sb, TDVF_DESC_LEN + TDVF_SECTION_LEN * n);
		return err_end(&sb);
	}
	if (len > size - desc) {
		err_begin(err, &sb, TDVF_ERR_LENGTH, -1, 0, "Length");
		tdx_strbuf_dec(&sb, len);
		tdx_strbuf_puts(&sb, " of the descriptor at ");
		tdx_strbuf_hex(&sb, desc, 1);
		tdx_strbuf_puts(&sb, " runs past the image end ");
		tdx_strbuf_hex(&sb, size, 1);
		return err_end(&sb);
	}
	*nr = (u32)n;
	return 0;
}

/* A field value that fails a check: "<field> <hex> <why>". */
static int err_field(struct tdvf_error *err, enum tdvf_err code, int i,
		     const struct tdvf_section *s, const char *field, u64 v, const char *why)
{
	struct tdx_strbuf sb;

	err_begin(err, &sb, code, i, s->type, field);
	tdx_strbuf_hex(&sb, v, 1);
	tdx_strbuf_putc(&sb, ' ');
	tdx_strbuf_puts(&sb, why);
	return err_end(&sb);
}

/* Two values: "<field> <hex> <mid> <hex2><tail>". */
static int err_field2(struct tdvf_error *err, enum tdvf_err code, int i,
		      const struct tdvf_section *s, const char *field, u64 v, const char *mid,
		      u64 v2, const char *tail)
{
	struct tdx_strbuf sb;

	err_begin(err, &sb, code, i, s->type, field);
	tdx_strbuf_hex(&sb, v, 1);
	tdx_strbuf_puts(&sb, mid);
	tdx_strbuf_hex(&sb, v2, 1);
	tdx_strbuf_puts(&sb, tail);
	return err_end(&sb);
}

static bool type_has_data(u32 type)
{
	return type == TDVF_SECTION_BFV || type == TDVF_SECTION_CFV;
}

/* Sections that must be zero pages the VMM only adds (or augments). */
static bool type_is_memory(u32 type)
{
	return type == TDVF_SECTION_TD_HOB || type == TDVF_SECTION_TEMP_MEM ||
	       type == TDVF_SECTION_PERM_MEM;
}

static int check_section(const struct tdvf_section *s, int i, u64 size,
			 struct tdvf_error *err)
{
	u64 raw = s->raw_size;

	if (s->type >= TDVF_SECTION_TYPE_NR)
		return err_field(err, TDVF_ERR_TYPE, i, s, "Type", s->type,
				 "is unknown (0-6: BFV CFV TD_HOB TEMP_MEM PERM_MEM PAYLOAD PAYLOAD_PARAM)");
	if (s->attributes & ~TDVF_ATTR_KNOWN)
		return err_field(err, TDVF_ERR_ATTR, i, s, "Attributes", s->attributes,
				 "has unknown bits (known: 0x1 MR_EXTEND, 0x2 PAGE_AUG)");
	if (!IS_ALIGNED(s->gpa, TDVF_PAGE_SIZE))
		return err_field(err, TDVF_ERR_ALIGN, i, s, "MemoryAddress", s->gpa,
				 "is not 4K aligned");
	if (!s->mem_size)
		return err_field(err, TDVF_ERR_SIZE, i, s, "MemoryDataSize", 0,
				 "is empty (the VMM cannot add zero pages)");
	if (!IS_ALIGNED(s->mem_size, TDVF_PAGE_SIZE))
		return err_field(err, TDVF_ERR_ALIGN, i, s, "MemoryDataSize", s->mem_size,
				 "is not 4K aligned");
	if (s->mem_size > TDVF_GPA_LIMIT || s->gpa > TDVF_GPA_LIMIT - s->mem_size)
		return err_field2(err, TDVF_ERR_RANGE, i, s, "MemoryAddress", s->gpa,
				  " + MemoryDataSize ", s->mem_size,
				  " runs past the largest private GPA (2^51)");
	if (raw > s->mem_size)
		return err_field2(err, TDVF_ERR_SIZE, i, s, "RawDataSize", raw,
				  " is larger than MemoryDataSize ", s->mem_size, "");
	if (raw) {
		/* KVM wants a page-aligned source; QEMU passes image + DataOffset */
		if (!IS_ALIGNED(s->data_offset, TDVF_PAGE_SIZE))
			return err_field(err, TDVF_ERR_ALIGN, i, s, "DataOffset", s->data_offset,
					 "is not 4K aligned");
		if (s->data_offset > size || raw > size - s->data_offset)
			return err_field2(err, TDVF_ERR_RANGE, i, s, "DataOffset",
					  s->data_offset, " + RawDataSize ", raw,
					  " runs past the image end");
	} else if (s->data_offset) {
		return err_field(err, TDVF_ERR_RULE, i, s, "DataOffset", s->data_offset,
				 "is set on a section without raw data");
	}
	if (type_has_data(s->type) && !raw)
		return err_field(err, TDVF_ERR_RULE, i, s, "RawDataSize", 0,
				 "is zero: this type is copied from the image");
	if (type_is_memory(s->type) && raw)
		return err_field(err, TDVF_ERR_RULE, i, s, "RawDataSize", raw,
				 "is set: this type has no data in the image");
	if (type_is_memory(s->type) && (s->attributes & TDVF_ATTR_MR_EXTEND))
		return err_field(err, TDVF_ERR_RULE, i, s, "Attributes", s->attributes,
				 "asks for MR_EXTEND: this type is added, never measured");
	if (s->attributes & TDVF_ATTR_PAGE_AUG) {
		if (s->attributes & TDVF_ATTR_MR_EXTEND)
			return err_field(err, TDVF_ERR_RULE, i, s, "Attributes", s->attributes,
					 "has PAGE_AUG and MR_EXTEND: augmented pages are not measured");
		if (raw)
			return err_field(err, TDVF_ERR_RULE, i, s, "Attributes", s->attributes,
					 "has PAGE_AUG on a section with raw data (augmented pages start zero)");
		if (type_has_data(s->type) || s->type == TDVF_SECTION_TD_HOB)
			return err_field(err, TDVF_ERR_RULE, i, s, "Attributes", s->attributes,
					 "has PAGE_AUG: this type must be added before the TD runs");
	}
	return 0;
}

static int check_layout(const struct tdvf_image *t, struct tdvf_error *err)
{
	unsigned int i, j, count[TDVF_SECTION_TYPE_NR] = { 0 };
	struct tdx_strbuf sb;

	for (i = 0; i < t->nr_sections; i++) {
		const struct tdvf_section *a = &t->sections[i];

		for (j = 0; j < i; j++) {
			const struct tdvf_section *b = &t->sections[j];

			if (a->gpa >= b->gpa + b->mem_size || b->gpa >= a->gpa + a->mem_size)
				continue;
			err_begin(err, &sb, TDVF_ERR_OVERLAP, (int)i, a->type, "MemoryAddress");
			tdx_strbuf_puts(&sb, "range [");
			tdx_strbuf_hex(&sb, a->gpa, 1);
			tdx_strbuf_puts(&sb, ", ");
			tdx_strbuf_hex(&sb, a->gpa + a->mem_size, 1);
			tdx_strbuf_puts(&sb, ") overlaps section ");
			tdx_strbuf_dec(&sb, j);
			tdx_strbuf_puts(&sb, " (");
			tdx_strbuf_puts(&sb, tdvf_type_name(b->type));
			tdx_strbuf_puts(&sb, ") [");
			tdx_strbuf_hex(&sb, b->gpa, 1);
			tdx_strbuf_puts(&sb, ", ");
			tdx_strbuf_hex(&sb, b->gpa + b->mem_size, 1);
			tdx_strbuf_putc(&sb, ')');
			return err_end(&sb);
		}
		count[a->type]++;
	}
	if (!count[TDVF_SECTION_BFV])
		return err_text(err, TDVF_ERR_LAYOUT, NULL,
				"no BFV section: nothing holds the reset vector");
	if (count[TDVF_SECTION_TD_HOB] > 1)
		return err_text(err, TDVF_ERR_LAYOUT, NULL,
				"more than one TD_HOB section (the vCPUs get one HOB address)");
	if (!count[TDVF_SECTION_TD_HOB] && !count[TDVF_SECTION_PERM_MEM])
		return err_text(err, TDVF_ERR_LAYOUT, NULL,
				"no TD_HOB section (and no PERM_MEM): the VMM has nowhere to describe memory");
	return 0;
}

int tdvf_parse(const u8 *img, size_t size, struct tdvf_image *out, struct tdvf_error *err)
{
	struct tdvf_error scratch;
	struct tdx_strbuf sb;
	u64 desc, pages = 0;
	unsigned int i;
	u32 nr;
	int ret;

	if (!err)
		err = &scratch;
	err->code = TDVF_OK;
	err->section = -1;
	err->field = NULL;
	err->msg[0] = '\0';
	memset(out, 0, sizeof(*out));

	if (!img || size < OVMF_FOOTER_OFF + 2) {
		err_begin(err, &sb, TDVF_ERR_TRUNCATED, -1, 0, NULL);
		tdx_strbuf_puts(&sb, "image of ");
		tdx_strbuf_dec(&sb, img ? size : 0);
		tdx_strbuf_puts(&sb, " bytes is too small for the OVMF table footer (50 bytes)");
		return err_end(&sb);
	}
	if ((u64)size > 0xffffffffULL)
		return err_text(err, TDVF_ERR_RANGE, NULL,
				"image larger than 4 GiB (section offsets are 32-bit)");

	if (!memcmp(img + size - OVMF_FOOTER_OFF, guid_ovmf_footer, TDVF_GUID_LEN)) {
		out->locator = TDVF_LOC_OVMF_TABLE;
		ret = find_ovmf_desc(img, size, &desc, err);
		if (ret)
			return ret;
	} else if (find_tdshim_desc(img, size, &desc)) {
		out->locator = TDVF_LOC_TDSHIM;
	} else {
		return err_text(err, TDVF_ERR_FOOTER_GUID, NULL,
				"no OVMF table footer GUID (96b582de-1fb2-45f7-baea-a366c55a082d) 48 bytes before the end, nor a td-shim metadata pointer 32 bytes before it");
	}

	ret = check_descriptor(img, size, desc, &nr, err);
	if (ret)
		return ret;
	out->desc_offset = (u32)desc;
	out->nr_sections = nr;

	for (i = 0; i < nr; i++) {
		const u8 *p = img + desc + TDVF_DESC_LEN + (u64)i * TDVF_SECTION_LEN;
		struct tdvf_section *s = &out->sections[i];

		s->data_offset = get_le32(p);
		s->raw_size = get_le32(p + 4);
		s->gpa = get_le64(p + 8);
		s->mem_size = get_le64(p + 16);
		s->type = get_le32(p + 24);
		s->attributes = get_le32(p + 28);
		ret = check_section(s, (int)i, size, err);
		if (ret)
			return ret;
		pages += s->mem_size / TDVF_PAGE_SIZE;	/* <= 32 * 2^39: no overflow */
	}
	out->total_pages = pages;
	return check_layout(out, err);
}
