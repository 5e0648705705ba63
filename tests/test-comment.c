/*
 * Comments on a shared plan (ui-comment.c): add, reply, edit and delete
 * by their author only; unread counts for the owner; escaping; the 8 KB
 * cap that keeps the text; the caps on comments per plan and replies per
 * thread, deep threads shown flat, and plans stored before the caps.
 */
#include "peer-env.h"


static void shared(struct env *e)
{
	answer(e, &e->owner, "deliverable", "A short report");
	assert_int_equal(post(e, &e->owner, "/s/4/e/" EX "/share",
			      "mode=cohort"), 303);
}

/* Comment as w on the deliverable's section; returns the new id. */
static int64_t comment(struct env *e, struct who *w, int64_t parent,
		       const char *text)
{
	char fields[9000];
	const char *loc, *hash;

	snprintf(fields, sizeof(fields), "prompt=%s%s%lld&body=%s",
		 pid("deliverable"), parent ? "&parent=" : "&x=",
		 (long long)parent, text);
	assert_int_equal(post(e, w, plan_url(e, "/comments"), fields), 303);
	loc = header_of(&e->rs, "Location");
	assert_non_null(loc);
	assert_non_null(hash = strstr(loc, "#c-"));
	assert_memory_equal(loc, plan_url(e, ""), strlen(plan_url(e, "")));
	return strtoll(hash + 3, NULL, 10);
}

static void test_add_reply_edit_delete(void **state)
{
	struct env *e = *state;
	char path[64], id_attr[64];
	int64_t c1, c2;

	shared(e);
	c1 = comment(e, &e->peer, 0, "Which+layer%3F");
	c2 = comment(e, &e->owner, c1, "Layer+6");
	assert_true(c2 > c1);

	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "Which layer?"));
	/* The reply is nested under its parent. */
	snprintf(id_attr, sizeof(id_attr), "id=\"c-%lld\"", (long long)c1);
	assert_non_null(strstr(body(e), id_attr));
	assert_non_null(strstr(strstr(body(e), id_attr),
			       "<ol class=\"replies\"><li class=\"comment\""));
	assert_non_null(strstr(body(e), "Layer 6"));
	/* The peer may edit their own comment, not the owner's reply. */
	assert_int_equal(count(body(e), "Edit or delete"), 1);

	/* Edit by its author. */
	snprintf(path, sizeof(path), "/comments/%lld", (long long)c1);
	assert_int_equal(post(e, &e->peer, path,
			      "action=edit&body=Which+layer+exactly%3F"), 303);
	/* Others are refused, and nothing changes. */
	assert_int_equal(post(e, &e->owner, path,
			      "action=edit&body=hijacked"), 404);
	assert_int_equal(post(e, &e->facil, path, "action=delete"), 404);
	assert_int_equal(post(e, &e->other, path, "action=delete"), 404);
	assert_int_equal(call(e, &e->peer, "POST", path, "action=delete"), 403);
	assert_int_equal(post(e, &e->peer, "/comments/abc", "action=delete"),
			 404);
	assert_int_equal(post(e, &e->peer, path, "action=frobnicate"), 400);
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "Which layer exactly?"));
	assert_non_null(strstr(body(e), " · edited "));
	assert_null(strstr(body(e), "hijacked"));

	/* Delete by its author: the reply keeps its place. */
	assert_int_equal(post(e, &e->peer, path, "action=delete"), 303);
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_null(strstr(body(e), "Which layer"));
	assert_non_null(strstr(body(e), "This comment was deleted."));
	assert_non_null(strstr(body(e), "Layer 6"));
	/* A deleted comment cannot be edited back. */
	assert_int_equal(post(e, &e->peer, path, "action=edit&body=back"), 404);
}

