/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Input format of xnic-core-fuzz (xnic-core-fuzz.c), shared with the seed
 * writer (xnic-fuzz-seeds.c): a sequence of actions, each an opcode byte
 * (taken modulo FUZZ_NOPS) and its little-endian arguments; what the
 * input lacks reads as zeros.
 */
#ifndef XNIC_CORE_FUZZ_H
#define XNIC_CORE_FUZZ_H

/* Guest memory the card can reach: [0, FUZZ_MEM_SIZE) */
#define FUZZ_MEM_SIZE		0x10000u

enum fuzz_op {
	FUZZ_REG_WRITE,		/* u16 offset, u32 value */
	FUZZ_REG_ACCESS,	/* u16 offset, u64 value, u8 size: any size */
	FUZZ_REG_READ,		/* u16 offset, u8 size */
	FUZZ_MEM,		/* u16 address, u8 length, bytes */
	FUZZ_RX,		/* u16 length, bytes */
	FUZZ_CARD_RUN,
	FUZZ_LINK,		/* u8: up */
	FUZZ_MSIX,		/* u8: enabled */
	FUZZ_FW_LOAD,		/* u16 address of the built image */
	FUZZ_RESET,
	FUZZ_NOPS
};

#endif
