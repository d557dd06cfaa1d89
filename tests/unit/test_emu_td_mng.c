// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the software TDX module's TD management leaves: TDH.MNG.CREATE,
 * MNG.KEY.CONFIG, MNG.ADDCX, MNG.INIT (every TD_PARAMS check, in order),
 * MNG.RD, and the key ownership table.  Each error class of each leaf, in
 * the module's order, with its status and operand id.
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
#define RANGE(id)	OP(TDX_OPERAND_ADDR_RANGE_ERROR, TDX_OPERAND_ID_##id)
#define BUSY(id)	OP(TDX_OPERAND_BUSY, TDX_OPERAND_ID_##id)
#define PMI(id)		OP(TDX_PAGE_METADATA_INCORRECT, TDX_OPERAND_ID_##id)
#define GLOBAL_HKID	32
#define KEYID(k)	((u64)(k) << 46)	/* 52-bit PA, 6 KeyID bits */
#define UNMAPPED_PA	0x100000ULL		/* in TDMR0, no fixture memory behind it */
#define RSVD_PA		(EMU_FX_PAMT_PA + 0x800000)	/* TDMR0's reserved area */

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

static u64 mng_rd(struct tdfx *t, struct tdfx_td *td, unsigned int v, u64 id, struct tdx_args *a)
{
	return tdfx_call(t, 0, TDFX_RAX_V(TDH_MNG_RD, v), td->tdr, id, 0, a);
}

static u64 rd_value(struct tdfx *t, struct tdfx_td *td, u64 id)
{
	struct tdx_args a;

	assert_int_equal(mng_rd(t, td, 0, id, &a), TDX_SUCCESS);
	return a.r8;
}

/* ---- TDH.MNG.CREATE */

static void test_create_hkid_checks(void **state)
{
	struct tdfx *t = *state;
	u64 pa = tdfx_page(t);

	/* RDX comes first, even with a bad RCX */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa | 1, 1ULL << 16 | TDFX_HKID, 0, NULL),
			 INV(RDX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa, 0, 0, NULL), INV(RDX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa, 31, 0, NULL), INV(RDX));	/* MKTME */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa, 64, 0, NULL), INV(RDX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa, 63, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdx_emu_kot_state(t->fx.emu, 63), TDX_EMU_KOT_ASSIGNED);
}

static void test_create_page_checks(void **state)
{
	struct tdfx *t = *state;
	u64 pa = tdfx_page(t), st;
	struct tdfx_td td;

	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa + 0x800, TDFX_HKID, 0, NULL), INV(RCX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa | KEYID(1), TDFX_HKID, 0, NULL),
			 INV(RCX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, 1ULL << 52, TDFX_HKID, 0, NULL), INV(RCX));
	/* not in a TDMR; in a TDMR not initialised yet */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, 2 * SZ_1G, TDFX_HKID, 0, NULL), RANGE(RCX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, EMU_FX_TDMR1_BASE, TDFX_HKID, 0, NULL),
			 RANGE(RCX));
	/* another LP holds the page's PAMT entry; a 1G entry locked above it */
	tdfx_pamt(t, pa)->lock = TDX_EMU_PAMT_LOCK_EXCLUSIVE;
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa, TDFX_HKID, 0, NULL), BUSY(RCX));
	tdfx_pamt(t, pa)->lock = 0x4;		/* one shared holder is enough */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa, TDFX_HKID, 0, NULL), BUSY(RCX));
	tdfx_pamt(t, pa)->lock = 0;
	((struct tdx_pamt_entry *)tdfx_va(t, emu_fx_pamt_pa(0, TDX_PS_1G)))->lock = 1;
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa, TDFX_HKID, 0, NULL), BUSY(RCX));
	((struct tdx_pamt_entry *)tdfx_va(t, emu_fx_pamt_pa(0, TDX_PS_1G)))->lock = 0;
	/* a reserved page; a page that is already a TDR */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, RSVD_PA, TDFX_HKID, 0, NULL), PMI(RCX));
	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, td.tdr, TDFX_HKID + 1, 0, NULL), PMI(RCX));
	/* memory the host cannot map */
	st = tdfx_call(t, 0, TDH_MNG_CREATE, UNMAPPED_PA, TDFX_HKID + 1, 0, NULL);
	assert_int_equal(st, RANGE(RCX));
	assert_int_equal(tdfx_status(t).map_failures, 1);
	assert_int_equal(tdfx_pt(t, UNMAPPED_PA), PT_NDA);
	assert_int_equal(tdx_emu_kot_state(t->fx.emu, TDFX_HKID + 1), TDX_EMU_KOT_FREE);
	assert_int_equal(tdfx_status(t).violations, 0);
}

