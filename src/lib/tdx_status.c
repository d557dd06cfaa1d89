// SPDX-License-Identifier: GPL-2.0
/*
 * SEAMCALL leaf names and completion-status decoding and formatting: the
 * lookups over the tables of tdx_status_tables.c.  Reading text back in
 * (leaf names, dmesg lines) is tdx_status_parse.c.
 *
 * Codes, operand ids and detail layouts follow Intel's TDX module
 * (tdx_error_codes_defs.h, tdx_api_defs.h: api_error_with_multiple_info()),
 * so a status pasted from any kernel's dmesg decodes the same way here.
 */
#include "tdx_types.h"
#include "tdx_defs.h"
#include "tdx_status.h"
#include "tdx_status_internal.h"
#include "tdx_strbuf.h"

/* ---------------------------------------------------------------- leaves */

const char *tdx_leaf_name(u64 leaf)
{
	unsigned int i;

	if (leaf == SEAMLDR_INFO)
		return tdx_seamldr_info_name;
	if (leaf == SEAMLDR_INSTALL)
		return tdx_seamldr_install_name;
	/* Bits 63:24 are reserved in a TDX module leaf; 23:16 is the version. */
	if (leaf >> 24)
		return NULL;
	for (i = 0; i < tdx_nr_leaves; i++)
		if (tdx_leaves[i].nr == (leaf & TDX_LEAF_MASK))
			return tdx_leaves[i].name;
	return NULL;
}

bool tdx_name_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char ca = *a == '_' ? '.' : tdx_lower(*a);
		char cb = *b == '_' ? '.' : tdx_lower(*b);

		if (ca != cb)
			return false;
		if (!ca)
			return true;
	}
}

static bool tdx_leaf_name_matches(const char *text, const char *name)
{
	if (tdx_name_eq(text, name))
		return true;
	/* "SYS.INIT" for "TDH.SYS.INIT" */
	return name[0] == 'T' && tdx_name_eq(text, name + 4);
}

int tdx_leaf_from_name(const char *name)
{
	unsigned int i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < tdx_nr_leaves; i++)
		if (tdx_leaf_name_matches(name, tdx_leaves[i].name))
			return tdx_leaves[i].nr;
	if (tdx_name_eq(name, tdx_seamldr_info_name) ||
	    tdx_name_eq(name, tdx_seamldr_install_name))
		return -ERANGE;
	return -EINVAL;
}

/* -------------------------------------------------------------- operands */

const char *tdx_operand_name(u32 operand_id)
{
	unsigned int i;

	for (i = 0; i < tdx_nr_operands; i++)
		if (tdx_operands[i].id == operand_id)
			return tdx_operands[i].name;
	return NULL;
}

/* --------------------------------------------------------------- classes */

static const struct tdx_class_row *tdx_class_find(u8 class_)
{
	unsigned int i;

	for (i = 0; i < tdx_nr_classes; i++)
		if (tdx_classes[i].class_ == class_)
			return &tdx_classes[i];
	return NULL;
}

const char *tdx_status_class_name(u8 class_)
{
	const struct tdx_class_row *row = tdx_class_find(class_);

	return row ? row->name : tdx_unknown_class_name;
}

/* ---------------------------------------------------------------- codes */

/* Bits 61:60 (fatal, recoverability hint) may be added to any code. */
#define TDX_STATUS_FLAG_BITS	(TDX_STATUS_FATAL | TDX_STATUS_HOST_RECOVERABILITY_HINT)

const struct tdx_status_info *tdx_status_find(u64 status)
{
	u64 code = status & TDX_STATUS_CODE_MASK;
	unsigned int i;

	if (TDX_STATUS_CLASS(status) == 0xFF) {
		/* Host codes are exact values; else it is a generic SW error. */
		for (i = 0; i < tdx_nr_statuses; i++)
			if (tdx_statuses[i].code == status)
				return &tdx_statuses[i];
		for (i = 0; i < tdx_nr_statuses; i++)
			if (tdx_statuses[i].code == TDX_SW_ERROR && code == TDX_SW_ERROR)
				return &tdx_statuses[i];
		return NULL;
	}
	for (i = 0; i < tdx_nr_statuses; i++)
		if (tdx_statuses[i].code == code)
			return &tdx_statuses[i];
	code &= ~TDX_STATUS_FLAG_BITS;
	for (i = 0; i < tdx_nr_statuses; i++)
		if (TDX_STATUS_CLASS(tdx_statuses[i].code) != 0xFF &&
		    (tdx_statuses[i].code & ~TDX_STATUS_FLAG_BITS) == code)
			return &tdx_statuses[i];
	return NULL;
}

const struct tdx_status_info *tdx_status_table(unsigned int *nr)
{
	if (nr)
		*nr = tdx_nr_statuses;
	return tdx_statuses;
}

int tdx_status_lookup(const char *name, u64 *code)
{
	unsigned int i;

	if (!name || !code)
		return -EINVAL;
	for (i = 0; i < tdx_nr_statuses; i++) {
		const char *n = tdx_statuses[i].name;

		if (tdx_name_eq(name, n) || tdx_name_eq(name, n + 4)) {
			*code = tdx_statuses[i].code;
			return 0;
		}
	}
	return -EINVAL;
}

