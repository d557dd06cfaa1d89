// SPDX-License-Identifier: GPL-2.0
/*
 * The global-metadata field table and the backend-independent reader.
 *
 * Field ids and element sizes are the module's (global_sys_fields_lookup);
 * which fields are required follows what host init needs: a field that
 * only a newer module or a later TD feature uses is optional, so an older
 * 1.5 module that lacks it still initializes.
 */
#include "tdx_types.h"
#include "tdx_defs.h"
#include "tdx_status.h"
#include "tdx_strbuf.h"
#include "tdx_metadata.h"

#define TDX_SI_MEMBER_SIZE(m)	sizeof(((struct tdx_sysinfo *)0)->m)

/* Scalar field NAME: id MD_FIELD_ID_NAME, row TDX_MD_NAME. */
#define MD_SCALAR(fname, member, bits, req) \
	[TDX_MD_##fname] = { \
		.id = MD_FIELD_ID_##fname, .name = #fname, .elem_bits = bits, \
		.required = req, .offset = offsetof(struct tdx_sysinfo, member), \
		.dest_size = TDX_SI_MEMBER_SIZE(member), .max_elems = 1, \
		.count_field = -1, .per_count = 1, \
	}

/*
 * Array field: @fid is element 0's id, @elem one destination element
 * (cmr_base[0], cpuid_config_values[0][0]); @per ids per counted item.
 */
#define MD_ARRAY(fname, fid, member, elem, bits, count_idx, per) \
	[TDX_MD_##fname] = { \
		.id = fid, .name = #fname, .elem_bits = bits, .required = true, \
		.offset = offsetof(struct tdx_sysinfo, member), \
		.dest_size = TDX_SI_MEMBER_SIZE(elem), \
		.max_elems = TDX_SI_MEMBER_SIZE(member) / TDX_SI_MEMBER_SIZE(elem), \
		.count_field = count_idx, .per_count = per, \
	}

/* Order matters: a count field comes before the arrays it sizes. */
static const struct tdx_md_field tdx_md_table[TDX_MD_NR_FIELDS] = {
	MD_SCALAR(MINOR_VERSION, minor_version, 16, true),
	MD_SCALAR(MAJOR_VERSION, major_version, 16, true),
	MD_SCALAR(UPDATE_VERSION, update_version, 16, true),
	MD_SCALAR(INTERNAL_VERSION, internal_version, 16, false),
	/* Non-architectural (id bit 63): a module may drop them. */
	MD_SCALAR(BUILD_DATE, build_date, 32, false),
	MD_SCALAR(BUILD_NUM, build_num, 16, false),
	MD_SCALAR(VENDOR_ID, vendor_id, 32, false),
	MD_SCALAR(TDX_FEATURES0, features0, 64, true),
	MD_SCALAR(NUM_CMRS, nr_cmrs, 16, true),
	MD_ARRAY(CMR_BASE, MD_FIELD_ID_CMR_BASE0, cmr_base, cmr_base[0], 64,
		 TDX_MD_NUM_CMRS, 1),
	MD_ARRAY(CMR_SIZE, MD_FIELD_ID_CMR_SIZE0, cmr_size, cmr_size[0], 64,
		 TDX_MD_NUM_CMRS, 1),
	MD_SCALAR(MAX_TDMRS, max_tdmrs, 16, true),
	MD_SCALAR(MAX_RESERVED_PER_TDMR, max_reserved_per_tdmr, 16, true),
	MD_SCALAR(PAMT_4K_ENTRY_SIZE, pamt_4k_entry_size, 16, true),
	MD_SCALAR(PAMT_2M_ENTRY_SIZE, pamt_2m_entry_size, 16, true),
	MD_SCALAR(PAMT_1G_ENTRY_SIZE, pamt_1g_entry_size, 16, true),
	MD_SCALAR(TDR_BASE_SIZE, tdr_base_size, 16, true),
	MD_SCALAR(TDCS_BASE_SIZE, tdcs_base_size, 16, true),
	MD_SCALAR(TDVPS_BASE_SIZE, tdvps_base_size, 16, true),
	MD_SCALAR(ATTRS_FIXED0, attrs_fixed0, 64, true),
	MD_SCALAR(ATTRS_FIXED1, attrs_fixed1, 64, true),
	MD_SCALAR(XFAM_FIXED0, xfam_fixed0, 64, true),
	MD_SCALAR(XFAM_FIXED1, xfam_fixed1, 64, true),
	MD_SCALAR(NUM_CPUID_CONFIG, nr_cpuid_config, 16, true),
	/* Only TD creation needs it; the TD layer falls back when absent. */
	MD_SCALAR(MAX_VCPUS_PER_TD, max_vcpus_per_td, 16, false),
	MD_ARRAY(CPUID_CONFIG_LEAVES, MD_FIELD_ID_CPUID_CONFIG_LEAVES0,
		 cpuid_config_leaves, cpuid_config_leaves[0], 64, TDX_MD_NUM_CPUID_CONFIG, 1),
	/* VALUES(i, j) = base + 2i + j: two ids per CPUID config */
	MD_ARRAY(CPUID_CONFIG_VALUES, MD_FIELD_ID_CPUID_CONFIG_VALUES0,
		 cpuid_config_values, cpuid_config_values[0][0], 64,
		 TDX_MD_NUM_CPUID_CONFIG, 2),
};

