/*
 * The facilitator's side of cohorts, driven through app_handle() without
 * a socket: making a cohort, invite links (and revoking one), joining,
 * the dashboard, the CSV of answers, the final review, every facilitator
 * route refused to a participant and to the facilitator of another
 * cohort, and the caps on cohorts, invites and members.
 */
#include "auth/auth.h"
#include "app-env.h"

static const char session_md[] =
	"# Test Course: Session 4 - Practice\n\n"
	"> Testing cohorts\n\n"
	"# Resources\n\n"
	"## [**First reading**](https://example.org/a) by A. Author (2024)\n\n"
	"> About the first.\n\n"
	"## [**Second reading**](https://example.org/b) by B. Author (2024)\n\n"
	"> About the second.\n\n"
	"# Exercises\n\n"
	"## Plan something\n\n"
	"Do the thing.\n\n"
	"- What is your plan? <!-- alignplan: text name=plan label=\"Plan\" -->\n"
	"- When does your sprint start? <!-- alignplan: sprint name=sprint "
	"label=\"Sprint\" -->\n"
	"- How would you like your cohort to support you? <!-- alignplan: "
	"text name=support support label=\"Support\" -->\n\n"
	"## Reflect\n\n"
	"- What did you learn?\n";

#define DAY 86400
#define NOW ((int64_t)20600 * DAY + 12 * 3600)   /* 2026-05-27 12:00 */

struct env {
	char path[APP_DB_PATH];
	struct store *st;
	struct who fac, ann, bob, other;   /* other: facilitates cohort 2 */
	int64_t cohort, cohort2;
	struct response rs;
};

/* The reply stays in e->rs until the next request. */
static void call(struct env *e, struct who *w, const char *method,
		 const char *path, const char *body)
{
	response_release(&e->rs);
	app_call(e->st, w, method, path, body, 0, 0, &e->rs);
}

/* With ALIGNPLAN_DUMP=DIR, save the page for the HTML checker. */
static void dump(struct env *e, const char *name)
{
	const char *dir = getenv("ALIGNPLAN_DUMP");
	char path[300];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fwrite(e->rs.body.data, 1, e->rs.body.len, f);
	fclose(f);
}

static void sign_up(struct env *e, struct who *w, const char *name,
		    const char *email)
{
	app_sign_up(e->st, w, name, email, "/cohorts", 0);
}

static void post(struct env *e, struct who *w, const char *path,
		 const char *fields)
{
	response_release(&e->rs);
	app_post(e->st, w, path, fields, &e->rs);
}

static int64_t id_after(const char *location, const char *prefix)
{
	assert_non_null(location);
	assert_memory_equal(location, prefix, strlen(prefix));
	return strtoll(location + strlen(prefix), NULL, 10);
}

/* Make an invite as w for cohort id; returns the token from the page. */
static void make_invite(struct env *e, struct who *w, int64_t cohort,
			const char *fields, char token[65])
{
	char path[64];
	const char *p;

	snprintf(path, sizeof(path), "/c/%lld/invites", (long long)cohort);
	post(e, w, path, fields);
	assert_int_equal(e->rs.status, 201);
	dump(e, "invite.html");
	p = strstr(e->rs.body.data, "href=\"/join/");
	assert_non_null(p);
	p += strlen("href=\"/join/");
	snprintf(token, 65, "%.64s", p);
	assert_int_equal(strspn(token, "0123456789abcdef"), 64);
}

static void join(struct env *e, struct who *w, const char *token)
{
	char path[80];

	snprintf(path, sizeof(path), "/join/%s", token);
	call(e, w, "GET", path, NULL);
	assert_int_equal(e->rs.status, 200);
	assert_non_null(strstr(e->rs.body.data, "Join “Spring cohort”"));
	dump(e, "join.html");
	post(e, w, path, "");
	assert_int_equal(e->rs.status, 303);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	const char *const md[] = { session_md, NULL };
	struct user admin;
	char token[65];

	/* A new database for each test: the sign-up counts start again. */
	app_db_open(e->path, &e->st, "cohort");
	store_set_clock(e->st, NOW);
	app_db_load(e->st, md);
	response_init(&e->rs);

	/* The facilitator is made an admin's way: a cohort of their own. */
	sign_up(e, &e->fac, "Fay+Cil", "fay@example.org");
	sign_up(e, &e->ann, "Ann+O%27Hara", "ann@example.org");
	sign_up(e, &e->bob, "Bob%2C+Jr.", "bob@example.org");
	sign_up(e, &e->other, "Olga", "olga@example.org");
	assert_int_equal(store_user_by_id(e->st, e->fac.id, &admin), STORE_OK);

	/* Nobody but an admin or a facilitator may create a cohort. */
	post(e, &e->fac, "/cohorts", "name=Spring+cohort&session=4");
	assert_int_equal(e->rs.status, 403);
	{
		struct cohort c = { .number = 4, .created_by = e->fac.id };

		strcpy(c.name, "Seed");
		assert_int_equal(store_cohort_add(e->st, &c), STORE_OK);
		assert_int_equal(store_member_put(e->st, c.id, e->fac.id,
						  ROLE_FACILITATOR), STORE_OK);
		assert_int_equal(store_member_put(e->st, c.id, e->other.id,
						  ROLE_FACILITATOR), STORE_OK);
	}
	post(e, &e->fac, "/cohorts", "name=Spring+cohort&session=4");
	assert_int_equal(e->rs.status, 303);
	e->cohort = id_after(header_of(&e->rs, "Location"), "/c/");
	post(e, &e->other, "/cohorts", "name=Other+cohort&session=4");
	assert_int_equal(e->rs.status, 303);
	e->cohort2 = id_after(header_of(&e->rs, "Location"), "/c/");

	make_invite(e, &e->fac, e->cohort, "role=participant&days=7", token);
	join(e, &e->ann, token);
	join(e, &e->bob, token);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	response_release(&e->rs);
	app_db_close(e->path, e->st);
	free(e);
	return 0;
}

