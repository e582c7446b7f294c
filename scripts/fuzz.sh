#!/bin/sh
# Coverage-guided fuzzing of the xnic device (docs/testing.md
# "Coverage-guided fuzzing"), with two libFuzzer targets, both built with
# ASan and UBSan:
#   qemu  QEMU's generic-fuzz-xnic (tests/fuzz/generic-fuzz-xnic.patch) in
#         qemu-fuzz-x86_64: the whole device through QEMU;
#   core  tests/fuzz/xnic-core-fuzz: the card core and its microengines
#         without QEMU, hundreds of times faster.
# Both start from the seeds tests/fuzz/xnic-fuzz-seeds writes, which run
# the built firmware, and programs of the corpus compiled by xnic-cc
# (which asks the host kernel for BPF) through the firmware's mailbox.
#
# usage: fuzz.sh build                 both targets (XNIC_FUZZ=1 build-qemu.sh,
#                                      ninja tests/fuzz/xnic-core-fuzz and
#                                      what the seeds are made of)
#        fuzz.sh run qemu|core [SECONDS]
#                                      fuzz for SECONDS (default 60) under
#                                      nice; the corpus grows in
#                                      $XNIC_FUZZ_DIR/TARGET/corpus, crash
#                                      inputs land in .../TARGET/crashes
#        fuzz.sh cov qemu|core         runs the corpus once and prints the
#                                      device's edge coverage, file by file
#        fuzz.sh repro FILE            runs one generic-fuzz input with the
#                                      qtest commands it sends printed
# Every sanitizer report is a crash: libFuzzer saves the input (generic-
# fuzz runs each input in a forked child and goes on).  `run` ends with
# "fuzz TARGET: N s, N executions, cov: N ft: N, corpus N, N crash inputs"
# and fails when the run added a crash input.
set -eu
XNIC_STEP=fuzz
. "$(dirname "$0")/lib.sh"
build=${XNIC_BUILD:-$XNIC_TOP/build}
top_dir=${XNIC_FUZZ_DIR:-$XNIC_CACHE/fuzz}
# The mailbox seeds' programs (tests/corpus): a hash map the seed's
# MAP_OPs and the program both use, and trace_printk's log records
seed_programs="helper_hash helper_trace_printk"

sanitizer_env() {
	# QEMU's exit leaves allocations of its own: leaks are not findings.
	ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:symbolize=1"
	UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
	export ASAN_OPTIONS UBSAN_OPTIONS
}

# target NAME: sets fuzzer (the command) and dir, and writes the seeds
target() {
	dir=$top_dir/$1
	mkdir -p "$dir/corpus" "$dir/crashes"
	case "$1" in
	qemu) bin=$XNIC_CACHE/qemu-fuzz-x86_64 ;;
	core) bin=$build/tests/fuzz/xnic-core-fuzz ;;
	*) die "no fuzz target $1 (qemu or core)" ;;
	esac
	[ -x "$bin" ] || die "$bin missing: run scripts/fuzz.sh build"
	fuzzer=$bin
	[ "$1" = core ] || fuzzer="$bin --fuzz-target=generic-fuzz-xnic"
	# The seeds, written again from the firmware this build made
	seeder=$build/tests/fuzz/xnic-fuzz-seeds
	[ -x "$seeder" ] || die "$seeder missing: run scripts/fuzz.sh build"
	mkdir -p "$dir/seeds" "$dir/programs"
	progs=
	for p in $seed_programs; do
		img=$dir/programs/$p.img
		"$build/tools/xnic-cc/xnic-cc" "$build/tests/corpus/$p.bpf.o" \
			-o "$img" >"$dir/programs/$p.log" 2>&1 ||
			die "xnic-cc could not compile $p for the seeds (log: $dir/programs/$p.log)"
		progs="$progs $img"
	done
	# shellcheck disable=SC2086
	"$seeder" "$1" "$build/firmware/xnic-fw.img" "$dir/seeds" $progs
}

