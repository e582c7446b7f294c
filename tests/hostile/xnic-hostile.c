// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-hostile: the real QEMU device against a hostile guest, driven
 * through the qtest text protocol (docs/device.md "Error handling").
 *
 * Starts $XNIC_QEMU (fails when unset: the project builds that QEMU) with
 * -accel qtest, finds the card by PCI config cycles, maps its BARs, proves
 * the data path with
 * an ARP exchange against slirp through the card firmware (loaded with
 * FW_LOAD, docs/firmware.md), stops a firmware whose XDP slot loops with
 * the watchdog and recovers by reset and reload, installs and removes an
 * XDP program (PROG_LOAD/PROG_UNLOAD) with the verdict recorder's record
 * of the frame it dropped, and has garbage programs refused,
 * then runs seeded garbage: register writes of every size, rings at
 * unmapped/MMIO/misaligned addresses, huge and zero lengths, tails out of
 * range, MSI-X toggled, firmware loads of mangled images and of bad
 * requests, program loads of random words at random addresses, map
 * operations (MAP_OP) with garbage shapes and keys.  Guest RAM the
 * card was never given is filled with a canary and must be intact
 * afterwards; QEMU must still answer, and exit cleanly (status 0: a
 * sanitizer build exits non-zero on a report, docs/testing.md "Sanitizer
 * builds").  XNIC_HOSTILE_SEED and XNIC_HOSTILE_STEPS choose the seed and
 * the number of random steps.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xnic/regs.h"

#define HOSTILE_BAR0		0xc0000000ull
#define HOSTILE_BAR1		0xc0010000ull
#define HOSTILE_MSI_ADDR	0xfee00000ull
#define HOSTILE_UNMAPPED	0xdead00000000ull
/* Guest RAM layout (256 MiB): canaries around everything the card gets. */
#define HOSTILE_CANARY_LO	0x00200000ull	/* never named: canary */
#define HOSTILE_CANARY_LO_END	0x00a00000ull
#define HOSTILE_RINGS		0x01000000ull	/* queue q dir d: 64 KiB each */
#define HOSTILE_RING_SPAN	0x10000ull
#define HOSTILE_RX_BUFS		0x02000000ull	/* queue q: 64 slots */
#define HOSTILE_TX_BUFS		0x03000000ull
#define HOSTILE_SLOT		0x4000ull
#define HOSTILE_SLOTS		64
#define HOSTILE_CANARY_HI	0x04000000ull	/* never named: canary */
#define HOSTILE_CANARY_HI_END	0x04800000ull
#define HOSTILE_FW		0x05000000ull	/* firmware images */
#define HOSTILE_PROG		0x05100000ull	/* program code */
#define HOSTILE_PROG_WORDS	64		/* at most, random ones */
#define HOSTILE_CANARY		0xa5
#define HOSTILE_QUEUES		4
#define HOSTILE_STEPS		20000	/* unless XNIC_HOSTILE_STEPS says */
#define HOSTILE_MAP_OPS		3000
#define HOSTILE_MAX_RX_FRAME	1600	/* slirp frames are Ethernet-sized */

static const uint8_t hostile_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

struct hostile {
	pid_t pid;
	FILE *to;
	FILE *from;
	uint32_t cfg;		/* config address of the card */
	uint64_t rng;
	/* Longest RX length ever named for each RX slot of each queue. */
	uint32_t rx_named[HOSTILE_QUEUES][HOSTILE_SLOTS];
	uint8_t fw[XNIC_MAX_FRAME];	/* the built firmware */
	size_t fw_len;
	char line[1 << 20];
};

static struct hostile h;

static void hostile_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xnic-hostile: FAIL: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (h.pid > 0)
		kill(h.pid, SIGKILL);
	exit(1);
}

/* ---- qtest protocol ---- */

static const char *qt(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(h.to, fmt, ap);
	va_end(ap);
	fputc('\n', h.to);
	fflush(h.to);
	if (!fgets(h.line, sizeof(h.line), h.from))
		hostile_fail("QEMU stopped answering (%s)", fmt);
	if (strncmp(h.line, "OK", 2))
		hostile_fail("qtest said: %s", h.line);
	return h.line;
}

static uint64_t qt_val(const char *reply)
{
	return strtoull(reply + 3, NULL, 16);
}

static uint32_t cfg_read(uint32_t off)
{
	qt("outl 0xcf8 0x%x", h.cfg | off);
	return qt_val(qt("inl 0xcfc"));
}

static void cfg_write(uint32_t off, uint32_t val)
{
	qt("outl 0xcf8 0x%x", h.cfg | off);
	qt("outl 0xcfc 0x%x", val);
}

static uint32_t reg_rd(uint32_t off)
{
	return qt_val(qt("readl 0x%" PRIx64, HOSTILE_BAR0 + off));
}

static void reg_wr(uint32_t off, uint32_t val)
{
	qt("writel 0x%" PRIx64 " 0x%x", HOSTILE_BAR0 + off, val);
}

static void mem_write(uint64_t addr, const uint8_t *data, size_t len)
{
	static char hex[2 * XNIC_MAX_FRAME + 1];
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(&hex[2 * i], "%02x", data[i]);
	qt("write 0x%" PRIx64 " %zu 0x%s", addr, len, hex);
}

static uint8_t nibble(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static void mem_read(uint64_t addr, uint8_t *data, size_t len)
{
	const char *hex = qt("read 0x%" PRIx64 " %zu", addr, len) + 5;
	size_t i;

	if (strlen(hex) < 2 * len)
		hostile_fail("short read reply at 0x%" PRIx64, addr);
	for (i = 0; i < len; i++)
		data[i] = nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]);
}

