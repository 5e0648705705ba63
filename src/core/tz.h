#ifndef CORE_TZ_H
#define CORE_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Time zones from the system's tz database (tz.c): an IANA name such as
 * "Europe/Berlin" checked against /usr/share/zoneinfo and its TZif file
 * read (RFC 8536, version 2 or later: 64-bit times).  No global state:
 * glibc's TZ and localtime_r() would be one setting for every thread.
 *
 * Past the file's last transition the last offset holds; Debian's files
 * carry their transitions to 2037.
 */
#define TZ_NAME_MAX 64
#define TZ_TRANS_MAX 2000           /* a file with more is refused */

struct tz_type {
	int32_t off;                /* seconds east of UTC */
	bool isdst;
	char abbr[8];               /* "CET", "CEST", "+0530" */
};

struct tz {
	char name[TZ_NAME_MAX + 1];
	size_t n;                   /* transitions */
	int64_t *at;                /* when each starts (UTC), ascending */
	struct tz_type *type;       /* what each starts */
	struct tz_type first;       /* before the first */
};

/* Is name one we would look up: letters, digits and "._+-" in parts
 * split by '/', none starting with '.', not the leap-second ("right/")
 * or "posix/" copies, at most TZ_NAME_MAX bytes?  It may still not be
 * there: tz_load() says. */
bool tz_name_ok(const char *name);
/* Load zone `name` into z: 0, or -1 when the name is not acceptable or
 * there is no such zone (or its file is not a TZif file we read). */
int tz_load(const char *name, struct tz *z);
void tz_release(struct tz *z);
/* What is in force at UTC time t. */
const struct tz_type *tz_at(const struct tz *z, int64_t t);
/* The UTC time of a wall-clock time `local` (seconds since 1970 as if
 * the wall clock were UTC): in a gap (spring forward), the time as the
 * offset before it would give; when the hour repeats, the first. */
int64_t tz_utc_of(const struct tz *z, int64_t local);
/* Calls fn for the transitions from `from` to `to` (UTC) in order, with
 * what was in force before and what begins: for VTIMEZONE. */
typedef void tz_trans_fn(void *ctx, int64_t at, const struct tz_type *before,
			 const struct tz_type *after);
void tz_transitions(const struct tz *z, int64_t from, int64_t to,
		    tz_trans_fn *fn, void *ctx);

#endif
