/*
 * Matching people by an explainable score (match.h): shared agendas and
 * roles, complementary skills, mentoring with a place left, a partner
 * wanted on both sides, and shared daytime across time zones.  Pure
 * functions: nothing is allocated, nothing is stored.
 */
#include "model/match.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

static const char *const reason_names[] = {
	[MATCH_SHARED_AGENDA] = "shared-agenda",
	[MATCH_SHARED_ROLE] = "shared-role",
	[MATCH_THEY_OFFER] = "they-offer",
	[MATCH_YOU_OFFER] = "you-offer",
	[MATCH_THEY_MENTOR] = "they-mentor",
	[MATCH_YOU_MENTOR] = "you-mentor",
	[MATCH_PARTNER] = "partner",
	[MATCH_DAYTIME] = "daytime",
};

const char *match_reason_name(enum match_reason_kind k)
{
	return (unsigned)k < sizeof(reason_names) / sizeof(reason_names[0]) ?
		reason_names[k] : "unknown";
}

/* s without the blanks around it: start in *s, length returned. */
static size_t trimmed(const char **s)
{
	size_t n;

	while (**s == ' ' || **s == '\t')
		(*s)++;
	n = strlen(*s);
	while (n && ((*s)[n - 1] == ' ' || (*s)[n - 1] == '\t'))
		n--;
	return n;
}

/* The same tag: ASCII case and surrounding blanks ignored. */
static int tag_eq(const char *a, const char *b)
{
	size_t na = trimmed(&a), nb = trimmed(&b);

	return na == nb && !strncasecmp(a, b, na);
}

static size_t capped(size_t n, size_t cap)
{
	return n < cap ? n : cap;
}

/* Is v[i] in w (exact, or as a tag)? */
static int member(const char *s, const char *const *w, size_t nw, int exact)
{
	size_t j;

	for (j = 0; j < nw; j++)
		if (exact ? !strcmp(s, w[j]) : tag_eq(s, w[j]))
			return 1;
	return 0;
}

const char *match_profile_problem(const struct match_profile *p)
{
	const struct {
		const char *const *v;
		size_t n, cap;
	} lists[] = {
		{ p->agendas, p->nr_agendas, MATCH_MAX_AGENDAS },
		{ p->roles, p->nr_roles, MATCH_MAX_ROLES },
		{ p->offers, p->nr_offers, MATCH_MAX_SKILLS },
		{ p->wants, p->nr_wants, MATCH_MAX_SKILLS },
	};
	size_t i, j;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		if (lists[i].n > lists[i].cap)
			return "a list of the profile is over its cap";
		if (lists[i].n && !lists[i].v)
			return "a list of the profile is missing";
		for (j = 0; j < lists[i].n; j++) {
			const char *s = lists[i].v[j];

			if (!s || !trimmed(&s))
				return "a list of the profile has an empty entry";
		}
	}
	if (p->utc_offset < -720 || p->utc_offset > 840)
		return "the time zone is not between UTC-12:00 and UTC+14:00";
	if (p->mentor_capacity < 0 || p->mentees < 0)
		return "mentor capacity and mentees cannot be negative";
	return NULL;
}

/* Overlap in minutes of [a, a+len) and [b, b+len) on a 1440-minute day. */
static int circle_overlap(int a, int b, int len)
{
	int k, total = 0;

	for (k = -1; k <= 1; k++) {
		int lo = a > b + k * 1440 ? a : b + k * 1440;
		int hi = a + len < b + k * 1440 + len ? a + len :
			b + k * 1440 + len;

		if (hi > lo)
			total += hi - lo;
	}
	return total;
}

int match_daytime_overlap(int utc_offset_a, int utc_offset_b)
{
	/* Each day in UTC minutes, both starts brought into [0, 1440). */
	int a = ((MATCH_DAY_START - utc_offset_a) % 1440 + 1440) % 1440;
	int b = ((MATCH_DAY_START - utc_offset_b) % 1440 + 1440) % 1440;

	return circle_overlap(a, b, MATCH_DAY_END - MATCH_DAY_START);
}

static void add_reason(struct match_result *r, enum match_reason_kind kind,
		       const char *what, int n, int points)
{
	if (r->nr_reasons < MATCH_MAX_REASONS) {
		r->reasons[r->nr_reasons++] = (struct match_reason){
			kind, what, n, points
		};
		r->score += points;
	}
}

/*
 * One reason for each distinct item of v (me's list, as far as its cap)
 * that w (theirs) has too.  Returns how many.
 */
