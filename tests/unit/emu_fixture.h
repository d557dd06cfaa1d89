/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test fixture for the software TDX module (src/lib/emu/):
 * sparse fake physical memory (a few malloc'd windows at chosen PAs; every
 * other address is "not RAM"), an emu instance wired to it, and a valid
 * two-TDMR configuration in that memory.
 *
 * Layout (PA):
 *   CMR0  [0, 2 GiB)            CMR1  [4 GiB, 5 GiB)
 *   TDMR0 [0, 1 GiB)            reserved: [896 MiB, 912 MiB) holds both PAMTs
 *   TDMR1 [4 GiB, 5 GiB)        reserved: [4.5 GiB, 4.5 GiB + 2 MiB)
 *   window "misc" at 256 MiB:   TDMR_INFO PA array, TDMR_INFO entries, RDALL page
 *   window "pamt" at 896 MiB:   PAMT 4K/2M/1G of TDMR0, then of TDMR1
 * Static inline only, so a test includes it and uses what it needs.
 */
#ifndef TDX_TEST_EMU_FIXTURE_H
#define TDX_TEST_EMU_FIXTURE_H

#include <stdlib.h>
#include <string.h>
#include "emu/tdx_emu.h"

#define EMU_FX_MAX_WIN		8

#define EMU_FX_CMR0_BASE	0x0ULL
#define EMU_FX_CMR0_SIZE	0x80000000ULL
#define EMU_FX_CMR1_BASE	0x100000000ULL
#define EMU_FX_CMR1_SIZE	0x40000000ULL

#define EMU_FX_MISC_PA		0x10000000ULL
#define EMU_FX_MISC_SIZE	0x40000ULL
#define EMU_FX_ARRAY_PA		EMU_FX_MISC_PA			/* TDMR_INFO PA array */
#define EMU_FX_INFO_PA		(EMU_FX_MISC_PA + 0x1000)	/* TDMR_INFO entries */
#define EMU_FX_RDALL_PA		(EMU_FX_MISC_PA + 0x20000)	/* 4K RDALL output */

#define EMU_FX_TDMR0_BASE	0x0ULL
#define EMU_FX_TDMR1_BASE	0x100000000ULL
#define EMU_FX_TDMR_SIZE	SZ_1G
#define EMU_FX_RSVD0_OFF	0x38000000ULL		/* TDMR0: where the PAMTs live */
#define EMU_FX_RSVD0_SIZE	0x01000000ULL
#define EMU_FX_RSVD1_OFF	0x20000000ULL		/* TDMR1: a plain hole */
#define EMU_FX_RSVD1_SIZE	0x00200000ULL

#define EMU_FX_PAMT4K_SIZE	0x400000ULL		/* (1G >> 12) * 16 */
#define EMU_FX_PAMT2M_SIZE	0x2000ULL		/* (1G >> 21) * 16 */
#define EMU_FX_PAMT1G_SIZE	0x1000ULL		/* 16 bytes, 4K aligned */
#define EMU_FX_PAMT_PER_TDMR	(EMU_FX_PAMT4K_SIZE + EMU_FX_PAMT2M_SIZE + EMU_FX_PAMT1G_SIZE)
#define EMU_FX_PAMT_PA		(EMU_FX_TDMR0_BASE + EMU_FX_RSVD0_OFF)
#define EMU_FX_PAMT_WIN_SIZE	(2 * EMU_FX_PAMT_PER_TDMR)

struct emu_fx;
typedef void (*emu_fx_hook_t)(struct emu_fx *fx, u64 pa, u64 len);

struct emu_fx_win {
	u64 pa;
	u64 size;
	u8 *mem;
};

struct emu_fx {
	struct emu_fx_win win[EMU_FX_MAX_WIN];
	unsigned int nr_win;

	/* what the emu did through its ops */
	unsigned long map_calls, unmap_calls, map_null, lock_calls;
	int live_maps, lock_depth;
	bool map_under_lock;		/* ops->map was called with ops->lock held */
	bool lock_recursion;

	/* called from map() (lock dropped): lets a test act "on another CPU" */
	emu_fx_hook_t map_hook;
	bool in_hook;
	void *hook_data;

	struct tdx_emu *emu;
	struct tdx_emu_config cfg;
	struct tdx_emu_ops ops;
	unsigned int nr_lps;
	u32 lp_pkg[TDX_EMU_MAX_LPS];
};

static inline struct emu_fx_win *emu_fx_find(struct emu_fx *fx, u64 pa, u64 len)
{
	unsigned int i;

	for (i = 0; i < fx->nr_win; i++) {
		struct emu_fx_win *w = &fx->win[i];

		if (pa >= w->pa && len <= w->size && pa - w->pa <= w->size - len)
			return w;
	}
	return NULL;
}

/* Host view of fake physical memory (NULL outside the windows). */
static inline void *emu_fx_va(struct emu_fx *fx, u64 pa)
{
	struct emu_fx_win *w = emu_fx_find(fx, pa, 1);

	return w ? w->mem + (pa - w->pa) : NULL;
}

