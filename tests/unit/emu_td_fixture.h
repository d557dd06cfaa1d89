/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test fixture for the TD leaves of the software TDX module, on top of
 * emu_fixture.h: the module at SYS_READY with TDMR0 initialised, SHA-384
 * from libcrypto for the measurement, two more memory windows inside TDMR0
 * (pages to hand to TDs, and shared pages: TD_PARAMS, PAGE.ADD sources),
 * and helpers that build and tear down a TD the way a host does.
 *
 * 2 packages x 2 LPs: LP 0, 1 on package 0 (id 0), LP 2, 3 on package 1
 * (id 3).  Static inline only.
 */
#ifndef TDX_TEST_EMU_TD_FIXTURE_H
#define TDX_TEST_EMU_TD_FIXTURE_H

#include <openssl/sha.h>
#include "emu_fixture.h"

#define TDFX_PRIV_PA		0x20000000ULL	/* pages for TDs (512 MiB, in TDMR0) */
#define TDFX_PRIV_SIZE		0x00800000ULL
#define TDFX_SHARED_PA		0x30000000ULL	/* shared pages (768 MiB, in TDMR0) */
#define TDFX_SHARED_SIZE	0x00100000ULL
#define TDFX_PARAMS_PA		TDFX_SHARED_PA	/* TD_PARAMS, 1024-aligned */
#define TDFX_SRC_PA		(TDFX_SHARED_PA + 0x1000)	/* PAGE.ADD sources */

#define TDFX_OP(status, id)	((status) + (id))
#define TDFX_RAX_V(leaf, v)	((u64)(leaf) | ((u64)(v) << 16))
#define TDFX_NULL_PA		(~0ULL)
#define TDFX_MAX_PAGES		256
#define TDFX_EPTP_4LVL		0x1eULL		/* WB, page-walk length 4 */

/* The KeyIDs of the default config: MKTME 1..31, TDX 32..63, 32 the global one. */
#define TDFX_HKID		33

struct tdfx_td {
	u64 tdr;
	u16 hkid;
	u64 tdcs[9];
	unsigned int nr_tdcs;
	u64 vp[8];			/* TDVPRs */
	u64 vpcx[8][14];		/* their TDCX pages */
	unsigned int nr_vpcx[8];
	unsigned int nr_vp;
	u64 sept[TDFX_MAX_PAGES];	/* SEPT pages in use */
	unsigned int nr_sept;
	u64 priv[TDFX_MAX_PAGES];	/* private pages */
	unsigned int nr_priv;
};

struct tdfx {
	struct emu_fx fx;
	u64 next_page;
	u64 hash_calls;
	bool hash_fail;			/* make hash_update fail */
};

/*
 * SHA384_Init() and friends: deprecated in OpenSSL 3, but their context is
 * plain data the emu can keep in a TDCS page (an EVP context is a pointer).
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
_Static_assert(sizeof(SHA512_CTX) <= TDX_EMU_HASH_STATE_MAX, "SHA-384 state fits the TDCS");

static inline int tdfx_hash_init(void *ctx, void *state)
{
	(void)ctx;
	return SHA384_Init(state) == 1 ? 0 : -EIO;
}

static inline int tdfx_hash_update(void *ctx, void *state, const void *data, u64 len)
{
	struct tdfx *t = ctx;

	t->hash_calls++;
	if (t->hash_fail)
		return -EIO;
	return SHA384_Update(state, data, len) == 1 ? 0 : -EIO;
}

static inline int tdfx_hash_final(void *ctx, void *state, u8 *digest)
{
	(void)ctx;
	return SHA384_Final(digest, state) == 1 ? 0 : -EIO;
}
#pragma GCC diagnostic pop

static inline u64 tdfx_sc(struct tdfx *t, unsigned int lp, u64 rax, struct tdx_args *a)
{
	return tdx_emu_seamcall(t->fx.emu, lp, rax, a);
}

static inline u64 tdfx_call(struct tdfx *t, unsigned int lp, u64 rax, u64 rcx, u64 rdx, u64 r8,
			    struct tdx_args *out)
{
	return emu_fx_call(&t->fx, lp, rax, rcx, rdx, r8, out);
}

/*
 * A module at SYS_READY, TDMR0 initialised, hash ops in place.  The emu's
 * ops.ctx is the struct emu_fx, which is the first member of struct tdfx,
 * so the hash callbacks find the tdfx through it.
 */