#undef MD_SCALAR
#undef MD_ARRAY

_Static_assert(TDX_MD_NR_FIELDS <= 64, "struct tdx_sysinfo.present has one bit per row");

const struct tdx_md_field *tdx_md_fields(unsigned int *nr)
{
	if (nr)
		*nr = TDX_MD_NR_FIELDS;
	return tdx_md_table;
}

static unsigned int tdx_md_index(const struct tdx_md_field *f)
{
	return (unsigned int)(f - tdx_md_table);
}

const struct tdx_md_field *tdx_md_field_by_id(u64 id)
{
	unsigned int i;

	for (i = 0; i < TDX_MD_NR_FIELDS; i++) {
		const struct tdx_md_field *f = &tdx_md_table[i];

		if (id >= f->id && id - f->id < f->max_elems)
			return f;
	}
	return NULL;
}

static char tdx_md_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

const struct tdx_md_field *tdx_md_field_by_name(const char *name)
{
	unsigned int i;

	if (!name)
		return NULL;
	for (i = 0; i < TDX_MD_NR_FIELDS; i++) {
		const char *a = name, *b = tdx_md_table[i].name;

		while (*a && tdx_md_lower(*a) == tdx_md_lower(*b)) {
			a++;
			b++;
		}
		if (!*a && !*b)
			return &tdx_md_table[i];
	}
	return NULL;
}

bool tdx_sysinfo_has(const struct tdx_sysinfo *si, enum tdx_md_field_index idx)
{
	return (unsigned int)idx < TDX_MD_NR_FIELDS && (si->present & BIT_ULL(idx));
}

static u64 tdx_md_elem_mask(const struct tdx_md_field *f)
{
	return f->elem_bits >= 64 ? ~0ULL : BIT_ULL(f->elem_bits) - 1;
}

/* Store one element through the table; the value is cut to the element size. */
static int tdx_md_store(struct tdx_sysinfo *si, const struct tdx_md_field *f,
			unsigned int elem, u64 value)
{
	u8 *dst;

	if (elem >= f->max_elems)
		return -ERANGE;
	dst = (u8 *)si + f->offset + (size_t)elem * f->dest_size;
	value &= tdx_md_elem_mask(f);
	if (f->dest_size == sizeof(u8)) {
		u8 v = (u8)value;

		memcpy(dst, &v, sizeof(v));
	} else if (f->dest_size == sizeof(u16)) {
		u16 v = (u16)value;

		memcpy(dst, &v, sizeof(v));
	} else if (f->dest_size == sizeof(u32)) {
		u32 v = (u32)value;

		memcpy(dst, &v, sizeof(v));
	} else if (f->dest_size == sizeof(u64)) {
		memcpy(dst, &value, sizeof(value));
	} else {
		return -EINVAL;
	}
	return 0;
}