/* ---- QEMU ---- */

static void hostile_start(const char *qemu, const char *log)
{
	int to[2], from[2];

	if (pipe(to) || pipe(from))
		hostile_fail("pipe: %s", strerror(errno));
	h.pid = fork();
	if (h.pid < 0)
		hostile_fail("fork: %s", strerror(errno));
	if (h.pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		execl(qemu, qemu, "-machine", "q35", "-accel", "qtest",
		      "-qtest", "stdio", "-qtest-log", "/dev/null",
		      "-nodefaults", "-display", "none", "-m", "256M",
		      "-L", "/usr/share/qemu", "-L", "/usr/share/seabios",
		      "-netdev", "user,id=n", "-device",
		      "xnic,netdev=n,mac=52:54:00:12:34:56,queues=4",
		      "-d", "guest_errors", "-D", log, (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	h.to = fdopen(to[1], "w");
	h.from = fdopen(from[0], "r");
}

/* SIGTERM must end QEMU normally, not by a crash or an abort. */
static void hostile_stop(void)
{
	int status;

	fclose(h.to);
	kill(h.pid, SIGTERM);
	if (waitpid(h.pid, &status, 0) != h.pid)
		hostile_fail("waitpid: %s", strerror(errno));
	h.pid = 0;
	if (!WIFEXITED(status))
		hostile_fail("QEMU died by signal %d", WTERMSIG(status));
	if (WEXITSTATUS(status))
		hostile_fail("QEMU exited with status %d", WEXITSTATUS(status));
}

static void hostile_find_card(void)
{
	const uint32_t want = XNIC_PCI_DEVICE_ID << 16 | XNIC_PCI_VENDOR_ID;
	unsigned int slot;

	for (slot = 0; slot < 32; slot++) {
		h.cfg = 0x80000000u | slot << 11;
		if (cfg_read(0x00) == want)
			return;
	}
	hostile_fail("no xnic (%08x) on bus 0", want);
}

static void hostile_map_card(void)
{
	cfg_write(0x10, (uint32_t)HOSTILE_BAR0);
	cfg_write(0x14, (uint32_t)HOSTILE_BAR1);
	cfg_write(0x04, 0x6);	/* memory space + bus master */
	if (reg_rd(XNIC_REG_ID) != XNIC_ID_MAGIC)
		hostile_fail("ID reads 0x%x", reg_rd(XNIC_REG_ID));
	if (reg_rd(XNIC_REG_NUM_QUEUES) != HOSTILE_QUEUES)
		hostile_fail("NUM_QUEUES reads %u", reg_rd(XNIC_REG_NUM_QUEUES));
}

/* ---- rings and descriptors ---- */

static uint64_t ring_addr(unsigned int q, uint32_t dir)
{
	return HOSTILE_RINGS + (2 * q + (dir == XNIC_Q_RX_BASE_LO)) * HOSTILE_RING_SPAN;
}

static uint64_t slot_addr(unsigned int q, uint32_t dir, unsigned int slot)
{
	uint64_t area = dir == XNIC_Q_RX_BASE_LO ? HOSTILE_RX_BUFS : HOSTILE_TX_BUFS;

	return area + ((uint64_t)q * HOSTILE_SLOTS + slot) * HOSTILE_SLOT;
}

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	while (n--) {
		*p++ = v;
		v >>= 8;
	}
}

static void desc_write(uint64_t ring, uint32_t idx, uint64_t addr, uint16_t len)
{
	uint8_t d[XNIC_DESC_SIZE] = { 0 };

	put_le(d + XNIC_DESC_ADDR, addr, 8);
	put_le(d + XNIC_DESC_LEN, len, 2);
	mem_write(ring + idx * XNIC_DESC_SIZE, d, sizeof(d));
}

static void ring_program(unsigned int q, uint32_t dir, uint64_t base,
			 uint32_t size)
{
	uint32_t rel = dir - XNIC_Q_TX_BASE_LO, qb = XNIC_QP_BASE(q) + rel;

	reg_wr(qb + XNIC_Q_TX_CTRL, 0);
	reg_wr(qb + XNIC_Q_TX_BASE_LO, (uint32_t)base);
	reg_wr(qb + XNIC_Q_TX_BASE_HI, base >> 32);
	reg_wr(qb + XNIC_Q_TX_SIZE, size);
	reg_wr(qb + XNIC_Q_TX_TAIL, 0);
	reg_wr(qb + XNIC_Q_TX_CTRL, XNIC_QCTRL_ENABLE);
}

/* An RX descriptor naming slot idx % 64 of queue q; remembered for the check. */
static void rx_post(unsigned int q, uint32_t idx, uint16_t len)
{
	unsigned int slot = idx % HOSTILE_SLOTS;

	if (len > h.rx_named[q][slot])
		h.rx_named[q][slot] = len;
	desc_write(ring_addr(q, XNIC_Q_RX_BASE_LO), idx,
		   slot_addr(q, XNIC_Q_RX_BASE_LO, slot), len);
}

/* ARP who-has 10.0.2.2 (slirp's gateway) from 10.0.2.15. */
static size_t arp_request(uint8_t *f)
{
	static const uint8_t tail[] = {
		0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	};

	memset(f, 0xff, 6);
	memcpy(f + 6, hostile_mac, 6);
	memcpy(f + 12, tail, sizeof(tail));
	memcpy(f + 22, hostile_mac, 6);
	memcpy(f + 28, "\x0a\x00\x02\x0f", 4);
	memset(f + 32, 0, 6);
	memcpy(f + 38, "\x0a\x00\x02\x02", 4);
	memset(f + 42, 0, 18);
	return 60;
}

static void tx_send(unsigned int q, uint32_t idx, const uint8_t *f, size_t len)
{
	uint64_t buf = slot_addr(q, XNIC_Q_TX_BASE_LO, idx % HOSTILE_SLOTS);

	mem_write(buf, f, len);
	desc_write(ring_addr(q, XNIC_Q_TX_BASE_LO), idx, buf, len);
	reg_wr(XNIC_QP_BASE(q) + XNIC_Q_TX_TAIL, (idx + 1) % 64);
}

static uint16_t desc_field(uint64_t ring, uint32_t idx, uint32_t field)
{
	uint8_t b[2];

	mem_read(ring + idx * XNIC_DESC_SIZE + field, b, 2);
	return b[0] | b[1] << 8;
}

/* Lets slirp run: qtest only services the main loop between commands. */
static bool wait_for(uint32_t off, uint32_t at_least)
{
	unsigned int i;

	for (i = 0; i < 200; i++) {
		if (reg_rd(off) >= at_least)
			return true;
		qt("clock_step 1000000");
		usleep(10000);
	}
	return false;
}

/* Positive proof first: a frame out, slirp's answer into our buffer. */
static void hostile_data_path(void)
{
	uint64_t rx_ring = ring_addr(0, XNIC_Q_RX_BASE_LO);
	uint8_t f[64], got[64];
	uint32_t i;

	ring_program(0, XNIC_Q_TX_BASE_LO, ring_addr(0, XNIC_Q_TX_BASE_LO), 64);
	ring_program(0, XNIC_Q_RX_BASE_LO, rx_ring, 64);
	for (i = 0; i < 32; i++)
		rx_post(0, i, 2048);
	reg_wr(XNIC_QP_BASE(0) + XNIC_Q_RX_TAIL, 32);
	reg_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	tx_send(0, 0, f, arp_request(f));
	if (reg_rd(XNIC_REG_WIRE_TX_FRAMES) != 1 ||
	    desc_field(ring_addr(0, XNIC_Q_TX_BASE_LO), 0, XNIC_DESC_STATUS) !=
	    XNIC_DESC_S_DONE)
		hostile_fail("ARP request not sent");
	if (!wait_for(XNIC_QP_BASE(0) + XNIC_Q_RX_FRAMES, 1))
		hostile_fail("no ARP reply from slirp");
	if (desc_field(rx_ring, 0, XNIC_DESC_STATUS) != XNIC_DESC_S_DONE ||
	    desc_field(rx_ring, 0, XNIC_DESC_PKT_LEN) < 42)
		hostile_fail("RX descriptor 0 not written back");
	mem_read(slot_addr(0, XNIC_Q_RX_BASE_LO, 0), got, 42);
	if (memcmp(got, hostile_mac, 6) || got[12] != 0x08 || got[13] != 0x06 ||
	    got[21] != 2)
		hostile_fail("RX buffer does not hold an ARP reply to us");
	printf("data path: ARP out, reply of %u bytes in\n",
	       desc_field(rx_ring, 0, XNIC_DESC_PKT_LEN));
}

/* ---- firmware ---- */

static void fw_read_image(void)
{
	FILE *f = fopen(XNIC_FW_IMG, "rb");

	if (!f)
		hostile_fail("cannot open %s: %s", XNIC_FW_IMG, strerror(errno));
	h.fw_len = fread(h.fw, 1, sizeof(h.fw), f);
	fclose(f);
	if (!h.fw_len || h.fw_len == sizeof(h.fw))
		hostile_fail("%s: unexpected size", XNIC_FW_IMG);
}

/* FW_LOAD of len bytes at addr; returns MBOX_STATUS. */
static uint32_t fw_request(uint64_t addr, uint32_t len)
{
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_LO, (uint32_t)addr);
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_ADDR_HI, addr >> 32);
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_FW_LOAD_LEN, len);
	reg_wr(XNIC_REG_MBOX_LEN, XNIC_FW_LOAD_REQ_SIZE);
	reg_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_LOAD);
	return reg_rd(XNIC_REG_MBOX_STATUS);
}

