/*
 * cohort-progress.c: a cohort's dashboard as read from the store
 * (cohort-progress.h): per participant the prompts answered, readings
 * done, plans shared, check-ins, open threads and nudges, read with one
 * statement per kind of row for the whole cohort, all sent together
 * (store_together()), and kept until the next write.
 *
 * It copies little answer text: the answers come brief
 * (store_answer_cohort_brief(): the text only of the prompts whose text
 * it shows), and the store's callbacks are counted against an index of
 * the session's prompt ids.
 */
#include "web/widgets/cohort-progress.h"

#include "export/plan.h"
#include "model/answer.h"
#include "model/kinds/kind.h"
#include "web/widgets/roster.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A prompt of the session, found by id. */
struct slot {
	const char *id;
	int ex;             /* exercise index */
	bool optional;
	bool sprint;        /* the sprint prompt: its value is kept */
	bool agendas;       /* of the agendas kind: counted in the spread */
	bool roles;         /* the roles prompt (name=roles): counted too */
	int date_col;       /* a milestones table: its date column, or -1 */
};

struct index {
	const struct session *s;
	struct slot *v;
	size_t n;
	int *required;      /* per exercise: prompts that always count */
};

static int slot_cmp(const void *a, const void *b)
{
	return strcmp(((const struct slot *)a)->id,
		      ((const struct slot *)b)->id);
}

static int index_build(struct index *x, const struct session *s)
{
	size_t i, j, k = 0, n = 0;
	bool have_sprint = false;
	int hours;

	memset(x, 0, sizeof(*x));
	x->s = s;
	for (i = 0; i < s->nr_exercises; i++)
		n += s->exercises[i].nr_prompts;
	x->v = calloc(n ? n : 1, sizeof(*x->v));
	x->required = calloc(s->nr_exercises ? s->nr_exercises : 1,
			     sizeof(*x->required));
	if (!x->v || !x->required)
		return -1;
	for (i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];

		for (j = 0; j < e->nr_prompts; j++) {
			const struct prompt *p = &e->prompts[j];

			x->v[k] = (struct slot){
				.id = p->id, .ex = (int)i,
				.optional = e->optional || p->optional,
				.sprint = p->kind == PROMPT_SPRINT &&
					  !have_sprint,
				.agendas = p->kind == PROMPT_AGENDAS,
				.roles = p->name && !strcmp(p->name, "roles"),
			};
			if (!milestone_cols(p, &x->v[k].date_col, &hours))
				x->v[k].date_col = -1;
			have_sprint |= x->v[k].sprint;
			x->required[i] += !x->v[k].optional;
			k++;
		}
		/* Counted as workbook_progress() counts: an exercise of
		 * optional prompts only counts them all. */
		if (!x->required[i]) {
			for (j = 0; j < e->nr_prompts; j++)
				x->v[k - 1 - j].optional = false;
			x->required[i] = (int)e->nr_prompts;
		}
	}
	x->n = k;
	qsort(x->v, x->n, sizeof(*x->v), slot_cmp);
	return 0;
}

/* The prompts whose text the dashboard reads (milestones' dates, the
 * agendas and roles spread, the sprint) into whole (x->n long); the rest
 * it only counts.  Returns how many. */
static size_t index_whole(const struct index *x, const char **whole)
{
	size_t i, n = 0;

	for (i = 0; i < x->n; i++)
		if (x->v[i].date_col >= 0 || x->v[i].agendas ||
		    x->v[i].roles || x->v[i].sprint)
			whole[n++] = x->v[i].id;
	return n;
}

static void index_release(struct index *x)
{
	free(x->v);
	free(x->required);
}

static const struct slot *index_find(const struct index *x, const char *id)
{
	struct slot key = { .id = id };

	return bsearch(&key, x->v, x->n, sizeof(*x->v), slot_cmp);
}

