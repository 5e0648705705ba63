/*
 * The research-agenda catalog importer (import/agenda.h; the format is
 * docs/agendas.md): md4c's tree of the file, walked once, top-level block
 * by block:
 *
 *   # Title                  the catalog's title; blocks up to the first
 *                            agenda are its intro
 *   ## Agenda <!-- alignplan: id=ID -->
 *                            an agenda; blocks up to its first part are
 *                            its description
 *   ### Links | Roles | Project ideas | Test your fit | Description
 *                            a part: a list, one item each
 *
 * Everything that can go wrong stops at the first problem, with its line.
 * From the session importer's tree (md-tree.h) this file uses only
 * md_tree_parse/md_tree_release, parser_fail, render_inl, squeeze,
 * md_blocks and md_item_body, so that tree can change underneath easily.
 */
#include "import/agenda.h"

#include "core/buf.h"
#include "import/md-tree.h"
#include "import/md-write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum part { PART_DESC, PART_LINKS, PART_ROLES, PART_IDEAS, PART_TESTS };

/* The words of each part's heading ("### Links"), in any case, a trailing
 * colon ignored; the first of each part is the name used in messages. */
static const struct {
	const char *word;
	enum part part;
} part_words[] = {
	{ "description", PART_DESC }, { "what it is", PART_DESC },
	{ "about", PART_DESC },
	{ "links", PART_LINKS }, { "key links", PART_LINKS },
	{ "read more", PART_LINKS }, { "readings", PART_LINKS },
	{ "resources", PART_LINKS },
	{ "roles", PART_ROLES }, { "related roles", PART_ROLES },
	{ "project ideas", PART_IDEAS }, { "example project ideas", PART_IDEAS },
	{ "example projects", PART_IDEAS }, { "projects", PART_IDEAS },
	{ "test your fit", PART_TESTS }, { "cheap tests", PART_TESTS },
	{ "testing your fit", PART_TESTS },
	{ "cheap ways to test your fit", PART_TESTS },
};

/* What one item of each list part is called in messages. */
static const char *const item_names[] = {
	[PART_DESC] = "paragraph", [PART_LINKS] = "link",
	[PART_ROLES] = "role", [PART_IDEAS] = "project idea",
	[PART_TESTS] = "fit test",
};

struct builder {
	struct parser *p;
	struct agenda_catalog *c;
	size_t alloc;            /* agendas allocated */
	struct agenda *a;        /* the agenda being read, or NULL */
	size_t alloc_links, alloc_roles, alloc_ideas, alloc_tests;
	enum part part;
	struct buf text;         /* the intro, then each description */
	int text_line;           /* where the intro began */
};

static void nomem(struct builder *B)
{
	B->p->nomem = 1;
	parser_fail(B->p, 0, "out of memory");
}

/* Make room for one more element in *v (n used of *alloc, max `cap`). */
static int grow(struct builder *B, void *v, size_t *alloc, size_t n,
		size_t size)
{
	void **pv = v, *nv;
	size_t na = *alloc ? 2 * *alloc : 4;

	if (n < *alloc)
		return 0;
	nv = realloc(*pv, na * size);
	if (!nv) {
		nomem(B);
		return -1;
	}
	memset((char *)nv + *alloc * size, 0, (na - *alloc) * size);
	*pv = nv;
	*alloc = na;
	return 0;
}

/* A copy of b's text, or NULL (out of memory reported) */
static char *dup_buf(struct builder *B, const struct buf *b)
{
	char *s = b->err ? NULL : xstrndup(b->data, b->len);

	if (!s)
		nomem(B);
	return s;
}

/* Up to 60 bytes of `s` for a message, cut before a control byte and at
 * a character's boundary. */
static int quote_len(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 60 && (unsigned char)s[i] >= ' '; i++)
		;
	while (i > 0 && i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return (int)i;
}

/* Every link and image anywhere in block `n` must be http(s). */
static void check_links(struct builder *B, const struct node *n)
{
	const struct inl *e;
	const struct node *k;

	for (e = n->inl; e; e = e->next) {
		const char *why;

		if (e->ev != EV_ENTER ||
		    (e->type != MD_SPAN_A && e->type != MD_SPAN_IMG))
			continue;
		why = agenda_url_problem(e->s, e->n);
		if (why) {
			parser_fail(B->p, n->line, "link '%.*s': %s",
				    quote_len(e->s, e->n), e->s, why);
			return;
		}
	}
	for (k = n->kids; k && !B->p->failed; k = k->next)
		check_links(B, k);
}

