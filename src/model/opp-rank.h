#ifndef OPP_RANK_H
#define OPP_RANK_H

#include "model/agenda.h"
#include "model/opportunity.h"

#include <stddef.h>

struct buf;

/*
 * "For your plan" (issue 13): the openings of the board ranked for one
 * person by the research agendas and roles they named, each with its
 * reason.  Pure functions over what the caller has read, like match.h:
 * no store, and nothing allocated while ranking.
 *
 * The person (struct opp_me) is the agendas and role lines of their plan
 * and, when they opted in to the directory, of their profile, each with
 * where it came from (OPP_FROM_*).  An opening scores
 *
 *   OPP_PTS_AGENDA  for each of the person's agendas it lists,
 *   OPP_PTS_ROLE    for each of its roles the person names,
 *   OPP_PTS_REMOTE  when it is remote,
 *   OPP_PTS_SOON    when its deadline is at most OPP_SOON_DAYS away,
 *
 * and is ranked only when it shares an agenda or a role: remote and a
 * near deadline only order the ones that do.
 *
 * Agendas are ids, compared exactly.  Roles are free text on both sides
 * ("Research engineer" on the opening; "Research engineer" ticked, or "a
 * research engineer at a lab" typed in the plan), so they are compared
 * normalised: ASCII letters lowercased, every run of blanks and ASCII
 * punctuation one space, trimmed (bytes of UTF-8 are kept as they are);
 * an opening's role matches a line of the person's when it is contained
 * in the line as whole words, a plural 's' after it allowed: "research
 * engineer" matches the lines "Research engineer", "ML research
 * engineers" and "I want to be a research-engineer", not "engineer"
 * alone nor "research engineering" (and an opening for "Engineer"
 * matches the line "Research engineer").  Only the first
 * OPP_RANK_ROLE_MAX bytes of a line count.
 *
 * Cost: scoring an opening compares its lists (at most OPP_MAX_TAGS
 * each) with the person's (capped below): bounded by a constant.  The
 * top K are kept as the openings come (opp_top_offer(), one at a time,
 * as a store walk gives them): linear in the openings, and an opening's
 * strings are copied only when it enters the top K.
 */

#define OPP_RANK_MAX_AGENDAS 20     /* the person's, plan and profile */
#define OPP_RANK_MAX_ROLES 20       /* the person's role lines */
#define OPP_RANK_ROLE_MAX 120       /* bytes of a role line compared */
#define OPP_RANK_MAX_TOP 20         /* K */
#define OPP_SOON_DAYS 14

/* Points per reason: the weights, in one place. */
#define OPP_PTS_AGENDA 30
#define OPP_PTS_ROLE 20
#define OPP_PTS_REMOTE 5
#define OPP_PTS_SOON 5

/* Where the person named an agenda or a role. */
enum {
	OPP_FROM_CAREER = 1,        /* the career plan (its roles prompt) */
	OPP_FROM_PROJECT = 2,       /* the project plan (its agendas) */
	OPP_FROM_PROFILE = 4,       /* their directory profile */
};

struct opp_me {
	char agendas[OPP_RANK_MAX_AGENDAS][AGENDA_ID_MAX + 1];
	unsigned agenda_from[OPP_RANK_MAX_AGENDAS];
	size_t nr_agendas;
	char roles[OPP_RANK_MAX_ROLES][OPP_RANK_ROLE_MAX + 1]; /* normalised */
	unsigned role_from[OPP_RANK_MAX_ROLES];
	size_t nr_roles;
};

void opp_me_init(struct opp_me *me);
/* Add the agenda ids of `lines` (one a line; what is not an agenda id
 * is skipped; one named again only adds `from`), as far as the cap. */
void opp_me_agendas(struct opp_me *me, const char *lines, unsigned from);
/* Add the role lines of `lines` (normalised; empty ones skipped), the
 * same way. */
void opp_me_roles(struct opp_me *me, const char *lines, unsigned from);

enum opp_reason_kind {
	OPP_AGENDA,     /* it is on agenda `what` (the person's id) */
	OPP_ROLE,       /* it is for role `what` (`len` bytes of its list),
			 * which the person names */
	OPP_REMOTE,     /* it is remote */
	OPP_SOON,       /* its deadline is in `n` days */
};

struct opp_reason {
	enum opp_reason_kind kind;
	const char *what;
	size_t len;
	unsigned from;  /* OPP_FROM_*: where the person named it */
	int n;
	int points;
};

#define OPP_MAX_REASONS (2 * OPP_MAX_TAGS + 2)

/* One opening scored: every point has its reason, agendas first (in the
 * person's order), then roles (in the opening's), remote, deadline. */
struct opp_score {
	int score;
	int eligible;   /* shares an agenda or a role */
	struct opp_reason reasons[OPP_MAX_REASONS];
	size_t nr_reasons;
};

/* Score opening `o` for `me` on day `today` into *out; the score. */
int opp_score(const struct opp_me *me, const struct opportunity *o,
	      int today, struct opp_score *out);

/* One of the top K: the opening with its strings copied (each within
 * the import's caps), and its score, whose reasons point into it. */
#define OPP_RANKED_TEXT (6 * (OPP_MAX_FIELD + 1) + OPP_MAX_URL + 1)
struct opp_ranked {
	struct opportunity o;
	struct opp_score s;
	char text[OPP_RANKED_TEXT];
};

/*
 * The top K so far.  Ranked: the higher score first, then the sooner
 * deadline (none: last), then the lower id.  Large (K slots of
 * struct opp_ranked): allocate it once, before the walk.
 */
struct opp_top {
	const struct opp_me *me;
	int today;
	size_t k, n;
	unsigned char order[OPP_RANK_MAX_TOP];  /* slots, best first */
	struct opp_ranked slot[OPP_RANK_MAX_TOP];
};

/* Start a top `k` (capped at OPP_RANK_MAX_TOP) for `me` (which must
 * outlive it) on day `today`. */
void opp_top_init(struct opp_top *t, const struct opp_me *me, int today,
		  size_t k);
/* Score `o` and keep it if it is among the best k so far.  Its strings
 * need to live only during the call. */
void opp_top_offer(struct opp_top *t, const struct opportunity *o);
/* The i-th best (i < t->n). */
const struct opp_ranked *opp_top_get(const struct opp_top *t, size_t i);
/* When the walk read only what scoring needs (the store's narrow walk),
 * give each kept one whole again: o replaces the kept opening of its id
 * (scored again, the same score).  Returns whether one had its id. */
int opp_top_fill(struct opp_top *t, const struct opportunity *o);

/*
 * The reasons of `s` in plain words (not HTML: escape them) appended to
 * out, with the points of each: "On Interpretability and Evaluations,
 * which your project plan picks (+60); for research engineer, a role in
 * your career plan (+20); remote (+5)."  Agenda titles from the catalog
 * `c` (may be NULL: the ids).
 */
void opp_why(struct buf *out, const struct opp_score *s,
	     const struct agenda_catalog *c);

#endif
