// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xnic BPF offload: the kernel's bpf_prog_offload_ops for programs loaded
 * with `ip link set dev X xdpoffload ...` (docs/driver.md, "Offload").
 *
 * A program bound to an xnic is copied at prepare time, before the
 * verifier runs; insn_hook records what the verifier proved about every
 * memory access; finalize compiles the copy with the offload compiler
 * (../offload-compiler, built into this module) and cross-checks the
 * compiler's own analysis against the verifier's, so that refusals land in
 * the verifier log that ip and bpftool print; replace_insn and remove_insns
 * follow the verifier's dead-code rewrites; translate compiles the final
 * copy into card code, which bpftool shows as the program's jited image.
 * Offloaded maps live in the firmware's map area of the card's memory;
 * bpftool's map operations reach them as MAP_OP mailbox commands, and
 * programs are compiled for the addresses the maps have there.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "xnic.h"
#include "xnic_offload.h"
#include "xnic/maps.h"
#include "me_isa.h"
#include "xcc.h"
#include "xcc_kernel.h"

#define xnic_offload_log(env, fmt, ...) \
	bpf_verifier_log_write(env, "[xnic] " fmt, ##__VA_ARGS__)

/**
 * struct xnic_offload_prog - driver state of one program bound to an xnic
 * @insns: the program as the verifier leaves it: copied at prepare, kept
 *	in step with replace_insn and remove_insns
 * @n_insns: instructions in @insns
 * @verifier_mem: per instruction, the xcc_mem_kind the verifier found for
 *	a memory access's base register (insn_hook), XCC_MEM_NONE if none;
 *	the compiler falls back on it and is checked against it
 * @code: card code after translate, little-endian 64-bit words
 * @n_code: words in @code
 * @entry: index of the program's xdp_main in @code
 * @origin: per word of @code, what it implements, its eBPF instruction
 *	numbered as the kernel's copy (`bpftool prog dump xlated`, the
 *	program's line info) numbers it: the profile's listing
 * @stats: the compiler's statistics of the translated program
 * @perf_tables: the card's slot tables of the host maps the code uses
 *	(xnic_perf.c), held until the program goes
 * @n_perf_tables: entries of @perf_tables
 */
struct xnic_offload_prog {
	struct bpf_insn *insns;
	u32 n_insns;
	u8 *verifier_mem;
	__le64 *code;
	u32 n_code;
	u32 entry;
	struct xcc_origin *origin;
	struct xcc_stats stats;
	struct xnic_perf_table *perf_tables[MAX_USED_MAPS];
	u32 n_perf_tables;
};

static void xnic_offload_put_perf_tables(struct xnic_perf_table **tables, u32 *n)
{
	while (*n)
		xnic_perf_table_put(tables[--*n]);
}

/* During verification opaque is the verifier env: errors go to its log. */
static void xnic_offload_cc_log(void *opaque, enum xcc_log_level level,
				const char *line)
{
	if (level != XCC_LOG_ERROR)
		return;
	if (opaque)
		xnic_offload_log(opaque, "%s\n", line);
	else
		pr_err("offload compiler: %s\n", line);
}

/* verifier: the env whose log gets the compiler's errors, or NULL */
static struct xcc_env xnic_offload_cc_env(struct bpf_verifier_env *verifier)
{
	return (struct xcc_env){
		.alloc = xcc_kernel_alloc,
		.free = xcc_kernel_free,
		.log = xnic_offload_cc_log,
		.opaque = verifier,
	};
}

static struct xnic_offload_prog *xnic_offload_prog(struct bpf_prog *prog)
{
	return prog->aux->offload->dev_priv;
}

static int xnic_offload_prepare(struct bpf_prog *prog)
{
	struct xnic_offload_prog *op;

	/*
	 * 6.1 also binds tc (SCHED_CLS) programs to a device; the card runs
	 * only XDP, so that bpftool feature probe dev reports no tc support.
	 */
	if (prog->type != BPF_PROG_TYPE_XDP)
		return -EOPNOTSUPP;

	op = kzalloc(sizeof(*op), GFP_KERNEL);
	if (!op)
		return -ENOMEM;
	op->insns = kvcalloc(prog->len, sizeof(*op->insns), GFP_KERNEL);
	op->verifier_mem = kvzalloc(prog->len, GFP_KERNEL);
	if (!op->insns || !op->verifier_mem) {
		kvfree(op->insns);
		kvfree(op->verifier_mem);
		kfree(op);
		return -ENOMEM;
	}
	memcpy(op->insns, prog->insnsi, prog->len * sizeof(*op->insns));
	op->n_insns = prog->len;
	prog->aux->offload->dev_priv = op;
	return 0;
}

static void xnic_offload_destroy(struct bpf_prog *prog)
{
	struct xnic_offload_prog *op = xnic_offload_prog(prog);

	xnic_offload_put_perf_tables(op->perf_tables, &op->n_perf_tables);
	kvfree(op->code);
	kvfree(op->origin);
	kvfree(op->verifier_mem);
	kvfree(op->insns);
	kfree(op);
}

/* The register a load, store or atomic addresses memory through, or -1. */
static int xnic_offload_mem_base(const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code), mode = BPF_MODE(insn->code);

	if (class == BPF_LDX && mode == BPF_MEM)
		return insn->src_reg;
	if ((class == BPF_ST || class == BPF_STX) &&
	    (mode == BPF_MEM || mode == BPF_ATOMIC))
		return insn->dst_reg;
	return -1;
}

