/*
 * ctests.c: a person's cheap tests, tallied by idea, and the note that
 * says which ideas survived them: still standing (supported, never
 * refuted), mixed, not tested yet or unclear, and did not survive
 * (refuted, never supported), best first, with the chart
 * (export/svg-ctests.c) under it; then the ranking by confidence in fit
 * before and after the tests, which tests changed it, and its chart.
 * Linear in the tests but for the tally's search by idea and the sorts,
 * which the cap (STORE_CTESTS_MAX) keeps small.
 */
#include "web/widgets/ctests.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/answer.h"
#include "model/session.h"
#include "store/workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_key[] = {
	[CTEST_PLANNED] = "planned", [CTEST_SUPPORTED] = "supported",
	[CTEST_REFUTED] = "refuted", [CTEST_INCONCLUSIVE] = "inconclusive",
};

const char *ctest_status_key(int status)
{
	return status >= CTEST_PLANNED && status <= CTEST_INCONCLUSIVE ?
	       status_key[status] : "";
}

int ctest_status_of(const char *w)
{
	for (int k = CTEST_PLANNED; k <= CTEST_INCONCLUSIVE; k++)
		if (!strcmp(w, status_key[k]))
			return k;
	return 0;
}

const char *ctest_status_name(int status)
{
	switch (status) {
	case CTEST_PLANNED:
		return "Planned";
	case CTEST_SUPPORTED:
		return "Ran: supported";
	case CTEST_REFUTED:
		return "Ran: refuted";
	case CTEST_INCONCLUSIVE:
		return "Ran: inconclusive";
	}
	return "?";
}

static int on_ctest(void *ctx, const struct ctest *t, const char *test,
		    const char *note)
{
	struct ctests *c = ctx;
	struct ctest_row *r;

	if (c->n == STORE_CTESTS_MAX * 2)
		return 1;   /* more only in data from before the cap */
	r = &c->v[c->n];
	r->t = *t;
	r->test = strdup(test);
	r->note = strdup(note);
	r->uncertainty = strdup(t->uncertainty ? t->uncertainty : "");
	r->t.uncertainty = r->uncertainty;
	c->n++;
	if (!r->test || !r->note || !r->uncertainty)
		return c->oom = 1;
	return 0;
}

static int on_log(void *ctx, const struct ctest_log *l, const char *note)
{
	struct ctests *c = ctx;
	struct ctest_logrow *r;

	if (c->nr_log == c->alloc_log) {
		size_t na = c->alloc_log ? 2 * c->alloc_log : 32;

		if (na > STORE_CTESTS_MAX * 2 * STORE_CTEST_LOG_MAX)
			return 1;   /* more only from before the caps */
		r = realloc(c->log, na * sizeof(*r));
		if (!r)
			return c->oom = 1;
		c->log = r;
		c->alloc_log = na;
	}
	r = &c->log[c->nr_log];
	r->l = *l;
	if (!(r->note = strdup(note)))
		return c->oom = 1;
	c->nr_log++;
	return 0;
}

/* Each test's updates: both lists are in the order of the tests' ids. */
static void log_match(struct ctests *c)
{
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++) {
		struct ctest_row *r = &c->v[i];

		while (k < c->nr_log && c->log[k].l.test_id < r->t.id)
			k++;
		r->log = k;
		while (k < c->nr_log && c->log[k].l.test_id == r->t.id)
			k++;
		r->nr_log = k - r->log;
	}
}

/* The verdict's order: survived, mixed, untested, refuted. */
static int verdict(const struct ctest_tally *t)
{
	if (t->supported && !t->refuted)
		return 0;
	if (t->supported)
		return 1;
	if (!t->refuted)
		return 2;
	return 3;
}

static int by_verdict(const void *a, const void *b)
{
	const struct ctest_tally *x = a, *y = b;
	int vx = verdict(x), vy = verdict(y);

	if (vx != vy)
		return vx - vy;
	if (x->supported - x->refuted != y->supported - y->refuted)
		return (y->supported - y->refuted) -
		       (x->supported - x->refuted);
	return strcmp(x->idea, y->idea);
}

static int by_before(const void *a, const void *b)
{
	const struct ctest_tally *x = *(const struct ctest_tally *const *)a;
	const struct ctest_tally *y = *(const struct ctest_tally *const *)b;

	if (x->before != y->before)
		return y->before - x->before;
	return strcmp(x->idea, y->idea);
}

static int after_of(const struct ctest_tally *t)
{
	return t->after >= 0 ? t->after : t->before;
}

