#ifndef PAGES_PEOPLE_H
#define PAGES_PEOPLE_H

#include "web/page.h"

/* The people directory (people.c): suggestions with their reasons,
 * intros, the directory; one person's profile; an intro's steps. */
page_fn ui_people, ui_person, ui_intro;

#endif
