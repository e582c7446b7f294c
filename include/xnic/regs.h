/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic register map and descriptor formats: the one contract between the
 * device model (hw/xnic), the guest driver (guest-driver/) and the tests.
 * docs/device.md explains every field; change both together.
 *
 * This header holds only constants so that it compiles unchanged in the
 * kernel, in QEMU and in host tools.  All registers are 32 bits wide,
 * little endian, and must be accessed with aligned 32-bit accesses.
 */
#ifndef XNIC_REGS_H
#define XNIC_REGS_H

/* PCI identity: 0x1de5 is not assigned to xnic; see docs/device.md. */
#define XNIC_PCI_VENDOR_ID		0x1de5
#define XNIC_PCI_DEVICE_ID		0x7801
#define XNIC_PCI_REVISION		0x01

/* BAR0: registers.  BAR1: MSI-X table and PBA (not for the driver). */
#define XNIC_BAR_REGS			0
#define XNIC_BAR_MSIX			1
#define XNIC_BAR0_SIZE			0x10000

#define XNIC_MAX_QUEUE_PAIRS		16
/* MSI-X vector 0 is "misc" (link, mailbox); queue pair q uses vector 1 + q. */
#define XNIC_MSIX_MISC_VECTOR		0
#define XNIC_MSIX_QUEUE_VECTOR(q)	(1 + (q))
#define XNIC_MSIX_VECTORS(nq)		(1 + (nq))

/*
 * The register table: every BAR0 register once, as
 *   X(name, offset, access, reset, writable)
 * access is XNIC_ACCESS_RO, _RW (bits in writable may change) or _RW1C
 * (writing 1 to a bit in writable clears it); reset is the architected
 * value (NUM_QUEUES, STATUS and MAC_* get theirs from the instance).
 * The enum below gives every XNIC_REG_<name> and XNIC_Q_<name>; the
 * device's register file (hw/xnic/xnic_regfile.c) and the driver's debugfs
 * (guest-driver/xnic_debugfs.c) expand the same lists.  Adding a register
 * is one line here (docs/architecture.md "How to add").
 */
