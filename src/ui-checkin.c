/*
 * ui-checkin.c: weekly check-ins on a plan's milestones, and
 * accountability partners (docs/cohorts.md).
 *
 *   GET  /s/N/checkins        the owner: milestones, a form to say where
 *                             each stands, the chart and the history
 *   POST /s/N/checkins        add check-ins: for each milestone i,
 *                             pid.i and ms.i name it (prompt id, first
 *                             cell), st.i is done|on-track|behind or
 *                             empty (no check-in now), note.i a note
 *   GET  /p/USER/N/checkins   the same, read-only, for partners and
 *                             facilitators: nothing else of the plan
 *   POST /c/ID/partner/USER   "I'll be your accountability partner"
 *                             (action=stop undoes it)
 *
 * Milestones come from declarations, not names: every table prompt with
 * budget= and a date column (docs/plans.md).  A row is named by its
 * first text column, due on its first date column.
 */
#include "ui-peer.h"

#include "answer.h"
#include "app.h"
#include "authz.h"
#include "html.h"
#include "session.h"
#include "svg-checkin.h"
#include "workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_MILESTONES 200  /* rows a check-in form carries */

struct milestone {
	const struct prompt *p;
	struct span name;           /* into the workbook's answer */
	int due;                    /* CHECKIN_NO_DATE when none */
	struct span hours;
};

/* A check-in copied out of the store's callback (without the 8 KB
 * struct). */
struct ck {
	char prompt_id[STORE_ID_MAX + 1];
	char *milestone, *note;
	int status;
	int64_t at;
};

struct board {
	const struct session *s;
	int64_t owner;
	struct workbook wb;
	struct milestone *ms;
	size_t nr_ms;
	struct ck *ck;
	size_t nr_ck, alloc_ck;
	int oom;
};

static const char *const status_word[] = {
	[CHECKIN_DONE] = "done", [CHECKIN_ON_TRACK] = "on-track",
	[CHECKIN_BEHIND] = "behind",
};
static const char *const status_text[] = {
	[0] = "no check-in yet", [CHECKIN_DONE] = "Done",
	[CHECKIN_ON_TRACK] = "On track", [CHECKIN_BEHIND] = "Behind",
};

static const char *answer_of(const struct board *bd, const char *id)
{
	const struct wb_answer *a = workbook_answer(&bd->wb, id);

	return a && a->value && *a->value ? a->value : NULL;
}

static bool is_milestones(const struct prompt *p)
{
	size_t i;

	if ((p->kind != PROMPT_TABLE && p->kind != PROMPT_ROUNDS) ||
	    !p->budget)
		return false;
	for (i = 0; i < p->nr_columns; i++)
		if (p->columns[i].type == COL_DATE)
			return true;
	return false;
}

static int column(const struct prompt *p, enum column_type t)
{
	size_t i;

	for (i = 0; i < p->nr_columns; i++)
		if (p->columns[i].type == t)
			return (int)i;
	return -1;
}

static int on_checkin(void *ctx, const struct checkin *c, const char *note)
{
	struct board *bd = ctx;
	struct ck *k;

	if (bd->nr_ck == bd->alloc_ck) {
		size_t na = bd->alloc_ck ? 2 * bd->alloc_ck : 16;
		struct ck *v = realloc(bd->ck, na * sizeof(*v));

		if (!v)
			return bd->oom = 1;
		bd->ck = v;
		bd->alloc_ck = na;
	}
	k = &bd->ck[bd->nr_ck];
	snprintf(k->prompt_id, sizeof(k->prompt_id), "%s", c->prompt_id);
	k->milestone = xstrdup(c->milestone);
	k->note = xstrdup(note);
	k->status = c->status;
	k->at = c->at;
	bd->nr_ck++;
	if (!k->milestone || !k->note)
		return bd->oom = 1;
	return 0;
}

static void board_release(struct board *bd)
{
	size_t i;

	for (i = 0; i < bd->nr_ck; i++) {
		free(bd->ck[i].milestone);
		free(bd->ck[i].note);
	}
	free(bd->ck);
	free(bd->ms);
	workbook_release(&bd->wb);
	memset(bd, 0, sizeof(*bd));
}

