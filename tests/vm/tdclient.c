// SPDX-License-Identifier: GPL-2.0
/*
 * tdclient: drives the /dev/tdxhost ioctls in the test VM.
 *
 *   tdclient caps                  the capabilities, one "name value" per line
 *   tdclient args [--td]           size/flags/reserved/hw_error checks (TAP); --td: also
 *                                  on a TD fd (needs CREATE_TD to succeed)
 *   tdclient expect-create ERRNO [HW] [-n N]
 *                                  CREATE_TD fails with ERRNO (name) and hw_error HW, N times
 *   tdclient build [--vcpus N] [--pages N] [--no-finalize] [--time]
 *                                  build one TD; prints "result STEP ERRNO HW_ERROR"
 *                                  for the first failing step or "result done"
 *                                  (--time: with build_ms and teardown_ms)
 *   tdclient cycles -n N [--vcpus N] [--pages N]
 *                                  build (and finalize) then close a TD, N times;
 *                                  "cycles N done" or the first failure
 *   tdclient cycles --seconds S [--vcpus N] [--pages N]
 *                                  the same for S seconds instead (at least once):
 *                                  "cycles N done" (how many) or the first failure
 *   tdclient enable [--fail-nth N]  TDXHOST_CMD_ENABLE over generic netlink (no libnl: the
 *                                  module's allocations are the only ones counted);
 *                                  prints "enable errno E" and the extack message
 *   --fail-nth N (build, enable)   arm /proc/thread-self/fail-nth with N just before the
 *                                  TD is created (the enable is sent) and read it back
 *                                  after the TD's fd is closed (the answer came):
 *                                  "fail-nth N left L" (L 0: the Nth fault point was
 *                                  reached and failed; L > 0: the run needed fewer)
 *   tdclient hold dev|td|vcpu|final  open /dev/tdxhost (td: and a TD; vcpu: with one
 *                                  vCPU, pinned to --cpu C; final: finalized with one
 *                                  measured zero page, its MRTD printed); "ready ...",
 *                                  then wait for EOF
 *   tdclient lifecycle             the whole lifecycle and every wrong-order and
 *                                  bad-input case (TAP)
 *   tdclient keyids                create TDs until ENOSPC, then free them (TAP)
 *   tdclient parallel N            N processes run lifecycles at once (TAP)
 *
 * Exit: 0 when every check passed, 1 otherwise, 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/tdxhost.h>

#define DEV		"/dev/tdxhost"
#define DEBUGFS_TD	"/sys/kernel/debug/tdxhost/td"
#define MAX_TD_PAGES	"/sys/module/tdxhost/parameters/max_td_pages"
#define PG		4096ULL

#define TDX_OPERAND_INVALID_RAX	0xC000010000000000ULL
#define TDX_NO_VCPUS		0xC000060900000000ULL
/* MRTD of an empty TD (SHA-384 of nothing) and of one zero page at GPA 0, measured. */
#define MRTD_EMPTY "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"
#define MRTD_ZERO_PAGE "236f0efa607ff8843f1855d7ef80dc3dda8fb455787a186b8787212951eab0096e3193bb26f817c2b63c21f5e10f9938"

static int failures, checks;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (!ok)
		failures++;
	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static const struct {
	const char *name;
	int err;
} errnames[] = {
	{ "0", 0 }, { "EINVAL", EINVAL }, { "E2BIG", E2BIG }, { "EFAULT", EFAULT },
	{ "ENODEV", ENODEV }, { "ENOSPC", ENOSPC }, { "EEXIST", EEXIST }, { "EBUSY", EBUSY },
	{ "EAGAIN", EAGAIN }, { "ENOMEM", ENOMEM }, { "EINTR", EINTR }, { "EIO", EIO },
	{ "ENOTTY", ENOTTY }, { "EPERM", EPERM }, { "EACCES", EACCES },
};

static const char *errname(int e)
{
	static char buf[16];
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == e)
			return errnames[i].name;
	snprintf(buf, sizeof(buf), "%d", e);
	return buf;
}

static int errnum(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (!strcmp(errnames[i].name, name))
			return errnames[i].err;
	fprintf(stderr, "tdclient: unknown errno name %s\n", name);
	exit(2);
}

/* ioctl -> 0 or the errno (a returned fd counts as success) */
static int io(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? errno : 0;
}

static int open_dev(void)
{
	int fd = open(DEV, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "tdclient: %s: %s\n", DEV, strerror(errno));
		exit(1);
	}
	return fd;
}

/* ---- helpers for each command */

struct caps {
	struct tdxhost_caps c;
	struct tdxhost_cpuid_entry cpuid[64];
};

static int get_caps(int dev, struct caps *k)
{
	memset(k, 0, sizeof(*k));
	k->c.size = sizeof(k->c);
	k->c.nr_cpuid = 64;
	k->c.cpuid_ptr = (uintptr_t)k->cpuid;
	return io(dev, TDXHOST_GET_CAPS, &k->c);
}

static int create_td(int dev, struct tdxhost_create_td *c, int *fd)
{
	int r;

	memset(c, 0, sizeof(*c));
	c->size = sizeof(*c);
	r = ioctl(dev, TDXHOST_CREATE_TD, c);
	*fd = r;
	return r < 0 ? errno : 0;
}

static void init_arg(struct tdxhost_td_init *a, const struct caps *k, uint32_t max_vcpus)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->attributes = 0;
	a->xfam = k->c.xfam_fixed1;
	a->max_vcpus = max_vcpus;
	a->mr_config_id[0] = 0x1122334455667788ULL;
}

static int td_init(int td, const struct caps *k, uint32_t max_vcpus, uint64_t *hw)
{
	struct tdxhost_td_init a;
	int r;

	init_arg(&a, k, max_vcpus);
	r = io(td, TDXHOST_TD_INIT, &a);
	if (hw)
		*hw = a.hw_error;
	return r;
}

static int td_vcpu(int td, struct tdxhost_td_vcpu *v)
{
	memset(v, 0, sizeof(*v));
	v->size = sizeof(*v);
	v->initial_rcx = 0xfeed0000;
	return io(td, TDXHOST_TD_CREATE_VCPU, v);
}

static int td_mem(int td, void *src, uint64_t gpa, uint64_t n, uint32_t flags,
		  struct tdxhost_td_mem_region *out)
{
	struct tdxhost_td_mem_region m = {
		.size = sizeof(m), .flags = flags, .source_addr = (uintptr_t)src,
		.gpa = gpa, .nr_pages = n,
	};
	int r = io(td, TDXHOST_TD_INIT_MEM_REGION, &m);

