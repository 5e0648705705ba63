/*
 * tests.c: the cheap-test tracker (issue 12, docs/calendar.md).
 *
 *   GET  /s/N/tests    the tests: those the career plan names (its
 *                      "tests" table: role, test, by when), those added
 *                      here, which ideas survived them and a chart
 *   POST /s/N/tests    one test: form=the form it came from, id (a
 *                      tracked one), idea, test, status (planned,
 *                      supported, refuted, inconclusive), date, note;
 *                      action=save or delete
 *
 * Only the owner reads or writes them (ACCESS_OWNER: the path names no
 * one).  A refused form comes back with what was typed and why (422),
 * the cap of STORE_CTESTS_MAX included.  Plain forms, no script needed.
 */
#include "web/pages/tests.h"

#include "core/html.h"
#include "model/answer.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/widgets/ctests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_key[] = {
	[CTEST_PLANNED] = "planned", [CTEST_SUPPORTED] = "supported",
	[CTEST_REFUTED] = "refuted", [CTEST_INCONCLUSIVE] = "inconclusive",
};

/* A form sent back: where it came from, what it held, why refused. */
struct draft {
	char form[24];
	struct ctest t;
	const char *test, *note, *msg;
};

/* The plan's cheap tests: the "tests" table, its role (first column),
 * test (first text column) and date (first date column). */
struct plan_tests {
	const struct prompt *p;
	const char *answer;
	int test_col, date_col;
};

static void plan_tests_of(const struct session *s, struct workbook *wb,
			  struct plan_tests *pt)
{
	const struct prompt *p = session_named_prompt(s, "tests");

	memset(pt, 0, sizeof(*pt));
	pt->test_col = 1;
	pt->date_col = -1;
	if (!p || p->kind != PROMPT_TABLE || p->nr_columns < 2)
		return;
	pt->p = p;
	pt->answer = workbook_get(wb, p->id);
	for (size_t i = p->nr_columns; i-- > 1;) {
		if (p->columns[i].type == COL_TEXT)
			pt->test_col = (int)i;
		if (p->columns[i].type == COL_DATE)
			pt->date_col = (int)i;
	}
}

static bool span_is(struct span s, const char *t)
{
	return s.n == strlen(t) && !memcmp(s.s, t, s.n);
}

/* The status, date and note fields of one form. */
static void result_fields(struct buf *b, const char *fid, int status,
			  const char *date, const char *note)
{
	html(b, "<label for=\"%s-st\">Result</label><select id=\"%s-st\" "
	     "name=\"status\">", fid, fid);
	for (int k = CTEST_PLANNED; k <= CTEST_INCONCLUSIVE; k++)
		html(b, "<option value=\"%s\"%s>%s</option>", status_key[k],
		     k == status ? " selected" : "", ctest_status_name(k));
	html(b, "</select><label for=\"%s-d\">Date (planned or run)</label>"
	     "<input type=\"date\" id=\"%s-d\" name=\"date\" value=\"%s\">"
	     "<label for=\"%s-n\">Note: what happened, what it changed"
	     "</label><textarea id=\"%s-n\" name=\"note\" rows=\"2\">%s"
	     "</textarea>", fid, fid, date, fid, fid, note);
}

/* The form of one test: a row of the plan (idea and test fixed, pos
 * its row) or one added here (t->id, editable). */
static void test_form(struct page *pg, const struct session *s,
		      const char *fid, const struct ctest_row *row,
		      const char *idea, const char *test, const char *date,
		      const struct draft *d)
{
	struct buf *b = &pg->rs->body;
	bool mine = d && !strcmp(d->form, fid);
	int status = mine ? d->t.status : row ? row->t.status : CTEST_PLANNED;

	html(b, "<form method=\"post\" action=\"/s/%d/tests\" "
	     "class=\"ctest\" id=\"%s\">", s->number, fid);
	page_csrf_field(pg);
	html(b, "<input type=\"hidden\" name=\"form\" value=\"%s\">", fid);
	if (row)
		html(b, "<input type=\"hidden\" name=\"id\" value=\"%lld\">",
		     (long long)row->t.id);
	if (mine)
		html(b, "<p class=\"error\" role=\"alert\">%s</p>", d->msg);
	if (!strncmp(fid, "p-", 2)) {
		html(b, "<p><strong>%s</strong>: %s</p><input type=\"hidden\" "
		     "name=\"idea\" value=\"%s\"><input type=\"hidden\" "
		     "name=\"test\" value=\"%s\">", idea, test, idea, test);
	} else {
		html(b, "<label for=\"%s-i\">Idea or role tested</label>"
		     "<input type=\"text\" id=\"%s-i\" name=\"idea\" list=\"roles\" "
		     "maxlength=\"%d\" required value=\"%s\"><label "
		     "for=\"%s-t\">The test</label><textarea id=\"%s-t\" "
		     "name=\"test\" rows=\"2\">%s</textarea>", fid, fid,
		     STORE_IDEA_MAX, mine ? d->t.idea : idea, fid, fid,
		     mine ? d->test : test);
	}
	result_fields(b, fid, status, mine ? d->t.date : date,
		      mine ? d->note : row ? row->note : "");
	html(b, "<p><button type=\"submit\" name=\"action\" value=\"save\">"
	     "%s</button>", row ? "Save result" : !strcmp(fid, "add") ?
	     "Add the test" : "Track this test");
	if (row && strncmp(fid, "p-", 2))
		html_raw(b, " <button type=\"submit\" name=\"action\" "
			 "value=\"delete\">Delete</button>");
	html_raw(b, "</p></form>");
}

