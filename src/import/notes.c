/*
 * A participant's own notes of a session (notes.h).
 *
 * The file is read as a session (session_parse_as(): prompts that read
 * as the course's take its annotations, so answers come out in the
 * course's kinds), then matched with the course:
 *
 *  - a prompt by its name= (as an export writes it), else by its words
 *    (case, spacing, punctuation and leading numbering aside), else by
 *    its id where the words are alike, else by the most alike prompt
 *    (at least half of their distinct words in common), in the exercise
 *    of the same title first;
 *  - a reading by its id (the slug of its title), its link, or the most
 *    alike title; its note is what the notes file has under it beyond
 *    the course's own summary and notes, as lines of text (md-readings.c);
 *  - the Thoughts section's reflection, or text under Thoughts beyond
 *    the course's, is the reflection box's answer.
 *
 * Text that is neither (a paragraph between prompts, a section of one's
 * own) and is not the course's is listed as unmatched, like answers to
 * prompts the course does not have.
 */
#include "import/notes.h"

#include "core/buf.h"
#include "import/md.h"
#include "import/words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_SIMILARITY 0.5

/* The course's prompts, flattened, with what matching needs. */
struct course {
	const struct session *s;
	const struct prompt **p;
	const struct exercise **ex;   /* NULL for the reflection */
	char **norm;                  /* words_norm() less numbering */
	struct words *words;
	char *claimed;
	size_t n;
	char **title;                 /* words_norm() of each prompt's
				       * exercise title, or NULL */
	char *read_claimed;           /* by reading */
	struct words *rwords;         /* each reading's title words */
	struct textset text;          /* every block of the course's text,
				       * for telling its paragraphs apart */
	int nomem;
};

/* The words of s in order, less a leading number ("1.", "2)"). */
static char *norm_of(const char *s)
{
	struct buf b = BUF_INIT;
	size_t i = 0;

	words_norm(&b, s);
	while (i < b.len && b.data[i] >= '0' && b.data[i] <= '9')
		i++;
	if (i && (i == b.len || b.data[i] == ' ')) {
		i += i < b.len;
		memmove(b.data, b.data + i, b.len - i + 1);
		b.len -= i;
	}
	if (b.err) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static void course_add_text(struct course *c, const char *s)
{
	if (textset_add_blocks(&c->text, s))
		c->nomem = 1;
}

static void course_texts(struct course *c)
{
	const struct session *s = c->s;
	size_t i, j;

	course_add_text(c, s->intro);
	course_add_text(c, s->objectives_intro);
	course_add_text(c, s->readings_intro);
	course_add_text(c, s->exercises_intro);
	course_add_text(c, s->resources_intro);
	course_add_text(c, s->thoughts);
	for (i = 0; i < s->nr_objectives; i++)
		course_add_text(c, s->objectives[i]);
	for (i = 0; i < s->nr_others; i++) {
		course_add_text(c, s->others[i].title);
		course_add_text(c, s->others[i].text);
	}
	for (i = 0; i < s->nr_resources; i++)
		course_add_text(c, s->resources[i].text);
	for (i = 0; i < s->nr_exercises; i++) {
		course_add_text(c, s->exercises[i].instructions);
		for (j = 0; j < s->exercises[i].nr_prompts; j++)
			course_add_text(c, s->exercises[i].prompts[j].text);
	}
	for (i = 0; i < s->nr_readings; i++) {
		course_add_text(c, s->readings[i].summary);
		course_add_text(c, s->readings[i].notes);
	}
}

static int course_add(struct course *c, const struct prompt *p,
		      const struct exercise *ex)
{
	size_t k = c->n++;

	c->p[k] = p;
	c->ex[k] = ex;
	c->norm[k] = norm_of(p->plain);
	c->title[k] = ex ? norm_of(ex->title ? ex->title : "") : NULL;
	if (!c->norm[k] || (ex && !c->title[k]) ||
	    words_of(p->plain, &c->words[k]))
		return -1;
	return 0;
}

static int course_init(struct course *c, const struct session *s)
{
	size_t i, j, n = 1;

	memset(c, 0, sizeof(*c));
	c->s = s;
	for (i = 0; i < s->nr_exercises; i++)
		n += s->exercises[i].nr_prompts;
	c->p = calloc(n, sizeof(*c->p));
	c->ex = calloc(n, sizeof(*c->ex));
	c->norm = calloc(n, sizeof(*c->norm));
	c->title = calloc(n, sizeof(*c->title));
	c->words = calloc(n, sizeof(*c->words));
	c->claimed = calloc(n, 1);
	c->read_claimed = calloc(s->nr_readings + 1, 1);
	c->rwords = calloc(s->nr_readings + 1, sizeof(*c->rwords));
	if (!c->p || !c->ex || !c->norm || !c->title || !c->words ||
	    !c->claimed || !c->read_claimed || !c->rwords)
		return -1;
	for (i = 0; i < s->nr_readings; i++)
		if (words_of(s->readings[i].title, &c->rwords[i]))
			return -1;
	for (i = 0; i < s->nr_exercises; i++)
		for (j = 0; j < s->exercises[i].nr_prompts; j++)
			if (course_add(c, &s->exercises[i].prompts[j],
				       &s->exercises[i]))
				return -1;
	if (s->reflection && course_add(c, s->reflection, NULL))
		return -1;
	course_texts(c);
	return c->nomem ? -1 : 0;
}

static void course_release(struct course *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->norm[i]);
		free(c->title[i]);
		words_release(&c->words[i]);
	}
	for (i = 0; c->rwords && i < c->s->nr_readings; i++)
		words_release(&c->rwords[i]);
	free(c->p);
	free(c->ex);
	free(c->norm);
	free(c->title);
	free(c->words);
	free(c->claimed);
	free(c->read_claimed);
	free(c->rwords);
	textset_release(&c->text);
}

