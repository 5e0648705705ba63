/*
 * The PostgreSQL storage backend (backend.h) over libpq: one connection
 * per struct store (pg-conn.c), every catalogue entry prepared when it
 * connects and again after each reconnect, snapshots in REPEATABLE READ
 * READ ONLY, write transactions in SERIALIZABLE run again on conflicts
 * and lost connections (pgc_txn()).  The SQL is the shared catalogue's
 * (pg-sql.c), the schema pg-schema.c's.  Like sqlite.c it decides
 * nothing: every value it writes comes from the store's rules.
 */
#include "store/pg-private.h"
#include "store/pg-share.h"

#include <endian.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The widest row and the most arguments of the catalogue. */
#define SQL_MAX 2048

/* PostgreSQL's type oids (pg_type.h, which a client does not have). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23

/* The statement the generation is read from (after the catalogue's). */
#define GEN_NAME "gen"
#define GEN_SQL \
	"SELECT last_value + CAST(is_called AS INTEGER) FROM store_generation"
/* Sent with each COMMIT of a write, in the same round trip. */
#define GEN_BUMP "SELECT nextval('store_generation')"

/* A read sent along with a body's writes (pg_read_sent()), waiting for
 * its rows. */
struct pg_sent {
	struct store *st;
	enum be_query q;
	be_row_fn *fn;
	void *ctx;
};
#define PG_SENT_MAX 4           /* a body's; past them reads wait */

struct pg_store {
	struct store base;      /* first, so a struct store * points here */
	struct pgc *pc;         /* its own; a group's leader's while its
				 * body runs in that group (run_group()) */
	struct pg_share *share; /* the database's queue, or NULL */
	struct pg_share *gather;        /* its reads' (pg-gather.c) */
	struct pg_sent sent[PG_SENT_MAX];
	int nr_sent;
	struct {                /* pg_read_later()'s, while it waits */
		enum be_query q;
		be_row_fn *fn;
		void *ctx;
		int rc;         /* its result, once read */
	} later;
};

static struct pg_store *ps_of(struct store *st)
{
	return (struct pg_store *)st;
}

struct pgc *pg_store_pgc(struct store *st)
{
	return ps_of(st)->pc;
}

struct pg_share *pg_store_share(struct store *st)
{
	return ps_of(st)->share;
}

struct pg_share *pg_store_gather(struct store *st)
{
	return ps_of(st)->gather;
}

/* Keep pg-conn's message as the store's; returns rc. */
static int keep_err(struct store *st, int rc)
{
	snprintf(st->err, sizeof(st->err), "%s", pgc_errmsg(ps_of(st)->pc));
	return rc;
}

/* The name and SQL of prepared statement q: the catalogue's entries as
 * q<number>, then the generation's. */
static int statement(struct pgc *pc, int q, char *name, char *sql)
{
	if (q == NR_QUERIES) {
		snprintf(name, 16, GEN_NAME);
		snprintf(sql, SQL_MAX, GEN_SQL);
		return STORE_OK;
	}
	snprintf(name, 16, "q%d", q);
	if (pg_sql((enum be_query)q, sql, SQL_MAX))
		return pgc_set_err(pc, "%s: no SQL", be_shapes[q].name);
	return STORE_OK;
}

/* Read the results of the prepares sent, up to the pipeline's sync: the
 * first failure's code and message (naming its statement) are kept. */
static int prepared(struct pgc *pc)
{
	PGconn *c = pgc_pq(pc);
	PGresult *res;
	int q = 0, rc = STORE_OK, r;
	char msg[200];

	while ((res = PQgetResult(c)) || q <= NR_QUERIES) {
		if (!res) {             /* the end of one prepare's results */
			q++;
			continue;
		}
		if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (rc == STORE_OK &&
		    PQresultStatus(res) != PGRES_PIPELINE_ABORTED &&
		    (r = pgc_check(pc, res)) != STORE_OK) {
			snprintf(msg, sizeof(msg), "%s", pgc_errmsg(pc));
			rc = r;
			pgc_set_err(pc, "preparing %s: %s", q < NR_QUERIES ?
				    be_shapes[q].name : GEN_NAME, msg);
		}
		PQclear(res);
	}
	return rc;
}

/*
 * Prepare every catalogue entry and the generation's statement (a
 * pgc_on_connect() callback: prepared statements die with their
 * connection), in one round trip: libpq's pipeline mode sends them all
 * before reading a reply.
 */
