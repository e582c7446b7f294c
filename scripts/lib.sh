# Shared helpers for the build scripts; sourced, not run.
# XNIC_CACHE holds everything heavy (QEMU tree and build, guest kernel,
# initramfs) outside the checkout so that clean clones reuse it.
XNIC_CACHE=${XNIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xnic}
XNIC_TOP=$(cd "$(dirname "$0")/.." && pwd)
export XNIC_CACHE XNIC_TOP

say() { printf '[%s] %s\n' "${XNIC_STEP:-xnic}" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Copies $1 to $2 only when the content differs, so that unchanged files keep
# their old mtime and ninja/make rebuild only what really changed.
sync_file() {
	if ! cmp -s "$1" "$2"; then
		mkdir -p "$(dirname "$2")"
		# a new inode: the package root may share this one (cp -al)
		cp --remove-destination "$1" "$2"
	fi
}

# Runs a long command with its output in a log, printing one progress line
# every 30 seconds and the log's tail on failure.
run_logged() {
	log=$1; shift
	"$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		i=$(( ${i:-0} + 1 ))
		if [ $((i % 6)) = 0 ]; then
			say "… $(grep -o '^\[[0-9]*/[0-9]*\]' "$log" | tail -n 1) $(tail -c 300 "$log" | tail -n 1 | cut -c1-90)"
		fi
	done
	if ! wait "$pid"; then
		tail -n 40 "$log" >&2
		die "failed: $* (log: $log)"
	fi
}
