/*
 * ceiling.c: how fast the exercise page could be served on PostgreSQL if
 * no request waited on a thread of its own (docs/scaling.md, "An
 * eleventh look").  Not the app: a reference bench/pages.sh measures
 * beside it, with the app's own statements and the app's own page bytes.
 *
 * Each of THREADS threads runs a libmicrohttpd daemon in its external
 * epoll mode, all on one listening socket (a connection goes to the
 * thread that takes it first, as with nginx's workers), and one
 * PostgreSQL connection in pipeline mode.  A GET is parked (suspended)
 * while its reads are out: a snapshot (BEGIN, or COMMIT AND CHAIN after
 * the batch's page before it), the login (Q_LOGIN_GET) and the answers
 * (Q_ANSWER_LIST), as the app reads them.
 * Every GET of one turn of the loop goes in one batch, ended by COMMIT
 * and one sync, so no snapshot stays open while the thread is idle.
 * When a page's three replies are in and held what it asked (the login
 * found), its connection is resumed and gets PAGEFILE's bytes; otherwise
 * a 500, which wrk counts.  What the app spends rendering is left out:
 * SQLite's page ratio in the same run says what that costs.
 *
 * Usage: ceiling PORT URL TOKEN PAGEFILE THREADS
 * (TOKEN: the reader's session cookie's value, as the app set it).
 */
#include "auth/auth.h"
#include "store/pg-conn-int.h"
#include "store/pg-private.h"

#include <errno.h>
#include <libpq-fe.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define THREADS_MAX 16
#define BATCH_MAX 4096          /* pages and COMMITs waiting for replies */
#define PAGE_REPLIES 3          /* snapshot, login, answers */

/* A page while its reads are out. */
struct parked {
	struct MHD_Connection *c;
	int asked, ok;
};

/* What the connection owes replies for, oldest first: a page's three,
 * or a batch's COMMIT (page NULL, one). */
struct owed {
	struct parked *page;
	int replies;
};

struct thread {
	PGconn *pg;
	struct MHD_Daemon *d;
	struct owed owed[BATCH_MAX];
	unsigned head, tail;    /* owed[head % BATCH_MAX] is the oldest */
	int got, ok;            /* the oldest's replies so far, all good */
	int batch;              /* pages sent this turn */
};

static int port, listening;
static const char *url;
static char token_hash[65], user_id[24];
static struct MHD_Response *page, *failed;

static void die(const char *what, const char *why)
{
	fprintf(stderr, "ceiling: %s: %s\n", what, why);
	exit(2);
}

static void prepare(PGconn *pg, const char *name, const char *sql)
{
	PGresult *r = PQprepare(pg, name, sql, 0, NULL);

	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		die(name, PQresultErrorMessage(r));
	PQclear(r);
}

static void prepare_query(PGconn *pg, const char *name, enum be_query q)
{
	char sql[4096];

	if (pg_sql(q, sql, sizeof(sql)))
		die(name, "no SQL for it");
	prepare(pg, name, sql);
}

static PGconn *connect_db(void)
{
	PGconn *pg = PQconnectdb(url);

	if (PQstatus(pg) != CONNECTION_OK)
		die("connecting", PQerrorMessage(pg));
	prepare(pg, "begin", READ_SQL);
	prepare(pg, "chain", CHAIN_SQL);
	prepare(pg, "commit", "COMMIT");
	prepare_query(pg, "login", Q_LOGIN_GET);
	prepare_query(pg, "answers", Q_ANSWER_LIST);
	return pg;
}

