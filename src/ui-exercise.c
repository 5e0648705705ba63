/*
 * ui-exercise.c: an exercise page — one field per prompt (lists as lists
 * with their bounds, pick-lists as checkboxes), timers where the session
 * asks for them — and the save of its answers.
 *
 * One form carries every prompt, so a plain POST with JavaScript off saves
 * them all.  app.js autosaves one prompt at a time by posting the same
 * fields for just that prompt's fieldset.  Fields, per prompt id P:
 *   p=P            the prompts present in this post
 *   a.P            a free-text answer
 *   l.P (repeated) list items, or your own items on a pick-list
 *   c.P (repeated) ticked options of a pick-list
 * List answers are stored one item per line.
 */
#include "app.h"
#include "html.h"
#include "session.h"
#include "ui.h"
#include "workbook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A failed save to show next to its prompt, with the text that was sent,
 * so nothing a participant typed is lost. */
struct rejected {
	const char *prompt_id;
	const char *msg;
	struct buf value;
};

static const struct exercise *exercise_of(struct page *pg,
					  const struct session **sp)
{
	int n = page_number_param(pg->rq->param[0]);
	const struct session *s = n < 0 ? NULL : course_get(n);
	size_t i;

	if (s)
		for (i = 0; i < s->nr_exercises; i++)
			if (!strcmp(s->exercises[i].id, pg->rq->param[1])) {
				*sp = s;
				return &s->exercises[i];
			}
	page_fail(pg, 404, "There is no such exercise.");
	return NULL;
}

/* Step through the lines of a list answer: *cur starts at the value and
 * is NULL once every line has been returned. */
static const char *next_line(const char **cur, size_t *len)
{
	const char *p = *cur;

	if (!p || !*p)
		return NULL;
	*len = strcspn(p, "\n");
	*cur = p[*len] ? p + *len + 1 : NULL;
	return p;
}

static int count_lines(const char *value)
{
	int n = 0;
	size_t len;

	while (next_line(&value, &len))
		n++;
	return n;
}

static bool has_line(const char *value, const char *line)
{
	size_t len, want = strlen(line);
	const char *p;

	while ((p = next_line(&value, &len)))
		if (len == want && !memcmp(p, line, len))
			return true;
	return false;
}

static void item_input(struct buf *b, const char *pid, int i, const char *v,
		       size_t vlen, const char *label)
{
	html(b, "<li><input type=\"text\" name=\"l.%s\" id=\"l-%s-%d\" "
	     "aria-label=\"%s %d\" value=\"", pid, pid, i + 1, label, i + 1);
	html_txtn(b, v, vlen);
	html_raw(b, "\"></li>");
}

static void timer_widget(struct buf *b, const struct prompt *p)
{
	html(b, "<div class=\"timer\" data-seconds=\"%d\" hidden>"
	     "<span class=\"clock\" role=\"timer\" aria-label=\"Time left\">"
	     "%d:00</span>"
	     "<button type=\"button\" data-timer=\"start\">Start %d-minute "
	     "timer</button>"
	     "<button type=\"button\" data-timer=\"pause\" disabled>Pause</button>"
	     "<button type=\"button\" data-timer=\"reset\">Reset</button>"
	     "<span class=\"announce\" role=\"alert\"></span></div>",
	     p->timer_minutes * 60, p->timer_minutes, p->timer_minutes);
}

static void bounds_note(struct buf *b, const struct prompt *p)
{
	if (p->min_items && p->max_items == p->min_items)
		html(b, "<p class=\"bounds\">List %d items.</p>", p->min_items);
	else if (p->min_items && p->max_items)
		html(b, "<p class=\"bounds\">List %d to %d items.</p>",
		     p->min_items, p->max_items);
	else if (p->min_items)
		html(b, "<p class=\"bounds\">List at least %d items.</p>",
		     p->min_items);
}

void ui_prompt_head(struct buf *b, const struct prompt *p)
{
	const char *pid = p->id;

	html(b, "<fieldset class=\"prompt\" id=\"p-%s\" data-prompt=\"%s\">"
	     "<legend id=\"q-%s\">", pid, pid, pid);
	page_markdown(b, p->text, 1);
	if (p->optional)
		html_raw(b, " <span class=\"tag\">optional</span>");
	html(b, "</legend><input type=\"hidden\" name=\"p\" value=\"%s\">", pid);
	if (p->hint) {
		html_raw(b, "<div class=\"hint\">");
		page_markdown(b, p->hint, 0);
		html_raw(b, "</div>");
	}
	if (p->minutes)
		html(b, "<p class=\"bounds\">Spend about %d minutes.</p>",
		     p->minutes);
	bounds_note(b, p);
	if (p->timer_minutes)
		timer_widget(b, p);
}

