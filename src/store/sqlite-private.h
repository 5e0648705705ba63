#ifndef STORE_SQLITE_PRIVATE_H
#define STORE_SQLITE_PRIVATE_H

/*
 * What the SQLite backend's files share: sqlite.c (connections,
 * transactions, rows), sqlite-sql.c (the SQL of each catalogue entry,
 * shared with PostgreSQL: sql.h) and
 * sqlite-schema.c (the settings and the migrations).
 */

#include "store/sql.h"

#include <sqlite3.h>

/*
 * Set up a connection's database: write-ahead logging, synchronous=NORMAL,
 * foreign keys, and every migration not yet applied (recorded as applied
 * at `now`).  Returns STORE_OK, or STORE_ERR with a message in err.
 */
int sqlite_schema_setup(sqlite3 *db, int64_t now, char *err, size_t errlen);

#endif
