/*
 * The session model's lifetime, lookups and JSON form (the format of
 * `alignplan import --check --json`, documented in docs/session-format.md).
 */
#include "model/session.h"

#include "core/buf.h"
#include "core/json.h"
#include "model/kinds/kind.h"

#include <stdlib.h>
#include <string.h>

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void prompt_release(struct prompt *p)
{
	free(p->id);
	free(p->text);
	free(p->plain);
	free(p->group);
	free(p->hint);
	free_strv(p->options, p->nr_options);
	free_strv(p->options_md, p->nr_options);
	free(p->answer);
	free(p->annotation);
	free(p->name);
	free(p->label);
	free(p->rows_from);
	free(p->budget);
	for (size_t i = 0; i < p->nr_columns; i++) {
		free(p->columns[i].label);
		free_strv(p->columns[i].options, p->columns[i].nr_options);
		free(p->columns[i].ref);
	}
	free(p->columns);
}

void session_release(struct session *s)
{
	size_t i, j;

	if (!s)
		return;
	free(s->title);
	free(s->course);
	free(s->subtitle);
	free_strv(s->objectives, s->nr_objectives);
	for (i = 0; i < s->nr_readings; i++) {
		struct reading *r = &s->readings[i];

		free(r->id);
		free(r->title);
		free(r->url);
		free(r->author);
		free(r->kind);
		free(r->summary);
		free(r->notes);
	}
	free(s->readings);
	for (i = 0; i < s->nr_exercises; i++) {
		struct exercise *e = &s->exercises[i];

		for (j = 0; j < e->nr_prompts; j++)
			prompt_release(&e->prompts[j]);
		free(e->prompts);
		free(e->id);
		free(e->title);
		free(e->instructions);
	}
	free(s->exercises);
	for (i = 0; i < s->nr_resources; i++) {
		struct resource *r = &s->resources[i];

		free(r->title);
		free(r->text);
		free(r->group);
		for (j = 0; j < r->nr_links; j++) {
			free(r->links[j].text);
			free(r->links[j].url);
		}
		free(r->links);
	}
	free(s->resources);
	for (i = 0; i < s->nr_others; i++) {
		free(s->others[i].title);
		free(s->others[i].text);
	}
	free(s->others);
	free(s->intro);
	free(s->objectives_intro);
	free(s->readings_intro);
	free(s->exercises_intro);
	free(s->resources_intro);
	free(s->thoughts);
	if (s->reflection)
		prompt_release(s->reflection);
	free(s->reflection);
	memset(s, 0, sizeof(*s));
}

const char *prompt_kind_name(enum prompt_kind k)
{
	return kind_get(k)->name;
}

const char *column_type_name(enum column_type t)
{
	static const char *const names[] = {
		[COL_TEXT] = "text",     [COL_DATE] = "date",
		[COL_HOURS] = "hours",   [COL_NUMBER] = "number",
		[COL_SCALE] = "scale",   [COL_MARK] = "mark",
		[COL_CHOICE] = "choice", [COL_REF] = "ref",
	};

	return (unsigned)t < sizeof(names) / sizeof(*names) ? names[t]
							    : "text";
}

const struct prompt *session_named_prompt(const struct session *s,
					  const char *name)
{
	size_t i, j;

	if (!name)
		return NULL;
	for (i = 0; i < s->nr_exercises; i++)
		for (j = 0; j < s->exercises[i].nr_prompts; j++) {
			const struct prompt *p = &s->exercises[i].prompts[j];

			if (p->name && !strcmp(p->name, name))
				return p;
		}
	return NULL;
}

const struct prompt *session_support_prompt(const struct session *s)
{
	size_t i, j;

	for (i = 0; i < s->nr_exercises; i++)
		for (j = 0; j < s->exercises[i].nr_prompts; j++)
			if (s->exercises[i].prompts[j].support)
				return &s->exercises[i].prompts[j];
	return NULL;
}

const char *prompt_label(const struct prompt *p)
{
	return p->label ? p->label : p->plain;
}

/*
 * Find a prompt by id; if `ex` is not NULL it gets the exercise holding
 * it.  Prompts without an id yet (while the importer builds the model) are
 * skipped.
 */
const struct prompt *session_find_prompt(const struct session *s,
					 const char *id,
					 const struct exercise **ex)
{
	size_t i, j;

	if (!s || !id)
		return NULL;
	for (i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];

		for (j = 0; j < e->nr_prompts; j++) {
			if (e->prompts[j].id && !strcmp(e->prompts[j].id, id)) {
				if (ex)
					*ex = e;
				return &e->prompts[j];
			}
		}
	}
	return NULL;
}

static void column_json(struct jw *w, const struct column *c)
{
	jw_open(w, NULL, '{');
	jw_str(w, "label", c->label);
	jw_str(w, "type", column_type_name(c->type));
	jw_bool(w, "required", c->required);
	jw_bool(w, "all", c->all);
	jw_bool(w, "one", c->one);
	jw_strv(w, "options", c->options, c->nr_options);
	jw_str(w, "ref", c->ref);
	jw_close(w, '}');
}

