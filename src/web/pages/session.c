/*
 * session.c: the home page, a session's page (focus, readings with
 * private notes and a done mark, progress, the exercises) and the save of
 * a reading's notes and mark.
 */
#include "web/pages/session.h"

#include "core/html.h"
#include "model/answer.h"
#include "model/session.h"
#include "store/workbook.h"
#include "web/courses.h"
#include "web/fragments.h"
#include "web/widgets/notes-upload.h"
#include "web/widgets/progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void ui_home(struct page *pg)
{
	struct buf *b = &pg->rs->body;
	const struct session *all;
	size_t i, n;

	if (!pg->logged_in) {
		page_begin(pg, "Welcome");
		html_raw(b, "<h1>alignplan</h1><p>Work through a course "
			 "session: its readings, your notes and the "
			 "exercises, saved as you type.</p><p>"
			 "<a href=\"/signup\">Sign up</a> or "
			 "<a href=\"/login\">log in</a> to start.</p>");
		page_end(pg);
		return;
	}
	all = courses_all(&n);
	if (n == 1) {
		char to[32];

		snprintf(to, sizeof(to), "/s/%d", all[0].number);
		response_redirect(pg->rs, to);
		return;
	}
	page_begin(pg, "Sessions");
	html_raw(b, "<h1>Sessions</h1>");
	if (!n)
		html_raw(b, "<p>No session has been imported yet.</p>");
	html_raw(b, "<ul class=\"sessions\">");
	for (i = 0; i < n; i++)
		html(b, "<li><a href=\"/s/%d\">Session %d: %s</a></li>",
		     all[i].number, all[i].number, all[i].title);
	html_raw(b, "</ul>");
	page_end(pg);
}

static void reading_item(struct page *pg, int number,
			 const struct reading *r, const struct wb_reading *mine)
{
	struct buf *b = &pg->rs->body;

	html(b, "<article class=\"reading\" id=\"r-%s\"><h3>", r->id);
	if (r->url)
		{
		html_raw(b, "<a href=\"");
		html_href(b, r->url);
		html(b, "\" rel=\"noopener\">%s</a>", r->title);
	}
	else
		html(b, "%s", r->title);
	html_raw(b, "</h3><p class=\"meta\">");
	if (r->kind)
		html(b, "<span class=\"tag\">%s</span> ", r->kind);
	if (r->author)
		html(b, "%s", r->author);
	if (r->year)
		html(b, " (%d)", r->year);
	if (r->minutes)
		html(b, " · about %d minutes", r->minutes);
	if (r->optional)
		html_raw(b, " · optional");
	html_raw(b, "</p>");
	if (r->summary) {
		html_raw(b, "<blockquote class=\"summary\">");
		fragment_markdown(b, r->summary, 0);
		html_raw(b, "</blockquote>");
	}
	if (r->notes) {
		html_raw(b, "<details class=\"guide-notes\"><summary>Notes from "
			 "the session guide</summary>");
		fragment_markdown(b, r->notes, 0);
		html_raw(b, "</details>");
	}
	html(b, "<form method=\"post\" action=\"/s/%d/r/", number);
	html_url(b, r->id);
	html_raw(b, "\" class=\"save\" data-autosave>");
	page_csrf_field(pg);
	html(b, "<label for=\"n-%s\">Your private notes</label>"
	     "<textarea id=\"n-%s\" name=\"notes\" rows=\"3\">%s</textarea>"
	     "<input type=\"hidden\" name=\"has_done\" value=\"1\">"
	     "<div class=\"row\"><label class=\"check\"><input type=\"checkbox\" "
	     "name=\"done\" value=\"1\"%s> I have done this reading</label>"
	     "<button type=\"submit\">Save</button>"
	     "<span class=\"status\" role=\"status\" aria-live=\"polite\"></span>"
	     "</div></form></article>", r->id, r->id,
	     mine ? mine->notes : "", mine && mine->done ? " checked" : "");
}

/* The Thoughts section's box: private, saved as it is typed, and in the
 * whole-workbook downloads. */
