// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Real public XDP programs (docs/compiler.md, "External programs"): builds
 * them with tests/corpus/build-external.sh into a cache directory, then for
 * every XDP program of every object: the host kernel loads it (or refuses:
 * a SKIP line naming its release and error), the compiler compiles it or
 * refuses it as REFUSALS lists (any other refusal fails, and so does a
 * listed program that now compiles or that its built object lacks), and a compiled program must agree
 * with the kernel on the pcap.  The script writes one subdirectory of
 * OUTDIR per source (samples-bpf, xdp-tools); prints one line per program,
 * the totals of each source and of all; exits 77 when BPF is not permitted.
 * An object's maps start with the entries of ENTRIES/OBJECT.entries when
 * that file exists (xnic-cc --map-file format), so that paths behind a
 * configured map entry run too.
 * Usage: test-diff-external BUILD_SCRIPT OUTDIR PCAP REFUSALS ENTRIES
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff_common.h"

struct ext_totals {
	unsigned int programs, kernel_refused, refused, compiled, agreed, disagreed, untestable;
	unsigned int unexpected;	/* refusals not listed, listed programs that compile */
	unsigned int frames, maps;	/* compared, over all compared programs */
};

/* One line of the expected-refusal list: OBJECT PROGRAM: REASON */
struct ext_refusal {
	char object[128], program[128], reason[256];
	int seen;
};

static struct ext_refusal ext_refusals[256];
static unsigned int ext_n_refusals;

