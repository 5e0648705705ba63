/*
 * remind.c: the reminder pass (remind.h): milestones and cheap tests due
 * in two days, partners' missed check-ins, the final review session.
 * Each walk reads its rows first and writes after (a store callback may
 * not call the store), and every reminder is claimed by its key in the
 * transaction that adds it.
 */
#include "web/remind.h"

#include "core/buf.h"
#include "core/tz.h"
#include "export/plan.h"
#include "mail/notify.h"
#include "model/answer.h"
#include "model/session.h"
#include "store/store.h"
#include "web/courses.h"
#include "web/widgets/when.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

/* A growing array of fixed-size items, or a sticky out-of-memory. */
struct vec {
	void *v;
	size_t n, alloc, size;
	int oom;
};

static void *vec_push(struct vec *a)
{
	if (a->n == a->alloc) {
		size_t na = a->alloc ? 2 * a->alloc : 16;
		void *nv = realloc(a->v, na * a->size);

		if (!nv) {
			a->oom = 1;
			return NULL;
		}
		a->v = nv;
		a->alloc = na;
	}
	return (char *)a->v + a->size * a->n++;
}

/* One reminder to `user`, unless its key was made: the notice and, for
 * a person who wants each at once, its mail; 1 when made now. */
static int remind_one(struct store *st, const char *key, int64_t user,
		      int kind, const char *subject, const char *text,
		      const char *link)
{
	struct notify_mail nm;
	struct notice_new nv;
	struct user to;
	int modes[NOTICE_KINDS], made = 0, has_mail = 0, r;
	char err[200];

	if ((r = store_once_made(st, key, &made)) != STORE_OK || made)
		return r == STORE_OK ? 0 : -1;
	if (store_user_by_id(st, user, &to) != STORE_OK ||
	    store_notice_prefs(st, user, modes) != STORE_OK)
		return -1;
	nv = (struct notice_new){
		.user_id = user, .kind = kind, .text = text, .link = link,
		.mode = modes[kind],
	};
	if (modes[kind] == NOTICE_EACH) {
		if (notify_mail_make(&nm, st, &to, kind, subject, text, link,
				     err, sizeof(err)))
			fprintf(stderr, "alignplan: a reminder's mail to user "
				"%lld: %s\n", (long long)user, err);
		else {
			has_mail = 1;
			nv.mail = &nm.m;
		}
	}
	r = store_notice_once(st, key, &nv);
	if (has_mail)
		notify_mail_release(&nm);
	return r == STORE_OK ? 1 : r == STORE_EXISTS ? 0 : -1;
}

static void day_text(char out[16], int day)
{
	struct buf b = BUF_INIT;

	answer_put_date(&b, day);
	snprintf(out, 16, "%s", b.data ? b.data : "?");
	buf_release(&b);
}

