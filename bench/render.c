/*
 * render: the logged-in exercise page of bench/pages.sh, in-process (no
 * socket), rendered afresh against copied from the memo (memo.h).  Linked
 * with the app's objects by bench/render.sh:
 *
 *   render DB SESSION.md ROUNDS N
 *
 * makes DB with the session, a participant and answers to its text and
 * list prompts (what pages.sh fills in), then for each of ROUNDS rounds
 * times N page requests with the memo emptied before each one (the
 * reference: every request renders) and N as a reload (the memo's copy).
 * Prints the median microseconds per page of each and their ratio.
 */
#include "helper.h"
#include "auth/auth.h"
#include "core/buf.h"
#include "web/courses.h"
#include "web/request.h"
#include "web/response.h"
#include "web/router.h"
#include "core/memo.h"
#include "model/session.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXERCISE "/s/7/e/make-your-career-awesome"
#define MAX_ROUNDS 64

static void die(const char *what)
{
	fprintf(stderr, "render: %s\n", what);
	exit(2);
}

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

/* One request; returns the body's length, dies on anything but `want`. */
static size_t call(struct store *st, const char *method, const char *cookie,
		   const char *body, int want)
{
	struct request rq = {
		.method = method, .path = EXERCISE, .query = "",
		.body = body ? body : "", .body_len = body ? strlen(body) : 0,
		.cookie = cookie, .content_type = "", .csrf_header = "",
		.remote = "127.0.0.1", .store = st,
	};
	struct response rs;
	size_t n;

	response_init(&rs);
	app_handle(&rq, &rs);
	if (rs.status != want) {
		fprintf(stderr, "render: %s %s answered %d\n", method, EXERCISE,
			rs.status);
		exit(2);
	}
	n = rs.body.len;
	response_release(&rs);
	return n;
}

/* Answer the text and list prompts of the career exercise with one
 * form POST, as pages.sh does with curl. */
static void fill(struct store *st, const char *cookie, const char *csrf)
{
	const struct session *s = course_get(7);
	const struct exercise *e = NULL;
	struct buf body = BUF_INIT;
	size_t i;
	int k;

	for (i = 0; s && i < s->nr_exercises; i++)
		if (!strcmp(s->exercises[i].id, "make-your-career-awesome"))
			e = &s->exercises[i];
	if (!e)
		die("session 7 has no career exercise");
	buf_addf(&body, "csrf=%s", csrf);
	for (i = 0; i < e->nr_prompts; i++) {
		const struct prompt *p = &e->prompts[i];

		if (p->kind == PROMPT_TEXT)
			buf_addf(&body, "&p=%s&a.%s=My+answer+to+%s:+a+few+"
				 "considered+sentences+about+roles,+fit+and+"
				 "the+cheap+tests+I+could+run+in+the+next+"
				 "months.", p->id, p->id, p->id);
		if (p->kind == PROMPT_LIST || p->kind == PROMPT_CHECKLIST) {
			buf_addf(&body, "&p=%s", p->id);
			for (k = 1; k <= 5; k++)
				buf_addf(&body, "&l.%s=Item+%d+of+%s", p->id,
					 k, p->id);
		}
	}
	call(st, "POST", cookie, body.data, 303);
	buf_release(&body);
}

int main(int argc, char **argv)
{
	char msg[256], token[AUTH_TOKEN_HEX + 1], hash[65];
	char cookie[AUTH_TOKEN_HEX + 32];
	double fresh[MAX_ROUNDS], kept[MAX_ROUNDS], t;
	struct user u = { 0 };
	struct login l = { 0 };
	struct store *st;
	size_t bytes = 0;
	int rounds, n, r, i;

	if (argc != 5 || (rounds = atoi(argv[3])) < 1 || rounds > MAX_ROUNDS ||
	    (n = atoi(argv[4])) < 1)
		die("usage: render DB SESSION.md ROUNDS N");
	if (sodium_init() < 0)
		die("libsodium did not start");
	if (store_open(argv[1], &st, msg, sizeof(msg)) != STORE_OK)
		die(msg);
	if (load_session(st, argv[2]))
		die("cannot load the session");

	snprintf(u.email, sizeof(u.email), "render@example.org");
	snprintf(u.name, sizeof(u.name), "Render Bench");
	snprintf(u.pwhash, sizeof(u.pwhash), "x");
	if (store_user_add(st, &u) != STORE_OK)
		die("cannot add the participant");
	auth_random_hex(token, AUTH_TOKEN_HEX);
	auth_token_hash(token, hash);
	auth_random_hex(l.csrf, AUTH_CSRF_HEX);
	l.user_id = u.id;
	l.expires = time(NULL) + 86400;
	if (store_login_add(st, hash, &l) != STORE_OK)
		die("cannot add the login");
	snprintf(cookie, sizeof(cookie), "%s=%s", AUTH_COOKIE, token);
	fill(st, cookie, l.csrf);

	for (r = 0; r < rounds; r++) {
		t = now_us();
		for (i = 0; i < n; i++) {
			memo_clear();
			bytes = call(st, "GET", cookie, NULL, 200);
		}
		fresh[r] = (now_us() - t) / n;
		call(st, "GET", cookie, NULL, 200);
		t = now_us();
		for (i = 0; i < n; i++)
			call(st, "GET", cookie, NULL, 200);
		kept[r] = (now_us() - t) / n;
	}
	t = median(fresh, rounds);
	printf("exercise page, %zu bytes, %d rounds of %d requests in-process:\n"
	       "  rendered afresh  median %7.2f us\n"
	       "  from the memo    median %7.2f us\n"
	       "  memo / fresh            %7.3f\n", bytes, rounds, n, t,
	       median(kept, rounds), median(kept, rounds) / t);
	app_unload();
	store_close(st);
	return 0;
}
