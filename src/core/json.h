#ifndef JSON_H
#define JSON_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Append `s` as a JSON string literal, quotes included; NULL gives null.
 * Control characters, quotes, backslashes and U+2028/2029 are escaped, so
 * the output is also safe inside a <script> block. */
void json_str(struct buf *b, const char *s);

/*
 * A small JSON writer: it places the commas, colons, braces and
 * brackets, and every key and string goes through json_str().  Pretty
 * (2-space indent) for the model's JSON (`import --json`, the catalog),
 * or compact, without a blank or a newline, for the app's replies (an
 * autosave's).  Start with `struct jw w = { .b = b, .first = 1 }` (add
 * `.compact = 1` for compact); a NULL key writes a member of an array,
 * or the outermost value.
 */
struct jw {
	struct buf *b;
	int depth;
	int first;   /* no member written yet at this depth */
	int compact; /* no blanks nor newlines */
};
void jw_newline(struct jw *w);   /* a new line at the current depth */
void jw_key(struct jw *w, const char *key);
void jw_open(struct jw *w, const char *key, char c);   /* '{' or '[' */
void jw_close(struct jw *w, char c);                  /* '}' or ']' */
void jw_str(struct jw *w, const char *key, const char *v);  /* NULL: null */
void jw_int(struct jw *w, const char *key, long long v);
void jw_int_or_null(struct jw *w, const char *key, int v);  /* 0: null */
void jw_bool(struct jw *w, const char *key, bool v);
void jw_strv(struct jw *w, const char *key, char *const *v, size_t n);

#endif
