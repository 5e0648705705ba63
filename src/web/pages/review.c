/*
 * review.c: the final review of a cohort (/c/ID/review), run by a
 * facilitator on a shared screen.  Before it starts: the order of
 * presenters (move up or down, shuffle).  Then one presenter at a time:
 * a timer, their plans summed up on one page, the facilitator's private
 * notes, "Next presenter".  Plain forms, so it works without JS; app.js
 * turns the timer markup (the exercise page's) into a countdown.
 *
 * The stored order may be stale: participants who left are dropped and
 * those who joined since are added at the end, each time it is read.
 */
#include "web/pages/review.h"

#include "core/html.h"
#include "export/svg.h"
#include "model/answer.h"
#include "model/coach.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/courses.h"
#include "web/widgets/answer-view.h"
#include "web/widgets/roster.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REVIEW_MINUTES 5   /* each presenter's time */

/* The presenters in order: pointers into a roster of participants. */
struct lineup {
	const struct member **v;
	size_t n;
};

static int lineup_make(const struct roster *r, const char *order,
		       struct lineup *l)
{
	const char *p = order;
	size_t i, j;

	l->n = 0;
	l->v = calloc(r->n ? r->n : 1, sizeof(*l->v));
	if (!l->v)
		return -1;
	while (*p) {
		char *end;
		long long id = strtoll(p, &end, 10);
		const struct member *m;

		if (end == p)
			break;
		m = roster_find(r, id);
		for (j = 0; m && j < l->n; j++)
			if (l->v[j] == m)
				m = NULL;
		if (m)
			l->v[l->n++] = m;
		p = *end == ',' ? end + 1 : end;
	}
	for (i = 0; i < r->n; i++) {
		for (j = 0; j < l->n && l->v[j] != &r->v[i]; j++)
			;
		if (j == l->n)
			l->v[l->n++] = &r->v[i];
	}
	return 0;
}

/* Write the lineup back as the stored order; ids that do not fit are
 * left out (lineup_make adds them back at the end). */
static void lineup_store(const struct lineup *l, struct review *rv)
{
	size_t i, len = 0;
	char id[24];

	rv->order[0] = '\0';
	for (i = 0; i < l->n; i++) {
		int k = snprintf(id, sizeof(id), "%s%lld", i ? "," : "",
				 (long long)l->v[i]->user.id);

		if (len + (size_t)k + 1 > sizeof(rv->order))
			break;
		memcpy(rv->order + len, id, (size_t)k + 1);
		len += (size_t)k;
	}
}

static void lineup_shuffle(struct lineup *l)
{
	size_t i;

	for (i = l->n; i > 1; i--) {
		size_t j = randombytes_uniform((uint32_t)i);
		const struct member *t = l->v[i - 1];

		l->v[i - 1] = l->v[j];
		l->v[j] = t;
	}
}

static int lineup_pos(const struct lineup *l, int64_t user)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i]->user.id == user)
			return (int)i;
	return -1;
}

/* Everything a review page or action needs. */
struct rstate {
	struct cohort c;
	struct roster r;
	struct lineup l;
	struct review rv;
};

static bool rstate_load(struct page *pg, struct rstate *x)
{
	int rc;

	memset(x, 0, sizeof(*x));
	/* The router checked the facilitator (ACCESS_FACILITATOR). */
	x->c = pg->authz.cohort_row;
	if (roster_load(pg->st, x->c.id, true, &x->r) != STORE_OK)
		goto busy;
	rc = store_review_get(pg->st, x->c.id, &x->rv);
	if (rc == STORE_NOTFOUND) {
		memset(&x->rv, 0, sizeof(x->rv));
		x->rv.cohort_id = x->c.id;
		x->rv.current = -1;
	} else if (rc != STORE_OK) {
		roster_release(&x->r);
		goto busy;
	}
	if (lineup_make(&x->r, x->rv.order, &x->l)) {
		roster_release(&x->r);
		goto busy;
	}
	if (x->rv.current < -1)
		x->rv.current = -1;
	if (x->rv.current > (int)x->l.n)
		x->rv.current = (int)x->l.n;
	return true;
busy:
	page_fail(pg, 503, "The review could not be read; try again in a "
		  "moment.");
	return false;
}

static void rstate_release(struct rstate *x)
{
	free(x->l.v);
	roster_release(&x->r);
}

/* ---- the presenter's plans, read-only ---- */