static int prepare_all(struct pgc *pc, void *ctx)
{
	PGconn *c = pgc_pq(pc);
	char sql[SQL_MAX], name[16];
	int q, rc = STORE_OK;

	(void)ctx;
	/* Each catalogue entry is a key lookup or a walk of one key, whose
	 * plan does not depend on the values: plan it once, when prepared,
	 * not again at every execution (PostgreSQL's default re-plans a
	 * statement per execution until it trusts a generic plan, which
	 * cost as much as the execution itself for most of ours). */
	if (pgc_exec(pc, "SET plan_cache_mode = force_generic_plan") !=
	    STORE_OK)
		return STORE_ERR;
	if (!PQenterPipelineMode(c))
		return pgc_check(pc, NULL);
	for (q = 0; rc == STORE_OK && q <= NR_QUERIES; q++) {
		rc = statement(pc, q, name, sql);
		if (rc == STORE_OK && !PQsendPrepare(c, name, sql, 0, NULL))
			rc = pgc_check(pc, NULL);
	}
	if (rc == STORE_OK && !PQpipelineSync(c))
		rc = pgc_check(pc, NULL);
	if (rc == STORE_OK)
		rc = prepared(pc);
	if (!PQexitPipelineMode(c) && rc == STORE_OK)
		rc = pgc_check(pc, NULL);
	return rc;
}

static void pg_close(struct store *st)
{
	if (!st)
		return;
	pgc_close(ps_of(st)->pc);
	share_close(ps_of(st)->share);
	share_close(ps_of(st)->gather);
	free(st);
}

/* Open: `url` is the whole postgres:// URL (store_open() keeps it). */
static int pg_open(const char *url, struct store **out, char *err,
		   size_t errlen)
{
	struct pg_store *ps = calloc(1, sizeof(*ps));
	int rc;

	if (!ps) {
		snprintf(err, errlen, "postgres: out of memory");
		return STORE_ERR;
	}
	ps->base.be = &store_pg;
	rc = pgc_open(url, &ps->pc, err, errlen);
	if (rc != STORE_OK) {
		free(ps);
		return rc;
	}
	rc = pgc_migrate(ps->pc);
	if (rc == STORE_OK)
		rc = pgc_on_connect(ps->pc, prepare_all, NULL);
	if (rc != STORE_OK) {
		snprintf(err, errlen, "postgres: %s", pgc_errmsg(ps->pc));
		pg_close(&ps->base);
		return STORE_ERR;
	}
	pgc_after_commit(ps->pc, GEN_BUMP);
	ps->share = share_open(url);    /* NULL: each commits alone */
	ps->gather = share_open_reads(url);     /* NULL: each reads alone */
	pgc_gather_on(ps->pc, ps->gather);
	*out = &ps->base;
	return STORE_OK;
}

static int pg_read_begin(struct store *st)
{
	int rc = pgc_read_begin(ps_of(st)->pc);

	pgc_gather_once(ps_of(st)->pc, rc == STORE_OK && st->read_once);
	return rc == STORE_OK ? rc : keep_err(st, rc);
}

static int pg_read_end(struct store *st)
{
	int rc = pgc_read_end(ps_of(st)->pc);

	return rc == STORE_OK ? rc : keep_err(st, rc);
}

struct body_call {
	struct store *st;
	be_body_fn *body;
	void *ctx;
};

static int run_body(struct pgc *pc, void *ctx)
{
	struct body_call *b = ctx;

	/* Forget a former try's error: a body's own refusal (a cap, a
	 * missing row) has its message in the store already. */
	pgc_set_err(pc, "%s", "");
	ps_of(b->st)->nr_sent = 0;
	return b->body(b->st, b->ctx);
}

/* A group's members' bodies (pg-share.h), one after another in the
 * leader's transaction, each on the leader's connection. */
struct group {
	struct share_member **v;
	size_t n;
};

static int group_body(struct pgc *pc, void *ctx)
{
	struct group *g = ctx;
	int rc = STORE_OK;
	size_t i;

	for (i = 0; i < g->n && rc == STORE_OK; i++) {
		struct body_call *b = g->v[i]->who;
		struct pg_store *ps = ps_of(b->st);
		struct pgc *own = ps->pc;

		ps->pc = pc;
		rc = run_body(pc, b);
		ps->pc = own;
	}
	return rc;
}

