; SPDX-License-Identifier: GPL-2.0-or-later
; The shipped xnic card firmware (docs/firmware.md): xnic-fw.inc with an
; XDP slot that passes every frame to the host.
	.include "xnic-fw.inc"

	.text
; The XDP slot (docs/firmware.md "Per frame"): a1 = xdp_md, l0 =
; stack top, link a15, action in a0.  Without a program: PASS.
xdp_slot:
	mov	a0, #XDP_PASS
	ret	a15
