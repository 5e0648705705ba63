/*
 * The session Markdown importer (docs/session-format.md).
 *
 * session_parse() has md-tree.c check the file and parse it into a tree of
 * blocks, then build_session() walks the top-level blocks: title,
 * subtitle, then sections recognised by heading text, each handed over
 * whole: objectives and thoughts are read here, readings in
 * md-readings.c, exercises in md-exercise.c and their prompts in
 * md-prompt.c; each is re-serialised into canonical Markdown or plain
 * text (md-write.c) as the model needs.  The numbers and phrases read in
 * prose, and the slugs for ids, are in cues.c.
 *
 * All state is on the caller's stack and heap (no global state, so server
 * threads may call session_parse() at once).
 */
#include "import/md.h"

#include "core/buf.h"
#include "import/annot.h"
#include "import/answers.h"
#include "import/md-exercise.h"
#include "import/md-prompt.h"
#include "import/md-readings.h"
#include "import/md-write.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the builder's helpers (md.h) ---- */


/* Detach a buffer as a model string; empty gives NULL if `null_empty`. */
char *take(struct builder *B, struct buf *b, int null_empty)
{
	char *s;

	buf_rtrim(b);
	if (b->err) {
		B->p->nomem = 1;
		buf_release(b);
		return NULL;
	}
	if (null_empty && !b->len) {
		buf_release(b);
		return NULL;
	}
	s = buf_detach(b, NULL);
	if (!s)
		B->p->nomem = 1;
	return s;
}

char *dup_str(struct builder *B, const char *s)
{
	char *d = xstrdup(s);

	if (!d)
		B->p->nomem = 1;
	return d;
}

char *plain_of(struct builder *B, const struct inl *e,
		      const struct inl *stop)
{
	struct buf b = BUF_INIT;

	render_inl(&b, e, stop, 0);
	squeeze(&b);
	return take(B, &b, 0);
}

/* Grow a model array by one zeroed element; NULL on failure. */
void *grow(struct builder *B, void **arr, size_t *nr, size_t size)
{
	char *n = realloc(*arr, (*nr + 1) * size);

	if (!n) {
		B->p->nomem = 1;
		return NULL;
	}
	*arr = n;
	memset(n + *nr * size, 0, size);
	return n + (*nr)++ * size;
}

char *make_id(struct builder *B, struct idset *set, const char *prefix,
		     const char *text, int max_words, const char *fallback)
{
	struct buf b = BUF_INIT;
	char *id;

	buf_adds(&b, prefix);
	slugify(&b, text, max_words);
	if (b.len == strlen(prefix))
		buf_adds(&b, fallback);
	uniquify(&b, set);
	id = take(B, &b, 0);
	if (id && idset_add(set, id))
		B->p->nomem = 1;
	return id;
}

/* ---- text ---- */

/* The paragraphs of a list item before its first nested list, joined by
 * spaces (a loose item may split one sentence across paragraphs). */
void item_text(struct buf *b, const struct node *li, int md)
{
	const struct node *k;

	for (k = li->kids; k && !is_list(k); k = k->next) {
		if (k->type != MD_BLOCK_P || is_toc(k))
			continue;
		if (b->len)
			buf_addc(b, ' ');
		render_inl(b, k->inl, NULL, md);
	}
	squeeze(b);
}

/* Only spaces and tabs (an event's text is not NUL-terminated). */
int is_blank(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	return !n;
}

/* Ends with the word "optional" (after brackets, stars, dots)? */
int ends_optional(const char *s)
{
	size_t n = strlen(s);

	while (n && strchr(" \t*_.)]", s[n - 1]))
		n--;
	return n >= 8 && !strncasecmp(s + n - 8, "optional", 8) &&
	       (n == 8 || !is_alnum((unsigned char)s[n - 9]));
}

int optional_marker(const char *s)
{
	return s && (starts_with_ci(s, "optional") ||
		     starts_with_ci(s, "(optional)") ||
		     contains_ci(s, "(optional)") ||
		     contains_ci(s, "[optional]") || ends_optional(s));
}

int has_alnum(const char *s)
{
	for (; *s; s++)
		if (is_alnum((unsigned char)*s))
			return 1;
	return 0;
}

void trim_str(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && strchr(" \t,;:-", s[n - 1]))
		n--;
	s[n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
}

