// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the software TDX module's vCPU leaves: TDH.VP.CREATE,
 * VP.ADDCX, VP.INIT (versions 0 and 1, the version gate) and VP.FLUSH
 * (only on the LP VP.INIT associated the vCPU with).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emu_td_fixture.h"
#include "emu/td_internal.h"

#define OP(status, id)	TDFX_OP(status, id)
#define INV(id)		OP(TDX_OPERAND_INVALID, TDX_OPERAND_ID_##id)
#define BUSY(id)	OP(TDX_OPERAND_BUSY, TDX_OPERAND_ID_##id)
#define PMI(id)		OP(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_ID_##id)
#define RSVD_PA		(EMU_FX_PAMT_PA + 0x800000)
#define VP_INIT(v)	TDFX_RAX_V(TDH_VP_INIT, v)

static int setup(void **state)
{
	struct tdfx *t = calloc(1, sizeof(*t));

	if (!t || tdfx_setup(t))
		return -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tdfx *t = *state;

	assert_false(t->fx.map_under_lock);
	assert_int_equal(t->fx.lock_depth, 0);
	assert_int_equal(t->fx.live_maps, 0);
	tdfx_teardown(t);
	free(t);
	return 0;
}

static struct emu_tdr *tdr_of(struct tdfx *t, struct tdfx_td *td)
{
	return tdfx_va(t, td->tdr);
}

static struct emu_tdcs *tdcs_of(struct tdfx *t, struct tdfx_td *td)
{
	return tdfx_va(t, td->tdcs[0]);
}

static struct emu_tdvpr *vp_of(struct tdfx *t, struct tdfx_td *td, unsigned int v)
{
	return tdfx_va(t, td->vp[v]);
}

static u64 vp_create(struct tdfx *t, struct tdfx_td *td, u64 pa)
{
	return tdfx_call(t, 0, TDH_VP_CREATE, pa, td->tdr, 0, NULL);
}

/* ---- TDH.VP.CREATE */

static void test_vp_create_checks(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	u64 pa = tdfx_page(t);

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_VP_CREATE, pa, td.tdr + 8, 0, NULL), INV(RDX));
	assert_int_equal(tdfx_call(t, 0, TDH_VP_CREATE, pa, pa, 0, NULL), PMI(RDX));
	assert_int_equal(vp_create(t, &td, pa), TDX_TD_KEYS_NOT_CONFIGURED);
	assert_int_equal(tdfx_keys(t, &td), TDX_SUCCESS);
	assert_int_equal(vp_create(t, &td, pa), TDX_TDCS_NOT_ALLOCATED);
	assert_int_equal(tdfx_addcx(t, &td, 6), TDX_SUCCESS);
	/* before INIT; and the state is checked before the page */
	assert_int_equal(vp_create(t, &td, pa), TDX_OP_STATE_INCORRECT);
	assert_int_equal(vp_create(t, &td, RSVD_PA), TDX_OP_STATE_INCORRECT);
	tdfx_params(t);
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	assert_int_equal(vp_create(t, &td, RSVD_PA), PMI(RCX));
	assert_int_equal(vp_create(t, &td, pa | 0x10), INV(RCX));
	assert_int_equal(vp_create(t, &td, td.tdcs[1]), PMI(RCX));
	tdfx_pamt(t, pa)->lock = TDX_EMU_PAMT_LOCK_EXCLUSIVE;
	assert_int_equal(vp_create(t, &td, pa), BUSY(RCX));
	tdfx_pamt(t, pa)->lock = 0;
	/* after FINALIZE: no more vCPUs */
	assert_int_equal(tdfx_vcpu(t, &td, 0, 0), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(vp_create(t, &td, pa), TDX_OP_STATE_INCORRECT);
	assert_int_equal(tdfx_pt(t, pa), PT_NDA);
}