#define XNIC_REGS_GLOBAL(X)						\
	X(ID,			0x0000, RO,   XNIC_ID_MAGIC,	0)		\
	/* major << 16 | minor */						\
	X(VERSION,		0x0004, RO,   XNIC_VERSION_MAJOR << 16 | XNIC_VERSION_MINOR, 0) \
	X(NUM_QUEUES,		0x0008, RO,   0,		0)		\
	X(CAPS,			0x000c, RO,   XNIC_CAP_ALL,	0)		\
	X(CTRL,			0x0010, RW,   0,		XNIC_CTRL_ALL)	\
	X(STATUS,		0x0014, RO,   0,		0)		\
	/* MAC bytes 0..3, byte 0 in bits 7:0; bytes 4..5 in bits 15:0 */	\
	X(MAC_LO,		0x0018, RW,   0,		0xffffffff)	\
	X(MAC_HI,		0x001c, RW,   0,		0x0000ffff)	\
	/* largest L3 payload the guest uses; the card's limits */		\
	X(MTU,			0x0020, RW,   XNIC_DEFAULT_MTU,	0xffffffff)	\
	X(MAX_MTU,		0x0024, RO,   XNIC_MAX_MTU,	0)		\
	X(MIN_MTU,		0x0028, RO,   XNIC_MIN_MTU,	0)		\
	/* misc interrupt (vector 0): XNIC_MISC_*; masked until a driver	\
	 * unmasks, so no interrupt fires without a handler */			\
	X(MISC_CAUSE,		0x0030, RW1C, 0,		XNIC_MISC_ALL)	\
	X(MISC_MASK,		0x0034, RW,   XNIC_MISC_ALL,	XNIC_MISC_ALL)	\
	/* guest errors survived, and XNIC_ERR_* of the last one */		\
	X(ERR_COUNT,		0x0038, RO,   0,		0)		\
	X(ERR_LAST,		0x003c, RO,   XNIC_ERR_NONE,	0)		\
	/* device-wide counters, 32 bits, wrap */				\
	X(WIRE_RX_FRAMES,	0x0040, RO,   0,		0)		\
	X(WIRE_TX_FRAMES,	0x0044, RO,   0,		0)		\
	X(WIRE_RX_FILTERED,	0x0048, RO,   0,		0)		\
	X(WIRE_RX_OVERSIZE,	0x004c, RO,   0,		0)		\
	/* see XNIC_CSR_HOST_IFINDEX */						\
	X(HOST_IFINDEX,		0x0050, RW,   1,		0xffffffff)	\
	/* RX queue selection: XNIC_RSS_CTRL_*; the key and the indirection	\
	 * table are the windows XNIC_REG_RSS_KEY and XNIC_REG_RSS_RETA */	\
	X(RSS_CTRL,		0x0054, RW,   0,		XNIC_RSS_CTRL_ENABLE) \
	/* control mailbox: command doorbell, bytes valid in MBOX_DATA,	\
	 * XNIC_MBOX_* */							\
	X(MBOX_CMD,		0x0080, RW,   0,		0xffffffff)	\
	X(MBOX_LEN,		0x0084, RW,   0,		0xffffffff)	\
	X(MBOX_STATUS,		0x0088, RO,   XNIC_MBOX_IDLE,	0)		\
	/* card firmware: XNIC_FW_*, the running firmware's ABI (major << 16	\
	 * | minor) and version (major << 16 | minor << 8 | patch), wire	\
	 * frames dropped without firmware, why it stopped			\
	 * (XNIC_FW_STOP_* | me << 16 | ctx << 8) and where, card cycles	\
	 * (low word first) */							\
	X(FW_STATUS,		0x00c0, RO,   XNIC_FW_NONE,	0)		\
	X(FW_ABI,		0x00c4, RO,   0,		0)		\
	X(FW_VERSION,		0x00c8, RO,   0,		0)		\
	X(FW_RX_NO_FW,		0x00cc, RO,   0,		0)		\
	X(FW_STOP,		0x00d0, RO,   0,		0)		\
	X(FW_STOP_PC,		0x00d4, RO,   0,		0)		\
	X(FW_CYCLES_LO,		0x00d8, RO,   0,		0)		\
	X(FW_CYCLES_HI,		0x00dc, RO,   0,		0)		\
	/* verdict recorder: XNIC_VREC_CTRL_* (any write empties the ring	\
	 * and clears LOST), records waiting, records lost (ring full); a	\
	 * write to POP removes the oldest record and stores nothing */		\
	X(VREC_CTRL,		0x00e0, RW,   0,		XNIC_VREC_CTRL_ENABLE) \
	X(VREC_COUNT,		0x00e4, RO,   0,		0)		\
	X(VREC_LOST,		0x00e8, RO,   0,		0)		\
	X(VREC_POP,		0x00ec, RW,   0,		0)

/* Queue-pair blocks: XNIC_QP_BASE(q) + XNIC_Q_<name> */
#define XNIC_QP_BASE(q)			(0x4000 + (q) * 0x100)
#define XNIC_QP_STRIDE			0x100

#define XNIC_REGS_QUEUE(X)						\
	/* rings: address (64-byte aligned), entries (a power of 2), the next	\
	 * descriptor the card reads or fills, the doorbell, XNIC_QCTRL_* */	\
	X(TX_BASE_LO,		0x00,	RW,   0,		0xffffffff)	\
	X(TX_BASE_HI,		0x04,	RW,   0,		0xffffffff)	\
	X(TX_SIZE,		0x08,	RW,   0,		0xffffffff)	\
	X(TX_HEAD,		0x0c,	RO,   0,		0)		\
	X(TX_TAIL,		0x10,	RW,   0,		0xffffffff)	\
	X(TX_CTRL,		0x14,	RW,   0,		XNIC_QCTRL_ENABLE) \
	X(RX_BASE_LO,		0x20,	RW,   0,		0xffffffff)	\
	X(RX_BASE_HI,		0x24,	RW,   0,		0xffffffff)	\
	X(RX_SIZE,		0x28,	RW,   0,		0xffffffff)	\
	X(RX_HEAD,		0x2c,	RO,   0,		0)		\
	X(RX_TAIL,		0x30,	RW,   0,		0xffffffff)	\
	X(RX_CTRL,		0x34,	RW,   0,		XNIC_QCTRL_RX_ALL) \
	/* RX_CTRL.TSTAMP's timestamp area: 8 bytes per RX slot */		\
	X(RX_TS_LO,		0x38,	RW,   0,		0xffffffff)	\
	X(RX_TS_HI,		0x3c,	RW,   0,		0xffffffff)	\
	/* queue interrupt (vector 1 + q): XNIC_QIRQ_*; the card sets the	\
	 * mask bit when it fires (auto-mask) */				\
	X(IRQ_CAUSE,		0x40,	RW1C, 0,		XNIC_QIRQ_ALL)	\
	X(IRQ_MASK,		0x44,	RW,   0,		XNIC_QIRQ_ALL)	\
	/* counters, 32 bits, wrap: frames dropped without a descriptor	\
	 * posted (NO_BUF), with a buffer too small (TRUNC); bad descriptors	\
	 * or DMA failures (TX_ERRORS) */					\
	X(RX_FRAMES,		0x60,	RO,   0,		0)		\
	X(RX_BYTES,		0x64,	RO,   0,		0)		\
	X(RX_NO_BUF,		0x68,	RO,   0,		0)		\
	X(RX_TRUNC,		0x6c,	RO,   0,		0)		\
	X(TX_FRAMES,		0x70,	RO,   0,		0)		\
	X(TX_BYTES,		0x74,	RO,   0,		0)		\
	X(TX_ERRORS,		0x78,	RO,   0,		0)

