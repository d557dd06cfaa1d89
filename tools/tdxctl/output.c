// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl output helpers: colours on a terminal only, binary-unit sizes,
 * aligned tables and a streaming JSON writer.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"

static int use_color = -1;

const char *tdxctl_color(enum tdxctl_color c)
{
	static const char *const seq[] = {
		[C_NONE] = "", [C_RED] = "\033[31m", [C_GREEN] = "\033[32m",
		[C_YELLOW] = "\033[33m", [C_GREY] = "\033[90m", [C_BOLD] = "\033[1m",
	};

	if (use_color < 0)
		use_color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	return use_color ? seq[c] : "";
}

const char *tdxctl_color_off(void)
{
	return tdxctl_color(C_BOLD)[0] ? "\033[0m" : "";
}

char *tdxctl_size(char *buf, size_t len, uint64_t bytes)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned int u = 0;
	double v = (double)bytes;

	while (v >= 1024 && u + 1 < sizeof(unit) / sizeof(unit[0])) {
		v /= 1024;
		u++;
	}
	if (!u)
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
	else if (v == (double)(uint64_t)v)
		snprintf(buf, len, "%llu %s", (unsigned long long)v, unit[u]);
	else
		snprintf(buf, len, "%.2f %s", v, unit[u]);
	return buf;
}

char *tdxctl_ppm(char *buf, size_t len, uint64_t ppm)
{
	snprintf(buf, len, "%llu.%02llu%%", (unsigned long long)(ppm / 10000),
		 (unsigned long long)(ppm % 10000 / 100));
	return buf;
}

/* ---- tables */

struct tdxctl_table {
	unsigned int ncols;
	unsigned int nrows;
	unsigned int cap;
	char **cells;
};

struct tdxctl_table *tdxctl_table_new(unsigned int ncols)
{
	struct tdxctl_table *t = calloc(1, sizeof(*t));

	if (!t)
		abort();
	t->ncols = ncols;
	return t;
}

void tdxctl_table_row(struct tdxctl_table *t, ...)
{
	va_list ap;
	unsigned int i;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cells = realloc(t->cells, (size_t)t->cap * t->ncols * sizeof(char *));
		if (!t->cells)
			abort();
	}
	va_start(ap, t);
	for (i = 0; i < t->ncols; i++) {
		const char *s = va_arg(ap, const char *);

		t->cells[(size_t)t->nrows * t->ncols + i] = strdup(s ? s : "-");
	}
	va_end(ap);
	t->nrows++;
}

/* Numbers, sizes ("1.50 GiB") and percentages right-aligned; the rest left-aligned. */
static bool cell_is_number(const char *s)
{
	static const char *const units[] = { " B", " KiB", " MiB", " GiB", " TiB", " PiB", "%" };
	size_t i;

	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	while ((*s >= '0' && *s <= '9') || *s == '.')
		s++;
	if (!*s)
		return true;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(s, units[i]))
			return true;
	return false;
}

void tdxctl_table_print(struct tdxctl_table *t, FILE *f, const char *indent)
{
	size_t width[16] = { 0 };
	unsigned int r, c;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols && c < 16; c++) {
			size_t l = strlen(t->cells[(size_t)r * t->ncols + c]);

			if (l > width[c])
				width[c] = l;
		}
	for (r = 0; r < t->nrows; r++) {
		fputs(indent, f);
		for (c = 0; c < t->ncols && c < 16; c++) {
			const char *s = t->cells[(size_t)r * t->ncols + c];
			bool last = c + 1 == t->ncols;

			/* The header row (r == 0) is left-aligned. */
			if (r && cell_is_number(s) && !(last && !width[c]))
				fprintf(f, "%*s", (int)width[c], s);
			else if (last)
				fputs(s, f);
			else
				fprintf(f, "%-*s", (int)width[c], s);
			if (!last)
				fputs("  ", f);
		}
		fputc('\n', f);
	}
}

void tdxctl_table_free(struct tdxctl_table *t)
{
	size_t i;

	for (i = 0; i < (size_t)t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

/* ---- JSON */

static struct {
	int depth;
	bool need_comma[32];
} js;

static void json_escape(const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
}

static void json_key(const char *key)
{
	if (js.need_comma[js.depth])
		putchar(',');
	js.need_comma[js.depth] = true;
	if (key) {
		putchar('"');
		json_escape(key);
		fputs("\":", stdout);
	}
}

static void json_open(const char *key, char ch)
{
	json_key(key);
	putchar(ch);
	if (js.depth < 31)
		js.depth++;
	js.need_comma[js.depth] = false;
}

void json_obj_begin(const char *key)
{
	json_open(key, '{');
}

void json_obj_end(void)
{
	putchar('}');
	if (js.depth)
		js.depth--;
}

void json_arr_begin(const char *key)
{
	json_open(key, '[');
}

void json_arr_end(void)
{
	putchar(']');
	if (js.depth)
		js.depth--;
}

void json_str(const char *key, const char *val)
{
	json_key(key);
	if (!val) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	json_escape(val);
	putchar('"');
}

void json_u64(const char *key, uint64_t val)
{
	json_key(key);
	printf("%llu", (unsigned long long)val);
}

void json_s64(const char *key, int64_t val)
{
	json_key(key);
	printf("%lld", (long long)val);
}

void json_bool(const char *key, bool val)
{
	json_key(key);
	fputs(val ? "true" : "false", stdout);
}

void json_null(const char *key)
{
	json_key(key);
	fputs("null", stdout);
}

void json_hex(const char *key, uint64_t val)
{
	json_key(key);
	printf("\"0x%llx\"", (unsigned long long)val);
}

void json_done(void)
{
	putchar('\n');
	js.depth = 0;
	js.need_comma[0] = false;
	fflush(stdout);
}
