#ifndef PAGES_NOTES_H
#define PAGES_NOTES_H

#include "web/page.h"

/* "Bring your notes" (notes.c): the preview of an upload, and its
 * confirm. */
page_fn ui_notes_preview, ui_notes_confirm;

#endif