static void test_who_may_comment(void **state)
{
	struct env *e = *state;
	char fields[200];

	answer(e, &e->owner, "deliverable", "A short report");
	snprintf(fields, sizeof(fields), "prompt=%s&body=hello",
		 pid("deliverable"));
	/* Private: the peer may not comment, the facilitator may. */
	assert_int_equal(post(e, &e->peer, plan_url(e, "/comments"), fields),
			 404);
	assert_int_equal(post(e, &e->facil, plan_url(e, "/comments"), fields),
			 303);
	shared(e);
	assert_int_equal(post(e, &e->peer, plan_url(e, "/comments"), fields),
			 303);
	assert_int_equal(post(e, &e->other, plan_url(e, "/comments"), fields),
			 404);
	assert_int_equal(post(e, &e->anon, plan_url(e, "/comments"), fields),
			 403);
	assert_int_equal(call(e, &e->peer, "POST", plan_url(e, "/comments"),
			      fields), 403);
	/* A section or a parent that is not this plan's. */
	assert_int_equal(post(e, &e->peer, plan_url(e, "/comments"),
			      "prompt=e9-nope&body=hello"), 400);
	snprintf(fields, sizeof(fields), "prompt=%s&parent=999&body=hello",
		 pid("deliverable"));
	assert_int_equal(post(e, &e->peer, plan_url(e, "/comments"), fields),
			 404);
	snprintf(fields, sizeof(fields), "prompt=%s&body=+%%0A+",
		 pid("deliverable"));
	assert_int_equal(post(e, &e->peer, plan_url(e, "/comments"), fields),
			 422);
	/* Comments are not shown through a read-only link. */
	assert_int_equal(post(e, &e->owner, "/s/4/e/" EX "/share", "link=new"),
			 200);
	{
		const char *p = strstr(body(e), "value=\"/l/");
		char link[100];

		assert_non_null(p);
		snprintf(link, sizeof(link), "%.*s", 3 + AUTH_TOKEN_HEX,
			 p + strlen("value=\""));
		assert_int_equal(call(e, &e->anon, "GET", link, NULL), 200);
		assert_non_null(strstr(body(e), "A short report"));
		assert_null(strstr(body(e), "hello"));
	}
	/* Unshared again: the peer's comment stays, the peer is out. */
	assert_int_equal(post(e, &e->owner, "/s/4/e/" EX "/share",
			      "mode=private"), 303);
	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 404);
	assert_null(strstr(body(e), "hello"));
}

static void test_unread_counts(void **state)
{
	struct env *e = *state;
	int64_t c1;

	shared(e);
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_non_null(strstr(body(e), "</a>: 0 unread"));

	c1 = comment(e, &e->peer, 0, "First");
	comment(e, &e->facil, c1, "Second");
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_non_null(strstr(body(e), "</a>: 2 unread"));
	/* The peer looking does not mark them read. */
	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 200);
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_non_null(strstr(body(e), "</a>: 2 unread"));

	/* The owner views the comments: then nothing is unread. */
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "2 new since you last looked"));
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_non_null(strstr(body(e), "</a>: 0 unread"));
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "0 new since you last looked"));

	/* The owner's own reply is not news to them. */
	comment(e, &e->owner, c1, "Mine");
	comment(e, &e->peer, 0, "Third");
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_non_null(strstr(body(e), "</a>: 1 unread"));
}

static void test_escaping_and_cap(void **state)
{
	struct env *e = *state;
	struct buf big = BUF_INIT, fields = BUF_INIT;
	int64_t c1;
	char path[64];

	shared(e);
	c1 = comment(e, &e->peer, 0,
		     "%3Cscript%3Ealert(1)%3C%2Fscript%3E%0A%22quoted%22+%26");
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "&lt;script&gt;alert(1)&lt;/script&gt;"
			       "<br>&quot;quoted&quot; &amp;"));
	assert_null(strstr(body(e), "<script>alert"));
	/* The author's name is escaped too. */
	comment(e, &e->owner, c1, "ok");
	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "<strong>Olive &lt;Owner&gt;</strong>"));

	/* 8 KB + 1: refused with 422, the text kept in its form. */
	for (int i = 0; i < STORE_TEXT_MAX; i++)
		buf_addc(&big, 'a');
	buf_adds(&big, "Z%3Cb%3E");
	buf_addf(&fields, "prompt=%s&body=%s", pid("deliverable"), big.data);
	assert_int_equal(post(e, &e->peer, plan_url(e, "/comments"),
			      fields.data), 422);
	assert_non_null(strstr(body(e), "longer than 8 KB"));
	assert_non_null(strstr(body(e), "aaaaZ&lt;b&gt;</textarea>"));
	/* The same for an edit. */
	buf_reset(&fields);
	buf_addf(&fields, "action=edit&body=%s", big.data);
	snprintf(path, sizeof(path), "/comments/%lld", (long long)c1);
	assert_int_equal(post(e, &e->peer, path, fields.data), 422);
	assert_non_null(strstr(body(e), "aaaaZ&lt;b&gt;</textarea>"));
	/* Exactly 8 KB is fine. */
	buf_reset(&fields);
	buf_addf(&fields, "action=edit&body=%.*s", STORE_TEXT_MAX, big.data);
	assert_int_equal(post(e, &e->peer, path, fields.data), 303);
	buf_release(&big);
	buf_release(&fields);
}

