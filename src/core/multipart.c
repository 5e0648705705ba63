/*
 * multipart.c: a multipart/form-data body re-encoded as the urlencoded
 * form every page reads (multipart.h).  Untrusted input: every search is
 * bounded by the body's length, nothing is read past it, and the output
 * is at most three times the input (out's cap holds it to that).
 */
#include "core/multipart.h"

#include "core/form.h"

#include <string.h>
#include <strings.h>

#define BOUNDARY_MAX 70   /* RFC 2046 */

/* The first n bytes of needle in hay[0..len), or NULL. */
static const char *find(const char *hay, size_t len, const char *needle,
			size_t n)
{
	size_t i;

	if (!n || n > len)
		return NULL;
	for (i = 0; i + n <= len; i++)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, n))
			return hay + i;
	return NULL;
}

int multipart_is(const char *ct)
{
	return ct && !strncasecmp(ct, "multipart/form-data", 19) &&
	       (!ct[19] || ct[19] == ';' || ct[19] == ' ');
}

/* The boundary parameter of ct into out ("--" in front); its length, or
 * 0 when there is none or it is too long. */
static size_t boundary_of(const char *ct, char out[BOUNDARY_MAX + 3])
{
	const char *p = ct;
	size_t n;

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		p += strspn(p, " \t");
		if (strncasecmp(p, "boundary=", 9))
			continue;
		p += 9;
		if (*p == '"')
			n = strcspn(++p, "\"");
		else
			n = strcspn(p, "; \t");
		if (!n || n > BOUNDARY_MAX)
			return 0;
		memcpy(out, "--", 2);
		memcpy(out + 2, p, n);
		out[n + 2] = '\0';
		return n + 2;
	}
	return 0;
}

/* Percent-encode s[0..n) onto out. */
static void encode(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			buf_addc(out, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			buf_add(out, e, 3);
		}
	}
}

/* The quoted parameter `key` (e.g. "name") of a Content-Disposition
 * header h[0..n): where its value starts, its length in *len; NULL
 * when absent.  "filename" is not taken for "name". */
static const char *param(const char *h, size_t n, const char *key,
			 size_t *len)
{
	size_t k = strlen(key), i;

	for (i = 0; i + k + 2 <= n; i++) {
		const char *q;

		if (strncasecmp(h + i, key, k) || h[i + k] != '=' ||
		    h[i + k + 1] != '"')
			continue;
		if (i && h[i - 1] != ';' && h[i - 1] != ' ' && h[i - 1] != '\t')
			continue;
		i += k + 2;
		if (!(q = memchr(h + i, '"', n - i)))
			return NULL;
		*len = (size_t)(q - (h + i));
		return h + i;
	}
	return NULL;
}

struct part {
	const char *name, *filename, *value;
	size_t name_len, filename_len, value_len;
	int has_filename;
};

/* The part's headers h[0..n): its Content-Disposition's name and
 * filename.  Other headers (Content-Type) are ignored. */
static void part_headers(const char *h, size_t n, struct part *p)
{
	while (n) {
		const char *eol = find(h, n, "\r\n", 2);
		size_t l = eol ? (size_t)(eol - h) : n;

		if (l > 20 && !strncasecmp(h, "Content-Disposition:", 20)) {
			p->name = param(h, l, "name", &p->name_len);
			p->filename = param(h, l, "filename",
					    &p->filename_len);
			p->has_filename = p->filename != NULL;
		}
		if (!eol)
			break;
		n -= l + 2;
		h = eol + 2;
	}
}

/* Add one part to the form. */
static int part_add(struct buf *out, const struct part *p)
{
	if (!p->name)
		return 0;
	if (p->has_filename && !utf8_valid(p->value, p->value_len))
		return MULTIPART_FILE_NOT_UTF8;
	if (out->len)
		buf_addc(out, '&');
	encode(out, p->name, p->name_len);
	buf_addc(out, '=');
	encode(out, p->value, p->value_len);
	if (p->has_filename) {
		buf_addc(out, '&');
		encode(out, p->name, p->name_len);
		buf_adds(out, ".filename=");
		encode(out, p->filename, p->filename_len);
	}
	return out->err ? MULTIPART_NOMEM : 0;
}

int multipart_to_form(const char *ct, const char *body, size_t len,
		      struct buf *out)
{
	char delim[BOUNDARY_MAX + 5] = "\r\n";
	size_t dn = boundary_of(ct, delim + 2), at;
	const char *p, *end = body + len;
	int r;

	if (!dn || len < dn || memcmp(body, delim + 2, dn))
		return MULTIPART_BAD;
	dn += 2;            /* from here on the delimiter is CRLF--boundary */
	p = body + dn - 2;
	for (;;) {
		struct part part = { 0 };
		const char *hend, *next;

		if (end - p >= 2 && !memcmp(p, "--", 2))
			return 0;                       /* the close */
		if (end - p < 2 || memcmp(p, "\r\n", 2))
			return MULTIPART_BAD;
		p += 2;
		if (end - p >= 2 && !memcmp(p, "\r\n", 2)) {
			p += 2;                         /* no headers */
		} else {
			hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
			if (!hend)
				return MULTIPART_BAD;
			at = (size_t)(hend - p);
			part_headers(p, at, &part);
			p += at + 4;
		}
		if (!(next = find(p, (size_t)(end - p), delim, dn)))
			return MULTIPART_BAD;
		part.value = p;
		part.value_len = (size_t)(next - p);
		if ((r = part_add(out, &part)))
			return r;
		p = next + dn;
	}
}