int is_dash3(const char *s)
{
	return (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	       ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94);
}

/* Strip separators and en/em dashes from the end, and dashes and spaces
 * from the start, in one pass each. */
void trim_dashes(char *s)
{
	size_t n = strlen(s), i = 0;

	for (;;) {
		if (n && strchr(" \t,;:-", s[n - 1]))
			n--;
		else if (n >= 3 && is_dash3(s + n - 3))
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
	for (;;) {
		if (s[i] == ' ' || s[i] == '\t')
			i++;
		else if (i + 3 <= n && is_dash3(s + i))
			i += 3;
		else
			break;
	}
	memmove(s, s + i, n - i + 1);
}

/* Drop leading separators: spaces, ",:;|-", en and em dashes. */
void trim_lead(char *s)
{
	size_t i = 0;

	for (;;) {
		if (s[i] && strchr(" \t,:;|-", s[i]))
			i++;
		else if (!strncmp(s + i, "\xe2\x80\x93", 3) ||
			 !strncmp(s + i, "\xe2\x80\x94", 3))
			i += 3;
		else
			break;
	}
	memmove(s, s + i, strlen(s + i) + 1);
}


/* ---- sections ---- */

enum section {
	SECT_NONE,
	SECT_OBJECTIVES,
	SECT_READINGS,
	SECT_EXERCISES,
	SECT_THOUGHTS,
};

/* Which section a heading opens: its text, lowercased, without numbering,
 * emoji, trailing colons or a "(45 minutes)" note. */
static enum section section_of(struct builder *B, const struct node *h)
{
	static const struct {
		const char *name;
		enum section s;
	} names[] = {
		{ "focus", SECT_OBJECTIVES }, { "goals", SECT_OBJECTIVES },
		{ "objectives", SECT_OBJECTIVES },
		{ "learning objectives", SECT_OBJECTIVES },
		{ "learning goals", SECT_OBJECTIVES },
		{ "learning outcomes", SECT_OBJECTIVES },
		{ "session objectives", SECT_OBJECTIVES },
		{ "resources", SECT_READINGS }, { "readings", SECT_READINGS },
		{ "reading", SECT_READINGS },
		{ "core readings", SECT_READINGS },
		{ "core reading", SECT_READINGS },
		{ "further readings", SECT_READINGS },
		{ "further reading", SECT_READINGS },
		{ "optional readings", SECT_READINGS },
		{ "required readings", SECT_READINGS },
		{ "reading list", SECT_READINGS },
		{ "exercises", SECT_EXERCISES }, { "exercise", SECT_EXERCISES },
		{ "activities", SECT_EXERCISES }, { "activity", SECT_EXERCISES },
		{ "thoughts", SECT_THOUGHTS }, { "reflections", SECT_THOUGHTS },
		{ "reflection", SECT_THOUGHTS }, { "notes", SECT_THOUGHTS },
		{ "my notes", SECT_THOUGHTS }, { "my thoughts", SECT_THOUGHTS },
		{ "final thoughts", SECT_THOUGHTS },
	};
	char *t = plain_of(B, h->inl, NULL), *s, *e, *paren;
	enum section r = SECT_NONE;
	size_t i;

	if (!t)
		return SECT_NONE;
	for (s = t; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 32;
	paren = strchr(t, '(');
	if (paren && paren > t)
		*paren = '\0';
	for (s = t; *s && !(*s >= 'a' && *s <= 'z'); s++)
		;
	e = s + strlen(s);
	while (e > s && !(e[-1] >= 'a' && e[-1] <= 'z'))
		*--e = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name))
			r = names[i].s;
	free(t);
	return r;
}

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

/* Objectives: list items, or paragraphs (a lead-in ending in ':' before a
 * list is not one). */
