/*
 * The session Markdown importer (docs/session-format.md).
 *
 * Three stages, all on the caller's stack and heap (no global state, so
 * server threads may call session_parse() at once):
 *
 *  1. check_input(): size cap, UTF-8, NUL bytes and a cheap pre-scan of
 *     list and quote nesting, so hostile input never reaches md4c deep;
 *  2. md4c's callbacks build a small tree of blocks whose inline content is
 *     a flat list of events (text, span enter, span leave) pointing into
 *     the source buffer;
 *  3. build_session() walks the top-level blocks: title, subtitle, then
 *     sections recognised by heading text, each re-serialised into
 *     canonical Markdown (md_*) or plain text (plain_*) as the model needs.
 */
#include "session.h"

#include "buf.h"

#include <md4c.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_STACK (2 * IMPORT_MAX_DEPTH + 16)
#define MAX_SPANS 64
#define SLUG_MAX 40
#define ABORT_PARSE 7   /* callback return that stops md_parse */
/* Far above any real session; they bound the work a hostile file causes. */
#define MAX_ITEMS 1000  /* readings, exercises, prompts, objectives each */
#define MAX_BLOCKS 100000  /* paragraphs, list items...: bounds tree memory */

/* ---- arena: every tree node and event lives here, freed at once ---- */

struct chunk {
	struct chunk *next;
	size_t size, used;
	max_align_t data[];
};

