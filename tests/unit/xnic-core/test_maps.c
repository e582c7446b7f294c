// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic offloaded maps (docs/firmware.md "Offloaded maps"): MAP_OP on
 * arrays and hash maps with the kernel's results, maps shared with a
 * program compiled for the same placement (the card and the compiled code
 * agree on hash, probing and layout), malformed requests refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic/maps.h"
#include "xnic_fake.h"
#include "xnic_fake_cc.h"

Suite *make_maps_suite(void);

struct map {
	uint32_t type, addr, key_size, value_size, max_entries, buckets;
};

static void maps_setup(void)
{
	xnic_fake_setup();
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_ENABLE);
	xnic_fake_ring(0, XNIC_Q_RX_BASE_LO, XNIC_FAKE_RX_RING, 64);
	xnic_fake_load_fw();
}

static void put_bytes(uint32_t off, const void *src, uint32_t len)
{
	uint8_t w[4];
	uint32_t i;

	for (i = 0; i < len; i += 4) {
		memset(w, 0, 4);
		memcpy(w, (const uint8_t *)src + i, len - i < 4 ? len - i : 4);
		xnic_fake_wr(XNIC_REG_MBOX_DATA + off + i,
			     w[0] | w[1] << 8 | w[2] << 16 | (uint32_t)w[3] << 24);
	}
}

static void get_bytes(uint32_t off, void *dst, uint32_t len)
{
	uint32_t i, w;

	for (i = 0; i < len; i += 4) {
		w = xnic_fake_rd(XNIC_REG_MBOX_DATA + off + i);
		memcpy((uint8_t *)dst + i, &w, len - i < 4 ? len - i : 4);
	}
}

/* A MAP_OP; returns MBOX_STATUS, *err the reply's errno when DONE. */
static uint32_t map_op(const struct map *m, uint32_t op, uint32_t flags,
		       const void *key, const void *value, uint32_t *err)
{
	const struct xnic_map_req_head head = {
		.op = op, .type = m->type, .addr = m->addr,
		.key_size = m->key_size, .value_size = m->value_size,
		.max_entries = m->max_entries, .buckets = m->buckets, .flags = flags,
	};
	const uint32_t *words = (const uint32_t *)&head;
	uint32_t len = XNIC_MAP_REQ_SIZE, status;

	for (unsigned int i = 0; i < XNIC_MAP_REQ_HEAD_WORDS; i++)
		xnic_fake_wr(XNIC_REG_MBOX_DATA + 4 * i, words[i]);
	if (key)
		put_bytes(XNIC_MAP_REQ_KEY, key, m->key_size);
	if (value) {
		put_bytes(XNIC_MAP_REQ_VALUE, value, m->value_size);
		len += m->value_size;
	}
	xnic_fake_wr(XNIC_REG_MBOX_LEN, len);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_MAP_OP);
	status = xnic_fake_rd(XNIC_REG_MBOX_STATUS);
	*err = xnic_fake_rd(XNIC_REG_MBOX_DATA + XNIC_MAP_REPLY_ERR);
	return status;
}

/* The operation runs; returns its errno. */
static uint32_t map_do(const struct map *m, uint32_t op, uint32_t flags,
		       const void *key, const void *value)
{
	uint32_t err;

	ck_assert_uint_eq(map_op(m, op, flags, key, value, &err), XNIC_MBOX_DONE);
	return err;
}

static uint64_t lookup64(const struct map *m, const void *key)
{
	uint64_t v = 0;

	ck_assert_uint_eq(map_do(m, XNIC_MAP_OP_LOOKUP, 0, key, NULL), 0);
	get_bytes(XNIC_MAP_REQ_VALUE, &v, 8);
	return v;
}

static uint32_t area(void)
{
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_FW_CAPS);
	return xnic_fake_rd(XNIC_REG_MBOX_DATA + XNIC_CAPS_EMEM_MAPS);
}

