/*
 * libFuzzer harness: the research-agenda catalog importer, its sniffing
 * and its JSON.  Besides not crashing, what it accepts must keep the
 * catalog's promises (docs/agendas.md): every agenda with a valid unique
 * id, a description, at least one http(s) link and one role, every list
 * within its cap; and what it refuses comes with a message.
 */
#include "core/buf.h"
#include "import/agenda.h"
#include "model/agenda.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct agenda_catalog *c)
{
	size_t i, j;

	if (!c->title || !c->nr_agendas || c->nr_agendas > AGENDA_MAX_AGENDAS)
		abort();
	for (i = 0; i < c->nr_agendas; i++) {
		const struct agenda *a = &c->agendas[i];

		if (!agenda_id_valid(a->id) || !a->title || !a->description ||
		    !*a->description || !a->nr_links || !a->nr_roles ||
		    a->nr_links > AGENDA_MAX_LINKS ||
		    a->nr_roles > AGENDA_MAX_ROLES ||
		    a->nr_ideas > AGENDA_MAX_IDEAS ||
		    a->nr_fit_tests > AGENDA_MAX_TESTS ||
		    strlen(a->description) > AGENDA_MAX_TEXT)
			abort();
		for (j = 0; j < a->nr_links; j++)
			if (agenda_url_problem(a->links[j].url,
					       strlen(a->links[j].url)))
				abort();
		for (j = 0; j < i; j++)
			if (!strcmp(a->id, c->agendas[j].id))
				abort();
		if (agenda_find(c, a->id) != a)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct agenda_catalog c;
	struct import_error err;
	struct buf json = BUF_INIT;

	(void)agenda_catalog_sniff((const char *)data, size);
	if (agenda_catalog_parse((const char *)data, size, &c, &err) == 0) {
		check(&c);
		agenda_catalog_to_json(&c, &json);
		buf_release(&json);
		agenda_catalog_release(&c);
	} else if (!err.msg[0] || c.agendas || c.title) {
		abort();
	}
	return 0;
}