/* One page of the presenter's plans: per exercise answered, how complete,
 * how many checks pass, and every answer; a link to the full plan. */
static void presenter_plans(struct page *pg, const struct session *s,
			    const struct member *m)
{
	struct buf *b = &pg->rs->body;
	struct workbook wb;
	size_t i, j;
	int today = (int)(store_now(pg->st) / 86400), shown = 0;

	if (workbook_load(pg->st, m->user.id, s->number, WB_ANSWERS, &wb) !=
	    STORE_OK) {
		html_raw(b, "<p class=\"error\">These plans could not be "
			 "read.</p>");
		return;
	}
	for (i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];
		struct progress pr;
		struct checks ck = { 0 };

		workbook_progress(&wb, s, e, &pr);
		if (!pr.prompts_done)
			continue;
		shown++;
		html(b, "<section class=\"plan\" aria-labelledby=\"r-%s\">"
		     "<h3 id=\"r-%s\">%s</h3><div class=\"plan-bar\">",
		     e->id, e->id, e->title);
		svg_completeness(b, "Prompts answered", pr.prompts_done,
				 pr.prompts);
		html_raw(b, "</div>");
		if (coach_run(s, e, workbook_get, &wb, today, &ck) == 0 &&
		    ck.n)
			html(b, "<p class=\"meta\">Checks: %d of %d pass.</p>",
			     ck.passed, (int)ck.n);
		checks_release(&ck);
		html_raw(b, "<dl>");
		for (j = 0; j < e->nr_prompts; j++) {
			const char *v = workbook_get(&wb, e->prompts[j].id);

			if (!v || !*v)
				continue;
			html(b, "<dt>%s</dt><dd>", prompt_label(&e->prompts[j]));
			/* Each kind as it reads best: a sprint as its
			 * dates, milestones as a table. */
			plan_answer_view(b, &e->prompts[j], v, today);
			html_raw(b, "</dd>");
		}
		html(b, "</dl><p><a href=\"/p/%lld/%d/", (long long)m->user.id,
		     s->number);
		html_url(b, e->id);
		html_raw(b, "\">The whole plan</a></p></section>");
	}
	if (!shown)
		html_raw(b, "<p>No answers yet.</p>");
	workbook_release(&wb);
}

/* ---- the page ---- */

static void action_form(struct page *pg, const struct rstate *x,
			const char *action, const char *label,
			int64_t user, const char *aria)
{
	struct buf *b = &pg->rs->body;

	html(b, "<form method=\"post\" action=\"/c/%lld/review\" "
	     "class=\"inline\">", (long long)x->c.id);
	page_csrf_field(pg);
	html(b, "<input type=\"hidden\" name=\"action\" value=\"%s\">",
	     action);
	if (user)
		html(b, "<input type=\"hidden\" name=\"user\" value=\"%lld\">",
		     (long long)user);
	if (aria)
		html(b, "<button type=\"submit\" aria-label=\"%s\">%s</button>"
		     "</form>", aria, label);
	else
		html(b, "<button type=\"submit\">%s</button></form>", label);
}

