/*
 * sqlite-backup.c: a copy of a live SQLite database through SQLite's
 * online backup API (backup.h).  The copy is made in one step, so it is
 * one read transaction of the source: one consistent snapshot, taken
 * beside the servers' writes (WAL), never restarted by them, as copying a
 * few pages at a time would be whenever another connection writes.
 */
#include "store/backup.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000
#define BUSY_TRIES 50           /* a lock the busy handler does not wait
				 * for (WAL recovery): 10 ms apart */

/* The path in a database URL, as store_open() reads it; NULL with a
 * message in err, and *pg set for a PostgreSQL URL. */
static const char *sqlite_path(const char *url, int *pg, char *err,
			       size_t errlen)
{
	*pg = 0;
	if (!strncasecmp(url, "postgres://", 11) ||
	    !strncasecmp(url, "postgresql://", 13)) {
		*pg = 1;
		snprintf(err, errlen, "a PostgreSQL database is backed up with"
			 " pg_dump and restored with pg_restore (see"
			 " docs/scaling.md)");
		return NULL;
	}
	if (!strncasecmp(url, "sqlite:", 7))
		url += 7;
	else if (strstr(url, "://")) {
		snprintf(err, errlen, "%s: unknown database URL scheme"
			 " (expected sqlite:PATH or a file path)", url);
		return NULL;
	}
	if (!*url)
		snprintf(err, errlen, "the database path is empty");
	return *url ? url : NULL;
}

/* Run `sql` on db, which gives one row of one integer, into *out. */
static int one_int(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc;
}

/* Open the source: it must exist and be one of ours. */
static sqlite3 *open_source(const char *path, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	long long have = 0;
	int rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	if (rc == SQLITE_OK)
		rc = one_int(db, "SELECT count(*) FROM sqlite_master WHERE"
			     " type = 'table' AND name = 'schema_migrations'",
			     &have);
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) :
			 sqlite3_errstr(rc));
	else if (!have)
		snprintf(err, errlen, "%s: not an alignplan database", path);
	if (rc != SQLITE_OK || !have) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/*
 * Copy src into the open database dest in one step, trying again while
 * the source is locked in a way its busy timeout does not cover.
 */
static int copy(sqlite3 *dest, sqlite3 *src, struct store_backup *out)
{
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", src, "main");
	int rc, tries = 0;

	if (!b)
		return sqlite3_errcode(dest);
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			usleep(10000);
	} while ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
		 ++tries < BUSY_TRIES);
	out->pages = sqlite3_backup_pagecount(b);
	if (sqlite3_backup_finish(b) != SQLITE_OK && rc == SQLITE_DONE)
		rc = sqlite3_errcode(dest);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * Make the copy stand alone and check it: the rollback journal instead of
 * WAL (one file, restored by copying it; a server switches it back), and
 * quick_check, with the schema version and size for the report.
 */
static int finish_copy(sqlite3 *dest, struct store_backup *out,
		       char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	long long v = 0, size = 0;
	int rc, ok = 0;

	rc = sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", NULL, NULL,
			  NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(dest, "PRAGMA quick_check", -1, &s,
					NULL);
	if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		ok = !strcmp((const char *)sqlite3_column_text(s, 0), "ok");
	sqlite3_finalize(s);
	if (rc == SQLITE_OK)
		rc = one_int(dest, "SELECT coalesce(max(version), 0)"
			     " FROM schema_migrations", &v);
	if (rc == SQLITE_OK)
		rc = one_int(dest, "SELECT page_count * page_size"
			     " FROM pragma_page_count, pragma_page_size", &size);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "the copy: %s", sqlite3_errmsg(dest));
		return STORE_ERR;
	}
	if (!ok) {
		snprintf(err, errlen, "the copy failed its quick_check");
		return STORE_ERR;
	}
	out->version = (int)v;
	out->bytes = size;
	return STORE_OK;
}

/* fsync the directory holding `file`, so that its new name lasts. */
static int sync_dir(const char *file)
{
	char *d = strdup(file);
	int fd, rc = -1;

	if (d && (fd = open(dirname(d), O_RDONLY | O_DIRECTORY)) >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(d);
	return rc;
}

/* Is `a` the same file as `b` (which may not exist)? */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Copy into `tmp` (made empty, 0600) and check it; a message in err. */
static int backup_into(sqlite3 *src, const char *tmp, struct store_backup *o,
		       char *err, size_t errlen)
{
	sqlite3 *dest = NULL;
	int rc, ret = STORE_ERR;

	rc = sqlite3_open_v2(tmp, &dest, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = copy(dest, src, o);
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "copying: %s", dest ?
			 sqlite3_errmsg(dest) : sqlite3_errstr(rc));
	else
		ret = finish_copy(dest, o, err, errlen);
	if (sqlite3_close(dest) != SQLITE_OK && ret == STORE_OK) {
		snprintf(err, errlen, "closing the copy failed");
		ret = STORE_ERR;
	}
	return ret;
}

/* Remove a failed copy, with the files SQLite may have left beside it. */
static void remove_copy(char *tmp)
{
	static const char *const side[] = { "", "-journal", "-wal", "-shm" };
	size_t n = strlen(tmp), i;
	char *p = malloc(n + sizeof("-journal"));

	for (i = 0; p && i < sizeof(side) / sizeof(*side); i++)
		unlink(strcat(strcpy(p, tmp), side[i]));
	free(p);
	if (!p)
		unlink(tmp);
}

int store_backup(const char *url, const char *file, struct store_backup *out,
		 char *err, size_t errlen)
{
	struct store_backup o = { 0, 0, 0 };
	const char *path;
	sqlite3 *src = NULL;
	char *tmp = NULL;
	int fd, pg, ret = STORE_ERR;

	if (!(path = sqlite_path(url, &pg, err, errlen)))
		return pg ? STORE_NOTFOUND : STORE_ERR;
	if (same_file(path, file)) {
		snprintf(err, errlen, "%s: the copy would replace the database"
			 " itself", file);
		return STORE_ERR;
	}
	if (!(src = open_source(path, err, errlen)))
		return STORE_ERR;
	/* Beside `file`, so that the rename is atomic. */
	if (!(tmp = malloc(strlen(file) + sizeof(".tmp-XXXXXX")))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	strcat(strcpy(tmp, file), ".tmp-XXXXXX");
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	close(fd);
	ret = backup_into(src, tmp, &o, err, errlen);
	if (ret == STORE_OK && (rename(tmp, file) || sync_dir(file))) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		ret = STORE_ERR;
	}
out:
	if (tmp && ret != STORE_OK)
		remove_copy(tmp);
	free(tmp);
	sqlite3_close(src);
	if (ret == STORE_OK && out)
		*out = o;
	return ret;
}
