/*
 * The plan pages: "Your plans" and an exercise's history, driven through
 * app_handle() without a socket (as in test-app.c), and the summary's
 * body rendered for a hand-built session with typed prompts.
 */
#include "app-env.h"
#include "model/answer.h"
#include "web/widgets/plan-summary.h"

static const char session_md[] =
	"# Test Course: Session 4 - Practice\n\n"
	"> Testing the workbook\n\n"
	"# Exercises\n\n"
	"## Plan something\n\n"
	"Do the thing.\n\n"
	"- What is your plan?\n"
	"- What are 3-5 steps you could take?\n";

/* Every request is sent as the page script's autosave. */
static void call(struct app_env *e, const char *method, const char *path,
		 const char *body, struct response *rs)
{
	app_call(e->st, &e->me, method, path, body, 1, 0, rs);
}

static int setup(void **state)
{
	const char *const md[] = { session_md, NULL };

	return app_env_setup(state, "plan", md);
}

static void sign_up(struct app_env *e, const char *email)
{
	app_sign_up(e->st, &e->me, "Tess+Ter", email, "/s/4", 0);
}

static const char *pid(size_t i)
{
	return course_get(4)->exercises[0].prompts[i].id;
}

/* Autosave one text answer. */
static void save(struct app_env *e, const char *text)
{
	struct response rs;
	struct buf body = BUF_INIT;

	buf_addf(&body, "csrf=%s&p=%s&a.%s=%s", e->me.csrf, pid(0), pid(0),
		 text);
	call(e, "POST", "/s/4/e/plan-something", body.data, &rs);
	assert_int_equal(rs.status, 200);
	response_release(&rs);
	buf_release(&body);
}

static void test_login_and_not_found(void **state)
{
	struct app_env *e = *state;
	struct response rs;

	e->me.cookie[0] = '\0';
	call(e, "GET", "/s/4/plan", NULL, &rs);
	assert_int_equal(rs.status, 303);
	assert_string_equal(header_of(&rs, "Location"), "/login?next=/s/4/plan");
	response_release(&rs);
	call(e, "GET", "/s/4/e/plan-something/history", NULL, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);

	sign_up(e, "nf@example.org");
	call(e, "GET", "/s/99/plan", NULL, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	call(e, "GET", "/s/4/e/nope/history", NULL, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	call(e, "POST", "/s/4/plan", "", &rs);
	assert_int_equal(rs.status, 405);
	response_release(&rs);

	/* A session of free-text exercises has no plans to sum up. */
	call(e, "GET", "/s/4/plan", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "<h1>Your plans</h1>"));
	assert_non_null(strstr(rs.body.data, "no plans to sum up"));
	assert_non_null(strstr(rs.body.data, "href=\"/s/4/export.docx\""));
	response_release(&rs);
}

static void test_history(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	const int64_t t0 = 1800000000;

	/* Logged in on the store's clock too, so the login lasts. */
	store_set_clock(e->st, t0);
	sign_up(e, "history@example.org");
	call(e, "GET", "/s/4/e/plan-something/history", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "Nothing saved in this exercise"));
	response_release(&rs);

	save(e, "Read+papers%0AWrite+%3Cscript%3E");
	store_set_clock(e->st, t0 + 30);            /* same version */
	save(e, "Read+three+papers%0AWrite+%3Cscript%3E");
	store_set_clock(e->st, t0 + 600);           /* a second one */
	save(e, "Read+three+papers%0ABuild+a+probe%0AWrite+%3Cscript%3E");
	store_set_clock(e->st, t0 + 4000);          /* a third */
	save(e, "Read+two+papers%0ABuild+a+probe%0AWrite+%3Cscript%3E");
	store_set_clock(e->st, 0);

	call(e, "GET", "/s/4/e/plan-something/history", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "3 versions: the first draft "
			       "from 2027-01-15 08:00 UTC, the newest saved "
			       "2027-01-15 09:06 UTC."));
	/* First draft against now, with visible markers. */
	assert_non_null(strstr(rs.body.data, "<del><span class=\"mark\">− "
			       "</span>Read three papers</del>"));
	assert_non_null(strstr(rs.body.data, "<ins><span class=\"mark\">+ "
			       "</span>Read two papers</ins>"));
	assert_non_null(strstr(rs.body.data, "<ins><span class=\"mark\">+ "
			       "</span>Build a probe</ins>"));
	assert_non_null(strstr(rs.body.data, "Write &lt;script&gt;"));
	assert_null(strstr(rs.body.data, "<script>"));
	/* The legend's two, plus one removed and two added lines. */
	assert_int_equal(count(rs.body.data, "<del>"), 2);
	assert_int_equal(count(rs.body.data, "<ins>"), 3);
	response_release(&rs);

	/* Another participant sees none of it. */
	sign_up(e, "other-history@example.org");
	call(e, "GET", "/s/4/e/plan-something/history", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_null(strstr(rs.body.data, "papers"));
	assert_non_null(strstr(rs.body.data, "Nothing saved in this exercise"));
	response_release(&rs);
}

