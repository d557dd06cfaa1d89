/* SPDX-License-Identifier: GPL-2.0 */
/* Machine checks on TDX private memory: a hint in the kernel's MCE report. */
#ifndef TDXHOST_MCE_H
#define TDXHOST_MCE_H

/* Join the kernel's MCE decode chain; after tdxhost_enable_init(). */
void tdxhost_mce_init(void);
void tdxhost_mce_exit(void);

#endif /* TDXHOST_MCE_H */
