/*
 * A prompt from a list item of an exercise (md-prompt.h): its text, its
 * annotation (the `<!-- alignplan: ... -->` comment, read by annot.c),
 * what is nested under it sorted into options, the course's guidance and
 * a participant's answers (answers.c), and the kind and bounds its cues
 * or annotation give.  Ids come last, once every prompt is read.
 */
#include "import/md-prompt.h"

#include "core/buf.h"
#include "import/annot.h"
#include "model/kinds/kind.h"
#include "import/answers.h"
#include "import/md-write.h"
#include "import/words.h"

#include <stdlib.h>
#include <string.h>

/* ---- prompts ---- */

/* Does an annotation's kind give the answers rows? */
static int is_row_kind(enum prompt_kind k)
{
	return kind_get(k)->shape == KIND_ROWS;
}

/* An option as plain text (what a pick stores) and as inline Markdown
 * (what the page shows, links and all), at the same index. */
static void add_option(struct builder *B, struct prompt *pr,
		       const struct node *it, const char *plain)
{
	struct buf md = BUF_INIT;
	size_t n = pr->nr_options;
	char **md_slot, **slot;

	md_slot = grow(B, (void **)&pr->options_md, &n, sizeof(*pr->options_md));
	if (!md_slot)
		return;
	slot = grow(B, (void **)&pr->options, &pr->nr_options,
		    sizeof(*pr->options));
	if (!slot)
		return;
	*slot = dup_str(B, plain);
	item_text(&md, it, 1);
	*md_slot = take(B, &md, 0);
}

static void add_answer(struct builder *B, struct answer_src *ans,
		       const struct node *n)
{
	if (answer_src_add(ans, n))
		B->p->nomem = 1;
}

/*
 * Sort what is nested under a prompt: options (when the prompt leads into
 * them, or is declared a checklist), the course's guidance (hint) and a
 * participant's answers, which are collected in `ans` and read once the
 * kind is final.  `a` is the prompt's annotation (zeroed without one);
 * `skip` the HTML block holding it.  See docs/session-format.md, "Nested
 * items", and docs/plans.md, "Answers in Markdown".
 */
void prompt_nested(struct builder *B, struct prompt *pr,
			  const struct node *li, const struct annot *a,
			  const struct node *skip, struct buf *hint,
			  struct answer_src *ans)
{
	int options = leads_to_options(pr->plain);
	int checklist = a->has_kind && (kind_get(a->kind)->flags & KIND_PICKS);
	int rows = a->has_kind && is_row_kind(a->kind);
	const struct node *k, *it;

	for (k = li->kids; k && !is_list(k); k = k->next)
		if (k->type != MD_BLOCK_P && k != skip)   /* quote, code */
			md_blocks_text(hint, k, k->next);
	for (; k; k = k->next) {
		if (k->type == MD_BLOCK_HR)
			continue;   /* layout, never guidance or an answer */
		if (!is_list(k)) {
			struct buf t = BUF_INIT;
			int guidance = k->type != MD_BLOCK_P;

			if (k->type == MD_BLOCK_P) {
				render_inl(&t, k->inl, NULL, 0);
				guidance = is_guidance(t.data);
				buf_reset(&t);
			}
			md_blocks(&t, k, k->next);
			if (t.len && guidance) {
				if (hint->len)
					buf_adds(hint, "\n\n");
				buf_add(hint, t.data, t.len);
			} else if (t.len) {
				add_answer(B, ans, k);   /* text prompts only */
			}
			buf_release(&t);
			continue;
		}
		for (it = k->kids; it; it = it->next) {
			struct buf plain = BUF_INIT;

			item_text(&plain, it, 0);
			if (plain.err)
				B->p->nomem = 1;
			if (it->task == 'x') {
				/* a pick, or an answer that reads like
				 * guidance: always the participant's */
				if (options && !rows)
					add_option(B, pr, it, plain.data);
				add_answer(B, ans, it);
			} else if (options) {
				add_option(B, pr, it, plain.data);
			} else if (is_guidance(plain.data)) {
				if (hint->len)
					buf_addc(hint, '\n');
				md_item(hint, it, "- ");
			} else if (checklist) {
				add_option(B, pr, it, plain.data);
			} else {
				add_answer(B, ans, it);
			}
			buf_release(&plain);
		}
	}
}

