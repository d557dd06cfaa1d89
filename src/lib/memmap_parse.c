// SPDX-License-Identifier: GPL-2.0
/*
 * Text memory maps (/proc/iomem, dmesg e820 and NUMA lines) -> TDX memory
 * ranges.  See memmap_parse.h for the accepted lines.
 */
#include "memmap_parse.h"

#define MM_LOW_SKIP	0x100000ULL	/* memory below 1 MiB is never TDX memory */

enum mm_kind {
	MM_NONE,
	MM_RAM,
	MM_NODE,
};

struct mm_line {
	const char *s;
	const char *end;
};

static bool mm_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void mm_skip_spaces(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
}

/* Hex number with optional 0x; false if no digit or more than 64 bits. */
static bool mm_hex(const char **p, const char *end, u64 *val)
{
	const char *q = *p;
	unsigned int digits = 0;
	u64 v = 0;

	if (end - q > 2 && q[0] == '0' && (q[1] == 'x' || q[1] == 'X') && mm_is_hex(q[2]))
		q += 2;
	while (q < end && mm_is_hex(*q)) {
		char c = *q++;
		unsigned int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

		if (v >> 60)
			return false;
		v = (v << 4) | d;
		digits++;
	}
	if (!digits)
		return false;
	*p = q;
	*val = v;
	return true;
}

static bool mm_dec(const char **p, const char *end, u32 *val)
{
	const char *q = *p;
	u32 v = 0;

	if (q >= end || *q < '0' || *q > '9')
		return false;
	while (q < end && *q >= '0' && *q <= '9') {
		if (v > 100000)
			return false;
		v = v * 10 + (*q++ - '0');
	}
	*p = q;
	*val = v;
	return true;
}

static bool mm_starts(const char *p, const char *end, const char *pat)
{
	size_t n = strlen(pat);

	return (size_t)(end - p) >= n && !memcmp(p, pat, n);
}

/* First (or last) occurrence of pat in [s, end), NULL if none. */
static const char *mm_find(const char *s, const char *end, const char *pat, bool last)
{
	const char *hit = NULL;

	for (; s < end; s++) {
		if (mm_starts(s, end, pat)) {
			hit = s;
			if (!last)
				break;
		}
	}
	return hit;
}

/* The text after p, trimmed, equals word. */
static bool mm_rest_is(const char *p, const char *end, const char *word)
{
	mm_skip_spaces(&p, end);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	return (size_t)(end - p) == strlen(word) && !memcmp(p, word, end - p);
}

/* "[mem 0xA-0xB]" at the last "[mem " of the line. */
static int mm_mem_span(const struct mm_line *l, const char *from, u64 *start, u64 *last)
{
	const char *p = mm_find(from, l->end, "[mem ", true);

	if (!p)
		return -EINVAL;
	p += 5;
	if (!mm_hex(&p, l->end, start) || p >= l->end || *p++ != '-' ||
	    !mm_hex(&p, l->end, last) || p >= l->end || *p != ']' || *last < *start)
		return -EINVAL;
	return 0;
}

/* "00100000-bffdffff : System RAM" at column 0. */
static enum mm_kind mm_iomem(const struct mm_line *l, u64 *start, u64 *last)
{
	const char *p = l->s;

	if (!mm_hex(&p, l->end, start) || p >= l->end || *p++ != '-' || !mm_hex(&p, l->end, last))
		return MM_NONE;
	mm_skip_spaces(&p, l->end);
	if (p >= l->end || *p++ != ':')
		return MM_NONE;
	if (!mm_rest_is(p, l->end, "System RAM"))
		return MM_NONE;
	return MM_RAM;
}

