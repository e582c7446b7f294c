/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The BPF helpers the card implements (docs/compiler.md "Helpers"), once:
 *   X(name, args, ret, moves_pkt)
 * BPF_FUNC_<name> (<linux/bpf.h>) is the helper's id and its bit in the
 * capability block's helper bitmap (XNIC_CAPS_HELPERS: bit n of word n / 32);
 * args is how many arguments it takes, ret what R0 holds after it (SCALAR or
 * MAP_VALUE_OR_NULL), moves_pkt 1 when it moves packet data.
 * The firmware's capability block is generated from this list
 * (firmware/xnic_fw_abi.c), the compiler expands it into its helper table
 * (offload-compiler/xcc_helpers.c), and the driver checks programs against
 * the bitmap the firmware reports.  The firmware's code and the compiler's
 * lowering (xcc_isel_helpers.c) implement each one.
 */
#ifndef XNIC_HELPERS_H
#define XNIC_HELPERS_H

#define XNIC_HELPERS(X)						\
	X(map_lookup_elem,	2, MAP_VALUE_OR_NULL,	0)	\
	X(map_update_elem,	4, SCALAR,		0)	\
	X(map_delete_elem,	2, SCALAR,		0)	\
	X(ktime_get_ns,		0, SCALAR,		0)	\
	X(get_prandom_u32,	0, SCALAR,		0)	\
	X(get_smp_processor_id,	0, SCALAR,		0)	\
	X(redirect,		2, SCALAR,		0)	\
	X(redirect_map,		3, SCALAR,		0)	\
	X(csum_diff,		5, SCALAR,		0)	\
	X(xdp_adjust_head,	2, SCALAR,		1)	\
	X(xdp_adjust_meta,	2, SCALAR,		1)	\
	X(xdp_adjust_tail,	2, SCALAR,		1)	\
	X(loop,			4, SCALAR,		0)	\
	X(ktime_get_boot_ns,	0, SCALAR,		0)	\
	X(jiffies64,		0, SCALAR,		0)	\
	X(get_numa_node_id,	0, SCALAR,		0)	\
	X(xdp_get_buff_len,	1, SCALAR,		0)	\
	X(xdp_load_bytes,	4, SCALAR,		0)	\
	X(xdp_store_bytes,	4, SCALAR,		0)	\
	X(check_mtu,		5, SCALAR,		0)	\
	X(trace_printk,		5, SCALAR,		0)	\
	X(perf_event_output,	5, SCALAR,		0)	\
	X(ktime_get_coarse_ns,	0, SCALAR,		0)	\
	X(spin_lock,		1, SCALAR,		0)	\
	X(spin_unlock,		1, SCALAR,		0)	\
	X(tail_call,		3, SCALAR,		0)

#endif /* XNIC_HELPERS_H */