static void get(struct env *e, struct who *w, const char *fmt, long long id)
{
	char path[96];

	snprintf(path, sizeof(path), fmt, id);
	call(e, w, "GET", path, NULL);
}

static void test_create_and_join(void **state)
{
	struct env *e = *state;
	int role;

	/* The creator facilitates; the two who joined participate. */
	assert_int_equal(store_member_role(e->st, e->cohort, e->fac.id,
					   &role), STORE_OK);
	assert_int_equal(role, ROLE_FACILITATOR);
	assert_int_equal(store_member_role(e->st, e->cohort, e->ann.id,
					   &role), STORE_OK);
	assert_int_equal(role, ROLE_PARTICIPANT);
	assert_int_equal(store_member_role(e->st, e->cohort, e->other.id,
					   &role), STORE_NOTFOUND);

	get(e, &e->ann, "/cohorts", 0);
	assert_non_null(strstr(e->rs.body.data, "Spring cohort"));
	assert_null(strstr(e->rs.body.data, "Other cohort"));
	assert_null(strstr(e->rs.body.data, "New cohort"));  /* no form */
	dump(e, "cohorts-participant.html");
	get(e, &e->fac, "/cohorts", 0);
	assert_non_null(strstr(e->rs.body.data, "New cohort"));
	dump(e, "cohorts-facilitator.html");
	get(e, &e->ann, "/c/%lld", e->cohort);
	assert_int_equal(e->rs.status, 200);
	assert_non_null(strstr(e->rs.body.data, "Ann O&#39;Hara"));
	assert_non_null(strstr(e->rs.body.data, "Bob, Jr."));
	assert_null(strstr(e->rs.body.data, "/invites"));
	dump(e, "cohort-participant.html");
	get(e, &e->fac, "/c/%lld", e->cohort);
	assert_non_null(strstr(e->rs.body.data, "Make an invite link"));
	dump(e, "cohort-facilitator.html");
	assert_non_null(strstr(e->rs.body.data, "dashboard"));

	/* Ann asks to back Bob from the cohort page, Bob accepts there;
	 * both pages say where it stands. */
	{
		char path[96];

		get(e, &e->ann, "/c/%lld", e->cohort);
		assert_null(strstr(e->rs.body.data, "be Ann"));
		assert_non_null(strstr(e->rs.body.data, "Ask to be Bob, Jr.’s "
				       "accountability partner"));
		snprintf(path, sizeof(path), "/c/%lld/partner/%lld",
			 (long long)e->cohort, (long long)e->bob.id);
		post(e, &e->ann, path, "action=request");
		assert_int_equal(e->rs.status, 303);
		get(e, &e->ann, "/c/%lld", e->cohort);
		assert_non_null(strstr(e->rs.body.data, "Request sent to "
				       "<strong>Bob, Jr.</strong>"));
		assert_non_null(strstr(e->rs.body.data, "Withdraw the request "
				       "to Bob, Jr."));
		get(e, &e->bob, "/c/%lld", e->cohort);
		assert_non_null(strstr(e->rs.body.data, "<strong>Ann O&#39;Hara"
				       "</strong> asks to be your "
				       "accountability partner"));
		dump(e, "cohort-partner-asked.html");
		snprintf(path, sizeof(path), "/c/%lld/backer/%lld",
			 (long long)e->cohort, (long long)e->ann.id);
		post(e, &e->bob, path, "action=accept");
		assert_int_equal(e->rs.status, 303);
		get(e, &e->ann, "/c/%lld", e->cohort);
		assert_non_null(strstr(e->rs.body.data, "You are <strong>Bob, "
				       "Jr.</strong>’s accountability "
				       "partner."));
		get(e, &e->bob, "/c/%lld", e->cohort);
		assert_non_null(strstr(e->rs.body.data, "<strong>Ann O&#39;Hara"
				       "</strong> is your accountability "
				       "partner."));
		dump(e, "cohort-partner.html");
	}
	/* A bad name is refused with the form again. */
	post(e, &e->fac, "/cohorts", "name=&session=4");
	assert_int_equal(e->rs.status, 422);
	post(e, &e->fac, "/cohorts", "name=X&session=9");
	assert_int_equal(e->rs.status, 422);
	post(e, &e->fac, "/cohorts", "name=Two%0Alines&session=4");
	assert_int_equal(e->rs.status, 422);
	assert_non_null(strstr(e->rs.body.data, "without control"));
	/* Unknown cohorts are 404, another cohort's pages 403, no name. */
	get(e, &e->ann, "/c/%lld", 999);
	assert_int_equal(e->rs.status, 404);
	get(e, &e->ann, "/c/%lld", e->cohort2);
	assert_int_equal(e->rs.status, 403);
	assert_null(strstr(e->rs.body.data, "Other cohort"));
	call(e, NULL, "GET", "/cohorts", NULL);
	assert_int_equal(e->rs.status, 303);
}

