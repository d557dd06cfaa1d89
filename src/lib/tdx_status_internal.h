/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside status decoding: the tables (tdx_status_tables.c) and the helpers
 * that the decoder (tdx_status.c) and the line parser (tdx_status_parse.c)
 * share.  Not for users of tdx_status.h.
 */
#ifndef TDX_LIB_STATUS_INTERNAL_H
#define TDX_LIB_STATUS_INTERNAL_H

#include "tdx_types.h"

struct tdx_leaf_row {
	u16 nr;
	const char *name;
};

struct tdx_operand_row {
	u8 id;
	const char *name;
};

struct tdx_class_row {
	u8 class_;
	const char *name;
	const char *hint;	/* for codes of this class we do not know */
};

/* Hints that depend on which leaf failed. */
struct tdx_leaf_hint {
	u64 code;
	u16 leaf;
	const char *hint;
};

extern const struct tdx_leaf_row tdx_leaves[];
extern const unsigned int tdx_nr_leaves;
extern const struct tdx_operand_row tdx_operands[];
extern const unsigned int tdx_nr_operands;
extern const struct tdx_class_row tdx_classes[];
extern const unsigned int tdx_nr_classes;
extern const struct tdx_status_info tdx_statuses[];
extern const unsigned int tdx_nr_statuses;
extern const struct tdx_leaf_hint tdx_leaf_hints[];
extern const unsigned int tdx_nr_leaf_hints;

extern const char *const tdx_seamldr_info_name;
extern const char *const tdx_seamldr_install_name;
extern const char *const tdx_unknown_class_name;
extern const char *const tdx_unknown_hint;
extern const char *const tdx_seamldr_vmfail_hint;

static inline char tdx_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Case-insensitive; '.' and '_' are the same (TDH.SYS.RD == tdh_sys_rd). */
bool tdx_name_eq(const char *a, const char *b);

#endif /* TDX_LIB_STATUS_INTERNAL_H */
