#ifndef OPPORTUNITY_H
#define OPPORTUNITY_H

#include <stddef.h>

/*
 * An opening on the opportunities board (issue 13): a job, fellowship,
 * program or grant, as an operator's file lists it (import/opportunities.c
 * reads CSV and JSON).  Strings are owned by the list, NUL-terminated
 * UTF-8; `agendas` and `roles` are lines (agenda ids, roles), "" when
 * none.  The board links to `url`; nothing is fetched.  Entries are
 * identified by their url: importing the same url again updates it.
 */
#define OPP_MAX_BYTES ((size_t)4 << 20)   /* the whole file (as a session) */
#define OPP_MAX_ENTRIES 5000
#define OPP_MAX_FIELD 1000                /* bytes of a field but url */
#define OPP_MAX_URL 2048
#define OPP_MAX_TAGS 10                   /* agendas, and roles */

struct opportunity {
	char *title, *organisation, *url, *kind, *location;
	char *agendas, *roles;
	int remote;         /* 0 or 1 */
	int deadline;       /* day number (days since 1970-01-01), 0: none */
	int line;           /* where it starts in the file */
	long long id;       /* the store's, as read; 0 in a file */
};

struct opportunity_list {
	struct opportunity *v;
	size_t n;
};

void opportunity_list_release(struct opportunity_list *l);

#endif
