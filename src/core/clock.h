#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

/*
 * clock.h: the wall clock, in Unix seconds.  The store reads it only
 * through store_now() (store.c), which a test may set instead, so that no
 * backend and no rule of the store reads time(2) itself.
 */
int64_t clock_now(void);
/* A monotonic clock in milliseconds, for intervals (not a date). */
int64_t clock_ms(void);
/* The same clock in microseconds. */
int64_t clock_us(void);

#endif
