// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Instruction selection for helper calls, the runtime routines and the
 * standalone harness (docs/compiler.md, "Helpers on the card").  Helpers are
 * expanded inline; they read their arguments from R1-R5 and may use those
 * registers as scratch afterwards, since a call clobbers them anyway.  The
 * xdp_md block is addressed through l2 (set by xdp_main's prologue).
 * Semantics and error codes follow the 6.1 kernel's helpers, with the
 * buffer geometry of BPF_PROG_TEST_RUN (xcc_card.h).
 */
#include "xcc_priv.h"

#define XCC_T(k)	xcc_pa(XCC_TMP_FIRST + (k))
#define XCC_TB(k)	xcc_pb(XCC_TMP_FIRST + (k))

#define XCC_EINVAL	22u
#define XCC_E2BIG	7u
#define XCC_EEXIST	17u
#define XCC_EACCES	13u
#define XCC_EFAULT	14u

static struct xcc_mop xcc_lo(u8 r) { return xcc_er(r, 0); }
static struct xcc_mop xcc_hi(u8 r) { return xcc_er(r, 1); }

/* R0 = a 64-bit value given as a sign-extended 32-bit one (0, -errno). */
static void xcc_hl_ret(struct xcc_prog *prog, s32 v)
{
	xcc_mc_mov32(prog, xcc_lo(0), (u32)v);
	xcc_mc_mov32(prog, xcc_hi(0), v < 0 ? 0xffffffffu : 0);
}

/*
 * R4's value at helper call i when absint knows it (a constant scalar): 0,
 * or -1, also in code for any call site (a shared routine).
 */
static int xcc_hl_r4_const(const struct xcc_prog *prog, u32 i, u64 *v)
{
	const struct xcc_insn_meta *m = &prog->meta[i];

	if (prog->hl_generic || m->arg45_type[0] != XCC_T_SCALAR || !xcc_range_is_const(m->arg4))
		return -1;
	*v = m->arg4.umin;
	return 0;
}

/*
 * To label when the flags in R4 (64 bits) are above k: decided when
 * compiling if absint knows them (a constant BPF_ANY, BPF_NOEXIST...).
 */
void xcc_hl_flags_above(struct xcc_prog *prog, u32 i, u32 k, u32 label)
{
	u64 v;

	if (!xcc_hl_r4_const(prog, i, &v)) {
		if (v > k)
			xcc_mc_br(prog, ME_COND_AL, label);
		return;
	}
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_lo(4), xcc_k(prog, k));
	xcc_mc_cmp(prog, ME_OP_CMPB, xcc_hi(4), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_HI, label);
}

/* To label when the flags in R4, known not to be above 2^32 - 1, are k. */
void xcc_hl_flags_are(struct xcc_prog *prog, u32 i, u32 k, u32 label)
{
	u64 v;

	if (!xcc_hl_r4_const(prog, i, &v)) {
		if (v == k)
			xcc_mc_br(prog, ME_COND_AL, label);
		return;
	}
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_lo(4), xcc_k(prog, k));
	xcc_mc_br(prog, ME_COND_EQ, label);
}

/* An error exit: label, R0 = -err, jump to done. */
static void xcc_hl_fail(struct xcc_prog *prog, u32 label, u32 err, u32 done)
{
	xcc_mc_label(prog, label);
	xcc_hl_ret(prog, -(s32)err);
	xcc_mc_br(prog, ME_COND_AL, done);
}

static int xcc_hl_refuse(struct xcc_prog *prog, u32 i, const char *why)
{
	xcc_fail(prog, XCC_E_UNSUPPORTED, i, "bpf_%s: %s", prog->meta[i].helper->name, why);
	return -1;
}

static int xcc_hl_is_mem(u8 type)
{
	return type == XCC_T_STACK || type == XCC_T_PKT || type == XCC_T_PKT_META ||
	       type == XCC_T_MAP_VALUE;
}

/* The memory space of a packet or map value pointer. */
static u8 xcc_hl_space(u8 type)
{
	return type == XCC_T_MAP_VALUE ? ME_SPACE_EMEM : ME_SPACE_PKT;
}

/*
 * A key in the packet or a map value (the kernel takes those too) is
 * copied into the save area below the frame, which is free while a helper
 * runs (a BPF-to-BPF call or bpf_loop uses it only during the call), and
 * r2 points there: the map code reads keys from local memory.  Keys are 4
 * bytes (arrays) or at most XNIC_MAP_KEY_MAX, 56 (hash maps and LPM tries,
 * xcc_layout.c): one read, and they fit the 64-byte save area.
 */
static void xcc_hl_stage_key(struct xcc_prog *prog, u32 i, const struct xcc_map_desc *d)
{
	u8 type = prog->meta[i].src.type;
	s16 base = (s16)-(s32)xcc_isel_frame(prog, prog->meta[i].subprog);
	u32 w;

	if (type == XCC_T_STACK)
		return;
	xcc_mc_mem(prog, ME_OP_MEM_RD, xcc_hl_space(type), 0, xcc_lo(2), xcc_k(prog, 0),
		   (u8)d->key_size);
	for (w = 0; 4 * w < d->key_size; w++)
		xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_xr((u8)w), 0, (s16)(base + 4 * w));
	xcc_mc_alu(prog, ME_OP_SUB, xcc_lo(2), xcc_lo(10), xcc_k(prog, (u32)-base));
}

/* The map R1 names at call i, which absint resolved statically, or NULL after a refusal. */
static const struct xcc_map_desc *xcc_hl_r1_map(struct xcc_prog *prog, u32 i, u32 *idx)
{
	const struct xcc_value *r1 = &prog->meta[i].dst;

	if (r1->type != XCC_T_MAP_PTR || r1->id == XCC_MAP_ANY) {
		xcc_hl_refuse(prog, i, "the map in r1 is not known at compile time");
		return NULL;
	}
	*idx = r1->id;
	return &prog->maps[r1->id];
}

/* Map types a program may only look up in (6.1's check_map_func_compatibility()). */
static int xcc_hl_lookup_only(u32 type)
{
	return type == BPF_MAP_TYPE_XSKMAP || type == BPF_MAP_TYPE_DEVMAP ||
	       type == BPF_MAP_TYPE_DEVMAP_HASH || type == BPF_MAP_TYPE_ARRAY_OF_MAPS;
}

/* The map R1 names, of a type the card's map code serves; the key staged on the stack. */
static const struct xcc_map_desc *xcc_hl_map(struct xcc_prog *prog, u32 i, u32 *idx)
{
	const struct xcc_map_desc *d = xcc_hl_r1_map(prog, i, idx);

	if (!d)
		return NULL;
	if (d->type != BPF_MAP_TYPE_ARRAY && d->type != BPF_MAP_TYPE_PERCPU_ARRAY &&
	    d->type != BPF_MAP_TYPE_LPM_TRIE && !xcc_map_is_hash(d->type) &&
	    !(xcc_hl_lookup_only(d->type) &&
	      prog->meta[i].helper->id == BPF_FUNC_map_lookup_elem)) {
		xcc_hl_refuse(prog, i, "only array, per-CPU array, hash maps (plain, per-CPU, "
			      "LRU, LRU per-CPU) and LPM tries are implemented by the card back "
			      "end, and lookups in a DEVMAP, DEVMAP_HASH, XSKMAP or map of maps");
		return NULL;
	}
	if (!xcc_hl_is_mem(prog->meta[i].src.type)) {
		xcc_hl_refuse(prog, i, "the key must be on the stack, in the packet or in a map value");
		return NULL;
	}
	xcc_hl_stage_key(prog, i, d);
	return d;
}

/* T(0) = element address of the key at *r2, or branch to oob. */
static void xcc_hl_array_elem(struct xcc_prog *prog, u32 idx, u32 oob)
{
	const struct xcc_map_desc *d = &prog->maps[idx];

	xcc_mc_lm_set(prog, 1, xcc_lo(2), xcc_k(prog, 0));
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_T(0), 1, 0);
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, d->max_entries));
	xcc_mc_br(prog, ME_COND_HS, oob);
	xcc_mc_alu(prog, ME_OP_MUL, XCC_T(0), XCC_T(0), xcc_k(prog, prog->layout[idx].stride));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(0), XCC_T(0), xcc_k(prog, prog->layout[idx].addr));
	if (prog->layout[idx].copies == 1)
		return;
	/* per-CPU: this ME's copy */
	xcc_mc_csr(prog, XCC_TB(0), ME_CSR_ME);
	xcc_mc_alu(prog, ME_OP_AND, XCC_TB(0), XCC_TB(0), xcc_k(prog, XCC_PERCPU_COPIES - 1));
	xcc_mc_alu(prog, ME_OP_MUL, XCC_TB(0), XCC_TB(0),
		   xcc_k(prog, prog->layout[idx].stride * d->max_entries));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(0), XCC_T(0), XCC_TB(0));
}

