/*
 * agendas.c: the agendas kind, research agendas picked from the catalog
 * (docs/agendas.md), stored as their ids, one per line, in the order the
 * catalog lists them.  Fields: g.P, one per ticked agenda.
 *
 * The catalog reaches the control and the view through kind_ctx.agendas
 * (the web's loaded catalog).  An id the catalog does not have (archived
 * by a re-import, or no catalog loaded) is still shown, ticked, under
 * its id, so saving the page never drops what someone picked.  The
 * exports write the ids: they read back as the same answer, and stay
 * meaningful when the catalog changes.
 */
#include "model/kinds/shared.h"

#include "core/buf.h"
#include "core/form.h"
#include "core/html.h"
#include "model/agenda.h"

#include <stdio.h>

static void agenda_box(struct buf *b, const struct prompt *p, const char *id,
		       const char *title, bool checked)
{
	html(b, "<li><label><input type=\"checkbox\" name=\"g.%s\" "
	     "value=\"%s\"%s> %s</label></li>", p->id, id,
	     checked ? " checked" : "", title);
}

static void agendas_control(struct buf *b, const struct kind_ctx *fc,
			    const struct prompt *p, const char *value)
{
	const struct agenda_catalog *c = fc ? fc->agendas : NULL;
	const char *cur = value;
	struct span line;
	char id[AGENDA_ID_MAX + 1];

	html_raw(b, "<ul class=\"options agendas\">");
	for (size_t i = 0; c && i < c->nr_agendas; i++) {
		const struct agenda *a = &c->agendas[i];

		agenda_box(b, p, a->id, a->title, answer_has_line(value, a->id,
								   strlen(a->id)));
	}
	/* Picks the catalog does not list: kept, under their ids. */
	while (answer_next(&cur, &line)) {
		if (!line.n || line.n > AGENDA_ID_MAX)
			continue;
		snprintf(id, sizeof(id), "%.*s", (int)line.n, line.s);
		if (!c || !agenda_find(c, id))
			agenda_box(b, p, id, id, true);
	}
	html_raw(b, "</ul>");
	if (!c)
		html_raw(b, "<p class=\"note\">No catalog of research agendas "
			 "is loaded, so there is nothing to pick from yet.</p>");
	else
		html_raw(b, "<p class=\"note\">What each agenda is about: "
			 "<a href=\"/agendas\">the research agendas</a>.</p>");
}

/* The ticked ids, each once and valid, in the order posted. */
static int agendas_posted(const struct prompt *p, const struct form *f,
			  struct buf *raw, struct buf *tmp, bool *many)
{
	char name[96];
	size_t pos = 0, nr = 0;
	long n;

	snprintf(name, sizeof(name), "g.%s", p->id);
	while ((n = form_field_next(f, &pos, name, tmp)) >= 0) {
		if (!agenda_id_valid(tmp->data) ||
		    answer_has_line(raw->data, tmp->data, tmp->len))
			continue;
		if (++nr > KIND_MAX_POSTED) {
			*many = true;
			break;
		}
		if (raw->len)
			buf_addc(raw, '\n');
		buf_adds(raw, tmp->data);
	}
	return n == -2 ? -1 : 0;
}

/* Each agenda by its title, linked to its place in the catalog. */
static void agendas_view(struct buf *b, const struct kind_ctx *fc,
			 const struct prompt *p, const char *v)
{
	const struct agenda_catalog *c = fc ? fc->agendas : NULL;
	struct span line;
	char id[AGENDA_ID_MAX + 1];

	(void)p;
	html_raw(b, "<ul class=\"agendas\">");
	while (answer_next(&v, &line)) {
		const struct agenda *a = NULL;

		if (line.n <= AGENDA_ID_MAX) {
			snprintf(id, sizeof(id), "%.*s", (int)line.n, line.s);
			a = c ? agenda_find(c, id) : NULL;
		}
		if (a)
			html(b, "<li><a href=\"/agendas#a-%s\">%s</a></li>",
			     a->id, a->title);
		else {
			html_raw(b, "<li>");
			html_txtn(b, line.s, line.n);
			html_raw(b, "</li>");
		}
	}
	html_raw(b, "</ul>");
}

const struct kind kind_agendas = {
	.name = "agendas",
	.shape = KIND_ITEMS,
	.flags = KIND_COUNTED,
	.one = "agenda", .many = "agendas",
	.control = agendas_control,
	.posted = agendas_posted,
	.check = items_check,
	.view = agendas_view,
	.html = items_html,
	.brief = items_brief,
	.docx = items_docx,
	.markdown = items_md,
	.csv = kind_csv_answer,
};