/* A comment straight through the store (with its caps); its id. */
static int64_t stored(struct env *e, struct who *w, int64_t parent,
		      const char *text)
{
	struct comment c = { .owner = e->owner.id, .number = 4,
			     .author = w->id, .parent = parent };

	strcpy(c.exercise_id, EX);
	strcpy(c.prompt_id, pid("deliverable"));
	if (store_comment_add(e->st, &c, text) != STORE_OK)
		fail_msg("comment_add: %s", store_errmsg(e->st));
	return c.id;
}

/* A comment as stored before the caps existed: with no cap counted
 * (store_set_uncapped()). */
static int64_t legacy(struct env *e, int64_t parent, const char *text)
{
	struct comment c = { .owner = e->owner.id, .number = 4,
			     .author = e->peer.id, .parent = parent };

	strcpy(c.exercise_id, EX);
	strcpy(c.prompt_id, pid("deliverable"));
	store_set_uncapped(e->st, 1);
	assert_int_equal(store_comment_add(e->st, &c, text), STORE_OK);
	store_set_uncapped(e->st, 0);
	return c.id;
}

/* Post a comment (parent 0) or reply that must be refused as full:
 * 422, the message, and the text back in its form. */
static void post_full(struct env *e, int64_t parent, const char *msg)
{
	char fields[300];

	snprintf(fields, sizeof(fields), "prompt=%s&parent=%lld&body="
		 "Keep+%%3Cthis%%3E+text", pid("deliverable"),
		 (long long)parent);
	if (!parent)
		snprintf(fields, sizeof(fields), "prompt=%s&body=Keep+%%3Cthis"
			 "%%3E+text", pid("deliverable"));
	assert_int_equal(post(e, &e->peer, plan_url(e, "/comments"), fields),
			 422);
	assert_non_null(strstr(body(e), msg));
	assert_non_null(strstr(body(e), ">Keep &lt;this&gt; text</textarea>"));
	assert_int_equal(count(body(e), "Keep &lt;this&gt; text"), 1);
}

/* Every list of the page is closed. */
static void balanced(struct env *e)
{
	assert_int_equal(count(body(e), "<ol"), count(body(e), "</ol>"));
	assert_int_equal(count(body(e), "<li ") + count(body(e), "<li>"),
			 count(body(e), "</li>"));
}

/* A plan holds STORE_COMMENTS_MAX comments: the next is refused with
 * its text kept, and the page says so instead of offering forms. */
static void test_plan_cap(void **state)
{
	struct env *e = *state;
	int64_t first = 0, id;
	int i;

	shared(e);
	for (i = 0; i < STORE_COMMENTS_MAX - 1; i++) {
		id = stored(e, &e->facil, 0, "hello");
		if (!first)
			first = id;
	}
	comment(e, &e->peer, first, "The+last+place");
	post_full(e, 0, "This plan has reached 500 comments, the most a plan "
		  "holds, so no more can be added.");
	post_full(e, first, "This plan has reached 500 comments");
	/* The refused reply's form is open under its comment. */
	assert_non_null(strstr(body(e), "<details open><summary>Reply"));

	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 200);
	assert_int_equal(count(body(e), "<li class=\"comment"),
			 STORE_COMMENTS_MAX);
	assert_non_null(strstr(body(e), "This plan has 500 comments, the most "
			       "a plan holds: no more can be added."));
	assert_null(strstr(body(e), "<summary>Reply</summary>"));
	assert_null(strstr(body(e), "Add comment</button>"));
	assert_null(strstr(body(e), "not shown"));
	balanced(e);
	/* Editing and deleting go on. */
	assert_non_null(strstr(body(e), "Edit or delete"));
}

