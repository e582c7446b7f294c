#!/bin/sh
# Sanitizer runs (docs/testing.md "Sanitizer builds"): QEMU with the xnic
# device, the host tools and the unit tests built with AddressSanitizer and
# UndefinedBehaviorSanitizer, and the tests that reach the device run on them.
#
# usage: asan.sh build        build both (QEMU: XNIC_SANITIZE=1 build-qemu.sh,
#                             host: meson build dir $XNIC_ASAN_BUILD)
#        asan.sh check        the bounded set `make check` runs: the core
#                             units (2 seeds of the core's hostile suite)
#                             and $XNIC_ASAN_CHECK_STEPS hostile qtest steps
#        asan.sh all          `make asan`: every unit test, the hostile
#                             qtest at its full length and one guest test
#        asan.sh guest        the guest test alone
#        asan.sh long [FIRST COUNT]
#                             `make asan-long`: long-core COUNT, then
#                             long-qtest FIRST COUNT (default 0x100, 50)
#        asan.sh long-core [COUNT]
#                             the core's hostile suite over COUNT seeds
#        asan.sh long-qtest [FIRST COUNT]
#                             the hostile qtest over COUNT seeds from FIRST
# Every report is fatal: the sanitizers halt on the first one, and a run
# that leaves a report (an ASan file in the run's report directory, a
# UBSan line in its log) fails even when the test itself passed.  Prints
# a PASS:/FAIL: line per run and ends with "asan: N passed, N failed".
set -eu
XNIC_STEP=asan
. "$(dirname "$0")/lib.sh"
build=${XNIC_ASAN_BUILD:-$XNIC_TOP/build-asan}
qemu=$XNIC_CACHE/qemu-system-x86_64-asan
check_steps=${XNIC_ASAN_CHECK_STEPS:-3000}
passed=0 failed=0

build_all() {
	if [ ! -f "$build/build.ninja" ]; then
		say "meson setup $build (b_sanitize=address,undefined)"
		# b_lundef=false: the sanitizer runtimes resolve some symbols late
		meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	fi
	say "host tools and unit tests with ASan+UBSan (log: $build/ninja.log)"
	ninja -C "$build" >"$build/ninja.log" 2>&1 || { tail -n 40 "$build/ninja.log" >&2; exit 1; }
	XNIC_SANITIZE=1 "$XNIC_TOP/scripts/build-qemu.sh" >/dev/null
	# configure drops a sanitizer whose test program fails to build,
	# without failing: the binary must link both runtimes.
	for rt in libasan libubsan; do
		ldd "$qemu" | grep -q "$rt\." ||
			die "$qemu is not linked with $rt (see its configure.log)"
	done
}

# Each run gets a fresh report directory, where ASan names its files
# asan.PID.  UBSan prints to stderr whatever its log_path says (GCC 12's
# runtime next to ASan), so its "runtime error:" lines are looked for in
# the run's log.  Leaks are not checked: QEMU's exit leaves allocations
# of its own, and the device's are freed by unrealize, which a run that
# exits through SIGTERM never reaches.  The link-order check is off for
# diff-corpus-host-refuses-adjust-meta, whose LD_PRELOAD shim
# (tests/diff/host_refuses_helper.c) comes before libasan.
sanitizer_env() {
	reports=$(mktemp -d "${TMPDIR:-/tmp}/xnic-asan.XXXXXX")
	ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=0:verify_asan_link_order=0:log_path=$reports/asan"
	UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
	# Check's per-test timeouts were set for plain builds
	CK_TIMEOUT_MULTIPLIER=4
	export ASAN_OPTIONS UBSAN_OPTIONS CK_TIMEOUT_MULTIPLIER
}

