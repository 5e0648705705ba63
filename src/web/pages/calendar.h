#ifndef PAGES_CALENDAR_H
#define PAGES_CALENDAR_H

#include "web/page.h"

/* The private calendar feed, GET /feed/TOKEN/alignplan.ics: no login,
 * the token is the key; 410 once revoked (calendar.c). */
page_fn ui_feed;

#endif
