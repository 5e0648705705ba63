/*
 * A list of links to follow up (md-resources.h): a "Resources" or
 * "Further reading" section after the exercises, or "Useful links" and
 * the like anywhere.  These are not readings of the session (no summary,
 * notes or progress): each list item, each heading with a link and each
 * paragraph with one is a resource, keeping its whole text
 * and every link in it ("PPO - [[1]](a), [[2]](b)").  Headings without a
 * link name the group of the resources after them; other text is the
 * section's introduction.
 */
#include "import/md-resources.h"

#include "core/buf.h"
#include "import/md-sections.h"
#include "import/md-write.h"

#include <stdlib.h>
#include <string.h>

/* The first link event in [e, stop), or NULL. */
static const struct inl *first_link(const struct inl *e,
				    const struct inl *stop)
{
	for (; e && e != stop; e = e->next)
		if (e->ev == EV_ENTER && e->type == MD_SPAN_A)
			return e;
	return NULL;
}

static void add_link(struct builder *B, struct resource *r,
		     const struct inl *a)
{
	const struct inl *end;
	struct link *l;

	for (end = a->next; end; end = end->next)
		if (end->ev == EV_LEAVE && end->type == MD_SPAN_A)
			break;
	if (r->nr_links >= MAX_ITEMS)
		return;   /* bounded like everything else; the text keeps it */
	l = grow(B, (void **)&r->links, &r->nr_links, sizeof(*l));
	if (!l)
		return;
	l->text = plain_of(B, a->next, end);
	l->url = xstrndup(a->s, a->n);
	if (!l->url)
		B->p->nomem = 1;
}

/* Every link of block n and of the blocks inside it, in order.  Blocks
 * nest no deeper than the tree allows (IMPORT_MAX_DEPTH lists). */
static void block_links(struct builder *B, struct resource *r,
			const struct node *n)
{
	const struct inl *e;
	const struct node *k;

	for (e = first_link(n->inl, NULL); e; e = first_link(e->next, NULL))
		add_link(B, r, e);
	for (k = n->kids; k; k = k->next)
		block_links(B, r, k);
}

/* The title: the text before the first link ("PPO - "), else the first
 * link's text, else the whole text. */
static char *resource_title(struct builder *B, const struct inl *e)
{
	const struct inl *a = first_link(e, NULL), *end;
	char *t = plain_of(B, e, a);

	if (t)
		trim_dashes(t);
	if (t && *t)
		return t;
	free(t);
	if (!a)
		return plain_of(B, e, NULL);
	for (end = a->next; end; end = end->next)
		if (end->ev == EV_LEAVE && end->type == MD_SPAN_A)
			break;
	return plain_of(B, a->next, end);
}

/* A new resource whose first line is the inline content of `first` (a
 * paragraph or heading) on `line`; NULL at the cap or out of memory. */
static struct resource *new_resource(struct builder *B, const struct node *first,
				     int line, const char *group)
{
	struct session *s = B->s;
	struct resource *r;

	if (s->nr_resources >= MAX_ITEMS) {
		parser_fail(B->p, line, "too many resources (the limit is %d)",
		     MAX_ITEMS);
		return NULL;
	}
	r = grow(B, (void **)&s->resources, &s->nr_resources, sizeof(*r));
	if (!r)
		return NULL;
	r->line = line;
	r->title = resource_title(B, first ? first->inl : NULL);
	r->group = group ? dup_str(B, group) : NULL;
	return r;
}

/* A list item: its whole body is the text, every link in it counts. */
static void item_resource(struct builder *B, const struct node *li,
			  const char *group)
{
	const struct node *first = li->kids;
	struct resource *r;
	struct buf md = BUF_INIT;

	if (first && first->type != MD_BLOCK_P)
		first = NULL;
	r = new_resource(B, first, li->line, group);
	if (!r)
		return;
	md_item_body(&md, li);
	r->text = take(B, &md, 0);
	block_links(B, r, li);
}

/*
 * A heading or paragraph with a link, and the paragraphs after it up to
 * the next heading or list, which say more about it.  Returns the last
 * block used.
 */
static const struct node *block_resource(struct builder *B,
					 const struct node *n,
					 const struct node *stop,
					 const char *group)
{
	struct resource *r = new_resource(B, n, n->line, group);
	struct buf md = BUF_INIT;
	const struct node *k = n;

	if (!r)
		return n;
	render_inl(&md, n->inl, NULL, 1);
	block_links(B, r, n);
	while (k->next && k->next != stop && k->next->type != MD_BLOCK_H &&
	       !is_list(k->next) && !first_link(k->next->inl, NULL)) {
		k = k->next;
		md_blocks_text(&md, k, k->next);
		block_links(B, r, k);
	}
	r->text = take(B, &md, 0);
	return k;
}

void add_resources(struct builder *B, const struct node *n,
		   const struct node *stop)
{
	struct buf intro = BUF_INIT;
	char *group = NULL;
	const struct node *li;

	for (; n && n != stop && !B->p->failed; n = n->next) {
		if (n->type == MD_BLOCK_H && !first_link(n->inl, NULL)) {
			free(group);
			group = plain_of(B, n->inl, NULL);
			if (group)
				trim_str(group);
		} else if (is_list(n)) {
			for (li = n->kids; li; li = li->next)
				item_resource(B, li, group);
		} else if ((n->type == MD_BLOCK_H || n->type == MD_BLOCK_P) &&
			   first_link(n->inl, NULL)) {
			n = block_resource(B, n, stop, group);
		} else {
			md_blocks_text(&intro, n, n->next);
		}
	}
	free(group);
	add_intro_buf(B, &B->s->resources_intro, &intro);
}
