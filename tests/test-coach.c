/*
 * Unit tests for the coaching checks (coach.c).  The session model is
 * built by hand, shaped like session 7's two plans; answers come from a
 * small table of (id, value).  Each check has a test that fires it and
 * one that passes it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/answer.h"
#include "core/buf.h"
#include "model/coach.h"
#include "model/session.h"

/* ---- the model ---- */

#define S (char *)

static char *risk_areas[] = { S "Time", S "Compute", S "Technical",
			      S "Backups" };

static struct column tests_cols[] = {
	{ .label = S "Role", .type = COL_REF, .ref = S "roles" },
	{ .label = S "Cheap test", .type = COL_TEXT, .required = true },
};
static struct column unc_cols[] = {
	{ .label = S "Uncertainty", .type = COL_TEXT },
	{ .label = S "Test", .type = COL_REF, .required = true,
	  .ref = S "tests" },
};
static struct column ways_cols[] = {
	{ .label = S "Way", .type = COL_TEXT },
	{ .label = S "Simplest", .type = COL_MARK, .one = true },
};
static struct column fit_cols[] = {
	{ .label = S "Goal", .type = COL_REF, .ref = S "goals" },
	{ .label = S "How well", .type = COL_SCALE, .required = true },
};
static struct column ms_cols[] = {
	{ .label = S "Milestone", .type = COL_TEXT },
	{ .label = S "By when", .type = COL_DATE, .required = true },
	{ .label = S "Hours", .type = COL_HOURS, .required = true },
};
static struct column sprint_cols[] = {
	{ .label = S "Start", .type = COL_DATE },
	{ .label = S "Weeks", .type = COL_NUMBER },
	{ .label = S "Hours a week", .type = COL_HOURS },
};
static struct column pm_cols[] = {
	{ .label = S "What went wrong", .type = COL_TEXT, .required = true },
	{ .label = S "Risk area", .type = COL_CHOICE, .all = true,
	  .options = risk_areas, .nr_options = 4 },
	{ .label = S "What would have stopped it", .type = COL_TEXT },
};

#define N(a) (sizeof(a) / sizeof(*(a)))

static struct prompt career[] = {
	{ .id = S "e1-roles", .plain = S "Which 3-5 roles could you see?",
	  .kind = PROMPT_LIST, .min_items = 3, .max_items = 5,
	  .name = S "roles", .label = S "Roles", .required = true },
	{ .id = S "e1-tests", .plain = S "What cheap tests could tell you?",
	  .kind = PROMPT_TABLE, .name = S "tests", .label = S "Cheap tests",
	  .rows_from = S "roles", .columns = tests_cols,
	  .nr_columns = N(tests_cols) },
	{ .id = S "e1-assets", .plain = S "List at least 10 assets.",
	  .kind = PROMPT_LIST, .min_items = 10, .label = S "Assets" },
	{ .id = S "e1-uncertainties", .plain = S "What are you unsure about?",
	  .kind = PROMPT_TABLE, .label = S "Uncertainties",
	  .columns = unc_cols, .nr_columns = N(unc_cols) },
};

static struct prompt project[] = {
	{ .id = S "e2-goals", .plain = S "What goals?", .kind = PROMPT_CHECKLIST,
	  .name = S "goals", .label = S "Goals" },
	{ .id = S "e2-ways", .plain = S "Name three ways.",
	  .kind = PROMPT_TABLE, .min_items = 3, .label = S "Ways",
	  .columns = ways_cols, .nr_columns = N(ways_cols) },
	{ .id = S "e2-fit", .plain = S "How well does it serve the goals?",
	  .kind = PROMPT_TABLE, .label = S "Ratings", .rows_from = S "goals",
	  .columns = fit_cols, .nr_columns = N(fit_cols) },
	{ .id = S "e2-milestones", .plain = S "Milestones: how will you get there?",
	  .kind = PROMPT_TABLE, .label = S "Milestones", .budget = S "sprint",
	  .columns = ms_cols, .nr_columns = N(ms_cols) },
	{ .id = S "e2-sprint", .plain = S "Your sprint", .kind = PROMPT_SPRINT,
	  .name = S "sprint", .label = S "Sprint", .columns = sprint_cols,
	  .nr_columns = N(sprint_cols) },
	{ .id = S "e2-premortem", .plain = S "Pre-mortem: picture the failure.",
	  .kind = PROMPT_ROUNDS, .min_items = 3, .label = S "Pre-mortem",
	  .columns = pm_cols, .nr_columns = N(pm_cols) },
	{ .id = S "e2-support", .plain = S "How would you like support?",
	  .kind = PROMPT_TEXT, .label = S "Support", .required = true },
};

/* Text prompts with no bounds, no annotation: nothing to check. */
static struct prompt plain[] = {
	{ .id = S "e3-enjoy", .plain = S "What do you enjoy?" },
	{ .id = S "e3-list", .plain = S "Anything else?", .kind = PROMPT_LIST },
	{ .id = S "e3-table", .plain = S "A table", .kind = PROMPT_TABLE,
	  .columns = ways_cols, .nr_columns = 1 },
};

static struct exercise exercises[] = {
	{ .id = S "career", .title = S "Make your career awesome",
	  .prompts = career, .nr_prompts = N(career) },
	{ .id = S "project", .title = S "Make your project awesome",
	  .prompts = project, .nr_prompts = N(project) },
	{ .id = S "plain", .title = S "Nothing declared", .prompts = plain,
	  .nr_prompts = N(plain) },
};

static const struct session s7 = {
	.number = 7, .title = S "Session 7", .exercises = exercises,
	.nr_exercises = N(exercises),
};

/* ---- answers and running ---- */

struct kv {
	const char *id, *value;
};

static const char *get(void *ctx, const char *id)
{
	const struct kv *a;

	for (a = ctx; a && a->id; a++)
		if (!strcmp(a->id, id))
			return a->value;
	return NULL;
}

static int day(const char *ymd)
{
	struct span c = { ymd, strlen(ymd) };
	int d = -1;

	assert_true(answer_date(c, &d));
	return d;
}

