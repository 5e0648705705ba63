/*
 * dates.c: a cohort's dates (docs/cohorts.md "Dates, reminders and
 * nudges"),
 *
 *   POST /c/ID/dates   action=add: kind, day (YYYY-MM-DD), time (HH:MM,
 *                      in the facilitator's zone), minutes, title;
 *                      action=delete: id
 *
 * for the cohort's facilitators (ACCESS_FACILITATOR).  A refused form
 * comes back as the cohort's dates section with what was typed, 422.
 */
#include "web/pages/dates.h"

#include "core/html.h"
#include "core/tz.h"
#include "model/answer.h"
#include "web/widgets/calendar-settings.h"
#include "web/widgets/cohort-dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fields {
	struct buf kind, day, time, minutes, title;
};

/* "HH:MM" (or HH:MM:SS, as some browsers send) into minutes of the day. */
static int clock_minutes(const char *s)
{
	if (strlen(s) < 5 || s[2] != ':' || strspn(s, "0123456789") != 2 ||
	    strspn(s + 3, "0123456789") != 2 || (s[5] && s[5] != ':'))
		return -1;
	int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] -
		'0';

	return h < 24 && m < 60 ? h * 60 + m : -1;
}

static void refuse(struct page *pg, const struct cohort *c, const char *why,
		   const struct fields *f)
{
	struct cdate_draft d = { f->kind.data, f->day.data, f->time.data,
				 f->minutes.data, f->title.data };

	pg->rs->status = 422;
	page_begin(pg, "Dates");
	html(&pg->rs->body, "<p class=\"crumbs\"><a href=\"/c/%lld\">%s</a>"
	     "</p><h1>The date was not added</h1>", (long long)c->id, c->name);
	cohort_dates_section(pg, c, true, why, &d);
	page_end(pg);
}

/* The form's date as an instant, by the facilitator's zone; NULL, or
 * what is wrong. */
static const char *read_date(struct page *pg, const struct fields *f,
			     struct cdate *d)
{
	struct span day = { f->day.data, f->day.len };
	char zone[65];
	struct tz z;
	int dn, mins, k;
	long len;

	for (k = CDATE_SESSION; k <= CDATE_REVIEW; k++)
		if (!strcmp(f->kind.data, cdate_kind_word(k)))
			d->kind = k;
	if (!d->kind)
		return "Choose what the date is: a session, a check-in or the "
		       "final review.";
	if (!answer_date(day, &dn))
		return "The day is not a date (YYYY-MM-DD).";
	if ((mins = clock_minutes(f->time.data)) < 0)
		return "The time is not a time of day (HH:MM).";
	len = f->minutes.len ? page_number_param(f->minutes.data) : 60;
	if (len < 1 || len > STORE_CDATE_MINUTES_MAX)
		return "A date lasts 1 to " UI_STR(STORE_CDATE_MINUTES_MAX)
		       " minutes.";
	if (f->title.len > STORE_CDATE_TITLE_MAX ||
	    strpbrk(f->title.data, "\r\n"))
		return "The title is one line of at most "
		       UI_STR(STORE_CDATE_TITLE_MAX) " bytes.";
	calendar_zone(pg, pg->user.id, zone);
	if (tz_load(zone, &z) && tz_load("UTC", &z))
		return "Your time zone could not be read; try again.";
	d->starts = tz_utc_of(&z, (int64_t)dn * 86400 + mins * 60);
	tz_release(&z);
	d->minutes = (int)len;
	snprintf(d->title, sizeof(d->title), "%s", f->title.data);
	return d->starts > 0 ? NULL : "The day is before 1970.";
}

static void add(struct page *pg, const struct cohort *c, struct fields *f)
{
	struct cdate d = { .cohort = c->id };
	const char *why;
	char to[64];
	int r;

	page_field(pg, "kind", 0, &f->kind);
	page_field(pg, "day", 0, &f->day);
	page_field(pg, "time", 0, &f->time);
	page_field(pg, "minutes", 0, &f->minutes);
	if (page_field(pg, "title", 0, &f->title) == -2) {
		refuse(pg, c, "The title is one line of at most "
		       UI_STR(STORE_CDATE_TITLE_MAX) " bytes.", f);
		return;
	}
	if ((why = read_date(pg, f, &d))) {
		refuse(pg, c, why, f);
		return;
	}
	r = store_cdate_add(pg->st, &d, pg->user.id);
	if (r == STORE_FULL) {
		refuse(pg, c, "This cohort has " UI_STR(STORE_CDATES_MAX)
		       " dates, the most it may have: delete one to add "
		       "another.", f);
		return;
	}
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	snprintf(to, sizeof(to), "/c/%lld#dates", (long long)c->id);
	page_saved(pg, to);
}

void ui_cohort_dates(struct page *pg)
{
	/* The router checked the facilitator (ACCESS_FACILITATOR). */
	const struct cohort *c = &pg->authz.cohort_row;
	struct fields f;
	struct buf action, id;
	char to[64];
	long n;
	int r;

	if (!page_post_ok(pg))
		return;
	buf_init(&action, 16);
	buf_init(&id, 24);
	buf_init(&f.kind, 16);
	buf_init(&f.day, 16);
	buf_init(&f.time, 16);
	buf_init(&f.minutes, 16);
	buf_init(&f.title, STORE_CDATE_TITLE_MAX + 1);
	page_field(pg, "action", 0, &action);
	if (!strcmp(action.data, "add")) {
		add(pg, c, &f);
	} else if (!strcmp(action.data, "delete")) {
		page_field(pg, "id", 0, &id);
		n = id.len ? page_number_param(id.data) : -1;
		r = n > 0 ? store_cdate_del(pg->st, c->id, n) : STORE_NOTFOUND;
		snprintf(to, sizeof(to), "/c/%lld#dates", (long long)c->id);
		if (r == STORE_NOTFOUND)
			page_fail(pg, 404, "There is no such date in this "
				  "cohort.");
		else if (r != STORE_OK)
			page_store_failed(pg, r);
		else
			page_saved(pg, to);
	} else {
		page_fail(pg, 400, "Add or delete a date (action=add or "
			  "action=delete).");
	}
	buf_release(&action);
	buf_release(&id);
	buf_release(&f.kind);
	buf_release(&f.day);
	buf_release(&f.time);
	buf_release(&f.minutes);
	buf_release(&f.title);
}
