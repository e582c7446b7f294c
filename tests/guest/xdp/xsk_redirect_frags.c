// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tests/guest/xdp/xsk_redirect.c for multi-buffer frames
 * (tests/guest/host-xsk-sg.sh): the same redirect to the XSKMAP slot of
 * the receiving queue, in an "xdp.frags" section, so that the driver runs
 * it on frames that span several RX buffers.
 */
#define XSK_REDIRECT_SECTION "xdp.frags"
#include "xsk_redirect.c"
