#ifndef STORE_PG_PRIVATE_H
#define STORE_PG_PRIVATE_H

/*
 * What the PostgreSQL backend's files share: pg.c (backend.h's slots over
 * libpq), pg-sql.c (the catalogue's SQL in PostgreSQL's dialect), and
 * below them pg-conn.c and pg-schema.c (pg-conn.h).
 */

#include "store/pg-conn.h"
#include "store/sql.h"

#include <stddef.h>

/*
 * The SQL of catalogue entry q for PostgreSQL into out: sqlite-sql.c's
 * text with $n for ?n and RETURNING id on BE_NEW_ID inserts, or pg-sql.c's
 * own.  Returns 0, or -1 when it does not fit.
 */
int pg_sql(enum be_query q, char *out, size_t len);

struct pg_share;

/* Tests: a PostgreSQL store's connection, its database's queue of saves
 * that share a COMMIT and that of reads that share a round trip
 * (pg-share.h, pg-gather.c; NULL without one). */
struct pgc *pg_store_pgc(struct store *st);
struct pg_share *pg_store_share(struct store *st);
struct pg_share *pg_store_gather(struct store *st);

#endif
