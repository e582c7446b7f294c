/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic-wire's pcap files, through libpcap: reads pcap and pcapng of
 * Ethernet frames, writes classic pcap (DLT_EN10MB), flushed per frame.
 */
#ifndef XNIC_WIRE_PCAP_H
#define XNIC_WIRE_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <pcap/pcap.h>

#define XNIC_WIRE_PCAP_SNAPLEN	65535

struct xnic_wire_pcap {
	pcap_t *pcap;
	pcap_dumper_t *dump;	/* writing */
	const char *path;
};

/* 0, or -1 with errno set where the system said why */
int xnic_wire_pcap_open_read(struct xnic_wire_pcap *pf, const char *path);
int xnic_wire_pcap_open_write(struct xnic_wire_pcap *pf, const char *path);
/* Returns the frame length (> 0), 0 at end of file, -1 on a corrupt file. */
long xnic_wire_pcap_read(struct xnic_wire_pcap *pf, uint8_t *buf, size_t size);
int xnic_wire_pcap_write(struct xnic_wire_pcap *pf, const uint8_t *frame, size_t len);
void xnic_wire_pcap_close(struct xnic_wire_pcap *pf);

#endif
