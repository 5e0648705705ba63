/*
 * people.c: the people directory (issue 13, docs/agendas.md "People").
 *
 *   GET  /people              for someone who has not opted in, what the
 *                             directory is and a link to opt in, nothing
 *                             else; for someone who has: suggestions with
 *                             their reasons, intros, the directory
 *                             (?agenda=ID filters it)
 *   GET  /people/USER         one person's profile (both opted in): the
 *                             parts they show, and the intro between you
 *   POST /people/USER/intro   action=request (note=...), accept, decline
 *                             or withdraw: the visitor is always one side
 *
 * Who may see what is the route's (ACCESS_PEOPLE, ACCESS_PROFILE); who
 * may move an intro from which state to which is store_intro_act()'s;
 * the email of the other side is read only once an intro is accepted.
 */
#include "web/pages/people.h"

#include "auth/authz.h"
#include "core/buf.h"
#include "core/form.h"
#include "core/html.h"
#include "model/agenda.h"
#include "web/agendas.h"
#include "web/widgets/matching.h"
#include "web/widgets/mentions.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIRECTORY_PAGE 50
#define SUGGESTIONS 10

/* A list of lines, comma-separated; agenda ids by their titles. */
static void lines_html(struct buf *b, const char *list, bool agendas)
{
	const struct agenda_catalog *c = agendas ? agendas_current() : NULL;
	char id[PROFILE_LINE_MAX + 1];
	int first = 1;

	while (*list) {
		size_t n = strcspn(list, "\n");
		const struct agenda *a = NULL;

		snprintf(id, sizeof(id), "%.*s", (int)n, list);
		a = c ? agenda_find(c, id) : NULL;
		html(b, "%s%s", first ? "" : ", ", a ? a->title : id);
		first = 0;
		list += n + (list[n] == '\n');
	}
}

static void open_html(struct buf *b, unsigned open, int capacity)
{
	int n = 0;

	if (open & OPEN_PARTNER)
		html(b, "%sa project partner", n++ ? "; " : "");
	if (open & OPEN_MENTEE)
		html(b, "%sbeing mentored", n++ ? "; " : "");
	if (open & OPEN_MENTOR)
		html(b, "%smentoring (up to %d)", n++ ? "; " : "", capacity);
}

/* What p shows, as a definition list. */
static void shown_html(struct buf *b, const struct profile *p)
{
	html_raw(b, "<dl class=\"profile\">");
	if ((p->shown & SHOW_AGENDAS) && *p->agendas) {
		html_raw(b, "<dt>Agendas</dt><dd>");
		lines_html(b, p->agendas, true);
		html_raw(b, "</dd>");
	}
	if ((p->shown & SHOW_ROLES) && *p->roles) {
		html_raw(b, "<dt>Aims at</dt><dd>");
		lines_html(b, p->roles, false);
		html_raw(b, "</dd>");
	}
	if ((p->shown & SHOW_SKILLS) && *p->offers) {
		html_raw(b, "<dt>Offers</dt><dd>");
		lines_html(b, p->offers, false);
		html_raw(b, "</dd>");
	}
	if ((p->shown & SHOW_SKILLS) && *p->wants) {
		html_raw(b, "<dt>Wants</dt><dd>");
		lines_html(b, p->wants, false);
		html_raw(b, "</dd>");
	}
	if (p->shown & SHOW_TZ) {
		char tz[16];

		snprintf(tz, sizeof(tz), "%s%02d:%02d", p->utc_offset < 0 ?
			 "\xe2\x88\x92" : "+", abs(p->utc_offset) / 60,
			 abs(p->utc_offset) % 60);
		html(b, "<dt>Time zone</dt><dd>UTC%s</dd>", tz);
	}
	if ((p->shown & SHOW_OPEN) && p->open) {
		html_raw(b, "<dt>Open to</dt><dd>");
		open_html(b, p->open, p->mentor_capacity);
		html_raw(b, "</dd>");
	}
	html_raw(b, "</dl>");
}

