// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xsk-test: AF_XDP sockets for the guest tests, on the kernel's UAPI alone
 * (no libxdp in the guest).  It binds one socket per queue, each in the
 * mode asked for (copy, zero-copy or the driver's choice), enters each in
 * an XSKMAP pinned by the test (key = queue), receives frames into one
 * pcap (in the order it drains the sockets), then sends the frames of a pcap on each socket in turn and
 * waits for their completions.  Options drive the ring corner cases the
 * tests need: a short fill ring, an RX ring left unread, a short TX ring,
 * need_wakeup.  --tx-meta gives the frames sent AF_XDP TX metadata
 * (Linux 6.8+): a completion timestamp, a checksum request.  --sg binds
 * for multi-buffer packets (XDP_USE_SG, Linux 6.6+): a packet spans UMEM
 * frames, every descriptor but its last with XDP_PKT_CONTD.
 *
 *   xsk-test [OPTIONS] IFACE Q[:MODE][,Q[:MODE]...]     MODE: copy | zc | any
 *
 * See usage() for the options.  Exits 0 when every socket received and
 * sent what was asked, 1 on timeout or error (a failed bind prints the
 * errno by name), 2 on bad usage.  Built static by scripts/build-guest.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <linux/bpf.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef SOL_XDP
#define SOL_XDP 283
#endif

#define XSK_MAX_QUEUES	16
#define XSK_MAX_FRAME	65535

/*
 * AF_XDP TX metadata, Linux 6.8's UAPI (include/uapi/linux/if_xdp.h),
 * which the host's 6.1 headers this is built with lack.
 */
#ifndef XDP_UMEM_TX_METADATA_LEN
#define XDP_UMEM_TX_METADATA_LEN	(1 << 2)	/* xdp_umem_reg.flags */
#define XDP_TX_METADATA			(1 << 1)	/* xdp_desc.options */
#define XDP_TXMD_FLAGS_TIMESTAMP	(1 << 0)
#define XDP_TXMD_FLAGS_CHECKSUM		(1 << 1)
struct xsk_tx_metadata {
	__u64 flags;
	union {
		struct {
			__u16 csum_start;	/* from the frame's start */
			__u16 csum_offset;	/* from csum_start */
		} request;
		struct {
			__u64 tx_timestamp;
		} completion;
	};
};
#endif
/* struct xdp_umem_reg with 6.8's tx_metadata_len, 6.1's padding */
struct xsk_umem_reg {
	__u64 addr;
	__u64 len;
	__u32 chunk_size;
	__u32 headroom;
	__u32 flags;
	__u32 tx_metadata_len;
};
/* Multi-buffer AF_XDP, Linux 6.6's UAPI */
#ifndef XDP_USE_SG
#define XDP_USE_SG	(1 << 4)	/* sockaddr_xdp.sxdp_flags */
#define XDP_PKT_CONTD	(1 << 0)	/* xdp_desc.options */
#endif

/* Metadata bytes in front of each frame sent with --tx-meta */
#define XSK_TXMD_LEN	sizeof(struct xsk_tx_metadata)

/* What --tx-meta asks for one frame: with_meta false sends it without */
struct tx_meta_plan {
	bool with_meta;
	uint64_t flags;		/* XDP_TXMD_FLAGS_* */
	uint16_t csum_start, csum_offset;
};

/* One side of a ring: the kernel's producer/consumer/flags words, entries */
struct xsk_ring {
	uint32_t *producer;
	uint32_t *consumer;
	uint32_t *flags;
	void *entries;
	uint32_t size;
};

enum xsk_mode { XSK_COPY, XSK_ZC, XSK_ANY };

struct xsk {
	int fd;
	uint32_t queue;
	enum xsk_mode mode;
	bool zerocopy;		/* what the kernel bound, XDP_OPTIONS */
	uint8_t *umem;
	struct xsk_ring fill, rx, tx, comp;
	uint64_t *tx_free;	/* UMEM frames free for TX, a stack */
	uint32_t tx_nfree;
	uint32_t held;		/* received frames not yet given back to fill */
	uint64_t *held_addr;
	unsigned long got;
	unsigned int *tx_frame;	/* --tx-meta: per UMEM frame, which frame of
				 * --send it carries */
	uint8_t *pkt;		/* --sg: the packet being received */
	uint32_t pkt_len;
};

static struct {
	const char *map_pin;
	bool wakeup, hold, bench, sg;
	uint32_t frame_size, frames, ring, tx_ring, fill;
	unsigned long recv, repeat;
	const char *out, *send, *tx_meta;
	long timeout_ms, idle_ms;
} opt = {
	.frame_size = 4096, .frames = 512, .ring = 256, .repeat = 1,
	.timeout_ms = 60000,
};

static volatile sig_atomic_t released;
static FILE *pcap_out;

static void on_usr1(int sig)
{
	released = 1;
}

static int die(const char *what)
{
	fprintf(stderr, "xsk-test: %s: %s (%s)\n", what, strerror(errno),
		strerrorname_np(errno) ? strerrorname_np(errno) : "?");
	return -1;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bpf_call(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int xsk_map_enter(const char *pin, uint32_t queue, int fd)
{
	union bpf_attr attr;
	int map, err;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = (uintptr_t)pin;
	map = bpf_call(BPF_OBJ_GET, &attr);
	if (map < 0)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map;
	attr.key = (uintptr_t)&queue;
	attr.value = (uintptr_t)&fd;
	err = bpf_call(BPF_MAP_UPDATE_ELEM, &attr);
	close(map);
	return err;
}

static int xsk_ring_map(int fd, const struct xdp_ring_offset *off,
			off_t pgoff, uint32_t size, size_t entry,
			struct xsk_ring *ring)
{
	uint8_t *map = mmap(NULL, off->desc + size * entry,
			    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
			    fd, pgoff);

	if (map == MAP_FAILED)
		return -1;
	ring->producer = (uint32_t *)(map + off->producer);
	ring->consumer = (uint32_t *)(map + off->consumer);
	ring->flags = (uint32_t *)(map + off->flags);
	ring->entries = map + off->desc;
	ring->size = size;
	return 0;
}

static bool ring_needs_wakeup(const struct xsk_ring *r)
{
	return __atomic_load_n(r->flags, __ATOMIC_ACQUIRE) & XDP_RING_NEED_WAKEUP;
}

/* RX frames are the lower half of the UMEM, TX frames the upper half */
static uint32_t rx_frames(void)
{
	return opt.frames / 2;
}

static void fill_put(struct xsk *x, const uint64_t *addrs, uint32_t n)
{
	uint64_t *ring = x->fill.entries;
	uint32_t prod = *x->fill.producer, i;

	for (i = 0; i < n; i++)
		ring[prod++ & (x->fill.size - 1)] = addrs[i];
	__atomic_store_n(x->fill.producer, prod, __ATOMIC_RELEASE);
}

/* The need_wakeup protocol: kick the driver when the ring asks for it */
static void rx_wakeup(struct xsk *x)
{
	if (!opt.wakeup || ring_needs_wakeup(&x->fill))
		recvfrom(x->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
}

static void xsk_fill_initial(struct xsk *x)
{
	uint32_t n = opt.fill ? opt.fill : rx_frames(), i;
	uint64_t addrs[n];

	for (i = 0; i < n; i++)
		addrs[i] = (uint64_t)i * opt.frame_size;
	fill_put(x, addrs, n);
	/* With --fill the rest waits for SIGUSR1 (see xsk_release) */
	for (; i < rx_frames(); i++)
		x->held_addr[x->held++] = (uint64_t)i * opt.frame_size;
}

static const char *mode_name(enum xsk_mode m)
{
	return m == XSK_ZC ? "zero-copy" : m == XSK_COPY ? "copy" : "any";
}

static int xsk_open(struct xsk *x, unsigned int ifindex)
{
	struct xsk_umem_reg reg = { .len = (uint64_t)opt.frames * opt.frame_size,
				    .chunk_size = opt.frame_size };
	struct sockaddr_xdp sxdp = { .sxdp_family = AF_XDP,
				     .sxdp_ifindex = ifindex,
				     .sxdp_queue_id = x->queue };
	struct xdp_mmap_offsets off;
	struct xdp_options xopt;
	socklen_t optlen = sizeof(off);
	uint32_t fill = rx_frames(), i;
	char what[64];

	x->fd = socket(AF_XDP, SOCK_RAW, 0);
	if (x->fd < 0)
		return die("socket(AF_XDP)");
	x->umem = mmap(NULL, reg.len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	x->held_addr = calloc(opt.frames, sizeof(uint64_t));
	x->tx_free = calloc(opt.frames, sizeof(uint64_t));
	x->tx_frame = calloc(opt.frames, sizeof(unsigned int));
	x->pkt = malloc(XSK_MAX_FRAME);
	if (x->umem == MAP_FAILED || !x->held_addr || !x->tx_free || !x->tx_frame ||
	    !x->pkt)
		return die("UMEM");
	reg.addr = (uintptr_t)x->umem;
	if (opt.tx_meta) {
		reg.flags |= XDP_UMEM_TX_METADATA_LEN;
		reg.tx_metadata_len = XSK_TXMD_LEN;
	}
	if (setsockopt(x->fd, SOL_XDP, XDP_UMEM_REG, &reg, sizeof(reg)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_FILL_RING, &fill, sizeof(fill)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &opt.tx_ring,
		       sizeof(opt.tx_ring)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_RX_RING, &opt.ring, sizeof(opt.ring)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_TX_RING, &opt.tx_ring, sizeof(opt.tx_ring)))
		return die("setsockopt(SOL_XDP)");
	if (getsockopt(x->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &optlen))
		return die("getsockopt(XDP_MMAP_OFFSETS)");
	if (xsk_ring_map(x->fd, &off.fr, XDP_UMEM_PGOFF_FILL_RING, fill,
			 sizeof(uint64_t), &x->fill) ||
	    xsk_ring_map(x->fd, &off.cr, XDP_UMEM_PGOFF_COMPLETION_RING,
			 opt.tx_ring, sizeof(uint64_t), &x->comp) ||
	    xsk_ring_map(x->fd, &off.rx, XDP_PGOFF_RX_RING, opt.ring,
			 sizeof(struct xdp_desc), &x->rx) ||
	    xsk_ring_map(x->fd, &off.tx, XDP_PGOFF_TX_RING, opt.tx_ring,
			 sizeof(struct xdp_desc), &x->tx))
		return die("mmap rings");
	for (i = rx_frames(); i < opt.frames; i++)
		x->tx_free[x->tx_nfree++] = (uint64_t)i * opt.frame_size;
	xsk_fill_initial(x);
	sxdp.sxdp_flags = (x->mode == XSK_ZC ? XDP_ZEROCOPY : 0) |
			  (x->mode == XSK_COPY ? XDP_COPY : 0) |
			  (opt.wakeup ? XDP_USE_NEED_WAKEUP : 0) |
			  (opt.sg ? XDP_USE_SG : 0);
	if (bind(x->fd, (struct sockaddr *)&sxdp, sizeof(sxdp))) {
		snprintf(what, sizeof(what), "bind queue %u (%s)", x->queue,
			 mode_name(x->mode));
		return die(what);
	}
	optlen = sizeof(xopt);
	if (getsockopt(x->fd, SOL_XDP, XDP_OPTIONS, &xopt, &optlen))
		return die("getsockopt(XDP_OPTIONS)");
	x->zerocopy = xopt.flags & XDP_OPTIONS_ZEROCOPY;
	if (opt.map_pin && xsk_map_enter(opt.map_pin, x->queue, x->fd))
		return die("XSKMAP update");
	printf("xsk-test: queue %u bound in %s mode\n", x->queue,
	       x->zerocopy ? "zero-copy" : "copy");
	return 0;
}

static void pcap_put32(FILE *f, uint32_t v)
{
	fwrite(&v, sizeof(v), 1, f);
}

static FILE *pcap_create(const char *path)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return NULL;
	/* LINKTYPE_ETHERNET, microsecond stamps */
	pcap_put32(f, 0xa1b2c3d4);
	pcap_put32(f, 2 | 4 << 16);
	pcap_put32(f, 0);
	pcap_put32(f, 0);
	pcap_put32(f, 65535);
	pcap_put32(f, 1);
	return f;
}

/*
 * A descriptor's bytes onto the packet being received; returns true when
 * it ends the packet (a multi-buffer one's last descriptor has no
 * XDP_PKT_CONTD), which then goes to the pcap.
 */
static void pcap_packet(unsigned long seq, const uint8_t *data, uint32_t len)
{
	if (!pcap_out)
		return;
	pcap_put32(pcap_out, seq);
	pcap_put32(pcap_out, 0);
	pcap_put32(pcap_out, len);
	pcap_put32(pcap_out, len);
	fwrite(data, 1, len, pcap_out);
}

static bool xsk_rx_part(struct xsk *x, const struct xdp_desc *d, unsigned long seq)
{
	uint32_t len = d->len;

	/* a packet in one descriptor needs no copy */
	if (!x->pkt_len && !(d->options & XDP_PKT_CONTD)) {
		pcap_packet(seq, x->umem + d->addr, len);
		return true;
	}
	if (len > XSK_MAX_FRAME - x->pkt_len)
		len = XSK_MAX_FRAME - x->pkt_len;
	memcpy(x->pkt + x->pkt_len, x->umem + d->addr, len);
	x->pkt_len += len;
	if (d->options & XDP_PKT_CONTD)
		return false;
	pcap_packet(seq, x->pkt, x->pkt_len);
	x->pkt_len = 0;
	return true;
}

/* Moves received packets to the pcap and their buffers back to fill. */
static unsigned int xsk_drain(struct xsk *x)
{
	uint32_t prod = __atomic_load_n(x->rx.producer, __ATOMIC_ACQUIRE);
	uint32_t cons = *x->rx.consumer;
	struct xdp_desc *descs = x->rx.entries;
	unsigned int n = 0;

	for (; cons != prod; cons++) {
		struct xdp_desc *d = &descs[cons & (x->rx.size - 1)];
		uint64_t base = d->addr & ~(uint64_t)(opt.frame_size - 1);

		n += xsk_rx_part(x, d, x->got + n);
		if (opt.fill && !released)
			x->held_addr[x->held++] = base;
		else
			fill_put(x, &base, 1);
	}
	__atomic_store_n(x->rx.consumer, cons, __ATOMIC_RELEASE);
	x->got += n;
	return n;
}

/* SIGUSR1: frames held back (--fill, --hold) go to the kernel now. */
static void xsk_release(struct xsk *x)
{
	if (opt.fill)
		printf("xsk-test: queue %u fill ring asked for a wakeup: %s\n",
		       x->queue, ring_needs_wakeup(&x->fill) ? "yes" : "no");
	fill_put(x, x->held_addr, x->held);
	x->held = 0;
	rx_wakeup(x);
}

static void xsk_print_stats(struct xsk *x)
{
	struct xdp_statistics st;
	socklen_t len = sizeof(st);

	if (getsockopt(x->fd, SOL_XDP, XDP_STATISTICS, &st, &len)) {
		die("getsockopt(XDP_STATISTICS)");
		return;
	}
	printf("xsk-test: queue %u stats rx_dropped=%llu rx_ring_full=%llu rx_fill_ring_empty=%llu rx_invalid=%llu tx_invalid=%llu\n",
	       x->queue, (unsigned long long)st.rx_dropped,
	       (unsigned long long)st.rx_ring_full,
	       (unsigned long long)st.rx_fill_ring_empty_descs,
	       (unsigned long long)st.rx_invalid_descs,
	       (unsigned long long)st.tx_invalid_descs);
}

static unsigned long received(struct xsk *xs, unsigned int n)
{
	unsigned long got = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		got += xs[i].got;
	return got;
}

static int receive(struct xsk *xs, unsigned int n, long deadline)
{
	struct pollfd pfd[XSK_MAX_QUEUES];
	bool was_released = false;
	double t0 = 0, t1 = 0;
	unsigned int i;
	long last = 0;

	for (i = 0; i < n; i++)
		pfd[i] = (struct pollfd){ .fd = xs[i].fd, .events = POLLIN };
	while (received(xs, n) < opt.recv && now_ms() < deadline &&
	       !(opt.idle_ms && last && now_ms() - last > opt.idle_ms)) {
		if (released && !was_released) {
			was_released = true;
			for (i = 0; i < n; i++)
				xsk_release(&xs[i]);
			fflush(stdout);
		}
		/* poll() is also the RX wakeup of the need_wakeup protocol */
		poll(pfd, n, 100);
		if (opt.hold && !released)
			continue;
		for (i = 0; i < n; i++) {
			unsigned int got = xsk_drain(&xs[i]);

			if (got && !t0)
				t0 = now_s();
			if (got) {
				t1 = now_s();
				last = now_ms();
			}
		}
	}
	for (i = 0; i < n; i++) {
		printf("xsk-test: queue %u received %lu frames\n", xs[i].queue,
		       xs[i].got);
		xsk_print_stats(&xs[i]);
	}
	if (opt.bench && t1 > t0)
		printf("xsk-test: bench rx %s %lu frames in %.3f s: %.0f frames/s\n",
		       xs[0].zerocopy ? "zero-copy" : "copy", xs[0].got - 1,
		       t1 - t0, (xs[0].got - 1) / (t1 - t0));
	return received(xs, n) >= opt.recv ? 0 : -1;
}

/* The frames of a pcap, read whole */
struct frames {
	uint8_t *buf;
	uint32_t *off, *len;
	unsigned int n;
};

static int pcap_load(const char *path, struct frames *f)
{
	FILE *in = fopen(path, "rb");
	uint32_t hdr[6], rec[4];
	size_t cap = 0, used = 0;

	memset(f, 0, sizeof(*f));
	if (!in || fread(hdr, sizeof(hdr), 1, in) != 1 || hdr[0] != 0xa1b2c3d4)
		return die(path);
	while (fread(rec, sizeof(rec), 1, in) == 1) {
		if (rec[2] > XSK_MAX_FRAME)
			return die("frame too long in pcap");
		if (used + rec[2] > cap) {
			cap = 2 * (cap + rec[2]);
			f->buf = realloc(f->buf, cap);
		}
		f->off = realloc(f->off, (f->n + 1) * sizeof(uint32_t));
		f->len = realloc(f->len, (f->n + 1) * sizeof(uint32_t));
		if (!f->buf || !f->off || !f->len ||
		    fread(f->buf + used, 1, rec[2], in) != rec[2])
			return die(path);
		f->off[f->n] = used;
		f->len[f->n++] = rec[2];
		used += rec[2];
	}
	fclose(in);
	return 0;
}

/*
 * --tx-meta: a completed frame's TX timestamp, if it asked for one, as
 * "xsk-test: tx-meta frame K ts NS" (0: the driver had none)
 */
static void tx_meta_report(struct xsk *x, const struct tx_meta_plan *plan,
			   uint64_t addr)
{
	unsigned int k = x->tx_frame[addr / opt.frame_size];
	const struct xsk_tx_metadata *meta =
		(const void *)(x->umem + addr - XSK_TXMD_LEN);

	if (plan[k].with_meta && (plan[k].flags & XDP_TXMD_FLAGS_TIMESTAMP))
		printf("xsk-test: tx-meta frame %u ts %llu\n", k,
		       (unsigned long long)meta->completion.tx_timestamp);
}

/*
 * --tx-meta FILE: one line per frame of --send, "none" (no metadata) or
 * "meta" followed by "ts" (a completion timestamp) and/or "csum START
 * OFFSET" (a checksum request)
 */
static struct tx_meta_plan *tx_meta_load(const char *path, unsigned int n)
{
	struct tx_meta_plan *plan = calloc(n, sizeof(*plan));
	FILE *in = fopen(path, "r");
	char line[128], *tok, *save;
	unsigned int k = 0;

	if (!plan || !in)
		return die(path), NULL;
	while (k < n && fgets(line, sizeof(line), in)) {
		struct tx_meta_plan *p = &plan[k++];

		tok = strtok_r(line, " \n", &save);
		p->with_meta = tok && !strcmp(tok, "meta");
		while (p->with_meta && (tok = strtok_r(NULL, " \n", &save))) {
			if (!strcmp(tok, "ts")) {
				p->flags |= XDP_TXMD_FLAGS_TIMESTAMP;
			} else if (!strcmp(tok, "csum")) {
				p->flags |= XDP_TXMD_FLAGS_CHECKSUM;
				p->csum_start = strtoul(strtok_r(NULL, " ", &save) ?: "", NULL, 0);
				p->csum_offset = strtoul(strtok_r(NULL, " \n", &save) ?: "", NULL, 0);
			}
		}
	}
	fclose(in);
	if (k < n) {
		fprintf(stderr, "xsk-test: %s: %u lines for %u frames\n", path, k, n);
		return NULL;
	}
	return plan;
}

/* Completed TX frames go back to the free list. */
static uint32_t comp_drain(struct xsk *x, const struct tx_meta_plan *plan)
{
	uint32_t prod = __atomic_load_n(x->comp.producer, __ATOMIC_ACQUIRE);
	uint32_t cons = *x->comp.consumer, n = 0;
	uint64_t *addrs = x->comp.entries;

	for (; cons != prod; cons++, n++) {
		uint64_t addr = addrs[cons & (x->comp.size - 1)];

		if (plan)
			tx_meta_report(x, plan, addr);
		/* the frame's UMEM chunk; with --tx-meta addr is past its start */
		x->tx_free[x->tx_nfree++] = addr - addr % opt.frame_size;
	}
	__atomic_store_n(x->comp.consumer, cons, __ATOMIC_RELEASE);
	return n;
}

/* The need_wakeup protocol for TX; copy mode always needs the syscall */
static void tx_kick(struct xsk *x)
{
	if (!x->zerocopy || !opt.wakeup || ring_needs_wakeup(&x->tx))
		sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
}

/*
 * --tx-meta: frame @k's metadata in front of it at @addr, and the
 * descriptor option that says it is there
 */
static uint32_t tx_meta_put(struct xsk *x, const struct tx_meta_plan *plan,
			    unsigned int k, uint64_t addr)
{
	struct xsk_tx_metadata *meta = (void *)(x->umem + addr - XSK_TXMD_LEN);

	x->tx_frame[addr / opt.frame_size] = k;
	if (!plan[k].with_meta)
		return 0;
	memset(meta, 0, sizeof(*meta));
	meta->flags = plan[k].flags;
	meta->request.csum_start = plan[k].csum_start;
	meta->request.csum_offset = plan[k].csum_offset;
	return XDP_TX_METADATA;
}

/* Descriptors frame @k of @f takes: with --sg one per UMEM frame it fills */
static unsigned int tx_parts(const struct frames *f, unsigned int k)
{
	if (!opt.sg || f->len[k] <= opt.frame_size)
		return 1;
	return (f->len[k] + opt.frame_size - 1) / opt.frame_size;
}

/*
 * Sends every frame of @f, opt.repeat times: frames wait for room in the
 * TX ring (and free UMEM frames, which completions give back), then for
 * all completions, which come one per descriptor.
 */
static int xsk_send(struct xsk *x, const struct frames *f,
		    const struct tx_meta_plan *plan, long deadline)
{
	unsigned long total = 0, queued = 0, done = 0, ring_full = 0, next = 0;
	struct xdp_desc *descs = x->tx.entries;
	double t0 = now_s();
	unsigned int k, part = 0;

	for (k = 0; k < f->n; k++)
		total += tx_parts(f, k);
	total *= opt.repeat;
	while (done < total && now_ms() < deadline) {
		uint32_t prod = *x->tx.producer;
		uint32_t cons = __atomic_load_n(x->tx.consumer, __ATOMIC_ACQUIRE);
		uint32_t start = prod;

		while (queued < total && x->tx_nfree &&
		       prod - cons < x->tx.size) {
			uint64_t addr = x->tx_free[--x->tx_nfree];
			uint32_t off = part * opt.frame_size, options = 0, len;
			unsigned int parts;

			k = next % f->n;
			parts = tx_parts(f, k);
			len = f->len[k] - off;
			if (plan) {
				addr += XSK_TXMD_LEN;
				options = tx_meta_put(x, plan, k, addr);
			}
			if (len > opt.frame_size - addr % opt.frame_size)
				len = opt.frame_size - addr % opt.frame_size;
			if (part + 1 < parts)
				options |= XDP_PKT_CONTD;
			memcpy(x->umem + addr, f->buf + f->off[k] + off, len);
			descs[prod & (x->tx.size - 1)] = (struct xdp_desc){
				.addr = addr, .len = len, .options = options,
			};
			prod++;
			queued++;
			if (++part == parts) {
				part = 0;
				next++;
			}
		}
		ring_full += queued < total && prod - cons == x->tx.size;
		if (prod != start)
			__atomic_store_n(x->tx.producer, prod, __ATOMIC_RELEASE);
		if (queued > done)
			tx_kick(x);
		done += comp_drain(x, plan);
	}
	printf("xsk-test: queue %u sent %lu of %lu %s, TX ring full %lu times\n",
	       x->queue, done, total, opt.sg ? "descriptors" : "frames", ring_full);
	if (opt.bench && done)
		printf("xsk-test: bench tx %s %lu frames in %.3f s: %.0f frames/s\n",
		       x->zerocopy ? "zero-copy" : "copy", done,
		       now_s() - t0, done / (now_s() - t0));
	return done == total ? 0 : -1;
}

static int parse_queues(char *list, struct xsk *xs, unsigned int *n)
{
	char *tok, *save;

	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');
		struct xsk *x = &xs[*n];

		if (*n == XSK_MAX_QUEUES)
			return -1;
		memset(x, 0, sizeof(*x));
		x->queue = atoi(tok);
		x->mode = XSK_COPY;
		if (colon && !strcmp(colon + 1, "zc"))
			x->mode = XSK_ZC;
		else if (colon && !strcmp(colon + 1, "any"))
			x->mode = XSK_ANY;
		else if (colon && strcmp(colon + 1, "copy"))
			return -1;
		(*n)++;
	}
	return *n ? 0 : -1;
}

static void usage(FILE *f)
{
	fputs("usage: xsk-test [OPTIONS] IFACE Q[:MODE][,Q[:MODE]...]   MODE: copy (default) | zc | any\n"
	      "  --map PIN        enter each socket in this pinned XSKMAP (key = queue)\n"
	      "  --wakeup         bind with XDP_USE_NEED_WAKEUP\n"
	      "  --frame-size N   UMEM chunk size (default 4096)\n"
	      "  --frames N       UMEM frames per socket, half for RX, half for TX (default 512)\n"
	      "  --ring N         RX, TX and completion ring entries (default 256)\n"
	      "  --tx-ring N      TX and completion ring entries (default: --ring)\n"
	      "  --fill N         give only N frames to the fill ring, and received frames\n"
	      "                   back only after SIGUSR1\n"
	      "  --hold           leave the RX ring unread until SIGUSR1\n"
	      "  --recv N         receive N frames (on all sockets together)\n"
	      "  --out FILE       write the received frames to a pcap\n"
	      "  --send FILE      then send FILE's frames on each socket in turn\n"
	      "  --repeat N       send FILE N times (default 1)\n"
	      "  --sg             multi-buffer packets (XDP_USE_SG): received ones are\n"
	      "                   put together, sent ones longer than a UMEM frame split\n"
	      "  --tx-meta FILE   AF_XDP TX metadata for the frames sent, a line each:\n"
	      "                   none | meta [ts] [csum START OFFSET]; prints each\n"
	      "                   completion timestamp asked for\n"
	      "  --timeout MS     give up after MS in all (default 60000)\n"
	      "  --idle MS        stop receiving MS after the last frame\n"
	      "  --bench          print frames/s of receiving and sending\n", f);
}

static int parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "map", required_argument, NULL, 'm' },
		{ "wakeup", no_argument, NULL, 'w' },
		{ "frame-size", required_argument, NULL, 'F' },
		{ "frames", required_argument, NULL, 'N' },
		{ "ring", required_argument, NULL, 'r' },
		{ "tx-ring", required_argument, NULL, 'T' },
		{ "fill", required_argument, NULL, 'f' },
		{ "hold", no_argument, NULL, 'H' },
		{ "recv", required_argument, NULL, 'R' },
		{ "out", required_argument, NULL, 'o' },
		{ "send", required_argument, NULL, 's' },
		{ "repeat", required_argument, NULL, 'n' },
		{ "tx-meta", required_argument, NULL, 'M' },
		{ "sg", no_argument, NULL, 'g' },
		{ "timeout", required_argument, NULL, 't' },
		{ "idle", required_argument, NULL, 'i' },
		{ "bench", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'm': opt.map_pin = optarg; break;
		case 'w': opt.wakeup = true; break;
		case 'F': opt.frame_size = atoi(optarg); break;
		case 'N': opt.frames = atoi(optarg); break;
		case 'r': opt.ring = atoi(optarg); break;
		case 'T': opt.tx_ring = atoi(optarg); break;
		case 'f': opt.fill = atoi(optarg); break;
		case 'H': opt.hold = true; break;
		case 'R': opt.recv = strtoul(optarg, NULL, 0); break;
		case 'o': opt.out = optarg; break;
		case 's': opt.send = optarg; break;
		case 'n': opt.repeat = strtoul(optarg, NULL, 0); break;
		case 'M': opt.tx_meta = optarg; break;
		case 'g': opt.sg = true; break;
		case 't': opt.timeout_ms = atol(optarg); break;
		case 'i': opt.idle_ms = atol(optarg); break;
		case 'b': opt.bench = true; break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (argc - optind != 2 || opt.fill > opt.frames / 2 ||
	    (opt.tx_meta && (!opt.send || opt.sg)))
		return -1;
	if (!opt.tx_ring)
		opt.tx_ring = opt.ring;
	return 0;
}

int main(int argc, char **argv)
{
	struct xsk xs[XSK_MAX_QUEUES];
	unsigned int ifindex, n = 0, i;
	struct tx_meta_plan *plan = NULL;
	struct frames frames;
	long deadline;
	int err = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_options(argc, argv) || parse_queues(argv[optind + 1], xs, &n)) {
		usage(stderr);
		return 2;
	}
	ifindex = if_nametoindex(argv[optind]);
	if (!ifindex) {
		fprintf(stderr, "xsk-test: no interface %s\n", argv[optind]);
		return 2;
	}
	if (opt.send && pcap_load(opt.send, &frames))
		return 1;
	if (opt.tx_meta && !(plan = tx_meta_load(opt.tx_meta, frames.n)))
		return 1;
	signal(SIGUSR1, on_usr1);
	deadline = now_ms() + opt.timeout_ms;
	if (opt.out) {
		pcap_out = pcap_create(opt.out);
		if (!pcap_out)
			return die(opt.out), 1;
	}
	for (i = 0; i < n; i++)
		if (xsk_open(&xs[i], ifindex))
			return 1;
	printf("xsk-test: %u sockets bound on %s\n", n, argv[optind]);
	if (opt.recv)
		err |= receive(xs, n, deadline);
	if (pcap_out)
		fclose(pcap_out);
	for (i = 0; opt.send && i < n; i++)
		err |= xsk_send(&xs[i], &frames, plan, deadline);
	return err ? 1 : 0;
}
