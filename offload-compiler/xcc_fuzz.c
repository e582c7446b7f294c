// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the input bytes are eBPF instructions for the whole
 * front end (docs/compiler.md, "Fuzzing").  Built only with clang.
 */
#include <stdlib.h>

#include "xcc.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static void *xcc_fuzz_alloc(void *opaque, size_t size)
{
	return calloc(1, size);
}

static void xcc_fuzz_free(void *opaque, void *ptr)
{
	free(ptr);
}

static const struct xcc_map_desc xcc_fuzz_maps[] = {
	{ BPF_MAP_TYPE_HASH, 4, 8, 16, "h", NULL, 0 },
	{ BPF_MAP_TYPE_ARRAY, 4, 64, 4, "a", NULL, 0 },
};

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const struct xcc_env env = { xcc_fuzz_alloc, xcc_fuzz_free, NULL, NULL };
	size_t n = size / sizeof(struct bpf_insn);
	struct bpf_insn *insns = malloc(n * sizeof(*insns) + 1);
	struct xcc_prog *prog;

	if (!insns)
		return 0;
	memcpy(insns, data, n * sizeof(*insns));
	prog = xcc_prog_new(&env, insns, (u32)n, xcc_fuzz_maps, 2);
	if (prog) {
		int err = xcc_compile(prog, NULL);

		if (err && !xcc_prog_error(prog))
			abort();	/* every refusal carries a message */
		xcc_prog_free(prog);
	}
	free(insns);
	return 0;
}
