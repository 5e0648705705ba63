/*
 * The SQLite storage backend (backend.h): connections, one writer per
 * database file, transactions, and the rows of the catalogue's statements
 * (their SQL is in sqlite-sql.c, the schema in sqlite-schema.c).  With
 * those two, the only files that include <sqlite3.h> or speak SQL.  It
 * decides nothing: every value it writes comes from the store's rules.
 * See docs/storage.md for the reasoning behind the settings below.
 */
#include "store/sqlite-private.h"
#include "store/pg-share.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How long a connection waits for another process's write lock. */
#define BUSY_TIMEOUT_MS 5000

/*
 * Every write in this process goes through this one lock.  SQLite allows a
 * single writer per database anyway; when two connections race for it,
 * the loser sleeps in SQLite's busy handler (at least 1 ms a try), which
 * measured a POST p99 of 160-660 ms.  Queueing writers on a mutex instead
 * gave 16k POST/s at p99 20 ms (FIELD-NOTES.md).  Reads never take it: in
 * WAL mode they run beside the writer.  The busy timeout is still needed
 * for writers in other processes (an `alignplan import` next to `serve`).
 *
 * This is the only mutable global state in the backend.
 */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/* sqlite_generation(): bumped once a commit is done (the WAL hook runs
 * after it), so a reader that saw the old number began before it. */
static _Atomic uint64_t generation;

static uint64_t sqlite_generation(struct store *st);

/*
 * Our WAL hook replaces SQLite's default one, so it also asks for
 * checkpoints, which write_end() runs.  Unlike the default it asks once
 * per CHECKPOINT_PAGES new pages, not on every commit while the log is
 * that long: the log only starts over when no other connection is
 * reading from it, which with two busy threads is rarely, and a
 * checkpoint per commit meant two fsyncs per save (strace: one fdatasync
 * per autosave, 5.6k saves/s against 7.6k with one thread).
 *
 * For the same reason passive checkpoints alone never let the log start
 * over under steady load: it grew by 100 MB a second in bench/pages.sh.
 * Past RESTART_PAGES the checkpoint waits (briefly) for the readers, so
 * the next write starts the log from its beginning.
 */
#define CHECKPOINT_PAGES 1000
#define RESTART_PAGES 16000             /* 64 MB of log */
#define RESTART_WAIT_MS 200

enum { CKPT_NONE, CKPT_PASSIVE, CKPT_RESTART };

struct checkpointing {
	int due;        /* CKPT_*: set by on_commit(), run by write_end() */
	int last;       /* the log's length when it was last set */
};

static int on_commit(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct checkpointing *c = arg;

	(void)db;
	(void)name;
	atomic_fetch_add_explicit(&generation, 1, memory_order_release);
	if (pages < c->last)
		c->last = 0;    /* the log started over */
	if (pages - c->last >= CHECKPOINT_PAGES) {
		c->due = pages >= RESTART_PAGES ? CKPT_RESTART : CKPT_PASSIVE;
		c->last = pages;
	}
	return SQLITE_OK;
}

/* The statements every connection has besides the catalogue's. */
enum ctl { CTL_BEGIN, CTL_COMMIT, CTL_READ_BEGIN, CTL_DATA_VERSION, NR_CTL };
static const char *const ctl_sql[NR_CTL] = {
	[CTL_BEGIN] = "BEGIN IMMEDIATE",
	[CTL_COMMIT] = "COMMIT",
	[CTL_READ_BEGIN] = "BEGIN DEFERRED",
	[CTL_DATA_VERSION] = "PRAGMA data_version",
};

struct sqlite_store {
	struct store base;      /* first, so a struct store * points here */
	sqlite3 *db;
	sqlite3_stmt *stmt[NR_QUERIES];
	sqlite3_stmt *ctl[NR_CTL];
	struct checkpointing checkpoint;
	struct writer *writer;  /* the process's writer for this file, or NULL */
	struct sqlite_store *cur;  /* in a transaction: the connection it
				    * runs on; else NULL */
	int64_t data_version;   /* PRAGMA data_version when last asked */
};

static struct sqlite_store *ss_of(struct store *st)
{
	return (struct sqlite_store *)st;
}

/*
 * The generation covers commits by other processes too (several servers
 * on one file, an `alignplan import` beside one): when this connection's
 * PRAGMA data_version has moved since it last asked, another connection
 * has committed, and the process's counter is bumped.  Values of
 * different connections are never compared, only "moved or not", so a
 * number read on any thread after a commit differs from one read before
 * it.  A failed pragma bumps too: nothing is kept on a doubt.
 */
