#ifndef STORE_PG_CONN_H
#define STORE_PG_CONN_H

/*
 * pg-conn.h: what the PostgreSQL backend stands on, over libpq: one
 * connection that reconnects, the schema's migrations, and write
 * transactions that are retried on serialization failures and dropped
 * connections.  Only src/store/pg*.c include it (it brings <libpq-fe.h>);
 * the rest of the program reaches PostgreSQL through store.h.
 *
 * The rule a caller builds on: pgc_txn() returns STORE_OK only once the
 * database has committed the transaction (its COMMIT returned, or, when
 * the reply was lost with the connection, the database said it did).  A
 * save is acknowledged after that, never before.
 *
 * Return values are the STORE_* codes of store.h; after an error
 * pgc_errmsg() says what went wrong.  A struct pgc belongs to one thread
 * at a time (pg-idle.c's thread borrows idle ones, under their lock).
 */

#include "store/store.h"

#include <libpq-fe.h>
#include <stdint.h>

struct pgc;

/*
 * Connect to `url`: postgres://... or postgresql://... (the scheme in any
 * case), in libpq's URI form; what it leaves out comes from libpq's
 * environment variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD,
 * PGSSLMODE, PGSERVICE...), so "postgresql://" alone takes them all.  The
 * client encoding is UTF-8 and a commit waits for its log to be flushed
 * (synchronous_commit is turned back on if the server has it off).
 * PostgreSQL 13 or newer.  On failure returns STORE_ERR with a message in
 * err (never the URL's password) and leaves *out alone.
 */
int pgc_open(const char *url, struct pgc **out, char *err, size_t errlen);
void pgc_close(struct pgc *pc);

/* The libpq connection, to run statements on.  It is the same object
 * across reconnects, but its prepared statements are not: see
 * pgc_on_connect(). */
PGconn *pgc_pq(struct pgc *pc);

/* Call fn(pc, ctx) after every successful connect and reconnect (now,
 * too): the place to prepare statements.  Its failure fails the connect. */
typedef int pgc_connect_fn(struct pgc *pc, void *ctx);
int pgc_on_connect(struct pgc *pc, pgc_connect_fn *fn, void *ctx);

/* The last error's message (empty when there was none). */
const char *pgc_errmsg(const struct pgc *pc);
/* The last error's SQLSTATE ("" when there was none, or no server reply). */
const char *pgc_sqlstate(const struct pgc *pc);
/* Record an error message (printf-style); returns STORE_ERR. */
int pgc_set_err(struct pgc *pc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Check a statement's result: STORE_OK when it succeeded (PGRES_COMMAND_OK
 * or PGRES_TUPLES_OK), else the STORE_* code its SQLSTATE maps to (23505
 * STORE_EXISTS, 23503 STORE_NOTFOUND, 53100 STORE_DISKFULL, 25006
 * STORE_READONLY, 58030 STORE_IOERR, anything else STORE_ERR), with the
 * message kept.  A serialization failure (40001), a deadlock (40P01) or a
 * lost connection (NULL res, a bad connection, SQLSTATE 08xxx or 57P0x)
 * also marks the transaction for pgc_txn() to run again.  res stays the
 * caller's to PQclear().
 */
int pgc_check(struct pgc *pc, const PGresult *res);
/* Run `sql` (no parameters, any number of statements) and check it. */
int pgc_exec(struct pgc *pc, const char *sql);
/* Run `sql`, a query of one integer (NULL reads as 0), into *out. */
int pgc_int(struct pgc *pc, const char *sql, int64_t *out);

/*
 * A transaction: begin, call body(pc, ctx), commit when it returned
 * STORE_OK, else roll back and return what it returned.
 *
 * When a statement failed with a serialization failure or a deadlock, or
 * the connection was lost (the server restarted, a pooler or a firewall
 * dropped it, pg_terminate_backend), the transaction is rolled back, the
 * connection remade if needed, and the body called again, up to
 * PGC_TRIES times in all with a short growing sleep between (a quarter
 * of a second at most, in all), and no new try PGC_RETRY_MS after the
 * first began (a connect to a database that does not answer takes its
 * whole connect_timeout); then the last error is returned.  So a body
 * may run more than once: it must start afresh each time and keep what
 * it found in ctx, for its caller to use only after STORE_OK.
 *
 * When the connection is lost while COMMIT is in flight, the outcome is
 * asked of the database after reconnecting (pg_xact_status of the
 * transaction's id, taken at BEGIN in the same round trip): committed is
 * STORE_OK, rolled back runs the body again, and unknown is STORE_ERR
 * (not acknowledged, so a client tries again; nothing is done twice).
 */
enum pgc_isolation {
	PGC_SERIALIZABLE,       /* the store's writes: no anomaly at all */
	PGC_READ_COMMITTED,     /* under an advisory lock (migrations) */
};
#define PGC_TRIES 8
#define PGC_RETRY_MS 2000
typedef int pgc_body_fn(struct pgc *pc, void *ctx);
int pgc_txn(struct pgc *pc, enum pgc_isolation iso, pgc_body_fn *body,
	    void *ctx);

