/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEAMCALL register block, shared by both backends (hw, emu).
 * Same shape as upstream's struct tdx_module_args: the leaf goes in RAX
 * separately, the status comes back as the return value.
 */
#ifndef TDX_LIB_ARGS_H
#define TDX_LIB_ARGS_H

#include "tdx_types.h"

struct tdx_args {
	u64 rcx;
	u64 rdx;
	u64 r8;
	u64 r9;
	u64 r10;
	u64 r11;
	u64 r12;
	u64 r13;
	u64 r14;
	u64 r15;
	u64 rbx;
	u64 rdi;
	u64 rsi;
};

#endif /* TDX_LIB_ARGS_H */
