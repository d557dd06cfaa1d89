// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl status, enable and monitor: the module's state, bringing TDX up
 * with a progress display, and the "events" multicast group.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "tdx_status.h"

int tdxctl_no_args(const char *cmd, int argc, char **argv, const char *usage)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: tdxctl %s%s\n", cmd, usage);
			exit(TDXCTL_EXIT_OK);
		}
		fprintf(stderr, "usage: tdxctl %s%s\n", cmd, usage);
		return TDXCTL_EXIT_USAGE;
	}
	if (optind < argc) {
		fprintf(stderr, "tdxctl %s: unexpected argument '%s'\nusage: tdxctl %s%s\n", cmd,
			argv[optind], cmd, usage);
		return TDXCTL_EXIT_USAGE;
	}
	return TDXCTL_EXIT_OK;
}

int tdxctl_extra_args(const char *cmd, int argc, char **argv, const char *usage)
{
	if (optind >= argc)
		return TDXCTL_EXIT_OK;
	fprintf(stderr, "tdxctl %s: unexpected argument '%s'\n%s", cmd, argv[optind], usage);
	return TDXCTL_EXIT_USAGE;
}

static enum tdxctl_color state_color(uint32_t state)
{
	switch (state) {
	case TDXHOST_STATE_INITIALIZED:
		return C_GREEN;
	case TDXHOST_STATE_UNINITIALIZED:
	case TDXHOST_STATE_INITIALIZING:
		return C_YELLOW;
	default:
		return C_RED;
	}
}

/* ---- the failure record */

static void failure_human(struct nlattr *nest, const char *indent)
{
	struct nlattr *f[TDXHOST_A_FAIL_MAX + 1];
	struct tdxctl_table *t = tdxctl_table_new(2);
	char buf[256];

	tdxctl_nl_nested(f, TDXHOST_A_FAIL_MAX, nest);
	tdxctl_table_row(t, "step", tdxctl_str(f[TDXHOST_A_FAIL_STEP_NAME]));
	if (f[TDXHOST_A_FAIL_LEAF]) {
		snprintf(buf, sizeof(buf), "%s (%llu)",
			 f[TDXHOST_A_FAIL_LEAF_NAME] ? tdxctl_str(f[TDXHOST_A_FAIL_LEAF_NAME]) : "?",
			 (unsigned long long)tdxctl_u64(f[TDXHOST_A_FAIL_LEAF]));
		tdxctl_table_row(t, "leaf", buf);
	}
	if (f[TDXHOST_A_FAIL_STATUS]) {
		snprintf(buf, sizeof(buf), "0x%016llx %s",
			 (unsigned long long)tdxctl_u64(f[TDXHOST_A_FAIL_STATUS]),
			 f[TDXHOST_A_FAIL_STATUS_NAME] ? tdxctl_str(f[TDXHOST_A_FAIL_STATUS_NAME]) :
							"(unknown status)");
		tdxctl_table_row(t, "status", buf);
	}
	if (f[TDXHOST_A_FAIL_ERRNO]) {
		snprintf(buf, sizeof(buf), "%s", strerror((int)tdxctl_u32(f[TDXHOST_A_FAIL_ERRNO])));
		tdxctl_table_row(t, "error", buf);
	}
	if (f[TDXHOST_A_FAIL_MSG])
		tdxctl_table_row(t, "message", tdxctl_str(f[TDXHOST_A_FAIL_MSG]));
	if (f[TDXHOST_A_FAIL_HINT])
		tdxctl_table_row(t, "hint", tdxctl_str(f[TDXHOST_A_FAIL_HINT]));
	tdxctl_table_print(t, stdout, indent);
	tdxctl_table_free(t);
}

