#ifndef PAGES_GALLERY_H
#define PAGES_GALLERY_H

#include "web/page.h"

/* The project gallery (gallery.c): published projects, one project's
 * page, and a plan's publishing form. */
page_fn ui_gallery, ui_project, ui_publish_form, ui_publish;

#endif
