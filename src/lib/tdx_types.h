/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one portability header of the pure-C library (src/lib/).
 *
 * Files under src/lib/ include only this header (and each other), so the very
 * same objects build into tdxhost.ko and into the userspace cmocka tests and
 * tdxctl.  Nothing here may pull in anything kernel-specific beyond types.
 */
#ifndef TDX_LIB_TYPES_H
#define TDX_LIB_TYPES_H

#ifdef __KERNEL__
#include <linux/align.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <errno.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef BIT_ULL
#define BIT_ULL(n) (1ULL << (n))
#endif
#ifndef ALIGN
#define ALIGN(x, a) (((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#endif
#ifndef IS_ALIGNED
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#endif
#ifndef SZ_4K
#define SZ_4K	0x00001000ULL
#define SZ_2M	0x00200000ULL
#define SZ_1G	0x40000000ULL
#endif
#endif /* __KERNEL__ */

#endif /* TDX_LIB_TYPES_H */
