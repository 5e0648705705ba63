/*
 * remind.c: `alignplan remind` — one pass of the reminders (web/remind.h):
 * milestones and cheap tests due in two days, partners' missed check-ins,
 * the cohorts' final review sessions.  `serve` runs the same pass every
 * --remind-every seconds; this command is for cron and for tests.  Each
 * reminder is made once, however often either runs.
 */
#include "cli/cmd.h"
#include "mail/message.h"
#include "mail/notify.h"
#include "store/store.h"
#include "web/courses.h"
#include "web/remind.h"

#include <string.h>

const struct cmd_usage remind_usage = {
	"alignplan remind [--db URL] [--mail-from ADDR] [--public-url URL]\n",
	"Make the reminders that are due now, once each: a milestone or "
	"cheap test due\n"
	"within two days, a partner's missed check-in, a cohort's final "
	"review session\n"
	"within two days.  Each goes to the person's notifications and, by "
	"their choice,\n"
	"into the mail outbox (a server with --smtp sends it).  Prints what "
	"it made.\n"
	"  --db URL          the database (default " DEFAULT_DB ")\n"
	"  --mail-from ADDR  the mail's sender, as serve's\n"
	"  --public-url URL  the site's https address for the mail's links, "
	"as serve's\n",
};

int cmd_remind(int argc, char **argv)
{
	const char *db = DEFAULT_DB, *from = NOTIFY_FROM_DEFAULT;
	const char *base = NOTIFY_BASE_DEFAULT;
	struct remind_counts c;
	struct store *st;
	char err[512];
	int i, ret = EXIT_OK;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (cmd_is_help(o))
			return cmd_help(&remind_usage);
		if (!v)
			return cmd_bad("remind", &remind_usage, "bad argument "
				       "'%s'", o);
		if (!strcmp(o, "--db"))
			db = v;
		else if (!strcmp(o, "--mail-from") && mail_addr_ok(v))
			from = v;
		else if (!strcmp(o, "--public-url") &&
			 !strncmp(v, "https://", 8) && strlen(v) < 200 &&
			 !strpbrk(v, " \"'<>\\?#") && v[strlen(v) - 1] != '/')
			base = v;
		else
			return cmd_bad("remind", &remind_usage, "bad argument "
				       "'%s' '%s'", o, v);
		i++;
	}
	notify_configure(&(struct notify_cfg){ from, "alignplan", base,
					       false });
	if (store_open(db, &st, err, sizeof(err)) != STORE_OK) {
		fprintf(stderr, "alignplan: %s\n", err);
		return EXIT_FAIL;
	}
	if (courses_load(st)) {
		fprintf(stderr, "alignplan: the sessions could not be loaded: "
			"%s\n", store_errmsg(st));
		ret = EXIT_FAIL;
	} else if (remind_pass(st, store_now(st), &c)) {
		fprintf(stderr, "alignplan: the reminders stopped: %s (what "
			"was made stays made)\n", store_errmsg(st));
		ret = EXIT_FAIL;
	}
	if (ret == EXIT_OK)
		printf("reminders made: %d milestones, %d cheap tests, %d "
		       "missed check-ins, %d review sessions\n", c.milestones,
		       c.ctests, c.missed, c.reviews);
	courses_free();
	store_close(st);
	return ret;
}
