// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: TDH.SYS.CONFIG (the TDMRs, their reserved areas
 * and PAMTs, the global KeyID) and TDH.SYS.KEY.CONFIG (one call per package).
 *
 * Checks in the order of Intel's tdx_1.5 api_calls/tdh_sys_config.c
 * (check_and_set_tdmrs()) and tdh_sys_key_config.c, so a host sees the same
 * status, with the same TDMR and reserved-area indexes, for the same mistake.
 *
 * These checks are the module's and stay here on purpose, apart from the
 * host's: the planner (src/lib/tdmr_plan.c) validates its plan on its own,
 * and the unit tests hand its plans to this CONFIG, as two independent
 * parties would.
 */
#include "emu_internal.h"

#define EMU_HKID_RESERVED	(~0xFFFFULL)	/* CONFIG R8 bits 63:16 must be 0 */

/* Same formula as the module's is_overlap(), zero sizes included. */
static bool emu_overlap(u64 b1, u64 s1, u64 b2, u64 s2)
{
	return !(b1 >= b2 + s2 || b2 >= b1 + s1);
}

static bool emu_area_in_cmr(const struct tdx_emu_config *c, u64 start, u64 end)
{
	u64 last_start = 0, last_end = 0;
	unsigned int i;

	for (i = 0; i < c->nr_cmrs; i++) {
		u64 cmr_start = c->cmrs[i].base, cmr_end = c->cmrs[i].base + c->cmrs[i].size;

		if (!c->cmrs[i].size)
			continue;
		/* a CMR that starts where the previous one ended extends it */
		if (cmr_start == last_end)
			cmr_start = last_start;
		if (start >= cmr_start && end <= cmr_end)
			return true;
		last_start = cmr_start;
		last_end = cmr_end;
	}
	return false;
}

/*
 * Walk the non-reserved ("available") parts of TDMR @t the way the module
 * does, calling @hit on each: true stops the walk and is returned.  With
 * @cmr_check the test is "not inside a CMR", else "overlaps [pb, pb+ps)".
 */
static bool emu_walk_available(const struct tdx_emu_config *c, const struct tdx_emu_tdmr *t,
			       bool cmr_check, u64 pb, u64 ps)
{
	u64 avail = t->base, end = t->base + t->size, avail_end;
	bool valid = false;
	unsigned int j;

	for (j = 0; j < c->max_rsvd_per_tdmr; j++) {
		u64 rs = t->base + t->rsvd[j].offset;
		u64 re = rs + t->rsvd[j].size;

		valid = t->rsvd[j].size != 0;
		if (avail == end)
			break;
		if (valid && avail == rs) {
			avail = re;
			continue;
		}
		avail_end = valid ? rs : end;
		if (cmr_check ? !emu_area_in_cmr(c, avail, avail_end) :
				emu_overlap(pb, ps, avail, avail_end - avail))
			return true;
		if (!valid)
			break;
		avail = re;
	}
	if (valid && end > avail) {
		if (cmr_check ? !emu_area_in_cmr(c, avail, end) :
				emu_overlap(pb, ps, avail, end - avail))
			return true;
	}
	return false;
}

static u64 emu_check_tdmr_range(const struct tdx_emu_config *c, const struct tdx_emu_tdmr *t,
				unsigned int i)
{
	if (!IS_ALIGNED(t->base, SZ_1G) || !IS_ALIGNED(t->size, SZ_1G) || t->size == 0)
		return emu_info(TDX_INVALID_TDMR, i, 0, 0);
	if (!emu_pa_plain(c, t->base) || !emu_pa_plain(c, t->base + t->size - 1))
		return emu_info(TDX_INVALID_TDMR, i, 0, 0);
	return TDX_SUCCESS;
}