static uint32_t fw_load(const uint8_t *img, size_t len)
{
	mem_write(HOSTILE_FW, img, len);
	return fw_request(HOSTILE_FW, len);
}

static void fw_load_good(void)
{
	if (fw_load(h.fw, h.fw_len) != XNIC_MBOX_DONE ||
	    reg_rd(XNIC_REG_FW_STATUS) != XNIC_FW_RUNNING)
		hostile_fail("the built firmware did not start");
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * The built firmware with its XDP slot's first instruction turned into a
 * branch to itself (docs/isa.md 4: br.al has opcode 0x38, target in I).
 */
static void fw_looping(uint8_t *img)
{
	static const uint8_t pass[8] = { 0x02, 0, 0, 0, 0xa0, 0x00, 0x20, 0x08 };
	uint32_t n = le32(h.fw + 6) & 0xffff, i, off = 0, first = 0;
	uint64_t br;
	size_t at = 0;

	memcpy(img, h.fw, h.fw_len);
	for (i = 0; i < n; i++) {
		const uint8_t *sect = h.fw + 20 + 16 * i;

		if (le32(sect) == 1) {
			first = le32(sect + 4);
			off = le32(sect + 12);
			at = off + le32(sect + 8);
		}
	}
	/* The slot is the last code: `mov a0, #XDP_PASS ; ret a15`. */
	for (at -= 8; at > off && memcmp(img + at, pass, 8); at -= 8)
		;
	if (at == off)
		hostile_fail("no XDP slot in %s", XNIC_FW_IMG);
	br = 0x38ull << 56 | (first + (at - off) / 8);
	put_le(img + at, br, 8);
}

/* A runaway XDP slot: the watchdog stops it, a reset and a load recover. */
static void hostile_watchdog(void)
{
	uint8_t img[sizeof(h.fw)], f[64];
	uint32_t rx = reg_rd(XNIC_QP_BASE(0) + XNIC_Q_RX_FRAMES);
	unsigned int i;

	fw_looping(img);
	if (fw_load(img, h.fw_len) != XNIC_MBOX_DONE)
		hostile_fail("looping firmware refused");
	tx_send(0, 1, f, arp_request(f));
	for (i = 0; i < 500 && reg_rd(XNIC_REG_FW_STATUS) == XNIC_FW_RUNNING; i++) {
		qt("clock_step 1000000");
		usleep(10000);
	}
	if (reg_rd(XNIC_REG_FW_STATUS) != XNIC_FW_STOPPED ||
	    (reg_rd(XNIC_REG_FW_STOP) & 0xff) != XNIC_FW_STOP_WATCHDOG)
		hostile_fail("watchdog did not stop the firmware (status %u stop 0x%x)",
			     reg_rd(XNIC_REG_FW_STATUS), reg_rd(XNIC_REG_FW_STOP));
	if (!(reg_rd(XNIC_REG_MISC_CAUSE) & XNIC_MISC_FW))
		hostile_fail("no MISC_CAUSE.FW after the watchdog");
	reg_wr(XNIC_REG_CTRL, XNIC_CTRL_RESET);
	if (reg_rd(XNIC_REG_FW_STATUS) != XNIC_FW_NONE)
		hostile_fail("firmware survived a reset");
	fw_load_good();
	ring_program(0, XNIC_Q_TX_BASE_LO, ring_addr(0, XNIC_Q_TX_BASE_LO), 64);
	ring_program(0, XNIC_Q_RX_BASE_LO, ring_addr(0, XNIC_Q_RX_BASE_LO), 64);
	for (i = 0; i < 32; i++)
		rx_post(0, i, 2048);
	reg_wr(XNIC_QP_BASE(0) + XNIC_Q_RX_TAIL, 32);
	reg_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	tx_send(0, 0, f, arp_request(f));
	if (!wait_for(XNIC_QP_BASE(0) + XNIC_Q_RX_FRAMES, 1))
		hostile_fail("no traffic after the firmware was reloaded");
	printf("watchdog: looping firmware stopped, card recovered (%u frames before)\n",
	       rx);
}

/* ---- programs (docs/firmware.md "Installing a program") ---- */

#define HOSTILE_MOV_A0(n)	(0x082000a000000000ull | (n))	/* mov a0, #n */
#define HOSTILE_RET_A15		0x3c002f0000000000ull		/* ret a15 */
#define HOSTILE_BR(t)		(0x3800000000000000ull | (t))	/* br t */

/* PROG_LOAD of words at addr; returns MBOX_STATUS. */
static uint32_t prog_request(uint64_t addr, uint32_t words, uint32_t entry)
{
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_ADDR_LO, (uint32_t)addr);
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_ADDR_HI, addr >> 32);
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_WORDS, words);
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_PROG_LOAD_ENTRY, entry);
	reg_wr(XNIC_REG_MBOX_LEN, XNIC_PROG_LOAD_REQ_SIZE);
	reg_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_PROG_LOAD);
	return reg_rd(XNIC_REG_MBOX_STATUS);
}

