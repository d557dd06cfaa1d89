// SPDX-License-Identifier: GPL-2.0
/*
 * tdfuzz: a structure-aware fuzzer of /dev/tdxhost and its TD fds, run in
 * the test VM (tests/vm/cases/fuzz_ioctl.sh), TDX enabled.
 *
 *   tdfuzz [--seed S] [--ops N]
 *
 * Each op is an ioctl on /dev/tdxhost or on one of a few TD fds, built from
 * include/uapi/linux/tdxhost.h: mostly the right command with a right
 * struct, then (often) one mutation: a size below the first version, above
 * a page, with a zero or a non-zero tail, an unknown flag, a non-zero
 * reserved byte or hw_error, the struct running into an unmapped page, a bad
 * pointer; and the values themselves random within and around what GET_CAPS
 * says (attributes, XFAM, vCPUs, TSC, CPUID lists, GPAs, source pages,
 * page counts), in any order of the lifecycle.  Also: ioctl numbers that are
 * neighbours of the real ones, or the real ones with a direction and a size
 * encoded; max_td_pages changed between TDs; threads on one TD fd (with
 * signals), close() while another thread is in an ioctl, fork() with the TD
 * fds (the child goes on using them, or exits in the middle of an ioctl),
 * KeyIDs exhausted by a child.
 *
 * Checked: a mutation that must fail fails, with the errno the ABI gives; a
 * success leaves reserved fields and hw_error zero, writes nothing beyond
 * the size; each errno is one the ABI lists; GET_INFO after every op on a TD
 * no other thread or process touches: its state only moves forward, as the
 * command that succeeded says, page counts consistent, MRTD only once
 * finalized; at the end, every fd closed, no TD, page or KeyID is left
 * (debugfs td) and GET_CAPS has every KeyID free.
 *
 * The single-threaded op sequence depends only on the seed (printed first).
 * Exit 0 when nothing impossible happened, 1 otherwise, 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#define FUZZ_NAME	"tdfuzz"
#define FUZZ_WHO	"main"	/* the first process */
#include "fuzz_common.h"
#include <linux/tdxhost.h>

#define DEV		"/dev/tdxhost"
#define DEBUGFS_TD	"/sys/kernel/debug/tdxhost/td"
#define MAX_TD_PAGES	"/sys/module/tdxhost/parameters/max_td_pages"
#define PG		4096UL
#define NSLOT		6
#define MAX_ERRNO	140

/* ---- results (fuzz_common.h has the PRNG, n_ops, n_bad and bad()) */

static unsigned long hist[MAX_ERRNO + 1], cmd_hist[16][MAX_ERRNO + 1], n_calls, n_tds, n_forks, n_races;


