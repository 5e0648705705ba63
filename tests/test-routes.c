/*
 * The authorisation matrix: every route of the app, run through
 * app_handle() as each kind of person, against a table of who is
 * expected to get past authorisation.  Any allow the table does not
 * expect fails the test, and so does any refusal it does not expect.
 *
 * "Allowed" means the request got past authorisation: anything but 403,
 * 404, 410 or a redirect to /login.  A page may still say 422 about a
 * form, which is fine here.  Every route of src/router.c must have a row
 * (test_every_route_is_in_the_table checks that each is reached by one).
 */
#include "peer-env.h"
#include "auth/authz.h"
#include "mail/notify.h"

enum { ANON, OWNER, PEER, OTHER, FACIL, FACIL2, ADMIN, NR_WHO };
static const char *const who_name[NR_WHO] = {
	"anonymous", "owner", "same-cohort member", "other-cohort member",
	"facilitator of this cohort", "facilitator of another cohort",
	"admin",
};

static const char session_md[] =
	"# Test Course: Session 4 - Projects\n\n"
	"# Readings\n\n"
	"## [A reading](https://example.org/a) by Someone (2024)\n\n"
	"> What it says.\n\n"
	"# Exercises\n\n"
	"## Make your project awesome\n\n"
	"- What will you deliver? <!-- alignplan: text name=deliverable "
	"label=\"Deliverable\" -->\n"
	"- When does your sprint start? <!-- alignplan: sprint name=sprint "
	"label=\"Sprint\" -->\n"
	"- Milestones on the way? <!-- alignplan: table name=milestones "
	"budget=sprint label=\"Milestones\" cols=\"Milestone:text:required | "
	"By when:date:required | Hours:hours:required\" -->\n"
	"- How would you like your cohort to support you? <!-- alignplan: "
	"text name=support support label=\"Support\" -->\n\n"
	"# Thoughts\n\n"
	"Anything else?\n";

struct world {
	struct env e;               /* store, reply, url (peer-env.h) */
	struct who w[NR_WHO];
	int64_t cohort, cohort2, cohort3, comment, team, filter;
	char link[AUTH_TOKEN_HEX + 1], invite[AUTH_TOKEN_HEX + 1];
	char feed[AUTH_TOKEN_HEX + 1];
	char reading[64], deliverable[64];
};

/* One row: method, path (with %c for the cohort, %o the owner, %p the
 * peer, %f the facilitator, %m the comment, %l the link, %i the invite,
 * %e the owner's calendar feed, %r the reading, %d the deliverable's
 * prompt id, %u the owner's link to stop mail of comments, %n a mail of
 * the outbox, %t the owner's team, %x the other person (not opted in),
 * %v the owner's saved filter), a form body, and who
 * is expected through: one character per person, in the order of
 * who_name, 'y' or '.'.  Rows run in order, and may change what later
 * rows find. */
struct row {
	const char *method, *path, *body, *expect;
};

#define NR_ROUTES_MAX 128

