#ifndef PAGES_PROFILE_H
#define PAGES_PROFILE_H

#include "web/page.h"

/* One's own directory profile (profile.c): the form, and its save,
 * which is also how one opts in and out. */
page_fn ui_profile, ui_profile_save;

#endif