static uint64_t sqlite_generation(struct store *st)
{
	struct sqlite_store *ss = ss_of(st);
	sqlite3_stmt *s = ss->ctl[CTL_DATA_VERSION];
	int64_t v = -1;

	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (v < 0 || v != ss->data_version) {
		ss->data_version = v;
		return atomic_fetch_add_explicit(&generation, 1,
						 memory_order_acq_rel) + 1;
	}
	return atomic_load_explicit(&generation, memory_order_acquire);
}

/*
 * Every write of this process to one database file goes through one
 * connection, its writer, used only under write_lock.  A connection's page
 * cache is dropped whenever another connection has committed, so when
 * each thread wrote through its own, every save began by reading its
 * pages back (eight preads per autosave under load); the writer's cache
 * stays warm.  Threads read through their own connections, as before.
 */
struct writer {
	dev_t dev;                      /* the file, which a path may not */
	ino_t ino;                      /* name for long (tests reuse them) */
	struct sqlite_store *conn;
	struct pg_share *share;         /* saves that share a commit, or NULL */
	int refs;                       /* connections that write with it */
	struct writer *next;
};
static struct writer *writers;          /* guarded by write_lock */

/* Take the write lock; returns the connection to write with. */
static struct sqlite_store *write_begin(struct sqlite_store *ss)
{
	pthread_mutex_lock(&write_lock);
	return ss->writer ? ss->writer->conn : ss;
}

/*
 * Release the write lock taken for ss (w: what write_begin() gave).  Then
 * run the checkpoint a commit asked for: a passive one lets writers go on,
 * so it runs outside the lock, on ss's own connection, and the other
 * threads' saves do not queue behind its fsync.
 */
static void write_end(struct sqlite_store *ss, struct sqlite_store *w)
{
	int due = w->checkpoint.due;

	w->checkpoint.due = CKPT_NONE;
	pthread_mutex_unlock(&write_lock);
	if (due == CKPT_PASSIVE)
		sqlite3_wal_checkpoint_v2(ss->db, NULL,
					  SQLITE_CHECKPOINT_PASSIVE, NULL,
					  NULL);
	if (due == CKPT_RESTART) {
		/* Readers finish within a page's time; don't hang a save
		 * on a slow one (the next CHECKPOINT_PAGES try again). */
		sqlite3_busy_timeout(ss->db, RESTART_WAIT_MS);
		sqlite3_wal_checkpoint_v2(ss->db, NULL,
					  SQLITE_CHECKPOINT_RESTART, NULL,
					  NULL);
		sqlite3_busy_timeout(ss->db, BUSY_TIMEOUT_MS);
	}
}

/* SQLite's result codes that are store results of their own. */
static int store_code(int rc)
{
	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return STORE_EXISTS;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return STORE_NOTFOUND;
	}
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return STORE_DISKFULL;
	case SQLITE_READONLY:
		return STORE_READONLY;
	case SQLITE_IOERR:
		return STORE_IOERR;
	}
	return STORE_ERR;
}

/*
 * Turn a failed SQLite result code of connection `c` into a store result,
 * and keep SQLite's message in st (the caller's connection, which may not
 * be c: writes run on the writer) for store_errmsg().  Extended result
 * codes are on, so constraint failures can be told apart: a taken unique
 * key is STORE_EXISTS, a reference to a row that does not exist
 * STORE_NOTFOUND.  A full disk, a read-only file and an I/O error (any of
 * their extended codes: SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED...)
 * have codes of their own, so pages can say the server is at fault.
 */
static int db_fail(struct store *st, struct sqlite_store *c, int rc)
{
	snprintf(st->err, sizeof(st->err), "%s", sqlite3_errmsg(c->db));
	return store_code(rc);
}