/* The plain text of inline events [e, stop), squeezed, into b. */
static void plain(struct buf *b, const struct inl *e, const struct inl *stop)
{
	buf_reset(b);
	render_inl(b, e, stop, 0);
	squeeze(b);
}

/* ---- ids ---- */

/*
 * The slug of a title: ASCII letters and digits lowercased, apostrophes
 * dropped, anything else one dash; at most AGENDA_ID_MAX bytes, cut at
 * a dash.  Empty when the title has no ASCII letter or digit.
 */
static void slug(struct buf *b, const char *s)
{
	int dash = 0;

	buf_reset(b);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\'' || !strncmp(s, "\xe2\x80\x99", 3)) {
			s += c == '\'' ? 0 : 2;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9')) {
			if (dash && b->len)
				buf_addc(b, '-');
			dash = 0;
			buf_addc(b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		} else {
			dash = 1;
		}
	}
	if (b->len > AGENDA_ID_MAX) {
		size_t n = AGENDA_ID_MAX;

		while (n > 0 && b->data[n] != '-')
			n--;
		b->len = n ? n : AGENDA_ID_MAX;
		b->data[b->len] = '\0';
	}
}

/*
 * The id an agenda heading declares in `<!-- alignplan: id=ID -->`, into
 * b (left empty without one).  Returns -1 after reporting a malformed one.
 */
static int heading_id(struct builder *B, const struct node *h, struct buf *b)
{
	struct buf raw = BUF_INIT;
	const struct inl *e;
	const char *s, *end;
	int ret = 0;

	buf_reset(b);
	for (e = h->inl; e; e = e->next)
		if (e->ev == EV_TEXT && e->type == MD_TEXT_HTML)
			buf_add(&raw, e->s, e->n);
	s = strstr(raw.data, "alignplan:");
	if (!s)
		goto out;
	s += strlen("alignplan:");
	end = strstr(s, "-->");
	if (!end)
		end = raw.data + raw.len;
	while (s < end && !ret) {
		size_t n;

		s += strspn(s, " \t\r\n");
		n = strcspn(s, " \t\r\n");
		if (s + n > end)
			n = (size_t)(end - s);
		if (!n)
			break;
		if (n > 3 && !strncmp(s, "id=", 3) && !b->len) {
			buf_add(b, s + 3, n - 3);
		} else {
			parser_fail(B->p, h->line, "annotation: unknown word "
				    "'%.*s' (an agenda heading takes id=...)",
				    quote_len(s, n), s);
			ret = -1;
		}
		s += n;
	}
	if (!ret && b->len && !agenda_id_valid(b->data)) {
		parser_fail(B->p, h->line, "annotation: '%.*s' is not an "
			    "agenda id (lowercase letters and digits, words "
			    "joined by '-', at most %d)",
			    quote_len(b->data, b->len), b->data, AGENDA_ID_MAX);
		ret = -1;
	}
out:
	if (raw.err || b->err) {
		nomem(B);
		ret = -1;
	}
	buf_release(&raw);
	return ret;
}

/* ---- recognising a catalog ---- */

/* Does s (n bytes) start with `word`, in any case? */
static int starts(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);

	return n >= k && !strncasecmp(s, word, k);
}

int agenda_catalog_sniff(const char *src, size_t len)
{
	const char *s = src, *end = src + len, *eol;
	size_t n;

	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3;
	while (s < end && strchr(" \t\r\n", *s) && *s)
		s++;
	eol = memchr(s, '\n', (size_t)(end - s));
	n = (size_t)((eol ? eol : end) - s);
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (starts(s, n, "<!--")) {
		s += 4, n -= 4;
		for (; n && (*s == ' ' || *s == '\t'); s++, n--)
			;
		if (!starts(s, n, "alignplan:"))
			return 0;
		s += 10, n -= 10;
		for (; n && (*s == ' ' || *s == '\t'); s++, n--)
			;
		if (!starts(s, n, "agendas"))
			return 0;
		s += 7, n -= 7;
		for (; n && (*s == ' ' || *s == '\t'); s++, n--)
			;
		return n == 3 && !memcmp(s, "-->", 3);
	}
	if (!starts(s, n, "# "))
		return 0;
	for (s += 2, n -= 2; n && (*s == ' ' || *s == '\t'); s++, n--)
		;
	if (!starts(s, n, "research agendas"))
		return 0;
	s += 16, n -= 16;
	return !n || *s == ' ' || *s == ':' || *s == '-' || *s == '\t' ||
	       (n >= 3 && !memcmp(s, "\xe2\x80", 2));
}

