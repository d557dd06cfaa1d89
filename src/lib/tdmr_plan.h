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
 * The model (what "fits" means): TDMRs cover all TDX memory; every hole
 * inside a TDMR is a reserved area (as upstream: non-TDX memory stays out of
 * the module's reach); the PAMTs live in "chunks" of TDX memory the host
 * allocates, each chunk inside one memory range of one TDMR and one reserved
 * area there (a chunk that happens to touch a hole merges with it in phase 2;
 * that is never counted on).  Which chunks exist is the policy:
 *
 *  - node-local (preferred): the PAMTs of the TDMRs of each node run (a
 *    maximal run of consecutive memory ranges of one node) share a chunk on
 *    that node, homed in a TDMR that holds the run's memory;
 *  - when that does not fit, or costs more PAMT, chunks serve 2, 4, ...
 *    adjacent node runs, down to one chunk for everything: the fewest
 *    reserved areas a plan can spend on PAMT.  TDMRs whose PAMT then lies on
 *    another node are marked (pamt_remote).
 *
 * Least PAMT stays the objective: the most node-local policy that reaches
 * the least PAMT of any policy wins, where within 0.01% counts as reaching
 * it (a TDMR fewer saves a 4 KiB 1G-level page, not worth node-local PAMT).
 * With one chunk for everything the search is exact, the room for the
 * chunk included (a free range of its size in a TDMR with a reserved area
 * to spare, the host idle).  Splitting the PAMT into more chunks than the
 * policy's (more reserved areas, less contiguous memory) is left to the
 * re-plan loop of tdmr_plan_run(), when the host cannot allocate what the
 * plan asks for or no free range is long enough: finding the best split is
 * bin packing, which no exact search does in polynomial time.
 *
 * Planning has two phases, because where the host finds memory for the
 * chunks is only known at run time:
 *
 *  1. tdmr_plan_build(): TDMRs, holes, PAMT sizes and the chunks, each with a
 *     home TDMR that keeps a reserved-area slot for it and a window
 *     (chunk.win_start/win_end) inside that TDMR to allocate it in; phase 1
 *     checks that every chunk fits its window on an idle host.
 *  2. tdmr_plan_place_pamts(): once the host has set chunks[i].base, carve
 *     the PAMTs out of the chunks and add reserved areas for them (merged
 *     with adjacent holes).  A chunk placed outside its window may still fit;
 *     if a TDMR would exceed its limit the call fails with -ENOSPC.
 *
 * tdmr_plan_run() is what the module and `tdxctl plan` both run: phase 1,
 * allocation through the host's callbacks (real memory in the module, a
 * simulation offline), phase 2, re-planning with smaller chunks when the
 * host cannot allocate, and tdmr_plan_validate() on the result.
 *
 * Optimality: with one chunk for everything and chunks unlimited
 * (opts.max_chunk_size == 0) the PAMT total is minimal over every TDMR
 * layout.  With a chunk size limit a group may need several chunks; the
 * planner then raises that group's slot demand and plans again (still
 * valid, maybe not minimal).  Interior TDMR boundaries inside one memory
 * range are tried only at the first and last 1 GiB boundary of the range;
 * this is exact except for the 4 KiB rounding of the 1G-level PAMT of TDMRs
 * larger than 256 GiB.
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
	int nid;			/* node with most of its memory */
	int pamt_nid;			/* node of its PAMT chunk (planned; placed after phase 2) */
	bool pamt_remote;		/* pamt_nid != nid: the PAMT is not node-local */
	u16 nr_holes;			/* memory holes inside the TDMR */
	u16 rsvd_budget;		/* slots kept for PAMT chunks homed here */
	u16 nr_rsvd;			/* entries in rsvd[] */
	/* Phase 1: the holes; phase 2: holes and PAMTs, merged, sorted. */
	struct tdmr_plan_area rsvd[TDMR_PLAN_MAX_RSVD];
};

struct tdmr_plan_chunk {
	u64 size;
	int nid;		/* node to allocate on; once placed, the node it is on */
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
	u16 run_of[TDMR_PLAN_MAX_MEM];		/* node run of each range */
	u32 nr_runs;
	u32 grp_shift;				/* groups: node runs >> grp_shift */
	u64 grp_cap[TDMR_PLAN_MAX_MEM];		/* a home needs a piece this long; 0: any */
	bool room_on;				/* some grp_cap is set */
	u64 cap_short;				/* size of a chunk that found no room, or 0 */
	u32 cap_short_chunk;			/* and which chunk */
	u16 nbig[TDMR_PLAN_MAX_MEM + 1];	/* ranges before k at least their grp_cap */
	u16 grp_short[TDMR_PLAN_MAX_MEM + 1];	/* groups before g without such a range */
	u16 grp_ncap[TDMR_PLAN_MAX_MEM + 1];	/* groups before g with a grp_cap */
	u16 chunk_grp[TDMR_PLAN_MAX_CHUNKS];	/* group of each chunk */
	u32 sim_n;				/* idle host: chunks taken */
	u64 sim_lo[TDMR_PLAN_MAX_CHUNKS];
	u64 sim_hi[TDMR_PLAN_MAX_CHUNKS];
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
	/* The best plan of the policy levels tried so far. */
	u32 keep_nr_tdmrs;
	u32 keep_nr_chunks;
	u32 keep_chunk_runs;
	u64 keep_pamt_total;
	u64 keep_covered;
	struct tdmr_plan_tdmr keep_tdmrs[TDMR_PLAN_MAX_TDMRS];
	struct tdmr_plan_chunk keep_chunks[TDMR_PLAN_MAX_CHUNKS];
};