/*
 * bpf_map_lookup_elem on an XSKMAP: 6.1 returns the entry's socket
 * (PTR_TO_XDP_SOCK_OR_NULL), which the verifier lets a program only test
 * against NULL, keep, and read struct bpf_xdp_sock's one field through,
 * queue_id (4 bytes at offset 0).  The card's socket is the address of the
 * element's queue_id word (include/xnic/maps.h: off), so that read is a load
 * from a map value, as absint types R0.  On a DEVMAP (off 0) 6.1 returns
 * the entry's struct bpf_devmap_val (ifindex, program id), read-only: the
 * element, which holds what the kernel shows user space.  NULL for a key
 * past max_entries or an empty entry.
 */
static int xcc_hl_indexed_lookup(struct xcc_prog *prog, u32 i, u32 idx, u32 off)
{
	u32 null = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);

	xcc_hl_array_elem(prog, idx, null);
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(0), xcc_k(prog, 0), 4);
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(1), xcc_xr(0));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(1), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, null);
	xcc_mc_alu(prog, ME_OP_ADD, xcc_lo(0), XCC_T(0), xcc_k(prog, off));
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, null);
	xcc_hl_ret(prog, 0);
	xcc_mc_label(prog, done);
	return 0;
}

/*
 * An ARRAY_OF_MAPS' or HASH_OF_MAPS' element holds its inner map's address
 * (include/xnic/maps.h), which the lookup returns, 0 (NULL) for none.
 */
static void xcc_hl_outer_deref(struct xcc_prog *prog)
{
	u32 done = xcc_mc_new_label(prog);

	xcc_mc_cmp(prog, ME_OP_CMP, xcc_lo(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, done);
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, xcc_lo(0), xcc_k(prog, 0), 4);
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(0), xcc_xr(0));
	xcc_mc_label(prog, done);
}

static int xcc_hl_lookup(struct xcc_prog *prog, u32 i)
{
	u32 idx, null = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);

	if (!xcc_hl_map(prog, i, &idx))
		return -1;
	if (prog->maps[idx].type == BPF_MAP_TYPE_HASH_OF_MAPS) {
		if (xcc_hl_hash_lookup(prog, i, idx))
			return -1;
		xcc_hl_outer_deref(prog);
		return 0;
	}
	if (xcc_map_is_hash(prog->maps[idx].type))
		return xcc_hl_hash_lookup(prog, i, idx);
	if (prog->maps[idx].type == BPF_MAP_TYPE_LPM_TRIE)
		return xcc_hl_lpm_lookup(prog, i, idx);
	if (prog->maps[idx].type == BPF_MAP_TYPE_XSKMAP)
		return xcc_hl_indexed_lookup(prog, i, idx, XNIC_MAP_XSK_QUEUE_ID);
	if (prog->maps[idx].type == BPF_MAP_TYPE_DEVMAP)
		return xcc_hl_indexed_lookup(prog, i, idx, 0);
	if (prog->maps[idx].type == BPF_MAP_TYPE_DEVMAP_HASH)
		return xcc_hl_hash_lookup(prog, i, idx);
	xcc_hl_array_elem(prog, idx, null);
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(0), XCC_T(0));
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, null);
	xcc_hl_ret(prog, 0);
	xcc_mc_label(prog, done);
	if (prog->maps[idx].type == BPF_MAP_TYPE_ARRAY_OF_MAPS)
		xcc_hl_outer_deref(prog);
	return 0;
}

/*
 * A map helper on an inner map (r1 a value of an ARRAY_OF_MAPS or
 * HASH_OF_MAPS): which map it is, the outer map's contents say at run
 * time, so the operation is compiled for every map of the inner maps'
 * shape (type, key and value size: the kernel's template) and the one
 * whose address r1 holds runs.  Otherwise the operation on r1's map.
 */
static int xcc_hl_on_map(struct xcc_prog *prog, u32 i, int (*op)(struct xcc_prog *, u32))
{
	struct xcc_value *r1 = &prog->meta[i].dst, saved = *r1;
	const struct xcc_map_desc *o, *t;
	u32 done, next, m;

	if (r1->type != XCC_T_MAP_VALUE || r1->id == XCC_MAP_ANY ||
	    !xcc_map_is_outer(prog->maps[r1->id].type))
		return op(prog, i);
	o = &prog->maps[r1->id];
	if (!o->inner_map || o->inner_map > prog->n_maps)
		return xcc_hl_refuse(prog, i, "the inner maps' shape of the map of maps in r1 is "
				     "not known (xcc_map_desc.inner_map)");
	t = &prog->maps[o->inner_map - 1];
	done = xcc_mc_new_label(prog);
	for (m = 0; m < prog->n_maps && !prog->error; m++) {
		const struct xcc_map_desc *d = &prog->maps[m];

		if (d->type != t->type || d->key_size != t->key_size ||
		    d->value_size != t->value_size)
			continue;
		next = xcc_mc_new_label(prog);
		xcc_mc_cmp(prog, ME_OP_CMP, xcc_lo(1), xcc_k(prog, prog->layout[m].addr));
		xcc_mc_br(prog, ME_COND_NE, next);
		*r1 = (struct xcc_value){ .type = XCC_T_MAP_PTR, .id = (u16)m };
		op(prog, i);
		xcc_mc_br(prog, ME_COND_AL, done);
		xcc_mc_label(prog, next);
	}
	*r1 = saved;
	xcc_hl_ret(prog, 0);	/* no such map: the outer map holds only these */
	xcc_mc_label(prog, done);
	return prog->error ? -1 : 0;
}

/*
 * Copies value_size bytes from r3 (the stack, the packet or a map value,
 * as absint found for the helper call being selected) to emem at T(0), 64
 * at a time.
 */
static void xcc_hl_copy_value(struct xcc_prog *prog, u32 size)
{
	u8 type = prog->meta[prog->cur_bpf].mem.type;
	u32 off, w;

	if (type == XCC_T_STACK)
		xcc_mc_lm_set(prog, 1, xcc_lo(3), xcc_k(prog, 0));
	for (off = 0; off < size; off += ME_MEM_LEN_MAX) {
		u32 len = size - off < ME_MEM_LEN_MAX ? size - off : ME_MEM_LEN_MAX;

		if (type != XCC_T_STACK)
			xcc_mc_mem(prog, ME_OP_MEM_RD, xcc_hl_space(type), 0, xcc_lo(3),
				   xcc_k(prog, off), (u8)len);
		for (w = 0; w * 4 < len; w++) {
			if (type == XCC_T_STACK)
				xcc_mc_lm(prog, ME_OP_LM_LD32, xcc_xw((u8)w), 1, (s16)(off + 4 * w));
			else
				xcc_mc_un(prog, ME_OP_MOV, xcc_xw((u8)w), xcc_xr((u8)w));
		}
		xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, XCC_T(0), xcc_k(prog, off), (u8)len);
	}
}

/* array_map_update_elem(): -EINVAL for bad flags, -E2BIG, -EEXIST for NOEXIST. */
static int xcc_hl_update(struct xcc_prog *prog, u32 i)
{
	u32 idx, einval = xcc_mc_new_label(prog), e2big = xcc_mc_new_label(prog);
	u32 eexist = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	const struct xcc_map_desc *d = xcc_hl_map(prog, i, &idx);

	if (!d)
		return -1;
	if (!xcc_hl_is_mem(prog->meta[i].mem.type))
		return xcc_hl_refuse(prog, i, "the value must be on the stack, in the packet or in a "
				     "map value");
	if (xcc_map_is_hash(d->type))
		return xcc_hl_hash_update(prog, i, idx, xcc_hl_copy_value);
	if (d->type == BPF_MAP_TYPE_LPM_TRIE)
		return xcc_hl_lpm_update(prog, i, idx, xcc_hl_copy_value);
	xcc_hl_flags_above(prog, i, BPF_EXIST, einval);
	xcc_hl_array_elem(prog, idx, e2big);
	xcc_hl_flags_are(prog, i, BPF_NOEXIST, eexist);
	xcc_hl_copy_value(prog, d->value_size);
	xcc_hl_ret(prog, 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_hl_fail(prog, einval, XCC_EINVAL, done);
	xcc_hl_fail(prog, e2big, XCC_E2BIG, done);
	xcc_hl_fail(prog, eexist, XCC_EEXIST, done);
	xcc_mc_label(prog, done);
	return 0;
}

static int xcc_hl_delete(struct xcc_prog *prog, u32 i)
{
	u32 idx;

	if (!xcc_hl_map(prog, i, &idx))
		return -1;
	if (xcc_map_is_hash(prog->maps[idx].type))
		return xcc_hl_hash_delete(prog, i, idx);
	if (prog->maps[idx].type == BPF_MAP_TYPE_LPM_TRIE)
		return xcc_hl_lpm_delete(prog, i, idx);
	xcc_hl_ret(prog, -(s32)XCC_EINVAL);	/* arrays cannot delete */
	return 0;
}

/*
 * Metadata moves with data (4..32 bytes, a multiple of 4, in T(2)):
 * meta..data to meta + delta.
 */
static void xcc_hl_move_meta(struct xcc_prog *prog, struct xcc_mop meta, struct xcc_mop to)
{
	u32 done = xcc_mc_new_label(prog), k;

	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(2), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, done);
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_PKT, 0, meta, xcc_k(prog, 0), XCC_XDP_META_MAX);
	for (k = 0; k < XCC_XDP_META_MAX / 4; k++)
		xcc_mc_un(prog, ME_OP_MOV, xcc_xw((u8)k), xcc_xr((u8)k));
	xcc_mc_alu(prog, ME_OP_ADD, to, meta, xcc_lo(2));
	for (k = 4; k <= XCC_XDP_META_MAX; k += 4) {
		u32 next = xcc_mc_new_label(prog);

		xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(2), xcc_k(prog, k));
		xcc_mc_br(prog, ME_COND_NE, next);
		xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_PKT, 0, to, xcc_k(prog, 0), (u8)k);
		xcc_mc_br(prog, ME_COND_AL, done);
		xcc_mc_label(prog, next);
	}
	xcc_mc_label(prog, done);
}