	if (out)
		*out = m;
	return r;
}

static int td_finalize(int td, uint64_t *hw)
{
	struct tdxhost_td_finalize f = { .size = sizeof(f) };
	int r = io(td, TDXHOST_TD_FINALIZE, &f);

	if (hw)
		*hw = f.hw_error;
	return r;
}

static int td_info(int td, struct tdxhost_td_info *i)
{
	memset(i, 0, sizeof(*i));
	i->size = sizeof(*i);
	return io(td, TDXHOST_TD_GET_INFO, i);
}

static uint32_t td_state(int td)
{
	struct tdxhost_td_info i;

	return td_info(td, &i) ? 0xffffffff : i.state;
}

static void hex(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void *pages(size_t n)
{
	void *p = mmap(NULL, n * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	memset(p, 0, n * PG);
	return p;
}

/* "tds N pages N leaked N hkids_in_use N" from debugfs: all four must read as wanted. */
static bool counters(long tds, long pgs, long leaked, long hkids)
{
	long v[4] = { -1, -1, -1, -1 };
	char name[32];
	long val;
	FILE *f = fopen(DEBUGFS_TD, "r");
	int i = 0;

	if (!f)
		return false;
	while (i < 4 && fscanf(f, "%31s %ld", name, &val) == 2)
		v[i++] = val;
	fclose(f);
	if (v[0] != tds || v[1] != pgs || (leaked >= 0 && v[2] != leaked) || v[3] != hkids) {
		printf("# debugfs td: tds %ld pages %ld leaked %ld hkids %ld\n", v[0], v[1], v[2],
		       v[3]);
		return false;
	}
	return true;
}

/* ---- caps */

static int cmd_caps(void)
{
	int dev = open_dev(), r;
	struct caps k;
	unsigned int i;

	r = get_caps(dev, &k);
	printf("errno %s\n", errname(r));
	printf("tdx_state %u\n", k.c.tdx_state);
	printf("attributes_supported 0x%" PRIx64 "\nattributes_fixed1 0x%" PRIx64 "\n",
	       (uint64_t)k.c.attributes_supported, (uint64_t)k.c.attributes_fixed1);
	printf("xfam_supported 0x%" PRIx64 "\nxfam_fixed1 0x%" PRIx64 "\n",
	       (uint64_t)k.c.xfam_supported, (uint64_t)k.c.xfam_fixed1);
	printf("max_vcpus %u\ntdcs_pages %u\ntdvps_pages %u\n", k.c.max_vcpus, k.c.tdcs_pages,
	       k.c.tdvps_pages);
	printf("keyids_total %u\nkeyids_free %u\nmax_td_pages %u\nshared_gpa_bit %u\n",
	       k.c.keyids_total, k.c.keyids_free, k.c.max_td_pages, k.c.shared_gpa_bit);
	printf("nr_cpuid %u\n", k.c.nr_cpuid);
	for (i = 0; !r && i < k.c.nr_cpuid; i++)
		printf("cpuid 0x%x 0x%x 0x%x 0x%x 0x%x 0x%x\n", k.cpuid[i].leaf,
		       k.cpuid[i].subleaf, k.cpuid[i].eax, k.cpuid[i].ebx, k.cpuid[i].ecx,
		       k.cpuid[i].edx);
	/* the count alone: E2BIG with the number needed */
	memset(&k.c, 0, sizeof(k.c));
	k.c.size = sizeof(k.c);
	r = io(dev, TDXHOST_GET_CAPS, &k.c);
	printf("count_only %s %u\n", errname(r), k.c.nr_cpuid);
	close(dev);
	return 0;
}

/* ---- struct checks */

/* Run @cmd with @buf (a struct of @size bytes in a page) after @mod, expect @want. */
static void expect_arg(int fd, unsigned long cmd, const char *what, const void *base,
		       size_t size, size_t usize, void (*mod)(uint8_t *b, size_t size),
		       int want)
{
	uint8_t *b = pages(2);
	int r;

	memcpy(b, base, size);
	*(uint32_t *)b = usize;
	if (mod)
		mod(b, size);
	r = ioctl(fd, cmd, b);
	if (r >= 0 && cmd == TDXHOST_CREATE_TD)
		close(r);	/* a TD fd */
	r = r < 0 ? errno : 0;
	check(r == want, "%s: %s (want %s)", what, errname(r), errname(want));
	munmap(b, 2 * PG);
}

static void mod_flags(uint8_t *b, size_t size) { (void)size; b[4] = 0x80; }
static void mod_tail(uint8_t *b, size_t size) { b[size + 3] = 1; }
static void mod_last_reserved(uint8_t *b, size_t size) { b[size - 1] = 1; }

/*
 * One struct's checks: too small, unknown non-zero tail, too big, flags,
 * last reserved byte, hw_error; and that a zero tail is accepted (@ok: what
 * the right call gives).
 */
static void struct_checks(int fd, unsigned long cmd, const char *name, const void *base,
			  size_t size, int ok, size_t hw_off, unsigned int bad_flag)
{
	char what[96];
	uint8_t *b;
	int r;

	snprintf(what, sizeof(what), "%s size 0", name);
	expect_arg(fd, cmd, what, base, size, 0, NULL, EINVAL);
	snprintf(what, sizeof(what), "%s size - 8", name);
	expect_arg(fd, cmd, what, base, size, size - 8, NULL, EINVAL);
	snprintf(what, sizeof(what), "%s size + 8, zero tail", name);
	expect_arg(fd, cmd, what, base, size, size + 8, NULL, ok);
	snprintf(what, sizeof(what), "%s size + 8, non-zero tail", name);
	expect_arg(fd, cmd, what, base, size, size + 8, mod_tail, E2BIG);
	snprintf(what, sizeof(what), "%s size > a page", name);
	expect_arg(fd, cmd, what, base, size, 4097, NULL, E2BIG);
	snprintf(what, sizeof(what), "%s unknown flag", name);
	if (bad_flag) {
		b = pages(1);
		memcpy(b, base, size);
		*(uint32_t *)(b + 4) = bad_flag;
		r = io(fd, cmd, b);
		check(r == EINVAL, "%s: %s (want EINVAL)", what, errname(r));
		munmap(b, PG);
	} else {
		expect_arg(fd, cmd, what, base, size, size, mod_flags, EINVAL);
	}
	snprintf(what, sizeof(what), "%s reserved non-zero", name);
	expect_arg(fd, cmd, what, base, size, size, mod_last_reserved, EINVAL);
	if (hw_off) {
		b = pages(1);
		memcpy(b, base, size);
		*(uint64_t *)(b + hw_off) = 1;
		r = io(fd, cmd, b);
		check(r == EINVAL, "%s hw_error non-zero on input: %s (want EINVAL)", name,
		      errname(r));
		munmap(b, PG);
	}
	r = io(fd, cmd, (void *)8);
	check(r == EFAULT, "%s unreadable struct: %s (want EFAULT)", name, errname(r));
}

static int cmd_args(bool with_td)
{
	int dev = open_dev(), td, r, caps_ok, create_ok;
	struct tdxhost_caps c = { .size = sizeof(c) };
	struct tdxhost_create_td ct = { .size = sizeof(ct) };
	struct tdxhost_td_init ti = { .size = sizeof(ti) };
	struct tdxhost_td_vcpu tv = { .size = sizeof(tv) };
	struct tdxhost_td_mem_region tm = { .size = sizeof(tm) };
	struct tdxhost_td_finalize tf = { .size = sizeof(tf) };
	struct tdxhost_td_info tinfo = { .size = sizeof(tinfo) };
	struct caps k;

	caps_ok = get_caps(dev, &k);
	/* the right call, but without room for the CPUID list: E2BIG once enabled */
	caps_ok = caps_ok ? caps_ok : E2BIG;
	struct_checks(dev, TDXHOST_GET_CAPS, "GET_CAPS", &c, sizeof(c), caps_ok, 0, 0);
	r = io(dev, 0xAF00, &c);
	check(r == ENOTTY, "unknown ioctl on /dev/tdxhost: %s (want ENOTTY)", errname(r));
	r = io(dev, TDXHOST_TD_GET_INFO, &tinfo);
	check(r == ENOTTY, "TD ioctl on /dev/tdxhost: %s (want ENOTTY)", errname(r));
	if (!caps_ok || caps_ok == E2BIG) {
		c.nr_cpuid = 0;
		r = io(dev, TDXHOST_GET_CAPS, &c);
		check(r == E2BIG && c.nr_cpuid == k.c.nr_cpuid,
		      "GET_CAPS nr_cpuid 0: %s, nr_cpuid %u (want E2BIG, %u)", errname(r),
		      c.nr_cpuid, k.c.nr_cpuid);
		memset(&c, 0, sizeof(c));
		c.size = sizeof(c);
		c.nr_cpuid = k.c.nr_cpuid;
		c.cpuid_ptr = 8;
		r = io(dev, TDXHOST_GET_CAPS, &c);
		check(r == EFAULT, "GET_CAPS unwritable cpuid_ptr: %s (want EFAULT)", errname(r));
	}
	/* what a right CREATE_TD gives here (a zero tail must give the same) */
	create_ok = create_td(dev, &ct, &td);
	if (!create_ok)
		close(td);
	memset(&ct, 0, sizeof(ct));
	ct.size = sizeof(ct);
	struct_checks(dev, TDXHOST_CREATE_TD, "CREATE_TD", &ct, sizeof(ct), create_ok,
		      offsetof(struct tdxhost_create_td, hw_error), 0);
	if (!with_td) {
		close(dev);
		return failures ? 1 : 0;
	}
	r = create_td(dev, &ct, &td);
	check(!r, "CREATE_TD: %s", errname(r));
	if (r)
		return 1;
	r = fcntl(td, F_GETFD);
	check(r >= 0 && (r & FD_CLOEXEC), "TD fd is close-on-exec");
	r = io(td, TDXHOST_GET_CAPS, &c);
	check(r == ENOTTY, "/dev/tdxhost ioctl on a TD fd: %s (want ENOTTY)", errname(r));
	r = io(td, 0xAF00, &c);
	check(r == ENOTTY, "unknown ioctl on a TD fd: %s (want ENOTTY)", errname(r));

	/* wrong-size calls change nothing, so the "zero tail" ones expect the state's answer */
	init_arg(&ti, &k, 1);
	struct_checks(td, TDXHOST_TD_INIT, "TD_INIT", &ti, sizeof(ti), 0,
		      offsetof(struct tdxhost_td_init, hw_error), 0);
	check(td_state(td) == TDXHOST_TD_INITIALIZED, "TD_INIT with a zero tail initialized it");
	init_arg(&ti, &k, 1);
	ti.reserved0 = 1;
	r = io(td, TDXHOST_TD_INIT, &ti);
	check(r == EINVAL, "TD_INIT reserved0: %s (want EINVAL)", errname(r));
	init_arg(&ti, &k, 1);
	ti.nr_cpuid = 49;
	ti.cpuid_ptr = (uintptr_t)k.cpuid;
	r = io(td, TDXHOST_TD_INIT, &ti);
	check(r == E2BIG, "TD_INIT 49 CPUID entries: %s (want E2BIG)", errname(r));
	init_arg(&ti, &k, 1);
	ti.nr_cpuid = 1;
	ti.cpuid_ptr = 8;
	r = io(td, TDXHOST_TD_INIT, &ti);
	check(r == EFAULT, "TD_INIT unreadable cpuid_ptr: %s (want EFAULT)", errname(r));

	struct_checks(td, TDXHOST_TD_CREATE_VCPU, "TD_CREATE_VCPU", &tv, sizeof(tv), 0,
		      offsetof(struct tdxhost_td_vcpu, hw_error), 0);
	tm.nr_pages = 1;
	struct_checks(td, TDXHOST_TD_INIT_MEM_REGION, "TD_INIT_MEM_REGION", &tm, sizeof(tm),
		      EFAULT, offsetof(struct tdxhost_td_mem_region, hw_error), 4);
	struct_checks(td, TDXHOST_TD_GET_INFO, "TD_GET_INFO", &tinfo, sizeof(tinfo), 0,
		      offsetof(struct tdxhost_td_info, hw_error), 0);
	struct_checks(td, TDXHOST_TD_FINALIZE, "TD_FINALIZE", &tf, sizeof(tf), 0,
		      offsetof(struct tdxhost_td_finalize, hw_error), 0);
	check(td_state(td) == TDXHOST_TD_FINALIZED, "TD_FINALIZE with a zero tail finalized it");
	close(td);
	close(dev);
	return failures ? 1 : 0;
}

/* ---- CREATE_TD failing */

static int cmd_expect_create(int want, uint64_t want_hw, bool check_hw, int n)
{
	int dev = open_dev(), i, r = 0, fd;
	struct tdxhost_create_td c;
	bool bad = false;
	struct caps k;

	for (i = 0; i < n && !bad; i++) {
		r = create_td(dev, &c, &fd);
		if (!r)
			close(fd);
		bad = r != want || (check_hw && c.hw_error != want_hw) ||
		      (r == ENODEV) != (c.tdx_state != TDXHOST_STATE_INITIALIZED);
	}
	check(!bad, "CREATE_TD x%d: %s hw_error 0x%" PRIx64 " tdx_state %u (want %s 0x%" PRIx64 ")",
	      i, errname(r), (uint64_t)c.hw_error, c.tdx_state, errname(want), want_hw);
	printf("tdx_state %u\n", c.tdx_state);
	if (!get_caps(dev, &k))
		check(k.c.keyids_free == k.c.keyids_total && k.c.keyids_total > 0,
		      "every KeyID free again: %u of %u", k.c.keyids_free, k.c.keyids_total);
	close(dev);
	return failures ? 1 : 0;
}

/* ---- fail-nth: the Nth fault-injection point of this thread fails */

static int fail_nth;		/* --fail-nth N; 0: not armed */
static int fail_nth_fd = -1;

static void fail_nth_arm(void)
{
	char buf[16];
	int len;

	if (!fail_nth)
		return;
	/* opened first: only what follows the write counts */
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (fail_nth_fd < 0) {
		perror("tdclient: /proc/thread-self/fail-nth");
		exit(1);
	}
	len = snprintf(buf, sizeof(buf), "%d", fail_nth);
	if (write(fail_nth_fd, buf, len) != len) {
		perror("tdclient: arming fail-nth");
		exit(1);
	}
}

/* Disarm; print how many fault points were left (0: the Nth was failed). */
static void fail_nth_report(void)
{
	char buf[16] = "";
	ssize_t n;

	if (fail_nth_fd < 0)
		return;
	n = pread(fail_nth_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0 || write(fail_nth_fd, "0", 1) != 1) {
		perror("tdclient: reading fail-nth");
		exit(1);
	}
	buf[n] = 0;
	printf("fail-nth %d left %ld\n", fail_nth, strtol(buf, NULL, 10));
	close(fail_nth_fd);
	fail_nth_fd = -1;
}

/* ---- one build, reporting where it stopped */

static bool build_quiet;	/* cycles: print failures only */
static bool build_failed;	/* a step failed ("result STEP ..." printed) */
static bool build_timed;	/* build --time: how long building and closing took */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmd_build(int nr_vcpus, int nr_pages, bool finalize)
{
	int dev = open_dev(), td = -1, r, i;
	struct tdxhost_create_td c;
	struct tdxhost_td_mem_region m;
	struct tdxhost_td_vcpu v;
	const char *step;
	uint64_t hw = 0;
	struct caps k;
	void *src;

	double t0, t1;

	get_caps(dev, &k);
	t0 = now_ms();
	step = "create";
	fail_nth_arm();
	r = create_td(dev, &c, &td);
	hw = c.hw_error;
	if (r)
		goto out;
	step = "init";
	r = td_init(td, &k, nr_vcpus > 0 ? nr_vcpus : 1, &hw);
	if (r)
		goto out;
	step = "vcpu";
	for (i = 0; i < nr_vcpus; i++) {
		r = td_vcpu(td, &v);
		hw = v.hw_error;
		if (r)
			goto out;
	}
	step = "mem";
	if (nr_pages) {
		src = pages(nr_pages);
		r = td_mem(td, src, 0, nr_pages, TDXHOST_MEM_MEASURE, &m);
		munmap(src, (size_t)nr_pages * PG);
		hw = m.hw_error;
		if (r)
			goto out;
	}
	step = "finalize";
	if (finalize) {
		r = td_finalize(td, &hw);
		if (r)
			goto out;
	}
	t1 = now_ms();
	close(td);		/* the last reference: the whole teardown runs here */
	fail_nth_report();
	if (build_timed)
		printf("result done build_ms %.1f teardown_ms %.1f\n", t1 - t0, now_ms() - t1);
	else if (!build_quiet)
		printf("result done\n");
	close(dev);
	return 0;
out:
	build_failed = true;
	printf("result %s %s 0x%016" PRIx64 " state %u\n", step, errname(r), hw,
	       td >= 0 ? td_state(td) : 0xffffffffu);
	if (td >= 0)
		close(td);
	fail_nth_report();
	close(dev);
	return 0;
}

/* ---- TDXHOST_CMD_ENABLE over generic netlink */

struct nlreq {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char attrs[64];
};

static int nl_send(int s, uint16_t type, uint8_t cmd, uint16_t attr, const char *str)
{
	struct nlreq req;
	struct nlattr *a = (struct nlattr *)req.attrs;
	size_t alen = 0;

	memset(&req, 0, sizeof(req));
	if (str) {
		a->nla_type = attr;
		a->nla_len = NLA_HDRLEN + strlen(str) + 1;
		memcpy((char *)a + NLA_HDRLEN, str, strlen(str) + 1);
		alen = NLA_ALIGN(a->nla_len);
	}
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + alen;
	req.n.nlmsg_type = type;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.n.nlmsg_seq = 1;
	req.g.cmd = cmd;
	req.g.version = 1;
	return send(s, &req, req.n.nlmsg_len, 0) < 0 ? errno : 0;
}

/*
 * Read until the ack: 0 or the errno the kernel answered; the family id
 * from a CTRL_CMD_NEWFAMILY reply into *family, the extack text into msg.
 */
static int nl_wait(int s, int *family, char *msg, size_t msglen)
{
	static char buf[65536];
	struct nlmsghdr *h;
	ssize_t n;

	for (;;) {
		n = recv(s, buf, sizeof(buf), 0);
		if (n < 0)
			return errno;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				size_t off = NLMSG_ALIGN(sizeof(*e));
				struct nlattr *a;

				/* without NLM_F_CAPPED the request follows; then the TLVs */
				if (!(h->nlmsg_flags & NLM_F_CAPPED))
					off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
				for (a = (struct nlattr *)((char *)e + off);
				     (char *)a + NLA_HDRLEN <= (char *)h + h->nlmsg_len &&
				     a->nla_len >= NLA_HDRLEN;
				     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
					if (a->nla_type == NLMSGERR_ATTR_MSG && msg)
						snprintf(msg, msglen, "%.*s",
							 (int)(a->nla_len - NLA_HDRLEN),
							 (char *)a + NLA_HDRLEN);
				return -e->error;
			}
			if (family && h->nlmsg_type == GENL_ID_CTRL) {
				struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
				int len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

				while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len) {
					if (a->nla_type == CTRL_ATTR_FAMILY_ID)
						*family = *(uint16_t *)((char *)a + NLA_HDRLEN);
					len -= NLA_ALIGN(a->nla_len);
					a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
				}
			}
		}
	}
}