static inline int tdfx_setup_cfg(struct tdfx *t, const struct tdx_emu_config *cfg)
{
	struct emu_fx *fx = &t->fx;

	memset(t, 0, sizeof(*t));
	if (emu_fx_setup_cfg(fx, cfg, 2, 2) ||
	    emu_fx_add_window(fx, TDFX_PRIV_PA, TDFX_PRIV_SIZE) ||
	    emu_fx_add_window(fx, TDFX_SHARED_PA, TDFX_SHARED_SIZE))
		return -1;
	fx->ops.hash_init = tdfx_hash_init;
	fx->ops.hash_update = tdfx_hash_update;
	fx->ops.hash_final = tdfx_hash_final;
	if (tdx_emu_init(fx->emu, &fx->cfg, fx->nr_lps, fx->lp_pkg, &fx->ops))
		return -1;
	if (emu_fx_to_ready(fx) || emu_fx_tdmr_init_all(fx, 0, EMU_FX_TDMR0_BASE) != 256)
		return -1;
	t->next_page = TDFX_PRIV_PA;
	return 0;
}

static inline int tdfx_setup(struct tdfx *t)
{
	struct tdx_emu_config cfg;

	emu_fx_default_config(&cfg);
	return tdfx_setup_cfg(t, &cfg);
}

static inline void tdfx_teardown(struct tdfx *t)
{
	emu_fx_teardown(&t->fx);
}

/* A fresh 4K page of the TD window. */
static inline u64 tdfx_page(struct tdfx *t)
{
	u64 pa = t->next_page;

	t->next_page += SZ_4K;
	return pa;
}

static inline void *tdfx_va(struct tdfx *t, u64 pa)
{
	return emu_fx_va(&t->fx, pa);
}

static inline struct tdx_pamt_entry *tdfx_pamt(struct tdfx *t, u64 pa)
{
	return tdfx_va(t, emu_fx_pamt_pa(0, TDX_PS_4K) + (pa >> 12) * 16);
}

static inline u8 tdfx_pt(struct tdfx *t, u64 pa)
{
	return tdfx_pamt(t, pa)->page_type;
}

static inline u64 tdfx_owner(struct tdfx *t, u64 pa)
{
	return tdx_emu_pamt_owner(tdfx_pamt(t, pa));
}

static inline struct tdx_emu_status tdfx_status(struct tdfx *t)
{
	struct tdx_emu_status st;

	tdx_emu_get_status(t->fx.emu, &st);
	return st;
}

/* ---- TD_PARAMS (the module's td_params_t) */

struct tdfx_params {
	u64 attributes;
	u64 xfam;
	u16 max_vcpus;
	u8 num_l2_vms;
	u8 msr_config_ctls;
	u32 reserved0;
	u64 eptp_controls;
	u64 config_flags;
	u16 tsc_frequency;
	u8 reserved1[38];
	u64 mrconfigid[6];
	u64 mrowner[6];
	u64 mrownerconfig[6];
	u64 arch_cap_config;
	u8 reserved2[24];
	u32 cpuid[48][4];
};

/* The TD_PARAMS in shared memory, reset to a valid default. */
static inline struct tdfx_params *tdfx_params(struct tdfx *t)
{
	struct tdfx_params *p = tdfx_va(t, TDFX_PARAMS_PA);

	memset(p, 0, sizeof(*p));
	p->attributes = BIT_ULL(28);		/* SEPT_VE_DISABLE */
	p->xfam = 0x3;
	p->max_vcpus = 8;
	p->eptp_controls = TDFX_EPTP_4LVL;
	p->tsc_frequency = 100;
	return p;
}

/* ---- building a TD */

static inline u64 tdfx_create(struct tdfx *t, struct tdfx_td *td, u16 hkid)
{
	memset(td, 0, sizeof(*td));
	td->tdr = tdfx_page(t);
	td->hkid = hkid;
	return tdfx_call(t, 0, TDH_MNG_CREATE, td->tdr, hkid, 0, NULL);
}

/* TDH.MNG.KEY.CONFIG on LP 0 (package 0) and LP 2 (package 1). */
static inline u64 tdfx_keys(struct tdfx *t, struct tdfx_td *td)
{
	u64 st = tdfx_call(t, 0, TDH_MNG_KEY_CONFIG, td->tdr, 0, 0, NULL);

	return st ? st : tdfx_call(t, 2, TDH_MNG_KEY_CONFIG, td->tdr, 0, 0, NULL);
}

