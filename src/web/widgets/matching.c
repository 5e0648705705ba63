/*
 * matching.c: suggestions for the people page (matching.h): stored
 * profiles turned into match.c's, the candidates looked up by the
 * viewer's tags (never a walk of the whole directory), scored by
 * match_suggest(), and each reason said in words.
 */
#include "web/widgets/matching.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/agenda.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split `s` at its newlines in place into at most `max` entries. */
static size_t split(char *s, const char **v, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		char *nl = strchr(s, '\n');

		if (nl)
			*nl = '\0';
		if (*s)
			v[n++] = s;
		if (!nl)
			break;
		s = nl + 1;
	}
	return n;
}

void match_person_init(struct match_person *mp)
{
	struct profile *p = &mp->p;
	struct match_profile *m = &mp->m;

	memset(m, 0, sizeof(*m));
	m->id = p->user;
	m->agendas = mp->agendas;
	m->roles = mp->roles;
	m->offers = mp->offers;
	m->wants = mp->wants;
	if (p->shown & SHOW_AGENDAS)
		m->nr_agendas = split(p->agendas, mp->agendas,
				      MATCH_MAX_AGENDAS);
	if (p->shown & SHOW_ROLES)
		m->nr_roles = split(p->roles, mp->roles, MATCH_MAX_ROLES);
	if (p->shown & SHOW_SKILLS) {
		m->nr_offers = split(p->offers, mp->offers, MATCH_MAX_SKILLS);
		m->nr_wants = split(p->wants, mp->wants, MATCH_MAX_SKILLS);
	}
	m->utc_offset = p->utc_offset;
	if (p->shown & SHOW_OPEN) {
		m->open = p->open;
		m->mentor_capacity = p->mentor_capacity;
	}
}

/* Collecting candidates: each person once. */
struct cands {
	struct match_person *v;
	size_t n, cap;
	int64_t me;
	int err;
};

static int on_cand(void *ctx, const struct profile *p)
{
	struct cands *c = ctx;
	size_t i;

	if (p->user == c->me)
		return 0;
	for (i = 0; i < c->n; i++)
		if (c->v[i].p.user == p->user)
			return 0;
	if (c->n == c->cap)
		return 1;
	c->v[c->n].p = *p;
	match_person_init(&c->v[c->n]);
	c->n++;
	return 0;
}

/* The candidates of one tag kind: for each of my entries, the people
 * whose tag `want` + entry is. */
static int by_tags(struct store *st, struct cands *c, char want,
		   const char *const *v, size_t n)
{
	char tag[PROFILE_LINE_MAX + 3];
	size_t i, j;

	for (i = 0; i < n; i++) {
		tag[0] = want;
		tag[1] = ':';
		for (j = 0; v[i][j] && j < PROFILE_LINE_MAX; j++)
			tag[2 + j] = (char)tolower((unsigned char)v[i][j]);
		tag[2 + j] = '\0';
		if (store_profile_by_tag(st, tag, MATCHING_PER_TAG, on_cand,
					 c) != STORE_OK)
			return -1;
	}
	return 0;
}

int matching_suggest(struct store *st, const struct match_person *me,
		     struct match_result *out, size_t k,
		     struct match_person **pop)
{
	const struct match_profile *m = &me->m;
	struct cands c = { .me = m->id };
	struct match_profile *mp;
	size_t i, got;

	c.cap = (m->nr_agendas + m->nr_roles + m->nr_offers + m->nr_wants) *
		MATCHING_PER_TAG;
	*pop = NULL;
	if (!c.cap)
		return 0;
	if (!(c.v = malloc(c.cap * sizeof(*c.v))))
		return -1;
	if (by_tags(st, &c, 'a', m->agendas, m->nr_agendas) ||
	    by_tags(st, &c, 'r', m->roles, m->nr_roles) ||
	    by_tags(st, &c, 'w', m->offers, m->nr_offers) ||
	    by_tags(st, &c, 'o', m->wants, m->nr_wants)) {
		free(c.v);
		return -1;
	}
	/* The profiles match_suggest() walks, pointing into c.v. */
	if (!(mp = malloc((c.n ? c.n : 1) * sizeof(*mp)))) {
		free(c.v);
		return -1;
	}
	for (i = 0; i < c.n; i++) {
		/* the arrays moved with the copy: point them again */
		c.v[i].m.agendas = c.v[i].agendas;
		c.v[i].m.roles = c.v[i].roles;
		c.v[i].m.offers = c.v[i].offers;
		c.v[i].m.wants = c.v[i].wants;
		mp[i] = c.v[i].m;
	}
	got = match_suggest(m, mp, c.n, out, k);
	/* Results point into mp; map them back onto the people. */
	for (i = 0; i < got; i++)
		out[i].who = &c.v[out[i].who - mp].m;
	free(mp);
	*pop = c.v;
	return (int)got;
}

static const char *agenda_title(const struct agenda_catalog *c,
				const char *id)
{
	const struct agenda *a = c ? agenda_find(c, id) : NULL;

	return a ? a->title : id;
}

void matching_reasons(struct buf *b, const struct match_result *r,
		      const struct agenda_catalog *c)
{
	size_t i;

	html_raw(b, "<ul class=\"reasons\">");
	for (i = 0; i < r->nr_reasons; i++) {
		const struct match_reason *x = &r->reasons[i];

		html_raw(b, "<li>");
		switch (x->kind) {
		case MATCH_SHARED_AGENDA:
			html(b, "You both work on %s",
			     agenda_title(c, x->what));
			break;
		case MATCH_SHARED_ROLE:
			html(b, "You both aim at the role %s", x->what);
			break;
		case MATCH_THEY_OFFER:
			html(b, "They offer %s, which you want", x->what);
			break;
		case MATCH_YOU_OFFER:
			html(b, "You offer %s, which they want", x->what);
			break;
		case MATCH_THEY_MENTOR:
			html(b, "They mentor (%d place%s left) and you want a "
			     "mentor", x->n, x->n == 1 ? "" : "s");
			break;
		case MATCH_YOU_MENTOR:
			html(b, "You mentor (%d place%s left) and they want a "
			     "mentor", x->n, x->n == 1 ? "" : "s");
			break;
		case MATCH_PARTNER:
			html(b, "You both look for a project partner");
			break;
		case MATCH_DAYTIME:
			html(b, "%d hours of shared daytime", x->n / 60);
			break;
		}
		html(b, " <span class=\"meta\">(+%d)</span></li>", x->points);
	}
	html_raw(b, "</ul>");
}
