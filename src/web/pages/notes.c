/*
 * notes.c: "Bring your notes" — a participant's own Markdown notes of a
 * session (import/notes.h) become their answers and reading notes, in
 * two steps, neither needing JavaScript:
 *
 *   POST /s/N/notes          the upload (a file or a paste): a preview
 *                            of what lands where, what is new, what
 *                            differs from what is stored (a line diff)
 *                            and what matches nothing; nothing is saved.
 *   POST /s/N/notes/confirm  the confirm form of that preview: the notes
 *                            again and a digest of what the preview
 *                            showed.  The preview is made again from
 *                            them; if its digest differs (an answer was
 *                            saved since, in another tab), nothing is
 *                            saved and the new preview is shown, so a
 *                            confirm applies exactly what was previewed.
 *
 * The save is one transaction (store_import_put): what it replaces
 * stays in the history of each answer and note.
 */
#include "web/pages/notes.h"

#include "auth/auth.h"
#include "core/html.h"
#include "import/notes.h"
#include "model/answer.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/widgets/answer-view.h"
#include "web/widgets/diff-view.h"
#include "web/widgets/notes-upload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One preview: the notes read against the course and compared with the
 * participant's workbook. */
struct preview {
	const struct session *s;
	char *text;                 /* the notes, LF line ends */
	size_t len;
	char filename[128];         /* as the browser sent it, or "" */
	int pasted;                 /* the text is a paste, not a file */
	struct workbook wb;
	struct notes n;
	size_t count[3];            /* items per notes_state */
	char digest[65];
};

static const char *stored_note(void *wb, const char *reading_id)
{
	const struct wb_reading *r = workbook_reading(wb, reading_id);

	return r ? r->notes : NULL;
}

static const char *stored_value(struct preview *p,
				const struct notes_item *it)
{
	const char *v = it->what == NOTES_ANSWER ? workbook_get(&p->wb, it->id)
						 : stored_note(&p->wb, it->id);

	return v ? v : "";
}

/* CRLF and a lone CR become LF, in place: a browser sends a paste, and
 * the confirm form's copy, with CRLF; a file as it was saved. */
static size_t lf_only(char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\r') {
			s[o++] = '\n';
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	return o;
}

/*
 * The digest of a preview: the notes and, for each item, where it lands,
 * its state and what is stored there now.  The same notes against the
 * same stored answers give the same digest.
 */
static void preview_digest(struct preview *p)
{
	struct buf d = BUF_INIT;
	size_t i;

	buf_init(&d, 16u << 20);
	buf_add(&d, p->text, p->len);
	for (i = 0; i < p->n.nr_items; i++) {
		const struct notes_item *it = &p->n.items[i];

		buf_addf(&d, "\x1e%d\x1f%s\x1f%d\x1f", (int)it->what, it->id,
			 (int)it->state);
		buf_adds(&d, stored_value(p, it));
	}
	if (d.err)
		memset(p->digest, 0, sizeof(p->digest));
	else
		auth_token_hash(d.data, p->digest);
	buf_release(&d);
}

/* A refused upload: the message, and the form again with the text. */
static void upload_refused(struct page *pg, const struct session *s,
			   int status, const char *msg, const char *text)
{
	struct buf *b = &pg->rs->body;
	char first[2] = { msg[0], '\0' };

	pg->rs->status = status;
	page_begin(pg, "Your notes were not read");
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a></p>"
	     "<h1>Your notes were not read</h1><p class=\"error\" "
	     "role=\"alert\">", s->number, s->number, s->title);
	/* The importer's messages start in lower case ("line 3: ...") */
	if (first[0] >= 'a' && first[0] <= 'z')
		first[0] = (char)(first[0] - 'a' + 'A');
	html(b, "%s%s. Nothing was saved.</p><p>Correct the file and upload "
	     "it again, or paste your notes below.</p>", first,
	     *msg ? msg + 1 : "");
	notes_upload_form(pg, s->number, text);
	page_end(pg);
}

/*
 * Read the notes into p: 0, or -1 after replying (the notes do not
 * parse, are another session's, hold nothing to bring in; the workbook
 * cannot be read).
 */
