#ifndef ANSWER_VIEW_H
#define ANSWER_VIEW_H

struct buf;
struct prompt;

/* One answer v of prompt p, read-only, the way its kind reads best
 * (answer-view.c); `today` is a day number, for a sprint's dates. */
void plan_answer_view(struct buf *b, const struct prompt *p, const char *v,
		      int today);

#endif
