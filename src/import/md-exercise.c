/*
 * An exercise (md-exercise.h): its title (numbering and an optional marker
 * removed), its instructions, and its prompts: list items, and paragraphs
 * that read as prompts (a bold line, a question); lead-ins and deeper
 * headings name the groups of the prompts after them.
 */
#include "import/md-exercise.h"

#include "core/buf.h"
#include "import/md-para.h"
#include "import/md-prompt.h"
#include "import/md-write.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	const struct node **bold; /* instructions holding a bold question */
	size_t nr_bold, alloc_bold;
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

/* A block kept in the instructions (a paragraph's text counts for the
 * duration); a paragraph holding a question in bold is noted, to give
 * that question a prompt of its own at the end. */
static void walk_instructions(struct ex_walk *w, const struct node *n)
{
	const struct inl *end;

	md_blocks(&w->instr, n, n->next);
	if (n->type != MD_BLOCK_P)
		return;
	buf_addc(&w->plain, ' ');
	render_inl(&w->plain, n->inl, NULL, 0);
	if (!bold_question(w->B, n, &end))
		return;
	if (w->nr_bold == w->alloc_bold) {
		size_t want = w->alloc_bold ? 2 * w->alloc_bold : 4;
		const struct node **v = realloc(w->bold, want * sizeof(*v));

		if (!v) {
			w->B->p->nomem = 1;
			return;
		}
		w->bold = v;
		w->alloc_bold = want;
	}
	w->bold[w->nr_bold++] = n;
}

/* Is a lead-in more than a name: over 25 words, two sentences or more,
 * or holding a link, an image or code?  It then stays in the
 * instructions as written. */
static int lead_is_long(const struct node *n, const char *t)
{
	const struct inl *e;
	size_t words = 1, stops = 0;
	const char *c;

	for (c = t; *c; c++) {
		words += *c == ' ';
		stops += strchr(".?!", *c) && c[1] == ' ';
	}
	if (words > 25 || stops)
		return 1;
	for (e = n->inl; e; e = e->next)
		if (e->ev == EV_ENTER && (e->type == MD_SPAN_A ||
					  e->type == MD_SPAN_IMG ||
					  e->type == MD_SPAN_CODE))
			return 1;
	return 0;
}

/* A long lead-in's group name: its last sentence, at most 12 words (ten
 * and an ellipsis when longer), in place. */
static void short_group(char *t)
{
	char *start = t, *c;
	size_t words = 0;

	for (c = t; *c; c++)
		if (strchr(".?!", *c) && c[1] == ' ')
			start = c + 2;
	memmove(t, start, strlen(start) + 1);
	for (c = t; *c; c++)
		words += *c == ' ';
	if (words < 12)
		return;
	for (c = t, words = 0; *c; c++)
		if (*c == ' ' && ++words == 10)
			break;
	if (*c)
		strcpy(c, "\xe2\x80\xa6");   /* 3 bytes where a space was: fits */
}

/* A lead-in: the group of the list after it.  A short one is that
 * group's name alone; a long one stays in the instructions too. */
static void walk_lead(struct ex_walk *w, const struct node *n, char *t)
{
	size_t len;

	if (lead_is_long(n, t)) {
		walk_instructions(w, n);
		short_group(t);
	} else {
		/* the lead-in counts for the duration */
		buf_addc(&w->plain, ' ');
		buf_adds(&w->plain, t);
	}
	len = strlen(t);
	if (len && t[len - 1] == ':')
		t[len - 1] = '\0';
	trim_str(t);
	free(w->lead);
	w->lead = t;
}

/*
 * A paragraph of an exercise: a pick-one lead-in with its options, a
 * lead-in naming the group of the list after it, a prompt of its own
 * (with the list after it as its answers), or instructions.  Returns
 * the last block it used.
 */
static const struct node *walk_para(struct ex_walk *w, const struct node *n)
{
	char *t = plain_of(w->B, n->inl, NULL);
	size_t len = t ? strlen(t) : 0;
	int role = t ? para_role(n, t, w->prompt_lists) : PARA_TEXT;

	if (t && is_list(n->next) && is_pick_one(t)) {
		free(t);
		return add_pick_prompt(w->B, walk_ex(w), w->ex_no, n,
				       walk_group(w));
	}
	if ((len && t[len - 1] == ':' && is_list(n->next)) ||
	    role == PARA_GROUP) {
		walk_lead(w, n, t);
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

/* The questions in bold in the instructions, first among the prompts;
 * the instructions, the duration and, last, the id (so the uniqueness
 * check does not see this exercise's own). */
static void walk_finish(struct ex_walk *w)
{
	struct exercise *ex = walk_ex(w);
	size_t i, placed = 0;
	int timer = 0;
	char *cue = NULL;

	for (i = 0; i < w->nr_bold && !w->B->p->failed; i++)
		placed += add_bold_question(w->B, ex, w->ex_no, w->bold[i],
					    placed);
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
	free(w.bold);
	buf_release(&w.instr);
	buf_release(&w.plain);
}
