/*
 * notices.c: notifications (docs/mail.md).
 *
 *   GET  /notifications          one's notices, newest first, the unread
 *                                marked, and the mail wanted of each kind
 *   POST /notifications/read     mark them read (id=N: that one)
 *   POST /notifications/prefs    kind-WORD=off|each|digest for each kind
 *
 * The unsubscribe link and the admin's outbox are unsubscribe.c's.
 */
#include "web/pages/notices.h"

#include "core/html.h"
#include "mail/notify.h"
#include "web/widgets/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTICES_SHOWN 100

static const char *const mode_words[] = { "off", "each", "digest" };
static const char *const mode_labels[] = {
	"No mail", "A mail for each", "In a daily digest",
};

struct shown {
	struct page *pg;
	int n;
};

static int on_notice(void *ctx, const struct notice *n)
{
	struct shown *sh = ctx;
	struct buf *b = &sh->pg->rs->body;
	char at[40];

	sh->n++;
	when_minute(at, sizeof(at), n->created);
	html(b, "<li class=\"notice%s\">", n->read_at ? "" : " new");
	if (!n->read_at)
		html_raw(b, "<strong class=\"tag\">New</strong> ");
	html_raw(b, "<a href=\"");
	html_href(b, n->link);
	html(b, "\">%s</a> <span class=\"meta\">%s</span></li>", n->text, at);
	return 0;
}

static void prefs_form(struct page *pg, const int modes[NOTICE_KINDS])
{
	struct buf *b = &pg->rs->body;
	int k, m;

	html_raw(b, "<h2 id=\"mail\">Mail</h2><p>What reaches you by mail; "
		 "everything is listed here either way. A digest is one mail "
		 "a day with what happened since the last.</p>"
		 "<form method=\"post\" action=\"/notifications/prefs\">");
	page_csrf_field(pg);
	for (k = 1; k < NOTICE_KINDS; k++) {
		html(b, "<fieldset class=\"prefs\"><legend>%s</legend>",
		     notify_kind_label(k));
		for (m = NOTICE_OFF; m <= NOTICE_DIGEST; m++)
			html(b, "<label><input type=\"radio\" name=\"kind-%s\" "
			     "value=\"%s\"%s> %s</label>", notify_kind_word(k),
			     mode_words[m], modes[k] == m ? " checked" : "",
			     mode_labels[m]);
		html_raw(b, "</fieldset>");
	}
	html_raw(b, "<button type=\"submit\">Save</button></form>");
}

void ui_notices(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	struct shown sh = { pg, 0 };
	int modes[NOTICE_KINDS], r;

	if ((r = store_notice_prefs(pg->st, pg->user.id, modes)) != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	page_begin(pg, "Notifications");
	html(b, "<h1>Notifications</h1>");
	if (pg->unread) {
		html(b, "<p>%d unread.</p><form method=\"post\" "
		     "action=\"/notifications/read\">", pg->unread);
		page_csrf_field(pg);
		html_raw(b, "<button type=\"submit\">Mark all as read</button>"
			 "</form>");
	}
	html_raw(b, "<ul class=\"notices\">");
	r = store_notice_list(pg->st, pg->user.id, NOTICES_SHOWN, on_notice,
			      &sh);
	html_raw(b, "</ul>");
	if (r != STORE_OK)
		html_raw(b, "<p class=\"error\">Your notifications could not "
			 "be read just now.</p>");
	else if (!sh.n)
		html_raw(b, "<p class=\"meta\">Nothing yet: you will see here "
			 "when someone comments on your plans, replies to you "
			 "or mentions you.</p>");
	prefs_form(pg, modes);
	page_end(pg);
}

void ui_notices_read(struct page *pg)
{
	struct buf id;
	long long n = 0;
	int r;

	if (!page_post_ok(pg))
		return;
	buf_init(&id, 24);
	if (page_field(pg, "id", 0, &id) > 0)
		n = strtoll(id.data, NULL, 10);
	buf_release(&id);
	r = store_notice_read(pg->st, pg->user.id, n > 0 ? n : 0);
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	page_saved(pg, "/notifications");
}

/* The mode a field names; -1 for none. */
static int mode_of(const char *v)
{
	int m;

	for (m = NOTICE_OFF; m <= NOTICE_DIGEST; m++)
		if (!strcmp(v, mode_words[m]))
			return m;
	return -1;
}

void ui_notices_prefs(struct page *pg)
{
	struct buf v;
	char name[40];
	int k, m, r = STORE_OK;

	if (!page_post_ok(pg))
		return;
	buf_init(&v, 16);
	for (k = 1; k < NOTICE_KINDS && r == STORE_OK; k++) {
		snprintf(name, sizeof(name), "kind-%s", notify_kind_word(k));
		buf_reset(&v);
		if (page_field(pg, name, 0, &v) < 0)
			continue;
		if ((m = mode_of(v.data)) < 0) {
			buf_release(&v);
			page_fail(pg, 400, "Choose no mail, a mail for each or "
				  "a daily digest.");
			return;
		}
		r = store_notice_pref_set(pg->st, pg->user.id, k, m, 0);
	}
	buf_release(&v);
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		return;
	}
	page_saved(pg, "/notifications#mail");
}