static enum xcc_mem_kind xnic_offload_reg_kind(const struct bpf_reg_state *reg)
{
	switch (base_type(reg->type)) {
	case PTR_TO_CTX:
		return XCC_MEM_CTX;
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		return XCC_MEM_PKT;
	case PTR_TO_STACK:
		return XCC_MEM_STACK;
	case PTR_TO_MAP_VALUE:
		return XCC_MEM_MAP_VALUE;
	default:
		return XCC_MEM_MIXED;
	}
}

static bool xnic_offload_card_has_helper(struct xnic_adapter *adapter,
					  u32 helper)
{
	return helper < 32 * XNIC_CAPS_HELPER_WORDS &&
	       xnic_fw_cap(adapter, XNIC_CAPS_HELPERS + 4 * (helper / 32)) &
	       BIT(helper % 32);
}

/*
 * A helper the card's firmware does not offer is refused where the
 * verifier meets the call, before it checks the arguments, in the words
 * the verifier uses for a helper the program type lacks ("unknown func"):
 * bpftool feature probe dev, which calls each helper with no arguments set
 * and looks for those words, then reports what the card runs
 * (docs/driver.md "Feature probe").
 */
static int xnic_offload_check_call(struct bpf_verifier_env *env,
				   const struct bpf_insn *insn, int insn_idx)
{
	struct xnic_adapter *adapter =
		bpf_offload_dev_priv(env->prog->aux->offload->offdev);

	if (insn->code != (BPF_JMP | BPF_CALL) || insn->src_reg ||
	    xnic_offload_card_has_helper(adapter, insn->imm))
		return 0;
	xnic_offload_log(env, "insn %d: unknown func #%d on %s: the card's firmware %s does not offer it\n",
			 insn_idx, insn->imm, netdev_name(adapter->netdev),
			 adapter->fw.version);
	return -EOPNOTSUPP;
}

static int xnic_offload_insn_hook(struct bpf_verifier_env *env, int insn_idx,
				  int prev_insn_idx)
{
	struct xnic_offload_prog *op = xnic_offload_prog(env->prog);
	const struct bpf_insn *insn = &op->insns[insn_idx];
	int base = xnic_offload_mem_base(insn);

	if (base < 0)
		return xnic_offload_check_call(env, insn, insn_idx);
	/* the verifier refuses one access through different pointer kinds */
	op->verifier_mem[insn_idx] = xnic_offload_reg_kind(cur_regs(env) + base);
	return 0;
}

