// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl decode: SEAMCALL statuses, leaves and pasted dmesg lines turned
 * into names, operands and a hint.  Offline: no module needed.
 */
#include <stdio.h>
#include <string.h>

#include "tdxctl.h"
#include "args.h"
#include "output.h"
#include "tdx_status.h"

static const char *const page_size_name[] = { "4K", "2M", "1G" };

static const char *ps_name(int ps)
{
	return ps >= 0 && ps < 3 ? page_size_name[ps] : "?";
}

/* The detail bits in words: "operand RCX", "TDMR 3, PAMT 2M", ... */
static void detail_text(const struct tdx_status_decoded *d, char *buf, size_t len)
{
	switch (d->detail_kind) {
	case TDX_DETAIL_OPERAND:
	case TDX_DETAIL_OPERAND_OPT:
		if (d->operand)
			snprintf(buf, len, "operand %s (0x%x)", d->operand, d->operand_id);
		else if (d->detail_kind == TDX_DETAIL_OPERAND || d->operand_id)
			snprintf(buf, len, "operand id 0x%x", d->operand_id);
		else
			buf[0] = '\0';
		break;
	case TDX_DETAIL_TDMR:
		snprintf(buf, len, "TDMR %d", d->tdmr);
		break;
	case TDX_DETAIL_TDMR_PAMT:
		snprintf(buf, len, "TDMR %d, PAMT %s", d->tdmr, ps_name(d->pamt_page_size));
		break;
	case TDX_DETAIL_PAMT_OVERLAP:
		snprintf(buf, len, "TDMR %d PAMT %s overlaps TDMR %d", d->tdmr,
			 ps_name(d->pamt_page_size), d->index2);
		break;
	case TDX_DETAIL_TDMR_RSVD:
		snprintf(buf, len, "TDMR %d, reserved area %d", d->tdmr, d->index2);
		break;
	case TDX_DETAIL_CPUID_LEAF:
		snprintf(buf, len, "CPUID leaf 0x%x", d->detail);
		break;
	case TDX_DETAIL_MSR:
		snprintf(buf, len, "MSR 0x%x", d->detail);
		break;
	case TDX_DETAIL_SMRR:
		snprintf(buf, len, "SMRR %d", d->tdmr);
		break;
	case TDX_DETAIL_SMRR_CMR:
		snprintf(buf, len, "SMRR %d overlaps CMR %d", d->tdmr, d->index2);
		break;
	default:
		if (d->detail)
			snprintf(buf, len, "0x%x", d->detail);
		else
			buf[0] = '\0';
		break;
	}
}

static void decode_status_out(const struct tdxctl_opts *o, uint64_t status, uint64_t leaf)
{
	struct tdx_status_decoded d;
	char detail[96], flags[128], buf[128];
	struct tdxctl_table *t;

	tdx_status_decode(status, leaf, &d);
	detail_text(&d, detail, sizeof(detail));
	if (o->json) {
		json_obj_begin(NULL);
		json_str("kind", "status");
		json_hex("status", status);
		json_str("name", d.name);
		json_bool("known", d.name != NULL);
		json_u64("class", d.class_);
		json_str("class_name", d.class_name);
		json_bool("error", d.error);
		json_bool("non_recoverable", d.non_recoverable);
		json_bool("fatal", d.fatal);
		json_bool("host_generated", d.sw);
		json_hex("detail", d.detail);
		json_str("detail_text", detail[0] ? detail : NULL);
		json_str("operand", d.operand);
		if (d.leaf != TDX_LEAF_NONE)
			json_u64("leaf", d.leaf);
		else
			json_null("leaf");
		json_str("leaf_name", d.leaf_name);
		json_str("hint", d.hint);
		json_obj_end();
		json_done();
		return;
	}
	t = tdxctl_table_new(2);
	snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)status);
	tdxctl_table_row(t, "status", buf);
	snprintf(buf, sizeof(buf), "%s%s%s", tdxctl_color(d.error ? C_RED : C_GREEN),
		 d.name ? d.name : "(not a known status code)", tdxctl_color_off());
	tdxctl_table_row(t, "name", buf);
	snprintf(buf, sizeof(buf), "0x%02x %s", d.class_, d.class_name);
	tdxctl_table_row(t, "class", buf);
	snprintf(flags, sizeof(flags), "%s%s%s%s", d.error ? "error" : "success",
		 d.non_recoverable ? ", non-recoverable" : "", d.fatal ? ", fatal" : "",
		 d.sw ? ", made by the host (no SEAM answer)" : "");
	tdxctl_table_row(t, "flags", flags);
	if (detail[0])
		tdxctl_table_row(t, "detail", detail);
	if (d.leaf != TDX_LEAF_NONE) {
		snprintf(buf, sizeof(buf), "%s (%llu)", d.leaf_name ? d.leaf_name : "?",
			 (unsigned long long)(d.leaf & 0xffff));
		tdxctl_table_row(t, "leaf", buf);
	}
	tdxctl_table_row(t, "hint", d.hint);
	tdxctl_table_print(t, stdout, "");
	tdxctl_table_free(t);
}