static struct checks run_on(const struct session *s,
			    const struct exercise *ex, const struct kv *a)
{
	struct checks c = { 0 };

	assert_int_equal(coach_run(s, ex, get, (void *)a, day("2026-12-01"),
				   &c),
			 0);
	return c;
}

static struct checks run(const struct kv *a)
{
	return run_on(&s7, NULL, a);
}

/* The check of `kind` on prompt `id` (the n-th when several). */
static const struct check *find_nth(const struct checks *c, const char *id,
				    const char *kind, int nth)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].prompt->id, id) &&
		    !strcmp(c->v[i].kind, kind) && nth-- == 0)
			return &c->v[i];
	return NULL;
}

static const struct check *find(const struct checks *c, const char *id,
				const char *kind)
{
	const struct check *k = find_nth(c, id, kind, 0);

	if (!k)
		fail_msg("no %s check on %s", kind, id);
	return k;
}

static void expect(const struct kv *a, const char *id, const char *kind,
		   bool pass, const char *title, const char *detail)
{
	struct checks c = run(a);
	const struct check *k = find(&c, id, kind);

	assert_string_equal(k->title, title);
	assert_string_equal(k->detail, detail);
	assert_int_equal(k->pass, pass);
	checks_release(&c);
}

/* ---- bounds ---- */

static void test_roles_too_few(void **state)
{
	const struct kv a[] = { { "e1-roles", "Researcher\nEngineer" }, { 0 } };

	(void)state;
	expect(a, "e1-roles", "bounds", false, "Roles: 3 to 5", "You have 2.");
}

static void test_roles_too_many(void **state)
{
	const struct kv a[] = { { "e1-roles", "A\nB\nC\nD\nE\nF" }, { 0 } };

	(void)state;
	expect(a, "e1-roles", "bounds", false, "Roles: 3 to 5",
	       "You have 6; keep the 5 that matter most.");
}

static void test_roles_in_bounds(void **state)
{
	const struct kv a[] = { { "e1-roles", "A\nB\nC\nD" }, { 0 } };
	struct checks c;

	(void)state;
	expect(a, "e1-roles", "bounds", true, "Roles: 3 to 5", "You have 4.");
	/* the bounds already say "answer this": no second check */
	c = run(a);
	assert_null(find_nth(&c, "e1-roles", "required", 0));
	checks_release(&c);
}

static void test_assets_too_few(void **state)
{
	const struct kv a[] = { { "e1-assets", "1\n2\n3\n4\n5\n6\n7\n8\n9" },
				{ 0 } };

	(void)state;
	expect(a, "e1-assets", "bounds", false, "Assets: at least 10",
	       "You have 9.");
}

