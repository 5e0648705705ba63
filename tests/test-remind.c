/*
 * Issue 12's missing pieces of the accountability loop, on a fixed clock
 * (2027-03-01 00:00 UTC and after): a cohort's dates (the facilitators'
 * form, times in each person's zone, who may), the reminder pass
 * (milestones and cheap tests due in two days, a partner's missed
 * check-in, the final review; each made once, also by four connections
 * at once; each person's choice per kind), the at-risk list with its
 * nudges (who may, one a day, the log, the mail from the facilitator),
 * the cohort's dates in the calendar feed (zone, stable UIDs per person),
 * and invites sent by mail.
 */
#include "peer-env.h"

#include "mail/notify.h"
#include "web/page.h"
#include "web/remind.h"

#include <pthread.h>

#define T0 1803859200LL         /* 2027-03-01 00:00 UTC */
#define DAY 86400LL

/* The test database's URL, for more connections. */
static char db_url[PG_URL_MAX];

/* peer_setup, with every row made at T0 (members join then). */
static int remind_setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	const char *const md[] = { peer_session_md, NULL };
	char msg[256];

	assert_non_null(e);
	app_db_fresh(e->path, db_url, sizeof(db_url), "remind");
	if (store_open(db_url, &e->st, msg, sizeof(msg)) != STORE_OK)
		fail_msg("store_open(%s): %s", db_url, msg);
	store_set_clock(e->st, T0);
	app_db_load(e->st, md);
	response_init(&e->rs);
	person(e, &e->owner, "Olive Owner", "owner@example.org");
	person(e, &e->peer, "Pat Peer", "peer@example.org");
	person(e, &e->other, "Oscar Other", "other@example.org");
	person(e, &e->facil, "Fay Facilitator", "facil@example.org");
	e->cohort = cohort_new(e, "Spring", e->facil.id);
	e->other_cohort = cohort_new(e, "Autumn", 0);
	assert_int_equal(store_member_put(e->st, e->cohort, e->owner.id,
					  ROLE_PARTICIPANT), STORE_OK);
	assert_int_equal(store_member_put(e->st, e->cohort, e->peer.id,
					  ROLE_PARTICIPANT), STORE_OK);
	assert_int_equal(store_member_put(e->st, e->other_cohort, e->other.id,
					  ROLE_PARTICIPANT), STORE_OK);
	*state = e;
	return 0;
}

static const char *path_of(struct env *e, const char *fmt, int64_t a,
			   int64_t b)
{
	snprintf(e->url, sizeof(e->url), fmt, (long long)a, (long long)b);
	return e->url;
}

struct dates_seen {
	struct cdate d[4];
	int n;
};

static int on_date(void *ctx, const struct cdate *d, const char *name)
{
	struct dates_seen *s = ctx;

	(void)name;
	if (s->n < 4)
		s->d[s->n] = *d;
	s->n++;
	return 0;
}