static int cmd_enable(void)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC), family = -1, r;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	char msg[256] = "";
	int one = 1;

	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(s, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one))) {
		perror("tdclient: netlink socket");
		return 1;
	}
	r = nl_send(s, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, TDXHOST_GENL_NAME);
	if (!r)
		r = nl_wait(s, &family, NULL, 0);
	if (r || family < 0) {
		fprintf(stderr, "tdclient: no %s genl family: %s\n", TDXHOST_GENL_NAME, errname(r));
		return 1;
	}
	fail_nth_arm();
	r = nl_send(s, family, TDXHOST_CMD_ENABLE, 0, NULL);
	if (!r)
		r = nl_wait(s, NULL, msg, sizeof(msg));
	fail_nth_report();
	printf("enable errno %s%s%s\n", errname(r), *msg ? " msg " : "", msg);
	close(s);
	return 0;
}

/* ---- hold a reference, for rmmod and CPU-offline tests */

static int cmd_hold(const char *what, int cpu)
{
	int dev = open_dev(), td = -1, r;
	struct tdxhost_create_td c;
	struct tdxhost_td_vcpu v;
	struct caps k;
	char buf[16];
	cpu_set_t set;

	if (strcmp(what, "dev")) {
		get_caps(dev, &k);
		r = create_td(dev, &c, &td);
		if (r) {
			printf("error create %s\n", errname(r));
			return 1;
		}
		if (!strcmp(what, "vcpu")) {
			CPU_ZERO(&set);
			CPU_SET(cpu, &set);
			if (sched_setaffinity(0, sizeof(set), &set)) {
				perror("sched_setaffinity");
				return 1;
			}
			r = td_init(td, &k, 1, NULL);
			if (!r)
				r = td_vcpu(td, &v);
			if (r) {
				printf("error vcpu %s\n", errname(r));
				return 1;
			}
			printf("ready vcpu %u cpu %u\n", v.vcpu_index, v.cpu);
		} else if (!strcmp(what, "final")) {
			/* one vCPU, one measured zero page at GPA 0, finalized */
			struct tdxhost_td_info info;
			int i;

			r = td_init(td, &k, 1, NULL);
			if (!r)
				r = td_vcpu(td, &v);
			if (!r)
				r = td_mem(td, pages(1), 0, 1, TDXHOST_MEM_MEASURE, NULL);
			if (!r)
				r = td_finalize(td, NULL);
			if (!r)
				r = td_info(td, &info);
			if (r) {
				printf("error final %s\n", errname(r));
				return 1;
			}
			printf("ready final %u ", c.td_id);
			for (i = 0; i < 48; i++)
				printf("%02x", info.mrtd[i]);
			printf("\n");
		} else {
			printf("ready td %u\n", c.td_id);
		}
		close(dev);	/* the TD fd alone must keep everything alive */
	} else {
		printf("ready dev\n");
	}
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	if (td >= 0)
		printf("state %u\n", td_state(td));
	return 0;
}