static void test_create_kot(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	u64 pa = tdfx_page(t);

	tdx_emu_hold_lock(t->fx.emu, TDX_EMU_LOCK_KOT, 0, true);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa, TDFX_HKID, 0, NULL), BUSY(KOT));
	tdx_emu_hold_lock(t->fx.emu, TDX_EMU_LOCK_KOT, 0, false);
	assert_int_equal(tdfx_pt(t, pa), PT_NDA);
	/* the global KeyID is RESERVED since SYS.CONFIG; one in use is ASSIGNED */
	assert_int_equal(tdx_emu_kot_state(t->fx.emu, GLOBAL_HKID), TDX_EMU_KOT_RESERVED);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa, GLOBAL_HKID, 0, NULL),
			 TDX_HKID_NOT_FREE);
	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_CREATE, pa, TDFX_HKID, 0, NULL),
			 TDX_HKID_NOT_FREE);
	assert_int_equal(tdfx_pt(t, pa), PT_NDA);
	/* the TDR: zeroed, HKID, lifecycle HKID_ASSIGNED; owned by nobody */
	assert_int_equal(tdr_of(t, &td)->hkid, TDFX_HKID);
	assert_int_equal(tdr_of(t, &td)->lifecycle, EMU_TD_HKID_ASSIGNED);
	assert_int_equal(tdr_of(t, &td)->num_tdcx, 0);
	assert_int_equal(tdfx_pt(t, td.tdr), PT_TDR);
	assert_int_equal(tdfx_owner(t, td.tdr), 0);
	assert_int_equal(tdfx_status(t).hkids[TDX_EMU_KOT_ASSIGNED], 1);
	assert_int_equal(tdfx_status(t).hkids[TDX_EMU_KOT_RESERVED], 1);
	assert_int_equal(tdfx_status(t).hkids[TDX_EMU_KOT_FREE], 30);
}

/* SYS.CONFIG reserves the global KeyID past its register checks, even if it fails later. */
static void test_global_keyid_reserved_by_config(void **state)
{
	struct emu_fx fx;
	struct tdmr_info *ti;

	(void)state;
	assert_int_equal(emu_fx_setup(&fx, 1, 1), 0);
	assert_int_equal(emu_fx_to_lp_done(&fx), TDX_SUCCESS);
	emu_fx_build_tdmrs(&fx);
	/* fails at its R8 check: nothing reserved */
	assert_int_equal(emu_fx_call(&fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, 2, 5, NULL),
			 INV(R8));
	assert_int_equal(tdx_emu_kot_state(fx.emu, 34), TDX_EMU_KOT_FREE);
	/* fails on a TDMR, after the register checks: reserved all the same */
	ti = emu_fx_tdmr_info(&fx, 1);
	ti->size = 0;
	assert_int_not_equal(emu_fx_call(&fx, 0, TDH_SYS_CONFIG, EMU_FX_ARRAY_PA, 2, 34, NULL),
			     TDX_SUCCESS);
	assert_int_equal(tdx_emu_kot_state(fx.emu, 34), TDX_EMU_KOT_RESERVED);
	ti->size = EMU_FX_TDMR_SIZE;
	assert_int_equal(emu_fx_config(&fx, 2), TDX_SUCCESS);
	assert_int_equal(tdx_emu_kot_state(fx.emu, 32), TDX_EMU_KOT_RESERVED);
	assert_int_equal(tdx_emu_kot_state(fx.emu, TDX_EMU_MAX_HKIDS), -EINVAL);
	/* power-on forgets them */
	tdx_emu_reset(fx.emu);
	assert_int_equal(tdx_emu_kot_state(fx.emu, 34), TDX_EMU_KOT_FREE);
	emu_fx_teardown(&fx);
}

/* ---- TDH.MNG.KEY.CONFIG */

static void test_key_config(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	u64 other = tdfx_page(t);

	assert_int_equal(tdfx_call(t, 0, TDH_MNG_KEY_CONFIG, other, 0, 0, NULL), PMI(RCX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_KEY_CONFIG, other | 8, 0, 0, NULL), INV(RCX));
	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 1, TDH_MNG_KEY_CONFIG, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdr_of(t, &td)->pkg_config_bitmap, 0x1);
	assert_int_equal(tdr_of(t, &td)->lifecycle, EMU_TD_HKID_ASSIGNED);
	/* once per package: KEY_CONFIGURED is not an error */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_KEY_CONFIG, td.tdr, 0, 0, NULL),
			 TDX_KEY_CONFIGURED);
	assert_false(TDX_KEY_CONFIGURED & TDX_STATUS_ERROR);
	/* the last package: KEYS_CONFIGURED, and then no more */
	assert_int_equal(tdfx_call(t, 3, TDH_MNG_KEY_CONFIG, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdr_of(t, &td)->lifecycle, EMU_TD_KEYS_CONFIGURED);
	assert_int_equal(tdfx_call(t, 2, TDH_MNG_KEY_CONFIG, td.tdr, 0, 0, NULL),
			 TDX_LIFECYCLE_STATE_INCORRECT);
	/* a fatal TD (the flag set behind the module's back: a scribble too) */
	tdr_of(t, &td)->fatal = 1;
	assert_int_equal(tdfx_call(t, 2, TDH_MNG_KEY_CONFIG, td.tdr, 0, 0, NULL), TDX_TD_FATAL);
	assert_int_equal(tdfx_status(t).violations, 1);
	assert_int_equal(tdfx_status(t).violation_kind, PT_TDR);
}

