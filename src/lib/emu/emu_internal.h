/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the software TDX module (src/lib/emu/): the helpers every leaf file
 * shares and the leaf handlers the dispatcher in core.c calls.  Not for
 * users of the emu: they include tdx_emu.h only.
 */
#ifndef TDX_LIB_EMU_INTERNAL_H
#define TDX_LIB_EMU_INTERNAL_H

#include "tdx_emu.h"

#define EMU_U64_MAX		(~0ULL)

static inline void emu_lock(struct tdx_emu *emu)
{
	if (emu->ops.lock)
		emu->ops.lock(emu->ops.ctx);
}

static inline void emu_unlock(struct tdx_emu *emu)
{
	if (emu->ops.unlock)
		emu->ops.unlock(emu->ops.ctx);
}

static inline void *emu_map(struct tdx_emu *emu, u64 pa, u64 len)
{
	return emu->ops.map(emu->ops.ctx, pa, len);
}

static inline void emu_unmap(struct tdx_emu *emu, void *va, u64 len)
{
	if (emu->ops.unmap)
		emu->ops.unmap(emu->ops.ctx, va, len);
}

static inline u64 emu_operand(u64 status, u64 operand_id)
{
	return status + operand_id;
}

/* The module's api_error_with_multiple_info(): byte-wide indexes in the detail. */
static inline u64 emu_info(u64 status, u8 i0, u8 i1, u8 i2)
{
	return status + i0 + ((u64)i1 << 8) + ((u64)i2 << 16);
}

static inline bool emu_range_ok(u64 base, u64 size)
{
	return base <= EMU_U64_MAX - size;
}

static inline unsigned int emu_hkid_shift(const struct tdx_emu_config *c)
{
	return c->max_pa - c->keyid_bits;
}

static inline u32 emu_hkid_of(const struct tdx_emu_config *c, u64 pa)
{
	return (u32)((pa >> emu_hkid_shift(c)) & ((1ULL << c->keyid_bits) - 1));
}

static inline bool emu_pa_below_max(const struct tdx_emu_config *c, u64 pa)
{
	return pa < BIT_ULL(c->max_pa);
}

/* An address the module would use itself: below MAX_PA and without HKID bits. */
static inline bool emu_pa_plain(const struct tdx_emu_config *c, u64 pa)
{
	return emu_pa_below_max(c, pa) && emu_hkid_of(c, pa) == 0;
}

/* Strip the KeyID bits before handing an address to ops->map. */
static inline u64 emu_pa_strip(const struct tdx_emu_config *c, u64 pa)
{
	return pa & (BIT_ULL(emu_hkid_shift(c)) - 1);
}

/* The module's shared_hpa_check_with_pwr_2_alignment() (no SEAMRR here). */
static inline bool emu_shared_hpa_ok(const struct tdx_emu_config *c, u64 pa, u64 align)
{
	if (!IS_ALIGNED(pa, align) || !emu_pa_below_max(c, pa))
		return false;
	return emu_hkid_of(c, pa) < c->nr_mktme_keyids + 1;
}

static inline bool emu_version_at_least(const struct tdx_emu_config *c, u16 major, u16 minor,
					u16 update)
{
	if (c->major != major)
		return c->major > major;
	if (c->minor != minor)
		return c->minor > minor;
	return c->update >= update;
}

/*
 * The module's global lock, a sharex try-lock a leaf holds for its whole run
 * (SYS.INIT, CONFIG, KEY.CONFIG exclusive; LP.INIT shared): false when another
 * LP (or the host, tdx_emu_hold_global_lock()) holds it in a conflicting mode,
 * TDX_SYS_BUSY for the caller.  Both with ops->lock held; @generation pairs
 * the two so that a reset in between leaves the fresh state alone.
 */
static inline bool emu_global_trylock(struct tdx_emu *emu, bool excl, u64 *generation)
{
	if (emu->global_lock_held || emu->global_lock_busy || (excl && emu->global_lock_shared))
		return false;
	if (excl)
		emu->global_lock_busy = true;
	else
		emu->global_lock_shared++;
	*generation = emu->generation;
	return true;
}

static inline void emu_global_unlock(struct tdx_emu *emu, bool excl, u64 generation)
{
	if (emu->generation != generation)
		return;
	if (excl)
		emu->global_lock_busy = false;
	else
		emu->global_lock_shared--;
}

/* Address bits below a page of each size, indexed by enum tdx_page_size: 12, 21, 30. */
static inline unsigned int emu_ps_shift(unsigned int ps)
{
	return 12 + 9 * ps;
}

/*
 * A leaf handler, one per row of the leaf table in core.c: called after the
 * dispatcher's checks, for a known @lp, with @version from RAX 23:16 (at
 * most the row's max_version); returns RAX.
 */
typedef u64 (*emu_leaf_fn)(struct tdx_emu *emu, unsigned int lp, u32 version,
			   struct tdx_args *args);

