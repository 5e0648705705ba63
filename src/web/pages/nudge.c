/*
 * nudge.c: a facilitator's nudge from the dashboard's at-risk list
 * (docs/cohorts.md "Dates, reminders and nudges"),
 *
 *   POST /c/ID/nudge/USER
 *
 * for the cohort's facilitators (ACCESS_FACILITATOR), of one of its
 * participants: a notice and, by their choice for nudges, a mail with the
 * facilitator's name as its sender, through the outbox; logged with the
 * nudge in one transaction.  One nudge per participant per cohort a day
 * (STORE_NUDGE_GAP), whoever sends it: past it 429, nothing sent.
 * Answers 303 back to the dashboard's list.
 */
#include "web/pages/nudge.h"

#include "mail/notify.h"
#include "mail/sender.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <string.h>

struct nudge_mail {
	struct notice_new nv;
	struct notify_mail mail;
	bool has_mail;
	char text[STORE_NOTICE_TEXT_MAX + 1];
	char link[64];
};

/* The notice of the nudge, and its mail if they want one at once. */
static int nudge_make(struct page *pg, const struct cohort *c,
		      const struct user *to, struct nudge_mail *n)
{
	char from[STORE_NAME_MAX + 32], subject[STORE_NAME_MAX * 2 + 64];
	char err[200];
	int modes[NOTICE_KINDS], r;

	memset(n, 0, sizeof(*n));
	if ((r = store_notice_prefs(pg->st, to->id, modes)) != STORE_OK)
		return r;
	snprintf(n->link, sizeof(n->link), "/s/%d/checkins", c->number);
	snprintf(subject, sizeof(subject), "%s is checking in on you",
		 pg->user.name);
	snprintf(n->text, sizeof(n->text), "%s, facilitator of %s, is "
		 "checking in on you: how is your plan going? A check-in on "
		 "your milestones tells your cohort where you stand, and "
		 "what help would make a difference.", pg->user.name, c->name);
	n->nv = (struct notice_new){
		.user_id = to->id, .kind = NOTICE_NUDGE,
		.actor = pg->user.id, .text = n->text, .link = n->link,
		.mode = modes[NOTICE_NUDGE],
	};
	if (modes[NOTICE_NUDGE] != NOTICE_EACH)
		return STORE_OK;
	snprintf(from, sizeof(from), "%s via alignplan", pg->user.name);
	if (notify_mail_from(&n->mail, pg->st, from, to, NOTICE_NUDGE,
			     subject, n->text, n->link, err, sizeof(err)))
		fprintf(stderr, "alignplan: a nudge's mail to user %lld: %s\n",
			(long long)to->id, err);
	else {
		n->has_mail = true;
		n->nv.mail = &n->mail.m;
	}
	return STORE_OK;
}

void ui_nudge(struct page *pg)
{
	/* The router checked the facilitator (ACCESS_FACILITATOR). */
	const struct cohort *c = &pg->authz.cohort_row;
	int64_t who = authz_parse_id(pg->rq->param[1]);
	struct nudge_mail n;
	struct user to;
	char msg[300], back[64];
	int role = 0, r;

	if (!page_post_ok(pg))
		return;
	if (who <= 0 ||
	    store_member_role(pg->st, c->id, who, &role) != STORE_OK ||
	    role != ROLE_PARTICIPANT ||
	    store_user_by_id(pg->st, who, &to) != STORE_OK) {
		page_fail(pg, 404, "There is no such participant in this "
			  "cohort.");
		return;
	}
	if ((r = nudge_make(pg, c, &to, &n)) != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	r = store_nudge(pg->st, c->id, who, pg->user.id, &n.nv);
	if (n.has_mail)
		notify_mail_release(&n.mail);
	if (r == STORE_FULL) {
		snprintf(msg, sizeof(msg), "%s was nudged less than a day ago; "
			 "a participant gets at most one nudge a day.",
			 to.name);
		page_fail(pg, 429, msg);
		return;
	}
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	sender_poke();
	snprintf(back, sizeof(back), "/c/%lld/dashboard#at-risk",
		 (long long)c->id);
	page_saved(pg, back);
}
