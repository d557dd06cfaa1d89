// SPDX-License-Identifier: GPL-2.0
/*
 * tdxctl td measure (without --offline): the TDX module measures the image.
 * A TD is built through /dev/tdxhost the way a VMM builds one from TDVF
 * metadata (QEMU + KVM): GET_CAPS, CREATE_TD, TD_INIT, one CREATE_VCPU per
 * vCPU with RCX = the TD HOB's GPA, then per section in metadata order one
 * INIT_MEM_REGION (MEASURE where the section has MR_EXTEND; PAGE_AUG
 * sections are left out), FINALIZE, and MRTD read back with GET_INFO.
 * Closing the TD descriptor tears the TD down.
 *
 * Every section's pages come from a zero-filled buffer with the section's
 * raw data at its start, so TD_HOB and TEMP_MEM are added as zero pages
 * (they are never measured: what a VMM writes there does not count).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/tdxhost.h>

#include "tdxctl.h"
#include "td_measure.h"
#include "tdx_status.h"

#define TDXHOST_DEV	"/dev/tdxhost"

_Static_assert(sizeof(struct tdxhost_caps) == TDXHOST_CAPS_SIZE_VER0, "caps");
_Static_assert(sizeof(struct tdxhost_create_td) == TDXHOST_CREATE_TD_SIZE_VER0, "create_td");
_Static_assert(sizeof(struct tdxhost_td_init) == TDXHOST_TD_INIT_SIZE_VER0, "td_init");
_Static_assert(sizeof(struct tdxhost_td_vcpu) == TDXHOST_TD_VCPU_SIZE_VER0, "td_vcpu");
_Static_assert(sizeof(struct tdxhost_td_mem_region) == TDXHOST_TD_MEM_REGION_SIZE_VER0, "mem");
_Static_assert(sizeof(struct tdxhost_td_finalize) == TDXHOST_TD_FINALIZE_SIZE_VER0, "finalize");
_Static_assert(sizeof(struct tdxhost_td_info) == TDXHOST_TD_INFO_SIZE_VER0, "td_info");

static const char *const tdx_state_name[] = {
	"unavailable", "uninitialized", "initializing", "initialized", "failed",
};

static int errno_exit(int err)
{
	if (err == EACCES || err == EPERM)
		return TDXCTL_EXIT_PERM;
	if (err == ENODEV || err == ENOENT || err == ENOTTY)
		return TDXCTL_EXIT_UNAVAILABLE;
	return TDXCTL_EXIT_FAILED;
}

/* "tdxctl td measure: STEP: error (TDX status ...)"; returns the exit code. */
static int fail(const char *step, int err, uint64_t hw_error, uint64_t leaf)
{
	char st[256];

	if (hw_error) {
		tdx_status_format(st, sizeof(st), hw_error, leaf);
		fprintf(stderr, "tdxctl td measure: %s: %s; TDX status 0x%016llx %s\n", step,
			strerror(err), (unsigned long long)hw_error, st);
	} else {
		fprintf(stderr, "tdxctl td measure: %s: %s\n", step, strerror(err));
	}
	return errno_exit(err);
}

uint64_t td_hob_gpa(const struct tdvf_image *t)
{
	uint32_t i;

	for (i = 0; i < t->nr_sections; i++)
		if (t->sections[i].type == TDVF_SECTION_TD_HOB)
			return t->sections[i].gpa;
	return 0;
}

static int open_dev(void)
{
	int fd = open(TDXHOST_DEV, O_RDWR | O_CLOEXEC), err = errno;

	if (fd >= 0)
		return fd;
	if (err == ENOENT)
		fprintf(stderr, "tdxctl td measure: no %s: the tdxhost module is not loaded, or "
			"too old for TDs (--offline computes MRTD without it)\n", TDXHOST_DEV);
	else if (err == EACCES || err == EPERM)
		fprintf(stderr, "tdxctl td measure: permission denied: %s needs root or group kvm\n",
			TDXHOST_DEV);
	else
		fprintf(stderr, "tdxctl td measure: %s: %s\n", TDXHOST_DEV, strerror(err));
	return -errno_exit(err);
}

