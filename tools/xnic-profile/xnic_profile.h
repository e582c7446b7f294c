/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The profile report (docs/performance.md "The profile"): one home for the
 * annotated listing that `xnic-cc --profile` prints for a pcap run on the
 * emulator and `xnic-objdump -p ID --profile` for the program on a card in
 * the guest.  Per card instruction: count, issue cycles, wait and share,
 * grouped under the eBPF instruction it implements and that instruction's
 * C line; the top lines split the packets' cycles.  The callers gather
 * the inputs; this file accounts and prints.
 */
#ifndef XNIC_PROFILE_H
#define XNIC_PROFILE_H

#include <stdint.h>
#include <stdio.h>
#include <linux/bpf.h>

#include "me.h"
#include "xcc.h"

/* The C line of an eBPF instruction, from the program's BTF line info. */
struct xnic_profile_line {
	const char *file;	/* NULL: no line info for this instruction */
	const char *text;	/* the source line as the compiler recorded it */
	unsigned int line, col;
};

/* Where the packets' cycles go (the report's top lines), summed over the run. */
struct xnic_profile_split {
	unsigned long long own;		/* the program's code, issue cycles */
	unsigned long long helpers;	/* helper calls and the routines they call */
	unsigned long long mem_wait;	/* the program waiting on memory commands */
	unsigned long long harness;	/* rx, xdp_md, tx around the program */
	unsigned long long issue;	/* all issue cycles: own + helpers + the harness's */
};

struct xnic_profile {
	const char *program;
	/* the program's card code, listed at addresses base .. base + n_code - 1 */
	const uint64_t *code;
	uint32_t n_code, base;
	const struct xcc_origin *origin;	/* per word */
	const struct bpf_insn *insns;		/* the eBPF program, for its text */
	uint32_t n_insns;
	const struct xnic_profile_line *lines;	/* per eBPF instruction, or NULL */
	const struct me_profile_insn *prof;	/* per word */
	const char *harness_what;		/* the harness line's label */
	/*
	 * Work outside the listed code that stands for the harness (the
	 * firmware around the slot on a card): issue cycles and waits.
	 */
	unsigned long long outside_insns, outside_issue, outside_wait;
	unsigned long long packets;
	unsigned long long total_insns, total_cycles;	/* the card's own counters */
	/* xnic_profile_account() */
	struct xnic_profile_split split;
	unsigned long long emem_bytes;	/* external memory traffic of the run */
};

/* The wait of word i that counts: none for the harness's pkt_rx (idle). */
unsigned long long xnic_profile_wait(const struct xnic_profile *p, uint32_t i);
/* Fills split and emem_bytes from the words' entries and the outside work. */
void xnic_profile_account(struct xnic_profile *p);
/* Cycles of all packets: the split's parts. */
unsigned long long xnic_profile_packet_cycles(const struct xnic_profile *p);
/* The report: text, or one JSON line {"profile":{...}}. */
void xnic_profile_print(FILE *out, const struct xnic_profile *p, int json);
void xnic_profile_json_string(FILE *out, const char *s);

#endif
