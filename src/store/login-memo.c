/*
 * login-memo.c: the logins this process has seen lately.  Every request
 * starts with its login.  On a backend whose reads cost a round trip
 * (read_later: PostgreSQL) a page of one read would otherwise wait for
 * two replies; on every backend a POST would read its login in a
 * transaction of its own before its write's (on SQLite that read's
 * locks and page reads were a fifth of an autosave's CPU).  One table
 * for all the process's connections: a reader's next page, or a
 * writer's next save, may come through any of them.
 *
 * A login found here is only a guess, checked before anything depends on
 * it, so that nothing is ever served stale and nothing needs telling when
 * a login changes elsewhere:
 *
 * - A page (in a snapshot) is made for the guess while the login is read
 *   again with the page's first statement, in the page's own snapshot;
 *   store_login_confirm() says whether the guess was right, and when it
 *   was not (a logout, a new name, a new notice) the router makes the
 *   page again.  A snapshot's guess never starts a write.  Only with
 *   read_later: elsewhere the read costs what its check would.
 * - A POST reads outside a snapshot, and its login would cost a round
 *   trip of its own before its write (a save: two hand-offs, not one).
 *   Its first write checks the guess first, in the same transaction and
 *   round trip (Q_LOGIN_HELD: the login row and its user as guessed), and
 *   fails when it changed, with nothing written; a POST that wrote
 *   nothing reads its login at the end (store_login_settle()).  Either
 *   way the router makes a POST whose guess was wrong again, with the
 *   login read.
 */
#include "store/internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SHARED_SLOTS 512

/* The table, under its lock. */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char hash[STORE_TOKEN_MAX + 1];    /* "" when empty */
	struct login l;
} shared[SHARED_SLOTS];

enum { POST_NONE, POST_PENDING, POST_HELD, POST_CHANGED };

/* A connection's guess under way (a request's own). */
struct login_memo {
	/* The check under way: the login the page is made for, and what
	 * the store holds (fresh.found once read; settled: read, with rc,
	 * when the snapshot ended before store_login_confirm()). */
	int checking, settled, rc;
	char hash[STORE_TOKEN_MAX + 1];
	struct login used;
	struct login_row fresh;
	/* A POST's guess: from the shared table, until settled (POST_*). */
	struct {
		int state;
		char hash[STORE_TOKEN_MAX + 1];
		struct login l;
	} post;
};

static unsigned hash_of(const char *hash)
{
	unsigned h = 2166136261u;

	while (*hash)
		h = (h ^ (unsigned char)*hash++) * 16777619u;
	return h;
}

static int usable(const char *hash)
{
	return strlen(hash) <= STORE_TOKEN_MAX;
}

static int memo_ready(struct store *st)
{
	return st->memo || (st->memo = calloc(1, sizeof(*st->memo)));
}

/* Put hash's login in the table, or drop it (l NULL). */
static void shared_put(const char *hash, const struct login *l)
{
	unsigned i = hash_of(hash) % SHARED_SLOTS;

	pthread_mutex_lock(&shared_lock);
	if (l) {
		strcpy(shared[i].hash, hash);
		shared[i].l = *l;
	} else if (!strcmp(shared[i].hash, hash)) {
		shared[i].hash[0] = '\0';
	}
	pthread_mutex_unlock(&shared_lock);
}

/* hash's login from the table into *out: 1 when it was there. */
static int shared_get(const char *hash, struct login *out)
{
	unsigned i = hash_of(hash) % SHARED_SLOTS;
	int found;

	pthread_mutex_lock(&shared_lock);
	found = !strcmp(shared[i].hash, hash);
	if (found)
		*out = shared[i].l;
	pthread_mutex_unlock(&shared_lock);
	return found;
}

void login_memo_put(const char *hash, const struct login *l)
{
	if (usable(hash))
		shared_put(hash, l);
}

static void drop(const char *hash)
{
	if (usable(hash))
		shared_put(hash, NULL);
}

void login_memo_forget(const char *hash)
{
	if (hash) {
		drop(hash);
		return;
	}
	pthread_mutex_lock(&shared_lock);
	memset(shared, 0, sizeof(shared));
	pthread_mutex_unlock(&shared_lock);
}

void login_memo_seen(const char *hash, int64_t when)
{
	unsigned i = hash_of(hash) % SHARED_SLOTS;

	if (!usable(hash))
		return;
	pthread_mutex_lock(&shared_lock);
	if (!strcmp(shared[i].hash, hash))
		shared[i].l.last_seen = when;
	pthread_mutex_unlock(&shared_lock);
}

/* A POST's guess (the file's head says how it is checked): 1 when *out
 * is one. */
static int post_guess(struct store *st, const char *hash, struct login *out)
{
	if (!memo_ready(st) || !shared_get(hash, &st->memo->post.l))
		return 0;
	st->memo->post.state = POST_PENDING;
	strcpy(st->memo->post.hash, hash);
	*out = st->memo->post.l;
	return 1;
}

