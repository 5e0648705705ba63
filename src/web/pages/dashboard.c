/*
 * dashboard.c: a cohort at a glance for its facilitators
 * (/c/ID/dashboard): each participant's readings done, prompts answered
 * per exercise and whether that plan is shared, and who is behind on
 * check-ins; who is at risk (no check-in for 14 days, milestones
 * overdue), with a nudge button each and when each was last nudged
 * (nudge.c sends it); the cohort's spread over research agendas and
 * over the roles its career plans aim at; and
 * every participant's answers as CSV (/c/ID/answers.csv).
 *
 * The dashboard must stay fast for a full cohort: what it shows is read
 * by web/widgets/cohort-progress.c, with one statement per kind of row for the whole
 * cohort, and kept until the next write (store_generation()), since
 * reading 30 participants' rows costs far more than rendering them.
 */
#include "web/pages/dashboard.h"

#include "core/csv.h"
#include "core/html.h"
#include "export/plan.h"
#include "model/answer.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/agendas.h"
#include "web/courses.h"
#include "web/widgets/cohort-progress.h"
#include "web/widgets/roster.h"
#include "web/widgets/spread.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECKIN_DAYS 7   /* a running sprint wants a check-in a week */

/* Is the participant behind: a sprint running for a week or more, and no
 * check-in in the last CHECKIN_DAYS days?  *why says how it stands. */
static bool behind(const struct line *l, int64_t now, char *why, size_t n)
{
	struct sprint sp;
	struct buf d = BUF_INIT;
	int today = (int)(now / 86400), days;
	bool late = false;

	if (!l->has_sprint) {
		snprintf(why, n, "no sprint planned");
		goto out;
	}
	answer_sprint(l->sprint, today, &sp);
	if (today < sp.start) {
		answer_put_date(&d, sp.start);
		snprintf(why, n, "sprint starts %s", d.data);
		goto out;
	}
	if (today > sprint_end(&sp)) {
		snprintf(why, n, "sprint over · %d check-ins", l->checkins);
		goto out;
	}
	if (l->checkins) {
		days = (int)((now - l->last_checkin) / 86400);
		late = now - l->last_checkin > CHECKIN_DAYS * 86400 &&
		       today - sp.start >= CHECKIN_DAYS;
		snprintf(why, n, days ? "last check-in %d days ago" :
			 "checked in today", days);
	} else {
		late = today - sp.start >= CHECKIN_DAYS;
		snprintf(why, n, "no check-in yet");
	}
out:
	buf_release(&d);
	return late;
}

/* Is the participant at risk (issue 12): no check-in for RISK_DAYS
 * (none since joining that long ago), or milestones overdue?  *why says
 * so in words. */
#define RISK_DAYS 14
static bool at_risk(const struct line *l, int64_t now, char *why, size_t n)
{
	int today = (int)(now / 86400), overdue = 0, quiet;
	int64_t since = l->last_checkin ? l->last_checkin : l->m.joined;
	size_t i, k = 0;

	for (i = 0; i < l->nr_ms; i++)
		overdue += !l->ms[i].done && l->ms[i].day < today;
	quiet = now - since >= RISK_DAYS * 86400 ?
		(int)((now - since) / 86400) : 0;
	why[0] = '\0';
	if (quiet)
		k = (size_t)snprintf(why, n, l->last_checkin ? "no check-in for "
				     "%d days" : "no check-in since joining %d "
				     "days ago", quiet);
	if (overdue && k < n)
		snprintf(why + k, n - k, "%s%d milestone%s overdue",
			 k ? "; " : "", overdue, overdue == 1 ? "" : "s");
	return quiet || overdue;
}

