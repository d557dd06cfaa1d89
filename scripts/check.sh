#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: run every suite, print each suite's results as TAP-style
# "ok - name" / "not ok - name" lines, and end with exactly one closing line
# "N passed, N failed" over all of them.  Exit non-zero on any failure.
#
# TDXHOST_CHECK_SUITES="unit build ..." limits the run to some suites.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
logdir=$top/build/check
rm -rf "$logdir"
mkdir -p "$logdir"
results=$logdir/results
: > "$results"
# run_test's wall times; each queued VM case keeps its own (run_queue)
durations=$logdir/durations
suites=${TDXHOST_CHECK_SUITES:-"version netlink unit asan fuzz build style tdxctl dkms pkg vm debug"}
# check: make check, within its time budget; full: make check-full, every
# VM case on every kernel and every debug case (suite_vm, suite_debug).
# Exported: a VM case may go deeper in the full tier (tests/vm/lib.sh).
tier=${TDXHOST_CHECK_TIER:-check}
case $tier in
check | full) ;;
*) echo "check.sh: TDXHOST_CHECK_TIER=$tier: not check or full" >&2; exit 2 ;;
esac
export TDXHOST_CHECK_TIER=$tier
kernels=$(scripts/kernels.sh list)

# The debug kernel's first build (~24 CPU-minutes) runs niced beside the
# suites before the debug suite, which uses it last; cached, it costs nothing.
debug_build_pid=
case " $suites " in
*" debug "*)
	if ! scripts/debug-kernel.sh dir > /dev/null 2>&1; then
		scripts/debug-kernel.sh build > "$logdir/debug-kernel-build.log" 2>&1 &
		debug_build_pid=$!
	fi
	;;
esac

# Record one test: name, status (0 = pass), log file shown on failure.
record() {
	local name=$1 rc=$2 log=${3:-}
	if [ "$rc" -eq 0 ]; then
		echo "ok - $name" | tee -a "$results"
	else
		echo "not ok - $name (status $rc)" | tee -a "$results"
		if [ -n "$log" ] && [ -s "$log" ]; then
			sed 's/^/#   /' "$log" | tail -n 80
		fi
	fi
}

# Run a command as one test, output kept in a log.
run_test() {
	local name=$1
	shift
	local log
	log=$logdir/$(echo "$name" | tr -c 'A-Za-z0-9._-' '_').log
	local rc=0 t0=$SECONDS
	"$@" > "$log" 2>&1 || rc=$?
	echo "$((SECONDS - t0)) $name" >> "$durations"
	record "$name" $rc "$log"
	return $rc
}

suite_version() {
	echo "# suite version"
	run_test "version/one version everywhere (VERSION, dkms.conf, debian/changelog, tdxhost.spec, module, tdxctl)" \
		scripts/version-check.sh
}

# The netlink spec against the kernel's YNL schema, and the files generated
# from it (scripts/netlink-gen.sh) as committed.
suite_netlink() {
	echo "# suite netlink (tdxhost.yaml, the kernel's YNL tools)"
	run_test "netlink/tdxhost.yaml valid against the kernel's YNL schema" \
		scripts/netlink-gen.sh --schema
	run_test "netlink/tdxhost_netlink.h, src/netlink_gen.[ch], src/uapi_names.[ch] as generated from tdxhost.yaml" \
		scripts/netlink-gen.sh --check
}

# Run every cmocka suite (test_*) in DIR as TAP, results named PREFIX/SUITE/CASE.
unit_tap() {
	local dir=$1 prefix=$2 log=$3
	(cd "$dir" && for t in test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		echo "# unit/$t"
		CMOCKA_MESSAGE_OUTPUT=TAP "./$t" 2>&1
		echo "# exit $?"
	done) > "$log" 2>&1
	# cmocka's TAP: "ok N - name" / "not ok N - name"; a crashed suite has
	# a non-zero exit and fewer lines, so count the exits as tests too.
	awk -v p="$prefix" '
		/^# unit\// { suite = substr($2, 6) }
		/^ok [0-9]+ - / { sub(/^ok [0-9]+ - /, ""); print "ok - " p "/" suite "/" $0 }
		/^not ok [0-9]+ - / { sub(/^not ok [0-9]+ - /, ""); print "not ok - " p "/" suite "/" $0 }
		/^# exit / { if ($3 != 0) print "not ok - " p "/" suite " exited " $3; }
	' "$log" | tee -a "$results"
	grep -E '^(not ok|# )' "$log" | grep -v '^# unit/' | grep -v '^# exit 0' | head -n 40 | sed 's/^/#   /'
}

