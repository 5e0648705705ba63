/*
 * board.c: the opportunities board (issue 13).
 *
 *   GET  /opportunities            "for your plan": the open openings
 *                                  ranked by the agendas and roles of
 *                                  one's plan and profile, each with
 *                                  its reason (model/opp-rank.h); then
 *                                  the open openings (an expired
 *                                  deadline drops one off), soonest
 *                                  deadline first; ?agenda=ID&role=R&
 *                                  remote=1&location=PART&by=YYYY-MM-DD
 *                                  filter them
 *   POST /opportunities/filters    save the filter posted (name=...)
 *   POST /opportunities/filters/ID delete one's own saved filter
 *
 * Links open the original posting; nothing is fetched.  A saved filter
 * is a name and the board's query, rebuilt from the fields here (never
 * taken as typed), so following it is following a plain link.
 */
#include "web/pages/board.h"

#include "auth/authz.h"
#include "core/buf.h"
#include "core/form.h"
#include "core/html.h"
#include "model/agenda.h"
#include "model/answer.h"
#include "model/opp-rank.h"
#include "model/opportunity.h"
#include "model/session.h"
#include "web/agendas.h"
#include "web/widgets/plan-tags.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOARD_PAGE 50
#define FOR_PLAN STORE_OPP_GET_MAX   /* openings ranked for one's plan */

/* One field of a query or form into out (size bytes); "" when absent or
 * too long. */
static void field(const char *src, size_t len, const char *name, char *out,
		  size_t size)
{
	struct buf v;

	buf_init(&v, size - 1);
	out[0] = '\0';
	if (form_get(src, len, name, 0, &v) >= 0 && !v.err)
		memcpy(out, v.data, v.len + 1);
	buf_release(&v);
}

/* The filter of a query string or posted form; its canonical query into
 * q (size bytes). */
static void filter_of(const char *src, size_t len, struct opp_filter *f,
		      char *q, size_t size)
{
	char remote[8], by[16];
	struct buf b = BUF_INIT;

	memset(f, 0, sizeof(*f));
	field(src, len, "agenda", f->agenda, sizeof(f->agenda));
	field(src, len, "role", f->role, sizeof(f->role));
	field(src, len, "location", f->location, sizeof(f->location));
	field(src, len, "remote", remote, sizeof(remote));
	field(src, len, "by", by, sizeof(by));
	if (!agenda_id_valid(f->agenda))
		f->agenda[0] = '\0';
	if (!text_line_valid(f->role, strlen(f->role)))
		f->role[0] = '\0';
	if (!text_line_valid(f->location, strlen(f->location)))
		f->location[0] = '\0';
	f->remote = !strcmp(remote, "1");
	if (!answer_date((struct span){ by, strlen(by) }, &f->by))
		f->by = 0;
	f->today = answer_today();
	f->limit = BOARD_PAGE;
	buf_adds(&b, "");
	if (f->agenda[0]) {
		buf_adds(&b, "agenda=");
		buf_adds(&b, f->agenda);
	}
	if (f->role[0]) {
		buf_adds(&b, b.len ? "&role=" : "role=");
		html_url(&b, f->role);  /* percent-encoded */
	}
	if (f->remote)
		buf_adds(&b, b.len ? "&remote=1" : "remote=1");
	if (f->location[0]) {
		buf_adds(&b, b.len ? "&location=" : "location=");
		html_url(&b, f->location);
	}
	if (f->by) {
		buf_adds(&b, b.len ? "&by=" : "by=");
		answer_put_date(&b, f->by);
	}
	snprintf(q, size, "%s", b.err ? "" : b.data);
	buf_release(&b);
}

/* ---- the board ---- */

struct opp_walk {
	struct buf *b;
	const struct agenda_catalog *c;
	int n;
};

static void tags_html(struct buf *b, const char *label, const char *list,
		      const struct agenda_catalog *c)
{
	char id[AGENDA_ID_MAX + 1];
	int first = 1;

	if (!*list)
		return;
	html(b, "<span class=\"meta\">%s: ", label);
	while (*list) {
		size_t n = strcspn(list, "\n");
		const struct agenda *a = NULL;

		if (c && n <= AGENDA_ID_MAX) {
			snprintf(id, sizeof(id), "%.*s", (int)n, list);
			a = agenda_find(c, id);
		}
		html(b, "%s", first ? "" : ", ");
		if (a)
			html(b, "%s", a->title);
		else
			html_txtn(b, list, n);
		first = 0;
		list += n + (list[n] == '\n');
	}
	html_raw(b, "</span> · ");
}

