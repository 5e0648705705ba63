#ifndef HTML_H
#define HTML_H

#include <stdarg.h>
#include <stddef.h>

struct buf;

/*
 * The HTML writer.  Everything a user or a session file wrote reaches a page
 * through here, escaped by default.
 *
 * html() takes a trusted format string (a literal in our code) with
 * printf's own conversions, so the compiler checks every call:
 *   %s  text or a quoted attribute value: & < > " ' are escaped; NULL
 *       prints nothing
 *   %d %u %ld %lu %lld %llu %zu  numbers        %%  a percent sign
 * Anything else in a format prints "%?" (our bug, made visible).
 * A URL goes through a typed helper, between two html() calls:
 *   html_url()   one path or query component: percent-encoded, then safe
 *                anywhere
 *   html_href()  a whole URL for href/src: bytes a URL may not hold are
 *                percent-encoded (existing %XX kept), & becomes &amp;
 * Raw markup only goes through html_raw(), whose name says the caller
 * vouches for it (our own templates and CSS/JS).
 */
void html(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void html_v(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void html_txt(struct buf *b, const char *s);
void html_txtn(struct buf *b, const char *s, size_t n);
void html_raw(struct buf *b, const char *trusted);
void html_url(struct buf *b, const char *component);
void html_href(struct buf *b, const char *url);
void html_hrefn(struct buf *b, const char *url, size_t n);
/* Is url (n bytes) an absolute http, https or mailto address?  The only
 * links we make besides our own relative ones. */
int url_is_web(const char *url, size_t n);

/* Render canonical session Markdown (from the importer) as HTML, through the
 * escaping writer: only an allowlist of elements, links only to http(s),
 * mailto or relative URLs, raw HTML shown as text.  `inline_only` drops the
 * surrounding <p> of a one-paragraph text. */
void html_markdown(struct buf *b, const char *md, int inline_only);

#endif