/* The owner's milestones and check-ins for session s. */
static int board_load(struct store *st, const struct session *s,
		      int64_t owner, struct board *bd)
{
	size_t e, i, alloc = 0;
	int r;

	memset(bd, 0, sizeof(*bd));
	bd->s = s;
	bd->owner = owner;
	r = workbook_load(st, owner, s->number, WB_ANSWERS, &bd->wb);
	if (r != STORE_OK)
		return r;
	r = store_checkin_list(st, owner, s->number, on_checkin, bd);
	if (r == STORE_OK && bd->oom)
		r = STORE_ERR;
	for (e = 0; r == STORE_OK && e < s->nr_exercises; e++)
		for (i = 0; i < s->exercises[e].nr_prompts; i++) {
			const struct prompt *p = &s->exercises[e].prompts[i];
			const char *v = workbook_get(&bd->wb, p->id);
			int name = column(p, COL_TEXT), date, hours;
			struct span row;

			if (!is_milestones(p))
				continue;
			date = column(p, COL_DATE);
			hours = column(p, COL_HOURS);
			while (answer_next(&v, &row)) {
				struct milestone *m;

				if (bd->nr_ms == MAX_MILESTONES)
					break;
				if (bd->nr_ms == alloc) {
					size_t na = alloc ? 2 * alloc : 8;

					m = realloc(bd->ms, na * sizeof(*m));
					if (!m)
						return STORE_ERR;
					bd->ms = m;
					alloc = na;
				}
				m = &bd->ms[bd->nr_ms++];
				m->p = p;
				m->name = answer_cell(row, name < 0 ? 0 :
						      (size_t)name);
				m->hours = hours < 0 ? (struct span){ "", 0 } :
					   answer_cell(row, (size_t)hours);
				if (!answer_date(answer_cell(row, (size_t)date),
						 &m->due))
					m->due = CHECKIN_NO_DATE;
			}
		}
	return r;
}

static bool span_is(struct span a, const char *s)
{
	return strlen(s) == a.n && !memcmp(a.s, s, a.n);
}

/* The milestone a check-in is on, or -1 (renamed or removed since). */
static long milestone_of(const struct board *bd, const char *prompt_id,
			 const char *name)
{
	size_t i;

	for (i = 0; i < bd->nr_ms; i++)
		if (!strcmp(bd->ms[i].p->id, prompt_id) &&
		    span_is(bd->ms[i].name, name))
			return (long)i;
	return -1;
}

/* The newest check-in on milestone i, or NULL. */
static const struct ck *latest(const struct board *bd, size_t i)
{
	const struct ck *k = NULL;
	size_t j;

	for (j = 0; j < bd->nr_ck; j++)
		if (!strcmp(bd->ck[j].prompt_id, bd->ms[i].p->id) &&
		    span_is(bd->ms[i].name, bd->ck[j].milestone))
			k = &bd->ck[j];
	return k;
}

static void day_text(char *out, size_t size, int day)
{
	struct buf t = BUF_INIT;

	answer_put_date(&t, day);
	snprintf(out, size, "%s", t.data);
	buf_release(&t);
}

static void when(char *out, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, size, "%Y-%m-%d", &tm))
		snprintf(out, size, "?");
}

static int day_of(int64_t t)
{
	return (int)(t / 86400 - (t % 86400 < 0));
}

/* The chart of one milestones prompt over its sprint. */
static void chart(struct buf *b, const struct board *bd,
		  const struct prompt *p, int today)
{
	const struct prompt *sp = session_named_prompt(bd->s, p->budget);
	struct checkin_series cs = { .today = today };
	struct checkin_dot *dots;
	int *due;
	size_t i, first = 0, n = 0, k = 0;
	long m;

	answer_sprint(sp ? answer_of(bd, sp->id) : NULL, today,
		      &cs.sp);
	for (i = 0; i < bd->nr_ms; i++)
		if (bd->ms[i].p == p) {
			if (!n)
				first = i;
			n++;
		}
	due = calloc(n ? n : 1, sizeof(*due));
	dots = calloc(bd->nr_ck ? bd->nr_ck : 1, sizeof(*dots));
	if (!due || !dots)
		goto out;
	for (i = 0; i < n; i++)
		due[i] = bd->ms[first + i].due;
	for (i = 0; i < bd->nr_ck; i++) {
		m = milestone_of(bd, bd->ck[i].prompt_id, bd->ck[i].milestone);
		if (m < 0 || bd->ms[m].p != p)
			continue;
		dots[k++] = (struct checkin_dot){
			.milestone = (size_t)m - first,
			.day = day_of(bd->ck[i].at),
			.status = bd->ck[i].status,
		};
	}
	cs.nr_milestones = n;
	cs.due = due;
	cs.v = dots;
	cs.n = k;
	html(b, "<figure class=\"chart\"><figcaption>Progress over the "
	     "sprint: %s</figcaption>", prompt_label(p));
	svg_checkin_progress(b, &cs);
	html_raw(b, "</figure>");
out:
	free(due);
	free(dots);
}

