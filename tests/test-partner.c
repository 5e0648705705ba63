/*
 * Accountability partners by consent (ui-partner.c, docs/cohorts.md)
 * through app_handle(): asking, the request on both sides' pages,
 * accepting, declining, withdrawing and ending, what each state lets the
 * partner see, the caps, and what a third person cannot do with
 * someone else's ids.
 */
#include "peer-env.h"

#define DAY 86400

/* "/c/<cohort>/<kind>/<who>" into e->url. */
static const char *pair_url(struct env *e, const char *kind, struct who *w)
{
	snprintf(e->url, sizeof(e->url), "/c/%lld/%s/%lld",
		 (long long)e->cohort, kind, (long long)w->id);
	return e->url;
}

/* May `w` read the owner's check-ins (200) or not (404)? */
static int owner_board(struct env *e, struct who *w)
{
	char path[80];

	snprintf(path, sizeof(path), "/p/%lld/4/checkins",
		 (long long)e->owner.id);
	return call(e, w, "GET", path, NULL);
}

static void plan(struct env *e)
{
	answer(e, &e->owner, "sprint", "2025-12-01\t4\t5");
	answer(e, &e->owner, "milestones", "Build the probe\t2025-12-20\t8");
}

/* The whole way: ask, see it waiting on both sides, accept from the
 * check-ins page, end by the one backed. */