static uint32_t prog_load(const uint64_t *code, uint32_t words)
{
	uint8_t buf[8 * HOSTILE_PROG_WORDS];
	uint32_t i;

	for (i = 0; i < words; i++)
		put_le(buf + 8 * i, code[i], 8);
	mem_write(HOSTILE_PROG, buf, 8 * words);
	return prog_request(HOSTILE_PROG, words, 0);
}

static uint32_t prog_unload(void)
{
	reg_wr(XNIC_REG_MBOX_LEN, 0);
	reg_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_PROG_UNLOAD);
	return reg_rd(XNIC_REG_MBOX_STATUS);
}

static void prog_refused(uint32_t status, const char *what)
{
	if (status != XNIC_MBOX_ERROR)
		hostile_fail("PROG_LOAD of %s: status %u, not refused", what, status);
	if (reg_rd(XNIC_REG_FW_STATUS) != XNIC_FW_RUNNING)
		hostile_fail("PROG_LOAD of %s stopped the firmware", what);
}

/*
 * A DROP program installed in the running QEMU device drops slirp's ARP
 * reply; unloaded, the next reply passes.  Bad requests are refused with
 * the firmware still running.
 */
/* The verdict recorder's record of the frame the DROP program dropped. */
static void hostile_verdict_record(void)
{
	if (!reg_rd(XNIC_REG_VREC_COUNT))
		hostile_fail("no verdict record of the dropped frame");
	/* action DROP, flags 0; out_len 0; digest the FNV offset basis */
	if ((reg_rd(XNIC_REG_VREC_DATA + 4) >> 16) != 1 ||
	    (reg_rd(XNIC_REG_VREC_DATA + 8) >> 16) != 0 ||
	    reg_rd(XNIC_REG_VREC_DATA + 12) != 0x811c9dc5)
		hostile_fail("verdict record of the drop: %08x %08x %08x",
			     reg_rd(XNIC_REG_VREC_DATA + 4),
			     reg_rd(XNIC_REG_VREC_DATA + 8),
			     reg_rd(XNIC_REG_VREC_DATA + 12));
	reg_wr(XNIC_REG_VREC_CTRL, 0);
	if (reg_rd(XNIC_REG_VREC_COUNT))
		hostile_fail("VREC_CTRL write left records");
	reg_wr(XNIC_REG_VREC_POP, 1);		/* empty: a guest error */
}