static void test_dates_page(void **state)
{
	struct env *e = *state;
	struct dates_seen s = { .n = 0 };
	const char *dates = path_of(e, "/c/%lld/dates", e->cohort, 0);
	char form[300];

	assert_int_equal(store_tz_put(e->st, e->facil.id, "Europe/Berlin"),
			 STORE_OK);
	assert_int_equal(store_tz_put(e->st, e->owner.id, "America/New_York"),
			 STORE_OK);
	/* 18:00 in Berlin (CET, +01:00) is 17:00 UTC. */
	assert_int_equal(post(e, &e->facil, dates, "action=add&kind=review&"
			      "day=2027-03-03&time=18:00&minutes=90&title="
			      "Final+%3Cb%3Ereview%3C%2Fb%3E"), 303);
	assert_int_equal(store_cdate_list(e->st, e->cohort, on_date, &s),
			 STORE_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.d[0].starts, T0 + 2 * DAY + 17 * 3600);
	assert_int_equal(s.d[0].minutes, 90);
	assert_int_equal(s.d[0].kind, CDATE_REVIEW);

	/* Only the cohort's facilitators. */
	dates = path_of(e, "/c/%lld/dates", e->cohort, 0);
	assert_int_equal(post(e, &e->owner, dates, "action=add&kind=session&"
			      "day=2027-03-04&time=18:00"), 403);
	assert_int_equal(post(e, &e->other, dates, "action=add&kind=session&"
			      "day=2027-03-04&time=18:00"), 403);

	/* Refused forms say why and keep what was typed. */
	assert_int_equal(post(e, &e->facil, dates, "action=add&kind=session&"
			      "day=2027-02-30&time=18:00&title=Kick+off"), 422);
	assert_non_null(strstr(body(e), "The day is not a date"));
	assert_non_null(strstr(body(e), "value=\"2027-02-30\""));
	assert_non_null(strstr(body(e), "value=\"Kick off\""));
	assert_int_equal(post(e, &e->facil, dates, "action=add&kind=session&"
			      "day=2027-03-04&time=25:00"), 422);
	assert_non_null(strstr(body(e), "not a time of day"));
	assert_int_equal(post(e, &e->facil, dates, "action=add&kind=party&"
			      "day=2027-03-04&time=18:00"), 422);
	assert_int_equal(post(e, &e->facil, dates, "action=add&kind=session&"
			      "day=2027-03-04&time=18:00&minutes=5000"), 422);
	assert_int_equal(post(e, &e->facil, dates, "action=maybe"), 400);

	/* Each sees it in their own zone; only facilitators get the form,
	 * and the title is escaped. */
	assert_int_equal(call(e, &e->owner, "GET",
			      path_of(e, "/c/%lld", e->cohort, 0), NULL), 200);
	assert_non_null(strstr(body(e), "<td>2027-03-03 12:00 EST</td><td>"
			       "Final review session: Final &lt;b&gt;review"));
	assert_null(strstr(body(e), "Add the date"));
	assert_int_equal(call(e, &e->facil, "GET",
			      path_of(e, "/c/%lld", e->cohort, 0), NULL), 200);
	assert_non_null(strstr(body(e), "<td>2027-03-03 18:00 CET</td>"));
	assert_non_null(strstr(body(e), "Add the date"));

	/* Deleted once; then it is not there. */
	snprintf(form, sizeof(form), "action=delete&id=%lld",
		 (long long)s.d[0].id);
	dates = path_of(e, "/c/%lld/dates", e->cohort, 0);
	assert_int_equal(post(e, &e->owner, dates, form), 403);
	assert_int_equal(post(e, &e->facil, dates, form), 303);
	assert_int_equal(post(e, &e->facil, dates, form), 404);

	/* The cap: 100 dates a cohort. */
	for (int i = 0; i < STORE_CDATES_MAX; i++) {
		struct cdate d = { .cohort = e->cohort, .kind = CDATE_SESSION,
				   .starts = T0 + i * DAY, .minutes = 60 };

		assert_int_equal(store_cdate_add(e->st, &d, e->facil.id),
				 STORE_OK);
	}
	assert_int_equal(post(e, &e->facil, dates, "action=add&kind=session&"
			      "day=2027-06-01&time=18:00&title=One+more"), 422);
	assert_non_null(strstr(body(e), "This cohort has 100 dates"));
	assert_non_null(strstr(body(e), "value=\"One more\""));
}

/* ---- the reminder pass ---- */

struct racer {
	const char *url;
	struct remind_counts c;
	int rc;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct store *st;
	char err[256];

	if (store_open(r->url, &st, err, sizeof(err)) != STORE_OK) {
		r->rc = -2;
		return NULL;
	}
	store_set_clock(st, T0);
	r->rc = remind_pass(st, T0, &r->c);
	store_close(st);
	return NULL;
}

struct mails {
	int n, to_owner, to_peer, to_facil;
	char subjects[1024];
};

static int on_mail(void *ctx, const struct mail_row *m, const char *text)
{
	struct mails *s = ctx;

	(void)text;
	s->n++;
	s->to_owner += !strcmp(m->env_to, "owner@example.org");
	s->to_peer += !strcmp(m->env_to, "peer@example.org");
	s->to_facil += !strcmp(m->env_to, "facil@example.org");
	if (strlen(s->subjects) + strlen(m->subject) + 2 < sizeof(s->subjects)) {
		strcat(s->subjects, m->subject);
		strcat(s->subjects, "\n");
	}
	return 0;
}

struct notices_seen {
	int n, waiting;
	char text[4096];
};

static int on_notice(void *ctx, const struct notice *n)
{
	struct notices_seen *s = ctx;

	s->n++;
	s->waiting += n->digest == DIGEST_WAITING;
	if (strlen(s->text) + strlen(n->text) + 2 < sizeof(s->text)) {
		strcat(s->text, n->text);
		strcat(s->text, "\n");
	}
	return 0;
}

