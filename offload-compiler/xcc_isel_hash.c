// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hash maps on the card (docs/compiler.md, "Hash maps"): an open-addressing
 * table in external memory (layout, slot states and hash constants in
 * include/xnic/maps.h, which the device and xnic-cc also use) with
 * linear probing, FNV-1a over the key's 32-bit words (the code below is
 * xnic_map_hash_bucket() in card instructions), deleted slots kept as
 * tombstones.  Each hash map used gets one lookup routine; the helpers call
 * it and follow the 6.1 kernel's htab error codes.  Updates and deletes of
 * one map are serialised by a lock word (the header's second word, taken
 * with mem_cas): contexts swap out on memory commands, so two of them could
 * otherwise insert the same key.  A new element's value is written before
 * its state and key, so an unlocked lookup never finds a half-made one.
 * Per-CPU hash maps keep one value per ME in each slot: the helpers act on
 * this ME's copy.  LRU hash maps evict instead of failing when full: a
 * clock sweep under the lock, over reference bits that lookups and updates
 * set (an approximation of LRU, as the kernel's lists with their ref bits
 * are).
 *
 * Routine contract: in a26 the key's local-memory address; out a22 = the
 * slot holding the key or 0, b22 = the first empty or deleted slot seen or
 * 0, $xr0 = the found slot's state; clobbers the temporaries, a28 and l1;
 * returns through a30.
 */
#include "xcc_priv.h"

#define XCC_T(k)	xcc_pa(XCC_TMP_FIRST + (k))
#define XCC_TB(k)	xcc_pb(XCC_TMP_FIRST + (k))

static struct xcc_mop xcc_lo(u8 r) { return xcc_er(r, 0); }
static struct xcc_mop xcc_hi(u8 r) { return xcc_er(r, 1); }

static u32 xcc_hash_words(const struct xcc_map_desc *d)
{
	return xnic_map_hash_key_words(d->key_size);
}

/* TB(1) = key word w from l1, bytes past the key masked off. */
static void xcc_hash_key_word(struct xcc_prog *prog, const struct xcc_map_desc *d, u32 w)
{
	u32 tail = d->key_size - 4 * w;

	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_TB(1), 1, (s16)(4 * w));
	if (tail < 4)
		xcc_mc_alu(prog, ME_OP_AND, XCC_TB(1), XCC_TB(1), xcc_k(prog, (1u << (8 * tail)) - 1));
}

/* T(1) = bucket index of the key at l1: FNV-1a over its words, folded. */
static void xcc_hash_index(struct xcc_prog *prog, const struct xcc_map_desc *d,
			   const struct xcc_map_layout *l)
{
	u32 w;

	xcc_mc_mov32(prog, XCC_T(1), XNIC_MAP_HASH_BASIS);
	for (w = 0; w < xcc_hash_words(d); w++) {
		xcc_hash_key_word(prog, d, w);
		xcc_mc_alu(prog, ME_OP_XOR, XCC_T(1), XCC_T(1), XCC_TB(1));
		xcc_mc_alu(prog, ME_OP_MUL, XCC_T(1), XCC_T(1), xcc_k(prog, XNIC_MAP_HASH_PRIME));
	}
	xcc_mc_alu(prog, ME_OP_SHR, XCC_TB(2), XCC_T(1), xcc_k(prog, XNIC_MAP_HASH_FOLD));
	xcc_mc_alu(prog, ME_OP_XOR, XCC_T(1), XCC_T(1), XCC_TB(2));
	xcc_mc_alu(prog, ME_OP_AND, XCC_T(1), XCC_T(1), xcc_k(prog, l->buckets - 1));
}