/*
 * bpf_xdp_adjust_head(): data += delta within [hard start + xdp_frame +
 * metadata, data_end - ETH_HLEN]; metadata moves along with data.  Every
 * frame starts with data_meta == data (the firmware and the harness give
 * it so, as the kernel's XDP receive does), and only bpf_xdp_adjust_meta
 * makes metadata: in an image without it there is none to move.
 */
static int xcc_hl_adjust_head(struct xcc_prog *prog, u32 i)
{
	u32 fail = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	struct xcc_mop data = XCC_T(0), meta = XCC_TB(0), nd = XCC_T(1), lim = XCC_TB(1);

	xcc_mc_lm(prog, ME_OP_LM_LD32, data, 2, XNIC_MD_DATA);
	xcc_mc_alu(prog, ME_OP_ADD, nd, data, xcc_lo(2));
	/* lower bound: buf_start + xdp_frame + (data - meta) */
	xcc_mc_lm(prog, ME_OP_LM_LD32, lim, 2, XNIC_MD_BUF_START);
	xcc_mc_alu(prog, ME_OP_ADD, lim, lim, xcc_k(prog, XCC_XDP_FRAME_SIZE));
	if (prog->has_adjust_meta) {
		xcc_mc_lm(prog, ME_OP_LM_LD32, meta, 2, XNIC_MD_DATA_META);
		xcc_mc_alu(prog, ME_OP_SUB, XCC_T(2), data, meta);
		xcc_mc_alu(prog, ME_OP_ADD, lim, lim, XCC_T(2));
	}
	xcc_mc_cmp(prog, ME_OP_CMP, nd, lim);
	xcc_mc_br(prog, ME_COND_LO, fail);
	xcc_mc_lm(prog, ME_OP_LM_LD32, lim, 2, XNIC_MD_DATA_END);
	xcc_mc_alu(prog, ME_OP_SUB, lim, lim, xcc_k(prog, XCC_ETH_HLEN));
	xcc_mc_cmp(prog, ME_OP_CMP, nd, lim);
	xcc_mc_br(prog, ME_COND_HI, fail);
	if (prog->has_adjust_meta) {
		xcc_hl_move_meta(prog, meta, lim);
		xcc_mc_alu(prog, ME_OP_ADD, meta, meta, xcc_lo(2));
		xcc_mc_lm(prog, ME_OP_LM_ST32, meta, 2, XNIC_MD_DATA_META);
	} else {
		xcc_mc_lm(prog, ME_OP_LM_ST32, nd, 2, XNIC_MD_DATA_META);
	}
	xcc_mc_lm(prog, ME_OP_LM_ST32, nd, 2, XNIC_MD_DATA);
	xcc_hl_ret(prog, 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_hl_fail(prog, fail, XCC_EINVAL, done);
	xcc_mc_label(prog, done);
	return 0;
}

/*
 * bpf_xdp_adjust_tail(): data_end += offset, at most to the hard end (buffer
 * end less skb_shared_info), at least data + ETH_HLEN; growth is zeroed.
 */
static int xcc_hl_adjust_tail(struct xcc_prog *prog, u32 i)
{
	u32 fail = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	u32 zero = xcc_mc_new_label(prog), store = xcc_mc_new_label(prog);
	struct xcc_mop end = XCC_T(0), ne = XCC_TB(0), lim = XCC_T(1), p = XCC_TB(1);

	xcc_mc_lm(prog, ME_OP_LM_LD32, end, 2, XNIC_MD_DATA_END);
	xcc_mc_alu(prog, ME_OP_ADD, ne, end, xcc_lo(2));
	xcc_mc_lm(prog, ME_OP_LM_LD32, lim, 2, XNIC_MD_BUF_END);
	xcc_mc_alu(prog, ME_OP_SUB, lim, lim, xcc_k(prog, XCC_XDP_TAILROOM));
	xcc_mc_cmp(prog, ME_OP_CMP, ne, lim);
	xcc_mc_br(prog, ME_COND_HI, fail);
	xcc_mc_lm(prog, ME_OP_LM_LD32, lim, 2, XNIC_MD_DATA);
	xcc_mc_alu(prog, ME_OP_ADD, lim, lim, xcc_k(prog, XCC_ETH_HLEN));
	xcc_mc_cmp(prog, ME_OP_CMP, ne, lim);
	xcc_mc_br(prog, ME_COND_LO, fail);
	/* zero [end, ne) 8 bytes at a time; the last write may run into tailroom */
	xcc_mc_mov32(prog, xcc_xw(0), 0);
	xcc_mc_mov32(prog, xcc_xw(1), 0);
	xcc_mc_un(prog, ME_OP_MOV, p, end);
	xcc_mc_label(prog, zero);
	xcc_mc_cmp(prog, ME_OP_CMP, p, ne);
	xcc_mc_br(prog, ME_COND_HS, store);
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_PKT, 0, p, xcc_k(prog, 0), 8);
	xcc_mc_alu(prog, ME_OP_ADD, p, p, xcc_k(prog, 8));
	xcc_mc_br(prog, ME_COND_AL, zero);
	xcc_mc_label(prog, store);
	xcc_mc_lm(prog, ME_OP_LM_ST32, ne, 2, XNIC_MD_DATA_END);
	xcc_hl_ret(prog, 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_hl_fail(prog, fail, XCC_EINVAL, done);
	xcc_mc_label(prog, done);
	return 0;
}

/* bpf_xdp_adjust_meta(): -EINVAL outside [hard start + xdp_frame, data], -EACCES for bad length. */
static int xcc_hl_adjust_meta(struct xcc_prog *prog, u32 i)
{
	u32 einval = xcc_mc_new_label(prog), eacces = xcc_mc_new_label(prog);
	u32 done = xcc_mc_new_label(prog);
	struct xcc_mop meta = XCC_T(0), data = XCC_TB(0), lim = XCC_T(1), len = XCC_TB(1);

	xcc_mc_lm(prog, ME_OP_LM_LD32, meta, 2, XNIC_MD_DATA_META);
	xcc_mc_alu(prog, ME_OP_ADD, meta, meta, xcc_lo(2));
	xcc_mc_lm(prog, ME_OP_LM_LD32, lim, 2, XNIC_MD_BUF_START);
	xcc_mc_alu(prog, ME_OP_ADD, lim, lim, xcc_k(prog, XCC_XDP_FRAME_SIZE));
	xcc_mc_cmp(prog, ME_OP_CMP, meta, lim);
	xcc_mc_br(prog, ME_COND_LO, einval);
	xcc_mc_lm(prog, ME_OP_LM_LD32, data, 2, XNIC_MD_DATA);
	xcc_mc_cmp(prog, ME_OP_CMP, meta, data);
	xcc_mc_br(prog, ME_COND_HI, einval);
	xcc_mc_alu(prog, ME_OP_SUB, len, data, meta);
	xcc_mc_cmp(prog, ME_OP_CMP, len, xcc_k(prog, XCC_XDP_META_MAX));
	xcc_mc_br(prog, ME_COND_HI, eacces);
	xcc_mc_cmp(prog, ME_OP_TST, len, xcc_k(prog, 3));
	xcc_mc_br(prog, ME_COND_NE, eacces);
	xcc_mc_lm(prog, ME_OP_LM_ST32, meta, 2, XNIC_MD_DATA_META);
	xcc_hl_ret(prog, 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_hl_fail(prog, einval, XCC_EINVAL, done);
	xcc_hl_fail(prog, eacces, XCC_EACCES, done);
	xcc_mc_label(prog, done);
	return 0;
}

/* bpf_redirect(ifindex, flags): XDP_ABORTED for any flag, else XDP_REDIRECT. */
static int xcc_hl_redirect(struct xcc_prog *prog, u32 i)
{
	u32 bad = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);

	xcc_mc_alu(prog, ME_OP_OR, XCC_T(0), xcc_lo(2), xcc_hi(2));
	xcc_mc_br(prog, ME_COND_NE, bad);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_lo(1), 2, XNIC_MD_REDIRECT);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, 0), 2, XNIC_MD_REDIRECT_MAP);
	xcc_hl_ret(prog, XDP_REDIRECT);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, bad);
	xcc_hl_ret(prog, XDP_ABORTED);
	xcc_mc_label(prog, done);
	return 0;
}

