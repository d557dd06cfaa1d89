// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: the key ownership table (KOT), one entry per
 * HKID with its state (FREE, ASSIGNED, FLUSHED, RESERVED) and the packages
 * that still owe a TDH.PHYMEM.CACHE.WB, and its try-lock.
 *
 * As in Intel's module (kot_entry_t, api_calls/tdh_sys_config.c): SYS.CONFIG
 * reserves the global KeyID once its register checks pass, before it reads
 * the TDMRs, so a CONFIG that fails later leaves it RESERVED; TDH.MNG.CREATE
 * takes a FREE KeyID only; MNG.KEY.FREEID gives it back.
 */
#include "td_internal.h"

bool emu_hkid_private(const struct tdx_emu_config *c, u64 hkid)
{
	return hkid >= (u64)c->nr_mktme_keyids + 1 &&
	       hkid <= (u64)c->nr_mktme_keyids + c->nr_tdx_keyids;
}

/* The module's sharex try-lock on the KOT: never waits. */
bool emu_kot_trylock(struct tdx_emu *emu, bool excl)
{
	bool ok;

	emu_lock(emu);
	ok = !emu->kot_held && !emu->kot_excl && !(excl && emu->kot_shared);
	if (ok && excl)
		emu->kot_excl = true;
	else if (ok)
		emu->kot_shared++;
	emu_unlock(emu);
	return ok;
}

void emu_kot_unlock(struct tdx_emu *emu, bool excl)
{
	emu_lock(emu);
	if (excl)
		emu->kot_excl = false;
	else if (emu->kot_shared)
		emu->kot_shared--;
	emu_unlock(emu);
}

/* Lock held: SYS.CONFIG, past its RCX/RDX/R8 checks. */
void emu_kot_reserve(struct tdx_emu *emu, u16 hkid)
{
	if (hkid < TDX_EMU_MAX_HKIDS)
		emu->kot[hkid].state = TDX_EMU_KOT_RESERVED;
}

/* Lock held: power-on. */
void emu_kot_reset(struct tdx_emu *emu)
{
	memset(emu->kot, 0, sizeof(emu->kot));
	emu->kot_held = false;
	emu->kot_excl = false;
	emu->kot_shared = 0;
	memset(emu->wbt, 0, sizeof(emu->wbt));
	emu->wb_calls = 0;
	emu->hash_failures = 0;
}

int tdx_emu_kot_state(struct tdx_emu *emu, u32 hkid)
{
	int state;

	if (hkid >= TDX_EMU_MAX_HKIDS)
		return -EINVAL;
	emu_lock(emu);
	state = emu->kot[hkid].state;
	emu_unlock(emu);
	return state;
}

void tdx_emu_hold_lock(struct tdx_emu *emu, enum tdx_emu_lock_id lock, unsigned int pkg,
		       bool hold)
{
	emu_lock(emu);
	if (lock == TDX_EMU_LOCK_KOT)
		emu->kot_held = hold;
	else if (lock == TDX_EMU_LOCK_WBT && pkg < TDX_EMU_MAX_PACKAGES)
		emu->wbt[pkg].held = hold;
	emu_unlock(emu);
}

void tdx_emu_set_cache_wb_interrupts(struct tdx_emu *emu, u32 every, u32 count)
{
	emu_lock(emu);
	emu->wb_intr_every = every;
	emu->wb_intr_count = count;
	emu_unlock(emu);
}
