/*
 * Check-ins on milestones (ui-checkin.c), what an accountability
 * partner sees of them, and the check-in chart (svg-checkin.c); the form
 * read in one walk over the body, and the cap on check-ins.  Asking,
 * accepting and ending partnerships: test-partner.c.
 */
#include "peer-env.h"
#include "export/svg-checkin.h"

#include <time.h>

#define DAY 86400

static void plan(struct env *e)
{
	answer(e, &e->owner, "deliverable", "SECRET deliverable");
	answer(e, &e->owner, "support", "SECRET support");
	answer(e, &e->owner, "sprint", "2025-12-01\t4\t5");
	answer(e, &e->owner, "milestones",
	       "Read <script>x</script> papers\t2025-12-06\t6\n"
	       "Build the probe\t2025-12-20\t8");
}

/* The peer asks to back the owner, and the owner accepts. */
static void partners(struct env *e)
{
	char cp[80];

	snprintf(cp, sizeof(cp), "/c/%lld/partner/%lld", (long long)e->cohort,
		 (long long)e->owner.id);
	assert_int_equal(post(e, &e->peer, cp, ""), 303);
	snprintf(cp, sizeof(cp), "/c/%lld/backer/%lld", (long long)e->cohort,
		 (long long)e->peer.id);
	assert_int_equal(post(e, &e->owner, cp, "action=accept"), 303);
}

static void test_partner_sees_milestones_only(void **state)
{
	struct env *e = *state;
	char path[80], cp[80];

	plan(e);
	snprintf(path, sizeof(path), "/p/%lld/4/checkins",
		 (long long)e->owner.id);
	snprintf(cp, sizeof(cp), "/c/%lld/partner/%lld", (long long)e->cohort,
		 (long long)e->owner.id);
	/* Not yet a partner: nothing. */
	assert_int_equal(call(e, &e->peer, "GET", path, NULL), 404);
	assert_null(strstr(body(e), "probe"));

	/* Asked, not yet accepted: still nothing. */
	assert_int_equal(post(e, &e->peer, cp, ""), 303);
	assert_string_equal(header_of(&e->rs, "Location"), "/c/1");
	assert_int_equal(call(e, &e->peer, "GET", path, NULL), 404);
	assert_null(strstr(body(e), "probe"));
	snprintf(cp, sizeof(cp), "/c/%lld/backer/%lld", (long long)e->cohort,
		 (long long)e->peer.id);
	assert_int_equal(post(e, &e->owner, cp, "action=accept"), 303);
	assert_int_equal(call(e, &e->peer, "GET", path, NULL), 200);
	assert_non_null(strstr(body(e), "Build the probe"));
	assert_non_null(strstr(body(e), "Read &lt;script&gt;x&lt;/script&gt; "
			       "papers"));
	assert_null(strstr(body(e), "<script>x"));
	assert_null(strstr(body(e), "SECRET"));
	assert_null(strstr(body(e), "This week's check-in"));
	/* The plan itself stays private. */
	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 404);
	assert_null(strstr(body(e), "SECRET"));
	/* Someone else sees nothing; the facilitator sees it. */
	snprintf(path, sizeof(path), "/p/%lld/4/checkins",
		 (long long)e->owner.id);
	assert_int_equal(call(e, &e->other, "GET", path, NULL), 404);
	assert_int_equal(call(e, &e->facil, "GET", path, NULL), 200);
	assert_non_null(strstr(body(e), "Build the probe"));

	/* The peer stops: the board closes again. */
	snprintf(cp, sizeof(cp), "/c/%lld/partner/%lld", (long long)e->cohort,
		 (long long)e->owner.id);
	assert_int_equal(post(e, &e->peer, cp, "action=end"), 303);
	assert_int_equal(call(e, &e->peer, "GET", path, NULL), 404);
}

static void test_partner_refusals(void **state)
{
	struct env *e = *state;
	char cp[80];

	/* Someone outside the cohort, oneself, a cohort one is not in,
	 * no CSRF token, not logged in. */
	snprintf(cp, sizeof(cp), "/c/%lld/partner/%lld", (long long)e->cohort,
		 (long long)e->owner.id);
	assert_int_equal(post(e, &e->other, cp, ""), 403);
	assert_int_equal(post(e, &e->owner, cp, ""), 404);
	assert_int_equal(call(e, &e->peer, "POST", cp, ""), 403);
	assert_int_equal(post(e, &e->anon, cp, ""), 403);
	snprintf(cp, sizeof(cp), "/c/%lld/partner/%lld",
		 (long long)e->other_cohort, (long long)e->other.id);
	assert_int_equal(post(e, &e->peer, cp, ""), 403);
	snprintf(cp, sizeof(cp), "/c/%lld/partner/%lld", (long long)e->cohort,
		 (long long)e->facil.id);
	assert_int_equal(post(e, &e->peer, cp, ""), 404);
	assert_int_equal(post(e, &e->peer, "/c/x/partner/1", ""), 404);
}

