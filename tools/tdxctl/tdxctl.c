// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl: inspect and drive tdxhost.ko (Intel TDX host support).
 *
 * Global options come before the subcommand; each subcommand parses its own.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdxctl.h"

static const struct tdxctl_cmd cmds[] = {
	{ "version", "print tdxctl's version (and the module's, when loaded)", cmd_version },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: tdxctl [--json] [--verbose] COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\nSee tdxctl(8).\n");
}

int cmd_version(const struct tdxctl_opts *o, int argc, char **argv)
{
	if (argc > 1) {
		fprintf(stderr, "tdxctl version: takes no arguments\n");
		return TDXCTL_EXIT_USAGE;
	}
	if (o->json)
		printf("{\"tdxctl\":\"%s\"}\n", TDXHOST_VERSION);
	else
		printf("tdxctl %s\n", TDXHOST_VERSION);
	return TDXCTL_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdxctl_opts o = { 0 };
	size_t i;
	int c;

	/* '+': stop at the subcommand, whose options are its own. */
	while ((c = getopt_long(argc, argv, "+jvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return TDXCTL_EXIT_OK;
		case 'V':
			return cmd_version(&o, 1, argv);
		default:
			usage(stderr);
			return TDXCTL_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return TDXCTL_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!strcmp(argv[optind], cmds[i].name)) {
			int sub_argc = argc - optind;

			optind = 1;	/* let the subcommand run getopt_long afresh */
			return cmds[i].run(&o, sub_argc, argv + (argc - sub_argc));
		}
	}
	fprintf(stderr, "tdxctl: unknown command '%s'\n", argv[optind]);
	usage(stderr);
	return TDXCTL_EXIT_USAGE;
}