static void test_assets_enough(void **state)
{
	const struct kv a[] = { { "e1-assets", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10" },
				{ 0 } };

	(void)state;
	expect(a, "e1-assets", "bounds", true, "Assets: at least 10",
	       "You have 10.");
}

static void test_ways_too_few(void **state)
{
	const struct kv a[] = { { "e2-ways", "Replicate\nAsk\tyes" }, { 0 } };

	(void)state;
	expect(a, "e2-ways", "bounds", false, "Ways: at least 3", "You have 2.");
}

static void test_ways_enough(void **state)
{
	const struct kv a[] = { { "e2-ways", "Replicate\nAsk\nBuild" }, { 0 } };

	(void)state;
	expect(a, "e2-ways", "bounds", true, "Ways: at least 3", "You have 3.");
}

static void test_premortem_rounds_too_few(void **state)
{
	const struct kv a[] = { { "e2-premortem", "Ran out of time\tTime\n"
						  "No GPUs\tCompute" },
				{ 0 } };

	(void)state;
	expect(a, "e2-premortem", "bounds", false,
	       "Pre-mortem: at least 3 rounds", "You have 2.");
}

static void test_premortem_rounds_enough(void **state)
{
	const struct kv a[] = { { "e2-premortem", "A\tTime\nB\tCompute\nC" },
				{ 0 } };

	(void)state;
	expect(a, "e2-premortem", "bounds", true,
	       "Pre-mortem: at least 3 rounds", "You have 3.");
}

/* ---- rows= ---- */

static void test_role_without_cheap_test(void **state)
{
	/* B has a row but its required cell is empty; C has none. */
	const struct kv a[] = {
		{ "e1-roles", "Researcher\nB\nC" },
		{ "e1-tests", "researcher\tDo a MATS task\nB" },
		{ 0 },
	};

	(void)state;
	expect(a, "e1-tests", "rows", false, "Cheap tests: one for each role",
	       "None yet for B, C.");
}

static void test_every_role_has_cheap_test(void **state)
{
	const struct kv a[] = {
		{ "e1-roles", "Researcher\nEngineer\nPolicy analyst" },
		{ "e1-tests", "Researcher\tA MATS task\nEngineer\tA PR\n"
			      "Policy analyst\tA memo\nOld role\tGone" },
		{ 0 },
	};

	(void)state;
	expect(a, "e1-tests", "rows", true, "Cheap tests: one for each role",
	       "All 3 covered.");
}

static void test_cheap_tests_without_roles(void **state)
{
	const struct kv a[] = { { "e1-tests", "A\tB" }, { 0 } };

	(void)state;
	expect(a, "e1-tests", "rows", false, "Cheap tests: one for each role",
	       "Fill in Roles first.");
}

/* ---- required columns and typed cells ---- */

static void test_uncertainty_without_test(void **state)
{
	const struct kv a[] = {
		{ "e1-uncertainties", "Will I enjoy research?\tA MATS task\n"
				      "Am I good at coding?" },
		{ 0 },
	};

	(void)state;
	expect(a, "e1-uncertainties", "cell", false,
	       "Uncertainties: “Test” filled in for every row",
	       "Missing for Am I good at coding?");
}

static void test_uncertainties_tested(void **state)
{
	const struct kv a[] = {
		{ "e1-uncertainties", "Will I enjoy research?\tA MATS task" },
		{ 0 },
	};

	(void)state;
	expect(a, "e1-uncertainties", "cell", true,
	       "Uncertainties: “Test” filled in for every row", "The only row is fine.");
}

static void test_milestone_without_date(void **state)
{
	const struct kv a[] = {
		{ "e2-milestones", "Read papers\t\t4\nDraft\t2026-12-10\t2" },
		{ 0 },
	};

	(void)state;
	expect(a, "e2-milestones", "cell", false, "Milestones: “By when” filled in for every row",
	       "Missing for Read papers.");
}

static void test_milestones_dated(void **state)
{
	const struct kv a[] = {
		{ "e2-milestones", "Read papers\t2026-12-05\t4\n"
				   "Draft\t2026-12-10\t2" },
		{ 0 },
	};
	struct checks c;

	(void)state;
	expect(a, "e2-milestones", "cell", true, "Milestones: “By when” filled in for every row",
	       "All 2 rows fine.");
	c = run(a);
	assert_string_equal(find_nth(&c, "e2-milestones", "cell", 1)->title,
			    "Milestones: “Hours” filled in for every row");
	assert_true(find_nth(&c, "e2-milestones", "cell", 1)->pass);
	checks_release(&c);
}

static void test_date_not_real(void **state)
{
	const struct kv a[] = {
		{ "e2-milestones", "Read\t2026-12-05\t4\nDraft\t2026-02-30\t2\n"
				   "Ship\t12/20/2026\t1" },
		{ 0 },
	};

	(void)state;
	expect(a, "e2-milestones", "cell", false, "Milestones: “By when” filled in for every row",
	       "Not a real date (YYYY-MM-DD): “2026-02-30” for Draft, "
	       "“12/20/2026” for Ship.");
}

static void test_hours_not_a_number(void **state)
{
	const struct kv a[] = {
		{ "e2-milestones", "Read\t2026-12-05\ttwo\nDraft\t2026-12-06" },
		{ 0 },
	};
	struct checks c = run(a);
	const struct check *k = find_nth(&c, "e2-milestones", "cell", 1);

	(void)state;
	assert_non_null(k);
	assert_string_equal(k->title, "Milestones: “Hours” filled in for every row");
	assert_false(k->pass);
	assert_string_equal(k->detail, "Missing for Draft. Not a number of "
				       "hours: “two” for Read.");
	checks_release(&c);
}

/* A typed column that is not required still has its values checked. */
static void test_optional_typed_column(void **state)
{
	static struct column cols[] = {
		{ .label = S "Task", .type = COL_TEXT },
		{ .label = S "Due", .type = COL_DATE },
	};
	struct prompt p[] = { { .id = S "x-due", .plain = S "Tasks",
				.kind = PROMPT_TABLE, .columns = cols,
				.nr_columns = 2 } };
	struct exercise e[] = { { .id = S "x", .prompts = p, .nr_prompts = 1 } };
	struct session s = { .exercises = e, .nr_exercises = 1 };
	const struct kv bad[] = { { "x-due", "A\tsoon\nB" }, { 0 } };
	const struct kv good[] = { { "x-due", "A\t2026-12-03\nB" }, { 0 } };
	struct checks c;

	(void)state;
	c = run_on(&s, NULL, bad);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].kind, "format");
	assert_string_equal(c.v[0].title, "Tasks: “Due” holds real dates");
	assert_false(c.v[0].pass);
	assert_string_equal(c.v[0].detail,
			    "Not a real date (YYYY-MM-DD): “soon” for A.");
	checks_release(&c);
	c = run_on(&s, NULL, good);
	assert_int_equal(c.n, 1);
	assert_true(c.v[0].pass);
	checks_release(&c);
}

/* ---- scale ---- */

static void test_goal_served_poorly(void **state)
{
	const struct kv a[] = {
		{ "e2-goals", "Get a job\nLearn a skill\nPortfolio\nWrite" },
		{ "e2-fit", "Get a job\t3\nLearn a skill\tpoorly\n"
			    "Portfolio\t0\nWrite\nOther\tmeh" },
		{ 0 },
	};

	(void)state;
	expect(a, "e2-fit", "scale", false, "Ratings: every goal rated partly or well",
	       "Learn a skill (poorly), Portfolio (not at all), "
	       "Write (not rated), Other (not a rating).");
}

static void test_goals_served(void **state)
{
	const struct kv a[] = {
		{ "e2-goals", "Get a job\nLearn a skill" },
		{ "e2-fit", "Get a job\t3\nLearn a skill\tpartly" },
		{ 0 },
	};
	struct checks c;

	(void)state;
	expect(a, "e2-fit", "scale", true, "Ratings: every goal rated partly or well",
	       "All 2 rows fine.");
	c = run(a);
	assert_true(find(&c, "e2-fit", "rows")->pass);
	checks_release(&c);
}

/* ---- mark :one ---- */

static void test_no_way_marked_simplest(void **state)
{
	const struct kv a[] = { { "e2-ways", "Replicate\nAsk\nBuild" }, { 0 } };

	(void)state;
	expect(a, "e2-ways", "mark", false, "Ways: one marked simplest",
	       "None marked yet.");
}

static void test_way_marked_simplest(void **state)
{
	const struct kv a[] = { { "e2-ways", "Replicate\nAsk\tyes\nBuild" },
				{ 0 } };

	(void)state;
	expect(a, "e2-ways", "mark", true, "Ways: one marked simplest",
	       "Marked: Ask.");
}

/* ---- choice :all ---- */

static void test_risk_area_without_round(void **state)
{
	const struct kv a[] = { { "e2-premortem", "Ran out of time\tTime\n"
						  "Bug\ttechnical\nOops" },
				{ 0 } };

	(void)state;
	expect(a, "e2-premortem", "cover", false,
	       "Pre-mortem: a round for every risk area",
	       "No round yet for Compute, Backups.");
}