static void test_checkin_history_chart(void **state)
{
	struct env *e = *state;
	const char *hist;

	plan(e);
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL), 200);
	assert_non_null(strstr(body(e), "This week's check-in"));
	assert_non_null(strstr(body(e), "No check-ins yet."));
	assert_non_null(strstr(body(e), "<label for=\"note-1\">"));

	/* Week 1: the first done, the second behind with a note. */
	store_set_clock(e->st, 1764547200 + 5 * DAY);   /* 2025-12-06 */
	assert_int_equal(post(e, &e->owner, "/s/4/checkins",
			      "pid.0=e1-milestones&ms.0=Read+%3Cscript%3Ex%3C"
			      "%2Fscript%3E+papers&st.0=done&note.0=&"
			      "pid.1=e1-milestones&ms.1=Build+the+probe&"
			      "st.1=behind&note.1=GPU+%3Cscript%3Eslow"), 303);
	/* Week 3: the second on track; the first skipped. */
	store_set_clock(e->st, 1764547200 + 16 * DAY);
	assert_int_equal(post(e, &e->owner, "/s/4/checkins",
			      "pid.0=e1-milestones&ms.0=Read+%3Cscript%3Ex%3C"
			      "%2Fscript%3E+papers&st.0=&note.0=&"
			      "pid.1=e1-milestones&ms.1=Build+the+probe&"
			      "st.1=on-track&note.1=caught+up"), 303);
	store_set_clock(e->st, 0);

	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL), 200);
	hist = strstr(body(e), "id=\"ck-history\"");
	assert_non_null(hist);
	/* Newest first: three check-ins, their dates and notes. */
	assert_int_equal(count(hist, "<tr><td class=\"date\">2025-"), 3);
	assert_non_null(strstr(hist, "<tr><td class=\"date\">2025-12-17</td>"
			       "<td>Build the probe</td><td>On track</td>"
			       "<td>caught up"));
	assert_non_null(strstr(hist, "<tr><td class=\"date\">2025-12-06</td>"
			       "<td>Build the probe</td><td>Behind</td><td>GPU "
			       "&lt;script&gt;slow"));
	assert_non_null(strstr(hist, "Read &lt;script&gt;x&lt;/script&gt; "
			       "papers</td><td>Done"));
	assert_null(strstr(body(e), "<script>"));
	/* The latest status per milestone, and the chart. */
	assert_non_null(strstr(body(e), "<span class=\"ck ck-on-track\">On "
			       "track</span> <span class=\"date\">(2025-12-17)</span>"));
	assert_non_null(strstr(body(e), "class=\"chart checkins\""));
	assert_non_null(strstr(body(e), "<title>Week 1: 1 done, 0 on track, "
			       "1 behind, 0 without a check-in; 1 due by "
			       "then</title>"));
	assert_non_null(strstr(body(e), "<title>Week 3: 1 done, 1 on track, "
			       "0 behind, 0 without a check-in; 2 due by "
			       "then</title>"));

	/* The partner's view shows the same history. */
	{
		char path[80];

		partners(e);
		snprintf(path, sizeof(path), "/p/%lld/4/checkins",
			 (long long)e->owner.id);
		assert_int_equal(call(e, &e->peer, "GET", path, NULL), 200);
		assert_non_null(strstr(body(e), "caught up"));
		assert_non_null(strstr(body(e), "class=\"chart checkins\""));
	}
}

