#ifndef PAGES_NUDGE_H
#define PAGES_NUDGE_H

#include "web/page.h"

/* A facilitator's nudge of a participant (nudge.c). */
page_fn ui_nudge;

#endif
