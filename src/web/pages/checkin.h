#ifndef PAGES_CHECKIN_H
#define PAGES_CHECKIN_H

#include "web/page.h"

/* Check-ins on a plan's milestones: one's own and the save of new
 * ones, and a partner's read-only (checkin.c). */
page_fn ui_checkins, ui_checkin_save, ui_peer_checkins;

#endif
