#ifndef WIDGETS_NOTES_UPLOAD_H
#define WIDGETS_NOTES_UPLOAD_H

#include "web/page.h"

/*
 * "Bring your notes" (notes-upload.c): the form in which a participant
 * uploads or pastes their own Markdown notes of session `number`, for a
 * preview (POST /s/N/notes).  A plain multipart form: it needs no
 * JavaScript.  `text` is put back in the paste box (NULL: empty), so a
 * refused upload loses nothing typed.
 */
void notes_upload_form(struct page *pg, int number, const char *text);

#endif
