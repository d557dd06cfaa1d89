/* SPDX-License-Identifier: GPL-2.0 */
/* tdxctl: the argument helpers every command uses (args.c). */
#ifndef TDXCTL_ARGS_H
#define TDXCTL_ARGS_H

/* After a command's own getopt loop: refuse leftover arguments (usage error). */
int tdxctl_extra_args(const char *cmd, int argc, char **argv, const char *usage);
/* Subcommands that take no arguments but --help share this. */
int tdxctl_no_args(const char *cmd, int argc, char **argv, const char *usage);

#endif /* TDXCTL_ARGS_H */