static void remind_world(struct env *e)
{
	struct checkin c = { .user = e->owner.id, .number = 4,
			     .status = CHECKIN_DONE };
	struct ctest t = { .user = e->owner.id, .number = 4, .idea = "Research",
			   .status = CTEST_PLANNED, .date = "2027-03-02" };
	struct cdate review = { .cohort = e->cohort, .kind = CDATE_REVIEW,
				.starts = T0 + DAY + 18 * 3600, .minutes = 90 };
	struct cdate due = { .cohort = e->cohort, .kind = CDATE_CHECKIN,
			     .starts = T0 - DAY + 12 * 3600, .minutes = 30 };

	/* The peer joined ten days ago, before the check-in date. */
	store_set_clock(e->st, T0 - 10 * DAY);
	assert_int_equal(store_member_del(e->st, e->cohort, e->peer.id),
			 STORE_OK);
	assert_int_equal(store_member_put(e->st, e->cohort, e->peer.id,
					  ROLE_PARTICIPANT), STORE_OK);
	store_set_clock(e->st, T0);
	answer(e, &e->owner, "milestones", "Read papers\t2027-03-03\t4\n"
	       "Build probe\t2027-03-08\t8\nDone one\t2027-03-02\t2");
	snprintf(c.prompt_id, sizeof(c.prompt_id), "%s", pid("milestones"));
	snprintf(c.milestone, sizeof(c.milestone), "Done one");
	assert_int_equal(store_checkin_add(e->st, &c, ""), STORE_OK);
	assert_int_equal(store_ctest_add(e->st, &t, "Ask a researcher", ""),
			 STORE_OK);
	assert_int_equal(store_cdate_add(e->st, &review, e->facil.id),
			 STORE_OK);
	assert_int_equal(store_cdate_add(e->st, &due, e->facil.id), STORE_OK);
	/* The owner backs the peer, who has not checked in. */
	assert_int_equal(store_partner_act(e->st, e->cohort, e->owner.id,
					   e->peer.id, e->owner.id,
					   PARTNER_REQUEST, NULL), STORE_OK);
	assert_int_equal(store_partner_act(e->st, e->cohort, e->owner.id,
					   e->peer.id, e->peer.id,
					   PARTNER_ACCEPT, NULL), STORE_OK);
	/* The owner wants milestones in the digest; the facilitator no
	 * mail of reviews. */
	assert_int_equal(store_notice_pref_set(e->st, e->owner.id,
					       NOTICE_MILESTONE, NOTICE_DIGEST,
					       0), STORE_OK);
	assert_int_equal(store_notice_pref_set(e->st, e->facil.id,
					       NOTICE_REVIEW, NOTICE_OFF, 0),
			 STORE_OK);
}