/* One opening's link and details, inside its <li>. */
static void opening_html(struct buf *b, const struct opportunity *o,
			 const struct agenda_catalog *c)
{
	html_raw(b, "<a href=\"");
	html_href(b, o->url);
	html(b, "\" rel=\"noopener noreferrer\">%s</a> — %s<br>", o->title,
	     o->organisation);
	if (*o->location || o->remote)
		html(b, "<span class=\"meta\">%s%s%s</span> · ", o->location,
		     *o->location && o->remote ? " · " : "",
		     o->remote ? "remote" : "");
	tags_html(b, "Agendas", o->agendas, c);
	tags_html(b, "Roles", o->roles, NULL);
	if (o->deadline) {
		html_raw(b, "<span class=\"meta\">Deadline: ");
		answer_put_date(b, o->deadline);
		html_raw(b, "</span>");
	}
}

static int on_opp(void *ctx, const struct opportunity *o)
{
	struct opp_walk *w = ctx;
	struct buf *b = w->b;

	if (!w->n++)
		html_raw(b, "<ul class=\"board\">");
	html_raw(b, "<li class=\"opening\">");
	opening_html(b, o, w->c);
	html_raw(b, "</li>");
	return 0;
}

/* ---- for your plan ---- */

/* The walk of the open openings, each scored as it comes. */
static int on_open(void *ctx, const struct opportunity *o)
{
	opp_top_offer(ctx, o);
	return 0;
}

/* The winners, whole. */
static int on_winner(void *ctx, const struct opportunity *o)
{
	opp_top_fill(ctx, o);
	return 0;
}

/* Rank every open opening for `me` into *top: one walk of what scoring
 * needs, then the FOR_PLAN best read whole. */
static int rank(struct store *st, const struct opp_me *me, int today,
		struct opp_top *top)
{
	int64_t ids[STORE_OPP_GET_MAX];
	size_t i;
	int rc;

	opp_top_init(top, me, today, FOR_PLAN);
	rc = store_opportunity_open(st, today, on_open, top);
	for (i = 0; i < top->n; i++)
		ids[i] = opp_top_get(top, i)->o.id;
	if (rc == STORE_OK && top->n)
		rc = store_opportunity_get(st, ids, top->n, on_winner, top);
	return rc;
}

/* What to fill in for a ranking, and where. */
static void fill_in(struct buf *b, const struct plan_where *w)
{
	html_raw(b, "<p class=\"fill-in\">Your plan names no research "
		 "agenda and no role yet, so there is nothing to rank by. ");
	if (w->s && w->project && w->career)
		html(b, "Tick the agendas of your project in <a href=\"/s/%d/"
		     "e/%s\">%s</a> and the roles you aim at in <a href=\"/s/"
		     "%d/e/%s\">%s</a>", w->s->number, w->project->id,
		     w->project->title, w->s->number, w->career->id,
		     w->career->title);
	else if (w->s)
		html(b, "Name them in <a href=\"/s/%d/plan\">your plans for "
		     "session %d</a>", w->s->number, w->s->number);
	else
		html_raw(b, "Name them in <a href=\"/people/profile\">your "
			 "profile</a>");
	html_raw(b, ", and the openings that fit them are ranked here.</p>");
}

static void ranked_html(struct buf *b, const struct opp_top *t,
			const struct agenda_catalog *c)
{
	struct buf why = BUF_INIT;

	if (!t->n) {
		html_raw(b, "<p>No open opening shares a research agenda or "
			 "a role with your plan yet.</p>");
		return;
	}
	html_raw(b, "<ol class=\"board for-plan\">");
	for (size_t i = 0; i < t->n; i++) {
		const struct opp_ranked *r = opp_top_get(t, i);

		if (!*r->o.url)
			continue;   /* not read whole */
		buf_reset(&why);
		opp_why(&why, &r->s, c);
		html_raw(b, "<li class=\"opening\">");
		opening_html(b, &r->o, c);
		html(b, "<br><span class=\"why\">%s</span></li>", why.data);
	}
	html_raw(b, "</ol>");
	buf_release(&why);
}

