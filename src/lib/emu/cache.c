// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: the caches, as far as the host's duties go.
 *
 * Caches are not coherent across KeyIDs: a dirty line of one KeyID written
 * back later lands over what another KeyID wrote since.  So the host must
 * flush (WBINVD) between the two: after SYS.CONFIG, before KEY.CONFIG lets
 * the module use the PAMT through the global KeyID (the kernel's KeyID-0
 * lines of that memory); and before it takes PAMT memory back after the
 * module wrote it through the global KeyID (TDMR.INIT, the TD leaves).
 * Upstream does both (config_global_keyid(), init_tdx_module()'s
 * err_reset_pamts).  The emu writes through KeyID 0 like everyone, so
 * nothing goes wrong here; it keeps two flags instead and reports a
 * violation when the host skips a flush:
 *   - keyid0_dirty: set by SYS.CONFIG, cleared by a flush; a KEY.CONFIG
 *     that programs a key while it is set is a violation;
 *   - global_dirty: set when the module writes PAMT or TDR memory, cleared
 *     by a flush; the host handing back (resetting or freeing) memory of a
 *     configured PAMT while it is set is a violation.
 */
#include "td_internal.h"

/* Lock held: the module wrote an owned page of @kind. */
void emu_cache_wrote(struct tdx_emu *emu, u8 kind)
{
	if (kind == TDX_EMU_OWN_PAMT || kind == PT_TDR)
		emu->global_dirty = true;
}

/* Lock held: SYS.CONFIG succeeded, the PAMTs are the module's now. */
void emu_cache_configured(struct tdx_emu *emu)
{
	emu->keyid0_dirty = true;
}

/* Lock held: KEY.CONFIG is about to program the global key. */
void emu_cache_key_config(struct tdx_emu *emu)
{
	if (emu->keyid0_dirty && emu->nr_tdmrs)
		emu_violation(emu, emu->tdmr[0].pamt_base[TDX_PS_4K], TDX_EMU_VIOL_KEYID0);
}

/* Lock held: power-on. */
void emu_cache_reset(struct tdx_emu *emu)
{
	emu->global_dirty = false;
	emu->keyid0_dirty = false;
	emu->cache_flushes = 0;
}

void tdx_emu_cache_flush(struct tdx_emu *emu)
{
	emu_lock(emu);
	emu->global_dirty = false;
	emu->keyid0_dirty = false;
	emu->cache_flushes++;
	emu_unlock(emu);
}

/* The first page of [pa, end) inside a PAMT of a configured TDMR; false if none. */
static bool emu_pamt_hit(const struct tdx_emu *emu, u64 pa, u64 end, u64 *hit)
{
	unsigned int i, ps;

	for (i = 0; i < emu->nr_tdmrs; i++)
		for (ps = 0; ps < TDX_PS_NR; ps++) {
			u64 b = emu->tdmr[i].pamt_base[ps];
			u64 e = b + emu->tdmr[i].pamt_size[ps];

			if (b < end && pa < e) {
				*hit = pa > b ? pa : b;
				return true;
			}
		}
	return false;
}

bool tdx_emu_host_reclaim(struct tdx_emu *emu, u64 pa, u64 size)
{
	bool bad = false;
	u64 hit;

	if (!size || !emu_range_ok(pa, size))
		return false;
	emu_lock(emu);
	if (emu->global_dirty && emu_pamt_hit(emu, pa, pa + size, &hit)) {
		emu_violation(emu, hit & ~(SZ_4K - 1), TDX_EMU_VIOL_UNFLUSHED);
		bad = true;
	}
	emu_unlock(emu);
	return bad;
}
