#ifndef PARTNERS_H
#define PARTNERS_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

struct page;

/* The visitor's partnerships, both directions and every state, copied
 * out of the store's callback (partners.c). */
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

#endif
