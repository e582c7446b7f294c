/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pcap input for xnic-cc and the differential tests. */
#ifndef XNIC_CC_PCAP_H
#define XNIC_CC_PCAP_H

#include <stddef.h>

/* Calls fn on each frame of a pcap; stops on a nonzero return, which it returns. */
typedef int (*xnic_cc_pcap_fn)(void *opaque, unsigned int index, const unsigned char *pkt,
			       size_t len);
int xnic_cc_pcap_foreach(const char *path, xnic_cc_pcap_fn fn, void *opaque, char *err,
			 size_t err_size);

#endif
