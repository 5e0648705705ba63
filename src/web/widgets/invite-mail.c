/*
 * invite-mail.c: an invite link sent to an address (invite-mail.h).
 */
#include "web/widgets/invite-mail.h"

#include "mail/notify.h"
#include "mail/sender.h"
#include "web/page.h"

#include <stdio.h>
#include <string.h>

bool invite_mail_room(struct page *pg, const char *email)
{
	int n = 0, r;

	r = store_mail_count_to(pg->st, email, NOTICE_INVITE,
				store_now(pg->st) - 86400, &n);
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return false;
	}
	if (n < STORE_INVITE_MAILS_MAX)
		return true;
	page_fail(pg, 429, "That address got " UI_STR(STORE_INVITE_MAILS_MAX)
		  " invites by mail in the last day, the most it may: no invite "
		  "was made. Send them an invite link yourself, or try again "
		  "tomorrow.");
	return false;
}

int invite_send(struct page *pg, const struct cohort *c, const char *email,
		const char *token, int role, const char *ends, bool *account)
{
	char subject[MAIL_SUBJECT_MAX], text[STORE_NOTICE_TEXT_MAX];
	char link[STORE_NOTICE_LINK_MAX], from[STORE_NAME_MAX + 32];
	char err[200];
	int modes[NOTICE_KINDS], r;
	struct notify_mail nm;
	struct notice_new nv;
	struct user to;
	bool has_mail = false;

	snprintf(link, sizeof(link), "/join/%s", token);
	snprintf(from, sizeof(from), "%s via alignplan", pg->user.name);
	snprintf(subject, sizeof(subject), "%s invites you to %s",
		 pg->user.name, c->name);
	snprintf(text, sizeof(text), "%s invites you to join the cohort %s "
		 "on alignplan as a %s, to work through session %d together. "
		 "The link works until %s (UTC).", pg->user.name, c->name,
		 role == ROLE_FACILITATOR ? "facilitator" : "participant",
		 c->number, ends);
	r = store_user_by_email(pg->st, email, &to);
	*account = r == STORE_OK;
	if (r == STORE_NOTFOUND) {
		if (notify_invite_mail(&nm, pg->st, from, email, subject, text,
				       link, err, sizeof(err))) {
			fprintf(stderr, "alignplan: an invite's mail: %s\n",
				err);
			return STORE_ERR;
		}
		r = store_mail_queue(pg->st, 0, NOTICE_INVITE, &nm.m);
		notify_mail_release(&nm);
		goto out;
	}
	if (r != STORE_OK ||
	    (r = store_notice_prefs(pg->st, to.id, modes)) != STORE_OK)
		return r;
	nv = (struct notice_new){
		.user_id = to.id, .kind = NOTICE_INVITE, .actor = pg->user.id,
		.text = text, .link = link, .mode = modes[NOTICE_INVITE],
	};
	if (modes[NOTICE_INVITE] == NOTICE_EACH) {
		if (notify_mail_from(&nm, pg->st, from, &to, NOTICE_INVITE,
				     subject, text, link, err, sizeof(err)))
			fprintf(stderr, "alignplan: an invite's mail to user "
				"%lld: %s\n", (long long)to.id, err);
		else {
			has_mail = true;
			nv.mail = &nm.m;
		}
	}
	r = store_notices_add(pg->st, &nv, 1);
	if (has_mail)
		notify_mail_release(&nm);
out:
	if (r == STORE_OK)
		sender_poke();
	return r;
}
