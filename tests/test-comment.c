/*
 * Comments on a shared plan (ui-comment.c): add, reply, edit and delete
 * by their author only; unread counts for the owner; escaping; the 8 KB
 * cap that keeps the text.
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
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