/* A "node N" line: after "N" comes an optional ':' and then "[mem ". */
static const char *mm_lower_node(const struct mm_line *l, u32 *nid)
{
	const char *p = l->s;

	while ((p = mm_find(p, l->end, "node ", false))) {
		const char *q = p + 5;

		if (p > l->s && p[-1] != ' ' && p[-1] != '\t') {
			p++;
			continue;
		}
		mm_skip_spaces(&q, l->end);
		if (mm_dec(&q, l->end, nid)) {
			if (q < l->end && *q == ':')
				q++;
			mm_skip_spaces(&q, l->end);
			if (mm_starts(q, l->end, "[mem "))
				return q;
		}
		p++;
	}
	return NULL;
}

/* Classify one line; -EINVAL for a recognised but malformed one. */
static int mm_line_parse(const struct mm_line *l, u64 *start, u64 *last, u32 *nid,
			 enum mm_kind *kind, const char **why)
{
	const char *p;

	*kind = MM_NONE;
	if (l->s < l->end && mm_is_hex(l->s[0])) {
		*kind = mm_iomem(l, start, last);
		if (*kind != MM_NONE && *last < *start) {
			/* an inverted range would slip out of order past mm_add_ram()'s merge */
			*kind = MM_NONE;
			*why = "malformed /proc/iomem line (end before start)";
			return -EINVAL;
		}
		if (*kind != MM_NONE)
			return 0;
	}
	p = mm_find(l->s, l->end, "BIOS-e820: ", false);
	if (p) {
		if (mm_mem_span(l, p, start, last)) {
			*why = "malformed BIOS-e820 line";
			return -EINVAL;
		}
		p = mm_find(p, l->end, "]", false) + 1;
		if (mm_rest_is(p, l->end, "usable"))
			*kind = MM_RAM;
		return 0;
	}
	p = mm_find(l->s, l->end, "NUMA: Node ", false);
	if (!p)
		p = mm_find(l->s, l->end, "SRAT: Node ", false);
	if (p) {
		p += 11;
		if (!mm_dec(&p, l->end, nid))
			return 0;	/* e.g. "NUMA: Node 0 and 1 ..." prose */
		if (!mm_find(p, l->end, "[mem ", false))
			return 0;
		if (mm_mem_span(l, p, start, last)) {
			*why = "malformed NUMA/SRAT node line";
			return -EINVAL;
		}
		*kind = MM_NODE;
		return 0;
	}
	p = mm_lower_node(l, nid);
	if (p) {
		if (mm_mem_span(l, p, start, last)) {
			*why = "malformed node memory range line";
			return -EINVAL;
		}
		*kind = MM_NODE;
	}
	return 0;
}

static bool mm_next_line(const char *text, size_t len, size_t *pos, struct mm_line *l)
{
	size_t i = *pos;

	if (i >= len)
		return false;
	l->s = text + i;
	while (i < len && text[i] != '\n' && text[i] != '\0')
		i++;
	l->end = text + i;
	*pos = i + 1;
	if (i < len && text[i] == '\0')
		*pos = len;	/* stop at a NUL */
	return true;
}

/* Add [start, end) to the sorted list, merging overlaps and touching ranges. */
static int mm_add_ram(struct tdx_mem_range *out, unsigned int max, unsigned int *n,
		      u64 start, u64 end)
{
	unsigned int pos = 0, last;

	while (pos < *n && out[pos].end < start)
		pos++;
	last = pos;
	while (last < *n && out[last].start <= end) {
		if (out[last].start < start)
			start = out[last].start;
		if (out[last].end > end)
			end = out[last].end;
		last++;
	}
	if (last == pos) {
		if (*n >= max)
			return -ENOSPC;
		memmove(&out[pos + 1], &out[pos], (*n - pos) * sizeof(out[0]));
		(*n)++;
	} else if (last > pos + 1) {
		memmove(&out[pos + 1], &out[last], (*n - last) * sizeof(out[0]));
		*n -= last - pos - 1;
	}
	out[pos].start = start;
	out[pos].end = end;
	out[pos].nid = -1;
	return 0;
}

