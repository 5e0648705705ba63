/*
 * pg-pipe.c: statements sent several to a round trip (libpq's pipeline
 * mode; pg-conn.h): a statement with what must go before it (a COMMIT
 * owed, a BEGIN), and the bulk writes of pgc_send() and pgc_flush().
 */
#include "store/pg-conn-int.h"

#include <stdlib.h>
#include <string.h>

/*
 * Read the replies of the statements pgc_send() sent, up to the sync
 * that ends them; the first failure is kept (pgc_check(): a conflict or
 * a lost connection marks the transaction for pgc_txn() to run again).
 * The ones after a failure were not run (PGRES_PIPELINE_ABORTED).  The
 * transaction's id, when its query went among them, is kept; with
 * `last`, one more statement was sent after them (pgc_flush_read()),
 * and its result goes to *last when all went well.
 */
static int drain(struct pgc *pc, PGresult **last)
{
	PGconn *c = pc->conn;
	int rc = STORE_OK, i, k = 0, h = 0, r;
	int n = pc->queued + (last != NULL);
	PGresult *res;

	/* A result and a NULL per statement, then the sync's: bounded, as
	 * a connection that is gone gives only NULLs or errors. */
	for (i = 0; i < 2 * n + 1; i++) {
		if (!(res = PQgetResult(c))) {
			if (PQstatus(c) == CONNECTION_BAD)
				break;
			continue;
		}
		r = PQresultStatus(res);
		if (r == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (r != PGRES_PIPELINE_ABORTED && rc == STORE_OK)
			rc = pgc_check(pc, res);
		if (++k == pc->xid_at && r == PGRES_TUPLES_OK &&
		    PQntuples(res) == 1)
			pc->xid = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
		if (h < pc->nr_reads && pc->reads[h].at == k) {
			int got = pc->reads[h].done(rc == STORE_OK ? res : NULL,
						    pc->reads[h].ctx);

			rc = rc == STORE_OK ? got : rc;
			h++;
		}
		if (last && k == n && rc == STORE_OK) {
			*last = res;
			res = NULL;
		}
		PQclear(res);
	}
	for (; h < pc->nr_reads; h++)   /* never run */
		pc->reads[h].done(NULL, pc->reads[h].ctx);
	pc->nr_reads = 0;
	pc->xid_at = 0;
	if (rc == STORE_OK && PQstatus(c) == CONNECTION_BAD)
		rc = pgc_check(pc, NULL);
	return rc;
}

/* End the pipeline: its sync, the replies (drain()), pipeline mode. */
static int sync_drain(struct pgc *pc, PGresult **last)
{
	int rc, i;

	if (!pc->queued)                /* the first send failed */
		rc = STORE_OK;
	else if (!pgc_sync(pc))
		rc = pgc_check(pc, NULL);
	else
		rc = drain(pc, last);
	for (i = 0; i < pc->nr_reads; i++)      /* none was read */
		pc->reads[i].done(NULL, pc->reads[i].ctx);
	pc->nr_reads = 0;
	pc->queued = 0;
	pc->xid_at = 0;
	if (!PQexitPipelineMode(pc->conn) && rc == STORE_OK)
		rc = pgc_check(pc, NULL);
	return rc;
}

int pgc_flush(struct pgc *pc)
{
	pgc_claim(pc);
	if (PQpipelineStatus(pc->conn) == PQ_PIPELINE_OFF)
		return STORE_OK;
	return sync_drain(pc, NULL);
}

int pgc_queued(const struct pgc *pc)
{
	return pc->queued > 0;
}

int pgc_flush_read(struct pgc *pc, const char *name, int n,
		   const char *const *val, const int *len, const int *fmt,
		   PGresult **res)
{
	*res = NULL;
	pgc_claim(pc);
	if (PQpipelineStatus(pc->conn) == PQ_PIPELINE_OFF || !pc->queued)
		return pgc_flush(pc);
	if (!PQsendQueryPrepared(pc->conn, name, n, val, len, fmt, 1)) {
		int rc = pgc_check(pc, NULL);

		sync_drain(pc, NULL);
		return rc;
	}
	return sync_drain(pc, res);
}

/*
 * Ready for pgc_send()'s first statement, in pipeline mode: as
 * pgc_ready(), but the COMMIT a snapshot owes, the BEGIN still pending
 * and its transaction id's query go first in the pipeline rather than in
 * round trips of their own (drain() keeps the id).  With a pgc_later()
 * read waiting (a snapshot's), pgc_ready() begins on its own, as before.
 */
static int pipeline_begin(struct pgc *pc)
{
	PGconn *c = pc->conn;
	const char *begin = pc->pending;
	int rc;

	pc->xid_at = 0;
	if (!begin || pc->later.w.done) {
		if ((rc = pgc_ready(pc)) != STORE_OK)
			return rc;
		return PQenterPipelineMode(c) ? STORE_OK : pgc_check(pc, NULL);
	}
	pgc_settle(pc);
	pgc_ahead_run(pc);              /* before the transaction begins */
	pc->pending = NULL;
	if (!PQenterPipelineMode(c))
		return pgc_check(pc, NULL);
	if (pc->owed) {                 /* a snapshot's, in front */
		pc->owed = 0;
		if (!pgc_send_tx(c, "COMMIT"))
			return pgc_check(pc, NULL);
		pc->queued++;
	}
	if (!pgc_send_tx(c, begin))
		return pgc_check(pc, NULL);
	pc->queued++;
	if (pc->pending_xid) {
		if (!pgc_send_tx(c, XID_SQL))
			return pgc_check(pc, NULL);
		pc->xid_at = ++pc->queued;
	}
	return STORE_OK;
}

/*
 * Send prepared statement `name` without waiting for its reply: the
 * pending BEGIN first (pipeline_begin()), then the connection in pipeline
 * mode until pgc_flush(), which every PGC_QUEUE_MAX statements does
 * itself.  Results in `format` (1: binary); with done, a read's.
 */
static int send_one(struct pgc *pc, const char *name, int n,
		    const char *const *val, const int *len, const int *fmt,
		    int format, pgc_rows_fn *done, void *ctx)
{
	PGconn *c = pc->conn;
	int rc;

	pgc_claim(pc);
	if (done && pc->nr_reads == PGC_READS_MAX &&
	    (rc = pgc_flush(pc)) != STORE_OK)
		return rc;
	if (!pc->queued && (rc = pipeline_begin(pc)) != STORE_OK) {
		pgc_flush(pc);
		return rc;
	}
	if (!PQsendQueryPrepared(c, name, n, val, len, fmt, format)) {
		rc = pgc_check(pc, NULL);
		pgc_flush(pc);
		return rc;
	}
	if (done) {
		pc->reads[pc->nr_reads].at = pc->queued + 1;
		pc->reads[pc->nr_reads].done = done;
		pc->reads[pc->nr_reads++].ctx = ctx;
	}
	if (++pc->queued >= PGC_QUEUE_MAX)
		return pgc_flush(pc);
	return STORE_OK;
}

int pgc_send(struct pgc *pc, const char *name, int n,
	     const char *const *val, const int *len, const int *fmt)
{
	return send_one(pc, name, n, val, len, fmt, 0, NULL, NULL);
}

int pgc_send_read(struct pgc *pc, const char *name, int n,
		  const char *const *val, const int *len, const int *fmt,
		  pgc_rows_fn *done, void *ctx)
{
	return send_one(pc, name, n, val, len, fmt, 1, done, ctx);
}

/* A transaction statement, by the name it is prepared under. */
int pgc_send_tx(PGconn *c, const char *sql)
{
	const char *name = pgc_tx_name(sql);

	if (!name)
		return PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
	return PQsendQueryPrepared(c, name, 0, NULL, NULL, NULL, 0);
}

/* The pgc_ahead() read in front of a pipeline: the COMMIT owed (when
 * `commit`), the read, and a sync, so that the transaction after begins
 * only once the read is done. */
static int ahead_send(struct pgc *pc, int commit)
{
	PGconn *c = pc->conn;

	return (!commit || pgc_send_tx(c, "COMMIT")) &&
	       PQsendQueryPrepared(c, pc->ahead.name, 0, NULL, NULL, NULL,
				   1) &&
	       pgc_sync(pc);
}

/* Their replies, up to that sync: the read's to its done; false, with
 * the reply in *failed, when the COMMIT failed. */
static int ahead_read(struct pgc *pc, int commit, PGresult **failed)
{
	PGconn *c = pc->conn;
	PGresult *r;
	int k, ok = 1;

	for (k = 0; k <= commit; k++) {
		if (!(r = PQgetResult(c))) {    /* the connection is gone */
			pgc_hand(&pc->ahead.w, NULL);
			return 0;
		}
		if (k == commit)
			pgc_hand(&pc->ahead.w, r);
		else if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			*failed = r;
			r = NULL;
			ok = 0;
		}
		PQclear(r);
		while ((r = PQgetResult(c)))    /* the end of its results */
			PQclear(r);
	}
	pgc_hand(&pc->ahead.w, NULL);   /* if the COMMIT failed */
	PQclear(PQgetResult(c));        /* the sync */
	return ok;
}

