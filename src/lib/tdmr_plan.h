/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TDMR/PAMT planner: turns the TDX memory list into the TDMRs, reserved areas
 * and PAMTs that TDH.SYS.CONFIG takes.
 *
 * Upstream uses one TDMR per memory region and gives up (-ENOSPC) when TDMRs
 * or reserved areas run out.  This planner instead finds, among all layouts
 * of 1 GiB aligned TDMRs that fit the module's limits, the one with the least
 * PAMT memory: it merges TDMRs across holes when TDMRs are scarce and splits
 * at 1 GiB boundaries when reserved areas are scarce.
 *
 * Where the kernel finds contiguous memory for the PAMTs is only known at run
 * time, so planning has two phases:
 *
 *  1. tdmr_plan_build(): TDMRs, holes, PAMT sizes and a list of PAMT "chunks"
 *     to allocate.  The PAMTs of a node's TDMRs share a chunk, so they cost
 *     one reserved area instead of one per TDMR.  Every node run (a maximal
 *     run of consecutive memory ranges of one node) gets a "home" TDMR that
 *     contains its memory and keeps one reserved-area slot per chunk spare
 *     (chunk.win_start/win_end).  The host must allocate each chunk inside TDX
 *     memory of chunk.nid within that window; then phase 2 cannot run out of
 *     reserved areas.
 *  2. tdmr_plan_place_pamts(): once the host has set chunks[i].base, carve
 *     the PAMTs out of the chunks and add reserved areas for them (merged
 *     with adjacent holes).  A chunk placed outside its window may still fit;
 *     if a TDMR would exceed its limit the call fails with -ENOSPC and the
 *     host frees the chunks and re-plans.
 *
 * Optimality: the PAMT total is minimal over every TDMR layout under this
 * slot policy when chunks are unlimited (opts.max_chunk_size == 0).  With a
 * chunk size limit a node may need several chunks; the planner then raises
 * that node's slot demand and plans again (still valid, maybe not minimal).
 * Interior TDMR boundaries inside one memory range are tried only at the
 * first and last 1 GiB boundary of the range; this is exact except for the
 * 4 KiB rounding of the 1G-level PAMT of TDMRs larger than 256 GiB.
 *
 * The code is src/lib/tdmr_plan*.c, one phase per file (tdmr_plan_internal.h
 * says which).
 */
#ifndef TDX_LIB_TDMR_PLAN_H
#define TDX_LIB_TDMR_PLAN_H

#include "tdx_types.h"
#include "tdx_defs.h"
#include "tdx_cmr.h"

#define TDMR_PLAN_MAX_TDMRS	TDX_MAX_TDMRS_ARCH	/* 64 */
#define TDMR_PLAN_MAX_RSVD	64	/* reserved areas kept per TDMR */
#define TDMR_PLAN_MAX_MEM	1024	/* memory ranges accepted */
#define TDMR_PLAN_MAX_CHUNKS	128	/* PAMT chunks */
#define TDMR_PLAN_MAX_CAND	(4 * TDMR_PLAN_MAX_MEM)	/* candidate TDMR boundaries */
#define TDMR_PLAN_BAND_CAP	65536	/* DP back-pointers when TDMRs are scarce */
#define TDMR_PLAN_PAIR_CAP	131072	/* TDMRs cached for the bounded pass */
#define TDMR_PLAN_COST_GIB	4096	/* PAMT pages of TDMRs up to 4 TiB, tabulated */

/* One TDX-usable memory range [start, end), 4K aligned, with its NUMA node. */
struct tdx_mem_range {
	u64 start;
	u64 end;
	int nid;
};

struct tdmr_plan_limits {
	u32 max_tdmrs;			/* MAX_TDMRS (module: 64) */
	u32 max_rsvd_per_tdmr;		/* MAX_RESERVED_PER_TDMR (module: 16) */
	u16 pamt_entry_size[TDX_PS_NR];	/* PAMT_4K/2M/1G_ENTRY_SIZE (16 each) */
};

struct tdmr_plan_opts {
	/* Largest chunk the host can allocate; 0 = unlimited (one per node run). */
	u64 max_chunk_size;
};

/* An address range [start, start + size). */
struct tdmr_plan_area {
	u64 start;
	u64 size;
};