/* ---- the summary's body, for a session with typed prompts ---- */

static struct column sprint_cols[] = {
	{ .label = "Start", .type = COL_DATE },
	{ .label = "Weeks", .type = COL_NUMBER },
	{ .label = "Hours a week", .type = COL_HOURS },
};
static struct column ms_cols[] = {
	{ .label = "Milestone", .type = COL_TEXT, .required = true },
	{ .label = "By when", .type = COL_DATE, .required = true },
	{ .label = "Hours", .type = COL_HOURS, .required = true },
};
static struct column fit_cols[] = {
	{ .label = "Goal", .type = COL_TEXT },
	{ .label = "Fit", .type = COL_SCALE },
};

static struct prompt typed_prompts[] = {
	{ .id = "e2-deliverable", .text = "What will you deliver?",
	  .plain = "What will you deliver?", .kind = PROMPT_TEXT,
	  .annotation = "text name=deliverable required",
	  .name = "deliverable", .label = "Deliverable", .required = true },
	{ .id = "e2-sprint", .text = "Sprint", .plain = "Sprint",
	  .kind = PROMPT_SPRINT, .annotation = "sprint name=sprint",
	  .name = "sprint", .label = "Sprint", .columns = sprint_cols,
	  .nr_columns = 3 },
	{ .id = "e2-milestones", .text = "Milestones", .plain = "Milestones",
	  .kind = PROMPT_TABLE, .annotation = "table name=milestones",
	  .name = "milestones", .label = "Milestones", .budget = "sprint",
	  .min_items = 1, .columns = ms_cols, .nr_columns = 3 },
	{ .id = "e2-fit", .text = "Fit", .plain = "Fit", .kind = PROMPT_TABLE,
	  .annotation = "table name=fit", .name = "fit",
	  .label = "Goals <served>", .columns = fit_cols, .nr_columns = 2 },
};
static struct prompt text_prompts[] = {
	{ .id = "e1-roles", .text = "Roles?", .plain = "Roles?",
	  .kind = PROMPT_LIST },
};
static struct exercise typed_exercises[] = {
	{ .id = "free-text", .title = "Free text", .prompts = text_prompts,
	  .nr_prompts = 1 },
	{ .id = "make-your-project-awesome", .title = "Make your project "
	  "awesome", .prompts = typed_prompts, .nr_prompts = 4 },
};
static const struct session typed_session = {
	.number = 7, .title = "Plans", .exercises = typed_exercises,
	.nr_exercises = 2,
};

static const char *typed_get(void *ctx, const char *id)
{
	static const char *const answers[][2] = {
		{ "e1-roles", "Researcher" },
		{ "e2-deliverable", "A report on <b>probes</b>" },
		{ "e2-sprint", "2026-12-01\t2\t3" },
		{ "e2-milestones", "Read papers\t2026-12-04\t4\n"
				   "Write up\t2027-01-05\t5" },
		{ "e2-fit", "Show employers\t3\nLearn\t1" },
	};
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof(answers) / sizeof(*answers); i++)
		if (!strcmp(answers[i][0], id))
			return answers[i][1];
	return NULL;
}

