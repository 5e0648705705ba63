/*
 * when.c: stored times as the pages write them, always in UTC, so a
 * page reads the same wherever it is opened.
 */
#include "web/widgets/when.h"

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
