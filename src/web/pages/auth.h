#ifndef PAGES_AUTH_H
#define PAGES_AUTH_H

#include "web/page.h"

/* Sign up, log in, log out (auth.c). */
page_fn ui_signup_form, ui_signup, ui_login_form, ui_login, ui_logout;

#endif
