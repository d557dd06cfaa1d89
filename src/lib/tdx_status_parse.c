// SPDX-License-Identifier: GPL-2.0
/*
 * Reading text back: leaf names or numbers (tdx_leaf_lookup()) and the SEAMCALL
 * failure lines of tdxhost, upstream and KVM (tdx_parse_seamcall_line()).
 */
#include "tdx_types.h"
#include "tdx_defs.h"
#include "tdx_status.h"
#include "tdx_status_internal.h"

static bool tdx_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int tdx_hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tdx_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Parse "0x<hex>" or "[-]<decimal>" at *s; advance *s.  A negative decimal
 * is taken as two's complement: a leaf printed with %lld.  0 or -EINVAL.
 */
static int tdx_parse_number(const char **s, u64 *val)
{
	const char *p = *s;
	bool neg = false;
	unsigned int digits = 0;
	u64 v = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		while (tdx_hex_val(*p) >= 0) {
			if (++digits > 16)
				return -EINVAL;
			v = (v << 4) | (u64)tdx_hex_val(*p++);
		}
	} else {
		if (*p == '-') {
			neg = true;
			p++;
		}
		while (tdx_is_digit(*p)) {
			u64 d = (u64)(*p++ - '0');

			if (v > (~0ULL - d) / 10)
				return -EINVAL;
			v = v * 10 + d;
			digits++;
		}
		if (neg)
			v = -v;
	}
	if (!digits)
		return -EINVAL;
	*s = p;
	*val = v;
	return 0;
}

int tdx_leaf_lookup(const char *text, u64 *leaf)
{
	const char *p = text;
	u64 v;
	int nr;

	if (!text || !leaf)
		return -EINVAL;
	if (tdx_is_digit(*p) || *p == '-') {
		if (tdx_parse_number(&p, &v) || *p)
			return -EINVAL;
		*leaf = v;
		return 0;
	}
	if (tdx_name_eq(text, tdx_seamldr_info_name)) {
		*leaf = SEAMLDR_INFO;
		return 0;
	}
	if (tdx_name_eq(text, tdx_seamldr_install_name)) {
		*leaf = SEAMLDR_INSTALL;
		return 0;
	}
	nr = tdx_leaf_from_name(text);
	if (nr < 0)
		return -EINVAL;
	*leaf = (u64)nr;
	return 0;
}

/* ---------------------------------------------------------- line parser */

static bool tdx_is_alpha(char c)
{
	c = tdx_lower(c);
	return c >= 'a' && c <= 'z';
}

static bool tdx_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *tdx_find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i;

		for (i = 0; i < n; i++)
			if (tdx_lower(hay[i]) != tdx_lower(needle[i]))
				break;
		if (i == n)
			return hay;
	}
	return NULL;
}

static const char *tdx_skip_space(const char *p)
{
	while (tdx_is_space(*p) || *p == ':')
		p++;
	return p;
}

static bool tdx_token_is(const char *tok, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!word[i] || tdx_lower(tok[i]) != word[i])
			return false;
	return !word[n];
}

/* Parse what follows one "SEAMCALL" of a line. */
static int tdx_parse_after_seamcall(const char *p, u64 *leaf, u64 *status)
{
	/* Do not read past the next SEAMCALL of the line into its status. */
	const char *next = tdx_find_ci(p, "SEAMCALL");
	char name[48];
	unsigned int digits = 0;
	u64 v = 0;

	*leaf = TDX_LEAF_NONE;
	p = tdx_skip_space(p);
	if (tdx_is_alpha(*p)) {
		const char *tok = p;
		size_t n;

		while (tdx_is_alpha(*p) || tdx_is_digit(*p) || *p == '.' || *p == '_')
			p++;
		n = (size_t)(p - tok);
		if (tdx_token_is(tok, n, "failed")) {
			p = tok;
		} else if (!tdx_token_is(tok, n, "leaf") && n < sizeof(name)) {
			memcpy(name, tok, n);
			name[n] = '\0';
			if (tdx_leaf_lookup(name, &v) == 0)
				*leaf = v;
		}
		p = tdx_skip_space(p);
	}
	if (*p == '(') {
		p = tdx_skip_space(p + 1);
		if (tdx_parse_number(&p, &v) == 0)
			*leaf = v;
	} else if (tdx_is_digit(*p)) {
		if (tdx_parse_number(&p, &v) == 0)
			*leaf = v;
	}

	p = tdx_find_ci(p, "failed");
	if (!p || (next && next < p))
		return -EINVAL;
	p += strlen("failed");
	while (tdx_is_space(*p) || *p == ':' || *p == '=' || *p == ',')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	v = 0;
	while (tdx_hex_val(*p) >= 0) {
		if (++digits > 16)
			return -EINVAL;
		v = (v << 4) | (u64)tdx_hex_val(*p++);
	}
	if (!digits)
		return -EINVAL;
	*status = v;
	return 0;
}

int tdx_parse_seamcall_line(const char *line, u64 *leaf, u64 *status)
{
	const char *p;
	u64 l, s;

	if (!line || !leaf || !status)
		return -EINVAL;
	for (p = tdx_find_ci(line, "SEAMCALL"); p; p = tdx_find_ci(p + 1, "SEAMCALL")) {
		if (tdx_parse_after_seamcall(p + strlen("SEAMCALL"), &l, &s) == 0) {
			*leaf = l;
			*status = s;
			return 0;
		}
	}
	return -EINVAL;
}