/* Make a statement ready for its next use. */
static void stmt_done(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* Run one of a connection's own statements (ctl_sql) on c. */
static int ctl(struct store *st, struct sqlite_store *c, enum ctl which)
{
	sqlite3_stmt *s = c->ctl[which];
	int rc = sqlite3_step(s), ret = STORE_OK;

	if (rc != SQLITE_DONE)
		ret = db_fail(st, c, rc);
	stmt_done(s);
	return ret;
}

/* Roll back the open transaction of c, if any (SQLite may have rolled it
 * back already), keeping the message of the error that caused it. */
static void rollback(struct sqlite_store *c)
{
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Finalise the statements and close the connection. */
static void sqlite_close(struct store *st)
{
	struct sqlite_store *ss = ss_of(st);
	struct writer *w, **pw;
	int i, last = 0;

	if (!ss)
		return;
	if ((w = ss->writer)) {
		pthread_mutex_lock(&write_lock);
		if ((last = --w->refs == 0))
			for (pw = &writers; *pw; pw = &(*pw)->next)
				if (*pw == w) {
					*pw = w->next;
					break;
				}
		pthread_mutex_unlock(&write_lock);
		if (last) {
			sqlite_close(&w->conn->base);
			share_close(w->share);
			free(w);
		}
	}
	for (i = 0; i < NR_QUERIES; i++)
		sqlite3_finalize(ss->stmt[i]);
	for (i = 0; i < NR_CTL; i++)
		sqlite3_finalize(ss->ctl[i]);
	sqlite3_close(ss->db);
	free(ss);
}

/*
 * Prepare one catalogue entry and check it against the catalogue: the
 * arguments it takes, the columns it gives, whether it writes.  A
 * mismatch is this file's bug, found at the first open.
 */
static int prepare_query(struct sqlite_store *ss, enum be_query q)
{
	const struct be_shape *sh = &be_shapes[q];
	sqlite3_stmt *s;
	int rc;

	if (!sqlite_sql[q])
		return store_set_err(&ss->base, "%s: no SQL", sh->name);
	rc = sqlite3_prepare_v3(ss->db, sqlite_sql[q], -1,
				SQLITE_PREPARE_PERSISTENT, &ss->stmt[q], NULL);
	if (rc != SQLITE_OK)
		return db_fail(&ss->base, ss, rc);
	s = ss->stmt[q];
	if (sqlite3_bind_parameter_count(s) != (int)sh->nargs ||
	    sqlite3_column_count(s) != (int)strlen(sh->cols) ||
	    !sqlite3_stmt_readonly(s) != !!(sh->flags & BE_WRITE))
		return store_set_err(&ss->base, "%s: the SQL does not match "
				     "the catalogue", sh->name);
	return STORE_OK;
}

static int prepare_all(struct sqlite_store *ss)
{
	int i, rc;

	for (i = 0; i < NR_CTL; i++) {
		rc = sqlite3_prepare_v3(ss->db, ctl_sql[i], -1,
					SQLITE_PREPARE_PERSISTENT, &ss->ctl[i],
					NULL);
		if (rc != SQLITE_OK)
			return db_fail(&ss->base, ss, rc);
	}
	for (i = 0; i < NR_QUERIES; i++)
		if (prepare_query(ss, (enum be_query)i) != STORE_OK)
			return STORE_ERR;
	return STORE_OK;
}

/* Process-wide settings, before SQLite initialises itself: memory
 * statistics take a global mutex on every allocation, which two page
 * threads then contend for; nothing here reads them. */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * The database-wide steps (WAL, migrations: sqlite_schema_setup()) run
 * under the write lock so threads of one process opening at once don't
 * race each other; other processes are kept out by the busy timeout and
 * BEGIN IMMEDIATE, and the few lock conflicts SQLite reports at once are
 * tried again.
 */
static int setup_locked(struct sqlite_store *ss)
{
	int tries, ret = STORE_ERR;

	pthread_mutex_lock(&write_lock);
	for (tries = 1;; tries++) {
		if (sqlite_schema_setup(ss->db, store_now(&ss->base),
					ss->base.err, sizeof(ss->base.err)) ==
		    STORE_OK) {
			ret = STORE_OK;
			break;
		}
		/* Processes creating one database at once can meet a lock
		 * SQLite does not wait for (changing the journal mode, or
		 * two readers both wanting to write); trying again is all
		 * they need. */
		if (tries == 20 || !strstr(ss->base.err, "locked"))
			break;
		usleep(5000 * tries);
	}
	write_end(ss, ss);
	return ret;
}

/*
 * Open (creating if needed) the database file `path` and bring its schema
 * up to date.  The busy timeout comes first, before any statement, or a
 * connection opened while another process writes fails with "database is
 * locked".
 */
static int open_conn(const char *path, struct store **out, char *err,
		     size_t errlen)
{
	struct sqlite_store *ss;
	int rc, ret = STORE_ERR;

	ss = calloc(1, sizeof(*ss));
	if (!ss) {
		snprintf(err, errlen, "%s: out of memory", path);
		return STORE_ERR;
	}
	ss->base.be = &store_sqlite;
	pthread_once(&config_once, configure_sqlite);
	rc = sqlite3_open_v2(path, &ss->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(ss->db, BUSY_TIMEOUT_MS);
	if (rc != SQLITE_OK) {
		store_set_err(&ss->base, "%s", ss->db ?
			      sqlite3_errmsg(ss->db) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(ss->db, 1);
	sqlite3_wal_hook(ss->db, on_commit, &ss->checkpoint);
	if (setup_locked(ss) == STORE_OK && prepare_all(ss) == STORE_OK)
		ret = STORE_OK;
out:
	if (ret == STORE_OK) {
		ss->base.err[0] = '\0';
		*out = &ss->base;
	} else {
		snprintf(err, errlen, "%s: %s", path, ss->base.err);
		sqlite_close(&ss->base);
	}
	return ret;
}

/* The writer for the file ss has open, made on first use; ss writes
 * through its own connection when there can be none. */
static void attach_writer(struct sqlite_store *ss, const char *path)
{
	struct writer *w, *made = NULL;
	struct store *conn = NULL;
	struct stat st;
	char err[256];

	if (stat(path, &st))
		return;
	for (;;) {
		pthread_mutex_lock(&write_lock);
		for (w = writers; w; w = w->next)
			if (w->dev == st.st_dev && w->ino == st.st_ino)
				break;
		if (!w && made) {
			w = made;
			w->next = writers;
			writers = w;
			made = NULL;
		}
		if (w) {
			w->refs++;
			ss->writer = w;
		}
		pthread_mutex_unlock(&write_lock);
		if (w || made)
			break;
		/* Open it unlocked (opening takes the lock), then look
		 * again: another thread may have made one meanwhile. */
		if (open_conn(path, &conn, err, sizeof(err)) != STORE_OK)
			break;
		if (!(made = calloc(1, sizeof(*made)))) {
			sqlite_close(conn);
			break;
		}
		made->dev = st.st_dev;
		made->ino = st.st_ino;
		made->conn = ss_of(conn);
		made->share = share_open(path);         /* NULL: alone */
	}
	if (made) {             /* another thread's came first */
		sqlite_close(&made->conn->base);
		share_close(made->share);
		free(made);
	}
}

static int sqlite_open(const char *path, struct store **out, char *err,
		       size_t errlen)
{
	int ret = open_conn(path, out, err, errlen);

	if (ret == STORE_OK)
		attach_writer(ss_of(*out), path);
	return ret;
}

static int sqlite_read_begin(struct store *st)
{
	return ctl(st, ss_of(st), CTL_READ_BEGIN);
}

static int sqlite_read_end(struct store *st)
{
	return ctl(st, ss_of(st), CTL_COMMIT);
}

struct body_call {
	struct store *st;
	be_body_fn *body;
	void *ctx;
};

/*
 * A write transaction on the file's writer, under the process's write
 * lock: BEGIN IMMEDIATE takes SQLite's write lock before the bodies
 * read, so their counts hold until it commits.  One writer at a time
 * means no conflicts to retry.  The n bodies run one after another, each
 * with its own store; any failure rolls them all back.  BEGIN's and
 * COMMIT's errors are st's, and st's connection runs the checkpoint a
 * commit asks for.
 */
static int transact(struct store *st, struct body_call *const *c, size_t n)
{
	struct sqlite_store *me = ss_of(st), *w = write_begin(me);
	int ret = ctl(st, w, CTL_BEGIN);
	size_t i;

	for (i = 0; i < n && ret == STORE_OK; i++) {
		struct sqlite_store *ss = ss_of(c[i]->st);

		ss->cur = w;
		ret = c[i]->body(c[i]->st, c[i]->ctx);
		ss->cur = NULL;
	}
	if (ret == STORE_OK)
		ret = ctl(st, w, CTL_COMMIT);
	if (ret != STORE_OK)
		rollback(w);
	write_end(me, w);
	return ret;
}

/*
 * Lead a group of saves (pg-share.h's queue, which knows nothing of
 * PostgreSQL): their bodies one after another in one transaction, one
 * commit for all.  A commit's locks, its log frames and the writer's
 * mutex were a third of a save's CPU ("A fifteenth look" in
 * docs/scaling.md), and the saves of a cohort touch the same few pages.
 * Committed, each is done; any failure (a body's own refusal among
 * them) rolls the group back and leaves each to run again alone, as if
 * no group had been.  A group of one is done either way, with its own
 * store's errors.
 */
static void run_group(void *lead, struct share_member **v, size_t n)
{
	struct body_call *c[SHARE_MAX] = { 0 };   /* (n >= 1: gcc cannot tell) */
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		c[i] = v[i]->who;
	rc = transact(n > 1 ? lead : c[0]->st, c, n);
	for (i = 0; i < n; i++) {
		v[i]->rc = rc;
		v[i]->outcome = rc == STORE_OK || n == 1 ? SHARE_DONE :
			SHARE_ALONE;
	}
}

static int sqlite_transact(struct store *st, be_body_fn *body, void *ctx)
{
	struct sqlite_store *me = ss_of(st);
	struct body_call b = { st, body, ctx }, *one = &b;
	struct share_member m = { .who = &b };

	if (me->cur)
		return store_set_err(st, "a transaction inside another");
	if (st->share && me->writer && me->writer->share) {
		share_wait(me->writer->share, &m, run_group, st);
		if (m.state == SHARE_DONE)
			return m.rc;
	}
	return transact(st, &one, 1);
}

/* Bind a statement's arguments; returns an SQLite result code. */
static int bind_args(sqlite3_stmt *s, const struct be_val *arg, size_t n)
{
	int rc = SQLITE_OK, i;

	for (i = 1; rc == SQLITE_OK && (size_t)i <= n; i++) {
		const struct be_val *v = &arg[i - 1];
		const char *p = v->s ? v->s : "";

		switch (v->type) {
		case BE_INT:
			rc = sqlite3_bind_int64(s, i, v->i);
			break;
		case BE_TEXT:
			rc = sqlite3_bind_text64(s, i, p, v->len,
						 SQLITE_STATIC, SQLITE_UTF8);
			break;
		case BE_BLOB:
			rc = sqlite3_bind_blob64(s, i, p, v->len,
						 SQLITE_STATIC);
			break;
		default:
			rc = sqlite3_bind_null(s, i);
			break;
		}
	}
	return rc;
}

/* A row's columns as the catalogue types them; NULL is 0 or "". */
static void row_cols(sqlite3_stmt *s, const char *types, struct be_val *col)
{
	const void *p;
	int j;

	for (j = 0; types[j]; j++) {
		struct be_val *v = &col[j];

		if (types[j] == 'i') {
			*v = (struct be_val){ .type = BE_INT,
					      .i = sqlite3_column_int64(s, j) };
			continue;
		}
		if (types[j] == 't') {
			v->type = BE_TEXT;
			p = sqlite3_column_text(s, j);
		} else {
			v->type = BE_BLOB;
			p = sqlite3_column_blob(s, j);
		}
		v->len = (size_t)sqlite3_column_bytes(s, j);
		v->s = p ? p : "";
		if (!p)
			v->len = 0;
	}
}

/* The widest row of the catalogue (VERSION_ENDS). */

/* Run a reading statement: inside a transaction on its connection (the
 * writer), else on this one (inside a snapshot or not). */
static int sqlite_read(struct store *st, enum be_query q,
		       const struct be_val *arg, size_t nargs, be_row_fn *fn,
		       void *ctx)
{
	struct sqlite_store *me = ss_of(st), *c = me->cur ? me->cur : me;
	sqlite3_stmt *s = c->stmt[q];
	struct be_val col[BE_MAX_COLS];
	int rc, r, ret = STORE_OK;

	rc = bind_args(s, arg, nargs);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		row_cols(s, be_shapes[q].cols, col);
		if ((r = fn(ctx, col))) {
			ret = r < 0 ? r : STORE_OK;
			break;
		}
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = db_fail(st, c, rc);
	stmt_done(s);
	return ret;
}

/* Run a writing statement in the open transaction. */
static int sqlite_write(struct store *st, enum be_query q,
			const struct be_val *arg, size_t nargs,
			struct be_done *done)
{
	struct sqlite_store *c = ss_of(st)->cur;
	sqlite3_stmt *s;
	int rc, ret = STORE_OK;

	if (!c)
		return store_set_err(st, "%s: a write outside a transaction",
				     be_shapes[q].name);
	s = c->stmt[q];
	rc = bind_args(s, arg, nargs);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		ret = db_fail(st, c, rc);
	else if (done) {
		done->changes = sqlite3_changes(c->db);
		done->id = sqlite3_last_insert_rowid(c->db);
	}
	stmt_done(s);
	return ret;
}

const struct store_backend store_sqlite = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.read_begin = sqlite_read_begin,
	.read_end = sqlite_read_end,
	.transact = sqlite_transact,
	.read = sqlite_read,
	.write = sqlite_write,
	.generation = sqlite_generation,
};
