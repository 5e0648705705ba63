#include "core/html.h"

#include "core/buf.h"

#include <string.h>

/* Bytes that need escaping in text and in quoted attribute values. */
static const unsigned char special[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1,
};

void html_txtn(struct buf *b, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *run = s;

	for (; p < end; p++) {
		const char *rep;

		if (!special[(unsigned char)*p])
			continue;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(p - run));
		buf_adds(b, rep);
		run = p + 1;
	}
	buf_add(b, run, (size_t)(end - run));
}

void html_txt(struct buf *b, const char *s)
{
	if (!s)
		return;
	/* Most text has nothing to escape: find the first special byte
	 * with the library's vectorised scan and copy up to it at once. */
	for (;;) {
		size_t n = strcspn(s, "&<>\"'");

		buf_add(b, s, n);
		if (!s[n])
			return;
		html_txtn(b, s + n, 1);
		s += n + 1;
	}
}

void html_raw(struct buf *b, const char *trusted)
{
	buf_adds(b, trusted);
}

/* Percent-encode everything but RFC 3986 unreserved characters and '/'. */
static void html_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c))
			buf_addc(b, (char)c);
		else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_add(b, e, 3);
		}
	}
}

/* Pages print many small numbers: skip printf's machinery for them. */
static void add_int(struct buf *b, long long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
				       (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

void html_hrefn(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '&')
			buf_adds(b, "&amp;");
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') ||
			 strchr("-._~:/?#@!$()*+,;=%", c))
			buf_addc(b, (char)c);
		else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_add(b, e, 3);
		}
	}
}

void html_v(struct buf *b, const char *fmt, va_list ap)
{
	const char *p = fmt, *pct;

	while ((pct = strchr(p, '%'))) {
		buf_add(b, p, (size_t)(pct - p));
		switch (pct[1]) {
		case 's': html_txt(b, va_arg(ap, const char *)); break;
		case 'u': html_url(b, va_arg(ap, const char *)); break;
		case 'h': {
			const char *h = va_arg(ap, const char *);

			if (h)
				html_hrefn(b, h, strlen(h));
			break;
		}
		case 'd': add_int(b, va_arg(ap, int)); break;
		case 'l': add_int(b, va_arg(ap, long long)); break;
		case '%': buf_addc(b, '%'); break;
		default:
			/* A bad directive is our bug: make it visible. */
			buf_adds(b, "%?");
			if (!pct[1])
				return;
		}
		p = pct + 2;
	}
	buf_adds(b, p);
}

void html(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	html_v(b, fmt, ap);
	va_end(ap);
}
