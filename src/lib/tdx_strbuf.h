/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bounded string builder: the library has no snprintf that is the same in
 * kernel and userspace.  Text past the end is counted, not written, so the
 * result tells how long the full text would be (like snprintf).
 */
#ifndef TDX_LIB_STRBUF_H
#define TDX_LIB_STRBUF_H

#include "tdx_types.h"

struct tdx_strbuf {
	char *buf;
	size_t len;	/* size of buf */
	size_t pos;	/* length of the full text so far */
};

void tdx_strbuf_init(struct tdx_strbuf *sb, char *buf, size_t len);
void tdx_strbuf_putc(struct tdx_strbuf *sb, char c);
void tdx_strbuf_puts(struct tdx_strbuf *sb, const char *s);
void tdx_strbuf_dec(struct tdx_strbuf *sb, u64 v);
/* "0x" and at least @min_digits lowercase hex digits */
void tdx_strbuf_hex(struct tdx_strbuf *sb, u64 v, unsigned int min_digits);
/* NUL-terminate; return the full length (may exceed what fitted). */
int tdx_strbuf_finish(struct tdx_strbuf *sb);

#endif /* TDX_LIB_STRBUF_H */
