/* SPDX-License-Identifier: GPL-2.0 */
/* tdxctl output helpers (output.c): colours, sizes, tables, JSON. */
#ifndef TDXCTL_OUTPUT_H
#define TDXCTL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Colours: only on a terminal, never with NO_COLOR. */
enum tdxctl_color { C_NONE, C_RED, C_GREEN, C_YELLOW, C_GREY, C_BOLD };
const char *tdxctl_color(enum tdxctl_color c);
const char *tdxctl_color_off(void);

/* "1.50 GiB" into buf (binary units); returns buf. */
char *tdxctl_size(char *buf, size_t len, uint64_t bytes);
/* "0.39%" from parts per million. */
char *tdxctl_ppm(char *buf, size_t len, uint64_t ppm);

/* Aligned tables: add rows of cells, then print them padded. */
struct tdxctl_table;
struct tdxctl_table *tdxctl_table_new(unsigned int ncols);
void tdxctl_table_row(struct tdxctl_table *t, ...);	/* ncols strings */
void tdxctl_table_print(struct tdxctl_table *t, FILE *f, const char *indent);
void tdxctl_table_free(struct tdxctl_table *t);

/* A small streaming JSON writer to stdout; keys are NULL inside arrays. */
void json_obj_begin(const char *key);
void json_obj_end(void);
void json_arr_begin(const char *key);
void json_arr_end(void);
void json_str(const char *key, const char *val);	/* NULL -> null */
void json_u64(const char *key, uint64_t val);
void json_s64(const char *key, int64_t val);
void json_bool(const char *key, bool val);
void json_null(const char *key);
void json_hex(const char *key, uint64_t val);		/* "0x..." string */
/* Finish the document (newline). */
void json_done(void);

#endif /* TDXCTL_OUTPUT_H */
