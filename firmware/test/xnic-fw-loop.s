; SPDX-License-Identifier: GPL-2.0-or-later
; Test variant of the card firmware (tests/guest/driver-fw.sh): its XDP
; slot never returns, so the first frame trips the card's watchdog.
	.include "../xnic-fw.inc"

	.text
xdp_slot:
	br	xdp_slot
