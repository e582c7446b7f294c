/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The offload compiler's environment for the suites that compile eBPF
 * (fw, maps, testrun): heap memory, errors on stderr.
 */
#ifndef XNIC_FAKE_CC_H
#define XNIC_FAKE_CC_H

#include "xcc.h"

extern const struct xcc_env xnic_fake_cc_env;

#endif
