/*
 * comments: a plan page with a long chain of replies, in-process (no
 * socket), for bench/comments.sh:
 *
 *   comments DB SESSION.md ROUNDS SMALL LARGE
 *
 * makes DB with the session and two participants, each with one plan
 * whose comments are a chain of replies (each replying to the last):
 * SMALL of them on the first's plan, LARGE on the second's.  The chains
 * are written with no caps counted (store_set_uncapped()), as the store
 * kept them before the caps existed (a plan now holds 500).  Then, for
 * each of ROUNDS rounds, times each owner opening their plan page (the
 * small one LARGE / SMALL times, averaged, so both take about as long),
 * in CPU time, and prints the median milliseconds of each, their ratio
 * and the bytes.
 * Exit 1 when the ratio passes MAX_RATIO: linear work would be about
 * LARGE / SMALL (the page writes at most 500 comments either way, so
 * less), quadratic work its square.
 */
#include "helper.h"
#include "auth/auth.h"
#include "core/buf.h"
#include "web/courses.h"
#include "web/request.h"
#include "web/response.h"
#include "web/router.h"
#include "model/session.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXERCISE "make-your-career-awesome"
#define MAX_ROUNDS 64
#define MAX_RATIO 15.0

static void die(const char *what)
{
	fprintf(stderr, "comments: %s\n", what);
	exit(2);
}

/* This thread's CPU time: other processes on a busy machine do not
 * count, as they would on the wall clock. */
static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* A participant logged in; their cookie into `cookie`. */
static int64_t person(struct store *st, const char *email, char *cookie,
		      size_t size)
{
	char token[AUTH_TOKEN_HEX + 1], hash[65];
	struct user u = { 0 };
	struct login l = { 0 };

	snprintf(u.email, sizeof(u.email), "%s", email);
	snprintf(u.name, sizeof(u.name), "Bench %s", email);
	snprintf(u.pwhash, sizeof(u.pwhash), "x");
	if (store_user_add(st, &u) != STORE_OK)
		die("cannot add a participant");
	auth_random_hex(token, AUTH_TOKEN_HEX);
	auth_token_hash(token, hash);
	auth_random_hex(l.csrf, AUTH_CSRF_HEX);
	l.user_id = u.id;
	l.expires = time(NULL) + 86400;
	if (store_login_add(st, hash, &l) != STORE_OK)
		die("cannot add a login");
	snprintf(cookie, size, "%s=%s", AUTH_COOKIE, token);
	return u.id;
}

/* A chain of n replies on owner's plan, with no caps. */
static void chain(struct store *st, int64_t owner, const char *prompt_id,
		  int n)
{
	struct comment c;
	int64_t parent = 0;
	int i;

	store_set_uncapped(st, 1);
	for (i = 0; i < n; i++) {
		memset(&c, 0, sizeof(c));
		c.owner = owner;
		c.number = 7;
		snprintf(c.exercise_id, sizeof(c.exercise_id), EXERCISE);
		snprintf(c.prompt_id, sizeof(c.prompt_id), "%s", prompt_id);
		c.author = owner;
		c.parent = parent;
		if (store_comment_add(st, &c, "Another step down the chain.") !=
		    STORE_OK)
			die(store_errmsg(st));
		parent = c.id;
	}
	store_set_uncapped(st, 0);
}

/* The owner opens their plan page; returns its length. */
static size_t page(struct store *st, int64_t owner, const char *cookie)
{
	char path[128];
	struct request rq = {
		.method = "GET", .query = "", .body = "", .cookie = cookie,
		.content_type = "", .csrf_header = "", .remote = "127.0.0.1",
		.store = st,
	};
	struct response rs;
	size_t n;

	snprintf(path, sizeof(path), "/p/%lld/7/" EXERCISE, (long long)owner);
	rq.path = path;
	response_init(&rs);
	app_handle(&rq, &rs);
	if (rs.status != 200) {
		fprintf(stderr, "comments: %s answered %d\n", path, rs.status);
		exit(2);
	}
	n = rs.body.len;
	response_release(&rs);
	return n;
}

int main(int argc, char **argv)
{
	char msg[256], small_cookie[AUTH_TOKEN_HEX + 32];
	char large_cookie[AUTH_TOKEN_HEX + 32];
	double small[MAX_ROUNDS], large[MAX_ROUNDS], t, ratio;
	const struct exercise *e = NULL;
	const struct session *s;
	int64_t a, b;
	size_t i, small_bytes = 0, large_bytes = 0;
	int rounds, ns, nl, r, k;
	struct store *st;

	if (argc != 6 || (rounds = atoi(argv[3])) < 1 ||
	    rounds > MAX_ROUNDS || (ns = atoi(argv[4])) < 1 ||
	    (nl = atoi(argv[5])) < ns)
		die("usage: comments DB SESSION.md ROUNDS SMALL LARGE");
	if (sodium_init() < 0)
		die("libsodium did not start");
	if (store_open(argv[1], &st, msg, sizeof(msg)) != STORE_OK)
		die(msg);
	if (load_session(st, argv[2]))
		die("cannot load the session");
	s = course_get(7);
	for (i = 0; s && i < s->nr_exercises; i++)
		if (!strcmp(s->exercises[i].id, EXERCISE))
			e = &s->exercises[i];
	if (!e || !e->nr_prompts)
		die("session 7 has no career exercise");
	a = person(st, "small@example.org", small_cookie,
		   sizeof(small_cookie));
	b = person(st, "large@example.org", large_cookie,
		   sizeof(large_cookie));
	chain(st, a, e->prompts[0].id, ns);
	chain(st, b, e->prompts[0].id, nl);

	for (r = 0; r < rounds; r++) {
		t = now_ms();
		for (k = 0; k < nl / ns; k++)
			small_bytes = page(st, a, small_cookie);
		small[r] = (now_ms() - t) / k;
		t = now_ms();
		large_bytes = page(st, b, large_cookie);
		large[r] = now_ms() - t;
	}
	t = median(small, rounds);
	ratio = median(large, rounds) / t;
	printf("plan page with a chain of replies, %d rounds in-process "
	       "(CPU time):\n"
	       "  %6d replies  median %8.2f ms  %zu bytes\n"
	       "  %6d replies  median %8.2f ms  %zu bytes\n"
	       "  ratio %.2f for %.0fx the replies (fails above %.0f)\n",
	       rounds, ns, t, small_bytes, nl, median(large, rounds),
	       large_bytes, ratio, (double)nl / ns, MAX_RATIO);
	app_unload();
	store_close(st);
	return ratio > MAX_RATIO;
}