/*
 * Lead a group (share_wait()'s run): one transaction for all, on this
 * store's connection.  Committed, each is done.  When its COMMIT's fate
 * is unknown, each fails with that (nothing is run twice).  Any other
 * failure (a body's own refusal among them) leaves each to run again
 * alone, as if no group had been: nothing of the group was committed.
 */
static void run_group(void *lead, struct share_member **v, size_t n)
{
	struct pgc *pc = ps_of(lead)->pc;
	struct group g = { v, n };
	size_t i;
	int rc;

	/* Alone, the leader commits as it would have without a group; the
	 * saves that come meanwhile gather for the next. */
	if (n == 1 && ((struct body_call *)v[0]->who)->st == lead) {
		rc = pgc_txn(pc, PGC_SERIALIZABLE, run_body, v[0]->who);
		if (rc != STORE_OK && *pgc_errmsg(pc))
			keep_err(lead, rc);
		v[0]->rc = rc;
		v[0]->outcome = SHARE_DONE;
		return;
	}
	rc = pgc_txn(pc, PGC_SERIALIZABLE, group_body, &g);
	for (i = 0; i < n; i++) {
		struct body_call *b = v[i]->who;

		if (rc == STORE_OK || pgc_commit_unknown(pc)) {
			v[i]->rc = rc;
			v[i]->outcome = SHARE_DONE;
		}
		if (rc != STORE_OK && pgc_commit_unknown(pc))
			store_set_err(b->st, "%s", pgc_errmsg(pc));
	}
}

/*
 * A write transaction: SERIALIZABLE, so a body's counts hold until it
 * commits; on a serialization failure, a deadlock or a lost connection
 * pgc_txn() rolls back and runs the body again (a few times), and
 * STORE_OK means the database confirmed the COMMIT.  One that may share
 * its COMMIT (store_txn_shared()) waits for a group first.
 */
static int pg_transact(struct store *st, be_body_fn *body, void *ctx)
{
	struct pg_store *ps = ps_of(st);
	struct body_call b = { st, body, ctx };
	struct share_member m = { .who = &b };
	int rc;

	if (pgc_in_txn(ps->pc))
		return store_set_err(st, "a transaction inside another");
	if (st->share && ps->share) {
		share_wait(ps->share, &m, run_group, st);
		if (m.state == SHARE_DONE)
			return m.rc;
	}
	rc = pgc_txn(ps->pc, PGC_SERIALIZABLE, run_body, &b);
	if (rc != STORE_OK && *pgc_errmsg(ps->pc))
		keep_err(st, rc);
	return rc;
}

/*
 * Run prepared entry q (name "q<number>") with its arguments: integers
 * as text, which fits any integer type PostgreSQL inferred for the
 * parameter; text and bytes in binary, byte for byte (bytes may hold
 * NUL).  Rows come back in binary.  NULL when the call is refused.
 */
struct params {
	char ints[BE_MAX_ARGS][24];
	const char *val[BE_MAX_ARGS];
	int len[BE_MAX_ARGS], fmt[BE_MAX_ARGS];
};

static int params(struct store *st, const char *name,
		  const struct be_val *arg, size_t nargs, struct params *p)
{
	size_t i;

	if (nargs > BE_MAX_ARGS)
		return store_set_err(st, "%s: too many arguments", name);
	for (i = 0; i < nargs; i++) {
		const struct be_val *v = &arg[i];

		p->val[i] = NULL;
		p->len[i] = 0;
		p->fmt[i] = 0;
		if (v->type == BE_INT) {
			snprintf(p->ints[i], sizeof(p->ints[i]), "%" PRId64,
				 v->i);
			p->val[i] = p->ints[i];
		} else if (v->type == BE_TEXT || v->type == BE_BLOB) {
			p->val[i] = v->s ? v->s : "";
			p->len[i] = (int)v->len;
			p->fmt[i] = 1;
		}
	}
	return STORE_OK;
}

static PGresult *run(struct store *st, const char *name,
		     const struct be_val *arg, size_t nargs)
{
	struct params p;

	if (params(st, name, arg, nargs, &p) != STORE_OK)
		return NULL;
	return pgc_prepared(ps_of(st)->pc, name, (int)nargs, p.val, p.len,
			    p.fmt);
}

/* The replies of the writes sent without waiting (pg_write()), read
 * before any other statement: their first failure, if any. */