static void prompt_field(struct page *pg, const struct prompt *p,
			 const char *value, const struct rejected *rej)
{
	struct buf *b = &pg->rs->body;
	const char *pid = p->id;
	int i, n, rows;
	size_t len;
	const char *line, *cur;

	/* The same for everyone: rendered once when the session loaded. */
	if (page_fragment(b, p))
		ui_prompt_head(b, p);

	switch (p->kind) {
	case PROMPT_TEXT:
		rows = value && strlen(value) > 300 ? 8 : 4;
		html(b, "<textarea name=\"a.%s\" id=\"a-%s\" rows=\"%d\" "
		     "aria-labelledby=\"q-%s\">%s</textarea>", pid, pid, rows,
		     pid, value);
		break;
	case PROMPT_CHECKLIST:
		html_raw(b, "<ul class=\"options\">");
		for (i = 0; i < (int)p->nr_options; i++)
			html(b, "<li><label><input type=\"checkbox\" "
			     "name=\"c.%s\" value=\"%s\"%s> %s</label></li>",
			     pid, p->options[i],
			     value && has_line(value, p->options[i]) ?
			     " checked" : "", p->options[i]);
		html_raw(b, "</ul><p class=\"own\">Your own:</p>"
			 "<ol class=\"items\" data-label=\"Your own\">");
		n = 0;
		cur = value;
		while ((line = next_line(&cur, &len))) {
			char *l = xstrndup(line, len);
			bool option = false;

			for (size_t o = 0; l && o < p->nr_options; o++)
				option |= !strcmp(l, p->options[o]);
			if (l && !option)
				item_input(b, pid, n++, l, len, "Your own");
			free(l);
		}
		item_input(b, pid, n, "", 0, "Your own");
		html_raw(b, "</ol>");
		break;
	case PROMPT_RANKED:  /* until typed fields are rendered */
	case PROMPT_TABLE:
	case PROMPT_ROUNDS:
	case PROMPT_SPRINT:
	case PROMPT_LIST:
		/* Options on a list prompt are things to consider, not picks
		 * (the pre-mortem's risk areas). */
		if (p->nr_options) {
			html_raw(b, "<p class=\"own\">Consider:</p>"
				 "<ul class=\"consider\">");
			for (i = 0; i < (int)p->nr_options; i++)
				html(b, "<li>%s</li>", p->options[i]);
			html_raw(b, "</ul>");
		}
		n = value ? count_lines(value) : 0;
		rows = n + 1;
		if (rows < p->min_items)
			rows = p->min_items;
		if (rows < 3)
			rows = 3;
		if (p->max_items && rows > p->max_items)
			rows = p->max_items > n ? p->max_items : n;
		html(b, "<ol class=\"items\" data-label=\"Item\" data-max=\"%d\">",
		     p->max_items);
		cur = value;
		for (i = 0; i < rows; i++) {
			line = next_line(&cur, &len);
			item_input(b, pid, i, line ? line : "", line ? len : 0,
				   "Item");
		}
		html_raw(b, "</ol>");
		break;
	}
	if (rej)
		html(b, "<p class=\"status error\" role=\"status\" "
		     "aria-live=\"polite\">%s</p>", rej->msg);
	else
		html_raw(b, "<p class=\"status\" role=\"status\" "
			 "aria-live=\"polite\"></p>");
	html_raw(b, "</fieldset>");
}

