/*
 * serve-mail.c: `alignplan serve`'s mail: the options (--smtp and its
 * credentials, --mail-from, --public-url, --mail-retry-max,
 * --digest-after, --remind-every) and the sender thread they start
 * (mail/sender.h), which also runs the reminder pass (web/remind.h).
 * Without --smtp nothing is sent: notices and their mail are kept in the
 * outbox, listed to admins on /admin/mail, and go once a server with
 * --smtp runs on the database.
 */
#include "cli/cmd.h"
#include "mail/message.h"
#include "mail/notify.h"
#include "mail/sender.h"
#include "mail/smtp.h"
#include "store/store.h"
#include "web/remind.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

static struct smtp smtp;

/* A whole number of seconds from lo to hi, or -1. */
static long seconds(const char *v, long lo, long hi)
{
	char *end;
	long n = strtol(v, &end, 10);

	return *v < '0' || *v > '9' || *end || n < lo || n > hi ? -1 : n;
}

/* An https base URL without a path's trailing slash. */
static int base_ok(const char *v)
{
	size_t n = strlen(v);

	return !strncmp(v, "https://", 8) && n > 8 && n < 200 &&
	       v[n - 1] != '/' && !strpbrk(v, " \"'<>\\?#");
}

int serve_mail_arg(struct serve_mail *m, int argc, char **argv, int *i)
{
	const char *o = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
	long n = 0;

	if (!v)
		return 0;
	if (!strcmp(o, "--smtp"))
		m->smtp = v;
	else if (!strcmp(o, "--smtp-credentials"))
		m->cred = v;
	else if (!strcmp(o, "--smtp-timeout") &&
		 (n = seconds(v, 1, SMTP_TIMEOUT_MAX)) > 0)
		m->timeout = n;
	else if (!strcmp(o, "--mail-from") && mail_addr_ok(v))
		m->from = v;
	else if (!strcmp(o, "--public-url") && base_ok(v))
		m->base = v;
	else if (!strcmp(o, "--mail-retry-max") &&
		 (n = seconds(v, 1, 86400)) > 0)
		m->retry_max = n;
	else if (!strcmp(o, "--digest-after") &&
		 (n = seconds(v, 1, 7 * 86400)) > 0)
		m->digest_after = n;
	else if (!strcmp(o, "--remind-every") &&
		 (n = seconds(v, 0, 86400)) >= 0)
		m->remind_every = n ? n : -1;
	else if (!strcmp(o, "--smtp-timeout") || !strcmp(o, "--mail-from") ||
		 !strcmp(o, "--public-url") || !strcmp(o, "--mail-retry-max") ||
		 !strcmp(o, "--digest-after") || !strcmp(o, "--remind-every")) {
		fprintf(stderr, "alignplan: %s: '%s' is not %s\n", o, v,
			!strcmp(o, "--mail-from") ? "a plain local@domain "
			"address" : !strcmp(o, "--public-url") ? "an https:// "
			"URL without a path's slash, quotes or blanks" :
			"a number of seconds in its range (alignplan(1))");
		return -1;
	} else
		return 0;
	++*i;
	return 1;
}

/* The reminder pass, in the sender's thread (web/remind.h); said on
 * stderr when it made something or failed. */
static void remind_tick(struct store *st, int64_t now)
{
	struct remind_counts c;

	if (remind_pass(st, now, &c))
		fprintf(stderr, "alignplan: the reminder pass stopped: %s\n",
			store_errmsg(st));
	else if (c.milestones + c.ctests + c.missed + c.reviews)
		fprintf(stderr, "alignplan: reminders made: %d milestones, %d "
			"cheap tests, %d missed check-ins, %d review "
			"sessions\n", c.milestones, c.ctests, c.missed,
			c.reviews);
}

/* With --smtp, the sender's settings; an exit status. */
static int smtp_setup(struct serve_mail *m, struct sender_cfg *sc)
{
	char err[512];

	if (smtp_init()) {
		fputs("alignplan: libcurl failed to start\n", stderr);
		return EXIT_FAIL;
	}
	if (smtp_config(&smtp, m->smtp, m->cred, m->timeout ? m->timeout :
			SMTP_TIMEOUT_DEFAULT, err, sizeof(err))) {
		fprintf(stderr, "alignplan: %s\n", err);
		return EXIT_BADINPUT;
	}
	sc->smtp = &smtp;
	if (sc->retry_min > sc->retry_max)
		sc->retry_min = sc->retry_max;
	/* A claim outlives the longest delivery, so only a dead sender's
	 * mail goes again. */
	sc->lease = smtp.timeout * 2 + 30;
	if (!m->base)
		fputs("alignplan: mail links point to " NOTIFY_BASE_DEFAULT
		      "; give --public-url\n", stderr);
	return EXIT_OK;
}

int serve_mail_start(struct serve_mail *m, const char *db_url)
{
	struct notify_cfg nc = {
		m->from ? m->from : NOTIFY_FROM_DEFAULT, "alignplan",
		m->base ? m->base : NOTIFY_BASE_DEFAULT, m->smtp != NULL,
	};
	struct sender_cfg sc = {
		.retry_min = 60, .poll_ms = 1000,
		.retry_max = m->retry_max ? m->retry_max : 3600,
		.digest_after = m->digest_after ? m->digest_after : 86400,
		.tick = remind_tick,
		.tick_every = m->remind_every < 0 ? 0 : m->remind_every ?
			      m->remind_every : REMIND_EVERY_DEFAULT,
	};
	struct store *st;
	char err[512];
	int r;

	notify_configure(&nc);
	if (!m->smtp && m->cred) {
		fputs("alignplan: --smtp-credentials without --smtp\n",
		      stderr);
		return EXIT_BADINPUT;
	}
	if (m->smtp && (r = smtp_setup(m, &sc)) != EXIT_OK)
		return r;
	/* Without --smtp and without reminders there is nothing to run. */
	if (!m->smtp && !sc.tick_every)
		return EXIT_OK;
	if (store_open(db_url, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: the sender: %s\n", err);
		return EXIT_FAIL;
	}
	if (sender_start(&sc, st)) {
		fputs("alignplan: the sender thread did not start\n", stderr);
		store_close(st);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

void serve_mail_stop(void)
{
	sender_stop();
	smtp_release(&smtp);
}