static void xcc_hash_routine(struct xcc_prog *prog, u32 idx)
{
	const struct xcc_map_desc *d = &prog->maps[idx];
	const struct xcc_map_layout *l = &prog->layout[idx];
	u32 loop = xcc_mc_new_label(prog), next = xcc_mc_new_label(prog);
	u32 empty = xcc_mc_new_label(prog), deleted = xcc_mc_new_label(prog);
	u32 miss = xcc_mc_new_label(prog), w;

	xcc_mc_label(prog, l->find_label);
	xcc_mc_lm_set(prog, 1, XCC_T(4), xcc_k(prog, 0));
	xcc_hash_index(prog, d, l);
	xcc_mc_mov32(prog, XCC_TB(0), 0);
	xcc_mc_mov32(prog, XCC_T(3), l->buckets);
	xcc_mc_label(prog, loop);
	xcc_mc_alu(prog, ME_OP_MUL, XCC_T(2), XCC_T(1), xcc_k(prog, l->stride));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(2), XCC_T(2), xcc_k(prog, l->addr + XNIC_MAP_HASH_SLOTS));
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(2), xcc_k(prog, 0),
		   (u8)(XNIC_MAP_SLOT_KEY + 4 * xcc_hash_words(d)));
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(0), xcc_k(prog, XNIC_MAP_SLOT_EMPTY));
	xcc_mc_br(prog, ME_COND_EQ, empty);
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(0), xcc_k(prog, XNIC_MAP_SLOT_DELETED));
	xcc_mc_br(prog, ME_COND_EQ, deleted);
	for (w = 0; w < xcc_hash_words(d); w++) {
		xcc_hash_key_word(prog, d, w);
		xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr((u8)(1 + w)), XCC_TB(1));
		xcc_mc_br(prog, ME_COND_NE, next);
	}
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(0), XCC_T(2));
	xcc_mc_ret(prog, XCC_REG_LINK_RT);
	xcc_mc_label(prog, deleted);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_NE, next);
	xcc_mc_un(prog, ME_OP_MOV, XCC_TB(0), XCC_T(2));
	xcc_mc_label(prog, next);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(1), XCC_T(1), xcc_k(prog, 1));
	xcc_mc_alu(prog, ME_OP_AND, XCC_T(1), XCC_T(1), xcc_k(prog, l->buckets - 1));
	xcc_mc_alu(prog, ME_OP_SUB, XCC_T(3), XCC_T(3), xcc_k(prog, 1));
	xcc_mc_br(prog, ME_COND_NE, loop);
	xcc_mc_br(prog, ME_COND_AL, miss);
	xcc_mc_label(prog, empty);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_NE, miss);
	xcc_mc_un(prog, ME_OP_MOV, XCC_TB(0), XCC_T(2));
	xcc_mc_label(prog, miss);
	xcc_mc_mov32(prog, XCC_T(0), 0);
	xcc_mc_ret(prog, XCC_REG_LINK_RT);
}

/* Hash maps of every kind and DEVMAP_HASH; LPM tries have their own (xcc_isel_lpm.c). */
void xcc_isel_hash_routines(struct xcc_prog *prog)
{
	u32 i;

	for (i = 0; i < prog->n_maps; i++)
		if (prog->layout[i].need_find && prog->maps[i].type != BPF_MAP_TYPE_LPM_TRIE)
			xcc_hash_routine(prog, i);
}

/* Calls the map's lookup routine for the key at local-memory address key. */
void xcc_hl_hash_find_at(struct xcc_prog *prog, u32 idx, struct xcc_mop key)
{
	struct xcc_map_layout *l = &prog->layout[idx];

	if (!l->need_find) {
		l->need_find = 1;
		l->find_label = xcc_mc_new_label(prog);
	}
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(4), key);
	xcc_mc_call(prog, XCC_REG_LINK_RT, l->find_label);
}

/* Calls the map's lookup routine for the key r2 points to. */
static void xcc_hash_find(struct xcc_prog *prog, u32 idx)
{
	xcc_hl_hash_find_at(prog, idx, xcc_lo(2));
}

static void xcc_hash_ret(struct xcc_prog *prog, s32 v)
{
	xcc_mc_mov32(prog, xcc_lo(0), (u32)v);
	xcc_mc_mov32(prog, xcc_hi(0), v < 0 ? 0xffffffffu : 0);
}

/*
 * dst = the value in slot: this ME's copy in a per-CPU map.  A new
 * element's other copies are zeroed first (fresh), as 6.1's
 * pcpu_init_value() does for a program's update.
 */
static void xcc_hash_value(struct xcc_prog *prog, u32 idx, struct xcc_mop dst,
			   struct xcc_mop slot, int fresh)
{
	const struct xcc_map_layout *l = &prog->layout[idx];
	u32 stride = xnic_map_value_stride(prog->maps[idx].value_size);
	u32 size = l->copies * stride, off, w;