static void test_every_risk_area_covered(void **state)
{
	const struct kv a[] = { { "e2-premortem", "A\tTime\nB\tCompute\n"
						  "C\tTechnical\nD\tBackups" },
				{ 0 } };

	(void)state;
	expect(a, "e2-premortem", "cover", true, "Pre-mortem: a round for every risk area",
	       "All 4 covered.");
}

/* ---- budget=sprint ---- */

static void test_milestone_outside_sprint(void **state)
{
	const struct kv a[] = {
		{ "e2-sprint", "2026-12-07\t2\t5" },
		{ "e2-milestones", "Read\t2026-12-05\t1\nDraft\t2026-12-20\t1\n"
				   "Ship\t2026-12-21\t1" },
		{ 0 },
	};

	(void)state;
	expect(a, "e2-milestones", "dates", false, "Milestones: dates within the sprint",
	       "The sprint runs 2026-12-07 to 2026-12-20. Outside it: Read "
	       "(2026-12-05, before it starts), Ship (2026-12-21, after it "
	       "ends).");
}

static void test_milestones_inside_default_sprint(void **state)
{
	/* No sprint answer: today (2026-12-01), 4 weeks, 4 h a week. */
	const struct kv a[] = {
		{ "e2-milestones", "Read\t2026-12-01\t1\nShip\t2026-12-28\t1" },
		{ 0 },
	};

	(void)state;
	expect(a, "e2-milestones", "dates", true, "Milestones: dates within the sprint",
	       "The sprint runs 2026-12-01 to 2026-12-28.");
}

static void test_default_sprint_last_day(void **state)
{
	const struct kv a[] = { { "e2-milestones", "Ship\t2026-12-29\t1" },
				{ 0 } };

	(void)state;
	expect(a, "e2-milestones", "dates", false, "Milestones: dates within the sprint",
	       "The sprint runs 2026-12-01 to 2026-12-28. Outside it: Ship "
	       "(2026-12-29, after it ends).");
}

static void test_hours_over_budget(void **state)
{
	const struct kv a[] = {
		{ "e2-milestones", "Read\t2026-12-02\t10\nDraft\t2026-12-09\t12" },
		{ 0 },
	};

	(void)state;
	expect(a, "e2-milestones", "hours", false, "Milestones: hours fit the sprint",
	       "22 h planned; the sprint has 16 h (4 weeks × 4 h).");
}

static void test_hours_within_budget(void **state)
{
	const struct kv a[] = {
		{ "e2-sprint", "2026-12-01\t1\t2.5" },
		{ "e2-milestones", "Read\t2026-12-02\t1,5\nDraft\t2026-12-03\t1" },
		{ 0 },
	};

	(void)state;
	expect(a, "e2-milestones", "hours", true, "Milestones: hours fit the sprint",
	       "2.5 h planned; the sprint has 2.5 h (1 week × 2.5 h).");
}

static void test_sprint_cells(void **state)
{
	const struct kv bad[] = { { "e2-sprint", "2026-13-01\tfour\t4" },
				  { 0 } };
	const struct kv good[] = { { "e2-sprint", "2026-12-07\t6\t3.5" },
				   { 0 } };

	(void)state;
	expect(bad, "e2-sprint", "sprint", false,
	       "Sprint: start, weeks and hours a week",
	       "“2026-13-01” is not a real date (YYYY-MM-DD). “four” is not a "
	       "number of weeks from 1 to 52. Using 4 weeks from 2026-12-01 to "
	       "2026-12-28, 4 h a week.");
	expect(good, "e2-sprint", "sprint", true,
	       "Sprint: start, weeks and hours a week",
	       "Planned: 6 weeks from 2026-12-07 to 2027-01-17, 3.5 h "
	       "a week.");
}

/* ---- required ---- */

static void test_no_support_asked(void **state)
{
	const struct kv a[] = { { 0 } };

	(void)state;
	expect(a, "e2-support", "required", false, "Support: answered",
	       "Not answered yet.");
}

static void test_support_asked(void **state)
{
	const struct kv a[] = { { "e2-support", "A weekly check-in" }, { 0 } };

	(void)state;
	expect(a, "e2-support", "required", true, "Support: answered",
	       "Answered.");
}

/* ---- whole plans ---- */

/* Nothing answered: every declared check is listed, in prompt order, and
 * none passes but the sprint's defaults (an empty table passes no check
 * of its rows). */
static void test_empty_plan(void **state)
{
	static const struct {
		const char *id, *kind, *title;
		bool pass;
	} want[] = {
		{ "e1-roles", "bounds", "Roles: 3 to 5", false },
		{ "e1-tests", "rows", "Cheap tests: one for each role", false },
		{ "e1-assets", "bounds", "Assets: at least 10", false },
		{ "e1-uncertainties", "cell", "Uncertainties: “Test” filled in for every row",
		  false },
		{ "e2-ways", "bounds", "Ways: at least 3", false },
		{ "e2-ways", "mark", "Ways: one marked simplest", false },
		{ "e2-fit", "rows", "Ratings: one for each goal", false },
		{ "e2-fit", "scale", "Ratings: every goal rated partly or well", false },
		{ "e2-milestones", "cell", "Milestones: “By when” filled in for every row", false },
		{ "e2-milestones", "cell", "Milestones: “Hours” filled in for every row", false },
		{ "e2-milestones", "dates", "Milestones: dates within the sprint", false },
		{ "e2-milestones", "hours", "Milestones: hours fit the sprint", false },
		{ "e2-sprint", "sprint", "Sprint: start, weeks and hours a week",
		  true },
		{ "e2-premortem", "bounds", "Pre-mortem: at least 3 rounds", false },
		{ "e2-premortem", "cell",
		  "Pre-mortem: “What went wrong” filled in for every "
		  "round", false },
		{ "e2-premortem", "cover", "Pre-mortem: a round for every risk area", false },
		{ "e2-support", "required", "Support: answered", false },
	};
	struct checks c = run(NULL);
	size_t i;
	int passed = 0;

	(void)state;
	for (i = 0; i < c.n && i < N(want); i++) {
		assert_string_equal(c.v[i].prompt->id, want[i].id);
		assert_string_equal(c.v[i].kind, want[i].kind);
		assert_string_equal(c.v[i].title, want[i].title);
		assert_int_equal(c.v[i].pass, want[i].pass);
		passed += want[i].pass;
	}
	assert_int_equal(c.n, N(want));
	assert_int_equal(c.passed, passed);
	assert_string_equal(find(&c, "e1-roles", "bounds")->detail, "None yet.");
	assert_string_equal(find(&c, "e2-fit", "rows")->detail,
			    "Fill in Goals first.");
	assert_string_equal(find(&c, "e2-sprint", "sprint")->detail,
			    "Not set yet; using 4 weeks from 2026-12-01 to "
			    "2026-12-28, 4 h a week.");
	assert_string_equal(find(&c, "e2-milestones", "hours")->detail,
			    "0 h planned; the sprint has 16 h (4 weeks × 4 h). "
			    "No rows yet.");
	checks_release(&c);
}