/* ---- the lifecycle */

static uint64_t lowest_bit(uint64_t v)
{
	return v & -v;
}

static void lc_init_checks(int td, const struct caps *k)
{
	struct tdxhost_td_init a;
	struct { struct tdxhost_cpuid_entry e[2]; } cp;
	int r;

	init_arg(&a, k, 2);
	a.attributes = lowest_bit(~k->c.attributes_supported);
	r = io(td, TDXHOST_TD_INIT, &a);
	check(r == EINVAL && !a.hw_error, "INIT attributes 0x%llx unsupported: %s (want EINVAL)",
	      (unsigned long long)a.attributes, errname(r));
	init_arg(&a, k, 2);
	a.xfam |= lowest_bit(~k->c.xfam_supported);
	r = io(td, TDXHOST_TD_INIT, &a);
	check(r == EINVAL, "INIT xfam unsupported: %s (want EINVAL)", errname(r));
	init_arg(&a, k, 0);
	r = io(td, TDXHOST_TD_INIT, &a);
	check(r == EINVAL, "INIT max_vcpus 0: %s (want EINVAL)", errname(r));
	init_arg(&a, k, k->c.max_vcpus + 1);
	r = io(td, TDXHOST_TD_INIT, &a);
	check(r == EINVAL, "INIT max_vcpus above caps: %s (want EINVAL)", errname(r));
	init_arg(&a, k, 2);
	a.tsc_khz = 2000001;
	r = io(td, TDXHOST_TD_INIT, &a);
	check(r == EINVAL, "INIT tsc_khz not a multiple of 25 MHz: %s (want EINVAL)", errname(r));
	a.tsc_khz = 75000;
	r = io(td, TDXHOST_TD_INIT, &a);
	check(r == EINVAL, "INIT tsc_khz 75 MHz: %s (want EINVAL)", errname(r));
	a.tsc_khz = 10025000;
	r = io(td, TDXHOST_TD_INIT, &a);
	check(r == EINVAL, "INIT tsc_khz 10.025 GHz: %s (want EINVAL)", errname(r));
	init_arg(&a, k, 2);
	memset(&cp, 0, sizeof(cp));
	cp.e[0].leaf = 0x4000abcd;
	cp.e[0].subleaf = TDXHOST_CPUID_NO_SUBLEAF;
	a.nr_cpuid = 1;
	a.cpuid_ptr = (uintptr_t)&cp;
	r = io(td, TDXHOST_TD_INIT, &a);
	check(r == EINVAL, "INIT unknown CPUID leaf: %s (want EINVAL)", errname(r));
	cp.e[0] = k->cpuid[0];
	memset(&cp.e[0].eax, 0, 16);
	cp.e[1] = cp.e[0];
	a.nr_cpuid = 2;
	r = io(td, TDXHOST_TD_INIT, &a);
	check(r == EINVAL, "INIT the same CPUID leaf twice: %s (want EINVAL)", errname(r));
	check(td_state(td) == TDXHOST_TD_CREATED, "refused INITs left it CREATED");
}

