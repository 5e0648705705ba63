/*
 * Access rules (src/authz.c, docs/cohorts.md) against a real SQLite
 * store: every kind of viewer gets exactly the access the contract
 * gives, also after a plan goes back to private and a link or invite is
 * revoked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pg-env.h"

#include "auth/auth.h"
#include "auth/authz.h"
#include "model/session.h"
#include "store/store.h"

#define T0 ((int64_t)1800000000)

/* The people, in the order of the expectation rows below. */
enum who { O, A, F, P, R, M, F2, FZ, ANON, NR_WHO };
static const char *const who_name[NR_WHO] = {
	"owner", "admin", "facilitator", "peer", "partner",
	"other-cohort member", "other facilitator", "session-8 facilitator",
	"anonymous",
};

struct world {
	char path[PATH_MAX];
	struct store *st;
	struct user u[NR_WHO];
	int64_t x, y, z;            /* cohorts: X and Y session 7, Z 8 */
	int64_t comment;            /* by the peer, on the owner's plan */
};

static const struct user *viewer(struct world *w, enum who k)
{
	return k == ANON ? NULL : &w->u[k];
}

static void put_session(struct store *st, int number)
{
	struct prompt pr[2];
	struct exercise ex[2];
	struct session s;

	memset(pr, 0, sizeof(pr));
	memset(ex, 0, sizeof(ex));
	memset(&s, 0, sizeof(s));
	pr[0].id = pr[0].text = pr[0].plain = (char *)"goal";
	pr[1].id = pr[1].text = pr[1].plain = (char *)"milestones";
	ex[0].id = (char *)"first";
	ex[0].prompts = &pr[0];
	ex[0].nr_prompts = 1;
	ex[1].id = (char *)"second";
	ex[1].prompts = &pr[1];
	ex[1].nr_prompts = 1;
	s.number = number;
	s.title = (char *)"A session";
	s.exercises = ex;
	s.nr_exercises = 2;
	assert_int_equal(store_course_put(st, &s, "# s", 3), STORE_OK);
}

static void join(struct store *st, int64_t cohort, int64_t user, int role)
{
	assert_int_equal(store_member_put(st, cohort, user, role), STORE_OK);
}

static int64_t cohort(struct store *st, const char *name, int number,
		      int64_t creator)
{
	struct cohort c;

	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.number = number;
	c.created_by = creator;
	assert_int_equal(store_cohort_add(st, &c), STORE_OK);
	return c.id;
}

static void share(struct store *st, int64_t user, int number, const char *ex,
		  int mode, const char *link_hash)
{
	struct share s;

	memset(&s, 0, sizeof(s));
	s.user = user;
	s.number = number;
	snprintf(s.exercise_id, sizeof(s.exercise_id), "%s", ex);
	s.mode = mode;
	snprintf(s.link_hash, sizeof(s.link_hash), "%s", link_hash);
	assert_int_equal(store_share_put(st, &s), STORE_OK);
}

/*
 * X (session 7): facilitator F, participants O, P, R; R backs O (asked
 * and accepted).
 * Y (session 7): facilitator F2, participant M.
 * Z (session 8): facilitator FZ, participant O.
 * A is an admin in no cohort.
 */
