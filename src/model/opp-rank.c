/*
 * opp-rank.c: openings ranked for one person's plan (opp-rank.h): the
 * agendas and roles they named against each opening's, a little for
 * remote and a near deadline, every point with its reason.  Nothing is
 * allocated: the person and the top K live in the caller's structs.
 */
#include "model/opp-rank.h"

#include "core/buf.h"

#include <stdio.h>
#include <string.h>

/* ---- the person ---- */

void opp_me_init(struct opp_me *me)
{
	memset(me, 0, sizeof(*me));
}

/* The next line of *s (without its '\n') into *p, *n; false at the end. */
static int next_line(const char **s, const char **p, size_t *n)
{
	const char *nl;

	if (!**s)
		return 0;
	*p = *s;
	nl = strchr(*s, '\n');
	*n = nl ? (size_t)(nl - *s) : strlen(*s);
	*s += *n + (nl != NULL);
	return 1;
}

/* s (n bytes) without the blanks around it. */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t' || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
		      (*s)[*n - 1] == '\r'))
		(*n)--;
}

void opp_me_agendas(struct opp_me *me, const char *lines, unsigned from)
{
	char id[AGENDA_ID_MAX + 1];
	const char *p;
	size_t n, i;

	while (lines && next_line(&lines, &p, &n)) {
		trim(&p, &n);
		if (!n || n > AGENDA_ID_MAX)
			continue;
		memcpy(id, p, n);
		id[n] = '\0';
		if (!agenda_id_valid(id))
			continue;
		for (i = 0; i < me->nr_agendas && strcmp(me->agendas[i], id);
		     i++)
			;
		if (i < me->nr_agendas)
			me->agenda_from[i] |= from;
		else if (me->nr_agendas < OPP_RANK_MAX_AGENDAS) {
			memcpy(me->agendas[i], id, n + 1);
			me->agenda_from[me->nr_agendas++] = from;
		}
	}
}

/*
 * s (n bytes) normalised into out (at most max bytes and a NUL): ASCII
 * letters lowercased, runs of other ASCII one space, trimmed; bytes of
 * UTF-8 kept.  Returns the length.
 */
static size_t normalise(const char *s, size_t n, char *out, size_t max)
{
	size_t len = 0;

	for (size_t i = 0; i < n && len < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			out[len++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 c >= 0x80)
			out[len++] = (char)c;
		else if (len && out[len - 1] != ' ')
			out[len++] = ' ';
	}
	while (len && out[len - 1] == ' ')
		len--;
	out[len] = '\0';
	return len;
}

void opp_me_roles(struct opp_me *me, const char *lines, unsigned from)
{
	char role[OPP_RANK_ROLE_MAX + 1];
	const char *p;
	size_t n, i;

	while (lines && next_line(&lines, &p, &n)) {
		if (!normalise(p, n, role, OPP_RANK_ROLE_MAX))
			continue;
		for (i = 0; i < me->nr_roles && strcmp(me->roles[i], role); i++)
			;
		if (i < me->nr_roles)
			me->role_from[i] |= from;
		else if (me->nr_roles < OPP_RANK_MAX_ROLES) {
			memcpy(me->roles[i], role, sizeof(role));
			me->role_from[me->nr_roles++] = from;
		}
	}
}

/* ---- one opening ---- */

/* Is `role` (normalised, non-empty) in `line` (normalised) as whole
 * words, a plural 's' allowed after it? */
static int role_in(const char *line, const char *role, size_t n)
{
	const char *at = line;

	while ((at = strstr(at, role))) {
		const char *end = at + n;

		if (*end == 's')
			end++;
		if ((at == line || at[-1] == ' ') && (!*end || *end == ' '))
			return 1;
		at++;
	}
	return 0;
}

static void add(struct opp_score *s, enum opp_reason_kind kind,
		const char *what, size_t len, unsigned from, int n, int points)
{
	if (s->nr_reasons < OPP_MAX_REASONS) {
		s->reasons[s->nr_reasons++] = (struct opp_reason){
			kind, what, len, from, n, points
		};
		s->score += points;
	}
}

/* The agendas of o, up to OPP_MAX_TAGS, as spans: how many. */
struct span_v {
	const char *p;
	size_t n;
};

static size_t spans(const char *list, struct span_v *v)
{
	size_t nr = 0;

	while (list && nr < OPP_MAX_TAGS && next_line(&list, &v[nr].p,
						       &v[nr].n)) {
		trim(&v[nr].p, &v[nr].n);
		nr++;
	}
	return nr;
}

/* Is id (n bytes) among the spans? */
static int among(const struct span_v *v, size_t nr, const char *id, size_t n)
{
	for (size_t i = 0; i < nr; i++)
		if (v[i].n == n && !memcmp(v[i].p, id, n))
			return 1;
	return 0;
}

