/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Force-included (-include) into samples/bpf's *_kern.c programs by
 * tests/corpus/build-external.sh.  An in-tree build reaches these names
 * through the kernel's own compiler, type, byte-order and minmax headers
 * whatever the sample includes; here they rest on the installed uapi
 * headers and clang builtins instead.  Only names the samples use.
 */
#ifndef XNIC_SHIM_KERNEL_ENV_H
#define XNIC_SHIM_KERNEL_ENV_H

#include <linux/types.h>

/* include/linux/types.h */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

/* include/linux/compiler_types.h, compiler_attributes.h, compiler.h */
#define __force
#define __packed __attribute__((__packed__))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* include/linux/byteorder/generic.h on a little-endian host (-D__x86_64__) */
#define htons(x) __builtin_bswap16(x)
#define ntohs(x) __builtin_bswap16(x)
#define htonl(x) __builtin_bswap32(x)
#define ntohl(x) __builtin_bswap32(x)
#define cpu_to_be16(x) __builtin_bswap16(x)
#define be16_to_cpu(x) __builtin_bswap16(x)
#define cpu_to_be32(x) __builtin_bswap32(x)
#define be32_to_cpu(x) __builtin_bswap32(x)

/* include/linux/minmax.h, without its type check: each argument evaluated once */
#define min(x, y) ({ __typeof__(x) min_x_ = (x); __typeof__(y) min_y_ = (y); \
		     min_x_ < min_y_ ? min_x_ : min_y_; })
#define max(x, y) ({ __typeof__(x) max_x_ = (x); __typeof__(y) max_y_ = (y); \
		     max_x_ > max_y_ ? max_x_ : max_y_; })

#endif
