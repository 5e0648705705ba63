#ifndef CALENDAR_SETTINGS_H
#define CALENDAR_SETTINGS_H

#include <stdint.h>

struct page;

/*
 * The account page's time zone and private calendar feed sections
 * (calendar-settings.c, docs/calendar.md).  tz_error (or NULL) is said
 * above the time zone form, with the name typed kept in it (typed, or
 * NULL for the stored one).
 */
void calendar_settings(struct page *pg, const char *tz_error,
		       const char *typed);

/* The zone a person's calendar is in: their setting, or "UTC". */
void calendar_zone(struct page *pg, int64_t user, char out[65]);

#endif