static u64 emu_check_reserved(const struct tdx_emu_config *c, const struct tdx_emu_tdmr *t,
			      unsigned int i)
{
	unsigned int j, nr = c->max_rsvd_per_tdmr;

	for (j = 0; j < nr; j++) {
		u64 off = t->rsvd[j].offset, size = t->rsvd[j].size, start;

		if (size == 0) {
			/* a null entry may only be followed by null entries */
			if (j + 1 < nr && t->rsvd[j + 1].size != 0)
				return emu_info(TDX_NON_ORDERED_RESERVED_IN_TDMR, i, j, 0);
			continue;
		}
		if (!emu_range_ok(off, size))
			return emu_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
		if (j > 0 && (off < t->rsvd[j - 1].offset ||
			      off < t->rsvd[j - 1].offset + t->rsvd[j - 1].size))
			return emu_info(TDX_NON_ORDERED_RESERVED_IN_TDMR, i, j, 0);
		if (!IS_ALIGNED(off, SZ_4K) || !IS_ALIGNED(size, SZ_4K))
			return emu_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
		if (!emu_range_ok(t->base, off))
			return emu_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
		start = t->base + off;
		if (!emu_range_ok(start, size) || start + size > t->base + t->size)
			return emu_info(TDX_INVALID_RESERVED_IN_TDMR, i, j, 0);
	}
	return TDX_SUCCESS;
}

/* Page-size order the module checks the PAMTs in for each kind of test. */
static const u8 emu_ps_1g_first[TDX_PS_NR] = { TDX_PS_1G, TDX_PS_2M, TDX_PS_4K };
static const u8 emu_ps_4k_first[TDX_PS_NR] = { TDX_PS_4K, TDX_PS_2M, TDX_PS_1G };

static u64 emu_check_pamt_addresses(const struct tdx_emu_config *c, const struct tdx_emu_tdmr *t,
				    unsigned int i)
{
	unsigned int k;

	for (k = 0; k < TDX_PS_NR; k++) {
		u8 ps = emu_ps_1g_first[k];
		u64 b = t->pamt_base[ps], s = t->pamt_size[ps];
		u64 need = (t->size >> emu_ps_shift(ps)) * c->pamt_entry_size[ps];

		if (!emu_range_ok(b, s) || !IS_ALIGNED(b, SZ_4K) || !IS_ALIGNED(s, SZ_4K) ||
		    !emu_pa_plain(c, b) || !emu_pa_plain(c, b + s - 1) || s < need)
			return emu_info(TDX_INVALID_PAMT, i, ps, 0);
	}
	return TDX_SUCCESS;
}

static bool emu_pamt_hits_any(const struct tdx_emu_tdmr *other, u64 b, u64 s)
{
	unsigned int ps;

	for (ps = 0; ps < TDX_PS_NR; ps++)
		if (emu_overlap(b, s, other->pamt_base[ps], other->pamt_size[ps]))
			return true;
	return false;
}

static u64 emu_check_pamt_overlap(const struct tdx_emu *emu, unsigned int i)
{
	const struct tdx_emu_tdmr *t = &emu->tdmr[i];
	unsigned int j, k;

	for (j = 0; j < i; j++)
		for (k = 0; k < TDX_PS_NR; k++) {
			u8 ps = emu_ps_4k_first[k];

			if (emu_pamt_hits_any(&emu->tdmr[j], t->pamt_base[ps], t->pamt_size[ps]))
				return emu_info(TDX_PAMT_OVERLAP, i, ps, j);
		}
	if (emu_overlap(t->pamt_base[TDX_PS_4K], t->pamt_size[TDX_PS_4K],
			t->pamt_base[TDX_PS_2M], t->pamt_size[TDX_PS_2M]) ||
	    emu_overlap(t->pamt_base[TDX_PS_4K], t->pamt_size[TDX_PS_4K],
			t->pamt_base[TDX_PS_1G], t->pamt_size[TDX_PS_1G]))
		return emu_info(TDX_PAMT_OVERLAP, i, TDX_PS_4K, i);
	if (emu_overlap(t->pamt_base[TDX_PS_2M], t->pamt_size[TDX_PS_2M],
			t->pamt_base[TDX_PS_1G], t->pamt_size[TDX_PS_1G]))
		return emu_info(TDX_PAMT_OVERLAP, i, TDX_PS_2M, i);
	return TDX_SUCCESS;
}