/* Did the last pgc_txn() fail with its COMMIT's outcome unknown (the
 * connection lost, and nobody could tell after)?  Its body must not be
 * run again: it may have been done. */
int pgc_commit_unknown(const struct pgc *pc);

/*
 * A statement sent with every COMMIT of pgc_txn() in the same round trip
 * ("COMMIT; sql"), run after it in a transaction of its own; its result
 * is not looked at (NULL: none).  pg.c bumps the generation so.  It is
 * also run, on its own, after a commit whose reply was lost.
 */
void pgc_after_commit(struct pgc *pc, const char *sql);

/*
 * Run prepared statement `name` (results in binary): in one round trip
 * with the BEGIN of the transaction or snapshot it is the first
 * statement of (libpq's pipeline mode), so neither costs a round trip of
 * its own.  A snapshot found on a lost connection is begun again on a
 * new one.  The result is the caller's, to pgc_check() and PQclear();
 * NULL when the connection failed.
 */
PGresult *pgc_prepared(struct pgc *pc, const char *name, int n,
		       const char *const *val, const int *len,
		       const int *fmt);
/* n statements so, all in the one round trip: out[i] is the i-th's
 * result (the caller's), or the failure of a BEGIN or COMMIT sent before
 * them in out[0]; NULL where nothing came. */
struct pgc_stmt {
	const char *name;
	int n;
	const char *const *val;
	const int *len, *fmt;
};
void pgc_prepared_many(struct pgc *pc, const struct pgc_stmt *v, int n,
		       PGresult **out);

/*
 * Writes wanting nothing back (store_copy()'s bulk, a save's: q_send()),
 * inside a pgc_txn() body: pgc_send() sends prepared statement `name` without
 * waiting for its reply (libpq's pipeline mode), so many statements share
 * a round trip; pgc_flush() reads the replies of those sent, and returns
 * the first failure among them (STORE_OK when none), marked for pgc_txn()
 * to run the body again as pgc_check() does.  pgc_send() flushes by
 * itself every PGC_QUEUE_MAX statements (their replies must fit the
 * socket's buffers while none is read), and may so return a former
 * statement's failure.  Nothing else may run on the connection between
 * pgc_send() and pgc_flush(): the caller flushes before any other
 * statement, and before the body returns.
 */
#define PGC_QUEUE_MAX 256
int pgc_send(struct pgc *pc, const char *name, int n,
	     const char *const *val, const int *len, const int *fmt);
int pgc_flush(struct pgc *pc);
/*
 * A read sent as pgc_send() sends a write (binary results): done(res,
 * ctx) gets its result when the replies are read (pgc_flush(),
 * pgc_flush_read(), or a flush of PGC_QUEUE_MAX), or NULL when it did
 * not run (a statement before it failed); what done returns, a STORE_*
 * code, counts as the read's outcome.  At most PGC_READS_MAX wait at
 * once: one more flushes them first.
 */
#define PGC_READS_MAX 64
typedef int pgc_rows_fn(const PGresult *res, void *ctx);
int pgc_send_read(struct pgc *pc, const char *name, int n,
		  const char *const *val, const int *len, const int *fmt,
		  pgc_rows_fn *done, void *ctx);
/* Are statements sent and their replies not read yet? */
int pgc_queued(const struct pgc *pc);
/* pgc_flush() with a read after them, in the same round trip: its
 * result (binary) in *res, the caller's, when the return is STORE_OK
 * (else NULL).  With nothing queued it only flushes, *res NULL: the
 * caller then runs the read as usual. */
int pgc_flush_read(struct pgc *pc, const char *name, int n,
		   const char *const *val, const int *len, const int *fmt,
		   PGresult **res);

/*
 * Reads that share their round trip with other threads' (pg-gather.c):
 * on, this connection's reads outside a transaction wait for others at
 * the same moment and go on one connection together (sh: pg-share.h's
 * queue, one per database, apart from the writes').  pgc_gather_once()
 * says the snapshot begun reads in one round trip only, so that it may
 * go so too; a second read of that snapshot then sees a newer state.
 */
struct pg_share;
void pgc_gather_on(struct pgc *pc, struct pg_share *sh);
void pgc_gather_once(struct pgc *pc, int on);

/*
 * A read that goes with the connection's next statement instead of on
 * its own (a page's login, checked while the page is made:
 * store_login_confirm()): prepared statement `name`, its arguments
 * copied (at most PGC_LATER_ARGS, PGC_LATER_BYTES in all).  done(res,
 * ctx) gets its result (binary; NULL when it was not read) when that
 * statement's reply is read, or at pgc_later_run(), which runs it then
 * if no statement went; pgc_read_end() drops one still waiting.  One at
 * a time: -1 when one waits already or the arguments do not fit.
 */
#define PGC_LATER_ARGS 4
#define PGC_LATER_BYTES 512
typedef void pgc_later_fn(const PGresult *res, void *ctx);
int pgc_later(struct pgc *pc, const char *name, int n,
	      const char *const *val, const int *len, const int *fmt,
	      pgc_later_fn *done, void *ctx);