/* Send what must go first (a pgc_ahead() read, the COMMIT a snapshot
 * owes, the pending BEGIN and XID_SQL, a pgc_later() read), then the n
 * prepared statements, and a sync, in one round trip:
 * pgc_prepared_many()'s out. */
static void pipelined(struct pgc *pc, const struct pgc_stmt *v, int n,
		      PGresult **out)
{
	PGconn *c = pc->conn;
	const char *first[3];
	int nf = 0, xid_at = -1, i, ok, later = pc->later.w.done != NULL;
	int ahead = pc->ahead.w.done != NULL, commit = ahead && pc->owed;
	PGresult *r;

	for (i = 0; i < n; i++)
		out[i] = NULL;
	if (commit)                     /* it goes with the read ahead */
		pc->owed = 0;
	if (pc->owed && pc->pending && !strcmp(pc->pending, READ_SQL))
		first[nf++] = CHAIN_SQL;        /* a snapshot after a snapshot */
	else if (pc->owed)
		first[nf++] = "COMMIT";
	if (pc->pending && !(pc->owed && nf == 1 &&
			     !strcmp(first[0], CHAIN_SQL)))
		first[nf++] = pc->pending;
	if (pc->pending && pc->pending_xid)
		first[xid_at = nf++] = XID_SQL;
	pc->pending = NULL;
	pc->owed = 0;
	ok = PQenterPipelineMode(c) && (!ahead || ahead_send(pc, commit));
	for (i = 0; ok && i < nf; i++)
		ok = pgc_send_tx(c, first[i]);
	ok = ok && (!later || PQsendQueryPrepared(c, pc->later.name,
						  pc->later.n, pc->later.val,
						  pc->later.len, pc->later.fmt,
						  1));
	for (i = 0; ok && i < n; i++)
		ok = PQsendQueryPrepared(c, v[i].name, v[i].n, v[i].val,
					 v[i].len, v[i].fmt, 1);
	ok = ok && pgc_sync(pc);
	if (ok && ahead)
		ok = ahead_read(pc, commit, &out[0]);
	for (i = 0; ok && i < nf + later + n && (r = PQgetResult(c)); i++) {
		ExecStatusType st = PQresultStatus(r);

		if (i < nf && st != PGRES_COMMAND_OK &&
		    st != PGRES_TUPLES_OK) {
			out[0] = r;     /* COMMIT or BEGIN failed: say why */
			ok = 0;
		} else if (i >= nf + later) {
			out[i - nf - later] = r;
		} else {
			if (i == xid_at)
				pc->xid = strtoull(PQgetvalue(r, 0, 0), NULL,
						   10);
			else if (i == nf)
				pgc_hand(&pc->later.w, r);
			PQclear(r);
		}
		while ((r = PQgetResult(c)))    /* the end of its results */
			PQclear(r);
	}
	pgc_hand(&pc->later.w, NULL);   /* if a failure came first */
	pgc_hand(&pc->ahead.w, NULL);
	/* The rest, up to the sync: what a failure aborted, each followed
	 * by a NULL.  Bounded: a lost connection gives only NULLs. */
	for (i = 0; i < 2 * (nf + later + n) + 2; i++) {
		if (!(r = PQgetResult(c)))
			continue;
		ok = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
		if (ok)
			break;
	}
	PQexitPipelineMode(c);
}

