#ifndef PLAN_VIEW_H
#define PLAN_VIEW_H

#include "web/widgets/thread.h"

#include <stdbool.h>

struct page;

/*
 * Someone's plan, read-only (plan-view.c): the pages of a plan
 * (/p/USER/N/EX, /l/TOKEN) and a comment refused on it.
 */

/* The plan the route named (/p/<user>/<N>/<ex>), as the router's
 * ACCESS_PLAN or ACCESS_COMMENT found it (pg->authz): who owns it, its
 * session and exercise, the visitor's access.  False after replying 404
 * when the session or exercise is not loaded or the owner is gone. */
bool plan_open(struct page *pg, struct plan_ref *pr);

/* Write the plan read-only, one section per prompt.  With comments, each
 * section carries its threads and, when `can_comment`, a form to add
 * one; `rejected` (or NULL) is a comment that failed to save, shown again
 * in its form with its message. */
void plan_view(struct page *pg, const struct plan_ref *pr, bool comments,
	       bool can_comment, const struct comment_draft *rejected);

#endif
