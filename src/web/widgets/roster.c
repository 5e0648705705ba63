/*
 * roster.c: a cohort's members, copied out of the store's callback (a
 * callback may not call the store again), in order of joining.
 */
#include "web/widgets/roster.h"

#include <stdlib.h>
#include <string.h>

static int on_member(void *ctx, const struct member *m)
{
	struct roster *r = ctx;

	if (r->n == r->alloc) {
		size_t na = r->alloc ? 2 * r->alloc : 16;
		struct member *nv = realloc(r->v, na * sizeof(*nv));

		if (!nv) {
			r->oom = true;
			return 1;
		}
		r->v = nv;
		r->alloc = na;
	}
	r->v[r->n++] = *m;
	return 0;
}

int roster_ask(struct store *st, int64_t cohort, struct roster *r)
{
	memset(r, 0, sizeof(*r));
	return store_member_list(st, cohort, on_member, r);
}

bool roster_keep(struct roster *r, bool participants)
{
	size_t i, k = 0;

	if (r->oom)
		return false;
	if (participants) {
		for (i = 0; i < r->n; i++)
			if (r->v[i].role == ROLE_PARTICIPANT)
				r->v[k++] = r->v[i];
		r->n = k;
	}
	return true;
}

int roster_load(struct store *st, int64_t cohort, bool participants,
		struct roster *r)
{
	int rc = roster_ask(st, cohort, r);

	if (rc == STORE_OK && !roster_keep(r, participants))
		rc = STORE_ERR;
	if (rc != STORE_OK)
		roster_release(r);
	return rc;
}

void roster_release(struct roster *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

const struct member *roster_find(const struct roster *r, int64_t user)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].user.id == user)
			return &r->v[i];
	return NULL;
}
