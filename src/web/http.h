#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

/*
 * The libmicrohttpd front end (http.c, the only file that includes
 * <microhttpd.h>): it turns each connection into a `struct request`
 * (request.h), hands it to app_handle() (router.h) and sends back the
 * `struct response` (response.h).
 */

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