/* The tracked test of (idea, test), or NULL; marks it used. */
static const struct ctest_row *tracked(const struct ctests *c, bool *used,
				       struct span idea, struct span test)
{
	for (size_t i = 0; i < c->n; i++)
		if (span_is(idea, c->v[i].t.idea) &&
		    span_is(test, c->v[i].test)) {
			used[i] = true;
			return &c->v[i];
		}
	return NULL;
}

/* The tests the career plan names, each with its form. */
static void plan_rows(struct page *pg, const struct session *s,
		      const struct plan_tests *pt, const struct ctests *c,
		      bool *used, const struct draft *d)
{
	struct buf *b = &pg->rs->body, idea = BUF_INIT, test = BUF_INIT;
	const char *cur = pt->answer;
	struct span line;
	int k = 0;

	html(b, "<h2 id=\"from-plan\">From your career plan</h2>");
	if (!cur || !*cur)
		html(b, "<p>Your plan names no cheap tests yet: add them to "
		     "“%s” in the career plan, or below.</p>",
		     prompt_label(pt->p));
	while (cur && answer_next(&cur, &line) && k < STORE_CTESTS_MAX) {
		struct span r = answer_cell(line, 0);
		struct span t = answer_cell(line, (size_t)pt->test_col);
		struct span dt = pt->date_col >= 0 ?
			answer_cell(line, (size_t)pt->date_col) :
			(struct span){ "", 0 };
		const struct ctest_row *row;
		char fid[24], date[11];

		if (!r.n || r.n > STORE_IDEA_MAX)
			continue;
		row = tracked(c, used, r, t);
		buf_reset(&idea);
		buf_reset(&test);
		buf_add(&idea, r.s, r.n);
		buf_add(&test, t.s, t.n);
		snprintf(date, sizeof(date), "%.*s", dt.n == 10 ? 10 : 0,
			 dt.s);
		snprintf(fid, sizeof(fid), "p-%d", k++);
		test_form(pg, s, fid, row, idea.data, test.data,
			  row ? row->t.date : date, d);
	}
	buf_release(&idea);
	buf_release(&test);
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

/* The page, with a refused form (or NULL) back in its place. */
static void tests_page(struct page *pg, const struct session *s,
		       const struct draft *d)
{
	struct buf *b = &pg->rs->body;
	struct workbook wb;
	struct plan_tests pt;
	struct ctests c;
	const struct prompt *ranked;
	bool *used = NULL;
	char title[300], fid[24];

	if (!page_workbook(pg, s, WB_ANSWERS, &wb))
		return;
	if (ctests_load(pg->st, pg->user.id, s->number, &c) != STORE_OK ||
	    !(used = calloc(c.n + 1, sizeof(*used)))) {
		ctests_release(&c);
		workbook_release(&wb);
		page_fail(pg, 503, "Your cheap tests could not be read; try "
			  "again in a moment.");
		return;
	}
	plan_tests_of(s, &wb, &pt);
	ranked = session_named_prompt(s, "excited");
	snprintf(title, sizeof(title), "Cheap tests: session %d", s->number);
	page_begin(pg, title);
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a> · "
	     "<a href=\"/s/%d/plan\">Your plans</a></p><h1>Cheap tests</h1>"
	     "<p>Before betting years on a path, test your fit for it "
	     "cheaply: a short project, a conversation with someone in the "
	     "role, a course's first weeks. Record each test here, and once "
	     "it has run, how it went.</p>", s->number, s->number, s->title,
	     s->number);
	html_raw(b, "<section aria-labelledby=\"survived\"><h2 id=\"survived\">"
		 "Which ideas survived</h2>");
	ctests_summary(b, &c, ranked ? workbook_get(&wb, ranked->id) : NULL);
	html_raw(b, "</section>");
	roles_list(b, s, &wb);
	if (pt.p)
		plan_rows(pg, s, &pt, &c, used, d);
	html(b, "<h2 id=\"added\">Tests you added here</h2>");
	for (size_t i = 0; i < c.n; i++) {
		if (used[i])
			continue;
		snprintf(fid, sizeof(fid), "t-%lld", (long long)c.v[i].t.id);
		test_form(pg, s, fid, &c.v[i], c.v[i].t.idea, c.v[i].test,
			  c.v[i].t.date, d);
	}
	html(b, "<h2 id=\"add-test\">Add a cheap test</h2>");
	if (c.n >= STORE_CTESTS_MAX && !(d && !strcmp(d->form, "add")))
		html(b, "<p>You have %d cheap tests on this session, the most "
		     "kept: delete one to add another.</p>", (int)c.n);
	else
		test_form(pg, s, "add", NULL, "", "", "", d);
	page_end(pg);
	free(used);
	ctests_release(&c);
	workbook_release(&wb);
}

