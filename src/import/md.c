/*
 * The session Markdown importer (docs/session-format.md).
 *
 * session_parse() has md-tree.c check the file and parse it into a tree of
 * blocks, then build_session() walks the top-level blocks: title,
 * subtitle, then sections recognised by heading text (objectives,
 * readings, exercises and their prompts, thoughts), each re-serialised
 * into canonical Markdown or plain text as the model needs.  The numbers
 * and phrases read in prose, and the slugs for ids, are in import-cues.c.
 *
 * All state is on the caller's stack and heap (no global state, so server
 * threads may call session_parse() at once).
 */
#include "model/session.h"

#include "core/buf.h"
#include "import/annot.h"
#include "import/answers.h"
#include "import/cues.h"
#include "import/md-tree.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Far above any real session; it bounds the work a hostile file causes. */
#define MAX_ITEMS 1000  /* readings, exercises, prompts, objectives each */

/* ---- the session model ---- */

struct builder {
	struct parser *p;
	struct session *s;
	struct idset readings, exercises, prompts;
	size_t nr_prompts;
	bool optional_readings;   /* in "Further readings" or the like */
	int *ann_lines;           /* by prompt number: annotation's line */
	size_t alloc_lines;
};

/* Detach a buffer as a model string; empty gives NULL if `null_empty`. */
static char *take(struct builder *B, struct buf *b, int null_empty)
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

static char *dup_str(struct builder *B, const char *s)
{
	char *d = xstrdup(s);

	if (!d)
		B->p->nomem = 1;
	return d;
}

static char *plain_of(struct builder *B, const struct inl *e,
		      const struct inl *stop)
{
	struct buf b = BUF_INIT;

	render_inl(&b, e, stop, 0);
	squeeze(&b);
	return take(B, &b, 0);
}

/* Grow a model array by one zeroed element; NULL on failure. */
static void *grow(struct builder *B, void **arr, size_t *nr, size_t size)
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

