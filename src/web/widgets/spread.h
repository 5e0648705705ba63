#ifndef WIDGETS_SPREAD_H
#define WIDGETS_SPREAD_H

#include "model/agenda.h"

#include <stddef.h>

struct buf;

/*
 * The spread of a cohort over research agendas (spread.c), for the
 * facilitator's dashboard: how many participants picked each agenda in
 * a prompt of the agendas kind.  Counted while the dashboard reads the
 * answers; at most SPREAD_MAX distinct ids are counted (the catalog's
 * own cap), more are counted together as "others".
 */
#define SPREAD_MAX AGENDA_MAX_AGENDAS

struct spread_entry {
	char id[AGENDA_ID_MAX + 1];
	int n;
	unsigned last;       /* the participant who counted last (+1) */
};

struct spread {
	struct spread_entry v[SPREAD_MAX];
	size_t n;
	int others;
	int people;          /* participants with at least one pick */
};

/* Count the ids of one agendas answer (`len` bytes, one id a line) for
 * participant number `who` (0, 1, ...): each agenda once per person,
 * whatever the number of prompts they picked it in. */
void spread_add(struct spread *sp, unsigned who, const char *value,
		size_t len);
/* The spread as a table, most picked first, titles from the catalog
 * (c may be NULL: ids then); `participants` of the cohort. */
void spread_html(struct buf *b, const struct spread *sp,
		 const struct agenda_catalog *c, int participants);

#endif
