/*
 * partners.c: the forms of accountability partners by consent
 * (docs/cohorts.md): on the cohort page, by each member, what the
 * visitor may ask, accept, decline, withdraw or end with them
 * (partner_control); on the check-ins page, the visitor's partnerships
 * in the session's cohorts, grouped by where each stands
 * (partner_board_*).  The forms post to /c/ID/partner/USER and
 * /c/ID/backer/USER (pages/partner.c).
 */
#include "web/widgets/partners.h"

#include "core/html.h"
#include "web/page.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int on_row(void *ctx, const struct partner *p)
{
	struct partner_rows *pr = ctx;

	if (pr->n == pr->alloc) {
		size_t na = pr->alloc ? 2 * pr->alloc : 16;
		struct partner *v = realloc(pr->v, na * sizeof(*v));

		if (!v) {
			pr->oom = true;
			return 1;
		}
		pr->v = v;
		pr->alloc = na;
	}
	pr->v[pr->n++] = *p;
	return 0;
}

int partner_rows_load(struct store *st, int64_t user, struct partner_rows *pr)
{
	int rc;

	memset(pr, 0, sizeof(*pr));
	rc = store_partner_list(st, user, on_row, pr);
	if (rc == STORE_OK && pr->oom)
		rc = STORE_ERR;
	if (rc != STORE_OK)
		partner_rows_release(pr);
	return rc;
}

void partner_rows_release(struct partner_rows *pr)
{
	free(pr->v);
	memset(pr, 0, sizeof(*pr));
}

static const struct partner *row_of(const struct partner_rows *pr,
				    int64_t cohort, int64_t supporter,
				    int64_t supported)
{
	size_t i;

	for (i = 0; i < pr->n; i++)
		if (pr->v[i].cohort_id == cohort &&
		    pr->v[i].supporter == supporter &&
		    pr->v[i].supported == supported)
			return &pr->v[i];
	return NULL;
}

/* Open a form on the partnership with `other`: /partner/ when the
 * visitor is (or would be) the supporter, /backer/ when backed. */
static void form_open(struct page *pg, int64_t cohort, int64_t other,
		      bool as_supporter, bool to_checkins)
{
	struct buf *b = &pg->rs->body;

	html(b, "<form method=\"post\" action=\"/c/%lld/%s/%lld\" "
	     "class=\"inline\">", (long long)cohort,
	     as_supporter ? "partner" : "backer", (long long)other);
	page_csrf_field(pg);
	if (to_checkins)
		html_raw(b, "<input type=\"hidden\" name=\"back\" "
			 "value=\"checkins\">");
}

/* A submit button; `quiet` for the ones that undo (decline, withdraw,
 * end), drawn less loud than the one that asks or accepts. */
static void button(struct buf *b, const char *action, bool quiet,
		   const char *label, const char *name)
{
	html(b, "<button type=\"submit\" name=\"action\" value=\"%s\"",
	     action);
	html_raw(b, quiet ? " class=\"quiet\">" : ">");
	html(b, label, name);
	html_raw(b, "</button>");
}

/* " in COHORT" on the check-ins page, which lists every cohort's; ""
 * on a cohort's own page. */
static void in_cohort(struct buf *b, const char *cohort)
{
	if (cohort)
		html(b, " in %s", cohort);
}

/* The visitor's side as the one backed: a request to answer, or a
 * partner to end with. */
static void backed_by(struct page *pg, const struct partner *in,
		      const char *name, const char *cohort, int number,
		      bool to_checkins)
{
	struct buf *b = &pg->rs->body;
	char since[16];

	when_day(since, sizeof(since), in->created);
	if (in->state == PARTNER_PENDING) {
		html(b, "<p class=\"partner-ask\"><strong>%s</strong> asks to be "
		     "your accountability partner", name);
		in_cohort(b, cohort);
		html(b, " (since %s): once you accept, they see your "
		     "milestones and check-ins, nothing else of your plans."
		     "</p>", since);
		form_open(pg, in->cohort_id, in->supporter, false,
			  to_checkins);
		button(b, "accept", false, "Accept %s as your partner", name);
		html_raw(b, " ");
		button(b, "decline", true, "Decline %s’s request", name);
		html_raw(b, "</form>");
	} else if (in->state == PARTNER_ACCEPTED) {
		html(b, "<p class=\"partner\"><strong>%s</strong> is your "
		     "accountability partner", name);
		in_cohort(b, cohort);
		html(b, ". <a href=\"/p/%lld/%d/checkins\">Their check-ins</a>"
		     "</p>", (long long)in->supporter, number);
		form_open(pg, in->cohort_id, in->supporter, false,
			  to_checkins);
		button(b, "end", true, "End the partnership with %s", name);
		html_raw(b, "</form>");
	}
}