#define FAKE_TOKEN \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct row rows[] = {
	/*                                                     AOPXFGa */
	{ "GET",  "/",                        "",              "yyyyyyy" },
	{ "GET",  "/signup",                  "",              "yyyyyyy" },
	{ "POST", "/signup",                  "name=N&email=n",  "yyyyyyy" },
	{ "GET",  "/login",                   "",              "yyyyyyy" },
	{ "POST", "/login",                   "email=n&password=p", "yyyyyyy" },
	{ "GET",  "/static/app.css",          "",              "yyyyyyy" },
	/* Each person's own workbook: everyone logged in, on their own. */
	{ "GET",  "/s/4",                     "",              ".yyyyyy" },
	{ "POST", "/s/4/r/%r",                "notes=mine",    ".yyyyyy" },
	{ "POST", "/s/4/thoughts",            "reflection=mine", ".yyyyyy" },
	{ "POST", "/s/4/notes",               "text=mine",     ".yyyyyy" },
	{ "POST", "/s/4/notes/confirm",       "notes=mine&digest=0", ".yyyyyy" },
	{ "GET",  "/s/4/plan",                "",              ".yyyyyy" },
	{ "GET",  "/s/4/export.md",           "",              ".yyyyyy" },
	{ "GET",  "/s/4/e/" EX,               "",              ".yyyyyy" },
	{ "POST", "/s/4/e/" EX,               "p=%d&a.%d=mine", ".yyyyyy" },
	{ "GET",  "/s/4/e/" EX "/history",    "",              ".yyyyyy" },
	{ "POST", "/s/4/e/" EX "/share",      "mode=cohort",   ".yyyyyy" },
	{ "GET",  "/s/4/checkins",            "",              ".yyyyyy" },
	{ "POST", "/s/4/checkins",            "",              ".yyyyyy" },
	/* Cheap tests: each person's own, which the path does not name. */
	{ "GET",  "/s/4/tests",               "",              ".yyyyyy" },
	{ "POST", "/s/4/tests",               "form=add&idea=Role&test=t&"
					      "status=planned&action=save",
					      ".yyyyyy" },
	/* Cohorts. */
	{ "GET",  "/cohorts",                 "",              ".yyyyyy" },
	{ "POST", "/cohorts",                 "name=New&session=4", "....yyy" },
	{ "GET",  "/c/%c",                    "",              ".yy.y.y" },
	{ "POST", "/c/%c/invites",            "role=participant", "....y.y" },
	{ "POST", "/c/%c/invites/revoke",     "invite=%h",     "....y.y" },
	{ "GET",  "/c/%c/dashboard",          "",              "....y.y" },
	{ "GET",  "/c/%c/answers.csv",        "",              "....y.y" },
	{ "GET",  "/c/%c/review",             "",              "....y.y" },
	{ "POST", "/c/%c/review",             "action=shuffle", "....y.y" },
	/* A cohort's dates, and nudging one of its participants from the
	 * at-risk list: its facilitators only (the admin's nudge after the
	 * facilitator's is 429, one a day, which is past authorisation). */
	{ "POST", "/c/%c/dates",              "action=add&kind=review&"
					      "day=2027-03-01&time=18:00&"
					      "minutes=90", "....y.y" },
	{ "POST", "/c/%c/nudge/%o",           "",              "....y.y" },
	/* Partners are members; an admin who is not one cannot be.  The
	 * peer backs the owner already, the facilitator has asked to: both
	 * are told so (409). */
	{ "POST", "/c/%c/partner/%o",         "",              "..y.y.." },
	/* The owner's plan: shared with the cohort, with a link. */
	{ "GET",  "/p/%o/4/" EX,              "",              ".yy.y.y" },
	{ "POST", "/p/%o/4/" EX "/comments",  "prompt=%d&body=hi", ".yy.y.y" },
	{ "GET",  "/p/%o/4/" EX "/people",    "",              ".yy.y.y" },
	{ "GET",  "/p/%o/4/checkins",         "",              ".yy.y.y" },
	{ "POST", "/comments/%m",             "action=edit&body=again", "..y...." },
	/* A thread: the plan's owner and the thread's author (the peer)
	 * resolve or reopen it; a facilitator who reads the plan may not. */
	{ "POST", "/threads/%m",              "action=resolve", ".yy...." },
	{ "POST", "/threads/%m",              "action=reopen", ".yy...." },
	{ "GET",  "/l/%l",                    "",              "yyyyyyy" },
	/* An invite to a third cohort: anyone may read it (the page asks a
	 * visitor to log in first); joining needs a login. */
	{ "GET",  "/join/%i",                 "",              "yyyyyyy" },
	{ "POST", "/join/%i",                 "",              ".yyyyyy" },
	/* Partners by consent.  The path names the other side; the visitor
	 * is always their own, so the owner's or peer's id lets nobody else
	 * accept, withdraw or end their partnerships.  The peer accepts
	 * the owner's request to back them. */
	{ "POST", "/c/%c/backer/%o",          "action=accept", "..y...." },
	/* The facilitator withdraws their request to back the peer. */
	{ "POST", "/c/%c/partner/%p",         "action=withdraw", "....y.." },
	/* The owner declines the facilitator's request. */
	{ "POST", "/c/%c/backer/%f",          "action=decline", ".y....." },
	/* The peer ends both partnerships with the owner. */
	{ "POST", "/c/%c/partner/%o",         "action=end",    "..y...." },
	{ "POST", "/c/%c/backer/%o",          "action=end",    "..y...." },
	/* The research-agenda catalog is public (issue 13). */
	{ "GET",  "/agendas",                 "",              "yyyyyyy" },
	/* The people directory: the owner and the peer opted in, nobody
	 * else.  /people and one's own profile are everyone's (the page
	 * says what opting in means); a profile, an intro and a team are
	 * only theirs.  Another's profile that is not opted in is no one's,
	 * not even an admin's; the owner's own intro to themselves is no
	 * intro (404). */
	{ "GET",  "/people",                  "",              ".yyyyyy" },
	{ "GET",  "/people/profile",          "",              ".yyyyyy" },
	{ "GET",  "/people/%o",               "",              ".yy...." },
	{ "GET",  "/people/%x",               "",              "......." },
	{ "POST", "/people/%o/intro",         "action=request", "..y...." },
	{ "POST", "/people/%x/intro",         "action=request", "......." },
	{ "GET",  "/teams",                   "",              ".yy...." },
	{ "POST", "/teams",                   "title=T&summary=S", ".yy...." },
	{ "GET",  "/teams/%t",                "",              ".yy...." },
	/* The owner is in already (409); the peer asks to join. */
	{ "POST", "/teams/%t",                "action=join",   ".yy...." },
	/* Only the owner shares a plan of theirs with the team (the peer
	 * has only asked to join: the plan stays theirs, and 404). */
	{ "POST", "/teams/%t",                "action=plan&plan=4/" EX, ".y....." },
	/* The board is everyone's who is logged in; a filter is its
	 * owner's only (%v: the owner's). */
	{ "GET",  "/opportunities",           "",              ".yyyyyy" },
	{ "POST", "/opportunities/filters",   "name=Mine&remote=1", ".yyyyyy" },
	{ "POST", "/opportunities/filters/%v", "",             ".y....." },
	/* The gallery and a published project are public; the owner's
	 * unpublished one (%p: the peer's) is no one else's; each publishes their own. */
	{ "GET",  "/gallery",                 "",              "yyyyyyy" },
	{ "GET",  "/gallery/%o/4/" EX,        "",              "yyyyyyy" },
	{ "GET",  "/gallery/%p/4/" EX,        "",              "..y...." },
	{ "GET",  "/s/4/e/" EX "/publish",    "",              ".yyyyyy" },
	{ "POST", "/s/4/e/" EX "/publish",    "title=T&publish=1", ".yyyyyy" },
	/* Last of these: each saves a profile without opting in. */
	{ "POST", "/people/profile",          "tz=0&capacity=0", ".yyyyyy" },
	/* The owner's calendar feed: its token is the key, for anyone who
	 * has it, logged in or not; a made-up one for no one. */
	{ "GET",  "/feed/%e/alignplan.ics",   "",              "yyyyyyy" },
	{ "GET",  "/feed/" FAKE_TOKEN "/alignplan.ics", "",    "......." },
	/* Notifications: one's own; an unsubscribe link works for whoever
	 * holds it, logged in or not (its signed token is the authority);
	 * the outbox is the admins'. */
	{ "GET",  "/notifications",           "",              ".yyyyyy" },
	{ "POST", "/notifications/read",      "",              ".yyyyyy" },
	{ "POST", "/notifications/prefs",     "kind-reply=digest", ".yyyyyy" },
	{ "GET",  "/unsubscribe/%u",          "",              "yyyyyyy" },
	{ "POST", "/unsubscribe/%u",          "List-Unsubscribe=One-Click",
							       "yyyyyyy" },
	{ "GET",  "/admin/mail",              "",              "......y" },
	{ "GET",  "/admin/mail/%n",           "",              "......y" },
	/* One's own account: a wrong current password is refused (422),
	 * which is the page working. */
	{ "GET",  "/account",                 "",              ".yyyyyy" },
	{ "POST", "/account/timezone",        "tz=UTC",        ".yyyyyy" },
	{ "POST", "/account/calendar",        "action=new",    ".yyyyyy" },
	{ "POST", "/account/password",        "current=x&password=new+enough&"
					      "again=new+enough", ".yyyyyy" },
	/* Last: logging out ends the login the rows above use (and goes
	 * to /login, which here is the page working). */
	{ "POST", "/account/logout-all",      "",              ".yyyyyy" },
	{ "POST", "/logout",                  "",              "yyyyyyy" },
};