static u64 tdx_md_load(const struct tdx_sysinfo *si, const struct tdx_md_field *f,
		       unsigned int elem)
{
	const u8 *src;

	if (elem >= f->max_elems)
		return 0;
	src = (const u8 *)si + f->offset + (size_t)elem * f->dest_size;
	if (f->dest_size == sizeof(u8)) {
		u8 v;

		memcpy(&v, src, sizeof(v));
		return v;
	} else if (f->dest_size == sizeof(u16)) {
		u16 v;

		memcpy(&v, src, sizeof(v));
		return v;
	} else if (f->dest_size == sizeof(u32)) {
		u32 v;

		memcpy(&v, src, sizeof(v));
		return v;
	} else if (f->dest_size == sizeof(u64)) {
		u64 v;

		memcpy(&v, src, sizeof(v));
		return v;
	}
	return 0;
}

/* Elements the module has for @f, per its count field (may exceed max_elems). */
static u64 tdx_md_wanted(const struct tdx_sysinfo *si, const struct tdx_md_field *f)
{
	const struct tdx_md_field *count;

	if (f->count_field < 0)
		return 1;
	count = &tdx_md_table[f->count_field];
	if (!tdx_sysinfo_has(si, (enum tdx_md_field_index)f->count_field))
		return 0;
	return tdx_md_load(si, count, 0) * f->per_count;
}

unsigned int tdx_md_field_count(const struct tdx_sysinfo *si, const struct tdx_md_field *f)
{
	u64 n;

	if (!tdx_sysinfo_has(si, (enum tdx_md_field_index)tdx_md_index(f)))
		return 0;
	n = tdx_md_wanted(si, f);
	return n > f->max_elems ? f->max_elems : (unsigned int)n;
}

static bool tdx_md_status_absent(u64 status)
{
	u64 code = status & TDX_STATUS_CODE_MASK;

	return code == TDX_METADATA_FIELD_ID_INCORRECT ||
	       code == TDX_METADATA_FIELD_NOT_READABLE;
}

/*
 * Shared by both readers, so TDH.SYS.RD and TDH.SYS.RDALL give the same
 * result.  Elements row @f must have: 0 with *n set, or -EINVAL (with
 * *bad_field the count's id) when that is more than struct tdx_sysinfo holds.
 */
static int tdx_md_row_elems(const struct tdx_sysinfo *si, const struct tdx_md_field *f,
			    unsigned int *n, u64 *bad_field)
{
	u64 wanted = tdx_md_wanted(si, f);

	if (wanted > f->max_elems) {
		/* Blame the count, not the array. */
		*bad_field = tdx_md_table[f->count_field].id;
		return -EINVAL;
	}
	*n = (unsigned int)wanted;
	return 0;
}

/* An element of row @f is missing: -ENODEV if required, else the row reads as absent. */
static int tdx_md_row_missing(struct tdx_sysinfo *si, const struct tdx_md_field *f)
{
	unsigned int e;

	if (f->required)
		return -ENODEV;
	/* Drop what an array field had so far. */
	for (e = 0; e < f->max_elems; e++)
		tdx_md_store(si, f, e, 0);
	si->present &= ~BIT_ULL(tdx_md_index(f));
	return 0;
}

int tdx_sysinfo_read(struct tdx_sysinfo *si, tdx_md_read_fn rd, void *ctx,
		     u64 *failed_field, u64 *failed_status, unsigned int *nr_calls)
{
	unsigned int i, calls = 0;
	u64 bad_field = 0, bad_status = 0;
	int ret = 0;

	if (!si || !rd)
		return -EINVAL;
	memset(si, 0, sizeof(*si));

	for (i = 0; i < TDX_MD_NR_FIELDS && !ret; i++) {
		const struct tdx_md_field *f = &tdx_md_table[i];
		unsigned int n, e;

		ret = tdx_md_row_elems(si, f, &n, &bad_field);
		if (ret)
			break;
		for (e = 0; e < n; e++) {
			u64 id = f->id + e, value = 0;
			u64 status = rd(ctx, id, &value);

			calls++;
			if (status == TDX_SUCCESS) {
				tdx_md_store(si, f, e, value);
				continue;
			}
			if (tdx_md_status_absent(status)) {
				ret = tdx_md_row_missing(si, f);
			} else {
				ret = tdx_status_to_errno(status);
				if (!ret)	/* an odd non-error status */
					ret = -EIO;
			}
			if (ret) {
				bad_field = id;
				bad_status = status;
			}
			break;
		}
		if (!ret && e == n)
			si->present |= BIT_ULL(i);
	}

	if (failed_field)
		*failed_field = bad_field;
	if (failed_status)
		*failed_status = bad_status;
	if (nr_calls)
		*nr_calls = calls;
	return ret;
}

