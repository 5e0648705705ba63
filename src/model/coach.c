/*
 * Coaching checks (coach.h, docs/coaching.md).  Every check comes from a
 * prompt's declaration in the session model: bounds, required, rows=,
 * columns with their types and flags, budget=.  No prompt id appears here.
 * Each field kind's row (model/kinds/kind.h) says which checks its
 * prompts get; this file runs them and holds what they are written with
 * (coach-internal.h), and the checks every counted kind shares.
 *
 * Titles and details are plain text; the page escapes them.
 */
#include "model/coach.h"

#include "core/buf.h"
#include "model/coach-internal.h"
#include "model/kinds/kind.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- plain-text helpers ---- */

static bool is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * Copy `n` bytes of `s` into `out` (room for `max` bytes plus "…" and the
 * NUL), cutting a longer text at a space, or else at a UTF-8 boundary.
 */
void coach_cut(char *out, const char *s, size_t n, size_t max)
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
void coach_addf(char *dst, size_t cap, const char *fmt, ...)
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

/*
 * The prompt's short name (prompt_label()) when it can open a title: only
 * when it is short and not a question, since without a label it is the
 * whole prompt.  NULL otherwise.
 */
const char *coach_name_of(const struct prompt *p)
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
void coach_title(struct check *c, const char *fmt, ...)
{
	const char *name = coach_name_of(c->prompt);
	char what[sizeof(c->title)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (name) {
		coach_addf(c->title, sizeof(c->title), "%s: %s", name, what);
		return;
	}
	if (what[0] >= 'a' && what[0] <= 'z')
		what[0] -= 'a' - 'A';
	coach_addf(c->title, sizeof(c->title), "%s", what);
}

void coach_fmt_hours(char out[32], double h)
{
	size_t n;

	snprintf(out, 32, "%.2f", h);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

void coach_fmt_date(char out[16], int day)
{
	struct buf b = BUF_INIT;

	answer_put_date(&b, day);
	snprintf(out, 16, "%s", b.err ? "?" : b.data);
	buf_release(&b);
}

bool coach_whole_number(struct span c, long *v)
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

/* ---- the list of checks ---- */

int coach_push(struct checks *out, const struct check *c)
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

void coach_init(struct check *c, const struct prompt *p, const char *kind)
{
	memset(c, 0, sizeof(*c));
	c->prompt = p;
	c->kind = kind;
}

/* ---- bounds and required ---- */

int coach_bounds(struct coach_run *r, const struct prompt *p, const char *v,
		 const char *unit, bool unit_always)
{
	char range[48];
	size_t n = answer_count(v);
	int lo = p->min_items, hi = p->max_items;
	bool say_unit = unit_always || !coach_name_of(p);
	struct check c;

	if (hi <= 0 && lo <= 1)
		return 0;
	coach_init(&c, p, "bounds");
	/* A label names what is counted ("Roles: 3 to 5"); rounds are
	 * counted as rounds of it ("Pre-mortem: at least 3 rounds"). */
	if (lo > 0 && hi > 0 && lo == hi)
		snprintf(range, sizeof(range), "exactly %d", lo);
	else if (lo > 0 && hi > 0)
		snprintf(range, sizeof(range), "%d to %d", lo, hi);
	else if (lo > 0)
		snprintf(range, sizeof(range), "at least %d", lo);
	else
		snprintf(range, sizeof(range), "at most %d", hi);
	coach_title(&c, "%s%s%s", range, say_unit ? " " : "",
		    say_unit ? unit : "");
	c.pass = (lo <= 0 || n >= (size_t)lo) && (hi <= 0 || n <= (size_t)hi);
	if (!n)
		coach_addf(c.detail, sizeof(c.detail), "None yet.");
	else if (hi > 0 && n > (size_t)hi)
		coach_addf(c.detail, sizeof(c.detail),
			   "You have %zu; keep the %d that matter most.", n,
			   hi);
	else
		coach_addf(c.detail, sizeof(c.detail), "You have %zu.", n);
	return coach_push(r->out, &c);
}

int coach_required(struct coach_run *r, const struct prompt *p,
		   const char *v, bool counted)
{
	struct check c;

	if (!p->required && p->min_items < 1)
		return 0;
	if (counted && (p->max_items > 0 || p->min_items > 1) &&
	    p->min_items >= 1)
		return 0;  /* "at least 3" already says it */
	coach_init(&c, p, "required");
	coach_title(&c, "answered");
	c.pass = v && *v;
	coach_addf(c.detail, sizeof(c.detail), "%s",
		   c.pass ? "Answered." : "Not answered yet.");
	return coach_push(r->out, &c);
}

void sprint_words(const struct sprint *sp, char out[SPRINT_WORDS])
{
	char from[16], to[16], hw[32];

	coach_fmt_date(from, sp->start);
	coach_fmt_date(to, sprint_end(sp));
	coach_fmt_hours(hw, sp->hours_week);
	snprintf(out, SPRINT_WORDS, "%d week%s from %s to %s, %s h a week",
		 sp->weeks, sp->weeks == 1 ? "" : "s", from, to, hw);
}

/* ---- one prompt, one exercise ---- */

static int coach_prompt(struct coach_run *r, const struct exercise *ex,
			const struct prompt *p)
{
	const char *v = p->id ? r->get(r->ctx, p->id) : NULL;

	/* An optional prompt left empty is not nagged about. */
	if ((p->optional || ex->optional) && !p->required && !(v && *v))
		return 0;
	return kind_of(p)->check(r, p, v);
}

int coach_run(const struct session *s, const struct exercise *ex,
	      answer_get_fn *get, void *ctx, int today, struct checks *out)
{
	struct coach_run r = { s, get, ctx, today, out };
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
