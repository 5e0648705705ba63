/*
 * Prompt annotations (annot.h): the words of an `alignplan:`
 * comment, read into the session model.  Pure string work: the caller
 * finds the comment in the tree and reports errors with its line.
 *
 *   KIND              a kind's name (model/kinds/kind.h): text list
 *                     checklist ranked table rounds sprint
 *   required          a bare word: an empty answer is flagged
 *   support           a bare word: the answer is the participant's
 *                     request for support, shown to the cohort
 *   key=value         name label min max rows budget cols
 *   key="a value"     quotes for spaces; \" and \\ inside
 *
 * cols="Label:type:flag | ..." is read once the kind is known, since only
 * some kinds have columns (their row's flags say which keys they take).
 */
#include "import/annot.h"

#include "core/buf.h"
#include "model/kinds/kind.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_BOUND 1000     /* min= and max= */
#define MAX_COLUMNS 32
#define MAX_OPTIONS 64     /* choice(a;b;...) */
#define MAX_NAME 40        /* the id is "eN-" and the name */

static const char *const type_names[] = {
	[COL_TEXT] = "text",   [COL_DATE] = "date",   [COL_HOURS] = "hours",
	[COL_NUMBER] = "number", [COL_SCALE] = "scale", [COL_MARK] = "mark",
	[COL_CHOICE] = "choice", [COL_REF] = "ref",
};

#define NOMEM (-2)

static int fail(char *err, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A malloc'd copy of s[0..n) without surrounding spaces. */
static char *dup_trim(const char *s, size_t n)
{
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Names become ids: lowercase letters, digits and '-'. */
static int valid_name(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n > MAX_NAME || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static int lookup(const char *const *names, size_t nr, const char *s,
		  size_t n)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], s, n))
			return (int)i;
	return -1;
}

/* ---- columns ---- */

/*
 * Split s[0..n) at `sep` outside parentheses into at most `max` pieces.
 * Returns the number of pieces, or -1 for an unclosed or unmatched
 * parenthesis.
 */
static int split(const char *s, size_t n, char sep, const char **at,
		 size_t *len, int max)
{
	size_t i, start = 0;
	int depth = 0, nr = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] == '(') {
			depth++;
		} else if (i < n && s[i] == ')') {
			if (--depth < 0)
				return -1;
		} else if (i == n || (s[i] == sep && !depth)) {
			if (nr == max)
				return max + 1;
			at[nr] = s + start;
			len[nr++] = i - start;
			start = i + 1;
		}
	}
	return depth ? -1 : nr;
}

static int add_option(struct column *c, const char *s, size_t n)
{
	char **v, *o = dup_trim(s, n);

	if (!o)
		return NOMEM;
	v = realloc(c->options, (c->nr_options + 1) * sizeof(*v));
	if (!v) {
		free(o);
		return NOMEM;
	}
	c->options = v;
	c->options[c->nr_options++] = o;
	return 0;
}

/* ref(NAME) or ref(NAME/Column): the argument arg[0..argn). */
static int column_ref(struct column *c, const char *arg, size_t argn,
		      char *err, size_t errlen)
{
	const char *slash = memchr(arg, '/', argn);
	char *name = dup_trim(arg, slash ? (size_t)(slash - arg) : argn);
	char *col = slash ? dup_trim(slash + 1,
				     argn - (size_t)(slash + 1 - arg))
			  : NULL;
	int r = 0;

	if (!name || (slash && !col)) {
		r = NOMEM;
	} else if (!valid_name(name)) {
		r = fail(err, errlen, "column '%s': ref(%s) does not "
			 "name a prompt", c->label, name);
	} else if (slash && !*col) {
		r = fail(err, errlen, "column '%s': ref(%s/) names no "
			 "column", c->label, name);
	} else {
		struct buf b = BUF_INIT;

		buf_adds(&b, name);
		if (col) {
			buf_addc(&b, '/');
			buf_adds(&b, col);
		}
		c->ref = buf_detach(&b, NULL);
		if (!c->ref)
			r = NOMEM;
	}
	free(name);
	free(col);
	return r;
}

