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
 *
 * Routes marked slow (they hash a password) do not run on libmicrohttpd's
 * threads: the connection is suspended, app_handle() runs in a small pool
 * (pool.h) with a bounded queue, and the connection is resumed to send
 * the reply; when the queue is full the reply is 503 at once.
 *
 * Requests whose length is ambiguous (Content-Length with
 * Transfer-Encoding, two Content-Lengths, "Content-Length :") or that
 * lack a Host are refused with 400 and the connection closed, before any
 * body is read: behind a proxy that reads them otherwise they would
 * smuggle a second request.
 */
#include "web/http.h"

#include "core/clock.h"
#include "core/pool.h"
#include "store/store.h"
#include "web/request.h"
#include "web/response.h"
#include "web/router.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* A slow request while the pool has it: what app_handle() reads (the
 * header strings stay libmicrohttpd's, unchanged while the connection is
 * suspended) and the reply it fills. */
struct slow {
	struct MHD_Connection *c;
	struct request rq;
	struct response rs;
	struct buf query;
	char addr[64];
};

/* Per-connection state between handler calls. */
struct exchange {
	struct buf body;
	int too_large;
	size_t discarded;   /* bytes of a too-large body read and dropped */
	struct slow *slow;  /* a slow route's request, with the pool or done */
	int64_t start_us;   /* its headers read (clock_us()): Server-Timing */
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

static const char *server_db_url;
static struct pool *slow_pool;
/* Held from queueing a slow request until its connection is suspended,
 * so a quick job cannot resume it before. */
static pthread_mutex_t suspend_lock = PTHREAD_MUTEX_INITIALIZER;
#define HTTP_BUSY_RETRY 2   /* Retry-After, seconds, when the pool is full */
#define HTTP_POOL_NICE 5    /* the pool's threads yield to the pages' */
#define HTTP_MAX_PROXIES 8
static char trusted[HTTP_MAX_PROXIES][64];
static size_t ntrusted;

/*
 * The database connections, opened before serving: serve may give up
 * root after that, and the database's path may then be out of the
 * server's reach (one opened later, by path, can then fail).  A request
 * takes one for itself and gives it back when done, the most recently
 * given first: a server that has one request at a time keeps to one warm
 * connection (its login memo, its prepared statements' plans and the
 * database's caches behind them: on PostgreSQL a connection's first run
 * of a page's statements costs milliseconds), and only requests that
 * overlap bring the others in.  At most --threads plus --hash-threads are
 * out at once, which is how many are opened.
 */
#define MAX_SPARE 80     /* --threads up to 64, --hash-threads up to 16 */
static struct store *spare[MAX_SPARE];
static unsigned nspare;
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;

static struct store *store_take(void)
{
	struct store *st = NULL;
	char err[256];

	pthread_mutex_lock(&spare_lock);
	if (nspare)
		st = spare[--nspare];
	pthread_mutex_unlock(&spare_lock);
	if (st)
		return st;
	if (store_open(server_db_url, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", err);
		return NULL;
	}
	return st;
}

/* Between requests (store_idle()), then back on top of the spares. */
static void store_give(struct store *st)
{
	if (!st)
		return;
	store_idle(st);
	pthread_mutex_lock(&spare_lock);
	if (nspare < MAX_SPARE) {
		spare[nspare++] = st;
		st = NULL;
	}
	pthread_mutex_unlock(&spare_lock);
	if (st)
		store_close(st);
}

/*
 * A reply's body is tens of KB, which malloc() takes from its one heap
 * under a lock (keep_freed_memory() in serve.c), once to make it and once
 * to free it: on SQLite's page, 4 threads queued on that lock for a tenth
 * of the server's CPU.  So each thread keeps the last body it sent, at
 * most SPARE_BODY_MAX bytes, for its next reply.
 */
#define SPARE_BODY_MAX ((size_t)1 << 20)
static pthread_key_t spare_body;
static pthread_once_t spare_body_once = PTHREAD_ONCE_INIT;

static void spare_body_key(void)
{
	if (pthread_key_create(&spare_body, free))
		abort();
}

/* An empty body for a reply: the thread's spare, or a new one. */
static void body_start(struct buf *b)
{
	char *data;

	pthread_once(&spare_body_once, spare_body_key);
	data = pthread_getspecific(spare_body);
	if (data && !pthread_setspecific(spare_body, NULL))
		buf_adopt(b, data, malloc_usable_size(data));
	else
		buf_reserve(b, RESPONSE_RESERVE);
}

/* libmicrohttpd is done with a body (data): the thread's spare if it has
 * none and it is of a reply's size. */
static void body_done(void *data)
{
	size_t n = malloc_usable_size(data);

	pthread_once(&spare_body_once, spare_body_key);
	if (n >= RESPONSE_RESERVE && n <= SPARE_BODY_MAX &&
	    !pthread_getspecific(spare_body) &&
	    !pthread_setspecific(spare_body, data))
		return;
	free(data);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);