static inline void *emu_fx_map(void *ctx, u64 pa, u64 len)
{
	struct emu_fx *fx = ctx;
	struct emu_fx_win *w = emu_fx_find(fx, pa, len);

	fx->map_calls++;
	if (fx->lock_depth)
		fx->map_under_lock = true;
	if (fx->map_hook && !fx->in_hook) {
		fx->in_hook = true;
		fx->map_hook(fx, pa, len);
		fx->in_hook = false;
	}
	if (!w) {
		fx->map_null++;
		return NULL;
	}
	fx->live_maps++;
	return w->mem + (pa - w->pa);
}

static inline void emu_fx_unmap(void *ctx, void *va, u64 len)
{
	struct emu_fx *fx = ctx;

	(void)va;
	(void)len;
	fx->unmap_calls++;
	fx->live_maps--;
}

static inline void emu_fx_lock(void *ctx)
{
	struct emu_fx *fx = ctx;

	if (fx->lock_depth)
		fx->lock_recursion = true;
	fx->lock_depth++;
	fx->lock_calls++;
}

static inline void emu_fx_unlock(void *ctx)
{
	struct emu_fx *fx = ctx;

	fx->lock_depth--;
}

static inline int emu_fx_add_window(struct emu_fx *fx, u64 pa, u64 size)
{
	struct emu_fx_win *w;

	if (fx->nr_win == EMU_FX_MAX_WIN)
		return -1;
	w = &fx->win[fx->nr_win];
	w->mem = calloc(1, size);
	if (!w->mem)
		return -1;
	w->pa = pa;
	w->size = size;
	fx->nr_win++;
	return 0;
}

/* The default config plus the fixture's two CMRs. */
static inline void emu_fx_default_config(struct tdx_emu_config *cfg)
{
	tdx_emu_default_config(cfg);
	cfg->nr_cmrs = 2;
	cfg->cmrs[0].base = EMU_FX_CMR0_BASE;
	cfg->cmrs[0].size = EMU_FX_CMR0_SIZE;
	cfg->cmrs[1].base = EMU_FX_CMR1_BASE;
	cfg->cmrs[1].size = EMU_FX_CMR1_SIZE;
}

/* @nr_pkgs packages of @lps_per_pkg LPs each; package ids 0, 3, 6, ... (sparse on purpose). */
static inline int emu_fx_setup_cfg(struct emu_fx *fx, const struct tdx_emu_config *cfg,
				   unsigned int nr_pkgs, unsigned int lps_per_pkg)
{
	unsigned int i;

	memset(fx, 0, sizeof(*fx));
	fx->cfg = *cfg;
	fx->nr_lps = nr_pkgs * lps_per_pkg;
	for (i = 0; i < fx->nr_lps && i < TDX_EMU_MAX_LPS; i++)
		fx->lp_pkg[i] = (i / lps_per_pkg) * 3;
	fx->ops.map = emu_fx_map;
	fx->ops.unmap = emu_fx_unmap;
	fx->ops.lock = emu_fx_lock;
	fx->ops.unlock = emu_fx_unlock;
	fx->ops.ctx = fx;
	fx->emu = calloc(1, sizeof(*fx->emu));
	if (!fx->emu)
		return -1;
	if (emu_fx_add_window(fx, EMU_FX_MISC_PA, EMU_FX_MISC_SIZE) ||
	    emu_fx_add_window(fx, EMU_FX_PAMT_PA, EMU_FX_PAMT_WIN_SIZE))
		return -1;
	return tdx_emu_init(fx->emu, &fx->cfg, fx->nr_lps, fx->lp_pkg, &fx->ops);
}

static inline int emu_fx_setup(struct emu_fx *fx, unsigned int nr_pkgs, unsigned int lps_per_pkg)
{
	struct tdx_emu_config cfg;

	emu_fx_default_config(&cfg);
	return emu_fx_setup_cfg(fx, &cfg, nr_pkgs, lps_per_pkg);
}

static inline void emu_fx_teardown(struct emu_fx *fx)
{
	unsigned int i;

	for (i = 0; i < fx->nr_win; i++)
		free(fx->win[i].mem);
	free(fx->emu);
	memset(fx, 0, sizeof(*fx));
}

static inline u64 emu_fx_sc(struct emu_fx *fx, unsigned int lp, u64 rax, struct tdx_args *args)
{
	return tdx_emu_seamcall(fx->emu, lp, rax, args);
}

/* Call @leaf with RCX/RDX/R8 set, the rest zero; outputs land in *out when non-NULL. */
static inline u64 emu_fx_call(struct emu_fx *fx, unsigned int lp, u64 rax, u64 rcx, u64 rdx,
			      u64 r8, struct tdx_args *out)
{
	struct tdx_args a;

	memset(&a, 0, sizeof(a));
	a.rcx = rcx;
	a.rdx = rdx;
	a.r8 = r8;
	rax = tdx_emu_seamcall(fx->emu, lp, rax, &a);
	if (out)
		*out = a;
	return rax;
}