static void not_opted(struct page *pg)
{
	struct buf *b = &pg->rs->body;

	page_begin(pg, "People");
	html_raw(b, "<h1>People</h1><p>The people directory helps you find "
		 "project partners, mentors and people to learn from among "
		 "everyone on the course who opted in: suggestions ranked "
		 "by shared research agendas, roles and skills, each with its "
		 "reasons, introductions both sides agree to, and project "
		 "teams.</p><p>It is off until you opt in, and then only "
		 "people who opted in too see the parts of your profile you "
		 "choose to show.</p><p><a href=\"/people/profile\">Set up "
		 "your profile and opt in</a></p>");
	page_end(pg);
}

static void suggestions(struct page *pg, struct profile *mine)
{
	struct buf *b = &pg->rs->body;
	struct match_person *me = malloc(sizeof(*me)), *pop = NULL;
	struct match_result *out = malloc(SUGGESTIONS * sizeof(*out));
	int n = -1;

	html_raw(b, "<h2 id=\"suggested\">Suggested for you</h2>");
	if (me && out) {
		me->p = *mine;
		match_person_init(me);
		n = matching_suggest(pg->st, me, out, SUGGESTIONS, &pop);
	}
	if (n < 0)
		html_raw(b, "<p class=\"error\">Suggestions could not be "
			 "worked out just now.</p>");
	else if (!n)
		html_raw(b, "<p>No suggestions yet: they come from shared "
			 "agendas, roles and skills, and from what you are "
			 "open to. Add to <a href=\"/people/profile\">your "
			 "profile</a>, or look again later.</p>");
	for (int i = 0; i < n; i++) {
		const struct match_person *who = (const void *)
			((const char *)out[i].who -
			 offsetof(struct match_person, m));

		html(b, "<section class=\"suggestion\"><h3><a href=\"/people/"
		     "%lld\">%s</a> <span class=\"meta\">score %d</span></h3>",
		     (long long)who->p.user, who->p.name, out[i].score);
		matching_reasons(b, &out[i], agendas_current());
		html_raw(b, "</section>");
	}
	free(pop);
	free(me);
	free(out);
}

/* The buttons of one intro, for the visitor `me`; `other` the other. */
static void intro_forms(struct page *pg, const struct intro *in, int64_t me,
			int64_t other)
{
	struct buf *b = &pg->rs->body;
	static const char *const acts[][2] = {
		{ "accept", "Accept" }, { "decline", "Decline" },
		{ "withdraw", "Withdraw" }, { "request", "Request an intro" },
	};
	size_t from = 3, to = 4;

	if (in && in->state == INTRO_WAITING && in->asked == me)
		from = 0, to = 2;
	else if (in && in->state == INTRO_WAITING)
		from = 2, to = 3;
	else if (in)
		return;
	for (size_t i = from; i < to; i++) {
		html(b, "<form method=\"post\" action=\"/people/%lld/intro\" "
		     "class=\"inline\"><input type=\"hidden\" name=\"action\" "
		     "value=\"%s\">", (long long)other, acts[i][0]);
		page_csrf_field(pg);
		html(b, "<button type=\"submit\">%s</button></form> ",
		     acts[i][1]);
	}
}

static const char *intro_words(const struct intro *in, int64_t me)
{
	switch (in->state) {
	case INTRO_WAITING:
		return in->asker == me ? "You asked for an intro; waiting for "
		       "their answer." : "They asked to be introduced to you.";
	case INTRO_ACCEPTED:
		return "Introduced: you both agreed.";
	default:
		return in->asker == me ? "They declined your request." :
		       "You declined their request.";
	}
}

struct intro_walk {
	struct page *pg;
	int n;
};

static int on_intro(void *ctx, const struct intro *in)
{
	struct intro_walk *w = ctx;
	struct buf *b = &w->pg->rs->body;
	int64_t me = w->pg->user.id;
	int64_t other = in->asker == me ? in->asked : in->asker;

	if (!w->n++)
		html_raw(b, "<ul class=\"intros\">");
	html(b, "<li><a href=\"/people/%lld\">%s</a>: %s", (long long)other,
	     in->name, intro_words(in, me));
	if (in->state == INTRO_ACCEPTED && *in->email)
		html(b, " Contact: <a href=\"mailto:%s\">%s</a>.", in->email,
		     in->email);
	html_raw(b, " ");
	intro_forms(w->pg, in, me, other);
	html_raw(b, "</li>");
	return w->n >= 100;
}

