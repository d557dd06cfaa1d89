// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: memory the host gave to the module, and what a
 * host sees of it.
 *
 * On hardware, PAMT and TD pages are encrypted with integrity: a host that
 * writes into them poisons the lines, and the module notices.  The emu
 * keeps a keyed checksum per owned page instead (a fixed-size hash table,
 * TDX_EMU_OWN_MAX pages; pages beyond that are counted, not checked),
 * verifies it at each leaf that uses the page and on tdx_emu_verify_all(),
 * and updates it after its own writes.  A mismatch is a violation: counted,
 * the first one recorded, the checksum re-taken so that one scribble counts
 * once.  The leaf goes on: on hardware the host would meet a machine check,
 * not a status.
 *
 * What TDH.MEM.PAGE.ADD writes into a private page is XORed with a key
 * stream of (per-power-on secret, HKID, PA), so a host reading it back sees
 * garbage, as with a real TD KeyID.
 */
#include "td_internal.h"

#define EMU_OWN_BITS		17	/* log2(TDX_EMU_OWN_SLOTS) */
#define EMU_OWN_KIND_SHIFT	56
#define EMU_OWN_PFN_MASK	((1ULL << EMU_OWN_KIND_SHIFT) - 1)

static u64 emu_rotl(u64 x, unsigned int r)
{
	return (x << r) | (x >> (64 - r));
}

/*
 * Keyed checksum of one page.  Each step is a bijection of the running
 * value for a given word and of the word for a given value, so a change in
 * any single word always changes the sum.  The lock field of PAMT entries
 * (bits 15:0 of their first quadword) is left out: leaves take and drop
 * those locks without rewriting the sum.
 */
static u64 emu_page_sum(const struct tdx_emu *emu, u64 pa, u8 kind, const void *va)
{
	const u64 *w = va;
	u64 h = emu->secret[0] ^ pa, k = emu->secret[1] | 1;
	u64 even = kind == TDX_EMU_OWN_PAMT ? ~0xffffULL : EMU_U64_MAX;
	unsigned int i;

	for (i = 0; i < SZ_4K / 8; i += 2) {
		h = emu_rotl((h ^ (w[i] & even)) * k, 29);
		h = emu_rotl((h ^ w[i + 1]) * k, 29);
	}
	return emu_mix64(h ^ kind);
}

/* ---- the table (ops->lock held) */

static u32 emu_own_home(u64 pfn)
{
	return (u32)((pfn * 0x9E3779B97F4A7C15ULL) >> (64 - EMU_OWN_BITS));
}

static u64 emu_own_pfn(u64 key)
{
	return (key & EMU_OWN_PFN_MASK) - 1;
}

static long emu_own_find(const struct tdx_emu *emu, u64 pa)
{
	u64 pfn = pa >> 12;
	u32 i = emu_own_home(pfn);

	while (emu->own[i].key) {
		if (emu_own_pfn(emu->own[i].key) == pfn)
			return i;
		i = (i + 1) & (TDX_EMU_OWN_SLOTS - 1);
	}
	return -1;
}

void emu_violation(struct tdx_emu *emu, u64 pa, u8 kind)
{
	if (!emu->violations) {
		emu->violation_pa = pa;
		emu->violation_kind = kind;
	}
	emu->violations++;
}

/* Check slot @i against the page at @va; false on a violation (then re-taken). */
static bool emu_own_check_slot(struct tdx_emu *emu, long i, const void *va)
{
	struct tdx_emu_own_slot *s = &emu->own[i];
	u8 kind = (u8)(s->key >> EMU_OWN_KIND_SHIFT);
	u64 pa = emu_own_pfn(s->key) << 12;
	u64 sum = emu_page_sum(emu, pa, kind, va);

	if (sum == s->sum)
		return true;
	emu_violation(emu, pa, kind);
	s->sum = sum;
	return false;
}