static void exercise_page(struct page *pg, const struct session *s,
			  const struct exercise *e, struct workbook *wb,
			  const struct rejected *rej)
{
	struct buf *b = &pg->rs->body;
	const char *group = NULL;
	struct progress p;
	size_t i;

	page_begin(pg, e->title);
	html(b, "<p class=\"crumbs\"><a href=\"/s/%d\">Session %d: %s</a></p>"
	     "<h1>%s</h1>", s->number, s->number, s->title, e->title);
	if (e->minutes || e->optional) {
		html_raw(b, "<p class=\"meta\">");
		if (e->minutes)
			html(b, "Suggested time: about %d minutes. ", e->minutes);
		if (e->optional)
			html_raw(b, "This exercise is optional.");
		html_raw(b, "</p>");
	}
	if (!rej && strstr(pg->rq->query, "saved=1"))
		html_raw(b, "<p class=\"flash\" role=\"status\">Your answers "
			 "were saved.</p>");
	if (rej)
		html(b, "<p class=\"error\" role=\"alert\">Not everything was "
		     "saved: %s The text you sent is still in the form "
		     "below.</p>", rej->msg);
	workbook_progress(wb, s, e, &p);
	progress_bar(b, &p, "exercise-progress");
	if (e->instructions) {
		html_raw(b, "<div class=\"instructions\">");
		page_markdown(b, e->instructions, 0);
		html_raw(b, "</div>");
	}
	html(b, "<form method=\"post\" action=\"/s/%d/e/%u\" class=\"answers\" "
	     "data-autosave>", s->number, e->id);
	page_csrf_field(pg);
	for (i = 0; i < e->nr_prompts; i++) {
		const struct prompt *pr = &e->prompts[i];
		const struct wb_answer *a = workbook_answer(wb, pr->id);
		const char *g = pr->group ? pr->group : "Prompts";
		const struct rejected *r = rej && !strcmp(rej->prompt_id, pr->id)
					   ? rej : NULL;

		if (!group || strcmp(group, g)) {
			html_raw(b, "<h2 class=\"group\">");
			page_markdown(b, g, 1);
			html_raw(b, "</h2>");
			group = g;
		}
		prompt_field(pg, pr, r ? r->value.data : a ? a->value : NULL, r);
	}
	html_raw(b, "<div class=\"row\"><button type=\"submit\">Save answers"
		 "</button><span class=\"status\" role=\"status\" "
		 "aria-live=\"polite\"></span></div></form>");
	page_end(pg);
}

void ui_exercise(struct page *pg)
{
	const struct session *s;
	const struct exercise *e;
	struct workbook wb;

	if (!pg->logged_in) {
		page_need_login(pg);
		return;
	}
	if (!(e = exercise_of(pg, &s)))
		return;
	if (workbook_load(pg->st, pg->user.id, s->number, WB_ANSWERS,
			  &wb) != STORE_OK) {
		page_fail(pg, 503, "Your workbook could not be read; try "
			  "again in a moment.");
		return;
	}
	exercise_page(pg, s, e, &wb, NULL);
	workbook_release(&wb);
}

/* Append the values of a repeated field as lines: trimmed, newlines
 * folded into spaces, empty ones skipped.  -2 on malformed input. */
static int collect_lines(struct page *pg, const char *name, struct buf *out,
			 struct buf *tmp)
{
	size_t pos = 0;
	long n;

	while ((n = page_field_next(pg, name, &pos, tmp)) >= 0) {
		size_t a = 0, z = tmp->len, j;

		while (a < z && strchr(" \t\r\n", tmp->data[a]))
			a++;
		while (z > a && strchr(" \t\r\n", tmp->data[z - 1]))
			z--;
		if (a == z)
			continue;
		if (out->len)
			buf_addc(out, '\n');
		for (j = a; j < z; j++)
			buf_addc(out, strchr("\r\n", tmp->data[j]) ? ' ' :
				 tmp->data[j]);
	}
	return n == -2 ? -2 : 0;
}

/*
 * Build the value of prompt p from the posted fields into out.
 * Returns 0, or -1 with *msg set when the post cannot be saved.
 */
static int posted_value(struct page *pg, const struct prompt *p,
			struct buf *out, const char **msg)
{
	char name[96];
	struct buf tmp;
	int r = 0;
	size_t pos = 0;
	long n;

