/*
 * pg-conn.c: one PostgreSQL connection for the store (see pg-conn.h):
 * opened from a URL, its errors mapped onto the STORE_* codes, and write
 * transactions run again on serialization failures and lost connections.
 * It holds no rule of the store and names no table; pg-schema.c has the
 * schema.  Beside it: pg-pipe.c (statements sent several to a round
 * trip), pg-idle.c (between requests), pg-retry.c (what retries need).
 */
#include "core/clock.h"
#include "store/pg-conn-int.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_TIMEOUT "10"    /* seconds; the URL may say otherwise */
#define PG_MIN_VERSION 130000   /* pg_current_xact_id, pg_xact_status */

/* The owner takes back a connection it lent to pg-idle.c's thread (and
 * waits while that thread is ending its snapshot). */
void pgc_claim(struct pgc *pc)
{
	if (!pc->lent)
		return;
	pthread_mutex_lock(&pc->lock);
	pc->lent = 0;
	pthread_mutex_unlock(&pc->lock);
}

/* Keep `msg` as the error, on one line (libpq's end in newlines, and a
 * lost connection's run over several). */
static void keep_msg(struct pgc *pc, const char *prefix, const char *msg)
{
	size_t n = 0, cap = sizeof(pc->err);
	int space = 0;

	n = (size_t)snprintf(pc->err, cap, "%s", prefix);
	if (n >= cap)
		return;
	for (; msg && *msg && n + 1 < cap; msg++) {
		if (*msg == '\n' || *msg == '\t' || *msg == ' ') {
			space = 1;
			continue;
		}
		if (space && n > 0 && pc->err[n - 1] != ' ')
			pc->err[n++] = ' ';
		space = 0;
		if (n + 1 < cap)
			pc->err[n++] = *msg;
	}
	pc->err[n] = '\0';
}

int pgc_set_err(struct pgc *pc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pc->err, sizeof(pc->err), fmt, ap);
	va_end(ap);
	pc->sqlstate[0] = '\0';
	return STORE_ERR;
}

const char *pgc_errmsg(const struct pgc *pc)
{
	return pc->err;
}

const char *pgc_sqlstate(const struct pgc *pc)
{
	return pc->sqlstate;
}

PGconn *pgc_pq(struct pgc *pc)
{
	pgc_claim(pc);
	return pc->conn;
}

struct pgc_stats pgc_stats(const struct pgc *pc)
{
	return pc->stats;
}

int pgc_sync(struct pgc *pc)
{
	pc->stats.syncs++;
	return PQpipelineSync(pc->conn);
}

/* The STORE_* code of an SQLSTATE (docs/storage.md, PostgreSQL). */
static int store_code(const char *state)
{
	static const struct { const char *state; int code; } map[] = {
		{ "23505", STORE_EXISTS },      /* unique_violation */
		{ "23503", STORE_NOTFOUND },    /* foreign_key_violation */
		{ "53100", STORE_DISKFULL },    /* disk_full */
		{ "25006", STORE_READONLY },    /* read_only_sql_transaction */
		{ "58030", STORE_IOERR },       /* io_error */
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (!strcmp(state, map[i].state))
			return map[i].code;
	return STORE_ERR;
}

/*
 * Is the connection gone?  No reply at all, a connection libpq gave up
 * on, a connection exception (class 08), or the server ending the
 * session: admin_shutdown (pg_terminate_backend, a fast shutdown),
 * crash_shutdown, cannot_connect_now (still starting).
 */
static int lost(const struct pgc *pc, const PGresult *res)
{
	const char *s = pc->sqlstate;

	return !res || PQstatus(pc->conn) == CONNECTION_BAD ||
	       !strncmp(s, "08", 2) || !strcmp(s, "57P01") ||
	       !strcmp(s, "57P02") || !strcmp(s, "57P03");
}

int pgc_check(struct pgc *pc, const PGresult *res)
{
	ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	const char *state, *msg;

	if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
		return STORE_OK;
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	snprintf(pc->sqlstate, sizeof(pc->sqlstate), "%s", state ? state : "");
	msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg || !*msg)
		msg = PQerrorMessage(pc->conn);
	keep_msg(pc, "", msg);
	if (lost(pc, res))
		pc->fail = FAIL_LOST;
	else if (!strcmp(pc->sqlstate, "40001") ||
		 !strcmp(pc->sqlstate, "40P01"))
		pc->fail = FAIL_CONFLICT;
	return store_code(pc->sqlstate);
}