/* ---- TDH.MNG.ADDCX */

static void test_addcx_checks(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	u64 pa = tdfx_page(t);

	assert_int_equal(tdfx_call(t, 0, TDH_MNG_ADDCX, pa, pa, 0, NULL), PMI(RDX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_ADDCX, pa, 2 * SZ_1G, 0, NULL), RANGE(RDX));
	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	/* keys not configured on every package */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_KEY_CONFIG, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_ADDCX, pa, td.tdr, 0, NULL),
			 TDX_TD_KEYS_NOT_CONFIGURED);
	assert_int_equal(tdfx_call(t, 2, TDH_MNG_KEY_CONFIG, td.tdr, 0, 0, NULL), TDX_SUCCESS);
	/* the page: reserved, the TDR itself (locked by this very call), misaligned */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_ADDCX, RSVD_PA, td.tdr, 0, NULL), PMI(RCX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_ADDCX, td.tdr, td.tdr, 0, NULL), BUSY(RCX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_ADDCX, pa + 8, td.tdr, 0, NULL), INV(RCX));
	assert_int_equal(tdfx_addcx(t, &td, 9), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_ADDCX, pa, td.tdr, 0, NULL),
			 TDX_TDCX_NUM_INCORRECT);
	/* fatal comes before everything but the TDR check */
	tdr_of(t, &td)->fatal = 1;
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_ADDCX, pa, td.tdr, 0, NULL), TDX_TD_FATAL);
}

static void test_addcx_effects(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;
	const u8 *p;
	unsigned int i;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_keys(t, &td), TDX_SUCCESS);
	memset(tdfx_va(t, t->next_page), 0x5a, 8 * SZ_4K);	/* whatever was there */
	assert_int_equal(tdfx_addcx(t, &td, 6), TDX_SUCCESS);
	assert_int_equal(tdr_of(t, &td)->num_tdcx, 6);
	assert_int_equal(tdr_of(t, &td)->chldcnt, 6);
	for (i = 0; i < 6; i++) {
		assert_int_equal(tdr_of(t, &td)->tdcx_pa[i], td.tdcs[i] | KEYID(TDFX_HKID));
		assert_int_equal(tdfx_pt(t, td.tdcs[i]), PT_TDCX);
		assert_int_equal(tdfx_owner(t, td.tdcs[i]), td.tdr);
		p = tdfx_va(t, td.tdcs[i]);
		/* the MSR bitmaps all ones; the rest (SEPT root included) all FREE/zero */
		assert_int_equal(p[0], i == EMU_TDCS_MSR_BITMAPS ? 0xff : 0);
		assert_int_equal(p[SZ_4K - 1], i == EMU_TDCS_MSR_BITMAPS ? 0xff : 0);
	}
	/* a 7th page (an L2 SEPT root) before INIT, not after */
	assert_int_equal(tdfx_addcx(t, &td, 1), TDX_SUCCESS);
	tdfx_params(t);
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_ADDCX, t->next_page, td.tdr, 0, NULL),
			 TDX_OP_STATE_INCORRECT);
	assert_int_equal(tdfx_pt(t, t->next_page), PT_NDA);
	assert_int_equal(tdr_of(t, &td)->num_tdcx, 7);
	assert_int_equal(tdfx_status(t).violations, 0);
}

/* ---- TDH.MNG.INIT */

static void keyed_td(struct tdfx *t, struct tdfx_td *td, unsigned int tdcs)
{
	assert_int_equal(tdfx_create(t, td, TDFX_HKID), TDX_SUCCESS);
	assert_int_equal(tdfx_keys(t, td), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, td, tdcs), TDX_SUCCESS);
}