static void milestone_table(struct buf *b, const struct board *bd,
			    const struct prompt *p)
{
	char d[16], at[16];
	size_t i;

	/* As the plan's tables: scrolled in its own box, dates whole. */
	html(b, "<div class=\"scroll\" role=\"group\" tabindex=\"0\" "
	     "aria-label=\"%s\"><table class=\"answer\"><caption>%s"
	     "</caption><thead><tr>"
	     "<th scope=\"col\">Milestone</th><th scope=\"col\">By when</th>"
	     "<th scope=\"col\">Hours</th><th scope=\"col\">Latest check-in"
	     "</th></tr></thead><tbody>", prompt_label(p), prompt_label(p));
	for (i = 0; i < bd->nr_ms; i++) {
		const struct milestone *m = &bd->ms[i];
		const struct ck *k;

		if (m->p != p)
			continue;
		k = latest(bd, i);
		html_raw(b, "<tr><th scope=\"row\">");
		html_txtn(b, m->name.s, m->name.n);
		html_raw(b, "</th><td class=\"date\">");
		if (m->due != CHECKIN_NO_DATE) {
			day_text(d, sizeof(d), m->due);
			html(b, "%s", d);
		} else
			html_raw(b, "no date");
		html_raw(b, "</td><td>");
		html_txtn(b, m->hours.s, m->hours.n);
		html_raw(b, "</td><td>");
		if (k) {
			when(at, sizeof(at), k->at);
			html(b, "<span class=\"ck ck-%s\">%s</span> "
			     "<span class=\"date\">(%s)</span>",
			     status_word[k->status], status_text[k->status],
			     at);
		} else
			html_raw(b, "no check-in yet");
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

static void history(struct buf *b, const struct board *bd)
{
	char at[16];
	size_t i;

	html_raw(b, "<section aria-labelledby=\"ck-history\"><h2 "
		 "id=\"ck-history\">History</h2>");
	if (!bd->nr_ck) {
		html_raw(b, "<p>No check-ins yet.</p></section>");
		return;
	}
	html_raw(b, "<div class=\"scroll\" role=\"group\" tabindex=\"0\" "
		 "aria-labelledby=\"ck-history\"><table class=\"answer\">"
		 "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">"
		 "Milestone</th><th scope=\"col\">Status</th><th "
		 "scope=\"col\">Note</th></tr></thead><tbody>");
	for (i = bd->nr_ck; i-- > 0;) {
		const struct ck *k = &bd->ck[i];
		struct span line;
		const char *v = k->note;
		bool first = true;

		when(at, sizeof(at), k->at);
		html(b, "<tr><td class=\"date\">%s</td><td>%s%s</td><td>%s"
		     "</td><td>", at,
		     k->milestone, milestone_of(bd, k->prompt_id,
						k->milestone) < 0 ?
		     " (no longer in the plan)" : "",
		     status_text[k->status]);
		while (answer_next(&v, &line)) {
			if (!first)
				html_raw(b, "<br>");
			html_txtn(b, line.s, line.n);
			first = false;
		}
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div></section>");
}

/* A form draft refused with 422: what was sent, per milestone. */
struct draft {
	const char *msg;
	long bad;                   /* the milestone it is about */
	int *status;
	struct buf *note;
};

static void checkin_form(struct page *pg, const struct board *bd,
			 const struct draft *dr)
{
	struct buf *b = &pg->rs->body;
	static const int order[] = { 0, CHECKIN_DONE, CHECKIN_ON_TRACK,
				     CHECKIN_BEHIND };
	size_t i, k;

	html(b, "<form method=\"post\" action=\"/s/%d/checkins\" "
	     "class=\"checkin\"><h2>This week's check-in</h2><p>For each "
	     "milestone, say where it stands and add a note if you like. "
	     "Leave “No check-in now” for those you skip.</p>",
	     bd->s->number);
	page_csrf_field(pg);
	if (dr)
		html(b, "<p class=\"error\" role=\"alert\">%s Nothing was saved; "
		     "what you wrote is below.</p>", dr->msg);
	for (i = 0; i < bd->nr_ms; i++) {
		const struct milestone *m = &bd->ms[i];
		int cur = dr ? dr->status[i] : 0;

		html(b, "<fieldset class=\"prompt\"><legend>");
		html_txtn(b, m->name.s, m->name.n);
		html(b, "</legend><input type=\"hidden\" name=\"pid.%d\" "
		     "value=\"%s\"><input type=\"hidden\" name=\"ms.%d\" "
		     "value=\"", (int)i, m->p->id, (int)i);
		html_txtn(b, m->name.s, m->name.n);
		html_raw(b, "\">");
		for (k = 0; k < 4; k++)
			html(b, "<label class=\"check\"><input type=\"radio\" "
			     "name=\"st.%d\" value=\"%s\"%s> %s</label>",
			     (int)i, order[k] ? status_word[order[k]] : "",
			     cur == order[k] ? " checked" : "",
			     order[k] ? status_text[order[k]] :
			     "No check-in now");
		html(b, "<label for=\"note-%d\">Note (optional)</label>"
		     "<textarea id=\"note-%d\" name=\"note.%d\" rows=\"2\">%s"
		     "</textarea></fieldset>", (int)i, (int)i, (int)i,
		     dr ? dr->note[i].data : "");
	}
	html_raw(b, "<button type=\"submit\">Save check-in</button></form>");
}

/* The whole board: per milestones prompt a chart and a table; then the
 * form (owner only) and the history. */
static void board_page(struct page *pg, const struct board *bd,
		       const char *heading, bool owner,
		       const struct draft *dr)
{
	struct buf *b = &pg->rs->body;
	int today = answer_today();
	size_t e, i;
	bool any = false;

	page_begin(pg, heading);
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a></p>"
	     "<h1>%s</h1>", bd->s->number, bd->s->number, bd->s->title,
	     heading);
	for (e = 0; e < bd->s->nr_exercises; e++)
		for (i = 0; i < bd->s->exercises[e].nr_prompts; i++) {
			const struct prompt *p = &bd->s->exercises[e].prompts[i];

			if (!is_milestones(p))
				continue;
			html(b, "<section aria-labelledby=\"m-%s\"><h2 "
			     "id=\"m-%s\">%s</h2>", p->id, p->id,
			     prompt_label(p));
			if (answer_of(bd, p->id)) {
				chart(b, bd, p, today);
				milestone_table(b, bd, p);
				any = true;
			} else if (owner)
				html(b, "<p>No milestones yet: add them in "
				     "<a href=\"/s/%d/e/%u#p-%u\">%s</a>.</p>",
				     bd->s->number, bd->s->exercises[e].id,
				     p->id, bd->s->exercises[e].title);
			else
				html_raw(b, "<p>No milestones yet.</p>");
			html_raw(b, "</section>");
		}
	if (owner && any && bd->nr_ms)
		checkin_form(pg, bd, dr);
	history(b, bd);
	page_end(pg);
}

static const struct session *session_param(struct page *pg, const char *s)
{
	int n = page_number_param(s);
	const struct session *ses = n < 0 ? NULL : course_get(n);

	if (!ses)
		page_fail(pg, 404, "There is no such session.");
	return ses;
}

void ui_checkins(struct page *pg)
{
	const struct session *s;
	struct board bd;
	char heading[200];

	if (!pg->logged_in) {
		page_need_login(pg);
		return;
	}
	if (!(s = session_param(pg, pg->rq->param[0])))
		return;
	if (board_load(pg->st, s, pg->user.id, &bd) != STORE_OK) {
		page_fail(pg, 503, "Your check-ins could not be read; try "
			  "again in a moment.");
		goto out;
	}
	snprintf(heading, sizeof(heading), "Check-ins: session %d", s->number);
	board_page(pg, &bd, heading, true, NULL);
out:
	board_release(&bd);
}

void ui_peer_checkins(struct page *pg)
{
	int64_t owner = 0;
	const char *u = pg->rq->param[0];
	const struct session *s;
	struct user who;
	struct board bd = { 0 };
	char heading[300];

	if (!pg->logged_in) {
		page_need_login(pg);
		return;
	}
	bool may = false;

	owner = authz_parse_id(u);
	if (!(s = session_param(pg, pg->rq->param[1])))
		return;
	if (owner <= 0 || store_user_by_id(pg->st, owner, &who) != STORE_OK ||
	    authz_checkins(pg->st, peer_viewer(pg), owner, s->number,
			   &may) != STORE_OK || !may) {
		page_fail(pg, 404, "There are no check-ins here that you may "
			  "see.");
		return;
	}
	if (board_load(pg->st, s, owner, &bd) != STORE_OK) {
		page_fail(pg, 503, "These check-ins could not be read; try "
			  "again in a moment.");
		goto out;
	}
	snprintf(heading, sizeof(heading), "%s's milestones and check-ins",
		 who.name);
	board_page(pg, &bd, heading, false, NULL);
out:
	board_release(&bd);
}

static int status_of(const char *w)
{
	int k;

	for (k = CHECKIN_DONE; k <= CHECKIN_BEHIND; k++)
		if (!strcmp(w, status_word[k]))
			return k;
	return *w ? -1 : 0;
}

void ui_checkin_save(struct page *pg)
{
	const struct session *s;
	struct board bd = { 0 };
	struct draft dr = { 0 };
	struct buf pid, name, st, *notes = NULL;
	struct checkin *c = NULL;
	char key[32], to[64];
	size_t i, n = 0;
	int r, saved = 0;

	if (!pg->logged_in) {
		page_need_login(pg);
		return;
	}
	if (!(s = session_param(pg, pg->rq->param[0])) || !page_post_ok(pg))
		return;
	buf_init(&pid, STORE_ID_MAX);
	buf_init(&name, STORE_TEXT_MAX);
	buf_init(&st, 16);
	if (board_load(pg->st, s, pg->user.id, &bd) != STORE_OK ||
	    !(dr.status = calloc(bd.nr_ms + 1, sizeof(*dr.status))) ||
	    !(notes = calloc(bd.nr_ms + 1, sizeof(*notes))) ||
	    !(c = calloc(1, sizeof(*c)))) {
		page_fail(pg, 503, "Not saved: your plan could not be read. "
			  "Try again in a moment.");
		goto out;
	}
	for (i = 0; i < bd.nr_ms; i++)
		buf_init(&notes[i], HTTP_MAX_BODY);
	dr.note = notes;
	dr.bad = -1;
	/* Read and check every row before saving any. */
	for (i = 0;; i++) {
		snprintf(key, sizeof(key), "pid.%d", (int)i);
		if (page_field(pg, key, 0, &pid) < 0)
			break;
		if (i >= bd.nr_ms) {
			page_fail(pg, 409, "Your milestones changed since the "
				  "page loaded. Reload it and check in again.");
			goto out;
		}
		snprintf(key, sizeof(key), "ms.%d", (int)i);
		if (page_field(pg, key, 0, &name) < 0 ||
		    strcmp(bd.ms[i].p->id, pid.data) ||
		    !span_is(bd.ms[i].name, name.data)) {
			page_fail(pg, 409, "Your milestones changed since the "
				  "page loaded. Reload it and check in again.");
			goto out;
		}
		snprintf(key, sizeof(key), "st.%d", (int)i);
		buf_reset(&st);
		page_field(pg, key, 0, &st);
		snprintf(key, sizeof(key), "note.%d", (int)i);
		page_field(pg, key, 0, &notes[i]);
		if ((dr.status[i] = status_of(st.data)) < 0) {
			page_fail(pg, 400, "That status is not one we offer.");
			goto out;
		}
		n = i + 1;
		if (dr.bad >= 0)
			continue;
		if (notes[i].err || notes[i].len > STORE_TEXT_MAX) {
			dr.msg = "A note is longer than 8 KB.";
			dr.bad = (long)i;
		} else if (!dr.status[i] && notes[i].len) {
			dr.msg = "A note needs a status: say where its "
				 "milestone stands, or clear the note.";
			dr.bad = (long)i;
		}
	}
	if (dr.bad >= 0) {
		char heading[200];

		dr.status[bd.nr_ms] = 0;
		pg->rs->status = 422;
		snprintf(heading, sizeof(heading), "Check-ins: session %d",
			 s->number);
		board_page(pg, &bd, heading, true, &dr);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct buf note = BUF_INIT;

		if (!dr.status[i])
			continue;
		memset(c, 0, sizeof(*c));
		c->user = pg->user.id;
		c->number = s->number;
		snprintf(c->prompt_id, sizeof(c->prompt_id), "%s",
			 bd.ms[i].p->id);
		snprintf(c->milestone, sizeof(c->milestone), "%.*s",
			 (int)bd.ms[i].name.n, bd.ms[i].name.s);
		c->status = dr.status[i];
		if (answer_normalize(PROMPT_TEXT, notes[i].data, notes[i].len,
				     &note) || note.len > STORE_TEXT_MAX) {
			buf_release(&note);
			continue;
		}
		r = store_checkin_add(pg->st, c, note.data);
		buf_release(&note);
		if (r != STORE_OK) {
			page_store_failed(pg, r);
			goto out;
		}
		saved++;
	}
	snprintf(to, sizeof(to), "/s/%d/checkins%s", s->number,
		 saved ? "#ck-history" : "");
	response_redirect(pg->rs, to);
out:
	for (i = 0; notes && i < bd.nr_ms; i++)
		buf_release(&notes[i]);
	free(notes);
	free(dr.status);
	free(c);
	buf_release(&pid);
	buf_release(&name);
	buf_release(&st);
	board_release(&bd);
}

/* ---- accountability partners ---- */

void partner_form(struct page *pg, int64_t cohort, int64_t member,
		  const char *member_name, bool already)
{
	struct buf *b = &pg->rs->body;

	if (member == pg->user.id)
		return;
	html(b, "<form method=\"post\" action=\"/c/%l/partner/%l\" "
	     "class=\"inline\">", (long long)cohort, (long long)member);
	page_csrf_field(pg);
	if (already)
		html(b, "<button type=\"submit\" name=\"action\" value=\"stop\">"
		     "Stop being %s's accountability partner</button>",
		     member_name);
	else
		html(b, "<button type=\"submit\">I'll be %s's accountability "
		     "partner</button>", member_name);
	html_raw(b, "</form>");
}

void ui_partner(struct page *pg)
{
	const char *cs = pg->rq->param[0], *us = pg->rq->param[1];
	struct partner p = { 0 };
	struct buf action;
	char to[64];
	int r, mine = ROLE_NONE, theirs = ROLE_NONE;

	if (!pg->logged_in) {
		page_need_login(pg);
		return;
	}
	if (!page_post_ok(pg))
		return;
	p.cohort_id = authz_parse_id(cs);
	p.supported = authz_parse_id(us);
	p.supporter = pg->user.id;
	/* The visitor is a member (authz.h); the one backed must be a
	 * participant of the same cohort, and someone else. */
	if (p.cohort_id <= 0 || p.supported <= 0 ||
	    p.supported == p.supporter ||
	    authz_cohort(pg->st, peer_viewer(pg), p.cohort_id, &mine) !=
		    STORE_OK || mine == ROLE_NONE ||
	    store_member_role(pg->st, p.cohort_id, p.supported, &theirs) !=
		    STORE_OK || theirs != ROLE_PARTICIPANT) {
		page_fail(pg, 404, "There is no one in your cohort to back "
			  "here.");
		return;
	}
	buf_init(&action, 16);
	page_field(pg, "action", 0, &action);
	if (!strcmp(action.data, "stop"))
		r = store_partner_del(pg->st, p.cohort_id, p.supporter,
				      p.supported);
	else {
		r = store_partner_add(pg->st, &p);
		if (r == STORE_EXISTS)
			r = STORE_OK;
	}
	buf_release(&action);
	if (r == STORE_NOTFOUND) {
		/* An admin who is not a member may not back anyone. */
		page_fail(pg, 404, "There is no one in your cohort to back "
			  "here.");
		return;
	}
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	snprintf(to, sizeof(to), "/c/%lld", (long long)p.cohort_id);
	response_redirect(pg->rs, to);
}
