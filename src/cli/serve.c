/*
 * serve.c: `alignplan serve` — open the database, import the startup
 * session if it is new, load the sessions and serve the web app; started
 * as root, it becomes an unprivileged user before serving.
 */
#include "auth/auth.h"
#include "cli/cmd.h"
#include "core/priv.h"
#include "mail/notify.h"
#include "store/store.h"
#include "web/http.h"
#include "web/page.h"
#include "web/router.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct cmd_usage serve_usage = {
	"alignplan serve [--db URL] [--listen ADDR:PORT] [--load FILE]...\n"
	"                [--threads N] [--hash-threads N] [--hash-queue N]\n"
	"                [--trusted-proxy ADDR]... [--idle-timeout DURATION]\n"
	"                [--user NAME] [--smtp URL [--smtp-credentials FILE]]\n"
	"                [--mail-from ADDR] [--public-url URL] [--remind-every S]\n",
	"Serve the web app until SIGINT or SIGTERM; SIGHUP reads the stored "
	"sessions again.\n"
	"  --db URL            the database: sqlite:PATH or a path (default "
	DEFAULT_DB ")\n"
	"  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080)\n"
	"  --load FILE         first import the session in FILE, unless one "
	"with its number is stored,\n"
	"                      or the agenda catalog in FILE, unless one is "
	"stored (repeatable, up to 8)\n"
	"  --threads N         threads serving pages, 1 to 64 (default 4; "
	"32 on PostgreSQL)\n"
	"  --hash-threads N    threads for logins and sign-ups (argon2id), 1 to "
	"16 (default 2)\n"
	"  --hash-queue N      such requests that may wait, 1 to 4096 (default "
	"64); more get 503\n"
	"  --trusted-proxy ADDR  a reverse proxy whose X-Forwarded-For names "
	"the client\n"
	"                      (repeatable, up to 8)\n"
	"  --idle-timeout DURATION  end a login unused this long: seconds, "
	"or with m, h or d\n"
	"                      (1m to 30d; default 7d)\n"
	"  --user NAME         started as root, serve as this user (default "
	PRIV_USER " if there is\n"
	"                      such a user, else nobody)\n"
	"  --smtp URL          send notification mail through this server "
	"(smtp:// or smtps://);\n"
	"                      without it mail is kept for an admin "
	"(/admin/mail)\n"
	"  --smtp-credentials FILE  the mail server's user and password "
	"(else ALIGNPLAN_SMTP_USER\n"
	"                      and ALIGNPLAN_SMTP_PASSWORD)\n"
	"  --smtp-timeout S    one delivery's limit, 1 to 600 seconds "
	"(default 30)\n"
	"  --mail-from ADDR    the mail's sender (default "
	NOTIFY_FROM_DEFAULT ")\n"
	"  --public-url URL    this site's https:// address, for links in "
	"mail\n"
	"  --mail-retry-max S  the longest wait between tries of a mail "
	"(default 3600)\n"
	"  --digest-after S    a digest goes once its oldest notice is "
	"this old (default 86400)\n"
	"  --remind-every S    make the reminders due every S seconds, 0 "
	"for never (default 600;\n"
	"                      `alignplan remind` makes them once)\n",
};

/* The connection serve opened first, kept for reloads: after giving up
 * root the server may not be able to open the database again. */
static struct store *main_store;

/* SIGHUP: read the stored sessions again, so an `alignplan import` next
 * to a running server shows without a restart. */
static void reload(const char *db_url)
{
	(void)db_url;
	if (app_load(main_store))
		fputs("alignplan: reload failed; still serving the sessions "
		      "loaded before\n", stderr);
	else
		fputs("alignplan: sessions reloaded\n", stderr);
}

/* Who to become when started as root (run_as.uid 0: stay who we are). */
static struct priv_user run_as;