static void test_vp_create_effects(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	struct emu_tdvpr *v;
	unsigned int idx = 0;

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	memset(tdfx_va(t, t->next_page), 0xa5, SZ_4K);
	assert_int_equal(tdfx_vp_create(t, &td, &idx), TDX_SUCCESS);
	v = vp_of(t, &td, idx);
	assert_int_equal(v->state, EMU_VCPU_UNINIT);
	assert_int_equal(v->num_tdvps_pages, 1);
	assert_int_equal(v->assoc_lpid, EMU_NO_LP);
	assert_int_equal(v->tdvps_pa[0], td.vp[idx] | ((u64)TDFX_HKID << 46));
	assert_int_equal(v->guest_rcx, 0);		/* zeroed */
	assert_int_equal(tdfx_pt(t, td.vp[idx]), PT_TDVPR);
	assert_int_equal(tdfx_owner(t, td.vp[idx]), td.tdr);
	assert_int_equal(tdr_of(t, &td)->chldcnt, 7);
}

/* ---- TDH.VP.ADDCX */

static void test_vp_addcx(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	struct emu_tdvpr *v;
	unsigned int idx = 0, i;
	u64 pa;

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_vp_create(t, &td, &idx), TDX_SUCCESS);
	pa = tdfx_page(t);
	/* RDX must be the TDVPR */
	assert_int_equal(tdfx_call(t, 0, TDH_VP_ADDCX, pa, td.tdr, 0, NULL), PMI(RDX));
	assert_int_equal(tdfx_call(t, 0, TDH_VP_ADDCX, pa, td.vp[idx] + 1, 0, NULL), INV(RDX));
	/* its TD held exclusively by another LP */
	tdfx_pamt(t, td.tdr)->lock = TDX_EMU_PAMT_LOCK_EXCLUSIVE;
	assert_int_equal(tdfx_call(t, 0, TDH_VP_ADDCX, pa, td.vp[idx], 0, NULL), BUSY(TDR));
	tdfx_pamt(t, td.tdr)->lock = 0;
	assert_int_equal(tdfx_call(t, 0, TDH_VP_ADDCX, RSVD_PA, td.vp[idx], 0, NULL), PMI(RCX));
	/* 14 TDCX pages at most; the L2 MSR bitmaps (7, 10, 13) all ones */
	assert_int_equal(tdfx_vp_addcx(t, &td, idx, 14), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_VP_ADDCX, pa, td.vp[idx], 0, NULL),
			 TDX_TDCX_NUM_INCORRECT);
	v = vp_of(t, &td, idx);
	assert_int_equal(v->num_tdvps_pages, 15);
	for (i = 0; i < 14; i++) {
		const u8 *p = tdfx_va(t, td.vpcx[idx][i]);

		assert_int_equal(p[123], i + 1 == 7 || i + 1 == 10 || i + 1 == 13 ? 0xff : 0);
		assert_int_equal(v->tdvps_pa[i + 1], td.vpcx[idx][i] | ((u64)TDFX_HKID << 46));
		assert_int_equal(tdfx_pt(t, td.vpcx[idx][i]), PT_TDCX);
		assert_int_equal(tdfx_owner(t, td.vpcx[idx][i]), td.tdr);
	}
	assert_int_equal(tdr_of(t, &td)->chldcnt, 6 + 15);
	/* an initialised vCPU takes no more pages (the state before the count) */
	assert_int_equal(tdfx_call(t, 0, VP_INIT(1), td.vp[idx], 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_VP_ADDCX, pa, td.vp[idx], 0, NULL),
			 TDX_VCPU_STATE_INCORRECT);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_VP_ADDCX, pa, td.vp[idx], 0, NULL),
			 TDX_OP_STATE_INCORRECT);
}

/* ---- TDH.VP.INIT */

static void test_vp_init_checks(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	unsigned int idx = 0;

	assert_int_equal(tdfx_call(t, 0, VP_INIT(2), 0, 0, 0, NULL), INV(RAX));
	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_vp_create(t, &td, &idx), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, VP_INIT(1), td.tdr, 0, 0, NULL), PMI(RCX));
	/* v1 takes the TD exclusively, v0 shared: a shared holder only stops v1 */
	tdfx_pamt(t, td.tdr)->lock = 0x4;
	assert_int_equal(tdfx_call(t, 0, VP_INIT(1), td.vp[idx], 0, 0, NULL), BUSY(TDR));
	assert_int_equal(tdfx_call(t, 0, VP_INIT(0), td.vp[idx], 0, 0, NULL),
			 TDX_TDCX_NUM_INCORRECT);
	tdfx_pamt(t, td.tdr)->lock = 0;
	/* fewer than 6 pages */
	assert_int_equal(tdfx_vp_addcx(t, &td, idx, 4), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, VP_INIT(1), td.vp[idx], 0, 0, NULL),
			 TDX_TDCX_NUM_INCORRECT);
	assert_int_equal(tdfx_vp_addcx(t, &td, idx, 1), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 1, VP_INIT(1), td.vp[idx], 0, 7, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 1, VP_INIT(1), td.vp[idx], 0, 8, NULL),
			 TDX_VCPU_STATE_INCORRECT);
	assert_int_equal(tdfx_call(t, 0, TDH_MR_FINALIZE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 1, VP_INIT(1), td.vp[idx], 0, 8, NULL),
			 TDX_OP_STATE_INCORRECT);
}

