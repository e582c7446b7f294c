/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reference runner (docs/compiler.md, "Reference runs"): a loaded XDP
 * program run in the host kernel with BPF_PROG_TEST_RUN, one packet at a
 * time, maps keeping their contents from packet to packet as on a NIC.
 * Also the pieces every run reports: pcap input, map snapshots, output.
 */
#ifndef XNIC_CC_REF_H
#define XNIC_CC_REF_H

#include <stdio.h>

#include "xnic_cc_obj.h"
#include "xnic_cc_pcap.h"

#define XNIC_CC_MAX_FRAME	65536

struct xnic_cc_result {
	unsigned int index;		/* packet number in the pcap, from 0 */
	int err;			/* 0, or -errno when the packet could not run */
	unsigned int retval;		/* the XDP action */
	unsigned int len;		/* output length */
	unsigned char data[XNIC_CC_MAX_FRAME + 4096];	/* room for tail growth */
	int has_cycles;			/* card runs only */
	unsigned long long cycles;
	/*
	 * Card runs only, for XDP_REDIRECT: where the frame goes, as the
	 * kernel's bpf_redirect_info holds it (include/xnic/card.h): the map
	 * bpf_redirect_map named (NULL: bpf_redirect's ifindex, or nothing
	 * after a failed lookup), the key or ifindex, broadcast flags.
	 */
	int has_target;
	const char *target_map;
	unsigned int target_index, target_flags;
};

int xnic_cc_ref_run(const struct xnic_cc_obj *obj, const unsigned char *pkt, size_t len,
		    struct xnic_cc_result *res);


/* A map's entries sorted by key bytes, so dumps compare across runs. */
struct xnic_cc_map_snapshot {
	const char *name;
	unsigned int key_size, value_size;	/* value_size: all CPUs for per-CPU maps */
	unsigned int n;
	unsigned char *keys, *values;		/* n * key_size, n * value_size */
};

int xnic_cc_map_snapshot(struct bpf_map *map, struct xnic_cc_map_snapshot *snap);
void xnic_cc_map_snapshot_free(struct xnic_cc_map_snapshot *snap);
/* Sorts a snapshot's entries by key bytes. */
int xnic_cc_map_sort(struct xnic_cc_map_snapshot *snap);

const char *xnic_cc_action_name(unsigned int retval);
void xnic_cc_print_result(FILE *out, const struct xnic_cc_result *res, int json);
void xnic_cc_print_map(FILE *out, const struct xnic_cc_map_snapshot *snap, int json);
/*
 * A bpf_perf_event_output record of size bytes for the event of index cpu,
 * printed as a perf reader receives it: the raw sample's bytes, zero-padded
 * to what the kernel's ring holds (the size plus its u32 header, rounded
 * up to 8).  Text "  perf: cpu N: HEX" or {"packet":N,"perf":{"cpu":N,"data":"HEX"}}.
 */
void xnic_cc_print_perf(FILE *out, unsigned int packet, unsigned int cpu,
			const unsigned char *data, unsigned int size, int json);
/* Prints and consumes the records the kernel wrote to xnic-cc's perf rings. */
void xnic_cc_ref_print_perf(const struct xnic_cc_obj *obj, FILE *out, unsigned int packet,
			    int json);

#endif