static void emu_own_set(struct tdx_emu *emu, u64 pa, u8 kind, const void *va)
{
	long i = emu_own_find(emu, pa);
	u64 pfn = pa >> 12;

	if (i < 0) {
		if (emu->own_count >= TDX_EMU_OWN_MAX) {
			emu->own_untracked++;
			return;
		}
		i = emu_own_home(pfn);
		while (emu->own[i].key)
			i = (i + 1) & (TDX_EMU_OWN_SLOTS - 1);
		emu->own_count++;
	}
	emu->own[i].key = (pfn + 1) | ((u64)kind << EMU_OWN_KIND_SHIFT);
	emu->own[i].sum = emu_page_sum(emu, pa, kind, va);
	emu_cache_wrote(emu, kind);
}

void emu_own_del(struct tdx_emu *emu, u64 pa)
{
	long i = emu_own_find(emu, pa), j;

	if (i < 0) {
		/* a page the full table never tracked */
		if (emu->own_untracked)
			emu->own_untracked--;
		return;
	}
	/* backward-shift deletion keeps every probe chain unbroken */
	for (j = (i + 1) & (TDX_EMU_OWN_SLOTS - 1); emu->own[j].key;
	     j = (j + 1) & (TDX_EMU_OWN_SLOTS - 1)) {
		u32 home = emu_own_home(emu_own_pfn(emu->own[j].key));

		if (((j - home) & (TDX_EMU_OWN_SLOTS - 1)) >= ((j - i) & (TDX_EMU_OWN_SLOTS - 1))) {
			emu->own[i] = emu->own[j];
			i = j;
		}
	}
	emu->own[i].key = 0;
	emu->own[i].sum = 0;
	emu->own_count--;
}

void emu_own_add(struct tdx_emu *emu, const struct emu_page *p, u8 kind)
{
	emu_own_set(emu, p->pa, kind, p->va);
}

void emu_own_reset(struct tdx_emu *emu)
{
	unsigned int i;

	memset(emu->own, 0, sizeof(emu->own));
	emu->own_count = 0;
	emu->own_untracked = 0;
	emu->violations = 0;
	emu->violation_pa = 0;
	emu->violation_kind = 0;
	emu->nr_wdirty = 0;
	for (i = 0; i < ARRAY_SIZE(emu->secret); i++)
		emu->secret[i] = emu->ops.random ? emu->ops.random(emu->ops.ctx) :
				 emu_mix64(0x7464786875737431ULL + i);
}

/* ---- checks and write sections */

void emu_own_check(struct tdx_emu *emu, const struct emu_page *p)
{
	long i = emu_own_find(emu, p->pa);

	if (i >= 0)
		emu_own_check_slot(emu, i, p->va);
}

void emu_own_verify(struct tdx_emu *emu, const struct emu_page *p)
{
	emu_lock(emu);
	emu_own_check(emu, p);
	emu_unlock(emu);
}

void emu_own_track(struct tdx_emu *emu, const struct emu_page *p, u8 kind, u64 generation)
{
	emu_lock(emu);
	if (emu->generation == generation)
		emu_own_set(emu, p->pa, kind, p->va);
	emu_unlock(emu);
}

void emu_wbegin(struct tdx_emu *emu)
{
	emu_lock(emu);
	emu->nr_wdirty = 0;
}

void emu_wtouch(struct tdx_emu *emu, struct emu_page *p)
{
	unsigned int i;
	long s;

	/* by PA: two objects' PAMT entries may share a PAMT page */
	for (i = 0; i < emu->nr_wdirty; i++)
		if (((struct emu_page *)emu->wdirty[i])->pa == p->pa)
			return;
	/* a host write since the last check is caught before ours hides it */
	s = emu_own_find(emu, p->pa);
	if (s >= 0)
		emu_own_check_slot(emu, s, p->va);
	if (emu->nr_wdirty < ARRAY_SIZE(emu->wdirty))
		emu->wdirty[emu->nr_wdirty++] = p;
}

