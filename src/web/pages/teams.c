/*
 * teams.c: project teams among the people who opted in to the directory
 * (issue 13).
 *
 *   GET  /teams         the teams, newest first, and a form to propose one
 *   POST /teams         propose one (title, summary): its owner is its
 *                       first member
 *   GET  /teams/ID      the team: its summary, members and requests
 *   POST /teams/ID      action=join or leave (the visitor), accept or
 *                       decline (the owner, of user=ID's request); plan
 *                       (the owner: plan=N/EXERCISE, a plan of theirs
 *                       its members may read and comment on, or "")
 *
 * Every route is ACCESS_PEOPLE: someone who has not opted in sees no
 * team.  Who may do which step is store_team_act()'s.
 */
#include "web/pages/teams.h"

#include "auth/authz.h"
#include "core/buf.h"
#include "core/html.h"
#include "model/session.h"
#include "web/courses.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct list_walk {
	struct buf *b;
	int n;
};

static int on_team(void *ctx, const struct team *t)
{
	struct list_walk *w = ctx;

	if (!w->n++)
		html_raw(w->b, "<ul class=\"teams\">");
	html(w->b, "<li><a href=\"/teams/%lld\">%s</a> <span class=\"meta\">"
	     "proposed by %s</span></li>", (long long)t->id, t->title,
	     t->owner_name);
	return 0;
}

void ui_teams(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	struct list_walk w = { b, 0 };
	int rc;

	page_begin(pg, "Project teams");
	html_raw(b, "<p class=\"crumbs\"><a href=\"/people\">People</a></p>"
		 "<h1>Project teams</h1>");
	rc = store_team_list(pg->st, 100, on_team, &w);
	html_raw(b, rc != STORE_OK ? "<p class=\"error\">The teams could not "
		 "be read just now.</p>" : w.n ? "</ul>" :
		 "<p>No team has been proposed yet.</p>");
	html(b, "<h2 id=\"propose\">Propose a project</h2><form method=\"post\" "
	     "action=\"/teams\" class=\"team\">");
	page_csrf_field(pg);
	html(b, "<label for=\"f-title\">Title</label><input type=\"text\" id=\"f-title\" "
	     "name=\"title\" required maxlength=\"%d\"><label for=\"f-summary\">"
	     "What it is about, and who you are looking for</label><textarea "
	     "id=\"f-summary\" name=\"summary\" rows=\"4\" maxlength=\"%d\">"
	     "</textarea><button type=\"submit\">Propose</button></form>",
	     TEAM_TITLE_MAX, STORE_TEXT_MAX);
	page_end(pg);
}

void ui_team_propose(struct page *pg)
{
	struct team *t;
	struct buf title, summary;
	char back[48];
	int rc;

	if (!page_post_ok(pg))
		return;
	if (!(t = calloc(1, sizeof(*t)))) {
		page_fail(pg, 503, "Out of memory; nothing was saved.");
		return;
	}
	buf_init(&title, TEAM_TITLE_MAX);
	buf_init(&summary, STORE_TEXT_MAX);
	if (page_field(pg, "title", 0, &title) < 1 ||
	    page_field(pg, "summary", 0, &summary) == -2 ||
	    !text_line_valid(title.data, title.len)) {
		page_fail(pg, 422, "A team needs a title of one line, at most "
			  UI_STR(TEAM_TITLE_MAX) " bytes, and a summary of at "
			  "most " UI_STR(STORE_TEXT_MAX) "; nothing was saved.");
		goto out;
	}
	t->owner = pg->user.id;
	memcpy(t->title, title.data, title.len + 1);
	memcpy(t->summary, summary.data, summary.len + 1);
	rc = store_team_add(pg->st, t);
	if (rc == STORE_FULL)
		page_fail(pg, 429, "You have proposed " UI_STR(STORE_TEAMS_MAX)
			  " teams already.");
	else if (rc != STORE_OK)
		page_store_failed(pg, rc);
	else {
		snprintf(back, sizeof(back), "/teams/%lld", (long long)t->id);
		page_saved(pg, back);
	}
out:
	buf_release(&title);
	buf_release(&summary);
	free(t);
}

struct member_walk {
	struct page *pg;
	const struct team *t;
	int mine;           /* the visitor's state: 0 none */
	int pass;           /* 0: find the visitor; 1: members; 2: asked */
	int n;
};

