/*
 * courses.c: the sessions the server shows, parsed from their stored
 * sources.  A load builds a whole new catalog and publishes it with one
 * atomic pointer swap, so page handlers on any thread read it without
 * locks.  A replaced catalog is kept until courses_free() at exit: a page
 * that started before the swap may still point into it, and reloads are
 * rare (an operator's SIGHUP after an import).
 *
 * The catalog holds sessions only: what the pages render once from them
 * is kept apart, by fragments.c.
 */
#include "web/courses.h"

#include "core/memo.h"
#include "model/session.h"
#include "store/store.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct catalog {
	struct session *sessions;
	size_t nr_sessions;
	struct catalog *retired;        /* the one this replaced */
	int64_t version;                /* store_catalog_version() before */
};

static struct catalog empty_catalog = { .version = -1 };
static _Atomic(struct catalog *) current = &empty_catalog;

static struct catalog *catalog(void)
{
	return atomic_load_explicit(&current, memory_order_acquire);
}

static void catalog_free(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->nr_sessions; i++)
		session_release(&c->sessions[i]);
	free(c->sessions);
	free(c);
}

struct numbers {
	int n[64];
	size_t count;
};

static int collect(void *ctx, int number, const char *title)
{
	struct numbers *ns = ctx;

	(void)title;
	if (ns->count == sizeof(ns->n) / sizeof(ns->n[0]))
		return 1;
	ns->n[ns->count++] = number;
	return 0;
}

/* Parse every stored session into c; a session that no longer parses is
 * reported and left out rather than taking the others down. */
static int catalog_fill(struct catalog *c, struct store *st)
{
	struct numbers ns = { .count = 0 };
	size_t i;

	if (store_course_list(st, collect, &ns) != STORE_OK)
		return -1;
	c->sessions = calloc(ns.count ? ns.count : 1, sizeof(*c->sessions));
	if (!c->sessions)
		return -1;
	for (i = 0; i < ns.count; i++) {
		struct session *s = &c->sessions[c->nr_sessions];
		struct import_error err;
		char *src;
		size_t len;

		if (store_course_source(st, ns.n[i], &src, &len) != STORE_OK)
			return -1;
		if (session_parse(src, len, s, &err))
			fprintf(stderr, "alignplan: stored session %d: %s\n",
				ns.n[i], err.msg);
		else if (session_sync_ids(st, s) != STORE_OK)
			session_release(s);
		else
			c->nr_sessions++;
		free(src);
	}
	return 0;
}

int courses_load(struct store *st)
{
	struct catalog *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	/* The version first: an import landing during the fill makes the
	 * next check load again, never miss it. */
	if (store_catalog_version(st, &c->version) != STORE_OK ||
	    catalog_fill(c, st)) {
		catalog_free(c);
		return -1;
	}
	c->retired = catalog();
	atomic_store_explicit(&current, c, memory_order_release);
	return 0;
}

void courses_free(void)
{
	struct catalog *c = atomic_exchange(&current, &empty_catalog);

	while (c != &empty_catalog && c) {
		struct catalog *older = c->retired;

		catalog_free(c);
		c = older;
	}
	/* Memo keys are catalog addresses, which a later load may reuse. */
	memo_clear();
}

const struct session *course_get(int number)
{
	const struct catalog *c = catalog();
	size_t i;

	for (i = 0; i < c->nr_sessions; i++)
		if (c->sessions[i].number == number)
			return &c->sessions[i];
	return NULL;
}

int64_t courses_version(void)
{
	return catalog()->version;
}

const struct session *courses_all(size_t *n)
{
	const struct catalog *c = catalog();

	*n = c->nr_sessions;
	return c->sessions;
}