static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct comment c;
	char err[300], url[PATH_MAX + PG_URL_MAX];
	int k, fd;

	assert_non_null(w);
	/* ALIGNPLAN_TEST_DB (make pgtest): a schema of PostgreSQL's. */
	if (test_db_pg()) {
		snprintf(w->path, sizeof(w->path), "authz_%d", (int)getpid());
		assert_true(pg_fresh_at(test_db_pg(), w->path, url,
					sizeof(url)));
	} else {
		snprintf(w->path, sizeof(w->path),
			 "/tmp/alignplan-test-authz-XXXXXX");
		fd = mkstemp(w->path);
		assert_true(fd >= 0);
		close(fd);
		snprintf(url, sizeof(url), "%s", w->path);
	}
	if (store_open(url, &w->st, err, sizeof(err)) != STORE_OK)
		fail_msg("store_open: %s", err);
	store_set_clock(w->st, T0);
	for (k = 0; k < ANON; k++) {
		snprintf(w->u[k].email, sizeof(w->u[k].email),
			 "user%d@example.org", k);
		snprintf(w->u[k].name, sizeof(w->u[k].name), "%s",
			 who_name[k]);
		w->u[k].is_admin = k == A;
		assert_int_equal(store_user_add(w->st, &w->u[k]), STORE_OK);
	}
	put_session(w->st, 7);
	put_session(w->st, 8);
	w->x = cohort(w->st, "X", 7, w->u[F].id);
	w->y = cohort(w->st, "Y", 7, w->u[F2].id);
	w->z = cohort(w->st, "Z", 8, w->u[FZ].id);
	join(w->st, w->x, w->u[O].id, ROLE_PARTICIPANT);
	join(w->st, w->x, w->u[P].id, ROLE_PARTICIPANT);
	join(w->st, w->x, w->u[R].id, ROLE_PARTICIPANT);
	join(w->st, w->y, w->u[M].id, ROLE_PARTICIPANT);
	join(w->st, w->z, w->u[O].id, ROLE_PARTICIPANT);
	assert_int_equal(store_partner_act(w->st, w->x, w->u[R].id,
					   w->u[O].id, w->u[R].id,
					   PARTNER_REQUEST, NULL), STORE_OK);
	assert_int_equal(store_partner_act(w->st, w->x, w->u[R].id,
					   w->u[O].id, w->u[O].id,
					   PARTNER_ACCEPT, NULL), STORE_OK);
	memset(&c, 0, sizeof(c));
	c.owner = w->u[O].id;
	c.number = 7;
	strcpy(c.exercise_id, "first");
	c.author = w->u[P].id;
	assert_int_equal(store_comment_add(w->st, &c, "hi"), STORE_OK);
	w->comment = c.id;
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	struct world *w = *state;
	char p[PATH_MAX + 8];
	size_t i;

	store_close(w->st);
	if (test_db_pg())
		pg_drop_at(test_db_pg(), w->path);
	for (i = 0; !test_db_pg() && i < sizeof(suffix) / sizeof(*suffix);
	     i++) {
		snprintf(p, sizeof(p), "%s%s", w->path, suffix[i]);
		unlink(p);
	}
	free(w);
	return 0;
}

static const char *plan_name(int a)
{
	static const char *const name[] = {
		"NONE", "LINK", "PARTNER", "PEER", "FACILITATOR", "ADMIN",
		"OWNER",
	};

	return a >= 0 && a <= PLAN_OWNER ? name[a] : "?";
}

/* Each viewer's access to the owner's plan is exactly want[viewer]. */
static void expect_plan(struct world *w, int number, const char *ex,
			const int want[NR_WHO])
{
	int k, got;

	for (k = 0; k < NR_WHO; k++) {
		got = -1;
		assert_int_equal(authz_plan(w->st, viewer(w, k), w->u[O].id,
					    number, ex, &got), STORE_OK);
		if (got != want[k])
			fail_msg("plan %d/%s, %s: got %s, want %s", number, ex,
				 who_name[k], plan_name(got),
				 plan_name(want[k]));
	}
}

static void expect_checkins(struct world *w, int number,
			    const bool want[NR_WHO])
{
	bool got;
	int k;

	for (k = 0; k < NR_WHO; k++) {
		got = !want[k];
		assert_int_equal(authz_checkins(w->st, viewer(w, k),
						w->u[O].id, number, &got),
				 STORE_OK);
		if (got != want[k])
			fail_msg("check-ins %d, %s: got %d", number,
				 who_name[k], got);
	}
}

static void test_plan_private(void **state)
{
	struct world *w = *state;
	static const int want[NR_WHO] = {
		[O] = PLAN_OWNER, [A] = PLAN_ADMIN, [F] = PLAN_FACILITATOR,
		[P] = PLAN_NONE, [R] = PLAN_PARTNER, [M] = PLAN_NONE,
		[F2] = PLAN_NONE, [FZ] = PLAN_NONE, [ANON] = PLAN_NONE,
	};

	expect_plan(w, 7, "first", want);
	/* A share row that says private is the same as none. */
	share(w->st, w->u[O].id, 7, "first", SHARE_PRIVATE, "");
	expect_plan(w, 7, "first", want);
}

