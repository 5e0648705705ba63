/*
 * serve-mail.c: `alignplan serve`'s mail: the options (--smtp and its
 * credentials, --mail-from, --public-url, --mail-retry-max,
 * --digest-after) and the sender thread they start (mail/sender.h).
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
	else if (!strcmp(o, "--smtp-timeout") || !strcmp(o, "--mail-from") ||
		 !strcmp(o, "--public-url") || !strcmp(o, "--mail-retry-max") ||
		 !strcmp(o, "--digest-after")) {
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

int serve_mail_start(struct serve_mail *m, const char *db_url)
{
	struct notify_cfg nc = {
		m->from ? m->from : NOTIFY_FROM_DEFAULT, "alignplan",
		m->base ? m->base : NOTIFY_BASE_DEFAULT, m->smtp != NULL,
	};
	struct sender_cfg sc = {
		.smtp = &smtp, .retry_min = 60, .poll_ms = 1000,
		.retry_max = m->retry_max ? m->retry_max : 3600,
		.digest_after = m->digest_after ? m->digest_after : 86400,
	};
	struct store *st;
	char err[512];

	notify_configure(&nc);
	if (!m->smtp) {
		if (m->cred)
			fputs("alignplan: --smtp-credentials without --smtp\n",
			      stderr);
		return m->cred ? EXIT_BADINPUT : EXIT_OK;
	}
	if (smtp_init()) {
		fputs("alignplan: libcurl failed to start\n", stderr);
		return EXIT_FAIL;
	}
	if (smtp_config(&smtp, m->smtp, m->cred, m->timeout ? m->timeout :
			SMTP_TIMEOUT_DEFAULT, err, sizeof(err))) {
		fprintf(stderr, "alignplan: %s\n", err);
		return EXIT_BADINPUT;
	}
	if (sc.retry_min > sc.retry_max)
		sc.retry_min = sc.retry_max;
	/* A claim outlives the longest delivery, so only a dead sender's
	 * mail goes again. */
	sc.lease = smtp.timeout * 2 + 30;
	if (store_open(db_url, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: the sender: %s\n", err);
		return EXIT_FAIL;
	}
	if (sender_start(&sc, st)) {
		fputs("alignplan: the sender thread did not start\n", stderr);
		store_close(st);
		return EXIT_FAIL;
	}
	if (!m->base)
		fputs("alignplan: mail links point to " NOTIFY_BASE_DEFAULT
		      "; give --public-url\n", stderr);
	return EXIT_OK;
}

void serve_mail_stop(void)
{
	sender_stop();
	smtp_release(&smtp);
}
