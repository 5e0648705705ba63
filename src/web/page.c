/*
 * page.c: the request context's helpers — the chrome every page shares
 * (after cgit's ui-shared.c), the replies of a failed or finished POST,
 * the form's fields (parsed once, by the router) and the session and
 * exercise a path names.
 */
#include "web/page.h"

#include "auth/auth.h"
#include "core/html.h"
#include "core/json.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/courses.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t idle_timeout = PAGE_IDLE_DEFAULT;

void page_set_idle_timeout(int64_t seconds)
{
	idle_timeout = seconds;
}

int64_t page_idle_timeout(void)
{
	return idle_timeout;
}

void page_begin(struct page *pg, const char *title)
{
	struct buf *b = &pg->rs->body;

	response_html_head(b, title, true);
	if (pg->logged_in) {
		html(b, "<a href=\"/agendas\">Agendas</a>"
		     "<a href=\"/people\">People</a>"
		     "<a href=\"/opportunities\">Opportunities</a>"
		     "<a href=\"/gallery\">Gallery</a>"
		     "<a href=\"/cohorts\">Cohorts</a>");
		if (pg->unread)
			html(b, "<a href=\"/notifications\" class=\"unread\">"
			     "Notifications <span class=\"count\">%d</span>"
			     "<span class=\"sr-only\"> unread</span></a>",
			     pg->unread);
		else
			html_raw(b, "<a href=\"/notifications\">Notifications"
				 "</a>");
		html(b, "<a class=\"who\" href=\"/account\" "
		     "title=\"Your account\">%s</a>"
		     "<form method=\"post\" action=\"/logout\" class=\"inline\">",
		     pg->user.name);
		page_csrf_field(pg);
		html_raw(b, "<button type=\"submit\">Log out</button></form>");
	} else
		html_raw(b, "<a href=\"/login\">Log in</a>"
			 "<a href=\"/signup\">Sign up</a>");
	html_raw(b, "</nav></header><main id=\"main\">");
}

void page_end(struct page *pg)
{
	html_raw(&pg->rs->body, "</main></body></html>\n");
}

void page_csrf_field(struct page *pg)
{
	html(&pg->rs->body, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
	     pg->csrf);
}

long page_field(struct page *pg, const char *name, unsigned nth,
		struct buf *out)
{
	return form_field_get(&pg->form, name, nth, out);
}

long page_field_next(struct page *pg, const char *name, size_t *pos,
		     struct buf *out)
{
	return form_field_next(&pg->form, pos, name, out);
}

long page_field_pair(struct page *pg, size_t *pos, struct buf *name,
		     struct buf *value)
{
	return form_field_pair(&pg->form, pos, name, value);
}

bool page_csrf_ok(struct page *pg)
{
	struct buf v;
	bool ok = false;

	if (!pg->csrf[0])
		return false;
	if (*pg->rq->csrf_header)
		return auth_token_equal(pg->rq->csrf_header, pg->csrf);
	buf_init(&v, 128);
	if (page_field(pg, "csrf", 0, &v) > 0)
		ok = auth_token_equal(v.data, pg->csrf);
	buf_release(&v);
	return ok;
}

bool page_post_ok(struct page *pg)
{
	if (page_csrf_ok(pg))
		return true;
	page_fail(pg, 403, "This form has expired, so nothing was saved. "
		  "Copy what you typed, reload the page and try again.");
	return false;
}

void page_fail(struct page *pg, int status, const char *msg)
{
	if (pg->rq->autosave)
		response_json_error(pg->rs, status, msg);
	else
		response_error(pg->rs, status, msg);
}

/*
 * A failed write: what the person is told, and the line the operator
 * finds in the log.  A full disk, a read-only database and an I/O error
 * will not pass by themselves in a moment, so they are named, to both.
 */
static const struct {
	int code;
	const char *cause;          /* for the log */
	const char *msg;            /* for the person */
} store_failures[] = {
	{ STORE_DISKFULL, "the disk is full",
	  "Not saved: the server's disk is full. Nothing of this save was "
	  "kept: copy your text somewhere safe and try again later." },
	{ STORE_READONLY, "the database is read-only",
	  "Not saved: the server's database is read-only just now. Nothing "
	  "of this save was kept: copy your text somewhere safe and try "
	  "again later." },
	{ STORE_IOERR, "the disk reported an I/O error",
	  "Not saved: the server's disk reported an error. Nothing of this "
	  "save was kept: copy your text somewhere safe and try again "
	  "later." },
	{ STORE_ERR, "database error",
	  "Not saved: the database is busy. Try again in a moment." },
};