enum xnic_reg_access {
	XNIC_ACCESS_NONE = 0,	/* hole: not a register */
	XNIC_ACCESS_RO,
	XNIC_ACCESS_RW,
	XNIC_ACCESS_RW1C,
};

#define XNIC_REG_OFFSET_(name, off, access, reset, writable) XNIC_REG_##name = (off),
#define XNIC_Q_OFFSET_(name, off, access, reset, writable) XNIC_Q_##name = (off),
enum xnic_reg {
	XNIC_REGS_GLOBAL(XNIC_REG_OFFSET_)
};
enum xnic_qreg {
	XNIC_REGS_QUEUE(XNIC_Q_OFFSET_)
};
#undef XNIC_REG_OFFSET_
#undef XNIC_Q_OFFSET_

/* ---- Fields of the global registers ---- */
#define  XNIC_ID_MAGIC			0x43494e58	/* "XNIC" in memory order */
#define  XNIC_VERSION_MAJOR		1
#define  XNIC_VERSION_MINOR		1	/* 1.1: microengines, firmware */
/* CAPS */
#define  XNIC_CAP_MSIX			(1u << 0)
#define  XNIC_CAP_MAILBOX		(1u << 1)
#define  XNIC_CAP_FIRMWARE		(1u << 2)	/* needs firmware (FW_LOAD) */
#define  XNIC_CAP_TX_OFFLOAD		(1u << 3)	/* TX descriptors' F_CSUM, F_TSTAMP */
#define  XNIC_CAP_ALL			(XNIC_CAP_MSIX | XNIC_CAP_MAILBOX | XNIC_CAP_FIRMWARE | \
					 XNIC_CAP_TX_OFFLOAD)
/* CTRL */
#define  XNIC_CTRL_ENABLE		(1u << 0)	/* datapath on */
#define  XNIC_CTRL_RESET		(1u << 1)	/* W: reset, reads 0 */
#define  XNIC_CTRL_PROMISC		(1u << 2)	/* accept any dst MAC */
#define  XNIC_CTRL_LOOPBACK		(1u << 3)	/* MAC loopback: what the card
							 * sends comes back as received */
#define  XNIC_CTRL_ALL			(XNIC_CTRL_ENABLE | XNIC_CTRL_RESET | XNIC_CTRL_PROMISC | \
					 XNIC_CTRL_LOOPBACK)
/* STATUS */
#define  XNIC_STATUS_LINK_UP		(1u << 0)

/* MISC_CAUSE, MISC_MASK (1 = masked) */
#define  XNIC_MISC_LINK			(1u << 0)	/* link state changed */
#define  XNIC_MISC_MBOX			(1u << 1)	/* mailbox command done */
#define  XNIC_MISC_ERROR		(1u << 2)	/* guest error, see ERR_* */
#define  XNIC_MISC_FW			(1u << 3)	/* firmware stopped: FW_STATUS */
#define  XNIC_MISC_LOG			(1u << 4)	/* program log not empty: LOG_READ */
#define  XNIC_MISC_ALL			(XNIC_MISC_LINK | XNIC_MISC_MBOX | XNIC_MISC_ERROR | \
					 XNIC_MISC_FW | XNIC_MISC_LOG)