static int newest_mail(void *ctx, const struct mail_row *m, const char *text)
{
	(void)text;
	*(int64_t *)ctx = m->id;
	return 1;
}

/* Fill in a row's %-placeholders. */
static void expand(struct world *W, const char *fmt, struct buf *out)
{
	char hash[65];

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			buf_addc(out, *fmt);
			continue;
		}
		switch (*++fmt) {
		case 'c':
			buf_addf(out, "%lld", (long long)W->cohort);
			break;
		case 'o':
			buf_addf(out, "%lld", (long long)W->w[OWNER].id);
			break;
		case 'p':
			buf_addf(out, "%lld", (long long)W->w[PEER].id);
			break;
		case 'f':
			buf_addf(out, "%lld", (long long)W->w[FACIL].id);
			break;
		case 'm':
			buf_addf(out, "%lld", (long long)W->comment);
			break;
		case 'l':
			buf_adds(out, W->link);
			break;
		case 'i':
			buf_adds(out, W->invite);
			break;
		case 'e':
			buf_adds(out, W->feed);
			break;
		case 'r':
			buf_adds(out, W->reading);
			break;
		case 'd':
			buf_adds(out, W->deliverable);
			break;
		case 't':
			buf_addf(out, "%lld", (long long)W->team);
			break;
		case 'x':
			buf_addf(out, "%lld", (long long)W->w[OTHER].id);
			break;
		case 'v':
			buf_addf(out, "%lld", (long long)W->filter);
			break;
		case 'u': {
			char token[NOTIFY_TOKEN_MAX];

			assert_int_equal(notify_token(W->e.st, W->w[OWNER].id,
						      NOTICE_COMMENT, token),
					 STORE_OK);
			buf_adds(out, token);
			break;
		}
		case 'n': {
			/* a mail queued here, to read */
			struct mail_new m = { "a@example.org", "b@example.org",
					      "<1@example.org>", "Hi", "Hi",
					      "Subject: Hi\r\n\r\nHi\r\n",
					      19 };
			int64_t id = 0;

			assert_int_equal(store_mail_queue(W->e.st, 0, 0, &m),
					 STORE_OK);
			assert_int_equal(store_mail_list(W->e.st, 0, 1,
							 newest_mail, &id),
					 STORE_OK);
			buf_addf(out, "%lld", (long long)id);
			break;
		}
		case 'h': {
			/* a fresh invite of the cohort, to revoke */
			struct invite in = { .cohort_id = W->cohort,
					     .role = ROLE_PARTICIPANT,
					     .created_by = W->w[FACIL].id };
			char token[AUTH_TOKEN_HEX + 1];

			auth_random_hex(token, AUTH_TOKEN_HEX);
			auth_token_hash(token, hash);
			memcpy(in.token_hash, hash, sizeof(in.token_hash));
			assert_int_equal(store_invite_add(W->e.st, &in),
					 STORE_OK);
			buf_adds(out, hash);
			break;
		}
		default:
			fail_msg("bad placeholder %%%c", *fmt);
		}
	}
}

