#ifndef MAIL_SENDER_H
#define MAIL_SENDER_H

#include "mail/smtp.h"
#include "store/store.h"

#include <stdint.h>

/*
 * The sender (sender.c, docs/mail.md): a thread of `alignplan serve
 * --smtp URL` that claims mail from the outbox (store_mail_claim), hands
 * it to the mail server (smtp_send) and records what became of it; it
 * also queues the digests that are due, and runs a periodic task (the
 * reminder pass) on its connection, also without --smtp.  Several servers on one database
 * each run one: a claim is one sender's, for `lease` seconds.
 */
struct sender_cfg {
	const struct smtp *smtp;
	int64_t lease;              /* seconds a claim holds (> the SMTP
				     * timeout) */
	int64_t retry_min, retry_max;   /* the backoff's bounds, seconds */
	int64_t digest_after;       /* a digest goes once its oldest notice
				     * is this old (seconds) */
	unsigned poll_ms;           /* look for new mail at least this often */
	/* Run every tick_every seconds (0: never) in this thread, with its
	 * connection: serve's reminder pass.  The thread runs for it alone
	 * when smtp is NULL: then nothing is sent and no digest queued. */
	void (*tick)(struct store *st, int64_t now);
	int64_t tick_every;
};

/* Start the thread on `st`, which it owns from now on (closes it when
 * stopped); 0, or -1 when it cannot start (st stays the caller's). */
int sender_start(const struct sender_cfg *cfg, struct store *st);
/* Wake it: a mail was queued in this process. */
void sender_poke(void);
/* Stop it after the mail in hand, and wait for it. */
void sender_stop(void);

#endif
