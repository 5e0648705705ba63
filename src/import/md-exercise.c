/*
 * An exercise (md-exercise.h): its title (numbering and an optional marker
 * removed), its instructions, and its prompts: list items, and paragraphs
 * that read as prompts (a bold line, a question); lead-ins and deeper
 * headings name the groups of the prompts after them.
 */
#include "import/md-exercise.h"

#include "core/buf.h"
#include "import/md-prompt.h"
#include "import/md-write.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- prompts written as paragraphs ---- */

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

/* What add_exercise() carries from one block of an exercise to the next. */
struct ex_walk {
	struct builder *B;
	size_t ex_no;         /* the exercise's number, 1-based */
	struct buf instr;     /* the instructions, canonical Markdown */
	struct buf plain;     /* the text the duration cue is read in */
	char *sub;            /* the last deeper heading, or NULL */
	char *lead;           /* the lead-in naming the next list, or NULL */
	int prompt_lists;     /* does some list of the exercise hold prompts? */
};

static struct exercise *walk_ex(struct ex_walk *w)
{
	return &w->B->s->exercises[w->ex_no - 1];
}

/* The group of the prompts read now: a lead-in, else a sub-heading. */
static const char *walk_group(const struct ex_walk *w)
{
	return w->lead ? w->lead : w->sub;
}

/* A paragraph kept in the instructions (its text counts for cues). */
static void walk_instructions(struct ex_walk *w, const struct node *n)
{
	md_blocks(&w->instr, n, n->next);
	if (n->type == MD_BLOCK_P) {
		buf_addc(&w->plain, ' ');
		render_inl(&w->plain, n->inl, NULL, 0);
	}
}

/*
 * A paragraph of an exercise: a lead-in naming the group of the list
 * after it, a prompt of its own (with the list after it as its answers),
 * or instructions.  Returns the last block it used.
 */
static const struct node *walk_para(struct ex_walk *w, const struct node *n)
{
	char *t = plain_of(w->B, n->inl, NULL);
	size_t len = t ? strlen(t) : 0;
	int role = t ? para_role(n, t, w->prompt_lists) : PARA_TEXT;

	if ((len && t[len - 1] == ':' && is_list(n->next)) ||
	    role == PARA_GROUP) {
		/* the lead-in counts for the duration */
		buf_addc(&w->plain, ' ');
		buf_adds(&w->plain, t);
		free(w->lead);
		if (len && t[len - 1] == ':')
			t[len - 1] = '\0';
		trim_str(t);
		w->lead = t;
		return n;
	}
	free(t);
	if (role == PARA_PROMPT) {
		add_para_prompt(w->B, walk_ex(w), w->ex_no, n, is_list(n->next),
				walk_group(w));
		return is_list(n->next) ? n->next : n;   /* its answers */
	}
	walk_instructions(w, n);
	return n;
}

/* One block of an exercise; returns the last block it used. */
static const struct node *walk_block(struct ex_walk *w, const struct node *n)
{
	const struct node *li;

	if (n->type == MD_BLOCK_H) {
		free(w->sub);
		w->sub = plain_of(w->B, n->inl, NULL);
		if (w->sub)
			trim_str(w->sub);
	} else if (is_list(n)) {
		for (li = n->kids; li; li = li->next)
			add_prompt(w->B, walk_ex(w), w->ex_no, li, walk_group(w));
		free(w->lead);
		w->lead = NULL;
	} else if (n->type == MD_BLOCK_P && !is_toc(n)) {
		return walk_para(w, n);
	} else if (n->type != MD_BLOCK_HR) {
		walk_instructions(w, n);
	}
	return n;
}

/* The instructions, the duration and, last, the id (so the uniqueness
 * check does not see this exercise's own). */
static void walk_finish(struct ex_walk *w)
{
	struct exercise *ex = walk_ex(w);
	int timer = 0;
	char *cue = NULL;

	ex->instructions = take(w->B, &w->instr, 1);
	buf_addc(&w->plain, ' ');
	buf_adds(&w->plain, ex->title ? ex->title : "");
	if (!w->plain.err && (cue = cue_text(w->plain.data)) != NULL)
		cue_minutes(cue, &timer, &ex->minutes);
	if (!ex->minutes)   /* "Set a 10-minute timer." before the prompts */
		ex->minutes = timer;
	ex->id = make_id(w->B, &w->B->exercises, "",
			 ex->title ? ex->title : "", 0, "exercise");
	free(cue);
}

/*
 * One exercise: the blocks [n, stop) after its heading.  Lists give
 * prompts; a paragraph ending in ':' before a list, or a deeper heading,
 * names their group; other blocks are the instructions.
 */
void add_exercise(struct builder *B, const struct node *h, const char *title,
		  const struct node *n, const struct node *stop)
{
	struct ex_walk w = { .B = B, .instr = BUF_INIT, .plain = BUF_INIT };
	struct session *s = B->s;
	struct exercise *ex;
	const struct node *k;

	if (s->nr_exercises >= MAX_ITEMS) {
		parser_fail(B->p, h->line, "too many exercises (the limit is %d)",
		     MAX_ITEMS);
		return;
	}
	ex = grow(B, (void **)&s->exercises, &s->nr_exercises, sizeof(*ex));
	if (!ex)
		return;
	w.ex_no = s->nr_exercises;
	ex->line = h->line;
	if (title)
		ex->title = dup_str(B, title);
	else
		exercise_title(B, ex, h);
	for (k = n; k && k != stop && !w.prompt_lists; k = k->next)
		w.prompt_lists = is_list(k) && list_holds_prompts(k);
	for (; n && n != stop; n = n->next)
		n = walk_block(&w, n);
	walk_finish(&w);
	free(w.sub);
	free(w.lead);
	buf_release(&w.instr);
	buf_release(&w.plain);
}
