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
#        fuzz.sh repro qemu|core FILE  runs one input with the device's
#                                      trace events (mailbox statuses,
#                                      firmware, card runs, frames) and
#                                      guest errors printed, and for qemu
#                                      the qtest commands it sends
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
# The device's trace events repro prints: what each command did
repro_events="xnic_mbox xnic_fw xnic_card_run xnic_prog_load xnic_map_op
xnic_tx_frame xnic_rx_frame xnic_rx_drop"

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
	qemu) bin=$XNIC_CACHE/qemu-fuzz-x86_64
	      # generic-fuzz gives each command 100 ms by default, and a
	      # forked child's FW_LOAD alone takes longer on a loaded host
	      # (the card's 16 MiB of memory cleared, a page fault a page):
	      # the child exits at the timeout, and the firmware never ran.
	      export QEMU_FUZZ_TIMEOUT="${QEMU_FUZZ_TIMEOUT:-1000000}" ;;
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

# FIELD (args, objects) of generic-fuzz's xnic configuration, the string
# literals tests/fuzz/generic-fuzz-xnic.patch gives it, joined.
qemu_config() {
	sed -n '/\.name = "xnic"/,/\.objects/p' "$XNIC_TOP/tests/fuzz/generic-fuzz-xnic.patch" |
	awk -v field=".$1 =" '
		index($0, " .") { on = index($0, field) > 0 }
		on { while (match($0, /"[^"]*"/)) {
			printf "%s", substr($0, RSTART + 1, RLENGTH - 2)
			$0 = substr($0, RSTART + RLENGTH) } }'
}

# generic-fuzz-xnic is generic-fuzz with the configuration's environment:
# set by hand, it takes the trace events too.  -detect_leaks=0: libFuzzer
# would run the input a second time to look for leaks.
repro() {
	target "$1"
	[ -f "$2" ] || die "no input $2"
	sanitizer_env
	if [ "$1" = core ]; then
		XNIC_CORE_FUZZ_TRACE=1 $fuzzer -detect_leaks=0 "$2" 2>&1 |
			grep -E '^xnic|ERROR|runtime error|#[0-9]+ ' || true
		return
	fi
	traces=$(for e in $repro_events; do printf -- '-trace %s ' "$e"; done)
	QEMU_FUZZ_ARGS="$(qemu_config args) $traces-d guest_errors" \
	QEMU_FUZZ_OBJECTS=$(qemu_config objects) QEMU_AVOID_DOUBLE_FETCH=1 \
	QTEST_LOG=1 FUZZ_SERIALIZE_QTEST=1 $bin --fuzz-target=generic-fuzz -detect_leaks=0 "$2" 2>&1 |
		grep -E '^\[(S|R) \+[0-9.]*\]|^\[Timeout\]|^xnic|ERROR|runtime error|#[0-9]+ ' || true
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
repro) repro "${2:?usage: fuzz.sh repro qemu|core FILE}" "${3:?usage: fuzz.sh repro qemu|core FILE}" ;;
*) die "usage: fuzz.sh build|run qemu|core [SECONDS]|cov qemu|core|repro qemu|core FILE" ;;
esac
