#ifndef PAGES_REVIEW_H
#define PAGES_REVIEW_H

#include "web/page.h"

/* A cohort's final review, run by a facilitator (review.c). */
page_fn ui_review, ui_review_post;

#endif