/* A cut copy of user text for a notice, ending on a character. */
static void excerpt(char *out, size_t size, const char *s, size_t n)
{
	if (n >= size) {
		/* s[n] is the first byte left out: never half a character */
		n = size - 1;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* ---- milestones ---- */

struct due_ms {
	int64_t user;
	int number, day;
	const char *prompt;
	char name[160];
	unsigned char hash[8];      /* of the whole name */
};

struct ms_walk {
	const struct prompt *p;
	int number, date_col, from, to;
	struct vec *out;
};

static int on_ms_answer(void *ctx, int64_t user, const char *value,
			size_t len)
{
	struct ms_walk *w = ctx;
	struct span row;
	int day;

	(void)len;
	while (answer_next(&value, &row)) {
		struct span name = answer_cell(row, 0);
		struct due_ms *m;

		if (!answer_date(answer_cell(row, (size_t)w->date_col), &day) ||
		    day < w->from || day > w->to || !name.n)
			continue;
		if (!(m = vec_push(w->out)))
			return 1;
		m->user = user;
		m->number = w->number;
		m->day = day;
		m->prompt = w->p->id;
		excerpt(m->name, sizeof(m->name), name.s, name.n);
		crypto_generichash(m->hash, sizeof(m->hash),
				   (const unsigned char *)name.s, name.n,
				   NULL, 0);
	}
	return 0;
}

/* Is the milestone's newest check-in "done"? */
struct done_walk {
	const struct due_ms *m;
	int done;
};

static int on_ms_checkin(void *ctx, const struct checkin *c, const char *note)
{
	struct done_walk *d = ctx;
	unsigned char h[8];

	(void)note;
	if (strcmp(c->prompt_id, d->m->prompt))
		return 0;
	crypto_generichash(h, sizeof(h), (const unsigned char *)c->milestone,
			   strlen(c->milestone), NULL, 0);
	if (!memcmp(h, d->m->hash, sizeof(h)))
		d->done = c->status == CHECKIN_DONE;
	return 0;
}

static int ms_remind(struct store *st, const struct due_ms *m, int today)
{
	struct done_walk dw = { m, 0 };
	char key[STORE_ONCE_KEY_MAX], hex[17], day[16], link[64];
	char text[STORE_NOTICE_TEXT_MAX], subject[MAIL_SUBJECT_MAX];
	int in = m->day - today;

	if (store_checkin_list(st, m->user, m->number, on_ms_checkin, &dw) !=
	    STORE_OK)
		return -1;
	if (dw.done)
		return 0;
	sodium_bin2hex(hex, sizeof(hex), m->hash, sizeof(m->hash));
	day_text(day, m->day);
	snprintf(key, sizeof(key), "ms:%lld:%d:%.80s:%s:%s",
		 (long long)m->user, m->number, m->prompt, hex, day);
	snprintf(subject, sizeof(subject), "Milestone due %s: %s",
		 in == 0 ? "today" : in == 1 ? "tomorrow" : "in two days",
		 m->name);
	snprintf(text, sizeof(text), "Your milestone \"%s\" is due on %s.",
		 m->name, day);
	snprintf(link, sizeof(link), "/s/%d/checkins", m->number);
	return remind_one(st, key, m->user, NOTICE_MILESTONE, subject, text,
			  link);
}

static int milestones(struct store *st, int today, int *made)
{
	struct vec v = { .size = sizeof(struct due_ms) };
	size_t n, i, e, k;
	const struct session *all = courses_all(&n);
	int r = STORE_OK, got;
	char from[16], to[16];

	day_text(from, today);
	day_text(to, today + REMIND_WINDOW_DAYS);
	for (i = 0; r == STORE_OK && i < n; i++)
		for (e = 0; r == STORE_OK && e < all[i].nr_exercises; e++)
			for (k = 0; k < all[i].exercises[e].nr_prompts; k++) {
				const struct prompt *p =
					&all[i].exercises[e].prompts[k];
				struct ms_walk w = { p, all[i].number, 0,
						     today,
						     today + REMIND_WINDOW_DAYS,
						     &v };
				int hours;

				if (!milestone_cols(p, &w.date_col, &hours))
					continue;
				r = store_answers_dated(st, all[i].number,
							p->id, from, to,
							on_ms_answer, &w);
				if (r != STORE_OK || v.oom)
					break;
			}
	for (i = 0; r == STORE_OK && !v.oom && i < v.n; i++) {
		got = ms_remind(st, (struct due_ms *)v.v + i, today);
		if (got < 0)
			r = STORE_ERR;
		*made += got > 0;
	}
	free(v.v);
	return r == STORE_OK && !v.oom ? 0 : -1;
}

/* ---- cheap tests ---- */

struct due_ct {
	int64_t id, user;
	int number;
	char idea[STORE_IDEA_MAX + 1];
	char date[11];
};

static int on_ctest_due(void *ctx, int64_t id, int64_t user, int number,
			const char *idea, const char *date)
{
	struct vec *v = ctx;
	struct due_ct *t = vec_push(v);

	if (!t)
		return 1;
	*t = (struct due_ct){ .id = id, .user = user, .number = number };
	snprintf(t->idea, sizeof(t->idea), "%s", idea);
	snprintf(t->date, sizeof(t->date), "%s", date);
	return 0;
}

static int ctests(struct store *st, int today, int *made)
{
	struct vec v = { .size = sizeof(struct due_ct) };
	char from[16], to[16], key[STORE_ONCE_KEY_MAX], link[64];
	char text[STORE_NOTICE_TEXT_MAX], subject[MAIL_SUBJECT_MAX];
	int r, got;

	day_text(from, today);
	day_text(to, today + REMIND_WINDOW_DAYS);
	r = store_ctest_due(st, from, to, on_ctest_due, &v);
	for (size_t i = 0; r == STORE_OK && !v.oom && i < v.n; i++) {
		const struct due_ct *t = (struct due_ct *)v.v + i;

		snprintf(key, sizeof(key), "ct:%lld:%s", (long long)t->id,
			 t->date);
		snprintf(subject, sizeof(subject), "Cheap test planned for "
			 "%s: %s", t->date, t->idea);
		snprintf(text, sizeof(text), "Your cheap test of \"%s\" is "
			 "planned for %s.", t->idea, t->date);
		snprintf(link, sizeof(link), "/s/%d/tests", t->number);
		got = remind_one(st, key, t->user, NOTICE_MILESTONE, subject,
				 text, link);
		if (got < 0)
			r = STORE_ERR;
		*made += got > 0;
	}
	free(v.v);
	return r == STORE_OK && !v.oom ? 0 : -1;
}

/* ---- cohort dates: missed check-ins, the final review ---- */

struct due_cd {
	struct cdate d;
};

static int on_cdate(void *ctx, const struct cdate *d, const char *name)
{
	struct vec *v = ctx;
	struct due_cd *c = vec_push(v);

	(void)name;
	if (!c)
		return 1;
	c->d = *d;
	return 0;
}

static int on_member(void *ctx, const struct member *m)
{
	struct vec *v = ctx;
	struct member *c = vec_push(v);

	if (!c)
		return 1;
	*c = *m;
	return 0;
}

/* The check-in date before d in its cohort (the start of the span a
 * check-in was wanted in), or a week before d for the first. */
struct prev_walk {
	const struct cdate *d;
	int64_t prev;
};

static int on_prev(void *ctx, const struct cdate *d, const char *name)
{
	struct prev_walk *w = ctx;

	(void)name;
	if (d->kind == CDATE_CHECKIN && d->starts < w->d->starts &&
	    d->starts > w->prev)
		w->prev = d->starts;
	return 0;
}

static int on_partner(void *ctx, const struct partner *p)
{
	struct vec *v = ctx;
	struct partner *c = vec_push(v);

	if (!c)
		return 1;
	*c = *p;
	return 0;
}

/* Tell the accepted partners of `m` in the cohort that they missed d. */
static int missed_tell(struct store *st, const struct cdate *d,
		       const struct member *m, const char *cohort, int *made)
{
	struct vec pv = { .size = sizeof(struct partner) };
	char key[STORE_ONCE_KEY_MAX], link[64], day[WHEN_DAY_MAX];
	char text[STORE_NOTICE_TEXT_MAX], subject[MAIL_SUBJECT_MAX];
	int r, got;

	r = store_partner_list(st, m->user.id, on_partner, &pv);
	when_day(day, sizeof(day), d->starts);
	snprintf(subject, sizeof(subject), "%s missed a check-in",
		 m->user.name);
	snprintf(text, sizeof(text), "%s has not checked in since the "
		 "check-in before the one due on %s in %s. A word from you "
		 "may help.", m->user.name, day, cohort);
	snprintf(link, sizeof(link), "/p/%lld/%d/checkins",
		 (long long)m->user.id, d->number);
	for (size_t i = 0; r == STORE_OK && !pv.oom && i < pv.n; i++) {
		const struct partner *p = (struct partner *)pv.v + i;

		if (p->cohort_id != d->cohort || p->supported != m->user.id ||
		    p->state != PARTNER_ACCEPTED)
			continue;
		snprintf(key, sizeof(key), "mc:%lld:%lld:%lld",
			 (long long)d->id, (long long)m->user.id,
			 (long long)p->supporter);
		got = remind_one(st, key, p->supporter, NOTICE_MISSED, subject,
				 text, link);
		if (got < 0)
			r = STORE_ERR;
		*made += got > 0;
	}
	free(pv.v);
	return r == STORE_OK && !pv.oom ? 0 : -1;
}

static int missed_one(struct store *st, const struct cdate *d, int *made)
{
	struct vec mv = { .size = sizeof(struct member) };
	struct prev_walk pw = { d, d->starts - 7 * DAY };
	struct cohort c;
	int64_t last;
	int r;

	r = store_cohort_get(st, d->cohort, &c);
	if (r == STORE_OK)
		r = store_cdate_list(st, d->cohort, on_prev, &pw);
	if (r == STORE_OK)
		r = store_member_list(st, d->cohort, on_member, &mv);
	for (size_t i = 0; r == STORE_OK && !mv.oom && i < mv.n; i++) {
		const struct member *m = (struct member *)mv.v + i;

		/* Someone who joined after the date owed no check-in. */
		if (m->role != ROLE_PARTICIPANT || m->joined > d->starts)
			continue;
		r = store_checkin_last(st, m->user.id, d->number, &last);
		if (r == STORE_OK && last <= pw.prev &&
		    missed_tell(st, d, m, c.name, made))
			r = STORE_ERR;
	}
	free(mv.v);
	return r == STORE_OK && !mv.oom ? 0 : -1;
}

static int review_one(struct store *st, const struct cdate *d, int *made)
{
	struct vec mv = { .size = sizeof(struct member) };
	char key[STORE_ONCE_KEY_MAX], link[64], when[80];
	char zone[STORE_TZ_MAX + 1], title[STORE_CDATE_TITLE_MAX + 1];
	char text[STORE_NOTICE_TEXT_MAX], subject[MAIL_SUBJECT_MAX];
	struct cohort c;
	struct tz z;
	int r, got;

	r = store_cohort_get(st, d->cohort, &c);
	if (r == STORE_OK)
		r = store_member_list(st, d->cohort, on_member, &mv);
	snprintf(title, sizeof(title), "%s", d->title[0] ? d->title :
		 "Final review session");
	snprintf(link, sizeof(link), "/c/%lld#dates", (long long)d->cohort);
	for (size_t i = 0; r == STORE_OK && !mv.oom && i < mv.n; i++) {
		const struct member *m = (struct member *)mv.v + i;

		r = store_tz_get(st, m->user.id, zone);
		if (r != STORE_OK)
			break;
		if (!zone[0] || tz_load(zone, &z)) {
			if (tz_load("UTC", &z))
				snprintf(when, sizeof(when), "?");
			else
				when_local(when, sizeof(when), &z, d->starts);
		} else {
			when_local(when, sizeof(when), &z, d->starts);
		}
		tz_release(&z);
		snprintf(key, sizeof(key), "rv:%lld:%lld", (long long)d->id,
			 (long long)m->user.id);
		snprintf(subject, sizeof(subject), "%s of %s: %s", title,
			 c.name, when);
		snprintf(text, sizeof(text), "The final review session of %s, "
			 "\"%s\", starts %s and lasts %d minutes.", c.name,
			 title, when, d->minutes);
		got = remind_one(st, key, m->user.id, NOTICE_REVIEW, subject,
				 text, link);
		if (got < 0)
			r = STORE_ERR;
		*made += got > 0;
	}
	free(mv.v);
	return r == STORE_OK && !mv.oom ? 0 : -1;
}

/* Each date of `kind` starting in (after, upto] through fn. */
static int cdates(struct store *st, int kind, int64_t after, int64_t upto,
		  int (*fn)(struct store *, const struct cdate *, int *),
		  int *made)
{
	struct vec v = { .size = sizeof(struct due_cd) };
	int r;

	r = store_cdate_due(st, kind, after, upto, on_cdate, &v);
	for (size_t i = 0; r == STORE_OK && !v.oom && i < v.n; i++)
		if (fn(st, &((struct due_cd *)v.v)[i].d, made))
			r = STORE_ERR;
	free(v.v);
	return r == STORE_OK && !v.oom ? 0 : -1;
}

int remind_pass(struct store *st, int64_t now, struct remind_counts *out)
{
	struct remind_counts c = { 0 };
	int today = (int)(now / DAY), bad = 0;

	bad |= milestones(st, today, &c.milestones);
	bad |= ctests(st, today, &c.ctests);
	bad |= cdates(st, CDATE_CHECKIN, now - REMIND_MISSED_LATE, now,
		      missed_one, &c.missed);
	bad |= cdates(st, CDATE_REVIEW, now, now + REMIND_WINDOW_DAYS * DAY,
		      review_one, &c.reviews);
	if (store_once_prune(st, now - REMIND_KEEP) != STORE_OK)
		bad = -1;
	if (out)
		*out = c;
	return bad ? -1 : 0;
}