static void test_vp_init_effects(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	struct emu_tdvpr *v;

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_vcpu(t, &td, 3, 0x42), TDX_SUCCESS);
	v = vp_of(t, &td, 0);
	assert_int_equal(v->state, EMU_VCPU_READY);
	assert_int_equal(v->assoc_lpid, 3);		/* the LP that ran it */
	assert_int_equal(v->vcpu_index, 0);
	assert_int_equal(v->x2apic_id, 0x42);
	assert_int_equal(v->guest_rcx, 0x1234);
	assert_int_equal(v->guest_r8, 0x1234);
	assert_int_equal(v->guest_rbx, 48);		/* no GPAW */
	assert_int_equal(v->guest_rdx, 0x000806f8);	/* native CPUID(1).EAX */
	assert_int_equal(tdcs_of(t, &td)->num_vcpus, 1);
	assert_int_equal(tdcs_of(t, &td)->num_assoc_vcpus, 1);
	assert_int_equal(tdfx_vcpu(t, &td, 0, 0x43), TDX_SUCCESS);
	assert_int_equal(vp_of(t, &td, 1)->vcpu_index, 1);
	assert_int_equal(vp_of(t, &td, 1)->guest_rsi, 1);
	assert_int_equal(tdfx_status(t).violations, 0);
}

static void test_vp_init_vcpu_limits(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_params *p;
	struct tdfx_td td;
	unsigned int i, idx = 0;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_keys(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, &td, 6), TDX_SUCCESS);
	p = tdfx_params(t);
	p->max_vcpus = 3;
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	for (i = 0; i < 4; i++) {
		assert_int_equal(tdfx_vp_create(t, &td, &idx), TDX_SUCCESS);
		assert_int_equal(tdfx_vp_addcx(t, &td, idx, 5), TDX_SUCCESS);
	}
	/* an x2APIC id beyond 32 bits: refused, the slot given back */
	assert_int_equal(tdfx_call(t, 0, VP_INIT(1), td.vp[0], 0, 1ULL << 32, NULL), INV(R8));
	assert_int_equal(tdcs_of(t, &td)->num_vcpus, 0);
	assert_int_equal(tdfx_call(t, 0, VP_INIT(1), td.vp[0], 0, 5, NULL), TDX_SUCCESS);
	/* a duplicate: refused with the id in the detail, the slot kept (1.5.05) */
	assert_int_equal(tdfx_call(t, 0, VP_INIT(1), td.vp[1], 0, 5, NULL),
			 OP(TDX_X2APIC_ID_NOT_UNIQUE, 5));
	assert_int_equal(tdcs_of(t, &td)->num_vcpus, 2);
	assert_int_equal(vp_of(t, &td, 1)->state, EMU_VCPU_UNINIT);
	assert_int_equal(tdfx_call(t, 0, VP_INIT(1), td.vp[1], 0, 6, NULL), TDX_SUCCESS);
	/* max_vcpus reached (the lost slot counts): the count is given back */
	assert_int_equal(tdfx_call(t, 0, VP_INIT(1), td.vp[2], 0, 7, NULL),
			 TDX_MAX_VCPUS_EXCEEDED);
	assert_int_equal(tdcs_of(t, &td)->num_vcpus, 3);
	assert_int_equal(tdcs_of(t, &td)->num_assoc_vcpus, 2);
}

