/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stands for the kernel-internal include/linux/if_vlan.h: the uapi header
 * plus struct vlan_hdr, the 802.1Q tag after the Ethernet addresses, which
 * has no uapi definition.
 */
#ifndef XNIC_SHIM_LINUX_IF_VLAN_H
#define XNIC_SHIM_LINUX_IF_VLAN_H

#include <linux/skbuff.h>
#include <uapi/linux/if_vlan.h>

struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

#endif