void page_store_failed(struct page *pg, int r)
{
	char path[128];
	size_t i;

	/* Refused on a guessed login that changed: the router makes this
	 * request again (store_login_settle()), so nothing to log. */
	if (store_login_changed(pg->st)) {
		page_fail(pg, 503, "Not saved: your login changed just now. "
			  "Reload the page and save again.");
		return;
	}
	if (r == STORE_NOTFOUND) {
		page_fail(pg, 409, "Not saved: this session was changed since "
			  "the page loaded. Copy your text, reload the page "
			  "and save again.");
		return;
	}
	for (i = 0; i + 1 < sizeof(store_failures) / sizeof(*store_failures);
	     i++)
		if (store_failures[i].code == r)
			break;
	/* The path is the visitor's: no control bytes into the log. */
	snprintf(path, sizeof(path), "%s", pg->rq->path);
	for (char *c = path; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	fprintf(stderr, "alignplan: %s %s: not saved: %s (%s)\n",
		pg->rq->method, path, store_failures[i].cause,
		store_errmsg(pg->st));
	page_fail(pg, 503, store_failures[i].msg);
}

void page_saved(struct page *pg, const char *back_to)
{
	struct jw j = { .b = &pg->rs->body, .first = 1, .compact = 1 };

	if (!pg->rq->autosave) {
		response_redirect(pg->rs, back_to);
		return;
	}
	pg->rs->content_type = "application/json";
	jw_open(&j, NULL, '{');
	jw_int(&j, "saved", (long long)time(NULL));
	jw_close(&j, '}');
	buf_addc(&pg->rs->body, '\n');
}

/* A logged-out visitor of a page goes to log in, and comes back to it
 * afterwards (its path, without the query). */
void page_need_login(struct page *pg)
{
	struct buf to;

	if (strcmp(pg->rq->method, "GET")) {
		page_fail(pg, 403, "Your login has expired: log in again. "
			  "Copy anything unsaved first.");
		return;
	}
	buf_init(&to, 300);
	buf_adds(&to, "/login?next=");
	html_url(&to, pg->rq->path);
	response_redirect(pg->rs, !to.err && page_next_ok(pg->rq->path) ?
			  to.data : "/login");
	buf_release(&to);
}

bool page_next_ok(const char *path)
{
	size_t n = strlen(path), i;

	if (!n || n > NEXT_MAX || path[0] != '/' || path[1] == '/' ||
	    path[1] == '\\')
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f ||
		    path[i] == '\\')
			return false;
	return true;
}

void page_next(struct page *pg, char out[NEXT_MAX + 1])
{
	struct buf v;
	long n;

	buf_init(&v, NEXT_MAX);
	if (strcmp(pg->rq->method, "POST"))
		n = form_get(pg->rq->query, strlen(pg->rq->query), "next", 0,
			     &v);
	else
		n = page_field(pg, "next", 0, &v);
	snprintf(out, NEXT_MAX + 1, "%s",
		 n >= 0 && !v.err && page_next_ok(v.data) ? v.data : "");
	buf_release(&v);
}

const struct session *page_session(struct page *pg)
{
	int n = page_number_param(pg->rq->param[0]);
	const struct session *s = n < 0 ? NULL : course_get(n);

	if (!s)
		page_fail(pg, 404, "There is no such session.");
	return s;
}

const struct exercise *page_find_exercise(const struct session *s,
					  const char *id)
{
	size_t i;

	for (i = 0; s && id && i < s->nr_exercises; i++)
		if (!strcmp(s->exercises[i].id, id))
			return &s->exercises[i];
	return NULL;
}

const struct exercise *page_exercise(struct page *pg,
				     const struct session **sp)
{
	const struct session *s = page_session(pg);
	const struct exercise *e;

	if (!s)
		return NULL;
	if ((e = page_find_exercise(s, pg->rq->param[1]))) {
		*sp = s;
		return e;
	}
	page_fail(pg, 404, "There is no such exercise.");
	return NULL;
}

bool page_workbook(struct page *pg, const struct session *s, int what,
		   struct workbook *wb)
{
	if (workbook_load(pg->st, pg->user.id, s->number, what, wb) ==
	    STORE_OK)
		return true;
	page_fail(pg, 503, "Your workbook could not be read; try again in a "
		  "moment.");
	return false;
}

int page_number_param(const char *s)
{
	char *end;
	long n;

	if (!s || !*s || strlen(s) > 4)
		return -1;
	n = strtol(s, &end, 10);
	return *end || n < 0 ? -1 : (int)n;
}
