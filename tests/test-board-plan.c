/*
 * test-board-plan.c: "for your plan" on the opportunities board (issue
 * 13) through the pages: a participant whose plan picks agendas and
 * roles sees the open openings ranked with their reasons above the
 * list; one whose plan names none is told what to fill in; a profile
 * counts once opted in; nothing of another person's plan is used.  Run
 * from the repository root (it reads content/agendas.md).
 */
#include "app-env.h"

#include "import/agenda.h"
#include "model/agenda.h"
#include "model/answer.h"
#include "model/opportunity.h"

#define CATALOG "content/agendas.md"

static const char session_md[] =
	"# Test Course: Session 7 - Careers\n\n"
	"# Exercises\n\n"
	"## Make your career awesome\n\n"
	"- Which roles? <!-- alignplan: checklist name=roles label=\"Roles\" "
	"-->\n"
	"  - Research scientist\n"
	"  - Research engineer\n"
	"  - Grantmaker\n\n"
	"## Make your project awesome\n\n"
	"- Which agendas? <!-- alignplan: agendas name=agendas "
	"label=\"Agendas\" -->\n"
	"- What will you deliver? <!-- alignplan: text name=deliverable -->\n";

static void load_catalog(struct store *st)
{
	struct agenda_catalog c;
	struct import_error err;
	FILE *f = fopen(CATALOG, "rb");
	char *src = malloc(AGENDA_MAX_BYTES + 1);
	size_t len;

	assert_non_null(f);
	assert_non_null(src);
	len = fread(src, 1, AGENDA_MAX_BYTES, f);
	fclose(f);
	assert_int_equal(agenda_catalog_parse(src, len, &c, &err), 0);
	assert_int_equal(store_agendas_put(st, &c, src, len), STORE_OK);
	agenda_catalog_release(&c);
	free(src);
	app_unload();
	assert_int_equal(app_load(st), 0);
}

/* Four openings: two for Ana's plan, one for Ben's profile, one past. */
static void openings(struct store *st)
{
	static char title[4][24] = { "Interp engineer", "Evals fellowship",
				     "Governance grant", "Past interp" };
	static char url[4][40] = { "https://example.org/o/1",
				   "https://example.org/o/2",
				   "https://example.org/o/3",
				   "https://example.org/o/4" };
	static char ag[4][24] = { "interpretability", "evaluations",
				  "governance", "interpretability" };
	static char role[4][24] = { "Research engineer", "", "Grantmaker",
				    "Research engineer" };
	static char org[] = "Org", kind[] = "job", loc[] = "London";
	int today = answer_today();
	const int due[4] = { today + 60, today + 5, 0, today - 1 };
	struct opportunity op[4];
	struct opportunity_list l = { op, 4 };

	for (int i = 0; i < 4; i++)
		op[i] = (struct opportunity){
			.title = title[i], .organisation = org, .url = url[i],
			.kind = kind, .location = loc, .agendas = ag[i],
			.roles = role[i], .remote = i == 1,
			.deadline = due[i] };
	assert_int_equal(store_opportunities_put(st, &l), STORE_OK);
}

static void answer(struct store *st, int64_t user, const char *name,
		   const char *value)
{
	const struct prompt *p = session_named_prompt(course_get(7), name);

	assert_non_null(p);
	assert_int_equal(store_answer_put(st, user, 7, p->id, value,
					  strlen(value)), STORE_OK);
}

/* The position of `needle` in `page` from `from` on, or -1. */
static long at(const char *page, long from, const char *needle)
{
	const char *p = from < 0 ? NULL : strstr(page + from, needle);

	return p ? p - page : -1;
}

static const char ana_1[] = "On Interpretability, which your project plan "
	"picks (+30); for research engineer, a role in your career plan "
	"(+20).";
static const char ana_2[] = "On Evaluations, which your project plan picks "
	"(+30); remote (+5); the deadline is in 5 days (+5).";