/* ------------------------------------------------------ TDH.SYS.RDALL */

/* Field id bits (the module's md_field_id_t). */
#define MD_ID_CODE_MASK		0x0000000000FFFFFFULL	/* 23:0 field code */
#define MD_ID_SIZE_MASK		(3ULL << 32)		/* 33:32 element size */
#define MD_ID_LAST_ELEM_MASK	(0xFULL << 34)
#define MD_ID_LAST_FIELD_MASK	(0x1FFULL << 38)
#define MD_ID_WRITE_MASK_VALID	BIT_ULL(51)
#define MD_ID_CONTEXT_MASK	(7ULL << 52)		/* 0: the global (SYS) context */
/* 31:24, 49:47, 55, 62: zero in every id the module writes. */
#define MD_ID_RESERVED_MASK	(0xFF000000ULL | (7ULL << 47) | BIT_ULL(55) | BIT_ULL(62))

/* A sequence header the module could have written for the global context. */
#define MD_SEQ_BAD_BITS		(MD_ID_RESERVED_MASK | MD_ID_WRITE_MASK_VALID | MD_ID_CONTEXT_MASK)
/* What a sequence header adds to its first element's id. */
#define MD_SEQ_SHAPE_MASK	(MD_ID_LAST_ELEM_MASK | MD_ID_LAST_FIELD_MASK | MD_SEQ_INC_SIZE)

/* Not part of which field an element is: its size and NON_ARCH bits. */
#define MD_ID_LOOSE_BITS	(MD_ID_SIZE_MASK | BIT_ULL(63))

/* One bit per destination element of the table: each listed at most once. */
#define TDX_MD_SEEN_WORDS	(TDX_MD_RDALL_SLOTS / 64)

/*
 * Store the elements of one sequence that fall in table row @f (@first_slot
 * its first bit in @seen).  Elements are matched by class and field code
 * alone: the module chains fields into a sequence by class and code only,
 * so an element's id in a list carries the first field's NON_ARCH bit, not
 * its own, and the element size is checked rather than matched.
 */
static int tdx_md_rdall_store_row(struct tdx_sysinfo *si, u64 *seen, const struct tdx_md_field *f,
				  unsigned int first_slot, u64 seq, const u64 *elems,
				  unsigned int total, unsigned int stride)
{
	u64 key = seq & ~(MD_SEQ_SHAPE_MASK | MD_ID_LOOSE_BITS);
	u64 base = f->id & ~MD_ID_LOOSE_BITS;
	u64 end = key + (u64)total * stride;	/* no carry: the caller checked the code */
	unsigned int k;

	if (base + f->max_elems <= key || base >= end)
		return 0;
	if ((seq & MD_ID_SIZE_MASK) != (f->id & MD_ID_SIZE_MASK))
		return -EIO;
	/* the first element at or after @base */
	k = base > key ? (unsigned int)((base - key + stride - 1) / stride) : 0;
	for (; k < total; k++) {
		u64 elem = key + (u64)k * stride - base;
		unsigned int slot = first_slot + (unsigned int)elem;

		if (elem >= f->max_elems)
			break;
		if (elems[k] & ~tdx_md_elem_mask(f))
			return -EIO;
		if (slot >= TDX_MD_RDALL_SLOTS || (seen[slot / 64] & BIT_ULL(slot % 64)))
			return -EIO;	/* listed twice */
		seen[slot / 64] |= BIT_ULL(slot % 64);
		/* tdx_sysinfo_set() without looking the row up again */
		tdx_md_store(si, f, (unsigned int)elem, elems[k]);
	}
	return 0;
}

/*
 * Walk one list page.  Every bound is checked before the read it guards:
 * the page may hold anything.  Fields tdxhost does not use are skipped.
 */
