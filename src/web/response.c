/*
 * response.c: what a request gets back, and the replies that need no
 * page — a redirect, an error page, an autosave's JSON error.  http.c
 * sends a response; it does not make one.
 */
#include "web/response.h"

#include "core/html.h"
#include "core/json.h"

#include <stdio.h>

void response_init(struct response *rs)
{
	/* Not a memset: the header table is 2 KB and filled as it is used. */
	rs->status = 200;
	rs->content_type = NULL;
	rs->cache = NULL;
	rs->nheaders = 0;
	buf_init(&rs->body, (size_t)16 << 20);
}

void response_release(struct response *rs)
{
	buf_release(&rs->body);
}

void response_header(struct response *rs, const char *name,
		     const char *fmt, ...)
{
	va_list ap;

	if (rs->nheaders == HTTP_MAX_HEADERS)
		return;
	snprintf(rs->header[rs->nheaders].name,
		 sizeof(rs->header[0].name), "%s", name);
	va_start(ap, fmt);
	vsnprintf(rs->header[rs->nheaders].value,
		  sizeof(rs->header[0].value), fmt, ap);
	va_end(ap);
	rs->nheaders++;
}

void response_redirect(struct response *rs, const char *location)
{
	rs->status = 303;
	response_header(rs, "Location", "%s", location);
}

void response_html_head(struct buf *b, const char *title, bool with_script)
{
	html(b, "<!doctype html>\n<html lang=\"en\"><head>"
	     "<meta charset=\"utf-8\">"
	     "<meta name=\"viewport\" content=\"width=device-width, "
	     "initial-scale=1\">"
	     "<title>%s · alignplan</title>"
	     "<link rel=\"icon\" href=\"data:,\">"
	     "<link rel=\"stylesheet\" href=\"/static/app.css\">", title);
	if (with_script)
		html_raw(b, "<script src=\"/static/app.js\" defer></script>");
	html_raw(b, "</head><body>"
		 "<a class=\"skip\" href=\"#main\">Skip to content</a>"
		 "<header class=\"top\"><nav aria-label=\"Site\">"
		 "<a class=\"brand\" href=\"/\">alignplan</a>");
}

static const char *status_text(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 403: return "Forbidden";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 409: return "Out of date";
	case 413: return "Too large";
	case 422: return "Not saved";
	case 429: return "Too many attempts";
	case 503: return "Unavailable";
	default: return "Error";
	}
}

void response_error(struct response *rs, int status, const char *msg)
{
	struct buf *b = &rs->body;

	rs->status = status;
	buf_reset(b);
	response_html_head(b, status_text(status), false);
	html(b, "</nav></header><main id=\"main\"><h1>%s</h1>"
	     "<p class=\"error\">%s</p><p><a href=\"/\">Back to alignplan</a>"
	     "</p></main></body></html>\n", status_text(status), msg);
}

void response_json_error(struct response *rs, int status, const char *msg)
{
	struct jw j = { .b = &rs->body, .first = 1, .compact = 1 };

	rs->status = status;
	rs->content_type = "application/json";
	buf_reset(&rs->body);
	jw_open(&j, NULL, '{');
	jw_str(&j, "error", msg);
	jw_close(&j, '}');
	buf_addc(&rs->body, '\n');
}
