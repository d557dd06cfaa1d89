/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdxctl: shared declarations of the command files, the netlink client
 * (nl.c) and the output helpers (output.c).
 */
#ifndef TDXCTL_H
#define TDXCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <netlink/attr.h>

/* Exit codes, documented in tdxctl(8). */
enum {
	TDXCTL_EXIT_OK = 0,
	TDXCTL_EXIT_FAILED = 1,		/* a check or an operation failed */
	TDXCTL_EXIT_USAGE = 2,
	TDXCTL_EXIT_UNAVAILABLE = 3,	/* module not loaded / TDX unavailable */
	TDXCTL_EXIT_PERM = 4,		/* caller lacks privilege */
};

struct tdxctl_opts {
	bool json;
};

struct tdxctl_cmd {
	const char *name;
	const char *summary;
	int (*run)(const struct tdxctl_opts *o, int argc, char **argv);
};

int cmd_version(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_status(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_enable(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_monitor(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_pamt(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_tdmrs(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_cmrs(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_metadata(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_stats(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_decode(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_check(const struct tdxctl_opts *o, int argc, char **argv);
int cmd_plan(const struct tdxctl_opts *o, int argc, char **argv);

/* After a command's own getopt loop: refuse leftover arguments (usage error). */
int tdxctl_extra_args(const char *cmd, int argc, char **argv, const char *usage);
/* Subcommands that take no arguments but --help share this. */
int tdxctl_no_args(const char *cmd, int argc, char **argv, const char *usage);

/* ---- nl.c: the tdxhost generic-netlink client */

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
	int kind;		/* 'u' u64, 's' string, 'f' flag */
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

/* ---- output.c */

/* Colours: only on a terminal, never with NO_COLOR. */
enum tdxctl_color { C_NONE, C_RED, C_GREEN, C_YELLOW, C_GREY, C_BOLD };
const char *tdxctl_color(enum tdxctl_color c);
const char *tdxctl_color_off(void);

/* "1.50 GiB" into buf (binary units); returns buf. */
char *tdxctl_size(char *buf, size_t len, uint64_t bytes);
/* "0.39%" from parts per million. */
char *tdxctl_ppm(char *buf, size_t len, uint64_t ppm);

/* Aligned tables: add rows of cells, then print them padded. */
struct tdxctl_table;
struct tdxctl_table *tdxctl_table_new(unsigned int ncols);
void tdxctl_table_row(struct tdxctl_table *t, ...);	/* ncols strings */
void tdxctl_table_print(struct tdxctl_table *t, FILE *f, const char *indent);
void tdxctl_table_free(struct tdxctl_table *t);

/* A small streaming JSON writer to stdout; keys are NULL inside arrays. */
void json_obj_begin(const char *key);
void json_obj_end(void);
void json_arr_begin(const char *key);
void json_arr_end(void);
void json_str(const char *key, const char *val);	/* NULL -> null */
void json_u64(const char *key, uint64_t val);
void json_s64(const char *key, int64_t val);
void json_bool(const char *key, bool val);
void json_null(const char *key);
void json_hex(const char *key, uint64_t val);		/* "0x..." string */
/* Finish the document (newline). */
void json_done(void);

#endif /* TDXCTL_H */