void emu_wend(struct tdx_emu *emu)
{
	unsigned int i;

	for (i = 0; i < emu->nr_wdirty; i++) {
		const struct emu_page *p = emu->wdirty[i];
		long s = emu_own_find(emu, p->pa);
		u8 kind;

		if (s < 0)
			continue;
		kind = (u8)(emu->own[s].key >> EMU_OWN_KIND_SHIFT);
		emu->own[s].sum = emu_page_sum(emu, p->pa, kind, p->va);
		emu_cache_wrote(emu, kind);
	}
	emu->nr_wdirty = 0;
	emu_unlock(emu);
}

void emu_scramble(const struct tdx_emu *emu, u16 hkid, u64 pa, u32 off, void *va, u32 len)
{
	u64 *w = va;
	u32 i;

	/* whole quadwords: callers pass 8-aligned offsets and lengths */
	for (i = 0; i < len / 8; i++)
		w[i] ^= emu_mix64(emu->secret[2] ^ (pa + off + 8ULL * i) ^ ((u64)hkid << 52));
}

u64 tdx_emu_verify_all(struct tdx_emu *emu)
{
	u64 before, found;
	u32 i;

	emu_lock(emu);
	before = emu->violations;
	emu_unlock(emu);
	/*
	 * A slot at a time, mapping with the lock dropped: a page whose slot
	 * moves meanwhile (a deletion shifts entries) may be skipped this round.
	 */
	for (i = 0; i < TDX_EMU_OWN_SLOTS; i++) {
		u64 key;
		void *va;

		emu_lock(emu);
		key = emu->own[i].key;
		emu_unlock(emu);
		if (!key)
			continue;
		va = emu_map(emu, emu_own_pfn(key) << 12, SZ_4K);
		emu_lock(emu);
		if (!va)
			emu->map_failures++;
		else if (emu->own[i].key == key)
			emu_own_check_slot(emu, i, va);
		emu_unlock(emu);
		if (va)
			emu_unmap(emu, va, SZ_4K);
	}
	emu_lock(emu);
	found = emu->violations - before;
	emu_unlock(emu);
	return found;
}

int tdx_emu_own_first(struct tdx_emu *emu, u8 kind, u64 *pa)
{
	u64 best = EMU_U64_MAX;
	u32 i;

	emu_lock(emu);
	for (i = 0; i < TDX_EMU_OWN_SLOTS; i++) {
		u64 key = emu->own[i].key;

		if (key && (u8)(key >> EMU_OWN_KIND_SHIFT) == kind && emu_own_pfn(key) < best)
			best = emu_own_pfn(key);
	}
	emu_unlock(emu);
	if (best == EMU_U64_MAX)
		return -ENOENT;
	*pa = best << 12;
	return 0;
}

static const u8 emu_own_kinds[] = { TDX_EMU_OWN_PAMT, PT_TDR, PT_TDCX, PT_TDVPR, PT_EPT, PT_REG };

int tdx_emu_own_kind_parse(const char *name)
{
	u32 i;

	for (i = 0; i < sizeof(emu_own_kinds); i++)
		if (!strcmp(name, tdx_emu_own_kind_name(emu_own_kinds[i])))
			return emu_own_kinds[i];
	return -EINVAL;
}

const char *tdx_emu_own_kind_name(u8 kind)
{
	switch (kind) {
	case TDX_EMU_OWN_PAMT:	return "PAMT";
	case TDX_EMU_VIOL_UNFLUSHED:	return "PAMT (unflushed global-KeyID lines)";
	case TDX_EMU_VIOL_KEYID0:	return "PAMT (unflushed KeyID-0 lines)";
	case PT_TDR:		return "TDR";
	case PT_TDCX:		return "TDCX";
	case PT_TDVPR:		return "TDVPR";
	case PT_EPT:		return "SEPT";
	case PT_REG:		return "private";
	default:		return "unknown";
	}
}