/* sys_init.c */
u64 emu_sys_init(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
u64 emu_sys_lp_init(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
u64 emu_sys_lp_shutdown(struct tdx_emu *emu, unsigned int lp, u32 version,
			struct tdx_args *args);
/* config.c */
u64 emu_sys_config(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
u64 emu_sys_key_config(struct tdx_emu *emu, unsigned int lp, u32 version,
		       struct tdx_args *args);
/* tdmr_init.c */
u64 emu_sys_tdmr_init(struct tdx_emu *emu, unsigned int lp, u32 version,
		      struct tdx_args *args);
/* pamt.c */
u64 emu_phymem_page_rdmd(struct tdx_emu *emu, unsigned int lp, u32 version,
			 struct tdx_args *args);
/* metadata.c */
u64 emu_sys_rd(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
u64 emu_sys_rdall(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);

/*
 * The metadata engine: a table of fields (in the module's order) and how
 * to get a value, so the global table (TDH.SYS.RD/RDALL) and the TD table
 * (TDH.MNG.RD) share the id checks, the lookup and the next-id walk.
 */
struct emu_md_field {
	u64 id;		/* id of the first element of the first field */
	u64 konst;	/* value of constant fields */
	u16 nr_fields;
	u8 nr_elems;
	u8 src;		/* the table's own source code */
	u8 flags;	/* the table's own flags */
	u8 width;	/* bytes of a stored element (config member, TD page field) */
	u16 off;	/* its offset (in struct tdx_emu_config, in a TD page) */
};

struct emu_md_table {
	const struct emu_md_field *f;
	int nr;
	/* the field exists in this module version */
	bool (*present)(const void *ctx, const struct emu_md_field *f);
	/* the host may read it (a non-zero read mask); NULL: always */
	bool (*readable)(const void *ctx, const struct emu_md_field *f);
	/* element @elem, counted across the entry's fields (masked by the engine) */
	u64 (*value)(const void *ctx, const struct emu_md_field *f, u32 elem);
};

/* First readable field id of the table (MD_FIELD_ID_NA if none). */
u64 emu_md_first_id(const struct emu_md_table *t, const void *ctx);
/*
 * One element by id, as md_check_as_single_element_id() + md_read_element():
 * FIELD_ID_INCORRECT, FIELD_NOT_READABLE or SUCCESS with *value and *next
 * (the next readable element id, MD_FIELD_ID_NA at the end).
 */
u64 emu_md_read(const struct emu_md_table *t, const void *ctx, u64 id, u64 *value, u64 *next);
bool emu_md_is_null(u64 id);
#define EMU_MD_CONTEXT_MASK	(0x7ULL << 52)
#define EMU_MD_CONTEXT_TD	(0x1ULL << 52)

/* td_mng.c */
u64 emu_mng_create(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
u64 emu_mng_key_config(struct tdx_emu *emu, unsigned int lp, u32 version,
		       struct tdx_args *args);
u64 emu_mng_addcx(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
u64 emu_mng_init(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
u64 emu_mng_rd(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
/* td_vcpu.c */
u64 emu_vp_create(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
u64 emu_vp_addcx(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
u64 emu_vp_init(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
u64 emu_vp_flush(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
/* td_mem.c */
u64 emu_mem_sept_add(struct tdx_emu *emu, unsigned int lp, u32 version,
		     struct tdx_args *args);
u64 emu_mem_page_add(struct tdx_emu *emu, unsigned int lp, u32 version,
		     struct tdx_args *args);
/* td_measure.c */
u64 emu_mr_extend_leaf(struct tdx_emu *emu, unsigned int lp, u32 version,
		       struct tdx_args *args);
u64 emu_mr_finalize(struct tdx_emu *emu, unsigned int lp, u32 version, struct tdx_args *args);
/* td_teardown.c */
u64 emu_mng_vpflushdone(struct tdx_emu *emu, unsigned int lp, u32 version,
			struct tdx_args *args);
u64 emu_phymem_cache_wb(struct tdx_emu *emu, unsigned int lp, u32 version,
			struct tdx_args *args);
u64 emu_mng_key_freeid(struct tdx_emu *emu, unsigned int lp, u32 version,
		       struct tdx_args *args);
u64 emu_phymem_page_reclaim(struct tdx_emu *emu, unsigned int lp, u32 version,
			    struct tdx_args *args);
u64 emu_phymem_page_wbinvd(struct tdx_emu *emu, unsigned int lp, u32 version,
			   struct tdx_args *args);
/* keys.c: SYS.CONFIG reserves the global KeyID; power-on clears the KOT */
bool emu_hkid_private(const struct tdx_emu_config *c, u64 hkid);
void emu_kot_reserve(struct tdx_emu *emu, u16 hkid);
void emu_kot_reset(struct tdx_emu *emu);
/* owned.c, for pamt.c and tdmr_init.c */
void emu_own_reset(struct tdx_emu *emu);
/* owned.c: count a violation, record the first (lock held) */
void emu_violation(struct tdx_emu *emu, u64 pa, u8 kind);
/* cache.c, lock held: the module wrote an owned page; CONFIG done; KEY.CONFIG; power-on */
void emu_cache_wrote(struct tdx_emu *emu, u8 kind);
void emu_cache_configured(struct tdx_emu *emu);
void emu_cache_key_config(struct tdx_emu *emu);
void emu_cache_reset(struct tdx_emu *emu);

#endif /* TDX_LIB_EMU_INTERNAL_H */