suite_unit() {
	echo "# suite unit (cmocka)"
	local log=$logdir/unit.log
	if ! make -s -C tests/unit all > "$log" 2>&1; then
		record "unit/build" 1 "$log"
		return
	fi
	record "unit/build" 0
	unit_tap tests/unit unit "$log"
}

# The unit tests and tdxctl (with its offline tests, tests/tdxctl/run) built
# with gcc's AddressSanitizer and UndefinedBehaviorSanitizer into
# build/asan/, apart from the binaries the other suites use.  Any report
# (memory error, undefined behaviour, leak at exit) fails its test; all of
# them are collected in build/asan/reports/ and fail the last test too.
suite_asan() {
	echo "# suite asan (gcc -fsanitize=address,undefined: unit tests, tdxctl)"
	local out=$top/build/asan log
	local flags="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer"
	rm -rf "$out/reports"
	mkdir -p "$out/reports"
	log=$logdir/asan-build-unit.log
	CFLAGS=$flags make -s -j"$(nproc)" -C tests/unit OUT="$out/unit" all > "$log" 2>&1
	record "asan/build unit tests" $? "$log"
	log=$logdir/asan-build-tdxctl.log
	CFLAGS=$flags make -s -C tools/tdxctl OUT="$out/tdxctl" > "$log" 2>&1
	local ctl_rc=$?
	record "asan/build tdxctl" $ctl_rc "$log"
	(
		# A distinct exit status, so that a report is not taken for an
		# expected failure (tdxctl's exit 1, 2 or 3).  ASan's reports go
		# to files; UBSan's (gcc's ignores log_path) to stderr, and
		# halt_on_error makes its exit status fail the test.
		export ASAN_OPTIONS="detect_leaks=1:exitcode=86:log_path=$out/reports/asan"
		export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86"
		unit_tap "$out/unit" asan/unit "$logdir/asan-unit.log"
		# Not a stale binary from an earlier run.
		[ "$ctl_rc" -eq 0 ] || exit 0
		TDXCTL=$out/tdxctl/tdxctl tests/tdxctl/run 2>&1 |
			sed 's/^\(\(not \)\{0,1\}ok - \)tdxctl\//\1asan\/tdxctl\//' | tee -a "$results"
	)
	log=$logdir/asan-reports.log
	grep -h -A12 'runtime error:' "$logdir/asan-unit.log" > "$log"
	for f in "$out"/reports/*; do
		[ -f "$f" ] && { echo "== ${f##*/}"; cat "$f"; } >> "$log"
	done
	[ ! -s "$log" ]
	record "asan/no ASan, UBSan or LeakSanitizer report in any run" $? "$log"
}

# Bounded libFuzzer runs (ASan + UBSan) of the parsers of untrusted input
# in src/lib/; TDXHOST_FUZZ_SECONDS sets the time of each (default 30 for
# the TDVF parser, 20 for the memory-map parser).
suite_fuzz() {
	echo "# suite fuzz (libFuzzer)"
	run_test "fuzz/tdvf: TDVF parser and MRTD walk, ${TDXHOST_FUZZ_SECONDS:-30} s, no crash" \
		tests/fuzz/run tdvf
	run_test "fuzz/memmap: memory-map parser (tdxctl plan), ${TDXHOST_FUZZ_SECONDS:-20} s, no crash" \
		tests/fuzz/run memmap "${TDXHOST_FUZZ_SECONDS:-20}"
}

# The module must build without a single warning at W=1 (and, with C=2,
# with sparse).
module_build_clean() {
	local kver=$1 out
	shift
	out=$(scripts/build-module.sh "$kver" W=1 "$@" 2>&1)
	local rc=$?
	echo "$out"
	[ $rc -eq 0 ] || return $rc
	if echo "$out" | grep -E 'warning:|error:' | grep -v 'Skipping BTF'; then
		echo "=> warnings above"
		return 1
	fi
}