static void failure_json(const char *key, struct nlattr *nest)
{
	struct nlattr *f[TDXHOST_A_FAIL_MAX + 1];

	if (!nest) {
		json_null(key);
		return;
	}
	tdxctl_nl_nested(f, TDXHOST_A_FAIL_MAX, nest);
	json_obj_begin(key);
	json_str("step", tdxctl_str(f[TDXHOST_A_FAIL_STEP_NAME]));
	json_u64("step_code", tdxctl_u32(f[TDXHOST_A_FAIL_STEP]));
	if (f[TDXHOST_A_FAIL_LEAF])
		json_u64("leaf", tdxctl_u64(f[TDXHOST_A_FAIL_LEAF]));
	else
		json_null("leaf");
	json_str("leaf_name", tdxctl_str(f[TDXHOST_A_FAIL_LEAF_NAME]));
	if (f[TDXHOST_A_FAIL_STATUS])
		json_hex("status", tdxctl_u64(f[TDXHOST_A_FAIL_STATUS]));
	else
		json_null("status");
	json_str("status_name", tdxctl_str(f[TDXHOST_A_FAIL_STATUS_NAME]));
	json_u64("errno", tdxctl_u32(f[TDXHOST_A_FAIL_ERRNO]));
	json_str("error", f[TDXHOST_A_FAIL_ERRNO] ?
		 strerror((int)tdxctl_u32(f[TDXHOST_A_FAIL_ERRNO])) : NULL);
	json_str("message", tdxctl_str(f[TDXHOST_A_FAIL_MSG]));
	json_str("hint", tdxctl_str(f[TDXHOST_A_FAIL_HINT]));
	json_obj_end();
}

/* ---- status */

static void status_json(const char *key, struct nlattr **tb)
{
	char ver[32];

	json_obj_begin(key);
	json_str("state", tdxctl_str(tb[TDXHOST_A_STATE_NAME]));
	json_u64("state_code", tdxctl_u32(tb[TDXHOST_A_STATE]));
	json_str("backend", tdxctl_str(tb[TDXHOST_A_BACKEND]));
	json_u64("generation", tdxctl_u32(tb[TDXHOST_A_GENERATION]));
	json_bool("addresses_hidden", tb[TDXHOST_A_ADDRS_HIDDEN] != NULL);
	json_str("reason", tdxctl_str(tb[TDXHOST_A_REASON]));
	if (tb[TDXHOST_A_MODULE_MAJOR]) {
		snprintf(ver, sizeof(ver), "%u.%u.%02u", tdxctl_u32(tb[TDXHOST_A_MODULE_MAJOR]),
			 tdxctl_u32(tb[TDXHOST_A_MODULE_MINOR]),
			 tdxctl_u32(tb[TDXHOST_A_MODULE_UPDATE]));
		json_obj_begin("module");
		json_str("version", ver);
		json_u64("major", tdxctl_u32(tb[TDXHOST_A_MODULE_MAJOR]));
		json_u64("minor", tdxctl_u32(tb[TDXHOST_A_MODULE_MINOR]));
		json_u64("update", tdxctl_u32(tb[TDXHOST_A_MODULE_UPDATE]));
		json_u64("internal", tdxctl_u32(tb[TDXHOST_A_MODULE_INTERNAL]));
		json_u64("build_date", tdxctl_u32(tb[TDXHOST_A_MODULE_BUILD_DATE]));
		json_u64("build_num", tdxctl_u32(tb[TDXHOST_A_MODULE_BUILD_NUM]));
		json_hex("features0", tdxctl_u64(tb[TDXHOST_A_FEATURES0]));
		json_obj_end();
		json_obj_begin("limits");
		json_u64("max_tdmrs", tdxctl_u32(tb[TDXHOST_A_MAX_TDMRS]));
		json_u64("max_reserved_per_tdmr", tdxctl_u32(tb[TDXHOST_A_MAX_RSVD_PER_TDMR]));
		json_u64("nr_cmrs", tdxctl_u32(tb[TDXHOST_A_NR_CMRS]));
		json_obj_end();
	} else {
		json_null("module");
		json_null("limits");
	}
	json_obj_begin("keyids");
	json_u64("mktme", tdxctl_u32(tb[TDXHOST_A_NR_MKTME_KEYIDS]));
	json_u64("tdx", tdxctl_u32(tb[TDXHOST_A_NR_TDX_KEYIDS]));
	if (tb[TDXHOST_A_TDX_KEYID_FIRST])
		json_u64("tdx_first", tdxctl_u32(tb[TDXHOST_A_TDX_KEYID_FIRST]));
	else
		json_null("tdx_first");
	json_u64("global", tdxctl_u32(tb[TDXHOST_A_GLOBAL_KEYID]));
	json_u64("hkids_in_use", tdxctl_u32(tb[TDXHOST_A_HKIDS_IN_USE]));
	json_obj_end();
	json_obj_begin("memory");
	json_u64("tdx_bytes", tdxctl_u64(tb[TDXHOST_A_TDX_MEMORY]));
	json_u64("ranges", tdxctl_u32(tb[TDXHOST_A_NR_TDX_RANGES]));
	json_u64("tdmrs", tdxctl_u32(tb[TDXHOST_A_NR_TDMRS]));
	json_u64("tdmr_covered_bytes", tdxctl_u64(tb[TDXHOST_A_TDMR_COVERED]));
	json_obj_end();
	json_obj_begin("pamt");
	json_u64("total_bytes", tdxctl_u64(tb[TDXHOST_A_PAMT_TOTAL]));
	json_u64("4k_bytes", tdxctl_u64(tb[TDXHOST_A_PAMT_4K]));
	json_u64("2m_bytes", tdxctl_u64(tb[TDXHOST_A_PAMT_2M]));
	json_u64("1g_bytes", tdxctl_u64(tb[TDXHOST_A_PAMT_1G]));
	json_u64("ppm", tdxctl_u32(tb[TDXHOST_A_PAMT_PPM]));
	json_obj_end();
	if (tb[TDXHOST_A_STEP]) {
		json_obj_begin("progress");
		json_str("step", tdxctl_str(tb[TDXHOST_A_STEP_NAME]));
		json_u64("tdmr_init_done", tdxctl_u64(tb[TDXHOST_A_TDMR_INIT_DONE]));
		json_u64("tdmr_init_total", tdxctl_u64(tb[TDXHOST_A_TDMR_INIT_TOTAL]));
		json_obj_end();
	} else {
		json_null("progress");
	}
	failure_json("failure", tb[TDXHOST_A_FAILURE]);
	json_obj_begin("last_enable");
	json_u64("ns", tdxctl_u64(tb[TDXHOST_A_ENABLE_NS]));
	json_u64("seamcalls", tdxctl_u64(tb[TDXHOST_A_ENABLE_SEAMCALLS]));
	json_obj_end();
	json_obj_end();
}

