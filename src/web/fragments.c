/*
 * fragments.c: the Markdown fragment cache (fragments.h).  A piece is
 * found by the address of what it was made from and what was made of it
 * (block or inline Markdown, or a prompt's head), in a table sorted once.
 * A key that is not there — a piece of an older catalog while a reload
 * goes on, or one that did not fit in memory — is rendered on the spot,
 * so the cache can be slower than it might but never wrong.
 *
 * Like the catalog, a table is published with one atomic pointer swap,
 * and one it replaces is kept until fragments_free(): a page that began
 * before the swap may still be copying from it.
 */
#include "web/fragments.h"

#include "core/buf.h"
#include "core/html.h"
#include "model/session.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

enum fragment_kind { F_BLOCK, F_INLINE, F_PROMPT_HEAD };

struct fragment {
	const void *key;
	int kind;
	char *html;
	size_t len;
};

struct table {
	struct fragment *v;             /* sorted by (key, kind) */
	size_t n, alloc;
	fragment_head_fn *head;
	struct table *retired;          /* the one this replaced */
};

static struct table empty_table;
static _Atomic(struct table *) current = &empty_table;

static struct table *table(void)
{
	return atomic_load_explicit(&current, memory_order_acquire);
}

static void render_one(struct table *t, const void *key, int kind)
{
	struct buf b = BUF_INIT;
	struct fragment *f;

	if (!key)
		return;
	if (t->n == t->alloc) {
		size_t want = t->alloc ? t->alloc * 2 : 64;

		f = realloc(t->v, want * sizeof(*f));
		if (!f)
			return;  /* pages fall back to rendering on the fly */
		t->v = f;
		t->alloc = want;
	}
	if (kind == F_PROMPT_HEAD)
		t->head(&b, key);
	else
		html_markdown(&b, key, kind == F_INLINE);
	if (b.err) {
		buf_release(&b);
		return;
	}
	f = &t->v[t->n++];
	f->key = key;
	f->kind = kind;
	f->html = buf_detach(&b, &f->len);
}

/* The session page's texts besides its items: the introductions of its
 * sections, the resources and the sections kept as they were written. */
static void render_texts(struct table *t, const struct session *s)
{
	size_t i;

	render_one(t, s->intro, F_BLOCK);
	render_one(t, s->objectives_intro, F_BLOCK);
	render_one(t, s->readings_intro, F_BLOCK);
	render_one(t, s->exercises_intro, F_BLOCK);
	render_one(t, s->resources_intro, F_BLOCK);
	for (i = 0; i < s->nr_resources; i++)
		render_one(t, s->resources[i].text, F_BLOCK);
	for (i = 0; i < s->nr_others; i++)
		render_one(t, s->others[i].text, F_BLOCK);
}

static void render_session(struct table *t, const struct session *s)
{
	size_t i, j, k;

	render_texts(t, s);
	for (i = 0; i < s->nr_objectives; i++)
		render_one(t, s->objectives[i], F_INLINE);
	for (i = 0; i < s->nr_readings; i++) {
		render_one(t, s->readings[i].summary, F_BLOCK);
		render_one(t, s->readings[i].notes, F_BLOCK);
	}
	for (i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];

		render_one(t, e->instructions, F_BLOCK);
		for (j = 0; j < e->nr_prompts; j++) {
			render_one(t, e->prompts[j].group, F_INLINE);
			render_one(t, &e->prompts[j], F_PROMPT_HEAD);
			for (k = 0; e->prompts[j].options_md &&
				    k < e->prompts[j].nr_options; k++)
				render_one(t, e->prompts[j].options_md[k],
					   F_INLINE);
		}
	}
	render_one(t, s->thoughts, F_BLOCK);
}

static int fragment_cmp(const void *a, const void *b)
{
	const struct fragment *x = a, *y = b;

	if (x->key != y->key)
		return (uintptr_t)x->key < (uintptr_t)y->key ? -1 : 1;
	return x->kind - y->kind;
}

/* Copy the piece (key, kind) of the current table; -1 if none. */
static int copy_fragment(struct buf *b, const void *key, int kind)
{
	const struct table *t = table();
	struct fragment want = { .key = key, .kind = kind }, *f;

	f = t->n ? bsearch(&want, t->v, t->n, sizeof(*t->v), fragment_cmp) :
		   NULL;
	if (!f)
		return -1;
	buf_add(b, f->html, f->len);
	return 0;
}

static void table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].html);
	free(t->v);
	free(t);
}

int fragments_load(const struct session *s, size_t n, fragment_head_fn *head)
{
	struct table *t = calloc(1, sizeof(*t));
	size_t i;

	if (!t)
		return -1;
	t->head = head;
	for (i = 0; i < n; i++)
		render_session(t, &s[i]);
	if (t->n)
		qsort(t->v, t->n, sizeof(*t->v), fragment_cmp);
	t->retired = table();
	atomic_store_explicit(&current, t, memory_order_release);
	return 0;
}

void fragments_free(void)
{
	struct table *t = atomic_exchange(&current, &empty_table);

	while (t != &empty_table && t) {
		struct table *older = t->retired;

		table_free(t);
		t = older;
	}
}

void fragment_markdown(struct buf *b, const char *md, int inline_only)
{
	if (copy_fragment(b, md, inline_only ? F_INLINE : F_BLOCK))
		html_markdown(b, md, inline_only);
}

int fragment_prompt_head(struct buf *b, const struct prompt *p)
{
	return copy_fragment(b, p, F_PROMPT_HEAD);
}
