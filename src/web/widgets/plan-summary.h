#ifndef PLAN_SUMMARY_H
#define PLAN_SUMMARY_H

#include "model/answer.h"

#include <stdbool.h>

struct buf;
struct exercise;
struct session;

/* The body of "Your plans" for any session and answer source (the page,
 * and tests with a hand-built session); `today` is a day number. */
void plan_summary(struct buf *b, const struct session *s,
		  answer_get_fn *get, void *ctx, int today);
/* Does the exercise have a prompt whose field is more than a text box
 * (declared by an annotation, or of a kind flagged KIND_PLAN)?  Only those
 * exercises are plans to sum up, share and comment on. */
bool plan_has_typed(const struct exercise *e);

#endif
