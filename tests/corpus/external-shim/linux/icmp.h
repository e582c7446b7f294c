/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stands for the kernel-internal include/linux/icmp.h: the same two includes. */
#ifndef XNIC_SHIM_LINUX_ICMP_H
#define XNIC_SHIM_LINUX_ICMP_H

#include <linux/skbuff.h>
#include <uapi/linux/icmp.h>

#endif
