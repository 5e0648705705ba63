/*
 * static.c: the stylesheet and script, compiled into the binary
 * (build/assets.c is generated from web/ by xxd) so the server needs no
 * files besides its database.
 */
#include "web/pages/static.h"

#include "core/buf.h"

#include <string.h>

extern unsigned char web_app_css[], web_app_js[];
extern unsigned int web_app_css_len, web_app_js_len;

void ui_static(struct page *pg)
{
	const char *name = pg->rq->param[0];

	if (!strcmp(name, "app.css")) {
		pg->rs->content_type = "text/css; charset=utf-8";
		buf_add(&pg->rs->body, web_app_css, web_app_css_len);
	} else if (!strcmp(name, "app.js")) {
		pg->rs->content_type = "text/javascript; charset=utf-8";
		buf_add(&pg->rs->body, web_app_js, web_app_js_len);
	} else {
		response_error(pg->rs, 404, "There is no such file.");
		return;
	}
	pg->rs->cache = "public, max-age=300";
}
