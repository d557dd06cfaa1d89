/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bringing the TDX module up: on demand, once, serialized.  What readers may
 * see of it is in state.h.
 */
#ifndef TDXHOST_ENABLE_H
#define TDXHOST_ENABLE_H

#include "failure.h"

/*
 * Run the enable flow (or wait for the running one); serialized.  Returns 0
 * when initialized, else -errno with the failure record set (also returned
 * in *fail when non-NULL).  Already initialized: 0 at once.
 */
int tdxhost_enable(struct tdxhost_failure *fail);

/* Back to uninitialized (software TDX module only); -EBUSY while TDs hold KeyIDs. */
int tdxhost_enable_reset(void);

/*
 * Reboot or kexec: with no enable or reset running, @fn gets the PAMTs of
 * an initialized TDX module (NULL otherwise) and may reset them.
 */
struct tdmr_plan;
void tdxhost_enable_shutdown(void (*fn)(struct tdmr_plan *plan, void *arg), void *arg);

int tdxhost_enable_init(const char *backend, const char *unavailable_reason);
void tdxhost_enable_exit(void);

#endif /* TDXHOST_ENABLE_H */
