/*
 * The cheap-test tracker (pages/tests.c, widgets/ctests.c,
 * export/svg-ctests.c): the career plan's tests listed to track, a
 * result recorded changes the ranking note and the chart, bad input is
 * refused with what was typed kept, the cap is said, and only the
 * owner's own tests are touched.
 */
#include "app-env.h"

static const char md7[] =
	"# Test Course: Session 7 - Careers\n\n"
	"# Exercises\n\n"
	"## Make your career awesome\n\n"
	"- Which roles? <!-- alignplan: checklist name=roles label=\"Roles\""
	" -->\n"
	"  - Research engineer\n"
	"  - Policy researcher\n"
	"- Most exciting first? <!-- alignplan: ranked name=excited "
	"rows=roles label=\"Most exciting\" -->\n"
	"- Cheap tests? <!-- alignplan: table name=tests rows=roles "
	"label=\"Cheap tests\" cols=\"Role:ref(roles) | Cheap test:text:"
	"required | Hours:hours | By when:date\" -->\n";

struct cenv {
	struct app_env a;
	struct who owner, other;
	struct response rs;
};

static int setup(void **state)
{
	struct cenv *e = calloc(1, sizeof(*e));
	const char *const md[] = { md7, NULL };
	void *a;

	assert_non_null(e);
	app_env_setup(&a, "ctests", md);
	e->a = *(struct app_env *)a;
	free(a);
	person_as(e->a.st, &e->owner, "Olive", "o@example.org", 0);
	person_as(e->a.st, &e->other, "Oscar", "x@example.org", 0);
	response_init(&e->rs);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct cenv *e = *state;

	response_release(&e->rs);
	app_db_close(e->a.path, e->a.st);
	free(e);
	return 0;
}

static void put(struct cenv *e, const char *name, const char *v)
{
	const struct prompt *p = session_named_prompt(course_get(7), name);

	assert_non_null(p);
	assert_int_equal(store_answer_put(e->a.st, e->owner.id, 7, p->id, v,
					  strlen(v)), STORE_OK);
}

static int get(struct cenv *e, struct who *w, const char *path)
{
	response_release(&e->rs);
	app_call(e->a.st, w, "GET", path, NULL, 0, 0, &e->rs);
	return e->rs.status;
}

static int send_to(struct cenv *e, struct who *w, const char *path,
		   const char *fields)
{
	response_release(&e->rs);
	app_post(e->a.st, w, path, fields, &e->rs);
	return e->rs.status;
}

static int send(struct cenv *e, struct who *w, const char *fields)
{
	return send_to(e, w, "/s/7/tests", fields);
}

static const char *body(struct cenv *e)
{
	return e->rs.body.data;
}

static void test_track_plan_tests(void **state)
{
	struct cenv *e = *state;

	put(e, "roles", "Research engineer\nPolicy researcher");
	put(e, "excited", "Policy researcher\nResearch engineer");
	put(e, "tests", "Research engineer\tReproduce a paper\t20\t"
	    "2027-03-27\nPolicy researcher\tWrite a policy memo\t5\t");
	assert_int_equal(get(e, &e->owner, "/s/7/tests"), 200);
	assert_non_null(strstr(body(e), "No cheap tests recorded yet."));
	assert_non_null(strstr(body(e), "<strong>Research engineer</strong>: "
			       "Reproduce a paper"));
	assert_non_null(strstr(body(e), "value=\"2027-03-27\""));
	assert_int_equal(count(body(e), "Track this test"), 2);

	/* The engineer test ran and supported the fit. */
	assert_int_equal(send(e, &e->owner, "form=p-0&idea=Research+engineer"
			      "&test=Reproduce+a+paper&status=supported&"
			      "date=2027-03-27&note=Loved+it&action=save"), 303);
	assert_int_equal(get(e, &e->owner, "/s/7/tests"), 200);
	assert_non_null(strstr(body(e), "Still standing: <strong>Research "
			       "engineer</strong> (1 supported)."));
	assert_non_null(strstr(body(e), "Your plan puts <strong>Policy "
			       "researcher</strong> first, but your cheap "
			       "tests favour <strong>Research engineer"));
	assert_non_null(strstr(body(e), "class=\"chart ctests\""));
	assert_non_null(strstr(body(e), "✓ 1"));
	assert_int_equal(count(body(e), "Save result"), 1);
	/* "Your plans" sums it up too. */
	assert_int_equal(get(e, &e->owner, "/s/7/plan"), 200);
	assert_non_null(strstr(body(e), "Still standing: <strong>Research "
			       "engineer</strong> (1 supported)."));

	/* A test of one's own, refuted; then one that is planned. */
	assert_int_equal(send(e, &e->owner, "form=add&idea=Policy+researcher"
			      "&test=Shadow+a+staffer&status=refuted&date="
			      "&note=&action=save"), 303);
	assert_int_equal(get(e, &e->owner, "/s/7/tests"), 200);
	assert_non_null(strstr(body(e), "Did not survive: <strong>Policy "
			       "researcher</strong> (1 refuted)."));
	assert_non_null(strstr(body(e), "✗ 1"));
}