/* The reader's user id, from their login, as the app finds it. */
static void find_reader(PGconn *pg)
{
	const char *arg[1] = { token_hash };
	PGresult *r = PQexecPrepared(pg, "login", 1, arg, NULL, NULL, 0);

	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		die("the reader's login", "not found");
	snprintf(user_id, sizeof(user_id), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
}

static int owe(struct thread *t, struct parked *p, int replies)
{
	if (t->tail - t->head == BATCH_MAX)
		return 0;
	t->owed[t->tail++ % BATCH_MAX] = (struct owed){ p, replies };
	return 1;
}

/* Send a page's reads (no wait): 0 when they cannot go. */
static int ask(struct thread *t, struct parked *p)
{
	const char *login[1] = { token_hash };
	const char *answers[2] = { user_id, "7" };

	if (t->tail - t->head >= BATCH_MAX - 1)        /* room for COMMIT */
		return 0;
	if (!PQsendQueryPrepared(t->pg, t->batch ? "chain" : "begin", 0,
				 NULL, NULL, NULL, 0) ||
	    !PQsendQueryPrepared(t->pg, "login", 1, login, NULL, NULL, 1) ||
	    !PQsendQueryPrepared(t->pg, "answers", 2, answers, NULL, NULL, 1))
		die("sending", PQerrorMessage(t->pg));
	t->batch++;
	return owe(t, p, PAGE_REPLIES);
}

/* The replies that came: each page whose three are in is resumed. */
static void take_replies(struct thread *t)
{
	PGresult *r;

	if (!PQconsumeInput(t->pg))
		die("reading", PQerrorMessage(t->pg));
	while (!PQisBusy(t->pg)) {
		struct owed *o = &t->owed[t->head % BATCH_MAX];
		ExecStatusType s;

		if (!(r = PQgetResult(t->pg))) {
			/* the end of one statement's results, or nothing yet */
			if (PQisBusy(t->pg) || !(r = PQgetResult(t->pg)))
				break;
		}
		s = PQresultStatus(r);
		if (s == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			continue;
		}
		if (t->head == t->tail)
			die("reading", "a reply nothing was sent for");
		if (!t->got)
			t->ok = 1;
		/* the login's reply (the second) must be its one row */
		if ((s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) ||
		    (o->page && t->got == 1 && PQntuples(r) != 1))
			t->ok = 0;
		PQclear(r);
		if (++t->got < o->replies)
			continue;
		t->got = 0;
		t->head++;
		if (!o->page) {
			if (!t->ok)
				die("COMMIT", "failed");
			continue;
		}
		o->page->ok = t->ok;
		MHD_resume_connection(o->page->c);
	}
}

/* Send what is queued, taking replies meanwhile so neither side blocks
 * on a full socket. */
static void flush(struct thread *t)
{
	int r;

	while ((r = PQflush(t->pg)) == 1) {
		struct pollfd fd = { PQsocket(t->pg), POLLIN | POLLOUT, 0 };

		if (poll(&fd, 1, -1) < 0 && errno != EINTR)
			die("poll", strerror(errno));
		if (fd.revents & POLLIN)
			take_replies(t);
	}
	if (r < 0)
		die("sending", PQerrorMessage(t->pg));
}

static enum MHD_Result serve(void *cls, struct MHD_Connection *c,
			     const char *path, const char *method,
			     const char *version, const char *data,
			     size_t *size, void **ctx)
{
	struct thread *t = cls;
	struct parked *p = *ctx;

	(void)path, (void)method, (void)version, (void)data;
	if (!p) {               /* the headers: answered on a later call */
		if (!(p = calloc(1, sizeof(*p))))
			return MHD_NO;
		p->c = c;
		*ctx = p;
		return MHD_YES;
	}
	if (*size) {            /* a body: not read */
		*size = 0;
		return MHD_YES;
	}
	if (!p->asked) {
		p->asked = 1;
		if (!ask(t, p))
			return MHD_queue_response(c, 503, failed);
		MHD_suspend_connection(c);
		return MHD_YES;
	}
	return MHD_queue_response(c, p->ok ? 200 : 500, p->ok ? page : failed);
}

static void done(void *cls, struct MHD_Connection *c, void **ctx,
		 enum MHD_RequestTerminationCode why)
{
	(void)cls, (void)c, (void)why;
	free(*ctx);
	*ctx = NULL;
}

/* Non-blocking: every thread takes connections from it, and one that
 * finds another took the connection first must not wait in accept(). */
static int listen_on(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(fd, 1024))
		die("listening", strerror(errno));
	return fd;
}

