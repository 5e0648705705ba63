#ifndef PAGES_ACCOUNT_H
#define PAGES_ACCOUNT_H

#include "web/page.h"

/* One's own account: the page, a new password, logging out everywhere
 * (account.c). */
page_fn ui_account, ui_account_password, ui_account_logout_all;

#endif