/* Split the range containing x (strictly inside) in two. */
static int mm_split(struct tdx_mem_range *out, unsigned int max, unsigned int *n, u64 x)
{
	unsigned int k;

	for (k = 0; k < *n; k++) {
		if (out[k].start < x && x < out[k].end) {
			if (*n >= max)
				return -ENOSPC;
			memmove(&out[k + 1], &out[k], (*n - k) * sizeof(out[0]));
			(*n)++;
			out[k].end = x;
			out[k + 1].start = x;
			return 0;
		}
	}
	return 0;
}

/* Clip below 1 MiB, trim to 4K, drop what is left empty. */
static void mm_trim(struct tdx_mem_range *out, unsigned int *n)
{
	unsigned int k, o = 0;

	for (k = 0; k < *n; k++) {
		u64 s = out[k].start < MM_LOW_SKIP ? MM_LOW_SKIP : out[k].start;
		u64 e = out[k].end & ~(SZ_4K - 1);

		s = ALIGN(s, SZ_4K);
		if (s >= e)
			continue;
		out[o].start = s;
		out[o].end = e;
		out[o].nid = out[k].nid;
		o++;
	}
	*n = o;
}

int memmap_parse(const char *text, size_t len, struct tdx_mem_range *out, unsigned int max,
		 unsigned int *nr, const char **why)
{
	unsigned int n = 0, k, lineno = 0, zero_lines = 0;
	struct mm_line l;
	size_t pos = 0;
	bool have_nodes = false;
	enum mm_kind kind;
	u64 start, last;
	u32 nid;
	int ret;

	*nr = 0;
	*why = NULL;
	if (!text || !out || !max) {
		*why = "no input";
		return -EINVAL;
	}
	/* Pass 1: the RAM ranges. */
	while (mm_next_line(text, len, &pos, &l)) {
		lineno++;
		ret = mm_line_parse(&l, &start, &last, &nid, &kind, why);
		if (ret)
			return ret;
		if (kind != MM_RAM)
			continue;
		if (!start && !last) {
			zero_lines++;	/* /proc/iomem read without CAP_SYS_ADMIN */
			continue;
		}
		if (mm_add_ram(out, max, &n, start, last == ~0ULL ? last : last + 1)) {
			*why = "more memory ranges than the output holds";
			return -ENOSPC;
		}
	}
	mm_trim(out, &n);
	if (!n) {
		*why = zero_lines ? "all addresses are zero: read /proc/iomem as root" :
			"no \"System RAM\" or usable BIOS-e820 ranges above 1 MiB found";
		return -EINVAL;
	}

	/* Pass 2: node ranges split and label the RAM ranges. */
	pos = 0;
	while (mm_next_line(text, len, &pos, &l)) {
		u64 ns, ne;

		mm_line_parse(&l, &start, &last, &nid, &kind, why);
		if (kind != MM_NODE)
			continue;
		have_nodes = true;
		ns = start & ~(SZ_4K - 1);
		ne = last == ~0ULL ? last : ((last + 1) & ~(SZ_4K - 1));
		if (mm_split(out, max, &n, ns) || mm_split(out, max, &n, ne)) {
			*why = "more memory ranges than the output holds";
			return -ENOSPC;
		}
		for (k = 0; k < n; k++)
			if (out[k].start >= ns && out[k].end <= ne)
				out[k].nid = (int)nid;
	}
	/* Memory no node line claims goes with its lower neighbour. */
	for (k = 0; k < n; k++)
		if (!have_nodes || out[k].nid < 0)
			out[k].nid = (have_nodes && k) ? out[k - 1].nid : 0;

	/* Merge touching ranges of one node. */
	for (k = 1, *nr = 1; k < n; k++) {
		struct tdx_mem_range *prev = &out[*nr - 1];

		if (prev->end == out[k].start && prev->nid == out[k].nid)
			prev->end = out[k].end;
		else
			out[(*nr)++] = out[k];
	}
	*why = NULL;
	return 0;
}
