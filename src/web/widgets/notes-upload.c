/*
 * notes-upload.c: the "Bring your notes" form, on the session page and
 * again on a page that refused an upload (pages/notes.c).
 */
#include "web/widgets/notes-upload.h"

#include "core/html.h"

void notes_upload_form(struct page *pg, int number, const char *text)
{
	struct buf *b = &pg->rs->body;

	html(b, "<form method=\"post\" action=\"/s/%d/notes\" "
	     "enctype=\"multipart/form-data\" class=\"notes-upload\">",
	     number);
	page_csrf_field(pg);
	html(b, "<p><label for=\"notes-file\">Your notes file (Markdown or "
	     "plain text, UTF-8, under 1 MB)</label>"
	     "<input type=\"file\" id=\"notes-file\" name=\"file\" "
	     "accept=\".md,.markdown,.txt,text/markdown,text/plain\"></p>"
	     "<p><label for=\"notes-text\">or paste them here</label>"
	     "<textarea id=\"notes-text\" name=\"text\" rows=\"6\">%s"
	     "</textarea></p>"
	     "<div class=\"row\"><button type=\"submit\">Preview</button>"
	     "<span class=\"meta\">Nothing is saved until you confirm the "
	     "preview.</span></div></form>", text ? text : "");
}
