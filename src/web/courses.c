/*
 * courses.c: the sessions the server shows, parsed from their stored
 * sources.  A load builds a whole new catalog and publishes it with one
 * atomic pointer swap, so page handlers on any thread read it without
 * locks.  A replaced catalog is kept until courses_free() at exit: a page
 * that started before the swap may still point into it, and reloads are
 * rare (an operator's SIGHUP after an import).
 */
#include "web/app.h"

#include "core/buf.h"
#include "core/html.h"
#include "core/memo.h"
#include "model/session.h"
#include "web/ui.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A piece of a loaded session rendered to HTML once at load: pages copy
 * the bytes instead of running md4c and the HTML writer on each request.
 * The key is the field's address and what was made of it. */
enum rendered_kind { R_BLOCK, R_INLINE, R_PROMPT_HEAD };

struct rendered {
	const void *key;
	int kind;
	char *html;
	size_t len;
};

struct catalog {
	struct session *sessions;
	size_t nr_sessions;
	struct rendered *rendered;      /* sorted by (md, inline_only) */
	size_t nr_rendered, alloc_rendered;
	struct catalog *retired;        /* the one this replaced */
};

static struct catalog empty_catalog;
static _Atomic(struct catalog *) current = &empty_catalog;

static struct catalog *catalog(void)
{
	return atomic_load_explicit(&current, memory_order_acquire);
}

static void render_one(struct catalog *c, const void *key, int kind)
{
	struct buf b = BUF_INIT;
	struct rendered *r;

	if (!key)
		return;
	if (c->nr_rendered == c->alloc_rendered) {
		size_t want = c->alloc_rendered ? c->alloc_rendered * 2 : 64;

		r = realloc(c->rendered, want * sizeof(*r));
		if (!r)
			return;  /* pages fall back to rendering on the fly */
		c->rendered = r;
		c->alloc_rendered = want;
	}
	if (kind == R_PROMPT_HEAD)
		ui_prompt_head(&b, key);
	else
		html_markdown(&b, key, kind == R_INLINE);
	if (b.err) {
		buf_release(&b);
		return;
	}
	r = &c->rendered[c->nr_rendered++];
	r->key = key;
	r->kind = kind;
	r->html = buf_detach(&b, &r->len);
}

static int rendered_cmp(const void *a, const void *b)
{
	const struct rendered *x = a, *y = b;

	if (x->key != y->key)
		return (uintptr_t)x->key < (uintptr_t)y->key ? -1 : 1;
	return x->kind - y->kind;
}

/* Copy the rendered piece (key, kind) of the current catalog; -1 if none. */
static int copy_rendered(struct buf *b, const void *key, int kind)
{
	const struct catalog *c = catalog();
	struct rendered want = { .key = key, .kind = kind }, *r;

	r = c->nr_rendered ? bsearch(&want, c->rendered, c->nr_rendered,
				     sizeof(*c->rendered), rendered_cmp) : NULL;
	if (!r)
		return -1;
	buf_add(b, r->html, r->len);
	return 0;
}

static void render_session(struct catalog *c, const struct session *s)
{
	size_t i, j, k;

	for (i = 0; i < s->nr_objectives; i++)
		render_one(c, s->objectives[i], R_INLINE);
	for (i = 0; i < s->nr_readings; i++) {
		render_one(c, s->readings[i].summary, R_BLOCK);
		render_one(c, s->readings[i].notes, R_BLOCK);
	}
	for (i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];

		render_one(c, e->instructions, R_BLOCK);
		for (j = 0; j < e->nr_prompts; j++) {
			render_one(c, e->prompts[j].group, R_INLINE);
			render_one(c, &e->prompts[j], R_PROMPT_HEAD);
			for (k = 0; e->prompts[j].options_md &&
				    k < e->prompts[j].nr_options; k++)
				render_one(c, e->prompts[j].options_md[k],
					   R_INLINE);
		}
	}
	render_one(c, s->thoughts, R_BLOCK);
}

void page_markdown(struct buf *b, const char *md, int inline_only)
{
	if (copy_rendered(b, md, inline_only ? R_INLINE : R_BLOCK))
		html_markdown(b, md, inline_only);
}

int page_fragment(struct buf *b, const struct prompt *p)
{
	return copy_rendered(b, p, R_PROMPT_HEAD);
}

static void catalog_free(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->nr_rendered; i++)
		free(c->rendered[i].html);
	free(c->rendered);
	for (i = 0; i < c->nr_sessions; i++)
		session_release(&c->sessions[i]);
	free(c->sessions);
	free(c);
}

struct numbers {
	int n[64];
	size_t count;
};

static int collect(void *ctx, int number, const char *title)
{
	struct numbers *ns = ctx;

	(void)title;
	if (ns->count == sizeof(ns->n) / sizeof(ns->n[0]))
		return 1;
	ns->n[ns->count++] = number;
	return 0;
}

/* Parse every stored session into c; a session that no longer parses is
 * reported and left out rather than taking the others down. */
static int catalog_fill(struct catalog *c, struct store *st)
{
	struct numbers ns = { .count = 0 };
	size_t i;

	if (store_course_list(st, collect, &ns) != STORE_OK)
		return -1;
	c->sessions = calloc(ns.count ? ns.count : 1, sizeof(*c->sessions));
	if (!c->sessions)
		return -1;
	for (i = 0; i < ns.count; i++) {
		struct session *s = &c->sessions[c->nr_sessions];
		struct import_error err;
		char *src;
		size_t len;

		if (store_course_source(st, ns.n[i], &src, &len) != STORE_OK)
			return -1;
		if (session_parse(src, len, s, &err))
			fprintf(stderr, "alignplan: stored session %d: %s\n",
				ns.n[i], err.msg);
		else if (session_sync_ids(st, s) != STORE_OK)
			session_release(s);
		else
			c->nr_sessions++;
		free(src);
	}
	for (i = 0; i < c->nr_sessions; i++)
		render_session(c, &c->sessions[i]);
	if (c->nr_rendered)
		qsort(c->rendered, c->nr_rendered, sizeof(*c->rendered),
		      rendered_cmp);
	return 0;
}

int courses_load(struct store *st)
{
	struct catalog *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	if (catalog_fill(c, st)) {
		catalog_free(c);
		return -1;
	}
	c->retired = catalog();
	atomic_store_explicit(&current, c, memory_order_release);
	return 0;
}

void courses_free(void)
{
	struct catalog *c = atomic_exchange(&current, &empty_catalog);

	while (c != &empty_catalog && c) {
		struct catalog *older = c->retired;

		catalog_free(c);
		c = older;
	}
	/* Memo keys are catalog addresses, which a later load may reuse. */
	memo_clear();
}

const struct session *course_get(int number)
{
	const struct catalog *c = catalog();
	size_t i;

	for (i = 0; i < c->nr_sessions; i++)
		if (c->sessions[i].number == number)
			return &c->sessions[i];
	return NULL;
}

const struct session *courses_all(size_t *n)
{
	const struct catalog *c = catalog();

	*n = c->nr_sessions;
	return c->sessions;
}
