/*
 * login-memo.c: the logins a store's connection has seen lately, for a
 * backend whose reads cost a round trip (read_later: PostgreSQL).  Every
 * page starts with its login, and a page of one read would otherwise
 * wait for two replies.  A login found here is only a guess: the page is
 * made for it while the login is read again with the page's first
 * statement, in the page's own snapshot, and store_login_confirm() says
 * whether the guess was right; when it was not (a logout, a new name, a
 * new notice) the router makes the page again.  So nothing here is ever
 * served stale, and nothing needs telling when a login changes
 * elsewhere.  Only read snapshots guess: a write never starts from one.
 */
#include "store/internal.h"

#include <stdlib.h>
#include <string.h>

#define MEMO_SLOTS 16

struct login_memo {
	struct {
		char hash[STORE_TOKEN_MAX + 1];    /* "" when empty */
		struct login l;
	} slot[MEMO_SLOTS];
	/* The check under way: the login the page is made for, and what
	 * the store holds (fresh.found once read; settled: read, with rc,
	 * when the snapshot ended before store_login_confirm()). */
	int checking, settled, rc;
	char hash[STORE_TOKEN_MAX + 1];
	struct login used;
	struct login_row fresh;
};

static unsigned slot_of(const char *hash)
{
	unsigned h = 2166136261u;

	while (*hash)
		h = (h ^ (unsigned char)*hash++) * 16777619u;
	return h % MEMO_SLOTS;
}

static int usable(const char *hash)
{
	return strlen(hash) <= STORE_TOKEN_MAX;
}

void login_memo_put(struct store *st, const char *hash, const struct login *l)
{
	unsigned i = slot_of(hash);

	if (!st->be->read_later || !usable(hash) ||
	    (!st->memo && !(st->memo = calloc(1, sizeof(*st->memo)))))
		return;
	strcpy(st->memo->slot[i].hash, hash);
	st->memo->slot[i].l = *l;
}

static void drop(struct store *st, const char *hash)
{
	unsigned i = slot_of(hash);

	if (st->memo && !strcmp(st->memo->slot[i].hash, hash))
		st->memo->slot[i].hash[0] = '\0';
}

void login_memo_forget(struct store *st, const char *hash)
{
	if (!st->memo)
		return;
	if (hash)
		drop(st, hash);
	else
		memset(st->memo->slot, 0, sizeof(st->memo->slot));
}

void login_memo_seen(struct store *st, const char *hash, int64_t when)
{
	unsigned i = slot_of(hash);

	if (st->memo && !strcmp(st->memo->slot[i].hash, hash))
		st->memo->slot[i].l.last_seen = when;
}

/* The guess for hash, checked with the next statement: 1 when *out is
 * one, 0 when there is none to make (then read the login as usual). */
int login_memo_guess(struct store *st, const char *hash, struct login *out)
{
	struct login_memo *m = st->memo;
	unsigned i = slot_of(hash);

	if (!m || !st->snapshot || m->checking || !usable(hash) ||
	    strcmp(m->slot[i].hash, hash))
		return 0;
	m->fresh = (struct login_row){ .st = st };
	if (q_later(st, Q_LOGIN_GET, ARGS(arg_str(hash)), login_on_row,
		    &m->fresh) != STORE_OK)
		return 0;
	m->checking = 1;
	m->settled = 0;
	strcpy(m->hash, hash);
	m->used = m->slot[i].l;
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
	if (st->memo)
		st->memo->checking = 0;
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
		drop(st, m->hash);
		return 0;
	}
	login_memo_put(st, m->hash, &m->fresh.l);
	return same(&m->used, &m->fresh.l);
}