/* ERR_LAST */
#define  XNIC_ERR_NONE			0
#define  XNIC_ERR_BAD_RING		1	/* base/size invalid when enabled */
#define  XNIC_ERR_BAD_INDEX		2	/* tail written beyond ring size */
#define  XNIC_ERR_BAD_LENGTH		3	/* descriptor length 0 or too big */
#define  XNIC_ERR_DMA			4	/* DMA to/from guest memory failed */
#define  XNIC_ERR_BAD_REG		5	/* bad register access */
#define  XNIC_ERR_BAD_MBOX		6	/* unknown mailbox command */
#define  XNIC_ERR_BAD_FW		7	/* firmware image refused */

/*
 * HOST_IFINDEX: the ifindex the host gave the card's port: firmware presents
 * it to programs as xdp_md.ingress_ifindex (docs/firmware.md "Per frame"), so
 * an offloaded program sees what it would natively.  Reset: 1, as
 * BPF_PROG_TEST_RUN on the loopback device presents it.
 */

/*
 * RX queue selection (docs/device.md "RX queue selection"): a Toeplitz
 * hash with the RSS_KEY window's key over addresses and ports.  With
 * RSS_CTRL.ENABLE the queue is RSS_RETA[hash % XNIC_RSS_RETA_SIZE];
 * without it, the (hash % n)-th of the n enabled RX rings.  RETA holds one
 * queue number per byte, byte 0 of a word in bits 7:0; a word with a byte
 * >= NUM_QUEUES is refused (guest error, old word kept).  Reset: the key
 * below (the Microsoft RSS specification's example key), RETA[i] = i %
 * NUM_QUEUES.
 */
#define  XNIC_RSS_CTRL_ENABLE		(1u << 0)	/* queue from RSS_RETA */
#define XNIC_REG_RSS_KEY		0x0400	/* RW window: XNIC_RSS_KEY_SIZE bytes */
#define XNIC_RSS_KEY_SIZE		40
#define XNIC_REG_RSS_RETA		0x0500	/* RW window: XNIC_RSS_RETA_SIZE bytes */
#define XNIC_RSS_RETA_SIZE		128
#define XNIC_RSS_KEY_RESET {						\
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,			\
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,			\
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,			\
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,			\
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa }

/*
 * Control mailbox, for driver <-> card firmware messages (used by the
 * offload work).  The driver fills MBOX_DATA, writes the length, then the
 * command; the card sets MBOX_STATUS and raises XNIC_MISC_MBOX.
 */
#define  XNIC_MBOX_IDLE			0
#define  XNIC_MBOX_BUSY			1
#define  XNIC_MBOX_DONE			2
#define  XNIC_MBOX_ERROR		3
#define XNIC_MBOX_CMD_NOP		0	/* echo: DONE, data unchanged */
#define XNIC_MBOX_CMD_FW_LOAD		1	/* struct xnic_fw_load_req in, error text out */
#define XNIC_MBOX_CMD_FW_CAPS		2	/* capability block (XNIC_CAPS_*) out */
#define XNIC_MBOX_CMD_PROG_LOAD		3	/* XNIC_PROG_LOAD_* in, error text out */
#define XNIC_MBOX_CMD_PROG_UNLOAD	4	/* the slot passes every frame again */
#define XNIC_MBOX_CMD_MAP_OP		5	/* XNIC_MAP_REQ_* in, XNIC_MAP_REPLY_* out */
#define XNIC_MBOX_CMD_TEST_RUN		6	/* xnic/testrun.h XNIC_TEST_REQ_* in, _REPLY_* out */
#define XNIC_MBOX_CMD_PROFILE		7	/* xnic/testrun.h XNIC_PROF_REQ_* in, _REPLY_* out */
/*
 * The program log (include/xnic/card.h XNIC_EMEM_LOG) out and emptied:
 * MBOX_DATA holds its header and records as the card's memory has them,
 * MBOX_LEN their bytes.  The card raises XNIC_MISC_LOG whenever its
 * microengines go idle with records or lost records in the log.
 */