static void dash_free(struct dash *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n && d->v; i++)
		free(d->v[i].ms);
	free(d->v);
	free(d->counts);
	free(d->shared);
	free(d->open);
	free(d->required);
	free(d->facilitators);
	free(d);
}

/* Loading: the store's callbacks, counted against the index.  The
 * roster's rows come first, and the lines are set up from them before
 * the first row of another read (lines_ready()).  The cohort's rows come
 * in one statement per kind, by user: each finds its participant's line
 * by user id (the last one found first, since rows come in runs; then a
 * search of the ids sorted), and a member who is not a participant finds
 * none. */
struct by_user {
	int64_t user;
	size_t line;
};

struct loading {
	const struct index *x;
	struct dash *d;
	struct roster r;        /* the cohort's members, as they come */
	int ready;              /* lines set up: 1, failed: -1, not yet: 0 */
	size_t open_at;         /* on_open()'s line: where the last row's was */
	struct by_user *ids;    /* the participants, by user id */
	struct line *l;         /* the line of the row at hand */
	int64_t at;             /* its user (0: none yet) */
	unsigned who;           /* its participant's number in the roster */
};

static int by_user_cmp(const void *a, const void *b)
{
	const struct by_user *x = a, *y = b;

	return x->user < y->user ? -1 : x->user > y->user;
}

/* Point ld at the line of `user`; false for someone not listed. */
static bool line_of(struct loading *ld, int64_t user)
{
	struct by_user key = { .user = user }, *f;

	if (ld->l && ld->at == user)
		return true;
	f = bsearch(&key, ld->ids, ld->d->n, sizeof(*ld->ids), by_user_cmp);
	ld->l = f ? &ld->d->v[f->line] : NULL;
	ld->at = user;
	ld->who = f ? (unsigned)f->line : 0;
	return f != NULL;
}

/* The lines, one a participant, set up once the roster's rows are all
 * in: at the first row of the reads sent with it, or after them all;
 * false when out of memory. */
/* The facilitators among the members, before roster_keep() drops them:
 * whose dashboard views are worth reading ahead (dash_stale_number()). */
static bool keep_facilitators(struct dash *d, const struct roster *r)
{
	size_t i;

	d->facilitators = malloc((r->n ? r->n : 1) *
				 sizeof(*d->facilitators));
	if (!d->facilitators)
		return false;
	for (i = 0; i < r->n; i++)
		if (r->v[i].role == ROLE_FACILITATOR)
			d->facilitators[d->nr_facilitators++] =
				r->v[i].user.id;
	return true;
}

static bool lines_ready(struct loading *ld)
{
	struct dash *d = ld->d;
	size_t i, n, ne = d->ne ? d->ne : 1;

	if (ld->ready)
		return ld->ready > 0;
	ld->ready = -1;
	if (!keep_facilitators(d, &ld->r) || !roster_keep(&ld->r, true))
		return false;
	n = ld->r.n ? ld->r.n : 1;
	d->n = ld->r.n;
	d->v = calloc(n, sizeof(*d->v));
	d->counts = calloc(2 * ne * n, sizeof(*d->counts));
	d->shared = calloc(ne * n, sizeof(*d->shared));
	d->open = calloc(ne * n, sizeof(*d->open));
	ld->ids = calloc(n, sizeof(*ld->ids));
	if (!d->v || !d->counts || !d->shared || !d->open || !ld->ids)
		return false;
	for (i = 0; i < d->n; i++) {
		struct line *l = &d->v[i];

		l->m = ld->r.v[i];
		l->done = d->counts + 2 * ne * i;
		l->optional_done = l->done + ne;
		l->shared = d->shared + ne * i;
		l->open = d->open + ne * i;
		ld->ids[i] = (struct by_user){ ld->r.v[i].user.id, i };
	}
	qsort(ld->ids, d->n, sizeof(*ld->ids), by_user_cmp);
	ld->ready = 1;
	return true;
}

static bool blank(const char *v, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!strchr(" \t\r\n", v[i]))
			return false;
	return true;
}

