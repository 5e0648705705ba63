#ifndef MAIL_SMTP_H
#define MAIL_SMTP_H

#include <stddef.h>

/*
 * Delivering one composed message (message.h) to a mail server over SMTP,
 * through libcurl.  The server is an smtp:// or smtps:// URL:
 *   smtps://HOST[:PORT]   TLS from the first byte (port 465 by default)
 *   smtp://HOST[:PORT]    STARTTLS, required: without it nothing is sent,
 *                         except to a loopback address (127.0.0.0/8, ::1,
 *                         localhost), where the mail never leaves the
 *                         machine and no TLS is asked for
 * A path ("/example.org") names this host in EHLO.  Credentials never come
 * from the URL, as a URL is given on a command line that others can read
 * (ps): they come from a file only its owner can read (a line with the
 * user, a line with the password) or from the environment
 * (ALIGNPLAN_SMTP_USER and ALIGNPLAN_SMTP_PASSWORD); without either,
 * nothing logs in.
 */

#define SMTP_URL_MAX 1024
#define SMTP_LOGIN_MAX 256		/* a user name or password, bytes */
#define SMTP_TIMEOUT_DEFAULT 30		/* seconds */
#define SMTP_TIMEOUT_MAX 600
#define SMTP_ENV_USER "ALIGNPLAN_SMTP_USER"
#define SMTP_ENV_PASSWORD "ALIGNPLAN_SMTP_PASSWORD"

struct smtp {
	char url[SMTP_URL_MAX + 1];
	char user[SMTP_LOGIN_MAX + 1];
	char password[SMTP_LOGIN_MAX + 1];
	int login;		/* user and password are set */
	int loopback;		/* the host is this machine: TLS optional */
	long timeout;		/* seconds, for one whole delivery */
};

/*
 * What became of one delivery.  A later outbox keeps a message on
 * SMTP_RETRY and tries again after a while; it gives up on SMTP_REFUSED.
 */
enum smtp_result {
	SMTP_SENT = 0,	/* the server took the message (250 after DATA) */
	/* Not sent, and it may work later: no connection, a timeout, a 4xx
	 * reply, TLS or login trouble (a setting to fix, not a reason to
	 * drop the message). */
	SMTP_RETRY,
	/* The server refused this message for good: a 5xx reply to MAIL,
	 * RCPT or DATA (but 530, a login wanted), or an address that
	 * cannot be sent to. */
	SMTP_REFUSED,
};

/* Start libcurl once per process, before any thread sends: returns 0, or
 * -1 when it fails. */
int smtp_init(void);

/*
 * Fill `s` from the server's URL, the credentials file (`cred_path`, or
 * NULL to look in the environment) and the timeout in seconds (0 for
 * SMTP_TIMEOUT_DEFAULT).  Returns 0, or -1 with the reason in `err`: not
 * smtp(s)://, credentials or a query in the URL, a credentials file that
 * others can read, a user without a password.
 */
int smtp_config(struct smtp *s, const char *url, const char *cred_path,
		long timeout, char *err, size_t errlen);
/* Wipe the password from memory. */
void smtp_release(struct smtp *s);

/*
 * Send `msg` (`len` bytes of RFC 5322, CRLF lines) from `from` to `to`
 * (the envelope: plain addresses, as mail_addr_ok() takes).  On anything
 * but SMTP_SENT, `err` says what happened, with the server's own reply
 * when there was one.  Thread-safe after smtp_init().
 */
enum smtp_result smtp_send(const struct smtp *s, const char *from,
			   const char *to, const char *msg, size_t len,
			   char *err, size_t errlen);

/* How smtp_send() classes an end: libcurl's result, the last SMTP reply
 * code (0 if none) and whether the server had reached the message's own
 * commands (MAIL, RCPT, DATA) when it answered. */
enum smtp_result smtp_result_of(int curl_code, long reply, int in_message);

#endif
