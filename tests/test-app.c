/*
 * Request-level tests of the web app: app_handle() is driven with
 * hand-built requests against a real SQLite file, no socket involved.
 */
#include "app-env.h"
#include "core/memo.h"
#include "web/page.h"
#include "web/widgets/fields-post.h"
#include "web/widgets/fields.h"

static const char session_md[] =
	"# Test Course: Session 4 - Practice\n\n"
	"> Testing the workbook\n\n"
	"# Resources\n\n"
	"## [**A reading**](https://example.org/a) by Ann Author (2021)\n\n"
	"> What it says.\n\n"
	"# Exercises\n\n"
	"## Plan something\n\n"
	"Do the thing.\n\n"
	"- What is your plan?\n"
	"- What are 3-5 steps you could take?\n\n"
	"# Thoughts\n\n"
	"Use this space for any reflections on the session.\n";

/* A session with typed fields (docs/plans.md). */
static const char plan_md[] =
	"# Test Course: Session 8 - Plans\n\n"
	"# Exercises\n\n"
	"## Plan it\n\n"
	"- Which roles? <!-- alignplan: list name=roles label=\"Roles\" "
	"min=2 max=3 -->\n"
	"- Cheap tests? <!-- alignplan: table name=tests label=\"Tests\" "
	"rows=roles cols=\"Role | Test:text:required | Tried:mark\" -->\n";

/* One prompt to answer and two optional ones. */
static const char opt_md[] =
	"# Test Course: Session 9 - Options\n\n"
	"# Exercises\n\n"
	"## Think\n\n"
	"- What is the plan? <!-- alignplan: text name=plan -->\n\n"
	"Optional other prompts:\n\n"
	"- What else? <!-- alignplan: text name=else -->\n"
	"- And what more? <!-- alignplan: table name=more cols=\"A | B\" "
	"-->\n";

static int behind_tls;  /* requests arrive with X-Forwarded-Proto: https */

static void call(struct app_env *e, const char *method, const char *path,
		 const char *body, int autosave, struct response *rs)
{
	app_call(e->st, &e->me, method, path, body, autosave, behind_tls, rs);
}

static int setup(void **state)
{
	const char *const md[] = { session_md, plan_md, opt_md, NULL };

	return app_env_setup(state, "app", md);
}

/* Sign up `email` in a fresh browser (cookie jar) and stay logged in. */
static void sign_up(struct app_env *e, const char *email)
{
	app_sign_up(e->st, &e->me, "Tess+Ter", email, "/s/4", behind_tls);
}

static void test_secure_cookie_behind_tls(void **state)
{
	behind_tls = 1;
	sign_up(*state, "tls@example.org");
	behind_tls = 0;
}

static void test_routes(void **state)
{
	struct app_env *e = *state;
	struct response rs;

	e->me.cookie[0] = '\0';
	call(e, "GET", "/nope", NULL, 0, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
	call(e, "DELETE", "/", NULL, 0, &rs);
	assert_int_equal(rs.status, 405);
	assert_string_equal(header_of(&rs, "Allow"), "GET");
	response_release(&rs);
	call(e, "GET", "/logout", NULL, 0, &rs);
	assert_int_equal(rs.status, 405);
	response_release(&rs);
	call(e, "GET", "/s/4", NULL, 0, &rs);  /* not logged in */
	assert_int_equal(rs.status, 303);
	assert_string_equal(header_of(&rs, "Location"), "/login?next=/s/4");
	response_release(&rs);
}

static void test_csrf_required(void **state)
{
	struct app_env *e = *state;
	struct response rs;

	sign_up(e, "csrf@example.org");
	call(e, "POST", "/s/4/e/plan-something",
	     "p=e1-what-is-your-plan&a.e1-what-is-your-plan=x", 0, &rs);
	assert_int_equal(rs.status, 403);
	response_release(&rs);
	call(e, "POST", "/s/4/e/plan-something",
	     "csrf=0000&p=e1-what-is-your-plan&a.e1-what-is-your-plan=x", 0,
	     &rs);
	assert_int_equal(rs.status, 403);
	response_release(&rs);
}

static const char *first_prompt_id(void)
{
	return course_get(4)->exercises[0].prompts[0].id;
}

static void test_answer_round_trip_escaped(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	char body[512];
	const char *pid;

	sign_up(e, "answers@example.org");
	pid = first_prompt_id();
	snprintf(body, sizeof(body), "csrf=%s&p=%s&a.%s=%%3Cscript%%3Ealert(1)"
		 "%%3C%%2Fscript%%3E", e->me.csrf, pid, pid);
	call(e, "POST", "/s/4/e/plan-something", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);

	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data,
			       "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(rs.body.data, "<script>alert"));
	response_release(&rs);

	/* Another participant sees none of it. */
	sign_up(e, "other@example.org");
	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_null(strstr(rs.body.data, "alert(1)"));
	response_release(&rs);
}

static void test_oversized_answer_is_refused(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	struct buf body = BUF_INIT;
	const char *pid;
	size_t i;

	sign_up(e, "big@example.org");
	pid = first_prompt_id();
	buf_addf(&body, "csrf=%s&p=%s&a.%s=kept", e->me.csrf, pid, pid);
	call(e, "POST", "/s/4/e/plan-something", body.data, 1, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "\"saved\""));
	response_release(&rs);

	buf_reset(&body);
	buf_addf(&body, "csrf=%s&p=%s&a.%s=", e->me.csrf, pid, pid);
	for (i = 0; i < (64 << 10) + 1; i++)
		buf_addc(&body, 'x');
	call(e, "POST", "/s/4/e/plan-something", body.data, 1, &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "64 KB"));
	response_release(&rs);
	/* Without JavaScript the page comes back with the text kept. */
	call(e, "POST", "/s/4/e/plan-something", body.data, 0, &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "xxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
	response_release(&rs);

	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, ">kept</textarea>"));
	response_release(&rs);
	buf_release(&body);
}

