/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the test_emu_*.c suites share (emu_suite.c), on top of the fixture.
 * Include after <cmocka.h>.
 */
#ifndef TDX_TEST_EMU_SUITE_H
#define TDX_TEST_EMU_SUITE_H

#include "emu_fixture.h"

#define OP(status, id)	((status) + (id))
#define RAX_V(leaf, v)	((u64)(leaf) | ((u64)(v) << 16))

/* cmocka setup/teardown: a fresh 2 packages x 2 LPs module; the ops contract held. */
int emu_suite_setup(void **state);
int emu_suite_teardown(void **state);

enum tdx_emu_state emu_state(struct emu_fx *fx);
/* TDH.SYS.RD of @id on @lp: the value and the next id when the pointers are non-NULL. */
u64 sys_rd(struct emu_fx *fx, unsigned int lp, u64 id, u64 *value, u64 *next);
/* The value of @id, asserting TDH.SYS.RD succeeds. */
u64 rd_value(struct emu_fx *fx, u64 id);
/* TDH.SYS.TDMR.INIT of the TDMR at @base; *next: what RDX returned. */
u64 tdmr_init(struct emu_fx *fx, unsigned int lp, u64 base, u64 *next);
u64 rdmd(struct emu_fx *fx, u64 pa, struct tdx_args *out);
/* The 4K PAMT entry of the page at offset @off in fixture TDMR @tdmr. */
struct tdx_pamt_entry *pamt4k(struct emu_fx *fx, unsigned int tdmr, u64 off);
/* The test's module taken to LP.INIT done on every LP, or to SYS_READY (asserted). */
struct emu_fx *lp_done(void **state);
struct emu_fx *ready(void **state);

#endif /* TDX_TEST_EMU_SUITE_H */
