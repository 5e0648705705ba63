#ifndef PAGES_NOTICES_H
#define PAGES_NOTICES_H

#include "web/page.h"

/* Notifications (notices.c): one's list with what is unread, marking
 * them read, the mail one wants of each kind. */
page_fn ui_notices, ui_notices_read, ui_notices_prefs;

#endif