/* PAMTs may sit in reserved areas of any TDMR, never in available memory. */
static u64 emu_check_pamt_vs_available(const struct tdx_emu *emu, unsigned int i)
{
	const struct tdx_emu_config *c = &emu->active;
	const struct tdx_emu_tdmr *t = &emu->tdmr[i];
	unsigned int j, k;

	for (j = 0; j <= i; j++) {
		const struct tdx_emu_tdmr *o = &emu->tdmr[j];

		for (k = 0; k < TDX_PS_NR; k++) {
			u8 ps = emu_ps_4k_first[k];

			if (emu_walk_available(c, o, false, t->pamt_base[ps], t->pamt_size[ps]))
				return emu_info(TDX_PAMT_OVERLAP, i, ps, j);
		}
		if (j == i)
			break;
		for (k = 0; k < TDX_PS_NR; k++) {
			u8 ps = emu_ps_4k_first[k];

			if (emu_walk_available(c, t, false, o->pamt_base[ps], o->pamt_size[ps]))
				return emu_info(TDX_PAMT_OVERLAP, j, ps, i);
		}
	}
	return TDX_SUCCESS;
}

static u64 emu_check_pamt_in_cmr(const struct tdx_emu_config *c, const struct tdx_emu_tdmr *t,
				 unsigned int i)
{
	unsigned int k;

	for (k = 0; k < TDX_PS_NR; k++) {
		u8 ps = emu_ps_1g_first[k];

		if (!emu_area_in_cmr(c, t->pamt_base[ps], t->pamt_base[ps] + t->pamt_size[ps]))
			return emu_info(TDX_PAMT_OUTSIDE_CMRS, i, ps, 0);
	}
	return TDX_SUCCESS;
}

/* check_and_set_tdmrs() of the module, for TDMR @i (0..i-1 already accepted). */
static u64 emu_check_tdmr(const struct tdx_emu *emu, unsigned int i)
{
	const struct tdx_emu_config *c = &emu->active;
	const struct tdx_emu_tdmr *t = &emu->tdmr[i];
	u64 status;

	if (!emu_range_ok(t->base, t->size))
		return emu_info(TDX_INVALID_TDMR, i, 0, 0);
	if (i > 0 && (t->base < emu->tdmr[i - 1].base ||
		      t->base < emu->tdmr[i - 1].base + emu->tdmr[i - 1].size))
		return emu_info(TDX_NON_ORDERED_TDMR, i, 0, 0);

	status = emu_check_tdmr_range(c, t, i);
	if (status == TDX_SUCCESS)
		status = emu_check_reserved(c, t, i);
	if (status == TDX_SUCCESS)
		status = emu_check_pamt_addresses(c, t, i);
	if (status == TDX_SUCCESS)
		status = emu_check_pamt_overlap(emu, i);
	if (status == TDX_SUCCESS)
		status = emu_check_pamt_vs_available(emu, i);
	if (status == TDX_SUCCESS)
		status = emu_check_pamt_in_cmr(c, t, i);
	if (status == TDX_SUCCESS && emu_walk_available(c, t, true, 0, 0))
		status = emu_info(TDX_TDMR_OUTSIDE_CMRS, i, 0, 0);
	return status;
}

/* Copy TDMR_INFO at @pa into emu->tdmr[i] (only the reserved entries the module reads). */
static bool emu_read_tdmr_info(struct tdx_emu *emu, u64 pa, unsigned int i)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 len = sizeof(struct tdmr_info) +
		  (u64)c->max_rsvd_per_tdmr * sizeof(struct tdmr_reserved_area);
	struct tdx_emu_tdmr *t = &emu->tdmr[i];
	const struct tdmr_info *info;
	unsigned int j;

	info = emu_map(emu, emu_pa_strip(c, pa), len);
	if (!info)
		return false;
	memset(t, 0, sizeof(*t));
	t->base = info->base;
	t->size = info->size;
	t->pamt_base[TDX_PS_1G] = info->pamt_1g_base;
	t->pamt_size[TDX_PS_1G] = info->pamt_1g_size;
	t->pamt_base[TDX_PS_2M] = info->pamt_2m_base;
	t->pamt_size[TDX_PS_2M] = info->pamt_2m_size;
	t->pamt_base[TDX_PS_4K] = info->pamt_4k_base;
	t->pamt_size[TDX_PS_4K] = info->pamt_4k_size;
	for (j = 0; j < c->max_rsvd_per_tdmr; j++)
		t->rsvd[j] = info->reserved_areas[j];
	t->next_init = t->base;
	emu_unmap(emu, (void *)info, len);
	return true;
}

