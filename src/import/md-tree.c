/*
 * The Markdown tree of a session file (md-tree.h), in two stages:
 *
 *  1. check_input(): size cap, UTF-8, NUL bytes and a cheap pre-scan of
 *     list and quote nesting, so hostile input never reaches md4c deep;
 *  2. md4c's callbacks build a small tree of blocks whose inline content is
 *     a flat list of events (text, span enter, span leave) pointing into
 *     the source buffer.
 *
 * md-write.c turns the tree back into canonical Markdown or plain text.
 *
 * Everything lives in the parser's arena and the caller's stack: no global
 * state, so server threads may parse at once.
 */
#include "import/md-tree.h"

#include "core/buf.h"
#include "import/md-write.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ABORT_PARSE 7   /* callback return that stops md_parse */
/* Far above any real session; it bounds the work a hostile file causes. */
#define MAX_BLOCKS 100000  /* paragraphs, list items...: bounds tree memory */

/* ---- arena: every tree node and event lives here, freed at once ---- */

struct chunk {
	struct chunk *next;
	size_t size, used;
	max_align_t data[];
};

static void *arena_alloc(struct arena *a, size_t n)
{
	const size_t al = _Alignof(max_align_t);
	struct chunk *c = a->head;
	void *p;

	n = (n + al - 1) / al * al;
	if (!c || c->size - c->used < n) {
		size_t sz = n > 65536 ? n : 65536;

		c = malloc(sizeof(*c) + sz);
		if (!c)
			return NULL;
		c->size = sz;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

static void arena_release(struct arena *a)
{
	while (a->head) {
		struct chunk *next = a->head->next;

		free(a->head);
		a->head = next;
	}
}

/* Record the first error only: later ones are consequences. */
void parser_fail(struct parser *p, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	p->err->line = line;
	if (line > 0)
		buf_addf(&b, "line %d: ", line);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	snprintf(p->err->msg, sizeof(p->err->msg), "%s",
		 b.err ? "out of memory" : b.data);
	buf_release(&b);
}

int md_line_of(const struct parser *p, const char *ptr)
{
	size_t off, lo = 0, hi = p->nr_lines;

	if (!p->lines || ptr < p->src || ptr >= p->src + p->len)
		return 0;
	off = (size_t)(ptr - p->src);
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (p->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo + 1;
}

/* ---- stage 1: input checks ---- */

/* Length of a valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
			return 0;   /* overlong, or a surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 ||
		    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/*
 * Count the containers a line opens: '>' quote markers and list markers
 * ("- ", "* ", "+ ", "12. ", "3) ") before its text.  Columns of list
 * content are pushed on `cols`, which remembers list items across lines so
 * that nesting by indentation is counted too.  Approximate by design: it
 * only has to be never much lower than md4c's real nesting.
 */
static int scan_line(const char *s, size_t n, int *cols, int *nr_cols,
		     int *in_fence)
{
	size_t i = 0, k, marks = 0;
	int col = 0, quotes = 0, content = 0;

	/* A thematic break such as "- - - -" is not a nested list. */
	for (k = 0; k < n; k++) {
		if (strchr("-*_", s[k]))
			marks++;
		else if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r')
			break;
	}
	if (k == n && marks >= 3)
		return 0;
	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t')) {
			col += s[i] == '\t' ? 4 - col % 4 : 1;
			i++;
		}
		if (i >= n || s[i] == '\r')
			return content ? quotes + *nr_cols : 0;
		if (s[i] == '>') {
			if (++quotes > IMPORT_MAX_DEPTH)
				return quotes;
			i++;
			col++;
			continue;
		}
		if (!content) {
			/* The first text after the quote markers: fences
			 * and the indentation that closes list items. */
			content = 1;
			if (n - i >= 3 && (!strncmp(s + i, "```", 3) ||
					   !strncmp(s + i, "~~~", 3))) {
				*in_fence = !*in_fence;
				return 0;
			}
			if (*in_fence)
				return 0;
			while (*nr_cols && cols[*nr_cols - 1] > col)
				(*nr_cols)--;
		}
		if (strchr("-*+", s[i]) &&
		    (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t')) {
			i++;
			col++;
		} else if (s[i] >= '0' && s[i] <= '9') {
			size_t j = i;

			while (j < n && j - i < 9 && s[j] >= '0' && s[j] <= '9')
				j++;
			if (j >= n || (s[j] != '.' && s[j] != ')') ||
			    (j + 1 < n && s[j + 1] != ' ' && s[j + 1] != '\t'))
				return quotes + *nr_cols;
			col += (int)(j + 1 - i);
			i = j + 1;
		} else {
			return quotes + *nr_cols;
		}
		if (*nr_cols > IMPORT_MAX_DEPTH)
			return quotes + *nr_cols;
		cols[(*nr_cols)++] = col + 1;
	}
}

/*
 * Refuse what the importer must not spend time on, before md4c sees it,
 * and index the line starts for line_of().  Returns 0 or -1 (err set).
 */
static int check_input(struct parser *p)
{
	const unsigned char *s = (const unsigned char *)p->src;
	size_t i = 0, start = 0, alloc = 256;
	int line = 1, cols[IMPORT_MAX_DEPTH + 2], nr_cols = 0, fence = 0;

	if (p->len > IMPORT_MAX_BYTES) {
		parser_fail(p, 0, "file is %zu bytes; the limit is %zu", p->len,
		     IMPORT_MAX_BYTES);
		return -1;
	}
	p->lines = malloc(alloc * sizeof(*p->lines));
	if (!p->lines)
		goto nomem;
	p->lines[p->nr_lines++] = 0;
	while (i <= p->len) {
		size_t k;

		if (i == p->len || s[i] == '\n') {
			int depth = scan_line(p->src + start, i - start, cols,
					      &nr_cols, &fence);

			if (depth > IMPORT_MAX_DEPTH) {
				parser_fail(p, line,
				     "lists or quotes nested deeper than %d levels",
				     IMPORT_MAX_DEPTH);
				return -1;
			}
			if (i == p->len)
				break;
			i++;
			line++;
			start = i;
			if (p->nr_lines == alloc) {
				uint32_t *n = realloc(p->lines, 2 * alloc *
						      sizeof(*n));

				if (!n)
					goto nomem;
				p->lines = n;
				alloc *= 2;
			}
			p->lines[p->nr_lines++] = (uint32_t)i;
			continue;
		}
		if (!s[i]) {
			parser_fail(p, line, "binary data (NUL byte)");
			return -1;
		}
		k = utf8_len(s + i, p->len - i);
		if (!k) {
			parser_fail(p, line, "not valid UTF-8 (byte 0x%02x)", s[i]);
			return -1;
		}
		i += k;
	}
	return 0;
nomem:
	parser_fail(p, 0, "out of memory");
	return -1;
}

/* ---- stage 1b: links as Typora writes them ---- */

/* Does an address start like one a person would write with spaces in
 * it: a web or mail address, a path or a fragment? */
static int url_start(const char *s, size_t n)
{
	static const char *const starts[] = {
		"http://", "https://", "mailto:", "www.", "/", "./", "../", "#",
	};
	size_t i, k;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		k = strlen(starts[i]);
		if (n >= k && !strncasecmp(s, starts[i], k))
			return 1;
	}
	return 0;
}

/*
 * The address of a link opening at s[d] ("](" just before), when it
 * holds a space that CommonMark would not take but Typora does:
 * "https://x.org/a b" or "page#:~:text=a few words".  Returns 1 with
 * [*a, *z) the address; *close caches the next ')' (or the line's end)
 * so that a line full of "](" is scanned once.
 */
static int spaced_url(const char *s, size_t d, size_t eol, size_t *close,
		      size_t *a, size_t *z)
{
	size_t i, sp = 0;

	if (*close < d)
		for (*close = d; *close < eol && s[*close] != ')'; (*close)++)
			;
	if (*close >= eol)
		return 0;
	*a = d;
	*z = *close;
	while (*a < *z && s[*a] == ' ')
		(*a)++;
	while (*z > *a && s[*z - 1] == ' ')
		(*z)--;
	for (i = *a; i < *z; i++) {
		if (strchr("<>(\"'`\\", s[i]))
			return 0;   /* a title, brackets: not ours to guess */
		sp += s[i] == ' ' || s[i] == '\t';
	}
	return sp && url_start(s + *a, *z - *a);
}

/* One line of [start, eol): its spaced link addresses in angle brackets.
 * A "](" after an odd number of backticks is inside code and left. */
static void fix_line(struct buf *out, const char *s, size_t start, size_t eol)
{
	size_t i, run = start, close = 0, a, z;
	int ticks = 0;

	for (i = start; i + 1 < eol; i++) {
		ticks += s[i] == '`';
		if (s[i] != ']' || s[i + 1] != '(' || (ticks & 1) ||
		    !spaced_url(s, i + 2, eol, &close, &a, &z))
			continue;
		buf_add(out, s + run, a - run);
		buf_addc(out, '<');
		buf_add(out, s + a, z - a);
		buf_addc(out, '>');
		run = z;
		i = z - 1;
	}
	buf_add(out, s + run, eol - run);
}

/*
 * Typora, like many editors, reads [text](https://x.org/a b) and the
 * text fragments a browser writes (#:~:text=a few words) as links;
 * CommonMark does not, and md4c would show the brackets as text.  Such
 * addresses are put in angle brackets, which CommonMark reads, in a copy
 * of the source with the same lines (so line numbers hold); fenced code
 * is left as it is.  Returns 0, or -1 when out of memory.
 */
static int typora_links(struct parser *p)
{
	struct buf out = BUF_INIT;
	size_t i = 0, eol, k;
	int fence = 0;

	for (i = 0; i + 1 < p->len; i++)
		if (p->src[i] == ']' && p->src[i + 1] == '(')
			break;
	if (i + 1 >= p->len)
		return 0;   /* no link at all: read the source itself */
	i = 0;
	buf_init(&out, 2 * p->len + 64);
	while (i < p->len) {
		for (eol = i; eol < p->len && p->src[eol] != '\n'; eol++)
			;
		for (k = i; k < eol && (p->src[k] == ' ' || p->src[k] == '>'); k++)
			;
		if (eol - k >= 3 && (!strncmp(p->src + k, "```", 3) ||
				     !strncmp(p->src + k, "~~~", 3)))
			fence = !fence;
		if (fence)
			buf_add(&out, p->src + i, eol - i);
		else
			fix_line(&out, p->src, i, eol);
		if (eol < p->len)
			buf_addc(&out, '\n');
		i = eol + 1;
	}
	if (out.err || out.len == p->len) {
		buf_release(&out);
		return out.err ? -1 : 0;
	}
	p->copy = buf_detach(&out, &p->len);
	if (!p->copy)
		return -1;
	p->src = p->copy;
	/* the same lines, at new offsets */
	for (i = 0, k = 1; i < p->len && k < p->nr_lines; i++)
		if (p->src[i] == '\n')
			p->lines[k++] = (uint32_t)(i + 1);
	return 0;
}

/*
 * md4c (0.4.8) reads the byte after the text in some cases, such as a
 * link left open at the very end ("[a](https://x"), and when that byte
 * happens to be ')' it reports text of a wild length.  So it always reads
 * a copy of ours, followed by a NUL.  Returns 0, or -1 out of memory.
 */
static int own_copy(struct parser *p)
{
	if (p->copy)
		return 0;   /* typora_links() made one */
	p->copy = xstrndup(p->src, p->len);
	if (!p->copy)
		return -1;
	p->src = p->copy;
	return 0;
}

/* ---- stage 2: md4c callbacks build the tree ---- */

static struct node *top(struct parser *p)
{
	return p->sp >= 0 ? p->stack[p->sp] : NULL;
}

static int push_node(struct parser *p, MD_BLOCKTYPE type)
{
	struct node *n, *parent = top(p);

	if (p->sp + 1 >= MAX_STACK) {
		parser_fail(p, p->last_line, "lists or quotes nested deeper than %d levels",
		     IMPORT_MAX_DEPTH);
		return ABORT_PARSE;
	}
	if (++p->nr_nodes > MAX_BLOCKS) {
		parser_fail(p, p->last_line, "too many paragraphs and list items "
		     "(the limit is %d)", MAX_BLOCKS);
		return ABORT_PARSE;
	}
	n = arena_alloc(&p->arena, sizeof(*n));
	if (!n) {
		p->nomem = 1;
		parser_fail(p, 0, "out of memory");
		return ABORT_PARSE;
	}
	n->type = type;
	if (parent) {
		if (parent->last_kid)
			parent->last_kid->next = n;
		else
			parent->kids = n;
		parent->last_kid = n;
	}
	p->stack[++p->sp] = n;
	return 0;
}

/* Close the paragraph made up for a tight list item's text, if open. */
static void close_implicit(struct parser *p)
{
	struct node *n = top(p);

	if (n && n->implicit)
		p->sp--;
}

/* Decode an md4c attribute (href, src) into the arena, entities and all. */
static const char *attr_dup(struct parser *p, const MD_ATTRIBUTE *a,
			    size_t *len)
{
	struct buf b = BUF_INIT;
	char *out = NULL;
	unsigned i;

	for (i = 0; a->substr_offsets[i] < a->size; i++) {
		const char *s = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		char tmp[8];
		size_t k;

		if (a->substr_types[i] == MD_TEXT_ENTITY &&
		    (k = md_entity_decode(s, n, tmp)))
			buf_add(&b, tmp, k);
		else
			buf_add(&b, s, n);
	}
	if (!b.err) {
		out = arena_alloc(&p->arena, b.len + 1);
		if (out)
			memcpy(out, b.data, b.len + 1);
	}
	if (!out)
		p->nomem = 1;
	*len = out ? b.len : 0;
	buf_release(&b);
	return out ? out : "";
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct parser *p = data;
	struct node *n;
	int r;

	close_implicit(p);
	if (type == MD_BLOCK_UL || type == MD_BLOCK_OL ||
	    type == MD_BLOCK_QUOTE) {
		if (++p->nest > IMPORT_MAX_DEPTH) {
			parser_fail(p, p->last_line,
			     "lists or quotes nested deeper than %d levels",
			     IMPORT_MAX_DEPTH);
			return ABORT_PARSE;
		}
	}
	r = push_node(p, type);
	if (r)
		return r;
	n = top(p);
	n->line = 0;
	switch (type) {
	case MD_BLOCK_DOC:
		p->doc = n;
		break;
	case MD_BLOCK_H:
		n->level = ((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_OL:
		n->start = ((MD_BLOCK_OL_DETAIL *)detail)->start;
		n->delim = ((MD_BLOCK_OL_DETAIL *)detail)->mark_delimiter;
		break;
	case MD_BLOCK_LI: {
		MD_BLOCK_LI_DETAIL *li = detail;

		if (li->is_task)
			n->task = li->task_mark == ' ' ? ' ' : 'x';
		break;
	}
	case MD_BLOCK_CODE: {
		MD_BLOCK_CODE_DETAIL *c = detail;

		if (c->fence_char)
			n->lang = attr_dup(p, &c->info, &n->lang_len);
		break;
	}
	default:
		break;
	}
	return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct parser *p = data;
	struct node *n;

	(void)detail;
	close_implicit(p);
	n = top(p);
	if (!n)
		return ABORT_PARSE;
	if (!n->line)
		n->line = p->last_line;
	if (type == MD_BLOCK_UL || type == MD_BLOCK_OL ||
	    type == MD_BLOCK_QUOTE)
		p->nest--;
	p->sp--;
	return 0;
}

/* Make sure the top of the stack can hold inline content. */
static int inline_target(struct parser *p)
{
	struct node *n = top(p);
	int r;

	if (n && (n->type == MD_BLOCK_P || n->type == MD_BLOCK_H ||
		  n->type == MD_BLOCK_CODE || n->type == MD_BLOCK_HTML ||
		  n->type == MD_BLOCK_TH || n->type == MD_BLOCK_TD))
		return 0;
	r = push_node(p, MD_BLOCK_P);
	if (!r)
		top(p)->implicit = 1;
	return r;
}

static struct inl *add_event(struct parser *p, int ev, int type,
			     const char *s, size_t n)
{
	struct node *b = top(p);
	struct inl *e = arena_alloc(&p->arena, sizeof(*e));

	if (!e) {
		p->nomem = 1;
		parser_fail(p, 0, "out of memory");
		return NULL;
	}
	e->ev = ev;
	e->type = type;
	e->s = s;
	e->n = n;
	if (b->last_inl)
		b->last_inl->next = e;
	else
		b->inl = e;
	b->last_inl = e;
	return e;
}

static void note_line(struct parser *p, const char *ptr)
{
	int line = md_line_of(p, ptr), i;

	if (!line)
		return;
	p->last_line = line;
	for (i = p->sp; i >= 0 && !p->stack[i]->line; i--)
		p->stack[i]->line = line;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct parser *p = data;
	const char *s = NULL;
	size_t n = 0;
	struct inl *e;

	if (inline_target(p))
		return ABORT_PARSE;
	if (p->nr_spans >= MAX_SPANS) {
		parser_fail(p, p->last_line, "inline formatting nested too deep");
		return ABORT_PARSE;
	}
	if (type == MD_SPAN_A) {
		MD_SPAN_A_DETAIL *a = detail;

		s = attr_dup(p, &a->href, &n);
	} else if (type == MD_SPAN_IMG) {
		MD_SPAN_IMG_DETAIL *img = detail;

		s = attr_dup(p, &img->src, &n);
	}
	e = add_event(p, EV_ENTER, type, s, n);
	if (!e)
		return ABORT_PARSE;
	p->spans[p->nr_spans++] = e;
	return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct parser *p = data;
	struct inl *open;

	(void)detail;
	if (inline_target(p) || !p->nr_spans)
		return ABORT_PARSE;
	open = p->spans[--p->nr_spans];
	return add_event(p, EV_LEAVE, type, open->s, open->n) ? 0 :
		ABORT_PARSE;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size,
		   void *data)
{
	struct parser *p = data;

	if (inline_target(p))
		return ABORT_PARSE;
	note_line(p, text);
	return add_event(p, EV_TEXT, type, text, size) ? 0 : ABORT_PARSE;
}

/* ---- entry points ---- */

/* Check the input, then run md4c with the callbacks above (md-tree.h). */
int md_tree_parse(struct parser *p, const char *src, size_t len,
		  struct import_error *err)
{
	MD_PARSER md = {
		.abi_version = 0,
		.flags = MD_DIALECT_GITHUB | MD_FLAG_LATEXMATHSPANS,
		.enter_block = on_enter_block,
		.leave_block = on_leave_block,
		.enter_span = on_enter_span,
		.leave_span = on_leave_span,
		.text = on_text,
	};
	size_t skip = 0;
	int r;

	memset(p, 0, sizeof(*p));
	p->src = src;
	p->len = len;
	p->sp = -1;
	p->err = err;
	if (check_input(p))
		return -1;
	if (typora_links(p) || own_copy(p)) {
		parser_fail(p, 0, "out of memory");
		return -1;
	}
	if (p->len >= 3 && !memcmp(p->src, "\xef\xbb\xbf", 3))
		skip = 3;   /* a byte order mark */
	r = md_parse(p->src + skip, (MD_SIZE)(p->len - skip), &md, p);
	if (p->failed)
		return -1;
	if (r || !p->doc) {
		parser_fail(p, 0, "the Markdown parser failed (%d)", r);
		return -1;
	}
	return 0;
}

/* Free what md_tree_parse() allocated, even after it failed. */
void md_tree_release(struct parser *p)
{
	arena_release(&p->arena);
	free(p->lines);
	free(p->copy);
}