static void test_init_state_and_rdx(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td;

	assert_int_equal(tdfx_create(t, &td, TDFX_HKID), TDX_SUCCESS);
	tdfx_params(t);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_INIT, td.tdr + 1, TDFX_PARAMS_PA, 0, NULL),
			 INV(RCX));
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_TD_KEYS_NOT_CONFIGURED);
	assert_int_equal(tdfx_keys(t, &td), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, &td, 5), TDX_SUCCESS);
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_TDCS_NOT_ALLOCATED);
	assert_int_equal(tdfx_addcx(t, &td, 1), TDX_SUCCESS);
	/* TD_PARAMS: 1024-aligned, shared (an MKTME KeyID is fine, a TDX one is not) */
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_INIT, td.tdr, TDFX_PARAMS_PA + 512, 0, NULL),
			 INV(RDX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_INIT, td.tdr, TDFX_PARAMS_PA | KEYID(32), 0,
				   NULL), INV(RDX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_INIT, td.tdr, UNMAPPED_PA, 0, NULL), INV(RDX));
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_INIT, td.tdr, TDFX_PARAMS_PA | KEYID(31), 0,
				   NULL), TDX_SUCCESS);
	assert_int_equal(tdcs_of(t, &td)->op_state, EMU_OP_INITIALIZED);
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_OP_STATE_INCORRECT);
}

struct params_case {
	const char *what;
	void (*set)(struct tdfx_params *p);
	u64 status;
};

static void p_attr_fixed0(struct tdfx_params *p) { p->attributes |= BIT_ULL(1); }
static void p_attr_mig_debug(struct tdfx_params *p) { p->attributes |= BIT_ULL(29) | 1; }
static void p_attr_mig_perfmon(struct tdfx_params *p) { p->attributes |= BIT_ULL(29) | BIT_ULL(63); }
static void p_xfam_fixed1(struct tdfx_params *p) { p->xfam = 0x1; }
static void p_xfam_fixed0(struct tdfx_params *p) { p->xfam |= BIT_ULL(3); }
static void p_xfam_avx512_no_avx(struct tdfx_params *p) { p->xfam |= 0xe0; }
static void p_xfam_avx512_partial(struct tdfx_params *p) { p->xfam |= 0x64; }
static void p_xfam_cet(struct tdfx_params *p) { p->xfam |= BIT_ULL(11); }
static void p_xfam_amx(struct tdfx_params *p) { p->xfam |= BIT_ULL(18); }
static void p_maxv_0(struct tdfx_params *p) { p->max_vcpus = 0; }
static void p_maxv_577(struct tdfx_params *p) { p->max_vcpus = 577; }
static void p_l2_4(struct tdfx_params *p) { p->num_l2_vms = 4; }
static void p_l2_1(struct tdfx_params *p) { p->num_l2_vms = 1; }
static void p_rsvd0(struct tdfx_params *p) { p->reserved0 = 1; }
static void p_exec(struct tdfx_params *p) { p->config_flags = BIT_ULL(3); }
static void p_eptp_mt(struct tdfx_params *p) { p->eptp_controls = 0x18; }
static void p_eptp_pwl2(struct tdfx_params *p) { p->eptp_controls = 0x16; }
static void p_eptp_pwl5(struct tdfx_params *p) { p->eptp_controls = 0x2e; }
static void p_eptp_ad(struct tdfx_params *p) { p->eptp_controls |= BIT_ULL(6); }
static void p_eptp_base(struct tdfx_params *p) { p->eptp_controls |= 0x1000; }
static void p_eptp_gpaw4(struct tdfx_params *p) { p->config_flags = 1; }
static void p_tsc_low(struct tdfx_params *p) { p->tsc_frequency = 3; }
static void p_tsc_high(struct tdfx_params *p) { p->tsc_frequency = 401; }
static void p_rsvd1(struct tdfx_params *p) { p->reserved1[37] = 1; }
static void p_msr_ctls(struct tdfx_params *p) { p->msr_config_ctls = 2; }
static void p_rsvd2(struct tdfx_params *p) { p->reserved2[0] = 1; }
static void p_cpuid_bits(struct tdfx_params *p) { p->cpuid[5][1] = 1; }	/* 7/0 EBX */
static void p_cpuid_fms(struct tdfx_params *p) { p->cpuid[0][0] = 0x000806f7; }
static void p_rsvd3(struct tdfx_params *p) { p->cpuid[47][3] = 1; }
static void p_archcap_no_ctl(struct tdfx_params *p) { p->arch_cap_config = BIT_ULL(4); }
static void p_archcap_bit(struct tdfx_params *p)
{
	p->msr_config_ctls = 1;
	p->arch_cap_config = BIT_ULL(5);
}

