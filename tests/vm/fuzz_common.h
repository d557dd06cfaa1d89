/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the VM suite's fuzzers (nlfuzz.c, tdfuzz.c) share: the seeded PRNG
 * their op sequences come from, and the report of an impossible answer.
 * Each fuzzer is one translation unit; it defines FUZZ_NAME (its name in
 * reports) and FUZZ_WHO (its first process's) before including this.
 */
#ifndef TDXHOST_FUZZ_COMMON_H
#define TDXHOST_FUZZ_COMMON_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* ---- PRNG: splitmix64, one state per process or thread */

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rn(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd(r) % n) : 0;
}

static bool pct(struct rng *r, unsigned int p)
{
	return rn(r, 100) < p;
}

/* ---- results, shared by threads (counters only; a child reports its own) */

static pthread_mutex_t stat_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long n_ops, n_bad;
static const char *who = FUZZ_WHO;	/* which process or thread reports */

/* Something the interface must never answer: counted, the first 20 shown. */
__attribute__((format(printf, 1, 2)))
static void bad(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&stat_lock);
	n_bad++;
	if (n_bad <= 20) {
		fprintf(stderr, "%s(%s): IMPOSSIBLE at op %lu: ", FUZZ_NAME, who, n_ops);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	pthread_mutex_unlock(&stat_lock);
}

#endif
