/*
 * Notifications and the outbox (docs/mail.md): the store's operations
 * on a real SQLite file — a claim is one sender's even with several
 * connections and threads claiming at once, a lease that passes frees
 * the mail and the old sender's result no longer counts, retries wait
 * longer each time up to a bound and give up after STORE_MAIL_GIVE_UP,
 * the per-person cap sends the overflow to the digest, notices are
 * trimmed, a failed write keeps nothing — and the @mention parser and
 * the unsubscribe tokens.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mail/notify.h"
#include "model/mention.h"
#include "store/store.h"

#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct env {
	char path[PATH_MAX], url[PATH_MAX + 16];
	struct store *st;
};

static struct store *open_store(struct env *e)
{
	struct store *st;
	char err[256];

	if (store_open(e->url, &st, err, sizeof(err)) != STORE_OK)
		fail_msg("store_open: %s", err);
	return st;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	int fd;

	snprintf(e->path, sizeof(e->path), "/tmp/alignplan-test-notify-XXXXXX");
	fd = mkstemp(e->path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(e->url, sizeof(e->url), "sqlite:%s", e->path);
	e->st = open_store(e);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	struct env *e = *state;
	char p[PATH_MAX + 8];
	size_t i;

	store_close(e->st);
	for (i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", e->path, suffix[i]);
		unlink(p);
	}
	free(e);
	return 0;
}

static int64_t add_user(struct store *st, const char *email)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.email, sizeof(u.email), "%s", email);
	snprintf(u.name, sizeof(u.name), "Name of %s", email);
	snprintf(u.pwhash, sizeof(u.pwhash), "$argon2id$v=19$fake");
	assert_int_equal(store_user_add(st, &u), STORE_OK);
	return u.id;
}

static const struct mail_new a_mail = {
	"from@example.org", "to@example.org", "<x@example.org>", "Subject",
	"Text", "Subject: x\r\n\r\nbody\r\n", 20,
};

static void queue(struct store *st, int n)
{
	while (n--)
		assert_int_equal(store_mail_queue(st, 0, 0, &a_mail), STORE_OK);
}

/* ---- claims ---- */

static void test_claim_one_each(void **state)
{
	struct env *e = *state;
	struct store *b = open_store(e);
	struct mail_claim c1, c2, c3, c4;

	queue(e->st, 3);
	assert_int_equal(store_mail_claim(e->st, "A", 100, &c1), STORE_OK);
	assert_int_equal(store_mail_claim(b, "B", 100, &c2), STORE_OK);
	assert_int_equal(store_mail_claim(e->st, "A", 100, &c3), STORE_OK);
	assert_int_equal(store_mail_claim(b, "B", 100, &c4), STORE_NOTFOUND);
	assert_true(c1.id != c2.id && c2.id != c3.id && c1.id != c3.id);
	assert_int_equal(c1.attempts, 1);
	assert_int_equal(c1.len, a_mail.len);
	assert_memory_equal(c1.msg, a_mail.msg, a_mail.len);
	assert_string_equal(c2.env_to, "to@example.org");
	/* Only the holder records the result. */
	assert_int_equal(store_mail_done(b, c1.id, "B", MAIL_OK, NULL, 60,
					 3600), STORE_NOTFOUND);
	assert_int_equal(store_mail_done(e->st, c1.id, "A", MAIL_OK, NULL, 60,
					 3600), STORE_OK);
	assert_int_equal(store_mail_done(e->st, c1.id, "A", MAIL_OK, NULL, 60,
					 3600), STORE_NOTFOUND);
	free(c1.msg);
	free(c2.msg);
	free(c3.msg);
	store_close(b);
}

#define RACE_MAILS 300
#define RACE_THREADS 4

struct racer {
	struct env *e;
	char name[8];
	int64_t got[RACE_MAILS];
	size_t n;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct store *st = open_store(r->e);
	struct mail_claim c;

	while (store_mail_claim(st, r->name, 600, &c) == STORE_OK) {
		r->got[r->n++] = c.id;
		free(c.msg);
		if (store_mail_done(st, c.id, r->name, MAIL_OK, NULL, 60,
				    3600) != STORE_OK)
			r->got[r->n++] = -c.id;     /* a lost result */
	}
	store_close(st);
	return NULL;
}

