/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text memory maps -> TDX memory ranges, for `tdxctl plan` (plan a layout
 * from a machine's /proc/iomem or dmesg without running on it).
 *
 * Understood lines (anything else is ignored):
 *   /proc/iomem   "00100000-bffdffff : System RAM" (top level only; indented
 *                 children are ignored)
 *   dmesg e820    "BIOS-e820: [mem 0x0000000000100000-0x00000000bffdffff] usable"
 *                 with or without the "[    0.000000] " timestamp
 *   NUMA          "NUMA: Node 0 [mem 0x00000000-0x7fffffff]" (for the merge form
 *                 "... -> [mem a-b]" the result is used),
 *                 "SRAT: Node 1 PXM 1 [mem 0x80000000-0xffffffff]",
 *                 "node 0: [mem 0x...-0x...]" (Early memory node ranges),
 *                 "Initmem setup node 0 [mem 0x...-0x...]"
 *
 * Memory below 1 MiB is dropped (the kernel module never uses it), ranges are
 * trimmed to 4K, merged when adjacent and of one node, and split where NUMA
 * node ranges begin or end.  Without NUMA lines everything is node 0.
 */
#ifndef TDX_LIB_MEMMAP_PARSE_H
#define TDX_LIB_MEMMAP_PARSE_H

#include "tdx_types.h"
#include "tdmr_plan.h"

/*
 * Parse len bytes of text (need not be NUL terminated) into out[0..max).
 * Returns 0 with *nr set, -EINVAL (nothing usable or a malformed line; *why
 * says which) or -ENOSPC (more than max ranges).
 */
int memmap_parse(const char *text, size_t len, struct tdx_mem_range *out, unsigned int max,
		 unsigned int *nr, const char **why);

#endif /* TDX_LIB_MEMMAP_PARSE_H */
