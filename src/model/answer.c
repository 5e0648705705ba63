/*
 * answer.c: the one definition of what an answer looks like (answer
 * normal form, see answer.h and docs/plans.md) and the readers of its
 * lines, cells, dates and hours.
 */
#include "model/answer.h"
#include "core/buf.h"
#include "core/form.h"
#include "model/kinds/kind.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>


/* Trim ASCII spaces from both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && **s == ' ')
		(*s)++, (*n)--;
	while (*n && (*s)[*n - 1] == ' ')
		(*n)--;
}

/* Append one line of a row kind: cells trimmed, trailing empty cells
 * dropped.  Returns whether any cell had text. */
static bool add_row(struct buf *out, const char *s, size_t n)
{
	const char *end = s + n;
	size_t keep = out->len, col = 0;
	bool any = false;

	for (;;) {
		const char *tab = memchr(s, '\t', (size_t)(end - s));
		const char *cell = s;
		size_t c = (size_t)((tab ? tab : end) - s);

		trim(&cell, &c);
		if (col++)
			buf_addc(out, '\t');
		buf_add(out, cell, c);
		if (c) {
			any = true;
			keep = out->len;
		}
		if (!tab)
			break;
		s = tab + 1;
	}
	if (out->len > keep) {
		out->len = keep;
		out->data[keep] = '\0';
	}
	return any;
}

int answer_normalize(enum prompt_kind kind, const char *in, size_t len,
		     struct buf *out)
{
	/* The kind's shape (model/kinds/kind.h) says how lines are read. */
	const bool rows = kind_get(kind)->shape == KIND_ROWS;
	const bool items = kind_get(kind)->shape != KIND_LINES;
	struct buf line = BUF_INIT;
	size_t start = out->len, i = 0, blank = 0;

	if (!utf8_valid(in, len))
		return -1;
	while (i < len) {
		const char *s;
		size_t n;

		/* One line, its control characters dropped; CR, LF and CRLF
		 * all end it. */
		buf_reset(&line);
		for (; i < len && in[i] != '\n' && in[i] != '\r'; i++) {
			unsigned char c = (unsigned char)in[i];

			if (c == '\t' && !rows)
				c = ' ';
			if (c >= 0x20 && c != 0x7f)
				buf_addc(&line, (char)c);
			else if (c == '\t')
				buf_addc(&line, '\t');
		}
		if (i < len && in[i] == '\r' && i + 1 < len && in[i + 1] == '\n')
			i++;
		if (i < len)
			i++;

		s = line.data;
		n = line.len;
		if (rows) {
			size_t mark = out->len;

			if (out->len > start)
				buf_addc(out, '\n');
			if (!add_row(out, s, n) && out->len > mark) {
				out->len = mark;
				out->data[mark] = '\0';
			}
			continue;
		}
		if (items)
			trim(&s, &n);
		while (n && s[n - 1] == ' ')
			n--;
		if (!n) {
			/* Blank lines inside a text answer are kept, but only
			 * once text follows them. */
			if (out->len > start && !items)
				blank++;
			continue;
		}
		if (out->len > start)
			buf_addc(out, '\n');
		for (; blank; blank--)
			buf_addc(out, '\n');
		buf_add(out, s, n);
	}
	buf_release(&line);
	return 0;
}

bool answer_next(const char **cur, struct span *line)
{
	const char *p = *cur, *nl;

	if (!p || !*p)
		return false;
	nl = strchr(p, '\n');
	line->s = p;
	line->n = nl ? (size_t)(nl - p) : strlen(p);
	*cur = nl ? nl + 1 : NULL;
	return true;
}

size_t answer_count(const char *value)
{
	struct span l;
	size_t n = 0;

	while (answer_next(&value, &l))
		n += l.n != 0;
	return n;
}

struct span answer_cell(struct span row, size_t col)
{
	const char *s = row.s, *end = row.s + row.n;

	for (; col; col--) {
		const char *tab = memchr(s, '\t', (size_t)(end - s));

		if (!tab)
			return (struct span){ end, 0 };
		s = tab + 1;
	}
	const char *tab = memchr(s, '\t', (size_t)(end - s));

	return (struct span){ s, (size_t)((tab ? tab : end) - s) };
}

bool answer_has_line(const char *value, const char *s, size_t n)
{
	struct span l;

	while (answer_next(&value, &l))
		if (l.n == n && !memcmp(l.s, s, n))
			return true;
	return false;
}

/* ---- dates: day numbers since 1970-01-01 (proleptic Gregorian) ---- */

static int days_from_civil(int y, int m, int d)
{
	int era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(int z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool answer_date(struct span c, int *day)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	int y, m, d;

	trim(&c.s, &c.n);
	if (c.n != 10 || c.s[4] != '-' || c.s[7] != '-')
		return false;
	y = digits(c.s, 4);
	m = digits(c.s + 5, 2);
	d = digits(c.s + 8, 2);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 || y % 400 == 0)))
		return false;
	*day = days_from_civil(y, m, d);
	return true;
}

void answer_put_date(struct buf *b, int day)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	buf_addf(b, "%04d-%02d-%02d", y, m, d);
}

int answer_today(void)
{
	return (int)(time(NULL) / 86400);
}

bool answer_hours(struct span c, double *h)
{
	char tmp[32], *end;
	size_t i;
	double v;

	trim(&c.s, &c.n);
	if (c.n && (c.s[c.n - 1] == 'h' || c.s[c.n - 1] == 'H')) {
		c.n--;
		trim(&c.s, &c.n);
	}
	if (!c.n || c.n >= sizeof(tmp))
		return false;
	for (i = 0; i < c.n; i++) {
		char ch = c.s[i];

		if (ch == ',')
			ch = '.';
		if ((ch < '0' || ch > '9') && ch != '.')
			return false;
		tmp[i] = ch;
	}
	tmp[i] = '\0';
	v = strtod(tmp, &end);
	if (*end || end == tmp || v < 0 || v > 10000)
		return false;
	*h = v;
	return true;
}

const char *const answer_scale_names[4] = {
	"not at all", "poorly", "partly", "well",
};

int answer_scale(struct span c)
{
	trim(&c.s, &c.n);
	if (c.n == 1 && c.s[0] >= '0' && c.s[0] <= '3')
		return c.s[0] - '0';
	for (int i = 0; i < 4; i++)
		if (c.n == strlen(answer_scale_names[i]) &&
		    !strncasecmp(c.s, answer_scale_names[i], c.n))
			return i;
	return -1;
}

bool answer_mark(struct span c)
{
	trim(&c.s, &c.n);
	return c.n != 0;
}

void answer_sprint(const char *value, int today, struct sprint *out)
{
	struct span row = { "", 0 }, c;
	int v;
	double h;

	out->start = today;
	out->weeks = SPRINT_WEEKS;
	out->hours_week = SPRINT_HOURS;
	if (!answer_next(&value, &row))
		return;
	answer_date(answer_cell(row, 0), &out->start);
	c = answer_cell(row, 1);
	trim(&c.s, &c.n);
	if (c.n && c.n < 4 && (v = digits(c.s, c.n)) >= 1 && v <= 52)
		out->weeks = v;
	if (answer_hours(answer_cell(row, 2), &h) && h > 0 && h <= 168)
		out->hours_week = h;
}
