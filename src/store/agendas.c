/*
 * agendas.c: the research-agenda catalog (store.h, docs/agendas.md).
 * The rule is the sessions' (courses.c): the source is kept byte for
 * byte, and an agenda is never deleted.  A put archives every stored
 * agenda and puts back, unarchived, each one the catalog has, so an id
 * that a profile, a plan or an opening named stays known after the
 * catalog drops it.
 */
#include "store/internal.h"

#include "model/agenda.h"

#include <stdlib.h>

struct catalog_put {
	const struct agenda_catalog *c;
	const char *source;
	size_t len;
	int64_t now;
};

static int catalog_body(struct store *st, void *ctx)
{
	struct catalog_put *p = ctx;
	int ret;
	size_t i;

	ret = q_write(st, Q_CATALOG_PUT, ARGS(arg_str(p->c->title),
					      ARG_BLOB(p->source, p->len),
					      ARG_INT(p->now)), NULL);
	if (ret == STORE_OK)
		ret = q_write(st, Q_AGENDA_ARCHIVE, NO_ARGS, NULL);
	for (i = 0; ret == STORE_OK && i < p->c->nr_agendas; i++) {
		const struct agenda *a = &p->c->agendas[i];

		if (!agenda_id_valid(a->id))
			return store_set_err(st, "agendas_put: agenda %zu has "
					     "no valid id", i + 1);
		ret = q_write(st, Q_AGENDA_PUT, ARGS(arg_str(a->id),
						     ARG_INT(i),
						     arg_str(a->title)), NULL);
	}
	/* Every server reloads what it sees changed (site.c), the agendas
	 * with the sessions. */
	if (ret == STORE_OK)
		ret = q_write(st, Q_SITE_CATALOG_BUMP, NO_ARGS, NULL);
	return ret;
}

int store_agendas_put(struct store *st, const struct agenda_catalog *c,
		      const char *source, size_t len)
{
	struct catalog_put p = { c, source ? source : "", source ? len : 0,
				 store_now(st) };

	if (!c->nr_agendas)
		return store_set_err(st, "agendas_put: an empty catalog");
	return store_txn(st, catalog_body, &p);
}

struct source_row {
	struct store *st;
	char *copy;
	size_t len;
};

static int on_source(void *ctx, const struct be_val *c)
{
	struct source_row *r = ctx;

	if (!(r->copy = col_dup(&c[0])))
		return store_set_err(r->st, "agendas_source: out of memory");
	r->len = c[0].len;
	return 0;
}

int store_agendas_source(struct store *st, char **src, size_t *len)
{
	struct source_row r = { st, NULL, 0 };
	int ret;

	ret = q_one(st, Q_CATALOG_SOURCE, NO_ARGS, on_source, &r);
	if (ret == STORE_OK) {
		*src = r.copy;
		*len = r.len;
	}
	return ret;
}

struct agenda_row {
	store_agenda_fn *fn;
	void *ctx;
};

static int on_agenda(void *ctx, const struct be_val *c)
{
	struct agenda_row *r = ctx;

	return r->fn(r->ctx, c[0].s, c[1].s, (int)c[2].i) != 0;
}

int store_agenda_list(struct store *st, store_agenda_fn *fn, void *ctx)
{
	struct agenda_row r = { fn, ctx };

	return q_list(st, Q_AGENDA_LIST, NO_ARGS, on_agenda, &r);
}
