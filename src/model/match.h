#ifndef MATCH_H
#define MATCH_H

#include <stddef.h>

/*
 * Matching people who opted in to the directory (issue 13): pure functions
 * over profiles the caller has loaded, no store, no allocation.
 *
 * A pair's score is a sum of points, and every point comes with a reason
 * the page can show ("You both work on interpretability; she offers
 * Python, which you want; 13 h of shared daytime").  Reasons are told
 * from the point of view of `me`, the person asking.
 *
 * Cost: scoring a pair compares the two profiles' lists, each capped
 * (MATCH_MAX_*), so it is bounded by a constant; match_suggest() scores
 * every profile of the population once and keeps the best `k` (k at most
 * MATCH_MAX_SUGGESTIONS) in order: O(N * k) in the worst case and O(N)
 * once the list is full of better ones.  Linear in the population.
 */

/* Caps of a profile; match_profile_problem() refuses more, and scoring
 * looks no further than these. */
#define MATCH_MAX_AGENDAS 10
#define MATCH_MAX_ROLES 5
#define MATCH_MAX_SKILLS 20        /* offered, and wanted */
#define MATCH_MAX_SUGGESTIONS 50

/* What a person is open to. */
enum {
	MATCH_OPEN_PARTNER = 1,    /* a project partner or team */
	MATCH_OPEN_MENTOR = 2,     /* mentoring someone */
	MATCH_OPEN_MENTEE = 4,     /* being mentored */
};

struct match_profile {
	long long id;              /* the person (the store's user id) */
	const char *const *agendas;   /* agenda ids (catalog) */
	size_t nr_agendas;
	const char *const *roles;     /* roles aimed at */
	size_t nr_roles;
	const char *const *offers;    /* skills offered */
	size_t nr_offers;
	const char *const *wants;     /* skills wanted */
	size_t nr_wants;
	int utc_offset;            /* minutes east of UTC: -720 .. 840 */
	unsigned open;             /* MATCH_OPEN_* */
	int mentor_capacity;       /* mentees they take at most */
	int mentees;               /* mentees they have now */
};

/* Points per reason: the weights, in one place. */
#define MATCH_PTS_AGENDA 30        /* each agenda both work on */
#define MATCH_PTS_ROLE 10          /* each role both aim at */
#define MATCH_PTS_SKILL 20         /* each skill one offers, the other wants */
#define MATCH_PTS_MENTOR 25        /* a mentor with a place for a mentee */
#define MATCH_PTS_PARTNER 10       /* both look for a project partner */
#define MATCH_PTS_HOUR 2           /* each hour of shared daytime */

/* Waking hours, local time, for the time-zone overlap: 08:00 to 22:00. */
#define MATCH_DAY_START (8 * 60)
#define MATCH_DAY_END (22 * 60)

enum match_reason_kind {
	MATCH_SHARED_AGENDA,       /* you both work on `what` (an agenda id) */
	MATCH_SHARED_ROLE,         /* you both aim at role `what` */
	MATCH_THEY_OFFER,          /* they offer `what`, which you want */
	MATCH_YOU_OFFER,           /* you offer `what`, which they want */
	MATCH_THEY_MENTOR,         /* they mentor and you want a mentor;
				    * `n` places left with them */
	MATCH_YOU_MENTOR,          /* you mentor and they want a mentor;
				    * `n` places left with you */
	MATCH_PARTNER,             /* you both look for a project partner */
	MATCH_DAYTIME,             /* `n` minutes of shared daytime */
};

struct match_reason {
	enum match_reason_kind kind;
	const char *what;          /* points into a profile, or NULL */
	int n;
	int points;
};

#define MATCH_MAX_REASONS (MATCH_MAX_AGENDAS + MATCH_MAX_ROLES + \
			   2 * MATCH_MAX_SKILLS + 4)

/* One scored pair: every point has its reason, in the order of the enum
 * above (and, within a kind, in the order of me's lists). */
struct match_result {
	const struct match_profile *who;
	int score;                 /* the sum of the reasons' points */
	int eligible;              /* a suggestion (see match_score) */
	struct match_reason reasons[MATCH_MAX_REASONS];
	size_t nr_reasons;
};

/*
 * What is wrong with profile `p`, or NULL: a list over its cap, a list
 * with a NULL or empty entry, an offset outside -12:00..+14:00, negative
 * capacity or mentees.  The answer is a constant string.
 */
const char *match_profile_problem(const struct match_profile *p);

/*
 * Score the pair (me, them) into *out, and return the score.  Lists are
 * compared ignoring ASCII case and surrounding blanks, agendas exactly.
 * The pair is `eligible` as a suggestion when they are different people,
 * what they are open to fits (both want a partner, or one mentors with a
 * place left and the other wants a mentor) and they share an agenda or a
 * role or complement each other's skills; time zones alone never make a
 * suggestion.  The score is symmetric: score(a, b) == score(b, a).
 */
int match_score(const struct match_profile *me,
		const struct match_profile *them, struct match_result *out);

/*
 * The best `k` eligible suggestions for `me` among the `n` profiles of
 * `pop` (me may be among them), highest score first, ties by lower id:
 * written to out[0..], their number returned.  k is capped at
 * MATCH_MAX_SUGGESTIONS.  `pop` must outlive the results (they point
 * into it).
 */
size_t match_suggest(const struct match_profile *me,
		     const struct match_profile *pop, size_t n,
		     struct match_result *out, size_t k);

/* Minutes both are between MATCH_DAY_START and MATCH_DAY_END local time,
 * over one day: 0 .. 840. */
int match_daytime_overlap(int utc_offset_a, int utc_offset_b);

/* "shared-agenda", "they-offer", ...: for JSON and templates. */
const char *match_reason_name(enum match_reason_kind k);

#endif
