#ifndef RESPONSE_H
#define RESPONSE_H

#include "core/buf.h"

#include <stdbool.h>

#define HTTP_MAX_HEADERS 6

/*
 * What a request gets back: a status, headers and a body, filled by the
 * router and the pages and sent by http.c (or read by tests).  Also the
 * replies that need no page: a redirect, and an error page (or, for
 * autosave, a JSON error) for the requests refused before any page ran.
 */
struct response {
	int status;
	const char *content_type;   /* default text/html; charset=utf-8 */
	struct buf body;
	int nheaders;
	struct { char name[32]; char value[320]; } header[HTTP_MAX_HEADERS];
	const char *cache;          /* Cache-Control, default "no-store" */
};

/* Most pages fit in this; reserving it up front skips the regrowing. */
#define RESPONSE_RESERVE ((size_t)32 << 10)

void response_init(struct response *rs);
void response_release(struct response *rs);
/* Add a header; the value is copied and must fit (it is our own text). */
void response_header(struct response *rs, const char *name,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void response_redirect(struct response *rs, const char *location);

/* The top of every HTML page: the document head and the site header up
 * to the brand link, left open for the page's own links (page.c's
 * page_begin(), and the error page). */
void response_html_head(struct buf *b, const char *title, bool with_script);
/* Fill rs with an error page saying msg, replacing what was written. */
void response_error(struct response *rs, int status, const char *msg);
/* The same as JSON, {"error": msg}, for autosave's fetch. */
void response_json_error(struct response *rs, int status, const char *msg);

#endif
