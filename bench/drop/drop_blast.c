// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * drop-blast: the blaster of bench/drop/bench-drop.sh.  Sends COUNT
 * frames, the frames of a pcap over and over, to a QEMU dgram netdev (one
 * Ethernet frame per UDP datagram on 127.0.0.1) as fast as it can, with
 * sendmmsg() in bursts, from one or more threads, and prints how many it
 * sent and how fast.  xnic-wire sends a pcap once, one sendto() a frame;
 * the benchmark needs a sender that outruns the card.
 *
 *     drop-blast PORT PCAP COUNT [SENDERS [BURST]]
 *
 * Prints "sent N frames in S s: R frames/s".  A datagram the receiving
 * socket has no room for is lost there (counted by the kernel, not here).
 */
#define _GNU_SOURCE		/* sendmmsg */
#include <arpa/inet.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BLAST_MAX_FRAMES	4096
#define BLAST_MAX_BURST		1024
#define BLAST_MAX_SENDERS	16

struct blast_frames {
	struct iovec iov[BLAST_MAX_FRAMES];
	unsigned int n;
};

struct blast_sender {
	pthread_t thread;
	struct blast_frames *frames;	/* shared, read only */
	struct sockaddr_in to;
	long count;		/* frames to send */
	unsigned int burst;
	long sent;
	int err;
};

static int blast_read_pcap(const char *path, struct blast_frames *f)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p = pcap_open_offline(path, err);

	if (!p) {
		fprintf(stderr, "drop-blast: %s: %s\n", path, err);
		return -1;
	}
	f->n = 0;
	while (f->n < BLAST_MAX_FRAMES && pcap_next_ex(p, &h, &data) == 1) {
		f->iov[f->n].iov_base = malloc(h->caplen);
		if (!f->iov[f->n].iov_base)
			break;
		memcpy(f->iov[f->n].iov_base, data, h->caplen);
		f->iov[f->n].iov_len = h->caplen;
		f->n++;
	}
	pcap_close(p);
	if (!f->n)
		fprintf(stderr, "drop-blast: %s: no frames\n", path);
	return f->n ? 0 : -1;
}

/* One thread: bursts of frames, taken round the pcap in order. */
static void *blast_send(void *opaque)
{
	struct blast_sender *s = opaque;
	struct mmsghdr msgs[BLAST_MAX_BURST];
	unsigned int next = 0, i;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0) {
		s->err = errno;
		return NULL;
	}
	while (s->sent < s->count) {
		unsigned int burst = s->count - s->sent < s->burst ?
				     s->count - s->sent : s->burst;
		int n;

		memset(msgs, 0, burst * sizeof(msgs[0]));
		for (i = 0; i < burst; i++) {
			msgs[i].msg_hdr.msg_name = &s->to;
			msgs[i].msg_hdr.msg_namelen = sizeof(s->to);
			msgs[i].msg_hdr.msg_iov = &s->frames->iov[(next + i) % s->frames->n];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		n = sendmmsg(fd, msgs, burst, 0);
		if (n < 0 && errno != EINTR) {
			s->err = errno;
			break;
		}
		if (n > 0) {
			s->sent += n;
			next = (next + n) % s->frames->n;
		}
	}
	close(fd);
	return NULL;
}

static double blast_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static struct blast_frames frames;
	static struct blast_sender senders[BLAST_MAX_SENDERS];
	long count, sent = 0;
	unsigned int n_senders, burst, i;
	double t0, secs;
	int port, rc = 0;

	if (argc < 4 || argc > 6) {
		fprintf(stderr, "usage: drop-blast PORT PCAP COUNT [SENDERS [BURST]]\n");
		return 2;
	}
	port = atoi(argv[1]);
	count = atol(argv[3]);
	n_senders = argc > 4 ? atoi(argv[4]) : 1;
	burst = argc > 5 ? atoi(argv[5]) : 64;
	if (port <= 0 || port > 65535 || count <= 0 || !n_senders ||
	    n_senders > BLAST_MAX_SENDERS || !burst || burst > BLAST_MAX_BURST) {
		fprintf(stderr, "drop-blast: PORT 1..65535, COUNT > 0, SENDERS 1..%d, BURST 1..%d\n",
			BLAST_MAX_SENDERS, BLAST_MAX_BURST);
		return 2;
	}
	if (blast_read_pcap(argv[2], &frames) < 0)
		return 2;
	t0 = blast_now();
	for (i = 0; i < n_senders; i++) {
		struct blast_sender *s = &senders[i];

		s->frames = &frames;
		s->to.sin_family = AF_INET;
		s->to.sin_port = htons(port);
		s->to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s->count = count / n_senders + (i < count % n_senders);
		s->burst = burst;
		if (pthread_create(&s->thread, NULL, blast_send, s)) {
			fprintf(stderr, "drop-blast: cannot start sender %u\n", i);
			return 1;
		}
	}
	for (i = 0; i < n_senders; i++) {
		pthread_join(senders[i].thread, NULL);
		sent += senders[i].sent;
		if (senders[i].err) {
			fprintf(stderr, "drop-blast: sender %u: %s\n", i, strerror(senders[i].err));
			rc = 1;
		}
	}
	secs = blast_now() - t0;
	printf("sent %ld frames in %.3f s: %.0f frames/s\n", sent, secs, sent / secs);
	return rc;
}
