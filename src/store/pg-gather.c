/*
 * pg-gather.c: the reads of several threads in one round trip
 * (pgc_gather_on() in pg-conn.h).  On PostgreSQL a page's reads cost the
 * database little; the round trip around them costs most (waking the
 * backend, its reply, waking the thread again).  So the reads that wait
 * at the same moment go together on one connection: the first thread to
 * find no gathering running leads, sends every waiting thread's
 * statements, all ended by one sync, and hands each its results.  The
 * others sleep meanwhile, and go on with their results as if they had
 * read them themselves.
 *
 * A thread's statements are a segment of the pipeline, with its
 * snapshot's BEGIN and COMMIT around them when it reads in one.  The
 * whole gathering ends with one sync: libpq 15 flushes at each sync,
 * and PostgreSQL sends its replies at each, so a sync a segment cost a
 * send() on each side (and a wake-up of the leader) for every page.
 * Without a sync between them, a failing statement makes PostgreSQL
 * skip the rest of the gathering; nothing here writes, so every segment
 * that did not come back whole is simply read again by its thread,
 * alone, as it would have been without the others.  The queue is
 * pg-share.c's, one per database apart from the writes'.
 */
#include "store/pg-conn-int.h"
#include "store/pg-share.h"

#include <string.h>

/* A thread's reads, while it waits (share_member.who). */
struct segment {
	struct pgc *pc;                 /* its connection: the later read */
	const struct pgc_stmt *v;
	int n, snapshot, later;
	PGresult **out;
	PGresult *later_res;
};

void pgc_gather_on(struct pgc *pc, struct pg_share *sh)
{
	pc->gather = sh;
}

void pgc_gather_once(struct pgc *pc, int on)
{
	pc->gather_once = on;
}

/* May these n statements go with other threads'?  Only when their
 * caller said they are one quick round trip (pgc_gather_once()): a
 * gathering waits for its slowest segment.  In a snapshot, at its first
 * round trip; outside a transaction, each read is one of its own
 * anyway. */
static int fits(struct pgc *pc, int n)
{
	PGTransactionStatusType t = PQtransactionStatus(pc->conn);
	int once = pc->gather_once;

	pc->gather_once = 0;            /* the first round trip only */
	if (!pc->gather || !once || pc->ahead.w.done ||
	    pc->queued || n < 1 || n > PGC_GATHER_STMTS || pc->in_flight)
		return 0;
	if (pc->pending)
		return !pc->pending_xid && !strcmp(pc->pending, READ_SQL);
	return !pc->later.w.done &&
	       (t == PQTRANS_IDLE || (t == PQTRANS_INTRANS && pc->owed));
}

static int send_segment(PGconn *c, const struct segment *s)
{
	const struct pgc *pc = s->pc;
	int ok = !s->snapshot || pgc_send_tx(c, READ_SQL), i;

	if (ok && s->later)
		ok = PQsendQueryPrepared(c, pc->later.name, pc->later.n,
					 pc->later.val, pc->later.len,
					 pc->later.fmt, 1);
	for (i = 0; ok && i < s->n; i++)
		ok = PQsendQueryPrepared(c, s->v[i].name, s->v[i].n,
					 s->v[i].val, s->v[i].len,
					 s->v[i].fmt, 1);
	if (ok && s->snapshot)
		ok = pgc_send_tx(c, "COMMIT");
	return ok;
}

static void segment_drop(struct segment *s)
{
	int i;

	for (i = 0; i < s->n; i++) {
		PQclear(s->out[i]);
		s->out[i] = NULL;
	}
	PQclear(s->later_res);
	s->later_res = NULL;
}

/* The next statement's reply in the pipeline (each is followed by a
 * NULL), or NULL when the connection is gone. */
static PGresult *next_reply(PGconn *c)
{
	PGresult *r = PQgetResult(c);

	return r ? r : PQgetResult(c);
}

/* Read one segment's replies, keeping the later read's and the
 * statements'.  1: all came and all went well; 0: one failed, or was
 * skipped after another segment's failure (dropped, to be read again);
 * -1: the connection is gone. */