/* The roles of o the person names: a reason each, each role once. */
static void roles(const struct opp_me *me, const struct opportunity *o,
		  struct opp_score *out)
{
	char seen[OPP_MAX_TAGS][OPP_RANK_ROLE_MAX + 1];
	const char *list = o->roles, *p;
	size_t n, len, i, nr = 0;

	while (nr < OPP_MAX_TAGS && list && next_line(&list, &p, &n)) {
		unsigned from = 0;

		trim(&p, &n);
		len = normalise(p, n, seen[nr], OPP_RANK_ROLE_MAX);
		for (i = 0; len && i < nr && strcmp(seen[i], seen[nr]); i++)
			;
		if (!len || i < nr)
			continue;   /* empty, or said already */
		for (i = 0; i < me->nr_roles; i++)
			if (role_in(me->roles[i], seen[nr], len))
				from |= me->role_from[i];
		nr++;
		if (from)
			add(out, OPP_ROLE, p, n, from, 0, OPP_PTS_ROLE);
	}
}

int opp_score(const struct opp_me *me, const struct opportunity *o,
	      int today, struct opp_score *out)
{
	struct span_v ag[OPP_MAX_TAGS];
	size_t i, nr = me->nr_agendas ? spans(o->agendas, ag) : 0;

	out->score = 0;
	out->nr_reasons = 0;
	for (i = 0; nr && i < me->nr_agendas; i++) {
		size_t n = strlen(me->agendas[i]);

		if (among(ag, nr, me->agendas[i], n))
			add(out, OPP_AGENDA, me->agendas[i], n,
			    me->agenda_from[i], 0, OPP_PTS_AGENDA);
	}
	if (me->nr_roles)
		roles(me, o, out);
	out->eligible = out->nr_reasons > 0;
	if (o->remote)
		add(out, OPP_REMOTE, NULL, 0, 0, 0, OPP_PTS_REMOTE);
	if (o->deadline && o->deadline >= today &&
	    o->deadline - today <= OPP_SOON_DAYS)
		add(out, OPP_SOON, NULL, 0, 0, o->deadline - today,
		    OPP_PTS_SOON);
	return out->score;
}

/* ---- the top K ---- */

void opp_top_init(struct opp_top *t, const struct opp_me *me, int today,
		  size_t k)
{
	t->me = me;
	t->today = today;
	t->k = k < OPP_RANK_MAX_TOP ? k : OPP_RANK_MAX_TOP;
	t->n = 0;
}

/* Does (score, deadline, id) rank before slot r? */
static int before(int score, int deadline, long long id,
		  const struct opp_ranked *r)
{
	/* no deadline: after every dated one */
	unsigned da = deadline ? (unsigned)deadline : ~0u;
	unsigned db = r->o.deadline ? (unsigned)r->o.deadline : ~0u;

	if (score != r->s.score)
		return score > r->s.score;
	if (da != db)
		return da < db;
	return id < r->o.id;
}

/* Copy s (at most max bytes) into the slot's text at *at. */
static char *keep(struct opp_ranked *r, size_t *at, const char *s, size_t max)
{
	size_t n = s ? strnlen(s, max) : 0;
	char *p = r->text + *at;

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	*at += n + 1;
	return p;
}

static void copy_in(struct opp_ranked *r, const struct opportunity *o)
{
	size_t at = 0;

	r->o = *o;
	r->o.title = keep(r, &at, o->title, OPP_MAX_FIELD);
	r->o.organisation = keep(r, &at, o->organisation, OPP_MAX_FIELD);
	r->o.url = keep(r, &at, o->url, OPP_MAX_URL);
	r->o.kind = keep(r, &at, o->kind, OPP_MAX_FIELD);
	r->o.location = keep(r, &at, o->location, OPP_MAX_FIELD);
	r->o.agendas = keep(r, &at, o->agendas, OPP_MAX_FIELD);
	r->o.roles = keep(r, &at, o->roles, OPP_MAX_FIELD);
}

void opp_top_offer(struct opp_top *t, const struct opportunity *o)
{
	struct opp_score s;
	unsigned char at;
	size_t pos;

	if (!t->k || (opp_score(t->me, o, t->today, &s), !s.eligible))
		return;
	if (t->n == t->k && !before(s.score, o->deadline, o->id,
				    &t->slot[t->order[t->k - 1]]))
		return;     /* the usual case once the list is full */
	/* A free slot, or the last one's. */
	at = t->n < t->k ? (unsigned char)t->n++ : t->order[t->k - 1];
	pos = t->n - 1;
	for (; pos > 0 && before(s.score, o->deadline, o->id,
				 &t->slot[t->order[pos - 1]]); pos--)
		t->order[pos] = t->order[pos - 1];
	t->order[pos] = at;
	copy_in(&t->slot[at], o);
	/* scored again on the copy: the reasons point into it */
	opp_score(t->me, &t->slot[at].o, t->today, &t->slot[at].s);
}

