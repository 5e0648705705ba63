/*
 * helper: what the in-process benchmarks (render.c, comments.c,
 * match.c) share.
 * bench/lib.sh's link_helper builds helper.c into each of them.
 */
#ifndef BENCH_HELPER_H
#define BENCH_HELPER_H

struct store;

/* The median of v[0..n), which it sorts. */
double median(double *v, int n);

/* Parse the session in FILE, store it and load the app's catalog from the
 * store; 0, or -1 if any step fails. */
int load_session(struct store *st, const char *file);

#endif