static void test_invites(void **state)
{
	struct env *e = *state;
	char token[65], path[80], hash_field[100];
	const char *p;

	make_invite(e, &e->fac, e->cohort, "role=participant", token);
	snprintf(path, sizeof(path), "/join/%s", token);

	/* Someone not logged in is asked to log in first, no cohort name. */
	call(e, NULL, "GET", path, NULL);
	assert_int_equal(e->rs.status, 200);
	assert_non_null(strstr(e->rs.body.data, "Log in"));
	assert_null(strstr(e->rs.body.data, "Spring"));
	dump(e, "join-anonymous.html");

	/* The cohort page lists it, with a revoke button and the link to
	 * copy again (issue 15), for its facilitators only. */
	get(e, &e->fac, "/c/%lld", e->cohort);
	snprintf(path, sizeof(path), "value=\"/join/%s\"", token);
	assert_non_null(strstr(e->rs.body.data, path));
	p = strstr(e->rs.body.data, "name=\"invite\" value=\"");
	assert_non_null(p);
	get(e, &e->ann, "/c/%lld", e->cohort);
	assert_int_equal(e->rs.status, 200);
	assert_null(strstr(e->rs.body.data, token));
	get(e, &e->fac, "/c/%lld", e->cohort);

	/* Revoke the newest: the cohort page lists invites newest last? Use
	 * every active one so the test does not rely on the order. */
	while ((p = strstr(e->rs.body.data, "name=\"invite\" value=\""))) {
		p += strlen("name=\"invite\" value=\"");
		snprintf(hash_field, sizeof(hash_field), "invite=%.64s", p);
		snprintf(path, sizeof(path), "/c/%lld/invites/revoke",
			 (long long)e->cohort);
		post(e, &e->fac, path, hash_field);
		assert_int_equal(e->rs.status, 303);
		get(e, &e->fac, "/c/%lld", e->cohort);
	}
	assert_non_null(strstr(e->rs.body.data, "revoked"));
	assert_null(strstr(e->rs.body.data, token));
	dump(e, "cohort-revoked.html");

	/* At once: the link says so, and joining by it fails. */
	snprintf(path, sizeof(path), "/join/%s", token);
	call(e, &e->other, "GET", path, NULL);
	assert_int_equal(e->rs.status, 410);
	assert_non_null(strstr(e->rs.body.data, "revoked"));
	post(e, &e->other, path, "");
	assert_int_equal(e->rs.status, 410);

	/* An expired invite, and one that never was. */
	make_invite(e, &e->fac, e->cohort, "role=participant&days=1", token);
	snprintf(path, sizeof(path), "/join/%s", token);
	store_set_clock(e->st, NOW + 2 * DAY);
	call(e, &e->other, "GET", path, NULL);
	assert_int_equal(e->rs.status, 410);
	assert_non_null(strstr(e->rs.body.data, "expired"));
	store_set_clock(e->st, NOW);
	call(e, &e->other, "GET", "/join/00112233", NULL);
	assert_int_equal(e->rs.status, 404);
	token[0] = token[0] == 'a' ? 'b' : 'a';
	call(e, &e->other, "GET", path, NULL);   /* still the real one */
	assert_int_equal(e->rs.status, 200);
	snprintf(path, sizeof(path), "/join/%s", token);
	call(e, &e->other, "GET", path, NULL);
	assert_int_equal(e->rs.status, 404);

	/* Days out of range; the other cohort's invite cannot be revoked
	 * from this one. */
	snprintf(path, sizeof(path), "/c/%lld/invites", (long long)e->cohort);
	post(e, &e->fac, path, "days=0");
	assert_int_equal(e->rs.status, 422);
	make_invite(e, &e->other, e->cohort2, "", token);
	get(e, &e->other, "/c/%lld", e->cohort2);
	p = strstr(e->rs.body.data, "name=\"invite\" value=\"");
	assert_non_null(p);
	p += strlen("name=\"invite\" value=\"");
	snprintf(hash_field, sizeof(hash_field), "invite=%.64s", p);
	snprintf(path, sizeof(path), "/c/%lld/invites/revoke",
		 (long long)e->cohort);
	post(e, &e->fac, path, hash_field);
	assert_int_equal(e->rs.status, 404);
	snprintf(path, sizeof(path), "/join/%s", token);
	call(e, &e->ann, "GET", path, NULL);
	assert_int_equal(e->rs.status, 200);
}

