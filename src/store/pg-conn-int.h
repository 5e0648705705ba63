#ifndef STORE_PG_CONN_INT_H
#define STORE_PG_CONN_INT_H

/*
 * pg-conn-int.h: the inside of a struct pgc (pg-conn.h), shared by the
 * files that make it up: pg-conn.c (connecting, errors, transactions),
 * pg-pipe.c (pipelined statements) and pg-idle.c (between requests).
 */

#include "store/pg-conn.h"

#include <pthread.h>

#define PGC_ERR_MAX 256
/* The transaction's id, for commit_outcome(); it costs nothing a write
 * would not take. */
#define XID_SQL "SELECT pg_current_xact_id()"
/* A snapshot's BEGIN; and the COMMIT of one that begins the next alike
 * (same isolation, read only), one statement for two. */
#define READ_SQL "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
#define CHAIN_SQL "COMMIT AND CHAIN"

/* Why the last statement failed, as far as pgc_txn() cares. */
enum pgc_fail {
	FAIL_NONE,              /* it did not, or retrying cannot help */
	FAIL_CONFLICT,          /* serialization failure or deadlock */
	FAIL_LOST,              /* the connection is gone */
};

/* A read whose result goes to done(res, ctx) when it comes (pgc_later(),
 * pgc_ahead()); done is NULL when none waits. */
struct pgc_waiting {
	pgc_later_fn *done;
	void *ctx;
};

struct pgc {
	PGconn *conn;
	pgc_connect_fn *on_connect;
	void *on_connect_ctx;
	enum pgc_fail fail;
	uint64_t xid;                   /* the open transaction's id, or 0 */
	uint64_t seed;                  /* jitter of the sleep between tries */
	int64_t deadline;               /* pgc_txn(): no new try after it, ms */
	struct pgc_stats stats;
	void (*before_commit)(struct pgc *, void *);
	void *before_commit_ctx;
	int lose_reply;                 /* tests: COMMIT replies to drop */
	char *commit_sql;               /* "COMMIT; ..." (pgc_after_commit) */
	const char *pending;            /* a BEGIN to send with the next
					 * statement, or NULL */
	int pending_xid;                /* ... asking the transaction's id */
	int in_flight;                  /* a snapshot's COMMIT is sent and
					 * its reply not read */
	int queued;                     /* statements pgc_send() sent whose
					 * replies are not read (pgc_flush) */
	int xid_at;                     /* 1 + the place of XID_SQL among
					 * them, or 0 */
	struct {                        /* pgc_send_read()'s among them */
		int at;                 /* 1 + its place */
		pgc_rows_fn *done;
		void *ctx;
	} reads[PGC_READS_MAX];
	int nr_reads;
	int commit_unknown;             /* the last pgc_txn()'s COMMIT may
					 * or may not have been done */
	const char *after_sql;          /* its "..." */
	/* pgc_idle()'s: the COMMIT of a snapshot owed (not sent yet), and
	 * whether pg-idle.c's thread may send it: lent by the owner, under
	 * `lock`, since idle_since. */
	int owed, served, lent, unlisted;
	struct {                        /* pgc_later()'s, while w.done */
		struct pgc_waiting w;
		char name[16];
		int n, len[PGC_LATER_ARGS], fmt[PGC_LATER_ARGS];
		const char *val[PGC_LATER_ARGS];
		char buf[PGC_LATER_BYTES];
	} later;
	struct {                        /* pgc_ahead()'s, while w.done */
		struct pgc_waiting w;
		const char *name;
	} ahead;
	struct pg_share *gather;        /* pg-gather.c's queue, or NULL */
	int gather_once;                /* the snapshot reads once */
	int64_t idle_since;
	pthread_mutex_t lock;
	char sqlstate[6];
	char err[PGC_ERR_MAX];
};

/* The owner takes back a connection it lent to pg-idle.c's thread (and
 * waits while that thread is ending its snapshot). */
void pgc_claim(struct pgc *pc);
/* Read the reply of a snapshot's COMMIT sent without waiting for it. */
void pgc_settle(struct pgc *pc);
/* Send the COMMIT a snapshot owes (pgc_idle()) on its own. */
void pgc_pay(struct pgc *pc);
/* Make the connection ready for a statement sent on its own: the reply
 * still out read, the COMMIT owed and the BEGIN pending sent. */
int pgc_ready(struct pgc *pc);
/* The name a transaction statement (one of pg-conn.c's) is prepared
 * under on every connection, or NULL. */
const char *pgc_tx_name(const char *sql);
/* Hand a waiting read its result (NULL: it was not read), once: no one
 * waits after. */
void pgc_hand(struct pgc_waiting *w, const PGresult *res);
/* A transaction statement, by the name it is prepared under. */
int pgc_send_tx(PGconn *c, const char *sql);
/* pgc_prepared_many()'s n statements with other threads' (pg-gather.c):
 * 1 when out got their results so, 0 when they are to be sent alone. */
#define PGC_GATHER_STMTS 8
int pgc_gather(struct pgc *pc, const struct pgc_stmt *v, int n,
	       PGresult **out);
/* Close the connection and open it again with the same parameters. */
int pgc_reconnect(struct pgc *pc);

/* End the pipeline sent so far: libpq 15 sends it at once, and
 * PostgreSQL replies to it at once, so each costs a send() on each side. */
int pgc_sync(struct pgc *pc);

#endif