static void lc_mem_checks(int td, const struct caps *k)
{
	struct tdxhost_td_mem_region m;
	struct tdxhost_td_info i0, i1;
	uint8_t *src = pages(4), *hole;
	int r;

	r = td_mem(td, src, 0x800, 1, 0, NULL);
	check(r == EINVAL, "MEM misaligned GPA: %s (want EINVAL)", errname(r));
	r = td_mem(td, src + 8, 0x10000, 1, 0, NULL);
	check(r == EINVAL, "MEM misaligned source: %s (want EINVAL)", errname(r));
	r = td_mem(td, src, 0x10000, 0, 0, NULL);
	check(r == EINVAL, "MEM zero pages: %s (want EINVAL)", errname(r));
	r = td_mem(td, src, 1ULL << k->c.shared_gpa_bit, 1, 0, NULL);
	check(r == EINVAL, "MEM shared GPA: %s (want EINVAL)", errname(r));
	r = td_mem(td, src, 1ULL << 48, 1, 0, NULL);
	check(r == EINVAL, "MEM GPA beyond the GPA width: %s (want EINVAL)", errname(r));
	r = td_mem(td, src, (1ULL << k->c.shared_gpa_bit) - PG, 2, 0, NULL);
	check(r == EINVAL, "MEM range into the shared half: %s (want EINVAL)", errname(r));
	r = td_mem(td, src, 0x10000, (uint64_t)k->c.max_td_pages + 1, 0, NULL);
	check(r == EINVAL, "MEM more pages than max_td_pages: %s (want EINVAL)", errname(r));

	/* source page 2 of 3 unreadable: page 1 goes in, the rest is left */
	hole = pages(3);
	mprotect(hole + PG, PG, PROT_NONE);
	td_info(td, &i0);
	r = td_mem(td, hole, 0x100000, 3, TDXHOST_MEM_MEASURE, &m);
	td_info(td, &i1);
	check(r == EFAULT && m.nr_pages == 2 && m.gpa == 0x101000 &&
	      m.source_addr == (uintptr_t)hole + PG &&
	      i1.pages_private == i0.pages_private + 1 &&
	      i1.pages_measured == i0.pages_measured + 1,
	      "MEM unreadable second source page: %s, %llu left at 0x%llx, private +%llu",
	      errname(r), (unsigned long long)m.nr_pages, (unsigned long long)m.gpa,
	      (unsigned long long)(i1.pages_private - i0.pages_private));
	munmap(hole, 3 * PG);

	r = td_mem(td, src, 0x100000, 1, 0, NULL);
	check(r == EEXIST, "MEM GPA already added: %s (want EEXIST)", errname(r));
	td_info(td, &i0);
	r = td_mem(td, src, 0xff000, 2, 0, NULL);
	td_info(td, &i1);
	check(r == EEXIST && i1.pages_private == i0.pages_private,
	      "MEM range overlapping an added page: %s, nothing added (want EEXIST)",
	      errname(r));

	/* 3 SEPT pages for the first 2 MiB, 1 more for the next 2 MiB */
	r = td_mem(td, src, 0x200000, 2, 0, &m);
	td_info(td, &i1);
	check(!r && m.nr_pages == 0 && i1.pages_sept == 4 && i1.pages_private == 3 &&
	      i1.pages_measured == 1,
	      "MEM 2 pages unmeasured at 2 MiB: %s, SEPT %llu private %llu measured %llu",
	      errname(r), (unsigned long long)i1.pages_sept,
	      (unsigned long long)i1.pages_private, (unsigned long long)i1.pages_measured);

	/* EXTEND_ONLY: MR.EXTEND over those two, added before */
	r = td_mem(td, src, 0x200000, 2, TDXHOST_MEM_EXTEND_ONLY, NULL);
	check(r == EINVAL, "MEM EXTEND_ONLY with a source: %s (want EINVAL)", errname(r));
	r = td_mem(td, NULL, 0x200000, 2, TDXHOST_MEM_EXTEND_ONLY | TDXHOST_MEM_MEASURE, NULL);
	check(r == EINVAL, "MEM EXTEND_ONLY with MEASURE: %s (want EINVAL)", errname(r));
	r = td_mem(td, NULL, 0x200000, 3, TDXHOST_MEM_EXTEND_ONLY, NULL);
	td_info(td, &i0);
	check(r == ENOENT && i0.pages_measured == 1,
	      "MEM EXTEND_ONLY over a page not added: %s, measured %llu (want ENOENT, 1)",
	      errname(r), (unsigned long long)i0.pages_measured);
	r = td_mem(td, NULL, 0x200000, 2, TDXHOST_MEM_EXTEND_ONLY, &m);
	td_info(td, &i1);
	check(!r && m.nr_pages == 0 && i1.pages_measured == 3 && i1.pages_private == 3,
	      "MEM EXTEND_ONLY of the 2 pages: %s, measured %llu private %llu", errname(r),
	      (unsigned long long)i1.pages_measured, (unsigned long long)i1.pages_private);
	/* once more: MRTD takes it, but a page is measured or not (measured <= private) */
	r = td_mem(td, NULL, 0x200000, 2, TDXHOST_MEM_EXTEND_ONLY, &m);
	td_info(td, &i1);
	check(!r && m.nr_pages == 0 && i1.pages_measured == 3 && i1.pages_private == 3,
	      "MEM EXTEND_ONLY of the 2 pages again: %s, measured %llu private %llu (want 3, 3)",
	      errname(r), (unsigned long long)i1.pages_measured,
	      (unsigned long long)i1.pages_private);
	munmap(src, 4 * PG);
}

