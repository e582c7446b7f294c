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

/* ---- Global block ---- */
#define XNIC_REG_ID			0x0000	/* RO: XNIC_ID_MAGIC */
#define  XNIC_ID_MAGIC			0x43494e58	/* "XNIC" in memory order */
#define XNIC_REG_VERSION		0x0004	/* RO: major << 16 | minor */
#define  XNIC_VERSION_MAJOR		1
#define  XNIC_VERSION_MINOR		1	/* 1.1: microengines, firmware */
#define XNIC_REG_NUM_QUEUES		0x0008	/* RO: queue pairs on this card */
#define XNIC_REG_CAPS			0x000c	/* RO: XNIC_CAP_* */
#define  XNIC_CAP_MSIX			(1u << 0)
#define  XNIC_CAP_MAILBOX		(1u << 1)
#define  XNIC_CAP_FIRMWARE		(1u << 2)	/* needs firmware (FW_LOAD) */
#define XNIC_REG_CTRL			0x0010	/* RW */
#define  XNIC_CTRL_ENABLE		(1u << 0)	/* datapath on */
#define  XNIC_CTRL_RESET		(1u << 1)	/* W: reset, reads 0 */
#define  XNIC_CTRL_PROMISC		(1u << 2)	/* accept any dst MAC */
#define XNIC_REG_STATUS			0x0014	/* RO */
#define  XNIC_STATUS_LINK_UP		(1u << 0)
#define XNIC_REG_MAC_LO			0x0018	/* RW: MAC bytes 0..3, byte 0 in bits 7:0 */
#define XNIC_REG_MAC_HI			0x001c	/* RW: MAC bytes 4..5 in bits 15:0 */
#define XNIC_REG_MTU			0x0020	/* RW: largest L3 payload the guest uses */
#define XNIC_REG_MAX_MTU		0x0024	/* RO: largest MTU the card accepts */
#define XNIC_REG_MIN_MTU		0x0028	/* RO */

/* Misc interrupt (vector 0) */
#define XNIC_REG_MISC_CAUSE		0x0030	/* RW1C: XNIC_MISC_* */
#define XNIC_REG_MISC_MASK		0x0034	/* RW: 1 = masked */
#define  XNIC_MISC_LINK			(1u << 0)	/* link state changed */
#define  XNIC_MISC_MBOX			(1u << 1)	/* mailbox command done */
#define  XNIC_MISC_ERROR		(1u << 2)	/* guest error, see ERR_* */
#define  XNIC_MISC_FW			(1u << 3)	/* firmware stopped: FW_STATUS */
#define XNIC_REG_ERR_COUNT		0x0038	/* RO: guest errors survived */
#define XNIC_REG_ERR_LAST		0x003c	/* RO: XNIC_ERR_* of the last one */
#define  XNIC_ERR_NONE			0
#define  XNIC_ERR_BAD_RING		1	/* base/size invalid when enabled */
#define  XNIC_ERR_BAD_INDEX		2	/* tail written beyond ring size */
#define  XNIC_ERR_BAD_LENGTH		3	/* descriptor length 0 or too big */
#define  XNIC_ERR_DMA			4	/* DMA to/from guest memory failed */
#define  XNIC_ERR_BAD_REG		5	/* bad register access */
#define  XNIC_ERR_BAD_MBOX		6	/* unknown mailbox command */
#define  XNIC_ERR_BAD_FW		7	/* firmware image refused */

/* Device-wide counters, RO, 32 bits, wrap */
#define XNIC_REG_WIRE_RX_FRAMES		0x0040	/* frames from the wire */
#define XNIC_REG_WIRE_TX_FRAMES		0x0044	/* frames sent to the wire */
#define XNIC_REG_WIRE_RX_FILTERED	0x0048	/* dropped by the MAC filter */
#define XNIC_REG_WIRE_RX_OVERSIZE	0x004c	/* dropped, longer than MTU */
/*
 * The ifindex the host gave the card's port: firmware presents it to
 * programs as xdp_md.ingress_ifindex (docs/firmware.md "Per frame"), so an
 * offloaded program sees what it would natively.  Reset: 1, as
 * BPF_PROG_TEST_RUN on the loopback device presents it.
 */
#define XNIC_REG_HOST_IFINDEX		0x0050	/* RW */

/*
 * Control mailbox, for driver <-> card firmware messages (used by the
 * offload work).  The driver fills MBOX_DATA, writes the length, then the
 * command; the card sets MBOX_STATUS and raises XNIC_MISC_MBOX.
 */
#define XNIC_REG_MBOX_CMD		0x0080	/* W: doorbell, command code */
#define XNIC_REG_MBOX_LEN		0x0084	/* RW: bytes valid in MBOX_DATA */
#define XNIC_REG_MBOX_STATUS		0x0088	/* RO: XNIC_MBOX_* */
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
#define XNIC_REG_MBOX_DATA		0x1000	/* RW: 4 KiB window */
#define XNIC_MBOX_DATA_SIZE		0x1000

/*
 * Card firmware (docs/firmware.md).  After reset no firmware runs and
 * frames from the wire are dropped (FW_RX_NO_FW).  FW_LOAD hands the card
 * an image by DMA; the card checks it and starts every context.
 */
