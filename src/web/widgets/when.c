/*
 * when.c: stored times as the pages write them, always in UTC, so a
 * page reads the same wherever it is opened.
 */
#include "web/widgets/when.h"

#include "core/tz.h"

#include <stdio.h>
#include <time.h>

static void when_fmt(char *out, size_t size, int64_t t, const char *fmt)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, size, fmt, &tm))
		snprintf(out, size, "?");
}

void when_day(char *out, size_t size, int64_t t)
{
	when_fmt(out, size, t, "%Y-%m-%d");
}

void when_minute(char *out, size_t size, int64_t t)
{
	when_fmt(out, size, t, "%Y-%m-%d %H:%M UTC");
}

void when_local(char *out, size_t size, const struct tz *z, int64_t t)
{
	const struct tz_type *ty = tz_at(z, t);
	char day[40];

	when_fmt(day, sizeof(day), t + ty->off, "%Y-%m-%d %H:%M");
	snprintf(out, size, "%s %s", day, ty->abbr[0] ? ty->abbr : z->name);
}