static bool got_through(const struct row *r, struct response *rs)
{
	const char *loc = header_of(rs, "Location");

	if (rs->status == 403 || rs->status == 404 || rs->status == 410)
		return false;
	if (!strcmp(r->path, "/logout") ||
	    !strcmp(r->path, "/account/logout-all"))
		return rs->status == 303;
	/* Sent to log in (and back afterwards): not through. */
	return !(rs->status == 303 && loc && !strncmp(loc, "/login", 6) &&
		 (!loc[6] || !strncmp(loc + 6, "?next=/", 7)));
}

/* One step of a partnership (supporter backs supported): asked by the
 * supporter, answered by the one supported. */
static void partner(struct store *st, int64_t cohort, struct who *supporter,
		    struct who *supported, enum partner_action a)
{
	int64_t by = a == PARTNER_REQUEST ? supporter->id : supported->id;

	assert_int_equal(store_partner_act(st, cohort, supporter->id,
					   supported->id, by, a, NULL),
			 STORE_OK);
}

static struct world *world_new(void)
{
	struct world *W = calloc(1, sizeof(*W));
	struct env *e = &W->e;
	const char *const md[] = { session_md, NULL };
	struct share sh = { .number = 4, .mode = SHARE_COHORT };
	struct comment c = { .number = 4 };
	struct invite in = { .role = ROLE_PARTICIPANT };
	char hash[65];
	const struct session *loaded;