#define XNIC_REG_FW_STATUS		0x00c0	/* RO: XNIC_FW_* */
#define  XNIC_FW_NONE			0	/* no firmware: frames dropped */
#define  XNIC_FW_RUNNING		1
#define  XNIC_FW_STOPPED		2	/* fault, watchdog or halt: reset */
#define XNIC_REG_FW_ABI			0x00c4	/* RO: running firmware's ABI, major << 16 | minor */
#define XNIC_REG_FW_VERSION		0x00c8	/* RO: major << 16 | minor << 8 | patch */
#define XNIC_REG_FW_RX_NO_FW		0x00cc	/* RO: wire frames dropped, no firmware */
#define XNIC_REG_FW_STOP		0x00d0	/* RO: why it stopped: XNIC_FW_STOP_* | me << 16 | ctx << 8 */
#define  XNIC_FW_STOP_FAULT		1
#define  XNIC_FW_STOP_WATCHDOG		2
#define  XNIC_FW_STOP_HALTED		3
#define XNIC_REG_FW_STOP_PC		0x00d4	/* RO: instruction index of the stop */
#define XNIC_REG_FW_CYCLES_LO		0x00d8	/* RO: card cycles, low word first */
#define XNIC_REG_FW_CYCLES_HI		0x00dc

/*
 * Verdict recorder (docs/device.md "Verdict recorder", docs/verdicts.md):
 * while enabled and a program is installed, the card keeps one verdict
 * record (include/xnic/verdict.h) per frame the offloaded program ran on,
 * in a ring of XNIC_VREC_DEPTH records the driver drains through a window.
 */
#define XNIC_REG_VREC_CTRL		0x00e0	/* RW: XNIC_VREC_CTRL_*; any write empties the ring, clears LOST */
#define  XNIC_VREC_CTRL_ENABLE		(1u << 0)
#define XNIC_REG_VREC_COUNT		0x00e4	/* RO: records waiting */
#define XNIC_REG_VREC_LOST		0x00e8	/* RO: records lost, ring full */
#define XNIC_REG_VREC_POP		0x00ec	/* W: remove the oldest record; reads 0 */
#define XNIC_REG_VREC_DATA		0x3000	/* RO window: the oldest record, 0s if none */
#define XNIC_VREC_DEPTH			4096
/* Card CSR (docs/isa.md 8) the firmware writes once per frame: the verdict */
#define XNIC_CSR_VERDICT		0x100	/* action | flags << 8 */
#define XNIC_CSR_HOST_IFINDEX		0x104	/* RO: XNIC_REG_HOST_IFINDEX */
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
#define XNIC_MAP_KEY_MAX		56
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
#define XNIC_FW_ABI_MINOR		0

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

/* ---- Queue-pair blocks: XNIC_QP_BASE(q) + XNIC_Q_* ---- */
#define XNIC_QP_BASE(q)			(0x4000 + (q) * 0x100)
#define XNIC_QP_STRIDE			0x100

#define XNIC_Q_TX_BASE_LO		0x00	/* RW: ring address, 64-byte aligned */
#define XNIC_Q_TX_BASE_HI		0x04
#define XNIC_Q_TX_SIZE			0x08	/* RW: entries, power of 2 */
#define XNIC_Q_TX_HEAD			0x0c	/* RO: next descriptor the card reads */
#define XNIC_Q_TX_TAIL			0x10	/* RW doorbell: next the driver fills */
#define XNIC_Q_TX_CTRL			0x14	/* RW: XNIC_QCTRL_* */
#define XNIC_Q_RX_BASE_LO		0x20
#define XNIC_Q_RX_BASE_HI		0x24
#define XNIC_Q_RX_SIZE			0x28
#define XNIC_Q_RX_HEAD			0x2c	/* RO: next descriptor the card fills */
#define XNIC_Q_RX_TAIL			0x30	/* RW doorbell: first slot not posted */
#define XNIC_Q_RX_CTRL			0x34
#define  XNIC_QCTRL_ENABLE		(1u << 0)
/* Queue interrupt (vector 1 + q) */
#define XNIC_Q_IRQ_CAUSE		0x40	/* RW1C: XNIC_QIRQ_* */
#define XNIC_Q_IRQ_MASK			0x44	/* RW: 1 = masked; set by the card
						 * when it fires (auto-mask) */
#define  XNIC_QIRQ_RX			(1u << 0)
#define  XNIC_QIRQ_TX			(1u << 1)
/* Queue counters, RO, 32 bits, wrap */
#define XNIC_Q_RX_FRAMES		0x60
#define XNIC_Q_RX_BYTES			0x64
#define XNIC_Q_RX_NO_BUF		0x68	/* dropped: no descriptor posted */
#define XNIC_Q_RX_TRUNC			0x6c	/* dropped: buffer too small */
#define XNIC_Q_TX_FRAMES		0x70
#define XNIC_Q_TX_BYTES			0x74
#define XNIC_Q_TX_ERRORS		0x78	/* bad descriptor or DMA failure */

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
 *   8  u16 len      TX: frame length; RX: buffer size   (driver)
 *  10  u16 pkt_len  RX: frame length written back        (card)
 *  12  u16 flags    XNIC_DESC_F_*                        (driver)
 *  14  u16 status   XNIC_DESC_S_*, written last          (card)
 */
#define XNIC_DESC_SIZE			16
#define XNIC_DESC_ADDR			0
#define XNIC_DESC_SEQ			0	/* RX write-back, overwrites addr */
#define XNIC_DESC_LEN			8
#define XNIC_DESC_PKT_LEN		10
#define XNIC_DESC_FLAGS			12
#define XNIC_DESC_STATUS		14
#define  XNIC_DESC_S_DONE		(1u << 0)
#define  XNIC_DESC_S_ERROR		(1u << 1)

/* Frame limits on the wire side (no FCS: QEMU net backends carry none) */
#define XNIC_MIN_FRAME			14
#define XNIC_MAX_FRAME			9216
#define XNIC_ETH_HLEN			14
#define XNIC_DEFAULT_MTU		1500
#define XNIC_MIN_MTU			68
#define XNIC_MAX_MTU			(XNIC_MAX_FRAME - XNIC_ETH_HLEN - 4)

#endif /* XNIC_REGS_H */