static int on_member(void *ctx, int64_t user, int state, int64_t joined,
		     const char *name)
{
	struct member_walk *w = ctx;
	struct buf *b = &w->pg->rs->body;
	bool owner = w->pg->user.id == w->t->owner;

	(void)joined;
	if (w->pass == 0) {
		if (user == w->pg->user.id)
			w->mine = state;
		return 0;
	}
	if (state != (w->pass == 1 ? TEAM_MEMBER : TEAM_ASKED))
		return 0;
	if (!w->n++)
		html_raw(b, "<ul>");
	html(b, "<li>%s%s", name, user == w->t->owner ? " (proposed it)" : "");
	for (int a = 0; owner && w->pass == 2 && a < 2; a++) {
		html(b, " <form method=\"post\" action=\"/teams/%lld\" "
		     "class=\"inline\"><input type=\"hidden\" name=\"user\" "
		     "value=\"%lld\"><input type=\"hidden\" name=\"action\" "
		     "value=\"%s\">", (long long)w->t->id, (long long)user,
		     a ? "decline" : "accept");
		page_csrf_field(w->pg);
		html(b, "<button type=\"submit\">%s %s</button></form>",
		     a ? "Decline" : "Accept", name);
	}
	html_raw(b, "</li>");
	return 0;
}

/* Exercise `id` of session `number` in the catalog, or NULL. */
static const struct exercise *plan_of(int number, const char *id,
				      const struct session **s)
{
	*s = number > 0 ? course_get(number) : NULL;
	for (size_t i = 0; *s && i < (*s)->nr_exercises; i++)
		if (!strcmp((*s)->exercises[i].id, id))
			return &(*s)->exercises[i];
	return NULL;
}

/* The owner's form: which of their plans the team shares. */
static void plan_form(struct page *pg, const struct team *t)
{
	struct buf *b = &pg->rs->body;
	const struct session *all;
	size_t n;

	all = courses_all(&n);
	html(b, "<form method=\"post\" action=\"/teams/%lld\"><input "
	     "type=\"hidden\" name=\"action\" value=\"plan\">",
	     (long long)t->id);
	page_csrf_field(pg);
	html_raw(b, "<label for=\"f-plan\">Share a plan of yours with the "
		 "members</label><select id=\"f-plan\" name=\"plan\">"
		 "<option value=\"\">None</option>");
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < all[i].nr_exercises; j++) {
			const struct exercise *e = &all[i].exercises[j];

			html(b, "<option value=\"%d/%s\"%s>Session %d: %s"
			     "</option>", all[i].number, e->id,
			     t->plan_number == all[i].number &&
			     !strcmp(t->plan_exercise, e->id) ? " selected" :
			     "", all[i].number, e->title);
		}
	html_raw(b, "</select><button type=\"submit\">Share</button></form>");
}

/* The plan the team shares: a link for its members, the form for its
 * owner, a word for the others. */
static void team_plan(struct page *pg, const struct team *t, int mine)
{
	struct buf *b = &pg->rs->body;
	const struct session *s;
	const struct exercise *e = plan_of(t->plan_number, t->plan_exercise,
					   &s);
	bool owner = t->owner == pg->user.id;

	html_raw(b, "<h2 id=\"plan\">The team’s plan</h2>");
	if (!e)
		html_raw(b, "<p>No plan is shared with the team.</p>");
	else if (owner)
		html(b, "<p>Your plan <a href=\"/s/%d/e/%s\">%s</a> (session "
		     "%d) is shared with the members: they read it and "
		     "comment on it.</p>", s->number, e->id, e->title,
		     s->number);
	else if (mine == TEAM_MEMBER)
		html(b, "<p>%s shares <a href=\"/p/%lld/%d/%s\">%s</a> "
		     "(session %d) with the members.</p>", t->owner_name,
		     (long long)t->owner, s->number, e->id, e->title,
		     s->number);
	else
		html_raw(b, "<p>A plan is shared with the members.</p>");
	if (owner)
		plan_form(pg, t);
}

static void team_action(struct page *pg, const struct team *t, int mine)
{
	struct buf *b = &pg->rs->body;
	const char *act = !mine ? "join" : t->owner == pg->user.id ? NULL :
			  "leave";

	if (!act)
		return;
	html(b, "<form method=\"post\" action=\"/teams/%lld\"><input "
	     "type=\"hidden\" name=\"action\" value=\"%s\">",
	     (long long)t->id, act);
	page_csrf_field(pg);
	html(b, "<button type=\"submit\">%s</button></form>", !mine ?
	     "Ask to join" : mine == TEAM_ASKED ? "Withdraw my request" :
	     "Leave the team");
}

