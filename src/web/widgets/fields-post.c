/*
 * fields-post.c: a posted exercise form back into answers.  The field
 * names are described at the top of fields.c, which writes them; each
 * prompt's fields are read in a walk per name over the form the router
 * parsed once (form_field_next() walks its table of fields, not the
 * body), and the answer goes through answer_normalize() before anyone
 * stores it.
 * Lists and rows are capped at ANSWER_MAX_ITEMS (answer.h).
 */
#include "web/widgets/fields-post.h"

#include "core/form.h"
#include "model/answer.h"
#include "model/session.h"
#include "web/request.h"
#include "web/widgets/fields.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows or ranked items read from one post: room for a whole answer and
 * the blank rows a form adds, beyond which it is surely too many. */
#define FIELD_MAX_ROWS (2 * ANSWER_MAX_ITEMS)

/* Append a posted value as one line or cell: newlines and tabs become
 * spaces, so it cannot split a row.  (answer_normalize trims.) */
static void add_flat(struct buf *out, const struct buf *v)
{
	for (size_t j = 0; j < v->len; j++)
		buf_addc(out, strchr("\r\n\t", v->data[j]) ? ' ' : v->data[j]);
}

/* Every value of a repeated field, one per line. */
static int posted_lines(const struct form *f, const char *name,
			struct buf *raw, struct buf *tmp)
{
	size_t pos = 0;
	long n;

	while ((n = form_field_next(f, &pos, name, tmp)) >= 0) {
		if (raw->len)
			buf_addc(raw, '\n');
		add_flat(raw, tmp);
	}
	return n == -2 ? -1 : 0;
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

/* l.P items with the k.P rank at the same position, sorted by rank. */
static int posted_ranked(const struct form *f, const char *pid,
			 struct buf *raw, struct buf *tmp, bool *many)
{
	char lname[96], kname[96];
	struct ranked *v = NULL;
	struct buf items = BUF_INIT;
	size_t n = 0, lpos = 0, kpos = 0, i;
	long got;
	int r = 0;

	snprintf(lname, sizeof(lname), "l.%s", pid);
	snprintf(kname, sizeof(kname), "k.%s", pid);
	buf_init(&items, raw->max);
	v = calloc(FIELD_MAX_ROWS, sizeof(*v));
	if (!v)
		return -1;
	while ((got = form_field_next(f, &lpos, lname, tmp)) >= 0) {
		char *end;

		if (n == FIELD_MAX_ROWS) {
			*many = true;
			break;
		}
		v[n].off = items.len;
		add_flat(&items, tmp);
		v[n].len = items.len - v[n].off;
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
	if (got == -2)
		r = -1;
	qsort(v, n, sizeof(*v), ranked_cmp);
	for (i = 0; i < n && !r; i++) {
		if (raw->len)
			buf_addc(raw, '\n');
		buf_add(raw, items.data + v[i].off, v[i].len);
	}
	if (items.err)
		raw->err = 1;
	buf_release(&items);
	free(v);
	return r;
}

/* Rows: the positions of the markers, then each column's cells placed in
 * the row whose marker precedes them. */
static int posted_rows(const struct prompt *p, const struct form *f,
		       struct buf *raw, struct buf *tmp, bool *many)
{
	char name[96];
	size_t ncols, nrows = 0, pos = 0, c, r, *start = NULL;
	struct buf *cell = NULL;
	long got;
	int ret = 0;

	ui_columns(p, &ncols);
	snprintf(name, sizeof(name), "r.%s", p->id);
	start = calloc(FIELD_MAX_ROWS, sizeof(*start));
	if (!start)
		return -1;
	while ((got = form_field_next(f, &pos, name, tmp)) >= 0) {
		if (nrows == FIELD_MAX_ROWS) {
			*many = true;
			break;
		}
		start[nrows++] = pos;
	}
	if (got == -2 || !nrows)
		goto out;
	cell = calloc(nrows * ncols, sizeof(*cell));
	if (!cell) {
		ret = -1;
		goto out;
	}
	for (c = 0; c < nrows * ncols; c++)
		buf_init(&cell[c], HTTP_MAX_BODY);
	for (c = 0; c < ncols && !ret; c++) {
		snprintf(name, sizeof(name), "t.%s.%zu", p->id, c);
		pos = 0;
		r = 0;
		while ((got = form_field_next(f, &pos, name, tmp)) >= 0) {
			while (r + 1 < nrows && start[r + 1] < pos)
				r++;
			if (start[r] > pos)
				continue;  /* before the first row */
			if (!cell[r * ncols + c].len)
				add_flat(&cell[r * ncols + c], tmp);
		}
		if (got == -2)
			ret = -1;
	}
	for (r = 0; r < nrows && !ret; r++) {
		if (r)
			buf_addc(raw, '\n');
		for (c = 0; c < ncols; c++) {
			const struct buf *x = &cell[r * ncols + c];

			if (c)
				buf_addc(raw, '\t');
			buf_add(raw, x->data, x->len);
			if (x->err)
				raw->err = 1;
		}
	}
	for (c = 0; c < nrows * ncols; c++)
		buf_release(&cell[c]);
out:
	if (got == -2)
		ret = -1;
	free(cell);
	free(start);
	return ret;
}

int ui_field_posted(const struct prompt *p, const struct form *f,
		    struct buf *raw, struct buf *out)
{
	char name[96];
	struct buf tmp;
	size_t pos = 0;
	long n;
	int r = 0;
	bool many = false;

	buf_init(&tmp, HTTP_MAX_BODY);
	switch (p->kind) {
	case PROMPT_TEXT:
		snprintf(name, sizeof(name), "a.%s", p->id);
		if (form_field_get(f, name, 0, raw) == -2)
			r = -1;
		break;
	case PROMPT_CHECKLIST:
		snprintf(name, sizeof(name), "c.%s", p->id);
		while ((n = form_field_next(f, &pos, name, &tmp)) >= 0)
			for (size_t o = 0; o < p->nr_options; o++)
				if (!strcmp(tmp.data, p->options[o])) {
					if (raw->len)
						buf_addc(raw, '\n');
					buf_adds(raw, p->options[o]);
				}
		if (n == -2)
			r = -1;
		/* your own items follow */
		/* fall through */
	case PROMPT_LIST:
		snprintf(name, sizeof(name), "l.%s", p->id);
		if (!r)
			r = posted_lines(f, name, raw, &tmp);
		break;
	case PROMPT_RANKED:
		r = posted_ranked(f, p->id, raw, &tmp, &many);
		break;
	case PROMPT_TABLE:
	case PROMPT_ROUNDS:
	case PROMPT_SPRINT:
		r = posted_rows(p, f, raw, &tmp, &many);
		break;
	}
	if (tmp.err)
		raw->err = 1;
	buf_release(&tmp);
	if (r)
		return FIELD_MALFORMED;
	if (raw->err)
		return FIELD_TOO_LONG;
	if (many)
		return FIELD_TOO_MANY;
	if (answer_normalize(p->kind, raw->data, raw->len, out))
		return FIELD_MALFORMED;
	if (out->err)
		return FIELD_TOO_LONG;
	/* Blank items and rows are gone now: count what would be kept. */
	if (p->kind != PROMPT_TEXT &&
	    answer_count(out->data) > ANSWER_MAX_ITEMS)
		return FIELD_TOO_MANY;
	return 0;
}
