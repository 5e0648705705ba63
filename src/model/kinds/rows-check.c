/*
 * rows-check.c: the checks of the row kinds (table, rounds), written
 * with coach-internal.h: rows=NAME, then each column by its type and
 * flags, then budget= (docs/coaching.md).
 */
#include "model/coach-internal.h"

#include "model/kinds/shared.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- words ---- */

static bool lower_ascii_eq(struct span a, const char *b, size_t bn)
{
	size_t i;

	if (a.n != bn)
		return false;
	for (i = 0; i < bn; i++) {
		char x = a.s[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return false;
	}
	return true;
}

/* "Simplest" -> "simplest"; "AI roles" stays. */
static void lower_first(char *s)
{
	if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
		s[0] += 'a' - 'A';
}

/* A column label as a lowercase noun ("Risk area" -> "risk area"), or
 * false when it has none or it is too long to use. */
static bool col_noun(const struct column *c, char out[NOUN_BYTES + 1])
{
	if (!c->label || !*c->label || strlen(c->label) > NOUN_BYTES ||
	    strchr(c->label, '?'))
		return false;
	strcpy(out, c->label);
	lower_first(out);
	return true;
}

/* A column as named in a title: its label in quotes, else its number. */
static void col_name(const struct prompt *p, size_t i,
		     char out[NOUN_BYTES + 16])
{
	const char *l = p->columns[i].label;

	if (l && *l && strlen(l) <= NOUN_BYTES)
		snprintf(out, NOUN_BYTES + 16, "“%s”", l);
	else
		snprintf(out, NOUN_BYTES + 16, "column %zu", i + 1);
}

/* End a detail with a full stop unless the names already end one
 * ("Missing for Can I write?"). */
static void stop(char *dst, size_t cap)
{
	size_t n = strlen(dst);

	if (n && !strchr(".?!", dst[n - 1]) &&
	    !(n >= 3 && !strcmp(dst + n - 3, "…")))
		coach_addf(dst, cap, ".");
}

/* ---- naming rows and items in a detail ---- */

struct names {
	char s[200];
	size_t len;
	int n, more;
};

static void names_addf(struct names *nl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void names_addf(struct names *nl, const char *fmt, ...)
{
	char one[NAME_BYTES + VALUE_BYTES + 40];
	size_t k, sep = nl->n ? 2 : 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(one, sizeof(one), fmt, ap);
	va_end(ap);
	k = strlen(one);
	/* keep room for " and N more" */
	if (nl->more || nl->len + sep + k + 16 > sizeof(nl->s)) {
		nl->more++;
		return;
	}
	if (sep)
		memcpy(nl->s + nl->len, ", ", 2);
	memcpy(nl->s + nl->len + sep, one, k + 1);
	nl->len += sep + k;
	nl->n++;
}

static void names_str(const struct names *nl, char out[220])
{
	snprintf(out, 220, "%s", nl->s);
	if (nl->more)
		coach_addf(out, 220, " and %d more", nl->more);
}

/* A row by its first cell, else by its number. */
static void row_name(char out[NAME_BYTES + 4], struct span row, size_t nr,
		     bool by_number)
{
	struct span first = answer_cell(row, 0);

	if (by_number || !first.n)
		snprintf(out, NAME_BYTES + 4, "row %zu", nr);
	else
		coach_cut(out, first.s, first.n, NAME_BYTES);
}

/* What one row of `p` is called in a title or detail: its kind's word
 * ("row", "round"). */
static const char *row_word(const struct prompt *p, bool plural)
{
	return plural ? kind_of(p)->many : kind_of(p)->one;
}

/* What each row of a rows=NAME table answers for: the first column's
 * label ("role"), else "item in Roles"; a plain row otherwise. */
static void key_noun(const struct coach_run *r, const struct prompt *p,
		     char out[NOUN_BYTES + 16])
{
	const struct prompt *src = session_named_prompt(r->s, p->rows_from);
	const char *sn = coach_name_of(src);

	if (!src || src == p) {
		strcpy(out, row_word(p, false));
	} else if (p->nr_columns && col_noun(&p->columns[0], out)) {
		/* the column names one item of NAME */
	} else if (sn) {
		snprintf(out, NOUN_BYTES + 16, "item in %s", sn);
	} else {
		strcpy(out, "item");
	}
}

/* "All 3 rows fine." / "The only row is fine." */
static void all_fine(struct check *c, const struct prompt *p, size_t n)
{
	if (n == 1)
		coach_addf(c->detail, sizeof(c->detail), "The only %s is fine.",
			   row_word(p, false));
	else
		coach_addf(c->detail, sizeof(c->detail), "All %zu %s fine.", n,
			   row_word(p, true));
}

/* ---- rows=NAME: a complete row for every item of NAME ---- */

static bool row_complete(const struct prompt *p, struct span row)
{
	bool any_required = false, any_filled = false;
	size_t i;

	if (p->nr_columns <= 1)
		return true;
	for (i = 1; i < p->nr_columns; i++) {
		size_t n = answer_cell(row, i).n;

		if (p->columns[i].required) {
			any_required = true;
			if (!n)
				return false;
		}
		if (n)
			any_filled = true;
	}
	return any_required || any_filled;
}

static bool item_covered(const struct prompt *p, const char *v,
			 struct span item)
{
	const char *cur = v;
	struct span row;

	while (answer_next(&cur, &row)) {
		struct span first = answer_cell(row, 0);

		if (lower_ascii_eq(first, item.s, item.n) &&
		    row_complete(p, row))
			return true;
	}
	return false;
}

static int check_rows(struct coach_run *r, const struct prompt *p,
		      const char *v)
{
	const struct prompt *src;
	char key[NOUN_BYTES + 16], nm[NAME_BYTES + 4], list[220];
	const char *cur, *sv;
	struct names missing = { 0 };
	struct span line;
	size_t n = 0;
	struct check c;

	if (!p->rows_from)
		return 0;
	src = session_named_prompt(r->s, p->rows_from);
	if (!src || src == p)
		return 0;
	sv = r->get(r->ctx, src->id);
	coach_init(&c, p, "rows");
	key_noun(r, p, key);
	/* "Cheap tests: one for each role"; "A row for each item". */
	if (coach_name_of(p))
		coach_title(&c, "one for each %s", key);
	else
		coach_title(&c, "a %s for each %s", row_word(p, false), key);

	cur = sv;
	/* Each item looks through every row: an answer stored before the
	 * cap on items could make that quadratic, so read only as many. */
	while (n < ANSWER_MAX_ITEMS && answer_next(&cur, &line)) {
		struct span it = answer_cell(line, 0);

		if (!it.n)
			continue;
		n++;
		if (!item_covered(p, v, it)) {
			coach_cut(nm, it.s, it.n, NAME_BYTES);
			names_addf(&missing, "%s", nm);
		}
	}
	c.pass = n > 0 && !missing.n && !missing.more;
	if (!n && coach_name_of(src)) {
		coach_addf(c.detail, sizeof(c.detail), "Fill in %s first.",
			   coach_name_of(src));
	} else if (!n) {
		coach_addf(c.detail, sizeof(c.detail),
			   "Fill in the list it follows first.");
	} else if (c.pass) {
		if (n == 1)
			coach_addf(c.detail, sizeof(c.detail), "Covered.");
		else
			coach_addf(c.detail, sizeof(c.detail), "All %zu covered.",
				   n);
	} else {
		names_str(&missing, list);
		coach_addf(c.detail, sizeof(c.detail), "None yet for %s", list);
		stop(c.detail, sizeof(c.detail));
	}
	return coach_push(r->out, &c);
}

/* ---- columns ---- */

static bool typed(enum column_type t)
{
	return t == COL_DATE || t == COL_HOURS || t == COL_NUMBER;
}

static bool cell_ok(enum column_type t, struct span cell)
{
	int d;
	double h;
	long x;

	switch (t) {
	case COL_DATE:
		return answer_date(cell, &d);
	case COL_HOURS:
		return answer_hours(cell, &h);
	case COL_NUMBER:
		return coach_whole_number(cell, &x);
	default:
		return true;
	}
}

static const char *bad_words(enum column_type t)
{
	switch (t) {
	case COL_DATE:
		return "Not a real date (YYYY-MM-DD)";
	case COL_HOURS:
		return "Not a number of hours";
	default:
		return "Not a whole number";
	}
}

/* "Milestones: “By when” filled in for every row";
 * "Cheap tests: “Hours” holds numbers". */
static void cell_title(struct check *c, const struct prompt *p, size_t i,
		       bool req)
{
	char cn[NOUN_BYTES + 16];
	enum column_type t = p->columns[i].type;

	col_name(p, i, cn);
	if (req)
		coach_title(c, "%s filled in for every %s", cn, row_word(p, false));
	else
		coach_title(c, "%s holds %s", cn,
			    t == COL_DATE	? "real dates"
			    : t == COL_HOURS ? "numbers"
			    : "whole numbers");
}

/* A required column left empty, or a typed cell that does not parse. */
static int check_cell(struct coach_run *r, const struct prompt *p,
		      const char *v, size_t i)
{
	const struct column *col = &p->columns[i];
	struct names missing = { 0 }, bad = { 0 };
	char name[NAME_BYTES + 4], val[VALUE_BYTES + 4], list[220];
	const char *cur = v;
	struct span row;
	size_t nr = 0;
	struct check c;
	bool req;

	if (col->type == COL_SCALE || col->type == COL_MARK)
		return 0;  /* their own checks below */
	/* With rows=, "one for each role" already asks for them. */
	req = col->required && !session_named_prompt(r->s, p->rows_from);
	if (!req && !typed(col->type))
		return 0;
	coach_init(&c, p, req ? "cell" : "format");
	cell_title(&c, p, i, req);
	while (answer_next(&cur, &row)) {
		struct span cell = answer_cell(row, i);

		nr++;
		row_name(name, row, nr, i == 0);
		if (!cell.n) {
			if (req)
				names_addf(&missing, "%s", name);
		} else if (!cell_ok(col->type, cell)) {
			coach_cut(val, cell.s, cell.n, VALUE_BYTES);
			names_addf(&bad, "“%s” for %s", val, name);
		}
	}
	/* Nothing to look at is not done: an empty table passes no check
	 * of its rows. */
	c.pass = nr && !missing.n && !missing.more && !bad.n && !bad.more;
	if (!nr) {
		coach_addf(c.detail, sizeof(c.detail), "No %s yet.",
			   row_word(p, true));
	} else if (c.pass) {
		all_fine(&c, p, nr);
	} else {
		if (missing.n || missing.more) {
			names_str(&missing, list);
			coach_addf(c.detail, sizeof(c.detail), "Missing for %s",
				   list);
			stop(c.detail, sizeof(c.detail));
		}
		if (bad.n || bad.more) {
			names_str(&bad, list);
			coach_addf(c.detail, sizeof(c.detail), "%s%s: %s",
				   c.detail[0] ? " " : "", bad_words(col->type),
				   list);
			stop(c.detail, sizeof(c.detail));
		}
	}
	return coach_push(r->out, &c);
}

static size_t count_type(const struct prompt *p, enum column_type t)
{
	size_t i, n = 0;

	for (i = 0; i < p->nr_columns; i++)
		n += p->columns[i].type == t;
	return n;
}

/* A scale column: no row rated "not at all" or "poorly". */
static int check_scale(struct coach_run *r, const struct prompt *p,
		       const char *v, size_t i)
{
	static const char *const low[] = { "not at all", "poorly" };
	const struct column *col = &p->columns[i];
	struct names weak = { 0 };
	char key[NOUN_BYTES + 16], cn[NOUN_BYTES + 16], name[NAME_BYTES + 4];
	char list[220];
	const char *cur = v;
	struct span row;
	size_t nr = 0;
	struct check c;

	if (col->type != COL_SCALE)
		return 0;
	coach_init(&c, p, "scale");
	key_noun(r, p, key);
	/* "Fit with goals: every goal rated partly or well" */
	if (count_type(p, COL_SCALE) > 1) {
		col_name(p, i, cn);
		coach_title(&c, "every %s rated partly or well on %s", key, cn);
	} else {
		coach_title(&c, "every %s rated partly or well", key);
	}
	while (answer_next(&cur, &row)) {
		struct span cell = answer_cell(row, i);
		int sc = answer_scale(cell);

		nr++;
		row_name(name, row, nr, i == 0);
		if (sc == 0 || sc == 1)
			names_addf(&weak, "%s (%s)", name, low[sc]);
		else if (sc < 0 && cell.n)
			names_addf(&weak, "%s (not a rating)", name);
		else if (sc < 0 && col->required)
			names_addf(&weak, "%s (not rated)", name);
	}
	c.pass = nr && !weak.n && !weak.more;
	if (!nr) {
		coach_addf(c.detail, sizeof(c.detail), "No %s yet.",
			   row_word(p, true));
	} else if (c.pass) {
		all_fine(&c, p, nr);
	} else {
		names_str(&weak, list);
		coach_addf(c.detail, sizeof(c.detail), "%s", list);
		stop(c.detail, sizeof(c.detail));
	}
	return coach_push(r->out, &c);
}

/* A mark column with :one: at least one row ticked. */
static int check_mark(struct coach_run *r, const struct prompt *p,
		      const char *v, size_t i)
{
	const struct column *col = &p->columns[i];
	struct names marked = { 0 };
	char cn[NOUN_BYTES + 1], name[NAME_BYTES + 4], list[220];
	const char *cur = v;
	struct span row;
	size_t nr = 0;
	struct check c;

	if (col->type != COL_MARK || !col->one)
		return 0;
	coach_init(&c, p, "mark");
	/* "Ways to find answers: one marked simplest" */
	if (!col_noun(col, cn))
		coach_title(&c, "one %s ticked in column %zu", row_word(p, false),
			    i + 1);
	else if (coach_name_of(p))
		coach_title(&c, "one marked %s", cn);
	else
		coach_title(&c, "one %s marked %s", row_word(p, false), cn);
	while (answer_next(&cur, &row)) {
		nr++;
		if (answer_mark(answer_cell(row, i))) {
			row_name(name, row, nr, i == 0);
			names_addf(&marked, "%s", name);
		}
	}
	c.pass = marked.n || marked.more;
	if (c.pass) {
		names_str(&marked, list);
		coach_addf(c.detail, sizeof(c.detail), "Marked: %s", list);
		stop(c.detail, sizeof(c.detail));
	} else {
		coach_addf(c.detail, sizeof(c.detail), "None marked yet.");
	}
	return coach_push(r->out, &c);
}

/* A choice column with :all: every option has a row. */
static int check_cover(struct coach_run *r, const struct prompt *p,
		       const char *v, size_t i)
{
	const struct column *col = &p->columns[i];
	struct names missing = { 0 };
	char cn[NOUN_BYTES + 1], list[220];
	struct check c;
	size_t k;

	(void)r;
	if (col->type != COL_CHOICE || !col->all || !col->nr_options)
		return 0;
	coach_init(&c, p, "cover");
	/* "Pre-mortem: a round for every risk area" */
	if (col_noun(col, cn))
		coach_title(&c, "a %s for every %s", row_word(p, false), cn);
	else
		coach_title(&c, "a %s for every option in column %zu",
			    row_word(p, false), i + 1);
	for (k = 0; k < col->nr_options; k++) {
		const char *opt = col->options[k], *cur = v;
		struct span row;
		bool found = false;

		while (!found && answer_next(&cur, &row))
			found = lower_ascii_eq(answer_cell(row, i), opt,
					       strlen(opt));
		if (!found) {
			coach_cut(list, opt, strlen(opt), NAME_BYTES);
			names_addf(&missing, "%s", list);
		}
	}
	c.pass = !missing.n && !missing.more;
	if (c.pass) {
		if (col->nr_options == 1)
			coach_addf(c.detail, sizeof(c.detail), "Covered.");
		else
			coach_addf(c.detail, sizeof(c.detail), "All %zu covered.",
				   col->nr_options);
	} else {
		names_str(&missing, list);
		coach_addf(c.detail, sizeof(c.detail), "No %s yet for %s",
			   row_word(p, false), list);
		stop(c.detail, sizeof(c.detail));
	}
	return coach_push(r->out, &c);
}

/* ---- budget=NAME: dates and hours against the sprint ---- */

static const struct prompt *budget_of(const struct coach_run *r,
				      const struct prompt *p,
				      struct sprint *sp)
{
	const struct prompt *b;

	if (!p->budget)
		return NULL;
	/* The kind that budgets: budget= must name a sprint (annot.c). */
	b = session_named_prompt(r->s, p->budget);
	if (!b || b->kind != PROMPT_SPRINT)
		return NULL;
	answer_sprint(r->get(r->ctx, b->id), r->today, sp);
	return b;
}

static int check_dates(struct coach_run *r, const struct prompt *p,
		       const char *v, const struct sprint *sp)
{
	struct names out = { 0 };
	char from[16], to[16], day[16], name[NAME_BYTES + 4], list[220];
	const char *cur = v;
	struct span row;
	size_t i, nr = 0;
	struct check c;

	if (!count_type(p, COL_DATE))
		return 0;
	coach_init(&c, p, "dates");
	coach_title(&c, "dates within the sprint");
	coach_fmt_date(from, sp->start);
	coach_fmt_date(to, sprint_end(sp));
	while (answer_next(&cur, &row)) {
		nr++;
		for (i = 0; i < p->nr_columns; i++) {
			int d;

			if (p->columns[i].type != COL_DATE ||
			    !answer_date(answer_cell(row, i), &d))
				continue;  /* empty or bad: check_cell */
			if (d >= sp->start && d <= sprint_end(sp))
				continue;
			row_name(name, row, nr, i == 0);
			coach_fmt_date(day, d);
			names_addf(&out, "%s (%s, %s)", name, day,
				   d < sp->start ? "before it starts"
				   : "after it ends");
		}
	}
	c.pass = nr && !out.n && !out.more;
	coach_addf(c.detail, sizeof(c.detail), "The sprint runs %s to %s.", from,
		   to);
	if (!nr)
		coach_addf(c.detail, sizeof(c.detail), " No %s yet.",
			   row_word(p, true));
	else if (!c.pass) {
		names_str(&out, list);
		coach_addf(c.detail, sizeof(c.detail), " Outside it: %s.", list);
	}
	return coach_push(r->out, &c);
}

static int check_hours(struct coach_run *r, const struct prompt *p,
		       const char *v, const struct sprint *sp)
{
	char need[32], have[32], week[32];
	double sum = 0, avail = sp->weeks * sp->hours_week;
	const char *cur = v;
	struct span row;
	struct check c;
	size_t i, nr = 0;

	if (!count_type(p, COL_HOURS))
		return 0;
	coach_init(&c, p, "hours");
	coach_title(&c, "hours fit the sprint");
	while (answer_next(&cur, &row) && ++nr)
		for (i = 0; i < p->nr_columns; i++) {
			double h;

			if (p->columns[i].type == COL_HOURS &&
			    answer_hours(answer_cell(row, i), &h))
				sum += h;
		}
	c.pass = nr && sum <= avail + 1e-9;
	coach_fmt_hours(need, sum);
	coach_fmt_hours(have, avail);
	coach_fmt_hours(week, sp->hours_week);
	coach_addf(c.detail, sizeof(c.detail),
		   "%s h planned; the sprint has %s h (%d week%s × %s h).", need,
		   have, sp->weeks, sp->weeks == 1 ? "" : "s", week);
	if (!nr)
		coach_addf(c.detail, sizeof(c.detail), " No %s yet.",
			   row_word(p, true));
	return coach_push(r->out, &c);
}


/* ---- all of them ---- */

int rows_checks(struct coach_run *r, const struct prompt *p, const char *v,
		bool unit_always)
{
	struct sprint sp;
	size_t i;

	if (coach_bounds(r, p, v, kind_of(p)->many, unit_always) ||
	    coach_required(r, p, v, true) || check_rows(r, p, v))
		return -1;
	for (i = 0; i < p->nr_columns; i++)
		if (check_cell(r, p, v, i) || check_scale(r, p, v, i) ||
		    check_mark(r, p, v, i) || check_cover(r, p, v, i))
			return -1;
	if (budget_of(r, p, &sp) &&
	    (check_dates(r, p, v, &sp) || check_hours(r, p, v, &sp)))
		return -1;
	return 0;
}
