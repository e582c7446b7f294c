/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The offload compiler's environment for the suites that compile eBPF
 * (fw, maps, testrun, bench/drop's drop-card): heap memory, errors on
 * stderr; and the driver's way of installing what it compiled.
 */
#ifndef XNIC_FAKE_CC_H
#define XNIC_FAKE_CC_H

#include "xcc.h"

extern const struct xcc_env xnic_fake_cc_env;

uint32_t xnic_fake_prog_request(uint64_t addr, uint32_t words, uint32_t entry,
				uint32_t len);
uint32_t xnic_fake_prog_load(uint64_t addr, const uint64_t *code, uint32_t words,
			     uint32_t entry);

#endif
