// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the TD lifecycle, the parts without a kernel: building
 * TD_PARAMS, the private GPA rules, the status -> errno table.
 */
#include "tdx_td_host.h"

u32 tdx_td_max_vcpus(const struct tdx_sysinfo *si)
{
	if (tdx_sysinfo_has(si, TDX_MD_MAX_VCPUS_PER_TD) && si->max_vcpus_per_td)
		return si->max_vcpus_per_td;
	return 0xffff;	/* 1.5.01 has no such field: TD_PARAMS.MAX_VCPUS is a u16 */
}

static int td_cpuid_slot(const struct tdx_sysinfo *si, u32 leaf, u32 subleaf)
{
	unsigned int i;

	for (i = 0; i < si->nr_cpuid_config; i++) {
		u64 l = si->cpuid_config_leaves[i];

		if ((u32)l == leaf && (u32)(l >> 32) == subleaf)
			return (int)i;
	}
	return -1;
}

int tdx_td_params_build(const struct tdx_sysinfo *si, const struct tdx_td_init_req *req,
			struct tdx_td_params *p, const char **why)
{
	bool used[TDX_TD_PARAMS_MAX_CPUID] = { false };
	u32 units;
	unsigned int i;

	memset(p, 0, sizeof(*p));
	*why = NULL;
	if (si->nr_cpuid_config > TDX_TD_PARAMS_MAX_CPUID) {
		*why = "the TDX module lists more CPUID leaves than TD_PARAMS holds";
		return -EINVAL;
	}
	if (req->attributes & ~si->attrs_fixed0) {
		*why = "attributes outside what the TDX module supports";
		return -EINVAL;
	}
	if (req->xfam & ~si->xfam_fixed0) {
		*why = "xfam outside what the TDX module supports";
		return -EINVAL;
	}
	if (req->max_vcpus < 1 || req->max_vcpus > tdx_td_max_vcpus(si)) {
		*why = "max_vcpus out of range";
		return -EINVAL;
	}
	units = req->tsc_khz / TDX_TSC_UNIT_KHZ;
	if (req->tsc_khz % TDX_TSC_UNIT_KHZ || units < TDX_TSC_UNITS_MIN ||
	    units > TDX_TSC_UNITS_MAX) {
		*why = "TSC frequency not a multiple of 25 MHz in 100 MHz..10 GHz";
		return -EINVAL;
	}

	p->attributes = req->attributes | si->attrs_fixed1;
	p->xfam = req->xfam | si->xfam_fixed1;
	p->max_vcpus = (u16)req->max_vcpus;
	p->eptp_controls = TDX_EPTP_MT_WB | TDX_EPTP_PWL_4;
	p->config_flags = TDX_CONFIG_FLAGS_NO_RBP_MOD;
	p->tsc_frequency = (u16)units;
	for (i = 0; i < 6; i++) {
		p->mr_config_id[i] = req->mr_config_id[i];
		p->mr_owner[i] = req->mr_owner[i];
		p->mr_owner_config[i] = req->mr_owner_config[i];
	}

	for (i = 0; i < req->nr_cpuid; i++) {
		const struct tdx_td_cpuid *c = &req->cpuid[i];
		int slot = td_cpuid_slot(si, c->leaf, c->subleaf);

		if (slot < 0) {
			*why = "a CPUID leaf the TDX module does not let the host configure";
			return -EINVAL;
		}
		if (used[slot]) {
			*why = "a CPUID leaf given twice";
			return -EINVAL;
		}
		used[slot] = true;
		p->cpuid[slot].eax = c->eax;
		p->cpuid[slot].ebx = c->ebx;
		p->cpuid[slot].ecx = c->ecx;
		p->cpuid[slot].edx = c->edx;
	}
	return 0;
}

int tdx_td_gpa_range_check(u64 gpa, u64 nr_pages)
{
	if (!nr_pages || !IS_ALIGNED(gpa, SZ_4K))
		return -EINVAL;
	if (gpa >= TDX_TD_GPA_PRIVATE_END ||
	    nr_pages > (TDX_TD_GPA_PRIVATE_END - gpa) / SZ_4K)
		return -EINVAL;
	return 0;
}

/* Codes (detail bits clear) that are not -EIO. */
static const struct {
	u64 code;
	int err;
} td_errno_table[] = {
	{ TDX_OPERAND_INVALID, -EINVAL },	/* but -EIO when it names RAX */
	{ TDX_OPERAND_BUSY, -EBUSY },
	{ TDX_OPERAND_BUSY_HOST_PRIORITY, -EBUSY },
	{ TDX_SYS_BUSY, -EBUSY },
	{ TDX_HKID_NOT_FREE, -EBUSY },
	{ TDX_RND_NO_ENTROPY, -EAGAIN },
	{ TDX_KEY_GENERATION_FAILED, -EAGAIN },
	{ TDX_NO_VCPUS, -EINVAL },
	{ TDX_MAX_VCPUS_EXCEEDED, -EINVAL },
	{ TDX_X2APIC_ID_NOT_UNIQUE, -EINVAL },
	{ TDX_INCORRECT_CPUID_VALUE, -EINVAL },
	{ TDX_INCONSISTENT_CPUID_FIELD, -EINVAL },
	{ TDX_CPUID_LEAF_1F_FORMAT_UNRECOGNIZED, -EINVAL },
	{ TDX_INCORRECT_MSR_VALUE, -EINVAL },
	{ TDX_EPT_ENTRY_STATE_INCORRECT, -EEXIST },
};

int tdx_td_status_to_errno(u64 status)
{
	u64 code = status & TDX_STATUS_CODE_MASK;
	unsigned int i;

	if (!(status & TDX_STATUS_ERROR))
		return 0;
	if (code == TDX_OPERAND_INVALID && (u32)status == TDX_OPERAND_ID_RAX)
		return -EIO;
	for (i = 0; i < ARRAY_SIZE(td_errno_table); i++)
		if (td_errno_table[i].code == code)
			return td_errno_table[i].err;
	return -EIO;
}
