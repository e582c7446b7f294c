// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An LD_PRELOAD shim that makes this host's kernel look like one without a
 * helper (docs/testing.md, "When the host kernel refuses a program"): a
 * BPF_PROG_LOAD whose program calls helper XNIC_HOST_REFUSES_HELPER fails
 * with EINVAL and a verifier log like such a kernel's ("program of this
 * type cannot use helper ..."), as a 6.18 build here does for
 * bpf_xdp_adjust_meta.  Every other bpf() call goes to the kernel.  libbpf
 * enters the kernel through libc's syscall(), which this replaces.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <sys/syscall.h>

long syscall(long nr, ...);

static int host_refused_call(const union bpf_attr *attr, long helper)
{
	const struct bpf_insn *insn = (const void *)(unsigned long)attr->insns;
	__u32 i;

	for (i = 0; i < attr->insn_cnt; i++)
		if (insn[i].code == (BPF_JMP | BPF_CALL) && !insn[i].src_reg &&
		    insn[i].imm == helper)
			return (int)i;
	return -1;
}

static void host_refusal_log(union bpf_attr *attr, int at, long helper)
{
	char *log = (char *)(unsigned long)attr->log_buf;

	if (!log || !attr->log_level || !attr->log_size)
		return;
	snprintf(log, attr->log_size,
		 "%d: (85) call #%ld\n"
		 "program of this type cannot use helper #%ld (host_refuses_helper.c)\n"
		 "processed %d insns (limit 1000000) max_states_per_insn 0 total_states 0\n",
		 at, helper, helper, at + 1);
}

long syscall(long nr, ...)
{
	static long (*real)(long, ...);
	const char *refused = getenv("XNIC_HOST_REFUSES_HELPER");
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_bpf && a[0] == BPF_PROG_LOAD && refused) {
		union bpf_attr *attr = (union bpf_attr *)a[1];
		long helper = strtol(refused, NULL, 0);
		int at = host_refused_call(attr, helper);

		if (at >= 0) {
			host_refusal_log(attr, at, helper);
			errno = EINVAL;
			return -1;
		}
	}
	if (!real)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
