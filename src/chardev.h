/* SPDX-License-Identifier: GPL-2.0 */
/* /dev/tdxhost and the TD file descriptors (the ioctl ABI). */
#ifndef TDXHOST_CHARDEV_H
#define TDXHOST_CHARDEV_H

int tdxhost_chardev_init(void);
void tdxhost_chardev_exit(void);

#endif /* TDXHOST_CHARDEV_H */
