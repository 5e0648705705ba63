/*
 * partner.c: accountability partners by consent (docs/cohorts.md).
 *
 *   POST /c/ID/partner/USER   the visitor as USER's would-be supporter:
 *                             action=request (the default), withdraw
 *                             or end
 *   POST /c/ID/backer/USER    the visitor as the one USER backs or asks
 *                             to back: action=accept, decline or end
 *
 * The visitor is always one side of the partnership the path names, so
 * no id in a path lets anyone act on someone else's; who may move it
 * from which state to which is store_partner_act()'s (store.c).  Both
 * answer 303 to the page the form was on: back=checkins is the check-ins
 * page of the cohort's session, anything else the cohort page.
 *
 * The forms are partners.c's: on the cohort page, by each member
 * (partner_control), and on the check-ins page (partner_board_*).
 */
#include "web/pages/partner.h"

#include "auth/authz.h"
#include "core/html.h"
#include "web/widgets/mentions.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- POST /c/ID/partner/USER, /c/ID/backer/USER ---- */

static bool action_of(const char *w, bool as_supporter,
		      enum partner_action *a)
{
	static const struct {
		const char *word;
		bool supporter;
		enum partner_action a;
	} words[] = {
		{ "", true, PARTNER_REQUEST },
		{ "request", true, PARTNER_REQUEST },
		{ "withdraw", true, PARTNER_WITHDRAW },
		{ "end", true, PARTNER_END },
		{ "accept", false, PARTNER_ACCEPT },
		{ "decline", false, PARTNER_DECLINE },
		{ "end", false, PARTNER_END },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (words[i].supporter == as_supporter &&
		    !strcmp(words[i].word, w)) {
			*a = words[i].a;
			return true;
		}
	return false;
}

/* The supporter's action; a request tells the one asked, in its
 * transaction. */
static int ask(struct page *pg, const struct cohort *c, const struct user *who,
	       enum partner_action a, enum partner_why *why)
{
	struct notify_one n;
	char what[300], link[64];
	int r;

	snprintf(what, sizeof(what), "asks to be your accountability partner "
		 "in %s", c->name);
	snprintf(link, sizeof(link), "/s/%d/checkins#partners", c->number);
	if (a != PARTNER_REQUEST ||
	    notify_one_make(pg, &n, who, NOTICE_PARTNER, what, NULL, link) !=
		    STORE_OK)
		return store_partner_act(pg->st, c->id, pg->user.id, who->id,
					 pg->user.id, a, why);
	r = store_partner_act_notify(pg->st, c->id, pg->user.id, who->id,
				     pg->user.id, a, why, &n.nv, 1);
	notify_one_release(&n);
	return r;
}

/* Say why store_partner_act() refused. */
static void refused(struct page *pg, const struct cohort *c,
		    int64_t supporter, int64_t supported, const char *name,
		    enum partner_why why)
{
	struct partner p;
	char msg[400], day[WHEN_DAY_MAX];

	switch (why) {
	case PARTNER_WHY_WAITING:
		snprintf(msg, sizeof(msg), "You asked already: your request "
			 "is waiting for %s’s answer.", name);
		page_fail(pg, 409, msg);
		return;
	case PARTNER_WHY_ALREADY:
		snprintf(msg, sizeof(msg), "You are %s’s accountability "
			 "partner already.", name);
		page_fail(pg, 409, msg);
		return;
	case PARTNER_WHY_TOO_SOON:
		if (store_partner_get(pg->st, c->id, supporter, supported,
				      &p) == STORE_OK)
			when_day(day, sizeof(day),
				 store_partner_retry_at(&p));
		else
			snprintf(day, sizeof(day), "next week");
		snprintf(msg, sizeof(msg), "%s declined your request. You may "
			 "ask again from %s.", name, day);
		page_fail(pg, 429, msg);
		return;
	case PARTNER_WHY_MINE_FULL:
		snprintf(msg, sizeof(msg), "You have %d requests waiting for "
			 "an answer already: withdraw one, or wait until they "
			 "are answered, before you ask someone else.",
			 PARTNER_PENDING_MAX);
		page_fail(pg, 429, msg);
		return;
	case PARTNER_WHY_THEIRS_FULL:
		snprintf(msg, sizeof(msg), "%s has %d requests waiting for "
			 "their answer already. Try again once they have "
			 "answered some.", name, PARTNER_INCOMING_MAX);
		page_fail(pg, 429, msg);
		return;
	case PARTNER_WHY_GONE:
		page_fail(pg, 404, "There is no such request or partnership: "
			  "it may have been answered, withdrawn or ended "
			  "meanwhile. Reload the page to see where it "
			  "stands.");
		return;
	default:
		page_fail(pg, 404, "There is no one in your cohort to back "
			  "here.");
		return;
	}
}

static void partner_post(struct page *pg, bool as_supporter)
{
	/* The router checked that the visitor is in the cohort
	 * (ACCESS_MEMBER) and read it. */
	const struct cohort *c = &pg->authz.cohort_row;
	int64_t other = authz_parse_id(pg->rq->param[1]);
	int64_t me = pg->user.id;
	struct user who;
	struct buf action, back;
	enum partner_action a;
	enum partner_why why;
	char to[64];
	int r;

	if (!page_post_ok(pg))
		return;
	if (other <= 0 || store_user_by_id(pg->st, other, &who) != STORE_OK) {
		page_fail(pg, 404, "There is no one in your cohort to back "
			  "here.");
		return;
	}
	buf_init(&action, 16);
	buf_init(&back, 16);
	page_field(pg, "action", 0, &action);
	page_field(pg, "back", 0, &back);
	if (action.err || !action_of(action.data, as_supporter, &a)) {
		page_fail(pg, 400, "That is not a choice we offer.");
		goto out;
	}
	r = as_supporter ? ask(pg, c, &who, a, &why) :
	    store_partner_act(pg->st, c->id, other, me, me, a, &why);
	if (r == STORE_OK) {
		if (!strcmp(back.data, "checkins"))
			snprintf(to, sizeof(to), "/s/%d/checkins#partners",
				 c->number);
		else
			snprintf(to, sizeof(to), "/c/%lld", (long long)c->id);
		response_redirect(pg->rs, to);
	} else if (why == PARTNER_WHY_OK) {
		page_fail(pg, 503, "Not saved: the database is busy. Try "
			  "again in a moment.");
	} else {
		refused(pg, c, as_supporter ? me : other,
			as_supporter ? other : me, who.name, why);
	}
out:
	buf_release(&action);
	buf_release(&back);
}

void ui_partner(struct page *pg)
{
	partner_post(pg, true);
}

void ui_backer(struct page *pg)
{
	partner_post(pg, false);
}
