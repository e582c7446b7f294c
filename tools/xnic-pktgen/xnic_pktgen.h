/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deterministic packet generator (docs/pktgen.md): frame builders by kind,
 * driven by a seeded generator, so a seed names a pcap exactly.
 */
#ifndef XNIC_PKTGEN_H
#define XNIC_PKTGEN_H

#include <stddef.h>
#include <stdint.h>

#define XNIC_PKTGEN_MAX_FRAME	9018

struct xnic_pktgen {
	uint64_t state;		/* xorshift64* state, never 0 */
	unsigned int max_size;	/* largest frame of kind "max" (>= 60) */
};

struct xnic_pktgen_kind {
	const char *name;
	const char *what;
	size_t (*build)(struct xnic_pktgen *g, uint8_t *buf);
};

void xnic_pktgen_init(struct xnic_pktgen *g, uint64_t seed, unsigned int max_size);
uint32_t xnic_pktgen_rand(struct xnic_pktgen *g);

/* The kinds, in the order a mixed run cycles through them. */
extern const struct xnic_pktgen_kind xnic_pktgen_kinds[];
extern const size_t xnic_pktgen_n_kinds;
const struct xnic_pktgen_kind *xnic_pktgen_kind_find(const char *name);

#endif