void pgc_later_run(struct pgc *pc);

/*
 * A read of no arguments (prepared statement `name`) that goes ahead of
 * the connection's next statements, in the same round trip: after the
 * COMMIT a snapshot owes, before the BEGIN pending, in a transaction of
 * its own (a sync between), so that what it reads is no newer than what
 * the transaction after it sees (store_generation_ask()).  done(res,
 * ctx) gets its result (binary; NULL when it was not read) when that
 * round trip's replies are read, or at pgc_ahead_run(), which runs it
 * then on its own if it still waits; pgc_read_end() drops one still
 * waiting.  One at a time: -1 when one waits already.
 */
int pgc_ahead(struct pgc *pc, const char *name, pgc_later_fn *done,
	      void *ctx);
void pgc_ahead_run(struct pgc *pc);

/* Is a transaction or a snapshot open (begun, or to begin with the next
 * statement)? */
int pgc_in_txn(struct pgc *pc);

/* Remake the connection if it was found lost (before a read that is in
 * no snapshot, since nothing was read yet). */
int pgc_ensure(struct pgc *pc);

/*
 * A read snapshot (REPEATABLE READ, READ ONLY) for a page's several
 * reads; a connection found lost at the start is remade first, since
 * nothing was read yet.  pgc_read_end() follows every pgc_read_begin()
 * that returned STORE_OK.  Neither costs a round trip of its own: the
 * BEGIN goes with the first statement, and the COMMIT's reply is read
 * before the next (or, after pgc_idle(), the COMMIT goes with the next).
 */
int pgc_read_begin(struct pgc *pc);
int pgc_read_end(struct pgc *pc);

/*
 * Between a server's requests.  After pgc_idle() the connection's next
 * snapshots do not send their COMMIT at pgc_read_end(): it goes in front
 * of the connection's next statement, in that statement's round trip, so
 * a page of one read costs PostgreSQL one wake-up, not two.  Meanwhile
 * the snapshot stays open (it holds back VACUUM and a migration's
 * locks), so a connection left idle longer than PGC_IDLE_MS has it ended
 * by a thread of the process's own (pg-idle.c).  The owner takes the
 * connection back by itself with its next call; pgc_close() forgets it.
 */
#define PGC_IDLE_MS 20
void pgc_idle(struct pgc *pc);
/* pg-idle.c's side: every connection pgc_idle() was called on, and
 * pgc_sweep() run on each every PGC_IDLE_MS / 2 while one is lent; -1
 * when it cannot take one more. */
int pgc_idle_add(struct pgc *pc);
void pgc_idle_remove(struct pgc *pc);
/* End the snapshot left open on pc if its owner has not taken it back
 * and it has been idle PGC_IDLE_MS by now_ms (a monotonic clock); 1
 * while one is still to be ended (or pc is in its owner's hands). */
int pgc_sweep(struct pgc *pc, int64_t now_ms);
int64_t pgc_now_ms(void);

/* pg-retry.c: pgc_txn()'s retry gate (`alone`: a try after a conflict);
 * what became of transaction xid, asked on a new connection; and ending
 * the old session `pid` if it still holds xid open. */
void pgc_gate_enter(int alone);
void pgc_gate_leave(int alone);
enum pgc_xact { X_UNKNOWN, X_COMMITTED, X_ABORTED, X_RUNNING };
enum pgc_xact pgc_xact_status(struct pgc *pc, uint64_t xid);
void pgc_end_old_session(struct pgc *pc, uint64_t xid, int pid);

/* What pgc_txn() had to do since the connection was opened. */
struct pgc_stats {
	unsigned long txns;             /* pgc_txn() calls */
	unsigned long attempts;         /* bodies begun */
	unsigned long retries;          /* attempts after a failed one */
	unsigned long reconnects;       /* connections remade */
	unsigned long outcomes;         /* commits whose reply was lost */
	unsigned long syncs;            /* pipelines it ended (a sync each) */
};
struct pgc_stats pgc_stats(const struct pgc *pc);

/*
 * The schema (pg-schema.c): the same numbered migrations as the SQLite
 * backend's, in PostgreSQL's dialect, recorded in schema_migrations in
 * the database.  Each is applied in its own transaction under an
 * advisory lock, so servers starting at once apply each exactly once.
 * pgc_migrate() brings the schema up to date; a database newer than this
 * program is refused.  pgc_migrate_to() stops at `version` (tests).
 */
int pgc_migrations(void);
int pgc_migrate(struct pgc *pc);
int pgc_migrate_to(struct pgc *pc, int version);
/* The newest migration applied; 0 for an empty database. */
int pgc_schema_version(struct pgc *pc, int *version);

/* Tests only: call fn(pc, ctx) just before each COMMIT is sent. */
void pgc_test_before_commit(struct pgc *pc,
			    void (*fn)(struct pgc *pc, void *ctx), void *ctx);
/* Tests only: treat the replies of the next n successful COMMITs as lost
 * with the connection (the server committed; the client never heard). */
void pgc_test_lose_commit_replies(struct pgc *pc, int n);

#endif
