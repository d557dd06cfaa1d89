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
	{ "status", "TDX state, module version, KeyIDs, memory and PAMT", cmd_status },
	{ "enable", "initialize the TDX module (root)", cmd_enable },
	{ "pamt", "PAMT memory: per TDMR, level and NUMA node", cmd_pamt },
	{ "tdmrs", "the TDMRs with reserved areas and PAMT placement", cmd_tdmrs },
	{ "cmrs", "the convertible memory regions", cmd_cmrs },
	{ "metadata", "the TDX module's global metadata, field by field", cmd_metadata },
	{ "stats", "SEAMCALL statistics per leaf", cmd_stats },
	{ "monitor", "print tdxhost events until interrupted", cmd_monitor },
	{ "decode", "decode a SEAMCALL status, leaf or dmesg line (offline)", cmd_decode },
	{ "check", "is this host ready for TDX? (CPU, BIOS, kernel, module)", cmd_check },
	{ "plan", "plan TDMRs and PAMT for a memory map (offline)", cmd_plan },
	{ "version", "tdxctl's version and the loaded module's", cmd_version },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: tdxctl [--json] COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\n'tdxctl COMMAND --help' for a command's options; see tdxctl(8).\n");
}

int cmd_version(const struct tdxctl_opts *o, int argc, char **argv)
{
	char mod[64] = "";
	FILE *f;
	int ret = argc > 1 ? tdxctl_no_args("version", argc, argv, "") : 0;

	if (ret)
		return ret;
	f = fopen("/sys/module/tdxhost/version", "r");
	if (f) {
		if (!fgets(mod, sizeof(mod), f))
			mod[0] = '\0';
		mod[strcspn(mod, "\n")] = '\0';
		fclose(f);
	}
	if (o->json) {
		json_obj_begin(NULL);
		json_str("tdxctl", TDXHOST_VERSION);
		json_str("module", mod[0] ? mod : NULL);
		json_obj_end();
		json_done();
	} else {
		printf("tdxctl %s\n", TDXHOST_VERSION);
		printf("tdxhost module %s\n", mod[0] ? mod : "not loaded");
	}
	return TDXCTL_EXIT_OK;
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

			optind = 0;	/* 0: glibc re-initializes getopt for the subcommand */
			return cmds[i].run(&o, sub_argc, argv + (argc - sub_argc));
		}
	}
	fprintf(stderr, "tdxctl: unknown command '%s'\n", argv[optind]);
	usage(stderr);
	return TDXCTL_EXIT_USAGE;
}