static int lc_mrtd(const struct caps *k, int dev, int nr_pages, const char *want)
{
	struct tdxhost_create_td c;
	struct tdxhost_td_info i;
	struct tdxhost_td_vcpu v;
	char text[97];
	int td, r;
	void *src = pages(1);

	r = create_td(dev, &c, &td);
	if (!r)
		r = td_init(td, k, 1, NULL);
	if (!r)
		r = td_vcpu(td, &v);
	if (!r && nr_pages)
		r = td_mem(td, src, 0, nr_pages, TDXHOST_MEM_MEASURE, NULL);
	if (!r)
		r = td_finalize(td, NULL);
	if (!r)
		r = td_info(td, &i);
	if (!r) {
		hex(i.mrtd, sizeof(i.mrtd), text);
		check(!strcmp(text, want), "MRTD %s %s", nr_pages ? "one zero page" : "empty",
		      text);
	} else {
		check(false, "MRTD TD: %s", errname(r));
	}
	if (td >= 0)
		close(td);
	munmap(src, PG);
	return r;
}

static void lc_limit(int dev, const struct caps *k)
{
	struct tdxhost_create_td c;
	struct tdxhost_td_vcpu v;
	char old[32] = "";
	unsigned int lim;
	void *src = pages(3);
	FILE *f;
	int td, r;

	f = fopen(MAX_TD_PAGES, "r");
	if (!f || !fgets(old, sizeof(old), f)) {
		check(false, "read %s", MAX_TD_PAGES);
		return;
	}
	fclose(f);
	/* TDR + TDCS + one vCPU + 3 SEPT + 2 private */
	lim = 1 + k->c.tdcs_pages + k->c.tdvps_pages + 3 + 2;
	f = fopen(MAX_TD_PAGES, "w");
	fprintf(f, "%u\n", lim);
	fclose(f);
	r = create_td(dev, &c, &td);
	check(!r, "CREATE_TD under max_td_pages %u: %s", lim, errname(r));
	if (!r) {
		r = td_init(td, k, 2, NULL);
		if (!r)
			r = td_vcpu(td, &v);
		check(!r, "INIT + a vCPU within the limit: %s", errname(r));
		r = td_mem(td, src, 0, 3, 0, NULL);
		check(r == ENOMEM && td_state(td) == TDXHOST_TD_INITIALIZED,
		      "MEM 3 pages over the limit: %s (want ENOMEM)", errname(r));
		r = td_mem(td, src, 0, 2, 0, NULL);
		check(!r, "MEM 2 pages up to the limit: %s", errname(r));
		r = td_mem(td, src, 0x2000, 1, 0, NULL);
		check(r == ENOMEM, "MEM one more page: %s (want ENOMEM)", errname(r));
		r = td_vcpu(td, &v);
		check(r == ENOMEM, "a second vCPU over the limit: %s (want ENOMEM)", errname(r));
		close(td);
	}
	f = fopen(MAX_TD_PAGES, "w");
	fprintf(f, "%u\n", k->c.tdcs_pages);
	fclose(f);
	r = create_td(dev, &c, &td);
	check(r == ENOMEM, "CREATE_TD with max_td_pages below TDR + TDCS: %s (want ENOMEM)",
	      errname(r));
	if (!r)
		close(td);
	f = fopen(MAX_TD_PAGES, "w");
	fputs(old, f);
	fclose(f);
	munmap(src, 3 * PG);
}

