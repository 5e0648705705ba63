#ifndef REQUEST_H
#define REQUEST_H

#include <stddef.h>

struct store;

#define HTTP_MAX_BODY ((size_t)1 << 20)   /* larger bodies get 413 */

/*
 * One request as the app sees it: plain C, no libmicrohttpd.  http.c
 * fills it from a connection, tests build it by hand, and router.c's
 * app_handle() takes it.  All strings are NUL-terminated and live until
 * the response is sent.  (A type only: what a page derives from it, its
 * parsed form and the route's decision, is struct page's, page.h.)
 */
struct request {
	const char *method;         /* "GET", "POST", ... */
	const char *path;           /* decoded path, no query */
	const char *query;          /* raw query string or "" */
	const char *body;           /* raw body ("" when none) */
	size_t body_len;
	const char *cookie;         /* value of the Cookie header or "" */
	const char *content_type;   /* or "" */
	const char *csrf_header;    /* X-CSRF-Token or "" */
	const char *remote;         /* client address, for rate limits */
	int autosave;               /* X-Autosave: 1 (fetch from our JS) */
	int https;                  /* behind TLS (X-Forwarded-Proto) */
	struct store *store;        /* this thread's connection */
	/* Filled by the router: path parameters. */
	const char *param[3];
};

#endif
