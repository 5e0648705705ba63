#ifndef FORM_H
#define FORM_H

#include "core/buf.h"

#include <stddef.h>

/* Form and cookie parsing (x-www-form-urlencoded), fuzzable in isolation.
 * form_get finds the n-th value of `name` (0 first), decoded into `out`;
 * returns its length or -1 when absent or not valid UTF-8. */
long form_get(const char *body, size_t len, const char *name, unsigned nth,
	      struct buf *out);
/* The next value of `name` after *pos (start at 0), which it advances:
 * the way to walk a repeated field in one pass.  Returns as form_get. */
long form_next(const char *body, size_t len, size_t *pos, const char *name,
	       struct buf *out);
/* The next field after *pos (start at 0), which it advances: its name
 * decoded into key, its value into val.  The way to read a form whose
 * names carry an index (pid.3, note.3) in one pass, not one per name.
 * Returns the value's length, -1 at the end, or -2 when the name or the
 * value is malformed (bad escape, not UTF-8) or longer than its buffer's
 * cap; key is then "" if the name was the trouble. */
long form_pair(const char *body, size_t len, size_t *pos, struct buf *key,
	       struct buf *val);
/* The value of cookie `name` copied into out (size outlen), or -1. */
int cookie_get(const char *cookies, const char *name, char *out,
	       size_t outlen);
int utf8_valid(const char *s, size_t n);
/* A whole urlencoded body or query: 0 when every key and value decodes
 * to valid UTF-8; FORM_BAD_UTF8 when one does not; else FORM_BAD_ESCAPE
 * when a '%' lacks its two hex digits.  The router refuses a request
 * that fails it before any page reads a field. */
enum { FORM_BAD_ESCAPE = -1, FORM_BAD_UTF8 = -2 };
int form_check(const char *s, size_t n);
/* One line of text, as a name or an email must be: valid UTF-8 without
 * control characters (C0, DEL, C1), line separators or bidirectional
 * overrides. */
int text_line_valid(const char *s, size_t n);

#endif
