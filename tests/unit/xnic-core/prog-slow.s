; SPDX-License-Identifier: GPL-2.0-or-later
; Test program for the firmware's XDP slot (test_fw.c): loops the frame's
; byte 14 times 2^20 iterations (3 cycles each), then PASS, so a few slow
; frames hold every context while others pile up in the card's RX FIFO.
	.contexts 4
main:	lm_set	l1, a1, #0
	lm_ld32	a2, l1[0]			; data
	mem_rd.pkt $xr0, a2, #14, #1, sig1, swap
	shl	a2, $xr0, #20
	add	a2, a2, #1
loop:	sub	a2, a2, #1
	br.ne	loop
	mov	a0, #2				; XDP_PASS
	ret	a15
