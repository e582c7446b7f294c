/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The only headers the compiler core includes.  The core builds both inside
 * the Linux 6.1 guest driver and in host tools (docs/compiler.md, "Freestanding
 * core"), so it uses only what both environments provide: fixed-width types,
 * memset/memcpy/strcmp, vsnprintf and the eBPF instruction definitions.  No
 * malloc, no stdio streams, no floating point.
 */
#ifndef XCC_COMPAT_H
#define XCC_COMPAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/limits.h>
#include <linux/bpf.h>
#else
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>	/* vsnprintf only: the kernel has the same function */
#include <string.h>
#include <linux/bpf.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef U64_MAX
#define U64_MAX		UINT64_MAX
#define S64_MAX		INT64_MAX
#define S64_MIN		INT64_MIN
#define U32_MAX		UINT32_MAX
#define S32_MAX		INT32_MAX
#define S32_MIN		INT32_MIN
#endif
#endif

/* Keeps big lowering functions out of their caller's stack frame. */
#define XCC_NOINLINE		__attribute__((__noinline__))

#define XCC_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