static void test_request_accept_end(void **state)
{
	struct env *e = *state;
	char form[400];
	const char *b;

	plan(e);
	/* The cohort page offers to ask; the owner's name is escaped in
	 * the button. */
	assert_int_equal(call(e, &e->peer, "GET", "/c/1", NULL), 200);
	assert_non_null(strstr(body(e), "Ask to be Olive &lt;Owner&gt;’s "
			       "accountability partner"));
	assert_null(strstr(body(e), "<Owner>"));

	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      "action=request"), 303);
	assert_string_equal(header_of(&e->rs, "Location"), "/c/1");
	/* Asked: nothing to see yet. */
	assert_int_equal(owner_board(e, &e->peer), 404);
	assert_null(strstr(body(e), "probe"));

	/* The one who asked sees it waiting, with a way to withdraw. */
	assert_int_equal(call(e, &e->peer, "GET", "/c/1", NULL), 200);
	assert_non_null(strstr(body(e), "Request sent to <strong>Olive "
			       "&lt;Owner&gt;</strong> on "));
	assert_non_null(strstr(body(e), ": waiting for their answer."));
	assert_non_null(strstr(body(e), "value=\"withdraw\" class=\"quiet\">"
			       "Withdraw the request to Olive &lt;Owner&gt;"
			       "</button>"));
	assert_null(strstr(body(e), "Ask to be Olive"));

	/* The one asked: on the cohort page, on "Your plans", and on the
	 * check-ins page with plain forms (CSRF field, no script). */
	assert_int_equal(call(e, &e->owner, "GET", "/c/1", NULL), 200);
	assert_non_null(strstr(body(e), "<strong>Pat Peer</strong> asks to be "
			       "your accountability partner"));
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_non_null(strstr(body(e), "<a href=\"/s/4/checkins#partners\">1 "
			       "request to be your accountability partner</a> "
			       "waits for your answer"));
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL),
			 200);
	b = body(e);
	assert_non_null(strstr(b, "<a href=\"#partners\">1 request to be your "
			       "accountability partner</a> waits for your "
			       "answer."));
	b = strstr(b, "<section class=\"partners\" id=\"partners\"");
	assert_non_null(b);
	assert_non_null(strstr(b, "<h3>Waiting for your answer</h3>"));
	snprintf(form, sizeof(form), "<form method=\"post\" action=\"/c/1/"
		 "backer/%lld\" class=\"inline\"><input type=\"hidden\" "
		 "name=\"csrf\" value=\"%s\"><input type=\"hidden\" "
		 "name=\"back\" value=\"checkins\">", (long long)e->peer.id,
		 e->owner.csrf);
	assert_non_null(strstr(b, form));
	assert_non_null(strstr(b, "value=\"accept\">Accept Pat Peer as your "
			       "partner</button>"));
	assert_non_null(strstr(b, "value=\"decline\" class=\"quiet\">"
			       "Decline Pat Peer’s request</button>"));
	assert_null(strstr(b, "<h3>Your partners</h3>"));

	/* Accepted from the check-ins page: back to it. */
	assert_int_equal(post(e, &e->owner, pair_url(e, "backer", &e->peer),
			      "action=accept&back=checkins"), 303);
	assert_string_equal(header_of(&e->rs, "Location"),
			    "/s/4/checkins#partners");
	assert_int_equal(owner_board(e, &e->peer), 200);
	assert_non_null(strstr(body(e), "Build the probe"));
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL),
			 200);
	assert_null(strstr(body(e), "waits for your answer"));
	assert_null(strstr(body(e), "Waiting for your answer"));
	b = strstr(body(e), "<h3>Your partners</h3>");
	assert_non_null(b);
	assert_non_null(strstr(b, "<strong>Pat Peer</strong> is your "
			       "accountability partner in Spring."));
	assert_non_null(strstr(b, "value=\"end\" class=\"quiet\">End the "
			       "partnership with Pat Peer</button>"));
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_null(strstr(body(e), "request to be your accountability"));
	assert_int_equal(call(e, &e->peer, "GET", "/c/1", NULL), 200);
	assert_non_null(strstr(body(e), "You are <strong>Olive &lt;Owner&gt;"
			       "</strong>’s accountability partner."));
	snprintf(form, sizeof(form), "<a href=\"/p/%lld/4/checkins\">"
		 "Their check-ins</a>", (long long)e->owner.id);
	assert_non_null(strstr(body(e), form));
	/* The peer's own check-ins page lists whom they back. */
	assert_int_equal(call(e, &e->peer, "GET", "/s/4/checkins", NULL), 200);
	b = strstr(body(e), "<h3>Whom you back, or asked to</h3>");
	assert_non_null(b);
	assert_non_null(strstr(b, "Stop backing Olive &lt;Owner&gt;"));
	/* Asking again is "already". */
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 409);
	assert_non_null(strstr(body(e), "You are Olive &lt;Owner&gt;’s "
			       "accountability partner already."));

	/* The owner ends it: nothing to see at once, and it counts as
	 * declining (no new request for a week). */
	store_set_clock(e->st, 1764547200);
	assert_int_equal(post(e, &e->owner, pair_url(e, "backer", &e->peer),
			      "action=end"), 303);
	assert_string_equal(header_of(&e->rs, "Location"), "/c/1");
	assert_int_equal(owner_board(e, &e->peer), 404);
	assert_int_equal(call(e, &e->peer, "GET", "/c/1", NULL), 200);
	assert_non_null(strstr(body(e), "<strong>Olive &lt;Owner&gt;</strong> "
			       "declined your request on 2025-12-01. You may "
			       "ask again from 2025-12-08."));
	assert_null(strstr(body(e), "Ask to be Olive"));
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 429);
	assert_non_null(strstr(body(e), "Olive &lt;Owner&gt; declined your "
			       "request. You may ask again from 2025-12-08."));
	store_set_clock(e->st, 0);
}

/* Declined, asked again after the wait, withdrawn; the one who asked
 * ends an accepted one. */