static void put(struct env *e, struct who *w, const char *prompt,
		const char *value)
{
	assert_int_equal(store_answer_put(e->st, w->id, 4, prompt, value,
					  strlen(value)), STORE_OK);
}

/* The prompt of exercise ex (0-based) at index i in the loaded session. */
static const char *pid(int ex, int i)
{
	return course_get(4)->exercises[ex].prompts[i].id;
}

static void test_dashboard(void **state)
{
	struct env *e = *state;
	const struct session *s = course_get(4);
	struct share sh = { .user = e->ann.id, .number = 4, .mode = 1 };
	struct checkin ci = { .user = e->bob.id, .number = 4 };
	const char *body, *ann, *bob;

	/* Ann: all three of the plan, shared; a sprint from 10 days ago
	 * and no check-in: behind.  Bob: one answer, a check-in today on a
	 * sprint of the same dates: not behind. */
	put(e, &e->ann, pid(0, 0), "Write, test, ship");
	put(e, &e->ann, pid(0, 1), "2026-05-17\t4\t5");
	put(e, &e->ann, pid(0, 2), "Weekly nudges");
	strcpy(sh.exercise_id, s->exercises[0].id);
	assert_int_equal(store_share_put(e->st, &sh), STORE_OK);
	assert_int_equal(store_reading_done_put(e->st, e->ann.id, 4,
			 s->readings[0].id, 1), STORE_OK);
	put(e, &e->bob, pid(0, 1), "2026-05-17\t4\t5");
	strcpy(ci.prompt_id, pid(0, 1));
	strcpy(ci.milestone, "Draft");
	ci.status = CHECKIN_ON_TRACK;
	assert_int_equal(store_checkin_add(e->st, &ci, "fine"), STORE_OK);

	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);
	assert_int_equal(e->rs.status, 200);
	body = e->rs.body.data;
	ann = strstr(body, "<th scope=\"row\">Ann O&#39;Hara</th>");
	bob = strstr(body, "<th scope=\"row\">Bob, Jr.</th>");
	assert_non_null(ann);
	assert_non_null(bob);
	assert_non_null(strstr(body, "Session 4: 2 participants;"));
	assert_true(ann < bob);             /* order of joining */
	assert_null(strstr(body, "<th scope=\"row\">Fay"));  /* not a row */
	assert_non_null(strstr(ann, "<td>1 of 2</td>"));
	assert_true(strstr(ann, ">3/3<span class=\"sr-only\"> answered: "
			   "Ann O&#39;Hara, Plan something, shared</span></a> "
			   "<span class=\"tag shared\" aria-hidden=\"true\">"
			   "shared</span>") < bob);
	assert_true(strstr(ann, ">0/1<span class=\"sr-only\"> answered: "
			   "Ann O&#39;Hara, Reflect, private</span></a> "
			   "<span class=\"tag\" aria-hidden=\"true\">private")
		    < bob);
	assert_true(strstr(ann, "<td class=\"late\">Behind: no check-in "
			   "yet</td>") < bob);
	assert_true(strstr(ann, "Behind: no check-in yet") < bob);
	assert_non_null(strstr(bob, "<td>0 of 2</td>"));
	assert_non_null(strstr(bob, ">1/3<span class=\"sr-only\"> answered: "
			       "Bob, Jr., Plan something, private</span></a> "
			       "<span class=\"tag\" aria-hidden=\"true\">"
			       "private"));
	assert_non_null(strstr(bob, "checked in today"));
	assert_non_null(strstr(body, "<strong>Behind on check-ins:</strong> "
			       "Ann O&#39;Hara.</p>"));
	/* Each plan one click away. */
	{
		char href[96];

		snprintf(href, sizeof(href), "href=\"/p/%lld/4/%s\"",
			 (long long)e->ann.id, s->exercises[0].id);
		assert_non_null(strstr(ann, href));
	}
	assert_non_null(strstr(body, "answers.csv"));
	dump(e, "dashboard.html");

	/* The page is kept while nothing is written: a check-in by Ann
	 * shows at once. */
	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);
	assert_non_null(strstr(e->rs.body.data, "Behind on check-ins"));
	ci.user = e->ann.id;
	{
		uint64_t g = store_generation(e->st);

		assert_int_equal(store_checkin_add(e->st, &ci, "started"),
				 STORE_OK);
		assert_true(store_generation(e->st) > g);
	}
	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);
	assert_non_null(strstr(e->rs.body.data, "Nobody is behind"));

	/* A week on, both are behind.  (The facilitator looks in midweek:
	 * a login unused for a week has ended.) */
	store_set_clock(e->st, NOW + 4 * DAY);
	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);
	assert_int_equal(e->rs.status, 200);
	store_set_clock(e->st, NOW + 8 * DAY);
	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);
	assert_non_null(strstr(e->rs.body.data, "Ann O&#39;Hara, Bob, Jr.."));
	store_set_clock(e->st, NOW);

	/* One participant left: counted in the singular. */
	assert_int_equal(store_member_del(e->st, e->cohort, e->bob.id),
			 STORE_OK);
	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);
	assert_non_null(strstr(e->rs.body.data, "Session 4: 1 participant;"));
}

