// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl check: is this host ready for TDX?  A tree of checks (CPU, BIOS
 * settings seen through MSRs, kernel, tdxhost), each PASS/FAIL/WARN/SKIP
 * with what to do about it, and what enabling will cost here (TDMRs and
 * PAMT, from the planner on this host's memory map: hostplan.c).  Works
 * before tdxhost is loaded; MSRs are read through the msr driver
 * (/dev/cpu/0/msr) and /proc/iomem's addresses, both need root.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "hostplan.h"
#include "nl.h"
#include "output.h"
#include "tdx_defs.h"

enum result { R_PASS, R_FAIL, R_WARN, R_SKIP };

static const char *const result_name[] = { "PASS", "FAIL", "WARN", "SKIP" };
static const char *const result_json[] = { "pass", "fail", "warn", "skip" };
static const enum tdxctl_color result_color[] = { C_GREEN, C_RED, C_YELLOW, C_GREY };

struct check_ctx {
	const struct tdxctl_opts *o;
	const char *group;
	bool any_required_failed;
	unsigned int counts[4];
};

static void group(struct check_ctx *cc, const char *name)
{
	cc->group = name;
	if (!cc->o->json)
		printf("%s%s%s\n", tdxctl_color(C_BOLD), name, tdxctl_color_off());
}

/* One check; @hint is shown for anything but PASS. */
static void report(struct check_ctx *cc, const char *id, bool required, enum result r,
		   const char *hint, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void report(struct check_ctx *cc, const char *id, bool required, enum result r,
		   const char *hint, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	cc->counts[r]++;
	if (r == R_FAIL && required)
		cc->any_required_failed = true;
	if (cc->o->json) {
		json_obj_begin(NULL);
		json_str("group", cc->group);
		json_str("id", id);
		json_str("result", result_json[r]);
		json_bool("required", required);
		json_str("detail", text);
		json_str("hint", r == R_PASS ? NULL : hint);
		json_obj_end();
		return;
	}
	printf("  [%s%s%s] %s\n", tdxctl_color(result_color[r]), result_name[r], tdxctl_color_off(),
	       text);
	if (r != R_PASS && hint)
		printf("         %s-> %s%s\n", tdxctl_color(C_GREY), hint, tdxctl_color_off());
}

static bool read_text(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return true;
}

/* Read an MSR of CPU 0: 0 or -errno (-EIO: the MSR does not exist). */
static int rdmsr(uint32_t msr, uint64_t *val)
{
	int fd = open("/dev/cpu/0/msr", O_RDONLY);
	ssize_t n;

	if (fd < 0 && errno == ENOENT && geteuid() == 0) {
		if (system("modprobe msr >/dev/null 2>&1") == 0)
			fd = open("/dev/cpu/0/msr", O_RDONLY);
		else
			errno = ENOENT;
	}
	if (fd < 0)
		return -errno;
	n = pread(fd, val, sizeof(*val), msr);
	close(fd);
	if (n != sizeof(*val))
		return n < 0 ? -errno : -EIO;
	return 0;
}

/* SKIP for "cannot read", FAIL for "not there"; 0 when read. */
static int msr_or_report(struct check_ctx *cc, const char *id, uint32_t msr, uint64_t *val,
			 const char *what, const char *hint)
{
	int err = rdmsr(msr, val);

	if (!err)
		return 0;
	if (err == -EACCES || err == -EPERM)
		report(cc, id, true, R_SKIP, "run tdxctl check as root",
		       "%s: cannot read MSR 0x%x (needs root)", what, msr);
	else if (err == -ENOENT || err == -ENXIO)
		report(cc, id, true, R_SKIP, "install the msr module (modprobe msr)",
		       "%s: no msr driver (/dev/cpu/0/msr)", what);
	else
		report(cc, id, true, R_FAIL, hint, "%s: MSR 0x%x not implemented by this CPU", what,
		       msr);
	return err;
}

static void check_cpu(struct check_ctx *cc)
{
	char *info = malloc(1 << 20);
	bool intel, vmx, hv;

	group(cc, "CPU");
	if (!info || !read_text("/proc/cpuinfo", info, 1 << 20)) {
		report(cc, "cpu_vendor", true, R_SKIP, NULL, "cannot read /proc/cpuinfo");
		free(info);
		return;
	}
	intel = strstr(info, "GenuineIntel") != NULL;
	vmx = strstr(info, " vmx") != NULL;
	hv = strstr(info, " hypervisor") != NULL;
	report(cc, "cpu_vendor", true, intel ? R_PASS : R_FAIL,
	       "TDX needs an Intel Xeon with TDX (4th generation Xeon Scalable or later)",
	       "Intel CPU%s", intel ? "" : ": no (not GenuineIntel)");
	report(cc, "vmx", true, vmx ? R_PASS : R_FAIL,
	       "enable Intel Virtualization Technology (VT-x) in the BIOS",
	       "VMX %s", vmx ? "supported" : "not available");
	report(cc, "bare_metal", false, hv ? R_WARN : R_PASS,
	       "TDX host support needs bare metal; a virtual machine can only run on the emu backend",
	       "%s", hv ? "running in a virtual machine" : "bare metal");
	free(info);
}

static void check_msrs(struct check_ctx *cc)
{
	uint64_t v;

	group(cc, "BIOS settings (MSRs)");
	if (!msr_or_report(cc, "tme", MSR_IA32_TME_ACTIVATE, &v, "TME",
			   "enable Total Memory Encryption (TME) and multi-key TME in the BIOS"))
		report(cc, "tme", true, (v & 2) ? R_PASS : R_FAIL,
		       "enable Total Memory Encryption (TME) in the BIOS",
		       "TME %s (MSR 0x982 = 0x%llx)", (v & 2) ? "enabled" : "not enabled",
		       (unsigned long long)v);
	if (!msr_or_report(cc, "seamrr", MSR_IA32_SEAMRR_PHYS_MASK, &v, "SEAMRR",
			   "enable TDX (and its SEAM range) in the BIOS"))
		report(cc, "seamrr", true, (v & (1ULL << 11)) ? R_PASS : R_FAIL,
		       "enable TDX in the BIOS (it sets up the SEAM range registers)",
		       "SEAMRR %s (MSR 0x1401 = 0x%llx)",
		       (v & (1ULL << 11)) ? "enabled" : "not enabled", (unsigned long long)v);
	if (!msr_or_report(cc, "keyids", MSR_IA32_MKTME_KEYID_PARTITIONING, &v, "KeyID split",
			   "enable TME-MT and set a TDX KeyID split in the BIOS")) {
		uint32_t mktme = (uint32_t)v, tdx = (uint32_t)(v >> 32);

		report(cc, "keyids", true, tdx >= 2 ? R_PASS : R_FAIL,
		       "give TDX at least 2 KeyIDs in the BIOS (TME-MT/TDX KeyID split)",
		       "KeyIDs: %u MKTME, %u TDX%s", mktme, tdx,
		       tdx >= 2 ? "" : " (need at least 2 for TDX)");
	}
}

static bool cmdline_has(const char *word)
{
	char buf[4096], *p;
	size_t l = strlen(word);

	if (!read_text("/proc/cmdline", buf, sizeof(buf)))
		return false;
	for (p = buf; (p = strstr(p, word)); p += l)
		if ((p == buf || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\n' || !p[l]))
			return true;
	return false;
}

/* Returns 1 set, 0 not set, -1 cannot tell. */
static int kernel_config_tdx(void)
{
	char path[300], line[256];
	struct utsname u;
	int found = -1;
	FILE *f;

	uname(&u);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	f = fopen(path, "r");
	if (f) {
		found = 0;
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "CONFIG_INTEL_TDX_HOST=y", 23))
				found = 1;
		fclose(f);
		return found;
	}
	if (access("/proc/config.gz", R_OK))
		return -1;
	f = popen("zcat /proc/config.gz 2>/dev/null", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (found < 0)
			found = 0;
		if (!strncmp(line, "CONFIG_INTEL_TDX_HOST=y", 23))
			found = 1;
	}
	pclose(f);
	return found;
}

static void check_kernel(struct check_ctx *cc)
{
	char state[256] = "", disk[256] = "";
	int tdx_host;

	group(cc, "Kernel");
	read_text("/sys/power/state", state, sizeof(state));
	read_text("/sys/power/disk", disk, sizeof(disk));
	if (cmdline_has("nohibernate"))
		report(cc, "hibernation", true, R_PASS, NULL, "hibernation off (nohibernate)");
	else if (!strstr(state, "disk") || strstr(disk, "[disabled]"))
		report(cc, "hibernation", true, R_PASS, NULL, "hibernation not possible");
	else
		report(cc, "hibernation", true, R_FAIL,
		       "add 'nohibernate' to the kernel command line (TDX does not survive hibernation)",
		       "hibernation is possible (/sys/power/disk: %.*s)",
		       (int)strcspn(disk, "\n"), disk);

	tdx_host = kernel_config_tdx();
	if (tdx_host < 0)
		report(cc, "kernel_tdx", true, R_SKIP, "install the kernel's config in /boot",
		       "kernel config not found (/boot/config-*, /proc/config.gz)");
	else
		report(cc, "kernel_tdx", true, tdx_host ? R_FAIL : R_PASS,
		       "this kernel has its own TDX host support: use it instead of tdxhost",
		       "%s", tdx_host ? "kernel has CONFIG_INTEL_TDX_HOST (conflicts with tdxhost)" :
		       "no in-kernel TDX host support (CONFIG_INTEL_TDX_HOST not set)");

	if (!access("/sys/module/kvm_intel", F_OK))
		report(cc, "kvm", false, R_PASS, NULL, "KVM present (kvm_intel)");
	else if (!access("/dev/kvm", F_OK))
		report(cc, "kvm", false, R_PASS, NULL, "KVM present (/dev/kvm)");
	else
		report(cc, "kvm", false, R_WARN, "modprobe kvm_intel (needed to run TDs)",
		       "KVM not loaded");
}

struct module_state {
	bool known;
	uint32_t code;
	char name[64];
	char reason[192];
	/* Once the module has read its metadata (an enable ran): */
	bool limits_known;
	struct tdmr_plan_limits lim;
	/* Once initialized: what enabling took. */
	uint64_t tdx_memory, covered, pamt_total, pamt_level[TDX_PS_NR];
	uint32_t nr_ranges, nr_tdmrs;
};

static int state_msg(struct nlattr **tb, void *arg)
{
	struct module_state *ms = arg;

	ms->known = true;
	ms->code = tdxctl_u32(tb[TDXHOST_A_STATE]);
	snprintf(ms->name, sizeof(ms->name), "%s", tdxctl_str(tb[TDXHOST_A_STATE_NAME]) ?: "?");
	snprintf(ms->reason, sizeof(ms->reason), "%s", tdxctl_str(tb[TDXHOST_A_REASON]) ?: "");
	if (tb[TDXHOST_A_MODULE_MAJOR] && tb[TDXHOST_A_MAX_TDMRS]) {
		ms->limits_known = true;
		ms->lim.max_tdmrs = tdxctl_u32(tb[TDXHOST_A_MAX_TDMRS]);
		ms->lim.max_rsvd_per_tdmr = tdxctl_u32(tb[TDXHOST_A_MAX_RSVD_PER_TDMR]);
	}
	ms->tdx_memory = tdxctl_u64(tb[TDXHOST_A_TDX_MEMORY]);
	ms->nr_ranges = tdxctl_u32(tb[TDXHOST_A_NR_TDX_RANGES]);
	ms->nr_tdmrs = tdxctl_u32(tb[TDXHOST_A_NR_TDMRS]);
	ms->covered = tdxctl_u64(tb[TDXHOST_A_TDMR_COVERED]);
	ms->pamt_total = tdxctl_u64(tb[TDXHOST_A_PAMT_TOTAL]);
	ms->pamt_level[0] = tdxctl_u64(tb[TDXHOST_A_PAMT_4K]);
	ms->pamt_level[1] = tdxctl_u64(tb[TDXHOST_A_PAMT_2M]);
	ms->pamt_level[2] = tdxctl_u64(tb[TDXHOST_A_PAMT_1G]);
	return 0;
}

static int entry_size_msg(struct nlattr **tb, void *arg)
{
	struct nlattr *f[TDXHOST_A_FIELD_MAX + 1];

	tdxctl_nl_nested(f, TDXHOST_A_FIELD_MAX, tb[TDXHOST_A_FIELD]);
	if (f[TDXHOST_A_FIELD_VALUE])
		*(uint16_t *)arg = (uint16_t)tdxctl_u64(f[TDXHOST_A_FIELD_VALUE]);
	return 0;
}

/* The PAMT entry sizes the module reports (16 bytes each where it does not say). */
static void query_entry_sizes(struct tdxctl_nl *nl, struct tdmr_plan_limits *lim)
{
	static const char *const field[TDX_PS_NR] = {
		"PAMT_4K_ENTRY_SIZE", "PAMT_2M_ENTRY_SIZE", "PAMT_1G_ENTRY_SIZE",
	};
	unsigned int i;

	for (i = 0; i < TDX_PS_NR; i++) {
		struct tdxctl_nl_attr req[2] = {
			{ .type = TDXHOST_A_MD_NAME, .kind = 's', .s = field[i] },
		};

		lim->pamt_entry_size[i] = 16;
		tdxctl_nl_call(nl, TDXHOST_CMD_GET_METADATA, false, req, entry_size_msg,
			       &lim->pamt_entry_size[i], "metadata");
		if (!lim->pamt_entry_size[i])
			lim->pamt_entry_size[i] = 16;
	}
}

/* The module's state, without the netlink client's own error messages. */
static void query_state(struct module_state *ms)
{
	int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
	struct tdxctl_nl *nl;
	int ignored;

	fflush(stderr);
	if (null >= 0) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	nl = tdxctl_nl_open(&ignored);
	if (nl)
		tdxctl_nl_call(nl, TDXHOST_CMD_GET_STATUS, false, NULL, state_msg, ms, "status");
	if (nl && ms->limits_known)
		query_entry_sizes(nl, &ms->lim);
	tdxctl_nl_close(nl);
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
}

static void check_module(struct check_ctx *cc, struct module_state *ms)
{
	char ver[64] = "";

	group(cc, "tdxhost");
	if (access("/sys/module/tdxhost", F_OK)) {
		report(cc, "module_loaded", false, R_WARN, "modprobe tdxhost",
		       "tdxhost module not loaded");
		report(cc, "module_version", false, R_SKIP, "modprobe tdxhost",
		       "module version: not loaded");
		return;
	}
	report(cc, "module_loaded", false, R_PASS, NULL, "tdxhost module loaded");
	if (!read_text("/sys/module/tdxhost/version", ver, sizeof(ver)))
		strcpy(ver, "?");
	ver[strcspn(ver, "\n")] = '\0';
	report(cc, "module_version", false, strcmp(ver, TDXHOST_VERSION) ? R_WARN : R_PASS,
	       "install tdxctl and tdxhost from the same release",
	       "module version %s (tdxctl %s)", ver, TDXHOST_VERSION);

	query_state(ms);
	if (!ms->known)
		report(cc, "tdx_state", false, R_WARN, "see dmesg for tdxhost's messages",
		       "cannot read the module's status over netlink");
	else if (ms->code == TDXHOST_STATE_UNAVAILABLE)
		report(cc, "tdx_state", true, R_FAIL, ms->reason[0] ? ms->reason : NULL,
		       "TDX unavailable: %s", ms->reason);
	else if (ms->code == TDXHOST_STATE_FAILED)
		report(cc, "tdx_state", false, R_WARN, "tdxctl status shows the failure record",
		       "TDX enable failed");
	else
		report(cc, "tdx_state", false, R_PASS, NULL, "TDX %s", ms->name);
}

/* ---- what enabling costs */

struct cost {
	bool have;			/* numbers below are valid */
	bool from_module;		/* TDX is on: what enabling took */
	struct host_plan hp;		/* the plan (or the module's numbers) */
};

static void cost_text(char *buf, size_t len, const struct host_plan *hp)
{
	char a[32], b[32], c[32], d[32], e[32], f[32], g[32];

	snprintf(buf, len,
		 "%u TDMRs covering %s; PAMT %s (%s of %s TDX memory): 4K %s, 2M %s, 1G %s",
		 hp->nr_tdmrs, tdxctl_size(a, sizeof(a), hp->covered),
		 tdxctl_size(b, sizeof(b), hp->pamt_total),
		 tdxctl_ppm(c, sizeof(c), hp->memory_bytes ?
			    hp->pamt_total * 1000000 / hp->memory_bytes : 0),
		 tdxctl_size(d, sizeof(d), hp->memory_bytes),
		 tdxctl_size(e, sizeof(e), hp->pamt_level[0]),
		 tdxctl_size(f, sizeof(f), hp->pamt_level[1]),
		 tdxctl_size(g, sizeof(g), hp->pamt_level[2]));
}

static void check_cost(struct check_ctx *cc, const struct module_state *ms, struct cost *co)
{
	struct host_plan *hp = &co->hp;
	char text[256];

	group(cc, "Enabling TDX costs");
	if (ms->known && ms->code == TDXHOST_STATE_INITIALIZED) {
		co->have = co->from_module = true;
		hp->limits_known = true;
		hp->lim = ms->lim;
		hp->nr_ranges = ms->nr_ranges;
		hp->memory_bytes = ms->tdx_memory;
		hp->nr_tdmrs = ms->nr_tdmrs;
		hp->covered = ms->covered;
		hp->pamt_total = ms->pamt_total;
		memcpy(hp->pamt_level, ms->pamt_level, sizeof(hp->pamt_level));
		cost_text(text, sizeof(text), hp);
		report(cc, "enable_cost", false, R_PASS, NULL, "TDX is enabled; it took %s", text);
		return;
	}
	if (ms->known && ms->code == TDXHOST_STATE_UNAVAILABLE) {
		report(cc, "enable_cost", false, R_SKIP, NULL, "TDX unavailable: nothing to plan");
		return;
	}
	host_plan_run(hp, ms->limits_known ? &ms->lim : NULL);
	if (ms->limits_known)
		report(cc, "module_limits", false, R_PASS, NULL,
		       "the module's limits: %u TDMRs, %u reserved areas per TDMR",
		       hp->lim.max_tdmrs, hp->lim.max_rsvd_per_tdmr);
	else
		report(cc, "module_limits", false, R_SKIP,
		       "the module reads its limits when TDX is enabled; planned with the defaults",
		       "module limits not known yet: %u TDMRs, %u reserved areas per TDMR assumed",
		       hp->lim.max_tdmrs, hp->lim.max_rsvd_per_tdmr);
	switch (hp->result) {
	case HOST_PLAN_NO_MAP:
		report(cc, "enable_cost", false, R_SKIP,
		       geteuid() ? "run tdxctl check as root" : NULL, "cannot plan: %s", hp->why);
		break;
	case HOST_PLAN_NO_LAYOUT:
		/* With the module's own limits enable will fail the same way. */
		report(cc, "enable_cost", ms->limits_known, ms->limits_known ? R_FAIL : R_WARN,
		       "tdxctl plan --max-tdmrs N --max-rsvd N tries other limits",
		       "no TDMR layout fits: %s", hp->why);
		break;
	case HOST_PLAN_OK:
		co->have = true;
		cost_text(text, sizeof(text), hp);
		report(cc, "enable_cost", false, R_PASS, NULL,
		       "enabling will take %s (%u ranges, %u node%s)", text, hp->nr_ranges, hp->nr_nodes, hp->nr_nodes == 1 ? "" : "s");
		break;
	}
}

static void cost_json(const struct cost *co)
{
	const struct host_plan *hp = &co->hp;

	if (!co->have) {
		json_null("cost");
		return;
	}
	json_obj_begin("cost");
	json_str("source", co->from_module ? "module" : "planner");
	json_bool("limits_known", hp->limits_known);
	json_obj_begin("limits");
	json_u64("max_tdmrs", hp->lim.max_tdmrs);
	json_u64("max_reserved_per_tdmr", hp->lim.max_rsvd_per_tdmr);
	json_obj_end();
	json_u64("tdx_memory_bytes", hp->memory_bytes);
	json_u64("ranges", hp->nr_ranges);
	if (co->from_module)
		json_null("nodes");
	else
		json_u64("nodes", hp->nr_nodes);
	json_u64("tdmrs", hp->nr_tdmrs);
	json_u64("tdmr_covered_bytes", hp->covered);
	json_obj_begin("pamt");
	json_u64("total_bytes", hp->pamt_total);
	json_u64("4k_bytes", hp->pamt_level[0]);
	json_u64("2m_bytes", hp->pamt_level[1]);
	json_u64("1g_bytes", hp->pamt_level[2]);
	json_obj_end();
	json_obj_end();
}

static int cmd_check(struct tdxctl_opts *o, int argc, char **argv)
{
	struct check_ctx cc = { .o = o };
	struct module_state ms = { 0 };
	struct cost co = { 0 };
	int ret = tdxctl_args_none("check", "usage: tdxctl check\n", o, argc, argv);

	if (ret)
		return ret;
	if (o->json) {
		json_obj_begin(NULL);
		json_arr_begin("checks");
	}
	check_cpu(&cc);
	check_msrs(&cc);
	check_kernel(&cc);
	check_module(&cc, &ms);
	check_cost(&cc, &ms, &co);
	if (o->json) {
		json_arr_end();
		cost_json(&co);
		json_bool("ok", !cc.any_required_failed);
		json_obj_begin("counts");
		json_u64("pass", cc.counts[R_PASS]);
		json_u64("fail", cc.counts[R_FAIL]);
		json_u64("warn", cc.counts[R_WARN]);
		json_u64("skip", cc.counts[R_SKIP]);
		json_obj_end();
		json_obj_end();
		json_done();
	} else {
		printf("\n%u passed, %u failed, %u warnings, %u skipped: %s%s%s\n",
		       cc.counts[R_PASS], cc.counts[R_FAIL], cc.counts[R_WARN], cc.counts[R_SKIP],
		       tdxctl_color(cc.any_required_failed ? C_RED : C_GREEN),
		       cc.any_required_failed ? "this host is not ready for TDX" : "ready for TDX",
		       tdxctl_color_off());
	}
	return cc.any_required_failed ? TDXCTL_EXIT_FAILED : TDXCTL_EXIT_OK;
}

const struct tdxctl_cmd tdxctl_cmd_check = {
	.name = "check",
	.summary = "is this host ready for TDX, and what will enabling cost?",
	.run = cmd_check,
};
