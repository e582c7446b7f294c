/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stands for the kernel-internal include/linux/if_ether.h: the same two includes. */
#ifndef XNIC_SHIM_LINUX_IF_ETHER_H
#define XNIC_SHIM_LINUX_IF_ETHER_H

#include <linux/skbuff.h>
#include <uapi/linux/if_ether.h>

#endif