static void test_ranked_with_reasons(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	struct who ana;
	const char *page;
	long sec, list, one, two;

	person_as(e->st, &ana, "Ana", "ana@example.org", 0);
	answer(e->st, ana.id, "agendas", "interpretability\nevaluations");
	answer(e->st, ana.id, "roles", "Research engineer\nScience writer");

	app_call(e->st, &ana, "GET", "/opportunities", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	page = rs.body.data;
	sec = at(page, 0, "<h2 id=\"for-plan\">For your plan</h2>");
	list = at(page, 0, "<h2 id=\"openings\">");
	assert_true(sec >= 0 && list > sec);
	/* ranked: the best first, each with its reason, in the section */
	one = at(page, sec, "Interp engineer");
	two = at(page, sec, "Evals fellowship");
	assert_true(one > sec && two > one && two < list);
	assert_true(at(page, one, ana_1) > one && at(page, one, ana_1) < two);
	assert_true(at(page, two, ana_2) > two && at(page, two, ana_2) < list);
	/* not hers, and past: not ranked; the list below has the open ones
	 * (read by the same walk) */
	assert_true(at(page, sec, "Governance grant") > list);
	assert_int_equal(at(page, 0, "Past interp"), -1);
	assert_true(at(page, list, "Interp engineer") > list);
	assert_true(at(page, list, "Evals fellowship") > list);
	response_release(&rs);

	/* Filtered, the list follows the filter; the ranking does not. */
	app_call(e->st, &ana, "GET", "/opportunities?agenda=governance", NULL,
		 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	page = rs.body.data;
	list = at(page, 0, "<h2 id=\"openings\">");
	assert_true(at(page, 0, ana_1) >= 0 && at(page, 0, ana_1) < list);
	assert_true(at(page, list, "Governance grant") > list);
	assert_int_equal(at(page, list, "Interp engineer"), -1);
	response_release(&rs);
}

static void test_empty_plan(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	struct who ben;
	struct profile p = { .opted_in = 0, .shown = SHOW_ALL };
	const char *page;
	long sec, list;

	person_as(e->st, &ben, "Ben", "ben@example.org", 0);
	/* a profile not in the directory does not count */
	p.user = ben.id;
	snprintf(p.agendas, sizeof(p.agendas), "governance");
	snprintf(p.roles, sizeof(p.roles), "Grantmaker");
	assert_int_equal(store_profile_put(e->st, &p), STORE_OK);

	app_call(e->st, &ben, "GET", "/opportunities", NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	page = rs.body.data;
	sec = at(page, 0, "id=\"for-plan\"");
	list = at(page, 0, "<h2 id=\"openings\">");
	assert_true(at(page, sec, "Your plan names no research agenda and no "
		       "role yet") > sec);
	assert_true(at(page, sec, "<a href=\"/s/7/e/make-your-project-"
		       "awesome\">Make your project awesome</a>") > sec);
	assert_true(at(page, sec, "<a href=\"/s/7/e/make-your-career-"
		       "awesome\">Make your career awesome</a>") > sec);
	/* Ana's plan is hers: nothing of it is ranked for Ben */
	assert_int_equal(at(page, 0, ana_1), -1);
	assert_true(at(page, sec, "Interp engineer") > list);
	response_release(&rs);

	/* In the directory, the profile's agendas and roles count. */
	p.opted_in = 1;
	assert_int_equal(store_profile_put(e->st, &p), STORE_OK);
	app_call(e->st, &ben, "GET", "/opportunities", NULL, 0, 0, &rs);
	page = rs.body.data;
	list = at(page, 0, "<h2 id=\"openings\">");
	assert_int_equal(at(page, 0, "Your plan names no"), -1);
	assert_true(at(page, 0, "On AI governance and policy, which your "
		       "profile picks (+30); for grantmaker, a role in your "
		       "profile (+20).") < list);
	assert_true(at(page, 0, "Governance grant") < list);
	assert_int_equal(at(page, 0, "Interp engineer"), at(page, list,
							    "Interp engineer"));
	response_release(&rs);
}

/* The facilitator's dashboard counts the cohort's roles as it counts
 * its agendas: each participant once per role, most named first, a line
 * too long for a key counted among the others. */
static void test_dashboard_spread(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	struct who fay, kim, lou;
	struct cohort c = { .number = 7 };
	char path[64], long_role[200];
	const char *page;
	long roles, eng, writer;

	person_as(e->st, &fay, "Fay", "fay@example.org", 0);
	person_as(e->st, &kim, "Kim", "kim@example.org", 0);
	person_as(e->st, &lou, "Lou", "lou@example.org", 0);
	snprintf(c.name, sizeof(c.name), "Spread");
	c.created_by = fay.id;
	assert_int_equal(store_cohort_add(e->st, &c), STORE_OK);
	assert_int_equal(store_member_put(e->st, c.id, kim.id,
					  ROLE_PARTICIPANT), STORE_OK);
	assert_int_equal(store_member_put(e->st, c.id, lou.id,
					  ROLE_PARTICIPANT), STORE_OK);
	memset(long_role, 'x', sizeof(long_role) - 1);
	long_role[sizeof(long_role) - 1] = '\0';
	answer(e->st, kim.id, "roles", "Science writer\nResearch engineer");
	answer(e->st, lou.id, "roles", long_role);
	answer(e->st, lou.id, "agendas", "interpretability");
	snprintf(path, sizeof(path), "/c/%lld/dashboard", (long long)c.id);
	app_call(e->st, &fay, "GET", path, NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	page = rs.body.data;
	assert_true(at(page, 0, "Research agendas") >= 0);
	assert_true(at(page, 0, "1 of 2 participants picked agendas") >= 0);
	roles = at(page, 0, "<h2 id=\"roles\">Roles aimed at</h2>");
	assert_true(roles >= 0);
	assert_true(at(page, roles, "2 of 2 participants named roles in "
		       "their career plans") > roles);
	eng = at(page, roles, "<th scope=\"row\">Research engineer</th><td>"
		 "<meter min=\"0\" max=\"2\" value=\"1\"");
	writer = at(page, roles, "<th scope=\"row\">Science writer</th><td>"
		    "<meter min=\"0\" max=\"2\" value=\"1\"");
	assert_true(eng > roles && writer > eng);  /* ties: by name */
	assert_true(at(page, roles, "<th scope=\"row\">Others</th><td>1 "
		       "picks</td>") > writer);
	assert_int_equal(at(page, 0, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
			 -1);
	response_release(&rs);

	/* Only lines too long for a key: the table still has its row. */
	answer(e->st, kim.id, "roles", long_role);
	app_call(e->st, &fay, "GET", path, NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(at(rs.body.data, 0, "<th scope=\"row\">Others</th><td>2 "
		       "picks</td>") >= 0);
	response_release(&rs);

	/* One more who names the same role twice counts once. */
	answer(e->st, kim.id, "roles", "Science writer\nResearch engineer");
	answer(e->st, lou.id, "roles", "Research engineer\nResearch engineer");
	app_call(e->st, &fay, "GET", path, NULL, 0, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(at(rs.body.data, 0, "<th scope=\"row\">Research engineer"
		       "</th><td><meter min=\"0\" max=\"2\" value=\"2\"")
		    >= 0);
	response_release(&rs);
}

static int setup(void **state)
{
	const char *const md[] = { session_md, NULL };
	struct app_env *e;

	app_env_setup(state, "boardplan", md);
	e = *state;
	load_catalog(e->st);
	openings(e->st);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranked_with_reasons),
		cmocka_unit_test(test_empty_plan),
		cmocka_unit_test(test_dashboard_spread),
	};

	return cmocka_run_group_tests(tests, setup, app_env_teardown);
}