/* Two bad fields at once: the first in the module's order wins. */
static void p_attr_and_xfam(struct tdfx_params *p) { p_attr_fixed0(p); p_xfam_fixed1(p); }
static void p_tsc_and_cpuid(struct tdfx_params *p) { p_tsc_low(p); p_cpuid_bits(p); }
static void p_cpuid_and_rsvd3(struct tdfx_params *p) { p_rsvd3(p); p_cpuid_fms(p); }
static void p_rsvd3_and_archcap(struct tdfx_params *p) { p_rsvd3(p); p_archcap_bit(p); }

static const struct params_case params_cases[] = {
	{ "attributes outside FIXED0", p_attr_fixed0, INV(ATTRIBUTES) },
	{ "migratable + debug", p_attr_mig_debug, INV(ATTRIBUTES) },
	{ "migratable + perfmon", p_attr_mig_perfmon, INV(ATTRIBUTES) },
	{ "xfam without SSE", p_xfam_fixed1, INV(XFAM) },
	{ "xfam outside FIXED0", p_xfam_fixed0, INV(XFAM) },
	{ "avx-512 without avx", p_xfam_avx512_no_avx, INV(XFAM) },
	{ "avx-512 bits apart", p_xfam_avx512_partial, INV(XFAM) },
	{ "cet_u without cet_s", p_xfam_cet, INV(XFAM) },
	{ "amx data without cfg", p_xfam_amx, INV(XFAM) },
	{ "max_vcpus 0", p_maxv_0, INV(MAX_VCPUS) },
	{ "max_vcpus 577", p_maxv_577, INV(MAX_VCPUS) },
	{ "4 L2 VMs", p_l2_4, INV(NUM_L2_VMS) },
	{ "1 L2 VM, 6 TDCS pages", p_l2_1, TDX_TDCS_NOT_ALLOCATED },
	{ "reserved_0", p_rsvd0, INV(RDX) },
	{ "config flag 3", p_exec, INV(EXEC_CONTROLS) },
	{ "eptp memory type", p_eptp_mt, INV(EPTP_CONTROLS) },
	{ "eptp 3 levels", p_eptp_pwl2, INV(EPTP_CONTROLS) },
	{ "eptp 6 levels", p_eptp_pwl5, INV(EPTP_CONTROLS) },
	{ "eptp A/D", p_eptp_ad, INV(EPTP_CONTROLS) },
	{ "eptp base", p_eptp_base, INV(EPTP_CONTROLS) },
	{ "gpaw with 4 levels", p_eptp_gpaw4, INV(EPTP_CONTROLS) },
	{ "tsc 3", p_tsc_low, INV(TSC_FREQUENCY) },
	{ "tsc 401", p_tsc_high, INV(TSC_FREQUENCY) },
	{ "reserved_1", p_rsvd1, INV(RDX) },
	{ "msr_config_ctls 7:1", p_msr_ctls, INV(RDX) },
	{ "reserved_2", p_rsvd2, INV(RDX) },
	{ "cpuid bit not configurable", p_cpuid_bits, INV(CPUID_CONFIG) },
	{ "cpuid FMS not native", p_cpuid_fms, INV(CPUID_CONFIG) },
	{ "reserved_3", p_rsvd3, INV(RDX) },
	{ "arch_cap without the ctl", p_archcap_no_ctl, INV(IA32_ARCH_CAPABILITIES_CONFIG) },
	{ "arch_cap bit", p_archcap_bit, INV(IA32_ARCH_CAPABILITIES_CONFIG) },
	{ "attributes before xfam", p_attr_and_xfam, INV(ATTRIBUTES) },
	{ "tsc before cpuid", p_tsc_and_cpuid, INV(TSC_FREQUENCY) },
	{ "cpuid before reserved_3", p_cpuid_and_rsvd3, INV(CPUID_CONFIG) },
	{ "reserved_3 before arch_cap", p_rsvd3_and_archcap, INV(RDX) },
};

static void test_init_td_params(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_params *p;
	struct tdx_args a;
	struct tdfx_td td;
	unsigned int i;

	keyed_td(t, &td, 6);
	for (i = 0; i < ARRAY_SIZE(params_cases); i++) {
		u64 st;

		p = tdfx_params(t);
		params_cases[i].set(p);
		st = tdfx_init(t, &td, &a);
		if (st != params_cases[i].status)
			fail_msg("%s: 0x%llx, want 0x%llx", params_cases[i].what,
				 (unsigned long long)st, (unsigned long long)params_cases[i].status);
		/* a failed INIT leaves the TD uninitialised: it can be tried again */
		assert_int_equal(tdcs_of(t, &td)->op_state, EMU_OP_UNINIT);
		if (st == INV(CPUID_CONFIG))
			assert_true(a.rcx == 0x7 || a.rcx == 0xffffffff00000001ULL);
		else
			assert_int_equal(a.rcx, 0);
	}
	/* fields checked before the failing one stay written */
	p = tdfx_params(t);
	p->xfam = 0x7;
	p->tsc_frequency = 3;
	assert_int_equal(tdfx_init(t, &td, NULL), INV(TSC_FREQUENCY));
	assert_int_equal(tdcs_of(t, &td)->xfam, 0x7);
	assert_int_equal(tdcs_of(t, &td)->eptp, TDFX_EPTP_4LVL);
	/* and a good one goes through */
	tdfx_params(t)->max_vcpus = 576;
	assert_int_equal(tdfx_init(t, &td, &a), TDX_SUCCESS);
	assert_int_equal(rd_value(t, &td, 0x1110000200000002ULL), 576);	/* MAX_VCPUS */
	assert_int_equal(tdfx_status(t).violations, 0);
}

