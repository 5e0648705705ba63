#ifndef WIDGETS_SPREAD_H
#define WIDGETS_SPREAD_H

#include "model/agenda.h"

#include <stddef.h>

struct buf;

/*
 * The spread of a cohort (spread.c), for the facilitator's dashboard:
 * how many participants picked each research agenda in a prompt of the
 * agendas kind, or each role in the career plan's roles prompt (one
 * ticked or written a line).  Counted while the dashboard reads the
 * answers; at most SPREAD_MAX distinct lines of at most SPREAD_KEY_MAX
 * bytes are counted (the catalog's own cap), more and longer ones are
 * counted together as "others".
 */
#define SPREAD_MAX AGENDA_MAX_AGENDAS
#define SPREAD_KEY_MAX 120

struct spread_entry {
	char id[SPREAD_KEY_MAX + 1];
	int n;
	unsigned last;       /* the participant who counted last (+1) */
};

struct spread {
	struct spread_entry v[SPREAD_MAX];
	size_t n;
	int others;
	int people;          /* participants with at least one pick */
};

/* Count the lines of one answer (`len` bytes: agenda ids, or roles)
 * for participant number `who` (0, 1, ...): each line once per person,
 * whatever the number of prompts they picked it in. */
void spread_add(struct spread *sp, unsigned who, const char *value,
		size_t len);
/* The spread over agendas as a table, most picked first, titles from
 * the catalog (c may be NULL: ids then); `participants` of the cohort. */
void spread_html(struct buf *b, const struct spread *sp,
		 const struct agenda_catalog *c, int participants);
/* The spread over roles, the same way. */
void spread_roles_html(struct buf *b, const struct spread *sp,
		       int participants);

#endif
