// SPDX-License-Identifier: GPL-2.0
/* The bounded string builder of the pure-C library (see tdx_strbuf.h). */
#include "tdx_types.h"
#include "tdx_strbuf.h"

void tdx_strbuf_init(struct tdx_strbuf *sb, char *buf, size_t len)
{
	sb->buf = buf;
	sb->len = buf ? len : 0;
	sb->pos = 0;
	if (sb->len)
		buf[0] = '\0';
}

void tdx_strbuf_putc(struct tdx_strbuf *sb, char c)
{
	/* Keep the last byte for the terminating NUL. */
	if (sb->pos + 1 < sb->len)
		sb->buf[sb->pos] = c;
	sb->pos++;
}

void tdx_strbuf_puts(struct tdx_strbuf *sb, const char *s)
{
	if (!s)
		s = "(null)";
	while (*s)
		tdx_strbuf_putc(sb, *s++);
}

void tdx_strbuf_dec(struct tdx_strbuf *sb, u64 v)
{
	char digits[20];
	unsigned int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		tdx_strbuf_putc(sb, digits[--n]);
}

void tdx_strbuf_hex(struct tdx_strbuf *sb, u64 v, unsigned int min_digits)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int n = 16;

	while (n > 1 && n > min_digits && !(v >> ((n - 1) * 4)))
		n--;
	tdx_strbuf_puts(sb, "0x");
	while (n--)
		tdx_strbuf_putc(sb, hex[(v >> (n * 4)) & 0xf]);
}

int tdx_strbuf_finish(struct tdx_strbuf *sb)
{
	if (sb->len)
		sb->buf[sb->pos < sb->len ? sb->pos : sb->len - 1] = '\0';
	return sb->pos > 0x7fffffff ? 0x7fffffff : (int)sb->pos;
}