static int tdx_md_parse_list(struct tdx_sysinfo *si, const u64 *list, u64 *seen)
{
	unsigned int size = TDX_MD_LIST_SIZE(list[0]), nr_seq = TDX_MD_LIST_NR_SEQ(list[0]);
	unsigned int pos = 1, end, s, i, first_slot;
	int ret;

	if (size < sizeof(u64) || size > TDX_MD_LIST_BYTES || size % sizeof(u64))
		return -EIO;
	end = size / sizeof(u64);
	for (s = 0; s < nr_seq; s++) {
		unsigned int nr_elems, nr_fields, stride, total;
		u64 seq;

		if (pos >= end)
			return -EIO;
		seq = list[pos++];
		if (seq & MD_SEQ_BAD_BITS)
			return -EIO;
		nr_elems = (unsigned int)MD_SEQ_LAST_ELEM(seq) + 1;
		nr_fields = (unsigned int)MD_SEQ_LAST_FIELD(seq) + 1;
		stride = (seq & MD_SEQ_INC_SIZE) ? 2 : 1;
		total = nr_elems * nr_fields;	/* at most 16 * 512 */
		if (total > end - pos)
			return -EIO;
		/* The last element's field code must not run into the size bits. */
		if ((seq & MD_ID_CODE_MASK) + (u64)(total - 1) * stride > MD_ID_CODE_MASK)
			return -EIO;
		first_slot = 0;
		for (i = 0; i < TDX_MD_NR_FIELDS; i++) {
			const struct tdx_md_field *f = &tdx_md_table[i];

			ret = tdx_md_rdall_store_row(si, seen, f, first_slot, seq, &list[pos],
						     total, stride);
			if (ret)
				return ret;
			first_slot += f->max_elems;
		}
		pos += total;
	}
	/* The header's size covers exactly the sequences it counts. */
	return pos == end ? 0 : -EIO;
}

/* Rebuild the present bits from what the lists held, with tdx_sysinfo_read()'s rules. */
static int tdx_md_rdall_finish(struct tdx_sysinfo *si, const u64 *seen, u64 *bad_field)
{
	unsigned int i, first = 0;

	si->present = 0;
	for (i = 0; i < TDX_MD_NR_FIELDS; i++) {
		const struct tdx_md_field *f = &tdx_md_table[i];
		unsigned int n, e, slot;
		int ret = tdx_md_row_elems(si, f, &n, bad_field);

		if (ret)
			return ret;
		for (e = 0; e < n; e++) {
			slot = first + e;
			if (slot >= TDX_MD_RDALL_SLOTS || !(seen[slot / 64] & BIT_ULL(slot % 64)))
				break;
		}
		if (e < n) {
			ret = tdx_md_row_missing(si, f);
			if (ret) {
				*bad_field = f->id + e;
				return ret;
			}
		} else {
			/* Beyond the count: zero, as TDH.SYS.RD never reads them. */
			memset((u8 *)si + f->offset + (size_t)n * f->dest_size, 0,
			       (size_t)(f->max_elems - n) * f->dest_size);
			si->present |= BIT_ULL(i);
		}
		first += f->max_elems;
	}
	return 0;
}

/* The module has no TDH.SYS.RDALL: a 1.0 module rejects the leaf or is "not ready". */
static bool tdx_md_rdall_unsupported(u64 status)
{
	return status == (TDX_OPERAND_INVALID | TDX_OPERAND_ID_RAX) ||
	       (status & TDX_STATUS_CODE_MASK) == TDX_SYS_NOT_READY;
}

