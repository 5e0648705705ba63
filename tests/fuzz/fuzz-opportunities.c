/*
 * libFuzzer harness: the opportunities importer (CSV and JSON).  Besides
 * not crashing, what it accepts must keep its promises (docs/agendas.md,
 * "Opportunities"): every opening with a title, an organisation and an
 * http(s) url, no url twice, agendas that are agenda ids, lists within
 * their caps; and what it refuses comes with a message naming a line.
 */
#include "import/opportunities.h"
#include "model/agenda.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t lines(const char *s)
{
	size_t n = *s != '\0';

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void check(const struct opportunity_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct opportunity *o = &l->v[i];
		const char *a = o->agendas;

		if (!*o->title || !*o->organisation ||
		    agenda_url_problem(o->url, strlen(o->url)) ||
		    lines(o->agendas) > OPP_MAX_TAGS ||
		    lines(o->roles) > OPP_MAX_TAGS || o->remote < 0 ||
		    o->remote > 1 || o->deadline < 0)
			abort();
		while (*a) {
			char id[AGENDA_ID_MAX + 2];
			size_t n = strcspn(a, "\n");

			if (n > AGENDA_ID_MAX)
				abort();
			memcpy(id, a, n);
			id[n] = '\0';
			if (!agenda_id_valid(id))
				abort();
			a += n + (a[n] == '\n');
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(o->url, l->v[j].url))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opportunity_list l;
	struct import_error err;

	if (opportunities_parse((const char *)data, size, &l, &err)) {
		if (!err.msg[0] || l.n || l.v)
			abort();
		return 0;
	}
	check(&l);
	opportunity_list_release(&l);
	return 0;
}