/* ---- agendas ---- */

/* Check the agenda just read and keep its description. */
static void finish_agenda(struct builder *B)
{
	struct agenda *a = B->a;

	if (!a || B->p->failed)
		return;
	B->a = NULL;
	if (!B->text.len) {
		parser_fail(B->p, a->line, "agenda '%s' has no description: "
			    "write a paragraph under its heading", a->title);
	} else if (!a->nr_links) {
		parser_fail(B->p, a->line, "agenda '%s' has no links: add a "
			    "'### Links' list with at least one "
			    "[title](https://...)", a->title);
	} else if (!a->nr_roles) {
		parser_fail(B->p, a->line, "agenda '%s' has no related roles: "
			    "add a '### Roles' list", a->title);
	} else {
		a->description = dup_buf(B, &B->text);
	}
	buf_reset(&B->text);
}

/* Take a title from heading h into b: plain text, not empty, capped. */
static int heading_title(struct builder *B, const struct node *h,
			 struct buf *b, const char *what)
{
	plain(b, h->inl, NULL);
	if (!b->len) {
		parser_fail(B->p, h->line, "%s heading has no title", what);
		return -1;
	}
	if (b->len > AGENDA_MAX_ITEM) {
		parser_fail(B->p, h->line, "the title is %zu bytes; the limit "
			    "is %d", b->len, AGENDA_MAX_ITEM);
		return -1;
	}
	return 0;
}

/* A '## ' heading: a new agenda, its id unique. */
static void start_agenda(struct builder *B, const struct node *h)
{
	struct agenda_catalog *c = B->c;
	struct buf title = BUF_INIT, id = BUF_INIT;
	size_t i;

	if (heading_title(B, h, &title, "an agenda") ||
	    heading_id(B, h, &id))
		goto out;
	if (!id.len)
		slug(&id, title.data);
	if (!id.len) {
		parser_fail(B->p, h->line, "agenda '%s' needs an id: its title "
			    "has no letters or digits; add "
			    "<!-- alignplan: id=... --> to the heading",
			    title.data);
		goto out;
	}
	for (i = 0; i < c->nr_agendas; i++) {
		if (!strcmp(c->agendas[i].id, id.data)) {
			parser_fail(B->p, h->line, "agenda id '%s' is already "
				    "used on line %d", id.data,
				    c->agendas[i].line);
			goto out;
		}
	}
	if (c->nr_agendas >= AGENDA_MAX_AGENDAS) {
		parser_fail(B->p, h->line, "too many agendas (the limit is %d)",
			    AGENDA_MAX_AGENDAS);
		goto out;
	}
	if (grow(B, &c->agendas, &B->alloc, c->nr_agendas, sizeof(*B->a)))
		goto out;
	if (!c->nr_agendas && B->text.len) {
		/* The intro is whatever came before the first agenda. */
		c->intro = dup_buf(B, &B->text);
		if (!c->intro)
			goto out;
	}
	B->a = &c->agendas[c->nr_agendas++];
	B->a->line = h->line;
	B->a->title = dup_buf(B, &title);
	B->a->id = dup_buf(B, &id);
	B->alloc_links = B->alloc_roles = B->alloc_ideas = B->alloc_tests = 0;
	B->part = PART_DESC;
	buf_reset(&B->text);
out:
	buf_release(&title);
	buf_release(&id);
}

/* A '### ' heading: which part of the agenda follows. */
static void start_part(struct builder *B, const struct node *h)
{
	struct buf b = BUF_INIT;
	size_t i;

	plain(&b, h->inl, NULL);
	if (b.len && b.data[b.len - 1] == ':')
		b.data[--b.len] = '\0';
	if (!B->a) {
		parser_fail(B->p, h->line, "'### %s' comes before the first "
			    "agenda ('## Title')", b.data);
		goto out;
	}
	for (i = 0; i < sizeof(part_words) / sizeof(part_words[0]); i++) {
		if (!strcasecmp(b.data, part_words[i].word)) {
			B->part = part_words[i].part;
			goto out;
		}
	}
	parser_fail(B->p, h->line, "'### %s' is not a part of an agenda: "
		    "write Links, Roles, Project ideas, Test your fit or "
		    "Description", b.data);
out:
	buf_release(&b);
}