int tdx_sysinfo_read_rdall(struct tdx_sysinfo *si, tdx_md_rdall_fn rdall, void *ctx, void *page,
			   u64 *failed_field, u64 *failed_status, unsigned int *nr_calls)
{
	u64 seen[TDX_MD_SEEN_WORDS];
	u64 start = MD_FIELD_ID_NA, bad_field = 0, bad_status = 0;
	unsigned int calls = 0;
	u64 *list = page;
	int ret = 0;

	if (!si || !rdall || !page)
		return -EINVAL;
	memset(si, 0, sizeof(*si));
	memset(seen, 0, sizeof(seen));

	for (;;) {
		u64 next = MD_FIELD_ID_NA, status;

		if (calls == TDX_MD_RDALL_MAX_CALLS) {
			ret = -EIO;
			bad_field = start;
			break;
		}
		/* A call that writes nothing leaves an empty, invalid list. */
		list[0] = 0;
		status = rdall(ctx, page, start, &next);
		calls++;
		if (status != TDX_SUCCESS &&
		    (status & TDX_STATUS_CODE_MASK) != TDX_METADATA_LIST_OVERFLOW) {
			if (calls == 1 && tdx_md_rdall_unsupported(status)) {
				ret = -EOPNOTSUPP;
			} else {
				ret = tdx_status_to_errno(status);
				if (!ret)
					ret = -EIO;
			}
			bad_field = start;
			bad_status = status;
			break;
		}
		ret = tdx_md_parse_list(si, list, seen);
		if (ret) {
			bad_field = start;
			break;
		}
		if (status == TDX_SUCCESS)
			break;
		/* More to come, so the module must say from where, and move on. */
		if (next == start || (next | MD_ID_CONTEXT_MASK) == MD_FIELD_ID_NA) {
			ret = -EIO;
			bad_field = start;
			break;
		}
		start = next;
	}
	if (!ret)
		ret = tdx_md_rdall_finish(si, seen, &bad_field);

	if (failed_field)
		*failed_field = ret ? bad_field : 0;
	if (failed_status)
		*failed_status = ret ? bad_status : 0;
	if (nr_calls)
		*nr_calls = calls;
	return ret;
}

int tdx_sysinfo_set(struct tdx_sysinfo *si, u64 field_id, u64 value)
{
	const struct tdx_md_field *f = tdx_md_field_by_id(field_id);
	int ret;

	if (!f)
		return -ENOENT;
	ret = tdx_md_store(si, f, (unsigned int)(field_id - f->id), value);
	if (!ret)
		si->present |= BIT_ULL(tdx_md_index(f));
	return ret;
}

int tdx_sysinfo_get(const struct tdx_sysinfo *si, u64 field_id, u64 *value)
{
	const struct tdx_md_field *f = tdx_md_field_by_id(field_id);
	unsigned int elem;

	if (!f || !tdx_sysinfo_has(si, (enum tdx_md_field_index)tdx_md_index(f)))
		return -ENOENT;
	elem = (unsigned int)(field_id - f->id);
	if (elem >= tdx_md_field_count(si, f))
		return -ERANGE;
	*value = tdx_md_load(si, f, elem);
	return 0;
}

/* ------------------------------------------------------------- checks */

/* Spelled out: the kernel side of tdx_types.h has no IS_ALIGNED()/SZ_4K. */
#define TDX_MD_4K_MASK		0xfffULL

/* Every reason starts with "TDX module " so the version can go after it. */
static const char tdx_why_prefix[] = "TDX module ";

static const char *tdx_sysinfo_verdict(const struct tdx_sysinfo *si, int *err)
{
	unsigned int i;

	*err = -EINVAL;
	if (!tdx_sysinfo_has(si, TDX_MD_MAJOR_VERSION) ||
	    !tdx_sysinfo_has(si, TDX_MD_MINOR_VERSION))
		return "TDX module version unknown: global metadata was not read";

	*err = -EOPNOTSUPP;
	if (si->major_version < 1 || (si->major_version == 1 && si->minor_version < 5))
		return "TDX module is older than 1.5: update the TDX module (BIOS/firmware)";
	if (!tdx_sysinfo_has(si, TDX_MD_TDX_FEATURES0) ||
	    !(si->features0 & TDX_FEATURES0_NO_RBP_MOD))
		return "TDX module lacks NO_RBP_MOD (it may clobber RBP): update to a TDX module release with NO_RBP_MOD (BIOS/firmware update)";

	*err = -EINVAL;
	if (!tdx_sysinfo_has(si, TDX_MD_NUM_CMRS) || !si->nr_cmrs)
		return "TDX module reports no CMRs (convertible memory): check the BIOS memory/TDX settings";
	if (si->nr_cmrs > TDX_MAX_CMRS)
		return "TDX module reports more than 32 CMRs: nonsense metadata";
	for (i = 0; i < si->nr_cmrs; i++) {
		if ((si->cmr_base[i] | si->cmr_size[i]) & TDX_MD_4K_MASK ||
		    si->cmr_base[i] + si->cmr_size[i] < si->cmr_base[i])
			return "TDX module reports a CMR that is not 4K aligned or wraps: nonsense metadata";
	}
	if (!si->max_tdmrs)
		return "TDX module reports MAX_TDMRS 0: nonsense metadata";
	if (!si->pamt_4k_entry_size || !si->pamt_2m_entry_size || !si->pamt_1g_entry_size)
		return "TDX module reports a PAMT entry size of 0: nonsense metadata";
	if (!si->tdr_base_size || (si->tdr_base_size & TDX_MD_4K_MASK) ||
	    !si->tdcs_base_size || (si->tdcs_base_size & TDX_MD_4K_MASK) ||
	    !si->tdvps_base_size || (si->tdvps_base_size & TDX_MD_4K_MASK))
		return "TDX module reports a TDR/TDCS/TDVPS size that is 0 or not whole pages: nonsense metadata";
	if (si->nr_cpuid_config > TDX_MAX_CPUID_CONFIG)
		return "TDX module reports more CPUID configs than tdxhost holds: update tdxhost";

	*err = 0;
	return NULL;
}

