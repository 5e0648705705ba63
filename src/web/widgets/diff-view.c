/*
 * diff-view.c: two texts of an answer compared line by line
 * (model/diff.c), as a <pre class="diff"> of removed and added lines
 * with a little unchanged context: a plan's history, and what bringing
 * one's notes would change.
 */
#include "web/widgets/diff-view.h"

#include "core/html.h"
#include "model/diff.h"
#include "model/kinds/kind.h"

/* A line of the diff, with its marker as text: "+", "−" or a space. */
static void diff_line(struct buf *b, enum diff_op op, struct span l)
{
	static const char *const open[] = {
		[DIFF_EQUAL] = "<span class=\"same\"><span class=\"mark\" "
			       "aria-hidden=\"true\">  </span>",
		[DIFF_REMOVED] = "<del><span class=\"mark\">− </span>",
		[DIFF_ADDED] = "<ins><span class=\"mark\">+ </span>",
	};
	static const char *const close[] = {
		[DIFF_EQUAL] = "</span>\n", [DIFF_REMOVED] = "</del>\n",
		[DIFF_ADDED] = "</ins>\n",
	};

	html_raw(b, open[op]);
	row_text(b, l);
	html_raw(b, close[op]);
}

#define DIFF_CONTEXT 2   /* unchanged lines kept around each change */

void diff_view(struct buf *b, const char *old, size_t old_len,
	       const char *now, size_t now_len)
{
	struct diff d;
	size_t r, i;

	if (diff_lines(old, old_len, now, now_len, &d)) {
		html_raw(b, "<p class=\"error\">These texts are too large to "
			 "compare.</p>");
		return;
	}
	html_raw(b, "<pre class=\"diff\">");
	for (r = 0; r < d.nr_runs; r++) {
		const struct diff_run *run = &d.runs[r];
		const struct span *l = diff_run_lines(&d, run);
		size_t head = r ? DIFF_CONTEXT : 0;
		size_t tail = r + 1 < d.nr_runs ? DIFF_CONTEXT : 0;

		if (run->op != DIFF_EQUAL || run->n <= head + tail + 1) {
			for (i = 0; i < run->n; i++)
				diff_line(b, run->op, l[i]);
			continue;
		}
		/* A long unchanged stretch: its ends, and a count. */
		for (i = 0; i < head; i++)
			diff_line(b, run->op, l[i]);
		html(b, "<span class=\"skipped\">… %d unchanged lines …</span>\n",
		     (int)(run->n - head - tail));
		for (i = run->n - tail; i < run->n; i++)
			diff_line(b, run->op, l[i]);
	}
	html_raw(b, "</pre>");
	if (d.fallback)
		html_raw(b, "<p class=\"meta\">These texts are too long to "
			 "compare line by line: all of the older text is "
			 "shown as removed and all of the newer as "
			 "added.</p>");
	diff_release(&d);
}

