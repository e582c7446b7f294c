#!/bin/sh
# `make run`: boots a guest with -device xnic on slirp and runs guest/demo.sh.
# From a terminal the guest then gives you a shell (poweroff or Ctrl-A x
# ends it); without one it powers off when the demo is done.
set -eu
XNIC_STEP=run
. "$(dirname "$0")/lib.sh"
if [ -t 0 ] && [ -t 1 ]; then
	say "booting the guest (TCG, ~10 s); a shell follows the demo"
	exec "$XNIC_TOP/scripts/run-guest.sh" --script "$XNIC_TOP/guest/demo.sh" --interactive "$@"
fi
say "booting the guest (TCG, ~10 s); it powers off after the demo"
exec "$XNIC_TOP/scripts/run-guest.sh" --script "$XNIC_TOP/guest/demo.sh" --timeout 300 "$@"
