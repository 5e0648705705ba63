/*
 * cmd-serve.c: `alignplan serve` — open the database, import the startup
 * session if it is new, load the sessions and serve the web app.
 */
#include "app.h"
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

/* A whole number from lo to hi into *out; else say so and -1. */
static int count_arg(const char *s, unsigned long lo, unsigned long hi,
		     unsigned *out, const char *name)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v < lo || v > hi) {
		fprintf(stderr, "alignplan: %s takes %lu to %lu\n", name, lo,
			hi);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	struct server_config cfg = {
		.db_url = DEFAULT_DB, .listen = "127.0.0.1:8080", .threads = 2,
		.on_hangup = reload, .hash_threads = 2, .hash_queue = 64,
	};
	const char *load = NULL, *proxies[8];
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
		} else if (!strcmp(a, "--hash-threads") && v) {
			if (count_arg(argv[++i], 1, 16, &cfg.hash_threads,
				      "--hash-threads"))
				return EXIT_BADINPUT;
		} else if (!strcmp(a, "--hash-queue") && v) {
			if (count_arg(argv[++i], 1, 4096, &cfg.hash_queue,
				      "--hash-queue"))
				return EXIT_BADINPUT;
		} else if (!strcmp(a, "--trusted-proxy") && v) {
			char norm[64];

			if (http_addr_norm(v, norm, sizeof(norm))) {
				fprintf(stderr, "alignplan: --trusted-proxy "
					"takes an IP address, not '%s'\n", v);
				return EXIT_BADINPUT;
			}
			if (cfg.ntrusted == sizeof(proxies) / sizeof(*proxies)) {
				fputs("alignplan: at most 8 --trusted-proxy\n",
				      stderr);
				return EXIT_BADINPUT;
			}
			proxies[cfg.ntrusted++] = argv[++i];
			cfg.trusted = proxies;
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