/* The statements that open a transaction: pgc_txn()'s, a snapshot's. */
static const char *const begin_sql[] = {
	[PGC_SERIALIZABLE] = "BEGIN ISOLATION LEVEL SERIALIZABLE",
	[PGC_READ_COMMITTED] = "BEGIN ISOLATION LEVEL READ COMMITTED",
};
static const char read_sql[] = READ_SQL;

/* The statements around a transaction that pg-pipe.c sends in front of
 * another, prepared on every connection (after_connect()), so that
 * PostgreSQL parses them once, not at every page. */
static const struct { const char *name, *sql; } tx_sql[] = {
	{ "t_ser", "BEGIN ISOLATION LEVEL SERIALIZABLE" },
	{ "t_rc", "BEGIN ISOLATION LEVEL READ COMMITTED" },
	{ "t_read", READ_SQL },
	{ "t_xid", XID_SQL },
	{ "t_commit", "COMMIT" },
	{ "t_chain", CHAIN_SQL },
};

const char *pgc_tx_name(const char *sql)
{
	size_t i;

	for (i = 0; i < sizeof(tx_sql) / sizeof(*tx_sql); i++)
		if (!strcmp(sql, tx_sql[i].sql))
			return tx_sql[i].name;
	return NULL;
}

static int prepare_tx(struct pgc *pc)
{
	PGresult *res;
	size_t i;
	int rc = STORE_OK;

	for (i = 0; rc == STORE_OK && i < sizeof(tx_sql) / sizeof(*tx_sql);
	     i++) {
		res = PQprepare(pc->conn, tx_sql[i].name, tx_sql[i].sql, 0,
				NULL);
		rc = pgc_check(pc, res);
		PQclear(res);
	}
	return rc;
}

/* Read the reply of a snapshot's COMMIT, sent without waiting for it. */
void pgc_settle(struct pgc *pc)
{
	PGresult *r;

	if (!pc->in_flight)
		return;
	pc->in_flight = 0;
	while ((r = PQgetResult(pc->conn)))
		PQclear(r);
}

/* Send the COMMIT a snapshot owes (pgc_idle()) on its own, before a
 * statement that cannot take it in front. */
void pgc_pay(struct pgc *pc)
{
	if (!pc->owed)
		return;
	pc->owed = 0;
	PQclear(PQexec(pc->conn, "COMMIT"));
}

/* Send the BEGIN still pending on its own (before a statement that
 * cannot go with it), and its transaction's id when it is a write's. */
static int begin_now(struct pgc *pc)
{
	char sql[128];
	PGresult *res;
	int rc;

	if (!pc->pending)
		return STORE_OK;
	snprintf(sql, sizeof(sql), "%s%s", pc->pending,
		 pc->pending_xid ? "; " XID_SQL : "");
	pc->pending = NULL;
	res = PQexec(pc->conn, sql);
	rc = pgc_check(pc, res);
	if (rc == STORE_OK && pc->pending_xid)
		pc->xid = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return rc;
}

/*
 * Make the connection ready for a statement: the reply still out read,
 * the BEGIN still pending sent.  A transaction or snapshot found on a
 * lost connection as it begins is begun again on a new one, once: its
 * body has read nothing yet.
 */