static bool tdx_leaf_is_seamldr(u64 leaf)
{
	return leaf == SEAMLDR_INFO || leaf == SEAMLDR_INSTALL;
}

static const char *tdx_status_hint(const struct tdx_status_info *info, u64 leaf)
{
	unsigned int i;

	if (info->code == TDX_SEAMCALL_VMFAILINVALID && tdx_leaf_is_seamldr(leaf))
		return tdx_seamldr_vmfail_hint;
	if (leaf != TDX_LEAF_NONE && !(leaf >> 24)) {
		for (i = 0; i < tdx_nr_leaf_hints; i++)
			if (tdx_leaf_hints[i].code == info->code &&
			    tdx_leaf_hints[i].leaf == (leaf & TDX_LEAF_MASK))
				return tdx_leaf_hints[i].hint;
	}
	return info->hint;
}

int tdx_status_decode(u64 status, u64 leaf, struct tdx_status_decoded *out)
{
	const struct tdx_status_info *info = tdx_status_find(status);
	const struct tdx_class_row *cls;
	u32 detail = (u32)(status & TDX_STATUS_DETAIL_MASK);

	memset(out, 0, sizeof(*out));
	out->status = status;
	out->leaf = leaf;
	out->leaf_name = leaf == TDX_LEAF_NONE ? NULL : tdx_leaf_name(leaf);
	out->class_ = TDX_STATUS_CLASS(status);
	out->error = !!(status & TDX_STATUS_ERROR);
	out->non_recoverable = !!(status & TDX_STATUS_NON_RECOVERABLE);
	out->fatal = !!(status & TDX_STATUS_FATAL);
	out->sw = out->class_ == 0xFF;
	out->detail = detail;
	out->tdmr = -1;
	out->pamt_page_size = -1;
	out->index2 = -1;
	cls = tdx_class_find(out->class_);
	out->class_name = cls ? cls->name : tdx_unknown_class_name;

	if (info) {
		out->name = info->name;
		out->code = info->code;
		out->hint = tdx_status_hint(info, leaf);
		out->detail_kind = info->detail;
		/* The SW codes' detail is part of their value. */
		if (out->sw && status == info->code)
			out->detail_kind = TDX_DETAIL_NONE;
	} else {
		out->code = out->sw ? status : status & TDX_STATUS_CODE_MASK;
		out->hint = cls ? cls->hint : tdx_unknown_hint;
		out->detail_kind = tdx_operand_name(detail) ?
				   TDX_DETAIL_OPERAND_OPT : TDX_DETAIL_NONE;
	}
	if (out->sw && info && status == info->code)
		out->detail = 0;

	switch (out->detail_kind) {
	case TDX_DETAIL_OPERAND:
	case TDX_DETAIL_OPERAND_OPT:
		out->operand_id = detail;
		if (detail || out->detail_kind == TDX_DETAIL_OPERAND)
			out->operand = tdx_operand_name(detail);
		break;
	case TDX_DETAIL_PAMT_OVERLAP:
		out->index2 = (detail >> 16) & 0xff;
		out->pamt_page_size = (detail >> 8) & 0xff;
		out->tdmr = detail & 0xff;
		break;
	case TDX_DETAIL_TDMR_PAMT:
		out->pamt_page_size = (detail >> 8) & 0xff;
		out->tdmr = detail & 0xff;
		break;
	case TDX_DETAIL_TDMR_RSVD:
		out->index2 = (detail >> 8) & 0xff;
		out->tdmr = detail & 0xff;
		break;
	case TDX_DETAIL_TDMR:
		out->tdmr = detail & 0xff;
		break;
	case TDX_DETAIL_SMRR_CMR:
		out->index2 = (detail >> 8) & 0xff;
		break;
	default:
		break;
	}
	return info ? 0 : -ENOENT;
}

int tdx_status_to_errno(u64 status)
{
	if (!(status & TDX_STATUS_ERROR))
		return 0;
	if (status == TDX_SEAMCALL_VMFAILINVALID)
		return -ENODEV;
	if (status == TDX_SEAMCALL_GP)
		return -EOPNOTSUPP;
	if (status == TDX_SEAMCALL_UD)
		return -EACCES;
	return -EIO;
}

/* ------------------------------------------------------------ formatting */

static const char *const tdx_page_size_names[] = {
	[TDX_PS_4K] = "4K",
	[TDX_PS_2M] = "2M",
	[TDX_PS_1G] = "1G",
};

static void tdx_put_page_size(struct tdx_strbuf *sb, int page_size)
{
	if (page_size >= 0 && page_size < TDX_PS_NR) {
		tdx_strbuf_puts(sb, tdx_page_size_names[page_size]);
	} else {
		tdx_strbuf_puts(sb, "size ");
		tdx_strbuf_dec(sb, (u64)page_size);
	}
}