/*
 * After a write the dashboard kept is stale, and a facilitator's view
 * sends its reads ahead of the router's check of the viewer, in one round
 * trip with it (dash_ahead()): the facilitator sees the write at once; a
 * participant is still refused with nothing of the cohort's progress; and
 * so is a facilitator removed since the copy was read, whose reads go
 * ahead (they were one) and are dropped unseen.
 */
static void test_dashboard_ahead(void **state)
{
	struct env *e = *state;

	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);      /* kept */
	assert_non_null(strstr(e->rs.body.data, ">0/3<span class=\"sr-only\">"
			       " answered: Bob, Jr., Plan something"));
	put(e, &e->bob, pid(0, 0), "Bob's plan");             /* a write */
	get(e, &e->ann, "/c/%lld/dashboard", e->cohort);
	assert_int_equal(e->rs.status, 403);
	assert_null(strstr(e->rs.body.data, "Bob"));
	assert_null(strstr(e->rs.body.data, "answered"));
	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);
	assert_int_equal(e->rs.status, 200);
	assert_non_null(strstr(e->rs.body.data, ">1/3<span class=\"sr-only\">"
			       " answered: Bob, Jr., Plan something"));
	/* Olga, made a facilitator, sees it; removed, and after a write,
	 * she is refused alike. */
	assert_int_equal(store_member_put(e->st, e->cohort, e->other.id,
					  ROLE_FACILITATOR), STORE_OK);
	get(e, &e->other, "/c/%lld/dashboard", e->cohort);
	assert_int_equal(e->rs.status, 200);
	assert_int_equal(store_member_del(e->st, e->cohort, e->other.id),
			 STORE_OK);
	put(e, &e->ann, pid(0, 0), "Ann's plan");
	get(e, &e->other, "/c/%lld/dashboard", e->cohort);
	assert_int_equal(e->rs.status, 403);
	assert_null(strstr(e->rs.body.data, "answered"));
	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);
	assert_non_null(strstr(e->rs.body.data, ">1/3<span class=\"sr-only\">"
			       " answered: Ann O&#39;Hara, Plan something"));
}

/* The statements a cold dashboard (read again after a write) and the
 * CSV cost the store; the router's look at the catalogue's version
 * (app_refresh(), every APP_CATALOG_CHECK_MS of the real clock) is held
 * off, or it could fall in one of them. */
static uint64_t statements_of(struct env *e, const char *what)
{
	uint64_t n;

	app_refresh_defer(60000);
	put(e, &e->ann, pid(0, 2), what);   /* a write: the cache is old */
	n = store_statements(e->st);
	get(e, &e->fac, what, e->cohort);
	assert_int_equal(e->rs.status, 200);
	app_refresh_defer(0);
	return store_statements(e->st) - n;
}

/*
 * A full cohort costs the store what two participants do: the dashboard
 * and the CSV read every member's rows in one statement per kind, not
 * one per member (on PostgreSQL each statement is a round trip).
 */
static void test_dashboard_statements(void **state)
{
	struct env *e = *state;
	struct checkin ci = { .number = 4, .status = CHECKIN_ON_TRACK };
	uint64_t dash2, csv2, warm;
	int i;

	put(e, &e->bob, pid(0, 0), "Bob's plan");
	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);   /* warmed up */
	dash2 = statements_of(e, "/c/%lld/dashboard");
	csv2 = statements_of(e, "/c/%lld/answers.csv");
	assert_true(dash2 > 0 && csv2 > 0);
	/* Kept: read again with nothing written, the dashboard costs its
	 * roster and six cohort reads less. */
	app_refresh_defer(60000);
	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);
	warm = store_statements(e->st);
	get(e, &e->fac, "/c/%lld/dashboard", e->cohort);
	warm = store_statements(e->st) - warm;
	app_refresh_defer(0);
	assert_int_equal(warm + 7, dash2);
	strcpy(ci.prompt_id, pid(0, 1));
	strcpy(ci.milestone, "Draft");
	for (i = 0; i < 28; i++) {
		struct user u = { 0 };

		snprintf(u.email, sizeof(u.email), "p%d@example.org", i);
		snprintf(u.name, sizeof(u.name), "Participant %d", i);
		strcpy(u.pwhash, "x");
		assert_int_equal(store_user_add(e->st, &u), STORE_OK);
		assert_int_equal(store_member_put(e->st, e->cohort, u.id,
						  ROLE_PARTICIPANT), STORE_OK);
		assert_int_equal(store_answer_put(e->st, u.id, 4, pid(0, 0),
						  "A plan", 6), STORE_OK);
		ci.user = u.id;
		assert_int_equal(store_checkin_add(e->st, &ci, ""), STORE_OK);
	}
	assert_int_equal(statements_of(e, "/c/%lld/dashboard"), dash2);
	assert_non_null(strstr(e->rs.body.data, "Participant 27"));
	assert_int_equal(statements_of(e, "/c/%lld/answers.csv"), csv2);
	assert_non_null(strstr(e->rs.body.data, "Participant 27"));
}