int pgc_ready(struct pgc *pc)
{
	const char *was = pc->pending;
	int rc;

	pgc_settle(pc);
	pgc_pay(pc);
	pgc_ahead_run(pc);              /* before the transaction begins */
	rc = begin_now(pc);
	if (rc != STORE_OK && was && pc->fail == FAIL_LOST &&
	    pgc_reconnect(pc) == STORE_OK) {
		pc->pending = was;
		rc = begin_now(pc);
	}
	if (rc == STORE_OK)
		pgc_later_run(pc);      /* in the transaction just begun */
	return rc;
}

int pgc_exec(struct pgc *pc, const char *sql)
{
	PGresult *res;
	int rc;

	pgc_claim(pc);
	if (pgc_ready(pc) != STORE_OK)
		return STORE_ERR;
	res = PQexec(pc->conn, sql);
	rc = pgc_check(pc, res);
	PQclear(res);
	return rc;
}

int pgc_int(struct pgc *pc, const char *sql, int64_t *out)
{
	PGresult *res;
	int rc;

	pgc_claim(pc);
	if ((rc = pgc_ready(pc)) != STORE_OK)
		return rc;
	res = PQexec(pc->conn, sql);
	rc = pgc_check(pc, res);

	if (rc == STORE_OK && (PQntuples(res) < 1 || PQnfields(res) < 1))
		rc = pgc_set_err(pc, "no row from: %.80s", sql);
	if (rc == STORE_OK)
		*out = PQgetisnull(res, 0, 0) ? 0 :
		       strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return rc;
}

/*
 * What every new connection needs: a server new enough, commits that
 * wait for their log to reach disk (a server may have synchronous_commit
 * off; "local" or a replica's stronger settings stay), and the caller's
 * own set-up (prepared statements die with a connection).
 */
static int after_connect(struct pgc *pc)
{
	int version = PQserverVersion(pc->conn);

	if (version < PG_MIN_VERSION)
		return pgc_set_err(pc, "PostgreSQL %d.%d is too old (13 or newer"
				   " is needed)", version / 10000,
				   version % 10000);
	if (pgc_exec(pc, "SELECT set_config('synchronous_commit', 'on',"
		     " false) WHERE current_setting('synchronous_commit')"
		     " = 'off'") != STORE_OK || prepare_tx(pc) != STORE_OK)
		return STORE_ERR;
	if (pc->on_connect)
		return pc->on_connect(pc, pc->on_connect_ctx);
	return STORE_OK;
}

int pgc_on_connect(struct pgc *pc, pgc_connect_fn *fn, void *ctx)
{
	pc->on_connect = fn;
	pc->on_connect_ctx = ctx;
	return fn ? fn(pc, ctx) : STORE_OK;
}

/* Close the connection and open it again with the same parameters. */
int pgc_reconnect(struct pgc *pc)
{
	pc->stats.reconnects++;
	pc->in_flight = 0;
	pc->owed = 0;
	pc->pending = NULL;
	PQreset(pc->conn);
	if (PQstatus(pc->conn) != CONNECTION_OK) {
		pc->fail = FAIL_LOST;
		keep_msg(pc, "reconnecting: ", PQerrorMessage(pc->conn));
		return STORE_ERR;
	}
	return after_connect(pc);
}

/* Notices (CREATE TABLE IF NOT EXISTS skipping, a ROLLBACK with nothing
 * open) are no one's business: libpq would print them on stderr. */
static void ignore_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/*
 * Connect (pg-conn.h).  libpq reads the URI itself; the array gives what
 * it may override (the timeout) and what it may not (the encoding).
 */
