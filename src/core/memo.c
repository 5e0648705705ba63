/*
 * memo.c: see memo.h.  A thread's table is MEMO_SLOTS entries, chosen by
 * (what, user); it is made on the first put and freed by a pthread key's
 * destructor when the thread ends, or by memo_clear().
 */
#include "core/memo.h"

#include "core/buf.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MEMO_SLOTS 64   /* a cohort's pages on each thread (memo.h) */

struct memo_entry {
	const void *what;       /* NULL: empty */
	int64_t user;
	int day;
	char *inputs;
	size_t len;
	char *html;
	size_t n;
};

struct memo {
	struct memo_entry slot[MEMO_SLOTS];
};

static _Thread_local struct memo *mine;
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void memo_free(void *p)
{
	struct memo *m = p;
	size_t i;

	if (!m)
		return;
	for (i = 0; i < MEMO_SLOTS; i++) {
		free(m->slot[i].inputs);
		free(m->slot[i].html);
	}
	free(m);
}

static void make_key(void)
{
	pthread_key_create(&key, memo_free);
}

static struct memo_entry *slot_of(struct memo *m, const struct memo_key *k)
{
	uint64_t h = (uint64_t)(uintptr_t)k->what * 0x9e3779b97f4a7c15ULL ^
		     (uint64_t)k->user * 0xc2b2ae3d27d4eb4fULL;

	return &m->slot[(h >> 32) % MEMO_SLOTS];
}

int memo_copy(const struct memo_key *k, struct buf *b)
{
	const struct memo_entry *e;

	if (!mine)
		return 0;
	e = slot_of(mine, k);
	if (e->what != k->what || e->user != k->user || e->day != k->day ||
	    e->len != k->len || memcmp(e->inputs, k->inputs, k->len))
		return 0;
	buf_add(b, e->html, e->n);
	return 1;
}

void memo_put(const struct memo_key *k, const char *html, size_t n)
{
	struct memo_entry *e;
	char *inputs, *copy;

	if (k->len > MEMO_INPUTS_MAX || n > MEMO_INPUTS_MAX)
		return;
	if (!mine) {
		pthread_once(&key_once, make_key);
		if (!(mine = calloc(1, sizeof(*mine))))
			return;
		pthread_setspecific(key, mine);
	}
	e = slot_of(mine, k);
	inputs = malloc(k->len + 1);
	copy = malloc(n + 1);
	if (!inputs || !copy) {
		free(inputs);
		free(copy);
		return;     /* not kept: the next page renders again */
	}
	memcpy(inputs, k->inputs, k->len);
	memcpy(copy, html, n);
	free(e->inputs);
	free(e->html);
	*e = (struct memo_entry){ k->what, k->user, k->day, inputs, k->len,
				  copy, n };
}

void memo_clear(void)
{
	memo_free(mine);
	mine = NULL;
	pthread_once(&key_once, make_key);
	pthread_setspecific(key, NULL);
}