static void test_repeated_prompt_fields_are_bounded(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	struct buf body = BUF_INIT;
	const char *pid;
	int i;

	sign_up(e, "many@example.org");
	pid = first_prompt_id();
	buf_addf(&body, "csrf=%s&a.%s=x", e->me.csrf, pid);
	for (i = 0; i < 20000; i++)
		buf_addf(&body, "&p=%s", pid);
	call(e, "POST", "/s/4/e/plan-something", body.data, 0, &rs);
	assert_int_equal(rs.status, 400);
	assert_non_null(strstr(rs.body.data, "more prompts than"));
	response_release(&rs);
	buf_release(&body);
	/* ... and saved nothing. */
	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_null(strstr(rs.body.data, ">x</textarea>"));
	response_release(&rs);
}

static void test_list_answer_and_reading(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	char body[512];
	const struct prompt *p = &course_get(4)->exercises[0].prompts[1];
	const char *rid = course_get(4)->readings[0].id;
	char path[128];

	assert_int_equal(p->kind, PROMPT_LIST);
	sign_up(e, "list@example.org");
	snprintf(body, sizeof(body), "csrf=%s&p=%s&l.%s=one&l.%s=+&l.%s=two",
		 e->me.csrf, p->id, p->id, p->id, p->id);
	call(e, "POST", "/s/4/e/plan-something", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, "value=\"one\""));
	assert_non_null(strstr(rs.body.data, "value=\"two\""));
	response_release(&rs);

	snprintf(path, sizeof(path), "/s/4/r/%s", rid);
	snprintf(body, sizeof(body), "csrf=%s&notes=my+note&has_done=1&done=1",
		 e->me.csrf);
	call(e, "POST", path, body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	call(e, "GET", "/s/4", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, ">my note</textarea>"));
	assert_non_null(strstr(rs.body.data, "1 of 1 readings done"));
	/* Contents, as the session's [toc] asks (issue 15). */
	snprintf(body, sizeof(body), "<nav class=\"toc\" aria-labelledby="
		 "\"toc-h\"><h2 id=\"toc-h\">Contents</h2><ol><li><a href="
		 "\"#readings\">Readings</a><ol><li><a href=\"#r-%s\">A "
		 "reading</a></li></ol></li><li><a href=\"#exercises\">"
		 "Exercises</a></li><li><a href=\"#bring\">Bring your notes"
		 "</a></li><li><a href=\"#thoughts\">Thoughts</a>"
		 "</li></ol></nav>", rid);
	assert_non_null(strstr(rs.body.data, body));
	response_release(&rs);
}

/* The Thoughts section offers a private box (issue 15): saved by a plain
 * POST and by autosave, shown again, in the whole workbook's downloads
 * and in no single plan's. */
static void test_thoughts_box(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	char body[512];

	sign_up(e, "thoughts@example.org");
	call(e, "GET", "/s/4", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, "<h2 id=\"thoughts\">Thoughts"
			       "</h2><p>Use this space"));
	assert_non_null(strstr(rs.body.data, "<form method=\"post\" "
			       "action=\"/s/4/thoughts\""));
	assert_non_null(strstr(rs.body.data, "<textarea id=\"reflection\" "
			       "name=\"reflection\""));
	response_release(&rs);
	snprintf(body, sizeof(body), "csrf=%s&reflection=Less+planning%%2C+"
		 "more+%%3Cdoing%%3E%%0D%%0A%%0D%%0ASecond+thought+", e->me.csrf);
	call(e, "POST", "/s/4/thoughts", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	call(e, "GET", "/s/4", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, ">Less planning, more &lt;doing"
			       "&gt;\n\nSecond thought</textarea>"));
	response_release(&rs);
	/* Autosave: JSON back, and the text replaced. */
	snprintf(body, sizeof(body), "csrf=%s&reflection=Now+this", e->me.csrf);
	call(e, "POST", "/s/4/thoughts", body, 1, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "{\"saved\":"));
	response_release(&rs);
	/* Not UTF-8; no token: nothing saved. */
	snprintf(body, sizeof(body), "csrf=%s&reflection=%%FF", e->me.csrf);
	call(e, "POST", "/s/4/thoughts", body, 0, &rs);
	assert_int_equal(rs.status, 400);
	response_release(&rs);
	call(e, "POST", "/s/4/thoughts", "reflection=x", 0, &rs);
	assert_int_equal(rs.status, 403);
	response_release(&rs);
	/* In the workbook's downloads, not in one plan's. */
	call(e, "GET", "/s/4/export.md", NULL, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "# Thoughts\n\nUse this space "
			       "for any reflections on the session.\n\n"
			       "- Your reflections on the session\n"
			       "  - Now this\n"));
	response_release(&rs);
	call(e, "GET", "/s/4/export.html", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, "<h2 id=\"thoughts\">Thoughts"
			       "</h2><p>Now this</p>"));
	response_release(&rs);
	call(e, "GET", "/s/4/export.md?e=plan-something", NULL, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_null(strstr(rs.body.data, "Now this"));
	response_release(&rs);
	/* A session without a Thoughts section has no box. */
	snprintf(body, sizeof(body), "csrf=%s&reflection=Elsewhere",
		 e->me.csrf);
	call(e, "POST", "/s/8/thoughts", body, 0, &rs);
	assert_int_equal(rs.status, 404);
	response_release(&rs);
}

/* Progress counts one way (issue 15): the prompts that are not optional,
 * with the optional ones apart, so no total moves as one answers. */
static void test_progress_counts_one_way(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	const struct exercise *x = &course_get(9)->exercises[0];
	char body[512];

	sign_up(e, "progress@example.org");
	call(e, "GET", "/s/9", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, "0 of 1 answered · optional: "
			       "0 of 2"));
	response_release(&rs);
	/* An optional one first: the totals stay. */
	snprintf(body, sizeof(body), "csrf=%s&p=%s&a.%s=yes", e->me.csrf,
		 x->prompts[1].id, x->prompts[1].id);
	call(e, "POST", "/s/9/e/think", body, 1, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "0 of 1 prompts answered · "
			       "optional prompts: 1 of 2 answered"));
	response_release(&rs);
	snprintf(body, sizeof(body), "csrf=%s&p=%s&a.%s=yes", e->me.csrf,
		 x->prompts[0].id, x->prompts[0].id);
	call(e, "POST", "/s/9/e/think", body, 0, &rs);
	response_release(&rs);
	call(e, "GET", "/s/9/e/think", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, "1 of 1 prompts answered · "
			       "optional prompts: 1 of 2 answered"));
	response_release(&rs);
	call(e, "GET", "/s/9/plan", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, "Prompts answered: 1 of 1"));
	assert_non_null(strstr(rs.body.data, "Optional prompts: 1 of 2 "
			       "answered."));
	response_release(&rs);
}