/* GET_CAPS without the CPUID list (not needed here: E2BIG still fills the rest). */
static int get_caps(int dev, struct tdxhost_caps *caps)
{
	int err;

	memset(caps, 0, sizeof(*caps));
	caps->size = sizeof(*caps);
	if (!ioctl(dev, TDXHOST_GET_CAPS, caps) || errno == E2BIG)
		return 0;
	err = errno;
	if (err == ENODEV) {
		fprintf(stderr, "tdxctl td measure: TDX is %s: it must be initialized first "
			"('tdxctl enable'), or use --offline\n", caps->tdx_state < 5 ?
			tdx_state_name[caps->tdx_state] : "not usable");
		return TDXCTL_EXIT_UNAVAILABLE;
	}
	if (err == ENOTTY || err == EINVAL)
		fprintf(stderr, "tdxctl td measure: %s has no TD ioctls (module older than this "
			"tdxctl?)\n", TDXHOST_DEV);
	return fail("GET_CAPS", err, 0, TDX_LEAF_NONE);
}

/* What the module allows, checked before anything is created. */
static int check_caps(const struct tdxhost_caps *c, const struct td_image *img,
		      const struct td_build_opts *o)
{
	uint64_t adds, ext;

	if (o->vcpus > c->max_vcpus) {
		fprintf(stderr, "tdxctl td measure: --vcpus %u: the TDX module allows at most %u\n",
			o->vcpus, c->max_vcpus);
		return TDXCTL_EXIT_FAILED;
	}
	if (o->attributes & ~c->attributes_supported) {
		fprintf(stderr, "tdxctl td measure: --attributes 0x%llx: bits 0x%llx are not allowed "
			"(supported 0x%llx)\n", (unsigned long long)o->attributes,
			(unsigned long long)(o->attributes & ~c->attributes_supported),
			(unsigned long long)c->attributes_supported);
		return TDXCTL_EXIT_FAILED;
	}
	if (o->xfam & ~c->xfam_supported) {
		fprintf(stderr, "tdxctl td measure: --xfam 0x%llx: bits 0x%llx are not allowed "
			"(supported 0x%llx)\n", (unsigned long long)o->xfam,
			(unsigned long long)(o->xfam & ~c->xfam_supported),
			(unsigned long long)c->xfam_supported);
		return TDXCTL_EXIT_FAILED;
	}
	mrtd_count(&img->t, &adds, &ext);
	if (adds > c->max_td_pages) {
		fprintf(stderr, "tdxctl td measure: the image adds %llu pages, more than one TD may "
			"hold (%u: module parameter max_td_pages)\n", (unsigned long long)adds,
			c->max_td_pages);
		return TDXCTL_EXIT_FAILED;
	}
	if (!c->keyids_free) {
		fprintf(stderr, "tdxctl td measure: no free TD KeyID (all %u in use)\n",
			c->keyids_total);
		return TDXCTL_EXIT_FAILED;
	}
	return 0;
}

/* INIT_MEM_REGION until all is done; a signal only interrupts it. */
static int mem_region(int td, struct tdxhost_td_mem_region *m)
{
	int ret;

	do {
		m->hw_error = 0;
		ret = ioctl(td, TDXHOST_TD_INIT_MEM_REGION, m);
	} while (ret < 0 && errno == EINTR && m->nr_pages);
	return ret < 0 ? -errno : 0;
}

