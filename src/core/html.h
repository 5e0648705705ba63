#ifndef HTML_H
#define HTML_H

#include <stdarg.h>
#include <stddef.h>

struct buf;

/*
 * The HTML writer.  Everything a user or a session file wrote reaches a page
 * through here, escaped by default.
 *
 * html() takes a trusted format string (a literal in our code) and escapes
 * every argument for the context it names:
 *   %s  text or a quoted attribute value: & < > " ' are escaped
 *   %u  a URL path or query component: percent-encoded, then safe anywhere
 *   %h  a whole URL for href/src: bytes a URL may not hold are
 *       percent-encoded (existing %XX kept), & becomes &amp;
 *   %d  an int            %l  a long long
 *   %%  a percent sign
 * A NULL %s prints nothing.  Raw markup only goes through html_raw(), whose
 * name says the caller vouches for it (our own templates and CSS/JS).
 */
void html(struct buf *b, const char *fmt, ...);
void html_v(struct buf *b, const char *fmt, va_list ap);
void html_txt(struct buf *b, const char *s);
void html_txtn(struct buf *b, const char *s, size_t n);
void html_raw(struct buf *b, const char *trusted);
void html_hrefn(struct buf *b, const char *url, size_t n);

/* Render canonical session Markdown (from the importer) as HTML, through the
 * escaping writer: only an allowlist of elements, links only to http(s),
 * mailto or relative URLs, raw HTML shown as text.  `inline_only` drops the
 * surrounding <p> of a one-paragraph text. */
void html_markdown(struct buf *b, const char *md, int inline_only);

#endif
