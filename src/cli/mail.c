/*
 * cli/mail.c: `alignplan mail compose|send` — one mail from a shell: its
 * text read from standard input, composed (mail/message.h) and printed,
 * or delivered to an SMTP server (mail/smtp.h).  For trying a mail
 * server's settings and for the tests; the server's own mail comes later.
 */
#include "cli/cmd.h"
#include "core/buf.h"
#include "mail/message.h"
#include "mail/smtp.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* sendmail's EX_TEMPFAIL (sysexits.h): not sent, try again later. */
#define EXIT_TEMPFAIL 75

const struct cmd_usage mail_usage = {
	"alignplan mail compose --from ADDR --to ADDR --subject TEXT "
	"[OPTIONS]\n"
	"alignplan mail send --smtp URL --from ADDR --to ADDR --subject TEXT "
	"[OPTIONS]\n",
	"Compose one mail, its text read from standard input (UTF-8), and "
	"print it\n"
	"(compose) or deliver it to an SMTP server (send; its Message-ID is "
	"printed).\n"
	"  --from ADDR                  the sender's address\n"
	"  --from-name NAME             the sender's display name\n"
	"  --to ADDR                    the recipient's address\n"
	"  --to-name NAME               the recipient's display name\n"
	"  --subject TEXT               the subject (UTF-8)\n"
	"  --link URL LABEL             a link after the text (http or "
	"https; repeatable)\n"
	"  --unsubscribe URL            an https URL that unsubscribes in "
	"one click\n"
	"  --smtp URL                   the server: smtp://HOST[:PORT] "
	"(STARTTLS) or\n"
	"                               smtps://HOST[:PORT], without "
	"credentials\n"
	"  --smtp-credentials FILE      the user and the password, a line "
	"each (mode 600);\n"
	"                               else from " SMTP_ENV_USER
	" and\n"
	"                               " SMTP_ENV_PASSWORD "\n"
	"  --timeout SECONDS            give up on the server after this "
	"long (default 30)\n"
	"Exit status of send: 0 sent, 75 not sent but may be later (server "
	"down, 4xx),\n"
	"1 refused for good (5xx), 2 bad input.\n",
};

struct mail_args {
	int send;
	const char *smtp, *cred;
	long timeout;
	struct mail_msg m;
	struct mail_link links[MAIL_LINKS_MAX];
};

static int bad(const char *fmt, const char *arg)
{
	return cmd_bad("mail", &mail_usage, fmt, arg);
}

/* One option at argv[*i]; returns -1 when taken, else an exit status. */
static int option(struct mail_args *a, int argc, char **argv, int *i)
{
	const char *o = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
	char *end;

	if (!strcmp(o, "--link") && v && *i + 2 < argc) {
		if (a->m.nlinks == MAIL_LINKS_MAX)
			return bad("at most %s links", "50");
		a->links[a->m.nlinks].url = v;
		a->links[a->m.nlinks++].label = argv[*i + 2];
		*i += 2;
		return -1;
	}
	if (!v || !strncmp(o, "--smtp-user", 11) || strstr(o, "password"))
		goto other;
	(*i)++;
	if (!strcmp(o, "--from"))
		a->m.from_addr = v;
	else if (!strcmp(o, "--from-name"))
		a->m.from_name = v;
	else if (!strcmp(o, "--to"))
		a->m.to_addr = v;
	else if (!strcmp(o, "--to-name"))
		a->m.to_name = v;
	else if (!strcmp(o, "--subject"))
		a->m.subject = v;
	else if (!strcmp(o, "--unsubscribe"))
		a->m.unsubscribe = v;
	else if (!strcmp(o, "--smtp") && a->send)
		a->smtp = v;
	else if (!strcmp(o, "--smtp-credentials") && a->send)
		a->cred = v;
	else if (!strcmp(o, "--timeout") && a->send) {
		a->timeout = strtol(v, &end, 10);
		if (*end || a->timeout < 1 || a->timeout > SMTP_TIMEOUT_MAX)
			return bad("--timeout takes 1 to 600 seconds, not "
				   "'%s'", v);
	} else {
		(*i)--;
		goto other;
	}
	return -1;
other:
	if (strstr(o, "password") || strstr(o, "user"))
		return bad("'%s': credentials are never taken on the "
			   "command line, where others can read them; use "
			   "--smtp-credentials FILE or " SMTP_ENV_USER
			   " and " SMTP_ENV_PASSWORD, o);
	return bad("bad argument '%s'", o);
}