/* Bytes between TDMR_INFO entries for the emu's current max_rsvd_per_tdmr. */
static inline u64 emu_fx_info_stride(struct emu_fx *fx)
{
	return ALIGN(sizeof(struct tdmr_info) +
		     (u64)fx->emu->active.max_rsvd_per_tdmr * sizeof(struct tdmr_reserved_area),
		     (u64)TDMR_INFO_ALIGNMENT);
}

static inline u64 emu_fx_info_pa(struct emu_fx *fx, unsigned int i)
{
	return EMU_FX_INFO_PA + i * emu_fx_info_stride(fx);
}

/* TDMR_INFO entry @i in fake memory, for tests to corrupt. */
static inline struct tdmr_info *emu_fx_tdmr_info(struct emu_fx *fx, unsigned int i)
{
	return emu_fx_va(fx, emu_fx_info_pa(fx, i));
}

static inline u64 emu_fx_pamt_pa(unsigned int tdmr, enum tdx_page_size ps)
{
	u64 pa = EMU_FX_PAMT_PA + tdmr * EMU_FX_PAMT_PER_TDMR;

	if (ps >= TDX_PS_2M)
		pa += EMU_FX_PAMT4K_SIZE;
	if (ps == TDX_PS_1G)
		pa += EMU_FX_PAMT2M_SIZE;
	return pa;
}

/* Write the valid two-TDMR configuration (entries + PA array); returns 2. */
static inline unsigned int emu_fx_build_tdmrs(struct emu_fx *fx)
{
	u64 *array = emu_fx_va(fx, EMU_FX_ARRAY_PA);
	unsigned int i;

	memset(emu_fx_va(fx, EMU_FX_INFO_PA), 0, 4 * emu_fx_info_stride(fx));
	for (i = 0; i < 2; i++) {
		struct tdmr_info *t = emu_fx_tdmr_info(fx, i);

		t->base = i ? EMU_FX_TDMR1_BASE : EMU_FX_TDMR0_BASE;
		t->size = EMU_FX_TDMR_SIZE;
		t->pamt_4k_base = emu_fx_pamt_pa(i, TDX_PS_4K);
		t->pamt_4k_size = EMU_FX_PAMT4K_SIZE;
		t->pamt_2m_base = emu_fx_pamt_pa(i, TDX_PS_2M);
		t->pamt_2m_size = EMU_FX_PAMT2M_SIZE;
		t->pamt_1g_base = emu_fx_pamt_pa(i, TDX_PS_1G);
		t->pamt_1g_size = EMU_FX_PAMT1G_SIZE;
		t->reserved_areas[0].offset = i ? EMU_FX_RSVD1_OFF : EMU_FX_RSVD0_OFF;
		t->reserved_areas[0].size = i ? EMU_FX_RSVD1_SIZE : EMU_FX_RSVD0_SIZE;
		array[i] = emu_fx_info_pa(fx, i);
	}
	return 2;
}

/* The first TDX KeyID: what a host uses as the global KeyID. */
static inline u64 emu_fx_global_hkid(struct emu_fx *fx)
{
	return fx->emu->active.nr_mktme_keyids + 1;
}

static inline u64 emu_fx_config(struct emu_fx *fx, unsigned int nr_tdmrs)
{
	return emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, nr_tdmrs,
			   emu_fx_global_hkid(fx), NULL);
}

/* TDH.SYS.INIT then TDH.SYS.LP.INIT on every LP: first failing status or 0. */
static inline u64 emu_fx_to_lp_done(struct emu_fx *fx)
{
	unsigned int lp;
	u64 st;

	st = emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL);
	for (lp = 0; lp < fx->nr_lps && !st; lp++)
		st = emu_fx_call(fx, lp, TDH_SYS_LP_INIT, 0, 0, 0, NULL);
	return st;
}

/* ... then TDH.SYS.CONFIG with the fixture's two TDMRs. */
static inline u64 emu_fx_to_configured(struct emu_fx *fx)
{
	u64 st = emu_fx_to_lp_done(fx);

	if (st)
		return st;
	return emu_fx_config(fx, emu_fx_build_tdmrs(fx));
}

/* ... then TDH.SYS.KEY.CONFIG on the first LP of each package: SYS_READY. */
static inline u64 emu_fx_to_ready(struct emu_fx *fx)
{
	unsigned int lp;
	u64 st = emu_fx_to_configured(fx);

	for (lp = 0; lp < fx->nr_lps && !st; lp++)
		if (lp == 0 || fx->lp_pkg[lp] != fx->lp_pkg[lp - 1])
			st = emu_fx_call(fx, lp, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL);
	return st;
}

/* TDH.SYS.TDMR.INIT on @base until done: number of SUCCESS calls, or -1 on another status. */
static inline long emu_fx_tdmr_init_all(struct emu_fx *fx, unsigned int lp, u64 base)
{
	long calls = 0;

	for (;;) {
		u64 st = emu_fx_call(fx, lp, TDH_SYS_TDMR_INIT, base, 0, 0, NULL);

		if (st == TDX_TDMR_ALREADY_INITIALIZED)
			return calls;
		if (st != TDX_SUCCESS)
			return -1;
		calls++;
	}
}

#endif /* TDX_TEST_EMU_FIXTURE_H */
