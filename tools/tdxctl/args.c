// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl argument helpers: getopt_long over a command's options merged
 * with the global ones, the leftover-operand check and number parsing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

const struct option tdxctl_global_longopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

bool tdxctl_global_opt(struct tdxctl_opts *o, int c)
{
	switch (c) {
	case 'j':
		o->json = true;
		return true;
	case 'V':
		o->version = true;
		return true;
	default:
		return false;
	}
}

void tdxctl_args_init(struct tdxctl_args *a, const char *cmd, const char *usage,
		      struct tdxctl_opts *o, int argc, char **argv,
		      const char *shortopts, const struct option *longopts)
{
	size_t n = 0, i;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->usage = usage;
	a->o = o;
	a->argc = argc;
	a->argv = argv;
	/* The command's letters first; they must not reuse j, h or V. */
	if ((size_t)snprintf(a->shortopts, sizeof(a->shortopts), "%s%s",
			     shortopts ? shortopts : "", TDXCTL_GLOBAL_SHORTOPTS) >=
	    sizeof(a->shortopts))
		abort();	/* a command with more than TDXCTL_ARGS_MAX_OPTS options */
	for (i = 0; longopts && longopts[i].name; i++) {
		if (n == TDXCTL_ARGS_MAX_OPTS)
			abort();
		a->longopts[n++] = longopts[i];
	}
	for (i = 0; tdxctl_global_longopts[i].name; i++)
		a->longopts[n++] = tdxctl_global_longopts[i];
	/* 0: glibc re-initializes getopt, which main() used before. */
	optind = 0;
}

int tdxctl_args_next(struct tdxctl_args *a)
{
	int c;

	for (;;) {
		c = getopt_long(a->argc, a->argv, a->shortopts, a->longopts, NULL);
		if (c == 'h') {
			fputs(a->usage, stdout);
			exit(TDXCTL_EXIT_OK);
		}
		if (!tdxctl_global_opt(a->o, c))
			break;
	}
	if (c == '?' || c == ':') {
		fputs(a->usage, stderr);
		return '?';
	}
	if (c == -1) {
		if (a->o->version)
			exit(tdxctl_version(a->o));
		/* getopt_long moved the operands behind the options. */
		a->args = a->argv + optind;
		a->nargs = a->argc - optind;
	}
	return c;
}

bool tdxctl_args_max(struct tdxctl_args *a, int max)
{
	if (a->nargs <= max)
		return true;
	fprintf(stderr, "tdxctl %s: unexpected argument '%s'\n%s", a->cmd, a->args[max], a->usage);
	return false;
}

int tdxctl_args_none(const char *cmd, const char *usage, struct tdxctl_opts *o, int argc,
		     char **argv)
{
	struct tdxctl_args a;

	tdxctl_args_init(&a, cmd, usage, o, argc, argv, NULL, NULL);
	if (tdxctl_args_next(&a) != -1 || !tdxctl_args_max(&a, 0))
		return TDXCTL_EXIT_USAGE;
	return TDXCTL_EXIT_OK;
}

bool tdxctl_parse_u64(const char *s, int base, uint64_t *v)
{
	char *end;

	/* strtoull() takes "-1" for ULLONG_MAX: refuse a sign, after any blanks. */
	if (s[strspn(s, " \t\n\v\f\r")] == '-')
		return false;
	errno = 0;
	*v = strtoull(s, &end, base);
	return !errno && end != s && !*end;
}

bool tdxctl_parse_range(const char *s, int base, uint64_t min, uint64_t max, uint64_t *v)
{
	return tdxctl_parse_u64(s, base, v) && *v >= min && *v <= max;
}
