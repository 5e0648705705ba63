/*
 * session-util.h: what the importer and exporter tests share — read a
 * file whole, and parse a session that must parse.  Include after
 * cmocka.h.
 */
#ifndef SESSION_UTIL_H
#define SESSION_UTIL_H

#include <stdio.h>

#include "core/buf.h"
#include "model/session.h"

/* The whole file, malloc'd, its length into *len; NULL when it cannot be
 * opened. */
static inline char *slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	assert_false(b.err);
	return buf_detach(&b, len);
}

/* Parse src into s, failing the test (with the importer's message) when
 * it does not parse. */
static inline void parse_ok(const char *src, size_t len, struct session *s)
{
	struct import_error err;
	int r = session_parse(src, len, s, &err);

	if (r)
		print_error("unexpected parse error: %s\n", err.msg);
	assert_int_equal(r, 0);
}

#endif