/* The redirect map R1 names (absint resolved it), or NULL after a refusal. */
static const struct xcc_map_desc *xcc_hl_redirect_target(struct xcc_prog *prog, u32 i, u32 *idx)
{
	const struct xcc_map_desc *d = xcc_hl_r1_map(prog, i, idx);

	if (!d)
		return NULL;
	if (d->type != BPF_MAP_TYPE_DEVMAP && d->type != BPF_MAP_TYPE_DEVMAP_HASH &&
	    d->type != BPF_MAP_TYPE_CPUMAP && d->type != BPF_MAP_TYPE_XSKMAP) {
		xcc_hl_refuse(prog, i, "the map must be a DEVMAP, DEVMAP_HASH, CPUMAP or XSKMAP");
		return NULL;
	}
	return d;
}

/*
 * T(0) = non-zero when the entry of key lo(r2) exists: in an indexed
 * redirect map its first word (include/xnic/maps.h), in a DEVMAP_HASH its
 * slot.  The key goes through the save area's key word (XCC_SAVE_KEY),
 * where the hash routine reads keys from local memory.
 */
static void xcc_hl_redirect_lookup(struct xcc_prog *prog, u32 i, u32 idx)
{
	const struct xcc_map_layout *l = &prog->layout[idx];
	s16 key = (s16)(XCC_SAVE_KEY - (s32)xcc_isel_frame(prog, prog->meta[i].subprog));
	u32 miss = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);

	if (prog->maps[idx].type == BPF_MAP_TYPE_DEVMAP_HASH) {
		xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_lo(2), 0, key);
		xcc_mc_alu(prog, ME_OP_ADD, XCC_T(1), xcc_lo(10), xcc_k(prog, (u32)(s32)key));
		xcc_hl_hash_find_at(prog, idx, XCC_T(1));
		return;
	}
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_lo(2), xcc_k(prog, prog->maps[idx].max_entries));
	xcc_mc_br(prog, ME_COND_HS, miss);
	xcc_mc_alu(prog, ME_OP_MUL, XCC_T(0), xcc_lo(2), xcc_k(prog, l->stride));
	xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_EMEM, 0, XCC_T(0), xcc_k(prog, l->addr), 4);
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(0), xcc_xr(0));
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, miss);
	xcc_mc_mov32(prog, XCC_T(0), 0);
	xcc_mc_label(prog, done);
}

/*
 * bpf_redirect_map(map, key, flags), 6.1's __bpf_xdp_redirect_map():
 * XDP_ABORTED for flags outside the fallback action (the low two bits) and,
 * for device maps, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS; the key is
 * truncated to u32 and looked up; found, or broadcasting: XDP_REDIRECT with
 * the target in the xdp_md block (XNIC_MD_REDIRECT*); else the target is
 * cleared and the result is the fallback action, flags & 3.  Flags absint
 * knows (a constant, as programs pass them) are checked when compiling.
 */
static XCC_NOINLINE int xcc_hl_redirect_map(struct xcc_prog *prog, u32 i)
{
	u32 idx, miss = xcc_mc_new_label(prog), found = xcc_mc_new_label(prog);
	u32 aborted = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	const struct xcc_map_desc *d = xcc_hl_redirect_target(prog, i, &idx);
	u32 allowed = XDP_ABORTED | XDP_DROP | XDP_PASS | XDP_TX, bcast = 0;
	const struct xcc_value *r3 = &prog->meta[i].mem;
	int known = !prog->hl_generic && r3->type == XCC_T_SCALAR && xcc_range_is_const(r3->r);
	u64 flags = r3->r.umin;	/* the flags when known */

	if (!d)
		return -1;
	if (d->type == BPF_MAP_TYPE_DEVMAP || d->type == BPF_MAP_TYPE_DEVMAP_HASH)
		bcast = BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS;
	allowed |= bcast;
	if (known) {
		if (flags & ~(u64)allowed)
			xcc_mc_br(prog, ME_COND_AL, aborted);
	} else {
		xcc_mc_alu(prog, ME_OP_AND, XCC_T(2), xcc_lo(3), xcc_k(prog, ~allowed));
		xcc_mc_alu(prog, ME_OP_OR, XCC_T(2), XCC_T(2), xcc_hi(3));
		xcc_mc_br(prog, ME_COND_NE, aborted);
	}
	xcc_hl_redirect_lookup(prog, i, idx);	/* keeps r2 and r3 */
	/* bcast flags kept only for a broadcast, as the kernel's ri->flags */
	xcc_mc_mov32(prog, XCC_T(2), 0);
	if (bcast && known && (flags & BPF_F_BROADCAST)) {
		xcc_mc_mov32(prog, XCC_T(2), (u32)flags & bcast);
		xcc_mc_br(prog, ME_COND_AL, found);
	} else if (bcast && !known) {
		u32 unicast = xcc_mc_new_label(prog);

		xcc_mc_cmp(prog, ME_OP_TST, xcc_lo(3), xcc_k(prog, BPF_F_BROADCAST));
		xcc_mc_br(prog, ME_COND_EQ, unicast);
		xcc_mc_alu(prog, ME_OP_AND, XCC_T(2), xcc_lo(3), xcc_k(prog, bcast));
		xcc_mc_br(prog, ME_COND_AL, found);
		xcc_mc_label(prog, unicast);
	}
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, miss);
	xcc_mc_label(prog, found);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_lo(2), 2, XNIC_MD_REDIRECT);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, idx + 1), 2, XNIC_MD_REDIRECT_MAP);
	xcc_mc_lm(prog, ME_OP_LM_ST32, XCC_T(2), 2, XNIC_MD_REDIRECT_FLAGS);
	xcc_hl_ret(prog, XDP_REDIRECT);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, miss);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, 0), 2, XNIC_MD_REDIRECT);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, 0), 2, XNIC_MD_REDIRECT_MAP);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, 0), 2, XNIC_MD_REDIRECT_FLAGS);
	if (known)
		xcc_mc_mov32(prog, xcc_lo(0), (u32)flags & XDP_TX);
	else
		xcc_mc_alu(prog, ME_OP_AND, xcc_lo(0), xcc_lo(3), xcc_k(prog, XDP_TX));
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, aborted);
	xcc_hl_ret(prog, XDP_ABORTED);
	xcc_mc_label(prog, done);
	return 0;
}

/* The card counts cycles; at the model's 1 GHz a cycle is a nanosecond. */
static int xcc_hl_ktime(struct xcc_prog *prog, u32 i)
{
	xcc_mc_csr(prog, xcc_lo(0), ME_CSR_CYCLES_LO);
	xcc_mc_csr(prog, xcc_hi(0), ME_CSR_CYCLES_HI);
	return 0;
}

/*
 * bpf_ktime_get_boot_ns(): CLOCK_BOOTTIME is CLOCK_MONOTONIC plus the time
 * spent suspended, and the card never suspends: the same cycle counter.
 */
static int xcc_hl_boot_ns(struct xcc_prog *prog, u32 i)
{
	return xcc_hl_ktime(prog, i);
}

/*
 * bpf_ktime_get_coarse_ns(): CLOCK_MONOTONIC_COARSE, the monotonic clock as
 * the last tick left it (6.1 advances it in update_wall_time(), at the tick
 * that also advances jiffies): the cycle counter rounded down to a multiple
 * of the tick (CONFIG_HZ 250: 4 ms), cycles - cycles % tick by the 64-bit
 * division routine, the cycles kept in a27/b27 which the routine leaves.
 */
static int xcc_hl_coarse_ns(struct xcc_prog *prog, u32 i)
{
	prog->need_udivmod = 1;
	xcc_mc_csr(prog, xcc_pa(22), ME_CSR_CYCLES_LO);
	xcc_mc_csr(prog, xcc_pb(22), ME_CSR_CYCLES_HI);
	xcc_mc_un(prog, ME_OP_MOV, xcc_pb(27), xcc_pa(22));
	xcc_mc_un(prog, ME_OP_MOV, xcc_pa(27), xcc_pb(22));
	xcc_mc_mov32(prog, xcc_pb(23), XCC_NSEC_PER_JIFFY);
	xcc_mc_mov32(prog, xcc_pa(23), 0);
	xcc_mc_call(prog, XCC_REG_LINK_RT, prog->label_udivmod);
	xcc_mc_alu(prog, ME_OP_SUB, xcc_lo(0), xcc_pb(27), xcc_pa(24));
	xcc_mc_alu(prog, ME_OP_SUBB, xcc_hi(0), xcc_pa(27), xcc_pb(24));
	return 0;
}

/*
 * bpf_spin_lock()/bpf_spin_unlock() on the struct bpf_spin_lock in a map
 * value (emem).  The verifier is the contract: r1 points at the value's
 * lock (the offset its BTF gives), a program holds one lock at a time, calls
 * nothing else and touches no lock word while holding it, and unlocks
 * before it exits.  So taking it is a mem_cas from 0 to 1 (qspinlock's
 * locked value), yielding the ME while another context holds it; a context
 * swaps out only on its own commands (docs/isa.md 2), and the holder gets
 * the ME back.  Releasing writes 0, after the critical section's memory
 * commands (one context's commands complete in order), which leaves the
 * word as the kernel shows it to user space (0).  Both return 0, as the
 * kernel's helpers.
 */
