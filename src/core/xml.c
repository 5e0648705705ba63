/*
 * xml.c: the escaping XML writer for the docx parts.
 */
#include "core/xml.h"

#include "core/buf.h"

#include <string.h>

size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

void xml_txtn(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *run = p;

	while (p < end) {
		const char *rep = NULL;
		size_t len = 1;

		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		case '\t': case '\n': case '\r': break;
		default:
			if (*p < 0x20) {
				rep = "";   /* forbidden in XML 1.0 */
			} else if (*p >= 0x80) {
				len = utf8_seq(p, (size_t)(end - p));
				if (!len) {
					rep = "\xef\xbf\xbd";
					len = 1;
				} else if (len == 3 && p[0] == 0xef &&
					   p[1] == 0xbf &&
					   (p[2] == 0xbe || p[2] == 0xbf)) {
					rep = "";   /* U+FFFE, U+FFFF */
				}
			}
		}
		if (rep) {
			buf_add(b, run, (size_t)(p - run));
			buf_adds(b, rep);
			run = p + len;
		}
		p += len;
	}
	buf_add(b, run, (size_t)(end - run));
}

void xml_raw(struct buf *b, const char *trusted)
{
	buf_adds(b, trusted);
}

void xml_v(struct buf *b, const char *fmt, va_list ap)
{
	const char *p = fmt, *run = fmt;

	for (; *p; p++) {
		if (*p != '%')
			continue;
		buf_add(b, run, (size_t)(p - run));
		switch (*++p) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (s)
				xml_txtn(b, s, strlen(s));
			break;
		}
		case 'd': buf_addf(b, "%d", va_arg(ap, int)); break;
		case '%': buf_addc(b, '%'); break;
		default:
			buf_adds(b, "%?");   /* our bug: make it visible */
			if (!*p)
				return;
		}
		run = p + 1;
	}
	buf_add(b, run, (size_t)(p - run));
}

void xml(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xml_v(b, fmt, ap);
	va_end(ap);
}
