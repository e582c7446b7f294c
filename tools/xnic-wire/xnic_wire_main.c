// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic-wire: the far end of xnic's cable.
 *
 * On the host it speaks QEMU's dgram/socket netdev protocol (one Ethernet
 * frame per UDP datagram on 127.0.0.1); in the guest, built static, it
 * sends and captures on an interface through AF_PACKET.  Tests use it to
 * put frames from a pcap on the wire and to check, byte for byte, what
 * comes back.  See `xnic-wire --help` and docs/testing.md.
 */
#include "xnic_wire_pcap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define WIRE_MAX_FRAME	65536
/*
 * Receive buffer of a capture: a guest sending a burst (AF_XDP zero-copy
 * TX) outruns a capture on a loaded host, and the default buffer holds
 * only about 200 small datagrams.  The kernel caps it at rmem_max.
 */
#define WIRE_CAPTURE_RCVBUF	(4 << 20)

/* Where frames go to or come from: a UDP address or a guest interface. */
struct wire_endpoint {
	bool is_iface;
	struct sockaddr_in udp;
	int ifindex;
	const char *text;
};

struct wire_options {
	long count;		/* capture: stop after this many frames */
	long timeout_ms;	/* capture: stop after this long in all */
	long idle_ms;		/* capture: stop this long after the last frame */
	long gap_us;		/* send: pause between frames */
};

static volatile sig_atomic_t wire_stop;

static void wire_on_signal(int sig)
{
	wire_stop = 1;
}

static int wire_parse_endpoint(const char *text, struct wire_endpoint *ep)
{
	char host[64];
	unsigned port;

	memset(ep, 0, sizeof(*ep));
	ep->text = text;
	if (strncmp(text, "iface:", 6) == 0) {
		ep->is_iface = true;
		ep->ifindex = if_nametoindex(text + 6);
		if (!ep->ifindex) {
			fprintf(stderr, "xnic-wire: no interface %s\n", text + 6);
			return -1;
		}
		return 0;
	}
	if (sscanf(text, "udp:%63[^:]:%u", host, &port) != 2 || port > 65535 ||
	    inet_pton(AF_INET, host, &ep->udp.sin_addr) != 1) {
		fprintf(stderr, "xnic-wire: bad endpoint '%s' (want udp:IPv4:PORT or iface:NAME)\n",
			text);
		return -1;
	}
	ep->udp.sin_family = AF_INET;
	ep->udp.sin_port = htons(port);
	return 0;
}

/* A socket for @ep; @bind_it binds to it (capture) rather than sending to it. */
static int wire_open(const struct wire_endpoint *ep, bool bind_it)
{
	int fd;

	if (ep->is_iface) {
		struct sockaddr_ll sll = {
			.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
			.sll_ifindex = ep->ifindex,
		};

		fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
		if (fd >= 0 && bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
			close(fd);
			fd = -1;
		}
	} else {
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd >= 0 && bind_it &&
		    bind(fd, (const struct sockaddr *)&ep->udp, sizeof(ep->udp)) < 0) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0) {
		fprintf(stderr, "xnic-wire: %s: %s\n", ep->text, strerror(errno));
		return fd;
	}
	if (bind_it) {
		int size = WIRE_CAPTURE_RCVBUF;

		/* Best effort: a smaller buffer only makes losses likelier */
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	}
	return fd;
}

static long wire_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wire_send_frame(int fd, const struct wire_endpoint *ep, const uint8_t *f, size_t len)
{
	ssize_t n;

	if (ep->is_iface)
		n = send(fd, f, len, 0);
	else
		n = sendto(fd, f, len, 0, (const struct sockaddr *)&ep->udp, sizeof(ep->udp));
	return n == (ssize_t)len ? 0 : -1;
}

static int wire_cmd_send(const struct wire_endpoint *ep, const char *path,
			 const struct wire_options *o)
{
	static uint8_t frame[WIRE_MAX_FRAME];
	struct xnic_wire_pcap pf;
	long len, sent = 0;
	int fd;

	if (xnic_wire_pcap_open_read(&pf, path) < 0) {
		fprintf(stderr, "xnic-wire: %s: not a readable Ethernet pcap\n", path);
		return 2;
	}
	fd = wire_open(ep, false);
	if (fd < 0)
		return 2;
	while ((len = xnic_wire_pcap_read(&pf, frame, sizeof(frame))) > 0) {
		if (wire_send_frame(fd, ep, frame, len) < 0) {
			fprintf(stderr, "xnic-wire: sending frame %ld (%ld bytes): %s\n",
				sent, len, strerror(errno));
			break;
		}
		sent++;
		if (o->gap_us)
			usleep(o->gap_us);
	}
	if (len < 0)
		fprintf(stderr, "xnic-wire: %s: corrupt record after frame %ld\n", path, sent);
	xnic_wire_pcap_close(&pf);
	close(fd);
	printf("sent %ld frames\n", sent);
	return len == 0 ? 0 : 1;
}

