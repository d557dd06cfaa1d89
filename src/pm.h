/* SPDX-License-Identifier: GPL-2.0 */
/* Sleep policy: neither S3 nor hibernation keeps the TDX module and its keys. */
#ifndef TDXHOST_PM_H
#define TDXHOST_PM_H

#include <linux/types.h>

/*
 * Could the system hibernate (1: yes, 0: no, -errno: cannot tell)?  Enable
 * refuses unless the answer is no, like upstream.
 */
int tdxhost_hibernation_possible(void);

/* Veto suspend and hibernation whenever a TDX module is there (initialized or not). */
int tdxhost_pm_init(void);
void tdxhost_pm_exit(void);

#endif /* TDXHOST_PM_H */