static void prompt_cues(struct builder *B, struct prompt *pr)
{
	char *t = cue_text(pr->plain);
	int min = 0, max = 0, v;

	if (!t) {
		B->p->nomem = 1;
		return;
	}
	cue_minutes(t, &pr->timer_minutes, &pr->minutes);
	if (pr->nr_options && is_pick_one(pr->plain)) {
		/* one choice: a checklist of exactly one pick */
		pr->kind = PROMPT_CHECKLIST;
		pr->min_items = pr->max_items = 1;
		free(t);
		return;
	}
	if (cue_range(t, &min, &max)) {
		pr->min_items = min;
		pr->max_items = max;
	} else if ((v = cue_at_least(t))) {
		pr->min_items = v;
	} else if ((v = cue_count(t))) {
		pr->min_items = pr->max_items = v;
	} else if ((v = cue_repeat(t))) {
		pr->min_items = v;
	}
	if (pr->min_items || pr->max_items)
		pr->kind = PROMPT_LIST;
	else if (pr->nr_options)
		pr->kind = PROMPT_CHECKLIST;
	else
		pr->kind = PROMPT_TEXT;
	free(t);
}

/* ---- annotations ---- */

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trim white space at both ends of b, keeping what is inside. */
static void trim_ends(struct buf *b)
{
	size_t i = 0;

	buf_rtrim(b);
	while (i < b->len && is_ws(b->data[i]))
		i++;
	if (i && b->alloc) {
		memmove(b->data, b->data + i, b->len - i + 1);
		b->len -= i;
	}
}

/*
 * Is s[0..n), raw HTML starting "<!--", an annotation?  Returns 1 with
 * *out the text after "alignplan:" (malloc'd, trimmed, each line break
 * and the indentation after it made one space), 0 when it is another
 * comment, -1 when it has no "-->".
 */
static int annotation_of(struct builder *B, const char *s, size_t n,
			 char **out)
{
	struct buf b = BUF_INIT;
	size_t i = 4, end;

	*out = NULL;
	if (n < 4 || memcmp(s, "<!--", 4))
		return 0;
	while (i < n && is_ws(s[i]))
		i++;
	if (n - i < 10 || memcmp(s + i, "alignplan:", 10))
		return 0;
	i += 10;
	for (end = i; end + 3 <= n && memcmp(s + end, "-->", 3); end++)
		;
	if (end + 3 > n)
		return -1;
	for (; i < end; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			while (i + 1 < end && is_ws(s[i + 1]))
				i++;
			buf_addc(&b, ' ');
		} else {
			buf_addc(&b, s[i]);
		}
	}
	trim_ends(&b);
	*out = take(B, &b, 0);
	return 1;
}

/* Normal text holding "<!-- alignplan:": a comment md4c did not take as
 * HTML ("--" inside, or no "-->"). */
static int stray_annotation(const struct node *para)
{
	struct buf b = BUF_INIT;
	const struct inl *e;
	const char *c;
	int r = 0;

	for (e = para->inl; e; e = e->next)
		if (e->ev == EV_TEXT && e->type == MD_TEXT_NORMAL)
			buf_add(&b, e->s, e->n);
	for (c = b.data; !r && (c = strstr(c, "<!--")) != NULL;) {
		c += 4;
		while (is_ws(*c))
			c++;
		r = !strncmp(c, "alignplan:", 10);
	}
	buf_release(&b);
	return r;
}

/*
 * Find a prompt's annotation: an HTML comment in its first paragraph, or
 * an HTML block after it (a comment on a line of its own).  Returns its
 * text (malloc'd) or NULL; *line is the comment's line and *block the
 * HTML block holding it.  A malformed comment fails the parse.
 */
static char *find_annotation(struct builder *B, const struct node *li,
			     int *line, const struct node **block)
{
	const struct node *k = li->kids;
	const struct inl *e, *start;
	struct buf raw = BUF_INIT;
	char *out = NULL;
	int r = 0;

	*block = NULL;
	*line = li->line;
	if (k && k->type == MD_BLOCK_P) {
		for (e = k->inl; e && !r; e = e ? e->next : NULL) {
			if (e->ev != EV_TEXT || e->type != MD_TEXT_HTML ||
			    e->n < 4 || memcmp(e->s, "<!--", 4))
				continue;
			buf_reset(&raw);
			for (start = e; e && e->ev == EV_TEXT &&
			     e->type == MD_TEXT_HTML; e = e->next) {
				buf_add(&raw, e->s, e->n);
				if (raw.len >= 3 &&
				    !memcmp(raw.data + raw.len - 3, "-->", 3))
					break;
			}
			r = annotation_of(B, raw.data, raw.len, &out);
			if (r)
				*line = md_line_of(B->p, start->s);
		}
		if (!r && stray_annotation(k)) {
			parser_fail(B->p, k->line, "annotation: not read as an "
			     "HTML comment (is '-->' missing, or is there "
			     "'--' inside?)");
			goto out;
		}
	}
	for (k = li->kids; k && !r && !is_list(k); k = k->next) {
		if (k->type != MD_BLOCK_HTML)
			continue;
		buf_reset(&raw);
		for (e = k->inl; e; e = e->next)
			if (e->ev == EV_TEXT)
				buf_add(&raw, e->s, e->n);
		trim_ends(&raw);
		r = annotation_of(B, raw.data, raw.len, &out);
		if (r) {
			*line = k->line;
			*block = k;
		}
	}
	if (r < 0)
		parser_fail(B->p, *line, "annotation: the comment has no "
		     "closing '-->'");
out:
	if (raw.err)
		B->p->nomem = 1;
	buf_release(&raw);
	return r > 0 ? out : NULL;
}

