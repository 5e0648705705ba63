#ifndef UI_PLAN_H
#define UI_PLAN_H

#include "model/answer.h"
#include "web/ui.h"

struct buf;
struct session;

/*
 * The plan pages (ui-plan.c): "Your plans", a one-page summary of the
 * session's typed exercises, and an exercise's history (first draft
 * against now, per prompt).
 */
page_fn ui_plan, ui_plan_history;

/* The body of the summary for any session and answer source (the page,
 * and tests with a hand-built session); `today` is a day number. */
void plan_summary(struct buf *b, const struct session *s,
		  answer_get_fn *get, void *ctx, int today);

/* One answer, read-only, the way its kind reads best (also the pages
 * that show someone else's plan, ui-share.c). */
struct prompt;
void plan_answer_view(struct buf *b, const struct prompt *p, const char *v,
		      int today);

#endif
