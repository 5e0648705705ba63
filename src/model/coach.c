/*
 * Coaching checks (coach.h, docs/coaching.md).  Every check comes from a
 * prompt's declaration in the session model: bounds, required, rows=,
 * columns with their types and flags, budget=.  No prompt id appears here.
 *
 * Titles and details are plain text; the page escapes them.
 */
#include "model/coach.h"

#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOUN_BYTES 40   /* a label longer than this is not used as a noun */
#define NAME_BYTES 40   /* a row or item named in a detail */
#define VALUE_BYTES 24  /* a participant's value quoted in a detail */

struct run {
	const struct session *s;
	answer_get_fn *get;
	void *ctx;
	int today;
	struct checks *out;
};

/* ---- plain-text helpers ---- */

static bool is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * Copy `n` bytes of `s` into `out` (room for `max` bytes plus "…" and the
 * NUL), cutting a longer text at a space, or else at a UTF-8 boundary.
 */
static void cut(char *out, const char *s, size_t n, size_t max)
{
	size_t k = n;

	if (n > max) {
		k = max;
		while (k > max / 2 && s[k] != ' ')
			k--;
		if (s[k] != ' ')
			for (k = max; k > 0 && is_cont((unsigned char)s[k]);)
				k--;
		while (k > 0 && s[k - 1] == ' ')
			k--;
	}
	memcpy(out, s, k);
	strcpy(out + k, k < n ? "…" : "");
}

