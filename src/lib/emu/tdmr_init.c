// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: TDH.SYS.TDMR.INIT, which writes real PAMT entries
 * into the memory the host gave it, config.tdmr_init_entries 4K entries per
 * call (1024, 4 MiB of TDMR, as 1.5's source; the spec says only
 * "implementation defined", so a host must follow RDX, not count calls).
 *
 * Checks in the order of Intel's tdx_1.5 api_calls/tdh_sys_tdmr_init.c, so
 * a host sees the same status for the same mistake.  The PAMT pages it
 * writes are the module's from then on: their checksums go into owned.c's
 * table, so a host that writes into its PAMT is noticed.
 */
#include "td_internal.h"

static bool emu_page_reserved(const struct tdx_emu_tdmr *t, unsigned int nr_rsvd, u64 off)
{
	unsigned int j;

	for (j = 0; j < nr_rsvd && t->rsvd[j].size; j++)
		if (off >= t->rsvd[j].offset && off < t->rsvd[j].offset + t->rsvd[j].size)
			return true;
	return false;
}

/*
 * Zero @nr PAMT entries at @pa (PT_NDA) in a page that other chunks share
 * (2M, 1G entries): in a write section, so its checksum stays right for a
 * reader meanwhile.  False if not mappable.
 */
static bool emu_pamt_clear(struct tdx_emu *emu, u64 pa, unsigned int nr, u64 generation)
{
	struct emu_page p;

	if (!emu_page_map(emu, &p, pa & ~(SZ_4K - 1)))
		return false;
	emu_wbegin(emu);
	if (emu->generation == generation) {
		emu_wtouch(emu, &p);
		memset((u8 *)p.va + (pa & (SZ_4K - 1)), 0,
		       (size_t)nr * sizeof(struct tdx_pamt_entry));
		emu_own_add(emu, &p, TDX_EMU_OWN_PAMT);
	}
	emu_wend(emu);
	emu_page_unmap(emu, &p);
	return true;
}

/*
 * Initialise the PAMT for [base+off, base+off+bytes): its 4K entries (PT_RSVD
 * in reserved areas, else PT_NDA), the 2M entries of the 2 MiB blocks that
 * start in it and, when it completes a 1 GiB block, its 1G entry.  @bytes
 * is a power of 2 from 1 MiB (a page of 4K entries) to 1 GiB, @off a
 * multiple of it.  Returns map failures.
 */
static unsigned int emu_pamt_init_chunk(struct tdx_emu *emu, const struct tdx_emu_tdmr *t,
					u64 off, u64 bytes, u64 generation)
{
	const unsigned int per_page = SZ_4K / sizeof(struct tdx_pamt_entry);
	unsigned int nr_rsvd = emu->active.max_rsvd_per_tdmr, page, k, failures = 0;
	u64 pa4k = t->pamt_base[TDX_PS_4K] + (off >> 12) * sizeof(struct tdx_pamt_entry);
	u64 first2m = (off + SZ_2M - 1) >> 21, end2m = (off + bytes + SZ_2M - 1) >> 21;

	for (page = 0; page < (bytes >> 12) / per_page; page++) {
		struct emu_page p = { .pa = pa4k + (u64)page * SZ_4K };
		struct tdx_pamt_entry *e = emu_map(emu, p.pa, SZ_4K);

		if (!e) {
			failures++;
			continue;
		}
		/* a whole page of 4K entries, nobody else's yet: no lock needed */
		for (k = 0; k < per_page; k++) {
			u64 page_off = off + (((u64)page * per_page + k) << 12);

			memset(&e[k], 0, sizeof(e[k]));
			if (emu_page_reserved(t, nr_rsvd, page_off))
				e[k].page_type = PT_RSVD;
		}
		p.va = e;
		emu_own_track(emu, &p, TDX_EMU_OWN_PAMT, generation);
		emu_unmap(emu, e, SZ_4K);
	}
	if (end2m > first2m &&
	    !emu_pamt_clear(emu, t->pamt_base[TDX_PS_2M] +
			    first2m * sizeof(struct tdx_pamt_entry),
			    (unsigned int)(end2m - first2m), generation))
		failures++;
	if (IS_ALIGNED(off + bytes, SZ_1G) &&
	    !emu_pamt_clear(emu, t->pamt_base[TDX_PS_1G] +
			    (off >> 30) * sizeof(struct tdx_pamt_entry), 1, generation))
		failures++;
	return failures;
}

u64 emu_sys_tdmr_init(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	u64 base = args->rcx, bytes = (u64)c->tdmr_init_entries << 12, generation, off;
	struct tdx_emu_tdmr *t = NULL;
	unsigned int i, failures;
	u64 status;

	args->rdx = 0;
	if (!IS_ALIGNED(base, SZ_1G) || !emu_pa_plain(c, base))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);

	emu_lock(emu);
	for (i = 0; i < emu->nr_tdmrs; i++)
		if (emu->tdmr[i].base == base)
			t = &emu->tdmr[i];
	if (!t)
		status = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RCX);
	else if (t->busy)
		status = emu_operand(TDX_OPERAND_BUSY, TDX_OPERAND_ID_RCX);
	else if (t->next_init >= t->base + t->size)
		status = TDX_TDMR_ALREADY_INITIALIZED;
	else
		status = TDX_SUCCESS;
	if (status != TDX_SUCCESS) {
		emu_unlock(emu);
		return status;
	}
	t->busy = true;
	off = t->next_init - t->base;
	generation = emu->generation;
	emu_unlock(emu);

	/* the long part, without the lock: other TDMRs proceed meanwhile */
	failures = emu_pamt_init_chunk(emu, t, off, bytes, generation);

	emu_lock(emu);
	emu->map_failures += failures;
	if (emu->generation == generation) {
		t->next_init += bytes;
		t->busy = false;
		/* rounded down: a half-done 1 GiB block is not usable yet */
		args->rdx = t->next_init & ~(SZ_1G - 1);
	} else {
		status = TDX_SYS_NOT_READY;
	}
	emu_unlock(emu);
	return status;
}
