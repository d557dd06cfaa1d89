// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl argument helpers: the commands without options, and the check for
 * arguments left over after a command's options.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "tdxctl.h"
#include "args.h"

int tdxctl_no_args(const char *cmd, int argc, char **argv, const char *usage)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: tdxctl %s%s\n", cmd, usage);
			exit(TDXCTL_EXIT_OK);
		}
		fprintf(stderr, "usage: tdxctl %s%s\n", cmd, usage);
		return TDXCTL_EXIT_USAGE;
	}
	if (optind < argc) {
		fprintf(stderr, "tdxctl %s: unexpected argument '%s'\nusage: tdxctl %s%s\n", cmd,
			argv[optind], cmd, usage);
		return TDXCTL_EXIT_USAGE;
	}
	return TDXCTL_EXIT_OK;
}

int tdxctl_extra_args(const char *cmd, int argc, char **argv, const char *usage)
{
	if (optind >= argc)
		return TDXCTL_EXIT_OK;
	fprintf(stderr, "tdxctl %s: unexpected argument '%s'\n%s", cmd, argv[optind], usage);
	return TDXCTL_EXIT_USAGE;
}
