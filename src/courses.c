/*
 * courses.c: the sessions the server shows, parsed from their stored
 * sources once at start-up.  After courses_load() the table is read-only,
 * so page handlers on any thread read it without locking.
 */
#include "app.h"

#include "buf.h"
#include "html.h"
#include "session.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct session *loaded;
static size_t nr_loaded;

/*
 * Every Markdown field of the loaded sessions, rendered to HTML once at
 * load: pages copy the bytes instead of running md4c on each request.
 * Sorted by (field address, inline flag) for bsearch.
 */
struct rendered {
	const char *md;
	int inline_only;
	char *html;
	size_t len;
};
static struct rendered *rendered;
static size_t nr_rendered, alloc_rendered;

static void render_one(const char *md, int inline_only)
{
	struct buf b = BUF_INIT;
	struct rendered *r;

	if (!md)
		return;
	if (nr_rendered == alloc_rendered) {
		size_t want = alloc_rendered ? alloc_rendered * 2 : 64;

		r = realloc(rendered, want * sizeof(*r));
		if (!r)
			return;  /* pages fall back to rendering on the fly */
		rendered = r;
		alloc_rendered = want;
	}
	html_markdown(&b, md, inline_only);
	if (b.err) {
		buf_release(&b);
		return;
	}
	r = &rendered[nr_rendered++];
	r->md = md;
	r->inline_only = inline_only;
	r->html = buf_detach(&b, &r->len);
}

static int rendered_cmp(const void *a, const void *b)
{
	const struct rendered *x = a, *y = b;

	if (x->md != y->md)
		return (uintptr_t)x->md < (uintptr_t)y->md ? -1 : 1;
	return x->inline_only - y->inline_only;
}

static void render_session(const struct session *s)
{
	size_t i, j;

	for (i = 0; i < s->nr_objectives; i++)
		render_one(s->objectives[i], 1);
	for (i = 0; i < s->nr_readings; i++) {
		render_one(s->readings[i].summary, 0);
		render_one(s->readings[i].notes, 0);
	}
	for (i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];

		render_one(e->instructions, 0);
		for (j = 0; j < e->nr_prompts; j++) {
			render_one(e->prompts[j].text, 1);
			render_one(e->prompts[j].hint, 0);
			render_one(e->prompts[j].group, 1);
		}
	}
	render_one(s->thoughts, 0);
}

void page_markdown(struct buf *b, const char *md, int inline_only)
{
	struct rendered key = { .md = md, .inline_only = inline_only }, *r;

	r = nr_rendered ? bsearch(&key, rendered, nr_rendered,
				  sizeof(*rendered), rendered_cmp) : NULL;
	if (r)
		buf_add(b, r->html, r->len);
	else
		html_markdown(b, md, inline_only);
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

int courses_load(struct store *st)
{
	struct numbers ns = { .count = 0 };
	size_t i;

	courses_free();
	if (store_course_list(st, collect, &ns) != STORE_OK)
		return -1;
	loaded = calloc(ns.count ? ns.count : 1, sizeof(*loaded));
	if (!loaded)
		return -1;
	for (i = 0; i < ns.count; i++) {
		struct import_error err;
		char *src;
		size_t len;

		if (store_course_source(st, ns.n[i], &src, &len) != STORE_OK)
			return -1;
		if (session_parse(src, len, &loaded[nr_loaded], &err))
			fprintf(stderr, "alignplan: stored session %d: %s\n",
				ns.n[i], err.msg);
		else if (session_sync_ids(st, &loaded[nr_loaded]) != STORE_OK)
			session_release(&loaded[nr_loaded]);
		else
			nr_loaded++;
		free(src);
	}
	for (i = 0; i < nr_loaded; i++)
		render_session(&loaded[i]);
	if (nr_rendered)
		qsort(rendered, nr_rendered, sizeof(*rendered), rendered_cmp);
	return 0;
}

void courses_free(void)
{
	size_t i;

	for (i = 0; i < nr_rendered; i++)
		free(rendered[i].html);
	free(rendered);
	rendered = NULL;
	nr_rendered = alloc_rendered = 0;
	for (i = 0; i < nr_loaded; i++)
		session_release(&loaded[i]);
	free(loaded);
	loaded = NULL;
	nr_loaded = 0;
}

const struct session *course_get(int number)
{
	size_t i;

	for (i = 0; i < nr_loaded; i++)
		if (loaded[i].number == number)
			return &loaded[i];
	return NULL;
}

size_t course_count(void)
{
	return nr_loaded;
}

const struct session *course_at(size_t i)
{
	return i < nr_loaded ? &loaded[i] : NULL;
}