/* Ties after keep their order before: only a test changes a place. */
static int by_after(const void *a, const void *b)
{
	const struct ctest_tally *x = *(const struct ctest_tally *const *)a;
	const struct ctest_tally *y = *(const struct ctest_tally *const *)b;

	if (after_of(x) != after_of(y))
		return after_of(y) - after_of(x);
	return x->rank_before - y->rank_before;
}

/* The confidence chart's order: the most confident after first. */
static int by_conf(const void *a, const void *b)
{
	const struct ctest_tally *x = a, *y = b;

	if (after_of(x) != after_of(y))
		return after_of(y) - after_of(x);
	return strcmp(x->idea, y->idea);
}

/* The places of the ideas with a confidence before, before and after. */
static void rank(struct ctests *c)
{
	struct ctest_tally **v = calloc(c->nr_tally + 1, sizeof(*v));
	size_t n = 0, i;

	if (!v) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < c->nr_tally; i++)
		if (c->tally[i].before >= 0)
			v[n++] = &c->tally[i];
	qsort(v, n, sizeof(*v), by_before);
	for (i = 0; i < n; i++)
		v[i]->rank_before = (int)i + 1;
	qsort(v, n, sizeof(*v), by_after);
	for (i = 0; i < n; i++)
		v[i]->rank_after = (int)i + 1;
	free(v);
}

static void tally(struct ctests *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct ctest *t = &c->v[i].t;
		struct ctest_tally *y = NULL;

		for (size_t k = 0; k < c->nr_tally && !y; k++)
			if (!strcmp(c->tally[k].idea, t->idea))
				y = &c->tally[k];
		if (!y) {
			y = &c->tally[c->nr_tally++];
			*y = (struct ctest_tally){ .idea = t->idea,
						   .before = -1,
						   .after = -1 };
		}
		/* Before: the oldest test's that says; after: the newest's. */
		if (y->before < 0)
			y->before = t->conf_before;
		if (t->conf_after >= 0)
			y->after = t->conf_after;
		y->planned += t->status == CTEST_PLANNED;
		y->supported += t->status == CTEST_SUPPORTED;
		y->refuted += t->status == CTEST_REFUTED;
		y->inconclusive += t->status == CTEST_INCONCLUSIVE;
	}
	qsort(c->tally, c->nr_tally, sizeof(*c->tally), by_verdict);
	rank(c);
}

int ctests_load(struct store *st, int64_t user, int number,
		struct ctests *c)
{
	int r;

	memset(c, 0, sizeof(*c));
	c->v = calloc(STORE_CTESTS_MAX * 2, sizeof(*c->v));
	c->tally = calloc(STORE_CTESTS_MAX * 2, sizeof(*c->tally));
	if (!c->v || !c->tally)
		return STORE_ERR;
	r = store_ctest_list(st, user, number, on_ctest, c);
	if (r == STORE_OK)
		r = store_ctest_log_list(st, user, number, on_log, c);
	if (r == STORE_OK && !c->oom) {
		log_match(c);
		tally(c);
	}
	if (r == STORE_OK && c->oom)
		r = STORE_ERR;
	return r;
}

void ctests_release(struct ctests *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].test);
		free(c->v[i].note);
		free(c->v[i].uncertainty);
	}
	for (size_t i = 0; i < c->nr_log; i++)
		free(c->log[i].note);
	free(c->log);
	free(c->v);
	free(c->tally);
	memset(c, 0, sizeof(*c));
}

/* One sentence of the note: the ideas of verdict v, with their counts. */
static void sentence(struct buf *b, const struct ctests *c, int v,
		     const char *lead, const char *tail)
{
	bool any = false;

	for (size_t k = 0; k < c->nr_tally; k++) {
		const struct ctest_tally *t = &c->tally[k];

		if (verdict(t) != v)
			continue;
		if (any)
			html_raw(b, "; ");
		else
			html(b, "<li>%s ", lead);
		html(b, "<strong>%s</strong> (", t->idea);
		if (t->supported)
			html(b, "%d supported%s", t->supported,
			     t->refuted || t->inconclusive || t->planned ?
			     ", " : "");
		if (t->refuted)
			html(b, "%d refuted%s", t->refuted,
			     t->inconclusive || t->planned ? ", " : "");
		if (t->inconclusive)
			html(b, "%d inconclusive%s", t->inconclusive,
			     t->planned ? ", " : "");
		if (t->planned)
			html(b, "%d planned", t->planned);
		html_raw(b, ")");
		any = true;
	}
	if (any)
		html(b, ".%s</li>", tail);
}