static int xcc_hl_spin_lock_word(struct xcc_prog *prog, u32 i)
{
	if (prog->meta[i].dst.type != XCC_T_MAP_VALUE)
		return xcc_hl_refuse(prog, i, "the lock in r1 must be in a map value");
	return 0;
}

static int xcc_hl_spin_lock(struct xcc_prog *prog, u32 i)
{
	if (xcc_hl_spin_lock_word(prog, i))
		return -1;
	xcc_spin_acquire(prog, xcc_lo(1));
	xcc_hl_ret(prog, 0);
	return 0;
}

static int xcc_hl_spin_unlock(struct xcc_prog *prog, u32 i)
{
	if (xcc_hl_spin_lock_word(prog, i))
		return -1;
	xcc_mc_mov32(prog, xcc_xw(0), 0);
	xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_EMEM, 0, xcc_lo(1), xcc_k(prog, 0), 4);
	xcc_hl_ret(prog, 0);
	return 0;
}

/*
 * bpf_jiffies64(): ticks of the pinned guest kernel's CONFIG_HZ (250) since
 * the counter started, from INITIAL_JIFFIES as the kernel's do (so a
 * program sees the 32-bit wrap five minutes in, as natively): cycles / 4e6
 * by the 64-bit division routine.
 */
static int xcc_hl_jiffies(struct xcc_prog *prog, u32 i)
{
	prog->need_udivmod = 1;
	xcc_mc_csr(prog, xcc_pa(22), ME_CSR_CYCLES_LO);
	xcc_mc_csr(prog, xcc_pb(22), ME_CSR_CYCLES_HI);
	xcc_mc_mov32(prog, xcc_pb(23), XCC_NSEC_PER_JIFFY);
	xcc_mc_mov32(prog, xcc_pa(23), 0);
	xcc_mc_call(prog, XCC_REG_LINK_RT, prog->label_udivmod);
	xcc_mc_alu(prog, ME_OP_ADD, xcc_lo(0), xcc_pa(22), xcc_k(prog, XCC_INITIAL_JIFFIES));
	xcc_mc_alu(prog, ME_OP_ADDC, xcc_hi(0), xcc_pb(22), xcc_k(prog, 0));
	return 0;
}

/* The card is one NUMA node, as a machine without NUMA is node 0. */
static int xcc_hl_numa_id(struct xcc_prog *prog, u32 i)
{
	xcc_hl_ret(prog, 0);
	return 0;
}

/* bpf_xdp_get_buff_len(): data_end - data, the card has no fragments. */
static int xcc_hl_buff_len(struct xcc_prog *prog, u32 i)
{
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_T(0), 2, XNIC_MD_DATA);
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_TB(0), 2, XNIC_MD_DATA_END);
	xcc_mc_alu(prog, ME_OP_SUB, xcc_lo(0), XCC_TB(0), XCC_T(0));
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	return 0;
}

/* Each ME is one processor: contexts of an ME share it, as softirqs share a CPU. */
static int xcc_hl_smp_id(struct xcc_prog *prog, u32 i)
{
	xcc_mc_csr(prog, xcc_lo(0), ME_CSR_ME);
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	return 0;
}

/* xorshift32 per context; a zero state is seeded from the context number. */
static int xcc_hl_prandom(struct xcc_prog *prog, u32 i)
{
	u32 seeded = xcc_mc_new_label(prog);
	struct xcc_mop x = XCC_T(0), t = XCC_TB(0);

	xcc_mc_lm(prog, ME_OP_LM_LD32, x, 2, XNIC_MD_PRANDOM);
	xcc_mc_cmp(prog, ME_OP_CMP, x, xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_NE, seeded);
	xcc_mc_csr(prog, x, ME_CSR_CTX);
	xcc_mc_alu(prog, ME_OP_ADD, x, x, xcc_k(prog, 0x2545f491u));
	xcc_mc_label(prog, seeded);
	xcc_mc_alu(prog, ME_OP_SHL, t, x, xcc_k(prog, 13));
	xcc_mc_alu(prog, ME_OP_XOR, x, x, t);
	xcc_mc_alu(prog, ME_OP_SHR, t, x, xcc_k(prog, 17));
	xcc_mc_alu(prog, ME_OP_XOR, x, x, t);
	xcc_mc_alu(prog, ME_OP_SHL, t, x, xcc_k(prog, 5));
	xcc_mc_alu(prog, ME_OP_XOR, x, x, t);
	xcc_mc_lm(prog, ME_OP_LM_ST32, x, 2, XNIC_MD_PRANDOM);
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(0), x);
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	return 0;
}

/* w = the 32-bit word at p, in the space of a pointer of kind type. */
static void xcc_hl_load_word(struct xcc_prog *prog, u8 type, struct xcc_mop w, struct xcc_mop p)
{
	if (type == XCC_T_STACK) {
		xcc_mc_lm_set(prog, 1, p, xcc_k(prog, 0));
		xcc_mc_lm(prog, ME_OP_LM_LD32, w, 1, 0);
		return;
	}
	xcc_mc_mem(prog, ME_OP_MEM_RD, type == XCC_T_MAP_VALUE ? ME_SPACE_EMEM : ME_SPACE_PKT, 0,
		   p, xcc_k(prog, 0), 4);
	xcc_mc_un(prog, ME_OP_MOV, w, xcc_xr(0));
}

/* sum += (invert ? ~w : w) with end-around carry, over n bytes at p. */
static void xcc_hl_csum_words(struct xcc_prog *prog, u8 type, u8 ptr_reg, u8 len_reg, int invert)
{
	u32 loop = xcc_mc_new_label(prog), out = xcc_mc_new_label(prog);
	struct xcc_mop sum = XCC_T(2), p = XCC_T(3), n = XCC_TB(2), w = XCC_TB(3);

	if (type != XCC_T_STACK && type != XCC_T_PKT && type != XCC_T_MAP_VALUE)
		return;		/* NULL with size 0 */
	xcc_mc_un(prog, ME_OP_MOV, p, xcc_lo(ptr_reg));
	xcc_mc_un(prog, ME_OP_MOV, n, xcc_lo(len_reg));
	xcc_mc_label(prog, loop);
	xcc_mc_cmp(prog, ME_OP_CMP, n, xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_EQ, out);
	xcc_hl_load_word(prog, type, w, p);
	if (invert)
		xcc_mc_un(prog, ME_OP_NOT, w, w);
	xcc_mc_alu(prog, ME_OP_ADD, sum, sum, w);
	xcc_mc_alu(prog, ME_OP_ADDC, sum, sum, xcc_k(prog, 0));
	xcc_mc_alu(prog, ME_OP_ADD, p, p, xcc_k(prog, 4));
	xcc_mc_alu(prog, ME_OP_SUB, n, n, xcc_k(prog, 4));
	xcc_mc_br(prog, ME_COND_AL, loop);
	xcc_mc_label(prog, out);
}

/* w <-> the size (1 or 4) bytes at p, in the space of a pointer of kind type. */
void xcc_hl_move(struct xcc_prog *prog, u8 type, u8 size, int store, struct xcc_mop w,
		 struct xcc_mop p)
{
	u8 space = type == XCC_T_MAP_VALUE ? ME_SPACE_EMEM : ME_SPACE_PKT;

	if (type == XCC_T_STACK) {
		xcc_mc_lm_set(prog, 1, p, xcc_k(prog, 0));
		if (store)
			xcc_mc_lm(prog, size == 4 ? ME_OP_LM_ST32 : ME_OP_LM_ST8, w, 1, 0);
		else
			xcc_mc_lm(prog, size == 4 ? ME_OP_LM_LD32 : ME_OP_LM_LD8, w, 1, 0);
		return;
	}
	if (store) {
		xcc_mc_un(prog, ME_OP_MOV, xcc_xw(0), w);
		xcc_mc_mem(prog, ME_OP_MEM_WR, space, 0, p, xcc_k(prog, 0), size);
		return;
	}
	xcc_mc_mem(prog, ME_OP_MEM_RD, space, 0, p, xcc_k(prog, 0), size);
	xcc_mc_un(prog, ME_OP_MOV, w, xcc_xr(0));
}

/* While n >= size: move size bytes from src to dst, advance both. */
static void xcc_hl_copy_loop(struct xcc_prog *prog, u8 size, u8 dst_type, struct xcc_mop dst,
			     u8 src_type, struct xcc_mop src, struct xcc_mop n)
{
	u32 loop = xcc_mc_new_label(prog), out = xcc_mc_new_label(prog);
	struct xcc_mop w = XCC_TB(2);

	xcc_mc_label(prog, loop);
	xcc_mc_cmp(prog, ME_OP_CMP, n, xcc_k(prog, size));
	xcc_mc_br(prog, ME_COND_LO, out);
	xcc_hl_move(prog, src_type, size, 0, w, src);
	xcc_hl_move(prog, dst_type, size, 1, w, dst);
	xcc_mc_alu(prog, ME_OP_ADD, src, src, xcc_k(prog, size));
	xcc_mc_alu(prog, ME_OP_ADD, dst, dst, xcc_k(prog, size));
	xcc_mc_alu(prog, ME_OP_SUB, n, n, xcc_k(prog, size));
	xcc_mc_br(prog, ME_COND_AL, loop);
	xcc_mc_label(prog, out);
}