static void test_init_cpuid_details(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_params *p;
	struct tdx_args a;
	struct tdfx_td td;

	keyed_td(t, &td, 6);
	/* RCX names the leaf and subleaf: 4/2 here */
	p = tdfx_params(t);
	p->cpuid[3][3] = 0x4;		/* EDX bit 2 of 4/2: not configurable */
	assert_int_equal(tdfx_init(t, &td, &a), INV(CPUID_CONFIG));
	assert_int_equal(a.rcx, 0x4ULL | (2ULL << 32));
	/* FMS 0 is native; the native one explicitly too */
	p = tdfx_params(t);
	p->cpuid[0][0] = 0x000806f8;
	assert_int_equal(tdfx_init(t, &td, &a), TDX_SUCCESS);
	assert_int_equal(tdcs_of(t, &td)->cpuid[0][0], 0x000806f8);
}

static void test_init_versions_and_knobs(void **state)
{
	struct tdx_emu_config cfg;
	struct tdfx *t = *state;
	struct tdfx_params *p;
	struct tdfx_td td;

	/* 1.5.01: no upper bound on MAX_VCPUS */
	tdfx_teardown(t);
	emu_fx_default_config(&cfg);
	cfg.update = 1;
	cfg.ept_5level = false;
	cfg.tsx_ctrl = false;
	cfg.cpuid_config[5].value[0] |= (BIT_ULL(4) | BIT_ULL(11)) << 32;	/* 7/0 HLE, RTM */
	assert_int_equal(tdfx_setup_cfg(t, &cfg), 0);
	keyed_td(t, &td, 6);
	p = tdfx_params(t);
	p->eptp_controls = 0x26;			/* 5 levels: not on this CPU */
	assert_int_equal(tdfx_init(t, &td, NULL), INV(EPTP_CONTROLS));
	p = tdfx_params(t);
	p->cpuid[5][1] = 1U << 4;			/* HLE without RTM */
	assert_int_equal(tdfx_init(t, &td, NULL), INV(CPUID_CONFIG));
	p = tdfx_params(t);
	p->cpuid[5][1] = (1U << 4) | (1U << 11);	/* TSX, but no IA32_TSX_CTRL */
	assert_int_equal(tdfx_init(t, &td, NULL), OP(TDX_INCORRECT_MSR_VALUE, 0x10A));
	p = tdfx_params(t);
	p->max_vcpus = 1000;
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
}

static void test_init_5level_gpaw_migratable(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_params *p;
	struct tdfx_td td, td2;

	keyed_td(t, &td, 7);
	/* migratable with an L2 VM: refused after everything else */
	p = tdfx_params(t);
	p->attributes |= BIT_ULL(29);
	p->num_l2_vms = 1;
	assert_int_equal(tdfx_init(t, &td, NULL), INV(RDX));
	/* 5-level EPT with GPAW */
	p = tdfx_params(t);
	p->eptp_controls = 0x26;
	p->config_flags = 1;
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	assert_int_equal(rd_value(t, &td, 0x1110000000000003ULL), 1);	/* GPAW */
	assert_int_equal(rd_value(t, &td, 0x1110000300000004ULL), 0x26);	/* EPTP */
	/* a migratable TD without L2 is fine */
	assert_int_equal(tdfx_create(t, &td2, TDFX_HKID + 1), TDX_SUCCESS);
	assert_int_equal(tdfx_keys(t, &td2), TDX_SUCCESS);
	assert_int_equal(tdfx_addcx(t, &td2, 6), TDX_SUCCESS);
	tdfx_params(t)->attributes |= BIT_ULL(29);
	assert_int_equal(tdfx_init(t, &td2, NULL), TDX_SUCCESS);
}