/* The section.  The viewer's own answers and profile only. */
static void for_plan(struct page *pg, int today)
{
	struct buf *b = &pg->rs->body;
	struct opp_me *me = malloc(sizeof(*me));
	struct opp_top *top = malloc(sizeof(*top));
	struct plan_where where;

	html_raw(b, "<section aria-labelledby=\"for-plan\"><h2 id=\"for-"
		 "plan\">For your plan</h2>");
	if (!me || !top || plan_tags_read(pg->st, pg->user.id, me, &where) !=
	    STORE_OK)
		html_raw(b, "<p class=\"error\">Your plan could not be read "
			 "just now.</p>");
	else if (!me->nr_agendas && !me->nr_roles)
		fill_in(b, &where);
	else if (rank(pg->st, me, today, top) != STORE_OK)
		html_raw(b, "<p class=\"error\">The board could not be read "
			 "just now.</p>");
	else {
		html_raw(b, "<p>The open openings that share research agendas "
			 "or roles with your plan and profile, best first, "
			 "each with why.</p>");
		ranked_html(b, top, agendas_current());
	}
	html_raw(b, "</section>");
	free(me);
	free(top);
}

static void filter_form(struct page *pg, const struct opp_filter *f)
{
	const struct agenda_catalog *c = agendas_current();
	struct buf *b = &pg->rs->body;
	struct buf by = BUF_INIT;

	if (f->by)
		answer_put_date(&by, f->by);
	html_raw(b, "<form method=\"get\" action=\"/opportunities\" "
		 "class=\"filter\"><label for=\"f-agenda\">Research agenda"
		 "</label><select id=\"f-agenda\" name=\"agenda\"><option "
		 "value=\"\">Any</option>");
	for (size_t i = 0; c && i < c->nr_agendas; i++)
		html(b, "<option value=\"%s\"%s>%s</option>", c->agendas[i].id,
		     strcmp(f->agenda, c->agendas[i].id) ? "" : " selected",
		     c->agendas[i].title);
	html(b, "</select><label for=\"f-role\">Role</label><input "
	     "type=\"text\" id=\"f-role\" name=\"role\" value=\"%s\" maxlength=\"60\">"
	     "<label for=\"f-location\">Location</label><input type=\"text\" "
	     "id=\"f-location\" name=\"location\" value=\"%s\" "
	     "maxlength=\"60\" placeholder=\"a city or country\">"
	     "<label for=\"f-by\">Deadline by</label><input id=\"f-by\" "
	     "name=\"by\" type=\"date\" value=\"%s\"><label><input "
	     "type=\"checkbox\" name=\"remote\" value=\"1\"%s> Remote "
	     "only</label><button type=\"submit\">Filter</button></form>",
	     f->role, f->location, by.data, f->remote ? " checked" : "");
	buf_release(&by);
}

struct saved_walk {
	struct page *pg;
	int n;
};

static int on_saved(void *ctx, int64_t id, const char *name,
		    const char *query)
{
	struct saved_walk *w = ctx;
	struct buf *b = &w->pg->rs->body;

	if (!w->n++)
		html_raw(b, "<ul class=\"saved\">");
	html_raw(b, "<li><a href=\"/opportunities?");
	html_href(b, query);
	html(b, "\">%s</a> <form method=\"post\" action=\"/opportunities/"
	     "filters/%lld\" class=\"inline\">", name, (long long)id);
	page_csrf_field(w->pg);
	html(b, "<button type=\"submit\" aria-label=\"Delete the filter "
	     "%s\">Delete</button></form></li>", name);
	return 0;
}

