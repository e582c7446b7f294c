// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_printk (bpf_printk's constant formats in .rodata): every
 * conversion 6.1 accepts on the card, with frame bytes as values so their
 * digit counts vary: %d %i %u %x %X in int, long and long long sizes,
 * negative values, flags and widths, %c, %s from the stack, a map value
 * and the packet, %p and %px, %%, Latin-1 punctuation right after %s and
 * %p; and the formats 6.1 refuses (-EINVAL: an unknown conversion, a
 * fourth argument, a control character, a Latin-1 letter right after %s, a
 * byte 6.1's ctype has no class for right after %p).  Every return value,
 * the formatted length, goes into the frame.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[16]);
} names SEC(".maps");

#define PRINTK(fmt, ...) ({							\
	static const char ___fmt[] = fmt;					\
	bpf_trace_printk(___fmt, sizeof(___fmt), ##__VA_ARGS__); })

SEC("xdp")
int helper_trace_printk(struct xdp_md *ctx)
{
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 48);
	char word[8] = "xnic";
	__u32 key = 0;
	long r[19];
	__s64 v, w;
	char *name;
	int k;

	if (!p)
		return XDP_PASS;
	v = *(__s64 *)(p + 20);
	w = *(__s32 *)(p + 28);
	name = bpf_map_lookup_elem(&names, &key);
	if (!name)
		return XDP_ABORTED;
	r[0] = PRINTK("plain text\n");
	r[1] = PRINTK("%d %i %u", (int)w, (int)(w >> 3), (__u32)w);
	r[2] = PRINTK("%ld|%lu|%lld", v, v, v >> 17);
	r[3] = PRINTK("%x %X %lx", (__u32)w, (__u32)w >> 12, v);
	r[4] = PRINTK("%+d % d %-8d", (int)w, (int)(w & 0xff), (int)(w >> 20));
	r[5] = PRINTK("%05u %12llx %3x", p[0], v, p[1]);
	r[6] = PRINTK("%c%c %5c", p[2], p[3], 'x');
	r[7] = PRINTK("[%s] [%8s]", word, name);
	p[40] = 0;	/* the frame's string ends inside the frame */
	r[8] = PRINTK("%s!", (char *)p + 30);
	r[9] = PRINTK("%p %px %%", (void *)0, word);
	r[10] = PRINTK("%lld %llu", (__s64)0x8000000000000000ULL, (__u64)-1);
	r[11] = PRINTK("%q", 1);
	r[12] = PRINTK("%d %d %d %d", 1, 2, 3);
	r[13] = PRINTK("bell\a%d", 1);
	r[14] = PRINTK("%d %u", 0, 0);
	r[15] = PRINTK("%-3s|%x", "", 0);
	r[16] = PRINTK("%s\xa1%p\xd7", word, (void *)0);
	r[17] = PRINTK("%s\xe9", word);
	r[18] = PRINTK("%p\x80", (void *)0);
	for (k = 0; k < 19; k++)
		p[k] = r[k];
	return XDP_PASS;
}
