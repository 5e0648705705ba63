/*
 * form.c: the small parsers the server needs for untrusted input —
 * x-www-form-urlencoded bodies, the Cookie header, UTF-8 validation and
 * the one-line text of names.
 * They never allocate beyond the caller's buffer cap and are fuzzed.
 */
#include "core/form.h"

#include <stdlib.h>
#include <string.h>

/* Strict UTF-8: no overlongs, no surrogates, nothing past U+10FFFF. */
int utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;

	while (s < end) {
		unsigned c = *s, need, min, cp;

		if (c < 0x80) {
			s++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			need = 1, min = 0x80, cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2, min = 0x800, cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3, min = 0x10000, cp = c & 0x07;
		} else
			return 0;
		if ((size_t)(end - s) <= need)
			return 0;
		for (unsigned i = 1; i <= need; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += need + 1;
	}
	return 1;
}

/*
 * A UTF-8 decoder fed one byte at a time, for text that arrives encoded
 * (a form) or whose characters matter (a name).  utf8_step() returns the
 * code point a byte completes, UTF8_MORE when the character goes on, or
 * UTF8_BAD; the rules are utf8_valid()'s.
 */
struct utf8_state {
	unsigned need, min;
	long cp;
};
enum { UTF8_BAD = -1, UTF8_MORE = -2 };

static long utf8_step(struct utf8_state *u, unsigned char c)
{
	if (!u->need) {
		if (c < 0x80)
			return c;
		if ((c & 0xe0) == 0xc0)
			u->need = 1, u->min = 0x80, u->cp = c & 0x1f;
		else if ((c & 0xf0) == 0xe0)
			u->need = 2, u->min = 0x800, u->cp = c & 0x0f;
		else if ((c & 0xf8) == 0xf0)
			u->need = 3, u->min = 0x10000, u->cp = c & 0x07;
		else
			return UTF8_BAD;
		return UTF8_MORE;
	}
	if ((c & 0xc0) != 0x80)
		return UTF8_BAD;
	u->cp = (u->cp << 6) | (c & 0x3f);
	if (--u->need)
		return UTF8_MORE;
	if (u->cp < u->min || u->cp > 0x10ffff ||
	    (u->cp >= 0xd800 && u->cp <= 0xdfff))
		return UTF8_BAD;
	return u->cp;
}

/* Characters a one-line name may not hold: controls (C0, DEL, C1), line
 * and paragraph separators, and the bidirectional embeddings, overrides
 * and isolates that can make a name read as someone else's. */
static int line_char_ok(long cp)
{
	return !(cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		 (cp >= 0x2028 && cp <= 0x202e) ||
		 (cp >= 0x2066 && cp <= 0x2069));
}

int text_line_valid(const char *str, size_t n)
{
	struct utf8_state u = { 0 };
	long cp = 0;

	for (size_t i = 0; i < n; i++) {
		cp = utf8_step(&u, (unsigned char)str[i]);
		if (cp == UTF8_BAD || (cp >= 0 && !line_char_ok(cp)))
			return 0;
	}
	return cp != UTF8_MORE;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode one urlencoded component into out; -1 on a bad escape. */
static int form_decode(const char *s, size_t n, struct buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			buf_addc(out, ' ');
		} else if (s[i] == '%') {
			int hi, lo;

			if (i + 2 >= n || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return -1;
			buf_addc(out, (char)(hi << 4 | lo));
			i += 2;
		} else
			buf_addc(out, s[i]);
	}
	return 0;
}

/*
 * The whole of an urlencoded body or query at once: every key and value
 * must decode to valid UTF-8 (a character may not straddle '&' or '=').
 * A '%' without two hex digits is a bad escape; the check reads on past
 * it, taking the '%' as itself, so bad UTF-8 after it is still found.
 */
int form_check(const char *s, size_t n)
{
	struct utf8_state u = { 0 };
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int hi, lo;

		/* Between characters, plain ASCII ('+', '&', '=' too) is
		 * fine as it is, and most of a form is that. */
		if (c < 0x80 && c != '%' && !u.need)
			continue;
		if (c == '&' || c == '=')
			return FORM_BAD_UTF8;   /* a character cut short */
		if (c == '%') {
			if (i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
			    (lo = hexval(s[i + 2])) >= 0) {
				c = (unsigned char)(hi << 4 | lo);
				i += 2;
			} else
				ret = FORM_BAD_ESCAPE;
		} else if (c == '+')
			c = ' ';
		if (utf8_step(&u, c) == UTF8_BAD)
			return FORM_BAD_UTF8;
	}
	return u.need ? FORM_BAD_UTF8 : ret;
}