static void name_digest(unsigned char out[16], const char *s, size_t n)
{
	crypto_generichash(out, 16, (const unsigned char *)s, n, NULL, 0);
}

/* The dated rows of a milestones table, at most MS_MAX a participant. */
#define MS_MAX 200
static int ms_collect(struct line *l, const struct slot *sl, const char *v)
{
	struct span row;
	int day;

	while (answer_next(&v, &row) && l->nr_ms < MS_MAX) {
		struct span name = answer_cell(row, 0);
		struct ms_due *m;

		if (!answer_date(answer_cell(row, (size_t)sl->date_col), &day))
			continue;
		if (!l->ms && !(l->ms = calloc(MS_MAX, sizeof(*l->ms))))
			return -1;
		m = &l->ms[l->nr_ms++];
		m->prompt = sl->id;
		name_digest(m->name, name.s, name.n);
		m->day = day;
		m->done = false;
	}
	return 0;
}

/* Milestones by name digest, then prompt: a check-in finds its own. */
static int ms_cmp(const void *a, const void *b)
{
	const struct ms_due *x = a, *y = b;
	int c = memcmp(x->name, y->name, sizeof(x->name));

	return c ? c : strcmp(x->prompt, y->prompt);
}

/* A line's dated milestones sorted, once all of them are read (before
 * its first check-in, which finds its own by a search). */
static void ms_sort(struct line *l)
{
	if (!l->ms_sorted && l->nr_ms)
		qsort(l->ms, l->nr_ms, sizeof(*l->ms), ms_cmp);
	l->ms_sorted = true;
}

static int on_answer(void *ctx, int64_t user, const char *prompt_id,
		     const char *value, size_t len)
{
	struct loading *ld = ctx;
	const struct slot *sl;

	if (!lines_ready(ld))
		return STORE_ERR;
	if (!line_of(ld, user))
		return 0;
	sl = index_find(ld->x, prompt_id);
	if (!sl || blank(value, len))
		return 0;
	if (sl->date_col >= 0 && ms_collect(ld->l, sl, value))
		return STORE_ERR;
	ld->l->done[sl->ex]++;
	ld->l->optional_done[sl->ex] += sl->optional;
	if (sl->agendas)
		spread_add(&ld->d->spread, ld->who, value, len);
	if (sl->roles)
		spread_add(&ld->d->roles, ld->who, value, len);
	if (sl->sprint) {
		if (len >= sizeof(ld->l->sprint))
			len = sizeof(ld->l->sprint) - 1;
		memcpy(ld->l->sprint, value, len);
		ld->l->sprint[len] = '\0';
		ld->l->has_sprint = true;
	}
	return 0;
}

static int on_reading(void *ctx, int64_t user, const char *reading_id,
		      int done)
{
	struct loading *ld = ctx;
	const struct session *s = ld->x->s;
	size_t i;

	if (!lines_ready(ld))
		return STORE_ERR;
	if (!done || !line_of(ld, user))
		return 0;
	for (i = 0; i < s->nr_readings; i++)
		if (!strcmp(s->readings[i].id, reading_id)) {
			ld->l->readings_done++;
			break;
		}
	return 0;
}

static int on_share(void *ctx, const struct share *sh)
{
	struct loading *ld = ctx;
	const struct session *s = ld->x->s;
	size_t i;

	if (!lines_ready(ld))
		return STORE_ERR;
	if (sh->mode != SHARE_COHORT || !line_of(ld, sh->user))
		return 0;
	for (i = 0; i < s->nr_exercises; i++)
		if (!strcmp(s->exercises[i].id, sh->exercise_id))
			ld->l->shared[i] = true;
	return 0;
}

