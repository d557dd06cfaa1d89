// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: the TD measurement (MRTD).  Plain SHA-384, as
 * the module computes it (1.5.05 crypto/sha384.c, api_calls/tdh_mng_init.c,
 * tdh_mem_page_add.c, tdh_mr_extend.c, tdh_mr_finalize.c): started at
 * TDH.MNG.INIT, extended in 128-byte blocks (the leaf's name, zero-padded to
 * 16 bytes, then the GPA as a little-endian u64, then zeros) by
 * TDH.MEM.PAGE.ADD and by TDH.MR.EXTEND (then its 256 bytes of data),
 * finished by TDH.MR.FINALIZE into TDCS.MRTD.
 *
 * The SHA-384 itself is the caller's (ops->hash_*: the kernel's crypto API,
 * libcrypto in the unit tests).  Its context lives in the TDCS page, as the
 * module's does; the hash runs on a copy, outside ops->lock, and the copy
 * goes back in a write section so that the page's checksum follows.
 */
#include "td_internal.h"

#define EMU_MR_BLOCK		128
#define EMU_MR_CHUNK		256

static void emu_hash_failed(struct tdx_emu *emu, int err)
{
	if (!err)
		return;
	emu_lock(emu);
	emu->hash_failures++;
	emu_unlock(emu);
}

static void emu_mr_store(struct tdx_emu *emu, struct emu_td *td, const u64 *state)
{
	emu_wbegin(emu);
	emu_wtouch(emu, &td->cs[EMU_TDCS_MNG]);
	memcpy(td->tdcs->hash_state, state, sizeof(td->tdcs->hash_state));
	emu_wend(emu);
}

void emu_mr_init(struct tdx_emu *emu, struct emu_td *td)
{
	u64 state[TDX_EMU_HASH_STATE_MAX / 8] = { 0 };

	if (emu->ops.hash_init)
		emu_hash_failed(emu, emu->ops.hash_init(emu->ops.ctx, state));
	emu_mr_store(emu, td, state);
}

void emu_mr_extend(struct tdx_emu *emu, struct emu_td *td, const char *name, u64 gpa,
		   const void *data, u32 len)
{
	u64 state[TDX_EMU_HASH_STATE_MAX / 8];
	u8 block[EMU_MR_BLOCK] = { 0 };
	unsigned int i;
	int err;

	if (!emu->ops.hash_update)
		return;
	for (i = 0; name[i] && i < 16; i++)
		block[i] = (u8)name[i];
	for (i = 0; i < 8; i++)
		block[16 + i] = (u8)(gpa >> (8 * i));
	memcpy(state, td->tdcs->hash_state, sizeof(state));
	err = emu->ops.hash_update(emu->ops.ctx, state, block, sizeof(block));
	if (!err && data)
		err = emu->ops.hash_update(emu->ops.ctx, state, data, len);
	emu_hash_failed(emu, err);
	emu_mr_store(emu, td, state);
}

u64 emu_mr_extend_leaf(struct tdx_emu *emu, unsigned int lp, u32 version,
		       struct tdx_args *args)
{
	u64 gpa = args->rcx, tdr_pa = args->rdx, status, entry;
	u64 data[EMU_MR_CHUNK / 8];
	struct emu_sept_walk w;
	struct emu_page pg = { 0 };
	struct emu_td td;
	u32 off = (u32)(gpa & (SZ_4K - 1));

	args->rcx = 0;
	args->rdx = 0;
	memset(&w, 0, sizeof(w));
	status = emu_td_get(emu, tdr_pa, TDX_OPERAND_ID_RDX, EMU_LK_EXCL, &td);
	if (status)
		return status;
	status = emu_td_state(emu, &td, EMU_OPS(EMU_OP_INITIALIZED));
	if (status)
		goto out;
	if ((gpa & (EMU_MR_CHUNK - 1)) || !emu_gpa_ok(td.tdcs, gpa)) {
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
		goto out;
	}
	if (!emu_sept_walk(emu, &td, gpa, 0, &w)) {
		status = emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		goto out;
	}
	entry = *w.entry;
	/* no leaf (a FREE entry on the way, or the 4K entry itself) */
	if ((entry >> EMU_SEPTE_STATE_SHIFT) != EMU_SEPT_MAPPED) {
		emu_sept_details(entry, w.level, args);
		status = emu_operand(TDX_EPT_ENTRY_NOT_PRESENT, TDX_OPERAND_ID_RCX);
		goto out;
	}
	if (!emu_page_map(emu, &pg, entry & EMU_SEPTE_HPA_MASK)) {
		status = emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		goto out;
	}
	/* what the TD wrote, read back through its KeyID */
	memcpy(data, (u8 *)pg.va + off, sizeof(data));
	emu_scramble(emu, td.r->hkid, pg.pa, off, data, sizeof(data));
	emu_mr_extend(emu, &td, "MR.EXTEND", gpa, data, sizeof(data));
out:
	emu_page_unmap(emu, &pg);
	emu_sept_walk_put(emu, &w);
	emu_td_put(emu, &td);
	return status;
}

u64 emu_mr_finalize(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	u64 state[TDX_EMU_HASH_STATE_MAX / 8];
	u8 digest[48] = { 0 };
	struct emu_td td;
	u64 status;

	status = emu_td_get(emu, args->rcx, TDX_OPERAND_ID_RCX, EMU_LK_EXCL, &td);
	if (status)
		return status;
	status = emu_td_state(emu, &td, EMU_OPS(EMU_OP_INITIALIZED));
	if (status)
		goto out;
	/* counts VP.INITs past MAX_VCPUS, even those that failed later */
	if (!td.tdcs->num_vcpus) {
		status = TDX_NO_VCPUS;
		goto out;
	}
	memcpy(state, td.tdcs->hash_state, sizeof(state));
	if (emu->ops.hash_final)
		emu_hash_failed(emu, emu->ops.hash_final(emu->ops.ctx, state, digest));

	emu_wbegin(emu);
	emu_wtouch(emu, &td.cs[EMU_TDCS_MNG]);
	memcpy(td.tdcs->mrtd, digest, sizeof(td.tdcs->mrtd));
	memset(td.tdcs->servtd_hash, 0, sizeof(td.tdcs->servtd_hash));	/* no service TD */
	td.tdcs->op_state = EMU_OP_RUNNABLE;
	emu_wend(emu);
out:
	emu_td_put(emu, &td);
	return status;
}