/* A support request shows on the cohort page to whoever may see the
 * plan it is in: the facilitator always, a peer once it is shared. */
static void test_support(void **state)
{
	struct env *e = *state;
	struct share sh = { .user = e->ann.id, .number = 4, .mode = 1 };

	put(e, &e->ann, pid(0, 2), "A weekly <nudge>, please");
	get(e, &e->fac, "/c/%lld", e->cohort);
	assert_non_null(strstr(e->rs.body.data, "A weekly &lt;nudge&gt;, please"));
	get(e, &e->bob, "/c/%lld", e->cohort);
	assert_null(strstr(e->rs.body.data, "A weekly"));
	strcpy(sh.exercise_id, course_get(4)->exercises[0].id);
	assert_int_equal(store_share_put(e->st, &sh), STORE_OK);
	get(e, &e->bob, "/c/%lld", e->cohort);
	assert_non_null(strstr(e->rs.body.data, "A weekly &lt;nudge&gt;, please"));
	assert_non_null(strstr(e->rs.body.data, ">Plan something</a>"));
	/* Not to someone outside the cohort. */
	get(e, &e->other, "/c/%lld", e->cohort);
	assert_int_equal(e->rs.status, 403);
	assert_null(strstr(e->rs.body.data, "A weekly"));
	/* The field says so (issue 15). */
	{
		char path[160];

		snprintf(path, sizeof(path), "/s/4/e/%s",
			 course_get(4)->exercises[0].id);
		call(e, &e->ann, "GET", path, NULL);
	}
	assert_non_null(strstr(e->rs.body.data, "Your cohort sees this answer "
			       "on the cohort's page, and can offer to be "
			       "your accountability partner, once you share "
			       "this plan with your cohort"));
}

static void test_csv(void **state)
{
	struct env *e = *state;
	const char *body, *h;
	char line[300];

	put(e, &e->ann, pid(0, 0), "=cmd|' /C calc'!A0\nsecond, \"line\"");
	put(e, &e->bob, pid(1, 0), "@risk");
	put(e, &e->ann, pid(1, 0), "Réflexion — “ok”");
	get(e, &e->fac, "/c/%lld/answers.csv", e->cohort);
	assert_int_equal(e->rs.status, 200);
	dump(e, "answers.csv");
	assert_non_null(strstr(e->rs.body.data, ",Réflexion — “ok”\r\n"));
	assert_string_equal(e->rs.content_type, "text/csv; charset=utf-8");
	h = header_of(&e->rs, "Content-Disposition");
	assert_non_null(h);
	assert_non_null(strstr(h, "attachment"));
	body = e->rs.body.data;
	assert_memory_equal(body, "\xEF\xBB\xBF" "cohort,member,email,exercise,"
			    "prompt id,prompt,answer\r\n", 53);
	snprintf(line, sizeof(line), "Spring cohort,Ann O'Hara,"
		 "ann@example.org,Plan something,%s,Plan,\"'=cmd|' /C "
		 "calc'!A0\nsecond, \"\"line\"\"\"\r\n", pid(0, 0));
	assert_non_null(strstr(body, line));
	snprintf(line, sizeof(line), "Spring cohort,\"Bob, Jr.\","
		 "bob@example.org,Reflect,%s,What did you learn?,'@risk\r\n",
		 pid(1, 0));
	assert_non_null(strstr(body, line));
	/* A row per participant and prompt (4 prompts, 2 people), plus the
	 * header: no facilitator rows. */
	{
		size_t n = 0;

		for (h = body; (h = strstr(h, "\r\n")); h += 2)
			n++;
		assert_int_equal(n, 1 + 2 * 4);
	}
	assert_null(strstr(body, "fay@example.org"));
}

static const char *between(const char *hay, const char *a, const char *b)
{
	const char *p = strstr(hay, a);

	return p && strstr(p, b) ? p : NULL;
}

