/*
 * http.c: the libmicrohttpd front end.  The only file that includes
 * <microhttpd.h>: it turns each connection into a `struct request`, hands
 * it to app_handle() and sends back the `struct response`.
 *
 * Field notes that shaped it: the poll internal thread with a thread pool
 * (epoll in 0.9.75 can stall past ~128 ready connections); queue the
 * response on the second handler call, never the first, or keep-alive is
 * lost; no MHD_PostProcessor — bodies are collected here with a cap and
 * parsed by form.c.
 */
#include "http.h"

#include "app.h"
#include "store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Per-connection state between handler calls. */
struct exchange {
	struct buf body;
	int too_large;
	size_t discarded;   /* bytes of a too-large body read and dropped */
};

/* A too-large body is read and dropped so the client, still sending, gets
 * to read our 413; past this much more we just close the connection. */
#define HTTP_MAX_DISCARD ((size_t)64 << 20)

/* libmicrohttpd zeroes a connection's whole memory pool between the
 * requests of a keep-alive connection: at its default 32 KB, that wipes
 * the CPU's L1 data cache on every request.  A request's headers must fit
 * in about half of the pool (more gets 431): 16 KB takes a browser's
 * usual headers with several KB of cookies to spare. */
#define HTTP_CONN_MEMORY ((size_t)16 << 10)

static pthread_key_t store_key;
static const char *server_db_url;

/* One database connection per thread that serves requests, opened before
 * serving: serve may give up root after that, and the database's path may
 * then be out of the server's reach (a thread without one opens its own
 * by path, which then can fail).  Each thread takes one on first use. */
#define MAX_SPARE 64
static struct store *spare[MAX_SPARE];
static unsigned nspare;
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;

static void store_key_free(void *p)
{
	store_close(p);
}

/* Each server thread has its own database connection. */
static struct store *thread_store(void)
{
	struct store *st = pthread_getspecific(store_key);
	char err[256];

	if (st)
		return st;
	pthread_mutex_lock(&spare_lock);
	if (nspare)
		st = spare[--nspare];
	pthread_mutex_unlock(&spare_lock);
	if (st) {
		pthread_setspecific(store_key, st);
		return st;
	}
	if (store_open(server_db_url, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", err);
		return NULL;
	}
	pthread_setspecific(store_key, st);
	return st;
}

void response_init(struct response *rs)
{
	/* Not a memset: the header table is 2 KB and filled as it is used. */
	rs->status = 200;
	rs->content_type = NULL;
	rs->cache = NULL;
	rs->nheaders = 0;
	buf_init(&rs->body, (size_t)16 << 20);
}

/* Most pages fit in this; reserving it up front skips the regrowing. */
#define RESPONSE_RESERVE ((size_t)32 << 10)

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

static const char *header(struct MHD_Connection *c, const char *name)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);

	return v ? v : "";
}

static enum MHD_Result send_response(struct MHD_Connection *c,
				     struct response *rs)
{
	struct MHD_Response *r;
	size_t len;
	char *data;
	enum MHD_Result ret;
	int i;

	if (rs->body.err) {
		buf_release(&rs->body);
		rs->status = 500;
		buf_adds(&rs->body, "Internal error: the page was too large.\n");
		rs->content_type = "text/plain; charset=utf-8";
	}
	data = buf_detach(&rs->body, &len);
	r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(data);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", rs->content_type ?
				rs->content_type : "text/html; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control",
				rs->cache ? rs->cache : "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Content-Security-Policy",
		"default-src 'self'; img-src 'self' data:; "
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	for (i = 0; i < rs->nheaders; i++)
		MHD_add_response_header(r, rs->header[i].name,
					rs->header[i].value);
	ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void remote_addr(struct MHD_Connection *c, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, len, "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, (socklen_t)len);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)len);
}

static enum MHD_Result add_query_arg(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	struct buf *q = cls;

	(void)kind;
	if (q->len)
		buf_addc(q, '&');
	buf_adds(q, key);
	if (value) {
		buf_addc(q, '=');
		buf_adds(q, value);
	}
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **state)
{
	struct exchange *ex = *state;
	struct request rq = { 0 };
	struct response rs;
	char addr[64];
	enum MHD_Result ret;
	struct buf query = BUF_INIT;

	(void)cls;
	(void)version;
	if (!ex) {
		const char *cl = header(c, "Content-Length");

		ex = calloc(1, sizeof(*ex));
		if (!ex)
			return MHD_NO;
		buf_init(&ex->body, HTTP_MAX_BODY);
		if (*cl && strtoull(cl, NULL, 10) > HTTP_MAX_BODY)
			ex->too_large = 1;
		*state = ex;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!ex->too_large && buf_add(&ex->body, upload, *upload_size))
			ex->too_large = 1;
		if (ex->too_large) {
			ex->discarded += *upload_size;
			buf_release(&ex->body);
		}
		*upload_size = 0;
		return ex->discarded > HTTP_MAX_DISCARD ? MHD_NO : MHD_YES;
	}

