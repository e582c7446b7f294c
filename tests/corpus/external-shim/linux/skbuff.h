/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stands for the kernel-internal include/linux/skbuff.h, which the kernel's
 * linux/if_ether.h, ip.h, icmp.h and if_vlan.h include, and for the names
 * samples/bpf programs get through it without including their headers.
 */
#ifndef XNIC_SHIM_LINUX_SKBUFF_H
#define XNIC_SHIM_LINUX_SKBUFF_H

/* include/linux/string.h: clang lowers the builtins to BPF loads and stores */
#define memcpy(dst, src, n) __builtin_memcpy(dst, src, n)
#define memset(dst, c, n) __builtin_memset(dst, c, n)

/* include/linux/socket.h: address families */
#define AF_INET 2
#define AF_INET6 10

#endif