struct arena {
	struct chunk *head;
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

/* ---- the document tree ---- */

enum { EV_TEXT, EV_ENTER, EV_LEAVE };

/* One inline event.  For EV_TEXT `type` is an MD_TEXTTYPE and s/n the
 * text; for span events it is an MD_SPANTYPE and s/n the decoded href or
 * image source. */
struct inl {
	struct inl *next;
	int ev, type;
	const char *s;
	size_t n;
};

struct node {
	struct node *next, *kids, *last_kid;
	struct inl *inl, *last_inl;
	MD_BLOCKTYPE type;
	unsigned level;     /* heading level */
	unsigned start;     /* first number of an ordered list */
	char task;          /* 0, or ' ' / 'x' for a task list item */
	char delim;         /* '.' or ')' for ordered lists */
	int implicit;       /* paragraph made up for a tight list item */
	const char *lang;   /* fenced code info string */
	size_t lang_len;
	int line;
};

struct parser {
	const char *src;
	size_t len;
	uint32_t *lines;    /* offsets of line starts */
	size_t nr_lines;
	struct arena arena;
	struct node *doc;
	struct node *stack[MAX_STACK];
	int sp;             /* index of the top of stack, -1 when empty */
	int nest;           /* lists and quotes open */
	size_t nr_nodes;
	struct inl *spans[MAX_SPANS];
	int nr_spans;
	int last_line;
	int nomem;
	int failed;
	struct import_error *err;
};

static void fail(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record the first error only: later ones are consequences. */
static void fail(struct parser *p, int line, const char *fmt, ...)
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

static int line_of(const struct parser *p, const char *ptr)
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
		fail(p, 0, "file is %zu bytes; the limit is %zu", p->len,
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
				fail(p, line,
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
			fail(p, line, "binary data (NUL byte)");
			return -1;
		}
		k = utf8_len(s + i, p->len - i);
		if (!k) {
			fail(p, line, "not valid UTF-8 (byte 0x%02x)", s[i]);
			return -1;
		}
		i += k;
	}
	return 0;
nomem:
	fail(p, 0, "out of memory");
	return -1;
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
		fail(p, p->last_line, "lists or quotes nested deeper than %d levels",
		     IMPORT_MAX_DEPTH);
		return ABORT_PARSE;
	}
	if (++p->nr_nodes > MAX_BLOCKS) {
		fail(p, p->last_line, "too many paragraphs and list items "
		     "(the limit is %d)", MAX_BLOCKS);
		return ABORT_PARSE;
	}
	n = arena_alloc(&p->arena, sizeof(*n));
	if (!n) {
		p->nomem = 1;
		fail(p, 0, "out of memory");
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
static size_t entity_decode(const char *s, size_t n, char out[8]);

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
		    (k = entity_decode(s, n, tmp)))
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
			fail(p, p->last_line,
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
		fail(p, 0, "out of memory");
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
	int line = line_of(p, ptr), i;

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
		fail(p, p->last_line, "inline formatting nested too deep");
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

/* ---- text helpers ---- */

static void put_utf8(char out[8], size_t *k, unsigned long c)
{
	if (c < 0x80) {
		out[(*k)++] = (char)c;
	} else if (c < 0x800) {
		out[(*k)++] = (char)(0xc0 | c >> 6);
		out[(*k)++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		out[(*k)++] = (char)(0xe0 | c >> 12);
		out[(*k)++] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[(*k)++] = (char)(0x80 | (c & 0x3f));
	} else {
		out[(*k)++] = (char)(0xf0 | c >> 18);
		out[(*k)++] = (char)(0x80 | ((c >> 12) & 0x3f));
		out[(*k)++] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[(*k)++] = (char)(0x80 | (c & 0x3f));
	}
}

/*
 * Decode an entity ("&amp;", "&#8212;", "&#x2014;") into UTF-8.  Returns
 * the number of bytes written, or 0 for an entity we do not know (which
 * is then kept verbatim).  &nbsp; becomes a plain space so that cues such
 * as "5&nbsp;minute timer" still read.
 */
static size_t entity_decode(const char *s, size_t n, char out[8])
{
	static const struct {
		const char *name;
		unsigned long cp;
	} names[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", ' ' }, { "ndash", 0x2013 },
		{ "mdash", 0x2014 }, { "hellip", 0x2026 },
		{ "lsquo", 0x2018 }, { "rsquo", 0x2019 },
		{ "ldquo", 0x201c }, { "rdquo", 0x201d },
		{ "copy", 0xa9 }, { "reg", 0xae }, { "trade", 0x2122 },
		{ "times", 0xd7 }, { "rarr", 0x2192 }, { "larr", 0x2190 },
		{ "middot", 0xb7 }, { "bull", 0x2022 }, { "deg", 0xb0 },
		{ "eacute", 0xe9 }, { "euro", 0x20ac }, { "pound", 0xa3 },
	};
	unsigned long c = 0;
	size_t i, k = 0;

	if (n < 3 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	if (s[1] == '#') {
		int hex = n > 3 && (s[2] == 'x' || s[2] == 'X');

		for (i = hex ? 3 : 2; i < n - 1; i++) {
			int d;

			if (s[i] >= '0' && s[i] <= '9')
				d = s[i] - '0';
			else if (hex && s[i] >= 'a' && s[i] <= 'f')
				d = s[i] - 'a' + 10;
			else if (hex && s[i] >= 'A' && s[i] <= 'F')
				d = s[i] - 'A' + 10;
			else
				return 0;
			c = c * (hex ? 16 : 10) + (unsigned long)d;
			if (c > 0x10ffff)
				break;
		}
		if (!c || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			c = 0xfffd;
	} else {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n - 2 &&
			    !memcmp(names[i].name, s + 1, n - 2))
				c = names[i].cp;
		if (!c)
			return 0;
	}
	put_utf8(out, &k, c);
	return k;
}

static int is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Text as Markdown: escape only what would otherwise become syntax. */
static void md_escape(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];
		int esc = 0;

		if (c == '\\' || c == '`' || c == '*')
			esc = 1;
		else if (c == '_')
			esc = !(i > 0 && is_alnum((unsigned char)s[i - 1]) &&
				i + 1 < n && is_alnum((unsigned char)s[i + 1]));
		else if (c == '<')
			esc = i + 1 < n && (is_alnum((unsigned char)s[i + 1]) ||
					    strchr("/!?", s[i + 1]));
		if (esc)
			buf_addc(b, '\\');
		buf_addc(b, c);
	}
}

/* Collapse runs of white space into one space and trim both ends. */
static void squeeze(struct buf *b)
{
	size_t i, j = 0;
	int space = 1;

	for (i = 0; i < b->len; i++) {
		char c = b->data[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (!space)
				b->data[j++] = ' ';
			space = 1;
		} else {
			b->data[j++] = c;
			space = 0;
		}
	}
	if (j && b->data[j - 1] == ' ')
		j--;
	b->len = j;
	if (b->alloc)
		b->data[j] = '\0';
}

/* ---- inline rendering ---- */

/* Is `tag` (raw inline HTML) a line break such as <br> or <br/>? */
static int is_br_tag(const char *s, size_t n)
{
	return n >= 4 && !strncasecmp(s, "<br", 3) &&
	       (s[3] == '>' || s[3] == '/' || s[3] == ' ');
}

static void add_entity(struct buf *b, const struct inl *e, int md)
{
	char tmp[8];
	size_t k = entity_decode(e->s, e->n, tmp);

	if (!k)
		buf_add(b, e->s, e->n);
	else if (md && k == 1 && tmp[0] == '<')
		buf_adds(b, "\\<");   /* never let an entity open a tag */
	else if (md)
		md_escape(b, tmp, k);
	else
		buf_add(b, tmp, k);
}

/* A code span: backticks longer than any run inside, padded if needed. */
static const struct inl *md_code_span(struct buf *b, const struct inl *e,
				      const struct inl *stop)
{
	struct buf code = BUF_INIT;
	size_t i, run = 0, longest = 0;

	for (e = e->next; e && e != stop && e->ev == EV_TEXT; e = e->next)
		buf_add(&code, e->s, e->n);
	for (i = 0; i < code.len; i++) {
		run = code.data[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (i = 0; i <= longest; i++)
		buf_addc(b, '`');
	if (code.len && (code.data[0] == '`' || code.data[code.len - 1] == '`'))
		buf_addc(b, ' ');
	buf_add(b, code.data, code.len);
	if (code.len && (code.data[0] == '`' || code.data[code.len - 1] == '`'))
		buf_addc(b, ' ');
	for (i = 0; i <= longest; i++)
		buf_addc(b, '`');
	if (code.err)
		b->err = 1;
	buf_release(&code);
	return e;   /* the leave event, or stop */
}

static void md_url(struct buf *b, const char *s, size_t n)
{
	size_t i;
	int angle = 0;

	for (i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '(' || s[i] == ')')
			angle = 1;
	if (angle)
		buf_addc(b, '<');
	for (i = 0; i < n; i++) {
		if (s[i] == '<')
			buf_adds(b, "%3C");
		else if (s[i] == '>')
			buf_adds(b, "%3E");
		else
			buf_addc(b, s[i]);
	}
	if (angle)
		buf_addc(b, '>');
}

/*
 * Append the events [e, stop) as canonical inline Markdown (md) or as
 * plain text.  Soft line breaks become spaces in both; raw HTML tags are
 * dropped (their text stays); math keeps its dollars.
 */
static void render_inl(struct buf *b, const struct inl *e,
		       const struct inl *stop, int md)
{
	for (; e && e != stop; e = e->next) {
		if (e->ev == EV_TEXT) {
			switch (e->type) {
			case MD_TEXT_NORMAL:
				if (md)
					md_escape(b, e->s, e->n);
				else
					buf_add(b, e->s, e->n);
				break;
			case MD_TEXT_ENTITY:
				add_entity(b, e, md);
				break;
			case MD_TEXT_BR:
				buf_adds(b, md ? "\\\n" : " ");
				break;
			case MD_TEXT_SOFTBR:
				buf_addc(b, ' ');
				break;
			case MD_TEXT_HTML:
				if (is_br_tag(e->s, e->n))
					buf_addc(b, ' ');
				break;
			case MD_TEXT_NULLCHAR:
				break;
			default:  /* code, math */
				buf_add(b, e->s, e->n);
				break;
			}
			continue;
		}
		switch (e->type) {
		case MD_SPAN_EM:
			if (md)
				buf_addc(b, '*');
			break;
		case MD_SPAN_STRONG:
			if (md)
				buf_adds(b, "**");
			break;
		case MD_SPAN_DEL:
			if (md)
				buf_adds(b, "~~");
			break;
		case MD_SPAN_CODE:
			if (md && e->ev == EV_ENTER) {
				e = md_code_span(b, e, stop);
				if (!e || e == stop)
					return;
			}
			break;
		case MD_SPAN_LATEXMATH:
			buf_addc(b, '$');
			break;
		case MD_SPAN_LATEXMATH_DISPLAY:
			buf_adds(b, "$$");
			break;
		case MD_SPAN_A:
			if (!md)
				break;
			if (e->ev == EV_ENTER) {
				const struct inl *t = e->next;

				/* An autolink: keep it short. */
				if (t && t->ev == EV_TEXT && t->next &&
				    t->next->ev == EV_LEAVE && t->n == e->n &&
				    !memcmp(t->s, e->s, e->n) &&
				    !memchr(e->s, ' ', e->n)) {
					buf_addc(b, '<');
					md_url(b, e->s, e->n);
					buf_addc(b, '>');
					e = t->next;
					break;
				}
				buf_addc(b, '[');
			} else {
				buf_adds(b, "](");
				md_url(b, e->s, e->n);
				buf_addc(b, ')');
			}
			break;
		case MD_SPAN_IMG:
			if (!md)
				break;
			if (e->ev == EV_ENTER) {
				buf_adds(b, "![");
			} else {
				buf_adds(b, "](");
				md_url(b, e->s, e->n);
				buf_addc(b, ')');
			}
			break;
		default:
			break;
		}
	}
}

/* ---- block rendering ---- */

static int is_toc(const struct node *n)
{
	struct buf b = BUF_INIT;
	int toc;

	if (n->type != MD_BLOCK_P)
		return 0;
	render_inl(&b, n->inl, NULL, 0);
	squeeze(&b);
	toc = !strcasecmp(b.data, "[toc]") || !strcasecmp(b.data, "[[toc]]");
	buf_release(&b);
	return toc;
}

static int is_list(const struct node *n)
{
	return n && (n->type == MD_BLOCK_UL || n->type == MD_BLOCK_OL);
}

static void md_blocks(struct buf *b, const struct node *n,
		      const struct node *stop);

/* Append `src` to b with every line after the first indented by `ind`
 * spaces (or prefixed by "> " for quotes); blank lines stay empty. */
static void add_indented(struct buf *b, const char *src, const char *first,
			 const char *rest, const char *blank)
{
	const char *line = src;

	buf_adds(b, first);
	for (;;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);

		buf_add(b, line, n);
		if (!nl)
			break;
		buf_addc(b, '\n');
		line = nl + 1;
		buf_adds(b, *line == '\n' || !*line ? blank : rest);
	}
}

static void md_item_body(struct buf *b, const struct node *li)
{
	const struct node *k, *prev = NULL;
	struct buf one = BUF_INIT;

	for (k = li->kids; k; k = k->next) {
		buf_reset(&one);
		md_blocks(&one, k, k->next);
		if (!one.len)
			continue;
		if (prev)
			buf_adds(b, is_list(k) && prev->type == MD_BLOCK_P ?
				 "\n" : "\n\n");
		buf_add(b, one.data, one.len);
		prev = k;
	}
	if (one.err)
		b->err = 1;
	buf_release(&one);
}

/* One list item with its marker ("- ", "- [x] ", "3. "). */
static void md_item(struct buf *b, const struct node *li, const char *marker)
{
	struct buf body = BUF_INIT, first = BUF_INIT;
	char pad[16];
	size_t w = strlen(marker);

	if (li->task)
		w = 2;   /* continuation lines align with the bullet's text */
	if (w >= sizeof(pad))
		w = sizeof(pad) - 1;
	memset(pad, ' ', w);
	pad[w] = '\0';
	md_item_body(&body, li);
	buf_adds(&first, marker);
	if (li->task)
		buf_adds(&first, li->task == ' ' ? "[ ] " : "[x] ");
	add_indented(b, body.data, first.data, pad, "");
	if (body.err || first.err)
		b->err = 1;
	buf_release(&body);
	buf_release(&first);
}

static int item_is_loose(const struct node *list)
{
	const struct node *li, *k;

	for (li = list->kids; li; li = li->next) {
		int blocks = 0;

		for (k = li->kids; k; k = k->next)
			if (k->type != MD_BLOCK_UL && k->type != MD_BLOCK_OL)
				blocks++;
		if (blocks > 1)
			return 1;
	}
	return 0;
}

static void md_list(struct buf *b, const struct node *list)
{
	const struct node *li;
	unsigned num = list->start;
	int loose = item_is_loose(list);

	for (li = list->kids; li; li = li->next) {
		char marker[16];

		if (li != list->kids)
			buf_adds(b, loose ? "\n\n" : "\n");
		if (list->type == MD_BLOCK_OL)
			snprintf(marker, sizeof(marker), "%u%c ", num++,
				 list->delim ? list->delim : '.');
		else
			snprintf(marker, sizeof(marker), "- ");
		md_item(b, li, marker);
	}
}

static void md_html_block(struct buf *b, const struct node *n)
{
	struct buf raw = BUF_INIT;
	const struct inl *e;
	size_t i;
	int in_tag = 0;

	for (e = n->inl; e; e = e->next)
		if (e->ev == EV_TEXT)
			buf_add(&raw, e->s, e->n);
	/* Keep the text between tags; skip comments entirely. */
	for (i = 0; i < raw.len; i++) {
		if (!in_tag && !strncmp(raw.data + i, "<!--", 4)) {
			size_t j = i + 4;

			while (j + 2 < raw.len && strncmp(raw.data + j, "-->", 3))
				j++;
			if (j + 2 >= raw.len)
				break;
			i = j + 2;
		} else if (raw.data[i] == '<') {
			in_tag = 1;
		} else if (raw.data[i] == '>' && in_tag) {
			in_tag = 0;
		} else if (!in_tag) {
			buf_addc(b, raw.data[i]);
		}
	}
	buf_release(&raw);
}

static void md_table(struct buf *b, const struct node *t)
{
	const struct node *sec, *tr, *td;

	for (sec = t->kids; sec; sec = sec->next) {
		for (tr = sec->kids; tr; tr = tr->next) {
			size_t cols = 0;
			struct buf cell = BUF_INIT;

			if (b->len && b->data[b->len - 1] != '\n')
				buf_addc(b, '\n');
			buf_addc(b, '|');
			for (td = tr->kids; td; td = td->next, cols++) {
				size_t i;

				buf_reset(&cell);
				render_inl(&cell, td->inl, NULL, 1);
				buf_addc(b, ' ');
				for (i = 0; i < cell.len; i++) {
					if (cell.data[i] == '|')
						buf_addc(b, '\\');
					buf_addc(b, cell.data[i]);
				}
				buf_adds(b, " |");
			}
			buf_release(&cell);
			if (sec->type == MD_BLOCK_THEAD) {
				buf_adds(b, "\n|");
				while (cols--)
					buf_adds(b, " --- |");
			}
		}
	}
}

/* Render the blocks [n, stop) as canonical Markdown, blank-line separated.
 * Blocks that render to nothing ([toc], empty HTML) leave no gap. */
static void md_blocks(struct buf *b, const struct node *n,
		      const struct node *stop)
{
	for (; n && n != stop; n = n->next) {
		size_t before = b->len;
		struct buf tmp = BUF_INIT;

		if (b->len)
			buf_adds(b, "\n\n");
		switch (n->type) {
		case MD_BLOCK_P:
			if (!is_toc(n))
				render_inl(b, n->inl, NULL, 1);
			break;
		case MD_BLOCK_H:
			for (unsigned i = 0; i < n->level; i++)
				buf_addc(b, '#');
			buf_addc(b, ' ');
			render_inl(b, n->inl, NULL, 1);
			break;
		case MD_BLOCK_HR:
			buf_adds(b, "---");
			break;
		case MD_BLOCK_UL:
		case MD_BLOCK_OL:
			md_list(b, n);
			break;
		case MD_BLOCK_QUOTE:
			md_blocks(&tmp, n->kids, NULL);
			if (tmp.len)
				add_indented(b, tmp.data, "> ", "> ", ">");
			break;
		case MD_BLOCK_CODE: {
			const struct inl *e;

			for (e = n->inl; e; e = e->next)
				buf_add(&tmp, e->s, e->n);
			buf_adds(b, strstr(tmp.data, "```") ? "~~~~" : "```");
			buf_add(b, n->lang, n->lang_len);
			buf_addc(b, '\n');
			buf_add(b, tmp.data, tmp.len);
			if (tmp.len && tmp.data[tmp.len - 1] != '\n')
				buf_addc(b, '\n');
			buf_adds(b, strstr(tmp.data, "```") ? "~~~~" : "```");
			break;
		}
		case MD_BLOCK_HTML:
			md_html_block(&tmp, n);
			squeeze(&tmp);
			buf_add(b, tmp.data, tmp.len);
			break;
		case MD_BLOCK_TABLE:
			md_table(b, n);
			break;
		default:
			break;
		}
		if (tmp.err)
			b->err = 1;
		buf_release(&tmp);
		buf_rtrim(b);
		if (b->len <= before + (before ? 2 : 0)) {
			b->len = before;   /* rendered nothing */
			if (b->alloc)
				b->data[b->len] = '\0';
		}
	}
}

/* ---- stage 3: the session model ---- */

/* A set of ids (pointers into the model), open addressing. */
struct idset {
	const char **slot;
	size_t cap, n;
};

struct builder {
	struct parser *p;
	struct session *s;
	struct idset readings, exercises, prompts;
	size_t nr_prompts;
};

static size_t id_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int idset_has(const struct idset *set, const char *id)
{
	size_t i;

	if (!set->cap)
		return 0;
	for (i = id_hash(id) & (set->cap - 1); set->slot[i];
	     i = (i + 1) & (set->cap - 1))
		if (!strcmp(set->slot[i], id))
			return 1;
	return 0;
}

/* Add `id` (which must outlive the set); -1 when out of memory. */
static int idset_add(struct idset *set, const char *id)
{
	size_t i;

	if (2 * (set->n + 1) > set->cap) {
		struct idset bigger = { NULL, set->cap ? 2 * set->cap : 64, 0 };

		bigger.slot = calloc(bigger.cap, sizeof(*bigger.slot));
		if (!bigger.slot)
			return -1;
		for (i = 0; i < set->cap; i++)
			if (set->slot[i])
				idset_add(&bigger, set->slot[i]);
		free(set->slot);
		*set = bigger;
	}
	for (i = id_hash(id) & (set->cap - 1); set->slot[i];
	     i = (i + 1) & (set->cap - 1))
		;
	set->slot[i] = id;
	set->n++;
	return 0;
}

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

static int starts_with_ci(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

static char *find_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (!strncasecmp(s, needle, n))
			return (char *)s;
	return NULL;
}

static int contains_ci(const char *s, const char *needle)
{
	return find_ci(s, needle) != NULL;
}

/*
 * A slug: lowercase ASCII letters and digits, runs of anything else become
 * one '-', at most SLUG_MAX bytes cut at a word boundary when possible.
 */
static void slugify(struct buf *b, const char *s, int max_words)
{
	size_t start = b->len;
	int words = 0, dash = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (is_alnum(c)) {
			if (dash && b->len > start) {
				if (max_words && ++words >= max_words)
					break;
				buf_addc(b, '-');
			}
			dash = 0;
			buf_addc(b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		} else if (c == '\'' || c == 0xe2) {
			/* apostrophes join words: "don't" -> "dont" */
			if (c == 0xe2 && s[1] == (char)0x80 && s[2] == (char)0x99)
				s += 2;
			else if (c == 0xe2)
				dash = 1;
		} else {
			dash = 1;
		}
	}
	if (b->len - start > SLUG_MAX) {
		size_t cut = start + SLUG_MAX;

		while (cut > start + SLUG_MAX / 2 && b->data[cut] != '-')
			cut--;
		if (b->data[cut] != '-')
			cut = start + SLUG_MAX;
		b->len = cut;
		b->data[cut] = '\0';
	}
	while (b->len > start && b->data[b->len - 1] == '-')
		b->data[--b->len] = '\0';
}

/* Append "-2", "-3"... to b until the id is not in `set`. */
static void uniquify(struct buf *b, const struct idset *set)
{
	size_t base = b->len;
	int i;

	for (i = 2; idset_has(set, b->data) && !b->err; i++) {
		b->len = base;
		buf_addf(b, "-%d", i);
	}
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

/* ---- cues: numbers in prose ---- */

/*
 * Cues are read in a lowercase ASCII copy of the plain text: dashes (en,
 * em) become '-', other non-ASCII bytes become spaces.
 */
static char *cue_text(const char *plain)
{
	size_t n = strlen(plain), i, j = 0;
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)plain[i];

		if (c == 0xe2 && i + 2 < n && (unsigned char)plain[i + 1] == 0x80 &&
		    ((unsigned char)plain[i + 2] == 0x93 ||
		     (unsigned char)plain[i + 2] == 0x94)) {
			s[j++] = '-';
			i += 2;
		} else if (c >= 0x80) {
			s[j++] = ' ';
		} else {
			s[j++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
	}
	s[j] = '\0';
	return s;
}

/* Parse a number (digits or a word up to twenty) at s: value, or -1. */
static int cue_number(const char *s, const char **end)
{
	static const char *const words[] = {
		"zero", "one", "two", "three", "four", "five", "six", "seven",
		"eight", "nine", "ten", "eleven", "twelve", "thirteen",
		"fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
		"nineteen", "twenty",
	};
	int v = 0, i;

	if (*s >= '0' && *s <= '9') {
		for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
			if (i < 5)
				v = v * 10 + (s[i] - '0');
		if (i > 5 || is_alnum((unsigned char)s[i]))
			return -1;
		*end = s + i;
		return v;
	}
	for (i = 20; i >= 0; i--) {
		size_t n = strlen(words[i]);

		if (!strncmp(s, words[i], n) && !is_alnum((unsigned char)s[n])) {
			*end = s + n;
			return i;
		}
	}
	return -1;
}

/* The word at s (letters only) into w; returns its end. */
static const char *cue_word(const char *s, char *w, size_t max)
{
	size_t n = 0;

	while (*s == ' ')
		s++;
	while (*s >= 'a' && *s <= 'z') {
		if (n + 1 < max)
			w[n++] = *s;
		s++;
	}
	w[n] = '\0';
	return s;
}

static int is_unit(const char *w)
{
	static const char *const units[] = {
		"minute", "minutes", "min", "mins", "hour", "hours", "hr",
		"hrs", "day", "days", "week", "weeks", "month", "months",
		"year", "years", "second", "seconds", "percent", "times",
		"time", "pm", "am", "",
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(w, units[i]))
			return 1;
	return 0;
}

static int is_minute_word(const char *w)
{
	return !strcmp(w, "minute") || !strcmp(w, "minutes") ||
	       !strcmp(w, "min") || !strcmp(w, "mins");
}

/* At a word boundary? */
static int word_start(const char *all, const char *s)
{
	return s == all || !is_alnum((unsigned char)s[-1]);
}

/*
 * Timer and duration: "5 minute timer", "5-minute timer", "timer for 5
 * minutes" set *timer; any other "N minutes" (or "spend N hours") sets
 * *minutes.  The first of each wins.
 */
static void cue_minutes(const char *t, int *timer, int *minutes)
{
	const char *s, *spend = strstr(t, "spend");

	for (s = t; *s; s++) {
		const char *end, *after;
		char w[16], w2[16];
		int v;

		if (!word_start(t, s) || (v = cue_number(s, &end)) < 0)
			continue;
		after = end;
		while (*after == ' ' || *after == '-')
			after++;
		after = cue_word(after, w, sizeof(w));
		if (is_minute_word(w)) {
			const char *q = after;

			while (*q == ' ' || *q == '-')
				q++;
			cue_word(q, w2, sizeof(w2));
			if (!strcmp(w2, "timer") ||
			    (s - t >= 10 && !strncmp(s - 10, "timer for ", 10)) ||
			    (s - t >= 12 && !strncmp(s - 12, "timer for a ", 12))) {
				if (!*timer)
					*timer = v;
			} else if (!*minutes) {
				*minutes = v;
			}
		} else if ((!strcmp(w, "hour") || !strcmp(w, "hours")) &&
			   spend && spend < s) {
			if (!*minutes)
				*minutes = v * 60;
		}
	}
}

/* "3-5 roles", "3 – 5 people", "three to five ideas": the first range
 * followed by a noun that is not a unit of time. */
static int cue_range(const char *t, int *min, int *max)
{
	const char *s;

	for (s = t; *s; s++) {
		const char *end, *q;
		char w[24];
		int a, b;

		if (!word_start(t, s) || (a = cue_number(s, &end)) < 0)
			continue;
		q = end;
		while (*q == ' ')
			q++;
		if (*q == '-')
			q++;
		else if (!strncmp(q, "to ", 3))
			q += 3;
		else
			continue;
		while (*q == ' ')
			q++;
		if ((b = cue_number(q, &end)) < 0 || b < a || a < 1)
			continue;
		cue_word(end, w, sizeof(w));
		if (is_unit(w))
			continue;
		*min = a;
		*max = b;
		return 1;
	}
	return 0;
}

/* "at least 10 assets" (not "at least 5 minutes"). */
static int cue_at_least(const char *t)
{
	const char *s;

	/* One pass, not strstr in a loop: sanitizers make that quadratic. */
	for (s = t; *s; s++) {
		const char *end;
		char w[24];
		int v;

		if (*s != 'a' || strncmp(s, "at least ", 9))
			continue;
		if ((v = cue_number(s + 9, &end)) < 1)
			continue;
		cue_word(end, w, sizeof(w));
		if (!is_unit(w) || !*w)
			return v;
	}
	return 0;
}

/* "What are three ways", "list 5 things": a verb, a number, a plural. */
static int cue_count(const char *t)
{
	static const char *const verbs[] = {
		"are", "list", "name", "give", "identify", "suggest",
		"brainstorm", "write", "find", "describe", "pick", "choose",
		"down",
	};
	const char *s;

	for (s = t; *s; s++) {
		const char *end, *q;
		char w[24], verb[24];
		size_t i, n;
		int v;

		if (!word_start(t, s) || (v = cue_number(s, &end)) < 2 || v > 50)
			continue;
		/* the word before the number */
		q = s;
		while (q > t && q[-1] == ' ')
			q--;
		n = 0;
		while (q > t && q[-1] >= 'a' && q[-1] <= 'z' && n < 20) {
			q--;
			n++;
		}
		memcpy(verb, q, n);
		verb[n] = '\0';
		cue_word(end, w, sizeof(w));
		n = strlen(w);
		if (n < 3 || w[n - 1] != 's' || is_unit(w))
			continue;
		for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
			if (!strcmp(verb, verbs[i]))
				return v;
	}
	return 0;
}

/* "Repeat this a few times" (2), "repeat this 3 times" (3). */
static int cue_repeat(const char *t)
{
	const char *s = strstr(t, "repeat");
	const char *end;

	if (!s)
		return 0;
	for (; *s && *s != '.' && *s != '?'; s++) {
		int v;

		if (word_start(t, s) && (v = cue_number(s, &end)) >= 2 &&
		    !strncmp(end, " times", 6))
			return v;
		if (!strncmp(s, "few times", 9) || !strncmp(s, "several times", 13) ||
		    !strncmp(s, "couple of times", 15) ||
		    !strncmp(s, "multiple times", 14))
			return 2;
	}
	return 0;
}

/* ---- prompts ---- */

/* Nested items under a prompt are options when it leads into them. */
static int leads_to_options(const char *plain)
{
	static const char *const leads[] = {
		"some ideas", "for example", "options", "considering",
		"such as", "for instance", "choose from", "pick from",
		"ideas:",
	};
	size_t n = strlen(plain), i;

	while (n && plain[n - 1] == ' ')
		n--;
	if (n && plain[n - 1] == ':')
		return 1;
	for (i = 0; i < sizeof(leads) / sizeof(leads[0]); i++)
		if (contains_ci(plain, leads[i]))
			return 1;
	return 0;
}

static int is_guidance(const char *plain)
{
	static const char *const starts[] = {
		"you could", "you can", "you might", "you may",
		"we encourage", "we recommend", "another framing",
		"for research", "for example", "e.g.", "eg ", "consider",
		"try ", "note", "tip", "hint",
	};
	size_t i;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (starts_with_ci(plain, starts[i]))
			return 1;
	return 0;
}

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

static void add_line(struct buf *b, const char *s, size_t n)
{
	if (b->len)
		buf_addc(b, '\n');
	buf_add(b, s, n);
}

/*
 * Sort what is nested under a prompt: options (when the prompt leads into
 * them), the course's guidance (hint) and a participant's answers.  See
 * docs/session-format.md, "Nested items".
 */
static void prompt_nested(struct builder *B, struct prompt *pr,
			  const struct node *li, struct buf *hint,
			  struct buf *answer, size_t *nr_answers,
			  struct buf *answer_md, const struct node **sole)
{
	int options = leads_to_options(pr->plain);
	const struct node *k, *it;

	for (k = li->kids; k && !is_list(k); k = k->next)
		if (k->type != MD_BLOCK_P)   /* a quote or code under it */
			md_blocks(hint, k, k->next);
	for (; k; k = k->next) {
		if (!is_list(k)) {
			struct buf t = BUF_INIT;

			md_blocks(&t, k, k->next);
			if (t.len) {
				struct buf *to = answer_md;

				if (k->type == MD_BLOCK_P) {
					struct buf pl = BUF_INIT;

					render_inl(&pl, k->inl, NULL, 0);
					if (is_guidance(pl.data))
						to = hint;
					buf_release(&pl);
				} else {
					to = hint;
				}
				if (to->len)
					buf_adds(to, "\n\n");
				buf_add(to, t.data, t.len);
				if (to == answer_md)
					(*nr_answers)++;
			}
			buf_release(&t);
			continue;
		}
		for (it = k->kids; it; it = it->next) {
			struct buf plain = BUF_INIT, md = BUF_INIT;

			item_text(&plain, it, 0);
			item_text(&md, it, 1);
			if (options) {
				char **slot = grow(B, (void **)&pr->options,
						   &pr->nr_options,
						   sizeof(*pr->options));

				if (slot)
					*slot = dup_str(B, plain.data);
				if (it->task == 'x')
					add_line(answer, plain.data, plain.len);
			} else if (is_guidance(plain.data) && it->task != 'x') {
				if (hint->len)
					buf_addc(hint, '\n');
				md_item(hint, it, "- ");
			} else {
				add_line(answer, md.data, md.len);
				if (answer_md->len)
					buf_adds(answer_md, "\n");
				md_item(answer_md, it, "- ");
				(*nr_answers)++;
				*sole = it;
			}
			if (plain.err || md.err)
				B->p->nomem = 1;
			buf_release(&plain);
			buf_release(&md);
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

static int optional_marker(const char *s)
{
	return s && (starts_with_ci(s, "optional") ||
		     starts_with_ci(s, "(optional)") ||
		     contains_ci(s, "(optional)"));
}

static void add_prompt(struct builder *B, struct exercise *ex, size_t ex_no,
		       const struct node *li, const char *group)
{
	struct buf text = BUF_INIT, hint = BUF_INIT, answer = BUF_INIT;
	struct buf answer_md = BUF_INIT, prefix = BUF_INIT;
	struct prompt *pr;
	const struct node *sole = NULL;
	size_t nr_answers = 0;

	if (B->p->failed)
		goto out;
	if (++B->nr_prompts > MAX_ITEMS) {
		fail(B->p, li->line, "too many prompts (the limit is %d)",
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
	pr->group = group ? dup_str(B, group) : NULL;
	pr->optional = optional_marker(group) || optional_marker(pr->plain);
	prompt_nested(B, pr, li, &hint, &answer, &nr_answers, &answer_md,
		      &sole);
	pr->hint = take(B, &hint, 1);
	prompt_cues(B, pr);
	if (pr->kind == PROMPT_TEXT && nr_answers == 1 && sole) {
		/* one answer item: its content is the answer */
		buf_reset(&answer);
		md_item_body(&answer, sole);
		pr->answer = take(B, &answer, 1);
	} else if (pr->kind == PROMPT_TEXT) {
		pr->answer = take(B, &answer_md, 1);
	} else {
		pr->answer = take(B, &answer, 1);
	}
	/* The id is set last: uniqueness is checked against the session,
	 * which already holds this exercise's earlier prompts. */
	buf_addf(&prefix, "e%zu-", ex_no);
	pr->id = make_id(B, &B->prompts, prefix.data, pr->plain, 6, "prompt");
out:
	buf_release(&text);
	buf_release(&hint);
	buf_release(&answer);
	buf_release(&answer_md);
	buf_release(&prefix);
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
		fail(B->p, 0, "too many objectives (the limit is %d)",
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

/*
 * Peel tags and a year off the ends of `s` (plain text around a reading's
 * link): "[Video]", "(Paper)", "(2024)", ", 2024", "(March 2023)".
 * Returns 1 if anything was removed.
 */
static int peel_byline(struct reading *r, char *s, int *kind_at,
		       struct builder *B)
{
	size_t n;
	char *open;

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
				r->year = year_of(s, open + 1 + in - 4);
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
		n = strlen(before);
		if (n > 1 && before[n - 1] == ':' && is_kind_tag(before, n - 1) &&
		    !r->kind) {   /* "Video: [Title](url)" */
			before[n - 1] = '\0';
			r->kind = dup_str(B, before);
		}
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
		if (*p)
			r->author = dup_str(B, p);
	} else {
		/* No link: only a year or tag at the end can be told apart,
		 * and " by Author" when a year follows it. */
		while (peel_byline(r, r->title, &kind_at, B))
			;
		if (r->year && (p = strstr(r->title, " by ")) != NULL) {
			*p = '\0';
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
		fail(B->p, line, "too many readings (the limit is %d)",
		     MAX_ITEMS);
		return NULL;
	}
	r = grow(B, (void **)&s->readings, &s->nr_readings, sizeof(*r));
	if (!r)
		return NULL;
	r->line = line;
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

/* Readings written as a list: "- [Title](url) by Author (Year)". */
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
			if (!e)
				continue;
			r = new_reading(B, k->inl, li->line);
			if (r)
				reading_body(B, r, k->next, NULL);
		}
	}
}

/* Exercise title: "(optional)" anywhere or a leading "Optional" marks it. */
static void exercise_title(struct builder *B, struct exercise *ex,
			   const struct node *h)
{
	char *t = plain_of(B, h->inl, NULL), *p;

	if (!t)
		return;
	if ((p = find_ci(t, "(optional)")) != NULL) {
		memmove(p, p + 10, strlen(p + 10) + 1);
		ex->optional = true;
	}
	if (!strncasecmp(t, "optional", 8) && !is_alnum((unsigned char)t[8])) {
		memmove(t, t + 8, strlen(t + 8) + 1);
		ex->optional = true;
		trim_lead(t);
	}
	trim_dashes(t);
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
	int timer = 0;

	if (s->nr_exercises >= MAX_ITEMS) {
		fail(B->p, h->line, "too many exercises (the limit is %d)",
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
		} else if (n->type == MD_BLOCK_P && is_list(n->next)) {
			char *t = plain_of(B, n->inl, NULL);
			size_t len = t ? strlen(t) : 0;

			if (len && t[len - 1] == ':') {
				free(lead);
				t[len - 1] = '\0';
				trim_str(t);
				lead = t;
				continue;
			}
			free(t);
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
	/* the id last, so the uniqueness check does not see this one */
	id = make_id(B, &B->exercises, "", ex->title ? ex->title : "", 0,
		     "exercise");
	s->exercises[ex_no - 1].id = id;
	free(cue);
	free(sub);
	free(lead);
	buf_release(&plain);
}

static void add_thoughts(struct builder *B, const struct node *n,
			 const struct node *stop)
{
	struct buf b = BUF_INIT;

	if (B->s->thoughts)
		buf_adds(&b, B->s->thoughts);
	md_blocks(&b, n, stop);
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
 * just "Title".
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
				if (s->course && !*s->course) {
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
			fail(B->p, 1,
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

		if (n->type != MD_BLOCK_H)
			continue;
		k = section_of(B, n);
		if (k != SECT_NONE && (sect == SECT_NONE || n->level <= sect_level)) {
			flush(B, sect, sect_head, item, body, n);
			sect = k;
			sect_head = n;
			sect_level = n->level;
			item = NULL;
			item_level = 0;
			body = n->next;
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
	int ret = -1, r;

	memset(&p, 0, sizeof(p));
	memset(&s, 0, sizeof(s));
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	p.src = src;
	p.len = len;
	p.sp = -1;
	p.err = err;
	if (check_input(&p))
		goto out;
	if (len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3))
		skip = 3;   /* a byte order mark */
	r = md_parse(src + skip, (MD_SIZE)(len - skip), &md, &p);
	if (p.failed)
		goto out;
	if (r || !p.doc) {
		fail(&p, 0, "the Markdown parser failed (%d)", r);
		goto out;
	}
	build_session(&B);
	if (p.nomem && !p.failed)
		fail(&p, 0, "out of memory");
	if (p.failed)
		goto out;
	*out = s;
	memset(&s, 0, sizeof(s));
	ret = 0;
out:
	free(B.readings.slot);
	free(B.exercises.slot);
	free(B.prompts.slot);
	session_release(&s);
	arena_release(&p.arena);
	free(p.lines);
	return ret;
}
