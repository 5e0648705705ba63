#include "core/json.h"

#include "core/buf.h"

#include <string.h>

/* Bytes json_str must rewrite besides controls: the quote and
 * backslash, the three that could close a <script> or start an entity
 * when JSON is embedded in HTML, and 0xe2, which may begin U+2028 or
 * U+2029. */
static const unsigned char special[256] = {
	['"'] = 1, ['\\'] = 1, ['<'] = 1, ['>'] = 1, ['&'] = 1, [0xe2] = 1,
};

void json_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	if (!s) {
		buf_adds(b, "null");
		return;
	}
	buf_addc(b, '"');
	for (run = p; *p; p++) {
		const char *rep;

		if (*p >= 0x20 && !special[*p])
			continue;
		buf_add(b, run, (size_t)(p - run));
		run = p + 1;
		switch (*p) {
		case '"': rep = "\\\""; break;
		case '\\': rep = "\\\\"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		case '\t': rep = "\\t"; break;
		case '<': rep = "\\u003c"; break;
		case '>': rep = "\\u003e"; break;
		case '&': rep = "\\u0026"; break;
		case 0xe2:
			if (p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
				rep = p[2] == 0xa8 ? "\\u2028" : "\\u2029";
				p += 2;
				run = p + 1;
			} else {
				rep = "";
				run = p;    /* any other 0xe2 sequence is copied */
			}
			break;
		default:
			buf_addf(b, "\\u%04x", *p);
			continue;
		}
		buf_adds(b, rep);
	}
	buf_add(b, run, (size_t)(p - run));
	buf_addc(b, '"');
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
