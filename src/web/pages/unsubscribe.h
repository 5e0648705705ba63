#ifndef PAGES_UNSUBSCRIBE_H
#define PAGES_UNSUBSCRIBE_H

#include "web/page.h"

/* The unsubscribe link of a mail, without logging in (GET: a page with a
 * button; POST: RFC 8058's one click), and the admin's view of the
 * outbox (unsubscribe.c). */
page_fn ui_unsubscribe_form, ui_unsubscribe;
page_fn ui_outbox, ui_outbox_mail;

#endif