/* vsnprintf that, on truncation, ends on a UTF-8 boundary with "…". */
static void addf(char *dst, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void addf(char *dst, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(dst);
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(dst + len, cap - len, fmt, ap);
	va_end(ap);
	if (r >= 0 && (size_t)r < cap - len)
		return;
	len = cap - 4;
	while (len > 0 && is_cont((unsigned char)dst[len]))
		len--;
	strcpy(dst + len, "…");
}

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

/*
 * The prompt's short name (prompt_label()) when it can open a title: only
 * when it is short and not a question, since without a label it is the
 * whole prompt.  NULL otherwise.
 */
static const char *name_of(const struct prompt *p)
{
	const char *l = p ? prompt_label(p) : NULL;

	if (!l || !*l || strlen(l) > NOUN_BYTES || strchr(l, '?') ||
	    strchr(l, '\n'))
		return NULL;
	return l;
}

/*
 * A title: "Label: what" when the prompt has a short name, else "What".
 * Labels are used as given, never bent into singulars or articles, so
 * any label reads as correct English.
 */
static void titlef(struct check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void titlef(struct check *c, const char *fmt, ...)
{
	const char *name = name_of(c->prompt);
	char what[sizeof(c->title)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (name) {
		addf(c->title, sizeof(c->title), "%s: %s", name, what);
		return;
	}
	if (what[0] >= 'a' && what[0] <= 'z')
		what[0] -= 'a' - 'A';
	addf(c->title, sizeof(c->title), "%s", what);
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
		addf(dst, cap, ".");
}

static void fmt_hours(char out[32], double h)
{
	size_t n;

	snprintf(out, 32, "%.2f", h);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

static void fmt_date(char out[16], int day)
{
	struct buf b = BUF_INIT;

	answer_put_date(&b, day);
	snprintf(out, 16, "%s", b.err ? "?" : b.data);
	buf_release(&b);
}

static bool whole_number(struct span c, long *v)
{
	long x = 0;
	size_t i;

	if (!c.n || c.n > 6)
		return false;
	for (i = 0; i < c.n; i++) {
		if (c.s[i] < '0' || c.s[i] > '9')
			return false;
		x = x * 10 + (c.s[i] - '0');
	}
	*v = x;
	return true;
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
		addf(out, 220, " and %d more", nl->more);
}

/* A row by its first cell, else by its number. */
static void row_name(char out[NAME_BYTES + 4], struct span row, size_t nr,
		     bool by_number)
{
	struct span first = answer_cell(row, 0);

	if (by_number || !first.n)
		snprintf(out, NAME_BYTES + 4, "row %zu", nr);
	else
		cut(out, first.s, first.n, NAME_BYTES);
}

/* ---- the list of checks ---- */

static int push(struct checks *out, const struct check *c)
{
	if (out->n == out->alloc) {
		size_t na = out->alloc ? 2 * out->alloc : 16;
		struct check *v = realloc(out->v, na * sizeof(*v));

		if (!v)
			return -1;
		out->v = v;
		out->alloc = na;
	}
	out->v[out->n++] = *c;
	if (c->pass)
		out->passed++;
	return 0;
}

static void check_init(struct check *c, const struct prompt *p,
		       const char *kind)
{
	memset(c, 0, sizeof(*c));
	c->prompt = p;
	c->kind = kind;
}

static bool is_rows_kind(const struct prompt *p)
{
	return p->kind == PROMPT_TABLE || p->kind == PROMPT_ROUNDS;
}

/* What one row of `p` is called in a title or detail. */
static const char *row_word(const struct prompt *p, bool plural)
{
	if (p->kind == PROMPT_ROUNDS)
		return plural ? "rounds" : "round";
	return plural ? "rows" : "row";
}

/* What each row of a rows=NAME table answers for: the first column's
 * label ("role"), else "item in Roles"; a plain row otherwise. */
static void key_noun(const struct run *r, const struct prompt *p,
		     char out[NOUN_BYTES + 16])
{
	const struct prompt *src = session_named_prompt(r->s, p->rows_from);
	const char *sn = name_of(src);

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
		addf(c->detail, sizeof(c->detail), "The only %s is fine.",
		     row_word(p, false));
	else
		addf(c->detail, sizeof(c->detail), "All %zu %s fine.", n,
		     row_word(p, true));
}

/* ---- bounds and required ---- */

static bool has_bounds(const struct prompt *p)
{
	return p->kind != PROMPT_SPRINT &&
	       (p->max_items > 0 || p->min_items > 1);
}

static int check_bounds(struct run *r, const struct prompt *p, const char *v)
{
	char range[48];
	const char *unit;
	size_t n = answer_count(v);
	int lo = p->min_items, hi = p->max_items;
	struct check c;

	if (!has_bounds(p))
		return 0;
	check_init(&c, p, "bounds");
	/* A label names what is counted ("Roles: 3 to 5"); rounds are
	 * counted as rounds of it ("Pre-mortem: at least 3 rounds"). */
	if (p->kind == PROMPT_ROUNDS)
		unit = " rounds";
	else if (name_of(p))
		unit = "";
	else if (p->kind == PROMPT_TABLE)
		unit = " rows";
	else
		unit = " items";
	if (lo > 0 && hi > 0 && lo == hi)
		snprintf(range, sizeof(range), "exactly %d", lo);
	else if (lo > 0 && hi > 0)
		snprintf(range, sizeof(range), "%d to %d", lo, hi);
	else if (lo > 0)
		snprintf(range, sizeof(range), "at least %d", lo);
	else
		snprintf(range, sizeof(range), "at most %d", hi);
	titlef(&c, "%s%s", range, unit);
	c.pass = (lo <= 0 || n >= (size_t)lo) && (hi <= 0 || n <= (size_t)hi);
	if (!n)
		addf(c.detail, sizeof(c.detail), "None yet.");
	else if (hi > 0 && n > (size_t)hi)
		addf(c.detail, sizeof(c.detail),
		     "You have %zu; keep the %d that matter most.", n, hi);
	else
		addf(c.detail, sizeof(c.detail), "You have %zu.", n);
	return push(r->out, &c);
}

static int check_required(struct run *r, const struct prompt *p,
			  const char *v)
{
	struct check c;

	if (!p->required && p->min_items < 1)
		return 0;
	if (has_bounds(p) && p->min_items >= 1)
		return 0;  /* "at least 3" already says it */
	check_init(&c, p, "required");
	titlef(&c, "answered");
	c.pass = v && *v;
	addf(c.detail, sizeof(c.detail), "%s",
	     c.pass ? "Answered." : "Not answered yet.");
	return push(r->out, &c);
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

static int check_rows(struct run *r, const struct prompt *p, const char *v)
{
	const struct prompt *src;
	char key[NOUN_BYTES + 16], nm[NAME_BYTES + 4], list[220];
	const char *cur, *sv;
	struct names missing = { 0 };
	struct span line;
	size_t n = 0;
	struct check c;

	if (!p->rows_from || !is_rows_kind(p))
		return 0;
	src = session_named_prompt(r->s, p->rows_from);
	if (!src || src == p)
		return 0;
	sv = r->get(r->ctx, src->id);
	check_init(&c, p, "rows");
	key_noun(r, p, key);
	/* "Cheap tests: one for each role"; "A row for each item". */
	if (name_of(p))
		titlef(&c, "one for each %s", key);
	else
		titlef(&c, "a %s for each %s", row_word(p, false), key);

	cur = sv;
	/* Each item looks through every row: an answer stored before the
	 * cap on items could make that quadratic, so read only as many. */
	while (n < ANSWER_MAX_ITEMS && answer_next(&cur, &line)) {
		struct span it = answer_cell(line, 0);

		if (!it.n)
			continue;
		n++;
		if (!item_covered(p, v, it)) {
			cut(nm, it.s, it.n, NAME_BYTES);
			names_addf(&missing, "%s", nm);
		}
	}
	c.pass = n > 0 && !missing.n && !missing.more;
	if (!n && name_of(src)) {
		addf(c.detail, sizeof(c.detail), "Fill in %s first.",
		     name_of(src));
	} else if (!n) {
		addf(c.detail, sizeof(c.detail),
		     "Fill in the list it follows first.");
	} else if (c.pass) {
		if (n == 1)
			addf(c.detail, sizeof(c.detail), "Covered.");
		else
			addf(c.detail, sizeof(c.detail), "All %zu covered.",
			     n);
	} else {
		names_str(&missing, list);
		addf(c.detail, sizeof(c.detail), "None yet for %s", list);
		stop(c.detail, sizeof(c.detail));
	}
	return push(r->out, &c);
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
		return whole_number(cell, &x);
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
		titlef(c, "%s filled in for every %s", cn, row_word(p, false));
	else
		titlef(c, "%s holds %s", cn,
		       t == COL_DATE	? "real dates"
		       : t == COL_HOURS ? "numbers"
					: "whole numbers");
}

/* A required column left empty, or a typed cell that does not parse. */
static int check_cell(struct run *r, const struct prompt *p, const char *v,
		      size_t i)
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
	check_init(&c, p, req ? "cell" : "format");
	cell_title(&c, p, i, req);
	while (answer_next(&cur, &row)) {
		struct span cell = answer_cell(row, i);

		nr++;
		row_name(name, row, nr, i == 0);
		if (!cell.n) {
			if (req)
				names_addf(&missing, "%s", name);
		} else if (!cell_ok(col->type, cell)) {
			cut(val, cell.s, cell.n, VALUE_BYTES);
			names_addf(&bad, "“%s” for %s", val, name);
		}
	}
	/* Nothing to look at is not done: an empty table passes no check
	 * of its rows. */
	c.pass = nr && !missing.n && !missing.more && !bad.n && !bad.more;
	if (!nr) {
		addf(c.detail, sizeof(c.detail), "No %s yet.",
		     row_word(p, true));
	} else if (c.pass) {
		all_fine(&c, p, nr);
	} else {
		if (missing.n || missing.more) {
			names_str(&missing, list);
			addf(c.detail, sizeof(c.detail), "Missing for %s",
			     list);
			stop(c.detail, sizeof(c.detail));
		}
		if (bad.n || bad.more) {
			names_str(&bad, list);
			addf(c.detail, sizeof(c.detail), "%s%s: %s",
			     c.detail[0] ? " " : "", bad_words(col->type),
			     list);
			stop(c.detail, sizeof(c.detail));
		}
	}
	return push(r->out, &c);
}

static size_t count_type(const struct prompt *p, enum column_type t)
{
	size_t i, n = 0;

	for (i = 0; i < p->nr_columns; i++)
		n += p->columns[i].type == t;
	return n;
}

/* A scale column: no row rated "not at all" or "poorly". */
static int check_scale(struct run *r, const struct prompt *p, const char *v,
		       size_t i)
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
	check_init(&c, p, "scale");
	key_noun(r, p, key);
	/* "Fit with goals: every goal rated partly or well" */
	if (count_type(p, COL_SCALE) > 1) {
		col_name(p, i, cn);
		titlef(&c, "every %s rated partly or well on %s", key, cn);
	} else {
		titlef(&c, "every %s rated partly or well", key);
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
		addf(c.detail, sizeof(c.detail), "No %s yet.",
		     row_word(p, true));
	} else if (c.pass) {
		all_fine(&c, p, nr);
	} else {
		names_str(&weak, list);
		addf(c.detail, sizeof(c.detail), "%s", list);
		stop(c.detail, sizeof(c.detail));
	}
	return push(r->out, &c);
}

/* A mark column with :one: at least one row ticked. */
static int check_mark(struct run *r, const struct prompt *p, const char *v,
		      size_t i)
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
	check_init(&c, p, "mark");
	/* "Ways to find answers: one marked simplest" */
	if (!col_noun(col, cn))
		titlef(&c, "one %s ticked in column %zu", row_word(p, false),
		       i + 1);
	else if (name_of(p))
		titlef(&c, "one marked %s", cn);
	else
		titlef(&c, "one %s marked %s", row_word(p, false), cn);
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
		addf(c.detail, sizeof(c.detail), "Marked: %s", list);
		stop(c.detail, sizeof(c.detail));
	} else {
		addf(c.detail, sizeof(c.detail), "None marked yet.");
	}
	return push(r->out, &c);
}

/* A choice column with :all: every option has a row. */
static int check_cover(struct run *r, const struct prompt *p, const char *v,
		       size_t i)
{
	const struct column *col = &p->columns[i];
	struct names missing = { 0 };
	char cn[NOUN_BYTES + 1], list[220];
	struct check c;
	size_t k;

	(void)r;
	if (col->type != COL_CHOICE || !col->all || !col->nr_options)
		return 0;
	check_init(&c, p, "cover");
	/* "Pre-mortem: a round for every risk area" */
	if (col_noun(col, cn))
		titlef(&c, "a %s for every %s", row_word(p, false), cn);
	else
		titlef(&c, "a %s for every option in column %zu",
		       row_word(p, false), i + 1);
	for (k = 0; k < col->nr_options; k++) {
		const char *opt = col->options[k], *cur = v;
		struct span row;
		bool found = false;

		while (!found && answer_next(&cur, &row))
			found = lower_ascii_eq(answer_cell(row, i), opt,
					       strlen(opt));
		if (!found) {
			cut(list, opt, strlen(opt), NAME_BYTES);
			names_addf(&missing, "%s", list);
		}
	}
	c.pass = !missing.n && !missing.more;
	if (c.pass) {
		if (col->nr_options == 1)
			addf(c.detail, sizeof(c.detail), "Covered.");
		else
			addf(c.detail, sizeof(c.detail), "All %zu covered.",
			     col->nr_options);
	} else {
		names_str(&missing, list);
		addf(c.detail, sizeof(c.detail), "No %s yet for %s",
		     row_word(p, false), list);
		stop(c.detail, sizeof(c.detail));
	}
	return push(r->out, &c);
}

/* ---- budget=NAME: dates and hours against the sprint ---- */

static const struct prompt *budget_of(const struct run *r,
				      const struct prompt *p,
				      struct sprint *sp)
{
	const struct prompt *b;

	if (!p->budget || !is_rows_kind(p))
		return NULL;
	b = session_named_prompt(r->s, p->budget);
	if (!b || b->kind != PROMPT_SPRINT)
		return NULL;
	answer_sprint(r->get(r->ctx, b->id), r->today, sp);
	return b;
}

static int check_dates(struct run *r, const struct prompt *p, const char *v,
		       const struct sprint *sp)
{
	struct names out = { 0 };
	char from[16], to[16], day[16], name[NAME_BYTES + 4], list[220];
	const char *cur = v;
	struct span row;
	size_t i, nr = 0;
	struct check c;

	if (!count_type(p, COL_DATE))
		return 0;
	check_init(&c, p, "dates");
	titlef(&c, "dates within the sprint");
	fmt_date(from, sp->start);
	fmt_date(to, sprint_end(sp));
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
			fmt_date(day, d);
			names_addf(&out, "%s (%s, %s)", name, day,
				   d < sp->start ? "before it starts"
						 : "after it ends");
		}
	}
	c.pass = nr && !out.n && !out.more;
	addf(c.detail, sizeof(c.detail), "The sprint runs %s to %s.", from,
	     to);
	if (!nr)
		addf(c.detail, sizeof(c.detail), " No %s yet.",
		     row_word(p, true));
	else if (!c.pass) {
		names_str(&out, list);
		addf(c.detail, sizeof(c.detail), " Outside it: %s.", list);
	}
	return push(r->out, &c);
}