static int parse(struct mail_args *a, int argc, char **argv)
{
	int i, r;

	if (argc < 2 || (strcmp(argv[1], "compose") &&
			 strcmp(argv[1], "send")))
		return bad("%s?", "compose or send");
	a->send = !strcmp(argv[1], "send");
	for (i = 2; i < argc; i++)
		if ((r = option(a, argc, argv, &i)) >= 0)
			return r;
	a->m.links = a->links;
	if (!a->m.from_addr || !a->m.to_addr || !a->m.subject)
		return bad("%s", "--from, --to and --subject are required");
	if (a->send && !a->smtp)
		return bad("%s", "send needs the server: --smtp URL");
	return -1;
}

/* Standard input, up to the body's cap. */
static int read_text(struct buf *text)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (buf_add(text, chunk, n))
			break;
	if (text->err) {
		fputs("alignplan mail: the text on standard input is over "
		      "256 KiB\n", stderr);
		return EXIT_BADINPUT;
	}
	if (ferror(stdin)) {
		fputs("alignplan mail: cannot read standard input\n", stderr);
		return EXIT_FAIL;
	}
	if (memchr(text->data, '\0', text->len)) {
		fputs("alignplan mail: the text holds a NUL byte\n", stderr);
		return EXIT_BADINPUT;
	}
	return -1;
}

/* The server's settings, checked before the text is read. */
static int configure(const struct mail_args *a, struct smtp *s)
{
	char err[512];

	if (smtp_init()) {
		fputs("alignplan mail: libcurl failed to start\n", stderr);
		return EXIT_FAIL;
	}
	if (smtp_config(s, a->smtp, a->cred, a->timeout, err, sizeof(err))) {
		fprintf(stderr, "alignplan mail: %s\n", err);
		return EXIT_BADINPUT;
	}
	return -1;
}

static int deliver(const struct mail_args *a, const struct smtp *s,
		   const struct buf *msg, const char *msgid)
{
	char err[512];
	enum smtp_result r;

	r = smtp_send(s, a->m.from_addr, a->m.to_addr, msg->data, msg->len,
		      err, sizeof(err));
	if (r == SMTP_SENT) {
		printf("%s\n", msgid);
		return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
	}
	fprintf(stderr, "alignplan mail: not sent (%s): %s\n",
		r == SMTP_RETRY ? "try again later" : "for good", err);
	return r == SMTP_RETRY ? EXIT_TEMPFAIL : EXIT_FAIL;
}

int cmd_mail(int argc, char **argv)
{
	struct mail_args a = { 0 };
	struct smtp s = { .login = 0 };
	struct buf text, msg;
	char msgid[MAIL_MSGID_SIZE], err[256];
	int i, r;

	for (i = 1; i < argc; i++)
		if (cmd_is_help(argv[i]))
			return cmd_help(&mail_usage);
	if ((r = parse(&a, argc, argv)) >= 0 ||
	    (a.send && (r = configure(&a, &s)) >= 0))
		return r;
	buf_init(&text, MAIL_BODY_MAX);
	buf_init(&msg, MAIL_MESSAGE_MAX);
	if ((r = read_text(&text)) >= 0)
		goto out;
	a.m.text = text.data;
	a.m.date = time(NULL);
	if (mail_compose(&msg, &a.m, msgid, err, sizeof(err))) {
		fprintf(stderr, "alignplan mail: %s\n", err);
		r = EXIT_BADINPUT;
		goto out;
	}
	if (a.send)
		r = deliver(&a, &s, &msg, msgid);
	else
		r = fwrite(msg.data, 1, msg.len, stdout) != msg.len ||
		    fflush(stdout) ? EXIT_FAIL : EXIT_OK;
out:
	smtp_release(&s);
	buf_release(&text);
	buf_release(&msg);
	return r;
}
