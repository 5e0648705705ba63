#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable byte buffer with a hard size cap and a sticky error.
 *
 * Invariants: `data` is never NULL and is always NUL-terminated, so it can
 * be used as a C string; `len` excludes the terminator.  Every buffer has a
 * cap (`max`, bytes of content): an append that would pass it, or a failed
 * allocation, sets `err` and is otherwise ignored, as are all later appends.
 * Callers append freely and check `err` once at the end.
 */
struct buf {
	char *data;
	size_t len, alloc, max;
	int err;
};

#define BUF_MAX_DEFAULT ((size_t)64 << 20)
#define BUF_INIT { buf_empty, 0, 0, BUF_MAX_DEFAULT, 0 }
extern char buf_empty[];

void buf_init(struct buf *b, size_t max);
/* Free the contents and reset to empty (keeping the cap and clearing err). */
void buf_release(struct buf *b);
/* Hand over the contents: the caller frees the result; b is reset. */
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b);

/* Take over `data` (from malloc(), `alloc` bytes, at least 1) as b's
 * storage, emptied; b held nothing allocated. */
void buf_adopt(struct buf *b, char *data, size_t alloc);
/* Make room for `extra` more bytes now, to avoid regrowing later. */
int buf_reserve(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Drop trailing spaces, tabs and newlines. */
void buf_rtrim(struct buf *b);

/* Small helpers shared by everything that handles strings. */
char *xstrndup(const char *s, size_t n);
char *xstrdup(const char *s);

#endif