	assert_non_null(W);
	app_db_open(e->path, &e->st, "routes");
	app_db_load(e->st, md);
	response_init(&e->rs);
	loaded = course_get(4);
	snprintf(W->reading, sizeof(W->reading), "%s", loaded->readings[0].id);
	snprintf(W->deliverable, sizeof(W->deliverable), "%s",
		 session_named_prompt(loaded, "deliverable")->id);

	/* The visitor has the pre-login CSRF cookie a first GET gives. */
	auth_random_hex(W->w[ANON].csrf, AUTH_CSRF_HEX);
	snprintf(W->w[ANON].cookie, sizeof(W->w[ANON].cookie), "%s=%s",
		 AUTH_PRE_COOKIE, W->w[ANON].csrf);
	person_as(e->st, &W->w[OWNER], "Olive", "o@example.org", 0);
	person_as(e->st, &W->w[PEER], "Pat", "p@example.org", 0);
	person_as(e->st, &W->w[OTHER], "Oscar", "x@example.org", 0);
	person_as(e->st, &W->w[FACIL], "Fay", "f@example.org", 0);
	person_as(e->st, &W->w[FACIL2], "Gus", "g@example.org", 0);
	person_as(e->st, &W->w[ADMIN], "Ada", "a@example.org", 1);
	e->cohort = W->cohort = cohort_new(e, "Spring", W->w[FACIL].id);
	W->cohort2 = cohort_new(e, "Autumn", W->w[FACIL2].id);
	W->cohort3 = cohort_new(e, "Winter", W->w[ADMIN].id);
	assert_int_equal(store_member_put(e->st, W->cohort, W->w[OWNER].id,
					  ROLE_PARTICIPANT), STORE_OK);
	assert_int_equal(store_member_put(e->st, W->cohort, W->w[PEER].id,
					  ROLE_PARTICIPANT), STORE_OK);
	assert_int_equal(store_member_put(e->st, W->cohort2, W->w[OTHER].id,
					  ROLE_PARTICIPANT), STORE_OK);