struct tdmr_plan {
	/* Result */
	u32 nr_tdmrs;
	u32 nr_chunks;
	u64 pamt_total;		/* bytes of PAMT over all TDMRs and levels */
	u64 covered;		/* bytes covered by TDMRs */
	u32 nr_runs;		/* node runs in the memory list */
	u32 chunk_runs;		/* node runs one chunk serves: 1 node-local, nr_runs or more: one */
	u32 nr_remote;		/* TDMRs whose PAMT is not on their node */
	bool placed;		/* phase 2 done: PAMT bases and reserved areas final */
	struct tdmr_plan_tdmr tdmrs[TDMR_PLAN_MAX_TDMRS];
	struct tdmr_plan_chunk chunks[TDMR_PLAN_MAX_CHUNKS];
	/* Why the last call failed (points into why_buf or a constant). */
	const char *why;
	char why_buf[256];
	int fail_stage;		/* enum tdmr_plan_stage, after tdmr_plan_run() */
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

/* What tdmr_plan_run() tells the host (tdmr_plan_host.event). */
enum tdmr_plan_event {
	TDMR_PLAN_EV_PLAN,	/* phase 1 starts */
	TDMR_PLAN_EV_ALLOC,	/* chunk allocation starts */
	TDMR_PLAN_EV_REPLAN,	/* no room for a chunk of a bytes: re-plan with chunks <= b */
};

/* Where tdmr_plan_run() failed (plan->fail_stage). */
enum tdmr_plan_stage {
	TDMR_PLAN_STAGE_NONE,
	TDMR_PLAN_STAGE_PLAN,	/* phase 1: no layout fits */
	TDMR_PLAN_STAGE_ALLOC,	/* the PAMT could not be allocated and placed */
	TDMR_PLAN_STAGE_CHECK,	/* the placed plan fails tdmr_plan_validate() */
};

/*
 * The host side of tdmr_plan_run(): where PAMT memory comes from.  The
 * planner picks the addresses (tdmr_plan_run.c walks the same candidates on
 * every host: each memory range from the top, in the chunk's window and on
 * its node first); the host only says whether it can take them.
 */
struct tdmr_plan_host {
	/* Take [pa, pa + size) for a PAMT chunk: 0, or nonzero if any of it is busy. */
	int (*take)(void *ctx, u64 pa, u64 size);
	/* Give back what take() took. */
	void (*release)(void *ctx, u64 pa, u64 size);
	/* Optional: before chunk c is allocated; nonzero fails it (fault injection). */
	int (*chunk)(void *ctx, const struct tdmr_plan *plan, unsigned int c);
	/* Optional: progress (enum tdmr_plan_event). */
	void (*event)(void *ctx, enum tdmr_plan_event ev, u64 a, u64 b);
	void *ctx;
};

/*
 * Phase 1, allocation, phase 2 and tdmr_plan_validate(), re-planning with
 * smaller chunks while the host has no room for them (down to one PAMT
 * level per chunk).  0: plan placed and valid, every chunk taken.  Else
 * -EINVAL, -ENOSPC or -ENOMEM with plan->why and plan->fail_stage, nothing
 * left taken; a plan that phase 1 produced is kept (nr_tdmrs) as the near
 * miss, with plan->placed false.
 */
int tdmr_plan_run(struct tdmr_plan *plan, const struct tdx_mem_range *mem, unsigned int nr_mem,
		  const struct tdx_cmr_range *cmrs, unsigned int nr_cmrs,
		  const struct tdmr_plan_limits *lim, const struct tdmr_plan_host *host);

/*
 * What a plan left by tdmr_plan_run() shows as a near miss (tdxctl plan):
 * after a failed run, phase 1's plan is kept when the PAMT could not be
 * allocated and placed (stage ALLOC) or the placed plan failed validation
 * (stage CHECK): INVALID.  A plan of a successful run, shown because it
 * needed other limits than the ones asked for: LIMITS.  No plan: NONE.
 */
enum tdmr_plan_near_miss {
	TDMR_PLAN_NEAR_MISS_NONE,
	TDMR_PLAN_NEAR_MISS_LIMITS,
	TDMR_PLAN_NEAR_MISS_INVALID,
};

static inline enum tdmr_plan_near_miss tdmr_plan_near_miss(const struct tdmr_plan *plan)
{
	if (!plan->nr_tdmrs)
		return TDMR_PLAN_NEAR_MISS_NONE;
	return plan->fail_stage == TDMR_PLAN_STAGE_NONE ? TDMR_PLAN_NEAR_MISS_LIMITS :
							  TDMR_PLAN_NEAR_MISS_INVALID;
}

/* Give back every chunk taken (tdmr_plan_run() failing after success is the caller's). */
void tdmr_plan_release(struct tdmr_plan *plan, const struct tdmr_plan_host *host);

/*
 * An idle host, for offline planning: all of plan->mem is free except what
 * it handed out.  Use as host->take/release with ctx = the plan.
 */
int tdmr_plan_idle_take(void *plan, u64 pa, u64 size);
void tdmr_plan_idle_release(void *plan, u64 pa, u64 size);

/* Fill TDH.SYS.CONFIG's tdmr_info for TDMR i (info has room for max_rsvd areas). */
void tdmr_plan_to_tdmr_info(const struct tdmr_plan *plan, unsigned int i,
			    struct tdmr_info *info, unsigned int max_rsvd);

/* Check a placed plan against every TDH.SYS.CONFIG rule: 0 or -EINVAL and *why. */
int tdmr_plan_validate(const struct tdmr_plan *plan, const struct tdx_cmr_range *cmrs,
		       unsigned int nr_cmrs, const char **why);

#endif /* TDX_LIB_TDMR_PLAN_H */