int pgc_open(const char *url, struct pgc **out, char *err, size_t errlen)
{
	const char *keys[] = { "connect_timeout", "dbname",
			       "fallback_application_name", "client_encoding",
			       NULL };
	const char *values[] = { CONNECT_TIMEOUT, NULL, "alignplan", "UTF8",
				 NULL };
	const char *rest = NULL;
	char *uri = NULL;
	struct pgc *pc = NULL;
	int ret = STORE_ERR;

	if (url && !strncasecmp(url, "postgresql://", 13))
		rest = url + 13;
	else if (url && !strncasecmp(url, "postgres://", 11))
		rest = url + 11;
	if (!rest) {
		snprintf(err, errlen, "not a PostgreSQL URL (expected"
			 " postgres://... or postgresql://...)");
		return STORE_ERR;
	}
	/* libpq knows the scheme only in lower case. */
	pc = calloc(1, sizeof(*pc));
	uri = malloc(strlen("postgresql://") + strlen(rest) + 1);
	if (!pc || !uri) {
		snprintf(err, errlen, "postgres: out of memory");
		goto out;
	}
	pthread_mutex_init(&pc->lock, NULL);
	strcpy(uri, "postgresql://");
	strcat(uri, rest);
	values[1] = uri;
	pc->seed = (uint64_t)clock_now() ^ (uint64_t)(uintptr_t)pc;
	pc->conn = PQconnectdbParams(keys, values, 1);
	if (pc->conn)
		PQsetNoticeProcessor(pc->conn, ignore_notice, NULL);
	if (!pc->conn || PQstatus(pc->conn) != CONNECTION_OK)
		keep_msg(pc, "", pc->conn ? PQerrorMessage(pc->conn) :
			 "out of memory");
	else if (after_connect(pc) == STORE_OK)
		ret = STORE_OK;
	if (ret != STORE_OK)
		snprintf(err, errlen, "postgres (database %s): %s",
			 pc->conn && PQdb(pc->conn) ? PQdb(pc->conn) : "?",
			 pc->err);
out:
	free(uri);
	if (ret == STORE_OK) {
		pc->err[0] = '\0';
		*out = pc;
	} else {
		pgc_close(pc);
	}
	return ret;
}

void pgc_close(struct pgc *pc)
{
	if (!pc)
		return;
	pgc_claim(pc);
	if (pc->served)
		pgc_idle_remove(pc);
	pthread_mutex_destroy(&pc->lock);
	PQfinish(pc->conn);
	free(pc->commit_sql);
	free(pc);
}

void pgc_after_commit(struct pgc *pc, const char *sql)
{
	size_t n = sql ? strlen("COMMIT; ") + strlen(sql) + 1 : 0;

	free(pc->commit_sql);
	pc->commit_sql = NULL;
	pc->after_sql = NULL;
	if (sql && (pc->commit_sql = malloc(n))) {
		snprintf(pc->commit_sql, n, "COMMIT; %s", sql);
		pc->after_sql = pc->commit_sql + strlen("COMMIT; ");
	}
}

int pgc_ensure(struct pgc *pc)
{
	pgc_claim(pc);
	pgc_settle(pc);
	pc->fail = FAIL_NONE;
	if (PQstatus(pc->conn) != CONNECTION_OK)
		return pgc_reconnect(pc);
	return STORE_OK;
}

void pgc_test_before_commit(struct pgc *pc,
			    void (*fn)(struct pgc *pc, void *ctx), void *ctx)
{
	pc->before_commit = fn;
	pc->before_commit_ctx = ctx;
}

void pgc_test_lose_commit_replies(struct pgc *pc, int n)
{
	pc->lose_reply = n;
}

/* Sleep before try number `tries` + 1: 1-2 ms, then twice that each
 * time, at most 250 ms; the jitter keeps two conflicting writers from
 * meeting again at once. */
static void backoff(struct pgc *pc, int tries)
{
	long us = 2000L << (tries - 1 < 7 ? tries - 1 : 7);

	if (us > 250000)
		us = 250000;
	pc->seed = pc->seed * 6364136223846793005ULL + 1442695040888963407ULL;
	us = us / 2 + (long)((pc->seed >> 33) % (uint64_t)(us / 2 + 1));
	usleep((useconds_t)us);
}

/* Milliseconds on a clock that only goes forward. */
int64_t pgc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* May another try begin?  Tries are counted, and their time too: a
 * database that does not answer costs a try its whole connect timeout,
 * and a page should not wait for eight of those. */
