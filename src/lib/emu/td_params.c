// SPDX-License-Identifier: GPL-2.0
/*
 * The software TDX module: TDH.MNG.INIT's checks of TD_PARAMS, in the order
 * of Intel's 1.5.05 api_calls/tdh_mng_init.c (read_and_set_td_
 * configurations(), read_and_set_cpuid_configurations(), then the
 * IA32_ARCH_CAPABILITIES and migratable/L2 checks).  Each field is written
 * into the TDCS as soon as its check passes, as the module does, so a
 * failed INIT leaves what came before it written.
 *
 * Not modelled (nothing to model them on): IA32_TSC_ADJUST changing since
 * TDH.SYS.INIT (INCONSISTENT_MSR), the FMS table of older CPUs a migratable
 * TD may claim, and the CPUID values the module derives from XFAM and
 * ATTRIBUTES.
 */
#include "td_internal.h"

#define EMU_CONFIG_FLAGS_FIXED0		0x7ULL		/* GPAW, FLEXIBLE_PENDING_VE, NO_RBP_MOD */
#define EMU_ARCH_CAP_CONFIG_MASK	0x1180010ULL	/* SSB_NO, RRSBA, BHI_NO, PBRSB_NO */
#define EMU_MSR_ARCH_CAPABILITIES	0x10A

_Static_assert(sizeof(struct emu_td_params) == 1024, "TD_PARAMS is 1024 bytes");
_Static_assert(sizeof(struct emu_tdcs) <= SZ_4K, "TDCS management fits its page");
_Static_assert(sizeof(struct emu_tdr) <= SZ_4K, "TDR fits its page");
_Static_assert(sizeof(struct emu_tdvpr) <= SZ_4K, "TDVPR fits its page");

static bool emu_bit(u64 v, unsigned int b)
{
	return (v >> b) & 1;
}

/* check_xfam() */
static bool emu_xfam_ok(const struct tdx_emu_config *c, u64 x)
{
	if ((x & ~c->xfam_fixed0) || (x & c->xfam_fixed1) != c->xfam_fixed1)
		return false;
	if (emu_bit(x, 5) && !emu_bit(x, 2))			/* AVX-512 needs AVX */
		return false;
	return emu_bit(x, 5) == emu_bit(x, 6) && emu_bit(x, 5) == emu_bit(x, 7) &&
	       emu_bit(x, 11) == emu_bit(x, 12) &&		/* CET_U, CET_S */
	       emu_bit(x, 17) == emu_bit(x, 18);		/* AMX XTILECFG, XTILEDATA */
}

/* verify_and_set_td_eptp_controls() */
static bool emu_eptp_ok(const struct tdx_emu_config *c, u64 eptp, bool gpaw)
{
	unsigned int pwl = (eptp >> 3) & 0x7;

	if ((eptp & 0x7) != 6 || pwl < 3 || pwl > (c->ept_5level ? 4U : 3U))
		return false;
	if (eptp & ~0x3fULL)		/* A/D, SSS, reserved 11:8, base, 63:52 */
		return false;
	if (pwl == 4 && c->max_pa < 49)
		return false;
	return !gpaw || pwl == 4;
}

static bool emu_zero(const void *p, u32 len)
{
	const u8 *b = p;
	u32 i;

	for (i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

static u32 emu_cpuid_leaf(const struct tdx_emu_cpuid_config *cc)
{
	return (u32)cc->leaf;
}

/* check_fms_config() with the native FMS the only one known */
static bool emu_fms_ok(u32 fms, u32 native, bool migratable)
{
	const u32 family_model = 0x0fff0ff0;	/* ext family, ext model, family, model */

	if (!migratable)
		return fms == native;
	return (fms & family_model) == (native & family_model) && (fms & 0xf) <= (native & 0xf);
}

/* One configurable CPUID entry (slot @i of TD_PARAMS). */
static u64 emu_cpuid_entry(struct tdx_emu *emu, struct emu_tdcs *t,
			   const struct emu_td_params *p, unsigned int i, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	const struct tdx_emu_cpuid_config *cc = &c->cpuid_config[i];
	const u64 inv = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_CPUID_CONFIG);
	u32 allowed[4], v[4];
	unsigned int r;

	allowed[0] = (u32)cc->value[0];
	allowed[1] = (u32)(cc->value[0] >> 32);
	allowed[2] = (u32)cc->value[1];
	allowed[3] = (u32)(cc->value[1] >> 32);
	for (r = 0; r < 4; r++) {
		v[r] = p->cpuid[i][r];
		if (v[r] & ~allowed[r]) {
			args->rcx = cc->leaf;
			return inv;
		}
		t->cpuid[i][r] = v[r];
	}
	if (emu_cpuid_leaf(cc) == 1) {
		u32 fms = v[0] ? v[0] : c->pkg_fms;

		t->cpuid[i][0] = fms;
		if (!emu_fms_ok(fms, c->pkg_fms, t->attributes & EMU_ATTR_MIGRATABLE)) {
			args->rcx = cc->leaf;
			return inv;
		}
	} else if (emu_cpuid_leaf(cc) == 7 && (cc->leaf >> 32) == 0) {
		bool hle = emu_bit(v[1], 4), rtm = emu_bit(v[1], 11);

		if (hle != rtm) {
			args->rcx = cc->leaf;
			return inv;
		}
		if (hle && !c->tsx_ctrl)
			return emu_operand(TDX_INCORRECT_MSR_VALUE, EMU_MSR_ARCH_CAPABILITIES);
	}
	return TDX_SUCCESS;
}

/*
 * check_cpuid_1f(), in short: all-zero sub-leaves mean "native"; otherwise
 * the level types (ECX 15:8) rise from sub-leaf 0 and end with an invalid
 * (0) one, after which everything is 0.
 */
static u64 emu_cpuid_1f_ok(const struct tdx_emu_config *c, const struct emu_td_params *p)
{
	unsigned int i, prev = 0;
	bool seen = false, done = false, null = false;

	for (i = 0; i < c->nr_cpuid_config; i++) {
		const u32 *v = p->cpuid[i];
		unsigned int type = (v[2] >> 8) & 0xff;
		bool zero = !v[0] && !v[1] && !v[2] && !v[3];

		if (emu_cpuid_leaf(&c->cpuid_config[i]) != 0x1f)
			continue;
		if (!seen) {
			seen = true;
			null = zero;
		}
		if (null || done) {
			if (!zero)
				return TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED;
			continue;
		}
		if (!type) {
			done = true;
			continue;
		}
		if (type <= prev || type >= 6)
			return TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED;
		prev = type;
	}
	return TDX_SUCCESS;
}

/* The CPUID loop runs in the module's lookup order: leaf 0x23 after 0x1F. */
static u64 emu_cpuid_all(struct tdx_emu *emu, struct emu_tdcs *t,
			 const struct emu_td_params *p, struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	unsigned int pass, i;
	u64 status;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < c->nr_cpuid_config; i++) {
			if ((emu_cpuid_leaf(&c->cpuid_config[i]) == 0x23) != (pass == 1))
				continue;
			status = emu_cpuid_entry(emu, t, p, i, args);
			if (status)
				return status;
		}
	status = emu_cpuid_1f_ok(c, p);
	if (status)
		return status;
	for (i = 0; i < c->nr_cpuid_config; i++)
		if (emu_cpuid_leaf(&c->cpuid_config[i]) == 0x1f)
			t->topology_enum_configured = 1;
	return TDX_SUCCESS;
}