static void test_plan_shared_then_private(void **state)
{
	struct world *w = *state;
	static const int shared[NR_WHO] = {
		[O] = PLAN_OWNER, [A] = PLAN_ADMIN, [F] = PLAN_FACILITATOR,
		[P] = PLAN_PEER, [R] = PLAN_PEER, [M] = PLAN_NONE,
		[F2] = PLAN_NONE, [FZ] = PLAN_NONE, [ANON] = PLAN_NONE,
	};
	static const int private[NR_WHO] = {
		[O] = PLAN_OWNER, [A] = PLAN_ADMIN, [F] = PLAN_FACILITATOR,
		[P] = PLAN_NONE, [R] = PLAN_PARTNER, [M] = PLAN_NONE,
		[F2] = PLAN_NONE, [FZ] = PLAN_NONE, [ANON] = PLAN_NONE,
	};

	share(w->st, w->u[O].id, 7, "first", SHARE_COHORT, "");
	expect_plan(w, 7, "first", shared);
	/* Sharing one exercise shares nothing else. */
	expect_plan(w, 7, "second", private);
	share(w->st, w->u[O].id, 7, "first", SHARE_PRIVATE, "");
	expect_plan(w, 7, "first", private);
}

/* Cohorts work on one session: X's people see nothing of session 8,
 * Z's facilitator nothing of session 7, even when shared. */
static void test_plan_other_session(void **state)
{
	struct world *w = *state;
	static const int want[NR_WHO] = {
		[O] = PLAN_OWNER, [A] = PLAN_ADMIN, [F] = PLAN_NONE,
		[P] = PLAN_NONE, [R] = PLAN_NONE, [M] = PLAN_NONE,
		[F2] = PLAN_NONE, [FZ] = PLAN_FACILITATOR, [ANON] = PLAN_NONE,
	};

	share(w->st, w->u[O].id, 8, "first", SHARE_COHORT, "");
	expect_plan(w, 8, "first", want);
}

static void test_checkins(void **state)
{
	struct world *w = *state;
	static const bool s7[NR_WHO] = {
		[O] = true, [A] = true, [F] = true, [R] = true,
	};
	static const bool s8[NR_WHO] = {
		[O] = true, [A] = true, [FZ] = true,
	};

	expect_checkins(w, 7, s7);
	/* Shared plans show no check-ins to peers. */
	share(w->st, w->u[O].id, 7, "second", SHARE_COHORT, "");
	expect_checkins(w, 7, s7);
	expect_checkins(w, 8, s8);
	/* Partners see each other's: the one backed sees the backer's too,
	 * a fellow member does not. */
	{
		bool got = false;

		assert_int_equal(authz_checkins(w->st, &w->u[O], w->u[R].id,
						7, &got), STORE_OK);
		assert_true(got);
		assert_int_equal(authz_checkins(w->st, &w->u[P], w->u[R].id,
						7, &got), STORE_OK);
		assert_false(got);
	}
	/* Leaving the cohort ends the partnership. */
	assert_int_equal(store_member_del(w->st, w->x, w->u[R].id), STORE_OK);
	{
		bool got = true;

		assert_int_equal(authz_checkins(w->st, &w->u[R], w->u[O].id,
						7, &got), STORE_OK);
		assert_false(got);
	}
}

/* Only an accepted partnership shows anything: P's request to back O
 * gives P nothing while it waits, nor once declined; accepted, P sees
 * O's check-ins (and O P's); ended, nothing again. */
