/*
 * export-ics.c: the plan's milestones as an iCalendar file (RFC 5545).
 *
 * Milestones are the rows of table prompts declared with budget= whose
 * first date column holds a valid date: one all-day VEVENT each, its
 * SUMMARY the row's first cell, its DESCRIPTION the hours and the other
 * cells.  The UID is a digest of whose plan it is, the session, the
 * prompt and the milestone's name (its first cell; the second row of the
 * same name counts as another milestone): the same milestone keeps its
 * UID from one export to the next, whatever its date or place in the
 * table, and no two people's milestones share one, so a calendar that
 * holds several people's plans, or the same plan imported twice, keeps
 * every event.  A renamed milestone is a new one, as for check-ins.
 *
 * The private calendar feed (feed.c) writes the same events at a time of
 * day in the person's time zone instead of all day: ics_plan_events().
 * Every line goes through core/ical.c's writer.
 */
#include "export/export.h"

#include "core/buf.h"
#include "core/ical.h"
#include "export/plan.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

static void put_date(struct buf *b, int day)
{
	struct buf d = BUF_INIT;

	answer_put_date(&d, day);
	for (size_t i = 0; i < d.len; i++)
		if (d.data[i] != '-')
			buf_addc(b, d.data[i]);
	buf_release(&d);
}

/* Which row named like `line`'s first cell this is, counting from 0:
 * the rows of `value` before it with the same name.  Quadratic in the
 * rows of one table, which the 64 KB answer cap keeps to a few thousand
 * at the very most. */
static size_t same_name_before(const char *value, struct span line)
{
	struct span name = answer_cell(line, 0), other, row;
	size_t n = 0;

	while (answer_next(&value, &row) && row.s < line.s) {
		other = answer_cell(row, 0);
		n += other.n == name.n && !memcmp(other.s, name.s, name.n);
	}
	return n;
}

static void put_uid(struct buf *l, const struct plan_doc *d,
		    const struct prompt *p, struct span name, size_t nth)
{
	unsigned char h[16];
	struct buf key = BUF_INIT;

	buf_addf(&key, "alignplan ics uid\n%lld\n%d\n%s\n%zu\n", d->owner,
		 d->s->number, p->id, nth);
	buf_add(&key, name.s, name.n);
	crypto_generichash(h, sizeof(h), (const unsigned char *)key.data,
			   key.len, NULL, 0);
	buf_adds(l, "UID:");
	for (size_t i = 0; i < sizeof(h); i++)
		buf_addf(l, "%02x", h[i]);
	buf_adds(l, "@alignplan");
	l->err |= key.err;
	buf_release(&key);
}

/* When the event is: all day, or (tzid) FEED_HOUR in that zone. */
static void event_when(struct ical *w, int day, const char *tzid)
{
	struct buf *l = &w->line;

	buf_reset(l);
	if (!tzid) {
		buf_adds(l, "DTSTART;VALUE=DATE:");
		put_date(l, day);
		ical_fold(w->out, l->data, l->len);
		buf_reset(l);
		buf_adds(l, "DTEND;VALUE=DATE:");
		put_date(l, day + 1);
		ical_fold(w->out, l->data, l->len);
		return;
	}
	buf_addf(l, "DTSTART;TZID=%s:", tzid);
	put_date(l, day);
	buf_addf(l, "T%02d0000", ICS_FEED_HOUR);
	ical_fold(w->out, l->data, l->len);
	ical_prop(w, "DURATION", ICS_FEED_LENGTH);
}

static void event(struct ical *w, const struct plan_doc *d,
		  const struct prompt *p, size_t nth, struct span line,
		  int day, int date_col, int hours_col, const char *stamp,
		  const char *tzid)
{
	struct span first = answer_cell(line, 0);
	struct buf *l = &w->line;
	char tmp[24];

	ical_prop(w, "BEGIN", "VEVENT");
	buf_reset(l);
	put_uid(l, d, p, first, nth);
	ical_fold(w->out, l->data, l->len);
	ical_prop(w, "DTSTAMP", stamp);
	event_when(w, day, tzid);
	if (first.n && date_col != 0)
		ical_text(w, "SUMMARY", first.s, first.n);
	else
		ical_text(w, "SUMMARY", prompt_label(p),
			  strlen(prompt_label(p)));
	buf_reset(l);
	buf_adds(l, "DESCRIPTION:");
	if (hours_col >= 0) {
		struct span h = answer_cell(line, (size_t)hours_col);

		buf_adds(l, "Hours: ");
		ical_escape(l, h.n ? h.s : "none given",
			    h.n ? h.n : strlen("none given"));
	}
	for (size_t c = 1; c < p->nr_columns; c++) {
		struct span v = answer_cell(line, c);
		const char *lab = col_label(p, c, tmp);

		if ((int)c == date_col || (int)c == hours_col || !v.n)
			continue;
		ical_escape(l, "\n", 1);
		ical_escape(l, lab, strlen(lab));
		ical_escape(l, ": ", 2);
		ical_escape(l, v.s, v.n);
	}
	ical_fold(w->out, l->data, l->len);
	ical_prop(w, "TRANSP", "TRANSPARENT");
	ical_prop(w, "END", "VEVENT");
}

void ics_plan_events(struct ical *w, const struct plan_doc *d,
		     const char *stamp, const char *tzid)
{
	for (size_t i = 0; i < d->s->nr_exercises; i++) {
		const struct exercise *e = &d->s->exercises[i];

		if (!doc_has(d, e))
			continue;
		for (size_t j = 0; j < e->nr_prompts; j++) {
			const struct prompt *p = &e->prompts[j];
			const char *all = doc_answer(d, p), *cur = all;
			struct span line;
			int dc, hc, day;

			if (!milestone_cols(p, &dc, &hc))
				continue;
			while (answer_next(&cur, &line))
				if (answer_date(answer_cell(line, (size_t)dc),
						&day))
					event(w, d, p,
					      same_name_before(all, line), line,
					      day, dc, hc, stamp, tzid);
		}
	}
}

int ics_stamp(long long when, char out[20])
{
	time_t t = (time_t)when;
	struct tm tm;

	return gmtime_r(&t, &tm) &&
	       strftime(out, 20, "%Y%m%dT%H%M%SZ", &tm) ? 0 : -1;
}

int export_ics(const struct plan_doc *d, struct buf *out)
{
	struct ical w;
	char stamp[20];

	if (ics_stamp(d->stamp, stamp))
		return -1;
	ical_init(&w, out);
	ical_prop(&w, "BEGIN", "VCALENDAR");
	ical_prop(&w, "VERSION", "2.0");
	ical_prop(&w, "PRODID", "-//alignplan//plan export//EN");
	ical_prop(&w, "CALSCALE", "GREGORIAN");
	ical_prop(&w, "METHOD", "PUBLISH");
	ical_text(&w, "X-WR-CALNAME", d->s->title ? d->s->title : "",
		  d->s->title ? strlen(d->s->title) : 0);
	ics_plan_events(&w, d, stamp, NULL);
	ical_prop(&w, "END", "VCALENDAR");
	ical_release(&w);
	return out->err ? -1 : 0;
}