/* Notes over 64 KB are refused, and come back in their form. */
static void test_reading_notes_too_long(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	struct buf body = BUF_INIT;
	char path[128];
	size_t i;

	sign_up(e, "notes@example.org");
	snprintf(path, sizeof(path), "/s/4/r/%s",
		 course_get(4)->readings[0].id);
	buf_addf(&body, "csrf=%s&has_done=1&done=1&notes=", e->me.csrf);
	for (i = 0; i < ANSWER_MAX; i++)
		buf_addc(&body, 'n');
	call(e, "POST", path, body.data, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	buf_adds(&body, "%3CEND%3E");
	call(e, "POST", path, body.data, 0, &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "Your notes are longer than 64 KB"));
	assert_non_null(strstr(rs.body.data, "nnnn&lt;END&gt;</textarea>"));
	assert_non_null(strstr(rs.body.data, "value=\"1\" checked>"));
	response_release(&rs);
	call(e, "POST", path, body.data, 1, &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "longer than 64 KB"));
	response_release(&rs);
	call(e, "GET", "/s/4", NULL, 0, &rs);
	assert_null(strstr(rs.body.data, "&lt;END&gt;"));
	response_release(&rs);
	buf_release(&body);
}

static void test_login_throttle_and_logout(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	char body[256];
	int i;

	sign_up(e, "throttle@example.org");
	call(e, "POST", "/logout", "csrf=bad", 0, &rs);
	assert_int_equal(rs.status, 403);
	response_release(&rs);
	snprintf(body, sizeof(body), "csrf=%s", e->me.csrf);
	call(e, "POST", "/logout", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
	call(e, "GET", "/s/4", NULL, 0, &rs);
	assert_int_equal(rs.status, 303);  /* the old cookie is dead */
	response_release(&rs);

	e->me.cookie[0] = '\0';
	call(e, "GET", "/login", NULL, 0, &rs);
	keep_cookie(&e->me, &rs);
	scrape_csrf(&e->me, &rs);
	response_release(&rs);
	snprintf(body, sizeof(body), "csrf=%s&email=throttle@example.org&"
		 "password=wrong+one", e->me.csrf);
	for (i = 0; i < AUTH_FREE_FAILS; i++) {
		call(e, "POST", "/login", body, 0, &rs);
		assert_int_equal(rs.status, 401);
		response_release(&rs);
	}
	snprintf(body, sizeof(body), "csrf=%s&email=throttle@example.org&"
		 "password=correct+horse", e->me.csrf);
	call(e, "POST", "/login", body, 0, &rs);
	/* A browser that never logged in waits, even with the right
	 * password (test-auth.c: the owner's own browser does not). */
	assert_int_equal(rs.status, 429);
	assert_non_null(header_of(&rs, "Retry-After"));
	response_release(&rs);
}

/* ---- fields: posted forms into answer normal form, and rendering ---- */

static struct column tests_cols[] = {
	{ .label = (char *)"Role" },
	{ .label = (char *)"Cheap test", .required = true },
	{ .label = (char *)"Fit", .type = COL_SCALE },
	{ .label = (char *)"Tried", .type = COL_MARK },
};
static struct column ms_cols[] = {
	{ .label = (char *)"Milestone", .required = true },
	{ .label = (char *)"By when", .type = COL_DATE },
	{ .label = (char *)"Hours", .type = COL_HOURS },
	{ .label = (char *)"Done", .type = COL_MARK },
};
static char *goal_opts[] = { (char *)"Show employers", (char *)"Learn a skill",
			     (char *)"New research" };
static struct column fit_cols[] = {
	{ .label = (char *)"Goal", .type = COL_REF, .ref = (char *)"goals" },
	{ .label = (char *)"How well", .type = COL_SCALE },
};
static struct prompt plan_prompts[] = {
	{ .id = (char *)"e1-roles", .text = (char *)"Which roles?",
	  .plain = (char *)"Which roles?", .kind = PROMPT_LIST,
	  .name = (char *)"roles", .min_items = 3, .max_items = 5 },
	{ .id = (char *)"e1-excited", .text = (char *)"Most exciting?",
	  .plain = (char *)"Most exciting?", .kind = PROMPT_RANKED,
	  .name = (char *)"excited", .rows_from = (char *)"roles" },
	{ .id = (char *)"e1-tests", .text = (char *)"Cheap tests?",
	  .plain = (char *)"Cheap tests?", .kind = PROMPT_TABLE,
	  .name = (char *)"tests", .rows_from = (char *)"roles",
	  .columns = tests_cols, .nr_columns = 4 },
	{ .id = (char *)"e2-goals", .text = (char *)"Goals?",
	  .plain = (char *)"Goals?", .kind = PROMPT_CHECKLIST,
	  .name = (char *)"goals", .options = goal_opts, .nr_options = 3 },
	{ .id = (char *)"e2-fit", .text = (char *)"Fit?", .plain = (char *)"Fit?",
	  .kind = PROMPT_TABLE, .columns = fit_cols, .nr_columns = 2 },
	{ .id = (char *)"e2-milestones", .text = (char *)"Milestones",
	  .plain = (char *)"Milestones", .kind = PROMPT_TABLE,
	  .columns = ms_cols, .nr_columns = 4 },
	{ .id = (char *)"e2-premortem", .text = (char *)"Pre-mortem",
	  .plain = (char *)"Pre-mortem", .kind = PROMPT_ROUNDS,
	  .columns = ms_cols, .nr_columns = 2 },
	{ .id = (char *)"e2-sprint", .text = (char *)"Sprint",
	  .plain = (char *)"Sprint", .kind = PROMPT_SPRINT },
	{ .id = (char *)"e2-ways", .text = (char *)"Ways?", .plain = (char *)"Ways?",
	  .kind = PROMPT_RANKED },
};
static struct exercise plan_ex = {
	.id = (char *)"plan", .title = (char *)"Plan", .prompts = plan_prompts,
	.nr_prompts = sizeof(plan_prompts) / sizeof(*plan_prompts),
};
static struct session plan_session = {
	.number = 9, .title = (char *)"Plans", .exercises = &plan_ex,
	.nr_exercises = 1,
};

enum { ROLES, EXCITED, TESTS, GOALS, FIT, MILESTONES, PREMORTEM, SPRINT, WAYS };

/* Stored answers of the other prompts, as a workbook would give them. */
static const char *plan_get(void *ctx, const char *id)
{
	(void)ctx;
	if (!strcmp(id, "e1-roles"))
		return "Research engineer\nPolicy <b>analyst</b>\nField builder";
	if (!strcmp(id, "e2-goals"))
		return "Learn a skill\nMy own goal";
	return NULL;
}

/* ui_field_posted() on a body, parsed once as the router parses it. */
static int posted(const struct prompt *p, const char *body, size_t len,
		  struct buf *raw, struct buf *out)
{
	struct form f;
	int r;

	assert_int_equal(form_parse(&f, body, len), 0);
	r = ui_field_posted(p, &f, raw, out);
	form_release(&f);
	return r;
}

/* Post `body` for prompt i and expect `want` (NULL: expect `err`). */
static void posts_as(int i, const char *body, const char *want, int err)
{
	struct buf raw, out;

	buf_init(&raw, HTTP_MAX_BODY);
	buf_init(&out, 64 << 10);
	assert_int_equal(posted(&plan_prompts[i], body, strlen(body),
				&raw, &out), err);
	if (want)
		assert_string_equal(out.data, want);
	buf_release(&raw);
	buf_release(&out);
}

static void test_posted_list_and_checklist(void **state)
{
	(void)state;
	posts_as(ROLES, "l.e1-roles=+one+&l.e1-roles=&l.e1-roles=two%0Athree",
		 "one\ntwo three", 0);
	/* Picks by their exact text only, your own after them. */
	posts_as(GOALS, "c.e2-goals=New+research&c.e2-goals=Bogus&"
		 "l.e2-goals=Mine&c.e2-goals=Learn+a+skill&l.e2-goals=",
		 "New research\nLearn a skill\nMine", 0);
	posts_as(ROLES, "l.e1-roles=%FF", NULL, FIELD_MALFORMED);
}

static void test_posted_ranked_sorted_without_js(void **state)
{
	(void)state;
	/* Without JavaScript the participant types ranks; the save sorts. */
	posts_as(EXCITED, "l.e1-excited=Research+engineer&k.e1-excited=3&"
		 "l.e1-excited=Policy+analyst&k.e1-excited=1&"
		 "l.e1-excited=Field+builder&k.e1-excited=2",
		 "Policy analyst\nField builder\nResearch engineer", 0);
	/* Ties keep the order shown; a missing rank goes last. */
	posts_as(WAYS, "l.e2-ways=A&k.e2-ways=2&l.e2-ways=B&k.e2-ways=&"
		 "l.e2-ways=C&k.e2-ways=1&l.e2-ways=D&k.e2-ways=2&"
		 "l.e2-ways=&k.e2-ways=4",
		 "C\nA\nD\nB", 0);
}

static void test_posted_table_rows(void **state)
{
	(void)state;
	/* A mark column posts only when ticked: cells are placed by their
	 * column number and the row marker before them.  A bad date is kept
	 * as typed (the checks flag it); an empty row is dropped. */
	posts_as(MILESTONES,
		 "r.e2-milestones=&t.e2-milestones.0=Read+papers&"
		 "t.e2-milestones.1=2026-12-04&t.e2-milestones.2=6&"
		 "t.e2-milestones.3=yes&"
		 "r.e2-milestones=&t.e2-milestones.0=&t.e2-milestones.1=&"
		 "t.e2-milestones.2=&"
		 "r.e2-milestones=&t.e2-milestones.0=Write+up&"
		 "t.e2-milestones.1=next+week&t.e2-milestones.2=a%09b%0Ac",
		 "Read papers\t2026-12-04\t6\tyes\nWrite up\tnext week\ta b c",
		 0);
	/* rows=NAME: the first column is the item, posted hidden. */
	posts_as(TESTS,
		 "r.e1-tests=&t.e1-tests.0=Research+engineer&"
		 "t.e1-tests.1=Do+a+MATS+stream&t.e1-tests.2=well&"
		 "r.e1-tests=&t.e1-tests.0=Policy+analyst&t.e1-tests.1=&"
		 "t.e1-tests.2=&t.e1-tests.3=yes",
		 "Research engineer\tDo a MATS stream\twell\n"
		 "Policy analyst\t\t\tyes", 0);
	/* Rounds and the sprint are rows too. */
	posts_as(PREMORTEM, "r.e2-premortem=&t.e2-premortem.0=No+time&"
		 "t.e2-premortem.1=&r.e2-premortem=&t.e2-premortem.1=2027-01-01",
		 "No time\n\t2027-01-01", 0);
	posts_as(SPRINT, "r.e2-sprint=&t.e2-sprint.0=2026-12-01&"
		 "t.e2-sprint.1=6&t.e2-sprint.2=", "2026-12-01\t6", 0);
}

static void test_posted_too_long(void **state)
{
	struct buf body = BUF_INIT, raw, out;
	size_t i;

	(void)state;
	buf_adds(&body, "r.e2-milestones=&t.e2-milestones.0=");
	for (i = 0; i < (64 << 10) + 10; i++)
		buf_addc(&body, 'x');
	buf_init(&raw, HTTP_MAX_BODY);
	buf_init(&out, 64 << 10);
	assert_int_equal(posted(&plan_prompts[MILESTONES], body.data,
				body.len, &raw, &out), FIELD_TOO_LONG);
	/* Kept to show again: the cell, then the three empty ones. */
	assert_int_equal(raw.len, (64 << 10) + 10 + 3);
	buf_release(&raw);
	buf_release(&out);
	buf_release(&body);
}

/* Lists and rows hold ANSWER_MAX_ITEMS: blank ones do not count, more
 * are refused (TOO_MANY) with what was posted kept to show again. */
static void test_posted_too_many(void **state)
{
	struct buf body = BUF_INIT, raw, out;
	int i;

	(void)state;
	buf_init(&raw, HTTP_MAX_BODY);
	buf_init(&out, 64 << 10);
	for (i = 0; i < ANSWER_MAX_ITEMS; i++)
		buf_addf(&body, "l.e1-roles=r%d&", i);
	buf_adds(&body, "l.e1-roles=&l.e1-roles=+");
	assert_int_equal(posted(&plan_prompts[ROLES], body.data,
				body.len, &raw, &out), 0);
	assert_int_equal(answer_count(out.data), ANSWER_MAX_ITEMS);
	buf_adds(&body, "&l.e1-roles=one+more");
	buf_reset(&raw);
	buf_reset(&out);
	assert_int_equal(posted(&plan_prompts[ROLES], body.data,
				body.len, &raw, &out), FIELD_TOO_MANY);
	assert_non_null(strstr(raw.data, "r0\nr1\n"));
	assert_non_null(strstr(raw.data, "\none more"));

	/* Rows: the same, ranked too; past twice the cap the post is read
	 * no further. */
	buf_reset(&body);
	for (i = 0; i <= ANSWER_MAX_ITEMS; i++)
		buf_addf(&body, "r.e2-milestones=&t.e2-milestones.0=m%d&", i);
	buf_reset(&raw);
	buf_reset(&out);
	assert_int_equal(posted(&plan_prompts[MILESTONES], body.data,
				body.len, &raw, &out), FIELD_TOO_MANY);
	assert_non_null(strstr(raw.data, "\nm500\t\t\t"));
	for (; i < 3 * ANSWER_MAX_ITEMS; i++)
		buf_addf(&body, "r.e2-milestones=&");
	buf_reset(&raw);
	assert_int_equal(posted(&plan_prompts[MILESTONES], body.data,
				body.len, &raw, &out), FIELD_TOO_MANY);
	buf_reset(&body);
	for (i = 0; i <= ANSWER_MAX_ITEMS; i++)
		buf_addf(&body, "l.e2-ways=w%d&k.e2-ways=%d&", i, i + 1);
	buf_reset(&raw);
	assert_int_equal(posted(&plan_prompts[WAYS], body.data,
				body.len, &raw, &out), FIELD_TOO_MANY);
	/* Text has lines, not items: no cap but its bytes. */
	buf_reset(&body);
	buf_adds(&body, "a.e1-text=");
	for (i = 0; i <= ANSWER_MAX_ITEMS; i++)
		buf_adds(&body, "x%0A");
	buf_reset(&raw);
	buf_reset(&out);
	{
		struct prompt text = { .id = (char *)"e1-text",
				       .kind = PROMPT_TEXT };

		assert_int_equal(posted(&text, body.data, body.len,
					&raw, &out), 0);
	}
	buf_release(&raw);
	buf_release(&out);
	buf_release(&body);
}

static char *render(int i, const char *value)
{
	struct field_ctx fc = { &plan_session, plan_get, NULL, 20000 };
	struct buf b = BUF_INIT;

	ui_field(&b, &fc, &plan_prompts[i], value);
	assert_false(b.err);
	return buf_detach(&b, NULL);
}

/* Every visible control has a label naming it (for=) or is inside one. */
static void assert_labelled(const char *html)
{
	const char *p = html;

	while ((p = strstr(p, " id=\"t-"))) {
		char want[128];
		const char *q = p + 5;

		snprintf(want, sizeof(want), "for=\"%.*s\"",
			 (int)strcspn(q, "\""), q);
		if (!strstr(html, want)) {
			/* A checkbox sits inside its label. */
			const char *open = p;

			while (open > html && strncmp(open, "<label", 6))
				open--;
			assert_non_null(strstr(open, "</label>"));
			assert_true(strstr(open, "</label>") > p);
		}
		p = q;
	}
}

static void test_render_table_escapes_and_labels(void **state)
{
	char *h;

	(void)state;
	h = render(MILESTONES, "<script>alert(1)</script>\t2026-12-04\t1,5"
		   "\tyes\nSecond\tsoon");
	assert_null(strstr(h, "<script>"));
	/* A text cell is a box that grows, holding the text escaped. */
	assert_non_null(strstr(h, "class=\"grow\">&lt;script&gt;alert(1)"
			       "&lt;/script&gt;</textarea>"));
	assert_non_null(strstr(h, "<label for=\"t-e2-milestones-1-1\">By when"));
	assert_non_null(strstr(h, "type=\"date\" name=\"t.e2-milestones.1\" "
			       "id=\"t-e2-milestones-1-1\" value=\"2026-12-04\""));
	/* Values of the wrong shape stay as typed, in a text input. */
	assert_non_null(strstr(h, "type=\"text\" name=\"t.e2-milestones.2\" "
			       "id=\"t-e2-milestones-1-2\" value=\"1,5\""));
	assert_non_null(strstr(h, "type=\"text\" name=\"t.e2-milestones.1\" "
			       "id=\"t-e2-milestones-2-1\" placeholder=\"YYYY-MM-DD\" "
			       "value=\"soon\""));
	assert_non_null(strstr(h, "type=\"checkbox\" name=\"t.e2-milestones.3\" "
			       "id=\"t-e2-milestones-1-3\" value=\"yes\" checked"));
	/* Two rows and an empty one to fill without JavaScript. */
	assert_non_null(strstr(h, "id=\"t-e2-milestones-3-0\" rows=\"1\" "
			       "class=\"grow\"></textarea>"));
	assert_null(strstr(h, "t-e2-milestones-4-0"));
	assert_labelled(h);
	free(h);

	h = render(PREMORTEM, NULL);
	assert_non_null(strstr(h, "<legend>Round <span class=\"rn\">3</span>"));
	assert_labelled(h);
	free(h);
}

static void test_render_rows_from_and_refs(void **state)
{
	char *h, *a, *b, *c;

	(void)state;
	/* A row per role, the stored cells matched by the role. */
	h = render(TESTS, "Field builder\tRun a reading group\tpartly");
	a = strstr(h, ">Research engineer</span>");
	b = strstr(h, ">Policy &lt;b&gt;analyst&lt;/b&gt;</span>");
	c = strstr(h, ">Field builder</span>");
	assert_true(a && b && c && a < b && b < c);
	assert_non_null(strstr(h, ">Run a reading group</textarea>"));
	assert_non_null(strstr(h, "<option value=\"partly\" selected>"));
	assert_null(strstr(h, "<b>"));
	assert_labelled(h);
	free(h);

	/* Ranked: the stored order first, then the roles not placed yet. */
	h = render(EXCITED, "Field builder\nResearch engineer\nGone role");
	a = strstr(h, "value=\"Field builder\"");
	b = strstr(h, "value=\"Research engineer\"");
	c = strstr(h, "value=\"Policy &lt;b&gt;analyst&lt;/b&gt;\"");
	assert_true(a && b && c && a < b && b < c);
	assert_null(strstr(h, "Gone role"));
	assert_non_null(strstr(h, "name=\"k.e1-excited\" id=\"k-e1-excited-3\" "
			       "value=\"3\""));
	assert_non_null(strstr(h, "<label class=\"item\" for=\"k-e1-excited-1\">"
			       "Field builder"));
	free(h);

	/* ref(goals): a select of the goals picked, the stored one kept. */
	h = render(FIT, "Old goal\twell");
	assert_non_null(strstr(h, "<option value=\"Learn a skill\">"));
	assert_non_null(strstr(h, "<option value=\"My own goal\">"));
	assert_non_null(strstr(h, "<option value=\"Old goal\" selected>"));
	assert_labelled(h);
	free(h);

	/* The sprint shows its defaults. */
	h = render(SPRINT, NULL);
	assert_non_null(strstr(h, "starts today (2024-10-04) and runs 4 weeks "
			       "at 4 hours a week"));
	assert_non_null(strstr(h, "<label for=\"t-e2-sprint-1-2\">Hours a week"));
	free(h);
}

/* The whole way: a table saved by autosave, the checks panel in the
 * reply, the rows shown again with the roles, markup kept as text. */
/* "Your plans" is linked from the session page and from each exercise
 * page, and the link leads to the page. */
static void test_plans_linked(void **state)
{
	static const char *const pages[] = { "/s/8", "/s/8/e/plan-it", "/s/4",
					     "/s/4/e/plan-something" };
	struct app_env *e = *state;
	struct response rs;
	size_t i;

	sign_up(e, "links@example.org");
	for (i = 0; i < sizeof(pages) / sizeof(*pages); i++) {
		char want[64];

		call(e, "GET", pages[i], NULL, 0, &rs);
		assert_int_equal(rs.status, 200);
		snprintf(want, sizeof(want), "<a href=\"/s/%c/plan\">Your plans"
			 "</a>", pages[i][3]);
		assert_non_null(strstr(rs.body.data, want));
		response_release(&rs);
	}
	call(e, "GET", "/s/8/plan", NULL, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(rs.body.data, "<h1>Your plans</h1>"));
	response_release(&rs);
}

static void test_table_through_the_app(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	struct buf body = BUF_INIT;
	size_t i;

	sign_up(e, "tables@example.org");
	buf_addf(&body, "csrf=%s&p=e1-roles&l.e1-roles=Engineer&"
		 "l.e1-roles=%%3Cscript%%3Ex", e->me.csrf);
	call(e, "POST", "/s/8/e/plan-it", body.data, 1, &rs);
	assert_int_equal(rs.status, 200);
	/* The panel comes back as a JSON string: markup escaped for JSON. */
	assert_non_null(strstr(rs.body.data, "\"checks\":\""));
	assert_non_null(strstr(rs.body.data, "\\u003ca href=\\\"#p-e1-roles\\\""
			       "\\u003eRoles: 2 to 3\\u003c/a\\u003e"));
	/* The progress bar comes back too: one of the two prompts. */
	assert_non_null(strstr(rs.body.data, "\"progress\":\"\\u003cdiv "
			       "class=\\\"progress\\\"\\u003e"));
	assert_non_null(strstr(rs.body.data, "max=\\\"2\\\" value=\\\"1\\\""
			       "\\u003e1 of 2\\u003c/progress\\u003e"));
	assert_non_null(strstr(rs.body.data, "1 of 2 prompts answered"));
	/* The table whose rows are the roles comes back re-rendered. */
	assert_non_null(strstr(rs.body.data, "\"fields\":{\"e1-tests\":\""));
	assert_non_null(strstr(rs.body.data, "\\u003cspan class=\\\"item\\\""
			       "\\u003eEngineer"));
	/* One object, its members in order (core/json.c's writer). */
	assert_int_equal(strncmp(rs.body.data, "{\"saved\":", 9), 0);
	assert_non_null(strstr(rs.body.data, "\",\"prompt_checks\":{"
			       "\"e1-roles\":\""));
	assert_non_null(strstr(rs.body.data, "\"},\"progress\":\""));
	assert_non_null(strstr(rs.body.data, "\",\"fields\":{\"e1-tests\":"));
	assert_true(rs.body.len > 4);
	assert_string_equal(rs.body.data + rs.body.len - 4, "\"}}\n");
	response_release(&rs);

	buf_reset(&body);
	buf_addf(&body, "csrf=%s&p=e1-tests&r.e1-tests=&t.e1-tests.0=Engineer&"
		 "t.e1-tests.1=Ship+a+tool&t.e1-tests.2=yes&r.e1-tests=&"
		 "t.e1-tests.0=%%3Cscript%%3Ex&t.e1-tests.1=", e->me.csrf);
	call(e, "POST", "/s/8/e/plan-it", body.data, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);

	call(e, "GET", "/s/8/e/plan-it", NULL, 0, &rs);
	assert_int_equal(rs.status, 200);
	assert_null(strstr(rs.body.data, "<script>"));
	assert_non_null(strstr(rs.body.data, "<span class=\"item\">&lt;script&gt;x"
			       "</span>"));
	assert_non_null(strstr(rs.body.data, ">Ship a tool</textarea>"));
	assert_non_null(strstr(rs.body.data, "id=\"t-e1-tests-1-2\" value=\"yes\""
			       " checked"));
	assert_non_null(strstr(rs.body.data, "✗ To do:"));
	assert_non_null(strstr(rs.body.data, "href=\"#p-e1-tests\""));
	response_release(&rs);

	/* Over 64 KB: 422, and the rows come back as typed. */
	buf_reset(&body);
	buf_addf(&body, "csrf=%s&p=e1-tests&r.e1-tests=&t.e1-tests.0=Engineer&"
		 "t.e1-tests.1=", e->me.csrf);
	for (i = 0; i < (64 << 10); i++)
		buf_addc(&body, 'y');
	call(e, "POST", "/s/8/e/plan-it", body.data, 0, &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "longer than 64 KB"));
	assert_non_null(strstr(rs.body.data, "yyyyyyyyyyyyyyyyyyyyyyyy"));
	response_release(&rs);
	call(e, "GET", "/s/8/e/plan-it", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, ">Ship a tool</textarea>"));
	response_release(&rs);
	buf_release(&body);
}

