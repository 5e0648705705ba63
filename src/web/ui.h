#ifndef UI_H
#define UI_H

#include "model/answer.h"
#include "model/kinds/kind.h"
#include "web/http.h"
#include "store/store.h"

#include <stdbool.h>

struct session;

/* What every page handler gets: the request, the response it fills, and
 * who is asking (resolved from the session cookie by the router). */
struct page {
	struct request *rq;
	struct response *rs;
	struct store *st;
	bool logged_in;
	struct user user;
	char csrf[STORE_TOKEN_MAX + 1];  /* the form token for this visitor */
	char token_hash[65];
	bool seen_due;      /* the router records the login's use afterwards */
};

typedef void page_fn(struct page *pg);

#define ANSWER_MAX ((size_t)64 << 10)  /* one answer or note: 64 KB */
/* A cap #defined as a plain number, as a string: for a message. */
#define UI_STR_(x) #x
#define UI_STR(x) UI_STR_(x)

/* Page chrome shared by every page (ui-shared.c). */
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
/* A form field (first value) into out; false when absent or malformed. */
long page_field(struct page *pg, const char *name, unsigned nth,
		struct buf *out);
/* The next value of a repeated field; *pos starts at 0. */
long page_field_next(struct page *pg, const char *name, size_t *pos,
		     struct buf *out);
/* The next field of the form, whatever its name; *pos starts at 0.
 * Returns as form_pair() (http.h). */
long page_field_pair(struct page *pg, size_t *pos, struct buf *name,
		     struct buf *value);
/* The session named by the route's first '*' (/s/<N>/...), and the
 * exercise by its second (/s/<N>/e/<id>); NULL after replying 404. */
struct exercise;
const struct session *page_session(struct page *pg);
const struct exercise *page_exercise(struct page *pg,
				     const struct session **sp);
/* "/s/7" style number parameter; -1 when not a plain small number. */
int page_number_param(const char *s);

struct progress;
/* A labelled progress bar; id must be unique on the page. */
void progress_bar(struct buf *b, const struct progress *p, const char *id);

/*
 * Exercise fields (fields.c).  The part of a prompt's fieldset that is
 * the same for every participant (question, guidance, bounds, timer) is
 * ui_prompt_head(); courses.c renders it once.  ui_field() writes the
 * controls for one answer, as its kind does (model/kinds/kind.h); fields
 * that draw on other prompts (rows=NAME, ref(NAME)) read their answers
 * through `get`.
 */
struct prompt;
void ui_prompt_head(struct buf *b, const struct prompt *p);

struct field_ctx {
	const struct session *s;
	answer_get_fn *get;      /* another prompt's stored answer */
	void *ctx;
	int today;               /* day number, for the sprint's defaults */
};
void ui_field(struct buf *b, const struct field_ctx *fc,
	      const struct prompt *p, const char *value);

/* Read prompt p's fields from an urlencoded body: `raw` gets the answer as
 * posted (lines, TAB between cells; shown again when it is refused), `out`
 * its normal form.  Returns 0, FIELD_TOO_LONG (over out's or raw's cap),
 * FIELD_MALFORMED (bad encoding or not UTF-8) or FIELD_TOO_MANY (more than
 * ANSWER_MAX_ITEMS items or rows; a post of more than twice that many is
 * read, and kept in raw, up to there). */
enum {
	FIELD_TOO_LONG = KIND_TOO_LONG,
	FIELD_MALFORMED = KIND_MALFORMED,
	FIELD_TOO_MANY = KIND_TOO_MANY,
};
int ui_field_posted(const struct prompt *p, const char *body, size_t len,
		    struct buf *raw, struct buf *out);

/* The rules of an account's fields, for sign-up and the account page
 * (ui-account.c): NULL when the value is fine, else what to tell the
 * person. */
const char *account_name_problem(const struct buf *name);
const char *account_email_problem(const struct buf *email);
const char *account_password_problem(const struct buf *password);

/* Page handlers. */
page_fn ui_home, ui_signup_form, ui_signup, ui_login_form, ui_login,
	ui_logout, ui_session, ui_reading_save, ui_thoughts_save, ui_exercise,
	ui_exercise_save,
	ui_static, ui_export, ui_account, ui_account_password,
	ui_account_logout_all;

#endif