static void test_no_declarations_no_checks(void **state)
{
	const struct kv a[] = { { "e3-enjoy", "Writing" },
				{ "e3-list", "a\nb" },
				{ "e3-table", "x\ty" },
				{ 0 } };
	struct checks c;

	(void)state;
	c = run_on(&s7, &exercises[2], a);
	assert_int_equal(c.n, 0);
	assert_int_equal(c.passed, 0);
	checks_release(&c);
	c = run_on(&s7, &exercises[2], NULL);
	assert_int_equal(c.n, 0);
	checks_release(&c);
}

/* Only the exercise asked for; appending keeps what was there. */
static void test_one_exercise_appends(void **state)
{
	struct checks c = { 0 };
	size_t i, first;

	(void)state;
	assert_int_equal(coach_run(&s7, &exercises[0], get, NULL, 0, &c), 0);
	first = c.n;
	assert_int_equal(first, 4);
	for (i = 0; i < c.n; i++)
		assert_memory_equal(c.v[i].prompt->id, "e1-", 3);
	assert_int_equal(coach_run(&s7, &exercises[1], get, NULL, 0, &c), 0);
	assert_true(c.n > first);
	for (i = first; i < c.n; i++)
		assert_memory_equal(c.v[i].prompt->id, "e2-", 3);
	checks_release(&c);
	assert_int_equal(c.n, 0);
	assert_null(c.v);
}

/* An optional prompt left empty is not nagged; once answered it is. */
static void test_optional_prompt(void **state)
{
	struct prompt p[] = { { .id = S "o-assets", .plain = S "Assets?",
				.kind = PROMPT_LIST, .min_items = 10,
				.optional = true, .label = S "Assets" } };
	struct exercise e[] = { { .id = S "o", .prompts = p, .nr_prompts = 1 } };
	struct session s = { .exercises = e, .nr_exercises = 1 };
	const struct kv some[] = { { "o-assets", "Python" }, { 0 } };
	struct checks c;

	(void)state;
	c = run_on(&s, NULL, NULL);
	assert_int_equal(c.n, 0);
	checks_release(&c);
	c = run_on(&s, NULL, some);
	assert_int_equal(c.n, 1);
	assert_false(c.v[0].pass);
	assert_string_equal(c.v[0].detail, "You have 1.");
	checks_release(&c);
}

/* Checks follow declarations, not ids or labels: the same prompts under
 * other ids and without labels give generic titles. */
static void test_unlabelled_prompts(void **state)
{
	static struct column cols[] = {
		{ .label = S "Item", .type = COL_TEXT },
		{ .label = S "Done", .type = COL_MARK, .one = true },
	};
	struct prompt p[] = {
		{ .id = S "q7", .plain = S "Which 3-5 roles, 5-10 years from "
					   "now, could you see yourself in?",
		  .kind = PROMPT_LIST, .min_items = 3, .max_items = 5,
		  .name = S "things" },
		{ .id = S "q8", .plain = S "For each, what?",
		  .kind = PROMPT_TABLE, .rows_from = S "things",
		  .columns = cols, .nr_columns = 2 },
		{ .id = S "q9", .plain = S "Anything to add?", .required = true },
	};
	struct exercise e[] = { { .id = S "q", .prompts = p, .nr_prompts = 3 } };
	struct session s = { .exercises = e, .nr_exercises = 1 };
	const struct kv a[] = { { "q7", "A\nB\nC" }, { "q8", "A\t\u2713\nB" },
				{ 0 } };
	struct checks c = run_on(&s, NULL, a);

	(void)state;
	assert_int_equal(c.n, 4);
	assert_string_equal(c.v[0].title, "3 to 5 items");
	assert_true(c.v[0].pass);
	assert_string_equal(c.v[1].title, "A row for each item");
	assert_false(c.v[1].pass);
	assert_string_equal(c.v[1].detail, "None yet for B, C.");
	assert_string_equal(c.v[2].title, "One row marked done");
	assert_true(c.v[2].pass);
	assert_string_equal(c.v[3].title, "Answered");
	assert_false(c.v[3].pass);
	assert_int_equal(c.passed, 2);
	checks_release(&c);
}

/* Many gaps: the detail names the first ones, counts the rest, and stays
 * valid UTF-8 within its size. */
static void test_long_gap_list(void **state)
{
	char roles[4096] = "", tests[64] = "";
	size_t i;
	struct checks c;
	const struct check *k;

	(void)state;
	for (i = 0; i < 60; i++)
		snprintf(roles + strlen(roles), sizeof(roles) - strlen(roles),
			 "%sRöle number %zu with a rather long name indeed",
			 i ? "\n" : "", i);
	{
		const struct kv a[] = { { "e1-roles", roles },
					{ "e1-tests", tests },
					{ 0 } };

		c = run(a);
	}
	k = find(&c, "e1-tests", "rows");
	assert_false(k->pass);
	assert_true(strlen(k->detail) < sizeof(k->detail));
	assert_non_null(strstr(k->detail, "None yet for Röle number 0"));
	assert_non_null(strstr(k->detail, "more."));
	k = find(&c, "e1-roles", "bounds");
	assert_string_equal(k->detail,
			    "You have 60; keep the 5 that matter most.");
	checks_release(&c);
}

