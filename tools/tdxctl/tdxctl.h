/* SPDX-License-Identifier: GPL-2.0 */
#ifndef TDXCTL_H
#define TDXCTL_H

#include <stdbool.h>
#include <stdio.h>

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
	bool verbose;
};

struct tdxctl_cmd {
	const char *name;
	const char *summary;
	int (*run)(const struct tdxctl_opts *o, int argc, char **argv);
};

int cmd_version(const struct tdxctl_opts *o, int argc, char **argv);

#endif /* TDXCTL_H */
