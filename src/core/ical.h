#ifndef CORE_ICAL_H
#define CORE_ICAL_H

#include "core/buf.h"

#include <stddef.h>

/*
 * The iCalendar writer (RFC 5545): every content line of alignplan's
 * calendars goes through it, so TEXT values are escaped and lines folded
 * the same way everywhere (ical.c).
 *
 *   struct ical w;
 *   ical_init(&w, out);
 *   ical_prop(&w, "DTSTART;TZID=Europe/Berlin", "20270328T090000");
 *   ical_text(&w, "SUMMARY", user_text, len);
 *   ical_release(&w);
 *
 * A line is folded before it would pass 75 octets, never inside a UTF-8
 * sequence, and ends in CRLF.  Errors are sticky in `out` (buf.h).
 */
struct ical {
	struct buf *out;
	struct buf line;            /* the line being built */
};

void ical_init(struct ical *w, struct buf *out);
void ical_release(struct ical *w);
/* NAME[;PARAMS]:VALUE with a value of our own (a date, a number, a
 * keyword), written as it is. */
void ical_prop(struct ical *w, const char *name, const char *value);
/* NAME:TEXT with n bytes of user text, escaped: backslash, semicolon and
 * comma backslashed, a newline as \n, a tab as a space, other control
 * characters dropped. */
void ical_text(struct ical *w, const char *name, const char *s, size_t n);
/* The escaping alone, appended to b: for a TEXT value made of parts. */
void ical_escape(struct buf *b, const char *s, size_t n);
/* Append the n bytes of one whole content line to out, folded at 75
 * octets (CRLF and a space) and ended by CRLF. */
void ical_fold(struct buf *out, const char *line, size_t n);

#endif