	return v ? v : "";
}

/* Queue rs on c; `close`: end the connection after it.  start_us, when
 * not 0, is when the request's headers were read: the time since goes in
 * a Server-Timing header ("app;dur=" milliseconds), the server's own part
 * of the exchange, for bench/scale.sh and a browser's developer tools. */
static enum MHD_Result send_response(struct MHD_Connection *c,
				     struct response *rs, int close,
				     int64_t start_us)
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
	r = MHD_create_response_from_buffer_with_free_callback_cls(len, data,
								  body_done,
								  data);
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
	if (close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	if (start_us) {
		char dur[32];

		snprintf(dur, sizeof(dur), "app;dur=%.3f",
			 (double)(clock_us() - start_us) / 1000);
		MHD_add_response_header(r, "Server-Timing", dur);
	}
	ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

int http_addr_norm(const char *addr, char *out, size_t outlen)
{
	unsigned char a[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, addr, a) == 1)
		return inet_ntop(AF_INET, a, out, (socklen_t)outlen) ? 0 : -1;
	if (inet_pton(AF_INET6, addr, a) == 1)
		return inet_ntop(AF_INET6, a, out, (socklen_t)outlen) ? 0 : -1;
	return -1;
}

/* One X-Forwarded-For entry (blanks around it, maybe "[v6]:port" or
 * "v4:port", as some proxies write) into out; -1 when not an address. */
static int xff_entry(const char *s, size_t n, char out[64])
{
	char tmp[64];
	const char *colon;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n && *s == '[') {
		const char *end = memchr(s, ']', n);

		if (!end)
			return -1;
		n = (size_t)(end - s - 1);
		s++;
	} else if ((colon = memchr(s, ':', n)) && !memchr(colon + 1, ':',
					n - (size_t)(colon + 1 - s)))
		n = (size_t)(colon - s);  /* one colon: IPv4 and a port */
	if (!n || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return http_addr_norm(tmp, out, 64);
}

static int is_trusted(const char *addr, const char (*proxies)[64], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(addr, proxies[i]))
			return 1;
	return 0;
}

void http_client_addr(const char *peer, const char *xff,
		      const char (*proxies)[64], size_t nproxies,
		      char out[64])
{
	const char *end = xff ? xff + strlen(xff) : NULL;

	snprintf(out, 64, "%s", peer);
	if (!xff || !is_trusted(peer, proxies, nproxies))
		return;
	/* From the right: each entry was written by the hop after it, so
	 * the first one a trusted proxy did not send us is the client's.
	 * Entries to its left are the client's own word. */
	while (end > xff) {
		const char *start = end;
		char a[64];

		while (start > xff && start[-1] != ',')
			start--;
		if (xff_entry(start, (size_t)(end - start), a))
			return;
		snprintf(out, 64, "%s", a);
		if (!is_trusted(a, proxies, nproxies))
			return;
		end = start > xff ? start - 1 : xff;
	}
}

static void remote_addr(struct MHD_Connection *c, const char *xff,
			char out[64])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	char peer[64] = "?";

	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  peer, sizeof(peer));
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, peer,
			  sizeof(peer));
	http_client_addr(peer, xff, trusted, ntrusted, out);
}

/* The headers that decide how the body is framed, counted. */
struct framing {
	unsigned content_length, transfer_encoding, host, blank_name;
	const char *te;     /* the Transfer-Encoding value */
	const char *xff;    /* the last X-Forwarded-For */
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
				    const char *key, const char *value)
{
	struct framing *f = cls;

	(void)kind;
	if (key[strcspn(key, " \t")])
		f->blank_name++;
	else if (!strcasecmp(key, "Content-Length"))
		f->content_length++;
	else if (!strcasecmp(key, "Transfer-Encoding")) {
		f->transfer_encoding++;
		f->te = value ? value : "";
	} else if (!strcasecmp(key, "Host"))
		f->host++;
	else if (!strcasecmp(key, "X-Forwarded-For"))
		f->xff = value;
	return MHD_YES;
}