static void on_heading(struct builder *B, const struct node *h)
{
	struct buf b = BUF_INIT;

	if (!B->c->title) {
		if (h->level != 1)
			parser_fail(B->p, h->line, "the first heading must be "
				    "the catalog's title ('# Research "
				    "agendas')");
		else if (!heading_title(B, h, &b, "the catalog's"))
			B->c->title = dup_buf(B, &b);
		B->text_line = h->line;
	} else if (h->level == 1) {
		parser_fail(B->p, h->line, "a second title: a catalog has one "
			    "'# ' heading, and its agendas are '## ' headings");
	} else if (h->level == 2) {
		finish_agenda(B);
		if (!B->p->failed)
			start_agenda(B, h);
	} else if (h->level == 3) {
		start_part(B, h);
	} else {
		parser_fail(B->p, h->line, "a heading of level %u: a catalog "
			    "uses '#' for its title, '##' for agendas and "
			    "'###' for their parts", h->level);
	}
	buf_release(&b);
}

/* ---- the items of a part ---- */

/* Put an item's text in its list, capped in count and in size. */
static void add_item(struct builder *B, const struct node *li,
		     struct buf *b, char ***v, size_t *nr, size_t *alloc,
		     size_t cap)
{
	const char *what = item_names[B->part];

	if (!b->len)
		return;   /* an empty item: nothing to keep */
	if (b->len > AGENDA_MAX_ITEM) {
		parser_fail(B->p, li->line, "this %s is %zu bytes; the limit "
			    "is %d", what, b->len, AGENDA_MAX_ITEM);
		return;
	}
	if (*nr >= cap) {
		parser_fail(B->p, li->line, "too many %ss in '%s' (the limit "
			    "is %zu)", what, B->a->title, cap);
		return;
	}
	if (!grow(B, v, alloc, *nr, sizeof(**v)) &&
	    ((*v)[*nr] = dup_buf(B, b)))
		(*nr)++;
}

/* A role: one line of plain text; the same role twice is kept once. */
static void add_role(struct builder *B, const struct node *li, struct buf *b)
{
	struct agenda *a = B->a;
	size_t i;

	if (li->kids && (li->kids->next || li->kids->type != MD_BLOCK_P)) {
		parser_fail(B->p, li->line, "a role is one line of text, "
			    "without nested items");
		return;
	}
	plain(b, li->kids ? li->kids->inl : NULL, NULL);
	for (i = 0; i < a->nr_roles; i++)
		if (!strcasecmp(a->roles[i], b->data))
			return;
	add_item(B, li, b, &a->roles, &a->nr_roles, &B->alloc_roles,
		 AGENDA_MAX_ROLES);
}

/* Strip the separator between a link and its note (" — ", " - ", ": "). */
static void strip_separator(struct buf *b)
{
	size_t i = 0;

	for (;;) {
		if (i < b->len && strchr(" -:,", b->data[i]))
			i++;
		else if (b->len - i >= 3 && (!memcmp(b->data + i, "\xe2\x80\x93", 3) ||
					     !memcmp(b->data + i, "\xe2\x80\x94", 3)))
			i += 3;
		else
			break;
	}
	memmove(b->data, b->data + i, b->len - i + 1);
	b->len -= i;
}

/* A link: "[Title](https://...)" first in the item, then a note. */
static void add_link(struct builder *B, const struct node *li, struct buf *b)
{
	struct agenda *a = B->a;
	const struct node *para = li->kids;
	const struct inl *e = para ? para->inl : NULL, *end;
	struct agenda_link *l;

	while (e && e->ev == EV_TEXT && e->type == MD_TEXT_NORMAL &&
	       strspn(e->s, " \t") >= e->n)
		e = e->next;
	if (!para || para->next || para->type != MD_BLOCK_P || !e ||
	    e->ev != EV_ENTER || e->type != MD_SPAN_A) {
		parser_fail(B->p, li->line, "a link item starts with its link "
			    "and is one paragraph: '- [Title](https://...) "
			    "\xe2\x80\x94 a note'");
		return;
	}
	for (end = e->next; end && !(end->ev == EV_LEAVE &&
				     end->type == MD_SPAN_A); end = end->next)
		;
	if (a->nr_links >= AGENDA_MAX_LINKS) {
		parser_fail(B->p, li->line, "too many links in '%s' (the limit "
			    "is %d)", a->title, AGENDA_MAX_LINKS);
		return;
	}
	if (grow(B, &a->links, &B->alloc_links, a->nr_links, sizeof(*l)))
		return;
	l = &a->links[a->nr_links++];
	l->line = li->line;
	l->url = xstrndup(e->s, e->n);
	plain(b, e->next, end);
	l->title = b->len ? dup_buf(B, b) : xstrndup(e->s, e->n);
	buf_reset(b);
	if (end)
		render_inl(b, end->next, NULL, 1);
	squeeze(b);
	strip_separator(b);
	if (b->len > AGENDA_MAX_ITEM ||
	    (l->title && strlen(l->title) > AGENDA_MAX_ITEM))
		parser_fail(B->p, li->line, "this link's text or note is over "
			    "%d bytes", AGENDA_MAX_ITEM);
	if (b->len)
		l->note = dup_buf(B, b);
	if (!l->url || !l->title)
		nomem(B);
}

