// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * perf_event_output, the XDP form (xdpdump's): a record of data from the
 * stack with flags' upper word copying that many frame bytes, for the
 * current CPU (BPF_F_CURRENT_CPU) and for index 0 (the card's ME 0, the
 * diff tests' CPU 0); the whole frame, one byte beyond it (-EFAULT), an
 * index beyond max_entries (-E2BIG), flags outside both masks (-EINVAL),
 * data from a map value, and no data.  xnic-cc gives every entry a perf
 * event on its CPU.  Return values into the frame; the records are
 * compared with the kernel's.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[2]);
} counters SEC(".maps");

struct meta {
	__u16 len;
	__u16 magic;
	__u32 seen;
};

SEC("xdp")
int helper_perf_output(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data, key = 0;
	__u8 *p = CORPUS_WINDOW(ctx, CORPUS_OPS_OFF, 16);
	struct meta m = { .len = len, .magic = 0x5844 };
	__u64 *count, cap;
	long r[8];
	int k;

	if (!p)
		return XDP_PASS;
	count = bpf_map_lookup_elem(&counters, &key);
	if (!count)
		return XDP_ABORTED;
	m.seen = ++count[0];
	cap = len < 64 ? len : 64;
	r[0] = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU | (cap << 32), &m, sizeof(m));
	r[1] = bpf_perf_event_output(ctx, &events, 0 | ((__u64)len << 32), &m, 2);
	r[2] = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU | ((__u64)(len + 1) << 32),
				     &m, sizeof(m));
	r[3] = bpf_perf_event_output(ctx, &events, 64, &m, sizeof(m));
	r[4] = bpf_perf_event_output(ctx, &events, CORPUS_OPAQUE(BPF_F_CURRENT_CPU | (1ULL << 52)),
				     &m, sizeof(m));
	r[5] = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, count, 16);
	r[6] = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU | (3ULL << 32), &m, 0);
	r[7] = bpf_perf_event_output(ctx, &events, CORPUS_OPAQUE(p[5] & 7ULL), &m, 1 + (p[6] & 3));
	for (k = 0; k < 8; k++)
		p[k] = r[k];
	return XDP_PASS;
}