/* Outgoing frames show up on an AF_PACKET socket too; keep only received ones. */
static long wire_receive(int fd, const struct wire_endpoint *ep, uint8_t *buf, size_t size)
{
	struct sockaddr_ll sll;
	socklen_t sl = sizeof(sll);
	ssize_t n;

	n = recvfrom(fd, buf, size, 0, (struct sockaddr *)&sll, &sl);
	if (n > 0 && ep->is_iface && sll.sll_pkttype == PACKET_OUTGOING)
		return 0;
	return n;
}

/* How long poll() may wait before some stop condition is due. */
static long wire_capture_wait(const struct wire_options *o, long start, long last, long now)
{
	long wait = 200;

	if (o->timeout_ms && start + o->timeout_ms - now < wait)
		wait = start + o->timeout_ms - now;
	if (o->idle_ms && last && last + o->idle_ms - now < wait)
		wait = last + o->idle_ms - now;
	return wait < 0 ? 0 : wait;
}

static int wire_cmd_capture(const struct wire_endpoint *ep, const char *path,
			    const struct wire_options *o)
{
	static uint8_t frame[WIRE_MAX_FRAME];
	long start = wire_now_ms(), last = 0, got = 0;
	struct xnic_wire_pcap pf;
	struct pollfd pfd;
	int fd;

	fd = wire_open(ep, true);
	if (fd < 0)
		return 2;
	if (xnic_wire_pcap_open_write(&pf, path) < 0) {
		fprintf(stderr, "xnic-wire: %s: %s\n", path, strerror(errno));
		return 2;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!wire_stop && (!o->count || got < o->count)) {
		long now = wire_now_ms();

		if ((o->timeout_ms && now - start >= o->timeout_ms) ||
		    (o->idle_ms && last && now - last >= o->idle_ms))
			break;
		if (poll(&pfd, 1, wire_capture_wait(o, start, last, now)) <= 0)
			continue;
		long len = wire_receive(fd, ep, frame, sizeof(frame));

		if (len <= 0)
			continue;
		if (xnic_wire_pcap_write(&pf, frame, len) < 0) {
			fprintf(stderr, "xnic-wire: %s: %s\n", path, strerror(errno));
			break;
		}
		got++;
		last = wire_now_ms();
	}
	xnic_wire_pcap_close(&pf);
	close(fd);
	printf("captured %ld frames\n", got);
	return o->count && got < o->count ? 1 : 0;
}

static int wire_open_both(struct xnic_wire_pcap *a, const char *pa, struct xnic_wire_pcap *b, const char *pb)
{
	if (xnic_wire_pcap_open_read(a, pa) < 0) {
		fprintf(stderr, "xnic-wire: %s: not a readable Ethernet pcap\n", pa);
		return -1;
	}
	if (xnic_wire_pcap_open_read(b, pb) < 0) {
		fprintf(stderr, "xnic-wire: %s: not a readable Ethernet pcap\n", pb);
		xnic_wire_pcap_close(a);
		return -1;
	}
	return 0;
}

static long wire_first_difference(const uint8_t *a, const uint8_t *b, long len)
{
	for (long i = 0; i < len; i++)
		if (a[i] != b[i])
			return i;
	return -1;
}

/* Frame-by-frame, byte-exact comparison; reports the first difference. */
static int wire_cmd_cmp(const char *pa, const char *pb)
{
	static uint8_t fa[WIRE_MAX_FRAME], fb[WIRE_MAX_FRAME];
	struct xnic_wire_pcap a, b;
	long la, lb, n = 0, off;
	int rc = 0;

	if (wire_open_both(&a, pa, &b, pb) < 0)
		return 2;
	for (;; n++) {
		la = xnic_wire_pcap_read(&a, fa, sizeof(fa));
		lb = xnic_wire_pcap_read(&b, fb, sizeof(fb));
		if (la <= 0 || lb <= 0)
			break;
		off = wire_first_difference(fa, fb, la < lb ? la : lb);
		if (la != lb || off >= 0) {
			printf("frame %ld differs: lengths %ld and %ld, first differing byte %ld\n",
			       n, la, lb, off >= 0 ? off : (la < lb ? la : lb));
			rc = 1;
			goto out;
		}
	}
	if (la < 0 || lb < 0) {
		printf("frame %ld: corrupt record in %s\n", n, la < 0 ? pa : pb);
		rc = 2;
	} else if (la != lb) {
		printf("%s has more frames than %s (identical for the first %ld)\n",
		       la > 0 ? pa : pb, la > 0 ? pb : pa, n);
		rc = 1;
	} else {
		printf("%ld frames identical\n", n);
	}
out:
	xnic_wire_pcap_close(&a);
	xnic_wire_pcap_close(&b);
	return rc;
}