/* ---- the real session 7 ---- */

#define SESSION7 "content/session-07.md"

struct want {
	const char *id, *kind, *title, *detail;
	bool pass;
};

static void load_s07(struct session *s)
{
	struct buf b = BUF_INIT;
	struct import_error err;
	char chunk[4096];
	FILE *f = fopen(SESSION7, "rb");
	size_t n;

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	assert_false(b.err);
	if (session_parse(b.data, b.len, s, &err))
		fail_msg("%s", err.msg);
	buf_release(&b);
}

/* Titles start with a capital and end without a stop; details are whole
 * sentences, ended once ("coding?" not "coding?."). */
static void assert_plain_english(const struct check *k)
{
	size_t t = strlen(k->title), d = strlen(k->detail);

	assert_true(t > 0 && d > 1);
	assert_true(k->title[0] >= 'A' && k->title[0] <= 'Z');
	assert_null(strchr(".:;,", k->title[t - 1]));
	assert_non_null(strchr(".?!", k->detail[d - 1]));
	assert_true((k->detail[0] >= 'A' && k->detail[0] <= 'Z') ||
		    (k->detail[0] >= '0' && k->detail[0] <= '9'));
	assert_null(strstr(k->detail, "?."));
	assert_null(strstr(k->detail, ".."));
	assert_null(strstr(k->title, "  "));
	assert_null(strstr(k->detail, "  "));
}

static void expect_all(const struct session *s, const struct kv *a,
		       const struct want *w, size_t nw)
{
	struct checks c = { 0 };
	int passed = 0;
	size_t i;

	assert_int_equal(coach_run(s, NULL, get, (void *)a, day("2027-01-04"),
				   &c),
			 0);
	for (i = 0; i < c.n && i < nw; i++) {
		assert_string_equal(c.v[i].prompt->id, w[i].id);
		assert_string_equal(c.v[i].kind, w[i].kind);
		assert_string_equal(c.v[i].title, w[i].title);
		if (w[i].detail)
			assert_string_equal(c.v[i].detail, w[i].detail);
		assert_int_equal(c.v[i].pass, w[i].pass);
		assert_plain_english(&c.v[i]);
		passed += w[i].pass;
	}
	assert_int_equal(c.n, nw);
	assert_int_equal(c.passed, passed);
	checks_release(&c);
}

/* Every check of the shipped session 7, word for word: a change of
 * wording must be made here too, on purpose. */
static void test_session7_empty(void **state)
{
	static const struct want w[] = {
		{ "e1-roles", "bounds", "Roles: 3 to 5", "None yet.", false },
		{ "e1-tests", "rows", "Cheap tests: one for each role",
		  "Fill in Roles first.", false },
		{ "e1-tests", "format", "Cheap tests: “Hours” holds numbers",
		  "No rows yet.", false },
		{ "e1-tests", "format",
		  "Cheap tests: “By when” holds real dates", "No rows yet.",
		  false },
		{ "e1-uncertainties", "cell",
		  "Uncertainties: “Uncertainty” filled in for every row",
		  "No rows yet.", false },
		{ "e1-uncertainties", "cell",
		  "Uncertainties: “Resolved by” filled in for every row",
		  "No rows yet.", false },
		{ "e2-ways", "bounds", "Ways to find answers: exactly 3",
		  "None yet.", false },
		{ "e2-ways", "cell",
		  "Ways to find answers: “Way” filled in for every row",
		  "No rows yet.", false },
		{ "e2-ways", "mark", "Ways to find answers: one marked simplest",
		  "None marked yet.", false },
		{ "e2-deliverable", "required", "Deliverable: answered",
		  "Not answered yet.", false },
		{ "e2-fit", "rows", "Fit with goals: one for each goal",
		  "Fill in Goals first.", false },
		{ "e2-fit", "scale",
		  "Fit with goals: every goal rated partly or well",
		  "No rows yet.", false },
		{ "e2-sprint", "sprint", "Sprint: start, weeks and hours a week",
		  "Not set yet; using 4 weeks from 2027-01-04 to 2027-01-31, "
		  "4 h a week.", true },
		{ "e2-milestones", "bounds", "Milestones: at least 2",
		  "None yet.", false },
		{ "e2-milestones", "cell",
		  "Milestones: “Milestone” filled in for every row",
		  "No rows yet.", false },
		{ "e2-milestones", "cell",
		  "Milestones: “By when” filled in for every row",
		  "No rows yet.", false },
		{ "e2-milestones", "cell",
		  "Milestones: “Hours” filled in for every row", "No rows yet.",
		  false },
		{ "e2-milestones", "dates", "Milestones: dates within the sprint",
		  "The sprint runs 2027-01-04 to 2027-01-31. No rows yet.",
		  false },
		{ "e2-milestones", "hours", "Milestones: hours fit the sprint",
		  "0 h planned; the sprint has 16 h (4 weeks × 4 h). No rows "
		  "yet.", false },
		{ "e2-premortem", "bounds", "Pre-mortem: at least 3 rounds",
		  "None yet.", false },
		{ "e2-premortem", "cell",
		  "Pre-mortem: “What went wrong” filled in for every round",
		  "No rounds yet.", false },
		{ "e2-premortem", "cell",
		  "Pre-mortem: “How to prevent it or learn sooner” filled in "
		  "for every round", "No rounds yet.", false },
		{ "e2-premortem", "cover",
		  "Pre-mortem: a round for every risk area",
		  "No round yet for Time, Compute or model access, Technical "
		  "uncertainty, Version control and backups.", false },
		{ "e2-support", "required", "Support: answered",
		  "Not answered yet.", false },
	};
	struct session s;

	(void)state;
	load_s07(&s);
	expect_all(&s, NULL, w, N(w));
	session_release(&s);
}

