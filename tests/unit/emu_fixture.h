/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test fixture for the software TDX module (src/lib/emu/):
 * sparse fake physical memory (a few malloc'd windows at chosen PAs; every
 * other address is "not RAM"), an emu instance wired to it, and a valid
 * two-TDMR configuration in that memory.
 *
 * Layout (PA):
 *   CMR0  [0, 2 GiB)            CMR1  [4 GiB, 5 GiB)
 *   TDMR0 [0, 1 GiB)            reserved: [896 MiB, 912 MiB) holds both PAMTs
 *   TDMR1 [4 GiB, 5 GiB)        reserved: [4.5 GiB, 4.5 GiB + 2 MiB)
 *   window "misc" at 256 MiB:   TDMR_INFO PA array, TDMR_INFO entries, RDALL page
 *   window "pamt" at 896 MiB:   PAMT 4K/2M/1G of TDMR0, then of TDMR1
 * The functions are in emu_fixture.c, which every suite links.
 */
#ifndef TDX_TEST_EMU_FIXTURE_H
#define TDX_TEST_EMU_FIXTURE_H

#include <stdlib.h>
#include <string.h>
#include "emu/tdx_emu.h"

#define EMU_FX_MAX_WIN		8

#define EMU_FX_CMR0_BASE	0x0ULL
#define EMU_FX_CMR0_SIZE	0x80000000ULL
#define EMU_FX_CMR1_BASE	0x100000000ULL
#define EMU_FX_CMR1_SIZE	0x40000000ULL

#define EMU_FX_MISC_PA		0x10000000ULL
#define EMU_FX_MISC_SIZE	0x40000ULL
#define EMU_FX_ARRAY_PA		EMU_FX_MISC_PA			/* TDMR_INFO PA array */
#define EMU_FX_INFO_PA		(EMU_FX_MISC_PA + 0x1000)	/* TDMR_INFO entries */
#define EMU_FX_RDALL_PA		(EMU_FX_MISC_PA + 0x20000)	/* 4K RDALL output */

#define EMU_FX_TDMR0_BASE	0x0ULL
#define EMU_FX_TDMR1_BASE	0x100000000ULL
#define EMU_FX_TDMR_SIZE	SZ_1G
#define EMU_FX_RSVD0_OFF	0x38000000ULL		/* TDMR0: where the PAMTs live */
#define EMU_FX_RSVD0_SIZE	0x01000000ULL
#define EMU_FX_RSVD1_OFF	0x20000000ULL		/* TDMR1: a plain hole */
#define EMU_FX_RSVD1_SIZE	0x00200000ULL

#define EMU_FX_PAMT4K_SIZE	0x400000ULL		/* (1G >> 12) * 16 */
#define EMU_FX_PAMT2M_SIZE	0x2000ULL		/* (1G >> 21) * 16 */
#define EMU_FX_PAMT1G_SIZE	0x1000ULL		/* 16 bytes, 4K aligned */
#define EMU_FX_PAMT_PER_TDMR	(EMU_FX_PAMT4K_SIZE + EMU_FX_PAMT2M_SIZE + EMU_FX_PAMT1G_SIZE)
#define EMU_FX_PAMT_PA		(EMU_FX_TDMR0_BASE + EMU_FX_RSVD0_OFF)
#define EMU_FX_PAMT_WIN_SIZE	(2 * EMU_FX_PAMT_PER_TDMR)

struct emu_fx;
typedef void (*emu_fx_hook_t)(struct emu_fx *fx, u64 pa, u64 len);

struct emu_fx_win {
	u64 pa;
	u64 size;
	u8 *mem;
};

struct emu_fx {
	struct emu_fx_win win[EMU_FX_MAX_WIN];
	unsigned int nr_win;

	/* what the emu did through its ops */
	unsigned long map_calls, unmap_calls, map_null, lock_calls;
	int live_maps, lock_depth;
	bool map_under_lock;		/* ops->map was called with ops->lock held */
	bool lock_recursion;

	/* called from map() (lock dropped): lets a test act "on another CPU" */
	emu_fx_hook_t map_hook;
	/* called (pa = len = 0) each time the emu drops ops->lock: the same, between sections */
	emu_fx_hook_t unlock_hook;
	bool in_hook;
	void *hook_data;

	struct tdx_emu *emu;
	struct tdx_emu_config cfg;
	struct tdx_emu_ops ops;
	unsigned int nr_lps;
	u32 lp_pkg[TDX_EMU_MAX_LPS];
};

/* Host view of fake physical memory (NULL outside the windows). */
void *emu_fx_va(struct emu_fx *fx, u64 pa);
/* The default config plus the fixture's two CMRs. */
/* Map [pa, pa + size) of fake physical memory for the emu (a zeroed window). */
int emu_fx_add_window(struct emu_fx *fx, u64 pa, u64 size);
void emu_fx_default_config(struct tdx_emu_config *cfg);
/* @nr_pkgs packages of @lps_per_pkg LPs each; package ids 0, 3, 6, ... (sparse on purpose). */
int emu_fx_setup_cfg(struct emu_fx *fx, const struct tdx_emu_config *cfg,
		     unsigned int nr_pkgs, unsigned int lps_per_pkg);
/* ... with emu_fx_default_config(). */
int emu_fx_setup(struct emu_fx *fx, unsigned int nr_pkgs, unsigned int lps_per_pkg);
/* Free the emu and the memory windows. */
void emu_fx_teardown(struct emu_fx *fx);
/* One SEAMCALL with the caller's registers. */
u64 emu_fx_sc(struct emu_fx *fx, unsigned int lp, u64 rax, struct tdx_args *args);
/* Call @leaf with RCX/RDX/R8 set, the rest zero; outputs land in *out when non-NULL. */
u64 emu_fx_call(struct emu_fx *fx, unsigned int lp, u64 rax, u64 rcx, u64 rdx,
		u64 r8, struct tdx_args *out);
/* PA of TDMR_INFO entry @i (their stride follows the emu's max_rsvd_per_tdmr). */
u64 emu_fx_info_pa(struct emu_fx *fx, unsigned int i);
/* TDMR_INFO entry @i in fake memory, for tests to corrupt. */
struct tdmr_info *emu_fx_tdmr_info(struct emu_fx *fx, unsigned int i);
/* PA of the PAMT of fixture TDMR @tdmr for page size @ps. */
u64 emu_fx_pamt_pa(unsigned int tdmr, enum tdx_page_size ps);
/* Write the valid two-TDMR configuration (entries + PA array); returns 2. */
unsigned int emu_fx_build_tdmrs(struct emu_fx *fx);
/* TDH.SYS.CONFIG of the PA array's first @nr_tdmrs entries, the first TDX KeyID global. */
u64 emu_fx_config(struct emu_fx *fx, unsigned int nr_tdmrs);
/* TDH.SYS.INIT then TDH.SYS.LP.INIT on every LP: first failing status or 0. */
u64 emu_fx_to_lp_done(struct emu_fx *fx);
/* ... then TDH.SYS.CONFIG with the fixture's two TDMRs. */
u64 emu_fx_to_configured(struct emu_fx *fx);
/* ... then a cache flush and TDH.SYS.KEY.CONFIG on the first LP of each package: SYS_READY. */
u64 emu_fx_to_ready(struct emu_fx *fx);
/* TDH.SYS.TDMR.INIT on @base until done: number of SUCCESS calls, or -1 on another status. */
long emu_fx_tdmr_init_all(struct emu_fx *fx, unsigned int lp, u64 base);

#endif /* TDX_TEST_EMU_FIXTURE_H */
