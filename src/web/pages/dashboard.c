/*
 * dashboard.c: a cohort at a glance for its facilitators
 * (/c/ID/dashboard): each participant's readings done, prompts answered
 * per exercise and whether that plan is shared, and who is behind on
 * check-ins; who is at risk (no check-in for 14 days, milestones
 * overdue), with a nudge button each and when each was last nudged
 * (nudge.c sends it); the cohort's spread over research agendas and
 * over the roles its career plans aim at; and
 * every participant's answers as CSV (/c/ID/answers.csv).
 *
 * The dashboard must stay fast for a full cohort: it copies no answer
 * text (the store's callbacks are counted against an index of the
 * session's prompt ids), and what it read is kept until the next write
 * (store_generation()), since reading 30 participants' rows costs far
 * more than rendering them.
 */
#include "web/pages/dashboard.h"

#include "core/csv.h"
#include "core/html.h"
#include "export/plan.h"
#include "model/answer.h"
#include "model/kinds/kind.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/agendas.h"
#include "web/courses.h"
#include "web/widgets/roster.h"
#include "web/widgets/spread.h"
#include "web/widgets/when.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECKIN_DAYS 7   /* a running sprint wants a check-in a week */

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

/* A milestone of a participant's plan with a date, for the at-risk
 * list: overdue once its day has passed while its newest check-in does
 * not say done (matched by prompt and name, as check-ins name it). */
struct ms_due {
	const char *prompt;
	unsigned char name[16];     /* a digest of its name */
	int day;
	bool done;
};

/*
 * What the dashboard shows, as read from the store: one line per
 * participant.  It is kept (a few cohorts' worth) while
 * store_generation() stays the same, that is until anything is written,
 * and shared by the threads: `refs` counts the cache and each page
 * rendering it.  Whatever depends on the time (who is behind) is worked
 * out when the page is rendered.
 */
struct line {
	struct member m;
	int readings_done, checkins;
	int64_t last_checkin;
	bool has_sprint;
	char sprint[64];    /* the sprint answer (a valid one is short) */
	int *done;          /* per exercise: prompts answered */
	int *optional_done; /* of which optional */
	bool *shared;       /* per exercise */
	int *open;          /* per exercise: open comment threads */
	struct ms_due *ms;  /* milestones with a date (malloc'd) */
	size_t nr_ms;
	int64_t nudged;     /* the newest nudge (0: none), and by whom */
	char nudged_by[STORE_NAME_MAX + 1];
};

struct dash {
	int64_t cohort;
	const struct session *s;
	uint64_t generation;
	unsigned used;      /* when last served, for replacing */
	int refs;
	size_t n, ne;
	struct line *v;
	int *counts;        /* the lines' done and optional_done */
	bool *shared;
	int *open;
	int *required;      /* per exercise: prompts that always count */
	struct spread spread;   /* over research agendas */
	struct spread roles;    /* over the roles aimed at */
};

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
	free(d);
}

/* Loading: the store's callbacks, counted against the index.  The
 * cohort's rows come in one statement per kind, by user: each finds its
 * participant's line by user id (the last one found first, since rows
 * come in runs; then a search of the ids sorted), and a member who is
 * not a participant finds none. */
struct by_user {
	int64_t user;
	size_t line;
};

struct loading {
	const struct index *x;
	struct dash *d;
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

static int on_answer(void *ctx, int64_t user, const char *prompt_id,
		     const char *value, size_t len)
{
	struct loading *ld = ctx;
	const struct slot *sl;

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
	if (!line_of(ld, c->user))
		return 0;
	l = ld->l;
	l->checkins++;
	if (c->at > l->last_checkin)
		l->last_checkin = c->at;
	if (!l->nr_ms)
		return 0;
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
struct open_load {
	struct dash *d;
	size_t at;
};

static int on_open(void *ctx, int64_t owner, const char *ex, int count)
{
	struct open_load *o = ctx;
	struct dash *d = o->d;
	size_t i, k;

	for (k = 0; k < d->n && d->v[o->at].m.user.id != owner; k++)
		o->at = (o->at + 1) % d->n;
	if (k == d->n)
		return 0;
	for (i = 0; i < d->ne; i++)
		if (!strcmp(d->s->exercises[i].id, ex))
			d->v[o->at].open[i] = count;
	return 0;
}

/* The newest nudge of each member nudged (by member id). */
static int on_nudge(void *ctx, int64_t member, int64_t at, const char *by)
{
	struct dash *d = ctx;

	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].m.user.id == member) {
			d->v[i].nudged = at;
			snprintf(d->v[i].nudged_by, sizeof(d->v[i].nudged_by),
				 "%s", by);
			break;
		}
	return 0;
}