/* Make room in B->ann_lines for prompt number i (0-based); -1 when out
 * of memory. */
static int ann_room(struct builder *B, size_t i)
{
	size_t want = B->alloc_lines ? B->alloc_lines : 64;
	int *v;

	if (i < B->alloc_lines)
		return 0;
	while (want <= i)
		want *= 2;
	v = realloc(B->ann_lines, want * sizeof(*v));
	if (!v) {
		B->p->nomem = 1;
		return -1;
	}
	memset(v + B->alloc_lines, 0, (want - B->alloc_lines) * sizeof(*v));
	B->ann_lines = v;
	B->alloc_lines = want;
	return 0;
}

/* Record the line of the prompt's annotation, by prompt number, for the
 * checks made once the whole session is read. */
static void note_annotation_line(struct builder *B, int line)
{
	size_t i = B->nr_prompts - 1;

	if (!ann_room(B, i))
		B->ann_lines[i] = line;
}

/* Read pr's annotation; names must be unique in the session. */
static void prompt_annotation(struct builder *B, struct prompt *pr,
			      char *text, int line, struct annot *a)
{
	char msg[160];
	size_t i, j;
	int r;

	pr->annotation = text;
	r = annot_parse(text, pr, a, msg, sizeof(msg));
	if (r == -2) {
		B->p->nomem = 1;
		return;
	}
	if (r) {
		parser_fail(B->p, line, "annotation: %s", msg);
		return;
	}
	note_annotation_line(B, line);
	for (i = 0; pr->name && i < B->s->nr_exercises; i++) {
		const struct exercise *e = &B->s->exercises[i];

		for (j = 0; j < e->nr_prompts; j++) {
			const struct prompt *o = &e->prompts[j];

			if (o != pr && o->name && !strcmp(o->name, pr->name)) {
				parser_fail(B->p, line, "annotation: name=%s "
				     "is already used on line %d", pr->name,
				     o->line);
				return;
			}
		}
	}
}

/* What the annotation gives overrides the cues. */
static void apply_annotation(struct prompt *pr, const struct annot *a)
{
	if (a->has_kind) {
		pr->kind = a->kind;
		if (!(kind_get(a->kind)->flags & KIND_COUNTED))
			pr->min_items = pr->max_items = 0;
	}
	if (a->has_min)
		pr->min_items = a->min;
	if (a->has_max)
		pr->max_items = a->max;
}

/* ---- a participant's notes: the course's annotations ---- */

void course_words_release(struct builder *B)
{
	size_t i, n = 0;

	for (i = 0; B->course_words && i < B->course->nr_exercises; i++)
		n += B->course->exercises[i].nr_prompts;
	for (i = 0; B->course_words && i < n; i++)
		free(B->course_words[i]);
	free(B->course_words);
	B->course_words = NULL;
}

/* The words of every prompt of the course, once per parse. */
static int course_words(struct builder *B)
{
	size_t i, j, k = 0, n = 0;

	if (B->course_words)
		return 0;
	for (i = 0; i < B->course->nr_exercises; i++)
		n += B->course->exercises[i].nr_prompts;
	B->course_words = calloc(n ? n : 1, sizeof(*B->course_words));
	if (!B->course_words)
		goto nomem;
	for (i = 0; i < B->course->nr_exercises; i++)
		for (j = 0; j < B->course->exercises[i].nr_prompts; j++) {
			struct buf b = BUF_INIT;

			words_norm(&b, B->course->exercises[i].prompts[j].plain);
			if (!(B->course_words[k++] = take(B, &b, 0)))
				goto nomem;
		}
	return 0;
nomem:
	B->p->nomem = 1;
	return -1;
}

/*
 * A prompt of a participant's notes that declares nothing, reading as a
 * prompt of the course that does: the course's annotation (a copy), so
 * its answers are read as that prompt's kind and columns.  NULL when no
 * course prompt reads the same, or when its name is taken already.
 */
static char *borrowed_annotation(struct builder *B, const char *plain)
{
	const struct prompt *cp;
	struct buf b = BUF_INIT;
	size_t i, j, k = 0;
	char *found = NULL;

	if (course_words(B))
		return NULL;
	words_norm(&b, plain);
	for (i = 0; !found && !b.err && i < B->course->nr_exercises; i++)
		for (j = 0; !found && j < B->course->exercises[i].nr_prompts;
		     j++, k++) {
			cp = &B->course->exercises[i].prompts[j];
			if (cp->annotation && !strcmp(B->course_words[k], b.data) &&
			    !(cp->name && session_named_prompt(B->s, cp->name)))
				found = dup_str(B, cp->annotation);
		}
	buf_release(&b);
	return found;
}