const struct opp_ranked *opp_top_get(const struct opp_top *t, size_t i)
{
	return i < t->n ? &t->slot[t->order[i]] : NULL;
}

int opp_top_fill(struct opp_top *t, const struct opportunity *o)
{
	for (size_t i = 0; i < t->n; i++) {
		struct opp_ranked *r = &t->slot[i];

		if (r->o.id != o->id)
			continue;
		copy_in(r, o);
		opp_score(t->me, &r->o, t->today, &r->s);
		return 1;
	}
	return 0;
}

/* ---- the reasons in words ---- */

/* "your career plan and your profile": the places of `from`. */
static int places(struct buf *b, unsigned from)
{
	static const char *const names[] = {
		"your career plan", "your project plan", "your profile",
	};
	int nr = 0, k = 0;

	for (size_t i = 0; i < 3; i++)
		nr += !!(from & (1u << i));
	for (size_t i = 0; i < 3; i++) {
		if (!(from & (1u << i)))
			continue;
		buf_adds(b, !k ? "" : k == nr - 1 ? " and " : ", ");
		buf_adds(b, names[i]);
		k++;
	}
	return nr;
}

/* A role as said in a sentence: "Research engineer" -> "research
 * engineer" (an initial capital only, not "AI" or "ML"). */
static void role_words(struct buf *b, const char *s, size_t n)
{
	if (n >= 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' &&
	    s[1] <= 'z') {
		buf_addc(b, (char)(s[0] - 'A' + 'a'));
		s++;
		n--;
	}
	buf_add(b, s, n);
}

/* The reasons of kind k from `from`: "A, B and C"; their points. */
static int names(struct buf *b, const struct opp_score *s,
		 enum opp_reason_kind k, unsigned from,
		 const struct agenda_catalog *c, int *count)
{
	int pts = 0, nr = 0, i_th = 0;
	size_t i;

	for (i = 0; i < s->nr_reasons; i++)
		nr += s->reasons[i].kind == k && s->reasons[i].from == from;
	for (i = 0; i < s->nr_reasons; i++) {
		const struct opp_reason *r = &s->reasons[i];
		const struct agenda *a;

		if (r->kind != k || r->from != from)
			continue;
		buf_adds(b, !i_th ? "" : i_th == nr - 1 ? " and " : ", ");
		if (k == OPP_ROLE)
			role_words(b, r->what, r->len);
		else
			buf_adds(b, c && (a = agenda_find(c, r->what)) ?
				 a->title : r->what);
		pts += r->points;
		i_th++;
	}
	*count = nr;
	return pts;
}

/* Was a reason of kind k from `from` met before reason i? */
static int said(const struct opp_score *s, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (s->reasons[j].kind == s->reasons[i].kind &&
		    s->reasons[j].from == s->reasons[i].from)
			return 1;
	return 0;
}

void opp_why(struct buf *out, const struct opp_score *s,
	     const struct agenda_catalog *c)
{
	size_t i, start = out->len;
	int pts, nr, where;

	for (i = 0; i < s->nr_reasons; i++) {
		const struct opp_reason *r = &s->reasons[i];

		if ((r->kind == OPP_AGENDA || r->kind == OPP_ROLE) &&
		    said(s, i))
			continue;   /* in its group already */
		buf_adds(out, out->len > start ? "; " : "");
		switch (r->kind) {
		case OPP_AGENDA:
			buf_adds(out, "on ");
			pts = names(out, s, OPP_AGENDA, r->from, c, &nr);
			buf_adds(out, ", which ");
			where = places(out, r->from);
			buf_addf(out, " %s (+%d)", where > 1 ? "pick" : "picks",
				 pts);
			break;
		case OPP_ROLE:
			buf_adds(out, "for ");
			pts = names(out, s, OPP_ROLE, r->from, c, &nr);
			buf_adds(out, nr > 1 ? ", roles in " : ", a role in ");
			places(out, r->from);
			buf_addf(out, " (+%d)", pts);
			break;
		case OPP_REMOTE:
			buf_addf(out, "remote (+%d)", r->points);
			break;
		case OPP_SOON:
			if (r->n < 2)
				buf_addf(out, "the deadline is %s (+%d)",
					 r->n ? "tomorrow" : "today", r->points);
			else
				buf_addf(out, "the deadline is in %d days "
					 "(+%d)", r->n, r->points);
			break;
		}
	}
	if (out->len > start) {
		if (out->data[start] >= 'a' && out->data[start] <= 'z')
			out->data[start] = (char)(out->data[start] - 'a' + 'A');
		buf_addc(out, '.');
	}
}