/* choice(a;b;c): the argument arg[0..argn). */
static int column_choice(struct column *c, const char *arg, size_t argn,
			 char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i <= argn;) {
		const char *semi = memchr(arg + i, ';', argn - i);
		size_t k = semi ? (size_t)(semi - arg) : argn, a = i, z = k;
		int r;

		while (a < z && is_space(arg[a]))
			a++;
		while (z > a && is_space(arg[z - 1]))
			z--;
		if (a == z)
			return fail(err, errlen, "column '%s': choice has an "
				    "empty option", c->label);
		if (c->nr_options == MAX_OPTIONS)
			return fail(err, errlen, "column '%s': more than %d "
				    "options", c->label, MAX_OPTIONS);
		r = add_option(c, arg + a, z - a);
		if (r)
			return r;
		i = k + 1;
	}
	return 0;
}

/* "date", "choice(a;b)", "ref(roles)", "ref(tests/Cheap test)". */
static int column_type(struct column *c, const char *s, size_t n,
		       char *err, size_t errlen)
{
	const char *paren = memchr(s, '(', n), *arg;
	size_t word = paren ? (size_t)(paren - s) : n, argn;
	int t;
	char *w;

	while (word && is_space(s[word - 1]))
		word--;
	if (!n)
		return 0;   /* the default, text */
	t = lookup(type_names, sizeof(type_names) / sizeof(*type_names), s,
		   word);
	if (t < 0) {
		w = xstrndup(s, word);
		if (!w)
			return NOMEM;
		fail(err, errlen, "unknown column type '%s'", w);
		free(w);
		return -1;
	}
	c->type = (enum column_type)t;
	if (!paren) {
		if (t == COL_CHOICE)
			return fail(err, errlen, "column '%s': choice needs "
				    "its options, as in choice(a;b)", c->label);
		if (t == COL_REF)
			return fail(err, errlen, "column '%s': ref needs a "
				    "prompt name, as in ref(roles)", c->label);
		return 0;
	}
	if (s[n - 1] != ')')
		return fail(err, errlen, "column '%s': text after ')'",
			    c->label);
	if (t != COL_CHOICE && t != COL_REF)
		return fail(err, errlen, "column '%s': type '%s' takes no "
			    "(...)", c->label, type_names[t]);
	arg = paren + 1;
	argn = (size_t)(s + n - 1 - arg);
	if (t == COL_REF)
		return column_ref(c, arg, argn, err, errlen);
	return column_choice(c, arg, argn, err, errlen);
}

int annot_column(const struct prompt *pr, const char *label, size_t n)
{
	size_t i;

	for (i = 0; i < pr->nr_columns; i++)
		if (strlen(pr->columns[i].label) == n &&
		    !memcmp(pr->columns[i].label, label, n))
			return (int)i;
	for (i = 0; i < pr->nr_columns; i++)
		if (strlen(pr->columns[i].label) == n &&
		    !strncasecmp(pr->columns[i].label, label, n))
			return (int)i;
	return -1;
}

static struct column *new_column(struct prompt *pr, const char *label,
				 size_t n)
{
	struct column *v, *c;

	v = realloc(pr->columns, (pr->nr_columns + 1) * sizeof(*v));
	if (!v)
		return NULL;
	pr->columns = v;
	c = &v[pr->nr_columns];
	memset(c, 0, sizeof(*c));
	c->label = dup_trim(label, n);
	if (!c->label)
		return NULL;
	pr->nr_columns++;
	return c;
}