static int cmd_lifecycle(void)
{
	int dev = open_dev(), td, r;
	struct tdxhost_create_td c;
	struct tdxhost_td_info info;
	struct tdxhost_td_vcpu v;
	uint64_t hw;
	struct caps k;
	void *src;

	r = get_caps(dev, &k);
	check(!r, "GET_CAPS: %s", errname(r));
	if (r)
		return 1;
	r = create_td(dev, &c, &td);
	check(!r && c.td_id > 0 && c.tdx_state == TDXHOST_STATE_INITIALIZED && !c.hw_error,
	      "CREATE_TD: %s, id %u", errname(r), c.td_id);
	if (r)
		return 1;
	r = td_info(td, &info);
	check(!r && info.state == TDXHOST_TD_CREATED && info.td_id == c.td_id &&
	      info.keyid > 0 && info.pages_control == 1 + k.c.tdcs_pages && !info.nr_vcpus,
	      "GET_INFO after create: state %u keyid %u control pages %llu", info.state,
	      info.keyid, (unsigned long long)info.pages_control);

	/* before INIT */
	r = td_vcpu(td, &v);
	check(r == EINVAL, "vCPU before INIT: %s (want EINVAL)", errname(r));
	src = pages(1);
	r = td_mem(td, src, 0, 1, 0, NULL);
	check(r == EINVAL, "MEM before INIT: %s (want EINVAL)", errname(r));
	r = td_finalize(td, NULL);
	check(r == EINVAL, "FINALIZE before INIT: %s (want EINVAL)", errname(r));
	lc_init_checks(td, &k);

	r = td_init(td, &k, 2, &hw);
	check(!r && !hw, "INIT: %s hw_error 0x%llx", errname(r), (unsigned long long)hw);
	td_info(td, &info);
	check(info.state == TDXHOST_TD_INITIALIZED && info.max_vcpus == 2 &&
	      info.tsc_khz && info.tsc_khz % 25000 == 0 &&
	      info.attributes == k.c.attributes_fixed1 && info.xfam == k.c.xfam_fixed1,
	      "GET_INFO after INIT: state %u max_vcpus %u tsc_khz %u", info.state,
	      info.max_vcpus, info.tsc_khz);
	r = td_init(td, &k, 2, NULL);
	check(r == EINVAL, "INIT twice: %s (want EINVAL)", errname(r));
	r = td_mem(td, src, 0, 1, 0, NULL);
	check(r == EINVAL, "MEM before any vCPU: %s (want EINVAL)", errname(r));
	r = td_finalize(td, &hw);
	check(r == EINVAL && hw == TDX_NO_VCPUS,
	      "FINALIZE without a vCPU: %s hw_error 0x%llx (want EINVAL, TDX_NO_VCPUS)",
	      errname(r), (unsigned long long)hw);

	r = td_vcpu(td, &v);
	check(!r && v.vcpu_index == 0, "vCPU 0: %s index %u on CPU %u", errname(r),
	      v.vcpu_index, v.cpu);
	r = td_vcpu(td, &v);
	check(!r && v.vcpu_index == 1, "vCPU 1: %s index %u", errname(r), v.vcpu_index);
	r = td_vcpu(td, &v);
	check(r == EINVAL, "more vCPUs than max_vcpus: %s (want EINVAL)", errname(r));
	td_info(td, &info);
	check(info.nr_vcpus == 2 &&
	      info.pages_control == 1 + k.c.tdcs_pages + 2ULL * k.c.tdvps_pages,
	      "GET_INFO: %u vCPUs, %llu control pages", info.nr_vcpus,
	      (unsigned long long)info.pages_control);

	lc_mem_checks(td, &k);

	r = td_finalize(td, &hw);
	check(!r && !hw, "FINALIZE: %s", errname(r));
	td_info(td, &info);
	check(info.state == TDXHOST_TD_FINALIZED, "GET_INFO after FINALIZE: state %u",
	      info.state);
	r = td_finalize(td, NULL);
	check(r == EINVAL, "FINALIZE twice: %s (want EINVAL)", errname(r));
	r = td_mem(td, src, 0x400000, 1, 0, NULL);
	check(r == EINVAL, "MEM after FINALIZE: %s (want EINVAL)", errname(r));
	r = td_vcpu(td, &v);
	check(r == EINVAL, "vCPU after FINALIZE: %s (want EINVAL)", errname(r));
	r = td_init(td, &k, 1, NULL);
	check(r == EINVAL, "INIT after FINALIZE: %s (want EINVAL)", errname(r));
	close(td);
	munmap(src, PG);

	lc_mrtd(&k, dev, 0, MRTD_EMPTY);
	lc_mrtd(&k, dev, 1, MRTD_ZERO_PAGE);
	lc_limit(dev, &k);
	close(dev);
	check(counters(0, 0, 0, 0), "closed: no TD, no page, nothing leaked, no HKID in use");
	return failures ? 1 : 0;
}

