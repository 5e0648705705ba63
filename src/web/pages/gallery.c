/*
 * gallery.c: the project gallery (issue 13).
 *
 *   GET  /gallery                 published projects, newest first
 *                                 (?agenda=ID filters); for someone
 *                                 logged in, their plans to publish
 *   GET  /gallery/USER/N/EX       one published project's page (anyone);
 *                                 unpublished, it is not there, but for
 *                                 its owner
 *   GET  /s/N/e/EX/publish        the owner's form for that plan
 *   POST /s/N/e/EX/publish        save it; publish=1 publishes, without
 *                                 it the project leaves the gallery
 *
 * A project's agendas are the plan's own answers to its agendas prompts,
 * read when it is saved.
 */
#include "web/pages/gallery.h"

#include "auth/authz.h"
#include "core/buf.h"
#include "core/form.h"
#include "core/html.h"
#include "model/agenda.h"
#include "model/session.h"
#include "web/agendas.h"
#include "web/courses.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void agendas_html(struct buf *b, const char *list)
{
	const struct agenda_catalog *c = agendas_current();
	char id[AGENDA_ID_MAX + 1];
	int first = 1;

	if (!*list)
		return;
	html_raw(b, "<span class=\"meta\">Agendas: ");
	while (*list) {
		size_t n = strcspn(list, "\n");
		const struct agenda *a = NULL;

		snprintf(id, sizeof(id), "%.*s", (int)(n > AGENDA_ID_MAX ?
							AGENDA_ID_MAX : n),
			 list);
		a = c ? agenda_find(c, id) : NULL;
		html(b, "%s%s", first ? "" : ", ", a ? a->title : id);
		first = 0;
		list += n + (list[n] == '\n');
	}
	html_raw(b, "</span>");
}

struct walk {
	struct buf *b;
	int n;
};

static int on_project(void *ctx, const struct project *p)
{
	struct walk *w = ctx;

	if (!w->n++)
		html_raw(w->b, "<ul class=\"gallery\">");
	html(w->b, "<li><a href=\"/gallery/%lld/%d/", (long long)p->user,
	     p->number);
	html_url(w->b, p->exercise_id);
	html(w->b, "\">%s</a> <span class=\"meta\">by %s</span> ", p->title,
	     p->name);
	agendas_html(w->b, p->agendas);
	html_raw(w->b, "</li>");
	return 0;
}

/* Someone's plans they may publish: every exercise of the loaded
 * sessions. */
static void publish_links(struct buf *b)
{
	size_t n, i, j;
	const struct session *s = courses_all(&n);

	html_raw(b, "<h2 id=\"publish\">Publish one of your plans</h2><ul>");
	for (i = 0; i < n; i++)
		for (j = 0; j < s[i].nr_exercises; j++) {
			html(b, "<li><a href=\"/s/%d/e/", s[i].number);
			html_url(b, s[i].exercises[j].id);
			html(b, "/publish\">Session %d: %s</a></li>",
			     s[i].number, s[i].exercises[j].title);
		}
	html_raw(b, "</ul>");
}

void ui_gallery(struct page *pg)
{
	struct buf *b = &pg->rs->body, ag;
	struct walk w = { b, 0 };
	int rc;

	buf_init(&ag, AGENDA_ID_MAX + 1);
	form_get(pg->rq->query, strlen(pg->rq->query), "agenda", 0, &ag);
	page_begin(pg, "Project gallery");
	html_raw(b, "<h1>Project gallery</h1><p>Projects their owners chose "
		 "to publish. Each owner can take theirs down at any "
		 "time.</p>");
	rc = store_project_list(pg->st, agenda_id_valid(ag.data) ? ag.data :
				"", 100, on_project, &w);
	html_raw(b, rc != STORE_OK ? "<p class=\"error\">The gallery could "
		 "not be read just now.</p>" : w.n ? "</ul>" :
		 "<p>No project is published yet.</p>");
	if (pg->logged_in)
		publish_links(b);
	page_end(pg);
	buf_release(&ag);
}

void ui_project(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	int64_t user = authz_parse_id(pg->rq->param[0]);
	int number = page_number_param(pg->rq->param[1]);
	struct project *p = malloc(sizeof(*p));
	int rc = !p ? STORE_ERR : user <= 0 || number <= 0 ? STORE_NOTFOUND :
		 store_project_get(pg->st, user, number, pg->rq->param[2], p);

	/* Unpublished: not there at all, but for its owner. */
	if (rc == STORE_OK && !p->published &&
	    !(pg->logged_in && pg->user.id == user))
		rc = STORE_NOTFOUND;
	if (rc == STORE_NOTFOUND)
		page_fail(pg, 404, "There is no page at this address.");
	else if (rc != STORE_OK)
		page_fail(pg, 503, "This project could not be read just now.");
	else {
		page_begin(pg, p->title);
		html(b, "<p class=\"crumbs\"><a href=\"/gallery\">Project "
		     "gallery</a></p><h1>%s</h1><p class=\"meta\">by %s%s</p>",
		     p->title, p->name, p->published ? "" :
		     " · not published: only you see this page");
		agendas_html(b, p->agendas);
		html_raw(b, "<div class=\"summary\">");
		html_markdown(b, p->summary, 0);
		html_raw(b, "</div>");
		if (*p->link) {
			html_raw(b, "<p><a href=\"");
			html_href(b, p->link);
			html_raw(b, "\" rel=\"noopener noreferrer\">The "
				 "project's work</a></p>");
		}
		page_end(pg);
	}
	free(p);
}