/* The TDMR part of CONFIG; runs with ops->lock dropped but the global lock taken. */
static u64 emu_config_tdmrs(struct tdx_emu *emu, u64 array_pa, unsigned int nr)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 status = TDX_SUCCESS;
	const u64 *pas;
	unsigned int i;

	pas = emu_map(emu, emu_pa_strip(c, array_pa), (u64)nr * sizeof(u64));
	if (!pas)
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	for (i = 0; i < nr && status == TDX_SUCCESS; i++) {
		u64 pa = pas[i];

		if (!emu_shared_hpa_ok(c, pa, TDMR_INFO_ALIGNMENT) ||
		    !emu_read_tdmr_info(emu, pa, i))
			status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		else
			status = emu_check_tdmr(emu, i);
	}
	emu_unmap(emu, (void *)pas, (u64)nr * sizeof(u64));
	return status;
}

u64 emu_sys_config(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 array_pa = args->rcx, nr = args->rdx, hkid = args->r8, status, generation;

	emu_lock(emu);
	if (!emu_global_trylock(emu, true, &generation)) {
		emu_unlock(emu);
		return TDX_SYS_BUSY;
	}
	if (emu->state != TDX_EMU_SYSINIT_DONE || emu->nr_lps_init < emu->nr_lps)
		status = TDX_SYS_CONFIG_NOT_PENDING;
	else if (!emu_shared_hpa_ok(c, array_pa, TDMR_INFO_PA_ARRAY_ALIGNMENT))
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	else if (nr > c->max_tdmrs || nr < 1)
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	else if ((hkid & EMU_HKID_RESERVED) || !emu_hkid_private(c, hkid))
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_R8);
	else
		status = TDX_SUCCESS;
	if (status != TDX_SUCCESS) {
		emu_global_unlock(emu, true, generation);
		emu_unlock(emu);
		return status;
	}
	/* reserved now, before the TDMRs: a CONFIG failing later keeps it so */
	emu_kot_reserve(emu, (u16)hkid);
	emu_unlock(emu);

	status = emu_config_tdmrs(emu, array_pa, (unsigned int)nr);

	emu_lock(emu);
	if (emu->generation == generation) {
		emu_global_unlock(emu, true, generation);
		if (status == TDX_SUCCESS) {
			emu->nr_tdmrs = (unsigned int)nr;
			emu->global_hkid = (u16)hkid;
			emu->pkg_configured = 0;
			emu->nr_pkgs_configured = 0;
			emu->state = TDX_EMU_SYSCONFIG_DONE;
			emu_cache_configured(emu);
		}
	} else {
		status = TDX_SYS_NOT_READY;	/* reset under our feet */
	}
	emu_unlock(emu);
	return status;
}

/* ---- TDH.SYS.KEY.CONFIG */

u64 emu_sys_key_config(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	/* the raw id, below 8: every LP passed LP.INIT before CONFIG */
	u32 pkg_bit = 1U << (emu->lp_pkg[lp] % TDX_EMU_MAX_PACKAGES);
	u64 status, generation;

	emu_lock(emu);
	if (!emu_global_trylock(emu, true, &generation)) {
		emu_unlock(emu);
		return TDX_SYS_BUSY;
	}
	/* held for the whole run (PCONFIG on hardware): a second caller is busy */
	emu_unlock(emu);

	emu_lock(emu);
	if (emu->state != TDX_EMU_SYSCONFIG_DONE)
		status = TDX_SYS_KEY_CONFIG_NOT_PENDING;
	else if (emu->pkg_configured & pkg_bit)
		status = TDX_KEY_CONFIGURED;
	else {
		/* PCONFIG: the module uses the PAMT through the global KeyID from now */
		emu_cache_key_config(emu);
		emu->pkg_configured |= pkg_bit;
		if (++emu->nr_pkgs_configured == emu->nr_pkgs)
			emu->state = TDX_EMU_SYS_READY;
		status = TDX_SUCCESS;
	}
	emu_global_unlock(emu, true, generation);
	emu_unlock(emu);
	return status;
}