static inline u64 tdfx_addcx(struct tdfx *t, struct tdfx_td *td, unsigned int n)
{
	u64 st = 0;

	while (n-- && !st) {
		u64 pa = tdfx_page(t);

		st = tdfx_call(t, 0, TDH_MNG_ADDCX, pa, td->tdr, 0, NULL);
		if (!st)
			td->tdcs[td->nr_tdcs++] = pa;
	}
	return st;
}

static inline u64 tdfx_init(struct tdfx *t, struct tdfx_td *td, struct tdx_args *out)
{
	return tdfx_call(t, 0, TDH_MNG_INIT, td->tdr, TDFX_PARAMS_PA, 0, out);
}

/* CREATE, keys on both packages, 6 TDCS pages, INIT with the default TD_PARAMS. */
static inline u64 tdfx_build(struct tdfx *t, struct tdfx_td *td, u16 hkid)
{
	u64 st = tdfx_create(t, td, hkid);

	if (!st)
		st = tdfx_keys(t, td);
	if (!st)
		st = tdfx_addcx(t, td, 6);
	if (!st) {
		tdfx_params(t);
		st = tdfx_init(t, td, NULL);
	}
	return st;
}

static inline u64 tdfx_vp_create(struct tdfx *t, struct tdfx_td *td, unsigned int *idx)
{
	u64 pa = tdfx_page(t), st;

	st = tdfx_call(t, 0, TDH_VP_CREATE, pa, td->tdr, 0, NULL);
	if (!st) {
		*idx = td->nr_vp;
		td->vp[td->nr_vp++] = pa;
	}
	return st;
}

static inline u64 tdfx_vp_addcx(struct tdfx *t, struct tdfx_td *td, unsigned int v, unsigned int n)
{
	u64 st = 0;

	while (n-- && !st) {
		u64 pa = tdfx_page(t);

		st = tdfx_call(t, 0, TDH_VP_ADDCX, pa, td->vp[v], 0, NULL);
		if (!st)
			td->vpcx[v][td->nr_vpcx[v]++] = pa;
	}
	return st;
}

/* A whole vCPU: CREATE, 5 TDCX, VP.INIT v1 on @lp with x2APIC id @x2apic. */
static inline u64 tdfx_vcpu(struct tdfx *t, struct tdfx_td *td, unsigned int lp, u32 x2apic)
{
	unsigned int v = 0;
	u64 st = tdfx_vp_create(t, td, &v);

	if (!st)
		st = tdfx_vp_addcx(t, td, v, 5);
	if (!st)
		st = tdfx_call(t, lp, TDFX_RAX_V(TDH_VP_INIT, 1), td->vp[v], 0x1234, x2apic, NULL);
	return st;
}

/* SEPT pages down to level 1 for @gpa (SEPT.ADD v1 at levels 3, 2, 1). */
static inline u64 tdfx_map_gpa(struct tdfx *t, struct tdfx_td *td, u64 gpa)
{
	unsigned int level;

	for (level = 3; level >= 1; level--) {
		u64 pa = tdfx_page(t);
		struct tdx_args a;
		u64 st;

		memset(&a, 0, sizeof(a));
		a.rcx = (gpa & ~((1ULL << (12 + 9 * level)) - 1)) | level;
		a.rdx = td->tdr | 1;		/* ALLOW_EXISTING */
		a.r8 = pa;
		a.r9 = a.r10 = a.r11 = TDFX_NULL_PA;
		st = tdfx_sc(t, 0, TDFX_RAX_V(TDH_MEM_SEPT_ADD, 1), &a);
		if (st)
			return st;
		if (a.r8 == TDFX_NULL_PA)
			td->sept[td->nr_sept++] = pa;
	}
	return 0;
}

/* PAGE.ADD of @data (4 KiB) at @gpa, then 16 MR.EXTENDs if @measure. */
static inline u64 tdfx_add_page(struct tdfx *t, struct tdfx_td *td, u64 gpa, const void *data,
				bool measure)
{
	u64 pa = tdfx_page(t), st, off;
	struct tdx_args a;

	memcpy(tdfx_va(t, TDFX_SRC_PA), data, SZ_4K);
	memset(&a, 0, sizeof(a));
	a.rcx = gpa;
	a.rdx = td->tdr;
	a.r8 = pa;
	a.r9 = TDFX_SRC_PA;
	st = tdfx_sc(t, 0, TDH_MEM_PAGE_ADD, &a);
	if (st)
		return st;
	td->priv[td->nr_priv++] = pa;
	for (off = 0; measure && off < SZ_4K && !st; off += 256)
		st = tdfx_call(t, 0, TDH_MR_EXTEND, gpa + off, td->tdr, 0, NULL);
	return st;
}

