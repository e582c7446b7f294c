/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnic offload compiler: public interface (docs/compiler.md).
 *
 * The caller supplies the environment (allocation and logging), the eBPF
 * instructions of a verified XDP program and a description of its maps.
 * LD_IMM64 instructions with src_reg BPF_PSEUDO_MAP_FD or
 * BPF_PSEUDO_MAP_VALUE carry in imm an index into the map array, not a file
 * descriptor: the host tool and the driver translate before calling us.
 */
#ifndef XCC_H
#define XCC_H

#include "xcc_compat.h"

enum xcc_log_level {
	XCC_LOG_ERROR,
	XCC_LOG_INFO,
	XCC_LOG_DUMP,		/* pass dumps, one line per call */
};

/* Everything the core needs from the outside world. */
struct xcc_env {
	void *(*alloc)(void *opaque, size_t size);	/* zeroed memory or NULL */
	void (*free)(void *opaque, void *ptr);
	void (*log)(void *opaque, enum xcc_log_level level, const char *line);
	void *opaque;
};

struct xcc_map_desc {
	u32 type;		/* enum bpf_map_type */
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	char name[16];
	const void *initial;	/* initial contents (global data), or NULL */
	u32 initial_size;
	/*
	 * Placement by the caller (docs/compiler.md, "Card layout"): 0, or
	 * the map's first byte in external memory, 64-byte aligned at or
	 * above XNIC_EMEM_MAPS.  Give every map an address or none: without,
	 * the compiler lays the maps out itself.
	 */
	u32 addr;
	u32 buckets;	/* hash: slots, a power of two >= max_entries; 0: 2 x */
	/*
	 * ARRAY_OF_MAPS, HASH_OF_MAPS: 1 + the index in the map array of a
	 * map shaped like the inner maps (the kernel's inner map template:
	 * type, key and value size); every map of that shape may be an
	 * inner map (docs/compiler.md, "Maps of maps").  0: none.
	 */
	u32 inner_map;
	/*
	 * Non-zero: the map stays on the host under this id and takes no
	 * card memory (addr 0).  Only a PERF_EVENT_ARRAY, the one map 6.1
	 * lets an offloaded program use on the host: its records go to the
	 * card log for the driver (include/xnic/card.h XNIC_LOG_PERF_HOST).
	 */
	u32 host_id;
};

/* Error codes returned by xcc_compile() (negated). */
enum xcc_error {
	XCC_OK,
	XCC_E_NOMEM,
	XCC_E_INVALID,		/* malformed instruction stream */
	XCC_E_UNSUPPORTED,	/* valid eBPF the card cannot run */
	XCC_E_ANALYSIS,		/* abstract interpretation gave up */
};

struct xcc_prog;

struct xcc_options {
	/* Pass name after which to dump the program, "all", or NULL. */
	const char *dump_after;
	int frontend_only;	/* stop after "opt": analysis without code */
	/*
	 * NULL, or per instruction the enum xcc_mem_kind a verifier proved
	 * for the access's base register (the driver's insn_hook).  Where
	 * the compiler's own analysis lost a pointer, a packet or map value
	 * access takes this kind (docs/compiler.md "The verifier's kinds").
	 */
	const u8 *mem_kinds;
};

/* The compiled program (valid after a successful xcc_compile()). */
struct xcc_image_info {
	const u64 *code;	/* card instruction words, from address 0 */
	u32 n_code;
	u32 entry_main;		/* xdp_main: the program as a function (isa.md 9) */
	u32 entry_harness;	/* standalone loop: rx, xdp_main, tx (docs/compiler.md) */
	u32 contexts;		/* 4: the register plan needs 32 GPRs per bank */
	u32 emem_size;		/* external memory the maps use, from address 0 */
};

/*
 * Where a map lives in external memory (docs/compiler.md, "Card layout").
 * Arrays: element k at addr + k * stride; per-CPU arrays have `copies`
 * such arrays one after the other, one per ME.  Hash maps: a u32 element count
 * at addr, a u32 lock at addr + 4, then `buckets` slots of `stride` bytes from addr + 8, each a u32
 * state (0 empty, 1 used, 2 deleted), the key at +4, the value at value_off.
 */
struct xcc_map_place {
	u32 addr;
	u32 stride;
	u32 size;
	u32 copies;
	u32 buckets;
	u32 value_off;
};

struct xcc_stats {
	u32 bpf_insns, card_insns;	/* card_insns: the program's code only */
	u32 runtime_insns;		/* harness and runtime routines */
	u32 gprs_a, gprs_b;	/* distinct GPRs written per bank */
	u32 stack_bytes;	/* deepest call chain's frames */
	u32 bank_fixups;	/* moves added for the bank rule */
	u32 waits_removed;	/* memory writes that no longer stall */
	u32 reads_overlapped;	/* loads issued together, waited for once */
};

/*
 * What a load, store or atomic accesses, as the compiler's own analysis
 * found it, for the driver to cross-check against the kernel verifier's
 * register types (docs/compiler.md, "Cross-check with the verifier").
 */
enum xcc_mem_kind {
	XCC_MEM_NONE,		/* not a memory access, or never reached */
	XCC_MEM_CTX,
	XCC_MEM_PKT,		/* packet data or metadata */
	XCC_MEM_STACK,
	XCC_MEM_MAP_VALUE,
	XCC_MEM_MIXED,		/* different kinds on different paths */
};

