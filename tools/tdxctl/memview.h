/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdxctl: what pamt, tdmrs and cmrs share (memview.c): page-size level
 * names, address attributes the module may have left out, a TDMR's PAMT
 * per level, and running a dump into one JSON document.
 */
#ifndef TDXCTL_MEMVIEW_H
#define TDXCTL_MEMVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tdxctl.h"
#include "nl.h"

/* "4k", "2m", "1g", indexed by PAMT level. */
extern const char *const level_name[3];
const char *level_of(uint32_t lvl);	/* "?" past 1G */

/* Addresses are absent for callers without CAP_SYS_ADMIN: "-" and null then. */
char *addr_or_dash(char *buf, size_t len, struct nlattr *a);
void json_addr(const char *key, struct nlattr *a);

/* Iterate the repeated nests of type @type inside @nest. */
#define for_each_nested(pos, nest, type, rem)				\
	nla_for_each_nested(pos, nest, rem)				\
		if (nla_type(pos) == (type))

/* PAMT sizes and bases of one TDMR nest, by level. */
void pamt_levels(struct nlattr *nest, uint64_t size[3], struct nlattr *base[3]);

/* ---- dumps: tdmrs, cmrs */

struct dump_arg {
	const struct tdxctl_opts *o;
	const char *array;	/* JSON array name */
	bool started;
	bool hidden;
	unsigned int count;
	struct tdxctl_table *table;
};

/* Open the JSON document at the first message (or at the end if none came). */
void dump_start(struct dump_arg *da, bool hidden);
void dump_finish(struct dump_arg *da);
/* Run dump @cmd with @fn per message; 0 or an exit code. */
int run_dump(const struct tdxctl_opts *o, const char *name, uint8_t cmd,
	     tdxctl_nl_msg_fn fn, struct dump_arg *da);

#endif /* TDXCTL_MEMVIEW_H */