/* A plan with a gap in every place one can be: the optional prompts,
 * once answered, are checked too. */
static void test_session7_gaps(void **state)
{
	static const struct kv a[] = {
		{ "e1-roles", "Research engineer\nPolicy analyst\n"
			      "Field builder\nGrantmaker" },
		{ "e1-excited", "Research engineer\nPolicy analyst" },
		{ "e1-tests", "Research engineer\tA MATS task\t10\t2027-01-20\n"
			      "Policy analyst\tWrite a memo\tfive\n"
			      "Field builder\tRun a reading group\t\t2027-02-30\n"
			      "Grantmaker" },
		{ "e1-uncertainties", "Do I like research?\tA MATS task\n"
				      "Can I write?" },
		{ "e1-assets", "Python\nStats\nWriting\nTeaching" },
		{ "e1-skills", "\tStats" },
		{ "e2-goals", "Build a skill\nGet a job" },
		{ "e2-ways", "Replicate a paper\nAsk an author\nRun a probe\n"
			     "Guess" },
		{ "e2-fit", "Build a skill\t3\nGet a job\t1" },
		{ "e2-sprint", "2027-01-04\t4\t5" },
		{ "e2-milestones", "Read papers\t2027-01-10\t6\n"
				   "Draft\t2027-02-10\t20\nShip" },
		{ "e2-premortem", "Ran out of time\tCut scope\tTime\n"
				  "No GPUs\tUse Colab\tCompute or model access\n"
				  "Bug\t\tTechnical uncertainty" },
		{ 0 },
	};
	static const struct want w[] = {
		{ "e1-roles", "bounds", "Roles: 3 to 5", "You have 4.", true },
		{ "e1-tests", "rows", "Cheap tests: one for each role",
		  "None yet for Grantmaker.", false },
		{ "e1-tests", "format", "Cheap tests: “Hours” holds numbers",
		  "Not a number of hours: “five” for Policy analyst.", false },
		{ "e1-tests", "format",
		  "Cheap tests: “By when” holds real dates",
		  "Not a real date (YYYY-MM-DD): “2027-02-30” for Field "
		  "builder.", false },
		{ "e1-uncertainties", "cell",
		  "Uncertainties: “Uncertainty” filled in for every row",
		  "All 2 rows fine.", true },
		{ "e1-uncertainties", "cell",
		  "Uncertainties: “Resolved by” filled in for every row",
		  "Missing for Can I write?", false },
		{ "e1-assets", "bounds", "Career capital: at least 10",
		  "You have 4.", false },
		{ "e1-skills", "cell",
		  "Rare and valuable skills: “Skill” filled in for every row",
		  "Missing for row 1.", false },
		{ "e2-ways", "bounds", "Ways to find answers: exactly 3",
		  "You have 4; keep the 3 that matter most.", false },
		{ "e2-ways", "cell",
		  "Ways to find answers: “Way” filled in for every row",
		  "All 4 rows fine.", true },
		{ "e2-ways", "mark", "Ways to find answers: one marked simplest",
		  "None marked yet.", false },
		{ "e2-deliverable", "required", "Deliverable: answered",
		  "Not answered yet.", false },
		{ "e2-fit", "rows", "Fit with goals: one for each goal",
		  "All 2 covered.", true },
		{ "e2-fit", "scale",
		  "Fit with goals: every goal rated partly or well",
		  "Get a job (poorly).", false },
		{ "e2-sprint", "sprint", "Sprint: start, weeks and hours a week",
		  "Planned: 4 weeks from 2027-01-04 to 2027-01-31, 5 h a week.",
		  true },
		{ "e2-milestones", "bounds", "Milestones: at least 2",
		  "You have 3.", true },
		{ "e2-milestones", "cell",
		  "Milestones: “Milestone” filled in for every row",
		  "All 3 rows fine.", true },
		{ "e2-milestones", "cell",
		  "Milestones: “By when” filled in for every row",
		  "Missing for Ship.", false },
		{ "e2-milestones", "cell",
		  "Milestones: “Hours” filled in for every row",
		  "Missing for Ship.", false },
		{ "e2-milestones", "dates", "Milestones: dates within the sprint",
		  "The sprint runs 2027-01-04 to 2027-01-31. Outside it: Draft "
		  "(2027-02-10, after it ends).", false },
		{ "e2-milestones", "hours", "Milestones: hours fit the sprint",
		  "26 h planned; the sprint has 20 h (4 weeks × 5 h).", false },
		{ "e2-premortem", "bounds", "Pre-mortem: at least 3 rounds",
		  "You have 3.", true },
		{ "e2-premortem", "cell",
		  "Pre-mortem: “What went wrong” filled in for every round",
		  "All 3 rounds fine.", true },
		{ "e2-premortem", "cell",
		  "Pre-mortem: “How to prevent it or learn sooner” filled in "
		  "for every round", "Missing for Bug.", false },
		{ "e2-premortem", "cover",
		  "Pre-mortem: a round for every risk area",
		  "No round yet for Version control and backups.", false },
		{ "e2-support", "required", "Support: answered",
		  "Not answered yet.", false },
	};
	struct session s;

	(void)state;
	load_s07(&s);
	expect_all(&s, a, w, N(w));
	session_release(&s);
}

/* A plan that passes everything, with single rows where "All 1" would
 * have read oddly. */
