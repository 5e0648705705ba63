/*
 * Answers nested under a prompt (answers.h).  The exporter escapes
 * what a participant typed, so here each item is read as plain text:
 * escapes resolved, entities decoded ("&#32;" is a kept space), soft line
 * breaks as one space, and nothing squeezed.  Then answer_normalize()
 * makes it the stored form.
 */
#include "import/answers.h"

#include "core/buf.h"
#include "import/annot.h"
#include "model/kinds/kind.h"
#include "import/md-write.h"
#include "model/answer.h"

#include <stdlib.h>
#include <string.h>

int answer_src_add(struct answer_src *a, const struct node *n)
{
	if (a->n == a->alloc) {
		size_t want = a->alloc ? 2 * a->alloc : 8;
		const struct node **v = realloc(a->v, want * sizeof(*v));

		if (!v)
			return -1;
		a->v = v;
		a->alloc = want;
	}
	a->v[a->n++] = n;
	return 0;
}

void answer_src_release(struct answer_src *a)
{
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static int is_row_kind(enum prompt_kind k)
{
	return kind_get(k)->shape == KIND_ROWS;
}

/* Bytes from b->len on that would break a line (or a cell) become
 * spaces: an entity such as "&#10;" must not make two items of one. */
static void flatten(struct buf *b, size_t from, int cell)
{
	size_t i;

	for (i = from; i < b->len; i++)
		if (b->data[i] == '\n' || b->data[i] == '\r' ||
		    (cell && b->data[i] == '\t'))
			b->data[i] = ' ';
}

/* The plain text of a paragraph, or of an item's paragraphs before its
 * first nested list (joined by a space). */
static void own_text(struct buf *b, const struct node *n, int cell)
{
	size_t from = b->len;
	const struct node *k;
	int first = 1;

	if (n->type == MD_BLOCK_P) {
		render_inl(b, n->inl, NULL, 0);
	} else {
		for (k = n->kids; k && !is_list(k); k = k->next) {
			if (k->type != MD_BLOCK_P)
				continue;
			if (!first)
				buf_addc(b, ' ');
			render_inl(b, k->inl, NULL, 0);
			first = 0;
		}
	}
	flatten(b, from, cell);
}

/* An item as lines: its own text, then its sub-items' lines in order. */
static void item_lines(struct buf *b, const struct node *n, size_t *lines)
{
	const struct node *k, *li;

	if ((*lines)++)
		buf_addc(b, '\n');
	own_text(b, n, 0);
	if (n->type != MD_BLOCK_LI)
		return;
	for (k = n->kids; k; k = k->next)
		if (is_list(k))
			for (li = k->kids; li; li = li->next)
				item_lines(b, li, lines);
}

/* An item as a row: its own text is the first cell, and each sub-item
 * "Label: value" fills the column of that label (the first one given
 * wins; a label no column has is ignored). */
static void item_row(struct buf *b, const struct prompt *pr,
		     const struct node *n, size_t *lines)
{
	struct buf *cells = calloc(pr->nr_columns ? pr->nr_columns : 1,
				   sizeof(*cells));
	struct buf sub = BUF_INIT;
	const struct node *k, *li;
	size_t i, nr = pr->nr_columns ? pr->nr_columns : 1;

	if (!cells) {
		b->err = 1;
		return;
	}
	for (i = 0; i < nr; i++)
		buf_init(&cells[i], BUF_MAX_DEFAULT);
	own_text(&cells[0], n, 1);
	for (k = n->type == MD_BLOCK_LI ? n->kids : NULL; k; k = k->next) {
		if (!is_list(k))
			continue;
		for (li = k->kids; li; li = li->next) {
			const char *colon;
			int c;

			buf_reset(&sub);
			own_text(&sub, li, 1);
			colon = strchr(sub.data, ':');
			if (!colon)
				continue;
			i = (size_t)(colon - sub.data);
			while (i && sub.data[i - 1] == ' ')
				i--;
			c = annot_column(pr, sub.data, i);
			if (c < 0 || (size_t)c >= nr)
				continue;
			/* the first cell is the item's own unless empty */
			if (strspn(cells[c].data, " ") != cells[c].len)
				continue;
			buf_reset(&cells[c]);
			buf_adds(&cells[c], colon + 1);
		}
	}
	if ((*lines)++)
		buf_addc(b, '\n');
	for (i = 0; i < nr; i++) {
		if (i)
			buf_addc(b, '\t');
		buf_add(b, cells[i].data, cells[i].len);
		if (cells[i].err)
			b->err = 1;
		buf_release(&cells[i]);
	}
	if (sub.err)
		b->err = 1;
	buf_release(&sub);
	free(cells);
}

int answers_build(struct prompt *pr, const struct answer_src *a)
{
	struct buf raw = BUF_INIT, out = BUF_INIT;
	size_t i, lines = 0;
	int r = 0;

	free(pr->answer);
	pr->answer = NULL;
	for (i = 0; i < a->n; i++) {
		if (is_row_kind(pr->kind))
			item_row(&raw, pr, a->v[i], &lines);
		else
			item_lines(&raw, a->v[i], &lines);
	}
	if (raw.err) {
		r = -1;
		goto out;
	}
	if (!a->n || answer_normalize(pr->kind, raw.data, raw.len, &out))
		goto out;   /* not UTF-8 cannot happen: the file was checked */
	if (out.err) {
		r = -1;
		goto out;
	}
	if (out.len) {
		pr->answer = buf_detach(&out, NULL);
		if (!pr->answer)
			r = -1;
	}
out:
	buf_release(&raw);
	buf_release(&out);
	return r;
}