/* ---- matching a prompt ---- */

/* Is course prompt k in the exercise titled `title` (words_norm(); NULL:
 * outside every exercise, the reflection)? */
static int in_exercise(const struct course *c, size_t k, const char *title)
{
	if (!title || !c->title[k])
		return !title && !c->title[k];
	return !strcmp(title, c->title[k]);
}

/* The best unclaimed course prompt for notes prompt p of the exercise
 * titled `title`, only in an exercise of that title when `same_ex`; -1:
 * none. */
static long match_pass(struct course *c, const struct prompt *p,
		       const char *norm, const struct words *w,
		       const char *title, int same_ex)
{
	double best_score = MIN_SIMILARITY, score;
	long best = -1;
	size_t k;

	for (k = 0; k < c->n; k++) {
		if (c->claimed[k] || (same_ex && !in_exercise(c, k, title)))
			continue;
		if (p->name && c->p[k]->name && !strcmp(p->name, c->p[k]->name))
			return (long)k;
		if (!strcmp(norm, c->norm[k]))
			return (long)k;
		score = jaccard(w, &c->words[k]);
		if (p->id && c->p[k]->id && !strcmp(p->id, c->p[k]->id) &&
		    score >= MIN_SIMILARITY)
			return (long)k;
		if (score > best_score ||
		    (best < 0 && score >= MIN_SIMILARITY)) {
			best_score = score;
			best = (long)k;
		}
	}
	return best;
}

static long match_prompt(struct course *c, const struct prompt *p,
			 const struct exercise *mex)
{
	struct words w;
	char *norm = norm_of(p->plain);
	char *title = mex ? norm_of(mex->title ? mex->title : "") : NULL;
	long k = -1;

	if (!norm || (mex && !title) || words_of(p->plain, &w)) {
		free(norm);
		free(title);
		c->nomem = 1;
		return -1;
	}
	k = match_pass(c, p, norm, &w, title, 1);
	if (k < 0)
		k = match_pass(c, p, norm, &w, title, 0);
	if (k >= 0)
		c->claimed[k] = 1;
	free(norm);
	free(title);
	words_release(&w);
	return k;
}

/* ---- the notes ---- */

static struct notes_item *add_item(struct course *c, struct notes *n,
				   int matched)
{
	struct notes_item **v = matched ? &n->items : &n->unmatched;
	size_t *nr = matched ? &n->nr_items : &n->nr_unmatched;
	struct notes_item *grown = realloc(*v, (*nr + 1) * sizeof(**v));

	if (!grown) {
		c->nomem = 1;
		return NULL;
	}
	*v = grown;
	memset(&grown[*nr], 0, sizeof(**v));
	return &grown[(*nr)++];
}

static char *dup_or_oom(struct course *c, const char *s)
{
	char *d = s ? xstrdup(s) : NULL;

	if (s && !d)
		c->nomem = 1;
	return d;
}

/* An answer in the normal form of the course prompt's kind. */
static char *answer_as(struct course *c, const struct prompt *cp,
		       const struct prompt *p)
{
	struct buf out = BUF_INIT;

	if (p->kind == cp->kind)
		return dup_or_oom(c, p->answer);
	if (answer_normalize(cp->kind, p->answer, strlen(p->answer), &out) ||
	    out.err) {
		c->nomem |= out.err;
		buf_release(&out);
		return dup_or_oom(c, p->answer);
	}
	return buf_detach(&out, NULL);
}