static const char *const xnic_offload_kind_names[] = {
	[XCC_MEM_NONE] = "no memory",
	[XCC_MEM_CTX] = "the context",
	[XCC_MEM_PKT] = "packet data",
	[XCC_MEM_STACK] = "the stack",
	[XCC_MEM_MAP_VALUE] = "a map value",
	[XCC_MEM_MIXED] = "memory of more than one kind",
};

/*
 * The compiler chose how to reach memory from its own analysis, falling
 * back on the verifier's kinds where it lost a pointer (xcc_options
 * mem_kinds); the verifier's types are the reference.  An instruction the
 * compiler never reaches makes no claim.  Two different kinds are a bug in
 * the compiler: refused, and said so in the kernel log too.
 */
static int xnic_offload_cross_check(struct bpf_verifier_env *env,
				    struct xnic_offload_prog *op,
				    const struct xcc_prog *cc)
{
	enum xcc_mem_kind ours, theirs;
	u32 i;

	for (i = 0; i < op->n_insns; i++) {
		theirs = op->verifier_mem[i];
		ours = xcc_prog_insn_mem(cc, i);
		if (theirs == XCC_MEM_NONE || ours == XCC_MEM_NONE || ours == theirs)
			continue;
		xnic_offload_log(env, "insn %u: the verifier sees an access to %s, the offload compiler to %s; not offloading (an offload compiler bug: please report it)\n",
				 i, xnic_offload_kind_names[theirs],
				 xnic_offload_kind_names[ours]);
		pr_err("offload compiler bug: program %s insn %u: the verifier sees an access to %s, the compiler to %s\n",
		       env->prog->aux->name, i, xnic_offload_kind_names[theirs],
		       xnic_offload_kind_names[ours]);
		return -EINVAL;
	}
	return 0;
}

static bool xnic_offload_is_map_ld(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	       (insn->src_reg == BPF_PSEUDO_MAP_FD ||
		insn->src_reg == BPF_PSEUDO_MAP_VALUE);
}

/**
 * struct xnic_offload_input - a program as the compiler takes it
 * @insns: a copy whose map loads carry map indices (docs/compiler.md
 *	"Input contract")
 * @maps: the placed maps, in order of first use
 * @n_maps: entries of @maps
 * @perf_tables: the slot tables of the host maps among them, held
 * @n_perf_tables: entries of @perf_tables
 */
struct xnic_offload_input {
	struct bpf_insn *insns;
	struct xcc_map_desc maps[MAX_USED_MAPS];
	u32 n_maps;
	struct xnic_perf_table *perf_tables[MAX_USED_MAPS];
	u32 n_perf_tables;
};

/* A host PERF_EVENT_ARRAY's desc, its slot table held by in. */
static int xnic_offload_host_map(struct xnic_adapter *adapter,
				 struct xnic_offload_input *in,
				 struct bpf_map *map, struct xcc_map_desc *d)
{
	struct xnic_perf_table *t = xnic_perf_table_get(adapter, map);

	if (IS_ERR(t))
		return PTR_ERR(t);
	in->perf_tables[in->n_perf_tables++] = t;
	xnic_perf_map_desc(t, d);
	return 0;
}

/*
 * The index of the map insn (resolved by the verifier) loads, or < 0: a
 * map on this card, or a PERF_EVENT_ARRAY that stays on the host
 * (xnic_perf.c).
 */