static char *make_id(struct builder *B, struct idset *set, const char *prefix,
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

/* ---- prompts ---- */

/* The paragraphs of a list item before its first nested list, joined by
 * spaces (a loose item may split one sentence across paragraphs). */
static void item_text(struct buf *b, const struct node *li, int md)
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

/* Does an annotation's kind give the answers rows? */
static int is_row_kind(enum prompt_kind k)
{
	return k == PROMPT_TABLE || k == PROMPT_ROUNDS || k == PROMPT_SPRINT;
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
static void prompt_nested(struct builder *B, struct prompt *pr,
			  const struct node *li, const struct annot *a,
			  const struct node *skip, struct buf *hint,
			  struct answer_src *ans)
{
	int options = leads_to_options(pr->plain);
	int checklist = a->has_kind && a->kind == PROMPT_CHECKLIST;
	int rows = a->has_kind && is_row_kind(a->kind);
	const struct node *k, *it;

	for (k = li->kids; k && !is_list(k); k = k->next)
		if (k->type != MD_BLOCK_P && k != skip)   /* quote, code */
			md_blocks(hint, k, k->next);
	for (; k; k = k->next) {
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

/* Ends with the word "optional" (after brackets, stars, dots)? */
static int ends_optional(const char *s)
{
	size_t n = strlen(s);

	while (n && strchr(" \t*_.)]", s[n - 1]))
		n--;
	return n >= 8 && !strncasecmp(s + n - 8, "optional", 8) &&
	       (n == 8 || !is_alnum((unsigned char)s[n - 9]));
}

static int optional_marker(const char *s)
{
	return s && (starts_with_ci(s, "optional") ||
		     starts_with_ci(s, "(optional)") ||
		     contains_ci(s, "(optional)") ||
		     contains_ci(s, "[optional]") || ends_optional(s));
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

/* Record the line of the prompt's annotation, by prompt number, for the
 * checks made once the whole session is read. */
static void note_annotation_line(struct builder *B, int line)
{
	size_t i = B->nr_prompts - 1;

	if (i >= B->alloc_lines) {
		size_t want = B->alloc_lines ? 2 * B->alloc_lines : 64;
		int *v;

		while (want <= i)   /* the first annotated prompt may be late */
			want *= 2;
		v = realloc(B->ann_lines, want * sizeof(*v));

		if (!v) {
			B->p->nomem = 1;
			return;
		}
		memset(v + B->alloc_lines, 0,
		       (want - B->alloc_lines) * sizeof(*v));
		B->ann_lines = v;
		B->alloc_lines = want;
	}
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
		if (a->kind == PROMPT_TEXT || a->kind == PROMPT_SPRINT)
			pr->min_items = pr->max_items = 0;
	}
	if (a->has_min)
		pr->min_items = a->min;
	if (a->has_max)
		pr->max_items = a->max;
}

static void add_prompt(struct builder *B, struct exercise *ex, size_t ex_no,
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
static void finish_prompts(struct builder *B)
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

			if (!pr->annotation ||
			    !annot_check_refs(B->s, pr, msg, sizeof(msg)))
				continue;
			parser_fail(B->p, nr < B->alloc_lines &&
				    B->ann_lines[nr] ? B->ann_lines[nr] :
				    pr->line, "annotation: %s", msg);
			return;
		}
	}
}

/* ---- prompts written as paragraphs ---- */

/* Only spaces and tabs (an event's text is not NUL-terminated). */
static int is_blank(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	return !n;
}

/* Does a list item read like a prompt: a question, bold, or an
 * instruction ("List...", "Describe...")?  Task items never do: they are
 * picks among options. */
static int item_is_prompt(const struct node *li)
{
	static const char *const starts[] = {
		"what ", "what's ", "which ", "how ", "why ", "who ", "when ",
		"where ", "list ", "write ", "describe ", "brainstorm ",
		"name ", "pick ", "choose ", "imagine ", "think ", "set a ",
		"spend ", "explain ", "identify ", "give ", "sketch ",
		"summarise ", "summarize ", "rank ", "draft ", "compare ",
		"reflect ", "discuss ", "jot down ", "note down ",
	};
	struct buf b = BUF_INIT;
	const struct inl *e;
	size_t i;
	int r = 0;

	if (li->task)
		return 0;
	if (li->kids && li->kids->type == MD_BLOCK_P) {
		for (e = li->kids->inl; e && e->ev == EV_TEXT && !e->n;
		     e = e->next)
			;
		if (e && e->ev == EV_ENTER && e->type == MD_SPAN_STRONG)
			return 1;
	}
	item_text(&b, li, 0);
	if (b.len && b.data[b.len - 1] == '?')
		r = 1;
	for (i = 0; !r && b.len && i < sizeof(starts) / sizeof(*starts); i++)
		r = starts_with_ci(b.data, starts[i]);
	buf_release(&b);
	return r;
}

static int list_holds_prompts(const struct node *list)
{
	const struct node *li;

	for (li = list->kids; li; li = li->next)
		if (item_is_prompt(li))
			return 1;
	return 0;
}

/* Strip a trailing "(optional)", "(10 mins)" and emphasis marks. */
static size_t end_of_text(const char *t)
{
	size_t n = strlen(t);

	for (;;) {
		while (n && strchr(" \t*_", t[n - 1]))
			n--;
		if (n && t[n - 1] == ')') {
			size_t k = n - 1;

			while (k && t[k] != '(')
				k--;
			if (t[k] != '(' || k == 0)
				return n;
			n = k;
			continue;
		}
		return n;
	}
}

/* A paragraph wholly in bold, bar a "(note)" after it: "**Describe...**". */
static int para_is_bold(const struct node *p, const char *plain,
			int *short_text)
{
	const struct inl *e = p->inl, *end;
	int depth = 0, words = 1;
	const char *c;

	while (e && e->ev == EV_TEXT && e->type == MD_TEXT_NORMAL &&
	       is_blank(e->s, e->n))
		e = e->next;
	if (!e || e->ev != EV_ENTER || e->type != MD_SPAN_STRONG)
		return 0;
	for (end = e; end; end = end->next) {
		if (end->ev == EV_ENTER && end->type == MD_SPAN_STRONG)
			depth++;
		else if (end->ev == EV_LEAVE && end->type == MD_SPAN_STRONG &&
			 !--depth)
			break;
	}
	if (!end)
		return 0;
	{
		struct buf rest = BUF_INIT;
		size_t n;

		render_inl(&rest, end->next, NULL, 0);
		squeeze(&rest);
		n = rest.len;
		buf_release(&rest);
		if (n && end_of_text(plain) > strlen(plain) - n)
			return 0;   /* more than a note follows the bold */
	}
	for (c = plain; *c; c++)
		words += *c == ' ';
	*short_text = words < 3 && !strchr(plain, '?');
	return 1;
}

enum { PARA_TEXT, PARA_PROMPT, PARA_GROUP };

/*
 * Is a paragraph of an exercise a prompt of its own?  A bold paragraph
 * is, unless prompts follow it in a list (then it names their group); a
 * question is when the exercise has no list of prompts, or when the list
 * right after it holds no prompts (then it holds the answers).
 */
static int para_role(const struct node *n, const char *plain,
		     int prompt_lists)
{
	size_t len = end_of_text(plain);
	int next_prompts = is_list(n->next) && list_holds_prompts(n->next);
	int short_text;

	if (len && plain[len - 1] == ':')
		return PARA_TEXT;   /* a lead-in, or an instruction */
	if (para_is_bold(n, plain, &short_text)) {
		if (next_prompts)
			return PARA_GROUP;
		return short_text ? PARA_TEXT : PARA_PROMPT;
	}
	if (!len || plain[len - 1] != '?')
		return PARA_TEXT;
	if (!prompt_lists || (is_list(n->next) && !next_prompts))
		return PARA_PROMPT;
	return PARA_TEXT;
}

/* A prompt from paragraph `p`, with the list after it (if `answers`) as
 * what is nested under it: the item add_prompt() expects, made up. */
static void add_para_prompt(struct builder *B, struct exercise *ex,
			    size_t ex_no, const struct node *p, int answers,
			    const char *group)
{
	struct node para = *p, list, li;

	memset(&li, 0, sizeof(li));
	para.next = NULL;
	if (answers) {
		list = *p->next;
		list.next = NULL;
		para.next = &list;
	}
	li.type = MD_BLOCK_LI;
	li.kids = &para;
	li.last_kid = answers ? &list : &para;
	li.line = p->line;
	add_prompt(B, ex, ex_no, &li, group);
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

static int has_alnum(const char *s)
{
	for (; *s; s++)
		if (is_alnum((unsigned char)*s))
			return 1;
	return 0;
}

static void trim_str(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n && strchr(" \t,;:-", s[n - 1]))
		n--;
	s[n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
}

static int is_dash3(const char *s)
{
	return (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	       ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94);
}

/* Strip separators and en/em dashes from the end, and dashes and spaces
 * from the start, in one pass each. */
static void trim_dashes(char *s)
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
static void trim_lead(char *s)
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

/* A year: four digits (1800-2199) at s, not part of a longer number. */
static int year_of(const char *all, const char *s)
{
	int y = 0, i;

	if (s > all && s[-1] >= '0' && s[-1] <= '9')
		return 0;
	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	if (s[4] >= '0' && s[4] <= '9')
		return 0;
	return y >= 1800 && y <= 2199 ? y : 0;
}

/* A bracketed kind tag: a word or three, no digits, not "optional". */
static int is_kind_tag(const char *s, size_t n)
{
	size_t i, spaces = 0;

	if (!n || n > 24 || !strncasecmp(s, "optional", n))
		return 0;
	for (i = 0; i < n; i++) {
		if ((s[i] >= '0' && s[i] <= '9') || s[i] == '[' || s[i] == '(')
			return 0;
		spaces += s[i] == ' ';
	}
	return spaces < 3;
}

/* Only a date's words before a year: "March", "12 Feb", "Sept." */
static int is_date_words(const char *s, size_t n)
{
	static const char months[] = "jan feb mar apr may jun jul aug sep oct "
				     "nov dec ";
	size_t i = 0, k;

	while (i < n) {
		if (strchr(" ,.", s[i])) {
			i++;
			continue;
		}
		for (k = i; k < n && !strchr(" ,.", s[k]); k++)
			;
		if (s[i] >= '0' && s[i] <= '9') {
			while (i < k && ((s[i] >= '0' && s[i] <= '9') ||
					 strchr("snrdth", s[i] | 32)))
				i++;   /* "12", "1st", "22nd" */
		} else if (k - i >= 3) {
			char m[5] = { (char)(s[i] | 32), (char)(s[i + 1] | 32),
				      (char)(s[i + 2] | 32), ' ', '\0' };

			if (!strstr(months, m) || k - i > 9)
				return 0;
			i = k;
		}
		if (i != k)
			return 0;
	}
	return 1;
}

/* A reading's "(15 mins)": minutes, or 0. */
static int reading_minutes(struct builder *B, const char *s, size_t n)
{
	char *t = xstrndup(s, n), *c;
	int v = 0;

	if (!t) {
		B->p->nomem = 1;
		return 0;
	}
	c = cue_text(t);
	if (c)
		v = cue_reading_time(c);
	else
		B->p->nomem = 1;
	free(c);
	free(t);
	return v;
}

/*
 * Peel tags and a year off the ends of `s` (plain text around a reading's
 * link): "[Video]", "(Paper)", "(2024)", ", 2024", "(March 2023)", a
 * reading time "(15 mins)" and "(optional)".  "(Christiano et al., 2017)"
 * gives the author too, when there is none yet.  Returns 1 if anything
 * was removed.
 */
static int peel_byline(struct reading *r, char *s, int *kind_at,
		       struct builder *B)
{
	size_t n;
	char *open;
	int v;

	trim_dashes(s);
	n = strlen(s);
	if (!n)
		return 0;
	/* leading [Tag] / (Tag) */
	if (s[0] == '[' || s[0] == '(') {
		char *close = strchr(s, s[0] == '[' ? ']' : ')');

		if (close && is_kind_tag(s + 1, (size_t)(close - s - 1)) &&
		    !r->kind) {
			r->kind = xstrndup(s + 1, (size_t)(close - s - 1));
			if (!r->kind)
				B->p->nomem = 1;
			*kind_at = 1;
			memmove(s, close + 1, strlen(close + 1) + 1);
			return 1;
		}
	}
	/* trailing [Tag] / (Tag) / (Year) / (Month Year) */
	if (s[n - 1] == ']' || s[n - 1] == ')') {
		open = strrchr(s, s[n - 1] == ']' ? '[' : '(');
		if (open) {
			size_t in = (size_t)(s + n - 1 - open - 1);

			if (in >= 4 && year_of(s, open + 1 + in - 4) &&
			    !r->year) {
				size_t pre = in - 4;

				r->year = year_of(s, open + 1 + in - 4);
				while (pre && strchr(" ,", open[pre]))
					pre--;
				if (pre && !r->author &&
				    !is_date_words(open + 1, pre)) {
					r->author = xstrndup(open + 1, pre);
					if (!r->author)
						B->p->nomem = 1;
				}
				*open = '\0';
				return 1;
			}
			if (in == 8 && !strncasecmp(open + 1, "optional", 8)) {
				r->optional = true;
				*open = '\0';
				return 1;
			}
			if (!r->minutes &&
			    (v = reading_minutes(B, open + 1, in)) > 0) {
				r->minutes = v;
				*open = '\0';
				return 1;
			}
			if (is_kind_tag(open + 1, in) && !r->kind) {
				r->kind = xstrndup(open + 1, in);
				if (!r->kind)
					B->p->nomem = 1;
				*open = '\0';
				return 1;
			}
		}
	}
	/* trailing ", 2024" or " 2024" */
	if (n >= 5 && year_of(s, s + n - 4) && !r->year &&
	    strchr(" ,", s[n - 5])) {
		r->year = year_of(s, s + n - 4);
		s[n - 4] = '\0';
		return 1;
	}
	return 0;
}

/*
 * A reading's heading: "[**Title**](url) by Author (Year)", with an
 * optional kind tag before or after, and any part but the title missing.
 */
static void parse_reading_head(struct builder *B, struct reading *r,
			       const struct inl *first)
{
	const struct inl *a, *end;
	char *before = NULL, *after = NULL, *p;
	int kind_at = 0;

	for (a = first; a; a = a->next)
		if (a->ev == EV_ENTER && a->type == MD_SPAN_A)
			break;
	if (a) {
		for (end = a->next; end; end = end->next)
			if (end->ev == EV_LEAVE && end->type == MD_SPAN_A)
				break;
		r->title = plain_of(B, a->next, end);
		r->url = xstrndup(a->s, a->n);
		if (!r->url)
			B->p->nomem = 1;
		before = plain_of(B, first, a);
		after = plain_of(B, end ? end->next : NULL, NULL);
	} else {
		r->title = plain_of(B, first, NULL);
	}
	if (!r->title)
		goto out;
	if (before) {
		size_t n;

		while (peel_byline(r, before, &kind_at, B))
			;
		/* "Video: [Title](url)" (the colon is peeled already) */
		n = strlen(before);
		if (n == 8 && !strncasecmp(before, "optional", 8))
			r->optional = true;
		else if (is_kind_tag(before, n) && !r->kind)
			r->kind = dup_str(B, before);
	}
	if (after) {
		while (peel_byline(r, after, &kind_at, B))
			;
		p = after;   /* "by X", "- X", ", X", "— X" */
		trim_lead(p);
		if (!strncasecmp(p, "by ", 3))
			p += 3;
		trim_lead(p);
		trim_dashes(p);
		if (*p) {   /* "by X" wins over "(X, 2017)" */
			free(r->author);
			r->author = dup_str(B, p);
		}
	} else {
		/* No link: only a year or tag at the end can be told apart,
		 * and " by Author" when a year follows it. */
		while (peel_byline(r, r->title, &kind_at, B))
			;
		if (r->year && (p = strstr(r->title, " by ")) != NULL) {
			*p = '\0';
			free(r->author);
			r->author = dup_str(B, p + 4);
			trim_dashes(r->author ? r->author : p);
		}
		trim_dashes(r->title);
	}
out:
	free(before);
	free(after);
}

static struct reading *new_reading(struct builder *B, const struct inl *head,
				   int line)
{
	struct session *s = B->s;
	struct reading *r;
	char *id;

	if (s->nr_readings >= MAX_ITEMS) {
		parser_fail(B->p, line, "too many readings (the limit is %d)",
		     MAX_ITEMS);
		return NULL;
	}
	r = grow(B, (void **)&s->readings, &s->nr_readings, sizeof(*r));
	if (!r)
		return NULL;
	r->line = line;
	r->optional = B->optional_readings;
	parse_reading_head(B, r, head);
	/* ids are compared while this reading still has none */
	id = make_id(B, &B->readings, "", r->title ? r->title : "", 0,
		     "reading");
	r->id = id;
	return r;
}

/* Summary: the first quote; notes: the other blocks. */
static void reading_body(struct builder *B, struct reading *r,
			 const struct node *n, const struct node *stop)
{
	struct buf summary = BUF_INIT, notes = BUF_INIT;
	const struct node *quote = NULL;

	for (; n && n != stop; n = n->next) {
		if (!quote && n->type == MD_BLOCK_QUOTE) {
			quote = n;
			md_blocks(&summary, n->kids, NULL);
		} else {
			md_blocks(&notes, n, n->next);
		}
	}
	r->summary = take(B, &summary, 1);
	r->notes = take(B, &notes, 1);
}

/* A list item with no link is a reading still when its title is bold
 * or a summary quote follows it: "- **Title** by Author (2021)". */
static int list_reading_without_link(const struct node *li)
{
	const struct node *k;
	const struct inl *e = li->kids->inl;

	while (e && e->ev == EV_TEXT && is_blank(e->s, e->n))
		e = e->next;
	if (e && e->ev == EV_ENTER && e->type == MD_SPAN_STRONG)
		return 1;
	for (k = li->kids; k; k = k->next)
		if (k->type == MD_BLOCK_QUOTE)
			return 1;
	return 0;
}

/* Readings written as a list: "- [Title](url) by Author (Year)"; see
 * list_reading_without_link() for those without a link. */
static void add_list_readings(struct builder *B, const struct node *n,
			      const struct node *stop)
{
	const struct node *li, *k;

	for (; n && n != stop; n = n->next) {
		if (!is_list(n))
			continue;
		for (li = n->kids; li; li = li->next) {
			const struct inl *e;
			struct reading *r;

			k = li->kids;
			if (!k || k->type != MD_BLOCK_P)
				continue;
			for (e = k->inl; e; e = e->next)
				if (e->ev == EV_ENTER && e->type == MD_SPAN_A)
					break;
			if (!e && !list_reading_without_link(li))
				continue;
			r = new_reading(B, k->inl, li->line);
			if (r)
				reading_body(B, r, k->next, NULL);
		}
	}
}

/*
 * Drop an exercise heading's own numbering: "1. ", "2) ", "Exercise 1: ",
 * "Activity 2 - ", "Part 3 –".  A title that is nothing else stays.
 */
static void strip_numbering(char *t)
{
	static const char *const words[] = {
		"exercise ", "activity ", "task ", "part ",
	};
	char *p = t;
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (starts_with_ci(p, words[i])) {
			p += strlen(words[i]);
			break;
		}
	if (!(*p >= '0' && *p <= '9'))
		return;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.' || *p == ')' || *p == ':') {
		if (p[1] != ' ')
			return;   /* "1.5 degrees" */
		p++;
	} else {
		/* "Exercise 3 - Title", not "3 ways to ..." */
		while (*p == ' ')
			p++;
		if (*p != '-' && *p != ':' && !is_dash3(p))
			return;
	}
	trim_lead(p);
	if (!has_alnum(p))
		return;
	memmove(t, p, strlen(p) + 1);
}

/* Exercise title: "(optional)" anywhere or a leading "Optional" marks it. */
static void exercise_title(struct builder *B, struct exercise *ex,
			   const struct node *h)
{
	char *t = plain_of(B, h->inl, NULL), *p;

	if (!t)
		return;
	if ((p = find_ci(t, "(optional)")) != NULL ||
	    (p = find_ci(t, "[optional]")) != NULL) {
		memmove(p, p + 10, strlen(p + 10) + 1);
		ex->optional = true;
	}
	if (!strncasecmp(t, "optional", 8) && !is_alnum((unsigned char)t[8])) {
		memmove(t, t + 8, strlen(t + 8) + 1);
		ex->optional = true;
		trim_lead(t);
	}
	trim_dashes(t);
	if (ends_optional(t) && strlen(t) > 8) {   /* "Title *Optional*" */
		t[strlen(t) - 8] = '\0';
		ex->optional = true;
		trim_dashes(t);
	}
	strip_numbering(t);
	ex->title = t;
}

/*
 * One exercise: the blocks [n, stop) after its heading.  Lists give
 * prompts; a paragraph ending in ':' before a list, or a deeper heading,
 * names their group; other blocks are the instructions.
 */
static void add_exercise(struct builder *B, const struct node *h,
			 const char *title, const struct node *n,
			 const struct node *stop)
{
	struct session *s = B->s;
	struct exercise *ex;
	struct buf instr = BUF_INIT, plain = BUF_INIT;
	char *sub = NULL, *lead = NULL, *cue = NULL, *id;
	size_t ex_no;
	int timer = 0, prompt_lists = 0;
	const struct node *k;

	if (s->nr_exercises >= MAX_ITEMS) {
		parser_fail(B->p, h->line, "too many exercises (the limit is %d)",
		     MAX_ITEMS);
		return;
	}
	ex = grow(B, (void **)&s->exercises, &s->nr_exercises, sizeof(*ex));
	if (!ex)
		return;
	ex_no = s->nr_exercises;
	ex->line = h->line;
	if (title)
		ex->title = dup_str(B, title);
	else
		exercise_title(B, ex, h);
	for (k = n; k && k != stop && !prompt_lists; k = k->next)
		prompt_lists = is_list(k) && list_holds_prompts(k);
	for (; n && n != stop; n = n->next) {
		if (n->type == MD_BLOCK_H) {
			free(sub);
			sub = plain_of(B, n->inl, NULL);
			if (sub)
				trim_str(sub);
		} else if (is_list(n)) {
			const struct node *li;

			for (li = n->kids; li; li = li->next)
				add_prompt(B, ex, ex_no, li, lead ? lead : sub);
			free(lead);
			lead = NULL;
		} else if (n->type == MD_BLOCK_P && !is_toc(n)) {
			char *t = plain_of(B, n->inl, NULL);
			size_t len = t ? strlen(t) : 0;
			int role = t ? para_role(n, t, prompt_lists) : PARA_TEXT;

			if ((len && t[len - 1] == ':' && is_list(n->next)) ||
			    role == PARA_GROUP) {
				/* the lead-in counts for the duration */
				buf_addc(&plain, ' ');
				buf_adds(&plain, t);
				free(lead);
				if (len && t[len - 1] == ':')
					t[len - 1] = '\0';
				trim_str(t);
				lead = t;
				continue;
			}
			free(t);
			if (role == PARA_PROMPT) {
				add_para_prompt(B, ex, ex_no, n, is_list(n->next),
						lead ? lead : sub);
				if (is_list(n->next))
					n = n->next;   /* its answers */
				continue;
			}
			md_blocks(&instr, n, n->next);
			buf_addc(&plain, ' ');
			render_inl(&plain, n->inl, NULL, 0);
		} else if (n->type != MD_BLOCK_HR) {
			md_blocks(&instr, n, n->next);
			if (n->type == MD_BLOCK_P) {
				buf_addc(&plain, ' ');
				render_inl(&plain, n->inl, NULL, 0);
			}
		}
	}
	ex = &s->exercises[ex_no - 1];
	ex->instructions = take(B, &instr, 1);
	buf_addc(&plain, ' ');
	buf_adds(&plain, ex->title ? ex->title : "");
	if (!plain.err && (cue = cue_text(plain.data)) != NULL)
		cue_minutes(cue, &timer, &ex->minutes);
	if (!ex->minutes)   /* "Set a 10-minute timer." before the prompts */
		ex->minutes = timer;
	/* the id last, so the uniqueness check does not see this one */
	id = make_id(B, &B->exercises, "", ex->title ? ex->title : "", 0,
		     "exercise");
	s->exercises[ex_no - 1].id = id;
	free(cue);
	free(sub);
	free(lead);
	buf_release(&plain);
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