	xcc_mc_alu(prog, ME_OP_ADD, dst, slot, xcc_k(prog, l->value_off));
	if (l->copies == 1)
		return;
	for (w = 0; fresh && w < ME_MEM_LEN_MAX / 4 && 4 * w < size; w++)
		xcc_mc_mov32(prog, xcc_xw((u8)w), 0);
	for (off = 0; fresh && off < size; off += ME_MEM_LEN_MAX)
		xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, dst, xcc_k(prog, off),
			   (u8)(size - off < ME_MEM_LEN_MAX ? size - off : ME_MEM_LEN_MAX));
	xcc_mc_csr(prog, XCC_TB(2), ME_CSR_ME);
	xcc_mc_alu(prog, ME_OP_AND, XCC_TB(2), XCC_TB(2), xcc_k(prog, XCC_PERCPU_COPIES - 1));
	xcc_mc_alu(prog, ME_OP_MUL, XCC_TB(2), XCC_TB(2), xcc_k(prog, stride));
	xcc_mc_alu(prog, ME_OP_ADD, dst, dst, XCC_TB(2));
}

/*
 * LRU: marks the slot T(0) the probe found referenced, unless $xr0 (its
 * state) says it is, as bpf_lru_node_set_ref() writes only a clear bit.
 * The compare-and-swap leaves a slot another context deleted meanwhile
 * alone: lookups hold no lock.
 */
static void xcc_hash_touch(struct xcc_prog *prog, u32 idx)
{
	u32 done = xcc_mc_new_label(prog);

	if (!xcc_map_is_lru(prog->maps[idx].type))
		return;
	xcc_mc_cmp(prog, ME_OP_TST, xcc_xr(0), xcc_k(prog, XNIC_MAP_SLOT_REF));
	xcc_mc_br(prog, ME_COND_NE, done);
	xcc_mc_mov32(prog, xcc_xw(0), XNIC_MAP_SLOT_USED);
	xcc_mc_mov32(prog, xcc_xw(1), XNIC_MAP_SLOT_USED | XNIC_MAP_SLOT_REF);
	xcc_mc_mem(prog, ME_OP_MEM_CAS, ME_SPACE_EMEM, 0, XCC_T(0), xcc_k(prog, 0), 4);
	xcc_mc_label(prog, done);
}

int xcc_hl_hash_lookup(struct xcc_prog *prog, u32 i, u32 idx)
{
	u32 null = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);

	xcc_hash_find(prog, idx);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, null);
	xcc_hash_touch(prog, idx);
	xcc_hash_value(prog, idx, xcc_lo(0), XCC_T(0), 0);
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, null);
	xcc_hash_ret(prog, 0);
	xcc_mc_label(prog, done);
	return 0;
}

/* count += delta (atomically: other contexts share the map). */
void xcc_hash_count(struct xcc_prog *prog, u32 idx, u32 delta)
{
	xcc_mc_mov32(prog, XCC_T(5), prog->layout[idx].addr + XNIC_MAP_HASH_COUNT);
	xcc_mc_mov32(prog, xcc_xw(0), delta);
	xcc_mc_mem(prog, ME_OP_MEM_ADD, ME_SPACE_EMEM, 0, XCC_T(5), xcc_k(prog, 0), 4);
}

/*
 * Spins (yielding the ME) until this context turns the lock word at the
 * external-memory address in addr from 0 to 1.
 */
void xcc_spin_acquire(struct xcc_prog *prog, struct xcc_mop addr)
{
	u32 again = xcc_mc_new_label(prog), got = xcc_mc_new_label(prog);

	xcc_mc_label(prog, again);
	xcc_mc_mov32(prog, xcc_xw(0), 0);
	xcc_mc_mov32(prog, xcc_xw(1), 1);
	xcc_mc_mem(prog, ME_OP_MEM_CAS, ME_SPACE_EMEM, 0, addr, xcc_k(prog, 0), 4);
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, got);
	xcc_mc_add(prog, ME_OP_CTX_SWAP);
	xcc_mc_br(prog, ME_COND_AL, again);
	xcc_mc_label(prog, got);
}

/* Spins until this context holds the map's lock. */
void xcc_hash_lock(struct xcc_prog *prog, u32 idx)
{
	xcc_mc_mov32(prog, XCC_T(5), prog->layout[idx].addr + XNIC_MAP_HASH_LOCK);
	xcc_spin_acquire(prog, XCC_T(5));
}