static int xnic_offload_map_index(struct xnic_adapter *adapter,
				  struct xnic_offload_input *in,
				  const struct bpf_insn *insn)
{
	struct bpf_map *map = (void *)(unsigned long)
		((u64)(u32)insn[0].imm | (u64)(u32)insn[1].imm << 32);
	struct xnic_offload_map *xm = xnic_offload_find_map(adapter, map);
	bool host = !xm && xnic_perf_is_host_map(map);
	int err;
	u32 i;

	if (!xm && !host)
		return -ENOENT;
	for (i = 0; i < in->n_maps; i++)
		if (host ? in->maps[i].host_id == map->id :
			   in->maps[i].addr == xm->addr)
			return i;
	if (in->n_maps == MAX_USED_MAPS)
		return -E2BIG;
	if (host) {
		err = xnic_offload_host_map(adapter, in, map, &in->maps[in->n_maps]);
		if (err)
			return err;
	} else {
		xnic_offload_map_desc(xm, &in->maps[in->n_maps]);
	}
	return in->n_maps++;
}

/* Why the map insn i loads cannot be used by the card, in the verifier log. */
static void xnic_offload_map_refused(struct bpf_verifier_env *env,
				     struct xnic_adapter *adapter, u32 i, int err)
{
	const char *name = netdev_name(adapter->netdev);

	if (err == -ENOENT)
		xnic_offload_log(env, "insn %u: the map is not offloaded to %s: create it with bpftool map create ... dev %s\n",
				 i, name, name);
	else if (err == -E2BIG)
		xnic_offload_log(env, "insn %u: the PERF_EVENT_ARRAY has more than %u entries: the card keeps a table of where it has events, of at most that many\n",
				 i, XNIC_PERF_HOST_ENTRIES_MAX);
	else if (err == -ENOSPC)
		xnic_offload_log(env, "insn %u: no room in the card's map area of %s for the PERF_EVENT_ARRAY's table of events\n",
				 i, name);
}

/*
 * The verifier resolved map loads to struct bpf_map pointers (imm, next
 * imm); the compiler wants indices into its map array.  Only maps this
 * card holds can be used, and the host PERF_EVENT_ARRAY 6.1 allows: maps
 * of another device are refused by the verifier, other host maps here.
 * BPF_PSEUDO_MAP_VALUE never names an offloaded map (they have no direct
 * value access): its address matches no map of ours and is refused as
 * well.  Under perf.lock, which keeps the slot tables, and with them the
 * card's map list, still while another program is compiled.
 */
static int xnic_offload_resolve_maps(struct xnic_adapter *adapter,
				     struct bpf_verifier_env *env,
				     struct xnic_offload_input *in, u32 n_insns)
{
	int idx;
	u32 i;

	lockdep_assert_held(&adapter->perf.lock);
	for (i = 0; i + 1 < n_insns; i++) {
		if (!xnic_offload_is_map_ld(&in->insns[i]))
			continue;
		idx = xnic_offload_map_index(adapter, in, &in->insns[i]);
		if (idx < 0) {
			if (env)
				xnic_offload_map_refused(env, adapter, i, idx);
			return idx == -ENOENT ? -EOPNOTSUPP : idx;
		}
		in->insns[i].imm = idx;
		in->insns[++i].imm = 0;
	}
	return 0;
}

/* A copy of op's program for the compiler, in: its maps resolved. */
static int xnic_offload_input(struct xnic_adapter *adapter,
			      struct bpf_verifier_env *env,
			      const struct xnic_offload_prog *op,
			      struct xnic_offload_input *in)
{
	int err;

	in->insns = kvcalloc(op->n_insns, sizeof(*op->insns), GFP_KERNEL);
	if (!in->insns)
		return -ENOMEM;
	memcpy(in->insns, op->insns, op->n_insns * sizeof(*op->insns));
	mutex_lock(&adapter->perf.lock);
	err = xnic_offload_resolve_maps(adapter, env, in, op->n_insns);
	mutex_unlock(&adapter->perf.lock);
	if (err)
		kvfree(in->insns);
	return err;
}

/*
 * Compiles op->insns; NULL with *err set when the compiler refused.  The
 * code uses the slot tables of its host maps: with keep_tables op holds
 * them until it is destroyed.
 */