static void test_partner_consent(void **state)
{
	struct world *w = *state;
	int64_t o = w->u[O].id, p = w->u[P].id;
	static const bool none[NR_WHO] = {
		[O] = true, [A] = true, [F] = true, [R] = true,
	};
	static const bool with_p[NR_WHO] = {
		[O] = true, [A] = true, [F] = true, [P] = true, [R] = true,
	};
	static const int plan_none[NR_WHO] = {
		[O] = PLAN_OWNER, [A] = PLAN_ADMIN, [F] = PLAN_FACILITATOR,
		[P] = PLAN_NONE, [R] = PLAN_PARTNER, [M] = PLAN_NONE,
		[F2] = PLAN_NONE, [FZ] = PLAN_NONE, [ANON] = PLAN_NONE,
	};
	static const int plan_p[NR_WHO] = {
		[O] = PLAN_OWNER, [A] = PLAN_ADMIN, [F] = PLAN_FACILITATOR,
		[P] = PLAN_PARTNER, [R] = PLAN_PARTNER, [M] = PLAN_NONE,
		[F2] = PLAN_NONE, [FZ] = PLAN_NONE, [ANON] = PLAN_NONE,
	};
	bool got;

	/* Waiting. */
	assert_int_equal(store_partner_act(w->st, w->x, p, o, p,
					   PARTNER_REQUEST, NULL), STORE_OK);
	expect_checkins(w, 7, none);
	expect_plan(w, 7, "first", plan_none);
	got = true;
	assert_int_equal(authz_checkins(w->st, &w->u[O], p, 7, &got),
			 STORE_OK);
	assert_false(got);
	/* Declined. */
	assert_int_equal(store_partner_act(w->st, w->x, p, o, o,
					   PARTNER_DECLINE, NULL), STORE_OK);
	expect_checkins(w, 7, none);
	expect_plan(w, 7, "first", plan_none);
	/* Asked again after the wait, and accepted: both ways. */
	store_set_clock(w->st, T0 + PARTNER_RETRY_AFTER);
	assert_int_equal(store_partner_act(w->st, w->x, p, o, p,
					   PARTNER_REQUEST, NULL), STORE_OK);
	expect_checkins(w, 7, none);
	assert_int_equal(store_partner_act(w->st, w->x, p, o, o,
					   PARTNER_ACCEPT, NULL), STORE_OK);
	expect_checkins(w, 7, with_p);
	expect_plan(w, 7, "first", plan_p);
	got = false;
	assert_int_equal(authz_checkins(w->st, &w->u[O], p, 7, &got),
			 STORE_OK);
	assert_true(got);
	/* Only in cohorts of that session. */
	got = true;
	assert_int_equal(authz_checkins(w->st, &w->u[P], o, 8, &got),
			 STORE_OK);
	assert_false(got);
	/* Ended by the one backed: nothing at once. */
	assert_int_equal(store_partner_act(w->st, w->x, p, o, o, PARTNER_END,
					   NULL), STORE_OK);
	expect_checkins(w, 7, none);
	expect_plan(w, 7, "first", plan_none);
	/* R's, ended by R: nothing for R either. */
	assert_int_equal(store_partner_act(w->st, w->x, w->u[R].id, o,
					   w->u[R].id, PARTNER_END, NULL),
			 STORE_OK);
	got = true;
	assert_int_equal(authz_checkins(w->st, &w->u[R], o, 7, &got),
			 STORE_OK);
	assert_false(got);
}

static void test_predicates(void **state)
{
	int a;

	(void)state;
	for (a = PLAN_NONE; a <= PLAN_OWNER; a++) {
		assert_int_equal(authz_plan_visible(a),
				 a != PLAN_NONE && a != PLAN_PARTNER);
		assert_int_equal(authz_may_comment(a),
				 a == PLAN_PEER || a == PLAN_FACILITATOR ||
				 a == PLAN_ADMIN || a == PLAN_OWNER);
		assert_int_equal(authz_may_write(a), a == PLAN_OWNER);
	}
}