/* A thread holds STORE_REPLIES_MAX replies; other threads go on. */
static void test_thread_cap(void **state)
{
	struct env *e = *state;
	int64_t top, last, other;
	int i;

	shared(e);
	top = last = stored(e, &e->owner, 0, "top");
	for (i = 0; i < STORE_REPLIES_MAX - 1; i++)
		last = stored(e, i % 2 ? &e->owner : &e->peer, last, "re");
	other = stored(e, &e->facil, 0, "another thread");
	comment(e, &e->peer, top, "The+last+reply");
	post_full(e, last, "This thread has reached 200 replies, the most a "
		  "thread holds. Add a new comment on the section instead.");
	post_full(e, top, "This thread has reached 200 replies");

	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 200);
	assert_int_equal(count(body(e), "This thread has 200 replies, the "
			       "most a thread holds"), 1);
	/* Only the other thread's comment takes replies. */
	assert_int_equal(count(body(e), "<summary>Reply</summary>"), 1);
	assert_non_null(strstr(body(e), "Add comment</button>"));
	balanced(e);
	comment(e, &e->peer, other, "Still+fine");
	comment(e, &e->peer, 0, "A+new+thread");
}

/* How deep ordered lists nest, at most, in the page. */
static int deepest(const char *html)
{
	int depth = 0, max = 0;
	const char *p;

	for (p = html; *p; p++) {
		if (!strncmp(p, "<ol", 3))
			depth++;
		else if (!strncmp(p, "</ol>", 5))
			depth--;
		if (depth > max)
			max = depth;
	}
	return max;
}

/* Replies nest up to 8 deep; deeper ones follow at that level, in
 * order, and every list is closed. */
static void test_deep_thread_flat(void **state)
{
	struct env *e = *state;
	int64_t id[30];
	const char *at;
	char attr[40];
	int i;

	shared(e);
	id[0] = stored(e, &e->owner, 0, "level 0");
	for (i = 1; i < 30; i++)
		id[i] = stored(e, &e->peer, id[i - 1], "deeper");
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	/* The threads' list and 8 levels of replies. */
	assert_int_equal(count(body(e), "<ol class=\"replies\">"), 8);
	assert_int_equal(deepest(body(e)), 9);
	balanced(e);
	for (at = body(e), i = 0; i < 30; i++) {
		snprintf(attr, sizeof(attr), "id=\"c-%lld\"", (long long)id[i]);
		at = strstr(at, attr);
		assert_non_null(at);
	}
}

/* A plan stored before the caps, with a reply chain far past both: the
 * page shows the first 500 comments, says how many more there are, and
 * a reply refused there keeps its text. */
static void test_stored_before_caps(void **state)
{
	struct env *e = *state;
	int64_t last = 0;
	int i, n = 2 * STORE_COMMENTS_MAX + 100;

	shared(e);
	for (i = 0; i < n; i++)
		last = legacy(e, last, "chain");
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_int_equal(count(body(e), "<li class=\"comment"),
			 STORE_COMMENTS_MAX);
	assert_non_null(strstr(body(e), "600 more comments on this section "
			       "are not shown: a plan page shows at most 500 "
			       "comments."));
	balanced(e);
	assert_true(e->rs.body.len < ((size_t)2 << 20));
	post_full(e, last, "This plan has reached 500 comments");
	assert_non_null(strstr(body(e), "<h3>Your comment</h3>"));
}

/* However big the comments, the page stays within its bytes. */
static void test_page_bytes_bounded(void **state)
{
	struct env *e = *state;
	char *big = malloc(STORE_TEXT_MAX + 1);
	int i;

	assert_non_null(big);
	memset(big, '"', STORE_TEXT_MAX);
	big[STORE_TEXT_MAX] = '\0';
	shared(e);
	for (i = 0; i < STORE_COMMENTS_MAX; i++)
		stored(e, &e->peer, 0, big);
	free(big);
	/* The author's own page writes each twice (text and edit form). */
	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 200);
	assert_true(e->rs.body.len < ((size_t)8 << 20));
	assert_non_null(strstr(body(e), "more comments on this section are "
			       "not shown"));
	balanced(e);
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_true(e->rs.body.len < ((size_t)8 << 20));
}

/* A plan stored before the caps with more than a page reads: the
 * oldest are read (within 16 MB), the page says the rest are not. */