static void nudge_cell(struct page *pg, const struct cohort *c,
		       const struct line *l, int64_t now)
{
	struct buf *b = &pg->rs->body;
	char at[40];

	if (l->nudged) {
		when_minute(at, sizeof(at), l->nudged);
		html(b, "<td>%s%s%s</td>", at, l->nudged_by[0] ? " by " : "",
		     l->nudged_by);
	} else {
		html_raw(b, "<td>never</td>");
	}
	if (l->nudged && now - l->nudged < STORE_NUDGE_GAP) {
		html_raw(b, "<td>Nudged today; one nudge a day</td></tr>");
		return;
	}
	html(b, "<td><form method=\"post\" action=\"/c/%lld/nudge/%lld\">",
	     (long long)c->id, (long long)l->m.user.id);
	page_csrf_field(pg);
	html(b, "<button type=\"submit\" aria-label=\"Nudge %s\">Nudge"
	     "</button></form></td></tr>", l->m.user.name);
}

/* The members at risk, each with when last nudged and a nudge button
 * (a plain POST form: no script needed). */
static void at_risk_section(struct page *pg, const struct cohort *c,
			    const struct dash *d, int64_t now)
{
	struct buf *b = &pg->rs->body;
	char why[120];
	size_t i, n = 0;

	html_raw(b, "<section id=\"at-risk\" aria-labelledby=\"at-risk-h\">"
		 "<h2 id=\"at-risk-h\">At risk</h2>");
	for (i = 0; i < d->n; i++) {
		const struct line *l = &d->v[i];

		if (!at_risk(l, now, why, sizeof(why)))
			continue;
		if (!n++)
			html_raw(b, "<p>Participants with no check-in for "
				 UI_STR(RISK_DAYS) " days or with milestones "
				 "past their date. A nudge sends them a mail "
				 "from you (at most one a day each).</p><div "
				 "class=\"scroll\"><table class=\"at-risk\">"
				 "<thead><tr><th scope=\"col\">Participant"
				 "</th><th scope=\"col\">Why</th><th scope="
				 "\"col\">Last nudged</th><th scope=\"col\">"
				 "Nudge</th></tr></thead><tbody>");
		html(b, "<tr><th scope=\"row\"><a href=\"/p/%lld/%d/checkins"
		     "\">%s</a></th><td>%s</td>", (long long)l->m.user.id,
		     c->number, l->m.user.name, why);
		nudge_cell(pg, c, l, now);
	}
	html_raw(b, n ? "</tbody></table></div></section>" :
		 "<p>Nobody is at risk: everyone checked in within "
		 UI_STR(RISK_DAYS) " days and no milestone is overdue.</p>"
		 "</section>");
}

static void dashboard_row(struct buf *b, const struct cohort *c,
			  const struct dash *d, const struct line *l,
			  int64_t now)
{
	const struct session *s = d->s;
	const struct member *m = &l->m;
	char why[80];
	size_t i;
	bool late = behind(l, now, why, sizeof(why));

	html(b, "<tr><th scope=\"row\">%s</th><td>%d of %d</td>",
	     m->user.name, l->readings_done, (int)s->nr_readings);
	for (i = 0; i < d->ne; i++) {
		int done = l->done[i] - l->optional_done[i];
		int total = d->required[i];

		/* The link's name starts with its visible "2/9" (WCAG
		 * 2.5.3); the rest is for screen readers, the tag for the
		 * eye.  Optional prompts answered are counted apart, so
		 * the total does not move. */
		html(b, "<td class=\"%s\"><a href=\"/p/%lld/%d/",
		     done && done >= total ? "full" : done ? "some" : "none",
		     (long long)m->user.id, c->number);
		html_url(b, s->exercises[i].id);
		html(b, "\">%d/%d<span class=\"sr-only\"> answered: %s, %s, "
		     "%s</span></a> ", done, total, m->user.name,
		     s->exercises[i].title,
		     l->shared[i] ? "shared" : "private");
		if (l->optional_done[i])
			html(b, "<span class=\"opt\">+%d optional</span> ",
			     l->optional_done[i]);
		html(b, "<span class=\"%s\" aria-hidden=\"true\">%s</span>",
		     l->shared[i] ? "tag shared" : "tag",
		     l->shared[i] ? "shared" : "private");
		if (l->open[i])
			html(b, " <span class=\"opt\">%d open thread%s</span>",
			     l->open[i], l->open[i] == 1 ? "" : "s");
		html_raw(b, "</td>");
	}
	/* (html() escapes every %s: the attribute is in the format.) */
	if (late)
		html(b, "<td class=\"late\">Behind: %s", why);
	else
		html(b, "<td>%s", why);
	if (l->nudged) {
		char at[40];

		when_minute(at, sizeof(at), l->nudged);
		html(b, "<br><span class=\"opt\">nudged %s%s%s</span>", at,
		     l->nudged_by[0] ? " by " : "", l->nudged_by);
	}
	html_raw(b, "</td></tr>");
}

