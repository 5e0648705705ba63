#include "core/json.h"

#include "core/buf.h"

#include <string.h>

/* How many bytes each byte grows by in a JSON string: controls (\n,
 * \r and \t as two bytes, the rest as \u00XX), the quote and
 * backslash, and the three that could close a <script> or start an
 * entity when JSON is embedded in HTML (as \u00XX).  MAYBE_LS marks
 * 0xe2, which may begin U+2028 or U+2029 (is_ls_ps()).  The NUL's entry
 * is not 0, so that a scan for a byte to rewrite stops at the end. */
#define MAYBE_LS 0xff
static const unsigned char grow[256] = {
	5, 5, 5, 5, 5, 5, 5, 5, 5, 1, 1, 5, 5, 1, 5, 5,
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
	['"'] = 1, ['\\'] = 1, ['<'] = 5, ['>'] = 5, ['&'] = 5,
	[0xe2] = MAYBE_LS,
};

/* U+2028 or U+2029 at p (whose first byte is 0xe2)? */
static int is_ls_ps(const unsigned char *p)
{
	return p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9);
}

/* Measured first, then written in place, the runs that need no rewrite
 * copied whole: a reply's strings are HTML, where every tag costs four
 * rewrites, and json_str() was a tenth of an autosave's CPU on SQLite
 * when it wrote a byte at a time. */
void json_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p, *run;
	size_t n;
	char *o;

	if (!s) {
		buf_adds(b, "null");
		return;
	}
	n = 2;
	for (p = (const unsigned char *)s; *p; p++) {
		unsigned g = grow[*p];

		if (g != MAYBE_LS)
			n += g;
		else if (is_ls_ps(p))
			n += 3, p += 2;         /* three bytes become six */
	}
	n += (size_t)(p - (const unsigned char *)s);
	if (buf_reserve(b, n))
		return;
	o = b->data + b->len;
	*o++ = '"';
	for (p = (const unsigned char *)s;; p++) {
		unsigned c;

		for (run = p; !grow[*p]; p++)
			;
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		if (!(c = *p))
			break;
		if (c == 0xe2 && !is_ls_ps(p)) {
			*o++ = (char)c;
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; continue;
		case '\\': *o++ = '\\'; continue;
		case '\n': *o++ = 'n'; continue;
		case '\r': *o++ = 'r'; continue;
		case '\t': *o++ = 't'; continue;
		case 0xe2:
			memcpy(o, p[2] == 0xa8 ? "u2028" : "u2029", 5);
			o += 5;
			p += 2;
			continue;
		}
		*o++ = 'u';
		*o++ = '0';
		*o++ = '0';
		*o++ = hex[c >> 4];
		*o++ = hex[c & 15];
	}
	*o++ = '"';
	b->len = (size_t)(o - b->data);
	b->data[b->len] = '\0';
}

/* ---- the pretty-printer (json.h) ---- */

void jw_newline(struct jw *w)
{
	int i;

	if (w->compact)
		return;
	buf_addc(w->b, '\n');
	for (i = 0; i < w->depth; i++)
		buf_adds(w->b, "  ");
}

/* Start a member (key may be NULL inside arrays). */
void jw_key(struct jw *w, const char *key)
{
	if (!w->first)
		buf_addc(w->b, ',');
	w->first = 0;
	jw_newline(w);
	if (key) {
		json_str(w->b, key);
		buf_adds(w->b, w->compact ? ":" : ": ");
	}
}

void jw_open(struct jw *w, const char *key, char c)
{
	jw_key(w, key);
	buf_addc(w->b, c);
	w->depth++;
	w->first = 1;
}

void jw_close(struct jw *w, char c)
{
	w->depth--;
	if (!w->first)
		jw_newline(w);
	buf_addc(w->b, c);
	w->first = 0;
}

void jw_str(struct jw *w, const char *key, const char *v)
{
	jw_key(w, key);
	json_str(w->b, v);
}

void jw_int(struct jw *w, const char *key, long long v)
{
	jw_key(w, key);
	buf_addf(w->b, "%lld", v);
}

/* An int where 0 means "not given". */
void jw_int_or_null(struct jw *w, const char *key, int v)
{
	jw_key(w, key);
	if (v)
		buf_addf(w->b, "%d", v);
	else
		buf_adds(w->b, "null");
}

void jw_bool(struct jw *w, const char *key, bool v)
{
	jw_key(w, key);
	buf_adds(w->b, v ? "true" : "false");
}

void jw_strv(struct jw *w, const char *key, char *const *v, size_t n)
{
	size_t i;

	jw_open(w, key, '[');
	for (i = 0; i < n; i++)
		jw_str(w, NULL, v[i]);
	jw_close(w, ']');
}
