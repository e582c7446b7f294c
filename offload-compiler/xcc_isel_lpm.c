// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LPM tries on the card (docs/compiler.md, "LPM tries"): max_entries slots
 * laid out as a hash map's ({u32 state, key, value}, include/xnic/maps.h),
 * the key being the kernel's struct bpf_lpm_trie_key (u32 prefixlen, then
 * the data, most significant bit first).  Every operation scans all slots
 * for the longest stored prefix that covers the key: a trie would touch
 * fewer slots but follow a pointer per level, each a memory command.
 * Updates and deletes hold the map's lock and use the hash maps' element
 * writes (value first, so an unlocked lookup never finds a half-made
 * element); results and error codes are 6.1's trie_*_elem() ones.
 *
 * Routine contract: in a26 the key's local-memory address; out a22 = the
 * slot with the longest prefix that covers the key and is no longer than
 * its prefixlen, or 0; b23 = that prefix length + 1 (0: none); a23 = the
 * key's prefixlen; b22 = the first empty slot or 0.  Clobbers the
 * temporaries, a28 and l1; returns through a30.
 */
#include "xcc_priv.h"

#define XCC_T(k)	xcc_pa(XCC_TMP_FIRST + (k))
#define XCC_TB(k)	xcc_pb(XCC_TMP_FIRST + (k))

#define XCC_ENOENT	2u
#define XCC_EINVAL	22u
#define XCC_ENOSPC	28u

static struct xcc_mop xcc_lo(u8 r) { return xcc_er(r, 0); }
static struct xcc_mop xcc_hi(u8 r) { return xcc_er(r, 1); }

static u32 xcc_lpm_data_words(const struct xcc_map_desc *d)
{
	return (d->key_size - XNIC_MAP_LPM_DATA + 3) / 4;
}

/* The longest prefix the trie holds: every bit of the data. */
static u32 xcc_lpm_max_prefixlen(const struct xcc_map_desc *d)
{
	return 8 * (d->key_size - XNIC_MAP_LPM_DATA);
}

/*
 * Does the prefix in $xr1 (the slot's length) cover the key at l1 in data
 * word w?  Branches to covered when the prefix ends before the word, to
 * miss when a prefix bit differs; falls through when the word agrees.  The
 * words are compared in network bit order (bswap), only the prefix's top
 * bits of a partial word: bytes past the data shift out.
 */
static void xcc_lpm_word(struct xcc_prog *prog, u32 w, u32 covered, u32 miss)
{
	u32 whole = xcc_mc_new_label(prog);

	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(1), xcc_k(prog, 32 * w));
	xcc_mc_br(prog, ME_COND_LS, covered);
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_TB(2), 1, (s16)(XNIC_MAP_LPM_DATA + 4 * w));
	xcc_mc_alu(prog, ME_OP_XOR, XCC_T(5), XCC_TB(2), xcc_xr((u8)(2 + w)));
	xcc_mc_un(prog, ME_OP_BSWAP, XCC_T(5), XCC_T(5));
	xcc_mc_alu(prog, ME_OP_SUB, XCC_T(4), xcc_xr(1), xcc_k(prog, 32 * w));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(4), xcc_k(prog, 32));
	xcc_mc_br(prog, ME_COND_HS, whole);
	xcc_mc_mov32(prog, XCC_TB(3), 32);
	xcc_mc_alu(prog, ME_OP_SUB, XCC_TB(3), XCC_TB(3), XCC_T(4));
	xcc_mc_alu(prog, ME_OP_SHR, XCC_T(5), XCC_T(5), XCC_TB(3));
	xcc_mc_label(prog, whole);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(5), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_NE, miss);
}