/* Four connections claim as fast as they can: each mail once. */
static void test_claim_race(void **state)
{
	struct env *e = *state;
	static struct racer r[RACE_THREADS];
	pthread_t t[RACE_THREADS];
	static int seen[RACE_MAILS + 1];
	int64_t counts[MAIL_FAILED + 1];
	size_t i, k, total = 0;

	queue(e->st, RACE_MAILS);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < RACE_THREADS; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].e = e;
		snprintf(r[i].name, sizeof(r[i].name), "S%zu", i);
		assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
	}
	for (i = 0; i < RACE_THREADS; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < RACE_THREADS; i++)
		for (k = 0; k < r[i].n; k++) {
			assert_true(r[i].got[k] > 0 &&
				    r[i].got[k] <= RACE_MAILS);
			seen[r[i].got[k]]++;
			total++;
		}
	assert_int_equal(total, RACE_MAILS);
	for (i = 1; i <= RACE_MAILS; i++)
		assert_int_equal(seen[i], 1);
	assert_int_equal(store_mail_counts(e->st, counts), STORE_OK);
	assert_int_equal(counts[MAIL_SENT], RACE_MAILS);
}

/* ---- leases ---- */

static void test_lease_expires(void **state)
{
	struct env *e = *state;
	struct store *b = open_store(e);
	struct mail_claim c, d;
	int64_t next;

	store_set_clock(e->st, 1000000);
	store_set_clock(b, 1000000);
	queue(e->st, 1);
	assert_int_equal(store_mail_claim(e->st, "A", 100, &c), STORE_OK);
	assert_int_equal(store_mail_next(b, &next), STORE_OK);
	assert_int_equal(next, 1000100);
	store_set_clock(b, 1000099);
	assert_int_equal(store_mail_claim(b, "B", 100, &d), STORE_NOTFOUND);
	/* A died: its lease passes, B takes the mail, a second try. */
	store_set_clock(b, 1000100);
	assert_int_equal(store_mail_claim(b, "B", 100, &d), STORE_OK);
	assert_int_equal(d.id, c.id);
	assert_int_equal(d.attempts, 2);
	/* A comes back late: its result changes nothing. */
	assert_int_equal(store_mail_done(e->st, c.id, "A", MAIL_OK, NULL, 60,
					 3600), STORE_NOTFOUND);
	assert_int_equal(store_mail_done(b, d.id, "B", MAIL_OK, NULL, 60,
					 3600), STORE_OK);
	assert_int_equal(store_mail_next(b, &next), STORE_OK);
	assert_int_equal(next, 0);
	free(c.msg);
	free(d.msg);
	store_close(b);
}

/* ---- retries ---- */

static int on_row(void *ctx, const struct mail_row *m, const char *text)
{
	(void)text;
	*(struct mail_row *)ctx = *m;
	return 1;
}

static void test_backoff(void **state)
{
	struct env *e = *state;
	struct mail_claim c;
	struct mail_row row;
	int64_t now = 2000000, waits[] = { 60, 120, 240, 480, 960, 1920,
					    3600, 3600 };
	size_t i;

	store_set_clock(e->st, now);
	queue(e->st, 1);
	for (i = 0; i < sizeof(waits) / sizeof(*waits); i++) {
		assert_int_equal(store_mail_claim(e->st, "A", 100, &c),
				 STORE_OK);
		free(c.msg);
		assert_int_equal(c.attempts, (int)i + 1);
		assert_int_equal(store_mail_done(e->st, c.id, "A",
						 MAIL_TRY_AGAIN, "451 later",
						 60, 3600), STORE_OK);
		store_set_clock(e->st, now + waits[i] - 1);
		assert_int_equal(store_mail_claim(e->st, "A", 100, &c),
				 STORE_NOTFOUND);
		now += waits[i];
		store_set_clock(e->st, now);
	}
	assert_int_equal(store_mail_list(e->st, 0, 1, on_row, &row), STORE_OK);
	assert_int_equal(row.state, MAIL_QUEUED);
	assert_string_equal(row.last_error, "451 later");
	/* Three days after it was made it is given up. */
	store_set_clock(e->st, 2000000 + STORE_MAIL_GIVE_UP);
	assert_int_equal(store_mail_claim(e->st, "A", 100, &c), STORE_OK);
	free(c.msg);
	assert_int_equal(store_mail_done(e->st, c.id, "A", MAIL_TRY_AGAIN,
					 "451 later", 60, 3600), STORE_OK);
	assert_int_equal(store_mail_list(e->st, 0, 1, on_row, &row), STORE_OK);
	assert_int_equal(row.state, MAIL_FAILED);
	/* A refusal fails at once. */
	queue(e->st, 1);
	assert_int_equal(store_mail_claim(e->st, "A", 100, &c), STORE_OK);
	free(c.msg);
	assert_int_equal(store_mail_done(e->st, c.id, "A", MAIL_REFUSED,
					 "550 no such user", 60, 3600),
			 STORE_OK);
	assert_int_equal(store_mail_list(e->st, 0, 1, on_row, &row), STORE_OK);
	assert_int_equal(row.state, MAIL_FAILED);
	assert_int_equal(store_mail_claim(e->st, "A", 100, &c),
			 STORE_NOTFOUND);
}