static const char *errname(int e)
{
	static const char *const n[] = {
		[0] = "0", [EINVAL] = "EINVAL", [E2BIG] = "E2BIG", [EFAULT] = "EFAULT",
		[ENODEV] = "ENODEV", [ENOSPC] = "ENOSPC", [EEXIST] = "EEXIST", [EBUSY] = "EBUSY",
		[EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM", [EINTR] = "EINTR", [EIO] = "EIO",
		[ENOTTY] = "ENOTTY", [ENOENT] = "ENOENT", [EBADF] = "EBADF", [EPERM] = "EPERM",
		[EACCES] = "EACCES",
	};

	return e >= 0 && (size_t)e < sizeof(n) / sizeof(n[0]) && n[e] ? n[e] : "other";
}

/* The errnos of the ABI (tdxhost.h), and EBADF for a fd closed under a thread. */
static bool errno_allowed(int e)
{
	switch (e) {
	case 0: case EINVAL: case E2BIG: case EFAULT: case ENODEV: case ENOSPC: case EEXIST:
	case EBUSY: case EAGAIN: case ENOMEM: case EINTR: case EIO: case ENOTTY: case ENOENT:
	case EBADF:
		return true;
	}
	return false;
}

static int io(int fd, unsigned long cmd, void *arg)
{
	int r = ioctl(fd, cmd, arg), e = r < 0 ? errno : 0;

	pthread_mutex_lock(&stat_lock);
	n_calls++;
	hist[e < MAX_ERRNO ? e : MAX_ERRNO]++;
	if ((cmd & ~0xfUL) == _IO(TDXHOST_IOC_MAGIC, 0x40))
		cmd_hist[cmd & 0xf][e < MAX_ERRNO ? e : MAX_ERRNO]++;
	pthread_mutex_unlock(&stat_lock);
	if (!errno_allowed(e))
		bad("ioctl 0x%lx on fd %d: errno %d (%s)", cmd, fd, e, strerror(e));
	if (r >= 0 && cmd == TDXHOST_CREATE_TD)
		return -r - 1;	/* a new fd: the caller decodes it */
	return e;
}

/* ---- the structs, described for the mutations */

struct sdesc {
	const char *name;
	unsigned long cmd;
	uint32_t ksize;		/* sizeof, also the first version here */
	uint32_t hw_off;	/* 0: none */
	uint32_t flags_ok;	/* valid flag bits */
	uint16_t rsv[2][2];	/* reserved regions: offset, length */
	bool td;		/* a TD fd command */
};

#define RSV(s, f) { offsetof(s, f), sizeof(((s *)0)->f) }
static const struct sdesc sd_caps = {
	"GET_CAPS", TDXHOST_GET_CAPS, sizeof(struct tdxhost_caps), 0, 0,
	{ RSV(struct tdxhost_caps, reserved0), RSV(struct tdxhost_caps, reserved) }, false,
};
static const struct sdesc sd_create = {
	"CREATE_TD", TDXHOST_CREATE_TD, sizeof(struct tdxhost_create_td),
	offsetof(struct tdxhost_create_td, hw_error), 0,
	{ RSV(struct tdxhost_create_td, reserved) }, false,
};
static const struct sdesc sd_init = {
	"TD_INIT", TDXHOST_TD_INIT, sizeof(struct tdxhost_td_init),
	offsetof(struct tdxhost_td_init, hw_error), 0,
	{ RSV(struct tdxhost_td_init, reserved0), RSV(struct tdxhost_td_init, reserved) }, true,
};
static const struct sdesc sd_vcpu = {
	"TD_CREATE_VCPU", TDXHOST_TD_CREATE_VCPU, sizeof(struct tdxhost_td_vcpu),
	offsetof(struct tdxhost_td_vcpu, hw_error), 0,
	{ RSV(struct tdxhost_td_vcpu, reserved) }, true,
};
static const struct sdesc sd_mem = {
	"TD_INIT_MEM_REGION", TDXHOST_TD_INIT_MEM_REGION, sizeof(struct tdxhost_td_mem_region),
	offsetof(struct tdxhost_td_mem_region, hw_error),
	TDXHOST_MEM_MEASURE | TDXHOST_MEM_EXTEND_ONLY,
	{ RSV(struct tdxhost_td_mem_region, reserved) }, true,
};
static const struct sdesc sd_fin = {
	"TD_FINALIZE", TDXHOST_TD_FINALIZE, sizeof(struct tdxhost_td_finalize),
	offsetof(struct tdxhost_td_finalize, hw_error), 0,
	{ RSV(struct tdxhost_td_finalize, reserved) }, true,
};
static const struct sdesc sd_info = {
	"TD_GET_INFO", TDXHOST_TD_GET_INFO, sizeof(struct tdxhost_td_info),
	offsetof(struct tdxhost_td_info, hw_error), 0,
	{ RSV(struct tdxhost_td_info, reserved) }, true,
};

/* ---- what the fuzzer knows */

struct caps {
	struct tdxhost_caps c;
	struct tdxhost_cpuid_entry cpuid[64];
};

static struct caps K;		/* GET_CAPS once enabled */
static int dev = -1;
static uint8_t *src;		/* 16 readable pages */
static uint8_t *hole;		/* 3 pages, the middle one PROT_NONE */
static uint8_t *unmapped;	/* a page that is not mapped */
static unsigned int cur_limit;	/* max_td_pages now */

struct slot {
	int fd;			/* -1: empty */
	uint32_t id;
	uint32_t limit;		/* max_td_pages when it was created */
	uint32_t state;		/* last seen (GET_INFO) */
	uint32_t vcpus;
	bool shared;		/* a thread or process used it: no exact expectations */
};

static struct slot slots[NSLOT];

static void set_limit(unsigned int n)
{
	FILE *f = fopen(MAX_TD_PAGES, "w");

	if (!f || fprintf(f, "%u\n", n) < 0) {
		bad("cannot write %s", MAX_TD_PAGES);
	}
	if (f)
		fclose(f);
	cur_limit = n;
}

static unsigned int get_limit(void)
{
	FILE *f = fopen(MAX_TD_PAGES, "r");
	unsigned int n = 0;

	if (!f || fscanf(f, "%u", &n) != 1)
		bad("cannot read %s", MAX_TD_PAGES);
	if (f)
		fclose(f);
	return n;
}

/* ---- one call: a struct, maybe mutated, its checks */

enum mut {
	M_NONE, M_SIZE_SMALL, M_SIZE_ZERO_TAIL, M_SIZE_TAIL, M_SIZE_BIG, M_FLAGS,
	M_RESERVED, M_HW_ERROR, M_UNMAPPED_END, M_BAD_PTR, M_NR,
};

struct call {
	const struct sdesc *d;
	uint8_t *arg;		/* where the struct went */
	uint32_t size;
	enum mut mut;
	int want;		/* the errno the mutation gives, -1: any */
	int err;
	int fd_out;		/* CREATE_TD: the new fd, or -1 */
};

static __thread uint8_t *argpage;	/* per thread: 3 pages, the third PROT_NONE */

static uint8_t *arg_area(void)
{
	if (!argpage) {
		argpage = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (argpage == MAP_FAILED) {
			perror("tdfuzz: mmap");
			exit(1);
		}
		mprotect(argpage + 2 * PG, PG, PROT_NONE);
	}
	return argpage;
}

/*
 * Run @d's command on @fd with the struct @base (ksize bytes, values set),
 * after the mutation picked from @r (none with probability 100 - @mut_pct).
 */
static void do_call(struct rng *r, int fd, const struct sdesc *d, const void *base,
		    unsigned int mut_pct, struct call *c)
{
	uint8_t *a = arg_area();
	uint32_t size = d->ksize, off;
	uint32_t tail = 0;
	int i;

	memset(c, 0, sizeof(*c));
	c->d = d;
	c->fd_out = -1;
	c->want = 0;
	c->mut = pct(r, mut_pct) ? 1 + rn(r, M_NR - 1) : M_NONE;
	if (c->mut == M_FLAGS && !(~d->flags_ok & ~0u))
		c->mut = M_NONE;
	if (c->mut == M_HW_ERROR && !d->hw_off)
		c->mut = M_RESERVED;
	memset(a, 0, 2 * PG);
	switch (c->mut) {
	case M_SIZE_SMALL:
		size = rn(r, 3) ? rn(r, d->ksize) : d->ksize - 8;
		c->want = EINVAL;
		break;
	case M_SIZE_ZERO_TAIL:
		size = d->ksize + 1 + rn(r, (uint32_t)PG - d->ksize);
		break;
	case M_SIZE_TAIL:
		tail = 1 + rn(r, (uint32_t)PG - d->ksize);
		size = d->ksize + tail;
		c->want = E2BIG;
		break;
	case M_SIZE_BIG:
		size = PG + 1 + (rn(r, 2) ? rn(r, 64) : rnd(r) % 0x7fffffff);
		c->want = E2BIG;
		break;
	case M_FLAGS:
		c->want = EINVAL;
		break;
	case M_RESERVED:
		c->want = EINVAL;
		break;
	case M_HW_ERROR:
		c->want = EINVAL;
		break;
	case M_UNMAPPED_END:
		c->want = EFAULT;
		break;
	case M_BAD_PTR:
		c->want = EFAULT;
		break;
	default:
		break;
	}
	/* the struct ends exactly at the PROT_NONE page, or runs into it */
	if (c->mut == M_UNMAPPED_END) {
		/* the size field readable, at least the last byte not */
		off = 2 * PG - d->ksize + 1 + rn(r, d->ksize - 4);
		c->arg = a + off;
		memcpy(c->arg, base, 2 * PG - off);
	} else {
		/* room for the struct and a canary before the PROT_NONE page */
		c->arg = size > PG ? a : a + 2 * PG - (size > d->ksize ? size : d->ksize) - 8;
		memcpy(c->arg, base, d->ksize);
	}
	memcpy(c->arg, &size, 4);
	switch (c->mut) {
	case M_SIZE_TAIL:
		c->arg[d->ksize + rn(r, tail)] = 1 + rn(r, 255);
		break;
	case M_FLAGS: {
		uint32_t f, bit;

		memcpy(&f, c->arg + 4, 4);
		do
			bit = 1u << rn(r, 32);
		while (bit & d->flags_ok);
		f |= bit;
		memcpy(c->arg + 4, &f, 4);
		break;
	}
	case M_RESERVED:
		i = d->rsv[1][1] && rn(r, 2) ? 1 : 0;
		c->arg[d->rsv[i][0] + rn(r, d->rsv[i][1])] = 1 + rn(r, 255);
		break;
	case M_HW_ERROR:
		c->arg[d->hw_off + rn(r, 8)] = 1 + rn(r, 255);
		break;
	default:
		break;
	}
	/* a canary after the struct: nothing may be written beyond @size */
	if (c->mut == M_NONE || c->mut == M_SIZE_ZERO_TAIL)
		memset(c->arg + size, 0xa5, 8);
	c->size = size;
	if (c->mut == M_BAD_PTR) {
		static const uintptr_t ptrs[] = { 0, 8, 0xffff800000000000UL, 0xfffffffffffff000UL };

		c->err = io(fd, d->cmd, rn(r, 5) ? (void *)ptrs[rn(r, 4)] : unmapped);
	} else {
		c->err = io(fd, d->cmd, c->arg);
	}
	if (c->err < 0) {
		c->fd_out = -c->err - 1;
		c->err = 0;
	}
	if (c->want > 0 && c->err != c->want && c->err != EBADF)
		bad("%s mutation %d (size %u): %s, want %s", d->name, c->mut, size,
		    errname(c->err), errname(c->want));
	if (c->mut == M_NONE || c->mut == M_SIZE_ZERO_TAIL) {
		for (i = 0; i < 8; i++)
			if (c->arg[size + i] != 0xa5) {
				bad("%s wrote beyond its %u bytes", d->name, size);
				break;
			}
		for (i = d->ksize; (uint32_t)i < size; i++)
			if (c->arg[i]) {
				bad("%s wrote into the tail beyond %u bytes", d->name, d->ksize);
				break;
			}
		for (i = 0; i < 2 && d->rsv[i][1]; i++)
			for (off = 0; off < d->rsv[i][1]; off++)
				if (c->arg[d->rsv[i][0] + off]) {
					bad("%s: reserved byte %u non-zero on output (%s)", d->name,
					    d->rsv[i][0] + off, errname(c->err));
					i = 2;
					break;
				}
	}
	if (!c->err && d->hw_off && c->mut != M_BAD_PTR && c->mut != M_UNMAPPED_END) {
		uint64_t hw;

		memcpy(&hw, c->arg + d->hw_off, 8);
		if (hw)
			bad("%s succeeded with hw_error 0x%" PRIx64, d->name, hw);
	}
}

/* ---- argument values */

static void caps_arg(struct rng *r, struct tdxhost_caps *c, struct tdxhost_cpuid_entry *buf)
{
	memset(c, 0, sizeof(*c));
	c->size = sizeof(*c);
	switch (rn(r, 5)) {
	case 0:
		c->nr_cpuid = 0;
		break;
	case 1:
		c->nr_cpuid = K.c.nr_cpuid ? K.c.nr_cpuid - 1 : 0;
		break;
	case 2:
		c->nr_cpuid = rnd(r);
		break;
	default:
		c->nr_cpuid = rn(r, 2) ? 64 : K.c.nr_cpuid;
	}
	c->cpuid_ptr = rn(r, 8) ? (uintptr_t)buf : (uintptr_t)(rn(r, 2) ? unmapped : NULL);
	if (c->nr_cpuid > 64 && c->cpuid_ptr == (uintptr_t)buf)
		c->nr_cpuid = 64;
}

static uint64_t bit_in(struct rng *r, uint64_t mask)
{
	int i, n = __builtin_popcountll(mask);

	if (!n)
		return 0;
	n = rn(r, n);
	for (i = 0; i < 64; i++)
		if ((mask >> i & 1) && !n--)
			return 1ULL << i;
	return 0;
}

static struct tdxhost_cpuid_entry cpuid_buf[64];

static void init_arg(struct rng *r, struct tdxhost_td_init *a)
{
	unsigned int i, n;

	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->attributes = rn(r, 4) ? 0 : rn(r, 2) ? bit_in(r, K.c.attributes_supported) :
			rn(r, 2) ? bit_in(r, ~K.c.attributes_supported) : rnd(r);
	a->xfam = K.c.xfam_fixed1;
	if (pct(r, 20))
		a->xfam |= rn(r, 2) ? bit_in(r, K.c.xfam_supported) : bit_in(r, ~K.c.xfam_supported);
	if (pct(r, 3))
		a->xfam = rnd(r);
	a->max_vcpus = rn(r, 10) ? 1 + rn(r, 3) : (uint32_t[]){ 0, K.c.max_vcpus,
			K.c.max_vcpus + 1, (uint32_t)rnd(r) }[rn(r, 4)];
	a->tsc_khz = rn(r, 3) ? 0 : rn(r, 2) ? 25000 * (4 + rn(r, 397)) : rn(r, 20000000);
	for (i = 0; i < 6; i++) {
		a->mr_config_id[i] = pct(r, 30) ? rnd(r) : 0;
		a->mr_owner[i] = pct(r, 30) ? rnd(r) : 0;
		a->mr_owner_config[i] = pct(r, 30) ? rnd(r) : 0;
	}
	if (!K.c.nr_cpuid || rn(r, 3))
		return;
	/* a part of the module's list, zero or random values; sometimes a leaf twice or unknown */
	n = 1 + rn(r, K.c.nr_cpuid);
	for (i = 0; i < n; i++) {
		cpuid_buf[i] = K.cpuid[i];
		if (rn(r, 2))
			memset(&cpuid_buf[i].eax, 0, 16);
		else
			cpuid_buf[i].eax &= rnd(r);
	}
	if (pct(r, 10) && n > 1)
		cpuid_buf[n - 1] = cpuid_buf[0];
	if (pct(r, 10))
		cpuid_buf[rn(r, n)].leaf = rnd(r);
	a->nr_cpuid = pct(r, 5) ? 49 + rn(r, 1000) : n;
	a->cpuid_ptr = pct(r, 5) ? (uintptr_t)unmapped : (uintptr_t)cpuid_buf;
	if (a->nr_cpuid > 64 && a->cpuid_ptr == (uintptr_t)cpuid_buf && rn(r, 2))
		a->cpuid_ptr = (uintptr_t)unmapped;
}

static void mem_arg(struct rng *r, struct tdxhost_td_mem_region *m)
{
	memset(m, 0, sizeof(*m));
	m->size = sizeof(*m);
	switch (rn(r, 10)) {
	case 0:
		m->flags = TDXHOST_MEM_EXTEND_ONLY;
		break;
	case 1:
		m->flags = TDXHOST_MEM_EXTEND_ONLY | TDXHOST_MEM_MEASURE;
		break;
	case 2: case 3: case 4:
		m->flags = TDXHOST_MEM_MEASURE;
		break;
	}
	/* a small GPA window (SEPT tables shared, pages added twice), or anywhere */
	switch (rn(r, 10)) {
	case 0:
		m->gpa = rn(r, 2) ? (rnd(r) & ((1ULL << 47) - 1) & ~(PG - 1)) : rnd(r);
		break;
	case 1: case 2: case 3:
		m->gpa = (uint64_t)rn(r, 1024) * PG;
		break;
	default:
		m->gpa = (uint64_t)rn(r, 32) * PG;
	}
	if (pct(r, 3))
		m->gpa |= rn(r, PG);
	if (pct(r, 3))
		m->gpa = (1ULL << K.c.shared_gpa_bit) - PG * rn(r, 3);
	m->nr_pages = rn(r, 10) ? 1 + rn(r, 4) : rn(r, 2) ? rn(r, 24) : rnd(r) >> rn(r, 64);
	switch (rn(r, 12)) {
	case 0:
		m->source_addr = 0;
		break;
	case 1:
		m->source_addr = (uintptr_t)hole;
		break;
	case 2:
		m->source_addr = (uintptr_t)unmapped;
		break;
	case 3:
		m->source_addr = (uintptr_t)src + rn(r, PG);
		break;
	case 4:
		m->source_addr = rnd(r);
		break;
	default:
		m->source_addr = (uintptr_t)src + PG * rn(r, 4);
	}
	if (m->source_addr >= (uintptr_t)src && m->source_addr < (uintptr_t)src + 16 * PG &&
	    m->nr_pages > 12)
		m->nr_pages = 12;
	if ((m->flags & TDXHOST_MEM_EXTEND_ONLY) && rn(r, 4))
		m->source_addr = 0;
}

/* ---- GET_INFO: the oracle for a TD only this thread uses */

static void td_info_check(struct rng *r, struct slot *s, int cmd_done, int cmd_err,
			  const struct call *c)
{
	struct tdxhost_td_info i;
	struct call ic;
	uint32_t old = s->state;
	unsigned int k;
	bool zero = true;
	uint8_t out[512];

	/* the command's struct as it came back: GET_INFO reuses the argument page */
	memset(out, 0, sizeof(out));
	if (c && c->mut != M_UNMAPPED_END)	/* that one runs into a PROT_NONE page */
		memcpy(out, c->arg, c->d->ksize < sizeof(out) ? c->d->ksize : sizeof(out));
	memset(&i, 0, sizeof(i));
	i.size = sizeof(i);
	do_call(r, s->fd, &sd_info, &i, 0, &ic);
	if (ic.err) {
		bad("GET_INFO of TD %u: %s", s->id, errname(ic.err));
		return;
	}
	memcpy(&i, ic.arg, sizeof(i));
	if (i.td_id != s->id || i.state > TDXHOST_TD_DEAD || !i.keyid)
		bad("TD %u: GET_INFO id %u state %u keyid %u", s->id, i.td_id, i.state, i.keyid);
	if (s->shared)
		goto shared;
	if (i.state < old)
		bad("TD %u: state went back from %u to %u", s->id, old, i.state);
	if (!cmd_err && i.state != TDXHOST_TD_DEAD) {
		if (cmd_done == TDXHOST_TD_INIT && (old != TDXHOST_TD_CREATED ||
						    i.state != TDXHOST_TD_INITIALIZED))
			bad("TD %u: INIT succeeded in state %u, now %u", s->id, old, i.state);
		if (cmd_done == TDXHOST_TD_FINALIZE && (old != TDXHOST_TD_INITIALIZED ||
							i.state != TDXHOST_TD_FINALIZED))
			bad("TD %u: FINALIZE succeeded in state %u, now %u", s->id, old, i.state);
		if (cmd_done == TDXHOST_TD_CREATE_VCPU) {
			struct tdxhost_td_vcpu v;

			memcpy(&v, out, sizeof(v));
			if (old != TDXHOST_TD_INITIALIZED || i.nr_vcpus != s->vcpus + 1 ||
			    v.vcpu_index != s->vcpus)
				bad("TD %u: vCPU %u created in state %u, now %u vCPUs", s->id,
				    v.vcpu_index, old, i.nr_vcpus);
		}
		if (cmd_done == TDXHOST_TD_INIT_MEM_REGION) {
			struct tdxhost_td_mem_region m;

			memcpy(&m, out, sizeof(m));
			if (old != TDXHOST_TD_INITIALIZED || m.nr_pages || !s->vcpus)
				bad("TD %u: INIT_MEM_REGION succeeded in state %u (%u vCPUs), %llu left",
				    s->id, old, s->vcpus, (unsigned long long)m.nr_pages);
		}
	}
	if (cmd_err && i.state != old && i.state != TDXHOST_TD_DEAD)
		bad("TD %u: a failed command (%s) moved it from %u to %u", s->id,
		    errname(cmd_err), old, i.state);
shared:
	if (i.state == TDXHOST_TD_CREATED &&
	    (i.max_vcpus || i.nr_vcpus || i.pages_sept || i.pages_private))
		bad("TD %u: CREATED with %u vCPUs, %llu SEPT pages", s->id, i.nr_vcpus,
		    (unsigned long long)i.pages_sept);
	if (i.max_vcpus && i.nr_vcpus > i.max_vcpus)
		bad("TD %u: %u vCPUs of %u", s->id, i.nr_vcpus, i.max_vcpus);
	if (i.pages_measured > i.pages_private ||
	    i.pages_control + i.pages_sept + i.pages_private > s->limit)
		bad("TD %u: pages control %llu sept %llu private %llu measured %llu, limit %u",
		    s->id, (unsigned long long)i.pages_control, (unsigned long long)i.pages_sept,
		    (unsigned long long)i.pages_private, (unsigned long long)i.pages_measured,
		    s->limit);
	if (i.state != TDXHOST_TD_DEAD &&
	    i.pages_control != 1 + K.c.tdcs_pages + (uint64_t)i.nr_vcpus * K.c.tdvps_pages)
		bad("TD %u: %llu control pages with %u vCPUs", s->id,
		    (unsigned long long)i.pages_control, i.nr_vcpus);
	for (k = 0; k < sizeof(i.mrtd); k++)
		zero &= !i.mrtd[k];
	if (zero == (i.state == TDXHOST_TD_FINALIZED))
		bad("TD %u: state %u with %s MRTD", s->id, i.state, zero ? "no" : "an");
	s->state = i.state;
	s->vcpus = i.nr_vcpus;
}

/* ---- ops */

static void slot_close(struct slot *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static void op_create(struct rng *r, struct slot *s, unsigned int mut_pct)
{
	struct tdxhost_create_td ct = { .size = sizeof(ct) };
	struct call c;

	slot_close(s);
	do_call(r, dev, &sd_create, &ct, mut_pct, &c);
	if (c.fd_out >= 0) {
		if (c.mut != M_UNMAPPED_END)
			memcpy(&ct, c.arg, sizeof(ct));
		if (c.mut != M_NONE && c.mut != M_SIZE_ZERO_TAIL)
			bad("CREATE_TD mutation %d succeeded", c.mut);
		if (!ct.td_id || ct.tdx_state != TDXHOST_STATE_INITIALIZED)
			bad("CREATE_TD: id %u tdx_state %u", ct.td_id, ct.tdx_state);
		*s = (struct slot){ .fd = c.fd_out, .id = ct.td_id, .limit = cur_limit };
		n_tds++;
	} else if (!c.err) {
		bad("CREATE_TD: success without a fd");
	} else if (c.mut == M_NONE && c.err != ENOSPC && c.err != ENOMEM) {
		bad("CREATE_TD: %s", errname(c.err));
	}
}

static void op_caps(struct rng *r)
{
	struct tdxhost_caps c;
	struct tdxhost_caps out;
	struct tdxhost_cpuid_entry buf[64];
	struct call cl;

	caps_arg(r, &c, buf);
	memset(buf, 0, sizeof(buf));
	do_call(r, dev, &sd_caps, &c, 30, &cl);
	if (cl.mut != M_NONE && cl.mut != M_SIZE_ZERO_TAIL)
		return;		/* refused, checked by do_call(); the struct may be unreadable */
	memcpy(&out, cl.arg, sizeof(out));
	if (c.nr_cpuid < K.c.nr_cpuid) {
		if (cl.err != E2BIG || out.nr_cpuid != K.c.nr_cpuid)
			bad("GET_CAPS room %u: %s, nr_cpuid %u", c.nr_cpuid, errname(cl.err),
			    out.nr_cpuid);
	} else if (c.cpuid_ptr != (uintptr_t)buf) {
		if (cl.err != EFAULT && !(cl.err == 0 && !K.c.nr_cpuid))
			bad("GET_CAPS bad cpuid_ptr: %s", errname(cl.err));
	} else if (cl.err || out.nr_cpuid != K.c.nr_cpuid ||
		   memcmp(buf, K.cpuid, K.c.nr_cpuid * sizeof(buf[0])) ||
		   out.max_vcpus != K.c.max_vcpus || out.keyids_total != K.c.keyids_total ||
		   out.keyids_free > out.keyids_total) {
		bad("GET_CAPS: %s, nr_cpuid %u, not what it said first", errname(cl.err),
		    out.nr_cpuid);
	}
}

/* One random command on a TD fd (shared with other threads when @shared). */
static int td_cmd(struct rng *r, int fd, struct call *c, bool shared)
{
	union {
		struct tdxhost_td_init i;
		struct tdxhost_td_vcpu v;
		struct tdxhost_td_mem_region m;
		struct tdxhost_td_finalize f;
		struct tdxhost_td_info n;
	} u;
	unsigned int k = rn(r, 100);
	const struct sdesc *d;

	memset(&u, 0, sizeof(u));
	if (k < 15) {
		init_arg(r, &u.i);
		d = &sd_init;
	} else if (k < 30) {
		u.v.size = sizeof(u.v);
		u.v.initial_rcx = rnd(r);
		d = &sd_vcpu;
	} else if (k < 70) {
		mem_arg(r, &u.m);
		d = &sd_mem;
	} else if (k < 80) {
		u.f.size = sizeof(u.f);
		d = &sd_fin;
	} else {
		u.n.size = sizeof(u.n);
		d = &sd_info;
	}
	do_call(r, fd, d, &u, 25, c);
	if (!c->err && c->mut != M_NONE && c->mut != M_SIZE_ZERO_TAIL)
		bad("%s mutation %d succeeded", d->name, c->mut);
	(void)shared;
	return d->cmd;
}

/* Other ioctl numbers: neighbours, the real ones with a direction and a size. */
static void op_bad_number(struct rng *r, int fd, bool td_fd)
{
	static const unsigned long real[] = {
		TDXHOST_GET_CAPS, TDXHOST_CREATE_TD, TDXHOST_TD_INIT, TDXHOST_TD_CREATE_VCPU,
		TDXHOST_TD_INIT_MEM_REGION, TDXHOST_TD_FINALIZE, TDXHOST_TD_GET_INFO,
	};
	uint8_t *a = arg_area();
	unsigned long cmd;
	unsigned int type, i;
	bool ours = false;
	int e;

	switch (rn(r, 4)) {
	case 0:	/* a real number with direction and size bits */
		cmd = real[rn(r, 7)] | _IOC(1 + rn(r, 3), 0, 0, rn(r, 2) ? rn(r, 512) : rnd(r));
		break;
	case 1:	/* a neighbour */
		cmd = _IO(TDXHOST_IOC_MAGIC, 0x30 + rn(r, 0x30));
		break;
	case 2:
		cmd = _IOC(rn(r, 4), TDXHOST_IOC_MAGIC, rn(r, 256), rn(r, 1 << 14));
		break;
	default:
		/* any type but those the VFS answers itself (FIOCLEX, FIFREEZE, ...) */
		do
			type = rn(r, 256);
		while (type == 0 || type == 0x15 || type == 'T' || type == 'X' || type == 'f' ||
		       type == 0x94);
		cmd = _IOC(rn(r, 4), type, rn(r, 256), rn(r, 1 << 14));
	}
	cmd &= 0xffffffffUL;
	for (i = 0; i < 7; i++)
		ours |= cmd == real[i] && (i >= 2) == td_fd;
	if (ours)
		return;		/* a real command of this fd: not the point here */
	memset(a, 0, 2 * PG);
	e = io(fd, cmd, rn(r, 2) ? (void *)a : (void *)(uintptr_t)rnd(r));
	if (e != ENOTTY)
		bad("ioctl 0x%lx on a %s fd: %s, want ENOTTY", cmd, td_fd ? "TD" : "/dev/tdxhost",
		    errname(e));
}

/* ---- threads on one TD fd */

struct worker {
	pthread_t t;
	struct rng r;
	int fd;
	unsigned int ops;
	bool stop;
};

static void on_signal(int sig)
{
	(void)sig;
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	struct call c;
	unsigned int i;

	for (i = 0; i < w->ops && !__atomic_load_n(&w->stop, __ATOMIC_RELAXED); i++) {
		td_cmd(&w->r, w->fd, &c, true);
		if (c.err == EBADF)
			break;
	}
	return NULL;
}

/* 2-4 threads on one TD, signals now and then; then the TD is what it is. */
static void op_threads(struct rng *r, struct slot *s)
{
	struct worker w[4];
	int n = 2 + rn(r, 3), i, j;

	for (i = 0; i < n; i++) {
		w[i] = (struct worker){ .r = { rnd(r) }, .fd = s->fd, .ops = 20 + rn(r, 100) };
		pthread_create(&w[i].t, NULL, worker_fn, &w[i]);
	}
	for (j = rn(r, 4); j > 0; j--) {
		usleep(rn(r, 500));
		pthread_kill(w[rn(r, n)].t, SIGUSR1);
	}
	for (i = 0; i < n; i++)
		pthread_join(w[i].t, NULL);
	s->shared = true;
	n_races++;
}

/* close() while a thread is in an ioctl (a dup'ed fd sometimes keeps the TD). */
static void op_close_race(struct rng *r, struct slot *s)
{
	struct worker w = { .r = { rnd(r) }, .fd = s->fd, .ops = 50 + rn(r, 200) };
	int keep = rn(r, 3) ? -1 : dup(s->fd);

	pthread_create(&w.t, NULL, worker_fn, &w);
	usleep(rn(r, 3000));
	close(s->fd);
	/* nothing opens a fd until the thread is done: its number must not be reused */
	if (rn(r, 2))
		pthread_kill(w.t, SIGUSR1);
	pthread_join(w.t, NULL);
	s->fd = keep;
	s->shared = true;
	if (keep < 0)
		s->fd = -1;
	n_races++;
}

/* fork(): the child uses the TD fds (and threads), then exits, maybe mid-ioctl. */
static void op_fork(struct rng *r)
{
	uint64_t seed = rnd(r);
	int how = rn(r, 4), i, st;
	bool parent_closes = rn(r, 3) == 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		bad("fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		struct rng cr = { seed };
		struct worker w;
		struct call c;

		who = "child";
		n_bad = 0;
		for (i = 0; i < 30; i++) {
			struct slot *s = &slots[rn(&cr, NSLOT)];

			if (s->fd >= 0)
				td_cmd(&cr, s->fd, &c, true);
		}
		if (how == 0) {
			/* KeyIDs until ENOSPC, held until exit */
			struct tdxhost_create_td ct = { .size = sizeof(ct) };

			for (i = 0; i < 64; i++)
				if (ioctl(dev, TDXHOST_CREATE_TD, &ct) < 0)
					break;
			if (i == 64 || (errno != ENOSPC && errno != ENOMEM))
				bad("child: %d TDs created, then %s", i, errname(errno));
		} else if (how == 1) {
			/* exit while a thread is in an ioctl on a TD fd */
			for (i = 0; i < NSLOT && slots[i].fd < 0; i++)
				;
			if (i < NSLOT) {
				w = (struct worker){ .r = { rnd(&cr) }, .fd = slots[i].fd,
						     .ops = 1000 };
				pthread_create(&w.t, NULL, worker_fn, &w);
				usleep(rn(&cr, 2000));
			}
		}
		_exit(n_bad ? 1 : 0);
	}
	n_forks++;
	for (i = 0; i < NSLOT; i++) {
		if (slots[i].fd < 0)
			continue;
		slots[i].shared = true;
		if (parent_closes && rn(r, 2))
			slot_close(&slots[i]);	/* the child holds the last reference */
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		bad("a child failed (status 0x%x)", st);
}

/* ---- the run */

static void run(struct rng *r, unsigned long ops)
{
	unsigned long i;
	struct call c;
	struct slot *s;
	unsigned int k;
	int cmd;

	for (i = 0; i < ops; i++) {
		n_ops = i;
		s = &slots[rn(r, NSLOT)];
		k = rn(r, 1000);
		if (k < 5) {
			/* max_td_pages for the TDs created from now on (whatever the slot) */
			set_limit((unsigned int[]){ 0, 40, 128, 256, 256, 512, 512, 1024 }[rn(r, 8)]);
		} else if (k < 20) {
			op_caps(r);
		} else if (k < 60 || (s->fd < 0 && k < 700)) {
			op_create(r, s, 15);
		} else if (k < 80) {
			slot_close(s);
		} else if (k < 110) {
			op_bad_number(r, dev, false);
			if (s->fd >= 0)
				op_bad_number(r, s->fd, true);
		} else if (k < 700) {
			if (s->fd < 0)
				continue;
			cmd = td_cmd(r, s->fd, &c, false);
			td_info_check(r, s, cmd, c.err, &c);
		} else if (k < 706 && s->fd >= 0) {
			op_threads(r, s);
			td_info_check(r, s, 0, 0, NULL);
		} else if (k < 710 && s->fd >= 0) {
			op_close_race(r, s);
		} else if (k < 712) {
			op_fork(r);
		} else if (s->fd >= 0) {
			cmd = td_cmd(r, s->fd, &c, false);
			td_info_check(r, s, cmd, c.err, &c);
		}
	}
	n_ops = ops;
}

/* debugfs td: "tds N pages N leaked N hkids_in_use N", all 0 once everything is closed. */
static bool counters_zero(char *line, size_t len)
{
	FILE *f = fopen(DEBUGFS_TD, "r");
	long v[4] = { -1, -1, -1, -1 }, val;
	char name[32];
	int i = 0;

	if (!f) {
		snprintf(line, len, "%s: %s", DEBUGFS_TD, strerror(errno));
		return false;
	}
	while (i < 4 && fscanf(f, "%31s %ld", name, &val) == 2)
		v[i++] = val;
	fclose(f);
	snprintf(line, len, "tds %ld pages %ld leaked %ld hkids_in_use %ld", v[0], v[1], v[2],
		 v[3]);
	return !v[0] && !v[1] && !v[2] && !v[3];
}

int main(int argc, char **argv)
{
	uint64_t seed = (uint64_t)time(NULL) * 1000003 ^ getpid();
	unsigned long ops = 100000;
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: EINTR */
	unsigned int old_limit;
	struct rng r;
	char line[128];
	int i, e;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--ops") && i + 1 < argc)
			ops = strtoul(argv[++i], NULL, 0);
		else {
			fprintf(stderr, "usage: tdfuzz [--seed S] [--ops N]\n");
			return 2;
		}
	}
	printf("tdfuzz: seed %" PRIu64 " ops %lu\n", seed, ops);
	fflush(stdout);
	r.s = seed;
	sigaction(SIGUSR1, &sa, NULL);
	dev = open(DEV, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		perror("tdfuzz: " DEV);
		return 1;
	}
	memset(&K, 0, sizeof(K));
	K.c.size = sizeof(K.c);
	K.c.nr_cpuid = 64;
	K.c.cpuid_ptr = (uintptr_t)K.cpuid;
	if (ioctl(dev, TDXHOST_GET_CAPS, &K.c)) {
		perror("tdfuzz: GET_CAPS (is TDX enabled?)");
		return 1;
	}
	src = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	hole = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unmapped = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	arg_area();
	if (src == MAP_FAILED || hole == MAP_FAILED || unmapped == MAP_FAILED) {
		perror("tdfuzz: mmap");
		return 1;
	}
	for (i = 0; i < (int)(16 * PG); i++)
		src[i] = i * 7 + (i >> 12);
	mprotect(hole + PG, PG, PROT_NONE);
	munmap(unmapped, PG);
	for (i = 0; i < NSLOT; i++)
		slots[i].fd = -1;
	old_limit = get_limit();
	set_limit(256);

	run(&r, ops);

	for (i = 0; i < NSLOT; i++)
		slot_close(&slots[i]);
	set_limit(old_limit);
	/* every TD closed: nothing left, every KeyID free */
	for (i = 0; i < 50 && !counters_zero(line, sizeof(line)); i++)
		usleep(100000);
	if (!counters_zero(line, sizeof(line)))
		bad("after closing everything: %s", line);
	K.c.nr_cpuid = 64;
	if (ioctl(dev, TDXHOST_GET_CAPS, &K.c) || K.c.keyids_free != K.c.keyids_total)
		bad("GET_CAPS at the end: %u of %u KeyIDs free", K.c.keyids_free,
		    K.c.keyids_total);
	close(dev);

	printf("tdfuzz: ops %lu ioctls %lu tds %lu forks %lu races %lu impossible %lu\n",
	       ops, n_calls, n_tds, n_forks, n_races, n_bad);
	printf("tdfuzz: errno");
	for (e = 0; e <= MAX_ERRNO; e++)
		if (hist[e])
			printf(" %s:%lu", e == MAX_ERRNO ? "other" : errname(e), hist[e]);
	printf("\n");
	/* per command: what the ops reached */
	for (i = 0; i < 16; i++) {
		static const char *const nm[16] = {
			[0] = "GET_CAPS", [1] = "CREATE_TD", [8] = "TD_INIT", [9] = "TD_CREATE_VCPU",
			[10] = "TD_INIT_MEM_REGION", [11] = "TD_FINALIZE", [12] = "TD_GET_INFO",
		};
		bool any = false;

		for (e = 0; e <= MAX_ERRNO; e++)
			any |= cmd_hist[i][e] != 0;
		if (!any || !nm[i])
			continue;
		printf("tdfuzz: %s", nm[i]);
		for (e = 0; e <= MAX_ERRNO; e++)
			if (cmd_hist[i][e])
				printf(" %s:%lu", e == MAX_ERRNO ? "other" : errname(e), cmd_hist[i][e]);
		printf("\n");
	}
	return n_bad ? 1 : 0;
}
