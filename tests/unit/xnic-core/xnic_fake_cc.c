// SPDX-License-Identifier: GPL-2.0-or-later
/* The offload compiler's environment for the core's suites: xnic_fake_cc.h */
#include <stdio.h>
#include <stdlib.h>

#include "xnic/regs.h"
#include "xnic_fake.h"
#include "xnic_fake_cc.h"

static void *xnic_fake_cc_alloc(void *opaque, size_t size)
{
	return calloc(1, size);
}

static void xnic_fake_cc_free(void *opaque, void *ptr)
{
	free(ptr);
}

static void xnic_fake_cc_log(void *opaque, enum xcc_log_level level,
			     const char *line)
{
	if (level == XCC_LOG_ERROR)
		fprintf(stderr, "xcc: %s\n", line);
}

const struct xcc_env xnic_fake_cc_env = {
	.alloc = xnic_fake_cc_alloc,
	.free = xnic_fake_cc_free,
	.log = xnic_fake_cc_log,
};

/* A PROG_LOAD request of len bytes as given; returns MBOX_STATUS. */
uint32_t xnic_fake_prog_request(uint64_t addr, uint32_t words, uint32_t entry,
				uint32_t len)
{
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_ADDR_LO, (uint32_t)addr);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_ADDR_HI, addr >> 32);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_WORDS, words);
	xnic_fake_wr(XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_ENTRY, entry);
	xnic_fake_wr(XNIC_REG_MBOX_LEN, len);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_PROG_LOAD);
	return xnic_fake_rd(XNIC_REG_MBOX_STATUS);
}

/*
 * PROG_LOAD of code words put at guest address addr as the driver's DMA
 * buffer holds them (little endian); returns MBOX_STATUS.
 */
uint32_t xnic_fake_prog_load(uint64_t addr, const uint64_t *code, uint32_t words,
			     uint32_t entry)
{
	uint8_t *dst = xnic_fake_mem(addr, (size_t)words * 8);

	if (!dst)
		return XNIC_MBOX_ERROR;
	for (uint32_t i = 0; i < words; i++)
		for (unsigned int b = 0; b < 8; b++)
			dst[8 * i + b] = code[i] >> (8 * b);
	return xnic_fake_prog_request(addr, words, entry, XNIC_PROG_LOAD_REQ_SIZE);
}