static void xcc_lpm_routine(struct xcc_prog *prog, u32 idx)
{
	const struct xcc_map_desc *d = &prog->maps[idx];
	const struct xcc_map_layout *l = &prog->layout[idx];
	u32 loop = xcc_mc_new_label(prog), next = xcc_mc_new_label(prog);
	u32 used = xcc_mc_new_label(prog), covered = xcc_mc_new_label(prog), w;

	xcc_mc_label(prog, l->find_label);
	xcc_mc_lm_set(prog, 1, XCC_T(4), xcc_k(prog, 0));
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_T(1), 1, 0);
	xcc_mc_mov32(prog, XCC_T(0), 0);
	xcc_mc_mov32(prog, XCC_TB(0), 0);
	xcc_mc_mov32(prog, XCC_TB(1), 0);
	xcc_mc_mov32(prog, XCC_T(2), l->addr + XNIC_MAP_HASH_SLOTS);
	xcc_mc_mov32(prog, XCC_T(3), l->buckets);
	xcc_mc_label(prog, loop);
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(2), xcc_k(prog, 0),
		   (u8)(XNIC_MAP_SLOT_KEY + XNIC_MAP_LPM_DATA + 4 * xcc_lpm_data_words(d)));
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(0), xcc_k(prog, XNIC_MAP_SLOT_EMPTY));
	xcc_mc_br(prog, ME_COND_NE, used);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_TB(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_NE, next);
	xcc_mc_un(prog, ME_OP_MOV, XCC_TB(0), XCC_T(2));
	xcc_mc_br(prog, ME_COND_AL, next);
	xcc_mc_label(prog, used);
	/* longer than the key's prefix, or no longer than the best so far */
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(1), XCC_T(1));
	xcc_mc_br(prog, ME_COND_HI, next);
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(1), XCC_TB(1));
	xcc_mc_br(prog, ME_COND_LO, next);
	for (w = 0; w < xcc_lpm_data_words(d); w++)
		xcc_lpm_word(prog, w, covered, next);
	xcc_mc_label(prog, covered);
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(0), XCC_T(2));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_TB(1), xcc_xr(1), xcc_k(prog, 1));
	xcc_mc_label(prog, next);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(2), XCC_T(2), xcc_k(prog, l->stride));
	xcc_mc_alu(prog, ME_OP_SUB, XCC_T(3), XCC_T(3), xcc_k(prog, 1));
	xcc_mc_br(prog, ME_COND_NE, loop);
	xcc_mc_ret(prog, XCC_REG_LINK_RT);
}

void xcc_isel_lpm_routines(struct xcc_prog *prog)
{
	u32 i;

	for (i = 0; i < prog->n_maps; i++)
		if (prog->layout[i].need_find && prog->maps[i].type == BPF_MAP_TYPE_LPM_TRIE)
			xcc_lpm_routine(prog, i);
}

/* Calls the trie's scan for the key r2 points to. */
static void xcc_lpm_find(struct xcc_prog *prog, u32 idx)
{
	struct xcc_map_layout *l = &prog->layout[idx];

	if (!l->need_find) {
		l->need_find = 1;
		l->find_label = xcc_mc_new_label(prog);
	}
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(4), xcc_lo(2));
	xcc_mc_call(prog, XCC_REG_LINK_RT, l->find_label);
}

static void xcc_lpm_ret(struct xcc_prog *prog, s32 v)
{
	xcc_mc_mov32(prog, xcc_lo(0), (u32)v);
	xcc_mc_mov32(prog, xcc_hi(0), v < 0 ? 0xffffffffu : 0);
}

/* Branches to bad when the key at r2 has a prefixlen past the data's bits. */
static void xcc_lpm_check_prefixlen(struct xcc_prog *prog, u32 idx, u32 bad)
{
	xcc_mc_lm_set(prog, 1, xcc_lo(2), xcc_k(prog, 0));
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_T(0), 1, 0);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, xcc_lpm_max_prefixlen(&prog->maps[idx])));
	xcc_mc_br(prog, ME_COND_HI, bad);
}

/* Branches to no when the scan found no prefix exactly as long as the key's. */
static void xcc_lpm_need_exact(struct xcc_prog *prog, u32 no)
{
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, no);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(5), XCC_T(1), xcc_k(prog, 1));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(5), XCC_TB(1));
	xcc_mc_br(prog, ME_COND_NE, no);
}

