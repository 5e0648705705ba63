/*
 * peer-authz.c: TEMPORARY stand-in for authz.h until h-c-store lands it;
 * the rules of docs/cohorts.md for the peer pages.
 */
#include "authz.h"

#include <string.h>

struct find_partner {
	int64_t other;
	bool found;
};

static int on_partner(void *ctx, const struct partner *p)
{
	struct find_partner *f = ctx;

	if (p->supporter == f->other || p->supported == f->other)
		f->found = true;
	return f->found;
}

static int relation(struct page *pg, int64_t owner, int number)
{
	int role = ROLE_NONE;

	if (store_cohort_relation(pg->st, pg->user.id, owner, number,
				  &role) != STORE_OK)
		return ROLE_NONE;
	return role;
}

bool authz_may_share(struct page *pg, int64_t owner, int number)
{
	(void)number;
	return pg->logged_in && pg->user.id == owner;
}

bool authz_may_see_plan(struct page *pg, int64_t owner, int number,
			const char *exercise_id)
{
	struct share sh;
	int role;

	if (!pg->logged_in)
		return false;
	if (pg->user.id == owner || pg->user.is_admin)
		return true;
	role = relation(pg, owner, number);
	if (role == ROLE_FACILITATOR)
		return true;
	return role == ROLE_PARTICIPANT &&
	       store_share_get(pg->st, owner, number, exercise_id, &sh) ==
		       STORE_OK && sh.mode == SHARE_COHORT;
}

bool authz_may_comment(struct page *pg, int64_t owner, int number,
		       const char *exercise_id)
{
	return authz_may_see_plan(pg, owner, number, exercise_id);
}

bool authz_may_see_checkins(struct page *pg, int64_t owner, int number)
{
	struct find_partner f = { .other = pg->user.id };

	if (!pg->logged_in)
		return false;
	if (pg->user.id == owner || pg->user.is_admin ||
	    relation(pg, owner, number) == ROLE_FACILITATOR)
		return true;
	if (store_partner_list(pg->st, owner, on_partner, &f) != STORE_OK)
		return false;
	return f.found;
}

bool authz_may_partner(struct page *pg, int64_t cohort, int64_t member)
{
	int mine, theirs;

	return pg->logged_in && member != pg->user.id &&
	       store_member_role(pg->st, cohort, pg->user.id, &mine) ==
		       STORE_OK &&
	       store_member_role(pg->st, cohort, member, &theirs) == STORE_OK &&
	       theirs == ROLE_PARTICIPANT;
}
