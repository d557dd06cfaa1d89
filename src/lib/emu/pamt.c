// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: where the PAMT entry of a page is
 * (tdx_emu_pamt_entry_pa(), for the TD leaves too) and TDH.PHYMEM.PAGE.RDMD,
 * which reads it back for the host.
 *
 * Checks in the order of Intel's tdx_1.5 api_calls/tdh_phymem_page_rdmd.c,
 * so a host sees the same status for the same mistake.
 */
#include "td_internal.h"

/* The module's layout, which the host reads back through RDMD. */
_Static_assert(sizeof(struct tdx_pamt_entry) == TDX_PAMT_ENTRY_SIZE, "PAMT entry size");
_Static_assert(offsetof(struct tdx_pamt_entry, bepoch) == 8, "PAMT entry bepoch");

/* pamt_get_block(): covering TDMR whose 1 GiB block of @pa is initialised. Lock held. */
static const struct tdx_emu_tdmr *emu_covering_tdmr(const struct tdx_emu *emu, u64 pa)
{
	const struct tdx_emu_tdmr *t = NULL;
	unsigned int i;

	for (i = 0; i < emu->nr_tdmrs && emu->tdmr[i].base <= pa; i++)
		t = &emu->tdmr[i];
	if (!t || pa >= t->base + t->size || pa >= (t->next_init & ~(SZ_1G - 1)))
		return NULL;
	return t;
}

int tdx_emu_pamt_entry_pa(struct tdx_emu *emu, u64 pa, enum tdx_page_size ps, u64 *entry_pa)
{
	const struct tdx_emu_tdmr *t;
	int ret = -ENOENT;

	if ((unsigned int)ps >= TDX_PS_NR)
		return -EINVAL;
	emu_lock(emu);
	t = emu_covering_tdmr(emu, pa);
	if (t) {
		*entry_pa = t->pamt_base[ps] +
			    ((pa - t->base) >> emu_ps_shift(ps)) * sizeof(struct tdx_pamt_entry);
		ret = 0;
	}
	emu_unlock(emu);
	return ret;
}

int tdx_emu_pamt_census(struct tdx_emu *emu, u64 counts[TDX_EMU_PT_NR + 1])
{
	const u32 per_page = SZ_4K / sizeof(struct tdx_pamt_entry);
	struct tdx_emu_tdmr t;
	unsigned int i;
	u64 n, off, end;

	memset(counts, 0, (TDX_EMU_PT_NR + 1) * sizeof(counts[0]));
	for (i = 0; !tdx_emu_get_tdmr(emu, i, &t); i++) {
		/* entries of the 1 GiB blocks TDMR.INIT has done */
		end = t.next_init & ~(SZ_1G - 1);
		if (end > t.base + t.size)
			end = t.base + t.size;
		n = end > t.base ? (end - t.base) >> 12 : 0;
		for (off = 0; off < n * sizeof(struct tdx_pamt_entry); off += SZ_4K) {
			const struct tdx_pamt_entry *e;
			u64 left = n - off / sizeof(*e);
			u32 k, m = left < per_page ? (u32)left : per_page;

			e = emu_map(emu, t.pamt_base[TDX_PS_4K] + off, SZ_4K);
			if (!e)
				return -EIO;
			for (k = 0; k < m; k++)
				counts[e[k].page_type < TDX_EMU_PT_NR ? e[k].page_type :
				       TDX_EMU_PT_NR]++;
			emu_unmap(emu, (void *)e, SZ_4K);
		}
	}
	return 0;
}

/* Read one PAMT entry, checking its page against the checksum first. */
static bool emu_read_pamt(struct tdx_emu *emu, u64 pa, struct tdx_pamt_entry *out)
{
	struct emu_page p = { .pa = pa & ~(SZ_4K - 1) };

	p.va = emu_map(emu, p.pa, SZ_4K);
	if (!p.va)
		return false;
	emu_lock(emu);
	emu_own_check(emu, &p);
	memcpy(out, (u8 *)p.va + (pa & (SZ_4K - 1)), sizeof(*out));
	emu_unlock(emu);
	emu_unmap(emu, p.va, SZ_4K);
	return true;
}

u64 emu_phymem_page_rdmd(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	struct tdx_pamt_entry e;
	u64 pa = args->rcx, entry_pa;
	int ps;

	args->rcx = 0;
	args->rdx = 0;
	args->r8 = 0;
	args->r9 = 0;
	args->r10 = 0;
	args->r11 = 0;
	if (!IS_ALIGNED(pa, SZ_4K) || !emu_pa_plain(c, pa))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);

	/* walk 1G -> 2M -> 4K; a PT_REG entry above 4K is a large leaf */
	for (ps = TDX_PS_1G; ps >= TDX_PS_4K; ps--) {
		if (tdx_emu_pamt_entry_pa(emu, pa, (enum tdx_page_size)ps, &entry_pa))
			return emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		if (!emu_read_pamt(emu, entry_pa, &e)) {
			emu_lock(emu);
			emu->map_failures++;
			emu_unlock(emu);
			return emu_operand(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_RCX);
		}
		if (e.lock & TDX_EMU_PAMT_LOCK_EXCLUSIVE)
			return emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
		if (e.page_type == PT_REG || ps == TDX_PS_4K)
			break;
	}
	args->rcx = e.page_type;
	args->rdx = tdx_emu_pamt_owner(&e);
	args->r8 = (u64)ps;
	if (e.page_type == PT_REG || e.page_type == PT_EPT)
		args->r9 = tdx_emu_pamt_bepoch(&e);
	return TDX_SUCCESS;
}