/* MRTD read back with TDH.MNG.RD, 6 little-endian u64s into 48 bytes. */
static inline u64 tdfx_mrtd(struct tdfx *t, struct tdfx_td *td, u8 *out)
{
	unsigned int i, b;

	for (i = 0; i < 6; i++) {
		struct tdx_args a;
		u64 st = tdfx_call(t, 0, TDH_MNG_RD, td->tdr, 0x1310000300000000ULL + i, 0, &a);

		if (st)
			return st;
		for (b = 0; b < 8; b++)
			out[8 * i + b] = (u8)(a.r8 >> (8 * b));
	}
	return 0;
}

static inline u64 tdfx_reclaim(struct tdfx *t, u64 pa, struct tdx_args *out)
{
	return tdfx_call(t, 0, TDH_PHYMEM_PAGE_RECLAIM, pa, 0, 0, out);
}

/* VP.FLUSH of every vCPU on @lp, VPFLUSHDONE, CACHE.WB (+ resumes) on both packages. */
static inline u64 tdfx_flush(struct tdfx *t, struct tdfx_td *td, unsigned int lp)
{
	unsigned int v, pkg;
	u64 st;

	for (v = 0; v < td->nr_vp; v++) {
		st = tdfx_call(t, lp, TDH_VP_FLUSH, td->vp[v], 0, 0, NULL);
		if (st && st != TDX_VCPU_NOT_ASSOCIATED)
			return st;
	}
	st = tdfx_call(t, 0, TDH_MNG_VPFLUSHDONE, td->tdr, 0, 0, NULL);
	if (st)
		return st;
	for (pkg = 0; pkg < 2; pkg++) {
		st = tdfx_call(t, 2 * pkg, TDH_PHYMEM_CACHE_WB, 0, 0, 0, NULL);
		while (st == TDX_INTERRUPTED_RESUMABLE)
			st = tdfx_call(t, 2 * pkg, TDH_PHYMEM_CACHE_WB, 1, 0, 0, NULL);
		if (st && st != TDX_NO_HKID_READY_TO_WBCACHE)
			return st;
	}
	return 0;
}

/* Every page of the TD back, the TDR last, then WBINVD of the TDR. */
static inline u64 tdfx_reclaim_all(struct tdfx *t, struct tdfx_td *td)
{
	unsigned int i, v;
	u64 st = 0;

	for (v = 0; v < td->nr_vp; v++) {
		for (i = 0; i < td->nr_vpcx[v] && !st; i++)
			st = tdfx_reclaim(t, td->vpcx[v][i], NULL);
		if (!st)
			st = tdfx_reclaim(t, td->vp[v], NULL);
	}
	for (i = 0; i < td->nr_priv && !st; i++)
		st = tdfx_reclaim(t, td->priv[i], NULL);
	for (i = 0; i < td->nr_sept && !st; i++)
		st = tdfx_reclaim(t, td->sept[i], NULL);
	for (i = 0; i < td->nr_tdcs && !st; i++)
		st = tdfx_reclaim(t, td->tdcs[i], NULL);
	if (!st)
		st = tdfx_reclaim(t, td->tdr, NULL);
	if (!st)
		st = tdfx_call(t, 0, TDH_PHYMEM_PAGE_WBINVD, td->tdr | ((u64)32 << 46), 0, 0, NULL);
	return st;
}

/* The whole teardown; every vCPU was initialised on @lp. */
static inline u64 tdfx_destroy(struct tdfx *t, struct tdfx_td *td, unsigned int lp)
{
	u64 st = tdfx_flush(t, td, lp);

	if (!st)
		st = tdfx_call(t, 0, TDH_MNG_KEY_FREEID, td->tdr, 0, 0, NULL);
	if (!st)
		st = tdfx_reclaim_all(t, td);
	return st;
}

#endif /* TDX_TEST_EMU_TD_FIXTURE_H */