static void test_review(void **state)
{
	struct env *e = *state;
	char path[64], fields[200];
	const char *body;

	snprintf(path, sizeof(path), "/c/%lld/review", (long long)e->cohort);
	put(e, &e->bob, pid(0, 0), "Bob’s plan <b>bold</b>");

	get(e, &e->fac, "/c/%lld/review", e->cohort);
	assert_int_equal(e->rs.status, 200);
	body = e->rs.body.data;
	assert_non_null(between(body, "Ann O&#39;Hara", "Bob, Jr."));
	assert_non_null(strstr(body, "Shuffle"));
	dump(e, "review-order.html");
	/* Move Bob up: he presents first. */
	snprintf(fields, sizeof(fields), "action=up&user=%lld",
		 (long long)e->bob.id);
	post(e, &e->fac, path, fields);
	assert_int_equal(e->rs.status, 303);
	get(e, &e->fac, "/c/%lld/review", e->cohort);
	assert_non_null(between(e->rs.body.data, "Bob, Jr.", "Ann O&#39;Hara"));

	post(e, &e->fac, path, "action=shuffle");
	assert_int_equal(e->rs.status, 303);
	post(e, &e->fac, path, "action=stop");
	snprintf(fields, sizeof(fields), "action=down&user=%lld",
		 (long long)e->ann.id);
	post(e, &e->fac, path, fields);   /* whatever the shuffle did: */
	get(e, &e->fac, "/c/%lld/review", e->cohort);
	assert_non_null(between(e->rs.body.data, "Bob, Jr.", "Ann O&#39;Hara"));

	post(e, &e->fac, path, "action=start");
	assert_int_equal(e->rs.status, 303);
	get(e, &e->fac, "/c/%lld/review", e->cohort);
	body = e->rs.body.data;
	assert_non_null(strstr(body, "Now presenting: Bob, Jr."));
	assert_non_null(strstr(body, "(1 of 2)"));
	assert_non_null(strstr(body, "<li aria-current=\"step\"><span "
			       "class=\"name\">Bob, Jr.</span>"));
	assert_non_null(strstr(body, "data-seconds=\"300\""));
	assert_non_null(strstr(body, "Bob’s plan &lt;b&gt;bold&lt;/b&gt;"));
	assert_non_null(strstr(body, "<label for=\"note\">Notes on Bob, Jr.</label>"));
	dump(e, "review-presenter.html");

	/* A note on Bob, saved with "next". */
	snprintf(fields, sizeof(fields), "action=next&user=%lld&note="
		 "Clear+milestones%%3B+ask+about+compute", (long long)e->bob.id);
	post(e, &e->fac, path, fields);
	assert_int_equal(e->rs.status, 303);
	get(e, &e->fac, "/c/%lld/review", e->cohort);
	assert_non_null(strstr(e->rs.body.data, "Now presenting: Ann"));
	post(e, &e->fac, path, "action=prev");
	get(e, &e->fac, "/c/%lld/review", e->cohort);
	assert_non_null(strstr(e->rs.body.data,
			       ">Clear milestones; ask about compute</textarea>"));
	post(e, &e->fac, path, "action=next");
	post(e, &e->fac, path, "action=next");
	get(e, &e->fac, "/c/%lld/review", e->cohort);
	body = e->rs.body.data;
	assert_non_null(strstr(body, "Everyone has presented"));
	dump(e, "review-done.html");
	assert_non_null(strstr(body, "<dt>Bob, Jr.</dt><dd>Clear milestones; "
			       "ask about compute</dd>"));
	/* Notes are the facilitator's own; a stranger's id is refused. */
	{
		char *note = NULL;

		assert_int_equal(store_note_get(e->st, e->cohort, e->ann.id,
						e->bob.id, &note), STORE_OK);
		assert_string_equal(note, "");
		free(note);
	}
	snprintf(fields, sizeof(fields), "action=note&user=%lld&note=x",
		 (long long)e->other.id);
	post(e, &e->fac, path, fields);
	assert_int_equal(e->rs.status, 404);
	post(e, &e->fac, path, "action=bogus");
	assert_int_equal(e->rs.status, 400);
	/* A note past its cap is refused, not dropped unsaid, and the one
	 * kept stays. */
	{
		struct buf big = BUF_INIT;
		char *note = NULL;

		buf_addf(&big, "action=note&user=%lld&note=",
			 (long long)e->bob.id);
		for (int i = 0; i <= STORE_TEXT_MAX; i++)
			buf_addc(&big, 'y');
		post(e, &e->fac, path, big.data);
		assert_int_equal(e->rs.status, 413);
		assert_non_null(strstr(e->rs.body.data, "note is too long"));
		assert_int_equal(store_note_get(e->st, e->cohort, e->fac.id,
						e->bob.id, &note), STORE_OK);
		assert_string_equal(note, "Clear milestones; ask about "
				    "compute");
		free(note);
		buf_release(&big);
	}
}

/* Every facilitator route, refused to a participant of the cohort and to
 * the facilitator of another; and a participant's own cohort page. */
