/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stands for the kernel-internal include/linux/ipv6.h, which includes the
 * TCP and UDP headers too (xdp_tx_iptunnel_kern.c relies on that); their
 * uapi versions define struct tcphdr and struct udphdr.
 */
#ifndef XNIC_SHIM_LINUX_IPV6_H
#define XNIC_SHIM_LINUX_IPV6_H

#include <uapi/linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#endif