static void status_human(struct nlattr **tb)
{
	struct tdxctl_table *t = tdxctl_table_new(2);
	uint32_t state = tdxctl_u32(tb[TDXHOST_A_STATE]);
	const char *backend = tdxctl_str(tb[TDXHOST_A_BACKEND]);
	char buf[256], s1[32], s2[32], s3[32], s4[32], s5[32];

	snprintf(buf, sizeof(buf), "%s%s%s", tdxctl_color(state_color(state)),
		 tdxctl_str(tb[TDXHOST_A_STATE_NAME]) ?: "?", tdxctl_color_off());
	tdxctl_table_row(t, "state", buf);
	snprintf(buf, sizeof(buf), "%s%s", backend ?: "?",
		 backend && !strcmp(backend, "emu") ?
		 " (software TDX module: INSECURE, for testing only)" : "");
	tdxctl_table_row(t, "backend", buf);
	if (tb[TDXHOST_A_REASON])
		tdxctl_table_row(t, "reason", tdxctl_str(tb[TDXHOST_A_REASON]));
	if (tb[TDXHOST_A_STEP]) {
		uint64_t done = tdxctl_u64(tb[TDXHOST_A_TDMR_INIT_DONE]);
		uint64_t total = tdxctl_u64(tb[TDXHOST_A_TDMR_INIT_TOTAL]);

		snprintf(buf, sizeof(buf), "%s (TDMR init %llu%%)", tdxctl_str(tb[TDXHOST_A_STEP_NAME]),
			 total ? (unsigned long long)(done * 100 / total) : 0ULL);
		tdxctl_table_row(t, "step", buf);
	}
	if (tb[TDXHOST_A_MODULE_MAJOR]) {
		snprintf(buf, sizeof(buf), "%u.%u.%02u (build %u, %u)",
			 tdxctl_u32(tb[TDXHOST_A_MODULE_MAJOR]), tdxctl_u32(tb[TDXHOST_A_MODULE_MINOR]),
			 tdxctl_u32(tb[TDXHOST_A_MODULE_UPDATE]),
			 tdxctl_u32(tb[TDXHOST_A_MODULE_BUILD_NUM]),
			 tdxctl_u32(tb[TDXHOST_A_MODULE_BUILD_DATE]));
		tdxctl_table_row(t, "TDX module", buf);
		snprintf(buf, sizeof(buf), "0x%llx",
			 (unsigned long long)tdxctl_u64(tb[TDXHOST_A_FEATURES0]));
		tdxctl_table_row(t, "features0", buf);
		snprintf(buf, sizeof(buf), "%u TDMRs, %u reserved areas per TDMR, %u CMRs",
			 tdxctl_u32(tb[TDXHOST_A_MAX_TDMRS]), tdxctl_u32(tb[TDXHOST_A_MAX_RSVD_PER_TDMR]),
			 tdxctl_u32(tb[TDXHOST_A_NR_CMRS]));
		tdxctl_table_row(t, "limits", buf);
	}
	if (tb[TDXHOST_A_TDX_KEYID_FIRST])
		snprintf(buf, sizeof(buf), "%u TDX (%u..%u), %u MKTME; global %u, %u HKIDs in use",
			 tdxctl_u32(tb[TDXHOST_A_NR_TDX_KEYIDS]), tdxctl_u32(tb[TDXHOST_A_TDX_KEYID_FIRST]),
			 tdxctl_u32(tb[TDXHOST_A_TDX_KEYID_FIRST]) +
			 tdxctl_u32(tb[TDXHOST_A_NR_TDX_KEYIDS]) - 1,
			 tdxctl_u32(tb[TDXHOST_A_NR_MKTME_KEYIDS]), tdxctl_u32(tb[TDXHOST_A_GLOBAL_KEYID]),
			 tdxctl_u32(tb[TDXHOST_A_HKIDS_IN_USE]));
	else if (state == TDXHOST_STATE_UNINITIALIZED || state == TDXHOST_STATE_UNAVAILABLE)
		snprintf(buf, sizeof(buf), "known once TDX is enabled");
	else
		snprintf(buf, sizeof(buf), "none for TDX, %u MKTME",
			 tdxctl_u32(tb[TDXHOST_A_NR_MKTME_KEYIDS]));
	tdxctl_table_row(t, "KeyIDs", buf);
	if (tdxctl_u64(tb[TDXHOST_A_TDX_MEMORY])) {
		snprintf(buf, sizeof(buf), "%s in %u ranges",
			 tdxctl_size(s1, sizeof(s1), tdxctl_u64(tb[TDXHOST_A_TDX_MEMORY])),
			 tdxctl_u32(tb[TDXHOST_A_NR_TDX_RANGES]));
		tdxctl_table_row(t, "TDX memory", buf);
		snprintf(buf, sizeof(buf), "%u covering %s", tdxctl_u32(tb[TDXHOST_A_NR_TDMRS]),
			 tdxctl_size(s1, sizeof(s1), tdxctl_u64(tb[TDXHOST_A_TDMR_COVERED])));
		tdxctl_table_row(t, "TDMRs", buf);
		snprintf(buf, sizeof(buf), "%s (%s of TDX memory): 4K %s, 2M %s, 1G %s",
			 tdxctl_size(s1, sizeof(s1), tdxctl_u64(tb[TDXHOST_A_PAMT_TOTAL])),
			 tdxctl_ppm(s4, sizeof(s4), tdxctl_u32(tb[TDXHOST_A_PAMT_PPM])),
			 tdxctl_size(s2, sizeof(s2), tdxctl_u64(tb[TDXHOST_A_PAMT_4K])),
			 tdxctl_size(s3, sizeof(s3), tdxctl_u64(tb[TDXHOST_A_PAMT_2M])),
			 tdxctl_size(s5, sizeof(s5), tdxctl_u64(tb[TDXHOST_A_PAMT_1G])));
		tdxctl_table_row(t, "PAMT", buf);
	}
	if (tdxctl_u64(tb[TDXHOST_A_ENABLE_NS])) {
		snprintf(buf, sizeof(buf), "%llu ms, %llu SEAMCALLs",
			 (unsigned long long)(tdxctl_u64(tb[TDXHOST_A_ENABLE_NS]) / 1000000),
			 (unsigned long long)tdxctl_u64(tb[TDXHOST_A_ENABLE_SEAMCALLS]));
		tdxctl_table_row(t, "last enable", buf);
	}
	if (tb[TDXHOST_A_ADDRS_HIDDEN])
		tdxctl_table_row(t, "addresses", "hidden (needs CAP_SYS_ADMIN)");
	tdxctl_table_print(t, stdout, "");
	tdxctl_table_free(t);
	if (tb[TDXHOST_A_FAILURE]) {
		printf("%sfailure%s\n", tdxctl_color(C_RED), tdxctl_color_off());
		failure_human(tb[TDXHOST_A_FAILURE], "  ");
	}
}