/* The first line of the ranked answer against the tests' best idea. */
static void against_plan(struct buf *b, const struct ctests *c,
			 const char *ranked)
{
	struct span first;
	const struct ctest_tally *best = c->nr_tally ? &c->tally[0] : NULL;

	for (size_t k = 0; k < c->nr_tally; k++)
		if (c->tally[k].rank_before)
			return;     /* the confidence says it (conf_ranking) */
	if (!ranked || !answer_next(&ranked, &first) || !best ||
	    verdict(best) != 0)
		return;
	if (first.n == strlen(best->idea) &&
	    !memcmp(first.s, best->idea, first.n)) {
		html(b, "<p class=\"ranking-change\">Your tests so far agree "
		     "with your plan's first choice, <strong>%s</strong>.</p>",
		     best->idea);
		return;
	}
	html_raw(b, "<p class=\"ranking-change\">Your plan puts <strong>");
	html_txtn(b, first.s, first.n);
	html(b, "</strong> first, but your cheap tests favour <strong>%s"
	     "</strong> so far: is it time to change the order?</p>",
	     best->idea);
}

/* The ideas with a place, in the order of their places before or
 * after (rank_before or rank_after): "1. A (60 %), 2. B (50 %)". */
static void places(struct buf *b, const struct ctests *c, bool after)
{
	int n = 0;

	for (size_t k = 0; k < c->nr_tally; k++)
		n += c->tally[k].rank_before > 0;
	for (int p = 1; p <= n; p++)
		for (size_t k = 0; k < c->nr_tally; k++) {
			const struct ctest_tally *t = &c->tally[k];

			if ((after ? t->rank_after : t->rank_before) != p)
				continue;
			html(b, "%s%d. <strong>%s</strong> (%d&#160;%%)",
			     p > 1 ? ", " : "", p, t->idea,
			     after ? after_of(t) : t->before);
		}
}

/* The tests of ideas that changed places and moved their confidence. */
static int movers(struct buf *b, const struct ctests *c)
{
	int n = 0;

	for (size_t i = 0; i < c->n; i++) {
		const struct ctest *t = &c->v[i].t;
		const struct ctest_tally *y = NULL;

		for (size_t k = 0; k < c->nr_tally && !y; k++)
			if (!strcmp(c->tally[k].idea, t->idea))
				y = &c->tally[k];
		if (!y || y->rank_before == y->rank_after ||
		    t->conf_after < 0 || t->conf_after == t->conf_before)
			continue;
		html(b, "%s<strong>%s</strong> (%s", n++ ? "; " : "",
		     c->v[i].test[0] ? c->v[i].test : "a test", t->idea);
		if (t->conf_before >= 0)
			html(b, ": %d&#160;%% → %d&#160;%%)", t->conf_before,
			     t->conf_after);
		else
			html(b, ": %d&#160;%% after)", t->conf_after);
	}
	return n;
}

/* The ranking by confidence in fit: before, after, what changed it, and
 * the plan's first choice against the most confident after. */
static void conf_ranking(struct buf *b, const struct ctests *c,
			 const char *ranked)
{
	const struct ctest_tally *top = NULL;
	struct span first;
	bool changed = false;
	int n = 0;

	for (size_t k = 0; k < c->nr_tally; k++) {
		const struct ctest_tally *t = &c->tally[k];

		if (!t->rank_before)
			continue;
		n++;
		changed |= t->rank_before != t->rank_after;
		if (t->rank_after == 1)
			top = t;
	}
	if (!n)
		return;
	html_raw(b, "<div class=\"conf-ranking\" id=\"conf-ranking\"><p>"
		 "Your confidence in fit (0–100 %) ranks your ideas, before "
		 "the tests: ");
	places(b, c, false);
	html_raw(b, "; after them: ");
	places(b, c, true);
	html_raw(b, ".</p>");
	if (changed) {
		html_raw(b, "<p class=\"ranking-moved\">The tests that changed "
			 "the order: ");
		if (!movers(b, c))
			html_raw(b, "none says its confidence after");
		html_raw(b, ".</p>");
	} else if (n > 1) {
		html_raw(b, "<p class=\"ranking-moved\">Your tests have not "
			 "changed the order.</p>");
	}
	if (top && ranked && answer_next(&ranked, &first) &&
	    !(first.n == strlen(top->idea) &&
	      !memcmp(first.s, top->idea, first.n))) {
		html_raw(b, "<p class=\"ranking-change\">Your plan puts "
			 "<strong>");
		html_txtn(b, first.s, first.n);
		html(b, "</strong> first, but after your tests you are most "
		     "confident in <strong>%s</strong> (%d&#160;%%): is it "
		     "time to change the order?</p>", top->idea,
		     after_of(top));
	}
	html_raw(b, "</div>");
}

