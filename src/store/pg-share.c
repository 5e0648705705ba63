/*
 * pg-share.c: the queue of write transactions waiting to share a COMMIT
 * (pg-share.h), one per database a process has open.
 */
#include "store/pg-share.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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

void share_wait(struct pg_share *sh, struct share_member *m,
		share_run_fn *run, void *lead)
{
	struct share_member *v[SHARE_MAX];
	size_t n, i;

	m->state = SHARE_WAITING;
	m->next = NULL;
	pthread_cond_init(&m->wake, NULL);
	pthread_mutex_lock(&lock);
	*sh->tail = m;
	sh->tail = &m->next;
	sh->queued++;
	while (m->state == SHARE_WAITING) {
		if (sh->leading >= sh->leaders || !sh->head ||
		    sh->queued < sh->hold) {
			pthread_cond_wait(&m->wake, &lock);
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
		 * meanwhile, to lead the next group. */
		for (i = 0; i < n; i++) {
			v[i]->state = v[i]->outcome;
			if (v[i] != m)
				pthread_cond_signal(&v[i]->wake);
		}
		if (sh->head)
			pthread_cond_signal(&sh->head->wake);
	}
	pthread_mutex_unlock(&lock);
	pthread_cond_destroy(&m->wake);
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
	pthread_mutex_lock(&lock);
	sh->hold = n;
	if (sh->head)
		pthread_cond_signal(&sh->head->wake);
	pthread_mutex_unlock(&lock);
}
