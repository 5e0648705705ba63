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

void json_init(struct json *j, struct buf *b)
{
	j->b = b;
	j->depth = 0;
	j->more[0] = 0;
}

/* The comma before a member and its "key":. */
static void member(struct json *j, const char *key)
{
	if (j->depth > 0 && j->more[j->depth - 1])
		buf_addc(j->b, ',');
	if (j->depth > 0)
		j->more[j->depth - 1] = 1;
	if (key) {
		json_str(j->b, key);
		buf_addc(j->b, ':');
	}
}

void json_open(struct json *j, const char *key)
{
	if (j->depth == JSON_DEPTH) {
		j->b->err = 1;
		return;
	}
	member(j, key);
	buf_addc(j->b, '{');
	j->more[j->depth++] = 0;
}

void json_close(struct json *j)
{
	if (j->depth > 0) {
		j->depth--;
		buf_addc(j->b, '}');
	}
}

void json_string(struct json *j, const char *key, const char *s)
{
	member(j, key);
	json_str(j->b, s);
}

void json_int(struct json *j, const char *key, long long v)
{
	member(j, key);
	buf_addf(j->b, "%lld", v);
}
