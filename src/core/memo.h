#ifndef MEMO_H
#define MEMO_H

#include <stddef.h>
#include <stdint.h>

/*
 * memo.h: rendered HTML kept per thread and found again by everything it
 * was made from, so a page that would write the same bytes from the same
 * inputs copies them instead.
 *
 * The key is exact, not a digest: the caller names the thing rendered
 * (`what`, e.g. an exercise of the loaded catalog, whose address is never
 * reused while the process runs), whose page it is, the day, and every
 * other input serialised as bytes; a hit compares all of it.  A memo is
 * only right for a part of a page that is a pure function of its key.
 *
 * Each thread has its own small table (no locks, and the server's threads
 * each own a store connection the same way); an entry is replaced when
 * another key lands in its slot.
 */
/* Inputs or HTML longer than this are not kept: such a page renders each
 * time.  It bounds a thread's table to MEMO_SLOTS (64) times twice this. */
#define MEMO_INPUTS_MAX ((size_t)256 << 10)

struct memo_key {
	const void *what;
	int64_t user;
	int day;
	const char *inputs;     /* every other input, serialised */
	size_t len;
};

struct buf;

/* Append the bytes kept for k to b and return 1; 0 when there are none. */
int memo_copy(const struct memo_key *k, struct buf *b);
/* Keep html[0..n) for k, replacing whatever its slot held. */
void memo_put(const struct memo_key *k, const char *html, size_t n);
/* Free this thread's table (threads that end free theirs themselves). */
void memo_clear(void);

#endif