static int check_hours(struct run *r, const struct prompt *p, const char *v,
		       const struct sprint *sp)
{
	char need[32], have[32], week[32];
	double sum = 0, avail = sp->weeks * sp->hours_week;
	const char *cur = v;
	struct span row;
	struct check c;
	size_t i, nr = 0;

	if (!count_type(p, COL_HOURS))
		return 0;
	check_init(&c, p, "hours");
	titlef(&c, "hours fit the sprint");
	while (answer_next(&cur, &row) && ++nr)
		for (i = 0; i < p->nr_columns; i++) {
			double h;

			if (p->columns[i].type == COL_HOURS &&
			    answer_hours(answer_cell(row, i), &h))
				sum += h;
		}
	c.pass = nr && sum <= avail + 1e-9;
	fmt_hours(need, sum);
	fmt_hours(have, avail);
	fmt_hours(week, sp->hours_week);
	addf(c.detail, sizeof(c.detail),
	     "%s h planned; the sprint has %s h (%d week%s × %s h).", need,
	     have, sp->weeks, sp->weeks == 1 ? "" : "s", week);
	if (!nr)
		addf(c.detail, sizeof(c.detail), " No %s yet.",
		     row_word(p, true));
	return push(r->out, &c);
}

void sprint_words(const struct sprint *sp, char out[SPRINT_WORDS])
{
	char from[16], to[16], hw[32];

	fmt_date(from, sp->start);
	fmt_date(to, sprint_end(sp));
	fmt_hours(hw, sp->hours_week);
	snprintf(out, SPRINT_WORDS, "%d week%s from %s to %s, %s h a week",
		 sp->weeks, sp->weeks == 1 ? "" : "s", from, to, hw);
}

