#ifndef UI_PEER_H
#define UI_PEER_H

#include "web/ui.h"

struct buf;
struct comment;
struct exercise;
struct session;

/*
 * The peer side of cohorts (docs/cohorts.md): sharing a plan and reading
 * someone else's (ui-share.c), comments on its sections (ui-comment.c),
 * check-ins on milestones (ui-checkin.c) and accountability partners
 * (ui-partner.c).  Every access decision is authz.h's.
 */
page_fn ui_share_save, ui_peer_plan, ui_link_plan, ui_comment_add,
	ui_comment_change, ui_checkins, ui_checkin_save, ui_peer_checkins,
	ui_partner, ui_backer;

/* "Your plans": the sharing control of one plan (private / my cohort /
 * a read-only link to make or revoke) and its unread comment count with
 * a link to the comments. */
void share_control(struct page *pg, const struct session *s,
		   const struct exercise *e);

/* ---- accountability partners (ui-partner.c) ---- */

/* The visitor's partnerships, both directions and every state, copied
 * out of the store's callback. */
struct partner_rows {
	struct partner *v;
	size_t n, alloc;
	bool oom;
};
int partner_rows_load(struct store *st, int64_t user,
		      struct partner_rows *pr);
void partner_rows_release(struct partner_rows *pr);

/* A cohort page's partner forms for another member `m`: their request
 * to accept or decline, or the partnership to end; and the visitor's
 * own: ask, withdraw, stop backing.  `pr` are the visitor's rows. */
void partner_control(struct page *pg, const struct cohort *c,
		     const struct member *m, const struct partner_rows *pr);

/* The check-ins page's part: the visitor's partnerships in their
 * cohorts of one session, with the other side's name. */
struct partner_item {
	struct partner p;
	char name[STORE_NAME_MAX + 1];
};
struct partner_board {
	int64_t user;
	int number;
	struct cohort *cohorts;     /* the visitor's of session `number` */
	size_t nr_cohorts;
	struct partner_item *items;
	size_t n;
	int waiting;                /* requests waiting for their answer */
};
int partner_board_load(struct store *st, int64_t user, int number,
		       struct partner_board *pb);
void partner_board_release(struct partner_board *pb);
/* "2 requests ... wait for your answer", a link to the section. */
void partner_board_notice(struct page *pg, const struct partner_board *pb);
/* The section (id "partners"): requests to answer, partners, whom the
 * visitor backs or asked to; nothing when in no cohort of the session. */
void partner_board_section(struct page *pg, const struct partner_board *pb);
/* How many requests wait for `user`'s answer in cohorts of session
 * `number` ("Your plans" points to them). */
int partner_waiting(struct store *st, int64_t user, int number, int *n);

/* ---- between ui-share.c and ui-comment.c ---- */

/* A plan as the pages need it: whose, which session and exercise. */
struct plan_ref {
	struct user owner;
	const struct session *s;
	const struct exercise *e;
	int access;                 /* authz.h's plan_access for the visitor */
};

/* The visitor as authz.h takes it: NULL when not logged in. */
static inline const struct user *peer_viewer(const struct page *pg)
{
	return pg->logged_in ? &pg->user : NULL;
}

/* Resolve /p/<user>/<N>/<ex> (param 0..2) and check that the visitor may
 * see it with its comments; on refusal the reply is made, false back. */
bool plan_open(struct page *pg, struct plan_ref *pr);

/* Write the plan read-only, one section per prompt.  With comments, each
 * section carries its threads and, when `can_comment`, a form to add
 * one; `rejected` (or NULL) is a comment that failed to save, shown again
 * in its form with `rejected_msg`. */
struct comment_draft {
	const char *prompt_id;
	int64_t parent;
	const char *body;
	const char *msg;
};
void plan_view(struct page *pg, const struct plan_ref *pr, bool comments,
	       bool can_comment, const struct comment_draft *rejected);

/*
 * The comments of a plan, copied out of the store and indexed once
 * (ui-comment.c): each comment's replies in order, its thread's top
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
};
int thread_load(struct store *st, const struct plan_ref *pr,
		struct thread *t);
void thread_release(struct thread *t);
/* Write the comments on one section, and the form to add one.  NULL
 * prompt_id: the comments on prompts the session no longer has. */
void thread_section(struct page *pg, const struct plan_ref *pr,
		    struct thread *t, const char *prompt_id,
		    bool can_comment, const struct comment_draft *rejected);
/* After the sections: that some comments were not even read, and the
 * refused comment's form with its text when no section wrote it (its
 * comment is past what the page shows), so nothing typed is lost. */
void thread_end(struct page *pg, const struct plan_ref *pr,
		struct thread *t, const struct comment_draft *rejected);

#endif
