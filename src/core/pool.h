#ifndef POOL_H
#define POOL_H

/*
 * A small fixed set of threads running jobs from a bounded queue.  http.c
 * runs the slow routes (those that hash a password) here, so a flood of
 * sign-ups waits its turn, or is told to come back, while every other
 * page goes on being served by libmicrohttpd's own threads.
 */
struct pool;
typedef void pool_fn(void *arg);

/* Start `threads` threads (1 to 64) taking jobs from a queue of at most
 * `queue_max` waiting ones (at least 1).  A `nice` above 0 is added to
 * the threads' nice value and makes them SCHED_BATCH (Linux: per thread),
 * so pages come first on a busy machine.
 * The threads inherit the caller's signal mask.  NULL on failure. */
struct pool *pool_start(unsigned threads, unsigned queue_max, int nice);
/* Queue fn(arg) for a thread.  0, or -1 when queue_max jobs are already
 * waiting or the pool is stopping: fn is not called, the caller answers
 * "busy". */
int pool_submit(struct pool *p, pool_fn *fn, void *arg);
/* Refuse new jobs, let the threads run every queued one and join them.
 * pool_submit() may still be called (it returns -1) until pool_free(). */
void pool_stop(struct pool *p);
void pool_free(struct pool *p);

#endif
