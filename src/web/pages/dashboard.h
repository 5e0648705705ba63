#ifndef PAGES_DASHBOARD_H
#define PAGES_DASHBOARD_H

#include "web/page.h"

/* A cohort at a glance, and its answers as CSV, for its facilitators
 * (dashboard.c). */
page_fn ui_dashboard, ui_answers_csv;

#endif
