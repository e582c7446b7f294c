// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF helpers the card implements (include/xnic/helpers.h, the one list,
 * docs/compiler.md "Helpers"), with what the abstract interpretation needs
 * to know of each.
 * A call to any other helper is refused by xcc_decode() with its name.
 */
#include "xcc_priv.h"
#include "xnic/helpers.h"

#define XCC_HELPER(n, args, ret, moves_pkt) \
	{ BPF_FUNC_##n, #n, args, XCC_T_##ret, moves_pkt },
static const struct xcc_helper xcc_helpers[] = {
	XNIC_HELPERS(XCC_HELPER)
};
#undef XCC_HELPER

const struct xcc_helper *xcc_helper_find(u32 id)
{
	size_t i;

	for (i = 0; i < XCC_ARRAY_SIZE(xcc_helpers); i++)
		if (xcc_helpers[i].id == id)
			return &xcc_helpers[i];
	return NULL;
}

/*
 * Names of helpers we refuse, so the message names them.  The list is the
 * uapi one up to what XDP programs commonly call; for others NULL: print the number.
 */
static const char *const xcc_helper_names[] = {
	[BPF_FUNC_map_lookup_elem] = "map_lookup_elem",
	[BPF_FUNC_map_update_elem] = "map_update_elem",
	[BPF_FUNC_map_delete_elem] = "map_delete_elem",
	[BPF_FUNC_probe_read] = "probe_read",
	[BPF_FUNC_ktime_get_ns] = "ktime_get_ns",
	[BPF_FUNC_trace_printk] = "trace_printk",
	[BPF_FUNC_get_prandom_u32] = "get_prandom_u32",
	[BPF_FUNC_get_smp_processor_id] = "get_smp_processor_id",
	[BPF_FUNC_tail_call] = "tail_call",
	[BPF_FUNC_redirect] = "redirect",
	[BPF_FUNC_perf_event_output] = "perf_event_output",
	[BPF_FUNC_csum_diff] = "csum_diff",
	[BPF_FUNC_xdp_adjust_head] = "xdp_adjust_head",
	[BPF_FUNC_redirect_map] = "redirect_map",
	[BPF_FUNC_xdp_adjust_meta] = "xdp_adjust_meta",
	[BPF_FUNC_fib_lookup] = "fib_lookup",
	[BPF_FUNC_xdp_adjust_tail] = "xdp_adjust_tail",
	[BPF_FUNC_sk_lookup_tcp] = "sk_lookup_tcp",
	[BPF_FUNC_sk_lookup_udp] = "sk_lookup_udp",
	[BPF_FUNC_sk_release] = "sk_release",
	[BPF_FUNC_map_push_elem] = "map_push_elem",
	[BPF_FUNC_map_pop_elem] = "map_pop_elem",
	[BPF_FUNC_map_peek_elem] = "map_peek_elem",
	[BPF_FUNC_spin_lock] = "spin_lock",
	[BPF_FUNC_spin_unlock] = "spin_unlock",
	[BPF_FUNC_tcp_check_syncookie] = "tcp_check_syncookie",
	[BPF_FUNC_skc_lookup_tcp] = "skc_lookup_tcp",
	[BPF_FUNC_tcp_gen_syncookie] = "tcp_gen_syncookie",
	[BPF_FUNC_jiffies64] = "jiffies64",
	[BPF_FUNC_ringbuf_output] = "ringbuf_output",
	[BPF_FUNC_ringbuf_reserve] = "ringbuf_reserve",
	[BPF_FUNC_ringbuf_submit] = "ringbuf_submit",
	[BPF_FUNC_ringbuf_discard] = "ringbuf_discard",
	[BPF_FUNC_xdp_output] = "xdp_output",
	[BPF_FUNC_ktime_get_boot_ns] = "ktime_get_boot_ns",
	[BPF_FUNC_check_mtu] = "check_mtu",
	[BPF_FUNC_for_each_map_elem] = "for_each_map_elem",
	[BPF_FUNC_snprintf] = "snprintf",
	[BPF_FUNC_timer_init] = "timer_init",
	[BPF_FUNC_loop] = "loop",
	[BPF_FUNC_xdp_get_buff_len] = "xdp_get_buff_len",
	[BPF_FUNC_xdp_load_bytes] = "xdp_load_bytes",
	[BPF_FUNC_xdp_store_bytes] = "xdp_store_bytes",
	[BPF_FUNC_ktime_get_tai_ns] = "ktime_get_tai_ns",
	[BPF_FUNC_tcp_raw_gen_syncookie_ipv4] = "tcp_raw_gen_syncookie_ipv4",
	[BPF_FUNC_tcp_raw_gen_syncookie_ipv6] = "tcp_raw_gen_syncookie_ipv6",
	[BPF_FUNC_tcp_raw_check_syncookie_ipv4] = "tcp_raw_check_syncookie_ipv4",
	[BPF_FUNC_tcp_raw_check_syncookie_ipv6] = "tcp_raw_check_syncookie_ipv6",
};

const char *xcc_helper_name(u32 id)
{
	if (id < XCC_ARRAY_SIZE(xcc_helper_names) && xcc_helper_names[id])
		return xcc_helper_names[id];
	return NULL;
}

#define XCC_HOST_SOCKETS	"it looks up sockets of the host's network stack, which a NIC " \
				"cannot see"
#define XCC_HOST_SYNCOOKIES	"it needs the host kernel's SYN cookie secret, which never " \
				"leaves the host"

/*
 * Helpers XDP programs may call that no NIC can run, whatever its firmware:
 * they read state of the host's network stack.  Refused by name, with why.
 */
static const char *const xcc_helper_host_only_reasons[] = {
	[BPF_FUNC_sk_lookup_tcp] = XCC_HOST_SOCKETS,
	[BPF_FUNC_sk_lookup_udp] = XCC_HOST_SOCKETS,
	[BPF_FUNC_skc_lookup_tcp] = XCC_HOST_SOCKETS,
	[BPF_FUNC_sk_release] = "it releases a socket of the host's network stack, which only "
				"bpf_sk_lookup_* and bpf_skc_lookup_tcp return",
	[BPF_FUNC_fib_lookup] = "it looks up the host's routing and neighbour tables (the FIB), "
				"which a NIC does not have",
	[BPF_FUNC_tcp_check_syncookie] = "it checks a SYN cookie against a listening socket of "
					 "the host's network stack",
	[BPF_FUNC_tcp_gen_syncookie] = "it makes a SYN cookie for a listening socket of the "
				       "host's network stack",
	[BPF_FUNC_tcp_raw_gen_syncookie_ipv4] = XCC_HOST_SYNCOOKIES,
	[BPF_FUNC_tcp_raw_gen_syncookie_ipv6] = XCC_HOST_SYNCOOKIES,
	[BPF_FUNC_tcp_raw_check_syncookie_ipv4] = XCC_HOST_SYNCOOKIES,
	[BPF_FUNC_tcp_raw_check_syncookie_ipv6] = XCC_HOST_SYNCOOKIES,
};

const char *xcc_helper_host_only(u32 id)
{
	if (id < XCC_ARRAY_SIZE(xcc_helper_host_only_reasons))
		return xcc_helper_host_only_reasons[id];
	return NULL;
}
