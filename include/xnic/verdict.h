/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic verdict records: what became of one frame from the wire, one
 * fixed-size little-endian record per frame.  The driver writes them for
 * native XDP (guest-driver/xnic_verdict.c); the card will write the same
 * records for offloaded programs, so that a test can compare the two
 * packet by packet, matched by wire sequence number.  docs/verdicts.md is
 * the specification; change both together.
 *
 * Constants, one plain struct and the digest, in what <linux/types.h>
 * gives, so that the header compiles in the kernel, in QEMU and in host
 * tools alike.
 */
#ifndef XNIC_VERDICT_H
#define XNIC_VERDICT_H

#include <linux/types.h>

#define XNIC_VERDICT_SIZE		32
#define XNIC_VERDICT_HEAD_BYTES		16

/* Record offsets, for readers that do not use the struct */
#define XNIC_VERDICT_SEQ		0	/* u32 wire sequence number */
#define XNIC_VERDICT_QUEUE		4	/* u16 RX queue */
#define XNIC_VERDICT_ACTION		6	/* u8 XNIC_VERDICT_ACT_* */
#define XNIC_VERDICT_FLAGS		7	/* u8 XNIC_VERDICT_F_* */
#define XNIC_VERDICT_IN_LEN		8	/* u16 frame length from the wire */
#define XNIC_VERDICT_OUT_LEN		10	/* u16 bytes the action emitted */
#define XNIC_VERDICT_DIGEST		12	/* u32 FNV-1a 32 of those bytes */
#define XNIC_VERDICT_HEAD		16	/* u8[16] their first bytes */

/* Actions: the values of enum xdp_action */
#define XNIC_VERDICT_ACT_ABORTED	0
#define XNIC_VERDICT_ACT_DROP		1
#define XNIC_VERDICT_ACT_PASS		2
#define XNIC_VERDICT_ACT_TX		3
#define XNIC_VERDICT_ACT_REDIRECT	4

/* The action was chosen but could not be carried out; the frame was dropped */
#define XNIC_VERDICT_F_FAILED		(1u << 0)

/* FNV-1a, 32 bits: hash = (hash ^ byte) * PRIME, from OFFSET */
#define XNIC_VERDICT_FNV_OFFSET		0x811c9dc5u
#define XNIC_VERDICT_FNV_PRIME		0x01000193u

/* The record's digest of len emitted bytes (docs/verdicts.md). */
static inline __u32 xnic_verdict_digest(const __u8 *p, __u32 len)
{
	__u32 hash = XNIC_VERDICT_FNV_OFFSET;

	while (len--)
		hash = (hash ^ *p++) * XNIC_VERDICT_FNV_PRIME;
	return hash;
}

/**
 * struct xnic_verdict - one verdict record, little endian, no padding
 * @seq: the wire sequence number the card gave the frame (docs/device.md)
 * @queue: RX queue the frame arrived on
 * @action: XNIC_VERDICT_ACT_*, the program's return value
 * @flags: XNIC_VERDICT_F_*
 * @in_len: frame length as received
 * @out_len: length of the frame the action emitted; 0 for DROP and ABORTED
 * @digest: FNV-1a 32 over the @out_len emitted bytes (the offset basis
 *	when @out_len is 0)
 * @head: the first min(@out_len, 16) emitted bytes, zero-filled
 */
struct xnic_verdict {
	__le32 seq;
	__le16 queue;
	__u8 action;
	__u8 flags;
	__le16 in_len;
	__le16 out_len;
	__le32 digest;
	__u8 head[XNIC_VERDICT_HEAD_BYTES];
};

#endif /* XNIC_VERDICT_H */
