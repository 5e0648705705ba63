/*
 * store-loop.h: the contract tests of the accountability loop's storage
 * (issue 12): resolved threads, time zones, calendar feeds and cheap
 * tests.  Included by test-store.c before its contract table, so every
 * backend runs them (and again with each transaction run twice).
 */

static int open_threads(struct store *st, int64_t owner, const char *ex)
{
	int n = -1;

	assert_int_equal(store_thread_open(st, owner, 7, ex, &n), STORE_OK);
	return n;
}

static int count_resolved(void *ctx, int64_t top, int64_t by, int64_t at)
{
	int *n = ctx;

	(void)top, (void)by;
	assert_int_equal(at, T0 + 5);
	++*n;
	return 0;
}

struct open_seen {
	int64_t owner;
	char ex[32];
	int count, rows;
};

static int on_open_row(void *ctx, int64_t owner, const char *ex, int count)
{
	struct open_seen *s = ctx;

	s->owner = owner;
	snprintf(s->ex, sizeof(s->ex), "%s", ex);
	s->count = count;
	s->rows++;
	return 0;
}

/* A thread is open until resolved; only a top comment names one; a
 * deleted top comment without live replies is not open; reopening
 * counts it again; the cohort's count is per member's plan. */
static void test_threads_resolved(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t o = add_user(st, "o@example.org");
	int64_t p = add_user(st, "p@example.org");
	int64_t t1, t2, t3, r1;
	struct cohort co = { .number = 7 };
	struct open_seen seen = { 0 };
	int n = 0;

	put_model(st, 7, 2, 0, NULL);
	store_set_clock(st, T0);
	t1 = comment(st, o, "first", p, 0, "one");
	r1 = comment(st, o, "first", o, t1, "a reply");
	t2 = comment(st, o, "first", p, 0, "two");
	t3 = comment(st, o, "first", p, 0, "three");
	comment(st, o, "second", p, 0, "elsewhere");
	assert_int_equal(open_threads(st, o, "first"), 3);
	assert_int_equal(open_threads(st, o, NULL), 4);

	store_set_clock(st, T0 + 5);
	assert_int_equal(store_thread_resolve(st, t1, o, 1), STORE_OK);
	assert_int_equal(store_thread_resolve(st, t1, o, 1), STORE_OK);
	assert_int_equal(open_threads(st, o, "first"), 2);
	assert_int_equal(store_thread_resolve(st, r1, o, 1), STORE_NOTFOUND);
	assert_int_equal(store_thread_resolve(st, t3 + 100, o, 1),
			 STORE_NOTFOUND);
	assert_int_equal(store_thread_resolved(st, o, 7, "first",
					       count_resolved, &n), STORE_OK);
	assert_int_equal(n, 1);
	/* Deleted with nothing under it: nothing left to discuss. */
	assert_int_equal(store_comment_delete(st, t2, p), STORE_OK);
	assert_int_equal(open_threads(st, o, "first"), 1);
	assert_int_equal(store_thread_resolve(st, t1, p, 0), STORE_OK);
	assert_int_equal(open_threads(st, o, "first"), 2);

	assert_int_equal(store_cohort_add(st, &co), STORE_OK);
	assert_int_equal(store_member_put(st, co.id, o, ROLE_PARTICIPANT),
			 STORE_OK);
	assert_int_equal(store_thread_resolve(st, t3, o, 1), STORE_OK);
	assert_int_equal(store_thread_open_cohort(st, co.id, 7, on_open_row,
						  &seen), STORE_OK);
	assert_int_equal(seen.rows, 2);     /* "first" and "second" */
	assert_int_equal(seen.owner, o);
	assert_string_equal(seen.ex, "second");
	assert_int_equal(seen.count, 1);
}

/* A time zone is kept per person; a feed is one live token at a time,
 * making a new one revokes the old, a revoked one is still found (with
 * revoked set) and past the cap the revoked ones are forgotten. */
