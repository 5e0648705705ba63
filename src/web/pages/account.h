#ifndef PAGES_ACCOUNT_H
#define PAGES_ACCOUNT_H

#include "web/page.h"

/* One's own account: the page, a new password, logging out everywhere,
 * the time zone and the calendar feed's address (account.c). */
page_fn ui_account, ui_account_password, ui_account_logout_all,
	ui_account_timezone, ui_account_calendar;

#endif