static void test_decline_withdraw(void **state)
{
	struct env *e = *state;
	char peers[80];

	plan(e);
	store_set_clock(e->st, 1764547200);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 303);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 409);
	assert_non_null(strstr(body(e), "You asked already: your request is "
			       "waiting for Olive &lt;Owner&gt;’s answer."));
	assert_int_equal(post(e, &e->owner, pair_url(e, "backer", &e->peer),
			      "action=decline"), 303);
	assert_int_equal(owner_board(e, &e->peer), 404);
	/* Answered already: a second answer finds nothing. */
	assert_int_equal(post(e, &e->owner, pair_url(e, "backer", &e->peer),
			      "action=accept"), 404);
	assert_non_null(strstr(body(e), "it may have been answered, withdrawn "
			       "or ended meanwhile"));
	assert_int_equal(owner_board(e, &e->peer), 404);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 429);
	assert_int_equal(call(e, &e->peer, "GET", "/s/4/checkins", NULL), 200);
	assert_non_null(strstr(body(e), "<h3>Declined</h3>"));

	/* A week later the cohort page offers to ask again. */
	store_set_clock(e->st, 1764547200 + 7 * DAY);
	assert_int_equal(call(e, &e->peer, "GET", "/c/1", NULL), 200);
	assert_non_null(strstr(body(e), "declined your request on "
			       "2025-12-01."));
	assert_non_null(strstr(body(e), "Ask to be Olive &lt;Owner&gt;’s "
			       "accountability partner"));
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 303);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      "action=withdraw&back=checkins"), 303);
	assert_string_equal(header_of(&e->rs, "Location"),
			    "/s/4/checkins#partners");
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL),
			 200);
	assert_null(strstr(body(e), "Waiting for your answer"));
	assert_non_null(strstr(body(e), "No partners yet. Someone who would "
			       "like to back you asks, and you answer here; to "
			       "back someone, ask on your cohort's page: <a "
			       "href=\"/c/1\">Spring</a>."));
	/* Withdrawn: asked again at once, accepted, then ended by the one
	 * who asked, who may ask again at once. */
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 303);
	assert_int_equal(post(e, &e->owner, pair_url(e, "backer", &e->peer),
			      "action=accept"), 303);
	assert_int_equal(owner_board(e, &e->peer), 200);
	/* Partners see each other's: the owner sees the peer's board. */
	snprintf(peers, sizeof(peers), "/p/%lld/4/checkins",
		 (long long)e->peer.id);
	assert_int_equal(call(e, &e->owner, "GET", peers, NULL), 200);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      "action=end"), 303);
	assert_int_equal(owner_board(e, &e->peer), 404);
	assert_int_equal(call(e, &e->owner, "GET", peers, NULL), 404);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 303);
	store_set_clock(e->st, 0);
}

/* Nobody acts on a partnership that is not theirs, whatever ids they
 * put in the path; no form works without its CSRF token; only the
 * actions offered are taken. */
static void test_others_cannot_act(void **state)
{
	struct env *e = *state;
	struct who third;

	plan(e);
	person(e, &third, "Tess Third", "third@example.org");
	assert_int_equal(store_member_put(e->st, e->cohort, third.id,
					  ROLE_PARTICIPANT), STORE_OK);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 303);

	/* The third person and the facilitator, with the peer's or the
	 * owner's id: their own (missing) partnership, never the pair's. */
	assert_int_equal(post(e, &third, pair_url(e, "backer", &e->peer),
			      "action=accept"), 404);
	assert_int_equal(post(e, &e->facil, pair_url(e, "backer", &e->peer),
			      "action=accept"), 404);
	assert_int_equal(post(e, &third, pair_url(e, "partner", &e->owner),
			      "action=withdraw"), 404);
	assert_int_equal(post(e, &third, pair_url(e, "backer", &e->owner),
			      "action=decline"), 404);
	/* The one who asked cannot accept for the owner: /backer/ is the
	 * peer's own side, where the owner backs nobody. */
	assert_int_equal(post(e, &e->peer, pair_url(e, "backer", &e->owner),
			      "action=accept"), 404);
	/* Someone outside the cohort is stopped before the page. */
	assert_int_equal(post(e, &e->other, pair_url(e, "backer", &e->peer),
			      "action=accept"), 403);
	/* No CSRF token, not logged in. */
	assert_int_equal(call(e, &e->owner, "POST",
			      pair_url(e, "backer", &e->peer),
			      "action=accept"), 403);
	assert_int_equal(post(e, &e->anon, pair_url(e, "backer", &e->peer),
			      "action=accept"), 403);
	/* Words the form does not offer on that side. */
	assert_int_equal(post(e, &e->owner, pair_url(e, "backer", &e->peer),
			      "action=withdraw"), 400);
	assert_int_equal(post(e, &e->owner, pair_url(e, "backer", &e->peer),
			      ""), 400);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      "action=accept"), 400);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      "action=stop"), 400);
	/* Unknown people and cohorts. */
	assert_int_equal(post(e, &e->owner, "/c/1/backer/999", "action=accept"),
			 404);
	assert_int_equal(post(e, &e->owner, "/c/1/backer/x", "action=accept"),
			 404);
	assert_int_equal(post(e, &e->owner, "/c/99/backer/2", "action=accept"),
			 404);

	/* After all that, still only a request. */
	assert_int_equal(owner_board(e, &e->peer), 404);
	assert_int_equal(owner_board(e, &third), 404);
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL),
			 200);
	assert_non_null(strstr(body(e), "1 request to be your accountability "
			       "partner</a> waits"));
	/* The owner's own answer works. */
	assert_int_equal(post(e, &e->owner, pair_url(e, "backer", &e->peer),
			      "action=accept"), 303);
	assert_int_equal(owner_board(e, &e->peer), 200);
	assert_int_equal(owner_board(e, &third), 404);
	/* Nor can the third person end it. */
	assert_int_equal(post(e, &third, pair_url(e, "backer", &e->peer),
			      "action=end"), 404);
	assert_int_equal(post(e, &third, pair_url(e, "partner", &e->owner),
			      "action=end"), 404);
	assert_int_equal(owner_board(e, &e->peer), 200);
}

