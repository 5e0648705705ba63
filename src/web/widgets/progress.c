/*
 * progress.c: the progress bar of a session or an exercise: a <progress>
 * with its label and the counts in words, so it is read out as well as
 * seen.
 */
#include "web/widgets/progress.h"

#include "core/html.h"
#include "store/workbook.h"

void progress_bar(struct buf *b, const struct progress *p, const char *id)
{
	int done = p->readings_done + p->prompts_done;
	int total = p->readings + p->prompts;

	html(b, "<div class=\"progress\"><label for=\"%s\">Progress</label>"
	     "<progress id=\"%s\" max=\"%d\" value=\"%d\">%d of %d</progress>"
	     "<span>", id, id, total ? total : 1, done, done, total);
	if (p->readings)
		html(b, "%d of %d readings done · ", p->readings_done,
		     p->readings);
	html(b, "%d of %d prompts answered", p->prompts_done, p->prompts);
	if (p->optional)
		html(b, " · optional prompts: %d of %d answered",
		     p->optional_done, p->optional);
	html_raw(b, "</span></div>");
}