static int flush(struct store *st)
{
	int rc = pgc_flush(ps_of(st)->pc);

	return rc == STORE_OK ? rc : keep_err(st, rc);
}

/* Column j of row r as the catalogue types it (`type`); NULL is 0 or "".
 * Returns -1 for a column type it cannot read as asked. */
static int column(const PGresult *res, int r, int j, char type,
		  struct be_val *v)
{
	const char *p = PQgetvalue(res, r, j);
	int n = PQgetlength(res, r, j);
	uint64_t u8;
	uint32_t u4;
	uint16_t u2;

	if (type != 'i') {
		v->type = type == 't' ? BE_TEXT : BE_BLOB;
		v->s = PQgetisnull(res, r, j) ? "" : p;
		v->len = PQgetisnull(res, r, j) ? 0 : (size_t)n;
		return 0;
	}
	*v = (struct be_val){ .type = BE_INT };
	if (PQgetisnull(res, r, j))
		return 0;
	switch (PQftype(res, j)) {
	case OID_INT8:
		memcpy(&u8, p, 8);
		v->i = (int64_t)be64toh(u8);
		return n == 8 ? 0 : -1;
	case OID_INT4:
		memcpy(&u4, p, 4);
		v->i = (int32_t)be32toh(u4);
		return n == 4 ? 0 : -1;
	case OID_INT2:
		memcpy(&u2, p, 2);
		v->i = (int16_t)be16toh(u2);
		return n == 2 ? 0 : -1;
	case OID_BOOL:
		v->i = *p != 0;
		return n == 1 ? 0 : -1;
	}
	return -1;
}

/* Hand each row of res to fn, typed by the catalogue's columns. */
static int rows(struct store *st, enum be_query q, const PGresult *res,
		be_row_fn *fn, void *ctx)
{
	const char *types = be_shapes[q].cols;
	struct be_val col[BE_MAX_COLS];
	int nrows = PQntuples(res), ncols = (int)strlen(types), r, j, ret;

	if (PQnfields(res) != ncols)
		return store_set_err(st, "%s: %d columns, not %d",
				     be_shapes[q].name, PQnfields(res), ncols);
	for (r = 0; r < nrows; r++) {
		for (j = 0; j < ncols; j++)
			if (column(res, r, j, types[j], &col[j]))
				return store_set_err(st, "%s: column %d is of"
						     " type %u", be_shapes[q].name,
						     j + 1, PQftype(res, j));
		if ((ret = fn(ctx, col)))
			return ret < 0 ? ret : STORE_OK;
	}
	return STORE_OK;
}

/* A reading entry: inside a transaction or a snapshot, its state; else
 * the newest, on a connection remade first if it was lost. */
static int pg_read(struct store *st, enum be_query q,
		   const struct be_val *arg, size_t nargs, be_row_fn *fn,
		   void *ctx)
{
	struct pgc *pc = ps_of(st)->pc;
	struct params p;
	char name[16];
	PGresult *res;
	int rc;

	snprintf(name, sizeof(name), "q%d", (int)q);
	if (pgc_queued(pc)) {           /* with the writes sent before it */
		if ((rc = params(st, name, arg, nargs, &p)) != STORE_OK)
			return rc;
		rc = pgc_flush_read(pc, name, (int)nargs, p.val, p.len, p.fmt,
				    &res);
		if (rc != STORE_OK)
			return keep_err(st, rc);
	} else {
		if (!pgc_in_txn(pc)) {
			if (pgc_ensure(pc) != STORE_OK)
				return keep_err(st, STORE_ERR);
			/* A POST's login: a key's row, as quick as any. */
			pgc_gather_once(pc, q == Q_LOGIN_GET);
		}
		res = run(st, name, arg, nargs);
	}
	rc = pgc_check(pc, res);
	if (rc == STORE_OK)
		rc = rows(st, q, res, fn, ctx);
	else
		keep_err(st, rc);
	PQclear(res);
	return rc;
}

/* pg_read_sent()'s rows, when they come (NULL: they did not). */
static int sent_rows(const PGresult *res, void *arg)
{
	const struct pg_sent *r = arg;

	return res ? rows(r->st, r->q, res, r->fn, r->ctx) : STORE_ERR;
}

