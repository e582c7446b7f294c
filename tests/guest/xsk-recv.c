// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xsk-recv: a minimal AF_XDP receiver for the guest XDP tests, on the
 * kernel's UAPI alone (no libxdp in the guest).  It binds one copy-mode
 * socket per RX queue, enters each in an XSKMAP pinned by the test (key =
 * queue), and writes the frames it receives to a pcap file.
 *
 *   xsk-recv IFACE QUEUES XSKMAP_PIN COUNT OUT.pcap TIMEOUT_MS
 *
 * Exits 0 once COUNT frames arrived, 1 on timeout or error.  Built static
 * by scripts/build-guest.sh.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <poll.h>
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

#define XSK_FRAMES	64
#define XSK_FRAME_SIZE	4096
#define XSK_RING	64	/* entries of the fill and RX rings */
#define XSK_MAX_QUEUES	16

/* One side of a ring: the kernel's producer/consumer words and entries */
struct xsk_ring {
	uint32_t *producer;
	uint32_t *consumer;
	void *entries;
};

struct xsk {
	int fd;
	uint8_t *umem;
	struct xsk_ring fill;
	struct xsk_ring rx;
};

static int die(const char *what)
{
	fprintf(stderr, "xsk-recv: %s: %s\n", what, strerror(errno));
	return 1;
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
			off_t pgoff, size_t entry, struct xsk_ring *ring)
{
	uint8_t *map = mmap(NULL, off->desc + XSK_RING * entry,
			    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
			    fd, pgoff);

	if (map == MAP_FAILED)
		return -1;
	ring->producer = (uint32_t *)(map + off->producer);
	ring->consumer = (uint32_t *)(map + off->consumer);
	ring->entries = map + off->desc;
	return 0;
}

/* Gives the kernel every frame of the umem to fill. */
static void xsk_fill_all(struct xsk *x)
{
	uint64_t *addrs = x->fill.entries;
	uint32_t i;

	for (i = 0; i < XSK_FRAMES && i < XSK_RING; i++)
		addrs[i] = (uint64_t)i * XSK_FRAME_SIZE;
	__atomic_store_n(x->fill.producer, i, __ATOMIC_RELEASE);
}

static int xsk_open(struct xsk *x, unsigned int ifindex, uint32_t queue,
		    const char *pin)
{
	struct xdp_umem_reg reg = { .len = XSK_FRAMES * XSK_FRAME_SIZE,
				    .chunk_size = XSK_FRAME_SIZE };
	struct sockaddr_xdp sxdp = { .sxdp_family = AF_XDP,
				     .sxdp_flags = XDP_COPY,
				     .sxdp_ifindex = ifindex,
				     .sxdp_queue_id = queue };
	struct xdp_mmap_offsets off;
	socklen_t optlen = sizeof(off);
	int ring = XSK_RING;

	x->fd = socket(AF_XDP, SOCK_RAW, 0);
	if (x->fd < 0)
		return die("socket(AF_XDP)");
	x->umem = mmap(NULL, reg.len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (x->umem == MAP_FAILED)
		return die("mmap umem");
	reg.addr = (uintptr_t)x->umem;
	if (setsockopt(x->fd, SOL_XDP, XDP_UMEM_REG, &reg, sizeof(reg)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_FILL_RING, &ring, sizeof(ring)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &ring, sizeof(ring)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_RX_RING, &ring, sizeof(ring)))
		return die("setsockopt(SOL_XDP)");
	if (getsockopt(x->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &optlen))
		return die("getsockopt(XDP_MMAP_OFFSETS)");
	if (xsk_ring_map(x->fd, &off.fr, XDP_UMEM_PGOFF_FILL_RING,
			 sizeof(uint64_t), &x->fill) ||
	    xsk_ring_map(x->fd, &off.rx, XDP_PGOFF_RX_RING,
			 sizeof(struct xdp_desc), &x->rx))
		return die("mmap rings");
	xsk_fill_all(x);
	if (bind(x->fd, (struct sockaddr *)&sxdp, sizeof(sxdp)))
		return die("bind (copy mode)");
	if (xsk_map_enter(pin, queue, x->fd))
		return die("XSKMAP update");
	return 0;
}

static void pcap_put32(FILE *f, uint32_t v)
{
	fwrite(&v, sizeof(v), 1, f);
}

/* Moves received frames to the pcap and their buffers back to fill. */
static unsigned int xsk_drain(struct xsk *x, FILE *out)
{
	uint32_t prod = __atomic_load_n(x->rx.producer, __ATOMIC_ACQUIRE);
	uint32_t cons = *x->rx.consumer;
	uint32_t fill = *x->fill.producer;
	struct xdp_desc *descs = x->rx.entries;
	uint64_t *addrs = x->fill.entries;
	unsigned int n = 0;

	for (; cons != prod; cons++, n++) {
		struct xdp_desc *d = &descs[cons & (XSK_RING - 1)];

		pcap_put32(out, n);
		pcap_put32(out, 0);
		pcap_put32(out, d->len);
		pcap_put32(out, d->len);
		fwrite(x->umem + d->addr, 1, d->len, out);
		addrs[fill++ & (XSK_RING - 1)] = d->addr & ~(uint64_t)(XSK_FRAME_SIZE - 1);
	}
	__atomic_store_n(x->rx.consumer, cons, __ATOMIC_RELEASE);
	__atomic_store_n(x->fill.producer, fill, __ATOMIC_RELEASE);
	return n;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	struct xsk xsks[XSK_MAX_QUEUES];
	struct pollfd pfd[XSK_MAX_QUEUES];
	unsigned int ifindex, queues, want, got = 0, q;
	long deadline;
	FILE *out;

	if (argc != 7) {
		fprintf(stderr, "usage: xsk-recv IFACE QUEUES XSKMAP_PIN COUNT OUT.pcap TIMEOUT_MS\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	queues = atoi(argv[2]);
	want = atoi(argv[4]);
	deadline = now_ms() + atol(argv[6]);
	if (!ifindex || !queues || queues > XSK_MAX_QUEUES) {
		fprintf(stderr, "xsk-recv: bad interface %s or queue count %s\n",
			argv[1], argv[2]);
		return 2;
	}
	out = fopen(argv[5], "wb");
	if (!out)
		return die(argv[5]);
	/* pcap header: LINKTYPE_ETHERNET, microsecond stamps */
	pcap_put32(out, 0xa1b2c3d4);
	pcap_put32(out, 2 | 4 << 16);
	pcap_put32(out, 0);
	pcap_put32(out, 0);
	pcap_put32(out, 65535);
	pcap_put32(out, 1);
	for (q = 0; q < queues; q++) {
		if (xsk_open(&xsks[q], ifindex, q, argv[3]))
			return 1;
		pfd[q] = (struct pollfd){ .fd = xsks[q].fd, .events = POLLIN };
	}
	printf("xsk-recv: %u copy-mode sockets bound on %s\n", queues, argv[1]);
	fflush(stdout);
	while (got < want && now_ms() < deadline) {
		poll(pfd, queues, 100);
		for (q = 0; q < queues; q++)
			got += xsk_drain(&xsks[q], out);
	}
	fclose(out);
	printf("xsk-recv: %u frames\n", got);
	return got >= want ? 0 : 1;
}