void ui_team(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	int64_t id = authz_parse_id(pg->rq->param[0]);
	struct team *t = malloc(sizeof(*t));
	struct member_walk w = { pg, t, 0, 0, 0 };
	int rc = !t ? STORE_ERR : id <= 0 ? STORE_NOTFOUND :
		 store_team_get(pg->st, id, t);

	for (w.pass = 0; rc == STORE_OK && w.pass < 1; w.pass++)
		rc = store_team_members(pg->st, id, on_member, &w);
	if (rc == STORE_NOTFOUND) {
		page_fail(pg, 404, "There is no page at this address.");
		goto out;
	} else if (rc != STORE_OK) {
		page_fail(pg, 503, "This team could not be read just now.");
		goto out;
	}
	page_begin(pg, t->title);
	html(b, "<p class=\"crumbs\"><a href=\"/teams\">Project teams</a></p>"
	     "<h1>%s</h1><p class=\"meta\">Proposed by %s</p><p>%s</p>"
	     "<h2>Members</h2>", t->title, t->owner_name, t->summary);
	for (w.pass = 1; w.pass <= 2; w.pass++) {
		w.n = 0;
		if (w.pass == 2)
			html_raw(b, "<h2>Asking to join</h2>");
		store_team_members(pg->st, id, on_member, &w);
		html_raw(b, w.n ? "</ul>" : "<p>Nobody.</p>");
	}
	team_action(pg, t, w.mine);
	team_plan(pg, t, w.mine);
	page_end(pg);
out:
	free(t);
}

/* The owner's choice of the plan shared: "N/EXERCISE", or "" for none. */
static void share_plan(struct page *pg, int64_t team)
{
	const struct session *s;
	struct buf v;
	char back[48], *slash;
	int number = 0, rc;

	buf_init(&v, 8 + STORE_ID_MAX);
	page_field(pg, "plan", 0, &v);
	slash = strchr(v.data, '/');
	if (slash) {
		*slash = '\0';
		number = atoi(v.data);
	}
	if (v.len && (!slash || !plan_of(number, slash + 1, &s))) {
		page_fail(pg, 422, "There is no such plan to share.");
		goto out;
	}
	rc = team > 0 ? store_team_plan_set(pg->st, team, pg->user.id, number,
					    slash ? slash + 1 : "") :
		STORE_NOTFOUND;
	if (rc == STORE_NOTFOUND)
		page_fail(pg, 404, "Only the team's owner shares its plan.");
	else if (rc != STORE_OK)
		page_store_failed(pg, rc);
	else {
		snprintf(back, sizeof(back), "/teams/%lld#plan", (long long)team);
		page_saved(pg, back);
	}
out:
	buf_release(&v);
}

void ui_team_act(struct page *pg)
{
	static const struct { const char *w; enum team_action a; } acts[] = {
		{ "join", TEAM_JOIN }, { "leave", TEAM_LEAVE },
		{ "accept", TEAM_ACCEPT }, { "decline", TEAM_DECLINE },
	};
	int64_t team = authz_parse_id(pg->rq->param[0]), user;
	struct buf act, who;
	char back[48];
	size_t i;
	int rc = STORE_NOTFOUND;

	if (!page_post_ok(pg))
		return;
	buf_init(&act, 16);
	buf_init(&who, 24);
	page_field(pg, "action", 0, &act);
	if (!strcmp(act.data, "plan")) {
		share_plan(pg, team);
		goto out;
	}
	page_field(pg, "user", 0, &who);
	for (i = 0; i < sizeof(acts) / sizeof(*acts); i++)
		if (!strcmp(act.data, acts[i].w))
			break;
	user = i >= 2 ? authz_parse_id(who.data) : pg->user.id;
	if (team > 0 && user > 0 && i < sizeof(acts) / sizeof(*acts))
		rc = store_team_act(pg->st, team, user, pg->user.id,
				    acts[i].a);
	if (rc == STORE_NOTFOUND)
		page_fail(pg, 404, "There is nothing of the kind to do in this "
			  "team.");
	else if (rc == STORE_EXISTS)
		page_fail(pg, 409, "You are in this team, or asked to join it, "
			  "already.");
	else if (rc == STORE_FULL)
		page_fail(pg, 429, "This team is full (" UI_STR(
			  STORE_TEAM_SIZE_MAX) " people).");
	else if (rc != STORE_OK)
		page_store_failed(pg, rc);
	else {
		snprintf(back, sizeof(back), "/teams/%lld", (long long)team);
		page_saved(pg, back);
	}
out:
	buf_release(&act);
	buf_release(&who);
}
