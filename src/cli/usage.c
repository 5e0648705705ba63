/*
 * usage.c: the sub-commands' usage, printed alike: on stdout for
 * --help (exit 0), on stderr after a bad argument (exit 2).
 */
#include "cli/cmd.h"

#include <stdarg.h>
#include <string.h>

int cmd_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

void cmd_synopsis(FILE *to, const char *synopsis, int first)
{
	const char *p = synopsis;
	size_t n;

	while (*p) {
		n = strcspn(p, "\n");
		fprintf(to, "%s%.*s\n", first ? "usage: " : "       ", (int)n,
			p);
		first = 0;
		p += n;
		if (*p)
			p++;
	}
}

int cmd_help(const struct cmd_usage *u)
{
	cmd_synopsis(stdout, u->synopsis, 1);
	fputs(u->text, stdout);
	fputs("See alignplan(1) for more.\n", stdout);
	return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
}

int cmd_bad(const char *name, const struct cmd_usage *u, const char *fmt,
	    ...)
{
	va_list ap;

	fprintf(stderr, "alignplan %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cmd_synopsis(stderr, u->synopsis, 1);
	fprintf(stderr, "(alignplan %s --help says more)\n", name);
	return EXIT_BADINPUT;
}
