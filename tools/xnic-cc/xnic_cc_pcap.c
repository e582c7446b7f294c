// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a pcap with libpcap.  Kept apart from the BPF code: libpcap's
 * <pcap/bpf.h> defines its own struct bpf_insn, which clashes with Linux's.
 */
#include <errno.h>
#include <stdio.h>
#include <pcap/pcap.h>

#include "xnic_cc_pcap.h"

int xnic_cc_pcap_foreach(const char *path, xnic_cc_pcap_fn fn, void *opaque, char *err,
			 size_t err_size)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *hdr;
	const unsigned char *data;
	unsigned int index = 0;
	pcap_t *p = pcap_open_offline(path, errbuf);
	int r, ret = 0;

	if (!p) {
		snprintf(err, err_size, "%s", errbuf);
		return -EINVAL;
	}
	while ((r = pcap_next_ex(p, &hdr, &data)) == 1) {
		ret = fn(opaque, index++, data, hdr->caplen);
		if (ret)
			break;
	}
	if (r == PCAP_ERROR) {
		snprintf(err, err_size, "%s: %s", path, pcap_geterr(p));
		ret = -EIO;
	}
	pcap_close(p);
	return ret;
}