/* Copies n bytes from src to dst, words while 4 remain, then bytes (memcpy). */
void xcc_hl_copy(struct xcc_prog *prog, u8 dst_type, struct xcc_mop dst, u8 src_type,
		 struct xcc_mop src, struct xcc_mop n)
{
	xcc_hl_copy_loop(prog, 4, dst_type, dst, src_type, src, n);
	xcc_hl_copy_loop(prog, 1, dst_type, dst, src_type, src, n);
}

/*
 * bpf_xdp_load_bytes/store_bytes(xdp_md, offset, buf, len), by 6.1's
 * bpf_xdp_pointer(): offset and len are u32; -EFAULT when either is above
 * 0xffff, -EINVAL when offset + len passes the frame's end (the card has no
 * fragments), else copy and 0.  buf is the stack or a map value (the
 * verifier refuses packet pointers here) and holds len bytes (ARG_CONST_SIZE:
 * never 0).
 */
/* A stack buffer at a constant offset in the own frame: that offset, else 0. */
static s16 xcc_hl_frame_buf(const struct xcc_value *buf)
{
	if (buf->type != XCC_T_STACK || buf->frame || !xcc_range_is_const(buf->r) ||
	    buf->r.smin < -2048 || buf->r.smin >= 0)
		return 0;
	return (s16)buf->r.smin;
}

/*
 * The last 1..3 bytes of a word: lm_st8/lm_st16 of its low bytes, then
 * the third byte shifted down.
 */
static void xcc_hl_store_tail(struct xcc_prog *prog, struct xcc_mop w, s16 at, u32 n)
{
	if (n & 2)
		xcc_mc_lm(prog, ME_OP_LM_ST16, w, 0, at);
	if (n == 1)
		xcc_mc_lm(prog, ME_OP_LM_ST8, w, 0, at);
	if (n == 3) {
		xcc_mc_alu(prog, ME_OP_SHR, XCC_T(2), w, xcc_k(prog, 16));
		xcc_mc_lm(prog, ME_OP_LM_ST8, XCC_T(2), 0, (s16)(at + 2));
	}
}

/*
 * xdp_load_bytes/store_bytes whose offset and length absint knows, into or
 * out of a stack buffer at a known place (how samples/bpf's xdp1 reads
 * its headers): no range checks of the arguments, and up to 64 bytes per
 * memory command between the packet and the transfer registers, which
 * local memory takes word by word.  The store's last word may read up to
 * 3 bytes past the buffer, in the frame or the save area above it
 * (local memory, mapped), and mem_wr writes only len bytes.
 */
static int xcc_hl_xdp_bytes_known(struct xcc_prog *prog, u32 i, int store)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	s16 buf = xcc_hl_frame_buf(&m->mem);
	u32 einval = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog), off, len, c, w;
	struct xcc_mop pkt = XCC_T(0), lim = XCC_TB(0);

	if (m->src.type != XCC_T_SCALAR || !xcc_range_is_const(m->src.r) ||
	    m->arg45_type[0] != XCC_T_SCALAR || !xcc_range_is_const(m->arg4) || !buf)
		return 0;
	off = (u32)m->src.r.umin;
	len = (u32)m->arg4.umin;
	if (m->src.r.umin > 0xffff || m->arg4.umin > 0xffff || !len || buf + (s32)len > 0)
		return 0;
	xcc_mc_lm(prog, ME_OP_LM_LD32, pkt, 2, XNIC_MD_DATA);
	xcc_mc_lm(prog, ME_OP_LM_LD32, lim, 2, XNIC_MD_DATA_END);
	xcc_mc_alu(prog, ME_OP_SUB, lim, lim, pkt);
	xcc_mc_cmp(prog, ME_OP_CMP, lim, xcc_k(prog, off + len));
	xcc_mc_br(prog, ME_COND_LO, einval);
	for (c = 0; c < len; c += 64) {
		u32 n = len - c < 64 ? len - c : 64;

		if (store) {
			for (w = 0; w * 4 < n; w++)
				xcc_mc_lm(prog, ME_OP_LM_LD32, xcc_xw((u8)w), 0,
					  (s16)(buf + (s32)(c + 4 * w)));
			xcc_mc_mem(prog, ME_OP_MEM_WR, ME_SPACE_PKT, 0, pkt, xcc_k(prog, off + c),
				   (u8)n);
			continue;
		}
		xcc_mc_mem(prog, ME_OP_MEM_RD, ME_SPACE_PKT, 0, pkt, xcc_k(prog, off + c), (u8)n);
		for (w = 0; w * 4 + 4 <= n; w++)
			xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_xr((u8)w), 0, (s16)(buf + (s32)(c + 4 * w)));
		if (n & 3)
			xcc_hl_store_tail(prog, xcc_xr((u8)w), (s16)(buf + (s32)(c + 4 * w)), n & 3);
	}
	xcc_hl_ret(prog, 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_hl_fail(prog, einval, XCC_EINVAL, done);
	xcc_mc_label(prog, done);
	return 1;
}

static int xcc_hl_xdp_bytes(struct xcc_prog *prog, u32 i, int store)
{
	u8 type = prog->meta[i].mem.type;
	u32 efault = xcc_mc_new_label(prog), einval = xcc_mc_new_label(prog);
	u32 done = xcc_mc_new_label(prog);
	struct xcc_mop pkt = XCC_T(0), buf = XCC_T(1), n = XCC_TB(0), lim = XCC_TB(1);

	if (type != XCC_T_STACK && type != XCC_T_MAP_VALUE)
		return xcc_hl_refuse(prog, i, "the buffer in r3 must be the stack or a map value");
	if (xcc_hl_xdp_bytes_known(prog, i, store))
		return 0;
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_lo(2), xcc_k(prog, 0xffff));
	xcc_mc_br(prog, ME_COND_HI, efault);
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_lo(4), xcc_k(prog, 0xffff));
	xcc_mc_br(prog, ME_COND_HI, efault);
	xcc_mc_lm(prog, ME_OP_LM_LD32, pkt, 2, XNIC_MD_DATA);
	xcc_mc_lm(prog, ME_OP_LM_LD32, lim, 2, XNIC_MD_DATA_END);
	xcc_mc_alu(prog, ME_OP_SUB, lim, lim, pkt);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(2), xcc_lo(2), xcc_lo(4));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(2), lim);
	xcc_mc_br(prog, ME_COND_HI, einval);
	xcc_mc_alu(prog, ME_OP_ADD, pkt, pkt, xcc_lo(2));
	xcc_mc_un(prog, ME_OP_MOV, buf, xcc_lo(3));
	xcc_mc_un(prog, ME_OP_MOV, n, xcc_lo(4));
	if (store)
		xcc_hl_copy(prog, XCC_T_PKT, pkt, type, buf, n);
	else
		xcc_hl_copy(prog, type, buf, XCC_T_PKT, pkt, n);
	xcc_hl_ret(prog, 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_hl_fail(prog, efault, XCC_EFAULT, done);
	xcc_hl_fail(prog, einval, XCC_EINVAL, done);
	xcc_mc_label(prog, done);
	return 0;
}

/*
 * bpf_check_mtu(xdp_md, ifindex, mtu_len, len_diff, flags), 6.1's
 * bpf_xdp_check_mtu(): -EINVAL for any flag; with *mtu_len 0 the frame's
 * length, else *mtu_len + ETH_HLEN (hard_header_len of an Ethernet device),
 * plus len_diff, compared as int with the MTU + ETH_HLEN: 0 if not above,
 * else BPF_MTU_CHK_RET_FRAG_NEEDED; *mtu_len = the MTU (0 after -EINVAL).
 * The ingress device's MTU is the card's MTU register, read through card
 * CSR MTU when the helper runs (no cost to frames of other programs).  Only
 * ifindex 0 (the ingress device): the card cannot look up other host devices.
 */