static int may_retry(const struct pgc *pc, int tries)
{
	return tries < PGC_TRIES && pgc_now_ms() < pc->deadline;
}

/* Roll back what is open, if the connection still is. */
static void rollback(struct pgc *pc)
{
	PGTransactionStatusType t = PQtransactionStatus(pc->conn);

	pc->pending = NULL;             /* never sent: nothing to undo */
	pc->owed = 0;                   /* a snapshot's: as good as COMMIT */
	if (t == PQTRANS_INTRANS || t == PQTRANS_INERROR)
		PQclear(PQexec(pc->conn, "ROLLBACK"));
	pc->xid = 0;
}

/* BEGIN, not sent yet: it goes with the body's first statement (in
 * pgc_prepared()'s round trip, or before a pgc_exec()), and asks the
 * transaction's id for commit_outcome(). */
static void begin(struct pgc *pc, enum pgc_isolation iso)
{
	pc->pending = begin_sql[iso];
	pc->pending_xid = 1;
}

/*
 * The connection went while COMMIT was in flight: it may or may not have
 * been done.  Ask on a new connection.  STORE_OK when it was; STORE_ERR
 * marked FAIL_LOST (do it again) when it was rolled back; STORE_ERR not
 * to be retried when nobody can tell.
 */
static int commit_outcome(struct pgc *pc, int old_pid)
{
	enum pgc_xact x = X_UNKNOWN;
	int i;

	pc->stats.outcomes++;
	for (i = 0; pc->xid && (!i || may_retry(pc, i)); i++) {
		if (i)
			backoff(pc, i);
		if ((!i || PQstatus(pc->conn) != CONNECTION_OK) &&
		    pgc_reconnect(pc) != STORE_OK)
			continue;
		x = pgc_xact_status(pc, pc->xid);
		if (x == X_COMMITTED) {
			if (pc->after_sql)
				PQclear(PQexec(pc->conn, pc->after_sql));
			return STORE_OK;
		}
		if (x == X_ABORTED) {
			pc->fail = FAIL_LOST;
			return pgc_set_err(pc, "the connection was lost before"
					   " COMMIT was done");
		}
		if (x == X_RUNNING)
			pgc_end_old_session(pc, pc->xid, old_pid);
	}
	pc->fail = FAIL_NONE;
	pc->commit_unknown = 1;
	return pgc_set_err(pc, "the connection was lost during COMMIT;"
			   " whether it was done is unknown");
}

/* Send COMMIT (and the statement after it, in the same round trip);
 * COMMIT's result, NULL when the connection failed. */
static PGresult *commit_exec(struct pgc *pc)
{
	PGresult *res, *more;

	if (!pc->commit_sql)
		return PQexec(pc->conn, "COMMIT");
	if (!PQsendQuery(pc->conn, pc->commit_sql))
		return NULL;
	res = PQgetResult(pc->conn);
	while ((more = PQgetResult(pc->conn)))
		PQclear(more);
	return res;
}

/* COMMIT, and STORE_OK only when the database says it was done. */
static int commit(struct pgc *pc)
{
	int pid = PQbackendPID(pc->conn), rc;
	PGresult *res;

	if (pc->pending) {              /* the body ran no statement */
		pc->pending = NULL;
		return STORE_OK;
	}
	if (pc->before_commit)
		pc->before_commit(pc, pc->before_commit_ctx);
	res = commit_exec(pc);
	if (res && pc->lose_reply > 0 &&
	    PQresultStatus(res) == PGRES_COMMAND_OK) {
		pc->lose_reply--;
		PQclear(res);
		res = NULL;
	}
	rc = pgc_check(pc, res);
	/* A transaction that had failed ends in ROLLBACK, reported as a
	 * successful command. */
	if (rc == STORE_OK && strcmp(PQcmdStatus(res), "COMMIT"))
		rc = pgc_set_err(pc, "COMMIT rolled back (%s)",
				 PQcmdStatus(res));
	PQclear(res);
	if (rc != STORE_OK && pc->fail == FAIL_LOST)
		rc = commit_outcome(pc, pid);
	pc->xid = 0;
	return rc;
}