u64 emu_td_params_check(struct tdx_emu *emu, struct emu_td *td, const struct emu_td_params *p,
			struct tdx_args *args)
{
	const struct tdx_emu_config *c = &emu->active;
	const u64 inv_rdx = emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_RDX);
	struct emu_tdcs *t = td->tdcs;
	u64 attr = p->attributes, status;
	u32 used = 16 * c->nr_cpuid_config;

	if ((attr & ~c->attrs_fixed0) || (attr & c->attrs_fixed1) != c->attrs_fixed1 ||
	    ((attr & EMU_ATTR_MIGRATABLE) && (attr & (EMU_ATTR_DEBUG | EMU_ATTR_PERFMON))))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_ATTRIBUTES);
	t->attributes = attr;
	if (!emu_xfam_ok(c, p->xfam))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_XFAM);
	t->xfam = p->xfam;
	/* 1.5.01 has no upper bound (and no MAX_VCPUS_PER_TD field) */
	if (!p->max_vcpus || (emu_version_at_least(c, 1, 5, 5) &&
			      p->max_vcpus > c->max_vcpus_per_td))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_MAX_VCPUS);
	t->max_vcpus = p->max_vcpus;
	if (p->num_l2_vms > EMU_MAX_L2_VMS)
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_NUM_L2_VMS);
	if (td->r->num_tdcx < EMU_TDCS_MIN_PAGES + p->num_l2_vms)
		return TDX_TDCS_NOT_ALLOCATED;
	t->num_l2_vms = p->num_l2_vms;
	if (p->reserved0)
		return inv_rdx;
	if (p->config_flags & ~EMU_CONFIG_FLAGS_FIXED0)
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_EXEC_CONTROLS);
	if (!emu_eptp_ok(c, p->eptp_controls, p->config_flags & EMU_CONFIG_GPAW))
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_EPTP_CONTROLS);
	t->eptp = p->eptp_controls;
	t->config_flags = p->config_flags;
	t->gpaw = p->config_flags & EMU_CONFIG_GPAW;
	if (p->tsc_frequency < 4 || p->tsc_frequency > 400)	/* x 25 MHz */
		return emu_operand(TDX_OPERAND_INVALID, TDX_OPERAND_ID_TSC_FREQUENCY);
	t->tsc_frequency = p->tsc_frequency;
	/* the virtual TSC starts at 0: no real TSC here, so offset 0, multiplier 1.0 */
	t->tsc_offset = 0;
	t->tsc_multiplier = 1ULL << 48;
	if (!emu_zero(p->reserved1, sizeof(p->reserved1)))
		return inv_rdx;
	memcpy(t->mrconfigid, p->mrconfigid, sizeof(t->mrconfigid));
	memcpy(t->mrowner, p->mrowner, sizeof(t->mrowner));
	memcpy(t->mrownerconfig, p->mrownerconfig, sizeof(t->mrownerconfig));
	if (p->msr_config_ctls & 0xfe)
		return inv_rdx;
	if (!emu_zero(p->reserved2, sizeof(p->reserved2)))
		return inv_rdx;

	status = emu_cpuid_all(emu, t, p, args);
	if (status)
		return status;
	if (!emu_zero((const u8 *)p->cpuid + used, sizeof(p->cpuid) - used))
		return inv_rdx;

	if ((!(p->msr_config_ctls & 1) && p->arch_cap_config) ||
	    (p->arch_cap_config & ~EMU_ARCH_CAP_CONFIG_MASK))
		return emu_operand(TDX_OPERAND_INVALID,
				   TDX_OPERAND_ID_IA32_ARCH_CAPABILITIES_CONFIG);
	t->msr_config_ctls = p->msr_config_ctls;
	t->arch_cap_config = p->arch_cap_config;
	if ((attr & EMU_ATTR_MIGRATABLE) && p->num_l2_vms)
		return inv_rdx;
	return TDX_SUCCESS;
}