struct tdmr_plan_tdmr {
	u64 base;
	u64 size;
	u64 pamt_base[TDX_PS_NR];	/* set by tdmr_plan_place_pamts() */
	u64 pamt_size[TDX_PS_NR];
	u64 pamt_off[TDX_PS_NR];	/* offset of each PAMT in its chunk */
	u16 pamt_chunk[TDX_PS_NR];	/* chunk holding each PAMT */
	int nid;			/* node whose chunk holds the PAMTs */
	u16 nr_holes;			/* memory holes inside the TDMR */
	u16 rsvd_budget;		/* slots kept for PAMT chunks homed here */
	u16 nr_rsvd;			/* entries in rsvd[] */
	/* Phase 1: the holes; phase 2: holes and PAMTs, merged, sorted. */
	struct tdmr_plan_area rsvd[TDMR_PLAN_MAX_RSVD];
};

struct tdmr_plan_chunk {
	u64 size;
	int nid;
	u16 home;		/* TDMR that keeps a reserved-area slot for it */
	u64 win_start;		/* allocate in node nid's TDX memory within */
	u64 win_end;		/*   [win_start, win_end) */
	u64 base;		/* filled by the host; 0 = not allocated */
};

/* Planner scratch; callers never look inside. */
struct tdmr_plan_work {
	u32 nr_cand;
	u32 nr_grp;
	u32 band_used;
	u64 cand[TDMR_PLAN_MAX_CAND];
	u16 first_rng[TDMR_PLAN_MAX_CAND];	/* first range ending above cand */
	s16 last_rng[TDMR_PLAN_MAX_CAND];	/* last range starting below cand */
	s16 straddler[TDMR_PLAN_MAX_CAND];	/* group with memory on both sides */
	s16 holes_below[TDMR_PLAN_MAX_CAND];	/* holes that end at or below cand */
	u16 first_grp[TDMR_PLAN_MAX_CAND];	/* group of first_rng */
	u16 rng_grp[TDMR_PLAN_MAX_MEM];		/* node run of each range */
	u16 gap_before[TDMR_PLAN_MAX_MEM];	/* holes between ranges 0..k */
	u16 grp_first[TDMR_PLAN_MAX_MEM];	/* first range of each node run */
	u16 grp_last[TDMR_PLAN_MAX_MEM];
	u16 grp_demand[TDMR_PLAN_MAX_MEM];	/* reserved-area slots to keep */
	u32 grp_demand_sum[TDMR_PLAN_MAX_MEM + 1];
	u16 grp_home[TDMR_PLAN_MAX_MEM];	/* TDMR index */
	u64 cost[TDMR_PLAN_MAX_CAND][2];	/* cheapest prefix, [cand][homed] */
	u16 count[TDMR_PLAN_MAX_CAND][2];	/* TDMRs of the cheapest prefix */
	u16 min_count[TDMR_PLAN_MAX_CAND][2];	/* fewest TDMRs for a prefix */
	u16 dq[TDMR_PLAN_MAX_CAND];		/* sliding-window minima */
	u16 suffix_count[TDMR_PLAN_MAX_CAND];	/* lower bound for the rest */
	u32 pages_below[TDMR_PLAN_MAX_CAND];	/* 1 GiB pages with memory below cand */
	u16 back[TDMR_PLAN_MAX_CAND][2];
	u32 band_off[TDMR_PLAN_MAX_CAND][2];
	u16 band_lo[TDMR_PLAN_MAX_CAND][2];	/* TDMR counts the band keeps */
	u16 band_hi[TDMR_PLAN_MAX_CAND][2];
	u16 band_live[TDMR_PLAN_MAX_CAND][2];	/* counts lo.. that are not dominated */
	u16 band_first[TDMR_PLAN_MAX_CAND][2];	/* first entry not dropped */
	u16 band_wlo[TDMR_PLAN_MAX_CAND][2];	/* entries ever written, from band_lo */
	u16 band_whi[TDMR_PLAN_MAX_CAND][2];
	u32 band_val[TDMR_PLAN_BAND_CAP];	/* PAMT pages by (cand, homed, TDMRs) */
	u16 band_back[TDMR_PLAN_BAND_CAP];
	/* Bounds for the bounded pass; nr_pairs 0 = not used. */
	u32 nr_pairs;
	u64 bound_scale;			/* weight of a PAMT page */
	u64 bound_lambda;			/* weight of a TDMR */
	u64 bound_upper;			/* drop entries that cannot stay below */
	u64 bound_lower;			/* PAMT pages: no plan has fewer */
	u64 bound_feasible;			/* PAMT pages of a plan within the limit */
	u32 pair_off[TDMR_PLAN_MAX_CAND + 1];	/* TDMRs ending at cand[j] */
	u16 pair[TDMR_PLAN_PAIR_CAP];		/* start << 4 | homed states */
	u32 nr_cost_gib;
	u32 cost_gib[TDMR_PLAN_COST_GIB];	/* PAMT pages by TDMR size in GiB */
	u64 lag[TDMR_PLAN_MAX_CAND][2];		/* relaxed cost of the rest */
	u64 lag_pre[TDMR_PLAN_MAX_CAND][2];	/* least relaxed cost of live entries */
	u64 lag_pre_min[TDMR_PLAN_MAX_CAND];	/* of both homed states */
	u8 gap_above[TDMR_PLAN_MAX_CAND];	/* no memory up to the next boundary */
	/* The chosen layout: candidate index pairs and homed-state bits. */
	u16 sel_start[TDMR_PLAN_MAX_TDMRS];
	u16 sel_end[TDMR_PLAN_MAX_TDMRS];
	u8 sel_hin[TDMR_PLAN_MAX_TDMRS];
	u8 sel_hout[TDMR_PLAN_MAX_TDMRS];
	u16 tdmr_owner[TDMR_PLAN_MAX_TDMRS];	/* group whose chunk holds its PAMTs */
	u16 chunk_order[TDMR_PLAN_MAX_CHUNKS];
};

