#ifndef WIDGETS_PLAN_TAGS_H
#define WIDGETS_PLAN_TAGS_H

#include "model/opp-rank.h"
#include "store/store.h"

struct session;
struct exercise;

/*
 * The research agendas and roles one person named, for "for your plan"
 * on the opportunities board (plan-tags.c, model/opp-rank.h): their
 * answers to the agendas prompts and to the career plan's roles prompt
 * (the prompt named "roles"; its exercise is the career plan, any other
 * with an agendas prompt the project plan) of each session that has
 * such prompts, one answer list each (session 7 alone in the shipped
 * course); and, when they opted in to the directory, their profile's
 * agendas and roles.  Nothing of anyone else is read.
 */
struct plan_where {
	const struct session *s;        /* the first such session, or NULL */
	const struct exercise *career;  /* its exercise with "roles" */
	const struct exercise *project; /* its other one with agendas */
};

/* Fill *me (initialised here) and *where; STORE_OK, or the store's
 * failure. */
int plan_tags_read(struct store *st, int64_t user, struct opp_me *me,
		   struct plan_where *where);

#endif
