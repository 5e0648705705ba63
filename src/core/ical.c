/*
 * ical.c: content lines of iCalendar (RFC 5545, 3.1 and 3.3.11): TEXT
 * escaped, lines folded at 75 octets without splitting a UTF-8 sequence.
 */
#include "core/ical.h"

#include <string.h>

void ical_init(struct ical *w, struct buf *out)
{
	w->out = out;
	buf_init(&w->line, out->max);
}

void ical_release(struct ical *w)
{
	w->out->err |= w->line.err;
	buf_release(&w->line);
}

void ical_escape(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == ';' || c == ',') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c == '\n') {
			buf_adds(b, "\\n");
		} else if (c == '\t') {
			buf_addc(b, ' ');
		} else if (c >= 0x20 && c != 0x7f) {
			buf_addc(b, (char)c);
		}
	}
}

/* The length of the UTF-8 sequence starting at s[i] (its continuation
 * bytes, as many as there are), at least 1. */
static size_t seq_len(const char *s, size_t i, size_t n)
{
	size_t k = 1;

	if ((unsigned char)s[i] >= 0xc0)
		while (i + k < n && ((unsigned char)s[i + k] & 0xc0) == 0x80)
			k++;
	return k;
}

void ical_fold(struct buf *out, const char *line, size_t n)
{
	size_t i = 0, width = 0;

	while (i < n) {
		size_t k = seq_len(line, i, n);

		/* A continuation line starts with the space, which counts. */
		if (width + k > 75) {
			buf_adds(out, "\r\n ");
			width = 1;
		}
		buf_add(out, line + i, k);
		width += k;
		i += k;
	}
	buf_adds(out, "\r\n");
}

void ical_prop(struct ical *w, const char *name, const char *value)
{
	buf_reset(&w->line);
	buf_adds(&w->line, name);
	buf_addc(&w->line, ':');
	buf_adds(&w->line, value);
	ical_fold(w->out, w->line.data, w->line.len);
}

void ical_text(struct ical *w, const char *name, const char *s, size_t n)
{
	buf_reset(&w->line);
	buf_adds(&w->line, name);
	buf_addc(&w->line, ':');
	ical_escape(&w->line, s, n);
	ical_fold(w->out, w->line.data, w->line.len);
}
