#ifndef PAGES_SESSION_H
#define PAGES_SESSION_H

#include "web/page.h"

/* The home page, a session's page, and the saves of a reading's notes
 * and of the Thoughts section's reflections (session.c). */
page_fn ui_home, ui_session, ui_reading_save, ui_thoughts_save;

#endif
