/*
 * feed.c: the private calendar feed (RFC 5545), in the person's time
 * zone.  Its events are wall-clock times with that zone's TZID, so a
 * milestone at 09:00 stays at 09:00 on both sides of a daylight-saving
 * change; the VTIMEZONE says when the offsets change, one observance per
 * transition from two years before the feed is made to five after
 * (core/tz.c reads them from the tz database), and starts with the one
 * in force at the window's start.  Every line goes through
 * core/ical.c's writer.
 */
#include "export/feed.h"

#include "core/buf.h"
#include "core/ical.h"
#include "core/tz.h"
#include "export/plan.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define YEAR (365LL * 86400)

/* A wall-clock time (seconds as if UTC) as DATE-TIME, no zone. */
static void local_time(char out[20], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    !strftime(out, 20, "%Y%m%dT%H%M%S", &tm))
		snprintf(out, 20, "19700101T000000");
}

/* A UTC offset as +HHMM (or +HHMMSS when it has seconds). */
static void offset(char out[12], int32_t off)
{
	int32_t a = off < 0 ? -off : off;

	if (a % 60)
		snprintf(out, 12, "%c%02d%02d%02d", off < 0 ? '-' : '+',
			 (int)(a / 3600), (int)(a / 60 % 60), (int)(a % 60));
	else
		snprintf(out, 12, "%c%02d%02d", off < 0 ? '-' : '+',
			 (int)(a / 3600), (int)(a / 60 % 60));
}

/* One observance: from `at` (UTC; its DTSTART is the wall clock before
 * it) what `before` was becomes `after`. */
static void observance(struct ical *w, int64_t at, const struct tz_type *before,
		       const struct tz_type *after)
{
	const char *kind = after->isdst ? "DAYLIGHT" : "STANDARD";
	char when[20], from[12], to[12];

	local_time(when, at + before->off);
	offset(from, before->off);
	offset(to, after->off);
	ical_prop(w, "BEGIN", kind);
	ical_prop(w, "DTSTART", when);
	ical_prop(w, "TZOFFSETFROM", from);
	ical_prop(w, "TZOFFSETTO", to);
	if (after->abbr[0])
		ical_text(w, "TZNAME", after->abbr, strlen(after->abbr));
	ical_prop(w, "END", kind);
}

static void on_transition(void *ctx, int64_t at, const struct tz_type *before,
			  const struct tz_type *after)
{
	observance(ctx, at, before, after);
}

/* The last transition at or before t, kept by the walk below. */
struct last {
	int64_t at;
	struct tz_type before, after;
	int found;
};

static void on_last(void *ctx, int64_t at, const struct tz_type *before,
		    const struct tz_type *after)
{
	struct last *l = ctx;

	*l = (struct last){ at, *before, *after, 1 };
}

static void vtimezone(struct ical *w, const struct tz *z, long long now)
{
	int64_t from = now - 2 * YEAR, to = now + 5 * YEAR;
	struct last l = { 0 };

	ical_prop(w, "BEGIN", "VTIMEZONE");
	ical_prop(w, "TZID", z->name);
	ical_prop(w, "X-LIC-LOCATION", z->name);
	tz_transitions(z, INT64_MIN, from, on_last, &l);
	if (l.found)
		observance(w, l.at, &l.before, &l.after);
	else
		observance(w, 0, &z->first, &z->first);
	tz_transitions(z, from + 1, to, on_transition, w);
	ical_prop(w, "END", "VTIMEZONE");
}

static void item(struct ical *w, const struct feed_item *it,
		 const char *stamp, const struct tz *z)
{
	struct buf d = BUF_INIT;
	char when[32], length[24];

	snprintf(length, sizeof(length), "%s", ICS_FEED_LENGTH);
	if (it->at) {
		/* An instant: its wall-clock time in the zone. */
		local_time(when, it->at + tz_at(z, it->at)->off);
		snprintf(length, sizeof(length), "PT%dM",
			 it->minutes > 0 ? it->minutes : 30);
	} else {
		answer_put_date(&d, it->day);
		if (d.len == 10)
			snprintf(when, sizeof(when), "%.4s%.2s%.2sT%02d0000",
				 d.data, d.data + 5, d.data + 8,
				 ICS_FEED_HOUR);
		else
			snprintf(when, sizeof(when), "19700101T000000");
	}
	buf_release(&d);
	ical_prop(w, "BEGIN", "VEVENT");
	ical_prop(w, "UID", it->uid);
	ical_prop(w, "DTSTAMP", stamp);
	buf_reset(&w->line);
	buf_addf(&w->line, "DTSTART;TZID=%s:%s", z->name, when);
	ical_fold(w->out, w->line.data, w->line.len);
	ical_prop(w, "DURATION", length);
	ical_text(w, "SUMMARY", it->summary, strlen(it->summary));
	if (it->description)
		ical_text(w, "DESCRIPTION", it->description,
			  strlen(it->description));
	/* A session takes the time; a reminder of a date does not. */
	ical_prop(w, "TRANSP", it->at && it->minutes > 30 ? "OPAQUE" :
		  "TRANSPARENT");
	ical_prop(w, "END", "VEVENT");
}

int export_feed(const struct feed_doc *f, struct buf *out)
{
	struct ical w;
	char stamp[20];
	size_t i;

	if (ics_stamp(f->stamp, stamp))
		return -1;
	ical_init(&w, out);
	ical_prop(&w, "BEGIN", "VCALENDAR");
	ical_prop(&w, "VERSION", "2.0");
	ical_prop(&w, "PRODID", "-//alignplan//calendar feed//EN");
	ical_prop(&w, "CALSCALE", "GREGORIAN");
	ical_prop(&w, "METHOD", "PUBLISH");
	ical_text(&w, "X-WR-CALNAME", f->name, strlen(f->name));
	ical_prop(&w, "X-WR-TIMEZONE", f->z->name);
	vtimezone(&w, f->z, f->stamp);
	for (i = 0; i < f->nr_plans; i++)
		ics_plan_events(&w, &f->plans[i], stamp, f->z->name);
	for (i = 0; i < f->nr_items; i++)
		item(&w, &f->items[i], stamp, f->z);
	ical_prop(&w, "END", "VCALENDAR");
	ical_release(&w);
	return out->err ? -1 : 0;
}
