#ifndef PAGES_DATES_H
#define PAGES_DATES_H

#include "web/page.h"

/* A cohort's dates: add or delete one (dates.c). */
page_fn ui_cohort_dates;

#endif
