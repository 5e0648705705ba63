#ifndef MULTIPART_H
#define MULTIPART_H

#include "core/buf.h"

#include <stddef.h>

/*
 * multipart/form-data (RFC 7578), as a browser sends a form with a file
 * input, turned into the urlencoded body every other form is: each
 * part's name and value percent-encoded as name=value, joined by '&'.
 * The router then checks and parses it as it does any form (form.h), so
 * a page reads an uploaded file through page_field() like a text field,
 * and the file is held to the same rule: UTF-8 text or refused.
 *
 * A part with a filename also gives a field "NAME.filename" holding the
 * file's name as the browser sent it.  Parts without a name are
 * skipped.  A part with a filename whose content is not UTF-8 is
 * refused with MULTIPART_FILE_NOT_UTF8, so the visitor can be told it
 * was the file (a Word document, a PDF, an image...), not the form.
 */
enum {
	MULTIPART_BAD = -1,            /* no boundary, or malformed */
	MULTIPART_FILE_NOT_UTF8 = -2,  /* a file that is not UTF-8 text */
	MULTIPART_NOMEM = -3,          /* out's cap or memory */
};

/* Is this Content-Type multipart/form-data (in any case, with
 * parameters)? */
int multipart_is(const char *content_type);
/* Re-encode body[0..len) of that Content-Type into out (appended).
 * Returns 0 or one of the codes above. */
int multipart_to_form(const char *content_type, const char *body,
		      size_t len, struct buf *out);

#endif