void pgc_prepared_many(struct pgc *pc, const struct pgc_stmt *v, int n,
		       PGresult **out)
{
	const char *was;
	int i;

	pgc_claim(pc);
	was = pc->pending;
	pgc_settle(pc);
	if (pgc_gather(pc, v, n, out))
		return;
	if (n == 1 && !was && !pc->owed && !pc->later.w.done &&
	    !pc->ahead.w.done) {
		out[0] = PQexecPrepared(pc->conn, v->name, v->n, v->val,
					v->len, v->fmt, 1);
		return;
	}
	pipelined(pc, v, n, out);
	/* Begun on a lost connection: nothing was read, so again on a new
	 * one, once (as ready() does). */
	if (pgc_check(pc, out[0]) != STORE_OK &&
	    pc->fail == FAIL_LOST) {
		for (i = 0; i < n; i++)
			PQclear(out[i]);
		if (pgc_reconnect(pc) != STORE_OK) {
			for (i = 0; i < n; i++)
				out[i] = NULL;
			return;
		}
		pc->pending = was;
		pipelined(pc, v, n, out);
	}
}

PGresult *pgc_prepared(struct pgc *pc, const char *name, int n,
		       const char *const *val, const int *len,
		       const int *fmt)
{
	const struct pgc_stmt one = { name, n, val, len, fmt };
	PGresult *res;

	pgc_prepared_many(pc, &one, 1, &res);
	return res;
}

