/*
 * board.c: the opportunities board, saved filters and the project
 * gallery (store.h).  The rules: an opening is its url, so importing a
 * file again updates its entries and never duplicates one; its agendas
 * and roles are tags ("a:ID", "r:role" lowercased) that filters look up
 * by index; an opening whose deadline has passed is not found (it drops
 * off the board without being deleted); a saved filter is its owner's
 * only; a project is in the gallery only while published.
 */
#include "store/internal.h"

#include "model/opportunity.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- openings ---- */

/* No deadline is stored as the largest day, so that the board's walk of
 * the deadline index, soonest first, ends with them. */
#define NO_DEADLINE 99999999

static int opp_tags(struct store *st, int64_t id, char k, const char *list)
{
	char tag[OPP_MAX_FIELD + 3];
	int ret = STORE_OK;

	while (*list && ret == STORE_OK) {
		size_t n = strcspn(list, "\n"), i;

		tag[0] = k;
		tag[1] = ':';
		for (i = 0; i < n && i < OPP_MAX_FIELD; i++)
			tag[2 + i] = (char)tolower((unsigned char)list[i]);
		tag[2 + i] = '\0';
		ret = q_write(st, Q_OPP_TAG_ADD, ARGS(arg_str(tag), ARG_INT(id)),
			      NULL);
		list += n + (list[n] == '\n');
	}
	return ret;
}

static int on_id(void *ctx, const struct be_val *c)
{
	*(int64_t *)ctx = c[0].i;
	return 0;
}

static int opps_body(struct store *st, void *ctx)
{
	const struct opportunity_list *l = ctx;
	int64_t now = store_now(st), id = 0;
	int ret = STORE_OK;

	for (size_t i = 0; ret == STORE_OK && i < l->n; i++) {
		const struct opportunity *o = &l->v[i];

		ret = q_write(st, Q_OPP_PUT,
			      ARGS(arg_str(o->url), arg_str(o->title),
				   arg_str(o->organisation), arg_str(o->kind),
				   arg_str(o->agendas), arg_str(o->roles),
				   arg_str(o->location), ARG_INT(o->remote),
				   ARG_INT(o->deadline ? o->deadline :
					   NO_DEADLINE), ARG_INT(now)), NULL);
		if (ret == STORE_OK)
			ret = q_one(st, Q_OPP_ID, ARGS(arg_str(o->url)), on_id,
				    &id);
		if (ret == STORE_OK)
			ret = q_write(st, Q_OPP_TAG_DEL, ARGS(ARG_INT(id)),
				      NULL);
		if (ret == STORE_OK)
			ret = opp_tags(st, id, 'a', o->agendas);
		if (ret == STORE_OK)
			ret = opp_tags(st, id, 'r', o->roles);
	}
	return ret;
}

int store_opportunities_put(struct store *st,
			    const struct opportunity_list *l)
{
	return store_txn(st, opps_body, (void *)l);
}

struct opp_rows {
	store_opp_fn *fn;
	void *ctx;
};

static int on_opp(void *ctx, const struct be_val *c)
{
	struct opp_rows *r = ctx;
	struct opportunity o = {
		.url = (char *)c[1].s, .title = (char *)c[2].s,
		.organisation = (char *)c[3].s, .kind = (char *)c[4].s,
		.agendas = (char *)c[5].s, .roles = (char *)c[6].s,
		.location = (char *)c[7].s, .remote = (int)c[8].i,
		.deadline = c[9].i >= NO_DEADLINE ? 0 : (int)c[9].i,
		.id = c[0].i,
	};

	return r->fn(r->ctx, &o) != 0;
}

/* The LIKE pattern of a part of a location: lowercase, '%' around, its
 * own '%', '_' and '!' escaped by '!' (the statement's ESCAPE); "" for
 * none.  out has room for twice the part and three bytes. */
static void location_pattern(const char *part, char *out)
{
	size_t n = 0;

	if (!*part) {
		*out = '\0';
		return;
	}
	out[n++] = '%';
	for (; *part; part++) {
		if (*part == '%' || *part == '_' || *part == '!')
			out[n++] = '!';
		out[n++] = (char)tolower((unsigned char)*part);
	}
	out[n++] = '%';
	out[n] = '\0';
}

