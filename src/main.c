/*
 * alignplan: a workbook for cohort courses on AI alignment.
 * main() only dispatches to the sub-commands (cmd-*.c).
 */
#include "cmd.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define ALIGNPLAN_VERSION "0.1.0"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "serve", cmd_serve },
	{ "import", cmd_import },
	{ "user", cmd_user },
	{ "export", cmd_export },
};

static void usage(FILE *to)
{
	fputs("usage: alignplan serve [--db URL] [--listen ADDR:PORT] "
	      "[--load FILE] [--threads N]\n"
	      "                      [--idle-timeout DURATION]\n"
	      "       alignplan import [--check] [--json] [--db URL] FILE\n"
	      "       alignplan user add [--db URL] [--admin] EMAIL NAME\n"
	      "       alignplan user list [--db URL]\n"
	      "       alignplan export --user EMAIL [--db URL] [--session N] "
	      "[--exercise ID]\n"
	      "                        --format docx|md|html|ics [-o FILE]\n"
	      "       alignplan --help | --version\n"
	      "The database URL is sqlite:PATH or a path (default "
	      DEFAULT_DB "). See alignplan(1).\n", to);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_BADINPUT;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		puts("alignplan " ALIGNPLAN_VERSION);
		return EXIT_OK;
	}
	if (sodium_init() < 0) {
		fputs("alignplan: libsodium failed to start\n", stderr);
		return EXIT_FAIL;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "alignplan: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_BADINPUT;
}