static void publish_page(struct page *pg, const struct session *s,
			 const struct exercise *ex, const struct project *p,
			 const char *error)
{
	struct buf *b = &pg->rs->body;

	page_begin(pg, "Publish a project");
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d/plan\">Your plans</a></p>"
	     "<h1>Publish “%s” in the gallery</h1><p>Published, the title, "
	     "summary, link, the research agendas your plan picked and your "
	     "name are public, on the <a href=\"/gallery\">gallery</a>; "
	     "your answers stay private. Untick “Published” to take it "
	     "down.</p>", s->number, ex->title);
	if (error)
		html(b, "<p class=\"error\" role=\"alert\">%s</p>", error);
	html(b, "<form method=\"post\" action=\"/s/%d/e/", s->number);
	html_url(b, ex->id);
	html_raw(b, "/publish\" class=\"publish\">");
	page_csrf_field(pg);
	html(b, "<label for=\"f-title\">Title</label><input type=\"text\" id=\"f-title\" "
	     "name=\"title\" required maxlength=\"%d\" value=\"%s\">"
	     "<label for=\"f-summary\">Summary (Markdown)</label><textarea "
	     "id=\"f-summary\" name=\"summary\" rows=\"6\">%s</textarea>"
	     "<label for=\"f-link\">Link to the work (https://...)</label>"
	     "<input id=\"f-link\" name=\"link\" type=\"url\" value=\"%s\">"
	     "<label><input type=\"checkbox\" name=\"publish\" value=\"1\"%s>"
	     " Published</label><button type=\"submit\">Save</button></form>",
	     PROJECT_TITLE_MAX, p->title, p->summary, p->link,
	     p->published ? " checked" : "");
	page_end(pg);
}

void ui_publish_form(struct page *pg)
{
	const struct session *s;
	const struct exercise *ex = page_exercise(pg, &s);
	struct project *p;
	int rc;

	if (!ex)
		return;
	if (!(p = calloc(1, sizeof(*p)))) {
		page_fail(pg, 503, "Out of memory; try again in a moment.");
		return;
	}
	rc = store_project_get(pg->st, pg->user.id, s->number, ex->id, p);
	if (rc == STORE_NOTFOUND)
		snprintf(p->title, sizeof(p->title), "%s", ex->title);
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		page_fail(pg, 503, "Your project could not be read just now.");
	else
		publish_page(pg, s, ex, p, NULL);
	free(p);
}

/* The plan's answers to its agendas prompts, into p->agendas. */
struct picks {
	const struct exercise *ex;
	struct project *p;
	size_t len;
};

static int on_answer(void *ctx, const char *prompt_id, const char *value,
		     size_t len)
{
	struct picks *k = ctx;

	for (size_t i = 0; i < k->ex->nr_prompts; i++) {
		const struct prompt *q = &k->ex->prompts[i];

		if (q->kind != PROMPT_AGENDAS || strcmp(q->id, prompt_id) ||
		    !len || k->len + len + 2 > sizeof(k->p->agendas))
			continue;
		k->len += (size_t)snprintf(k->p->agendas + k->len,
					   sizeof(k->p->agendas) - k->len,
					   "%s%.*s", k->len ? "\n" : "",
					   (int)len, value);
	}
	return 0;
}

static const char *publish_read(struct page *pg, struct project *p)
{
	struct buf v;
	const char *err = NULL;

	buf_init(&v, STORE_TEXT_MAX);
	if (page_field(pg, "title", 0, &v) < 1 || v.len > PROJECT_TITLE_MAX ||
	    !text_line_valid(v.data, v.len))
		err = "A title of one line, at most "
		      UI_STR(PROJECT_TITLE_MAX) " bytes.";
	else
		memcpy(p->title, v.data, v.len + 1);
	if (!err && page_field(pg, "summary", 0, &v) == -2)
		err = "The summary is at most " UI_STR(STORE_TEXT_MAX)
		      " bytes.";
	else if (!err)
		memcpy(p->summary, v.data, v.len + 1);
	if (!err && (page_field(pg, "link", 0, &v) == -2 ||
		     v.len >= sizeof(p->link) ||
		     (v.len && (!url_is_web(v.data, v.len) ||
				!strncmp(v.data, "mailto:", 7)))))
		err = "The link must be a web address (https://...).";
	else if (!err)
		memcpy(p->link, v.data, v.len + 1);
	p->published = page_field(pg, "publish", 0, &v) >= 0 &&
		       !strcmp(v.data, "1");
	buf_release(&v);
	return err;
}

void ui_publish(struct page *pg)
{
	const struct session *s;
	const struct exercise *ex;
	struct project *p;
	struct picks k;
	const char *err;
	char back[STORE_ID_MAX * 3 + 64];
	int rc;

	if (!page_post_ok(pg) || !(ex = page_exercise(pg, &s)))
		return;
	if (!(p = calloc(1, sizeof(*p)))) {
		page_fail(pg, 503, "Out of memory; nothing was saved.");
		return;
	}
	p->user = pg->user.id;
	p->number = s->number;
	snprintf(p->exercise_id, sizeof(p->exercise_id), "%s", ex->id);
	k = (struct picks){ ex, p, 0 };
	if ((err = publish_read(pg, p))) {
		pg->rs->status = 422;
		publish_page(pg, s, ex, p, err);
	} else if ((rc = store_answer_list(pg->st, pg->user.id, s->number,
					   on_answer, &k)) != STORE_OK ||
		   (rc = store_project_put(pg->st, p)) != STORE_OK) {
		page_store_failed(pg, rc);
	} else {
		struct buf u = BUF_INIT;

		html_url(&u, ex->id);
		snprintf(back, sizeof(back), p->published ? "/gallery/%lld/%d/%s"
			 : "/gallery", (long long)p->user, s->number, u.data);
		buf_release(&u);
		page_saved(pg, back);
	}
	free(p);
}
