; SPDX-License-Identifier: GPL-2.0-or-later
; xnic card firmware (docs/firmware.md).  Every context of every ME loops:
; take a frame (pkt_rx), fill its xdp_md block, call the XDP slot as a
; function (docs/isa.md 9), count the verdict and act on it: PASS to the
; host, TX back out of the port, REDIRECT to this port out of it too;
; ABORTED, DROP, unknown actions and redirects elsewhere are dropped.
; The slot is the last code: a program linked there replaces the default,
; which passes everything.  4 contexts: compiled programs use 32 GPRs.
	.contexts 4
	.entry	main

	.equ	FW_ABI, (1 << 16) | 0		; XNIC_FW_ABI_MAJOR/MINOR
	.equ	FW_VERSION, (1 << 16) | (0 << 8) | 0	; 1.0.0

	; xdp_md block at the bottom of a context's LM share (xcc_card.h)
	.equ	MD_DATA, 0
	.equ	MD_DATA_END, 4
	.equ	MD_DATA_META, 8
	.equ	MD_INGRESS, 12
	.equ	MD_RXQ, 16
	.equ	MD_BUF_START, 20
	.equ	MD_BUF_END, 24
	.equ	MD_REDIRECT, 28
	.equ	SAVE_AREA, 64			; above l0, for the program's calls
	.equ	STACK_SIZE, 2048		; promised below l0

	.equ	XDP_ABORTED, 0
	.equ	XDP_DROP, 1
	.equ	XDP_PASS, 2
	.equ	XDP_TX, 3
	.equ	XDP_REDIRECT, 4
	; counter indexes past the actions (regs.h XNIC_FW_CNT_*)
	.equ	CNT_UNKNOWN, 5
	.equ	CNT_REDIRECT_OTHER, 6
	.equ	CNT_TX_ERROR, 7

	.equ	DEST_HOST_HASH, 0x8000ffff	; host, queue by flow hash
	.equ	COUNTERS, 0x100			; imem, 8 x u64
	.equ	EMEM_MAPS, 0x1000		; xcc_card.h XCC_EMEM_MAPS

; Per context, kept in callee-saved registers over the call:
; a6 xdp_md address, a7 stack top (l0), a8 counters, a9 ingress port,
; b6 the PASS destination.
main:	csr_rd	b0, csr_lm_size
	csr_rd	a0, csr_num_ctx
	divu	b1, b0, a0			; LM share of one context
	csr_rd	a0, csr_ctx
	mul	a6, a0, b1
	add	a7, a6, b1
	sub	a7, a7, #SAVE_AREA
	mov	a8, #COUNTERS
	li	b6, DEST_HOST_HASH

frame:	pkt_rx	$xr0, sig1, swap
	mov	a9, $xr2
	lm_set	l1, a6, #0
	lm_st32	$xr0, l1[MD_DATA]
	lm_st32	$xr0, l1[MD_DATA_META]
	mov	b0, $xr1
	add	a0, $xr0, b0
	lm_st32	a0, l1[MD_DATA_END]
	add	a0, a9, #1			; ifindex: port + 1, as xnic-cc
	lm_st32	a0, l1[MD_INGRESS]
	lm_st32	#0, l1[MD_RXQ]
	lm_st32	$xr3, l1[MD_BUF_START]
	lm_st32	$xr4, l1[MD_BUF_END]
	lm_st32	#0, l1[MD_REDIRECT]
	lm_set	l0, a7, #0
	mov	a1, a6
	call	a15, xdp_slot
	cmp	a0, #XDP_PASS
	br.eq	pass
	cmp	a0, #XDP_TX
	br.eq	tx
	cmp	a0, #XDP_REDIRECT
	br.eq	redirect
	cmp	a0, #XDP_DROP
	br.ls	count				; ABORTED and DROP count as themselves
	mov	a0, #CNT_UNKNOWN		; the kernel drops unknown actions too
	br	count

pass:	mov	a2, b6
	br	send
tx:	mov	a2, a9				; wire port p is destination p
	br	send
redirect:
	lm_set	l1, a6, #0
	lm_ld32	a2, l1[MD_REDIRECT]
	lm_ld32	b2, l1[MD_INGRESS]
	cmp	a2, b2
	br.eq	tx_redirect
	mov	a0, #CNT_REDIRECT_OTHER		; no other port on this card
	br	count
tx_redirect:
	mov	a2, a9

; Send data..data_end as the program left them; a0 = counter, a2 = dest.
send:	lm_set	l1, a6, #0
	lm_ld32	a3, l1[MD_DATA]
	lm_ld32	b3, l1[MD_DATA_END]
	sub	a4, b3, a3
	mov	$xw0, a3
	mov	$xw1, a4
	mov	$xw2, a2
	pkt_tx	$xw0, sig2, swap
	cmp	$xr0, #0
	br.eq	count
	mov	a0, #CNT_TX_ERROR

; 64-bit counter a0 += 1, posted: its old value lands in $xr8/$xr9, unused.
count:	shl	b0, a0, #3
	mov	$xw8, #1
	mov	$xw9, #0
	mem_add.imem $xw8, a8, b0, #8, sig15
	br	frame

; The XDP slot (docs/firmware.md "Linking a program"): a1 = xdp_md, l0 =
; stack top, link a15, action in a0.  Without a program: PASS.
xdp_slot:
	mov	a0, #XDP_PASS
	ret	a15

; Info block the card reads at load (docs/firmware.md "Info block").
	.data	imem 0
	.word	0x49574658			; "XFWI"
	.word	FW_ABI
	.word	FW_VERSION
	.word	xdp_slot			; XDP slot, instruction index
	.word	STACK_SIZE
	.word	COUNTERS
	.word	EMEM_MAPS
	.word	(1 << 1) | (1 << 2) | (1 << 6)	; map types: hash, array, percpu array
	; helpers: map lookup/update/delete 1-3, ktime_get_ns 5,
	; get_prandom_u32 7, get_smp_processor_id 8, redirect 23, csum_diff 28,
	; xdp_adjust_head 44, xdp_adjust_meta 54, xdp_adjust_tail 65, loop 181
	.word	(1 << 1) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 7) | (1 << 8) | (1 << 23) | (1 << 28)
	.word	(1 << (44 - 32)) | (1 << (54 - 32))
	.word	1 << (65 - 64)
	.word	0, 0
	.word	1 << (181 - 160)
	.word	0, 0

	.data	imem COUNTERS
	.space	64