/* The sprint prompt itself: its cells parse, and the figures in use. */
static int check_sprint(struct run *r, const struct prompt *p, const char *v)
{
	char words[SPRINT_WORDS], val[VALUE_BYTES + 4];
	const char *cur = v;
	struct span row = { "", 0 }, cell;
	struct sprint sp;
	struct check c;
	double h;
	long w;
	int d;

	if (p->kind != PROMPT_SPRINT)
		return 0;
	check_init(&c, p, "sprint");
	titlef(&c, "start, weeks and hours a week");
	answer_next(&cur, &row);
	c.pass = true;
	cell = answer_cell(row, 0);
	if (cell.n && !answer_date(cell, &d)) {
		cut(val, cell.s, cell.n, VALUE_BYTES);
		addf(c.detail, sizeof(c.detail),
		     "“%s” is not a real date (YYYY-MM-DD). ", val);
		c.pass = false;
	}
	cell = answer_cell(row, 1);
	if (cell.n && (!whole_number(cell, &w) || w < 1 || w > 52)) {
		cut(val, cell.s, cell.n, VALUE_BYTES);
		addf(c.detail, sizeof(c.detail),
		     "“%s” is not a number of weeks from 1 to 52. ", val);
		c.pass = false;
	}
	cell = answer_cell(row, 2);
	if (cell.n && (!answer_hours(cell, &h) || h <= 0 || h > 168)) {
		cut(val, cell.s, cell.n, VALUE_BYTES);
		addf(c.detail, sizeof(c.detail),
		     "“%s” is not a number of hours a week (up to 168). ",
		     val);
		c.pass = false;
	}
	answer_sprint(v, r->today, &sp);
	sprint_words(&sp, words);
	addf(c.detail, sizeof(c.detail), "%s %s.",
	     !c.pass ? "Using" : v && *v ? "Planned:" : "Not set yet; using",
	     words);
	return push(r->out, &c);
}

