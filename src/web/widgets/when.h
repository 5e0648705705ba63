#ifndef WHEN_H
#define WHEN_H

#include <stddef.h>
#include <stdint.h>

/* A stored time (unix seconds) as text in UTC (when.c): the day
 * ("2026-12-05") or the minute ("2026-12-05 14:03 UTC"); "?" when it
 * cannot be written. */
#define WHEN_DAY_MAX 16
void when_day(char *out, size_t size, int64_t t);
void when_minute(char *out, size_t size, int64_t t);

/* The same time on the wall clock of zone z (core/tz.h):
 * "2027-03-29 18:00 CEST". */
struct tz;
void when_local(char *out, size_t size, const struct tz *z, int64_t t);

#endif