static int common(struct match_result *r, enum match_reason_kind kind,
		  const char *const *v, size_t nv, const char *const *w,
		  size_t nw, size_t cap, int exact, int points)
{
	size_t i;
	int found = 0;

	nv = capped(nv, cap);
	nw = capped(nw, cap);
	for (i = 0; i < nv; i++) {
		if (member(v[i], v, i, exact) || !member(v[i], w, nw, exact))
			continue;   /* said already, or not theirs */
		add_reason(r, kind, v[i], 0, points);
		found++;
	}
	return found;
}

/* Places a mentor has left. */
static int places(const struct match_profile *p)
{
	return p->mentor_capacity > p->mentees ?
		p->mentor_capacity - p->mentees : 0;
}

/* The "open to" reasons; returns whether any applies. */
static int purpose(const struct match_profile *me,
		   const struct match_profile *them, struct match_result *r)
{
	int any = 0;

	if ((me->open & MATCH_OPEN_MENTEE) && (them->open & MATCH_OPEN_MENTOR) &&
	    places(them)) {
		add_reason(r, MATCH_THEY_MENTOR, NULL, places(them),
			   MATCH_PTS_MENTOR);
		any = 1;
	}
	if ((me->open & MATCH_OPEN_MENTOR) && (them->open & MATCH_OPEN_MENTEE) &&
	    places(me)) {
		add_reason(r, MATCH_YOU_MENTOR, NULL, places(me),
			   MATCH_PTS_MENTOR);
		any = 1;
	}
	if ((me->open & MATCH_OPEN_PARTNER) && (them->open & MATCH_OPEN_PARTNER)) {
		add_reason(r, MATCH_PARTNER, NULL, 0, MATCH_PTS_PARTNER);
		any = 1;
	}
	return any;
}

int match_score(const struct match_profile *me,
		const struct match_profile *them, struct match_result *out)
{
	int shared, fits, minutes;

	out->who = them;
	out->score = 0;
	out->nr_reasons = 0;
	shared = common(out, MATCH_SHARED_AGENDA, me->agendas, me->nr_agendas,
			them->agendas, them->nr_agendas, MATCH_MAX_AGENDAS, 1,
			MATCH_PTS_AGENDA);
	shared += common(out, MATCH_SHARED_ROLE, me->roles, me->nr_roles,
			 them->roles, them->nr_roles, MATCH_MAX_ROLES, 0,
			 MATCH_PTS_ROLE);
	shared += common(out, MATCH_THEY_OFFER, me->wants, me->nr_wants,
			 them->offers, them->nr_offers, MATCH_MAX_SKILLS, 0,
			 MATCH_PTS_SKILL);
	shared += common(out, MATCH_YOU_OFFER, me->offers, me->nr_offers,
			 them->wants, them->nr_wants, MATCH_MAX_SKILLS, 0,
			 MATCH_PTS_SKILL);
	fits = purpose(me, them, out);
	minutes = match_daytime_overlap(me->utc_offset, them->utc_offset);
	if (minutes > 0)
		add_reason(out, MATCH_DAYTIME, NULL, minutes,
			   MATCH_PTS_HOUR * minutes / 60);
	out->eligible = me != them && me->id != them->id && fits && shared;
	return out->score;
}

/* A candidate kept while scanning: enough to order it and score it again. */
struct cand {
	int score;
	long long id;
	size_t at;   /* index in the population */
};

/* Does a rank before b: a higher score, or the same and a lower id? */
static int before(const struct cand *a, const struct cand *b)
{
	return a->score > b->score || (a->score == b->score && a->id < b->id);
}

size_t match_suggest(const struct match_profile *me,
		     const struct match_profile *pop, size_t n,
		     struct match_result *out, size_t k)
{
	struct cand best[MATCH_MAX_SUGGESTIONS];
	struct match_result r;
	size_t i, have = 0;

	if (k > MATCH_MAX_SUGGESTIONS)
		k = MATCH_MAX_SUGGESTIONS;
	for (i = 0; i < n && k; i++) {
		struct cand c;
		size_t pos;

		match_score(me, &pop[i], &r);
		if (!r.eligible)
			continue;
		c = (struct cand){ r.score, pop[i].id, i };
		if (have == k && !before(&c, &best[k - 1]))
			continue;   /* the usual case once the list is full */
		pos = have < k ? have++ : k - 1;
		for (; pos > 0 && before(&c, &best[pos - 1]); pos--)
			best[pos] = best[pos - 1];
		best[pos] = c;
	}
	/* The winners' reasons: scored again, k pairs at most. */
	for (i = 0; i < have; i++)
		match_score(me, &pop[best[i].at], &out[i]);
	return have;
}