static void test_feeds(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t o = add_user(st, "o@example.org");
	char zone[STORE_TZ_MAX + 1] = "x", h1[65], h2[65], h[65];
	struct feed f;

	store_set_clock(st, T0);
	assert_int_equal(store_tz_get(st, o, zone), STORE_OK);
	assert_string_equal(zone, "");
	assert_int_equal(store_tz_put(st, o, "Europe/Berlin"), STORE_OK);
	assert_int_equal(store_tz_put(st, o, "America/New_York"), STORE_OK);
	assert_int_equal(store_tz_get(st, o, zone), STORE_OK);
	assert_string_equal(zone, "America/New_York");
	assert_int_equal(store_tz_put(st, o, ""), STORE_ERR);

	memset(h1, 'a', 64), h1[64] = '\0';
	memset(h2, 'b', 64), h2[64] = '\0';
	assert_int_equal(store_feed_of(st, o, &f), STORE_NOTFOUND);
	assert_int_equal(store_feed_revoke(st, o), STORE_NOTFOUND);
	assert_int_equal(store_feed_make(st, o, h1, "tok1"), STORE_OK);
	assert_int_equal(store_feed_of(st, o, &f), STORE_OK);
	assert_string_equal(f.token_hash, h1);
	assert_string_equal(f.token, "tok1");
	store_set_clock(st, T0 + 1);
	assert_int_equal(store_feed_make(st, o, h2, "tok2"), STORE_OK);
	assert_int_equal(store_feed_get(st, h1, &f), STORE_OK);
	assert_int_equal(f.revoked, T0 + 1);
	assert_string_equal(f.token, "");
	assert_int_equal(store_feed_get(st, h2, &f), STORE_OK);
	assert_int_equal(f.revoked, 0);
	assert_int_equal(f.user, o);
	assert_int_equal(store_feed_revoke(st, o), STORE_OK);
	assert_int_equal(store_feed_of(st, o, &f), STORE_NOTFOUND);
	assert_int_equal(store_feed_get(st, h2, &f), STORE_OK);
	assert_true(f.revoked > 0);
	memset(h, 'c', 64), h[64] = '\0';
	assert_int_equal(store_feed_get(st, h, &f), STORE_NOTFOUND);
	/* Past the cap the revoked rows go, the new one stays. */
	for (int i = 0; i < STORE_FEEDS_MAX + 3; i++) {
		snprintf(h, sizeof(h), "%064d", i);
		assert_int_equal(store_feed_make(st, o, h, "t"), STORE_OK);
	}
	assert_int_equal(store_feed_get(st, h1, &f), STORE_NOTFOUND);
	assert_int_equal(store_feed_of(st, o, &f), STORE_OK);
	assert_string_equal(f.token_hash, h);
}

struct ctests_seen {
	int n;
	struct ctest last;
	char note[64];
};

static int on_ctest_row(void *ctx, const struct ctest *t, const char *test,
			const char *note)
{
	struct ctests_seen *s = ctx;

	(void)test;
	s->n++;
	s->last = *t;
	snprintf(s->note, sizeof(s->note), "%s", note);
	return 0;
}

static int on_ctest_log(void *ctx, const struct ctest_log *l,
			const char *note)
{
	struct ctests_seen *s = ctx;

	s->n++;
	s->last.status = l->status;
	s->last.hours_spent = l->hours_spent;
	s->last.conf_after = l->conf_after;
	s->last.via = l->via;
	snprintf(s->note, sizeof(s->note), "%s", note);
	return 0;
}

/* Cheap tests' hours and confidence: in range, texts valid UTF-8; each
 * update that changes the result logged, with where it came from, the
 * newest STORE_CTEST_LOG_MAX kept. */
