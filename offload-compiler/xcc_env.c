// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The core's only contact with its environment: allocation and log lines
 * through struct xcc_env, and the sticky error (docs/compiler.md, "Errors").
 */
#include "xcc_priv.h"

void *xcc_zalloc(struct xcc_prog *prog, size_t size)
{
	void *p = prog->env->alloc(prog->env->opaque, size);

	if (!p)
		xcc_fail(prog, XCC_E_NOMEM, -1, "out of memory (%zu bytes)", size);
	return p;
}

void *xcc_calloc(struct xcc_prog *prog, size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size) {
		xcc_fail(prog, XCC_E_NOMEM, -1, "allocation of %zu x %zu bytes overflows", n, size);
		return NULL;
	}
	return xcc_zalloc(prog, n * size);
}

void xcc_free(struct xcc_prog *prog, void *ptr)
{
	if (ptr)
		prog->env->free(prog->env->opaque, ptr);
}

void xcc_fail(struct xcc_prog *prog, int error, s32 insn, const char *fmt, ...)
{
	char text[160];
	va_list ap;

	if (prog->error)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	prog->error = error;
	prog->error_insn = insn;
	if (insn >= 0)
		snprintf(prog->error_msg, sizeof(prog->error_msg), "insn %d: %s", insn, text);
	else
		snprintf(prog->error_msg, sizeof(prog->error_msg), "%s", text);
	if (!prog->quiet)
		xcc_log(prog, XCC_LOG_ERROR, "%s", prog->error_msg);
}

void xcc_log(const struct xcc_prog *prog, enum xcc_log_level level, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!prog->env->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	prog->env->log(prog->env->opaque, level, line);
}

const char *xcc_prog_error(const struct xcc_prog *prog)
{
	return prog->error ? prog->error_msg : NULL;
}

s32 xcc_prog_error_insn(const struct xcc_prog *prog)
{
	return prog->error ? prog->error_insn : -1;
}
