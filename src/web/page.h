#ifndef PAGE_H
#define PAGE_H

#include "auth/authz.h"
#include "core/form.h"
#include "store/store.h"
#include "web/request.h"
#include "web/response.h"

#include <stdbool.h>

/*
 * The request context every page handler gets (page.c), set up by the
 * router before the page runs: the request and the response it fills,
 * who is asking (from the session cookie), the route's access decision,
 * and a POST's form parsed once.
 *
 * What the route table declares is guaranteed here: a page of a route
 * that needs a login has one (logged_in is true), and `authz` holds what
 * authz_route() found on the way (the plan's access, the cohort and the
 * visitor's role in it, the comment, the link, the invite), so a page
 * neither checks again nor reads it again.
 */
struct page {
	struct request *rq;
	struct response *rs;
	struct store *st;
	bool logged_in;
	struct user user;
	char csrf[STORE_TOKEN_MAX + 1];  /* the form token for this visitor */
	char token_hash[65];
	bool seen_due;      /* the router records the login's use afterwards */
	int unread;         /* unread notices, for the header */
	enum access need;               /* the route's declaration */
	enum authz_verdict verdict;     /* ALLOW; an invite's LOGIN or GONE */
	struct authz authz;             /* what authz_route() found */
	struct form form;               /* a POST's body, parsed once */
	struct buf multipart;           /* a multipart body as urlencoded
					 * (form points into it) or empty */
	void *ahead;                    /* what a route's `ahead` read for
					 * its page (router.c), or NULL */
	void (*ahead_free)(void *ahead);  /* if the page did not take it */
};

typedef void page_fn(struct page *pg);

/* A login ends once unused for this many seconds (serve --idle-timeout;
 * the router passes it to store_login_find(), the account page says
 * it), beside its absolute lifetime of AUTH_SESSION_DAYS.  Set before
 * serving; every request reads it. */
#define PAGE_IDLE_DEFAULT ((int64_t)7 * 86400)
void page_set_idle_timeout(int64_t seconds);
int64_t page_idle_timeout(void);

#define ANSWER_MAX ((size_t)64 << 10)  /* one answer or note: 64 KB */
/* A cap #defined as a plain number, as a string: for a message. */
#define UI_STR_(x) #x
#define UI_STR(x) UI_STR_(x)

/* Page chrome shared by every page (after cgit's ui-shared.c). */
void page_begin(struct page *pg, const char *title);
void page_end(struct page *pg);
/* Where to go after logging in: a path of this site of at most
 * NEXT_MAX bytes, never another site ("//host") nor anything that could
 * break a header; page_next() reads it from the query or form ("next")
 * into out, "" when there is none or it is not such a path. */
#define NEXT_MAX 256
bool page_next_ok(const char *path);
void page_next(struct page *pg, char out[NEXT_MAX + 1]);
/* The hidden CSRF field every state-changing form carries. */
void page_csrf_field(struct page *pg);
/* Does the request carry this visitor's CSRF token (form or header)? */
bool page_csrf_ok(struct page *pg);
/* The CSRF check every POST handler starts with; on failure it has
 * replied 403. */
bool page_post_ok(struct page *pg);
/* Reply to a failed POST: JSON for autosave, an error page otherwise. */
void page_fail(struct page *pg, int status, const char *msg);
/* Reply to a failed store write (r: the store's code): the page is out of
 * date (the session was re-imported), or the server cannot save just now,
 * saying why (disk full, read-only database, I/O error, busy); the latter
 * also goes to the log (stderr) with the store's message. */
void page_store_failed(struct page *pg, int r);
/* Reply to a successful save: JSON for autosave, else 303 to back_to. */
void page_saved(struct page *pg, const char *back_to);
/* Redirect to the login page (GET) or refuse (POST). */
void page_need_login(struct page *pg);
/* A field of the posted form (first value) into out; returns as
 * form_get(): its length, -1 when absent, -2 when malformed or past
 * out's cap.  The form was parsed once, by the router. */
long page_field(struct page *pg, const char *name, unsigned nth,
		struct buf *out);
/* The next value of a repeated field; *pos starts at 0. */
long page_field_next(struct page *pg, const char *name, size_t *pos,
		     struct buf *out);
/* The next field of the form, whatever its name; *pos starts at 0.
 * Returns as form_pair(). */
long page_field_pair(struct page *pg, size_t *pos, struct buf *name,
		     struct buf *value);
/* The session named by the route's first '*' (/s/<N>/...), and the
 * exercise by its second (/s/<N>/e/<id>); NULL after replying 404. */
struct exercise;
const struct session *page_session(struct page *pg);
const struct exercise *page_exercise(struct page *pg,
				     const struct session **sp);
/* The exercise of session s with this id; NULL when s is NULL or has
 * none. */
const struct exercise *page_find_exercise(const struct session *s,
					  const char *id);
/* The visitor's own workbook of session s (workbook.h's WB_* `what`),
 * for a page that shows it; false after replying 503 when it cannot be
 * read. */
struct workbook;
bool page_workbook(struct page *pg, const struct session *s, int what,
		   struct workbook *wb);
/* "/s/7" style number parameter; -1 when not a plain small number. */
int page_number_param(const char *s);

#endif
