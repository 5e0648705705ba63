#ifndef PAGES_NOTICES_H
#define PAGES_NOTICES_H

#include "web/page.h"

/* Notifications (notices.c): one's list with what is unread, marking
 * them read, the mail one wants of each kind; the unsubscribe link of a
 * mail, without logging in (GET: a page with a button; POST: RFC 8058's
 * one click); the admin's view of the outbox. */
page_fn ui_notices, ui_notices_read, ui_notices_prefs;
page_fn ui_unsubscribe_form, ui_unsubscribe;
page_fn ui_outbox, ui_outbox_mail;

#endif
