#ifndef PAGES_PLAN_H
#define PAGES_PLAN_H

#include "web/page.h"

/* "Your plans" and an exercise's history (plan.c). */
page_fn ui_plan, ui_plan_history;

#endif