/* Through the page: too many items come back (422) as typed. */
static void test_too_many_items_through_the_app(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	struct buf body = BUF_INIT;
	int i;

	sign_up(e, "items@example.org");
	buf_addf(&body, "csrf=%s&p=e1-roles", e->me.csrf);
	for (i = 0; i <= ANSWER_MAX_ITEMS; i++)
		buf_addf(&body, "&l.e1-roles=Role+%d", i);
	call(e, "POST", "/s/8/e/plan-it", body.data, 0, &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "This answer has more than 500 "
			       "items or rows, so it was not saved."));
	assert_non_null(strstr(rs.body.data, "value=\"Role 0\""));
	assert_non_null(strstr(rs.body.data, "value=\"Role 500\""));
	response_release(&rs);
	call(e, "POST", "/s/8/e/plan-it", body.data, 1, &rs);
	assert_int_equal(rs.status, 422);
	assert_non_null(strstr(rs.body.data, "more than 500 items"));
	response_release(&rs);
	call(e, "GET", "/s/8/e/plan-it", NULL, 0, &rs);
	assert_null(strstr(rs.body.data, "value=\"Role 0\""));
	response_release(&rs);
	buf_release(&body);
}

/* A reload is copied from the memo (memo.h): the same bytes a fresh
 * render gives, each person's own form token, and an answer written
 * behind the page's back (another process, an import) shows at once. */
