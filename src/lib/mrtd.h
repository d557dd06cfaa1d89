/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MRTD transcript of a TDVF image: the TDH.MEM.PAGE.ADD and TDH.MR.EXTEND
 * calls a VMM makes to build the TD, in order, and the bytes the TDX module
 * hashes for each.  No hash here: the caller supplies SHA-384 (libcrypto in
 * userspace, the crypto API in the kernel), started at TDH.MNG.INIT and
 * finished at TDH.MR.FINALIZE.
 *
 * Order (KVM_TDX_INIT_MEM_REGION per section, in metadata order): each page
 * is added, then, if the section has MR_EXTEND, extended as 16 chunks of 256
 * bytes (KVM 6.16+).  With two_pass every page of a section is added first,
 * then the section's chunks are extended (older QEMU/KVM).  PAGE_AUG sections
 * are skipped: td-shim memory accepted later, never hashed.  TD_HOB and
 * TEMP_MEM pages are added, never extended; what the VMM writes into the
 * TD_HOB is therefore not measured, and they count as zero pages here.
 *
 * Hashed per call, each a 128-byte block, zero padded:
 *   PAGE.ADD   "MEM.PAGE.ADD" at 0, GPA (LE u64) at 16
 *   MR.EXTEND  "MR.EXTEND" at 0, chunk GPA (LE u64) at 16; then the 256 bytes
 *
 * Pages past RawDataSize are zero (the TDVF rule).  QEMU differs: it copies
 * MemoryDataSize bytes from the image, so a measured section with
 * RawDataSize < MemoryDataSize measures what follows it in the image there.
 */
#ifndef TDX_LIB_MRTD_H
#define TDX_LIB_MRTD_H

#include "tdx_types.h"
#include "tdvf.h"

#define MRTD_BLOCK_SIZE		128
#define MRTD_CHUNK_SIZE		256
#define MRTD_CHUNKS_PER_PAGE	16
#define MRTD_DIGEST_SIZE	48	/* SHA-384 */

enum mrtd_op_kind {
	MRTD_OP_PAGE_ADD,
	MRTD_OP_MR_EXTEND,
};

struct mrtd_op {
	enum mrtd_op_kind kind;
	u32 section;		/* index in the tdvf_image */
	u64 gpa;		/* the page (PAGE_ADD) or the 256-byte chunk (MR_EXTEND) */
	const u8 *data;		/* image bytes of the page or chunk, NULL if none */
	u32 data_len;		/* bytes at data; the rest of the page/chunk is zero */
};

/* Called for every operation in order; non-zero stops the walk and is returned. */
typedef int (*mrtd_op_fn)(void *ctx, const struct mrtd_op *op);

/* The hash the TDX module keeps: update() is SHA-384 update, non-zero = error. */
struct mrtd_hash {
	int (*update)(void *ctx, const void *buf, size_t len);
	void *ctx;
};

/*
 * Walk the operations a VMM performs for the parsed @t of the image @img,
 * @size bytes.  -EINVAL if a section's data is not inside @img, -ENODATA
 * (before any call, *@bad_section set if not NULL) if a measured section has
 * no data in the image (a td-shim payload the VMM loads): its MRTD depends
 * on what is loaded there.
 */
int mrtd_walk(const struct tdvf_image *t, const u8 *img, size_t size, bool two_pass,
		     mrtd_op_fn fn, void *ctx, u32 *bad_section);

/* The blocks of one operation, fed to @h as the TDX module would. */
int mrtd_hash_op(const struct mrtd_hash *h, const struct mrtd_op *op);

/*
 * mrtd_walk() feeding every operation to @h; @observe (may be NULL)
 * sees each operation first, e.g. to print the transcript.
 */
int mrtd_replay(const struct tdvf_image *t, const u8 *img, size_t size, bool two_pass,
		const struct mrtd_hash *h, mrtd_op_fn observe, void *observe_ctx,
		u32 *bad_section);

void mrtd_page_add_block(u8 block[MRTD_BLOCK_SIZE], u64 gpa);
void mrtd_extend_block(u8 block[MRTD_BLOCK_SIZE], u64 gpa);

/* How many PAGE.ADD and MR.EXTEND calls the image takes (order-independent). */
void mrtd_count(const struct tdvf_image *t, u64 *page_adds, u64 *extends);

#endif /* TDX_LIB_MRTD_H */
