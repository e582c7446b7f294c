/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal representation shared by the passes (docs/compiler.md, "Program
 * representation").  Each eBPF instruction is wrapped in an xcc_insn_meta
 * carrying what the analyses learnt about it, as nfp's nfp_insn_meta does.
 */
#ifndef XCC_PRIV_H
#define XCC_PRIV_H

#include "xcc.h"

#define XCC_MAX_INSNS		(1u << 20)	/* BPF_COMPLEXITY_LIMIT_INSNS */
#define XCC_MAX_SUBPROGS	256		/* BPF_MAX_SUBPROGS */
#define XCC_MAX_CALL_DEPTH	8		/* MAX_CALL_FRAMES */
#define XCC_NR_REGS		11		/* R0..R10 */
#define XCC_STACK_SIZE		512		/* MAX_BPF_STACK */
#define XCC_STACK_SLOTS		(XCC_STACK_SIZE / 8)
#define XCC_MAX_TAIL_PROGS	32		/* programs besides the main one */
#define XCC_MAX_TAIL_CALL_CNT	33		/* MAX_TAIL_CALL_CNT */

#include "xcc_mach.h"
#include "xcc_card.h"
#include "xnic/maps.h"

/* What a register (or a spilled stack slot) holds. */
enum xcc_type {
	XCC_T_NONE,		/* never written on any path: bottom */
	XCC_T_SCALAR,
	XCC_T_CTX,		/* struct xdp_md * */
	XCC_T_PKT,		/* xdp_md.data + offset */
	XCC_T_PKT_END,
	XCC_T_PKT_META,
	XCC_T_STACK,		/* frame pointer of some frame + offset */
	XCC_T_MAP_VALUE,
	XCC_T_MAP_VALUE_OR_NULL,
	XCC_T_MAP_PTR,
	XCC_T_FUNC,		/* address of a subprogram (bpf_loop callback) */
	XCC_T_CONFLICT,		/* different kinds on different paths: top */
};

/* Value set of a scalar, or of a pointer's offset from its base. */
struct xcc_range {
	u64 umin, umax;
	s64 smin, smax;
};

struct xcc_value {
	u8 type;		/* enum xcc_type */
	u8 frame;		/* XCC_T_STACK: 0 = own frame, 1 = caller's ... */
	u16 id;			/* map index (map types), subprog (XCC_T_FUNC) */
	u32 origin;		/* XCC_T_MAP_VALUE_OR_NULL: lookup insn + 1, 0 if mixed */
	u8 maybe_null;		/* pointer joined with a NULL constant (p ? p : NULL) */
	struct xcc_range r;
};

/* Flags of struct xcc_insn_meta. */
#define XCC_META_LDIMM64_HI	(1u << 0)	/* second half of an LD_IMM64 */
#define XCC_META_JUMP_TARGET	(1u << 1)
#define XCC_META_REACHED	(1u << 2)	/* absint found a path to it */
#define XCC_META_DEAD		(1u << 3)	/* opt: result never used */
#define XCC_META_ALWAYS_TAKEN	(1u << 4)	/* opt: condition always true */
#define XCC_META_NEVER_TAKEN	(1u << 5)	/* opt: condition always false */
#define XCC_META_BACK_EDGE	(1u << 6)	/* jump to an earlier block */
#define XCC_META_SUBPROG_ENTRY	(1u << 7)
#define XCC_META_TAKEN_SEEN	(1u << 8)	/* absint: the jump may be taken */
#define XCC_META_FALL_SEEN	(1u << 9)	/* absint: it may fall through */

struct xcc_helper;

struct xcc_insn_meta {
	struct bpf_insn insn;
	u32 flags;
	s32 jmp_dst;		/* target of a jump or pseudo call, else -1 */
	u32 bb;			/* basic block holding the instruction */
	u16 subprog;
	u16 live_in;		/* bit n: Rn read later on some path */
	u16 live_out;
	const struct xcc_helper *helper;
	/* Operands before the instruction, joined over every path (absint). */
	struct xcc_value dst, src;
	/* Loads, stores, atomics: the accessed address (base + insn.off).
	 * Helper calls: dst is R1, src R2 and mem R3. */
	struct xcc_value mem;
	u8 arg45_type[2];	/* helper calls: the kinds of R4 and R5, joined */
	struct xcc_range arg4;	/* helper calls: R4's range when a scalar, joined */
};

struct xcc_bb {
	u32 first, last;	/* instruction indices, inclusive */
	s32 succ[2];		/* fall-through/taken block, -1 if none */
	u16 subprog;
	u16 loop_header;	/* a back edge enters here: widen (absint) */
};

struct xcc_subprog {
	u32 start;		/* first instruction */
	u32 bb;			/* entry block */
	u8 is_callback;		/* called by bpf_loop */
	u8 clobbers_pkt;	/* may move packet data, itself or in a callee */
	/*
	 * A program, not a BPF-to-BPF subprogram: the main one or a tail
	 * call's target.  Entered with R1 = ctx on xdp_main's frame, by
	 * xdp_main or a tail call; its exits end the run.
	 */
	u8 is_prog;
	u16 stack_depth;	/* bytes of its own frame it touches (absint) */
};

#define XCC_MAP_ANY		0xffff		/* map value of more than one map */

struct xcc_map_layout {
	u32 addr;		/* first byte in external memory */
	u32 stride;		/* bytes per element (arrays), per slot (hash) */
	u32 size;		/* bytes in all */
	u32 copies;		/* arrays: 1, per-CPU arrays: one per ME */
	u32 buckets;		/* hash: slots, a power of two */
	u32 value_off;		/* hash: value offset in a slot */
	u32 find_label;		/* hash: its lookup routine (isel) */
	u8 need_find;
};

/* A helper call's shared routine (xcc_isel_share.c). */
struct xcc_share {
	u32 label;		/* the routine the call runs, or 0: inline */
	u8 leader;		/* the routine is compiled from this call */
};

/*
 * trace_printk's routines: digit counts, taking a log record, and an
 * address's bytes (8 of them: where the address is, by 2 for %pI4's digits)
 */
enum xcc_pk_routine {
	XCC_PK_RT_DEC, XCC_PK_RT_HEX, XCC_PK_RT_OPEN, XCC_PK_RT_IP,
	XCC_PK_RT_COUNT = XCC_PK_RT_IP + 8
};

/* The eBPF index of shared helper routines' code: the program's, yet no instruction's. */
#define XCC_BPF_SHARED(prog)	((prog)->n_insns + 1)

struct xcc_prog {
	const struct xcc_env *env;
	const struct xcc_options *opts;
	struct xcc_insn_meta *meta;
	u32 n_insns;
	const struct xcc_map_desc *maps;
	u32 n_maps;

	struct xcc_bb *bbs;
	u32 n_bbs;
	struct xcc_subprog subprogs[XCC_MAX_SUBPROGS];
	u32 n_subprogs;

	u32 absint_visits;	/* blocks interpreted until the fixpoint */

	/* tail calls: program k >= 1 starts at tail_starts[k - 1] */
	u32 tail_starts[XCC_MAX_TAIL_PROGS];
	u32 n_tail_progs;
	u8 has_tail_call;	/* a bpf_tail_call is reached */
	u8 has_adjust_meta;	/* some program of the image calls bpf_xdp_adjust_meta */

	/* back end */
	struct xcc_mcode mc;
	struct xcc_map_layout *layout;	/* per map, in external memory */
	u32 emem_end;
	u32 label_main, label_harness;	/* entry labels (isel) */
	u32 label_udivmod;		/* runtime routine, emitted when used */
	u8 need_udivmod;
	u32 label_pk[XCC_PK_RT_COUNT];	/* printk routines, 0: not used (xcc_isel_printk.c) */
	u32 n_printk;			/* calls of bpf_trace_printk: routines from 2 */
	u8 pk_signed;			/* the decimal routine takes signed values: 1, 64-bit ones: 2 */
	u32 pk_signed_calls;		/* signed decimal conversions the share survey met */
	/* shared helper routines (xcc_isel_share.c): per instruction */
	struct xcc_share *share;
	u8 hl_generic;			/* isel: helper code for any call site (flags at run time) */
	u8 quiet;			/* errors not logged (isel's survey undoes them) */
	u8 surveying;			/* isel: the share survey compiles helper bodies */
	u32 cur_bpf;			/* isel: instruction being lowered */
	u32 waits_removed;		/* sched: posted writes */
	u32 reads_overlapped;		/* sched: loads issued together */
	u32 entry_main, entry_harness;	/* their card addresses (resolve) */

	/* sticky error, as nfp_prog->error: the first failure wins */
	int error;
	s32 error_insn;
	char error_msg[192];
};

/* xcc_env.c */
void *xcc_zalloc(struct xcc_prog *prog, size_t size);
void *xcc_calloc(struct xcc_prog *prog, size_t n, size_t size);
void xcc_free(struct xcc_prog *prog, void *ptr);
__attribute__((format(printf, 4, 5)))
void xcc_fail(struct xcc_prog *prog, int error, s32 insn, const char *fmt, ...);
__attribute__((format(printf, 3, 4)))
void xcc_log(const struct xcc_prog *prog, enum xcc_log_level level, const char *fmt, ...);

/* The passes, in the order xcc_compile() runs them (xcc_pipeline.c). */
int xcc_decode(struct xcc_prog *prog);
int xcc_cfg(struct xcc_prog *prog);
int xcc_absint(struct xcc_prog *prog);
int xcc_liveness(struct xcc_prog *prog);
int xcc_opt(struct xcc_prog *prog);
int xcc_layout(struct xcc_prog *prog);
/* xcc_layout.c: which map types are hash maps (plain, per-CPU, LRU), and LRU */
int xcc_map_is_hash(u32 type);
int xcc_map_is_lru(u32 type);
/* ARRAY_OF_MAPS, HASH_OF_MAPS: an element holds an inner map's address (or 0) */
int xcc_map_is_outer(u32 type);
int xcc_isel(struct xcc_prog *prog);
int xcc_regalloc(struct xcc_prog *prog);
int xcc_peep(struct xcc_prog *prog);
int xcc_peep2(struct xcc_prog *prog);
void xcc_peep_known(struct xcc_prog *prog);	/* xcc_known.c, for peep */
int xcc_sched(struct xcc_prog *prog);
int xcc_resolve(struct xcc_prog *prog);
int xcc_emit(struct xcc_prog *prog);

/* xcc_isel_emit.c: building the machine code list */
struct xcc_minsn *xcc_mc_add(struct xcc_prog *prog, enum me_opcode op);
void xcc_mc_set_role(struct xcc_prog *prog, u8 role);
u32 xcc_mc_new_label(struct xcc_prog *prog);
void xcc_mc_label(struct xcc_prog *prog, u32 label);
struct xcc_mop xcc_er(u8 reg, int hi);
struct xcc_mop xcc_pa(u8 idx);
struct xcc_mop xcc_pb(u8 idx);
struct xcc_mop xcc_xr(u8 idx);
struct xcc_mop xcc_xw(u8 idx);
struct xcc_mop xcc_k(struct xcc_prog *prog, u32 value);
void xcc_mc_alu(struct xcc_prog *prog, enum me_opcode op, struct xcc_mop d, struct xcc_mop a,
		struct xcc_mop b);
void xcc_mc_un(struct xcc_prog *prog, enum me_opcode op, struct xcc_mop d, struct xcc_mop b);
void xcc_mc_cmp(struct xcc_prog *prog, enum me_opcode op, struct xcc_mop a, struct xcc_mop b);
void xcc_mc_br(struct xcc_prog *prog, enum me_cond cond, u32 label);
void xcc_mc_mov32(struct xcc_prog *prog, struct xcc_mop d, u32 value);
void xcc_mc_lm(struct xcc_prog *prog, enum me_opcode op, struct xcc_mop reg, u8 lmi, s16 off);
void xcc_mc_lm_set(struct xcc_prog *prog, u8 lmi, struct xcc_mop a, struct xcc_mop b);
void xcc_mc_mem(struct xcc_prog *prog, enum me_opcode op, u8 space, u8 xfer, struct xcc_mop a,
		struct xcc_mop b, u8 len);
void xcc_mc_csr(struct xcc_prog *prog, struct xcc_mop d, u16 csr);
void xcc_mc_call(struct xcc_prog *prog, u8 link, u32 label);
void xcc_mc_ret(struct xcc_prog *prog, u8 link);

/* xcc_isel.c */
u32 xcc_isel_frame(const struct xcc_prog *prog, u32 sp);
void xcc_isel_call_subprog(struct xcc_prog *prog, u32 sp, u32 callee);

/* xcc_isel_helpers.c */
int xcc_isel_helper(struct xcc_prog *prog, u32 i);
int xcc_isel_insn(struct xcc_prog *prog, u32 i);
int xcc_isel_store_run(struct xcc_prog *prog, u32 i);
int xcc_isel_harness(struct xcc_prog *prog);
int xcc_isel_runtime(struct xcc_prog *prog);
/* xcc_isel_share.c */
int xcc_isel_share_survey(struct xcc_prog *prog);
int xcc_isel_share_call(struct xcc_prog *prog, u32 i);
void xcc_isel_share_routines(struct xcc_prog *prog);
/* To label when map_update_elem's flags in R4 are above k / are k (helper call i) */
void xcc_hl_flags_above(struct xcc_prog *prog, u32 i, u32 k, u32 label);
void xcc_hl_flags_are(struct xcc_prog *prog, u32 i, u32 k, u32 label);

/* w = (store ? to : from) size (1 or 4) bytes at p, in the space of a pointer of kind type */
void xcc_hl_move(struct xcc_prog *prog, u8 type, u8 size, int store, struct xcc_mop w,
		 struct xcc_mop p);

/* n bytes from src to dst (registers advanced, n used up; TB(2) scratch) */
void xcc_hl_copy(struct xcc_prog *prog, u8 dst_type, struct xcc_mop dst, u8 src_type,
		 struct xcc_mop src, struct xcc_mop n);

/* xcc_isel_printk.c */
int xcc_hl_trace_printk(struct xcc_prog *prog, u32 i);
void xcc_isel_printk_count(struct xcc_prog *prog);
void xcc_isel_printk_routines(struct xcc_prog *prog);

/* xcc_isel_perf.c */
int xcc_hl_perf_event_output(struct xcc_prog *prog, u32 i);

/* xcc_isel_tail.c */
int xcc_hl_tail_call(struct xcc_prog *prog, u32 i);

/* xcc_isel_hash.c */
int xcc_hl_hash_lookup(struct xcc_prog *prog, u32 i, u32 idx);
/* Out: T(0) = the slot holding the key at LM address key, or 0. */
void xcc_hl_hash_find_at(struct xcc_prog *prog, u32 idx, struct xcc_mop key);
int xcc_hl_hash_update(struct xcc_prog *prog, u32 i, u32 idx,
		       void (*copy_value)(struct xcc_prog *prog, u32 size));
int xcc_hl_hash_delete(struct xcc_prog *prog, u32 i, u32 idx);
/* Shared with xcc_isel_lpm.c: the map lock, element count and a new element */
void xcc_spin_acquire(struct xcc_prog *prog, struct xcc_mop addr);
void xcc_hash_lock(struct xcc_prog *prog, u32 idx);
void xcc_hash_unlock(struct xcc_prog *prog, u32 idx);
void xcc_hash_count(struct xcc_prog *prog, u32 idx, u32 delta);
void xcc_hash_claim(struct xcc_prog *prog, u32 idx,
		    void (*copy_value)(struct xcc_prog *prog, u32 size));
/* xcc_isel_lpm.c: LPM tries */
void xcc_isel_lpm_routines(struct xcc_prog *prog);
int xcc_hl_lpm_lookup(struct xcc_prog *prog, u32 i, u32 idx);
int xcc_hl_lpm_update(struct xcc_prog *prog, u32 i, u32 idx,
		      void (*copy_value)(struct xcc_prog *prog, u32 size));
int xcc_hl_lpm_delete(struct xcc_prog *prog, u32 i, u32 idx);
void xcc_isel_hash_routines(struct xcc_prog *prog);

/* xcc_dump.c */
void xcc_dump(const struct xcc_prog *prog, const char *after_pass);
int xcc_disasm(char *buf, size_t size, const struct bpf_insn *insn, const struct bpf_insn *next);
const char *xcc_type_name(enum xcc_type type);

/* xcc_opcodes.c */
int xcc_opcode_valid(u8 code);
static inline u8 xcc_class(const struct bpf_insn *insn)
{
	return BPF_CLASS(insn->code);
}
static inline int xcc_is_ldimm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}
static inline int xcc_is_jmp_class(const struct bpf_insn *insn)
{
	return xcc_class(insn) == BPF_JMP || xcc_class(insn) == BPF_JMP32;
}
static inline int xcc_is_pseudo_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}
static inline int xcc_is_helper_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0;
}
static inline int xcc_is_exit(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_EXIT);
}
/* A conditional jump (not JA, CALL, EXIT). */
static inline int xcc_is_cond_jmp(const struct bpf_insn *insn)
{
	u8 op = BPF_OP(insn->code);

	return xcc_is_jmp_class(insn) && op != BPF_JA && op != BPF_CALL && op != BPF_EXIT;
}
static inline u32 xcc_size_bytes(const struct bpf_insn *insn)
{
	switch (BPF_SIZE(insn->code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	}
	return 8;
}
static inline int xcc_is_uncond_jmp(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_JA);
}

/* xcc_helpers.c */
struct xcc_helper {
	u32 id;			/* enum bpf_func_id */
	const char *name;
	u8 n_args;
	u8 ret;			/* enum xcc_type of R0 */
	u8 clobbers_pkt;	/* moves packet data: invalidates packet pointers */
};
const struct xcc_helper *xcc_helper_find(u32 id);
const char *xcc_helper_name(u32 id);
/* Why no NIC can run helper id (it reads the host's stack), or NULL. */
const char *xcc_helper_host_only(u32 id);

/* xcc_range.c: interval arithmetic for the abstract interpretation */
struct xcc_range xcc_range_const(u64 v);
struct xcc_range xcc_range_unknown(void);
struct xcc_range xcc_range_bits(unsigned int bits);
struct xcc_range xcc_range_join(struct xcc_range a, struct xcc_range b);
int xcc_range_eq(struct xcc_range a, struct xcc_range b);
int xcc_range_is_const(struct xcc_range r);
struct xcc_range xcc_range_alu(u8 op, struct xcc_range a, struct xcc_range b, int is64);
struct xcc_range xcc_range_sync(struct xcc_range r);

#endif
