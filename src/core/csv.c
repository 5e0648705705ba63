/*
 * csv.c: the CSV writer (csv.h).
 */
#include "core/csv.h"

#include "core/buf.h"

#include <string.h>

/*
 * Spreadsheets guess the encoding of a CSV file: Excel takes a file with
 * no byte order mark to be in the machine's legacy code page, and Calc's
 * guess varies with the locale, so "é" or "—" come out garbled.  A
 * leading UTF-8 BOM (EF BB BF) is the one sign both read as "UTF-8".
 */
static const char bom[] = "\xEF\xBB\xBF";

void csv_init(struct csv *c, struct buf *out)
{
	c->out = out;
	c->mid_row = false;
	buf_add(out, bom, 3);
}

static bool needs_quotes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return true;
	return false;
}

/* A cell a spreadsheet would read as a formula. */
static bool formula_like(const char *s, size_t n)
{
	return n && s[0] && strchr("=+-@\t\r", s[0]);
}

void csv_fieldn(struct csv *c, const char *s, size_t n)
{
	const char *q;

	if (c->mid_row)
		buf_addc(c->out, ',');
	c->mid_row = true;
	if (!needs_quotes(s, n)) {
		if (formula_like(s, n))
			buf_addc(c->out, '\'');
		buf_add(c->out, s, n);
		return;
	}
	buf_addc(c->out, '"');
	if (formula_like(s, n))
		buf_addc(c->out, '\'');
	while ((q = memchr(s, '"', n))) {
		buf_add(c->out, s, (size_t)(q - s) + 1);
		buf_addc(c->out, '"');
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	buf_add(c->out, s, n);
	buf_addc(c->out, '"');
}

void csv_field(struct csv *c, const char *s)
{
	csv_fieldn(c, s ? s : "", s ? strlen(s) : 0);
}

/* A number is written as is: "-3" is not a formula. */
void csv_field_int(struct csv *c, long long v)
{
	if (c->mid_row)
		buf_addc(c->out, ',');
	c->mid_row = true;
	buf_addf(c->out, "%lld", v);
}

void csv_end_row(struct csv *c)
{
	buf_add(c->out, "\r\n", 2);
	c->mid_row = false;
}
