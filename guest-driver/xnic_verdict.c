// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic verdict records (docs/verdicts.md, include/xnic/verdict.h): one
 * record per frame an XDP program ran on, kept in a per-device ring while
 * enabled through debugfs, drained by reading debugfs.  The card's
 * verdict recorder keeps the same records for the offloaded program
 * (docs/device.md "Verdict recorder"); both are switched together and
 * read side by side, so that tests can compare them packet by packet.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "xnic.h"

/* 128 KiB of records: a test's whole corpus fits without draining */
#define XNIC_VERDICT_LOG_SIZE	4096

static_assert(sizeof(struct xnic_verdict) == XNIC_VERDICT_SIZE);
static_assert(offsetof(struct xnic_verdict, queue) == XNIC_VERDICT_QUEUE);
static_assert(offsetof(struct xnic_verdict, action) == XNIC_VERDICT_ACTION);
static_assert(offsetof(struct xnic_verdict, flags) == XNIC_VERDICT_FLAGS);
static_assert(offsetof(struct xnic_verdict, in_len) == XNIC_VERDICT_IN_LEN);
static_assert(offsetof(struct xnic_verdict, out_len) == XNIC_VERDICT_OUT_LEN);
static_assert(offsetof(struct xnic_verdict, digest) == XNIC_VERDICT_DIGEST);
static_assert(offsetof(struct xnic_verdict, head) == XNIC_VERDICT_HEAD);
static_assert(XDP_ABORTED == XNIC_VERDICT_ACT_ABORTED &&
	      XDP_DROP == XNIC_VERDICT_ACT_DROP &&
	      XDP_PASS == XNIC_VERDICT_ACT_PASS &&
	      XDP_TX == XNIC_VERDICT_ACT_TX &&
	      XDP_REDIRECT == XNIC_VERDICT_ACT_REDIRECT);

void xnic_verdict_init(struct xnic_adapter *adapter)
{
	spin_lock_init(&adapter->verdicts.lock);
}

/**
 * xnic_verdict_begin - start a record with what is known before the program
 * @v: the record
 * @seq: wire sequence number from the RX descriptor
 * @queue: RX queue
 * @in_len: frame length as received
 */
void xnic_verdict_begin(struct xnic_verdict *v, u32 seq, unsigned int queue,
			unsigned int in_len)
{
	memset(v, 0, sizeof(*v));
	v->seq = cpu_to_le32(seq);
	v->queue = cpu_to_le16(queue);
	v->in_len = cpu_to_le16(in_len);
}

/**
 * xnic_verdict_output - add the action and the bytes it emits
 * @v: the record
 * @action: the program's verdict (XDP_*), invalid ones already XDP_ABORTED
 * @out: the frame as the program left it
 * @len: its length
 *
 * DROP and ABORTED emit nothing: out_len 0, the FNV offset basis.
 */
void xnic_verdict_output(struct xnic_verdict *v, u32 action, const void *out,
			 unsigned int len)
{
	if (action == XDP_DROP || action == XDP_ABORTED)
		len = 0;
	v->action = action;
	v->out_len = cpu_to_le16(len);
	v->digest = cpu_to_le32(xnic_verdict_digest(out, len));
	memcpy(v->head, out, min_t(unsigned int, len, sizeof(v->head)));
}

/**
 * xnic_verdict_push - append a record to the device's log
 * @adapter: the adapter
 * @v: the record
 * @failed: the action could not be carried out and the frame was dropped
 *
 * A full log keeps its oldest records and counts the new one as lost.
 */
void xnic_verdict_push(struct xnic_adapter *adapter,
		       const struct xnic_verdict *v, bool failed)
{
	struct xnic_verdict_log *log = &adapter->verdicts;

	spin_lock(&log->lock);
	if (!log->recs) {
		/* Switched off since the caller looked */
	} else if (log->count == log->size) {
		log->overflow++;
	} else {
		struct xnic_verdict *slot =
			&log->recs[(log->head + log->count) & (log->size - 1)];

		*slot = *v;
		if (failed)
			slot->flags |= XNIC_VERDICT_F_FAILED;
		log->count++;
	}
	spin_unlock(&log->lock);
}

/**
 * xnic_verdict_enable - start (empty) or stop recording
 * @adapter: the adapter
 * @on: start if true
 *
 * Starting while on empties the log and clears the overflow counter.
 *
 * Return: 0 or -ENOMEM.
 */