static void test_checkin_refusals(void **state)
{
	struct env *e = *state;
	struct buf big = BUF_INIT, f = BUF_INIT;

	plan(e);
	/* A note with no status: 422, the note kept. */
	assert_int_equal(post(e, &e->owner, "/s/4/checkins",
			      "pid.0=e1-milestones&ms.0=Read+%3Cscript%3Ex%3C"
			      "%2Fscript%3E+papers&st.0=&note.0=kept+%3Ci%3E"),
			 422);
	assert_non_null(strstr(body(e), "A note needs a status"));
	assert_non_null(strstr(body(e), ">kept &lt;i&gt;</textarea>"));
	/* A note over 8 KB. */
	for (int i = 0; i <= STORE_TEXT_MAX; i++)
		buf_addc(&big, 'n');
	buf_addf(&f, "pid.0=e1-milestones&ms.0=Read+%%3Cscript%%3Ex%%3C"
		 "%%2Fscript%%3E+papers&st.0=done&note.0=%s", big.data);
	assert_int_equal(post(e, &e->owner, "/s/4/checkins", f.data), 422);
	assert_non_null(strstr(body(e), "longer than 8 KB"));
	assert_non_null(strstr(body(e), "nnnn</textarea>"));
	/* A milestone that is not (or no longer) in the plan. */
	assert_int_equal(post(e, &e->owner, "/s/4/checkins",
			      "pid.0=e1-milestones&ms.0=Renamed&st.0=done"),
			 409);
	assert_int_equal(post(e, &e->owner, "/s/4/checkins",
			      "pid.0=e1-milestones&ms.0=Read+%3Cscript%3Ex%3C"
			      "%2Fscript%3E+papers&st.0=finished"), 400);
	assert_int_equal(call(e, &e->owner, "POST", "/s/4/checkins",
			      "pid.0=e1-milestones"), 403);
	/* Nothing of it was saved. */
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL), 200);
	assert_non_null(strstr(body(e), "No check-ins yet."));
	/* Only the owner checks in: another's page is their own. */
	assert_int_equal(call(e, &e->peer, "GET", "/s/4/checkins", NULL), 200);
	assert_null(strstr(body(e), "probe"));
	assert_int_equal(call(e, &e->anon, "GET", "/s/4/checkins", NULL), 303);
	assert_int_equal(call(e, &e->owner, "GET", "/s/9/checkins", NULL), 404);
	buf_release(&big);
	buf_release(&f);
}

static int on_ct(void *ctx, const struct ctest *t, const char *test,
		 const char *note)
{
	(void)test;
	(void)note;
	*(struct ctest *)ctx = *t;
	return 0;
}

/* One post checks in on milestones and updates a cheap test; a refused
 * one saves neither and keeps both; partners never see the tests. */
static void test_checkin_with_ctests(void **state)
{
	struct env *e = *state;
	struct ctest t = { .user = e->owner.id, .number = 4,
			   .idea = "Research <engineer>",
			   .status = CTEST_PLANNED, .hours_planned = -1,
			   .hours_spent = -1, .conf_before = 30,
			   .conf_after = -1 }, got;
	char f[600], path[80];

	plan(e);
	assert_int_equal(store_ctest_add(e->st, &t, "Reproduce a paper", ""),
			 STORE_OK);
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL), 200);
	assert_non_null(strstr(body(e), "<legend>Research &lt;engineer&gt;: "
			       "Reproduce a paper</legend>"));
	snprintf(f, sizeof(f), "pid.0=e1-milestones&ms.0=Read+%%3Cscript%%3Ex"
		 "%%3C%%2Fscript%%3E+papers&st.0=&note.0=no+status&ct.0=t-%lld&"
		 "ctu.0=%lld&ctk.0=Research+%%3Cengineer%%3E&cts.0=supported&"
		 "cths.0=&ctca.0=75&ctn.0=kept+too",
		 (long long)t.id, (long long)t.updated);
	assert_int_equal(post(e, &e->owner, "/s/4/checkins", f), 422);
	assert_non_null(strstr(body(e), "A note needs a status"));
	assert_non_null(strstr(body(e), ">kept too</textarea>"));
	assert_non_null(strstr(body(e), "name=\"ctca.0\" size=\"4\" "
			       "maxlength=\"5\" value=\"75\""));
	assert_int_equal(store_ctest_list(e->st, e->owner.id, 4, on_ct, &got),
			 STORE_OK);
	assert_int_equal(got.status, CTEST_PLANNED);

	snprintf(f, sizeof(f), "pid.0=e1-milestones&ms.0=Read+%%3Cscript%%3Ex"
		 "%%3C%%2Fscript%%3E+papers&st.0=done&note.0=&ct.0=t-%lld&"
		 "ctu.0=%lld&ctk.0=Research+%%3Cengineer%%3E&cts.0=supported&"
		 "cths.0=4,5&ctca.0=75%%25&ctn.0=ok",
		 (long long)t.id, (long long)t.updated);
	assert_int_equal(post(e, &e->owner, "/s/4/checkins", f), 303);
	assert_int_equal(store_ctest_list(e->st, e->owner.id, 4, on_ct, &got),
			 STORE_OK);
	assert_int_equal(got.status, CTEST_SUPPORTED);
	assert_int_equal(got.hours_spent, 45);
	assert_int_equal(got.conf_after, 75);
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL), 200);
	assert_non_null(strstr(strstr(body(e), "id=\"ck-history\""),
			       "papers</td><td>Done"));

	partners(e);
	snprintf(path, sizeof(path), "/p/%lld/4/checkins",
		 (long long)e->owner.id);
	assert_int_equal(call(e, &e->peer, "GET", path, NULL), 200);
	assert_null(strstr(body(e), "engineer"));
}

