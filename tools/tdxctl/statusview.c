// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl: the module's status and the failure record of a failed enable,
 * as an aligned table or JSON.
 */
#include <string.h>

#include <linux/tdxhost.h>

#include "output.h"
#include "statusview.h"

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

void failure_json(const char *key, struct nlattr *nest)
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
	json_u64("free", tdxctl_u32(tb[TDXHOST_A_KEYIDS_FREE]));
	json_obj_end();
	json_obj_begin("tds");
	json_u64("count", tdxctl_u32(tb[TDXHOST_A_TDS]));
	json_u64("pages", tdxctl_u64(tb[TDXHOST_A_TD_PAGES]));
	json_u64("leaked_pages", tdxctl_u64(tb[TDXHOST_A_LEAKED_PAGES]));
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
	if (tb[TDXHOST_A_TDS] && (tdxctl_u32(tb[TDXHOST_A_TDS]) ||
				  state == TDXHOST_STATE_INITIALIZED)) {
		snprintf(buf, sizeof(buf), "%u (%llu pages), %u KeyIDs free",
			 tdxctl_u32(tb[TDXHOST_A_TDS]),
			 (unsigned long long)tdxctl_u64(tb[TDXHOST_A_TD_PAGES]),
			 tdxctl_u32(tb[TDXHOST_A_KEYIDS_FREE]));
		tdxctl_table_row(t, "TDs", buf);
	}
	/* Never reused until reboot: worth a line whenever there are any. */
	if (tdxctl_u64(tb[TDXHOST_A_LEAKED_PAGES])) {
		snprintf(buf, sizeof(buf), "%s%llu pages the TDX module did not give back%s",
			 tdxctl_color(C_RED),
			 (unsigned long long)tdxctl_u64(tb[TDXHOST_A_LEAKED_PAGES]),
			 tdxctl_color_off());
		tdxctl_table_row(t, "leaked", buf);
	}
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

int status_msg(struct nlattr **tb, void *arg)
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