static void hostile_programs(void)
{
	/* (the MSI window reads as zeros: `nop`s, a valid program) */
	static const uint64_t bad_addrs[] = { HOSTILE_UNMAPPED, HOSTILE_BAR0,
					      HOSTILE_CANARY_LO, ~0ull - 8 };
	uint64_t code[2] = { HOSTILE_MOV_A0(1), HOSTILE_RET_A15 };
	uint32_t rx = reg_rd(XNIC_QP_BASE(0) + XNIC_Q_RX_FRAMES), i;
	uint8_t f[64];

	if (prog_load(code, 2) != XNIC_MBOX_DONE)
		hostile_fail("DROP program refused");
	reg_wr(XNIC_REG_VREC_CTRL, XNIC_VREC_CTRL_ENABLE);
	tx_send(0, 1, f, arp_request(f));
	if (!wait_for(XNIC_REG_FW_STATS + 8 * XNIC_FW_CNT_DROP, 1))
		hostile_fail("the installed program dropped nothing");
	if (reg_rd(XNIC_QP_BASE(0) + XNIC_Q_RX_FRAMES) != rx)
		hostile_fail("a frame passed the DROP program");
	hostile_verdict_record();
	if (prog_unload() != XNIC_MBOX_DONE)
		hostile_fail("PROG_UNLOAD refused");
	tx_send(0, 2, f, arp_request(f));
	if (!wait_for(XNIC_QP_BASE(0) + XNIC_Q_RX_FRAMES, rx + 1))
		hostile_fail("no traffic after PROG_UNLOAD");
	for (i = 0; i < sizeof(bad_addrs) / sizeof(bad_addrs[0]); i++)
		prog_refused(prog_request(bad_addrs[i], 2, 0), "a bad address");
	prog_refused(prog_request(HOSTILE_PROG, 0xffffffff, 0), "2^32-1 words");
	prog_refused(prog_request(HOSTILE_PROG, 65536, 0), "65536 words");
	prog_refused(prog_request(HOSTILE_PROG, 2, 7), "entry 7 of 2 words");
	code[0] = HOSTILE_BR(20);		/* into firmware code, unmoved */
	prog_refused(prog_load(code, 2), "br 20");
	code[0] = HOSTILE_BR(0xffff);
	prog_refused(prog_load(code, 2), "br 65535");
	code[0] = ~0ull;
	prog_refused(prog_load(code, 2), "a bad word");
	printf("programs: DROP installed (its verdict recorded) and removed in QEMU, 10 bad requests refused\n");
}

/* ---- the hostile part ---- */

static uint64_t rnd(void)
{
	h.rng ^= h.rng << 13;
	h.rng ^= h.rng >> 7;
	h.rng ^= h.rng << 17;
	return h.rng;
}

static uint32_t below(uint32_t n)
{
	return rnd() % n;
}

static uint32_t garbage_value(void)
{
	static const uint32_t edges[] = { 0, 1, 13, 14, 63, 64, 65, 4095, 4096,
					  9216, 9217, 0xffff, 0xffffffff };

	return below(2) ? edges[below(sizeof(edges) / sizeof(edges[0]))] : rnd();
}

/* MAP_OP with the header words w[0..7] and len; returns MBOX_STATUS. */
static uint32_t map_request(const uint32_t *w, uint32_t len)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		reg_wr(XNIC_REG_MBOX_DATA + 4 * i, w[i]);
	reg_wr(XNIC_REG_MBOX_LEN, len);
	reg_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_MAP_OP);
	return reg_rd(XNIC_REG_MBOX_STATUS);
}

static uint32_t maps_area(void)
{
	reg_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_CAPS);
	return reg_rd(XNIC_REG_MBOX_DATA + XNIC_CAPS_EMEM_MAPS);
}

/* A shape word: mostly near a valid map's, sometimes anything. */
static uint32_t garbage_map_word(uint32_t good)
{
	switch (below(4)) {
	case 0: return garbage_value();
	case 1: return good + below(3) - 1;
	default: return good;
	}
}

/*
 * Offloaded maps (docs/firmware.md "Offloaded maps"): an array value
 * written and read back through the running QEMU device, then MAP_OPs
 * with garbage shapes, addresses, flags, keys and lengths: every one
 * answered DONE or ERROR, the firmware still running.
 */
