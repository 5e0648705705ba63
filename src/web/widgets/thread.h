#ifndef THREAD_H
#define THREAD_H

#include "model/mention.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

struct exercise;
struct page;
struct session;

/* A plan as the pages need it: whose, which session and exercise, and
 * how the visitor sees it (authz.h's plan_access). */
struct plan_ref {
	struct user owner;
	const struct session *s;
	const struct exercise *e;
	int access;
};

/* A comment that failed to save, shown again in its form with why. */
struct comment_draft {
	const char *prompt_id;
	int64_t parent;
	const char *body;
	const char *msg;
};

/*
 * The comments of a plan, copied out of the store and indexed once
 * (thread.c): each comment's replies in order, its thread's top
 * comment, and the top comments by section, so that a page is written
 * in one pass over them however they nest.  A page shows at most
 * STORE_COMMENTS_MAX of them (and a bounded number of bytes); the rest
 * are counted and said to be there.
 */
struct thread_item {
	struct comment c;
	char *body;
	long first, last, next;     /* replies; next sibling (-1: none) */
	long top;                   /* its thread's top comment */
	int replies;                /* a top comment: replies under it */
	int live_replies;           /* ...and of those, not deleted */
	int64_t resolved_at;        /* a top comment: 0 while open */
	int64_t resolved_by;
	size_t mfirst, mcount;      /* its mentions in thread.who */
};
struct thread_frame;
struct thread {
	struct thread_item *v;      /* in id order */
	size_t n, alloc;
	size_t *tops, nr_tops;      /* by section (prompt id), then id */
	struct thread_frame *stack; /* the walk's, n deep at most */
	size_t body_bytes;          /* loaded */
	size_t shown, bytes;        /* written so far on this page */
	bool more;                  /* the store had more than a page loads */
	bool draft_shown;           /* the refused comment's form is out */
	int oom;
	int open, resolved;         /* threads (top comments) of each kind */
	struct mention_who *who;    /* the people mentioned, by comment */
	char (*names)[STORE_NAME_MAX + 1];
	size_t nwho, who_alloc;
};
int thread_load(struct store *st, const struct plan_ref *pr,
		struct thread *t);
void thread_release(struct thread *t);
/* Write the comments on one section, and the form to add one.  NULL
 * prompt_id: the comments on prompts the session no longer has. */
void thread_section(struct page *pg, const struct plan_ref *pr,
		    struct thread *t, const char *prompt_id,
		    bool can_comment, const struct comment_draft *rejected);
/* How many threads of the plan are open and resolved, in an element
 * app.js updates when one is resolved or reopened (thread.c). */
void thread_summary(struct page *pg, const struct thread *t);
/* Is a thread open: its top comment not resolved, and not deleted with
 * no live reply (store_thread_open() counts the same way). */
bool thread_is_open(const struct thread_item *top);
/* After the sections: that some comments were not even read, and the
 * refused comment's form with its text when no section wrote it (its
 * comment is past what the page shows), so nothing typed is lost. */
void thread_end(struct page *pg, const struct plan_ref *pr,
		struct thread *t, const struct comment_draft *rejected);

#endif