static void add_answer(struct course *c, struct notes *n,
		       const struct prompt *p, const struct exercise *mex)
{
	long k = match_prompt(c, p, mex);
	struct notes_item *it = add_item(c, n, k >= 0);

	if (!it)
		return;
	it->what = NOTES_ANSWER;
	it->line = p->line;
	it->source = dup_or_oom(c, p->plain);
	if (k < 0) {
		it->value = dup_or_oom(c, p->answer);
		return;
	}
	it->id = c->p[k]->id;
	it->label = prompt_label(c->p[k]);
	it->value = answer_as(c, c->p[k], p);
}

/* What `mine` holds beyond `course`'s text: all of it, what follows the
 * course's text, or nothing when they are the same. */
static const char *beyond(const char *mine, const char *course)
{
	size_t n;

	if (!mine || !*mine)
		return NULL;
	if (!course || !*course)
		return mine;
	n = strlen(course);
	if (!strncmp(mine, course, n)) {
		mine += n;
		while (*mine == '\n')
			mine++;
		return *mine ? mine : NULL;
	}
	return mine;
}

/* The reflection box: its answer, or what the Thoughts text holds
 * beyond the course's. */
static void add_thoughts(struct course *c, struct notes *n,
			 const struct session *mine)
{
	const char *extra = beyond(mine->thoughts, c->s->thoughts);
	struct prompt p = { 0 };
	struct buf out = BUF_INIT;

	if (mine->reflection && mine->reflection->answer) {
		add_answer(c, n, mine->reflection, NULL);
		return;
	}
	if (!extra)
		return;
	if (answer_normalize(PROMPT_TEXT, extra, strlen(extra), &out) || out.err) {
		c->nomem |= out.err;
		buf_release(&out);
		return;
	}
	p.kind = PROMPT_TEXT;
	p.plain = (char *)REFLECTION_TEXT;
	p.id = (char *)REFLECTION_ID;
	p.answer = out.data;
	p.line = 0;
	add_answer(c, n, &p, NULL);
	buf_release(&out);
}

/* ---- readings ---- */

/* The course reading notes reading r is about: the same id, link or
 * title words, else the most alike title; -1 when none. */
static long match_reading(struct course *c, const struct reading *r)
{
	const struct session *s = c->s;
	double best_score = MIN_SIMILARITY, score;
	struct words w;
	long best = -1;
	size_t k;

	for (k = 0; k < s->nr_readings; k++) {
		const struct reading *cr = &s->readings[k];

		if (c->read_claimed[k])
			continue;
		if ((r->id && cr->id && !strcmp(r->id, cr->id)) ||
		    (r->url && cr->url && !strcmp(r->url, cr->url)))
			return (long)k;
	}
	if (words_of(r->title, &w)) {
		c->nomem = 1;
		return -1;
	}
	for (k = 0; k < s->nr_readings; k++) {
		if (c->read_claimed[k])
			continue;
		score = jaccard(&w, &c->rwords[k]);
		if (score >= best_score) {
			best_score = score + 1e-9;   /* the first of equals */
			best = (long)k;
		}
	}
	words_release(&w);
	return best;
}

static void add_readings(struct course *c, struct notes *n,
			 const struct session *mine)
{
	size_t i;

	for (i = 0; i < mine->nr_readings && !c->nomem; i++) {
		const struct reading *r = &mine->readings[i];
		long k = match_reading(c, r);
		const struct reading *cr = k >= 0 ? &c->s->readings[k] : NULL;
		struct notes_item *it;

		if (k >= 0)
			c->read_claimed[k] = 1;
		if (!r->notes || !(it = add_item(c, n, k >= 0)))
			continue;
		it->what = NOTES_NOTE;
		it->line = r->line;
		it->source = dup_or_oom(c, r->title);
		it->value = dup_or_oom(c, r->notes);
		if (cr) {
			it->id = cr->id;
			it->label = cr->title;
		}
	}
}

/* ---- text that answers nothing ---- */

/* Each paragraph of Markdown `md` that the course does not have is
 * listed under `where`. */
static void add_text(struct course *c, struct notes *n, const char *where,
		     const char *md, int line)
{
	const char *p = md, *end;

	while (p && *p && !c->nomem) {
		struct notes_item *it;
		char *chunk;

		end = strstr(p, "\n\n");
		if (!end)
			end = p + strlen(p);
		chunk = xstrndup(p, (size_t)(end - p));
		p = *end ? end + 2 : end;
		if (!chunk) {
			c->nomem = 1;
			return;
		}
		if (!*chunk || textset_has(&c->text, chunk, strlen(chunk)) ||
		    !(it = add_item(c, n, 0))) {
			free(chunk);
			continue;
		}
		it->what = NOTES_TEXT;
		it->source = dup_or_oom(c, where);
		it->value = chunk;
		it->line = line;
	}
}