struct status_arg {
	const struct tdxctl_opts *o;
	uint32_t state;
	bool print;
	const char *json_key;	/* inside another document when set */
};

static int status_msg(struct nlattr **tb, void *arg)
{
	struct status_arg *sa = arg;

	sa->state = tdxctl_u32(tb[TDXHOST_A_STATE]);
	if (!sa->print)
		return 0;
	if (sa->o->json) {
		status_json(sa->json_key, tb);
		if (!sa->json_key)
			json_done();
	} else {
		status_human(tb);
	}
	return 0;
}

static int status_exit(uint32_t state)
{
	if (state == TDXHOST_STATE_UNAVAILABLE)
		return TDXCTL_EXIT_UNAVAILABLE;
	if (state == TDXHOST_STATE_FAILED)
		return TDXCTL_EXIT_FAILED;
	return TDXCTL_EXIT_OK;
}

int cmd_status(const struct tdxctl_opts *o, int argc, char **argv)
{
	struct status_arg sa = { .o = o, .print = true };
	struct tdxctl_nl *nl;
	int ret = tdxctl_no_args("status", argc, argv, "");

	if (ret)
		return ret;
	nl = tdxctl_nl_open(&ret);
	if (!nl)
		return ret;
	ret = tdxctl_nl_call(nl, TDXHOST_CMD_GET_STATUS, false, NULL, status_msg, &sa, "status");
	tdxctl_nl_close(nl);
	return ret ? ret : status_exit(sa.state);
}