#define XNIC_MBOX_CMD_LOG_READ		8
#define XNIC_REG_MBOX_DATA		0x1000	/* RW: 4 KiB window */
#define XNIC_MBOX_DATA_SIZE		0x1000

/*
 * Card firmware (docs/firmware.md).  After reset no firmware runs and
 * frames from the wire are dropped (FW_RX_NO_FW).  FW_LOAD hands the card
 * an image by DMA; the card checks it and starts every context.
 */
/* FW_STATUS */
#define  XNIC_FW_NONE			0	/* no firmware: frames dropped */
#define  XNIC_FW_RUNNING		1
#define  XNIC_FW_STOPPED		2	/* fault, watchdog or halt: reset */
/* FW_STOP */
#define  XNIC_FW_STOP_FAULT		1
#define  XNIC_FW_STOP_WATCHDOG		2
#define  XNIC_FW_STOP_HALTED		3

/*
 * Verdict recorder (docs/device.md "Verdict recorder", docs/verdicts.md):
 * while enabled and a program is installed, the card keeps one verdict
 * record (include/xnic/verdict.h) per frame the offloaded program ran on,
 * in a ring of XNIC_VREC_DEPTH records the driver drains through a window.
 */
#define  XNIC_VREC_CTRL_ENABLE		(1u << 0)
#define XNIC_REG_VREC_DATA		0x3000	/* RO window: the oldest record, 0s if none */
#define XNIC_VREC_DEPTH			4096
/* Card CSR (docs/isa.md 8) the firmware writes once per frame: the verdict */
#define XNIC_CSR_VERDICT		0x100	/* action | flags << 8 */
#define XNIC_CSR_HOST_IFINDEX		0x104	/* RO: XNIC_REG_HOST_IFINDEX */
#define XNIC_CSR_MTU			0x108	/* RO: XNIC_REG_MTU, for bpf_check_mtu */
#define  XNIC_CSR_VERDICT_FLAGS_SHIFT	8

/* Firmware counters: 64-bit, read low word then high (docs/firmware.md) */
#define XNIC_REG_FW_STATS		0x2000	/* RO window: XNIC_FW_CNT_* x 8 bytes */
#define XNIC_FW_CNT_ABORTED		0	/* XDP_ABORTED, dropped */
#define XNIC_FW_CNT_DROP		1
#define XNIC_FW_CNT_PASS		2	/* to the host */
#define XNIC_FW_CNT_TX			3	/* back out of the wire */
#define XNIC_FW_CNT_REDIRECT		4	/* redirected to this port, sent */
#define XNIC_FW_CNT_UNKNOWN		5	/* unknown action, dropped */
#define XNIC_FW_CNT_REDIRECT_OTHER	6	/* redirected elsewhere, dropped */
#define XNIC_FW_CNT_TX_ERROR		7	/* the card refused pkt_tx */
#define XNIC_FW_NUM_CNT			8

/* FW_LOAD request in MBOX_DATA: the image in host memory */
#define XNIC_FW_LOAD_ADDR_LO		0
#define XNIC_FW_LOAD_ADDR_HI		4
#define XNIC_FW_LOAD_LEN		8
#define XNIC_FW_LOAD_REQ_SIZE		12
#define XNIC_FW_MAX_SIZE		(1u << 20)	/* largest image */
/*
 * PROG_LOAD request in MBOX_DATA: a compiled program's code (docs/compiler.md
 * "The image and its entries": u64 words from address 0) in host memory and
 * the index of its xdp_main.  The card links it into the firmware's XDP slot
 * (docs/firmware.md "Installing a program") between two frames.
 */
#define XNIC_PROG_LOAD_ADDR_LO		0
#define XNIC_PROG_LOAD_ADDR_HI		4
#define XNIC_PROG_LOAD_WORDS		8	/* instruction words */
#define XNIC_PROG_LOAD_ENTRY		12	/* xdp_main, < WORDS */
#define XNIC_PROG_LOAD_REQ_SIZE		16
/*
 * MAP_OP request in MBOX_DATA (docs/firmware.md "Offloaded maps"): one
 * operation on a map in the firmware's map area of emem, laid out as
 * compiled programs use it (docs/compiler.md "Card layout", "Hash maps").
 * The map's shape comes with every request: the card keeps no map table.
 * Malformed requests end in MBOX ERROR with a reason; an operation that
 * ran ends in DONE with its result in XNIC_MAP_REPLY_ERR.
 */