static void reflection_form(struct page *pg, const struct session *s,
			    const char *value)
{
	struct buf *b = &pg->rs->body;

	html(b, "<form method=\"post\" action=\"/s/%d/thoughts\" "
	     "class=\"save reflection\" data-autosave>", s->number);
	page_csrf_field(pg);
	html(b, "<label for=\"reflection\">%s</label>"
	     "<p class=\"note\" id=\"reflection-who\">Private: only you see "
	     "them. They are saved as you type and are part of the "
	     "whole-workbook downloads on <a href=\"/s/%d/plan\">Your "
	     "plans</a>.</p>"
	     "<textarea id=\"reflection\" name=\"reflection\" rows=\"6\" "
	     "aria-describedby=\"reflection-who\">%s</textarea>"
	     "<div class=\"row\"><button type=\"submit\">Save</button>"
	     "<span class=\"status\" role=\"status\" aria-live=\"polite\">"
	     "</span></div></form>", s->reflection->plain, s->number,
	     value ? value : "");
}

/* Text of a section that is none of its items (session.h), above them. */
static void intro(struct buf *b, const char *md)
{
	if (md && *md) {
		html_raw(b, "<div class=\"intro\">");
		fragment_markdown(b, md, 0);
		html_raw(b, "</div>");
	}
}

/* Links to follow up after the exercises, and the sections the importer
 * does not know ("Schedule"), as the course wrote them. */
static void more_sections(struct buf *b, const struct session *s)
{
	const char *group = NULL;
	size_t i;

	if (s->nr_resources || s->resources_intro) {
		html_raw(b, "<section aria-labelledby=\"resources\">"
			 "<h2 id=\"resources\">Resources</h2>");
		intro(b, s->resources_intro);
		html_raw(b, "<ul class=\"resources\">");
		for (i = 0; i < s->nr_resources; i++) {
			const struct resource *r = &s->resources[i];

			if (r->group && (!group || strcmp(group, r->group)))
				html(b, "</ul><h3>%s</h3><ul class=\"resources\">",
				     r->group);
			group = r->group;
			html_raw(b, "<li>");
			fragment_markdown(b, r->text, 0);
			html_raw(b, "</li>");
		}
		html_raw(b, "</ul></section>");
	}
	for (i = 0; i < s->nr_others; i++) {
		html(b, "<section aria-labelledby=\"other-%d\"><h2 "
		     "id=\"other-%d\">%s</h2>", (int)i, (int)i,
		     s->others[i].title);
		intro(b, s->others[i].text);
		html_raw(b, "</section>");
	}
}

/* The page's contents, as the session's own "[toc]" asks: its sections,
 * and under Readings each reading, the page being long. */
static void contents(struct buf *b, const struct session *s)
{
	size_t i;

	html_raw(b, "<nav class=\"toc\" aria-labelledby=\"toc-h\"><h2 "
		 "id=\"toc-h\">Contents</h2><ol>");
	if (s->nr_objectives)
		html_raw(b, "<li><a href=\"#focus\">Focus</a></li>");
	if (s->nr_readings) {
		html_raw(b, "<li><a href=\"#readings\">Readings</a><ol>");
		for (i = 0; i < s->nr_readings; i++)
			html(b, "<li><a href=\"#r-%s\">%s</a></li>",
			     s->readings[i].id, s->readings[i].title);
		html_raw(b, "</ol></li>");
	}
	if (s->nr_exercises)
		html_raw(b, "<li><a href=\"#exercises\">Exercises</a></li>");
	if (s->nr_exercises || s->nr_readings)
		html_raw(b, "<li><a href=\"#bring\">Bring your notes</a></li>");
	if (s->nr_resources || s->resources_intro)
		html_raw(b, "<li><a href=\"#resources\">Resources</a></li>");
	for (i = 0; i < s->nr_others; i++)
		html(b, "<li><a href=\"#other-%d\">%s</a></li>", (int)i,
		     s->others[i].title);
	if (s->reflection || (s->thoughts && *s->thoughts))
		html_raw(b, "<li><a href=\"#thoughts\">Thoughts</a></li>");
	html_raw(b, "</ol></nav>");
}

/* The exercises, each with how far the participant is, and the way to
 * their plans. */
