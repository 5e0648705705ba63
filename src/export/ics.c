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
 */
#include "export/export.h"

#include "core/buf.h"
#include "export/plan.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

/* RFC 5545 TEXT: backslash, semicolon, comma and newline escaped; other
 * control characters dropped. */
static void ics_text(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == ';' || c == ',') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c == '\n') {
			buf_adds(b, "\\n");
		} else if (c >= 0x20 && c != 0x7f) {
			buf_addc(b, (char)c);
		} else if (c == '\t') {
			buf_addc(b, ' ');
		}
	}
}

/* Append one content line, folded at 75 octets without splitting a UTF-8
 * sequence, ended by CRLF. */
static void ics_line(struct buf *out, const struct buf *line)
{
	size_t i = 0, width = 0;

	for (; i < line->len; i++) {
		unsigned char c = (unsigned char)line->data[i];
		size_t seq = 1;

		if (c >= 0xc0)   /* a lead byte: keep its sequence whole */
			while (i + seq < line->len &&
			       ((unsigned char)line->data[i + seq] & 0xc0) == 0x80)
				seq++;
		if (width + seq > 75) {
			buf_adds(out, "\r\n ");
			width = 1;
		}
		buf_add(out, line->data + i, seq);
		width += seq;
		i += seq - 1;
	}
	buf_adds(out, "\r\n");
}

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

static void event(struct buf *out, struct buf *l, const struct plan_doc *d,
		  const struct prompt *p, size_t nth, struct span line,
		  int day, int date_col, int hours_col, const char *stamp)
{
	struct span first = answer_cell(line, 0);
	char tmp[24];

	buf_adds(out, "BEGIN:VEVENT\r\n");
	buf_reset(l);
	put_uid(l, d, p, first, nth);
	ics_line(out, l);
	buf_addf(out, "DTSTAMP:%s\r\nDTSTART;VALUE=DATE:", stamp);
	put_date(out, day);
	buf_adds(out, "\r\nDTEND;VALUE=DATE:");
	put_date(out, day + 1);
	buf_adds(out, "\r\n");
	buf_reset(l);
	buf_adds(l, "SUMMARY:");
	if (first.n && date_col != 0)
		ics_text(l, first.s, first.n);
	else
		ics_text(l, prompt_label(p), strlen(prompt_label(p)));
	ics_line(out, l);
	buf_reset(l);
	buf_adds(l, "DESCRIPTION:");
	if (hours_col >= 0) {
		struct span h = answer_cell(line, (size_t)hours_col);

		buf_adds(l, "Hours: ");
		ics_text(l, h.n ? h.s : "none given",
			 h.n ? h.n : strlen("none given"));
	}
	for (size_t c = 1; c < p->nr_columns; c++) {
		struct span v = answer_cell(line, c);
		const char *lab = col_label(p, c, tmp);

		if ((int)c == date_col || (int)c == hours_col || !v.n)
			continue;
		ics_text(l, "\n", 1);
		ics_text(l, lab, strlen(lab));
		ics_text(l, ": ", 2);
		ics_text(l, v.s, v.n);
	}
	ics_line(out, l);
	buf_adds(out, "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
}

int export_ics(const struct plan_doc *d, struct buf *out)
{
	struct buf l = BUF_INIT;
	char stamp[20];
	time_t t = (time_t)d->stamp;
	struct tm tm;
	int err;

	if (!gmtime_r(&t, &tm) ||
	    !strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm))
		return -1;
	buf_adds(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
		 "PRODID:-//alignplan//plan export//EN\r\n"
		 "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	buf_adds(&l, "X-WR-CALNAME:");
	if (d->s->title)
		ics_text(&l, d->s->title, strlen(d->s->title));
	ics_line(out, &l);
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
					event(out, &l, d, p,
					      same_name_before(all, line), line,
					      day, dc, hc, stamp);
		}
	}
	buf_adds(out, "END:VCALENDAR\r\n");
	err = l.err;
	buf_release(&l);
	return out->err || err ? -1 : 0;
}
