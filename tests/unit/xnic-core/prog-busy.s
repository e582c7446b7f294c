; SPDX-License-Identifier: GPL-2.0-or-later
; Test program for PROG_LOAD (test_fw.c): byte 14 of the frame times 4096
; packet reads, each swapping the context out, so several contexts hold
; frames at once and later frames wait in the card's RX FIFO; then PASS.
; Installed from address 0 as a compiled program is (targets from 0).
	.contexts 4
main:	lm_set	l1, a1, #0
	lm_ld32	a2, l1[0]			; data
	mem_rd.pkt $xr0, a2, #14, #1, sig1, swap
	shl	a3, $xr0, #12
	add	a3, a3, #1
loop:	mem_rd.pkt $xr1, a2, #15, #1, sig2, swap
	sub	a3, a3, #1
	br.ne	loop
	mov	a0, #2				; XDP_PASS
	ret	a15
