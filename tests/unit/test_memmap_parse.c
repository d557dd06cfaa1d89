// SPDX-License-Identifier: GPL-2.0
/* Tests of the text memory-map parser behind `tdxctl plan`. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "memmap_parse.h"

#define MB (1ULL << 20)
#define GB (1ULL << 30)

static struct tdx_mem_range out[64];
static unsigned int nr;
static const char *why;

static int parse(const char *text)
{
	memset(out, 0x5a, sizeof(out));
	return memmap_parse(text, strlen(text), out, 64, &nr, &why);
}

static void expect(unsigned int k, uint64_t start, uint64_t end, int nid)
{
	assert_true(k < nr);
	assert_int_equal(out[k].start, start);
	assert_int_equal(out[k].end, end);
	assert_int_equal(out[k].nid, nid);
}

/* QEMU q35, 8 GiB, as /proc/iomem shows it to root. */
static const char qemu_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000c0000-000c99ff : Video ROM\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-7ffdefff : System RAM\n"
	"  01000000-01e02fff : Kernel code\n"
	"  01e03000-0245dfff : Kernel rodata\n"
	"  02600000-0293a4ff : Kernel data\n"
	"  2f000000-36ffffff : Crash kernel\n"
	"7ffdf000-7fffffff : Reserved\n"
	"80000000-afffffff : PCI Bus 0000:00\n"
	"b0000000-bfffffff : PCI MMIO 0000:00 [bus 00-ff]\n"
	"  b0000000-bfffffff : Reserved\n"
	"fed00000-fed003ff : HPET 0\n"
	"fee00000-fee00fff : Local APIC\n"
	"feffc000-feffffff : Reserved\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-27fffffff : System RAM\n"
	"280000000-a7fffffff : PCI Bus 0000:00\n";

static void test_qemu_iomem(void **state)
{
	(void)state;
	assert_int_equal(parse(qemu_iomem), 0);
	assert_null(why);
	assert_int_equal(nr, 2);
	expect(0, MB, 0x7ffdf000, 0);	/* below 1 MiB dropped */
	expect(1, 4 * GB, 10 * GB, 0);
}

/* QEMU dmesg with timestamps; an unaligned e820 end is trimmed to 4K. */
static const char qemu_dmesg[] =
	"[    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)\n"
	"[    0.000000] BIOS-provided physical RAM map:\n"
	"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
	"[    0.000000] BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
	"[    0.000000] BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
	"[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x00000000bffdffff] usable\n"
	"[    0.000000] BIOS-e820: [mem 0x00000000bffe0000-0x00000000bfffffff] reserved\n"
	"[    0.000000] BIOS-e820: [mem 0x00000000feffc000-0x00000000feffffff] reserved\n"
	"[    0.000000] BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n"
	"[    0.000000] BIOS-e820: [mem 0x0000000100000000-0x000000023fffffff] usable\n"
	"[    0.000000] BIOS-e820: [mem 0x0000000240000000-0x00000002400007ff] usable\n"
	"[    0.000000] NX (Execute Disable) protection: active\n"
	"[    0.000000] e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n";

static void test_qemu_dmesg(void **state)
{
	(void)state;
	assert_int_equal(parse(qemu_dmesg), 0);
	assert_int_equal(nr, 2);
	expect(0, MB, 0xbffe0000, 0);
	expect(1, 4 * GB, 9 * GB, 0);	/* the 2 KiB tail is not a page */
}