static void prompt_json(struct jw *w, const char *key,
			const struct prompt *p)
{
	size_t i;

	jw_open(w, key, '{');
	jw_str(w, "id", p->id);
	jw_str(w, "text", p->text);
	jw_str(w, "plain", p->plain);
	jw_str(w, "group", p->group);
	jw_str(w, "hint", p->hint);
	jw_str(w, "kind", prompt_kind_name(p->kind));
	jw_str(w, "name", p->name);
	jw_str(w, "label", p->label);
	jw_bool(w, "optional", p->optional);
	jw_bool(w, "required", p->required);
	jw_bool(w, "support", p->support);
	jw_int_or_null(w, "timer_minutes", p->timer_minutes);
	jw_int_or_null(w, "minutes", p->minutes);
	jw_int_or_null(w, "min_items", p->min_items);
	jw_int_or_null(w, "max_items", p->max_items);
	jw_str(w, "rows_from", p->rows_from);
	jw_str(w, "budget", p->budget);
	jw_strv(w, "options", p->options, p->nr_options);
	jw_open(w, "columns", '[');
	for (i = 0; i < p->nr_columns; i++)
		column_json(w, &p->columns[i]);
	jw_close(w, ']');
	jw_str(w, "answer", p->answer);
	jw_str(w, "annotation", p->annotation);
	jw_int(w, "line", p->line);
	jw_close(w, '}');
}

static void readings_json(struct jw *w, const struct session *s)
{
	size_t i;

	jw_open(w, "readings", '[');
	for (i = 0; i < s->nr_readings; i++) {
		const struct reading *r = &s->readings[i];

		jw_open(w, NULL, '{');
		jw_str(w, "id", r->id);
		jw_str(w, "title", r->title);
		jw_str(w, "url", r->url);
		jw_str(w, "author", r->author);
		jw_int_or_null(w, "year", r->year);
		jw_str(w, "kind", r->kind);
		jw_bool(w, "optional", r->optional);
		jw_int_or_null(w, "minutes", r->minutes);
		jw_str(w, "summary", r->summary);
		jw_str(w, "notes", r->notes);
		jw_int(w, "line", r->line);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void resources_json(struct jw *w, const struct session *s)
{
	size_t i, j;

	jw_open(w, "resources", '[');
	for (i = 0; i < s->nr_resources; i++) {
		const struct resource *r = &s->resources[i];

		jw_open(w, NULL, '{');
		jw_str(w, "title", r->title);
		jw_str(w, "text", r->text);
		jw_str(w, "group", r->group);
		jw_open(w, "links", '[');
		for (j = 0; j < r->nr_links; j++) {
			jw_open(w, NULL, '{');
			jw_str(w, "text", r->links[j].text);
			jw_str(w, "url", r->links[j].url);
			jw_close(w, '}');
		}
		jw_close(w, ']');
		jw_int(w, "line", r->line);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/*
 * Append the model as pretty-printed JSON with a trailing newline.  Keys
 * come in a fixed order; counts and durations that are 0 ("not given")
 * are null.
 */
void session_to_json(const struct session *s, struct buf *out)
{
	struct jw w = { .b = out, .first = 1 };
	size_t i, j;

	buf_addc(out, '{');
	w.depth = 1;
	jw_int(&w, "number", s->number);
	jw_str(&w, "course", s->course);
	jw_str(&w, "title", s->title);
	jw_str(&w, "subtitle", s->subtitle);
	jw_str(&w, "intro", s->intro);
	jw_str(&w, "objectives_intro", s->objectives_intro);
	jw_strv(&w, "objectives", s->objectives, s->nr_objectives);
	jw_str(&w, "readings_intro", s->readings_intro);
	readings_json(&w, s);
	jw_str(&w, "exercises_intro", s->exercises_intro);
	jw_open(&w, "exercises", '[');
	for (i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];

		jw_open(&w, NULL, '{');
		jw_str(&w, "id", e->id);
		jw_str(&w, "title", e->title);
		jw_str(&w, "instructions", e->instructions);
		jw_bool(&w, "optional", e->optional);
		jw_int_or_null(&w, "minutes", e->minutes);
		jw_int(&w, "line", e->line);
		jw_open(&w, "prompts", '[');
		for (j = 0; j < e->nr_prompts; j++)
			prompt_json(&w, NULL, &e->prompts[j]);
		jw_close(&w, ']');
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_str(&w, "resources_intro", s->resources_intro);
	resources_json(&w, s);
	jw_open(&w, "sections", '[');
	for (i = 0; i < s->nr_others; i++) {
		jw_open(&w, NULL, '{');
		jw_str(&w, "title", s->others[i].title);
		jw_str(&w, "text", s->others[i].text);
		jw_int(&w, "line", s->others[i].line);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_str(&w, "thoughts", s->thoughts);
	if (s->reflection)
		prompt_json(&w, "reflection", s->reflection);
	w.depth = 0;
	jw_newline(&w);
	buf_adds(out, "}\n");
}