	/* The owner's plan, shared with the cohort and by a link. */
	assert_int_equal(store_answer_put(e->st, W->w[OWNER].id, 4,
					  W->deliverable, "A probe", 7),
			 STORE_OK);
	auth_random_hex(W->link, AUTH_TOKEN_HEX);
	auth_token_hash(W->link, hash);
	sh.user = W->w[OWNER].id;
	snprintf(sh.exercise_id, sizeof(sh.exercise_id), "%s", EX);
	memcpy(sh.link_hash, hash, sizeof(sh.link_hash));
	assert_int_equal(store_share_put(e->st, &sh), STORE_OK);
	/* The peer backs the owner (asked and accepted), and has commented.
	 * The owner has asked to back the peer, the facilitator to back
	 * either: three requests waiting. */
	partner(e->st, W->cohort, &W->w[PEER], &W->w[OWNER], PARTNER_REQUEST);
	partner(e->st, W->cohort, &W->w[PEER], &W->w[OWNER], PARTNER_ACCEPT);
	partner(e->st, W->cohort, &W->w[OWNER], &W->w[PEER], PARTNER_REQUEST);
	partner(e->st, W->cohort, &W->w[FACIL], &W->w[OWNER], PARTNER_REQUEST);
	partner(e->st, W->cohort, &W->w[FACIL], &W->w[PEER], PARTNER_REQUEST);
	c.owner = W->w[OWNER].id;
	c.author = W->w[PEER].id;
	snprintf(c.exercise_id, sizeof(c.exercise_id), "%s", EX);
	snprintf(c.prompt_id, sizeof(c.prompt_id), "%s", W->deliverable);
	assert_int_equal(store_comment_add(e->st, &c, "Nice"), STORE_OK);
	W->comment = c.id;
	/* The owner and the peer opted in to the directory; the owner
	 * proposed a team. */
	for (int k = OWNER; k <= PEER; k++) {
		struct profile pr = { .user = W->w[k].id, .opted_in = 1,
				      .shown = SHOW_ALL };

		snprintf(pr.agendas, sizeof(pr.agendas), "interpretability");
		assert_int_equal(store_profile_put(e->st, &pr), STORE_OK);
	}
	{
		struct team t = { .owner = W->w[OWNER].id };

		snprintf(t.title, sizeof(t.title), "Probes");
		assert_int_equal(store_team_add(e->st, &t), STORE_OK);
		W->team = t.id;
	}
	/* The owner saved a filter and published the plan's project; the
	 * peer keeps theirs unpublished. */
	assert_int_equal(store_filter_add(e->st, W->w[OWNER].id, "Remote",
					  "remote=1", &W->filter), STORE_OK);
	for (int k = OWNER; k <= PEER; k++) {
		struct project pj = { .user = W->w[k].id, .number = 4,
				      .published = k == OWNER };

		snprintf(pj.exercise_id, sizeof(pj.exercise_id), "%s", EX);
		snprintf(pj.title, sizeof(pj.title), "Probe");
		assert_int_equal(store_project_put(e->st, &pj), STORE_OK);
	}
	/* The owner's calendar feed. */
	auth_random_hex(W->feed, AUTH_TOKEN_HEX);
	auth_token_hash(W->feed, hash);
	assert_int_equal(store_feed_make(e->st, W->w[OWNER].id, hash, W->feed),
			 STORE_OK);
	/* An invite to the third cohort. */
	auth_random_hex(W->invite, AUTH_TOKEN_HEX);
	auth_token_hash(W->invite, hash);
	memcpy(in.token_hash, hash, sizeof(in.token_hash));
	in.cohort_id = W->cohort3;
	in.created_by = W->w[ADMIN].id;
	assert_int_equal(store_invite_add(e->st, &in), STORE_OK);
	return W;
}

static void world_free(struct world *W)
{
	void *e = &W->e;  /* the first member: peer_teardown frees W */

	peer_teardown(&e);
}

static void test_matrix(void **state)
{
	struct world *W = world_new();
	struct buf path = BUF_INIT, form = BUF_INIT, body = BUF_INIT;
	int wrong = 0;

	(void)state;
	for (size_t r = 0; r < sizeof(rows) / sizeof(*rows); r++) {
		for (int k = 0; k < NR_WHO; k++) {
			struct who *w = &W->w[k];
			bool want = rows[r].expect[k] == 'y', got;

			buf_reset(&path);
			buf_reset(&form);
			buf_reset(&body);
			expand(W, rows[r].path, &path);
			expand(W, rows[r].body, &form);
			if (!strcmp(rows[r].method, "POST")) {
				buf_addf(&body, "csrf=%s%s%s", w->csrf,
					 form.len ? "&" : "", form.data);
				call(&W->e, w, "POST", path.data, body.data);
			} else {
				call(&W->e, w, "GET", path.data, NULL);
			}
			got = got_through(&rows[r], &W->e.rs);
			if (got != want) {
				print_error("%s %s as %s: %s (status %d)\n",
					    rows[r].method, path.data,
					    who_name[k], got ?
					    "UNEXPECTED ALLOW" :
					    "unexpected refusal",
					    W->e.rs.status);
				wrong++;
			}
		}
	}
	buf_release(&path);
	buf_release(&form);
	buf_release(&body);
	world_free(W);
	assert_int_equal(wrong, 0);
}

/*
 * The route table's declaration is the only login check: the pages of
 * routes that need one do not look again (page.h).  So each row whose
 * route declares a login (all but ACCESS_ANYONE, ACCESS_LINK,
 * ACCESS_INVITE and ACCESS_FEED, whose pages say themselves why they
 * stop), sent by a
 * visitor with no login, must get the router's own refusal and nothing
 * of the page: a GET goes to /login?next=PATH with an empty body, a POST
 * gets 403 "Your login has expired", and nothing is stored.
 */