START_TEST(test_array_ops)
{
	struct map m = { XNIC_MAP_TYPE_ARRAY, area(), 4, 8, 4, 0 };
	uint64_t v = 0x1122334455667788ull;
	uint32_t k, next;

	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_CLEAR, 0, NULL, NULL), 0);
	k = 3;
	ck_assert_uint_eq(lookup64(&m, &k), 0);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_ANY, &k, &v), 0);
	ck_assert_uint_eq(lookup64(&m, &k), v);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_NOEXIST, &k, &v),
			  XNIC_MAP_EEXIST);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_EXIST, &k, &v), 0);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, 3, &k, &v), XNIC_MAP_EINVAL);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_DELETE, 0, &k, NULL), XNIC_MAP_EINVAL);
	k = 4;
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_ANY, &k, &v), XNIC_MAP_E2BIG);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_LOOKUP, 0, &k, NULL), XNIC_MAP_ENOENT);
	/* get-next: first, each in turn, ENOENT after the last; bad keys restart */
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_GET_NEXT, XNIC_MAP_F_FIRST, NULL, NULL), 0);
	get_bytes(XNIC_MAP_REQ_KEY, &next, 4);
	ck_assert_uint_eq(next, 0);
	k = 2;
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_GET_NEXT, 0, &k, NULL), 0);
	get_bytes(XNIC_MAP_REQ_KEY, &next, 4);
	ck_assert_uint_eq(next, 3);
	k = 3;
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_GET_NEXT, 0, &k, NULL), XNIC_MAP_ENOENT);
	k = 99;
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_GET_NEXT, 0, &k, NULL), 0);
	get_bytes(XNIC_MAP_REQ_KEY, &next, 4);
	ck_assert_uint_eq(next, 0);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/*
 * Injected fault (docs/device.md "Fault injection"): the card takes a
 * MAP_OP and never answers, leaving the map as it was; the next one runs.
 */
START_TEST(test_mbox_hang_fault)
{
	struct map m = { XNIC_MAP_TYPE_ARRAY, area(), 4, 8, 4, 0 };
	uint64_t v = 7, w = 9;
	uint32_t k = 1, err, misc;

	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_ANY, &k, &v), 0);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, XNIC_MISC_ALL);
	xnic_fake->core.fault_mbox_hang = 1;
	ck_assert_uint_eq(map_op(&m, XNIC_MAP_OP_UPDATE, BPF_ANY, &k, &w, &err),
			  XNIC_MBOX_BUSY);
	misc = xnic_fake_rd(XNIC_REG_MISC_CAUSE);
	ck_assert_uint_eq(misc & XNIC_MISC_MBOX, 0);
	ck_assert_uint_eq(xnic_fake->core.fault_mbox_hang, 0);
	ck_assert_uint_eq(lookup64(&m, &k), v);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_ANY, &k, &w), 0);
	ck_assert_uint_eq(lookup64(&m, &k), w);
}
END_TEST