static void order_list(struct page *pg, const struct rstate *x, bool edit)
{
	struct buf *b = &pg->rs->body;
	char aria[STORE_NAME_MAX + 32];
	size_t i;

	html_raw(b, "<ol class=\"lineup\">");
	for (i = 0; i < x->l.n; i++) {
		const struct member *m = x->l.v[i];

		html_raw(b, (int)i == x->rv.current ?
			 "<li aria-current=\"step\">" : "<li>");
		html(b, "<span class=\"name\">%s</span>", m->user.name);
		if (edit) {
			snprintf(aria, sizeof(aria), "Move %s up",
				 m->user.name);
			if (i)
				action_form(pg, x, "up", "↑ Up", m->user.id,
					    aria);
			snprintf(aria, sizeof(aria), "Move %s down",
				 m->user.name);
			if (i + 1 < x->l.n)
				action_form(pg, x, "down", "↓ Down",
					    m->user.id, aria);
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
}

static void presenter_view(struct page *pg, const struct rstate *x,
			   const struct session *s)
{
	struct buf *b = &pg->rs->body;
	const struct member *m = x->l.v[x->rv.current];
	char *note = NULL;
	const char *next;
	char at[16];
	time_t t = (time_t)x->rv.started;
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(at, sizeof(at), "%H:%M", &tm))
		snprintf(at, sizeof(at), "?");
	html(b, "<section class=\"presenter\" aria-labelledby=\"now-h\">"
	     "<h2 id=\"now-h\">Now presenting: %s <span class=\"meta\">"
	     "(%d of %d)</span></h2>", m->user.name, x->rv.current + 1,
	     (int)x->l.n);
	html(b, "<p class=\"meta\">Started at %s UTC; %d minutes each.</p>"
	     "<div class=\"timer\" data-seconds=\"%d\" hidden>"
	     "<span class=\"clock\" role=\"timer\" aria-label=\"Time left\">"
	     "%d:00</span>"
	     "<button type=\"button\" data-timer=\"start\">Start %d-minute "
	     "timer</button>"
	     "<button type=\"button\" data-timer=\"pause\" disabled>Pause"
	     "</button><button type=\"button\" data-timer=\"reset\">Reset"
	     "</button><span class=\"announce\" role=\"alert\"></span></div>",
	     at, REVIEW_MINUTES, REVIEW_MINUTES * 60, REVIEW_MINUTES,
	     REVIEW_MINUTES);

	next = x->rv.current + 1 < (int)x->l.n ? "Next presenter" :
	       "Finish the review";
	html_raw(b, "<div class=\"buttons\">");
	action_form(pg, x, "next", next, 0, NULL);
	if (x->rv.current)
		action_form(pg, x, "prev", "Previous presenter", 0, NULL);
	action_form(pg, x, "stop", "Back to the order", 0, NULL);
	html_raw(b, "</div>");
	html(b, "<h3 class=\"plans-h\">%s’s plans</h3>", m->user.name);
	presenter_plans(pg, s, m);

	/* Folded, so a shared screen shows them only when opened. */
	if (store_note_get(pg->st, x->c.id, pg->user.id, m->user.id, &note) !=
	    STORE_OK)
		note = NULL;
	html(b, "<details class=\"private\"><summary>Your private notes on "
	     "%s</summary><form method=\"post\" action=\"/c/%lld/review\" "
	     "class=\"notes stack\">", m->user.name, (long long)x->c.id);
	page_csrf_field(pg);
	html(b, "<input type=\"hidden\" name=\"user\" value=\"%lld\">"
	     "<label for=\"note\">Notes on %s</label>"
	     "<textarea id=\"note\" name=\"note\" rows=\"4\" maxlength=\"%d\">"
	     "%s</textarea><p class=\"meta\">Only you see these notes.</p>"
	     "<div class=\"buttons\"><button type=\"submit\" name=\"action\" "
	     "value=\"note\">Save note</button>"
	     "<button type=\"submit\" name=\"action\" value=\"next\">Save "
	     "note, then %s</button></div></form></details></section>",
	     (long long)m->user.id, m->user.name, STORE_TEXT_MAX,
	     note ? note : "", x->rv.current + 1 < (int)x->l.n ?
	     "next presenter" : "finish");
	free(note);
}

static void finished_view(struct page *pg, const struct rstate *x)
{
	struct buf *b = &pg->rs->body;
	size_t i;

	html_raw(b, "<h2>Everyone has presented</h2><details "
		 "class=\"private\"><summary>Your private notes</summary>"
		 "<dl class=\"notes\">");
	for (i = 0; i < x->l.n; i++) {
		const struct member *m = x->l.v[i];
		char *note = NULL;

		if (store_note_get(pg->st, x->c.id, pg->user.id, m->user.id,
				   &note) != STORE_OK)
			note = NULL;
		html(b, "<dt>%s</dt><dd>%s</dd>", m->user.name,
		     note && *note ? note : "—");
		free(note);
	}
	html_raw(b, "</dl></details>");
	action_form(pg, x, "stop", "Back to the order", 0, NULL);
}

void ui_review(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	struct rstate x;
	const struct session *s;
	char title[STORE_NAME_MAX + 32];

	if (!rstate_load(pg, &x))
		return;
	if (!(s = course_get(x.c.number))) {
		rstate_release(&x);
		page_fail(pg, 404, "This cohort's session is not loaded.");
		return;
	}
	snprintf(title, sizeof(title), "Final review: %s", x.c.name);
	page_begin(pg, title);
	html(b, "<p class=\"crumbs\"><a href=\"/c/%lld\">%s</a> · <a href=\"/c/"
	     "%lld/dashboard\">Dashboard</a></p><h1>Final review</h1>",
	     (long long)x.c.id, x.c.name, (long long)x.c.id);
	if (!x.l.n) {
		html_raw(b, "<p>No participant has joined this cohort yet.</p>");
	} else if (x.rv.current < 0) {
		html(b, "<h2>Order of presenters</h2><p>Each presenter has %d "
		     "minutes. Put them in order, or shuffle, then start.</p>",
		     REVIEW_MINUTES);
		order_list(pg, &x, true);
		html_raw(b, "<div class=\"buttons\">");
		action_form(pg, &x, "shuffle", "Shuffle", 0, NULL);
		action_form(pg, &x, "start", "Start the review", 0, NULL);
		html_raw(b, "</div>");
	} else if (x.rv.current < (int)x.l.n) {
		presenter_view(pg, &x, s);
		html_raw(b, "<h2>Order</h2>");
		order_list(pg, &x, false);
	} else
		finished_view(pg, &x);
	page_end(pg);
	rstate_release(&x);
}

/* A note posted with any action: saved first; false after replying. */
static bool note_save(struct page *pg, const struct rstate *x, int64_t who,
		      int pos)
{
	struct buf note;
	bool ok = false;
	int r;

	buf_init(&note, STORE_TEXT_MAX);
	if (page_field(pg, "note", 0, &note) < 0 && !note.err) {
		ok = true;              /* none posted */
	} else if (note.err) {
		page_fail(pg, 413, "That note is too long: keep it under "
			  "8,000 characters.");
	} else if (pos < 0) {
		page_fail(pg, 404, "That person is not presenting in this "
			  "cohort.");
	} else if ((r = store_note_put(pg->st, x->c.id, pg->user.id, who,
				       note.data)) != STORE_OK) {
		page_store_failed(pg, r);
	} else
		ok = true;
	buf_release(&note);
	return ok;
}

/* Apply a review action to the lineup and the current presenter (pos:
 * the presenter the form names, -1 for none); false after replying. */
static bool review_act(struct page *pg, struct rstate *x, const char *action,
		       int pos)
{
	if (!strcmp(action, "note")) {
		;
	} else if (!strcmp(action, "shuffle")) {
		lineup_shuffle(&x->l);
	} else if (!strcmp(action, "up") || !strcmp(action, "down")) {
		int to_pos = pos + (action[0] == 'u' ? -1 : 1);

		if (pos < 0) {
			page_fail(pg, 404, "That person is not presenting in "
				  "this cohort.");
			return false;
		}
		if (to_pos >= 0 && to_pos < (int)x->l.n) {
			const struct member *t = x->l.v[pos];

			x->l.v[pos] = x->l.v[to_pos];
			x->l.v[to_pos] = t;
		}
	} else if (!strcmp(action, "start")) {
		x->rv.current = 0;
	} else if (!strcmp(action, "next")) {
		if (x->rv.current < (int)x->l.n)
			x->rv.current++;
	} else if (!strcmp(action, "prev")) {
		if (x->rv.current > 0)
			x->rv.current--;
	} else if (!strcmp(action, "stop")) {
		x->rv.current = -1;
	} else {
		page_fail(pg, 400, "Unknown review action.");
		return false;
	}
	return true;
}

void ui_review_post(struct page *pg)
{
	struct rstate x;
	struct buf action, user;
	int64_t who = 0;
	int pos, r = STORE_OK;
	char to[64];

	if (!rstate_load(pg, &x))
		return;
	if (!page_post_ok(pg)) {
		rstate_release(&x);
		return;
	}
	buf_init(&action, 16);
	buf_init(&user, 24);
	page_field(pg, "action", 0, &action);
	page_field(pg, "user", 0, &user);
	if (user.len)
		who = strtoll(user.data, NULL, 10);
	pos = who ? lineup_pos(&x.l, who) : -1;
	if (!note_save(pg, &x, who, pos) ||
	    !review_act(pg, &x, action.data, pos))
		goto out;
	if (strcmp(action.data, "note")) {
		lineup_store(&x.l, &x.rv);
		x.rv.started = store_now(pg->st);
		if ((r = store_review_put(pg->st, &x.rv)) != STORE_OK) {
			page_store_failed(pg, r);
			goto out;
		}
	}
	snprintf(to, sizeof(to), "/c/%lld/review", (long long)x.c.id);
	response_redirect(pg->rs, to);
out:
	buf_release(&action);
	buf_release(&user);
	rstate_release(&x);
}