# reports_clean WHAT LOG: fails WHAT when a sanitizer left a report in
# the report directory or a UBSan line in LOG.
reports_clean() {
	grep -h -B1 -A12 'runtime error:' "$2" >"$reports/ubsan" 2>/dev/null ||
		rm -f "$reports/ubsan"
	# ASan also logs warnings there (QEMU's coroutines switch stacks
	# with swapcontext): a report is a file with an ERROR line.
	for f in "$reports"/asan.*; do
		[ -f "$f" ] && ! grep -q '^==[0-9]*==ERROR:' "$f" && rm -f "$f"
	done
	if [ -n "$(ls -A "$reports")" ]; then
		for f in "$reports"/*; do
			say "$1: sanitizer report $f:"
			head -n 60 "$f" >&2
		done
		rm -rf "$reports"
		return 1
	fi
	rm -rf "$reports"
}

# result WHAT STATUS
result() {
	if [ "$2" = 0 ]; then
		echo "PASS: asan $1"
		passed=$((passed + 1))
	else
		echo "FAIL: asan $1"
		failed=$((failed + 1))
	fi
}

# meson_run WHAT ARGS...: meson tests of the sanitizer build.
meson_run() {
	what=$1; shift
	sanitizer_env
	log=$build/asan-$what.log
	status=0
	XNIC_QEMU=$qemu meson test -C "$build" --no-rebuild --print-errorlogs -t 4 "$@" \
		>"$log" 2>&1 || status=1
	grep -E '^ *[0-9]+/[0-9]+ ' "$log" | sed 's/^/  /' >&2 || true
	[ "$status" = 0 ] || tail -n 40 "$log" >&2
	reports_clean "$what" "$build/meson-logs/testlog.txt" || status=1
	result "$what" "$status"
}

# hostile SEED STEPS: one run of the hostile qtest; prints its operations.
hostile() {
	sanitizer_env
	log=$(mktemp)
	status=0
	XNIC_QEMU=$qemu XNIC_HOSTILE_SEED=$1 XNIC_HOSTILE_STEPS=$2 \
		"$build/tests/hostile/xnic-hostile" >"$log" 2>&1 || status=1
	[ "$status" = 0 ] || tail -n 20 "$log" >&2
	reports_clean "hostile seed $1" "$log" || status=1
	sed -n 's/^hostile operations: //p' "$log"
	rm -f "$log"
	return "$status"
}

# hostile_default STEPS: the seed meson's xnic-hostile test runs.
hostile_default() {
	ops=$(hostile 0x2545f4914f6cdd1d "$1") && status=0 || status=1
	result "hostile ($1 steps, ${ops:-0} operations)" "$status"
}

# The guest test boots QEMU through a wrapper that keeps QEMU's stderr
# in the report directory when QEMU died by a signal or UBSan spoke:
# run-guest.sh reads only the console, and a report after the guest's
# RESULT line would go unseen.
guest_one() {
	sanitizer_env
	log=$build/asan-guest.log
	wrapper=$(mktemp -d "${TMPDIR:-/tmp}/xnic-asan-qemu.XXXXXX")
	cat >"$wrapper/qemu" <<-EOF
	#!/bin/sh
	err=$reports/qemu-stderr.\$\$
	"$qemu" "\$@" 2>"\$err"
	rc=\$?
	[ "\$rc" -ge 128 ] || grep -q 'runtime error:' "\$err" || rm -f "\$err"
	exit "\$rc"
	EOF
	chmod +x "$wrapper/qemu"
	status=0
	# TCG under ASan runs a few times slower than the plain build
	XNIC_QEMU=$wrapper/qemu XNIC_GUEST_TIMEOUT=${XNIC_GUEST_TIMEOUT:-1500} \
		"$XNIC_TOP/tests/guest/run-all.sh" offload-maps >"$log" 2>&1 || status=1
	grep -E '^(PASS|FAIL|SKIP|RESULT)' "$log" | sed 's/^/  /' >&2 || true
	rm -rf "$wrapper"
	reports_clean "guest offload-maps" "$log" || status=1
	result "guest offload-maps" "$status"
}

# The core's hostile suite (tests/unit/xnic-core/test_hostile.c, no QEMU)
# over COUNT seeds of 20,000 steps each.  Check logs each seed as it ends
# (CK_LOG_FILE_NAME), so the operations count what passed.
long_core() {
	sanitizer_env
	log=$build/asan-long-core.log
	say "the core's hostile suite under ASan+UBSan, $1 seeds (log: $log)"
	status=0
	CK_LOG_FILE_NAME=$log.seeds XNIC_CORE_HOSTILE_SEEDS=$1 \
		"$build/tests/unit/xnic-core/test-xnic-core-hostile" >"$log" 2>&1 || status=1
	[ "$status" = 0 ] || tail -n 20 "$log" >&2
	reports_clean "core hostile" "$log" || status=1
	seeds=$(grep -c ':P:hostile:test_hostile_seeded:' "$log.seeds" || true)
	core_ops=$((seeds * 20000))
	result "core hostile ($seeds of $1 seeds passed, $core_ops operations)" "$status"
}

# The hostile qtest on the sanitized QEMU for COUNT seeds from FIRST.
long_qtest() {
	seed=$(($1)) count=$2 qtest_ops=0 i=0
	say "hostile qtest under ASan+UBSan, seeds $seed..$((seed + count - 1))"
	while [ "$i" -lt "$count" ]; do
		s=$(printf '0x%x' $((seed + i)))
		ops=$(hostile "$s" 20000) && status=0 || status=1
		qtest_ops=$((qtest_ops + ${ops:-0}))
		result "hostile seed $s (${ops:-0} operations)" "$status"
		i=$((i + 1))
	done
	say "$qtest_ops hostile qtest operations over $count seeds"
}

mode=${1:-all}
case "$mode" in
build) build_all; exit 0 ;;
check) XNIC_CORE_HOSTILE_SEEDS=2 meson_run core --suite xnic-core
       hostile_default "$check_steps" ;;
all) meson_run unit --no-suite hostile --no-suite qos; hostile_default 20000; guest_one ;;
guest) guest_one ;;
long-core) long_core "${2:-50}" ;;
long-qtest) long_qtest "${2:-0x100}" "${3:-50}" ;;
long) long_core "${3:-50}"; long_qtest "${2:-0x100}" "${3:-50}"
      say "$((core_ops + qtest_ops)) hostile operations in all" ;;
*) die "usage: asan.sh build|check|all|guest|long|long-core|long-qtest [FIRST] [COUNT]" ;;
esac
echo "asan: $passed passed, $failed failed"
[ "$failed" = 0 ]