static struct xcc_prog *xnic_offload_compile(struct xnic_adapter *adapter,
					     struct bpf_verifier_env *verifier,
					     struct xnic_offload_prog *op,
					     const struct xcc_env *env,
					     bool keep_tables, int *err)
{
	struct xcc_options opts = { .mem_kinds = op->verifier_mem };
	struct xnic_offload_input *in;
	struct xcc_prog *cc = NULL;

	in = kzalloc(sizeof(*in), GFP_KERNEL);
	if (!in) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = xnic_offload_input(adapter, verifier, op, in);
	if (*err)
		goto out_free;
	cc = xcc_prog_new(env, in->insns, op->n_insns, in->maps, in->n_maps);
	if (!cc) {
		*err = -ENOMEM;
		goto out_insns;
	}
	*err = xcc_compile(cc, &opts);
	if (*err) {
		*err = *err == -XCC_E_NOMEM ? -ENOMEM : -EOPNOTSUPP;
		xcc_prog_free(cc);
		cc = NULL;
	}
out_insns:
	kvfree(in->insns);
out_free:
	if (cc && keep_tables) {
		xnic_offload_put_perf_tables(op->perf_tables, &op->n_perf_tables);
		memcpy(op->perf_tables, in->perf_tables, sizeof(in->perf_tables));
		op->n_perf_tables = in->n_perf_tables;
	} else {
		xnic_offload_put_perf_tables(in->perf_tables, &in->n_perf_tables);
	}
	kfree(in);
	return cc;
}

/*
 * The compiled program must fit what the running firmware offers
 * (docs/firmware.md, "Capability block"): the XDP slot's room, the stack
 * below l0, the contexts mode.  Helpers were checked at each call
 * (xnic_offload_check_call).
 */
