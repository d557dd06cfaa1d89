// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl monitor: print the module's events ("events" multicast group)
 * until interrupted or after --count of them.
 */
#include <limits.h>
#include <string.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "nl.h"
#include "output.h"
#include "statusview.h"

static const char *event_kind_name(uint32_t kind)
{
	switch (kind) {
	case TDXHOST_EVENT_STATE:
		return "state";
	case TDXHOST_EVENT_PROGRESS:
		return "progress";
	case TDXHOST_EVENT_FAILURE:
		return "failure";
	case TDXHOST_EVENT_TD_CREATED:
		return "td-created";
	case TDXHOST_EVENT_TD_DESTROYED:
		return "td-destroyed";
	default:
		return "unknown";
	}
}

static void event_json(struct nlattr **tb)
{
	json_obj_begin(NULL);
	json_str("event", event_kind_name(tdxctl_u32(tb[TDXHOST_A_EVENT_TYPE])));
	json_str("state", tdxctl_str(tb[TDXHOST_A_STATE_NAME]));
	json_str("step", tdxctl_str(tb[TDXHOST_A_STEP_NAME]));
	if (tb[TDXHOST_A_PERCENT])
		json_u64("percent", tdxctl_u32(tb[TDXHOST_A_PERCENT]));
	else
		json_null("percent");
	failure_json("failure", tb[TDXHOST_A_FAILURE]);
	if (tb[TDXHOST_A_TD_ID])
		json_u64("td", tdxctl_u32(tb[TDXHOST_A_TD_ID]));
	else
		json_null("td");
	json_obj_end();
	json_done();
}

static void event_line(FILE *f, const char *prefix, struct nlattr **tb)
{
	uint32_t kind = tdxctl_u32(tb[TDXHOST_A_EVENT_TYPE]);

	fprintf(f, "%s%s", prefix, event_kind_name(kind));
	switch (kind) {
	case TDXHOST_EVENT_STATE:
		fprintf(f, " %s", tdxctl_str(tb[TDXHOST_A_STATE_NAME]) ?: "?");
		break;
	case TDXHOST_EVENT_PROGRESS:
		fprintf(f, " step %s", tdxctl_str(tb[TDXHOST_A_STEP_NAME]) ?: "?");
		if (tb[TDXHOST_A_PERCENT] &&
		    tdxctl_u32(tb[TDXHOST_A_STEP]) == TDXHOST_STEP_TDMR_INIT)
			fprintf(f, " %u%%", tdxctl_u32(tb[TDXHOST_A_PERCENT]));
		break;
	case TDXHOST_EVENT_FAILURE: {
		struct nlattr *fl[TDXHOST_A_FAIL_MAX + 1];

		tdxctl_nl_nested(fl, TDXHOST_A_FAIL_MAX, tb[TDXHOST_A_FAILURE]);
		fprintf(f, " step %s", tdxctl_str(fl[TDXHOST_A_FAIL_STEP_NAME]) ?: "?");
		if (fl[TDXHOST_A_FAIL_LEAF_NAME])
			fprintf(f, " leaf %s", tdxctl_str(fl[TDXHOST_A_FAIL_LEAF_NAME]));
		if (fl[TDXHOST_A_FAIL_STATUS])
			fprintf(f, " status 0x%llx %s",
				(unsigned long long)tdxctl_u64(fl[TDXHOST_A_FAIL_STATUS]),
				tdxctl_str(fl[TDXHOST_A_FAIL_STATUS_NAME]) ?: "");
		if (fl[TDXHOST_A_FAIL_ERRNO])
			fprintf(f, " error \"%s\"", strerror((int)tdxctl_u32(fl[TDXHOST_A_FAIL_ERRNO])));
		if (fl[TDXHOST_A_FAIL_MSG])
			fprintf(f, ": %s", tdxctl_str(fl[TDXHOST_A_FAIL_MSG]));
		break;
	}
	case TDXHOST_EVENT_TD_CREATED:
	case TDXHOST_EVENT_TD_DESTROYED:
		fprintf(f, " TD %u", tdxctl_u32(tb[TDXHOST_A_TD_ID]));
		break;
	default:
		break;
	}
	fputc('\n', f);
	fflush(f);
}

struct monitor_arg {
	const struct tdxctl_opts *o;
	long count;		/* stop after this many; 0: never */
	long seen;
};

static int monitor_event(struct nlattr **tb, void *arg)
{
	struct monitor_arg *ma = arg;

	if (ma->o->json)
		event_json(tb);
	else
		event_line(stdout, "", tb);
	ma->seen++;
	return ma->count && ma->seen >= ma->count;
}

static int cmd_monitor(struct tdxctl_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	static const char usage[] = "usage: tdxctl monitor [--count N]\n";
	struct monitor_arg ma = { .o = o };
	struct tdxctl_args a;
	struct tdxctl_nl *ev;
	uint64_t count;
	int c, ret;

	tdxctl_args_init(&a, "monitor", usage, o, argc, argv, "c:", longopts);
	while ((c = tdxctl_args_next(&a)) != -1) {
		switch (c) {
		case 'c':
			if (!tdxctl_parse_range(optarg, 10, 1, LONG_MAX, &count)) {
				fprintf(stderr, "tdxctl monitor: --count wants a positive number, not '%s'\n",
					optarg);
				return TDXCTL_EXIT_USAGE;
			}
			ma.count = (long)count;
			break;
		default:
			return TDXCTL_EXIT_USAGE;
		}
	}
	if (!tdxctl_args_max(&a, 0))
		return TDXCTL_EXIT_USAGE;
	ev = tdxctl_nl_open_events(&ret);
	if (!ev)
		return ret;
	fprintf(stderr, "# listening for tdxhost events (Ctrl-C to stop)\n");
	for (;;) {
		ret = tdxctl_nl_poll_events(ev, -1, monitor_event, &ma);
		if (ret < 0) {
			fprintf(stderr, "tdxctl monitor: %s\n", strerror(-ret));
			tdxctl_nl_close(ev);
			return TDXCTL_EXIT_FAILED;
		}
		if (ret > 0)
			break;
	}
	tdxctl_nl_close(ev);
	return TDXCTL_EXIT_OK;
}

const struct tdxctl_cmd tdxctl_cmd_monitor = {
	.name = "monitor",
	.summary = "print tdxhost events until interrupted",
	.run = cmd_monitor,
};
