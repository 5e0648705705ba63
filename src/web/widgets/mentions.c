/*
 * mentions.c: @mentions on a plan's comments and the notices a new
 * comment makes (mentions.h).
 */
#include "web/widgets/mentions.h"

#include "auth/authz.h"
#include "core/html.h"
#include "mail/notify.h"
#include "mail/sender.h"
#include "model/session.h"
#include "web/page.h"
#include "web/widgets/thread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- who may be mentioned ---- */

struct ids {
	int64_t v[64];
	size_t n;
	int number;
};

static int on_cohort(void *ctx, const struct cohort *c)
{
	struct ids *ids = ctx;

	if (c->number == ids->number)
		ids->v[ids->n++] = c->id;
	return ids->n == sizeof(ids->v) / sizeof(*ids->v);
}

struct people {
	struct member *m;
	size_t n, alloc;
	int oom;
};

static int on_member(void *ctx, const struct member *m)
{
	struct people *p = ctx;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->m[i].user.id == m->user.id)
			return 0;
	if (p->n == MENTION_PEOPLE_MAX)
		return 1;
	if (p->n == p->alloc) {
		size_t na = p->alloc ? 2 * p->alloc : 32;
		struct member *v = realloc(p->m, na * sizeof(*v));

		if (!v)
			return p->oom = 1;
		p->m = v;
		p->alloc = na;
	}
	p->m[p->n++] = *m;
	return 0;
}

/* Keep those of the members who may read the plan's comments. */
static int keep_readers(struct store *st, const struct plan_ref *pr,
			struct people *p, struct mention_people *out)
{
	size_t i;
	int access;

	out->who = calloc(p->n + 1, sizeof(*out->who));
	out->names = calloc(p->n + 1, sizeof(*out->names));
	if (!out->who || !out->names)
		return STORE_ERR;
	for (i = 0; i < p->n; i++) {
		struct user *u = &p->m[i].user;

		access = PLAN_NONE;
		if (u->id != pr->owner.id &&
		    (authz_plan(st, u, pr->owner.id, pr->s->number, pr->e->id,
				&access) != STORE_OK ||
		     !authz_may_comment(access)))
			continue;
		snprintf(out->names[out->n], sizeof(*out->names), "%s",
			 u->name);
		out->who[out->n] = (struct mention_who){ u->id,
							 out->names[out->n] };
		out->n++;
	}
	return STORE_OK;
}

int mention_people(struct store *st, const struct plan_ref *pr,
		   struct mention_people *out)
{
	struct ids ids = { .n = 0, .number = pr->s->number };
	struct people p = { 0 };
	struct member owner = { .user = pr->owner };
	size_t i;
	int r;

	memset(out, 0, sizeof(*out));
	on_member(&p, &owner);
	r = store_cohort_list(st, pr->owner.id, on_cohort, &ids);
	for (i = 0; r == STORE_OK && i < ids.n; i++)
		r = store_member_list(st, ids.v[i], on_member, &p);
	if (r == STORE_OK && p.oom)
		r = STORE_ERR;
	if (r == STORE_OK)
		r = keep_readers(st, pr, &p, out);
	free(p.m);
	if (r != STORE_OK)
		mention_people_release(out);
	return r;
}

void mention_people_release(struct mention_people *p)
{
	free(p->who);
	free(p->names);
	memset(p, 0, sizeof(*p));
}

void mention_html(struct buf *b, const char *s, size_t n,
		  const struct mention_who *who, size_t nwho)
{
	struct mention m[MENTION_MAX];
	size_t k, count, at = 0;

	count = nwho ? mention_find(s, n, who, nwho, m, MENTION_MAX) : 0;
	for (k = 0; k < count; k++) {
		if (m[k].kind != MENTION_FOUND)
			continue;
		html_txtn(b, s + at, m[k].at - at);
		html_raw(b, "<strong class=\"mention\">");
		html_txtn(b, s + m[k].at, m[k].len);
		html_raw(b, "</strong>");
		at = m[k].at + m[k].len;
	}
	html_txtn(b, s + at, n - at);
}

/* ---- the notices of a new comment ---- */

#define NOTIFY_MAX 60           /* owner, parent's author, mentions */

struct outgoing {
	struct notice_new nv[NOTIFY_MAX];
	struct notify_one one[NOTIFY_MAX];
	size_t n;
	int64_t mentioned[MENTION_MAX];
	size_t n_mentioned;
};

