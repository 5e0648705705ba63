#ifndef SHARE_CONTROL_H
#define SHARE_CONTROL_H

struct exercise;
struct page;
struct session;

/* "Your plans": the sharing control of one of the visitor's plans
 * (share-control.c) — private or the cohort, a read-only link to make
 * or revoke — and its unread comment count with a link to them.  Its
 * forms post to /s/N/e/EX/share (pages/share.c). */
void share_control(struct page *pg, const struct session *s,
		   const struct exercise *e);

#endif
