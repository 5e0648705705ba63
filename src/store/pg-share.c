/*
 * pg-share.c: the queue of write transactions waiting to share a COMMIT
 * (pg-share.h), one per database a process has open.
 *
 * A member sleeps on a futex word of its own, not on a condition
 * variable: a thread woken from pthread_cond_wait() takes the queue's
 * lock again at once, while the leader that woke it still holds it to
 * wake the rest, so each member of a group slept twice (perf: a tenth of
 * a server's CPU on PostgreSQL's page went to that lock).  Here the
 * leader sets each member's state under the lock, lets it go, and only
 * then wakes them; a member that finds its state set goes on without
 * the lock.  The wake may come after the member has gone on and its
 * word's memory is another's: a futex wake there is at worst a spurious
 * wake-up, which every wait below checks for.
 */
#include "store/pg-share.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct pg_share {
	char *url;
	int reads;                      /* pg-gather.c's, not writes' */
	int refs;
	int leading, leaders;           /* groups running, and at most */
	struct share_member *head, **tail;
	size_t queued, hold;
	unsigned long groups, members;
	struct pg_share *next;
};

/* Every queue, and the lock over all of them: a queue is only held for
 * a few pointer moves, so one lock serves. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct pg_share *queues;

static struct pg_share *open_queue(const char *url, int reads)
{
	struct pg_share *sh;

	pthread_mutex_lock(&lock);
	for (sh = queues; sh && (sh->reads != reads || strcmp(sh->url, url));
	     sh = sh->next)
		;
	if (!sh && (sh = calloc(1, sizeof(*sh)))) {
		if (!(sh->url = strdup(url))) {
			free(sh);
			sh = NULL;
		} else {
			sh->reads = reads;
			sh->leaders = reads ? SHARE_READ_LEADERS : 1;
			sh->tail = &sh->head;
			sh->next = queues;
			queues = sh;
		}
	}
	if (sh)
		sh->refs++;
	pthread_mutex_unlock(&lock);
	return sh;
}

struct pg_share *share_open(const char *url)
{
	return open_queue(url, 0);
}

struct pg_share *share_open_reads(const char *url)
{
	return open_queue(url, 1);
}

void share_close(struct pg_share *sh)
{
	struct pg_share **p;

	if (!sh)
		return;
	pthread_mutex_lock(&lock);
	if (--sh->refs) {
		pthread_mutex_unlock(&lock);
		return;
	}
	for (p = &queues; *p != sh; p = &(*p)->next)
		;
	*p = sh->next;
	pthread_mutex_unlock(&lock);
	free(sh->url);
	free(sh);
}

/* Take up to SHARE_MAX members off the queue's head (under the lock). */
static size_t take(struct pg_share *sh, struct share_member **v)
{
	size_t n = 0;

	while (sh->head && n < SHARE_MAX) {
		v[n++] = sh->head;
		sh->head = sh->head->next;
	}
	sh->queued -= n;
	if (n > 1) {
		sh->groups++;
		sh->members += n;
	}
	if (!sh->head)
		sh->tail = &sh->head;
	return n;
}

/* Sleep while *w still holds seen. */
static void futex_sleep(_Atomic uint32_t *w, uint32_t seen)
{
	syscall(SYS_futex, w, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Mark m to be woken (under the lock): its word into wake[*n]. */
static void mark(struct share_member *m, _Atomic uint32_t **wake,
		 size_t *n)
{
	atomic_fetch_add_explicit(&m->wake, 1, memory_order_relaxed);
	wake[(*n)++] = &m->wake;
}

void share_wait(struct pg_share *sh, struct share_member *m,
		share_run_fn *run, void *lead)
{
	struct share_member *v[SHARE_MAX];
	_Atomic uint32_t *wake[SHARE_MAX + 1];
	size_t n, i, nw;
	uint32_t seen;

	atomic_init(&m->state, SHARE_WAITING);
	atomic_init(&m->wake, 0);
	m->next = NULL;
	pthread_mutex_lock(&lock);
	*sh->tail = m;
	sh->tail = &m->next;
	sh->queued++;
	while (atomic_load_explicit(&m->state, memory_order_relaxed) ==
	       SHARE_WAITING) {
		if (sh->leading >= sh->leaders || !sh->head ||
		    sh->queued < sh->hold) {
			seen = atomic_load_explicit(&m->wake,
						    memory_order_relaxed);
			pthread_mutex_unlock(&lock);
			futex_sleep(&m->wake, seen);
			/* Set before the wake, and with all of run()'s
			 * writes for m before it (release, acquire). */
			if (atomic_load_explicit(&m->state,
						 memory_order_acquire) !=
			    SHARE_WAITING)
				return;
			pthread_mutex_lock(&lock);
			continue;
		}
		sh->leading++;
		n = take(sh, v);
		pthread_mutex_unlock(&lock);
		for (i = 0; i < n; i++)
			v[i]->outcome = SHARE_ALONE;
		run(lead, v, n);
		pthread_mutex_lock(&lock);
		sh->leading--;
		/* Wake the group's members, and the first of those queued
		 * meanwhile, to lead the next group: once the lock is let
		 * go, so that none of them waits for it. */
		nw = 0;
		for (i = 0; i < n; i++) {
			if (v[i] != m)
				mark(v[i], wake, &nw);
			atomic_store_explicit(&v[i]->state, v[i]->outcome,
					      memory_order_release);
		}
		if (sh->head)
			mark(sh->head, wake, &nw);
		pthread_mutex_unlock(&lock);
		for (i = 0; i < nw; i++)
			futex_wake(wake[i]);
		/* Led without being taken (SHARE_MAX were queued first). */
		if (atomic_load_explicit(&m->state, memory_order_acquire) !=
		    SHARE_WAITING)
			return;
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
}

void share_stats(struct pg_share *sh, unsigned long *groups,
		 unsigned long *members)
{
	pthread_mutex_lock(&lock);
	*groups = sh->groups;
	*members = sh->members;
	pthread_mutex_unlock(&lock);
}

void share_test_hold(struct pg_share *sh, size_t n)
{
	struct share_member *head;

	pthread_mutex_lock(&lock);
	sh->hold = n;
	head = sh->head;
	if (head)
		atomic_fetch_add_explicit(&head->wake, 1, memory_order_relaxed);
	pthread_mutex_unlock(&lock);
	if (head)
		futex_wake(&head->wake);
}
