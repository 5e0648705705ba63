/*
 * pg-gather.c: the reads of several threads in one round trip
 * (pgc_gather_on() in pg-conn.h).  On PostgreSQL a page's reads cost the
 * database little; the round trip around them costs most (waking the
 * backend, its reply, waking the thread again).  So the reads that wait
 * at the same moment go together on one connection: the first thread to
 * find no gathering running leads, sends every waiting thread's
 * statements, each thread's ended by a sync of its own, and hands each
 * its results.  The others sleep meanwhile, and go on with their results
 * as if they had read them themselves.
 *
 * A thread's statements are a segment of the pipeline: its snapshot's
 * BEGIN and COMMIT around them when it reads in one, and its sync, so a
 * failure in one segment spoils no other.  Nothing here writes, so a
 * segment that did not come back whole is simply read again by its
 * thread, alone, as it would have been without the others.  The queue
 * is pg-share.c's, one per database apart from the writes'.
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
	return ok && PQpipelineSync(c);
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

/* Read one segment's replies up to its sync, keeping the later read's
 * and the statements'.  1: all came and all went well; 0: one failed (it
 * is dropped, to be read again); -1: the connection is gone. */
static int read_segment(PGconn *c, struct segment *s)
{
	int e = 2 * s->snapshot + s->later + s->n, k = 0, i, ok = 1;
	PGresult *r;

	for (i = 0; i < 2 * e + 2; i++) {
		ExecStatusType st;

		if (!(r = PQgetResult(c))) {
			if (PQstatus(c) == CONNECTION_BAD)
				break;
			continue;
		}
		st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			if (!ok || k != e)
				segment_drop(s);
			return ok && k == e;
		}
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
		k++;
	}
	segment_drop(s);
	return -1;
}

/* The owed COMMIT of the leader's own last snapshot, in front, with a
 * sync of its own: its reply is only read. */
static int settle_owed(PGconn *c)
{
	PGresult *r;
	int i;

	for (i = 0; i < 4; i++) {
		if (!(r = PQgetResult(c))) {
			if (PQstatus(c) == CONNECTION_BAD)
				return 0;
			continue;
		}
		i = PQresultStatus(r) == PGRES_PIPELINE_SYNC ? 4 : i;
		PQclear(r);
	}
	return 1;
}

/* Lead a gathering (share_wait()'s run): every segment on this
 * connection, one round trip.  A leader alone reads so too, so that
 * the threads that come meanwhile gather behind it. */
static void run_gather(void *lead, struct share_member **m, size_t n)
{
	struct pgc *pc = lead;
	PGconn *c = pc->conn;
	int owed = pc->owed, ok, got;
	size_t i;

	pc->owed = 0;
	ok = PQenterPipelineMode(c) &&
	     (!owed || (pgc_send_tx(c, "COMMIT") && PQpipelineSync(c)));
	for (i = 0; ok && i < n; i++)
		ok = send_segment(c, m[i]->who);
	ok = ok && (!owed || settle_owed(c));
	for (i = 0; ok && i < n; i++) {
		if ((got = read_segment(c, m[i]->who)) < 0)
			ok = 0;
		else if (got) {
			m[i]->rc = 0;
			m[i]->outcome = SHARE_DONE;
		}
	}
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