static int xcc_hl_check_mtu(struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	u8 type = m->mem.type;
	u32 einval = xcc_mc_new_label(prog), given = xcc_mc_new_label(prog);
	u32 cmp = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);
	struct xcc_mop len = XCC_T(0), mtu = XCC_TB(0), p = XCC_T(1), v = XCC_TB(1);

	if (m->src.type != XCC_T_SCALAR || !xcc_range_is_const(m->src.r) || (u32)m->src.r.umin)
		return xcc_hl_refuse(prog, i, "the ifindex in r2 must be the constant 0 (the ingress "
				     "device): the card cannot look up other host devices");
	if (type != XCC_T_STACK && type != XCC_T_MAP_VALUE && type != XCC_T_PKT &&
	    type != XCC_T_PKT_META)
		return xcc_hl_refuse(prog, i, "mtu_len in r3 must point to the stack, a map value "
				     "or the packet");
	xcc_mc_un(prog, ME_OP_MOV, p, xcc_lo(3));
	xcc_mc_alu(prog, ME_OP_OR, XCC_T(2), xcc_lo(5), xcc_hi(5));
	xcc_mc_br(prog, ME_COND_NE, einval);
	xcc_mc_csr(prog, mtu, XNIC_CSR_MTU);
	xcc_hl_move(prog, type, 4, 0, v, p);
	xcc_mc_cmp(prog, ME_OP_CMP, v, xcc_k(prog, 0));
	xcc_mc_br(prog, ME_COND_NE, given);
	xcc_mc_lm(prog, ME_OP_LM_LD32, len, 2, XNIC_MD_DATA_END);
	xcc_mc_lm(prog, ME_OP_LM_LD32, v, 2, XNIC_MD_DATA);
	xcc_mc_alu(prog, ME_OP_SUB, len, len, v);
	xcc_mc_br(prog, ME_COND_AL, cmp);
	xcc_mc_label(prog, given);
	xcc_mc_alu(prog, ME_OP_ADD, len, v, xcc_k(prog, XCC_ETH_HLEN));
	xcc_mc_label(prog, cmp);
	xcc_mc_alu(prog, ME_OP_ADD, len, len, xcc_lo(4));
	xcc_mc_alu(prog, ME_OP_ADD, v, mtu, xcc_k(prog, XCC_ETH_HLEN));
	xcc_hl_move(prog, type, 4, 1, mtu, p);
	xcc_hl_ret(prog, 0);
	xcc_mc_cmp(prog, ME_OP_CMP, len, v);
	xcc_mc_br(prog, ME_COND_LE, done);
	xcc_hl_ret(prog, BPF_MTU_CHK_RET_FRAG_NEEDED);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_mc_label(prog, einval);
	xcc_hl_move(prog, type, 4, 1, xcc_k(prog, 0), p);
	xcc_hl_ret(prog, -(s32)XCC_EINVAL);
	xcc_mc_label(prog, done);
	return 0;
}

/*
 * bpf_csum_diff(from, from_size, to, to_size, seed): the 32-bit one's
 * complement sum of seed, the inverted from words and the to words (the
 * kernel's csum_partial over its scratch buffer); sizes must be multiples
 * of 4 and together at most 512 bytes.
 */
static int xcc_hl_csum_diff(struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	u32 einval = xcc_mc_new_label(prog), done = xcc_mc_new_label(prog);

	xcc_mc_alu(prog, ME_OP_OR, XCC_T(0), xcc_lo(2), xcc_lo(4));
	xcc_mc_cmp(prog, ME_OP_TST, XCC_T(0), xcc_k(prog, 3));
	xcc_mc_br(prog, ME_COND_NE, einval);
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(0), xcc_lo(2), xcc_lo(4));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), xcc_k(prog, XCC_STACK_SIZE));
	xcc_mc_br(prog, ME_COND_HI, einval);
	xcc_mc_un(prog, ME_OP_MOV, XCC_T(2), xcc_lo(5));
	xcc_hl_csum_words(prog, m->dst.type, 1, 2, 1);
	xcc_hl_csum_words(prog, m->mem.type, 3, 4, 0);
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(0), XCC_T(2));
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_hl_fail(prog, einval, XCC_EINVAL, done);
	xcc_mc_label(prog, done);
	return 0;
}

/*
 * bpf_loop(nr, callback, ctx, flags): -EINVAL for flags, -E2BIG above
 * BPF_MAX_LOOPS (1 << 23); calls callback(i, ctx) until it returns non-zero
 * (result i + 1) or i reaches nr (result nr).  The loop state lives in the
 * save area below the frame, which the callback does not touch.
 */
static int xcc_hl_loop(struct xcc_prog *prog, u32 i)
{
	const struct xcc_insn_meta *m = &prog->meta[i];
	s16 base = (s16)-(s32)xcc_isel_frame(prog, m->subprog);
	u32 loop = xcc_mc_new_label(prog), out = xcc_mc_new_label(prog);
	u32 einval = xcc_mc_new_label(prog), e2big = xcc_mc_new_label(prog);
	u32 done = xcc_mc_new_label(prog);

	if (m->src.type != XCC_T_FUNC)
		return xcc_hl_refuse(prog, i, "the callback is not known at compile time");
	xcc_mc_alu(prog, ME_OP_OR, XCC_T(0), xcc_lo(4), xcc_hi(4));
	xcc_mc_br(prog, ME_COND_NE, einval);
	xcc_mc_cmp(prog, ME_OP_CMP, xcc_lo(1), xcc_k(prog, 1u << 23));
	xcc_mc_br(prog, ME_COND_HI, e2big);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, 0), 0, (s16)(base + XCC_SAVE_LOOP_I));
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_lo(1), 0, (s16)(base + XCC_SAVE_LOOP_N));
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_lo(3), 0, (s16)(base + XCC_SAVE_LOOP_CTX));
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_hi(3), 0, (s16)(base + XCC_SAVE_LOOP_CTX + 4));
	xcc_mc_label(prog, loop);
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_T(0), 0, (s16)(base + XCC_SAVE_LOOP_I));
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_TB(0), 0, (s16)(base + XCC_SAVE_LOOP_N));
	xcc_mc_cmp(prog, ME_OP_CMP, XCC_T(0), XCC_TB(0));
	xcc_mc_br(prog, ME_COND_HS, out);
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(1), XCC_T(0));
	xcc_mc_mov32(prog, xcc_hi(1), 0);
	xcc_mc_lm(prog, ME_OP_LM_LD32, xcc_lo(2), 0, (s16)(base + XCC_SAVE_LOOP_CTX));
	xcc_mc_lm(prog, ME_OP_LM_LD32, xcc_hi(2), 0, (s16)(base + XCC_SAVE_LOOP_CTX + 4));
	xcc_isel_call_subprog(prog, m->subprog, m->src.id);
	xcc_mc_lm(prog, ME_OP_LM_LD32, XCC_T(0), 0, (s16)(base + XCC_SAVE_LOOP_I));
	xcc_mc_alu(prog, ME_OP_ADD, XCC_T(0), XCC_T(0), xcc_k(prog, 1));
	xcc_mc_lm(prog, ME_OP_LM_ST32, XCC_T(0), 0, (s16)(base + XCC_SAVE_LOOP_I));
	xcc_mc_alu(prog, ME_OP_OR, XCC_TB(0), xcc_lo(0), xcc_hi(0));
	xcc_mc_br(prog, ME_COND_EQ, loop);
	xcc_mc_label(prog, out);
	xcc_mc_un(prog, ME_OP_MOV, xcc_lo(0), XCC_T(0));
	xcc_mc_mov32(prog, xcc_hi(0), 0);
	xcc_mc_br(prog, ME_COND_AL, done);
	xcc_hl_fail(prog, einval, XCC_EINVAL, done);
	xcc_hl_fail(prog, e2big, XCC_E2BIG, done);
	xcc_mc_label(prog, done);
	return 0;
}

int xcc_isel_helper(struct xcc_prog *prog, u32 i)
{
	switch (prog->meta[i].helper->id) {
	case BPF_FUNC_map_lookup_elem: return xcc_hl_on_map(prog, i, xcc_hl_lookup);
	case BPF_FUNC_map_update_elem: return xcc_hl_on_map(prog, i, xcc_hl_update);
	case BPF_FUNC_map_delete_elem: return xcc_hl_on_map(prog, i, xcc_hl_delete);
	case BPF_FUNC_xdp_adjust_head: return xcc_hl_adjust_head(prog, i);
	case BPF_FUNC_xdp_adjust_tail: return xcc_hl_adjust_tail(prog, i);
	case BPF_FUNC_xdp_adjust_meta: return xcc_hl_adjust_meta(prog, i);
	case BPF_FUNC_redirect: return xcc_hl_redirect(prog, i);
	case BPF_FUNC_redirect_map: return xcc_hl_redirect_map(prog, i);
	case BPF_FUNC_ktime_get_ns: return xcc_hl_ktime(prog, i);
	case BPF_FUNC_get_smp_processor_id: return xcc_hl_smp_id(prog, i);
	case BPF_FUNC_get_prandom_u32: return xcc_hl_prandom(prog, i);
	case BPF_FUNC_csum_diff: return xcc_hl_csum_diff(prog, i);
	case BPF_FUNC_loop: return xcc_hl_loop(prog, i);
	case BPF_FUNC_ktime_get_boot_ns: return xcc_hl_boot_ns(prog, i);
	case BPF_FUNC_jiffies64: return xcc_hl_jiffies(prog, i);
	case BPF_FUNC_get_numa_node_id: return xcc_hl_numa_id(prog, i);
	case BPF_FUNC_xdp_get_buff_len: return xcc_hl_buff_len(prog, i);
	case BPF_FUNC_xdp_load_bytes: return xcc_hl_xdp_bytes(prog, i, 0);
	case BPF_FUNC_xdp_store_bytes: return xcc_hl_xdp_bytes(prog, i, 1);
	case BPF_FUNC_check_mtu: return xcc_hl_check_mtu(prog, i);
	case BPF_FUNC_trace_printk: return xcc_hl_trace_printk(prog, i);
	case BPF_FUNC_perf_event_output: return xcc_hl_perf_event_output(prog, i);
	case BPF_FUNC_ktime_get_coarse_ns: return xcc_hl_coarse_ns(prog, i);
	case BPF_FUNC_spin_lock: return xcc_hl_spin_lock(prog, i);
	case BPF_FUNC_spin_unlock: return xcc_hl_spin_unlock(prog, i);
	case BPF_FUNC_tail_call: return xcc_hl_tail_call(prog, i);
	}
	return xcc_hl_refuse(prog, i, "not implemented by the card back end yet");
}

