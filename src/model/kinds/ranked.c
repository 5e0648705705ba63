/*
 * ranked.c: the ranked kind, items in order of preference, one per line:
 * the items of rows=NAME, else the prompt's options, else the
 * participant's own.  Fields: l.P, the items in the order shown; k.P, the
 * rank typed for the l.P at the same position.  Items are sorted by rank
 * on save (stable; those without a rank keep their place after the
 * rest).
 */
#include "model/kinds/shared.h"

#include "core/buf.h"
#include "core/form.h"
#include "core/html.h"

#include <stdio.h>
#include <stdlib.h>

/* One ranked item: its text (fixed, or an input when the participant
 * writes the items), and its rank. */
static void ranked_item(struct buf *b, const char *pid, int i, int n,
			struct span v, bool fixed)
{
	html(b, "<li data-item>");
	if (fixed) {
		html(b, "<input type=\"hidden\" name=\"l.%s\" value=\"", pid);
		html_txtn(b, v.s, v.n);
		html(b, "\"><label class=\"item\" for=\"k-%s-%d\">", pid, i);
		html_txtn(b, v.s, v.n);
		html_raw(b, "<span class=\"vh\">, rank</span></label>");
	} else {
		html(b, "<label class=\"vh\" for=\"l-%s-%d\">Item %d</label>"
		     "<input type=\"text\" name=\"l.%s\" id=\"l-%s-%d\" "
		     "value=\"", pid, i, i, pid, pid, i);
		html_txtn(b, v.s, v.n);
		html(b, "\"><label class=\"vh\" for=\"k-%s-%d\">Rank of item "
		     "%d</label>", pid, i, i);
	}
	html(b, "<input type=\"number\" class=\"rank\" name=\"k.%s\" "
	     "id=\"k-%s-%d\" value=\"%d\" min=\"1\" max=\"%d\" step=\"1\">"
	     "</li>", pid, pid, i, i, n);
}

/* The participant's own items, each with an input. */
static void own_items(struct buf *b, const struct prompt *p,
		      const char *value)
{
	static const struct span none = { "", 0 };
	const char *cur = value;
	struct span line;
	int shown = 0, total = rows_to_show(p, (int)answer_count(value), 3);

	html(b, "<ol class=\"ranked\" data-label=\"Item\">");
	while (answer_next(&cur, &line))
		if (line.n)
			ranked_item(b, p->id, ++shown, total, line, false);
	while (shown < total)
		ranked_item(b, p->id, ++shown, total, none, false);
	html_raw(b, "</ol>");
}

/* Fixed items, in the participant's stored order, those not placed yet
 * after them. */
static void fixed_items(struct buf *b, const struct prompt *p,
			const char *value, const struct items *it)
{
	bool *used = calloc(it->n + 1, sizeof(*used));
	const char *cur = value;
	struct span line;
	int shown = 0, total = (int)it->n;
	size_t i;

	if (!used) {
		b->err = 1;
		return;
	}
	html(b, "<ol class=\"ranked fixed\">");
	while (answer_next(&cur, &line))
		for (i = 0; i < it->n; i++)
			if (!used[i] && span_eq(line, it->v[i])) {
				used[i] = true;
				ranked_item(b, p->id, ++shown, total, it->v[i],
					    true);
				break;
			}
	for (i = 0; i < it->n; i++)
		if (!used[i])
			ranked_item(b, p->id, ++shown, total, it->v[i], true);
	html_raw(b, "</ol>");
	free(used);
}

static void ranked_control(struct buf *b, const struct kind_ctx *fc,
			   const struct prompt *p, const char *value)
{
	struct items *it = calloc(1, sizeof(*it));
	size_t i;

	if (!it) {
		b->err = 1;
		return;
	}
	if (p->rows_from)
		items_of(fc, p->rows_from, NULL, it);
	else
		for (i = 0; i < p->nr_options && i < REF_MAX_ITEMS; i++)
			it->v[it->n++] = (struct span){ p->options[i],
						strlen(p->options[i]) };
	if (p->rows_from && !it->n) {
		source_empty(b, it->from, p->rows_from);
	} else {
		html_raw(b, "<p class=\"note how-to-rank\">Put them in order: "
			 "1 is first. The list is sorted when you save.</p>");
		if (p->rows_from || p->nr_options)
			fixed_items(b, p, value, it);
		else
			own_items(b, p, value);
	}
	free(it);
}

struct ranked {
	long rank;     /* LONG_MAX when not given */
	size_t at;
	size_t off, len;   /* the item in the text buffer */
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* The l.P items, each with the k.P rank at the same position; read
 * into v (room for KIND_MAX_POSTED) and `items`.  Returns how many, or
 * -1 when the form is malformed. */
static long read_ranked(const struct form *f, const char *pid,
			struct ranked *v, struct buf *items, struct buf *tmp,
			bool *many)
{
	char lname[96], kname[96];
	size_t n = 0, lpos = 0, kpos = 0;
	long got;

	snprintf(lname, sizeof(lname), "l.%s", pid);
	snprintf(kname, sizeof(kname), "k.%s", pid);
	while ((got = form_field_next(f, &lpos, lname, tmp)) >= 0) {
		char *end;

		if (n == KIND_MAX_POSTED) {
			*many = true;
			break;
		}
		v[n].off = items->len;
		add_flat(items, tmp);
		v[n].len = items->len - v[n].off;
		v[n].at = n;
		v[n].rank = 0x7fffffffL;
		if (kpos < f->len &&
		    (got = form_field_next(f, &kpos, kname, tmp)) >= 0) {
			long k = strtol(tmp->data, &end, 10);

			if (tmp->len && !*end && k > 0 && k < 0x7fffffffL)
				v[n].rank = k;
		}
		if (got == -2)
			break;
		n++;
	}
	return got == -2 ? -1 : (long)n;
}

/* The items sorted by rank. */
static int ranked_posted(const struct prompt *p, const struct form *f,
			 struct buf *raw, struct buf *tmp, bool *many)
{
	struct ranked *v = calloc(KIND_MAX_POSTED, sizeof(*v));
	struct buf items = BUF_INIT;
	long n;

	if (!v)
		return -1;
	buf_init(&items, raw->max);
	n = read_ranked(f, p->id, v, &items, tmp, many);
	if (n > 0)
		qsort(v, (size_t)n, sizeof(*v), ranked_cmp);
	for (long i = 0; i < n; i++) {
		if (raw->len)
			buf_addc(raw, '\n');
		buf_add(raw, items.data + v[i].off, v[i].len);
	}
	if (items.err)
		raw->err = 1;
	buf_release(&items);
	free(v);
	return n < 0 ? -1 : 0;
}

const struct kind kind_ranked = {
	.name = "ranked",
	.shape = KIND_ITEMS,
	.flags = KIND_COUNTED | KIND_ROWS_FROM | KIND_PLAN | KIND_ORDERED,
	.one = "item", .many = "items",
	.control = ranked_control,
	.posted = ranked_posted,
	.check = items_check,
	.view = items_view,
	.html = items_html,
	.brief = items_brief,
	.docx = items_docx,
	.markdown = items_md,
	.csv = kind_csv_answer,
};