static int preview_make(struct page *pg, struct preview *p)
{
	struct import_error e;
	size_t i;

	if (notes_read(p->s, p->text, p->len, &p->n, &e)) {
		upload_refused(pg, p->s, 422, e.msg,
			       p->pasted ? p->text : NULL);
		return -1;
	}
	for (i = 0; i < p->n.nr_items; i++) {
		const struct notes_item *it = &p->n.items[i];
		char msg[200];

		if (strlen(it->value) <= ANSWER_MAX)
			continue;
		/* what a page's save would refuse (ANSWER_MAX) */
		snprintf(msg, sizeof(msg), "line %d: this %s is longer than "
			 "64 KB, more than one answer or note may hold; "
			 "shorten it", it->line, it->what == NOTES_NOTE ?
			 "note" : "answer");
		upload_refused(pg, p->s, 422, msg, p->pasted ? p->text : NULL);
		return -1;
	}
	if (!page_workbook(pg, p->s, WB_ALL, &p->wb))
		return -1;
	notes_compare(&p->n, workbook_get, &p->wb, stored_note, &p->wb);
	for (i = 0; i < p->n.nr_items; i++)
		p->count[p->n.items[i].state]++;
	preview_digest(p);
	return 0;
}

static void preview_release(struct preview *p)
{
	notes_release(&p->n);
	workbook_release(&p->wb);
	free(p->text);
}

/* Where an item lands: the exercise and prompt, or the reading. */
static void item_head(struct buf *b, const struct session *s,
		      const struct notes_item *it)
{
	const struct exercise *ex = NULL;
	const struct prompt *pr = NULL;
	size_t i;

	if (it->what == NOTES_ANSWER)
		pr = session_find_prompt(s, it->id, &ex);
	html(b, "<h3>%s</h3><p class=\"meta\">", pr ? prompt_label(pr) :
	     it->label ? it->label : it->id);
	if (pr && ex) {
		html(b, "Your answer in <a href=\"/s/%d/e/", s->number);
		html_url(b, ex->id);
		html(b, "\">%s</a>", ex->title);
	}
	else if (pr)
		html_raw(b, "Your answer");
	else if (s->reflection && !strcmp(s->reflection->id, it->id))
		html(b, "Your reflections in <a href=\"/s/%d#thoughts\">"
		     "Thoughts</a>", s->number);
	for (i = 0; it->what == NOTES_NOTE && i < s->nr_readings; i++)
		if (!strcmp(s->readings[i].id, it->id))
			html(b, "Your private note on the reading "
			     "<a href=\"/s/%d#r-%s\">%s</a>", s->number, it->id,
			     s->readings[i].title);
	if (it->line > 0)
		html(b, " · line %d of your notes", it->line);
	html_raw(b, "</p>");
}

/* A value as it will read: an answer through its kind's view, a note
 * as its text. */
static void item_value(struct buf *b, const struct session *s,
		       const struct notes_item *it)
{
	const struct prompt *pr = it->what == NOTES_ANSWER ?
		session_find_prompt(s, it->id, NULL) : NULL;

	if (pr)
		plan_answer_view(b, pr, it->value, answer_today());
	else
		html(b, "<div class=\"note-text\">%s</div>", it->value);
}

