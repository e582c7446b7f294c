// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Verdicts of an XDP program that runs in generic mode (the kernel's
 * receive path, where the driver's verdict recorder sees nothing): an
 * fentry and an fexit program attached to the XDP program itself
 * (BPF_TRACE_FENTRY/FEXIT with the XDP program as attach target, as
 * xdpdump does).  fentry notes the frame's length on entry; fexit sends
 * the return value and the frame as the program left it to user space
 * through a ring buffer.  xnic_genverdict_main.c sets the targets.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "genverdict.h"

/* The kernel's struct xdp_buff and xdp_rxq_info, the fields read here;
 * CO-RE finds them in the running kernel's BTF. */
struct xdp_rxq_info {
	__u32 queue_index;
} __attribute__((preserve_access_index));

struct xdp_buff {
	void *data;
	void *data_end;
	struct xdp_rxq_info *rxq;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} samples SEC(".maps");

/* The length on entry, per CPU: generic XDP runs a frame to the end on one CPU */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} entry_len SEC(".maps");

/* Samples the ring buffer had no room for */
__u64 lost;

static __u32 frame_len(struct xdp_buff *xdp)
{
	return (__u32)((long)xdp->data_end - (long)xdp->data);
}

SEC("fentry")
int BPF_PROG(genverdict_entry, struct xdp_buff *xdp)
{
	__u32 zero = 0, *len = bpf_map_lookup_elem(&entry_len, &zero);

	if (len)
		*len = frame_len(xdp);
	return 0;
}

SEC("fexit")
int BPF_PROG(genverdict_exit, struct xdp_buff *xdp, int retval)
{
	__u32 zero = 0, *in_len = bpf_map_lookup_elem(&entry_len, &zero);
	struct genverdict_sample *s;
	__u32 copy;

	s = bpf_ringbuf_reserve(&samples, sizeof(*s), 0);
	if (!s) {
		__sync_fetch_and_add(&lost, 1);
		return 0;
	}
	s->retval = retval;
	s->queue = xdp->rxq->queue_index;
	s->in_len = in_len ? *in_len : 0;
	copy = frame_len(xdp);
	s->out_len = copy;
	/* The mask bounds the size for the verifier; it changes nothing below
	 * the limit, and the barrier keeps the compiler from dropping it. */
	barrier_var(copy);
	copy &= GENVERDICT_MAX_BYTES - 1;
	if (s->out_len >= GENVERDICT_MAX_BYTES ||
	    bpf_probe_read_kernel(s->bytes, copy, xdp->data))
		s->out_len = GENVERDICT_UNREADABLE;
	bpf_ringbuf_submit(s, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
