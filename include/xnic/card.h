/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a program sits in the card firmware (docs/firmware.md "Per frame",
 * docs/compiler.md "Card layout"): the xdp_md block the firmware fills at
 * the start of each context's local-memory share (the eBPF ctx), the save
 * area above the stack, and where maps start in external memory.  The
 * firmware's constants are generated from this header
 * (firmware/xnic_fw_abi.c); the compiler uses it directly.
 */
#ifndef XNIC_CARD_H
#define XNIC_CARD_H

#include "regs.h"

/* xdp_md block at the start of a context's LM share */
#define XNIC_MD_DATA		0
#define XNIC_MD_DATA_END	4
#define XNIC_MD_DATA_META	8
#define XNIC_MD_INGRESS		12	/* ingress_ifindex */
#define XNIC_MD_RXQ		16	/* rx_queue_index */
#define XNIC_MD_BUF_START	20	/* the kernel's data_hard_start */
#define XNIC_MD_BUF_END		24
#define XNIC_MD_REDIRECT	28	/* ifindex given to bpf_redirect */
#define XNIC_MD_PRANDOM		32	/* get_prandom_u32's xorshift32 state */
/*
 * bpf_redirect_map's target, as the kernel's bpf_redirect_info keeps it:
 * XNIC_MD_REDIRECT holds the key (tgt_index), REDIRECT_MAP the map's index
 * in the program's map list plus one (0 after bpf_redirect, whose ifindex
 * XNIC_MD_REDIRECT holds), REDIRECT_FLAGS BPF_F_BROADCAST and
 * BPF_F_EXCLUDE_INGRESS of a broadcast (else 0).  A failed lookup clears
 * all three.  Only compiled code and xnic-cc's harness use them: 6.1
 * offloads no redirect map, so the firmware never sees a map target.
 */
#define XNIC_MD_REDIRECT_MAP	36
#define XNIC_MD_REDIRECT_FLAGS	40
/*
 * Tail calls made in this run (bpf_tail_call, MAX_TAIL_CALL_CNT): zeroed
 * by compiled code at xdp_main's entry, when the program makes any.
 */
#define XNIC_MD_TAIL_CALLS	44
#define XNIC_MD_SIZE		64

/* Bytes above l0 the firmware leaves for the program's calls */
#define XNIC_SAVE_AREA		64
/* LM bytes below l0 the firmware promises each context (FW_CAPS STACK_SIZE) */
#define XNIC_STACK_SIZE		2048

/* External memory: maps start here, each aligned to 64 bytes. */
#define XNIC_EMEM_MAPS		0x1000

/*
 * Below the maps, the program log: records compiled helpers append
 * (bpf_trace_printk, bpf_perf_event_output), read and emptied by xnic-cc
 * after each frame, and in the guest by the driver (LOG_READ).  A u32
 * count of record bytes reserved (mem_add), a u32 count of records that
 * did not fit, then records, each a u32 length (header included, a
 * multiple of 8), a u32 type (0: an unfinished call, skipped) and its
 * payload.  The firmware's load zeroes it with the rest of emem.
 */
#define XNIC_EMEM_LOG		0x0
#define XNIC_LOG_SIZE		XNIC_EMEM_MAPS
#define XNIC_LOG_HEAD		0
#define XNIC_LOG_LOST		4
#define XNIC_LOG_RECORDS	8
#define XNIC_LOG_REC_LEN	0
#define XNIC_LOG_REC_TYPE	4
/*
 * bpf_trace_printk: the format's emem address at 8 (in the program's
 * .rodata map, or for a format the program built on its stack, a copy at
 * the record's end), the three arguments (u64) at 16, and from 40, in
 * the order of their conversions, the strings of %s, each with its NUL,
 * and the 4 or 16 address bytes of %pi4 %pI4 %pi6 %pI6, whose argument
 * is the length of the address's text 6.1 prints (all of it, unless the
 * kernel's binary arguments ran out).  With a %s they have room for the
 * kernel's 512 bytes of binary arguments, which they fit in; else room
 * for the addresses.
 */
#define XNIC_LOG_TRACE		1
#define XNIC_LOG_TRACE_FMT	8
#define XNIC_LOG_TRACE_ARGS	16
#define XNIC_LOG_TRACE_STRS	40
#define XNIC_LOG_TRACE_STRS_MAX	512
/*
 * The longest text a record prints (offload-compiler's xcc_trace_format()),
 * NUL excluded: 6.1's bpf_trace_printk buffer, BPF_TRACE_PRINTK_SIZE,
 * less its NUL.
 */
#define XNIC_LOG_TRACE_TEXT_MAX	1023
/*
 * bpf_perf_event_output: the PERF_EVENT_ARRAY index (the CPU of its
 * event) at 8, the record's byte count at 12, then the bytes: the data
 * the program passed, then the frame bytes flags asked for.
 */
#define XNIC_LOG_PERF		2
#define XNIC_LOG_PERF_CPU	8
#define XNIC_LOG_PERF_SIZE	12
#define XNIC_LOG_PERF_DATA	16
/*
 * bpf_perf_event_output on a PERF_EVENT_ARRAY that stays on the host, as
 * 6.1 offloads one (docs/driver.md "Perf records"): the index, which the
 * card's slot table (include/xnic/maps.h) said has an event, with
 * BPF_F_CURRENT_CPU resolved through that table, at 8, the byte count at
 * 12, the map's host id at 16, then the bytes as for XNIC_LOG_PERF.  The
 * driver reads the log with LOG_READ (include/xnic/regs.h) and hands the
 * bytes to the host's perf event of that index.
 */
#define XNIC_LOG_PERF_HOST	3
#define XNIC_LOG_PHOST_INDEX	8
#define XNIC_LOG_PHOST_SIZE	12
#define XNIC_LOG_PHOST_MAP	16
#define XNIC_LOG_PHOST_DATA	24

/*
 * The firmware's info block at imem 0 (docs/firmware.md "Info block"):
 * little-endian u32 words the card reads at load (hw/xnic/xnic_fw.c) and
 * the firmware lays out in this order (firmware/xnic-fw.inc); the
 * capability test (xnic-core-fw) fails if the two disagree.
 */
#define XNIC_FWI_MAGIC		0x49574658u	/* "XFWI" in memory order */
#define XNIC_FWI_ABI		4
#define XNIC_FWI_VERSION	8
#define XNIC_FWI_PROG_BASE	12
#define XNIC_FWI_STACK_SIZE	16
#define XNIC_FWI_COUNTERS	20
#define XNIC_FWI_EMEM_MAPS	24	/* maps from here to the end of emem */
#define XNIC_FWI_MAP_TYPES	28
#define XNIC_FWI_HELPERS	32
#define XNIC_FWI_SIZE		(XNIC_FWI_HELPERS + 4 * XNIC_CAPS_HELPER_WORDS)

#endif /* XNIC_CARD_H */
