#ifndef WIDGETS_MATCHING_H
#define WIDGETS_MATCHING_H

#include "model/match.h"
#include "store/store.h"

#include <stdbool.h>

struct buf;
struct agenda_catalog;

/*
 * People as match.c sees them (matching.c): a stored profile with its
 * lists split into the arrays of a struct match_profile.  Only what the
 * person chose to show is there: a hidden list is empty, a hidden
 * "open to" is nothing, and a hidden time zone gives no daytime reason.
 */
struct match_person {
	struct profile p;
	const char *agendas[MATCH_MAX_AGENDAS], *roles[MATCH_MAX_ROLES];
	const char *offers[MATCH_MAX_SKILLS], *wants[MATCH_MAX_SKILLS];
	struct match_profile m;
};

/* Split mp->p (already filled) into mp->m. */
void match_person_init(struct match_person *mp);

/*
 * The best suggestions for `me` (at most `k`, <= MATCH_MAX_SUGGESTIONS)
 * among the opted-in people who share a tag with them (an agenda, a
 * role, a skill one offers and the other wants): at most
 * MATCHING_PER_TAG people per tag are scored, newest profiles first,
 * so that the page costs the same whatever the size of the directory.
 * out[] and *pop (free with free()) are filled; the number is returned,
 * or -1 when the store failed.
 */
#define MATCHING_PER_TAG 64
int matching_suggest(struct store *st, const struct match_person *me,
		     struct match_result *out, size_t k,
		     struct match_person **pop);

/* One result's reasons as an HTML list, from me's point of view; agenda
 * titles from the catalog (c may be NULL). */
void matching_reasons(struct buf *b, const struct match_result *r,
		      const struct agenda_catalog *c);

#endif
