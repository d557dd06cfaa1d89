/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdxctl: exit codes, the global options and the command table's row.
 * The helpers live in their own headers: args.h, nl.h, output.h.
 */
#ifndef TDXCTL_H
#define TDXCTL_H

#include <stdbool.h>

/* Exit codes, documented in tdxctl(8). */
enum {
	TDXCTL_EXIT_OK = 0,
	TDXCTL_EXIT_FAILED = 1,		/* a check or an operation failed */
	TDXCTL_EXIT_USAGE = 2,
	TDXCTL_EXIT_UNAVAILABLE = 3,	/* module not loaded / TDX unavailable */
	TDXCTL_EXIT_PERM = 4,		/* caller lacks privilege */
};

/* The global options: before the command name or among its own options. */
struct tdxctl_opts {
	bool json;
	bool version;		/* --version: print the versions instead */
};

/*
 * One command: a row of the table in tdxctl.c, defined in its cmd_<name>.c.
 * run() gets argv[0] = the command name and parses the rest with args.h,
 * which records the global options found there in @o.
 */
struct tdxctl_cmd {
	const char *name;
	const char *summary;
	int (*run)(struct tdxctl_opts *o, int argc, char **argv);
};

extern const struct tdxctl_cmd tdxctl_cmd_status;
extern const struct tdxctl_cmd tdxctl_cmd_enable;
extern const struct tdxctl_cmd tdxctl_cmd_pamt;
extern const struct tdxctl_cmd tdxctl_cmd_tdmrs;
extern const struct tdxctl_cmd tdxctl_cmd_cmrs;
extern const struct tdxctl_cmd tdxctl_cmd_metadata;
extern const struct tdxctl_cmd tdxctl_cmd_stats;
extern const struct tdxctl_cmd tdxctl_cmd_monitor;
extern const struct tdxctl_cmd tdxctl_cmd_decode;
extern const struct tdxctl_cmd tdxctl_cmd_check;
extern const struct tdxctl_cmd tdxctl_cmd_plan;
extern const struct tdxctl_cmd tdxctl_cmd_td;
extern const struct tdxctl_cmd tdxctl_cmd_metrics;
extern const struct tdxctl_cmd tdxctl_cmd_version;

/* tdxctl's and the loaded module's version (cmd_version.c); an exit code. */
int tdxctl_version(const struct tdxctl_opts *o);

#endif /* TDXCTL_H */
