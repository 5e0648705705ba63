/*
 * tests.c: the cheap-test tracker (issue 12, docs/calendar.md).
 *
 *   GET  /s/N/tests    the tests: those the career plan names (its
 *                      "tests" table: role, test, by when), those added
 *                      here, which ideas survived them, how confidence
 *                      in fit ranks them before and after, and charts
 *   POST /s/N/tests    one test: form=the form it came from, id (a
 *                      tracked one), idea, uncertainty, test, status
 *                      (planned, supported, refuted, inconclusive),
 *                      date, hp and hs (hours planned and spent), cb and
 *                      ca (confidence in fit before and after, 0-100 %),
 *                      note (the result); action=save or delete
 *
 * Only the owner reads or writes them (ACCESS_OWNER: the path names no
 * one).  A refused form comes back with what was typed and why (422),
 * the cap of STORE_CTESTS_MAX included.  Plain forms, no script needed.
 * Each tracked test shows its updates, and which came from a check-in
 * (ctest-checkin.c).
 */
#include "web/pages/tests.h"

#include "core/html.h"
#include "model/answer.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/widgets/ctests.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A form sent back: where it came from, what it held, why refused. */
struct draft {
	char form[24];
	struct ctest t;
	const char *test, *note, *msg;
	const char *hp, *hs, *cb, *ca;  /* the numbers as typed */
	char why[200];
};

/* The posted form's fields, each with its cap. */
enum { F_IDEA, F_STATUS, F_DATE, F_ID, F_FORM, F_TEST, F_NOTE, F_ACTION,
       F_UNC, F_HP, F_HS, F_CB, F_CA, NR_F };

/* The numbers' fields: hours planned and spent, confidence before and
 * after; as typed (d) or as stored (t). */
static void number_fields(struct buf *b, const char *fid,
			  const struct ctest *t, const struct draft *d)
{
	char hp[16], hs[16], cb[16] = "", ca[16] = "";

	ctest_hours_text(hp, t ? t->hours_planned : -1);
	ctest_hours_text(hs, t ? t->hours_spent : -1);
	if (t && t->conf_before >= 0)
		snprintf(cb, sizeof(cb), "%d", t->conf_before);
	if (t && t->conf_after >= 0)
		snprintf(ca, sizeof(ca), "%d", t->conf_after);
	html(b, "<div class=\"ct-numbers\"><p><label for=\"%s-hp\">Hours "
	     "planned</label><input type=\"text\" inputmode=\"decimal\" "
	     "id=\"%s-hp\" name=\"hp\" size=\"6\" maxlength=\"12\" "
	     "value=\"%s\"></p><p><label for=\"%s-hs\">Hours spent</label>"
	     "<input type=\"text\" inputmode=\"decimal\" id=\"%s-hs\" "
	     "name=\"hs\" size=\"6\" maxlength=\"12\" value=\"%s\"></p>",
	     fid, fid, d ? d->hp : hp, fid, fid, d ? d->hs : hs);
	html(b, "<p><label for=\"%s-cb\">Confidence in fit before (0–100 "
	     "%%)</label><input type=\"text\" inputmode=\"numeric\" "
	     "id=\"%s-cb\" name=\"cb\" size=\"4\" maxlength=\"5\" "
	     "value=\"%s\"></p><p><label for=\"%s-ca\">Confidence in fit "
	     "after (0–100 %%)</label><input type=\"text\" "
	     "inputmode=\"numeric\" id=\"%s-ca\" name=\"ca\" size=\"4\" "
	     "maxlength=\"5\" value=\"%s\"></p></div>", fid, fid,
	     d ? d->cb : cb, fid, fid, d ? d->ca : ca);
}

/* The status, date and result fields of one form. */
static void result_fields(struct buf *b, const char *fid, int status,
			  const char *date, const char *note)
{
	html(b, "<label for=\"%s-st\">Status and result</label><select "
	     "id=\"%s-st\" name=\"status\">", fid, fid);
	for (int k = CTEST_PLANNED; k <= CTEST_INCONCLUSIVE; k++)
		html(b, "<option value=\"%s\"%s>%s</option>",
		     ctest_status_key(k), k == status ? " selected" : "",
		     ctest_status_name(k));
	html(b, "</select><label for=\"%s-d\">Date (planned or run)</label>"
	     "<input type=\"date\" id=\"%s-d\" name=\"date\" value=\"%s\">"
	     "<label for=\"%s-n\">Result: what happened, what it changed"
	     "</label><textarea id=\"%s-n\" name=\"note\" rows=\"2\">%s"
	     "</textarea>", fid, fid, date, fid, fid, note);
}

/* The updates of a tracked test, newest first, with where each came
 * from. */