static void test_link(void **state)
{
	struct world *w = *state;
	char token[AUTH_TOKEN_HEX + 1], hash[65];
	const char *param[3] = { token, NULL, NULL };
	struct share sh;
	struct authz az;
	int got = -1;

	auth_random_hex(token, AUTH_TOKEN_HEX);
	auth_token_hash(token, hash);
	share(w->st, w->u[O].id, 7, "first", SHARE_PRIVATE, hash);
	memset(&sh, 0, sizeof(sh));
	assert_int_equal(authz_link(w->st, token, &sh), STORE_OK);
	assert_int_equal(sh.user, w->u[O].id);
	assert_int_equal(sh.number, 7);
	assert_string_equal(sh.exercise_id, "first");
	assert_int_equal(authz_route(w->st, NULL, ACCESS_LINK, param, &az),
			 AUTHZ_ALLOW);
	assert_int_equal(az.plan, PLAN_LINK);
	assert_int_equal(az.owner, w->u[O].id);
	assert_true(authz_plan_visible(az.plan));
	assert_false(authz_may_comment(az.plan));
	/* The link is no way into /p/...: still private there. */
	assert_int_equal(authz_plan(w->st, &w->u[M], w->u[O].id, 7, "first",
				    &got), STORE_OK);
	assert_int_equal(got, PLAN_NONE);

	/* The stored hash is no token; nor is a short or empty string, or
	 * the token in capitals. */
	assert_int_equal(authz_link(w->st, hash, &sh), STORE_NOTFOUND);
	{
		char upper[AUTH_TOKEN_HEX + 1];
		size_t i;

		for (i = 0; i <= AUTH_TOKEN_HEX; i++)
			upper[i] = token[i] >= 'a' && token[i] <= 'f' ?
				   (char)(token[i] - 'a' + 'A') : token[i];
		assert_int_equal(authz_link(w->st, upper, &sh),
				 STORE_NOTFOUND);
	}
	assert_int_equal(authz_link(w->st, "abc", &sh), STORE_NOTFOUND);
	assert_int_equal(authz_link(w->st, "", &sh), STORE_NOTFOUND);
	assert_int_equal(authz_link(w->st, NULL, &sh), STORE_NOTFOUND);

	/* Revoked: stops at once. */
	share(w->st, w->u[O].id, 7, "first", SHARE_PRIVATE, "");
	assert_int_equal(authz_link(w->st, token, &sh), STORE_NOTFOUND);
	assert_int_equal(authz_route(w->st, NULL, ACCESS_LINK, param, &az),
			 AUTHZ_NOTFOUND);
	assert_int_equal(authz_route(w->st, &w->u[O], ACCESS_LINK, param,
				     &az), AUTHZ_NOTFOUND);
}

static void test_cohort_roles(void **state)
{
	struct world *w = *state;
	static const int want[NR_WHO] = {
		[O] = ROLE_PARTICIPANT, [A] = ROLE_FACILITATOR,
		[F] = ROLE_FACILITATOR, [P] = ROLE_PARTICIPANT,
		[R] = ROLE_PARTICIPANT,
	};
	static const bool create[NR_WHO] = {
		[A] = true, [F] = true, [F2] = true, [FZ] = true,
	};
	int k, role;

	for (k = 0; k < NR_WHO; k++) {
		role = -1;
		assert_int_equal(authz_cohort(w->st, viewer(w, k), w->x, &role),
				 STORE_OK);
		if (role != want[k])
			fail_msg("cohort X, %s: role %d", who_name[k], role);
		if (authz_may_create_cohort(w->st, viewer(w, k)) != create[k])
			fail_msg("create, %s: wrong", who_name[k]);
	}
	assert_int_equal(authz_cohort(w->st, &w->u[A], w->z + 100, &role),
			 STORE_NOTFOUND);
	assert_int_equal(authz_cohort(w->st, NULL, w->z + 100, &role),
			 STORE_NOTFOUND);
}

/* One row of the route matrix: a declaration, its parameters, and the
 * verdict for each viewer. */
struct route_case {
	enum access need;
	char p[3][80];
	enum authz_verdict want[NR_WHO];
};

static void run_cases(struct world *w, const struct route_case *c, size_t n)
{
	struct authz az;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		const char *param[3] = { c[i].p[0], c[i].p[1], c[i].p[2] };

		for (k = 0; k < NR_WHO; k++) {
			enum authz_verdict got = authz_route(
				w->st, viewer(w, k), c[i].need, param, &az);

			if (got != c[i].want[k])
				fail_msg("case %zu %s(%s,%s,%s), %s: got %d, "
					 "want %d", i,
					 authz_access_name(c[i].need),
					 param[0], param[1], param[2],
					 who_name[k], got, c[i].want[k]);
			/* What it found travels to the page (page.h): a
			 * cohort route's cohort, read once, is there. */
			if (got == AUTHZ_ALLOW &&
			    (c[i].need == ACCESS_MEMBER ||
			     c[i].need == ACCESS_FACILITATOR) &&
			    (az.cohort_row.id != az.cohort ||
			     !az.cohort_row.name[0]))
				fail_msg("case %zu: no cohort row", i);
		}
	}
}

