// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * skbmeta IFNAME N TIMEOUT_MS: what a packet socket learns of the test
 * frames 0..N-1 (source MAC 02:00:00:00:00:NN) that IFNAME receives - the
 * VLAN tag taken off the frame (PACKET_AUXDATA) and the raw hardware RX
 * timestamp (SO_TIMESTAMPING, SCM_TIMESTAMPING's third time) - for
 * tests/guest/host-skb-meta.sh.  Prints "listening" once bound, then, when
 * all N have come or TIMEOUT_MS passed, one line per frame:
 *   SKB {"key":K,"value":{"seen":S,"vlan_err":E,"vlan_proto":P,
 *        "vlan_tci":T,"ts_err":E,"ts":NS}}
 * with -61 (ENODATA) as the error of what the frame did not carry, as
 * tests/guest/xdp/xdp_hints.c files the kfuncs' answers.  Exit 1 when a
 * frame is missing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/net_tstamp.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAMES_MAX	32

struct frame_meta {
	unsigned int seen;
	int vlan_err;
	unsigned int vlan_proto;
	unsigned int vlan_tci;
	int ts_err;
	unsigned long long ts;
};

static int open_socket(const char *ifname)
{
	int one = 1, ts = SOF_TIMESTAMPING_RX_HARDWARE |
			  SOF_TIMESTAMPING_RAW_HARDWARE;
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = if_nametoindex(ifname),
	};
	int fd;

	if (!sll.sll_ifindex) {
		perror(ifname);
		return -1;
	}
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &ts, sizeof(ts))) {
		perror("packet socket");
		return -1;
	}
	return fd;
}

/* The test frame number of @frame, or -1 for any other frame */
static int frame_key(const unsigned char *frame, ssize_t len, int n)
{
	static const unsigned char test_src[5] = { 0x02, 0, 0, 0, 0 };

	if (len < ETH_HLEN || memcmp(frame + ETH_ALEN, test_src, 5) ||
	    frame[ETH_ALEN + 5] >= n)
		return -1;
	return frame[ETH_ALEN + 5];
}

static void read_cmsgs(struct msghdr *msg, struct frame_meta *m)
{
	struct cmsghdr *c;

	m->vlan_err = m->ts_err = -ENODATA;
	m->vlan_proto = m->vlan_tci = 0;
	m->ts = 0;
	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA) {
			struct tpacket_auxdata aux;

			memcpy(&aux, CMSG_DATA(c), sizeof(aux));
			if (!(aux.tp_status & TP_STATUS_VLAN_VALID))
				continue;
			m->vlan_err = 0;
			m->vlan_tci = aux.tp_vlan_tci;
			m->vlan_proto = aux.tp_status & TP_STATUS_VLAN_TPID_VALID ?
					aux.tp_vlan_tpid : 0;
		} else if (c->cmsg_level == SOL_SOCKET &&
			   c->cmsg_type == SO_TIMESTAMPING) {
			struct scm_timestamping t;

			memcpy(&t, CMSG_DATA(c), sizeof(t));
			m->ts = t.ts[2].tv_sec * 1000000000ull + t.ts[2].tv_nsec;
			if (m->ts)
				m->ts_err = 0;
		}
	}
}

/* Receives until every frame 0..@n-1 came or @timeout_ms passed */
static void receive(int fd, struct frame_meta *meta, int n, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct timespec start, now;
	int missing = n;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		unsigned char frame[2048], control[512];
		struct iovec iov = { frame, sizeof(frame) };
		struct sockaddr_ll from;
		struct msghdr msg = {
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = control, .msg_controllen = sizeof(control),
		};
		ssize_t len;
		int left, k;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - (int)((now.tv_sec - start.tv_sec) * 1000 +
					  (now.tv_nsec - start.tv_nsec) / 1000000);
		if (!missing || left <= 0 || poll(&pfd, 1, left) <= 0)
			return;
		len = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (len < 0 || from.sll_pkttype == PACKET_OUTGOING)
			continue;
		k = frame_key(frame, len, n);
		if (k < 0)
			continue;
		missing -= !meta[k].seen;
		meta[k].seen++;
		read_cmsgs(&msg, &meta[k]);
	}
}

int main(int argc, char **argv)
{
	struct frame_meta meta[FRAMES_MAX] = { 0 };
	int fd, n, k, missing = 0;

	if (argc != 4 || (n = atoi(argv[2])) <= 0 || n > FRAMES_MAX) {
		fprintf(stderr, "usage: skbmeta IFNAME N(1..%d) TIMEOUT_MS\n",
			FRAMES_MAX);
		return 2;
	}
	fd = open_socket(argv[1]);
	if (fd < 0)
		return 1;
	printf("listening\n");
	fflush(stdout);
	receive(fd, meta, n, atoi(argv[3]));
	for (k = 0; k < n; k++) {
		const struct frame_meta *m = &meta[k];

		printf("SKB {\"key\":%d,\"value\":{\"seen\":%u,\"vlan_err\":%d,"
		       "\"vlan_proto\":%u,\"vlan_tci\":%u,\"ts_err\":%d,\"ts\":%llu}}\n",
		       k, m->seen, m->vlan_err, m->vlan_proto, m->vlan_tci,
		       m->ts_err, m->ts);
		missing += !m->seen;
	}
	close(fd);
	return missing ? 1 : 0;
}