void ctests_summary(struct buf *b, const struct ctests *c,
		    const char *ranked)
{
	struct ctest_tally *by_after = NULL;
	size_t nr = 0;

	html_raw(b, "<div class=\"ranking-note\" id=\"ranking-note\">");
	if (!c->n) {
		html_raw(b, "<p>No cheap tests recorded yet. Record one, and "
			 "once it has run say how it went: this note then "
			 "says which of your ideas still stand.</p></div>");
		return;
	}
	html_raw(b, "<p>Which of your ideas survived their cheap tests:</p>"
		 "<ul>");
	sentence(b, c, 0, "Still standing:", "");
	sentence(b, c, 1, "Mixed results, worth another test:", "");
	sentence(b, c, 2, "Not tested yet, or no clear answer:", "");
	sentence(b, c, 3, "Did not survive:", " Drop it, or test it "
		 "another way if the test was not fair to it.");
	html_raw(b, "</ul>");
	against_plan(b, c, ranked);
	conf_ranking(b, c, ranked);
	html_raw(b, "<figure class=\"chart\"><figcaption>Your cheap tests "
		 "by idea</figcaption>");
	svg_ctests(b, c->tally, c->nr_tally);
	if (c->nr_tally > SVG_CTESTS_ROWS)
		html(b, "<p class=\"meta\">%d more ideas are not drawn.</p>",
		     (int)(c->nr_tally - SVG_CTESTS_ROWS));
	html_raw(b, "</figure>");
	/* The confidence chart, most confident after first. */
	if ((by_after = calloc(c->nr_tally + 1, sizeof(*by_after)))) {
		for (size_t k = 0; k < c->nr_tally; k++)
			if (c->tally[k].before >= 0 || c->tally[k].after >= 0)
				by_after[nr++] = c->tally[k];
		qsort(by_after, nr, sizeof(*by_after), by_conf);
	}
	if (nr) {
		html_raw(b, "<figure class=\"chart\"><figcaption>Confidence "
			 "in fit (0–100 %), before (hollow) and after "
			 "(filled) your tests</figcaption>");
		svg_ctests_conf(b, by_after, nr);
		html_raw(b, "</figure>");
	}
	free(by_after);
	html_raw(b, "</div>");
}

/* ---- the tests to show: the plan's, then the rest ---- */

static bool span_is(struct span s, const char *t)
{
	return s.n == strlen(t) && !memcmp(s.s, t, s.n);
}

/* The tracked test of (idea, test) not yet used, or NULL. */
static const struct ctest_row *tracked(const struct ctests *c, bool *used,
				       struct span idea, struct span test)
{
	for (size_t i = 0; i < c->n; i++)
		if (!used[i] && span_is(idea, c->v[i].t.idea) &&
		    span_is(test, c->v[i].test)) {
			used[i] = true;
			return &c->v[i];
		}
	return NULL;
}

static struct ctest_item *item_add(struct ctest_items *it, const char *idea,
				   size_t ni, const char *test, size_t nt)
{
	struct ctest_item *m = &it->v[it->n];

	memset(m, 0, sizeof(*m));
	m->idea = strndup(idea, ni);
	m->test = strndup(test, nt);
	if (!m->idea || !m->test) {
		free(m->idea);
		free(m->test);
		return NULL;
	}
	it->n++;
	return m;
}

/* The plan's rows: role, test (first text column after it), date. */
static int plan_items(const struct ctests *c, const struct prompt *p,
		      const char *cur, bool *used, struct ctest_items *it)
{
	int test_col = 1, date_col = -1;
	struct span line;

	for (size_t i = p->nr_columns; i-- > 1;) {
		if (p->columns[i].type == COL_TEXT)
			test_col = (int)i;
		if (p->columns[i].type == COL_DATE)
			date_col = (int)i;
	}
	while (cur && answer_next(&cur, &line) &&
	       it->n < STORE_CTESTS_MAX) {
		struct span r = answer_cell(line, 0);
		struct span t = answer_cell(line, (size_t)test_col);
		struct span dt = date_col >= 0 ?
			answer_cell(line, (size_t)date_col) :
			(struct span){ "", 0 };
		struct ctest_item *m;

		if (!r.n || r.n > STORE_IDEA_MAX)
			continue;
		if (!(m = item_add(it, r.s, r.n, t.s, t.n)))
			return STORE_ERR;
		m->plan = true;
		m->row = tracked(c, used, r, t);
		snprintf(m->fid, sizeof(m->fid), "p-%d", (int)it->n - 1);
		if (m->row)
			snprintf(m->date, sizeof(m->date), "%s",
				 m->row->t.date);
		else
			snprintf(m->date, sizeof(m->date), "%.*s",
				 dt.n == 10 ? 10 : 0, dt.s);
	}
	return STORE_OK;
}

