/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the corpus programs (docs/compiler.md, "Corpus").  Programs that
 * test one instruction class read their operands from the packet and write
 * their results back into it, so the output bytes show every result and a
 * differential run compares them all.
 */
#ifndef CORPUS_H
#define CORPUS_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Operands start after the Ethernet header; programs need this many bytes. */
#define CORPUS_OPS_OFF	14
#define CORPUS_MIN_LEN	(CORPUS_OPS_OFF + 64)

/* A window of the packet of n bytes at off, or NULL when it is shorter. */
#define CORPUS_WINDOW(ctx, off, n) ({						\
	void *__data = (void *)(long)(ctx)->data;				\
	void *__end = (void *)(long)(ctx)->data_end;				\
	(__data + (off) + (n) <= __end) ? __data + (off) : (void *)0; })

/* Hides a value from clang's constant folding without changing it. */
#define CORPUS_OPAQUE(v) ({ __typeof__(v) __v = (v); asm volatile("" : "+r"(__v)); __v; })

/* ICMP and ICMPv6 share this layout; linux/icmp.h would pull in libc. */
struct corpus_icmp {
	__u8 type;
	__u8 code;
	__u16 checksum;
	__u32 rest;
};

char _license[] SEC("license") = "GPL";

#endif