void add_prompt(struct builder *B, struct exercise *ex, size_t ex_no,
		       const struct node *li, const char *group)
{
	struct buf text = BUF_INIT, hint = BUF_INIT, id = BUF_INIT;
	struct answer_src ans = { 0 };
	struct annot a = { 0 };
	const struct node *skip = NULL;
	struct prompt *pr;
	char *annotation;
	int line;

	if (B->p->failed)
		goto out;
	if (++B->nr_prompts > MAX_ITEMS) {
		parser_fail(B->p, li->line, "too many prompts (the limit is %d)",
		     MAX_ITEMS);
		goto out;
	}
	pr = grow(B, (void **)&ex->prompts, &ex->nr_prompts, sizeof(*pr));
	if (!pr)
		goto out;
	pr->line = li->line;
	item_text(&text, li, 0);
	pr->plain = take(B, &text, 0);
	item_text(&text, li, 1);
	pr->text = take(B, &text, 0);
	if (!pr->plain || !pr->text)
		goto out;
	annotation = find_annotation(B, li, &line, &skip);
	if (!annotation && B->course && !B->p->failed)
		annotation = borrowed_annotation(B, pr->plain);
	if (annotation)
		prompt_annotation(B, pr, annotation, line, &a);
	if (B->p->failed)
		goto out;
	pr->group = group ? dup_str(B, group) : NULL;
	pr->optional = optional_marker(group) || optional_marker(pr->plain);
	prompt_nested(B, pr, li, &a, skip, &hint, &ans);
	pr->hint = take(B, &hint, 1);
	prompt_cues(B, pr);
	apply_annotation(pr, &a);
	if (answers_build(pr, &ans))
		B->p->nomem = 1;
	if (pr->name) {
		/* A declared name is the id; other prompts get theirs in
		 * assign_ids(), so a slug never takes a name's id. */
		buf_addf(&id, "e%zu-%s", ex_no, pr->name);
		pr->id = take(B, &id, 0);
		if (pr->id && idset_add(&B->prompts, pr->id))
			B->p->nomem = 1;
	}
out:
	answer_src_release(&ans);
	buf_release(&text);
	buf_release(&hint);
	buf_release(&id);
}

/*
 * Once every prompt is read: slug ids for the prompts without a name (in
 * document order, "-2" for a repeat), then what annotations name across
 * the session.
 */
void finish_prompts(struct builder *B)
{
	struct buf prefix = BUF_INIT;
	size_t i, j, nr = 0;
	char msg[160];

	for (i = 0; i < B->s->nr_exercises && !B->p->failed; i++) {
		struct exercise *e = &B->s->exercises[i];

		buf_reset(&prefix);
		buf_addf(&prefix, "e%zu-", i + 1);
		for (j = 0; j < e->nr_prompts; j++)
			if (!e->prompts[j].id)
				e->prompts[j].id = make_id(B, &B->prompts,
							   prefix.data,
							   e->prompts[j].plain
							   ? e->prompts[j].plain
							   : "", 6, "prompt");
	}
	buf_release(&prefix);
	for (i = 0; i < B->s->nr_exercises && !B->p->failed; i++) {
		struct exercise *e = &B->s->exercises[i];

		for (j = 0; j < e->nr_prompts; j++, nr++) {
			const struct prompt *pr = &e->prompts[j];

			if (!pr->annotation || B->course ||
			    !annot_check_refs(B->s, pr, msg, sizeof(msg)))
				continue;
			parser_fail(B->p, nr < B->alloc_lines &&
				    B->ann_lines[nr] ? B->ann_lines[nr] :
				    pr->line, "annotation: %s", msg);
			return;
		}
	}
}

void move_prompt(struct builder *B, struct exercise *ex, size_t to)
{
	size_t last = ex->nr_prompts - 1, first = B->nr_prompts - ex->nr_prompts;
	struct prompt pr;
	int line;

	if (!ex->nr_prompts || to >= last || ann_room(B, first + last))
		return;
	pr = ex->prompts[last];
	memmove(&ex->prompts[to + 1], &ex->prompts[to],
		(last - to) * sizeof(pr));
	ex->prompts[to] = pr;
	/* the annotation lines go with them (numbered across the session) */
	line = B->ann_lines[first + last];
	memmove(&B->ann_lines[first + to + 1], &B->ann_lines[first + to],
		(last - to) * sizeof(*B->ann_lines));
	B->ann_lines[first + to] = line;
}
