/*
 * copy.c: moving a whole database from one backend to another
 * (`alignplan migrate`, store.h): every table of BE_TABLES (backend.h),
 * parents first, row by row through the catalogue's ROWS_ and LOAD_
 * statements (the loads under st->bulk: PostgreSQL sends them without
 * waiting for each reply), then the counts compared table by table.  No SQL here: each
 * backend has its own form of those statements.
 */
#include "store/internal.h"

#include <string.h>

struct table {
	const char *name;
	enum be_query rows, load, count;
	size_t ncols;

};

#define TABLE_ROW(Q, name, cols, vals, types, order, tail) \
	{ #name, Q_ROWS_##name, Q_LOAD_##name, Q_COUNT_##name, \
	  sizeof(types) - 1 },
static const struct table tables[] = { BE_TABLES(TABLE_ROW, _) };
#undef TABLE_ROW
#define NR_TABLES (sizeof(tables) / sizeof(*tables))

struct copy {
	struct store *from;
	int64_t n_from[NR_TABLES], n_to[NR_TABLES];
	const struct table *t;  /* the table being copied */
	struct store *to;
};

/* One row of `from`, put into `to` as it is. */
static int on_row(void *ctx, const struct be_val *col)
{
	struct copy *c = ctx;
	int ret = q_write(c->to, c->t->load, col, c->t->ncols, NULL);

	return ret == STORE_OK ? 0 : ret;
}

/* Is `to` empty?  Its site row aside, which every new database has. */
static int empty(struct store *to)
{
	int64_t n;
	size_t i;
	int ret;

	for (i = 0; i < NR_TABLES; i++) {
		if (!strcmp(tables[i].name, "site"))
			continue;
		ret = q_int(to, tables[i].count, NO_ARGS, &n);
		if (ret != STORE_OK)
			return ret;
		if (n) {
			store_set_err(to, "the target is not empty: its table"
				      " %s has %lld rows", tables[i].name,
				      (long long)n);
			return STORE_EXISTS;
		}
	}
	return STORE_OK;
}

static int copy_body(struct store *to, void *ctx)
{
	struct copy *c = ctx;
	size_t i;
	int ret;

	c->to = to;
	if ((ret = empty(to)) != STORE_OK)
		return ret;
	for (i = 0; i < NR_TABLES; i++) {
		c->t = &tables[i];
		ret = q_list(c->from, tables[i].rows, NO_ARGS, on_row, c);
		if (ret != STORE_OK) {
			/* The message is where the failure was. */
			if (!*to->err)
				store_set_err(to, "%s: %s", tables[i].name,
					      store_errmsg(c->from));
			return ret;
		}
		ret = q_int(to, tables[i].count, NO_ARGS, &c->n_to[i]);
		if (ret != STORE_OK)
			return ret;
		if (c->n_to[i] != c->n_from[i])
			return store_set_err(to, "%s: %lld rows copied of %lld",
					     tables[i].name,
					     (long long)c->n_to[i],
					     (long long)c->n_from[i]);
	}
	return q_write(to, Q_COPY_END, NO_ARGS, NULL);
}

static int count_from(struct copy *c)
{
	size_t i;
	int ret;

	for (i = 0; i < NR_TABLES; i++)
		if ((ret = q_int(c->from, tables[i].count, NO_ARGS,
				 &c->n_from[i])) != STORE_OK)
			return ret;
	return STORE_OK;
}

int store_copy(struct store *from, struct store *to, store_copy_fn *fn,
	       void *ctx)
{
	struct copy c;
	int vf = 0, vt = 0, ret;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.from = from;
	to->err[0] = '\0';
	if ((ret = store_schema_version(from, &vf)) != STORE_OK ||
	    (ret = store_schema_version(to, &vt)) != STORE_OK)
		return ret;
	if (vf != vt)
		return store_set_err(to, "the source has schema version %d and"
				     " the target %d: open both with one"
				     " program", vf, vt);
	if ((ret = store_read_begin(from, 0)) != STORE_OK)
		return ret;
	ret = count_from(&c);
	/* Each row put back costs no round trip of its own. */
	to->bulk = 1;
	if (ret == STORE_OK)
		ret = store_txn(to, copy_body, &c);
	to->bulk = 0;
	store_read_end(from);
	if (ret == STORE_OK && fn)
		for (i = 0; i < NR_TABLES; i++)
			fn(ctx, tables[i].name, c.n_from[i], c.n_to[i]);
	return ret;
}
