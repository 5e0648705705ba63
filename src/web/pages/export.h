#ifndef PAGES_EXPORT_H
#define PAGES_EXPORT_H

#include "web/page.h"

/* A participant's plans as a download (export.c). */
page_fn ui_export;

#endif
