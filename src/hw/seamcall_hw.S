/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEAMCALL instruction with the full host register block.
 *
 * In assembly rather than inline asm because a leaf may take and return
 * thirteen registers besides RAX, more than a C compiler can pin around one
 * asm statement while still holding the pointer to the block.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/frame.h>

/* Offsets in struct tdx_args (src/lib/tdx_args.h); backend_hw.c asserts them. */
#define ARG_RCX		0
#define ARG_RDX		8
#define ARG_R8		16
#define ARG_R9		24
#define ARG_R10		32
#define ARG_R11		40
#define ARG_R12		48
#define ARG_R13		56
#define ARG_R14		64
#define ARG_R15		72
#define ARG_RBX		80
#define ARG_RDI		88
#define ARG_RSI		96

/* Software status codes of src/lib/tdx_defs.h (that header is C only). */
#define TDX_SW_ERROR			0x8000FF0000000000
#define TDX_SEAMCALL_VMFAILINVALID	0x8000FF00FFFF0000

/* Spelled as bytes: older assemblers do not know the mnemonic. */
#define SEAMCALL	.byte 0x66, 0x0f, 0x01, 0xcf

/*
 * u64 tdxhost_seamcall_insn(u64 fn, struct tdx_args *args)
 *
 * RAX = fn, the other registers from *args.  On completion the outputs are
 * written back to *args and RAX (the completion status) is returned.  If
 * the instruction does not enter the TDX module, *args is left alone and
 * the return is TDX_SEAMCALL_VMFAILINVALID (CF=1: no module loaded) or
 * TDX_SW_ERROR | trap number (#UD: not in VMX root operation or no SEAM;
 * #GP), the trap being caught through the exception table.
 *
 * RBP is not passed: the module preserves it for every host leaf this
 * driver issues (TDH.VP.ENTER is not among them).
 */
SYM_FUNC_START(tdxhost_seamcall_insn)
	FRAME_BEGIN
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	/* Keep args: RSI itself is an input register. */
	pushq	%rsi

	movq	%rdi, %rax
	movq	ARG_RCX(%rsi), %rcx
	movq	ARG_RDX(%rsi), %rdx
	movq	ARG_R8(%rsi), %r8
	movq	ARG_R9(%rsi), %r9
	movq	ARG_R10(%rsi), %r10
	movq	ARG_R11(%rsi), %r11
	movq	ARG_R12(%rsi), %r12
	movq	ARG_R13(%rsi), %r13
	movq	ARG_R14(%rsi), %r14
	movq	ARG_R15(%rsi), %r15
	movq	ARG_RBX(%rsi), %rbx
	movq	ARG_RDI(%rsi), %rdi
	movq	ARG_RSI(%rsi), %rsi

.Lseamcall:
	SEAMCALL
	jc	.Lvmfailinvalid

	/* Output RSI to the stack, then get args back into RSI. */
	pushq	%rsi
	movq	8(%rsp), %rsi
	movq	%rcx, ARG_RCX(%rsi)
	movq	%rdx, ARG_RDX(%rsi)
	movq	%r8, ARG_R8(%rsi)
	movq	%r9, ARG_R9(%rsi)
	movq	%r10, ARG_R10(%rsi)
	movq	%r11, ARG_R11(%rsi)
	movq	%r12, ARG_R12(%rsi)
	movq	%r13, ARG_R13(%rsi)
	movq	%r14, ARG_R14(%rsi)
	movq	%r15, ARG_R15(%rsi)
	movq	%rbx, ARG_RBX(%rsi)
	movq	%rdi, ARG_RDI(%rsi)
	popq	%rcx
	movq	%rcx, ARG_RSI(%rsi)

.Lout:
	popq	%rsi
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	FRAME_END
	RET

.Lvmfailinvalid:
	movabsq	$TDX_SEAMCALL_VMFAILINVALID, %rax
	jmp	.Lout

.Lseamcall_trap:
	/* EX_TYPE_FAULT has put the trap number in RAX. */
	movabsq	$TDX_SW_ERROR, %rdi
	orq	%rdi, %rax
	jmp	.Lout

	_ASM_EXTABLE_FAULT(.Lseamcall, .Lseamcall_trap)
SYM_FUNC_END(tdxhost_seamcall_insn)