static void ahead_free(void *d)
{
	dash_put(d);
}

void ui_dashboard_ahead(struct page *pg)
{
	int64_t id = authz_parse_id(pg->rq->param[0]);
	const struct session *s;

	/* An admin's check reads the cohort without a role (authz.c). */
	if (id <= 0 || !pg->logged_in || pg->user.is_admin ||
	    !(s = course_get(dash_stale_number(id, pg->user.id))))
		return;
	if ((pg->ahead = dash_ahead(pg->st, id, s, pg->user.id)))
		pg->ahead_free = ahead_free;
}

void ui_dashboard(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	/* The router checked the facilitator (ACCESS_FACILITATOR). */
	const struct cohort c = pg->authz.cohort_row;
	struct dash *d, *ahead = pg->ahead;
	const struct session *s;
	int64_t now = store_now(pg->st);
	char why[80], title[STORE_NAME_MAX + 32];
	size_t i, late = 0;

	if (!(s = course_get(c.number))) {
		page_fail(pg, 404, "This cohort's session is not loaded.");
		return;
	}
	pg->ahead = NULL;       /* dash_get() takes it */
	if (dash_get(pg->st, store_generation_asked(pg->st), &c, s, ahead,
		     &d) != STORE_OK) {
		page_fail(pg, 503, "The dashboard could not be read; try "
			  "again in a moment.");
		return;
	}

	snprintf(title, sizeof(title), "Dashboard: %s", c.name);
	page_begin(pg, title);
	html(b, "<p class=\"crumbs\"><a href=\"/c/%lld\">%s</a></p>"
	     "<h1>Dashboard</h1><p class=\"facil\"><a href=\"/c/%lld/"
	     "answers.csv\">Download every answer (CSV)</a> · <a href=\"/c/%lld"
	     "/review\">Final review</a></p>", (long long)c.id, c.name,
	     (long long)c.id, (long long)c.id);
	for (i = 0; i < d->n; i++) {
		if (!behind(&d->v[i], now, why, sizeof(why)))
			continue;
		html_raw(b, late++ ? ", " : "<p class=\"late\"><strong>"
			 "Behind on check-ins:</strong> ");
		html_txt(b, d->v[i].m.user.name);
	}
	html_raw(b, late ? ".</p>" : "<p>Nobody is behind on check-ins.</p>");
	if (d->n)
		at_risk_section(pg, &c, d, now);
	if (!d->n) {
		html(b, "<p>No participant has joined yet. <a href=\"/c/%lld"
		     "#invites\">Make an invite link</a>.</p>", (long long)c.id);
		goto done;
	}
	html(b, "<div class=\"scroll\"><table class=\"dashboard\"><caption>"
	     "Session %d: %d participant%s; each exercise shows prompts "
	     "answered of its total (optional prompts counted apart) and "
	     "whether the plan is shared, with its open comment threads"
	     "</caption><thead><tr><th scope=\"col\">Participant</th>"
	     "<th scope=\"col\">Readings</th>", c.number, (int)d->n,
	     d->n == 1 ? "" : "s");
	for (i = 0; i < d->ne; i++)
		html(b, "<th scope=\"col\">%s</th>", s->exercises[i].title);
	html_raw(b, "<th scope=\"col\">Check-ins</th></tr></thead><tbody>");
	for (i = 0; i < d->n; i++)
		dashboard_row(b, &c, d, &d->v[i], now);
	html_raw(b, "</tbody></table></div>");
	spread_html(b, &d->spread, agendas_current(), (int)d->n);
	spread_roles_html(b, &d->roles, (int)d->n);
done:
	page_end(pg);
	dash_put(d);
}