struct dir_walk {
	struct buf *b;
	int64_t me;
	int n;
};

static int on_person(void *ctx, const struct profile *p)
{
	struct dir_walk *w = ctx;

	if (!w->n++)
		html_raw(w->b, "<ul class=\"directory\">");
	html(w->b, "<li><a href=\"/people/%lld\">%s</a>%s", (long long)p->user,
	     p->name, p->user == w->me ? " (you)" : "");
	shown_html(w->b, p);
	html_raw(w->b, "</li>");
	return 0;
}

static void directory(struct page *pg)
{
	struct buf *b = &pg->rs->body, ag;
	const struct agenda_catalog *c = agendas_current();
	struct dir_walk w = { b, pg->user.id, 0 };
	char tag[AGENDA_ID_MAX + 3];
	int rc;

	buf_init(&ag, AGENDA_ID_MAX + 1);
	form_get(pg->rq->query, strlen(pg->rq->query), "agenda", 0, &ag);
	html_raw(b, "<h2 id=\"directory\">Directory</h2><form method=\"get\" "
		 "action=\"/people\" class=\"filter\"><label for=\"f-agenda\">"
		 "Research agenda</label><select id=\"f-agenda\" "
		 "name=\"agenda\"><option value=\"\">Any</option>");
	for (size_t i = 0; c && i < c->nr_agendas; i++)
		html(b, "<option value=\"%s\"%s>%s</option>", c->agendas[i].id,
		     !strcmp(ag.data, c->agendas[i].id) ? " selected" : "",
		     c->agendas[i].title);
	html_raw(b, "</select><button type=\"submit\">Filter</button></form>");
	if (ag.len && agenda_id_valid(ag.data)) {
		snprintf(tag, sizeof(tag), "a:%s", ag.data);
		rc = store_profile_by_tag(pg->st, tag, DIRECTORY_PAGE,
					  on_person, &w);
	} else
		rc = store_profile_list(pg->st, DIRECTORY_PAGE, 0, on_person,
					&w);
	html_raw(b, rc != STORE_OK ? "<p class=\"error\">The directory could "
		 "not be read just now.</p>" : w.n ? "</ul>" :
		 "<p>Nobody matches that yet.</p>");
	buf_release(&ag);
}

void ui_people(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	struct profile *mine = malloc(sizeof(*mine));
	struct intro_walk w = { pg, 0 };
	int rc;

	if (!mine) {
		page_fail(pg, 503, "Out of memory; try again in a moment.");
		return;
	}
	rc = store_profile_get(pg->st, pg->user.id, mine);
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && !mine->opted_in)) {
		not_opted(pg);
	} else if (rc != STORE_OK) {
		page_fail(pg, 503, "Your profile could not be read; try again "
			  "in a moment.");
	} else {
		page_begin(pg, "People");
		html_raw(b, "<h1>People</h1><p><a href=\"/people/profile\">"
			 "Your profile</a> · <a href=\"/teams\">Project "
			 "teams</a></p>");
		suggestions(pg, mine);
		html_raw(b, "<h2 id=\"intros\">Intros</h2>");
		if (store_intro_list(pg->st, pg->user.id, on_intro, &w) !=
		    STORE_OK)
			html_raw(b, "<p class=\"error\">Intros could not be "
				 "read just now.</p>");
		html_raw(b, w.n ? "</ul>" : "<p>No intros yet.</p>");
		directory(pg);
		page_end(pg);
	}
	free(mine);
}

