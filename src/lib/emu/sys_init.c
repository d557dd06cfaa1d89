// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: TDH.SYS.INIT and TDH.SYS.LP.INIT, the first two
 * steps of the module's global state machine (see tdx_emu.h), and the
 * no-op TDH.SYS.LP.SHUTDOWN.
 *
 * Checks in the order of Intel's tdx_1.5 api_calls/tdh_sys_init.c and
 * tdh_sys_lp_init.c, so a host sees the same status for the same mistake.
 */
#include "emu_internal.h"

u64 emu_sys_init(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	u64 attributes = args->rcx, status, generation;

	args->rcx = 0;
	args->rdx = 0;
	args->r8 = 0;
	args->r9 = 0;
	args->r10 = 0;

	emu_lock(emu);
	if (!emu_global_trylock(emu, true, &generation)) {
		emu_unlock(emu);
		return TDX_SYS_BUSY;
	}
	/* held for the whole run: another LP may call in between (and be busy) */
	emu_unlock(emu);

	emu_lock(emu);
	if (attributes != 0)	/* every SYS_ATTRIBUTES bit is reserved */
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	else if (emu->state != TDX_EMU_SYSINIT_PENDING)
		status = TDX_SYS_INIT_NOT_PENDING;
	else {
		emu->state = TDX_EMU_SYSINIT_DONE;
		status = TDX_SUCCESS;
	}
	emu_global_unlock(emu, true, generation);
	emu_unlock(emu);
	return status;
}

u64 emu_sys_lp_init(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	u64 status, generation;

	args->rcx = 0;
	args->rdx = 0;
	args->r8 = 0;

	emu_lock(emu);
	/* shared: other LP.INITs run alongside, an exclusive holder makes it busy */
	if (!emu_global_trylock(emu, false, &generation)) {
		emu_unlock(emu);
		return TDX_SYS_BUSY;
	}
	emu_unlock(emu);

	emu_lock(emu);
	if (emu->state != TDX_EMU_SYSINIT_DONE)
		status = TDX_SYS_LP_INIT_NOT_PENDING;
	else if (emu->lp_init[lp])
		status = TDX_SYS_LP_INIT_DONE;
	else if (emu->lp_pkg[lp] >= TDX_EMU_MAX_PACKAGES)	/* bitmaps have 8 bits */
		status = emu_operand(TDX_INVALID_PKG_ID, emu->lp_pkg[lp]);
	else {
		emu->lp_init[lp] = true;
		emu->nr_lps_init++;
		status = TDX_SUCCESS;
	}
	emu_global_unlock(emu, false, generation);
	emu_unlock(emu);
	return status;
}

/* Deprecated and a no-op in the module too; kept for old VMMs. */
u64 emu_sys_lp_shutdown(struct tdx_emu *emu, unsigned int lp, u32 version,
			struct tdx_args *args)
{
	return TDX_SUCCESS;
}