/* The items of one state, each in a list item of its own. */
static void items_of(struct buf *b, struct preview *p, enum notes_state st)
{
	size_t i;

	html_raw(b, "<ul class=\"notes-items\">");
	for (i = 0; i < p->n.nr_items; i++) {
		const struct notes_item *it = &p->n.items[i];
		const char *old;

		if (it->state != st)
			continue;
		html_raw(b, "<li>");
		item_head(b, p->s, it);
		if (st == NOTES_CHANGED) {
			old = stored_value(p, it);
			diff_view(b, old, strlen(old), it->value,
				  strlen(it->value));
		} else if (st == NOTES_NEW) {
			item_value(b, p->s, it);
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

/* What matches nothing: listed, with where it is and what it says. */
static void unmatched(struct buf *b, const struct notes *n)
{
	size_t i;

	html(b, "<section aria-labelledby=\"nm\"><h2 id=\"nm\">Not matched "
	     "(%zu)</h2><p>These parts of your notes match no prompt or "
	     "reading of this session, so they will <strong>not</strong> be "
	     "saved. Copy them into the right place on the exercise pages, "
	     "or give them the prompt's own words in your file and upload it "
	     "again.</p><ul class=\"notes-items\">", n->nr_unmatched);
	for (i = 0; i < n->nr_unmatched; i++) {
		const struct notes_item *it = &n->unmatched[i];

		html(b, "<li><h3>%s “%s”</h3><p class=\"meta\">",
		     it->what == NOTES_ANSWER ? "An answer to" :
		     it->what == NOTES_NOTE ? "A note on" : "Text in",
		     it->source ? it->source : "");
		if (it->line > 0)
			html(b, "Line %d of your notes", it->line);
		html(b, "</p><div class=\"note-text\">%s</div></li>",
		     it->value);
	}
	html_raw(b, "</ul></section>");
}

/* The confirm form: the notes and the digest, carried back. */
static void confirm_form(struct page *pg, const struct preview *p)
{
	struct buf *b = &pg->rs->body;
	size_t todo = p->count[NOTES_NEW] + p->count[NOTES_CHANGED];

	if (!todo) {
		html(b, "<p class=\"flash\" role=\"status\">Everything in your "
		     "notes is already saved here: there is nothing to bring "
		     "in.</p><p><a href=\"/s/%d\">Back to the session</a></p>",
		     p->s->number);
		return;
	}
	/* multipart, as the upload: urlencoded, the notes could grow to
	 * three times their size and past the 1 MB a request may have */
	html(b, "<form method=\"post\" action=\"/s/%d/notes/confirm\" "
	     "enctype=\"multipart/form-data\" class=\"notes-confirm\">",
	     p->s->number);
	page_csrf_field(pg);
	html(b, "<input type=\"hidden\" name=\"digest\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"filename\" value=\"%s\">"
	     /* the newline after <textarea> is the one the parser drops,
	      * so notes that start with one keep it */
	     "<textarea name=\"notes\" hidden>\n%s</textarea>"
	     "<div class=\"row\"><button type=\"submit\">", p->digest,
	     p->filename, p->text);
	if (p->count[NOTES_NEW])
		html(b, "Save %zu new", p->count[NOTES_NEW]);
	if (p->count[NOTES_CHANGED])
		html(b, "%s %zu", p->count[NOTES_NEW] ? " and replace" :
		     "Replace", p->count[NOTES_CHANGED]);
	html(b, "</button><a href=\"/s/%d\">Cancel</a></div></form>",
	     p->s->number);
}

/* The preview page (status 200, or 409 when a confirm came too late). */
static void preview_page(struct page *pg, struct preview *p, int stale)
{
	struct buf *b = &pg->rs->body;
	const struct session *s = p->s;

	page_begin(pg, "Your notes: preview");
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a></p>"
	     "<h1>Your notes: preview</h1>", s->number, s->number, s->title);
	if (stale)
		html_raw(b, "<p class=\"error\" role=\"alert\">What is saved "
			 "here changed since your preview (in another tab or "
			 "window?), so nothing was saved. This is the preview "
			 "again, against what is saved now: check it and "
			 "confirm again.</p>");
	html(b, "<p class=\"summary\">%s%s%s%zu new · %zu different from what "
	     "you saved · %zu the same · %zu not matched. Nothing is saved "
	     "until you confirm at the end of this page.</p>",
	     *p->filename ? "From " : "", p->filename,
	     *p->filename ? ": " : "", p->count[NOTES_NEW],
	     p->count[NOTES_CHANGED], p->count[NOTES_SAME],
	     p->n.nr_unmatched);
	if (p->count[NOTES_CHANGED]) {
		html(b, "<section aria-labelledby=\"changed\"><h2 id=\"changed\">"
		     "Different from what you saved (%zu)</h2><p>Only what "
		     "changes is shown: <del>removed</del> lines and "
		     "<ins>added</ins> ones. What you saved before stays in "
		     "your plan's history.</p>", p->count[NOTES_CHANGED]);
		items_of(b, p, NOTES_CHANGED);
		html_raw(b, "</section>");
	}
	if (p->count[NOTES_NEW]) {
		html(b, "<section aria-labelledby=\"new\"><h2 id=\"new\">New "
		     "(%zu)</h2>", p->count[NOTES_NEW]);
		items_of(b, p, NOTES_NEW);
		html_raw(b, "</section>");
	}
	if (p->count[NOTES_SAME]) {
		html(b, "<section aria-labelledby=\"same\"><h2 id=\"same\">"
		     "Already saved, the same (%zu)</h2><details><summary>"
		     "Show them</summary>", p->count[NOTES_SAME]);
		items_of(b, p, NOTES_SAME);
		html_raw(b, "</details></section>");
	}
	if (p->n.nr_unmatched)
		unmatched(b, &p->n);
	confirm_form(pg, p);
	page_end(pg);
}

/*
 * The notes of the form into p->text: the file when one was chosen,
 * else the paste; from the confirm form, its copy.  0, or -1 after
 * replying.
 */
static int notes_text(struct page *pg, struct preview *p, const char *field)
{
	struct buf v, name;
	long n;

	buf_init(&v, HTTP_MAX_BODY);
	buf_init(&name, sizeof(p->filename) - 1);
	n = page_field(pg, field, 0, &v);
	if (n > 0 && page_field(pg, "file.filename", 0, &name) > 0)
		snprintf(p->filename, sizeof(p->filename), "%s", name.data);
	else if (page_field(pg, "filename", 0, &name) > 0)
		snprintf(p->filename, sizeof(p->filename), "%s", name.data);
	if (n <= 0 && !strcmp(field, "file")) {
		n = page_field(pg, "text", 0, &v);
		p->pasted = 1;
	}
	buf_release(&name);
	if (n == -2 || v.err) {
		page_fail(pg, v.err ? 413 : 400, v.err ?
			  "Your notes are larger than 1 MB, so nothing was "
			  "saved." : "Your notes are not valid UTF-8 text, so "
			  "nothing was saved.");
		buf_release(&v);
		return -1;
	}
	if (n <= 0) {
		upload_refused(pg, p->s, 400, "Choose a file of your notes, "
			       "or paste them, before asking for a preview",
			       NULL);
		buf_release(&v);
		return -1;
	}
	p->text = buf_detach(&v, &p->len);
	p->len = lf_only(p->text, p->len);
	return 0;
}

/* POST /s/N/notes: the preview. */
void ui_notes_preview(struct page *pg)
{
	struct preview p = { 0 };

	if (!(p.s = page_session(pg)) || !page_post_ok(pg))
		return;
	if (notes_text(pg, &p, "file") == 0 && preview_make(pg, &p) == 0)
		preview_page(pg, &p, 0);
	preview_release(&p);
}

/* Save what the preview showed: what is new and what changed. */
static int notes_save(struct page *pg, const struct preview *p)
{
	struct answer_put *a = calloc(p->n.nr_items + 1, sizeof(*a));
	struct note_put *w = calloc(p->n.nr_items + 1, sizeof(*w));
	size_t i, na = 0, nw = 0;
	int r = STORE_ERR;

	for (i = 0; a && w && i < p->n.nr_items; i++) {
		const struct notes_item *it = &p->n.items[i];

		if (it->state == NOTES_SAME)
			continue;
		if (it->what == NOTES_ANSWER)
			a[na++] = (struct answer_put){ it->id, it->value,
						       strlen(it->value) };
		else if (it->what == NOTES_NOTE)
			w[nw++] = (struct note_put){ it->id, it->value };
	}
	if (a && w)
		r = na || nw ? store_import_put(pg->st, pg->user.id,
						p->s->number, a, na, w, nw)
			     : STORE_OK;
	free(a);
	free(w);
	return r;
}

/* POST /s/N/notes/confirm: save, if the preview is still what it was. */
void ui_notes_confirm(struct page *pg)
{
	struct preview p = { 0 };
	struct buf d;
	char to[64];
	int r;

	if (!(p.s = page_session(pg)) || !page_post_ok(pg))
		return;
	if (notes_text(pg, &p, "notes") || preview_make(pg, &p))
		goto out;
	buf_init(&d, 64);
	r = page_field(pg, "digest", 0, &d) == 64 &&
	    !strcmp(d.data, p.digest);
	buf_release(&d);
	if (!r) {
		pg->rs->status = 409;
		preview_page(pg, &p, 1);
		goto out;
	}
	if ((r = notes_save(pg, &p)) != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	snprintf(to, sizeof(to), "/s/%d/plan?notes=saved", p.s->number);
	page_saved(pg, to);
out:
	preview_release(&p);
}