/* The part in parentheses; nothing if the detail says nothing. */
static void tdx_put_detail(struct tdx_strbuf *sb, const struct tdx_status_decoded *d)
{
	switch (d->detail_kind) {
	case TDX_DETAIL_OPERAND:
	case TDX_DETAIL_OPERAND_OPT:
		if (d->operand) {
			tdx_strbuf_puts(sb, " (operand ");
			tdx_strbuf_puts(sb, d->operand);
		} else if (d->detail) {
			tdx_strbuf_puts(sb, " (operand ");
			tdx_strbuf_hex(sb, d->detail, 0);
		} else {
			return;
		}
		break;
	case TDX_DETAIL_TDMR:
		tdx_strbuf_puts(sb, " (TDMR ");
		tdx_strbuf_dec(sb, (u64)d->tdmr);
		break;
	case TDX_DETAIL_TDMR_PAMT:
	case TDX_DETAIL_PAMT_OVERLAP:
		tdx_strbuf_puts(sb, " (TDMR ");
		tdx_strbuf_dec(sb, (u64)d->tdmr);
		tdx_strbuf_puts(sb, " PAMT_");
		tdx_put_page_size(sb, d->pamt_page_size);
		if (d->detail_kind == TDX_DETAIL_PAMT_OVERLAP) {
			tdx_strbuf_puts(sb, ", overlaps TDMR ");
			tdx_strbuf_dec(sb, (u64)d->index2);
		}
		break;
	case TDX_DETAIL_TDMR_RSVD:
		tdx_strbuf_puts(sb, " (TDMR ");
		tdx_strbuf_dec(sb, (u64)d->tdmr);
		tdx_strbuf_puts(sb, ", reserved area ");
		tdx_strbuf_dec(sb, (u64)d->index2);
		break;
	case TDX_DETAIL_CPUID_LEAF:
		tdx_strbuf_puts(sb, " (CPUID leaf ");
		tdx_strbuf_hex(sb, d->detail, 0);
		break;
	case TDX_DETAIL_MSR:
		tdx_strbuf_puts(sb, " (MSR ");
		tdx_strbuf_hex(sb, d->detail, 0);
		break;
	case TDX_DETAIL_SMRR:
		tdx_strbuf_puts(sb, " (SMRR index ");
		tdx_strbuf_dec(sb, d->detail & 0xff);
		break;
	case TDX_DETAIL_SMRR_CMR:
		tdx_strbuf_puts(sb, " (SMRR index ");
		tdx_strbuf_dec(sb, d->detail & 0xff);
		tdx_strbuf_puts(sb, ", CMR ");
		tdx_strbuf_dec(sb, (u64)d->index2);
		break;
	default:
		if (!d->detail)
			return;
		tdx_strbuf_puts(sb, " (detail ");
		tdx_strbuf_hex(sb, d->detail, 0);
		break;
	}
	tdx_strbuf_putc(sb, ')');
}

static void tdx_put_status(struct tdx_strbuf *sb, const struct tdx_status_decoded *d)
{
	if (d->name) {
		tdx_strbuf_puts(sb, d->name);
	} else {
		tdx_strbuf_puts(sb, "UNKNOWN (class ");
		tdx_strbuf_hex(sb, d->class_, 2);
		tdx_strbuf_putc(sb, ' ');
		tdx_strbuf_puts(sb, d->class_name);
		tdx_strbuf_puts(sb, d->error ? ", error" : ", not an error");
		if (d->non_recoverable)
			tdx_strbuf_puts(sb, ", non-recoverable");
		tdx_strbuf_putc(sb, ')');
	}
	tdx_put_detail(sb, d);
	/* Flag bits the table code does not already carry. */
	if (d->name && d->fatal && !(d->code & TDX_STATUS_FATAL))
		tdx_strbuf_puts(sb, " [fatal]");
	tdx_strbuf_puts(sb, ": ");
	tdx_strbuf_puts(sb, d->hint);
}

int tdx_status_format(char *buf, size_t len, u64 status, u64 leaf)
{
	struct tdx_status_decoded d;
	struct tdx_strbuf sb;

	tdx_status_decode(status, leaf, &d);
	tdx_strbuf_init(&sb, buf, len);
	tdx_put_status(&sb, &d);
	return tdx_strbuf_finish(&sb);
}

int tdx_seamcall_format(char *buf, size_t len, u64 leaf, u64 status)
{
	struct tdx_status_decoded d;
	struct tdx_strbuf sb;

	tdx_status_decode(status, leaf, &d);
	tdx_strbuf_init(&sb, buf, len);
	tdx_strbuf_puts(&sb, "SEAMCALL ");
	if (d.leaf_name) {
		tdx_strbuf_puts(&sb, d.leaf_name);
		tdx_strbuf_putc(&sb, ' ');
	}
	tdx_strbuf_putc(&sb, '(');
	tdx_strbuf_dec(&sb, leaf);
	tdx_strbuf_puts(&sb, ") failed: ");
	tdx_strbuf_hex(&sb, status, 16);
	tdx_strbuf_putc(&sb, ' ');
	tdx_put_status(&sb, &d);
	return tdx_strbuf_finish(&sb);
}