static void add_objectives(struct builder *B, const struct node *n,
			   const struct node *stop)
{
	for (; n && n != stop; n = n->next) {
		struct buf md = BUF_INIT, plain = BUF_INIT;
		const struct node *li;

		if (is_list(n)) {
			for (li = n->kids; li; li = li->next) {
				md_item_body(&md, li);
				add_objective(B, &md);
				buf_release(&md);
			}
		} else if (n->type == MD_BLOCK_P && !is_toc(n)) {
			render_inl(&plain, n->inl, NULL, 0);
			buf_rtrim(&plain);
			if (!(plain.len && plain.data[plain.len - 1] == ':' &&
			      is_list(n->next))) {
				render_inl(&md, n->inl, NULL, 1);
				add_objective(B, &md);
			}
		}
		buf_release(&md);
		buf_release(&plain);
	}
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
static void add_thoughts(struct builder *B, const struct node *n,
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
			md_blocks(&b, k, k->next);
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

/* Does [n, stop) hold a list (an exercise written without sub-headings)? */
static int has_list(const struct node *n, const struct node *stop)
{
	for (; n && n != stop; n = n->next)
		if (is_list(n))
			return 1;
	return 0;
}

/* Hand the blocks [body, stop) of the current section or item over. */
static void flush(struct builder *B, enum section sect,
		  const struct node *sect_head, const struct node *item,
		  const struct node *body, const struct node *stop)
{
	struct reading *r;

	switch (sect) {
	case SECT_OBJECTIVES:
		add_objectives(B, body, stop);
		break;
	case SECT_THOUGHTS:
		add_thoughts(B, body, stop);
		break;
	case SECT_READINGS:
		if (!item) {
			add_list_readings(B, body, stop);
			break;
		}
		r = new_reading(B, item->inl, item->line);
		if (r)
			reading_body(B, r, body, stop);
		break;
	case SECT_EXERCISES:
		if (item) {
			add_exercise(B, item, NULL, body, stop);
		} else if (has_list(body, stop)) {
			char *t = plain_of(B, sect_head->inl, NULL);

			add_exercise(B, sect_head, t, body, stop);
			free(t);
		}
		break;
	case SECT_NONE:
		break;
	}
}

/*
 * "Course: Session 7 - Title", "Session 7: Title", "Week 3 - Title", or
 * just "Title".  A "course" of emoji alone ("🔬 Session 5: X") is none.
 */
static void parse_title(struct builder *B, const char *t)
{
	static const char *const words[] = {
		"session", "week", "lesson", "module", "unit", "part", "day",
	};
	struct session *s = B->s;
	const char *p;
	size_t i;

	for (p = t; *p; p++) {
		if (!word_start(t, p))
			continue;
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			size_t n = strlen(words[i]);
			const char *q = p + n;
			int num = 0;

			if (strncasecmp(p, words[i], n) || *q != ' ')
				continue;
			while (*q == ' ')
				q++;
			if (!(*q >= '0' && *q <= '9'))
				continue;
			while (*q >= '0' && *q <= '9' && num < 100000)
				num = num * 10 + (*q++ - '0');
			if (is_alnum((unsigned char)*q))
				continue;
			s->number = num;
			if (p > t) {
				s->course = xstrndup(t, (size_t)(p - t));
				if (!s->course)
					B->p->nomem = 1;
				else
					trim_dashes(s->course);
				if (s->course && !has_alnum(s->course)) {
					free(s->course);
					s->course = NULL;
				}
			}
			while (*q && (strchr(" :-.|,", *q) ||
				      !strncmp(q, "\xe2\x80\x93", 3) ||
				      !strncmp(q, "\xe2\x80\x94", 3)))
				q += (unsigned char)*q == 0xe2 ? 3 : 1;
			s->title = dup_str(B, *q ? q : t);
			if (s->title && !*q)
				trim_dashes(s->title);
			return;
		}
	}
	s->title = dup_str(B, t);
}

/* A heading with no text ("####" alone) is no item or section. */
static int is_empty_heading(const struct node *h)
{
	struct buf b = BUF_INIT;
	int empty;

	render_inl(&b, h->inl, NULL, 0);
	squeeze(&b);
	empty = !b.err && !b.len;
	buf_release(&b);
	return empty;
}

/* Does a readings heading say its readings are optional ("Further
 * readings", "Optional readings", "Resources (optional)")? */
static bool further_readings(struct builder *B, const struct node *h)
{
	char *t = plain_of(B, h->inl, NULL), *s;
	bool r;

	if (!t)
		return false;
	for (s = t; *s && !is_alnum((unsigned char)*s); s++)
		;
	r = starts_with_ci(s, "further") || starts_with_ci(s, "optional") ||
	    starts_with_ci(s, "additional") || starts_with_ci(s, "extra") ||
	    contains_ci(s, "(optional)");
	free(t);
	return r;
}

/* Does a heading that names section `k`, deeper than the current section
 * `sect`, still open it?  Objectives and thoughts have no items, so any
 * other section name does ("## Focus" then "##### Readings").  Among
 * readings, a heading at the readings' own level naming another section
 * without a link ends them; among exercises, only "Readings" does (an
 * exercise may well be called "Reflection" or "Goals"). */
static int opens_inside(enum section sect, enum section k,
			const struct node *h, int at_item)
{
	const struct inl *e;

	if (k == sect)
		return 0;
	if (sect == SECT_OBJECTIVES || sect == SECT_THOUGHTS)
		return 1;
	if (!at_item)
		return 0;
	if (sect == SECT_EXERCISES)
		return k == SECT_READINGS;
	for (e = h->inl; e; e = e->next)
		if (e->type == MD_SPAN_A && e->ev == EV_ENTER)
			return 0;
	return 1;
}

static void build_session(struct builder *B)
{
	const struct node *n, *title, *sect_head = NULL, *item = NULL;
	const struct node *body = NULL;
	enum section sect = SECT_NONE;
	unsigned sect_level = 0, item_level = 0;
	char *t;

	for (title = B->p->doc->kids; title; title = title->next)
		if (title->type == MD_BLOCK_H)
			break;
	t = title ? plain_of(B, title->inl, NULL) : NULL;
	if (!t || !*t) {
		free(t);
		if (!B->p->nomem)
			parser_fail(B->p, 1,
			     "no title: the file needs a '# Title' heading");
		return;
	}
	parse_title(B, t);
	free(t);
	n = title->next;
	if (n && n->type == MD_BLOCK_QUOTE) {
		struct buf b = BUF_INIT;
		const struct node *k;

		for (k = n->kids; k; k = k->next) {
			buf_addc(&b, ' ');
			if (k->type == MD_BLOCK_P)
				render_inl(&b, k->inl, NULL, 0);
		}
		squeeze(&b);
		B->s->subtitle = take(B, &b, 1);
		n = n->next;
	}
	for (; n && !B->p->failed; n = n->next) {
		enum section k;
		int at_item;

		if (n->type != MD_BLOCK_H || is_empty_heading(n))
			continue;
		k = section_of(B, n);
		at_item = !item_level || n->level <= item_level;
		if (k != SECT_NONE && (sect == SECT_NONE || n->level <= sect_level ||
				       opens_inside(sect, k, n, at_item))) {
			flush(B, sect, sect_head, item, body, n);
			sect = k;
			sect_head = n;
			sect_level = n->level;
			item = NULL;
			item_level = 0;
			body = n->next;
			B->optional_readings = further_readings(B, n);
		} else if (sect == SECT_READINGS && k == SECT_READINGS && at_item) {
			/* "Core readings", "Further readings" inside Resources */
			flush(B, sect, sect_head, item, body, n);
			item = NULL;
			item_level = 0;
			body = n->next;
			B->optional_readings = further_readings(B, n);
		} else if (sect != SECT_NONE && n->level <= sect_level) {
			flush(B, sect, sect_head, item, body, n);
			sect = SECT_NONE;   /* a section we do not know */
		} else if ((sect == SECT_READINGS || sect == SECT_EXERCISES) &&
			   (!item_level || n->level <= item_level)) {
			flush(B, sect, sect_head, item, body, n);
			item = n;
			item_level = n->level;
			body = n->next;
		}
	}
	flush(B, sect, sect_head, item, body, NULL);
}

int session_parse(const char *src, size_t len, struct session *out,
		  struct import_error *err)
{
	struct parser p;
	struct session s;
	struct builder B = { .p = &p, .s = &s };
	int ret = -1;

	memset(&s, 0, sizeof(s));
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (md_tree_parse(&p, src, len, err))
		goto out;
	build_session(&B);
	if (!p.failed && !p.nomem)
		finish_prompts(&B);
	if (p.nomem && !p.failed)
		parser_fail(&p, 0, "out of memory");
	if (p.failed)
		goto out;
	*out = s;
	memset(&s, 0, sizeof(s));
	ret = 0;
out:
	free(B.readings.slot);
	free(B.exercises.slot);
	free(B.prompts.slot);
	free(B.ann_lines);
	session_release(&s);
	md_tree_release(&p);
	return ret;
}