/* 200 milestones, "M0" to "M199". */
static void many_milestones(struct env *e)
{
	struct buf v = BUF_INIT;

	answer(e, &e->owner, "sprint", "2025-12-01\t4\t5");
	for (int i = 0; i < 200; i++)
		buf_addf(&v, "%sM%d\t2025-12-%02d\t1", i ? "\n" : "", i,
			 1 + i % 28);
	answer(e, &e->owner, "milestones", v.data);
	buf_release(&v);
}

static int on_ck(void *ctx, const struct checkin *c, const char *note)
{
	struct buf *b = ctx;

	buf_addf(b, "%s=%d:%s\n", c->milestone, c->status, note);
	return 0;
}

/* A 1 MB form is read in one walk: its fields in any order, the first
 * of each kept, in a small fraction of a second (one lookup per field
 * took 1.6 s of CPU). */
static void test_checkin_form_one_walk(void **state)
{
	struct env *e = *state;
	struct buf f = BUF_INIT, got = BUF_INIT;
	clock_t t;
	double cpu;

	many_milestones(e);
	while (f.len < ((size_t)1 << 20) - 20000)
		buf_adds(&f, "x=1&");
	for (int i = 199; i >= 0; i--)
		buf_addf(&f, "note.%d=n%d&st.%d=%s&ms.%d=M%d&pid.%d=%s&", i, i,
			 i, i % 2 ? "done" : "behind", i, i, i,
			 pid("milestones"));
	/* Later copies, other rows and odd names change nothing. */
	buf_addf(&f, "st.5=on-track&note.5=late&pid.200x=%s&pid.01=%s&"
		 "st.999=done&st.%%35=finished", pid("milestones"),
		 pid("milestones"));
	t = clock();
	assert_int_equal(post(e, &e->owner, "/s/4/checkins", f.data), 303);
	cpu = (double)(clock() - t) / CLOCKS_PER_SEC;
	if (cpu > 0.5)
		fail_msg("a 1 MB check-in form took %.2f s of CPU", cpu);
	assert_int_equal(store_checkin_list(e->st, e->owner.id, 4, on_ck, &got),
			 STORE_OK);
	assert_int_equal(count(got.data, "\n"), 200);
	assert_non_null(strstr(got.data, "M5=1:n5\n"));
	assert_non_null(strstr(got.data, "M198=3:n198\n"));
	assert_null(strstr(got.data, "late"));
	buf_release(&got);

	/* A field of ours that is not text is refused; nothing saved. */
	assert_int_equal(post(e, &e->owner, "/s/4/checkins",
			      "pid.0=e1-milestones&ms.0=M0&st.0=done&"
			      "note.0=%FF"), 400);
	assert_int_equal(store_checkin_list(e->st, e->owner.id, 4, on_ck, &got),
			 STORE_OK);
	assert_int_equal(count(got.data, "\n"), 200);
	/* Nor is a form with any field that is not text (the router
	 * checks the whole form before a page reads it). */
	assert_int_equal(post(e, &e->owner, "/s/4/checkins",
			      "junk=%FF&pid.0=e1-milestones&ms.0=M0&st.0=done"),
			 400);
	buf_reset(&got);
	assert_int_equal(store_checkin_list(e->st, e->owner.id, 4, on_ck, &got),
			 STORE_OK);
	assert_int_equal(count(got.data, "\n"), 200);
	buf_release(&got);
	buf_release(&f);
}

/* A session keeps STORE_CHECKINS_MAX check-ins per person: a form that
 * would pass it is refused whole, with what was written kept. */