/* Two-node server, e820 without timestamps, SRAT and early node lines. */
static const char server_dmesg[] =
	"BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
	"BIOS-e820: [mem 0x00000000000a0000-0x00000000000fffff] reserved\n"
	"BIOS-e820: [mem 0x0000000000100000-0x000000005a3b9fff] usable\n"
	"BIOS-e820: [mem 0x000000005a3ba000-0x000000005b7f7fff] reserved\n"
	"BIOS-e820: [mem 0x000000005b7f8000-0x000000006a7fefff] usable\n"
	"BIOS-e820: [mem 0x000000006a7ff000-0x000000006f7fefff] ACPI NVS\n"
	"BIOS-e820: [mem 0x000000006f7ff000-0x000000006fffffff] usable\n"
	"BIOS-e820: [mem 0x0000000070000000-0x000000008fffffff] reserved\n"
	"BIOS-e820: [mem 0x0000000100000000-0x000000207fffffff] usable\n"
	"BIOS-e820: [mem 0x0000002080000000-0x000000407fffffff] usable\n"
	"ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]\n"
	"ACPI: SRAT: Node 0 PXM 0 [mem 0x100000000-0x207fffffff]\n"
	"ACPI: SRAT: Node 1 PXM 1 [mem 0x2080000000-0x407fffffff]\n"
	"NUMA: Node 0 [mem 0x00000000-0x7fffffff] + [mem 0x100000000-0x207fffffff] -> "
	"[mem 0x00000000-0x207fffffff]\n"
	"NODE_DATA(0) allocated [mem 0x207ffd5000-0x207fffffff]\n"
	"NODE_DATA(1) allocated [mem 0x407ffd4000-0x407fffefff]\n"
	"Zone ranges:\n"
	"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
	"Early memory node ranges\n"
	"  node   0: [mem 0x0000000000001000-0x000000000009ffff]\n"
	"  node   0: [mem 0x0000000000100000-0x000000005a3b9fff]\n"
	"  node   1: [mem 0x0000002080000000-0x000000407fffffff]\n"
	"Initmem setup node 0 [mem 0x0000000000001000-0x000000207fffffff]\n"
	"On node 0, zone DMA: 1 pages in unavailable ranges\n";

static void test_server_two_nodes(void **state)
{
	(void)state;
	assert_int_equal(parse(server_dmesg), 0);
	assert_int_equal(nr, 5);
	expect(0, MB, 0x5a3ba000, 0);
	expect(1, 0x5b7f8000, 0x6a7ff000, 0);
	expect(2, 0x6f7ff000, 0x70000000, 0);
	expect(3, 4 * GB, 0x2080000000, 0);
	/* The two usable entries touch; the node boundary splits them. */
	expect(4, 0x2080000000, 0x4080000000, 1);
}

/* A node boundary inside one e820 entry, not on 1 GiB. */
static void test_split_at_node_boundary(void **state)
{
	static const char text[] =
		"[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000017fffffff] usable\n"
		"[    0.000000] NUMA: Node 0 [mem 0x00000000-0x9fffffff]\n"
		"[    0.000000] NUMA: Node 1 [mem 0xa0000000-0x17fffffff]\n";

	(void)state;
	assert_int_equal(parse(text), 0);
	assert_int_equal(nr, 2);
	expect(0, MB, 0xa0000000, 0);
	expect(1, 0xa0000000, 6 * GB, 1);
}

static void test_iomem_children_and_merge(void **state)
{
	/* Adjacent top-level RAM merges; indented "System RAM" is a child, ignored. */
	static const char text[] =
		"00100000-3fffffff : System RAM\n"
		"40000000-7fffffff : System RAM\n"
		"  80000000-8fffffff : System RAM\n"
		"c0000000-c00fffff : System RAM\r\n";

	(void)state;
	assert_int_equal(parse(text), 0);
	assert_int_equal(nr, 2);
	expect(0, MB, 2 * GB, 0);
	expect(1, 3 * GB, 3 * GB + MB, 0);
}