/* Every top-level item of a list under a part. */
static void on_list(struct builder *B, const struct node *list)
{
	struct agenda *a = B->a;
	struct buf b = BUF_INIT;
	const struct node *li;

	for (li = list->kids; li && !B->p->failed; li = li->next) {
		switch (B->part) {
		case PART_LINKS:
			add_link(B, li, &b);
			break;
		case PART_ROLES:
			add_role(B, li, &b);
			break;
		case PART_IDEAS:
		case PART_TESTS:
			buf_reset(&b);
			md_item_body(&b, li);
			if (B->part == PART_IDEAS)
				add_item(B, li, &b, &a->ideas, &a->nr_ideas,
					 &B->alloc_ideas, AGENDA_MAX_IDEAS);
			else
				add_item(B, li, &b, &a->fit_tests,
					 &a->nr_fit_tests, &B->alloc_tests,
					 AGENDA_MAX_TESTS);
			break;
		case PART_DESC:
			break;
		}
		if (b.err)
			nomem(B);
	}
	buf_release(&b);
}

/* A block that is not a heading, after the title. */
static void on_block(struct builder *B, const struct node *n)
{
	if (n->type == MD_BLOCK_HR)
		return;   /* layout */
	if (!B->a || B->part == PART_DESC) {
		md_blocks(&B->text, n, n->next);
		if (B->text.len > AGENDA_MAX_TEXT)
			parser_fail(B->p, n->line, "%s is over %d bytes",
				    B->a ? "the description" : "the intro",
				    AGENDA_MAX_TEXT);
		if (B->text.err && !B->p->failed)
			nomem(B);
		return;
	}
	if (n->type == MD_BLOCK_HTML)
		return;   /* a comment between items */
	if (n->type != MD_BLOCK_UL && n->type != MD_BLOCK_OL) {
		parser_fail(B->p, n->line, "under a part of an agenda, write a "
			    "list ('- ...'): one %s an item",
			    item_names[B->part]);
		return;
	}
	on_list(B, n);
}

static void build(struct builder *B)
{
	const struct node *n;

	for (n = B->p->doc->kids; n && !B->p->failed; n = n->next) {
		if (B->c->title)
			check_links(B, n);
		if (B->p->failed)
			break;
		if (n->type == MD_BLOCK_H)
			on_heading(B, n);
		else if (B->c->title)
			on_block(B, n);
		/* before the title: ignored, as in a session */
	}
	if (B->p->failed)
		return;
	finish_agenda(B);
	if (B->p->failed)
		return;
	if (!B->c->title)
		parser_fail(B->p, 1, "no title: a catalog starts with a "
			    "'# Research agendas' heading");
	else if (!B->c->nr_agendas)
		parser_fail(B->p, B->text_line, "no agendas: each agenda is a "
			    "'## ' heading under the title");
}

int agenda_catalog_parse(const char *src, size_t len,
			 struct agenda_catalog *out, struct import_error *err)
{
	struct parser p;
	struct agenda_catalog c;
	struct builder B = { .p = &p, .c = &c, .text = BUF_INIT };
	int ret = -1;

	memset(&c, 0, sizeof(c));
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (len > AGENDA_MAX_BYTES) {
		snprintf(err->msg, sizeof(err->msg), "file is %zu bytes; the "
			 "limit is %zu", len, AGENDA_MAX_BYTES);
		return -1;
	}
	if (md_tree_parse(&p, src, len, err))
		goto out;
	build(&B);
	if (p.nomem && !p.failed)
		parser_fail(&p, 0, "out of memory");
	if (p.failed)
		goto out;
	*out = c;
	memset(&c, 0, sizeof(c));
	ret = 0;
out:
	buf_release(&B.text);
	agenda_catalog_release(&c);
	md_tree_release(&p);
	return ret;
}