/* One try of pgc_txn(). */
static int txn_once(struct pgc *pc, enum pgc_isolation iso,
		    pgc_body_fn *body, void *ctx)
{
	int rc;

	pc->fail = FAIL_NONE;
	if (PQstatus(pc->conn) != CONNECTION_OK &&
	    pgc_reconnect(pc) != STORE_OK)
		return STORE_ERR;
	pc->stats.attempts++;
	begin(pc, iso);
	rc = body(pc, ctx);
	if (pc->queued) {               /* pgc_send()'s, not read yet */
		int sent = pgc_flush(pc);

		rc = rc == STORE_OK ? sent : rc;
	}
	if (rc != STORE_OK) {
		rollback(pc);
		return rc;
	}
	return commit(pc);
}

int pgc_commit_unknown(const struct pgc *pc)
{
	return pc->commit_unknown;
}

int pgc_txn(struct pgc *pc, enum pgc_isolation iso, pgc_body_fn *body,
	    void *ctx)
{
	int tries, rc, alone = 0;

	pgc_claim(pc);
	pc->stats.txns++;
	pc->commit_unknown = 0;
	pc->deadline = pgc_now_ms() + PGC_RETRY_MS;
	for (tries = 1;; tries++) {
		pgc_gate_enter(alone);
		rc = txn_once(pc, iso, body, ctx);
		pgc_gate_leave(alone);
		alone = pc->fail == FAIL_CONFLICT;
		if (rc == STORE_OK || pc->fail == FAIL_NONE ||
		    !may_retry(pc, tries))
			break;
		pc->stats.retries++;
		backoff(pc, tries);
	}
	if (rc == STORE_OK)
		pc->err[0] = '\0';
	return rc;
}

/* A snapshot's BEGIN goes with its first statement. */
int pgc_read_begin(struct pgc *pc)
{
	pc->gather_once = 0;
	if (pgc_ensure(pc) != STORE_OK)
		return STORE_ERR;
	pc->pending = read_sql;
	pc->pending_xid = 0;
	return STORE_OK;
}

/* A snapshot's COMMIT changes nothing and cannot fail in a way anyone
 * waits for: it is sent, and its reply read before the connection's next
 * statement (settle()), so a page's reads cost no round trip more. */
int pgc_read_end(struct pgc *pc)
{
	pgc_claim(pc);
	pc->gather_once = 0;
	pgc_hand(&pc->later.w, NULL);   /* no one asks for it any more */
	pgc_hand(&pc->ahead.w, NULL);
	if (pc->pending) {              /* nothing was read */
		pc->pending = NULL;
		return STORE_OK;
	}
	pgc_settle(pc);
	if (PQtransactionStatus(pc->conn) == PQTRANS_INERROR)
		return pgc_exec(pc, "ROLLBACK");
	if (pc->served && PQtransactionStatus(pc->conn) == PQTRANS_INTRANS) {
		pc->owed = 1;           /* with the next statement (pgc_idle) */
		return STORE_OK;
	}
	if (!PQsendQuery(pc->conn, "COMMIT")) {
		pgc_check(pc, NULL);
		rollback(pc);
		return STORE_ERR;
	}
	pc->in_flight = 1;
	return STORE_OK;
}

int pgc_in_txn(struct pgc *pc)
{
	PGTransactionStatusType t;

	pgc_claim(pc);
	if (pc->queued)                 /* pgc_send()'s, in the body */
		return 1;
	pgc_settle(pc);
	t = PQtransactionStatus(pc->conn);
	return pc->pending || (!pc->owed && (t == PQTRANS_INTRANS ||
					     t == PQTRANS_INERROR));
}