/* Why the request's framing is refused (and its status), or NULL. */
static const char *framing_refused(struct MHD_Connection *c,
				   const char *version, int *status)
{
	struct framing f = { 0 };
	int http11 = !strcmp(version, MHD_HTTP_VERSION_1_1);

	MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &f);
	*status = 400;
	if (f.blank_name)   /* "Content-Length :" is one to some proxies */
		return "A header name may not contain blanks.";
	if (f.content_length && f.transfer_encoding)
		return "A request may not have both Content-Length and "
		       "Transfer-Encoding.";
	if (f.content_length > 1)
		return "A request may have only one Content-Length.";
	if (f.transfer_encoding && !http11)
		return "Transfer-Encoding needs HTTP/1.1.";
	if (f.transfer_encoding > 1 || (f.te && strcasecmp(f.te, "chunked"))) {
		*status = 501;
		return "The only transfer coding understood is chunked.";
	}
	if (http11 && f.host != 1)
		return "An HTTP/1.1 request needs exactly one Host header.";
	return NULL;
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

/* Fill rq from the connection: method, path, query (rebuilt into
 * query), headers and the client address (into addr). */
static void request_fill(struct MHD_Connection *c, const char *url,
			 const char *method, struct exchange *ex,
			 struct request *rq, struct buf *query, char addr[64])
{
	struct framing f = { 0 };

	if (ntrusted)   /* else X-Forwarded-For is not read at all */
		MHD_get_connection_values(c, MHD_HEADER_KIND, count_header,
					  &f);
	remote_addr(c, f.xff, addr);
	rq->method = method;
	rq->path = url;
	/* libmicrohttpd strips the query from url; rebuild it from the
	 * parsed arguments (decoded, which is all the pages need). */
	buf_init(query, 1024);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_query_arg,
				  query);
	rq->query = query->err ? "" : query->data;
	rq->body = ex->body.data;
	rq->body_len = ex->body.len;
	rq->cookie = header(c, "Cookie");
	rq->content_type = header(c, "Content-Type");
	rq->csrf_header = header(c, "X-CSRF-Token");
	rq->autosave = !strcmp(header(c, "X-Autosave"), "1");
	rq->https = !strcasecmp(header(c, "X-Forwarded-Proto"), "https");
	rq->remote = addr;
}

static void slow_free(struct slow *s)
{
	response_release(&s->rs);
	buf_release(&s->query);
	free(s);
}

/* A pool thread: run the page with this thread's own database
 * connection, then hand the connection back to libmicrohttpd, which
 * calls on_request() again to send the reply. */
static void slow_run(void *arg)
{
	struct slow *s = arg;

	s->rq.store = store_take();
	if (s->rq.store) {
		app_handle(&s->rq, &s->rs);
		store_give(s->rq.store);
		s->rq.store = NULL;
	} else
		response_error(&s->rs, 503, "The database is unavailable; try "
			       "again in a moment.");
	pthread_mutex_lock(&suspend_lock);
	pthread_mutex_unlock(&suspend_lock);
	MHD_resume_connection(s->c);
}

/* Queue a slow request for the pool and suspend its connection: 0, or
 * -1 when the queue is full (or memory is), and nothing was queued. */
static int slow_start(struct MHD_Connection *c, const char *url,
		      const char *method, struct exchange *ex)
{
	struct slow *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return -1;
	s->c = c;
	response_init(&s->rs);
	body_start(&s->rs.body);
	request_fill(c, url, method, ex, &s->rq, &s->query, s->addr);
	pthread_mutex_lock(&suspend_lock);
	r = pool_submit(slow_pool, slow_run, s);
	if (r == 0) {
		ex->slow = s;
		MHD_suspend_connection(c);
	}
	pthread_mutex_unlock(&suspend_lock);
	if (r)
		slow_free(s);
	return r;
}

/* The first call, with the headers only: refuse a request whose framing
 * is ambiguous, before its body is read (so nothing of it is taken for a
 * next request), or start its exchange. */