static void test_ctest_log(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t o = add_user(st, "o@example.org");
	struct ctest t = { .user = o, .number = 7, .idea = "Research engineer",
			   .status = CTEST_PLANNED, .hours_planned = 200,
			   .hours_spent = -1, .conf_before = 40,
			   .conf_after = -1, .uncertainty = "Can I?" };
	struct ctests_seen s = { 0 };

	put_model(st, 7, 2, 0, NULL);
	store_set_clock(st, T0);
	assert_int_equal(store_ctest_add(st, &t, "Reproduce a paper", ""),
			 STORE_OK);
	assert_int_equal(store_ctest_list(st, o, 7, on_ctest_row, &s),
			 STORE_OK);
	assert_int_equal(s.last.hours_planned, 200);
	assert_int_equal(s.last.conf_before, 40);
	assert_int_equal(s.last.conf_after, -1);
	/* Out of range, bad UTF-8: refused, named. */
	t.conf_after = 101;
	assert_int_equal(store_ctest_set(st, &t, "x", ""), STORE_ERR);
	assert_non_null(strstr(store_errmsg(st), "confidence"));
	t.conf_after = -1;
	t.hours_spent = STORE_CTEST_TENTHS_MAX + 1;
	assert_int_equal(store_ctest_set(st, &t, "x", ""), STORE_ERR);
	t.hours_spent = -2;
	assert_int_equal(store_ctest_add(st, &t, "x", ""), STORE_ERR);
	t.hours_spent = -1;
	t.uncertainty = "bad \xff byte";
	assert_int_equal(store_ctest_set(st, &t, "x", ""), STORE_ERR);
	assert_non_null(strstr(store_errmsg(st), "UTF-8"));
	t.uncertainty = "Can I?";
	assert_int_equal(store_ctest_set(st, &t, "x", "\xc3("), STORE_ERR);
	/* An edit of the test's text alone logs nothing; a result does. */
	assert_int_equal(store_ctest_set(st, &t, "Reproduce two", ""),
			 STORE_OK);
	t.status = CTEST_SUPPORTED;
	t.conf_after = 75;
	t.hours_spent = 35;
	t.via = CTEST_VIA_CHECKIN;
	assert_int_equal(store_ctest_set(st, &t, "Reproduce two", "good"),
			 STORE_OK);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_ctest_log_list(st, o, 7, on_ctest_log, &s),
			 STORE_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.last.via, CTEST_VIA_CHECKIN);
	assert_int_equal(s.last.conf_after, 75);
	assert_int_equal(s.last.hours_spent, 35);
	assert_string_equal(s.note, "good");
	/* The newest STORE_CTEST_LOG_MAX are kept. */
	for (int i = 0; i < STORE_CTEST_LOG_MAX + 5; i++) {
		t.conf_after = i;
		assert_int_equal(store_ctest_set(st, &t, "Reproduce two",
						 "good"), STORE_OK);
	}
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_ctest_log_list(st, o, 7, on_ctest_log, &s),
			 STORE_OK);
	assert_int_equal(s.n, STORE_CTEST_LOG_MAX);
	assert_int_equal(s.last.conf_after, STORE_CTEST_LOG_MAX + 4);
	assert_string_equal(s.note, "");    /* the note did not change */
	/* Deleting the test deletes its log. */
	assert_int_equal(store_ctest_del(st, t.id, o), STORE_OK);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_ctest_log_list(st, o, 7, on_ctest_log, &s),
			 STORE_OK);
	assert_int_equal(s.n, 0);
}

/* Cheap tests: checked, capped, only one's own changed. */
static void test_ctests(void **state)
{
	struct env *env = *state;
	struct store *st = env->st;
	int64_t o = add_user(st, "o@example.org");
	int64_t p = add_user(st, "p@example.org");
	struct ctest t = { .user = o, .number = 7, .idea = "Research engineer",
			   .status = CTEST_PLANNED, .date = "2027-03-28" };
	struct ctests_seen s = { 0 };

	put_model(st, 7, 2, 0, NULL);
	store_set_clock(st, T0);
	assert_int_equal(store_ctest_add(st, &t, "Reproduce a paper", ""),
			 STORE_OK);
	assert_true(t.id > 0);
	t.status = CTEST_SUPPORTED;
	assert_int_equal(store_ctest_set(st, &t, "Reproduced it", "fun"),
			 STORE_OK);
	assert_int_equal(store_ctest_list(st, o, 7, on_ctest_row, &s),
			 STORE_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.last.status, CTEST_SUPPORTED);
	assert_string_equal(s.last.date, "2027-03-28");
	assert_string_equal(s.note, "fun");
	/* Someone else's row is not there for them. */
	t.user = p;
	assert_int_equal(store_ctest_set(st, &t, "x", ""), STORE_NOTFOUND);
	assert_int_equal(store_ctest_del(st, t.id, p), STORE_NOTFOUND);
	t.user = o;
	/* Bad status, date, idea. */
	t.status = 9;
	assert_int_equal(store_ctest_add(st, &t, "", ""), STORE_ERR);
	t.status = CTEST_REFUTED;
	strcpy(t.date, "28.3.2027");
	assert_int_equal(store_ctest_add(st, &t, "", ""), STORE_ERR);
	t.date[0] = '\0';
	t.idea[0] = '\0';
	assert_int_equal(store_ctest_add(st, &t, "", ""), STORE_ERR);
	strcpy(t.idea, "Policy");
	for (int i = 1; i < STORE_CTESTS_MAX; i++)
		assert_int_equal(store_ctest_add(st, &t, "t", ""), STORE_OK);
	assert_int_equal(store_ctest_add(st, &t, "t", ""), STORE_FULL);
	assert_int_equal(store_full(st), CAP_CTESTS);
	assert_int_equal(store_ctest_del(st, t.id, o), STORE_OK);
	assert_int_equal(store_ctest_add(st, &t, "t", ""), STORE_OK);
}