	response_init(&rs);
	buf_reserve(&rs.body, RESPONSE_RESERVE);
	if (ex->too_large) {
		app_error(&rs, 413, "That request is larger than 1 MB, so "
			  "nothing was saved.");
		goto send;
	}
	rq.store = thread_store();
	if (!rq.store) {
		app_error(&rs, 503, "The database is unavailable; try again "
			  "in a moment.");
		goto send;
	}
	remote_addr(c, addr, sizeof(addr));
	rq.method = method;
	rq.path = url;
	/* libmicrohttpd strips the query from url; rebuild it from the
	 * parsed arguments (decoded, which is all the pages need). */
	buf_init(&query, 1024);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_query_arg,
				  &query);
	rq.query = query.err ? "" : query.data;
	rq.body = ex->body.data;
	rq.body_len = ex->body.len;
	rq.cookie = header(c, "Cookie");
	rq.content_type = header(c, "Content-Type");
	rq.csrf_header = header(c, "X-CSRF-Token");
	rq.autosave = !strcmp(header(c, "X-Autosave"), "1");
	rq.https = !strcasecmp(header(c, "X-Forwarded-Proto"), "https");
	rq.remote = addr;
	app_handle(&rq, &rs);
send:
	ret = send_response(c, &rs);
	response_release(&rs);
	buf_release(&query);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
			 enum MHD_RequestTerminationCode code)
{
	struct exchange *ex = *state;

	(void)cls;
	(void)c;
	(void)code;
	if (ex) {
		buf_release(&ex->body);
		free(ex);
		*state = NULL;
	}
}

static int parse_listen(const char *s, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long port;

	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	port = strtoul(colon + 1, &end, 10);
	if (*end || port == 0 || port > 65535)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (!*host || !strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

/* A listening socket on sa; -1 with errno set when there can be none. */
static int listen_on(const struct sockaddr_in *sa)
{
	int fd, on = 1, e;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) ||
	    listen(fd, 1024)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static void spares_close(void)
{
	while (nspare)
		store_close(spare[--nspare]);
}

/* Open the listening socket and a connection for each worker thread, then
 * let cfg->before_serving (serve: give up root) have its say. */
static int open_all(const struct server_config *cfg,
		    const struct sockaddr_in *sa)
{
	char err[256];
	int fd = listen_on(sa);

	if (fd < 0) {
		fprintf(stderr, "alignplan: cannot listen on %s: %s\n",
			cfg->listen, strerror(errno));
		return -1;
	}
	while (nspare < cfg->threads && nspare < MAX_SPARE) {
		if (store_open(cfg->db_url, &spare[nspare], err,
			       sizeof(err)) != STORE_OK) {
			fprintf(stderr, "alignplan: %s\n", err);
			goto fail;
		}
		nspare++;
	}
	if (cfg->before_serving && cfg->before_serving())
		goto fail;
	return fd;
fail:
	spares_close();
	close(fd);
	return -1;
}

int http_serve(const struct server_config *cfg)
{
	struct MHD_Daemon *d;
	struct sockaddr_in sa;
	sigset_t sigs;
	int sig, fd;

	if (parse_listen(cfg->listen, &sa)) {
		fprintf(stderr, "alignplan: bad --listen '%s' (want ADDR:PORT)\n",
			cfg->listen);
		return -1;
	}
	server_db_url = cfg->db_url;
	pthread_key_create(&store_key, store_key_free);
	if ((fd = open_all(cfg, &sa)) < 0)
		return -1;

	/* Threads started by the daemon inherit this mask, so the signals
	 * are taken only by sigwait() below. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG,
			     0, NULL, NULL, on_request, NULL,
			     MHD_OPTION_LISTEN_SOCKET, fd,
			     MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, 30u,
			     MHD_OPTION_CONNECTION_LIMIT, 2048u,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT,
			     (size_t)HTTP_CONN_MEMORY,
			     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "alignplan: cannot serve on %s\n", cfg->listen);
		spares_close();
		close(fd);
		return -1;
	}
	fprintf(stderr, "alignplan: serving http://%s/\n", cfg->listen);
	while (sigwait(&sigs, &sig) == 0 && sig == SIGHUP)
		if (cfg->on_hangup)
			cfg->on_hangup(cfg->db_url);
	fprintf(stderr, "alignplan: stopping\n");
	MHD_stop_daemon(d);
	spares_close();
	return 0;
}