#define ALL(v) { v, v, v, v, v, v, v, v, v }
#define L AUTHZ_LOGIN
#define Y AUTHZ_ALLOW
#define N AUTHZ_DENY
#define NF AUTHZ_NOTFOUND
#define G AUTHZ_GONE

static void test_routes(void **state)
{
	struct world *w = *state;
	struct route_case *c = calloc(40, sizeof(*c));
	size_t n = 0;
	long long o = w->u[O].id;

	assert_non_null(c);
#define CASE(need_, a, b, d, ...) do { \
		const enum authz_verdict v_[NR_WHO] = __VA_ARGS__; \
		c[n].need = need_; \
		snprintf(c[n].p[0], 80, "%s", a); \
		snprintf(c[n].p[1], 80, "%s", b); \
		snprintf(c[n].p[2], 80, "%s", d); \
		memcpy(c[n].want, v_, sizeof(v_)); \
		n++; \
	} while (0)
	char xs[24], ys[24], os[24], cs[24], none[24];

	snprintf(xs, sizeof(xs), "%lld", (long long)w->x);
	snprintf(ys, sizeof(ys), "%lld", (long long)w->y);
	snprintf(os, sizeof(os), "%lld", o);
	snprintf(cs, sizeof(cs), "%lld", (long long)w->comment);
	snprintf(none, sizeof(none), "%lld", (long long)w->z + 100);

	/*                                O  A  F  P  R  M  F2 FZ anon */
	CASE(ACCESS_ANYONE, "", "", "", ALL(Y));
	CASE(ACCESS_USER, "", "", "", { Y, Y, Y, Y, Y, Y, Y, Y, L });
	CASE(ACCESS_OWNER, "", "", "", { Y, Y, Y, Y, Y, Y, Y, Y, L });
	CASE(ACCESS_CREATOR, "", "", "", { N, Y, Y, N, N, N, Y, Y, L });
	CASE(ACCESS_ADMIN, "", "", "", { N, Y, N, N, N, N, N, N, L });
	CASE(ACCESS_MEMBER, xs, "", "", { Y, Y, Y, Y, Y, N, N, N, L });
	CASE(ACCESS_MEMBER, ys, "", "", { N, Y, N, N, N, Y, Y, N, L });
	CASE(ACCESS_FACILITATOR, xs, "", "", { N, Y, Y, N, N, N, N, N, L });
	CASE(ACCESS_FACILITATOR, ys, "", "", { N, Y, N, N, N, N, Y, N, L });
	CASE(ACCESS_MEMBER, none, "", "", ALL(NF));
	CASE(ACCESS_FACILITATOR, "0", "", "", ALL(NF));
	CASE(ACCESS_MEMBER, "01", "", "", ALL(NF));
	CASE(ACCESS_MEMBER, "1x", "", "", ALL(NF));
	CASE(ACCESS_MEMBER, "-1", "", "", ALL(NF));
	CASE(ACCESS_PLAN, os, "7", "first", { Y, Y, Y, N, N, N, N, N, L });
	CASE(ACCESS_COMMENT, os, "7", "first", { Y, Y, Y, N, N, N, N, N, L });
	CASE(ACCESS_CHECKINS, os, "7", "", { Y, Y, Y, N, Y, N, N, N, L });
	CASE(ACCESS_CHECKINS, os, "8", "", { Y, Y, N, N, N, N, N, Y, L });
	CASE(ACCESS_PLAN, os, "x", "first", ALL(NF));
	CASE(ACCESS_PLAN, os, "7", "", ALL(NF));
	CASE(ACCESS_PLAN, "me", "7", "first", ALL(NF));
	CASE(ACCESS_AUTHOR, cs, "", "", { N, N, N, Y, N, N, N, N, L });
	CASE(ACCESS_LINK, "nope", "", "", ALL(NF));
	CASE(ACCESS_INVITE, "nope", "", "", ALL(NF));
	/* A thread: the plan's owner; its author only while the plan is
	 * theirs to see (private here); others who see it may not. */
	CASE(ACCESS_THREAD, cs, "", "", { Y, N, N, NF, NF, NF, NF, NF, L });
	CASE(ACCESS_THREAD, "x", "", "", ALL(NF));
	CASE(ACCESS_FEED, "nope", "", "", ALL(NF));
	run_cases(w, c, n);

	/* Shared with the cohort: peers may see and comment; partners
	 * and strangers still not. */
	n = 0;
	share(w->st, w->u[O].id, 7, "first", SHARE_COHORT, "");
	CASE(ACCESS_PLAN, os, "7", "first", { Y, Y, Y, Y, Y, N, N, N, L });
	CASE(ACCESS_COMMENT, os, "7", "first", { Y, Y, Y, Y, Y, N, N, N, L });
	CASE(ACCESS_PLAN, os, "7", "second", { Y, Y, Y, N, N, N, N, N, L });
	CASE(ACCESS_CHECKINS, os, "7", "", { Y, Y, Y, N, Y, N, N, N, L });
	CASE(ACCESS_THREAD, cs, "", "", { Y, N, N, Y, N, NF, NF, NF, L });
	run_cases(w, c, n);

	/* Back to private: at once. */
	n = 0;
	share(w->st, w->u[O].id, 7, "first", SHARE_PRIVATE, "");
	CASE(ACCESS_PLAN, os, "7", "first", { Y, Y, Y, N, N, N, N, N, L });
	CASE(ACCESS_COMMENT, os, "7", "first", { Y, Y, Y, N, N, N, N, N, L });
	run_cases(w, c, n);

	/* Comments of a deleted id are not found. */
	n = 0;
	assert_int_equal(store_comment_delete(w->st, w->comment, w->u[P].id),
			 STORE_OK);
	CASE(ACCESS_AUTHOR, cs, "", "", { N, N, N, Y, N, N, N, N, L });
	snprintf(cs, sizeof(cs), "%lld", (long long)w->comment + 100);
	CASE(ACCESS_AUTHOR, cs, "", "", { NF, NF, NF, NF, NF, NF, NF, NF, L });
	run_cases(w, c, n);
	free(c);