struct tdmr_plan {
	/* Result */
	u32 nr_tdmrs;
	u32 nr_chunks;
	u64 pamt_total;		/* bytes of PAMT over all TDMRs and levels */
	u64 covered;		/* bytes covered by TDMRs */
	struct tdmr_plan_tdmr tdmrs[TDMR_PLAN_MAX_TDMRS];
	struct tdmr_plan_chunk chunks[TDMR_PLAN_MAX_CHUNKS];
	/* Why the last call failed (points into why_buf or a constant). */
	const char *why;
	char why_buf[160];
	/* Inputs, kept for phase 2 and validation */
	struct tdmr_plan_limits lim;
	struct tdmr_plan_opts opts;
	u32 nr_mem;
	u32 nr_cmrs;
	struct tdx_mem_range mem[TDMR_PLAN_MAX_MEM];	/* merged copy */
	struct tdx_cmr_range cmrs[TDX_MAX_CMRS];
	struct tdmr_plan_work work;
};

/* Size of one PAMT level of a TDMR: ALIGN((tdmr_size / page_size) * entry_size, 4K). */
u64 tdmr_pamt_size(u64 tdmr_size, enum tdx_page_size ps, u16 entry_size);

/* Sum of the three PAMT levels of one TDMR of tdmr_size bytes. */
u64 tdmr_pamt_total(u64 tdmr_size, const struct tdmr_plan_limits *lim);

/*
 * Phase 1.  mem: sorted, non-overlapping, 4K aligned ranges.  Returns 0,
 * -EINVAL (bad input) or -ENOSPC (no layout fits the limits); plan->why says why.
 */
int tdmr_plan_build(struct tdmr_plan *plan, const struct tdx_mem_range *mem, unsigned int nr_mem,
		    const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs,
		    const struct tdmr_plan_limits *lim, const struct tdmr_plan_opts *opts);

/*
 * Phase 2.  Every plan->chunks[i].base set by the host.  Returns 0, -EINVAL
 * (chunk unset, unaligned, overlapping another or outside the CMRs) or
 * -ENOSPC (a TDMR would need too many reserved areas).
 */
int tdmr_plan_place_pamts(struct tdmr_plan *plan);

/* Fill TDH.SYS.CONFIG's tdmr_info for TDMR i (info has room for max_rsvd areas). */
void tdmr_plan_to_tdmr_info(const struct tdmr_plan *plan, unsigned int i,
			    struct tdmr_info *info, unsigned int max_rsvd);

/* Check a placed plan against every TDH.SYS.CONFIG rule: 0 or -EINVAL and *why. */
int tdmr_plan_validate(const struct tdmr_plan *plan, const struct tdx_cmr_range *cmrs,
		       unsigned int nr_cmrs, const char **why);

#endif /* TDX_LIB_TDMR_PLAN_H */
