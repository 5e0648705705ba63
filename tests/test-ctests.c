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

static int send(struct cenv *e, struct who *w, const char *fields)
{
	response_release(&e->rs);
	app_post(e->a.st, w, "/s/7/tests", fields, &e->rs);
	return e->rs.status;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_track_plan_tests, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refused_and_owned, setup,
						teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
