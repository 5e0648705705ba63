/*
 * The research-agenda catalog's lifetime, lookups, the rules for its ids
 * and links, and its JSON form (docs/agendas.md).
 */
#include "model/agenda.h"

#include "core/buf.h"
#include "core/json.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void agenda_catalog_release(struct agenda_catalog *c)
{
	size_t i, j;

	if (!c)
		return;
	for (i = 0; i < c->nr_agendas; i++) {
		struct agenda *a = &c->agendas[i];

		free(a->id);
		free(a->title);
		free(a->description);
		for (j = 0; j < a->nr_links; j++) {
			free(a->links[j].title);
			free(a->links[j].url);
			free(a->links[j].note);
		}
		free(a->links);
		free_strv(a->roles, a->nr_roles);
		free_strv(a->ideas, a->nr_ideas);
		free_strv(a->fit_tests, a->nr_fit_tests);
	}
	free(c->agendas);
	free(c->title);
	free(c->intro);
	memset(c, 0, sizeof(*c));
}

const struct agenda *agenda_find(const struct agenda_catalog *c,
				 const char *id)
{
	size_t i;

	for (i = 0; id && i < c->nr_agendas; i++)
		if (!strcmp(c->agendas[i].id, id))
			return &c->agendas[i];
	return NULL;
}

int agenda_has_role(const struct agenda *a, const char *role)
{
	size_t i;

	for (i = 0; role && i < a->nr_roles; i++)
		if (!strcasecmp(a->roles[i], role))
			return 1;
	return 0;
}

int agenda_id_valid(const char *id)
{
	size_t i, n = id ? strlen(id) : 0;

	if (!n || n > AGENDA_ID_MAX || id[0] == '-' || id[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (c == '-' && id[i + 1] == '-')
			return 0;
		if (c != '-' && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9'))
			return 0;
	}
	return 1;
}

const char *agenda_url_problem(const char *url, size_t n)
{
	size_t i, skip;

	if (n > AGENDA_MAX_URL)
		return "the address is too long (the limit is 2048 bytes)";
	for (i = 0; i < n; i++)
		if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f)
			return "an address cannot hold spaces or control "
			       "characters";
	if (n >= 7 && !strncasecmp(url, "http://", 7))
		skip = 7;
	else if (n >= 8 && !strncasecmp(url, "https://", 8))
		skip = 8;
	else if ((n >= 5 && !strncasecmp(url, "http:", 5)) ||
		 (n >= 6 && !strncasecmp(url, "https:", 6)))
		return "the address has no host";
	else if (memchr(url, ':', n) &&
		 (size_t)((const char *)memchr(url, ':', n) - url) <
			 strcspn(url, "/?#"))
		return "only http and https links are allowed";
	else
		return "not a full address: write it with https://";
	if (skip == n || url[skip] == '/' || url[skip] == '?' ||
	    url[skip] == '#')
		return "the address has no host";
	return NULL;
}

/* ---- JSON ---- */

static void agenda_json(struct jw *w, const struct agenda *a)
{
	size_t i;

	jw_open(w, NULL, '{');
	jw_str(w, "id", a->id);
	jw_str(w, "title", a->title);
	jw_str(w, "description", a->description);
	jw_open(w, "links", '[');
	for (i = 0; i < a->nr_links; i++) {
		jw_open(w, NULL, '{');
		jw_str(w, "title", a->links[i].title);
		jw_str(w, "url", a->links[i].url);
		jw_str(w, "note", a->links[i].note);
		jw_int(w, "line", a->links[i].line);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_strv(w, "roles", a->roles, a->nr_roles);
	jw_strv(w, "project_ideas", a->ideas, a->nr_ideas);
	jw_strv(w, "fit_tests", a->fit_tests, a->nr_fit_tests);
	jw_int(w, "line", a->line);
	jw_close(w, '}');
}

void agenda_catalog_to_json(const struct agenda_catalog *c, struct buf *out)
{
	struct jw w = { .b = out, .depth = 1, .first = 1 };
	size_t i;

	buf_addc(out, '{');
	jw_str(&w, "kind", "agenda-catalog");
	jw_str(&w, "title", c->title);
	jw_str(&w, "intro", c->intro);
	jw_open(&w, "agendas", '[');
	for (i = 0; i < c->nr_agendas; i++)
		agenda_json(&w, &c->agendas[i]);
	jw_close(&w, ']');
	w.depth = 0;
	jw_newline(&w);
	buf_adds(out, "}\n");
}
