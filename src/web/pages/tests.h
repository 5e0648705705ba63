#ifndef PAGES_TESTS_H
#define PAGES_TESTS_H

#include "web/page.h"

/* The cheap-test tracker of a session, /s/N/tests: the page, and a
 * test recorded, changed or deleted (tests.c). */
page_fn ui_tests, ui_tests_save;

#endif