crash_count() {
	find "$dir/crashes" -type f | wc -l
}

# The last libFuzzer status line's counter NAME ("cov", "ft").
last_counter() {
	grep -o " $1: [0-9]*" "$2" | tail -n 1 | grep -o '[0-9]*$' || echo 0
}

run() {
	target "$1"
	secs=$2
	log=$dir/run-$(date -u +%Y%m%dT%H%M%S).log
	before=$(crash_count)
	say "$1 for $secs s under nice (log: $log)"
	sanitizer_env
	start=$(date +%s)
	# shellcheck disable=SC2086
	nice -n "${XNIC_FUZZ_NICE:-10}" $fuzzer -max_total_time="$secs" \
		-print_final_stats=1 -artifact_prefix="$dir/crashes/" \
		"$dir/corpus" "$dir/seeds" >"$log" 2>&1 || true
	took=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	new=$(($(crash_count) - before))
	echo "fuzz $1: $took s, ${execs:-0} executions, cov: $(last_counter cov "$log") ft: $(last_counter ft "$log"), corpus $(find "$dir/corpus" -type f | wc -l), $new crash inputs"
	[ -n "$execs" ] || { tail -n 30 "$log" >&2; die "libFuzzer did not finish (log: $log)"; }
	[ "$new" = 0 ] || { find "$dir/crashes" -type f -newer "$log" >&2; exit 1; }
}

# libFuzzer's -print_coverage over the corpus, summed per source file of
# the device: hw/xnic, hw/me and isa in this tree, hw/xnic, hw/xnic/me
# and hw/xnic/isa in QEMU's.
cov() {
	target "$1"
	sanitizer_env
	log=$dir/cov.log
	# shellcheck disable=SC2086
	$fuzzer -runs=0 -print_coverage=1 "$dir/corpus" "$dir/seeds" >"$log" 2>&1 || true
	grep -E '^(COVERED|UNCOVERED)_FUNC: .* [^ ]*/(hw/xnic|hw/me|isa)/' "$log" |
	grep -v '/hw/isa/' |	# QEMU's ISA bus, not the device's isa/
	awk '{
		split($0, a, " edges: "); split(a[2], e, "/"); sub(/ .*/, "", e[2])
		n = split($NF, p, "/"); file = p[n - 1] "/" p[n]; sub(/:.*/, "", file)
		cov[file] += e[1]; tot[file] += e[2]; tc += e[1]; tt += e[2]
	}
	END {
		for (f in cov) printf "%-24s %6d / %6d edges  %5.1f%%\n", f, cov[f], tot[f], 100 * cov[f] / tot[f]
		printf "%-24s %6d / %6d edges  %5.1f%%\n", "device total", tc, tt, 100 * tc / tt
	}' | sort
}

repro() {
	target qemu
	[ -f "$1" ] || die "no input $1"
	sanitizer_env
	QTEST_LOG=1 FUZZ_SERIALIZE_QTEST=1 $fuzzer "$1" 2>&1 |
		grep -E '^\[(S|R) \+[0-9.]*\]|ERROR|runtime error|#[0-9]+ ' || true
}

case "${1:-}" in
build) XNIC_FUZZ=1 "$XNIC_TOP/scripts/build-qemu.sh"
       [ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null
       # shellcheck disable=SC2046
       ninja -C "$build" tests/fuzz/xnic-core-fuzz tests/fuzz/xnic-fuzz-seeds \
	       firmware/xnic-fw.img tools/xnic-cc/xnic-cc \
	       $(for p in $seed_programs; do echo "tests/corpus/$p.bpf.o"; done) >/dev/null ;;
run) run "${2:?usage: fuzz.sh run qemu|core [SECONDS]}" "${3:-60}" ;;
cov) cov "${2:?usage: fuzz.sh cov qemu|core}" ;;
repro) repro "${2:?usage: fuzz.sh repro FILE}" ;;
*) die "usage: fuzz.sh build|run qemu|core [SECONDS]|cov qemu|core|repro FILE" ;;
esac
