#include "core/html.h"

#include "core/buf.h"

#include <string.h>
#include <strings.h>

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
void html_url(struct buf *b, const char *s)
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
static void add_digits(struct buf *b, unsigned long long u, int negative)
{
	char tmp[24], *p = tmp + sizeof(tmp);

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (negative)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void add_int(struct buf *b, long long v)
{
	add_digits(b, v < 0 ? 0ULL - (unsigned long long)v :
		      (unsigned long long)v, v < 0);
}

static void add_uint(struct buf *b, unsigned long long v)
{
	add_digits(b, v, 0);
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

void html_href(struct buf *b, const char *url)
{
	if (url)
		html_hrefn(b, url, strlen(url));
}

/* One conversion of html()'s: the length modifier (none, l, ll or z) and
 * the conversion letter after it.  Returns the bytes it took after '%',
 * or 0 when it is not one of ours. */
static size_t add_conv(struct buf *b, const char *c, va_list *ap)
{
	size_t mod = c[0] == 'z' ? 1 : c[0] != 'l' ? 0 : c[1] == 'l' ? 2 : 1;
	char conv = c[mod];

	if (conv == '%' && !mod)
		buf_addc(b, '%');
	else if (conv == 's' && !mod)
		html_txt(b, va_arg(*ap, const char *));
	else if (conv == 'd' && mod == 0)
		add_int(b, va_arg(*ap, int));
	else if (conv == 'd' && mod == 1 && c[0] == 'l')
		add_int(b, va_arg(*ap, long));
	else if (conv == 'd' && mod == 2)
		add_int(b, va_arg(*ap, long long));
	else if (conv == 'u' && mod == 0)
		add_uint(b, va_arg(*ap, unsigned));
	else if (conv == 'u' && c[0] == 'z')
		add_uint(b, va_arg(*ap, size_t));
	else if (conv == 'u' && mod == 1)
		add_uint(b, va_arg(*ap, unsigned long));
	else if (conv == 'u' && mod == 2)
		add_uint(b, va_arg(*ap, unsigned long long));
	else
		return 0;
	return mod + 1;
}

void html_v(struct buf *b, const char *fmt, va_list ap)
{
	const char *p = fmt, *pct;
	va_list aq;

	va_copy(aq, ap);
	while ((pct = strchr(p, '%'))) {
		size_t took;

		buf_add(b, p, (size_t)(pct - p));
		took = add_conv(b, pct + 1, &aq);
		if (!took) {
			/* A bad directive is our bug: make it visible. */
			buf_adds(b, "%?");
			if (!pct[1])
				break;
			took = 1;
		}
		p = pct + 1 + took;
	}
	if (!pct)
		buf_adds(b, p);
	va_end(aq);
}

void html(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	html_v(b, fmt, ap);
	va_end(ap);
}

int url_is_web(const char *s, size_t n)
{
	static const char *const ok[] = { "http://", "https://", "mailto:" };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(*ok); i++)
		if (n > strlen(ok[i]) && !strncasecmp(s, ok[i], strlen(ok[i])))
			return 1;
	return 0;
}