int store_opportunity_find(struct store *st, const struct opp_filter *f,
			   store_opp_fn *fn, void *ctx)
{
	struct opp_rows r = { fn, ctx };
	char agenda[sizeof(f->agenda) + 2] = "", role[sizeof(f->role) + 2] = "";
	char where[2 * sizeof(f->location) + 3];
	int limit = f->limit < 1 || f->limit > 200 ? 200 : f->limit;

	if (f->agenda[0])
		snprintf(agenda, sizeof(agenda), "a:%s", f->agenda);
	if (f->role[0]) {
		snprintf(role, sizeof(role), "r:%s", f->role);
		for (char *p = role; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	location_pattern(f->location, where);
	return q_list(st, Q_OPP_FIND, ARGS(arg_str(agenda), arg_str(role),
					   ARG_INT(!!f->remote), ARG_INT(f->by),
					   ARG_INT(f->today), ARG_INT(limit),
					   arg_str(where)),
		      on_opp, &r);
}

static int on_open(void *ctx, const struct be_val *c)
{
	struct opp_rows *r = ctx;
	struct opportunity o = {
		.id = c[0].i, .agendas = (char *)c[1].s,
		.roles = (char *)c[2].s, .remote = (int)c[3].i,
		.deadline = c[4].i >= NO_DEADLINE ? 0 : (int)c[4].i,
	};

	return r->fn(r->ctx, &o) != 0;
}

int store_opportunity_open(struct store *st, int today, store_opp_fn *fn,
			   void *ctx)
{
	struct opp_rows r = { fn, ctx };

	return q_list(st, Q_OPP_OPEN, ARGS(ARG_INT(today),
					   ARG_INT(STORE_OPP_OPEN_MAX)),
		      on_open, &r);
}

int store_opportunity_get(struct store *st, const int64_t *ids, size_t n,
			  store_opp_fn *fn, void *ctx)
{
	struct opp_rows r = { fn, ctx };
	int64_t v[STORE_OPP_GET_MAX] = { 0 };

	if (n > STORE_OPP_GET_MAX)
		return store_set_err(st, "opportunity_get: at most %d ids",
				     STORE_OPP_GET_MAX);
	memcpy(v, ids, n * sizeof(*ids));
	return q_list(st, Q_OPP_GET, ARGS(ARG_INT(v[0]), ARG_INT(v[1]),
					  ARG_INT(v[2]), ARG_INT(v[3]),
					  ARG_INT(v[4]), ARG_INT(v[5]),
					  ARG_INT(v[6]), ARG_INT(v[7]),
					  ARG_INT(v[8]), ARG_INT(v[9])),
		      on_opp, &r);
}

int store_opportunity_count(struct store *st, int64_t *n)
{
	return q_int(st, Q_OPP_COUNT, NO_ARGS, n);
}

/* ---- saved filters ---- */

struct filter_add {
	int64_t user;
	const char *name, *query;
	int64_t id;
};

static int filter_body(struct store *st, void *ctx)
{
	struct filter_add *x = ctx;
	struct be_done done = { 0, 0 };
	int ret;

	ret = store_cap_check(st, Q_FILTER_COUNT, ARGS(ARG_INT(x->user)),
			      CAP_FILTERS, "filter_add", STORE_FILTERS_MAX);
	if (ret == STORE_OK)
		ret = q_write(st, Q_FILTER_ADD,
			      ARGS(ARG_INT(x->user), arg_str(x->name),
				   arg_str(x->query), ARG_INT(store_now(st))),
			      &done);
	x->id = done.id;
	return ret;
}

int store_filter_add(struct store *st, int64_t user, const char *name,
		     const char *query, int64_t *id)
{
	struct filter_add x = { user, name, query, 0 };
	int ret;

	if (!*name || strlen(name) > STORE_FILTER_NAME_MAX ||
	    strlen(query) > STORE_FILTER_QUERY_MAX)
		return store_set_err(st, "filter_add: a name of 1 to %d bytes "
				     "and a query of at most %d",
				     STORE_FILTER_NAME_MAX,
				     STORE_FILTER_QUERY_MAX);
	ret = store_txn(st, filter_body, &x);
	if (ret == STORE_OK && id)
		*id = x.id;
	return ret;
}

struct filter_rows {
	store_filter_fn *fn;
	void *ctx;
};

static int on_filter(void *ctx, const struct be_val *c)
{
	struct filter_rows *r = ctx;

	return r->fn(r->ctx, c[0].i, c[1].s, c[2].s) != 0;
}

int store_filter_list(struct store *st, int64_t user, store_filter_fn *fn,
		      void *ctx)
{
	struct filter_rows r = { fn, ctx };

	return q_list(st, Q_FILTER_LIST, ARGS(ARG_INT(user)), on_filter, &r);
}

int store_filter_del(struct store *st, int64_t user, int64_t id)
{
	return store_write1(st, Q_FILTER_DEL, ARGS(ARG_INT(id),
						   ARG_INT(user)), 1);
}

/* ---- the project gallery ---- */

int store_project_put(struct store *st, const struct project *p)
{
	if (!*p->title || !fits(p->title, sizeof(p->title)) ||
	    !text_ok(st, "project_put", p->summary) ||
	    !fits(p->link, sizeof(p->link)) ||
	    !id_ok(st, "project_put", p->exercise_id, 0))
		return store_set_err(st, "project_put: a title of 1 to %d "
				     "bytes, a summary, a link and a plan",
				     PROJECT_TITLE_MAX);
	return store_write1(st, Q_PROJECT_PUT,
			    ARGS(ARG_INT(p->user), ARG_INT(p->number),
				 arg_str(p->exercise_id), arg_str(p->title),
				 arg_str(p->summary), arg_str(p->link),
				 arg_str(p->agendas), ARG_INT(!!p->published),
				 ARG_INT(store_now(st))), 0);
}

struct project_rows {
	struct store *st;
	store_project_fn *fn;
	void *ctx;
	struct project p;
};

static int on_project(void *ctx, const struct be_val *c)
{
	struct project_rows *r = ctx;
	struct project *p = &r->p;

	memset(p, 0, sizeof(*p));
	p->user = c[0].i;
	p->number = (int)c[1].i;
	p->published = (int)c[6].i;
	p->updated = c[7].i;
	if (col_copy(&c[2], p->exercise_id, sizeof(p->exercise_id)) ||
	    col_copy(&c[3], p->title, sizeof(p->title)) ||
	    col_copy(&c[4], p->summary, sizeof(p->summary)) ||
	    col_copy(&c[5], p->link, sizeof(p->link)) ||
	    col_copy(&c[8], p->name, sizeof(p->name)) ||
	    col_copy(&c[9], p->agendas, sizeof(p->agendas)))
		return store_set_err(r->st, "project: a field is too long");
	return r->fn ? r->fn(r->ctx, p) != 0 : 0;
}

int store_project_get(struct store *st, int64_t user, int number,
		      const char *exercise_id, struct project *out)
{
	struct project_rows *r = calloc(1, sizeof(*r));
	int ret;

	if (!r)
		return store_set_err(st, "project_get: out of memory");
	r->st = st;
	ret = q_one(st, Q_PROJECT_GET, ARGS(ARG_INT(user), ARG_INT(number),
					    arg_str(exercise_id)),
		    on_project, r);
	if (ret == STORE_OK)
		*out = r->p;
	free(r);
	return ret;
}

int store_project_list(struct store *st, const char *agenda, int limit,
		       store_project_fn *fn, void *ctx)
{
	struct project_rows *r = calloc(1, sizeof(*r));
	int ret;

	if (!r)
		return store_set_err(st, "project_list: out of memory");
	*r = (struct project_rows){ .st = st, .fn = fn, .ctx = ctx };
	ret = q_list(st, Q_PROJECT_LIST, ARGS(arg_str(agenda),
					      ARG_INT(limit < 1 || limit > 200 ?
						      200 : limit)),
		     on_project, r);
	free(r);
	return ret;
}