/* One column: "Label", "Label:type", "Label:type:flag:flag". */
static int parse_column(struct prompt *pr, const char *s, size_t n,
			char *err, size_t errlen)
{
	const char *at[8];
	size_t len[8];
	int nr = split(s, n, ':', at, len, 8), i, r;
	struct column *c;
	char *label;

	if (nr < 0) {
		label = dup_trim(s, n);
		if (!label)
			return NOMEM;
		fail(err, errlen, "unclosed or unmatched parenthesis in "
		     "column '%s'", label);
		free(label);
		return -1;
	}
	if (nr > 8)
		return fail(err, errlen, "too many ':' in a column");
	label = dup_trim(at[0], len[0]);
	if (!label)
		return NOMEM;
	if (!*label) {
		free(label);
		return fail(err, errlen, "a column has no label");
	}
	if (annot_column(pr, label, strlen(label)) >= 0) {
		fail(err, errlen, "two columns are labelled '%s'", label);
		free(label);
		return -1;
	}
	free(label);
	if (pr->nr_columns == MAX_COLUMNS)
		return fail(err, errlen, "more than %d columns", MAX_COLUMNS);
	c = new_column(pr, at[0], len[0]);
	if (!c)
		return NOMEM;
	if (nr > 1) {
		const char *t = at[1];
		size_t tn = len[1];

		while (tn && is_space(*t))
			t++, tn--;
		while (tn && is_space(t[tn - 1]))
			tn--;
		r = column_type(c, t, tn, err, errlen);
		if (r)
			return r;
	}
	for (i = 2; i < nr; i++) {
		char *f = dup_trim(at[i], len[i]);

		if (!f)
			return NOMEM;
		r = 0;
		if (!strcmp(f, "required"))
			c->required = true;
		else if (!strcmp(f, "all") && c->type == COL_CHOICE)
			c->all = true;
		else if (!strcmp(f, "one") && c->type == COL_MARK)
			c->one = true;
		else if (!strcmp(f, "all") || !strcmp(f, "one"))
			r = fail(err, errlen, "column '%s': flag '%s' is for "
				 "%s columns", c->label, f,
				 *f == 'a' ? "choice" : "mark");
		else
			r = fail(err, errlen, "unknown column flag '%s'", f);
		free(f);
		if (r)
			return r;
	}
	return 0;
}

static int parse_columns(struct prompt *pr, const char *spec, char *err,
			 size_t errlen)
{
	const char *at[MAX_COLUMNS + 1];
	size_t len[MAX_COLUMNS + 1];
	int nr = split(spec, strlen(spec), '|', at, len, MAX_COLUMNS), i, r;

	if (nr < 0)
		return fail(err, errlen, "cols= has an unclosed or unmatched "
			    "parenthesis");
	if (nr > MAX_COLUMNS)
		return fail(err, errlen, "more than %d columns", MAX_COLUMNS);
	for (i = 0; i < nr; i++) {
		r = parse_column(pr, at[i], len[i], err, errlen);
		if (r)
			return r;
	}
	return 0;
}

/* The kind's fixed columns (a sprint's), labels and types. */
static int fixed_columns(struct prompt *pr, const struct kind *k)
{
	size_t i;

	for (i = 0; i < k->nr_columns; i++) {
		const char *l = k->columns[i].label;
		struct column *c = new_column(pr, l, strlen(l));

		if (!c)
			return NOMEM;
		c->type = k->columns[i].type;
	}
	return 0;
}

/* ---- key=value words ---- */

/* Read the value after "key=" at *s: quoted, or up to the next space.
 * *out is malloc'd. */
static int read_value(const char **s, char **out, const char *key,
		      size_t keyn, char *err, size_t errlen)
{
	const char *p = *s;
	struct buf b = BUF_INIT;

	if (*p != '"') {
		while (*p && !is_space(*p))
			p++;
		buf_add(&b, *s, (size_t)(p - *s));
	} else {
		for (p++;; p++) {
			if (!*p) {
				buf_release(&b);
				return fail(err, errlen, "unclosed quote after "
					    "%.*s=", (int)keyn, key);
			}
			if (*p == '"')
				break;
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			buf_addc(&b, *p);
		}
		p++;
		if (*p && !is_space(*p)) {
			buf_release(&b);
			return fail(err, errlen, "a space must follow the "
				    "closing quote of %.*s=", (int)keyn, key);
		}
	}
	*s = p;
	*out = buf_detach(&b, NULL);
	return *out ? 0 : NOMEM;
}