static void test_logged_out_stopped_by_router(void **state)
{
	struct world *W = world_new();
	struct who *anon = &W->w[ANON];
	struct buf path = BUF_INIT, form = BUF_INIT, want = BUF_INIT;
	int wrong = 0, tried = 0;

	(void)state;
	for (size_t r = 0; r < sizeof(rows) / sizeof(*rows); r++) {
		bool post = !strcmp(rows[r].method, "POST");
		uint64_t gen;
		int need;

		buf_reset(&path);
		buf_reset(&form);
		expand(W, rows[r].path, &path);
		need = app_route_access(rows[r].method, path.data);
		assert_true(need >= 0);
		if (need == ACCESS_ANYONE || need == ACCESS_LINK ||
		    need == ACCESS_INVITE || need == ACCESS_FEED)
			continue;
		tried++;
		if (post) {
			buf_addf(&form, "csrf=%s&", anon->csrf);
			expand(W, rows[r].body, &form);
		}
		gen = store_generation(W->e.st);  /* after expand()'s own */
		if (post) {
			call(&W->e, anon, "POST", path.data, form.data);
		} else {
			call(&W->e, anon, "GET", path.data, NULL);
		}
		buf_reset(&want);
		buf_addf(&want, "/login?next=%s", path.data);
		if (store_generation(W->e.st) == gen &&
		    (post ? W->e.rs.status == 403 &&
			    strstr(body(&W->e), "Your login has expired") :
			    W->e.rs.status == 303 && !W->e.rs.body.len &&
			    !strcmp(header_of(&W->e.rs, "Location"),
				    want.data)))
			continue;
		print_error("%s %s (%s) without a login: status %d, %zu bytes"
			    "%s\n", rows[r].method, path.data,
			    authz_access_name(need), W->e.rs.status,
			    W->e.rs.body.len, store_generation(W->e.st) == gen ?
			    "" : ", and something was stored");
		wrong++;
	}
	buf_release(&path);
	buf_release(&form);
	buf_release(&want);
	world_free(W);
	assert_int_equal(wrong, 0);
	assert_true(tried >= 30);
}

/* A copy of form `f` (fields joined by '&') with field j's value (or,
 * when in_key, its name) given a byte that is not UTF-8. */
static void spoil(const char *f, size_t j, bool in_key, struct buf *out)
{
	size_t i = 0;

	buf_reset(out);
	for (const char *p = f; *p; i++) {
		size_t n = strcspn(p, "&"), k = strcspn(p, "=");

		if (i)
			buf_addc(out, '&');
		if (i != j) {
			buf_addf(out, "%.*s", (int)n, p);
		} else if (in_key) {
			k = k < n ? k : n;
			buf_addf(out, "%.*s%%FF%.*s", (int)k, p, (int)(n - k),
				 p + k);
		} else {
			buf_addf(out, "%.*s%s%%FF", (int)n, p,
				 k < n ? "" : "=");
		}
		p += n + (p[n] == '&');
	}
}

/*
 * Nothing that is not UTF-8 gets in, through any route: each field of
 * each POST row above (its form token and one field no page reads too)
 * gets a byte that is not UTF-8, in its value and then in its name, and
 * each page's query one, sent by someone the route lets through.  Each
 * is refused with 400 before any page runs, and nothing is stored (the
 * store's generation stays).  A new route or field is covered by being
 * in the table, which test_every_route_is_in_the_table insists on.
 */