static void test_vp_init_v0_and_version_gate(void **state)
{
	struct tdx_emu_config cfg;
	struct tdfx *t = *state;
	struct tdfx_td td;
	unsigned int idx = 0;

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	tdcs_of(t, &td)->topology_enum_configured = 1;
	tdx_emu_verify_all(t->fx.emu);		/* that was a scribble: take it */
	assert_int_equal(tdfx_vp_create(t, &td, &idx), TDX_SUCCESS);
	assert_int_equal(tdfx_vp_addcx(t, &td, idx, 5), TDX_SUCCESS);
	/* v0: no x2APIC id, and the topology is no longer the TD's own */
	assert_int_equal(tdfx_call(t, 2, VP_INIT(0), td.vp[idx], 9, 0xdead, NULL), TDX_SUCCESS);
	assert_int_equal(tdcs_of(t, &td)->topology_enum_configured, 0);
	assert_int_equal(vp_of(t, &td, idx)->x2apic_id, 0);
	assert_int_equal(vp_of(t, &td, idx)->assoc_lpid, 2);

	/* 1.5.01 has no version 1: the dispatcher refuses it */
	tdfx_teardown(t);
	emu_fx_default_config(&cfg);
	cfg.update = 1;
	assert_int_equal(tdfx_setup_cfg(t, &cfg), 0);
	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_vp_create(t, &td, &idx), TDX_SUCCESS);
	assert_int_equal(tdfx_vp_addcx(t, &td, idx, 5), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, VP_INIT(1), td.vp[idx], 0, 0, NULL), INV(RAX));
	assert_int_equal(tdfx_call(t, 0, VP_INIT(0), td.vp[idx], 0, 0, NULL), TDX_SUCCESS);
}

/* ---- TDH.VP.FLUSH */

static void test_vp_flush(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	unsigned int idx = 0;

	assert_int_equal(tdfx_build(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_VP_FLUSH, td.tdr, 0, 0, NULL), PMI(RCX));
	/* a vCPU with one page: TDCX_NUM_INCORRECT comes before VCPU_NOT_ASSOCIATED */
	assert_int_equal(tdfx_vp_create(t, &td, &idx), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_VP_FLUSH, td.vp[idx], 0, 0, NULL),
			 TDX_TDCX_NUM_INCORRECT);
	/* all its pages, never initialised: on no LP */
	assert_int_equal(tdfx_vp_addcx(t, &td, idx, 5), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_VP_FLUSH, td.vp[idx], 0, 0, NULL),
			 TDX_VCPU_NOT_ASSOCIATED);
	/* initialised on LP 2: flushed there and only there */
	assert_int_equal(tdfx_call(t, 2, VP_INIT(1), td.vp[idx], 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 3, TDH_VP_FLUSH, td.vp[idx], 0, 0, NULL),
			 TDX_VCPU_NOT_ASSOCIATED);
	tdfx_pamt(t, td.tdr)->lock = TDX_EMU_PAMT_LOCK_EXCLUSIVE;
	assert_int_equal(tdfx_call(t, 2, TDH_VP_FLUSH, td.vp[idx], 0, 0, NULL), BUSY(TDR));
	tdfx_pamt(t, td.tdr)->lock = 0;
	assert_int_equal(tdfx_call(t, 2, TDH_VP_FLUSH, td.vp[idx], 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(vp_of(t, &td, idx)->assoc_lpid, EMU_NO_LP);
	assert_int_equal(tdcs_of(t, &td)->num_assoc_vcpus, 0);
	assert_int_equal(tdfx_call(t, 2, TDH_VP_FLUSH, td.vp[idx], 0, 0, NULL),
			 TDX_VCPU_NOT_ASSOCIATED);
	/* a fatal TD can still be flushed; a BLOCKED one is past it */
	tdr_of(t, &td)->fatal = 1;
	assert_int_equal(tdfx_call(t, 2, TDH_VP_FLUSH, td.vp[idx], 0, 0, NULL),
			 TDX_VCPU_NOT_ASSOCIATED);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_VPFLUSHDONE, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 2, TDH_VP_FLUSH, td.vp[idx], 0, 0, NULL),
			 TDX_TD_KEYS_NOT_CONFIGURED);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_vp_create_checks),
		T(test_vp_create_effects),
		T(test_vp_addcx),
		T(test_vp_init_checks),
		T(test_vp_init_effects),
		T(test_vp_init_vcpu_limits),
		T(test_vp_init_v0_and_version_gate),
		T(test_vp_flush),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
