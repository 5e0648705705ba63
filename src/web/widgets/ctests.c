/*
 * ctests.c: a person's cheap tests, tallied by idea, and the note that
 * says which ideas survived them: still standing (supported, never
 * refuted), mixed, not tested yet or unclear, and did not survive
 * (refuted, never supported), best first, with the chart
 * (export/svg-ctests.c) under it.  Linear in the tests but for the
 * tally's search by idea, which the cap (STORE_CTESTS_MAX) keeps small.
 */
#include "web/widgets/ctests.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/answer.h"

#include <stdlib.h>
#include <string.h>

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
	c->n++;
	if (!r->test || !r->note)
		return c->oom = 1;
	return 0;
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
			*y = (struct ctest_tally){ .idea = t->idea };
		}
		y->planned += t->status == CTEST_PLANNED;
		y->supported += t->status == CTEST_SUPPORTED;
		y->refuted += t->status == CTEST_REFUTED;
		y->inconclusive += t->status == CTEST_INCONCLUSIVE;
	}
	qsort(c->tally, c->nr_tally, sizeof(*c->tally), by_verdict);
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
	if (r == STORE_OK && c->oom)
		r = STORE_ERR;
	if (r == STORE_OK)
		tally(c);
	return r;
}

void ctests_release(struct ctests *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].test);
		free(c->v[i].note);
	}
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

void ctests_summary(struct buf *b, const struct ctests *c,
		    const char *ranked)
{
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
	html_raw(b, "<figure class=\"chart\"><figcaption>Your cheap tests "
		 "by idea</figcaption>");
	svg_ctests(b, c->tally, c->nr_tally);
	if (c->nr_tally > SVG_CTESTS_ROWS)
		html(b, "<p class=\"meta\">%d more ideas are not drawn.</p>",
		     (int)(c->nr_tally - SVG_CTESTS_ROWS));
	html_raw(b, "</figure></div>");
}
