// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module's test fixture: fake memory, ops and the host
 * flow helpers declared in emu_fixture.h (layout described there).
 */
#include <stdlib.h>
#include <string.h>

#include "emu_fixture.h"

static struct emu_fx_win *emu_fx_find(struct emu_fx *fx, u64 pa, u64 len)
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
void *emu_fx_va(struct emu_fx *fx, u64 pa)
{
	struct emu_fx_win *w = emu_fx_find(fx, pa, 1);

	return w ? w->mem + (pa - w->pa) : NULL;
}

static void *emu_fx_map(void *ctx, u64 pa, u64 len)
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

static void emu_fx_unmap(void *ctx, void *va, u64 len)
{
	struct emu_fx *fx = ctx;

	(void)va;
	(void)len;
	fx->unmap_calls++;
	fx->live_maps--;
}

static void emu_fx_lock(void *ctx)
{
	struct emu_fx *fx = ctx;

	if (fx->lock_depth)
		fx->lock_recursion = true;
	fx->lock_depth++;
	fx->lock_calls++;
}

static void emu_fx_unlock(void *ctx)
{
	struct emu_fx *fx = ctx;

	fx->lock_depth--;
	if (fx->unlock_hook && !fx->in_hook && !fx->lock_depth) {
		fx->in_hook = true;
		fx->unlock_hook(fx, 0, 0);
		fx->in_hook = false;
	}
}

int emu_fx_add_window(struct emu_fx *fx, u64 pa, u64 size)
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
void emu_fx_default_config(struct tdx_emu_config *cfg)
{
	tdx_emu_default_config(cfg);
	cfg->nr_cmrs = 2;
	cfg->cmrs[0].base = EMU_FX_CMR0_BASE;
	cfg->cmrs[0].size = EMU_FX_CMR0_SIZE;
	cfg->cmrs[1].base = EMU_FX_CMR1_BASE;
	cfg->cmrs[1].size = EMU_FX_CMR1_SIZE;
}

/* @nr_pkgs packages of @lps_per_pkg LPs each; package ids 0, 3, 6, ... (sparse on purpose). */
int emu_fx_setup_cfg(struct emu_fx *fx, const struct tdx_emu_config *cfg,
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

int emu_fx_setup(struct emu_fx *fx, unsigned int nr_pkgs, unsigned int lps_per_pkg)
{
	struct tdx_emu_config cfg;

	emu_fx_default_config(&cfg);
	return emu_fx_setup_cfg(fx, &cfg, nr_pkgs, lps_per_pkg);
}

void emu_fx_teardown(struct emu_fx *fx)
{
	unsigned int i;

	for (i = 0; i < fx->nr_win; i++)
		free(fx->win[i].mem);
	free(fx->emu);
	memset(fx, 0, sizeof(*fx));
}

u64 emu_fx_sc(struct emu_fx *fx, unsigned int lp, u64 rax, struct tdx_args *args)
{
	return tdx_emu_seamcall(fx->emu, lp, rax, args);
}

/* Call @leaf with RCX/RDX/R8 set, the rest zero; outputs land in *out when non-NULL. */
u64 emu_fx_call(struct emu_fx *fx, unsigned int lp, u64 rax, u64 rcx, u64 rdx,
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
static u64 emu_fx_info_stride(struct emu_fx *fx)
{
	return ALIGN(sizeof(struct tdmr_info) +
		     (u64)fx->emu->active.max_rsvd_per_tdmr * sizeof(struct tdmr_reserved_area),
		     (u64)TDMR_INFO_ALIGNMENT);
}

u64 emu_fx_info_pa(struct emu_fx *fx, unsigned int i)
{
	return EMU_FX_INFO_PA + i * emu_fx_info_stride(fx);
}

/* TDMR_INFO entry @i in fake memory, for tests to corrupt. */
struct tdmr_info *emu_fx_tdmr_info(struct emu_fx *fx, unsigned int i)
{
	return emu_fx_va(fx, emu_fx_info_pa(fx, i));
}

u64 emu_fx_pamt_pa(unsigned int tdmr, enum tdx_page_size ps)
{
	u64 pa = EMU_FX_PAMT_PA + tdmr * EMU_FX_PAMT_PER_TDMR;

	if (ps >= TDX_PS_2M)
		pa += EMU_FX_PAMT4K_SIZE;
	if (ps == TDX_PS_1G)
		pa += EMU_FX_PAMT2M_SIZE;
	return pa;
}

/* Write the valid two-TDMR configuration (entries + PA array); returns 2. */
unsigned int emu_fx_build_tdmrs(struct emu_fx *fx)
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
static u64 emu_fx_global_hkid(struct emu_fx *fx)
{
	return fx->emu->active.nr_mktme_keyids + 1;
}

u64 emu_fx_config(struct emu_fx *fx, unsigned int nr_tdmrs)
{
	return emu_fx_call(fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, nr_tdmrs,
			   emu_fx_global_hkid(fx), NULL);
}

/* TDH.SYS.INIT then TDH.SYS.LP.INIT on every LP: first failing status or 0. */
u64 emu_fx_to_lp_done(struct emu_fx *fx)
{
	unsigned int lp;
	u64 st;

	st = emu_fx_call(fx, 0, TDH_SYS_INIT, 0, 0, 0, NULL);
	for (lp = 0; lp < fx->nr_lps && !st; lp++)
		st = emu_fx_call(fx, lp, TDH_SYS_LP_INIT, 0, 0, 0, NULL);
	return st;
}

/* ... then TDH.SYS.CONFIG with the fixture's two TDMRs. */
u64 emu_fx_to_configured(struct emu_fx *fx)
{
	u64 st = emu_fx_to_lp_done(fx);

	if (st)
		return st;
	return emu_fx_config(fx, emu_fx_build_tdmrs(fx));
}

/* ... then TDH.SYS.KEY.CONFIG on the first LP of each package: SYS_READY. */
u64 emu_fx_to_ready(struct emu_fx *fx)
{
	unsigned int lp;
	u64 st = emu_fx_to_configured(fx);

	/* as a host must: the kernel's lines of the PAMT flushed before KEY.CONFIG */
	tdx_emu_cache_flush(fx->emu);
	for (lp = 0; lp < fx->nr_lps && !st; lp++)
		if (lp == 0 || fx->lp_pkg[lp] != fx->lp_pkg[lp - 1])
			st = emu_fx_call(fx, lp, TDH_SYS_KEY_CONFIG, 0, 0, 0, NULL);
	return st;
}

/* TDH.SYS.TDMR.INIT on @base until done: number of SUCCESS calls, or -1 on another status. */
long emu_fx_tdmr_init_all(struct emu_fx *fx, unsigned int lp, u64 base)
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