/* The guess for hash: 1 when *out is one, 0 when there is none to make
 * (then read the login as usual).  In a snapshot it is checked with the
 * next statement; outside one (a POST), by the first write, or at the
 * end (store_login_settle()). */
int login_memo_guess(struct store *st, const char *hash, struct login *out)
{
	struct login_memo *m;

	if (!usable(hash) || !memo_ready(st))
		return 0;
	m = st->memo;
	if (!st->snapshot) {
		m->post.state = POST_NONE;      /* a guess is a request's own */
		return post_guess(st, hash, out);
	}
	if (!st->be->read_later || m->checking ||
	    !shared_get(hash, &m->used))
		return 0;
	m->fresh = (struct login_row){ .st = st };
	if (q_later(st, Q_LOGIN_GET, ARGS(arg_str(hash)), login_on_row,
		    &m->fresh) != STORE_OK)
		return 0;
	m->checking = 1;
	m->settled = 0;
	strcpy(m->hash, hash);
	*out = m->used;
	return 1;
}

/* The snapshot ends before the check was made (a page that reads the
 * rest in a snapshot of its own, as the dashboard does): the login is
 * read now, in the snapshot the page began with, and kept for
 * store_login_confirm(). */
void login_memo_end(struct store *st)
{
	struct login_memo *m = st->memo;

	if (m && m->checking && !m->settled) {
		m->rc = st->be->read_later_end(st);
		m->settled = 1;
	}
}

void login_memo_cancel(struct store *st)
{
	if (st->memo) {
		st->memo->checking = 0;
		st->memo->post.state = POST_NONE;
	}
}

/* What a page shows of its login, or decides by: all but last_seen,
 * which only ever grows and is checked against the idle limit with the
 * older value (so the guess is never the laxer one). */
static int same(const struct login *a, const struct login *b)
{
	const struct user *u = &a->user, *v = &b->user;

	return a->user_id == b->user_id && !strcmp(a->csrf, b->csrf) &&
	       a->expires == b->expires && a->unread == b->unread &&
	       u->id == v->id && !strcmp(u->email, v->email) &&
	       !strcmp(u->name, v->name) && !strcmp(u->pwhash, v->pwhash) &&
	       u->is_admin == v->is_admin && u->created == v->created;
}

int login_memo_writable(struct store *st)
{
	struct login_memo *m = st->memo;

	return !m || !m->checking || (m->settled && m->rc == STORE_OK &&
				      m->fresh.found &&
				      same(&m->used, &m->fresh.l));
}

int store_login_confirm(struct store *st)
{
	struct login_memo *m = st->memo;
	int rc;

	if (!m || !m->checking)
		return 1;
	m->checking = 0;
	rc = m->settled ? m->rc : st->be->read_later_end(st);
	if (rc != STORE_OK || !m->fresh.found) {
		drop(m->hash);
		return 0;
	}
	login_memo_put(m->hash, &m->fresh.l);
	return same(&m->used, &m->fresh.l);
}

/* Q_LOGIN_HELD's count: the guessed login is as guessed, or the write
 * fails (its transaction, and so its group's, rolls back). */
static int on_held(void *ctx, const struct be_val *c)
{
	struct store *st = ctx;

	if (c[0].i == 1) {
		st->memo->post.state = POST_PENDING;
		return 1;
	}
	st->memo->post.state = POST_CHANGED;
	return store_set_err(st, "the login changed: nothing was written");
}

int login_memo_hold(struct store *st)
{
	struct login_memo *m = st->memo;
	const struct login *l;

	if (!m || (m->post.state != POST_PENDING &&
		   m->post.state != POST_CHANGED))
		return STORE_OK;
	l = &m->post.l;
	return q_list_sent(st, Q_LOGIN_HELD,
			   ARGS(arg_str(m->post.hash), ARG_INT(l->user_id),
				arg_str(l->csrf), ARG_INT(l->expires),
				ARG_INT(l->unread), arg_str(l->user.email),
				arg_str(l->user.name), arg_str(l->user.pwhash),
				ARG_INT(l->user.is_admin),
				ARG_INT(l->user.created)),
			   on_held, st);
}

void login_memo_held(struct store *st, int rc)
{
	if (st->memo && st->memo->post.state == POST_PENDING &&
	    rc == STORE_OK)
		st->memo->post.state = POST_HELD;
}

int store_login_changed(struct store *st)
{
	return st->memo && st->memo->post.state == POST_CHANGED;
}

int store_login_settle(struct store *st)
{
	struct login_memo *m = st->memo;
	struct login fresh;
	int state;

	if (!m || m->post.state == POST_NONE)
		return 1;
	state = m->post.state;
	m->post.state = POST_NONE;
	if (state == POST_HELD)
		return 1;
	if (state == POST_PENDING &&
	    store_login_get(st, m->post.hash, &fresh) == STORE_OK &&
	    same(&m->post.l, &fresh)) {
		login_memo_put(m->post.hash, &fresh);
		return 1;
	}
	drop(m->post.hash);
	return 0;
}
