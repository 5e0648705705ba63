#ifndef PAGES_DASHBOARD_H
#define PAGES_DASHBOARD_H

#include "web/page.h"

/* A cohort at a glance, and its answers as CSV, for its facilitators
 * (dashboard.c). */
page_fn ui_dashboard, ui_answers_csv;
/* The dashboard's reads sent ahead of the router's check of the viewer,
 * in its round trip, when the copy kept is likely stale (router.c). */
page_fn ui_dashboard_ahead;

#endif