int xcc_prog_image(const struct xcc_prog *prog, struct xcc_image_info *out);
/*
 * The shape a map has in external memory at d->addr (stride, size, copies,
 * buckets, value_off), so that a caller can place maps before compiling:
 * 0, -XCC_E_UNSUPPORTED for a map the card cannot hold (hash keys above 56
 * bytes or more than 65536 entries, more than 16 MiB), -XCC_E_INVALID for
 * a bad d->buckets.  Map types the compiler does not lay out get size 0.
 */
int xcc_map_shape(const struct xcc_map_desc *d, struct xcc_map_place *out);
/* Valid once the front end ran (also with xcc_options.frontend_only). */
enum xcc_mem_kind xcc_prog_insn_mem(const struct xcc_prog *prog, u32 insn);
int xcc_prog_map_place(const struct xcc_prog *prog, u32 map, struct xcc_map_place *out);
void xcc_prog_stats(const struct xcc_prog *prog, struct xcc_stats *out);
/* Disassembly of the image, one line per instruction through the log. */
void xcc_prog_disasm(const struct xcc_prog *prog);

/*
 * What each card instruction of the image implements, for profilers and
 * the dynamic statistics (docs/performance.md, "The profile";
 * docs/compiler.md, "Statistics"): an eBPF instruction; a runtime routine
 * (division, hash map operations), with insn the first eBPF instruction
 * calling it (or XCC_ORIGIN_NONE); or the harness.  target, for a branch
 * or call of the program's own code, is the eBPF instruction its label
 * stands for (a subprogram's entry stands for its first instruction),
 * XCC_ORIGIN_NONE for labels inside one instruction's code and elsewhere.
 */
enum xcc_origin_kind {
	XCC_ORIGIN_INSN,
	XCC_ORIGIN_ROUTINE,
	XCC_ORIGIN_HARNESS,
};
#define XCC_ORIGIN_NONE		0xffffffffu

struct xcc_origin {
	u32 kind;		/* enum xcc_origin_kind */
	u32 insn;		/* eBPF instruction index, or XCC_ORIGIN_NONE */
	u32 target;		/* eBPF instruction a branch goes to, or XCC_ORIGIN_NONE */
};

/* Fills out[0..n) for the image's n = n_code words; 0, or -1 before a compile. */
int xcc_prog_origins(const struct xcc_prog *prog, struct xcc_origin *out, u32 n);
/* One eBPF instruction in the kernel verifier's notation; next: LD_IMM64's 2nd half. */
int xcc_disasm(char *buf, size_t size, const struct bpf_insn *insn, const struct bpf_insn *next);

struct xcc_prog *xcc_prog_new(const struct xcc_env *env,
			      const struct bpf_insn *insns, u32 insn_cnt,
			      const struct xcc_map_desc *maps, u32 map_cnt);
void xcc_prog_free(struct xcc_prog *prog);

/*
 * Tail calls (docs/compiler.md, "Tail calls"): the programs a PROG_ARRAY
 * may hold follow the main program in the instructions given to
 * xcc_prog_new(), each with its subprograms after it, as one program's
 * are laid out.  Program 0 is the main one; program k (1 <= k <= n)
 * starts at instruction starts[k - 1], in increasing order.  A
 * PROG_ARRAY element on the card holds the number of its program plus
 * one, 0 when empty.  Call before xcc_compile(); 0 or -XCC_E_INVALID.
 */
int xcc_prog_set_tail_programs(struct xcc_prog *prog, const u32 *starts, u32 n);

/* Runs the pass pipeline; returns 0 or a negated enum xcc_error. */
int xcc_compile(struct xcc_prog *prog, const struct xcc_options *opts);

/* The first error: message (with instruction index) and where it was found. */
const char *xcc_prog_error(const struct xcc_prog *prog);
s32 xcc_prog_error_insn(const struct xcc_prog *prog);

/*
 * Removes insns[off .. off + cnt - 1] as the kernel verifier removes dead
 * code from its copy: jumps, BPF-to-BPF calls and callback addresses that
 * cross the range are shortened.  0, or -XCC_E_INVALID (nothing changed)
 * when the range is out of bounds or something left points into it.
 */
int xcc_insns_remove(struct bpf_insn *insns, u32 *n, u32 off, u32 cnt);

/*
 * The text of a XNIC_LOG_TRACE record (include/xnic/card.h) of rec_len
 * bytes whose format is fmt, at most fmt_len bytes: into out, NUL
 * terminated, at most size - 1 bytes (XNIC_LOG_TRACE_TEXT_MAX + 1 holds
 * any); returns its length.  Anything the
 * record holds is safe to pass: nothing is read outside rec and fmt.
 */
u32 xcc_trace_format(const u8 *rec, u32 rec_len, const char *fmt, u32 fmt_len, char *out,
		     u32 size);

/*
 * The kernel's isalnum() (lib/ctype.c: ASCII and Latin-1), by which 6.1's
 * bstr_printf() skips the letters and digits after a %p conversion.
 */
int xcc_trace_isalnum(u8 c);

/* Names of the passes in pipeline order, NULL-terminated (for --dump-after). */
extern const char *const xcc_pass_names[];

#endif