#undef CASE
}

/* A calendar feed's token: anyone who has it, no login; gone (410)
 * once revoked, for everyone alike. */
static void test_feed_route(void **state)
{
	struct world *w = *state;
	char token[AUTH_TOKEN_HEX + 1], hash[65];
	const char *param[3] = { token, NULL, NULL };
	struct authz az;

	auth_random_hex(token, AUTH_TOKEN_HEX);
	auth_token_hash(token, hash);
	assert_int_equal(authz_route(w->st, NULL, ACCESS_FEED, param, &az),
			 AUTHZ_NOTFOUND);
	assert_int_equal(store_feed_make(w->st, w->u[O].id, hash, token),
			 STORE_OK);
	assert_int_equal(authz_route(w->st, NULL, ACCESS_FEED, param, &az),
			 AUTHZ_ALLOW);
	assert_int_equal(az.feed.user, w->u[O].id);
	assert_int_equal(authz_route(w->st, &w->u[M], ACCESS_FEED, param,
				     &az), AUTHZ_ALLOW);
	assert_int_equal(store_feed_revoke(w->st, w->u[O].id), STORE_OK);
	assert_int_equal(authz_route(w->st, NULL, ACCESS_FEED, param, &az),
			 AUTHZ_GONE);
	assert_int_equal(authz_status(AUTHZ_GONE), 410);
	token[5] = 'x';
	assert_int_equal(authz_route(w->st, NULL, ACCESS_FEED, param, &az),
			 AUTHZ_NOTFOUND);
}

static void add_invite(struct world *w, const char *token, int64_t expires)
{
	struct invite in;

	memset(&in, 0, sizeof(in));
	auth_token_hash(token, in.token_hash);
	in.cohort_id = w->x;
	in.role = ROLE_PARTICIPANT;
	in.created_by = w->u[F].id;
	in.expires = expires;
	assert_int_equal(store_invite_add(w->st, &in), STORE_OK);
}