static void test_reload_from_memo(void **state)
{
	struct app_env *e = *state;
	struct response rs;
	char body[256], *first, *second;
	struct who a;

	sign_up(e, "memo@example.org");
	snprintf(body, sizeof(body), "csrf=%s&p=e1-roles&l.e1-roles=Writer"
		 "&l.e1-roles=Editor", e->me.csrf);
	call(e, "POST", "/s/8/e/plan-it", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);

	call(e, "GET", "/s/8/e/plan-it", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, "value=\"Editor\""));
	first = buf_detach(&rs.body, NULL);
	response_release(&rs);
	call(e, "GET", "/s/8/e/plan-it", NULL, 0, &rs);
	assert_string_equal(rs.body.data, first);
	response_release(&rs);
	memo_clear();
	call(e, "GET", "/s/8/e/plan-it", NULL, 0, &rs);
	assert_string_equal(rs.body.data, first);
	response_release(&rs);

	assert_int_equal(store_answer_put(e->st, e->me.id, 8, "e1-roles",
					  "Writer\nTeacher\n", 15), STORE_OK);
	call(e, "GET", "/s/8/e/plan-it", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, "value=\"Teacher\""));
	assert_null(strstr(rs.body.data, "value=\"Editor\""));
	second = buf_detach(&rs.body, NULL);
	response_release(&rs);

	/* Someone else with the same answers: their own token, never the
	 * first person's. */
	a = e->me;
	sign_up(e, "memo2@example.org");
	assert_int_equal(store_answer_put(e->st, e->me.id, 8, "e1-roles",
					  "Writer\nTeacher\n", 15), STORE_OK);
	call(e, "GET", "/s/8/e/plan-it", NULL, 0, &rs);
	assert_non_null(strstr(rs.body.data, "value=\"Teacher\""));
	assert_non_null(strstr(rs.body.data, e->me.csrf));
	assert_null(strstr(rs.body.data, a.csrf));
	assert_non_null(strstr(second, a.csrf));
	response_release(&rs);
	free(first);
	free(second);
}

