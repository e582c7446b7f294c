; SPDX-License-Identifier: GPL-2.0-or-later
; Test program for the firmware's XDP slot (test_fw.c): the action is the
; frame's byte 14, the redirect ifindex its byte 15.  Called as xdp_main:
; a1 = xdp_md block in LM, link a15, action in a0 (docs/isa.md 9).
	.contexts 4
main:	lm_set	l1, a1, #0
	lm_ld32	a2, l1[0]			; data
	mem_rd.pkt $xr0, a2, #14, #2, sig1, swap
	ext	a0, $xr0, #0, #8
	ext	a3, $xr0, #8, #8
	lm_st32	a3, l1[28]			; xdp_md redirect ifindex
	ret	a15
