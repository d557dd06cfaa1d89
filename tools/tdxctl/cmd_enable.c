// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl enable: bring TDX up, with a progress display fed by the events
 * group, then the final status (the failure record if it failed).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "nl.h"
#include "output.h"
#include "statusview.h"

struct progress {
	struct tdxctl_nl *ev;
	atomic_bool stop;
	bool tty;
	bool drawn;
	uint32_t last_step, last_percent;
};

static void progress_draw(struct progress *p, const char *step, uint32_t percent)
{
	char bar[41];
	unsigned int i, fill = percent * 40 / 100;

	for (i = 0; i < 40; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[40] = '\0';
	fprintf(stderr, "\r[%s] %3u%% %-14s", bar, percent, step);
	fflush(stderr);
	p->drawn = true;
}

static int progress_event(struct nlattr **tb, void *arg)
{
	struct progress *p = arg;
	uint32_t kind = tdxctl_u32(tb[TDXHOST_A_EVENT_TYPE]);
	uint32_t step = tdxctl_u32(tb[TDXHOST_A_STEP]);
	uint32_t percent = tdxctl_u32(tb[TDXHOST_A_PERCENT]);
	const char *name = tdxctl_str(tb[TDXHOST_A_STEP_NAME]) ?: "?";

	if (kind != TDXHOST_EVENT_PROGRESS)
		return 0;
	if (step == p->last_step && percent == p->last_percent)
		return 0;
	p->last_step = step;
	p->last_percent = percent;
	if (p->tty) {
		/* Overall progress: steps before TDMR init, then its own percent. */
		uint32_t overall = step < TDXHOST_STEP_TDMR_INIT ?
			step * 50 / TDXHOST_STEP_TDMR_INIT : 50 + percent / 2;

		progress_draw(p, name, overall);
	} else if (step == TDXHOST_STEP_TDMR_INIT && tb[TDXHOST_A_PERCENT]) {
		printf("enable: step %s %u%%\n", name, percent);
	} else {
		printf("enable: step %s\n", name);
	}
	fflush(stdout);
	return 0;
}

static void *progress_thread(void *arg)
{
	struct progress *p = arg;

	while (!atomic_load(&p->stop))
		if (tdxctl_nl_poll_events(p->ev, 100, progress_event, p) < 0)
			break;
	/* What arrived before the reply. */
	while (tdxctl_nl_poll_events(p->ev, 0, progress_event, p) > 0)
		;
	return NULL;
}

static int cmd_enable(struct tdxctl_opts *o, int argc, char **argv)
{
	struct status_arg sa = { .o = o };
	struct progress p = { .last_step = ~0U, .last_percent = ~0U };
	struct tdxctl_nl *nl;
	pthread_t thread;
	bool threaded = false;
	int ret = tdxctl_args_none("enable", "usage: tdxctl enable\n", o, argc, argv);
	int ignored;

	if (ret)
		return ret;
	nl = tdxctl_nl_open(&ret);
	if (!nl)
		return ret;
	/* Progress from the events group; enable works without it. */
	if (!o->json) {
		p.tty = isatty(STDERR_FILENO) && isatty(STDOUT_FILENO);
		p.ev = tdxctl_nl_open_events(&ignored);
		if (p.ev && !pthread_create(&thread, NULL, progress_thread, &p))
			threaded = true;
	}
	ret = tdxctl_nl_call(nl, TDXHOST_CMD_ENABLE, false, NULL, status_msg, &sa, "enable");
	if (threaded) {
		atomic_store(&p.stop, true);
		pthread_join(thread, NULL);
	}
	tdxctl_nl_close(p.ev);
	if (p.drawn) {
		if (!ret)
			progress_draw(&p, "done", 100);
		fputc('\n', stderr);
	}
	if (ret == TDXCTL_EXIT_PERM) {
		tdxctl_nl_close(nl);
		return ret;
	}

	/* Success or failure: the final status tells the story. */
	sa.print = true;
	if (o->json) {
		json_obj_begin(NULL);
		json_str("result", ret ? "failed" : "ok");
		sa.json_key = "status";
	} else {
		printf("%s\n", ret ? "TDX enable failed" : "TDX initialized");
	}
	if (tdxctl_nl_call(nl, TDXHOST_CMD_GET_STATUS, false, NULL, status_msg, &sa, "status")) {
		tdxctl_nl_close(nl);
		return TDXCTL_EXIT_FAILED;
	}
	if (o->json) {
		json_obj_end();
		json_done();
	}
	tdxctl_nl_close(nl);
	if (ret)
		return sa.state == TDXHOST_STATE_UNAVAILABLE ? TDXCTL_EXIT_UNAVAILABLE : ret;
	return TDXCTL_EXIT_OK;
}

const struct tdxctl_cmd tdxctl_cmd_enable = {
	.name = "enable",
	.summary = "initialize the TDX module (root)",
	.run = cmd_enable,
};