static void hostile_maps(void)
{
	uint32_t area = maps_area();
	const uint32_t arr[8] = { XNIC_MAP_OP_CLEAR, XNIC_MAP_TYPE_ARRAY, area, 4, 8, 16, 0, 0 };
	const uint32_t hash[8] = { XNIC_MAP_OP_UPDATE, XNIC_MAP_TYPE_HASH, area + 0x1000, 8, 16,
				   64, 128, 0 };
	uint32_t w[8], i, k, status, refused = 0;

	memcpy(w, arr, sizeof(w));
	if (map_request(w, XNIC_MAP_REQ_SIZE) != XNIC_MBOX_DONE)
		hostile_fail("MAP_OP CLEAR of an array at 0x%x refused", area);
	w[0] = XNIC_MAP_OP_UPDATE;
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_MAP_REQ_KEY, 3);
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_MAP_REQ_VALUE, 0xfeedf00d);
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_MAP_REQ_VALUE + 4, 0x12345678);
	if (map_request(w, XNIC_MAP_REQ_SIZE + 8) != XNIC_MBOX_DONE ||
	    reg_rd(XNIC_REG_MBOX_DATA + XNIC_MAP_REPLY_ERR))
		hostile_fail("MAP_OP UPDATE of an array refused");
	w[0] = XNIC_MAP_OP_LOOKUP;
	reg_wr(XNIC_REG_MBOX_DATA + XNIC_MAP_REQ_VALUE, 0);
	if (map_request(w, XNIC_MAP_REQ_SIZE) != XNIC_MBOX_DONE ||
	    reg_rd(XNIC_REG_MBOX_DATA + XNIC_MAP_REQ_VALUE) != 0xfeedf00d)
		hostile_fail("MAP_OP LOOKUP did not read the value back");
	for (i = 0; i < HOSTILE_MAP_OPS; i++) {
		const uint32_t *good = below(2) ? arr : hash;

		for (k = 0; k < 8; k++)
			w[k] = garbage_map_word(good[k]);
		w[0] = below(8);
		for (k = XNIC_MAP_REQ_KEY; k < XNIC_MAP_REQ_VALUE + 64; k += 4)
			reg_wr(XNIC_REG_MBOX_DATA + k, below(2) ? below(4) : rnd());
		status = map_request(w, below(4) ? XNIC_MAP_REQ_SIZE + 64 : garbage_value());
		if (status != XNIC_MBOX_DONE && status != XNIC_MBOX_ERROR)
			hostile_fail("MAP_OP %u: status %u", i, status);
		refused += status == XNIC_MBOX_ERROR;
	}
	if (reg_rd(XNIC_REG_FW_STATUS) != XNIC_FW_RUNNING)
		hostile_fail("garbage MAP_OPs stopped the firmware");
	if (!refused || refused == HOSTILE_MAP_OPS)
		hostile_fail("%u of %u garbage MAP_OPs refused: garbage too tame or too wild",
			     refused, HOSTILE_MAP_OPS);
	printf("maps: array value written and read back in QEMU, %u garbage MAP_OPs, %u refused\n",
	       HOSTILE_MAP_OPS, refused);
}

/* Ring bases the card may be handed: none of them in a canary. */
static uint64_t garbage_ring_base(unsigned int q, uint32_t dir)
{
	switch (below(7)) {
	case 0: return HOSTILE_UNMAPPED;
	case 1: return HOSTILE_BAR0;	/* descriptors in the card's own MMIO */
	case 2: return HOSTILE_MSI_ADDR;
	case 3: return ring_addr(q, dir) + 8;	/* misaligned */
	case 4: return rnd() | 1ull << 63;
	default: return ring_addr(q, dir);
	}
}

static uint64_t garbage_buffer(unsigned int q, uint32_t dir, uint32_t idx)
{
	switch (below(6)) {
	case 0: return HOSTILE_UNMAPPED + below(1 << 20);
	case 1: return HOSTILE_BAR0 + below(XNIC_BAR0_SIZE);
	case 2: return ~0ull - below(64);	/* wraps the address space */
	default: return slot_addr(q, dir, idx % HOSTILE_SLOTS);
	}
}

static bool is_ring_base_reg(uint64_t off)
{
	uint32_t r = off % XNIC_QP_STRIDE;

	return off >= XNIC_QP_BASE(0) &&
	       (r == XNIC_Q_TX_BASE_LO || r == XNIC_Q_TX_BASE_HI ||
		r == XNIC_Q_RX_BASE_LO || r == XNIC_Q_RX_BASE_HI);
}

/* Any offset, any size; ring bases only through garbage_ring_base(). */
static void step_register(void)
{
	static const char sizes[] = "bwlq";
	uint64_t off = below(2) ? below(0x100) : below(XNIC_BAR0_SIZE);
	char size = below(3) ? 'l' : sizes[below(4)];
	uint64_t val = garbage_value();

	if (size == 'l')
		off &= ~3ull;
	if (is_ring_base_reg(off & ~3ull))
		return;
	if (off == XNIC_REG_CTRL && below(8))
		val = XNIC_CTRL_ENABLE | (val & XNIC_CTRL_PROMISC);
	if (below(4))
		qt("write%c 0x%" PRIx64 " 0x%" PRIx64, size, HOSTILE_BAR0 + off, val);
	else
		qt("read%c 0x%" PRIx64, size, HOSTILE_BAR0 + off);
}

static void step_ring(void)
{
	static const uint32_t sizes[] = { 64, 64, 256, 4096, 0, 32, 100, 8192 };
	unsigned int q = below(HOSTILE_QUEUES);
	uint32_t dir = below(2) ? XNIC_Q_TX_BASE_LO : XNIC_Q_RX_BASE_LO;

	ring_program(q, dir, garbage_ring_base(q, dir),
		     sizes[below(sizeof(sizes) / sizeof(sizes[0]))]);
	/* RX frames over several descriptors (docs/device.md "Multi-descriptor frames") */
	if (dir == XNIC_Q_RX_BASE_LO && below(2))
		reg_wr(XNIC_QP_BASE(q) + XNIC_Q_RX_CTRL,
		       XNIC_QCTRL_ENABLE | XNIC_QCTRL_RX_SCATTER);
}