static void *run(void *arg)
{
	struct thread *t = arg;
	struct epoll_event ev = { .events = EPOLLIN }, ready[8];
	const union MHD_DaemonInfo *info;
	int ep, mhd_fd, pg_fd, i, n;

	t->pg = connect_db();
	if (PQsetnonblocking(t->pg, 1) || !PQenterPipelineMode(t->pg))
		die("pipeline mode", PQerrorMessage(t->pg));
	t->d = MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
				MHD_USE_ERROR_LOG, 0, NULL, NULL, serve, t,
				MHD_OPTION_LISTEN_SOCKET, listening,
				MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
				MHD_OPTION_CONNECTION_LIMIT, 2048u,
				MHD_OPTION_END);
	if (!t->d)
		die("libmicrohttpd", "the daemon did not start");
	info = MHD_get_daemon_info(t->d, MHD_DAEMON_INFO_EPOLL_FD);
	mhd_fd = info->epoll_fd;
	pg_fd = PQsocket(t->pg);
	if ((ep = epoll_create1(0)) < 0)
		die("epoll", strerror(errno));
	ev.data.fd = mhd_fd;
	epoll_ctl(ep, EPOLL_CTL_ADD, mhd_fd, &ev);
	ev.data.fd = pg_fd;
	epoll_ctl(ep, EPOLL_CTL_ADD, pg_fd, &ev);
	for (;;) {
		MHD_UNSIGNED_LONG_LONG ms;
		int wait = -1;

		if (MHD_get_timeout(t->d, &ms) == MHD_YES)
			wait = ms > 1000 ? 1000 : (int)ms;
		n = epoll_wait(ep, ready, 8, wait);
		for (i = 0; i < n; i++)
			if (ready[i].data.fd == pg_fd)
				take_replies(t);
		t->batch = 0;
		MHD_run(t->d);
		if (t->batch) {
			if (!PQsendQueryPrepared(t->pg, "commit", 0, NULL,
						 NULL, NULL, 0) ||
			    !owe(t, NULL, 1) || !PQpipelineSync(t->pg))
				die("sending", PQerrorMessage(t->pg));
		}
		flush(t);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static struct thread threads[THREADS_MAX];
	pthread_t id[THREADS_MAX];
	static char body[1 << 20];
	size_t len;
	FILE *f;
	PGconn *pg;
	int i, n;

	if (argc != 6)
		die("usage", "ceiling PORT URL TOKEN PAGEFILE THREADS");
	port = atoi(argv[1]);
	url = argv[2];
	auth_token_hash(argv[3], token_hash);
	n = atoi(argv[5]);
	if (port <= 0 || n < 1 || n > THREADS_MAX)
		die("usage", "PORT and THREADS (1 to 16) are numbers");
	if (!(f = fopen(argv[4], "rb")))
		die(argv[4], strerror(errno));
	len = fread(body, 1, sizeof(body), f);
	fclose(f);
	page = MHD_create_response_from_buffer(len, body,
					       MHD_RESPMEM_PERSISTENT);
	failed = MHD_create_response_from_buffer(strlen("failed\n"),
						 "failed\n",
						 MHD_RESPMEM_PERSISTENT);
	if (!page || !failed ||
	    MHD_add_response_header(page, "Content-Type",
				    "text/html; charset=utf-8") != MHD_YES)
		die("libmicrohttpd", "no response");
	pg = connect_db();
	find_reader(pg);
	PQfinish(pg);
	listening = listen_on();
	for (i = 0; i < n; i++) {
		if (pthread_create(&id[i], NULL, run, &threads[i]))
			die("threads", "pthread_create failed");
	}
	for (i = 0; i < n; i++)
		pthread_join(id[i], NULL);
	return 0;
}
