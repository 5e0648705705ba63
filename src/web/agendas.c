/*
 * agendas.c: the research-agenda catalog the server shows, parsed from
 * its stored source (store_agendas_source) and published with one atomic
 * pointer swap, as courses.c publishes the sessions.
 */
#include "web/agendas.h"

#include "import/agenda.h"
#include "model/agenda.h"
#include "model/session.h"
#include "store/store.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct loaded {
	struct agenda_catalog c;
	struct loaded *retired;         /* the one this replaced */
};

static _Atomic(struct loaded *) current;

const struct agenda_catalog *agendas_current(void)
{
	struct loaded *l = atomic_load_explicit(&current,
						memory_order_acquire);

	return l ? &l->c : NULL;
}

/* A stored catalog that no longer parses (a newer program's, say) is
 * reported and not shown; the sessions go on. */
int agendas_load(struct store *st)
{
	struct import_error err;
	struct loaded *l;
	char *src;
	size_t len;
	int r;

	r = store_agendas_source(st, &src, &len);
	if (r == STORE_NOTFOUND)
		return 0;
	if (r != STORE_OK)
		return -1;
	if (!(l = calloc(1, sizeof(*l)))) {
		free(src);
		return -1;
	}
	if (agenda_catalog_parse(src, len, &l->c, &err)) {
		fprintf(stderr, "alignplan: stored agenda catalog: %s\n",
			err.msg);
		free(src);
		free(l);
		return 0;
	}
	free(src);
	l->retired = atomic_load_explicit(&current, memory_order_acquire);
	atomic_store_explicit(&current, l, memory_order_release);
	return 0;
}

void agendas_free(void)
{
	struct loaded *l = atomic_exchange(&current, NULL);

	while (l) {
		struct loaded *older = l->retired;

		agenda_catalog_release(&l->c);
		free(l);
		l = older;
	}
}
