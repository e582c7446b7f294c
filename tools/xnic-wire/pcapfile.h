/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Minimal pcap (libpcap classic format, DLT_EN10MB) reader and writer.
 * xnic-wire also runs inside the guest as a static binary, where libpcap
 * is not available, so it carries its own few lines of file format.
 */
#ifndef PCAPFILE_H
#define PCAPFILE_H

#include <stdint.h>
#include <stdio.h>

#define PCAPFILE_SNAPLEN	65535

struct pcapfile {
	FILE *fp;
	int swapped;		/* file written on a host of the other endianness */
	int nanosecond;		/* timestamps in ns rather than us */
	const char *path;
};

int pcapfile_open_read(struct pcapfile *pf, const char *path);
int pcapfile_open_write(struct pcapfile *pf, const char *path);
/* Returns the frame length (> 0), 0 at end of file, -1 on a corrupt file. */
long pcapfile_read(struct pcapfile *pf, uint8_t *buf, size_t size);
int pcapfile_write(struct pcapfile *pf, const uint8_t *frame, size_t len);
void pcapfile_close(struct pcapfile *pf);

#endif