static void step_descriptors(void)
{
	unsigned int q = below(HOSTILE_QUEUES), i, n = 1 + below(8);
	uint32_t dir = below(2) ? XNIC_Q_TX_BASE_LO : XNIC_Q_RX_BASE_LO;
	uint32_t idx = below(64);

	for (i = 0; i < n; i++, idx = (idx + 1) % 64) {
		uint16_t len = garbage_value();
		uint64_t addr = garbage_buffer(q, dir, idx);

		if (dir == XNIC_Q_RX_BASE_LO && addr == slot_addr(q, dir, idx % 64))
			rx_post(q, idx, len);
		else
			desc_write(ring_addr(q, dir), idx, addr, len);
		/* TX frames over several descriptors, some never ending */
		if (dir == XNIC_Q_TX_BASE_LO && below(2)) {
			uint8_t more[2];

			put_le(more, XNIC_DESC_F_MORE, 2);
			mem_write(ring_addr(q, dir) + idx * XNIC_DESC_SIZE +
				  XNIC_DESC_FLAGS, more, sizeof(more));
		}
	}
	reg_wr(XNIC_QP_BASE(q) + dir - XNIC_Q_TX_BASE_LO + XNIC_Q_TX_TAIL,
	       below(16) ? idx : garbage_value());
}

static void step_traffic(void)
{
	uint8_t f[64];

	tx_send(0, below(64), f, arp_request(f));
	qt("clock_step 100000");
}

static void step_msix(void)
{
	/* Table entry v: address, upper address, data, vector control. */
	qt("writel 0x%" PRIx64 " 0x%x", HOSTILE_BAR1 + below(5) * 16,
	   (uint32_t)HOSTILE_MSI_ADDR);
	qt("writel 0x%" PRIx64 " 0x%x", HOSTILE_BAR1 + below(5) * 16 + 12,
	   below(2));
	cfg_write(0x04, below(8) ? 0x6 : 0x406);	/* sometimes INTx disabled */
}

/* Mangled images, bad requests, and now and then the good firmware. */
static void step_firmware(void)
{
	static const uint64_t addrs[] = { HOSTILE_UNMAPPED, HOSTILE_BAR0,
					  HOSTILE_MSI_ADDR, ~0ull - 8,
					  HOSTILE_CANARY_LO };
	uint8_t img[sizeof(h.fw)];
	unsigned int i, n;

	uint64_t code[HOSTILE_PROG_WORDS];

	switch (below(6)) {
	case 0:
		fw_request(addrs[below(sizeof(addrs) / sizeof(addrs[0]))],
			   garbage_value());
		break;
	case 4:
		prog_request(below(2) ? HOSTILE_PROG :
			     addrs[below(sizeof(addrs) / sizeof(addrs[0]))],
			     below(2) ? garbage_value() : below(HOSTILE_PROG_WORDS + 1),
			     garbage_value());
		break;
	case 5:
		/* random words, some of them a real `ret a15` or short br */
		for (i = 0, n = 1 + below(HOSTILE_PROG_WORDS); i < n; i++)
			code[i] = below(4) ? rnd() : below(2) ? HOSTILE_RET_A15 :
				  HOSTILE_BR(below(2 * n));
		if (below(8))
			prog_load(code, n);
		else
			prog_unload();
		qt("clock_step 100000");
		break;
	case 1:
		reg_wr(XNIC_REG_MBOX_LEN, garbage_value());
		reg_wr(XNIC_REG_MBOX_CMD, below(2) ? XNIC_MBOX_CMD_FW_CAPS :
			garbage_value());
		break;
	case 2:
		memcpy(img, h.fw, h.fw_len);
		for (i = 0, n = 1 + below(8); i < n; i++)
			img[below(h.fw_len)] = rnd();
		fw_load(img, below(8) ? h.fw_len : below(h.fw_len));
		qt("clock_step 100000");
		break;
	default:
		fw_load_good();
		break;
	}
}

static uint8_t hostile_msix_cap(void)
{
	uint8_t p = cfg_read(0x34) & 0xff;

	while (p) {
		uint32_t w = cfg_read(p);

		if ((w & 0xff) == 0x11)
			return p;
		p = (w >> 8) & 0xff;
	}
	hostile_fail("no MSI-X capability");
	return 0;
}

static void step_msix_toggle(uint8_t cap)
{
	uint32_t w = cfg_read(cap);

	cfg_write(cap, below(2) ? (w | 1u << 31) : (w & ~(1u << 31)));
}

static void hostile_steps(unsigned int n)
{
	uint8_t cap = hostile_msix_cap();
	unsigned int i;

	for (i = 0; i < n; i++) {
		switch (below(13)) {
		case 0: case 1: case 2: case 3: step_register(); break;
		case 12: step_firmware(); break;
		case 4: case 5: step_descriptors(); break;
		case 6: step_ring(); break;
		case 7: case 8: step_traffic(); break;
		case 9: step_msix(); break;
		case 10: step_msix_toggle(cap); break;
		default: reg_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE); break;
		}
	}
}

/* ---- canaries ---- */

