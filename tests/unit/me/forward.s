; SPDX-License-Identifier: GPL-2.0-or-later
; Receive a frame, swap its MAC addresses and send it back out of the port
; it came in on (docs/isa.md section 7.3).  Used by tools.sh.
	.contexts 8
	.equ	DEST_WIRE, 0x10000

main:	pkt_rx	$xr0, sig1, swap
	cmp	$xr1, #14
	br.lo	main				; runt: drop
	mov	a0, $xr0			; frame address
	mem_rd.pkt $xr8, a0, #0, #12, sig2, swap
	; little-endian words: $xr8 = bytes 0..3, $xr9 = 4..7, $xr10 = 8..11
	shr	a1, $xr9, #16			; new 0..3 = old 6..9
	shl	b1, $xr10, #16
	or	$xw0, a1, b1
	shr	a2, $xr10, #16			; new 4..7 = old 10, 11, 0, 1
	shl	b2, $xr8, #16
	or	$xw1, a2, b2
	shr	a3, $xr8, #16			; new 8..11 = old 2..5
	shl	b3, $xr9, #16
	or	$xw2, a3, b3
	mem_wr.pkt $xw0, a0, #0, #12, sig3, swap
	mov	$xw4, a0
	mov	$xw5, $xr1
	li	b5, DEST_WIRE
	add	$xw6, $xr2, b5
	pkt_tx	$xw4, sig4, swap
	br	main