START_TEST(test_hash_ops)
{
	struct map m = { XNIC_MAP_TYPE_HASH, area() + 0x1000, 6, 8, 5, 16 };
	uint8_t key[6] = "abcde", seen[5] = { 0 }, next[6];
	uint64_t v;
	uint32_t i, n;

	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_CLEAR, 0, NULL, NULL), 0);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_GET_NEXT, XNIC_MAP_F_FIRST, NULL, NULL),
			  XNIC_MAP_ENOENT);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_LOOKUP, 0, key, NULL), XNIC_MAP_ENOENT);
	v = 1;
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_EXIST, key, &v), XNIC_MAP_ENOENT);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, 4, key, &v), XNIC_MAP_EINVAL);
	for (i = 0; i < 5; i++) {
		key[5] = i;
		v = 100 + i;
		ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_NOEXIST, key, &v), 0);
	}
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_NOEXIST, key, &v), XNIC_MAP_EEXIST);
	key[5] = 9;
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_ANY, key, &v), XNIC_MAP_E2BIG);
	key[5] = 2;
	ck_assert_uint_eq(lookup64(&m, key), 102);
	v = 7;
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_EXIST, key, &v), 0);
	ck_assert_uint_eq(lookup64(&m, key), 7);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_DELETE, 0, key, NULL), 0);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_DELETE, 0, key, NULL), XNIC_MAP_ENOENT);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_LOOKUP, 0, key, NULL), XNIC_MAP_ENOENT);
	/* the tombstone is reused: the map holds max_entries again */
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_UPDATE, BPF_NOEXIST, key, &v), 0);
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_DELETE, 0, key, NULL), 0);
	/* get-next visits the 4 keys once each, then ENOENT */
	ck_assert_uint_eq(map_do(&m, XNIC_MAP_OP_GET_NEXT, XNIC_MAP_F_FIRST, NULL, NULL), 0);
	for (n = 0; n < 10; n++) {
		get_bytes(XNIC_MAP_REQ_KEY, next, 6);
		ck_assert_mem_eq(next, "abcde", 5);
		ck_assert_uint_lt(next[5], 5);
		ck_assert_uint_ne(next[5], 2);
		ck_assert_uint_eq(seen[next[5]]++, 0);
		if (map_do(&m, XNIC_MAP_OP_GET_NEXT, 0, next, NULL))
			break;
	}
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/* ---- shared with a compiled program ---- */

#define PROG_ADDR	(XNIC_FAKE_FW + 0x80000)
#define I(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV_IMM(d, i)	I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV_REG(d, s)	I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD_IMM(d, i)	I(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_W(d, o, i)	I(BPF_ST | BPF_MEM | BPF_W, d, 0, o, i)
#define ST_DW(d, o, i)	I(BPF_ST | BPF_MEM | BPF_DW, d, 0, o, i)
#define LDX_W(d, s, o)	I(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define XADD(d, s)	I(BPF_STX | BPF_ATOMIC | BPF_DW, d, s, 0, BPF_ADD)
#define JEQ_IMM(d, i, o)	I(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define CALL(f)		I(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()		I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LD_MAP(d, m)	I(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, m), I(0, 0, 0, 0, 0)

/*
 * counts[0] += 1; hash {5} = 9 if new; the verdict is hash {7}, or PASS
 * when absent.  Map 0 is the hash, map 1 the array.
 */
static const struct bpf_insn p_shared[] = {
	ST_W(10, -4, 0), LD_MAP(1, 1), MOV_REG(2, 10), ADD_IMM(2, -4),
	CALL(BPF_FUNC_map_lookup_elem), JEQ_IMM(0, 0, 15),
	MOV_IMM(1, 1), XADD(0, 1),
	ST_W(10, -8, 5), ST_DW(10, -16, 9),
	LD_MAP(1, 0), MOV_REG(2, 10), ADD_IMM(2, -8), MOV_REG(3, 10), ADD_IMM(3, -16),
	MOV_IMM(4, BPF_NOEXIST), CALL(BPF_FUNC_map_update_elem),
	ST_W(10, -8, 7), LD_MAP(1, 0), MOV_REG(2, 10), ADD_IMM(2, -8),
	CALL(BPF_FUNC_map_lookup_elem), JEQ_IMM(0, 0, 2),
	LDX_W(0, 0, 0), EXIT(),
	MOV_IMM(0, XDP_PASS), EXIT(),
};

