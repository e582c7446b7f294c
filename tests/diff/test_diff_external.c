// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Real public XDP programs (docs/compiler.md, "External programs"): builds
 * them with tests/corpus/build-external.sh into a cache directory, then for
 * every XDP program of every object: the host kernel loads it (or refuses),
 * the compiler compiles it (or refuses, with its reason), and a compiled
 * program must agree with the kernel on the pcap.  Prints one line per
 * program and the agreement rate; exits 77 when nothing could be built or
 * BPF is not permitted.
 * Usage: test-diff-external BUILD_SCRIPT OUTDIR PCAP
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "diff_common.h"

struct ext_totals {
	unsigned int programs, kernel_refused, refused, compiled, agreed, disagreed, untestable;
	int no_bpf;
};

static void ext_program(const char *path, const char *name, const char *pcap,
			struct ext_totals *t)
{
	struct xnic_cc_obj obj;
	struct diff_report rep;
	struct xcc_prog *prog;
	char why[256];
	int err = xnic_cc_obj_load(&obj, path, name);

	t->programs++;
	if (err == -EPERM || err == -EACCES)
		t->no_bpf = 1;
	if (err) {
		printf("%-48s kernel refused: %.100s\n", name, obj.err);
		t->kernel_refused++;
		goto out;
	}
	prog = diff_compile(&obj, why, sizeof(why));
	if (!prog) {
		printf("%-48s refused: %s\n", name, why);
		t->refused++;
		goto out;
	}
	t->compiled++;
	err = diff_run(&obj, prog, pcap, &rep);
	if (!err && !rep.packets) {
		/* devmap/cpumap programs: BPF_PROG_TEST_RUN runs no frame */
		printf("%-48s compiled; the kernel test-runs no frame of it\n", name);
		t->untestable++;
	} else if (!err && rep.agreed == rep.packets && rep.maps_agreed == rep.maps_compared) {
		printf("%-48s agrees: %u packets, %u maps\n", name, rep.packets, rep.maps_compared);
		t->agreed++;
	} else {
		printf("%-48s DISAGREES: %s\n", name, rep.first_diff);
		t->disagreed++;
	}
	xcc_prog_free(prog);
out:
	xnic_cc_obj_close(&obj);
}

/* Every program of the object whose section is an XDP one. */
static void ext_object(const char *path, const char *pcap, struct ext_totals *t)
{
	struct bpf_object *o = bpf_object__open_file(path, NULL);
	struct bpf_program *p;
	char names[64][64];
	int n = 0, i;

	if (!o) {
		printf("  libbpf cannot open it: %s\n", strerror(errno));
		return;
	}
	bpf_object__for_each_program(p, o)
		if (!strncmp(bpf_program__section_name(p), "xdp", 3) && n < 64)
			snprintf(names[n++], sizeof(names[0]), "%s", bpf_program__name(p));
	bpf_object__close(o);
	for (i = 0; i < n; i++)
		ext_program(path, names[i], pcap, t);
}

int main(int argc, char **argv)
{
	struct ext_totals t = { 0 };
	char cmd[4096], path[4096];
	struct dirent *e;
	DIR *d;
	int st;

	if (argc != 4) {
		fprintf(stderr, "usage: %s BUILD_SCRIPT OUTDIR PCAP\n", argv[0]);
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "'%s' '%s'", argv[1], argv[2]);
	st = system(cmd);
	if (!WIFEXITED(st) || WEXITSTATUS(st) == DIFF_SKIP)
		return DIFF_SKIP;
	if (diff_pin_cpu0())
		fprintf(stderr, "cannot run on CPU 0: processor ids may differ\n");
	d = opendir(argv[2]);
	if (!d)
		return DIFF_SKIP;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len < 3 || strcmp(e->d_name + len - 2, ".o"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[2], e->d_name);
		printf("%s:\n", e->d_name);
		ext_object(path, argv[3], &t);
	}
	closedir(d);
	printf("%u XDP programs: %u refused by the host kernel, %u refused by the compiler, "
	       "%u compiled (%u not test-runnable); %u of %u agree with the kernel\n", t.programs,
	       t.kernel_refused, t.refused, t.compiled, t.untestable, t.agreed,
	       t.compiled - t.untestable);
	if (t.no_bpf && !t.compiled)
		return DIFF_SKIP;
	return t.disagreed ? 1 : 0;
}
