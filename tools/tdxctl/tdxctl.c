// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl: inspect and drive tdxhost.ko (Intel TDX host support).
 *
 * The global options (--json, --help, --version) may come before the command
 * name or anywhere among the command's own options and operands.
 */
#include <stdio.h>
#include <string.h>

#include "tdxctl.h"
#include "args.h"

/* The commands, in the order --help lists them; a new one is a row here. */
static const struct tdxctl_cmd *const cmds[] = {
	&tdxctl_cmd_status,
	&tdxctl_cmd_enable,
	&tdxctl_cmd_pamt,
	&tdxctl_cmd_tdmrs,
	&tdxctl_cmd_cmrs,
	&tdxctl_cmd_metadata,
	&tdxctl_cmd_stats,
	&tdxctl_cmd_metrics,
	&tdxctl_cmd_monitor,
	&tdxctl_cmd_decode,
	&tdxctl_cmd_check,
	&tdxctl_cmd_plan,
	&tdxctl_cmd_td,
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
	struct tdxctl_opts o = { 0 };
	size_t i;
	int c;

	/* '+': stop at the command name; the command reads the rest (args.h). */
	while ((c = getopt_long(argc, argv, "+" TDXCTL_GLOBAL_SHORTOPTS, tdxctl_global_longopts,
				NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return TDXCTL_EXIT_OK;
		}
		if (!tdxctl_global_opt(&o, c)) {
			usage(stderr);
			return TDXCTL_EXIT_USAGE;
		}
	}
	if (o.version)
		return tdxctl_version(&o);
	if (optind >= argc) {
		usage(stderr);
		return TDXCTL_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[optind], cmds[i]->name))
			return cmds[i]->run(&o, argc - optind, argv + optind);
	fprintf(stderr, "tdxctl: unknown command '%s'\n", argv[optind]);
	usage(stderr);
	return TDXCTL_EXIT_USAGE;
}
