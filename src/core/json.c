#include "core/json.h"

#include "core/buf.h"

#include <string.h>

/* How many bytes each byte grows by in a JSON string: controls (\n,
 * \r and \t as two bytes, the rest as \u00XX), the quote and
 * backslash, and the three that could close a <script> or start an
 * entity when JSON is embedded in HTML (as \u00XX).  MAYBE_LS marks
 * 0xe2, which may begin U+2028 or U+2029 (is_ls_ps()).  The NUL's entry
 * is not 0, so that the loop over a string's plain bytes stops at its
 * end. */
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

/* The bytes s (len of them) becomes in a JSON string, quotes included. */
static size_t measure(const char *s, size_t len)
{
	const unsigned char *p;
	size_t n = len + 2;

	for (p = (const unsigned char *)s; *p; p++) {
		unsigned g = grow[*p];

		if (g != MAYBE_LS) {
			n += g;
		} else if (is_ls_ps(p)) {
			n += 3;         /* three bytes become six */
			p += 2;
		}
	}
	return n;
}

/* Strings up to this long get room for the worst case (each byte as
 * six, when the buffer's cap allows) instead of being measured first:
 * one pass, not two, over a reply's HTML, where every tag costs four
 * rewrites.  json_str() was a tenth of an autosave's CPU on SQLite when
 * it wrote a byte at a time. */
#define JSON_WORST_MAX ((size_t)16 << 10)

void json_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p;
	size_t len;
	char *o;

	if (!s) {
		buf_adds(b, "null");
		return;
	}
	len = strlen(s);
	if (buf_reserve(b, len <= JSON_WORST_MAX &&
			6 * len + 2 <= b->max - b->len ? 6 * len + 2 :
			measure(s, len)))
		return;
	o = b->data + b->len;
	*o++ = '"';
	for (p = (const unsigned char *)s;; p++) {
		unsigned c = *p;

		if (!grow[c]) {
			*o++ = (char)c;
			continue;
		}
		if (!c)
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
