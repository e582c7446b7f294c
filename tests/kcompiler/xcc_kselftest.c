// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The offload compiler inside a Linux 6.1 kernel (docs/compiler.md,
 * "Freestanding core"): this module links offload-compiler/ and isa/'s
 * encoder exactly as the guest driver will, compiles a few programs at
 * load time with a kernel environment (kvzalloc, printk), and refuses to
 * load when any result differs from what the host build gives.  Loaded by
 * tests/guest/host-kcompiler.sh.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/filter.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "xcc.h"
#include "xcc_kernel.h"

static void xcc_kselftest_log(void *opaque, enum xcc_log_level level,
			      const char *line)
{
	if (level == XCC_LOG_ERROR)
		pr_info("compiler: %s\n", line);
}

static const struct xcc_env xcc_kselftest_env = {
	.alloc = xcc_kernel_alloc,
	.free = xcc_kernel_free,
	.log = xcc_kselftest_log,
};

/* data/data_end bounds check, then a load from the Ethernet header */
static const struct bpf_insn xcc_kselftest_parse[] = {
	BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, 0),
	BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, 4),
	BPF_MOV64_IMM(BPF_REG_0, XDP_DROP),
	BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, 14),
	BPF_JMP_REG(BPF_JGT, BPF_REG_4, BPF_REG_3, 3),
	BPF_LDX_MEM(BPF_H, BPF_REG_5, BPF_REG_2, 12),
	BPF_MOV64_IMM(BPF_REG_0, XDP_PASS),
	BPF_JMP_IMM(BPF_JEQ, BPF_REG_5, 0x0008, 1),
	BPF_MOV64_IMM(BPF_REG_0, XDP_TX),
	BPF_EXIT_INSN(),
};

/* 64-bit MUL, DIV and MOD by register (runtime routines), a bounded loop */
static const struct bpf_insn xcc_kselftest_arith[] = {
	BPF_MOV64_IMM(BPF_REG_6, 1000003),
	BPF_MOV64_IMM(BPF_REG_7, 7),
	BPF_MOV64_IMM(BPF_REG_8, 0),
	BPF_ALU64_REG(BPF_MUL, BPF_REG_6, BPF_REG_6),
	BPF_ALU64_REG(BPF_DIV, BPF_REG_6, BPF_REG_7),
	BPF_ALU64_REG(BPF_MOD, BPF_REG_6, BPF_REG_7),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_8, 1),
	BPF_JMP_IMM(BPF_JLT, BPF_REG_8, 16, -2),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_6),
	BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 3),
	BPF_EXIT_INSN(),
};

/* bpf_trace_printk without a constant format: refused, naming the helper */
static const struct bpf_insn xcc_kselftest_printk[] = {
	BPF_MOV64_IMM(BPF_REG_1, 0),
	BPF_MOV64_IMM(BPF_REG_2, 0),
	BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_trace_printk),
	BPF_MOV64_IMM(BPF_REG_0, XDP_PASS),
	BPF_EXIT_INSN(),
};

/* an opcode no eBPF program contains */
static const struct bpf_insn xcc_kselftest_garbage[] = {
	{ .code = 0xff },
	BPF_EXIT_INSN(),
};

struct xcc_kselftest_case {
	const char *name;
	const struct bpf_insn *insns;
	u32 n;
	int expect;		/* 0 or a negated enum xcc_error */
	const char *message;	/* expected in the refusal */
};

#define XCC_KSELFTEST_CASE(prog, err, msg) \
	{ #prog, xcc_kselftest_##prog, ARRAY_SIZE(xcc_kselftest_##prog), err, msg }

static const struct xcc_kselftest_case xcc_kselftest_cases[] = {
	XCC_KSELFTEST_CASE(parse, 0, NULL),
	XCC_KSELFTEST_CASE(arith, 0, NULL),
	XCC_KSELFTEST_CASE(printk, -XCC_E_UNSUPPORTED, "insn 2: "),
	XCC_KSELFTEST_CASE(garbage, -XCC_E_INVALID, "insn 0: "),
};

static int xcc_kselftest_check_image(const struct xcc_prog *prog,
				     const char *name)
{
	struct xcc_image_info img;
	struct xcc_stats st;

	if (xcc_prog_image(prog, &img) || !img.n_code ||
	    img.entry_main >= img.n_code) {
		pr_err("%s: compiled, but no usable image\n", name);
		return -EINVAL;
	}
	xcc_prog_stats(prog, &st);
	pr_info("%s: %u eBPF -> %u card instructions (+%u runtime), %u bytes of stack\n",
		name, st.bpf_insns, st.card_insns, st.runtime_insns,
		st.stack_bytes);
	return 0;
}

static int xcc_kselftest_check_refusal(const struct xcc_prog *prog,
				       const struct xcc_kselftest_case *c)
{
	const char *msg = xcc_prog_error(prog);

	if (!msg || strncmp(msg, c->message, strlen(c->message))) {
		pr_err("%s: refusal message \"%s\", expected it to start \"%s\"\n",
		       c->name, msg ?: "(none)", c->message);
		return -EINVAL;
	}
	pr_info("%s: refused as expected: %s\n", c->name, msg);
	return 0;
}

static int xcc_kselftest_run(const struct xcc_kselftest_case *c)
{
	struct xcc_options opts = {};
	struct xcc_prog *prog;
	int err;

	prog = xcc_prog_new(&xcc_kselftest_env, c->insns, c->n, NULL, 0);
	if (!prog)
		return -ENOMEM;
	err = xcc_compile(prog, &opts);
	if (err != c->expect) {
		pr_err("%s: xcc_compile gave %d, expected %d (%s)\n", c->name,
		       err, c->expect, xcc_prog_error(prog) ?: "no message");
		err = -EINVAL;
	} else if (c->expect) {
		err = xcc_kselftest_check_refusal(prog, c);
	} else {
		err = xcc_kselftest_check_image(prog, c->name);
	}
	xcc_prog_free(prog);
	return err;
}

static int __init xcc_kselftest_init(void)
{
	unsigned int i, failed = 0;

	for (i = 0; i < ARRAY_SIZE(xcc_kselftest_cases); i++)
		failed += xcc_kselftest_run(&xcc_kselftest_cases[i]) != 0;
	if (failed) {
		pr_err("%u of %zu cases failed\n", failed,
		       ARRAY_SIZE(xcc_kselftest_cases));
		return -EINVAL;
	}
	pr_info("all %zu cases passed\n", ARRAY_SIZE(xcc_kselftest_cases));
	return 0;
}

static void __exit xcc_kselftest_exit(void)
{
}

module_init(xcc_kselftest_init);
module_exit(xcc_kselftest_exit);
MODULE_DESCRIPTION("xnic offload compiler built and run inside the kernel");
MODULE_LICENSE("GPL");