/* The visitor's side as the supporter (out NULL: no request yet). */
static void backing(struct page *pg, int64_t cohort_id, int64_t other,
		    const struct partner *out, const char *name,
		    const char *cohort, int number, bool to_checkins)
{
	struct buf *b = &pg->rs->body;
	int state = out ? out->state : PARTNER_NONE;
	char day[16];

	if (state == PARTNER_PENDING) {
		when_day(day, sizeof(day), out->created);
		html(b, "<p class=\"partner-sent\">Request sent to "
		     "<strong>%s</strong>", name);
		in_cohort(b, cohort);
		html(b, " on %s: waiting for their answer.</p>", day);
		form_open(pg, cohort_id, other, true, to_checkins);
		button(b, "withdraw", true, "Withdraw the request to %s", name);
		html_raw(b, "</form>");
		return;
	}
	if (state == PARTNER_ACCEPTED) {
		html(b, "<p class=\"partner\">You are <strong>%s</strong>’s "
		     "accountability partner", name);
		in_cohort(b, cohort);
		html(b, ". <a href=\"/p/%lld/%d/checkins\">Their check-ins</a>"
		     "</p>", (long long)other, number);
		form_open(pg, cohort_id, other, true, to_checkins);
		button(b, "end", true, "Stop backing %s", name);
		html_raw(b, "</form>");
		return;
	}
	if (state == PARTNER_DECLINED) {
		int64_t at = store_partner_retry_at(out);

		when_day(day, sizeof(day), out->changed);
		html(b, "<p class=\"partner-declined\"><strong>%s</strong> "
		     "declined your request", name);
		in_cohort(b, cohort);
		html(b, " on %s.", day);
		if (store_now(pg->st) < at) {
			when_day(day, sizeof(day), at);
			html(b, " You may ask again from %s.</p>", day);
			return;
		}
		html_raw(b, "</p>");
	}
	if (to_checkins)
		return;                 /* asking is the cohort page's */
	form_open(pg, cohort_id, other, true, false);
	button(b, "request", false, "Ask to be %s’s accountability partner",
	       name);
	html_raw(b, "</form>");
}

void partner_control(struct page *pg, const struct cohort *c,
		     const struct member *m, const struct partner_rows *pr)
{
	int64_t me = pg->user.id, them = m->user.id;
	const struct partner *in = row_of(pr, c->id, them, me);

	if (them == me)
		return;
	if (in)
		backed_by(pg, in, m->user.name, NULL, c->number, false);
	backing(pg, c->id, them, row_of(pr, c->id, me, them), m->user.name,
		NULL, c->number, false);
}

/* The visitor's cohorts of one session. */
struct cohorts_of {
	int number;
	struct cohort *v;
	size_t n, alloc;
	bool oom;
};

static int on_cohort(void *ctx, const struct cohort *c)
{
	struct cohorts_of *co = ctx;

	if (c->number != co->number)
		return 0;
	if (co->n == co->alloc) {
		size_t na = co->alloc ? 2 * co->alloc : 4;
		struct cohort *v = realloc(co->v, na * sizeof(*v));

		if (!v) {
			co->oom = true;
			return 1;
		}
		co->v = v;
		co->alloc = na;
	}
	co->v[co->n++] = *c;
	return 0;
}

static const struct cohort *cohort_in(const struct partner_board *pb,
				      int64_t id)
{
	size_t i;

	for (i = 0; i < pb->nr_cohorts; i++)
		if (pb->cohorts[i].id == id)
			return &pb->cohorts[i];
	return NULL;
}

/* The visitor's partnerships in cohorts of session `number`; with
 * names, each one's other side's name too (one read each). */