/* Does the urlencoded key s[0..n) decode to `name`? */
static int key_is(const char *s, size_t n, const char *name)
{
	struct buf k;
	size_t nl = strlen(name);

	/* Keys are ours and short: compare without allocating when plain. */
	if (!memchr(s, '%', n) && !memchr(s, '+', n))
		return n == nl && !memcmp(s, name, n);
	buf_init(&k, 256);
	if (form_decode(s, n, &k) || k.err) {
		buf_release(&k);
		return 0;
	}
	n = k.len == nl && !memcmp(k.data, name, nl);
	buf_release(&k);
	return (int)n;
}

long form_next(const char *body, size_t len, size_t *pos, const char *name,
	       struct buf *out)
{
	const char *p = body + *pos, *end = body + len;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *kend = eq ? eq : stop;

		if (key_is(p, (size_t)(kend - p), name)) {
			const char *v = eq ? eq + 1 : stop;

			*pos = stop < end ? (size_t)(stop - body) + 1 : len;
			buf_reset(out);
			if (form_decode(v, (size_t)(stop - v), out) || out->err ||
			    !utf8_valid(out->data, out->len))
				return -2;
			return (long)out->len;
		}
		p = stop + 1;
	}
	*pos = len;
	return -1;
}

long form_pair(const char *body, size_t len, size_t *pos, struct buf *key,
	       struct buf *val)
{
	const char *p = body + *pos, *end = body + len, *amp, *stop, *eq, *v;

	buf_reset(key);
	buf_reset(val);
	if (p >= end) {
		*pos = len;
		return -1;
	}
	amp = memchr(p, '&', (size_t)(end - p));
	stop = amp ? amp : end;
	eq = memchr(p, '=', (size_t)(stop - p));
	v = eq ? eq + 1 : stop;
	*pos = stop < end ? (size_t)(stop - body) + 1 : len;
	if (form_decode(p, (size_t)((eq ? eq : stop) - p), key) || key->err ||
	    !utf8_valid(key->data, key->len)) {
		buf_reset(key);
		return -2;
	}
	if (form_decode(v, (size_t)(stop - v), val) || val->err ||
	    !utf8_valid(val->data, val->len))
		return -2;
	return (long)val->len;
}

long form_get(const char *body, size_t len, const char *name, unsigned nth,
	      struct buf *out)
{
	size_t pos = 0;
	long n;

	while ((n = form_next(body, len, &pos, name, out)) >= 0 && nth--)
		;
	return n;
}

/* ---- a body parsed once (struct form) ---- */

/* How many fields form_next() would visit: one at the start and one
 * after each '&' that is not the body's last byte. */
static size_t count_fields(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *amp;
	size_t k = 1;

	if (!n)
		return 0;
	while ((amp = memchr(p, '&', (size_t)(end - p))) && amp + 1 < end) {
		k++;
		p = amp + 1;
	}
	return k;
}

int form_parse(struct form *f, const char *body, size_t len)
{
	const char *p = body, *end = body + len;
	size_t n = len < FORM_KEY_ESC ? count_fields(body, len) : SIZE_MAX;

	f->body = body;
	f->len = len;
	f->v = f->small;
	f->n = 0;
	if (n > FORM_MAX_FIELDS)
		return FORM_TOO_MANY;
	if (n > FORM_SMALL && !(f->v = malloc(n * sizeof(*f->v)))) {
		f->v = f->small;
		return FORM_NOMEM;
	}
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *kend = eq ? eq : stop;
		size_t kn = (size_t)(kend - p);
		struct form_field *x = &f->v[f->n++];

		x->at = (uint32_t)(p - body);
		x->key_end = (uint32_t)(kend - body);
		if (memchr(p, '%', kn) || memchr(p, '+', kn))
			x->key_end |= FORM_KEY_ESC;
		p = stop + 1;
	}
	return 0;
}

void form_release(struct form *f)
{
	if (f->v && f->v != f->small)
		free(f->v);
	f->v = f->small;
	f->n = 0;
}