static void test_invalid_utf8_everywhere(void **state)
{
	struct world *W = world_new();
	struct buf path = BUF_INIT, form = BUF_INIT, body = BUF_INIT;
	int wrong = 0, tried = 0;

	(void)state;
	for (size_t r = 0; r < sizeof(rows) / sizeof(*rows); r++) {
		const char *y = strchr(rows[r].expect, 'y');
		struct who *w = &W->w[y ? y - rows[r].expect : 0];
		bool post = !strcmp(rows[r].method, "POST");
		size_t nf, j, v;

		if (!y)
			continue;       /* nobody gets through to its page */

		buf_reset(&path);
		buf_reset(&form);
		expand(W, rows[r].path, &path);
		if (!strncmp(path.data, "/static/", 8))
			continue;       /* files: no fields, no query read */
		buf_addf(&form, "csrf=%s&", w->csrf);
		expand(W, rows[r].body, &form);
		buf_adds(&form, *rows[r].body ? "&unread=1" : "unread=1");
		nf = post ? count(form.data, "&") + 1 : 1;
		for (j = 0; j < nf; j++)
			for (v = 0; v < 2; v++) {
				uint64_t gen = store_generation(W->e.st);

				if (post) {
					spoil(form.data, j, v, &body);
					call(&W->e, w, "POST", path.data,
					     body.data);
				} else {
					buf_reset(&body);
					buf_addf(&body, "%s?%snext=/%%FF",
						 path.data, v ? "a=1&" : "");
					call(&W->e, w, "GET", body.data, NULL);
				}
				tried++;
				if (W->e.rs.status == 400 &&
				    strstr(W->e.rs.body.data, "UTF-8") &&
				    store_generation(W->e.st) == gen)
					continue;
				print_error("%s %s as %s with %s: status %d%s\n",
					    rows[r].method, path.data,
					    who_name[w - W->w], body.data,
					    W->e.rs.status,
					    store_generation(W->e.st) == gen ?
					    "" : ", and something was stored");
				wrong++;
			}
	}
	buf_release(&path);
	buf_release(&form);
	buf_release(&body);
	world_free(W);
	assert_int_equal(wrong, 0);
	assert_true(tried > 100);
}

/* The table has a row per route of router.c (same method and pattern
 * count); a new route without a row fails here. */
/* Does path match a route pattern ('*': one non-empty path segment, or
 * the rest of one), as router.c matches them? */
static bool pattern_match(const char *p, const char *s)
{
	while (*p && *s) {
		if (*p == '*') {
			size_t n = strcspn(s, "/");

			if (!n)
				return false;
			s += n;
			p++;
		} else if (*p++ != *s++)
			return false;
	}
	return !*p && !*s;
}

/* Every route of router.c is reached by at least one row: each row's
 * path, placeholders filled, goes to the first route that matches it,
 * as in the router.  A new route without a row fails here. */
static void test_every_route_is_in_the_table(void **state)
{
	FILE *f = fopen("src/web/router.c", "r");
	char line[256], method[NR_ROUTES_MAX][8], pattern[NR_ROUTES_MAX][64];
	int hits[NR_ROUTES_MAX] = { 0 }, routes = 0, missing = 0, k;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "ACCESS_") || !strstr(line, "{ \""))
			continue;
		assert_true(routes < NR_ROUTES_MAX);
		assert_int_equal(sscanf(line, " { \"%7[A-Z]\", \"%63[^\"]\"",
					method[routes], pattern[routes]), 2);
		routes++;
	}
	fclose(f);
	assert_true(routes > 30);
	for (size_t r = 0; r < sizeof(rows) / sizeof(*rows); r++) {
		char path[256];
		size_t n = 0;

		/* Placeholders become one segment; the query goes. */
		for (const char *c = rows[r].path; *c && *c != '?' &&
		     n + 2 < sizeof(path); c++) {
			if (*c == '%' && c[1]) {
				path[n++] = '1';
				c++;
			} else
				path[n++] = *c;
		}
		path[n] = '\0';
		for (k = 0; k < routes; k++)
			if (!strcmp(method[k], rows[r].method) &&
			    pattern_match(pattern[k], path)) {
				hits[k]++;
				break;
			}
		if (k == routes)
			fail_msg("row %s %s matches no route", rows[r].method,
				 rows[r].path);
	}
	for (k = 0; k < routes; k++)
		if (!hits[k]) {
			print_error("no row for %s %s\n", method[k],
				    pattern[k]);
			missing++;
		}
	assert_int_equal(missing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_every_route_is_in_the_table),
		cmocka_unit_test(test_invalid_utf8_everywhere),
		cmocka_unit_test(test_logged_out_stopped_by_router),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