/* A read sent with the body's writes (backend.h, read_sent). */
static int pg_read_sent(struct store *st, enum be_query q,
			const struct be_val *arg, size_t nargs, be_row_fn *fn,
			void *ctx)
{
	struct pg_store *ps = ps_of(st);
	struct pg_sent *r;
	struct params p;
	char name[16];
	int rc;

	if (!pgc_in_txn(ps->pc) || ps->nr_sent == PG_SENT_MAX)
		return pg_read(st, q, arg, nargs, fn, ctx);
	snprintf(name, sizeof(name), "q%d", (int)q);
	if ((rc = params(st, name, arg, nargs, &p)) != STORE_OK)
		return rc;
	r = &ps->sent[ps->nr_sent++];
	*r = (struct pg_sent){ st, q, fn, ctx };
	rc = pgc_send_read(ps->pc, name, (int)nargs, p.val, p.len, p.fmt,
			   sent_rows, r);
	return rc == STORE_OK ? rc : keep_err(st, rc);
}

/* Reads sent together (store_together()): one round trip for all. */
static int pg_read_many(struct store *st, const struct be_read *v, size_t n)
{
	struct pgc *pc = ps_of(st)->pc;
	struct pgc_stmt s[BE_READ_MANY_MAX];
	PGresult *res[BE_READ_MANY_MAX];
	char name[BE_READ_MANY_MAX][16];
	struct params *p;
	int rc;
	size_t i;

	if (n > BE_READ_MANY_MAX)
		return store_set_err(st, "read_many: %zu reads", n);
	if ((rc = flush(st)) != STORE_OK)
		return rc;
	if (!pgc_in_txn(pc) && pgc_ensure(pc) != STORE_OK)
		return keep_err(st, STORE_ERR);
	if (!(p = malloc(n * sizeof(*p))))      /* not on a page's stack */
		return store_set_err(st, "read_many: out of memory");
	for (i = 0; i < n && rc == STORE_OK; i++) {
		snprintf(name[i], sizeof(name[i]), "q%d", (int)v[i].q);
		rc = params(st, name[i], v[i].arg, v[i].nargs, &p[i]);
		s[i] = (struct pgc_stmt){ name[i], (int)v[i].nargs, p[i].val,
					  p[i].len, p[i].fmt };
	}
	if (rc == STORE_OK) {
		pgc_prepared_many(pc, s, (int)n, res);
		for (i = 0; i < n; i++) {
			if (rc == STORE_OK) {
				rc = pgc_check(pc, res[i]);
				if (rc == STORE_OK)
					rc = rows(st, v[i].q, res[i], v[i].fn,
						  v[i].ctx);
				else
					keep_err(st, rc);
			}
			PQclear(res[i]);
		}
	}
	free(p);
	return rc;
}

/* A write whose caller wants nothing back (done NULL: store_copy()'s),
 * sent without waiting for its reply (pgc_send()). */
static int send_write(struct store *st, const char *name,
		      const struct be_val *arg, size_t nargs)
{
	struct params p;
	int rc;

	if ((rc = params(st, name, arg, nargs, &p)) != STORE_OK)
		return rc;
	rc = pgc_send(ps_of(st)->pc, name, (int)nargs, p.val, p.len, p.fmt);
	return rc == STORE_OK ? rc : keep_err(st, rc);
}

/* A writing entry, in the open transaction: rows changed, and the new
 * id its RETURNING gives. */
static int pg_write(struct store *st, enum be_query q,
		    const struct be_val *arg, size_t nargs,
		    struct be_done *done)
{
	struct pgc *pc = ps_of(st)->pc;
	struct be_val id;
	char name[16];
	PGresult *res;
	int rc;

	if (!pgc_in_txn(pc))
		return store_set_err(st, "%s: a write outside a transaction",
				     be_shapes[q].name);
	snprintf(name, sizeof(name), "q%d", (int)q);
	if (!done)
		return send_write(st, name, arg, nargs);
	if ((rc = flush(st)) != STORE_OK)
		return rc;
	res = run(st, name, arg, nargs);
	rc = pgc_check(pc, res);
	if (rc != STORE_OK) {
		keep_err(st, rc);
	} else if (done) {
		done->changes = strtoll(PQcmdTuples(res), NULL, 10);
		done->id = 0;
		if ((be_shapes[q].flags & BE_NEW_ID) && PQntuples(res) == 1 &&
		    column(res, 0, 0, 'i', &id) == 0)
			done->id = id.i;
	}
	PQclear(res);
	return rc;
}

