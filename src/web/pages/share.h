#ifndef PAGES_SHARE_H
#define PAGES_SHARE_H

#include "web/page.h"

/* How a plan is shared, and someone's plan read-only, by the cohort or
 * through its link (share.c). */
page_fn ui_share_save, ui_peer_plan, ui_link_plan;

#endif