/* Compiles p_shared for the maps' placement and installs it. */
/* PROG_LOAD of p_shared over maps h and a; returns MBOX_STATUS. */
static uint32_t load_shared(const struct map *h, const struct map *a)
{
	const struct xcc_map_desc descs[] = {
		{ .type = BPF_MAP_TYPE_HASH, .key_size = h->key_size,
		  .value_size = h->value_size, .max_entries = h->max_entries,
		  .name = "h", .addr = h->addr, .buckets = h->buckets },
		{ .type = BPF_MAP_TYPE_ARRAY, .key_size = 4,
		  .value_size = a->value_size, .max_entries = a->max_entries,
		  .name = "counts", .addr = a->addr },
	};
	struct xcc_env env = xnic_fake_cc_env;
	struct xcc_options opts = { 0 };
	struct xcc_image_info info;
	struct xcc_prog *prog;
	uint32_t status;

	prog = xcc_prog_new(&env, p_shared, sizeof(p_shared) / sizeof(p_shared[0]),
			    descs, 2);
	ck_assert_msg(xcc_compile(prog, &opts) == 0, "%s", xcc_prog_error(prog));
	ck_assert_int_eq(xcc_prog_image(prog, &info), 0);
	status = xnic_fake_prog_load(PROG_ADDR, info.code, info.n_code, info.entry_main);
	xcc_prog_free(prog);
	return status;
}

static void install_shared(const struct map *h, const struct map *a)
{
	ck_assert_uint_eq(load_shared(h, a), XNIC_MBOX_DONE);
}

static uint64_t fw_counter(unsigned int n)
{
	return xnic_fake_rd(XNIC_REG_FW_STATS + 8 * n);
}

static void send_frames(unsigned int n)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t frame[64];
	unsigned int i;

	for (i = 0; i < n; i++) {
		xnic_fake_desc(XNIC_FAKE_RX_RING, i, xnic_fake_buf(i), 0x2400);
		xnic_fake_frame(frame, sizeof(frame), bcast, i);
		xnic_core_receive(&xnic_fake->core, frame, sizeof(frame));
	}
	xnic_fake_qwr(0, XNIC_Q_RX_TAIL, n);
	xnic_fake_run_card();
}

START_TEST(test_shared_with_program)
{
	struct map h = { XNIC_MAP_TYPE_HASH, area() + 0x40, 4, 8, 16, 32 };
	struct map a = { XNIC_MAP_TYPE_ARRAY, area() + 0x1000, 4, 8, 4, 0 };
	uint32_t k = 5, status, err;
	uint64_t v;

	ck_assert_uint_eq(map_do(&h, XNIC_MAP_OP_CLEAR, 0, NULL, NULL), 0);
	ck_assert_uint_eq(map_do(&a, XNIC_MAP_OP_CLEAR, 0, NULL, NULL), 0);
	install_shared(&h, &a);
	send_frames(3);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_PASS), 3);
	/* the program's counter and its insert, seen by the card */
	k = 0;
	ck_assert_uint_eq(lookup64(&a, &k), 3);
	k = 5;
	ck_assert_uint_eq(lookup64(&h, &k), 9);
	/* an insert by the card steers the program: key 7 -> DROP */
	k = 7;
	v = XDP_DROP;
	ck_assert_uint_eq(map_do(&h, XNIC_MAP_OP_UPDATE, BPF_NOEXIST, &k, &v), 0);
	send_frames(2);
	ck_assert_uint_eq(fw_counter(XNIC_FW_CNT_DROP), 2);
	/* deleted by the card: the program inserts it again */
	k = 5;
	ck_assert_uint_eq(map_do(&h, XNIC_MAP_OP_DELETE, 0, &k, NULL), 0);
	k = 0;
	v = 100;
	ck_assert_uint_eq(map_do(&a, XNIC_MAP_OP_UPDATE, BPF_ANY, &k, &v), 0);
	send_frames(1);
	ck_assert_uint_eq(lookup64(&a, &k), 101);
	k = 5;
	ck_assert_uint_eq(lookup64(&h, &k), 9);
	status = map_op(&h, XNIC_MAP_OP_GET_NEXT, XNIC_MAP_F_FIRST, NULL, NULL, &err);
	ck_assert_uint_eq(status, XNIC_MBOX_DONE);
	ck_assert_uint_eq(err, 0);
	ck_assert_uint_eq(xnic_fake->guest_errors, 0);
}
END_TEST

