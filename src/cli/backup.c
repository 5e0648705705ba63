/*
 * backup.c: `alignplan backup` — a copy of the database taken while
 * servers use it (store/backup.h: SQLite's online backup API; PostgreSQL
 * is backed up with pg_dump, docs/scaling.md).
 */
#include "cli/cmd.h"
#include "store/backup.h"
#include "store/store.h"

#include <string.h>

const struct cmd_usage backup_usage = {
	"alignplan backup [--db URL] FILE\n",
	"Copy the database into FILE while servers go on using it: one "
	"consistent\n"
	"snapshot, with every save acknowledged before it began.  FILE is a "
	"whole,\n"
	"checked SQLite file (mode 0600) or left as it was; an older FILE is "
	"replaced.\n"
	"  --db URL        the database: sqlite:PATH or a path (default\n"
	"                  " DEFAULT_DB "); PostgreSQL: pg_dump "
	"(docs/scaling.md)\n",
};

int cmd_backup(int argc, char **argv)
{
	const char *db = DEFAULT_DB, *file = NULL;
	struct store_backup info;
	char err[512];
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (cmd_is_help(argv[i]))
			return cmd_help(&backup_usage);
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return cmd_bad("backup", &backup_usage,
				       "unknown option %s", argv[i]);
		else if (file)
			return cmd_bad("backup", &backup_usage,
				       "one FILE at a time");
		else
			file = argv[i];
	}
	if (!file)
		return cmd_bad("backup", &backup_usage, "no FILE given");
	rc = store_backup(db, file, &info, err, sizeof(err));
	if (rc == STORE_NOTFOUND) {
		fprintf(stderr, "alignplan backup: %s\n", err);
		return EXIT_BADINPUT;
	}
	if (rc != STORE_OK) {
		fprintf(stderr, "alignplan backup: %s\n", err);
		return EXIT_FAIL;
	}
	printf("%s: schema version %d, %lld pages, %lld bytes\n", file,
	       info.version, info.pages, info.bytes);
	return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
}
