/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdxctl argument helpers (args.c): every command parses its options with
 * getopt_long through these, so the global options (--json, --help,
 * --version) work after the command name too, operands and options may
 * come in any order, and usage errors read the same everywhere.
 */
#ifndef TDXCTL_ARGS_H
#define TDXCTL_ARGS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "tdxctl.h"

/* The global options, for main() before the command name. */
#define TDXCTL_GLOBAL_SHORTOPTS	"jhV"
extern const struct option tdxctl_global_longopts[];
/* Record global option @c (j or V) in @o; false for any other. */
bool tdxctl_global_opt(struct tdxctl_opts *o, int c);

#define TDXCTL_ARGS_MAX_OPTS	16

/* One command's arguments. */
struct tdxctl_args {
	const char *cmd;		/* "plan", for messages */
	const char *usage;		/* "usage: tdxctl plan ...\n" */
	struct tdxctl_opts *o;		/* global options land here */
	int argc;
	char **argv;			/* argv[0] is the command name */
	/* The operands, once tdxctl_args_next() has returned -1. */
	int nargs;
	char **args;
	/* The command's options with the global ones. */
	struct option longopts[TDXCTL_ARGS_MAX_OPTS + 4];
	char shortopts[2 * TDXCTL_ARGS_MAX_OPTS + sizeof(TDXCTL_GLOBAL_SHORTOPTS)];
};

/* @shortopts and @longopts are the command's own (either may be NULL). */
void tdxctl_args_init(struct tdxctl_args *a, const char *cmd, const char *usage,
		      struct tdxctl_opts *o, int argc, char **argv,
		      const char *shortopts, const struct option *longopts);

/*
 * The command's next option (optarg set), or -1 after the last.  Handles
 * the global ones itself: --json sets o->json; --help prints the usage and
 * exits 0; --version prints the versions once all options are read, and
 * exits.  An unknown option prints the usage to stderr and returns '?'.
 */
int tdxctl_args_next(struct tdxctl_args *a);

/* More than @max operands: says which one is extra, prints the usage, false. */
bool tdxctl_args_max(struct tdxctl_args *a, int max);

/* A command with no options or operands of its own: 0 or TDXCTL_EXIT_USAGE. */
int tdxctl_args_none(const char *cmd, const char *usage, struct tdxctl_opts *o, int argc,
		     char **argv);

/* An unsigned number in @base (0: C syntax) with nothing after it; no sign. */
bool tdxctl_parse_u64(const char *s, int base, uint64_t *v);
/* The same, within [@min, @max]. */
bool tdxctl_parse_range(const char *s, int base, uint64_t min, uint64_t max, uint64_t *v);

#endif /* TDXCTL_ARGS_H */
