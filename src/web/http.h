#ifndef HTTP_H
#define HTTP_H

#include "core/buf.h"
#include "core/form.h"

#include <stdint.h>

struct store;

#define HTTP_MAX_BODY ((size_t)1 << 20)   /* larger bodies get 413 */
#define HTTP_MAX_HEADERS 6

/*
 * One request as the pages see it.  http.c (the only file that knows
 * libmicrohttpd) fills it; everything below it is plain C and can be driven
 * by tests without a socket.  All strings are NUL-terminated and live until
 * the response is sent.
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

struct response {
	int status;
	const char *content_type;   /* default text/html; charset=utf-8 */
	struct buf body;
	int nheaders;
	struct { char name[32]; char value[320]; } header[HTTP_MAX_HEADERS];
	const char *cache;          /* Cache-Control, default "no-store" */
};

void response_init(struct response *rs);
void response_release(struct response *rs);
/* Add a header; the value is copied and must fit (it is our own text). */
void response_header(struct response *rs, const char *name,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void response_redirect(struct response *rs, const char *location);

/* Serve until SIGINT/SIGTERM (SIGHUP calls on_hangup and goes on).
 * Returns 0 after a clean stop, -1 when the server cannot start. */
struct server_config {
	const char *db_url;
	const char *listen;         /* "127.0.0.1:8080" */
	unsigned threads;
	void (*on_hangup)(const char *db_url);  /* SIGHUP: reload, or NULL */
	/* Called once the listening socket and the worker threads' database
	 * connections are open, before any request is served (serve gives up
	 * root there); non-zero stops the server.  NULL: nothing to do. */
	int (*before_serving)(void);
	unsigned hash_threads;      /* the pool for slow (password) routes */
	unsigned hash_queue;        /* slow requests that may wait; then 503 */
	const char *const *trusted; /* proxies whose X-Forwarded-For counts */
	size_t ntrusted;
};
int http_serve(const struct server_config *cfg);

/* An IPv4 or IPv6 address in its canonical text into out; -1 when addr
 * is not one. */
int http_addr_norm(const char *addr, char *out, size_t outlen);
/* The client's address for rate limits: the peer's, unless the peer is
 * one of the trusted proxies (canonical text): then the rightmost entry
 * of X-Forwarded-For (xff, or NULL) that a trusted proxy did not add. */
void http_client_addr(const char *peer, const char *xff,
		      const char (*proxies)[64], size_t nproxies,
		      char out[64]);

#endif