int ctest_items_make(const struct ctests *c, const struct session *s,
		     struct workbook *wb, struct ctest_items *it)
{
	const struct prompt *p = session_named_prompt(s, "tests");
	bool *used = calloc(c->n + 1, sizeof(*used));
	int r = STORE_OK;

	memset(it, 0, sizeof(*it));
	it->v = calloc(c->n + STORE_CTESTS_MAX + 1, sizeof(*it->v));
	if (!used || !it->v) {
		free(used);
		return STORE_ERR;
	}
	if (p && p->kind == PROMPT_TABLE && p->nr_columns >= 2) {
		it->tests = p;
		r = plan_items(c, p, workbook_get(wb, p->id), used, it);
	}
	it->from_plan = it->n;
	for (size_t i = 0; r == STORE_OK && i < c->n; i++) {
		struct ctest_item *m;

		if (used[i])
			continue;
		m = item_add(it, c->v[i].t.idea, strlen(c->v[i].t.idea),
			     c->v[i].test, strlen(c->v[i].test));
		if (!m) {
			r = STORE_ERR;
			break;
		}
		m->row = &c->v[i];
		snprintf(m->fid, sizeof(m->fid), "t-%lld",
			 (long long)c->v[i].t.id);
		snprintf(m->date, sizeof(m->date), "%s", c->v[i].t.date);
	}
	free(used);
	return r;
}

void ctest_items_release(struct ctest_items *it)
{
	for (size_t i = 0; i < it->n; i++) {
		free(it->v[i].idea);
		free(it->v[i].test);
	}
	free(it->v);
	memset(it, 0, sizeof(*it));
}

/* ---- numbers in forms ---- */

const char *ctest_parse_hours(const char *s, const char *what, char *msg,
			      size_t size, int *tenths)
{
	double h;

	*tenths = -1;
	if (!*s)
		return NULL;
	if (!answer_hours((struct span){ s, strlen(s) }, &h) ||
	    h > STORE_CTEST_TENTHS_MAX / 10) {
		snprintf(msg, size, "%s: write a number of hours from 0 to "
			 "1,000 (like 2.5), or leave it empty.", what);
		return msg;
	}
	*tenths = (int)(h * 10 + 0.5);
	return NULL;
}

const char *ctest_parse_conf(const char *s, const char *what, char *msg,
			     size_t size, int *pct)
{
	size_t n;

	*pct = -1;
	s += strspn(s, " ");
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (!n)
		return NULL;        /* empty, or spaces: not said */
	if (s[n - 1] == '%')    /* "70 %" */
		for (n--; n && s[n - 1] == ' '; n--)
			;
	if (!n || n > 3 || strspn(s, "0123456789") < n || atoi(s) > 100) {
		snprintf(msg, size, "%s: write a whole number from 0 to 100 "
			 "(per cent), or leave it empty.", what);
		return msg;
	}
	*pct = atoi(s);
	return NULL;
}

void ctest_hours_text(char out[16], int tenths)
{
	if (tenths < 0)
		out[0] = '\0';
	else if (tenths % 10)
		snprintf(out, 16, "%d.%d", tenths / 10, tenths % 10);
	else
		snprintf(out, 16, "%d", tenths / 10);
}

void ctest_figures(struct buf *b, const struct ctest *t)
{
	char h[16], p[16];
	bool any = false;

	ctest_hours_text(h, t->hours_spent);
	ctest_hours_text(p, t->hours_planned);
	if (*h && *p)
		html(b, "%s of %s h spent", h, p);
	else if (*h)
		html(b, "%s h spent", h);
	else if (*p)
		html(b, "%s h planned", p);
	any = *h || *p;
	if (t->conf_before >= 0 || t->conf_after >= 0) {
		html(b, "%sconfidence in fit ", any ? "; " : "");
		if (t->conf_before >= 0)
			html(b, "%d&#160;%%", t->conf_before);
		else
			html_raw(b, "?");
		if (t->conf_after >= 0)
			html(b, " → %d&#160;%%", t->conf_after);
		else
			html_raw(b, " before");
	}
}
