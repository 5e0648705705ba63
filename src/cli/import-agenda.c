/*
 * import-agenda.c: `alignplan import [--check] [--json] FILE` when FILE is
 * a catalog of research agendas (docs/agendas.md) rather than a session.
 *
 * import.c recognises the catalog (agenda_catalog_sniff) and hands it
 * here.  It is checked and described; storing it waits for the store's
 * agenda tables (issue 13), so without --check this says plainly that
 * nothing was written, and fails.
 */
#include "cli/cmd.h"

#include "core/buf.h"
#include "import/agenda.h"

#include <stdio.h>
#include <stdlib.h>

/* "agenda catalog: Research agendas — 15 agendas, 40 links, 30 roles" */
static void print_summary(FILE *to, const struct agenda_catalog *c)
{
	size_t i, j, k, links = 0, roles = 0;

	for (i = 0; i < c->nr_agendas; i++) {
		const struct agenda *a = &c->agendas[i];

		links += a->nr_links;
		/* distinct roles over the whole catalog (caps keep it small) */
		for (j = 0; j < a->nr_roles; j++) {
			int seen = 0;

			for (k = 0; k < i && !seen; k++)
				seen = agenda_has_role(&c->agendas[k],
						       a->roles[j]);
			roles += !seen;
		}
	}
	fprintf(to, "agenda catalog: %s \xe2\x80\x94 %zu agenda%s, %zu link%s, "
		"%zu distinct role%s\n", c->title,
		c->nr_agendas, c->nr_agendas == 1 ? "" : "s",
		links, links == 1 ? "" : "s", roles, roles == 1 ? "" : "s");
}

int import_agendas(const char *path, const char *src, size_t len, int check,
		   int json)
{
	struct agenda_catalog c;
	struct import_error e;
	struct buf out = BUF_INIT;
	int r = EXIT_OK;

	if (agenda_catalog_parse(src, len, &c, &e)) {
		import_print_error(path, &e);
		return EXIT_BADINPUT;
	}
	if (!check) {
		fprintf(stderr, "%s: a catalog of %zu research agendas, and it "
			"checks out; but catalogs are not stored yet (that "
			"comes with the people directory, issue 13), so nothing "
			"was written to the database.  'alignplan import "
			"--check [--json] %s' shows what it holds.\n",
			path, c.nr_agendas, path);
		r = EXIT_FAIL;
	} else if (json) {
		agenda_catalog_to_json(&c, &out);
		if (out.err) {
			fprintf(stderr, "%s: out of memory\n", path);
			r = EXIT_FAIL;
		} else {
			fwrite(out.data, 1, out.len, stdout);
		}
	} else {
		print_summary(stdout, &c);
	}
	buf_release(&out);
	agenda_catalog_release(&c);
	if (fflush(stdout) && r == EXIT_OK)
		r = EXIT_FAIL;
	return r;
}
