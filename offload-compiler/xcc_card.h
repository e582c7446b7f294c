/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a compiled program sits on the card (docs/compiler.md, "Card layout"):
 * the xdp_md block and stack in each context's local memory, maps in
 * external memory, and the entry points of the image.
 */
#ifndef XCC_CARD_H
#define XCC_CARD_H

/* xdp_md block at the start of a context's LM region (the eBPF ctx). */
#define XCC_CTX_DATA		0
#define XCC_CTX_DATA_END	4
#define XCC_CTX_DATA_META	8
#define XCC_CTX_INGRESS		12	/* ingress_ifindex */
#define XCC_CTX_RXQ		16	/* rx_queue_index */
#define XCC_CTX_BUF_START	20	/* the kernel's data_hard_start */
#define XCC_CTX_BUF_END		24
#define XCC_CTX_REDIRECT	28	/* ifindex given to bpf_redirect */
#define XCC_CTX_PRANDOM		32	/* get_prandom_u32 state */
#define XCC_CTX_SIZE		64

/*
 * The kernel's XDP buffer geometry that helpers check against, so the card
 * agrees with BPF_PROG_TEST_RUN: struct xdp_frame below data, and the
 * skb_shared_info reserved at the end of the buffer (x86-64 sizes).
 */
#define XCC_XDP_FRAME_SIZE	40
#define XCC_XDP_TAILROOM	320
#define XCC_XDP_META_MAX	32
#define XCC_ETH_HLEN		14

/*
 * Below each frame that calls, a save area: the caller's R6-R9 (0..31), the
 * callee's link (32), and bpf_loop's state (40: index, 44: count, 48: ctx).
 */
#define XCC_SAVE_AREA		64
#define XCC_SAVE_LINK		32
#define XCC_SAVE_LOOP_I		40
#define XCC_SAVE_LOOP_N		44
#define XCC_SAVE_LOOP_CTX	48

/*
 * Per-CPU arrays keep one copy per ME (the card's processors), for MEs
 * 0..3 (the default card has 4, isa.md 1); ME n uses copy n & 3.
 */
#define XCC_PERCPU_COPIES	4

/* External memory: maps start here, each aligned to 64 bytes. */
#define XCC_EMEM_MAPS		0x1000

#endif
