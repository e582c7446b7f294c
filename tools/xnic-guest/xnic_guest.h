/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the guest tools (xnic-objdump -p, xnic-testrun) share: a program by
 * id or pinned path, its bpf_prog_info, and the xnic card it is offloaded
 * to, with the card's debugfs directory (guest-driver/xnic_debugfs.c).
 */
#ifndef XNIC_GUEST_H
#define XNIC_GUEST_H

#include <linux/bpf.h>
#include <net/if.h>
#include <stddef.h>

/* bpf(2) */
int xnic_guest_bpf(int cmd, union bpf_attr *attr);
/* A program fd from its id or the path it is pinned at; -1 with errno. */
int xnic_guest_prog_fd(const char *spec);
/* bpf_prog_info of fd into info (zeroed by the caller but for what it asks). */
int xnic_guest_prog_info(int fd, struct bpf_prog_info *info);

struct xnic_guest_card {
	unsigned int prog_id;
	char ifname[IF_NAMESIZE];
	char debugfs[256];	/* /sys/kernel/debug/xnic/<PCI name> */
};

/*
 * The xnic a program is offloaded to.  0, or -1 with err set: not
 * offloaded, offloaded to a device that is not an xnic (*not_xnic set for
 * both), or the program does not exist or cannot be read.
 */
int xnic_guest_card(const char *spec, struct xnic_guest_card *card, int *not_xnic,
		    char *err, size_t errlen);
/* path = FILE (e.g. "testrun") in the card's debugfs directory. */
void xnic_guest_path(const struct xnic_guest_card *card, const char *file, char *path,
		     size_t size);

#endif
