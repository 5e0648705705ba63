/*
 * import-agenda.c: `alignplan import [--check] [--json] FILE` when FILE is
 * a catalog of research agendas (docs/agendas.md) rather than a session.
 *
 * import.c recognises the catalog (agenda_catalog_sniff) and hands it
 * here.  It is checked first; with --check it is only described, else
 * it is stored (store_agendas_put), replacing the catalog stored before:
 * agendas it no longer has are archived, never deleted.
 */
#include "cli/cmd.h"

#include "core/buf.h"
#include "import/agenda.h"
#include "store/store.h"

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

/* Store the checked catalog; `st` NULL opens `db`.  With only_if_new
 * (serve --load) a catalog already stored is kept.  An exit status. */
static int store_catalog(struct store *st, const char *db, const char *path,
			 const struct agenda_catalog *c, const char *src,
			 size_t len, int only_if_new)
{
	struct store *own = NULL;
	char err[256], *old = NULL;
	size_t oldlen;
	int r = EXIT_OK, ret;

	if (!st && store_open(db, &own, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: %s: %s\n", db, err);
		return EXIT_FAIL;
	}
	if (!st)
		st = own;
	ret = only_if_new ? store_agendas_source(st, &old, &oldlen) :
		STORE_NOTFOUND;
	free(old);
	if (ret == STORE_NOTFOUND)
		ret = store_agendas_put(st, c, src, len);
	if (ret != STORE_OK) {
		fprintf(stderr, "%s: database: %s\n", path, store_errmsg(st));
		r = EXIT_FAIL;
	}
	store_close(own);
	return r;
}

int import_agendas(struct store *st, const char *db, const char *path,
		   const char *src, size_t len, int flags)
{
	struct agenda_catalog c;
	struct import_error e;
	struct buf out = BUF_INIT;
	int r = EXIT_OK;

	if (agenda_catalog_parse(src, len, &c, &e)) {
		import_print_error(path, &e);
		return EXIT_BADINPUT;
	}
	if (!(flags & IMPORT_CHECK))
		r = store_catalog(st, db, path, &c, src, len,
				  flags & IMPORT_IF_NEW);
	if (r != EXIT_OK || (flags & IMPORT_QUIET)) {
		/* said, or serve --load: nothing to print */
	} else if (flags & IMPORT_JSON) {
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