#define XNIC_MAP_REQ_OP			0x00	/* XNIC_MAP_OP_* */
#define XNIC_MAP_REQ_TYPE		0x04	/* XNIC_MAP_TYPE_* */
#define XNIC_MAP_REQ_ADDR		0x08	/* emem, 64-byte aligned, in the map area */
#define XNIC_MAP_REQ_KEY_SIZE		0x0c	/* hash: 1..XNIC_MAP_KEY_MAX; array: 4 */
#define XNIC_MAP_REQ_VALUE_SIZE		0x10	/* 1..XNIC_MAP_VALUE_MAX */
#define XNIC_MAP_REQ_MAX_ENTRIES	0x14
#define XNIC_MAP_REQ_BUCKETS		0x18	/* hash: slots, a power of two >= max_entries */
#define XNIC_MAP_REQ_FLAGS		0x1c	/* UPDATE: BPF_ANY 0, BPF_NOEXIST 1, BPF_EXIST 2;
						 * GET_NEXT: XNIC_MAP_F_FIRST */
#define XNIC_MAP_REQ_KEY		0x20	/* the key, XNIC_MAP_KEY_MAX bytes of room */
#define XNIC_MAP_REQ_VALUE		0x60	/* UPDATE: the value */
#define XNIC_MAP_REQ_SIZE		0x60	/* bytes before the value */
/* XNIC_MAP_KEY_MAX and the map layout: include/xnic/maps.h */
#define XNIC_MAP_VALUE_MAX		(XNIC_MBOX_DATA_SIZE - XNIC_MAP_REQ_VALUE)
#define  XNIC_MAP_OP_LOOKUP		1	/* value out at REQ_VALUE */
#define  XNIC_MAP_OP_UPDATE		2
#define  XNIC_MAP_OP_DELETE		3	/* hash only: arrays answer EINVAL */
#define  XNIC_MAP_OP_GET_NEXT		4	/* next key out at REQ_KEY */
#define  XNIC_MAP_OP_CLEAR		5	/* zeroes the map: empty */
#define  XNIC_MAP_TYPE_HASH		1	/* enum bpf_map_type's numbers */
#define  XNIC_MAP_TYPE_ARRAY		2
#define  XNIC_MAP_F_FIRST		1	/* GET_NEXT: ignore the key, first one */
/* Reply: 0 or a Linux errno (positive), and data as the op says above. */
#define XNIC_MAP_REPLY_ERR		0x00
#define  XNIC_MAP_ENOENT		2
#define  XNIC_MAP_E2BIG			7
#define  XNIC_MAP_EEXIST		17
#define  XNIC_MAP_EINVAL		22
#define  XNIC_MAP_EBUSY			16	/* contexts did not finish their frames */

/* Firmware ABI the card and driver speak: majors must match */
#define XNIC_FW_ABI_MAJOR		1
#define XNIC_FW_ABI_MINOR		1	/* 1.1: test frames (xnic/testrun.h) */

/*
 * Capability block, FW_CAPS reply: little-endian u32 words at these byte
 * offsets.  Card fields are valid without firmware; firmware fields read 0
 * until firmware runs.
 */
#define XNIC_CAPS_SIZE_BYTES		0x00	/* bytes of the block */
#define XNIC_CAPS_N_ME			0x04	/* card */
#define XNIC_CAPS_MAX_CONTEXTS		0x08	/* card: per ME, 4 or 8 */
#define XNIC_CAPS_ISTORE		0x0c	/* card: instructions per ME */
#define XNIC_CAPS_LM_SIZE		0x10	/* card: bytes per ME */
#define XNIC_CAPS_PKT_SIZE		0x14
#define XNIC_CAPS_IMEM_SIZE		0x18
#define XNIC_CAPS_EMEM_SIZE		0x1c
#define XNIC_CAPS_PKT_BUF_SIZE		0x20	/* card: bytes per context buffer */
#define XNIC_CAPS_WATCHDOG		0x24	/* card: cycles, 0 off */
#define XNIC_CAPS_FW_ABI		0x28	/* firmware from here on */
#define XNIC_CAPS_FW_VERSION		0x2c
#define XNIC_CAPS_CONTEXTS		0x30	/* per ME, as the image chose */
#define XNIC_CAPS_PROG_BASE		0x34	/* istore index of the XDP slot */
#define XNIC_CAPS_PROG_MAX		0x38	/* instructions from PROG_BASE */
#define XNIC_CAPS_STACK_SIZE		0x3c	/* LM bytes below l0 per context */
#define XNIC_CAPS_EMEM_MAPS		0x40	/* emem free for maps: base */
#define XNIC_CAPS_EMEM_MAPS_SIZE	0x44	/* and size */
#define XNIC_CAPS_MAP_TYPES		0x48	/* bit n: BPF map type n */
#define XNIC_CAPS_HELPERS		0x4c	/* 8 words: bit n: BPF helper n */
#define XNIC_CAPS_HELPER_WORDS		8
#define XNIC_CAPS_BLOCK_SIZE		0x6c