/*
 * 64-bit unsigned division, shift-subtract: in n = a22:b22, d = b23:a23;
 * out quotient a22:b22, remainder a24:b24; d == 0 gives 0 and n, as eBPF.
 */
static void xcc_isel_udivmod(struct xcc_prog *prog)
{
	u32 nonzero = xcc_mc_new_label(prog), loop = xcc_mc_new_label(prog);
	u32 skip = xcc_mc_new_label(prog);
	struct xcc_mop nlo = xcc_pa(22), nhi = xcc_pb(22), dlo = xcc_pb(23), dhi = xcc_pa(23);
	struct xcc_mop rlo = xcc_pa(24), rhi = xcc_pb(24), cnt = xcc_pa(25);
	struct xcc_mop ta = xcc_pa(26), tb = xcc_pb(25);

	xcc_mc_label(prog, prog->label_udivmod);
	xcc_mc_alu(prog, ME_OP_OR, ta, dhi, dlo);
	xcc_mc_br(prog, ME_COND_NE, nonzero);
	xcc_mc_un(prog, ME_OP_MOV, rlo, nlo);
	xcc_mc_un(prog, ME_OP_MOV, rhi, nhi);
	xcc_mc_mov32(prog, nlo, 0);
	xcc_mc_mov32(prog, nhi, 0);
	xcc_mc_ret(prog, XCC_REG_LINK_RT);
	xcc_mc_label(prog, nonzero);
	xcc_mc_mov32(prog, rlo, 0);
	xcc_mc_mov32(prog, rhi, 0);
	xcc_mc_mov32(prog, cnt, 64);
	xcc_mc_label(prog, loop);
	/* (r:n) <<= 1 */
	xcc_mc_alu(prog, ME_OP_SHL, rhi, rhi, xcc_k(prog, 1));
	xcc_mc_alu(prog, ME_OP_SHR, ta, rlo, xcc_k(prog, 31));
	xcc_mc_alu(prog, ME_OP_OR, rhi, rhi, ta);
	xcc_mc_alu(prog, ME_OP_SHL, rlo, rlo, xcc_k(prog, 1));
	xcc_mc_alu(prog, ME_OP_SHR, tb, nhi, xcc_k(prog, 31));
	xcc_mc_alu(prog, ME_OP_OR, rlo, rlo, tb);
	xcc_mc_alu(prog, ME_OP_SHL, nhi, nhi, xcc_k(prog, 1));
	xcc_mc_alu(prog, ME_OP_SHR, ta, nlo, xcc_k(prog, 31));
	xcc_mc_alu(prog, ME_OP_OR, nhi, nhi, ta);
	xcc_mc_alu(prog, ME_OP_SHL, nlo, nlo, xcc_k(prog, 1));
	/* r >= d: subtract, set the quotient bit */
	xcc_mc_cmp(prog, ME_OP_CMP, rlo, dlo);
	xcc_mc_cmp(prog, ME_OP_CMPB, rhi, dhi);
	xcc_mc_br(prog, ME_COND_LO, skip);
	xcc_mc_alu(prog, ME_OP_SUB, rlo, rlo, dlo);
	xcc_mc_alu(prog, ME_OP_SUBB, rhi, rhi, dhi);
	xcc_mc_alu(prog, ME_OP_OR, nlo, nlo, xcc_k(prog, 1));
	xcc_mc_label(prog, skip);
	xcc_mc_alu(prog, ME_OP_SUB, cnt, cnt, xcc_k(prog, 1));
	xcc_mc_br(prog, ME_COND_NE, loop);
	xcc_mc_ret(prog, XCC_REG_LINK_RT);
}

/*
 * The standalone harness (image entry for xnic-cc, docs/compiler.md
 * "Running on the emulator"): every context loops receiving a frame,
 * filling its xdp_md block, calling xdp_main and transmitting the bytes
 * from data_meta to data_end with the action as destination.  Contexts split local
 * memory evenly: xdp_md block at the bottom, stack at the top.
 */
static void xcc_isel_harness_frame(struct xcc_prog *prog)
{
	struct xcc_mop base = xcc_pa(25), size = xcc_pb(24);

	xcc_mc_csr(prog, xcc_pb(22), ME_CSR_LM_SIZE);
	xcc_mc_csr(prog, xcc_pa(23), ME_CSR_NUM_CTX);
	xcc_mc_alu(prog, ME_OP_DIVU, size, xcc_pb(22), xcc_pa(23));
	xcc_mc_csr(prog, xcc_pa(22), ME_CSR_CTX);
	xcc_mc_alu(prog, ME_OP_MUL, base, xcc_pa(22), size);
	xcc_mc_lm_set(prog, 3, base, xcc_k(prog, 0));
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_xr(ME_RX_XR_ADDR), 3, XNIC_MD_DATA);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_xr(ME_RX_XR_ADDR), 3, XNIC_MD_DATA_META);
	xcc_mc_un(prog, ME_OP_MOV, xcc_pb(22), xcc_xr(ME_RX_XR_LEN));
	xcc_mc_alu(prog, ME_OP_ADD, xcc_pa(22), xcc_xr(ME_RX_XR_ADDR), xcc_pb(22));
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_pa(22), 3, XNIC_MD_DATA_END);
	/* BPF_PROG_TEST_RUN presents the loopback device: ifindex 1, queue 0 */
	xcc_mc_alu(prog, ME_OP_ADD, xcc_pa(22), xcc_xr(ME_RX_XR_PORT), xcc_k(prog, 1));
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_pa(22), 3, XNIC_MD_INGRESS);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, 0), 3, XNIC_MD_RXQ);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_xr(ME_RX_XR_BUF), 3, XNIC_MD_BUF_START);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_xr(ME_RX_XR_BUF_END), 3, XNIC_MD_BUF_END);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, 0), 3, XNIC_MD_REDIRECT);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, 0), 3, XNIC_MD_REDIRECT_MAP);
	xcc_mc_lm(prog, ME_OP_LM_ST32, xcc_k(prog, 0), 3, XNIC_MD_REDIRECT_FLAGS);
	xcc_mc_alu(prog, ME_OP_ADD, xcc_pa(23), base, size);
	xcc_mc_alu(prog, ME_OP_SUB, xcc_pa(23), xcc_pa(23), xcc_k(prog, XNIC_SAVE_AREA));
	xcc_mc_lm_set(prog, 0, xcc_pa(23), xcc_k(prog, 0));
	xcc_mc_un(prog, ME_OP_MOV, xcc_pa(1), base);
}

int xcc_isel_harness(struct xcc_prog *prog)
{
	u32 loop = xcc_mc_new_label(prog);
	struct xcc_minsn *m;

	xcc_mc_label(prog, prog->label_harness);
	xcc_mc_label(prog, loop);
	m = xcc_mc_add(prog, ME_OP_PKT_RX);
	m->d = xcc_xr(0);
	m->mi.sig = 0;
	m->mi.swap = 1;
	xcc_isel_harness_frame(prog);
	xcc_mc_call(prog, 15, prog->label_main);
	/* from data_meta, as BPF_PROG_TEST_RUN returns its output */
	xcc_mc_lm(prog, ME_OP_LM_LD32, xcc_pa(22), 3, XNIC_MD_DATA_META);
	xcc_mc_lm(prog, ME_OP_LM_LD32, xcc_pb(22), 3, XNIC_MD_DATA_END);
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(ME_TX_XW_ADDR), xcc_pa(22));
	xcc_mc_alu(prog, ME_OP_SUB, xcc_pa(23), xcc_pb(22), xcc_pa(22));
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(ME_TX_XW_LEN), xcc_pa(23));
	xcc_mc_un(prog, ME_OP_MOV, xcc_xw(ME_TX_XW_DEST), xcc_pa(0));
	m = xcc_mc_add(prog, ME_OP_PKT_TX);
	m->d = xcc_xw(0);
	m->mi.sig = 2;
	m->mi.swap = 1;
	xcc_mc_br(prog, ME_COND_AL, loop);
	return prog->error ? -1 : 0;
}

int xcc_isel_runtime(struct xcc_prog *prog)
{
	xcc_isel_share_routines(prog);
	xcc_isel_printk_routines(prog);
	if (prog->need_udivmod)
		xcc_isel_udivmod(prog);
	xcc_isel_hash_routines(prog);
	xcc_isel_lpm_routines(prog);
	return xcc_isel_harness(prog);
}