/* ---- notices ---- */

static int count_fn(void *ctx, const struct notice *n)
{
	(void)n;
	++*(int *)ctx;
	return 0;
}

static int due_fn(void *ctx, int64_t user)
{
	*(int64_t *)ctx = user;
	return 0;
}

static void test_unsent_cap_goes_to_digest(void **state)
{
	struct env *e = *state;
	int64_t u = add_user(e->st, "ann@example.org"), who = 0;
	struct notice_new n = {
		u, NOTICE_COMMENT, 0, "Someone commented", "/p/1/7/x",
		NOTICE_EACH, &a_mail,
	};
	int64_t counts[MAIL_FAILED + 1];
	int i, listed = 0;

	store_set_clock(e->st, 3000000);
	for (i = 0; i < STORE_MAIL_UNSENT_MAX + 5; i++)
		assert_int_equal(store_notices_add(e->st, &n, 1), STORE_OK);
	assert_int_equal(store_mail_counts(e->st, counts), STORE_OK);
	assert_int_equal(counts[MAIL_QUEUED], STORE_MAIL_UNSENT_MAX);
	/* The five past the cap wait for the digest. */
	assert_int_equal(store_digest_list(e->st, u, 100, count_fn, &listed),
			 STORE_OK);
	assert_int_equal(listed, 5);
	assert_int_equal(store_digest_due(e->st, 3000000, 10, due_fn, &who),
			 STORE_OK);
	assert_int_equal(who, u);
	assert_int_equal(store_digest_queue(e->st, u, INT64_MAX, &a_mail),
			 STORE_OK);
	listed = 0;
	assert_int_equal(store_digest_list(e->st, u, 100, count_fn, &listed),
			 STORE_OK);
	assert_int_equal(listed, 0);
	/* A second digest of nothing is refused. */
	assert_int_equal(store_digest_queue(e->st, u, INT64_MAX, &a_mail),
			 STORE_NOTFOUND);
}

static void test_notices_trimmed_and_read(void **state)
{
	struct env *e = *state;
	int64_t u = add_user(e->st, "bo@example.org");
	struct notice_new n = {
		u, NOTICE_REPLY, 0, "A reply", "/p/1/7/x", NOTICE_OFF, NULL,
	};
	struct login l = { .user_id = u, .csrf = "c",
			   .expires = 4000000000LL };
	int i, listed = 0;

	for (i = 0; i < STORE_NOTICES_MAX + 10; i++)
		assert_int_equal(store_notices_add(e->st, &n, 1), STORE_OK);
	assert_int_equal(store_notice_list(e->st, u, 1000, count_fn, &listed),
			 STORE_OK);
	assert_int_equal(listed, STORE_NOTICES_MAX);
	/* The unread count comes with the login. */
	assert_int_equal(store_login_add(e->st, "h1", &l), STORE_OK);
	assert_int_equal(store_login_get(e->st, "h1", &l), STORE_OK);
	assert_int_equal(l.unread, STORE_NOTICES_MAX);
	assert_int_equal(store_notice_read(e->st, u, 0), STORE_OK);
	assert_int_equal(store_login_get(e->st, "h1", &l), STORE_OK);
	assert_int_equal(l.unread, 0);
}

static int newest_fn(void *ctx, const struct notice *n)
{
	int64_t *id = ctx;

	if (!*id)
		*id = n->id;
	return 0;
}

static int unread_of(struct store *st, const char *hash)
{
	struct login l;

	assert_int_equal(store_login_get(st, hash, &l), STORE_OK);
	return l.unread;
}

/*
 * The unread count kept beside each person (users.unread) follows every
 * write: a notice added, one read by its id (once), a notice to someone
 * else, a read of another's notice id, and all read.
 */
