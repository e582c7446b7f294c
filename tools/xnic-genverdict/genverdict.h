/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What xnic-genverdict's tracing programs (genverdict.bpf.c) hand its
 * reader (xnic_genverdict_main.c) through their ring buffer: one sample
 * per frame a generic-mode XDP program ran on.  The reader turns each
 * into a verdict record (include/xnic/verdict.h).
 */
#ifndef XNIC_GENVERDICT_H
#define XNIC_GENVERDICT_H

#include <linux/types.h>

/* Frames up to a page less one byte are sampled (a power of two: the BPF
 * side masks with it); generic XDP hands a program MTU-sized linear data */
#define GENVERDICT_MAX_BYTES	4096
/* out_len of a frame too long or not readable */
#define GENVERDICT_UNREADABLE	0xffffffffu

/**
 * struct genverdict_sample - one program run, as fexit saw it
 * @retval: the program's return value
 * @queue: the RX queue of the frame (xdp_buff.rxq->queue_index)
 * @in_len: data_end - data when the program was entered
 * @out_len: data_end - data when it returned
 * @bytes: the @out_len bytes from data
 */
struct genverdict_sample {
	__u32 retval;
	__u16 queue;
	__u16 in_len;
	__u32 out_len;
	__u8 bytes[GENVERDICT_MAX_BYTES];
};

#endif /* XNIC_GENVERDICT_H */
