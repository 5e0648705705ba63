/*
 * A server connection between requests (pgc_idle(): src/store/pg-conn.c,
 * pg-idle.c) against a real PostgreSQL 15 (`make pgtest`): once served,
 * a snapshot owes its COMMIT, which goes in front of the next statement,
 * so that statement sees what others committed meanwhile; a connection
 * left idle has its snapshot ended by the sweeper thread, so it holds
 * back no one's lock; and the owner takes its connection back safely
 * while the sweeper may be at work.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <endian.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/pg-conn.h"
#include "store/store.h"
#include "pg-env.h"

struct env {
	struct pgc *pc;
	PGconn *other;
	int pid;                /* pc's session (pgc_pq() would take it back) */
	char url[PG_URL_MAX];
};

/* A fresh schema with table t, statements "cnt" (its rows) and "ins"
 * (one more), and a second connection. */
static void env_open(struct env *e, const char *name)
{
	char err[256];

	assert_true(pg_fresh(name, e->url, sizeof(e->url)));
	if (pgc_open(e->url, &e->pc, err, sizeof(err)) != STORE_OK)
		fail_msg("pgc_open: %s", err);
	assert_int_equal(pgc_exec(e->pc, "CREATE TABLE t (k INT)"), STORE_OK);
	PQclear(PQprepare(pgc_pq(e->pc), "cnt", "SELECT count(*) FROM t", 0,
			  NULL));
	PQclear(PQprepare(pgc_pq(e->pc), "ins",
			  "INSERT INTO t VALUES (1)", 0, NULL));
	PQclear(PQprepare(pgc_pq(e->pc), "how",
			  "SELECT current_setting('transaction_isolation')"
			  " || ', read only ' ||"
			  " current_setting('transaction_read_only')", 0, NULL));
	assert_non_null(e->other = pg_other(e->url));
	e->pid = PQbackendPID(pgc_pq(e->pc));
}

static void env_close(struct env *e)
{
	PQfinish(e->other);
	pgc_close(e->pc);
}

/* Rows of t, read by pgc_prepared() (the pipelined path). */
static int64_t count(struct env *e)
{
	PGresult *res = pgc_prepared(e->pc, "cnt", 0, NULL, NULL, NULL);
	uint64_t v = 0;

	if (pgc_check(e->pc, res) != STORE_OK)
		fail_msg("cnt: %s", pgc_errmsg(e->pc));
	assert_int_equal(PQgetlength(res, 0, 0), 8);
	memcpy(&v, PQgetvalue(res, 0, 0), 8);
	PQclear(res);
	return (int64_t)be64toh(v);
}

/* Rows of t in a snapshot of their own. */
static int64_t snapshot_count(struct env *e)
{
	int64_t n;

	assert_int_equal(pgc_read_begin(e->pc), STORE_OK);
	n = count(e);
	assert_int_equal(pgc_read_end(e->pc), STORE_OK);
	return n;
}

/* The isolation and access of the snapshot open on pc. */
static void snapshot_kind(struct env *e, char *out, size_t len)
{
	PGresult *res;

	assert_int_equal(pgc_read_begin(e->pc), STORE_OK);
	res = pgc_prepared(e->pc, "how", 0, NULL, NULL, NULL);
	if (pgc_check(e->pc, res) != STORE_OK)
		fail_msg("how: %s", pgc_errmsg(e->pc));
	snprintf(out, len, "%.*s", PQgetlength(res, 0, 0),
		 PQgetvalue(res, 0, 0));
	PQclear(res);
	assert_int_equal(pgc_read_end(e->pc), STORE_OK);
}

/* pg_stat_activity's state of pc's session, as `other` sees it. */
static void state_of(struct env *e, char *out, size_t len)
{
	char sql[120];

	snprintf(sql, sizeof(sql), "SELECT state FROM pg_stat_activity"
		 " WHERE pid = %d", e->pid);
	pg_text(e->other, sql, out, len);
}

static int add_row(struct pgc *pc, void *ctx)
{
	PGresult *res = pgc_prepared(pc, "ins", 0, NULL, NULL, NULL);
	int rc = pgc_check(pc, res);

	(void)ctx;
	PQclear(res);
	return rc;
}

/* Before pgc_idle() a snapshot sends its COMMIT at once; after it, the
 * COMMIT waits for the next statement and goes with it. */
static void test_owed_commit_goes_with_next(void **state)
{
	struct env e;
	char st[64];

	(void)state;
	env_open(&e, "idle_next");
	assert_int_equal(snapshot_count(&e), 0);
	usleep(20000);
	state_of(&e, st, sizeof(st));
	assert_string_equal(st, "idle");        /* not served: committed */

	pgc_idle(e.pc);                         /* served from now on */
	assert_int_equal(snapshot_count(&e), 0);
	state_of(&e, st, sizeof(st));
	assert_string_equal(st, "idle in transaction");
	assert_false(pgc_in_txn(e.pc));         /* for the store, it ended */

	/* Another's row: the next snapshot is a new one (COMMIT AND
	 * CHAIN), so sees it, and is a snapshot as the first was. */
	assert_true(pg_run(e.other, "INSERT INTO t VALUES (2)"));
	assert_int_equal(snapshot_count(&e), 1);
	snapshot_kind(&e, st, sizeof(st));
	assert_string_equal(st, "repeatable read, read only on");
	/* A read outside any snapshot takes the COMMIT in front too. */
	assert_true(pg_run(e.other, "INSERT INTO t VALUES (3)"));
	assert_int_equal(count(&e), 2);
	state_of(&e, st, sizeof(st));
	assert_string_equal(st, "idle");

	/* A write transaction after an owed snapshot. */
	assert_int_equal(snapshot_count(&e), 2);
	if (pgc_txn(e.pc, PGC_SERIALIZABLE, add_row, NULL) != STORE_OK)
		fail_msg("%s", pgc_errmsg(e.pc));
	assert_int_equal(pg_num(e.other, "SELECT count(*) FROM t"), 3);
	/* And a statement of pgc_exec()'s. */
	assert_int_equal(snapshot_count(&e), 3);
	assert_int_equal(pgc_exec(e.pc, "INSERT INTO t VALUES (4)"), STORE_OK);
	assert_int_equal(pg_num(e.other, "SELECT count(*) FROM t"), 4);
	env_close(&e);
}

