#ifndef PAGES_STATIC_H
#define PAGES_STATIC_H

#include "web/page.h"

/* The stylesheet and the script, compiled in (static.c). */
page_fn ui_static;

#endif