/* The caps answer clearly: PARTNER_PENDING_MAX of one's own requests,
 * PARTNER_INCOMING_MAX waiting for one's answer. */
static void test_caps(void **state)
{
	struct env *e = *state;
	enum { N = PARTNER_INCOMING_MAX + 1 };
	struct who *m = calloc(N, sizeof(*m));
	char name[40], email[40];
	int i;

	assert_non_null(m);
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "Member %d", i);
		snprintf(email, sizeof(email), "m%d@example.org", i);
		person(e, &m[i], name, email);
		assert_int_equal(store_member_put(e->st, e->cohort, m[i].id,
						  ROLE_PARTICIPANT), STORE_OK);
	}
	/* The peer asks PARTNER_PENDING_MAX people; the next is refused. */
	for (i = 0; i < PARTNER_PENDING_MAX; i++)
		assert_int_equal(post(e, &e->peer,
				      pair_url(e, "partner", &m[i]), ""), 303);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 429);
	assert_non_null(strstr(body(e), "You have 5 requests waiting for an "
			       "answer already: withdraw one, or wait until "
			       "they are answered, before you ask someone "
			       "else."));
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &m[0]),
			      "action=withdraw"), 303);
	assert_int_equal(post(e, &e->peer, pair_url(e, "partner", &e->owner),
			      ""), 303);

	/* Nine more ask to back the owner (ten in all); the eleventh is
	 * told the owner has enough waiting. */
	for (i = 1; i < PARTNER_INCOMING_MAX; i++)
		assert_int_equal(post(e, &m[i],
				      pair_url(e, "partner", &e->owner), ""),
				 303);
	assert_int_equal(post(e, &m[PARTNER_INCOMING_MAX],
			      pair_url(e, "partner", &e->owner), ""), 429);
	assert_non_null(strstr(body(e), "Olive &lt;Owner&gt; has 10 requests "
			       "waiting for their answer already. Try again "
			       "once they have answered some."));
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/checkins", NULL),
			 200);
	assert_non_null(strstr(body(e), "10 requests to be your "
			       "accountability partner</a> wait for your "
			       "answer."));
	assert_int_equal(count(body(e), "value=\"accept\">Accept "), 10);
	/* One answered frees a place. */
	assert_int_equal(post(e, &e->owner, pair_url(e, "backer", &m[1]),
			      "action=decline"), 303);
	assert_int_equal(post(e, &m[PARTNER_INCOMING_MAX],
			      pair_url(e, "partner", &e->owner), ""), 303);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_request_accept_end,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_decline_withdraw,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_others_cannot_act,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_caps, peer_setup,
						peer_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