/* ---- KeyIDs run out */

static int cmd_keyids(void)
{
	int dev = open_dev(), fds[4096], n = 0, r, i;
	struct tdxhost_create_td c;
	struct caps k;

	get_caps(dev, &k);
	while (n < 4096) {
		r = create_td(dev, &c, &fds[n]);
		if (r)
			break;
		n++;
	}
	check(r == ENOSPC && (unsigned int)n == k.c.keyids_total,
	      "CREATE_TD until the KeyIDs ran out: %d TDs, then %s (want %u, ENOSPC)", n,
	      errname(r), k.c.keyids_total);
	get_caps(dev, &k);
	check(k.c.keyids_free == 0, "GET_CAPS keyids_free %u (want 0)", k.c.keyids_free);
	for (i = 0; i < n; i++)
		close(fds[i]);
	get_caps(dev, &k);
	check(k.c.keyids_free == k.c.keyids_total, "all %u KeyIDs free after close",
	      k.c.keyids_total);
	r = create_td(dev, &c, &fds[0]);
	check(!r, "CREATE_TD works again: %s", errname(r));
	if (!r)
		close(fds[0]);
	close(dev);
	check(counters(0, 0, 0, 0), "closed: no TD, no page, no HKID in use");
	return failures ? 1 : 0;
}

/* ---- processes at once */

static int one_build(int rounds)
{
	int dev = open_dev(), td, r = 0, i;
	struct tdxhost_create_td c;
	struct tdxhost_td_vcpu v;
	struct caps k;
	void *src = pages(8);

	get_caps(dev, &k);
	for (i = 0; i < rounds && !r; i++) {
		r = create_td(dev, &c, &td);
		if (r)
			break;
		r = td_init(td, &k, 1, NULL);
		if (!r)
			r = td_vcpu(td, &v);
		if (!r)
			r = td_mem(td, src, 0, 8, TDXHOST_MEM_MEASURE, NULL);
		if (!r)
			r = td_finalize(td, NULL);
		close(td);
	}
	close(dev);
	return r;
}

static int cmd_parallel(int n)
{
	int i, st, ok = 0;
	pid_t pid;

	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid == 0)
			_exit(one_build(10) ? 1 : 0);
	}
	for (i = 0; i < n; i++)
		if (wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	check(ok == n, "%d processes built 10 TDs each: %d succeeded", n, ok);
	check(counters(0, 0, 0, 0), "all closed: no TD, no page, no HKID in use");
	return failures ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: tdclient caps | args [--td] | expect-create ERRNO [HW] [-n N] |\n"
		"  build [--vcpus N] [--pages N] [--no-finalize] | cycles -n N|--seconds S ... | hold dev|td|vcpu|final [--cpu C] |\n"
		"  lifecycle | keyids | parallel N | enable [--fail-nth N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int i, n = 1, vcpus = 1, npages = 2, cpu = 0, seconds = 0;
	bool td = false, fin = true;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--td"))
			td = true;
		else if (!strcmp(argv[i], "--no-finalize"))
			fin = false;
		else if (!strcmp(argv[i], "--time"))
			build_timed = true;
		else if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--vcpus") && i + 1 < argc)
			vcpus = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--pages") && i + 1 < argc)
			npages = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--cpu") && i + 1 < argc)
			cpu = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--fail-nth") && i + 1 < argc)
			fail_nth = atoi(argv[++i]);
	}
	if (!strcmp(cmd, "caps"))
		return cmd_caps();
	if (!strcmp(cmd, "args"))
		return cmd_args(td);
	if (!strcmp(cmd, "expect-create") && argc > 2)
		return cmd_expect_create(errnum(argv[2]),
					 argc > 3 && argv[3][0] != '-' ?
					 strtoull(argv[3], NULL, 0) : 0,
					 argc > 3 && argv[3][0] != '-', n);
	if (!strcmp(cmd, "build"))
		return cmd_build(vcpus, npages, fin);
	if (!strcmp(cmd, "cycles")) {
		/*
		 * -n N builds and closes (or as many as fit in --seconds S), one
		 * process: stops at the first failure
		 */
		double end = now_ms() + seconds * 1e3;

		build_quiet = true;
		for (i = 0; seconds ? !i || now_ms() < end : i < n; i++)
			if (cmd_build(vcpus, npages, fin) || build_failed) {
				if (seconds)
					printf("cycle %d failed\n", i + 1);
				else
					printf("cycle %d of %d failed\n", i + 1, n);
				return 1;
			}
		printf("cycles %d done\n", i);
		return 0;
	}
	if (!strcmp(cmd, "enable"))
		return cmd_enable();
	if (!strcmp(cmd, "hold") && argc > 2)
		return cmd_hold(argv[2], cpu);
	if (!strcmp(cmd, "lifecycle"))
		return cmd_lifecycle();
	if (!strcmp(cmd, "keyids"))
		return cmd_keyids();
	if (!strcmp(cmd, "parallel") && argc > 2)
		return cmd_parallel(atoi(argv[2]));
	usage();
	return 2;
}
