/*
 * courses.c: course sessions (store.h).  The rule: session content is
 * never deleted.  course_put walks the session's model here, so that every
 * backend stores it alike: every prompt and reading of the session is
 * archived, then each one the model has is put back unarchived, so what
 * the model lacks stays archived, answers and notes kept.
 */
#include "store/internal.h"

#include "model/session.h"

#include <stdlib.h>

struct course_put {
	const struct session *m;
	const char *source;
	size_t len;
	int64_t now;
};

/* One prompt, numbered `position` in the session, of exercise `e`. */
static int prompt_put(struct store *st, int number, const struct prompt *p,
		      size_t e, int position, const char *text)
{
	if (!p->id || !*p->id)
		return store_set_err(st, "course_put: a prompt in exercise "
				     "%zu has no id", e + 1);
	return q_write(st, Q_PROMPT_PUT, ARGS(ARG_INT(number), arg_str(p->id),
					      ARG_INT(e), ARG_INT(position),
					      arg_str(text)), NULL);
}

/*
 * Prompts are numbered in document order across exercises; the
 * session's reflection prompt, when it has one, comes last, with the
 * exercise number one past the last exercise's.
 */
static int prompts_put(struct store *st, const struct session *m)
{
	int ret, position = 0;
	size_t e, i;

	ret = q_write(st, Q_PROMPT_ARCHIVE, ARGS(ARG_INT(m->number)), NULL);
	for (e = 0; ret == STORE_OK && e < m->nr_exercises; e++) {
		const struct exercise *ex = &m->exercises[e];

		for (i = 0; ret == STORE_OK && i < ex->nr_prompts; i++) {
			const struct prompt *p = &ex->prompts[i];

			ret = prompt_put(st, m->number, p, e, position++,
					 p->plain ? p->plain : p->text);
		}
	}
	/* The Thoughts section's box: a prompt after the last exercise's. */
	if (ret == STORE_OK && m->reflection && m->reflection->id)
		ret = prompt_put(st, m->number, m->reflection, m->nr_exercises,
				 position, m->reflection->plain);
	return ret;
}

static int readings_put(struct store *st, const struct session *m)
{
	int ret;
	size_t i;

	ret = q_write(st, Q_READING_ARCHIVE, ARGS(ARG_INT(m->number)), NULL);
	for (i = 0; ret == STORE_OK && i < m->nr_readings; i++) {
		const struct reading *r = &m->readings[i];

		if (!r->id || !*r->id)
			return store_set_err(st, "course_put: reading %zu has "
					     "no id", i + 1);
		ret = q_write(st, Q_READING_PUT, ARGS(ARG_INT(m->number),
						      arg_str(r->id),
						      ARG_INT(i),
						      arg_str(r->title)), NULL);
	}
	return ret;
}

static int course_body(struct store *st, void *ctx)
{
	struct course_put *c = ctx;
	int ret;

	ret = q_write(st, Q_COURSE_PUT, ARGS(ARG_INT(c->m->number),
					     arg_str(c->m->title),
					     ARG_BLOB(c->source ? c->source :
						      "", c->source ? c->len :
						      0),
					     ARG_INT(c->now)), NULL);
	if (ret == STORE_OK)
		ret = prompts_put(st, c->m);
	if (ret == STORE_OK)
		ret = readings_put(st, c->m);
	/* Every server reloads what it sees changed (site.c). */
	if (ret == STORE_OK)
		ret = q_write(st, Q_SITE_CATALOG_BUMP, NO_ARGS, NULL);
	return ret;
}

/* The source and the model in one transaction; on any failure nothing is
 * changed. */
int store_course_put(struct store *st, const struct session *s,
		     const char *source, size_t len)
{
	struct course_put c = { s, source, len, store_now(st) };

	if (s->number <= 0)
		return store_set_err(st, "course_put: the session has no "
				     "number");
	return store_txn(st, course_body, &c);
}

struct course_row {
	store_course_fn *fn;
	void *ctx;
};

static int on_course(void *ctx, const struct be_val *c)
{
	struct course_row *r = ctx;

	return r->fn(r->ctx, (int)c[0].i, c[1].s) != 0;
}

int store_course_list(struct store *st, store_course_fn *fn, void *ctx)
{
	struct course_row r = { fn, ctx };

	return q_list(st, Q_COURSE_LIST, NO_ARGS, on_course, &r);
}

struct source_row {
	struct store *st;
	char *copy;
	size_t len;
};

static int on_source(void *ctx, const struct be_val *c)
{
	struct source_row *r = ctx;

	if (!(r->copy = col_dup(&c[0])))
		return store_set_err(r->st, "course_source: out of memory");
	r->len = c[0].len;
	return 0;
}

int store_course_source(struct store *st, int number, char **src,
			size_t *len)
{
	struct source_row r = { st, NULL, 0 };
	int ret;

	ret = q_one(st, Q_COURSE_SOURCE, ARGS(ARG_INT(number)), on_source, &r);
	if (ret == STORE_OK) {
		*src = r.copy;
		*len = r.len;
	}
	return ret;
}

struct prompt_row {
	store_prompt_fn *fn;
	void *ctx;
};

static int on_prompt(void *ctx, const struct be_val *c)
{
	struct prompt_row *r = ctx;

	return r->fn(r->ctx, c[0].s, c[1].s, (int)c[2].i) != 0;
}

int store_prompt_list(struct store *st, int number, store_prompt_fn *fn,
		      void *ctx)
{
	struct prompt_row r = { fn, ctx };

	return q_list(st, Q_PROMPT_LIST, ARGS(ARG_INT(number)), on_prompt,
		      &r);
}