static void exercises_section(struct buf *b, const struct session *s,
			      const struct workbook *wb)
{
	struct progress p;
	size_t i;

	if (s->nr_exercises) {
		html_raw(b, "<section aria-labelledby=\"exercises\">"
			 "<h2 id=\"exercises\">Exercises</h2>");
		intro(b, s->exercises_intro);
		html_raw(b, "<ul class=\"exercises\">");
		for (i = 0; i < s->nr_exercises; i++) {
			const struct exercise *e = &s->exercises[i];

			workbook_progress(wb, s, e, &p);
			html(b, "<li><a href=\"/s/%d/e/", s->number);
			html_url(b, e->id);
			html(b, "\">%s</a> <span class=\"meta\">%d of %d "
			     "answered", e->title, p.prompts_done, p.prompts);
			if (p.optional)
				html(b, " · optional: %d of %d",
				     p.optional_done, p.optional);
			if (e->minutes)
				html(b, " · about %d minutes", e->minutes);
			if (e->optional)
				html_raw(b, " · optional");
			html_raw(b, "</span></li>");
		}
		/* The plans page is otherwise reached only by its address. */
		html(b, "</ul><p class=\"plan-link\"><a href=\"/s/%d/plan\">"
		     "Your plans</a>: every exercise on one page, with its "
		     "checks, sharing and downloads.</p></section>", s->number);
	}
}

/* "Bring your notes": one's own Markdown notes of the session come in
 * as answers and reading notes, after a preview (pages/notes.c). */
static void notes_section(struct page *pg, const struct session *s)
{
	struct buf *b = &pg->rs->body;

	html(b, "<section aria-labelledby=\"bring\"><h2 id=\"bring\">Bring "
	     "your notes</h2><p>Already wrote your answers in Markdown, as "
	     "items under each prompt and notes under each reading (the way "
	     "<a href=\"/s/%d/export.md\">the Markdown download</a> writes "
	     "them)? Upload the file or paste it: you will see what lands "
	     "where, what is new and what differs from what you saved here, "
	     "and nothing is saved until you confirm. What it replaces stays "
	     "in your plans' history.</p>", s->number);
	notes_upload_form(pg, s->number, NULL);
	html_raw(b, "</section>");
}

void ui_session(struct page *pg)
{
	const struct session *s;
	struct buf *b = &pg->rs->body;
	struct workbook wb;
	struct progress p;
	char title[300];
	size_t i;

	if (!(s = page_session(pg)) || !page_workbook(pg, s, WB_ALL, &wb))
		return;
	snprintf(title, sizeof(title), "Session %d: %s", s->number, s->title);
	page_begin(pg, title);
	html(b, "<h1>%s</h1>", title);
	if (s->subtitle)
		html(b, "<p class=\"subtitle\">%s</p>", s->subtitle);
	workbook_progress(&wb, s, NULL, &p);
	progress_bar(b, &p, "session-progress");
	contents(b, s);
	intro(b, s->intro);

	if (s->nr_objectives) {
		html_raw(b, "<section aria-labelledby=\"focus\">"
			 "<h2 id=\"focus\">Focus</h2>");
		intro(b, s->objectives_intro);
		html_raw(b, "<ul>");
		for (i = 0; i < s->nr_objectives; i++) {
			html_raw(b, "<li>");
			fragment_markdown(b, s->objectives[i], 1);
			html_raw(b, "</li>");
		}
		html_raw(b, "</ul></section>");
	}
	if (s->nr_readings) {
		html_raw(b, "<section aria-labelledby=\"readings\">"
			 "<h2 id=\"readings\">Readings</h2>");
		intro(b, s->readings_intro);
		for (i = 0; i < s->nr_readings; i++)
			reading_item(pg, s->number, &s->readings[i],
				     workbook_reading(&wb, s->readings[i].id));
		html_raw(b, "</section>");
	}
	exercises_section(b, s, &wb);
	if (s->nr_exercises || s->nr_readings)
		notes_section(pg, s);
	more_sections(b, s);
	if (s->reflection || (s->thoughts && *s->thoughts)) {
		html_raw(b, "<section aria-labelledby=\"thoughts\">"
			 "<h2 id=\"thoughts\">Thoughts</h2>");
		if (s->thoughts)
			fragment_markdown(b, s->thoughts, 0);
		if (s->reflection)
			reflection_form(pg, s, workbook_get(&wb,
						s->reflection->id));
		html_raw(b, "</section>");
	}
	page_end(pg);
	workbook_release(&wb);
}

