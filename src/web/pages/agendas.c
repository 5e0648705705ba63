/*
 * agendas.c: GET /agendas, the research-agenda catalog the operator
 * imported (docs/agendas.md): for each agenda its description, its key
 * links (they open the public source; nothing is fetched), the roles
 * related to it, example project ideas and cheap ways to test one's fit.
 * Each agenda has an anchor, #a-ID, which other pages link to.
 */
#include "web/pages/agendas.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/agenda.h"
#include "web/agendas.h"

static void md_list(struct buf *b, const char *title, char *const *items,
		    size_t n)
{
	size_t i;

	if (!n)
		return;
	html(b, "<h3>%s</h3><ul>", title);
	for (i = 0; i < n; i++) {
		html_raw(b, "<li>");
		html_markdown(b, items[i], 1);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

static void agenda_section(struct buf *b, const struct agenda *a)
{
	size_t i;

	html(b, "<section class=\"agenda\" id=\"a-%s\" aria-labelledby=\"h-%s\">"
	     "<h2 id=\"h-%s\">%s</h2>", a->id, a->id, a->id, a->title);
	html_markdown(b, a->description, 0);
	html_raw(b, "<h3>Links</h3><ul class=\"links\">");
	for (i = 0; i < a->nr_links; i++) {
		const struct agenda_link *l = &a->links[i];

		html_raw(b, "<li><a href=\"");
		html_href(b, l->url);
		html(b, "\" rel=\"noopener noreferrer\">%s</a>", l->title);
		if (l->note) {
			html_raw(b, " — ");
			html_markdown(b, l->note, 1);
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul><h3>Related roles</h3><ul class=\"roles\">");
	for (i = 0; i < a->nr_roles; i++)
		html(b, "<li>%s</li>", a->roles[i]);
	html_raw(b, "</ul>");
	md_list(b, "Project ideas", a->ideas, a->nr_ideas);
	md_list(b, "Test your fit", a->fit_tests, a->nr_fit_tests);
	html_raw(b, "</section>");
}

void ui_agendas(struct page *pg)
{
	const struct agenda_catalog *c = agendas_current();
	struct buf *b = &pg->rs->body;
	size_t i;

	page_begin(pg, c ? c->title : "Research agendas");
	if (!c) {
		html(b, "<h1>Research agendas</h1><p>No catalog of research "
		     "agendas has been imported yet. An operator adds one "
		     "with <code>alignplan import content/agendas.md</code>."
		     "</p>");
		page_end(pg);
		return;
	}
	html(b, "<h1>%s</h1>", c->title);
	if (c->intro)
		html_markdown(b, c->intro, 0);
	html_raw(b, "<nav aria-label=\"Agendas\"><ul class=\"toc\">");
	for (i = 0; i < c->nr_agendas; i++)
		html(b, "<li><a href=\"#a-%s\">%s</a></li>",
		     c->agendas[i].id, c->agendas[i].title);
	html_raw(b, "</ul></nav>");
	for (i = 0; i < c->nr_agendas; i++)
		agenda_section(b, &c->agendas[i]);
	page_end(pg);
}
