/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loading an eBPF ELF object for xnic-cc and the differential tests
 * (docs/compiler.md, "xnic-cc"): libbpf opens it, the host kernel verifies
 * and loads the selected XDP program, and its final instructions come back
 * with map file descriptors turned into indexes of the object's map list,
 * which is what the offload compiler takes.
 */
#ifndef XNIC_CC_OBJ_H
#define XNIC_CC_OBJ_H

#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <stddef.h>

#include "xcc.h"

/* Data pages of each perf event's ring */
#define XNIC_CC_PERF_PAGES	8

/* The perf events xnic-cc puts into a PERF_EVENT_ARRAY, one per CPU. */
struct xnic_cc_perf {
	unsigned int n;		/* entries: min(max_entries, possible CPUs) */
	int *fd;
	void **ring;		/* mmap()ed: a control page and the data pages */
};

struct xnic_cc_obj {
	struct bpf_object *bpf;
	/*
	 * The host kernel refused the program or one of its maps although BPF
	 * is permitted: err names the host's release and its first error.
	 */
	int host_refused;
	/*
	 * A program for a DEVMAP or CPUMAP entry (section xdp/devmap,
	 * xdp/cpumap) loaded as an ingress XDP program, as the card runs
	 * every program: the kernel's test run refuses those attach types.
	 */
	int egress_as_ingress;
	char *verifier_log;		/* the host verifier's log of a refusal */
	struct bpf_program *prog;
	int prog_fd;
	struct bpf_map **maps;		/* the object's maps, in libbpf order */
	struct xcc_map_desc *descs;	/* the same, for the compiler */
	unsigned int n_maps;
	/*
	 * Per map (NULL but for PERF_EVENT_ARRAY): entry k's BPF_OUTPUT perf
	 * event on CPU k, or -1 where none could be opened, and its ring.
	 */
	struct xnic_cc_perf *perf;
	struct bpf_insn *insns;		/* after load, map fds replaced by indexes */
	size_t n_insns;
	/*
	 * Tail calls (docs/compiler.md "Tail calls"): the programs the
	 * object's PROG_ARRAYs hold after the load (libbpf's `values`
	 * initialisation), besides the main one, follow its instructions in
	 * insns: program k (1..n_tail) from tail_starts[k - 1] on.
	 * prog_ids[k] is program k's id in the kernel (0: the main one).
	 */
	unsigned int n_tail;
	__u32 *tail_starts;
	__u32 *prog_ids;
	char err[256];
};

/*
 * Opens path, selects the program whose name or section is `name` (or the
 * only program when name is NULL, or among several the one named after the
 * file), loads it, and with a PROG_ARRAY every XDP program of the object
 * (tail calls).  A DEVMAP or CPUMAP program is loaded as an ingress XDP
 * program when the kernel verifies it as one (it does not read
 * egress_ifindex), else as written.  Returns 0, or -errno with
 * obj->err set: -EPERM when the kernel refuses BPF to this process at all;
 * otherwise obj->host_refused tells a refusal by the host kernel (a helper,
 * map type or verifier feature it lacks) from a broken object.
 */
int xnic_cc_obj_load(struct xnic_cc_obj *obj, const char *path, const char *name);
void xnic_cc_obj_close(struct xnic_cc_obj *obj);

/* 1 when this process may load a trivial XDP program into the host kernel. */
int xnic_cc_bpf_permitted(void);

/* The host kernel's release (uname -r), for reports. */
const char *xnic_cc_host_release(void);

/* The map called name, or NULL. */
struct bpf_map *xnic_cc_obj_map(const struct xnic_cc_obj *obj, const char *name);

/*
 * One initial map entry in the command-line form NAME:KEYHEX=VALUEHEX
 * (the file form is the same, one per line, '#' starts a comment); a
 * PROG_ARRAY's VALUE is the name of an XDP program of the object.
 */
int xnic_cc_obj_set_entry(struct xnic_cc_obj *obj, const char *spec);
int xnic_cc_obj_set_entries_file(struct xnic_cc_obj *obj, const char *path);

/* Hex helpers shared by the report: returns bytes parsed or -1. */
int xnic_cc_hex_parse(const char *hex, unsigned char *out, size_t size);
void xnic_cc_hex_format(const unsigned char *in, size_t len, char *out);

#endif