static int xnic_offload_check_card(struct bpf_verifier_env *env,
				   struct xnic_offload_prog *op,
				   const struct xcc_prog *cc)
{
	struct xnic_adapter *adapter =
		bpf_offload_dev_priv(env->prog->aux->offload->offdev);
	u32 room = xnic_fw_cap(adapter, XNIC_CAPS_PROG_MAX);
	u32 istore = xnic_fw_cap(adapter, XNIC_CAPS_ISTORE);
	u32 stack = xnic_fw_cap(adapter, XNIC_CAPS_STACK_SIZE);
	u32 contexts = xnic_fw_cap(adapter, XNIC_CAPS_CONTEXTS);
	struct xcc_image_info img;
	struct xcc_stats st;

	if (xcc_prog_image(cc, &img))
		return -EINVAL;
	xcc_prog_stats(cc, &st);
	if (img.n_code + 1 > room) {
		/* the firmware keeps the rest of the store: a store this much larger fits */
		xnic_offload_log(env, "program needs %u card instructions, the card's XDP slot holds %u of its %u-instruction store: the device property me-istore=%u would fit it (at most %u)\n",
				 img.n_code + 1, room, istore, istore - room + img.n_code + 1,
				 ME_ISTORE_MAX);
		return -E2BIG;
	}
	if (st.stack_bytes > stack) {
		xnic_offload_log(env, "program needs %u bytes of stack, the card's firmware gives %u\n",
				 st.stack_bytes, stack);
		return -E2BIG;
	}
	if (img.contexts != contexts) {
		xnic_offload_log(env, "program runs in %u-context mode, the card's firmware in %u\n",
				 img.contexts, contexts);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int xnic_offload_finalize(struct bpf_verifier_env *env)
{
	struct xnic_offload_prog *op = xnic_offload_prog(env->prog);
	struct xnic_adapter *adapter =
		bpf_offload_dev_priv(env->prog->aux->offload->offdev);
	const struct xcc_env cc_env = xnic_offload_cc_env(env);
	struct xcc_prog *cc;
	int err;

	cc = xnic_offload_compile(adapter, env, op, &cc_env, false, &err);
	if (!cc)
		return err;
	err = xnic_offload_cross_check(env, op, cc);
	if (!err)
		err = xnic_offload_check_card(env, op, cc);
	xcc_prog_free(cc);
	return err;
}

/*
 * The verifier's dead-code rewrites, applied to the driver's copy.  The only
 * rewrite 6.1 makes between finalize and these without telling the driver
 * is the inlining of bpf_loop, whose callbacks it already refuses for
 * offloaded programs ("callbacks are not allowed in non-JITed programs"),
 * so the offsets always match the copy.
 */
static int xnic_offload_replace_insn(struct bpf_verifier_env *env, u32 off,
				     struct bpf_insn *insn)
{
	struct xnic_offload_prog *op = xnic_offload_prog(env->prog);

	if (off >= op->n_insns)
		return -EOPNOTSUPP;
	op->insns[off] = *insn;
	return 0;
}

static int xnic_offload_remove_insns(struct bpf_verifier_env *env, u32 off,
				     u32 cnt)
{
	struct xnic_offload_prog *op = xnic_offload_prog(env->prog);
	u32 n = op->n_insns;

	if (xcc_insns_remove(op->insns, &n, off, cnt))
		return -EOPNOTSUPP;
	memmove(op->verifier_mem + off, op->verifier_mem + off + cnt,
		op->n_insns - off - cnt);
	op->n_insns = n;
	return 0;
}

static bool xnic_offload_same_insn(const struct bpf_insn *ours,
				   const struct bpf_insn *kernel)
{
	/* after verification the kernel clears src_reg of every LD_IMM64 */
	return ours->code == kernel->code && ours->dst_reg == kernel->dst_reg &&
	       (ours->src_reg == kernel->src_reg ||
		ours->code == (BPF_LD | BPF_IMM | BPF_DW));
}

/*
 * Our instruction i is the kernel's xlated[i] plus what the kernel's last
 * rewrites inserted before it (do_misc_fixups puts a zero check around
 * each division by a register): each of ours is found in order by its
 * opcode and registers.  One not found keeps no number.
 */
static int xnic_offload_number_origins(const struct bpf_prog *prog,
				       struct xnic_offload_prog *op)
{
	u32 *xlated, i, next = 0;

	xlated = kvcalloc(op->n_insns, sizeof(*xlated), GFP_KERNEL);
	if (!xlated)
		return -ENOMEM;
	for (i = 0; i < op->n_insns; i++) {
		u32 k = next;

		while (k < prog->len &&
		       !xnic_offload_same_insn(&op->insns[i], &prog->insnsi[k]))
			k++;
		xlated[i] = k < prog->len ? k : XCC_ORIGIN_NONE;
		if (k < prog->len)
			next = k + 1;
	}
	for (i = 0; i < op->n_code; i++)
		if (op->origin[i].insn < op->n_insns)
			op->origin[i].insn = xlated[op->origin[i].insn];
	kvfree(xlated);
	return 0;
}

static int xnic_offload_keep_origins(struct bpf_prog *prog,
				     struct xnic_offload_prog *op,
				     const struct xcc_prog *cc)
{
	op->origin = kvcalloc(op->n_code, sizeof(*op->origin), GFP_KERNEL);
	if (!op->origin)
		return -ENOMEM;
	if (xcc_prog_origins(cc, op->origin, op->n_code))
		return -EINVAL;
	return xnic_offload_number_origins(prog, op);
}

/**
 * xnic_offload_origins - what each card word of a translated program implements
 * @prog: a program offloaded to an xnic
 * @n: set to the words of its card code
 *
 * Return: per word, its origin, eBPF instructions numbered as the
 * kernel's xlated program.
 */
const struct xcc_origin *xnic_offload_origins(struct bpf_prog *prog, u32 *n)
{
	struct xnic_offload_prog *op = xnic_offload_prog(prog);

	*n = op->n_code;
	return op->origin;
}

/* Keeps the card code; bpftool's "prog dump jited" shows it (docs/driver.md). */
static int xnic_offload_keep_code(struct bpf_prog *prog,
				  struct xnic_offload_prog *op,
				  const struct xcc_prog *cc)
{
	struct xcc_image_info img;
	u32 i;

	if (xcc_prog_image(cc, &img))
		return -EINVAL;
	op->code = kvcalloc(img.n_code, sizeof(*op->code), GFP_KERNEL);
	if (!op->code)
		return -ENOMEM;
	for (i = 0; i < img.n_code; i++)
		op->code[i] = cpu_to_le64(img.code[i]);
	op->n_code = img.n_code;
	op->entry = img.entry_main;
	xcc_prog_stats(cc, &op->stats);
	if (xnic_offload_keep_origins(prog, op, cc))
		return -ENOMEM;
	prog->aux->offload->jited_image = op->code;
	prog->aux->offload->jited_len = img.n_code * sizeof(*op->code);
	return 0;
}

static int xnic_offload_translate(struct bpf_prog *prog)
{
	struct xnic_offload_prog *op = xnic_offload_prog(prog);
	struct xnic_adapter *adapter =
		bpf_offload_dev_priv(prog->aux->offload->offdev);
	const struct xcc_env cc_env = xnic_offload_cc_env(NULL);
	struct xcc_prog *cc;
	int err;

	cc = xnic_offload_compile(adapter, NULL, op, &cc_env, true, &err);
	if (!cc)
		return err;
	err = xnic_offload_keep_code(prog, op, cc);
	xcc_prog_free(cc);
	if (!err)
		netdev_info(prog->aux->offload->netdev,
			    "program %s: %u eBPF instructions -> %u card instructions (+%u runtime), %u bytes of stack\n",
			    prog->aux->name, op->stats.bpf_insns, op->stats.card_insns,
			    op->stats.runtime_insns, op->stats.stack_bytes);
	return err;
}

static const struct bpf_prog_offload_ops xnic_offload_ops = {
	.insn_hook = xnic_offload_insn_hook,
	.finalize = xnic_offload_finalize,
	.replace_insn = xnic_offload_replace_insn,
	.remove_insns = xnic_offload_remove_insns,
	.prepare = xnic_offload_prepare,
	.translate = xnic_offload_translate,
	.destroy = xnic_offload_destroy,
};

static int xnic_offload_install(struct xnic_adapter *adapter,
				struct bpf_prog *prog)
{
	struct xnic_offload_prog *op = xnic_offload_prog(prog);
	char msg[128];
	int err;

	err = xnic_fw_prog_load(adapter, op->code, op->n_code, op->entry, msg,
				sizeof(msg));
	if (err == -EIO)
		netdev_err(adapter->netdev, "card refused program %s: %s\n",
			   prog->aux->name, msg);
	else if (err)
		netdev_err(adapter->netdev, "installing program %s: %pe\n",
			   prog->aux->name, ERR_PTR(err));
	return err;
}

/*
 * Detaching cannot fail (unregistering a netdev WARNs if it does): a card
 * that refuses has no running firmware, hence no program either.  The
 * program's last perf records go out while its maps are still known.
 */
static void xnic_offload_uninstall(struct xnic_adapter *adapter)
{
	int err;

	if (!adapter->hw_prog)
		return;
	err = xnic_fw_prog_unload(adapter);
	if (err)
		netdev_warn(adapter->netdev, "card refused to unload program %s (%pe): no firmware runs it\n",
			    adapter->hw_prog->aux->name, ERR_PTR(err));
	else
		xnic_perf_read_log(adapter, adapter->hw_prog);
	adapter->hw_prog = NULL;
}

/**
 * xnic_offload_setup - ndo_bpf XDP_SETUP_PROG_HW
 * @adapter: the card
 * @bpf: the request; bpf->prog NULL detaches
 *
 * The card switches between two frames, so attaching over a running
 * program replaces it without a frame seeing neither or both.
 *
 * Return: 0, or a negative errno with the reason in bpf->extack.
 */
int xnic_offload_setup(struct xnic_adapter *adapter, struct netdev_bpf *bpf)
{
	int err;

	if (!bpf->prog) {
		xnic_offload_uninstall(adapter);
		return 0;
	}
	/* 6.1 refuses the flag when loading for a device: this is a program
	 * loaded for the host attached with the offload flag */
	if (bpf->prog->aux->xdp_has_frags) {
		NL_SET_ERR_MSG_MOD(bpf->extack,
				   "multi-buffer programs (BPF_F_XDP_HAS_FRAGS) cannot be offloaded: the card runs programs on single-buffer frames; attach it in native mode");
		return -EOPNOTSUPP;
	}
	if (!bpf_offload_dev_match(bpf->prog, adapter->netdev)) {
		NL_SET_ERR_MSG_MOD(bpf->extack,
				   "program was loaded for another device");
		return -EINVAL;
	}
	err = xnic_offload_install(adapter, bpf->prog);
	if (err) {
		NL_SET_ERR_MSG_MOD(bpf->extack,
				   "the card refused the program (reason in the kernel log)");
		return err;
	}
	/* the replaced program's last records name its maps */
	if (adapter->hw_prog)
		xnic_perf_read_log(adapter, adapter->hw_prog);
	adapter->hw_prog = bpf->prog;
	return 0;
}

/**
 * xnic_offload_restore - put the offloaded program back after a card restart
 * @adapter: the card, its firmware just loaded, under RTNL
 *
 * A reset or firmware load leaves the XDP slot empty and zeroes the
 * card's memory, which empties the offloaded maps (zeroes are an empty
 * map).  Maps read out of a stopped firmware (xnic_offload_maps_save) go
 * back first, so that the program never sees them empty.  If the program
 * cannot go back, the card passes every frame and the log says so.
 */
void xnic_offload_restore(struct xnic_adapter *adapter)
{
	unsigned int n_maps, empty = xnic_offload_maps_write_back(adapter, &n_maps);

	if (empty && empty == n_maps)
		netdev_warn(adapter->netdev, "the card restarted: its offloaded maps are empty again\n");
	else if (empty)
		netdev_warn(adapter->netdev, "the card restarted: %u of its offloaded maps are empty again\n",
			    empty);
	else if (n_maps)
		netdev_info(adapter->netdev, "the card restarted: its offloaded maps are written back\n");
	xnic_perf_tables_restore(adapter);
	if (adapter->hw_prog && xnic_offload_install(adapter, adapter->hw_prog))
		netdev_err(adapter->netdev,
			   "the card passes every frame until the program is attached again\n");
}

/**
 * xnic_offload_init - make the interface a BPF offload target
 * @adapter: the card, its netdev registered
 *
 * Return: 0 or a negative errno.
 */
int xnic_offload_init(struct xnic_adapter *adapter)
{
	int err;

	INIT_LIST_HEAD(&adapter->bpf_maps);
	adapter->bpf_dev = bpf_offload_dev_create(&xnic_offload_ops, adapter);
	if (IS_ERR(adapter->bpf_dev))
		return PTR_ERR(adapter->bpf_dev);
	err = bpf_offload_dev_netdev_register(adapter->bpf_dev, adapter->netdev);
	if (err) {
		bpf_offload_dev_destroy(adapter->bpf_dev);
		adapter->bpf_dev = NULL;
	}
	return err;
}

/**
 * xnic_offload_exit - programs bound to the interface go with it
 * @adapter: the card, its netdev unregistered (which detached them)
 */
void xnic_offload_exit(struct xnic_adapter *adapter)
{
	if (!adapter->bpf_dev)
		return;
	rtnl_lock();
	bpf_offload_dev_netdev_unregister(adapter->bpf_dev, adapter->netdev);
	rtnl_unlock();
	bpf_offload_dev_destroy(adapter->bpf_dev);
	adapter->bpf_dev = NULL;
	xnic_perf_tables_stop(adapter);
}