static void test_notices_unread_kept(void **state)
{
	struct env *e = *state;
	int64_t u = add_user(e->st, "di@example.org");
	int64_t v = add_user(e->st, "ed@example.org");
	struct notice_new n = {
		u, NOTICE_REPLY, 0, "A reply", "/p/1/7/x", NOTICE_OFF, NULL,
	};
	struct notice_new other = {
		v, NOTICE_REPLY, 0, "Another", "/p/2/7/x", NOTICE_OFF, NULL,
	};
	struct login l = { .user_id = u, .csrf = "c",
			   .expires = 4000000000LL };
	int64_t newest = 0, theirs = 0;

	assert_int_equal(store_login_add(e->st, "hu", &l), STORE_OK);
	l.user_id = v;
	assert_int_equal(store_login_add(e->st, "hv", &l), STORE_OK);
	assert_int_equal(unread_of(e->st, "hu"), 0);
	assert_int_equal(store_notices_add(e->st, &n, 1), STORE_OK);
	assert_int_equal(store_notices_add(e->st, &n, 1), STORE_OK);
	assert_int_equal(store_notices_add(e->st, &n, 1), STORE_OK);
	assert_int_equal(store_notices_add(e->st, &other, 1), STORE_OK);
	assert_int_equal(unread_of(e->st, "hu"), 3);
	assert_int_equal(unread_of(e->st, "hv"), 1);

	assert_int_equal(store_notice_list(e->st, u, 10, newest_fn, &newest),
			 STORE_OK);
	assert_int_equal(store_notice_list(e->st, v, 10, newest_fn, &theirs),
			 STORE_OK);
	assert_int_equal(store_notice_read(e->st, u, newest), STORE_OK);
	assert_int_equal(unread_of(e->st, "hu"), 2);
	assert_int_equal(store_notice_read(e->st, u, newest), STORE_OK);
	assert_int_equal(unread_of(e->st, "hu"), 2);
	/* Another's notice id reads nothing, of either. */
	assert_int_equal(store_notice_read(e->st, u, theirs), STORE_OK);
	assert_int_equal(unread_of(e->st, "hu"), 2);
	assert_int_equal(unread_of(e->st, "hv"), 1);
	assert_int_equal(store_notice_read(e->st, u, 0), STORE_OK);
	assert_int_equal(unread_of(e->st, "hu"), 0);
	assert_int_equal(unread_of(e->st, "hv"), 1);
	assert_int_equal(store_notices_add(e->st, &n, 1), STORE_OK);
	assert_int_equal(unread_of(e->st, "hu"), 1);
}

static void test_notices_all_or_nothing(void **state)
{
	struct env *e = *state;
	int64_t u = add_user(e->st, "cy@example.org");
	struct notice_new n[2] = {
		{ u, NOTICE_COMMENT, 0, "one", "/x", NOTICE_EACH, &a_mail },
		{ u + 1000, NOTICE_COMMENT, 0, "two", "/x", NOTICE_EACH,
		  &a_mail },
	};
	int64_t counts[MAIL_FAILED + 1];
	int listed = 0;

	assert_int_equal(store_notices_add(e->st, n, 2), STORE_NOTFOUND);
	assert_int_equal(store_notice_list(e->st, u, 10, count_fn, &listed),
			 STORE_OK);
	assert_int_equal(listed, 0);
	assert_int_equal(store_mail_counts(e->st, counts), STORE_OK);
	assert_int_equal(counts[MAIL_QUEUED], 0);
	n[1].kind = NOTICE_KINDS;
	assert_int_equal(store_notices_add(e->st, n, 2), STORE_ERR);
}

static void test_prefs(void **state)
{
	struct env *e = *state;
	int64_t u = add_user(e->st, "di@example.org");
	int m[NOTICE_KINDS];

	assert_int_equal(store_notice_prefs(e->st, u, m), STORE_OK);
	assert_int_equal(m[NOTICE_MENTION], NOTICE_EACH);
	assert_int_equal(store_notice_pref_set(e->st, u, NOTICE_MENTION,
					       NOTICE_DIGEST, 0), STORE_OK);
	assert_int_equal(store_notice_pref_set(e->st, u, NOTICE_REPLY,
					       NOTICE_DIGEST, 0), STORE_OK);
	assert_int_equal(store_notice_pref_set(e->st, u, NOTICE_COMMENT,
					       NOTICE_OFF, 0), STORE_OK);
	/* The digest's unsubscribe: every digest kind off, the rest kept. */
	assert_int_equal(store_notice_pref_set(e->st, u, 0, NOTICE_OFF,
					       NOTICE_DIGEST), STORE_OK);
	assert_int_equal(store_notice_prefs(e->st, u, m), STORE_OK);
	assert_int_equal(m[NOTICE_MENTION], NOTICE_OFF);
	assert_int_equal(m[NOTICE_REPLY], NOTICE_OFF);
	assert_int_equal(m[NOTICE_PARTNER], NOTICE_EACH);
	assert_int_equal(store_notice_pref_set(e->st, u + 99, NOTICE_REPLY,
					       NOTICE_OFF, 0), STORE_NOTFOUND);
	assert_int_equal(store_notice_pref_set(e->st, u, NOTICE_KINDS,
					       NOTICE_OFF, 0), STORE_ERR);
}