static int on_checkin(void *ctx, const struct checkin *c, const char *note)
{
	struct loading *ld = ctx;
	struct line *l;
	struct ms_due key = { .prompt = c->prompt_id }, *m;
	size_t i;

	(void)note;
	if (!lines_ready(ld))
		return STORE_ERR;
	if (!line_of(ld, c->user))
		return 0;
	l = ld->l;
	l->checkins++;
	if (c->at > l->last_checkin)
		l->last_checkin = c->at;
	if (!l->nr_ms)
		return 0;
	ms_sort(l);
	/* Oldest first: the newest check-in of a milestone decides, for
	 * every row of that name (found by a search of the sorted rows). */
	name_digest(key.name, c->milestone, strlen(c->milestone));
	m = bsearch(&key, l->ms, l->nr_ms, sizeof(*l->ms), ms_cmp);
	if (!m)
		return 0;
	for (i = (size_t)(m - l->ms); i > 0 && !ms_cmp(&key, &l->ms[i - 1]);
	     i--)
		;
	for (; i < l->nr_ms && !ms_cmp(&key, &l->ms[i]); i++)
		l->ms[i].done = c->status == CHECKIN_DONE;
	return 0;
}

/* The open threads of the cohort's plans, one query for the cohort:
 * each row finds its line by the owner (the lines are in the roster's
 * order, so by a scan that starts where the last row's owner was: the
 * rows come by owner). */
static int on_open(void *ctx, int64_t owner, const char *ex, int count)
{
	struct loading *ld = ctx;
	struct dash *d = ld->d;
	size_t i, k;

	if (!lines_ready(ld))
		return STORE_ERR;
	for (k = 0; k < d->n && d->v[ld->open_at].m.user.id != owner; k++)
		ld->open_at = (ld->open_at + 1) % d->n;
	if (k == d->n)
		return 0;
	for (i = 0; i < d->ne; i++)
		if (!strcmp(d->s->exercises[i].id, ex))
			d->v[ld->open_at].open[i] = count;
	return 0;
}

/* The newest nudge of each member nudged (by member id). */
static int on_nudge(void *ctx, int64_t member, int64_t at, const char *by)
{
	struct loading *ld = ctx;
	struct dash *d = ld->d;

	if (!lines_ready(ld))
		return STORE_ERR;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].m.user.id == member) {
			d->v[i].nudged = at;
			snprintf(d->v[i].nudged_by, sizeof(d->v[i].nudged_by),
				 "%s", by);
			break;
		}
	return 0;
}

/* The roster and the six reads of the cohort's progress (answers,
 * readings, shares, check-ins, open threads, nudges), one statement each
 * for the whole cohort, sent together (store_together(): their rows may
 * come only at the end, in the order asked for; the roster's first). */
static int dash_read(struct store *st, int64_t cohort, int number,
		     struct loading *ld)
{
	const char **whole = calloc(ld->x->n ? ld->x->n : 1, sizeof(*whole));
	size_t i;
	int rc, end;

	if (!whole)
		return STORE_ERR;
	store_together(st);
	rc = roster_ask(st, cohort, &ld->r);
	if (rc == STORE_OK)
		rc = store_answer_cohort_brief(st, cohort, number, whole,
					       index_whole(ld->x, whole),
					       on_answer, ld);
	if (rc == STORE_OK)
		rc = store_reading_cohort(st, cohort, number, on_reading,
					  ld);
	if (rc == STORE_OK)
		rc = store_share_cohort(st, cohort, number, on_share, ld);
	if (rc == STORE_OK)
		rc = store_checkin_cohort(st, cohort, number, on_checkin,
					  ld);
	if (rc == STORE_OK)
		rc = store_thread_open_cohort(st, cohort, number, on_open,
					      ld);
	if (rc == STORE_OK)
		rc = store_nudge_list(st, cohort, on_nudge, ld);
	end = store_together_end(st);
	free(whole);
	if (rc == STORE_OK)
		rc = end;
	if (rc == STORE_OK && !lines_ready(ld))   /* no row came after */
		rc = STORE_ERR;
	for (i = 0; rc == STORE_OK && i < ld->d->n; i++)
		ms_sort(&ld->d->v[i]);
	return rc;
}