/* The first bytes of a text, cut before a character's start. */
static size_t excerpt(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

int notify_one_make(struct page *pg, struct notify_one *n,
		    const struct user *to, int kind, const char *what,
		    const char *body, const char *link)
{
	char subject[640], err[200];
	struct buf text;
	int modes[NOTICE_KINDS], r;

	memset(n, 0, sizeof(*n));
	if ((r = store_notice_prefs(pg->st, to->id, modes)) != STORE_OK)
		return r;
	snprintf(subject, sizeof(subject), "%s %s", pg->user.name, what);
	snprintf(n->link, sizeof(n->link), "%s", link);
	/* The list and the digest show what was said, in short. */
	if (body && *body)
		snprintf(n->text, sizeof(n->text), "%s: \"%.*s%s\"", subject,
			 (int)excerpt(body, 200), body,
			 strlen(body) > 200 ? "..." : "");
	else
		snprintf(n->text, sizeof(n->text), "%s", subject);
	n->nv = (struct notice_new){
		.user_id = to->id, .kind = kind, .actor = pg->user.id,
		.text = n->text, .link = n->link, .mode = modes[kind],
	};
	if (modes[kind] != NOTICE_EACH)
		return STORE_OK;
	buf_init(&text, MAIL_BODY_MAX);
	buf_addf(&text, "%s.\n", subject);
	if (body && *body)
		buf_addf(&text, "\n%.*s%s\n", (int)excerpt(body, 600), body,
			 strlen(body) > 600 ? " ..." : "");
	if (notify_mail_make(&n->mail, pg->st, to, kind, subject, text.data,
			     link, err, sizeof(err)))
		fprintf(stderr, "alignplan: a notice's mail to user %lld: %s\n",
			(long long)to->id, err);
	else {
		n->has_mail = true;
		n->nv.mail = &n->mail.m;
	}
	buf_release(&text);
	return STORE_OK;
}

void notify_one_release(struct notify_one *n)
{
	if (n->has_mail)
		notify_mail_release(&n->mail);
	n->has_mail = false;
}

/* One notice to person `to` (once: an earlier one for them wins). */
static void add_one(struct page *pg, struct outgoing *o, const char *link,
		    const struct user *to, int kind, const char *what,
		    const char *body)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (o->nv[i].user_id == to->id)
			return;
	if (o->n == NOTIFY_MAX || to->id == pg->user.id ||
	    notify_one_make(pg, &o->one[i], to, kind, what, body, link) !=
		    STORE_OK)
		return;
	o->nv[i] = o->one[i].nv;
	o->n++;
}

/* Resolve the mentions of body among the plan's readers: each person
 * found once into o->mentioned, the others said in `said`. */
static int resolve(struct page *pg, const struct plan_ref *pr,
		   const char *body, struct outgoing *o, struct buf *said)
{
	struct mention_people p;
	struct mention m[MENTION_MAX];
	size_t k, j, count;
	int r;

	if (!strchr(body, '@'))
		return STORE_OK;
	if ((r = mention_people(pg->st, pr, &p)) != STORE_OK)
		return r;
	count = mention_find(body, strlen(body), p.who, p.n, m, MENTION_MAX);
	for (k = 0; k < count; k++) {
		if (m[k].kind != MENTION_FOUND) {
			buf_addf(said, "%s%.*s %s", said->len ? "; " : "",
				 (int)m[k].len, body + m[k].at,
				 m[k].kind == MENTION_AMBIGUOUS ?
				 "names more than one person who can see "
				 "this plan" : "names nobody who can see this "
				 "plan");
			continue;
		}
		for (j = 0; j < o->n_mentioned; j++)
			if (o->mentioned[j] == m[k].user)
				break;
		if (j == o->n_mentioned)
			o->mentioned[o->n_mentioned++] = m[k].user;
	}
	mention_people_release(&p);
	return STORE_OK;
}

static void outgoing_release(struct outgoing *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		notify_one_release(&o->one[i]);
	free(o);
}

int notify_comment(struct page *pg, const struct plan_ref *pr,
		   struct comment *c, const char *body,
		   const struct comment *parent, struct buf *said)
{
	struct outgoing *o = calloc(1, sizeof(*o));
	char link[STORE_NOTICE_LINK_MAX + 1], what[400];
	struct user u;
	size_t k;
	int r;

	if (!o)
		return STORE_ERR;
	snprintf(link, sizeof(link), "/p/%lld/%d/%s", (long long)pr->owner.id,
		 pr->s->number, pr->e->id);
	if ((r = resolve(pg, pr, body, o, said)) != STORE_OK)
		goto out;
	for (k = 0; k < o->n_mentioned; k++) {
		if (store_user_by_id(pg->st, o->mentioned[k], &u) != STORE_OK)
			continue;
		if (u.id == pr->owner.id)
			snprintf(what, sizeof(what), "mentioned you in a "
				 "comment on your plan \"%s\"", pr->e->title);
		else
			snprintf(what, sizeof(what), "mentioned you in a "
				 "comment on %s's plan \"%s\"", pr->owner.name,
				 pr->e->title);
		add_one(pg, o, link, &u, NOTICE_MENTION, what, body);
	}
	if (parent && store_user_by_id(pg->st, parent->author, &u) ==
		    STORE_OK) {
		snprintf(what, sizeof(what), "replied to your comment on %s's "
			 "plan \"%s\"", pr->owner.name, pr->e->title);
		add_one(pg, o, link, &u, NOTICE_REPLY, what, body);
	}
	snprintf(what, sizeof(what), "commented on your plan \"%s\"",
		 pr->e->title);
	add_one(pg, o, link, &pr->owner, NOTICE_COMMENT, what, body);
	r = store_comment_add_notify(pg->st, c, body, o->mentioned,
				     o->n_mentioned, o->nv, o->n);
	if (r == STORE_OK)
		sender_poke();
out:
	outgoing_release(o);
	return r;
}