static enum MHD_Result exchange_start(struct MHD_Connection *c,
				      const char *version, void **state)
{
	const char *cl = header(c, "Content-Length"), *why;
	struct exchange *ex;
	struct response rs;
	enum MHD_Result ret;
	int status;

	if ((why = framing_refused(c, version, &status))) {
		response_init(&rs);
		response_error(&rs, status, why);
		ret = send_response(c, &rs, 1, 0);
		response_release(&rs);
		return ret;
	}
	ex = malloc(sizeof(*ex));        /* not calloc(): it skips the
					 * thread's cache (tcache), for
					 * the heap's lock */
	if (!ex)
		return MHD_NO;
	*ex = (struct exchange){ 0 };
	buf_init(&ex->body, HTTP_MAX_BODY);
	ex->start_us = clock_us();
	if (*cl && strtoull(cl, NULL, 10) > HTTP_MAX_BODY)
		ex->too_large = 1;
	*state = ex;
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
	int busy = 0;

	(void)cls;
	if (!ex)
		return exchange_start(c, version, state);
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
	if (ex->slow) {     /* resumed: the pool has filled the reply */
		ret = send_response(c, &ex->slow->rs, 0, ex->start_us);
		slow_free(ex->slow);
		ex->slow = NULL;
		return ret;
	}
	if (!ex->too_large && slow_pool && app_route_slow(method, url)) {
		if (slow_start(c, url, method, ex) == 0)
			return MHD_YES;
		busy = 1;
	}

	response_init(&rs);
	body_start(&rs.body);
	if (ex->too_large) {
		response_error(&rs, 413, "That request is larger than 1 MB, so "
			       "nothing was saved.");
		goto send;
	}
	if (busy) {
		response_error(&rs, 503, "The server is busy with other "
			       "logins and sign-ups; try again in a few "
			       "seconds.");
		response_header(&rs, "Retry-After", "%d", HTTP_BUSY_RETRY);
		goto send;
	}
	rq.store = store_take();
	if (!rq.store) {
		response_error(&rs, 503, "The database is unavailable; try "
			       "again in a moment.");
		goto send;
	}
	request_fill(c, url, method, ex, &rq, &query, addr);
	app_handle(&rq, &rs);
	store_give(rq.store);
send:
	ret = send_response(c, &rs, 0, ex->start_us);
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
		if (ex->slow)   /* resumed, but the reply was never sent */
			slow_free(ex->slow);
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
	/* As many as can be out at once (store_take()). */
	while (nspare < cfg->threads + cfg->hash_threads &&
	       nspare < MAX_SPARE) {
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
	for (ntrusted = 0; ntrusted < cfg->ntrusted; ntrusted++) {
		if (ntrusted == HTTP_MAX_PROXIES ||
		    http_addr_norm(cfg->trusted[ntrusted], trusted[ntrusted],
				   sizeof(trusted[0]))) {
			fprintf(stderr, "alignplan: bad --trusted-proxy '%s' "
				"(want an IP address, at most %d of them)\n",
				cfg->trusted[ntrusted], HTTP_MAX_PROXIES);
			return -1;
		}
	}
	server_db_url = cfg->db_url;
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

	slow_pool = pool_start(cfg->hash_threads, cfg->hash_queue,
			       HTTP_POOL_NICE);
	if (!slow_pool) {
		fputs("alignplan: cannot start the password threads\n", stderr);
		return -1;
	}
	d = MHD_start_daemon(MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
			     MHD_ALLOW_SUSPEND_RESUME,
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
		pool_stop(slow_pool);
		pool_free(slow_pool);
		slow_pool = NULL;
		return -1;
	}
	fprintf(stderr, "alignplan: serving http://%s/\n", cfg->listen);
	while (sigwait(&sigs, &sig) == 0 && sig == SIGHUP)
		if (cfg->on_hangup)
			cfg->on_hangup(cfg->db_url);
	fprintf(stderr, "alignplan: stopping\n");
	/* The pool first: its jobs resume their connections, and
	 * libmicrohttpd must have none suspended when it stops. */
	pool_stop(slow_pool);
	MHD_stop_daemon(d);
	spares_close();
	pool_free(slow_pool);
	slow_pool = NULL;
	return 0;
}
