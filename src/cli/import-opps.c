/*
 * import-opps.c: `alignplan import --opportunities [--check] FILE`, the
 * openings of the opportunities board from CSV or JSON
 * (import/opportunities.c; docs/agendas.md, "Opportunities").  The file
 * is read and checked whole first; a problem is said with its line and
 * nothing is written.  Importing a file again updates its entries by
 * their url.
 */
#include "cli/cmd.h"

#include "import/opportunities.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>

int import_opportunities(const struct import_args *a)
{
	struct opportunity_list l;
	struct import_error e;
	struct store *st = NULL;
	char *src = NULL, err[256];
	size_t len = 0;
	int64_t n = 0;
	int r = import_read(a->path, &src, &len);

	if (r != EXIT_OK)
		return r;
	if (opportunities_parse(src, len, &l, &e)) {
		import_print_error(a->path, &e);
		free(src);
		return EXIT_BADINPUT;
	}
	free(src);
	if (!a->check) {
		if (store_open(a->db, &st, err, sizeof(err)) != STORE_OK) {
			fprintf(stderr, "alignplan: %s: %s\n", a->db, err);
			r = EXIT_FAIL;
		} else if (store_opportunities_put(st, &l) != STORE_OK ||
			   store_opportunity_count(st, &n) != STORE_OK) {
			fprintf(stderr, "%s: database: %s\n", a->path,
				store_errmsg(st));
			r = EXIT_FAIL;
		}
	}
	if (r == EXIT_OK) {
		printf("opportunities: %zu opening%s read", l.n,
		       l.n == 1 ? "" : "s");
		if (!a->check)
			printf(", %lld on the board", (long long)n);
		printf("\n");
	}
	store_close(st);
	opportunity_list_release(&l);
	if (fflush(stdout) && r == EXIT_OK)
		r = EXIT_FAIL;
	return r;
}
