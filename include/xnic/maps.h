/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Offloaded maps in the card's external memory (docs/compiler.md "Card
 * layout", "Hash maps"): the layout, slot states, limits and bucket hash
 * that the compiler's generated code, the device's MAP_OP command
 * (hw/xnic/xnic_maps.c) and xnic-cc's emulated card all use.  This is
 * their one definition: the compiler emits these constants, the others
 * call these functions.  Builds in the kernel, QEMU and host tools.
 *
 * Arrays: element k at addr + k * stride, stride the value rounded up to 8
 * bytes (atomics need aligned values, docs/isa.md 7.2); per-CPU arrays are
 * one such array per ME.  Hash maps: a u32 element count at addr, a u32
 * lock word at addr + 4, then `buckets` slots of `stride` bytes, each a
 * u32 state (XNIC_MAP_SLOT_*), the key at +4, the value at value_off.
 * Bytes of a slot past key_size stay zero and count as zero in the hash.
 * Per-CPU hash maps hold `copies` values in each slot, one per ME, each
 * rounded up to 8 bytes.  LRU hash maps keep a u32 clock hand (the next
 * slot the evicting sweep looks at) after the last slot, and a reference
 * bit in the slot state.  LPM tries are max_entries such slots, found by
 * scanning, the key being struct bpf_lpm_trie_key (u32 prefixlen, then the
 * data).  Little endian throughout.
 */
#ifndef XNIC_MAPS_H
#define XNIC_MAPS_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif
#include "regs.h"

/*
 * The map types the card holds, by enum bpf_map_type name: the firmware's
 * capability block (FW_CAPS MAP_TYPES, bit n: type n) is generated from it.
 */
#define XNIC_MAP_TYPES(X)	X(HASH) X(ARRAY) X(PERCPU_ARRAY) \
				X(PERCPU_HASH) X(LRU_HASH) X(LRU_PERCPU_HASH) X(LPM_TRIE)

/*
 * The redirect maps, bpf_redirect_map()'s targets: compiled code and
 * xnic-cc's card hold them, the firmware's capability block does not
 * offer them (6.1 offloads only ARRAY and HASH maps).  DEVMAP, CPUMAP and
 * XSKMAP are laid out as arrays (element k at addr + k * stride) whose
 * first u32 is non-zero when entry k exists: a DEVMAP's ifindex, a
 * CPUMAP's queue size (the kernel refuses 0 for both), an XSKMAP's socket
 * (any non-zero word).  An XSKMAP element's second u32 is its socket's
 * queue_id (struct bpf_xdp_sock's one field): bpf_map_lookup_elem on an
 * XSKMAP returns the address of that word as the socket.  DEVMAP_HASH is
 * a hash map of its u32 keys.
 * A PERF_EVENT_ARRAY (bpf_perf_event_output's target) is laid out the same
 * way, entry k's word being the CPU (ME) its perf event is on, plus one.
 * A PERF_EVENT_ARRAY that stays on the host (the guest's offload path,
 * docs/driver.md "Perf records") has a slot table on the card in the same
 * form, max_entries + 1 entries the driver keeps up to date: entry k's
 * word non-zero while the host map has a perf event at index k, entry
 * max_entries' word 1 + the index BPF_F_CURRENT_CPU stands for, 0 when
 * the map has no event.  Up to XNIC_PERF_HOST_ENTRIES_MAX entries.
 * And so is a PROG_ARRAY (bpf_tail_call's), entry k's word being the
 * number of its program plus one (docs/compiler.md "Tail calls").
 * An ARRAY_OF_MAPS is an array, a HASH_OF_MAPS a hash map, whose u32
 * value is the inner map's address in external memory, 0 for none
 * (docs/compiler.md "Maps of maps").
 */
#define XNIC_MAP_REDIRECT_TYPES(X)	X(DEVMAP) X(DEVMAP_HASH) X(CPUMAP) X(XSKMAP)
#define XNIC_MAP_XSK_QUEUE_ID		4	/* in an XSKMAP element: u32 queue_id */
#define XNIC_PERF_HOST_ENTRIES_MAX	4096

/* Keys up to 56 bytes: state and key come back in one 64-byte read. */
#define XNIC_MAP_KEY_MAX		56
#define XNIC_MAP_HASH_ENTRIES_MAX	(1u << 16)
#define XNIC_MAP_HASH_BUCKETS_MIN	4
#define XNIC_MAP_HASH_BUCKETS_MAX	(2 * XNIC_MAP_HASH_ENTRIES_MAX)

/* Hash map header, then the slots */
#define XNIC_MAP_HASH_COUNT		0	/* u32 elements */
#define XNIC_MAP_HASH_LOCK		4	/* u32 lock word (mem_cas) */
#define XNIC_MAP_HASH_SLOTS		8
/* In a slot */
#define XNIC_MAP_SLOT_STATE		0
#define XNIC_MAP_SLOT_KEY		4
#define  XNIC_MAP_SLOT_EMPTY		0
#define  XNIC_MAP_SLOT_USED		1
#define  XNIC_MAP_SLOT_DELETED		2	/* tombstone: probing goes on */
/* LRU maps: USED | REF, used since the clock hand last passed (the kernel's ref bit) */
#define  XNIC_MAP_SLOT_REF		0x100
/* LPM tries: the data's offset in the key; slots, each scanned by every operation */
#define XNIC_MAP_LPM_DATA		4
#define XNIC_MAP_LPM_ENTRIES_MAX	4096
/* LRU maps: the clock hand after the slots */
#define XNIC_MAP_LRU_HAND_SIZE		8