static void test_tokens(void **state)
{
	struct env *e = *state;
	struct store *b = open_store(e);
	char t[NOTIFY_TOKEN_MAX], t2[NOTIFY_TOKEN_MAX], bad[NOTIFY_TOKEN_MAX];
	int64_t user;
	int kind, err;

	assert_int_equal(notify_token(e->st, 42, NOTICE_MENTION, t), STORE_OK);
	/* Another connection (another server) reads the same key. */
	assert_int_equal(notify_token(b, 42, NOTICE_MENTION, t2), STORE_OK);
	assert_string_equal(t, t2);
	assert_int_equal(notify_token_check(b, t, &user, &kind, &err), 0);
	assert_int_equal(user, 42);
	assert_int_equal(kind, NOTICE_MENTION);
	/* Another user or kind with the same MAC, a changed MAC, junk. */
	snprintf(bad, sizeof(bad), "43%s", t + 2);
	assert_int_equal(notify_token_check(b, bad, &user, &kind, &err), -1);
	snprintf(bad, sizeof(bad), "42-1%s", t + 4);
	assert_int_equal(notify_token_check(b, bad, &user, &kind, &err), -1);
	snprintf(bad, sizeof(bad), "%s", t);
	bad[strlen(bad) - 1] ^= 1;
	assert_int_equal(notify_token_check(b, bad, &user, &kind, &err), -1);
	assert_int_equal(notify_token_check(b, "", &user, &kind, &err), -1);
	assert_int_equal(notify_token_check(b, "42-3-", &user, &kind, &err),
			 -1);
	assert_int_equal(err, 0);
	store_close(b);
}

/* ---- the mention parser ---- */

static const struct mention_who people[] = {
	{ 1, "Ann" }, { 2, "Ann Lee" }, { 3, "Dana" }, { 4, "Dana" },
	{ 5, "Zoë Ortiz" }, { 6, "o'Neil" },
};
#define NP (sizeof(people) / sizeof(*people))

static size_t find(const char *s, struct mention *m)
{
	return mention_find(s, strlen(s), people, NP, m, MENTION_MAX);
}

static void test_mentions(void **state)
{
	struct mention m[MENTION_MAX];
	const char *s;

	(void)state;
	/* The longest name wins; case does not matter; a word must end. */
	s = "Hi @ann lee, and @Ann.";
	assert_int_equal(find(s, m), 2);
	assert_int_equal(m[0].kind, MENTION_FOUND);
	assert_int_equal(m[0].user, 2);
	assert_int_equal(m[0].at, 3);
	assert_int_equal(m[0].len, 8);
	assert_int_equal(m[1].user, 1);
	assert_int_equal(m[1].len, 4);
	/* "@Annie" is not Ann: unknown, the word kept. */
	s = "@Annie";
	assert_int_equal(find(s, m), 1);
	assert_int_equal(m[0].kind, MENTION_UNKNOWN);
	assert_int_equal(m[0].len, 6);
	/* Two people of one name. */
	assert_int_equal(find("ask @Dana", m), 1);
	assert_int_equal(m[0].kind, MENTION_AMBIGUOUS);
	assert_int_equal(m[0].user, 0);
	/* Non-ASCII and punctuation in names. */
	assert_int_equal(find("(@Zoë Ortiz)", m), 1);
	assert_int_equal(m[0].user, 5);
	assert_int_equal(find("@o'neil!", m), 1);
	assert_int_equal(m[0].user, 6);
	/* Not a mention: an address, a lone @, @ before a blank. */
	assert_int_equal(find("ann@example.org, x.@Ann", m), 0);
	assert_int_equal(find("@ @ @", m), 0);
	assert_int_equal(find("", m), 0);
	/* At most max; @@Ann is none (the second @ follows an @). */
	assert_int_equal(mention_find("@Ann @Ann @Ann", 14, people, NP, m, 2),
			 2);
	assert_int_equal(find("@@Ann", m), 0);
	/* A name at the very end, and text cut short inside a name. */
	assert_int_equal(mention_find("x @Ann Lee", 8, people, NP, m,
				      MENTION_MAX), 1);
	assert_int_equal(m[0].user, 1);
	/* Nobody to mention: every @word is unknown. */
	assert_int_equal(mention_find("@Ann", 4, people, 0, m, MENTION_MAX), 1);
	assert_int_equal(m[0].kind, MENTION_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_claim_one_each, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_claim_race, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lease_expires, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsent_cap_goes_to_digest,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_notices_trimmed_and_read,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_notices_unread_kept,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_notices_all_or_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
		cmocka_unit_test(test_mentions),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
