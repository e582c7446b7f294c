// SPDX-License-Identifier: GPL-2.0-or-later
/* pcap file I/O for xnic-wire: libpcap does the format (pcap-savefile(5)). */
#include "xnic_wire_pcap.h"

#include <errno.h>
#include <string.h>
#include <sys/time.h>

int xnic_wire_pcap_open_read(struct xnic_wire_pcap *pf, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];

	memset(pf, 0, sizeof(*pf));
	pf->path = path;
	pf->pcap = pcap_open_offline(path, err);
	if (!pf->pcap)
		return -1;
	if (pcap_datalink(pf->pcap) != DLT_EN10MB) {
		pcap_close(pf->pcap);
		pf->pcap = NULL;
		return -1;
	}
	return 0;
}

int xnic_wire_pcap_open_write(struct xnic_wire_pcap *pf, const char *path)
{
	memset(pf, 0, sizeof(*pf));
	pf->path = path;
	pf->pcap = pcap_open_dead(DLT_EN10MB, XNIC_WIRE_PCAP_SNAPLEN);
	if (!pf->pcap) {
		errno = ENOMEM;
		return -1;
	}
	errno = 0;
	pf->dump = pcap_dump_open(pf->pcap, path);
	if (!pf->dump || pcap_dump_flush(pf->dump)) {
		if (!errno)
			errno = EIO;
		xnic_wire_pcap_close(pf);
		return -1;
	}
	return 0;
}

long xnic_wire_pcap_read(struct xnic_wire_pcap *pf, uint8_t *buf, size_t size)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int r = pcap_next_ex(pf->pcap, &h, &data);

	if (r == PCAP_ERROR_BREAK)
		return 0;
	if (r != 1 || h->caplen == 0 || h->caplen > size)
		return -1;
	memcpy(buf, data, h->caplen);
	return h->caplen;
}

/* Flushed per frame so a capture killed by a test timeout stays readable. */
int xnic_wire_pcap_write(struct xnic_wire_pcap *pf, const uint8_t *frame, size_t len)
{
	struct pcap_pkthdr h = { .caplen = len, .len = len };

	gettimeofday(&h.ts, NULL);
	pcap_dump((u_char *)pf->dump, &h, frame);
	return pcap_dump_flush(pf->dump) ? -1 : 0;
}

void xnic_wire_pcap_close(struct xnic_wire_pcap *pf)
{
	if (pf->dump)
		pcap_dump_close(pf->dump);
	if (pf->pcap)
		pcap_close(pf->pcap);
	pf->dump = NULL;
	pf->pcap = NULL;
}
