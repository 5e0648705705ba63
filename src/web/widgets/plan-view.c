/*
 * plan-view.c: someone's plan, read-only, one section per prompt — each
 * answer as its kind reads best (answer-view.c), a timeline where the
 * prompt keeps a budget — with the comment threads under each section
 * (thread.c) when the page shows them.
 */
#include "web/widgets/plan-view.h"

#include "auth/authz.h"
#include "core/html.h"
#include "export/svg.h"
#include "model/answer.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/courses.h"
#include "web/page.h"
#include "web/widgets/answer-view.h"

#include <string.h>

bool plan_open(struct page *pg, struct plan_ref *pr)
{
	const struct authz *z = &pg->authz;

	memset(pr, 0, sizeof(*pr));
	pr->s = course_get(z->number);
	pr->e = page_find_exercise(pr->s, pg->rq->param[2]);
	pr->access = z->plan;
	/* Unknown and not-yours look the same: no plan is confirmed to
	 * exist to someone who may not see it. */
	if (!pr->e || store_user_by_id(pg->st, z->owner, &pr->owner) !=
	    STORE_OK) {
		page_fail(pg, 404, "There is no plan here that you may see.");
		return false;
	}
	pr->owner.pwhash[0] = '\0';
	return true;
}

static bool has_date_column(const struct prompt *p)
{
	size_t i;

	for (i = 0; i < p->nr_columns; i++)
		if (p->columns[i].type == COL_DATE)
			return true;
	return false;
}

void plan_view(struct page *pg, const struct plan_ref *pr, bool comments,
	       bool can_comment, const struct comment_draft *rejected)
{
	struct buf *b = &pg->rs->body;
	struct workbook wb;
	struct thread t = { 0 };
	int today = answer_today();
	size_t i;

	if (workbook_load(pg->st, pr->owner.id, pr->s->number, WB_ANSWERS,
			  &wb) != STORE_OK ||
	    (comments && thread_load(pg->st, pr, &t) != STORE_OK)) {
		thread_release(&t);
		page_fail(pg, 503, "This plan could not be read; try again "
			  "in a moment.");
		return;
	}
	if (comments)
		thread_summary(pg, &t);
	for (i = 0; i < pr->e->nr_prompts; i++) {
		const struct prompt *p = &pr->e->prompts[i];
		const char *v = workbook_get(&wb, p->id);

		html(b, "<section class=\"plan-section\" id=\"s-%s\" "
		     "aria-labelledby=\"h-%s\"><h2 id=\"h-%s\">%s</h2>",
		     p->id, p->id, p->id, prompt_label(p));
		if (v && *v) {
			plan_answer_view(b, p, v, today);
			if (p->budget && has_date_column(p)) {
				const struct prompt *sp =
					session_named_prompt(pr->s, p->budget);
				struct sprint sprint;

				answer_sprint(sp ? workbook_get(&wb, sp->id) :
					      NULL, today, &sprint);
				html(b, "<figure class=\"chart\"><figcaption>"
				     "Timeline: %s</figcaption>",
				     prompt_label(p));
				svg_timeline(b, p, v, &sprint);
				html_raw(b, "</figure>");
			}
		} else
			html_raw(b, "<p class=\"meta\">Not answered.</p>");
		if (comments)
			thread_section(pg, pr, &t, p->id, can_comment,
				       rejected);
		html_raw(b, "</section>");
	}
	if (comments) {
		/* Comments on prompts the session no longer has. */
		thread_section(pg, pr, &t, NULL, false, NULL);
		thread_end(pg, pr, &t, rejected);
	}
	thread_release(&t);
	workbook_release(&wb);
}