void xcc_hash_unlock(struct xcc_prog *prog, u32 idx)
{
	xcc_mc_mov32(prog, XCC_T(5), prog->layout[idx].addr + XNIC_MAP_HASH_LOCK);
	xcc_mc_mov32(prog, xcc_xw(0), 0);
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_T(5), xcc_k(prog, 0), 4);
}

/* An element in the slot TB(0): value (from r3), then state and key; not counted. */
void xcc_hash_claim(struct xcc_prog *prog, u32 idx,
		    void (*copy_value)(struct xcc_prog *prog, u32 size))
{
	const struct xcc_map_desc *d = &prog->maps[idx];
	u32 w;

	xcc_hash_value(prog, idx, XCC_T(0), XCC_TB(0), 1);
	copy_value(prog, d->value_size);
	xcc_mc_lm_set(prog, 1, xcc_lo(2), xcc_k(prog, 0));
	xcc_mc_mov32(prog, xcc_xw(0), XNIC_MAP_SLOT_USED);
	for (w = 0; w < xcc_hash_words(d); w++)
		xcc_mc_lm(prog, ME_OP_LM_LD32, xcc_xw((u8)(1 + w)), 1, (s16)(4 * w));
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_TB(0), xcc_k(prog, 0),
		   (u8)(XNIC_MAP_SLOT_KEY + d->key_size));
}

/*
 * LRU, max_entries elements: the clock sweep from the hand clears reference
 * bits until it meets a used slot without one, and deletes it (the kernel
 * evicts from its inactive list the same way, sparing referenced nodes
 * once).  The second turn takes referenced slots too, in case lookups set
 * the bits again behind the hand; if two turns meet no used slot (the
 * count lied), -ENOMEM as when the kernel's prealloc_lru_pop() fails.
 * Then TB(0) = the victim when the probe found no free slot (every slot is
 * on the key's probe path then), and on to claim.
 */
static void xcc_hash_evict(struct xcc_prog *prog, u32 idx, u32 claim, u32 enomem)
{
	const struct xcc_map_layout *l = &prog->layout[idx];
	u32 loop = xcc_mc_new_label(prog), next = xcc_mc_new_label(prog);
	u32 victim = xcc_mc_new_label(prog), keep = xcc_mc_new_label(prog);
	u32 hand = l->addr + (u32)xnic_map_lru_hand(l->stride, l->buckets);

	xcc_mc_mov32(prog, XCC_T(3), 2 * l->buckets);
	xcc_mc_mov32(prog, XCC_T(5), hand);
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(5), xcc_k(prog, 0), 4);
	xcc_mc_alu(prog, ME_OP_AND, XCC_T(1), xcc_xr(0), xcc_k(prog, l->buckets - 1));
	xcc_mc_label(prog, loop);
	xcc_mc_alu(prog, ME_OP_MUL, XCC_T(2), XCC_T(1), xcc_k(prog, l->stride));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(2), XCC_T(2), xcc_k(prog, l->addr + XNIC_MAP_HASH_SLOTS));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(1), XCC_T(1), xcc_k(prog, 1));
	xcc_mc_alu(prog, ME_OP_AND, XCC_T(1), XCC_T(1), xcc_k(prog, l->buckets - 1));
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(2), xcc_k(prog, 0), 4);
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(0), xcc_k(prog, XNIC_MAP_SLOT_USED));
	xcc_mc_br(prog, ME_COND_EQ, victim);
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(0), xcc_k(prog, XNIC_MAP_SLOT_USED | XNIC_MAP_SLOT_REF));
	xcc_mc_br(prog, ME_COND_NE, next);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(3), xcc_k(prog, l->buckets));
	xcc_mc_br(prog, ME_COND_LS, victim);
	xcc_mc_mov32(prog, xcc_xw(0), XNIC_MAP_SLOT_USED);
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_T(2), xcc_k(prog, 0), 4);
	xcc_mc_label(prog, next);
	xcc_mc_alu(prog, ME_OP_SUB, XCC_T(3), XCC_T(3), xcc_k(prog, 1));
	xcc_mc_br(prog, ME_COND_NE, loop);
	xcc_mc_br(prog, ME_COND_AL, enomem);
	xcc_mc_label(prog, victim);
	xcc_mc_mov32(prog, xcc_xw(0), XNIC_MAP_SLOT_DELETED);
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_T(2), xcc_k(prog, 0), 4);
	xcc_hash_count(prog, idx, 0xffffffffu);
	xcc_mc_mov32(prog, XCC_T(5), hand);
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(0), XCC_T(1));
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_T(5), xcc_k(prog, 0), 4);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_NE, keep);
	xcc_mc_un(prog, ME_OP_MOV, XCC_TB(0), XCC_T(2));
	xcc_mc_label(prog, keep);
	xcc_mc_br(prog, ME_COND_AL, claim);
}