static void decode_leaf_out(const struct tdxctl_opts *o, uint64_t leaf)
{
	const char *name = tdx_leaf_name(leaf);

	if (o->json) {
		json_obj_begin(NULL);
		json_str("kind", "leaf");
		json_u64("leaf", leaf);
		json_str("name", name);
		json_obj_end();
		json_done();
		return;
	}
	printf("leaf %llu (0x%llx): %s\n", (unsigned long long)leaf, (unsigned long long)leaf,
	       name ? name : "(unknown leaf)");
}

static void decode_list(const struct tdxctl_opts *o)
{
	const struct tdx_status_info *tab;
	struct tdxctl_table *t;
	unsigned int i, nr;
	char code[24];

	tab = tdx_status_table(&nr);
	if (o->json) {
		json_obj_begin(NULL);
		json_arr_begin("statuses");
		for (i = 0; i < nr; i++) {
			json_obj_begin(NULL);
			json_hex("code", tab[i].code);
			json_str("name", tab[i].name);
			json_str("hint", tab[i].hint);
			json_obj_end();
		}
		json_arr_end();
		json_obj_end();
		json_done();
		return;
	}
	t = tdxctl_table_new(3);
	tdxctl_table_row(t, "code", "name", "hint");
	for (i = 0; i < nr; i++) {
		snprintf(code, sizeof(code), "0x%016llx", (unsigned long long)tab[i].code);
		tdxctl_table_row(t, code, tab[i].name, tab[i].hint);
	}
	tdxctl_table_print(t, stdout, "");
	tdxctl_table_free(t);
}

/*
 * Sixteen hex digits is how dmesg and the TDX documents write a status:
 * 0x0000000000000000 is TDX_SUCCESS, not leaf 0.  Shorter numbers are leaves.
 */
static bool status_width(const char *s)
{
	s += strspn(s, " \t");
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && strlen(s + 2) == 16 &&
	       strspn(s + 2, "0123456789abcdefABCDEF") == 16;
}

static int cmd_decode(struct tdxctl_opts *o, int argc, char **argv)
{
	static const char usage[] =
		"usage: tdxctl decode [--leaf LEAF] STATUS|LEAF|\"SEAMCALL ... failed ... line\"\n"
		"       tdxctl decode --list\n";
	static const struct option longopts[] = {
		{ "leaf", required_argument, NULL, 'l' },
		{ "list", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t leaf = TDX_LEAF_NONE, v, status;
	struct tdxctl_args a;
	bool list = false;
	char line[1024];
	size_t pos = 0;
	int c, i;

	tdxctl_args_init(&a, "decode", usage, o, argc, argv, "l:L", longopts);
	while ((c = tdxctl_args_next(&a)) != -1) {
		switch (c) {
		case 'l':
			if (tdx_leaf_lookup(optarg, &leaf)) {
				fprintf(stderr, "tdxctl decode: unknown leaf '%s'\n", optarg);
				return TDXCTL_EXIT_USAGE;
			}
			break;
		case 'L':
			list = true;	/* after the loop: --json may follow */
			break;
		default:
			return TDXCTL_EXIT_USAGE;
		}
	}
	if (list) {
		decode_list(o);
		return TDXCTL_EXIT_OK;
	}
	if (!a.nargs) {
		fputs(usage, stderr);
		return TDXCTL_EXIT_USAGE;
	}
	/* One argument: a number, a status name or a leaf name. */
	if (a.nargs == 1) {
		const char *arg = a.args[0];

		if (tdxctl_parse_u64(arg, 0, &v)) {
			/* Statuses have bits above the leaf range (error, class or code). */
			if (v > 0xffffffULL || leaf != TDX_LEAF_NONE || status_width(arg))
				decode_status_out(o, v, leaf);
			else
				decode_leaf_out(o, v);
			return TDXCTL_EXIT_OK;
		}
		if (!tdx_status_lookup(arg, &v)) {
			decode_status_out(o, v, leaf);
			return TDXCTL_EXIT_OK;
		}
		if (!tdx_leaf_lookup(arg, &v)) {
			decode_leaf_out(o, v);
			return TDXCTL_EXIT_OK;
		}
	}
	/* A pasted log line, maybe split by the shell. */
	line[0] = '\0';
	for (i = 0; i < a.nargs && pos + 1 < sizeof(line); i++)
		pos += (size_t)snprintf(line + pos, sizeof(line) - pos, "%s%s", i ? " " : "",
					a.args[i]);
	if (!tdx_parse_seamcall_line(line, &v, &status)) {
		decode_status_out(o, status, v != TDX_LEAF_NONE ? v : leaf);
		return TDXCTL_EXIT_OK;
	}
	fprintf(stderr, "tdxctl decode: '%s' is not a status, a leaf or a \"SEAMCALL ... failed\" line\n",
		line);
	return TDXCTL_EXIT_USAGE;
}

const struct tdxctl_cmd tdxctl_cmd_decode = {
	.name = "decode",
	.summary = "decode a SEAMCALL status, leaf or dmesg line (offline)",
	.run = cmd_decode,
};