/*
 * Injected fault (docs/device.md "Fault injection"): the firmware trips
 * its watchdog while a program switch drains the contexts.  The switch is
 * refused, the card stops and raises MISC_FW; the maps in its memory stay
 * readable, which is what the driver's recovery saves before it restarts
 * the card, writes them back and installs the program again.
 */
START_TEST(test_switch_watchdog_fault)
{
	struct map h = { XNIC_MAP_TYPE_HASH, area() + 0x40, 4, 8, 16, 32 };
	struct map a = { XNIC_MAP_TYPE_ARRAY, area() + 0x1000, 4, 8, 4, 0 };
	uint32_t k0 = 0, k5 = 5;
	uint64_t count, seen;

	ck_assert_uint_eq(map_do(&h, XNIC_MAP_OP_CLEAR, 0, NULL, NULL), 0);
	ck_assert_uint_eq(map_do(&a, XNIC_MAP_OP_CLEAR, 0, NULL, NULL), 0);
	install_shared(&h, &a);
	send_frames(3);
	xnic_fake_wr(XNIC_REG_MISC_CAUSE, XNIC_MISC_ALL);
	xnic_fake->core.fault_switch_watchdog = 1;
	ck_assert_uint_eq(load_shared(&h, &a), XNIC_MBOX_ERROR);
	ck_assert_uint_eq(xnic_fake->core.fault_switch_watchdog, 0);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_STOPPED);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STOP) & 0xff,
			  XNIC_FW_STOP_WATCHDOG);
	ck_assert(xnic_fake_rd(XNIC_REG_MISC_CAUSE) & XNIC_MISC_FW);
	/* what the program counted, read from the stopped card */
	count = lookup64(&a, &k0);
	seen = lookup64(&h, &k5);
	ck_assert_uint_eq(count, 3);
	ck_assert_uint_eq(seen, 9);
	/* the driver's recovery: restart, maps back, program back */
	xnic_fake_load_fw();
	ck_assert_uint_eq(lookup64(&a, &k0), 0);
	ck_assert_uint_eq(map_do(&a, XNIC_MAP_OP_UPDATE, BPF_ANY, &k0, &count), 0);
	ck_assert_uint_eq(map_do(&h, XNIC_MAP_OP_UPDATE, BPF_ANY, &k5, &seen), 0);
	install_shared(&h, &a);
	send_frames(1);
	ck_assert_uint_eq(lookup64(&a, &k0), 4);
	ck_assert_uint_eq(lookup64(&h, &k5), 9);
}
END_TEST