/* trie_lookup_elem(): the longest covering prefix's value; NULL past max_prefixlen. */
int xcc_hl_lpm_lookup(struct xcc_prog *prog, u32 i, u32 idx)
{
	u32 null = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);

	xcc_lpm_check_prefixlen(prog, idx, null);
	xcc_lpm_find(prog, idx);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, null);
	xcc_mc_alu(prog, ME_OP_ADD, xcc_lo(0), XCC_T(0), xcc_k(prog, prog->layout[idx].value_off));
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, null);
	xcc_lpm_ret(prog, 0);
	xcc_mc_label(prog, done);
	return 0;
}

/*
 * The end of an update or delete: 0 where the code falls in, -err from
 * label fail, both under the map's lock, which they release; -EINVAL from
 * label einval, reached before the lock was taken.
 */
static void xcc_lpm_finish(struct xcc_prog *prog, u32 idx, u32 fail, u32 err, u32 einval)
{
	u32 unlock = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);

	xcc_lpm_ret(prog, 0);
	xcc_mc_br(prog, ME_COND_AL, unlock);
	xcc_mc_label(prog, fail);
	xcc_lpm_ret(prog, -(s32)err);
	xcc_mc_label(prog, unlock);
	xcc_hash_unlock(prog, idx);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, einval);
	xcc_lpm_ret(prog, -(s32)XCC_EINVAL);
	xcc_mc_label(prog, done);
}

/*
 * 6.1's trie_update_elem(): -EINVAL for flags above BPF_EXIST or a
 * prefixlen past the data; -ENOSPC when max_entries elements exist, even
 * for a prefix already there (6.1 checks before it looks); otherwise the
 * prefix's element is replaced or a new one made.  6.1 ignores
 * BPF_NOEXIST and BPF_EXIST otherwise (later kernels do not).
 */
int xcc_hl_lpm_update(struct xcc_prog *prog, u32 i, u32 idx,
		      void (*copy_value)(struct xcc_prog *prog, u32 size))
{
	const struct xcc_map_desc *d = &prog->maps[idx];
	u32 einval = xcc_mc_new_label(prog), enospc = xcc_mc_new_label(prog);
	u32 insert = xcc_mc_new_label(prog), stored = xcc_mc_new_label(prog);

	xcc_hl_flags_above(prog, i, BPF_EXIST, einval);
	xcc_lpm_check_prefixlen(prog, idx, einval);
	xcc_hash_lock(prog, idx);
	xcc_mc_mov32(prog, XCC_T(5), prog->layout[idx].addr + XNIC_MAP_HASH_COUNT);
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(5), xcc_k(prog, 0), 4);
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_xr(0), xcc_k(prog, d->max_entries));
	xcc_mc_br(prog, ME_COND_HS, enospc);
	xcc_lpm_find(prog, idx);
	xcc_lpm_need_exact(prog, insert);
	xcc_mc_un(prog, ME_OP_MOV, XCC_TB(0), XCC_T(0));	/* replace in place */
	xcc_hash_claim(prog, idx, copy_value);
	xcc_mc_br(prog, ME_COND_AL, stored);
	xcc_mc_label(prog, insert);		/* below max_entries: an empty slot exists */
	xcc_hash_claim(prog, idx, copy_value);
	xcc_hash_count(prog, idx, 1);
	xcc_mc_label(prog, stored);
	xcc_lpm_finish(prog, idx, enospc, XCC_ENOSPC, einval);
	return 0;
}

/* 6.1's trie_delete_elem(): -EINVAL past max_prefixlen, -ENOENT without that exact prefix. */
int xcc_hl_lpm_delete(struct xcc_prog *prog, u32 i, u32 idx)
{
	u32 einval = xcc_mc_new_label(prog), enoent = xcc_mc_new_label(prog);

	xcc_lpm_check_prefixlen(prog, idx, einval);
	xcc_hash_lock(prog, idx);
	xcc_lpm_find(prog, idx);
	xcc_lpm_need_exact(prog, enoent);
	xcc_mc_mov32(prog, xcc_xw(0), XNIC_MAP_SLOT_EMPTY);
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_T(0), xcc_k(prog, 0), 4);
	xcc_hash_count(prog, idx, 0xffffffffu);
	xcc_lpm_finish(prog, idx, enoent, XCC_ENOENT, einval);
	return 0;
}
