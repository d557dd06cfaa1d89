/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdxctl: the module's status and its failure record, as text and JSON
 * (statusview.c); shared by status, enable and monitor.
 */
#ifndef TDXCTL_STATUSVIEW_H
#define TDXCTL_STATUSVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "tdxctl.h"
#include "nl.h"

/* The failure record nest as a JSON object under @key (null when absent). */
void failure_json(const char *key, struct nlattr *nest);

/* What status_msg() does with a GET_STATUS (or ENABLE) reply. */
struct status_arg {
	const struct tdxctl_opts *o;
	uint32_t state;		/* out: the state in the reply */
	bool print;
	const char *json_key;	/* inside another document when set */
};

/* A tdxctl_nl_msg_fn: records the state, prints the status when asked. */
int status_msg(struct nlattr **tb, void *arg);

#endif /* TDXCTL_STATUSVIEW_H */
