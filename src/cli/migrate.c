/*
 * migrate.c: `alignplan migrate` — copy a whole database into a new one,
 * on the same backend or another (SQLite to PostgreSQL and back), through
 * the store (store_copy(): every table, counts checked table by table).
 */
#include "cli/cmd.h"
#include "store/store.h"

#include <string.h>

const struct cmd_usage migrate_usage = {
	"alignplan migrate --from URL --to URL\n",
	"Copy every table of the database at --from into the new, empty one "
	"at --to\n"
	"(made if it is missing), in one transaction: the rows of each table "
	"are counted\n"
	"on both sides before it commits, and printed.  A --to that holds "
	"anything is\n"
	"refused and left as it was.  Stop the servers first, or what they "
	"save after\n"
	"the copy began is not in it.\n"
	"  --from URL      the database to copy: sqlite:PATH, a path or "
	"postgres://...\n"
	"  --to URL        the database to fill, of the same schema version\n",
};

static void print_counts(void *ctx, const char *table, int64_t from,
			 int64_t to)
{
	int *lines = ctx;

	if (!(*lines)++)
		printf("%-16s %10s %10s\n", "table", "from", "to");
	printf("%-16s %10lld %10lld\n", table, (long long)from,
	       (long long)to);
}

int cmd_migrate(int argc, char **argv)
{
	const char *from_url = NULL, *to_url = NULL;
	struct store *from = NULL, *to = NULL;
	char err[512];
	int i, rc, lines = 0, ret = EXIT_FAIL;

	for (i = 1; i < argc; i++) {
		if (cmd_is_help(argv[i]))
			return cmd_help(&migrate_usage);
		if (!strcmp(argv[i], "--from") && i + 1 < argc)
			from_url = argv[++i];
		else if (!strcmp(argv[i], "--to") && i + 1 < argc)
			to_url = argv[++i];
		else
			return cmd_bad("migrate", &migrate_usage,
				       "bad argument '%s'", argv[i]);
	}
	if (!from_url || !to_url)
		return cmd_bad("migrate", &migrate_usage,
			       "both --from and --to are needed");
	if (!strcmp(from_url, to_url))
		return cmd_bad("migrate", &migrate_usage,
			       "--from and --to are the same database");
	if (store_open(from_url, &from, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan migrate: --from: %s\n", err);
		return EXIT_FAIL;
	}
	if (store_open(to_url, &to, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan migrate: --to: %s\n", err);
		goto out;
	}
	rc = store_copy(from, to, print_counts, &lines);
	if (rc != STORE_OK) {
		fprintf(stderr, "alignplan migrate: nothing was copied: %s\n",
			store_errmsg(to));
		ret = rc == STORE_EXISTS ? EXIT_BADINPUT : EXIT_FAIL;
		goto out;
	}
	ret = fflush(stdout) ? EXIT_FAIL : EXIT_OK;
out:
	store_close(to);
	store_close(from);
	return ret;
}