/* ---- events: shared by enable's progress display and monitor */

static const char *event_kind_name(uint32_t kind)
{
	switch (kind) {
	case TDXHOST_EVENT_STATE:
		return "state";
	case TDXHOST_EVENT_PROGRESS:
		return "progress";
	case TDXHOST_EVENT_FAILURE:
		return "failure";
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
	default:
		break;
	}
	fputc('\n', f);
	fflush(f);
}

/* ---- monitor */

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

int cmd_monitor(const struct tdxctl_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char usage[] = "usage: tdxctl monitor [--count N]\n";
	struct monitor_arg ma = { .o = o };
	struct tdxctl_nl *ev;
	char *end;
	int c, ret;

	while ((c = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			errno = 0;
			ma.count = strtol(optarg, &end, 10);
			if (errno || *end || ma.count <= 0) {
				fprintf(stderr, "tdxctl monitor: --count wants a positive number, not '%s'\n",
					optarg);
				return TDXCTL_EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return TDXCTL_EXIT_OK;
		default:
			fputs(usage, stderr);
			return TDXCTL_EXIT_USAGE;
		}
	}
	if (tdxctl_extra_args("monitor", argc, argv, usage))
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

/* ---- enable */

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

int cmd_enable(const struct tdxctl_opts *o, int argc, char **argv)
{
	struct status_arg sa = { .o = o };
	struct progress p = { .last_step = ~0U, .last_percent = ~0U };
	struct tdxctl_nl *nl;
	pthread_t thread;
	bool threaded = false;
	int ret = tdxctl_no_args("enable", argc, argv, "");
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