/* ---- one prompt, one exercise ---- */

static int coach_prompt(struct run *r, const struct exercise *ex,
			const struct prompt *p)
{
	const char *v = p->id ? r->get(r->ctx, p->id) : NULL;
	struct sprint sp;
	size_t i;

	/* An optional prompt left empty is not nagged about. */
	if ((p->optional || ex->optional) && !p->required && !(v && *v))
		return 0;
	if (check_bounds(r, p, v) || check_required(r, p, v) ||
	    check_rows(r, p, v) || check_sprint(r, p, v))
		return -1;
	if (is_rows_kind(p))
		for (i = 0; i < p->nr_columns; i++)
			if (check_cell(r, p, v, i) || check_scale(r, p, v, i) ||
			    check_mark(r, p, v, i) || check_cover(r, p, v, i))
				return -1;
	if (budget_of(r, p, &sp) &&
	    (check_dates(r, p, v, &sp) || check_hours(r, p, v, &sp)))
		return -1;
	return 0;
}

int coach_run(const struct session *s, const struct exercise *ex,
	      answer_get_fn *get, void *ctx, int today, struct checks *out)
{
	struct run r = { s, get, ctx, today, out };
	size_t i, j;

	for (i = 0; i < s->nr_exercises; i++) {
		const struct exercise *e = &s->exercises[i];

		if (ex && e != ex)
			continue;
		for (j = 0; j < e->nr_prompts; j++)
			if (coach_prompt(&r, e, &e->prompts[j]))
				return -1;
	}
	return 0;
}

void checks_release(struct checks *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}