int xnic_verdict_enable(struct xnic_adapter *adapter, bool on)
{
	struct xnic_verdict_log *log = &adapter->verdicts;
	struct xnic_verdict *recs = NULL, *old;

	if (on) {
		recs = vzalloc(array_size(XNIC_VERDICT_LOG_SIZE, sizeof(*recs)));
		if (!recs)
			return -ENOMEM;
	}
	spin_lock_bh(&log->lock);
	old = log->recs;
	WRITE_ONCE(log->recs, recs);
	log->size = XNIC_VERDICT_LOG_SIZE;
	log->head = 0;
	log->count = 0;
	log->overflow = 0;
	spin_unlock_bh(&log->lock);
	/* Writers only touch recs under the lock: nobody sees old any more */
	vfree(old);
	/* Any CTRL write empties the card's ring too */
	xnic_wr(adapter, XNIC_REG_VREC_CTRL, on ? XNIC_VREC_CTRL_ENABLE : 0);
	return 0;
}

/**
 * xnic_verdict_card_restore - record on the card again after a card reset
 * @adapter: the adapter
 *
 * A reset stops the card's recorder; while the driver records, so does
 * the card.  Records the card held before the reset are gone.
 */
void xnic_verdict_card_restore(struct xnic_adapter *adapter)
{
	if (xnic_verdict_on(adapter))
		xnic_wr(adapter, XNIC_REG_VREC_CTRL, XNIC_VREC_CTRL_ENABLE);
}

/* The card's oldest record, removed from its ring */
static void xnic_verdict_card_pop(struct xnic_adapter *adapter,
				  struct xnic_verdict *v)
{
	__le32 *w = (__le32 *)v;
	unsigned int i;

	for (i = 0; i < XNIC_VERDICT_SIZE / 4; i++)
		w[i] = cpu_to_le32(xnic_rd(adapter, XNIC_REG_VREC_DATA + 4 * i));
	xnic_wr(adapter, XNIC_REG_VREC_POP, 1);
}

/**
 * xnic_verdict_card_drain - copy out and remove the card's records
 * @adapter: the adapter
 * @buf: user buffer
 * @count: its size, as for xnic_verdict_drain()
 *
 * The card's records of the offloaded program, from its ring through the
 * VREC_DATA window, oldest first.  The log's lock keeps two readers from
 * popping each other's records.
 *
 * Return: bytes copied (0 when the card holds none), or -EFAULT.
 */
ssize_t xnic_verdict_card_drain(struct xnic_adapter *adapter,
				char __user *buf, size_t count)
{
	struct xnic_verdict_log *log = &adapter->verdicts;
	size_t want = count / XNIC_VERDICT_SIZE, done = 0;
	struct xnic_verdict chunk[16];

	while (done < want) {
		unsigned int n = 0, avail;

		spin_lock_bh(&log->lock);
		avail = xnic_rd(adapter, XNIC_REG_VREC_COUNT);
		while (n < avail && n < ARRAY_SIZE(chunk) && done + n < want)
			xnic_verdict_card_pop(adapter, &chunk[n++]);
		spin_unlock_bh(&log->lock);
		if (!n)
			break;
		if (copy_to_user(buf + done * XNIC_VERDICT_SIZE, chunk,
				 n * XNIC_VERDICT_SIZE))
			return -EFAULT;
		done += n;
	}
	return done * XNIC_VERDICT_SIZE;
}

/**
 * xnic_verdict_drain - copy out and remove whole records, oldest first
 * @adapter: the adapter
 * @buf: user buffer
 * @count: its size; a multiple of XNIC_VERDICT_SIZE is best, the rest is
 *	left unused
 *
 * Return: bytes copied (0 when the log is empty or off), or -EFAULT.
 */
ssize_t xnic_verdict_drain(struct xnic_adapter *adapter, char __user *buf,
			   size_t count)
{
	struct xnic_verdict_log *log = &adapter->verdicts;
	size_t want = count / XNIC_VERDICT_SIZE, done = 0;
	struct xnic_verdict chunk[16];

	while (done < want) {
		unsigned int n = 0;

		spin_lock_bh(&log->lock);
		while (log->recs && log->count && n < ARRAY_SIZE(chunk) &&
		       done + n < want) {
			chunk[n++] = log->recs[log->head];
			log->head = (log->head + 1) & (log->size - 1);
			log->count--;
		}
		spin_unlock_bh(&log->lock);
		if (!n)
			break;
		/* Records taken are lost if the copy fails: reading drains */
		if (copy_to_user(buf + done * XNIC_VERDICT_SIZE, chunk,
				 n * XNIC_VERDICT_SIZE))
			return -EFAULT;
		done += n;
	}
	return done * XNIC_VERDICT_SIZE;
}

/**
 * xnic_verdict_overflow - records lost to a full log since recording started
 * @adapter: the adapter
 *
 * Return: the count.
 */
u64 xnic_verdict_overflow(struct xnic_adapter *adapter)
{
	u64 n;

	spin_lock_bh(&adapter->verdicts.lock);
	n = adapter->verdicts.overflow;
	spin_unlock_bh(&adapter->verdicts.lock);
	return n;
}