/*
 * A size sweep for wire tests: broadcast frames of an experimental
 * EtherType (IEEE 802 local 0x88b5, ignored by the guest's stack) whose
 * payload is a pattern derived from the frame number, so a frame that
 * arrives shifted, truncated or swapped shows as a difference.
 */
static int wire_cmd_gen(const char *path, const char *sizes)
{
	static uint8_t frame[WIRE_MAX_FRAME];
	struct xnic_wire_pcap pf;
	const char *p = sizes;
	long n = 0;

	if (xnic_wire_pcap_open_write(&pf, path) < 0) {
		fprintf(stderr, "xnic-wire: %s: %s\n", path, strerror(errno));
		return 2;
	}
	while (*p) {
		char *end;
		long len = strtol(p, &end, 10);

		if (end == p || len < ETH_HLEN || len > WIRE_MAX_FRAME) {
			fprintf(stderr, "xnic-wire: bad size list at '%s' (each %d..%d)\n", p,
				ETH_HLEN, WIRE_MAX_FRAME);
			xnic_wire_pcap_close(&pf);
			return 2;
		}
		memset(frame, 0xff, 6);
		memcpy(frame + 6, "\x02\x00\x00\x00\x00\x01", 6);
		frame[12] = 0x88;
		frame[13] = 0xb5;
		for (long i = ETH_HLEN; i < len; i++)
			frame[i] = (uint8_t)(i * 7 + n * 31);
		if (xnic_wire_pcap_write(&pf, frame, len) < 0)
			return 2;
		n++;
		p = *end == ',' ? end + 1 : end;
	}
	xnic_wire_pcap_close(&pf);
	printf("wrote %ld frames\n", n);
	return 0;
}

static void wire_usage(FILE *out)
{
	fputs("usage: xnic-wire send    ENDPOINT FILE.pcap [--gap-us N]\n"
	      "       xnic-wire capture ENDPOINT FILE.pcap [--count N] [--timeout MS] [--idle MS]\n"
	      "       xnic-wire cmp     A.pcap B.pcap\n"
	      "       xnic-wire gen     FILE.pcap SIZE[,SIZE...]\n"
	      "ENDPOINT is udp:IPv4:PORT (host; QEMU -netdev dgram/socket peer: send goes to\n"
	      "it, capture binds it) or iface:NAME (AF_PACKET, in the guest).\n"
	      "capture ends after --count frames, --timeout ms in all, --idle ms after\n"
	      "the last frame, or SIGINT/SIGTERM; it exits 1 if --count was not reached.\n"
	      "cmp exits 0 when both files hold the same frames in the same order.\n", out);
}

static int wire_parse_options(int argc, char **argv, struct wire_options *o)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "idle", required_argument, NULL, 'i' },
		{ "gap-us", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': o->count = atol(optarg); break;
		case 't': o->timeout_ms = atol(optarg); break;
		case 'i': o->idle_ms = atol(optarg); break;
		case 'g': o->gap_us = atol(optarg); break;
		case 'h': wire_usage(stdout); exit(0);
		default: return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct wire_options o = { 0 };
	struct wire_endpoint ep;
	const char *cmd;

	if (wire_parse_options(argc, argv, &o) < 0 || argc - optind != 3) {
		wire_usage(stderr);
		return 2;
	}
	cmd = argv[optind];
	signal(SIGINT, wire_on_signal);
	signal(SIGTERM, wire_on_signal);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(cmd, "cmp") == 0)
		return wire_cmd_cmp(argv[optind + 1], argv[optind + 2]);
	if (strcmp(cmd, "gen") == 0)
		return wire_cmd_gen(argv[optind + 1], argv[optind + 2]);
	if (wire_parse_endpoint(argv[optind + 1], &ep) < 0)
		return 2;
	if (strcmp(cmd, "send") == 0)
		return wire_cmd_send(&ep, argv[optind + 2], &o);
	if (strcmp(cmd, "capture") == 0)
		return wire_cmd_capture(&ep, argv[optind + 2], &o);
	wire_usage(stderr);
	return 2;
}