/* Read the cohort's participants and their progress; with a viewer,
 * store_cohort_as_ask() for them goes first, in the same round trip. */
static int dash_load(struct store *st, int64_t cohort,
		     const struct session *s, int64_t viewer,
		     struct dash **out)
{
	struct index x;
	struct dash *d = calloc(1, sizeof(*d));
	struct loading ld = { .x = &x, .d = d };
	int rc;

	if (!d || index_build(&x, s)) {
		free(d);
		return STORE_ERR;
	}
	d->cohort = cohort;
	d->s = s;
	d->number = s->number;
	d->writes = store_writes_begun();
	d->ne = s->nr_exercises;
	d->required = x.required;
	x.required = NULL;
	if (viewer) {
		store_together(st);
		store_cohort_as_ask(st, cohort, viewer);
	}
	rc = dash_read(st, cohort, s->number, &ld);
	free(ld.ids);
	index_release(&x);
	roster_release(&ld.r);
	if (rc != STORE_OK) {
		dash_free(d);
		return rc;
	}
	*out = d;
	return STORE_OK;
}

#define DASH_CACHE 8
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct dash *cache[DASH_CACHE];
static unsigned cache_clock;

void dash_put(struct dash *d)
{
	bool last;

	pthread_mutex_lock(&cache_lock);
	last = !--d->refs;
	pthread_mutex_unlock(&cache_lock);
	if (last)
		dash_free(d);
}

int dash_stale_number(int64_t cohort, int64_t viewer)
{
	int number = 0;
	size_t i, j;

	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < DASH_CACHE; i++) {
		const struct dash *d = cache[i];

		if (!d || d->cohort != cohort ||
		    d->writes == store_writes_begun())
			continue;
		for (j = 0; j < d->nr_facilitators; j++)
			if (d->facilitators[j] == viewer)
				number = d->number;
	}
	pthread_mutex_unlock(&cache_lock);
	return number;
}

struct dash *dash_ahead(struct store *st, int64_t cohort,
			const struct session *s, int64_t viewer)
{
	struct dash *d;

	if (dash_load(st, cohort, s, viewer, &d) != STORE_OK)
		return NULL;
	d->refs = 1;
	return d;
}

int dash_get(struct store *st, uint64_t gen, const struct cohort *c,
	     const struct session *s, struct dash *ahead, struct dash **out)
{
	struct dash *d = NULL, *old = NULL;
	size_t i, slot = 0;
	int rc;

	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < DASH_CACHE; i++)
		if (cache[i] && cache[i]->cohort == c->id &&
		    cache[i]->s == s && cache[i]->generation == gen) {
			d = cache[i];
			d->refs++;
			d->used = ++cache_clock;
			break;
		}
	pthread_mutex_unlock(&cache_lock);
	if (d) {
		if (ahead)
			dash_put(ahead);
		*out = d;
		return STORE_OK;
	}

	/* The snapshot began after gen was taken: what it reads is at
	 * least that new, the reads sent ahead in it too. */
	if (ahead && ahead->cohort == c->id && ahead->s == s) {
		d = ahead;
	} else {
		if (ahead)
			dash_put(ahead);
		if ((rc = dash_load(st, c->id, s, 0, &d)) != STORE_OK)
			return rc;
	}
	d->generation = gen;
	d->refs = 2;        /* the cache's and the caller's */

	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < DASH_CACHE; i++) {
		if (!cache[i] || cache[i]->cohort == c->id) {
			slot = i;
			break;
		}
		if (cache[i]->used < cache[slot]->used)
			slot = i;
	}
	old = cache[slot];
	cache[slot] = d;
	d->used = ++cache_clock;
	if (old && --old->refs)
		old = NULL;
	pthread_mutex_unlock(&cache_lock);
	dash_free(old);
	*out = d;
	return STORE_OK;
}

