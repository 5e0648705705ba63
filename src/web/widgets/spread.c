/*
 * spread.c: the spread of a cohort over research agendas and roles
 * (spread.h): counted from the answers to the agendas kind's prompts and
 * to the roles prompt, shown on the facilitator's dashboard as tables,
 * most picked first.
 */
#include "web/widgets/spread.h"

#include "core/buf.h"
#include "core/html.h"

#include <stdlib.h>
#include <string.h>

/* Count participant `who` among the people who picked something, once
 * (a person whose only picks went to "others" in two prompts is the
 * one case counted twice: such lines are past any real agenda or role). */
static void count_person(struct spread *sp, int *counted)
{
	if (!*counted) {
		*counted = 1;
		sp->people++;
	}
}

static void count_one(struct spread *sp, unsigned who, const char *id,
		      size_t n, int *counted)
{
	size_t i;

	if (!n)
		return;
	count_person(sp, counted);
	if (n > SPREAD_KEY_MAX) {
		sp->others++;
		return;
	}
	for (i = 0; i < sp->n; i++)
		if (strlen(sp->v[i].id) == n && !memcmp(sp->v[i].id, id, n))
			break;
	if (i == sp->n) {
		if (sp->n == SPREAD_MAX) {
			sp->others++;
			return;
		}
		memcpy(sp->v[i].id, id, n);
		sp->v[i].id[n] = '\0';
		sp->n++;
	}
	if (sp->v[i].last == who + 1)
		return;
	sp->v[i].last = who + 1;
	sp->v[i].n++;
}

void spread_add(struct spread *sp, unsigned who, const char *value,
		size_t len)
{
	const char *end = value + len, *p = value;
	/* A person is counted once, even over several prompts: look for
	 * them among the entries they already counted in. */
	int counted = 0;

	for (size_t i = 0; i < sp->n && !counted; i++)
		counted = sp->v[i].last == who + 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		count_one(sp, who, p, n, &counted);
		p += n + (nl != NULL);
	}
}

static int by_count(const void *a, const void *b)
{
	const struct spread_entry *x = a, *y = b;

	if (x->n != y->n)
		return y->n - x->n;
	return strcmp(x->id, y->id);
}

/* The table's rows, most picked first: each name from the catalog when
 * c has it, else the line as it was picked. */
static void spread_rows(struct buf *b, const struct spread *sp,
			const struct agenda_catalog *c, int participants)
{
	struct spread_entry *v = malloc((sp->n ? sp->n : 1) * sizeof(*v));
	size_t i;

	if (!v)
		return;
	memcpy(v, sp->v, sp->n * sizeof(*v));
	qsort(v, sp->n, sizeof(*v), by_count);
	for (i = 0; i < sp->n; i++) {
		const struct agenda *a = c ? agenda_find(c, v[i].id) : NULL;

		if (a)
			html(b, "<tr><th scope=\"row\"><a href=\"/agendas#a-%s"
			     "\">%s</a></th>", a->id, a->title);
		else
			html(b, "<tr><th scope=\"row\">%s</th>", v[i].id);
		html(b, "<td><meter min=\"0\" max=\"%d\" value=\"%d\" "
		     "aria-hidden=\"true\"></meter> %d</td></tr>",
		     participants, v[i].n, v[i].n);
	}
	if (sp->others)
		html(b, "<tr><th scope=\"row\">Others</th><td>%d picks</td>"
		     "</tr>", sp->others);
	free(v);
}

/* What tells the two spreads apart on the page. */
struct spread_words {
	const char *id, *heading, *none, *did, *col;
};

static void spread_table(struct buf *b, const struct spread *sp,
			 const struct agenda_catalog *c, int participants,
			 const struct spread_words *w)
{
	html(b, "<h2 id=\"%s\">%s</h2>", w->id, w->heading);
	if (!sp->n && !sp->others) {
		html(b, "<p>%s</p>", w->none);
		return;
	}
	html(b, "<table class=\"spread\"><caption>%d of %d participants %s"
	     "</caption><thead><tr><th scope=\"col\">%s</th><th "
	     "scope=\"col\">Participants</th></tr></thead><tbody>",
	     sp->people, participants, w->did, w->col);
	spread_rows(b, sp, c, participants);
	html_raw(b, "</tbody></table>");
}

void spread_html(struct buf *b, const struct spread *sp,
		 const struct agenda_catalog *c, int participants)
{
	static const struct spread_words w = {
		"agendas", "Research agendas",
		"No participant has picked a research agenda yet.",
		"picked agendas for their plans", "Agenda",
	};

	spread_table(b, sp, c, participants, &w);
}

void spread_roles_html(struct buf *b, const struct spread *sp,
		       int participants)
{
	static const struct spread_words w = {
		"roles", "Roles aimed at",
		"No participant has named a role in their career plan yet.",
		"named roles in their career plans", "Role",
	};

	spread_table(b, sp, NULL, participants, &w);
}
