#ifndef SVG_H
#define SVG_H

#include "model/answer.h"

struct buf;

/*
 * Charts drawn on the server as inline SVG, through html.h's escaping
 * writer.  Each is an <svg role="img"> with an aria-label that says what
 * it shows in words, and a <title>; nothing is told by colour alone
 * (labels, shapes and words carry it too).
 */

/* A plan's milestones on the sprint's time line.  `p` is a table prompt:
 * its first date column gives each row's day, its first hours column the
 * hours, its first text column (else the first column) the name.  Weeks
 * are ticked from the sprint's start to its end; a milestone after the
 * end is drawn past it, as late; one before the start, before it.  Under
 * it, the hours planned against the budget (weeks x hours a week), with
 * any excess drawn beyond the budget mark. */
void svg_timeline(struct buf *b, const struct prompt *p, const char *answer,
		  const struct sprint *sp);

/* A table's rows (first column) against its scale columns (0..3), as a
 * heat map: each cell shaded and labelled with answer_scale_names. */
void svg_heatmap(struct buf *b, const struct prompt *p, const char *answer);

/* A bar: `done` of `total`, with its label and the count in words. */
void svg_completeness(struct buf *b, const char *label, int done, int total);

#endif
