#!/bin/sh
# The compiler's statistics (docs/compiler.md, "Statistics"): `xnic-cc
# --stats --pcap` over the corpus and, when tests/corpus/build-external.sh
# can build them, the external programs.  Per program: eBPF and card
# instructions, card instructions per eBPF instruction (static), executed
# card instructions per executed eBPF instruction and modelled cycles per
# packet (dynamic, over mix-1.pcap with the initial map entries of
# tests/diff/entries and tests/diff/external-entries), GPRs, stack, bank-rule moves, posted writes and
# overlapped reads.
#
# Usage: scripts/compiler-stats.sh [--update]
#   prints the tables as markdown; --update also rewrites them in
#   docs/compiler.md (between the "compiler-stats" comment lines).
# Needs `make build` first and root (xnic-cc loads each program into the
# host kernel for its maps).
set -eu
XNIC_STEP=compiler-stats
. "$(dirname "$0")/lib.sh"
build=${XNIC_BUILD:-$XNIC_TOP/build}
xnic_cc=$build/tools/xnic-cc/xnic-cc
pcap=$build/tests/diff/mix-1.pcap
external=$build/tests/diff/external
[ -x "$xnic_cc" ] && [ -f "$pcap" ] || die "build first: make build"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One program: "eBPF card gprs_a gprs_b stack moves posted overlapped
# exec_card exec_bpf cycles_per_packet", or nothing when it does not compile.
measure() {	# measure OBJECT [xnic-cc options...]
	obj=$1
	shift
	"$xnic_cc" "$obj" "$@" --pcap "$pcap" --stats --json >/dev/null 2>"$tmp/err" || return 0
	sed -n 's/.*: \([0-9]*\) eBPF insns -> \([0-9]*\) card insns .*GPRs A \([0-9]*\) B \([0-9]*\), stack \([0-9]*\) bytes, \([0-9]*\) bank-rule moves, \([0-9]*\) writes posted, \([0-9]*\) reads overlapped/\1 \2 \3 \4 \5 \6 \7 \8/p' "$tmp/err" | tr '\n' ' '
	sed -n 's/.*: executed \([0-9]*\) card insns for \([0-9]*\) eBPF insns .*, \([0-9.]*\) cycles per packet.*/\1 \2 \3/p' "$tmp/err"
}

# Markdown rows from "NAME fields..." lines, and a total row.
table() {	# table TITLE-COLUMN
	awk -v title="$1" '
	function ratio(a, b) { return b ? sprintf("%.2f", a / b) : "-" }
	BEGIN {
		printf "| %s | eBPF | card | per insn | executed per insn | cycles/packet |", title
		print " GPRs A/B | stack | moves | posted/overlapped |"
		print "|---|---|---|---|---|---|---|---|---|---|"
	}
	NF >= 9 {
		dyn = NF >= 12 && $11 ? ratio($10, $11) : "-"
		cyc = NF >= 12 && $11 ? sprintf("%.0f", $12) : "-"
		printf "| %s | %d | %d | %s | %s | %s | %d/%d | %d | %d | %d/%d |\n", $1, $2, $3,
			ratio($3, $2), dyn, cyc, $4, $5, $6, $7, $8, $9
		bpf += $2; card += $3; xcard += $10; xbpf += $11
	}
	END {
		printf "| total | %d | %d | %s | %s | | | | | |\n", bpf, card, ratio(card, bpf),
			ratio(xcard, xbpf)
	}'
}

corpus_table() {
	names=$(sed -n '/^corpus_names = \[/,/\]/p' "$XNIC_TOP/tests/corpus/meson.build" |
		tr -d "[],'" | sed 's/corpus_names =//')
	for name in $names; do
		obj=$build/tests/corpus/$name.bpf.o
		entries=$XNIC_TOP/tests/diff/entries/$name.entries
		if [ -f "$entries" ]; then
			row=$(measure "$obj" --map-file "$entries")
		else
			row=$(measure "$obj")
		fi
		[ -n "$row" ] && echo "$name $row"
	done | table program
}

# XDP programs of an object: "section name" pairs from its symbol table.
xdp_programs() {
	readelf -SW "$1" 2>/dev/null | sed -n 's/^ *\[ *\([0-9]*\)\] \(xdp[^ ]*\) .*/\1 \2/p' > "$tmp/sections"
	readelf -sW "$1" 2>/dev/null | awk 'NR == FNR { sec[$1] = $2; next }
		$4 == "FUNC" && ($7 in sec) { print $8 }' "$tmp/sections" -
}

external_table() {
	for obj in "$external"/*/*.o; do
		name=$(basename "$obj" .o)
		entries=$XNIC_TOP/tests/diff/external-entries/$name.entries
		for prog in $(xdp_programs "$obj"); do
			if [ -f "$entries" ]; then
				row=$(measure "$obj" --program "$prog" --map-file "$entries")
			else
				row=$(measure "$obj" --program "$prog")
			fi
			[ -n "$row" ] && echo "$name:$prog $row"
		done
	done | table "object:program"
}

say "corpus"
corpus_table > "$tmp/corpus.md"
: > "$tmp/external.md"
if "$XNIC_TOP/tests/corpus/build-external.sh" "$external" >/dev/null 2>&1; then
	say "external programs"
	external_table > "$tmp/external.md"
else
	say "no external programs built: table left as it was"
fi
cat "$tmp/corpus.md"
[ -s "$tmp/external.md" ] && { echo; cat "$tmp/external.md"; }

[ "${1:-}" = --update ] || exit 0
# Replace the lines between "<!-- compiler-stats NAME -->" and "<!-- /compiler-stats -->".
doc=$XNIC_TOP/docs/compiler.md
awk -v dir="$tmp" '
	/^<!-- compiler-stats [a-z]* -->$/ {
		print; name = $3; file = dir "/" name ".md"
		if ((getline line < file) > 0) {
			skip = 1; print line
			while ((getline line < file) > 0) print line
		}
		next
	}
	/^<!-- \/compiler-stats -->$/ { skip = 0 }
	!skip { print }' "$doc" > "$tmp/doc"
cp "$tmp/doc" "$doc"
say "docs/compiler.md updated"