static int bound(const char *key, const char *v, int *out, char *err,
		 size_t errlen)
{
	long n = 0;
	const char *p = v;

	if (!*p)
		return fail(err, errlen, "%s= needs a number", key);
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return fail(err, errlen, "%s=%s is not a whole number",
				    key, v);
		n = n * 10 + (*p - '0');
		if (n > MAX_BOUND)
			return fail(err, errlen, "%s=%s is more than %d", key,
				    v, MAX_BOUND);
	}
	*out = (int)n;
	return 0;
}

/* Set a string field once; takes `v` (freed on failure). */
static int set_once(char **field, char *v, const char *key, char *err,
		    size_t errlen)
{
	if (*field) {
		free(v);
		return fail(err, errlen, "%s= given twice", key);
	}
	*field = v;
	return 0;
}

/* key=value; takes ownership of `v`.  cols= is kept in *cols for later. */
static int set_key(struct prompt *pr, struct annot *a, const char *k,
		   size_t kn, char *v, char **cols, char *err, size_t errlen)
{
	static const char *const keys[] = {
		"name", "label", "min", "max", "rows", "budget", "cols",
	};
	int key = lookup(keys, sizeof(keys) / sizeof(*keys), k, kn), r;

	if (key < 0) {
		free(v);
		if (!kn)
			return fail(err, errlen, "'=' without a key");
		return fail(err, errlen, "unknown key '%.*s'", (int)kn, k);
	}
	switch (key) {
	case 0:   /* name */
	case 4:   /* rows */
	case 5:   /* budget */
		if (!valid_name(v)) {
			r = fail(err, errlen, "%s=%s: a name is lowercase "
				 "letters, digits and '-' (at most %d)",
				 keys[key], v, MAX_NAME);
			free(v);
			return r;
		}
		return set_once(key == 0 ? &pr->name :
				key == 4 ? &pr->rows_from : &pr->budget, v,
				keys[key], err, errlen);
	case 1: { /* label */
		char *t = dup_trim(v, strlen(v));

		free(v);
		if (!t)
			return NOMEM;
		if (!*t) {
			free(t);
			return fail(err, errlen, "label= is empty");
		}
		return set_once(&pr->label, t, "label", err, errlen);
	}
	case 2:   /* min */
	case 3: { /* max */
		bool *has = key == 2 ? &a->has_min : &a->has_max;

		r = *has ? fail(err, errlen, "%s= given twice", keys[key]) :
		    bound(keys[key], v, key == 2 ? &a->min : &a->max, err,
			  errlen);
		*has = true;
		free(v);
		return r;
	}
	default:  /* cols */
		return set_once(cols, v, "cols", err, errlen);
	}
}

/* A word without '=': the kind, "required" or "support". */
static int set_word(struct prompt *pr, struct annot *a, const char *w,
		    size_t n, int first, char *err, size_t errlen)
{
	int k = kind_lookup(w, n);

	if (k >= 0) {
		if (a->has_kind)
			return fail(err, errlen, "two kinds, '%s' and '%.*s'",
				    prompt_kind_name(a->kind), (int)n, w);
		a->has_kind = true;
		a->kind = (enum prompt_kind)k;
		return 0;
	}
	if (n == 8 && !memcmp(w, "required", 8)) {
		pr->required = true;
		return 0;
	}
	if (n == 7 && !memcmp(w, "support", 7)) {
		pr->support = true;
		return 0;
	}
	return fail(err, errlen, "unknown %s '%.*s'", first ? "kind" : "key",
		    (int)n, w);
}

/* "cols= is for the kinds table and rounds": the kinds with `flag`. */
static int not_for(const char *key, unsigned flag, char *err, size_t errlen)
{
	char names[120];

	kind_names(flag, names, sizeof(names));
	return fail(err, errlen, "%s= is for the kinds %s", key, names);
}