/* A 1.5.05-style CPUID list: ..., 7/2 (10), 0x23 (11), 0x1F/0..5 (12..17). */
static void setup_1f(struct tdfx *t, u64 mask_1f)
{
	struct tdx_emu_config cfg;
	unsigned int i;

	tdfx_teardown(t);
	emu_fx_default_config(&cfg);
	for (i = 0; i < 6; i++) {
		cfg.cpuid_config[12 + i].leaf = 0x1f | ((u64)i << 32);
		cfg.cpuid_config[12 + i].value[0] = mask_1f;
		cfg.cpuid_config[12 + i].value[1] = mask_1f;
	}
	cfg.nr_cpuid_config = 18;
	assert_int_equal(tdfx_setup_cfg(t, &cfg), 0);
}

static void test_init_cpuid_lookup_order(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_params *p;
	struct tdx_args a;
	struct tdfx_td td;

	setup_1f(t, 0);
	keyed_td(t, &td, 6);
	/*
	 * 0x23 (slot 11) and 0x1F/0 (slot 12) both wrong: the module checks 0x1F
	 * first.  0x23's EBX has no configurable bit (its EAX 3:0 are, in 1.5.05).
	 */
	p = tdfx_params(t);
	p->cpuid[11][1] = 1;
	p->cpuid[12][0] = 1;
	assert_int_equal(tdfx_init(t, &td, &a), INV(CPUID_CONFIG));
	assert_int_equal(a.rcx, 0x1f);
	p = tdfx_params(t);
	p->cpuid[11][1] = 1;
	assert_int_equal(tdfx_init(t, &td, &a), INV(CPUID_CONFIG));
	assert_int_equal(a.rcx, 0x23);
	/* all-zero 0x1F: the native topology */
	tdfx_params(t);
	assert_int_equal(tdfx_init(t, &td, &a), TDX_SUCCESS);
}

static void test_init_cpuid_1f(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_params *p;
	struct tdfx_td td;

	setup_1f(t, ~0ULL);
	keyed_td(t, &td, 6);
	p = tdfx_params(t);
	p->cpuid[13][2] = 2 << 8;	/* sub-leaf 1 set, sub-leaf 0 all zero */
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED);
	p = tdfx_params(t);
	p->cpuid[12][2] = 1 << 8;	/* SMT after SMT: the levels must rise */
	p->cpuid[13][2] = 1 << 8;
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED);
	p = tdfx_params(t);
	p->cpuid[12][2] = 1 << 8;	/* SMT, core, the end, then something again */
	p->cpuid[13][2] = 2 << 8;
	p->cpuid[15][2] = 3 << 8;
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED);
	p = tdfx_params(t);
	p->cpuid[12][2] = 1 << 8;	/* SMT, core, the end */
	p->cpuid[13][2] = 2 << 8;
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	assert_int_equal(rd_value(t, &td, 0x9110000000000019ULL), 1);	/* TOPOLOGY_ENUM */
}

/* ---- TDH.MNG.RD */

static void test_mng_rd_checks(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_td td = { 0 };
	struct tdx_args a;

	assert_int_equal(mng_rd(t, &td, 2, 0, &a), INV(RAX));
	keyed_td(t, &td, 6);
	/* before INIT: OP_STATE_INCORRECT, outputs preset */
	a.r8 = 5;
	assert_int_equal(mng_rd(t, &td, 1, 0x1110000300000000ULL, &a), TDX_OP_STATE_INCORRECT);
	assert_int_equal(a.r8, 0);
	assert_int_equal(a.rdx, MD_FIELD_ID_NA);
	tdfx_params(t);
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	assert_int_equal(tdfx_call(t, 0, TDH_MNG_RD, td.tdcs[0], 0, 0, NULL), PMI(RCX));
	/* null id: the first field (v1), an incorrect id (v0) */
	assert_int_equal(mng_rd(t, &td, 1, MD_FIELD_ID_NA, &a),
			 TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT);
	assert_int_equal(a.rdx, 0x8010000000000001ULL);
	assert_int_equal(mng_rd(t, &td, 0, MD_FIELD_ID_NA, &a), TDX_METADATA_FIELD_ID_INCORRECT);
	/* reserved bits, a sequence, an unknown field */
	assert_int_equal(mng_rd(t, &td, 0, 0x1110000301000000ULL, &a),
			 TDX_METADATA_FIELD_ID_INCORRECT);
	assert_int_equal(mng_rd(t, &td, 0, 0x1110000700000000ULL, &a),
			 TDX_METADATA_FIELD_ID_INCORRECT);
	assert_int_equal(mng_rd(t, &td, 0, 0x1110000300000040ULL, &a),
			 TDX_METADATA_FIELD_ID_INCORRECT);
	/* never readable, readable in debug TDs only */
	assert_int_equal(mng_rd(t, &td, 0, 0x8210000300000002ULL, &a),
			 TDX_METADATA_FIELD_NOT_READABLE);
	assert_int_equal(mng_rd(t, &td, 0, 0x1310000300000040ULL, &a),
			 TDX_METADATA_FIELD_NOT_READABLE);
	/* the TD's KEYS_CONFIGURED lifecycle, TDCS present: checked like INIT */
	tdr_of(t, &td)->fatal = 1;
	assert_int_equal(mng_rd(t, &td, 0, 0x1110000300000000ULL, &a), TDX_TD_FATAL);
}

