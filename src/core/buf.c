#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
	b->data = buf_empty;
	b->len = b->alloc = 0;
	b->max = max;
	b->err = 0;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->data);
	buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->alloc)
		b->data[0] = '\0';
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *out = b->alloc ? b->data : calloc(1, 1);

	if (len)
		*len = b->len;
	buf_init(b, b->max);
	return out;
}

void buf_adopt(struct buf *b, char *data, size_t alloc)
{
	b->data = data;
	b->alloc = alloc;
	b->len = 0;
	b->err = 0;
	data[0] = '\0';
}

/* Make room for `extra` more bytes plus the terminator. */
static int buf_grow(struct buf *b, size_t extra)
{
	size_t want, n;
	char *p;

	if (b->err)
		return -1;
	if (extra > b->max - b->len) {
		b->err = 1;
		return -1;
	}
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < want)
		n *= 2;
	p = realloc(b->alloc ? b->data : NULL, n);
	if (!p) {
		b->err = 1;
		return -1;
	}
	if (!b->alloc)
		p[0] = '\0';
	b->data = p;
	b->alloc = n;
	return 0;
}

int buf_reserve(struct buf *b, size_t extra)
{
	return buf_grow(b, extra);
}

int buf_add(struct buf *b, const void *data, size_t len)
{
	/* The common case first: room already there, under the cap. */
	if (!(len < b->alloc - b->len && b->len + len <= b->max && !b->err) &&
	    buf_grow(b, len))
		return -1;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err)
		return -1;
	/* Most output fits in the room already there: one pass then. */
	va_copy(cp, ap);
	n = b->alloc ? vsnprintf(b->data + b->len, b->alloc - b->len, fmt, cp)
		     : vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n >= 0 && b->alloc && (size_t)n < b->alloc - b->len) {
		if ((size_t)n > b->max - b->len) {
			b->data[b->len] = '\0';
			b->err = 1;
			return -1;
		}
		b->len += (size_t)n;
		return 0;
	}
	if (b->alloc)
		b->data[b->len] = '\0';
	if (n < 0 || buf_grow(b, (size_t)n)) {
		b->err = 1;
		return -1;
	}
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

void buf_rtrim(struct buf *b)
{
	while (b->len && strchr(" \t\r\n", b->data[b->len - 1]))
		b->len--;
	if (b->alloc)
		b->data[b->len] = '\0';
}

char *xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}
