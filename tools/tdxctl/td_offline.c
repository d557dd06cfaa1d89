// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl td measure --offline: the blocks the TDX module would hash
 * (mrtd.c) fed to libcrypto's SHA-384, started as at TDH.MNG.INIT and
 * finished as at TDH.MR.FINALIZE.
 */
#include <errno.h>

#include <openssl/evp.h>

#include "td_measure.h"

static int sha384_update(void *ctx, const void *buf, size_t len)
{
	return EVP_DigestUpdate(ctx, buf, len) == 1 ? 0 : -EIO;
}

int td_measure_offline(const struct td_image *img, bool two_pass,
		       uint8_t mrtd[MRTD_DIGEST_SIZE], uint32_t *bad_section)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	struct mrtd_hash h = { .update = sha384_update, .ctx = c };
	unsigned int len = 0;
	int ret;

	if (!c)
		return -ENOMEM;
	if (EVP_DigestInit_ex(c, EVP_sha384(), NULL) != 1) {
		EVP_MD_CTX_free(c);
		return -EIO;
	}
	ret = mrtd_replay(&img->t, img->data, img->size, two_pass, &h, NULL, NULL, bad_section);
	if (!ret && (EVP_DigestFinal_ex(c, mrtd, &len) != 1 || len != MRTD_DIGEST_SIZE))
		ret = -EIO;
	EVP_MD_CTX_free(c);
	return ret;
}