/*
 * The generation: a sequence in the database, bumped after the COMMIT of
 * every write transaction, in COMMIT's round trip (pgc_after_commit()).
 * After, not inside: a reader that sees the new number began after the
 * commit, so what it reads next is at least that new (the dashboard's
 * cache keys on it); a bump inside would be seen before the commit is.
 * A sequence, not a counter row, because a row bumped by every write
 * would make every two concurrent writes a serialization conflict.  It
 * is the database's, so every server sees every server's writes.  When
 * it cannot be read, a new number each call (nothing is kept).
 */
static uint64_t pg_generation(struct store *st)
{
	struct pgc *pc = ps_of(st)->pc;
	PGresult *res = NULL;
	struct be_val v;
	uint64_t g = 0;

	if (pgc_flush(pc) == STORE_OK &&
	    (pgc_in_txn(pc) || pgc_ensure(pc) == STORE_OK))
		res = pgc_prepared(pc, GEN_NAME, 0, NULL, NULL, NULL);
	if (pgc_check(pc, res) == STORE_OK && PQntuples(res) == 1 &&
	    column(res, 0, 0, 'i', &v) == 0)
		g = (uint64_t)v.i;
	else
		g = store_fresh_generation();
	PQclear(res);
	return g;
}

/* The generation read ahead of the next statement (pgc_ahead()). */
static void ahead_done(const PGresult *res, void *arg)
{
	struct store *st = arg;
	struct be_val v;

	if (res && PQresultStatus(res) == PGRES_TUPLES_OK &&
	    PQntuples(res) == 1 && column(res, 0, 0, 'i', &v) == 0) {
		st->gen = (uint64_t)v.i;
		st->gen_asked = GEN_READ;
	} else {
		st->gen_asked = GEN_NONE;
	}
}

static int pg_generation_ahead(struct store *st)
{
	struct pgc *pc = ps_of(st)->pc;

	if (pgc_flush(pc) != STORE_OK || pgc_ensure(pc) != STORE_OK)
		return STORE_ERR;
	return pgc_ahead(pc, GEN_NAME, ahead_done, st) ? STORE_ERR : STORE_OK;
}

static void pg_generation_ahead_end(struct store *st)
{
	pgc_ahead_run(ps_of(st)->pc);
}

/* Rows of a read that went with another statement (pgc_later()). */
static void later_done(const PGresult *res, void *arg)
{
	struct pg_store *ps = arg;
	struct store *st = &ps->base;

	if (!res) {                     /* dropped: no one's error */
		ps->later.rc = STORE_ERR;
		return;
	}
	ps->later.rc = pgc_check(ps->pc, res);
	if (ps->later.rc == STORE_OK)
		ps->later.rc = rows(st, ps->later.q, res, ps->later.fn,
				    ps->later.ctx);
	else
		keep_err(st, ps->later.rc);
}

static int pg_read_later(struct store *st, enum be_query q,
			 const struct be_val *arg, size_t nargs,
			 be_row_fn *fn, void *ctx)
{
	struct pg_store *ps = ps_of(st);
	struct params p;
	char name[16];
	int rc;

	snprintf(name, sizeof(name), "q%d", (int)q);
	if ((rc = params(st, name, arg, nargs, &p)) != STORE_OK)
		return rc;
	ps->later.q = q;
	ps->later.fn = fn;
	ps->later.ctx = ctx;
	ps->later.rc = STORE_ERR;
	if (pgc_later(ps->pc, name, (int)nargs, p.val, p.len, p.fmt,
		      later_done, ps))
		return store_set_err(st, "%s: cannot wait",
				     be_shapes[q].name);
	return STORE_OK;
}

static int pg_read_later_end(struct store *st)
{
	pgc_later_run(ps_of(st)->pc);
	return ps_of(st)->later.rc;
}

static void pg_idle(struct store *st)
{
	pgc_idle(ps_of(st)->pc);
}

const struct store_backend store_pg = {
	.name = "postgres",
	.open = pg_open,
	.close = pg_close,
	.read_begin = pg_read_begin,
	.read_end = pg_read_end,
	.transact = pg_transact,
	.read_sent = pg_read_sent,
	.read = pg_read,
	.write = pg_write,
	.generation = pg_generation,
	.generation_ahead = pg_generation_ahead,
	.generation_ahead_end = pg_generation_ahead_end,
	.idle = pg_idle,
	.read_later = pg_read_later,
	.read_later_end = pg_read_later_end,
	.read_many = pg_read_many,
};