/* Read the cohort's participants and their progress: one statement per
 * kind of row for the whole cohort (answers, readings, shares,
 * check-ins, open threads, nudges) after the roster. */
static int dash_load(struct store *st, const struct cohort *c,
		     const struct session *s, struct dash **out)
{
	struct roster r;
	struct index x;
	struct dash *d;
	struct loading ld = { .x = &x };
	size_t i, n, ne = s->nr_exercises ? s->nr_exercises : 1;
	int rc;

	if ((rc = roster_load(st, c->id, true, &r)) != STORE_OK)
		return rc;
	n = r.n ? r.n : 1;
	d = calloc(1, sizeof(*d));
	if (!d || index_build(&x, s)) {
		free(d);
		roster_release(&r);
		return STORE_ERR;
	}
	d->cohort = c->id;
	d->s = s;
	d->n = r.n;
	d->ne = s->nr_exercises;
	d->v = calloc(n, sizeof(*d->v));
	d->counts = calloc(2 * ne * n, sizeof(*d->counts));
	d->shared = calloc(ne * n, sizeof(*d->shared));
	d->open = calloc(ne * n, sizeof(*d->open));
	d->required = x.required;
	x.required = NULL;
	ld.d = d;
	ld.ids = calloc(n, sizeof(*ld.ids));
	rc = d->v && d->counts && d->shared && d->open && ld.ids ? STORE_OK :
	     STORE_ERR;
	for (i = 0; rc == STORE_OK && i < r.n; i++) {
		struct line *l = &d->v[i];

		l->m = r.v[i];
		l->done = d->counts + 2 * ne * i;
		l->optional_done = l->done + ne;
		l->shared = d->shared + ne * i;
		l->open = d->open + ne * i;
		ld.ids[i] = (struct by_user){ r.v[i].user.id, i };
	}
	if (rc == STORE_OK && d->n) {
		struct open_load o = { d, 0 };

		qsort(ld.ids, d->n, sizeof(*ld.ids), by_user_cmp);
		rc = store_answer_cohort(st, c->id, c->number, on_answer, &ld);
		/* Each line's dated milestones, sorted for its check-ins. */
		for (i = 0; rc == STORE_OK && i < d->n; i++)
			if (d->v[i].nr_ms)
				qsort(d->v[i].ms, d->v[i].nr_ms,
				      sizeof(*d->v[i].ms), ms_cmp);
		if (rc == STORE_OK)
			rc = store_reading_cohort(st, c->id, c->number,
						  on_reading, &ld);
		if (rc == STORE_OK)
			rc = store_share_cohort(st, c->id, c->number,
						on_share, &ld);
		if (rc == STORE_OK)
			rc = store_checkin_cohort(st, c->id, c->number,
						  on_checkin, &ld);
		if (rc == STORE_OK)
			rc = store_thread_open_cohort(st, c->id, c->number,
						      on_open, &o);
		if (rc == STORE_OK)
			rc = store_nudge_list(st, c->id, on_nudge, d);
	}
	free(ld.ids);
	index_release(&x);
	roster_release(&r);
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

static void dash_put(struct dash *d)
{
	bool last;

	pthread_mutex_lock(&cache_lock);
	last = !--d->refs;
	pthread_mutex_unlock(&cache_lock);
	if (last)
		dash_free(d);
}

/* The cohort's dashboard data: the kept copy while nothing has been
 * written since it was read, else read now (in a snapshot that begins
 * after the generation is taken, so the copy is never older than its
 * number) and kept.  Release with dash_put(). */
static int dash_get(struct page *pg, const struct cohort *c,
		    const struct session *s, struct dash **out)
{
	uint64_t gen = store_generation(pg->st);
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
		*out = d;
		return STORE_OK;
	}

	store_read_end(pg->st);
	gen = store_generation(pg->st);
	store_read_begin(pg->st);
	if ((rc = dash_load(pg->st, c, s, &d)) != STORE_OK)
		return rc;
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

/* Is the participant behind: a sprint running for a week or more, and no
 * check-in in the last CHECKIN_DAYS days?  *why says how it stands. */
static bool behind(const struct line *l, int64_t now, char *why, size_t n)
{
	struct sprint sp;
	struct buf d = BUF_INIT;
	int today = (int)(now / 86400), days;
	bool late = false;

	if (!l->has_sprint) {
		snprintf(why, n, "no sprint planned");
		goto out;
	}
	answer_sprint(l->sprint, today, &sp);
	if (today < sp.start) {
		answer_put_date(&d, sp.start);
		snprintf(why, n, "sprint starts %s", d.data);
		goto out;
	}
	if (today > sprint_end(&sp)) {
		snprintf(why, n, "sprint over · %d check-ins", l->checkins);
		goto out;
	}
	if (l->checkins) {
		days = (int)((now - l->last_checkin) / 86400);
		late = now - l->last_checkin > CHECKIN_DAYS * 86400 &&
		       today - sp.start >= CHECKIN_DAYS;
		snprintf(why, n, days ? "last check-in %d days ago" :
			 "checked in today", days);
	} else {
		late = today - sp.start >= CHECKIN_DAYS;
		snprintf(why, n, "no check-in yet");
	}
out:
	buf_release(&d);
	return late;
}

/* Is the participant at risk (issue 12): no check-in for RISK_DAYS
 * (none since joining that long ago), or milestones overdue?  *why says
 * so in words. */
#define RISK_DAYS 14
static bool at_risk(const struct line *l, int64_t now, char *why, size_t n)
{
	int today = (int)(now / 86400), overdue = 0, quiet;
	int64_t since = l->last_checkin ? l->last_checkin : l->m.joined;
	size_t i, k = 0;

	for (i = 0; i < l->nr_ms; i++)
		overdue += !l->ms[i].done && l->ms[i].day < today;
	quiet = now - since >= RISK_DAYS * 86400 ?
		(int)((now - since) / 86400) : 0;
	why[0] = '\0';
	if (quiet)
		k = (size_t)snprintf(why, n, l->last_checkin ? "no check-in for "
				     "%d days" : "no check-in since joining %d "
				     "days ago", quiet);
	if (overdue && k < n)
		snprintf(why + k, n - k, "%s%d milestone%s overdue",
			 k ? "; " : "", overdue, overdue == 1 ? "" : "s");
	return quiet || overdue;
}

static void nudge_cell(struct page *pg, const struct cohort *c,
		       const struct line *l, int64_t now)
{
	struct buf *b = &pg->rs->body;
	char at[40];

	if (l->nudged) {
		when_minute(at, sizeof(at), l->nudged);
		html(b, "<td>%s%s%s</td>", at, l->nudged_by[0] ? " by " : "",
		     l->nudged_by);
	} else {
		html_raw(b, "<td>never</td>");
	}
	if (l->nudged && now - l->nudged < STORE_NUDGE_GAP) {
		html_raw(b, "<td>Nudged today; one nudge a day</td></tr>");
		return;
	}
	html(b, "<td><form method=\"post\" action=\"/c/%lld/nudge/%lld\">",
	     (long long)c->id, (long long)l->m.user.id);
	page_csrf_field(pg);
	html(b, "<button type=\"submit\" aria-label=\"Nudge %s\">Nudge"
	     "</button></form></td></tr>", l->m.user.name);
}

/* The members at risk, each with when last nudged and a nudge button
 * (a plain POST form: no script needed). */
static void at_risk_section(struct page *pg, const struct cohort *c,
			    const struct dash *d, int64_t now)
{
	struct buf *b = &pg->rs->body;
	char why[120];
	size_t i, n = 0;

	html_raw(b, "<section id=\"at-risk\" aria-labelledby=\"at-risk-h\">"
		 "<h2 id=\"at-risk-h\">At risk</h2>");
	for (i = 0; i < d->n; i++) {
		const struct line *l = &d->v[i];

		if (!at_risk(l, now, why, sizeof(why)))
			continue;
		if (!n++)
			html_raw(b, "<p>Participants with no check-in for "
				 UI_STR(RISK_DAYS) " days or with milestones "
				 "past their date. A nudge sends them a mail "
				 "from you (at most one a day each).</p><div "
				 "class=\"scroll\"><table class=\"at-risk\">"
				 "<thead><tr><th scope=\"col\">Participant"
				 "</th><th scope=\"col\">Why</th><th scope="
				 "\"col\">Last nudged</th><th scope=\"col\">"
				 "Nudge</th></tr></thead><tbody>");
		html(b, "<tr><th scope=\"row\"><a href=\"/p/%lld/%d/checkins"
		     "\">%s</a></th><td>%s</td>", (long long)l->m.user.id,
		     c->number, l->m.user.name, why);
		nudge_cell(pg, c, l, now);
	}
	html_raw(b, n ? "</tbody></table></div></section>" :
		 "<p>Nobody is at risk: everyone checked in within "
		 UI_STR(RISK_DAYS) " days and no milestone is overdue.</p>"
		 "</section>");
}

static void dashboard_row(struct buf *b, const struct cohort *c,
			  const struct dash *d, const struct line *l,
			  int64_t now)
{
	const struct session *s = d->s;
	const struct member *m = &l->m;
	char why[80];
	size_t i;
	bool late = behind(l, now, why, sizeof(why));

	html(b, "<tr><th scope=\"row\">%s</th><td>%d of %d</td>",
	     m->user.name, l->readings_done, (int)s->nr_readings);
	for (i = 0; i < d->ne; i++) {
		int done = l->done[i] - l->optional_done[i];
		int total = d->required[i];

		/* The link's name starts with its visible "2/9" (WCAG
		 * 2.5.3); the rest is for screen readers, the tag for the
		 * eye.  Optional prompts answered are counted apart, so
		 * the total does not move. */
		html(b, "<td class=\"%s\"><a href=\"/p/%lld/%d/",
		     done && done >= total ? "full" : done ? "some" : "none",
		     (long long)m->user.id, c->number);
		html_url(b, s->exercises[i].id);
		html(b, "\">%d/%d<span class=\"sr-only\"> answered: %s, %s, "
		     "%s</span></a> ", done, total, m->user.name,
		     s->exercises[i].title,
		     l->shared[i] ? "shared" : "private");
		if (l->optional_done[i])
			html(b, "<span class=\"opt\">+%d optional</span> ",
			     l->optional_done[i]);
		html(b, "<span class=\"%s\" aria-hidden=\"true\">%s</span>",
		     l->shared[i] ? "tag shared" : "tag",
		     l->shared[i] ? "shared" : "private");
		if (l->open[i])
			html(b, " <span class=\"opt\">%d open thread%s</span>",
			     l->open[i], l->open[i] == 1 ? "" : "s");
		html_raw(b, "</td>");
	}
	/* (html() escapes every %s: the attribute is in the format.) */
	if (late)
		html(b, "<td class=\"late\">Behind: %s", why);
	else
		html(b, "<td>%s", why);
	if (l->nudged) {
		char at[40];

		when_minute(at, sizeof(at), l->nudged);
		html(b, "<br><span class=\"opt\">nudged %s%s%s</span>", at,
		     l->nudged_by[0] ? " by " : "", l->nudged_by);
	}
	html_raw(b, "</td></tr>");
}

void ui_dashboard(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	/* The router checked the facilitator (ACCESS_FACILITATOR). */
	const struct cohort c = pg->authz.cohort_row;
	struct dash *d;
	const struct session *s;
	int64_t now = store_now(pg->st);
	char why[80], title[STORE_NAME_MAX + 32];
	size_t i, late = 0;

	if (!(s = course_get(c.number))) {
		page_fail(pg, 404, "This cohort's session is not loaded.");
		return;
	}
	if (dash_get(pg, &c, s, &d) != STORE_OK) {
		page_fail(pg, 503, "The dashboard could not be read; try "
			  "again in a moment.");
		return;
	}

	snprintf(title, sizeof(title), "Dashboard: %s", c.name);
	page_begin(pg, title);
	html(b, "<p class=\"crumbs\"><a href=\"/c/%lld\">%s</a></p>"
	     "<h1>Dashboard</h1><p class=\"facil\"><a href=\"/c/%lld/"
	     "answers.csv\">Download every answer (CSV)</a> · <a href=\"/c/%lld"
	     "/review\">Final review</a></p>", (long long)c.id, c.name,
	     (long long)c.id, (long long)c.id);
	for (i = 0; i < d->n; i++) {
		if (!behind(&d->v[i], now, why, sizeof(why)))
			continue;
		html_raw(b, late++ ? ", " : "<p class=\"late\"><strong>"
			 "Behind on check-ins:</strong> ");
		html_txt(b, d->v[i].m.user.name);
	}
	html_raw(b, late ? ".</p>" : "<p>Nobody is behind on check-ins.</p>");
	if (d->n)
		at_risk_section(pg, &c, d, now);
	if (!d->n) {
		html(b, "<p>No participant has joined yet. <a href=\"/c/%lld"
		     "#invites\">Make an invite link</a>.</p>", (long long)c.id);
		goto done;
	}
	html(b, "<div class=\"scroll\"><table class=\"dashboard\"><caption>"
	     "Session %d: %d participants; each exercise shows prompts "
	     "answered of its total (optional prompts counted apart) and "
	     "whether the plan is shared, with its open comment threads"
	     "</caption><thead><tr><th scope=\"col\">Participant</th>"
	     "<th scope=\"col\">Readings</th>", c.number, (int)d->n);
	for (i = 0; i < d->ne; i++)
		html(b, "<th scope=\"col\">%s</th>", s->exercises[i].title);
	html_raw(b, "<th scope=\"col\">Check-ins</th></tr></thead><tbody>");
	for (i = 0; i < d->n; i++)
		dashboard_row(b, &c, d, &d->v[i], now);
	html_raw(b, "</tbody></table></div>");
	spread_html(b, &d->spread, agendas_current(), (int)d->n);
	spread_roles_html(b, &d->roles, (int)d->n);
done:
	page_end(pg);
	dash_put(d);
}

/* ---- answers.csv ---- */

/* The roster's answers, each participant's in its workbook (r->n of
 * them, each to release, then the array), read in one statement; NULL
 * when they could not be read. */
static struct workbook *roster_answers(struct store *st,
				       const struct cohort *c,
				       const struct roster *r)
{
	int64_t *users = calloc(r->n ? r->n : 1, sizeof(*users));
	struct workbook *wb = calloc(r->n ? r->n : 1, sizeof(*wb));
	int rc = STORE_ERR;

	for (size_t i = 0; users && i < r->n; i++)
		users[i] = r->v[i].user.id;
	if (users && wb)
		rc = workbook_load_cohort(st, c->id, c->number, users, r->n,
					  wb);
	free(users);
	if (rc != STORE_OK) {
		free(wb);
		return NULL;
	}
	return wb;
}

void ui_answers_csv(struct page *pg)
{
	/* The router checked the facilitator (ACCESS_FACILITATOR). */
	const struct cohort c = pg->authz.cohort_row;
	struct roster r;
	struct csv w;
	const struct session *s;
	struct buf *b = &pg->rs->body;
	struct workbook *wb;
	size_t i, j, k;

	if (!(s = course_get(c.number))) {
		page_fail(pg, 404, "This cohort's session is not loaded.");
		return;
	}
	if (roster_load(pg->st, c.id, true, &r) != STORE_OK) {
		page_fail(pg, 503, "The answers could not be read; try again "
			  "in a moment.");
		return;
	}
	if (!(wb = roster_answers(pg->st, &c, &r))) {
		roster_release(&r);
		page_fail(pg, 503, "The answers could not be read; try again "
			  "in a moment.");
		return;
	}
	csv_init(&w, b);
	csv_field(&w, "cohort");
	csv_field(&w, "member");
	csv_field(&w, "email");
	csv_field(&w, "exercise");
	csv_field(&w, "prompt id");
	csv_field(&w, "prompt");
	csv_field(&w, "answer");
	csv_end_row(&w);
	for (i = 0; i < r.n; i++) {
		const struct member *m = &r.v[i];

		for (j = 0; j < s->nr_exercises; j++) {
			const struct exercise *e = &s->exercises[j];

			for (k = 0; k < e->nr_prompts; k++) {
				const struct wb_answer *a =
					workbook_answer(&wb[i],
							e->prompts[k].id);

				csv_field(&w, c.name);
				csv_field(&w, m->user.name);
				csv_field(&w, m->user.email);
				csv_field(&w, e->title);
				csv_field(&w, e->prompts[k].id);
				csv_field(&w, prompt_label(&e->prompts[k]));
				kind_of(&e->prompts[k])->csv(&w,
					&e->prompts[k], a ? a->value : "",
					a ? a->len : 0);
				csv_end_row(&w);
			}
		}
		workbook_release(&wb[i]);
	}
	free(wb);
	roster_release(&r);
	if (b->err) {
		page_fail(pg, 503, "The answers are too large to export.");
		return;
	}
	pg->rs->content_type = "text/csv; charset=utf-8";
	response_header(pg->rs, "Content-Disposition",
			"attachment; filename=\"cohort-%lld-answers.csv\"",
			(long long)c.id);
}
