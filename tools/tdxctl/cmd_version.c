// SPDX-License-Identifier: GPL-2.0
/* tdxctl version: tdxctl's version and the loaded module's. */
#include <stdio.h>
#include <string.h>

#include "tdxctl.h"
#include "args.h"
#include "output.h"

int tdxctl_version(const struct tdxctl_opts *o)
{
	char mod[64] = "";
	FILE *f;

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

static int cmd_version(struct tdxctl_opts *o, int argc, char **argv)
{
	int ret = tdxctl_args_none("version", "usage: tdxctl version\n", o, argc, argv);

	return ret ? ret : tdxctl_version(o);
}

const struct tdxctl_cmd tdxctl_cmd_version = {
	.name = "version",
	.summary = "tdxctl's version and the loaded module's",
	.run = cmd_version,
};
