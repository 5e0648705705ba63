#ifndef AUTHZ_H
#define AUTHZ_H
/* TEMPORARY (h-c-peer): replaced by h-c-store's authz.h. */
#include "ui.h"

bool authz_may_share(struct page *pg, int64_t owner, int number);
bool authz_may_see_plan(struct page *pg, int64_t owner, int number,
			const char *exercise_id);
bool authz_may_comment(struct page *pg, int64_t owner, int number,
		       const char *exercise_id);
bool authz_may_see_checkins(struct page *pg, int64_t owner, int number);
bool authz_may_partner(struct page *pg, int64_t cohort, int64_t member);

#endif
