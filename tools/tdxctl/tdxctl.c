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

/* The commands, in the order --help lists them; a new one is a row here. */
static const struct tdxctl_cmd *const cmds[] = {
	&tdxctl_cmd_status,
	&tdxctl_cmd_enable,
	&tdxctl_cmd_pamt,
	&tdxctl_cmd_tdmrs,
	&tdxctl_cmd_cmrs,
	&tdxctl_cmd_metadata,
	&tdxctl_cmd_stats,
	&tdxctl_cmd_monitor,
	&tdxctl_cmd_decode,
	&tdxctl_cmd_check,
	&tdxctl_cmd_plan,
	&tdxctl_cmd_version,
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: tdxctl [--json] COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i]->name, cmds[i]->summary);
	fprintf(f, "\n'tdxctl COMMAND --help' for a command's options; see tdxctl(8).\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdxctl_opts o = { 0 };
	size_t i;
	int c;

	/* '+': stop at the subcommand, whose options are its own. */
	while ((c = getopt_long(argc, argv, "+jhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'h':
			usage(stdout);
			return TDXCTL_EXIT_OK;
		case 'V':
			return tdxctl_version(&o);
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
		if (!strcmp(argv[optind], cmds[i]->name)) {
			int sub_argc = argc - optind;

			optind = 0;	/* 0: glibc re-initializes getopt for the subcommand */
			return cmds[i]->run(&o, sub_argc, argv + (argc - sub_argc));
		}
	}
	fprintf(stderr, "tdxctl: unknown command '%s'\n", argv[optind]);
	usage(stderr);
	return TDXCTL_EXIT_USAGE;
}