static void test_mng_rd_values(void **state)
{
	struct tdfx *t = *state;
	struct tdfx_params *p;
	struct tdx_args a;
	struct tdfx_td td;

	keyed_td(t, &td, 6);
	p = tdfx_params(t);
	p->attributes = 1;		/* DEBUG */
	p->xfam = 0x7;
	p->max_vcpus = 3;
	p->mrowner[5] = 0x1122334455667788ULL;
	assert_int_equal(tdfx_init(t, &td, NULL), TDX_SUCCESS);
	assert_int_equal(rd_value(t, &td, 0x1110000300000000ULL), 1);
	assert_int_equal(rd_value(t, &td, 0x1110000300000001ULL), 0x7);
	assert_int_equal(rd_value(t, &td, 0x1110000200000002ULL), 3);
	assert_int_equal(rd_value(t, &td, 0x8110000100000001ULL), TDFX_HKID);
	assert_int_equal(rd_value(t, &td, 0x8010000200000005ULL), EMU_TD_KEYS_CONFIGURED);
	assert_int_equal(rd_value(t, &td, 0x8010000200000002ULL), 6);
	assert_int_equal(rd_value(t, &td, 0x8010000300000010ULL + 3), td.tdcs[3] | KEYID(TDFX_HKID));
	assert_int_equal(rd_value(t, &td, 0x9010000200000004ULL), EMU_OP_INITIALIZED);
	assert_int_equal(rd_value(t, &td, 0x111000010000000CULL), 100);	/* TSC_FREQUENCY */
	assert_int_equal(rd_value(t, &td, 0x1310000300000018ULL + 5), 0x1122334455667788ULL);
	/* the context in the id is ignored (forced to TD) */
	assert_int_equal(rd_value(t, &td, 0x1100000300000001ULL), 0x7);
	/* a debug TD may read its RTMRs */
	assert_int_equal(mng_rd(t, &td, 0, 0x1310000300000040ULL, &a), TDX_SUCCESS);
	/* v1: the next element, the next field, across unreadable ones */
	assert_int_equal(mng_rd(t, &td, 1, 0x8010000300000020ULL, &a), TDX_SUCCESS);
	assert_int_equal(a.rdx, 0x8010000300000021ULL);		/* TD_UUID[1] */
	assert_int_equal(mng_rd(t, &td, 1, 0x8210000300000001ULL, &a), TDX_SUCCESS);
	assert_int_equal(a.rdx, 0x9010000200000001ULL);		/* NONCE skipped */
	/* v0 leaves RDX as it was */
	assert_int_equal(mng_rd(t, &td, 0, 0x8210000300000001ULL, &a), TDX_SUCCESS);
	assert_int_equal(a.rdx, 0x8210000300000001ULL);
	/* the last field, and x2APIC ids */
	assert_int_equal(mng_rd(t, &td, 1, 0x9C10000200000000ULL + 575, &a), TDX_SUCCESS);
	assert_int_equal(a.rdx, MD_FIELD_ID_NA);
	assert_int_equal(tdfx_vcpu(t, &td, 0, 0xabcdef), TDX_SUCCESS);
	assert_int_equal(rd_value(t, &td, 0x9C10000200000000ULL), 0xabcdef);
	assert_int_equal(rd_value(t, &td, 0x9010000200000001ULL), 1);	/* NUM_VCPUS */
	assert_int_equal(rd_value(t, &td, 0x9010000200000002ULL), 1);	/* NUM_ASSOC */
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_hkid_checks),
		T(test_create_page_checks),
		T(test_create_kot),
		cmocka_unit_test(test_global_keyid_reserved_by_config),
		T(test_key_config),
		T(test_addcx_checks),
		T(test_addcx_effects),
		T(test_init_state_and_rdx),
		T(test_init_td_params),
		T(test_init_cpuid_details),
		T(test_init_versions_and_knobs),
		T(test_init_5level_gpaw_migratable),
		T(test_init_cpuid_lookup_order),
		T(test_init_cpuid_1f),
		T(test_mng_rd_checks),
		T(test_mng_rd_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