/* The bucket hash: FNV-1a over the key's 32-bit words, folded */
#define XNIC_MAP_HASH_BASIS		0x811c9dc5u
#define XNIC_MAP_HASH_PRIME		0x01000193u
#define XNIC_MAP_HASH_FOLD		16

/* Bytes per array element, or per value in a hash slot */
static inline uint32_t xnic_map_value_stride(uint32_t value_size)
{
	return (value_size + 7) & ~7u;
}

static inline uint32_t xnic_map_hash_value_off(uint32_t key_size)
{
	return (XNIC_MAP_SLOT_KEY + key_size + 7) & ~7u;
}

static inline uint32_t xnic_map_hash_stride(uint32_t key_size, uint32_t value_size)
{
	return xnic_map_hash_value_off(key_size) + xnic_map_value_stride(value_size);
}

static inline uint64_t xnic_map_hash_size(uint32_t key_size, uint32_t value_size,
					  uint32_t buckets)
{
	return XNIC_MAP_HASH_SLOTS +
	       (uint64_t)buckets * xnic_map_hash_stride(key_size, value_size);
}

/* A per-CPU hash map's slot: the key, then one value per copy */
static inline uint32_t xnic_map_percpu_hash_stride(uint32_t key_size, uint32_t value_size,
						   uint32_t copies)
{
	return xnic_map_hash_value_off(key_size) + copies * xnic_map_value_stride(value_size);
}

/* Byte offset of an LRU map's clock hand from the map's address */
static inline uint64_t xnic_map_lru_hand(uint32_t slot_stride, uint32_t buckets)
{
	return XNIC_MAP_HASH_SLOTS + (uint64_t)buckets * slot_stride;
}

/* Byte offset of slot b from the map's address */
static inline uint64_t xnic_map_hash_slot(uint32_t key_size, uint32_t value_size,
					  uint32_t b)
{
	return XNIC_MAP_HASH_SLOTS + (uint64_t)b * xnic_map_hash_stride(key_size, value_size);
}

/* 32-bit words the key covers: what a probe reads and compares */
static inline uint32_t xnic_map_hash_key_words(uint32_t key_size)
{
	return (key_size + 3) / 4;
}

/* Key word w, little endian, bytes past key_size read as zero */
static inline uint32_t xnic_map_hash_key_word(const uint8_t *key, uint32_t key_size,
					      uint32_t w)
{
	uint32_t i, v = 0;

	for (i = 0; i < 4 && 4 * w + i < key_size; i++)
		v |= (uint32_t)key[4 * w + i] << (8 * i);
	return v;
}

/* The first slot a probe for key looks at; buckets is a power of two */
static inline uint32_t xnic_map_hash_bucket(const uint8_t *key, uint32_t key_size,
					    uint32_t buckets)
{
	uint32_t h = XNIC_MAP_HASH_BASIS, w;

	for (w = 0; w < xnic_map_hash_key_words(key_size); w++)
		h = (h ^ xnic_map_hash_key_word(key, key_size, w)) * XNIC_MAP_HASH_PRIME;
	return (h ^ h >> XNIC_MAP_HASH_FOLD) & (buckets - 1);
}

/**
 * struct xnic_map_req_head - a MAP_OP request's first XNIC_MAP_REQ_KEY
 *	bytes (regs.h XNIC_MAP_REQ_*), a u32 a field in the request's order:
 *	who sends one writes the words in turn, each little endian.  The
 *	driver, the unit tests and the fuzz seeds build requests with it.
 * @op: XNIC_MAP_OP_*
 * @type: XNIC_MAP_TYPE_*
 * @addr: the map's first byte in the card's emem
 * @key_size: key bytes
 * @value_size: value bytes
 * @max_entries: elements
 * @buckets: hash slots
 * @flags: update flags, or XNIC_MAP_F_FIRST for get-next
 */
struct xnic_map_req_head {
	uint32_t op;
	uint32_t type;
	uint32_t addr;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t buckets;
	uint32_t flags;
};

#define XNIC_MAP_REQ_HEAD_WORDS	(sizeof(struct xnic_map_req_head) / 4)

#define XNIC_MAP_REQ_AT(field, off) \
	_Static_assert(__builtin_offsetof(struct xnic_map_req_head, field) == (off), \
		       "xnic_map_req_head." #field " is not at " #off)
XNIC_MAP_REQ_AT(op, XNIC_MAP_REQ_OP);
XNIC_MAP_REQ_AT(type, XNIC_MAP_REQ_TYPE);
XNIC_MAP_REQ_AT(addr, XNIC_MAP_REQ_ADDR);
XNIC_MAP_REQ_AT(key_size, XNIC_MAP_REQ_KEY_SIZE);
XNIC_MAP_REQ_AT(value_size, XNIC_MAP_REQ_VALUE_SIZE);
XNIC_MAP_REQ_AT(max_entries, XNIC_MAP_REQ_MAX_ENTRIES);
XNIC_MAP_REQ_AT(buckets, XNIC_MAP_REQ_BUCKETS);
XNIC_MAP_REQ_AT(flags, XNIC_MAP_REQ_FLAGS);
_Static_assert(sizeof(struct xnic_map_req_head) == XNIC_MAP_REQ_KEY,
	       "the key follows the request's head");
#undef XNIC_MAP_REQ_AT

#endif /* XNIC_MAPS_H */
