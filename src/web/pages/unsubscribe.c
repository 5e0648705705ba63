/*
 * unsubscribe.c: the links in notification mail and the admin's view of
 * the outbox (docs/mail.md).
 *
 *   GET  /unsubscribe/TOKEN   what the link stops, and a button
 *   POST /unsubscribe/TOKEN   stop it: the button, or a mail program's
 *                             one click (RFC 8058: any body, no login,
 *                             no cookie; the signed token is the
 *                             authority, so there is no CSRF field)
 *   GET  /admin/mail          the outbox: counts, the newest mails
 *   GET  /admin/mail/ID       one mail: its text and its bytes
 */
#include "web/pages/unsubscribe.h"

#include "core/html.h"
#include "mail/notify.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The token's user and kind; false after replying (404, or 503 when the
 * store failed). */
static bool token_of(struct page *pg, int64_t *user, int *kind)
{
	int store_err = 0;

	if (!notify_token_check(pg->st, pg->rq->param[0], user, kind,
				&store_err))
		return true;
	if (store_err)
		page_store_failed(pg, store_err);
	else
		page_fail(pg, 404, "This unsubscribe link is not one of ours, "
			  "or it was cut short. Open the notifications page "
			  "to choose which mail you get.");
	return false;
}

static const char *what_stops(int kind)
{
	return kind ? notify_kind_label(kind) : "The daily digest";
}

void ui_unsubscribe_form(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	int64_t user;
	int kind;

	if (!token_of(pg, &user, &kind))
		return;
	page_begin(pg, "Stop this mail");
	html(b, "<h1>Stop this mail</h1><p>%s: no more mail of this kind. "
	     "You will still see it on your notifications page.</p>"
	     "<form method=\"post\" action=\"/unsubscribe/", what_stops(kind));
	html_url(b, pg->rq->param[0]);
	html_raw(b, "\"><button type=\"submit\">Stop this mail</button>"
		 "</form>");
	page_end(pg);
}

void ui_unsubscribe(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	int64_t user;
	int kind, r;

	if (!token_of(pg, &user, &kind))
		return;
	r = store_notice_pref_set(pg->st, user, kind, NOTICE_OFF,
				  NOTICE_DIGEST);
	if (r == STORE_NOTFOUND) {
		page_fail(pg, 404, "There is no account for this link any "
			  "more.");
		return;
	}
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	page_begin(pg, "Mail stopped");
	html(b, "<h1>Mail stopped</h1><p role=\"status\">%s: you will get no "
	     "more mail of this kind. To change it back, log in and open "
	     "<a href=\"/notifications#mail\">your notifications</a>.</p>",
	     what_stops(kind));
	page_end(pg);
}

/* ---- the admin's outbox ---- */

static const char *const state_names[] = {
	"", "waiting", "being sent", "sent", "failed",
};

static const char *state_name(int state)
{
	return state >= MAIL_QUEUED && state <= MAIL_FAILED ?
		state_names[state] : "unknown";
}

static int on_mail(void *ctx, const struct mail_row *m, const char *text)
{
	struct buf *b = ctx;
	char at[40];

	(void)text;
	when_minute(at, sizeof(at), m->created);
	html(b, "<tr><td><a href=\"/admin/mail/%lld\">%s</a></td><td>%s</td>"
	     "<td>%s</td><td>%s</td><td>%d</td><td>%s</td></tr>",
	     (long long)m->id, m->subject[0] ? m->subject : "(no subject)",
	     m->env_to, at, state_name(m->state),
	     m->attempts, m->last_error);
	return 0;
}

void ui_outbox(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	int64_t n[MAIL_FAILED + 1];
	int r;

	if ((r = store_mail_counts(pg->st, n)) != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	page_begin(pg, "Outgoing mail");
	html(b, "<h1>Outgoing mail</h1><p>%lld waiting, %lld being sent, "
	     "%lld sent, %lld failed.</p>", (long long)n[MAIL_QUEUED],
	     (long long)n[MAIL_SENDING], (long long)n[MAIL_SENT],
	     (long long)n[MAIL_FAILED]);
	if (!notify_config()->sending)
		html_raw(b, "<p class=\"error\">This server sends no mail (it "
			 "was started without <code>--smtp</code>): mail is "
			 "kept here and goes once a server with "
			 "<code>--smtp</code> runs on this database.</p>");
	html_raw(b, "<table><caption>The newest 200</caption><thead><tr>"
		 "<th scope=\"col\">Subject</th><th scope=\"col\">To</th>"
		 "<th scope=\"col\">Made</th><th scope=\"col\">State</th>"
		 "<th scope=\"col\">Tries</th><th scope=\"col\">Last error</th>"
		 "</tr></thead><tbody>");
	r = store_mail_list(pg->st, 0, 200, on_mail, b);
	html_raw(b, "</tbody></table>");
	if (r != STORE_OK)
		html_raw(b, "<p class=\"error\">The list could not be read "
			 "just now.</p>");
	page_end(pg);
}

void ui_outbox_mail(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	struct mail_row m;
	char *text = NULL, *msg = NULL;
	int64_t id = strtoll(pg->rq->param[0], NULL, 10);
	size_t len;
	int r;

	r = id > 0 ? store_mail_get(pg->st, id, &m, &text, &msg, &len) :
		STORE_NOTFOUND;
	if (r == STORE_NOTFOUND) {
		page_fail(pg, 404, "There is no such mail.");
		return;
	}
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	page_begin(pg, "A mail");
	html(b, "<p><a href=\"/admin/mail\">All outgoing mail</a></p>"
	     "<h1>%s</h1><p>To %s, %s after %d tries.</p><pre class=\"mail\">"
	     "%s</pre><details><summary>The message as sent</summary>"
	     "<pre class=\"mail\">", m.subject, m.env_to,
	     state_name(m.state), m.attempts, text);
	html_txtn(b, msg, len);
	html_raw(b, "</pre></details>");
	page_end(pg);
	free(text);
	free(msg);
}