static void history(struct buf *b, const struct ctests *c,
		    const struct ctest_row *row)
{
	char at[16];

	if (!row->nr_log)
		return;
	when_day(at, sizeof(at), c->log[row->log + row->nr_log - 1].l.at);
	html(b, "<details class=\"ct-log\"><summary>Updates (%d), the latest "
	     "%s %s</summary><ol reversed>", (int)row->nr_log, at,
	     c->log[row->log + row->nr_log - 1].l.via == CTEST_VIA_CHECKIN ?
	     "from a check-in" : "on this page");
	for (size_t i = row->log + row->nr_log; i-- > row->log;) {
		const struct ctest_logrow *l = &c->log[i];
		struct ctest f = { .hours_planned = -1,
				   .hours_spent = l->l.hours_spent,
				   .conf_before = -1,
				   .conf_after = l->l.conf_after };

		when_day(at, sizeof(at), l->l.at);
		html(b, "<li><span class=\"date\">%s</span>, %s: %s", at,
		     l->l.via == CTEST_VIA_CHECKIN ? "check-in" : "tracker",
		     ctest_status_name(l->l.status));
		if (f.hours_spent >= 0 || f.conf_after >= 0)
			html_raw(b, "; ");
		if (f.hours_spent >= 0) {
			char h[16];

			ctest_hours_text(h, f.hours_spent);
			html(b, "%s h spent%s", h, f.conf_after >= 0 ? "; " :
			     "");
		}
		if (f.conf_after >= 0)
			html(b, "confidence after %d %%", f.conf_after);
		if (*l->note)
			html(b, ". “%s”", l->note);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol></details>");
}

/* The form of one test: a row of the plan (idea and test fixed) or one
 * added here (editable), tracked (row) or not yet. */
static void test_form(struct page *pg, const struct session *s,
		      const struct ctests *c, const struct ctest_item *m,
		      const struct draft *d)
{
	struct buf *b = &pg->rs->body;
	const struct ctest_row *row = m ? m->row : NULL;
	const char *fid = m ? m->fid : "add";
	bool mine = d && !strcmp(d->form, fid);
	const struct ctest *t = mine ? &d->t : row ? &row->t : NULL;

	html(b, "<form method=\"post\" action=\"/s/%d/tests\" "
	     "class=\"ctest\" id=\"%s\">", s->number, fid);
	page_csrf_field(pg);
	html(b, "<input type=\"hidden\" name=\"form\" value=\"%s\">", fid);
	if (row)
		html(b, "<input type=\"hidden\" name=\"id\" value=\"%lld\">",
		     (long long)row->t.id);
	if (mine)
		html(b, "<p class=\"error\" role=\"alert\">%s</p>", d->msg);
	if (m && m->plan) {
		html(b, "<p><strong>%s</strong>: %s</p><input type=\"hidden\" "
		     "name=\"idea\" value=\"%s\"><input type=\"hidden\" "
		     "name=\"test\" value=\"%s\">", m->idea, m->test, m->idea,
		     m->test);
	} else {
		html(b, "<label for=\"%s-i\">Idea or role tested</label>"
		     "<input type=\"text\" id=\"%s-i\" name=\"idea\" "
		     "list=\"roles\" maxlength=\"%d\" required value=\"%s\">"
		     "<label for=\"%s-t\">The test</label><textarea "
		     "id=\"%s-t\" name=\"test\" rows=\"2\">%s</textarea>", fid,
		     fid, STORE_IDEA_MAX, mine ? d->t.idea : m ? m->idea : "",
		     fid, fid, mine ? d->test : m ? m->test : "");
	}
	html(b, "<label for=\"%s-u\">The uncertainty it tests</label>"
	     "<textarea id=\"%s-u\" name=\"uncertainty\" rows=\"2\">%s"
	     "</textarea>", fid, fid, t && t->uncertainty ? t->uncertainty :
	     "");
	number_fields(b, fid, t, mine ? d : NULL);
	result_fields(b, fid, t ? t->status : CTEST_PLANNED,
		      mine ? d->t.date : m ? m->date : "",
		      mine ? d->note : row ? row->note : "");
	html(b, "<p><button type=\"submit\" name=\"action\" value=\"save\">"
	     "%s</button>", row ? "Save result" : !m ? "Add the test" :
	     "Track this test");
	if (row && !m->plan)
		html_raw(b, " <button type=\"submit\" name=\"action\" "
			 "value=\"delete\">Delete</button>");
	html_raw(b, "</p></form>");
	if (row)
		history(b, c, row);
}

/* The roles of the career plan, suggested for a test's idea. */
static void roles_list(struct buf *b, const struct session *s,
		       struct workbook *wb)
{
	const struct prompt *p = session_named_prompt(s, "roles");
	const char *cur = p ? workbook_get(wb, p->id) : NULL;
	struct span line;

	html_raw(b, "<datalist id=\"roles\">");
	while (cur && answer_next(&cur, &line)) {
		html_raw(b, "<option value=\"");
		html_txtn(b, line.s, line.n);
		html_raw(b, "\">");
	}
	html_raw(b, "</datalist>");
}

/* The tests: the plan's, then those added here. */
static void test_forms(struct page *pg, const struct session *s,
		       const struct ctests *c, const struct ctest_items *it,
		       const struct draft *d)
{
	struct buf *b = &pg->rs->body;

	if (it->tests) {
		html(b, "<h2 id=\"from-plan\">From your career plan</h2>");
		if (!it->from_plan)
			html(b, "<p>Your plan names no cheap tests yet: add "
			     "them to “%s” in the career plan, or below.</p>",
			     prompt_label(it->tests));
	}
	for (size_t i = 0; i < it->from_plan; i++)
		test_form(pg, s, c, &it->v[i], d);
	html(b, "<h2 id=\"added\">Tests you added here</h2>");
	for (size_t i = it->from_plan; i < it->n; i++)
		test_form(pg, s, c, &it->v[i], d);
}

/* The page, with a refused form (or NULL) back in its place. */
static void tests_page(struct page *pg, const struct session *s,
		       const struct draft *d)
{
	struct buf *b = &pg->rs->body;
	struct workbook wb;
	struct ctests c;
	struct ctest_items it = { 0 };
	const struct prompt *ranked;
	char title[300];

	if (!page_workbook(pg, s, WB_ANSWERS, &wb))
		return;
	if (ctests_load(pg->st, pg->user.id, s->number, &c) != STORE_OK ||
	    ctest_items_make(&c, s, &wb, &it) != STORE_OK) {
		ctest_items_release(&it);
		ctests_release(&c);
		workbook_release(&wb);
		page_fail(pg, 503, "Your cheap tests could not be read; try "
			  "again in a moment.");
		return;
	}
	ranked = session_named_prompt(s, "excited");
	snprintf(title, sizeof(title), "Cheap tests: session %d", s->number);
	page_begin(pg, title);
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a> · "
	     "<a href=\"/s/%d/plan\">Your plans</a> · <a href=\"/s/%d/"
	     "checkins\">Check-ins</a></p><h1>Cheap tests</h1>"
	     "<p>Before betting years on a path, test your fit for it "
	     "cheaply: a short project, a conversation with someone in the "
	     "role, a course's first weeks. Record each test here with the "
	     "uncertainty it tests and your confidence in your fit before "
	     "it (0–100 %%), and once it has run, how it went and your "
	     "confidence after. A check-in can update them too.</p>",
	     s->number, s->number, s->title, s->number, s->number);
	html_raw(b, "<section aria-labelledby=\"survived\"><h2 id=\"survived\">"
		 "Which ideas survived</h2>");
	ctests_summary(b, &c, ranked ? workbook_get(&wb, ranked->id) : NULL);
	html_raw(b, "</section>");
	roles_list(b, s, &wb);
	test_forms(pg, s, &c, &it, d);
	html(b, "<h2 id=\"add-test\">Add a cheap test</h2>");
	if (c.n >= STORE_CTESTS_MAX && !(d && !strcmp(d->form, "add")))
		html(b, "<p>You have %d cheap tests on this session, the most "
		     "kept: delete one to add another.</p>", (int)c.n);
	else
		test_form(pg, s, &c, NULL, d);
	page_end(pg);
	ctest_items_release(&it);
	ctests_release(&c);
	workbook_release(&wb);
}