static void test_session7_complete(void **state)
{
	static const struct kv a[] = {
		{ "e1-roles", "Research engineer\nPolicy analyst\nField builder" },
		{ "e1-tests", "Research engineer\tA MATS task\t10\t2027-01-20\n"
			      "Policy analyst\tWrite a memo\n"
			      "Field builder\tRun a reading group" },
		{ "e1-uncertainties", "Do I like research?\tA MATS task" },
		{ "e2-goals", "Build a skill" },
		{ "e2-ways", "Replicate a paper\tyes\nAsk an author\nRun a probe" },
		{ "e2-deliverable", "A report" },
		{ "e2-fit", "Build a skill\twell" },
		{ "e2-sprint", "2027-01-04\t1\t5" },
		{ "e2-milestones", "Read papers\t2027-01-05\t2\n"
				   "Draft\t2027-01-10\t3" },
		{ "e2-premortem", "Ran out of time\tCut scope\tTime\n"
				  "No GPUs\tUse Colab\tCompute or model access\n"
				  "Bug\tTest early\tTechnical uncertainty\n"
				  "Lost work\tGit\tVersion control and backups" },
		{ "e2-support", "Weekly check-in" },
		{ 0 },
	};
	static const struct want w[] = {
		{ "e1-roles", "bounds", "Roles: 3 to 5", "You have 3.", true },
		{ "e1-tests", "rows", "Cheap tests: one for each role",
		  "All 3 covered.", true },
		{ "e1-tests", "format", "Cheap tests: “Hours” holds numbers",
		  "All 3 rows fine.", true },
		{ "e1-tests", "format",
		  "Cheap tests: “By when” holds real dates", "All 3 rows fine.",
		  true },
		{ "e1-uncertainties", "cell",
		  "Uncertainties: “Uncertainty” filled in for every row",
		  "The only row is fine.", true },
		{ "e1-uncertainties", "cell",
		  "Uncertainties: “Resolved by” filled in for every row",
		  "The only row is fine.", true },
		{ "e2-ways", "bounds", "Ways to find answers: exactly 3",
		  "You have 3.", true },
		{ "e2-ways", "cell",
		  "Ways to find answers: “Way” filled in for every row",
		  "All 3 rows fine.", true },
		{ "e2-ways", "mark", "Ways to find answers: one marked simplest",
		  "Marked: Replicate a paper.", true },
		{ "e2-deliverable", "required", "Deliverable: answered",
		  "Answered.", true },
		{ "e2-fit", "rows", "Fit with goals: one for each goal",
		  "Covered.", true },
		{ "e2-fit", "scale",
		  "Fit with goals: every goal rated partly or well",
		  "The only row is fine.", true },
		{ "e2-sprint", "sprint", "Sprint: start, weeks and hours a week",
		  "Planned: 1 week from 2027-01-04 to 2027-01-10, 5 h a week.",
		  true },
		{ "e2-milestones", "bounds", "Milestones: at least 2",
		  "You have 2.", true },
		{ "e2-milestones", "cell",
		  "Milestones: “Milestone” filled in for every row",
		  "All 2 rows fine.", true },
		{ "e2-milestones", "cell",
		  "Milestones: “By when” filled in for every row",
		  "All 2 rows fine.", true },
		{ "e2-milestones", "cell",
		  "Milestones: “Hours” filled in for every row",
		  "All 2 rows fine.", true },
		{ "e2-milestones", "dates", "Milestones: dates within the sprint",
		  "The sprint runs 2027-01-04 to 2027-01-10.", true },
		{ "e2-milestones", "hours", "Milestones: hours fit the sprint",
		  "5 h planned; the sprint has 5 h (1 week × 5 h).", true },
		{ "e2-premortem", "bounds", "Pre-mortem: at least 3 rounds",
		  "You have 4.", true },
		{ "e2-premortem", "cell",
		  "Pre-mortem: “What went wrong” filled in for every round",
		  "All 4 rounds fine.", true },
		{ "e2-premortem", "cell",
		  "Pre-mortem: “How to prevent it or learn sooner” filled in "
		  "for every round", "All 4 rounds fine.", true },
		{ "e2-premortem", "cover",
		  "Pre-mortem: a round for every risk area", "All 4 covered.",
		  true },
		{ "e2-support", "required", "Support: answered", "Answered.",
		  true },
	};
	struct session s;

	(void)state;
	load_s07(&s);
	expect_all(&s, a, w, N(w));
	session_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles_too_few),
		cmocka_unit_test(test_roles_too_many),
		cmocka_unit_test(test_roles_in_bounds),
		cmocka_unit_test(test_assets_too_few),
		cmocka_unit_test(test_assets_enough),
		cmocka_unit_test(test_ways_too_few),
		cmocka_unit_test(test_ways_enough),
		cmocka_unit_test(test_premortem_rounds_too_few),
		cmocka_unit_test(test_premortem_rounds_enough),
		cmocka_unit_test(test_role_without_cheap_test),
		cmocka_unit_test(test_every_role_has_cheap_test),
		cmocka_unit_test(test_cheap_tests_without_roles),
		cmocka_unit_test(test_uncertainty_without_test),
		cmocka_unit_test(test_uncertainties_tested),
		cmocka_unit_test(test_milestone_without_date),
		cmocka_unit_test(test_milestones_dated),
		cmocka_unit_test(test_date_not_real),
		cmocka_unit_test(test_hours_not_a_number),
		cmocka_unit_test(test_optional_typed_column),
		cmocka_unit_test(test_goal_served_poorly),
		cmocka_unit_test(test_goals_served),
		cmocka_unit_test(test_no_way_marked_simplest),
		cmocka_unit_test(test_way_marked_simplest),
		cmocka_unit_test(test_risk_area_without_round),
		cmocka_unit_test(test_every_risk_area_covered),
		cmocka_unit_test(test_milestone_outside_sprint),
		cmocka_unit_test(test_milestones_inside_default_sprint),
		cmocka_unit_test(test_default_sprint_last_day),
		cmocka_unit_test(test_hours_over_budget),
		cmocka_unit_test(test_hours_within_budget),
		cmocka_unit_test(test_sprint_cells),
		cmocka_unit_test(test_no_support_asked),
		cmocka_unit_test(test_support_asked),
		cmocka_unit_test(test_empty_plan),
		cmocka_unit_test(test_no_declarations_no_checks),
		cmocka_unit_test(test_one_exercise_appends),
		cmocka_unit_test(test_optional_prompt),
		cmocka_unit_test(test_unlabelled_prompts),
		cmocka_unit_test(test_long_gap_list),
		cmocka_unit_test(test_session7_empty),
		cmocka_unit_test(test_session7_gaps),
		cmocka_unit_test(test_session7_complete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
