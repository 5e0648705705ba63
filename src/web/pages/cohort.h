#ifndef UI_COHORT_H
#define UI_COHORT_H

#include "web/ui.h"

/*
 * The facilitator's side of cohorts (docs/cohorts.md): the list and the
 * cohort page, invite links and joining (ui-cohort.c), the dashboard and
 * the CSV of answers (ui-dashboard.c), the final review (ui-review.c).
 */
page_fn ui_cohorts, ui_cohort_create, ui_cohort, ui_invite_add,
	ui_invite_revoke, ui_join_form, ui_join, ui_dashboard,
	ui_answers_csv, ui_review, ui_review_post;

/* What a cohort page may need of its visitor. */
enum cohort_need {
	NEED_MEMBER,        /* a member of the cohort, or an admin */
	NEED_FACILITATOR,   /* a facilitator of the cohort, or an admin */
};

/* Open the cohort the path names (param[0]) for the visitor, checked
 * through authz.h; *role (unless NULL) is the visitor's, admins counting
 * as facilitators.  On refusal the reply is made (log in, 404 for an
 * unknown id, 403 otherwise; no name leaks) and false returned. */
bool cohort_open(struct page *pg, enum cohort_need need, struct cohort *c,
		 int *role);

/* A cohort's members, copied out of the store's callback. */
struct roster {
	struct member *v;
	size_t n, alloc;
	bool oom;
};
/* Members in order of joining; only participants when `participants`. */
int roster_load(struct store *st, int64_t cohort, bool participants,
		struct roster *r);
void roster_release(struct roster *r);
const struct member *roster_find(const struct roster *r, int64_t user);

#endif