static void test_refused_and_owned(void **state)
{
	struct cenv *e = *state;
	struct ctest t = { .number = 7, .idea = "Mine",
			   .status = CTEST_PLANNED };
	char fields[200];

	/* Bad date, status, idea: 422 with the text kept. */
	assert_int_equal(send(e, &e->owner, "form=add&idea=Grantmaker&test="
			      "Talk+to+%3Cb%3Ea+grantmaker&status=planned&"
			      "date=28.3.2027&note=&action=save"), 422);
	assert_non_null(strstr(body(e), "Write the date as YYYY-MM-DD"));
	assert_non_null(strstr(body(e), "Talk to &lt;b&gt;a grantmaker"));
	assert_int_equal(send(e, &e->owner, "form=add&idea=Grantmaker&test=x"
			      "&status=sure&action=save"), 422);
	assert_int_equal(send(e, &e->owner, "form=add&idea=&test=x"
			      "&status=planned&action=save"), 422);

	/* Someone else's test is not there for them. */
	t.user = e->other.id;
	assert_int_equal(store_ctest_add(e->a.st, &t, "theirs", ""), STORE_OK);
	snprintf(fields, sizeof(fields), "form=t-%lld&id=%lld&idea=Mine&test="
		 "x&status=refuted&action=save", (long long)t.id,
		 (long long)t.id);
	assert_int_equal(send(e, &e->owner, fields), 404);
	snprintf(fields, sizeof(fields), "form=t-%lld&id=%lld&idea=Mine&"
		 "status=planned&action=delete", (long long)t.id,
		 (long long)t.id);
	assert_int_equal(send(e, &e->owner, fields), 404);
	assert_int_equal(get(e, &e->owner, "/s/7/tests"), 200);
	assert_null(strstr(body(e), "theirs"));

	/* The cap: said on the page, and a post past it keeps its text. */
	t.user = e->owner.id;
	for (int i = 0; i < STORE_CTESTS_MAX; i++)
		assert_int_equal(store_ctest_add(e->a.st, &t, "t", ""),
				 STORE_OK);
	assert_int_equal(get(e, &e->owner, "/s/7/tests"), 200);
	assert_non_null(strstr(body(e), "You have 100 cheap tests on this "
			       "session, the most kept"));
	assert_int_equal(send(e, &e->owner, "form=add&idea=One+more&test="
			      "Kept+text&status=planned&action=save"), 422);
	assert_non_null(strstr(body(e), "Kept text"));
}

/* The stored test of idea, or fails. */
struct found {
	const char *idea;
	struct ctest t;
	char note[64];
	int n;
};

static int on_found(void *ctx, const struct ctest *t, const char *test,
		    const char *note)
{
	struct found *f = ctx;

	(void)test;
	if (!strcmp(t->idea, f->idea)) {
		f->t = *t;
		f->t.uncertainty = NULL;
		snprintf(f->note, sizeof(f->note), "%s", note);
		f->n++;
	}
	return 0;
}

static struct ctest find(struct cenv *e, const char *idea)
{
	struct found f = { .idea = idea };

	assert_int_equal(store_ctest_list(e->a.st, e->owner.id, 7, on_found,
					  &f), STORE_OK);
	assert_int_equal(f.n, 1);
	return f.t;
}

/* Hours and confidence on the tracker: stored, refused when bad, and
 * the ranking by confidence with the tests that changed it. */
