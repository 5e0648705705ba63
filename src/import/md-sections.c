/*
 * The sections without items (md-sections.h): Focus (objectives),
 * Thoughts (the course's text and the reflection box), sections the
 * importer does not know, and the introductions: text of a section that
 * is none of its items, kept so that nothing a reader sees is dropped.
 */
#include "import/md-sections.h"

#include "core/buf.h"
#include "import/annot.h"
#include "import/answers.h"
#include "import/md-prompt.h"
#include "import/md-write.h"

#include <stdlib.h>
#include <string.h>

int has_list(const struct node *n, const struct node *stop)
{
	for (; n && n != stop; n = n->next)
		if (is_list(n))
			return 1;
	return 0;
}

/* ---- introductions ---- */

void add_intro_buf(struct builder *B, char **field, struct buf *md)
{
	struct buf all = BUF_INIT;

	buf_rtrim(md);
	if (!md->len && !md->err) {
		buf_release(md);
		return;
	}
	if (*field) {
		buf_adds(&all, *field);
		buf_adds(&all, "\n\n");
	}
	buf_add(&all, md->data, md->len);
	if (md->err)
		all.err = 1;
	buf_release(md);
	free(*field);
	*field = take(B, &all, 1);
}

void add_intro(struct builder *B, char **field, const struct node *n,
	       const struct node *stop)
{
	struct buf md = BUF_INIT;

	md_blocks_text(&md, n, stop);
	add_intro_buf(B, field, &md);
}

/* A section we do not know ("## Schedule"): its title and text. */
void add_other(struct builder *B, const struct node *h, const struct node *n,
	       const struct node *stop)
{
	struct section_text *o;
	struct buf md = BUF_INIT;

	if (B->s->nr_others >= MAX_ITEMS) {
		parser_fail(B->p, h->line, "too many sections (the limit is %d)",
		     MAX_ITEMS);
		return;
	}
	o = grow(B, (void **)&B->s->others, &B->s->nr_others, sizeof(*o));
	if (!o)
		return;
	o->line = h->line;
	o->title = plain_of(B, h->inl, NULL);
	md_blocks_text(&md, n, stop);
	o->text = take(B, &md, 1);
}

/* ---- objectives ---- */

static void add_objective(struct builder *B, struct buf *md)
{
	char **slot;

	buf_rtrim(md);
	if (!md->len || B->p->failed)
		return;
	if (B->s->nr_objectives >= MAX_ITEMS) {
		parser_fail(B->p, 0, "too many objectives (the limit is %d)",
		     MAX_ITEMS);
		return;
	}
	slot = grow(B, (void **)&B->s->objectives, &B->s->nr_objectives,
		    sizeof(*slot));
	if (slot)
		*slot = take(B, md, 0);
}

/*
 * Objectives: the items of the section's lists; without a list, its
 * paragraphs.  What is no objective (the lead-in "By the end you will
 * be able to:", a note after the list, a quote) is the introduction.
 */
void add_objectives(struct builder *B, const struct node *n,
		    const struct node *stop)
{
	struct buf intro = BUF_INIT;
	int lists = has_list(n, stop);

	for (; n && n != stop; n = n->next) {
		struct buf md = BUF_INIT;
		const struct node *li;

		if (is_list(n)) {
			for (li = n->kids; li; li = li->next) {
				md_item_body(&md, li);
				add_objective(B, &md);
				buf_release(&md);
			}
		} else if (!lists && n->type == MD_BLOCK_P && !is_toc(n)) {
			render_inl(&md, n->inl, NULL, 1);
			add_objective(B, &md);
		} else {
			md_blocks_text(&intro, n, n->next);
		}
		buf_release(&md);
	}
	add_intro_buf(B, &B->s->objectives_intro, &intro);
}

/* The private reflection box a Thoughts section offers (session.h); a
 * second Thoughts section gets the same one. */
static struct prompt *reflection(struct builder *B)
{
	struct prompt *pr = B->s->reflection;

	if (pr)
		return pr;
	if (!(pr = calloc(1, sizeof(*pr)))) {
		B->p->nomem = 1;
		return NULL;
	}
	B->s->reflection = pr;
	pr->kind = PROMPT_TEXT;
	pr->optional = true;
	pr->id = dup_str(B, REFLECTION_ID);
	pr->text = dup_str(B, REFLECTION_TEXT);
	pr->plain = dup_str(B, REFLECTION_TEXT);
	pr->label = dup_str(B, "Thoughts");
	return pr;
}

/* Is list item li the reflection prompt as the export writes it? */
static int is_reflection_item(const struct node *li)
{
	struct buf t = BUF_INIT;
	int yes;

	item_text(&t, li, 0);
	yes = !t.err && !strcmp(t.data, REFLECTION_TEXT);
	buf_release(&t);
	return yes;
}

/*
 * The course's Thoughts text, and the reflection prompt: a list item
 * reading REFLECTION_TEXT (what the Markdown export writes) is the
 * prompt, the items nested under it a participant's answer, as under
 * any text prompt; it is not part of the course's text.
 */
void add_thoughts(struct builder *B, const struct node *n,
			 const struct node *stop)
{
	struct buf b = BUF_INIT;
	struct prompt *pr = reflection(B);
	const struct node *k;

	if (!pr)
		return;
	if (B->s->thoughts)
		buf_adds(&b, B->s->thoughts);
	for (k = n; k && k != stop; k = k->next) {
		struct answer_src ans = { 0 };
		struct annot none = { 0 };
		struct buf hint = BUF_INIT;

		if (!is_list(k) || !k->kids || k->kids->next ||
		    !is_reflection_item(k->kids)) {
			md_blocks_text(&b, k, k->next);
			continue;
		}
		prompt_nested(B, pr, k->kids, &none, NULL, &hint, &ans);
		free(pr->answer);
		pr->answer = NULL;
		if (answers_build(pr, &ans))
			B->p->nomem = 1;
		answer_src_release(&ans);
		buf_release(&hint);
	}
	free(B->s->thoughts);
	B->s->thoughts = take(B, &b, 1);
}