static int give_up_root(void)
{
	char err[256];

	if (!run_as.uid)
		return 0;
	if (priv_drop(&run_as, err, sizeof(err))) {
		fprintf(stderr, "alignplan: %s\n", err);
		return -1;
	}
	fprintf(stderr, "alignplan: running as user %s (uid %u)\n",
		run_as.name, (unsigned)run_as.uid);
	return 0;
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

/* serve's command line, parsed. */
struct serve_args {
	struct server_config cfg;
	const char *load[8], *user;
	int nload;
	const char *proxies[8];
	struct serve_mail mail;
};

/* One --trusted-proxy: 0, or an exit status after saying why. */
static int trusted_proxy(struct serve_args *a, const char *v)
{
	char norm[64];

	if (http_addr_norm(v, norm, sizeof(norm))) {
		fprintf(stderr, "alignplan: --trusted-proxy takes an IP "
			"address, not '%s'\n", v);
		return EXIT_BADINPUT;
	}
	if (a->cfg.ntrusted == sizeof(a->proxies) / sizeof(*a->proxies)) {
		fputs("alignplan: at most 8 --trusted-proxy\n", stderr);
		return EXIT_BADINPUT;
	}
	a->proxies[a->cfg.ntrusted++] = v;
	a->cfg.trusted = a->proxies;
	return 0;
}

/* --idle-timeout: 0, or an exit status after saying why. */
static int idle_timeout(const char *v)
{
	int64_t idle = parse_duration(v);

	if (idle < 0) {
		fprintf(stderr, "alignplan: --idle-timeout takes a duration "
			"from 1m to %dd, such as 7d, 12h, 90m or 3600 "
			"(seconds)\n", AUTH_SESSION_DAYS);
		return EXIT_BADINPUT;
	}
	page_set_idle_timeout(idle);
	return 0;
}

/* Parse the arguments into a: -1 when they are fine, else the exit
 * status (--help, or a bad argument, said). */
static int serve_parse(int argc, char **argv, struct serve_args *a)
{
	struct server_config *cfg = &a->cfg;
	int i, r;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		r = serve_mail_arg(&a->mail, argc, argv, &i);
		if (r < 0)
			return EXIT_BADINPUT;
		if (r > 0)
			continue;
		if (!strcmp(o, "--db") && v)
			cfg->db_url = argv[++i];
		else if (!strcmp(o, "--listen") && v)
			cfg->listen = argv[++i];
		else if (!strcmp(o, "--load") && v) {
			if (a->nload == 8)
				return cmd_bad("serve", &serve_usage,
					       "at most 8 --load");
			a->load[a->nload++] = argv[++i];
		}
		else if (!strcmp(o, "--user") && v)
			a->user = argv[++i];
		else if (!strcmp(o, "--threads") && v)
			r = count_arg(argv[++i], 1, 64, &cfg->threads,
				      "--threads");
		else if (cmd_is_help(o))
			return cmd_help(&serve_usage);
		else if (!strcmp(o, "--hash-threads") && v)
			r = count_arg(argv[++i], 1, 16, &cfg->hash_threads,
				      "--hash-threads");
		else if (!strcmp(o, "--hash-queue") && v)
			r = count_arg(argv[++i], 1, 4096, &cfg->hash_queue,
				      "--hash-queue");
		else if (!strcmp(o, "--trusted-proxy") && v)
			r = trusted_proxy(a, argv[++i]);
		else if (!strcmp(o, "--idle-timeout") && v)
			r = idle_timeout(argv[++i]);
		else
			return cmd_bad("serve", &serve_usage,
				       "bad argument '%s'", o);
		if (r)
			return EXIT_BADINPUT;
	}
	return -1;
}

/*
 * glibc gives freed memory back to the kernel once 128 KB of it lie at
 * the top of a thread's heap, and the next request faults it in again:
 * a cold dashboard (some 300 KB of rows, then its HTML) spent about a
 * seventh of its server time so (perf: sysmalloc, madvise, page faults),
 * and took 1.5-2 ms on SQLite against 0.3-1 ms with this.  A server
 * keeps what its requests use; blocks of 4 MB and more are still mapped
 * and unmapped each time.  One heap (arena) for all threads: with a heap
 * each, the 16 threads of a server on PostgreSQL each paid those faults
 * again on their first big page (a cold dashboard's median over 20
 * requests 3.4 ms on a fresh server, 1.9 ms with one heap).
 */
static void keep_freed_memory(void)
{
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_ARENA_MAX, 1);
}

int cmd_serve(int argc, char **argv)
{
	struct serve_args a = { .cfg = {
		.db_url = DEFAULT_DB, .listen = "127.0.0.1:8080", .threads = 0,
		.on_hangup = reload, .hash_threads = 2, .hash_queue = 64,
	} };
	struct store *st;
	char err[256];
	int r;

	if ((r = serve_parse(argc, argv, &a)) >= 0)
		return r;
	keep_freed_memory();
	/* Root opens the socket and the database, then serves as another. */
	if (geteuid() == 0) {
		if (priv_find(a.user, &run_as, err, sizeof(err))) {
			fprintf(stderr, "alignplan: %s (--user)\n", err);
			return EXIT_BADINPUT;
		}
		a.cfg.before_serving = give_up_root;
	} else if (a.user) {
		fputs("alignplan: --user needs serve to be started as root\n",
		      stderr);
		return EXIT_BADINPUT;
	}
	if (store_open(a.cfg.db_url, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", err);
		return EXIT_FAIL;
	}
	/* On PostgreSQL a thread mostly waits for the database, and saves
	 * share a COMMIT only when their threads wait at the same moment
	 * (src/store/pg-share.h): more threads than cores.  Under a load of
	 * saves every thread ends up waiting in that queue, half of them in
	 * the group running and half for the next, so the threads bound a
	 * group's size: 32 make groups of about 15 where 16 made groups of
	 * 8 (docs/scaling.md, "A fourteenth look").  On SQLite a thread
	 * waits for nothing but the write lock: twice the two cores, which
	 * served 3-15% more pages than one each (docs/scaling.md, "A
	 * fifteenth look"). */
	if (!a.cfg.threads)
		a.cfg.threads = strcmp(store_backend_name(st), "sqlite") ? 32 : 4;
	for (int i = 0; i < a.nload; i++)
		if ((r = import_file(st, a.load[i], 1)) != EXIT_OK) {
			store_close(st);
			return r;
		}
	if (app_load(st)) {
		fputs("alignplan: cannot read the stored sessions\n", stderr);
		store_close(st);
		return EXIT_FAIL;
	}
	if ((r = serve_mail_start(&a.mail, a.cfg.db_url)) != EXIT_OK) {
		app_unload();
		store_close(st);
		return r;
	}
	main_store = st;
	r = http_serve(&a.cfg) ? EXIT_FAIL : EXIT_OK;
	serve_mail_stop();
	app_unload();
	store_close(st);
	main_store = NULL;
	return r;
}