/* What holds only once every word is read: columns, and which keys fit
 * the kind (its row's flags, model/kinds/kind.h). */
static int finish(struct prompt *pr, struct annot *a, const char *cols,
		  char *err, size_t errlen)
{
	unsigned flags = a->has_kind ? kind_get(a->kind)->flags : 0;
	int r;

	if (cols && !(flags & KIND_COLS))
		return not_for("cols", KIND_COLS, err, errlen);
	if ((flags & KIND_COLS) && !cols)
		return fail(err, errlen, "a %s needs cols=\"...\"",
			    prompt_kind_name(a->kind));
	if (cols && (r = parse_columns(pr, cols, err, errlen)))
		return r;
	if (a->has_kind && (r = fixed_columns(pr, kind_get(a->kind))))
		return r;
	if (pr->rows_from && !(flags & KIND_ROWS_FROM))
		return not_for("rows", KIND_ROWS_FROM, err, errlen);
	if (pr->budget && !(flags & KIND_BUDGET))
		return not_for("budget", KIND_BUDGET, err, errlen);
	if (a->has_min && a->has_max && a->max && a->max < a->min)
		return fail(err, errlen, "max=%d is less than min=%d", a->max,
			    a->min);
	return 0;
}

int annot_parse(const char *text, struct prompt *pr, struct annot *a,
		char *err, size_t errlen)
{
	const char *s = text;
	char *cols = NULL;
	int first = 1, r = 0;

	memset(a, 0, sizeof(*a));
	for (;;) {
		const char *k;
		size_t kn;

		while (is_space(*s))
			s++;
		if (!*s)
			break;
		k = s;
		while (*s && !is_space(*s) && *s != '=')
			s++;
		kn = (size_t)(s - k);
		if (*s == '=') {
			char *v = NULL;

			s++;
			r = read_value(&s, &v, k, kn, err, errlen);
			if (!r)
				r = set_key(pr, a, k, kn, v, &cols, err, errlen);
		} else {
			r = set_word(pr, a, k, kn, first, err, errlen);
		}
		if (r)
			goto out;
		first = 0;
	}
	r = finish(pr, a, cols, err, errlen);
out:
	if (r == NOMEM)
		snprintf(err, errlen, "out of memory");
	free(cols);
	return r;
}

/* ---- names across the session ---- */

int annot_check_refs(const struct session *s, const struct prompt *pr,
		     char *err, size_t errlen)
{
	const struct prompt *t;
	size_t i;

	if (pr->rows_from) {
		t = session_named_prompt(s, pr->rows_from);
		if (!t)
			return fail(err, errlen, "rows=%s names no prompt of "
				    "this session", pr->rows_from);
		if (t == pr)
			return fail(err, errlen, "rows=%s names this prompt "
				    "itself", pr->rows_from);
	}
	if (pr->budget) {
		t = session_named_prompt(s, pr->budget);
		if (!t)
			return fail(err, errlen, "budget=%s names no prompt of "
				    "this session", pr->budget);
		if (t->kind != PROMPT_SPRINT)
			return fail(err, errlen, "budget=%s names a %s, not a "
				    "sprint", pr->budget,
				    prompt_kind_name(t->kind));
	}
	for (i = 0; i < pr->nr_columns; i++) {
		const char *ref = pr->columns[i].ref, *slash;
		char name[MAX_NAME + 1];
		size_t n;

		if (!ref)
			continue;
		slash = strchr(ref, '/');
		n = slash ? (size_t)(slash - ref) : strlen(ref);
		snprintf(name, sizeof(name), "%.*s", (int)n, ref);
		t = session_named_prompt(s, name);
		if (!t)
			return fail(err, errlen, "ref(%s) names no prompt of "
				    "this session", ref);
		if (slash && (kind_of(t)->shape != KIND_ROWS ||
			      annot_column(t, slash + 1,
					   strlen(slash + 1)) < 0))
			return fail(err, errlen, "ref(%s): prompt '%s' has no "
				    "column '%s'", ref, name, slash + 1);
	}
	return 0;
}