void ui_tests(struct page *pg)
{
	const struct session *s = page_session(pg);

	if (s)
		tests_page(pg, s, NULL);
}

/* The posted numbers into d; NULL, or why not. */
static const char *posted_numbers(struct draft *d, struct buf *f)
{
	const char *why;

	d->hp = f[F_HP].data;
	d->hs = f[F_HS].data;
	d->cb = f[F_CB].data;
	d->ca = f[F_CA].data;
	if ((why = ctest_parse_hours(d->hp, "Hours planned", d->why,
				     sizeof(d->why), &d->t.hours_planned)) ||
	    (why = ctest_parse_hours(d->hs, "Hours spent", d->why,
				     sizeof(d->why), &d->t.hours_spent)) ||
	    (why = ctest_parse_conf(d->cb, "Confidence before", d->why,
				    sizeof(d->why), &d->t.conf_before)) ||
	    (why = ctest_parse_conf(d->ca, "Confidence after", d->why,
				    sizeof(d->why), &d->t.conf_after)))
		return why;
	return NULL;
}

/* The posted test into d (its texts in the bufs); NULL, or why not. */
static const char *posted(struct page *pg, struct draft *d, struct buf *f)
{
	struct buf *idea = &f[F_IDEA], *date = &f[F_DATE];
	struct span ds;
	int day;

	page_field(pg, "form", 0, &f[F_FORM]);
	snprintf(d->form, sizeof(d->form), "%s", f[F_FORM].data);
	for (int k = F_HP; k <= F_CA; k++)
		if (page_field(pg, (const char *[]){ "hp", "hs", "cb",
			       "ca" }[k - F_HP], 0, &f[k]) == -2)
			return "Hours and confidence are short numbers.";
	if (page_field(pg, "idea", 0, idea) < 0 || idea->err)
		return "Say which idea or role the test is of, in at most 200 "
		       "bytes.";
	page_field(pg, "status", 0, &f[F_STATUS]);
	page_field(pg, "date", 0, date);
	if (page_field(pg, "test", 0, &f[F_TEST]) == -2 ||
	    page_field(pg, "note", 0, &f[F_NOTE]) == -2 ||
	    page_field(pg, "uncertainty", 0, &f[F_UNC]) == -2)
		return "The test, the uncertainty and the result hold at most "
		       "8 KB each.";
	page_field(pg, "id", 0, &f[F_ID]);
	d->t.id = f[F_ID].len ? strtoll(f[F_ID].data, NULL, 10) : 0;
	d->t.user = pg->user.id;
	d->t.via = CTEST_VIA_TRACKER;
	snprintf(d->t.idea, sizeof(d->t.idea), "%s", idea->data);
	snprintf(d->t.date, sizeof(d->t.date), "%s", date->len <= 10 ?
		 date->data : "");
	d->test = f[F_TEST].data;
	d->note = f[F_NOTE].data;
	d->t.uncertainty = f[F_UNC].data;
	d->t.status = ctest_status_of(f[F_STATUS].data);
	if (!d->t.status)
		return "Pick how the test went: planned, supported, refuted "
		       "or inconclusive.";
	ds = (struct span){ date->data, date->len };
	if (date->len && (date->len != 10 || !answer_date(ds, &day)))
		return "Write the date as YYYY-MM-DD, or leave it empty.";
	if (!*d->t.idea || strchr(d->t.idea, '\n') || strchr(d->t.idea, '\r'))
		return "Say which idea or role the test is of, on one line.";
	return posted_numbers(d, f);
}