int pgc_later(struct pgc *pc, const char *name, int n,
	      const char *const *val, const int *len, const int *fmt,
	      pgc_later_fn *done, void *ctx)
{
	size_t used = 0;
	int i;

	pgc_claim(pc);
	if (pc->later.w.done || n > PGC_LATER_ARGS ||
	    strlen(name) >= sizeof(pc->later.name))
		return -1;
	for (i = 0; i < n; i++) {
		if ((size_t)len[i] > sizeof(pc->later.buf) - used)
			return -1;
		memcpy(pc->later.buf + used, val[i], (size_t)len[i]);
		pc->later.val[i] = pc->later.buf + used;
		pc->later.len[i] = len[i];
		pc->later.fmt[i] = fmt[i];
		used += (size_t)len[i];
	}
	strcpy(pc->later.name, name);
	pc->later.n = n;
	pc->later.w.ctx = ctx;
	pc->later.w.done = done;
	return 0;
}

void pgc_hand(struct pgc_waiting *w, const PGresult *res)
{
	pgc_later_fn *done = w->done;

	w->done = NULL;
	if (done)
		done(res, w->ctx);
}

/* Its arguments stay in pc->later.buf while it runs: pgc_later() is not
 * called meanwhile. */
void pgc_later_run(struct pgc *pc)
{
	pgc_later_fn *done;
	PGresult *res;

	pgc_claim(pc);
	if (!(done = pc->later.w.done))
		return;
	pc->later.w.done = NULL;
	res = pgc_prepared(pc, pc->later.name, pc->later.n, pc->later.val,
			   pc->later.len, pc->later.fmt);
	pc->later.w.done = done;
	pgc_hand(&pc->later.w, res);
	PQclear(res);
}

int pgc_ahead(struct pgc *pc, const char *name, pgc_later_fn *done,
	      void *ctx)
{
	pgc_claim(pc);
	if (pc->ahead.w.done)
		return -1;
	pc->ahead.name = name;
	pc->ahead.w.ctx = ctx;
	pc->ahead.w.done = done;
	return 0;
}

/* On its own, after the reply still out and the COMMIT owed. */
void pgc_ahead_run(struct pgc *pc)
{
	PGresult *res;

	pgc_claim(pc);
	if (!pc->ahead.w.done)
		return;
	pgc_settle(pc);
	pgc_pay(pc);
	res = PQexecPrepared(pc->conn, pc->ahead.name, 0, NULL, NULL, NULL,
			     1);
	pgc_hand(&pc->ahead.w, res);
	PQclear(res);
}
