/* SPDX-License-Identifier: GPL-2.0 */
/* tdxctl: the client of the tdxhost generic-netlink family (nl.c). */
#ifndef TDXCTL_NL_H
#define TDXCTL_NL_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/attr.h>

struct tdxctl_nl;

/* One received message: its top-level attributes, indexed by TDXHOST_A_*. */
typedef int (*tdxctl_nl_msg_fn)(struct nlattr **tb, void *arg);

/*
 * Connect and resolve the family.  On failure prints why (module not
 * loaded, ...) and returns NULL with *exit_code set.
 */
struct tdxctl_nl *tdxctl_nl_open(int *exit_code);
void tdxctl_nl_close(struct tdxctl_nl *nl);

/*
 * Send @cmd (a do, or a dump when @dump) with the optional attributes and
 * call @fn for every reply.  Returns 0, or an exit code after printing the
 * error (with the kernel's extack text) prefixed by @what.
 */
struct tdxctl_nl_attr {
	int type;		/* 0 ends the list */
	int kind;		/* 'u' u64, '4' u32, 's' string, 'f' flag */
	uint64_t u;
	const char *s;
};
int tdxctl_nl_call(struct tdxctl_nl *nl, uint8_t cmd, bool dump, const struct tdxctl_nl_attr *attrs,
		   tdxctl_nl_msg_fn fn, void *arg, const char *what);
/* The errno of the last failed call (positive), 0 if none. */
int tdxctl_nl_errno(const struct tdxctl_nl *nl);
/* Whether the last dump came with NLM_F_DUMP_INTR (state changed meanwhile). */
bool tdxctl_nl_dump_interrupted(const struct tdxctl_nl *nl);

/* Events: subscribe a second socket to the "events" group. */
struct tdxctl_nl *tdxctl_nl_open_events(int *exit_code);
/* Wait up to @timeout_ms (-1: forever) for events; @fn per event.  0, or -errno. */
int tdxctl_nl_poll_events(struct tdxctl_nl *nl, int timeout_ms, tdxctl_nl_msg_fn fn, void *arg);

/* Inside a callback: the whole attribute stream of the message (repeated types). */
struct nlattr *tdxctl_nl_msg_attrs(int *len);

/* Parse a nested attribute into tb[0..max]; tb is zeroed first. */
int tdxctl_nl_nested(struct nlattr **tb, int max, struct nlattr *nest);

/* Attribute getters tolerant of absent attributes. */
uint64_t tdxctl_u64(struct nlattr *a);
uint32_t tdxctl_u32(struct nlattr *a);
int32_t tdxctl_s32(struct nlattr *a);
const char *tdxctl_str(struct nlattr *a);	/* NULL if absent */

#endif /* TDXCTL_NL_H */
