/*
 * sender.c: the thread that delivers the outbox (sender.h).  One loop:
 * queue the digests due, claim a mail, send it, record the result; when
 * nothing is due, sleep until the next mail falls due, a poke, or
 * poll_ms (another server on the database may have queued one).  After
 * a mail the server could not take, the loop waits before the next claim
 * (retry_min, doubling up to retry_max), so a mail server that is down
 * is not hammered with every mail in the outbox.
 */
#include "mail/sender.h"

#include "core/clock.h"
#include "mail/notify.h"

#include <errno.h>
#include <sodium.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool running, stop, poked;
	struct sender_cfg cfg;
	struct store *st;
	char name[STORE_MAIL_BY_MAX + 1];
} s = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

/* Sleep up to ms, or until poked or stopped; true when stopping. */
static bool nap(unsigned ms)
{
	struct timespec until;
	bool stop;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s.lock);
	while (!s.stop && !s.poked &&
	       pthread_cond_timedwait(&s.wake, &s.lock, &until) != ETIMEDOUT)
		;
	s.poked = false;
	stop = s.stop;
	pthread_mutex_unlock(&s.lock);
	return stop;
}

/* Send one claimed mail and record what became of it. */
static enum smtp_result deliver(struct mail_claim *c)
{
	char err[300];
	enum smtp_result r;
	enum mail_result m;
	int rc;

	r = smtp_send(s.cfg.smtp, c->env_from, c->env_to, c->msg, c->len,
		      err, sizeof(err));
	m = r == SMTP_SENT ? MAIL_OK : r == SMTP_REFUSED ? MAIL_REFUSED :
		MAIL_TRY_AGAIN;
	if (r == SMTP_SENT)
		err[0] = '\0';
	else
		fprintf(stderr, "alignplan: mail %lld to %s: %s\n",
			(long long)c->id, c->env_to, err);
	rc = store_mail_done(s.st, c->id, s.name, m, err, s.cfg.retry_min,
			     s.cfg.retry_max);
	if (rc != STORE_OK)
		fprintf(stderr, "alignplan: mail %lld: its result was not "
			"recorded (%s); it goes again after its lease\n",
			(long long)c->id, store_errmsg(s.st));
	return r;
}

/* How long to sleep when nothing is due: until the next mail falls due,
 * at most poll_ms. */
static unsigned idle_ms(void)
{
	int64_t next = 0, now = clock_now();
	unsigned ms = s.cfg.poll_ms;

	if (store_mail_next(s.st, &next) == STORE_OK && next > now &&
	    (next - now) * 1000 < ms)
		ms = (unsigned)((next - now) * 1000);
	return ms ? ms : 1;
}

static void *run(void *arg)
{
	struct mail_claim c;
	int64_t pause = 0, last_digest = 0, next_tick = 0;
	int r;

	(void)arg;
	for (;;) {
		int64_t now = clock_now();

		if (s.cfg.tick && s.cfg.tick_every > 0 && now >= next_tick) {
			s.cfg.tick(s.st, now);
			next_tick = now + s.cfg.tick_every;
		}
		if (!s.cfg.smtp) {
			if (nap(s.cfg.poll_ms))
				break;
			continue;
		}
		if (now != last_digest) {
			notify_digests(s.st, now - s.cfg.digest_after);
			last_digest = now;
		}
		r = store_mail_claim(s.st, s.name, s.cfg.lease, &c);
		if (r == STORE_OK) {
			if (deliver(&c) == SMTP_RETRY)
				pause = pause ? pause * 2 : s.cfg.retry_min;
			else
				pause = 0;
			if (pause > s.cfg.retry_max)
				pause = s.cfg.retry_max;
			free(c.msg);
			if (nap(pause ? (unsigned)pause * 1000 : 0))
				break;
			continue;
		}
		if (r != STORE_NOTFOUND)
			fprintf(stderr, "alignplan: the outbox cannot be read: "
				"%s\n", store_errmsg(s.st));
		if (nap(r == STORE_NOTFOUND ? idle_ms() : 5000))
			break;
	}
	return NULL;
}

int sender_start(const struct sender_cfg *cfg, struct store *st)
{
	unsigned char rnd[4];

	if (s.running)
		return -1;
	s.cfg = *cfg;
	s.st = st;
	s.stop = s.poked = false;
	/* A name no other sender on the database has: pid and randomness
	 * (two hosts may share a pid). */
	randombytes_buf(rnd, sizeof(rnd));
	snprintf(s.name, sizeof(s.name), "pid%ld-%02x%02x%02x%02x",
		 (long)getpid(), rnd[0], rnd[1], rnd[2], rnd[3]);
	if (pthread_create(&s.thread, NULL, run, NULL))
		return -1;
	s.running = true;
	return 0;
}

void sender_poke(void)
{
	pthread_mutex_lock(&s.lock);
	s.poked = true;
	pthread_cond_signal(&s.wake);
	pthread_mutex_unlock(&s.lock);
}

void sender_stop(void)
{
	if (!s.running)
		return;
	pthread_mutex_lock(&s.lock);
	s.stop = true;
	pthread_cond_signal(&s.wake);
	pthread_mutex_unlock(&s.lock);
	pthread_join(s.thread, NULL);
	store_close(s.st);
	s.st = NULL;
	s.running = false;
}