/* Logging in (or signing up) from a page that asked for it goes back to
 * that page; a `next` that is not a path of this site goes home. */
static void test_login_returns_to_the_page(void **state)
{
	static const struct { const char *next, *location; } cases[] = {
		{ "%2Fs%2F4", "/s/4" },
		{ "/s/8/e/plan-it", "/s/8/e/plan-it" },
		{ "/s/caf%C3%A9", "/s/caf%C3%A9" },     /* re-encoded */
		{ "//evil.example/", "/" },
		{ "/%5Cevil.example", "/" },
		{ "https://evil.example/", "/" },
		{ "/x%0D%0ASet-Cookie:+a=b", "/" },
		{ "", "/" },
	};
	struct app_env *e = *state;
	struct response rs;
	char body[400], path[200];
	size_t i;

	sign_up(e, "next@example.org");
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		/* The form carries it... */
		e->me.cookie[0] = '\0';
		snprintf(path, sizeof(path), "/login?next=%s", cases[i].next);
		call(e, "GET", path, NULL, 0, &rs);
		assert_int_equal(rs.status, 200);
		assert_int_equal(strstr(rs.body.data, "name=\"next\"") != NULL,
				 strcmp(cases[i].location, "/") != 0);
		keep_cookie(&e->me, &rs);
		scrape_csrf(&e->me, &rs);
		response_release(&rs);
		/* ...and the login goes there. */
		snprintf(body, sizeof(body), "csrf=%s&email=next@example.org&"
			 "password=correct+horse&next=%s", e->me.csrf,
			 cases[i].next);
		call(e, "POST", "/login", body, 0, &rs);
		assert_int_equal(rs.status, 303);
		assert_string_equal(header_of(&rs, "Location"),
				    cases[i].location);
		response_release(&rs);
	}

	/* Signing up from an invite's page comes back to it too. */
	e->me.cookie[0] = '\0';
	call(e, "GET", "/signup?next=/join/abc", NULL, 0, &rs);
	keep_cookie(&e->me, &rs);
	scrape_csrf(&e->me, &rs);
	assert_non_null(strstr(rs.body.data, "href=\"/login?next=/join/abc\""));
	response_release(&rs);
	snprintf(body, sizeof(body), "csrf=%s&name=N&email=next2@example.org&"
		 "password=correct+horse&next=/join/abc", e->me.csrf);
	call(e, "POST", "/signup", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	assert_string_equal(header_of(&rs, "Location"), "/join/abc");
	response_release(&rs);
}

