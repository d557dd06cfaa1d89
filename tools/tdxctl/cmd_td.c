// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl td: the TD command family, one sub-command per row of td_cmds[]
 * (list and show: td_list.c).
 *
 * td measure: the MRTD a TDVF image (OVMF, td-shim) gives a TD, computed by
 * the TDX module through /dev/tdxhost (td_build.c) or offline (td_offline.c),
 * with the section table and, on request, the transcript: the PAGE.ADD and
 * MR.EXTEND operations in the order they are hashed.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "args.h"
#include "nl.h"
#include "output.h"
#include "td_list.h"
#include "td_measure.h"

#define TD_IMAGE_MAX	(256u << 20)	/* firmware images are a few MiB */

static const char *const order_text[] = {
	"default: per page PAGE.ADD, then its 16 MR.EXTENDs (KVM 6.16+)",
	"two-pass: per section every PAGE.ADD, then the MR.EXTENDs (older QEMU)",
};

static void hex(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static const char *attr_text(uint32_t a)
{
	switch (a & TDVF_ATTR_KNOWN) {
	case TDVF_ATTR_MR_EXTEND:
		return "MR_EXTEND";
	case TDVF_ATTR_PAGE_AUG:
		return "PAGE_AUG";
	case TDVF_ATTR_KNOWN:
		return "MR_EXTEND|PAGE_AUG";
	default:
		return "-";
	}
}

/* Read the whole file; an exit code. */
static int image_read(const char *path, struct td_image *img)
{
	FILE *f = fopen(path, "rb");
	struct stat st;

	memset(img, 0, sizeof(*img));
	img->path = path;
	if (!f || fstat(fileno(f), &st)) {
		fprintf(stderr, "tdxctl td measure: %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return TDXCTL_EXIT_FAILED;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > TD_IMAGE_MAX) {
		fprintf(stderr, "tdxctl td measure: %s: not a firmware image (%s)\n", path,
			S_ISREG(st.st_mode) ? "larger than 256 MiB" : "not a regular file");
		fclose(f);
		return TDXCTL_EXIT_FAILED;
	}
	img->size = (size_t)st.st_size;
	img->data = malloc(img->size ? img->size : 1);
	if (!img->data || fread(img->data, 1, img->size, f) != img->size) {
		fprintf(stderr, "tdxctl td measure: %s: %s\n", path,
			img->data ? "short read" : "out of memory");
		fclose(f);
		return TDXCTL_EXIT_FAILED;
	}
	fclose(f);
	return 0;
}

static void error_json(const struct td_image *img, const struct tdvf_error *e)
{
	json_obj_begin(NULL);
	json_str("image", img->path);
	json_obj_begin("error");
	json_u64("code", e->code);
	if (e->section >= 0)
		json_u64("section", (uint64_t)e->section);
	else
		json_null("section");
	json_str("field", e->field);
	json_str("message", e->msg);
	json_obj_end();
	json_obj_end();
	json_done();
}

/* ---- the transcript, printed by walking the operations again */

static int op_text(void *ctx, const struct mrtd_op *op)
{
	(void)ctx;
	printf("  %-10s 0x%llx\n", op->kind == MRTD_OP_PAGE_ADD ? "PAGE.ADD" : "MR.EXTEND",
	       (unsigned long long)op->gpa);
	return 0;
}

static int op_json(void *ctx, const struct mrtd_op *op)
{
	(void)ctx;
	json_obj_begin(NULL);
	json_str("op", op->kind == MRTD_OP_PAGE_ADD ? "PAGE.ADD" : "MR.EXTEND");
	json_u64("gpa", op->gpa);
	json_obj_end();
	return 0;
}

static int op_none(void *ctx, const struct mrtd_op *op)
{
	(void)ctx;
	(void)op;
	return 0;
}

/* ---- output */

struct measure_out {
	const struct td_image *img;
	bool two_pass;
	bool offline;
	bool transcript;
	const char *backend;		/* the module's, NULL offline or unknown */
	const uint8_t *mrtd;
	const struct td_build_result *td;	/* NULL offline */
};

static void sections_json(const struct tdvf_image *t)
{
	uint32_t i;

	json_arr_begin("sections");
	for (i = 0; i < t->nr_sections; i++) {
		const struct tdvf_section *s = &t->sections[i];

		json_obj_begin(NULL);
		json_u64("index", i);
		json_str("type", tdvf_type_name(s->type));
		json_u64("type_code", s->type);
		json_u64("gpa", s->gpa);
		json_u64("mem_size", s->mem_size);
		json_u64("data_offset", s->data_offset);
		json_u64("raw_size", s->raw_size);
		json_hex("attributes", s->attributes);
		json_bool("added", tdvf_section_added(s));
		json_bool("measured", tdvf_section_measured(s));
		json_u64("pages", s->mem_size / TDVF_PAGE_SIZE);
		json_obj_end();
	}
	json_arr_end();
}

static void measure_json(const struct measure_out *mo)
{
	const struct tdvf_image *t = &mo->img->t;
	char digest[2 * MRTD_DIGEST_SIZE + 1];
	uint64_t adds, ext;

	hex(mo->mrtd, MRTD_DIGEST_SIZE, digest);
	mrtd_count(t, &adds, &ext);
	json_obj_begin(NULL);
	json_str("mrtd", digest);
	json_str("source", mo->offline ? "offline" : "tdx-module");
	json_str("backend", mo->backend);
	json_str("order", mo->two_pass ? "two-pass" : "default");
	json_str("image", mo->img->path);
	json_u64("image_bytes", mo->img->size);
	json_str("locator", t->locator == TDVF_LOC_OVMF_TABLE ? "ovmf-table" : "td-shim");
	json_u64("page_adds", adds);
	json_u64("extends", ext);
	sections_json(t);
	if (mo->td) {
		json_obj_begin("td");
		json_u64("td_id", mo->td->td_id);
		json_u64("keyid", mo->td->keyid);
		json_u64("vcpus", mo->td->vcpus);
		json_hex("attributes", mo->td->attributes);
		json_hex("xfam", mo->td->xfam);
		json_u64("pages_private", mo->td->pages_private);
		json_u64("pages_measured", mo->td->pages_measured);
		json_obj_end();
	} else {
		json_null("td");
	}
	if (mo->transcript) {
		json_arr_begin("transcript");
		mrtd_walk(t, mo->img->data, mo->img->size, mo->two_pass, op_json, NULL, NULL);
		json_arr_end();
	}
	json_obj_end();
	json_done();
}

static void measure_human(const struct measure_out *mo)
{
	const struct tdvf_image *t = &mo->img->t;
	char digest[2 * MRTD_DIGEST_SIZE + 1], a[32], b[32], c[32], d[32], e[32], f[32], g[32];
	struct tdxctl_table *tab;
	uint64_t adds, ext;
	uint32_t i;

	hex(mo->mrtd, MRTD_DIGEST_SIZE, digest);
	mrtd_count(t, &adds, &ext);
	tab = tdxctl_table_new(2);
	tdxctl_table_row(tab, "MRTD", digest);
	{
		char buf[PATH_MAX + 96];

		snprintf(buf, sizeof(buf), "%s (%s, %s, %u sections)", mo->img->path,
			 tdxctl_size(a, sizeof(a), mo->img->size),
			 t->locator == TDVF_LOC_OVMF_TABLE ? "OVMF GUIDed table" : "td-shim pointer",
			 t->nr_sections);
		tdxctl_table_row(tab, "image", buf);
	}
	tdxctl_table_row(tab, "order", order_text[mo->two_pass]);
	if (mo->offline) {
		tdxctl_table_row(tab, "computed", "offline (SHA-384 replay, libcrypto)");
	} else {
		char buf[160];

		snprintf(buf, sizeof(buf), "by the TDX module (%s%s), TD %u: %u vCPU%s, KeyID %u",
			 mo->backend ? mo->backend : "?",
			 mo->backend && !strcmp(mo->backend, "emu") ? ": software, INSECURE" : "",
			 mo->td->td_id, mo->td->vcpus, mo->td->vcpus == 1 ? "" : "s", mo->td->keyid);
		tdxctl_table_row(tab, "computed", buf);
	}
	snprintf(c, sizeof(c), "%llu PAGE.ADD, %llu MR.EXTEND", (unsigned long long)adds,
		 (unsigned long long)ext);
	tdxctl_table_row(tab, "hashed", c);
	tdxctl_table_print(tab, stdout, "");
	tdxctl_table_free(tab);

	printf("sections\n");
	tab = tdxctl_table_new(9);
	tdxctl_table_row(tab, "#", "type", "GPA", "size", "raw", "offset", "attributes", "added",
			 "measured");
	for (i = 0; i < t->nr_sections; i++) {
		const struct tdvf_section *s = &t->sections[i];
		uint64_t pages = s->mem_size / TDVF_PAGE_SIZE;

		snprintf(a, sizeof(a), "%u", i);
		snprintf(b, sizeof(b), "0x%llx", (unsigned long long)s->gpa);
		snprintf(d, sizeof(d), "0x%x", s->data_offset);
		snprintf(f, sizeof(f), "%llu", (unsigned long long)(tdvf_section_added(s) ? pages : 0));
		snprintf(g, sizeof(g), "%llu",
			 (unsigned long long)(tdvf_section_measured(s) ? pages : 0));
		tdxctl_table_row(tab, a, tdvf_type_name(s->type), b,
				 tdxctl_size(c, sizeof(c), s->mem_size),
				 s->raw_size ? tdxctl_size(e, sizeof(e), s->raw_size) : "-",
				 s->raw_size ? d : "-", attr_text(s->attributes), f, g);
	}
	tdxctl_table_print(tab, stdout, "  ");
	tdxctl_table_free(tab);
	if (mo->transcript) {
		printf("transcript (%llu operations)\n", (unsigned long long)(adds + ext));
		mrtd_walk(t, mo->img->data, mo->img->size, mo->two_pass, op_text, NULL, NULL);
	}
}

/* The backend name from GET_STATUS, quietly ("emu" or "hw"); NULL if unknown. */
static int backend_msg(struct nlattr **tb, void *arg)
{
	const char *b = tdxctl_str(tb[TDXHOST_A_BACKEND]);

	if (b)
		snprintf(arg, 16, "%s", b);
	return 0;
}

static const char *module_backend(char buf[16])
{
	struct tdxctl_nl *nl;
	int ignored;

	buf[0] = '\0';
	nl = tdxctl_nl_open(&ignored);
	if (!nl)
		return NULL;
	tdxctl_nl_call(nl, TDXHOST_CMD_GET_STATUS, false, NULL, backend_msg, buf, "status");
	tdxctl_nl_close(nl);
	return buf[0] ? buf : NULL;
}

enum {
	OPT_VCPUS = 256,
	OPT_ATTRIBUTES,
	OPT_XFAM,
	OPT_TWO_PASS,
	OPT_OFFLINE,
	OPT_TRANSCRIPT,
};

static int td_measure(struct tdxctl_opts *o, int argc, char **argv)
{
	static const char usage[] =
		"usage: tdxctl td measure [--vcpus N] [--attributes X] [--xfam X] [--two-pass]\n"
		"                         [--offline] [--transcript] IMAGE\n"
		"  IMAGE: a TDVF firmware image (OVMF.fd built with TDX, td-shim)\n";
	static const struct option longopts[] = {
		{ "vcpus", required_argument, NULL, OPT_VCPUS },
		{ "attributes", required_argument, NULL, OPT_ATTRIBUTES },
		{ "xfam", required_argument, NULL, OPT_XFAM },
		{ "two-pass", no_argument, NULL, OPT_TWO_PASS },
		{ "offline", no_argument, NULL, OPT_OFFLINE },
		{ "transcript", no_argument, NULL, OPT_TRANSCRIPT },
		{ NULL, 0, NULL, 0 },
	};
	struct td_build_opts bo = { .vcpus = 1 };
	struct measure_out mo = { 0 };
	struct td_build_result res;
	uint8_t mrtd[MRTD_DIGEST_SIZE];
	struct tdvf_error perr;
	struct td_image img;
	struct tdxctl_args a;
	char backend[16];
	uint32_t bad = 0;
	uint64_t v;
	int c, ret;

	tdxctl_args_init(&a, "td measure", usage, o, argc, argv, NULL, longopts);
	while ((c = tdxctl_args_next(&a)) != -1) {
		switch (c) {
		case OPT_VCPUS:
			if (!tdxctl_parse_range(optarg, 10, 1, 65535, &v)) {
				fprintf(stderr, "tdxctl td measure: --vcpus wants 1..65535, not '%s'\n",
					optarg);
				return TDXCTL_EXIT_USAGE;
			}
			bo.vcpus = (uint32_t)v;
			break;
		case OPT_ATTRIBUTES:
		case OPT_XFAM:
			if (!tdxctl_parse_u64(optarg, 0, &v)) {
				fprintf(stderr, "tdxctl td measure: --%s wants a number, not '%s'\n",
					c == OPT_XFAM ? "xfam" : "attributes", optarg);
				return TDXCTL_EXIT_USAGE;
			}
			*(c == OPT_XFAM ? &bo.xfam : &bo.attributes) = v;
			break;
		case OPT_TWO_PASS:
			bo.two_pass = true;
			break;
		case OPT_OFFLINE:
			mo.offline = true;
			break;
		case OPT_TRANSCRIPT:
			mo.transcript = true;
			break;
		default:
			return TDXCTL_EXIT_USAGE;
		}
	}
	if (!tdxctl_args_max(&a, 1))
		return TDXCTL_EXIT_USAGE;
	if (!a.nargs) {
		fprintf(stderr, "tdxctl td measure: no IMAGE\n%s", usage);
		return TDXCTL_EXIT_USAGE;
	}
	ret = image_read(a.args[0], &img);
	if (ret)
		goto out;
	if (tdvf_parse(img.data, img.size, &img.t, &perr)) {
		fprintf(stderr, "tdxctl td measure: %s: %s\n", img.path, perr.msg);
		if (o->json)
			error_json(&img, &perr);
		ret = TDXCTL_EXIT_FAILED;
		goto out;
	}
	/* A measured section the image has no data for (a td-shim payload): nothing to predict. */
	ret = mrtd_walk(&img.t, img.data, img.size, bo.two_pass, op_none, NULL, &bad);
	if (ret) {
		if (ret == -ENODATA)
			fprintf(stderr, "tdxctl td measure: %s: section %u (%s) is measured but has no "
				"data in the image: its MRTD depends on what the VMM loads there\n",
				img.path, bad, tdvf_type_name(img.t.sections[bad].type));
		else
			fprintf(stderr, "tdxctl td measure: %s: %s\n", img.path, strerror(-ret));
		ret = TDXCTL_EXIT_FAILED;
		goto out;
	}

	mo.img = &img;
	mo.two_pass = bo.two_pass;
	if (mo.offline) {
		ret = td_measure_offline(&img, bo.two_pass, mrtd, &bad);
		if (ret) {
			fprintf(stderr, "tdxctl td measure: SHA-384: %s\n", strerror(-ret));
			ret = TDXCTL_EXIT_FAILED;
			goto out;
		}
		mo.mrtd = mrtd;
	} else {
		ret = td_measure_module(&img, &bo, &res);
		if (ret)
			goto out;
		mo.mrtd = res.mrtd;
		mo.td = &res;
		mo.backend = module_backend(backend);
	}
	if (o->json)
		measure_json(&mo);
	else
		measure_human(&mo);
	ret = TDXCTL_EXIT_OK;
out:
	free(img.data);
	return ret;
}

/* ---- the family */

static const struct td_subcmd td_subcmd_measure = {
	"measure", "MRTD of a TDVF image: by the TDX module, or --offline", td_measure,
};

static const struct td_subcmd *const td_cmds[] = {
	&td_subcmd_list, &td_subcmd_show, &td_subcmd_measure,
};

static void td_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: tdxctl td COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < sizeof(td_cmds) / sizeof(td_cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", td_cmds[i]->name, td_cmds[i]->summary);
}

static int cmd_td(struct tdxctl_opts *o, int argc, char **argv)
{
	size_t i;
	int k;

	/* Global options may come between "td" and the sub-command. */
	for (k = 1; k < argc && argv[k][0] == '-'; k++) {
		if (!strcmp(argv[k], "--json") || !strcmp(argv[k], "-j")) {
			o->json = true;
		} else if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
			td_usage(stdout);
			return TDXCTL_EXIT_OK;
		} else if (!strcmp(argv[k], "--version") || !strcmp(argv[k], "-V")) {
			return tdxctl_version(o);
		} else {
			fprintf(stderr, "tdxctl td: unknown option '%s'\n", argv[k]);
			td_usage(stderr);
			return TDXCTL_EXIT_USAGE;
		}
	}
	if (k >= argc) {
		td_usage(stderr);
		return TDXCTL_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(td_cmds) / sizeof(td_cmds[0]); i++)
		if (!strcmp(argv[k], td_cmds[i]->name))
			return td_cmds[i]->run(o, argc - k, argv + k);
	fprintf(stderr, "tdxctl td: unknown command '%s'\n", argv[k]);
	td_usage(stderr);
	return TDXCTL_EXIT_USAGE;
}

const struct tdxctl_cmd tdxctl_cmd_td = {
	.name = "td",
	.summary = "trust domains: list, show, measure a firmware image (MRTD)",
	.run = cmd_td,
};