static int read_segment(PGconn *c, struct segment *s)
{
	int e = 2 * s->snapshot + s->later + s->n, k, ok = 1;
	PGresult *r;

	for (k = 0; k < e; k++) {
		ExecStatusType st;

		if (!(r = next_reply(c))) {
			segment_drop(s);
			return -1;
		}
		st = PQresultStatus(r);
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
			ok = 0;
		if (ok && k >= s->snapshot && k < e - s->snapshot) {
			int at = k - s->snapshot - s->later;

			if (at < 0)
				s->later_res = r;
			else
				s->out[at] = r;
			r = NULL;
		}
		PQclear(r);
	}
	if (!ok)
		segment_drop(s);
	return ok;
}

/* The owed COMMIT's reply (the leader's own last snapshot), or the
 * gathering's sync: 1 when it came as `want`. */
static int reply_is(PGconn *c, ExecStatusType want)
{
	PGresult *r = next_reply(c);
	int ok = r && PQresultStatus(r) == want;

	PQclear(r);
	return ok;
}

/*
 * The segments with a snapshot of their own first, in their order: until
 * the sync, a read outside any snapshot (a POST's login) leaves its
 * transaction open, and a snapshot's BEGIN behind it would find its
 * isolation level set too late.  After them, such reads each see what was
 * committed when they run, as they would alone.
 */
static void snapshots_first(struct share_member **m, size_t n)
{
	struct share_member *rest[SHARE_MAX];
	size_t i, k = 0, r = 0;

	for (i = 0; i < n; i++) {
		if (((struct segment *)m[i]->who)->snapshot)
			m[k++] = m[i];
		else
			rest[r++] = m[i];
	}
	for (i = 0; i < r; i++)
		m[k + i] = rest[i];
}

/* Lead a gathering (share_wait()'s run): every segment on this
 * connection, behind the owed COMMIT of the leader's own last snapshot,
 * and one sync: one round trip.  A leader alone reads so too, so that
 * the threads that come meanwhile gather behind it. */
static void run_gather(void *lead, struct share_member **m, size_t n)
{
	struct pgc *pc = lead;
	PGconn *c = pc->conn;
	int owed = pc->owed, ok, got;
	size_t i;

	pc->owed = 0;
	snapshots_first(m, n);
	ok = PQenterPipelineMode(c) && (!owed || pgc_send_tx(c, "COMMIT"));
	for (i = 0; ok && i < n; i++)
		ok = send_segment(c, m[i]->who);
	ok = ok && pgc_sync(pc);
	/* A failed COMMIT of a read-only snapshot loses nothing; the
	 * segments behind it were skipped, and are read again alone. */
	if (ok && owed)
		(void)reply_is(c, PGRES_COMMAND_OK);
	for (i = 0; ok && i < n; i++) {
		if ((got = read_segment(c, m[i]->who)) < 0)
			ok = 0;
		else if (got) {
			m[i]->rc = 0;
			m[i]->outcome = SHARE_DONE;
		}
	}
	ok = ok && reply_is(c, PGRES_PIPELINE_SYNC);
	if (!PQexitPipelineMode(c) || !ok)
		pgc_check(pc, NULL);    /* the leader connects again */
	else if (PQtransactionStatus(c) != PQTRANS_IDLE)
		PQclear(PQexec(c, "ROLLBACK"));  /* a segment's failure */
}

/*
 * pgc_prepared_many()'s statements, with other threads' when they fit:
 * 1 when out (and the later read) got their results so, 0 when the
 * caller is to send them itself.
 */
int pgc_gather(struct pgc *pc, const struct pgc_stmt *v, int n,
	       PGresult **out)
{
	struct segment s = { pc, v, n, pc->pending != NULL,
			     pc->pending && pc->later.w.done, out, NULL };
	struct share_member m = { .who = &s };
	const char *was = pc->pending;
	int i;

	if (!fits(pc, n))
		return 0;
	for (i = 0; i < n; i++)
		out[i] = NULL;
	share_wait(pc->gather, &m, run_gather, pc);
	/* It led, and its connection failed: a new one, to read alone. */
	if (PQstatus(pc->conn) == CONNECTION_BAD ||
	    PQpipelineStatus(pc->conn) != PQ_PIPELINE_OFF) {
		pgc_reconnect(pc);
		pc->pending = was;
	}
	if (m.state != SHARE_DONE)
		return 0;
	if (s.later) {
		pgc_hand(&pc->later.w, s.later_res);
		PQclear(s.later_res);
	}
	return 1;
}