static int board_load(struct store *st, int64_t user, int number,
		      bool names, struct partner_board *pb)
{
	struct cohorts_of co = { .number = number };
	struct partner_rows pr;
	struct user u;
	size_t i;
	int rc;

	memset(pb, 0, sizeof(*pb));
	pb->user = user;
	pb->number = number;
	rc = store_cohort_list(st, user, on_cohort, &co);
	if (rc == STORE_OK && co.oom)
		rc = STORE_ERR;
	pb->cohorts = co.v;
	pb->nr_cohorts = co.n;
	if (rc != STORE_OK || !co.n)
		return rc;
	if ((rc = partner_rows_load(st, user, &pr)) != STORE_OK)
		return rc;
	pb->items = calloc(pr.n ? pr.n : 1, sizeof(*pb->items));
	if (!pb->items) {
		partner_rows_release(&pr);
		return STORE_ERR;
	}
	for (i = 0; i < pr.n; i++) {
		struct partner_item *it = &pb->items[pb->n];
		const struct partner *p = &pr.v[i];
		int64_t other = p->supporter == user ? p->supported :
						       p->supporter;

		if (!cohort_in(pb, p->cohort_id))
			continue;
		it->p = *p;
		if (names) {
			rc = store_user_by_id(st, other, &u);
			if (rc == STORE_NOTFOUND)
				continue;
			if (rc != STORE_OK)
				break;
			snprintf(it->name, sizeof(it->name), "%s", u.name);
		}
		if (p->supported == user && p->state == PARTNER_PENDING)
			pb->waiting++;
		pb->n++;
	}
	partner_rows_release(&pr);
	return rc == STORE_NOTFOUND ? STORE_OK : rc;
}

int partner_board_load(struct store *st, int64_t user, int number,
		       struct partner_board *pb)
{
	return board_load(st, user, number, true, pb);
}

void partner_board_release(struct partner_board *pb)
{
	free(pb->cohorts);
	free(pb->items);
	memset(pb, 0, sizeof(*pb));
}

int partner_waiting(struct store *st, int64_t user, int number, int *n)
{
	struct partner_board pb;
	int rc = board_load(st, user, number, false, &pb);

	if (rc == STORE_OK)
		*n = pb.waiting;
	partner_board_release(&pb);
	return rc;
}

void partner_board_notice(struct page *pg, const struct partner_board *pb)
{
	if (pb->waiting)
		html(&pg->rs->body, "<p class=\"notice\"><a href=\"#partners\">"
		     "%d request%s to be your accountability partner</a> "
		     "%s for your answer.</p>", pb->waiting,
		     pb->waiting == 1 ? "" : "s",
		     pb->waiting == 1 ? "waits" : "wait");
}

/* One group of the board: items where the visitor is `as_supporter`
 * (or not) in one of `states`; false when there were none. */
static bool board_group(struct page *pg, const struct partner_board *pb,
			const char *heading, bool as_supporter,
			int state_a, int state_b)
{
	struct buf *b = &pg->rs->body;
	bool any = false;
	size_t i;

	for (i = 0; i < pb->n; i++) {
		const struct partner_item *it = &pb->items[i];
		const struct partner *p = &it->p;
		const struct cohort *c = cohort_in(pb, p->cohort_id);

		if ((p->supporter == pb->user) != as_supporter ||
		    (p->state != state_a && p->state != state_b))
			continue;
		if (!any)
			html(b, "<h3>%s</h3><ul class=\"partners\">", heading);
		any = true;
		html_raw(b, "<li>");
		if (as_supporter)
			backing(pg, p->cohort_id, p->supported, p, it->name,
				c->name, pb->number, true);
		else
			backed_by(pg, p, it->name, c->name, pb->number, true);
		html_raw(b, "</li>");
	}
	if (any)
		html_raw(b, "</ul>");
	return any;
}

void partner_board_section(struct page *pg, const struct partner_board *pb)
{
	struct buf *b = &pg->rs->body;
	bool any;
	size_t i;

	if (!pb->nr_cohorts)
		return;                 /* in no cohort of this session */
	html_raw(b, "<section class=\"partners\" id=\"partners\" "
		 "aria-labelledby=\"partners-h\"><h2 id=\"partners-h\">"
		 "Accountability partners</h2><p>A partner sees your "
		 "milestones and check-ins (nothing else of your plans), and "
		 "only once you have accepted them; you see theirs. Either "
		 "of you may end it at any time.</p>");
	any = board_group(pg, pb, "Waiting for your answer", false,
			  PARTNER_PENDING, PARTNER_PENDING);
	any |= board_group(pg, pb, "Your partners", false, PARTNER_ACCEPTED,
			   PARTNER_ACCEPTED);
	any |= board_group(pg, pb, "Whom you back, or asked to", true,
			   PARTNER_PENDING, PARTNER_ACCEPTED);
	any |= board_group(pg, pb, "Declined", true, PARTNER_DECLINED,
			   PARTNER_DECLINED);
	html(b, "<p>%s ask on your cohort's page:", any ?
	     "To back someone," :
	     "No partners yet. Someone who would like to back you asks, and "
	     "you answer here; to back someone,");
	for (i = 0; i < pb->nr_cohorts; i++)
		html(b, "%s <a href=\"/c/%lld\">%s</a>", i ? "," : "",
		     (long long)pb->cohorts[i].id, pb->cohorts[i].name);
	html_raw(b, ".</p></section>");
}
