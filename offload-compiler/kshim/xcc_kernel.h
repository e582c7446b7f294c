/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The compiler's allocation callbacks in the kernel (struct xcc_env),
 * shared by the guest driver and tests/kcompiler's module: the compiler's
 * working sets reach tens of KiB, so kvzalloc.
 */
#ifndef XCC_KERNEL_H
#define XCC_KERNEL_H

#include <linux/mm.h>
#include <linux/slab.h>

static inline void *xcc_kernel_alloc(void *opaque, size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

static inline void xcc_kernel_free(void *opaque, void *ptr)
{
	kvfree(ptr);
}

#endif