# make check runs sparse against the newest kernel's headers only (the same
# sparse; its annotations are newest there), make check-full against each.
suite_build() {
	echo "# suite build (W=1, sparse)"
	local k last=${kernels##*[[:space:]]}
	for k in $kernels; do
		if [ "$tier" = full ] || [ "$k" = "$last" ]; then
			run_test "build/$k W=1 C=2 clean" module_build_clean "$k" C=2
		else
			run_test "build/$k W=1 clean" module_build_clean "$k"
		fi
	done
}

# Kernel coding style: the kernel's checkpatch.pl over each kernel-side file
# (scripts/checkpatch.sh), no ERROR, no WARNING, no line over 100 columns.
suite_style() {
	echo "# suite style (checkpatch.pl)"
	local f b files t0=$SECONDS
	files=$(scripts/checkpatch.sh --list)
	# two files at a time (one perl each: ~1 s per file), recorded in order
	# shellcheck disable=SC2016 # expanded by the inner shell
	printf '%s\n' $files | xargs -P 2 -I{} sh -c \
		'b=$2/style-$(echo "$1" | tr / _); scripts/checkpatch.sh "$1" > "$b.log" 2>&1; echo $? > "$b.rc"' \
		_ {} "$logdir"
	for f in $files; do
		b=$logdir/style-$(echo "$f" | tr / _)
		record "style/$f" "$(cat "$b.rc" 2> /dev/null || echo 1)" "$b.log"
	done
	echo "$((SECONDS - t0)) style (all files, 2 at a time)" >> "$logdir/durations"
}

suite_tdxctl() {
	echo "# suite tdxctl"
	run_test "tdxctl/build -Wall -Wextra -Werror" make -C tools/tdxctl
	if [ -x tests/tdxctl/run ]; then
		tests/tdxctl/run 2>&1 | tee -a "$results"
	fi
}

# make check-full only: the pkg suite's packages go through DKMS on every
# kernel in make check.
suite_dkms() {
	echo "# suite dkms"
	local k
	[ "$tier" = full ] || { echo "# (make check-full only: pkg/install builds with DKMS)"; return 0; }
	for k in $kernels; do
		run_test "dkms/add+build $k (throw-away tree)" tests/dkms/run "$k"
	done
}

# The .deb and .rpm packages, installed, upgraded, booted and purged on this
# machine (tests/pkg/run); the RPMs in a Debian root made by debootstrap
# (rpm --root).  Each step is one test, and "restore" always runs last to
# leave the machine as it was found.
suite_pkg() {
	echo "# suite pkg"
	local k
	run_test "pkg/deb: dpkg-buildpackage -us -uc -b in a clean copy, two versions" tests/pkg/run build
	run_test "pkg/lintian: no errors or warnings (.debs, .changes, .dsc)" tests/pkg/run lintian
	run_test "pkg/rpm: rpmbuild tdxhost-dkms (noarch) and tdxctl, rpm -qlp contents, two versions" tests/pkg/run rpm
	run_test "pkg/rpm-root: Debian root for rpm --root (debootstrap, cached), dkms, the machine's kernel headers" \
		tests/pkg/run rpm-root
	run_test "pkg/rpm-install: rpm -i --nodeps in the root, Requires met there, %posttrans builds for every kernel" \
		tests/pkg/run rpm-install
	run_test "pkg/rpm-upgrade: rpm -U in the root, old version gone from DKMS, newer built for every kernel" \
		tests/pkg/run rpm-upgrade
	# a third round of DKMS builds in the root: make check-full only
	[ "$tier" = full ] &&
		run_test "pkg/rpm-reinstall: rpm -U --replacepkgs in the root, module rebuilt, not lost" \
			tests/pkg/run rpm-reinstall
	run_test "pkg/rpm-erase: rpm -e in the root, nothing of tdxhost left (%preun dkms remove)" tests/pkg/run rpm-erase
	run_test "pkg/install: apt-get install ./*.deb, DKMS builds and installs for every kernel" tests/pkg/run install
	run_test "pkg/bad-input: kernel without headers or with its own TDX: skipped with the reason, apt healthy" \
		tests/pkg/run bad-input
	run_test "pkg/upgrade: newer version rebuilt for every kernel, no stale DKMS entry" tests/pkg/run upgrade
	run_test "pkg/files: udev rule, modprobe.d conffile, tdxctl, nothing autoloads" tests/pkg/run files
	for k in $kernels; do
		run_test "pkg/vm/$k: installed module (modprobe backend=emu), packaged tdxctl status+enable" \
			tests/pkg/run vm "$k"
	done
	run_test "pkg/purge: nothing of tdxhost in DKMS, /usr/src, /lib/modules" tests/pkg/run purge
	run_test "pkg/restore: machine left as found" tests/pkg/run restore
}

# VM cases run from a queue by two workers at once: a TCG guest keeps one
# to two cores busy, and while one worker's guest boots or its case does
# host-side work the other's runs.  Each worker has a pool of guests of its
# own (tests/vm/run: a pooled guest runs one case after another, put back as
# booted in between; a boot costs 10-15 s, and three kept up cover the
# machine shapes the cases ask for most) and prefers the cases of one
# kernel, so its guests are reused; once those are done it takes the
# others'.  The cases are safe side by side: every guest has its own /tmp
# and module.  Each case records into files of its own, put together in
# queue order once all are done, so the output does not depend on who ran
# what.
#
# queue_take DIR KVER: the next case of DIR for KVER, else any (its path
# without .job, the .job renamed .taken); exit 1 when none is left.
queue_take() {
	local dir=$1 pref=$2 f k c pick=
	exec 9> "$dir/.lock"
	flock 9
	for f in "$dir"/*.job; do
		[ -e "$f" ] || break
		read -r k c < "$f"
		[ -z "$pick" ] && pick=$f
		[ "$k" = "$pref" ] && { pick=$f; break; }
	done
	[ -n "$pick" ] && mv "$pick" "${pick%.job}.taken"
	exec 9>&-
	[ -n "$pick" ] && echo "${pick%.job}"
}

queue_worker() {
	local name=$1 dir=$2 pref=$3 f k c
	export TDXHOST_VM_POOL=$top/build/vm/pool-$name TDXHOST_VM_POOL_MAX=3
	tests/vm/run --pool-stop
	rm -f "$TDXHOST_VM_POOL/boots.log"
	while f=$(queue_take "$dir" "$pref"); do
		read -r k c < "$f.taken"
		(
			results=$f.results durations=$f.durations
			: > "$results"
			run_test "vm/$k/$c" env KVER="$k" bash "tests/vm/cases/$c.sh"
		) > "$f.out" 2>&1
	done
	tests/vm/run --pool-stop
}

# run_queue NAME "KVER CASE"...: the cases by two workers (worker I prefers
# the I-th kernel of $kernels), then their records in argument order.
run_queue() {
	local name=$1 dir=$logdir/queue-$1 n=0 i f pids=() boots=0 prefs
	shift
	rm -rf "$dir"
	mkdir -p "$dir"
	for f; do
		echo "$f" > "$dir/$(printf %04d $n).job"
		n=$((n + 1))
	done
	# shellcheck disable=SC2206 # kernel releases have no blanks
	prefs=($kernels $kernels)
	for i in 0 1; do
		queue_worker "$name-$i" "$dir" "${prefs[i]}" &
		pids+=($!)
	done
	wait "${pids[@]}"
	for ((i = 0; i < n; i++)); do
		f=$dir/$(printf %04d $i)
		cat "$f.out" 2> /dev/null
		cat "$f.results" >> "$results" 2> /dev/null
		cat "$f.durations" >> "$durations" 2> /dev/null
	done
	for i in 0 1; do
		boots=$((boots + $(grep -c ' boot ' "$top/build/vm/pool-$name-$i/boots.log" 2> /dev/null || true)))
	done
	echo "# $name: $n cases by 2 workers, $boots pooled boots (and a boot each for --fresh and monitor cases)"
}

# The module, tdxctl and the guests' tools, built before the workers share them;
# the module with W=1 as the build suite made it, so that kbuild keeps its objects.
vm_build() {
	make -s modules-all W=1 tdxctl && (. tests/vm/lib.sh && build_tdclient && build_nlfuzz && build_tdfuzz)
}

# The VM cases, by the two workers.  make check (tier "check") runs each
# case once, the distro kernels taking turns in the cases' name order (so
# each kernel gets about half of the module's logic, and each worker keeps
# to the guests of its kernel), and the cases marked "# vm: every kernel" on
# each of them: those that meet a kernel interface which differs between
# releases (module loading, the chardev, generic netlink).  make check-full
# (tier "full") runs every case on every kernel but those marked
# "# vm: once" (the harness's own test, logic no kernel interface touches).
# One marked "# vm: debug" needs the debug kernel's fault injection: the
# debug suite.
# TDXHOST_VM_CASES="NAME..." limits the run to those cases;
# TDXHOST_VM_EVERY_KERNEL=1 runs each chosen case on every kernel.
suite_vm() {
	echo "# suite vm (tier $tier, two workers)"
	local k c name turn=0 jobs=() ks
	# shellcheck disable=SC2206 # kernel releases have no blanks
	ks=($kernels)
	if ! vm_build > "$logdir/vm-build.log" 2>&1; then
		record "vm/build module, tdxctl and the guest tools" 1 "$logdir/vm-build.log"
		return
	fi
	for c in tests/vm/cases/*.sh; do
		[ -e "$c" ] || continue
		name=$(basename "$c" .sh)
		grep -qx '# vm: debug' "$c" && continue
		[ -n "${TDXHOST_VM_CASES:-}" ] && [[ " $TDXHOST_VM_CASES " != *" $name "* ]] && continue
		if [ "${TDXHOST_VM_EVERY_KERNEL:-0}" = 1 ] || grep -qx '# vm: every kernel' "$c" ||
			{ [ "$tier" = full ] && ! grep -qx '# vm: once' "$c"; }; then
			for k in "${ks[@]}"; do
				jobs+=("$k $name")
			done
		else
			jobs+=("${ks[turn % ${#ks[@]}]} $name")
			turn=$((turn + 1))
		fi
	done
	run_queue vm "${jobs[@]}"
}

# The cases of tests/vm/debug-cases again on the debug kernel (KASAN,
# lockdep, UBSAN, kmemleak, fault injection: scripts/debug-kernel.sh, built
# once and cached); any report of theirs fails the case (status 95).  make
# check runs the cases marked "check" there, make check-full and make
# check-debug all of them (TDXHOST_DEBUG_CASES=check, all, or rest: those
# not marked "check"), by two workers in the file's order.
suite_debug() {
	local set=${TDXHOST_DEBUG_CASES:-}
	[ -n "$set" ] || { [ "$tier" = full ] && set=all || set=check; }
	case $set in
	check | rest | all) ;;
	*) record "debug/TDXHOST_DEBUG_CASES=$set: not check, rest or all" 1; return ;;
	esac
	echo "# suite debug (the VM cases of tests/vm/debug-cases marked $set, on the debug kernel)"
	if ! vm_build > "$logdir/debug-build.log" 2>&1; then
		record "debug/build module, tdxctl and the guest tools" 1 "$logdir/debug-build.log"
		return
	fi
	local k c jobs=()
	local name="vm/debug kernel: build (cached by source version and config)" rc=0
	if [ -n "$debug_build_pid" ]; then
		wait "$debug_build_pid" || rc=$?
		record "$name" $rc "$logdir/debug-kernel-build.log"
		[ $rc -eq 0 ] || return
	else
		run_test "$name" scripts/debug-kernel.sh build || return
	fi
	k=$(scripts/kernels.sh debug)
	run_test "vm/$k/build module" scripts/build-module.sh "$k" || return
	for c in $(awk -v set="$set" '{ sub(/#.*/, "") }
		NF >= 2 && (set == "all" || (set == "check") == ($2 == "check")) { print $1 }' tests/vm/debug-cases); do
		jobs+=("$k $c")
	done
	run_queue debug "${jobs[@]}"
}