static void test_checkin_cap(void **state)
{
	struct env *e = *state;
	struct checkin *c = calloc(1, sizeof(*c));
	char fields[400];

	assert_non_null(c);
	plan(e);
	c->user = e->owner.id;
	c->number = 4;
	strcpy(c->prompt_id, pid("milestones"));
	strcpy(c->milestone, "Build the probe");
	c->status = CHECKIN_ON_TRACK;
	for (int i = 0; i < STORE_CHECKINS_MAX - 1; i++)
		assert_int_equal(store_checkin_add(e->st, c, ""), STORE_OK);
	free(c);
	snprintf(fields, sizeof(fields), "pid.0=%s&ms.0=Read+%%3Cscript%%3Ex"
		 "%%3C%%2Fscript%%3E+papers&st.0=done&note.0=first+note&"
		 "pid.1=%s&ms.1=Build+the+probe&st.1=behind&note.1=kept+"
		 "%%3Cb%%3E", pid("milestones"), pid("milestones"));
	assert_int_equal(post(e, &e->owner, "/s/4/checkins", fields), 422);
	assert_non_null(strstr(body(e), "This session keeps at most 1000 "
			       "check-ins and you have made 999, so these 2 do "
			       "not fit."));
	assert_non_null(strstr(body(e), ">kept &lt;b&gt;</textarea>"));
	assert_non_null(strstr(body(e), ">first note</textarea>"));
	assert_non_null(strstr(body(e), "value=\"behind\" checked"));
	/* One fits. */
	snprintf(fields, sizeof(fields), "pid.0=%s&ms.0=Read+%%3Cscript%%3Ex"
		 "%%3C%%2Fscript%%3E+papers&st.0=done&note.0=the+last",
		 pid("milestones"));
	assert_int_equal(post(e, &e->owner, "/s/4/checkins", fields), 303);
	assert_int_equal(post(e, &e->owner, "/s/4/checkins", fields), 422);
	assert_non_null(strstr(body(e), "you have made 1000"));
	/* The page with its long history still shows the latest. */
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL), 200);
	assert_non_null(strstr(body(e), "<span class=\"ck ck-done\">Done"));
	assert_int_equal(count(body(e), "<tr><td class=\"date\">"),
			 STORE_CHECKINS_MAX);
}

/* The chart's counts from hand-made check-ins. */
static void test_chart_counts(void **state)
{
	const int due[3] = { 10005, 10012, CHECKIN_NO_DATE };
	const struct checkin_dot v[] = {
		{ 0, 10001, CHECKIN_ON_TRACK },
		{ 1, 10003, CHECKIN_BEHIND },
		{ 0, 10006, CHECKIN_DONE },
		{ 1, 10020, CHECKIN_DONE },     /* after the sprint */
	};
	struct checkin_series cs = {
		.sp = { .start = 10000, .weeks = 2, .hours_week = 4 },
		.today = 10030, .nr_milestones = 3, .due = due,
		.v = v, .n = 4,
	};
	struct checkin_week w;
	struct buf b = BUF_INIT;

	(void)state;
	checkin_week_counts(&cs, 0, &w);
	assert_int_equal(w.done, 1);
	assert_int_equal(w.on_track, 0);
	assert_int_equal(w.behind, 1);
	assert_int_equal(w.none, 1);
	assert_int_equal(w.due, 1);
	checkin_week_counts(&cs, 1, &w);
	assert_int_equal(w.done, 1);
	assert_int_equal(w.behind, 1);
	assert_int_equal(w.due, 2);

	svg_checkin_progress(&b, &cs);
	assert_int_equal(b.err, 0);
	assert_non_null(strstr(b.data, "<title>After: 2 done, 0 on track, "
			       "0 behind, 1 without a check-in; 2 due by "
			       "then</title>"));
	assert_non_null(strstr(b.data, "Now: 2 done, 0 on track, 0 behind, 1 "
			       "without a check-in, of 3 milestones"));
	assert_int_equal(count(b.data, "<svg"), 1);
	assert_int_equal(count(b.data, "</svg>"), 1);
	buf_release(&b);

	/* Weeks that have not begun are drawn empty. */
	cs.today = 10004;
	svg_checkin_progress(&b, &cs);
	assert_non_null(strstr(b.data, "<title>Week 2: not yet</title>"));
	buf_release(&b);

	/* No milestones: words, no chart. */
	cs.nr_milestones = 0;
	cs.n = 0;
	svg_checkin_progress(&b, &cs);
	assert_null(strstr(b.data, "<svg"));
	assert_non_null(strstr(b.data, "No milestones"));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_partner_sees_milestones_only, peer_setup,
			peer_teardown),
		cmocka_unit_test_setup_teardown(test_partner_refusals,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_checkin_history_chart,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_checkin_with_ctests,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_checkin_refusals,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_checkin_form_one_walk,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_checkin_cap,
						peer_setup, peer_teardown),
		cmocka_unit_test(test_chart_counts),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
