#ifndef INVITE_MAIL_H
#define INVITE_MAIL_H

#include <stdbool.h>

struct page;
struct cohort;

/*
 * An invite sent by mail (invite-mail.c, docs/cohorts.md): the invite
 * link to `email`.  Someone with an account there gets a notice of kind
 * NOTICE_INVITE, with its mail by their choice; an address with no
 * account gets the invite's mail (no unsubscribe link: there is nobody
 * to unsubscribe).  From the facilitator by name, through the outbox.
 * Returns the store's code; *account tells which it was.
 */
int invite_send(struct page *pg, const struct cohort *c, const char *email,
		const char *token, int role, const char *ends, bool *account);

/* May another invite be mailed to `email` today (at most
 * STORE_INVITE_MAILS_MAX)?  If not, it has replied (429, or 503 when the
 * store failed) and says false. */
bool invite_mail_room(struct page *pg, const char *email);

#endif