static void test_refusals(void **state)
{
	struct env *e = *state;
	static const struct {
		const char *method, *fmt, *fields;
	} routes[] = {
		{ "GET", "/c/%lld/dashboard", NULL },
		{ "GET", "/c/%lld/answers.csv", NULL },
		{ "GET", "/c/%lld/review", NULL },
		{ "POST", "/c/%lld/review", "action=start" },
		{ "POST", "/c/%lld/invites", "role=facilitator" },
		{ "POST", "/c/%lld/invites/revoke", "invite=00" },
	};
	struct who *outsiders[] = { &e->ann, &e->other };
	char path[96];
	size_t i, j;

	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		snprintf(path, sizeof(path), routes[i].fmt,
			 (long long)e->cohort);
		for (j = 0; j < 2; j++) {
			if (routes[i].fields)
				post(e, outsiders[j], path, routes[i].fields);
			else
				call(e, outsiders[j], "GET", path, NULL);
			assert_int_equal(e->rs.status, 403);
			assert_null(strstr(e->rs.body.data, "Spring"));
			assert_null(strstr(e->rs.body.data, "Ann O"));
		}
		if (routes[i].fields)
			call(e, NULL, "POST", path, "csrf=x");
		else
			call(e, NULL, "GET", path, NULL);
		assert_true(e->rs.status == 303 || e->rs.status == 403);
		/* An unknown cohort: 404 for everyone. */
		snprintf(path, sizeof(path), routes[i].fmt, 424242LL);
		if (routes[i].fields)
			post(e, &e->fac, path, routes[i].fields);
		else
			call(e, &e->fac, "GET", path, NULL);
		assert_int_equal(e->rs.status, 404);
	}
	/* Nothing changed: no review started, no invite made. */
	{
		struct review rv;

		assert_int_equal(store_review_get(e->st, e->cohort, &rv),
				 STORE_NOTFOUND);
	}
	/* A forged form (no CSRF token) is refused even to the facilitator. */
	snprintf(path, sizeof(path), "/c/%lld/invites", (long long)e->cohort);
	call(e, &e->fac, "POST", path, "role=participant");
	assert_int_equal(e->rs.status, 403);
}

/* Cohorts per creator, invites and members per cohort: each refused
 * past its cap with a message saying so, the cohort's name kept. */
static void test_caps(void **state)
{
	struct env *e = *state;
	struct cohort c = { .number = 4, .created_by = e->fac.id };
	struct invite in = { .role = ROLE_PARTICIPANT };
	struct who late;
	char token[65], path[80], field[80];
	int i;

	/* fac made two: the seed and Spring. */
	strcpy(c.name, "More");
	for (i = 2; i < STORE_COHORTS_MAX; i++)
		assert_int_equal(store_cohort_add(e->st, &c), STORE_OK);
	post(e, &e->fac, "/cohorts", "name=Autumn+%3Cb%3E&session=4");
	assert_int_equal(e->rs.status, 422);
	assert_non_null(strstr(e->rs.body.data, "You have made 100 cohorts, "
			       "the most one person may make"));
	assert_non_null(strstr(e->rs.body.data, "value=\"Autumn &lt;b&gt;\""));
	/* Someone else still may. */
	post(e, &e->other, "/cohorts", "name=Autumn&session=4");
	assert_int_equal(e->rs.status, 303);

	/* Spring has one invite; 49 more fill it. */
	in.cohort_id = e->cohort;
	in.created_by = e->fac.id;
	for (i = 1; i < STORE_INVITES_MAX; i++) {
		snprintf(in.token_hash, sizeof(in.token_hash), "%064d", i);
		assert_int_equal(store_invite_add(e->st, &in), STORE_OK);
	}
	snprintf(path, sizeof(path), "/c/%lld/invites", (long long)e->cohort);
	post(e, &e->fac, path, "role=participant&days=7");
	assert_int_equal(e->rs.status, 422);
	assert_non_null(strstr(e->rs.body.data, "This cohort has 50 invite "
			       "links that still work"));
	/* A revoked one makes room. */
	snprintf(path, sizeof(path), "/c/%lld/invites/revoke",
		 (long long)e->cohort);
	snprintf(field, sizeof(field), "invite=%064d", 7);
	post(e, &e->fac, path, field);
	assert_int_equal(e->rs.status, 303);
	make_invite(e, &e->fac, e->cohort, "role=participant&days=7", token);

	/* Spring has fac, ann and bob; fill it up, then one too many. */
	for (i = 3; i < STORE_MEMBERS_MAX; i++) {
		struct user u = { 0 };

		snprintf(u.email, sizeof(u.email), "m%d@example.org", i);
		strcpy(u.name, "Member");
		strcpy(u.pwhash, "x");
		assert_int_equal(store_user_add(e->st, &u), STORE_OK);
		assert_int_equal(store_member_put(e->st, e->cohort, u.id,
						  ROLE_PARTICIPANT), STORE_OK);
	}
	person_as(e->st, &late, "Late", "late@example.org", 0);
	snprintf(path, sizeof(path), "/join/%s", token);
	post(e, &late, path, "");
	assert_int_equal(e->rs.status, 409);
	assert_non_null(strstr(e->rs.body.data, "This cohort is full: it has "
			       "500 members"));
	get(e, &late, "/c/%lld", (long long)e->cohort);
	assert_int_equal(e->rs.status, 403);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_join, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_invites, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_ahead, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_statements,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_support, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
