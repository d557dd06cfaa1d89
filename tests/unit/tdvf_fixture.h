/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crafted TDVF images for the parser and MRTD tests: an OVMF-style image
 * (GUIDed table footer at the end, metadata inside the BFV) built from a
 * section list, with the GUIDs written out here independently of tdvf.c.
 */
#ifndef TDVF_FIXTURE_H
#define TDVF_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdvf.h"

#define FX_SIZE		0x4000u		/* image size */
#define FX_DESC		(FX_SIZE - 0x800u)	/* descriptor offset */
#define FX_MAX		0x10000u

/* As stored: the first three GUID fields little endian. */
static const uint8_t fx_guid_footer[16] = {	/* 96b582de-1fb2-45f7-baea-a366c55a082d */
	0xde, 0x82, 0xb5, 0x96, 0xb2, 0x1f, 0xf7, 0x45,
	0xba, 0xea, 0xa3, 0x66, 0xc5, 0x5a, 0x08, 0x2d };
static const uint8_t fx_guid_tdx[16] = {	/* e47a6535-984a-4798-865e-4685a7bf8ec2 */
	0x35, 0x65, 0x7a, 0xe4, 0x4a, 0x98, 0x98, 0x47,
	0x86, 0x5e, 0x46, 0x85, 0xa7, 0xbf, 0x8e, 0xc2 };
static const uint8_t fx_guid_sev[16] = {	/* 00f771de-1a7e-4fcb-890e-68c77e2fb44e */
	0xde, 0x71, 0xf7, 0x00, 0x7e, 0x1a, 0xcb, 0x4f,
	0x89, 0x0e, 0x68, 0xc7, 0x7e, 0x2f, 0xb4, 0x4e };
static const uint8_t fx_guid_meta[16] = {	/* e9eaf9f3-168e-44d5-a8eb-7f4d8738f6ae */
	0xf3, 0xf9, 0xea, 0xe9, 0x8e, 0x16, 0xd5, 0x44,
	0xa8, 0xeb, 0x7f, 0x4d, 0x87, 0x38, 0xf6, 0xae };

struct fx_sec {
	uint32_t off, raw;
	uint64_t gpa, size;
	uint32_t type, attr;
};

static uint8_t fx_img[FX_MAX];
static size_t fx_size;

static inline void fx_le16(size_t at, uint16_t v)
{
	fx_img[at] = v & 0xff;
	fx_img[at + 1] = v >> 8;
}

static inline void fx_le32(size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		fx_img[at + i] = (uint8_t)(v >> (8 * i));
}

static inline void fx_le64(size_t at, uint64_t v)
{
	fx_le32(at, (uint32_t)v);
	fx_le32(at + 4, (uint32_t)(v >> 32));
}

/* Byte offset of field @off (0 DataOffset .. 28 Attributes) of section @i. */
static inline size_t fx_sec_at(unsigned int i, unsigned int off)
{
	return FX_DESC + 16 + 32 * i + off;
}

/*
 * Image of FX_SIZE bytes, a recognisable byte pattern as contents, then
 * (from the end) footer GUID, table length, the TDX metadata offset entry
 * and a SEV entry before it (so the walk must skip one), and the metadata.
 */
static inline void fx_build(const struct fx_sec *s, unsigned int n)
{
	size_t end = FX_SIZE - 50;

	fx_size = FX_SIZE;
	for (size_t i = 0; i < FX_MAX; i++)
		fx_img[i] = (uint8_t)(i * 7 + (i >> 8));
	memset(fx_img + FX_DESC - 16, 0, FX_SIZE - (FX_DESC - 16));
	memcpy(fx_img + FX_SIZE - 48, fx_guid_footer, 16);
	fx_le16(end, 22 + 22 + 18);
	memcpy(fx_img + end - 16, fx_guid_tdx, 16);
	fx_le16(end - 18, 22);
	fx_le32(end - 22, FX_SIZE - FX_DESC);
	end -= 22;
	memcpy(fx_img + end - 16, fx_guid_sev, 16);
	fx_le16(end - 18, 22);
	fx_le32(end - 22, 0xfffff000);

	memcpy(fx_img + FX_DESC - 16, fx_guid_meta, 16);
	memcpy(fx_img + FX_DESC, "TDVF", 4);
	fx_le32(FX_DESC + 4, 16 + 32 * n);
	fx_le32(FX_DESC + 8, 1);
	fx_le32(FX_DESC + 12, n);
	for (unsigned int i = 0; i < n; i++) {
		fx_le32(fx_sec_at(i, 0), s[i].off);
		fx_le32(fx_sec_at(i, 4), s[i].raw);
		fx_le64(fx_sec_at(i, 8), s[i].gpa);
		fx_le64(fx_sec_at(i, 16), s[i].size);
		fx_le32(fx_sec_at(i, 24), s[i].type);
		fx_le32(fx_sec_at(i, 28), s[i].attr);
	}
}

/* OVMF's shape: CFV, measured BFV holding the metadata, temp memory, TD HOB. */
static const struct fx_sec fx_ovmf[] = {
	{ 0x1000, 0x3000, 0xfffff000ull - 0x2000, 0x3000, TDVF_SECTION_BFV, TDVF_ATTR_MR_EXTEND },
	{ 0, 0x1000, 0xffffc000ull, 0x1000, TDVF_SECTION_CFV, 0 },
	{ 0, 0, 0x810000, 0x10000, TDVF_SECTION_TEMP_MEM, 0 },
	{ 0, 0, 0x809000, 0x2000, TDVF_SECTION_TD_HOB, 0 },
	{ 0, 0, 0x800000, 0x6000, TDVF_SECTION_TEMP_MEM, 0 },
};

static inline void fx_build_ovmf(void)
{
	fx_build(fx_ovmf, sizeof(fx_ovmf) / sizeof(fx_ovmf[0]));
}

/* Whole file, or NULL (and *size 0) when it cannot be read. */
static inline uint8_t *fx_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long len;

	*size = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)len);
		if (buf && fread(buf, 1, (size_t)len, f) == (size_t)len) {
			*size = (size_t)len;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

#endif /* TDVF_FIXTURE_H */
