/*
 * Canonical Markdown and plain text out of the session tree (md-write.h):
 * inline events re-serialised with as few escapes as the text needs,
 * blocks (paragraphs, lists, quotes, code, tables) written in one form
 * whatever way the source wrote them.  What md4c leaves undone is done
 * here: entities decoded, raw HTML tags dropped with their text kept.
 */
#include "import/md-write.h"

#include "core/buf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

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
size_t md_entity_decode(const char *s, size_t n, char out[8])
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

/*
 * Text that was text in the source, as canonical Markdown: escape only
 * what would otherwise become syntax (a backslash, a backtick, '*', an
 * '_' not inside a word, a '<' that could open a tag), so course text
 * stays readable.  Not for what a person typed: export's md_escape()
 * escapes every punctuation character so that any text reads back as
 * itself.
 */
static void canon_escape(struct buf *b, const char *s, size_t n)
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
	size_t k = md_entity_decode(e->s, e->n, tmp);

	if (!k)
		buf_add(b, e->s, e->n);
	else if (md && k == 1 && tmp[0] == '<')
		buf_adds(b, "\\<");   /* never let an entity open a tag */
	else if (md)
		canon_escape(b, tmp, k);
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

/* One text event as Markdown (md) or plain text. */
static void render_text(struct buf *b, const struct inl *e, int md)
{
	switch (e->type) {
	case MD_TEXT_NORMAL:
		if (md)
			canon_escape(b, e->s, e->n);
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
}

/* A link or image's opening or closing, as Markdown.  Returns the last
 * event used: an autolink is written whole from its opening event. */
static const struct inl *render_link(struct buf *b, const struct inl *e)
{
	const struct inl *t = e->next;

	if (e->ev == EV_LEAVE) {
		buf_adds(b, "](");
		md_url(b, e->s, e->n);
		buf_addc(b, ')');
		return e;
	}
	if (e->type == MD_SPAN_IMG) {
		buf_adds(b, "![");
		return e;
	}
	/* An autolink: keep it short. */
	if (t && t->ev == EV_TEXT && t->next && t->next->ev == EV_LEAVE &&
	    t->n == e->n && !memcmp(t->s, e->s, e->n) &&
	    !memchr(e->s, ' ', e->n)) {
		buf_addc(b, '<');
		md_url(b, e->s, e->n);
		buf_addc(b, '>');
		return t->next;
	}
	buf_addc(b, '[');
	return e;
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
			render_text(b, e, md);
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
		case MD_SPAN_IMG:
			if (md)
				e = render_link(b, e);
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

/* The blocks [n, stop) as md_blocks() writes them, thematic breaks left
 * out: a "------" between parts of a file is layout, never text. */
void md_blocks_text(struct buf *b, const struct node *n,
		    const struct node *stop)
{
	for (; n && n != stop; n = n->next)
		if (n->type != MD_BLOCK_HR)
			md_blocks(b, n, n->next);
}

/* ---- lines of plain text ---- */

/* Inline events as plain text with each link's address after its text,
 * "text (https://...)", unless the text is the address. */
static void plain_links(struct buf *b, const struct inl *e)
{
	const struct inl *a, *end;
	size_t from;

	while (e) {
		for (a = e; a && !(a->ev == EV_ENTER && a->type == MD_SPAN_A);
		     a = a->next)
			;
		render_inl(b, e, a, 0);
		if (!a)
			return;
		for (end = a->next; end && !(end->ev == EV_LEAVE &&
					     end->type == MD_SPAN_A);
		     end = end->next)
			;
		from = b->len;
		render_inl(b, a->next, end, 0);
		if (a->n && (b->len - from != a->n ||
			     memcmp(b->data + from, a->s, a->n))) {
			buf_adds(b, " (");
			buf_add(b, a->s, a->n);
			buf_addc(b, ')');
		}
		e = end ? end->next : NULL;
	}
}

/* One line: the bytes from `from` on with line breaks made spaces. */
static void one_line(struct buf *b, size_t from)
{
	size_t i;

	for (i = from; i < b->len; i++)
		if (b->data[i] == '\n' || b->data[i] == '\r')
			b->data[i] = ' ';
}

static void start_line(struct buf *b)
{
	if (b->len)
		buf_addc(b, '\n');
}

void md_lines(struct buf *b, const struct node *n, const struct node *stop)
{
	struct buf md = BUF_INIT;
	const struct node *li;
	size_t from;

	for (; n && n != stop; n = n->next) {
		if (n->type == MD_BLOCK_HR || is_toc(n))
			continue;
		if (n->type == MD_BLOCK_P || n->type == MD_BLOCK_H) {
			start_line(b);
			from = b->len;
			plain_links(b, n->inl);
			one_line(b, from);
			if (strspn(b->data + from, " ") == b->len - from)
				b->len = from;   /* "&#32;": an empty line */
			if (b->alloc)
				b->data[b->len] = '\0';
		} else if (is_list(n)) {
			for (li = n->kids; li; li = li->next)
				md_lines(b, li->kids, NULL);
		} else if (n->type == MD_BLOCK_QUOTE) {
			md_lines(b, n->kids, NULL);
		} else {
			buf_reset(&md);
			md_blocks(&md, n, n->next);   /* code, tables */
			if (md.len) {
				start_line(b);
				buf_add(b, md.data, md.len);
			}
		}
	}
	if (md.err)
		b->err = 1;
	buf_release(&md);
}