static void test_confidence_ranking(void **state)
{
	struct cenv *e = *state;
	struct ctest t;
	char big[9000], *fields;

	put(e, "roles", "Research engineer\nPolicy researcher");
	put(e, "excited", "Policy researcher\nResearch engineer");
	put(e, "tests", "Research engineer\tReproduce a paper\t20\t"
	    "2027-03-27\nPolicy researcher\tWrite a policy memo\t5\t");
	assert_int_equal(send(e, &e->owner, "form=p-0&idea=Research+engineer"
			      "&test=Reproduce+a+paper&uncertainty=Can+I+"
			      "debug+ML+code%3F&status=planned&hp=20&hs=&cb="
			      "40&ca=&note=&action=save"), 303);
	assert_int_equal(send(e, &e->owner, "form=p-1&idea=Policy+researcher"
			      "&test=Write+a+policy+memo&status=planned&hp="
			      "5&hs=&cb=60+%25&ca=&note=&action=save"), 303);
	t = find(e, "Research engineer");
	assert_int_equal(t.hours_planned, 200);
	assert_int_equal(t.hours_spent, -1);
	assert_int_equal(t.conf_before, 40);
	assert_int_equal(t.conf_after, -1);
	assert_int_equal(get(e, &e->owner, "/s/7/tests"), 200);
	assert_non_null(strstr(body(e), "Can I debug ML code?</textarea>"));
	assert_non_null(strstr(body(e), "before the tests: 1. <strong>Policy "
			       "researcher</strong> (60&#160;%), 2. <strong>"
			       "Research engineer</strong> (40&#160;%)"));
	assert_non_null(strstr(body(e), "Your tests have not changed the "
			       "order."));
	assert_non_null(strstr(body(e), "class=\"chart ctests-conf\""));

	/* Bad numbers: 422, the message, what was typed kept. */
	assert_int_equal(send(e, &e->owner, "form=p-0&idea=Research+engineer"
			      "&test=Reproduce+a+paper&status=planned&hp=lots"
			      "&cb=40&action=save"), 422);
	assert_non_null(strstr(body(e), "Hours planned: write a number of "
			       "hours from 0 to 1,000"));
	assert_non_null(strstr(body(e), "value=\"lots\""));
	assert_int_equal(send(e, &e->owner, "form=p-0&idea=Research+engineer"
			      "&test=Reproduce+a+paper&status=planned&hp=2000"
			      "&action=save"), 422);
	assert_int_equal(send(e, &e->owner, "form=p-0&idea=Research+engineer"
			      "&test=Reproduce+a+paper&status=planned&ca=101"
			      "&action=save"), 422);
	assert_non_null(strstr(body(e), "Confidence after: write a whole "
			       "number from 0 to 100"));
	assert_int_equal(send(e, &e->owner, "form=p-0&idea=Research+engineer"
			      "&test=Reproduce+a+paper&status=planned&cb=-5"
			      "&action=save"), 422);
	assert_int_equal(send(e, &e->owner, "form=p-0&idea=Research+engineer"
			      "&test=Reproduce+a+paper&status=planned&cb=4.5"
			      "&action=save"), 422);
	assert_int_equal(send(e, &e->owner, "form=p-0&idea=Research+engineer"
			      "&test=Reproduce+a+paper&status=planned&cb=%25"
			      "&action=save"), 422);
	memset(big, 'u', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fields = malloc(sizeof(big) + 200);
	assert_non_null(fields);
	snprintf(fields, sizeof(big) + 200, "form=add&idea=X&test=t&status="
		 "planned&uncertainty=%s&action=save", big);
	assert_int_equal(send(e, &e->owner, fields), 422);
	assert_non_null(strstr(body(e), "hold at most 8 KB each"));
	free(fields);
	/* Invalid UTF-8 is refused before any page reads it. */
	assert_int_equal(send(e, &e->owner, "form=add&idea=%FF&test=t&status="
			      "planned&action=save"), 400);
	t = find(e, "Research engineer");
	assert_int_equal(t.hours_planned, 200);
	assert_int_equal(t.conf_before, 40);

	/* The test ran: confidence after 80 % puts it first. */
	snprintf(big, sizeof(big), "form=p-0&id=%lld&idea=Research+engineer"
		 "&test=Reproduce+a+paper&status=supported&hp=20&hs=12.5&cb=40"
		 "&ca=80&note=Loved+it&action=save", (long long)t.id);
	assert_int_equal(send(e, &e->owner, big), 303);
	t = find(e, "Research engineer");
	assert_int_equal(t.hours_spent, 125);
	assert_int_equal(get(e, &e->owner, "/s/7/tests"), 200);
	assert_non_null(strstr(body(e), "after them: 1. <strong>Research "
			       "engineer</strong> (80&#160;%), 2. <strong>"
			       "Policy researcher</strong> (60&#160;%)"));
	assert_non_null(strstr(body(e), "The tests that changed the order: "
			       "<strong>Reproduce a paper</strong> (Research "
			       "engineer: 40&#160;% → 80&#160;%)"));
	assert_non_null(strstr(body(e), "after your tests you are most "
			       "confident in <strong>Research engineer"
			       "</strong> (80&#160;%)"));
	assert_non_null(strstr(body(e), "40 % → 80 %, place 2 → 1"));
	assert_non_null(strstr(body(e), "Updates (2), the latest"));
	assert_non_null(strstr(body(e), "12.5 h spent; confidence after 80 %."
			       " “Loved it”"));
}

/* The check-in form updates the tests: from the plan (untracked yet)
 * and tracked ones; refused and stale posts save nothing. */
static void test_checkin_updates(void **state)
{
	struct cenv *e = *state;
	struct ctest t;
	char fields[600];

	put(e, "roles", "Research engineer\nPolicy researcher");
	put(e, "tests", "Research engineer\tReproduce a paper\t20\t"
	    "2027-03-27\nPolicy researcher\tWrite a policy memo\t5\t");
	assert_int_equal(send(e, &e->owner, "form=p-0&idea=Research+engineer"
			      "&test=Reproduce+a+paper&status=planned&cb=50"
			      "&action=save"), 303);
	t = find(e, "Research engineer");
	assert_int_equal(get(e, &e->owner, "/s/7/checkins"), 200);
	if (!strstr(body(e), "Your cheap tests"))
		fprintf(stderr, "%s\n", body(e));
	assert_non_null(strstr(body(e), "Your cheap tests"));
	assert_non_null(strstr(body(e), "<legend>Research engineer: Reproduce "
			       "a paper</legend>"));
	assert_non_null(strstr(body(e), "name=\"ctca.1\""));

	/* A bad confidence: 422, nothing saved, the text kept. */
	snprintf(fields, sizeof(fields), "ct.0=p-0&ctu.0=%lld&ctk.0=Research+"
		 "engineer&cts.0=supported&cths.0=3&ctca.0=high&ctn.0=Kept+"
		 "result&ct.1=p-1&ctu.1=0&ctk.1=Policy+researcher&cts.1=planned"
		 "&cths.1=&ctca.1=&ctn.1=", (long long)t.updated);
	assert_int_equal(send_to(e, &e->owner, "/s/7/checkins", fields), 422);
	assert_non_null(strstr(body(e), "Research engineer: confidence after:"
			       " write a whole number"));
	assert_non_null(strstr(body(e), "Kept result"));
	assert_int_equal(find(e, "Research engineer").status, CTEST_PLANNED);

	/* The real one: the tracked test and the plan's second row. */
	snprintf(fields, sizeof(fields), "ct.0=p-0&ctu.0=%lld&ctk.0=Research+"
		 "engineer&cts.0=supported&cths.0=3&ctca.0=85&ctn.0=Went+well&"
		 "ct.1=p-1&ctu.1=0&ctk.1=Policy+researcher&cts.1=refuted&"
		 "cths.1=2&ctca.1=&ctn.1=Dull", (long long)t.updated);
	assert_int_equal(send_to(e, &e->owner, "/s/7/checkins", fields), 303);
	t = find(e, "Research engineer");
	assert_int_equal(t.status, CTEST_SUPPORTED);
	assert_int_equal(t.hours_spent, 30);
	assert_int_equal(t.conf_before, 50);
	assert_int_equal(t.conf_after, 85);
	assert_int_equal(find(e, "Policy researcher").status, CTEST_REFUTED);
	assert_int_equal(get(e, &e->owner, "/s/7/tests"), 200);
	assert_non_null(strstr(body(e), "the latest"));
	assert_non_null(strstr(body(e), "from a check-in</summary>"));
	assert_non_null(strstr(body(e), "check-in: Ran: supported; 3 h spent;"
			       " confidence after 85 %. “Went well”"));
	assert_non_null(strstr(body(e), "Did not survive: <strong>Policy "
			       "researcher</strong> (1 refuted)."));

	/* The same form again is out of date: 409, nothing changed; so is
	 * one whose plan row now names another idea. */
	assert_int_equal(send_to(e, &e->owner, "/s/7/checkins", "ct.0=p-0&"
				 "ctu.0=0&ctk.0=Policy+researcher&cts.0="
				 "refuted"), 409);
	assert_int_equal(send_to(e, &e->owner, "/s/7/checkins", fields), 409);
	/* Unchanged fields change nothing (no new update logged). */
	snprintf(fields, sizeof(fields), "ct.0=p-0&ctu.0=%lld&ctk.0=Research+"
		 "engineer&cts.0=supported&cths.0=3&ctca.0=85&ctn.0=Went+well",
		 (long long)t.updated);
	assert_int_equal(send_to(e, &e->owner, "/s/7/checkins", fields), 303);
	assert_int_equal(find(e, "Research engineer").updated, t.updated);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_track_plan_tests, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refused_and_owned, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_confidence_ranking, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_checkin_updates, setup,
						teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