/* pkt_tx destinations of the firmware (docs/firmware.md) */
#define XNIC_FW_DEST_WIRE(port)		(port)		/* port 0 only */
#define XNIC_FW_DEST_HOST		0x80000000u	/* | queue */
#define XNIC_FW_DEST_HOST_HASH		0x8000ffffu	/* queue by flow hash */

/* ---- Fields of the queue-pair registers ---- */
/* TX_CTRL, RX_CTRL */
#define  XNIC_QCTRL_ENABLE		(1u << 0)
/* RX_CTRL: a frame longer than one buffer continues in the next
 * descriptors (docs/device.md "Multi-descriptor frames") */
#define  XNIC_QCTRL_RX_SCATTER		(1u << 1)
/*
 * RX metadata (docs/device.md "RX metadata"), each written back with the
 * frame's descriptors: the RSS hash and its type (HASH); the outer
 * 802.1Q/802.1ad tag taken out of the frame (VLAN_STRIP); the arrival
 * time, in ns of the host's CLOCK_MONOTONIC, into the timestamp area at
 * RX_TS_LO/HI + 8 * the frame's first slot (TSTAMP).
 */
#define  XNIC_QCTRL_RX_HASH		(1u << 2)
#define  XNIC_QCTRL_RX_VLAN_STRIP	(1u << 3)
#define  XNIC_QCTRL_RX_TSTAMP		(1u << 4)
#define  XNIC_QCTRL_RX_ALL		(XNIC_QCTRL_ENABLE | XNIC_QCTRL_RX_SCATTER | \
					 XNIC_QCTRL_RX_HASH | XNIC_QCTRL_RX_VLAN_STRIP | \
					 XNIC_QCTRL_RX_TSTAMP)
#define XNIC_RX_TS_SIZE			8	/* u64 ns per RX slot, little endian */
/* IRQ_CAUSE, IRQ_MASK (1 = masked) */
#define  XNIC_QIRQ_RX			(1u << 0)
#define  XNIC_QIRQ_TX			(1u << 1)
#define  XNIC_QIRQ_ALL			(XNIC_QIRQ_RX | XNIC_QIRQ_TX)

#define XNIC_RING_MIN_SIZE		64
#define XNIC_RING_MAX_SIZE		4096
#define XNIC_RING_ALIGN			64

/*
 * Descriptors: 16 bytes, little endian.  Both kinds share one layout so
 * that one ring walker serves both directions.
 *
 *   0  u64 addr     guest-physical buffer address       (driver)
 *   0  u32 seq      RX: wire sequence number written back over bits 31:0
 *                   of addr                              (card)
 *   4  u32 hash     RX with RX_CTRL.HASH: the RSS hash, over bits 63:32
 *                   of addr                              (card)
 *   8  u16 len      TX: bytes in this buffer; RX: buffer size (driver)
 *   8  u16 vlan_tci RX with status VLAN: the stripped tag's TCI, over
 *                   len                                  (card)
 *   0  u64 tstamp   TX with F_TSTAMP: the time the frame went to the
 *                   wire, over addr of its last descriptor (card)
 *  10  u16 pkt_len  RX: bytes written to this buffer     (card)
 *  10  u16 csum_start TX with F_CSUM, first descriptor: where the
 *                   checksummed bytes start              (driver)
 *  12  u16 flags    XNIC_DESC_F_*                        (driver)
 *  14  u16 status   XNIC_DESC_S_*, written last          (card)
 */