static void test_garbage(void **state)
{
	static const char zeros[] =
		"00000000-00000000 : System RAM\n"
		"00000000-00000000 : System RAM\n";
	char junk[4096];

	(void)state;
	assert_int_equal(parse(""), -EINVAL);
	assert_non_null(why);
	assert_int_equal(parse("hello world\n\n\n:::\n"), -EINVAL);
	assert_non_null(strstr(why, "no \"System RAM\""));
	assert_int_equal(parse(zeros), -EINVAL);
	assert_non_null(strstr(why, "as root"));
	assert_int_equal(parse("BIOS-e820: [mem 0xzz-0x10] usable\n"), -EINVAL);
	assert_string_equal(why, "malformed BIOS-e820 line");
	assert_int_equal(parse("BIOS-e820: [mem 0x2000-0x1000] usable\n"), -EINVAL);
	assert_int_equal(parse("BIOS-e820: [mem 0x100000-0x1fffff usable\n"), -EINVAL);
	assert_int_equal(parse("00100000-1fffff : System RAM\nNUMA: Node 0 [mem 0x0-]\n"), -EINVAL);
	assert_string_equal(why, "malformed NUMA/SRAT node line");
	assert_int_equal(parse("BIOS-e820: [mem 0x0-0xfffff] usable\n"), -EINVAL);	/* < 1 MiB only */
	/* Overlong hex number. */
	assert_int_equal(parse("BIOS-e820: [mem 0x11111111111111111-0x2] usable\n"), -EINVAL);
	/* Not NUL terminated: only len bytes are read. */
	assert_int_equal(memmap_parse("00100000-001fffff : System RAMXXXX", 30, out, 64, &nr, &why), 0);
	assert_int_equal(nr, 1);
	/* A NUL ends the text. */
	assert_int_equal(memmap_parse("00100000-001fffff : System RAM\n\0"
				      "00300000-003fffff : System RAM\n", 64, out, 64, &nr, &why), 0);
	assert_int_equal(nr, 1);
	/* Random bytes: any result, no crash, why set on error. */
	srand(7);
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)(rand() % (int)sizeof(junk));
		int rc;

		for (size_t k = 0; k < n; k++) {
			static const char alphabet[] = "0123456789abcdefx-[]: \nBIOS-e820memusableNUMANodeSRAT";

			junk[k] = round % 2 ? (char)rand() : alphabet[rand() % (sizeof(alphabet) - 1)];
		}
		rc = memmap_parse(junk, n, out, 64, &nr, &why);
		if (rc)
			assert_non_null(why);
		else
			for (unsigned int k = 0; k < nr; k++)
				assert_true(out[k].start < out[k].end && out[k].start >= MB &&
					    !(out[k].start & 4095) && !(out[k].end & 4095) &&
					    (!k || out[k].start >= out[k - 1].end));
	}
}

/*
 * An iomem "System RAM" line whose end is before its start used to be taken
 * as a range: mm_add_ram() kept it, unsorted, and a later range slipped
 * past it unmerged, so the result overlapped (found by fuzz_memmap; the
 * second text is its minimized crash).
 */
static void test_inverted_iomem_range(void **state)
{
	static const char overlap[] =
		"00200000-006fffff : System RAM\n"
		"00600000-0017ffff : System RAM\n"
		"00150000-002fffff : System RAM\n";
	static const char fuzzed[] =
		"7f8000-f:System RAM\n"
		"70-6affff:System RAM\n"
		"f-6fffff:System RAM";

	(void)state;
	assert_int_equal(parse(overlap), -EINVAL);
	assert_string_equal(why, "malformed /proc/iomem line (end before start)");
	assert_int_equal(parse(fuzzed), -EINVAL);
	assert_string_equal(why, "malformed /proc/iomem line (end before start)");
	/* Without the inverted line: one merged range. */
	assert_int_equal(parse("00200000-006fffff : System RAM\n00150000-002fffff : System RAM\n"), 0);
	assert_int_equal(nr, 1);
	expect(0, 0x150000, 0x700000, 0);
	/* A one-byte range (start == end) is not inverted; it trims to nothing. */
	assert_int_equal(parse("00200000-00200000 : System RAM\n00300000-003fffff : System RAM\n"), 0);
	assert_int_equal(nr, 1);
	expect(0, 0x300000, 0x400000, 0);
}

static void test_capacity(void **state)
{
	static const char text[] =
		"00100000-001fffff : System RAM\n"
		"00300000-003fffff : System RAM\n"
		"00500000-005fffff : System RAM\n";
	struct tdx_mem_range two[2];

	(void)state;
	assert_int_equal(memmap_parse(text, strlen(text), two, 2, &nr, &why), -ENOSPC);
	assert_non_null(why);
	assert_int_equal(memmap_parse(text, strlen(text), out, 3, &nr, &why), 0);
	assert_int_equal(nr, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_iomem),
		cmocka_unit_test(test_qemu_dmesg),
		cmocka_unit_test(test_server_two_nodes),
		cmocka_unit_test(test_split_at_node_boundary),
		cmocka_unit_test(test_iomem_children_and_merge),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_inverted_iomem_range),
		cmocka_unit_test(test_capacity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
