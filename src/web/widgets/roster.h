#ifndef ROSTER_H
#define ROSTER_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

/* A cohort's members, copied out of the store's callback (roster.c):
 * the cohort page, the dashboard, the CSV and the review read them. */
struct roster {
	struct member *v;
	size_t n, alloc;
	bool oom;
};
/* Members in order of joining; only participants when `participants`. */
int roster_load(struct store *st, int64_t cohort, bool participants,
		struct roster *r);
/* roster_load() in two steps, for a read that may wait for
 * store_together_end(): roster_ask() asks for the rows, and roster_keep(),
 * once they are in, keeps the participants only when `participants`
 * (false: out of memory).  r is released either way by roster_release(). */
int roster_ask(struct store *st, int64_t cohort, struct roster *r);
bool roster_keep(struct roster *r, bool participants);
void roster_release(struct roster *r);
const struct member *roster_find(const struct roster *r, int64_t user);

#endif