/* Wait until pc's session is idle (its snapshot ended), at most 2 s;
 * how many 10 ms waits that took. */
static int wait_swept(struct env *e)
{
	char st[64] = "";
	int i;

	for (i = 0; i < 200; i++) {
		state_of(e, st, sizeof(st));
		if (!strcmp(st, "idle"))
			break;
		usleep(10000);
	}
	assert_string_equal(st, "idle");
	return i;
}

/* Left idle, the snapshot is ended by the sweeper: a lock it held is
 * free, and the connection works on afterwards. */
static void test_sweeper_ends_idle_snapshot(void **state)
{
	struct env e;

	(void)state;
	env_open(&e, "idle_sweep");
	pgc_idle(e.pc);
	assert_int_equal(snapshot_count(&e), 0);
	pgc_idle(e.pc);                         /* lent */
	assert_true(wait_swept(&e) >= 1);       /* not before PGC_IDLE_MS */
	assert_true(pg_run(e.other, "SET lock_timeout = '2s'"));
	assert_true(pg_run(e.other, "ALTER TABLE t ADD COLUMN v INT"));
	assert_true(pg_run(e.other, "INSERT INTO t VALUES (1, 1)"));
	assert_int_equal(snapshot_count(&e), 1);
	env_close(&e);
}

/* How many times the sweeper thread ("pg-idle") has slept and woken so
 * far: its context switches, from /proc. */
static long sweeper_switches(void)
{
	char path[300], line[128];
	struct dirent *d;
	DIR *dir = opendir("/proc/self/task");
	FILE *f;
	long n, total = -1;

	assert_non_null(dir);
	while (total < 0 && (d = readdir(dir))) {
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm",
			 d->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		if (!fgets(line, sizeof(line), f) ||
		    strcmp(line, "pg-idle\n")) {
			fclose(f);
			continue;
		}
		fclose(f);
		snprintf(path, sizeof(path), "/proc/self/task/%s/status",
			 d->d_name);
		assert_non_null(f = fopen(path, "r"));
		total = 0;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "voluntary_ctxt_switches: %ld",
				   &n) == 1 ||
			    sscanf(line, "nonvoluntary_ctxt_switches: %ld",
				   &n) == 1)
				total += n;
		fclose(f);
	}
	closedir(dir);
	if (total < 0)
		fail_msg("no thread called pg-idle");
	return total;
}

/* With no COMMIT owed, the sweeper sleeps: an idle server's thread does
 * not wake every PGC_IDLE_MS / 2 (it used to, 100 times a second).  The
 * next connection lent wakes it, and its snapshot is still ended. */
static void test_sweeper_sleeps_when_nothing_owed(void **state)
{
	struct env e;
	long before, after;

	(void)state;
	env_open(&e, "idle_sleep");
	pgc_idle(e.pc);
	assert_int_equal(snapshot_count(&e), 0);
	pgc_idle(e.pc);                         /* lent */
	wait_swept(&e);
	usleep(50000);                  /* its last pass, then asleep */
	before = sweeper_switches();
	usleep(300000);                 /* 30 passes, had it kept time */
	after = sweeper_switches();
	assert_true(after - before <= 2);
	assert_int_equal(snapshot_count(&e), 0);
	pgc_idle(e.pc);                         /* lent: wakes it */
	wait_swept(&e);
	assert_true(sweeper_switches() > after);
	assert_true(pg_run(e.other, "SET lock_timeout = '2s'"));
	assert_true(pg_run(e.other, "ALTER TABLE t ADD COLUMN v INT"));
	env_close(&e);
}

/* The owner takes its connection back at any moment of the sweeper's
 * pass; every read is right, and ends in the state it should. */
static void test_claim_while_sweeping(void **state)
{
	struct env e;
	struct timespec ts;
	int i;

	(void)state;
	env_open(&e, "idle_claim");
	pgc_idle(e.pc);
	for (i = 0; i < 150; i++) {
		if (i % 10 == 0)
			assert_true(pg_run(e.other, "INSERT INTO t VALUES (0)"));
		assert_int_equal(snapshot_count(&e), i / 10 + 1);
		pgc_idle(e.pc);
		/* 0 to 29 ms: before, around and after PGC_IDLE_MS. */
		ts = (struct timespec){ 0, (long)(i * 7 % 30) * 1000000L };
		nanosleep(&ts, NULL);
	}
	assert_int_equal(pg_num(e.other, "SELECT count(*) FROM t"), 15);
	env_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_owed_commit_goes_with_next),
		cmocka_unit_test(test_sweeper_ends_idle_snapshot),
		cmocka_unit_test(test_claim_while_sweeping),
		cmocka_unit_test(test_sweeper_sleeps_when_nothing_owed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
