/*
 * Sharing a plan (ui-share.c): private, my cohort, a read-only link;
 * who sees what through GET /p/USER/N/EX and GET /l/TOKEN.
 */
#include "peer-env.h"

static void owner_answers(struct env *e)
{
	answer(e, &e->owner, "deliverable", "A probe for <b>sparse</b> features");
	answer(e, &e->owner, "support", "Ask me weekly");
}

static void share(struct env *e, const char *fields, int want)
{
	assert_int_equal(post(e, &e->owner, "/s/4/e/" EX "/share", fields),
			 want);
}

static void test_private_cohort_private(void **state)
{
	struct env *e = *state;

	owner_answers(e);
	/* Private by default: the owner, the facilitator; no one else. */
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "A probe for &lt;b&gt;sparse&lt;/b&gt;"));
	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 404);
	assert_null(strstr(body(e), "sparse"));
	assert_int_equal(call(e, &e->other, "GET", plan_url(e, ""), NULL), 404);
	assert_int_equal(call(e, &e->facil, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "sparse"));
	assert_int_equal(call(e, &e->anon, "GET", plan_url(e, ""), NULL), 303);
	/* to log in, and back to the plan afterwards */
	assert_int_equal(strncmp(header_of(&e->rs, "Location"),
				 "/login?next=", 12), 0);
	assert_string_equal(header_of(&e->rs, "Location") + 12,
			    plan_url(e, ""));

	share(e, "mode=cohort", 303);
	assert_string_equal(header_of(&e->rs, "Location"),
			    "/s/4/plan#share-" EX);
	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "A probe for &lt;b&gt;sparse"));
	assert_non_null(strstr(body(e), "Olive &lt;Owner&gt;"));
	/* A way back to the cohort the peer came from (issue 15). */
	{
		char back[80];

		snprintf(back, sizeof(back), "<p class=\"crumbs\"><a "
			 "href=\"/c/%lld\">", (long long)e->cohort);
		assert_non_null(strstr(body(e), back));
	}
	/* Another cohort's member still sees nothing. */
	assert_int_equal(call(e, &e->other, "GET", plan_url(e, ""), NULL), 404);
	assert_null(strstr(body(e), "sparse"));

	share(e, "mode=private", 303);
	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 404);
	assert_null(strstr(body(e), "sparse"));
	assert_int_equal(call(e, &e->facil, "GET", plan_url(e, ""), NULL), 200);
}

static void test_share_form_checks(void **state)
{
	struct env *e = *state;

	/* No CSRF token, a mode we do not offer, no such exercise. */
	assert_int_equal(call(e, &e->owner, "POST", "/s/4/e/" EX "/share",
			      "mode=cohort"), 403);
	share(e, "mode=world", 400);
	share(e, "", 400);
	assert_int_equal(post(e, &e->owner, "/s/4/e/nope/share",
			      "mode=cohort"), 404);
	assert_int_equal(post(e, &e->owner, "/s/9/e/" EX "/share",
			      "mode=cohort"), 404);
	assert_int_equal(post(e, &e->anon, "/s/4/e/" EX "/share",
			      "mode=cohort"), 403);
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/e/" EX "/share",
			      NULL), 405);
	/* Nothing of the above shared it. */
	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 404);
	/* Ids that are not ids. */
	assert_int_equal(call(e, &e->peer, "GET", "/p/0/4/" EX, NULL), 404);
	assert_int_equal(call(e, &e->peer, "GET", "/p/-1/4/" EX, NULL), 404);
	assert_int_equal(call(e, &e->peer, "GET", "/p/99999/4/" EX, NULL), 404);
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, "x"), NULL), 404);
}

/* The token in the page that made the link. */
static void scrape_link(struct env *e, char *out, size_t size)
{
	const char *p = strstr(body(e), "value=\"/l/");

	assert_non_null(p);
	p += strlen("value=\"");
	snprintf(out, size, "%.*s", (int)strcspn(p, "\""), p);
	assert_int_equal(strlen(out), 3 + AUTH_TOKEN_HEX);
}

static void test_link_then_revoked(void **state)
{
	struct env *e = *state;
	char link[100], old[100];

	owner_answers(e);
	share(e, "link=new", 200);
	scrape_link(e, link, sizeof(link));

	/* Anyone with it, logged in or not, reads the plan and no more. */
	assert_int_equal(call(e, &e->anon, "GET", link, NULL), 200);
	assert_non_null(strstr(body(e), "A probe for &lt;b&gt;sparse"));
	assert_null(strstr(body(e), "Olive"));
	assert_null(strstr(body(e), "owner@example.org"));
	assert_null(strstr(body(e), "comment"));
	assert_string_equal(header_of(&e->rs, "Referrer-Policy"),
			    "no-referrer");
	assert_int_equal(call(e, &e->other, "GET", link, NULL), 200);
	/* The link does not open the plan's other doors. */
	assert_int_equal(call(e, &e->other, "GET", plan_url(e, ""), NULL), 404);

	/* The owner's summary says a link is active and shows it again to
	 * copy (issue 15); a peer's view of the plan never has it. */
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_non_null(strstr(body(e), "A read-only link is active"));
	assert_non_null(strstr(body(e), link + 3));
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL),
			 200);
	assert_null(strstr(body(e), link + 3));

	/* Revoked: refused at once, and no longer shown. */
	share(e, "link=revoke", 303);
	assert_int_equal(call(e, &e->anon, "GET", link, NULL), 404);
	assert_null(strstr(body(e), "sparse"));
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_null(strstr(body(e), link + 3));

	/* A new link replaces the old one. */
	share(e, "link=new", 200);
	scrape_link(e, old, sizeof(old));
	share(e, "link=new", 200);
	scrape_link(e, link, sizeof(link));
	assert_string_not_equal(old, link);
	assert_int_equal(call(e, &e->anon, "GET", old, NULL), 404);
	assert_int_equal(call(e, &e->anon, "GET", link, NULL), 200);

	/* Malformed and guessed tokens. */
	assert_int_equal(call(e, &e->anon, "GET", "/l/abc", NULL), 404);
	link[5] = link[5] == 'a' ? 'b' : 'a';
	assert_int_equal(call(e, &e->anon, "GET", link, NULL), 404);
}

static void test_summary_controls(void **state)
{
	struct env *e = *state;

	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_non_null(strstr(body(e), "action=\"/s/4/e/" EX "/share\""));
	assert_non_null(strstr(body(e), "value=\"private\" checked"));
	assert_non_null(strstr(body(e), "No read-only link."));
	assert_non_null(strstr(body(e), ": 0 unread"));
	assert_non_null(strstr(body(e), "href=\"/s/4/checkins\""));
	share(e, "mode=cohort", 303);
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_non_null(strstr(body(e), "value=\"cohort\" checked"));
	/* The controls are labelled. */
	assert_non_null(strstr(body(e), "<legend>Who may see this plan"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_private_cohort_private,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_share_form_checks,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_link_then_revoked,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_summary_controls,
						peer_setup, peer_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
