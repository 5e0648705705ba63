/*
 * tz.c: time zones read from the tz database's TZif files (RFC 8536).
 * Only the version 2+ body is used (64-bit transition times); the file
 * is bounded (64 KB, TZ_TRANS_MAX transitions, 256 types) and every
 * index in it checked before use, so a damaged file is refused, never
 * read past.
 */
#include "core/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_DIR "/usr/share/zoneinfo"
#define TZ_FILE_MAX (64 << 10)

bool tz_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0, i;
	bool part_start = true;

	if (!n || n > TZ_NAME_MAX || !strncmp(name, "right/", 6) ||
	    !strncmp(name, "posix/", 6))
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (c == '/') {
			if (part_start)
				return false;   /* "//" or a leading '/' */
			part_start = true;
			continue;
		}
		if (part_start && c == '.')
			return false;           /* "..", hidden files */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("._+-", c)))
			return false;
		part_start = false;
	}
	return !part_start;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The six counts of a header at p. */
struct counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

static void counts_of(const unsigned char *p, struct counts *c)
{
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chars = be32(p + 40);
}

/* The size of a data block with times of `tsize` bytes. */
static size_t block_size(const struct counts *c, size_t tsize)
{
	return c->time * tsize + c->time + c->type * 6 + c->chars +
	       c->leap * (tsize + 4) + c->isstd + c->isut;
}

static void type_at(const unsigned char *ti, const char *chars,
		    uint32_t nchars, struct tz_type *t)
{
	unsigned idx = ti[5];

	t->off = (int32_t)be32(ti);
	t->isdst = ti[4] != 0;
	snprintf(t->abbr, sizeof(t->abbr), "%.*s",
		 idx < nchars ? (int)strnlen(chars + idx, nchars - idx) : 0,
		 idx < nchars ? chars + idx : "");
}

/* The version 2+ body of the file in f (n bytes) into z; -1 if bad. */
static int parse(const unsigned char *f, size_t n, struct tz *z)
{
	struct counts c;
	const unsigned char *p, *idx, *ti;
	const char *chars;
	size_t i;

	if (n < 44 || memcmp(f, "TZif", 4) || f[4] < '2')
		return -1;
	counts_of(f, &c);
	if (c.time > TZ_TRANS_MAX || c.type > 256 || c.chars > 256 ||
	    c.leap > 1000 || c.isstd > 256 || c.isut > 256)
		return -1;
	p = f + 44 + block_size(&c, 4);
	if ((size_t)(p - f) + 44 > n || memcmp(p, "TZif", 4))
		return -1;
	counts_of(p, &c);
	p += 44;
	if (c.time > TZ_TRANS_MAX || !c.type || c.type > 256 ||
	    c.chars > 256 || c.leap > 1000 || c.isstd > 256 || c.isut > 256 ||
	    block_size(&c, 8) > n - (size_t)(p - f))
		return -1;
	idx = p + c.time * 8;
	ti = idx + c.time;
	chars = (const char *)(ti + c.type * 6);
	z->at = malloc((c.time ? c.time : 1) * sizeof(*z->at));
	z->type = malloc((c.time ? c.time : 1) * sizeof(*z->type));
	if (!z->at || !z->type)
		return -1;
	for (i = 0; i < c.time; i++) {
		z->at[i] = be64(p + 8 * i);
		if (idx[i] >= c.type || (i && z->at[i] <= z->at[i - 1]))
			return -1;
		type_at(ti + 6 * idx[i], chars, c.chars, &z->type[i]);
	}
	z->n = c.time;
	/* Before the first transition: time type 0 (RFC 8536, 3.2). */
	type_at(ti, chars, c.chars, &z->first);
	return 0;
}

int tz_load(const char *name, struct tz *z)
{
	char path[sizeof(TZ_DIR) + TZ_NAME_MAX + 2];
	unsigned char *f = NULL;
	size_t n = 0;
	FILE *fp;
	int r = -1;

	memset(z, 0, sizeof(*z));
	if (!tz_name_ok(name))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", TZ_DIR, name);
	if (!(fp = fopen(path, "rb")))
		return -1;
	f = malloc(TZ_FILE_MAX + 1);
	if (f)
		n = fread(f, 1, TZ_FILE_MAX + 1, fp);
	fclose(fp);
	if (f && n <= TZ_FILE_MAX && !parse(f, n, z)) {
		snprintf(z->name, sizeof(z->name), "%s", name);
		r = 0;
	}
	free(f);
	if (r)
		tz_release(z);
	return r;
}

void tz_release(struct tz *z)
{
	free(z->at);
	free(z->type);
	memset(z, 0, sizeof(*z));
}

/* The number of transitions at or before t. */
static size_t started(const struct tz *z, int64_t t)
{
	size_t lo = 0, hi = z->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->at[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct tz_type *tz_at(const struct tz *z, int64_t t)
{
	size_t k = started(z, t);

	return k ? &z->type[k - 1] : &z->first;
}

int64_t tz_utc_of(const struct tz *z, int64_t local)
{
	/* Try the offset in force a day before, then the one it gives:
	 * offsets change by less than a day. */
	int64_t t = local - tz_at(z, local - 86400)->off;
	int64_t u = local - tz_at(z, t)->off;

	/* u is right when the wall clock at u reads `local`; otherwise
	 * local fell in a gap and t (the offset before) is the answer. */
	return u + tz_at(z, u)->off == local ? u : t;
}

void tz_transitions(const struct tz *z, int64_t from, int64_t to,
		    tz_trans_fn *fn, void *ctx)
{
	size_t k;

	for (k = started(z, from); k < z->n && z->at[k] <= to; k++)
		fn(ctx, z->at[k], k ? &z->type[k - 1] : &z->first,
		   &z->type[k]);
}