static void add_texts(struct course *c, struct notes *n,
		      const struct session *mine)
{
	size_t i;

	add_text(c, n, "the introduction", mine->intro, 0);
	add_text(c, n, "Focus", mine->objectives_intro, 0);
	for (i = 0; i < mine->nr_objectives; i++)
		add_text(c, n, "Focus", mine->objectives[i], 0);
	add_text(c, n, "Readings", mine->readings_intro, 0);
	add_text(c, n, "Exercises", mine->exercises_intro, 0);
	for (i = 0; i < mine->nr_exercises; i++)
		add_text(c, n, mine->exercises[i].title,
			 mine->exercises[i].instructions,
			 mine->exercises[i].line);
	add_text(c, n, "Resources", mine->resources_intro, 0);
	for (i = 0; i < mine->nr_resources; i++)
		add_text(c, n, "Resources", mine->resources[i].text,
			 mine->resources[i].line);
	for (i = 0; i < mine->nr_others; i++)
		if (!mine->others[i].title ||
		    strcmp(mine->others[i].title, CTESTS_SECTION))
			add_text(c, n, mine->others[i].title,
				 mine->others[i].text, mine->others[i].line);
}

/* ---- the entry points ---- */

static void read_all(struct course *c, struct notes *n,
		     const struct session *mine)
{
	size_t i, j;

	for (i = 0; i < mine->nr_exercises && !c->nomem; i++) {
		const struct exercise *e = &mine->exercises[i];

		for (j = 0; j < e->nr_prompts && !c->nomem; j++)
			if (e->prompts[j].answer)
				add_answer(c, n, &e->prompts[j], e);
	}
	add_thoughts(c, n, mine);
	add_readings(c, n, mine);
	add_texts(c, n, mine);
}

/* Why notes that parsed cannot be taken: another session's, or none of
 * them matching.  0 when they can. */
static int refuse(const struct session *course, const struct session *mine,
		  const struct notes *n, struct import_error *err)
{
	size_t i, found = n->nr_items;

	for (i = 0; i < n->nr_unmatched; i++)
		found += n->unmatched[i].what != NOTES_TEXT;
	if (mine->number && course->number && mine->number != course->number)
		snprintf(err->msg, sizeof(err->msg), "these are notes of "
			 "session %d, not of session %d", mine->number,
			 course->number);
	else if (!found)
		snprintf(err->msg, sizeof(err->msg), "no answers or notes "
			 "found: write each answer as an item under its prompt, "
			 "each note under its reading");
	else if (!n->nr_items)
		snprintf(err->msg, sizeof(err->msg), "none of the %zu answers "
			 "and notes matches a prompt or reading of session %d: "
			 "are these notes of another session?", found,
			 course->number);
	else
		return 0;
	err->line = 0;
	return -1;
}

int notes_read(const struct session *course, const char *src, size_t len,
	       struct notes *out, struct import_error *err)
{
	struct session mine;
	struct course c;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (session_parse_as(course, src, len, &mine, err))
		return -1;
	if (course_init(&c, course)) {
		c.nomem = 1;
	} else {
		out->number = course->number;
		read_all(&c, out, &mine);
	}
	if (c.nomem) {
		err->line = 0;
		snprintf(err->msg, sizeof(err->msg), "out of memory");
	} else {
		ret = refuse(course, &mine, out, err);
	}
	if (ret)
		notes_release(out);
	course_release(&c);
	session_release(&mine);
	return ret;
}

static void items_release(struct notes_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].source);
		free(v[i].value);
	}
	free(v);
}

void notes_release(struct notes *n)
{
	items_release(n->items, n->nr_items);
	items_release(n->unmatched, n->nr_unmatched);
	memset(n, 0, sizeof(*n));
}

size_t notes_compare(struct notes *n, answer_get_fn *answer, void *actx,
		     answer_get_fn *note, void *nctx)
{
	size_t i, changed = 0;

	for (i = 0; i < n->nr_items; i++) {
		struct notes_item *it = &n->items[i];
		const char *v = it->what == NOTES_ANSWER ? answer(actx, it->id)
							 : note(nctx, it->id);

		if (!v || !*v)
			it->state = NOTES_NEW;
		else if (!strcmp(v, it->value))
			it->state = NOTES_SAME;
		else
			it->state = NOTES_CHANGED, changed++;
	}
	return changed;
}
