/*
 * alignplan: a workbook for cohort courses on AI alignment.
 * main() only dispatches to the sub-commands (cmd-*.c).
 */
#include "cli/cmd.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define ALIGNPLAN_VERSION "0.1.0"

static int help(int argc, char **argv);

static const struct cmd_usage help_usage = {
	"alignplan help [COMMAND]\n",
	"Print the usage of every command, or COMMAND's usage and options\n"
	"(the same as alignplan COMMAND --help).\n",
};

/* Every sub-command, in the order `alignplan --help` lists them. */
static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const struct cmd_usage *usage;
} commands[] = {
	{ "serve", cmd_serve, &serve_usage },
	{ "import", cmd_import, &import_usage },
	{ "user", cmd_user, &user_usage },
	{ "export", cmd_export, &export_usage },
	{ "backup", cmd_backup, &backup_usage },
	{ "migrate", cmd_migrate, &migrate_usage },
	{ "mail", cmd_mail, &mail_usage },
	{ "remind", cmd_remind, &remind_usage },
	{ "help", help, &help_usage },
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *to)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		cmd_synopsis(to, commands[i].usage->synopsis, i == 0);
	cmd_synopsis(to, "alignplan --help | --version\n", 0);
	fputs("The database URL is sqlite:PATH or a path (default "
	      DEFAULT_DB ").\n"
	      "`alignplan COMMAND --help` shows a command's options; "
	      "see alignplan(1).\n", to);
}

static int find(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(name, commands[i].name))
			return (int)i;
	return -1;
}

/* `alignplan help [COMMAND]` (argv[0] is "help"): the whole usage, or
 * one command's. */
static int help(int argc, char **argv)
{
	int c;

	if (argc < 2) {
		usage(stdout);
		return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
	}
	if (cmd_is_help(argv[1]))
		return cmd_help(&help_usage);
	if (argc > 2)
		return cmd_bad("help", &help_usage, "one command at a time");
	if ((c = find(argv[1])) < 0)
		return cmd_bad("help", &help_usage, "there is no command '%s'",
			       argv[1]);
	return cmd_help(commands[c].usage);
}

int main(int argc, char **argv)
{
	int c;

	if (argc < 2) {
		usage(stderr);
		return EXIT_BADINPUT;
	}
	if (cmd_is_help(argv[1])) {
		usage(stdout);
		return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		puts("alignplan " ALIGNPLAN_VERSION);
		return EXIT_OK;
	}
	if (sodium_init() < 0) {
		fputs("alignplan: libsodium failed to start\n", stderr);
		return EXIT_FAIL;
	}
	if ((c = find(argv[1])) >= 0)
		return commands[c].fn(argc - 1, argv + 1);
	fprintf(stderr, "alignplan: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_BADINPUT;
}