#define XNIC_DESC_SIZE			16
#define XNIC_DESC_ADDR			0
#define XNIC_DESC_SEQ			0	/* RX write-back, overwrites addr */
#define XNIC_DESC_HASH			4	/* RX write-back, overwrites addr */
#define XNIC_DESC_TX_TSTAMP		0	/* TX write-back, overwrites addr */
#define XNIC_DESC_LEN			8
#define XNIC_DESC_VLAN_TCI		8	/* RX write-back, overwrites len */
#define XNIC_DESC_PKT_LEN		10
#define XNIC_DESC_CSUM_START		10	/* TX, in place of pkt_len */
#define XNIC_DESC_FLAGS			12
#define XNIC_DESC_STATUS		14
#define  XNIC_DESC_S_DONE		(1u << 0)
#define  XNIC_DESC_S_ERROR		(1u << 1)
/* RX status: the frame continues in the next descriptor */
#define  XNIC_DESC_S_MORE		(1u << 2)
/* RX status: the outer tag was stripped; its TCI is in vlan_tci */
#define  XNIC_DESC_S_VLAN		(1u << 3)
/* RX status, with VLAN: that tag's TPID was 802.1ad's, else 802.1Q's */
#define  XNIC_DESC_S_VLAN_AD		(1u << 4)
/* RX status: the frame's arrival time is in the timestamp area; TX
 * status: its departure time is over addr of its last descriptor */
#define  XNIC_DESC_S_TSTAMP		(1u << 5)
/* RX status bits 8..10: what the RSS hash covered, XNIC_RSS_TYPE_* */
#define  XNIC_DESC_S_RSS_SHIFT		8
#define  XNIC_DESC_S_RSS_MASK		(7u << XNIC_DESC_S_RSS_SHIFT)
#define  XNIC_RSS_TYPE_NONE		0	/* not IP: no hash */
#define  XNIC_RSS_TYPE_IPV4		1	/* addresses */
#define  XNIC_RSS_TYPE_IPV4_TCP		2	/* addresses and ports */
#define  XNIC_RSS_TYPE_IPV4_UDP		3
#define  XNIC_RSS_TYPE_IPV6		4
#define  XNIC_RSS_TYPE_IPV6_TCP		5
#define  XNIC_RSS_TYPE_IPV6_UDP		6
/* TX flags: the frame continues in the next descriptor */
#define  XNIC_DESC_F_MORE		(1u << 0)
/*
 * TX offloads (docs/device.md "TX offloads"), with CAPS.TX_OFFLOAD, in a
 * frame's first descriptor: CSUM puts the Internet checksum of the frame
 * from csum_start to its end at csum_start + the CSUM_OFF field; TSTAMP
 * writes back the time the frame went to the wire (ns of the host's
 * CLOCK_MONOTONIC, as RX_CTRL.TSTAMP) with status TSTAMP.
 */
#define  XNIC_DESC_F_CSUM		(1u << 1)
#define  XNIC_DESC_F_TSTAMP		(1u << 2)
#define  XNIC_DESC_F_CSUM_OFF_SHIFT	8
#define  XNIC_DESC_F_CSUM_OFF_MAX	0xffu
/*
 * Multi-descriptor frames (docs/device.md "Multi-descriptor frames"): a
 * frame spans at most this many descriptors in either direction, one
 * for the linear part and one for each of Linux's MAX_SKB_FRAGS (17).
 */
#define XNIC_DESC_CHAIN_MAX		18

/* Frame limits on the wire side (no FCS: QEMU net backends carry none) */
#define XNIC_MIN_FRAME			14
#define XNIC_MAX_FRAME			9216
#define XNIC_ETH_HLEN			14
/* RX_CTRL.VLAN_STRIP takes out an outer tag with one of these TPIDs */
#define XNIC_VLAN_HLEN			4
#define XNIC_ETH_P_8021Q		0x8100
#define XNIC_ETH_P_8021AD		0x88a8
#define XNIC_DEFAULT_MTU		1500
#define XNIC_MIN_MTU			68
#define XNIC_MAX_MTU			(XNIC_MAX_FRAME - XNIC_ETH_HLEN - 4)

#endif /* XNIC_REGS_H */
