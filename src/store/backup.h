#ifndef STORE_BACKUP_H
#define STORE_BACKUP_H

/*
 * backup.h: a copy of a database taken while servers use it
 * (`alignplan backup`).  SQLite's online backup API copies one
 * consistent snapshot: every write committed before the copy began is in
 * it, none committed after, and the servers go on reading and writing
 * meanwhile (WAL: the copy is just another reader).  PostgreSQL has
 * pg_dump and pg_restore for that (docs/scaling.md): its URLs are
 * refused with a pointer there.
 */

#include <stddef.h>

struct store_backup {
	int version;            /* the copy's schema version */
	long long pages;        /* its size in database pages */
	long long bytes;        /* and in bytes */
};

/*
 * Copy the database at `url` (sqlite:PATH or a path) into `file`: a
 * stand-alone SQLite file (no -wal beside it), mode 0600 (it holds
 * password hashes), checked (quick_check) before it takes its name, so
 * that `file` is either the old file or a whole new copy, never half of
 * one.  An existing `file` is replaced.  Returns STORE_OK and fills *out,
 * or STORE_ERR with a message in err (the database must exist and be
 * alignplan's); a PostgreSQL URL is STORE_NOTFOUND, so that the command
 * can tell it from a failure.
 */
int store_backup(const char *url, const char *file, struct store_backup *out,
		 char *err, size_t errlen);

#endif
