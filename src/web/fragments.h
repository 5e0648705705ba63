#ifndef FRAGMENTS_H
#define FRAGMENTS_H

#include <stddef.h>

struct buf;
struct prompt;
struct session;

/*
 * The Markdown fragment cache (fragments.c): what every participant sees
 * the same of a loaded session, rendered to HTML once when the sessions
 * load — its Markdown fields and each prompt's fixed head (the
 * question, guidance, bounds and timer of its fieldset) — so a page
 * copies bytes instead of running md4c and the HTML writer again.
 *
 * fragments_load() renders the sessions given (the catalog's,
 * courses_all()) with `head` writing a prompt's head (fields.h's
 * ui_prompt_head(); passed in, since fields.c asks this cache for its
 * Markdown), and publishes the table; router.h's app_load() calls it
 * after courses_load().  A replaced table stays readable until
 * fragments_free().
 */
typedef void fragment_head_fn(struct buf *b, const struct prompt *p);
int fragments_load(const struct session *s, size_t n, fragment_head_fn *head);
void fragments_free(void);

/* Write a loaded session's Markdown field as HTML: the copy rendered at
 * load time when md is one of its fields, else rendered now. */
void fragment_markdown(struct buf *b, const char *md, int inline_only);
/* Write the loaded prompt's pre-rendered head; -1 when p is not from
 * the sessions of the current table, and the caller renders it. */
int fragment_prompt_head(struct buf *b, const struct prompt *p);

#endif