/*
 * htab_map_update_elem() and its per-CPU and LRU variants: -EINVAL for bad
 * flags, -EEXIST (NOEXIST, present), -ENOENT (EXIST, absent), -E2BIG when
 * max_entries elements exist (LRU maps evict one instead).
 */
int xcc_hl_hash_update(struct xcc_prog *prog, u32 i, u32 idx,
		       void (*copy_value)(struct xcc_prog *prog, u32 size))
{
	const struct xcc_map_desc *d = &prog->maps[idx];
	u32 einval = xcc_mc_new_label(prog), eexist = xcc_mc_new_label(prog);
	u32 enoent = xcc_mc_new_label(prog), e2big = xcc_mc_new_label(prog);
	u32 found = xcc_mc_new_label(prog), unlock = xcc_mc_new_label(prog);
	u32 done = xcc_mc_new_label(prog), claim = xcc_mc_new_label(prog);
	u32 enomem = xcc_mc_new_label(prog), evict = xcc_mc_new_label(prog);
	int lru = xcc_map_is_lru(d->type);
	const u32 errs[4] = { eexist, enoent, e2big, enomem };
	const s32 codes[4] = { -17, -2, -7, -12 };
	int k;

	xcc_hl_flags_above(prog, i, BPF_EXIST, einval);
	xcc_hash_lock(prog, idx);
	xcc_hash_find(prog, idx);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_NE, found);
	xcc_hl_flags_are(prog, i, BPF_EXIST, enoent);
	xcc_mc_mov32(prog, XCC_T(5), prog->layout[idx].addr + XNIC_MAP_HASH_COUNT);
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(5), xcc_k(prog, 0), 4);
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(0), xcc_k(prog, d->max_entries));
	xcc_mc_br(prog, ME_COND_HS, lru ? evict : e2big);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, e2big);	/* no free slot left among tombstones */
	xcc_mc_label(prog, claim);
	xcc_hash_claim(prog, idx, copy_value);
	xcc_hash_count(prog, idx, 1);
	xcc_hash_ret(prog, 0);
	xcc_mc_br(prog, ME_COND_AL, unlock);
	if (lru) {
		xcc_mc_label(prog, evict);
		xcc_hash_evict(prog, idx, claim, enomem);
	}
	xcc_mc_label(prog, found);
	xcc_hl_flags_are(prog, i, BPF_NOEXIST, eexist);
	xcc_hash_touch(prog, idx);
	xcc_hash_value(prog, idx, XCC_T(0), XCC_T(0), 0);
	copy_value(prog, d->value_size);
	xcc_hash_ret(prog, 0);
	xcc_mc_br(prog, ME_COND_AL, unlock);
	for (k = 0; k < 3 + lru; k++) {
		xcc_mc_label(prog, errs[k]);
		xcc_hash_ret(prog, codes[k]);
		xcc_mc_br(prog, ME_COND_AL, unlock);
	}
	xcc_mc_label(prog, unlock);
	xcc_hash_unlock(prog, idx);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, einval);
	xcc_hash_ret(prog, -22);
	xcc_mc_label(prog, done);
	return 0;
}

/* htab_map_delete_elem(): -ENOENT when absent; the slot becomes a tombstone. */
int xcc_hl_hash_delete(struct xcc_prog *prog, u32 i, u32 idx)
{
	u32 enoent = xcc_mc_new_label(prog), unlock = xcc_mc_new_label(prog);

	xcc_hash_lock(prog, idx);
	xcc_hash_find(prog, idx);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, enoent);
	xcc_mc_mov32(prog, xcc_xw(0), XNIC_MAP_SLOT_DELETED);
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_T(0), xcc_k(prog, 0), 4);
	xcc_hash_count(prog, idx, 0xffffffffu);
	xcc_hash_ret(prog, 0);
	xcc_mc_br(prog, ME_COND_AL, unlock);
	xcc_mc_label(prog, enoent);
	xcc_hash_ret(prog, -2);
	xcc_mc_label(prog, unlock);
	xcc_hash_unlock(prog, idx);
	return 0;
}
