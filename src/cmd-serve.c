/*
 * cmd-serve.c: `alignplan serve` — open the database, import the startup
 * session if it is new, load the sessions and serve the web app.
 */
#include "app.h"
#include "auth.h"
#include "cmd.h"
#include "http.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SIGHUP: read the stored sessions again, so an `alignplan import` next
 * to a running server shows without a restart. */
static void reload(const char *db_url)
{
	struct store *st;
	char err[256];

	if (store_open(db_url, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: reload: %s\n", err);
		return;
	}
	if (courses_load(st))
		fputs("alignplan: reload failed; still serving the sessions "
		      "loaded before\n", stderr);
	else
		fputs("alignplan: sessions reloaded\n", stderr);
	store_close(st);
}

/*
 * A duration for --idle-timeout: a number of seconds, or of minutes,
 * hours or days with the suffix m, h or d ("7d").  From a minute up to
 * the absolute lifetime of a login; -1 for anything else.
 */
static int64_t parse_duration(const char *s)
{
	static const char units[] = "smhd";
	static const int64_t secs[] = { 1, 60, 3600, 86400 };
	const char *u;
	char *end;
	long long n;

	if (*s < '0' || *s > '9')
		return -1;
	n = strtoll(s, &end, 10);
	if (n > 366 * 86400LL)
		return -1;
	if (*end) {
		if (end[1] || !(u = strchr(units, *end)))
			return -1;
		n *= secs[u - units];
	}
	return n < 60 || n > AUTH_SESSION_DAYS * 86400LL ? -1 : n;
}

int cmd_serve(int argc, char **argv)
{
	struct server_config cfg = { DEFAULT_DB, "127.0.0.1:8080", 2, reload };
	const char *load = NULL;
	struct store *st;
	char err[256];
	int i, r;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--db") && v)
			cfg.db_url = argv[++i];
		else if (!strcmp(a, "--listen") && v)
			cfg.listen = argv[++i];
		else if (!strcmp(a, "--load") && v)
			load = argv[++i];
		else if (!strcmp(a, "--threads") && v) {
			cfg.threads = (unsigned)strtoul(argv[++i], NULL, 10);
			if (cfg.threads < 1 || cfg.threads > 64) {
				fputs("alignplan: --threads takes 1 to 64\n",
				      stderr);
				return EXIT_BADINPUT;
			}
		} else if (!strcmp(a, "--idle-timeout") && v) {
			int64_t idle = parse_duration(argv[++i]);

			if (idle < 0) {
				fprintf(stderr, "alignplan: --idle-timeout "
					"takes a duration from 1m to %dd, "
					"such as 7d, 12h, 90m or 3600 "
					"(seconds)\n", AUTH_SESSION_DAYS);
				return EXIT_BADINPUT;
			}
			app_set_idle_timeout(idle);
		} else {
			fprintf(stderr, "alignplan serve: bad argument '%s'\n",
				a);
			return EXIT_BADINPUT;
		}
	}
	if (store_open(cfg.db_url, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", err);
		return EXIT_FAIL;
	}
	if (load && (r = import_file(st, load, 1)) != EXIT_OK) {
		store_close(st);
		return r;
	}
	r = courses_load(st);
	store_close(st);
	if (r) {
		fputs("alignplan: cannot read the stored sessions\n", stderr);
		return EXIT_FAIL;
	}
	r = http_serve(&cfg) ? EXIT_FAIL : EXIT_OK;
	courses_free();
	return r;
}
