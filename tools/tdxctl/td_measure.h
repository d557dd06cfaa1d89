/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tdxctl td measure: the MRTD of a TDVF image, two ways that must agree.
 * td_offline.c replays mrtd.c's transcript into libcrypto's SHA-384;
 * td_build.c has the TDX module measure it, building a TD through
 * /dev/tdxhost as a VMM does.  cmd_td.c parses, chooses and prints.
 */
#ifndef TDXCTL_TD_MEASURE_H
#define TDXCTL_TD_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mrtd.h"
#include "tdvf.h"

/* A firmware image read into memory and parsed. */
struct td_image {
	const char *path;
	uint8_t *data;
	size_t size;
	struct tdvf_image t;
};

struct td_build_opts {
	uint32_t vcpus;		/* 1..caps.max_vcpus */
	uint64_t attributes;	/* TD ATTRIBUTES; the fixed-1 bits are ORed in */
	uint64_t xfam;		/* XFAM; the fixed-1 bits are ORed in */
	bool two_pass;		/* per section: every PAGE.ADD, then the MR.EXTENDs */
};

/* What the TDX module said about the TD it built. */
struct td_build_result {
	uint8_t mrtd[MRTD_DIGEST_SIZE];
	uint32_t td_id;
	uint32_t keyid;
	uint32_t vcpus;
	uint64_t attributes;	/* as the TD has them (fixed-1 bits in) */
	uint64_t xfam;
	uint64_t pages_private;	/* PAGE.ADDs */
	uint64_t pages_measured;	/* pages extended into MRTD */
};

/*
 * SHA-384 over the transcript of @img (mrtd_replay); 0, -EIO (libcrypto),
 * or mrtd_walk()'s errors (-ENODATA with *@bad_section).
 */
int td_measure_offline(const struct td_image *img, bool two_pass,
		       uint8_t mrtd[MRTD_DIGEST_SIZE], uint32_t *bad_section);

/*
 * Create, initialize, fill, finalize and read back a TD through
 * /dev/tdxhost, then close it (the kernel tears it down).  Returns an
 * exit code (TDXCTL_EXIT_*), having printed what failed.
 */
int td_measure_module(const struct td_image *img, const struct td_build_opts *o,
		      struct td_build_result *r);

/* The GPA the vCPUs get in RCX: the TD_HOB section's, 0 if there is none. */
uint64_t td_hob_gpa(const struct tdvf_image *t);

#endif /* TDXCTL_TD_MEASURE_H */