void ui_person(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	/* The router checked both opted in (ACCESS_PROFILE). */
	int64_t id = pg->authz.owner;
	struct profile *p = malloc(sizeof(*p));
	struct intro *in = malloc(sizeof(*in));
	int rc = p && in ? store_profile_get(pg->st, id, p) : STORE_ERR;
	int irc = rc == STORE_OK ? store_intro_get(pg->st, pg->user.id, id, in)
		  : rc;

	if (rc != STORE_OK || (irc != STORE_OK && irc != STORE_NOTFOUND)) {
		page_fail(pg, 503, "This profile could not be read; try again "
			  "in a moment.");
		goto out;
	}
	page_begin(pg, p->name);
	html(b, "<p class=\"crumbs\"><a href=\"/people\">People</a></p>"
	     "<h1>%s</h1>", p->name);
	shown_html(b, p);
	if (id != pg->user.id) {
		html_raw(b, "<h2>Intro</h2>");
		if (irc == STORE_OK) {
			html(b, "<p>%s", intro_words(in, pg->user.id));
			if (in->state == INTRO_ACCEPTED && *in->email)
				html(b, " Contact: <a href=\"mailto:%s\">%s</a>"
				     ".", in->email, in->email);
			html_raw(b, "</p>");
		} else
			html_raw(b, "<p>Asking for an intro tells them, and "
				 "gives each of you the other's email once "
				 "they accept.</p>");
		intro_forms(pg, irc == STORE_OK ? in : NULL, pg->user.id, id);
	}
	page_end(pg);
out:
	free(p);
	free(in);
}

/* Act on the intro with `other`; a request tells them, an acceptance
 * tells the one who asked (NOTICE_INTRO, in-app and by mail as they
 * chose), in the act's transaction. */
static int intro_act(struct page *pg, int64_t other, enum intro_action a,
		     const char *note)
{
	struct notify_one n;
	struct user to;
	char link[48];
	int rc;

	if (a != INTRO_REQUEST && a != INTRO_ACCEPT)
		return store_intro_act(pg->st, pg->user.id, other, a, note);
	rc = store_user_by_id(pg->st, other, &to);
	if (rc != STORE_OK)
		return rc;
	snprintf(link, sizeof(link), "/people/%lld", (long long)pg->user.id);
	rc = notify_one_make(pg, &n, &to, NOTICE_INTRO,
			     a == INTRO_REQUEST ? "asks to be introduced to you "
			     "in the people directory" : "accepted your intro "
			     "request: you can now see each other's email",
			     a == INTRO_REQUEST ? note : NULL, link);
	if (rc != STORE_OK)
		return rc;
	rc = store_intro_act_notify(pg->st, pg->user.id, other, a, note,
				    &n.nv, 1);
	notify_one_release(&n);
	return rc;
}

void ui_intro(struct page *pg)
{
	static const struct { const char *w; enum intro_action a; } acts[] = {
		{ "request", INTRO_REQUEST }, { "accept", INTRO_ACCEPT },
		{ "decline", INTRO_DECLINE }, { "withdraw", INTRO_WITHDRAW },
	};
	int64_t other = authz_parse_id(pg->rq->param[0]);
	struct buf act, note;
	char back[48];
	size_t i;
	int rc;

	if (!page_post_ok(pg))
		return;
	buf_init(&act, 16);
	buf_init(&note, STORE_TEXT_MAX);
	page_field(pg, "action", 0, &act);
	page_field(pg, "note", 0, &note);
	for (i = 0; i < sizeof(acts) / sizeof(*acts); i++)
		if (!strcmp(act.data, acts[i].w))
			break;
	if (other <= 0 || i == sizeof(acts) / sizeof(*acts))
		page_fail(pg, 400, "That is not something one can do with an "
			  "intro.");
	else if ((rc = intro_act(pg, other, acts[i].a, note.data)) ==
		 STORE_NOTFOUND)
		page_fail(pg, 404, "There is no such intro to act on (both "
			  "people must be in the directory).");
	else if (rc == STORE_EXISTS)
		page_fail(pg, 409, "There is an intro between you already.");
	else if (rc == STORE_FULL)
		page_fail(pg, 429, "You have " UI_STR(STORE_INTROS_WAITING_MAX)
			  " intro requests waiting for an answer; withdraw "
			  "one first.");
	else if (rc != STORE_OK)
		page_store_failed(pg, rc);
	else {
		snprintf(back, sizeof(back), "/people/%lld", (long long)other);
		page_saved(pg, back);
	}
	buf_release(&act);
	buf_release(&note);
}