	buf_init(&tmp, ANSWER_MAX);
	if (p->kind == PROMPT_TEXT) {
		snprintf(name, sizeof(name), "a.%s", p->id);
		n = page_field(pg, name, 0, out);
		if (n == -2)
			r = -1;
		goto out;
	}
	if (p->kind == PROMPT_CHECKLIST) {
		snprintf(name, sizeof(name), "c.%s", p->id);
		while ((n = page_field_next(pg, name, &pos, &tmp)) >= 0) {
			for (size_t o = 0; o < p->nr_options; o++)
				if (!strcmp(tmp.data, p->options[o])) {
					if (out->len)
						buf_addc(out, '\n');
					buf_adds(out, p->options[o]);
				}
		}
		if (n == -2)
			r = -1;
	}
	snprintf(name, sizeof(name), "l.%s", p->id);
	if (!r && collect_lines(pg, name, out, &tmp))
		r = -1;
out:
	if (r || out->err || tmp.err) {
		if (out->err || tmp.err)
			*msg = "This answer is longer than 64 KB, so it was not "
			       "saved. Shorten it and save again.";
		else
			*msg = "This answer is not valid UTF-8 text, so it was "
			       "not saved.";
		r = -1;
	}
	buf_release(&tmp);
	return r;
}

static const struct prompt *find_prompt(const struct exercise *e,
					const char *id)
{
	size_t i;

	for (i = 0; i < e->nr_prompts; i++)
		if (!strcmp(e->prompts[i].id, id))
			return &e->prompts[i];
	return NULL;
}

void ui_exercise_save(struct page *pg)
{
	const struct session *s;
	const struct exercise *e;
	struct rejected rej = { 0 };
	struct buf pid, value;
	struct workbook wb;
	size_t pos = 0, seen = 0;
	long n;
	int r, saved = 0;

	if (!pg->logged_in) {
		page_need_login(pg);
		return;
	}
	if (!(e = exercise_of(pg, &s)))
		return;
	if (!page_post_ok(pg))
		return;
	buf_init(&pid, 128);
	buf_init(&value, ANSWER_MAX);
	buf_init(&rej.value, HTTP_MAX_BODY);
	/* Check every named prompt before saving any, so a bad post saves
	 * nothing; and at most as many as the exercise has, so a post
	 * cannot make us rescan the body without end. */
	while ((n = page_field_next(pg, "p", &pos, &pid)) >= 0) {
		if (++seen > e->nr_prompts) {
			page_fail(pg, 400, "That form names more prompts than "
				  "the exercise has. Nothing was saved.");
			goto out;
		}
		if (!find_prompt(e, pid.data)) {
			page_fail(pg, 400, "That prompt is not part of this "
				  "exercise (was the session re-imported?). "
				  "Nothing was saved: copy your answer, then "
				  "reload the page.");
			goto out;
		}
	}
	pos = 0;
	while (n != -2 && (n = page_field_next(pg, "p", &pos, &pid)) >= 0) {
		const struct prompt *p = find_prompt(e, pid.data);
		const char *msg = NULL;

		buf_reset(&value);
		if (posted_value(pg, p, &value, &msg)) {
			/* Keep the first failure and what was typed. */
			if (!rej.prompt_id) {
				char name[96];

				rej.prompt_id = p->id;
				rej.msg = msg;
				snprintf(name, sizeof(name), "%c.%s",
					 p->kind == PROMPT_TEXT ? 'a' : 'l',
					 p->id);
				if (p->kind == PROMPT_TEXT)
					page_field(pg, name, 0, &rej.value);
				else
					collect_lines(pg, name, &rej.value,
						      &value);
			}
			continue;
		}
		r = store_answer_put(pg->st, pg->user.id, s->number, p->id,
				     value.data, value.len);
		if (r != STORE_OK) {
			page_store_failed(pg, r);
			goto out;
		}
		saved++;
	}
	if (n == -2 || (!saved && !rej.prompt_id)) {
		page_fail(pg, 400, "Nothing to save: the form was empty or "
			  "malformed.");
		goto out;
	}
	if (rej.prompt_id) {
		if (pg->rq->autosave) {
			page_fail(pg, 422, rej.msg);
			goto out;
		}
		if (workbook_load(pg->st, pg->user.id, s->number, WB_ANSWERS,
				  &wb) != STORE_OK) {
			page_fail(pg, 422, rej.msg);
			goto out;
		}
		pg->rs->status = 422;
		exercise_page(pg, s, e, &wb, &rej);
		workbook_release(&wb);
		goto out;
	}
	{
		char to[160];

		snprintf(to, sizeof(to), "/s/%d/e/%s?saved=1", s->number,
			 e->id);
		page_saved(pg, to);
	}
out:
	buf_release(&pid);
	buf_release(&value);
	buf_release(&rej.value);
}