static void test_remind_pass(void **state)
{
	struct env *e = *state;
	struct racer r[4];
	pthread_t th[4];
	struct remind_counts sum = { 0 }, again;
	struct notices_seen seen = { 0 };
	struct mails m = { 0 };
	int i;

	remind_world(e);
	/* Four connections at once, as four servers: each reminder once. */
	for (i = 0; i < 4; i++) {
		r[i] = (struct racer){ .url = db_url };
		assert_int_equal(pthread_create(&th[i], NULL, race, &r[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(r[i].rc, 0);
		sum.milestones += r[i].c.milestones;
		sum.ctests += r[i].c.ctests;
		sum.missed += r[i].c.missed;
		sum.reviews += r[i].c.reviews;
	}
	/* "Read papers" (in two days; "Build probe" is a week away, "Done
	 * one" is done), the cheap test, the peer's missed check-in to the
	 * owner who backs them, the review to all three members. */
	assert_int_equal(sum.milestones, 1);
	assert_int_equal(sum.ctests, 1);
	assert_int_equal(sum.missed, 1);
	assert_int_equal(sum.reviews, 3);
	/* Again: nothing new. */
	assert_int_equal(remind_pass(e->st, T0 + 3600, &again), 0);
	assert_int_equal(again.milestones + again.ctests + again.missed +
			 again.reviews, 0);

	assert_int_equal(store_notice_list(e->st, e->owner.id, 50, on_notice,
					   &seen), STORE_OK);
	assert_int_equal(seen.n, 4);
	assert_int_equal(seen.waiting, 2);   /* the digest kinds */
	assert_non_null(strstr(seen.text, "Your milestone \"Read papers\" is "
			       "due on 2027-03-03."));
	assert_non_null(strstr(seen.text, "Your cheap test of \"Research\" is "
			       "planned for 2027-03-02."));
	assert_non_null(strstr(seen.text, "Pat Peer has not checked in"));
	assert_null(strstr(seen.text, "Build probe"));
	assert_null(strstr(seen.text, "Done one"));
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(store_notice_list(e->st, e->facil.id, 50, on_notice,
					   &seen), STORE_OK);
	assert_int_equal(seen.n, 1);
	assert_non_null(strstr(seen.text, "The final review session of Spring"));

	/* Mail by each one's choice: the owner's missed check-in and
	 * review, the peer's review; none for the facilitator (off) nor
	 * for the owner's milestones (the digest). */
	assert_int_equal(store_mail_list(e->st, 0, 100, on_mail, &m), STORE_OK);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.to_owner, 2);
	assert_int_equal(m.to_peer, 1);
	assert_int_equal(m.to_facil, 0);
	assert_non_null(strstr(m.subjects, "Pat Peer missed a check-in"));

	/* Five days on: "Build probe" falls due; the review has passed. */
	store_set_clock(e->st, T0 + 5 * DAY);
	assert_int_equal(remind_pass(e->st, T0 + 5 * DAY, &again), 0);
	assert_int_equal(again.milestones, 1);
	assert_int_equal(again.ctests + again.missed + again.reviews, 0);
	assert_int_equal(remind_pass(e->st, T0 + 5 * DAY, &again), 0);
	assert_int_equal(again.milestones, 0);
	/* The preferences page lists the new kinds. */
	assert_int_equal(call(e, &e->owner, "GET", "/notifications", NULL),
			 200);
	assert_non_null(strstr(body(e), "name=\"kind-missed\""));
	assert_non_null(strstr(body(e), "name=\"kind-review\""));
	assert_non_null(strstr(body(e), "name=\"kind-nudge\""));
	assert_non_null(strstr(body(e), "name=\"kind-invite\""));
}

/* The claim itself: four connections add the same 50 keyed notices at
 * once; each is made by exactly one of them. */
struct claimer {
	int64_t user;
	int made, rc;
};

static void *claim(void *arg)
{
	struct claimer *c = arg;
	struct store *st;
	char err[256], key[32];
	const struct notice_new nv = {
		.user_id = c->user, .kind = NOTICE_MILESTONE, .text = "due",
		.link = "/s/4/checkins", .mode = NOTICE_OFF,
	};

	if (store_open(db_url, &st, err, sizeof(err)) != STORE_OK) {
		c->rc = -2;
		return NULL;
	}
	for (int k = 0; k < 50; k++) {
		int r;

		snprintf(key, sizeof(key), "test:%d", k);
		r = store_notice_once(st, key, &nv);
		if (r == STORE_OK)
			c->made++;
		else if (r != STORE_EXISTS)
			c->rc = r;
	}
	store_close(st);
	return NULL;
}

static void test_notice_once(void **state)
{
	struct env *e = *state;
	struct claimer c[4];
	pthread_t th[4];
	struct notices_seen seen = { 0 };
	int i, made = 0, was = 0;

	for (i = 0; i < 4; i++) {
		c[i] = (struct claimer){ .user = e->owner.id };
		assert_int_equal(pthread_create(&th[i], NULL, claim, &c[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(c[i].rc, 0);
		made += c[i].made;
	}
	assert_int_equal(made, 50);
	assert_int_equal(store_notice_list(e->st, e->owner.id, 100, on_notice,
					   &seen), STORE_OK);
	assert_int_equal(seen.n, 50);
	assert_int_equal(store_once_made(e->st, "test:7", &was), STORE_OK);
	assert_int_equal(was, 1);
	assert_int_equal(store_once_made(e->st, "test:50", &was), STORE_OK);
	assert_int_equal(was, 0);
	/* Forgotten after the window, a key may be made again. */
	assert_int_equal(store_once_prune(e->st, T0 + 1), STORE_OK);
	assert_int_equal(store_once_made(e->st, "test:7", &was), STORE_OK);
	assert_int_equal(was, 0);
}

/* ---- the at-risk list and nudges ---- */

static void test_at_risk(void **state)
{
	struct env *e = *state;
	struct checkin c = { .user = e->peer.id, .number = 4,
			     .status = CHECKIN_DONE };
	struct who gil;
	struct mails m = { 0 };
	struct mail_row row;
	char *text = NULL, *msg = NULL;
	size_t len;
	const char *risk, *nudge;

	person(e, &gil, "Gil Other", "gil@example.org");
	assert_int_equal(store_member_put(e->st, e->other_cohort, gil.id,
					  ROLE_FACILITATOR), STORE_OK);
	answer(e, &e->owner, "milestones", "Overdue thing\t2027-03-05\t2");
	/* The peer's milestone is past its day too, but checked in done. */
	answer(e, &e->peer, "milestones", "Zeta\t2027-03-06\t1\n"
	       "Finished\t2027-03-05\t1\nAlpha\t2027-04-20\t1");
	store_set_clock(e->st, T0 + 9 * DAY);
	snprintf(c.prompt_id, sizeof(c.prompt_id), "%s", pid("milestones"));
	snprintf(c.milestone, sizeof(c.milestone), "Finished");
	assert_int_equal(store_checkin_add(e->st, &c, ""), STORE_OK);
	snprintf(c.milestone, sizeof(c.milestone), "Zeta");
	assert_int_equal(store_checkin_add(e->st, &c, ""), STORE_OK);
	store_set_clock(e->st, T0 + 15 * DAY);

	assert_int_equal(call(e, &e->facil, "GET", path_of(e,
			      "/c/%lld/dashboard", e->cohort, 0), NULL), 200);
	risk = strstr(body(e), "<section id=\"at-risk\"");
	assert_non_null(risk);
	assert_non_null(strstr(risk, "Olive Owner</a></th><td>no check-in "
			       "since joining 15 days ago; 1 milestone "
			       "overdue</td><td>never</td>"));
	/* The peer checked in 6 days ago: not in the list. */
	assert_true(strstr(risk, "Pat Peer") > strstr(risk, "</section>"));
	snprintf(e->url, sizeof(e->url), "action=\"/c/%lld/nudge/%lld\"",
		 (long long)e->cohort, (long long)e->owner.id);
	assert_non_null(strstr(risk, e->url));
	assert_non_null(strstr(risk, "name=\"csrf\""));

	/* Only the cohort's facilitators see it or nudge. */
	nudge = path_of(e, "/c/%lld/nudge/%lld", e->cohort, e->owner.id);
	assert_int_equal(post(e, &e->peer, nudge, ""), 403);
	nudge = path_of(e, "/c/%lld/nudge/%lld", e->cohort, e->owner.id);
	assert_int_equal(post(e, &gil, nudge, ""), 403);
	assert_int_equal(call(e, &e->peer, "GET", path_of(e,
			      "/c/%lld/dashboard", e->cohort, 0), NULL), 403);
	assert_int_equal(call(e, &gil, "GET", path_of(e,
			      "/c/%lld/dashboard", e->cohort, 0), NULL), 403);
	/* Not a participant of the cohort: 404. */
	assert_int_equal(post(e, &e->facil, path_of(e, "/c/%lld/nudge/%lld",
			      e->cohort, e->other.id), ""), 404);
	assert_int_equal(post(e, &e->facil, path_of(e, "/c/%lld/nudge/%lld",
			      e->cohort, e->facil.id), ""), 404);
	assert_int_equal(store_mail_list(e->st, 0, 100, on_mail, &m), STORE_OK);
	assert_int_equal(m.n, 0);

	/* The nudge: a mail from the facilitator, logged. */
	nudge = path_of(e, "/c/%lld/nudge/%lld", e->cohort, e->owner.id);
	assert_int_equal(post(e, &e->facil, nudge, ""), 303);
	snprintf(e->url, sizeof(e->url), "/c/%lld/dashboard#at-risk",
		 (long long)e->cohort);
	assert_string_equal(header_of(&e->rs, "Location"), e->url);
	assert_int_equal(store_mail_list(e->st, 0, 100, on_mail, &m), STORE_OK);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.to_owner, 1);
	assert_int_equal(store_mail_get(e->st, 1, &row, &text, &msg, &len),
			 STORE_OK);
	assert_non_null(strstr(msg, "From: Fay Facilitator via alignplan <"));
	assert_non_null(strstr(row.subject, "Fay Facilitator is checking in "
			       "on you"));
	assert_non_null(strstr(text, "facilitator of Spring"));
	free(text);
	free(msg);
	assert_int_equal(call(e, &e->facil, "GET", path_of(e,
			      "/c/%lld/dashboard", e->cohort, 0), NULL), 200);
	risk = strstr(body(e), "<section id=\"at-risk\"");
	assert_non_null(strstr(risk, "<td>2027-03-16 00:00 UTC by Fay "
			       "Facilitator</td><td>Nudged today"));

	/* One a day, whoever sends it. */
	store_set_clock(e->st, T0 + 15 * DAY + 3600);
	nudge = path_of(e, "/c/%lld/nudge/%lld", e->cohort, e->owner.id);
	assert_int_equal(post(e, &e->facil, nudge, ""), 429);
	assert_non_null(strstr(body(e), "at most one nudge a day"));
	memset(&m, 0, sizeof(m));
	assert_int_equal(store_mail_list(e->st, 0, 100, on_mail, &m), STORE_OK);
	assert_int_equal(m.n, 1);
	store_set_clock(e->st, T0 + 16 * DAY + 1);
	nudge = path_of(e, "/c/%lld/nudge/%lld", e->cohort, e->owner.id);
	assert_int_equal(post(e, &e->facil, nudge, ""), 303);
	/* Without the CSRF token: refused. */
	response_release(&e->rs);
	app_call(e->st, &e->facil, "POST", nudge, "", 0, 0, &e->rs);
	assert_int_equal(e->rs.status, 403);
}

/* ---- the calendar feed ---- */

static void feed_of(struct env *e, struct who *w, char *out, size_t size)
{
	const char *p, *q;

	assert_int_equal(post(e, w, "/account/calendar", "action=new"), 303);
	assert_int_equal(call(e, w, "GET", "/account", NULL), 200);
	p = strstr(body(e), "value=\"/feed/");
	assert_non_null(p);
	p += strlen("value=\"");
	q = strchr(p, '"');
	snprintf(out, size, "%.*s", (int)(q - p), p);
}

/* The UID of the event whose SUMMARY starts so. */
static void uid_of(const char *ics, const char *summary, char uid[80])
{
	const char *ev = strstr(ics, summary), *u;

	assert_non_null(ev);
	while (ev > ics && strncmp(ev, "BEGIN:VEVENT", 12))
		ev--;
	u = strstr(ev, "UID:");
	assert_non_null(u);
	snprintf(uid, 80, "%.*s", (int)strcspn(u, "\r"), u);
}

static void test_feed_dates(void **state)
{
	struct env *e = *state;
	char owner_feed[200], peer_feed[200], other_feed[200];
	char u1[80], u2[80], u3[80];

	assert_int_equal(store_tz_put(e->st, e->facil.id, "America/New_York"),
			 STORE_OK);
	assert_int_equal(store_tz_put(e->st, e->owner.id, "Europe/Berlin"),
			 STORE_OK);
	/* 18:00 in New York after its change to summer time (14 March) is
	 * 22:00 UTC, 23:00 in Berlin before its own (28 March). */
	assert_int_equal(post(e, &e->facil, path_of(e, "/c/%lld/dates",
			      e->cohort, 0), "action=add&kind=session&"
			      "day=2027-03-20&time=18:00&minutes=60&title=Week+3"),
			 303);
	assert_int_equal(post(e, &e->facil, path_of(e, "/c/%lld/dates",
			      e->cohort, 0), "action=add&kind=checkin&"
			      "day=2027-03-30&time=09:00&minutes=30"), 303);
	feed_of(e, &e->owner, owner_feed, sizeof(owner_feed));
	feed_of(e, &e->peer, peer_feed, sizeof(peer_feed));
	feed_of(e, &e->other, other_feed, sizeof(other_feed));

	assert_int_equal(call(e, NULL, "GET", owner_feed, NULL), 200);
	assert_non_null(strstr(body(e), "DTSTART;TZID=Europe/Berlin:"
			       "20270320T230000\r\nDURATION:PT60M\r\n"
			       "SUMMARY:Session: Week 3\r\n"
			       "DESCRIPTION:Cohort: Spring\r\n"));
	/* 09:00 EDT is 13:00 UTC, 15:00 CEST after the 28th. */
	assert_non_null(strstr(body(e), "DTSTART;TZID=Europe/Berlin:"
			       "20270330T150000\r\nDURATION:PT30M\r\n"
			       "SUMMARY:Check-in due\r\n"));
	uid_of(body(e), "SUMMARY:Session: Week 3", u1);
	assert_int_equal(call(e, NULL, "GET", owner_feed, NULL), 200);
	uid_of(body(e), "SUMMARY:Session: Week 3", u2);
	assert_string_equal(u1, u2);
	/* The peer's feed: the same date in UTC, with a UID of its own. */
	assert_int_equal(call(e, NULL, "GET", peer_feed, NULL), 200);
	assert_non_null(strstr(body(e), "DTSTART;TZID=UTC:20270320T220000"));
	uid_of(body(e), "SUMMARY:Session: Week 3", u3);
	assert_string_not_equal(u1, u3);
	assert_int_equal(call(e, NULL, "GET", other_feed, NULL), 200);
	assert_null(strstr(body(e), "Week 3"));
}

/* ---- invites by mail ---- */

static void test_invite_mail(void **state)
{
	struct env *e = *state;
	struct notices_seen seen = { 0 };
	struct mails m = { 0 };
	const char *inv = path_of(e, "/c/%lld/invites", e->cohort, 0);

	assert_int_equal(post(e, &e->facil, inv, "role=participant&email="
			      "other%40example.org"), 201);
	assert_non_null(strstr(body(e), "It was sent by mail to "
			       "other@example.org, who has an account"));
	assert_int_equal(store_notice_list(e->st, e->other.id, 50, on_notice,
					   &seen), STORE_OK);
	assert_int_equal(seen.n, 1);
	assert_non_null(strstr(seen.text, "Fay Facilitator invites you to join "
			       "the cohort Spring"));
	inv = path_of(e, "/c/%lld/invites", e->cohort, 0);
	assert_int_equal(post(e, &e->facil, inv, "role=participant&email="
			      "new%40example.org"), 201);
	assert_non_null(strstr(body(e), "It was sent by mail to "
			       "new@example.org.</p>"));
	assert_int_equal(store_mail_list(e->st, 0, 100, on_mail, &m), STORE_OK);
	assert_int_equal(m.n, 2);
	assert_non_null(strstr(m.subjects, "Fay Facilitator invites you to "
			       "Spring"));
	/* Three invites by mail to one address a day, no more. */
	for (int i = 0; i < 2; i++) {
		inv = path_of(e, "/c/%lld/invites", e->cohort, 0);
		assert_int_equal(post(e, &e->facil, inv, "role=participant&"
				      "email=new%40example.org"), 201);
	}
	inv = path_of(e, "/c/%lld/invites", e->cohort, 0);
	assert_int_equal(post(e, &e->facil, inv, "role=participant&email="
			      "NEW%40example.org"), 201);   /* another case */
	assert_int_equal(post(e, &e->facil, inv, "role=participant&email="
			      "new%40example.org"), 429);
	assert_non_null(strstr(body(e), "the most it may: no invite was made"));
	store_set_clock(e->st, T0 + DAY + 1);
	assert_int_equal(post(e, &e->facil, inv, "role=participant&email="
			      "new%40example.org"), 201);
	memset(&m, 0, sizeof(m));
	assert_int_equal(store_mail_list(e->st, 0, 100, on_mail, &m), STORE_OK);
	assert_int_equal(m.n, 6);
	/* A bad address makes no invite; a participant may not invite. */
	inv = path_of(e, "/c/%lld/invites", e->cohort, 0);
	assert_int_equal(post(e, &e->facil, inv, "role=participant&email="
			      "not+an+address"), 422);
	assert_non_null(strstr(body(e), "No invite was made"));
	assert_int_equal(post(e, &e->owner, inv, "role=participant&email="
			      "x%40example.org"), 403);
	memset(&m, 0, sizeof(m));
	assert_int_equal(store_mail_list(e->st, 0, 100, on_mail, &m), STORE_OK);
	assert_int_equal(m.n, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dates_page, remind_setup,
						peer_teardown),
		cmocka_unit_test_setup_teardown(test_remind_pass, remind_setup,
						peer_teardown),
		cmocka_unit_test_setup_teardown(test_notice_once, remind_setup,
						peer_teardown),
		cmocka_unit_test_setup_teardown(test_at_risk, remind_setup,
						peer_teardown),
		cmocka_unit_test_setup_teardown(test_feed_dates, remind_setup,
						peer_teardown),
		cmocka_unit_test_setup_teardown(test_invite_mail, remind_setup,
						peer_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	/* The clock moves weeks ahead of the logins' last use. */
	page_set_idle_timeout(0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
