/*
 * calendar.c: a person's private calendar feed (docs/calendar.md),
 *
 *   GET /feed/TOKEN/alignplan.ics
 *
 * read by calendar apps without a login: the token is the key (the
 * router found it live, ACCESS_FEED; a revoked one is 410, an unknown
 * one 404).  It holds the milestones of the person's plans in every
 * session and their cheap tests that have a date and are still planned,
 * and the dates of their cohorts (sessions, check-ins due, the final
 * review), in their time zone (export/feed.c writes it).
 */
#include "web/pages/calendar.h"

#include "core/tz.h"
#include "export/feed.h"
#include "model/answer.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/courses.h"
#include "web/widgets/calendar-settings.h"
#include "web/widgets/cohort-dates.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The most cohort dates one feed holds (a person in many cohorts). */
#define FEED_CDATES_MAX 2000

/* What the feed is made of, loaded for one request. */
struct feed_load {
	struct workbook *wb;        /* one per session */
	struct plan_doc *plans;
	size_t nr_plans;
	struct feed_item *items;
	char (*uid)[48];
	char **text;                /* summaries and descriptions */
	size_t nr_items, nr_text;
	int number;                 /* the session being read */
	size_t cap;                 /* items, uids; twice as many texts */
	int oom;
};

static char *keep(struct feed_load *f, const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *s = malloc(n);

	if (!s) {
		f->oom = 1;
		return NULL;
	}
	snprintf(s, n, "%s%s", a, b);
	f->text[f->nr_text++] = s;
	return s;
}

/* A cheap test still planned, with a date, becomes an event. */
static int on_ctest(void *ctx, const struct ctest *t, const char *test,
		    const char *note)
{
	struct feed_load *f = ctx;
	struct feed_item *it;
	struct span d = { t->date, strlen(t->date) };
	int day;

	(void)note;
	if (t->status != CTEST_PLANNED || !answer_date(d, &day) ||
	    f->nr_items >= STORE_CTESTS_MAX * (f->nr_plans + 1))
		return 0;
	it = &f->items[f->nr_items];
	snprintf(f->uid[f->nr_items], sizeof(f->uid[0]),
		 "ctest-%lld@alignplan", (long long)t->id);
	it->uid = f->uid[f->nr_items];
	it->day = day;
	it->summary = keep(f, "Cheap test: ", t->idea);
	it->description = keep(f, "", test);
	if (!f->oom)
		f->nr_items++;
	return f->oom;
}

static void feed_release(struct feed_load *f)
{
	for (size_t i = 0; i < f->nr_plans; i++)
		workbook_release(&f->wb[i]);
	for (size_t i = 0; i < f->nr_text; i++)
		free(f->text[i]);
	free(f->wb);
	free(f->plans);
	free(f->items);
	free(f->uid);
	free(f->text);
}

/* A cohort's date: an event at its instant, with a UID of its own for
 * this person (a digest of the person and the date's id, so that no two
 * people's feeds share one and it stays while the date is edited). */
struct cdate_load {
	struct feed_load *f;
	int64_t user;
	size_t cap;
};

static int on_cdate(void *ctx, const struct cdate *d, const char *cohort)
{
	struct cdate_load *c = ctx;
	struct feed_load *f = c->f;
	struct feed_item *it;
	unsigned char h[16];
	char key[80], head[STORE_NAME_MAX + 64];
	size_t i;

	if (f->nr_items >= c->cap)
		return 0;
	it = &f->items[f->nr_items];
	snprintf(key, sizeof(key), "alignplan cohort date uid\n%lld\n%lld",
		 (long long)c->user, (long long)d->id);
	crypto_generichash(h, sizeof(h), (const unsigned char *)key,
			   strlen(key), NULL, 0);
	for (i = 0; i < sizeof(h); i++)
		snprintf(f->uid[f->nr_items] + 2 * i, 3, "%02x", h[i]);
	snprintf(f->uid[f->nr_items] + 32, sizeof(f->uid[0]) - 32,
		 "@alignplan");
	it->uid = f->uid[f->nr_items];
	it->at = d->starts;
	it->minutes = d->minutes;
	snprintf(head, sizeof(head), "%s%s", cdate_kind_name(d->kind),
		 d->title[0] ? ": " : "");
	it->summary = keep(f, head, d->title);
	it->description = keep(f, "Cohort: ", cohort);
	if (!f->oom)
		f->nr_items++;
	return f->oom;
}

/* Every session's answers and cheap tests of `user`. */
static int feed_read(struct page *pg, int64_t user, struct feed_load *f)
{
	size_t n, i, cap;
	const struct session *all = courses_all(&n);
	int r = STORE_OK;

	cap = STORE_CTESTS_MAX * (n + 1) + FEED_CDATES_MAX;
	f->wb = calloc(n ? n : 1, sizeof(*f->wb));
	f->plans = calloc(n ? n : 1, sizeof(*f->plans));
	f->items = calloc(cap, sizeof(*f->items));
	f->uid = calloc(cap, sizeof(*f->uid));
	f->text = calloc(2 * cap, sizeof(*f->text));
	f->cap = cap;
	if (!f->wb || !f->plans || !f->items || !f->uid || !f->text)
		return STORE_ERR;
	for (i = 0; r == STORE_OK && i < n; i++) {
		r = workbook_load(pg->st, user, all[i].number, WB_ANSWERS,
				  &f->wb[f->nr_plans]);
		if (r != STORE_OK)
			break;
		f->plans[f->nr_plans] = (struct plan_doc){
			.s = &all[i], .get = workbook_get,
			.ctx = &f->wb[f->nr_plans], .owner = user,
			.today = answer_today(),
		};
		f->nr_plans++;
		r = store_ctest_list(pg->st, user, all[i].number, on_ctest, f);
	}
	if (r == STORE_OK) {
		struct cdate_load c = { f, user, f->nr_items + FEED_CDATES_MAX };

		r = store_cdate_of_user(pg->st, user, on_cdate, &c);
	}
	return r == STORE_OK && f->oom ? STORE_ERR : r;
}

void ui_feed(struct page *pg)
{
	struct feed_load f = { 0 };
	struct feed_doc doc = { 0 };
	char zone[65];
	struct tz z;
	int r;

	if (pg->verdict == AUTHZ_GONE) {
		page_fail(pg, 410, "This calendar address was revoked. Its "
			  "owner can make a new one on their account page.");
		return;
	}
	calendar_zone(pg, pg->authz.feed.user, zone);
	if (tz_load(zone, &z) && tz_load("UTC", &z)) {
		page_fail(pg, 503, "The time zone could not be read.");
		return;
	}
	r = feed_read(pg, pg->authz.feed.user, &f);
	doc = (struct feed_doc){
		.z = &z, .name = "alignplan: milestones, cheap tests and "
			     "cohort dates",
		.plans = f.plans, .nr_plans = f.nr_plans, .items = f.items,
		.nr_items = f.nr_items, .stamp = (long long)store_now(pg->st),
	};
	if (r != STORE_OK || export_feed(&doc, &pg->rs->body)) {
		buf_reset(&pg->rs->body);
		page_fail(pg, 503, "The calendar could not be written just "
			  "now; try again in a moment.");
	} else {
		pg->rs->content_type = "text/calendar; charset=utf-8";
	}
	feed_release(&f);
	tz_release(&z);
}
