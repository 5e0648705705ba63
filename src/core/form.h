#ifndef FORM_H
#define FORM_H

#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

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
/*
 * A urlencoded body parsed once, for a request that reads many fields of
 * it: a table of where each field starts and where its name ends.  A
 * lookup walks the table, never the body, so asking for twenty names
 * costs twenty walks over a few dozen entries, not twenty scans of a
 * body of up to 1 MB.
 *
 * The lookups answer exactly as form_get(), form_next() and form_pair()
 * on the same body (tests/test-form.c and fuzz-form.c hold them to it),
 * positions included: *pos is a byte offset into the body, so a caller
 * may compare the positions of two fields.  Names with escapes are
 * compared as they decode, values decoded when asked for, into the
 * caller's buffer with its cap.
 *
 * An entry is 8 bytes.  Up to FORM_SMALL fields need no allocation; more
 * take one, sized by a first count of the fields: at most 8 MB, for a
 * 1 MB body of nothing but "&".  A body of more than FORM_MAX_FIELDS
 * fields (more than any body of HTTP_MAX_BODY holds) is refused with
 * FORM_TOO_MANY.  `body` must outlive the form.
 */
#define FORM_SMALL 32
#define FORM_MAX_FIELDS (((size_t)1 << 20) + 1)
enum { FORM_TOO_MANY = -3, FORM_NOMEM = -4 };

struct form_field {
	uint32_t at;                /* where the field starts */
	uint32_t key_end;           /* where its name ends; FORM_KEY_ESC:
				     * the name has escapes ('%', '+') */
};
#define FORM_KEY_ESC ((uint32_t)1 << 31)

struct form {
	const char *body;
	size_t len;
	struct form_field *v;       /* small, or allocated */
	size_t n;
	struct form_field small[FORM_SMALL];
};

/* Parse body[0..len) into f: 0, or FORM_TOO_MANY or FORM_NOMEM (f is
 * then empty, and form_release() still fine). */
int form_parse(struct form *f, const char *body, size_t len);
void form_release(struct form *f);
/* form_get(), form_next() and form_pair() over a parsed form. */
long form_field_get(const struct form *f, const char *name, unsigned nth,
		    struct buf *out);
long form_field_next(const struct form *f, size_t *pos, const char *name,
		     struct buf *out);
long form_field_pair(const struct form *f, size_t *pos, struct buf *key,
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