static int ext_load_refusals(const char *path)
{
	char line[600];
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("cannot open the expected-refusal list %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct ext_refusal *r = &ext_refusals[ext_n_refusals];

		line[strcspn(line, "\r\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		if (ext_n_refusals == sizeof(ext_refusals) / sizeof(ext_refusals[0]) ||
		    sscanf(line, "%127s %127[^:]: %255[^\n]", r->object, r->program, r->reason) != 3) {
			printf("%s: bad line (want OBJECT PROGRAM: REASON): %s\n", path, line);
			fclose(f);
			return -1;
		}
		ext_n_refusals++;
	}
	fclose(f);
	return 0;
}

static struct ext_refusal *ext_expected(const char *object, const char *program)
{
	unsigned int i;

	for (i = 0; i < ext_n_refusals; i++)
		if (!strcmp(ext_refusals[i].object, object) &&
		    !strcmp(ext_refusals[i].program, program))
			return &ext_refusals[i];
	return NULL;
}

/* The compiler's reason without its "insn N: " prefix, which moves with code. */
static const char *ext_reason(const char *why)
{
	unsigned int insn;
	int n = 0;

	if (sscanf(why, "insn %u: %n", &insn, &n) == 1 && n > 0)
		return why + n;
	return why;
}

/* A compiler refusal: expected when listed with the same reason. */
static void ext_refused(const char *object, const char *name, const char *why,
			struct ext_totals *t)
{
	struct ext_refusal *r = ext_expected(object, name);

	t->refused++;
	if (r && !strcmp(r->reason, ext_reason(why))) {
		printf("%-48s refused as listed: %s\n", name, why);
		r->seen = 1;
		return;
	}
	printf("%-48s UNEXPECTED REFUSAL: %s%s%s\n", name, why, r ? "; the list says: " : "",
	       r ? r->reason : " (not in the expected-refusal list)");
	if (r)
		r->seen = 1;
	t->unexpected++;
}

/* Holds OBJECT.entries files: the map entries that object's tool would configure */
static const char *ext_entries_dir;

/* Seeds the maps of object from its entries file when there is one. */
static int ext_seed_maps(struct xnic_cc_obj *obj, const char *object)
{
	char file[4096];
	int len = (int)strlen(object) - 2;	/* without ".o" */

	if (snprintf(file, sizeof(file), "%s/%.*s.entries", ext_entries_dir, len, object) >=
	    (int)sizeof(file) || access(file, F_OK))
		return 0;
	printf("  maps seeded from %s\n", file);
	return xnic_cc_obj_set_entries_file(obj, file);
}

static void ext_program(const char *path, const char *name, const char *pcap,
			struct ext_totals *t)
{
	char copy[4096], why[256];
	struct xnic_cc_obj obj;
	struct diff_report rep;
	struct xcc_prog *prog;
	const char *object;
	int err = xnic_cc_obj_load(&obj, path, name);

	snprintf(copy, sizeof(copy), "%s", path);
	object = basename(copy);
	t->programs++;
	if (err && obj.host_refused) {
		printf("SKIP: diff-external %s %s: %s\n", object, name, obj.err);
		t->kernel_refused++;
		goto out;
	}
	if (err || ext_seed_maps(&obj, object)) {
		printf("%-48s CANNOT LOAD: %s\n", name, obj.err);
		t->disagreed++;
		goto out;
	}
	prog = diff_compile(&obj, why, sizeof(why));
	if (!prog) {
		ext_refused(object, name, why, t);
		goto out;
	}
	t->compiled++;
	if (ext_expected(object, name)) {
		printf("%-48s NOW COMPILES: remove it from the expected-refusal list\n", name);
		ext_expected(object, name)->seen = 1;
		t->unexpected++;
	}
	err = diff_run(&obj, prog, pcap, &rep);
	if (!err && rep.packets) {
		t->frames += rep.packets;
		t->maps += rep.maps_compared;
	}
	if (!err && !rep.packets) {
		/* xnic-cc loads devmap/cpumap programs as ingress ones to compare them */
		printf("%-48s NOT COMPARED: the kernel test-ran no frame of it\n", name);
		t->untestable++;
	} else if (!err && rep.agreed == rep.packets && rep.maps_agreed == rep.maps_compared) {
		printf("%-48s agrees: %u packets, %u maps (%u more of types the card does not "
		       "hold)\n", name, rep.packets, rep.maps_compared, rep.maps_not_held);
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

static int ext_is_object(const struct dirent *e)
{
	size_t len = strlen(e->d_name);

	return len > 2 && !strcmp(e->d_name + len - 2, ".o");
}

static int ext_is_source(const struct dirent *e)
{
	return e->d_type == DT_DIR && e->d_name[0] != '.';
}

/* Every object of one source directory, in name order. */
static void ext_source(const char *dir, const char *pcap, struct ext_totals *t)
{
	struct dirent **objects;
	char path[4096];
	int n = scandir(dir, &objects, ext_is_object, alphasort), i;

	if (n < 0) {
		printf("%s: %s\n", dir, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		printf("%s:\n", objects[i]->d_name);
		if (snprintf(path, sizeof(path), "%s/%s", dir, objects[i]->d_name) <
		    (int)sizeof(path))
			ext_object(path, pcap, t);
		else
			printf("  path too long: %s/%s\n", dir, objects[i]->d_name);
		free(objects[i]);
	}
	free(objects);
}

static void ext_print_totals(const char *what, const struct ext_totals *t)
{
	printf("%s: %u XDP programs: %u skipped (host kernel %s refuses them), %u refused by "
	       "the compiler (%u not as listed), %u compiled (%u not test-runnable); %u of %u "
	       "compared agree with the kernel (%u frames and %u maps compared)\n", what, t->programs,
	       t->kernel_refused, xnic_cc_host_release(), t->refused, t->unexpected, t->compiled,
	       t->untestable, t->agreed, t->compiled - t->untestable, t->frames, t->maps);
}

static void ext_add_totals(struct ext_totals *sum, const struct ext_totals *t)
{
	sum->programs += t->programs;
	sum->kernel_refused += t->kernel_refused;
	sum->refused += t->refused;
	sum->compiled += t->compiled;
	sum->agreed += t->agreed;
	sum->disagreed += t->disagreed;
	sum->untestable += t->untestable;
	sum->unexpected += t->unexpected;
	sum->frames += t->frames;
	sum->maps += t->maps;
}

/*
 * Listed programs never seen although their object was built: the list is
 * stale.  A listed object that was not built is a source the script
 * skipped with a SKIP line (no vmlinux.h); it fails on a failed build.
 */
static unsigned int ext_unused_refusals(const char *outdir, struct dirent **sources,
					int n_sources)
{
	unsigned int i, stale = 0;
	char path[4096];
	int s;

	for (i = 0; i < ext_n_refusals; i++)
		for (s = 0; s < n_sources && !ext_refusals[i].seen; s++) {
			if (snprintf(path, sizeof(path), "%s/%s/%s", outdir, sources[s]->d_name,
				     ext_refusals[i].object) >= (int)sizeof(path))
				continue;
			if (!access(path, F_OK)) {
				printf("listed, but %s has no XDP program %s: remove it from the "
				       "expected-refusal list\n", ext_refusals[i].object,
				       ext_refusals[i].program);
				stale++;
			}
		}
	return stale;
}

int main(int argc, char **argv)
{
	struct ext_totals all = { 0 };
	struct dirent **sources;
	char cmd[4096], dir[4096];
	int st, n_sources, s;

	if (argc != 6) {
		fprintf(stderr, "usage: %s BUILD_SCRIPT OUTDIR PCAP REFUSALS ENTRIES\n", argv[0]);
		return 1;
	}
	ext_entries_dir = argv[5];
	if (ext_load_refusals(argv[4]))
		return 1;
	if (!diff_host_ready("diff-external"))
		return DIFF_SKIP;
	snprintf(cmd, sizeof(cmd), "'%s' '%s'", argv[1], argv[2]);
	st = system(cmd);
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		printf("%s failed (wait status %d): a program above did not build, or its "
		       "sources are missing (scripts/install-deps.sh installs them)\n", argv[1], st);
		return 1;
	}
	n_sources = scandir(argv[2], &sources, ext_is_source, alphasort);
	if (n_sources < 0) {
		printf("%s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	for (s = 0; s < n_sources; s++) {
		struct ext_totals t = { 0 };

		snprintf(dir, sizeof(dir), "%s/%s", argv[2], sources[s]->d_name);
		printf("== %s\n", sources[s]->d_name);
		ext_source(dir, argv[3], &t);
		ext_print_totals(sources[s]->d_name, &t);
		ext_add_totals(&all, &t);
	}
	all.unexpected += ext_unused_refusals(argv[2], sources, n_sources);
	for (s = 0; s < n_sources; s++)
		free(sources[s]);
	free(sources);
	ext_print_totals("all", &all);
	if (!all.programs)
		printf("no XDP program was built: nothing compared\n");
	return all.disagreed || all.unexpected || all.untestable || !all.programs ? 1 : 0;
}