void ui_board(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	struct opp_filter f;
	struct opp_walk w = { b, agendas_current(), 0 };
	struct saved_walk sw = { pg, 0 };
	char q[STORE_FILTER_QUERY_MAX + 1];
	int rc;

	filter_of(pg->rq->query, strlen(pg->rq->query), &f, q, sizeof(q));
	page_begin(pg, "Opportunities");
	html_raw(b, "<h1>Opportunities</h1><p>Jobs, fellowships, programs "
		 "and grants; each link opens the original posting. "
		 "Openings whose deadline has passed are not shown.</p>");
	filter_form(pg, &f);
	html_raw(b, "<h2 id=\"saved\">Your saved filters</h2>");
	if (store_filter_list(pg->st, pg->user.id, on_saved, &sw) != STORE_OK)
		html_raw(b, "<p class=\"error\">Your filters could not be read "
			 "just now.</p>");
	html_raw(b, sw.n ? "</ul>" : "<p>None yet.</p>");
	if (*q) {
		html_raw(b, "<form method=\"post\" action=\"/opportunities/"
			 "filters\" class=\"inline\">");
		page_csrf_field(pg);
		html(b, "<input type=\"hidden\" name=\"agenda\" value=\"%s\">"
		     "<input type=\"hidden\" name=\"role\" value=\"%s\">"
		     "<input type=\"hidden\" name=\"remote\" value=\"%s\">"
		     "<input type=\"hidden\" name=\"location\" value=\"%s\">",
		     f.agenda, f.role, f.remote ? "1" : "", f.location);
		if (f.by) {
			html_raw(b, "<input type=\"hidden\" name=\"by\" "
				 "value=\"");
			answer_put_date(b, f.by);
			html_raw(b, "\">");
		}
		html(b, "<label for=\"f-name\">Save this filter as</label>"
		     "<input type=\"text\" id=\"f-name\" name=\"name\" required "
		     "maxlength=\"%d\"><button type=\"submit\">Save filter"
		     "</button></form>", STORE_FILTER_NAME_MAX);
	}
	for_plan(pg, f.today);
	html_raw(b, "<h2 id=\"openings\">Openings</h2>");
	rc = store_opportunity_find(pg->st, &f, on_opp, &w);
	html_raw(b, rc != STORE_OK ? "<p class=\"error\">The board could not "
		 "be read just now.</p>" : w.n ? "</ul>" :
		 "<p>No opening matches.</p>");
	page_end(pg);
}

void ui_filter_save(struct page *pg)
{
	struct opp_filter f;
	struct buf body = BUF_INIT;
	char q[STORE_FILTER_QUERY_MAX + 1], name[STORE_FILTER_NAME_MAX + 1];
	char back[STORE_FILTER_QUERY_MAX + 32];
	size_t pos = 0;
	int rc;

	if (!page_post_ok(pg))
		return;
	/* The form again as a body, for the same reading as a query. */
	{
		struct buf k = BUF_INIT, v = BUF_INIT;

		while (page_field_pair(pg, &pos, &k, &v) >= 0) {
			buf_adds(&body, body.len ? "&" : "");
			html_url(&body, k.data);
			buf_addc(&body, '=');
			html_url(&body, v.data);
		}
		buf_release(&k);
		buf_release(&v);
	}
	filter_of(body.data, body.len, &f, q, sizeof(q));
	field(body.data, body.len, "name", name, sizeof(name));
	buf_release(&body);
	if (!*name || !text_line_valid(name, strlen(name))) {
		page_fail(pg, 422, "A saved filter needs a name of one line, "
			  "at most " UI_STR(STORE_FILTER_NAME_MAX) " bytes.");
		return;
	}
	rc = store_filter_add(pg->st, pg->user.id, name, q, NULL);
	if (rc == STORE_FULL)
		page_fail(pg, 429, "You have " UI_STR(STORE_FILTERS_MAX)
			  " saved filters; delete one first.");
	else if (rc != STORE_OK)
		page_store_failed(pg, rc);
	else {
		snprintf(back, sizeof(back), "/opportunities%s%s", *q ? "?" :
			 "", q);
		page_saved(pg, back);
	}
}

void ui_filter_delete(struct page *pg)
{
	int64_t id = authz_parse_id(pg->rq->param[0]);
	int rc;

	if (!page_post_ok(pg))
		return;
	rc = id > 0 ? store_filter_del(pg->st, pg->user.id, id) :
		STORE_NOTFOUND;
	if (rc == STORE_NOTFOUND)
		page_fail(pg, 404, "There is no such filter of yours.");
	else if (rc != STORE_OK)
		page_store_failed(pg, rc);
	else
		page_saved(pg, "/opportunities");
}