static void test_load_bounded(void **state)
{
	struct env *e = *state;
	char *big = malloc(STORE_TEXT_MAX + 1);
	int i;

	assert_non_null(big);
	memset(big, 'b', STORE_TEXT_MAX);
	big[STORE_TEXT_MAX] = '\0';
	shared(e);
	for (i = 0; i < 2100; i++)
		legacy(e, 0, big);
	free(big);
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "This plan has more than the 2049 "
			       "comments a page reads: the newest are not "
			       "shown."));
	assert_non_null(strstr(body(e), "This plan has over 2049 comments"));
	assert_true(e->rs.body.len < ((size_t)8 << 20));
	balanced(e);
}

/* A thread is resolved and reopened by the plan's owner or the thread's
 * author, as a form (303 back to it) or from app.js (JSON with the open
 * count); a resolved thread is folded, and the plan counts its open
 * threads.  A reply names no thread; others may not. */
static void test_resolve_threads(void **state)
{
	struct env *e = *state;
	char path[64], fields[200], head[120];
	int64_t t1, t2, r1;

	shared(e);
	t1 = comment(e, &e->peer, 0, "First+thread");
	r1 = comment(e, &e->owner, t1, "A+reply");
	t2 = comment(e, &e->facil, 0, "Second+thread");
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "<span data-open-count>2</span> open"));
	/* The owner may resolve both, the peer only their own. */
	assert_int_equal(count(body(e), "Resolve thread"), 2);
	assert_int_equal(call(e, &e->peer, "GET", plan_url(e, ""), NULL), 200);
	assert_int_equal(count(body(e), "Resolve thread"), 1);

	snprintf(path, sizeof(path), "/threads/%lld", (long long)t1);
	assert_int_equal(post(e, &e->peer, path, "action=resolve"), 303);
	snprintf(head, sizeof(head), "#c-%lld", (long long)t1);
	assert_non_null(strstr(header_of(&e->rs, "Location"), head));
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "<span data-open-count>1</span> open"));
	assert_non_null(strstr(body(e), "<span data-resolved-count>1</span>"));
	snprintf(head, sizeof(head), "<li class=\"comment thread resolved\" "
		 "id=\"c-%lld\"><details class=\"thread-box\"><summary>",
		 (long long)t1);
	assert_non_null(strstr(body(e), head));
	assert_non_null(strstr(body(e), "Resolved by Pat"));
	assert_non_null(strstr(body(e), "Reopen thread"));
	/* "Your plans" counts it too. */
	assert_int_equal(call(e, &e->owner, "GET", "/s/4/plan", NULL), 200);
	assert_non_null(strstr(body(e), "1 open thread<"));

	/* From the page's script: JSON with the plan's open count. */
	snprintf(fields, sizeof(fields), "csrf=%s&action=reopen",
		 e->owner.csrf);
	response_release(&e->rs);
	app_call(e->st, &e->owner, "POST", path, fields, 1, 0, &e->rs);
	assert_int_equal(e->rs.status, 200);
	assert_string_equal(body(e), "{\"resolved\":false,\"open\":2}");

	/* Not the facilitator (neither owner nor author of t1), not a
	 * stranger, not a reply, not an unknown action. */
	assert_int_equal(post(e, &e->facil, path, "action=resolve"), 404);
	assert_int_equal(post(e, &e->other, path, "action=resolve"), 404);
	snprintf(path, sizeof(path), "/threads/%lld", (long long)r1);
	assert_int_equal(post(e, &e->owner, path, "action=resolve"), 404);
	snprintf(path, sizeof(path), "/threads/%lld", (long long)t2);
	assert_int_equal(post(e, &e->owner, path, "action=maybe"), 400);
	assert_int_equal(post(e, &e->facil, path, "action=resolve"), 303);
	assert_int_equal(call(e, &e->owner, "GET", plan_url(e, ""), NULL), 200);
	assert_non_null(strstr(body(e), "<span data-open-count>1</span> open"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_reply_edit_delete,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_who_may_comment,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_unread_counts,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_escaping_and_cap,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_plan_cap,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_thread_cap,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_deep_thread_flat,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_stored_before_caps,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_page_bytes_bounded,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_load_bounded,
						peer_setup, peer_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_threads,
						peer_setup, peer_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