/*
 * Fault injection (store_set_fault()): the store's writes fail as the
 * SQLite backend does on a full disk, a read-only file or an I/O error
 * (tests/cli-store-fail.sh makes the real ones).
 */

/* Run a request with stderr going to a file; what was logged into log. */
static void call_logged(struct app_env *e, const char *body, int autosave,
			struct response *rs, char *log, size_t loglen)
{
	FILE *f = tmpfile();
	int saved = dup(2);
	size_t n;

	assert_non_null(f);
	assert_true(saved >= 0);
	fflush(stderr);
	assert_int_equal(dup2(fileno(f), 2), 2);
	call(e, "POST", "/s/4/e/plan-something", body, autosave, rs);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	n = fread(log, 1, loglen - 1, f);
	log[n] = '\0';
	fclose(f);
}

static void test_save_failures_are_named(void **state)
{
	static const struct {
		int code;
		const char *says;       /* to the person */
		const char *logs;       /* to the operator */
	} cases[] = {
		{ STORE_DISKFULL, "the server&#39;s disk is full",
		  "not saved: the disk is full (injected failure)" },
		{ STORE_READONLY, "database is read-only",
		  "not saved: the database is read-only (injected failure)" },
		{ STORE_IOERR, "disk reported an error",
		  "not saved: the disk reported an I/O error (injected" },
		{ STORE_ERR, "the database is busy",
		  "not saved: database error (injected failure)" },
	};
	struct app_env *e = *state;
	struct response rs;
	char body[512], log[1024];
	const char *pid;
	size_t i;

	sign_up(e, "diskfull@example.org");
	pid = first_prompt_id();
	snprintf(body, sizeof(body), "csrf=%s&p=%s&a.%s=kept+or+not",
		 e->me.csrf, pid, pid);
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		store_set_fault(e->st, cases[i].code);
		call_logged(e, body, 0, &rs, log, sizeof(log));
		store_set_fault(e->st, 0);
		assert_int_equal(rs.status, 503);
		if (!strstr(rs.body.data, cases[i].says))
			fail_msg("%d: the page lacks \"%s\":\n%s",
				 cases[i].code, cases[i].says, rs.body.data);
		if (!strstr(log, "alignplan: POST /s/4/e/plan-something: ") ||
		    !strstr(log, cases[i].logs))
			fail_msg("%d: the log lacks \"%s\": \"%s\"",
				 cases[i].code, cases[i].logs, log);
		response_release(&rs);

		/* Autosave gets the same words as JSON. */
		store_set_fault(e->st, cases[i].code);
		call_logged(e, body, 1, &rs, log, sizeof(log));
		store_set_fault(e->st, 0);
		assert_int_equal(rs.status, 503);
		assert_string_equal(rs.content_type, "application/json");
		assert_non_null(strstr(rs.body.data, "{\"error\":\"Not saved: "));
		assert_non_null(strstr(log, cases[i].logs));
		response_release(&rs);
	}
	/* Nothing was kept, and the next save goes through. */
	call(e, "GET", "/s/4/e/plan-something", NULL, 0, &rs);
	assert_null(strstr(rs.body.data, "kept or not"));
	response_release(&rs);
	call(e, "POST", "/s/4/e/plan-something", body, 0, &rs);
	assert_int_equal(rs.status, 303);
	response_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_secure_cookie_behind_tls),
		cmocka_unit_test(test_csrf_required),
		cmocka_unit_test(test_answer_round_trip_escaped),
		cmocka_unit_test(test_oversized_answer_is_refused),
		cmocka_unit_test(test_repeated_prompt_fields_are_bounded),
		cmocka_unit_test(test_list_answer_and_reading),
		cmocka_unit_test(test_reading_notes_too_long),
		cmocka_unit_test(test_thoughts_box),
		cmocka_unit_test(test_progress_counts_one_way),
		/* before the throttle test, which leaves its account delayed */
		cmocka_unit_test(test_login_returns_to_the_page),
		cmocka_unit_test(test_login_throttle_and_logout),
		cmocka_unit_test(test_posted_list_and_checklist),
		cmocka_unit_test(test_posted_ranked_sorted_without_js),
		cmocka_unit_test(test_posted_table_rows),
		cmocka_unit_test(test_posted_too_long),
		cmocka_unit_test(test_posted_too_many),
		cmocka_unit_test(test_render_table_escapes_and_labels),
		cmocka_unit_test(test_render_rows_from_and_refs),
		cmocka_unit_test(test_table_through_the_app),
		cmocka_unit_test(test_too_many_items_through_the_app),
		cmocka_unit_test(test_plans_linked),
		cmocka_unit_test(test_reload_from_memo),
		cmocka_unit_test(test_save_failures_are_named),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, app_env_teardown);
}