/* ---- answers.csv ---- */

/* The participants (in *r, to release) and each one's answers in its
 * workbook (r->n of them, each to release, then the array), the two
 * reads sent together (one round trip on PostgreSQL); NULL when they
 * could not be read. */
static struct workbook *roster_answers(struct store *st,
				       const struct cohort *c,
				       struct roster *r)
{
	struct cohort_workbooks cw;
	struct workbook *wb = NULL;
	int rc, end;

	store_together(st);
	rc = roster_ask(st, c->id, r);
	if (rc == STORE_OK)
		rc = workbook_ask_cohort(st, c->id, c->number, &cw);
	else
		memset(&cw, 0, sizeof(cw));
	end = store_together_end(st);
	if (rc == STORE_OK && end == STORE_OK && !cw.oom &&
	    roster_keep(r, true) &&
	    (wb = calloc(r->n ? r->n : 1, sizeof(*wb))))
		for (size_t i = 0; i < r->n; i++)
			workbook_take(&cw, r->v[i].user.id, &wb[i]);
	workbook_cohort_release(&cw);
	if (!wb)
		roster_release(r);
	return wb;
}

void ui_answers_csv(struct page *pg)
{
	/* The router checked the facilitator (ACCESS_FACILITATOR). */
	const struct cohort c = pg->authz.cohort_row;
	struct roster r;
	struct csv w;
	const struct session *s;
	struct buf *b = &pg->rs->body;
	struct workbook *wb;
	size_t i, j, k;

	if (!(s = course_get(c.number))) {
		page_fail(pg, 404, "This cohort's session is not loaded.");
		return;
	}
	if (!(wb = roster_answers(pg->st, &c, &r))) {
		page_fail(pg, 503, "The answers could not be read; try again "
			  "in a moment.");
		return;
	}
	csv_init(&w, b);
	csv_field(&w, "cohort");
	csv_field(&w, "member");
	csv_field(&w, "email");
	csv_field(&w, "exercise");
	csv_field(&w, "prompt id");
	csv_field(&w, "prompt");
	csv_field(&w, "answer");
	csv_end_row(&w);
	for (i = 0; i < r.n; i++) {
		const struct member *m = &r.v[i];

		for (j = 0; j < s->nr_exercises; j++) {
			const struct exercise *e = &s->exercises[j];

			for (k = 0; k < e->nr_prompts; k++) {
				const struct wb_answer *a =
					workbook_answer(&wb[i],
							e->prompts[k].id);

				csv_field(&w, c.name);
				csv_field(&w, m->user.name);
				csv_field(&w, m->user.email);
				csv_field(&w, e->title);
				csv_field(&w, e->prompts[k].id);
				csv_field(&w, prompt_label(&e->prompts[k]));
				kind_of(&e->prompts[k])->csv(&w,
					&e->prompts[k], a ? a->value : "",
					a ? a->len : 0);
				csv_end_row(&w);
			}
		}
		workbook_release(&wb[i]);
	}
	free(wb);
	roster_release(&r);
	if (b->err) {
		page_fail(pg, 503, "The answers are too large to export.");
		return;
	}
	pg->rs->content_type = "text/csv; charset=utf-8";
	response_header(pg->rs, "Content-Disposition",
			"attachment; filename=\"cohort-%lld-answers.csv\"",
			(long long)c.id);
}
