/*
 * The Markdown tree of a session file: md4c's output kept as a small tree
 * of blocks.  Internal to the importer (md*.c); see md-tree.c, and
 * md-write.h for turning it back into canonical Markdown or plain text.
 */
#ifndef MD_TREE_H
#define MD_TREE_H

#include "model/session.h"

#include <md4c.h>
#include <stddef.h>
#include <stdint.h>


#define MAX_STACK (2 * IMPORT_MAX_DEPTH + 16)
#define MAX_SPANS 64

/* ---- arena: every tree node and event lives here, freed at once ---- */

struct chunk;

struct arena {
	struct chunk *head;
};

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
	const char *src;    /* the source md4c reads (see md_tree_parse) */
	size_t len;
	char *copy;         /* our copy of the source, which src points to */
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
	int nomem;          /* an allocation failed (reported at the end) */
	int failed;         /* err is set */
	struct import_error *err;
};

/*
 * Check `src` (size cap, UTF-8, NUL bytes, nesting depth) and parse it
 * with md4c into p->doc.  Returns 0, or -1 with the first error in `err`.
 * Call md_tree_release() afterwards either way.  md4c reads a copy of
 * `src` (p->src), with the same lines, in which links whose address holds
 * spaces, as Typora writes them, are written <like this>; the tree's text
 * points into that copy.
 */
int md_tree_parse(struct parser *p, const char *src, size_t len,
		  struct import_error *err);

/* Free the tree and the line index. */
void md_tree_release(struct parser *p);

/* Record an error at `line` (0: none) unless one is already recorded. */
void parser_fail(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The 1-based source line of `ptr`, a pointer into the parsed source
 * (inline events point there), or 0. */
int md_line_of(const struct parser *p, const char *ptr);

#endif
