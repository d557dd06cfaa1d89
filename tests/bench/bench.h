/* SPDX-License-Identifier: GPL-2.0 */
/* Timing helpers shared by the benchmark programs (figures, not tests). */
#ifndef TDXHOST_BENCH_H
#define TDXHOST_BENCH_H

#include <stdlib.h>
#include <time.h>

static inline double bench_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of @n samples (sorts them). */
static inline double bench_median(double *t, unsigned int n)
{
	qsort(t, n, sizeof(t[0]), bench_cmp_double);
	return t[n / 2];
}

#endif /* TDXHOST_BENCH_H */
