// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The compiler driver: program set-up and the pass pipeline, readable in
 * order in xcc_compile() (docs/compiler.md, "Pipeline").
 */
#include "xcc_priv.h"

const char *const xcc_pass_names[] = {
	"decode", "cfg", "absint", "liveness", "opt",
	"layout", "isel", "regalloc", "peep", "sched", "peep2", "resolve", "emit", NULL,
};

struct xcc_prog *xcc_prog_new(const struct xcc_env *env, const struct bpf_insn *insns,
			      u32 insn_cnt, const struct xcc_map_desc *maps, u32 map_cnt)
{
	struct xcc_prog *prog = env->alloc(env->opaque, sizeof(*prog));
	u32 i;

	if (!prog)
		return NULL;
	prog->env = env;
	prog->maps = maps;
	prog->n_maps = map_cnt;
	if (!insn_cnt || insn_cnt > XCC_MAX_INSNS) {
		xcc_fail(prog, XCC_E_INVALID, -1, "program has %u instructions (1..%u allowed)",
			 insn_cnt, XCC_MAX_INSNS);
		return prog;
	}
	prog->meta = xcc_calloc(prog, insn_cnt, sizeof(*prog->meta));
	if (!prog->meta)
		return prog;
	prog->n_insns = insn_cnt;
	for (i = 0; i < insn_cnt; i++)
		prog->meta[i].insn = insns[i];
	return prog;
}

int xcc_prog_set_tail_programs(struct xcc_prog *prog, const u32 *starts, u32 n)
{
	u32 k;

	if (prog->error)
		return -prog->error;
	if (n > XCC_MAX_TAIL_PROGS) {
		xcc_fail(prog, XCC_E_UNSUPPORTED, -1, "%u tail call programs, at most %u are "
			 "supported", n, XCC_MAX_TAIL_PROGS);
		return -prog->error;
	}
	for (k = 0; k < n; k++) {
		if (starts[k] <= (k ? starts[k - 1] : 0) || starts[k] >= prog->n_insns) {
			xcc_fail(prog, XCC_E_INVALID, -1, "tail call program %u starts at "
				 "instruction %u: not after the one before it, or past the end",
				 k + 1, starts[k]);
			return -prog->error;
		}
		prog->tail_starts[k] = starts[k];
	}
	prog->n_tail_progs = n;
	return 0;
}

void xcc_prog_free(struct xcc_prog *prog)
{
	if (!prog)
		return;
	xcc_free(prog, prog->meta);
	xcc_free(prog, prog->bbs);
	xcc_free(prog, prog->layout);
	xcc_free(prog, prog->share);
	xcc_free(prog, prog->mc.insns);
	xcc_free(prog, prog->mc.label_pc);
	xcc_free(prog, prog->mc.words);
	prog->env->free(prog->env->opaque, prog);
}

static int xcc_dump_wanted(const struct xcc_prog *prog, const char *pass)
{
	const char *want = prog->opts ? prog->opts->dump_after : NULL;

	return want && (!strcmp(want, pass) || !strcmp(want, "all"));
}

/* Runs one pass, then its dump if asked for; 0 or the sticky error. */
static int xcc_run(struct xcc_prog *prog, int (*pass)(struct xcc_prog *), const char *name)
{
	if (!prog->error && pass(prog) && !prog->error)
		xcc_fail(prog, XCC_E_ANALYSIS, -1, "pass %s failed", name);
	if (!prog->error && xcc_dump_wanted(prog, name))
		xcc_dump(prog, name);
	return prog->error;
}

int xcc_compile(struct xcc_prog *prog, const struct xcc_options *opts)
{
	prog->opts = opts;
	if (prog->error)
		return -prog->error;	/* from xcc_prog_new */
	xcc_run(prog, xcc_decode, "decode");
	xcc_run(prog, xcc_cfg, "cfg");
	xcc_run(prog, xcc_absint, "absint");
	xcc_run(prog, xcc_liveness, "liveness");
	xcc_run(prog, xcc_opt, "opt");
	if (opts && opts->frontend_only)
		return -prog->error;
	xcc_run(prog, xcc_layout, "layout");
	xcc_run(prog, xcc_isel, "isel");
	xcc_run(prog, xcc_regalloc, "regalloc");
	xcc_run(prog, xcc_peep, "peep");
	xcc_run(prog, xcc_sched, "sched");
	xcc_run(prog, xcc_peep2, "peep2");
	xcc_run(prog, xcc_resolve, "resolve");
	xcc_run(prog, xcc_emit, "emit");
	return -prog->error;
}
