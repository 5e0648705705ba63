#ifndef STORE_SQL_H
#define STORE_SQL_H

/*
 * The catalogue's SQL (backend.h), shared by the backends: one text per
 * entry, in sqlite-sql.c, written in the dialect SQLite and PostgreSQL
 * both accept, with ?n for the n-th argument.  SQLite prepares it as it
 * is; PostgreSQL (pg-sql.c) rewrites ?n to $n, adds RETURNING id to the
 * BE_NEW_ID inserts and has its own text for the few entries where the
 * two dialects part (docs/storage.md, "One catalogue, two dialects").
 */

#include "store/backend.h"

extern const char *const sqlite_sql[NR_QUERIES];

#endif
