#ifndef PAGES_COHORT_H
#define PAGES_COHORT_H

#include "web/page.h"

/* The cohorts one is in and making one, a cohort's page, invite links
 * and joining by one (cohort.c). */
page_fn ui_cohorts, ui_cohort_create, ui_cohort, ui_invite_add,
	ui_invite_revoke, ui_join_form, ui_join;

#endif