# The time budget (README: make check under 35 minutes on a fresh machine)
# is watched here: each suite's wall time, and the slowest tests.
for s in $suites; do
	t0=$SECONDS
	"suite_$s"
	echo "# time: suite $s $((SECONDS - t0)) s" | tee -a "$logdir/suite-times"
done
echo "# time: slowest tests (s): $(sort -rn "$logdir/durations" 2>/dev/null | head -n 5 |
	awk '{ n = $1; $1 = ""; printf "%s%s (%d)", sep, substr($0, 2), n; sep = "; " }')"

# The reliability figures (README "Reliability"): what the tests counted as
# they ran, as "reliability: WHAT: N" lines in their logs, summed per
# kernel (the VM suites) or over the userspace suites.
reliability() {
	local f k t where
	for f in "$logdir"/*.log; do
		[ -f "$f" ] || continue
		where=userspace
		for k in $kernels $(scripts/kernels.sh debug 2> /dev/null); do
			t=$(echo "$k" | tr -c 'A-Za-z0-9._-' '_')
			t=${t%_}
			case "${f##*/}" in *_"$t"_*) where=$k ;; esac
		done
		sed -n "s/^reliability: \(.*\): \([0-9][0-9]*\)\r*$/$where\t\1\t\2/p" "$f"
	done | awk -F'\t' '{ sum[$2 "\t" $1] += $3 } END { for (k in sum) print k "\t" sum[k] }' | sort |
		awk -F'\t' '{ printf "# reliability: %s on %s: %d\n", $1, $2, $3 }'
}
reliability

pass=$(grep -c '^ok ' "$results")
fail=$(grep -c '^not ok ' "$results")
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