static void test_invites(void **state)
{
	struct world *w = *state;
	char live[AUTH_TOKEN_HEX + 1], old[AUTH_TOKEN_HEX + 1];
	char unknown[AUTH_TOKEN_HEX + 1], hash[65];
	const char *param[3] = { live, NULL, NULL };
	struct authz az;

	auth_random_hex(live, AUTH_TOKEN_HEX);
	auth_random_hex(old, AUTH_TOKEN_HEX);
	auth_random_hex(unknown, AUTH_TOKEN_HEX);
	add_invite(w, live, 0);
	add_invite(w, old, T0 + 60);

	assert_int_equal(authz_route(w->st, &w->u[M], ACCESS_INVITE, param,
				     &az), AUTHZ_ALLOW);
	assert_int_equal(az.cohort, w->x);
	assert_int_equal(az.invite.role, ROLE_PARTICIPANT);
	assert_int_equal(authz_route(w->st, NULL, ACCESS_INVITE, param, &az),
			 AUTHZ_LOGIN);
	param[0] = unknown;
	assert_int_equal(authz_route(w->st, &w->u[M], ACCESS_INVITE, param,
				     &az), AUTHZ_NOTFOUND);

	/* Expired: gone from the second it expires. */
	param[0] = old;
	assert_int_equal(authz_route(w->st, &w->u[M], ACCESS_INVITE, param,
				     &az), AUTHZ_ALLOW);
	store_set_clock(w->st, T0 + 60);
	assert_int_equal(authz_route(w->st, &w->u[M], ACCESS_INVITE, param,
				     &az), AUTHZ_GONE);
	assert_int_equal(az.invite.expires, T0 + 60);
	assert_int_equal(az.invite.revoked, 0);

	/* Revoked: gone at once. */
	param[0] = live;
	auth_token_hash(live, hash);
	assert_int_equal(store_invite_revoke(w->st, w->x, hash), STORE_OK);
	assert_int_equal(authz_route(w->st, &w->u[M], ACCESS_INVITE, param,
				     &az), AUTHZ_GONE);
	assert_int_equal(az.invite.revoked, 1);
	assert_int_equal(authz_route(w->st, NULL, ACCESS_INVITE, param, &az),
			 AUTHZ_GONE);
}

static void test_misc(void **state)
{
	(void)state;
	assert_int_equal(authz_parse_id("1"), 1);
	assert_int_equal(authz_parse_id("123456789012345678"),
			 123456789012345678LL);
	assert_int_equal(authz_parse_id("1234567890123456789"), -1);
	assert_int_equal(authz_parse_id("0"), -1);
	assert_int_equal(authz_parse_id(""), -1);
	assert_int_equal(authz_parse_id(NULL), -1);
	assert_int_equal(authz_parse_id("+1"), -1);
	assert_int_equal(authz_parse_id("1 "), -1);
	assert_int_equal(authz_status(AUTHZ_ALLOW), 200);
	assert_int_equal(authz_status(AUTHZ_LOGIN), 303);
	assert_int_equal(authz_status(AUTHZ_DENY), 403);
	assert_int_equal(authz_status(AUTHZ_NOTFOUND), 404);
	assert_int_equal(authz_status(AUTHZ_GONE), 410);
	assert_int_equal(authz_status(AUTHZ_ERROR), 503);
	assert_string_equal(authz_access_name(ACCESS_INVITE), "ACCESS_INVITE");
	assert_string_equal(authz_access_name(NR_ACCESS), "ACCESS_?");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_plan_private),
		T(test_plan_shared_then_private),
		T(test_plan_other_session),
		T(test_checkins),
		T(test_partner_consent),
		T(test_link),
		T(test_cohort_roles),
		T(test_routes),
		T(test_invites),
		T(test_feed_route),
		cmocka_unit_test(test_predicates),
		cmocka_unit_test(test_misc),
	};

	return cmocka_run_group_tests_name("authz", tests, NULL, NULL);
}
