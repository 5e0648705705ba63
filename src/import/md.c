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
#include "import/md-resources.h"
#include "import/md-sections.h"
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
	SECT_NONE,        /* before the first section */
	SECT_OTHER,       /* a section we do not know: kept as text */
	SECT_OBJECTIVES,
	SECT_READINGS,
	SECT_EXERCISES,
	SECT_RESOURCES,   /* links to follow up, after the exercises */
	SECT_THOUGHTS,
};

/* A Readings-like name that after the exercises means a list of links. */
#define SECT_LINKS 0x100

/* Which section a heading opens: its text, lowercased, without numbering,
 * emoji, trailing colons or a "(45 minutes)" note.  "Resources" and
 * "Further reading" come back as SECT_READINGS | SECT_LINKS. */
static int section_of(struct builder *B, const struct node *h)
{
	static const struct {
		const char *name;
		int s;
	} names[] = {
		{ "focus", SECT_OBJECTIVES }, { "goals", SECT_OBJECTIVES },
		{ "objectives", SECT_OBJECTIVES },
		{ "learning objectives", SECT_OBJECTIVES },
		{ "learning goals", SECT_OBJECTIVES },
		{ "learning outcomes", SECT_OBJECTIVES },
		{ "session objectives", SECT_OBJECTIVES },
		{ "resources", SECT_READINGS | SECT_LINKS },
		{ "readings", SECT_READINGS }, { "reading", SECT_READINGS },
		{ "core readings", SECT_READINGS },
		{ "core reading", SECT_READINGS },
		{ "further readings", SECT_READINGS | SECT_LINKS },
		{ "further reading", SECT_READINGS | SECT_LINKS },
		{ "additional resources", SECT_READINGS | SECT_LINKS },
		{ "optional readings", SECT_READINGS },
		{ "required readings", SECT_READINGS },
		{ "reading list", SECT_READINGS },
		{ "useful links", SECT_RESOURCES }, { "links", SECT_RESOURCES },
		{ "references", SECT_RESOURCES },
		{ "see also", SECT_RESOURCES },
		{ "more resources", SECT_RESOURCES },
		{ "other resources", SECT_RESOURCES },
		{ "exercises", SECT_EXERCISES }, { "exercise", SECT_EXERCISES },
		{ "activities", SECT_EXERCISES }, { "activity", SECT_EXERCISES },
		{ "thoughts", SECT_THOUGHTS }, { "reflections", SECT_THOUGHTS },
		{ "reflection", SECT_THOUGHTS }, { "notes", SECT_THOUGHTS },
		{ "my notes", SECT_THOUGHTS }, { "my thoughts", SECT_THOUGHTS },
		{ "final thoughts", SECT_THOUGHTS },
	};
	char *t = plain_of(B, h->inl, NULL), *s, *e, *paren;
	int r = SECT_NONE;
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

/* Where build_session() is: the section and the item it is reading. */
struct walk {
	enum section sect;
	const struct node *head;   /* the section's heading */
	const struct node *item;   /* the reading or exercise heading, or NULL */
	const struct node *body;   /* the first block after head or item */
	unsigned sect_level, item_level;
	bool after_exercises;      /* an Exercises section came before */
};

/* Hand the blocks [w->body, stop) of the current section or item over. */
static void flush(struct builder *B, const struct walk *w,
		  const struct node *stop)
{
	const struct node *body = w->body;
	struct reading *r;
	char *t;

	switch (w->sect) {
	case SECT_NONE:
		add_intro(B, &B->s->intro, body, stop);
		break;
	case SECT_OTHER:
		add_other(B, w->head, body, stop);
		break;
	case SECT_OBJECTIVES:
		add_objectives(B, body, stop);
		break;
	case SECT_THOUGHTS:
		add_thoughts(B, body, stop);
		break;
	case SECT_RESOURCES:
		add_resources(B, body, stop);
		break;
	case SECT_READINGS:
		if (!w->item) {
			add_list_readings(B, body, stop);
			break;
		}
		r = new_reading(B, w->item->inl, w->item->line);
		if (r)
			reading_body(B, r, body, stop);
		break;
	case SECT_EXERCISES:
		if (w->item) {
			add_exercise(B, w->item, NULL, body, stop);
		} else if (has_list(body, stop)) {
			/* an exercise written without sub-headings */
			t = plain_of(B, w->head->inl, NULL);
			add_exercise(B, w->head, t, body, stop);
			free(t);
		} else {
			add_intro(B, &B->s->exercises_intro, body, stop);
		}
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
 * `sect`, still open it?  Sections without items (objectives, thoughts,
 * resources, those we do not know) end at any other section name ("##
 * Focus" then "##### Readings").  Among readings, a heading at the
 * readings' own level naming another section without a link ends them;
 * among exercises, only "Readings" or "Further reading" does (an
 * exercise may well be called "Reflection" or "Goals"). */
static int opens_inside(enum section sect, enum section k,
			const struct node *h, int at_item)
{
	const struct inl *e;

	if (k == sect)
		return 0;
	if (sect != SECT_READINGS && sect != SECT_EXERCISES)
		return 1;
	if (!at_item)
		return 0;
	if (sect == SECT_EXERCISES)
		return k == SECT_READINGS || k == SECT_RESOURCES;
	for (e = h->inl; e; e = e->next)
		if (e->type == MD_SPAN_A && e->ev == EV_ENTER)
			return 0;
	return 1;
}

/* The section heading h opens, if any: "Resources" after the exercises
 * is a list of links, before them (or inside Readings) the readings. */
static enum section heading_section(struct builder *B, const struct walk *w,
				    const struct node *h)
{
	int k = section_of(B, h);

	if (!(k & SECT_LINKS))
		return (enum section)k;
	if (w->after_exercises && w->sect != SECT_READINGS)
		return SECT_RESOURCES;
	return SECT_READINGS;
}

/* Heading h starts section k (SECT_OTHER: one we do not know). */
static void open_section(struct builder *B, struct walk *w, enum section k,
			 const struct node *h)
{
	flush(B, w, h);
	w->sect = k;
	w->head = h;
	w->sect_level = h->level;
	w->item = NULL;
	w->item_level = 0;
	w->body = h->next;
	if (k == SECT_EXERCISES)
		w->after_exercises = true;
	B->optional_readings = further_readings(B, h);
}

/* One heading after the title: a new section, a sub-section of the
 * readings, a reading or exercise, or a heading inside one of them. */
static void walk_heading(struct builder *B, struct walk *w,
			 const struct node *n)
{
	enum section k = heading_section(B, w, n);
	int at_item = !w->item_level || n->level <= w->item_level;

	if (k != SECT_NONE &&
	    (w->sect == SECT_NONE || n->level <= w->sect_level ||
	     opens_inside(w->sect, k, n, at_item))) {
		open_section(B, w, k, n);
	} else if (w->sect == SECT_READINGS && k == SECT_READINGS && at_item) {
		/* "Core readings", "Further readings" inside Resources */
		flush(B, w, n);
		w->item = NULL;
		w->item_level = 0;
		w->body = n->next;
		B->optional_readings = further_readings(B, n);
	} else if (w->sect == SECT_NONE || n->level <= w->sect_level) {
		open_section(B, w, SECT_OTHER, n);
	} else if ((w->sect == SECT_READINGS || w->sect == SECT_EXERCISES) &&
		   at_item) {
		flush(B, w, n);
		w->item = n;
		w->item_level = n->level;
		w->body = n->next;
	}
}

/* The title (the first heading), and the subtitle: a quote right after
 * it.  Returns 0 with *next the block after them (NULL at the end), or
 * -1 when there is no title. */
static int walk_title(struct builder *B, const struct node **next)
{
	const struct node *title, *n, *k;
	struct buf b = BUF_INIT;
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
		return -1;
	}
	parse_title(B, t);
	free(t);
	add_intro(B, &B->s->intro, B->p->doc->kids, title);
	n = title->next;
	if (n && n->type == MD_BLOCK_QUOTE) {
		for (k = n->kids; k; k = k->next) {
			buf_addc(&b, ' ');
			if (k->type == MD_BLOCK_P)
				render_inl(&b, k->inl, NULL, 0);
		}
		squeeze(&b);
		B->s->subtitle = take(B, &b, 1);
		n = n->next;
	}
	*next = n;
	return 0;
}

static void build_session(struct builder *B)
{
	struct walk w = { .sect = SECT_NONE };
	const struct node *n;

	if (walk_title(B, &n))
		return;
	w.body = n;
	for (; n && !B->p->failed; n = n->next)
		if (n->type == MD_BLOCK_H && !is_empty_heading(n))
			walk_heading(B, &w, n);
	flush(B, &w, NULL);
}

int session_parse_as(const struct session *course, const char *src,
		     size_t len, struct session *out,
		     struct import_error *err)
{
	struct parser p;
	struct session s;
	struct builder B = { .p = &p, .s = &s, .course = course };
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
	course_words_release(&B);
	session_release(&s);
	md_tree_release(&p);
	return ret;
}

int session_parse(const char *src, size_t len, struct session *out,
		  struct import_error *err)
{
	return session_parse_as(NULL, src, len, out, err);
}
