/*
 * Prompts written as paragraphs (md-para.h), rather than as list items:
 * a bold line, a question, a pick-one lead-in with the list of its
 * options and the participant's marked choice after it, and a question
 * in bold inside the instructions.
 */
#include "import/md-para.h"

#include "core/buf.h"
#include "import/md-prompt.h"
#include "import/md-write.h"
#include "import/words.h"
#include "model/answer.h"

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

int list_holds_prompts(const struct node *list)
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

/*
 * Is a paragraph of an exercise a prompt of its own?  A bold paragraph
 * is, unless prompts follow it in a list (then it names their group); a
 * question is when the exercise has no list of prompts, or when the list
 * right after it holds no prompts (then it holds the answers).
 */
int para_role(const struct node *n, const char *plain,
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
void add_para_prompt(struct builder *B, struct exercise *ex,
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


/* ---- a pick-one list and the participant's mark ---- */

/* The span of type `type` opening at e: its closing event, or NULL. */
static const struct inl *span_end(const struct inl *e, int type)
{
	int depth = 0;

	for (; e; e = e->next) {
		if (e->ev == EV_ENTER && e->type == type)
			depth++;
		else if (e->ev == EV_LEAVE && e->type == type && !--depth)
			return e;
	}
	return NULL;
}

/* Raw HTML `tag` ("<u>", "</u>") in event e? */
static int is_tag(const struct inl *e, const char *tag)
{
	size_t n = strlen(tag);

	return e->ev == EV_TEXT && e->type == MD_TEXT_HTML && e->n == n &&
	       !strncasecmp(e->s, tag, n);
}

/* Quoted text in plain text t: "...", or “...”. */
static char *quoted(struct builder *B, const char *t)
{
	const char *a = strstr(t, "\xe2\x80\x9c"), *z;
	size_t skip = 3;
	char *q;

	z = a ? strstr(a + 3, "\xe2\x80\x9d") : NULL;
	if (!a || !z) {
		a = strchr(t, '"');
		z = a ? strchr(a + 1, '"') : NULL;
		skip = 1;
	}
	if (!a || !z)
		return NULL;
	q = xstrndup(a + skip, (size_t)(z - a - skip));
	if (!q)
		B->p->nomem = 1;
	return q;
}

/*
 * What a participant marked in block n after a pick-one list: a quote
 * ("> A notebook"), or in a paragraph the first bold, underlined
 * (<u>...</u>) or quoted text.  NULL when nothing is marked.
 */
static char *marked_text(struct builder *B, const struct node *n)
{
	const struct inl *e, *end;
	struct buf b = BUF_INIT;
	char *t, *q;

	if (n->type == MD_BLOCK_QUOTE) {
		for (n = n->kids; n; n = n->next)
			if (n->type == MD_BLOCK_P)
				render_inl(&b, n->inl, NULL, 0);
		squeeze(&b);
		return take(B, &b, 1);
	}
	if (n->type != MD_BLOCK_P)
		return NULL;
	for (e = n->inl; e; e = e->next) {
		if (e->ev == EV_ENTER && e->type == MD_SPAN_STRONG)
			return plain_of(B, e->next, span_end(e, MD_SPAN_STRONG));
		if (is_tag(e, "<u>")) {
			for (end = e->next; end && !is_tag(end, "</u>");
			     end = end->next)
				;
			return plain_of(B, e->next, end);
		}
	}
	t = plain_of(B, n->inl, NULL);
	q = t ? quoted(B, t) : NULL;
	free(t);
	return q;
}

/* Is block n the mark alone (a quote, "**B**"), with no other words? */
static int is_whole(struct builder *B, const struct node *n, const char *mark)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	char *t;
	int same;

	if (n->type == MD_BLOCK_QUOTE)
		return 1;
	t = plain_of(B, n->inl, NULL);
	words_norm(&a, t ? t : "");
	words_norm(&b, mark);
	same = !a.err && !b.err && !strcmp(a.data, b.data);
	free(t);
	buf_release(&a);
	buf_release(&b);
	return same;
}

/* The option of pr that `mark` names: the same words, or its first
 * words ("A replication" for "A replication of a paper").  -1: none. */
static int marked_option(const struct prompt *pr, const char *mark)
{
	struct buf m = BUF_INIT, o = BUF_INIT;
	int found = -1;
	size_t i;

	words_norm(&m, mark);
	for (i = 0; m.len && found < 0 && i < pr->nr_options; i++) {
		buf_reset(&o);
		words_norm(&o, pr->options[i]);
		if (o.len >= m.len && !memcmp(o.data, m.data, m.len) &&
		    (o.len == m.len || o.data[m.len] == ' '))
			found = (int)i;
	}
	buf_release(&m);
	buf_release(&o);
	return found;
}

const struct node *add_pick_prompt(struct builder *B, struct exercise *ex,
				   size_t ex_no, const struct node *p,
				   const char *group)
{
	const struct node *list = p->next, *mark = list->next;
	struct buf out = BUF_INIT;
	struct prompt *pr;
	char *text;
	int i, whole;

	add_para_prompt(B, ex, ex_no, p, 1, group);
	if (!ex->nr_prompts || !mark || B->p->failed)
		return list;
	pr = &ex->prompts[ex->nr_prompts - 1];
	if (pr->answer || !pr->nr_options || !(text = marked_text(B, mark)))
		return list;   /* ticked in the list already, or no mark */
	i = marked_option(pr, text);
	whole = i >= 0 && is_whole(B, mark, text);
	free(text);
	if (i < 0)
		return list;   /* not a mark of one of these: instructions */
	if (answer_normalize(pr->kind, pr->options[i], strlen(pr->options[i]),
			     &out) || out.err)
		B->p->nomem |= out.err;
	else
		pr->answer = take(B, &out, 1);
	buf_release(&out);
	/* "My choice: **B**" stays in the instructions, words and all */
	return whole ? mark : list;
}

/* ---- a question in bold inside the instructions ---- */

const struct inl *bold_question(struct builder *B, const struct node *p,
				const struct inl **end)
{
	const struct inl *e;

	for (e = p->inl; e; e = e->next) {
		char *t;
		size_t n, words = 1, i;

		if (e->ev != EV_ENTER || e->type != MD_SPAN_STRONG)
			continue;
		*end = span_end(e, MD_SPAN_STRONG);
		t = plain_of(B, e->next, *end);
		n = t ? strlen(t) : 0;
		for (i = 0; i < n; i++)
			words += t[i] == ' ';
		i = n && t[n - 1] == '?';
		free(t);
		if (i && words >= 3)
			return e;
		if (!*end)
			break;
		e = *end;
	}
	return NULL;
}

/* Does exercise ex already have a prompt reading `plain`? */
static int has_prompt(const struct exercise *ex, const char *plain)
{
	size_t i;

	for (i = 0; i < ex->nr_prompts; i++)
		if (ex->prompts[i].plain && !strcmp(ex->prompts[i].plain, plain))
			return 1;
	return 0;
}

int add_bold_question(struct builder *B, struct exercise *ex, size_t ex_no,
		      const struct node *p, size_t at)
{
	const struct inl *start, *end, *e;
	struct node para, li;
	struct inl *copy;
	size_t n = 0, i;
	char *plain;
	int added = 0;

	if (!(start = bold_question(B, p, &end)))
		return 0;
	plain = plain_of(B, start->next, end);
	if (!plain || has_prompt(ex, plain)) {
		free(plain);   /* written as a list item too (an export) */
		return 0;
	}
	free(plain);
	for (e = start->next; e != end; e = e->next)
		n++;
	copy = calloc(n ? n : 1, sizeof(*copy));
	if (!copy) {
		B->p->nomem = 1;
		return 0;
	}
	/* the span's events alone, as the text of a made-up item */
	for (e = start->next, i = 0; i < n; e = e->next, i++) {
		copy[i] = *e;
		copy[i].next = i + 1 < n ? &copy[i + 1] : NULL;
	}
	memset(&para, 0, sizeof(para));
	memset(&li, 0, sizeof(li));
	para.type = MD_BLOCK_P;
	para.inl = n ? copy : NULL;
	para.line = md_line_of(B->p, start->next ? start->next->s : NULL);
	if (!para.line)
		para.line = p->line;
	li.type = MD_BLOCK_LI;
	li.kids = li.last_kid = &para;
	li.line = para.line;
	i = ex->nr_prompts;
	add_prompt(B, ex, ex_no, &li, NULL);
	if (ex->nr_prompts > i) {
		move_prompt(B, ex, at);
		added = 1;
	}
	free(copy);
	return added;
}
