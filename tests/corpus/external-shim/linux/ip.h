/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Stands for the kernel-internal include/linux/ip.h: the same two includes. */
#ifndef XNIC_SHIM_LINUX_IP_H
#define XNIC_SHIM_LINUX_IP_H

#include <linux/skbuff.h>
#include <uapi/linux/ip.h>

#endif
