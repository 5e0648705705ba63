/*
 * kinds.c: the table of field kinds (kind.h), one row per kind, each
 * defined in its own file here; and what every kind reads of a prompt
 * the same way (its columns, a cell as shown, a picked option).
 */
#include "model/kinds/kind.h"

#include "core/buf.h"
#include "core/csv.h"
#include "model/kinds/shared.h"

#include <stdio.h>
#include <string.h>

/* Adding a kind: its value in enum prompt_kind (session.h), its file in
 * this folder, and its row here. */
const struct kind *const kinds[KIND_COUNT] = {
	[PROMPT_TEXT] = &kind_text,
	[PROMPT_LIST] = &kind_list,
	[PROMPT_CHECKLIST] = &kind_checklist,
	[PROMPT_RANKED] = &kind_ranked,
	[PROMPT_TABLE] = &kind_table,
	[PROMPT_ROUNDS] = &kind_rounds,
	[PROMPT_SPRINT] = &kind_sprint,
	[PROMPT_AGENDAS] = &kind_agendas,
};

const struct kind *kind_get(enum prompt_kind k)
{
	return (unsigned)k < KIND_COUNT ? kinds[k] : kinds[PROMPT_TEXT];
}

int kind_lookup(const char *s, size_t n)
{
	for (size_t k = 0; k < KIND_COUNT; k++)
		if (strlen(kinds[k]->name) == n && !memcmp(kinds[k]->name, s, n))
			return (int)k;
	return -1;
}

void kind_names(unsigned flags, char *out, size_t n)
{
	const char *v[KIND_COUNT];
	size_t nr = 0, len = 0;

	/* Those with columns first: "table, rounds and ranked". */
	for (int cols = 1; cols >= 0; cols--)
		for (size_t k = 0; k < KIND_COUNT; k++)
			if ((kinds[k]->flags & flags) == flags &&
			    !(kinds[k]->flags & KIND_COLS) == !cols)
				v[nr++] = kinds[k]->name;
	out[0] = '\0';
	for (size_t i = 0; i < nr && len < n; i++) {
		snprintf(out + len, n - len, "%s%s", !i ? "" :
			 i + 1 == nr ? " and " : ", ", v[i]);
		len += strlen(out + len);
	}
}

/* ---- what every kind reads of a prompt ---- */

const struct column *kind_columns(const struct prompt *p, size_t *n)
{
	static const struct column item = { .label = "Item" };
	const struct kind *k = kind_of(p);

	if (p->nr_columns) {
		*n = p->nr_columns;
		return p->columns;
	}
	if (k->nr_columns) {
		*n = k->nr_columns;
		return k->columns;
	}
	*n = 1;
	return &item;
}

size_t prompt_ncols(const struct prompt *p, const char *value)
{
	const char *cur = value;
	struct span line;
	size_t n = p->nr_columns;

	while (answer_next(&cur, &line)) {
		size_t cells = 1;

		for (size_t i = 0; i < line.n; i++)
			cells += line.s[i] == '\t';
		if (cells > n)
			n = cells;
	}
	return n ? n : 1;
}

const char *col_label(const struct prompt *p, size_t i, char tmp[24])
{
	if (i < p->nr_columns && p->columns[i].label &&
	    *p->columns[i].label)
		return p->columns[i].label;
	snprintf(tmp, 24, "Column %zu", i + 1);
	return tmp;
}

struct span cell_shown(const struct prompt *p, struct span row, size_t col)
{
	struct span c = answer_cell(row, col);
	const char *name = NULL;

	if (col >= p->nr_columns || !c.n)
		return c;
	if (p->columns[col].type == COL_SCALE && answer_scale(c) >= 0)
		name = answer_scale_names[answer_scale(c)];
	else if (p->columns[col].type == COL_MARK && answer_mark(c))
		name = "\xe2\x9c\x93";
	return name ? (struct span){ name, strlen(name) } : c;
}

const char *option_md(const struct prompt *p, struct span line)
{
	for (size_t i = 0; p->options_md && i < p->nr_options; i++)
		if (strlen(p->options[i]) == line.n &&
		    !memcmp(p->options[i], line.s, line.n))
			return p->options_md[i];
	return NULL;
}

/* The CSV of every kind so far: the answer in normal form, one field
 * (lines and TABs inside its quotes). */
void kind_csv_answer(struct csv *w, const struct prompt *p, const char *v,
		     size_t n)
{
	(void)p;
	csv_fieldn(w, v ? v : "", n);
}

/* ---- a posted form, for any kind ---- */

int kind_read_form(const struct prompt *p, const struct form *f,
		   size_t cap, struct buf *raw, struct buf *out)
{
	const struct kind *k = kind_of(p);
	struct buf tmp;
	bool many = false;
	int r;

	buf_init(&tmp, cap);
	r = k->posted(p, f, raw, &tmp, &many);
	if (tmp.err)
		raw->err = 1;
	buf_release(&tmp);
	if (r)
		return KIND_MALFORMED;
	if (raw->err)
		return KIND_TOO_LONG;
	if (many)
		return KIND_TOO_MANY;
	if (answer_normalize(p->kind, raw->data, raw->len, out))
		return KIND_MALFORMED;
	if (out->err)
		return KIND_TOO_LONG;
	/* Blank items and rows are gone now: count what would be kept. */
	if (k->shape != KIND_LINES &&
	    answer_count(out->data) > ANSWER_MAX_ITEMS)
		return KIND_TOO_MANY;
	return 0;
}