static void test_summary_body(void **state)
{
	struct buf b = BUF_INIT;
	int today = 0;

	(void)state;
	assert_true(answer_date((struct span){ "2026-11-30", 10 }, &today));
	plan_summary(&b, &typed_session, typed_get, NULL, today);
	/* Only the exercise with typed prompts. */
	assert_null(strstr(b.data, "Free text"));
	assert_non_null(strstr(b.data, ">Make your project awesome</h2>"));
	assert_non_null(strstr(b.data, "href=\"/s/7/e/make-your-project-"
			       "awesome\""));
	assert_non_null(strstr(b.data, "href=\"/s/7/e/make-your-project-"
			       "awesome/history\""));
	/* Four of four answered; one timeline, one heat map. */
	assert_non_null(strstr(b.data, "Prompts answered: 4 of 4 (100%)"));
	assert_int_equal(count(b.data, "class=\"chart timeline\""), 1);
	assert_int_equal(count(b.data, "class=\"chart heatmap\""), 1);
	assert_int_equal(count(b.data, "class=\"chart completeness\""), 1);
	/* The sprint is two weeks of three hours: 9 planned is over. */
	assert_non_null(strstr(b.data, "Hours: 9 planned of 6 budgeted"));
	assert_int_equal(count(b.data, "class=\"ms late\""), 1);
	/* The checks panel, with words for pass and fail. */
	assert_non_null(strstr(b.data, "<h3 id=\"c-make-your-project-awesome\">"
			       "Checks: "));
	assert_non_null(strstr(b.data, "✗ To do:"));
	assert_non_null(strstr(b.data, "✓ Done:"));
	assert_non_null(strstr(b.data, "dates within the sprint"));
	/* Key answers, escaped; a table with its headers. */
	assert_non_null(strstr(b.data, "A report on &lt;b&gt;probes&lt;/b&gt;"));
	assert_non_null(strstr(b.data, "<th scope=\"col\">By when</th>"));
	assert_non_null(strstr(b.data, "<td>well</td>"));
	assert_non_null(strstr(b.data, "Goals &lt;served&gt;"));
	assert_non_null(strstr(b.data, "From 2026-12-01 to 2026-12-14: 2 "
			       "weeks at 3 hours a week"));
	assert_null(strstr(b.data, "<b>"));
	assert_false(b.err);
	buf_release(&b);
}

/* The downloads of "Your plans": each format, one exercise or all, and
 * nothing for a visitor or an unknown format. */
static void test_exports(void **state)
{
	struct app_env *e = *state;
	struct response rs;

	e->me.cookie[0] = '\0';
	call(e, "GET", "/s/4/export.md", NULL, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);

	sign_up(e, "ex@example.org");
	save(e, "Ship+a+*probe*+%3Cscript%3E");
	call(e, "GET", "/s/4/export.md", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_string_equal(rs.content_type, "text/markdown; charset=utf-8");
	assert_non_null(strstr(rs.body.data, "Ship a \\*probe\\* \\<script\\>"));
	assert_string_equal(header_of(&rs, "Content-Disposition"),
			    "attachment; filename=\"session-4.md\"");
	response_release(&rs);

	call(e, "GET", "/s/4/export.docx?e=plan-something", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(rs.body.len > 1000);
	assert_memory_equal(rs.body.data, "PK", 2);
	assert_string_equal(header_of(&rs, "Content-Disposition"),
			    "attachment; filename=\"session-4-plan-something.docx\"");
	response_release(&rs);

	call(e, "GET", "/s/4/export.html", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "Ship a *probe* &lt;script&gt;"));
	response_release(&rs);
	call(e, "GET", "/s/4/export.ics", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_memory_equal(rs.body.data, "BEGIN:VCALENDAR\r\n", 17);
	response_release(&rs);

	call(e, "GET", "/s/4/export.exe", NULL, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	call(e, "GET", "/s/4/export.md?e=nope", NULL, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	call(e, "GET", "/s/99/export.md", NULL, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_and_not_found),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_summary_body),
		cmocka_unit_test(test_exports),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, app_env_teardown);
}
