/*
 * opportunities.c: an operator's file of openings, CSV or JSON, into an
 * opportunity list (opportunities.h).  Both readers hand each field to
 * one setter, which checks it (dates, yes/no, links, agenda ids, sizes),
 * so the two formats take the same values and say the same errors.  The
 * first problem stops the read, with its line; nothing is kept.
 */
#include "import/opportunities.h"

#include "core/buf.h"
#include "core/form.h"
#include "model/agenda.h"
#include "model/answer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct rd {
	const char *s, *end;
	int line;
	struct opportunity_list *out;
	struct import_error *err;
};

static int fail(struct rd *r, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct rd *r, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	r->err->line = line;
	n = snprintf(r->err->msg, sizeof(r->err->msg), "line %d: ", line);
	va_start(ap, fmt);
	vsnprintf(r->err->msg + n, sizeof(r->err->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

void opportunity_list_release(struct opportunity_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct opportunity *o = &l->v[i];

		free(o->title);
		free(o->organisation);
		free(o->url);
		free(o->kind);
		free(o->location);
		free(o->agendas);
		free(o->roles);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* ';'-separated (or, from JSON arrays, '\n'-joined) items into lines. */
static int tags(struct rd *r, int line, const char *key, const char *v,
		size_t n, char **out)
{
	struct buf b = BUF_INIT;
	size_t i = 0, count = 0;

	while (i < n) {
		size_t j = i, a, z;

		while (j < n && v[j] != ';' && v[j] != '\n')
			j++;
		for (a = i; a < j && (v[a] == ' ' || v[a] == '\t'); a++)
			;
		for (z = j; z > a && (v[z - 1] == ' ' || v[z - 1] == '\t'); z--)
			;
		if (z > a) {
			char id[AGENDA_ID_MAX + 1];

			if (++count > OPP_MAX_TAGS) {
				buf_release(&b);
				return fail(r, line, "more than %d %s",
					    OPP_MAX_TAGS, key);
			}
			if (!strcmp(key, "agendas")) {
				snprintf(id, sizeof(id), "%.*s", (int)(z - a),
					 v + a);
				if (z - a > AGENDA_ID_MAX ||
				    !agenda_id_valid(id)) {
					buf_release(&b);
					return fail(r, line, "'%.*s' is not an "
						    "agenda id (like "
						    "'interpretability')",
						    (int)(z - a > 60 ? 60 :
							  z - a), v + a);
				}
			}
			if (b.len)
				buf_addc(&b, '\n');
			buf_add(&b, v + a, z - a);
		}
		i = j + 1;
	}
	*out = buf_detach(&b, NULL);
	return *out ? 0 : fail(r, line, "out of memory");
}

/* One field of entry o, by its column or key. */
static int set(struct rd *r, struct opportunity *o, const char *key,
	       const char *v, size_t n, int line)
{
	static const char *const texts[] = { "title", "organisation", "url",
					     "kind", "location" };
	char **slot[] = { &o->title, &o->organisation, &o->url, &o->kind,
			  &o->location };

	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		if (strcmp(key, texts[i]))
			continue;
		if (n > (i == 2 ? OPP_MAX_URL : OPP_MAX_FIELD))
			return fail(r, line, "the %s is %zu bytes; the limit "
				    "is %d", key, n, i == 2 ? OPP_MAX_URL :
				    OPP_MAX_FIELD);
		if (!text_line_valid(v, n))
			return fail(r, line, "the %s holds a line break or a "
				    "control character", key);
		free(*slot[i]);
		*slot[i] = dup_n(v, n);
		return *slot[i] ? 0 : fail(r, line, "out of memory");
	}
	if (!strcmp(key, "agendas") || !strcmp(key, "roles")) {
		char **dst = key[0] == 'a' ? &o->agendas : &o->roles;

		free(*dst);
		*dst = NULL;
		return tags(r, line, key, v, n, dst);
	}
	if (!strcmp(key, "remote")) {
		static const char *const yes[] = { "yes", "true", "1", "y" };
		static const char *const no[] = { "no", "false", "0", "n", "" };

		for (size_t i = 0; i < 4; i++)
			if (strlen(yes[i]) == n && !strncasecmp(v, yes[i], n))
				return o->remote = 1, 0;
		for (size_t i = 0; i < 5; i++)
			if (strlen(no[i]) == n && !strncasecmp(v, no[i], n))
				return o->remote = 0, 0;
		return fail(r, line, "remote '%.*s' is not yes or no",
			    (int)(n > 40 ? 40 : n), v);
	}
	if (!strcmp(key, "deadline")) {
		o->deadline = 0;
		if (!n || answer_date((struct span){ v, n }, &o->deadline))
			return 0;
		return fail(r, line, "deadline '%.*s' is not a date "
			    "(YYYY-MM-DD)", (int)(n > 40 ? 40 : n), v);
	}
	return 0;   /* other columns are the operator's own: ignored */
}

/* An entry read whole: what it must have. */
static int finish(struct rd *r, struct opportunity *o)
{
	const char *why;

	if (!o->title || !*o->title)
		return fail(r, o->line, "an opening without a title");
	if (!o->organisation || !*o->organisation)
		return fail(r, o->line, "'%s' has no organisation", o->title);
	if (!o->url || !*o->url)
		return fail(r, o->line, "'%s' has no url", o->title);
	if ((why = agenda_url_problem(o->url, strlen(o->url))))
		return fail(r, o->line, "url '%.80s': %s", o->url, why);
	for (size_t i = 0; i < r->out->n - 1; i++)
		if (!strcmp(r->out->v[i].url, o->url))
			return fail(r, o->line, "url '%.80s' is listed "
				    "already on line %d", o->url,
				    r->out->v[i].line);
	if ((!o->kind && !(o->kind = dup_n("", 0))) ||
	    (!o->location && !(o->location = dup_n("", 0))) ||
	    (!o->agendas && !(o->agendas = dup_n("", 0))) ||
	    (!o->roles && !(o->roles = dup_n("", 0))))
		return fail(r, o->line, "out of memory");
	return 0;
}

/* A new, empty entry starting on `line`. */
static struct opportunity *add(struct rd *r, int line)
{
	struct opportunity *v;

	if (r->out->n == OPP_MAX_ENTRIES) {
		fail(r, line, "more than %d openings", OPP_MAX_ENTRIES);
		return NULL;
	}
	if (!(r->out->n % 64)) {
		v = realloc(r->out->v, (r->out->n + 64) * sizeof(*v));
		if (!v) {
			fail(r, line, "out of memory");
			return NULL;
		}
		r->out->v = v;
	}
	v = &r->out->v[r->out->n++];
	memset(v, 0, sizeof(*v));
	v->line = line;
	return v;
}

/* ---- CSV (RFC 4180: quotes, doubled quotes, CRLF or LF) ---- */

#define CSV_MAX_COLS 32

/* One field at r->s into f; *eol set at the end of a record. */
static int csv_field(struct rd *r, struct buf *f, bool *eol)
{
	int start = r->line;

	buf_reset(f);
	*eol = false;
	if (r->s < r->end && *r->s == '"') {
		for (r->s++; ; r->s++) {
			if (r->s == r->end)
				return fail(r, start, "a quoted field is not "
					    "closed");
			if (*r->s == '"' && r->s + 1 < r->end &&
			    r->s[1] == '"') {
				buf_addc(f, '"');
				r->s++;
			} else if (*r->s == '"') {
				r->s++;
				break;
			} else {
				r->line += *r->s == '\n';
				buf_addc(f, *r->s);
			}
		}
	} else {
		while (r->s < r->end && !strchr(",\r\n", *r->s))
			buf_addc(f, *r->s++);
	}
	if (r->s < r->end && *r->s == '\r')
		r->s++;
	if (r->s == r->end || *r->s == '\n') {
		*eol = true;
		r->line += r->s < r->end;
		r->s += r->s < r->end;
	} else if (*r->s == ',') {
		r->s++;
	} else {
		return fail(r, r->line, "text after a quoted field");
	}
	return f->err ? fail(r, start, "a field is too long") : 0;
}

static int csv_header(struct rd *r, char cols[CSV_MAX_COLS][16],
		      size_t *ncols, struct buf *f)
{
	static const char *const need[] = { "title", "organisation", "url" };
	bool eol = false;
	size_t i, j;

	for (*ncols = 0; !eol; (*ncols)++) {
		if (csv_field(r, f, &eol))
			return -1;
		if (*ncols == CSV_MAX_COLS)
			return fail(r, 1, "more than %d columns", CSV_MAX_COLS);
		for (i = 0; i < f->len && i < 15; i++)
			cols[*ncols][i] = (char)(f->data[i] | 0x20);
		cols[*ncols][i] = '\0';
	}
	for (i = 0; i < sizeof(need) / sizeof(*need); i++) {
		for (j = 0; j < *ncols && strcmp(cols[j], need[i]); j++)
			;
		if (j == *ncols)
			return fail(r, 1, "no '%s' column: the header row "
				    "needs title, organisation and url",
				    need[i]);
	}
	return 0;
}

static int csv_read(struct rd *r)
{
	char cols[CSV_MAX_COLS][16];
	struct buf f;
	size_t ncols, c;
	bool eol;
	int rc = -1;

	buf_init(&f, OPP_MAX_URL + 1);
	if (csv_header(r, cols, &ncols, &f))
		goto out;
	while (r->s < r->end) {
		int line = r->line;
		struct opportunity *o;

		if (*r->s == '\n' || *r->s == '\r') {   /* a blank line */
			r->s += *r->s == '\r';
			r->s += r->s < r->end;
			r->line++;
			continue;
		}
		if (!(o = add(r, line)))
			goto out;
		for (c = 0, eol = false; !eol; c++) {
			if (csv_field(r, &f, &eol))
				goto out;
			if (c >= ncols) {
				fail(r, line, "more fields than the header's "
				     "%zu columns", ncols);
				goto out;
			}
			if (set(r, o, cols[c], f.data, f.len, line))
				goto out;
		}
		if (c != ncols) {
			fail(r, line, "%zu fields, not the header's %zu", c,
			     ncols);
			goto out;
		}
		if (finish(r, o))
			goto out;
	}
	rc = 0;
out:
	buf_release(&f);
	return rc;
}

/* ---- JSON: an array of objects of strings, booleans, null and
 * arrays of strings ---- */

static void ws(struct rd *r)
{
	while (r->s < r->end && strchr(" \t\r\n", *r->s))
		r->line += *r->s++ == '\n';
}

static int hex4(const char *s)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		int c = s[i];

		v = v * 16 + (c >= '0' && c <= '9' ? c - '0' :
			      (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ?
			      (c | 0x20) - 'a' + 10 : -1000);
	}
	return v < 0 ? -1 : v;
}

static void utf8_put(struct buf *f, unsigned cp)
{
	if (cp < 0x80) {
		buf_addc(f, (char)cp);
	} else if (cp < 0x800) {
		buf_addc(f, (char)(0xc0 | cp >> 6));
		buf_addc(f, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_addc(f, (char)(0xe0 | cp >> 12));
		buf_addc(f, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addc(f, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_addc(f, (char)(0xf0 | cp >> 18));
		buf_addc(f, (char)(0x80 | ((cp >> 12) & 0x3f)));
		buf_addc(f, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addc(f, (char)(0x80 | (cp & 0x3f)));
	}
}

/* A string at r->s (its opening quote) appended to f. */
static int json_string(struct rd *r, struct buf *f)
{
	static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";

	for (r->s++; r->s < r->end && *r->s != '"'; r->s++) {
		if ((unsigned char)*r->s < 0x20)
			return fail(r, r->line, "a control character in a "
				    "string");
		if (*r->s != '\\') {
			buf_addc(f, *r->s);
			continue;
		}
		if (++r->s == r->end)
			break;
		if (*r->s == 'u') {
			int cp = r->end - r->s > 4 ? hex4(r->s + 1) : -1, lo;

			r->s += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && r->end - r->s > 6 &&
			    r->s[1] == '\\' && r->s[2] == 'u' &&
			    (lo = hex4(r->s + 3)) >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
				r->s += 6;
			} else if (cp >= 0xd800 && cp < 0xe000)
				cp = -1;
			if (cp <= 0)
				return fail(r, r->line, "a bad \\u escape");
			utf8_put(f, (unsigned)cp);
			continue;
		}
		const char *e = strchr(esc, *r->s);

		if (!e || (e - esc) % 2)
			return fail(r, r->line, "a bad escape '\\%c'", *r->s);
		buf_addc(f, e[1]);
	}
	if (r->s == r->end)
		return fail(r, r->line, "a string is not closed");
	r->s++;
	return f->err ? fail(r, r->line, "a value is too long") : 0;
}

/* A value: a string, true, false, null, or an array of strings (joined
 * by '\n'). */
static int json_value(struct rd *r, struct buf *f)
{
	static const char *const words[] = { "true", "false", "null" };

	buf_reset(f);
	ws(r);
	if (r->s < r->end && *r->s == '"')
		return json_string(r, f);
	for (size_t i = 0; i < 3; i++)
		if ((size_t)(r->end - r->s) >= strlen(words[i]) &&
		    !memcmp(r->s, words[i], strlen(words[i]))) {
			r->s += strlen(words[i]);
			buf_adds(f, i == 0 ? "yes" : i == 1 ? "no" : "");
			return 0;
		}
	if (r->s == r->end || *r->s != '[')
		return fail(r, r->line, "a value must be a string, true, "
			    "false, null or a list of strings");
	for (r->s++, ws(r); r->s < r->end && *r->s != ']'; ) {
		if (f->len)
			buf_addc(f, '\n');
		if (*r->s != '"')
			return fail(r, r->line, "a list holds strings only");
		if (json_string(r, f))
			return -1;
		ws(r);
		if (r->s < r->end && *r->s == ',')
			r->s++, ws(r);
		else if (r->s < r->end && *r->s != ']')
			return fail(r, r->line, "expected ',' or ']'");
	}
	if (r->s == r->end)
		return fail(r, r->line, "a list is not closed");
	r->s++;
	return 0;
}

static int json_object(struct rd *r, struct buf *key, struct buf *val)
{
	struct opportunity *o = add(r, r->line);

	if (!o)
		return -1;
	for (r->s++, ws(r); r->s < r->end && *r->s != '}'; ) {
		int line = r->line;
		char k[16];

		buf_reset(key);
		if (*r->s != '"' || json_string(r, key))
			return r->err->msg[0] ? -1 : fail(r, line, "expected "
							  "a key in quotes");
		ws(r);
		if (r->s == r->end || *r->s++ != ':')
			return fail(r, r->line, "expected ':' after a key");
		if (json_value(r, val))
			return -1;
		snprintf(k, sizeof(k), "%s", key->data);
		for (char *p = k; *p; p++)
			*p = (char)(*p | 0x20);
		if (set(r, o, k, val->data, val->len, line))
			return -1;
		ws(r);
		if (r->s < r->end && *r->s == ',')
			r->s++, ws(r);
		else if (r->s < r->end && *r->s != '}')
			return fail(r, r->line, "expected ',' or '}'");
	}
	if (r->s == r->end)
		return fail(r, r->line, "an object is not closed");
	r->s++;
	return finish(r, o);
}

static int json_read(struct rd *r)
{
	struct buf key, val;
	int rc = -1;

	buf_init(&key, 64);
	buf_init(&val, OPP_MAX_URL + 1);
	ws(r);
	for (r->s++, ws(r); r->s < r->end && *r->s != ']'; ) {
		if (*r->s != '{') {
			fail(r, r->line, "expected an object ('{')");
			goto out;
		}
		if (json_object(r, &key, &val))
			goto out;
		ws(r);
		if (r->s < r->end && *r->s == ',')
			r->s++, ws(r);
		else if (r->s < r->end && *r->s != ']') {
			fail(r, r->line, "expected ',' or ']'");
			goto out;
		}
	}
	if (r->s == r->end) {
		fail(r, r->line, "the list is not closed (']')");
		goto out;
	}
	r->s++;
	ws(r);
	if (r->s != r->end)
		fail(r, r->line, "text after the list");
	else
		rc = 0;
out:
	buf_release(&key);
	buf_release(&val);
	return rc;
}

/* The line of the first byte that is not UTF-8 (or a NUL), or 0. */
static int bad_utf8_line(const char *s, size_t len)
{
	size_t i = 0;
	int line = 1;

	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (s + i)) : len - i;

		if (memchr(s + i, '\0', n) || !utf8_valid(s + i, n))
			return line;
		i += n + 1;
		line++;
	}
	return 0;
}

int opportunities_parse(const char *src, size_t len,
			struct opportunity_list *out,
			struct import_error *err)
{
	struct rd r = { src, src + len, 1, out, err };
	size_t skip = 0;
	int bad, rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (len > OPP_MAX_BYTES) {
		snprintf(err->msg, sizeof(err->msg), "file is %zu bytes; the "
			 "limit is %zu", len, OPP_MAX_BYTES);
		return -1;
	}
	if ((bad = bad_utf8_line(src, len)))
		return fail(&r, bad, "not valid UTF-8 text (or a NUL byte): "
			    "save the file as UTF-8");
	if (len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3))
		skip = 3;
	r.s += skip;
	{
		const char *p = r.s;

		while (p < r.end && strchr(" \t\r\n", *p))
			p++;
		if (p == r.end)
			return fail(&r, 1, "the file is empty");
		rc = *p == '[' ? json_read(&r) : csv_read(&r);
	}
	if (rc)
		opportunity_list_release(out);
	return rc;
}
