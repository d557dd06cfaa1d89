/* SPDX-License-Identifier: GPL-2.0 */
/* tdxctl td: the sub-commands outside cmd_td.c (td_list.c: list, show). */
#ifndef TDXCTL_TD_LIST_H
#define TDXCTL_TD_LIST_H

#include "tdxctl.h"

struct td_subcmd {
	const char *name;
	const char *summary;
	int (*run)(struct tdxctl_opts *o, int argc, char **argv);
};

extern const struct td_subcmd td_subcmd_list;
extern const struct td_subcmd td_subcmd_show;

#endif /* TDXCTL_TD_LIST_H */