/* Notes over ANSWER_MAX: 422, and (without JavaScript) the reading's
 * form again with the text sent, so nothing typed is lost. */
static void notes_refused(struct page *pg, const struct session *s,
			  const struct reading *r, char *text)
{
	struct wb_reading draft = { .notes = text };
	struct buf v;

	if (pg->rq->autosave) {
		page_fail(pg, 422, "Your notes are longer than 64 KB, so they "
			  "were not saved. Shorten them and save again.");
		return;
	}
	buf_init(&v, 16);
	draft.done = page_field(pg, "done", 0, &v) > 0;
	buf_release(&v);
	pg->rs->status = 422;
	page_begin(pg, "Notes not saved");
	html(&pg->rs->body, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: "
	     "%s</a></p><h1>Notes not saved</h1><p class=\"error\" "
	     "role=\"alert\">Your notes are longer than 64 KB, so they were "
	     "not saved. Your text is below: shorten it and save again.</p>",
	     s->number, s->number, s->title);
	reading_item(pg, s->number, r, &draft);
	page_end(pg);
}

void ui_reading_save(struct page *pg)
{
	const struct session *s;
	const char *rid = pg->rq->param[1];
	struct buf v;
	long n;
	size_t i;
	int r = STORE_OK;

	if (!(s = page_session(pg)))
		return;
	for (i = 0; i < s->nr_readings; i++)
		if (!strcmp(s->readings[i].id, rid))
			break;
	if (i == s->nr_readings) {
		page_fail(pg, 404, "There is no such reading.");
		return;
	}
	if (!page_post_ok(pg))
		return;
	/* Read all that came, to show it again when it is too long. */
	buf_init(&v, HTTP_MAX_BODY);
	n = page_field(pg, "notes", 0, &v);
	if (n > (long)ANSWER_MAX) {
		notes_refused(pg, s, &s->readings[i], v.data);
		goto out;
	}
	if (n == -2) {
		page_fail(pg, 400, "Your notes are not valid UTF-8 text.");
		goto out;
	}
	if (n >= 0)
		r = store_reading_note_put(pg->st, pg->user.id, s->number, rid,
					   v.data);
	if (r == STORE_OK && page_field(pg, "has_done", 0, &v) >= 0)
		r = store_reading_done_put(pg->st, pg->user.id, s->number, rid,
					   page_field(pg, "done", 0, &v) > 0);
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	{
		char to[160];

		snprintf(to, sizeof(to), "/s/%d#r-%s", s->number, rid);
		page_saved(pg, to);
	}
out:
	buf_release(&v);
}

/* POST /s/N/thoughts: the reflection box (reflection_form). */
void ui_thoughts_save(struct page *pg)
{
	const struct session *s;
	struct buf v, norm = BUF_INIT;
	long n;
	int r;

	if (!(s = page_session(pg)))
		return;
	if (!s->reflection) {
		page_fail(pg, 404, "This session has no Thoughts section.");
		return;
	}
	if (!page_post_ok(pg))
		return;
	buf_init(&v, ANSWER_MAX);
	n = page_field(pg, "reflection", 0, &v);
	if (n == -2 && v.err) {
		page_fail(pg, 422, "Your reflections are longer than 64 KB, "
			  "so they were not saved. Shorten them and save "
			  "again.");
		goto out;
	}
	if (n < 0 || answer_normalize(PROMPT_TEXT, v.data, v.len, &norm)) {
		page_fail(pg, 400, "Your reflections are not valid UTF-8 "
			  "text.");
		goto out;
	}
	r = store_answer_put(pg->st, pg->user.id, s->number, s->reflection->id,
			     norm.data ? norm.data : "", norm.len);
	if (r != STORE_OK) {
		page_store_failed(pg, r);
		goto out;
	}
	{
		char to[64];

		snprintf(to, sizeof(to), "/s/%d#thoughts", s->number);
		page_saved(pg, to);
	}
out:
	buf_release(&v);
	buf_release(&norm);
}
