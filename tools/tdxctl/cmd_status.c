// SPDX-License-Identifier: GPL-2.0
/* tdxctl status: the module's state, anyone may ask. */
#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "nl.h"
#include "statusview.h"

static int status_exit(uint32_t state)
{
	if (state == TDXHOST_STATE_UNAVAILABLE)
		return TDXCTL_EXIT_UNAVAILABLE;
	if (state == TDXHOST_STATE_FAILED)
		return TDXCTL_EXIT_FAILED;
	return TDXCTL_EXIT_OK;
}

static int cmd_status(struct tdxctl_opts *o, int argc, char **argv)
{
	struct status_arg sa = { .o = o, .print = true };
	struct tdxctl_nl *nl;
	int ret = tdxctl_args_none("status", "usage: tdxctl status\n", o, argc, argv);

	if (ret)
		return ret;
	nl = tdxctl_nl_open(&ret);
	if (!nl)
		return ret;
	ret = tdxctl_nl_call(nl, TDXHOST_CMD_GET_STATUS, false, NULL, status_msg, &sa, "status");
	tdxctl_nl_close(nl);
	return ret ? ret : status_exit(sa.state);
}

const struct tdxctl_cmd tdxctl_cmd_status = {
	.name = "status",
	.summary = "TDX state, module version, KeyIDs, memory and PAMT",
	.run = cmd_status,
};