void ui_tests(struct page *pg)
{
	const struct session *s = page_session(pg);

	if (s)
		tests_page(pg, s, NULL);
}

/* The posted test into d (its texts in the bufs); NULL, or why not. */
static const char *posted(struct page *pg, struct draft *d, struct buf *f)
{
	struct buf *idea = &f[0], *status = &f[1], *date = &f[2], *id = &f[3];
	struct span ds;
	int day, k;

	page_field(pg, "form", 0, &f[4]);
	snprintf(d->form, sizeof(d->form), "%s", f[4].data);
	if (page_field(pg, "idea", 0, idea) < 0 || idea->err)
		return "Say which idea or role the test is of, in at most 200 "
		       "bytes.";
	page_field(pg, "status", 0, status);
	page_field(pg, "date", 0, date);
	if (page_field(pg, "test", 0, &f[5]) == -2 ||
	    page_field(pg, "note", 0, &f[6]) == -2)
		return "The test and the note hold at most 8 KB each.";
	page_field(pg, "id", 0, id);
	d->t.id = id->len ? strtoll(id->data, NULL, 10) : 0;
	d->t.user = pg->user.id;
	snprintf(d->t.idea, sizeof(d->t.idea), "%s", idea->data);
	snprintf(d->t.date, sizeof(d->t.date), "%s", date->len <= 10 ?
		 date->data : "");
	d->test = f[5].data;
	d->note = f[6].data;
	d->t.status = 0;
	for (k = CTEST_PLANNED; k <= CTEST_INCONCLUSIVE; k++)
		if (!strcmp(status->data, status_key[k]))
			d->t.status = k;
	if (!d->t.status)
		return "Pick how the test went: planned, supported, refuted "
		       "or inconclusive.";
	ds = (struct span){ date->data, date->len };
	if (date->len && (date->len != 10 || !answer_date(ds, &day)))
		return "Write the date as YYYY-MM-DD, or leave it empty.";
	if (!*d->t.idea || strchr(d->t.idea, '\n') || strchr(d->t.idea, '\r'))
		return "Say which idea or role the test is of, on one line.";
	return NULL;
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
	struct buf f[8];
	const char *msg;
	char url[64];
	int status = 422;

	if (!s || !page_post_ok(pg))
		return;
	buf_init(&f[0], STORE_IDEA_MAX);
	for (int i = 1; i < 8; i++)
		buf_init(&f[i], i >= 5 ? STORE_TEXT_MAX : 64);
	page_field(pg, "action", 0, &f[7]);
	msg = posted(pg, &d, f);
	if (!msg && !strcmp(f[7].data, "delete"))
		msg = save(pg, s, &d, "delete", &status);
	else if (!msg)
		msg = save(pg, s, &d, "save", &status);
	if (status == 503) {
		page_store_failed(pg, STORE_ERR);
	} else if (!msg) {
		snprintf(url, sizeof(url), "/s/%d/tests#survived", s->number);
		response_redirect(pg->rs, url);
	} else {
		if (!d.test)
			d.test = "";
		if (!d.note)
			d.note = "";
		pg->rs->status = status;
		d.msg = msg;
		tests_page(pg, s, &d);
	}
	for (int i = 0; i < 8; i++)
		buf_release(&f[i]);
}
