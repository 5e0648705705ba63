/*
 * The authorisation matrix: every route of the app, run through
 * app_handle() as each kind of person, against a table of who is
 * expected to get past authorisation.  Any allow the table does not
 * expect fails the test, and so does any refusal it does not expect.
 *
 * "Allowed" means the request got past authorisation: anything but 403,
 * 404, 410 or a redirect to /login.  A page may still say 422 about a
 * form, which is fine here.  Every route of src/router.c must have a row
 * (test_every_route_is_in_the_table checks that the counts agree).
 */
#include "peer-env.h"

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
	int64_t cohort, cohort2, cohort3, comment;
	char link[AUTH_TOKEN_HEX + 1], invite[AUTH_TOKEN_HEX + 1];
	char reading[64], deliverable[64];
};

/* One row: method, path (with %c for the cohort, %o the owner, %m the
 * comment, %l the link, %i the invite, %r the reading, %d the
 * deliverable's prompt id), a form body, and who is expected through:
 * one character per person, in the order of who_name, 'y' or '.'. */
struct row {
	const char *method, *path, *body, *expect;
};

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
	{ "GET",  "/s/4/plan",                "",              ".yyyyyy" },
	{ "GET",  "/s/4/export.md",           "",              ".yyyyyy" },
	{ "GET",  "/s/4/e/" EX,               "",              ".yyyyyy" },
	{ "POST", "/s/4/e/" EX,               "p=%d&a.%d=mine", ".yyyyyy" },
	{ "GET",  "/s/4/e/" EX "/history",    "",              ".yyyyyy" },
	{ "POST", "/s/4/e/" EX "/share",      "mode=cohort",   ".yyyyyy" },
	{ "GET",  "/s/4/checkins",            "",              ".yyyyyy" },
	{ "POST", "/s/4/checkins",            "",              ".yyyyyy" },
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
	/* Partners are members; an admin who is not one cannot be. */
	{ "POST", "/c/%c/partner/%o",         "",              "..y.y.." },
	/* The owner's plan: shared with the cohort, with a link. */
	{ "GET",  "/p/%o/4/" EX,              "",              ".yy.y.y" },
	{ "POST", "/p/%o/4/" EX "/comments",  "prompt=%d&body=hi", ".yy.y.y" },
	{ "GET",  "/p/%o/4/checkins",         "",              ".yy.y.y" },
	{ "POST", "/comments/%m",             "action=edit&body=again", "..y...." },
	{ "GET",  "/l/%l",                    "",              "yyyyyyy" },
	/* An invite to a third cohort: anyone may read it (the page asks a
	 * visitor to log in first); joining needs a login. */
	{ "GET",  "/join/%i",                 "",              "yyyyyyy" },
	{ "POST", "/join/%i",                 "",              ".yyyyyy" },
	/* Last: logging out ends the login the rows above use (and goes
	 * to /login, which here is the page working). */
	{ "POST", "/logout",                  "",              "yyyyyyy" },
};

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
		case 'm':
			buf_addf(out, "%lld", (long long)W->comment);
			break;
		case 'l':
			buf_adds(out, W->link);
			break;
		case 'i':
			buf_adds(out, W->invite);
			break;
		case 'r':
			buf_adds(out, W->reading);
			break;
		case 'd':
			buf_adds(out, W->deliverable);
			break;
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
	if (!strcmp(r->path, "/logout"))
		return rs->status == 303;
	/* Sent to log in (and back afterwards): not through. */
	return !(rs->status == 303 && loc && !strncmp(loc, "/login", 6) &&
		 (!loc[6] || !strncmp(loc + 6, "?next=/", 7)));
}

static struct world *world_new(void)
{
	struct world *W = calloc(1, sizeof(*W));
	struct env *e = &W->e;
	const char *const md[] = { session_md, NULL };
	struct share sh = { .number = 4, .mode = SHARE_COHORT };
	struct partner pa = { 0 };
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
	/* The peer backs the owner, and has commented. */
	pa.cohort_id = W->cohort;
	pa.supporter = W->w[PEER].id;
	pa.supported = W->w[OWNER].id;
	assert_int_equal(store_partner_add(e->st, &pa), STORE_OK);
	c.owner = W->w[OWNER].id;
	c.author = W->w[PEER].id;
	snprintf(c.exercise_id, sizeof(c.exercise_id), "%s", EX);
	snprintf(c.prompt_id, sizeof(c.prompt_id), "%s", W->deliverable);
	assert_int_equal(store_comment_add(e->st, &c, "Nice"), STORE_OK);
	W->comment = c.id;
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

/* The table has a row per route of router.c (same method and pattern
 * count); a new route without a row fails here. */
static void test_every_route_is_in_the_table(void **state)
{
	FILE *f = fopen("src/router.c", "r");
	char line[256];
	int routes = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "ACCESS_") && strstr(line, "{ \""))
			routes++;
	fclose(f);
	/* rows[] has one row per route */
	assert_int_equal(routes, (int)(sizeof(rows) / sizeof(*rows)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_every_route_is_in_the_table),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
