/* SPDX-License-Identifier: GPL-2.0 */
/* tdxhost/emu/host_access (emu_host_access.c): a stray host write or read on purpose. */
#ifndef TDXHOST_EMU_HOST_ACCESS_H
#define TDXHOST_EMU_HOST_ACCESS_H

struct dentry;
struct tdx_emu;

void emu_host_access_debugfs_init(struct dentry *dir, struct tdx_emu *emu);

#endif /* TDXHOST_EMU_HOST_ACCESS_H */
