/*
 * The bounded job pool (pool.c): jobs run on its threads, a full queue
 * refuses at once (http.c answers that with 503), and stopping runs what
 * was queued.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "core/pool.h"

/* A job that waits at a gate the test opens. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int open_gate, running;
static atomic_int ran;

static void gated(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	running++;
	pthread_cond_broadcast(&changed);
	while (!open_gate)
		pthread_cond_wait(&changed, &lock);
	running--;
	pthread_mutex_unlock(&lock);
	atomic_fetch_add(&ran, 1);
}

static void quick(void *arg)
{
	atomic_fetch_add((atomic_int *)arg, 1);
}

static void wait_running(int n)
{
	pthread_mutex_lock(&lock);
	while (running < n)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
}

static void gate(int open)
{
	pthread_mutex_lock(&lock);
	open_gate = open;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
}

/* Two threads busy, a queue of 3: three more wait, the next is refused
 * at once; once the gate opens every accepted job runs. */
static void test_full_queue_refuses(void **state)
{
	struct pool *p = pool_start(2, 3, 0);
	int i;

	(void)state;
	assert_non_null(p);
	gate(0);
	atomic_store(&ran, 0);
	assert_int_equal(pool_submit(p, gated, NULL), 0);
	assert_int_equal(pool_submit(p, gated, NULL), 0);
	wait_running(2);
	for (i = 0; i < 3; i++)
		assert_int_equal(pool_submit(p, gated, NULL), 0);
	assert_int_equal(pool_submit(p, gated, NULL), -1);
	assert_int_equal(pool_submit(p, gated, NULL), -1);
	assert_int_equal(atomic_load(&ran), 0);
	gate(1);
	pool_stop(p);
	assert_int_equal(atomic_load(&ran), 5);
	/* Stopped: refused, and safe to ask until freed. */
	assert_int_equal(pool_submit(p, gated, NULL), -1);
	pool_free(p);
}

/* Room again once a job is taken off the queue. */
static void test_queue_frees_up(void **state)
{
	struct pool *p = pool_start(1, 1, 0);
	atomic_int n = 0;

	(void)state;
	assert_non_null(p);
	gate(0);
	atomic_store(&ran, 0);
	assert_int_equal(pool_submit(p, gated, NULL), 0);
	wait_running(1);
	assert_int_equal(pool_submit(p, quick, &n), 0);
	assert_int_equal(pool_submit(p, quick, &n), -1);
	gate(1);
	while (atomic_load(&n) < 1)
		sched_yield();
	assert_int_equal(pool_submit(p, quick, &n), 0);
	pool_free(p);
	assert_int_equal(atomic_load(&n), 2);
}

/* Many jobs over several threads: each runs once. */
static void test_every_job_runs(void **state)
{
	struct pool *p = pool_start(4, 64, 5);
	atomic_int n = 0;
	int i, accepted = 0;

	(void)state;
	assert_non_null(p);
	for (i = 0; i < 1000; i++)
		accepted += pool_submit(p, quick, &n) == 0;
	pool_free(p);
	assert_true(accepted >= 64);
	assert_int_equal(atomic_load(&n), accepted);
}

static void test_bad_sizes(void **state)
{
	(void)state;
	assert_null(pool_start(0, 4, 0));
	assert_null(pool_start(1, 0, 0));
	assert_null(pool_start(65, 4, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_queue_refuses),
		cmocka_unit_test(test_queue_frees_up),
		cmocka_unit_test(test_every_job_runs),
		cmocka_unit_test(test_bad_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
