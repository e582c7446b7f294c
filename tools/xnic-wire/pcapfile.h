/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic-wire's pcap files, through libpcap: reads pcap and pcapng of
 * Ethernet frames, writes classic pcap (DLT_EN10MB), flushed per frame.
 */
#ifndef PCAPFILE_H
#define PCAPFILE_H

#include <stddef.h>
#include <stdint.h>
#include <pcap/pcap.h>

#define PCAPFILE_SNAPLEN	65535

struct pcapfile {
	pcap_t *pcap;
	pcap_dumper_t *dump;	/* writing */
	const char *path;
};

/* 0, or -1 with errno set where the system said why */
int pcapfile_open_read(struct pcapfile *pf, const char *path);
int pcapfile_open_write(struct pcapfile *pf, const char *path);
/* Returns the frame length (> 0), 0 at end of file, -1 on a corrupt file. */
long pcapfile_read(struct pcapfile *pf, uint8_t *buf, size_t size);
int pcapfile_write(struct pcapfile *pf, const uint8_t *frame, size_t len);
void pcapfile_close(struct pcapfile *pf);

#endif