static void canary_fill(void)
{
	unsigned int q, s;

	qt("memset 0x%" PRIx64 " 0x%" PRIx64 " 0x%x", HOSTILE_CANARY_LO,
	   HOSTILE_CANARY_LO_END - HOSTILE_CANARY_LO, HOSTILE_CANARY);
	qt("memset 0x%" PRIx64 " 0x%" PRIx64 " 0x%x", HOSTILE_CANARY_HI,
	   HOSTILE_CANARY_HI_END - HOSTILE_CANARY_HI, HOSTILE_CANARY);
	for (q = 0; q < HOSTILE_QUEUES; q++)
		for (s = 0; s < HOSTILE_SLOTS; s++)
			qt("memset 0x%" PRIx64 " 0x%" PRIx64 " 0x%x",
			   slot_addr(q, XNIC_Q_RX_BASE_LO, s), HOSTILE_SLOT,
			   HOSTILE_CANARY);
}

static void canary_check(uint64_t addr, uint64_t len, const char *what)
{
	static uint8_t buf[0x10000];
	uint64_t done, i;

	for (done = 0; done < len; done += sizeof(buf)) {
		uint64_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);

		mem_read(addr + done, buf, n);
		for (i = 0; i < n; i++)
			if (buf[i] != HOSTILE_CANARY)
				hostile_fail("%s: byte at 0x%" PRIx64 " is 0x%02x",
					     what, addr + done + i, buf[i]);
	}
}

/* Beyond what any descriptor allowed, RX slots must be untouched. */
static void canary_check_all(void)
{
	unsigned int q, s;

	canary_check(HOSTILE_CANARY_LO, HOSTILE_CANARY_LO_END - HOSTILE_CANARY_LO,
		     "low canary");
	canary_check(HOSTILE_CANARY_HI, HOSTILE_CANARY_HI_END - HOSTILE_CANARY_HI,
		     "high canary");
	for (q = 0; q < HOSTILE_QUEUES; q++) {
		for (s = 0; s < HOSTILE_SLOTS; s++) {
			uint32_t used = h.rx_named[q][s];

			if (used > HOSTILE_MAX_RX_FRAME)
				used = HOSTILE_MAX_RX_FRAME;
			canary_check(slot_addr(q, XNIC_Q_RX_BASE_LO, s) + used,
				     HOSTILE_SLOT - used, "RX slot tail");
		}
	}
}

static unsigned int count_log_lines(const char *log, const char *needle)
{
	FILE *f = fopen(log, "r");
	char line[512];
	unsigned int n = 0;

	if (!f)
		hostile_fail("no QEMU log %s", log);
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

int main(void)
{
	const char *qemu = getenv("XNIC_QEMU");
	const char *seed = getenv("XNIC_HOSTILE_SEED");
	const char *steps_env = getenv("XNIC_HOSTILE_STEPS");
	unsigned int steps;
	char log[] = "/tmp/xnic-hostile-XXXXXX";
	unsigned int errors;
	uint32_t tx_frames;
	uint64_t first_seed;
	int fd;

	/* The project builds this QEMU (scripts/build-qemu.sh): its absence is
	 * a failure, not a skip.  `make check` sets XNIC_QEMU. */
	if (!qemu || !*qemu)
		hostile_fail("XNIC_QEMU is not set: run `make check`, or set "
			     "XNIC_QEMU=${XNIC_CACHE:-$HOME/.cache/xnic}/qemu-system-x86_64 "
			     "(built by scripts/build-qemu.sh)");
	if (access(qemu, X_OK))
		hostile_fail("XNIC_QEMU=%s: %s (build it with scripts/build-qemu.sh)",
			     qemu, strerror(errno));
	fd = mkstemp(log);
	if (fd < 0)
		hostile_fail("mkstemp: %s", strerror(errno));
	close(fd);
	signal(SIGPIPE, SIG_IGN);
	first_seed = seed ? strtoull(seed, NULL, 0) : 0x2545f4914f6cdd1dull;
	h.rng = first_seed ? first_seed : 1;	/* xorshift needs non-zero */
	steps = steps_env ? strtoul(steps_env, NULL, 0) : HOSTILE_STEPS;
	hostile_start(qemu, log);
	hostile_find_card();
	hostile_map_card();
	canary_fill();
	fw_read_image();
	fw_load_good();
	hostile_data_path();
	hostile_watchdog();
	hostile_programs();
	hostile_maps();
	hostile_steps(steps);
	tx_frames = reg_rd(XNIC_REG_WIRE_TX_FRAMES);
	reg_wr(XNIC_REG_CTRL, XNIC_CTRL_RESET);
	if (reg_rd(XNIC_REG_ID) != XNIC_ID_MAGIC)
		hostile_fail("card no longer answers");
	canary_check_all();
	errors = count_log_lines(log, "xnic: ");
	printf("%u steps, seed 0x%" PRIx64 ", %u guest errors logged, "
	       "%u TX frames on the wire\n", steps, first_seed, errors,
	       tx_frames);
	/* What `scripts/asan.sh long` adds up over its seeds. */
	printf("hostile operations: %u\n", steps + HOSTILE_MAP_OPS);
	if (errors < 100)
		hostile_fail("only %u guest errors logged: garbage did not land",
			     errors);
	if (!count_log_lines(log, "firmware refused") ||
	    !count_log_lines(log, "program refused") ||
	    !count_log_lines(log, "map operation refused") ||
	    !count_log_lines(log, "firmware stopped (watchdog)") ||
	    !count_log_lines(log, "VREC_POP with no verdict record waiting"))
		hostile_fail("no refused firmware, program or map operation, no watchdog stop or no empty VREC_POP in the log");
	hostile_stop();
	unlink(log);
	printf("PASS\n");
	return 0;
}