/* The first field that starts at or after byte `pos`. */
static size_t field_at(const struct form *f, size_t pos)
{
	size_t lo = 0, hi = f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->v[mid].at < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Field i: its name body[at..key), its value body[val..end). */
struct field_span {
	size_t at, key, val, end;
	int esc;
};

static struct field_span field_span(const struct form *f, size_t i)
{
	struct field_span x;

	x.at = f->v[i].at;
	x.key = f->v[i].key_end & ~FORM_KEY_ESC;
	x.esc = !!(f->v[i].key_end & FORM_KEY_ESC);
	/* The next field starts past the '&' that ends this one; the last
	 * ends at the body's end, or at a '&' that is its last byte. */
	if (i + 1 < f->n)
		x.end = (size_t)f->v[i + 1].at - 1;
	else
		x.end = f->body[f->len - 1] == '&' ? f->len - 1 : f->len;
	x.val = x.key < x.end ? x.key + 1 : x.end;
	return x;
}

/* Does the name s[0..n), which has escapes, decode to `name`?  As
 * key_is(): a bad escape, or a name past 256 bytes, never does.
 * Compared as it decodes, without a buffer. */
static int esc_key_is(const char *s, size_t n, const char *name)
{
	size_t i, j = 0, nl = strlen(name);

	if (nl > 256)
		return 0;
	for (i = 0; i < n; i++, j++) {
		int c = (unsigned char)s[i], hi, lo;

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (i + 2 >= n || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return 0;
			c = hi << 4 | lo;
			i += 2;
		}
		if (j == nl || (unsigned char)name[j] != c)
			return 0;
	}
	return j == nl;
}

static int field_is(const struct form *f, const struct field_span *x,
		    const char *name, size_t nl)
{
	const char *k = f->body + x->at;
	size_t kn = x->key - x->at;

	if (x->esc)
		return esc_key_is(k, kn, name);
	return kn == nl && !memcmp(k, name, nl);
}

/* Field x's value decoded into out: its length, or -2 as form_next(). */
static long field_value(const struct form *f, const struct field_span *x,
			struct buf *out)
{
	buf_reset(out);
	if (form_decode(f->body + x->val, x->end - x->val, out) || out->err ||
	    !utf8_valid(out->data, out->len))
		return -2;
	return (long)out->len;
}

/* Where the walk goes on after field x. */
static size_t next_pos(const struct form *f, const struct field_span *x)
{
	return x->end < f->len ? x->end + 1 : f->len;
}

long form_field_next(const struct form *f, size_t *pos, const char *name,
		     struct buf *out)
{
	size_t nl = strlen(name), i;

	for (i = field_at(f, *pos); i < f->n; i++) {
		struct field_span x = field_span(f, i);

		if (field_is(f, &x, name, nl)) {
			*pos = next_pos(f, &x);
			return field_value(f, &x, out);
		}
	}
	*pos = f->len;
	return -1;
}

long form_field_get(const struct form *f, const char *name, unsigned nth,
		    struct buf *out)
{
	size_t pos = 0;
	long n;

	while ((n = form_field_next(f, &pos, name, out)) >= 0 && nth--)
		;
	return n;
}

long form_field_pair(const struct form *f, size_t *pos, struct buf *key,
		     struct buf *val)
{
	size_t i = field_at(f, *pos);
	struct field_span x;

	buf_reset(key);
	buf_reset(val);
	if (i == f->n) {
		*pos = f->len;
		return -1;
	}
	x = field_span(f, i);
	*pos = next_pos(f, &x);
	if (form_decode(f->body + x.at, x.key - x.at, key) || key->err ||
	    !utf8_valid(key->data, key->len)) {
		buf_reset(key);
		return -2;
	}
	return field_value(f, &x, val);
}

int cookie_get(const char *cookies, const char *name, char *out,
	       size_t outlen)
{
	size_t nl = strlen(name);
	const char *p = cookies;

	while (p && *p) {
		const char *end;
		size_t vl;

		while (*p == ' ' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		if ((size_t)(end - p) > nl && !strncmp(p, name, nl) &&
		    p[nl] == '=') {
			vl = (size_t)(end - p) - nl - 1;
			if (vl >= outlen)
				return -1;
			memcpy(out, p + nl + 1, vl);
			out[vl] = '\0';
			return 0;
		}
		p = end;
	}
	return -1;
}
