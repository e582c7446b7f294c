/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test runs and the profile of the card (docs/firmware.md "Test runs",
 * "The profile"): the TEST_RUN and PROFILE mailbox commands, the firmware's
 * side of a test frame, and the debugfs exchange between the driver and
 * the guest tools (xnic-testrun, xnic-objdump --profile).  One home for
 * every layout the device, the firmware, the driver and the tools share.
 * Constants only: it compiles in the kernel, QEMU, firmware generation and
 * host tools.
 */
#ifndef XNIC_TESTRUN_H
#define XNIC_TESTRUN_H

#include "regs.h"

/*
 * The firmware's side (firmware ABI 1.1).  The card hands a test frame to
 * a context's pkt_rx with port XNIC_FW_PORT_TEST.  The firmware fills the
 * xdp_md block as for any frame, reads the ME cycle counter around the
 * call of the XDP slot, waits for the program's posted packet writes, and
 * reports with two card CSR writes: the cycles, then the program's return
 * value (raw, as BPF_PROG_TEST_RUN's retval), which ends the run.  It
 * counts nothing, sends nothing and reports no verdict record.
 */
#define XNIC_FW_PORT_TEST		0x80
#define XNIC_FW_ABI_MINOR_TEST		1	/* first ABI minor with test frames */
#define XNIC_CSR_TEST_CYCLES		0x10c	/* W: cycles from the call to the return */
#define XNIC_CSR_TEST_DONE		0x110	/* W: the program's return value */

/*
 * TEST_RUN request in MBOX_DATA: the frame in host memory, where its
 * output goes, and how many runs.  Every run takes the frame afresh;
 * map side effects add up.  The output is the last run's bytes from
 * data_meta to data_end, as BPF_PROG_TEST_RUN's data_out.
 */
#define XNIC_TEST_REQ_IN_LO		0x00
#define XNIC_TEST_REQ_IN_HI		0x04
#define XNIC_TEST_REQ_IN_LEN		0x08	/* [XNIC_MIN_FRAME, XNIC_MAX_FRAME] */
#define XNIC_TEST_REQ_OUT_LO		0x0c
#define XNIC_TEST_REQ_OUT_HI		0x10
#define XNIC_TEST_REQ_OUT_CAP		0x14	/* bytes of room at OUT */
#define XNIC_TEST_REQ_REPEAT		0x18	/* [1, XNIC_TEST_REPEAT_MAX] */
#define XNIC_TEST_REQ_SIZE		0x1c
#define XNIC_TEST_REPEAT_MAX		100000
/*
 * One command runs no longer than this many program cycles (a few tens of
 * milliseconds of host time): the run that reaches it is the last, and
 * the reply's RUNS says how many ran.
 */
#define XNIC_TEST_CYCLES_MAX		(1u << 24)
/*
 * Reply (DONE): 0 or a Linux errno at ERR (EBUSY: the contexts did not
 * finish their frames, nothing ran; ENOSPC: the output is longer than
 * OUT_CAP, of which OUT_CAP bytes were written, as BPF_PROG_TEST_RUN
 * does), then what the last run left and the cycles of all runs.
 */
#define XNIC_TEST_REPLY_ERR		0x00
#define XNIC_TEST_REPLY_RETVAL		0x04
#define XNIC_TEST_REPLY_OUT_LEN		0x08	/* bytes written at OUT: meta + data */
#define XNIC_TEST_REPLY_META_LEN	0x0c	/* of which metadata (data - data_meta) */
#define XNIC_TEST_REPLY_REDIRECT	0x10	/* xdp_md's redirect ifindex */
#define XNIC_TEST_REPLY_RUNS		0x14
#define XNIC_TEST_REPLY_CYCLES_MIN	0x18
#define XNIC_TEST_REPLY_CYCLES_MAX	0x1c
#define XNIC_TEST_REPLY_CYCLES_LO	0x20	/* sum over the runs */
#define XNIC_TEST_REPLY_CYCLES_HI	0x24
#define XNIC_TEST_REPLY_SIZE		0x28
#define  XNIC_TEST_EBUSY		16
#define  XNIC_TEST_ENOSPC		28

/*
 * PROFILE request: an operation on the card's per-instruction profile
 * (docs/isa.md 6.3), which counts over every ME and every istore address.
 * READ writes XNIC_PROF_ENTRY_SIZE bytes per address of [FIRST, FIRST +
 * COUNT), clipped to the code, to host memory at ADDR.
 */
#define XNIC_PROF_REQ_OP		0x00	/* XNIC_PROF_OP_* */
#define XNIC_PROF_REQ_FIRST		0x04	/* READ: first istore address */
#define XNIC_PROF_REQ_COUNT		0x08	/* READ: addresses */
#define XNIC_PROF_REQ_ADDR_LO		0x0c	/* READ: host buffer */
#define XNIC_PROF_REQ_ADDR_HI		0x10
#define XNIC_PROF_REQ_SIZE		0x14
#define  XNIC_PROF_OP_START		1
#define  XNIC_PROF_OP_STOP		2
#define  XNIC_PROF_OP_RESET		3
#define  XNIC_PROF_OP_READ		4
/* READ entry: u64 count, issue cycles, wait (struct me_profile_insn) */
#define XNIC_PROF_ENTRY_COUNT		0
#define XNIC_PROF_ENTRY_CYCLES		8
#define XNIC_PROF_ENTRY_WAIT		16
#define XNIC_PROF_ENTRY_SIZE		24
/*
 * Reply (DONE, every operation): the profile's state and the card's own
 * counters over the profiled stretch (instructions and busy cycles of
 * every context while profiling), which the entries add up to.
 */
#define XNIC_PROF_REPLY_ON		0x00	/* 1 while profiling */
#define XNIC_PROF_REPLY_CODE		0x04	/* istore addresses holding code */
#define XNIC_PROF_REPLY_ENTRIES		0x08	/* READ: entries written */
#define XNIC_PROF_REPLY_INSNS_LO	0x0c
#define XNIC_PROF_REPLY_INSNS_HI	0x10
#define XNIC_PROF_REPLY_CYCLES_LO	0x14
#define XNIC_PROF_REPLY_CYCLES_HI	0x18
#define XNIC_PROF_REPLY_SIZE		0x1c

/*
 * debugfs `testrun` (guest-driver/xnic_testrun.c): one write of the
 * request header and the frame runs it; a read on the same open file
 * then gives the result header and the output bytes.
 */
#define XNIC_TESTRUN_DBG_PROG_ID	0	/* the program the caller means */
#define XNIC_TESTRUN_DBG_REPEAT		4
#define XNIC_TESTRUN_DBG_REQ_SIZE	8	/* the frame follows */
/* result: the TEST_RUN reply's words from RETVAL on, then the output */
#define XNIC_TESTRUN_DBG_RES_SIZE	(XNIC_TEST_REPLY_SIZE - XNIC_TEST_REPLY_RETVAL)

#endif /* XNIC_TESTRUN_H */