static int add_section(int td, const struct td_image *img, uint32_t i, bool two_pass)
{
	const struct tdvf_section *s = &img->t.sections[i];
	bool measured = tdvf_section_measured(s);
	struct tdxhost_td_mem_region m;
	char step[96];
	uint8_t *buf;
	int ret;

	/* Zero pages (anonymous memory) with the raw data at the start. */
	buf = mmap(NULL, s->mem_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return fail("section buffer", errno, 0, TDX_LEAF_NONE);
	if (s->raw_size)
		memcpy(buf, img->data + s->data_offset, s->raw_size);

	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	m.flags = measured && !two_pass ? TDXHOST_MEM_MEASURE : 0;
	m.source_addr = (uintptr_t)buf;
	m.gpa = s->gpa;
	m.nr_pages = s->mem_size / TDVF_PAGE_SIZE;
	snprintf(step, sizeof(step), "INIT_MEM_REGION of section %u (%s) at GPA 0x%llx", i,
		 tdvf_type_name(s->type), (unsigned long long)m.gpa);
	ret = mem_region(td, &m);
	if (!ret && measured && two_pass) {
		/* The EXTEND_ONLY pass over the pages just added. */
		memset(&m, 0, sizeof(m));
		m.size = sizeof(m);
		m.flags = TDXHOST_MEM_EXTEND_ONLY;
		m.gpa = s->gpa;
		m.nr_pages = s->mem_size / TDVF_PAGE_SIZE;
		snprintf(step, sizeof(step), "INIT_MEM_REGION EXTEND_ONLY of section %u (%s)", i,
			 tdvf_type_name(s->type));
		ret = mem_region(td, &m);
		if (ret == -EINVAL && !m.hw_error)
			fprintf(stderr, "tdxctl td measure: --two-pass needs INIT_MEM_REGION's "
				"EXTEND_ONLY flag: this tdxhost module is older than that\n");
	}
	munmap(buf, s->mem_size);
	if (ret)
		return fail(step, -ret, m.hw_error, TDX_LEAF_NONE);
	return 0;
}

/* Everything after CREATE_TD: the caller closes @td whatever happens. */
static int build(int td, const struct td_image *img, const struct td_build_opts *o,
		 struct td_build_result *r)
{
	struct tdxhost_td_finalize fin = { .size = sizeof(fin) };
	struct tdxhost_td_init init;
	struct tdxhost_td_info info;
	uint32_t i;
	int ret;

	memset(&init, 0, sizeof(init));
	init.size = sizeof(init);
	init.attributes = o->attributes;
	init.xfam = o->xfam;
	init.max_vcpus = o->vcpus;
	if (ioctl(td, TDXHOST_TD_INIT, &init))
		return fail("TD_INIT (TDH.MNG.INIT)", errno, init.hw_error, TDH_MNG_INIT);

	for (i = 0; i < o->vcpus; i++) {
		struct tdxhost_td_vcpu v = { .size = sizeof(v), .initial_rcx = td_hob_gpa(&img->t) };

		if (ioctl(td, TDXHOST_TD_CREATE_VCPU, &v)) {
			char step[64];

			snprintf(step, sizeof(step), "CREATE_VCPU %u (TDH.VP.*)", i);
			return fail(step, errno, v.hw_error, TDX_LEAF_NONE);
		}
	}
	for (i = 0; i < img->t.nr_sections; i++) {
		if (!tdvf_section_added(&img->t.sections[i]))
			continue;
		ret = add_section(td, img, i, o->two_pass);
		if (ret)
			return ret;
	}
	if (ioctl(td, TDXHOST_TD_FINALIZE, &fin))
		return fail("FINALIZE (TDH.MR.FINALIZE)", errno, fin.hw_error, TDH_MR_FINALIZE);

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	if (ioctl(td, TDXHOST_TD_GET_INFO, &info))
		return fail("GET_INFO", errno, info.hw_error, TDH_MNG_RD);
	if (info.state != TDXHOST_TD_FINALIZED) {
		fprintf(stderr, "tdxctl td measure: the TD is in state %u after FINALIZE, not "
			"finalized\n", info.state);
		return TDXCTL_EXIT_FAILED;
	}
	memcpy(r->mrtd, info.mrtd, sizeof(r->mrtd));
	r->td_id = info.td_id;
	r->keyid = info.keyid;
	r->vcpus = info.nr_vcpus;
	r->attributes = info.attributes;
	r->xfam = info.xfam;
	r->pages_private = info.pages_private;
	r->pages_measured = info.pages_measured;
	return 0;
}

int td_measure_module(const struct td_image *img, const struct td_build_opts *o,
		      struct td_build_result *r)
{
	struct tdxhost_create_td create = { .size = sizeof(create) };
	struct tdxhost_caps caps;
	int dev, td, ret;

	memset(r, 0, sizeof(*r));
	dev = open_dev();
	if (dev < 0)
		return -dev;
	ret = get_caps(dev, &caps);
	if (!ret)
		ret = check_caps(&caps, img, o);
	if (ret) {
		close(dev);
		return ret;
	}
	td = ioctl(dev, TDXHOST_CREATE_TD, &create);
	if (td < 0) {
		int err = errno;

		if (err == ENODEV)
			fprintf(stderr, "tdxctl td measure: TDX is %s\n", create.tdx_state < 5 ?
				tdx_state_name[create.tdx_state] : "not usable");
		ret = fail("CREATE_TD (TDH.MNG.CREATE, KEY.CONFIG, ADDCX)", err, create.hw_error,
			   TDX_LEAF_NONE);
		close(dev);
		return ret;
	}
	ret = build(td, img, o, r);
	if (!r->td_id)
		r->td_id = create.td_id;
	close(td);	/* the last reference: the kernel tears the TD down */
	close(dev);
	return ret;
}