int tdx_sysinfo_check(const struct tdx_sysinfo *si, const char **why)
{
	const char *reason;
	int err = -EINVAL;

	reason = si ? tdx_sysinfo_verdict(si, &err) : "TDX module metadata missing";
	if (why)
		*why = reason;
	return err;
}

static void tdx_put_version(struct tdx_strbuf *sb, const struct tdx_sysinfo *si)
{
	tdx_strbuf_dec(sb, si->major_version);
	tdx_strbuf_putc(sb, '.');
	tdx_strbuf_dec(sb, si->minor_version);
	tdx_strbuf_putc(sb, '.');
	if (si->update_version < 10)
		tdx_strbuf_putc(sb, '0');
	tdx_strbuf_dec(sb, si->update_version);
}

int tdx_sysinfo_version_str(const struct tdx_sysinfo *si, char *buf, size_t len)
{
	struct tdx_strbuf sb;

	tdx_strbuf_init(&sb, buf, len);
	tdx_put_version(&sb, si);
	return tdx_strbuf_finish(&sb);
}

int tdx_sysinfo_check_msg(const struct tdx_sysinfo *si, char *buf, size_t len)
{
	const char *reason = NULL;
	struct tdx_strbuf sb;
	size_t n = sizeof(tdx_why_prefix) - 1;
	int err = tdx_sysinfo_check(si, &reason);

	tdx_strbuf_init(&sb, buf, len);
	if (reason && si && tdx_sysinfo_has(si, TDX_MD_MAJOR_VERSION) &&
	    tdx_sysinfo_has(si, TDX_MD_MINOR_VERSION) && !memcmp(reason, tdx_why_prefix, n)) {
		tdx_strbuf_puts(&sb, tdx_why_prefix);
		tdx_put_version(&sb, si);
		tdx_strbuf_putc(&sb, ' ');
		tdx_strbuf_puts(&sb, reason + n);
	} else if (reason) {
		tdx_strbuf_puts(&sb, reason);
	}
	tdx_strbuf_finish(&sb);
	return err;
}

/* ----------------------------------------------------------- iteration */

bool tdx_md_iter_next(const struct tdx_sysinfo *si, struct tdx_md_iter *it,
		      struct tdx_md_value *val)
{
	while (it->field < TDX_MD_NR_FIELDS) {
		const struct tdx_md_field *f = &tdx_md_table[it->field];
		bool present = tdx_sysinfo_has(si, (enum tdx_md_field_index)it->field);
		unsigned int n = present ? tdx_md_field_count(si, f) : 1;

		if (it->elem < n) {
			val->field = f;
			val->index = it->elem;
			val->id = f->id + it->elem;
			val->present = present;
			val->value = present ? tdx_md_load(si, f, it->elem) : 0;
			it->elem++;
			return true;
		}
		it->field++;
		it->elem = 0;
	}
	return false;
}
