/*
 * The Markdown tree of a session file (md-tree.h), in three parts:
 *
 *  1. check_input(): size cap, UTF-8, NUL bytes and a cheap pre-scan of
 *     list and quote nesting, so hostile input never reaches md4c deep;
 *  2. md4c's callbacks build a small tree of blocks whose inline content is
 *     a flat list of events (text, span enter, span leave) pointing into
 *     the source buffer;
 *  3. writers re-serialise blocks and inline events into canonical
 *     Markdown (md_*) or plain text, as the session model needs.
 *
 * Everything lives in the parser's arena and the caller's stack: no global
 * state, so server threads may parse at once.
 */
#include "import/md-tree.h"

#include "core/buf.h"

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

int is_alnum(int c)
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
void squeeze(struct buf *b)
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
void render_inl(struct buf *b, const struct inl *e,
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

int is_toc(const struct node *n)
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

int is_list(const struct node *n)
{
	return n && (n->type == MD_BLOCK_UL || n->type == MD_BLOCK_OL);
}

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

void md_item_body(struct buf *b, const struct node *li)
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
void md_item(struct buf *b, const struct node *li, const char *marker)
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
void md_blocks(struct buf *b, const struct node *n,
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
	if (len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3))
		skip = 3;   /* a byte order mark */
	r = md_parse(src + skip, (MD_SIZE)(len - skip), &md, p);
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
}
