/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a compiled program sits on the card (docs/compiler.md, "Card layout"),
 * beyond what it shares with the firmware (include/xnic/card.h: the xdp_md
 * block, the save area, the map area): the kernel's buffer geometry, the
 * save area's fields, per-CPU copies.
 */
#ifndef XCC_CARD_H
#define XCC_CARD_H

#include "xnic/card.h"

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
 * bpf_jiffies64() counts at the pinned guest kernel's CONFIG_HZ (250) from
 * its INITIAL_JIFFIES, (u32)(-300 * HZ), in cycles of the 1 GHz model.
 */
#define XCC_HZ			250u
#define XCC_NSEC_PER_JIFFY	(1000000000u / XCC_HZ)
#define XCC_INITIAL_JIFFIES	((u32)(-300 * (s32)XCC_HZ))

/*
 * Below each frame that calls, a save area of XNIC_SAVE_AREA bytes: the
 * caller's R6-R9 that the callee writes (0..31, kept by the callee), the
 * callee's link (32), bpf_loop's state
 * (40: index, 44: count, 48: ctx), and a key passed in a register that a
 * hash lookup routine reads from local memory (56: bpf_redirect_map on a
 * DEVMAP_HASH).
 */
#define XCC_SAVE_LINK		32
#define XCC_SAVE_LOOP_I		40
#define XCC_SAVE_LOOP_N		44
#define XCC_SAVE_LOOP_CTX	48
#define XCC_SAVE_KEY		56

/*
 * Per-CPU arrays keep one copy per ME (the card's processors), for MEs
 * 0..3 (the default card has 4, isa.md 1); ME n uses copy n & 3.
 */
#define XCC_PERCPU_COPIES	4

#endif