/* Malformed requests: refused with a reason, nothing touched outside. */
START_TEST(test_bad_requests)
{
	static const struct {
		struct map m;
		uint32_t op;
		const char *why;
	} bad[] = {
		{ { XNIC_MAP_TYPE_ARRAY, 0, 4, 8, 4, 0 }, XNIC_MAP_OP_CLEAR, "map area" },
		{ { XNIC_MAP_TYPE_ARRAY, 0x1001000, 4, 8, 4, 0 }, XNIC_MAP_OP_CLEAR, "map area" },
		{ { XNIC_MAP_TYPE_ARRAY, 0xfffc0, 4, 8, 0xffffffff, 0 }, XNIC_MAP_OP_CLEAR, "map area" },
		{ { XNIC_MAP_TYPE_ARRAY, 0x1004, 4, 8, 4, 0 }, XNIC_MAP_OP_CLEAR, "aligned" },
		{ { XNIC_MAP_TYPE_ARRAY, 0x1000, 3, 8, 4, 0 }, XNIC_MAP_OP_LOOKUP, "4 bytes" },
		{ { XNIC_MAP_TYPE_ARRAY, 0x1000, 4, 0, 4, 0 }, XNIC_MAP_OP_LOOKUP, "value size" },
		{ { XNIC_MAP_TYPE_ARRAY, 0x1000, 4, 5000, 4, 0 }, XNIC_MAP_OP_LOOKUP, "value size" },
		{ { XNIC_MAP_TYPE_ARRAY, 0x1000, 4, 8, 0, 0 }, XNIC_MAP_OP_LOOKUP, "max_entries" },
		{ { XNIC_MAP_TYPE_HASH, 0x1000, 57, 8, 4, 8 }, XNIC_MAP_OP_LOOKUP, "key size" },
		{ { XNIC_MAP_TYPE_HASH, 0x1000, 4, 8, 16, 8 }, XNIC_MAP_OP_LOOKUP, "buckets" },
		{ { XNIC_MAP_TYPE_HASH, 0x1000, 4, 8, 16, 24 }, XNIC_MAP_OP_LOOKUP, "buckets" },
		{ { XNIC_MAP_TYPE_HASH, 0xfff000, 4, 8, 65536, 131072 },
		  XNIC_MAP_OP_CLEAR, "map area" },
		{ { 6, 0x1000, 4, 8, 4, 0 }, XNIC_MAP_OP_LOOKUP, "neither" },
		{ { XNIC_MAP_TYPE_ARRAY, 0x1000, 4, 8, 4, 0 }, 0, "unknown" },
		{ { XNIC_MAP_TYPE_ARRAY, 0x1000, 4, 8, 4, 0 }, 6, "unknown" },
	};
	struct map ok = { XNIC_MAP_TYPE_ARRAY, 0x1000, 4, 8, 4, 0 };
	/* as long as the longest key_size above, one past the card's limit */
	uint8_t key[XNIC_MAP_KEY_MAX + 1] = { 0 };
	uint32_t i, err, k = 0;
	char msg[128];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_uint_eq(map_op(&bad[i].m, bad[i].op, 0, key, NULL, &err),
				  XNIC_MBOX_ERROR);
		get_bytes(0, msg, sizeof(msg));
		msg[sizeof(msg) - 1] = 0;
		ck_assert_msg(strstr(msg, bad[i].why), "case %u: \"%s\" lacks \"%s\"",
			      i, msg, bad[i].why);
	}
	/* an update shorter than its value */
	ck_assert_uint_eq(map_op(&ok, XNIC_MAP_OP_UPDATE, 0, &k, NULL, &err), XNIC_MBOX_ERROR);
	xnic_fake_wr(XNIC_REG_MBOX_LEN, XNIC_MAP_REQ_SIZE - 4);
	xnic_fake_wr(XNIC_REG_MBOX_CMD, XNIC_MBOX_CMD_MAP_OP);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_MBOX_STATUS), XNIC_MBOX_ERROR);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_ERR_LAST), XNIC_ERR_BAD_FW);
	ck_assert_uint_eq(xnic_fake_rd(XNIC_REG_FW_STATUS), XNIC_FW_RUNNING);
	/* without firmware there is no map area */
	xnic_fake_wr(XNIC_REG_CTRL, XNIC_CTRL_RESET);
	ck_assert_uint_eq(map_op(&ok, XNIC_MAP_OP_LOOKUP, 0, &k, NULL, &err), XNIC_MBOX_ERROR);
}
END_TEST

Suite *make_maps_suite(void)
{
	Suite *s = suite_create("xnic-maps");
	TCase *tc = tcase_create("maps");

	tcase_add_checked_fixture(tc, maps_setup, xnic_fake_teardown);
	tcase_add_test(tc, test_array_ops);
	tcase_add_test(tc, test_mbox_hang_fault);
	tcase_add_test(tc, test_hash_ops);
	tcase_add_test(tc, test_shared_with_program);
	tcase_add_test(tc, test_switch_watchdog_fault);
	tcase_add_test(tc, test_bad_requests);
	suite_add_tcase(s, tc);
	return s;
}