/* Save or delete the posted test; the message when refused. */
static const char *save(struct page *pg, const struct session *s,
			struct draft *d, const char *action, int *status)
{
	int r;

	*status = 422;
	if (!strcmp(action, "delete")) {
		r = store_ctest_del(pg->st, d->t.id, pg->user.id);
	} else if (d->t.id) {
		r = store_ctest_set(pg->st, &d->t, d->test, d->note);
	} else {
		d->t.number = s->number;
		r = store_ctest_add(pg->st, &d->t, d->test, d->note);
	}
	if (r == STORE_FULL)
		return "You have 100 cheap tests on this session, the most "
		       "kept: delete one to add another. Your text is kept "
		       "here.";
	*status = 404;
	if (r == STORE_NOTFOUND)
		return "That test is not there any more: it may have been "
		       "deleted in another window.";
	*status = r == STORE_OK ? 303 : 503;
	return r == STORE_OK ? NULL : "";
}

void ui_tests_save(struct page *pg)
{
	const struct session *s = page_session(pg);
	struct draft d = { 0 };
	struct buf f[NR_F];
	const char *msg;
	char url[64];
	int status = 422;

	if (!s || !page_post_ok(pg))
		return;
	for (int i = 0; i < NR_F; i++)
		buf_init(&f[i], i == F_IDEA ? STORE_IDEA_MAX : i == F_TEST ||
			 i == F_NOTE || i == F_UNC ? STORE_TEXT_MAX : 64);
	page_field(pg, "action", 0, &f[F_ACTION]);
	msg = posted(pg, &d, f);
	if (!msg && !strcmp(f[F_ACTION].data, "delete"))
		msg = save(pg, s, &d, "delete", &status);
	else if (!msg)
		msg = save(pg, s, &d, "save", &status);
	if (status == 503) {
		page_store_failed(pg, STORE_ERR);
	} else if (!msg) {
		snprintf(url, sizeof(url), "/s/%d/tests#survived", s->number);
		response_redirect(pg->rs, url);
	} else {
		/* What was typed goes back; a field not read yet is "". */
		d.test = f[F_TEST].data;
		d.note = f[F_NOTE].data;
		d.t.uncertainty = f[F_UNC].data;
		d.hp = f[F_HP].data;
		d.hs = f[F_HS].data;
		d.cb = f[F_CB].data;
		d.ca = f[F_CA].data;
		if (!d.t.status)
			d.t.status = CTEST_PLANNED;
		pg->rs->status = status;
		d.msg = msg;
		tests_page(pg, s, &d);
	}
	for (int i = 0; i < NR_F; i++)
		buf_release(&f[i]);
}
